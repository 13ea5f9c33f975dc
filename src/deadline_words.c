/* Deadlines in the words plans use, read once for the plan loader and the
 * document importer (see include/kehoach/deadline_words.h). */
#include "kehoach/deadline_words.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "kehoach/model.h"
#include "kehoach/util.h"

/* ---- words ---- */

static int decode(const char *s, size_t n, utf8proc_int32_t *cp)
{
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, cp);
    return k < 1 ? 1 : (int)k;
}

char *dw_lower(const char *s)
{
    size_t n = strlen(s);
    char *out = xmalloc(n + 1);
    memcpy(out, s, n + 1);
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        int k = decode(s + i, n - i, &cp);
        if (k > 1 || (cp >= 'A' && cp <= 'Z')) {
            utf8proc_int32_t lo = utf8proc_tolower(cp);
            utf8proc_uint8_t buf[4];
            if (lo != cp && utf8proc_encode_char(lo, buf) == k) memcpy(out + i, buf, (size_t)k);
        }
        i += (size_t)k;
    }
    return out;
}

bool dw_wordc(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

size_t dw_word_at(const char *lo, size_t i, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(lo + i, w, n) != 0) return 0;
    if (i > 0 && dw_wordc(lo[i - 1]) && dw_wordc(w[0])) return 0;
    if (dw_wordc(lo[i + n]) && dw_wordc(w[n - 1])) return 0;
    return n;
}

size_t dw_spaces(const char *s, size_t i)
{
    size_t k = i;
    while (s[k] == ' ') k++;
    return k - i;
}

kh_date dw_due(const dw_reading *r)
{
    if (r->date == KH_NO_DATE) return KH_NO_DATE;
    return r->kind == DW_DATE && r->before ? r->date - 1 : r->date;
}

/* ---- reading ---- */

/* Digits at s+i: their value (at most 5 digits), *n their count. */
static int digits(const char *s, size_t i, size_t *n)
{
    int v = 0;
    size_t k = 0;
    while (k < 5 && s[i + k] >= '0' && s[i + k] <= '9') v = v * 10 + (s[i + k++] - '0');
    if (s[i + k] >= '0' && s[i + k] <= '9') k = 0; /* too long: no number */
    *n = k;
    return v;
}

/* "d/m/yyyy", "d/m" (year: year), "d-m-yyyy", "ngày d tháng m năm yyyy". */
static size_t date_at(const char *lo, size_t i, int year, kh_date *out, bool *had_year)
{
    size_t n1, n2, n3, k = i;
    *had_year = false;
    size_t w = dw_word_at(lo, k, "ngày");
    if (w) k += w + dw_spaces(lo, k + w);
    int d = digits(lo, k, &n1);
    if (!n1 || n1 > 2) return 0;
    k += n1;
    if (lo[k] == '/' || lo[k] == '-' || lo[k] == '.') {
        char sep = lo[k++];
        int m = digits(lo, k, &n2);
        if (!n2 || n2 > 2) return 0;
        k += n2;
        int y = year;
        if (lo[k] == sep && lo[k + 1] >= '0' && lo[k + 1] <= '9') {
            y = digits(lo, k + 1, &n3);
            if (n3 != 4) return 0;
            k += 1 + n3;
            *had_year = true;
        } else if (sep != '/') {
            return 0;
        }
        if (dw_wordc(lo[k]) || (lo[k] == '/' && lo[k + 1] >= '0' && lo[k + 1] <= '9')) return 0;
        if (!y) return 0;
        kh_date date = date_from_ymd(y, m, d);
        if (date == KH_NO_DATE) return 0;
        *out = date;
        return k - i;
    }
    /* ngày 05 tháng 01 năm 2024 */
    k += dw_spaces(lo, k);
    if (!(w = dw_word_at(lo, k, "tháng"))) return 0;
    k += w + dw_spaces(lo, k + w);
    int m = digits(lo, k, &n2);
    if (!n2 || n2 > 2) return 0;
    k += n2;
    size_t save = k;
    k += dw_spaces(lo, k);
    int y = year;
    if ((w = dw_word_at(lo, k, "năm"))) {
        k += w + dw_spaces(lo, k + w);
        y = digits(lo, k, &n3);
        if (n3 != 4) return 0;
        k += n3;
        *had_year = true;
    } else {
        k = save;
    }
    if (!y) return 0;
    kh_date date = date_from_ymd(y, m, d);
    if (date == KH_NO_DATE) return 0;
    *out = date;
    return k - i;
}

