/* The report as a Word document (.docx), laid out as Nghị định
 * 30/2020/NĐ-CP, Phụ lục I prescribes for administrative documents (see
 * docs/report-format.md): A4, margins 20/20/30/15 mm, Times New Roman 13 pt;
 * the two-column heading, the number line, the place-and-date line in
 * italics, "BÁO CÁO" and its summary in bold 14 pt; the recipients (12 pt
 * bold italic over 11 pt) and the signature block side by side at the end.
 * The markup is the document writer's (kehoach/docx.h). */
#include <stdlib.h>
#include <string.h>

#include "kehoach/docx.h"
#include "report_int.h"

/* Sizes in half points. */
enum { PT11 = 22, PT12 = 24, PT13 = 26, PT14 = 28, PT10 = 20 };

/* The page: A4 with the smallest margins of Phụ lục I (top and bottom
 * 20-25 mm, left 30-35 mm, right 15-20 mm), so the tables get the width. */
enum {
    PAGE_W = 11906,
    PAGE_H = 16838,
    MARGIN_TOP = 1134,    /* 20 mm */
    MARGIN_BOTTOM = 1134, /* 20 mm */
    MARGIN_LEFT = 1701,   /* 30 mm */
    MARGIN_RIGHT = 851,   /* 15 mm */
    TEXT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT,
};

/* The heading block is a borderless table on a grid of three columns,
 * without inner margins, reaching 8 mm into the left margin and 5.5 mm
 * into the right (as the usual templates reach past the margins). Its
 * first row: the body over 7.25 cm (HEAD_A + HEAD_B: "PHƯỜNG TRƯƠNG QUANG
 * TRỌNG" at 12 pt bold is 7.2 cm), the national name and motto over
 * 10.6 cm (HEAD_C). Its second: the number line over HEAD_A, the
 * place-and-date line over HEAD_B + HEAD_C (12.35 cm: "Phường Trương
 * Quang Trọng, ngày 05 tháng 01 năm 2024" at 13 pt italic is 10.9 cm),
 * indented to sit about under the motto. */
enum {
    HEAD_A = 3118, /* 5.5 cm */
    HEAD_B = 993,  /* 1.75 cm */
    HEAD_C = 6010, /* 10.6 cm */
    HEAD_INDENT = -454,
    HEAD_DATE_INDENT = 709, /* 1.25 cm */
};

/* The body's last block is held back until the next part comes: when
 * that is the closing, it is kept on the page of the recipients and the
 * signature, so the signature never stands alone on a page. */
typedef enum { HELD_NONE, HELD_PARAGRAPH, HELD_ITEM } held_kind;

typedef struct {
    docx *d;
    int table_size; /* the size of the table open's text, or 0 */
    held_kind held;
    bool held_space;    /* and the small space after a list or a table */
    int held_depth;     /* an item's */
    rpt_text held_text; /* a paragraph's or an item's */
} docx_state;

static docx *doc(rpt_sink *s)
{
    return ((docx_state *)s->state)->d;
}

/* Return about how wide s is set at size (half points), in twips: the
 * average width of Times New Roman's letters, capitals or not. Enough to
 * draw a line about as long as a line of text. */
static int text_width(const char *s, int size, bool capitals)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) n += (*p & 0xC0) != 0x80;
    /* em fractions: 0.70 for bold capitals, 0.47 for bold lower case. */
    return n * size * (capitals ? 70 : 47) / 10;
}

/* An empty paragraph that is only a line, w wide, centred in a column of
 * width col. */
static void rule(docx *d, int col, int w, int before)
{
    int side = (col - w) / 2;
    if (side < 0) side = 0;
    docx_para p = {.align = DOCX_CENTER,
                   .size = 8,
                   .before = before,
                   .left = side,
                   .right = side,
                   .rule_above = true};
    docx_para_begin(d, &p);
    docx_para_end(d);
}

static void begin(rpt_sink *s, const rpt_page *p)
{
    docx_state *st = xcalloc(1, sizeof *st);
    /* The document's time: the report's day, at noon UTC (no time of day
     * of its own, so the same report makes the same file). */
    docx_page page = {
        .width = PAGE_W,
        .height = PAGE_H,
        .top = MARGIN_TOP,
        .bottom = MARGIN_BOTTOM,
        .left = MARGIN_LEFT,
        .right = MARGIN_RIGHT,
        .font = "Times New Roman",
        .size = PT13,
        .lang = s->lang == KH_LANG_EN ? "en-US" : "vi-VN",
        .page_numbers = true,
        .title = p->title,
        .application = p->generator,
        .created = (time_t)p->date * 86400 + 43200,
    };
    st->d = docx_new(&page);
    s->state = st;
}

