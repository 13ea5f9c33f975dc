/* Deadline extensions (gia hạn) and the day a change takes effect: SQL for
 * the `extension` and `change_day` tables, and the schema step (7 -> 8)
 * that adds them and lets a task be withdrawn. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/date.h"
#include "kehoach/store.h"
#include "kehoach/util.h"
#include "store_chain.h"
#include "store_int.h"

/* Schema 7 -> 8. An extension is a row of its own, chained, withdrawn by an
 * undo, never deleted or changed. change_day keeps the day a change takes
 * effect (--today, --on) beside its real time, when they differ. Then
 * store_extend_states lets task_state hold 'withdrawn'. */
const char store_migration_extend[] =
    "CREATE TABLE extension ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id TEXT NOT NULL,"
    "  task_id TEXT NOT NULL,"
    "  due TEXT NOT NULL,"
    "  doc TEXT NOT NULL,"
    "  reason TEXT,"
    "  user TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  change_id INTEGER NOT NULL,"
    "  withdrawn INTEGER"
    ");"
    "CREATE INDEX extension_by_task ON extension (plan_id, task_id, id);"
    "CREATE TRIGGER extension_no_delete BEFORE DELETE ON extension"
    " BEGIN SELECT RAISE(ABORT, 'extensions are never deleted'); END;"
    "CREATE TRIGGER extension_withdraw_only BEFORE UPDATE ON extension"
    " WHEN OLD.withdrawn IS NOT NULL OR NEW.withdrawn IS NULL OR NEW.id IS NOT OLD.id"
    " OR NEW.plan_id IS NOT OLD.plan_id OR NEW.task_id IS NOT OLD.task_id"
    " OR NEW.due IS NOT OLD.due OR NEW.doc IS NOT OLD.doc OR NEW.reason IS NOT OLD.reason"
    " OR NEW.user IS NOT OLD.user OR NEW.at IS NOT OLD.at OR NEW.change_id IS NOT OLD.change_id"
    " BEGIN SELECT RAISE(ABORT, 'an extension is never changed, only withdrawn once'); END;"
    "CREATE TABLE change_day ("
    "  change_id INTEGER PRIMARY KEY,"
    "  plan_id TEXT NOT NULL,"
    "  day TEXT NOT NULL"
    ");"
    "CREATE TRIGGER change_day_no_update BEFORE UPDATE ON change_day"
    " BEGIN SELECT RAISE(ABORT, 'the day of a change is never changed'); END;"
    "CREATE TRIGGER change_day_no_delete BEFORE DELETE ON change_day"
    " BEGIN SELECT RAISE(ABORT, 'the day of a change is never deleted'); END;";

/* task_state made again for its status check to allow 'withdrawn' (SQLite
 * cannot change a CHECK in place); every row copied as it is. */
static const char states_again[] =
    "CREATE TABLE task_state_8 ("
    "  plan_id TEXT NOT NULL,"
    "  task_id TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'blocked', 'done', 'withdrawn')),"
    "  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
    "  completed TEXT,"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  PRIMARY KEY (plan_id, task_id)"
    ") WITHOUT ROWID;"
    "INSERT INTO task_state_8 (plan_id, task_id, status, progress, completed, updated_at,"
    " updated_by, version) SELECT plan_id, task_id, status, progress, completed, updated_at,"
    " updated_by, version FROM task_state;"
    "DROP TABLE task_state;"
    "ALTER TABLE task_state_8 RENAME TO task_state;";

kh_errcode store_extend_states(kh_store *s, kh_error *err)
{
    /* A database made with schema 8's step 1 allows it already: nothing to
     * make again (and no pages left free in a new file). */
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(store_sqlite(s),
                                "SELECT sql LIKE '%''withdrawn''%' FROM sqlite_master"
                                " WHERE type = 'table' AND name = 'task_state'",
                                -1, &st, NULL);
    if (rc != SQLITE_OK) return store_sqlite_fail(s, rc, err);
    rc = sqlite3_step(st);
    bool has = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_sqlite_fail(s, rc, err);
    if (has) return KH_E_OK;
    rc = sqlite3_exec(store_sqlite(s), states_again, NULL, NULL, NULL);
    return rc == SQLITE_OK ? KH_E_OK : store_sqlite_fail(s, rc, err);
}

/* For a reader of a database from before schema 8: empty stand-ins. */
const char store_extend_compat[] =
    "CREATE TEMP TABLE extension (id INTEGER PRIMARY KEY, plan_id TEXT, task_id TEXT, due TEXT,"
    " doc TEXT, reason TEXT, user TEXT, at TEXT, change_id INTEGER, withdrawn INTEGER);"
    "CREATE TEMP TABLE change_day (change_id INTEGER PRIMARY KEY, plan_id TEXT, day TEXT);";

