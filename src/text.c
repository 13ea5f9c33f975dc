#include "kehoach/text.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Decode one code point at s (n bytes left); return its length, or -1 when
 * the bytes there are not valid UTF-8. */
static int decode(const char *s, size_t n, utf8proc_int32_t *cp)
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

bool text_nfc_stable_cp(uint32_t cp)
{
    /* Below the combining marks (U+0300), the precomposed letters of Latin
     * Extended Additional (Vietnamese), general punctuation: no normal form
     * changes them, and none of them combines with a neighbour. */
    return cp < 0x300 || (cp >= 0x1e00 && cp < 0x1f00) || (cp >= 0x2010 && cp <= 0x205e);
}

bool text_simple_cp(uint32_t cp)
{
    /* Printable, one column, a grapheme of its own, NFC-stable. U+00AD (soft
     * hyphen) is left to utf8proc. */
    return (cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp < 0x300 && cp != 0xad) ||
           (cp >= 0x1e00 && cp < 0x1f00) || (cp >= 0x2010 && cp <= 0x2027) ||
           (cp >= 0x2030 && cp <= 0x205e);
}

/* Return true when every code point of the n bytes at s passes keep().
 * False for invalid UTF-8 too. */
static bool all_cps(const char *s, size_t n, bool (*keep)(uint32_t))
{
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        int len = decode(s + i, n - i, &cp);
        if (len < 0 || !keep((uint32_t)cp)) return false;
        i += (size_t)len;
    }
    return true;
}

char *text_nfc(const char *s, size_t n)
{
    /* Text that is NFC already (most Vietnamese text is typed precomposed)
     * is copied; only the rest goes through utf8proc. */
    if (all_ascii(s, n) || all_cps(s, n, text_nfc_stable_cp)) return xstrndup(s, n);
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
    /* What utf8proc_charwidth says, without asking it (the tests check it
     * over these ranges): one column, and none for the combining marks. */
    if (text_simple_cp((uint32_t)cp)) return 1;
    if (cp >= 0x300 && cp < 0x370) return 0;
    return utf8proc_charwidth(cp);
}

/* Return the byte length of the code point at u (avail bytes there, reading
 * none past a NUL) when it is valid UTF-8 and text_simple_cp holds for it;
 * else 0. The bytes are looked at without decoding. */
static inline size_t simple_len(const unsigned char *u, size_t avail)
{
    unsigned c = u[0];
    if (c < 0x80) return c >= 0x20 && c < 0x7f;
    if (c < 0xc2 || c > 0xe2 || avail < 2 || (u[1] & 0xc0) != 0x80) return 0;
    unsigned c1 = u[1];
    if (c <= 0xcb) /* U+0080-U+02FF: from U+00A0, but U+00AD */
        return c > 0xc2 || (c1 >= 0xa0 && c1 != 0xad) ? 2 : 0;
    if (c < 0xe1 || avail < 3 || (u[2] & 0xc0) != 0x80) return 0;
    unsigned c2 = u[2];
    if (c == 0xe1) return c1 >= 0xb8 && c1 <= 0xbb ? 3 : 0; /* U+1E00-U+1EFF */
    /* U+2010-U+2027, U+2030-U+205E */
    if (c1 == 0x80) return (c2 >= 0x90 && c2 <= 0xa7) || c2 >= 0xb0 ? 3 : 0;
    return c1 == 0x81 && c2 <= 0x9e ? 3 : 0;
}

/* Return 2 when the n bytes at u start with a combining mark of U+0300-U+036F
 * (what NFD Vietnamese puts after a letter); else 0. */
static inline size_t mark_len(const unsigned char *u, size_t avail)
{
    if (avail < 2 || (u[1] & 0xc0) != 0x80) return 0;
    return u[0] == 0xcc || (u[0] == 0xcd && u[1] < 0xb0) ? 2 : 0;
}

/* Return the display width of the n bytes at s, code point by code point
 * (an invalid byte counts one). */
