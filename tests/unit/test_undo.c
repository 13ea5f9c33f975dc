/* Undo and the accountable history: a change is one transaction of history
 * rows; undo reverts the person's last change with new rows marked as the
 * undo, withdraws (never deletes) its notes, walks back change by change,
 * and is refused when someone else changed the task since. Also the
 * migration from schema 2 (rows without a change id) to schema 3, and a
 * reader of a schema-2 database. */
#include "testutil.h"

#include <sqlite3.h>

#include "kehoach/app.h"
#include "kehoach/store.h"

/* 2023-11-14T22:13:20Z and later instants. */
#define T0 ((int64_t)1700000000)
#define T1 (T0 + 60)
#define T2 (T0 + 3600)
#define T3 (T0 + 7200)

/* The schema of version 2: version 1 and migrations[1] of src/store.c. */
#define SCHEMA_V2                                                                                  \
    SCHEMA_V1                                                                                      \
    "CREATE INDEX note_by_task ON note (plan_id, task_id, id);"                                    \
    "CREATE INDEX history_by_task ON history (plan_id, task_id, id);"                              \
    "CREATE TRIGGER history_no_update BEFORE UPDATE ON history"                                    \
    " BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"                                   \
    "CREATE TRIGGER history_no_delete BEFORE DELETE ON history"                                    \
    " BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"                                   \
    "PRAGMA user_version = 2;"

/* What schema 2 held after carol, in one transaction at 08:00, set II.1 to
 * doing 40% with a note, then dave set II.2 to blocked at 08:00 too, then
 * carol, at 09:00, II.1 to 60% with a second note. */
#define DATA_V2                                                                                    \
    "INSERT INTO task_state VALUES ('test-plan', 'II.1', 'doing', 60, NULL,"                       \
    " '2023-03-01T09:00:00Z', 'carol', 2);"                                                        \
    "INSERT INTO task_state VALUES ('test-plan', 'II.2', 'blocked', 0, NULL,"                      \
    " '2023-03-01T08:00:00Z', 'dave', 1);"                                                         \
    "INSERT INTO note (plan_id, task_id, body, author, created_at) VALUES"                         \
    " ('test-plan', 'II.1', 'họp lần một', 'carol', '2023-03-01T08:00:00Z'),"                \
    " ('test-plan', 'II.1', 'họp lần hai', 'carol', '2023-03-01T09:00:00Z');"                  \
    "INSERT INTO history (plan_id, task_id, field, old_value, new_value, user, at) VALUES"         \
    " ('test-plan', 'II.1', 'status', 'todo', 'doing', 'carol', '2023-03-01T08:00:00Z'),"          \
    " ('test-plan', 'II.1', 'progress', '0', '40', 'carol', '2023-03-01T08:00:00Z'),"              \
    " ('test-plan', 'II.1', 'note', NULL, 'họp lần một', 'carol', '2023-03-01T08:00:00Z'),"  \
    " ('test-plan', 'II.2', 'status', 'todo', 'blocked', 'dave', '2023-03-01T08:00:00Z'),"         \
    " ('test-plan', 'II.1', 'progress', '40', '60', 'carol', '2023-03-01T09:00:00Z'),"             \
    " ('test-plan', 'II.1', 'note', NULL, 'họp lần hai', 'carol', '2023-03-01T09:00:00Z');"

typedef struct {
    char *dir;
    char *path;
    kh_store *s;
    kh_plan *plan;
} fixture;

static kh_plan *load_plan(void)
{
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    assert_int_equal(test_load(TEST_PLAN_YAML, &plan, &diags), KH_E_OK);
    diags_free(&diags);
    return plan;
}

static kh_store *open_ok(const char *path, int flags)
{
    kh_store *s = NULL;
    kh_error err = {0};
    kh_errcode rc = store_open(path, flags, &s, &err);
    if (rc != KH_E_OK) fail_msg("store_open(%s): %d %s", path, rc, err.detail);
    return s;
}

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->path = xasprintf("%s/kehoach.db", f->dir);
    f->s = open_ok(f->path, 0);
    f->plan = load_plan();
    *state = f;
    return 0;
}

