/* The report as one self-contained HTML page: inline CSS, inline SVG, no
 * network; laid out for A4 paper. */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* The colours of the four categories, in charts and their legend. */
static const char *const cat_colour[CAT_COUNT] = {
    [CAT_DONE_ON_TIME] = "#2e7d32", /* green */
    [CAT_DONE_LATE] = "#f9a825",    /* amber */
    [CAT_OPEN_IN_TIME] = "#1565c0", /* blue */
    [CAT_OPEN_OVERDUE] = "#c62828", /* red */
};

static const char css[] =
    "@page{size:A4;margin:20mm 15mm 20mm 30mm}\n"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "html{background:#fff}\n"
    "body{font-family:\"Times New Roman\",\"Liberation Serif\",\"DejaVu Serif\",serif;"
    "font-size:13pt;line-height:1.35;color:#000;margin:0 auto;max-width:165mm;padding:12mm "
    "10mm}\n"
    "@media print{body{max-width:none;padding:0}}\n"
    /* The heading block of Phụ lục I: body 12pt, national name 12pt, motto
     * 13pt, bold; lines drawn under the body (short) and the motto (as
     * long as it); the date in italics. */
    ".head{width:100%;border:0;border-collapse:collapse;margin-bottom:6mm}\n"
    ".head td{border:0;text-align:center;vertical-align:top;padding:0;font-size:12pt}\n"
    ".head td.body{width:45%}\n"
    ".head td.nation .name,.head .motto{white-space:nowrap}\n"
    ".head .name{font-weight:bold}\n"
    ".head .motto{display:inline-block;font-weight:bold;font-size:13pt;border-bottom:1px solid "
    "#000;padding-bottom:1pt}\n"
    ".rule{width:30%;margin:1mm auto 2mm;border-top:1px solid #000}\n"
    ".number{font-size:13pt}\n"
    ".head .date{font-style:italic;font-size:13pt;margin:3mm 0 0;text-align:center}\n"
    "h1{font-size:14pt;text-align:center;margin:4mm 0 1mm}\n"
    ".title{font-weight:bold;text-align:center;margin:0 0 2mm}\n"
    ".period{text-align:center;font-style:italic;margin:0}\n"
    "h2{font-size:13pt;margin:6mm 0 2mm;break-after:avoid;page-break-after:avoid}\n"
    "h3{font-size:13pt;font-style:italic;font-weight:bold;margin:4mm 0 2mm;"
    "break-after:avoid;page-break-after:avoid}\n"
    "p{margin:0 0 2mm;text-align:justify}\n"
    "table.t{border-collapse:collapse;width:100%;margin:2mm 0 4mm}\n"
    ".t th,.t td{border:1px solid #000;padding:1pt 3pt;vertical-align:top;font-size:10.5pt}\n"
    ".t th{background:#eee;font-weight:bold}\n"
    ".t thead{display:table-header-group}\n"
    ".t tr{break-inside:avoid;page-break-inside:avoid}\n"
    ".n{text-align:right;white-space:nowrap}\n"
    ".nowrap{white-space:nowrap}\n"
    ".id{font-size:9.5pt}\n"
    /* The date columns are as wide as dd/mm/yyyy in the widest serif font
     * (DejaVu Serif: 5.8em) with the padding; the task text takes what is
     * left. em here is the table's 9.5pt. */
    "table.tasks{table-layout:fixed;font-size:9.5pt}\n"
    ".tasks col.date{width:7em}\n"
    ".tasks th,.tasks td{font-size:9.5pt;overflow-wrap:break-word}\n"
    ".tasks td.d{overflow-wrap:normal}\n"
    ".tasks td.d .by{overflow-wrap:anywhere}\n"
    ".tasks .day{white-space:nowrap}\n"
    ".overdue{color:#c62828;font-weight:bold}\n"
    ".blocked{color:#8e24aa;font-weight:bold}\n"
    ".by{color:#444;font-size:9.5pt}\n"
    "ul{margin:0 0 3mm;padding-left:7mm}\n"
    "li{margin:0 0 1mm}\n"
    ".legend{font-size:10pt;margin:0 0 2mm}\n"
    ".legend span{display:inline-block;margin-right:5mm;white-space:nowrap}\n"
    ".legend i{display:inline-block;width:9pt;height:9pt;margin-right:2pt;vertical-align:-1pt}\n"
    /* Recipients: "Nơi nhận:" 12pt bold italic, the list 11pt; the
     * signature block bold, room for the signature and the seal. */
    ".close{width:100%;border:0;border-collapse:collapse;margin-top:8mm;break-inside:avoid;"
    "page-break-inside:avoid}\n"
    ".close td{border:0;vertical-align:top;padding:0}\n"
    ".close td.to{width:50%;font-size:11pt}\n"
    ".to-head{font-size:12pt;font-weight:bold;font-style:italic}\n"
    ".close td.sign{text-align:center;font-weight:bold}\n"
    ".sign .name{margin-top:22mm}\n"
    ".foot{margin-top:8mm;font-size:9pt;color:#555;font-style:italic}\n";

