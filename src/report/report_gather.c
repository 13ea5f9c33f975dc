/* The report's content: which tasks a period covers, how they stood on the
 * day the figures hold for, their notes and the proposals among them. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/app_confirm.h"
#include "kehoach/store_target.h"
#include "kehoach/text.h"
#include "report_int.h"

/* ---- proposals ---- */

bool report_note_is_proposal(const char *text, const char **body)
{
    const char *past;
    bool found = model_note_kind_of_text(text, &past) == NOTE_PROPOSAL; /* the one rule */
    if (found && body) *body = past;
    return found;
}

static const rpt *sort_rpt; /* qsort has no context argument in C11 */

static int cmp_ahead(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    kh_date dx = sort_rpt->view[x].due, dy = sort_rpt->view[y].due;
    if (dx != dy) return dx < dy ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Return true when task i belongs to the period's results. */
static bool in_period(const rpt *r, size_t i)
{
    const kh_task *t = &r->view[i]; /* as it stood on asof */
    /* Continuous work runs through the plan period (every period when the
     * plan states none). */
    if (t->dl_kind == DL_CONTINUOUS)
        return r->plan->from == KH_NO_DATE || (r->plan->from <= r->to && r->plan->to >= r->from);
    bool done = t->status == ST_DONE;
    bool done_in = done && t->completed != KH_NO_DATE && t->completed >= r->from;
    if (t->due >= r->from && t->due <= r->to) return true;
    /* Due in the period and extended past it: the period's work, reported
     * as extended (the state-reporting rule), however far it was put off. */
    if (t->nextensions && t->due_original >= r->from && t->due_original <= r->to && t->due > r->to)
        return true;
    if (t->due < r->from) return !done || done_in;
    /* Due after the period: reported when finished or under way in it (a
     * task started or finished after the as-of day is neither). In a plan
     * of more than a year (2024-2025, to 2030), every task still open is
     * work of the period too: its report would else leave out most of the
     * plan, due years later. */
    if (done_in || t->status == ST_DOING || t->status == ST_BLOCKED) return true;
    return !done && rpt_plan_multi_year(r->plan);
}

/* Return the day note n counts from: the day it took effect when it was
 * written with --today (schema 8), else the day it was written. */
static kh_date note_day(const kh_note *n)
{
    return n->effective != KH_NO_DATE ? n->effective : date_of_time((time_t)n->at);
}

/* Newest first, as app_notes gives them. */
static int cmp_note_newest(const void *a, const void *b)
{
    const kh_note *x = a, *y = b;
    if (x->at != y->at) return x->at > y->at ? -1 : 1;
    return x->id > y->id ? -1 : x->id < y->id;
}

static void gather_notes(rpt *r, kh_error *err, kh_errcode *rc)
{
    kh_note *all = NULL;
    size_t n = 0;
    *rc = app_notes(r->app, NULL, &all, &n, err);
    if (*rc) return;
    /* A province's: the wards' notes on their occurrences, from their
     * snapshots, with its own. */
    size_t nw = r->opts ? r->opts->nward_notes : 0;
    if (nw) {
        all = xreallocarray(all, n + nw, sizeof *all);
        for (size_t i = 0; i < nw; i++) {
            kh_note c = r->opts->ward_notes[i];
            c.task_id = xstrdup(c.task_id);
            c.text = xstrdup(c.text ? c.text : "");
            c.author = xstrdup(c.author ? c.author : "");
            all[n++] = c;
        }
        qsort(all, n, sizeof *all, cmp_note_newest);
    }
    /* For a period that is over, keep the notes written up to its end;
     * otherwise every note known today counts. */
    bool cut = r->asof < r->app->today;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!cut || note_day(&all[i]) <= r->asof) {
            all[k++] = all[i];
        } else {
            free(all[i].task_id);
            free(all[i].text);
            free(all[i].author);
        }
    }
    r->notes = all;
    r->nnotes = k;
    size_t ntasks = r->plan->ntasks;
    long *task = xreallocarray(NULL, k ? k : 1, sizeof *task);
    r->note_first = xcalloc(ntasks + 2, sizeof *r->note_first);
    r->by_task = xreallocarray(NULL, k ? k : 1, sizeof *r->by_task);
    for (size_t i = 0; i < k; i++) {
        task[i] = model_find_task(r->plan, all[i].task_id);
        if (task[i] >= 0) r->note_first[task[i] + 2]++;
    }
    for (size_t i = 2; i < ntasks + 2; i++) r->note_first[i] += r->note_first[i - 1];
    for (size_t i = 0; i < k; i++)
        if (task[i] >= 0) r->by_task[r->note_first[task[i] + 1]++] = &all[i];
    /* Proposals on the period's tasks, written within the period, oldest
     * first. */
    bool *shown = xcalloc(ntasks ? ntasks : 1, sizeof *shown);
    for (size_t i = 0; i < r->nin; i++) shown[r->in[i]] = true;
    /* A task assigned to each ward is in no table, but what is written on
     * it belongs to the period when one of its occurrences does. */
    for (size_t i = 0; i < ntasks; i++) {
        const kh_task *t = &r->plan->tasks[i];
        if (!model_task_summary(t)) continue;
        for (size_t j = i + 1; j <= i + t->nsub && j < ntasks && !shown[i]; j++)
            shown[i] = shown[j];
    }
    r->proposals = xreallocarray(NULL, k ? k : 1, sizeof *r->proposals);
    r->difficulties = xreallocarray(NULL, k ? k : 1, sizeof *r->difficulties);
    for (size_t i = k; i-- > 0;) {
        const char *body;
        if (task[i] < 0 || !shown[task[i]]) continue;
        if (note_day(&all[i]) < r->from) continue;
        /* The kind it was written with, else its mark ("Kiến nghị: ..."). */
        kh_note_kind kind = app_note_kind(&all[i], &body);
        if (kind == NOTE_PLAIN || !*body) continue;
        rpt_proposal p = {(uint32_t)task[i], &all[i], body};
        if (kind == NOTE_PROPOSAL)
            r->proposals[r->nproposals++] = p;
        else
            r->difficulties[r->ndifficulties++] = p;
    }
    free(shown);
    free(task);
}

