/* The task list and the deadline list: which tasks, in which order, drawn
 * one row each. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/parallel.h"
#include "kehoach/text.h"
#include "tui.h"

static long selected_index(const task_view *v)
{
    return v->n ? (long)v->rows[v->sel] : -1;
}

/* Put the selection back on task `task` when it is still listed. */
static void reselect(task_view *v, long task)
{
    if (v->sel >= v->n) v->sel = v->n ? v->n - 1 : 0;
    if (task < 0) return;
    for (size_t i = 0; i < v->n; i++) {
        if (v->rows[i] == (uint32_t)task) {
            v->sel = i;
            return;
        }
    }
}

static void drop_unsearched(tui *t)
{
    free(t->unsearched_list);
    free(t->unsearched_deadlines);
    free(t->search_at);
    t->search_at = NULL;
    t->unsearched_list = t->unsearched_deadlines = NULL;
    t->nunsearched = 0;
}

/* Forget the folded texts of notes a search looked in (they are read again
 * when a search needs them: a note may have been added). */
static void drop_note_texts(tui *t)
{
    /* By the counts they were read with: a plan may have been read again
     * (more or fewer tasks) before they are dropped. */
    for (size_t p = 0; t->note_texts && p < t->note_np; p++)
        workspace_note_texts_free(t->note_texts[p], t->note_n[p]);
    free(t->note_texts);
    free(t->note_n);
    t->note_texts = NULL;
    t->note_n = NULL;
    t->note_np = 0;
    free(t->note_hit);
    t->note_hit = NULL;
}

void list_done(tui *t)
{
    drop_unsearched(t);
    drop_note_texts(t);
    free(t->list.rows);
    free(t->deadlines.rows);
    t->list.rows = t->deadlines.rows = NULL;
    t->rows_cap = 0;
}

static void narrow(tui *t);
static void count_headings(tui *t);

/* Keep the views before a search (to come back to) and begin one. */
static void begin_search(tui *t)
{
    size_t n = t->list.n, bytes = (n + 1) * sizeof *t->list.rows;
    t->unsearched_list = xmalloc(bytes);
    t->unsearched_deadlines = xmalloc(bytes);
    memcpy(t->unsearched_list, t->list.rows, n * sizeof *t->list.rows);
    memcpy(t->unsearched_deadlines, t->deadlines.rows, n * sizeof *t->list.rows);
    t->nunsearched = n;
    t->search_at = xcalloc(tui_nrows(t) + 1, sizeof *t->search_at);
}

void list_rebuild(tui *t)
{
    if (t->hold) {
        /* Another plan is current a moment (its queue retried): later. */
        t->rebuild_due = true;
        return;
    }
    t->rebuild_due = false;
    drop_unsearched(t);
    drop_note_texts(t);
    const kh_plan *plan = t->app->plan;
    long keep_list = selected_index(&t->list), keep_dl = selected_index(&t->deadlines);
    size_t total = tui_nrows(t);
    if (!t->list.rows || t->rows_cap < total + 1) {
        free(t->list.rows);
        free(t->deadlines.rows);
        t->list.rows = xreallocarray(NULL, total + 1, sizeof *t->list.rows);
        t->deadlines.rows = xreallocarray(NULL, total + 1, sizeof *t->deadlines.rows);
        t->rows_cap = total + 1;
        if (t->list.sel >= total) t->list.sel = t->list.top = 0;
        if (t->deadlines.sel >= total) t->deadlines.sel = t->deadlines.top = 0;
        t->list.n = t->deadlines.n = 0;
    }
    /* Every filter but the search, then the search (which also looks in
     * notes) as typing narrows it. */
    kh_filter f = t->filter;
    f.query = NULL;
    f.unit_hit = NULL;
    f.nunit_hit = 0;
    if (t->all) {
        t->list.n = tui_ws_select(t, &f, t->list.rows);
        if (t->sort != SORT_PLAN) tui_ws_sort(t, t->list.rows, t->list.n, t->sort);
    } else {
        t->list.n = app_select(t->app, &f, t->list.rows);
        t->list.n = tui_keep_filtered(t, t->app, t->list.rows, t->list.n, 0);
        if (t->sort != SORT_PLAN) app_sort(t->app, t->list.rows, t->list.n, t->sort);
    }
    memcpy(t->deadlines.rows, t->list.rows, t->list.n * sizeof *t->list.rows);
    t->deadlines.n = t->list.n;
    if (t->all)
        tui_ws_sort(t, t->deadlines.rows, t->deadlines.n, SORT_DEADLINE);
    else
        app_sort(t->app, t->deadlines.rows, t->deadlines.n, SORT_DEADLINE);
    if (t->filter.query) {
        begin_search(t);
        narrow(t);
    }
    reselect(&t->list, keep_list);
    reselect(&t->deadlines, keep_dl);
    count_headings(t);
    t->unit_counts = xreallocarray(t->unit_counts, plan->nunits + 1, sizeof *t->unit_counts);
    if (!t->all) model_count(plan, t->app->today, &t->counts, t->unit_counts);
    tui_ws_count(t);
}

