/* The report as Markdown, for pasting into a document. */
#include <string.h>

#include "report_int.h"

/* Write s (one line, made safe) with Markdown's special characters escaped;
 * it never starts a line, so only the characters that act mid-line are. */
static void md_text(FILE *out, const char *s)
{
    strbuf clean = STRBUF_INIT;
    rpt_clean(&clean, s);
    for (const char *p = sb_str(&clean); *p; p++) {
        if (strchr("\\`*_[]<>|~", *p)) putc('\\', out);
        putc(*p, out);
    }
    sb_done(&clean);
}

/* Write the runs of t: bold as **…**, italic as *…*, the rest plain. */
static void md_runs(FILE *out, const rpt_text *t, bool bold)
{
    for (size_t k = 0; k < t->n; k++) {
        rpt_style st;
        const char *s = rt_run(t, k, &st);
        if (st == RS_BREAK) {
            fputs("<br>", out);
            continue;
        }
        const char *mark = bold || st == RS_BOLD ? "**" : st == RS_ITALIC ? "*" : "";
        fputs(mark, out);
        md_text(out, s);
        fputs(mark, out);
    }
}

/* Write s between mark and mark (** bold, * italic). */
static void md_marked(FILE *out, const char *mark, const char *s)
{
    fputs(mark, out);
    md_text(out, s);
    fputs(mark, out);
}

/* Write the lines of a table cell, joined by <br>, each between mark and
 * mark (** bold, * italic, or ""). */
static void md_cell_line(FILE *out, bool *first, const char *mark, const char *s)
{
    if (!s) return;
    if (!*first) fputs("<br>", out);
    *first = false;
    md_marked(out, mark, s);
}

/* The heading block as a table of two columns, as on paper: the issuing
 * body and the number line at the left; the national name, the motto and
 * the place-and-date line at the right. Then the document type, the
 * summary, the period. */
static void head(rpt_sink *s, const rpt_page *p)
{
    FILE *out = s->out;
    bool first = true;
    fputs("| ", out);
    md_cell_line(out, &first, "", p->parent);
    for (size_t k = 0; k < p->nbody; k++) md_cell_line(out, &first, "**", p->body[k]);
    md_cell_line(out, &first, "", p->number);
    first = true;
    fputs(" | ", out);
    md_cell_line(out, &first, "**", p->nation);
    md_cell_line(out, &first, "**", p->motto);
    md_cell_line(out, &first, "*", p->place_date);
    fputs(" |\n|:---:|:---:|\n\n# ", out);
    md_text(out, p->type);
    fputs("\n\n## ", out);
    md_text(out, p->summary);
    fputs("\n\n", out);
    md_marked(out, "*", p->period);
    fputs("  \n", out);
    md_marked(out, "*", p->scope);
    fputs("\n\n", out);
}

static void heading(rpt_sink *s, int level, const char *text)
{
    fprintf(s->out, "%.*s ", level, "######");
    md_text(s->out, text);
    fputs("\n\n", s->out);
}

static void paragraph(rpt_sink *s, const rpt_text *t)
{
    md_runs(s->out, t, false);
    fputs("\n\n", s->out);
}

static void item(rpt_sink *s, int depth, const rpt_text *t)
{
    fputs(depth ? "  - " : "- ", s->out);
    md_runs(s->out, t, false);
    putc('\n', s->out);
}

static void list_end(rpt_sink *s)
{
    putc('\n', s->out);
}

static void table_begin(rpt_sink *s, const rpt_table *t)
{
    if (!t->nrows) {
        if (t->empty) {
            md_text(s->out, t->empty);
            fputs("\n\n", s->out);
        }
        return;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        if (!rpt_col_shown(s, &t->cols[c]) || t->cols[c].kind == RC_CHART) continue;
        fputs("| ", s->out);
        md_text(s->out, t->cols[c].head);
        putc(' ', s->out);
    }
    fputs("|\n", s->out);
    for (size_t c = 0; c < t->ncols; c++) {
        if (!rpt_col_shown(s, &t->cols[c]) || t->cols[c].kind == RC_CHART) continue;
        fputs(t->cols[c].kind == RC_NUM ? "|--:" : "|---", s->out);
    }
    fputs("|\n", s->out);
}

static void row(rpt_sink *s, const rpt_table *t, const rpt_row *r)
{
    for (size_t c = 0; c < t->ncols; c++) {
        if (!rpt_col_shown(s, &t->cols[c]) || t->cols[c].kind == RC_CHART) continue;
        fputs("| ", s->out);
        md_runs(s->out, &r->cells[c], r->total);
        putc(' ', s->out);
    }
    fputs("|\n", s->out);
}

static void table_end(rpt_sink *s, const rpt_table *t)
{
    if (t->nrows) putc('\n', s->out);
}

/* The recipients at the left and the signature block at the right, as a
 * table of two columns. */
static void closing(rpt_sink *s, const rpt_page *p)
{
    FILE *out = s->out;
    if (!p->nto && !p->nsign && !p->signer_name) return;
    bool first = true;
    fputs("| ", out);
    if (p->nto) md_cell_line(out, &first, "***", p->to_label);
    for (size_t k = 0; k < p->nto; k++) md_cell_line(out, &first, "", p->to[k]);
    first = true;
    fputs(" | ", out);
    for (size_t k = 0; k < p->nsign; k++) md_cell_line(out, &first, "**", p->sign[k]);
    if (p->signer_name) {
        /* Room for the signature and the seal. */
        fputs(first ? "" : "<br><br><br>", out);
        first = true;
        md_cell_line(out, &first, "**", p->signer_name);
    }
    fputs(" |\n|:---|:---:|\n\n", out);
}

static kh_errcode end(rpt_sink *s, const rpt_page *p, kh_error *err)
{
    (void)err;
    md_marked(s->out, "*", p->footer);
    putc('\n', s->out);
    return KH_E_OK;
}

const rpt_sink_ops rpt_md_ops = {
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
