/* Unit tests for text.h: width, fitting, sanitizing, folding, NFC, UTF-8
 * validation and wrapping. */
#include "testutil.h"

#include <utf8proc.h>

#include "kehoach/text.h"

/* "Tư pháp – hộ tịch" in NFC; 17 columns. */
#define TP_NFC "Tư pháp – hộ tịch"
/* The same in NFD: ư = u + U+031B, á = a + U+0301, ộ = o + U+0323 + U+0302,
 * ị = i + U+0323. */
#define TP_NFD                                                                                     \
    "Tu\u031B pha\u0301p – ho\u0323\u0302 ti\u0323"                                              \
    "ch"

/* Return a heap copy of s in NFD, made by utf8proc itself. */
static char *nfd(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                        UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE);
    assert_true(len >= 0);
    return (char *)out;
}

/* Return true when the code point starting at s is a combining mark. */
static bool starts_with_mark(const char *s)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
    if (len <= 0) return false;
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
           cat == UTF8PROC_CATEGORY_ME;
}

/* Return true when byte offset at of the n bytes of s is a grapheme cluster
 * boundary by utf8proc's rules (the start and the end are). */
static bool grapheme_boundary(const char *s, size_t n, size_t at)
{
    if (at == 0 || at >= n) return true;
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    utf8proc_int32_t state = 0, prev, cp;
    utf8proc_ssize_t len = utf8proc_iterate(u, (utf8proc_ssize_t)n, &prev);
    assert_true(len > 0);
    size_t i = (size_t)len;
    while (i < n) {
        if (i > at) return false; /* inside a code point */
        len = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
        assert_true(len > 0);
        bool brk = utf8proc_grapheme_break_stateful(prev, cp, &state);
        if (i == at) return brk;
        prev = cp;
        i += (size_t)len;
    }
    return false;
}

/* Return the number of grapheme clusters in the n bytes of s. */
static size_t graphemes(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (grapheme_boundary(s, n, i)) count++;
    return count;
}

/* ---- fixtures checked against utf8proc ---- */

static void test_fixture_nfd_literal(void **state)
{
    (void)state;
    char *d = nfd(TP_NFC);
    assert_string_equal(d, TP_NFD);
    assert_true(strlen(TP_NFD) > strlen(TP_NFC));
    free(d);
    /* And TP_NFC is NFC indeed. */
    char *c = (char *)utf8proc_NFC((const utf8proc_uint8_t *)TP_NFD);
    assert_string_equal(c, TP_NFC);
    free(c);
}

/* ---- text_width ---- */

static void test_width_table(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int width;
    } cases[] = {
        {"", 0},
        {"a", 1},
        {"abc def", 7},
        {TP_NFC, 17},
        {TP_NFD, 17},
        {"Tư pháp – Hộ tịch", 17},
        {"…", 1},
        {"\u0301", 0},        /* a lone combining acute */
        {"e\u0301", 1},       /* e + combining acute */
        {"o\u0323\u0302", 1}, /* o + two marks */
        {"é", 1},             /* precomposed */
        {"ĐỊ", 2},
        {"中文", 4}, /* wide */
        {"a中b", 4},
        {"Văn phòng – Thống kê", 20},
        {"\x1b", 0}, /* C0 controls take no column */
        {"a\177b", 2},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        int w = text_width(cases[i].s);
        if (w != cases[i].width)
            fail_msg("case %zu: text_width(\"%s\") = %d, want %d", i, cases[i].s, w,
                     cases[i].width);
    }
}

static void test_width_nfc_equals_nfd(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "Tư pháp – hộ tịch",  "Địa chính – Xây dựng", "Ủy ban nhân dân phường",
        "Báo cáo hằng tháng", "Thường xuyên",         "Người đứng đầu cơ quan, đơn vị",
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        char *d = nfd(texts[i]);
        assert_string_not_equal(d, texts[i]);
        assert_int_equal(text_width(d), text_width(texts[i]));
        free(d);
    }
}

/* ---- text_fit ---- */

