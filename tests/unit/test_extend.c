/* Schema 8 (issue 12): deadline extensions and their undo, withdrawn tasks
 * by `set withdrawn --doc`, the day a change takes effect (--on, --today)
 * beside its real time, and the migration from schema 7 keeping every row
 * and the chain. */
#include "testutil.h"

#include <sqlite3.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/store.h"

typedef struct {
    char *dir;
    char *db;
    kh_app app;
} fixture;

static kh_plan *load_plan(void)
{
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    assert_int_equal(test_load(TEST_PLAN_YAML, &plan, &diags), KH_E_OK);
    diags_free(&diags);
    return plan;
}

static kh_date ymd(int y, int m, int d)
{
    return date_from_ymd(y, m, d);
}

static void app_start(fixture *f, const char *user, kh_date today)
{
    memset(&f->app, 0, sizeof f->app);
    f->app.lang = KH_LANG_EN;
    f->app.today = today;
    f->app.user = xstrdup(user);
    f->app.plan = load_plan();
    kh_error err = {0};
    kh_errcode rc = app_open_store(&f->app, f->db, false, &err);
    if (rc) fail_msg("app_open_store: %d %s", rc, err.detail);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = xasprintf("%s/k.db", f->dir);
    app_start(f, "alice", ymd(2023, 5, 30));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    app_close(&f->app);
    free(f->db);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static size_t idx(const kh_app *app, const char *id)
{
    long i = model_find_task(app->plan, id);
    assert_true(i >= 0);
    return (size_t)i;
}

static kh_task *task(kh_app *app, const char *id)
{
    return &app->plan->tasks[idx(app, id)];
}

/* Assert that the open store's chain holds (every record linked). */
static void chain_holds(kh_store *s)
{
    kh_chain_report r;
    kh_error err = {0};
    assert_int_equal(store_chain_verify(s, &r, &err), KH_E_OK);
    if (r.problem != CHAIN_OK)
        fail_msg("chain: problem %d at %s %lld", (int)r.problem, r.kind, (long long)r.row_id);
}

/* The plan read again with the store's state laid over it. */
static kh_plan *reloaded(kh_store *s)
{
    kh_plan *p = load_plan();
    kh_error err = {0};
    assert_int_equal(store_load(s, p, &err), KH_E_OK);
    return p;
}

static void undo_last(kh_app *app)
{
    kh_undo u;
    kh_error err = {0};
    assert_int_equal(app_last_change(app, -1, &u, &err), KH_E_OK);
    kh_errcode rc = app_undo(app, &u, -1, &err);
    if (rc) fail_msg("undo: %d %s", rc, err.detail);
    app_undo_free(&u);
}

static size_t history_rows(kh_app *app)
{
    kh_history *h;
    size_t n;
    kh_error err = {0};
    assert_int_equal(store_history(app->store, app->plan->id, NULL, &h, &n, &err), KH_E_OK);
    store_history_free(h, n);
    return n;
}

/* Extended, extended again to a day before the plan's, each taken back by
 * undo: the deadline in force is always the last extension not withdrawn,
 * the plan's stays beside it, every step is a chained history row. */
static void test_extend_and_undo(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    kh_task *t = task(app, "II.1");
    kh_date plan_due = t->due;
    assert_int_equal(plan_due, ymd(2023, 6, 1));
    assert_int_equal(
        app_extend(app, idx(app, "II.1"), ymd(2023, 6, 15), "Công văn 45/UBND", "chờ ý kiến", &err),
        KH_E_OK);
    assert_int_equal(t->due, ymd(2023, 6, 15));
    assert_int_equal(t->due_original, plan_due);
    assert_int_equal(t->nextensions, 1);
    assert_string_equal(t->extension_doc, "Công văn 45/UBND");
    assert_string_equal(t->extension_reason, "chờ ý kiến");
    assert_int_equal(model_timeliness(t, ymd(2023, 6, 10)), TL_DUE_SOON); /* not overdue */

    kh_history *h;
    size_t n;
    assert_int_equal(store_history(app->store, app->plan->id, "II.1", &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].field, "extend");
    assert_string_equal(h[0].old_value, "2023-06-01");
    assert_string_equal(h[0].new_value, "2023-06-15; Công văn 45/UBND; chờ ý kiến");
    assert_string_equal(h[0].user, "alice");
    store_history_free(h, n);

    /* Earlier than the plan's own deadline works the same way. */
    assert_int_equal(
        app_extend(app, idx(app, "II.1"), ymd(2023, 5, 25), "Công văn 50/UBND", NULL, &err),
        KH_E_OK);
    assert_int_equal(t->due, ymd(2023, 5, 25));
    assert_int_equal(t->due_original, plan_due);
    assert_int_equal(t->nextensions, 2);
    assert_null(t->extension_reason);
    assert_int_equal(model_timeliness(t, ymd(2023, 5, 28)), TL_OVERDUE);

    /* What another process reads. */
    kh_plan *p = reloaded(app->store);
    const kh_task *r = &p->tasks[model_find_task(p, "II.1")];
    assert_int_equal(r->due, ymd(2023, 5, 25));
    assert_int_equal(r->due_original, plan_due);
    assert_int_equal(r->nextensions, 2);
    assert_string_equal(r->extension_doc, "Công văn 50/UBND");
    model_free(p);
    chain_holds(app->store);

    undo_last(app);
    assert_int_equal(t->due, ymd(2023, 6, 15));
    assert_int_equal(t->nextensions, 1);
    assert_string_equal(t->extension_doc, "Công văn 45/UBND");
    kh_extension *x;
    assert_int_equal(store_extensions(app->store, app->plan->id, "II.1", true, &x, &n, &err),
                     KH_E_OK);
    assert_int_equal(n, 2);
    assert_false(x[0].withdrawn);
    assert_true(x[1].withdrawn); /* kept, marked */
    store_extensions_free(x, n);
    chain_holds(app->store);

    undo_last(app);
    assert_int_equal(t->due, plan_due);
    assert_int_equal(t->nextensions, 0);
    assert_null(t->extension_doc);
    p = reloaded(app->store);
    assert_int_equal(p->tasks[model_find_task(p, "II.1")].due, plan_due);
    assert_int_equal(p->tasks[model_find_task(p, "II.1")].nextensions, 0);
    model_free(p);
    assert_int_equal(history_rows(app), 4); /* two extensions, two withdrawals */
    chain_holds(app->store);
}

/* Refused, nothing written: no document, no deadline day, the same day,
 * a withdrawn task. */
static void test_extend_refused(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    assert_int_equal(app_extend(app, idx(app, "II.1"), ymd(2023, 6, 15), NULL, NULL, &err),
                     KH_E_INVALID);
    assert_int_equal(app_extend(app, idx(app, "II.1"), ymd(2023, 6, 15), "  ", NULL, &err),
                     KH_E_INVALID);
    assert_int_equal(app_extend(app, idx(app, "II.1"), ymd(2023, 6, 1), "CV 1", NULL, &err),
                     KH_E_INVALID); /* due that day already */
    assert_int_equal(app_extend(app, idx(app, "II.2"), ymd(2023, 6, 15), "CV 1", NULL, &err),
                     KH_E_INVALID); /* continuous */
    assert_int_equal(app_extend(app, idx(app, "II.1"), ymd(2023, 6, 15), "a\nb", NULL, &err),
                     KH_E_INVALID); /* a document on one line */
    kh_edit w = {ST_WITHDRAWN, -1, NULL, NOTE_PLAIN, KH_NO_DATE, "QĐ 12", -1};
    assert_int_equal(app_change_edit(app, idx(app, "III.1.1/2023-07"), &w, &err), KH_E_OK);
    size_t rows = history_rows(app);
    assert_int_equal(
        app_extend(app, idx(app, "III.1.1/2023-07"), ymd(2023, 8, 15), "CV 1", NULL, &err),
        KH_E_INVALID);
    assert_int_equal(history_rows(app), rows);
    assert_int_equal(task(app, "II.1")->nextensions, 0);
}

/* A periodic occurrence is extended alone. */
static void test_extend_occurrence(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    assert_int_equal(
        app_extend(app, idx(app, "III.1.1/2023-06"), ymd(2023, 7, 10), "CV 9", NULL, &err),
        KH_E_OK);
    kh_plan *p = reloaded(app->store);
    assert_int_equal(p->tasks[model_find_task(p, "III.1.1/2023-06")].due, ymd(2023, 7, 10));
    assert_int_equal(p->tasks[model_find_task(p, "III.1.1/2023-06")].due_original,
                     ymd(2023, 6, 30));
    assert_int_equal(p->tasks[model_find_task(p, "III.1.1/2023-07")].due, ymd(2023, 7, 31));
    assert_int_equal(p->tasks[model_find_task(p, "III.1.1/2023-07")].nextensions, 0);
    /* Overdue by the plan on 05/07, in time by the extension. */
    assert_int_equal(
        model_timeliness(&p->tasks[model_find_task(p, "III.1.1/2023-06")], ymd(2023, 7, 5)),
        TL_DUE_SOON);
    model_free(p);
}

/* Withdrawn by set: the document is required; with it the status and the
 * document are recorded, read back, left out of the counts, and undone. */
static void test_withdraw_by_set(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    size_t i = idx(app, "III.1.1/2023-03"); /* overdue on 30/05 */
    kh_counts before;
    model_count(app->plan, app->today, &before, NULL);
    kh_edit e = {ST_WITHDRAWN, -1, NULL, NOTE_PLAIN, KH_NO_DATE, NULL, -1};
    assert_int_equal(app_change_edit(app, i, &e, &err), KH_E_INVALID);
    assert_int_equal(history_rows(app), 0);
    e.doc = "Quyết định 12/QĐ-UBND ngày 29/5/2023";
    assert_int_equal(app_change_edit(app, i, &e, &err), KH_E_OK);
    kh_task *t = &app->plan->tasks[i];
    assert_int_equal(t->status, ST_WITHDRAWN);
    assert_string_equal(model_task_withdrawn_doc(t), "Quyết định 12/QĐ-UBND ngày 29/5/2023");
    kh_counts c;
    model_count(app->plan, app->today, &c, NULL);
    assert_int_equal(c.withdrawn, 1);
    assert_int_equal(c.total, before.total - 1);
    assert_int_equal(c.category[CAT_OPEN_OVERDUE], before.category[CAT_OPEN_OVERDUE] - 1);

    kh_plan *p = reloaded(app->store);
    const kh_task *r = &p->tasks[model_find_task(p, "III.1.1/2023-03")];
    assert_int_equal(r->status, ST_WITHDRAWN);
    assert_string_equal(model_task_withdrawn_doc(r), "Quyết định 12/QĐ-UBND ngày 29/5/2023");
    model_free(p);
    chain_holds(app->store);

    undo_last(app);
    assert_int_equal(t->status, ST_TODO);
    p = reloaded(app->store);
    r = &p->tasks[model_find_task(p, "III.1.1/2023-03")];
    assert_int_equal(r->status, ST_TODO);
    assert_false(model_task_withdrawn(r));
    model_free(p);
    chain_holds(app->store);
}

/* Done on a day given: that day is the completion date and the change's
 * effective day, beside its real time; refused after today and before the
 * plan's period, and on a task done already. */
static void test_done_on(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    size_t i = idx(app, "II.1");
    kh_edit e = {ST_DONE, -1, NULL, NOTE_PLAIN, ymd(2023, 5, 31), NULL, -1};
    assert_int_equal(app_change_edit(app, i, &e, &err), KH_E_INVALID); /* after 30/05 */
    e.on = ymd(2022, 12, 31);
    assert_int_equal(app_change_edit(app, i, &e, &err), KH_E_INVALID); /* before the plan */
    e.status = ST_DOING;
    e.on = ymd(2023, 5, 20);
    assert_int_equal(app_change_edit(app, i, &e, &err), KH_E_INVALID); /* --on is for done */
    assert_int_equal(history_rows(app), 0);
    e.status = ST_DONE;
    int64_t before = (int64_t)time(NULL);
    assert_int_equal(app_change_edit(app, i, &e, &err), KH_E_OK);
    assert_int_equal(app->plan->tasks[i].completed, ymd(2023, 5, 20));
    assert_int_equal(model_timeliness(&app->plan->tasks[i], app->today), TL_DONE_ON_TIME);
    assert_int_equal(app_change_edit(app, i, &e, &err), KH_E_INVALID); /* done already */
    kh_history *h;
    size_t n;
    assert_int_equal(store_history(app->store, app->plan->id, "II.1", &h, &n, &err), KH_E_OK);
    assert_true(n >= 2);
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(h[k].effective, ymd(2023, 5, 20));
        assert_true(h[k].at >= before); /* the real clock, never the option */
    }
    store_history_free(h, n);
    /* A note made with --today keeps that day too. */
    assert_int_equal(app_change(app, idx(app, "II.2"), -1, -1, "họp", -1, &err), KH_E_OK);
    kh_note *notes;
    assert_int_equal(store_notes(app->store, app->plan->id, "II.2", &notes, &n, &err), KH_E_OK);
    assert_int_equal(n, 1);
    assert_int_equal(notes[0].effective, ymd(2023, 5, 30));
    assert_true(notes[0].at >= before);
    store_notes_free(notes, n);
    chain_holds(app->store);
}

