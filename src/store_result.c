/* The result documents of tasks: SQL for the `result` table, and the schema
 * step that adds it and the amendments' table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/date.h"
#include "kehoach/store.h"
#include "kehoach/util.h"
#include "store_chain.h"
#include "store_int.h"

/* Schema 6 -> 7. A result and an amendment are rows of their own (each
 * fact in a column, so the history chain can cover them); like notes they
 * are withdrawn by an undo, never deleted or changed. */
const char store_migration_results[] =
    "CREATE TABLE result ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id TEXT NOT NULL,"
    "  task_id TEXT NOT NULL,"
    "  doc TEXT,"
    "  file_name TEXT,"
    "  sha256 TEXT CHECK (sha256 IS NULL OR length(sha256) = 64),"
    "  size INTEGER NOT NULL DEFAULT 0,"
    "  user TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  change_id INTEGER NOT NULL,"
    "  withdrawn INTEGER,"
    "  CHECK (doc IS NOT NULL OR sha256 IS NOT NULL)"
    ");"
    "CREATE INDEX result_by_task ON result (plan_id, task_id, id);"
    "CREATE TRIGGER result_no_delete BEFORE DELETE ON result"
    " BEGIN SELECT RAISE(ABORT, 'results are never deleted'); END;"
    "CREATE TRIGGER result_withdraw_only BEFORE UPDATE ON result"
    " WHEN OLD.withdrawn IS NOT NULL OR NEW.withdrawn IS NULL OR NEW.id IS NOT OLD.id"
    " OR NEW.plan_id IS NOT OLD.plan_id OR NEW.task_id IS NOT OLD.task_id"
    " OR NEW.doc IS NOT OLD.doc OR NEW.file_name IS NOT OLD.file_name"
    " OR NEW.sha256 IS NOT OLD.sha256 OR NEW.size IS NOT OLD.size OR NEW.user IS NOT OLD.user"
    " OR NEW.at IS NOT OLD.at OR NEW.change_id IS NOT OLD.change_id"
    " BEGIN SELECT RAISE(ABORT, 'a result is never changed, only withdrawn once'); END;"
    "CREATE TABLE amendment ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id TEXT NOT NULL,"
    "  task_id TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('add', 'change', 'withdraw')),"
    "  text TEXT,"
    "  lead TEXT,"
    "  deadline TEXT,"
    "  doc TEXT NOT NULL,"
    "  user TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  change_id INTEGER NOT NULL,"
    "  withdrawn INTEGER"
    ");"
    "CREATE INDEX amendment_by_plan ON amendment (plan_id, id);"
    "CREATE TRIGGER amendment_no_delete BEFORE DELETE ON amendment"
    " BEGIN SELECT RAISE(ABORT, 'amendments are never deleted'); END;"
    "CREATE TRIGGER amendment_withdraw_only BEFORE UPDATE ON amendment"
    " WHEN OLD.withdrawn IS NOT NULL OR NEW.withdrawn IS NULL OR NEW.id IS NOT OLD.id"
    " OR NEW.plan_id IS NOT OLD.plan_id OR NEW.task_id IS NOT OLD.task_id"
    " OR NEW.kind IS NOT OLD.kind OR NEW.text IS NOT OLD.text OR NEW.lead IS NOT OLD.lead"
    " OR NEW.deadline IS NOT OLD.deadline OR NEW.doc IS NOT OLD.doc"
    " OR NEW.user IS NOT OLD.user OR NEW.at IS NOT OLD.at OR NEW.change_id IS NOT OLD.change_id"
    " BEGIN SELECT RAISE(ABORT, 'an amendment is never changed, only withdrawn once'); END;";

/* For a reader of a database from before schema 7: empty stand-ins with the
 * columns it reads (temporary: nothing is written to the file). */
const char store_result_compat[] =
    "CREATE TEMP TABLE result (id INTEGER PRIMARY KEY, plan_id TEXT, task_id TEXT, doc TEXT,"
    " file_name TEXT, sha256 TEXT, size INTEGER, user TEXT, at TEXT, change_id INTEGER,"
    " withdrawn INTEGER);"
    "CREATE TEMP TABLE amendment (id INTEGER PRIMARY KEY, plan_id TEXT, task_id TEXT, kind TEXT,"
    " text TEXT, lead TEXT, deadline TEXT, doc TEXT, user TEXT, at TEXT, change_id INTEGER,"
    " withdrawn INTEGER);";

/* The words a history row gives a result: its document, then its file. */
static void result_words(strbuf *sb, const kh_result_in *r)
{
    if (r->doc) sb_puts(sb, r->doc);
    if (r->file_name)
        sb_printf(sb, "%s%s (sha256 %s)", r->doc ? "; " : "", r->file_name, r->sha256);
}

kh_errcode store_result_add(kh_store *s, const char *plan_id, const char *task_id,
                            const kh_result_in *r, const char *user, int64_t now, int64_t *change,
                            kh_error *err)
{
    if (!r->doc && !r->sha256) return kh_error_set(err, KH_E_INVALID, "%s", task_id);
    kh_errcode e = store_write_begin(s, err);
    if (e) return e;
    store_change c;
    e = store_change_start(&c, s, plan_id, task_id, user, now, 0, err);
    sqlite3 *db = store_sqlite(s);
    sqlite3_stmt *st = NULL;
    int rc = SQLITE_OK;
    if (!e) {
        rc = sqlite3_prepare_v2(db,
                                "INSERT INTO result (plan_id, task_id, doc, file_name, sha256,"
                                " size, user, at, change_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
                                " ?8, ?9)",
                                -1, &st, NULL);
        if (rc == SQLITE_OK) {
            store_bind_text(st, 1, plan_id);
            store_bind_text(st, 2, task_id);
            store_bind_text(st, 3, r->doc);
            store_bind_text(st, 4, r->file_name);
            store_bind_text(st, 5, r->sha256);
            sqlite3_bind_int64(st, 6, r->size);
            store_bind_text(st, 7, user);
            store_bind_text(st, 8, c.at);
            sqlite3_bind_int64(st, 9, c.change);
            rc = sqlite3_step(st);
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) e = store_sqlite_fail(s, rc, err);
        /* The record is chained like its history row (store_chain.c). */
        if (!e) e = store_chain_link(s, "result", sqlite3_last_insert_rowid(db), err);
    }
    if (!e) {
        strbuf sb = STRBUF_INIT;
        result_words(&sb, r);
        e = store_change_row(&c, "result", NULL, sb_str(&sb), err);
        sb_done(&sb);
    }
    e = store_write_end(s, e, err);
    if (!e && change) *change = c.change;
    return e;
}