static void test_fit_table(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int cols;
        bool pad;
        const char *want;
        int ret;
    } cases[] = {
        /* ASCII fast path: fits. */
        {"abc", 5, true, "abc  ", 5},
        {"abc", 5, false, "abc", 3},
        {"abc", 3, true, "abc", 3},
        {"abc", 3, false, "abc", 3},
        {"", 3, true, "   ", 3},
        {"", 3, false, "", 0},
        /* ASCII cut. */
        {"abcdef", 4, false, "abc…", 4},
        {"abcdef", 4, true, "abc…", 4},
        {"abcdef", 5, true, "abcd…", 5},
        {"abcdef", 1, false, "…", 1},
        {"abcdef", 1, true, "…", 1},
        {"ab", 1, true, "…", 1},
        /* Nothing for no columns. */
        {"abc", 0, true, "", 0},
        {"abc", 0, false, "", 0},
        {"abc", -3, true, "", 0},
        {"", -1, true, "", 0},
        {TP_NFC, 0, true, "", 0},
        /* Vietnamese, NFC. */
        {TP_NFC, 17, false, TP_NFC, 17},
        {TP_NFC, 17, true, TP_NFC, 17},
        {TP_NFC, 20, true, TP_NFC "   ", 20},
        {TP_NFC, 20, false, TP_NFC, 17},
        {TP_NFC, 16, false, "Tư pháp – hộ tị…", 16},
        {TP_NFC, 10, false, "Tư pháp –…", 10},
        {TP_NFC, 2, true, "T…", 2},
        /* Vietnamese, NFD: marks stay with their letter. */
        {TP_NFD, 17, false, TP_NFD, 17},
        {TP_NFD, 19, true, TP_NFD "  ", 19},
        {TP_NFD, 3, false, "Tu\u031B…", 3},
        {TP_NFD, 7, false, "Tu\u031B pha\u0301…", 7},
        {TP_NFD, 13, false, "Tu\u031B pha\u0301p – ho\u0323\u0302…", 13},
        {TP_NFD, 16, false, "Tu\u031B pha\u0301p – ho\u0323\u0302 ti\u0323…", 16},
        {"e\u0301e\u0301e\u0301", 2, false, "e\u0301…", 2},
        {"e\u0301e\u0301e\u0301", 3, false, "e\u0301e\u0301e\u0301", 3},
        /* A text that is ASCII but too long goes through the cut. */
        {"hello world", 6, true, "hello…", 6},
        /* Wide characters: a cut may leave a column, padded when asked. */
        {"中文字", 4, false, "中…", 3},
        {"中文字", 4, true, "中… ", 4},
        {"中文字", 6, true, "中文字", 6},
        {"中文", 2, true, "… ", 2},
        /* Other clusters are kept whole too: a ZWJ sequence (2 + 0 + 2
         * columns), an emoji with a skin tone (2 + 2). */
        {"a\U0001F468\u200D\U0001F469b", 4, false, "a…", 2},
        {"a\U0001F468\u200D\U0001F469b", 6, false, "a\U0001F468\u200D\U0001F469b", 6},
        {"\U0001F44D\U0001F3FDx", 3, false, "…", 1},
        {"\U0001F44D\U0001F3FDx", 4, true, "…   ", 4},
        /* The ellipsis itself fits in one column. */
        {"…", 1, false, "…", 1},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        strbuf sb = STRBUF_INIT;
        int r = text_fit(&sb, cases[i].s, cases[i].cols, cases[i].pad);
        if (strcmp(sb_str(&sb), cases[i].want) != 0 || r != cases[i].ret)
            fail_msg("case %zu: text_fit(\"%s\", %d, %d) = \"%s\" (%d), want \"%s\" (%d)", i,
                     cases[i].s, cases[i].cols, cases[i].pad, sb_str(&sb), r, cases[i].want,
                     cases[i].ret);
        sb_done(&sb);
    }
}

static void test_fit_appends(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "[");
    assert_int_equal(text_fit(&sb, "ab", 4, true), 4);
    sb_puts(&sb, "|");
    assert_int_equal(text_fit(&sb, TP_NFC, 5, true), 5);
    sb_puts(&sb, "|");
    assert_int_equal(text_fit(&sb, "x", 0, true), 0);
    sb_puts(&sb, "]");
    assert_string_equal(sb_str(&sb), "[ab  |Tư p…|]");
    sb_done(&sb);
}

/* For many texts and widths: the column count is exact with padding, never
 * more than asked without, the kept text is a prefix of the input cut at a
 * grapheme boundary, and "…" marks every cut. */
static void test_fit_properties(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "",
        "a",
        "hello world",
        TP_NFC,
        TP_NFD,
        "Ủy ban nhân dân phường Thử",
        "中文 字 ab",
        "e\u0301e\u0301e\u0301e\u0301",
        "Nguyễn Thị Hồng – Tổ trưởng tổ dân phố số 3",
        /* Clusters of several code points that are not marks: flags (regional
         * indicator pairs), a ZWJ sequence, a skin tone. */
        "\U0001F1FB\U0001F1F3\U0001F1FB\U0001F1F3\U0001F1FB\U0001F1F3",
        "a\U0001F468\u200D\U0001F469b \U0001F44D\U0001F3FDx",
    };
    static const char ell[] = "…";
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        const char *s = texts[i];
        int full = text_width(s);
        for (int cols = 1; cols <= 50; cols++) {
            for (int pad = 0; pad <= 1; pad++) {
                strbuf sb = STRBUF_INIT;
                int r = text_fit(&sb, s, cols, pad);
                const char *out = sb_str(&sb);
                int w = text_width(out);
                if (r != w) fail_msg("\"%s\" in %d: returned %d, width %d", s, cols, r, w);
                if (pad && w != cols) fail_msg("\"%s\" padded to %d: width %d", s, cols, w);
                if (w > cols) fail_msg("\"%s\" in %d: width %d", s, cols, w);
                if (full <= cols) {
                    /* Whole text, then only spaces. */
                    assert_memory_equal(out, s, strlen(s));
                    for (const char *p = out + strlen(s); *p; p++) assert_int_equal(*p, ' ');
                    if (!pad) assert_int_equal(sb.len, strlen(s));
                } else {
                    const char *e = strstr(out, ell);
                    if (!e) fail_msg("\"%s\" in %d: cut without an ellipsis: \"%s\"", s, cols, out);
                    size_t kept = (size_t)(e - out);
                    assert_true(kept < strlen(s));
                    assert_memory_equal(out, s, kept);
                    if (starts_with_mark(s + kept))
                        fail_msg("\"%s\" in %d: cut before a combining mark: \"%s\"", s, cols, out);
                    if (!grapheme_boundary(s, strlen(s), kept))
                        fail_msg("\"%s\" in %d: cut inside a grapheme: \"%s\"", s, cols, out);
                    /* Only padding after the ellipsis. */
                    for (const char *p = e + strlen(ell); *p; p++) assert_int_equal(*p, ' ');
                    /* No space right before the ellipsis: "Chủ…", not "Chủ …". */
                    if (kept > 0 && out[kept - 1] == ' ')
                        fail_msg("\"%s\" in %d: space before the ellipsis: \"%s\"", s, cols, out);
                    /* The cut keeps as much as fits: one more grapheme would not
                     * (spaces dropped before the ellipsis count as kept). */
                    size_t cut = kept;
                    while (s[cut] == ' ') cut++;
                    size_t next = cut + 1;
                    while (!grapheme_boundary(s, strlen(s), next)) next++;
                    char *kept_s = xstrndup(s, kept), *more = xstrndup(s, next);
                    if (text_width(more) <= cols - 1)
                        fail_msg("\"%s\" in %d: cut early: \"%s\"", s, cols, out);
                    /* Kept text, "…", then padding only when asked for. */
                    size_t spaces = strlen(e + strlen(ell));
                    if (!pad) assert_int_equal(spaces, 0);
                    assert_int_equal(w, text_width(kept_s) + 1 + (int)spaces);
                    free(kept_s);
                    free(more);
                }
                sb_done(&sb);
            }
        }
    }
}

