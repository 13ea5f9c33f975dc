/* Unit tests for the fast paths of text.c (issue 18): text_is_safe,
 * text_width, text_fit and the grapheme steps give, on every input tried,
 * exactly what the code before them gave. That code is kept below as the
 * reference (ref_*, copied from src/text.c as it was, decoding and widths
 * through utf8proc), and the inputs are every code point, every two- and
 * three-byte sequence, the four-byte forms and random mixtures. */
#include "testutil.h"

#include <utf8proc.h>

#include "kehoach/text.h"

/* ---- the reference: src/text.c before the fast paths ---- */

/* Decode one code point at s (n bytes left); return its length, or -1 when
 * the bytes there are not valid UTF-8. */
static int ref_decode(const char *s, size_t n, utf8proc_int32_t *cp)
{
    if (n == 0) return -1;
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    /* Two and three bytes (all of Vietnamese) inline; the rest, and every
     * error, through utf8proc. */
    if (u[0] >= 0xc2 && u[0] < 0xe0 && n >= 2 && (u[1] & 0xc0) == 0x80) {
        *cp = ((u[0] & 0x1f) << 6) | (u[1] & 0x3f);
        return 2;
    }
    if (u[0] >= 0xe0 && u[0] < 0xf0 && n >= 3 && (u[1] & 0xc0) == 0x80 && (u[2] & 0xc0) == 0x80) {
        utf8proc_int32_t c = ((u[0] & 0x0f) << 12) | ((u[1] & 0x3f) << 6) | (u[2] & 0x3f);
        if (c >= 0x800 && (c < 0xd800 || c > 0xdfff)) {
            *cp = c;
            return 3;
        }
    }
    utf8proc_ssize_t len =
        utf8proc_iterate((const utf8proc_uint8_t *)s, n > 4 ? 4 : (utf8proc_ssize_t)n, cp);
    return len > 0 ? (int)len : -1;
}

/* Return true when every code point of the n bytes at s is simple; set
 * *count to their number. */
static bool ref_all_simple(const char *s, size_t n, size_t *count)
{
    size_t i = 0, k = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        int len = ref_decode(s + i, n - i, &cp);
        if (len < 0 || !text_simple_cp((uint32_t)cp)) return false;
        i += (size_t)len;
        k++;
    }
    if (count) *count = k;
    return true;
}

/* Printable ASCII: one column a byte. */
static bool ref_all_printable_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f) return false;
    return true;
}

static int ref_cp_width(utf8proc_int32_t cp)
{
    if (cp < 0x80) return cp >= 0x20 && cp != 0x7f ? 1 : 0;
    return utf8proc_charwidth(cp);
}

static int ref_text_width(const char *s)
{
    int w = 0;
    size_t n = strlen(s);
    size_t count;
    if (ref_all_simple(s, n, &count)) return (int)count;
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        int len = ref_decode(s + i, n - i, &cp);
        if (len < 0) {
            w++;
            i++;
            continue;
        }
        w += ref_cp_width(cp);
        i += (size_t)len;
    }
    return w;
}

/* Return true when the n bytes at s are valid UTF-8 holding nothing
 * text_sanitize would change: no control character (tab and newline neither),
 * no bidi control, no BOM. One pass over the bytes, no decoding. */
static bool ref_already_safe(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    for (size_t i = 0; i < n;) {
        /* Eight printable ASCII bytes at a time. */
        if (i + 8 <= n) {
            uint64_t x, d;
            memcpy(&x, u + i, 8);
            d = x ^ (ones * 0x7f);
            if (!((((x - ones * 0x20) & ~x) | ((d - ones) & ~d) | x) & highs)) {
                i += 8;
                continue;
            }
        }
        unsigned c = u[i];
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) return false;
            i++;
            continue;
        }
        size_t len = c >= 0xc2 && c < 0xe0   ? 2
                     : c >= 0xe0 && c < 0xf0 ? 3
                     : c >= 0xf0 && c < 0xf5 ? 4
                                             : 0;
        if (!len || i + len > n) return false;
        for (size_t k = 1; k < len; k++)
            if ((u[i + k] & 0xc0) != 0x80) return false;
        unsigned c1 = u[i + 1], c2 = len > 2 ? u[i + 2] : 0;
        if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 >= 0xa0) || (c == 0xf0 && c1 < 0x90) ||
            (c == 0xf4 && c1 >= 0x90))
            return false; /* overlong, surrogate, beyond U+10FFFF */
        if ((c == 0xc2 && c1 < 0xa0) || (c == 0xd8 && c1 == 0x9c) ||
            (c == 0xe2 && c1 == 0x80 && (c2 == 0x8e || c2 == 0x8f || (c2 >= 0xaa && c2 <= 0xae))) ||
            (c == 0xe2 && c1 == 0x81 && c2 >= 0xa6 && c2 <= 0xa9) ||
            (c == 0xef && c1 == 0xbb && c2 == 0xbf))
            return false; /* C1 controls, bidi controls, BOM */
        i += len;
    }
    return true;
}

