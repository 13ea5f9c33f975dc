/* The province's view: every ward of the plans' groups, each ward's
 * received snapshot (DIR/wards/ID.snapshot) opened read-only in turn (never
 * ATTACHed), its occurrences' state laid over the plans, and per ward the
 * four categories, completion, overdue, the oldest overdue's age and the
 * snapshot's age. A snapshot comes in by an atomic rename, so one being
 * received is never seen half applied. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/store_snapshot.h"
#include "kehoach/workspace.h"

bool workspace_is_province(const kh_workspace *ws)
{
    char *dir = xasprintf("%s/%s", ws->dir, WS_WARDS_DIR);
    struct stat st;
    bool yes = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    free(dir);
    return yes;
}

int64_t workspace_wards_stamp(const kh_workspace *ws)
{
    char *dir = xasprintf("%s/%s", ws->dir, WS_WARDS_DIR);
    struct stat st;
    int64_t v =
        stat(dir, &st) == 0 ? (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec : 0;
    free(dir);
    return v;
}

static int by_ward_id(const void *a, const void *b)
{
    return strcmp(((const kh_ws_ward *)a)->id, ((const kh_ws_ward *)b)->id);
}

/* Every member any plan of apps assigns a task to, by id, once. */
static void find_wards(kh_workspace *ws, const kh_app *apps, size_t napps)
{
    size_t cap = 0;
    free(ws->wards);
    ws->wards = NULL;
    ws->nwards = 0;
    for (size_t i = 0; i < napps; i++) {
        const kh_plan *p = apps[i].plan;
        for (size_t k = 0; k < p->ntasks; k++) {
            const char *m = model_task_member(&p->tasks[k]);
            if (!m) continue;
            bool seen = false;
            for (size_t w = ws->nwards; w-- > 0 && !seen;) seen = !strcmp(ws->wards[w].id, m);
            if (seen) continue;
            long u = model_find_unit(p, m);
            KH_GROW(ws->wards, ws->nwards, cap);
            kh_ws_ward *w = &ws->wards[ws->nwards++];
            memset(w, 0, sizeof *w);
            w->id = m;
            w->name = u >= 0 ? p->units[u].name : m;
            w->oldest_overdue = -1;
        }
    }
    if (ws->nwards) qsort(ws->wards, ws->nwards, sizeof *ws->wards, by_ward_id);
}

typedef struct {
    uint32_t plan, task;
    kh_task state;
} saved;

/* Lay ward w's snapshot over every plan that assigns it a task; keep the
 * state of its own occurrences in *keep. */
static kh_errcode fold_ward(kh_workspace *ws, kh_app *apps, size_t napps, kh_ws_ward *w,
                            bool *touched, saved **keep, size_t *nkeep, size_t *capkeep,
                            kh_error *err)
{
    char *path = workspace_snapshot_path(ws, w->id);
    kh_snapshot_info info;
    kh_error why = {0};
    if (access(path, F_OK) != 0) {
        free(path);
        return KH_E_OK;
    }
    w->has_snapshot = true;
    kh_errcode rc = store_snapshot_read(path, &info, &why);
    kh_store *snap = NULL;
    if (!rc) {
        w->made_at = info.made_at;
        store_snapshot_info_free(&info);
        rc = store_open(path, STORE_READ_ONLY, &snap, &why);
    }
    free(path);
    if (rc) {
        w->problem = rc; /* shown for the ward; the others go on */
        return KH_E_OK;
    }
    for (size_t i = 0; i < napps && !rc; i++) {
        kh_app *app = &apps[i];
        const kh_plan *p = app->plan;
        bool mine = false;
        for (size_t k = 0; k < p->ntasks && !mine; k++) {
            const char *m = model_task_member(&p->tasks[k]);
            mine = m && !strcmp(m, w->id);
        }
        if (!mine) continue;
        kh_store *own = app->store;
        app->store = snap;
        rc = app_reload_state(app, err);
        app->store = own;
        touched[i] = true;
        for (size_t k = 0; k < p->ntasks && !rc; k++) {
            const char *m = model_task_member(&p->tasks[k]);
            if (!m || strcmp(m, w->id) != 0) continue;
            KH_GROW(*keep, *nkeep, *capkeep);
            (*keep)[(*nkeep)++] = (saved){(uint32_t)i, (uint32_t)k, p->tasks[k]};
        }
    }
    store_close(snap);
    return rc;
}

