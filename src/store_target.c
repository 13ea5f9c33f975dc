/* The targets' measurements in the database (the targets' own SQL). A
 * measurement is a row of target_measure, never changed nor deleted: an
 * undo marks it withdrawn. Each measurement and each undo is one change of
 * the history table, in its shape: the target's id where a task's goes,
 * the fields named "measure", "measure-on" and "measure-doc" (which no task
 * has; target ids and task ids never meet, src/plan_targets.c). */
#include "kehoach/store_target.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_chain.h"
#include "store_int.h"

const char store_target_migration[] =
    /* 4: targets' measurements. */
    "CREATE TABLE target_measure ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id TEXT NOT NULL,"
    "  target_id TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  on_date TEXT NOT NULL,"
    "  doc TEXT,"
    "  user TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  change_id INTEGER NOT NULL,"
    "  withdrawn INTEGER"
    ");"
    "CREATE INDEX target_measure_by_target ON target_measure (plan_id, target_id, id);"
    "CREATE TRIGGER target_measure_no_delete BEFORE DELETE ON target_measure"
    " BEGIN SELECT RAISE(ABORT, 'measurements are never deleted'); END;"
    "CREATE TRIGGER target_measure_withdraw_only BEFORE UPDATE ON target_measure"
    " WHEN OLD.withdrawn IS NOT NULL OR NEW.withdrawn IS NULL OR NEW.id IS NOT OLD.id"
    " OR NEW.plan_id IS NOT OLD.plan_id OR NEW.target_id IS NOT OLD.target_id"
    " OR NEW.value IS NOT OLD.value OR NEW.on_date IS NOT OLD.on_date OR NEW.doc IS NOT OLD.doc"
    " OR NEW.user IS NOT OLD.user OR NEW.at IS NOT OLD.at OR NEW.change_id IS NOT OLD.change_id"
    " BEGIN SELECT RAISE(ABORT, 'a measurement is never changed, only withdrawn once'); END;";

/* A reader of a database from before schema 4 cannot migrate it: no
 * target was measured in it. */
const char store_target_compat[] =
    "CREATE TEMP VIEW target_measure AS SELECT NULL AS id, NULL AS plan_id, NULL AS target_id,"
    " NULL AS value, NULL AS on_date, NULL AS doc, NULL AS user, NULL AS at, NULL AS change_id,"
    " NULL AS withdrawn WHERE 0;";

#define LAST_OF_EACH                                                                               \
    "SELECT target_id, value, on_date, doc, user, at FROM target_measure m"                        \
    " WHERE plan_id = ?1 AND withdrawn IS NULL AND id = (SELECT max(id) FROM target_measure"       \
    " WHERE plan_id = m.plan_id AND target_id = m.target_id AND withdrawn IS NULL)"

static const char q_last_of_each[] = LAST_OF_EACH;
static const char q_last[] = LAST_OF_EACH " AND target_id = ?2";
/* Every measurement not withdrawn made on a day up to ?2, of the latest day
 * first and, on one day, the last recorded first. */
static const char q_asof[] = "SELECT target_id, value, on_date, doc, user, at FROM target_measure"
                             " WHERE plan_id = ?1 AND withdrawn IS NULL AND on_date <= ?2"
                             " ORDER BY target_id, on_date DESC, id DESC";
static const char q_next_history_id[] = "SELECT coalesce(max(id), 0) + 1 FROM history";
static const char q_add_history[] =
    "INSERT INTO history (id, plan_id, task_id, field, old_value, new_value, user, at, change_id,"
    " undo_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char q_add_measure[] =
    "INSERT INTO target_measure (plan_id, target_id, value, on_date, doc, user, at, change_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
static const char q_change_user[] = "SELECT user FROM history WHERE plan_id = ?1 AND task_id = ?2"
                                    " AND change_id = ?3 AND field = 'measure' LIMIT 1";
static const char q_undone[] = "SELECT 1 FROM history WHERE plan_id = ?1 AND undo_of = ?2 LIMIT 1";
static const char q_later_other[] = "SELECT user, at FROM history WHERE plan_id = ?1"
                                    " AND task_id = ?2 AND id > ?3 AND user <> ?4"
                                    " ORDER BY id DESC LIMIT 1";
