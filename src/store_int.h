/* What the store's files share among themselves (src/store*.c): not for
 * anyone else. */
#ifndef KEHOACH_STORE_INT_H
#define KEHOACH_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "kehoach/model_field.h"
#include "kehoach/store.h"
#include "kehoach/store_confirm.h"
#include "store_sqlite_dl.h"

/* Return the store's connection. */
sqlite3 *store_sqlite(kh_store *s);

/* Return true when the store was opened read-only. */
bool store_read_only(const kh_store *s);

/* Return the database's path. */
const char *store_path(const kh_store *s);

/* Put in *out the statement for sql, prepared once and kept by the store
 * for its later calls (keyed by the text's address, checked by its bytes;
 * one still handed out is prepared afresh). Return SQLite's code. Give it
 * back with store_stmt_put, never sqlite3_finalize. */
int store_stmt_get(kh_store *s, const char *sql, sqlite3_stmt **out);

/* Give back a statement of store_stmt_get (reset, bindings cleared); one
 * the store does not keep is finalized. NULL is nothing. */
void store_stmt_put(kh_store *s, sqlite3_stmt *st);

/* The SQL of store_results (src/store_result.c), kept by its address, so
 * that store_warm can prepare it before the first Enter. */
extern const char store_results_sql[];

/* Record SQLite's failure rc in err as the store does; return its code. */
kh_errcode store_sqlite_fail(kh_store *s, int rc, kh_error *err);

/* ---- src/store_target.c ---- */

/* The SQL of the targets' migration step and, for a reader of a database
 * from before it, the empty stand-ins. */
extern const char store_target_migration[];
extern const char store_target_compat[];

/* ---- src/store_confirm.c ---- */

/* The migration to schema 4: confirmations, officers, note kinds. */
extern const char store_confirm_migration[];

/* For a read-only opener of an older schema: empty temporary tables of
 * schema 4, and (for schema 3) the notes with their kind column. */
extern const char store_confirm_compat_tables[];
extern const char store_confirm_compat_v3[];

/* Return the kh_note_kind of column i of a note row (NULL: plain). */
uint8_t store_note_kind_col(sqlite3_stmt *st, int i);

/* Return true when an undo of a history row of this field must withdraw a
 * record of store_confirm.c (a confirmation, a rejection, an officer). */
bool store_confirm_undoes(kh_field field);

/* Inside an undo's transaction: withdraw the record history row h wrote,
 * with a history row of the undo `change` (its first when first), by user
 * at `at`. Return KH_E_OK or an error. */
kh_errcode store_confirm_withdraw(kh_store *s, const char *plan_id, const kh_history *h,
                                  int64_t change, bool first, const char *user, const char *at,
                                  kh_error *err);

/* ---- store.c: transactions and history rows for the other store files
 * (store_result.c, store_amend.c) ---- */

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

/* Add a history row to change c (chained, as store.c's are). Return
 * KH_E_OK or an error. */
kh_errcode store_change_row(store_change *c, const char *field, const char *old_value,
                            const char *new_value, kh_error *err);

/* Inside an open write: add the hash chain's link for the record of kind
 * with rowid row_id (store_chain_append, with the statements the store
 * keeps). Return KH_E_OK or an error. */
kh_errcode store_chain_link(kh_store *s, const char *kind, int64_t row_id, kh_error *err);

/* Bind text v (NULL: SQL NULL) to parameter i, as store.c does. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Return column i as a heap string, or NULL for SQL NULL. */
char *store_text_col(sqlite3_stmt *st, int i);

/* Return column i, a UTC time as history writes it, as Unix time (0: none). */
int64_t store_time_col(sqlite3_stmt *st, int i);

/* Return true when the database has table `name`, or a read-only opener's
 * stand-in for it. */
bool store_has_table(kh_store *s, const char *name);

/* ---- src/store_result.c ---- */

/* The step of the schema that adds results and amendments (schema 6 -> 7),
 * and for a reader of an older schema their empty stand-ins. */
extern const char store_migration_results[];
extern const char store_result_compat[];

/* Inside an open write: mark row id of `table` ("result", "amendment" or
 * "extension")
 * withdrawn by change `change`, and chain that mark ("result-withdrawn",
 * "amendment-withdrawn"). Return KH_E_OK or an error. */
kh_errcode store_mark_withdrawn(kh_store *s, const char *table, int64_t id, int64_t change,
                                kh_error *err);

/* ---- src/store_extend.c ---- */

/* The step of the schema that adds extensions, the day of a change and the
 * withdrawn status (schema 7 -> 8), and for a reader of an older schema the
 * empty stand-ins. */
extern const char store_migration_extend[];
extern const char store_extend_compat[];

/* Inside the migration to schema 8: make task_state again with a status
 * check that allows 'withdrawn', when it does not yet. Return KH_E_OK or an
 * error. */
kh_errcode store_extend_states(kh_store *s, kh_error *err);

/* Inside an open write: record that change `change` takes effect on `day`
 * (chained), when day is set (not 0 or KH_NO_DATE) and is not the local day
 * of its real time `when`. Return KH_E_OK or an error. */
kh_errcode store_change_day(kh_store *s, const char *plan_id, int64_t change, kh_date day,
                            int64_t when, kh_error *err);

/* Lay the extensions of the plan's tasks (and the documents that withdrew
 * them) over the plan. Return KH_E_OK or an error. */
kh_errcode store_extend_load(kh_store *s, kh_plan *plan, kh_error *err);

#endif