/* Write s (made safe, one line) with HTML's special characters escaped. */
static void h(FILE *out, const char *s)
{
    strbuf clean = STRBUF_INIT;
    rpt_clean(&clean, s);
    for (const char *p = sb_str(&clean); *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: putc(*p, out);
        }
    }
    sb_done(&clean);
}

/* A task id, with a line break allowed after the '/' of an occurrence. */
static void id_html(FILE *out, const char *id)
{
    const char *slash = strchr(id, '/');
    if (!slash) {
        h(out, id);
        return;
    }
    char *head = xstrndup(id, (size_t)(slash - id) + 1);
    h(out, head);
    free(head);
    fputs("<wbr>", out);
    h(out, slash + 1);
}

/* The sink's own: the depth of the open lists, the language. */
typedef struct {
    int depth; /* lists open: 0 none, 1 a list, 2 a list in an item */
    bool item_open[2];
    kh_lang lang;
} html_state;

static const char *style_tag(rpt_style st, bool open)
{
    switch (st) {
    case RS_BOLD: return open ? "<b>" : "</b>";
    case RS_ITALIC: return open ? "<i>" : "</i>";
    case RS_MUTED: return open ? "<span class=\"by\">" : "</span>";
    case RS_OVERDUE: return open ? "<span class=\"overdue\">" : "</span>";
    case RS_BLOCKED: return open ? "<span class=\"blocked\">" : "</span>";
    case RS_DAY: return open ? "<span class=\"day\">" : "</span>";
    case RS_BREAK:
    case RS_PLAIN: break;
    }
    return "";
}

/* Write the runs of t, each in its tag; an id with a break allowed after
 * its '/'. */
static void runs(FILE *out, const rpt_text *t, bool id)
{
    for (size_t k = 0; k < t->n; k++) {
        rpt_style st;
        const char *s = rt_run(t, k, &st);
        if (st == RS_BREAK) {
            fputs("<br>", out);
            continue;
        }
        fputs(style_tag(st, true), out);
        if (id)
            id_html(out, s);
        else
            h(out, s);
        fputs(style_tag(st, false), out);
    }
}

/* A stacked bar of the four categories, with its numbers for screen
 * readers and a tooltip. */
static void bar(FILE *out, kh_lang lang, const char *label, const size_t cat[CAT_COUNT])
{
    enum { W = 150, H = 14 };
    size_t total = 0;
    for (int c = 0; c < CAT_COUNT; c++) total += cat[c];
    fprintf(out,
            "<svg class=\"bar\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
            W, H, W, H);
    h(out, label);
    for (int c = 0; c < CAT_COUNT; c++)
        fprintf(out, "; %s %zu", rpt_category_short_lang(lang, (kh_category)c), cat[c]);
    fputs("\">", out);
    fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f0f0f0\"/>", W, H);
    double x = 0;
    for (int c = 0; c < CAT_COUNT && total; c++) {
        if (!cat[c]) continue;
        double w = (double)W * (double)cat[c] / (double)total;
        fprintf(out, "<rect x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"%d\" fill=\"%s\"><title>", x,
                w, H, cat_colour[c]);
        fprintf(out, "%s: %zu", rpt_category_short_lang(lang, (kh_category)c), cat[c]);
        fputs("</title></rect>", out);
        x += w;
    }
    fputs("</svg>", out);
}