static const char q_find_measure[] = "SELECT id FROM target_measure WHERE plan_id = ?1"
                                     " AND target_id = ?2 AND change_id = ?3 AND withdrawn IS NULL";
static const char q_withdraw[] = "UPDATE target_measure SET withdrawn = ?2 WHERE id = ?1";

/* A measurement read back: owned strings. */
typedef struct {
    bool found;
    char *value, *doc;
    char on[11];
} row_value;

static void row_value_done(row_value *r)
{
    free(r->value);
    free(r->doc);
    memset(r, 0, sizeof *r);
}

/* Prepare sql; return false with the error in err. */
static bool prepare(kh_store *s, const char *sql, sqlite3_stmt **st, kh_error *err, kh_errcode *rc)
{
    int src = sqlite3_prepare_v2(store_sqlite(s), sql, -1, st, NULL);
    if (src == SQLITE_OK) return true;
    *rc = store_sqlite_fail(s, src, err);
    return false;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

/* Read the value a measurement holds: "yes" 1, "no" 0, else the number. */
static double value_of(const char *v)
{
    if (!v) return 0;
    if (!strcmp(v, "yes")) return 1;
    if (!strcmp(v, "no")) return 0;
    return strtod(v, NULL);
}

kh_errcode store_target_load(kh_store *s, kh_plan *plan, kh_error *err)
{
    for (size_t i = 0; i < plan->ntargets; i++) plan->targets[i].state = plan->targets[i].base;
    if (!plan->ntargets) return KH_E_OK;
    sqlite3_stmt *st;
    kh_errcode rc = KH_E_OK;
    int src = store_stmt_get(s, q_last_of_each, &st); /* kept: one for every plan */
    if (src != SQLITE_OK) return store_sqlite_fail(s, src, err);
    bind_text(st, 1, plan->id);
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        long i = model_find_target(plan, col_text(st, 0));
        if (i < 0) continue; /* a target the plan no longer has: kept in the database */
        kh_target *t = &plan->targets[i];
        kh_measured m = {.measured = true, .value = value_of(col_text(st, 1))};
        if (!col_text(st, 2) || date_parse(col_text(st, 2), &m.on) != DATE_OK) m.on = KH_NO_DATE;
        if (col_text(st, 3)) m.doc = arena_strdup(&plan->mem, col_text(st, 3));
        if (col_text(st, 4)) m.by = model_intern_user(plan, col_text(st, 4));
        time_t at;
        if (col_text(st, 5) && date_parse_utc(col_text(st, 5), &at) == 0) m.at = (int64_t)at;
        t->state = m;
    }
    if (src != SQLITE_DONE) rc = store_sqlite_fail(s, src, err);
    store_stmt_put(s, st);
    return rc;
}

/* A copy of s, or NULL for none. */
static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

kh_errcode store_target_asof(kh_store *s, const kh_plan *plan, kh_date asof, kh_measured *out,
                             kh_error *err)
{
    bool *seen = xcalloc(plan->ntargets ? plan->ntargets : 1, sizeof *seen);
    for (size_t i = 0; i < plan->ntargets; i++)
        out[i] = (kh_measured){.measured = false, .on = KH_NO_DATE};
    kh_errcode rc = KH_E_OK;
    sqlite3_stmt *st = NULL;
    if (plan->ntargets && s && prepare(s, q_asof, &st, err, &rc)) {
        char day[11];
        bind_text(st, 1, plan->id);
        bind_text(st, 2, date_format_iso(asof, day));
        int src;
        while ((src = sqlite3_step(st)) == SQLITE_ROW) {
            long i = model_find_target(plan, col_text(st, 0));
            if (i < 0 || seen[i]) continue; /* not in the plan, or an earlier one */
            seen[i] = true;
            kh_measured m = {.measured = true, .value = value_of(col_text(st, 1))};
            if (!col_text(st, 2) || date_parse(col_text(st, 2), &m.on) != DATE_OK)
                m.on = KH_NO_DATE;
            m.doc = dup_or_null(col_text(st, 3));
            m.by = dup_or_null(col_text(st, 4));
            time_t at;
            if (col_text(st, 5) && date_parse_utc(col_text(st, 5), &at) == 0) m.at = (int64_t)at;
            out[i] = m;
        }
        if (src != SQLITE_DONE) rc = store_sqlite_fail(s, src, err);
        sqlite3_finalize(st);
    }
    /* The plan file's value (an export's) stands where the database has
     * nothing as late, if it was measured by then. */
    for (size_t i = 0; !rc && i < plan->ntargets; i++) {
        const kh_measured *b = &plan->targets[i].base;
        if (!b->measured || b->on == KH_NO_DATE || b->on > asof) continue;
        if (out[i].measured && out[i].on != KH_NO_DATE && out[i].on >= b->on) continue;
        store_target_asof_free(&out[i], 1);
        out[i] = *b;
        out[i].doc = dup_or_null(b->doc);
        out[i].by = dup_or_null(b->by);
    }
    free(seen);
    if (rc) store_target_asof_free(out, plan->ntargets);
    return rc;
}

