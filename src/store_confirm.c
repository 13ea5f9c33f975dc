/* Confirmations of completion and officers in charge: their tables, the
 * migration that makes them, and how they are read, written and undone.
 * SQL, so a store file. Both tables are append-only: a row is never deleted
 * and only marked withdrawn, once, by an undo. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/store_confirm.h"
#include "store_chain.h"
#include "store_int.h"

const char store_confirm_migration[] =
    "CREATE TABLE confirmation ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id TEXT NOT NULL,"
    "  task_id TEXT NOT NULL,"
    "  verdict TEXT NOT NULL CHECK (verdict IN ('confirmed', 'rejected')),"
    "  reason TEXT,"
    "  user TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  change_id INTEGER NOT NULL,"
    "  withdrawn INTEGER"
    ");"
    "CREATE INDEX confirmation_by_task ON confirmation (plan_id, task_id, id);"
    "CREATE TABLE task_officer ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id TEXT NOT NULL,"
    "  task_id TEXT NOT NULL,"
    "  name TEXT," /* NULL: nobody */
    "  user TEXT NOT NULL,"
    "  at TEXT NOT NULL,"
    "  change_id INTEGER NOT NULL,"
    "  withdrawn INTEGER"
    ");"
    "CREATE INDEX task_officer_by_task ON task_officer (plan_id, task_id, id);"
    "CREATE TRIGGER confirmation_no_delete BEFORE DELETE ON confirmation"
    " BEGIN SELECT RAISE(ABORT, 'confirmations are never deleted'); END;"
    "CREATE TRIGGER confirmation_withdraw_only BEFORE UPDATE ON confirmation"
    " WHEN OLD.withdrawn IS NOT NULL OR NEW.withdrawn IS NULL OR NEW.id IS NOT OLD.id"
    " OR NEW.plan_id IS NOT OLD.plan_id OR NEW.task_id IS NOT OLD.task_id"
    " OR NEW.verdict IS NOT OLD.verdict OR NEW.reason IS NOT OLD.reason"
    " OR NEW.user IS NOT OLD.user OR NEW.at IS NOT OLD.at OR NEW.change_id IS NOT OLD.change_id"
    " BEGIN SELECT RAISE(ABORT, 'a confirmation is never changed, only withdrawn once'); END;"
    "CREATE TRIGGER task_officer_no_delete BEFORE DELETE ON task_officer"
    " BEGIN SELECT RAISE(ABORT, 'officers are never deleted'); END;"
    "CREATE TRIGGER task_officer_withdraw_only BEFORE UPDATE ON task_officer"
    " WHEN OLD.withdrawn IS NOT NULL OR NEW.withdrawn IS NULL OR NEW.id IS NOT OLD.id"
    " OR NEW.plan_id IS NOT OLD.plan_id OR NEW.task_id IS NOT OLD.task_id"
    " OR NEW.name IS NOT OLD.name OR NEW.user IS NOT OLD.user OR NEW.at IS NOT OLD.at"
    " OR NEW.change_id IS NOT OLD.change_id"
    " BEGIN SELECT RAISE(ABORT, 'an officer is never changed, only withdrawn once'); END;"
    /* A note's kind: NULL for a plain note (and for every note before). */
    "ALTER TABLE note ADD COLUMN kind TEXT CHECK (kind IN ('difficulty', 'proposal'));"
    "DROP TRIGGER note_withdraw_only;"
    "CREATE TRIGGER note_withdraw_only BEFORE UPDATE ON note"
    " WHEN OLD.withdrawn IS NOT NULL OR NEW.withdrawn IS NULL OR NEW.id IS NOT OLD.id"
    " OR NEW.plan_id IS NOT OLD.plan_id OR NEW.task_id IS NOT OLD.task_id"
    " OR NEW.body IS NOT OLD.body OR NEW.author IS NOT OLD.author"
    " OR NEW.created_at IS NOT OLD.created_at OR NEW.change_id IS NOT OLD.change_id"
    " OR NEW.kind IS NOT OLD.kind"
    " BEGIN SELECT RAISE(ABORT, 'a note is never changed, only withdrawn once'); END;";

const char store_confirm_compat_tables[] =
    "CREATE TEMP TABLE confirmation (id INTEGER PRIMARY KEY, plan_id, task_id, verdict, reason,"
    " user, at, change_id, withdrawn);"
    "CREATE TEMP TABLE task_officer (id INTEGER PRIMARY KEY, plan_id, task_id, name, user, at,"
    " change_id, withdrawn);";

const char store_confirm_compat_v3[] =
    "CREATE TEMP VIEW note AS SELECT id, plan_id, task_id, body, author, created_at, change_id,"
    " withdrawn, NULL AS kind FROM main.note;";

