/* The dashboard over a workspace of several plans: which plan is current,
 * the rows of every plan in one view, the filters and counts across plans,
 * and following plans read again. Without a workspace every function here
 * is the single plan's identity. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tui.h"

size_t tui_nplans(const tui *t)
{
    return t->ws ? t->ws->nplans : 1;
}

kh_app *tui_plan_app(const tui *t, size_t p)
{
    return t->ws ? &t->ws->plans[p] : t->app;
}

size_t tui_nrows(const tui *t)
{
    return t->all ? t->base[tui_nplans(t)] : t->app->plan->ntasks;
}

size_t tui_row_plan(const tui *t, uint32_t row)
{
    if (!t->all) return t->cur;
    /* The last plan whose first row is at or before row. */
    size_t lo = 0, hi = tui_nplans(t);
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (t->base[mid] <= row)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

uint32_t tui_row_task(const tui *t, uint32_t row)
{
    return t->all ? row - t->base[tui_row_plan(t, row)] : row;
}

uint32_t tui_row_of(const tui *t, size_t p, size_t task)
{
    return t->all ? t->base[p] + (uint32_t)task : (uint32_t)task;
}

void tui_ws_bases(tui *t)
{
    if (!t->ws) return;
    size_t n = t->ws->nplans;
    t->base = xreallocarray(t->base, n + 1, sizeof *t->base);
    uint32_t at = 0;
    for (size_t p = 0; p < n; p++) {
        t->base[p] = at;
        at += (uint32_t)t->ws->plans[p].plan->ntasks;
    }
    t->base[n] = at;
}

void tui_use_plan(tui *t, size_t p)
{
    if (!t->ws || p == t->cur || p >= t->ws->nplans) return;
    tui_side *out = &t->sides[t->cur], *in = &t->sides[p];
    out->queue = t->queue;
    out->kept = t->kept;
    out->drafts = t->drafts;
    memcpy(out->drafts_error, t->drafts_error, sizeof out->drafts_error);
    out->offer = t->offer;
    t->queue = in->queue;
    t->kept = in->kept;
    t->drafts = in->drafts;
    memcpy(t->drafts_error, in->drafts_error, sizeof t->drafts_error);
    t->offer = in->offer;
    memset(in, 0, sizeof *in);
    t->cur = p;
    t->app = &t->ws->plans[p];
}

void tui_follow_selection(tui *t)
{
    /* While a key's action runs (its prompts, pages and redraws) the plan
     * is the one it began on: an undo may be about another plan than the
     * selected row's. */
    if (!t->all || t->focus == PANE_DETAIL || t->pinned) return;
    const task_view *v =
        t->focus == PANE_DEADLINES || (t->focus != PANE_LIST && t->main == PANE_DEADLINES)
            ? &t->deadlines
            : &t->list;
    if (!v->n || v->sel >= v->n) return;
    tui_use_plan(t, tui_row_plan(t, v->rows[v->sel]));
}

void tui_each_plan(tui *t, void (*fn)(tui *t))
{
    size_t back = t->cur;
    t->hold++;
    for (size_t p = 0; p < tui_nplans(t); p++) {
        tui_use_plan(t, p);
        fn(t);
    }
    tui_use_plan(t, back);
    t->hold--;
    if (!t->hold && t->rebuild_due) list_rebuild(t);
}

bool tui_retry_all(tui *t, bool force)
{
    if (!t->ws) return edit_retry(t, force);
    size_t back = t->cur;
    bool tried = false;
    t->hold++;
    for (size_t p = 0; p < t->ws->nplans; p++) {
        if (p != t->cur && !t->sides[p].queue.n) continue;
        tui_use_plan(t, p);
        if (edit_retry(t, force)) tried = true;
    }
    tui_use_plan(t, back);
    t->hold--;
    if (!t->hold && t->rebuild_due) list_rebuild(t);
    return tried;
}

const char *tui_task_name(tui *t, const char *id)
{
    if (!t->ws || !t->app || !t->app->plan) return id;
    char *buf = t->task_name[t->task_name_at];
    t->task_name_at = !t->task_name_at;
    snprintf(buf, sizeof t->task_name[0], "%s:%s", t->app->plan->id, id);
    return buf;
}

size_t tui_pending_all(const tui *t)
{
    size_t n = app_queue_len(&t->queue);
    for (size_t p = 0; t->ws && p < t->ws->nplans; p++)
        if (p != t->cur) n += app_queue_len(&t->sides[p].queue);
    return n;
}