/* ---- text_sanitize ---- */

static void test_sanitize_table(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int flags;
        const char *want;
    } cases[] = {
        {"", 0, ""},
        {"plain text", 0, "plain text"},
        {TP_NFC, 0, TP_NFC},
        {TP_NFD, 0, TP_NFD},
        {"Ủy ban nhân dân phường Thử, số 52/KH-UBND", 0,
         "Ủy ban nhân dân phường Thử, số 52/KH-UBND"},
        {"Ủy ban nhân dân", TEXT_ONE_LINE, "Ủy ban nhân dân"},
        /* C0 controls and DEL. */
        {"a\x1b[31mred\x1b[0m", 0, "a\\x1B[31mred\\x1B[0m"},
        {"\x1b]0;title\x07", 0, "\\x1B]0;title\\x07"},
        {"\x01\x02\x1f", 0, "\\x01\\x02\\x1F"},
        {"a\177b", 0, "a\\x7Fb"},
        {"a\bb", TEXT_ONE_LINE, "a\\x08b"},
        {"x\x1b", TEXT_ONE_LINE, "x\\x1B"},
        /* C1 controls U+0080..U+009F, encoded as UTF-8 (octal: a C string
         * cannot name them with \u). */
        {"\302\200", 0, "\\x80"},
        {"a\302\205b", 0, "a\\x85b"},
        {"\302\23331m", 0, "\\x9B31m"},
        {"\302\237", 0, "\\x9F"},
        /* U+00A0 is the first after C1: kept. */
        {"a\u00A0b", 0, "a\u00A0b"},
        /* Bidi controls. */
        {"abc\u202Edef", 0, "abc<U+202E>def"},
        {"\u202A\u202B\u202C\u202D", 0, "<U+202A><U+202B><U+202C><U+202D>"},
        {"\u2066x\u2069", 0, "<U+2066>x<U+2069>"},
        {"\u2067\u2068", 0, "<U+2067><U+2068>"},
        {"\u200E\u200F", 0, "<U+200E><U+200F>"},
        {"\u061C", 0, "<U+061C>"},
        {"\u202E", TEXT_ONE_LINE, "<U+202E>"},
        /* Invalid bytes. */
        {"\xff", 0, "\\xFF"},
        {"a\376b", 0, "a\\xFEb"},
        {"ab\xc3", 0, "ab\\xC3"},
        {"\xc3\x28", 0, "\\xC3("},
        {"\x80x", 0, "\\x80x"},
        {"\xc0\xaf", 0, "\\xC0\\xAF"},
        {"\xed\xa0\x80", 0, "\\xED\\xA0\\x80"},
        {"\xe1\xbb", 0, "\\xE1\\xBB"},
        {"Tư\377pháp", 0, "Tư\\xFFpháp"},
        /* Line breaks and tabs, kept as lines or folded to one space. */
        {"a\nb", 0, "a\nb"},
        {"a\n\nb", 0, "a\n\nb"},
        {"a\tb", 0, "a\\x09b"},
        {"a\r\nb", 0, "a\\x0D\nb"},
        {"a\nb", TEXT_ONE_LINE, "a b"},
        {"a\tb", TEXT_ONE_LINE, "a b"},
        {"a\r\nb", TEXT_ONE_LINE, "a b"},
        {"a\n\n\t\r\n\tb", TEXT_ONE_LINE, "a b"},
        {"a\n \nb", TEXT_ONE_LINE, "a   b"},
        {"\nx\n", TEXT_ONE_LINE, " x "},
        {"Tư pháp\n– hộ tịch", TEXT_ONE_LINE, "Tư pháp – hộ tịch"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        strbuf sb = STRBUF_INIT;
        text_sanitize(&sb, cases[i].s, cases[i].flags);
        if (strcmp(sb_str(&sb), cases[i].want) != 0)
            fail_msg("case %zu: text_sanitize(\"%s\", %d) = \"%s\", want \"%s\"", i, cases[i].s,
                     cases[i].flags, sb_str(&sb), cases[i].want);
        sb_done(&sb);
    }
}