/* The verdict on a task's last completion: the newest confirmation not
 * withdrawn, when it is not older than the task's last change of status
 * (a rejection is part of the change that sets the task back to doing). */
#define LAST_VERDICT                                                                               \
    "SELECT c.task_id, c.verdict, c.reason, c.user, c.at FROM confirmation c"                      \
    " WHERE c.plan_id = ?1 AND c.withdrawn IS NULL AND (?2 IS NULL OR c.task_id = ?2)"             \
    " AND c.id = (SELECT max(d.id) FROM confirmation d WHERE d.plan_id = c.plan_id"                \
    " AND d.task_id = c.task_id AND d.withdrawn IS NULL)"                                          \
    " AND c.change_id >= coalesce((SELECT max(coalesce(h.change_id, h.id)) FROM history h"         \
    " WHERE h.plan_id = c.plan_id AND h.task_id = c.task_id AND h.field = 'status'), 0)"           \
    " ORDER BY c.task_id"

#define LAST_OFFICER                                                                               \
    "SELECT o.task_id, o.name FROM task_officer o WHERE o.plan_id = ?1 AND o.withdrawn IS NULL"    \
    " AND o.id = (SELECT max(p.id) FROM task_officer p WHERE p.plan_id = o.plan_id"                \
    " AND p.task_id = o.task_id AND p.withdrawn IS NULL) ORDER BY o.task_id"

static const char STATUS_CHANGES[] = "SELECT old_value, new_value, user, at FROM history"
                                     " WHERE plan_id = ?1 AND task_id = ?2 AND field = 'status'";
static const char LAST_VERDICT_SQL[] = LAST_VERDICT;
static const char LAST_OFFICER_SQL[] = LAST_OFFICER;

#define ADD_HISTORY                                                                                \
    "INSERT INTO history (id, plan_id, task_id, field, old_value, new_value, user, at,"            \
    " change_id, undo_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static const char *col(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

uint8_t store_note_kind_col(sqlite3_stmt *st, int i)
{
    const char *k = col(st, i);
    int v = k && *k ? model_note_kind_parse(k) : NOTE_PLAIN;
    return (uint8_t)(v < 0 ? NOTE_PLAIN : v);
}

/* Prepare sql into *st. Return KH_E_OK or the store's error. */
static kh_errcode prepare(kh_store *s, const char *sql, sqlite3_stmt **st, kh_error *err)
{
    int rc = sqlite3_prepare_v2(store_sqlite(s), sql, -1, st, NULL);
    return rc == SQLITE_OK ? KH_E_OK : store_sqlite_fail(s, rc, err);
}

/* Prepare sql (a constant) into *st, kept by the store for the next plan's
 * read: give it back with store_stmt_put. Return KH_E_OK or the store's
 * error. */
static kh_errcode prepare_kept(kh_store *s, const char *sql, sqlite3_stmt **st, kh_error *err)
{
    int rc = store_stmt_get(s, sql, st);
    return rc == SQLITE_OK ? KH_E_OK : store_sqlite_fail(s, rc, err);
}

/* Step a statement that returns no rows, then finalize it. */
static kh_errcode run(kh_store *s, sqlite3_stmt *st, kh_error *err)
{
    int rc = sqlite3_step(st);
    kh_errcode e = rc == SQLITE_DONE ? KH_E_OK : store_sqlite_fail(s, rc, err);
    sqlite3_finalize(st);
    return e;
}

static int64_t utc_col(sqlite3_stmt *st, int i)
{
    time_t t;
    const char *v = col(st, i);
    return v && date_parse_utc(v, &t) == 0 ? (int64_t)t : 0;
}