static void legend(FILE *out, kh_lang lang)
{
    fputs("<p class=\"legend\">", out);
    for (int c = 0; c < CAT_COUNT; c++) {
        fprintf(out, "<span><i style=\"background:%s\"></i>", cat_colour[c]);
        h(out, model_category_name((kh_category)c, lang));
        fputs("</span>", out);
    }
    fputs("</p>\n", out);
}

static void begin(rpt_sink *s, const rpt_page *p)
{
    html_state *st = xcalloc(1, sizeof *st);
    st->lang = s->lang;
    s->state = st;
    FILE *out = s->out;
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
            p->lang);
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", out);
    fputs("<meta name=\"generator\" content=\"", out);
    h(out, p->generator);
    fputs("\">\n<title>", out);
    h(out, p->title);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
}

/* The heading block (Phụ lục I): the issuing body, a short line under it
 * and the number line at the left; the national name, the motto with a line
 * as long as it, and the place-and-date line at the right. Then the
 * document type, the summary and the period. */
static void head(rpt_sink *s, const rpt_page *p)
{
    FILE *out = s->out;
    fputs("<table class=\"head\"><tr><td class=\"body\">", out);
    if (p->parent) {
        fputs("<div class=\"parent\">", out);
        h(out, p->parent);
        fputs("</div>", out);
    }
    fputs("<div class=\"name\">", out);
    for (size_t k = 0; k < p->nbody; k++) {
        if (k) fputs("<br>", out);
        h(out, p->body[k]);
    }
    fputs("</div><div class=\"rule\"></div><div class=\"number\">", out);
    h(out, p->number);
    fputs("</div></td><td class=\"nation\"><div class=\"name\">", out);
    h(out, p->nation);
    fputs("</div><span class=\"motto\">", out);
    h(out, p->motto);
    fputs("</span><p class=\"date\">", out);
    h(out, p->place_date);
    fputs("</p></td></tr></table>\n<h1>", out);
    h(out, p->type);
    fputs("</h1>\n<p class=\"title\">", out);
    h(out, p->summary);
    fputs("</p>\n<div class=\"rule\"></div>\n<p class=\"period\">", out);
    h(out, p->period);
    fputs("<br>", out);
    h(out, p->scope);
    fputs("</p>\n", out);
}

static void heading(rpt_sink *s, int level, const char *text)
{
    fprintf(s->out, "<h%d>", level);
    h(s->out, text);
    fprintf(s->out, "</h%d>\n", level);
}

static void paragraph(rpt_sink *s, const rpt_text *t)
{
    fputs("<p>", s->out);
    runs(s->out, t, false);
    fputs("</p>\n", s->out);
}

static void list_begin(rpt_sink *s, const char *name)
{
    html_state *st = s->state;
    fprintf(s->out, "<ul class=\"%s\">\n", name);
    st->depth = 1;
    st->item_open[0] = st->item_open[1] = false;
}

/* Close what is open deeper than depth (0: the items of the list too). */
static void close_to(rpt_sink *s, int depth)
{
    html_state *st = s->state;
    if (st->depth == 2 && depth < 1) {
        if (st->item_open[1]) fputs("</li>", s->out);
        fputs("</ul>", s->out);
        st->depth = 1;
        st->item_open[1] = false;
    }
    if (depth < 1 && st->item_open[0]) {
        fputs("</li>\n", s->out);
        st->item_open[0] = false;
    }
}

static void item(rpt_sink *s, int depth, const rpt_text *t)
{
    html_state *st = s->state;
    if (depth == 0) {
        close_to(s, 0);
    } else if (st->depth == 1) {
        fputs("\n<ul>", s->out);
        st->depth = 2;
    } else if (st->item_open[1]) {
        fputs("</li>", s->out);
    }
    fputs("<li>", s->out);
    runs(s->out, t, false);
    st->item_open[depth ? 1 : 0] = true;
}

static void list_end(rpt_sink *s)
{
    html_state *st = s->state;
    close_to(s, 0);
    fputs("</ul>\n", s->out);
    st->depth = 0;
}