/* Put back the province's own state, then every ward's occurrences. */
static kh_errcode settle(kh_app *apps, size_t napps, const bool *touched, const saved *keep,
                         size_t nkeep, kh_error *err)
{
    for (size_t i = 0; i < napps; i++) {
        if (!touched[i]) continue;
        kh_app *app = &apps[i];
        if (app->store) {
            kh_errcode rc = app_reload_state(app, err);
            if (rc) return rc;
        } else {
            for (size_t k = 0; k < app->plan->ntasks; k++) {
                kh_task *t = &app->plan->tasks[k];
                model_task_reset_state(t);
                t->nnotes = t->base ? t->base->nnotes : 0;
            }
        }
    }
    for (size_t j = 0; j < nkeep; j++) apps[keep[j].plan].plan->tasks[keep[j].task] = keep[j].state;
    for (size_t i = 0; i < napps; i++)
        if (touched[i]) model_rollup(apps[i].plan);
    return KH_E_OK;
}

/* Count ward w's figures over the occurrences of apps (plan: one plan's
 * index, or -1; task: the index in it of the task they belong to, or -1). */
static void figures(const kh_workspace *ws, const kh_app *apps, size_t napps, kh_ws_ward *w,
                    long plan, long task, int64_t now)
{
    uint64_t progress = 0;
    w->total = w->overdue = 0;
    memset(w->category, 0, sizeof w->category);
    w->oldest_overdue = -1;
    for (size_t i = 0; i < napps; i++) {
        if (plan >= 0 && (size_t)plan != i) continue;
        const kh_plan *p = apps[i].plan;
        for (size_t k = 0; k < p->ntasks; k++) {
            const kh_task *t = &p->tasks[k];
            const char *m = model_task_member(t);
            if (!m || strcmp(m, w->id) != 0) continue;
            if (task >= 0 && (long)t->sub_of - 1 != task) continue;
            /* Withdrawn (issue 12): out of the four categories and the
             * completion, as in a ward's own status. */
            if (model_task_withdrawn(t)) continue;
            kh_timeliness tl = model_timeliness(t, ws->today);
            w->total++;
            w->category[model_category(tl)]++;
            progress += model_task_done(t) ? 100 : t->progress;
            if (tl == TL_OVERDUE) {
                w->overdue++;
                long age = (long)(ws->today - t->due);
                if (age > w->oldest_overdue) w->oldest_overdue = age;
            }
        }
    }
    w->completion = w->total ? (int)((progress + w->total / 2) / w->total) : 0;
    if (w->has_snapshot && !w->problem) {
        w->age = now - w->made_at;
        w->stale = w->age > WS_SNAPSHOT_STALE;
    }
}

void workspace_wards_count(kh_workspace *ws, const kh_app *apps, size_t napps, long plan, long task)
{
    int64_t now = (int64_t)time(NULL);
    for (size_t w = 0; w < ws->nwards; w++)
        figures(ws, apps, napps, &ws->wards[w], plan, task, now);
}

kh_errcode workspace_province_fold_apps(kh_workspace *ws, kh_app *apps, size_t napps, kh_error *err)
{
    find_wards(ws, apps, napps);
    bool *touched = xcalloc(napps + 1, sizeof *touched);
    saved *keep = NULL;
    size_t nkeep = 0, capkeep = 0;
    kh_errcode rc = KH_E_OK;
    for (size_t w = 0; w < ws->nwards && !rc; w++)
        rc = fold_ward(ws, apps, napps, &ws->wards[w], touched, &keep, &nkeep, &capkeep, err);
    if (!rc) rc = settle(apps, napps, touched, keep, nkeep, err);
    free(keep);
    free(touched);
    if (!rc) workspace_wards_count(ws, apps, napps, -1, -1);
    return rc;
}

kh_errcode workspace_province_fold(kh_workspace *ws, kh_error *err)
{
    return workspace_province_fold_apps(ws, ws->plans, ws->nplans, err);
}

kh_errcode workspace_ward_store(const kh_workspace *ws, const char *ward, kh_store **out,
                                int64_t *made_at, kh_error *err)
{
    *out = NULL;
    char *path = workspace_snapshot_path(ws, ward);
    if (access(path, F_OK) != 0) {
        free(path);
        return KH_E_OK;
    }
    kh_snapshot_info info;
    kh_errcode rc = store_snapshot_read(path, &info, err);
    if (!rc) {
        if (made_at) *made_at = info.made_at;
        store_snapshot_info_free(&info);
        rc = store_open(path, STORE_READ_ONLY, out, err);
    }
    free(path);
    return rc;
}

/* Return true when task_id is, in plan, ward's own occurrence. */
static bool ward_owns(const kh_plan *plan, const char *ward, const char *task_id)
{
    long k = model_find_task(plan, task_id);
    const char *m = k >= 0 ? model_task_member(&plan->tasks[k]) : NULL;
    return m && !strcmp(m, ward);
}