static int setup_dir(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->path = xasprintf("%s/kehoach.db", f->dir);
    f->plan = load_plan();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->s);
    model_free(f->plan);
    free(f->path);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static kh_change change(int status, int progress, const char *note)
{
    return (kh_change){.status = status,
                       .progress = progress,
                       .note = note,
                       .today = date_from_ymd(2023, 5, 20),
                       .expected_version = -1};
}

static void apply_ok(kh_store *s, const char *task, kh_change c, const char *user, int64_t now)
{
    kh_error err = {0};
    kh_state st;
    kh_errcode rc = store_apply(s, "test-plan", task, &c, user, now, &st, &err);
    if (rc != KH_E_OK) fail_msg("store_apply(%s): %d %s", task, rc, err.detail);
}

static kh_state state_of(kh_store *s, kh_plan *plan, const char *task)
{
    kh_error err = {0};
    for (size_t i = 0; i < plan->ntasks; i++) model_task_reset_state(&plan->tasks[i]);
    assert_int_equal(store_load(s, plan, &err), KH_E_OK);
    const kh_task *t = &plan->tasks[model_find_task(plan, task)];
    kh_state st = {(kh_status)t->status, t->progress, t->completed, t->updated_at, "",
                   t->version,           REOPEN_NO};
    snprintf(st.updated_by, sizeof st.updated_by, "%s", t->updated_by ? t->updated_by : "");
    return st;
}

static size_t history_count(kh_store *s)
{
    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_history(s, "test-plan", NULL, &h, &n, &err), KH_E_OK);
    store_history_free(h, n);
    return n;
}

/* Find user's last change (on task, or any); return its change id, 0 when
 * there is none. */
static int64_t last_change(kh_store *s, const char *user, const char *task, size_t *nrows,
                           char **task_out)
{
    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    kh_errcode rc = store_last_change(s, "test-plan", user, task, &h, &n, &err);
    if (rc == KH_E_NOT_FOUND) {
        assert_int_equal(n, 0);
        return 0;
    }
    if (rc) fail_msg("store_last_change: %d %s", rc, err.detail);
    assert_true(n > 0);
    int64_t id = h[0].change;
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(h[i].change, id);
        assert_string_equal(h[i].user, user);
        assert_string_equal(h[i].task_id, h[0].task_id);
    }
    if (nrows) *nrows = n;
    if (task_out) *task_out = xstrdup(h[0].task_id);
    store_history_free(h, n);
    return id;
}

static kh_errcode undo(kh_store *s, const char *task, int64_t change, const char *user, int64_t now,
                       int64_t expected, kh_error *err, int *withdrawn)
{
    kh_state st;
    int w = 0;
    kh_errcode rc = store_undo(s, "test-plan", task, change, NULL, expected, user, now,
                               app_undo_rule, &st, &w, err);
    if (withdrawn) *withdrawn = w;
    return rc;
}

static void undo_ok(kh_store *s, const char *task, int64_t change, const char *user, int64_t now)
{
    kh_error err = {0};
    kh_errcode rc = undo(s, task, change, user, now, -1, &err, NULL);
    if (rc) fail_msg("store_undo(%s, %lld): %d %s", task, (long long)change, rc, err.detail);
}

static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                     SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

static void raw_exec(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "%s: %s\n", sql, msg ? msg : "?");
        sqlite3_free(msg);
        fail();
    }
}

static int64_t raw_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int64_t file_int(const char *path, const char *sql)
{
    sqlite3 *db = raw_open(path);
    int64_t v = raw_int(db, sql);
    sqlite3_close(db);
    return v;
}

/* ---- a change is a unit ------------------------------------------------ */

/* The rows one store_apply writes share a change id (the id of the first);
 * the next change has its own, even in the same second. */
static void test_change_ids(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_DONE, -1, "xong"), "alice", T0);
    apply_ok(f->s, "II.1", change(ST_DOING, 50, NULL), "alice", T0);
    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_history(f->s, "test-plan", "II.1", &h, &n, &err), KH_E_OK);
    /* status, progress, completed, note; then status, progress, completed. */
    assert_int_equal(n, 7);
    for (size_t i = 0; i < 4; i++) assert_int_equal(h[i].change, h[0].id);
    for (size_t i = 4; i < 7; i++) assert_int_equal(h[i].change, h[4].id);
    assert_true(h[4].change != h[0].change);
    for (size_t i = 0; i < n; i++) assert_int_equal(h[i].undo_of, 0);
    store_history_free(h, n);
}