void rpt_free(rpt *r)
{
    free(r->view);
    if (r->target_asof) store_target_asof_free(r->target_asof, r->plan->ntargets);
    free(r->target_asof);
    free(r->tl);
    free(r->done_after);
    free(r->in);
    free(r->issues);
    free(r->ahead);
    free(r->unit_lead);
    free(r->unit_cat);
    store_notes_free(r->notes, r->nnotes);
    free(r->by_task);
    free(r->note_first);
    free(r->proposals);
    free(r->difficulties);
    store_results_free(r->results, r->nresults);
    free(r->results_by_task);
    free(r->result_first);
    free(r->withdrawn);
}

bool rpt_task_withdrawn(const rpt *r, size_t i)
{
    /* As the task stood on asof: set withdrawn, or by an amendment. */
    return model_task_withdrawn(&r->view[i]);
}

/* The end of the period as long as from-to that follows it: whole months
 * when from-to is whole months (January-June: then July-December). */
static kh_date next_end(kh_date from, kh_date to)
{
    int y1, m1, d1, y2, m2, d2;
    date_to_ymd(from, &y1, &m1, &d1);
    date_to_ymd(to, &y2, &m2, &d2);
    if (d1 != 1 || d2 != date_days_in_month(y2, m2)) return to + (to - from + 1);
    int months = (y2 * 12 + m2) - (y1 * 12 + m1) + 1;
    int end = y2 * 12 + (m2 - 1) + months;
    int y = end / 12, m = end % 12 + 1;
    kh_date d = date_from_ymd(y, m, date_days_in_month(y, m));
    return d == KH_NO_DATE ? to : d;
}