/* Count the rows of the list (the deadlines hold the same) that are tasks
 * for each ward: headings over their occurrences, not tasks (issue 17). */
static void count_headings(tui *t)
{
    size_t h = 0;
    for (size_t i = 0; i < t->list.n; i++) {
        uint32_t row = t->list.rows[i];
        const kh_plan *p = t->all ? tui_plan_app(t, tui_row_plan(t, row))->plan : t->app->plan;
        uint32_t k = tui_row_task(t, row);
        h += k < p->ntasks && model_task_summary(&p->tasks[k]);
    }
    t->list_headings = h;
}

/* Keep only the rows that still match: a longer search only narrows. */
/* Keep the rows of v whose task is marked in hit. */
static void keep_hits(task_view *v, const bool *hit)
{
    long keep = selected_index(v);
    size_t n = 0;
    for (size_t i = 0; i < v->n; i++)
        if (hit[v->rows[i]]) v->rows[n++] = v->rows[i];
    v->n = n;
    reselect(v, keep);
}

/* Put back the views as they were before the search, keeping the selected
 * task selected when it is there. */
static void restore_unsearched(tui *t)
{
    long keep_list = selected_index(&t->list), keep_dl = selected_index(&t->deadlines);
    memcpy(t->list.rows, t->unsearched_list, t->nunsearched * sizeof *t->list.rows);
    memcpy(t->deadlines.rows, t->unsearched_deadlines, t->nunsearched * sizeof *t->list.rows);
    t->list.n = t->deadlines.n = t->nunsearched;
    reselect(&t->list, keep_list);
    reselect(&t->deadlines, keep_dl);
    count_headings(t);
}

void list_search(tui *t, const char *old)
{
    const char *now = t->filter.query;
    if (!now) {
        if (t->unsearched_list) {
            restore_unsearched(t);
            drop_unsearched(t);
        } else {
            list_rebuild(t);
        }
        return;
    }
    /* A space typed at the end folds to the same query: nothing to match
     * again (60,000 rows for "hoa " at 100,000 tasks). */
    if (old && !strcmp(now, old)) return;
    if (!old) {
        /* A search begins: keep the views to come back to. */
        begin_search(t);
    } else if (strstr(now, old) != now) {
        /* A letter taken back: start again from before the search. */
        if (!t->unsearched_list) {
            list_rebuild(t);
            return;
        }
        restore_unsearched(t);
        memset(t->search_at, 0, (tui_nrows(t) + 1) * sizeof *t->search_at);
    }
    narrow(t);
}

typedef struct {
    const tui *t;
    const kh_filter *f; /* by plan (tui_nplans): each with its own units' hits */
    bool *hit;
} match_job;

/* Mark in hit the rows [lo, hi) of the list whose task matches the filter;
 * the rows are distinct, so two threads never mark the same one. The
 * query extends the last one (or starts the search): each task is searched
 * from where the last query was found in it (t->search_at). A task whose
 * text does not hold it may hold it in a note or result (marked). */
