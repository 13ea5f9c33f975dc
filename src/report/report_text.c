/* Text in styled runs, as a report's writers receive it. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

void rt_add(rpt_text *t, rpt_style st, const char *s)
{
    if (!*s) return;
    KH_GROW(t->runs, t->n, t->cap);
    t->runs[t->n].style = (uint8_t)st;
    t->runs[t->n].at = t->buf.len;
    t->n++;
    sb_puts(&t->buf, s);
    sb_putc(&t->buf, '\0');
}

void rt_break(rpt_text *t)
{
    if (t->n) rt_add(t, RS_BREAK, "\n");
}

void rt_add_sb(rpt_text *t, rpt_style st, strbuf *sb)
{
    rt_add(t, st, sb_str(sb));
    sb_reset(sb);
}

void rt_printf(rpt_text *t, rpt_style st, const char *fmt, ...)
{
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    rt_add(t, st, sb_str(&sb));
    sb_done(&sb);
}

const char *rt_run(const rpt_text *t, size_t k, rpt_style *st)
{
    *st = (rpt_style)t->runs[k].style;
    return t->buf.data + t->runs[k].at;
}

void rt_flat(const rpt_text *t, strbuf *out)
{
    for (size_t k = 0; k < t->n; k++)
        sb_puts(out, t->runs[k].style == RS_BREAK ? "; " : t->buf.data + t->runs[k].at);
}

void rt_reset(rpt_text *t)
{
    sb_reset(&t->buf);
    t->n = 0;
}

void rt_done(rpt_text *t)
{
    sb_done(&t->buf);
    free(t->runs);
    memset(t, 0, sizeof *t);
}
