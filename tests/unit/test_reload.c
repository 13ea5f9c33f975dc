/* app_poll_plan / app_reload_plan: a running screen sees the plan file
 * edited (a stat, then the content), reads it again with the store's state
 * laid over it, maps tasks and units by id, and keeps the last good plan
 * when the edit does not load, telling it once. */
#include "testutil.h"

#include <sys/stat.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/store.h"

typedef struct {
    char *dir;
    char *plan_path;
    char *db_path;
    kh_app app;
} fixture;

static void write_plan(fixture *f, const char *yaml)
{
    /* Written to a new file renamed over the old, as editors save. */
    char *tmp = xasprintf("%s.new", f->plan_path);
    test_write(tmp, yaml, strlen(yaml));
    assert_int_equal(rename(tmp, f->plan_path), 0);
    free(tmp);
}

/* TEST_PLAN_YAML with `from` replaced by `to` (once). */
static char *edited(const char *from, const char *to)
{
    const char *at = strstr(TEST_PLAN_YAML, from);
    assert_non_null(at);
    size_t pre = (size_t)(at - TEST_PLAN_YAML);
    return xasprintf("%.*s%s%s", (int)pre, TEST_PLAN_YAML, to, at + strlen(from));
}

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->plan_path = xasprintf("%s/plan.yaml", f->dir);
    f->db_path = xasprintf("%s/kehoach.db", f->dir);
    setenv("KEHOACH_NO_CACHE", "1", 1);
    write_plan(f, TEST_PLAN_YAML);
    f->app.lang = KH_LANG_EN;
    f->app.today = date_from_ymd(2023, 5, 20);
    f->app.user = xstrdup("alice");
    kh_diags diags = {0};
    assert_int_equal(app_load_plan(&f->app, f->plan_path, &diags), KH_E_OK);
    diags_free(&diags);
    kh_error err = {0};
    assert_int_equal(app_open_store(&f->app, f->db_path, false, &err), KH_E_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    app_close(&f->app);
    free(f->plan_path);
    free(f->db_path);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static kh_plan_poll poll_plan(fixture *f, kh_plan_map *map, kh_diags *diags)
{
    kh_error err = {0};
    kh_plan_poll r = app_poll_plan(&f->app, map, diags, &err);
    assert_int_equal(err.code, KH_E_OK);
    return r;
}

static const kh_task *task(fixture *f, const char *id)
{
    long i = model_find_task(f->app.plan, id);
    assert_true(i >= 0);
    return &f->app.plan->tasks[i];
}

/* Nothing edited, or saved with the same content: nothing is read again. */
static void test_unchanged_is_same(void **state)
{
    fixture *f = *state;
    kh_plan_map map;
    kh_diags diags = {0};
    const kh_plan *before = f->app.plan;
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_SAME);
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_SAME);
    write_plan(f, TEST_PLAN_YAML); /* a new inode, the same bytes */
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_SAME);
    assert_ptr_equal(f->app.plan, before);
    assert_null(map.task);
    assert_int_equal(diags.n, 0);
}

/* A deadline changed, a task and a unit added in front: the plan is read
 * again, the saved state stays with its task, and the map follows ids. */
static void test_edit_reloads_and_maps(void **state)
{
    fixture *f = *state;
    kh_plan_map map;
    kh_diags diags = {0};
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_SAME); /* the first look */
    kh_error err = {0};
    long ii1 = model_find_task(f->app.plan, "II.1");
    assert_int_equal(app_change(&f->app, (size_t)ii1, ST_DOING, 40, NULL, -1, &err), KH_E_OK);
    size_t old_tasks = f->app.plan->ntasks;
    long old_ii2 = model_find_task(f->app.plan, "II.2");
    char *a = edited("deadline: 2023-06-01", "deadline: 2023-07-15");
    char *b = xasprintf("%s", a);
    char *c = strstr(b, "  - {id: vp,");
    assert_non_null(c);
    /* A unit before the others, and a task before II.1. */
    char *with_unit =
        xasprintf("%.*s  - {id: mt, name: Mặt trận, short: MT}\n%s", (int)(c - b), b, c);
    char *d = strstr(with_unit, "  - id: II.1\n");
    assert_non_null(d);
    char *yaml = xasprintf("%.*s  - id: II.0\n    text: Mới thêm.\n    lead: mt\n"
                           "    deadline: 2023-08-01\n%s",
                           (int)(d - with_unit), with_unit, d);
    write_plan(f, yaml);
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_RELOADED);
    assert_int_equal(diags.n, 0);
    assert_non_null(map.task);
    assert_int_equal(map.ntask, old_tasks);
    assert_int_equal(f->app.plan->ntasks, old_tasks + 1);
    /* The map follows ids, not places. */
    assert_int_equal(map.task[ii1], model_find_task(f->app.plan, "II.1"));
    assert_int_equal(map.task[old_ii2], model_find_task(f->app.plan, "II.2"));
    assert_int_not_equal(map.task[ii1], ii1);
    assert_int_equal(map.nunit, 2);
    assert_int_equal(map.unit[0], model_find_unit(f->app.plan, "vp"));
    assert_int_equal(map.unit[0], 1);
    /* The new deadline, and the state saved for II.1 laid over it. */
    assert_int_equal(task(f, "II.1")->due, date_from_ymd(2023, 7, 15));
    assert_int_equal(task(f, "II.1")->status, ST_DOING);
    assert_int_equal(task(f, "II.1")->progress, 40);
    assert_int_equal(task(f, "II.1")->version, 1);
    assert_int_equal(task(f, "II.0")->status, ST_TODO);
    app_plan_map_free(&map);
    /* Read once: the next poll sees nothing new. */
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_SAME);
    free(yaml);
    free(with_unit);
    free(b);
    free(a);
}

