#include "kehoach/date.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

kh_date date_from_ymd(int y, int m, int d)
{
    if (y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
        return KH_NO_DATE;
    /* timegm works in UTC, so the day count has no time zone in it. */
    struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
    time_t t = timegm(&tm);
    return (kh_date)((t - 12 * 3600) / 86400);
}

void date_to_ymd(kh_date date, int *y, int *m, int *d)
{
    time_t t = (time_t)date * 86400 + 12 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    *y = tm.tm_year + 1900;
    *m = tm.tm_mon + 1;
    *d = tm.tm_mday;
}

/* Read 1..max digits at *s into *v; return the count read. */
static int digits(const char **s, int max, int *v)
{
    int n = 0;
    *v = 0;
    while (n < max && **s >= '0' && **s <= '9') {
        *v = *v * 10 + (**s - '0');
        (*s)++;
        n++;
    }
    return n;
}

int date_parse(const char *s, kh_date *out)
{
    int a, b, c;
    const char *p = s;
    int na = digits(&p, 4, &a);
    if (na == 4 && *p == '-') {
        p++;
        if (digits(&p, 2, &b) != 2 || *p++ != '-' || digits(&p, 2, &c) != 2 || *p)
            return DATE_SYNTAX;
        *out = date_from_ymd(a, b, c);
    } else if ((na == 1 || na == 2) && *p == '/') {
        p++;
        int nb = digits(&p, 2, &b);
        if (nb < 1 || *p++ != '/' || digits(&p, 4, &c) != 4 || *p) return DATE_SYNTAX;
        *out = date_from_ymd(c, b, a);
    } else {
        return DATE_SYNTAX;
    }
    return *out == KH_NO_DATE ? DATE_IMPOSSIBLE : DATE_OK;
}

char *date_format_dmy(kh_date date, char buf[11])
{
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    snprintf(buf, 11, "%02u/%02u/%04u", (unsigned)d % 100u, (unsigned)m % 100u,
             (unsigned)y % 10000u);
    return buf;
}

char *date_format_iso(kh_date date, char buf[11])
{
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return buf;
}

kh_date date_of_time(time_t t)
{
    struct tm tm;
    localtime_r(&t, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

kh_date date_today(void)
{
    return date_of_time(time(NULL));
}

char *date_format_local_time(time_t t, char buf[17])
{
    struct tm tm;
    localtime_r(&t, &tm);
    snprintf(buf, 17, "%02u/%02u/%04u %02u:%02u", (unsigned)tm.tm_mday % 100u,
             (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u);
    return buf;
}

char *date_format_utc(time_t t, char buf[21])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    snprintf(buf, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)(tm.tm_year + 1900) % 10000u,
             (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
             (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u, (unsigned)tm.tm_sec % 100u);
    return buf;
}

int date_parse_utc(const char *s, time_t *out)
{
    /* Exactly yyyy-mm-ddTHH:MM:SSZ: digits and separators in their places. */
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (strlen(s) != sizeof shape - 1) return -1;
    for (size_t i = 0; shape[i]; i++) {
        bool digit = s[i] >= '0' && s[i] <= '9';
        if (shape[i] == 'd' ? !digit : s[i] != shape[i]) return -1;
    }
    int y, mo, d, h, mi, se;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &se) != 6) return -1;
    if (date_from_ymd(y, mo, d) == KH_NO_DATE || h > 23 || mi > 59 || se > 60) return -1;
    struct tm tm = {.tm_year = y - 1900,
                    .tm_mon = mo - 1,
                    .tm_mday = d,
                    .tm_hour = h,
                    .tm_min = mi,
                    .tm_sec = se};
    *out = timegm(&tm);
    return 0;
}
