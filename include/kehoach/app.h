/* app: what a person can do with a plan, shared by the command line and the
 * dashboard: load, change a task, filter, search, sort. */
#ifndef KEHOACH_APP_H
#define KEHOACH_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/error.h"
#include "kehoach/model.h"
#include "kehoach/plan_load.h"
#include "kehoach/store.h"

typedef struct {
    kh_plan *plan;
    kh_store *store; /* NULL until app_open_store */
    char *db_path;
    char *user; /* the real user, from the uid */
    kh_lang lang;
    kh_date today;
    int64_t data_version; /* the store's, when the state was last read */
} kh_app;

/* Load the plan at plan_path (app->lang and app->today set). Return KH_E_OK,
 * or an error with the problems in diags. */
kh_errcode app_load_plan(kh_app *app, const char *plan_path, kh_diags *diags);

/* Open the database (db_path NULL: the default for the plan) and lay its
 * state over the plan. Read-only, a database that does not exist is not
 * created and app->store stays NULL. Return KH_E_OK or an error. */
kh_errcode app_open_store(kh_app *app, const char *db_path, bool read_only, kh_error *err);

/* Set how long a change waits for another writer before KH_E_DB_BUSY. */
void app_set_busy_timeout(kh_app *app, int ms);

/* Read every task's state again from the store (after someone else changed
 * it). Return KH_E_OK or an error. */
kh_errcode app_reload_state(kh_app *app, kh_error *err);

/* Free everything the app holds. */
void app_close(kh_app *app);

/* Change task number `task`: status and progress (-1: keep), a note (NULL:
 * none). With expected_version >= 0, refuse (KH_E_CONFLICT, who changed it
 * in err) when the task is no longer at that version: the version the person
 * was shown. The model changes only once the store has committed. Return
 * KH_E_OK or an error. */
kh_errcode app_change(kh_app *app, size_t task, int status, int progress, const char *note,
                      int64_t expected_version, kh_error *err);

/* See whether another process committed since the state was last read; if
 * so, read it again and call changed(ctx, i) for every task whose state
 * moved. Set *reloaded. Return KH_E_OK or an error. */
kh_errcode app_poll(kh_app *app, bool *reloaded, void (*changed)(void *ctx, size_t task), void *ctx,
                    kh_error *err);

typedef struct {
    long unit;      /* leads or supports; -1: any */
    int status;     /* kh_status; -1: any */
    int timeliness; /* kh_timeliness; -1: any */
    char *query;    /* folded search text; NULL: none */
} kh_filter;

/* Set a filter that lets every task through. */
void app_filter_init(kh_filter *f);

/* Set the search text (folded: case and diacritics ignored); "" clears it. */
void app_filter_set_query(kh_filter *f, const char *text);

/* Free the filter's search text. */
void app_filter_done(kh_filter *f);

/* Return true when task t passes filter f. */
bool app_match(const kh_app *app, const kh_filter *f, const kh_task *t);

/* Write the indexes of the tasks that pass f, in plan order, to out (room
 * for plan->ntasks). Return how many. */
size_t app_select(const kh_app *app, const kh_filter *f, uint32_t *out);

typedef enum { SORT_PLAN, SORT_DEADLINE, SORT_STATUS, SORT_UNIT, SORT_COUNT } kh_sort;

/* Sort n task indexes: plan order; deadline (overdue, due soon, upcoming,
 * ongoing, done; then by date); status; or lead unit. Stable. */
void app_sort(const kh_app *app, uint32_t *idx, size_t n, kh_sort by);

/* Return the name of a sort order. */
const char *app_sort_name(kh_sort by, kh_lang lang);

/* Read the notes of one task (task_id) or of every task (NULL): those the
 * plan file gives (`state: notes:`, with id 0) and the database's, newest
 * first. Return KH_E_OK with a heap array in *out (free it with
 * store_notes_free), or an error. */
kh_errcode app_notes(const kh_app *app, const char *task_id, kh_note **out, size_t *n,
                     kh_error *err);

#endif