static bool same_text(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

/* Whether the status row st (old, new, user, at) of task_id is one of the
 * plan file's `history:`: brought by the export, not made here. */
static bool from_export(const kh_plan *plan, const char *task_id, sqlite3_stmt *st)
{
    int64_t at = utc_col(st, 3);
    for (size_t i = 0; i < plan->nhistory; i++) {
        const kh_base_history *h = &plan->history[i];
        if (h->at == at && !strcmp(h->task, task_id) && !strcmp(h->field, "status") &&
            same_text(h->old_value, col(st, 0)) && same_text(h->new_value, col(st, 1)) &&
            same_text(h->user, col(st, 2)))
            return true;
    }
    return false;
}

kh_errcode store_confirm_load(kh_store *s, kh_plan *plan, kh_error *err)
{
    sqlite3_stmt *st;
    kh_errcode e = prepare_kept(s, LAST_VERDICT_SQL, &st, err);
    if (e) return e;
    bind_text(st, 1, plan->id);
    /* A verdict an export carries holds until the status it was given on
     * changes: any change of status in the database ends it (done again
     * later is a new completion, not yet confirmed), but for the rows the
     * export's own history brought (store_history_import). */
    sqlite3_stmt *changed = NULL;
    for (size_t i = 0; i < plan->ntasks && !e; i++) {
        kh_task *t = &plan->tasks[i];
        if (!t->base || !t->base->verdict) continue;
        if (!changed && (e = prepare_kept(s, STATUS_CHANGES, &changed, err))) break;
        sqlite3_reset(changed);
        bind_text(changed, 1, plan->id);
        bind_text(changed, 2, t->id);
        int step;
        while ((step = sqlite3_step(changed)) == SQLITE_ROW && from_export(plan, t->id, changed))
            ;
        if (step == SQLITE_ROW || t->status != t->base->status) {
            t->verdict = VERDICT_NONE;
            t->verdict_by = t->verdict_reason = NULL;
            t->verdict_at = 0;
        } else if (step != SQLITE_DONE) {
            e = store_sqlite_fail(s, step, err);
        }
    }
    store_stmt_put(s, changed);
    if (e) {
        store_stmt_put(s, st);
        return e;
    }
    int rc;
    size_t pos = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = model_find_task_from(plan, col(st, 0), &pos);
        if (i < 0) continue;
        kh_task *t = &plan->tasks[i];
        const char *v = col(st, 1), *reason = col(st, 2), *by = col(st, 3);
        t->verdict = v && !strcmp(v, "confirmed") ? VERDICT_CONFIRMED : VERDICT_REJECTED;
        t->verdict_reason = reason ? model_intern_user(plan, reason) : NULL;
        t->verdict_by = by ? model_intern_user(plan, by) : NULL;
        t->verdict_at = utc_col(st, 4);
    }
    e = rc == SQLITE_DONE ? KH_E_OK : store_sqlite_fail(s, rc, err);
    store_stmt_put(s, st);
    if (e || (e = prepare_kept(s, LAST_OFFICER_SQL, &st, err))) return e;
    bind_text(st, 1, plan->id);
    pos = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = model_find_task_from(plan, col(st, 0), &pos);
        if (i < 0) continue;
        const char *name = col(st, 1);
        plan->tasks[i].officer = name && *name ? model_intern_user(plan, name) : NULL;
    }
    e = rc == SQLITE_DONE ? KH_E_OK : store_sqlite_fail(s, rc, err);
    store_stmt_put(s, st);
    return e;
}

/* Write a history row of change `change` (its first when first). */
static kh_errcode add_history(kh_store *s, const char *plan_id, const char *task_id,
                              const char *field, const char *old_value, const char *new_value,
                              const char *user, const char *at, int64_t change, bool first,
                              int64_t undo_of, kh_error *err)
{
    sqlite3_stmt *st;
    kh_errcode e = prepare(s, ADD_HISTORY, &st, err);
    if (e) return e;
    if (first)
        sqlite3_bind_int64(st, 1, change);
    else
        sqlite3_bind_null(st, 1);
    bind_text(st, 2, plan_id);
    bind_text(st, 3, task_id);
    bind_text(st, 4, field);
    bind_text(st, 5, old_value);
    bind_text(st, 6, new_value);
    bind_text(st, 7, user);
    bind_text(st, 8, at);
    sqlite3_bind_int64(st, 9, change);
    if (undo_of)
        sqlite3_bind_int64(st, 10, undo_of);
    else
        sqlite3_bind_null(st, 10);
    e = run(s, st, err);
    /* Chained as store.c's history rows are (store_chain.c). */
    return e ? e : store_chain_link(s, "history", sqlite3_last_insert_rowid(store_sqlite(s)), err);
}

typedef struct {
    kh_verdict verdict;
    const char *reason;
} verdict_ctx;

/* kh_change.also for a confirmation: refuse unless the task was done and
 * not confirmed yet; write the record and its history row. */
