/* Extending a task's deadline by a document (gia hạn), and taking an
 * extension back by undo. The plan's deadline stays; the last extension is
 * the deadline timeliness is judged by. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/app_confirm.h"

enum { EXTEND_DOC_MAX = 500, EXTEND_REASON_MAX = 2000 };

/* Clean text that must stay on one line (a document's number and date). */
static kh_errcode one_line(kh_lang lang, const char *text, const char *what, size_t max, char **out,
                           kh_error *err)
{
    kh_errcode rc = app_text_clean(lang, text, what, max, out, err);
    if (rc) return rc;
    if (strpbrk(*out, "\r\n")) {
        free(*out);
        *out = NULL;
        return kh_error_set(err, KH_E_INVALID,
                            TR(lang, "%s phải trên một dòng", "%s must be on one line"), what);
    }
    return KH_E_OK;
}

/* Lay task t's extensions, read again from the store, over it. */
static kh_errcode lay_extensions(kh_app *app, kh_task *t, kh_error *err)
{
    kh_extension *v;
    size_t n;
    kh_errcode rc = store_extensions(app->store, app->plan->id, t->id, false, &v, &n, err);
    if (rc) return rc;
    if (t->nextensions) t->due = t->due_original;
    t->nextensions = 0;
    t->extension_doc = t->extension_reason = NULL;
    model_task_base_extend(t); /* an export's, then the database's */
    for (size_t i = 0; i < n; i++) {
        if (v[i].due == KH_NO_DATE) continue;
        if (!t->nextensions) t->due_original = t->due;
        t->nextensions++;
        t->due = v[i].due;
        t->extension_doc = model_intern_user(app->plan, v[i].doc);
        t->extension_reason = v[i].reason ? model_intern_user(app->plan, v[i].reason) : NULL;
    }
    store_extensions_free(v, n);
    return KH_E_OK;
}

kh_errcode app_extend(kh_app *app, size_t task, kh_date to, const char *doc, const char *reason,
                      kh_error *err)
{
    kh_plan *plan = app->plan;
    kh_lang lang = app->lang;
    if (task >= plan->ntasks) return kh_error_set(err, KH_E_NOT_FOUND, "%zu", task);
    kh_task *t = &plan->tasks[task];
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    kh_errcode rc = app_check_rights(app, task, err);
    if (rc) return rc;
    char day[11];
    if (to == KH_NO_DATE) return kh_error_set(err, KH_E_INVALID, "%s", TR(lang, "ngày?", "day?"));
    if (t->dl_kind == DL_CONTINUOUS || t->dl_kind == DL_NONE || t->due == KH_NO_DATE)
        return kh_error_set(err, KH_E_INVALID,
                            TR(lang, "%s không có hạn theo ngày (%s): không có gì để gia hạn",
                               "%s has no deadline day (%s): nothing to extend"),
                            t->id,
                            t->dl_kind == DL_CONTINUOUS ? TR(lang, "thường xuyên", "continuous")
                                                        : TR(lang, "không xác định", "not set"));
    if (model_task_withdrawn(t))
        return kh_error_set(err, KH_E_INVALID, TR(lang, "%s đã dừng thực hiện", "%s is withdrawn"),
                            t->id);
    if (to == t->due)
        return kh_error_set(err, KH_E_INVALID,
                            TR(lang, "%s đã có hạn %s", "%s is due on %s already"), t->id,
                            date_format_dmy(to, day));
    char *cdoc = NULL, *creason = NULL;
    rc = one_line(lang, doc ? doc : "", TR(lang, "văn bản gia hạn (--doc)", "the document (--doc)"),
                  EXTEND_DOC_MAX, &cdoc, err);
    if (!rc && reason)
        rc = app_text_clean(lang, reason, TR(lang, "lý do (--reason)", "the reason (--reason)"),
                            EXTEND_REASON_MAX, &creason, err);
    if (!rc) {
        kh_extension_in x = {to, t->due, cdoc, creason, app->today};
        rc = store_extend_add(app->store, plan->id, t->id, &x, app_user(app), (int64_t)time(NULL),
                              NULL, err);
    }
    if (!rc) {
        if (!t->nextensions) t->due_original = t->due;
        t->nextensions++;
        t->due = to;
        t->extension_doc = model_intern_user(plan, cdoc);
        t->extension_reason = creason ? model_intern_user(plan, creason) : NULL;
    }
    free(cdoc);
    free(creason);
    return rc;
}

/* By task id, then the plan file's (id 0, in order) before the database's. */
static int cmp_extension(const void *a, const void *b)
{
    const kh_extension *x = a, *y = b;
    int c = strcmp(x->task_id, y->task_id);
    if (c) return c;
    if (x->change != y->change) return x->change < y->change ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

kh_errcode app_extensions(const kh_app *app, const char *task_id, kh_extension **out, size_t *n,
                          kh_error *err)
{
    *out = NULL;
    *n = 0;
    kh_extension *v = NULL;
    size_t len = 0, cap = 0;
    if (app->store) {
        kh_errcode rc = store_extensions(app->store, app->plan->id, task_id, false, &v, &len, err);
        if (rc) return rc;
        cap = len;
    }
    /* The extensions a plan file carries (an export's state) come first. */
    size_t from_store = len;
    int64_t seq = 0;
    for (size_t i = 0; i < app->plan->ntasks; i++) {
        const kh_task *t = &app->plan->tasks[i];
        if (!t->base || (task_id && strcmp(t->id, task_id) != 0)) continue;
        for (uint32_t k = 0; k < t->base->nextensions; k++) {
            const kh_base_extension *b = &t->base->extensions[k];
            KH_GROW(v, len, cap);
            v[len++] = (kh_extension){.id = ++seq,
                                      .task_id = xstrdup(t->id),
                                      .due = b->to,
                                      .doc = xstrdup(b->doc),
                                      .reason = b->reason ? xstrdup(b->reason) : NULL,
                                      .user = xstrdup(b->by ? b->by : ""),
                                      .at = b->at};
        }
    }
    /* The plan's have change 0; the database's their change (from 1). */
    if (len > from_store) qsort(v, len, sizeof *v, cmp_extension);
    *out = v;
    *n = len;
    return KH_E_OK;
}

bool app_undo_is_extend(const kh_undo *u)
{
    return u->nrows && u->rows[0].kind == KF_EXTEND;
}

kh_errcode app_extend_undo(kh_app *app, const kh_undo *u, kh_error *err)
{
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    if (u->task >= app->plan->ntasks) return kh_error_set(err, KH_E_NOT_FOUND, "%zu", u->task);
    kh_errcode rc = app_check_rights(app, u->task, err);
    if (rc) return rc;
    kh_task *t = &app->plan->tasks[u->task];
    rc = store_extend_withdraw(app->store, app->plan->id, t->id, u->change, app_user(app),
                               (int64_t)time(NULL), err);
    return rc ? rc : lay_extensions(app, t, err);
}
