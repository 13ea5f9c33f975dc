/* store_migrate: a single-plan database into a workspace's (ATTACH, one
 * transaction). */
#include "kehoach/store_migrate.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kehoach/store.h"
#include "kehoach/util.h"
#include "store_chain.h"
#include "store_sqlite_dl.h"
#include "store_words.h"

/* Record db's failure (rc) in err; return the code. */
static kh_errcode sql_fail(sqlite3 *db, int rc, kh_error *err)
{
    kh_errcode code;
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: code = KH_E_DB_BUSY; break;
    case SQLITE_READONLY: code = KH_E_DB_READONLY; break;
    case SQLITE_FULL: code = KH_E_DB_FULL; break;
    case SQLITE_CORRUPT: code = KH_E_DB_CORRUPT; break;
    case SQLITE_NOTADB: code = KH_E_DB_NOTADB; break;
    case SQLITE_CANTOPEN: code = KH_E_DB_OPEN; break;
    default: code = KH_E_DB; break;
    }
    (void)db; /* its English text (sqlite3_errmsg) is not shown */
    char words[128];
    return kh_error_set(err, code, "%s", store_sqlite_words(rc, words, sizeof words));
}

/* Run one statement with up to two integer parameters; return SQLite's code
 * and how many rows it changed in *changed (when not NULL). */
static int run(sqlite3 *db, const char *sql, int64_t a, int64_t b, size_t *changed)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    int np = sqlite3_bind_parameter_count(st);
    if (np >= 1) sqlite3_bind_int64(st, 1, a);
    if (np >= 2) sqlite3_bind_int64(st, 2, b);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    if (changed) *changed = (size_t)sqlite3_changes(db);
    return rc;
}

/* Read one integer (the first column of the first row; 0 for none). */
static int one_int(sqlite3 *db, const char *sql, const char *text, int64_t *out)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    if (text) sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Bring the file to this schema (an earlier one is migrated, as opening it
 * for writing does; a newer or foreign one is refused). */
static kh_errcode bring_up(const char *path, kh_error *err)
{
    kh_store *s = NULL;
    kh_errcode rc = store_open(path, STORE_READ_ONLY, &s, err);
    if (rc) return rc;
    int v = store_schema_version(s);
    store_close(s);
    if (v >= STORE_SCHEMA_VERSION) return KH_E_OK;
    s = NULL;
    rc = store_open(path, 0, &s, err);
    store_close(s);
    return rc;
}

/* Check the plans the old database names: each must be a plan of the
 * workspace the new one holds nothing for. Exactly one is expected; when
 * there are several, each is checked and the first is reported. */
static kh_errcode check_plans(sqlite3 *db, const char *const *ids, size_t n, kh_migrate_counts *out,
                              kh_error *err)
{
    static const char sql[] = "SELECT plan_id FROM old.task_state UNION SELECT plan_id FROM "
                              "old.note UNION SELECT plan_id FROM old.history UNION SELECT "
                              "plan_id FROM old.confirmation UNION SELECT plan_id FROM "
                              "old.task_officer UNION SELECT plan_id FROM old.target_measure "
                              "UNION SELECT plan_id FROM old.result UNION SELECT plan_id FROM "
                              "old.amendment UNION SELECT plan_id FROM old.extension ORDER BY 1";
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) return sql_fail(db, rc, err);
    kh_errcode e = KH_E_OK;
    while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (!id) continue;
        if (!out->plan_id[0]) snprintf(out->plan_id, sizeof out->plan_id, "%s", id);
        bool known = false;
        for (size_t i = 0; i < n && !known; i++) known = !strcmp(ids[i], id);
        if (!known) {
            e = kh_error_set(err, KH_E_NOT_FOUND, "%s", id);
            break;
        }
        int64_t held = 0;
        int r = one_int(db,
                        "SELECT (SELECT count(*) FROM main.task_state WHERE plan_id = ?1)"
                        " + (SELECT count(*) FROM main.note WHERE plan_id = ?1)"
                        " + (SELECT count(*) FROM main.history WHERE plan_id = ?1)",
                        id, &held);
        if (r != SQLITE_OK)
            e = sql_fail(db, r, err);
        else if (held)
            e = kh_error_set(err, KH_E_CONFLICT, "%s", id);
    }
    if (!e && rc != SQLITE_ROW && rc != SQLITE_DONE) e = sql_fail(db, rc, err);
    sqlite3_finalize(st);
    return e;
}

/* The append-only records beside the history (confirmations, officers,
 * measurements, results, amendments): their own ids move past the new database's; change_id and
 * withdrawn name changes, which move with the history. */
typedef struct {
    const char *table;
    const char *cols; /* the columns between id and change_id */
} record_table;

static const record_table records[] = {
    {"confirmation", "plan_id, task_id, verdict, reason, user, at"},
    {"task_officer", "plan_id, task_id, name, user, at"},
    {"target_measure", "plan_id, target_id, value, on_date, doc, user, at"},
    {"result", "plan_id, task_id, doc, file_name, sha256, size, user, at"},
    {"amendment", "plan_id, task_id, kind, text, lead, deadline, doc, user, at"},
    {"extension", "plan_id, task_id, due, doc, reason, user, at"},
};

