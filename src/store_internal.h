/* What the store's own files (store_result.c, store_amend.c) share with
 * store.c: the connection, its transactions and its history rows. Not for
 * any file outside the store. */
#ifndef KEHOACH_STORE_INTERNAL_H
#define KEHOACH_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "kehoach/store.h"
#include "store_int.h"

/* Begin a write (BEGIN IMMEDIATE). Return KH_E_OK, KH_E_DB_READONLY for a
 * read-only store, or an error. */
kh_errcode store_write_begin(kh_store *s, kh_error *err);

/* End a write: commit when e is KH_E_OK, else roll back. Return e or the
 * commit's error. */
kh_errcode store_write_end(kh_store *s, kh_errcode e, kh_error *err);

/* One change's history rows inside an open write: the change's id is the
 * id of its first row. */
typedef struct {
    kh_store *s;
    const char *plan_id, *task_id, *user;
    char at[21];     /* UTC text of the change's time */
    int64_t change;  /* the id its first history row gets */
    int64_t undo_of; /* the change an undo reverts, or 0 */
    bool first;
} store_change;

/* Start a change by user at time when (undo_of: the change it reverts, or 0).
 * Return KH_E_OK or an error. */
kh_errcode store_change_start(store_change *c, kh_store *s, const char *plan_id,
                              const char *task_id, const char *user, int64_t when, int64_t undo_of,
                              kh_error *err);

/* Add a history row to change c. Return KH_E_OK or an error. */
kh_errcode store_change_row(store_change *c, const char *field, const char *old_value,
                            const char *new_value, kh_error *err);

/* Bind text v (NULL: SQL NULL) to parameter i, as store.c does. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Return column i as a heap string, or NULL for SQL NULL. */
char *store_text_col(sqlite3_stmt *st, int i);

/* Return column i, a UTC time as history writes it, as Unix time (0: none). */
int64_t store_time_col(sqlite3_stmt *st, int i);

/* Inside an open write: mark row id of `table` ("result" or "amendment")
 * withdrawn by change `change`. Return KH_E_OK or an error. */
kh_errcode store_mark_withdrawn(kh_store *s, const char *table, int64_t id, int64_t change,
                                kh_error *err);

/* Return true when the database has table `name` (a reader of an older
 * schema has no results or amendments). */
bool store_has_table(kh_store *s, const char *name);

/* The step of the schema that adds results and amendments (schema 4 -> 5),
 * in src/store_result.c. */
extern const char store_migration_results[];

#endif
