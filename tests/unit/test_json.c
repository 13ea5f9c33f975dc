/* Unit tests for json.c (issue 18): json_sb_string, with its runs looked at
 * sixteen and eight bytes at a time, gives exactly what a plain reference
 * gives, one character at a time (below: ref_json, the rules of the code
 * before it), on random mixtures of every kind of character a plan, a note
 * or a broken file can bring, at every offset against the 16-byte blocks. */
#include "testutil.h"

#include <utf8proc.h>

#include "kehoach/json.h"

static bool ref_refused(utf8proc_int32_t cp)
{
    return (cp >= 0x80 && cp < 0xa0) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xfeff;
}

static void ref_json(strbuf *sb, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    sb_putc(sb, '"');
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c < 0x80) {
            switch (c) {
            case '"': sb_puts(sb, "\\\""); break;
            case '\\': sb_puts(sb, "\\\\"); break;
            case '\n': sb_puts(sb, "\\n"); break;
            case '\t': sb_puts(sb, "\\t"); break;
            case '\r': sb_puts(sb, "\\r"); break;
            default:
                if (c < 0x20 || c == 0x7f)
                    sb_printf(sb, "\\u%04x", c);
                else
                    sb_putc(sb, (char)c);
            }
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t len =
            utf8proc_iterate(p + i, n - i > 4 ? 4 : (utf8proc_ssize_t)(n - i), &cp);
        if (len <= 0) {
            sb_puts(sb, "\\ufffd");
            i++;
        } else if (ref_refused(cp)) {
            sb_printf(sb, "\\u%04x", (unsigned)cp);
            i += (size_t)len;
        } else {
            sb_add(sb, s + i, (size_t)len);
            i += (size_t)len;
        }
    }
    sb_putc(sb, '"');
}

static const char *const pieces[] = {
    "a",
    "plain ASCII words ",
    "\"",
    "\\",
    "\n",
    "\t",
    "\r",
    "\x01",
    "\x1f",
    "\x7f",
    "Tuyên truyền ",
    "phường ",
    "Đ",
    "ư",
    "ơ",
    "ữ",
    "Tu\xCC\x9B\xCC\x81" /* NFD */,
    "東京",
    "😀",
    "“",
    "”",
    "–",
    "…",
    "\xC2\x85" /* C1 */,
    "\xC2\xA0",
    "\xD8\x9C",
    "\xE2\x80\x8E",
    "\xE2\x80\xAE",
    "\xE2\x81\xA6",
    "\xEF\xBB\xBF",
    "\xEF\xBF\xBD",
    "\xC3" /* cut */,
    "\xE1\xBA" /* cut */,
    "\xC0\xAF" /* overlong */,
    "\xED\xA0\x80" /* surrogate */,
    "\xF4\x90\x80\x80" /* beyond U+10FFFF */,
    "\xFF",
    "\x80",
    "0123456789abcdef",
};

static uint32_t rnd_state = 777;

static uint32_t rnd(uint32_t n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) % n;
}

static void check(const char *s)
{
    strbuf mine = STRBUF_INIT, ref = STRBUF_INIT;
    json_sb_string(&mine, s);
    ref_json(&ref, s);
    if (strcmp(sb_str(&mine), sb_str(&ref)) != 0) {
        fprintf(stderr, "input [%s]\n mine: %s\n  ref: %s\n", s, sb_str(&mine), sb_str(&ref));
        fail();
    }
    sb_done(&mine);
    sb_done(&ref);
}

static void json_strings_match_reference(void **state)
{
    (void)state;
    check("");
    for (size_t i = 0; i < KH_ARRAY_LEN(pieces); i++) check(pieces[i]);
    strbuf s = STRBUF_INIT;
    for (int round = 0; round < 20000; round++) {
        sb_reset(&s);
        /* Mostly plain text with one odd piece somewhere, or a mixture. */
        bool mixture = rnd(3) == 0;
        size_t n = 1 + rnd(24);
        size_t odd = rnd((uint32_t)n);
        for (size_t k = 0; k < n; k++) {
            size_t which = mixture || k == odd ? rnd(KH_ARRAY_LEN(pieces)) : 10 + rnd(2);
            sb_puts(&s, pieces[which]);
        }
        check(sb_str(&s));
        /* The same at every offset against the blocks. */
        if (round % 50 == 0)
            for (size_t at = 1; at < 17 && at < s.len; at++) check(sb_str(&s) + at);
    }
    sb_done(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_strings_match_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