kh_errcode store_change_day(kh_store *s, const char *plan_id, int64_t change, kh_date day,
                            int64_t when, kh_error *err)
{
    if (day == 0 || day == KH_NO_DATE || day == date_of_time((time_t)when)) return KH_E_OK;
    sqlite3 *db = store_sqlite(s);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(
        db, "INSERT INTO change_day (change_id, plan_id, day) VALUES (?1, ?2, ?3)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        char iso[11];
        sqlite3_bind_int64(st, 1, change);
        store_bind_text(st, 2, plan_id);
        store_bind_text(st, 3, date_format_iso(day, iso));
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return store_sqlite_fail(s, rc, err);
    return store_chain_link(s, "change-day", change, err);
}

/* The words a history row gives an extension: its day, then its document
 * and reason ("2023-06-15; Công văn 45/UBND; lý do"). */
static void extension_words(strbuf *sb, const char *due, const char *doc, const char *reason)
{
    sb_printf(sb, "%s; %s", due, doc);
    if (reason) sb_printf(sb, "; %s", reason);
}

kh_errcode store_extend_add(kh_store *s, const char *plan_id, const char *task_id,
                            const kh_extension_in *x, const char *user, int64_t now,
                            int64_t *change, kh_error *err)
{
    if (!x->doc || x->due == KH_NO_DATE) return kh_error_set(err, KH_E_INVALID, "%s", task_id);
    if (!store_has_table(s, "extension") || store_read_only(s))
        return kh_error_set(err, KH_E_DB_READONLY, "%s", store_path(s));
    kh_errcode e = store_write_begin(s, err);
    if (e) return e;
    store_change c;
    e = store_change_start(&c, s, plan_id, task_id, user, now, 0, err);
    sqlite3 *db = store_sqlite(s);
    char due[11];
    date_format_iso(x->due, due);
    if (!e) {
        sqlite3_stmt *st;
        int rc = sqlite3_prepare_v2(db,
                                    "INSERT INTO extension (plan_id, task_id, due, doc, reason,"
                                    " user, at, change_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                    -1, &st, NULL);
        if (rc == SQLITE_OK) {
            store_bind_text(st, 1, plan_id);
            store_bind_text(st, 2, task_id);
            store_bind_text(st, 3, due);
            store_bind_text(st, 4, x->doc);
            store_bind_text(st, 5, x->reason);
            store_bind_text(st, 6, user);
            store_bind_text(st, 7, c.at);
            sqlite3_bind_int64(st, 8, c.change);
            rc = sqlite3_step(st);
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) e = store_sqlite_fail(s, rc, err);
        if (!e) e = store_chain_link(s, "extension", sqlite3_last_insert_rowid(db), err);
    }
    if (!e) {
        strbuf sb = STRBUF_INIT;
        extension_words(&sb, due, x->doc, x->reason);
        char old[11];
        e = store_change_row(&c, "extend",
                             x->old_due == KH_NO_DATE ? NULL : date_format_iso(x->old_due, old),
                             sb_str(&sb), err);
        sb_done(&sb);
    }
    if (!e) e = store_change_day(s, plan_id, c.change, x->effective, now, err);
    e = store_write_end(s, e, err);
    if (!e && change) *change = c.change;
    return e;
}

#define EXTENSION_COLS "id, task_id, due, doc, reason, user, at, change_id, withdrawn"

/* An extension row of a statement selecting EXTENSION_COLS. */
static kh_extension extension_row(sqlite3_stmt *st)
{
    kh_extension x = {0};
    x.id = sqlite3_column_int64(st, 0);
    x.task_id = store_text_col(st, 1);
    const char *due = (const char *)sqlite3_column_text(st, 2);
    if (!due || date_parse(due, &x.due) != DATE_OK) x.due = KH_NO_DATE;
    x.doc = store_text_col(st, 3);
    x.reason = store_text_col(st, 4);
    x.user = store_text_col(st, 5);
    x.at = store_time_col(st, 6);
    x.change = sqlite3_column_int64(st, 7);
    x.withdrawn = sqlite3_column_type(st, 8) != SQLITE_NULL;
    return x;
}

kh_errcode store_extensions(kh_store *s, const char *plan_id, const char *task_id,
                            bool withdrawn_too, kh_extension **out, size_t *n, kh_error *err)
{
    *out = NULL;
    *n = 0;
    if (!store_has_table(s, "extension")) return KH_E_OK;
    static const char sql[] = "SELECT " EXTENSION_COLS " FROM extension WHERE plan_id = ?1"
                              " AND (?2 IS NULL OR task_id = ?2) AND (?3 OR withdrawn IS NULL)"
                              " ORDER BY task_id, id";
    sqlite3_stmt *st;
    int rc = store_stmt_get(s, sql, &st);
    if (rc != SQLITE_OK) return store_sqlite_fail(s, rc, err);
    store_bind_text(st, 1, plan_id);
    store_bind_text(st, 2, task_id);
    sqlite3_bind_int(st, 3, withdrawn_too);
    kh_extension *v = NULL;
    size_t len = 0, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        KH_GROW(v, len, cap);
        v[len++] = extension_row(st);
    }
    store_stmt_put(s, st);
    if (rc != SQLITE_DONE) {
        store_extensions_free(v, len);
        return store_sqlite_fail(s, rc, err);
    }
    *out = v;
    *n = len;
    return KH_E_OK;
}

void store_extensions_free(kh_extension *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(x[i].task_id);
        free(x[i].doc);
        free(x[i].reason);
        free(x[i].user);
    }
    free(x);
}

