/* app: app_change validates and normalises before it writes, and the model
 * follows the store only once the store has committed. */
#include "testutil.h"

#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/store.h"
#include "kehoach/text.h"

/* "Đã hoàn thành: Nguyễn Văn Ánh" decomposed (NFD) and composed (NFC). */
#define NOTE_NFD                                                                                   \
    "\xc4\x90"                                                                                     \
    "a\xcc\x83 hoa\xcc\x80n tha\xcc\x80nh: Nguye\xcc\x82\xcc\x83n Va\xcc\x86n A\xcc\x81nh"
#define NOTE_NFC                                                                                   \
    "\xc4\x90"                                                                                     \
    "\xc3\xa3 ho\xc3\xa0n th\xc3\xa0nh: Nguy\xe1\xbb\x85n V\xc4\x83n \xc3\x81nh"

typedef struct {
    char *dir;
    char *path;
    kh_app app;
} fixture;

static kh_date day(int y, int m, int d)
{
    kh_date v = date_from_ymd(y, m, d);
    assert_int_not_equal(v, KH_NO_DATE);
    return v;
}

static kh_plan *load_plan(void)
{
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    assert_int_equal(test_load(TEST_PLAN_YAML, &plan, &diags), KH_E_OK);
    assert_int_equal(diags.n, 0);
    diags_free(&diags);
    return plan;
}

/* Set up app with the test plan, user `user`, and no store yet. */
static void app_init(kh_app *app, const char *user)
{
    memset(app, 0, sizeof *app);
    app->lang = KH_LANG_EN;
    app->today = day(2023, 5, 20);
    app->user = xstrdup(user);
    app->plan = load_plan();
}

static void open_store_ok(kh_app *app, const char *path, bool read_only)
{
    kh_error err = {0};
    kh_errcode rc = app_open_store(app, path, read_only, &err);
    if (rc != KH_E_OK) fail_msg("app_open_store(%s): %d %s", path, rc, err.detail);
}

static size_t task_index(const kh_app *app, const char *id)
{
    long i = model_find_task(app->plan, id);
    assert_true(i >= 0);
    return (size_t)i;
}

static kh_task *task_of(kh_app *app, const char *id)
{
    return &app->plan->tasks[task_index(app, id)];
}

static void change_ok(kh_app *app, const char *id, int status, int progress, const char *note,
                      bool check_version)
{
    kh_error err = {0};
    size_t i = task_index(app, id);
    kh_errcode rc = app_change(app, i, status, progress, note,
                               check_version ? app->plan->tasks[i].version : -1, &err);
    if (rc != KH_E_OK) fail_msg("app_change(%s): %d %s", id, rc, err.detail);
}

static size_t history_count(kh_store *s, const char *task_id)
{
    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_history(s, "test-plan", task_id, &h, &n, &err), KH_E_OK);
    store_history_free(h, n);
    return n;
}

static size_t note_count(kh_store *s, const char *task_id)
{
    kh_note *v = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_notes(s, "test-plan", task_id, &v, &n, &err), KH_E_OK);
    store_notes_free(v, n);
    return n;
}

/* The state a task had, to compare after a refused change. */
typedef struct {
    uint8_t status, progress;
    kh_date completed;
    int64_t updated_at, version;
    const char *updated_by;
    uint32_t nnotes;
} snapshot;

static snapshot snap(const kh_task *t)
{
    return (snapshot){t->status,  t->progress,   t->completed, t->updated_at,
                      t->version, t->updated_by, t->nnotes};
}

static void assert_unchanged(const kh_task *t, const snapshot *s)
{
    assert_int_equal(t->status, s->status);
    assert_int_equal(t->progress, s->progress);
    assert_int_equal(t->completed, s->completed);
    assert_int_equal(t->updated_at, s->updated_at);
    assert_int_equal(t->version, s->version);
    assert_ptr_equal(t->updated_by, s->updated_by);
    assert_int_equal(t->nnotes, s->nnotes);
}

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->path = xasprintf("%s/kehoach.db", f->dir);
    app_init(&f->app, "alice");
    open_store_ok(&f->app, f->path, false);
    assert_non_null(f->app.store);
    *state = f;
    return 0;
}

