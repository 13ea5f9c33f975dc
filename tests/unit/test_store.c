/* store: the SQLite file, its schema and migrations, the change rules, the
 * append-only history, conflicts, and the errors for files it must refuse. */
#include "testutil.h"

#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "kehoach/store.h"

/* 2023-11-14T22:13:20Z and a few later instants. */
#define T0 ((int64_t)1700000000)
#define T1 (T0 + 60)
#define T2 (T0 + 3600)
#define T3 (T0 + 86400)

/* The II.2 block of TEST_PLAN_YAML, cut out to make a plan without it. */
#define II2_BLOCK                                                                                  \
    "  - id: II.2\n"                                                                               \
    "    text: Địa chính, thường xuyên.\n"                                                 \
    "    lead: vp\n"                                                                               \
    "    deadline: continuous\n"

/* ---- helpers ---------------------------------------------------------- */

static char *path_in(const char *dir, const char *name)
{
    return xasprintf("%s/%s", dir, name);
}

static bool exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

/* Return a heap copy of s with the first `from` replaced by `to`. */
static char *replace(const char *s, const char *from, const char *to)
{
    const char *at = strstr(s, from);
    assert_non_null(at);
    return xasprintf("%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

static kh_plan *load_yaml(const char *yaml)
{
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    assert_int_equal(test_load(yaml, &plan, &diags), KH_E_OK);
    assert_int_equal(diags.n, 0);
    diags_free(&diags);
    assert_non_null(plan);
    return plan;
}

static kh_plan *load_plan(void)
{
    return load_yaml(TEST_PLAN_YAML);
}

static kh_plan *load_plan_with_id(const char *id)
{
    char *to = xasprintf("id: %s\n", id);
    char *yaml = replace(TEST_PLAN_YAML, "id: test-plan\n", to);
    kh_plan *plan = load_yaml(yaml);
    free(yaml);
    free(to);
    assert_string_equal(plan->id, id);
    return plan;
}

static kh_plan *load_plan_without_ii2(void)
{
    char *yaml = replace(TEST_PLAN_YAML, II2_BLOCK, "");
    kh_plan *plan = load_yaml(yaml);
    free(yaml);
    assert_true(model_find_task(plan, "II.2") < 0);
    assert_true(model_find_task(plan, "II.1") >= 0);
    return plan;
}

static const kh_task *task_of(const kh_plan *plan, const char *id)
{
    long i = model_find_task(plan, id);
    assert_true(i >= 0);
    return &plan->tasks[i];
}

static kh_change change(int status, int progress, const char *note, kh_date today, int64_t expected)
{
    return (kh_change){.status = status,
                       .progress = progress,
                       .note = note,
                       .today = today,
                       .expected_version = expected};
}

static kh_date day(int y, int m, int d)
{
    kh_date v = date_from_ymd(y, m, d);
    assert_int_not_equal(v, KH_NO_DATE);
    return v;
}

static void apply_ok(kh_store *s, const char *task, kh_change c, const char *user, int64_t now,
                     kh_state *out)
{
    kh_error err = {0};
    kh_state tmp;
    kh_errcode rc = store_apply(s, "test-plan", task, &c, user, now, out ? out : &tmp, &err);
    if (rc != KH_E_OK) fail_msg("store_apply(%s): %d %s", task, rc, err.detail);
}

static kh_store *open_ok(const char *path, int flags)
{
    kh_store *s = NULL;
    kh_error err = {0};
    kh_errcode rc = store_open(path, flags, &s, &err);
    if (rc != KH_E_OK) fail_msg("store_open(%s): %d %s", path, rc, err.detail);
    assert_non_null(s);
    return s;
}

static void load_ok(kh_store *s, kh_plan *plan)
{
    kh_error err = {0};
    kh_errcode rc = store_load(s, plan, &err);
    if (rc != KH_E_OK) fail_msg("store_load: %d %s", rc, err.detail);
}

static sqlite3 *raw_open(const char *path)
{
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) fail_msg("sqlite3_open_v2(%s): %s", path, sqlite3_errstr(rc));
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

/* Return the first column of the first row as a heap string. */
static char *raw_text(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    const unsigned char *v = sqlite3_column_text(st, 0);
    char *s = v ? xstrdup((const char *)v) : NULL;
    sqlite3_finalize(st);
    return s;
}

/* Open path with sqlite3 only to run one query; close at once. */
static int64_t file_int(const char *path, const char *sql)
{
    sqlite3 *db = raw_open(path);
    int64_t v = raw_int(db, sql);
    sqlite3_close(db);
    return v;
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) sb_add(&sb, buf, got);
    fclose(f);
    *n = sb.len;
    return sb.data ? sb.data : xstrdup("");
}

static void assert_same_bytes(const char *path, const char *want, size_t nwant)
{
    size_t n;
    char *got = read_all(path, &n);
    size_t first = 0;
    while (first < n && first < nwant && got[first] == want[first]) first++;
    free(got);
    if (n != nwant || first != n)
        fail_msg("%s changed: %zu bytes, was %zu; first difference at offset %zu", path, n, nwant,
                 first);
}

static size_t history_count(kh_store *s, const char *plan_id, const char *task_id)
{
    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_history(s, plan_id, task_id, &h, &n, &err), KH_E_OK);
    store_history_free(h, n);
    return n;
}

static size_t note_count(kh_store *s, const char *plan_id, const char *task_id)
{
    kh_note *v = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_notes(s, plan_id, task_id, &v, &n, &err), KH_E_OK);
    store_notes_free(v, n);
    return n;
}

static void assert_history(const kh_history *h, const char *task, const char *field,
                           const char *old_value, const char *new_value, const char *user,
                           int64_t at)
{
    assert_string_equal(h->task_id, task);
    assert_string_equal(h->field, field);
    if (old_value)
        assert_string_equal(h->old_value, old_value);
    else
        assert_null(h->old_value);
    if (new_value)
        assert_string_equal(h->new_value, new_value);
    else
        assert_null(h->new_value);
    assert_string_equal(h->user, user);
    assert_int_equal(h->at, at);
}

/* ---- fixture: a fresh directory with an open store --------------------- */

typedef struct {
    char *dir;
    char *path;
    kh_store *s;
    char *bytes; /* a copy of a file, freed by teardown */
} fixture;

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->path = path_in(f->dir, "kehoach.db");
    f->s = open_ok(f->path, 0);
    *state = f;
    return 0;
}

static int setup_dir(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->path = path_in(f->dir, "kehoach.db");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    store_close(f->s);
    free(f->path);
    free(f->bytes);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

/* ---- creating a database ---------------------------------------------- */

static void check_created_mode(fixture *f, mode_t mask)
{
    const char *path = f->path;
    mode_t old = umask(mask);
    kh_store *s = NULL;
    kh_error err = {0};
    kh_errcode rc = store_open(path, 0, &s, &err);
    umask(old);
    if (rc != KH_E_OK) fail_msg("store_open: %d %s", rc, err.detail);
    f->s = s; /* closed by teardown should a check fail */

    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(S_ISREG(sb.st_mode));
    assert_int_equal(sb.st_mode & 07777, 0660);

    /* The files beside it that SQLite makes in WAL mode must be as
     * shareable as the database, or another office user cannot write. */
    umask(mask);
    apply_ok(s, "II.1", change(ST_DOING, -1, NULL, KH_NO_DATE, -1), "alice", T0, NULL);
    umask(old);
    char *wal = xasprintf("%s-wal", path);
    char *shm = xasprintf("%s-shm", path);
    assert_int_equal(stat(wal, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0660);
    assert_int_equal(stat(shm, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0660);
    store_close(s);
    f->s = NULL;

    /* Still 0660 after the last connection has gone. */
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 07777, 0660);
    free(wal);
    free(shm);
}

static void test_open_mode_umask_022(void **state)
{
    check_created_mode(*state, 022);
}

static void test_open_mode_umask_077(void **state)
{
    check_created_mode(*state, 077);
}

static void test_open_schema_and_wal(void **state)
{
    fixture *f = *state;
    assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
    assert_int_equal(STORE_SCHEMA_VERSION, 8);
    store_close(f->s);
    f->s = NULL;

    sqlite3 *db = raw_open(f->path);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    char *mode = raw_text(db, "PRAGMA journal_mode");
    assert_string_equal(mode, "wal");
    free(mode);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND"
                                 " name IN ('task_state', 'note', 'history')"),
                     3);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN"
                                 " ('note_by_task', 'history_by_task', 'history_no_update',"
                                 " 'history_no_delete')"),
                     4);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM task_state"), 0);
    sqlite3_close(db);

    /* Opening again migrates nothing and keeps the version. */
    f->s = open_ok(f->path, 0);
    assert_int_equal(store_schema_version(f->s), STORE_SCHEMA_VERSION);
}

