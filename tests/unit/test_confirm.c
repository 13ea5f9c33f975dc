/* Confirmed completion, officers and note kinds (issue 12): the plan keys,
 * the store's records and their undo, the rights of the confirming unit,
 * the model's counts, and the migration from schema 3 keeping every row. */
#include "testutil.h"

#include <sqlite3.h>

#include "kehoach/app.h"
#include "kehoach/app_confirm.h"
#include "kehoach/store.h"
#include "kehoach/store_confirm.h"

/* The test plan, its completions confirmed by vp, II.1 in the hands of an
 * officer; with RIGHTS, tp's tasks changed by alice, vp's by vera. */
#define RIGHTS                                                                                     \
    "rights:\n"                                                                                    \
    "  units:\n"                                                                                   \
    "    - {unit: tp, users: [alice]}\n"                                                           \
    "    - {unit: vp, users: [vera]}\n"

typedef struct {
    char *dir;
    char *path;
    kh_app app;
} fixture;

/* The test plan with `confirm_by: vp` and II.1's officer, and extra at its end. */
static char *plan_text(const char *extra)
{
    const char *base = TEST_PLAN_YAML;
    const char *period = strstr(base, "  period:");
    const char *after = strchr(period, '\n') + 1;
    const char *lead = strstr(base, "    lead: [tp]\n");
    const char *lead_end = lead + strlen("    lead: [tp]\n");
    return xasprintf("%.*s  confirm_by: vp\n%.*s    officer: Nguyễn Văn Ánh\n%s%s",
                     (int)(after - base), base, (int)(lead_end - after), after, lead_end,
                     extra ? extra : "");
}

static kh_plan *load_text(const char *yaml)
{
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    kh_errcode rc = test_load(yaml, &plan, &diags);
    if (rc != KH_E_OK) fail_msg("load: %s", diags.n ? diags.v[0].msg : "?");
    diags_free(&diags);
    return plan;
}

static void app_start(fixture *f, const char *user, const char *extra)
{
    memset(&f->app, 0, sizeof f->app);
    f->app.lang = KH_LANG_EN;
    f->app.today = date_from_ymd(2023, 5, 20);
    f->app.user = xstrdup(user);
    char *yaml = plan_text(extra);
    f->app.plan = load_text(yaml);
    free(yaml);
    kh_error err = {0};
    if (app_open_store(&f->app, f->path, false, &err)) fail_msg("app_open_store: %s", err.detail);
}

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->path = xasprintf("%s/kehoach.db", f->dir);
    app_start(f, "alice", NULL);
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

/* The same database read again into a fresh app as user. */
static void reopen(fixture *f, const char *user, const char *extra)
{
    app_close(&f->app);
    app_start(f, user, extra);
}

static void set_ok(kh_app *app, const char *id, int status)
{
    kh_error err = {0};
    if (app_change(app, task_index(app, id), status, -1, NULL, -1, &err))
        fail_msg("app_change(%s): %s", id, err.detail);
}

static size_t history_count(kh_app *app)
{
    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    assert_int_equal(app_history(app, NULL, &h, &n, &err), KH_E_OK);
    store_history_free(h, n);
    return n;
}

