/* json: JSON strings, quoted and escaped. Most text is plain (no quote, no
 * backslash, nothing a terminal must not get): it is found so and copied in
 * pieces, sixteen or eight bytes looked at a time. */
#include "kehoach/json.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "kehoach/text.h"

/* How many of the n bytes at p need no escape in a JSON string and are
 * ASCII: eight at a time while no byte of the word is a control byte, DEL,
 * '"', '\\' or above 0x7F (those are looked at one character at a time). */
static size_t json_plain_run(const unsigned char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t x, q, b, d;
        memcpy(&x, p + i, 8);
        q = x ^ (ones * '"');
        b = x ^ (ones * '\\');
        d = x ^ (ones * 0x7f);
        if ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b) | ((d - ones) & ~d) |
             x) &
            highs)
            break;
    }
    while (i < n && p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\') i++;
    return i;
}

/* How many of the n bytes at p need no escape in a JSON string, for text
 * known to be valid UTF-8 free of controls (text_is_safe): up to a '"' or
 * a '\\', eight bytes at a time. */
static size_t json_safe_run(const unsigned char *p, size_t n)
{
    const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    size_t i = 0;
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash))))
            break;
    }
#endif
    for (; i + 8 <= n; i += 8) {
        uint64_t x, q, b;
        memcpy(&x, p + i, 8);
        q = x ^ (ones * '"');
        b = x ^ (ones * '\\');
        if ((((q - ones) & ~q) | ((b - ones) & ~b)) & highs) break;
    }
    while (i < n && p[i] != '"' && p[i] != '\\') i++;
    return i;
}

void json_sb_string(strbuf *sb, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    sb_putc(sb, '"');
    /* The common case: text with nothing a terminal must not get. */
    if (text_is_safe(s, n)) {
        for (;;) {
            size_t run = json_safe_run(p, n);
            sb_add(sb, (const char *)p, run);
            if (run == n) break;
            sb_putc(sb, '\\');
            sb_putc(sb, (char)p[run]);
            p += run + 1;
            n -= run + 1;
        }
        sb_putc(sb, '"');
        return;
    }
    for (;;) {
        size_t run = json_plain_run(p, n);
        sb_add(sb, (const char *)p, run);
        p += run;
        n -= run;
        if (!n) break;
        if (*p >= 0x80) {
            /* Letters of valid UTF-8 as they are; a control (C1), a bidi
             * control or U+FEFF as \uXXXX, which is the same JSON and
             * harmless on a terminal; a byte that is not UTF-8 as U+FFFD,
             * since a JSON string cannot hold it. */
            size_t span = text_safe_span((const char *)p, n);
            if (span) {
                sb_add(sb, (const char *)p, span);
                p += span;
                n -= span;
                continue;
            }
            size_t at;
            uint32_t cp;
            if (text_decode_one((const char *)p, n, &cp, &at)) {
                sb_printf(sb, "\\u%04x", (unsigned)cp);
                p += at;
                n -= at;
            } else {
                sb_puts(sb, "\\ufffd");
                p++;
                n--;
            }
            continue;
        }
        switch (*p) {
        case '"': sb_puts(sb, "\\\""); break;
        case '\\': sb_puts(sb, "\\\\"); break;
        case '\n': sb_puts(sb, "\\n"); break;
        case '\t': sb_puts(sb, "\\t"); break;
        case '\r': sb_puts(sb, "\\r"); break;
        default: sb_printf(sb, "\\u%04x", *p); break;
        }
        p++;
        n--;
    }
    sb_putc(sb, '"');
}
