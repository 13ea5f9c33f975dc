/* libFuzzer harness: every function of text.h, with its promises checked.
 *
 * Input: byte 0 gives a column count (-2..125), byte 1 flags (bit 0: pad for
 * text_fit, bit 1: TEXT_ONE_LINE for text_sanitize); the rest is the text,
 * any bytes at all. Functions that take a C string get the text up to its
 * first NUL; those documented for valid UTF-8 only get their invariants
 * checked on valid UTF-8, and are run for memory safety on the rest. */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "kehoach/text.h"
#include "kehoach/util.h"

/* An independent UTF-8 check (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF). Return true, or false with the first bad byte. */
static bool ft_ref_valid(const uint8_t *s, size_t n, size_t *bad_at)
{
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t len;
        uint32_t cp, min;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            len = 2, cp = c & 0x1f, min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3, cp = c & 0x0f, min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4, cp = c & 0x07, min = 0x10000;
        } else {
            *bad_at = i;
            return false;
        }
        if (n - i < len) {
            *bad_at = i;
            return false;
        }
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80) {
                *bad_at = i;
                return false;
            }
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            *bad_at = i;
            return false;
        }
        i += len;
    }
    return true;
}

static bool ft_ok(const char *s, size_t n)
{
    size_t bad;
    return ft_ref_valid((const uint8_t *)s, n, &bad);
}

/* Decode the valid UTF-8 code point at s; return its length. */
static size_t ft_cp(const char *s, uint32_t *cp)
{
    const uint8_t *u = (const uint8_t *)s;
    if (u[0] < 0x80) return *cp = u[0], 1;
    if (u[0] < 0xe0) return *cp = (uint32_t)(u[0] & 0x1f) << 6 | (u[1] & 0x3f), 2;
    if (u[0] < 0xf0)
        return *cp = (uint32_t)(u[0] & 0x0f) << 12 | (uint32_t)(u[1] & 0x3f) << 6 | (u[2] & 0x3f),
               3;
    *cp = (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3f) << 12 |
          (uint32_t)(u[2] & 0x3f) << 6 | (u[3] & 0x3f);
    return 4;
}

static bool ft_is_bidi(uint32_t cp)
{
    return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

static void ft_check_valid_utf8(const char *s, size_t n)
{
    size_t bad = 12345, ref_bad = 54321;
    bool ok = text_valid_utf8(s, n, &bad);
    bool ref = ft_ref_valid((const uint8_t *)s, n, &ref_bad);
    FUZZ_CHECK(ok == ref, "text_valid_utf8: says %d, RFC 3629 says %d (bad at %zu)", ok, ref,
               ref_bad);
    if (!ok)
        FUZZ_CHECK(bad == ref_bad, "text_valid_utf8: bad byte at %zu, RFC 3629 says %zu", bad,
                   ref_bad);
    FUZZ_CHECK(text_valid_utf8(s, n, NULL) == ok, "text_valid_utf8: differs without bad_at");
}

static void ft_check_nfc(const char *s, size_t n, bool valid)
{
    char *nfc = text_nfc(s, n);
    if (!valid) {
        FUZZ_CHECK(nfc == NULL, "text_nfc: invalid UTF-8 came back as \"%s\"", nfc);
        return;
    }
    FUZZ_CHECK(nfc != NULL, "text_nfc: NULL for valid UTF-8");
    size_t len = strlen(nfc);
    FUZZ_CHECK(ft_ok(nfc, len), "text_nfc: the result is not valid UTF-8");
    char *again = text_nfc(nfc, len);
    FUZZ_CHECK(again && !strcmp(again, nfc), "text_nfc: not idempotent");
    free(again);
    free(nfc);
}

static void ft_check_sanitize(const char *s, int flags)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "<");
    text_sanitize(&sb, s, flags);
    const char *out = sb_str(&sb) + 1;
    size_t n = strlen(out);
    FUZZ_CHECK(n == sb.len - 1, "text_sanitize: wrote a NUL");
    FUZZ_CHECK(ft_ok(out, n), "text_sanitize: the result is not valid UTF-8");
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = ft_cp(out + i, &cp);
        bool allowed_break = cp == '\n' && !(flags & TEXT_ONE_LINE);
        FUZZ_CHECK(allowed_break || !(cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)),
                   "text_sanitize: control character U+%04X left at byte %zu", (unsigned)cp, i);
        FUZZ_CHECK(!ft_is_bidi(cp), "text_sanitize: bidi control U+%04X left at byte %zu",
                   (unsigned)cp, i);
        i += len;
    }
    bool plain = true;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f) plain = false;
    if (plain) FUZZ_CHECK(!strcmp(out, s), "text_sanitize: changed printable ASCII");
    sb_done(&sb);
}