/* Lay the document that withdrew each withdrawn task (the last
 * "withdraw-doc" history row of the task) over the plan. Only a withdrawn
 * task shows one (model_task_withdrawn_doc), so only those are looked up,
 * each by history_by_task: the one query over the plan's whole history
 * that this was (no index has the field) read every row at 100,000 tasks,
 * 30 ms of the dashboard's first frame for no row at all. */
static kh_errcode load_withdraw_docs(kh_store *s, kh_plan *plan, kh_error *err)
{
    static const char sql[] = "SELECT new_value FROM history WHERE plan_id = ?1 AND task_id = ?2"
                              " AND field = 'withdraw-doc' AND new_value IS NOT NULL"
                              " ORDER BY id DESC LIMIT 1";
    for (size_t i = 0; i < plan->ntasks; i++) {
        kh_task *t = &plan->tasks[i];
        if (t->status != ST_WITHDRAWN) continue;
        sqlite3_stmt *st;
        int rc = store_stmt_get(s, sql, &st);
        if (rc != SQLITE_OK) return store_sqlite_fail(s, rc, err);
        store_bind_text(st, 1, plan->id);
        store_bind_text(st, 2, t->id);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            t->withdrawn_doc = model_intern_user(plan, (const char *)sqlite3_column_text(st, 0));
            rc = SQLITE_DONE;
        }
        store_stmt_put(s, st);
        if (rc != SQLITE_DONE) return store_sqlite_fail(s, rc, err);
    }
    return KH_E_OK;
}

kh_errcode store_extend_load(kh_store *s, kh_plan *plan, kh_error *err)
{
    for (size_t i = 0; i < plan->ntasks; i++) {
        kh_task *t = &plan->tasks[i];
        if (t->nextensions) t->due = t->due_original;
        t->nextensions = 0;
        t->extension_doc = t->extension_reason = NULL;
        t->withdrawn_doc = t->base ? t->base->withdrawn_doc : NULL;
        model_task_base_extend(t); /* an export's, then the database's */
    }
    kh_extension *v;
    size_t n;
    kh_errcode e = store_extensions(s, plan->id, NULL, false, &v, &n, err);
    if (e) return e;
    size_t pos = 0;
    for (size_t k = 0; k < n; k++) {
        long i = model_find_task_from(plan, v[k].task_id, &pos);
        if (i < 0 || v[k].due == KH_NO_DATE) continue;
        kh_task *t = &plan->tasks[i];
        if (!t->nextensions) t->due_original = t->due;
        t->nextensions++;
        t->due = v[k].due; /* by id: the last one wins */
        t->extension_doc = model_intern_user(plan, v[k].doc);
        t->extension_reason = v[k].reason ? model_intern_user(plan, v[k].reason) : NULL;
        pos = 0; /* the next may be the same task */
    }
    store_extensions_free(v, n);
    return load_withdraw_docs(s, plan, err);
}

kh_errcode store_extend_withdraw(kh_store *s, const char *plan_id, const char *task_id,
                                 int64_t change, const char *user, int64_t now, kh_error *err)
{
    if (!store_has_table(s, "extension")) return kh_error_set(err, KH_E_NOT_FOUND, "%s", task_id);
    kh_errcode e = store_write_begin(s, err);
    if (e) return e;
    sqlite3 *db = store_sqlite(s);
    sqlite3_stmt *st;
    kh_extension x = {0};
    int rc = sqlite3_prepare_v2(db,
                                "SELECT " EXTENSION_COLS " FROM extension WHERE plan_id = ?1"
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
            x = extension_row(st);
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) e = store_sqlite_fail(s, rc, err);
    if (!e && !x.id) e = kh_error_set(err, KH_E_NOT_FOUND, "%s, %s", user, task_id);
    store_change c;
    if (!e) e = store_change_start(&c, s, plan_id, task_id, user, now, change, err);
    if (!e) e = store_mark_withdrawn(s, "extension", x.id, c.change, err);
    if (!e) {
        strbuf sb = STRBUF_INIT;
        char due[11];
        extension_words(&sb, x.due == KH_NO_DATE ? "?" : date_format_iso(x.due, due), x.doc,
                        x.reason);
        e = store_change_row(&c, "extend-withdrawn", sb_str(&sb), NULL, err);
        sb_done(&sb);
    }
    free(x.task_id);
    free(x.doc);
    free(x.reason);
    free(x.user);
    return store_write_end(s, e, err);
}