static int64_t raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static int raw_exec_rc(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

/* ---- the plan ---------------------------------------------------------- */

static void test_plan_keys(void **state)
{
    fixture *f = *state;
    const kh_plan *p = f->app.plan;
    long vp = model_find_unit(p, "vp");
    /* Plan-wide, so every task and every occurrence of the periodic one. */
    for (size_t i = 0; i < p->ntasks; i++) assert_int_equal(p->tasks[i].confirmer, vp + 1);
    assert_string_equal(task_of(&f->app, "II.1")->officer, "Nguyễn Văn Ánh");
    assert_null(task_of(&f->app, "II.2")->officer);

    /* A task's own confirm_by wins; an unknown unit is located. */
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    char *yaml = plan_text(NULL);
    char *own = xasprintf("%s", yaml);
    char *at = strstr(own, "    lead: vp\n");
    assert_non_null(at);
    char *text = xasprintf("%.*s    confirm_by: tp\n%s", (int)(at - own), own, at);
    plan = load_text(text);
    assert_int_equal(plan->tasks[model_find_task(plan, "II.2")].confirmer,
                     model_find_unit(plan, "tp") + 1);
    assert_int_equal(plan->tasks[model_find_task(plan, "II.1")].confirmer,
                     model_find_unit(plan, "vp") + 1);
    model_free(plan);
    free(text);
    text = xasprintf("%.*s    confirm_by: nowhere\n%s", (int)(at - own), own, at);
    plan = NULL;
    assert_int_equal(test_load(text, &plan, &diags), KH_E_PLAN);
    assert_true(diags.n >= 1);
    assert_non_null(strstr(diags.v[0].msg, "nowhere"));
    assert_true(diags.v[0].line > 0);
    diags_free(&diags);
    model_free(plan);
    free(text);
    free(own);
    free(yaml);
}

/* Sub-items (plan13) under confirm_by: each is confirmed by its task's unit
 * unless it names its own; the task, their sum, is proposed while one is,
 * and confirmed with the last, in this process and the next. */
#define SUB_ITEMS                                                                                  \
    "        - id: III.1.2\n"                                                                      \
    "          text: Rà soát hồ sơ.\n"                                                        \
    "          deadline: 2023-06-30\n"                                                             \
    "          confirm_by: tp\n"                                                                   \
    "          items:\n"                                                                           \
    "            - {id: III.1.2.a, text: a) Hồ sơ hộ tịch.}\n"                              \
    "            - {id: III.1.2.b, text: b) Hồ sơ đất đai., confirm_by: vp}\n"

static void test_sub_items(void **state)
{
    fixture *f = *state;
    reopen(f, "alice", SUB_ITEMS);
    kh_app *app = &f->app;
    long tp = model_find_unit(app->plan, "tp"), vp = model_find_unit(app->plan, "vp");
    assert_int_equal(task_of(app, "III.1.2")->confirmer, tp + 1);
    assert_int_equal(task_of(app, "III.1.2.a")->confirmer, tp + 1); /* its task's */
    assert_int_equal(task_of(app, "III.1.2.b")->confirmer, vp + 1); /* its own */
    set_ok(app, "III.1.2.a", ST_DONE);
    set_ok(app, "III.1.2.b", ST_DONE);
    kh_task *t = task_of(app, "III.1.2");
    assert_int_equal(t->status, ST_DONE);
    assert_true(model_task_proposed(t));
    kh_error err = {0};
    assert_int_equal(
        app_confirm(app, task_index(app, "III.1.2.a"), VERDICT_CONFIRMED, NULL, -1, &err), KH_E_OK);
    assert_true(model_task_proposed(task_of(app, "III.1.2"))); /* b waits still */
    assert_int_equal(
        app_confirm(app, task_index(app, "III.1.2.b"), VERDICT_CONFIRMED, NULL, -1, &err), KH_E_OK);
    assert_true(model_task_done(task_of(app, "III.1.2")));
    reopen(f, "bob", SUB_ITEMS);
    assert_true(model_task_done(task_of(&f->app, "III.1.2")));
    /* b reopened: its task is neither done nor proposed. */
    set_ok(&f->app, "III.1.2.b", ST_DOING);
    assert_false(model_task_done(task_of(&f->app, "III.1.2")));
    assert_false(model_task_proposed(task_of(&f->app, "III.1.2")));
}

/* ---- confirmation ------------------------------------------------------ */

static void test_done_is_proposed_until_confirmed(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_task *t = task_of(app, "II.1");
    set_ok(app, "II.1", ST_DONE);
    assert_true(model_task_proposed(t));
    assert_false(model_task_done(t));
    assert_string_equal(model_task_status_name(t, KH_LANG_VI), "Đề nghị hoàn thành");
    /* Open in the four categories (deadline 01/06/2023, today 20/05). */
    assert_int_equal(model_category(model_timeliness(t, app->today)), CAT_OPEN_IN_TIME);
    kh_counts c;
    model_count(app->plan, app->today, &c, NULL);
    assert_int_equal(c.proposed, 1);
    assert_int_equal(c.status[ST_DONE], 1);
    assert_int_equal(c.category[CAT_DONE_ON_TIME], 0);

    /* alice leads II.1 but with no rights section anyone may confirm. */
    kh_error err = {0};
    size_t before = history_count(app);
    int64_t version = t->version;
    assert_int_equal(
        app_confirm(app, task_index(app, "II.1"), VERDICT_CONFIRMED, NULL, version, &err), KH_E_OK);
    assert_int_equal(history_count(app), before + 1);
    assert_int_equal(t->version, version + 1);
    assert_true(model_task_done(t));
    assert_string_equal(t->verdict_by, "alice");
    model_count(app->plan, app->today, &c, NULL);
    assert_int_equal(c.proposed, 0);
    assert_int_equal(c.category[CAT_DONE_ON_TIME], 1);

    /* Twice: refused, nothing written. */
    assert_int_equal(app_confirm(app, task_index(app, "II.1"), VERDICT_CONFIRMED, NULL, -1, &err),
                     KH_E_INVALID);
    assert_non_null(strstr(err.detail, "alice"));
    assert_int_equal(history_count(app), before + 1);

    /* What another process reads. */
    reopen(f, "bob", NULL);
    t = task_of(&f->app, "II.1");
    assert_int_equal(t->verdict, VERDICT_CONFIRMED);
    assert_string_equal(t->verdict_by, "alice");
    assert_true(t->verdict_at > 0);
    assert_true(model_task_done(t));

    /* Taken out of done and done again: it waits again. */
    set_ok(&f->app, "II.1", ST_DOING);
    set_ok(&f->app, "II.1", ST_DONE);
    assert_true(model_task_proposed(t));
    reopen(f, "bob", NULL);
    assert_true(model_task_proposed(task_of(&f->app, "II.1")));
}

static void test_reject(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_task *t = task_of(app, "II.1");
    set_ok(app, "II.1", ST_DONE);
    kh_error err = {0};
    size_t i = task_index(app, "II.1");
    size_t before = history_count(app);
    /* A reason is required, and must be text. */
    assert_int_equal(app_confirm(app, i, VERDICT_REJECTED, "  ", -1, &err), KH_E_INVALID);
    assert_int_equal(app_confirm(app, i, VERDICT_REJECTED, "a\x1b[2J", -1, &err), KH_E_INVALID);
    assert_int_equal(history_count(app), before);
    assert_int_equal(app_confirm(app, i, VERDICT_REJECTED, " Thiếu biên bản ", -1, &err), KH_E_OK);
    assert_int_equal(t->status, ST_DOING);
    assert_int_equal(t->verdict, VERDICT_REJECTED);
    assert_string_equal(t->verdict_reason, "Thiếu biên bản");
    assert_false(model_task_proposed(t));
    /* One change: status, completed (progress stays 100) and the rejection. */
    kh_history *h = NULL;
    size_t n = 0;
    assert_int_equal(app_history(app, NULL, &h, &n, &err), KH_E_OK);
    assert_true(n >= before + 2);
    assert_int_equal(h[n - 1].kind, KF_REJECTED);
    assert_string_equal(h[n - 1].new_value, "Thiếu biên bản");
    assert_int_equal(h[n - 1].change, h[before].change);
    store_history_free(h, n);

    reopen(f, "alice", NULL);
    t = task_of(&f->app, "II.1");
    assert_int_equal(t->verdict, VERDICT_REJECTED);
    assert_string_equal(t->verdict_reason, "Thiếu biên bản");
    /* Done again: the rejection is of the last completion, not this one. */
    set_ok(&f->app, "II.1", ST_DONE);
    reopen(f, "alice", NULL);
    assert_int_equal(task_of(&f->app, "II.1")->verdict, VERDICT_NONE);
    assert_true(model_task_proposed(task_of(&f->app, "II.1")));
}

static void test_refusals(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    /* Not done. */
    assert_int_equal(app_confirm(app, task_index(app, "II.1"), VERDICT_CONFIRMED, NULL, -1, &err),
                     KH_E_CONFIRM_NOT_DONE);
    assert_int_equal(history_count(app), 0);
    /* A version moved on since it was shown. */
    set_ok(app, "II.1", ST_DONE);
    size_t before = history_count(app);
    assert_int_equal(app_confirm(app, task_index(app, "II.1"), VERDICT_CONFIRMED, NULL, 0, &err),
                     KH_E_CONFLICT);
    assert_int_equal(history_count(app), before);

    /* No confirm_by: nothing to confirm. */
    app_close(app);
    memset(app, 0, sizeof *app);
    app->lang = KH_LANG_EN;
    app->today = date_from_ymd(2023, 5, 20);
    app->user = xstrdup("alice");
    app->plan = load_text(TEST_PLAN_YAML);
    assert_int_equal(app_open_store(app, f->path, false, &err), KH_E_OK);
    assert_int_equal(app_confirm(app, task_index(app, "II.1"), VERDICT_CONFIRMED, NULL, -1, &err),
                     KH_E_CONFIRM_NONE);
    /* And done means done. */
    assert_true(model_task_done(task_of(app, "II.1")));
    assert_int_equal(history_count(app), before);
}

static void test_rights(void **state)
{
    fixture *f = *state;
    reopen(f, "alice", RIGHTS);
    set_ok(&f->app, "II.1", ST_DONE); /* alice: tp leads II.1 */
    kh_error err = {0};
    size_t i = task_index(&f->app, "II.1");
    assert_false(app_may_confirm(&f->app, i));
    assert_int_equal(app_confirm(&f->app, i, VERDICT_CONFIRMED, NULL, -1, &err),
                     KH_E_CONFIRM_DENIED);
    assert_non_null(strstr(err.detail, "Văn phòng"));
    size_t before = history_count(&f->app);

    /* vera is of vp, the confirming unit. */
    reopen(f, "vera", RIGHTS);
    i = task_index(&f->app, "II.1");
    assert_true(app_may_confirm(&f->app, i));
    assert_int_equal(app_confirm(&f->app, i, VERDICT_CONFIRMED, NULL, -1, &err), KH_E_OK);
    assert_int_equal(history_count(&f->app), before + 1);

    /* Her undo is hers to make; alice's is refused (not her change). */
    kh_undo u;
    assert_int_equal(app_last_change(&f->app, (long)i, &u, &err), KH_E_OK);
    assert_int_equal(u.rows[0].kind, KF_CONFIRMED);
    assert_int_equal(app_undo(&f->app, &u, -1, &err), KH_E_OK);
    app_undo_free(&u);
    assert_true(model_task_proposed(task_of(&f->app, "II.1")));
    assert_int_equal(
        raw_int(f->path, "SELECT count(*) FROM confirmation WHERE withdrawn IS NOT NULL"), 1);
    reopen(f, "alice", RIGHTS);
    assert_true(model_task_proposed(task_of(&f->app, "II.1")));
}

static void test_undo_reject(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    set_ok(app, "II.1", ST_DONE);
    kh_error err = {0};
    size_t i = task_index(app, "II.1");
    assert_int_equal(app_confirm(app, i, VERDICT_REJECTED, "chưa đủ", -1, &err), KH_E_OK);
    kh_undo u;
    assert_int_equal(app_last_change(app, (long)i, &u, &err), KH_E_OK);
    assert_int_equal(app_undo(app, &u, -1, &err), KH_E_OK);
    app_undo_free(&u);
    kh_task *t = task_of(app, "II.1");
    assert_int_equal(t->status, ST_DONE);
    assert_int_equal(t->verdict, VERDICT_NONE);
    assert_true(model_task_proposed(t));
    /* Nothing deleted: the rejection is kept, withdrawn. */
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM confirmation"), 1);
    assert_int_equal(
        raw_int(f->path, "SELECT count(*) FROM confirmation WHERE withdrawn IS NOT NULL"), 1);
    /* Append-only. */
    assert_int_not_equal(raw_exec_rc(f->path, "DELETE FROM confirmation"), SQLITE_OK);
    assert_int_not_equal(raw_exec_rc(f->path, "UPDATE confirmation SET reason = 'x'"), SQLITE_OK);
    assert_int_equal(app_assign(app, i, "Lê Văn Cường", -1, &err), KH_E_OK);
    assert_int_not_equal(raw_exec_rc(f->path, "DELETE FROM task_officer"), SQLITE_OK);
    assert_int_not_equal(raw_exec_rc(f->path, "UPDATE task_officer SET name = 'x'"), SQLITE_OK);
}

/* The store alone: what store_confirm, store_assign and a note's kind
 * write, in one change each, and what store_confirm_load reads back. */
static void test_store_records(void **state)
{
    fixture *f = *state;
    kh_store *s = f->app.store;
    kh_error err = {0};
    kh_state st;
    kh_change done = {.status = ST_DONE,
                      .progress = -1,
                      .note = "xong",
                      .today = date_from_ymd(2023, 5, 2),
                      .expected_version = -1,
                      .note_kind = NOTE_PROPOSAL};
    assert_int_equal(store_apply(s, "test-plan", "II.2", &done, "dave", 1700000000, &st, &err),
                     KH_E_OK);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM note WHERE kind = 'proposal'"), 1);
    /* Not done: refused, nothing written. */
    assert_int_equal(store_confirm(s, "test-plan", "II.1", NULL, VERDICT_CONFIRMED, NULL, -1,
                                   KH_NO_DATE, "erin", 1700000100, &st, &err),
                     KH_E_CONFIRM_NOT_DONE);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM confirmation"), 0);
    assert_int_equal(store_confirm(s, "test-plan", "II.2", NULL, VERDICT_CONFIRMED, NULL, -1,
                                   KH_NO_DATE, "erin", 1700000100, &st, &err),
                     KH_E_OK);
    assert_int_equal(st.status, ST_DONE);
    assert_string_equal(st.updated_by, "erin");
    assert_int_equal(store_assign(s, "test-plan", "II.2", NULL, "Phạm Văn Dũng", NULL, -1, "erin",
                                  1700000200, &st, &err),
                     KH_E_OK);
    /* Each a change of its own: its first row's id is its change id. */
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM history WHERE field IN"
                                      " ('confirmed', 'officer') AND id = change_id"),
                     2);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM confirmation c JOIN history h"
                                      " ON h.change_id = c.change_id AND h.field = 'confirmed'"),
                     1);
    kh_plan *plan = f->app.plan;
    kh_task *t = task_of(&f->app, "II.2");
    t->verdict = VERDICT_NONE;
    t->officer = NULL;
    assert_int_equal(store_confirm_load(s, plan, &err), KH_E_OK);
    assert_int_equal(t->verdict, VERDICT_CONFIRMED);
    assert_string_equal(t->verdict_by, "erin");
    assert_int_equal(t->verdict_at, 1700000100);
    assert_string_equal(t->officer, "Phạm Văn Dũng");
    assert_int_equal(task_of(&f->app, "II.1")->verdict, VERDICT_NONE);
}

