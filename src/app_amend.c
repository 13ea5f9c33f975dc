/* Amendments of the plan ("Kế hoạch điều chỉnh, bổ sung"): recorded in the
 * database against the ordering document (store_amend.c), laid over the
 * plan as issued after it is loaded, so every view shows the amended plan. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/model_field.h"
#include "kehoach/text.h"

enum { AMEND_TEXT_MAX = 8000, AMEND_DOC_MAX = 500, AMEND_ID_MAX = 64 };

/* Return true when id is a task id the plan loader would take: at most 64
 * ASCII letters, digits and . _ - / starting with a letter or digit. */
static bool id_ok(const char *id)
{
    size_t n = strlen(id);
    if (!n || n > AMEND_ID_MAX) return false;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (!alnum && (i == 0 || !strchr("._-", c))) return false;
    }
    return true;
}

/* Parse the comma-separated unit ids of lead into a plan-owned array;
 * return how many, 0 when one is unknown. */
static uint16_t lead_units(kh_plan *plan, const char *lead, uint16_t **out)
{
    size_t n = 1;
    for (const char *p = lead; *p; p++) n += *p == ',';
    if (n > 64) return 0;
    uint16_t *v = arena_alloc(&plan->mem, n * sizeof *v);
    size_t k = 0;
    const char *p = lead;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *one = xstrndup(p, len);
        long u = model_find_unit(plan, one);
        free(one);
        if (u < 0) return 0;
        v[k++] = (uint16_t)u;
        p += len;
        if (*p == ',') p++;
    }
    *out = v;
    return (uint16_t)k;
}

/* Fold a task's title and text again for search. */
static void refold(kh_plan *plan, kh_task *t)
{
    strbuf sb = STRBUF_INIT;
    if (t->title != t->text) sb_printf(&sb, "%s\n", t->title);
    sb_puts(&sb, t->text);
    char *f = text_fold(sb_str(&sb));
    t->fold = arena_strdup(&plan->mem, f ? f : "");
    free(f);
    sb_done(&sb);
}

static void mark(kh_plan *plan, kh_task *t, const char *doc, uint8_t bits)
{
    if (!t->amended_by || strcmp(t->amended_by, doc) != 0)
        t->amended_by = arena_strdup(&plan->mem, doc);
    t->amended |= bits;
}

/* Lay the changes of amendment a over task t. */
static void apply_change(kh_plan *plan, kh_task *t, const kh_amendment *a)
{
    uint8_t bits = 0;
    if (a->text && strcmp(t->text, a->text) != 0) {
        bool own_title = t->title != t->text && strcmp(t->title, t->text) != 0;
        t->text = arena_strdup(&plan->mem, a->text);
        if (!own_title) t->title = t->text;
        refold(plan, t);
    }
    if (a->text) bits |= KH_AMENDED_TEXT;
    strbuf now = STRBUF_INIT;
    for (uint16_t i = 0; a->lead && i < t->nlead; i++)
        sb_printf(&now, "%s%s", i ? "," : "", plan->units[t->lead[i]].id);
    /* Laid over again at every reload: the same lead takes no new memory. */
    if (a->lead && strcmp(sb_str(&now), a->lead) != 0) {
        uint16_t *lead;
        uint16_t n = lead_units(plan, a->lead, &lead);
        if (n) {
            t->lead = lead;
            t->nlead = n;
        }
    }
    if (a->lead) bits |= KH_AMENDED_LEAD;
    sb_done(&now);
    kh_date d;
    if (a->deadline && date_parse(a->deadline, &d) == DATE_OK) {
        if (t->dl_kind != DL_PERIODIC) t->dl_kind = DL_DATE;
        /* An extension (app_extend.c) stays over the amended deadline. */
        if (t->nextensions)
            t->due_original = d;
        else
            t->due = d;
        t->deadline_text = NULL; /* it words the deadline the plan gave */
        t->window_days = 0;      /* a day now, no longer a window (plan13) */
        t->event = 0;            /* nor counted from an event */
        t->event_days = 0;
        t->dl_text_made = false;
        bits |= KH_AMENDED_DEADLINE;
    }
    mark(plan, t, a->doc, bits);
}