/* ---- round trip and the change rules ---------------------------------- */

static void test_round_trip(void **state)
{
    fixture *f = *state;
    kh_date d = day(2023, 5, 20);
    apply_ok(f->s, "II.1", change(ST_DOING, 40, "bắt đầu", d, -1), "alice", T0, NULL);
    apply_ok(f->s, "II.1", change(-1, 60, "một nửa", d, -1), "bob", T1, NULL);
    apply_ok(f->s, "II.2", change(ST_BLOCKED, 10, NULL, d, -1), "carol", T2, NULL);
    kh_state st;
    apply_ok(f->s, "III.1.1/2023-03", change(ST_DONE, -1, "xong", day(2023, 4, 2), -1), "dung", T3,
             &st);
    assert_int_equal(st.version, 1);
    store_close(f->s);

    f->s = open_ok(f->path, 0);
    kh_plan *plan = load_plan();
    kh_plan *ref = load_plan();
    load_ok(f->s, plan);

    const kh_task *t = task_of(plan, "II.1");
    assert_int_equal(t->status, ST_DOING);
    assert_int_equal(t->progress, 60);
    assert_int_equal(t->completed, KH_NO_DATE);
    assert_non_null(t->updated_by);
    assert_string_equal(t->updated_by, "bob");
    assert_int_equal(t->updated_at, T1);
    assert_int_equal(t->version, 2);
    assert_int_equal(t->nnotes, 2);

    t = task_of(plan, "II.2");
    assert_int_equal(t->status, ST_BLOCKED);
    assert_int_equal(t->progress, 10);
    assert_int_equal(t->completed, KH_NO_DATE);
    assert_string_equal(t->updated_by, "carol");
    assert_int_equal(t->updated_at, T2);
    assert_int_equal(t->version, 1);
    assert_int_equal(t->nnotes, 0);

    t = task_of(plan, "III.1.1/2023-03");
    assert_int_equal(t->status, ST_DONE);
    assert_int_equal(t->progress, 100);
    assert_int_equal(t->completed, day(2023, 4, 2));
    assert_string_equal(t->updated_by, "dung");
    assert_int_equal(t->updated_at, T3);
    assert_int_equal(t->version, 1);
    assert_int_equal(t->nnotes, 1);

    /* Tasks never changed stay as the plan left them. */
    const char *untouched[] = {"III.1.1/2023-01", "III.1.1/2023-12"};
    for (size_t i = 0; i < KH_ARRAY_LEN(untouched); i++) {
        const kh_task *a = task_of(plan, untouched[i]), *b = task_of(ref, untouched[i]);
        assert_int_equal(a->status, b->status);
        assert_int_equal(a->status, ST_TODO);
        assert_int_equal(a->progress, b->progress);
        assert_int_equal(a->completed, b->completed);
        assert_null(a->updated_by);
        assert_int_equal(a->updated_at, 0);
        assert_int_equal(a->version, 0);
        assert_int_equal(a->nnotes, 0);
    }

    /* The state alone leaves the note counts; they come on their own. */
    kh_plan *bare = load_plan();
    kh_error err = {0};
    assert_int_equal(store_load_state(f->s, bare, &err), KH_E_OK);
    assert_int_equal(task_of(bare, "II.1")->version, 2);
    assert_int_equal(task_of(bare, "II.1")->nnotes, 0);
    assert_int_equal(task_of(bare, "III.1.1/2023-03")->nnotes, 0);
    assert_int_equal(store_load_note_counts(f->s, bare, &err), KH_E_OK);
    assert_int_equal(task_of(bare, "II.1")->nnotes, 2);
    assert_int_equal(task_of(bare, "III.1.1/2023-03")->nnotes, 1);
    model_free(bare);
    model_free(ref);
    model_free(plan);
}

static void test_done_sets_progress_and_completed(void **state)
{
    fixture *f = *state;
    kh_state st;
    apply_ok(f->s, "II.1", change(ST_DOING, 30, NULL, day(2023, 5, 1), -1), "alice", T0, &st);
    assert_int_equal(st.completed, KH_NO_DATE);

    /* Done with an explicit lower progress: still 100. */
    apply_ok(f->s, "II.1", change(ST_DONE, 40, NULL, day(2023, 5, 20), -1), "bob", T1, &st);
    assert_int_equal(st.status, ST_DONE);
    assert_int_equal(st.progress, 100);
    assert_int_equal(st.completed, day(2023, 5, 20));
    assert_int_equal(st.version, 2);
    assert_string_equal(st.updated_by, "bob");
    assert_int_equal(st.updated_at, T1);

    /* Done again on a later day, with a note: the completion day stays. */
    apply_ok(f->s, "II.1", change(ST_DONE, -1, "biên bản", day(2023, 6, 9), -1), "carol", T2, &st);
    assert_int_equal(st.completed, day(2023, 5, 20));
    assert_int_equal(st.progress, 100);
    assert_int_equal(st.version, 3);

    /* A todo task straight to done. */
    apply_ok(f->s, "II.2", change(ST_DONE, -1, NULL, day(2023, 7, 1), -1), "alice", T2, &st);
    assert_int_equal(st.progress, 100);
    assert_int_equal(st.completed, day(2023, 7, 1));

    kh_plan *plan = load_plan();
    load_ok(f->s, plan);
    assert_int_equal(task_of(plan, "II.1")->completed, day(2023, 5, 20));
    assert_int_equal(task_of(plan, "II.1")->progress, 100);
    assert_int_equal(task_of(plan, "II.2")->completed, day(2023, 7, 1));
    model_free(plan);
}

static void test_leaving_done_clears_completed(void **state)
{
    fixture *f = *state;
    kh_state st;
    apply_ok(f->s, "II.1", change(ST_DONE, -1, NULL, day(2023, 5, 20), -1), "alice", T0, &st);
    assert_int_equal(st.completed, day(2023, 5, 20));
    apply_ok(f->s, "II.1", change(ST_DOING, 80, NULL, day(2023, 5, 21), -1), "bob", T1, &st);
    assert_int_equal(st.status, ST_DOING);
    assert_int_equal(st.progress, 80);
    assert_int_equal(st.completed, KH_NO_DATE);

    sqlite3 *db = raw_open(f->path);
    assert_int_equal(raw_int(db, "SELECT completed IS NULL FROM task_state WHERE task_id = 'II.1'"),
                     1);
    sqlite3_close(db);

    kh_plan *plan = load_plan();
    load_ok(f->s, plan);
    assert_int_equal(task_of(plan, "II.1")->status, ST_DOING);
    assert_int_equal(task_of(plan, "II.1")->completed, KH_NO_DATE);
    model_free(plan);

    /* Done once more: completed is the new day, not the old one. */
    apply_ok(f->s, "II.1", change(ST_DONE, -1, NULL, day(2023, 6, 1), -1), "bob", T2, &st);
    assert_int_equal(st.completed, day(2023, 6, 1));
}

