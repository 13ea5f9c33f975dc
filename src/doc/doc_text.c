/* Text and Markdown documents (the seed's own form), and the text pdftotext
 * makes of a PDF. Lines joined into paragraphs as a reader sees them: a
 * blank line, a heading (#), a list item (-, +, *, 1., a), I.) or a hard
 * break (two spaces at the end) ends one; Markdown emphasis is dropped and
 * read as bold or italic; pipe tables become tables. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "doc_int.h"
#include "kehoach/text.h"

typedef struct {
    doc_builder b;
    bool layout;   /* pdftotext -layout: columns apart, no Markdown */
    bool open;     /* a paragraph is being joined */
    strbuf para;   /* its text, lines joined */
    uint32_t line; /* where it began */
    uint16_t page;
    int heading;
    bool pages;   /* the text has form feeds: count pages */
    size_t width; /* layout: the longest line's characters, about the right margin */
} text_reader;

/* Characters (code points) in the n bytes at s. */
static size_t chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Return true when the n bytes at s are a Roman numeral from I to XXXIX. */
static bool roman(const char *s, size_t n)
{
    static const char *const units[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
    size_t tens = 0;
    while (tens < n && tens < 3 && s[tens] == 'X') tens++;
    for (size_t u = tens == 0 ? 1 : 0; u < KH_ARRAY_LEN(units); u++)
        if (strlen(units[u]) == n - tens && !memcmp(units[u], s + tens, n - tens)) return true;
    return false;
}

size_t doc_list_label(const char *s, size_t n, size_t *label)
{
    *label = 0;
    if (n >= 2 && (s[0] == '-' || s[0] == '+' || s[0] == '*') && is_space(s[1])) {
        *label = 1;
        return 2;
    }
    if (n >= 4 && (!memcmp(s, "\xE2\x80\xA2", 3) || !memcmp(s, "\xE2\x80\x93", 3)) &&
        is_space(s[3])) { /* • – */
        *label = 3;
        return 4;
    }
    size_t i = 0;
    while (i < n && i < 9 && s[i] >= '0' && s[i] <= '9') i++;
    if (i > 0) {
        /* "1.", "1.2.", "1)", "1/"; not "2023." or "1.000" */
        while (i + 1 < n && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') {
            i++;
            while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        }
        if (i + 1 < n && (s[i] == '.' || s[i] == ')' || s[i] == '/') && is_space(s[i + 1])) {
            *label = i + 1;
            return i + 2;
        }
        return 0;
    }
    /* Roman: I. II/ IV. */
    size_t k = 0;
    while (k < n && k < 7 && strchr("IVX", s[k])) k++;
    if (k > 0 && k + 1 < n && (s[k] == '.' || s[k] == '/') && is_space(s[k + 1]) && roman(s, k)) {
        *label = k + 1;
        return k + 2;
    }
    /* a) b) ... and a. to d. (a later letter and a stop is too often a word) */
    if (n >= 3 && s[0] >= 'a' && s[0] <= 'z' && (s[1] == ')' || s[1] == '.') && is_space(s[2])) {
        if (s[1] == '.' && s[0] > 'd') return 0;
        *label = 2;
        return 3;
    }
    if (n >= 4 && !memcmp(s, "\xC4\x91", 2) && s[2] == ')' && is_space(s[3])) { /* đ) */
        *label = 3;
        return 4;
    }
    return 0;
}

/* Drop Markdown emphasis (runs of * that open or close) and backslash
 * escapes; *bold, *italic say whether the whole text was wrapped. */
static void strip_md(strbuf *out, const char *s, size_t n, bool *bold, bool *italic)
{
    size_t a = 0, b = n;
    while (a < b && is_space(s[a])) a++;
    while (b > a && is_space(s[b - 1])) b--;
    size_t lead = 0, trail = 0;
    while (a + lead < b && s[a + lead] == '*') lead++;
    while (b - trail > a + lead && s[b - 1 - trail] == '*') trail++;
    size_t wrap = lead < trail ? lead : trail;
    *bold = wrap >= 2 && b - a > 2 * wrap;
    *italic = (wrap == 1 || wrap >= 3) && b - a > 2 * wrap;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n && strchr("\\`*_{}[]()#+-.!|<>~", s[i + 1])) {
            sb_putc(out, s[++i]);
            continue;
        }
        if (c == '*') {
            size_t j = i;
            while (j < n && s[j] == '*') j++;
            bool before = i > 0 && !is_space(s[i - 1]);
            bool after = j < n && !is_space(s[j]);
            if (before || after) { /* flanking: emphasis */
                i = j - 1;
                continue;
            }
            sb_add(out, s + i, j - i);
            i = j - 1;
            continue;
        }
        sb_putc(out, c);
    }
}

