/* Results of tasks: the document that reports a task done and the file
 * kept for it in the attachments folder; taking one back by undo. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/model_field.h"
#include "kehoach/server_mode.h"
#include "kehoach/text.h"

enum { RESULT_DOC_MAX = 500 }; /* bytes of a result document's number and date */

kh_errcode app_attach_file(kh_app *app, const char *path, kh_attach *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    if (!app->store || !app->db_path)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    /* The file the user names is opened with the user's own ids (server
     * mode: the office group only for the folder). */
    server_as_user();
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    int oe = errno;
    server_as_group();
    if (fd < 0)
        return kh_error_set(err, oe == ENOENT ? KH_E_NOT_FOUND : KH_E_IO, "%s: %s", path,
                            kh_strerrno(oe));
    kh_errcode rc = store_attach_put_fd(app->db_path, fd, path, out->sha256, &out->size, err);
    if (rc) return rc;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    out->name = text_nfc(base, strlen(base));
    if (!out->name) out->name = xstrdup("?");
    return KH_E_OK;
}

void app_attach_done(kh_attach *a)
{
    free(a->name);
    a->name = NULL;
}

kh_errcode app_result_add(kh_app *app, size_t task, const char *doc, const kh_attach *file,
                          kh_error *err)
{
    kh_plan *plan = app->plan;
    if (task >= plan->ntasks) return kh_error_set(err, KH_E_NOT_FOUND, "%zu", task);
    kh_task *t = &plan->tasks[task];
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    kh_errcode rc = app_check_rights(app, task, err);
    if (rc) return rc;
    if (t->status != ST_DONE) return kh_error_set(err, KH_E_INVALID, "%s", t->id);
    char *clean = NULL;
    if (doc) {
        clean = text_nfc(doc, strlen(doc));
        if (!clean || !*clean || strlen(clean) > RESULT_DOC_MAX || strpbrk(clean, "\r\n")) {
            free(clean);
            return kh_error_set(err, KH_E_INVALID, "--doc");
        }
    }
    if (!clean && !file) return kh_error_set(err, KH_E_INVALID, "--doc, --file");
    kh_result_in r = {clean, file ? file->name : NULL, file ? file->sha256 : NULL,
                      file ? file->size : 0};
    rc = store_result_add(app->store, plan->id, t->id, &r, app_user(app), (int64_t)time(NULL), NULL,
                          err);
    free(clean);
    return rc;
}

kh_errcode app_results(const kh_app *app, const char *task_id, kh_result **out, size_t *n,
                       kh_error *err)
{
    *out = NULL;
    *n = 0;
    /* The results a plan file carries (an export's state) come first: they
     * were recorded before the database's. */
    kh_result *v = NULL;
    size_t len = 0, cap = 0;
    int64_t seq = 0;
    /* One task's: found by id, not by a walk over every task (at 100,000
     * tasks the walk was most of what Enter on the list cost). */
    size_t from = 0, to = app->plan->ntasks;
    if (task_id) {
        long k = model_find_task(app->plan, task_id);
        from = k < 0 ? to : (size_t)k;
        to = k < 0 ? to : (size_t)k + 1;
    }
    for (size_t i = from; i < to; i++) {
        const kh_task *t = &app->plan->tasks[i];
        if (!t->base) continue;
        for (uint32_t k = 0; k < t->base->nresults; k++) {
            const kh_base_result *b = &t->base->results[k];
            KH_GROW(v, len, cap);
            v[len++] = (kh_result){.id = --seq,
                                   .task_id = xstrdup(t->id),
                                   .doc = b->doc ? xstrdup(b->doc) : NULL,
                                   .file_name = b->file ? xstrdup(b->file) : NULL,
                                   .sha256 = b->sha256 ? xstrdup(b->sha256) : NULL,
                                   .size = b->size,
                                   .user = xstrdup(b->by ? b->by : ""),
                                   .at = b->at};
        }
    }
    if (!app->store) {
        *out = v;
        *n = len;
        return KH_E_OK;
    }
    kh_result *db;
    size_t ndb;
    kh_errcode rc = store_results(app->store, app->plan->id, task_id, false, &db, &ndb, err);
    if (rc) {
        store_results_free(v, len);
        return rc;
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

kh_errcode app_attachment_get(const kh_app *app, const char *task_id, size_t number, int fd,
                              kh_result *found, kh_error *err)
{
    kh_result *v;
    size_t n;
    kh_errcode rc = app_results(app, task_id, &v, &n, err);
    if (rc) return rc;
    /* The files of the task, numbered from 1 in the order they came. */
    size_t k = 0;
    const kh_result *r = NULL;
    for (size_t i = 0; i < n && !r; i++)
        if (v[i].sha256 && ++k == number) r = &v[i];
    if (!r) {
        rc = kh_error_set(err, KH_E_NOT_FOUND, "%s %zu", task_id, number);
    } else {
        if (found) {
            memset(found, 0, sizeof *found);
            found->size = r->size;
            found->file_name = r->file_name ? xstrdup(r->file_name) : NULL;
            found->sha256 = xstrdup(r->sha256);
        }
        rc = fd >= 0 ? store_attach_get(app->db_path, r->sha256, fd, err) : KH_E_OK;
    }
    store_results_free(v, n);
    return rc;
}

bool app_undo_is_result(const kh_undo *u)
{
    return u->nrows && u->rows[0].kind == KF_RESULT;
}

kh_errcode app_result_undo(kh_app *app, const kh_undo *u, kh_error *err)
{
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    kh_errcode rc = app_check_rights(app, u->task, err);
    if (rc) return rc;
    /* The file stays in the folder: it is named by its content, and another
     * result (of this task or another) may be the same file. */
    return store_result_withdraw(app->store, app->plan->id, app->plan->tasks[u->task].id, u->change,
                                 app_user(app), (int64_t)time(NULL), err);
}
