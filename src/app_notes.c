/* The notes of a task: those the plan file carries and the database's. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/app.h"

/* Sort keys for the plan's notes: below every database id, rising in file
 * order (a plan's notes are written oldest first). */
#define PLAN_NOTE_KEY (INT64_MIN / 2)

/* Newest first; at the same second, the database's (later ids first), then
 * the plan's (later in the file first). */
static int cmp_notes(const void *a, const void *b)
{
    const kh_note *x = a, *y = b;
    if (x->at != y->at) return x->at > y->at ? -1 : 1;
    if (x->id != y->id) return x->id > y->id ? -1 : 1;
    return 0;
}

static void add_base_notes(const kh_task *t, kh_note **v, size_t *len, size_t *cap, int64_t *key)
{
    if (!t->base) return;
    for (uint32_t k = 0; k < t->base->nnotes; k++) {
        const kh_base_note *bn = &t->base->notes[k];
        KH_GROW(*v, *len, *cap);
        kh_note note = {.id = (*key)++,
                        .task_id = xstrdup(t->id),
                        .text = xstrdup(bn->text),
                        .author = xstrdup(bn->author),
                        .at = bn->at,
                        .effective = bn->on,
                        .kind = bn->kind};
        (*v)[(*len)++] = note;
    }
}

static kh_errcode read_notes(const kh_app *app, const char *task_id, bool withdrawn_too,
                             kh_note **out, size_t *n, kh_error *err)
{
    *out = NULL;
    *n = 0;
    kh_note *v = NULL;
    size_t len = 0, cap = 0;
    if (app->store) {
        kh_errcode rc = withdrawn_too
                            ? store_notes_all(app->store, app->plan->id, task_id, &v, &len, err)
                            : store_notes(app->store, app->plan->id, task_id, &v, &len, err);
        if (rc) return rc;
        cap = len;
    }
    const kh_plan *plan = app->plan;
    int64_t key = PLAN_NOTE_KEY;
    if (task_id) {
        long i = model_find_task(plan, task_id);
        if (i >= 0) add_base_notes(&plan->tasks[i], &v, &len, &cap, &key);
    } else {
        for (size_t i = 0; i < plan->ntasks; i++)
            add_base_notes(&plan->tasks[i], &v, &len, &cap, &key);
    }
    if (len) qsort(v, len, sizeof *v, cmp_notes);
    for (size_t i = 0; i < len; i++)
        if (v[i].id < 0) v[i].id = 0; /* 0: from the plan file */
    *out = v;
    *n = len;
    return KH_E_OK;
}

kh_errcode app_notes(const kh_app *app, const char *task_id, kh_note **out, size_t *n,
                     kh_error *err)
{
    return read_notes(app, task_id, false, out, n, err);
}

kh_errcode app_notes_all(const kh_app *app, const char *task_id, kh_note **out, size_t *n,
                         kh_error *err)
{
    return read_notes(app, task_id, true, out, n, err);
}