/* Copy one record table of old into main, its ids moved past main's by
 * *off (set); return SQLite's code. */
static int copy_records(sqlite3 *db, const record_table *r, int64_t hoff, int64_t *off_out)
{
    char *max = xasprintf("SELECT coalesce(max(id), 0) FROM main.%s", r->table);
    int64_t off = 0;
    int rc = one_int(db, max, NULL, &off);
    free(max);
    if (rc != SQLITE_OK) return rc;
    *off_out = off;
    char *sql = xasprintf("INSERT INTO main.%s (id, %s, change_id, withdrawn) SELECT id + ?2, %s,"
                          " change_id + ?1, withdrawn + ?1 FROM old.%s ORDER BY id",
                          r->table, r->cols, r->cols, r->table);
    rc = run(db, sql, hoff, off, NULL);
    free(sql);
    return rc;
}

/* Link every copied history row, note, result, amendment, extension, day and withdrawal
 * into the hash chain (store_chain.c), in id order, as if they had been
 * written here (?1..?5: the offsets of history, note, result, amendment,
 * extension). */
static kh_errcode chain_copied(sqlite3 *db, int64_t hoff, int64_t noff, int64_t roff, int64_t aoff,
                               int64_t xoff, kh_error *err)
{
    static const struct {
        const char *kind, *sql;
    } runs[] = {
        {"history", "SELECT id FROM main.history WHERE id > ?1 ORDER BY id"},
        {"note", "SELECT id FROM main.note WHERE id > ?2 ORDER BY id"},
        {"note-withdrawn",
         "SELECT id FROM main.note WHERE id > ?2 AND withdrawn IS NOT NULL ORDER BY id"},
        {"result", "SELECT id FROM main.result WHERE id > ?3 ORDER BY id"},
        {"result-withdrawn", "SELECT id FROM main.result WHERE id > ?3"
                             " AND withdrawn IS NOT NULL ORDER BY id"},
        {"amendment", "SELECT id FROM main.amendment WHERE id > ?4 ORDER BY id"},
        {"amendment-withdrawn",
         "SELECT id FROM main.amendment WHERE id > ?4 AND withdrawn IS NOT NULL ORDER BY id"},
        {"extension", "SELECT id FROM main.extension WHERE id > ?5 ORDER BY id"},
        {"extension-withdrawn",
         "SELECT id FROM main.extension WHERE id > ?5 AND withdrawn IS NOT NULL ORDER BY id"},
        {"change-day", "SELECT change_id FROM main.change_day WHERE change_id > ?1"
                       " ORDER BY change_id"},
    };
    store_chain_stmts kept = {0}; /* prepared once for all the rows */
    for (size_t r = 0; r < KH_ARRAY_LEN(runs); r++) {
        sqlite3_stmt *st;
        int rc = sqlite3_prepare_v2(db, runs[r].sql, -1, &st, NULL);
        if (rc != SQLITE_OK) {
            store_chain_stmts_done(&kept);
            return sql_fail(db, rc, err);
        }
        const int64_t offs[] = {hoff, noff, roff, aoff, xoff};
        for (int i = 0; i < sqlite3_bind_parameter_count(st) && i < 5; i++)
            sqlite3_bind_int64(st, i + 1, offs[i]);
        kh_errcode e = KH_E_OK;
        while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW)
            e = store_chain_append(db, &kept, runs[r].kind, sqlite3_column_int64(st, 0), err);
        if (!e && rc != SQLITE_DONE) e = sql_fail(db, rc, err);
        sqlite3_finalize(st);
        if (e) {
            store_chain_stmts_done(&kept);
            return e;
        }
    }
    store_chain_stmts_done(&kept);
    return KH_E_OK;
}

/* Copy the files the old database's results name from its attachments
 * folder into the new one's (store_attach.c: under their SHA-256, kept when
 * already there). A file no longer in the old folder stays missing, as it
 * was (show and attachment say so). Return KH_E_OK or an error. */
static kh_errcode copy_attachments(sqlite3 *db, const char *dst_path, const char *old_path,
                                   kh_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(
        db, "SELECT DISTINCT sha256 FROM old.result WHERE sha256 IS NOT NULL ORDER BY 1", -1, &st,
        NULL);
    if (rc != SQLITE_OK) return sql_fail(db, rc, err);
    char *dir = store_attach_dir(old_path);
    kh_errcode e = KH_E_OK;
    while (!e && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *sha = (const char *)sqlite3_column_text(st, 0);
        if (!sha || strspn(sha, "0123456789abcdef") != 64 || sha[64]) continue;
        char *src = xasprintf("%s/%s", dir, sha);
        struct stat fst;
        if (lstat(src, &fst) == 0 && S_ISREG(fst.st_mode)) {
            char hex[65];
            int64_t size;
            e = store_attach_put(dst_path, src, hex, &size, err);
        }
        free(src);
    }
    if (!e && rc != SQLITE_ROW && rc != SQLITE_DONE) e = sql_fail(db, rc, err);
    sqlite3_finalize(st);
    free(dir);
    return e;
}

