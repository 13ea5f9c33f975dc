/* store_snapshot: a ward's snapshot, one SQLite file: a consistent copy of
 * the ward's database (VACUUM INTO, never a copy of a live file) with a
 * small metadata table of its own (kehoach_snapshot: the ward, the time,
 * the schema; kehoach_snapshot_plan: each plan's id and file hash), made
 * only inside the snapshot file. The only SQL of snapshots. */
#ifndef KEHOACH_STORE_SNAPSHOT_H
#define KEHOACH_STORE_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "kehoach/error.h"
#include "kehoach/store.h"

enum { SNAPSHOT_FORMAT = 1 }; /* the metadata's own version */

typedef struct {
    char *id;        /* the plan's id */
    char sha256[65]; /* of its file's bytes, lower-case hex */
} kh_snapshot_plan;

typedef struct {
    char *ward;      /* the ward's id */
    int64_t made_at; /* Unix time it was made */
    int64_t made_ms; /* the same in milliseconds: which of two is newer */
    int schema;      /* the database's schema version (PRAGMA user_version) */
    int format;      /* SNAPSHOT_FORMAT of the kehoach that made it */
    kh_snapshot_plan *plans;
    size_t nplans;
    /* The ward's hash chain (issue 20) as recorded when it was made:
     * its last link and hash (0 and "": none, or a snapshot of before). */
    int64_t chain_seq;
    char chain_head[65];
    /* What reading found of the chain in the file (CHAIN_NONE: no chain):
     * every link against its record, and the recorded head its last. */
    kh_chain_report chain;
} kh_snapshot_info;

/* Write a snapshot of store s into dest (a path that must not exist yet):
 * VACUUM INTO, then the metadata of info (its schema is the store's),
 * synced to disk. Return KH_E_OK, or an error (dest may be left half made:
 * write to a temporary name and rename). */
kh_errcode store_snapshot_write(kh_store *s, const char *dest, const kh_snapshot_info *info,
                                kh_error *err);

/* Check the file at path completely and read its metadata into *out:
 * an SQLite database (else KH_E_DB_NOTADB), PRAGMA integrity_check "ok"
 * (else KH_E_DB_CORRUPT, with SQLite's first words), the metadata tables
 * (else KH_E_DB_FOREIGN: not a snapshot). Opened read-only. Return KH_E_OK
 * or that error. */
kh_errcode store_snapshot_read(const char *path, kh_snapshot_info *out, kh_error *err);

/* The same, the chain also checked to hold link after_seq with hash
 * after_hash (the head of the snapshot received before: a ward's history
 * goes on from it, never rewritten under it; else out->chain.problem is
 * CHAIN_OLDER). after_seq 0: no such check. */
kh_errcode store_snapshot_read_after(const char *path, int64_t after_seq, const char *after_hash,
                                     kh_snapshot_info *out, kh_error *err);

/* Free what store_snapshot_read filled in. */
void store_snapshot_info_free(kh_snapshot_info *info);

#endif