size_t dw_date_at(const char *s, kh_date *date)
{
    char *lo = dw_lower(s);
    bool had;
    size_t n = date_at(lo, 0, 0, date, &had);
    free(lo);
    return n;
}

/* The words that put a day as a deadline: "trước ngày", "chậm nhất ngày". */
static size_t day_trigger(const char *lo, size_t i)
{
    static const char *const t[] = {"trước ngày",        "chậm nhất ngày",  "chậm nhất trước ngày",
                                    "chậm nhất là ngày", "hạn chót ngày",   "hạn chót",
                                    "chậm nhất",         "trước",           "đến ngày",
                                    "hoàn thành ngày",   "xong trước ngày", "trong ngày"};
    for (size_t k = 0; k < KH_ARRAY_LEN(t); k++) {
        size_t n = dw_word_at(lo, i, t[k]);
        if (n) return n;
    }
    return 0;
}

/* Each day the text gives as a deadline: offsets of its words into *a, *b. */
typedef struct {
    kh_date date;
    size_t a, b;
    bool before; /* "trước ngày": due by the day before */
} found_day;

static size_t find_days(const char *lo, int year, found_day *out, size_t max)
{
    size_t n = 0, len = strlen(lo);
    for (size_t i = 0; i < len && n < max; i++) {
        if (i > 0 && dw_wordc(lo[i - 1])) continue;
        size_t t = day_trigger(lo, i);
        if (!t) continue;
        size_t k = i + t + dw_spaces(lo, i + t);
        kh_date date;
        bool had;
        size_t dn = date_at(lo, k, year, &date, &had);
        if (!dn) continue;
        out[n].date = date;
        out[n].before = dw_word_at(lo, i, "trước") || dw_word_at(lo, i, "chậm nhất trước ngày") ||
                        dw_word_at(lo, i, "xong trước ngày");
        out[n].a = i;
        out[n].b = k + dn;
        n++;
        i = k + dn;
    }
    return n;
}

static int quarter_number(const char *lo, size_t i, size_t *n)
{
    static const char *const r[] = {"iv", "iii", "ii", "i", "4", "3", "2", "1"};
    static const int v[] = {4, 3, 2, 1, 4, 3, 2, 1};
    for (size_t k = 0; k < KH_ARRAY_LEN(r); k++) {
        size_t m = strlen(r[k]);
        if (!strncmp(lo + i, r[k], m) && !dw_wordc(lo[i + m])) {
            *n = m;
            return v[k];
        }
    }
    return 0;
}

/* "/2024" or " năm 2024" at lo+i: the year, *n the length. */
static int year_after(const char *lo, size_t i, size_t *n)
{
    size_t k = i, d;
    if (lo[k] == '/') {
        int y = digits(lo, k + 1, &d);
        if (d == 4) {
            *n = 1 + d;
            return y;
        }
        return 0;
    }
    k += dw_spaces(lo, k);
    size_t w = dw_word_at(lo, k, "năm");
    if (!w) return 0;
    k += w + dw_spaces(lo, k + w);
    int y = digits(lo, k, &d);
    if (d != 4) return 0;
    *n = k + d - i;
    return y;
}

/* The kinds of a periodic report listed at lo+i: "tháng, quý, 6 tháng, 9
 * tháng, năm". Return the bit set and *n the length read. */