/* The copy itself, inside the transaction. */
static kh_errcode copy_rows(sqlite3 *db, kh_migrate_counts *out, kh_error *err)
{
    int64_t hoff = 0, noff = 0;
    int rc = one_int(db, "SELECT coalesce(max(id), 0) FROM main.history", NULL, &hoff);
    if (rc == SQLITE_OK)
        rc = one_int(db, "SELECT coalesce(max(id), 0) FROM main.note", NULL, &noff);
    if (rc == SQLITE_OK)
        rc = run(db,
                 "INSERT INTO main.task_state (plan_id, task_id, status, progress, completed,"
                 " updated_at, updated_by, version) SELECT plan_id, task_id, status, progress,"
                 " completed, updated_at, updated_by, version FROM old.task_state",
                 0, 0, &out->states);
    /* A change is named by the id of its first history row; a note's
     * change_id and withdrawn name changes too: all move by the same offset. */
    if (rc == SQLITE_OK)
        rc = run(db,
                 "INSERT INTO main.history (id, plan_id, task_id, field, old_value, new_value,"
                 " user, at, change_id, undo_of) SELECT id + ?1, plan_id, task_id, field,"
                 " old_value, new_value, user, at, change_id + ?1, undo_of + ?1"
                 " FROM old.history ORDER BY id",
                 hoff, 0, &out->history);
    if (rc == SQLITE_OK)
        rc = run(db,
                 "INSERT INTO main.note (id, plan_id, task_id, body, author, created_at,"
                 " change_id, withdrawn, kind) SELECT id + ?2, plan_id, task_id, body, author,"
                 " created_at, change_id + ?1, withdrawn + ?1, kind FROM old.note ORDER BY id",
                 hoff, noff, &out->notes);
    int64_t offs[KH_ARRAY_LEN(records)] = {0};
    for (size_t i = 0; rc == SQLITE_OK && i < KH_ARRAY_LEN(records); i++)
        rc = copy_records(db, &records[i], hoff, &offs[i]);
    /* The day each change took effect moves with its change. */
    if (rc == SQLITE_OK)
        rc = run(db,
                 "INSERT INTO main.change_day (change_id, plan_id, day) SELECT change_id + ?1,"
                 " plan_id, day FROM old.change_day ORDER BY change_id",
                 hoff, 0, NULL);
    if (rc != SQLITE_OK) return sql_fail(db, rc, err);
    /* records[3], [4], [5]: the results, the amendments, the extensions. */
    return chain_copied(db, hoff, noff, offs[3], offs[4], offs[5], err);
}

kh_errcode store_migrate(const char *dst_path, const char *old_path, const char *const *plan_ids,
                         size_t n, kh_migrate_counts *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    struct stat a, b;
    if (stat(old_path, &a) == 0 && stat(dst_path, &b) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino)
        return kh_error_set(err, KH_E_INVALID, "%s = %s", old_path, dst_path);
    /* A missing old file is an error, never an empty database made. */
    kh_db_file f;
    kh_errcode e = store_file_inspect(old_path, &f, err);
    if (e) return e;
    if (f.kind != STORE_FILE_SQLITE)
        return kh_error_set(err, f.kind == STORE_FILE_ABSENT ? KH_E_DB_MISSING : KH_E_DB_NOTADB,
                            "%s", old_path);
    e = bring_up(old_path, err);
    if (e) return e;
    kh_store *s = NULL;
    e = store_open(dst_path, 0, &s, err); /* made, or brought to this schema */
    store_close(s);
    if (e) return e;
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(dst_path, &db, SQLITE_OPEN_READWRITE, NULL);
    if (rc != SQLITE_OK) {
        e = sql_fail(db, rc, err);
        sqlite3_close(db);
        return e;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(db, "ATTACH DATABASE ?1 AS old", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, old_path, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc == SQLITE_DONE) rc = SQLITE_OK;
    }
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        e = sql_fail(db, rc, err);
        sqlite3_close(db);
        return e;
    }
    e = check_plans(db, plan_ids, n, out, err);
    if (!e) e = copy_rows(db, out, err);
    if (!e) e = copy_attachments(db, dst_path, old_path, err);
    if (!e) {
        rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK) e = sql_fail(db, rc, err);
        if (!e) store_chain_keep_head(db, NULL, dst_path); /* as every commit does */
    }
    if (e) {
        kh_error keep = *err;
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        *err = keep;
        memset(out, 0, sizeof *out); /* nothing was written */
    }
    sqlite3_exec(db, "DETACH DATABASE old", NULL, NULL, NULL);
    sqlite3_close(db);
    return e;
}
