/* Confirmed completion (xác nhận hoàn thành), the officer in charge and
 * the kinds of notes: what a person can do, over src/store_confirm.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/app_confirm.h"
#include "kehoach/date.h"
#include "kehoach/store_confirm.h"
#include "kehoach/text.h"

enum { REASON_MAX_BYTES = 2000, OFFICER_MAX_BYTES = 200 };

/* Lay the state a change returned over task t. */
static void take_state(kh_app *app, kh_task *t, const kh_state *st)
{
    t->status = (uint8_t)st->status;
    t->progress = (uint8_t)st->progress;
    t->completed = st->completed;
    t->updated_at = st->updated_at;
    t->updated_by = st->updated_by[0] ? model_intern_user(app->plan, st->updated_by) : NULL;
    t->version = st->version;
}

kh_errcode app_confirm(kh_app *app, size_t task, kh_verdict verdict, const char *reason,
                       int64_t expected_version, kh_error *err)
{
    kh_plan *plan = app->plan;
    kh_lang lang = app->lang;
    if (task >= plan->ntasks) return kh_error_set(err, KH_E_NOT_FOUND, "%zu", task);
    kh_task *t = &plan->tasks[task];
    if (!t->confirmer) return kh_error_set(err, KH_E_CONFIRM_NONE, "%s", t->id);
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    kh_errcode rc = app_check_confirm_rights(app, task, err);
    if (rc) return rc;
    char *clean = NULL;
    if (verdict == VERDICT_REJECTED) {
        if (!reason) reason = "";
        rc = app_text_clean(lang, reason, TR(lang, "lý do trả lại", "the reason for rejecting"),
                            REASON_MAX_BYTES, &clean, err);
        if (rc) return rc;
    }
    kh_state st;
    rc = store_confirm(app->store, plan->id, t->id, t->base, verdict, clean, expected_version,
                       app->today, app_user(app), (int64_t)time(NULL), &st, err);
    if (rc == KH_E_CONFIRM_NOT_DONE || rc == KH_E_INVALID) {
        /* Say it in words: who confirmed it, or how the task stands. */
        char who[72];
        snprintf(who, sizeof who, "%.64s", err->detail);
        if (rc == KH_E_INVALID)
            kh_error_set(err, rc,
                         TR(lang, "%s: đã được xác nhận hoàn thành (%s)",
                            "%s: its completion is confirmed already (%s)"),
                         t->id, who);
        else
            kh_error_set(err, rc, "%s (%s)", t->id, model_task_status_name(t, lang));
    }
    if (rc) {
        free(clean);
        return rc;
    }
    take_state(app, t, &st);
    t->verdict = (uint8_t)verdict;
    t->verdict_by = model_intern_user(plan, app_user(app));
    t->verdict_at = st.updated_at;
    t->verdict_reason = clean ? model_intern_user(plan, clean) : NULL;
    app->reopened = st.reopen;
    if (t->sub_of) model_rollup(plan); /* its task is confirmed with its last sub-item */
    free(clean);
    return KH_E_OK;
}

kh_errcode app_assign(kh_app *app, size_t task, const char *name, int64_t expected_version,
                      kh_error *err)
{
    kh_plan *plan = app->plan;
    kh_lang lang = app->lang;
    if (task >= plan->ntasks) return kh_error_set(err, KH_E_NOT_FOUND, "%zu", task);
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    kh_errcode rc = app_check_rights(app, task, err);
    if (rc) return rc;
    char *clean = NULL;
    if (name && strspn(name, " \t\r\n") < strlen(name)) {
        rc = app_text_clean(lang, name, TR(lang, "tên cán bộ", "the officer's name"),
                            OFFICER_MAX_BYTES, &clean, err);
        if (rc) return rc;
        if (strchr(clean, '\n')) {
            free(clean);
            return kh_error_set(err, KH_E_INVALID, "%s",
                                TR(lang, "tên cán bộ phải trên một dòng",
                                   "the officer's name must be on one line"));
        }
    }
    kh_task *t = &plan->tasks[task];
    kh_state st;
    rc = store_assign(app->store, plan->id, t->id, t->base, clean, t->officer, expected_version,
                      app_user(app), (int64_t)time(NULL), &st, err);
    if (!rc) {
        take_state(app, t, &st);
        t->officer = clean ? model_intern_user(plan, clean) : NULL;
    }
    free(clean);
    return rc;
}

bool app_officer_match(const kh_task *t, const char *query_folded)
{
    if (!t->officer || !query_folded) return false;
    char *f = text_fold(t->officer);
    bool hit = f && strstr(f, query_folded) != NULL;
    free(f);
    return hit;
}

kh_errcode app_confirm_reload(kh_app *app, kh_error *err)
{
    if (!app->store) return KH_E_OK;
    for (size_t i = 0; i < app->plan->ntasks; i++) {
        kh_task *t = &app->plan->tasks[i];
        t->officer = t->plan_officer;
        t->verdict = VERDICT_NONE;
        t->verdict_by = t->verdict_reason = NULL;
        t->verdict_at = 0;
    }
    kh_errcode rc = store_confirm_load(app->store, app->plan, err);
    model_rollup(app->plan); /* a task with sub-items: confirmed with them */
    return rc;
}

kh_note_kind app_note_kind(const kh_note *n, const char **body)
{
    if (body) *body = n->text;
    if (n->kind != NOTE_PLAIN) return (kh_note_kind)n->kind;
    return model_note_kind_of_text(n->text ? n->text : "", body);
}

void app_filter_set_officer(kh_filter *f, const char *name)
{
    free(f->officer);
    f->officer = name && *name ? text_fold(name) : NULL;
}

bool app_confirm_words(strbuf *sb, const kh_plan *plan, const kh_task *t, kh_lang lang,
                       const char *waiting)
{
    if (!t->confirmer) return false;
    char when[17];
    sb_puts(sb, plan->units[t->confirmer - 1].name);
    if (t->status == ST_DONE && t->verdict == VERDICT_CONFIRMED)
        sb_printf(sb, TR(lang, " — đã xác nhận (%s, %s)", " — confirmed (%s, %s)"),
                  t->verdict_by ? t->verdict_by : "?",
                  date_format_local_time((time_t)t->verdict_at, when));
    else if (t->status == ST_DONE)
        sb_printf(sb, TR(lang, " — chờ xác nhận (%s)", " — waiting (%s)"), waiting);
    else if (t->verdict == VERDICT_REJECTED)
        sb_printf(sb, TR(lang, " — đã trả lại (%s, %s): %s", " — rejected (%s, %s): %s"),
                  t->verdict_by ? t->verdict_by : "?",
                  date_format_local_time((time_t)t->verdict_at, when),
                  t->verdict_reason ? t->verdict_reason : "");
    return true;
}
