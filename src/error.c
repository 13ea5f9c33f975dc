#include "kehoach/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "kehoach/date.h"

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
        e->reason = KH_R_NONE;
        e->who[0] = '\0';
        e->when = 0;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->detail, sizeof e->detail, fmt, ap);
        va_end(ap);
    }
    return code;
}

kh_errcode kh_error_by(kh_error *e, kh_errcode code, kh_reason reason, const char *who,
                       long long when)
{
    if (e) {
        e->code = code;
        e->reason = reason;
        snprintf(e->who, sizeof e->who, "%s", who ? who : "");
        e->when = when;
        e->detail[0] = '\0';
    }
    return code;
}

char *kh_error_who_when(const kh_error *e, char *buf, unsigned long n)
{
    char at[17] = "";
    if (e->when) date_format_local_time((time_t)e->when, at);
    snprintf(buf, n, "%s, %s", e->who, at);
    return buf;
}
