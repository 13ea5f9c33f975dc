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
    /* Days from the civil date in the proleptic Gregorian calendar, counted
     * from a March-based year so February's length falls at the end (the
     * tests check it against timegm for every day of 1900-2101). */
    int yy = y - (m <= 2);
    int era = yy / 400;
    int yoe = yy - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (kh_date)(era * 146097 + doe - 719468);
}

void date_to_ymd(kh_date date, int *y, int *m, int *d)
{
    /* The inverse of date_from_ymd's count (the tests check every day). */
    int z = date + 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
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

/* Write n as width digits at p (dates are printed for every row: no printf). */
static void digits_at(char *p, unsigned n, int width)
{
    for (int i = width - 1; i >= 0; i--, n /= 10) p[i] = (char)('0' + n % 10);
}

char *date_format_dmy(kh_date date, char buf[11])
{
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    digits_at(buf, (unsigned)d % 100u, 2);
    buf[2] = '/';
    digits_at(buf + 3, (unsigned)m % 100u, 2);
    buf[5] = '/';
    digits_at(buf + 6, (unsigned)y % 10000u, 4);
    buf[10] = '\0';
    return buf;
}

char *date_format_iso(kh_date date, char buf[11])
{
    int y, m, d;
    date_to_ymd(date, &y, &m, &d);
    digits_at(buf, (unsigned)y % 10000u, 4);
    buf[4] = '-';
    digits_at(buf + 5, (unsigned)m % 100u, 2);
    buf[7] = '-';
    digits_at(buf + 8, (unsigned)d % 100u, 2);
    buf[10] = '\0';
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
    /* 1900-01-01 to 9999-12-31 by day arithmetic (output of every list and
     * export row); anything outside by the C library. */
    if (t < (time_t)-2208988800LL || t >= (time_t)253402300800LL) {
        struct tm tm;
        gmtime_r(&t, &tm);
        snprintf(buf, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)(tm.tm_year + 1900) % 10000u,
                 (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u,
                 (unsigned)tm.tm_hour % 100u, (unsigned)tm.tm_min % 100u,
                 (unsigned)tm.tm_sec % 100u);
        return buf;
    }
    long long days = (long long)t / 86400, secs = (long long)t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    date_format_iso((kh_date)days, buf);
    buf[10] = 'T';
    digits_at(buf + 11, (unsigned)(secs / 3600), 2);
    buf[13] = ':';
    digits_at(buf + 14, (unsigned)(secs / 60 % 60), 2);
    buf[16] = ':';
    digits_at(buf + 17, (unsigned)(secs % 60), 2);
    buf[19] = 'Z';
    buf[20] = '\0';
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
#define NUM2(p) (((p)[0] - '0') * 10 + ((p)[1] - '0'))
    int y = NUM2(s) * 100 + NUM2(s + 2), mo = NUM2(s + 5), d = NUM2(s + 8);
    int h = NUM2(s + 11), mi = NUM2(s + 14), se = NUM2(s + 17);
#undef NUM2
    kh_date day = date_from_ymd(y, mo, d);
    if (day == KH_NO_DATE || h > 23 || mi > 59 || se > 60) return -1;
    *out = (time_t)day * 86400 + h * 3600 + mi * 60 + se;
    return 0;
}