/* A directory and the app, with no store opened. */
static int setup_dir(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->path = xasprintf("%s/kehoach.db", f->dir);
    app_init(&f->app, "alice");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    app_close(&f->app);
    free(f->path);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

/* ---- success ---------------------------------------------------------- */

static void test_change_updates_model(void **state)
{
    fixture *f = *state;
    kh_task *t = task_of(&f->app, "II.1");
    time_t before = time(NULL);
    change_ok(&f->app, "II.1", ST_DOING, 45, "bắt đầu", true);
    time_t after = time(NULL);
    assert_int_equal(t->status, ST_DOING);
    assert_int_equal(t->progress, 45);
    assert_int_equal(t->completed, KH_NO_DATE);
    assert_int_equal(t->version, 1);
    assert_int_equal(t->nnotes, 1);
    assert_non_null(t->updated_by);
    assert_string_equal(t->updated_by, "alice");
    assert_true(t->updated_at >= before && t->updated_at <= after);

    change_ok(&f->app, "II.1", ST_DONE, -1, NULL, true);
    assert_int_equal(t->status, ST_DONE);
    assert_int_equal(t->progress, 100);
    assert_int_equal(t->completed, f->app.today);
    assert_int_equal(t->version, 2);
    assert_int_equal(t->nnotes, 1);

    /* The model agrees with what a fresh load reads back. */
    kh_plan *plan = load_plan();
    kh_error err = {0};
    assert_int_equal(store_load(f->app.store, plan, &err), KH_E_OK);
    const kh_task *u = &plan->tasks[model_find_task(plan, "II.1")];
    assert_int_equal(u->status, t->status);
    assert_int_equal(u->progress, t->progress);
    assert_int_equal(u->completed, t->completed);
    assert_int_equal(u->updated_at, t->updated_at);
    assert_int_equal(u->version, t->version);
    assert_int_equal(u->nnotes, t->nnotes);
    assert_string_equal(u->updated_by, t->updated_by);
    model_free(plan);

    /* Out of range index. */
    snapshot s = snap(t);
    assert_int_equal(app_change(&f->app, f->app.plan->ntasks, ST_DONE, -1, NULL, -1, &err),
                     KH_E_NOT_FOUND);
    assert_unchanged(t, &s);
}

/* ---- notes ------------------------------------------------------------ */

static void test_note_stored_nfc(void **state)
{
    fixture *f = *state;
    /* Sanity: the two spellings differ as bytes. */
    assert_int_not_equal(strlen(NOTE_NFD), strlen(NOTE_NFC));
    change_ok(&f->app, "II.1", -1, -1, "  \t" NOTE_NFD "\n\n ", false);
    change_ok(&f->app, "II.2", -1, -1, NOTE_NFC, false);

    kh_note *v = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_notes(f->app.store, "test-plan", NULL, &v, &n, &err), KH_E_OK);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(strlen(v[i].text), strlen(NOTE_NFC));
        assert_memory_equal(v[i].text, NOTE_NFC, sizeof NOTE_NFC);
        assert_string_equal(v[i].author, "alice");
    }
    store_notes_free(v, n);

    /* The history row carries the same bytes. */
    kh_history *h = NULL;
    assert_int_equal(store_history(f->app.store, "test-plan", "II.1", &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 1);
    assert_string_equal(h[0].field, "note");
    assert_null(h[0].old_value);
    assert_memory_equal(h[0].new_value, NOTE_NFC, sizeof NOTE_NFC);
    store_history_free(h, n);

    assert_int_equal(task_of(&f->app, "II.1")->nnotes, 1);
    assert_int_equal(task_of(&f->app, "II.1")->status, ST_TODO);
    assert_int_equal(task_of(&f->app, "II.1")->version, 1);
}

