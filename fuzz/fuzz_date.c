/* libFuzzer harness: the date parsers (date_parse, date_parse_utc) and the
 * calendar under them.
 *
 * The input, cut at its first NUL, is given to both parsers. What they
 * accept must be a real day that formats back to what was written; what they
 * refuse must be refused with one of the documented codes. The first twelve
 * bytes also serve as a year, month and day for date_from_ymd, and the first
 * eight as an instant for the formatters. */
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include "fuzz.h"
#include "kehoach/date.h"
#include "kehoach/util.h"

/* Read a little-endian 32-bit integer from the first 4 bytes at p. */
static int32_t fd_le32(const uint8_t *p)
{
    return (int32_t)((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                     (uint32_t)p[3] << 24);
}

static bool fd_all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* A day that exists: in 1900-9999, and its fields give it back. */
static void fd_check_day(kh_date d, const char *s)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    FUZZ_CHECK(y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && dd >= 1 &&
                   dd <= date_days_in_month(y, m),
               "date: \"%s\" gave %d, which is %04d-%02d-%02d", s, (int)d, y, m, dd);
    FUZZ_CHECK(date_from_ymd(y, m, dd) == d, "date: \"%s\": %04d-%02d-%02d is not day %d", s, y, m,
               dd, (int)d);
    char iso[11], dmy[11];
    date_format_iso(d, iso);
    date_format_dmy(d, dmy);
    kh_date back;
    FUZZ_CHECK(date_parse(iso, &back) == DATE_OK && back == d,
               "date: \"%s\" formats as \"%s\", which does not parse back", s, iso);
    FUZZ_CHECK(date_parse(dmy, &back) == DATE_OK && back == d,
               "date: \"%s\" formats as \"%s\", which does not parse back", s, dmy);
}

static void fd_check_parse(const char *s)
{
    kh_date d = 12345;
    int rc = date_parse(s, &d);
    FUZZ_CHECK(rc == DATE_OK || rc == DATE_SYNTAX || rc == DATE_IMPOSSIBLE,
               "date: date_parse(\"%s\") returned %d", s, rc);
    size_t n = strlen(s);
    /* The only shapes accepted: dddd-dd-dd and d(d)/d(d)/dddd. */
    bool iso_shape = n == 10 && fd_all_digits(s, 4) && s[4] == '-' && fd_all_digits(s + 5, 2) &&
                     s[7] == '-' && fd_all_digits(s + 8, 2);
    const char *slash1 = memchr(s, '/', n);
    const char *slash2 = slash1 ? memchr(slash1 + 1, '/', n - (size_t)(slash1 + 1 - s)) : NULL;
    bool dmy_shape = false;
    if (slash1 && slash2) {
        size_t a = (size_t)(slash1 - s), b = (size_t)(slash2 - slash1 - 1),
               c = n - (size_t)(slash2 + 1 - s);
        dmy_shape = a >= 1 && a <= 2 && b >= 1 && b <= 2 && c == 4 && fd_all_digits(s, a) &&
                    fd_all_digits(slash1 + 1, b) && fd_all_digits(slash2 + 1, c);
    }
    if (rc == DATE_SYNTAX) {
        FUZZ_CHECK(!iso_shape && !dmy_shape, "date: \"%s\" is well formed, yet DATE_SYNTAX", s);
        return;
    }
    FUZZ_CHECK(iso_shape || dmy_shape, "date: \"%s\" is not well formed, yet code %d", s, rc);
    int y, m, dd;
    if (iso_shape) {
        y = atoi(s);
        m = atoi(s + 5);
        dd = atoi(s + 8);
    } else {
        dd = atoi(s);
        m = atoi(slash1 + 1);
        y = atoi(slash2 + 1);
    }
    bool real =
        y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && dd >= 1 && dd <= date_days_in_month(y, m);
    if (rc == DATE_IMPOSSIBLE) {
        FUZZ_CHECK(!real, "date: \"%s\" is a real day, yet DATE_IMPOSSIBLE", s);
        FUZZ_CHECK(d == KH_NO_DATE, "date: \"%s\": DATE_IMPOSSIBLE with day %d", s, (int)d);
        return;
    }
    FUZZ_CHECK(real, "date: \"%s\" accepted, yet there is no such day", s);
    fd_check_day(d, s);
    int y2, m2, d2;
    date_to_ymd(d, &y2, &m2, &d2);
    FUZZ_CHECK(y2 == y && m2 == m && d2 == dd, "date: \"%s\" read as %04d-%02d-%02d", s, y2, m2,
               d2);
}

static void fd_check_parse_utc(const char *s)
{
    time_t t = 12345;
    int rc = date_parse_utc(s, &t);
    FUZZ_CHECK(rc == 0 || rc == -1, "date: date_parse_utc(\"%s\") returned %d", s, rc);
    if (rc != 0) return;
    FUZZ_CHECK(strlen(s) == 20 && s[10] == 'T' && s[19] == 'Z',
               "date: \"%s\" accepted as a UTC instant", s);
    char buf[21];
    date_format_utc(t, buf);
    /* A leap second (:60) comes back as the next minute; all else exactly. */
    if (strcmp(s + 17, "60Z") != 0)
        FUZZ_CHECK(!strcmp(buf, s), "date: UTC \"%s\" formats back as \"%s\"", s, buf);
    time_t back;
    FUZZ_CHECK(date_parse_utc(buf, &back) == 0 && back == t,
               "date: UTC \"%s\" formats as \"%s\", which does not parse back", s, buf);
}

static void fd_check_ymd(int32_t y, int32_t m, int32_t d)
{
    kh_date day = date_from_ymd(y, m, d);
    bool real =
        y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= date_days_in_month(y, m);
    FUZZ_CHECK(real == (day != KH_NO_DATE), "date: date_from_ymd(%d, %d, %d) gave %d", (int)y,
               (int)m, (int)d, (int)day);
    if (!real) return;
    int y2, m2, d2;
    date_to_ymd(day, &y2, &m2, &d2);
    FUZZ_CHECK(y2 == y && m2 == m && d2 == d, "date: %d-%d-%d came back as %d-%d-%d", (int)y,
               (int)m, (int)d, y2, m2, d2);
    /* Consecutive days are consecutive numbers. */
    kh_date next = d < date_days_in_month(y, m) ? date_from_ymd(y, m, d + 1)
                   : m < 12                     ? date_from_ymd(y, m + 1, 1)
                                                : date_from_ymd(y + 1, 1, 1);
    if (next != KH_NO_DATE)
        FUZZ_CHECK(next == day + 1, "date: the day after %d-%d-%d is %d, not %d", (int)y, (int)m,
                   (int)d, (int)next, (int)day + 1);
}

int fuzz_date_one(const uint8_t *data, size_t size)
{
    /* The text up to the first NUL, as a C string. */
    size_t n = 0;
    while (n < size && data[n]) n++;
    char *s = xmalloc(n + 1);
    memcpy(s, data, n);
    s[n] = '\0';
    fd_check_parse(s);
    fd_check_parse_utc(s);
    free(s);

    if (size >= 12) fd_check_ymd(fd_le32(data), fd_le32(data + 4), fd_le32(data + 8));
    if (size >= 4) {
        /* Any day number formats as ten characters. */
        kh_date d = fd_le32(data);
        char iso[11], dmy[11];
        FUZZ_CHECK(strlen(date_format_iso(d, iso)) == 10 && strlen(date_format_dmy(d, dmy)) == 10,
                   "date: day %d formats as \"%s\" / \"%s\"", (int)d, iso, dmy);
    }
    return 0;
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_date_one(data, size);
}
#endif
