/* store_import: the history an export carries (a plan file's `history:`)
 * put into the database's history table, once. A store file: SQL only.
 *
 * The rows keep their user and time (`at`) and their change's day
 * (`effective`); they are chained afresh in this database, as any row
 * written here (the chain says what this database received and when it was
 * not rewritten since; the database they came from had its own chain, whose
 * head its JSON export gives). */
#include <stdlib.h>
#include <string.h>

#include "kehoach/date.h"
#include "kehoach/store.h"
#include "kehoach/util.h"
#include "store_chain.h"
#include "store_int.h"

/* The n-th (from 0) row of the plan with the same task, field, values, user
 * and time, and its change. */
static const char find_sql[] =
    "SELECT coalesce(change_id, id) FROM history WHERE plan_id = ?1 AND task_id = ?2"
    " AND field = ?3 AND old_value IS ?4 AND new_value IS ?5 AND user = ?6 AND at = ?7"
    " ORDER BY id LIMIT 1 OFFSET ?8";

static bool same_text(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

static bool same_row(const kh_base_history *a, const kh_base_history *b)
{
    return a->at == b->at && !strcmp(a->task, b->task) && !strcmp(a->field, b->field) &&
           !strcmp(a->user, b->user) && same_text(a->old_value, b->old_value) &&
           same_text(a->new_value, b->new_value);
}

/* Set found[i] to the change in the database of each row it holds already
 * (0: not there), and *nfound to how many it holds. Identical rows are told
 * apart by their order: the k-th of them in the file is the k-th in the
 * database. Return KH_E_OK or an error. */
static kh_errcode match_rows(kh_store *s, const char *plan_id, const kh_base_history *rows,
                             size_t n, int64_t *found, size_t *nfound, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(store_sqlite(s), find_sql, -1, &st, NULL);
    if (rc != SQLITE_OK) return store_sqlite_fail(s, rc, err);
    *nfound = 0;
    for (size_t i = 0; i < n; i++) {
        /* The same row earlier in the file: rows of one second are together. */
        int dup = 0;
        for (size_t k = i; k-- > 0 && rows[k].at == rows[i].at;)
            if (same_row(&rows[k], &rows[i])) dup++;
        char at[21];
        store_bind_text(st, 1, plan_id);
        store_bind_text(st, 2, rows[i].task);
        store_bind_text(st, 3, rows[i].field);
        store_bind_text(st, 4, rows[i].old_value);
        store_bind_text(st, 5, rows[i].new_value);
        store_bind_text(st, 6, rows[i].user);
        store_bind_text(st, 7, date_format_utc((time_t)rows[i].at, at));
        sqlite3_bind_int(st, 8, dup);
        rc = sqlite3_step(st);
        found[i] = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
        if (found[i]) (*nfound)++;
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) break;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? KH_E_OK : store_sqlite_fail(s, rc, err);
}

/* Run one statement with an integer parameter (if it has one); set *value to the first
 * column of its row (0: no row). Return SQLITE_DONE or SQLite's error. */
static int one_row(kh_store *s, const char *sql, int64_t param, int64_t *value)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(store_sqlite(s), sql, -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    if (sqlite3_bind_parameter_count(st)) sqlite3_bind_int64(st, 1, param);
    rc = sqlite3_step(st);
    *value = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? SQLITE_DONE : rc;
}

/* The id each row gets when the rows keep their own numbers: a change's
 * rows follow its number (a change is named by the id of its first row),
 * into ids[]. Return true when each is free in the database and they
 * increase (a file written by hand may have other numbers). */
static bool own_ids(kh_store *s, const kh_base_history *rows, size_t n, int64_t *ids, int *rc)
{
    *rc = SQLITE_DONE;
    for (size_t i = 0; i < n; i++) {
        ids[i] = i && rows[i - 1].change == rows[i].change ? ids[i - 1] + 1 : rows[i].change;
        if (i && ids[i] <= ids[i - 1]) return false;
        int64_t taken;
        *rc = one_row(s, "SELECT 1 FROM history WHERE id = ?1", ids[i], &taken);
        if (*rc != SQLITE_DONE || taken) return false;
    }
    return true;
}

/* The database's change of the file's change c: got[] of the last row
 * before i that had it, or c itself when none did. */
static int64_t mapped(const kh_base_history *rows, const int64_t *got, size_t i, int64_t c)
{
    while (i-- > 0)
        if (rows[i].change == c) return got[i];
    return c;
}

/* Insert row r as id with change `change` and undo_of (0: none), and chain
 * it; with its change's day when it is the change's first row. */
static kh_errcode insert_row(kh_store *s, const char *plan_id, const kh_base_history *r, int64_t id,
                             int64_t change, int64_t undo_of, bool first, kh_error *err)
{
    sqlite3 *db = store_sqlite(s);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db,
                                "INSERT INTO history (id, plan_id, task_id, field, old_value,"
                                " new_value, user, at, change_id, undo_of)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        char at[21];
        sqlite3_bind_int64(st, 1, id);
        store_bind_text(st, 2, plan_id);
        store_bind_text(st, 3, r->task);
        store_bind_text(st, 4, r->field);
        store_bind_text(st, 5, r->old_value);
        store_bind_text(st, 6, r->new_value);
        store_bind_text(st, 7, r->user);
        store_bind_text(st, 8, date_format_utc((time_t)r->at, at));
        sqlite3_bind_int64(st, 9, change);
        if (undo_of)
            sqlite3_bind_int64(st, 10, undo_of);
        else
            sqlite3_bind_null(st, 10);
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return store_sqlite_fail(s, rc, err);
    kh_errcode e = store_chain_link(s, "history", id, err);
    if (e || !first || r->effective == KH_NO_DATE) return e;
    /* The day as it was recorded (not store_change_day's test against the
     * local day of `at`: this machine's zone may differ). */
    rc = sqlite3_prepare_v2(
        db, "INSERT INTO change_day (change_id, plan_id, day) VALUES (?1, ?2, ?3)", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        char iso[11];
        sqlite3_bind_int64(st, 1, change);
        store_bind_text(st, 2, plan_id);
        store_bind_text(st, 3, date_format_iso(r->effective, iso));
        rc = sqlite3_step(st);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return store_sqlite_fail(s, rc, err);
    return store_chain_link(s, "change-day", change, err);
}

/* Inside the open write: insert the rows not found, numbered as own_ids
 * gives when no row was found and those are free, else after the last row.
 * got[i] becomes each row's change in the database. */
static kh_errcode insert_missing(kh_store *s, const char *plan_id, const kh_base_history *rows,
                                 size_t n, int64_t *got, size_t nfound, size_t *added,
                                 kh_error *err)
{
    int64_t *ids = xreallocarray(NULL, n ? n : 1, sizeof *ids);
    int rc = SQLITE_DONE;
    bool own = nfound == 0 && own_ids(s, rows, n, ids, &rc);
    int64_t next = 0;
    kh_errcode e = KH_E_OK;
    if (rc != SQLITE_DONE ||
        (!own && (rc = one_row(s, "SELECT coalesce(max(id), 0) + 1 FROM history", 0, &next)) !=
                     SQLITE_DONE))
        e = store_sqlite_fail(s, rc, err);
    for (size_t i = 0; !e && i < n; i++) {
        if (got[i]) continue; /* there already */
        bool first = !i || rows[i - 1].change != rows[i].change;
        int64_t id = own ? ids[i] : next++;
        int64_t change = first ? id : got[i - 1];
        int64_t undo_of = rows[i].undo_of ? mapped(rows, got, i, rows[i].undo_of) : 0;
        e = insert_row(s, plan_id, &rows[i], id, change, undo_of, first, err);
        got[i] = change;
        if (!e) (*added)++;
    }
    free(ids);
    return e;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

kh_errcode store_history_import(kh_store *s, const char *plan_id, const kh_base_history *rows,
                                size_t n, int64_t **changes, size_t *nchanges, size_t *added,
                                kh_error *err)
{
    *changes = NULL;
    *nchanges = 0;
    *added = 0;
    if (!n) return KH_E_OK;
    int64_t *got = xcalloc(n, sizeof *got);
    size_t nfound = 0;
    /* Looked for first without a write: loaded again, it is all there. */
    kh_errcode e = match_rows(s, plan_id, rows, n, got, &nfound, err);
    if (!e && nfound < n) {
        e = store_write_begin(s, err);
        if (!e) e = match_rows(s, plan_id, rows, n, got, &nfound, err);
        if (!e && nfound < n) e = insert_missing(s, plan_id, rows, n, got, nfound, added, err);
        e = store_write_end(s, e, err);
    }
    if (e) {
        free(got);
        *added = 0;
        return e;
    }
    qsort(got, n, sizeof *got, cmp_i64);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (!u || got[i] != got[u - 1]) got[u++] = got[i];
    *changes = got;
    *nchanges = u;
    return KH_E_OK;
}