/* Call fn with the store of each ward whose snapshot reads (a ward with
 * none, or a damaged one, is passed over); return fn's first failure. */
static kh_errcode each_ward_store(const kh_workspace *ws,
                                  kh_errcode (*fn)(kh_store *, const kh_ws_ward *, void *),
                                  void *arg)
{
    for (size_t w = 0; w < ws->nwards; w++) {
        const kh_ws_ward *ward = &ws->wards[w];
        if (!ward->has_snapshot || ward->problem) continue;
        kh_store *snap = NULL;
        kh_error why = {0};
        if (workspace_ward_store(ws, ward->id, &snap, NULL, &why) || !snap) continue;
        kh_errcode rc = fn(snap, ward, arg);
        store_close(snap);
        if (rc) return rc;
    }
    return KH_E_OK;
}

typedef struct {
    const kh_plan *plan;
    kh_note *v;
    size_t n, cap;
    kh_error *err;
} wards_notes;

/* Add the ward's notes on its own occurrences of the plan. */
static kh_errcode add_notes(kh_store *snap, const kh_ws_ward *ward, void *arg)
{
    wards_notes *a = arg;
    kh_note *v = NULL;
    size_t len = 0;
    kh_errcode rc = store_notes(snap, a->plan->id, NULL, &v, &len, a->err);
    if (rc) return rc;
    for (size_t i = 0; i < len; i++) {
        if (ward_owns(a->plan, ward->id, v[i].task_id)) {
            KH_GROW(a->v, a->n, a->cap);
            a->v[a->n++] = v[i];
        } else {
            free(v[i].task_id);
            free(v[i].text);
            free(v[i].author);
        }
    }
    free(v);
    return KH_E_OK;
}

kh_errcode workspace_wards_notes(const kh_workspace *ws, const kh_plan *plan, kh_note **out,
                                 size_t *n, kh_error *err)
{
    wards_notes a = {plan, NULL, 0, 0, err};
    kh_errcode rc = each_ward_store(ws, add_notes, &a);
    if (rc) {
        store_notes_free(a.v, a.n);
        a.v = NULL;
        a.n = 0;
    }
    *out = a.v;
    *n = a.n;
    return rc;
}

typedef struct {
    const kh_plan *plan;
    kh_result *v;
    size_t n, cap;
    kh_error *err;
} wards_results;

/* Add the ward's result documents on its own occurrences of the plan. */
static kh_errcode add_results(kh_store *snap, const kh_ws_ward *ward, void *arg)
{
    wards_results *a = arg;
    kh_result *v = NULL;
    size_t len = 0;
    kh_errcode rc = store_results(snap, a->plan->id, NULL, false, &v, &len, a->err);
    if (rc) return rc;
    for (size_t i = 0; i < len; i++) {
        if (ward_owns(a->plan, ward->id, v[i].task_id)) {
            KH_GROW(a->v, a->n, a->cap);
            a->v[a->n++] = v[i];
        } else { /* its fields: store_results_free would free the array itself */
            free(v[i].task_id);
            free(v[i].doc);
            free(v[i].file_name);
            free(v[i].sha256);
            free(v[i].user);
        }
    }
    free(v);
    return KH_E_OK;
}

kh_errcode workspace_wards_results(const kh_workspace *ws, const kh_plan *plan, kh_result **out,
                                   size_t *n, kh_error *err)
{
    wards_results a = {plan, NULL, 0, 0, err};
    kh_errcode rc = each_ward_store(ws, add_results, &a);
    if (rc) {
        store_results_free(a.v, a.n);
        a.v = NULL;
        a.n = 0;
    }
    *out = a.v;
    *n = a.n;
    return rc;
}

/* The ranking: completion, then fewer overdue, then the oldest overdue's
 * age, then the id. */
static int by_rank(const void *a, const void *b)
{
    const kh_ws_ward *x = a, *y = b;
    if (x->completion != y->completion) return x->completion > y->completion ? -1 : 1;
    if (x->overdue != y->overdue) return x->overdue < y->overdue ? -1 : 1;
    if (x->oldest_overdue != y->oldest_overdue)
        return x->oldest_overdue < y->oldest_overdue ? -1 : 1;
    return strcmp(x->id, y->id);
}

void workspace_wards_rank(kh_workspace *ws)
{
    if (ws->nwards) qsort(ws->wards, ws->nwards, sizeof *ws->wards, by_rank);
    for (size_t i = 0; i < ws->nwards; i++) ws->wards[i].rank = i + 1;
}
