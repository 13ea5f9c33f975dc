/* The province's report on a plan that assigns tasks to each ward (issue
 * 17): section V, every ward ranked as `status` ranks (the ranking is
 * workspace_wards_rank's), then each ward's four categories and its overdue
 * tasks with their age. The figures are the report's own: the period's
 * occurrences as of the report's day (r->in, r->tl, r->view), so they add
 * up to section I. CSV (the table of tasks) leaves the section out; its
 * tasks carry their ward in a column. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/workspace.h"
#include "report_int.h"

/* The wards the report covers: those of opts->wards with an occurrence in
 * the plan, the filter's alone when it names one. */
static size_t covered(const rpt *r, kh_ws_ward *out)
{
    size_t n = 0;
    for (size_t k = 0; k < r->opts->nwards; k++) {
        const kh_ws_ward *w = &r->opts->wards[k];
        if (r->unit >= 0 && strcmp(r->plan->units[r->unit].id, w->id) != 0) continue;
        bool mine = false;
        for (size_t i = 0; i < r->plan->ntasks && !mine; i++) {
            const char *m = model_task_member(&r->plan->tasks[i]);
            mine = m && !strcmp(m, w->id);
        }
        if (!mine) continue;
        out[n] = *w;
        kh_ws_ward *o = &out[n++];
        o->total = o->overdue = 0;
        memset(o->category, 0, sizeof o->category);
        o->oldest_overdue = -1;
        uint64_t progress = 0;
        for (size_t k2 = 0; k2 < r->nin; k2++) {
            size_t i = r->in[k2];
            const char *m = model_task_member(&r->plan->tasks[i]);
            if (!m || strcmp(m, w->id) != 0 || rpt_task_withdrawn(r, i)) continue;
            const kh_task *v = &r->view[i];
            o->total++;
            o->category[model_category(r->tl[i])]++;
            progress += v->status == ST_DONE ? 100 : (uint64_t)v->progress;
            if (r->tl[i] == TL_OVERDUE) {
                o->overdue++;
                long age = (long)(r->asof - v->due);
                if (age > o->oldest_overdue) o->oldest_overdue = age;
            }
        }
        o->completion = o->total ? (int)((progress + o->total / 2) / o->total) : 0;
    }
    return n;
}

/* Append when ward w's snapshot was made, or that none came. */
static void snapshot_words(strbuf *sb, const rpt *r, const kh_ws_ward *w)
{
    char buf[17];
    if (!w->has_snapshot)
        sb_puts(sb, RW(r, "chưa gửi", "none"));
    else if (w->problem)
        sb_puts(sb, RW(r, "hỏng", "unreadable"));
    else {
        sb_puts(sb, date_format_local_time((time_t)w->made_at, buf));
        if (w->stale) sb_puts(sb, RW(r, " (cũ hơn 1 ngày)", " (over a day old)"));
    }
}

static void ranking_table(rpt_sink *s, const rpt *r, const kh_ws_ward *v, size_t n)
{
    enum { P = RV_DOC | RV_PAPER, NC = 6 + CAT_COUNT };
    rpt_col cols[NC];
    size_t c = 0;
    cols[c++] = (rpt_col){RW(r, "Hạng", "Rank"), RC_NUM, P, 6, 12};
    cols[c++] = (rpt_col){RW(r, "Phường, xã", "Ward"), RC_TEXT, P, 0, 0};
    cols[c++] = (rpt_col){RW(r, "Việc", "Tasks"), RC_NUM, P, 6, 12};
    for (int k = 0; k < CAT_COUNT; k++)
        cols[c++] = (rpt_col){rpt_category_short(r, (kh_category)k), RC_NUM, P, 0, 14};
    cols[c++] = (rpt_col){RW(r, "Hoàn thành (%)", "Done (%)"), RC_NUM, P, 9, 14};
    cols[c++] =
        (rpt_col){RW(r, "Quá hạn lâu nhất (ngày)", "Oldest overdue (days)"), RC_NUM, P, 10, 16};
    cols[c++] = (rpt_col){RW(r, "Bản chụp", "Snapshot"), RC_TEXT, P, 14, 24};
    rpt_table t = {RT_WARDS, "wards", cols, c, n, NULL};
    rpt_text cells[NC];
    for (size_t k = 0; k < NC; k++) cells[k] = (rpt_text)RPT_TEXT_INIT;
    rpt_row row = {cells, false, RS_PLAIN, NULL, NULL};
    strbuf sb = STRBUF_INIT;
    if (s->ops->table_begin) s->ops->table_begin(s, &t);
    for (size_t i = 0; i < n; i++) {
        const kh_ws_ward *w = &v[i];
        size_t k = 0;
        rt_printf(&cells[k++], RS_PLAIN, "%zu", w->rank);
        rt_add(&cells[k++], RS_PLAIN, w->name);
        rt_printf(&cells[k++], RS_PLAIN, "%zu", w->total);
        for (int m = 0; m < CAT_COUNT; m++)
            rt_printf(&cells[k++], m == CAT_OPEN_OVERDUE && w->category[m] ? RS_OVERDUE : RS_PLAIN,
                      "%zu", w->category[m]);
        rt_printf(&cells[k++], RS_PLAIN, "%d", w->completion);
        if (w->oldest_overdue >= 0)
            rt_printf(&cells[k++], RS_OVERDUE, "%ld", w->oldest_overdue);
        else
            rt_add(&cells[k++], RS_MUTED, "—");
        snapshot_words(&sb, r, w);
        rt_add_sb(&cells[k++], w->has_snapshot && !w->problem && !w->stale ? RS_PLAIN : RS_MUTED,
                  &sb);
        row.chart = w->category;
        row.chart_label = w->name;
        if (s->ops->row) s->ops->row(s, &t, &row);
        for (size_t j = 0; j < NC; j++) rt_reset(&cells[j]);
    }
    if (s->ops->table_end) s->ops->table_end(s, &t);
    for (size_t j = 0; j < NC; j++) rt_done(&cells[j]);
    sb_done(&sb);
}