static void match_rows(void *arg, size_t lo, size_t hi, int part)
{
    (void)part;
    const match_job *j = arg;
    const tui *t = j->t;
    uint32_t *at = t->search_at;
    size_t p = t->cur;
    uint32_t from = 0, to = t->all ? 0 : UINT32_MAX; /* plan p's rows (none yet) */
    for (size_t i = lo; i < hi; i++) {
        uint32_t k = t->list.rows[i];
        if (t->all && (k < from || k >= to)) {
            /* Rows come plan by plan in most orders: look the plan up only
             * when the row leaves the last one's. */
            p = tui_row_plan(t, k);
            from = t->base[p];
            to = t->base[p + 1];
        }
        const kh_app *app = tui_plan_app(t, p);
        uint32_t task_i = t->all ? k - from : k;
        const kh_task *task = &app->plan->tasks[task_i];
        const kh_filter *f = &j->f[t->all ? p : 0];
        j->hit[k] = at ? app_match_at(app, f, task, &at[k]) : app_match(app, f, task);
        if (j->hit[k] || !t->note_texts || !t->note_texts[p]) continue;
        const char *notes = t->note_texts[p][task_i];
        if (notes && strstr(notes, f->query)) j->hit[k] = t->note_hit[k] = true;
    }
}

/* Read the folded notes of the plans the views show, once a search needs
 * them; say so when the database cannot give them. */
static void load_note_texts(tui *t)
{
    if (t->note_texts) return;
    size_t np = tui_nplans(t);
    t->note_texts = xcalloc(np, sizeof *t->note_texts);
    t->note_n = xcalloc(np, sizeof *t->note_n);
    t->note_np = np;
    for (size_t p = 0; p < np; p++) {
        if (!t->all && p != t->cur) continue;
        kh_error err = {0};
        t->note_texts[p] = workspace_note_texts(tui_plan_app(t, p), &err);
        t->note_n[p] = tui_plan_app(t, p)->plan->ntasks;
        if (!t->note_texts[p] && err.code)
            tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(err.code, t->app->lang), err.detail);
    }
}

void list_prepare_search(tui *t)
{
    if (t->hold || t->note_texts) return;
    load_note_texts(t);
}

/* Keep the rows that match the search; a longer search only narrows. */
static void narrow(tui *t)
{
    /* Both views hold the same tasks: match each once, on two threads when
     * there are many (up to 21 MB of folded text at 100,000 tasks). */
    /* The units whose names hold the query, worked out once by plan. */
    size_t nf = t->all ? tui_nplans(t) : 1;
    kh_filter *f = xreallocarray(NULL, nf, sizeof *f);
    for (size_t p = 0; p < nf; p++) {
        f[p] = t->filter;
        f[p].unit_hit = NULL;
        f[p].nunit_hit = 0;
        app_filter_prepare(t->all ? tui_plan_app(t, p) : t->app, &f[p]);
    }
    load_note_texts(t);
    size_t rows = tui_nrows(t) + 1;
    free(t->note_hit);
    t->note_hit = xcalloc(rows, sizeof *t->note_hit);
    bool *hit = xcalloc(rows, sizeof *hit);
    match_job j = {t, f, hit};
    parallel_split(t->list.n, 4096, match_rows, &j);
    keep_hits(&t->list, hit);
    keep_hits(&t->deadlines, hit);
    count_headings(t);
    free(hit);
    for (size_t p = 0; p < nf; p++) free(f[p].unit_hit);
    free(f);
}

void view_keep_visible(task_view *v, int height)
{
    if (height < 1) height = 1;
    if (v->sel >= v->n) v->sel = v->n ? v->n - 1 : 0;
    if (v->sel < v->top) v->top = v->sel;
    if (v->sel >= v->top + (size_t)height) v->top = v->sel - (size_t)height + 1;
    if (v->n <= (size_t)height)
        v->top = 0;
    else if (v->top > v->n - (size_t)height)
        v->top = v->n - (size_t)height;
}