/* ---- undo --------------------------------------------------------------- */

static void test_undo_restores_and_withdraws(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_DOING, 40, NULL), "alice", T0);
    apply_ok(f->s, "II.1", change(ST_DONE, -1, "đã gửi báo cáo"), "alice", T1);
    size_t before = history_count(f->s);
    size_t nrows = 0;
    int64_t c = last_change(f->s, "alice", NULL, &nrows, NULL);
    assert_int_equal(nrows, 4); /* status, progress, completed, note */

    kh_error err = {0};
    int withdrawn = -1;
    assert_int_equal(undo(f->s, "II.1", c, "alice", T2, -1, &err, &withdrawn), KH_E_OK);
    assert_int_equal(withdrawn, 1);
    kh_state st = state_of(f->s, f->plan, "II.1");
    assert_int_equal(st.status, ST_DOING);
    assert_int_equal(st.progress, 40);
    assert_int_equal(st.completed, KH_NO_DATE);
    assert_int_equal(st.version, 3);
    assert_string_equal(st.updated_by, "alice");
    assert_int_equal(st.updated_at, T2);

    /* The note is withdrawn, not deleted: gone from the notes, kept marked. */
    kh_note *v = NULL;
    size_t nv = 0;
    assert_int_equal(store_notes(f->s, "test-plan", "II.1", &v, &nv, &err), KH_E_OK);
    assert_int_equal(nv, 0);
    store_notes_free(v, nv);
    assert_int_equal(store_notes_all(f->s, "test-plan", "II.1", &v, &nv, &err), KH_E_OK);
    assert_int_equal(nv, 1);
    assert_true(v[0].withdrawn);
    assert_string_equal(v[0].text, "đã gửi báo cáo");
    store_notes_free(v, nv);
    assert_int_equal(f->plan->tasks[model_find_task(f->plan, "II.1")].nnotes, 0);

    /* New history rows, one per field, marked as the undo of that change. */
    kh_history *h = NULL;
    size_t n = 0;
    assert_int_equal(store_history(f->s, "test-plan", "II.1", &h, &n, &err), KH_E_OK);
    assert_int_equal(n, before + 4);
    const char *want[4][3] = {{"status", "done", "doing"},
                              {"progress", "100", "40"},
                              {"completed", "2023-05-20", NULL},
                              {"note-withdrawn", "đã gửi báo cáo", NULL}};
    for (size_t i = 0; i < 4; i++) {
        const kh_history *r = &h[before + i];
        assert_string_equal(r->field, want[i][0]);
        assert_string_equal(r->old_value, want[i][1]);
        if (want[i][2])
            assert_string_equal(r->new_value, want[i][2]);
        else
            assert_null(r->new_value);
        assert_string_equal(r->user, "alice");
        assert_int_equal(r->at, T2);
        assert_int_equal(r->undo_of, c);
        assert_int_equal(r->change, h[before].id);
    }
    store_history_free(h, n);
}

/* Undo again: the change before. Once everything is undone, nothing is
 * left to undo, and undos themselves are never undone. */
static void test_undo_walks_back(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_DOING, 20, NULL), "alice", T0);
    apply_ok(f->s, "II.2", change(ST_BLOCKED, -1, NULL), "alice", T0);
    apply_ok(f->s, "II.1", change(-1, 70, NULL), "alice", T1);

    char *task = NULL;
    int64_t c = last_change(f->s, "alice", NULL, NULL, &task);
    assert_string_equal(task, "II.1");
    undo_ok(f->s, task, c, "alice", T2);
    free(task);
    assert_int_equal(state_of(f->s, f->plan, "II.1").progress, 20);

    c = last_change(f->s, "alice", NULL, NULL, &task);
    assert_string_equal(task, "II.2");
    undo_ok(f->s, task, c, "alice", T2);
    free(task);
    assert_int_equal(state_of(f->s, f->plan, "II.2").status, ST_TODO);

    c = last_change(f->s, "alice", NULL, NULL, &task);
    assert_string_equal(task, "II.1");
    undo_ok(f->s, task, c, "alice", T2);
    free(task);
    kh_state st = state_of(f->s, f->plan, "II.1");
    assert_int_equal(st.status, ST_TODO);
    assert_int_equal(st.progress, 0);

    assert_int_equal(last_change(f->s, "alice", NULL, NULL, NULL), 0);
    /* An undone change cannot be undone twice. */
    size_t before = history_count(f->s);
    kh_error err = {0};
    assert_int_equal(undo(f->s, "II.1", c, "alice", T3, -1, &err, NULL), KH_E_NOT_FOUND);
    assert_int_equal(history_count(f->s), before);
}

