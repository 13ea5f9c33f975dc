/* The Phường/Xã pane of a province's workspace: every ward with the four
 * official categories, completion, the oldest overdue's age and its
 * snapshot's age, ranked as `status` ranks (the figures are the ones
 * workspace_province_fold computes for status, list and present). o moves
 * the sort to the next column, O reverses it, f filters by plan or by one
 * task across the wards, Enter shows the ward's occurrences (read-only).
 * A snapshot received while the pane is open shows within two seconds:
 * DIR/wards/ is looked at once a second, as present does. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/text.h"
#include "tui.h"

enum {
    WS_RANK,
    WS_NAME,
    WS_TASKS,
    WS_DOT,
    WS_DL,
    WS_OIT,
    WS_OOD,
    WS_PCT,
    WS_OLDEST,
    WS_SNAP,
    WS_SORT_COUNT
};

/* The columns after the rank and the name; drop: the order in which a
 * narrow pane gives them up (0: never). */
typedef struct {
    int sort;
    const char *vi, *en;
    int w, drop;
} ward_col;

static const ward_col columns[] = {
    {WS_TASKS, "Việc", "Tasks", 5, 1},     {WS_DOT, "HTĐH", "DOT", 5, 0},
    {WS_DL, "HTQH", "DL", 5, 2},           {WS_OIT, "CTH", "OIT", 5, 3},
    {WS_OOD, "CQH", "OOD", 5, 0},          {WS_PCT, "%", "%", 5, 0},
    {WS_OLDEST, "QH lâu", "Oldest", 7, 4}, {WS_SNAP, "Bản chụp", "Snapshot", 10, 0},
};
enum { NCOLS = KH_ARRAY_LEN(columns), NAME_MIN = 10 };

/* ---- the figures: folded, counted with the filters, ordered ---- */

/* Return plan id's index in the workspace, or -1. */
static long plan_index(const tui *t, const char *id)
{
    for (size_t p = 0; id && p < t->ws->nplans; p++)
        if (!strcmp(t->ws->plans[p].plan->id, id)) return (long)p;
    return -1;
}

static const tui *sort_t; /* qsort has no context argument in C11 */

static int64_t snap_key(const kh_ws_ward *w)
{
    /* Oldest first: none sent, then unreadable, then by age. */
    if (!w->has_snapshot) return INT64_MAX;
    if (w->problem) return INT64_MAX - 1;
    return -w->made_at;
}

static int cmp64(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

static int by_column(const void *a, const void *b)
{
    const kh_ws_ward *x = &sort_t->ws->wards[*(const size_t *)a];
    const kh_ws_ward *y = &sort_t->ws->wards[*(const size_t *)b];
    int c = 0;
    switch (sort_t->ward_sort) {
    case WS_NAME: c = strcmp(x->name, y->name); break;
    case WS_TASKS: c = cmp64((int64_t)y->total, (int64_t)x->total); break;
    case WS_DOT:
    case WS_DL:
    case WS_OIT:
    case WS_OOD: {
        int k = sort_t->ward_sort - WS_DOT;
        c = cmp64((int64_t)y->category[k], (int64_t)x->category[k]);
        break;
    }
    case WS_PCT: c = cmp64(y->completion, x->completion); break;
    case WS_OLDEST: c = cmp64(y->oldest_overdue, x->oldest_overdue); break;
    case WS_SNAP: c = cmp64(snap_key(y), snap_key(x)); break;
    default: break;
    }
    if (sort_t->ward_reverse) c = -c;
    if (c) return c;
    /* Then by rank, which the reversal turns round too for the rank itself. */
    c = cmp64((int64_t)x->rank, (int64_t)y->rank);
    return sort_t->ward_sort == WS_RANK && sort_t->ward_reverse ? -c : c;
}

/* Count with the filters, rank, and put the rows in the chosen order,
 * the selection staying on its ward. */
static void order_wards(tui *t)
{
    kh_workspace *ws = t->ws;
    const char *sel_id = NULL;
    char *keep = NULL;
    if (t->ward_order && t->wards.sel < t->nward_order && t->ward_order[t->wards.sel] < ws->nwards)
        sel_id = keep = xstrdup(ws->wards[t->ward_order[t->wards.sel]].id);
    long plan = plan_index(t, t->ward_plan_id), task = -1;
    if (plan >= 0 && t->ward_task_id) task = model_find_task(ws->plans[plan].plan, t->ward_task_id);
    if (t->ward_task_id && task < 0) plan = -2; /* the task went: nothing counted */
    workspace_wards_count(ws, ws->plans, plan == -2 ? 0 : ws->nplans, plan < 0 ? -1 : plan, task);
    workspace_wards_rank(ws);
    size_t n = ws->nwards;
    t->ward_order = xreallocarray(t->ward_order, n ? n : 1, sizeof *t->ward_order);
    t->nward_order = n;
    for (size_t i = 0; i < n; i++) t->ward_order[i] = i;
    sort_t = t;
    if (n > 1) qsort(t->ward_order, n, sizeof *t->ward_order, by_column);
    sort_t = NULL;
    for (size_t i = 0; sel_id && i < n; i++)
        if (!strcmp(ws->wards[t->ward_order[i]].id, sel_id)) t->wards.sel = i;
    free(keep);
    t->wards_counted = true;
}

void wards_refold(tui *t)
{
    if (!t->province) return;
    kh_error err = {0};
    t->wards_stamp = workspace_wards_stamp(t->ws);
    t->wards_due = false;
    if (workspace_province_fold(t->ws, &err))
        tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(err.code, t->app->lang), err.detail);
    t->wards_counted = false;
}

