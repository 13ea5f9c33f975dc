/* hash_dl: libnettle opened when first needed (see hash_dl.h and dl.h). */
#define HASH_DL_IMPL
#include "hash_dl.h"

#include <pthread.h>

#include "dl.h"

/* The soname the program was built against (the Makefile reads it from
 * the -dev package's library). */
#ifndef HASH_DL_SONAME
#define HASH_DL_SONAME "libnettle.so.8"
#endif

#define HASH_DL_DEFINE(f) DL_DEFINE(hash_dl_, f)
HASH_DL_FUNCS(HASH_DL_DEFINE)

#ifdef KH_DL_STATIC
kh_errcode hash_dl_load(kh_error *err)
{
    (void)err;
    return KH_E_OK; /* linked in */
}
#else
static dl_lib lib = {HASH_DL_SONAME, NULL, ""};

#define HASH_DL_FIND(f) DL_FIND(&lib, hash_dl_, f)

static void load(void)
{
    if (dl_open(&lib)) {
        HASH_DL_FUNCS(HASH_DL_FIND)
    }
}

kh_errcode hash_dl_load(kh_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load);
    return dl_status(&lib, KH_E_IO, err);
}
#endif