/* A task removed: the map says it is gone. */
static void test_removed_task_maps_to_none(void **state)
{
    fixture *f = *state;
    kh_plan_map map;
    kh_diags diags = {0};
    long ii2 = model_find_task(f->app.plan, "II.2");
    const char *start = strstr(TEST_PLAN_YAML, "  - id: II.2\n");
    const char *end = strstr(TEST_PLAN_YAML, "organization:");
    char *yaml = xasprintf("%.*s%s", (int)(start - TEST_PLAN_YAML), TEST_PLAN_YAML, end);
    write_plan(f, yaml);
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_RELOADED);
    assert_int_equal(map.task[ii2], -1);
    assert_int_equal(model_find_task(f->app.plan, "II.2"), -1);
    app_plan_map_free(&map);
    free(yaml);
}

/* An edit that does not load: the last good plan stays, the problem is
 * told with its line and column, once; fixed, it loads. */
static void test_invalid_edit_keeps_plan(void **state)
{
    fixture *f = *state;
    kh_plan_map map;
    kh_diags diags = {0};
    const kh_plan *before = f->app.plan;
    char *bad = edited("deadline: 2023-06-01", "deadline: 2023-13-45");
    write_plan(f, bad);
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_INVALID);
    assert_ptr_equal(f->app.plan, before);
    assert_null(map.task);
    assert_true(diags.n >= 1);
    assert_true(diags.v[0].line > 0);
    assert_true(diags.v[0].col > 0);
    diags_free(&diags);
    /* Told once for this content. */
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_SAME);
    assert_int_equal(diags.n, 0);
    write_plan(f, bad);
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_SAME);
    /* Fixed: read again. */
    char *good = edited("deadline: 2023-06-01", "deadline: 2023-06-20");
    write_plan(f, good);
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_RELOADED);
    assert_int_equal(task(f, "II.1")->due, date_from_ymd(2023, 6, 20));
    app_plan_map_free(&map);
    /* The same bad content again after a good one is told again. */
    write_plan(f, bad);
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_INVALID);
    diags_free(&diags);
    free(good);
    free(bad);
}

/* An edit in place (same inode, same size, a byte changed) is seen too: the
 * times change. */
static void test_edit_in_place_seen(void **state)
{
    fixture *f = *state;
    kh_plan_map map;
    kh_diags diags = {0};
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_SAME);
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
    char *yaml = edited("deadline: 2023-06-01", "deadline: 2023-06-02");
    test_write(f->plan_path, yaml, strlen(yaml));
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_RELOADED);
    assert_int_equal(task(f, "II.1")->due, date_from_ymd(2023, 6, 2));
    app_plan_map_free(&map);
    free(yaml);
}

/* The first poll compares with the hash the loader made of the bytes it
 * read, and reads no file for it (at 100,000 tasks, 45 MB hashed again a
 * second after the first frame). */
static void test_first_poll_takes_loaders_hash(void **state)
{
    fixture *f = *state;
    kh_plan_map map;
    kh_diags diags = {0};
    /* Read again through the plan cache, which hashes what it reads. */
    char *cache = xasprintf("%s/cache", f->dir);
    setenv("XDG_CACHE_HOME", cache, 1);
    unsetenv("KEHOACH_NO_CACHE");
    kh_error err = {0};
    assert_int_equal(app_reload_plan(&f->app, &map, &diags, &err), KH_E_OK);
    app_plan_map_free(&map);
    setenv("KEHOACH_NO_CACHE", "1", 1);
    free(cache);
    const kh_plan *plan = f->app.plan;
    assert_true(plan->content_hashed);
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_SAME);
    uint64_t h;
    memcpy(&h, plan->content_hash, sizeof h);
    assert_true(f->app.plan_stamp.hash_known);
    assert_true(f->app.plan_stamp.hash == h);
    /* And an edit is still seen by its content. */
    write_plan(f, TEST_PLAN_YAML);
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_SAME);
    char *yaml = edited("deadline: 2023-06-01", "deadline: 2023-06-03");
    write_plan(f, yaml);
    assert_int_equal(poll_plan(f, &map, &diags), PLAN_RELOADED);
    app_plan_map_free(&map);
    free(yaml);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unchanged_is_same, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_reloads_and_maps, setup, teardown),
        cmocka_unit_test_setup_teardown(test_removed_task_maps_to_none, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_edit_keeps_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_in_place_seen, setup, teardown),
        cmocka_unit_test_setup_teardown(test_first_poll_takes_loaders_hash, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