void view_move(task_view *v, long delta, int page)
{
    if (!v->n) return;
    if (delta == LONG_MIN) {
        v->sel = 0;
        return;
    }
    if (delta == LONG_MAX) {
        v->sel = v->n - 1;
        return;
    }
    long step = delta * (page ? page : 1);
    long sel = (long)v->sel + step;
    if (sel < 0) sel = 0;
    if (sel >= (long)v->n) sel = (long)v->n - 1;
    v->sel = (size_t)sel;
}

long tui_selected_task(const tui *t)
{
    if (t->focus == PANE_UNITS || t->focus == PANE_PLANS || t->focus == PANE_WARDS) return -1;
    if (t->focus == PANE_DETAIL) return t->detail_task;
    long row = t->focus == PANE_DEADLINES || (t->focus != PANE_LIST && t->main == PANE_DEADLINES)
                   ? selected_index(&t->deadlines)
                   : selected_index(&t->list);
    /* Over every plan the row's plan is the current one (tui_follow_selection). */
    return row < 0 ? -1 : (long)tui_row_task(t, (uint32_t)row);
}

typedef struct {
    int marker, plan, id, content, unit, deadline, days, status;
} columns;

static columns layout_columns(const tui *t, int w, bool deadlines)
{
    const kh_plan *plan = t->app->plan;
    kh_lang lang = t->app->lang;
    columns c = {1, 0, 0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < plan->nunits; i++) {
        int uw = text_width(plan->units[i].short_name);
        if (uw > c.unit) c.unit = uw;
    }
    /* Over every plan, the plan's id where there is room for it. */
    if (t->all && w >= 100) {
        for (size_t p = 0; p < tui_nplans(t); p++) {
            const kh_plan *pl = tui_plan_app(t, p)->plan;
            int pw = text_width(pl->id);
            if (pw > c.plan) c.plan = pw;
            for (size_t i = 0; i < pl->nunits; i++) {
                int uw = text_width(pl->units[i].short_name);
                if (uw > c.unit) c.unit = uw;
            }
        }
        if (c.plan > 16) c.plan = 16;
    }
    if (c.unit < text_width(TR(lang, "Đơn vị", "Unit")))
        c.unit = text_width(TR(lang, "Đơn vị", "Unit"));
    if (c.unit > 12) c.unit = 12;
    c.deadline = text_width(TR(lang, "Thường xuyên", "Continuous"));
    if (deadlines) c.days = 9;
    c.status = w >= 120 ? 28 : w >= 100 ? 24 : 20;
    if (w >= 96) {
        /* The ids of the first 4096 tasks (of every plan shown). */
        size_t seen = 0;
        for (size_t p = 0; p < tui_nplans(t) && seen < 4096; p++) {
            if (!t->all && p != t->cur) continue;
            const kh_plan *pl = tui_plan_app(t, p)->plan;
            for (size_t i = 0; i < pl->ntasks && seen < 4096; i++, seen++) {
                int iw = (int)strlen(pl->tasks[i].id);
                if (iw > c.id) c.id = iw;
            }
        }
        if (c.id > 18) c.id = 18;
    }
    int gaps = 1 + (c.plan ? 1 : 0) + (c.id ? 1 : 0) + 1 + 1 + 1 + (c.days ? 1 : 0);
    int fixed = c.marker + c.plan + c.id + c.unit + c.deadline + c.days;
    c.content = w - fixed - c.status - gaps;
    if (c.content < 12) {
        /* Narrow: give the content room at the status's expense. */
        c.status -= 12 - c.content;
        if (c.status < 8) c.status = 8;
        c.content = w - fixed - c.status - gaps;
    }
    return c;
}

int list_content_width(const tui *t, int w, bool deadlines)
{
    return layout_columns(t, w, deadlines).content;
}

/* Append the status cell of a row in at most w columns: the timeliness
 * first when it needs attention, the status, the progress of work under
 * way. Where it does not fit, the status is shortened ("Đang TH"), then
 * left to the progress, which is never the part cut. */