static void ft_check_fit(const char *s, int cols, bool pad, bool valid)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "[");
    int got = text_fit(&sb, s, cols, pad);
    if (!valid) {
        sb_done(&sb);
        return;
    }
    const char *out = sb_str(&sb) + 1;
    size_t n = sb.len - 1;
    if (cols <= 0) {
        FUZZ_CHECK(got == 0 && n == 0, "text_fit: %d columns asked, %d given", cols, got);
        sb_done(&sb);
        return;
    }
    FUZZ_CHECK(ft_ok(out, n), "text_fit: the result is not valid UTF-8");
    int width = text_width(out);
    FUZZ_CHECK(got == width, "text_fit: says %d columns, wrote %d", got, width);
    FUZZ_CHECK(width <= cols, "text_fit: wrote %d columns into %d", width, cols);
    if (pad) FUZZ_CHECK(width == cols, "text_fit: padded to %d columns, not %d", width, cols);
    size_t len = strlen(s);
    if (text_width(s) <= cols) {
        FUZZ_CHECK(n >= len && !memcmp(out, s, len), "text_fit: cut text that fits");
    } else {
        /* A prefix of s ending on a grapheme boundary, then the ellipsis. */
        const char *dots = strstr(out, "…");
        while (dots && strstr(dots + 1, "…")) dots = strstr(dots + 1, "…");
        FUZZ_CHECK(dots != NULL, "text_fit: cut without an ellipsis");
        size_t keep = (size_t)(dots - out);
        FUZZ_CHECK(keep <= len && !memcmp(out, s, keep), "text_fit: the cut is not a prefix");
        size_t b = 0;
        while (b < keep) b = text_next_grapheme(s, len, b);
        FUZZ_CHECK(b == keep, "text_fit: cut inside a grapheme at byte %zu", keep);
        for (size_t i = keep + strlen("…"); i < n; i++)
            FUZZ_CHECK(out[i] == ' ', "text_fit: something after the ellipsis");
    }
    sb_done(&sb);
}

static void ft_check_fold(const char *s, bool valid)
{
    char *f = text_fold(s);
    if (!valid) {
        FUZZ_CHECK(f == NULL, "text_fold: invalid UTF-8 came back as \"%s\"", f);
        return;
    }
    FUZZ_CHECK(f != NULL, "text_fold: NULL for valid UTF-8");
    size_t n = strlen(f);
    FUZZ_CHECK(ft_ok(f, n), "text_fold: the result is not valid UTF-8");
    FUZZ_CHECK(n == 0 || (f[0] != ' ' && f[n - 1] != ' '), "text_fold: \"%s\" not trimmed", f);
    FUZZ_CHECK(!strstr(f, "  "), "text_fold: \"%s\" has two spaces in a row", f);
    for (size_t i = 0; i < n; i++)
        FUZZ_CHECK(f[i] != '\n' && f[i] != '\t' && f[i] != '\r' && !(f[i] >= 'A' && f[i] <= 'Z'),
                   "text_fold: \"%s\" keeps byte 0x%02X", f, (unsigned char)f[i]);
    char *again = text_fold(f);
    FUZZ_CHECK(again && !strcmp(again, f), "text_fold: not idempotent: \"%s\" then \"%s\"", f,
               again ? again : "(null)");
    free(again);
    free(f);
}

/* Walk the graphemes of the n bytes at s: each step moves forward, the walk
 * ends at n, and text_prev_grapheme walks back over the same boundaries. */
static void ft_check_graphemes(const char *s, size_t n, bool valid, bool cstring)
{
    FUZZ_CHECK(text_next_grapheme(s, n, n) == n && text_next_grapheme(s, n, n + 5) == n,
               "text_next_grapheme: past the end");
    size_t steps = 0, at = 0;
    size_t *bounds = xreallocarray(NULL, n + 1, sizeof *bounds);
    bounds[0] = 0;
    while (at < n) {
        size_t next = text_next_grapheme(s, n, at);
        FUZZ_CHECK(next > at && next <= n, "text_next_grapheme: from %zu to %zu of %zu", at, next,
                   n);
        if (valid)
            FUZZ_CHECK(next == n || ((unsigned char)s[next] & 0xc0) != 0x80,
                       "text_next_grapheme: stops inside a character at %zu", next);
        at = next;
        bounds[++steps] = at;
    }
    /* text_prev_grapheme scans from the start (a C string): check the first
     * and last boundaries, enough to see it agrees without a quadratic cost. */
    if (valid && cstring) {
        for (size_t i = 1; i <= steps; i++) {
            if (i > 16 && i + 16 < steps) continue;
            size_t prev = text_prev_grapheme(s, bounds[i]);
            FUZZ_CHECK(prev == bounds[i - 1], "text_prev_grapheme: before %zu is %zu, not %zu",
                       bounds[i], prev, bounds[i - 1]);
        }
        FUZZ_CHECK(text_prev_grapheme(s, 0) == 0, "text_prev_grapheme: before 0");
    }
    free(bounds);
}