/* Return true when the line stands alone in a plan's heading block or
 * title: wrapped in emphasis ("**KẾ HOẠCH**"), or in capitals. */
static bool alone(const char *s, size_t n)
{
    while (n && is_space(s[n - 1])) n--;
    while (n && is_space(*s)) s++, n--;
    if (n >= 5 && s[0] == '*' && s[1] == '*' && s[n - 1] == '*' && s[n - 2] == '*') return true;
    size_t letters = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 1) return false;
        if (utf8proc_islower(cp)) return false;
        if (utf8proc_isupper(cp)) letters++;
        i += (size_t)k;
    }
    return letters >= 3;
}

static void flush(text_reader *r)
{
    if (!r->open) return;
    r->open = false;
    doc_builder *b = &r->b;
    const char *s = sb_str(&r->para);
    size_t n = r->para.len;
    bool bold = false, italic = false;
    strbuf t = STRBUF_INIT;
    if (r->layout) {
        sb_add(&t, s, n);
    } else {
        strip_md(&t, s, n, &bold, &italic);
    }
    /* The list label, once emphasis is gone ("**1. Văn phòng**"). */
    const char *x = sb_str(&t);
    size_t nx = t.len, lab = 0;
    while (nx && is_space(*x)) x++, nx--;
    size_t m = doc_list_label(x, nx, &lab);
    char label[16] = "";
    if (m && lab < sizeof label) {
        memcpy(label, x, lab);
        label[lab] = '\0';
        if (!strcmp(label, "+") || !strcmp(label, "*") || !strcmp(label, "\xE2\x80\xA2") ||
            !strcmp(label, "\xE2\x80\x93"))
            strcpy(label, "-");
        x += m;
        nx -= m;
    } else {
        m = 0;
    }
    db_para_begin(b);
    db_text(b, x, nx, bold, italic);
    db_para_end(b, NULL, r->heading, m ? label : NULL, 0, DOC_ALIGN_LEFT, r->line, r->page);
    sb_done(&t);
    sb_reset(&r->para);
    r->heading = 0;
}

static void add_line(text_reader *r, const char *s, size_t n, uint32_t line)
{
    if (!r->open) {
        r->open = true;
        r->line = line;
        sb_reset(&r->para);
    } else {
        sb_putc(&r->para, ' ');
    }
    sb_add(&r->para, s, n);
}