/* Someone else changed the task since: refused, with their name, and
 * nothing written. */
static void test_undo_refused_after_someone_else(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_DOING, 30, NULL), "alice", T0);
    int64_t c = last_change(f->s, "alice", "II.1", NULL, NULL);
    apply_ok(f->s, "II.1", change(-1, -1, "bob ghi chú"), "bob", T1);
    size_t before = history_count(f->s);
    kh_state was = state_of(f->s, f->plan, "II.1");

    kh_error err = {0};
    assert_int_equal(undo(f->s, "II.1", c, "alice", T2, -1, &err, NULL), KH_E_CONFLICT);
    assert_string_equal(err.who, "bob");
    assert_int_equal(err.reason, KH_R_CHANGED_SINCE);
    assert_int_equal(history_count(f->s), before);
    kh_state now = state_of(f->s, f->plan, "II.1");
    assert_int_equal(now.version, was.version);
    assert_int_equal(now.status, ST_DOING);

    /* Bob's own change is his to undo. */
    c = last_change(f->s, "bob", NULL, NULL, NULL);
    assert_true(c > 0);
    undo_ok(f->s, "II.1", c, "bob", T2);
    /* Even with bob's change undone, alice's undo stays refused: he wrote to
     * the task after her. */
    c = last_change(f->s, "alice", NULL, NULL, NULL);
    assert_int_equal(undo(f->s, "II.1", c, "alice", T3, -1, &err, NULL), KH_E_CONFLICT);
}

/* Only one's own changes: alice cannot undo bob's, and "the last change" of
 * alice skips bob's later ones on other tasks. */
static void test_undo_only_own(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_DOING, -1, NULL), "alice", T0);
    apply_ok(f->s, "II.2", change(ST_DONE, -1, NULL), "bob", T1);
    int64_t bobs = last_change(f->s, "bob", NULL, NULL, NULL);
    kh_error err = {0};
    assert_int_equal(undo(f->s, "II.2", bobs, "alice", T2, -1, &err, NULL), KH_E_NOT_FOUND);
    assert_int_equal(state_of(f->s, f->plan, "II.2").status, ST_DONE);
    char *task = NULL;
    assert_true(last_change(f->s, "alice", NULL, NULL, &task) > 0);
    assert_string_equal(task, "II.1");
    free(task);
    assert_int_equal(last_change(f->s, "alice", "II.2", NULL, NULL), 0);
    assert_int_equal(last_change(f->s, "carol", NULL, NULL, NULL), 0);
}

/* The version shown is checked, like any change from the dashboard. */
static void test_undo_expected_version(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_BLOCKED, -1, NULL), "alice", T0);
    int64_t c = last_change(f->s, "alice", NULL, NULL, NULL);
    kh_error err = {0};
    assert_int_equal(undo(f->s, "II.1", c, "alice", T1, 7, &err, NULL), KH_E_CONFLICT);
    assert_int_equal(state_of(f->s, f->plan, "II.1").status, ST_BLOCKED);
    assert_int_equal(undo(f->s, "II.1", c, "alice", T1, 1, &err, NULL), KH_E_OK);
    assert_int_equal(state_of(f->s, f->plan, "II.1").status, ST_TODO);
}

/* A reader cannot undo. */
static void test_undo_read_only(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_DOING, -1, NULL), "alice", T0);
    int64_t c = last_change(f->s, "alice", NULL, NULL, NULL);
    kh_store *ro = open_ok(f->path, STORE_READ_ONLY);
    kh_error err = {0};
    assert_int_equal(undo(ro, "II.1", c, "alice", T1, -1, &err, NULL), KH_E_DB_READONLY);
    store_close(ro);
    assert_int_equal(state_of(f->s, f->plan, "II.1").status, ST_DOING);
}

