/* What a report shows of a task's completion beyond its day: the result
 * documents and files recorded for it (`kehoach result`, `set --doc
 * --file`) and what the confirming unit said. */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

kh_errcode rpt_gather_results(rpt *r, kh_error *err)
{
    size_t ntasks = r->plan->ntasks;
    r->result_first = xcalloc(ntasks + 2, sizeof *r->result_first);
    kh_errcode rc = app_results(r->app, NULL, &r->results, &r->nresults, err);
    /* A province's: the wards' results on their occurrences, from their
     * snapshots, after its own. */
    size_t nw = !rc && r->opts ? r->opts->nward_results : 0;
    if (nw) {
        r->results = xreallocarray(r->results, r->nresults + nw, sizeof *r->results);
        for (size_t i = 0; i < nw; i++) {
            kh_result c = r->opts->ward_results[i];
            c.task_id = xstrdup(c.task_id);
            c.doc = c.doc ? xstrdup(c.doc) : NULL;
            c.file_name = c.file_name ? xstrdup(c.file_name) : NULL;
            c.sha256 = c.sha256 ? xstrdup(c.sha256) : NULL;
            c.user = c.user ? xstrdup(c.user) : NULL;
            r->results[r->nresults++] = c;
        }
    }
    size_t n = rc ? 0 : r->nresults;
    r->results_by_task = xreallocarray(NULL, n ? n : 1, sizeof *r->results_by_task);
    long *task = xreallocarray(NULL, n ? n : 1, sizeof *task);
    for (size_t k = 0; k < n; k++) {
        task[k] = model_find_task(r->plan, r->results[k].task_id);
        if (task[k] >= 0) r->result_first[task[k] + 2]++;
    }
    for (size_t i = 2; i < ntasks + 2; i++) r->result_first[i] += r->result_first[i - 1];
    for (size_t k = 0; k < n; k++)
        if (task[k] >= 0) r->results_by_task[r->result_first[task[k] + 1]++] = &r->results[k];
    free(task);
    return rc;
}

size_t rpt_task_results(const rpt *r, size_t i, const kh_result *const **v)
{
    *v = r->results_by_task + r->result_first[i];
    return r->result_first[i + 1] - r->result_first[i];
}

void rpt_deadline_cell(rpt_text *cell, const rpt *r, size_t i, bool full)
{
    const kh_task *t = &r->plan->tasks[i];
    strbuf sb = STRBUF_INIT;
    model_deadline_short(&sb, t, r->lang);
    rt_add_sb(cell, RS_PLAIN, &sb);
    if (!full) {
        sb_done(&sb);
        return;
    }
    /* Extended (gia hạn): the plan's original deadline, then the document
     * of the current one, a line each, before the amendment. */
    if (model_task_extended(t)) {
        char buf[16];
        rt_break(cell);
        sb_printf(&sb, RW(r, "(hạn gốc %s", "(originally %s"),
                  date_format_dmy(t->due_original, buf));
        if (t->extension_doc)
            sb_printf(&sb, RW(r, ", gia hạn theo %s", ", extended by %s"), t->extension_doc);
        sb_putc(&sb, ')');
        rt_add_sb(cell, RS_MUTED, &sb);
    }
    if ((t->amended & KH_AMENDED_DEADLINE) && t->amended_by) {
        rt_break(cell);
        sb_printf(&sb, RW(r, "(điều chỉnh theo %s)", "(amended by %s)"), t->amended_by);
        rt_add_sb(cell, RS_MUTED, &sb);
    }
    sb_done(&sb);
}

/* Return the day a confirmation or rejection counts from: the day it was
 * given, never after today (as a change's: report_asof.c). */
static kh_date verdict_day(const rpt *r, const kh_task *v)
{
    kh_date d = date_of_time((time_t)v->verdict_at);
    return d > r->app->today ? r->app->today : d;
}

void rpt_confirmation(strbuf *out, const rpt *r, size_t i)
{
    const kh_task *v = &r->view[i];
    if (!v->confirmer) return;
    const char *unit = r->plan->units[v->confirmer - 1].short_name;
    char buf[11];
    if (v->status == ST_DONE && v->verdict == VERDICT_CONFIRMED) {
        sb_printf(out, RW(r, "%s đã xác nhận ngày %s", "confirmed by %s on %s"), unit,
                  date_format_dmy(verdict_day(r, v), buf));
    } else if (v->status == ST_DONE) {
        sb_printf(out, RW(r, "chờ %s xác nhận", "awaiting confirmation by %s"), unit);
    } else if (v->verdict == VERDICT_REJECTED) {
        sb_printf(out, RW(r, "%s trả lại ngày %s", "returned by %s on %s"), unit,
                  date_format_dmy(verdict_day(r, v), buf));
        if (v->verdict_reason) sb_printf(out, ": %s", v->verdict_reason);
    }
}

void rpt_result_list(strbuf *out, const rpt *r, size_t i, bool files)
{
    if (rpt_completed_day(r, i) == KH_NO_DATE) return;
    const kh_result *const *v;
    size_t n = rpt_task_results(r, i, &v), start = out->len;
    for (size_t k = 0; k < n; k++) {
        const char *s = files ? v[k]->file_name : v[k]->doc;
        if (!s) continue;
        if (out->len > start) sb_puts(out, "; ");
        sb_puts(out, s);
    }
}

void rpt_completion_cell(rpt_text *cell, const rpt *r, size_t i, bool full)
{
    char buf[11];
    kh_date d = rpt_completed_day(r, i);
    if (d != KH_NO_DATE) {
        rt_add(cell, RS_DAY, date_format_dmy(d, buf));
        if (r->done_after[i])
            rt_add(cell, RS_PLAIN, RW(r, " (sau ngày số liệu)", " (after the as-of day)"));
    }
    if (!full) return;
    /* The results: the completion's evidence (kehoach result), whenever
     * they were recorded: a document number is often known later. */
    strbuf sb = STRBUF_INIT;
    const kh_result *const *v;
    size_t n = d == KH_NO_DATE ? 0 : rpt_task_results(r, i, &v);
    for (size_t k = 0; k < n; k++) {
        if (v[k]->doc) {
            rt_break(cell);
            rt_add(cell, RS_PLAIN, v[k]->doc);
        }
        if (v[k]->file_name) {
            rt_break(cell);
            sb_printf(&sb, RW(r, "tệp: %s", "file: %s"), v[k]->file_name);
            rt_add_sb(cell, RS_MUTED, &sb);
        }
    }
    rpt_confirmation(&sb, r, i);
    if (sb.len) {
        rt_break(cell);
        rt_add_sb(cell, RS_ITALIC, &sb);
    }
    sb_done(&sb);
}

void rpt_withdrawn_by(strbuf *out, const rpt *r, size_t i)
{
    const char *doc = model_task_withdrawn_doc(&r->view[i]);
    if (doc)
        sb_printf(out, RW(r, " — dừng thực hiện theo %s", " — withdrawn by %s"), doc);
    else
        sb_puts(out, RW(r, " — dừng thực hiện", " — withdrawn"));
}