/* A change made on the real day records no day of its own. */
static void test_no_day_on_the_real_day(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    app->today = date_today();
    assert_int_equal(app_change(app, idx(app, "II.2"), ST_DOING, 10, NULL, -1, &err), KH_E_OK);
    kh_history *h;
    size_t n;
    assert_int_equal(store_history(app->store, app->plan->id, NULL, &h, &n, &err), KH_E_OK);
    assert_true(n >= 1);
    for (size_t k = 0; k < n; k++) assert_int_equal(h[k].effective, KH_NO_DATE);
    store_history_free(h, n);
}

/* Run sql on the database at path past kehoach. */
static void raw(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("sql: %s", msg);
    sqlite3_close(db);
}

static int raw_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* What a database holds, as one text: states, notes, history, results,
 * chain links; equal before and after a migration. */
#define CONTENT_SQL                                                                                \
    "SELECT (SELECT group_concat(task_id || status || progress || coalesce(completed, '-')"        \
    " || updated_by || version, ';') FROM (SELECT * FROM task_state ORDER BY task_id))"            \
    " || '|' || (SELECT group_concat(id || body || coalesce(withdrawn, '-'), ';') FROM note)"      \
    " || '|' || (SELECT group_concat(id || field || coalesce(new_value, '-'), ';') FROM history)"  \
    " || '|' || (SELECT count(*) FROM result) || '|' || (SELECT group_concat(hash, ';') FROM"      \
    " (SELECT hash FROM chain ORDER BY seq))"

