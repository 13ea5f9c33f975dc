#include "kehoach/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Decode one code point at s (n bytes left); return its length, or -1 when
 * the bytes there are not valid UTF-8. */
static int decode(const char *s, size_t n, utf8proc_int32_t *cp)
{
    if (n == 0) return -1;
    if ((unsigned char)s[0] < 0x80) {
        *cp = (unsigned char)s[0];
        return 1;
    }
    utf8proc_ssize_t len =
        utf8proc_iterate((const utf8proc_uint8_t *)s, n > 4 ? 4 : (utf8proc_ssize_t)n, cp);
    return len > 0 ? (int)len : -1;
}

bool text_valid_utf8(const char *s, size_t n, size_t *bad_at)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        int len = decode(s + i, n - i, &cp);
        if (len < 0) {
            if (bad_at) *bad_at = i;
            return false;
        }
        i += (size_t)len;
    }
    return true;
}

static bool all_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80) return false;
    return true;
}

/* Printable ASCII: one column a byte. */
static bool all_printable_ascii(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f) return false;
    return true;
}

char *text_nfc(const char *s, size_t n)
{
    if (all_ascii(s, n)) return xstrndup(s, n);
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
                                        UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (len < 0) return NULL;
    /* utf8proc_map allocates with malloc; hand it on as ours. */
    return (char *)out;
}

static int cp_width(utf8proc_int32_t cp)
{
    if (cp < 0x80) return cp >= 0x20 && cp != 0x7f ? 1 : 0;
    return utf8proc_charwidth(cp);
}

int text_width(const char *s)
{
    int w = 0;
    size_t n = strlen(s);
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        int len = decode(s + i, n - i, &cp);
        if (len < 0) {
            w++;
            i++;
            continue;
        }
        w += cp_width(cp);
        i += (size_t)len;
    }
    return w;
}

static bool is_bidi_control(utf8proc_int32_t cp)
{
    return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

void text_sanitize(strbuf *out, const char *s, int flags)
{
    size_t n = strlen(s);
    size_t i = 0;
    bool one_line = flags & TEXT_ONE_LINE;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) {
            size_t j = i + 1;
            while (j < n && (unsigned char)s[j] >= 0x20 && (unsigned char)s[j] < 0x7f) j++;
            sb_add(out, s + i, j - i);
            i = j;
            continue;
        }
        if (c == '\n' || c == '\t' || c == '\r') {
            if (one_line) {
                /* A run of line breaks and tabs reads as one space. */
                while (i < n && (s[i] == '\n' || s[i] == '\t' || s[i] == '\r')) i++;
                sb_putc(out, ' ');
                continue;
            }
            if (c == '\n') {
                sb_putc(out, '\n');
                i++;
                continue;
            }
        }
        utf8proc_int32_t cp;
        int len = decode(s + i, n - i, &cp);
        if (len < 0) {
            sb_printf(out, "\\x%02X", c);
            i++;
        } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            sb_printf(out, "\\x%02X", (unsigned)cp);
            i += (size_t)len;
        } else if (is_bidi_control(cp)) {
            sb_printf(out, "<U+%04X>", (unsigned)cp);
            i += (size_t)len;
        } else {
            sb_add(out, s + i, (size_t)len);
            i += (size_t)len;
        }
    }
}

/* Return the byte length and width of the grapheme cluster at s. */
static size_t next_grapheme(const char *s, size_t n, int *width)
{
    utf8proc_int32_t cp, prev;
    int len = decode(s, n, &cp);
    if (len < 0) {
        *width = 1;
        return 1;
    }
    utf8proc_int32_t state = 0;
    size_t i = (size_t)len;
    int w = cp_width(cp);
    prev = cp;
    while (i < n) {
        len = decode(s + i, n - i, &cp);
        if (len < 0 || utf8proc_grapheme_break_stateful(prev, cp, &state)) break;
        w += cp_width(cp);
        prev = cp;
        i += (size_t)len;
    }
    *width = w;
    return i;
}

size_t text_next_grapheme(const char *s, size_t len, size_t at)
{
    if (at >= len) return len;
    int w;
    return at + next_grapheme(s + at, len - at, &w);
}