kh_errcode rpt_build(rpt *r, const kh_app *app, const kh_filter *filter, const report_opts *opts,
                     kh_error *err)
{
    memset(r, 0, sizeof *r);
    kh_date from = opts->from, to = opts->to;
    r->opts = opts;
    const kh_plan *plan = app->plan;
    r->app = app;
    r->plan = plan;
    r->lang = app->lang;
    r->filter = filter;
    r->unit = filter ? filter->unit : -1;
    if (to < from) {
        char a[11], b[11];
        return kh_error_set(err, KH_E_INVALID,
                            TR(app->lang, "kỳ báo cáo kết thúc (%s) trước khi bắt đầu (%s)",
                               "the period ends (%s) before it starts (%s)"),
                            date_format_dmy(to, a), date_format_dmy(from, b));
    }
    r->from = from;
    r->to = to;
    r->asof = app->today < to ? app->today : to;
    r->next_from = r->asof + 1;
    /* Never past the plan's end: the plan says nothing of what comes after. */
    r->next_to = next_end(from, to);
    if (plan->to != KH_NO_DATE && r->next_to > plan->to) r->next_to = plan->to;
    size_t n = plan->ntasks;
    r->view = xreallocarray(NULL, n ? n : 1, sizeof *r->view);
    r->tl = xreallocarray(NULL, n ? n : 1, sizeof *r->tl);
    r->done_after = xcalloc(n ? n : 1, sizeof *r->done_after);
    r->in = xreallocarray(NULL, n ? n : 1, sizeof *r->in);
    r->issues = xreallocarray(NULL, n ? n : 1, sizeof *r->issues);
    r->ahead = xreallocarray(NULL, n ? n : 1, sizeof *r->ahead);
    r->unit_lead = xcalloc(plan->nunits ? plan->nunits : 1, sizeof *r->unit_lead);
    r->unit_cat = xcalloc(plan->nunits ? plan->nunits : 1, sizeof *r->unit_cat);
    r->withdrawn = xreallocarray(NULL, n ? n : 1, sizeof *r->withdrawn);
    kh_errcode rc = rpt_view_asof(r, err);
    if (rc) return rc;
    uint64_t progress = 0;
    for (size_t i = 0; i < n; i++) {
        const kh_task *v = &r->view[i];
        r->tl[i] = model_timeliness(v, r->asof);
        if (filter && !app_match(app, filter, &plan->tasks[i])) continue;
        /* A task assigned to each ward is its wards' occurrences, which
         * are counted and listed; it is no task of its own (issue 17). */
        if (model_task_summary(&plan->tasks[i])) continue;
        /* Withdrawn (by set or by an amendment) as of asof: apart from
         * every count, listed on its own line. */
        if (rpt_task_withdrawn(r, i)) {
            r->withdrawn[r->nwithdrawn++] = (uint32_t)i;
            continue;
        }
        bool done = v->status == ST_DONE;
        if (in_period(r, i)) {
            r->in[r->nin++] = (uint32_t)i;
            kh_category c = model_category(r->tl[i]);
            r->cat[c]++;
            progress += done ? 100 : v->progress;
            for (size_t k = 0; k < v->nlead; k++) {
                r->unit_lead[v->lead[k]]++;
                r->unit_cat[v->lead[k]][c]++;
            }
            if (r->tl[i] == TL_OVERDUE) r->noverdue++;
            if (v->status == ST_BLOCKED) r->nblocked++;
            if (r->tl[i] == TL_DONE_LATE) r->ndone_late++;
            if (r->tl[i] == TL_OVERDUE || v->status == ST_BLOCKED)
                r->issues[r->nissues++] = (uint32_t)i;
            if (v->dl_kind == DL_PERIODIC) r->nperiodic++;
        }
        if (done) continue;
        if (v->dl_kind == DL_CONTINUOUS) {
            if (plan->to == KH_NO_DATE || plan->to > r->asof) r->ncontinuing++;
        } else if (v->due > r->asof && v->due <= r->next_to) {
            r->ahead[r->nahead++] = (uint32_t)i;
        }
    }
    r->completion = r->nin ? (int)((progress + r->nin / 2) / r->nin) : 0;
    sort_rpt = r;
    qsort(r->ahead, r->nahead, sizeof *r->ahead, cmp_ahead);
    sort_rpt = NULL;
    gather_notes(r, err, &rc);
    if (!rc) rc = rpt_gather_results(r, err);
    return rc;
}