static void test_note_crlf_trimmed(void **state)
{
    fixture *f = *state;
    /* White space around a note is trimmed, Windows line ends included. */
    change_ok(&f->app, "II.2", -1, -1, "  xong \n", false);
    change_ok(&f->app, "II.2", -1, -1, " \r\nxong\r\n", false);
    kh_note *v = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(store_notes(f->app.store, "test-plan", "II.2", &v, &n, &err), KH_E_OK);
    bool both = n == 2 && !strcmp(v[0].text, "xong") && !strcmp(v[1].text, "xong");
    strbuf got = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        sb_puts(&got, " ");
        text_sanitize(&got, v[i].text, 0);
    }
    store_notes_free(v, n);
    if (!both) {
        char msg[256];
        snprintf(msg, sizeof msg, "%s", got.data ? got.data : "");
        free(got.data);
        fail_msg("notes stored, newest first:%s; want \"xong\" twice", msg);
    }
    free(got.data);
}

static void check_note_refused(fixture *f, const char *note, const char *why)
{
    kh_task *t = task_of(&f->app, "II.1");
    snapshot s = snap(t);
    size_t nh = history_count(f->app.store, NULL);
    size_t nn = note_count(f->app.store, NULL);
    kh_error err = {0};
    kh_errcode rc = app_change(&f->app, task_index(&f->app, "II.1"), ST_DONE, -1, note, -1, &err);
    if (rc != KH_E_INVALID) fail_msg("note %s: got %d, want KH_E_INVALID", why, rc);
    assert_int_equal(err.code, KH_E_INVALID);
    assert_true(err.detail[0] != '\0');
    /* The status in the same call is not written either. */
    assert_unchanged(t, &s);
    assert_int_equal(history_count(f->app.store, NULL), nh);
    assert_int_equal(note_count(f->app.store, NULL), nn);
}

static void test_empty_note_refused(void **state)
{
    fixture *f = *state;
    change_ok(&f->app, "II.1", ST_DOING, 10, NULL, false);
    check_note_refused(f, "", "empty");
    check_note_refused(f, " ", "space");
    check_note_refused(f, "\t\n   \n\t", "tabs and newlines");
    check_note_refused(f, "\r\n", "CR LF");
    check_note_refused(f, " \r\n\r\n ", "spaces and CR LF");
    kh_plan *plan = load_plan();
    kh_error err = {0};
    assert_int_equal(store_load(f->app.store, plan, &err), KH_E_OK);
    assert_int_equal(plan->tasks[model_find_task(plan, "II.1")].status, ST_DOING);
    assert_int_equal(plan->tasks[model_find_task(plan, "II.1")].nnotes, 0);
    model_free(plan);
}

static void test_bad_note_refused(void **state)
{
    fixture *f = *state;
    check_note_refused(f, "ghi ch\xff\xfe", "invalid UTF-8");
    check_note_refused(f, "\xc3", "cut UTF-8");

    char *big = xmalloc(8002);
    memset(big, 'a', 8001);
    big[8001] = '\0';
    check_note_refused(f, big, "8001 bytes");
    /* At the limit, and with white space around it that is trimmed: fine. */
    big[8000] = '\0';
    change_ok(&f->app, "II.1", -1, -1, big, false);
    char *padded = xasprintf("  %s \n", big);
    change_ok(&f->app, "II.1", -1, -1, padded, false);
    assert_int_equal(note_count(f->app.store, "II.1"), 2);
    assert_int_equal(task_of(&f->app, "II.1")->nnotes, 2);
    free(padded);
    free(big);
}

/* A note may hold text, tabs and line breaks; not another control
 * character, DEL, a C1 control, a bidi control or U+FEFF: refused with the
 * character named, nothing written (the same for the CLI and the dashboard,
 * which both come here). */
static void test_control_note_refused(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *note, *cp;
    } cases[] = {
        {"a\x1b]0;x\x07\x1b[2J"
         "b",
         "U+001B"},
        {"a\x07"
         "b",
         "U+0007"},
        {"a\r"
         "b",
         "U+000D"},
        {"a\x7f", "U+007F"},
        {"a\xc2\x9b[2J"
         "b",
         "U+009B"},
        {"a\xc2\x85"
         "b",
         "U+0085"},
        {"a\xe2\x80\xae"
         "b",
         "U+202E"},
        {"a\xe2\x81\xa6"
         "b",
         "U+2066"},
        {"a\xe2\x80\x8f"
         "b",
         "U+200F"},
        {"a\xd8\x9c"
         "b",
         "U+061C"},
        {"a\xef\xbb\xbf"
         "b",
         "U+FEFF"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_error err = {0};
        kh_errcode rc =
            app_change(&f->app, task_index(&f->app, "II.1"), -1, -1, cases[i].note, -1, &err);
        if (rc != KH_E_INVALID || !strstr(err.detail, cases[i].cp))
            fail_msg("case %zu: %d %s", i, rc, err.detail);
    }
    assert_int_equal(note_count(f->app.store, "II.1"), 0);
    change_ok(&f->app, "II.1", -1, -1, "tab\there\nand a line", false);
    assert_int_equal(note_count(f->app.store, "II.1"), 1);
}

