/* Undoing a change: the last change of this user (on one task or on any),
 * reverted by a new change that puts the old values back, refused when
 * someone else changed the task since. The rules are here; the store only
 * reads the facts and writes what the rules give (store_undo). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/app_confirm.h"

/* Refuse: nothing of the user's to undo on the task. */
static kh_errcode nothing_to_undo(const kh_undo_facts *f, kh_error *err)
{
    kh_errcode e = kh_error_set(err, KH_E_NOT_FOUND, "%s, %s", f->user, f->task_id);
    if (err) err->reason = KH_R_NOTHING_TO_UNDO;
    return e;
}

kh_errcode app_undo_rule(const kh_undo_facts *f, kh_record *restored, kh_error *err)
{
    const kh_history *rows = f->rows;
    size_t n = f->nrows;
    /* Only one's own change, not an undo, and only once. */
    if (!n || !rows[0].user || strcmp(rows[0].user, f->user) != 0 || rows[0].undo_of || f->undone)
        return nothing_to_undo(f, err);
    /* The person was shown another version: someone has been there since. */
    if (f->expected_version >= 0 && f->version != f->expected_version)
        return kh_error_by(err, KH_E_CONFLICT, KH_R_CHANGED_SINCE, f->updated_by, f->updated_at);
    if (f->later_user)
        return kh_error_by(err, KH_E_CONFLICT, KH_R_CHANGED_SINCE, f->later_user, f->later_at);
    /* What the change set must still be there; what it replaced comes back
     * (for a field written twice in one second before schema 3: the first
     * old value, the last new one). */
    *restored = f->now;
    for (size_t i = 0; i < n; i++) {
        const kh_history *h = &rows[i];
        if (!model_field_is_state(h->kind)) continue;
        bool first = true, last = true;
        for (size_t k = 0; k < n; k++) {
            if (rows[k].kind != h->kind) continue;
            if (k < i) first = false;
            if (k > i) last = false;
        }
        char buf[KH_FIELD_BUF];
        const char *now = model_field_get(&f->now, h->kind, buf);
        bool same = now && h->new_value ? !strcmp(now, h->new_value) : now == h->new_value;
        if (last && !same)
            return kh_error_by(err, KH_E_CONFLICT, KH_R_CHANGED_SINCE, f->updated_by,
                               f->updated_at);
        if (first && !model_field_apply(restored, h->kind, h->old_value))
            return kh_error_set(err, KH_E_DB, "%s: %s %s", f->task_id, h->field,
                                h->old_value ? h->old_value : "NULL");
    }
    return KH_E_OK;
}

kh_errcode app_last_change(kh_app *app, long task, kh_undo *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    const kh_plan *plan = app->plan;
    const char *task_id = task >= 0 && (size_t)task < plan->ntasks ? plan->tasks[task].id : NULL;
    if (!app->store) {
        kh_error_set(err, KH_E_NOT_FOUND, "%s%s%s", app_user(app), task_id ? ", " : "",
                     task_id ? task_id : "");
        if (err) err->reason = KH_R_NOTHING_TO_UNDO;
        return KH_E_NOT_FOUND;
    }
    kh_errcode rc = store_last_change(app->store, plan->id, app_user(app), task_id, &out->rows,
                                      &out->nrows, err);
    if (rc) return rc;
    /* A change the plan file brought (an export's history:): what it did is
     * that file's state, not a record of this database to take back. */
    if (app_change_imported(app, out->rows[0].change)) {
        rc = kh_error_set(err, KH_E_NOT_FOUND,
                          TR(app->lang,
                             "%s (thay đổi đến cùng tệp kế hoạch, từ cơ sở dữ liệu đã xuất nó)",
                             "%s (a change the plan file brought from the database it was "
                             "exported from)"),
                          out->rows[0].task_id);
        if (err) err->reason = KH_R_IMPORTED;
        app_undo_free(out);
        return rc;
    }
    long i = model_find_task(plan, out->rows[0].task_id);
    long target = model_find_target(plan, out->rows[0].task_id); /* app_target.c */
    if (i < 0 && target >= 0 && out->rows[0].kind == KF_MEASURE) {
        out->is_target = true;
        out->target = (size_t)target;
        out->change = out->rows[0].change;
        return KH_E_OK;
    }
    if (i < 0) {
        rc = kh_error_set(err, KH_E_NOT_FOUND,
                          TR(app->lang, "%s (nhiệm vụ không còn trong kế hoạch)",
                             "%s (a task the plan no longer has)"),
                          out->rows[0].task_id);
        if (err) err->reason = KH_R_TASK_GONE;
        app_undo_free(out);
        return rc;
    }
    out->task = (size_t)i;
    out->change = out->rows[0].change;
    return KH_E_OK;
}

kh_errcode app_undo(kh_app *app, const kh_undo *u, int64_t expected_version, kh_error *err)
{
    kh_plan *plan = app->plan;
    if (u->is_target) return app_target_undo(app, u, err); /* app_target.c */
    if (u->task >= plan->ntasks) return kh_error_set(err, KH_E_NOT_FOUND, "%zu", u->task);
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    /* A result or an amendment is a change of its own (issue 12). */
    if (app_undo_is_result(u)) return app_result_undo(app, u, err);
    if (app_undo_is_amend(u)) return app_amend_undo(app, u, err);
    if (app_undo_is_extend(u)) return app_extend_undo(app, u, err); /* app_extend.c */
    /* A confirmation or rejection is undone by those who may give one. */
    bool verdict = false;
    for (size_t i = 0; i < u->nrows; i++)
        if (u->rows[i].kind == KF_CONFIRMED || u->rows[i].kind == KF_REJECTED) verdict = true;
    kh_errcode rc =
        verdict ? app_check_confirm_rights(app, u->task, err) : app_check_rights(app, u->task, err);
    if (rc) return rc;
    kh_task *t = &plan->tasks[u->task];
    kh_state st;
    int withdrawn = 0;
    rc = store_undo(app->store, plan->id, t->id, u->change, t->base, expected_version,
                    app_user(app), (int64_t)time(NULL), app_undo_rule, &st, &withdrawn, err);
    if (rc) return rc;
    kh_record r = {st.status, st.progress, st.completed};
    model_record_put(t, &r);
    t->updated_at = st.updated_at;
    t->updated_by = st.updated_by[0] ? model_intern_user(plan, st.updated_by) : NULL;
    t->version = st.version;
    t->nnotes = t->nnotes > (uint32_t)withdrawn ? t->nnotes - (uint32_t)withdrawn : 0;
    /* What the undo did to verdicts and officers: read them again. */
    return app_confirm_reload(app, err);
}

void app_undo_free(kh_undo *u)
{
    store_history_free(u->rows, u->nrows);
    u->rows = NULL;
    u->nrows = 0;
}
