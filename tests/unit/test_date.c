/* Unit tests for date.h: parsing, formatting, the day count, UTC instants. */
#include "testutil.h"
#include <time.h>

#include "kehoach/date.h"

/* ---- date_parse ---- */

static void test_parse_table(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int rc;
        int y, m, d; /* when DATE_OK */
    } cases[] = {
        /* ISO */
        {"2023-06-01", DATE_OK, 2023, 6, 1},
        {"2023-12-31", DATE_OK, 2023, 12, 31},
        {"1970-01-01", DATE_OK, 1970, 1, 1},
        {"1900-01-01", DATE_OK, 1900, 1, 1},
        {"9999-12-31", DATE_OK, 9999, 12, 31},
        {"2024-02-29", DATE_OK, 2024, 2, 29},
        {"2000-02-29", DATE_OK, 2000, 2, 29},
        /* d/m/yyyy with one or two digits */
        {"1/6/2023", DATE_OK, 2023, 6, 1},
        {"01/06/2023", DATE_OK, 2023, 6, 1},
        {"01/6/2023", DATE_OK, 2023, 6, 1},
        {"1/06/2023", DATE_OK, 2023, 6, 1},
        {"31/12/2023", DATE_OK, 2023, 12, 31},
        {"29/02/2024", DATE_OK, 2024, 2, 29},
        {"29/2/2000", DATE_OK, 2000, 2, 29},
        {"14/8/2023", DATE_OK, 2023, 8, 14},
        /* Days that do not exist */
        {"31/02/2023", DATE_IMPOSSIBLE, 0, 0, 0},
        {"29/02/2023", DATE_IMPOSSIBLE, 0, 0, 0},
        {"29/02/1900", DATE_IMPOSSIBLE, 0, 0, 0},
        {"29/02/2100", DATE_IMPOSSIBLE, 0, 0, 0},
        {"31/04/2023", DATE_IMPOSSIBLE, 0, 0, 0},
        {"0/6/2023", DATE_IMPOSSIBLE, 0, 0, 0},
        {"32/1/2023", DATE_IMPOSSIBLE, 0, 0, 0},
        {"1/13/2023", DATE_IMPOSSIBLE, 0, 0, 0},
        {"1/0/2023", DATE_IMPOSSIBLE, 0, 0, 0},
        {"2023-13-01", DATE_IMPOSSIBLE, 0, 0, 0},
        {"2023-00-10", DATE_IMPOSSIBLE, 0, 0, 0},
        {"2023-02-29", DATE_IMPOSSIBLE, 0, 0, 0},
        {"2023-06-31", DATE_IMPOSSIBLE, 0, 0, 0},
        {"2023-06-00", DATE_IMPOSSIBLE, 0, 0, 0},
        {"1899-12-31", DATE_IMPOSSIBLE, 0, 0, 0},
        {"0000-01-01", DATE_IMPOSSIBLE, 0, 0, 0},
        /* Syntax */
        {"", DATE_SYNTAX, 0, 0, 0},
        {"2023-6-1", DATE_SYNTAX, 0, 0, 0},
        {"2023-06-1", DATE_SYNTAX, 0, 0, 0},
        {"2023-6-01", DATE_SYNTAX, 0, 0, 0},
        {"2023/06/01", DATE_SYNTAX, 0, 0, 0},
        {"01-06-2023", DATE_SYNTAX, 0, 0, 0},
        {"1/6/23", DATE_SYNTAX, 0, 0, 0},
        {"1/6/202", DATE_SYNTAX, 0, 0, 0},
        {"1/6/20231", DATE_SYNTAX, 0, 0, 0},
        {"001/6/2023", DATE_SYNTAX, 0, 0, 0},
        {"1/006/2023", DATE_SYNTAX, 0, 0, 0},
        {"1//2023", DATE_SYNTAX, 0, 0, 0},
        {"/6/2023", DATE_SYNTAX, 0, 0, 0},
        {"1/6", DATE_SYNTAX, 0, 0, 0},
        {"1/6/", DATE_SYNTAX, 0, 0, 0},
        {"2023-06-01x", DATE_SYNTAX, 0, 0, 0},
        {"2023-06-01 ", DATE_SYNTAX, 0, 0, 0},
        {"2023-06-01T00:00:00Z", DATE_SYNTAX, 0, 0, 0},
        {"2023-06-011", DATE_SYNTAX, 0, 0, 0},
        {"01/06/2023 ", DATE_SYNTAX, 0, 0, 0},
        {"01/06/2023.", DATE_SYNTAX, 0, 0, 0},
        {" 2023-06-01", DATE_SYNTAX, 0, 0, 0},
        {" 01/06/2023", DATE_SYNTAX, 0, 0, 0},
        {"+2023-06-01", DATE_SYNTAX, 0, 0, 0},
        {"-1/6/2023", DATE_SYNTAX, 0, 0, 0},
        {"12023-06-01", DATE_SYNTAX, 0, 0, 0},
        {"202-06-01", DATE_SYNTAX, 0, 0, 0},
        {"2023-06", DATE_SYNTAX, 0, 0, 0},
        {"2023", DATE_SYNTAX, 0, 0, 0},
        {"ngày 1/6/2023", DATE_SYNTAX, 0, 0, 0},
        {"1.6.2023", DATE_SYNTAX, 0, 0, 0},
        {"2023-O6-01", DATE_SYNTAX, 0, 0, 0},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_date d = 12345;
        int rc = date_parse(cases[i].s, &d);
        if (rc != cases[i].rc)
            fail_msg("case %zu: date_parse(\"%s\") = %d, want %d", i, cases[i].s, rc, cases[i].rc);
        if (rc != DATE_OK) continue;
        kh_date want = date_from_ymd(cases[i].y, cases[i].m, cases[i].d);
        assert_int_not_equal(want, KH_NO_DATE);
        if (d != want) fail_msg("case %zu: \"%s\" gave day %d, want %d", i, cases[i].s, d, want);
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        assert_int_equal(y, cases[i].y);
        assert_int_equal(m, cases[i].m);
        assert_int_equal(dd, cases[i].d);
    }
}