static unsigned kinds_at(const char *lo, size_t i, size_t *n, int *count)
{
    unsigned set = 0;
    size_t k = i;
    *count = 0;
    for (;;) {
        size_t w = 0, d;
        int bit = -1;
        size_t h = dw_word_at(lo, k, "hàng");
        if (!h) h = dw_word_at(lo, k, "hằng");
        if (h) k += h + dw_spaces(lo, k + h);
        int num = digits(lo, k, &d);
        if (d && d <= 2) {
            size_t s = dw_spaces(lo, k + d);
            size_t t = dw_word_at(lo, k + d + s, "tháng");
            if (t && (num == 6 || num == 9)) {
                w = d + s + t;
                bit = num == 6 ? EVERY_HALF_YEAR : EVERY_NINE_MONTHS;
            }
        } else if ((w = dw_word_at(lo, k, "sáu tháng"))) {
            bit = EVERY_HALF_YEAR;
        } else if ((w = dw_word_at(lo, k, "chín tháng"))) {
            bit = EVERY_NINE_MONTHS;
        } else if ((w = dw_word_at(lo, k, "tháng"))) {
            bit = EVERY_MONTH;
        } else if ((w = dw_word_at(lo, k, "quý"))) {
            bit = EVERY_QUARTER;
        } else if ((w = dw_word_at(lo, k, "năm"))) {
            bit = EVERY_YEAR;
        }
        if (bit < 0) break;
        /* "6 tháng đầu năm 2024" is a day, not a kind of report. */
        size_t after = k + w + dw_spaces(lo, k + w);
        if (bit == EVERY_HALF_YEAR && dw_word_at(lo, after, "đầu năm")) {
            size_t yn;
            size_t e = after + dw_word_at(lo, after, "đầu năm");
            if (year_after(lo, e, &yn) || (lo[e] == ' ' && lo[e + 1] >= '0' && lo[e + 1] <= '9'))
                break;
            w = after + dw_word_at(lo, after, "đầu năm") - k;
        }
        if (bit == EVERY_MONTH || bit == EVERY_YEAR || bit == EVERY_QUARTER) {
            /* "tháng 6/2024", "quý II", "năm 2024" name a period, not a kind */
            size_t e = k + w + dw_spaces(lo, k + w);
            if (lo[e] >= '0' && lo[e] <= '9') break;
            size_t qn;
            if (bit == EVERY_QUARTER && quarter_number(lo, e, &qn)) break;
        }
        set |= 1u << bit;
        (*count)++;
        k += w;
        size_t s = dw_spaces(lo, k);
        if (lo[k + s] == ',' || lo[k + s] == '/') {
            k += s + 1;
            k += dw_spaces(lo, k);
            continue;
        }
        size_t v = dw_word_at(lo, k + s, "và");
        if (!v) v = dw_word_at(lo, k + s, "hoặc");
        if (v) {
            k += s + v + dw_spaces(lo, k + s + v);
            continue;
        }
        break;
    }
    *n = k - i;
    return set;
}

