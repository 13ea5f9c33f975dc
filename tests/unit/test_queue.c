/* app_queue: a change made while another process holds the write lock is
 * kept without waiting more than a moment, saved once the lock goes, in the
 * order the person made the changes; a refused one leaves the queue. */
#include "testutil.h"

#include <sqlite3.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/app_queue.h"
#include "kehoach/drafts.h"
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

static kh_queued kept[4];
static size_t nkept;

static void add_kept(void *ctx, const kh_queued *c)
{
    (void)ctx;
    assert_true(nkept < 4);
    kh_queued *k = &kept[nkept++];
    *k = *c;
    k->task_id = xstrdup(c->task_id);
    k->note = c->note ? xstrdup(c->note) : NULL;
    k->what = c->what ? xstrdup(c->what) : NULL;
    k->doc = c->doc ? xstrdup(c->doc) : NULL;
    k->reason = c->reason ? xstrdup(c->reason) : NULL;
}

static void free_kept(void)
{
    for (size_t i = 0; i < nkept; i++) {
        free(kept[i].task_id);
        free(kept[i].note);
        free(kept[i].what);
        free(kept[i].doc);
        free(kept[i].reason);
    }
    nkept = 0;
}

/* The changes still waiting when the dashboard ends are written to a file
 * and read back whole: every field, texts with tabs, newlines and
 * backslashes, none (NULL) apart from empty; a line that is not a change
 * (damaged, invalid UTF-8, a status out of range) is skipped; none at all
 * removes the file. */
static void test_changes_file_round_trip(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/plan@1.changes", dir);
    char id1[] = "II.1", what1[] = "Đã hoàn thành", doc1[] = "12/QĐ-UBND";
    char id2[] = "II.2", note2[] = "dòng 1\n\tcó tab \\ và \\N", what2[] = "ghi chú", doc2[] = "",
         reason2[] = "lý do";
    kh_queued v[2] = {
        {id1, ST_DONE, 100, NULL, 7, what1, 0, date_from_ymd(2023, 6, 1), doc1, KH_NO_DATE, NULL},
        {id2, -1, -1, note2, -1, what2, 2, KH_NO_DATE, doc2, date_from_ymd(2023, 12, 31), reason2},
    };
    kh_error err = {0};
    assert_int_equal(drafts_save_changes(path, 2, v, &err), KH_E_OK);
    FILE *f = fopen(path, "a");
    assert_non_null(f);
    fputs("1\tII.3\t9\t0\t-1\t0\t-\t-\t\\N\t\\N\t\\N\tx\n", f);  /* status 9 */
    fputs("1\tII.3\t1\t0\t-1\t0\t-\t-\t\xff\t\\N\t\\N\tx\n", f); /* not UTF-8 */
    fputs("1\tII.3\t1\t0\n", f);                                 /* cut */
    fclose(f);
    assert_int_equal(drafts_load_changes(path, add_kept, NULL, &err), KH_E_OK);
    assert_int_equal(nkept, 2);
    assert_string_equal(kept[0].task_id, "II.1");
    assert_int_equal(kept[0].status, ST_DONE);
    assert_int_equal(kept[0].progress, 100);
    assert_null(kept[0].note);
    assert_int_equal(kept[0].expected_version, 7);
    assert_int_equal(kept[0].on, date_from_ymd(2023, 6, 1));
    assert_string_equal(kept[0].doc, "12/QĐ-UBND");
    assert_int_equal(kept[0].extend_to, KH_NO_DATE);
    assert_null(kept[0].reason);
    assert_string_equal(kept[0].what, "Đã hoàn thành");
    assert_string_equal(kept[1].note, "dòng 1\n\tcó tab \\ và \\N");
    assert_int_equal(kept[1].note_kind, 2);
    assert_int_equal(kept[1].expected_version, -1);
    assert_string_equal(kept[1].doc, "");
    assert_int_equal(kept[1].extend_to, date_from_ymd(2023, 12, 31));
    assert_string_equal(kept[1].reason, "lý do");
    free_kept();
    assert_int_equal(drafts_save_changes(path, 0, NULL, &err), KH_E_OK);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(drafts_load_changes(path, add_kept, NULL, &err), KH_E_OK);
    assert_int_equal(nkept, 0);
    rmdir(dir);
    free(path);
    free(dir);
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
        cmocka_unit_test(test_changes_file_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