/* Both spellings of every day of a few years parse to the same day. */
static void test_parse_both_forms_agree(void **state)
{
    (void)state;
    static const int years[] = {1900, 1970, 2000, 2023, 2024, 2100};
    for (size_t i = 0; i < KH_ARRAY_LEN(years); i++) {
        kh_date first = date_from_ymd(years[i], 1, 1);
        kh_date last = date_from_ymd(years[i], 12, 31);
        for (kh_date d = first; d <= last; d++) {
            int y, m, dd;
            date_to_ymd(d, &y, &m, &dd);
            char iso[16], dmy[16], short_dmy[16];
            snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, dd);
            snprintf(dmy, sizeof dmy, "%02d/%02d/%04d", dd, m, y);
            snprintf(short_dmy, sizeof short_dmy, "%d/%d/%04d", dd, m, y);
            kh_date a = KH_NO_DATE, b = KH_NO_DATE, c = KH_NO_DATE;
            assert_int_equal(date_parse(iso, &a), DATE_OK);
            assert_int_equal(date_parse(dmy, &b), DATE_OK);
            assert_int_equal(date_parse(short_dmy, &c), DATE_OK);
            assert_int_equal(a, d);
            assert_int_equal(b, d);
            assert_int_equal(c, d);
        }
    }
}

/* ---- formatting ---- */

static void test_format_table(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
        const char *dmy, *iso;
    } cases[] = {
        {2023, 6, 1, "01/06/2023", "2023-06-01"},   {2023, 12, 31, "31/12/2023", "2023-12-31"},
        {1970, 1, 1, "01/01/1970", "1970-01-01"},   {1969, 12, 31, "31/12/1969", "1969-12-31"},
        {1900, 1, 1, "01/01/1900", "1900-01-01"},   {2024, 2, 29, "29/02/2024", "2024-02-29"},
        {9999, 12, 31, "31/12/9999", "9999-12-31"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_date d = date_from_ymd(cases[i].y, cases[i].m, cases[i].d);
        char buf[11];
        memset(buf, 'x', sizeof buf);
        assert_ptr_equal(date_format_dmy(d, buf), buf);
        assert_string_equal(buf, cases[i].dmy);
        memset(buf, 'x', sizeof buf);
        assert_ptr_equal(date_format_iso(d, buf), buf);
        assert_string_equal(buf, cases[i].iso);
        /* What is written parses back. */
        kh_date back;
        assert_int_equal(date_parse(cases[i].dmy, &back), DATE_OK);
        assert_int_equal(back, d);
        assert_int_equal(date_parse(cases[i].iso, &back), DATE_OK);
        assert_int_equal(back, d);
    }
}

