#include "kehoach/error.h"

#include <stdarg.h>
#include <stdio.h>

const char *kh_strerror(kh_errcode code, kh_lang lang)
{
    switch (code) {
#define KH_ERROR_CASE(name, vi, en)                                                                \
    case KH_E_##name: return TR(lang, vi, en);
        KH_ERRORS(KH_ERROR_CASE)
#undef KH_ERROR_CASE
    }
    return "?";
}

kh_errcode kh_error_set(kh_error *e, kh_errcode code, const char *fmt, ...)
{
    if (e) {
        e->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->detail, sizeof e->detail, fmt, ap);
        va_end(ap);
    }
    return code;
}
