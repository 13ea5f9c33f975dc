/* What the store's files share among themselves (src/store*.c): not for
 * anyone else. */
#ifndef KEHOACH_STORE_INT_H
#define KEHOACH_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "kehoach/model_field.h"
#include "kehoach/store.h"
#include "kehoach/store_confirm.h"

/* Return the store's connection. */
sqlite3 *store_sqlite(kh_store *s);

/* Record SQLite's failure rc in err as the store does; return its code. */
kh_errcode store_sqlite_fail(kh_store *s, int rc, kh_error *err);

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

#endif
