/* state cache: what the store's load laid over a plan (states, officers,
 * confirmations, extensions, withdrawals, note counts), kept in a file of
 * the user's own beside the plan cache, so that a read of a database that
 * has not changed since needs no SQLite at all. It is used only while the
 * database's change marks (its file, its header, its WAL's header and last
 * frames) are exactly those it was read under; when in doubt it is not
 * used (src/state_cache.c, src/state_cache_marks.c). */
#ifndef KEHOACH_STATE_CACHE_H
#define KEHOACH_STATE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "kehoach/error.h"
#include "kehoach/model.h"

/* A database's change marks: what must be the same for its content to be
 * the same (SQLite's file format, https://www.sqlite.org/fileformat2.html).
 * Compared whole (memcmp): state_marks_take zeroes it first. */
typedef struct {
    uint64_t db_dev, db_ino;
    int64_t db_size, db_mtime_ns, db_ctime_ns;
    unsigned char db_head[100]; /* the database header: change counter, schema cookie, ... */
    uint8_t wal;                /* 1: a -wal file is there (perhaps empty) */
    uint8_t pad[3];
    uint32_t frames; /* the WAL's valid frames (the -shm's mxFrame), 0 for none */
    uint64_t wal_dev, wal_ino;
    int64_t wal_size;
    unsigned char wal_head[32];   /* salts, checkpoint sequence, checksums */
    unsigned char frame_head[24]; /* the last valid frame's header (frames > 0) */
    uint32_t pad2;
} kh_db_marks;

/* Take the marks of the database at db into *out, and the time taken
 * (CLOCK_REALTIME, ns) into *now_ns. Return false when its content cannot
 * be named by them: no such file, a rollback journal beside it, a WAL that
 * is being written (a frame past the last valid one) or whose -shm does not
 * say how much of it is valid. */
bool state_marks_take(const char *db, kh_db_marks *out, int64_t *now_ns);

/* Return true when the database at db shows the marks m still: the same
 * file, times and header, no rollback journal, the same WAL header and last
 * frame, and no valid frame after it. */
bool state_marks_same(const char *db, const kh_db_marks *m);

/* Return true when the database file's times in m lie far enough before
 * now_ns that any later write of it carries another time (file systems
 * stamp times at a clock tick, or a second or two on some): marks taken
 * closer than that cannot be told from a change made just after. */
bool state_marks_settled(const kh_db_marks *m, int64_t now_ns);

/* What a load read, for the key: the note counts (not read by `status` and
 * `list` but for JSON). */
enum { STATE_CACHE_NOTES = 1 };

/* Lay over plan (just loaded: plan->content_hashed) the state the cache
 * holds for it and the database at db, read with flags, when the cache is
 * the running user's (plan_cache_trusted), checks out whole, was written by
 * this build for exactly this plan content and flags, and the database
 * still shows the marks it was read under (state_marks_same). Nothing of
 * plan is touched otherwise. $KEHOACH_NO_STATE_CACHE set to anything turns
 * it off. Return KH_E_OK when laid over, KH_E_NOT_FOUND otherwise. */
kh_errcode state_cache_read(kh_plan *plan, const char *db, unsigned flags);

/* state_cache_read for one of many plans over the same database (a
 * workspace's), in one go: when *have is set, *known holds marks an earlier
 * call found the database's, and a cache read under exactly those is not
 * checked against the database again; a hit that checked leaves its marks in
 * *known and sets *have. known NULL: state_cache_read. Return as it does. */
kh_errcode state_cache_read_many(kh_plan *plan, const char *db, unsigned flags, kh_db_marks *known,
                                 bool *have);

/* state_cache_read_many for a state cache file's bytes already in memory
 * (size bytes at map, copied from: nothing of plan points into it after);
 * the same checks but for ownership, which the caller makes. Return as
 * state_cache_read. */
kh_errcode state_cache_apply(kh_plan *plan, const char *db, unsigned flags, const void *map,
                             size_t size, kh_db_marks *known, bool *have);

/* Return true when the size bytes at map are a state cache file that
 * state_cache_apply would lay over plan for db and flags, the database's
 * marks aside (not looked at). */
bool state_cache_fits(const kh_plan *plan, const char *db, unsigned flags, const void *map,
                      size_t size);

/* Keep plan's state (as the store's load left it, with no amendment: the
 * tasks' states and the targets' measurements) in the cache file for plan and db, read with flags
 * under marks m. Written whole to a temporary file, then renamed. Return KH_E_OK, or KH_E_IO
 * (nothing is left behind). */
kh_errcode state_cache_write(const kh_plan *plan, const char *db, unsigned flags,
                             const kh_db_marks *m);

/* Return the cache file for plan and db (a heap string), or NULL when there
 * is no cache folder; the folder is made when missing. */
char *state_cache_file(const kh_plan *plan, const char *db);

#endif