/* ---- the day count ---- */

static void test_from_ymd_anchors(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
        kh_date days;
    } cases[] = {
        {1970, 1, 1, 0},     {1970, 1, 2, 1},     {1969, 12, 31, -1},   {1900, 1, 1, -25567},
        {2000, 3, 1, 11017}, {2023, 6, 1, 19509}, {2024, 2, 29, 19782}, {9999, 12, 31, 2932896},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_date d = date_from_ymd(cases[i].y, cases[i].m, cases[i].d);
        if (d != cases[i].days)
            fail_msg("case %zu: %04d-%02d-%02d = %d, want %d", i, cases[i].y, cases[i].m,
                     cases[i].d, d, cases[i].days);
        int y, m, dd;
        date_to_ymd(cases[i].days, &y, &m, &dd);
        assert_int_equal(y, cases[i].y);
        assert_int_equal(m, cases[i].m);
        assert_int_equal(dd, cases[i].d);
    }
}

static void test_from_ymd_rejects(void **state)
{
    (void)state;
    static const int cases[][3] = {
        {2023, 2, 29},  {2023, 2, 30}, {2023, 2, 31}, {2100, 2, 29},  {1900, 2, 29},
        {2023, 4, 31},  {2023, 6, 31}, {2023, 9, 31}, {2023, 11, 31}, {2023, 0, 1},
        {2023, 13, 1},  {2023, -1, 1}, {2023, 1, 0},  {2023, 1, 32},  {2023, 1, -1},
        {1899, 12, 31}, {10000, 1, 1}, {0, 1, 1},     {-1, 1, 1},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_date d = date_from_ymd(cases[i][0], cases[i][1], cases[i][2]);
        if (d != KH_NO_DATE)
            fail_msg("case %zu: %d-%d-%d gave %d, want none", i, cases[i][0], cases[i][1],
                     cases[i][2], d);
    }
}

/* Every day from 1900 to 2101 in turn: consecutive day numbers, and
 * date_to_ymd gives back what date_from_ymd was given. */