/* Return the byte length and width of the grapheme cluster at s. */
static size_t ref_next_grapheme(const char *s, size_t n, int *width)
{
    utf8proc_int32_t cp, prev;
    int len = ref_decode(s, n, &cp);
    if (len < 0) {
        *width = 1;
        return 1;
    }
    utf8proc_int32_t state = 0;
    size_t i = (size_t)len;
    int w = ref_cp_width(cp);
    prev = cp;
    while (i < n) {
        len = ref_decode(s + i, n - i, &cp);
        if (len < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state)) break;
        w += ref_cp_width(cp);
        prev = cp;
        i += (size_t)len;
    }
    *width = w;
    return i;
}

static size_t ref_text_next_grapheme(const char *s, size_t len, size_t at)
{
    if (at >= len) return len;
    int w;
    return at + ref_next_grapheme(s + at, len - at, &w);
}

static size_t ref_text_prev_grapheme(const char *s, size_t at)
{
    size_t i = 0, prev = 0;
    while (i < at) {
        prev = i;
        i = ref_text_next_grapheme(s, at, i);
    }
    return prev;
}

/* Append the first i bytes of s (used columns), "…", and with pad spaces
 * up to cols. Return the columns appended. */
static int ref_end_cut(strbuf *out, const char *s, size_t i, int used, int cols, bool pad)
{
    sb_add(out, s, i);
    sb_puts(out, "…");
    used++;
    if (pad && used < cols) {
        sb_repeat(out, ' ', (size_t)(cols - used));
        used = cols;
    }
    return used;
}

static int ref_text_fit(strbuf *out, const char *s, int cols, bool pad)
{
    if (cols <= 0) return 0;
    /* A long text (a task's content) is cut at cols code points: no need to
     * measure past the bytes cols + 1 of them can take. */
    size_t limit = 4 * ((size_t)cols + 2);
    size_t n = strnlen(s, limit);
    /* Fast path: ASCII that fits. */
    if (n <= (size_t)cols && ref_all_printable_ascii(s, n)) {
        sb_add(out, s, n);
        if (pad) sb_repeat(out, ' ', (size_t)cols - n);
        return pad ? cols : (int)n;
    }
    /* Fast path: one column and one grapheme a code point (NFC Vietnamese).
     * Only the code points that can show are looked at, and one more: a mark
     * after the cut would belong to the last one kept. */
    size_t count = 0, at = 0, cut = 0;
    bool simple = true;
    while (at < n && count <= (size_t)cols) {
        utf8proc_int32_t cp;
        int len = ref_decode(s + at, n - at, &cp);
        if (len < 0 || !text_simple_cp((uint32_t)cp)) {
            simple = false;
            break;
        }
        if (count == (size_t)cols - 1) cut = at;
        at += (size_t)len;
        count++;
    }
    if (simple) {
        if (at == n && count <= (size_t)cols) {
            sb_add(out, s, n);
            if (pad) sb_repeat(out, ' ', (size_t)cols - count);
            return pad ? cols : (int)count;
        }
        size_t i = cut;
        int used = cols - 1;
        while (i > 0 && s[i - 1] == ' ') {
            i--;
            used--;
        }
        return ref_end_cut(out, s, i, used, cols, pad);
    }
    if (n == limit) n += strlen(s + limit);
    int total = ref_text_width(s);
    if (total <= cols) {
        sb_add(out, s, n);
        if (pad) sb_repeat(out, ' ', (size_t)(cols - total));
        return pad ? cols : total;
    }
    /* Cut: keep whole graphemes within cols - 1, then the ellipsis. */
    int used = 0;
    size_t i = 0;
    while (i < n) {
        int w;
        size_t len = ref_next_grapheme(s + i, n - i, &w);
        if (used + w > cols - 1) break;
        used += w;
        i += len;
    }
    /* "Chủ …" reads worse than "Chủ…": drop spaces before the ellipsis, a
     * whole grapheme at a time (a space can end a cluster, after U+0600). */
    while (i > 0) {
        size_t prev = ref_text_prev_grapheme(s, i);
        if (i - prev != 1 || s[prev] != ' ') break;
        i = prev;
        used--;
    }
    return ref_end_cut(out, s, i, used, cols, pad);
}