dw_kind dw_read(const char *text, int year, dw_reading *dl)
{
    memset(dl, 0, sizeof *dl);
    dl->date = dl->from = KH_NO_DATE;
    char *lo = dw_lower(text);
    size_t len = strlen(lo);
    dw_kind kind = DW_NONE;

    /* Days from an event: "105 ngày trước ngày bầu cử". */
    for (size_t i = 0; i < len && !kind; i++) {
        if (i && dw_wordc(lo[i - 1])) continue;
        size_t d;
        int days = digits(lo, i, &d);
        if (!d || d > 4) continue;
        size_t k = i + d + dw_spaces(lo, i + d), w;
        if (!(w = dw_word_at(lo, k, "ngày"))) continue;
        k += w + dw_spaces(lo, k + w);
        int sign = 0;
        if ((w = dw_word_at(lo, k, "trước")))
            sign = -1;
        else if ((w = dw_word_at(lo, k, "sau")))
            sign = 1;
        if (!sign) continue;
        k += w + dw_spaces(lo, k + w);
        size_t e = k;
        if (!dw_word_at(lo, e, "ngày")) continue;
        while (e < len && !strchr(",;.()", lo[e])) e++;
        while (e > k && lo[e - 1] == ' ') e--;
        kh_date date;
        bool had;
        if (date_at(lo, k, year, &date, &had)) continue; /* a date, not an event */
        kind = DW_EVENT;
        dl->days = sign * days;
        dl->ea = k;
        dl->eb = e;
        dl->a = i;
        dl->b = e;
    }

    /* Windows: "từ tháng 3 đến tháng 5/2024", "từ ngày d/m/y đến ngày d/m/y". */
    for (size_t i = 0; i < len && !kind; i++) {
        size_t w = dw_word_at(lo, i, "từ");
        if (!w) continue;
        size_t k = i + w + dw_spaces(lo, i + w);
        kh_date a = KH_NO_DATE, b = KH_NO_DATE;
        bool had;
        size_t dn = date_at(lo, k, year, &a, &had), mn = 0;
        int m1 = 0;
        if (!dn && (mn = dw_word_at(lo, k, "tháng"))) {
            size_t d;
            m1 = digits(lo, k + mn + dw_spaces(lo, k + mn), &d);
            if (!d || m1 < 1 || m1 > 12) continue;
            dn = mn + dw_spaces(lo, k + mn) + d;
        }
        if (!dn) continue;
        k += dn + dw_spaces(lo, k + dn);
        if (!(w = dw_word_at(lo, k, "đến"))) continue;
        k += w + dw_spaces(lo, k + w);
        if ((w = dw_word_at(lo, k, "hết"))) k += w + dw_spaces(lo, k + w);
        size_t en = 0;
        if (m1) {
            size_t t = dw_word_at(lo, k, "tháng"), d, yn;
            if (!t) continue;
            size_t p = k + t + dw_spaces(lo, k + t);
            int m2 = digits(lo, p, &d);
            if (!d || m2 < 1 || m2 > 12) continue;
            int y = year_after(lo, p + d, &yn);
            if (!y) y = year, yn = 0;
            if (!y) continue;
            a = date_from_ymd(y, m1, 1);
            b = date_from_ymd(y, m2, date_days_in_month(y, m2));
            en = p + d + yn - k;
        } else {
            en = date_at(lo, k, year, &b, &had);
        }
        if (!en || a == KH_NO_DATE || b == KH_NO_DATE || b < a) continue;
        kind = DW_WINDOW;
        dl->from = a;
        dl->date = b;
        dl->a = i;
        dl->b = k + en;
    }

    /* Days: "trước ngày 01/6/2023". */
    if (!kind) {
        found_day f[1];
        if (find_days(lo, year, f, 1)) {
            kind = DW_DATE;
            dl->date = f[0].date;
            dl->before = f[0].before;
            dl->a = f[0].a;
            dl->b = f[0].b;
        }
    }

    /* "quý II/2024", "trong quý II", "tháng 6/2024", "6 tháng đầu năm 2024",
     * "năm 2025" (after trong, đến, hoàn thành), "cuối năm". */
    for (size_t i = 0; i < len && !kind; i++) {
        size_t w, yn, qn;
        if ((w = dw_word_at(lo, i, "quý"))) {
            size_t k = i + w + dw_spaces(lo, i + w);
            int q = quarter_number(lo, k, &qn);
            if (!q) continue;
            int y = year_after(lo, k + qn, &yn);
            bool inside = (i >= 6 && dw_word_at(lo, i - 6, "trong")) ||
                          (i >= 7 && dw_word_at(lo, i - 7, "trước"));
            if (!y && !inside) continue;
            if (!y) y = year, yn = 0;
            if (!y) continue;
            kind = DW_DATE;
            dl->date = date_from_ymd(y, q * 3, date_days_in_month(y, q * 3));
            dl->a = i;
            dl->b = k + qn + yn;
        } else if ((w = dw_word_at(lo, i, "tháng"))) {
            if (i >= 2 && lo[i - 2] >= '0' && lo[i - 2] <= '9') continue; /* "6 tháng" */
            size_t k = i + w + dw_spaces(lo, i + w), d;
            int m = digits(lo, k, &d);
            if (!d || d > 2 || m < 1 || m > 12) continue;
            int y = year_after(lo, k + d, &yn);
            bool inside = i >= 6 && dw_word_at(lo, i - 6, "trong");
            if (!y && !inside) continue;
            if (!y) y = year, yn = 0;
            if (!y) continue;
            kind = DW_DATE;
            dl->date = date_from_ymd(y, m, date_days_in_month(y, m));
            dl->a = i;
            dl->b = k + d + yn;
        } else if ((w = dw_word_at(lo, i, "6 tháng đầu năm")) ||
                   (w = dw_word_at(lo, i, "06 tháng đầu năm")) ||
                   (w = dw_word_at(lo, i, "9 tháng đầu năm")) ||
                   (w = dw_word_at(lo, i, "09 tháng đầu năm"))) {
            int y = year_after(lo, i + w - 4, &yn); /* " năm 2024" after "đầu" */
            size_t e = i + w - 4 + yn;
            if (!y) continue;
            int m = lo[i] == '9' || lo[i + 1] == '9' ? 9 : 6;
            kind = DW_DATE;
            dl->date = date_from_ymd(y, m, date_days_in_month(y, m));
            dl->a = i;
            dl->b = e;
        } else if ((w = dw_word_at(lo, i, "cuối năm"))) {
            size_t e = i + w, d;
            int y = 0;
            if (lo[e] == ' ') {
                y = digits(lo, e + 1, &d);
                if (d == 4)
                    e += 1 + d;
                else
                    y = 0;
            }
            if (y) {
                kind = DW_DATE;
                dl->date = date_from_ymd(y, 12, 31);
            } else {
                kind = DW_PERIOD_END;
            }
            dl->a = i;
            dl->b = e;
        } else if ((w = dw_word_at(lo, i, "năm"))) {
            bool before = (i >= 6 && dw_word_at(lo, i - 6, "trong")) ||
                          (i >= 5 && dw_word_at(lo, i - 5, "đến")) ||
                          (i >= 11 && dw_word_at(lo, i - 11, "hoàn thành")) ||
                          (i >= 12 && dw_word_at(lo, i - 12, "hoàn thành"));
            if (!before) continue;
            size_t k = i + w + dw_spaces(lo, i + w), d;
            int y = digits(lo, k, &d);
            if (d != 4) continue;
            kind = DW_DATE;
            dl->date = date_from_ymd(y, 12, 31);
            size_t a = i;
            while (a > 0 && lo[a - 1] != ',' && lo[a - 1] != ';' && i - a < 16) a--;
            while (lo[a] == ' ') a++;
            dl->a = a;
            dl->b = k + d;
        }
        if (kind && dl->date == KH_NO_DATE && kind == DW_DATE) kind = DW_NONE;
    }

    /* Periodic reports. */
    for (size_t i = 0; i < len && !kind; i++) {
        size_t w;
        bool strong = false;
        if ((w = dw_word_at(lo, i, "định kỳ")) || (w = dw_word_at(lo, i, "báo cáo")))
            strong = true;
        else if (!(w = dw_word_at(lo, i, "hàng")) && !(w = dw_word_at(lo, i, "hằng")))
            continue;
        size_t k = strong ? i + w + dw_spaces(lo, i + w) : i, n;
        int count;
        unsigned set = kinds_at(lo, k, &n, &count);
        if (!set) continue;
        bool sure = strong || count >= 2;
        if (!sure && (set & (1u << EVERY_YEAR))) continue; /* "dự toán hàng năm" */
        kind = DW_PERIODIC;
        dl->sure = sure;
        dl->every = set;
        size_t a = i;
        dl->a = a;
        dl->b = k + n;
    }

    /* Continuous work. */
    static const char *const ongoing[] = {"thường xuyên", "liên tục",  "hàng ngày",
                                          "hằng ngày",    "hàng tuần", "hằng tuần"};
    for (size_t k = 0; k < KH_ARRAY_LEN(ongoing) && !kind; k++) {
        const char *p = strstr(lo, ongoing[k]);
        while (p && !dw_word_at(lo, (size_t)(p - lo), ongoing[k])) p = strstr(p + 1, ongoing[k]);
        if (!p) continue;
        kind = DW_CONTINUOUS;
        dl->a = (size_t)(p - lo);
        dl->b = (size_t)(p - lo) + strlen(ongoing[k]);
    }

    /* Words that promise a day it cannot read: an open point. */
    if (!kind) {
        static const char *const promise[] = {"trước ngày", "chậm nhất", "hạn chót", "thời hạn"};
        for (size_t k = 0; k < KH_ARRAY_LEN(promise) && !kind; k++) {
            const char *p = strstr(lo, promise[k]);
            if (!p) continue;
            size_t a = (size_t)(p - lo), e = a + strlen(promise[k]);
            size_t stop = e;
            while (stop < len && stop < e + 24 && !strchr(",;.", lo[stop])) stop++;
            kind = DW_NONE;
            dl->open = true;
            dl->a = a;
            dl->b = stop;
            break;
        }
    }
    free(lo);
    dl->kind = kind;
    return kind;
}

size_t dw_days(const char *text, int year, dw_reading *out, size_t max)
{
    if (max > 16) max = 16;
    found_day f[16];
    char *lo = dw_lower(text);
    size_t n = find_days(lo, year, f, max);
    free(lo);
    for (size_t i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].kind = DW_DATE;
        out[i].date = f[i].date;
        out[i].before = f[i].before;
        out[i].from = KH_NO_DATE;
        out[i].a = f[i].a;
        out[i].b = f[i].b;
    }
    return n;
}