static void test_round_trip_every_day(void **state)
{
    (void)state;
    kh_date expect = date_from_ymd(1900, 1, 1);
    size_t leap_days = 0;
    for (int y = 1900; y <= 2101; y++) {
        for (int m = 1; m <= 12; m++) {
            int n = date_days_in_month(y, m);
            for (int d = 1; d <= n; d++) {
                kh_date k = date_from_ymd(y, m, d);
                if (k != expect) fail_msg("%04d-%02d-%02d = %d, want %d", y, m, d, k, expect);
                int yy, mm, dd;
                date_to_ymd(k, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    fail_msg("%d gave %04d-%02d-%02d, want %04d-%02d-%02d", k, yy, mm, dd, y, m, d);
                if (m == 2 && d == 29) leap_days++;
                expect++;
            }
        }
    }
    /* 1904 .. 2096 every fourth year, but not 1900 and 2100: 49 leap years. */
    assert_int_equal(leap_days, 49);
    assert_int_equal(expect, date_from_ymd(2102, 1, 1));
}

/* A few far years, and the days either side of the turn of each year. */
static void test_round_trip_years(void **state)
{
    (void)state;
    static const int years[] = {1900, 1901, 1969, 1970, 1971, 1999, 2000,
                                2023, 2024, 2038, 2100, 2400, 9998};
    for (size_t i = 0; i < KH_ARRAY_LEN(years); i++) {
        int y = years[i];
        kh_date last = date_from_ymd(y, 12, 31);
        kh_date next = date_from_ymd(y + 1, 1, 1);
        assert_int_not_equal(last, KH_NO_DATE);
        assert_int_equal(next, last + 1);
        kh_date first = date_from_ymd(y, 1, 1);
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        assert_int_equal(last - first + 1, 365 + leap);
        int yy, mm, dd;
        date_to_ymd(next, &yy, &mm, &dd);
        assert_int_equal(yy, y + 1);
        assert_int_equal(mm, 1);
        assert_int_equal(dd, 1);
        date_to_ymd(last, &yy, &mm, &dd);
        assert_int_equal(yy, y);
        assert_int_equal(mm, 12);
        assert_int_equal(dd, 31);
    }
}

static void test_days_in_month(void **state)
{
    (void)state;
    static const int common[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; m++) {
        assert_int_equal(date_days_in_month(2023, m), common[m - 1]);
        assert_int_equal(date_days_in_month(2024, m), m == 2 ? 29 : common[m - 1]);
    }
    static const struct {
        int y, m, days;
    } cases[] = {
        {1900, 2, 28}, {2000, 2, 29}, {2100, 2, 28}, {2400, 2, 29},
        {1996, 2, 29}, {2023, 0, 0},  {2023, 13, 0}, {2023, -1, 0},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++)
        if (date_days_in_month(cases[i].y, cases[i].m) != cases[i].days)
            fail_msg("case %zu: days in %d/%d = %d, want %d", i, cases[i].m, cases[i].y,
                     date_days_in_month(cases[i].y, cases[i].m), cases[i].days);
}

/* ---- UTC instants ---- */

static void test_utc_table(void **state)
{
    (void)state;
    static const struct {
        time_t t;
        const char *s;
    } cases[] = {
        {0, "1970-01-01T00:00:00Z"},          {1, "1970-01-01T00:00:01Z"},
        {86399, "1970-01-01T23:59:59Z"},      {1685620800, "2023-06-01T12:00:00Z"},
        {1709251199, "2024-02-29T23:59:59Z"}, {946684799, "1999-12-31T23:59:59Z"},
        {946684800, "2000-01-01T00:00:00Z"},  {2147483648, "2038-01-19T03:14:08Z"},
        {-1, "1969-12-31T23:59:59Z"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        char buf[21];
        memset(buf, 'x', sizeof buf);
        assert_ptr_equal(date_format_utc(cases[i].t, buf), buf);
        assert_string_equal(buf, cases[i].s);
        time_t back = 12345;
        assert_int_equal(date_parse_utc(cases[i].s, &back), 0);
        if (back != cases[i].t)
            fail_msg("case %zu: \"%s\" parsed to %lld, want %lld", i, cases[i].s, (long long)back,
                     (long long)cases[i].t);
    }
}

static void test_utc_round_trip(void **state)
{
    (void)state;
    /* A step that is not a divisor of a day walks through every time of day. */
    for (time_t t = -2208988800; t < (time_t)4102444800; t += 987654) {
        char buf[21], want[32];
        date_format_utc(t, buf);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
        assert_string_equal(buf, want);
        time_t back;
        assert_int_equal(date_parse_utc(buf, &back), 0);
        if (back != t) fail_msg("%lld -> \"%s\" -> %lld", (long long)t, buf, (long long)back);
    }
}

/* Check that date_parse_utc rejects each of n strings; report every one it
 * takes before failing. */
static void expect_utc_rejected(const char *const *cases, size_t n)
{
    size_t wrong = 0;
    for (size_t i = 0; i < n; i++) {
        time_t t = 42;
        int rc = date_parse_utc(cases[i], &t);
        if (rc != -1) {
            char buf[21];
            print_error("date_parse_utc(\"%s\") = %d (%s), want -1\n", cases[i], rc,
                        date_format_utc(t, buf));
            wrong++;
        }
    }
    if (wrong) fail_msg("%zu of %zu malformed instants accepted", wrong, n);
}

static void test_utc_rejects(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "",
        "2023-06-01",
        "2023-06-01T12:00:00",
        "2023-06-01T12:00:00z",
        "2023-06-01 12:00:00Z",
        "2023-06-01T12:00:00+07",
        "2023-06-01T12:00:00ZZ",
        "2023-06-01T12:00:00Z ",
        " 2023-06-01T12:00:00Z",
        "2023-06-01T12:00Z",
        "2023-6-1T12:00:00Z",
        "2023/06/01T12:00:00Z",
        "01/06/2023T12:00:00Z",
        "2023-13-01T12:00:00Z",
        "2023-02-29T12:00:00Z",
        "2023-06-31T12:00:00Z",
        "2023-06-00T12:00:00Z",
        "2023-06-01T24:00:00Z",
        "2023-06-01T12:60:00Z",
        "2023-06-01T12:00:61Z",
        "1899-12-31T12:00:00Z",
        "abcd-ef-ghTij:kl:mnZ",
        "+023-06-01T12:00:00Z",
    };
    expect_utc_rejected(cases, KH_ARRAY_LEN(cases));
}

/* Malformed strings of exactly the right length: the fields are not all
 * digits of the right count, or carry a sign. */
static void test_utc_rejects_same_length(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "2023-6-01T12:00:00ZZ", "2023-06-01T1:00:00ZZ", "2023-06-01T12:00:0Z ",
        "2023-06-01T-1:00:00Z", "2023-06-01T12:-1:00Z", "2023-06-01T12:00:-1Z",
        "2023-+6-01T12:00:00Z", "2023- 6-01T12:00:00Z",
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) assert_int_equal(strlen(cases[i]), 20);
    expect_utc_rejected(cases, KH_ARRAY_LEN(cases));
}

