/* dl: what the shims that open a shared library when it is first needed
 * share (src/store_sqlite_dl.c, src/plan_yaml_dl.c, src/hash_dl.c): the
 * library opened by its soname (the distro's .so, so apt's updates reach
 * it), its functions looked up into pointers, the reason kept when either
 * fails. Issue 18: mapping a library at every start costs more than most
 * commands' own work; each is now mapped by the first command that uses it.
 *
 * A shim's header lists its functions once (X(name)); built with
 * KH_DL_STATIC (the LINK=static program) the pointers are the functions
 * themselves, linked from the archives, and loading does nothing. */
#ifndef KEHOACH_DL_H
#define KEHOACH_DL_H

#include <stdbool.h>

#include "kehoach/error.h"

typedef struct {
    const char *soname;
    void *handle;
    char why[512]; /* dlerror's words when opening or a lookup failed, else empty */
} dl_lib;

/* Open l by its soname; return false (l->why says why) when it is not there. */
bool dl_open(dl_lib *l);

/* Set *p to l's function name; return false (l->why says why) when absent. */
bool dl_find(dl_lib *l, void **p, const char *name);

/* Return KH_E_OK when l opened whole, else code in err with l->why. */
kh_errcode dl_status(const dl_lib *l, kh_errcode code, kh_error *err);

/* In a shim's .c, the pointers' definitions and their lookup. */
#ifdef KH_DL_STATIC
#define DL_DEFINE(prefix, f) __typeof__(&f) prefix##f = &f;
#else
#define DL_DEFINE(prefix, f) __typeof__(&f) prefix##f;
#endif
#define DL_FIND(l, prefix, f) dl_find(l, (void **)&prefix##f, #f);

#endif