/* ---- inputs ---- */

/* The contexts a sequence is tried in: alone, and inside text long enough
 * for the eight-byte paths, at every alignment, after ASCII and after
 * Vietnamese letters. */
static const char *const before[] = {
    "",         "a",      "ab",      "abc",          "abcd",
    "abcde",    "abcdef", "abcdefg", "\xe1\xba\xa1", "\xc6\xb0\xe1\xbb\x87",
    "x\xc4\x91"};
static const char *const after[] = {"", "abcdefghij", "\xe1\xba\xa1\xc6\xb0\xe1\xbb\x87\xc6\xa1"};

/* Put before[b], the n bytes of seq and after[a] into buf; return its
 * length. */
static size_t put(char *buf, size_t b, const unsigned char *seq, size_t n, size_t a)
{
    size_t lb = strlen(before[b]), la = strlen(after[a]);
    memcpy(buf, before[b], lb);
    memcpy(buf + lb, seq, n);
    memcpy(buf + lb + n, after[a], la);
    buf[lb + n + la] = '\0';
    return lb + n + la;
}

/* Check text_is_safe and text_width against the reference on seq in every
 * context (all = false: two of them). */
static void check_seq(const unsigned char *seq, size_t n, bool all)
{
    char buf[64];
    size_t nb = all ? KH_ARRAY_LEN(before) : 2, na = all ? KH_ARRAY_LEN(after) : 2;
    for (size_t b = 0; b < nb; b++) {
        for (size_t a = 0; a < na; a++) {
            size_t len = put(buf, all ? b : b * 7, seq, n, all ? a : a * 2);
            /* With the NUL too: it is a control, and text_width ends there. */
            for (size_t m = len; m <= len + 1; m++)
                if (text_is_safe(buf, m) != ref_already_safe(buf, m))
                    fail_msg("text_is_safe(%02X %02X %02X %02X, %zu bytes, b%zu a%zu) is %d",
                             seq[0], n > 1 ? seq[1] : 0, n > 2 ? seq[2] : 0, n > 3 ? seq[3] : 0, m,
                             b, a, !ref_already_safe(buf, m));
            if (text_width(buf) != ref_text_width(buf))
                fail_msg("text_width(%02X %02X %02X %02X, b%zu a%zu) is %d, was %d", seq[0],
                         n > 1 ? seq[1] : 0, n > 2 ? seq[2] : 0, n > 3 ? seq[3] : 0, b, a,
                         text_width(buf), ref_text_width(buf));
        }
    }
}

/* ---- tests ---- */

/* Every code point, encoded, in every context; and its width is
 * utf8proc_charwidth's (for the ranges the fast paths take over, checked
 * directly). */
static void test_every_code_point(void **state)
{
    (void)state;
    for (utf8proc_int32_t cp = 0; cp <= 0x10ffff; cp++) {
        utf8proc_uint8_t b[8];
        utf8proc_ssize_t n = utf8proc_encode_char(cp, b);
        if (n <= 0) continue;
        bool vi = cp < 0x370 || (cp >= 0x1e00 && cp < 0x1f00) || (cp >= 0x2000 && cp < 0x2070);
        check_seq(b, (size_t)n, vi || cp % 97 == 0);
        if (cp >= 0x80 && vi && utf8proc_codepoint_valid(cp)) {
            char s[8];
            memcpy(s, b, (size_t)n);
            s[n] = '\0';
            if (text_width(s) != utf8proc_charwidth(cp))
                fail_msg("U+%04X: width %d, utf8proc %d", (unsigned)cp, text_width(s),
                         utf8proc_charwidth(cp));
        }
    }
}

