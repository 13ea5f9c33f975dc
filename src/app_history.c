/* The history of changes, in words, and undoing a change: the last change
 * of this user (on one task or on any), reverted by a new change that puts
 * the old values back, refused when someone else changed the task since. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/app.h"

kh_errcode app_history(const kh_app *app, const kh_history_filter *f, kh_history **out, size_t *n,
                       kh_error *err)
{
    *out = NULL;
    *n = 0;
    if (!app->store) return KH_E_OK; /* no database yet: nothing has happened */
    return store_history_query(app->store, app->plan->id, f, out, n, err);
}

int64_t app_day_start(kh_date d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = dd;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

/* Append a value in words: statuses by name, progress in percent, dates
 * as dd/mm/yyyy, "—" for none. */
static void value_words(strbuf *out, const char *field, const char *v, kh_lang lang)
{
    if (!v) {
        sb_puts(out, "—");
    } else if (!strcmp(field, "status")) {
        int s = model_status_parse(v);
        sb_puts(out, s >= 0 ? model_status_name((kh_status)s, lang) : v);
    } else if (!strcmp(field, "progress")) {
        sb_printf(out, "%s%%", v);
    } else if (!strcmp(field, "completed")) {
        kh_date d;
        char buf[11];
        sb_puts(out, date_parse(v, &d) == DATE_OK ? date_format_dmy(d, buf) : v);
    } else {
        sb_puts(out, v);
    }
}

void app_history_words(strbuf *out, const kh_history *h, kh_lang lang)
{
    const char *f = h->field ? h->field : "";
    if (!strcmp(f, "note")) {
        sb_printf(out, "%s: %s", TR(lang, "ghi chú", "note"), h->new_value ? h->new_value : "");
    } else if (!strcmp(f, "result") || !strcmp(f, "amend")) {
        sb_printf(out, "%s: %s",
                  *f == 'r' ? TR(lang, "kết quả", "result") : TR(lang, "điều chỉnh", "amendment"),
                  h->new_value ? h->new_value : "");
    } else if (!strcmp(f, "result-withdrawn") || !strcmp(f, "amend-withdrawn")) {
        sb_printf(out, "%s: %s",
                  *f == 'r' ? TR(lang, "rút lại kết quả", "result withdrawn")
                            : TR(lang, "rút lại điều chỉnh", "amendment withdrawn"),
                  h->old_value ? h->old_value : "");
    } else if (!strcmp(f, "note-withdrawn")) {
        sb_printf(out, "%s: %s", TR(lang, "rút lại ghi chú", "note withdrawn"),
                  h->old_value ? h->old_value : "");
    } else {
        const char *name = !strcmp(f, "status")      ? TR(lang, "trạng thái", "status")
                           : !strcmp(f, "progress")  ? TR(lang, "tiến độ", "progress")
                           : !strcmp(f, "completed") ? TR(lang, "ngày hoàn thành", "completed")
                                                     : f;
        sb_printf(out, "%s: ", name);
        value_words(out, f, h->old_value, lang);
        sb_puts(out, " → ");
        value_words(out, f, h->new_value, lang);
    }
    if (h->undo_of && strcmp(f, "note-withdrawn") != 0 && strcmp(f, "result-withdrawn") != 0 &&
        strcmp(f, "amend-withdrawn") != 0)
        sb_puts(out, TR(lang, " (hoàn tác)", " (undo)"));
}

kh_errcode app_last_change(kh_app *app, long task, kh_undo *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    const kh_plan *plan = app->plan;
    const char *task_id = task >= 0 && (size_t)task < plan->ntasks ? plan->tasks[task].id : NULL;
    if (!app->store)
        return kh_error_set(err, KH_E_NOT_FOUND, "%s%s%s", app->user ? app->user : "?",
                            task_id ? ", " : "", task_id ? task_id : "");
    kh_errcode rc = store_last_change(app->store, plan->id, app->user ? app->user : "", task_id,
                                      &out->rows, &out->nrows, err);
    if (rc) return rc;
    long i = model_find_task(plan, out->rows[0].task_id);
    if (i < 0) {
        rc = kh_error_set(err, KH_E_NOT_FOUND,
                          TR(app->lang, "%s (nhiệm vụ không còn trong kế hoạch)",
                             "%s (a task the plan no longer has)"),
                          out->rows[0].task_id);
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
    if (u->task >= plan->ntasks) return kh_error_set(err, KH_E_NOT_FOUND, "%zu", u->task);
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    if (app_undo_is_result(u)) return app_result_undo(app, u, err);
    if (app_undo_is_amend(u)) return app_amend_undo(app, u, err);
    kh_errcode rc = app_check_rights(app, u->task, err);
    if (rc) return rc;
    kh_task *t = &plan->tasks[u->task];
    kh_state st;
    int withdrawn = 0;
    rc = store_undo(app->store, plan->id, t->id, u->change, t->base, expected_version,
                    app->user ? app->user : "", (int64_t)time(NULL), &st, &withdrawn, err);
    if (rc) return rc;
    t->status = (uint8_t)st.status;
    t->progress = (uint8_t)st.progress;
    t->completed = st.completed;
    t->updated_at = st.updated_at;
    t->updated_by = st.updated_by[0] ? model_intern_user(plan, st.updated_by) : NULL;
    t->version = st.version;
    t->nnotes = t->nnotes > (uint32_t)withdrawn ? t->nnotes - (uint32_t)withdrawn : 0;
    return KH_E_OK;
}

void app_undo_free(kh_undo *u)
{
    store_history_free(u->rows, u->nrows);
    u->rows = NULL;
    u->nrows = 0;
}