/* ---- local time (with a fixed zone) ---- */

static void test_local_time(void **state)
{
    (void)state;
    char *old = getenv("TZ") ? xstrdup(getenv("TZ")) : NULL;

    /* Vietnam is UTC+7 all year; POSIX spells that "ICT-7". */
    setenv("TZ", "ICT-7", 1);
    tzset();
    char buf[17];
    /* 2023-06-01T16:59:00Z is 23:59 in Hanoi; a minute later it is the 2nd. */
    assert_int_equal(date_of_time(1685638740), date_from_ymd(2023, 6, 1));
    assert_string_equal(date_format_local_time(1685638740, buf), "01/06/2023 23:59");
    assert_int_equal(date_of_time(1685638800), date_from_ymd(2023, 6, 2));
    assert_string_equal(date_format_local_time(1685638800, buf), "02/06/2023 00:00");

    setenv("TZ", "UTC0", 1);
    tzset();
    assert_int_equal(date_of_time(0), 0);
    assert_string_equal(date_format_local_time(0, buf), "01/01/1970 00:00");
    assert_int_equal(date_of_time(1685620800), date_from_ymd(2023, 6, 1));
    assert_string_equal(date_format_local_time(1685620800, buf), "01/06/2023 12:00");
    /* Today is a real day, and the same as the day of now. */
    kh_date today = date_today();
    assert_int_not_equal(today, KH_NO_DATE);
    assert_true(today >= date_from_ymd(2023, 1, 1));

    if (old)
        setenv("TZ", old, 1);
    else
        unsetenv("TZ");
    tzset();
    free(old);
}

/* The day count agrees with the C library's timegm, day by day, over the
 * whole range dates may take (1900-9999). */
static void test_days_match_timegm(void **state)
{
    (void)state;
    for (int y = 1900; y <= 9999; y += (y < 2200 ? 1 : 37)) {
        for (int m = 1; m <= 12; m++) {
            for (int d = 1; d <= date_days_in_month(y, m); d++) {
                struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
                kh_date want = (kh_date)((timegm(&tm) - 12 * 3600) / 86400);
                kh_date got = date_from_ymd(y, m, d);
                if (got != want) fail_msg("%04d-%02d-%02d: %d, timegm %d", y, m, d, got, want);
                int yy, mm, dd;
                date_to_ymd(got, &yy, &mm, &dd);
                if (yy != y || mm != m || dd != d)
                    fail_msg("%d back to %04d-%02d-%02d", got, yy, mm, dd);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),      cmocka_unit_test(test_parse_both_forms_agree),
        cmocka_unit_test(test_format_table),     cmocka_unit_test(test_from_ymd_anchors),
        cmocka_unit_test(test_from_ymd_rejects), cmocka_unit_test(test_round_trip_every_day),
        cmocka_unit_test(test_round_trip_years), cmocka_unit_test(test_days_in_month),
        cmocka_unit_test(test_utc_table),        cmocka_unit_test(test_utc_round_trip),
        cmocka_unit_test(test_utc_rejects),      cmocka_unit_test(test_utc_rejects_same_length),
        cmocka_unit_test(test_local_time),       cmocka_unit_test(test_days_match_timegm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