/* Filters of the history: task, user, since. */
static void test_history_filters(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_DOING, -1, NULL), "alice", T0);
    apply_ok(f->s, "II.2", change(ST_DOING, -1, NULL), "bob", T1);
    apply_ok(f->s, "II.1", change(-1, 50, NULL), "bob", T2);
    struct {
        kh_history_filter f;
        size_t n;
    } cases[] = {
        {{NULL, NULL, 0}, 3},      {{"II.1", NULL, 0}, 2},   {{NULL, "bob", 0}, 2},
        {{"II.1", "bob", 0}, 1},   {{NULL, NULL, T1}, 2},    {{NULL, NULL, T2 + 1}, 0},
        {{"II.2", "alice", 0}, 0}, {{NULL, "alice", T1}, 0},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_history *h = NULL;
        size_t n = 0;
        kh_error err = {0};
        assert_int_equal(store_history_query(f->s, "test-plan", &cases[i].f, &h, &n, &err),
                         KH_E_OK);
        if (n != cases[i].n) fail_msg("case %zu: %zu rows, want %zu", i, n, cases[i].n);
        store_history_free(h, n);
    }
}

/* ---- the database guards what was written ---------------------------- */

static void test_notes_never_deleted(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(-1, -1, "một"), "alice", T0);
    sqlite3 *db = raw_open(f->path);
    static const char *const attacks[] = {
        "DELETE FROM note",
        "UPDATE note SET body = 'khác'",
        "UPDATE note SET author = 'mallory'",
        "UPDATE note SET withdrawn = NULL",
        "UPDATE history SET undo_of = 1",
        "DELETE FROM history",
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(attacks); i++) {
        int rc = sqlite3_exec(db, attacks[i], NULL, NULL, NULL);
        if ((rc & 0xff) != SQLITE_CONSTRAINT) fail_msg("%s: %d", attacks[i], rc);
    }
    /* Withdrawn once; never again, never back. */
    raw_exec(db, "UPDATE note SET withdrawn = 99");
    assert_int_equal(sqlite3_exec(db, "UPDATE note SET withdrawn = 100", NULL, NULL, NULL) & 0xff,
                     SQLITE_CONSTRAINT);
    assert_int_equal(sqlite3_exec(db, "UPDATE note SET withdrawn = NULL", NULL, NULL, NULL) & 0xff,
                     SQLITE_CONSTRAINT);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM note WHERE body = 'một'"), 1);
    sqlite3_close(db);
}

/* ---- schema 2 to 3 ------------------------------------------------------ */

static void make_v2(const char *path)
{
    sqlite3 *db = raw_open(path);
    raw_exec(db, "PRAGMA journal_mode = WAL");
    raw_exec(db, SCHEMA_V2);
    raw_exec(db, DATA_V2);
    sqlite3_close(db);
}

/* A reader of a schema-2 database (the projector, say) reads it as it is:
 * state, notes, history grouped into changes, and writes nothing. */
static void test_v2_read_only(void **state)
{
    fixture *f = *state;
    make_v2(f->path);
    kh_store *s = open_ok(f->path, STORE_READ_ONLY);
    assert_int_equal(store_schema_version(s), 2);
    kh_state st = state_of(s, f->plan, "II.1");
    assert_int_equal(st.progress, 60);
    assert_int_equal(f->plan->tasks[model_find_task(f->plan, "II.1")].nnotes, 2);
    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_history(s, "test-plan", NULL, &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 6);
    int64_t want[6] = {1, 1, 1, 4, 5, 5};
    for (size_t i = 0; i < n; i++) assert_int_equal(h[i].change, want[i]);
    store_history_free(h, n);
    store_close(s);
    assert_int_equal(file_int(f->path, "PRAGMA user_version"), 2);
}

