/* Text and symbols on the screen: every string drawn is sanitised (nothing
 * raw reaches the terminal), fitted to its columns by display width, and in
 * ASCII mode made ASCII but for its letters; frames, lines and symbols in
 * UTF-8 or ASCII. Shared by the dashboard and the projector. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "kehoach/text.h"
#include "tui.h"

/* Drawing in ASCII only (draw_set_ascii). */
static bool ascii_only;

void draw_set_ascii(bool on)
{
    ascii_only = on;
}

bool draw_ascii(void)
{
    return ascii_only;
}

const char *draw_sym(draw_symbol s)
{
    static const char *const utf[SYM_COUNT] = {
        [SYM_CURRENT] = "●", [SYM_OTHER] = "○",       [SYM_BLOCK] = "█", [SYM_SHADE_DARK] = "▓",
        [SYM_SHADE] = "▒",   [SYM_SHADE_LIGHT] = "░", [SYM_DOT] = "·",   [SYM_MORE_BELOW] = "↓",
    };
    static const char *const ascii[SYM_COUNT] = {
        [SYM_CURRENT] = "=", [SYM_OTHER] = "o",       [SYM_BLOCK] = "#", [SYM_SHADE_DARK] = "%",
        [SYM_SHADE] = "x",   [SYM_SHADE_LIGHT] = ":", [SYM_DOT] = ".",   [SYM_MORE_BELOW] = "v",
    };
    return s < SYM_COUNT ? (ascii_only ? ascii : utf)[s] : "?";
}

void draw_vline(int y, int x, int n, attr_t attr)
{
    if (n <= 0) return;
    attr_set(attr, PAIR_NUMBER(attr), NULL);
    mvvline(y, x, ascii_only ? '|' : ACS_VLINE, n);
    attr_set(A_NORMAL, 0, NULL);
}

void draw_box(int y0, int x0, int h, int w, attr_t attr)
{
    if (h < 2 || w < 2) return;
    attr_set(attr, PAIR_NUMBER(attr), NULL);
    chtype hl = ascii_only ? '-' : ACS_HLINE, vl = ascii_only ? '|' : ACS_VLINE;
    mvaddch(y0, x0, ascii_only ? '+' : ACS_ULCORNER);
    mvhline(y0, x0 + 1, hl, w - 2);
    mvaddch(y0, x0 + w - 1, ascii_only ? '+' : ACS_URCORNER);
    mvvline(y0 + 1, x0, vl, h - 2);
    mvvline(y0 + 1, x0 + w - 1, vl, h - 2);
    mvaddch(y0 + h - 1, x0, ascii_only ? '+' : ACS_LLCORNER);
    mvhline(y0 + h - 1, x0 + 1, hl, w - 2);
    mvaddch(y0 + h - 1, x0 + w - 1, ascii_only ? '+' : ACS_LRCORNER);
    attr_set(A_NORMAL, 0, NULL);
}

/* The ASCII for a character that is not a letter: what Unicode's
 * compatibility mapping and utf8proc's lumping give ("…" "...", "–" "-",
 * NBSP " ", "’" "'"), else a few of our own, else "?". */
static void ascii_of(strbuf *out, uint32_t cp)
{
    static const struct {
        uint32_t cp;
        const char *ascii;
    } own[] = {
        {0x00b7, "|"},   {0x2022, "-"},  {0x25cf, "="},  {0x25cb, "o"},   {0x00d7, "x"},
        {0x00f7, "/"},   {0x2190, "<-"}, {0x2192, "->"}, {0x2191, "^"},   {0x2193, "v"},
        {0x2194, "<->"}, {0x21d2, "=>"}, {0x2264, "<="}, {0x2265, ">="},  {0x2260, "!="},
        {0x00b1, "+/-"}, {0x201c, "\""}, {0x201d, "\""}, {0x201e, "\""},  {0x00ab, "\""},
        {0x00bb, "\""},  {0x2039, "<"},  {0x203a, ">"},  {0x00a9, "(c)"}, {0x00ae, "(R)"},
        {0x00b0, "o"},   {0x00a7, "S"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(own); i++) {
        if (own[i].cp != cp) continue;
        sb_puts(out, own[i].ascii);
        return;
    }
    if (cp >= 0x2500 && cp <= 0x257f) { /* box drawing */
        sb_putc(out, cp == 0x2502 || cp == 0x2503 ? '|' : cp <= 0x2501 ? '-' : '+');
        return;
    }
    if (cp >= 0x2580 && cp <= 0x259f) { /* blocks */
        sb_putc(out, '#');
        return;
    }
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    if (cat == UTF8PROC_CATEGORY_CF) return; /* zero-width joiners and the like */
    utf8proc_uint8_t enc[4], *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp, enc);
    utf8proc_ssize_t len =
        n > 0 ? utf8proc_map(enc, n, &mapped, UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_LUMP)
              : -1;
    bool ascii = len > 0;
    for (utf8proc_ssize_t i = 0; ascii && i < len; i++)
        ascii = mapped[i] >= 0x20 && mapped[i] < 0x7f;
    sb_puts(out, ascii ? (const char *)mapped : "?");
    free(mapped);
}