static void status_cell(strbuf *out, const kh_task *task, kh_date today, kh_lang lang, int w)
{
    static const char *const short_vi[ST_COUNT] = {"Chưa TH", "Đang TH", "Vướng mắc", "Đã HT",
                                                   "Dừng TH"};
    static const char *const short_en[ST_COUNT] = {"To do", "Doing", "Blocked", "Done",
                                                   "Withdrawn"};
    kh_timeliness tl = model_timeliness(task, today);
    const char *when = tl == TL_OVERDUE || tl == TL_DUE_SOON || tl == TL_DONE_LATE
                           ? model_timeliness_name(tl, lang)
                           : NULL;
    char pct[8] = "";
    if (task->status == ST_DOING && task->progress)
        snprintf(pct, sizeof pct, "%d%%", task->progress % 1000);
    const char *full = model_task_status_name(task, lang);
    const char *brief = model_task_proposed(task) ? TR(lang, "Đề nghị HT", "Proposed")
                        : model_task_withdrawn(task) /* by set or by an amendment */
                            ? TR(lang, short_vi, short_en)[ST_WITHDRAWN]
                            : TR(lang, short_vi, short_en)[task->status % ST_COUNT];
    const char *sep = when ? " · " : "", *tl_words = when ? when : "";
    char forms[4][128];
    int n = 0;
    snprintf(forms[n++], sizeof forms[0], "%s%s%s%s%s", tl_words, sep, full, *pct ? " " : "", pct);
    snprintf(forms[n++], sizeof forms[0], "%s%s%s%s%s", tl_words, sep, brief, *pct ? " " : "", pct);
    if (*pct) {
        snprintf(forms[n++], sizeof forms[0], "%s%s%s", tl_words, sep, pct);
        snprintf(forms[n++], sizeof forms[0], "%s", pct);
    }
    /* The first that fits; else the last, cut (and a progress always fits). */
    int k = 0;
    while (k + 1 < n && text_width(forms[k]) > w) k++;
    sb_puts(out, forms[k]);
}

static void days_text(char *buf, size_t n, const kh_task *task, kh_date today, kh_lang lang)
{
    buf[0] = '\0';
    if (task->status == ST_DONE || task->dl_kind == DL_CONTINUOUS || task->due == KH_NO_DATE)
        return;
    long d = (long)task->due - (long)today;
    if (d < 0)
        snprintf(buf, n, TR(lang, "quá %ld", "%ld late"), -d);
    else
        snprintf(buf, n, TR(lang, "còn %ld", "%ld left"), d);
}

