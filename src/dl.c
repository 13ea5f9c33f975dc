/* dl: opening a shared library by soname for the shims (see dl.h). */
#include "dl.h"

#include <dlfcn.h>
#include <stdio.h>

bool dl_open(dl_lib *l)
{
    l->handle = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
    if (!l->handle) {
        const char *e = dlerror();
        snprintf(l->why, sizeof l->why, "%s", e ? e : l->soname);
    }
    return l->handle != NULL;
}

bool dl_find(dl_lib *l, void **p, const char *name)
{
    if (l->why[0]) return false;
    *p = dlsym(l->handle, name);
    if (!*p) snprintf(l->why, sizeof l->why, "%s: %s", l->soname, name);
    return *p != NULL;
}

kh_errcode dl_status(const dl_lib *l, kh_errcode code, kh_error *err)
{
    return l->why[0] ? kh_error_set(err, code, "%s", l->why) : KH_E_OK;
}