static int width_of(const char *s, size_t n)
{
    int w = 0;
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

size_t text_decode(const char *s, size_t *at, uint32_t *out, size_t cap)
{
    size_t i = *at, k = 0;
    size_t n = i + strlen(s + i);
    while (i < n && k < cap) {
        utf8proc_int32_t cp;
        int len = decode(s + i, n - i, &cp);
        if (len <= 0) {
            i = n; /* not UTF-8: nothing more to draw */
            break;
        }
        out[k++] = (uint32_t)cp;
        i += (size_t)len;
    }
    *at = i;
    return k;
}

int text_width(const char *s)
{
    /* The simple code points are one column each; from the first that is
     * not, each is measured. */
    const unsigned char *u = (const unsigned char *)s;
    size_t at = 0, count = 0, len;
    while ((len = simple_len(u + at, SIZE_MAX)) > 0) {
        at += len;
        count++;
    }
    if (!u[at]) return (int)count;
    return (int)count + width_of(s + at, strlen(s + at));
}

static bool is_bidi_control(utf8proc_int32_t cp)
{
    return cp == 0x061c || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* The length of the UTF-8 sequence a byte leads when every sequence of
 * that length it can lead is valid and safe (see already_safe); 0 for the
 * bytes that need a closer look. */
/* Return the number of bytes from the start of the n bytes at u that are
 * plainly safe (see already_safe), eight at a time, ending at a character
 * boundary: printable ASCII, two-byte sequences led by C3-CF (U+00C0-
 * U+03FF: Latin letters with their diacritics, the combining marks) and
 * three-byte ones led by E1 (U+1000-U+1FFF: Latin Extended Additional).
 * These have no overlong form, no surrogate and no refused code point. */
static size_t plain_safe_run(const unsigned char *u, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const uint64_t lows = ones * 0x7f;
    uint64_t carry = 0; /* continuation bytes owed by the word before */
    size_t i = 0;
#ifdef __SSE2__
    /* Sixteen bytes at a time, the same rules (bit k of each mask is byte
     * k); the words below take over where a block does not pass. */
    unsigned owed = 0; /* continuation bytes owed by the block before: bits 0-1 */
    const __m128i c0 = _mm_set1_epi8((char)0xc0), x80 = _mm_set1_epi8((char)0x80);
    const __m128i x1f = _mm_set1_epi8(0x1f), x7f = _mm_set1_epi8(0x7f);
    const __m128i xc3 = _mm_set1_epi8((char)0xc3), x0c = _mm_set1_epi8(0x0c);
    const __m128i xe1 = _mm_set1_epi8((char)0xe1);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
        unsigned high = (unsigned)_mm_movemask_epi8(v);
        /* A control byte (under 0x20) or DEL. */
        __m128i ctrl =
            _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, x1f), v), _mm_cmpeq_epi8(v, x7f));
        if (_mm_movemask_epi8(ctrl)) break;
        if (!high && !owed) continue;
        unsigned cont = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, c0), x80));
        /* Leads of two: C3-CF; of three: E1. */
        __m128i d = _mm_sub_epi8(v, xc3);
        unsigned lead2 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, x0c), d));
        unsigned lead3 = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, xe1));
        if (high & ~(cont | lead2 | lead3)) break;
        unsigned want = owed | (lead2 | lead3) << 1 | lead3 << 2;
        if (cont != (want & 0xffff)) break;
        owed = want >> 16;
    }
    /* The words' form of what is owed: bit 7 of their first two bytes. */
    carry = (owed & 1 ? 0x80ULL : 0) | (owed & 2 ? 0x8000ULL : 0);