/* Append the task amendment a adds. */
static void apply_add(kh_plan *plan, const kh_amendment *a)
{
    uint16_t *lead = NULL;
    uint16_t nlead = a->lead ? lead_units(plan, a->lead, &lead) : 0;
    if (!a->text || !nlead) return;
    plan->tasks = xreallocarray(plan->tasks, plan->ntasks + 2, sizeof *plan->tasks);
    kh_task *t = &plan->tasks[plan->ntasks];
    memset(t, 0, sizeof *t);
    t->id = arena_strdup(&plan->mem, a->task_id);
    t->text = t->title = arena_strdup(&plan->mem, a->text);
    t->lead = lead;
    t->nlead = nlead;
    t->section = strncmp(a->task_id, "III.", 4) == 0 ? 3 : 2;
    t->duty = -1;
    kh_date d;
    if (a->deadline && date_parse(a->deadline, &d) == DATE_OK) {
        t->dl_kind = DL_DATE;
        t->due = d;
    } else {
        t->dl_kind = DL_PERIOD_END;
        t->due = plan->to;
    }
    refold(plan, t);
    model_task_reset_state(t);
    mark(plan, t, a->doc, KH_AMENDED_ADDED);
    plan->ntasks++;
    memset(&plan->tasks[plan->ntasks], 0, sizeof *t);
    model_index(plan);
}

kh_errcode app_amend_apply(kh_app *app, bool add, kh_error *err)
{
    if (!app->store) return KH_E_OK;
    kh_amendment *v;
    size_t n;
    kh_errcode rc = store_amendments(app->store, app->plan->id, false, &v, &n, err);
    if (rc) return rc;
    kh_plan *plan = app->plan;
    app->namendments = n;
    for (size_t i = 0; i < n; i++) {
        const kh_amendment *a = &v[i];
        long k = model_find_task(plan, a->task_id);
        if (a->kind == AMEND_ADD) {
            if (k >= 0)
                mark(plan, &plan->tasks[k], a->doc, KH_AMENDED_ADDED);
            else if (add)
                apply_add(plan, a);
        } else if (k >= 0 && a->kind == AMEND_CHANGE) {
            apply_change(plan, &plan->tasks[k], a);
        } else if (k >= 0 && a->kind == AMEND_WITHDRAW) {
            plan->tasks[k].withdrawn = true;
            mark(plan, &plan->tasks[k], a->doc, KH_AMENDED_WITHDRAWN);
        }
    }
    store_amendments_free(v, n);
    return KH_E_OK;
}

kh_errcode app_amend_check(kh_app *app, kh_amendment *a, kh_error *err)
{
    kh_plan *plan = app->plan;
    if (!app_may_change_all(app)) return kh_error_set(err, KH_E_DENIED, "amend");
    if (!a->doc || !*a->doc || strlen(a->doc) > AMEND_DOC_MAX || strpbrk(a->doc, "\r\n"))
        return kh_error_set(err, KH_E_INVALID, "--doc");
    if (a->text && (!*a->text || strlen(a->text) > AMEND_TEXT_MAX))
        return kh_error_set(err, KH_E_INVALID, "--text");
    kh_date d;
    if (a->deadline && date_parse(a->deadline, &d) != DATE_OK)
        return kh_error_set(err, KH_E_INVALID, "--deadline %s", a->deadline);
    if (a->deadline && plan->from != KH_NO_DATE && (d < plan->from || d > plan->to))
        return kh_error_set(err, KH_E_INVALID, "--deadline %s", a->deadline);
    if (a->lead) {
        /* Names or ids, given as the person knows them: kept as ids. */
        strbuf ids = STRBUF_INIT;
        const char *p = a->lead;
        while (*p) {
            const char *end = strchr(p, ',');
            size_t len = end ? (size_t)(end - p) : strlen(p);
            char *one = xstrndup(p, len);
            long u = model_find_unit_loose(plan, one);
            if (u < 0) {
                kh_errcode rc = kh_error_set(err, KH_E_NOT_FOUND, "--lead %s", one);
                free(one);
                sb_done(&ids);
                return rc;
            }
            free(one);
            sb_printf(&ids, "%s%s", ids.len ? "," : "", plan->units[u].id);
            p += len;
            if (*p == ',') p++;
        }
        free(a->lead);
        a->lead = sb_take(&ids);
        if (!a->lead) return kh_error_set(err, KH_E_INVALID, "--lead");
    }
    if (a->deadline) {
        char iso[11];
        free(a->deadline);
        a->deadline = xstrdup(date_format_iso(d, iso));
    }
    long k = model_find_task(plan, a->task_id);
    switch (a->kind) {
    case AMEND_ADD:
        if (!id_ok(a->task_id)) return kh_error_set(err, KH_E_INVALID, "%s", a->task_id);
        if (k >= 0) return kh_error_set(err, KH_E_INVALID, "%s", a->task_id);
        if (!a->text || !a->lead) return kh_error_set(err, KH_E_INVALID, "--text, --lead");
        break;
    case AMEND_CHANGE:
        if (k < 0) return kh_error_set(err, KH_E_NOT_FOUND, "%s", a->task_id);
        if (!a->text && !a->lead && !a->deadline)
            return kh_error_set(err, KH_E_INVALID, "--text, --lead, --deadline");
        break;
    case AMEND_WITHDRAW:
        if (k < 0) return kh_error_set(err, KH_E_NOT_FOUND, "%s", a->task_id);
        /* Withdrawn either way (an amendment, or set withdrawn --doc). */
        if (model_task_withdrawn(&plan->tasks[k]))
            return kh_error_set(err, KH_E_INVALID, "%s", a->task_id);
        break;
    default: return kh_error_set(err, KH_E_INVALID, "%d", (int)a->kind);
    }
    return KH_E_OK;
}

