/* How every task stood at the end of the day a report's figures hold for,
 * rebuilt from the history of its changes: the state now, with the changes
 * made after that day taken back (each history row keeps the old value). A
 * task the history says nothing about keeps the plan file's state, or is
 * not started. */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* Return the completion date a change sets (rows first to first + n - 1,
 * one change), or KH_NO_DATE when it sets none. */
static kh_date change_completion(const kh_history *h, size_t first, size_t n)
{
    kh_date d;
    for (size_t k = first; k < first + n; k++)
        if (h[k].kind == KF_COMPLETED && h[k].new_value &&
            date_parse(h[k].new_value, &d) == DATE_OK)
            return d;
    return KH_NO_DATE;
}

/* Return the day a change counts from: the completion date it sets, when
 * it sets one (the day the person said the task was done: today then, or
 * --today's or --on's); else the day it took effect (--today, kept beside
 * its real time); else the day it was written, but never after today, since a
 * change the database holds is known today (as notes are: see
 * gather_notes). */
static kh_date change_day(const kh_app *app, const kh_history *h, size_t first, size_t n)
{
    kh_date done = change_completion(h, first, n);
    if (done != KH_NO_DATE) return done;
    /* Made with --today or --on: the day it took effect (schema 8), even
     * after the report's today (it was not in effect before that day). */
    if (h[first].effective != KH_NO_DATE) return h[first].effective;
    kh_date written = date_of_time((time_t)h[first].at);
    return written > app->today ? app->today : written;
}

/* Put the value a history row replaced back into task v (a value that is
 * not one: the field's none). */
static void take_back(kh_task *v, const kh_history *h)
{
    kh_record r = model_record_of(v);
    if (!model_field_apply(&r, h->kind, h->old_value)) model_field_apply(&r, h->kind, NULL);
    model_record_put(v, &r);
}

/* One change to a task's state: its history rows, its task, its day. */
typedef struct {
    size_t first, n; /* rows h[first] to h[first + n - 1] */
    long task;       /* the task's index, or -1 (gone from the plan, or a note only) */
    kh_date day;
} change_span;

/* Split the history (rows of one change are consecutive) into changes;
 * return how many. */
static size_t split_changes(const rpt *r, const kh_history *h, size_t n, change_span *out)
{
    size_t nc = 0;
    for (size_t first = 0, len; first < n; first += len) {
        bool state = false;
        for (len = 0; first + len < n && h[first + len].change == h[first].change; len++)
            state = state || model_field_is_state(h[first + len].kind);
        long task = state && h[first].task_id ? model_find_task(r->plan, h[first].task_id) : -1;
        out[nc++] = (change_span){first, len, task, change_day(r->app, h, first, len)};
    }
    return nc;
}

/* Make the days of each task's changes never go down: a change was made no
 * later than the changes after it, so a completion dated back takes the
 * changes before it back with it. */
static void order_days(change_span *c, size_t nc, size_t ntasks)
{
    kh_date *later = xreallocarray(NULL, ntasks ? ntasks : 1, sizeof *later);
    for (size_t i = 0; i < ntasks; i++) later[i] = INT32_MAX;
    for (size_t k = nc; k-- > 0;) {
        if (c[k].task < 0) continue;
        kh_date *l = &later[c[k].task];
        if (c[k].day > *l)
            c[k].day = *l;
        else
            *l = c[k].day;
    }
    free(later);
}

/* Take back, in r->view, the changes made after r->asof: each field gets
 * the old value of the first later row that changed it. */
static void take_back_later(rpt *r, const kh_history *h, size_t n)
{
    size_t ntasks = r->plan->ntasks;
    change_span *c = xreallocarray(NULL, n ? n : 1, sizeof *c);
    size_t nc = split_changes(r, h, n, c);
    order_days(c, nc, ntasks);
    bool(*restored)[KF_COUNT] = xcalloc(ntasks ? ntasks : 1, sizeof *restored);
    for (size_t k = 0; k < nc; k++) {
        if (c[k].task < 0 || c[k].day <= r->asof) continue;
        for (size_t j = c[k].first; j < c[k].first + c[k].n; j++) {
            kh_field f = h[j].kind;
            if (!model_field_is_state(f) || restored[c[k].task][f]) continue;
            take_back(&r->view[c[k].task], &h[j]);
            restored[c[k].task][f] = true;
        }
    }
    free(restored);
    free(c);
}

/* Rebuild r->view and r->done_after (see report_int.h). */
kh_errcode rpt_view_asof(rpt *r, kh_error *err)
{
    const kh_plan *plan = r->plan;
    for (size_t i = 0; i < plan->ntasks; i++) r->view[i] = plan->tasks[i];
    /* A target's value as of that day: the measurement of the latest day
     * up to it, not the last one recorded. */
    r->target_asof = xcalloc(plan->ntargets ? plan->ntargets : 1, sizeof *r->target_asof);
    kh_errcode rc = app_target_asof(r->app, r->asof, r->target_asof, err);
    if (rc) return rc;
    kh_history *h = NULL;
    size_t n = 0;
    rc = app_history(r->app, NULL, &h, &n, err);
    if (rc) return rc;
    take_back_later(r, h, n);
    store_history_free(h, n);
    for (size_t i = 0; i < plan->ntasks; i++) {
        kh_task *v = &r->view[i];
        /* Done after that day with nothing known of before (the plan file's
         * state): not started then. */
        if (v->status == ST_DONE && v->completed != KH_NO_DATE && v->completed > r->asof) {
            v->status = ST_TODO;
            v->progress = 0;
            v->completed = KH_NO_DATE;
        }
        if (v->status != ST_DONE) v->completed = KH_NO_DATE;
        /* A confirmation or rejection given after that day was not there
         * yet (its day as a change's: never after today). */
        if (v->verdict != VERDICT_NONE) {
            kh_date given = date_of_time((time_t)v->verdict_at);
            if (given > r->app->today) given = r->app->today;
            if (given > r->asof) v->verdict = VERDICT_NONE;
        }
        const kh_task *now = &plan->tasks[i];
        r->done_after[i] = now->status == ST_DONE && v->status != ST_DONE;
    }
    return KH_E_OK;
}