/* ---- progress and status ---------------------------------------------- */

static void test_bad_progress_refused(void **state)
{
    fixture *f = *state;
    change_ok(&f->app, "II.2", ST_DOING, 20, NULL, false);
    kh_task *t = task_of(&f->app, "II.2");
    snapshot s = snap(t);
    struct {
        int status, progress;
    } bad[] = {{-1, 101},      {-1, 1000},     {-1, -2},           {-1, INT_MIN},
               {ST_DONE, 101}, {ST_COUNT, -1}, {ST_COUNT + 5, 50}, {INT_MAX, -1}};
    for (size_t i = 0; i < KH_ARRAY_LEN(bad); i++) {
        kh_error err = {0};
        kh_errcode rc = app_change(&f->app, task_index(&f->app, "II.2"), bad[i].status,
                                   bad[i].progress, "không được lưu", -1, &err);
        if (rc != KH_E_INVALID)
            fail_msg("status %d progress %d: got %d", bad[i].status, bad[i].progress, rc);
        assert_unchanged(t, &s);
    }
    assert_int_equal(history_count(f->app.store, NULL), 2);
    assert_int_equal(note_count(f->app.store, NULL), 0);

    /* The bounds themselves are fine. */
    change_ok(&f->app, "II.2", -1, 100, NULL, false);
    assert_int_equal(t->progress, 100);
    assert_int_equal(t->status, ST_DOING);
    change_ok(&f->app, "II.2", -1, 0, NULL, false);
    assert_int_equal(t->progress, 0);
    assert_int_equal(t->version, 3);
}

/* ---- the model follows the store -------------------------------------- */

static void test_model_kept_when_store_read_only(void **state)
{
    fixture *f = *state;
    change_ok(&f->app, "II.1", ST_DOING, 30, "một", false);

    kh_app ro;
    app_init(&ro, "bob");
    open_store_ok(&ro, f->path, true);
    assert_non_null(ro.store);
    kh_task *t = task_of(&ro, "II.1");
    assert_int_equal(t->status, ST_DOING);
    assert_int_equal(t->version, 1);
    snapshot s = snap(t);

    kh_error err = {0};
    assert_int_equal(app_change(&ro, task_index(&ro, "II.1"), ST_DONE, -1, "hai", -1, &err),
                     KH_E_DB_READONLY);
    assert_unchanged(t, &s);
    assert_int_equal(t->status, ST_DOING);
    assert_int_equal(t->completed, KH_NO_DATE);
    assert_int_equal(app_change(&ro, task_index(&ro, "II.1"), -1, 80, NULL, t->version, &err),
                     KH_E_DB_READONLY);
    assert_unchanged(t, &s);
    app_close(&ro);

    assert_int_equal(history_count(f->app.store, NULL), 3);
    assert_int_equal(note_count(f->app.store, NULL), 1);
}

static void test_model_kept_on_conflict(void **state)
{
    fixture *f = *state;
    kh_app other;
    app_init(&other, "bob");
    open_store_ok(&other, f->path, false);

    /* Both loaded II.1 at version 0; Alice saves first. */
    change_ok(&f->app, "II.1", ST_DOING, 50, NULL, true);
    kh_task *t = task_of(&other, "II.1");
    assert_int_equal(t->version, 0);
    snapshot s = snap(t);
    kh_error err = {0};
    assert_int_equal(
        app_change(&other, task_index(&other, "II.1"), ST_BLOCKED, -1, "vướng", t->version, &err),
        KH_E_CONFLICT);
    assert_string_equal(err.who, "alice");
    assert_int_equal(err.reason, KH_R_CHANGED_SINCE);
    assert_true(err.when > 0);
    assert_unchanged(t, &s);
    assert_int_equal(history_count(f->app.store, NULL), 2);
    assert_int_equal(note_count(f->app.store, NULL), 0);

    /* Without the check, the change goes through on top of Alice's. */
    change_ok(&other, "II.1", ST_BLOCKED, -1, NULL, false);
    assert_int_equal(t->status, ST_BLOCKED);
    assert_int_equal(t->progress, 50);
    assert_int_equal(t->version, 2);
    assert_string_equal(t->updated_by, "bob");
    app_close(&other);
}