/* The heading block: a borderless table (see HEAD_A). */
static void head(rpt_sink *s, const rpt_page *p)
{
    docx *d = doc(s);
    static const int widths[] = {HEAD_A, HEAD_B, HEAD_C};
    docx_table t = {widths, 3, HEAD_INDENT, false, 0};
    docx_para c12 = {.align = DOCX_CENTER, .size = PT12};
    docx_para c13 = {.align = DOCX_CENTER, .size = PT13};
    docx_table_begin(d, &t);
    docx_row_begin(d, false, true);
    docx_cell_begin(d, 2, NULL);
    if (p->parent) docx_para_text(d, &c12, p->parent, 0);
    int longest = 0;
    for (size_t k = 0; k < p->nbody; k++) {
        docx_para_text(d, &c12, p->body[k], DOCX_BOLD);
        int w = text_width(p->body[k], PT12, true);
        if (w > longest) longest = w;
    }
    /* A line a third to a half as long as the name, under it. */
    rule(d, HEAD_A + HEAD_B, longest * 2 / 5, 60);
    docx_cell_end(d);
    docx_cell_begin(d, 1, NULL);
    docx_para_text(d, &c12, p->nation, DOCX_BOLD);
    docx_para_text(d, &c13, p->motto, DOCX_BOLD);
    /* A line as long as the motto, under it. */
    rule(d, HEAD_C, text_width(p->motto, PT13, false), 40);
    docx_cell_end(d);
    docx_row_end(d);
    docx_row_begin(d, false, true);
    docx_cell_begin(d, 1, NULL);
    /* About under the body's name (a centre 4 mm left of its). */
    docx_para num = {.align = DOCX_CENTER, .size = PT13, .before = 60, .left = 567};
    docx_para_text(d, &num, p->number, 0);
    docx_cell_end(d);
    docx_cell_begin(d, 2, NULL);
    docx_para date = {.align = DOCX_CENTER, .size = PT13, .before = 60, .left = HEAD_DATE_INDENT};
    docx_para_text(d, &date, p->place_date, DOCX_ITALIC);
    docx_cell_end(d);
    docx_row_end(d);
    docx_table_end(d);
    /* The document type and its summary, bold, a short line under it. */
    docx_para type = {.align = DOCX_CENTER, .size = PT14, .before = 360, .keep_next = true};
    docx_para_text(d, &type, p->type, DOCX_BOLD);
    docx_para sum = {.align = DOCX_CENTER, .size = PT14, .keep_next = true};
    docx_para_text(d, &sum, p->summary, DOCX_BOLD);
    int sw = text_width(p->summary, PT14, false);
    rule(d, TEXT_W, sw > TEXT_W ? TEXT_W / 3 : sw / 3, 80);
    docx_para period = {.align = DOCX_CENTER, .size = PT13, .before = 120};
    docx_para_text(d, &period, p->period, DOCX_ITALIC);
    period.before = 0;
    period.after = 240;
    docx_para_text(d, &period, p->scope, DOCX_ITALIC);
}

static void flush(rpt_sink *s, bool keep);

static void heading(rpt_sink *s, int level, const char *text)
{
    flush(s, false);
    docx_para p = {.align = DOCX_JUSTIFY,
                   .before = level == 2 ? 180 : 120,
                   .after = 60,
                   .keep_next = true,
                   .heading = level - 1};
    docx_para_text(doc(s), &p, text, level == 2 ? DOCX_BOLD : DOCX_BOLD | DOCX_ITALIC);
}

/* Append the runs of t, at size (0: the paragraph's; a note's author and
 * time a size smaller); an id (id true) may break after its '/'. */