void list_draw(tui *t, const rect *r, task_view *v, bool deadlines, bool focused)
{
    kh_lang lang = t->app->lang;
    columns c = layout_columns(t, r->w, deadlines);
    /* The header row: the column names. */
    attr_t ha = focused ? t->st.tab_on : A_BOLD | A_UNDERLINE;
    draw_fill(r->y, r->x, r->w, ha);
    int x = r->x + c.marker + 1;
    if (c.plan) x += draw_text(r->y, x, c.plan, TR(lang, "Kế hoạch", "Plan"), ha, true) + 1;
    if (c.id) x += draw_text(r->y, x, c.id, TR(lang, "Mã", "ID"), ha, true) + 1;
    if (deadlines) {
        x += draw_text(r->y, x, c.deadline, TR(lang, "Thời hạn", "Deadline"), ha, true) + 1;
        x += draw_text(r->y, x, c.days, TR(lang, "Ngày", "Days"), ha, true) + 1;
    }
    x += draw_text(r->y, x, c.content, TR(lang, "Nội dung", "Content"), ha, true) + 1;
    x += draw_text(r->y, x, c.unit, TR(lang, "Đơn vị", "Unit"), ha, true) + 1;
    if (!deadlines)
        x += draw_text(r->y, x, c.deadline, TR(lang, "Thời hạn", "Deadline"), ha, true) + 1;
    draw_text(r->y, x, c.status, TR(lang, "Trạng thái", "Status"), ha, false);

    int height = r->h - 1;
    view_keep_visible(v, height);
    strbuf cell = STRBUF_INIT;
    for (int row = 0; row < height; row++) {
        int y = r->y + 1 + row;
        size_t i = v->top + (size_t)row;
        draw_fill(y, r->x, r->w, A_NORMAL);
        if (i >= v->n) {
            if (row == 0 && v->n == 0)
                draw_text(y, r->x + 2, r->w - 2,
                          TR(lang, "Không có nhiệm vụ nào khớp bộ lọc (Esc hoặc f để bỏ lọc).",
                             "No task matches the filter (Esc or f to clear it)."),
                          A_DIM, false);
            continue;
        }
        uint32_t row_i = v->rows[i];
        kh_app *app = tui_plan_app(t, tui_row_plan(t, row_i));
        uint32_t task_i = tui_row_task(t, row_i);
        const kh_task *task = &app->plan->tasks[task_i];
        attr_t a = draw_task_attr(t, task);
        bool sel = i == v->sel;
        /* The selection lights the row up to the end of its content: moving
         * it repaints two short stretches, not two whole rows (a slow SSH
         * link feels the difference). */
        attr_t s = sel ? (a & ~A_UNDERLINE) | (focused ? t->st.select : t->st.select_dim) : a;
        int lit = r->x + c.marker + 1 + (c.plan ? c.plan + 1 : 0) + (c.id ? c.id + 1 : 0) +
                  (deadlines ? c.deadline + 1 + c.days + 1 : 0) + c.content;
        /* Gaps in the row's own attribute: no attribute switch at each one. */
        draw_fill(y, r->x, r->w, a);
        if (sel) draw_fill(y, r->x, lit - r->x, s);
        /* The marker column, then '*' on a row someone else just changed,
         * '"' on a row the search found in a note or result, or '-' on a
         * row the plan's rights do not let this person change. */
        char second = tui_flashing(t, row_i)              ? MARK_CHANGED
                      : t->note_hit && t->note_hit[row_i] ? MARK_NOTE_HIT
                      : !app_may_change(app, task_i)      ? MARK_READ_ONLY
                                                          : ' ';
        char marker[3] = {draw_task_marker(t, task), second, 0};
        x = r->x;
        /* Bold only where there is a mark: an attribute switch costs bytes. */
        x += draw_text(y, x, c.marker + 1, marker, marker[0] != ' ' ? s | A_BOLD : s, true);
        if (c.plan) x += draw_text(y, x, c.plan, app->plan->id, s, true) + 1;
        if (c.id) x += draw_text(y, x, c.id, task->id, s, true) + 1;
        if (deadlines) {
            sb_reset(&cell);
            model_deadline_short(&cell, task, lang);
            x += draw_text(y, x, c.deadline, sb_str(&cell), s, true) + 1;
            char days[32];
            days_text(days, sizeof days, task, app->today, lang);
            x += draw_text(y, x, c.days, days, s, true) + 1;
        }
        sb_reset(&cell);
        model_task_row_title(&cell, task, lang);
        x += draw_text(y, x, c.content, sb_str(&cell), s, true) + 1;
        sb_reset(&cell);
        for (size_t k = 0; k < task->nlead; k++)
            sb_printf(&cell, "%s%s", k ? "," : "", app->plan->units[task->lead[k]].short_name);
        x += draw_text(y, x, c.unit, sb_str(&cell), a, true) + 1;
        if (!deadlines) {
            sb_reset(&cell);
            model_deadline_short(&cell, task, lang);
            x += draw_text(y, x, c.deadline, sb_str(&cell), a, true) + 1;
        }
        sb_reset(&cell);
        /* One column spare before a divider on the right. */
        int sw = r->x + r->w - x - 1;
        if (model_task_summary(task)) /* a task for each ward: how many have done it */
            model_member_summary(&cell, app->plan, task_i, app->today, lang);
        else
            status_cell(&cell, task, app->today, lang, sw);
        draw_text(y, x, sw, sb_str(&cell), a, false);
    }
    sb_done(&cell);
}

void list_click(tui *t, task_view *v, const rect *r, int y)
{
    (void)t;
    if (y <= r->y) return;
    size_t i = v->top + (size_t)(y - r->y - 1);
    if (i < v->n) v->sel = i;
}