/* ---- officers ---------------------------------------------------------- */

static void test_assign(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    size_t i = task_index(app, "II.1");
    assert_int_equal(app_assign(app, i, "Trần Thị Bình", -1, &err), KH_E_OK);
    assert_string_equal(task_of(app, "II.1")->officer, "Trần Thị Bình");
    kh_history *h = NULL;
    size_t n = 0;
    assert_int_equal(app_history(app, NULL, &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 1);
    assert_int_equal(h[0].kind, KF_OFFICER);
    assert_string_equal(h[0].old_value, "Nguyễn Văn Ánh");
    assert_string_equal(h[0].new_value, "Trần Thị Bình");
    store_history_free(h, n);
    /* Two lines, a control character: refused. */
    assert_int_equal(app_assign(app, i, "a\nb", -1, &err), KH_E_INVALID);
    assert_int_equal(app_assign(app, i, "a\x07", -1, &err), KH_E_INVALID);

    /* Filtered as search does: case and diacritics ignored, a part. */
    kh_filter flt;
    app_filter_init(&flt);
    app_filter_set_officer(&flt, "TRAN THI");
    uint32_t idx[64];
    assert_int_equal(app_select(app, &flt, idx), 1);
    assert_int_equal(idx[0], i);
    app_filter_set_officer(&flt, "ánh");
    assert_int_equal(app_select(app, &flt, idx), 0);
    app_filter_done(&flt);

    reopen(f, "alice", NULL);
    assert_string_equal(task_of(&f->app, "II.1")->officer, "Trần Thị Bình");
    /* Nobody, then undo twice: back to the plan's officer. */
    assert_int_equal(app_assign(&f->app, i, "", -1, &err), KH_E_OK);
    assert_null(task_of(&f->app, "II.1")->officer);
    for (int k = 0; k < 2; k++) {
        kh_undo u;
        assert_int_equal(app_last_change(&f->app, -1, &u, &err), KH_E_OK);
        assert_int_equal(app_undo(&f->app, &u, -1, &err), KH_E_OK);
        app_undo_free(&u);
    }
    assert_string_equal(task_of(&f->app, "II.1")->officer, "Nguyễn Văn Ánh");
    reopen(f, "alice", NULL);
    assert_string_equal(task_of(&f->app, "II.1")->officer, "Nguyễn Văn Ánh");
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM task_officer"), 2);
}

/* ---- note kinds -------------------------------------------------------- */

static void test_note_kinds(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    size_t i = task_index(app, "II.1");
    assert_int_equal(app_change_kind(app, i, -1, -1, "Thiếu kinh phí", NOTE_DIFFICULTY, -1, &err),
                     KH_E_OK);
    assert_int_equal(app_change_kind(app, i, -1, -1, "Bổ sung biên chế", NOTE_PROPOSAL, -1, &err),
                     KH_E_OK);
    assert_int_equal(app_change(app, i, -1, -1, "Kiến nghị: cấp thêm máy tính", -1, &err), KH_E_OK);
    assert_int_equal(app_change(app, i, -1, -1, "Vướng mắc: mặt bằng", -1, &err), KH_E_OK);
    assert_int_equal(app_change(app, i, -1, -1, "họp xong", -1, &err), KH_E_OK);
    kh_note *v = NULL;
    size_t n = 0;
    assert_int_equal(app_notes(app, "II.1", &v, &n, &err), KH_E_OK);
    assert_int_equal(n, 5);
    /* Newest first. */
    const char *body;
    assert_int_equal(app_note_kind(&v[0], &body), NOTE_PLAIN);
    assert_string_equal(body, "họp xong");
    assert_int_equal(v[1].kind, NOTE_PLAIN);
    assert_int_equal(app_note_kind(&v[1], &body), NOTE_DIFFICULTY);
    assert_string_equal(body, "mặt bằng");
    assert_int_equal(app_note_kind(&v[2], &body), NOTE_PROPOSAL);
    assert_string_equal(body, "cấp thêm máy tính");
    assert_int_equal(v[3].kind, NOTE_PROPOSAL);
    assert_int_equal(app_note_kind(&v[3], &body), NOTE_PROPOSAL);
    assert_string_equal(body, "Bổ sung biên chế");
    assert_int_equal(v[4].kind, NOTE_DIFFICULTY);
    store_notes_free(v, n);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM note WHERE kind = 'difficulty'"), 1);
    assert_int_equal(model_note_kind_parse("kho khan"), NOTE_DIFFICULTY);
    assert_int_equal(model_note_kind_parse("Đề xuất"), NOTE_PROPOSAL);
    assert_int_equal(model_note_kind_parse("what"), -1);
}

/* ---- schema 3 to 4 ----------------------------------------------------- */

/* A database as today's main (schema 3) leaves it: its schema and rows. */
#define SCHEMA_V3                                                                                  \
    SCHEMA_V1                                                                                      \
    "CREATE INDEX note_by_task ON note (plan_id, task_id, id);"                                    \
    "CREATE INDEX history_by_task ON history (plan_id, task_id, id);"                              \
    "CREATE TRIGGER history_no_update BEFORE UPDATE ON history"                                    \
    " BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"                                   \
    "CREATE TRIGGER history_no_delete BEFORE DELETE ON history"                                    \
    " BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"                                   \
    "ALTER TABLE history ADD COLUMN change_id INTEGER;"                                            \
    "ALTER TABLE history ADD COLUMN undo_of INTEGER;"                                              \
    "ALTER TABLE note ADD COLUMN change_id INTEGER;"                                               \
    "ALTER TABLE note ADD COLUMN withdrawn INTEGER;"                                               \
    "CREATE INDEX history_by_user ON history (plan_id, user, id);"                                 \
    "CREATE INDEX history_undone ON history (plan_id, undo_of) WHERE undo_of IS NOT NULL;"         \
    "CREATE TRIGGER note_no_delete BEFORE DELETE ON note"                                          \
    " BEGIN SELECT RAISE(ABORT, 'notes are never deleted'); END;"                                  \
    "CREATE TRIGGER note_withdraw_only BEFORE UPDATE ON note"                                      \
    " WHEN OLD.withdrawn IS NOT NULL OR NEW.withdrawn IS NULL OR NEW.id IS NOT OLD.id"             \
    " OR NEW.plan_id IS NOT OLD.plan_id OR NEW.task_id IS NOT OLD.task_id"                         \
    " OR NEW.body IS NOT OLD.body OR NEW.author IS NOT OLD.author"                                 \
    " OR NEW.created_at IS NOT OLD.created_at OR NEW.change_id IS NOT OLD.change_id"               \
    " BEGIN SELECT RAISE(ABORT, 'a note is never changed, only withdrawn once'); END;"             \
    "PRAGMA user_version = 3;"

#define DATA_V3                                                                                     \
    "INSERT INTO task_state VALUES ('test-plan', 'II.1', 'done', 100, '2023-05-02',"                \
    " '2023-05-02T08:00:00Z', 'carol', 2);"                                                         \
    "INSERT INTO task_state VALUES ('test-plan', 'II.2', 'blocked', 30, NULL,"                      \
    " '2023-05-03T08:00:00Z', 'dave', 1);"                                                          \
    "INSERT INTO note (plan_id, task_id, body, author, created_at, change_id) VALUES"               \
    " ('test-plan', 'II.1', 'Kiến nghị: thêm người', 'carol', '2023-05-01T08:00:00Z', 1),"  \
    " ('test-plan', 'II.2', 'chờ kinh phí', 'dave', '2023-05-03T08:00:00Z', 6);"                 \
    "INSERT INTO history VALUES"                                                                    \
    " (1, 'test-plan', 'II.1', 'note', NULL, 'Kiến nghị: thêm người', 'carol',"             \
    " '2023-05-01T08:00:00Z', 1, NULL),"                                                            \
    " (2, 'test-plan', 'II.1', 'status', 'todo', 'done', 'carol', '2023-05-02T08:00:00Z', 2, "      \
    "NULL),"                                                                                        \
    " (3, 'test-plan', 'II.1', 'progress', '0', '100', 'carol', '2023-05-02T08:00:00Z', 2, NULL),"  \
    " (4, 'test-plan', 'II.1', 'completed', NULL, '2023-05-02', 'carol', '2023-05-02T08:00:00Z',"   \
    " 2, NULL),"                                                                                    \
    " (5, 'test-plan', 'II.2', 'status', 'todo', 'blocked', 'dave', '2023-05-03T08:00:00Z', 5,"     \
    " NULL),"                                                                                       \
    " (6, 'test-plan', 'II.2', 'note', NULL, 'chờ kinh phí', 'dave', '2023-05-03T08:00:00Z', 6," \
    " NULL);"

static void make_v3(const char *path)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db, "PRAGMA journal_mode = WAL;" SCHEMA_V3 DATA_V3, NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
}

