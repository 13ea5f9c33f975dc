/* store_chain: the hash chain over the append-only records (history rows,
 * notes, a note's withdrawal), for the store files only. */
#ifndef KEHOACH_STORE_CHAIN_H
#define KEHOACH_STORE_CHAIN_H

#include <sqlite3.h>
#include <stdint.h>

#include "kehoach/error.h"
#include "kehoach/store.h"
#include "store_sqlite_dl.h"

/* The migration that adds the chain (schema 3 -> 4 on the branch that
 * added it): the SQL creating the chain table and its triggers. The rows
 * there already are chained by store_chain_fill right after it. */
extern const char store_chain_migration_sql[];

/* How many statements a store_chain_stmts holds: one reading each kind's
 * canonical text, the last link, the insert of a link. */
enum { STORE_CHAIN_STMTS = 12 };

/* The chain's statements of one connection, prepared on their first use
 * and kept for the links after it (preparing them was most of a durable
 * change's work: issue 18). Start zeroed; store_chain_stmts_done before the
 * connection closes. */
typedef struct {
    sqlite3_stmt *st[STORE_CHAIN_STMTS];
} store_chain_stmts;

/* Finalize the statements of kept and zero it. Returns nothing. */
void store_chain_stmts_done(store_chain_stmts *kept);

/* Chain every record the database holds that has no link yet (in the order
 * of the kinds, each by rowid): at migration. Return KH_E_OK or an error. */
kh_errcode store_chain_fill(sqlite3 *db, kh_error *err);

/* Add the link for the record of kind (a name of the chain's kinds table:
 * "history", "note", "note-withdrawn") with rowid row_id, written inside the
 * open transaction: SHA-256 over the previous link's hash and the record's
 * canonical text, with the statements of kept (NULL: prepared for this
 * link alone). Return KH_E_OK, KH_E_INVALID for an unknown kind, or
 * KH_E_DB. */
kh_errcode store_chain_append(sqlite3 *db, store_chain_stmts *kept, const char *kind,
                              int64_t row_id, kh_error *err);

/* Read the chain's last link into *seq and hash (65 bytes) with kept's
 * statement (NULL: one prepared for it): inside a write about to be
 * committed, its head. Return true when there is one. */
bool store_chain_head(sqlite3 *db, store_chain_stmts *kept, int64_t *seq, char hash[65]);

/* Write link seq with hash head beside the database (db_path + "-head"),
 * after the commit that made it, atomically, with the database file's mode,
 * unless a later link is kept there already. Returns nothing: a head that
 * cannot be kept costs only the check against an older copy. */
void store_chain_write_head(const char *db_path, int64_t seq, const char *head);

/* Read the chain's last link (store_chain_head) and write it beside the
 * database (store_chain_write_head): after a commit. Returns nothing. */
void store_chain_keep_head(sqlite3 *db, store_chain_stmts *kept, const char *db_path);

/* Verify the chain of the database db_path (see kh_chain_report). Return
 * KH_E_OK (whatever was found: see out->problem) or a database error. */
kh_errcode store_chain_verify_db(sqlite3 *db, const char *db_path, kh_chain_report *out,
                                 kh_error *err);

/* The same for a database without a head kept beside it (a ward's
 * snapshot), against a head known from elsewhere: link seq with hash (seq
 * 0: none) must be in the chain, else CHAIN_OLDER. Return as
 * store_chain_verify_db. */
kh_errcode store_chain_verify_since(sqlite3 *db, int64_t seq, const char *hash,
                                    kh_chain_report *out, kh_error *err);

#endif
