/* app_queue: changes a person made that the database was too busy to take,
 * kept in the order they were made and saved as soon as it can. An attempt
 * waits for another writer only a moment (wait_ms), so a screen that drives
 * the queue stays responsive while the database is locked; the queue is
 * tried again every every_ms. */
#ifndef KEHOACH_APP_QUEUE_H
#define KEHOACH_APP_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/app.h"

/* One change, as the person made it. */
typedef struct {
    char *task_id;            /* by id: a plan read again keeps it */
    int status;               /* kh_status, or -1: keep */
    int progress;             /* 0-100, or -1: keep */
    char *note;               /* a note to add, or NULL */
    int64_t expected_version; /* the version the person was shown; -1: no check */
    char *what;               /* the change in words, for messages */
    uint8_t note_kind;        /* kh_note_kind of the note */
    kh_date on;               /* made done: the day the work was done (set --on), or KH_NO_DATE */
    char *doc;                /* made withdrawn: the deciding document; an extension's document */
    kh_date extend_to;        /* an extension (app_extend) to this day; KH_NO_DATE: a change */
    char *reason;             /* the extension's reason, or NULL */
} kh_queued;

typedef enum {
    QUEUE_SAVED,     /* committed */
    QUEUE_UNCHANGED, /* nothing to change: nothing written */
    QUEUE_WAITING,   /* the database is busy: kept, tried again */
    QUEUE_REFUSED,   /* refused for good (a conflict, rights, read-only...): dropped */
} kh_queue_result;

/* What became of one change. */
typedef struct {
    const kh_queued *change;
    long task; /* its index in the plan, -1 when the plan no longer has it */
    kh_queue_result result;
    kh_error err;    /* why, for QUEUE_REFUSED */
    bool from_queue; /* it had waited (a retry), rather than being made just now */
} kh_queue_event;

/* Told of every change saved, left unchanged or refused (not of those that
 * keep waiting). It must not submit to or clear the queue it is told by. */
typedef void (*kh_queue_report)(void *ctx, const kh_queue_event *ev);

typedef struct {
    kh_queued *v; /* oldest first */
    size_t n, cap;
    long last_try_ms;
    int wait_ms;  /* how long one attempt may wait for another writer */
    int every_ms; /* how often app_queue_retry tries again */
    int rest_ms;  /* the busy timeout set back after an attempt (for reads) */
} kh_queue;

enum {
    QUEUE_WAIT_MS = 20,   /* an attempt never holds a screen longer than this */
    QUEUE_EVERY_MS = 500, /* a waiting change is tried twice a second */
    QUEUE_REST_MS = 100,  /* reads between attempts wait this long at most */
};

/* Set up an empty queue with the default times. */
void app_queue_init(kh_queue *q);

/* Free the queue and every change in it. */
void app_queue_done(kh_queue *q);

/* Return how many changes wait. */
size_t app_queue_len(const kh_queue *q);

/* Return the i-th waiting change, oldest first. */
const kh_queued *app_queue_at(const kh_queue *q, size_t i);

/* Make a change to task_id (as app_change): at once, unless changes are
 * waiting already (then it waits behind them, to keep the person's order)
 * or the database is busy (then it waits). report(ctx, ev) is called unless
 * it waits. Return what became of it. */
kh_queue_result app_queue_submit(kh_queue *q, kh_app *app, const char *task_id, int status,
                                 int progress, const char *note, int64_t expected_version,
                                 const char *what, long now_ms, kh_queue_report report, void *ctx);

/* As app_queue_submit for a note of kind `kind` alone. Return as
 * app_queue_submit. */
kh_queue_result app_queue_submit_note(kh_queue *q, kh_app *app, const char *task_id,
                                      const char *note, kh_note_kind kind, const char *what,
                                      long now_ms, kh_queue_report report, void *ctx);

/* As app_queue_submit for change c, copied: its task_id, status, progress,
 * note and note_kind, on, doc, expected_version and what; or, with
 * c->extend_to set, an extension of the deadline (app_extend: extend_to,
 * doc, reason). Return as app_queue_submit (an extension saved is
 * QUEUE_SAVED). */
kh_queue_result app_queue_submit_change(kh_queue *q, kh_app *app, const kh_queued *c, long now_ms,
                                        kh_queue_report report, void *ctx);

/* Add a copy of change c at the end of the queue without trying it (a
 * change kept from an earlier run, to be tried later). */
void app_queue_keep(kh_queue *q, const kh_queued *c);

/* Try the waiting changes again, oldest first, until one finds the database
 * busy: when force, or every_ms after the last try. report is called for
 * each one that leaves the queue. Return true when it tried. */
bool app_queue_retry(kh_queue *q, kh_app *app, long now_ms, bool force, kh_queue_report report,
                     void *ctx);

/* Drop every waiting change, calling keep(ctx, task_id, note) for each that
 * carries a note (to keep it as a draft). keep may be NULL. */
void app_queue_clear(kh_queue *q, void (*keep)(void *ctx, const char *task_id, const char *note),
                     void *ctx);

#endif