void store_target_asof_free(kh_measured *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free((void *)(uintptr_t)out[i].doc);
        free((void *)(uintptr_t)out[i].by);
        out[i].doc = out[i].by = NULL;
    }
}

/* Read the last measurement not withdrawn of target_id into *out (found
 * false when there is none). Return KH_E_OK or an error. */
static kh_errcode read_last(kh_store *s, const char *plan_id, const char *target_id, row_value *out,
                            kh_error *err)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    kh_errcode rc = KH_E_OK;
    if (!prepare(s, q_last, &st, err, &rc)) return rc;
    bind_text(st, 1, plan_id);
    bind_text(st, 2, target_id);
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) {
        out->found = true;
        out->value = xstrdup(col_text(st, 1));
        out->doc = xstrdup(col_text(st, 3));
        snprintf(out->on, sizeof out->on, "%s", col_text(st, 2) ? col_text(st, 2) : "");
        src = SQLITE_DONE;
    }
    if (src != SQLITE_DONE) rc = store_sqlite_fail(s, src, err);
    sqlite3_finalize(st);
    return rc;
}

/* Fill *out from the plan file's value (base), when there is one. */
static void from_base(const kh_measurement *base, row_value *out)
{
    memset(out, 0, sizeof *out);
    if (!base || !base->value) return;
    out->found = true;
    out->value = xstrdup(base->value);
    out->doc = xstrdup(base->doc);
    if (base->on != KH_NO_DATE) date_format_iso(base->on, out->on);
}

/* Who writes the history rows of one change. */
typedef struct {
    kh_store *s;
    const char *plan_id, *target_id, *user;
    char at[21];
    int64_t change, undo_of;
    bool first;
    sqlite3_stmt *st;
} hwriter;

static kh_errcode hwriter_start(hwriter *w, kh_store *s, const char *plan_id, const char *target_id,
                                const char *user, int64_t now, int64_t undo_of, kh_error *err)
{
    *w = (hwriter){s, plan_id, target_id, user, "", 0, undo_of, true, NULL};
    date_format_utc((time_t)now, w->at);
    sqlite3_stmt *st;
    kh_errcode rc = KH_E_OK;
    if (!prepare(s, q_next_history_id, &st, err, &rc)) return rc;
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW) w->change = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (src != SQLITE_ROW) return store_sqlite_fail(s, src, err);
    return prepare(s, q_add_history, &w->st, err, &rc) ? KH_E_OK : rc;
}

static kh_errcode hwriter_add(hwriter *w, const char *field, const char *old_value,
                              const char *new_value, kh_error *err)
{
    sqlite3_stmt *st = w->st;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (w->first)
        sqlite3_bind_int64(st, 1, w->change);
    else
        sqlite3_bind_null(st, 1);
    bind_text(st, 2, w->plan_id);
    bind_text(st, 3, w->target_id);
    bind_text(st, 4, field);
    bind_text(st, 5, old_value);
    bind_text(st, 6, new_value);
    bind_text(st, 7, w->user);
    bind_text(st, 8, w->at);
    sqlite3_bind_int64(st, 9, w->change);
    if (w->undo_of)
        sqlite3_bind_int64(st, 10, w->undo_of);
    else
        sqlite3_bind_null(st, 10);
    int src = sqlite3_step(st);
    w->first = false;
    if (src != SQLITE_DONE) return store_sqlite_fail(w->s, src, err);
    /* Chained as store.c's history rows are (store_chain.c). */
    sqlite3 *db = store_sqlite(w->s);
    return store_chain_link(w->s, "history", sqlite3_last_insert_rowid(db), err);
}