#endif
    for (; i + 8 <= n; i += 8) {
        const unsigned char *w = u + i; /* the first byte lowest: */
        uint64_t x = (uint64_t)w[0] | (uint64_t)w[1] << 8 | (uint64_t)w[2] << 16 |
                     (uint64_t)w[3] << 24 | (uint64_t)w[4] << 32 | (uint64_t)w[5] << 40 |
                     (uint64_t)w[6] << 48 | (uint64_t)w[7] << 56;
        uint64_t d = x ^ lows;
        if ((((x - ones * 0x20) & ~x) | ((d - ones) & ~d)) & ~x & highs)
            break; /* a control byte or DEL (bytes under 0x80 only) */
        if (!(x & highs) && !carry) continue;
        /* Bit 7 of each byte: continuation (10), lead of two (110), of three
         * (1110), of four or not UTF-8 at all (11110, 11111). */
        uint64_t b6 = x << 1, b5 = x << 2, b4 = x << 3;
        uint64_t cont = x & ~b6 & highs, lead2 = x & b6 & ~b5 & highs;
        uint64_t lead3 = x & b6 & b5 & ~b4 & highs, lead4 = x & b6 & b5 & b4 & highs;
        /* Leads of two: C3-CF (bit 4 clear, low nibble 3 or more). */
        uint64_t lo = ((x & (ones * 0x0f)) + ones * 0x0d) & ~x & (ones * 0x10);
        /* Leads of three: E1 exactly. */
        uint64_t e = x ^ (ones * 0xe1);
        uint64_t is_e1 = ~(((e & lows) + lows) | e) & highs;
        if (lead4 | (lead2 & ~(lo << 3)) | (lead3 & ~is_e1)) break;
        /* Every continuation byte where a lead says, and nowhere else. */
        if (cont != (carry | lead2 << 8 | lead3 << 8 | lead3 << 16)) break;
        carry = lead2 >> 56 | lead3 >> 56 | lead3 >> 48;
    }
    if (carry) /* back to the lead of the character the word cut */
        do i--;
        while ((u[i] & 0xc0) == 0x80);
    return i;
}

/* Return true when the n bytes at s are valid UTF-8 holding nothing
 * text_sanitize would change: no control character (tab and newline neither),
 * no bidi control, no BOM. One pass over the bytes, no decoding. */
static bool already_safe(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t check_to = 0; /* one character at a time up to here */
    for (size_t i = 0; i < n;) {
        /* Eight bytes at a time while plainly safe; after a word that is
         * not, its bytes one character at a time. */
        if (i >= check_to) {
            i += plain_safe_run(u + i, n - i);
            if (i >= n) break;
            check_to = i + 8;
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

/* Return true for a code point no text may carry to a terminal, a plan or
 * a note: C0 controls but tab and newline, DEL, C1 controls, bidi controls,
 * U+FEFF. */
static bool refused_cp(utf8proc_int32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
           is_bidi_control(cp) || cp == 0xfeff;
}

bool text_is_safe(const char *s, size_t n)
{
    return already_safe(s, n);
}

long text_refused_cp(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7f) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        int len = decode(s + i, n - i, &cp);
        if (len < 0) return 0xfffd;
        if (refused_cp(cp)) return cp;
        i += (size_t)len;
    }
    return -1;
}

bool text_decode_one(const char *s, size_t n, uint32_t *cp, size_t *len)
{
    utf8proc_int32_t c;
    int k = decode(s, n, &c);
    if (k < 0) return false;
    *cp = (uint32_t)c;
    *len = (size_t)k;
    return true;
}

size_t text_safe_span(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n && u[i] >= 0x80) {
        utf8proc_int32_t cp;
        int len = decode(s + i, n - i, &cp);
        if (len < 0 || refused_cp(cp)) break;
        i += (size_t)len;
    }
    return i;
}