size_t text_prev_grapheme(const char *s, size_t at)
{
    size_t i = 0, prev = 0;
    while (i < at) {
        prev = i;
        i = text_next_grapheme(s, at, i);
    }
    return prev;
}

int text_fit(strbuf *out, const char *s, int cols, bool pad)
{
    if (cols <= 0) return 0;
    size_t n = strlen(s);
    /* Fast path: ASCII that fits. */
    if (n <= (size_t)cols && all_printable_ascii(s, n)) {
        sb_add(out, s, n);
        if (pad) sb_repeat(out, ' ', (size_t)cols - n);
        return pad ? cols : (int)n;
    }
    int total = text_width(s);
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
        size_t len = next_grapheme(s + i, n - i, &w);
        if (used + w > cols - 1) break;
        used += w;
        i += len;
    }
    /* "Chủ …" reads worse than "Chủ…": drop spaces before the ellipsis, a
     * whole grapheme at a time (a space can end a cluster, after U+0600). */
    while (i > 0) {
        size_t prev = text_prev_grapheme(s, i);
        if (i - prev != 1 || s[prev] != ' ') break;
        i = prev;
        used--;
    }
    sb_add(out, s, i);
    sb_puts(out, "…");
    used++;
    if (pad && used < cols) {
        sb_repeat(out, ' ', (size_t)(cols - used));
        used = cols;
    }
    return used;
}

static utf8proc_int32_t fold_custom(utf8proc_int32_t cp, void *data)
{
    (void)data;
    if (cp == 0x0110 || cp == 0x0111) return 'd'; /* Đ đ: no decomposition to strip */
    if (cp == '\n' || cp == '\t' || cp == '\r') return ' ';
    return cp;
}

char *text_fold(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t len =
        utf8proc_map_custom((const utf8proc_uint8_t *)s, 0, &out,
                            UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_LUMP,
                            fold_custom, NULL);
    if (len < 0) return NULL;
    /* Collapse runs of spaces so "tu  phap" and "tu phap" fold alike. */
    char *r = (char *)out, *w = (char *)out;
    bool space = true; /* drops leading spaces */
    for (; *r; r++) {
        if (*r == ' ') {
            if (!space) *w++ = ' ';
            space = true;
        } else {
            *w++ = *r;
            space = false;
        }
    }
    if (w > (char *)out && w[-1] == ' ') w--;
    *w = '\0';
    return (char *)out;
}

int text_wrap(const char *s, int width, void (*line)(void *ctx, const char *start, size_t len),
              void *ctx)
{
    if (width < 1) width = 1;
    int lines = 0;
    size_t n = strlen(s);
    size_t i = 0;
    while (i <= n) {
        /* One paragraph: up to the next newline. */
        size_t end = i;
        while (end < n && s[end] != '\n') end++;
        size_t p = i;
        if (p == end) {
            line(ctx, s + p, 0);
            lines++;
        }
        while (p < end) {
            int used = 0;
            size_t q = p, last_space = 0;
            bool have_space = false;
            while (q < end) {
                int w;
                size_t len = next_grapheme(s + q, end - q, &w);
                if (used + w > width) break;
                if (s[q] == ' ') {
                    last_space = q;
                    have_space = true;
                }
                used += w;
                q += len;
            }
            size_t cut = q;
            size_t next = q;
            if (q < end) {
                if (s[q] == ' ') {
                    cut = q;
                    next = q + 1;
                } else if (have_space && last_space > p) {
                    cut = last_space;
                    next = last_space + 1;
                } else if (q == p) {
                    /* A grapheme wider than the line: emit it alone. */
                    int w;
                    cut = next = p + next_grapheme(s + p, end - p, &w);
                }
            }
            size_t end_of_line = cut;
            while (end_of_line > p && s[end_of_line - 1] == ' ') end_of_line--;
            line(ctx, s + p, end_of_line - p);
            lines++;
            p = next;
            while (p < end && s[p] == ' ' && q < end) p++;
        }
        i = end + 1;
    }
    return lines;
}
