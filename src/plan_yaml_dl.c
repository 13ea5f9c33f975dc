/* plan_yaml_dl: libyaml opened when first needed (see plan_yaml_dl.h and dl.h). */
#define PLAN_YAML_DL_IMPL
#include "plan_yaml_dl.h"

#include <pthread.h>

#include "dl.h"

/* The soname the program was built against (the Makefile reads it from
 * the -dev package's library). */
#ifndef PLAN_YAML_DL_SONAME
#define PLAN_YAML_DL_SONAME "libyaml-0.so.2"
#endif

#define PLAN_YAML_DL_DEFINE(f) DL_DEFINE(plan_yaml_dl_, f)
PLAN_YAML_DL_FUNCS(PLAN_YAML_DL_DEFINE)

#ifdef KH_DL_STATIC
kh_errcode plan_yaml_dl_load(kh_error *err)
{
    (void)err;
    return KH_E_OK; /* linked in */
}
#else
static dl_lib lib = {PLAN_YAML_DL_SONAME, NULL, ""};

#define PLAN_YAML_DL_FIND(f) DL_FIND(&lib, plan_yaml_dl_, f)

static void load(void)
{
    if (dl_open(&lib)) {
        PLAN_YAML_DL_FUNCS(PLAN_YAML_DL_FIND)
    }
}

kh_errcode plan_yaml_dl_load(kh_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load);
    return dl_status(&lib, KH_E_IO, err);
}
#endif