/* Reopened (done, then back to doing or blocked with no progress given),
 * a task gets back the progress it had before it was done, as its history
 * says, and the state says so; with no such history (done from the plan
 * file's state, or from not started), 100%. */
static void test_reopen_keeps_progress(void **state)
{
    fixture *f = *state;
    kh_state st;
    apply_ok(f->s, "II.1", change(ST_DOING, 40, NULL, day(2023, 5, 1), -1), "alice", T0, &st);
    apply_ok(f->s, "II.1", change(ST_DONE, -1, NULL, day(2023, 5, 20), -1), "bob", T1, &st);
    assert_int_equal(st.reopen, REOPEN_NO);
    apply_ok(f->s, "II.1", change(ST_DOING, -1, NULL, day(2023, 5, 21), -1), "carol", T2, &st);
    assert_int_equal(st.progress, 40);
    assert_int_equal(st.reopen, REOPEN_KEPT);
    assert_int_equal(st.completed, KH_NO_DATE);
    /* Done from 100% already (no progress row in that change): 100 is known. */
    apply_ok(f->s, "II.1", change(-1, 100, NULL, day(2023, 5, 22), -1), "carol", T2, &st);
    apply_ok(f->s, "II.1", change(ST_DONE, -1, NULL, day(2023, 5, 23), -1), "carol", T3, &st);
    apply_ok(f->s, "II.1", change(ST_BLOCKED, -1, NULL, day(2023, 5, 24), -1), "carol", T3, &st);
    assert_int_equal(st.progress, 100);
    assert_int_equal(st.reopen, REOPEN_KEPT);
    /* Done again from 70, reopened again: the last time counts. */
    apply_ok(f->s, "II.1", change(ST_DOING, 70, NULL, day(2023, 5, 25), -1), "carol", T3, &st);
    apply_ok(f->s, "II.1", change(ST_DONE, -1, NULL, day(2023, 5, 26), -1), "carol", T3, &st);
    apply_ok(f->s, "II.1", change(ST_DOING, -1, NULL, day(2023, 5, 27), -1), "carol", T3, &st);
    assert_int_equal(st.progress, 70);
    /* Straight from not started: no progress recorded, 100%. */
    apply_ok(f->s, "II.2", change(ST_DONE, -1, NULL, day(2023, 5, 20), -1), "bob", T1, &st);
    apply_ok(f->s, "II.2", change(ST_DOING, -1, NULL, day(2023, 5, 21), -1), "bob", T2, &st);
    assert_int_equal(st.progress, 100);
    assert_int_equal(st.reopen, REOPEN_UNKNOWN);
    /* Not started is 0% still. */
    apply_ok(f->s, "II.2", change(ST_DONE, -1, NULL, day(2023, 5, 22), -1), "bob", T2, &st);
    apply_ok(f->s, "II.2", change(ST_TODO, -1, NULL, day(2023, 5, 23), -1), "bob", T3, &st);
    assert_int_equal(st.progress, 0);
    assert_int_equal(st.reopen, REOPEN_NO);
}

/* Rows written before schema 3 have no change id: the progress row of the
 * change that made the task done is the one of the same user and time. */
static void test_reopen_keeps_progress_legacy_rows(void **state)
{
    fixture *f = *state;
    kh_state st;
    apply_ok(f->s, "II.1", change(ST_DOING, 35, NULL, day(2023, 5, 1), -1), "alice", T0, &st);
    apply_ok(f->s, "II.1", change(ST_DONE, -1, NULL, day(2023, 5, 20), -1), "bob", T1, &st);
    sqlite3 *db = raw_open(f->path);
    raw_exec(db, "DROP TRIGGER IF EXISTS history_no_update");
    raw_exec(db, "UPDATE history SET change_id = NULL");
    sqlite3_close(db);
    apply_ok(f->s, "II.1", change(ST_DOING, -1, NULL, day(2023, 5, 21), -1), "carol", T2, &st);
    assert_int_equal(st.progress, 35);
    assert_int_equal(st.reopen, REOPEN_KEPT);
}

static void test_noop_change_writes_nothing(void **state)
{
    fixture *f = *state;
    kh_state st;
    apply_ok(f->s, "II.1", change(ST_DOING, 30, NULL, day(2023, 5, 1), -1), "alice", T0, &st);
    assert_int_equal(st.version, 1);
    size_t nh = history_count(f->s, "test-plan", NULL);
    assert_int_equal(nh, 2);

    const kh_change noops[] = {
        change(ST_DOING, -1, NULL, day(2023, 5, 2), -1),
        change(-1, 30, NULL, day(2023, 5, 2), -1),
        change(ST_DOING, 30, NULL, day(2023, 5, 2), 1),
        change(-1, -1, NULL, day(2023, 5, 2), -1),
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(noops); i++) {
        memset(&st, 0xa5, sizeof st);
        apply_ok(f->s, "II.1", noops[i], "bob", T2, &st);
        assert_int_equal(st.version, 1);
        assert_int_equal(st.status, ST_DOING);
        assert_int_equal(st.progress, 30);
        assert_string_equal(st.updated_by, "alice");
        assert_int_equal(st.updated_at, T0);
    }
    assert_int_equal(history_count(f->s, "test-plan", NULL), nh);

    /* A no-op on a task never changed creates no row either. */
    apply_ok(f->s, "II.2", change(ST_TODO, 0, NULL, day(2023, 5, 2), -1), "bob", T2, &st);
    assert_int_equal(st.version, 0);
    assert_int_equal(history_count(f->s, "test-plan", NULL), nh);

    sqlite3 *db = raw_open(f->path);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM task_state"), 1);
    assert_int_equal(raw_int(db, "SELECT version FROM task_state WHERE task_id = 'II.1'"), 1);
    char *by = raw_text(db, "SELECT updated_by FROM task_state WHERE task_id = 'II.1'");
    assert_string_equal(by, "alice");
    free(by);
    sqlite3_close(db);

    kh_plan *plan = load_plan();
    load_ok(f->s, plan);
    assert_int_equal(task_of(plan, "II.1")->version, 1);
    assert_int_equal(task_of(plan, "II.2")->version, 0);
    assert_null(task_of(plan, "II.2")->updated_by);
    model_free(plan);
}

static void test_progress_only_change(void **state)
{
    fixture *f = *state;
    kh_state st;
    /* On a task never touched: progress starts it (the status moves too). */
    apply_ok(f->s, "II.2", change(-1, 25, NULL, day(2023, 5, 1), -1), "alice", T0, &st);
    assert_int_equal(st.status, ST_DOING);
    assert_int_equal(st.progress, 25);
    assert_int_equal(st.completed, KH_NO_DATE);
    assert_int_equal(st.version, 1);

    /* Saying what it already is changes nothing. */
    apply_ok(f->s, "II.2", change(ST_DOING, -1, NULL, day(2023, 5, 1), -1), "alice", T1, &st);
    assert_int_equal(st.progress, 25);
    assert_int_equal(st.version, 1);
    apply_ok(f->s, "II.2", change(-1, 55, NULL, day(2023, 5, 1), -1), "bob", T2, &st);
    assert_int_equal(st.status, ST_DOING);
    assert_int_equal(st.progress, 55);
    assert_int_equal(st.version, 2);
    assert_string_equal(st.updated_by, "bob");

    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_history(f->s, "test-plan", "II.2", &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 3);
    assert_history(&h[0], "II.2", "status", "todo", "doing", "alice", T0);
    assert_history(&h[1], "II.2", "progress", "0", "25", "alice", T0);
    assert_history(&h[2], "II.2", "progress", "25", "55", "bob", T2);
    store_history_free(h, n);

    /* Progress to 0 is a change too (in progress, not yet begun). */
    apply_ok(f->s, "II.2", change(-1, 0, NULL, day(2023, 5, 1), -1), "bob", T3, &st);
    assert_int_equal(st.progress, 0);
    assert_int_equal(st.status, ST_DOING);
    assert_int_equal(st.version, 3);
}