/* Read-only without a database: no file is made and app->store stays NULL;
 * a change must then be refused, not crash. Run in a child so a crash is a
 * failure of this test only. */
static void test_change_without_database(void **state)
{
    fixture *f = *state;
    const char *path = f->path;
    kh_app *app = &f->app;
    open_store_ok(app, path, true);
    assert_null(app->store);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(task_of(app, "II.1")->status, ST_TODO);

    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* Let a crash kill the child rather than run cmocka's handler. */
        signal(SIGSEGV, SIG_DFL);
        signal(SIGBUS, SIG_DFL);
        signal(SIGILL, SIG_DFL);
        signal(SIGFPE, SIG_DFL);
        kh_task *t = task_of(app, "II.1");
        kh_error err = {0};
        kh_errcode rc = app_change(app, task_index(app, "II.1"), ST_DONE, -1, NULL, -1, &err);
        bool ok =
            rc != KH_E_OK && t->status == ST_TODO && t->version == 0 && access(path, F_OK) != 0;
        _exit(ok ? 0 : 1);
    }
    int wst = 0;
    assert_int_equal(waitpid(pid, &wst, 0), pid);
    if (WIFSIGNALED(wst)) fail_msg("app_change with no store died of signal %d", WTERMSIG(wst));
    assert_true(WIFEXITED(wst));
    assert_int_equal(WEXITSTATUS(wst), 0);
    assert_int_equal(access(path, F_OK), -1);
}

/* Typing a search a letter at a time, each task searched from where the
 * last letters were found, finds exactly what a search from scratch finds,
 * and leaves the position of the first occurrence. */
static void test_match_at_follows_typing(void **state)
{
    fixture *f = *state;
    const kh_plan *plan = f->app.plan;
    /* Queries made of the plan's own folded text, so most letters match
     * something, and some that stop matching half way. */
    const char *words[] = {"bao cao thang", "tu phap", "ke hoach thuc hien", "xyz", "ii.1", "a a"};
    uint32_t *at = xcalloc(plan->ntasks, sizeof *at);
    for (size_t w = 0; w < KH_ARRAY_LEN(words); w++) {
        memset(at, 0, plan->ntasks * sizeof *at);
        size_t len = strlen(words[w]);
        for (size_t n = 1; n <= len; n++) {
            char *q = xstrndup(words[w], n);
            kh_filter flt;
            app_filter_init(&flt);
            app_filter_set_query(&flt, q);
            app_filter_prepare(&f->app, &flt);
            for (size_t i = 0; i < plan->ntasks; i++) {
                const kh_task *t = &plan->tasks[i];
                bool want = app_match(&f->app, &flt, t);
                bool got = app_match_at(&f->app, &flt, t, &at[i]);
                if (want != got) fail_msg("'%s' on %s: %d, from scratch %d", q, t->id, got, want);
                const char *first = flt.query ? strstr(t->fold, flt.query) : NULL;
                uint32_t expect = first ? (uint32_t)(first - t->fold) : APP_MATCH_NONE;
                if (flt.query && at[i] != expect)
                    fail_msg("'%s' on %s: at %u, first at %u", q, t->id, at[i], expect);
            }
            app_filter_done(&flt);
            free(q);
        }
    }
    free(at);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_change_updates_model, setup, teardown),
        cmocka_unit_test_setup_teardown(test_note_stored_nfc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_note_crlf_trimmed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_note_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_note_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_control_note_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bad_progress_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_kept_when_store_read_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_model_kept_on_conflict, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_without_database, setup_dir, teardown),
        cmocka_unit_test_setup_teardown(test_match_at_follows_typing, setup_dir, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