static void test_sanitize_appends_and_is_safe(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "> ");
    text_sanitize(&sb, "x\x1b", TEXT_ONE_LINE);
    assert_string_equal(sb_str(&sb), "> x\\x1B");
    sb_reset(&sb);

    /* Every single byte: the output is valid UTF-8 without any control but
     * the newlines it was allowed to keep. */
    for (int c = 1; c < 256; c++) {
        char in[4] = {'a', (char)c, 'b', 0};
        for (int flags = 0; flags <= TEXT_ONE_LINE; flags++) {
            sb_reset(&sb);
            text_sanitize(&sb, in, flags);
            const char *out = sb_str(&sb);
            assert_true(text_valid_utf8(out, strlen(out), NULL));
            for (const char *p = out; *p; p++) {
                unsigned char u = (unsigned char)*p;
                if (u == '\n' && !flags) continue;
                if (u < 0x20 || u == 0x7f)
                    fail_msg("byte 0x%02X (flags %d) left control 0x%02X in \"%s\"", c, flags, u,
                             out);
            }
            if (flags) assert_null(strchr(out, '\n'));
        }
    }
    sb_done(&sb);
}

/* ---- the one rule: what text may hold ---- */

static void test_refused_cp(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        long want;
    } cases[] = {
        {"", -1},
        {"Tư pháp – Hộ tịch", -1},
        {"tab\tand\nline", -1},
        {"a\rb", 0x0d},
        {"\x1b[2J", 0x1b},
        {"a\x7f", 0x7f},
        {"a\xc2\x80", 0x80},
        {"a\xc2\x9b", 0x9b},
        {"a\xc2\xa0", -1}, /* no-break space: text */
        {"\xd8\x9c", 0x061c},
        {"\xe2\x80\x8e", 0x200e},
        {"x\xe2\x80\xae", 0x202e},
        {"\xe2\x80\x94", -1}, /* em dash */
        {"\xe2\x81\xa9", 0x2069},
        {"\xef\xbb\xbf", 0xfeff},
        {"ab\xff", 0xfffd},
        {"ab\xc3", 0xfffd},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        long got = text_refused_cp(cases[i].s, strlen(cases[i].s));
        if (got != cases[i].want) fail_msg("case %zu: %lx, want %lx", i, got, cases[i].want);
    }
    const char *s = "Đã họp\xe2\x80\xae";
    assert_int_equal(text_safe_span(s, strlen(s)), 4);           /* Đã, then a space */
    assert_int_equal(text_safe_span(s + 6, strlen(s + 6)), 3);   /* ọ, then p */
    assert_int_equal(text_safe_span(s + 10, strlen(s + 10)), 0); /* U+202E */
    assert_int_equal(text_safe_span("a", 1), 0);
    strbuf sb = STRBUF_INIT;
    text_sanitize(&sb, "a\tb\x1b", TEXT_KEEP_TAB);
    assert_string_equal(sb_str(&sb), "a\tb\\x1B");
    sb_reset(&sb);
    text_sanitize(&sb, "a\tb\x1b", 0);
    assert_string_equal(sb_str(&sb), "a\\x09b\\x1B");
    sb_done(&sb);
}

/* ---- text_fold ---- */

static void test_fold_table(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        const char *want; /* NULL: invalid */
    } cases[] = {
        {"", ""},
        {"abc", "abc"},
        {"ABC Def", "abc def"},
        {"Tư pháp – Hộ tịch", "tu phap - ho tich"},
        {TP_NFC, "tu phap - ho tich"},
        {TP_NFD, "tu phap - ho tich"},
        {"TƯ PHÁP – HỘ TỊCH", "tu phap - ho tich"},
        {"Địa chính", "dia chinh"},
        {"ĐỊA", "dia"},
        {"đ", "d"},
        {"Đà Nẵng", "da nang"},
        {"\u00D0\u1ECBA", "dia"}, /* Ð (eth), as converted text has Đ */
        {"\u00F0\u1ECBa ch\u00EDnh", "dia chinh"},
        {"\u00D0\u00C3 HO\u00C0N TH\u00C0NH", "da hoan thanh"},
        {"Thường xuyên", "thuong xuyen"},
        {"ĐÃ HOÀN THÀNH", "da hoan thanh"},
        {"Ủy ban nhân dân", "uy ban nhan dan"},
        {"ỨNG DỤNG", "ung dung"},
        {"Văn phòng—Thống kê", "van phong-thong ke"}, /* em dash */
        {"a\u2212b", "a-b"},                          /* minus sign */
        {"  tu   phap  ", "tu phap"},                 /* runs collapse, ends trimmed */
        {"tu\t\tphap\n\nho  tich", "tu phap ho tich"},
        {"\n\t \r", ""},
        {"a\u00A0\u00A0b", "a b"}, /* no-break spaces */
        {"\xff", NULL},
        {"ab\xc3", NULL},
        {"Tư\xed\xa0\x80", NULL},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        char *f = text_fold(cases[i].s);
        if (!cases[i].want) {
            if (f) fail_msg("case %zu: text_fold(\"%s\") = \"%s\", want NULL", i, cases[i].s, f);
        } else {
            if (!f) fail_msg("case %zu: text_fold(\"%s\") = NULL", i, cases[i].s);
            if (strcmp(f, cases[i].want) != 0)
                fail_msg("case %zu: text_fold(\"%s\") = \"%s\", want \"%s\"", i, cases[i].s, f,
                         cases[i].want);
        }
        free(f);
    }
}

static void test_fold_nfd_equals_nfc(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "Tư pháp – Hộ tịch", "Địa chính – Xây dựng", "Ủy ban nhân dân phường",
        "BÁO CÁO HẰNG QUÝ",  "Người đứng đầu",       "Chưa hoàn thành quá hạn",
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        char *d = nfd(texts[i]);
        char *a = text_fold(texts[i]);
        char *b = text_fold(d);
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
        /* Folded text is plain ASCII here. */
        for (const char *p = a; *p; p++) assert_true((unsigned char)*p < 0x80);
        free(a);
        free(b);
        free(d);
    }
}