static void test_out_of_range_progress_writes_nothing(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_DOING, 30, NULL, day(2023, 5, 1), -1), "alice", T0, NULL);
    kh_change c = change(-1, 101, "quá", day(2023, 5, 1), -1);
    kh_state st;
    kh_error err = {0};
    kh_errcode rc = store_apply(f->s, "test-plan", "II.1", &c, "bob", T1, &st, &err);
    assert_int_not_equal(rc, KH_E_OK);
    assert_int_equal(history_count(f->s, "test-plan", NULL), 2);
    assert_int_equal(note_count(f->s, "test-plan", NULL), 0);

    /* The failed transaction was rolled back: the next change works. */
    apply_ok(f->s, "II.1", change(-1, 70, NULL, day(2023, 5, 1), -1), "bob", T2, &st);
    assert_int_equal(st.version, 2);
    assert_int_equal(st.progress, 70);
    assert_int_equal(history_count(f->s, "test-plan", NULL), 3);
}

/* ---- history and notes ------------------------------------------------ */

static void test_history_rows(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_DOING, 30, "đã họp", day(2023, 5, 1), -1), "alice", T0, NULL);
    apply_ok(f->s, "II.2", change(ST_BLOCKED, -1, NULL, day(2023, 5, 2), -1), "carol", T1, NULL);
    apply_ok(f->s, "II.1", change(ST_DONE, -1, NULL, day(2023, 5, 20), -1), "bob", T2, NULL);
    apply_ok(f->s, "II.1", change(ST_DOING, -1, NULL, day(2023, 5, 21), -1), "alice", T3, NULL);

    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_history(f->s, "test-plan", "II.1", &h, &n, &err), KH_E_OK);
    /* Reopening a done task without a progress gives it back the progress
     * it had before it was done (30). */
    assert_int_equal(n, 9);
    assert_history(&h[0], "II.1", "status", "todo", "doing", "alice", T0);
    assert_history(&h[1], "II.1", "progress", "0", "30", "alice", T0);
    assert_history(&h[2], "II.1", "note", NULL, "đã họp", "alice", T0);
    assert_history(&h[3], "II.1", "status", "doing", "done", "bob", T2);
    assert_history(&h[4], "II.1", "progress", "30", "100", "bob", T2);
    assert_history(&h[5], "II.1", "completed", NULL, "2023-05-20", "bob", T2);
    assert_history(&h[6], "II.1", "status", "done", "doing", "alice", T3);
    assert_history(&h[7], "II.1", "progress", "100", "30", "alice", T3);
    assert_history(&h[8], "II.1", "completed", "2023-05-20", NULL, "alice", T3);
    for (size_t i = 1; i < n; i++) assert_true(h[i].id > h[i - 1].id);
    store_history_free(h, n);

    assert_int_equal(store_history(f->s, "test-plan", NULL, &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 10);
    assert_history(&h[0], "II.1", "status", "todo", "doing", "alice", T0);
    assert_history(&h[3], "II.2", "status", "todo", "blocked", "carol", T1);
    assert_history(&h[4], "II.1", "status", "doing", "done", "bob", T2);
    assert_history(&h[9], "II.1", "completed", "2023-05-20", NULL, "alice", T3);
    for (size_t i = 1; i < n; i++) {
        assert_true(h[i].id > h[i - 1].id);
        assert_true(h[i].at >= h[i - 1].at);
    }
    store_history_free(h, n);

    /* A task with no history, and a plan with none. */
    h = NULL;
    assert_int_equal(store_history(f->s, "test-plan", "III.1.1/2023-01", &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 0);
    store_history_free(h, n);
    assert_int_equal(history_count(f->s, "no-such-plan", NULL), 0);

    /* The stored time is UTC ISO 8601. */
    sqlite3 *db = raw_open(f->path);
    char *at = raw_text(db, "SELECT at FROM history ORDER BY id LIMIT 1");
    assert_string_equal(at, "2023-11-14T22:13:20Z");
    free(at);
    sqlite3_close(db);
}

static void test_notes_newest_first(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(-1, -1, "ghi chú một", KH_NO_DATE, -1), "alice", T0, NULL);
    apply_ok(f->s, "II.2", change(-1, -1, "ghi chú hai", KH_NO_DATE, -1), "bob", T1, NULL);
    kh_state st;
    apply_ok(f->s, "II.1", change(-1, -1, "ghi chú ba", KH_NO_DATE, -1), "carol", T2, &st);
    /* A note alone is a change: the version moves, the status does not. */
    assert_int_equal(st.version, 2);
    assert_int_equal(st.status, ST_TODO);
    assert_string_equal(st.updated_by, "carol");

    kh_note *v = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_notes(f->s, "test-plan", "II.1", &v, &n, &err), KH_E_OK);
    assert_int_equal(n, 2);
    assert_string_equal(v[0].text, "ghi chú ba");
    assert_string_equal(v[0].author, "carol");
    assert_string_equal(v[0].task_id, "II.1");
    assert_int_equal(v[0].at, T2);
    assert_string_equal(v[1].text, "ghi chú một");
    assert_string_equal(v[1].author, "alice");
    assert_int_equal(v[1].at, T0);
    assert_true(v[0].id > v[1].id);
    store_notes_free(v, n);

    assert_int_equal(store_notes(f->s, "test-plan", NULL, &v, &n, &err), KH_E_OK);
    assert_int_equal(n, 3);
    assert_string_equal(v[0].text, "ghi chú ba");
    assert_string_equal(v[1].text, "ghi chú hai");
    assert_string_equal(v[1].task_id, "II.2");
    assert_string_equal(v[1].author, "bob");
    assert_string_equal(v[2].text, "ghi chú một");
    store_notes_free(v, n);

    v = NULL;
    assert_int_equal(store_notes(f->s, "test-plan", "III.1.1/2023-01", &v, &n, &err), KH_E_OK);
    assert_int_equal(n, 0);
    store_notes_free(v, n);

    kh_plan *plan = load_plan();
    load_ok(f->s, plan);
    assert_int_equal(task_of(plan, "II.1")->nnotes, 2);
    assert_int_equal(task_of(plan, "II.2")->nnotes, 1);
    model_free(plan);
}

static void test_history_append_only(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_DOING, 30, "một", KH_NO_DATE, -1), "alice", T0, NULL);
    assert_int_equal(history_count(f->s, "test-plan", NULL), 3);

    sqlite3 *db = raw_open(f->path);
    static const char *const attacks[] = {
        "UPDATE history SET user = 'mallory'",
        "UPDATE history SET new_value = 'done' WHERE field = 'status'",
        "DELETE FROM history",
        "DELETE FROM history WHERE field = 'note'",
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(attacks); i++) {
        char *msg = NULL;
        int rc = sqlite3_exec(db, attacks[i], NULL, NULL, &msg);
        assert_int_equal(rc & 0xff, SQLITE_CONSTRAINT);
        assert_non_null(msg);
        assert_non_null(strstr(msg, "append-only"));
        sqlite3_free(msg);
    }
    assert_int_equal(raw_int(db, "SELECT count(*) FROM history"), 3);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM history WHERE user = 'alice'"), 3);
    sqlite3_close(db);

    /* And the store still appends. */
    apply_ok(f->s, "II.1", change(-1, 50, NULL, KH_NO_DATE, -1), "bob", T1, NULL);
    assert_int_equal(history_count(f->s, "test-plan", NULL), 4);
}