/* Forget the marks of "someone else changed it" on the wards' occurrences:
 * reading the province's state took theirs away a moment, the snapshots
 * gave it back; no one changed them. */
static void unflash_occurrences(tui *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nflash; i++) {
        uint32_t row = t->flash[i];
        const kh_plan *p = tui_plan_app(t, t->all ? tui_row_plan(t, row) : t->cur)->plan;
        uint32_t k = tui_row_task(t, row);
        if (k < p->ntasks && model_task_member(&p->tasks[k])) continue;
        t->flash[n] = t->flash[i];
        t->flash_until[n++] = t->flash_until[i];
    }
    t->nflash = n;
}

bool wards_poll(tui *t, bool reloaded)
{
    if (!t->province) return false;
    if (!reloaded && !t->wards_due && workspace_wards_stamp(t->ws) == t->wards_stamp) return false;
    wards_refold(t);
    if (reloaded) unflash_occurrences(t);
    return true;
}

void wards_start(tui *t)
{
    t->province = t->ws && workspace_is_province(t->ws);
    if (!t->province) return;
    /* Read-only, the command line laid the snapshots over already. */
    if (t->opts.read_only && t->ws->nwards)
        t->wards_stamp = workspace_wards_stamp(t->ws);
    else
        wards_refold(t);
}

void wards_done(tui *t)
{
    free(t->ward_order);
    free(t->ward_plan_id);
    free(t->ward_task_id);
}

/* ---- the pane ---- */

bool wards_shown(const tui *t)
{
    return t->province;
}

size_t wards_count(const tui *t)
{
    return t->province ? t->ws->nwards : 0;
}

void wards_move(tui *t, long delta, int page)
{
    long n = (long)t->nward_order;
    long sel = (long)t->wards.sel;
    if (delta == LONG_MIN)
        sel = 0;
    else if (delta == LONG_MAX)
        sel = n - 1;
    else
        sel += delta * (page ? page : 1);
    if (sel >= n) sel = n - 1;
    if (sel < 0) sel = 0;
    t->wards.sel = (size_t)sel;
}

void wards_click(tui *t, const rect *r, int y)
{
    if (y <= r->y || y >= r->y + r->h - 1) return;
    size_t i = t->wards.top + (size_t)(y - r->y - 1);
    if (i < t->nward_order) t->wards.sel = i;
}

/* Return the ward of the selected row, or NULL. */
static const kh_ws_ward *selected(const tui *t)
{
    if (!t->province || t->wards.sel >= t->nward_order) return NULL;
    size_t i = t->ward_order[t->wards.sel];
    return i < t->ws->nwards ? &t->ws->wards[i] : NULL;
}