static char *content(const char *path)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, CONTENT_SQL, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const char *v = (const char *)sqlite3_column_text(st, 0);
    char *s = xstrdup(v ? v : "");
    sqlite3_finalize(st);
    sqlite3_close(db);
    return s;
}

/* A database of schema 7 exactly (this program's, with step 8 taken out
 * again: its tables dropped, task_state made with schema 7's CHECK): a
 * reader reads it as it is; a writer migrates it keeping every state,
 * note, history row and link, the chain holds, and then takes the new
 * records. */
static void test_migrate_from_v7(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    app->today = date_today(); /* no change_day rows: schema 7 had none */
    assert_int_equal(app_change(app, idx(app, "II.1"), ST_DONE, -1, NULL, -1, &err), KH_E_OK);
    assert_int_equal(app_change(app, idx(app, "II.2"), ST_DOING, 40, "ghi chú", -1, &err), KH_E_OK);
    assert_int_equal(app_change(app, idx(app, "III.1.1/2023-01"), -1, -1, "n2", -1, &err), KH_E_OK);
    undo_last(app); /* a note withdrawn */
    assert_int_equal(app_result_add(app, idx(app, "II.1"), "1/BC-UBND", NULL, &err), KH_E_OK);
    app_close(app);
    raw(f->db, "DROP TABLE extension; DROP TABLE change_day;"
               "CREATE TABLE task_state_7 ("
               "  plan_id TEXT NOT NULL, task_id TEXT NOT NULL,"
               "  status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'blocked', 'done')),"
               "  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
               "  completed TEXT, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
               "  version INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (plan_id, task_id)"
               ") WITHOUT ROWID;"
               "INSERT INTO task_state_7 SELECT * FROM task_state; DROP TABLE task_state;"
               "ALTER TABLE task_state_7 RENAME TO task_state; PRAGMA user_version = 7;");
    char *before = content(f->db);

    /* Read-only: as it is, no extension, the chain holds, nothing written. */
    kh_store *s = NULL;
    assert_int_equal(store_open(f->db, STORE_READ_ONLY, &s, &err), KH_E_OK);
    assert_int_equal(store_schema_version(s), 7);
    kh_extension *x;
    size_t n;
    assert_int_equal(store_extensions(s, "test-plan", NULL, true, &x, &n, &err), KH_E_OK);
    assert_int_equal(n, 0);
    kh_plan *p = reloaded(s);
    assert_int_equal(p->tasks[model_find_task(p, "II.2")].progress, 40);
    model_free(p);
    chain_holds(s);
    store_close(s);
    assert_int_equal(raw_int(f->db, "PRAGMA user_version"), 7);

    /* Read-write: migrated, every row kept, the chain holds. */
    assert_int_equal(store_open(f->db, 0, &s, &err), KH_E_OK);
    assert_int_equal(store_schema_version(s), 8);
    chain_holds(s);
    store_close(s);
    char *after = content(f->db);
    assert_string_equal(after, before);
    free(before);
    free(after);

    /* And takes schema 8's records. */
    app_start(f, "alice", ymd(2023, 5, 30));
    assert_int_equal(
        app_extend(app, idx(app, "III.1.1/2023-08"), ymd(2023, 9, 10), "CV 3", NULL, &err),
        KH_E_OK);
    kh_edit w = {ST_WITHDRAWN, -1, NULL, NOTE_PLAIN, KH_NO_DATE, "QĐ 1", -1};
    assert_int_equal(app_change_edit(app, idx(app, "II.2"), &w, &err), KH_E_OK);
    assert_string_equal(task(app, "II.2")->withdrawn_doc, "QĐ 1");
    assert_int_equal(task(app, "II.1")->status, ST_DONE);
    chain_holds(app->store);
}