static void test_migrate_2_to_3(void **state)
{
    fixture *f = *state;
    make_v2(f->path);
    f->s = open_ok(f->path, 0);
    assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
    kh_state st = state_of(f->s, f->plan, "II.1");
    assert_int_equal(st.status, ST_DOING);
    assert_int_equal(st.progress, 60);
    assert_int_equal(st.version, 2);

    /* Rows written before schema 3 are grouped into the changes they were:
     * runs of one transaction (one task, user, second). */
    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_history(f->s, "test-plan", NULL, &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 6);
    int64_t want[6] = {1, 1, 1, 4, 5, 5};
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(h[i].change, want[i]);
        assert_int_equal(h[i].undo_of, 0);
    }
    store_history_free(h, n);

    /* carol's last change (09:00): progress 40 → 60 and the second note. */
    size_t nrows = 0;
    int64_t c = last_change(f->s, "carol", NULL, &nrows, NULL);
    assert_int_equal(c, 5);
    assert_int_equal(nrows, 2);
    int withdrawn = 0;
    assert_int_equal(undo(f->s, "II.1", c, "carol", T0, -1, &err, &withdrawn), KH_E_OK);
    assert_int_equal(withdrawn, 1);
    st = state_of(f->s, f->plan, "II.1");
    assert_int_equal(st.progress, 40);
    assert_int_equal(st.status, ST_DOING);
    kh_note *v = NULL;
    size_t nv = 0;
    assert_int_equal(store_notes(f->s, "test-plan", "II.1", &v, &nv, &err), KH_E_OK);
    assert_int_equal(nv, 1);
    assert_string_equal(v[0].text, "họp lần một");
    store_notes_free(v, nv);

    /* Then the 08:00 change, a run of three rows of schema 2. */
    c = last_change(f->s, "carol", NULL, &nrows, NULL);
    assert_int_equal(c, 1);
    assert_int_equal(nrows, 3);
    assert_int_equal(undo(f->s, "II.1", c, "carol", T1, -1, &err, &withdrawn), KH_E_OK);
    st = state_of(f->s, f->plan, "II.1");
    assert_int_equal(st.status, ST_TODO);
    assert_int_equal(st.progress, 0);
    assert_int_equal(f->plan->tasks[model_find_task(f->plan, "II.1")].nnotes, 0);
    assert_int_equal(last_change(f->s, "carol", NULL, NULL, NULL), 0);
    /* dave's change of schema 2 is still his. */
    assert_int_equal(last_change(f->s, "dave", NULL, NULL, NULL), 4);

    /* New changes after the migration get ids of their own. */
    apply_ok(f->s, "II.2", change(-1, 10, NULL), "dave", T2);
    c = last_change(f->s, "dave", NULL, &nrows, NULL);
    assert_true(c > 6);

    sqlite3 *db = raw_open(f->path);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN"
                                 " ('history_by_user', 'history_undone', 'note_no_delete',"
                                 " 'note_withdraw_only', 'history_no_update',"
                                 " 'history_no_delete')"),
                     6);
    /* Nothing written before was changed: the six rows read as they did. */
    assert_int_equal(raw_int(db, "SELECT count(*) FROM history WHERE id <= 6 AND change_id IS NULL"
                                 " AND undo_of IS NULL"),
                     6);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM note WHERE withdrawn IS NOT NULL"), 2);
    sqlite3_close(db);
}

/* ---- the app: rights, the model, no database ------------------------- */

