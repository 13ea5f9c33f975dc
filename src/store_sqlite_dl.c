/* store_sqlite_dl: SQLite opened when first needed (see store_sqlite_dl.h and dl.h). */
#define STORE_SQLITE_DL_IMPL
#include "store_sqlite_dl.h"

#include <pthread.h>

#include "dl.h"

/* The soname the program was built against (the Makefile reads it from
 * the -dev package's library). */
#ifndef STORE_SQLITE_DL_SONAME
#define STORE_SQLITE_DL_SONAME "libsqlite3.so.0"
#endif

#define STORE_SQLITE_DL_DEFINE(f) DL_DEFINE(store_sqlite_dl_, f)
STORE_SQLITE_DL_FUNCS(STORE_SQLITE_DL_DEFINE)

#ifdef KH_DL_STATIC
kh_errcode store_sqlite_dl_load(kh_error *err)
{
    (void)err;
    return KH_E_OK; /* linked in */
}
#else
static dl_lib lib = {STORE_SQLITE_DL_SONAME, NULL, ""};

#define STORE_SQLITE_DL_FIND(f) DL_FIND(&lib, store_sqlite_dl_, f)

static void load(void)
{
    if (dl_open(&lib)) {
        STORE_SQLITE_DL_FUNCS(STORE_SQLITE_DL_FIND)
    }
}

kh_errcode store_sqlite_dl_load(kh_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load);
    return dl_status(&lib, KH_E_DB_OPEN, err);
}
#endif