/* ---- text_nfc ---- */

static void test_nfc_table(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n; /* 0: strlen */
        const char *want;
    } cases[] = {
        {TP_NFD, 0, TP_NFC},
        {TP_NFC, 0, TP_NFC},
        {"e\u0301", 0, "é"},
        {"o\u0323\u0302", 0, "ộ"}, /* ộ */
        {"o\u0302\u0323", 0, "ộ"}, /* marks in the other order */
        {"plain ASCII, 52/KH-UBND", 0, "plain ASCII, 52/KH-UBND"},
        {"abcdef", 3, "abc"},
        {"e\u0301xyz", 3, "é"},
        {"Tư pháp", 3, "Tư"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        size_t n = cases[i].n ? cases[i].n : strlen(cases[i].s);
        char *r = text_nfc(cases[i].s, n);
        if (!r) fail_msg("case %zu: text_nfc(\"%s\") = NULL", i, cases[i].s);
        if (strcmp(r, cases[i].want) != 0)
            fail_msg("case %zu: text_nfc(\"%s\") = \"%s\", want \"%s\"", i, cases[i].s, r,
                     cases[i].want);
        assert_true(r != cases[i].s);
        free(r);
    }

    char *e = text_nfc("", 0);
    assert_non_null(e);
    assert_string_equal(e, "");
    free(e);

    static const char *const bad[] = {"\xff", "ab\xc3", "a\xe1\x80", "\xc0\x80", "Tư\x80"};
    for (size_t i = 0; i < KH_ARRAY_LEN(bad); i++) {
        char *r = text_nfc(bad[i], strlen(bad[i]));
        if (r) fail_msg("bad %zu: text_nfc gave \"%s\", want NULL", i, r);
    }
    /* A cut inside a character is invalid too. */
    assert_null(text_nfc("\xc3\xa9", 1));
}

/* ---- text_valid_utf8 ---- */

static void test_valid_utf8_table(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n; /* bytes to check */
        bool ok;
        size_t bad_at;
    } cases[] = {
        {"", 0, true, 0},
        {"abc", 3, true, 0},
        {TP_NFC, sizeof TP_NFC - 1, true, 0},
        {TP_NFD, sizeof TP_NFD - 1, true, 0},
        {"\xf0\x9f\x98\x80", 4, true, 0}, /* U+1F600 */
        {"\xf4\x8f\xbf\xbf", 4, true, 0}, /* U+10FFFF */
        {"a\0b", 3, true, 0},             /* NUL is a valid character */
        {"ab\xff", 3, false, 2},
        {"\xfe", 1, false, 0},
        {"a\x80", 2, false, 1},            /* a lone continuation byte */
        {"\xc0\x80", 2, false, 0},         /* overlong NUL */
        {"\xc1\xbf", 2, false, 0},         /* overlong */
        {"\xe0\x80\xaf", 3, false, 0},     /* overlong */
        {"ab\xed\xa0\x80", 5, false, 2},   /* a surrogate */
        {"\xf4\x90\x80\x80", 4, false, 0}, /* above U+10FFFF */
        {"\xf8\x88\x80\x80\x80", 5, false, 0},
        {"abc\xe1\x80", 5, false, 3}, /* cut short at the end */
        {"\xc3\xa9\xc3", 3, false, 2},
        {"\xc3(", 2, false, 0},
        {"Tư pháp\xe1\xbb", 11, false, 9},
        {"\xc3\xa9", 1, false, 0},    /* n ends inside a character */
        {"\xc3\xa9\xff", 2, true, 0}, /* the bad byte lies beyond n */
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        size_t at = (size_t)-1;
        bool ok = text_valid_utf8(cases[i].s, cases[i].n, &at);
        if (ok != cases[i].ok) fail_msg("case %zu: valid = %d, want %d", i, ok, cases[i].ok);
        if (!ok && at != cases[i].bad_at)
            fail_msg("case %zu: bad_at = %zu, want %zu", i, at, cases[i].bad_at);
        /* bad_at may be NULL. */
        assert_int_equal(text_valid_utf8(cases[i].s, cases[i].n, NULL), cases[i].ok);
    }
}

/* ---- text_wrap ---- */

typedef struct {
    const char *base;
    size_t base_len;
    int n;
    size_t cap, cap_start;
    char **lines;
    size_t *start; /* offsets of the lines in the text */
} wrap_ctx;

static void collect(void *vctx, const char *start, size_t len)
{
    wrap_ctx *c = vctx;
    size_t used = (size_t)c->n;
    KH_GROW(c->lines, used, c->cap);
    /* Lines point into the text. */
    assert_true(start >= c->base && start + len <= c->base + c->base_len);
    KH_GROW(c->start, used, c->cap_start);
    c->start[c->n] = (size_t)(start - c->base);
    c->lines[c->n++] = xstrndup(start, len);
}

static void wrap_free(wrap_ctx *c)
{
    for (int i = 0; i < c->n; i++) free(c->lines[i]);
    free(c->lines);
    free(c->start);
    memset(c, 0, sizeof *c);
}

static int wrap(wrap_ctx *c, const char *s, int width)
{
    memset(c, 0, sizeof *c);
    c->base = s;
    c->base_len = strlen(s);
    int r = text_wrap(s, width, collect, c);
    assert_int_equal(r, c->n);
    return r;
}

