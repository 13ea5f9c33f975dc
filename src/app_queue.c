/* The queue of changes waiting for a busy database (see app_queue.h). */
#include "kehoach/app_queue.h"

#include <stdlib.h>
#include <string.h>

#include "kehoach/app_confirm.h"

void app_queue_init(kh_queue *q)
{
    memset(q, 0, sizeof *q);
    q->wait_ms = QUEUE_WAIT_MS;
    q->every_ms = QUEUE_EVERY_MS;
    q->rest_ms = QUEUE_REST_MS;
}

static void queued_free(kh_queued *c)
{
    free(c->task_id);
    free(c->note);
    free(c->what);
    free(c->doc);
    free(c->reason);
}

void app_queue_done(kh_queue *q)
{
    for (size_t i = 0; i < q->n; i++) queued_free(&q->v[i]);
    free(q->v);
    q->v = NULL;
    q->n = q->cap = 0;
}

size_t app_queue_len(const kh_queue *q)
{
    return q->n;
}

const kh_queued *app_queue_at(const kh_queue *q, size_t i)
{
    return i < q->n ? &q->v[i] : NULL;
}

/* Try one change, waiting for another writer at most q->wait_ms. Fill ev
 * (all but from_queue). */
static void attempt(const kh_queue *q, kh_app *app, const kh_queued *c, kh_queue_event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->change = c;
    ev->task = model_find_task(app->plan, c->task_id);
    if (ev->task < 0) {
        kh_error_set(&ev->err, KH_E_NOT_FOUND, "%s", c->task_id);
        ev->result = QUEUE_REFUSED;
        return;
    }
    const kh_task *t = &app->plan->tasks[ev->task];
    int64_t before = t->version;
    app_set_busy_timeout(app, q->wait_ms);
    bool extension = c->extend_to != KH_NO_DATE;
    kh_edit e = {c->status, c->progress,        c->note, (kh_note_kind)c->note_kind, c->on,
                 c->doc,    c->expected_version};
    kh_errcode rc =
        extension ? app_extend(app, (size_t)ev->task, c->extend_to, c->doc, c->reason, &ev->err)
                  : app_change_edit(app, (size_t)ev->task, &e, &ev->err);
    app_set_busy_timeout(app, q->rest_ms);
    if (rc == KH_E_DB_BUSY)
        ev->result = QUEUE_WAITING;
    else if (rc)
        ev->result = QUEUE_REFUSED;
    else
        ev->result = !extension && t->version == before ? QUEUE_UNCHANGED : QUEUE_SAVED;
}

/* Return a copy of s, or NULL for NULL. */
static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* Add a copy of change c at the end of the queue. */
static void push_change(kh_queue *q, const kh_queued *c)
{
    KH_GROW(q->v, q->n, q->cap);
    kh_queued *v = &q->v[q->n++];
    *v = *c;
    v->task_id = xstrdup(c->task_id);
    v->note = dup_or_null(c->note);
    v->what = xstrdup(c->what ? c->what : "");
    v->doc = dup_or_null(c->doc);
    v->reason = dup_or_null(c->reason);
}

void app_queue_keep(kh_queue *q, const kh_queued *c)
{
    push_change(q, c);
}

static void push(kh_queue *q, const char *task_id, int status, int progress, const char *note,
                 int64_t expected_version, const char *what, uint8_t kind)
{
    KH_GROW(q->v, q->n, q->cap);
    q->v[q->n++] = (kh_queued){xstrdup(task_id),
                               status,
                               progress,
                               dup_or_null(note),
                               expected_version,
                               xstrdup(what ? what : ""),
                               kind,
                               KH_NO_DATE,
                               NULL,
                               KH_NO_DATE,
                               NULL};
}

static kh_queue_result submit_kind(kh_queue *q, kh_app *app, const char *task_id, int status,
                                   int progress, const char *note, kh_note_kind kind,
                                   int64_t expected_version, const char *what, long now_ms,
                                   kh_queue_report report, void *ctx);