const char store_results_sql[] = "SELECT id, task_id, doc, file_name, sha256, size, user, at,"
                                 " change_id, withdrawn FROM result WHERE plan_id = ?1"
                                 " AND (?2 IS NULL OR task_id = ?2) AND (?3 OR withdrawn IS NULL)"
                                 " ORDER BY id";

kh_errcode store_results(kh_store *s, const char *plan_id, const char *task_id, bool withdrawn_too,
                         kh_result **out, size_t *n, kh_error *err)
{
    *out = NULL;
    *n = 0;
    if (!store_has_table(s, "result")) return KH_E_OK;
    sqlite3_stmt *st;
    /* Kept (store_stmt_get): the detail reads a task's results at every
     * Enter, and store_warm prepares it after the first frame. */
    int rc = store_stmt_get(s, store_results_sql, &st);
    if (rc != SQLITE_OK) return store_sqlite_fail(s, rc, err);
    store_bind_text(st, 1, plan_id);
    store_bind_text(st, 2, task_id);
    sqlite3_bind_int(st, 3, withdrawn_too);
    kh_result *v = NULL;
    size_t len = 0, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == cap) v = xreallocarray(v, cap = cap ? cap * 2 : 8, sizeof *v);
        v[len++] =
            (kh_result){sqlite3_column_int64(st, 0), store_text_col(st, 1),
                        store_text_col(st, 2),       store_text_col(st, 3),
                        store_text_col(st, 4),       sqlite3_column_int64(st, 5),
                        store_text_col(st, 6),       store_time_col(st, 7),
                        sqlite3_column_int64(st, 8), sqlite3_column_type(st, 9) != SQLITE_NULL};
    }
    store_stmt_put(s, st);
    if (rc != SQLITE_DONE) {
        store_results_free(v, len);
        return store_sqlite_fail(s, rc, err);
    }
    *out = v;
    *n = len;
    return KH_E_OK;
}

void store_results_free(kh_result *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(r[i].task_id);
        free(r[i].doc);
        free(r[i].file_name);
        free(r[i].sha256);
        free(r[i].user);
    }
    free(r);
}

kh_errcode store_mark_withdrawn(kh_store *s, const char *table, int64_t id, int64_t change,
                                kh_error *err)
{
    /* table is one of three constants, never text from outside. */
    const char *sql = !strcmp(table, "result") ? "UPDATE result SET withdrawn = ?2 WHERE id = ?1"
                      : !strcmp(table, "extension")
                          ? "UPDATE extension SET withdrawn = ?2 WHERE id = ?1"
                          : "UPDATE amendment SET withdrawn = ?2 WHERE id = ?1";
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(store_sqlite(s), sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int64(st, 2, change);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return store_sqlite_fail(s, rc, err);
    /* The mark is a record of its own in the chain, as a note's is. */
    const char *kind = !strcmp(table, "result")      ? "result-withdrawn"
                       : !strcmp(table, "extension") ? "extension-withdrawn"
                                                     : "amendment-withdrawn";
    return store_chain_link(s, kind, id, err);
}

kh_errcode store_result_withdraw(kh_store *s, const char *plan_id, const char *task_id,
                                 int64_t change, const char *user, int64_t now, kh_error *err)
{
    if (!store_has_table(s, "result")) return kh_error_set(err, KH_E_NOT_FOUND, "%s", task_id);
    kh_errcode e = store_write_begin(s, err);
    if (e) return e;
    sqlite3 *db = store_sqlite(s);
    sqlite3_stmt *st;
    int64_t id = 0;
    kh_result_in r = {0};
    char *doc = NULL, *name = NULL, *sha = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT id, doc, file_name, sha256 FROM result WHERE plan_id = ?1"
                                " AND task_id = ?2 AND change_id = ?3 AND user = ?4"
                                " AND withdrawn IS NULL",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        store_bind_text(st, 1, plan_id);
        store_bind_text(st, 2, task_id);
        sqlite3_bind_int64(st, 3, change);
        store_bind_text(st, 4, user);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            r.doc = doc = store_text_col(st, 1);
            r.file_name = name = store_text_col(st, 2);
            r.sha256 = sha = store_text_col(st, 3);
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) e = store_sqlite_fail(s, rc, err);
    if (!e && !id) e = kh_error_set(err, KH_E_NOT_FOUND, "%s, %s", user, task_id);
    store_change c;
    if (!e) e = store_change_start(&c, s, plan_id, task_id, user, now, change, err);
    if (!e) e = store_mark_withdrawn(s, "result", id, c.change, err);
    if (!e) {
        strbuf sb = STRBUF_INIT;
        result_words(&sb, &r);
        e = store_change_row(&c, "result-withdrawn", sb_str(&sb), NULL, err);
        sb_done(&sb);
    }
    free(doc);
    free(name);
    free(sha);
    return store_write_end(s, e, err);
}