/* Every two-byte sequence and every three-byte one that starts with a
 * byte of 0x80 or more: overlong forms, surrogates, truncations, stray
 * continuation bytes. */
static void test_every_short_sequence(void **state)
{
    (void)state;
    for (unsigned a = 0; a < 0x100; a++)
        for (unsigned c = 0; c < 0x100; c++) {
            const unsigned char seq[2] = {(unsigned char)a, (unsigned char)c};
            if (a && c) check_seq(seq, 2, a >= 0x80);
        }
    for (unsigned a = 0x80; a < 0x100; a++)
        for (unsigned c = 1; c < 0x100; c++)
            for (unsigned d = 1; d < 0x100; d++) {
                const unsigned char seq[3] = {(unsigned char)a, (unsigned char)c, (unsigned char)d};
                /* Every context for the leads the fast paths look at. */
                check_seq(seq, 3, (a >= 0xe0 && a <= 0xe2 && c >= 0x80) || a == 0xcc || a == 0xcd);
            }
}

/* The four-byte forms: every lead from F0 with every second byte, and
 * third and fourth bytes on either side of the continuation range. */
static void test_four_byte_forms(void **state)
{
    (void)state;
    static const unsigned char edges[] = {0x01, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0xbf, 0xc0, 0xff};
    for (unsigned a = 0xf0; a < 0x100; a++)
        for (unsigned c = 1; c < 0x100; c++)
            for (size_t d = 0; d < sizeof edges; d++)
                for (size_t e = 0; e < sizeof edges; e++) {
                    const unsigned char seq[4] = {(unsigned char)a, (unsigned char)c, edges[d],
                                                  edges[e]};
                    check_seq(seq, 4, c >= 0x80 && c < 0xc0);
                }
}

/* The pieces random text is made of: Vietnamese NFC and NFD, ASCII, and
 * everything the fast paths must leave to the exact ones. */
static const char *const pieces[] = {
    "a",
    "T",
    " ",
    "  ",
    ".",
    "1",
    "\xe1\xba\xa1",
    "\xe1\xbb\x87",
    "\xc6\xb0",
    "\xc6\xa1",
    "\xc4\x90",
    "\xc4\x91",
    "\xc3\xa1",
    "\xc3\x94", /* ạ ệ ư ơ Đ đ á Ô */
    "\xcc\x81",
    "\xcc\x80",
    "\xcc\x83",
    "\xcc\x89",
    "\xcc\xa3",
    "\xcc\x9b",
    "\xcd\x8f",
    "\xcd\xaf", /* marks U+0300-U+036F */
    "\xe2\x80\x93",
    "\xe2\x80\x9c",
    "\xe2\x80\xa6",
    "\xc2\xa0", /* – “ … NBSP */
    "\xc2\xad",
    "\xe2\x80\x8d",
    "\xef\xb8\x8f",
    "\xe2\x80\xbc", /* SHY ZWJ VS16 ‼ */
    "\xf0\x9f\x98\x80",
    "\xf0\x9f\x87\xbb",
    "\xf0\x9f\x87\xb3", /* emoji, RI V N */
    "\xea\xb0\x80",
    "\xe1\x84\x80",
    "\xe1\x85\xa1", /* Hangul: syllable, L, V */
    "\xe0\xa4\x95",
    "\xe0\xa5\x8d",
    "\xe0\xa4\x83",
    "\xd8\x80", /* क ् ः U+0600 */
    "\xe4\xb8\xad",
    "\xef\xbc\xa1",
    "\xd0\x96", /* wide, fullwidth, Cyrillic */
    "\t",
    "\n",
    "\r",
    "\x01",
    "\x7f",
    "\xc2\x85",
    "\xd8\x9c", /* controls, ALM */
    "\xe2\x80\xae",
    "\xe2\x81\xa6",
    "\xef\xbb\xbf",
    "\xe2\x80\xa8",
    "\xff",
    "\x80",
    "\xe1\xba",
    "\xc3",
    "\xed\xa0\x80",
    "\xe0\x80\xaf",
    "\xc0\xaf", /* bad */
};