/* ---- conflicts and concurrent writers --------------------------------- */

static void test_conflict(void **state)
{
    fixture *f = *state;
    kh_state st;
    apply_ok(f->s, "II.1", change(ST_DOING, 20, NULL, day(2023, 5, 1), 0), "alice", T0, &st);
    assert_int_equal(st.version, 1);
    apply_ok(f->s, "II.1", change(-1, 50, NULL, day(2023, 5, 1), 1), "bob", T1, &st);
    assert_int_equal(st.version, 2);
    size_t nh = history_count(f->s, "test-plan", NULL);

    /* Carol loaded at version 1; Bob has moved it on since. */
    kh_change c = change(ST_DONE, -1, "xong rồi", day(2023, 5, 2), 1);
    kh_error err = {0};
    kh_errcode rc = store_apply(f->s, "test-plan", "II.1", &c, "carol", T2, &st, &err);
    assert_int_equal(rc, KH_E_CONFLICT);
    assert_int_equal(err.code, KH_E_CONFLICT);
    assert_int_equal(err.reason, KH_R_CHANGED_SINCE);
    assert_string_equal(err.who, "bob");
    assert_int_equal(err.when, T1);
    assert_null(strstr(err.detail, "carol"));

    assert_int_equal(history_count(f->s, "test-plan", NULL), nh);
    assert_int_equal(note_count(f->s, "test-plan", NULL), 0);
    kh_plan *plan = load_plan();
    load_ok(f->s, plan);
    const kh_task *t = task_of(plan, "II.1");
    assert_int_equal(t->status, ST_DOING);
    assert_int_equal(t->progress, 50);
    assert_int_equal(t->version, 2);
    assert_string_equal(t->updated_by, "bob");
    model_free(plan);

    /* A version from the future is a conflict too. */
    c.expected_version = 7;
    assert_int_equal(store_apply(f->s, "test-plan", "II.1", &c, "carol", T2, &st, &err),
                     KH_E_CONFLICT);
    /* A task never written is at version 0: expecting 1 conflicts. */
    c.expected_version = 1;
    assert_int_equal(store_apply(f->s, "test-plan", "II.2", &c, "carol", T2, &st, &err),
                     KH_E_CONFLICT);
    assert_int_equal(history_count(f->s, "test-plan", NULL), nh);

    /* At the right version it goes through. */
    c.expected_version = 2;
    apply_ok(f->s, "II.1", c, "carol", T2, &st);
    assert_int_equal(st.version, 3);
    assert_int_equal(st.status, ST_DONE);
}

static void test_two_connections(void **state)
{
    fixture *f = *state;
    kh_store *a = f->s;
    kh_store *b = open_ok(f->path, 0);
    kh_state st;
    int64_t last = 0;
    const char *users[] = {"alice", "bob"};
    for (int i = 0; i < 6; i++) {
        kh_store *w = i % 2 ? b : a;
        kh_store *r = i % 2 ? a : b;
        /* The writer sees the state as the other left it. */
        kh_plan *before = load_plan();
        load_ok(w, before);
        const kh_task *t = task_of(before, "II.1");
        assert_int_equal(t->version, last);
        if (i > 0) assert_string_equal(t->updated_by, users[(i + 1) % 2]);
        apply_ok(w, "II.1", change(-1, 10 * (i + 1), NULL, KH_NO_DATE, t->version), users[i % 2],
                 T0 + i, &st);
        assert_true(st.version > last);
        last = st.version;
        model_free(before);

        kh_plan *after = load_plan();
        load_ok(r, after);
        t = task_of(after, "II.1");
        assert_int_equal(t->version, last);
        assert_int_equal(t->progress, 10 * (i + 1));
        assert_string_equal(t->updated_by, users[i % 2]);
        assert_int_equal(t->updated_at, T0 + i);
        model_free(after);
    }
    assert_int_equal(last, 6);

    /* A stale writer on the other connection is refused. */
    kh_change c = change(ST_DONE, -1, NULL, KH_NO_DATE, 5);
    kh_error err = {0};
    assert_int_equal(store_apply(a, "test-plan", "II.1", &c, "alice", T3, &st, &err),
                     KH_E_CONFLICT);
    assert_string_equal(err.who, "bob");

    /* Both read the same history: six progress rows, and the first change
     * started the task (todo → doing). */
    assert_int_equal(history_count(a, "test-plan", "II.1"), 7);
    assert_int_equal(history_count(b, "test-plan", "II.1"), 7);
    store_close(b);
}

/* The statements a load keeps prepared for the next plan hold no read
 * open after it: a writer's commit is seen at the next load, and a full
 * checkpoint (which waits for no reader, and fails with one in the way)
 * truncates the WAL while the reader stays open. */
static void test_kept_statements_hold_no_read(void **state)
{
    fixture *f = *state;
    kh_store *r = open_ok(f->path, STORE_READ_ONLY);
    kh_state st;
    for (int i = 0; i < 3; i++) {
        apply_ok(f->s, "II.1", change(ST_DOING, 10 * (i + 1), NULL, KH_NO_DATE, -1), "alice",
                 T0 + i, &st);
        for (int k = 0; k < 2; k++) { /* a second load reuses every statement */
            kh_plan *p = load_plan();
            load_ok(r, p);
            assert_int_equal(task_of(p, "II.1")->progress, 10 * (i + 1));
            model_free(p);
        }
        sqlite3 *db = raw_open(f->path);
        /* A first read: until then the connection knows of no WAL. */
        assert_int_equal(sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL),
                         SQLITE_OK);
        int log = -1, done = -1;
        assert_int_equal(
            sqlite3_wal_checkpoint_v2(db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &log, &done),
            SQLITE_OK);
        assert_int_equal(log, 0); /* truncated: no reader kept it */
        sqlite3_close(db);
    }
    store_close(r);
}

/* ---- plans ------------------------------------------------------------ */