/* Append how long ago a snapshot was made, or that none came. */
static void age_words(strbuf *sb, const kh_ws_ward *w, int64_t now, kh_lang lang)
{
    if (!w->has_snapshot) {
        sb_puts(sb, TR(lang, "chưa gửi", "none"));
        return;
    }
    if (w->problem) {
        sb_puts(sb, TR(lang, "hỏng", "unreadable"));
        return;
    }
    int64_t a = now - w->made_at;
    if (a < 0) a = 0;
    if (a < 3600)
        sb_printf(sb, TR(lang, "%lld phút", "%lld min"), (long long)(a / 60));
    else if (a < 86400)
        sb_printf(sb, TR(lang, "%lld giờ", "%lld h"), (long long)(a / 3600));
    else
        sb_printf(sb, TR(lang, "%lld ngày", "%lld days"), (long long)(a / 86400));
    if (a > WS_SNAPSHOT_STALE) sb_puts(sb, " *");
}

void wards_choose(tui *t)
{
    const kh_ws_ward *w = selected(t);
    if (!w) return;
    kh_lang lang = t->app->lang;
    free(t->unit_id);
    t->unit_id = NULL;
    if (t->all)
        t->unit_id = xstrdup(w->id);
    else
        t->filter.unit = model_find_unit(t->app->plan, w->id);
    list_rebuild(t);
    t->list.sel = t->list.top = 0;
    t->deadlines.sel = t->deadlines.top = 0;
    strbuf age = STRBUF_INIT;
    age_words(&age, w, (int64_t)time(NULL), lang);
    tui_message(t, MSG_INFO,
                TR(lang,
                   "%s: %zu việc, chỉ xem (trạng thái từ bản chụp: %s). Esc bỏ lọc · 5 về "
                   "Phường/Xã.",
                   "%s: %zu tasks, read-only (their state from the snapshot: %s). Esc clears the "
                   "filter · 5 back to Wards."),
                w->name, t->list.n, sb_str(&age));
    sb_done(&age);
}

bool wards_refuse_edit(tui *t)
{
    if (!t->province) return false;
    long i = tui_selected_task(t);
    if (i < 0) return false;
    const kh_task *task = &t->app->plan->tasks[i];
    const char *m = model_task_member(task);
    if (!m) return false;
    long u = model_find_unit(t->app->plan, m);
    kh_lang lang = t->app->lang;
    tui_message(t, MSG_ERROR,
                TR(lang,
                   "%s là việc của %s: ở tỉnh chỉ xem, trạng thái lấy từ bản chụp phường, xã gửi "
                   "lên (phường, xã tự cập nhật rồi gửi bản chụp mới).",
                   "%s is %s's task: the province only sees it, its state is the ward's snapshot "
                   "(the ward updates it and sends a new snapshot)."),
                task->id, u >= 0 ? t->app->plan->units[u].name : m);
    return true;
}

bool wards_view_only(const tui *t)
{
    if (!t->province) return false;
    long i = tui_selected_task(t);
    if (i >= 0) return model_task_member(&t->app->plan->tasks[i]) != NULL;
    const char *unit = t->all                ? t->unit_id
                       : t->filter.unit >= 0 ? t->app->plan->units[t->filter.unit].id
                                             : NULL;
    for (size_t w = 0; unit && w < t->ws->nwards; w++)
        if (!strcmp(t->ws->wards[w].id, unit)) return true;
    return false;
}

static const char *sort_name(int s, bool reverse, kh_lang lang)
{
    static const char *const vi[WS_SORT_COUNT][2] = {
        {"hạng", "hạng (thấp trước)"},
        {"tên", "tên (Z–A)"},
        {"số việc (nhiều trước)", "số việc (ít trước)"},
        {"HTĐH (nhiều trước)", "HTĐH (ít trước)"},
        {"HTQH (nhiều trước)", "HTQH (ít trước)"},
        {"CTH (nhiều trước)", "CTH (ít trước)"},
        {"CQH (nhiều trước)", "CQH (ít trước)"},
        {"hoàn thành (cao trước)", "hoàn thành (thấp trước)"},
        {"quá hạn lâu nhất trước", "quá hạn lâu nhất sau"},
        {"bản chụp (cũ trước)", "bản chụp (mới trước)"}};
    static const char *const en[WS_SORT_COUNT][2] = {
        {"rank", "rank (lowest first)"},
        {"name", "name (Z–A)"},
        {"tasks (most first)", "tasks (fewest first)"},
        {"DOT (most first)", "DOT (fewest first)"},
        {"DL (most first)", "DL (fewest first)"},
        {"OIT (most first)", "OIT (fewest first)"},
        {"OOD (most first)", "OOD (fewest first)"},
        {"completion (highest first)", "completion (lowest first)"},
        {"the longest overdue first", "the longest overdue last"},
        {"snapshot (oldest first)", "snapshot (newest first)"}};
    return TR(lang, vi[s][reverse], en[s][reverse]);
}