/* Append s (valid UTF-8) with every character that is not a letter or a
 * mark made ASCII: the text's own words stay as they are. */
static void ascii_text(strbuf *out, const char *s)
{
    uint32_t cps[128];
    size_t at = 0, n;
    while ((n = text_decode(s, &at, cps, KH_ARRAY_LEN(cps))) > 0) {
        for (size_t i = 0; i < n; i++) {
            uint32_t cp = cps[i];
            if (cp < 0x80) {
                sb_putc(out, (char)cp);
                continue;
            }
            utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
            if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME) {
                utf8proc_uint8_t enc[4];
                utf8proc_ssize_t len = utf8proc_encode_char((utf8proc_int32_t)cp, enc);
                if (len > 0) sb_add(out, (const char *)enc, (size_t)len);
            } else {
                ascii_of(out, cp);
            }
        }
    }
}

/* As text_fit, in ASCII: a text too wide is cut with "..." (or "." where
 * there are fewer than four columns) rather than "…". */
static int fit_ascii(strbuf *out, const char *s, int w, bool pad)
{
    if (text_width(s) <= w) return text_fit(out, s, w, pad);
    size_t start = out->len;
    bool room = w >= 4;
    int used = text_fit(out, s, room ? w - 2 : w, false);
    static const char ell[] = "\xe2\x80\xa6"; /* … */
    if (out->len - start >= 3 && !memcmp(out->data + out->len - 3, ell, 3)) {
        out->len -= 3;
        sb_puts(out, room ? "..." : ".");
        if (room) used += 2;
    }
    if (pad && used < w) {
        sb_repeat(out, ' ', (size_t)(w - used));
        used = w;
    }
    return used;
}

int draw_text(int y, int x, int w, const char *text, attr_t attr, bool pad)
{
    if (w <= 0) return 0;
    strbuf clean = STRBUF_INIT, fit = STRBUF_INIT;
    text_sanitize(&clean, text, TEXT_ONE_LINE);
    int used;
    if (ascii_only) {
        strbuf plain = STRBUF_INIT;
        ascii_text(&plain, sb_str(&clean));
        used = fit_ascii(&fit, sb_str(&plain), w, pad);
        sb_done(&plain);
    } else {
        used = text_fit(&fit, sb_str(&clean), w, pad);
    }
    attr_set(attr, PAIR_NUMBER(attr), NULL);
    /* Decoded here, curses takes the text as it is: handed UTF-8, it would
     * convert each character through the C library's multibyte functions,
     * most of the cost of drawing a screen. */
    uint32_t cps[256];
    wchar_t wide[256];
    size_t at = 0, n;
    move(y, x);
    while ((n = text_decode(sb_str(&fit), &at, cps, KH_ARRAY_LEN(cps))) > 0) {
        for (size_t i = 0; i < n; i++) wide[i] = (wchar_t)cps[i];
        addnwstr(wide, (int)n);
    }
    attr_set(A_NORMAL, 0, NULL);
    sb_done(&clean);
    sb_done(&fit);
    return used;
}

void draw_fill(int y, int x, int w, attr_t attr)
{
    if (w <= 0) return;
    attr_set(attr, PAIR_NUMBER(attr), NULL);
    mvhline(y, x, ' ', w);
    attr_set(A_NORMAL, 0, NULL);
}