static void test_state_keyed_by_plan(void **state)
{
    fixture *f = *state;
    kh_state st;
    apply_ok(f->s, "II.1", change(ST_DONE, -1, "kế hoạch A", day(2023, 5, 20), -1), "alice", T0,
             &st);
    apply_ok(f->s, "II.2", change(ST_DOING, 10, NULL, day(2023, 5, 20), -1), "alice", T0, &st);

    kh_plan *other = load_plan_with_id("other-plan");
    load_ok(f->s, other);
    for (size_t i = 0; i < other->ntasks; i++) {
        assert_int_equal(other->tasks[i].status, ST_TODO);
        assert_int_equal(other->tasks[i].version, 0);
        assert_int_equal(other->tasks[i].nnotes, 0);
        assert_null(other->tasks[i].updated_by);
    }
    assert_int_equal(history_count(f->s, "other-plan", NULL), 0);
    assert_int_equal(history_count(f->s, "other-plan", "II.1"), 0);
    assert_int_equal(note_count(f->s, "other-plan", NULL), 0);

    /* The other plan's II.1 starts at version 0, whatever test-plan's is. */
    kh_change c = change(ST_BLOCKED, -1, "kế hoạch B", day(2023, 5, 21), 0);
    kh_error err = {0};
    assert_int_equal(store_apply(f->s, "other-plan", "II.1", &c, "bob", T1, &st, &err), KH_E_OK);
    assert_int_equal(st.version, 1);
    assert_int_equal(st.status, ST_BLOCKED);

    kh_plan *plan = load_plan();
    load_ok(f->s, plan);
    assert_int_equal(task_of(plan, "II.1")->status, ST_DONE);
    assert_string_equal(task_of(plan, "II.1")->updated_by, "alice");
    assert_int_equal(task_of(plan, "II.1")->nnotes, 1);

    kh_note *v = NULL;
    size_t n = 0;
    assert_int_equal(store_notes(f->s, "other-plan", NULL, &v, &n, &err), KH_E_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].text, "kế hoạch B");
    store_notes_free(v, n);
    assert_int_equal(store_notes(f->s, "test-plan", "II.1", &v, &n, &err), KH_E_OK);
    assert_int_equal(n, 1);
    assert_string_equal(v[0].text, "kế hoạch A");
    store_notes_free(v, n);

    /* Neither plan's tasks are orphans of the other. */
    char **ids = NULL;
    assert_int_equal(store_orphans(f->s, other, &ids, &n, &err), KH_E_OK);
    assert_int_equal(n, 0);
    free(ids);
    model_free(other);
    model_free(plan);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_orphans(void **state)
{
    fixture *f = *state;
    kh_plan *plan = load_plan();
    load_ok(f->s, plan);
    apply_ok(f->s, "II.1", change(ST_DOING, -1, NULL, KH_NO_DATE, -1), "alice", T0, NULL);
    apply_ok(f->s, "II.2", change(ST_BLOCKED, 20, "vướng", KH_NO_DATE, -1), "alice", T0, NULL);

    /* Notes or history alone (from an older program, say) count too. */
    sqlite3 *db = raw_open(f->path);
    raw_exec(db, "INSERT INTO note (plan_id, task_id, body, author, created_at) VALUES"
                 " ('test-plan', 'gone-note', 'x', 'eve', '2023-01-01T00:00:00Z'),"
                 " ('other-plan', 'other-only', 'x', 'eve', '2023-01-01T00:00:00Z');"
                 "INSERT INTO history (plan_id, task_id, field, old_value, new_value, user, at)"
                 " VALUES ('test-plan', 'gone-history', 'status', 'todo', 'doing', 'eve',"
                 " '2023-01-01T00:00:00Z');");
    sqlite3_close(db);

    char **ids = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_orphans(f->s, plan, &ids, &n, &err), KH_E_OK);
    qsort(ids, n, sizeof *ids, cmp_str);
    assert_int_equal(n, 2);
    assert_string_equal(ids[0], "gone-history");
    assert_string_equal(ids[1], "gone-note");
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
    model_free(plan);

    /* The plan loses II.2: its state, note and history are orphans, kept. */
    kh_plan *smaller = load_plan_without_ii2();
    load_ok(f->s, smaller);
    assert_int_equal(task_of(smaller, "II.1")->status, ST_DOING);
    assert_int_equal(store_orphans(f->s, smaller, &ids, &n, &err), KH_E_OK);
    qsort(ids, n, sizeof *ids, cmp_str);
    assert_int_equal(n, 3);
    assert_string_equal(ids[0], "II.2");
    assert_string_equal(ids[1], "gone-history");
    assert_string_equal(ids[2], "gone-note");
    for (size_t i = 0; i < n; i++) free(ids[i]);
    free(ids);
    model_free(smaller);
    assert_int_equal(history_count(f->s, "test-plan", "II.2"), 3);
    assert_int_equal(note_count(f->s, "test-plan", "II.2"), 1);
}

/* ---- migration and files the store must refuse ------------------------ */

static void test_migrate_from_v1(void **state)
{
    fixture *f = *state;
    const char *path = f->path;
    sqlite3 *db = raw_open(path);
    raw_exec(db, SCHEMA_V1);
    raw_exec(db, "PRAGMA user_version = 1");
    raw_exec(db, "INSERT INTO task_state VALUES ('test-plan', 'II.1', 'doing', 40, NULL,"
                 " '2023-03-01T08:00:00Z', 'carol', 3);"
                 "INSERT INTO note (plan_id, task_id, body, author, created_at) VALUES"
                 " ('test-plan', 'II.1', 'cũ', 'carol', '2023-03-01T08:00:00Z');"
                 "INSERT INTO history (plan_id, task_id, field, old_value, new_value, user, at)"
                 " VALUES ('test-plan', 'II.1', 'status', 'todo', 'doing', 'carol',"
                 " '2023-03-01T08:00:00Z');");
    assert_int_equal(raw_int(db, "PRAGMA user_version"), 1);
    sqlite3_close(db);

    /* Read-only cannot migrate, and leaves the file alone. */
    size_t n0;
    char *before = f->bytes = read_all(path, &n0);
    kh_store *s = NULL;
    kh_error err = {0};
    assert_int_equal(store_open(path, STORE_READ_ONLY, &s, &err), KH_E_DB_READONLY);
    assert_null(s);
    assert_same_bytes(path, before, n0);

    s = open_ok(path, 0);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    kh_plan *plan = load_plan();
    load_ok(s, plan);
    const kh_task *t = task_of(plan, "II.1");
    assert_int_equal(t->status, ST_DOING);
    assert_int_equal(t->progress, 40);
    assert_int_equal(t->version, 3);
    assert_string_equal(t->updated_by, "carol");
    assert_int_equal(t->updated_at, (int64_t)1677657600);
    assert_int_equal(t->nnotes, 1);
    assert_int_equal(history_count(s, "test-plan", "II.1"), 1);

    kh_state st;
    apply_ok(s, "II.1", change(-1, 60, NULL, KH_NO_DATE, 3), "alice", T0, &st);
    assert_int_equal(st.version, 4);
    store_close(s);
    model_free(plan);

    db = raw_open(path);
    assert_int_equal(raw_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    char *mode = raw_text(db, "PRAGMA journal_mode");
    assert_string_equal(mode, "wal");
    free(mode);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND"
                                 " name IN ('note_by_task', 'history_by_task')"),
                     2);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND"
                                 " name IN ('history_no_update', 'history_no_delete')"),
                     2);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM task_state"), 1);
    assert_int_equal(sqlite3_exec(db, "DELETE FROM history", NULL, NULL, NULL) & 0xff,
                     SQLITE_CONSTRAINT);
    assert_int_equal(raw_int(db, "SELECT count(*) FROM history"), 2);
    sqlite3_close(db);
}

/* Make a database whose schema is newer than this program's: kehoach's
 * tables (a newer kehoach keeps them) and one this program does not know. */
static void make_newer(const char *path, bool wal)
{
    sqlite3 *db = raw_open(path);
    if (wal) raw_exec(db, "PRAGMA journal_mode = WAL");
    raw_exec(db, SCHEMA_V1 "CREATE TABLE future (x); INSERT INTO future VALUES (42);"
                           "PRAGMA user_version = 99");
    sqlite3_close(db);
}

static void check_newer_refused(fixture *f, bool wal)
{
    const char *path = f->path;
    make_newer(path, wal);
    size_t n0;
    char *before = f->bytes = read_all(path, &n0);
    assert_true(n0 > 0);

    const int flags[] = {STORE_READ_ONLY, 0};
    for (size_t i = 0; i < KH_ARRAY_LEN(flags); i++) {
        kh_store *s = (kh_store *)&s; /* must be reset to NULL */
        kh_error err = {0};
        assert_int_equal(store_open(path, flags[i], &s, &err), KH_E_DB_NEWER);
        assert_null(s);
        assert_int_equal(err.code, KH_E_DB_NEWER);
        assert_non_null(strstr(err.detail, "99"));
        /* Refused means untouched: not even the journal mode changes. */
        assert_same_bytes(path, before, n0);
    }
    assert_int_equal(file_int(path, "PRAGMA user_version"), 99);
}

static void test_newer_schema_refused_wal(void **state)
{
    check_newer_refused(*state, true);
}

static void test_newer_schema_refused_rollback_journal(void **state)
{
    check_newer_refused(*state, false);
}