void text_sanitize(strbuf *out, const char *s, int flags)
{
    size_t n = strlen(s);
    if (already_safe(s, n)) {
        sb_add(out, s, n);
        return;
    }
    size_t i = 0;
    bool one_line = flags & TEXT_ONE_LINE;
    bool keep_tab = flags & TEXT_KEEP_TAB;
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
            if (c == '\n' || (c == '\t' && keep_tab)) {
                sb_putc(out, (char)c);
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
    /* Fast path: a simple code point and the marks U+0300-U+036F after it,
     * up to the end or a simple code point: one cluster (Extend after a
     * letter, then any letter breaks), one column. Anything else, from the
     * start through utf8proc. */
    const unsigned char *u = (const unsigned char *)s;
    size_t at = simple_len(u, n), m;
    if (at) {
        while (at < n && (m = mark_len(u + at, n - at)) > 0) at += m;
        if (at == n || simple_len(u + at, n - at)) {
            *width = 1;
            return at;
        }
    }
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

/* Append the first i bytes of s (used columns), "…", and with pad spaces
 * up to cols. Return the columns appended. */
static int end_cut(strbuf *out, const char *s, size_t i, int used, int cols, bool pad)
{
    sb_add(out, s, i);
    sb_add(out, "…", sizeof "…" - 1);
    used++;
    if (pad && used < cols) {
        sb_repeat(out, ' ', (size_t)(cols - used));
        used = cols;
    }
    return used;
}

/* The fast path of text_fit: one column and one grapheme a code point
 * (ASCII, NFC Vietnamese). Only the code points that can show are looked
 * at, and one more: a mark after the cut would belong to the last one kept.
 * Return the columns appended, or -1 (nothing appended) with the bytes and
 * the count of the simple code points from the start in *at and *count when
 * one that is not simple comes before the answer is known. */
static int fit_simple(strbuf *out, const char *s, int cols, bool pad, size_t *at_out,
                      size_t *count_out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t count = 0, at = 0, step;
    /* Up to the cut (cols - 1 code points, then the ellipsis), printable
     * ASCII a byte at a time; then the two after it. */
    for (size_t first = (size_t)cols - 1; count < first; count++) {
        if (u[at] - 0x20u < 0x5fu) {
            at++;
            continue;
        }
        if (!(step = simple_len(u + at, SIZE_MAX))) break;
        at += step;
    }
    size_t cut = at;
    while (count <= (size_t)cols && (step = simple_len(u + at, SIZE_MAX)) > 0) {
        at += step;
        count++;
    }
    if (count > (size_t)cols) {
        size_t i = cut;
        int used = cols - 1;
        while (i > 0 && s[i - 1] == ' ') {
            i--;
            used--;
        }
        return end_cut(out, s, i, used, cols, pad);
    }
    if (!u[at]) {
        sb_add(out, s, at);
        if (pad) sb_repeat(out, ' ', (size_t)cols - count);
        return pad ? cols : (int)count;
    }
    *at_out = at;
    *count_out = count;
    return -1;
}

int text_fit_simple(strbuf *out, const char *s, int cols, bool pad)
{
    if (cols <= 0) return 0;
    size_t at, count;
    return fit_simple(out, s, cols, pad, &at, &count);
}

int text_fit(strbuf *out, const char *s, int cols, bool pad)
{
    if (cols <= 0) return 0;
    size_t at, count;
    int done = fit_simple(out, s, cols, pad, &at, &count);
    if (done >= 0) return done;
    /* The first at bytes are count simple code points, count columns. */
    size_t n = at + strlen(s + at);
    int total = (int)count + width_of(s + at, n - at);
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
    return end_cut(out, s, i, used, cols, pad);
}

static utf8proc_int32_t fold_custom(utf8proc_int32_t cp, void *data)
{
    (void)data;
    /* Đ đ have no decomposition to strip. Ð ð (U+00D0, U+00F0, eth) are what
     * Đ đ become in text converted from Windows-1258 or VNI as if it were
     * Latin-1: in Vietnamese they are the same letter. */
    if (cp == 0x0110 || cp == 0x0111 || cp == 0x00d0 || cp == 0x00f0) return 'd';
    if (cp == '\n' || cp == '\t' || cp == '\r') return ' ';
    return cp;
}

/* Folded forms of the code points text_fold_fast handles, made by utf8proc
 * itself the first time they are needed. */
enum { FOLD_LOW = 0x300, FOLD_EXT = 0x100, FOLD_PUNCT = 0x70 };
typedef struct {
    char s[7];
    unsigned char len;
} folded_cp;
static folded_cp fold_table[FOLD_LOW + FOLD_EXT + FOLD_PUNCT];
static bool fold_table_ready;

static utf8proc_int32_t fold_custom(utf8proc_int32_t cp, void *data);

static folded_cp *fold_entry(utf8proc_int32_t cp)
{
    if (cp > 0 && cp < FOLD_LOW) return &fold_table[cp];
    if (cp >= 0x1e00 && cp < 0x1e00 + FOLD_EXT) return &fold_table[FOLD_LOW + (cp - 0x1e00)];
    if (cp >= 0x2000 && cp < 0x2000 + FOLD_PUNCT)
        return &fold_table[FOLD_LOW + FOLD_EXT + (cp - 0x2000)];
    return NULL;
}

static void fold_table_init(void)
{
    static const utf8proc_int32_t ranges[][2] = {
        {1, FOLD_LOW}, {0x1e00, 0x1e00 + FOLD_EXT}, {0x2000, 0x2000 + FOLD_PUNCT}};
    for (size_t r = 0; r < KH_ARRAY_LEN(ranges); r++) {
        for (utf8proc_int32_t cp = ranges[r][0]; cp < ranges[r][1]; cp++) {
            utf8proc_uint8_t in[4], *out = NULL;
            utf8proc_ssize_t n = utf8proc_encode_char(cp, in);
            utf8proc_ssize_t len =
                utf8proc_map_custom(in, n, &out,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK |
                                        UTF8PROC_CASEFOLD | UTF8PROC_LUMP,
                                    fold_custom, NULL);
            folded_cp *e = fold_entry(cp);
            if (len >= 0 && (size_t)len < sizeof e->s) {
                memcpy(e->s, out, (size_t)len);
                e->len = (unsigned char)len;
            } else {
                e->len = 0xff; /* not foldable on its own: the slow path */
            }
            free(out);
        }
    }
    fold_table_ready = true;
}

/* Fold text made only of code points in the table, one at a time (none of
 * them combines with another). Return NULL when some code point is not. */
static char *text_fold_fast(const char *s)
{
    if (!fold_table_ready) fold_table_init();
    size_t n = strlen(s);
    /* A folded code point is never longer than its UTF-8 (checked when the
     * table is built), so n + 1 bytes hold the result. */
    char *out = xmalloc(n + 1), *w = out;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        int len = decode(s + i, n - i, &cp);
        folded_cp *e = len > 0 ? fold_entry(cp) : NULL;
        if (!e || e->len > len) {
            free(out);
            return NULL;
        }
        memcpy(w, e->s, e->len);
        w += e->len;
        i += (size_t)len;
    }
    *w = '\0';
    return out;
}

/* Collapse runs of spaces in s (in place) so "tu  phap" and "tu phap" fold
 * alike, dropping leading and trailing ones; return s. */
static char *collapse_spaces(char *s)
{
    char *r = s, *w = s;
    bool space = true;
    for (; *r; r++) {
        if (*r == ' ') {
            if (!space) *w++ = ' ';
            space = true;
        } else {
            *w++ = *r;
            space = false;
        }
    }
    if (w > s && w[-1] == ' ') w--;
    *w = '\0';
    return s;
}

char *text_fold(const char *s)
{
    char *fast = text_fold_fast(s);
    if (fast) return collapse_spaces(fast);
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t len =
        utf8proc_map_custom((const utf8proc_uint8_t *)s, 0, &out,
                            UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_LUMP,
                            fold_custom, NULL);
    if (len < 0) return NULL;
    return collapse_spaces((char *)out);
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

size_t text_distance(const char *a, const char *b, size_t max_len)
{
    size_t la = strlen(a), lb = strlen(b);
    if (max_len > 64) max_len = 64;
    if (la > max_len || lb > max_len) return 99;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}
