/* app_queue: a change made while another process holds the write lock is
 * kept without waiting more than a moment, saved once the lock goes, in the
 * order the person made the changes; a refused one leaves the queue. */
#include "testutil.h"

#include <sqlite3.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/app_queue.h"
#include "kehoach/store.h"

typedef struct {
    char *dir;
    char *path;
    kh_app app;
    kh_queue q;
    sqlite3 *other; /* another process's connection, holding the lock or not */
    kh_queue_event seen[16];
    char seen_ids[16][32];
    size_t nseen;
} fixture;

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void report(void *ctx, const kh_queue_event *ev)
{
    fixture *f = ctx;
    assert_true(f->nseen < 16);
    f->seen[f->nseen] = *ev;
    snprintf(f->seen_ids[f->nseen], sizeof f->seen_ids[0], "%s", ev->change->task_id);
    f->seen[f->nseen].change = NULL; /* not valid once told */
    f->nseen++;
}

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->path = xasprintf("%s/kehoach.db", f->dir);
    f->app.lang = KH_LANG_EN;
    f->app.today = date_from_ymd(2023, 5, 20);
    f->app.user = xstrdup("alice");
    kh_diags diags = {0};
    assert_int_equal(test_load(TEST_PLAN_YAML, &f->app.plan, &diags), KH_E_OK);
    diags_free(&diags);
    kh_error err = {0};
    assert_int_equal(app_open_store(&f->app, f->path, false, &err), KH_E_OK);
    app_queue_init(&f->q);
    assert_int_equal(sqlite3_open_v2(f->path, &f->other, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    sqlite3_close(f->other);
    app_queue_done(&f->q);
    app_close(&f->app);
    free(f->path);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static void lock(fixture *f)
{
    assert_int_equal(sqlite3_exec(f->other, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
}

static void unlock(fixture *f)
{
    assert_int_equal(sqlite3_exec(f->other, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
}

static const kh_task *task(fixture *f, const char *id)
{
    long i = model_find_task(f->app.plan, id);
    assert_true(i >= 0);
    return &f->app.plan->tasks[i];
}

static kh_queue_result submit(fixture *f, const char *id, int status, int progress,
                              const char *note, bool check_version)
{
    return app_queue_submit(&f->q, &f->app, id, status, progress, note,
                            check_version ? task(f, id)->version : -1, "what", now_ms(), report, f);
}

static void test_saved_at_once_when_free(void **state)
{
    fixture *f = *state;
    assert_int_equal(submit(f, "II.1", ST_DOING, 30, NULL, true), QUEUE_SAVED);
    assert_int_equal(app_queue_len(&f->q), 0);
    assert_int_equal(f->nseen, 1);
    assert_int_equal(f->seen[0].result, QUEUE_SAVED);
    assert_false(f->seen[0].from_queue);
    assert_string_equal(f->seen_ids[0], "II.1");
    assert_int_equal(task(f, "II.1")->progress, 30);
    /* The same again changes nothing, and says so. */
    assert_int_equal(submit(f, "II.1", ST_DOING, 30, NULL, true), QUEUE_UNCHANGED);
    assert_int_equal(f->seen[1].result, QUEUE_UNCHANGED);
}

/* The point of the queue: with the lock held elsewhere, a submit returns in
 * a moment (the screen answers the next key), and the change is saved once
 * the lock goes. */
static void test_busy_does_not_block(void **state)
{
    fixture *f = *state;
    lock(f);
    long t0 = now_ms();
    assert_int_equal(submit(f, "II.1", ST_DOING, -1, NULL, true), QUEUE_WAITING);
    long took = now_ms() - t0;
    assert_true(took < 100);
    assert_int_equal(app_queue_len(&f->q), 1);
    assert_int_equal(f->nseen, 0);
    assert_int_equal(task(f, "II.1")->status, ST_TODO); /* the model waits for the store */
    /* Tried again too soon: nothing is tried. */
    assert_false(app_queue_retry(&f->q, &f->app, now_ms(), false, report, f));
    /* Forced, while still locked: tried, quickly, still waiting. */
    t0 = now_ms();
    assert_true(app_queue_retry(&f->q, &f->app, now_ms(), true, report, f));
    assert_true(now_ms() - t0 < 100);
    assert_int_equal(app_queue_len(&f->q), 1);
    unlock(f);
    assert_true(app_queue_retry(&f->q, &f->app, now_ms() + QUEUE_EVERY_MS, false, report, f));
    assert_int_equal(app_queue_len(&f->q), 0);
    assert_int_equal(f->nseen, 1);
    assert_int_equal(f->seen[0].result, QUEUE_SAVED);
    assert_true(f->seen[0].from_queue);
    assert_int_equal(task(f, "II.1")->status, ST_DOING);
}

/* Changes wait in the person's order, even once the lock is gone, and a
 * second change to the same task is made on top of the first. */
static void test_order_kept_and_versions_follow(void **state)
{
    fixture *f = *state;
    lock(f);
    assert_int_equal(submit(f, "II.1", ST_DOING, -1, NULL, true), QUEUE_WAITING);
    unlock(f);
    /* Free now, but II.1 still waits: this one goes behind it. */
    assert_int_equal(submit(f, "II.1", -1, 60, NULL, true), QUEUE_WAITING);
    assert_int_equal(submit(f, "II.2", -1, -1, "ghi chú", false), QUEUE_WAITING);
    assert_int_equal(app_queue_len(&f->q), 3);
    assert_string_equal(app_queue_at(&f->q, 2)->note, "ghi chú");
    assert_true(app_queue_retry(&f->q, &f->app, now_ms(), true, report, f));
    assert_int_equal(app_queue_len(&f->q), 0);
    assert_int_equal(f->nseen, 3);
    for (size_t i = 0; i < 3; i++) assert_int_equal(f->seen[i].result, QUEUE_SAVED);
    assert_string_equal(f->seen_ids[0], "II.1");
    assert_string_equal(f->seen_ids[1], "II.1");
    assert_string_equal(f->seen_ids[2], "II.2");
    assert_int_equal(task(f, "II.1")->progress, 60);
    assert_int_equal(task(f, "II.1")->version, 2);
}

/* Someone else changed the task while the change waited: it is refused,
 * leaves the queue, and the ones after it are still tried. */
static void test_conflict_refused_and_dropped(void **state)
{
    fixture *f = *state;
    lock(f);
    assert_int_equal(submit(f, "II.1", ST_BLOCKED, -1, NULL, true), QUEUE_WAITING);
    assert_int_equal(submit(f, "II.2", ST_DOING, -1, NULL, true), QUEUE_WAITING);
    unlock(f);
    kh_store *s = NULL;
    kh_error err = {0};
    assert_int_equal(store_open(f->path, 0, &s, &err), KH_E_OK);
    kh_change c = {
        .status = ST_DONE, .progress = -1, .today = f->app.today, .expected_version = -1};
    kh_state out;
    assert_int_equal(store_apply(s, "test-plan", "II.1", &c, "bob", 1, &out, &err), KH_E_OK);
    store_close(s);
    assert_true(app_queue_retry(&f->q, &f->app, now_ms(), true, report, f));
    assert_int_equal(app_queue_len(&f->q), 0);
    assert_int_equal(f->nseen, 2);
    assert_int_equal(f->seen[0].result, QUEUE_REFUSED);
    assert_int_equal(f->seen[0].err.code, KH_E_CONFLICT);
    assert_string_equal(f->seen[0].err.who, "bob");
    assert_int_equal(f->seen[0].err.reason, KH_R_CHANGED_SINCE);
    assert_int_equal(f->seen[1].result, QUEUE_SAVED);
}

/* A task the plan no longer has (the plan file was edited) is refused by
 * name, not applied to whatever task took its place. */
static void test_unknown_task_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(submit(f, "II.99", ST_DOING, -1, NULL, false), QUEUE_REFUSED);
    assert_int_equal(f->seen[0].err.code, KH_E_NOT_FOUND);
    assert_int_equal(f->seen[0].task, -1);
}

static void keep_note(void *ctx, const char *task_id, const char *note)
{
    fixture *f = ctx;
    snprintf(f->seen_ids[f->nseen++], sizeof f->seen_ids[0], "%s=%s", task_id, note);
}

/* Dropping the queue (quitting) hands back every note for the drafts. */
static void test_clear_keeps_notes(void **state)
{
    fixture *f = *state;
    lock(f);
    assert_int_equal(submit(f, "II.1", ST_DOING, -1, NULL, true), QUEUE_WAITING);
    assert_int_equal(submit(f, "II.2", -1, -1, "nháp", false), QUEUE_WAITING);
    app_queue_clear(&f->q, keep_note, f);
    unlock(f);
    assert_int_equal(app_queue_len(&f->q), 0);
    assert_int_equal(f->nseen, 1);
    assert_string_equal(f->seen_ids[0], "II.2=nháp");
    assert_int_equal(task(f, "II.1")->status, ST_TODO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_saved_at_once_when_free, setup, teardown),
        cmocka_unit_test_setup_teardown(test_busy_does_not_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_order_kept_and_versions_follow, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conflict_refused_and_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_task_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clear_keeps_notes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
