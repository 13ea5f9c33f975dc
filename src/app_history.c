/* The history of changes, and in words (undo is in app_undo.c). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/app.h"

/* Whether the plan file's row h passes filter f. */
static bool file_row_passes(const kh_base_history *h, const kh_history_filter *f)
{
    if (!f) return true;
    if (f->task_id && strcmp(h->task, f->task_id) != 0) return false;
    if (f->user && strcmp(h->user, f->user) != 0) return false;
    return !f->since || h->at >= f->since;
}

kh_errcode app_history(const kh_app *app, const kh_history_filter *f, kh_history **out, size_t *n,
                       kh_error *err)
{
    *out = NULL;
    *n = 0;
    kh_history *db = NULL;
    size_t ndb = 0;
    if (app->store) {
        kh_errcode rc = store_history_query(app->store, app->plan->id, f, &db, &ndb, err);
        if (rc) return rc;
    }
    /* The plan file's `history:` not in the database (none yet, or one
     * that cannot be written): shown before it, as what happened first. */
    const kh_plan *plan = app->plan;
    size_t nfile = 0;
    if (!app->history_in_db)
        for (size_t i = 0; i < plan->nhistory; i++) nfile += file_row_passes(&plan->history[i], f);
    if (!nfile) {
        *out = db;
        *n = ndb;
        return KH_E_OK;
    }
    kh_history *v = xreallocarray(NULL, nfile + ndb, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < plan->nhistory; i++) {
        const kh_base_history *h = &plan->history[i];
        if (!file_row_passes(h, f)) continue;
        v[k++] = (kh_history){0,
                              xstrdup(h->task),
                              xstrdup(h->field),
                              model_field_parse(h->field),
                              h->old_value ? xstrdup(h->old_value) : NULL,
                              h->new_value ? xstrdup(h->new_value) : NULL,
                              xstrdup(h->user),
                              h->at,
                              h->change,
                              h->undo_of,
                              h->effective};
    }
    if (ndb) memcpy(v + k, db, ndb * sizeof *db);
    free(db);
    *out = v;
    *n = k + ndb;
    return KH_E_OK;
}

kh_errcode app_history_import(kh_app *app, kh_error *err)
{
    free(app->imported);
    app->imported = NULL;
    app->nimported = 0;
    app->history_in_db = false;
    const kh_plan *plan = app->plan;
    if (!app->store || !plan->nhistory) return KH_E_OK;
    size_t added;
    kh_errcode rc = store_history_import(app->store, plan->id, plan->history, plan->nhistory,
                                         &app->imported, &app->nimported, &added, err);
    /* Opened to look, or cannot be written: left as it is, the rows shown
     * from the file (unless every one is there already: rc 0). */
    if (rc == KH_E_DB_READONLY || rc == KH_E_DB_PERM) {
        kh_error_set(err, KH_E_OK, "%s", "");
        return KH_E_OK;
    }
    if (!rc) app->history_in_db = true;
    return rc;
}

static int cmp_change(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

bool app_change_imported(const kh_app *app, int64_t change)
{
    return app->nimported &&
           bsearch(&change, app->imported, app->nimported, sizeof change, cmp_change);
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

void app_history_words(strbuf *out, const kh_history *h, kh_lang lang)
{
    kh_field f = h->kind;
    if (f == KF_AMEND || f == KF_AMEND_WITHDRAWN) { /* in words, the day as dd/mm/yyyy */
        sb_printf(out, "%s: ", model_field_name(f, lang));
        const char *v = f == KF_AMEND ? h->new_value : h->old_value;
        if (v) model_field_words(out, f, v, lang);
    } else if (f == KF_NOTE || f == KF_RESULT) {
        sb_printf(out, "%s: %s", model_field_name(f, lang), h->new_value ? h->new_value : "");
    } else if (f == KF_NOTE_WITHDRAWN || f == KF_RESULT_WITHDRAWN) {
        sb_printf(out, "%s: %s", model_field_name(f, lang), h->old_value ? h->old_value : "");
    } else if (f == KF_CONFIRMED) { /* an undo's row: the confirmation taken back */
        sb_puts(out, h->new_value
                         ? model_field_name(f, lang)
                         : TR(lang, "rút lại xác nhận hoàn thành", "confirmation withdrawn"));
    } else if (f == KF_REJECTED) {
        sb_printf(out, "%s: %s",
                  h->new_value ? model_field_name(f, lang)
                               : TR(lang, "rút lại việc trả lại", "rejection withdrawn"),
                  h->new_value   ? h->new_value
                  : h->old_value ? h->old_value
                                 : "");
    } else {
        const char *name = model_field_name(f, lang);
        sb_printf(out, "%s: ", name ? name : h->field ? h->field : "");
        model_field_words(out, f, h->old_value, lang);
        sb_puts(out, " → ");
        model_field_words(out, f, h->new_value, lang);
    }
    if (h->undo_of && f != KF_NOTE_WITHDRAWN && f != KF_RESULT_WITHDRAWN && f != KF_AMEND_WITHDRAWN)
        sb_puts(out, TR(lang, " (hoàn tác)", " (undo)"));
}