static void test_wrap_table(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int width;
        const char *want[8]; /* the lines; ends at NULL */
    } cases[] = {
        {"", 10, {""}},
        {"", 1, {""}},
        {"abc", 10, {"abc"}},
        {"abc", 3, {"abc"}},
        {"the quick brown fox", 10, {"the quick", "brown fox"}},
        {"the quick brown fox", 9, {"the quick", "brown fox"}},
        {"the quick brown fox", 8, {"the", "quick", "brown", "fox"}},
        {"the quick brown fox", 19, {"the quick brown fox"}},
        {"aaaaaaaaaaaa", 5, {"aaaaa", "aaaaa", "aa"}},
        {"ab cdefghij kl", 4, {"ab", "cdef", "ghij", "kl"}},
        {"abcdefgh", 1, {"a", "b", "c", "d", "e", "f", "g", "h"}},
        {"a b", 0, {"a", "b"}}, /* a width below 1 acts as 1 */
        {"a\nb", 10, {"a", "b"}},
        {"a\n\nb", 10, {"a", "", "b"}},
        {"\nx", 10, {"", "x"}},
        {"x\n", 10, {"x", ""}},
        {"one two\nthree four", 9, {"one two", "three", "four"}},
        {"Tư pháp – hộ tịch", 17, {"Tư pháp – hộ tịch"}},
        {"Tư pháp – hộ tịch", 8, {"Tư pháp", "– hộ", "tịch"}},
        {"Tư pháp – hộ tịch", 4, {"Tư", "pháp", "– hộ", "tịch"}},
        {TP_NFD, 8, {"Tu\u031B pha\u0301p", "– ho\u0323\u0302", "ti\u0323ch"}},
        {TP_NFD, 2, {"Tu\u031B", "ph", "a\u0301p", "–", "ho\u0323\u0302", "ti\u0323", "ch"}},
        {"Ủy ban nhân dân phường", 10, {"Ủy ban", "nhân dân", "phường"}},
        {"中文中文", 4, {"中文", "中文"}},
        {"中文中", 3, {"中", "文", "中"}},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        wrap_ctx c;
        int n = wrap(&c, cases[i].s, cases[i].width);
        int want_n = 0;
        while (want_n < (int)KH_ARRAY_LEN(cases[i].want) && cases[i].want[want_n]) want_n++;
        if (n != want_n) {
            for (int k = 0; k < n; k++) print_message("  line %d: \"%s\"\n", k, c.lines[k]);
            fail_msg("case %zu: \"%s\" at %d: %d lines, want %d", i, cases[i].s, cases[i].width, n,
                     want_n);
        }
        for (int k = 0; k < n; k++)
            if (strcmp(c.lines[k], cases[i].want[k]) != 0)
                fail_msg("case %zu: \"%s\" at %d: line %d = \"%s\", want \"%s\"", i, cases[i].s,
                         cases[i].width, k, c.lines[k], cases[i].want[k]);
        wrap_free(&c);
    }
}

/* Return the text with spaces and newlines removed (heap). */
static char *squeeze(const char *s)
{
    char *r = xstrdup(s), *w = r;
    for (const char *p = s; *p; p++)
        if (*p != ' ' && *p != '\n') *w++ = *p;
    *w = '\0';
    return r;
}

/* For many texts of single-spaced words and every width: no line is wider
 * than the width (but a lone grapheme wider than the line), nothing is lost,
 * lines neither start nor end with a space, and begin and end at grapheme
 * boundaries. */
static void test_wrap_properties(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "Tuyên truyền, phổ biến Luật Thực hiện dân chủ ở cơ sở năm 2022 đến cán bộ, công chức và "
        "Nhân dân trên địa bàn phường.",
        TP_NFD,
        "Ủy ban nhân dân phường\nĐịa chính – Xây dựng\n\nVăn phòng – Thống kê",
        "supercalifragilisticexpialidocious is long",
        "a bb ccc dddd eeeee ffffff ggggggg",
        "Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ",
        "\U0001F1FB\U0001F1F3\U0001F1FB\U0001F1F3 a\U0001F468\u200D\U0001F469b "
        "\U0001F44D\U0001F3FDx \U0001F1FB\U0001F1F3\U0001F1FB\U0001F1F3\U0001F1FB\U0001F1F3",
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        const char *s = texts[i];
        size_t slen = strlen(s);
        char *all = squeeze(s);
        for (int width = 1; width <= 40; width++) {
            wrap_ctx c;
            int n = wrap(&c, s, width);
            assert_true(n >= 1);
            strbuf joined = STRBUF_INIT;
            for (int k = 0; k < n; k++) {
                const char *ln = c.lines[k];
                size_t len = strlen(ln);
                int w = text_width(ln);
                /* Only a single grapheme wider than the line may overflow it. */
                if (w > width && graphemes(ln, len) != 1)
                    fail_msg("\"%s\" at %d: line \"%s\" is %d wide", s, width, ln, w);
                if (!grapheme_boundary(s, slen, c.start[k]) ||
                    !grapheme_boundary(s, slen, c.start[k] + len))
                    fail_msg("\"%s\" at %d: line \"%s\" cuts a grapheme", s, width, ln);
                if (len && (ln[0] == ' ' || ln[len - 1] == ' '))
                    fail_msg("\"%s\" at %d: line \"%s\" has an edge space", s, width, ln);
                if (len && starts_with_mark(ln))
                    fail_msg("\"%s\" at %d: line \"%s\" starts with a mark", s, width, ln);
                sb_puts(&joined, ln);
            }
            char *got = squeeze(sb_str(&joined));
            if (strcmp(got, all) != 0)
                fail_msg("\"%s\" at %d: text lost or changed: \"%s\"", s, width, got);
            free(got);
            sb_done(&joined);
            wrap_free(&c);
        }
        free(all);
    }
}

