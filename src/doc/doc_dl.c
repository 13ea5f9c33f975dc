/* doc_dl: libzip and libxml2 opened when first needed (see doc_dl.h). */
#define DOC_DL_IMPL
#include "doc_dl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

/* The sonames the program was built against (the Makefile reads them from
 * the -dev packages' libraries). */
#ifndef DOC_DL_ZIP_SONAME
#define DOC_DL_ZIP_SONAME "libzip.so.4"
#endif
#ifndef DOC_DL_XML_SONAME
#define DOC_DL_XML_SONAME "libxml2.so.2"
#endif

#define DOC_DL_DEFINE(f) __typeof__(&f) doc_dl_##f;
DOC_DL_ZIP_FUNCS(DOC_DL_DEFINE)
DOC_DL_XML_FUNCS(DOC_DL_DEFINE)

typedef struct {
    const char *soname;
    void *handle;
    char why[512]; /* dlerror's words when it failed, else empty */
} lib;

static lib zip_lib = {DOC_DL_ZIP_SONAME, NULL, ""};
static lib xml_lib = {DOC_DL_XML_SONAME, NULL, ""};

/* dlopen l; return false (l->why says why) when it is not there. */
static bool open_lib(lib *l)
{
    l->handle = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
    if (!l->handle) {
        const char *e = dlerror();
        snprintf(l->why, sizeof l->why, "%s", e ? e : l->soname);
    }
    return l->handle != NULL;
}

/* Set *p to l's function name; return false (l->why says why) when absent. */
static bool find(lib *l, void **p, const char *name)
{
    if (l->why[0]) return false;
    *p = dlsym(l->handle, name);
    if (!*p) snprintf(l->why, sizeof l->why, "%s: %s", l->soname, name);
    return *p != NULL;
}

#define DOC_DL_FIND(f) find(l, (void **)&doc_dl_##f, #f);

static void load_zip(void)
{
    lib *l = &zip_lib;
    if (!open_lib(l)) return;
    DOC_DL_ZIP_FUNCS(DOC_DL_FIND)
}

static void load_xml(void)
{
    lib *l = &xml_lib;
    if (!open_lib(l)) return;
    DOC_DL_XML_FUNCS(DOC_DL_FIND)
}

static kh_errcode loaded(const lib *l, kh_error *err)
{
    return l->why[0] ? kh_error_set(err, KH_E_IO, "%s", l->why) : KH_E_OK;
}

kh_errcode doc_dl_zip(kh_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load_zip);
    return loaded(&zip_lib, err);
}

kh_errcode doc_dl_xml(kh_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load_xml);
    return loaded(&xml_lib, err);
}