static void test_not_a_database(void **state)
{
    fixture *f = *state;
    const char *path = f->path;
    strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 200; i++) sb_printf(&sb, "dòng %d: đây không phải cơ sở dữ liệu\n", i);
    test_write(path, sb.data, sb.len);

    const int flags[] = {0, STORE_READ_ONLY};
    for (size_t i = 0; i < KH_ARRAY_LEN(flags); i++) {
        kh_store *s = NULL;
        kh_error err = {0};
        assert_int_equal(store_open(path, flags[i], &s, &err), KH_E_DB_NOTADB);
        assert_null(s);
        assert_non_null(strstr(err.detail, path));
        assert_same_bytes(path, sb.data, sb.len);
    }
    char *wal = xasprintf("%s-wal", path);
    assert_false(exists(wal));
    free(wal);
    free(sb.data);
}

/* A file store_open must refuse: it is refused with `want`, naming `word`,
 * read-only and for writing, and left byte for byte as it was, with no -wal,
 * -shm or -journal beside it (a WAL-mode file read by SQLite may keep the
 * -wal and -shm SQLite itself made, so those are looked for only when
 * no_side_files). */
/* Remove path and the files SQLite keeps beside it. */
static void remove_db(const char *path)
{
    static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < KH_ARRAY_LEN(sides); i++) {
        char *p = xasprintf("%s%s", path, sides[i]);
        unlink(p);
        free(p);
    }
}

static void check_refused(const char *path, kh_errcode want, const char *word, bool no_side_files)
{
    size_t n0;
    char *before = read_all(path, &n0);
    const int flags[] = {0, STORE_READ_ONLY};
    for (size_t i = 0; i < KH_ARRAY_LEN(flags); i++) {
        kh_store *s = (kh_store *)&s; /* must be reset to NULL */
        kh_error err = {0};
        kh_errcode rc = store_open(path, flags[i], &s, &err);
        if (rc != want)
            fail_msg("%s (flags %d): %d %s, want %d", path, flags[i], rc, err.detail, want);
        assert_null(s);
        if (word && !strstr(err.detail, word))
            fail_msg("\"%s\" is not in \"%s\"", word, err.detail);
        assert_same_bytes(path, before, n0);
    }
    static const char *const sides[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < KH_ARRAY_LEN(sides); i++) {
        char *side = xasprintf("%s%s", path, sides[i]);
        if ((no_side_files || i == 2) && exists(side)) fail_msg("%s is there", side);
        free(side);
    }
    free(before);
}

/* Another program's database: any tables but kehoach's, in either journal
 * mode, at any user_version; kehoach's names at version 0; version 1 to 3
 * without kehoach's tables. None is taken over. */
static void test_foreign_database_refused(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *sql;
        const char *word; /* in the message */
    } cases[] = {
        {"CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
         "INSERT INTO moz_places VALUES (1, 'https://example.org/');",
         "moz_places"},
        {"PRAGMA journal_mode = WAL; CREATE TABLE moz_places (url); INSERT INTO moz_places "
         "VALUES ('x');",
         "moz_places"},
        {"CREATE TABLE a (x); CREATE TABLE b (x); CREATE TABLE c (x); CREATE TABLE d (x);"
         "CREATE TABLE e (x); CREATE TABLE f (x);",
         "… (6)"},
        {"CREATE TABLE t (x); PRAGMA user_version = 1;", "user_version 1"},
        {"CREATE TABLE t (x); PRAGMA user_version = 2;", "user_version 2"},
        {"CREATE TABLE t (x); PRAGMA user_version = 3;", "user_version 3"},
        {"PRAGMA user_version = 2;", "user_version 2"},   /* no table at all */
        {"PRAGMA user_version = 99;", "user_version 99"}, /* no table: not a newer kehoach's */
        {SCHEMA_V1, "user_version 0"},                    /* kehoach's names, but version 0 */
        {"CREATE TABLE task_state (x); CREATE TABLE note (x); PRAGMA user_version = 3;",
         "user_version 3"}, /* no history */
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        remove_db(f->path);
        sqlite3 *db = raw_open(f->path);
        raw_exec(db, cases[i].sql);
        sqlite3_close(db);
        check_refused(f->path, KH_E_DB_FOREIGN, cases[i].word, !strstr(cases[i].sql, "WAL"));
    }
    remove_db(f->path);
}

/* A negative user_version (or INT_MIN), on kehoach's own database: damaged,
 * refused, never a crash or a store that is not there. */
static void test_negative_version_refused(void **state)
{
    fixture *f = *state;
    static const char *const versions[] = {"-1", "-2", "-2147483648"};
    for (size_t i = 0; i < KH_ARRAY_LEN(versions); i++) {
        remove_db(f->path);
        kh_store *s = open_ok(f->path, 0);
        apply_ok(s, "II.1", change(ST_DOING, 10, "một", KH_NO_DATE, -1), "alice", T0, NULL);
        store_close(s);
        sqlite3 *db = raw_open(f->path);
        char *sql = xasprintf("PRAGMA user_version = %s", versions[i]);
        raw_exec(db, sql);
        free(sql);
        sqlite3_close(db);
        char *word = xasprintf("user_version %s", versions[i]);
        check_refused(f->path, KH_E_DB_FOREIGN, word, false);
        free(word);
    }
    remove_db(f->path);
}

/* An empty file through a symbolic link is not made a database (it may be
 * anybody's); named directly it is, and a link to a database is followed. */