/* A pipe table row: "| a | b |". Cells are split on unescaped |. */
static void table_row(text_reader *r, const char *s, size_t n, uint32_t line)
{
    doc_builder *b = &r->b;
    /* "|---|:---:|" separates the header and is no row. */
    bool sep = true;
    for (size_t i = 0; i < n; i++)
        if (!strchr("|-: \t", s[i])) sep = false;
    if (sep) return;
    db_row_begin(b);
    size_t i = 0;
    if (i < n && s[i] == '|') i++;
    while (i < n) {
        size_t j = i;
        while (j < n && !(s[j] == '|' && (j == 0 || s[j - 1] != '\\'))) j++;
        if (j >= n) { /* text after the last | */
            size_t k = i;
            while (k < n && is_space(s[k])) k++;
            if (k == n) break;
        }
        db_cell_begin(b, 1, 1, false);
        bool bold, italic;
        strbuf t = STRBUF_INIT;
        strip_md(&t, s + i, j - i, &bold, &italic);
        /* "<br>" is how a pipe table writes a line break */
        strbuf u = STRBUF_INIT;
        const char *p = sb_str(&t);
        while (*p) {
            if (!strncmp(p, "<br>", 4) || !strncmp(p, "<br/>", 5)) {
                sb_putc(&u, '\n');
                p += p[3] == '>' ? 4 : 5;
            } else {
                sb_putc(&u, *p++);
            }
        }
        db_para_begin(b);
        db_text(b, sb_str(&u), u.len, bold, italic);
        db_para_end(b, NULL, 0, NULL, 0, DOC_ALIGN_LEFT, line, r->page);
        sb_done(&t);
        sb_done(&u);
        db_cell_end(b);
        i = j + 1;
    }
    db_row_end(b);
}

/* Return the length of a bullet glyph at s (a symbol font's private-use
 * bullet, •, ▪, ●, ◦, ■, ➢, ✓) followed by a space, or 0. */
static size_t glyph_bullet(const char *s, size_t n)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
    if (k < 1 || (size_t)k >= n || !is_space(s[k])) return 0;
    bool bullet = (cp >= 0xE000 && cp <= 0xF8FF) || cp == 0x2022 || cp == 0x25AA || cp == 0x25CF ||
                  cp == 0x25E6 || cp == 0x25A0 || cp == 0x27A2 || cp == 0x2713 || cp == 0x2023;
    return bullet ? (size_t)k : 0;
}

/* Split a pdftotext -layout line into its columns (runs of 3+ spaces). */
static void layout_line(text_reader *r, const char *s, size_t n, uint32_t line)
{
    size_t i = 0;
    /* "   Tham mưu": a bullet glyph, as a list item. */
    size_t a0 = 0;
    while (a0 < n && s[a0] == ' ') a0++;
    size_t g = glyph_bullet(s + a0, n - a0);
    if (g) {
        size_t t = a0 + g;
        while (t < n && s[t] == ' ') t++;
        flush(r);
        strbuf b = STRBUF_INIT;
        sb_puts(&b, "- ");
        sb_add(&b, s + t, n - t);
        add_line(r, sb_str(&b), b.len, line);
        sb_done(&b);
        if (r->width && chars(s, n) * 10 < r->width * 8) flush(r);
        return;
    }
    bool many = false;
    for (size_t k = 0; k + 3 <= n; k++)
        if (s[k] != ' ' && s[k + 1] == ' ' && s[k + 2] == ' ' && k + 3 < n && s[k + 3] == ' ') {
            size_t a = 0;
            while (a < k && s[a] == ' ') a++;
            if (a < k) many = true;
        }
    if (!many) {
        while (i < n && s[i] == ' ') i++;
        size_t lab;
        /* A list item starts a paragraph; a blank line ends one. */
        if (doc_list_label(s + i, n - i, &lab)) flush(r);
        add_line(r, s + i, n - i, line);
        /* A line that stops well short of the right margin ends its
         * paragraph (the lines inside one run to the margin). */
        if (r->width && chars(s, n) * 10 < r->width * 8) flush(r);
        return;
    }
    flush(r);
    while (i < n) {
        while (i < n && s[i] == ' ') i++;
        size_t j = i;
        while (j < n && !(s[j] == ' ' && j + 2 < n && s[j + 1] == ' ' && s[j + 2] == ' ')) j++;
        if (j > i) {
            add_line(r, s + i, j - i, line);
            flush(r);
        }
        i = j;
    }
}