static int setup_v3(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->path = xasprintf("%s/kehoach.db", f->dir);
    make_v3(f->path);
    *state = f;
    return 0;
}

static int teardown_v3(void **state)
{
    fixture *f = *state;
    app_close(&f->app);
    free(f->path);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static void test_migrate_3_to_4(void **state)
{
    fixture *f = *state;
    /* A reader first: it reads schema 3 as it is, writing nothing. */
    memset(&f->app, 0, sizeof f->app);
    f->app.lang = KH_LANG_EN;
    f->app.today = date_from_ymd(2023, 5, 20);
    f->app.user = xstrdup("erin");
    char *yaml = plan_text(NULL);
    f->app.plan = load_text(yaml);
    free(yaml);
    kh_error err = {0};
    assert_int_equal(app_open_store(&f->app, f->path, true, &err), KH_E_OK);
    assert_int_equal(raw_int(f->path, "PRAGMA user_version"), 3);
    kh_task *t = task_of(&f->app, "II.1");
    assert_int_equal(t->status, ST_DONE);
    assert_true(model_task_proposed(t)); /* done before anyone could confirm */
    kh_note *v = NULL;
    size_t n = 0;
    assert_int_equal(app_notes(&f->app, "II.1", &v, &n, &err), KH_E_OK);
    assert_int_equal(n, 1);
    assert_int_equal(app_note_kind(&v[0], NULL), NOTE_PROPOSAL); /* by its mark */
    store_notes_free(v, n);
    app_close(&f->app);

    /* Then a writer: migrated once, every row kept. */
    app_start(f, "erin", NULL);
    assert_int_equal(raw_int(f->path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM task_state"), 2);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM note WHERE kind IS NULL"), 2);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM history"), 6);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM confirmation"), 0);
    t = task_of(&f->app, "II.1");
    assert_int_equal(t->version, 2);
    assert_string_equal(t->updated_by, "carol");
    assert_int_equal(task_of(&f->app, "II.2")->status, ST_BLOCKED);
    assert_int_equal(task_of(&f->app, "II.2")->progress, 30);
    /* The old rows still undo as they did. */
    kh_history *h = NULL;
    assert_int_equal(app_history(&f->app, NULL, &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 6);
    assert_int_equal(h[1].change, 2);
    store_history_free(h, n);
    /* The notes' trigger still guards them, kind included. */
    assert_int_not_equal(raw_exec_rc(f->path, "UPDATE note SET kind = 'proposal' WHERE id = 1"),
                         SQLITE_OK);
    assert_int_not_equal(raw_exec_rc(f->path, "DELETE FROM note"), SQLITE_OK);
    /* And the new records work on it. */
    assert_int_equal(
        app_confirm(&f->app, task_index(&f->app, "II.1"), VERDICT_CONFIRMED, NULL, -1, &err),
        KH_E_OK);
    assert_true(model_task_done(task_of(&f->app, "II.1")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plan_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sub_items, setup, teardown),
        cmocka_unit_test_setup_teardown(test_done_is_proposed_until_confirmed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reject, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rights, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_reject, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_assign, setup, teardown),
        cmocka_unit_test_setup_teardown(test_note_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_3_to_4, setup_v3, teardown_v3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