static void runs(docx *d, const rpt_text *t, int size, bool bold, bool id)
{
    for (size_t k = 0; k < t->n; k++) {
        rpt_style st;
        const char *text = rt_run(t, k, &st);
        if (st == RS_BREAK) {
            docx_run(d, "\n", bold ? DOCX_BOLD : 0, size); /* a line break */
            continue;
        }
        strbuf clean = STRBUF_INIT;
        rpt_clean(&clean, text);
        const char *slash = id ? strchr(sb_str(&clean), '/') : NULL;
        if (slash) {
            /* A zero-width space: "III.1.3/" then "2023-01" in a narrow cell. */
            size_t at = (size_t)(slash - sb_str(&clean)) + 1;
            strbuf broken = STRBUF_INIT;
            sb_add(&broken, sb_str(&clean), at);
            sb_puts(&broken, "\u200b");
            sb_puts(&broken, sb_str(&clean) + at);
            sb_reset(&clean);
            sb_puts(&clean, sb_str(&broken));
            sb_done(&broken);
        }
        unsigned flags = bold ? DOCX_BOLD : 0;
        int sz = size;
        switch (st) {
        case RS_BOLD:
        case RS_OVERDUE:
        case RS_BLOCKED: flags |= DOCX_BOLD; break;
        case RS_ITALIC: flags |= DOCX_ITALIC; break;
        case RS_MUTED:
            flags |= DOCX_ITALIC;
            sz = (size ? size : PT13) - 2;
            break;
        case RS_PLAIN:
        case RS_BREAK:
        case RS_DAY: break;
        }
        docx_run(d, sb_str(&clean), flags, sz);
        sb_done(&clean);
    }
}

/* Write the block held back, if any, kept with the next when keep. */
static void flush(rpt_sink *s, bool keep)
{
    docx_state *st = s->state;
    docx *d = st->d;
    docx_para p = {.align = DOCX_JUSTIFY, .line = 264, .keep_next = keep};
    switch (st->held) {
    case HELD_PARAGRAPH:
        p.after = 120;
        p.first_line = 567;
        break;
    case HELD_ITEM:
        p.after = 60;
        p.list_level = st->held_depth + 1;
        break;
    case HELD_NONE: break;
    }
    if (st->held != HELD_NONE) {
        docx_para_begin(d, &p);
        runs(d, &st->held_text, 0, false, false);
        docx_para_end(d);
    }
    if (st->held_space) {
        docx_para space = {.size = 8, .after = 60, .keep_next = keep};
        docx_para_begin(d, &space);
        docx_para_end(d);
    }
    rt_reset(&st->held_text);
    st->held = HELD_NONE;
    st->held_space = false;
}

/* Hold back a block of kind with the runs of t (NULL: none). */
static void hold(rpt_sink *s, held_kind kind, int depth, const rpt_text *t)
{
    docx_state *st = s->state;
    flush(s, false);
    st->held = kind;
    st->held_depth = depth;
    for (size_t k = 0; t && k < t->n; k++) {
        rpt_style style;
        const char *text = rt_run(t, k, &style);
        rt_add(&st->held_text, style, text);
    }
}

static void paragraph(rpt_sink *s, const rpt_text *t)
{
    hold(s, HELD_PARAGRAPH, 0, t);
}

static void item(rpt_sink *s, int depth, const rpt_text *t)
{
    hold(s, HELD_ITEM, depth, t);
}

/* The space after a list or a table, held with the block before it. */
static void hold_space(rpt_sink *s)
{
    ((docx_state *)s->state)->held_space = true;
}

static void list_end(rpt_sink *s)
{
    hold_space(s);
}

/* Return whether column c is written: shown by this sink, not a chart. */
static bool written(const rpt_sink *s, const rpt_col *c)
{
    return rpt_col_shown(s, c) && c->kind != RC_CHART;
}

/* Fill widths[] (twips) for the columns written: the width on paper each
 * asks for, and what is left shared by the rest. Return how many columns. */
static size_t col_widths(const rpt_sink *s, const rpt_table *t, int *widths)
{
    size_t n = 0, rest = 0;
    int used = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        const rpt_col *col = &t->cols[c];
        if (!written(s, col)) continue;
        int w = DOCX_MM(col->mm);
        widths[n++] = w;
        used += w;
        rest += !w;
    }
    int share = rest ? (TEXT_W - used) / (int)rest : 0;
    if (share < DOCX_MM(10)) share = DOCX_MM(10);
    for (size_t k = 0; k < n; k++)
        if (!widths[k]) widths[k] = share;
    return n;
}

