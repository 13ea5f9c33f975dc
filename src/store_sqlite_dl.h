/* store_sqlite_dl: SQLite opened when the store first opens a database
 * (dlopen of the distro's libsqlite3.so.0, see src/dl.h), not at every
 * start: a command answered without the database (--version, help, a state
 * read from elsewhere) maps none of it. For the store's files only
 * (src/store*.c, through store_int.h and store_chain.h): every sqlite3_*
 * call below goes through a pointer that store_sqlite_dl_load sets. */
#ifndef KEHOACH_STORE_SQLITE_DL_H
#define KEHOACH_STORE_SQLITE_DL_H

#include <sqlite3.h>

#include "kehoach/error.h"

/* Open SQLite once (any thread may call it; later calls only answer).
 * Return KH_E_OK, or KH_E_DB_OPEN naming the library and why it failed. */
kh_errcode store_sqlite_dl_load(kh_error *err);

/* Every function of SQLite the store calls. */
#define STORE_SQLITE_DL_FUNCS(X)                                                                   \
    X(sqlite3_bind_int)                                                                            \
    X(sqlite3_bind_int64)                                                                          \
    X(sqlite3_bind_null)                                                                           \
    X(sqlite3_bind_parameter_count)                                                                \
    X(sqlite3_bind_text)                                                                           \
    X(sqlite3_busy_timeout)                                                                        \
    X(sqlite3_changes)                                                                             \
    X(sqlite3_clear_bindings)                                                                      \
    X(sqlite3_close)                                                                               \
    X(sqlite3_column_blob)                                                                         \
    X(sqlite3_column_bytes)                                                                        \
    X(sqlite3_column_count)                                                                        \
    X(sqlite3_column_int)                                                                          \
    X(sqlite3_column_int64)                                                                        \
    X(sqlite3_column_text)                                                                         \
    X(sqlite3_column_type)                                                                         \
    X(sqlite3_db_config)                                                                           \
    X(sqlite3_errcode)                                                                             \
    X(sqlite3_errmsg)                                                                              \
    X(sqlite3_errstr)                                                                              \
    X(sqlite3_exec)                                                                                \
    X(sqlite3_finalize)                                                                            \
    X(sqlite3_free)                                                                                \
    X(sqlite3_get_autocommit)                                                                      \
    X(sqlite3_last_insert_rowid)                                                                   \
    X(sqlite3_open_v2)                                                                             \
    X(sqlite3_prepare_v2)                                                                          \
    X(sqlite3_prepare_v3)                                                                          \
    X(sqlite3_reset)                                                                               \
    X(sqlite3_sql)                                                                                 \
    X(sqlite3_step)                                                                                \
    X(sqlite3_system_errno)

#define STORE_SQLITE_DL_DECLARE(f) extern __typeof__(&f) store_sqlite_dl_##f;
STORE_SQLITE_DL_FUNCS(STORE_SQLITE_DL_DECLARE)
#undef STORE_SQLITE_DL_DECLARE

#ifndef STORE_SQLITE_DL_IMPL
#define sqlite3_bind_int             (*store_sqlite_dl_sqlite3_bind_int)
#define sqlite3_bind_int64           (*store_sqlite_dl_sqlite3_bind_int64)
#define sqlite3_bind_null            (*store_sqlite_dl_sqlite3_bind_null)
#define sqlite3_bind_parameter_count (*store_sqlite_dl_sqlite3_bind_parameter_count)
#define sqlite3_bind_text            (*store_sqlite_dl_sqlite3_bind_text)
#define sqlite3_busy_timeout         (*store_sqlite_dl_sqlite3_busy_timeout)
#define sqlite3_changes              (*store_sqlite_dl_sqlite3_changes)
#define sqlite3_clear_bindings       (*store_sqlite_dl_sqlite3_clear_bindings)
#define sqlite3_close                (*store_sqlite_dl_sqlite3_close)
#define sqlite3_column_blob          (*store_sqlite_dl_sqlite3_column_blob)
#define sqlite3_column_bytes         (*store_sqlite_dl_sqlite3_column_bytes)
#define sqlite3_column_count         (*store_sqlite_dl_sqlite3_column_count)
#define sqlite3_column_int           (*store_sqlite_dl_sqlite3_column_int)
#define sqlite3_column_int64         (*store_sqlite_dl_sqlite3_column_int64)
#define sqlite3_column_text          (*store_sqlite_dl_sqlite3_column_text)
#define sqlite3_column_type          (*store_sqlite_dl_sqlite3_column_type)
#define sqlite3_db_config            (*store_sqlite_dl_sqlite3_db_config)
#define sqlite3_errcode              (*store_sqlite_dl_sqlite3_errcode)
#define sqlite3_errmsg               (*store_sqlite_dl_sqlite3_errmsg)
#define sqlite3_errstr               (*store_sqlite_dl_sqlite3_errstr)
#define sqlite3_exec                 (*store_sqlite_dl_sqlite3_exec)
#define sqlite3_finalize             (*store_sqlite_dl_sqlite3_finalize)
#define sqlite3_free                 (*store_sqlite_dl_sqlite3_free)
#define sqlite3_get_autocommit       (*store_sqlite_dl_sqlite3_get_autocommit)
#define sqlite3_last_insert_rowid    (*store_sqlite_dl_sqlite3_last_insert_rowid)
#define sqlite3_open_v2              (*store_sqlite_dl_sqlite3_open_v2)
#define sqlite3_prepare_v2           (*store_sqlite_dl_sqlite3_prepare_v2)
#define sqlite3_prepare_v3           (*store_sqlite_dl_sqlite3_prepare_v3)
#define sqlite3_reset                (*store_sqlite_dl_sqlite3_reset)
#define sqlite3_sql                  (*store_sqlite_dl_sqlite3_sql)
#define sqlite3_step                 (*store_sqlite_dl_sqlite3_step)
#define sqlite3_system_errno         (*store_sqlite_dl_sqlite3_system_errno)
#endif

#endif