/* A word is split only when longer than the width: check by position. */
static void test_wrap_splits_only_long_words(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "a bb ccc dddd eeeee ffffff ggggggg",
        "Tuyen truyen pho bien Luat Thuc hien dan chu o co so nam 2022",
        "supercalifragilisticexpialidocious is long",
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        const char *s = texts[i];
        size_t n = strlen(s);
        for (int width = 1; width <= 40; width++) {
            wrap_ctx c;
            int lines = wrap(&c, s, width);
            /* Re-find each line in s, in order (ASCII: columns are bytes). */
            size_t pos = 0;
            for (int k = 0; k < lines; k++) {
                const char *ln = c.lines[k];
                size_t len = strlen(ln);
                while (pos < n && s[pos] == ' ') pos++;
                assert_memory_equal(s + pos, ln, len);
                size_t end = pos + len;
                bool mid_word = end < n && s[end] != ' ' && end > 0 && s[end - 1] != ' ';
                if (mid_word) {
                    /* The line is a piece of one word, as wide as allowed. */
                    if (strchr(ln, ' ') || (int)len != width)
                        fail_msg("\"%s\" at %d: word split needlessly at \"%s\"", s, width, ln);
                } else if (end < n) {
                    /* Breaking at a space: the next word would not have fit. */
                    size_t next = end;
                    while (next < n && s[next] == ' ') next++;
                    size_t wend = next;
                    while (wend < n && s[wend] != ' ') wend++;
                    if ((int)(len + 1 + (wend - next)) <= width)
                        fail_msg("\"%s\" at %d: \"%s\" broke early", s, width, ln);
                }
                pos = end;
            }
            assert_int_equal(pos, n);
            wrap_free(&c);
        }
    }
}

/* ---- the fast paths, checked against utf8proc ---- */

static const utf8proc_int32_t fast_ranges[][2] = {
    {0x01, 0x300}, {0x1e00, 0x1f00}, {0x2000, 0x2070}, {0x2070, 0x2200}};

/* Every code point the NFC fast path copies is its own NFC, a starter, and
 * so combines with no neighbour in these ranges. */