kh_queue_result app_queue_submit(kh_queue *q, kh_app *app, const char *task_id, int status,
                                 int progress, const char *note, int64_t expected_version,
                                 const char *what, long now_ms, kh_queue_report report, void *ctx)
{
    return submit_kind(q, app, task_id, status, progress, note, NOTE_PLAIN, expected_version, what,
                       now_ms, report, ctx);
}

kh_queue_result app_queue_submit_note(kh_queue *q, kh_app *app, const char *task_id,
                                      const char *note, kh_note_kind kind, const char *what,
                                      long now_ms, kh_queue_report report, void *ctx)
{
    return submit_kind(q, app, task_id, -1, -1, note, kind, -1, what, now_ms, report, ctx);
}

/* app_queue_submit, the note of kind `kind`. */
static kh_queue_result submit_kind(kh_queue *q, kh_app *app, const char *task_id, int status,
                                   int progress, const char *note, kh_note_kind kind,
                                   int64_t expected_version, const char *what, long now_ms,
                                   kh_queue_report report, void *ctx)
{
    if (q->n) {
        /* Behind the changes still waiting: the person's order is kept. */
        push(q, task_id, status, progress, note, expected_version, what, (uint8_t)kind);
        return QUEUE_WAITING;
    }
    push(q, task_id, status, progress, note, expected_version, what, (uint8_t)kind);
    kh_queue_event ev;
    attempt(q, app, &q->v[0], &ev);
    if (ev.result == QUEUE_WAITING) {
        q->last_try_ms = now_ms;
        return QUEUE_WAITING;
    }
    if (report) report(ctx, &ev);
    queued_free(&q->v[0]);
    q->n = 0;
    return ev.result;
}

kh_queue_result app_queue_submit_change(kh_queue *q, kh_app *app, const kh_queued *c, long now_ms,
                                        kh_queue_report report, void *ctx)
{
    push_change(q, c);
    if (q->n > 1) return QUEUE_WAITING; /* behind the changes still waiting */
    kh_queue_event ev;
    attempt(q, app, &q->v[0], &ev);
    if (ev.result == QUEUE_WAITING) {
        q->last_try_ms = now_ms;
        return QUEUE_WAITING;
    }
    if (report) report(ctx, &ev);
    queued_free(&q->v[0]);
    q->n = 0;
    return ev.result;
}

bool app_queue_retry(kh_queue *q, kh_app *app, long now_ms, bool force, kh_queue_report report,
                     void *ctx)
{
    if (!q->n) return false;
    if (!force && now_ms - q->last_try_ms < q->every_ms) return false;
    q->last_try_ms = now_ms;
    while (q->n) {
        kh_queued *c = &q->v[0];
        kh_queue_event ev;
        attempt(q, app, c, &ev);
        if (ev.result == QUEUE_WAITING) break;
        ev.from_queue = true;
        if (ev.result == QUEUE_SAVED && c->expected_version >= 0) {
            /* Later changes to the task were made on top of this one. */
            int64_t now_version = app->plan->tasks[ev.task].version;
            for (size_t i = 1; i < q->n; i++)
                if (!strcmp(q->v[i].task_id, c->task_id) &&
                    q->v[i].expected_version == c->expected_version)
                    q->v[i].expected_version = now_version;
        }
        if (report) report(ctx, &ev);
        queued_free(c);
        memmove(q->v, q->v + 1, (q->n - 1) * sizeof *q->v);
        q->n--;
    }
    return true;
}

void app_queue_clear(kh_queue *q, void (*keep)(void *ctx, const char *task_id, const char *note),
                     void *ctx)
{
    for (size_t i = 0; i < q->n; i++)
        if (keep && q->v[i].note) keep(ctx, q->v[i].task_id, q->v[i].note);
    app_queue_done(q);
}