void tui_undo_plan(tui *t)
{
    if (!t->all) return;
    long best = -1;
    int64_t best_change = 0;
    for (size_t p = 0; p < t->ws->nplans; p++) {
        kh_undo u;
        kh_error err = {0};
        if (app_last_change(&t->ws->plans[p], -1, &u, &err)) continue;
        /* One database: a later change has a larger id, whatever its plan. */
        if (best < 0 || u.change > best_change) {
            best = (long)p;
            best_change = u.change;
        }
        app_undo_free(&u);
    }
    if (best >= 0) tui_use_plan(t, (size_t)best);
}

/* ---- the filters and the order across plans ---- */

size_t tui_keep_filtered(tui *t, kh_app *app, uint32_t *rows, size_t n, uint32_t base)
{
    const kh_plan *plan = app->plan;
    bool *mine = NULL;
    if (t->my_unit) {
        mine = xcalloc(plan->nunits + 1, sizeof *mine);
        for (size_t u = 0; u < plan->nunits; u++) mine[u] = workspace_unit_is_mine(app, u);
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const kh_task *task = &plan->tasks[rows[i]];
        if (t->due_days > 0 && workspace_due(task, app->today, t->due_days) == WS_NOT_DUE) continue;
        if (mine) {
            bool hit = false;
            for (size_t u = 0; u < task->nlead && !hit; u++) hit = mine[task->lead[u]];
            for (size_t u = 0; u < task->nsupport && !hit; u++) hit = mine[task->support[u]];
            if (!hit) continue;
        }
        rows[k++] = rows[i] + base;
    }
    free(mine);
    return k;
}

size_t tui_ws_select(tui *t, const kh_filter *f, uint32_t *out)
{
    size_t n = 0;
    for (size_t p = 0; p < t->ws->nplans; p++) {
        kh_app *app = &t->ws->plans[p];
        kh_filter pf = *f;
        pf.unit_hit = NULL;
        pf.nunit_hit = 0;
        if (t->unit_id) {
            pf.unit = model_find_unit(app->plan, t->unit_id);
            if (pf.unit < 0) continue;
        }
        size_t k = app_select(app, &pf, out + n);
        n += tui_keep_filtered(t, app, out + n, k, t->base[p]);
    }
    return n;
}

typedef struct {
    uint32_t row;
    int32_t key1, key2;
    const char *key3; /* the lead unit's short name (by unit) */
} ws_item;