static bool differ(const char *a, const char *b)
{
    return (a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0);
}

/* Write the rows that say what went from old to now: the value always, the
 * day and the source when they changed. */
static kh_errcode write_rows(hwriter *w, const row_value *old, const row_value *now, kh_error *err)
{
    const char *old_on = old->found && old->on[0] ? old->on : NULL;
    const char *now_on = now->found && now->on[0] ? now->on : NULL;
    kh_errcode rc = hwriter_add(w, "measure", old->found ? old->value : NULL,
                                now->found ? now->value : NULL, err);
    if (!rc && differ(old_on, now_on)) rc = hwriter_add(w, "measure-on", old_on, now_on, err);
    const char *old_doc = old->found ? old->doc : NULL, *now_doc = now->found ? now->doc : NULL;
    if (!rc && differ(old_doc, now_doc)) rc = hwriter_add(w, "measure-doc", old_doc, now_doc, err);
    return rc;
}

static kh_errcode begin(kh_store *s, kh_error *err)
{
    if (store_read_only(s)) return kh_error_set(err, KH_E_DB_READONLY, "%s", store_path(s));
    int src = sqlite3_exec(store_sqlite(s), "BEGIN IMMEDIATE", NULL, NULL, NULL);
    return src == SQLITE_OK ? KH_E_OK : store_sqlite_fail(s, src, err);
}