kh_errcode app_amend(kh_app *app, kh_amendment *a, kh_error *err)
{
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    kh_errcode rc = app_amend_check(app, a, err);
    if (rc) return rc;
    a->effective = app->today; /* --today: the day it takes effect, as set and extend */
    rc = store_amend_add(app->store, app->plan->id, a, app_user(app), (int64_t)time(NULL), err);
    if (rc) return rc;
    return app_amend_apply(app, true, err);
}

kh_errcode app_amendments(const kh_app *app, kh_amendment **out, size_t *n, kh_error *err)
{
    *out = NULL;
    *n = 0;
    /* The amendments a plan file carries (an export's state) come first:
     * they were recorded before the database's. */
    kh_amendment *v = NULL;
    size_t len = 0, cap = 0;
    int64_t seq = 0;
    for (size_t i = 0; i < app->plan->ntasks; i++) {
        const kh_task *t = &app->plan->tasks[i];
        for (uint32_t k = 0; t->base && k < t->base->namendments; k++) {
            const kh_base_amendment *b = &t->base->amendments[k];
            char day[11];
            KH_GROW(v, len, cap);
            v[len++] = (kh_amendment){.id = --seq,
                                      .task_id = xstrdup(t->id),
                                      .kind = (kh_amend_kind)b->kind,
                                      .text = b->text ? xstrdup(b->text) : NULL,
                                      .lead = b->lead ? xstrdup(b->lead) : NULL,
                                      .deadline = b->deadline != KH_NO_DATE
                                                      ? xstrdup(date_format_iso(b->deadline, day))
                                                      : NULL,
                                      .doc = xstrdup(b->doc ? b->doc : ""),
                                      .user = xstrdup(b->by ? b->by : ""),
                                      .at = b->at};
        }
    }
    kh_amendment *db = NULL;
    size_t ndb = 0;
    if (app->store) {
        kh_errcode rc = store_amendments(app->store, app->plan->id, false, &db, &ndb, err);
        if (rc) {
            store_amendments_free(v, len);
            return rc;
        }
    }
    if (!len) {
        *out = db;
        *n = ndb;
        return KH_E_OK;
    }
    v = xreallocarray(v, len + ndb + 1, sizeof *v);
    if (ndb) memcpy(v + len, db, ndb * sizeof *v);
    free(db); /* its strings are v's now */
    *out = v;
    *n = len + ndb;
    return KH_E_OK;
}

bool app_undo_is_amend(const kh_undo *u)
{
    return u->nrows && u->rows[0].kind == KF_AMEND;
}

kh_errcode app_amend_undo(kh_app *app, const kh_undo *u, kh_error *err)
{
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    if (!app_may_change_all(app)) return kh_error_set(err, KH_E_DENIED, "amend");
    /* The model keeps the amendment until the plan is read again: the
     * plan as issued is not kept beside it. */
    return store_amend_withdraw(app->store, app->plan->id, app->plan->tasks[u->task].id, u->change,
                                app_user(app), (int64_t)time(NULL), err);
}