static int by_keys(const void *a, const void *b)
{
    const ws_item *x = a, *y = b;
    if (x->key1 != y->key1) return x->key1 < y->key1 ? -1 : 1;
    if (x->key3 != y->key3) {
        if (!x->key3 || !y->key3) return x->key3 ? -1 : 1;
        int c = strcmp(x->key3, y->key3);
        if (c) return c;
    }
    if (x->key2 != y->key2) return x->key2 < y->key2 ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* The rank of the deadline order, as app_sort's: what needs attention first. */
static int urgency(kh_timeliness tl)
{
    static const int rank[TL_COUNT] = {
        [TL_OVERDUE] = 0, [TL_DUE_SOON] = 1,  [TL_UPCOMING] = 2,
        [TL_ONGOING] = 3, [TL_DONE_LATE] = 4, [TL_DONE_ON_TIME] = 5,
    };
    return rank[tl];
}

void tui_ws_sort(const tui *t, uint32_t *rows, size_t n, kh_sort by)
{
    if (n < 2) return;
    ws_item *v = xreallocarray(NULL, n, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        size_t p = tui_row_plan(t, rows[i]);
        const kh_app *app = tui_plan_app(t, p);
        const kh_task *task = &app->plan->tasks[rows[i] - t->base[p]];
        int32_t due = task->due == KH_NO_DATE ? INT32_MAX : task->due;
        ws_item *it = &v[i];
        *it = (ws_item){rows[i], 0, 0, NULL};
        switch (by) {
        case SORT_DEADLINE:
            it->key1 = urgency(model_timeliness(task, app->today));
            it->key2 = due;
            break;
        case SORT_STATUS:
            it->key1 = task->status == ST_BLOCKED ? 0
                       : task->status == ST_DOING ? 1
                       : task->status == ST_TODO  ? 2
                                                  : 3;
            it->key2 = due;
            break;
        case SORT_UNIT:
            /* Across plans a unit is its id's name, not its place in a plan. */
            it->key1 = task->nlead ? 0 : 1;
            it->key3 = task->nlead ? app->plan->units[task->lead[0]].short_name : NULL;
            it->key2 = due;
            break;
        case SORT_PLAN:
        case SORT_COUNT: break;
        }
    }
    qsort(v, n, sizeof *v, by_keys);
    for (size_t i = 0; i < n; i++) rows[i] = v[i].row;
    free(v);
}

/* ---- counts ---- */

static void counts_add(kh_counts *to, const kh_counts *c)
{
    to->total += c->total;
    for (int i = 0; i < ST_COUNT; i++) to->status[i] += c->status[i];
    for (int i = 0; i < CAT_COUNT; i++) to->category[i] += c->category[i];
    for (int i = 0; i < TL_COUNT; i++) to->timeliness[i] += c->timeliness[i];
    for (int i = 0; i < PART_COUNT; i++) to->part[i] += c->part[i];
    to->progress_sum += c->progress_sum;
    to->proposed += c->proposed;
}

static void unit_counts_add(kh_unit_counts *to, const kh_unit_counts *c)
{
    to->lead += c->lead;
    to->support += c->support;
    to->done += c->done;
    to->overdue += c->overdue;
    for (int i = 0; i < ST_COUNT; i++) to->status[i] += c->status[i];
    for (int i = 0; i < TL_COUNT; i++) to->timeliness[i] += c->timeliness[i];
    for (int i = 0; i < PART_COUNT; i++) to->part[i] += c->part[i];
}

typedef struct {
    const char *id;
    uint32_t plan, unit; /* where it is first met */
} unit_ref;

static int ref_by_id(const void *a, const void *b)
{
    const unit_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c) return c;
    if (x->plan != y->plan) return x->plan < y->plan ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

void tui_ws_count(tui *t)
{
    if (!t->ws) return;
    size_t np = t->ws->nplans;
    t->plan_counts = xreallocarray(t->plan_counts, np ? np : 1, sizeof *t->plan_counts);
    size_t nrefs = 0;
    for (size_t p = 0; p < np; p++) nrefs += t->ws->plans[p].plan->nunits;
    unit_ref *refs = xreallocarray(NULL, nrefs ? nrefs : 1, sizeof *refs);
    kh_unit_counts **uc = xcalloc(np ? np : 1, sizeof *uc);
    size_t k = 0;
    for (size_t p = 0; p < np; p++) {
        const kh_plan *plan = t->ws->plans[p].plan;
        uc[p] = xcalloc(plan->nunits + 1, sizeof *uc[p]);
        model_count(plan, t->ws->plans[p].today, &t->plan_counts[p], uc[p]);
        for (size_t u = 0; u < plan->nunits; u++)
            refs[k++] = (unit_ref){plan->units[u].id, (uint32_t)p, (uint32_t)u};
    }
    if (!t->all) {
        for (size_t p = 0; p < np; p++) free(uc[p]);
        free(uc);
        free(refs);
        return;
    }
    memset(&t->counts, 0, sizeof t->counts);
    for (size_t p = 0; p < np; p++) counts_add(&t->counts, &t->plan_counts[p]);
    /* One row per unit id, in the order the plans first name them. */
    if (nrefs) qsort(refs, nrefs, sizeof *refs, ref_by_id);
    free(t->wunits);
    t->wunits = xreallocarray(NULL, nrefs ? nrefs : 1, sizeof *t->wunits);
    uint64_t *place = xreallocarray(NULL, nrefs ? nrefs : 1, sizeof *place);
    t->nwunits = 0;
    for (size_t i = 0; i < nrefs; i++) {
        const unit_ref *r = &refs[i];
        const kh_unit *unit = &t->ws->plans[r->plan].plan->units[r->unit];
        if (!i || strcmp(refs[i - 1].id, r->id)) {
            tui_unit *w = &t->wunits[t->nwunits];
            *w = (tui_unit){unit->id, unit->name, unit->short_name, {0}};
            place[t->nwunits++] = (uint64_t)r->plan << 32 | r->unit;
        }
        unit_counts_add(&t->wunits[t->nwunits - 1].c, &uc[r->plan][r->unit]);
    }
    /* Sort the rows by where they were first met: an insertion sort of
     * (place, row) pairs is enough for the units of a ward. */
    for (size_t i = 1; i < t->nwunits; i++) {
        tui_unit w = t->wunits[i];
        uint64_t pl = place[i];
        size_t j = i;
        for (; j > 0 && place[j - 1] > pl; j--) {
            t->wunits[j] = t->wunits[j - 1];
            place[j] = place[j - 1];
        }
        t->wunits[j] = w;
        place[j] = pl;
    }
    free(place);
    for (size_t p = 0; p < np; p++) free(uc[p]);
    free(uc);
    free(refs);
}

/* ---- plans read again ---- */

typedef struct {
    long plan, task; /* -1: none */
} task_ref;

static task_ref selected_ref(const tui *t, const task_view *v)
{
    if (!v->n || v->sel >= v->n) return (task_ref){-1, -1};
    uint32_t row = v->rows[v->sel];
    return (task_ref){(long)tui_row_plan(t, row), (long)tui_row_task(t, row)};
}

static void select_ref(const tui *t, task_view *v, task_ref r)
{
    if (r.plan < 0 || r.task < 0) return;
    uint32_t row = tui_row_of(t, (size_t)r.plan, (size_t)r.task);
    for (size_t i = 0; i < v->n; i++)
        if (v->rows[i] == row) {
            v->sel = i;
            return;
        }
}

void tui_ws_follow(tui *t, size_t p, const kh_plan_map *m)
{
    task_ref in_list = selected_ref(t, &t->list), in_dl = selected_ref(t, &t->deadlines);
    task_ref *refs[2] = {&in_list, &in_dl};
    for (int i = 0; i < 2; i++) {
        task_ref *r = refs[i];
        if (r->plan != (long)p) continue;
        r->task = m && m->task && (size_t)r->task < m->ntask ? m->task[r->task] : -1;
    }
    if (t->detail_app == tui_plan_app(t, p)) detail_forget(t);
    t->nflash = 0;
    tui_ws_bases(t);
    list_done(t);
    t->list.n = t->deadlines.n = 0;
    list_rebuild(t);
    select_ref(t, &t->list, in_list);
    select_ref(t, &t->deadlines, in_dl);
    if (t->focus == PANE_DETAIL) t->focus = t->main;
    tui_layout(t);
    t->dirty = true;
}

/* ---- every plan, or one ---- */

void tui_scope(tui *t, long p)
{
    kh_lang lang = t->app->lang;
    if (!t->ws) return;
    if (p < 0) {
        /* The unit filtered by stays, by its id, over every plan. */
        if (!t->all && t->filter.unit >= 0) {
            free(t->unit_id);
            t->unit_id = xstrdup(t->app->plan->units[t->filter.unit].id);
        }
        t->filter.unit = -1;
        t->all = true;
    } else {
        tui_use_plan(t, (size_t)p);
        long unit = -1;
        if (t->all && t->unit_id)
            unit = model_find_unit(t->app->plan, t->unit_id);
        else if (!t->all && t->filter.unit >= 0)
            unit = -1; /* another plan's unit index means nothing here */
        free(t->unit_id);
        t->unit_id = NULL;
        t->filter.unit = unit;
        t->all = false;
    }
    t->nflash = 0;
    t->unit_sel = t->unit_top = 0;
    detail_forget(t);
    tui_ws_bases(t);
    list_done(t);
    t->list.n = t->deadlines.n = 0;
    t->list.sel = t->list.top = t->deadlines.sel = t->deadlines.top = 0;
    list_rebuild(t);
    tui_layout(t);
    if (p < 0)
        tui_message(t, MSG_INFO,
                    TR(lang, "Tất cả %zu kế hoạch: %zu nhiệm vụ.", "Every plan (%zu): %zu tasks."),
                    t->ws->nplans, t->list.n);
    else
        tui_message(t, MSG_INFO,
                    TR(lang,
                       "Kế hoạch %s: %zu nhiệm vụ. Phím 4 rồi Enter ở dòng đầu: mọi kế hoạch.",
                       "Plan %s: %zu tasks. Key 4, then Enter on the first row: every plan."),
                    t->app->plan->id, t->list.n);
}

/* A task remembered by ids, across a rescan that moves the plans. */
typedef struct {
    char *plan, *task;
} id_ref;

static id_ref ref_ids(const tui *t, task_ref r)
{
    if (r.plan < 0 || r.task < 0) return (id_ref){NULL, NULL};
    const kh_plan *plan = tui_plan_app(t, (size_t)r.plan)->plan;
    return (id_ref){xstrdup(plan->id), xstrdup(plan->tasks[r.task].id)};
}

static task_ref ids_ref(const tui *t, id_ref r)
{
    if (!r.plan) return (task_ref){-1, -1};
    long p = workspace_find_plan(t->ws, r.plan);
    if (p < 0) return (task_ref){-1, -1};
    return (task_ref){p, model_find_task(t->ws->plans[p].plan, r.task)};
}

/* Drop what was kept for a plan that is gone (its waiting changes and
 * drafts: the plan file is no more). */
static void drop_side(tui *t, tui_side *side)
{
    app_queue_done(&side->queue);
    free(side->offer.task_id);
    draft *keep = t->drafts;
    t->drafts = side->drafts;
    tui_drafts_free(t);
    t->drafts = keep;
    memset(side, 0, sizeof *side);
}

/* The plans are about to move: drop the views (they hold rows of them) and
 * the folded notes, while the old plans are still there to free them by. */
static void before_rescan(void *ctx)
{
    tui *t = ctx;
    list_done(t);
    t->list.n = t->deadlines.n = 0;
}

void tui_ws_rescan(tui *t)
{
    if (!t->ws) return;
    kh_workspace *ws = t->ws;
    size_t np = ws->nplans;
    char **ids = xreallocarray(NULL, np ? np : 1, sizeof *ids);
    for (size_t p = 0; p < np; p++) ids[p] = xstrdup(ws->plans[p].plan->id);
    size_t cur_before = t->cur;
    kh_error err = {0};
    bool changed = false;
    /* Nothing may point into the plans while they move: the views, the
     * folded notes and the detail are made again after. */
    id_ref in_list = ref_ids(t, selected_ref(t, &t->list));
    id_ref in_dl = ref_ids(t, selected_ref(t, &t->deadlines));
    kh_errcode rc = workspace_rescan(ws, before_rescan, t, &changed, &err);
    if (rc) tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(rc, t->app->lang), err.detail);
    if (changed) {
        /* The current plan's own fields back into its side, then the sides
         * follow their plans by id. */
        tui_side *cs = &t->sides[cur_before];
        cs->queue = t->queue;
        cs->drafts = t->drafts;
        memcpy(cs->drafts_error, t->drafts_error, sizeof cs->drafts_error);
        cs->offer = t->offer;
        memset(&t->queue, 0, sizeof t->queue);
        t->drafts = NULL;
        memset(&t->offer, 0, sizeof t->offer);
        tui_side *sides = xcalloc(ws->nplans ? ws->nplans : 1, sizeof *sides);
        bool *used = xcalloc(np ? np : 1, sizeof *used);
        size_t added = 0, cur = 0;
        for (size_t q = 0; q < ws->nplans; q++) {
            long o = -1;
            for (size_t k = 0; k < np && o < 0; k++)
                if (!used[k] && !strcmp(ids[k], ws->plans[q].plan->id)) o = (long)k;
            if (o >= 0) {
                sides[q] = t->sides[o];
                used[o] = true;
                if ((size_t)o == cur_before) cur = q;
            } else {
                app_queue_init(&sides[q].queue);
                added++;
            }
        }
        size_t removed = 0;
        for (size_t k = 0; k < np; k++)
            if (!used[k]) {
                drop_side(t, &t->sides[k]);
                removed++;
            }
        bool cur_gone = !used[cur_before];
        free(used);
        free(t->sides);
        t->sides = sides;
        t->cur = cur;
        t->app = &ws->plans[cur];
        tui_side *in = &t->sides[cur];
        t->queue = in->queue;
        t->kept = in->kept;
        t->drafts = in->drafts;
        memcpy(t->drafts_error, in->drafts_error, sizeof t->drafts_error);
        t->offer = in->offer;
        memset(in, 0, sizeof *in);
        if (cur_gone && !t->all) {
            /* The plan shown alone is gone: every plan. */
            t->all = true;
            t->filter.unit = -1;
        }
        t->detail_app = NULL;
        detail_forget(t);
        if (t->focus == PANE_DETAIL) t->focus = t->main;
        t->nflash = 0;
        t->wards_due = t->province; /* the wards' names were the plans' */
        tui_ws_bases(t);
        list_rebuild(t);
        select_ref(t, &t->list, ids_ref(t, in_list));
        select_ref(t, &t->deadlines, ids_ref(t, in_dl));
        tui_layout(t);
        t->dirty = true;
        tui_message(t, MSG_INFO,
                    TR(t->app->lang,
                       "Thư mục kế hoạch vừa thay đổi: thêm %zu, bớt %zu kế hoạch (nay có %zu).",
                       "The plans' folder just changed: %zu plan(s) added, %zu gone (%zu now)."),
                    added, removed, ws->nplans);
    }
    free(in_list.plan);
    free(in_list.task);
    free(in_dl.plan);
    free(in_dl.task);
    for (size_t p = 0; p < np; p++) free(ids[p]);
    free(ids);
}

void tui_ws_done(tui *t)
{
    for (size_t p = 0; t->sides && p < tui_nplans(t); p++) {
        app_queue_done(&t->sides[p].queue);
        free(t->sides[p].offer.task_id);
    }
    free(t->sides);
    free(t->base);
    free(t->plan_counts);
    free(t->plan_order);
    free(t->unit_id);
    free(t->wunits);
}