typedef struct {
    const char *s;  /* the text wrapped */
    size_t n;       /* its length */
    const char *at; /* where the last line ended */
    int width;
    int lines;
    strbuf kept; /* every byte of every line but spaces */
    bool valid;
} ft_wrap_ctx;

static void ft_wrap_line(void *vctx, const char *start, size_t len)
{
    ft_wrap_ctx *w = vctx;
    w->lines++;
    FUZZ_CHECK(start >= w->at && start + len <= w->s + w->n,
               "text_wrap: line %d at bytes %td+%zu, out of order or outside the text", w->lines,
               start - w->s, len);
    FUZZ_CHECK(!memchr(start, '\n', len), "text_wrap: line %d holds a newline", w->lines);
    w->at = start + len;
    for (size_t i = 0; i < len; i++)
        if (start[i] != ' ') sb_putc(&w->kept, start[i]);
    if (!w->valid) return;
    char *line = xstrndup(start, len);
    FUZZ_CHECK(ft_ok(line, len), "text_wrap: line %d is not valid UTF-8", w->lines);
    /* Only a single grapheme wider than the line may overflow it. */
    if (text_next_grapheme(line, len, 0) < len)
        FUZZ_CHECK(text_width(line) <= w->width, "text_wrap: line %d is %d columns wide, not %d",
                   w->lines, text_width(line), w->width);
    free(line);
}

static void ft_check_wrap(const char *s, int width, bool valid)
{
    ft_wrap_ctx w = {s, strlen(s), s, width < 1 ? 1 : width, 0, STRBUF_INIT, valid};
    int lines = text_wrap(s, width, ft_wrap_line, &w);
    FUZZ_CHECK(lines == w.lines, "text_wrap: returned %d lines, gave %d", lines, w.lines);
    size_t breaks = 0;
    strbuf want = STRBUF_INIT;
    for (const char *p = s; *p; p++) {
        if (*p == '\n') breaks++;
        if (*p != ' ' && *p != '\n') sb_putc(&want, *p);
    }
    FUZZ_CHECK((size_t)lines >= breaks + 1, "text_wrap: %d lines for %zu newlines", lines, breaks);
    FUZZ_CHECK(!strcmp(sb_str(&w.kept), sb_str(&want)),
               "text_wrap: the lines lost or added text (%zu bytes kept of %zu)", w.kept.len,
               want.len);
    sb_done(&want);
    sb_done(&w.kept);
}

/* text_decode in pieces of cap code points: on valid UTF-8, every code point
 * in order and the whole string consumed; on anything, no write past cap and
 * the position never past the end. */
static void ft_check_decode(const char *s, size_t n, int cols, bool valid)
{
    size_t cap = (size_t)(cols < 1 ? 1 : cols % 7 + 1), at = 0, k, i = 0;
    uint32_t out[8];
    while ((k = text_decode(s, &at, out, cap)) > 0) {
        FUZZ_CHECK(k <= cap && at <= n, "text_decode: %zu of %zu, at %zu of %zu", k, cap, at, n);
        for (size_t j = 0; j < k && valid; j++) {
            uint32_t cp;
            i += ft_cp(s + i, &cp);
            FUZZ_CHECK(cp == out[j], "text_decode: U+%04X for U+%04X", (unsigned)out[j],
                       (unsigned)cp);
        }
    }
    FUZZ_CHECK(at <= n, "text_decode: at %zu of %zu", at, n);
    if (valid) FUZZ_CHECK(at == n && i == n, "text_decode: stopped at %zu of %zu", at, n);
}

int fuzz_text_one(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    int cols = data[0] % 128 - 2;
    bool pad = data[1] & 1;
    int flags = data[1] & 2 ? TEXT_ONE_LINE : 0;
    size_t n = size - 2;
    /* Exact-size copies, so a read past the end is caught. */
    char *raw = xmalloc(n ? n : 1);
    if (n) memcpy(raw, data + 2, n);
    char *s = xstrndup(raw, n); /* up to the first NUL */
    size_t sn = strlen(s);
    bool raw_valid = ft_ok(raw, n), valid = ft_ok(s, sn);

    ft_check_valid_utf8(raw, n);
    ft_check_nfc(raw, n, raw_valid);
    int width = text_width(s);
    FUZZ_CHECK(width >= 0 && (size_t)width <= 2 * sn, "text_width: %d for %zu bytes", width, sn);
    ft_check_sanitize(s, flags);
    ft_check_fit(s, cols, pad, valid);
    ft_check_fold(s, valid);
    ft_check_graphemes(raw, n, raw_valid, false);
    ft_check_graphemes(s, sn, valid, true);
    ft_check_wrap(s, cols, valid);
    ft_check_decode(s, sn, cols, valid);

    free(s);
    free(raw);
    return 0;
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_text_one(data, size);
}
#endif