kh_errcode doc_text_parse(kh_doc *doc, const char *buf, size_t len, bool layout, kh_lang lang,
                          kh_error *err)
{
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        buf += 3;
        len -= 3;
    }
    size_t bad;
    if (!text_valid_utf8(buf, len, &bad)) {
        uint32_t line = 1;
        for (size_t i = 0; i < bad; i++)
            if (buf[i] == '\n') line++;
        return kh_error_set(err, KH_E_DOC,
                            TR(lang,
                               "dòng %u: byte 0x%02X không hợp lệ trong UTF-8; hãy lưu văn bản "
                               "dưới dạng UTF-8 (văn bản cũ dùng phông TCVN3/VNI cần được "
                               "chuyển mã sang Unicode trước)",
                               "line %u: byte 0x%02X is not valid UTF-8; save the text as UTF-8 "
                               "(old TCVN3/VNI text must be converted to Unicode first)"),
                            line, (unsigned)(unsigned char)buf[bad]);
    }
    text_reader r;
    memset(&r, 0, sizeof r);
    db_init(&r.b, doc, lang, err);
    r.layout = layout;
    r.pages = layout && memchr(buf, '\f', len) != NULL;
    if (layout) {
        for (size_t i = 0, j; i < len; i = j + 1) {
            j = i;
            while (j < len && buf[j] != '\n') j++;
            size_t w = chars(buf + i, j - i);
            if (w > r.width && w <= 200) r.width = w;
        }
    }
    uint16_t page = r.pages ? 1 : 0;
    r.page = page;
    bool in_table = false;
    uint32_t line = 0;
    size_t i = 0;
    while (i < len && !r.b.failed) {
        size_t j = i;
        while (j < len && buf[j] != '\n' && buf[j] != '\r') j++;
        line++;
        const char *s = buf + i;
        size_t n = j - i;
        i = j;
        if (i < len && buf[i] == '\r') i++;
        if (i < len && buf[i] == '\n') i++;
        /* Form feeds: pdftotext's page ends. */
        while (n && *s == '\f') {
            s++, n--;
            if (r.pages && page < UINT16_MAX) page++;
        }
        size_t a = 0;
        while (a < n && is_space(s[a])) a++;
        bool blank = a == n;
        bool pipe = !layout && !blank && s[a] == '|';
        if (in_table && !pipe) {
            db_table_end(&r.b);
            in_table = false;
        }
        if (pipe) {
            flush(&r);
            if (!in_table) db_table_begin(&r.b);
            in_table = true;
            r.page = page;
            table_row(&r, s + a, n - a, line);
            continue;
        }
        if (blank) {
            flush(&r);
            continue;
        }
        if (r.open && r.page != page) flush(&r);
        r.page = page;
        if (layout) {
            size_t e = n;
            while (e && is_space(s[e - 1])) e--;
            layout_line(&r, s, e, line);
            continue;
        }
        /* A heading: # to ######, then a space. */
        size_t h = 0;
        while (a + h < n && h < 7 && s[a + h] == '#') h++;
        if (h >= 1 && h <= 6 && (a + h == n || is_space(s[a + h]))) {
            flush(&r);
            add_line(&r, s + a + h, n - a - h, line);
            r.heading = (int)h;
            flush(&r);
            continue;
        }
        /* Hard break: two spaces or a backslash at the end. */
        bool hard = (n >= 2 && s[n - 1] == ' ' && s[n - 2] == ' ') || (n && s[n - 1] == '\\');
        size_t e = n;
        while (e > a && is_space(s[e - 1])) e--;
        if (hard && e > a && s[e - 1] == '\\') e--;
        /* A list item starts a paragraph, also inside emphasis. */
        size_t k = a, lab;
        while (k < e && (s[k] == '*' || s[k] == '_')) k++;
        bool own = alone(s + a, e - a);
        if (own || doc_list_label(s + a, e - a, &lab) ||
            (k > a && doc_list_label(s + k, e - k, &lab)))
            flush(&r);
        add_line(&r, s + a, e - a, line);
        if (hard || own) flush(&r);
    }
    flush(&r);
    if (in_table) db_table_end(&r.b);
    sb_done(&r.para);
    kh_errcode rc = r.b.failed;
    db_done(&r.b);
    return rc;
}