/* An export's history (a plan file's `history:`) put into a database by
 * store_history_import: in a fresh one the rows keep their numbers, users,
 * times and days, and are chained; loaded again nothing is added; two rows
 * alike are both kept; where the numbers are taken they follow the last
 * row, undo_of following them. */
static void test_history_import(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    const int64_t t0 = 1686000000;
    const kh_base_history rows[] = {
        {"II.1", "status", "todo", "doing", "lan", t0, 5, 0, ymd(2023, 5, 1)},
        {"II.1", "progress", "0", "30", "lan", t0, 5, 0, ymd(2023, 5, 1)},
        {"II.2", "note", NULL, "cùng một ghi chú", "minh", t0 + 60, 7, 0, KH_NO_DATE},
        {"II.2", "note", NULL, "cùng một ghi chú", "minh", t0 + 60, 8, 0, KH_NO_DATE},
        {"II.1", "status", "doing", "todo", "lan", t0 + 120, 12, 5, KH_NO_DATE},
    };
    enum { N = sizeof rows / sizeof rows[0] };
    int64_t *changes;
    size_t nchanges, added;
    assert_int_equal(
        store_history_import(app->store, app->plan->id, rows, N, &changes, &nchanges, &added, &err),
        KH_E_OK);
    assert_int_equal(added, N);
    assert_int_equal(nchanges, 4);
    assert_int_equal(changes[0], 5);
    assert_int_equal(changes[3], 12);
    free(changes);
    kh_history *h;
    size_t n;
    assert_int_equal(store_history(app->store, app->plan->id, NULL, &h, &n, &err), KH_E_OK);
    assert_int_equal(n, N);
    static const int64_t ids[N] = {5, 6, 7, 8, 12};
    for (size_t k = 0; k < N; k++) {
        assert_int_equal(h[k].id, ids[k]);
        assert_int_equal(h[k].change, rows[k].change);
        assert_int_equal(h[k].undo_of, rows[k].undo_of);
        assert_int_equal(h[k].at, rows[k].at);
        assert_string_equal(h[k].user, rows[k].user);
        assert_int_equal(h[k].effective, rows[k].effective);
    }
    store_history_free(h, n);
    chain_holds(app->store);
    /* Again: all there. */
    assert_int_equal(
        store_history_import(app->store, app->plan->id, rows, N, &changes, &nchanges, &added, &err),
        KH_E_OK);
    assert_int_equal(added, 0);
    assert_int_equal(nchanges, 4);
    free(changes);
    assert_int_equal(raw_int(f->db, "SELECT count(*) FROM history"), N);
    assert_int_equal(raw_int(f->db, "SELECT count(*) FROM change_day"), 1);

    /* A database with rows of its own under those numbers. */
    app_close(app);
    char *other = xasprintf("%s/other.db", f->dir);
    free(f->db);
    f->db = other;
    app_start(f, "alice", ymd(2023, 5, 30));
    app = &f->app;
    for (int k = 0; k < 6; k++)
        assert_int_equal(
            app_change(app, idx(app, "II.2"), k % 2 ? ST_TODO : ST_DOING, -1, NULL, -1, &err),
            KH_E_OK);
    int before = raw_int(f->db, "SELECT max(id) FROM history");
    assert_true(before >= 5);
    assert_int_equal(
        store_history_import(app->store, app->plan->id, rows, N, &changes, &nchanges, &added, &err),
        KH_E_OK);
    assert_int_equal(added, N);
    free(changes);
    assert_int_equal(store_history(app->store, app->plan->id, "II.1", &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 3);
    assert_int_equal(h[0].id, before + 1);
    assert_int_equal(h[0].change, before + 1);
    assert_int_equal(h[1].change, before + 1);
    assert_int_equal(h[2].undo_of, before + 1); /* the undone change, by its new number */
    assert_int_equal(h[0].effective, ymd(2023, 5, 1));
    store_history_free(h, n);
    chain_holds(app->store);
    assert_int_equal(
        store_history_import(app->store, app->plan->id, rows, N, &changes, &nchanges, &added, &err),
        KH_E_OK);
    assert_int_equal(added, 0);
    free(changes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_extend_and_undo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extend_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extend_occurrence, setup, teardown),
        cmocka_unit_test_setup_teardown(test_withdraw_by_set, setup, teardown),
        cmocka_unit_test_setup_teardown(test_done_on, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_day_on_the_real_day, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_from_v7, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_import, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
