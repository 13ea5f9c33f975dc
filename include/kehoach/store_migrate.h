/* store_migrate: bring a single-plan database into a workspace's database
 * (kehoach migrate --from OLD.db). SQL only here and in store.c. */
#ifndef KEHOACH_STORE_MIGRATE_H
#define KEHOACH_STORE_MIGRATE_H

#include <stddef.h>

#include "kehoach/error.h"

/* What a migration brought. */
typedef struct {
    char plan_id[128]; /* the plan the old database was for ("" when it held nothing) */
    size_t states, notes, history;
} kh_migrate_counts;

/* Copy everything the database at old_path holds (task states, notes with
 * their withdrawn marks, the whole history with its changes and undo marks)
 * into the database at dst_path (created when absent), in one transaction.
 * History and note ids are moved past the ones dst_path has, the change
 * and undo references with them, so every undo chain stays whole. An old
 * database of an earlier schema is brought to this one first (as any
 * opening for writing does). Refused, with nothing written: a plan id of
 * the old database not among the n plan_ids (KH_E_NOT_FOUND, the id in
 * err), a plan dst_path already holds rows for (KH_E_CONFLICT),
 * the same file twice (KH_E_INVALID), a database that is not kehoach's or
 * is newer (the store's errors). Return KH_E_OK with *out filled, or an
 * error. */
kh_errcode store_migrate(const char *dst_path, const char *old_path, const char *const *plan_ids,
                         size_t n, kh_migrate_counts *out, kh_error *err);

#endif