static void test_app_undo(void **state)
{
    fixture *f = *state;
    kh_app app;
    memset(&app, 0, sizeof app);
    app.lang = KH_LANG_EN;
    app.today = date_from_ymd(2023, 5, 20);
    app.user = xstrdup("alice");
    app.plan = load_plan();
    kh_undo u;
    kh_error err = {0};
    /* No database yet: nothing to undo. */
    assert_int_equal(app_last_change(&app, -1, &u, &err), KH_E_NOT_FOUND);
    assert_int_equal(app_open_store(&app, f->path, false, &err), KH_E_OK);
    size_t i = (size_t)model_find_task(app.plan, "II.1");
    assert_int_equal(app_change(&app, i, ST_DOING, 30, "bắt đầu", -1, &err), KH_E_OK);
    assert_int_equal(app.plan->tasks[i].nnotes, 1);
    assert_int_equal(app_last_change(&app, -1, &u, &err), KH_E_OK);
    assert_int_equal(u.task, i);
    assert_int_equal(u.nrows, 3);
    /* The version the person saw is checked. */
    assert_int_equal(app_undo(&app, &u, 5, &err), KH_E_CONFLICT);
    assert_int_equal(app_undo(&app, &u, app.plan->tasks[i].version, &err), KH_E_OK);
    app_undo_free(&u);
    const kh_task *t = &app.plan->tasks[i];
    assert_int_equal(t->status, ST_TODO);
    assert_int_equal(t->progress, 0);
    assert_int_equal(t->version, 2);
    assert_int_equal(t->nnotes, 0);
    assert_string_equal(t->updated_by, "alice");
    assert_int_equal(app_last_change(&app, (long)i, &u, &err), KH_E_NOT_FOUND);

    /* The history in words, with the undo marked. */
    kh_history *h = NULL;
    size_t n = 0;
    assert_int_equal(app_history(&app, NULL, &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 6);
    strbuf sb = STRBUF_INIT;
    app_history_words(&sb, &h[3], KH_LANG_EN);
    assert_string_equal(sb_str(&sb), "status: In progress → Not started (undo)");
    sb_reset(&sb);
    app_history_words(&sb, &h[5], KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "rút lại ghi chú: bắt đầu");
    sb_reset(&sb);
    app_history_words(&sb, &h[1], KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "tiến độ: 0% → 30%");
    sb_done(&sb);
    store_history_free(h, n);

    /* app_notes leaves the withdrawn note out; app_notes_all marks it. */
    kh_note *v = NULL;
    size_t nv = 0;
    assert_int_equal(app_notes(&app, "II.1", &v, &nv, &err), KH_E_OK);
    assert_int_equal(nv, 0);
    store_notes_free(v, nv);
    assert_int_equal(app_notes_all(&app, "II.1", &v, &nv, &err), KH_E_OK);
    assert_int_equal(nv, 1);
    assert_true(v[0].withdrawn);
    store_notes_free(v, nv);
    app_close(&app);
}

/* The rules of undo, without a database: each refusal with its reason, and
 * the state restored field by field from the table. */
static void test_undo_rule_table(void **state)
{
    (void)state;
    char task[] = "II.1", st[] = "status", pr[] = "progress", todo[] = "todo", doing[] = "doing",
         zero[] = "0", thirty[] = "30", alice[] = "alice", bad[] = "nonsense";
    kh_history rows[2] = {
        {1, task, st, KF_STATUS, todo, doing, alice, T0, 1, 0},
        {2, task, pr, KF_PROGRESS, zero, thirty, alice, T0, 1, 0},
    };
    kh_record now = {ST_DOING, 30, KH_NO_DATE};
    kh_undo_facts f = {"alice", "II.1", rows, 2, false, now, 1, "alice", T0, -1, NULL, 0};
    kh_record r;
    kh_error err = {0};
    assert_int_equal(app_undo_rule(&f, &r, &err), KH_E_OK);
    assert_int_equal(r.status, ST_TODO);
    assert_int_equal(r.progress, 0);

    kh_undo_facts g = f;
    g.user = "bob"; /* not his */
    assert_int_equal(app_undo_rule(&g, &r, &err), KH_E_NOT_FOUND);
    assert_int_equal(err.reason, KH_R_NOTHING_TO_UNDO);
    g = f;
    g.undone = true;
    assert_int_equal(app_undo_rule(&g, &r, &err), KH_E_NOT_FOUND);
    g = f;
    g.later_user = "bob";
    g.later_at = T1;
    assert_int_equal(app_undo_rule(&g, &r, &err), KH_E_CONFLICT);
    assert_int_equal(err.reason, KH_R_CHANGED_SINCE);
    assert_string_equal(err.who, "bob");
    assert_int_equal(err.when, T1);
    assert_string_equal(err.detail, "");
    g = f;
    g.expected_version = 0;
    assert_int_equal(app_undo_rule(&g, &r, &err), KH_E_CONFLICT);
    assert_string_equal(err.who, "alice");
    g = f;
    g.now.progress = 50; /* no longer what the change set */
    assert_int_equal(app_undo_rule(&g, &r, &err), KH_E_CONFLICT);
    rows[0].old_value = bad;
    assert_int_equal(app_undo_rule(&f, &r, &err), KH_E_DB);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_undo_rule_table),
        cmocka_unit_test_setup_teardown(test_change_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_restores_and_withdraws, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_walks_back, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_refused_after_someone_else, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_only_own, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_expected_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_filters, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notes_never_deleted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_v2_read_only, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_2_to_3, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_app_undo, setup_dir, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