/* Commit when rc is KH_E_OK, else roll back. Return rc or the commit's error. */
static kh_errcode finish(kh_store *s, kh_errcode rc, kh_error *err)
{
    sqlite3 *db = store_sqlite(s);
    if (!rc) {
        int src = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
        if (src == SQLITE_OK) return KH_E_OK;
        rc = store_sqlite_fail(s, src, err);
    }
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

kh_errcode store_target_measure(kh_store *s, const char *plan_id, const char *target_id,
                                const kh_measurement *m, const kh_measurement *base,
                                const char *user, int64_t now, kh_error *err)
{
    kh_errcode rc = begin(s, err);
    if (rc) return rc;
    row_value old, next = {.found = true};
    rc = read_last(s, plan_id, target_id, &old, err);
    if (!rc && !old.found) from_base(base, &old);
    next.value = xstrdup(m->value);
    next.doc = xstrdup(m->doc);
    date_format_iso(m->on, next.on);
    hwriter w = {0};
    if (!rc) rc = hwriter_start(&w, s, plan_id, target_id, user, now, 0, err);
    sqlite3_stmt *st = NULL;
    if (!rc && prepare(s, q_add_measure, &st, err, &rc)) {
        bind_text(st, 1, plan_id);
        bind_text(st, 2, target_id);
        bind_text(st, 3, m->value);
        bind_text(st, 4, next.on);
        bind_text(st, 5, m->doc);
        bind_text(st, 6, user);
        bind_text(st, 7, w.at);
        sqlite3_bind_int64(st, 8, w.change);
        int src = sqlite3_step(st);
        if (src != SQLITE_DONE) rc = store_sqlite_fail(s, src, err);
    }
    sqlite3_finalize(st);
    if (!rc) rc = write_rows(&w, &old, &next, err);
    sqlite3_finalize(w.st);
    row_value_done(&old);
    row_value_done(&next);
    return finish(s, rc, err);
}

/* Run a one-row lookup of (plan_id, target_id or the change, ...): return
 * SQLite's code (SQLITE_ROW when found), st left for the caller to read. */
static int lookup(sqlite3_stmt *st)
{
    return sqlite3_step(st);
}

/* Refuse: nothing of the user's to undo on the target. */
static kh_errcode nothing_to_undo(const char *user, const char *target_id, kh_error *err)
{
    kh_errcode e = kh_error_set(err, KH_E_NOT_FOUND, "%s, %s", user, target_id);
    if (err) err->reason = KH_R_NOTHING_TO_UNDO;
    return e;
}

kh_errcode store_target_undo(kh_store *s, const char *plan_id, const char *target_id,
                             int64_t change, const kh_measurement *base, const char *user,
                             int64_t now, kh_error *err)
{
    kh_errcode rc = begin(s, err);
    if (rc) return rc;
    sqlite3_stmt *st = NULL;
    int src;
    /* The change is the user's measurement of this target, not undone yet. */
    if (prepare(s, q_change_user, &st, err, &rc)) {
        bind_text(st, 1, plan_id);
        bind_text(st, 2, target_id);
        sqlite3_bind_int64(st, 3, change);
        src = lookup(st);
        if (src == SQLITE_ROW && strcmp(col_text(st, 0), user) != 0) src = SQLITE_DONE;
        if (src == SQLITE_DONE)
            rc = nothing_to_undo(user, target_id, err);
        else if (src != SQLITE_ROW)
            rc = store_sqlite_fail(s, src, err);
        sqlite3_finalize(st);
        st = NULL;
    }
    if (!rc && prepare(s, q_undone, &st, err, &rc)) {
        bind_text(st, 1, plan_id);
        sqlite3_bind_int64(st, 2, change);
        src = lookup(st);
        if (src == SQLITE_ROW)
            rc = nothing_to_undo(user, target_id, err);
        else if (src != SQLITE_DONE)
            rc = store_sqlite_fail(s, src, err);
        sqlite3_finalize(st);
        st = NULL;
    }
    /* Someone else measured it since: their value stays. */
    if (!rc && prepare(s, q_later_other, &st, err, &rc)) {
        bind_text(st, 1, plan_id);
        bind_text(st, 2, target_id);
        sqlite3_bind_int64(st, 3, change);
        bind_text(st, 4, user);
        src = lookup(st);
        if (src == SQLITE_ROW) {
            time_t at = 0;
            if (col_text(st, 1) && date_parse_utc(col_text(st, 1), &at) != 0) at = 0;
            rc =
                kh_error_by(err, KH_E_CONFLICT, KH_R_CHANGED_SINCE, col_text(st, 0), (long long)at);
        } else if (src != SQLITE_DONE) {
            rc = store_sqlite_fail(s, src, err);
        }
        sqlite3_finalize(st);
        st = NULL;
    }
    int64_t row = 0;
    if (!rc && prepare(s, q_find_measure, &st, err, &rc)) {
        bind_text(st, 1, plan_id);
        bind_text(st, 2, target_id);
        sqlite3_bind_int64(st, 3, change);
        src = lookup(st);
        if (src == SQLITE_ROW)
            row = sqlite3_column_int64(st, 0);
        else if (src == SQLITE_DONE)
            rc = nothing_to_undo(user, target_id, err);
        else
            rc = store_sqlite_fail(s, src, err);
        sqlite3_finalize(st);
        st = NULL;
    }
    row_value before = {0}, after = {0};
    if (!rc) rc = read_last(s, plan_id, target_id, &before, err);
    hwriter w = {0};
    if (!rc) rc = hwriter_start(&w, s, plan_id, target_id, user, now, change, err);
    if (!rc && prepare(s, q_withdraw, &st, err, &rc)) {
        sqlite3_bind_int64(st, 1, row);
        sqlite3_bind_int64(st, 2, w.change);
        src = sqlite3_step(st);
        if (src != SQLITE_DONE) rc = store_sqlite_fail(s, src, err);
        sqlite3_finalize(st);
    }
    if (!rc) rc = read_last(s, plan_id, target_id, &after, err);
    if (!rc && !after.found) from_base(base, &after);
    if (!rc) rc = write_rows(&w, &before, &after, err);
    sqlite3_finalize(w.st);
    row_value_done(&before);
    row_value_done(&after);
    return finish(s, rc, err);
}