static void test_nfc_stable_table(void **state)
{
    (void)state;
    size_t checked = 0;
    for (size_t r = 0; r < KH_ARRAY_LEN(fast_ranges); r++) {
        for (utf8proc_int32_t cp = fast_ranges[r][0]; cp < fast_ranges[r][1]; cp++) {
            if (!text_nfc_stable_cp((uint32_t)cp)) continue;
            utf8proc_uint8_t in[8], *out = NULL;
            utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
            utf8proc_ssize_t len = utf8proc_map(in, n, &out, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
            if (len != n || memcmp(in, out, (size_t)n) != 0)
                fail_msg("U+%04X changes under NFC", (unsigned)cp);
            free(out);
            const utf8proc_property_t *p = utf8proc_get_property(cp);
            if (p->combining_class != 0) fail_msg("U+%04X is not a starter", (unsigned)cp);
            checked++;
        }
    }
    assert_true(checked > 1000);
    /* And the fast path gives what utf8proc gives. */
    const char *texts[] = {"Tư pháp – Hộ tịch", "Ủy ban MTTQ “điểm nóng”…", "Tu\u01b0 pha\u0301p"};
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        char *a = text_nfc(texts[i], strlen(texts[i]));
        utf8proc_uint8_t *b = NULL;
        utf8proc_map((const utf8proc_uint8_t *)texts[i], (utf8proc_ssize_t)strlen(texts[i]), &b,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        assert_string_equal(a, (const char *)b);
        free(a);
        free(b);
    }
}

/* Every code point the width and cutting fast paths count as one column
 * and one grapheme is so by utf8proc. */
static void test_simple_table(void **state)
{
    (void)state;
    for (size_t r = 0; r < KH_ARRAY_LEN(fast_ranges); r++) {
        for (utf8proc_int32_t cp = fast_ranges[r][0]; cp < fast_ranges[r][1]; cp++) {
            if (!text_simple_cp((uint32_t)cp)) continue;
            if (!text_nfc_stable_cp((uint32_t)cp))
                fail_msg("U+%04X simple, not NFC-stable", (unsigned)cp);
            if (utf8proc_charwidth(cp) != 1) fail_msg("U+%04X is not one column", (unsigned)cp);
            utf8proc_int32_t state_a = 0, state_b = 0;
            if (!utf8proc_grapheme_break_stateful('a', cp, &state_a) ||
                !utf8proc_grapheme_break_stateful(cp, 'a', &state_b))
                fail_msg("U+%04X joins a neighbour's grapheme", (unsigned)cp);
        }
    }
}

/* Fold the way text_fold's slow path does, through utf8proc alone. */
static utf8proc_int32_t fold_custom_ref(utf8proc_int32_t cp, void *data)
{
    (void)data;
    if (cp == 0x0110 || cp == 0x0111 || cp == 0x00d0 || cp == 0x00f0) return 'd';
    if (cp == '\n' || cp == '\t' || cp == '\r') return ' ';
    return cp;
}

static char *fold_ref(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t len =
        utf8proc_map_custom((const utf8proc_uint8_t *)s, 0, &out,
                            UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_LUMP,
                            fold_custom_ref, NULL);
    assert_true(len >= 0);
    strbuf sb = STRBUF_INIT;
    bool space = true;
    for (const char *r = (const char *)out; *r; r++) {
        if (*r == ' ') {
            if (!space) sb_putc(&sb, ' ');
            space = true;
        } else {
            sb_putc(&sb, *r);
            space = false;
        }
    }
    free(out);
    char *res = sb_take(&sb);
    size_t n = strlen(res);
    if (n && res[n - 1] == ' ') res[n - 1] = '\0';
    return res;
}

/* The table-driven fold gives exactly what utf8proc gives, code point by
 * code point and on whole Vietnamese texts. */
static void test_fold_fast_matches_utf8proc(void **state)
{
    (void)state;
    for (size_t r = 0; r < KH_ARRAY_LEN(fast_ranges); r++) {
        for (utf8proc_int32_t cp = fast_ranges[r][0]; cp < fast_ranges[r][1]; cp++) {
            utf8proc_uint8_t enc[8];
            utf8proc_ssize_t n = utf8proc_encode_char(cp, enc);
            char s[16];
            snprintf(s, sizeof s, "x%.*sY", (int)n, (const char *)enc);
            char *a = text_fold(s), *b = fold_ref(s);
            if (strcmp(a, b) != 0)
                fail_msg("U+%04X folds to \"%s\", utf8proc \"%s\"", (unsigned)cp, a, b);
            free(a);
            free(b);
        }
    }
    const char *texts[] = {
        "Tiếp tục đẩy mạnh công tác tuyên truyền phổ biến Luật Thực hiện dân chủ ở cơ sở",
        "  ĐỊA CHÍNH\t–  Xây dựng\n “điểm nóng”… ẞ ǅ İ  ",
        "Văn hóa xã hội – Văn hóa thông tin",
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        char *a = text_fold(texts[i]), *b = fold_ref(texts[i]);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

/* The inline UTF-8 decoding agrees with utf8proc on every code point and
 * on every two- and three-byte sequence, valid or not. */
static void test_decoding_matches_utf8proc(void **state)
{
    (void)state;
    for (utf8proc_int32_t cp = 1; cp <= 0x10ffff; cp++) {
        utf8proc_uint8_t b[8];
        utf8proc_ssize_t n = utf8proc_encode_char(cp, b);
        bool valid = utf8proc_codepoint_valid(cp);
        if (text_valid_utf8((const char *)b, (size_t)n, NULL) != valid)
            fail_msg("U+%04X: valid is %d", (unsigned)cp, valid);
    }
    for (unsigned a = 0x80; a < 0x100; a++) {
        for (unsigned c = 0; c < 0x100; c++) {
            for (unsigned d = 0x70; d < 0xc8; d += 0x0b) {
                const unsigned char seq[3] = {(unsigned char)a, (unsigned char)c, (unsigned char)d};
                utf8proc_int32_t cp;
                utf8proc_ssize_t len = utf8proc_iterate(seq, 3, &cp);
                bool ref = len == 3 || (len > 0 && len < 3 &&
                                        utf8proc_iterate(seq + len, 3 - len, &cp) == 3 - len);
                if (text_valid_utf8((const char *)seq, 3, NULL) != ref)
                    fail_msg("%02X %02X %02X: utf8proc says %d", a, c, d, ref);
            }
        }
    }
}

/* text_decode gives utf8proc's code points, in pieces as small as asked,
 * and stops at the end or at a byte that is not UTF-8. */
static void test_decode_pieces(void **state)
{
    (void)state;
    const char *s = "Tư pháp – Hộ tịch 😀 e\xcc\x81";
    uint32_t want[64];
    size_t nwant = 0;
    utf8proc_ssize_t at = 0, len = (utf8proc_ssize_t)strlen(s);
    while (at < len) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)s + at, len - at, &cp);
        assert_true(step > 0);
        want[nwant++] = (uint32_t)cp;
        at += step;
    }
    for (size_t cap = 1; cap <= nwant + 1; cap++) {
        uint32_t got[64];
        size_t n = 0, pos = 0, k;
        while ((k = text_decode(s, &pos, got + n, cap)) > 0) {
            assert_true(k <= cap);
            n += k;
        }
        assert_int_equal(n, nwant);
        assert_int_equal(pos, strlen(s));
        assert_memory_equal(got, want, n * sizeof *got);
    }
    uint32_t got[8];
    size_t pos = 0;
    assert_int_equal(text_decode("ab\xff"
                                 "cd",
                                 &pos, got, 8),
                     2);
    assert_int_equal(text_decode("ab\xff"
                                 "cd",
                                 &pos, got, 8),
                     0);
    pos = 0;
    assert_int_equal(text_decode("", &pos, got, 8), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_nfd_literal),
        cmocka_unit_test(test_width_table),
        cmocka_unit_test(test_width_nfc_equals_nfd),
        cmocka_unit_test(test_fit_table),
        cmocka_unit_test(test_fit_appends),
        cmocka_unit_test(test_fit_properties),
        cmocka_unit_test(test_sanitize_table),
        cmocka_unit_test(test_sanitize_appends_and_is_safe),
        cmocka_unit_test(test_refused_cp),
        cmocka_unit_test(test_fold_table),
        cmocka_unit_test(test_fold_nfd_equals_nfc),
        cmocka_unit_test(test_nfc_table),
        cmocka_unit_test(test_valid_utf8_table),
        cmocka_unit_test(test_wrap_table),
        cmocka_unit_test(test_wrap_properties),
        cmocka_unit_test(test_wrap_splits_only_long_words),
        cmocka_unit_test(test_nfc_stable_table),
        cmocka_unit_test(test_simple_table),
        cmocka_unit_test(test_fold_fast_matches_utf8proc),
        cmocka_unit_test(test_decoding_matches_utf8proc),
        cmocka_unit_test(test_decode_pieces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
