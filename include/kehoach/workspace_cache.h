/* workspace cache: one file, beside the plan and state caches, that holds
 * for every plan file of a workspace its plan cache and its state cache as
 * they are (src/plan_cache.c, src/state_cache.c), so that a workspace's
 * `status` maps one file instead of opening two a plan. Every plan cache
 * in it is still keyed by its plan file's content (hashed at each run, as
 * the plan cache does), every state cache by the database's marks; the
 * file is believed only as they are (src/workspace_cache.c). */
#ifndef KEHOACH_WORKSPACE_CACHE_H
#define KEHOACH_WORKSPACE_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "kehoach/app.h"
#include "kehoach/model.h"
#include "kehoach/state_cache.h"

/* A plan file's content as the scan read it: its XXH3-128 and length, as
 * the plan cache hashes them; hashed false when it was not hashed (another
 * user's file, the caches off, too big). */
typedef struct {
    unsigned char hash[16];
    uint64_t len;
    bool hashed;
    struct stat st; /* the file's fstat, before it was read (hashed: set) */
} kh_ws_sum;

typedef struct kh_ws_cache kh_ws_cache;

/* Map the workspace cache of the folder dir when there is one made by this
 * build, the running user's in a folder of theirs (plan_cache_trusted), its
 * index checking out (its hash, every offset). Return it, or NULL (then
 * every plan is read as before). $KEHOACH_NO_CACHE turns it off. */
kh_ws_cache *workspace_cache_open(const char *dir);

/* Return the plan the cache holds for the plan file at path whose content
 * is sum, or NULL when it holds none for that content. The plan points into
 * c's map: it must be freed before workspace_cache_close. */
kh_plan *workspace_cache_plan(kh_ws_cache *c, const char *path, const kh_ws_sum *sum);

/* Lay over plan (from plan->path, plan->content_hash) the state the cache
 * holds for it and db, read with flags, as state_cache_read_many does
 * (known, have: the marks already checked). Return KH_E_OK when laid over,
 * KH_E_NOT_FOUND otherwise. */
kh_errcode workspace_cache_state(kh_ws_cache *c, kh_plan *plan, const char *db, unsigned flags,
                                 kh_db_marks *known, bool *have);

/* Write the workspace cache of dir again when what it would hold for the n
 * plans (their plan caches and their state caches for db and flags, taken
 * from c where they came from it, else from the plans' own cache files)
 * is not what c holds. Failures are ignored: the cache is only a cache. */
void workspace_cache_keep(const kh_ws_cache *c, const char *dir, const kh_app *plans, size_t n,
                          const char *db, unsigned flags);

/* Unmap c and free it (NULL: nothing); after the plans read from it. */
void workspace_cache_close(kh_ws_cache *c);

/* Return the workspace cache's file for dir (a heap string), or NULL when
 * there is no cache folder. */
char *workspace_cache_file(const char *dir);

#endif