static void table_begin(rpt_sink *s, const rpt_table *t)
{
    html_state *st = s->state;
    FILE *out = s->out;
    if (!t->nrows) {
        if (t->empty) {
            fputs("<p>", out);
            h(out, t->empty);
            fputs("</p>\n", out);
        }
        return;
    }
    bool chart = false, widths = false;
    for (size_t c = 0; c < t->ncols; c++) {
        if (!rpt_col_shown(s, &t->cols[c])) continue;
        chart = chart || t->cols[c].kind == RC_CHART;
        widths = widths || t->cols[c].width;
    }
    if (chart) legend(out, st->lang);
    fprintf(out, "<table class=\"t %s\">", t->name);
    if (widths) {
        fputs("<colgroup>", out);
        for (size_t c = 0; c < t->ncols; c++) {
            const rpt_col *col = &t->cols[c];
            if (!rpt_col_shown(s, col)) continue;
            if (col->width)
                fprintf(out, "<col style=\"width:%d%%\">", col->width);
            else if (col->kind == RC_DATE)
                fputs("<col class=\"date\">", out);
            else
                fputs("<col>", out);
        }
        fputs("</colgroup>", out);
    }
    fputs("<thead><tr>", out);
    for (size_t c = 0; c < t->ncols; c++) {
        if (!rpt_col_shown(s, &t->cols[c])) continue;
        fputs("<th>", out);
        h(out, t->cols[c].head);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
}

/* Return the class attribute of a cell of column col in row r. */
static const char *cell_class(const rpt_col *col, const rpt_row *r)
{
    switch (col->kind) {
    case RC_NUM: return " class=\"n\"";
    case RC_ID: return " class=\"id\"";
    case RC_DATE: return " class=\"d\"";
    case RC_STATUS:
        return r->mark == RS_OVERDUE   ? " class=\"overdue\""
               : r->mark == RS_BLOCKED ? " class=\"blocked\""
                                       : "";
    default: return "";
    }
}

static void row(rpt_sink *s, const rpt_table *t, const rpt_row *r)
{
    html_state *st = s->state;
    FILE *out = s->out;
    const char *cell = r->total ? "th" : "td";
    fputs("<tr>", out);
    for (size_t c = 0; c < t->ncols; c++) {
        const rpt_col *col = &t->cols[c];
        if (!rpt_col_shown(s, col)) continue;
        const char *cls = r->total && col->kind != RC_NUM ? "" : cell_class(col, r);
        fprintf(out, "<%s%s>", cell, cls);
        if (col->kind == RC_CHART && r->chart)
            bar(out, st->lang, r->chart_label, r->chart);
        else
            runs(out, &r->cells[c], col->kind == RC_ID);
        fprintf(out, "</%s>", cell);
    }
    fputs("</tr>\n", out);
}

static void table_end(rpt_sink *s, const rpt_table *t)
{
    if (t->nrows) fputs("</tbody></table>\n", s->out);
}

/* The recipients at the bottom left, the signature block at the right. */
static void closing(rpt_sink *s, const rpt_page *p)
{
    FILE *out = s->out;
    if (!p->nto && !p->nsign && !p->signer_name) return;
    fputs("<table class=\"close\"><tr><td class=\"to\">", out);
    if (p->nto) {
        fputs("<div class=\"to-head\">", out);
        h(out, p->to_label);
        fputs("</div>", out);
    }
    for (size_t k = 0; k < p->nto; k++) {
        fputs("<div>", out);
        h(out, p->to[k]);
        fputs("</div>", out);
    }
    fputs("</td><td class=\"sign\">", out);
    for (size_t k = 0; k < p->nsign; k++) {
        fputs("<div>", out);
        h(out, p->sign[k]);
        fputs("</div>", out);
    }
    if (p->signer_name) {
        fputs("<div class=\"name\">", out);
        h(out, p->signer_name);
        fputs("</div>", out);
    }
    fputs("</td></tr></table>\n", out);
}

static kh_errcode end(rpt_sink *s, const rpt_page *p, kh_error *err)
{
    (void)err;
    fputs("<p class=\"foot\">", s->out);
    h(s->out, p->footer);
    fputs("</p>\n</body>\n</html>\n", s->out);
    free(s->state);
    s->state = NULL;
    return KH_E_OK;
}

const rpt_sink_ops rpt_html_ops = {
    .begin = begin,
    .head = head,
    .heading = heading,
    .paragraph = paragraph,
    .list_begin = list_begin,
    .item = item,
    .list_end = list_end,
    .table_begin = table_begin,
    .row = row,
    .table_end = table_end,
    .closing = closing,
    .end = end,
};