static kh_errcode write_verdict(kh_store *s, const kh_store_also *a, kh_error *err)
{
    const verdict_ctx *v = a->ctx;
    if (a->old->status != ST_DONE)
        return kh_error_set(err, KH_E_CONFIRM_NOT_DONE, "%s", a->task_id);
    sqlite3_stmt *st;
    kh_errcode e = prepare(s, LAST_VERDICT, &st, err);
    if (e) return e;
    bind_text(st, 1, a->plan_id);
    bind_text(st, 2, a->task_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && !strcmp(col(st, 1), "confirmed"))
        e = kh_error_set(err, KH_E_INVALID, "%s", col(st, 3)); /* who confirmed it */
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        e = store_sqlite_fail(s, rc, err);
    sqlite3_finalize(st);
    if (e) return e;
    bool confirmed = v->verdict == VERDICT_CONFIRMED;
    e = prepare(s,
                "INSERT INTO confirmation (plan_id, task_id, verdict, reason, user, at, change_id)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                &st, err);
    if (e) return e;
    bind_text(st, 1, a->plan_id);
    bind_text(st, 2, a->task_id);
    bind_text(st, 3, confirmed ? "confirmed" : "rejected");
    bind_text(st, 4, confirmed ? NULL : v->reason);
    bind_text(st, 5, a->user);
    bind_text(st, 6, a->at);
    sqlite3_bind_int64(st, 7, a->change);
    if ((e = run(s, st, err))) return e;
    return add_history(
        s, a->plan_id, a->task_id, model_field_code(confirmed ? KF_CONFIRMED : KF_REJECTED), NULL,
        confirmed ? "confirmed" : v->reason, a->user, a->at, a->change, a->first, 0, err);
}

kh_errcode store_confirm(kh_store *s, const char *plan_id, const char *task_id,
                         const kh_base_state *base, kh_verdict verdict, const char *reason,
                         int64_t expected_version, kh_date today, const char *user, int64_t now,
                         kh_state *out, kh_error *err)
{
    verdict_ctx v = {verdict, reason};
    kh_change c = {verdict == VERDICT_REJECTED ? ST_DOING : -1,
                   -1,
                   NULL,
                   today,
                   expected_version,
                   NOTE_PLAIN,
                   write_verdict,
                   &v,
                   today,
                   NULL};
    return store_apply_base(s, plan_id, task_id, &c, base, user, now, out, err);
}

typedef struct {
    const char *name, *from;
} officer_ctx;

/* kh_change.also for an assignment. */
static kh_errcode write_officer(kh_store *s, const kh_store_also *a, kh_error *err)
{
    const officer_ctx *o = a->ctx;
    sqlite3_stmt *st;
    kh_errcode e = prepare(s,
                           "INSERT INTO task_officer (plan_id, task_id, name, user, at, change_id)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                           &st, err);
    if (e) return e;
    bind_text(st, 1, a->plan_id);
    bind_text(st, 2, a->task_id);
    bind_text(st, 3, o->name);
    bind_text(st, 4, a->user);
    bind_text(st, 5, a->at);
    sqlite3_bind_int64(st, 6, a->change);
    if ((e = run(s, st, err))) return e;
    return add_history(s, a->plan_id, a->task_id, model_field_code(KF_OFFICER), o->from, o->name,
                       a->user, a->at, a->change, a->first, 0, err);
}

kh_errcode store_assign(kh_store *s, const char *plan_id, const char *task_id,
                        const kh_base_state *base, const char *name, const char *from,
                        int64_t expected_version, const char *user, int64_t now, kh_state *out,
                        kh_error *err)
{
    officer_ctx o = {name && *name ? name : NULL, from && *from ? from : NULL};
    kh_change c = {-1, -1, NULL, KH_NO_DATE, expected_version, NOTE_PLAIN, write_officer,
                   &o, 0,  NULL};
    return store_apply_base(s, plan_id, task_id, &c, base, user, now, out, err);
}

bool store_confirm_undoes(kh_field field)
{
    return field == KF_CONFIRMED || field == KF_REJECTED || field == KF_OFFICER;
}

kh_errcode store_confirm_withdraw(kh_store *s, const char *plan_id, const kh_history *h,
                                  int64_t change, bool first, const char *user, const char *at,
                                  kh_error *err)
{
    bool officer = h->kind == KF_OFFICER;
    sqlite3_stmt *st;
    kh_errcode e = prepare(s,
                           officer ? "UPDATE task_officer SET withdrawn = ?1 WHERE plan_id = ?2"
                                     " AND task_id = ?3 AND change_id = ?4 AND withdrawn IS NULL"
                                   : "UPDATE confirmation SET withdrawn = ?1 WHERE plan_id = ?2"
                                     " AND task_id = ?3 AND change_id = ?4 AND withdrawn IS NULL",
                           &st, err);
    if (e) return e;
    sqlite3_bind_int64(st, 1, change);
    bind_text(st, 2, plan_id);
    bind_text(st, 3, h->task_id);
    sqlite3_bind_int64(st, 4, h->change);
    if ((e = run(s, st, err))) return e;
    /* The undo's row says what came back: the officer before, or no verdict. */
    return add_history(s, plan_id, h->task_id, h->field, h->new_value,
                       officer ? h->old_value : NULL, user, at, change, first, h->change, err);
}