void wards_sort(tui *t, bool reverse)
{
    if (reverse)
        t->ward_reverse = !t->ward_reverse;
    else {
        t->ward_sort = (t->ward_sort + 1) % WS_SORT_COUNT;
        t->ward_reverse = false;
    }
    t->wards_counted = false;
    order_wards(t);
    t->wards.sel = t->wards.top = 0;
    tui_message(t, MSG_INFO, TR(t->app->lang, "Phường, xã xếp theo %s.", "Wards sorted by %s."),
                sort_name(t->ward_sort, t->ward_reverse, t->app->lang));
}

/* Set the filters (NULL: none) and count again. */
static void set_filter(tui *t, const char *plan, const char *task)
{
    free(t->ward_plan_id);
    free(t->ward_task_id);
    t->ward_plan_id = plan ? xstrdup(plan) : NULL;
    t->ward_task_id = task ? xstrdup(task) : NULL;
    t->wards.sel = t->wards.top = 0;
    order_wards(t);
}

/* Count the wards that have done the task they are filtered by. */
static size_t wards_done_count(const tui *t)
{
    size_t n = 0;
    for (size_t i = 0; i < t->ws->nwards; i++) {
        const kh_ws_ward *w = &t->ws->wards[i];
        if (w->total && w->completion == 100) n++;
    }
    return n;
}

/* Pick one task assigned to every ward (a periodic one by its period). */
static void filter_task(tui *t)
{
    kh_lang lang = t->app->lang;
    size_t n = 0, cap = 0;
    char **items = NULL;
    kh_ws_task *which = NULL;
    size_t capw = 0;
    for (size_t p = 0; p < t->ws->nplans; p++) {
        const kh_plan *plan = t->ws->plans[p].plan;
        for (size_t k = 0; k < plan->ntasks; k++) {
            if (!model_task_each(plan, k)) continue;
            KH_GROW(items, n, cap);
            KH_GROW(which, n, capw);
            char f[11];
            items[n] =
                xasprintf("%s%s%s · %s — %s", t->ws->nplans > 1 ? plan->id : "",
                          t->ws->nplans > 1 ? ":" : "", plan->tasks[k].id,
                          plan->tasks[k].due == KH_NO_DATE ? TR(lang, "không hạn", "no deadline")
                                                           : date_format_dmy(plan->tasks[k].due, f),
                          plan->tasks[k].title ? plan->tasks[k].title : "");
            which[n++] = (kh_ws_task){(uint32_t)p, (uint32_t)k};
        }
    }
    if (!n) {
        tui_message(t, MSG_INFO, "%s",
                    TR(lang, "Không kế hoạch nào giao việc cho từng phường, xã.",
                       "No plan assigns a task to each ward."));
        free(items);
        free(which);
        return;
    }
    int pick = prompt_choose(t, TR(lang, "Việc giao từng phường, xã", "A task for each ward"),
                             (const char *const *)items, (int)n, -1);
    if (pick >= 0) {
        const kh_plan *plan = t->ws->plans[which[pick].plan].plan;
        const kh_task *task = &plan->tasks[which[pick].task];
        set_filter(t, plan->id, task->id);
        size_t done = wards_done_count(t);
        /* Who has not: the question asked ("which wards have not sent it?"). */
        strbuf who = STRBUF_INIT;
        size_t named = 0;
        for (size_t i = 0; i < t->nward_order; i++) {
            const kh_ws_ward *w = &t->ws->wards[t->ward_order[i]];
            if (w->total && w->completion == 100) continue;
            if (named++ < 5) sb_printf(&who, "%s%s", named > 1 ? ", " : "", w->name);
        }
        if (named > 5) sb_printf(&who, TR(lang, " và %zu nữa", " and %zu more"), named - 5);
        if (done == t->ws->nwards)
            tui_message(t, MSG_OK,
                        TR(lang, "Việc %s: mọi phường, xã (%zu) đã hoàn thành.",
                           "Task %s: every ward (%zu) has done it."),
                        task->id, done);
        else
            tui_message(t, MSG_INFO,
                        TR(lang, "Việc %s: %zu/%zu phường, xã đã hoàn thành; chưa: %s.",
                           "Task %s: %zu/%zu wards have done it; not yet: %s."),
                        task->id, done, t->ws->nwards, sb_str(&who));
        sb_done(&who);
    }
    for (size_t i = 0; i < n; i++) free(items[i]);
    free(items);
    free(which);
}