static void test_symlink_to_empty_file(void **state)
{
    fixture *f = *state;
    char *target = path_in(f->dir, "target.db");
    test_write(target, "", 0);
    assert_int_equal(symlink(target, f->path), 0);
    kh_store *s = (kh_store *)&s;
    kh_error err = {0};
    assert_int_equal(store_open(f->path, 0, &s, &err), KH_E_DB_LINK);
    assert_null(s);
    assert_non_null(strstr(err.detail, target));
    struct stat sb;
    assert_int_equal(stat(target, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    /* Reading through it: no database yet, and nothing written. */
    assert_int_equal(store_open(f->path, STORE_READ_ONLY, &s, &err), KH_E_DB_MISSING);
    assert_int_equal(stat(target, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    /* The file named directly becomes one; then the link may be used. */
    s = open_ok(target, 0);
    store_close(s);
    s = open_ok(f->path, 0);
    apply_ok(s, "II.1", change(ST_DONE, -1, NULL, day(2023, 6, 1), -1), "alice", T0, NULL);
    store_close(s);
    /* A link to a file that is not there is not followed to make one. */
    unlink(f->path);
    unlink(target);
    assert_int_equal(symlink(target, f->path), 0);
    assert_int_not_equal(store_open(f->path, 0, &s, &err), KH_E_OK);
    assert_false(exists(target));
    unlink(f->path);
    free(target);
}

/* The header's page count and page size against the file's size: a cut of
 * less than a page (1 byte, 50 bytes), a whole page, or half the file is
 * found at open; a writer is refused with the numbers, a reader may read. */
static void test_truncated_refused_for_writing(void **state)
{
    fixture *f = *state;
    kh_store *s = open_ok(f->path, 0);
    for (int i = 0; i < 60; i++)
        apply_ok(s, "II.1",
                 change(i % 2 ? ST_DOING : ST_TODO, -1, "một ghi chú khá dài để có nhiều trang",
                        KH_NO_DATE, -1),
                 "alice", T0 + i, NULL);
    store_close(s);
    size_t n0;
    char *whole = read_all(f->path, &n0);
    assert_true(n0 >= 4 * 4096);
    char *wal = xasprintf("%s-wal", f->path);
    assert_false(exists(wal));
    const size_t cuts[] = {1, 50, 4095, 4096, n0 / 2};
    for (size_t i = 0; i < KH_ARRAY_LEN(cuts); i++) {
        remove_db(f->path);
        test_write(f->path, whole, n0 - cuts[i]);
        kh_error err = {0};
        s = (kh_store *)&s;
        assert_int_equal(store_open(f->path, 0, &s, &err), KH_E_DB_CORRUPT);
        assert_null(s);
        assert_non_null(strstr(err.detail, " B"));
        assert_same_bytes(f->path, whole, n0 - cuts[i]);
        assert_false(exists(wal));
        /* Reading is not refused at open; store_check says what is wrong. */
        err = (kh_error){0};
        kh_errcode rc = store_open(f->path, STORE_READ_ONLY, &s, &err);
        if (rc == KH_E_OK) {
            assert_int_equal(store_check(s, &err), KH_E_DB_CORRUPT);
            assert_non_null(strstr(err.detail, " B"));
            store_close(s);
        } else {
            assert_true(rc == KH_E_DB_CORRUPT || rc == KH_E_DB_NOTADB);
        }
        assert_same_bytes(f->path, whole, n0 - cuts[i]);
    }
    /* Whole again: no complaint. */
    remove_db(f->path);
    test_write(f->path, whole, n0);
    s = open_ok(f->path, 0);
    kh_error err = {0};
    assert_int_equal(store_check(s, &err), KH_E_OK);
    store_close(s);
    free(wal);
    free(whole);
}

/* The header parser and the size rule on their own: the page size field
 * (1 is 65536), the page count only when valid, WAL mode; a file with
 * frames in its WAL may be short of whole pages, never of part of one. */
static void test_header_rules(void **state)
{
    (void)state;
    unsigned char h[100] = "SQLite format 3";
    kh_db_header hd;
    assert_false(store_header_parse(h, 99, &hd));
    h[16] = 0x10; /* 4096 */
    h[18] = h[19] = 2;
    h[27] = 7; /* change counter 7 */
    h[31] = 5; /* 5 pages */
    assert_true(store_header_parse(h, 100, &hd));
    assert_int_equal(hd.page_size, 4096);
    assert_true(hd.wal);
    assert_int_equal(hd.pages, 0); /* version-valid-for (92) is not 7 */
    h[95] = 7;
    assert_true(store_header_parse(h, 100, &hd));
    assert_int_equal(hd.pages, 5);
    char why[96];
    assert_false(store_header_damage(&hd, 5 * 4096, 0, why, sizeof why));
    assert_false(store_header_damage(&hd, 6 * 4096, 0, why, sizeof why));
    assert_true(store_header_damage(&hd, 5 * 4096 - 1, 0, why, sizeof why));
    assert_true(store_header_damage(&hd, 4 * 4096, 0, why, sizeof why));
    assert_false(store_header_damage(&hd, 4 * 4096, 8192, why, sizeof why));
    assert_true(store_header_damage(&hd, 4 * 4096 + 1, 8192, why, sizeof why));
    h[16] = 0, h[17] = 1; /* 65536 */
    assert_true(store_header_parse(h, 100, &hd));
    assert_int_equal(hd.page_size, 65536);
    h[16] = 0x03, h[17] = 0x00; /* 768: not a power of two */
    assert_false(store_header_parse(h, 100, &hd));
    h[16] = 0x01, h[17] = 0x00; /* 256: too small */
    assert_false(store_header_parse(h, 100, &hd));
    h[0] = 's';
    h[16] = 0x10, h[17] = 0;
    assert_false(store_header_parse(h, 100, &hd));
}

static void test_directory_path(void **state)
{
    fixture *f = *state;
    const char *dir = f->dir;
    const int flags[] = {0, STORE_READ_ONLY};
    for (size_t i = 0; i < KH_ARRAY_LEN(flags); i++) {
        kh_store *s = NULL;
        kh_error err = {0};
        assert_int_equal(store_open(dir, flags[i], &s, &err), KH_E_DB_OPEN);
        assert_null(s);
        assert_non_null(strstr(err.detail, dir));
    }
    struct stat sb;
    assert_int_equal(stat(dir, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
}

static void test_missing_parent(void **state)
{
    fixture *f = *state;
    const char *dir = f->dir;
    char *parent = path_in(dir, "missing");
    char *path = path_in(parent, "kehoach.db");
    const int flags[] = {0, STORE_READ_ONLY};
    const kh_errcode want[] = {KH_E_DB_OPEN, KH_E_DB_MISSING};
    for (size_t i = 0; i < KH_ARRAY_LEN(flags); i++) {
        kh_store *s = NULL;
        kh_error err = {0};
        assert_int_equal(store_open(path, flags[i], &s, &err), want[i]);
        assert_null(s);
        assert_non_null(strstr(err.detail, "missing"));
        assert_false(exists(parent));
    }
    free(path);
    free(parent);
}

/* ---- read-only -------------------------------------------------------- */

static void test_read_only_never_creates(void **state)
{
    fixture *f = *state;
    const char *path = f->path;
    kh_store *s = NULL;
    kh_error err = {0};
    assert_int_equal(store_open(path, STORE_READ_ONLY, &s, &err), KH_E_DB_MISSING);
    assert_null(s);
    assert_false(exists(path));
    char *wal = xasprintf("%s-wal", path);
    char *shm = xasprintf("%s-shm", path);
    char *journal = xasprintf("%s-journal", path);
    assert_false(exists(wal));
    assert_false(exists(shm));
    assert_false(exists(journal));
    free(wal);
    free(shm);
    free(journal);
}

static void test_read_only_apply(void **state)
{
    fixture *f = *state;
    apply_ok(f->s, "II.1", change(ST_DOING, 30, "một", KH_NO_DATE, -1), "alice", T0, NULL);
    store_close(f->s);
    f->s = NULL;

    kh_store *ro = open_ok(f->path, STORE_READ_ONLY);
    assert_int_equal(store_schema_version(ro), STORE_SCHEMA_VERSION);
    kh_plan *plan = load_plan();
    load_ok(ro, plan);
    assert_int_equal(task_of(plan, "II.1")->status, ST_DOING);
    assert_int_equal(task_of(plan, "II.1")->nnotes, 1);
    assert_int_equal(history_count(ro, "test-plan", NULL), 3);
    model_free(plan);

    const kh_change changes[] = {
        change(ST_DONE, -1, NULL, day(2023, 5, 20), -1),
        change(-1, 90, NULL, KH_NO_DATE, -1),
        change(-1, -1, "hai", KH_NO_DATE, 1),
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(changes); i++) {
        kh_state st;
        kh_error err = {0};
        assert_int_equal(store_apply(ro, "test-plan", "II.1", &changes[i], "bob", T1, &st, &err),
                         KH_E_DB_READONLY);
        assert_int_equal(err.code, KH_E_DB_READONLY);
    }
    store_close(ro);

    f->s = open_ok(f->path, 0);
    plan = load_plan();
    load_ok(f->s, plan);
    const kh_task *t = task_of(plan, "II.1");
    assert_int_equal(t->status, ST_DOING);
    assert_int_equal(t->progress, 30);
    assert_int_equal(t->version, 1);
    assert_int_equal(t->nnotes, 1);
    assert_int_equal(history_count(f->s, "test-plan", NULL), 3);
    model_free(plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_mode_umask_022, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_open_mode_umask_077, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_open_schema_and_wal, setup, teardown),
        cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_done_sets_progress_and_completed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leaving_done_clears_completed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_keeps_progress, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reopen_keeps_progress_legacy_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_noop_change_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_progress_only_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_range_progress_writes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(test_notes_newest_first, setup, teardown),
        cmocka_unit_test_setup_teardown(test_history_append_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_connections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kept_statements_hold_no_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_state_keyed_by_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_orphans, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_from_v1, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused_wal, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_newer_schema_refused_rollback_journal, setup_dir,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_not_a_database, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_foreign_database_refused, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_negative_version_refused, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_symlink_to_empty_file, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_refused_for_writing, setup_dir, teardown),
        cmocka_unit_test(test_header_rules),
        cmocka_unit_test_setup_teardown(test_directory_path, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_missing_parent, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_never_creates, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_apply, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