static void table_begin(rpt_sink *s, const rpt_table *t)
{
    docx_state *st = s->state;
    docx *d = st->d;
    flush(s, false);
    if (!t->nrows) {
        if (t->empty) {
            docx_para p = {.align = DOCX_JUSTIFY, .after = 120, .first_line = 567};
            docx_para_text(d, &p, t->empty, 0);
        }
        return;
    }
    int *widths = xcalloc(t->ncols, sizeof *widths);
    size_t n = col_widths(s, t, widths);
    docx_table dt = {widths, n, 0, true, 57};
    docx_table_begin(d, &dt);
    free(widths);
    /* The header row, repeated at the top of each page the table runs on. */
    docx_row_begin(d, true, true);
    docx_para hp = {.align = DOCX_CENTER, .size = PT11, .before = 20, .after = 20};
    for (size_t c = 0; c < t->ncols; c++) {
        if (!written(s, &t->cols[c])) continue;
        docx_cell_begin(d, 1, NULL);
        docx_para_text(d, &hp, t->cols[c].head, DOCX_BOLD);
        docx_cell_end(d);
    }
    docx_row_end(d);
    st->table_size = PT11;
}

static void row(rpt_sink *s, const rpt_table *t, const rpt_row *r)
{
    docx *d = doc(s);
    docx_row_begin(d, false, true);
    for (size_t c = 0; c < t->ncols; c++) {
        const rpt_col *col = &t->cols[c];
        if (!written(s, col)) continue;
        docx_cell_begin(d, 1, NULL);
        docx_para p = {.align = col->kind == RC_NUM ? DOCX_CENTER : DOCX_LEFT,
                       .size = PT11,
                       .before = 20,
                       .after = 20};
        docx_para_begin(d, &p);
        runs(d, &r->cells[c], PT11, r->total, col->kind == RC_ID);
        docx_para_end(d);
        docx_cell_end(d);
    }
    docx_row_end(d);
}

static void table_end(rpt_sink *s, const rpt_table *t)
{
    docx_state *st = s->state;
    if (!t->nrows) return;
    docx_table_end(st->d);
    st->table_size = 0;
    hold_space(s);
}

/* The recipients (bottom left) and the signature block (right), side by
 * side in a borderless table whose row is kept on one page. */
static void closing(rpt_sink *s, const rpt_page *p)
{
    docx *d = doc(s);
    bool any = p->nto || p->nsign || p->signer_name;
    flush(s, any); /* the body's last block on the signature's page */
    if (!any) return;
    static const int widths[] = {TEXT_W / 2, TEXT_W - TEXT_W / 2};
    docx_table t = {widths, 2, 0, false, 57};
    docx_para space = {.after = 120, .keep_next = true};
    docx_para_begin(d, &space);
    docx_para_end(d);
    docx_table_begin(d, &t);
    docx_row_begin(d, false, true);
    docx_cell_begin(d, 1, NULL);
    if (p->nto) {
        docx_para label = {.size = PT12, .after = 20};
        docx_para_text(d, &label, p->to_label, DOCX_BOLD | DOCX_ITALIC);
    }
    docx_para line = {.size = PT11};
    for (size_t k = 0; k < p->nto; k++) {
        strbuf clean = STRBUF_INIT;
        rpt_clean(&clean, p->to[k]);
        docx_para_text(d, &line, sb_str(&clean), 0);
        sb_done(&clean);
    }
    docx_cell_end(d);
    docx_cell_begin(d, 1, NULL);
    docx_para title = {.align = DOCX_CENTER, .size = PT13};
    for (size_t k = 0; k < p->nsign; k++) docx_para_text(d, &title, p->sign[k], DOCX_BOLD);
    if (p->signer_name) {
        /* Room for the signature and the seal. */
        docx_para name = {.align = DOCX_CENTER, .size = PT13, .before = 1700};
        strbuf clean = STRBUF_INIT;
        rpt_clean(&clean, p->signer_name);
        docx_para_text(d, &name, sb_str(&clean), DOCX_BOLD);
        sb_done(&clean);
    }
    docx_cell_end(d);
    docx_row_end(d);
    docx_table_end(d);
}

static kh_errcode end(rpt_sink *s, const rpt_page *p, kh_error *err)
{
    (void)p;
    docx_state *st = s->state;
    flush(s, false);
    /* A document ends with a paragraph (after the last table). */
    docx_para last = {.size = 8};
    docx_para_begin(st->d, &last);
    docx_para_end(st->d);
    kh_errcode rc = docx_write(st->d, s->out, err);
    docx_free(st->d);
    rt_done(&st->held_text);
    free(st);
    s->state = NULL;
    return rc;
}

const rpt_sink_ops rpt_docx_ops = {
    .begin = begin,
    .head = head,
    .heading = heading,
    .paragraph = paragraph,
    .item = item,
    .list_end = list_end,
    .table_begin = table_begin,
    .row = row,
    .table_end = table_end,
    .closing = closing,
    .end = end,
};