void wards_filter(tui *t)
{
    kh_lang lang = t->app->lang;
    const char *kinds[] = {TR(lang, "Theo kế hoạch", "By plan"),
                           TR(lang, "Theo một việc, qua mọi phường, xã", "By a task, across wards"),
                           TR(lang, "Bỏ lọc", "No filter")};
    int k = prompt_choose(t, TR(lang, "Lọc phường, xã", "Filter the wards"), kinds, 3, -1);
    if (k == 1) {
        filter_task(t);
    } else if (k == 2) {
        set_filter(t, NULL, NULL);
        tui_message(
            t, MSG_INFO, "%s",
            TR(lang, "Phường, xã: mọi kế hoạch, mọi việc.", "Wards: every plan, every task."));
    } else if (k == 0) {
        size_t n = t->ws->nplans;
        const char **items = xcalloc(n + 1, sizeof *items);
        for (size_t p = 0; p < n; p++) items[p] = t->ws->plans[p].plan->id;
        int cur = (int)plan_index(t, t->ward_plan_id);
        int p = prompt_choose(t, TR(lang, "Kế hoạch", "Plan"), items, (int)n, cur);
        free(items);
        if (p < 0) return;
        set_filter(t, t->ws->plans[p].plan->id, NULL);
        tui_message(t, MSG_INFO, TR(lang, "Phường, xã: chỉ kế hoạch %s.", "Wards: plan %s only."),
                    t->ws->plans[p].plan->id);
    }
}

typedef struct {
    int namew;
    bool on[NCOLS];
} ward_layout;

static ward_layout layout(int w)
{
    ward_layout l;
    int fixed = 1 + 4 + 1;
    for (int c = 0; c < NCOLS; c++) {
        l.on[c] = true;
        fixed += columns[c].w;
    }
    for (int drop = 1; w - fixed < NAME_MIN && drop <= 4; drop++)
        for (int c = 0; c < NCOLS; c++)
            if (columns[c].drop == drop) {
                l.on[c] = false;
                fixed -= columns[c].w;
            }
    l.namew = w - fixed;
    if (l.namew < 4) l.namew = 4;
    return l;
}

/* Draw text right-aligned in w columns; return w. */
static int right(int y, int x, int w, const char *text, attr_t a)
{
    int pad = w - text_width(text);
    if (pad > 0) draw_fill(y, x, pad, a);
    draw_text(y, x + (pad > 0 ? pad : 0), w - (pad > 0 ? pad : 0), text, a, true);
    return w;
}

static void cell_text(const kh_ws_ward *w, int sort, int64_t now, strbuf *sb, kh_lang lang)
{
    switch (sort) {
    case WS_TASKS: sb_printf(sb, "%zu", w->total); break;
    case WS_DOT:
    case WS_DL:
    case WS_OIT:
    case WS_OOD: sb_printf(sb, "%zu", w->category[sort - WS_DOT]); break;
    case WS_PCT: sb_printf(sb, "%d", w->completion); break;
    case WS_OLDEST:
        if (w->oldest_overdue >= 0)
            sb_printf(sb, TR(lang, "%ld ng", "%ld d"), w->oldest_overdue);
        else
            sb_puts(sb, "-");
        break;
    case WS_SNAP: age_words(sb, w, now, lang); break;
    default: break;
    }
}

