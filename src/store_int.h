/* store_int: what the store's other files (src/store_*.c) need of the
 * connection that src/store.c owns. Internal to the store. */
#ifndef KEHOACH_STORE_INT_H
#define KEHOACH_STORE_INT_H

#include <sqlite3.h>
#include <stdbool.h>

#include "kehoach/store.h"

/* Return the store's SQLite connection. */
sqlite3 *store_sqlite(kh_store *s);

/* Return true when the store was opened read-only. */
bool store_read_only(const kh_store *s);

/* Return the database's path. */
const char *store_path(const kh_store *s);

/* Record SQLite's failure rc in err as the store does; return its code. */
kh_errcode store_sql_fail(kh_store *s, int rc, kh_error *err);

/* The SQL of the targets' migration step and, for a reader of a database
 * from before it, the empty stand-ins (src/store_target.c). */
extern const char store_target_migration[];
extern const char store_target_compat[];

#endif