/* One ward: its figures in a sentence, then its overdue tasks. */
static void one_ward(rpt_sink *s, const rpt *r, const kh_ws_ward *w, size_t n, int number)
{
    strbuf sb = STRBUF_INIT;
    rpt_text t = RPT_TEXT_INIT;
    sb_printf(&sb, RW(r, "%d. %s (hạng %zu/%zu)", "%d. %s (rank %zu of %zu)"), number, w->name,
              w->rank, n);
    if (s->ops->heading) s->ops->heading(s, 3, sb_str(&sb));
    sb_reset(&sb);
    sb_printf(&sb,
              RW(r, "%zu việc trong kỳ, hoàn thành %d%%: ", "%zu tasks in the period, %d%% done: "),
              w->total, w->completion);
    for (int c = 0; c < CAT_COUNT; c++)
        sb_printf(&sb, "%s%s %zu", c ? ", " : "", model_category_name((kh_category)c, r->lang),
                  w->category[c]);
    sb_puts(&sb, RW(r, ". Bản chụp: ", ". Snapshot: "));
    snapshot_words(&sb, r, w);
    sb_putc(&sb, '.');
    rt_add_sb(&t, RS_PLAIN, &sb);
    if (s->ops->paragraph) s->ops->paragraph(s, &t);
    rt_reset(&t);
    if (!w->overdue) {
        rt_add(&t, RS_ITALIC, RW(r, "Không có việc quá hạn.", "No task overdue."));
        if (s->ops->paragraph) s->ops->paragraph(s, &t);
    } else {
        if (s->ops->list_begin) s->ops->list_begin(s, "ward-overdue");
        for (size_t k = 0; k < r->nin; k++) {
            size_t i = r->in[k];
            const char *m = model_task_member(&r->plan->tasks[i]);
            if (!m || strcmp(m, w->id) != 0 || r->tl[i] != TL_OVERDUE) continue;
            if (rpt_task_withdrawn(r, i)) continue;
            rt_add(&t, RS_BOLD, r->plan->tasks[i].id);
            sb_putc(&sb, ' ');
            model_task_row_title(&sb, &r->plan->tasks[i], r->lang);
            sb_puts(&sb, " — ");
            rt_add_sb(&t, RS_PLAIN, &sb);
            rpt_issue(&sb, r, i);
            rt_add_sb(&t, RS_OVERDUE, &sb);
            if (s->ops->item) s->ops->item(s, 0, &t);
            rt_reset(&t);
        }
        if (s->ops->list_end) s->ops->list_end(s);
    }
    rt_done(&t);
    sb_done(&sb);
}

void rpt_wards_section(rpt_sink *s, const rpt *r)
{
    if (!r->opts || !r->opts->nwards) return;
    kh_ws_ward *v = xcalloc(r->opts->nwards, sizeof *v);
    size_t n = covered(r, v);
    if (!n) {
        free(v);
        return;
    }
    /* The ranking of status, list and present (workspace_province.c). */
    kh_workspace tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.wards = v;
    tmp.nwards = n;
    workspace_wards_rank(&tmp);
    if (s->ops->heading)
        s->ops->heading(s, 2, RW(r, "V. Kết quả của từng phường, xã", "V. Ward by ward"));
    rpt_text t = RPT_TEXT_INIT;
    size_t late = 0;
    for (size_t i = 0; i < n; i++) late += v[i].overdue > 0;
    rt_printf(&t, RS_PLAIN,
              RW(r,
                 "Kế hoạch giao việc cho %zu phường, xã; %zu phường, xã còn việc quá hạn. Xếp "
                 "hạng theo mức độ hoàn thành, rồi ít việc quá hạn hơn, rồi việc quá hạn lâu "
                 "nhất ngắn hơn; trạng thái theo bản chụp phường, xã gửi lên.",
                 "The plan assigns tasks to %zu wards; %zu of them have overdue tasks. Ranked by "
                 "completion, then fewer overdue, then a younger oldest overdue; the state is "
                 "the wards' snapshots'."),
              n, late);
    if (s->ops->paragraph) s->ops->paragraph(s, &t);
    rt_done(&t);
    if (s->ops->heading)
        s->ops->heading(s, 3, RW(r, "1. Xếp hạng các phường, xã", "1. The ranking"));
    ranking_table(s, r, v, n);
    for (size_t i = 0; i < n; i++) one_ward(s, r, &v[i], n, (int)i + 2);
    free(v);
}
