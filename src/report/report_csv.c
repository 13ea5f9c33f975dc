/* The report's table of tasks as CSV (RFC 4180: UTF-8, CRLF), for a
 * spreadsheet: the data's columns (RV_DATA) of the table of tasks, the rest
 * of the document left out. */
#include "kehoach/csv.h"
#include "report_int.h"

static void begin(rpt_sink *s, const rpt_page *p)
{
    (void)p;
    if (s->bom) fputs("\xEF\xBB\xBF", s->out);
}

/* Write the shown cells of a row: each through the one CSV writer, a text
 * that would start a formula defused and quoted. */
static void table_begin(rpt_sink *s, const rpt_table *t)
{
    if (t->id != RT_TASKS) return;
    bool first = true;
    for (size_t c = 0; c < t->ncols; c++) {
        if (!rpt_col_shown(s, &t->cols[c])) continue;
        if (!first) putc(',', s->out);
        csv_cell(s->out, t->cols[c].head, true);
        first = false;
    }
    fputs("\r\n", s->out);
}

static void row(rpt_sink *s, const rpt_table *t, const rpt_row *r)
{
    if (t->id != RT_TASKS) return;
    strbuf sb = STRBUF_INIT;
    bool first = true;
    for (size_t c = 0; c < t->ncols; c++) {
        if (!rpt_col_shown(s, &t->cols[c])) continue;
        if (!first) putc(',', s->out);
        rt_flat(&r->cells[c], &sb);
        csv_cell(s->out, sb_str(&sb), true);
        sb_reset(&sb);
        first = false;
    }
    fputs("\r\n", s->out);
    sb_done(&sb);
}

const rpt_sink_ops rpt_csv_ops = {
    .begin = begin,
    .table_begin = table_begin,
    .row = row,
};