/* Fill buf (cap bytes) with up to k random pieces, mostly the Vietnamese
 * ones when vi; return its length. */
static size_t random_text(char *buf, size_t cap, size_t k, bool vi)
{
    size_t n = 0, np = KH_ARRAY_LEN(pieces);
    for (size_t j = 0; j < k; j++) {
        size_t p = (size_t)rand() % np;
        if (vi && rand() % 8) p = (size_t)rand() % 22;
        size_t len = strlen(pieces[p]);
        if (n + len + 1 > cap) break;
        memcpy(buf + n, pieces[p], len);
        n += len;
    }
    buf[n] = '\0';
    return n;
}

/* Random texts: text_is_safe, text_width, text_fit (every width, padded or
 * not), text_next_grapheme and text_prev_grapheme at every byte give what
 * the reference gives. */
static void test_random_texts(void **state)
{
    (void)state;
    srand(18);
    strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    for (int round = 0; round < 6000; round++) {
        char buf[400];
        size_t n = random_text(buf, sizeof buf, (size_t)(rand() % 60), round % 3 != 0);
        if (text_is_safe(buf, n) != ref_already_safe(buf, n))
            fail_msg("text_is_safe(\"%s\") differs", buf);
        if (text_width(buf) != ref_text_width(buf)) fail_msg("text_width(\"%s\") differs", buf);
        for (int cols = 0; cols <= 45; cols += 1 + (round % 2)) {
            for (int pad = 0; pad < 2; pad++) {
                sb_reset(&a);
                sb_reset(&b);
                sb_puts(&a, "x");
                sb_puts(&b, "x");
                int ra = text_fit(&a, buf, cols, pad), rb = ref_text_fit(&b, buf, cols, pad);
                if (ra != rb || strcmp(sb_str(&a), sb_str(&b)) != 0)
                    fail_msg("text_fit(\"%s\", %d, %d): \"%s\" %d, was \"%s\" %d", buf, cols, pad,
                             sb_str(&a), ra, sb_str(&b), rb);
            }
        }
        for (size_t at = 0; at <= n; at++) {
            if (text_next_grapheme(buf, n, at) != ref_text_next_grapheme(buf, n, at))
                fail_msg("text_next_grapheme(\"%s\", %zu) differs", buf, at);
            if (text_prev_grapheme(buf, at) != ref_text_prev_grapheme(buf, at))
                fail_msg("text_prev_grapheme(\"%s\", %zu) differs", buf, at);
        }
    }
    sb_done(&a);
    sb_done(&b);
}

/* A simple letter and two code points around U+0300-U+036F (the marks
 * the fast grapheme step takes, and their neighbours): the cluster, the
 * width and the cut are the reference's. */
static void test_letter_and_marks(void **state)
{
    (void)state;
    strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    for (utf8proc_int32_t cp = 0x20; cp < 0x2070; cp++) {
        if (!text_simple_cp((uint32_t)cp)) continue;
        for (utf8proc_int32_t m = 0x2f0; m < 0x380; m += cp % 5 + 1) {
            for (utf8proc_int32_t m2 = 0x300; m2 < 0x370; m2 += 9) {
                utf8proc_uint8_t s[32];
                utf8proc_ssize_t n = utf8proc_encode_char(cp, s);
                n += utf8proc_encode_char(m, s + n);
                n += utf8proc_encode_char(m2, s + n);
                n += utf8proc_encode_char(cp, s + n);
                s[n] = '\0';
                const char *t = (const char *)s;
                size_t k = ref_text_next_grapheme(t, (size_t)n, 0);
                assert_int_equal(text_next_grapheme(t, (size_t)n, 0), k);
                assert_int_equal(text_width(t), ref_text_width(t));
                for (int cols = 1; cols <= 3; cols++) {
                    sb_reset(&a);
                    sb_reset(&b);
                    assert_int_equal(text_fit(&a, t, cols, true), ref_text_fit(&b, t, cols, true));
                    assert_string_equal(sb_str(&a), sb_str(&b));
                }
            }
        }
    }
    sb_done(&a);
    sb_done(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_point), cmocka_unit_test(test_every_short_sequence),
        cmocka_unit_test(test_four_byte_forms),  cmocka_unit_test(test_random_texts),
        cmocka_unit_test(test_letter_and_marks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