void wards_draw(tui *t, const rect *r, bool focused)
{
    kh_lang lang = t->app->lang;
    if (t->wards_due) wards_refold(t);
    if (!t->wards_counted) order_wards(t);
    ward_layout l = layout(r->w);
    attr_t ha = focused ? t->st.tab_on : A_BOLD | A_UNDERLINE;
    draw_fill(r->y, r->x, r->w, ha);
    int x = r->x + 1;
    x += right(r->y, x, 3, "#", ha) + 1;
    x += draw_text(r->y, x + 1, l.namew - 1, TR(lang, "Phường/Xã", "Ward"), ha, true) + 1;
    for (int c = 0; c < NCOLS; c++)
        if (l.on[c]) x += right(r->y, x, columns[c].w, TR(lang, columns[c].vi, columns[c].en), ha);

    size_t n = t->nward_order;
    int height = r->h - 2;
    if (n && t->wards.sel >= n) t->wards.sel = n - 1;
    if (t->wards.sel < t->wards.top) t->wards.top = t->wards.sel;
    if (height > 0 && t->wards.sel >= t->wards.top + (size_t)height)
        t->wards.top = t->wards.sel - (size_t)height + 1;
    int64_t now = (int64_t)time(NULL);
    strbuf sb = STRBUF_INIT;
    const attr_t cat_attr[CAT_COUNT] = {t->st.done, t->st.soon, A_NORMAL, t->st.overdue};
    for (int row = 0; row < height; row++) {
        int y = r->y + 1 + row;
        size_t i = t->wards.top + (size_t)row;
        draw_fill(y, r->x, r->w, A_NORMAL);
        if (i >= n) {
            if (!n && row == 0)
                draw_text(y, r->x + 2, r->w - 2,
                          TR(lang, "Không kế hoạch nào giao việc cho từng phường, xã.",
                             "No plan assigns a task to each ward."),
                          A_DIM, false);
            continue;
        }
        const kh_ws_ward *w = &t->ws->wards[t->ward_order[i]];
        bool sel = i == t->wards.sel;
        attr_t a = sel ? (focused ? t->st.select : t->st.select_dim) : A_NORMAL;
        if (sel) draw_fill(y, r->x, r->w, a);
        char mark[2] = {w->overdue                         ? MARK_OVERDUE
                        : w->total && w->completion == 100 ? MARK_DONE
                                                           : ' ',
                        0};
        x = r->x;
        x += draw_text(y, x, 1, mark, sel ? a : w->overdue ? t->st.overdue : t->st.done, true);
        char num[16];
        snprintf(num, sizeof num, "%zu", w->rank);
        x += right(y, x, 3, num, a) + 1;
        x += draw_text(y, x + 1, l.namew - 1, w->name, a, true) + 1;
        for (int c = 0; c < NCOLS; c++) {
            if (!l.on[c]) continue;
            sb_reset(&sb);
            cell_text(w, columns[c].sort, now, &sb, lang);
            attr_t ca = a;
            int s = columns[c].sort;
            if (!sel && s >= WS_DOT && s <= WS_OOD && w->category[s - WS_DOT])
                ca = cat_attr[s - WS_DOT];
            if (!sel && s == WS_SNAP &&
                (!w->has_snapshot || w->problem || now - w->made_at > WS_SNAPSHOT_STALE))
                ca = t->st.soon;
            x += right(y, x, columns[c].w, sb_str(&sb), ca);
        }
    }
    if (r->h >= 3) {
        int y = r->y + r->h - 1;
        draw_fill(y, r->x, r->w, A_NORMAL);
        sb_reset(&sb);
        sb_printf(&sb, TR(lang, "Xếp theo %s", "Sorted by %s"),
                  sort_name(t->ward_sort, t->ward_reverse, lang));
        if (t->ward_task_id)
            sb_printf(&sb, TR(lang, " · việc %s: %zu/%zu đã HT", " · task %s: %zu/%zu done"),
                      t->ward_task_id, wards_done_count(t), t->ws->nwards);
        else if (t->ward_plan_id)
            sb_printf(&sb, TR(lang, " · kế hoạch %s", " · plan %s"), t->ward_plan_id);
        sb_puts(&sb, TR(lang, " · o cột xếp, O đảo · f lọc · Enter xem phường, xã",
                        " · o column, O reverse · f filter · Enter the ward"));
        draw_text(y, r->x + 1, r->w - 1, sb_str(&sb), A_DIM, false);
    }
    sb_done(&sb);
}
