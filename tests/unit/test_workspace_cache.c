/* The workspace cache (src/workspace_cache.c): a read of a workspace served
 * from it, with no plan or state cache file of any plan, gives what a read
 * without any cache gives; an edit of a plan in place that keeps its size
 * and time, a new plan, a plan removed, a change in the database all show
 * at the next read; a damaged or truncated cache file is not used, no error
 * comes of it and it is written again. And a read that found part of the
 * plans' states in the cache and opened the database for the rest says of
 * none of them that the cache gave its state. */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/workspace.h"
#include "kehoach/workspace_cache.h"

typedef struct {
    char *root, *dir, *cache, *folder;
} fixture;

/* A plan with id `id` whose title is `title` (the same length for an edit
 * in place). */
static void put_plan(const fixture *f, const char *rel, const char *id, const char *title)
{
    char *text = xasprintf("kehoach: 1\n"
                           "plan:\n"
                           "  id: %s\n"
                           "  title: %s\n"
                           "  issuer: UBND phường Thử\n"
                           "  period: {from: 2023-01-01, to: 2023-12-31}\n"
                           "units:\n"
                           "  - {id: vp, name: Văn phòng, short: VP}\n"
                           "contents:\n"
                           "  - id: II.1\n"
                           "    text: Tuyên truyền.\n"
                           "    lead: vp\n"
                           "    deadline: 2023-06-01\n"
                           "  - id: II.2\n"
                           "    text: Việc riêng.\n"
                           "    lead: vp\n"
                           "    deadline: 2023-07-20\n",
                           id, title);
    char *path = xasprintf("%s/%s", f->dir, rel);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    mkdir(path, 0700);
    *slash = '/';
    test_write(path, text, strlen(text));
    free(path);
    free(text);
}

static void settle(void)
{
    struct timespec t = {0, 80 * 1000000L};
    nanosleep(&t, NULL);
}

/* Open the workspace as `status` does (read only, nothing but the state). */
static void read_ws(const fixture *f, kh_workspace *ws)
{
    *ws = (kh_workspace){.lang = KH_LANG_EN, .today = date_from_ymd(2023, 7, 15)};
    kh_error err = {0};
    assert_int_equal(workspace_open(ws, f->dir, &err), KH_E_OK);
    for (size_t i = 0; i < ws->nplans; i++) {
        ws->plans[i].state_only = true;
        ws->plans[i].skip_note_counts = true;
    }
    assert_int_equal(workspace_open_store(ws, NULL, true, &err), KH_E_OK);
}

/* Set task `task` of plan `id` to status, as `set` does. */
static void set_state(const fixture *f, const char *id, size_t task, int status, int progress)
{
    kh_workspace ws = {.lang = KH_LANG_EN, .today = date_from_ymd(2023, 7, 15)};
    kh_error err = {0};
    assert_int_equal(workspace_open(&ws, f->dir, &err), KH_E_OK);
    assert_int_equal(workspace_open_store(&ws, NULL, false, &err), KH_E_OK);
    long p = workspace_find_plan(&ws, id);
    assert_true(p >= 0);
    assert_int_equal(app_change(&ws.plans[p], task, status, progress, NULL, -1, &err), KH_E_OK);
    workspace_close(&ws);
}

/* Remove the plans' own cache files (*.plan, *.state), not the workspace's. */
static void drop_plan_caches(const fixture *f)
{
    DIR *d = opendir(f->folder);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if ((n > 5 && !strcmp(e->d_name + n - 5, ".plan")) ||
            (n > 6 && !strcmp(e->d_name + n - 6, ".state"))) {
            char *p = xasprintf("%s/%s", f->folder, e->d_name);
            unlink(p);
            free(p);
        }
    }
    closedir(d);
}

/* Return true when every plan's state came from a cache. */
static bool all_cached(const kh_workspace *ws)
{
    for (size_t i = 0; i < ws->nplans; i++)
        if (!ws->plans[i].state_cached) return false;
    return ws->nplans > 0;
}

/* Read until the workspace cache serves every plan and its state with no
 * other cache file there; fail when it never does. */
static void warm(const fixture *f)
{
    for (int i = 0; i < 6; i++) {
        kh_workspace ws;
        read_ws(f, &ws);
        workspace_close(&ws);
        settle();
        drop_plan_caches(f);
        read_ws(f, &ws);
        bool hit = all_cached(&ws) && ws.cache != NULL;
        workspace_close(&ws);
        if (hit) return;
    }
    fail_msg("the workspace cache never served");
}

/* Return how many files of the cache folder end in ext. */
static int count_files(const fixture *f, const char *ext)
{
    DIR *d = opendir(f->folder);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    size_t k = strlen(ext);
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > k && !strcmp(e->d_name + len - k, ext)) n++;
    }
    closedir(d);
    return n;
}

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->root = test_tmpdir();
    f->dir = xasprintf("%s/ws", f->root);
    mkdir(f->dir, 0700);
    f->cache = xasprintf("%s/cache", f->root);
    f->folder = xasprintf("%s/kehoach", f->cache);
    setenv("XDG_CACHE_HOME", f->cache, 1);
    unsetenv("KEHOACH_NO_CACHE");
    unsetenv("KEHOACH_NO_STATE_CACHE");
    put_plan(f, "a.yaml", "a", "Kế hoạch A");
    put_plan(f, "g/b.yaml", "b", "Kế hoạch B");
    set_state(f, "a", 0, ST_DOING, 40);
    set_state(f, "b", 1, ST_DONE, -1);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unsetenv("XDG_CACHE_HOME");
    test_rmdir(f->root);
    free(f->dir);
    free(f->cache);
    free(f->folder);
    free(f);
    return 0;
}

static const kh_task *task_of(const kh_workspace *ws, const char *plan, const char *task)
{
    long p = workspace_find_plan(ws, plan);
    if (p < 0) fail_msg("no plan %s", plan);
    long t = model_find_task(ws->plans[p].plan, task);
    if (t < 0) fail_msg("no task %s", task);
    return &ws->plans[p].plan->tasks[t];
}

static const char *title_of(const kh_workspace *ws, const char *plan)
{
    long p = workspace_find_plan(ws, plan);
    if (p < 0) fail_msg("no plan %s", plan);
    return ws->plans[p].plan->title;
}

/* Served whole from the workspace cache: the same plans and states, and
 * no plan's own cache file read or written. */
static void test_serves(void **state)
{
    fixture *f = *state;
    warm(f);
    drop_plan_caches(f);
    kh_workspace ws;
    read_ws(f, &ws);
    assert_int_equal(ws.nplans, 2);
    assert_true(all_cached(&ws));
    assert_null(ws.store);
    assert_int_equal(task_of(&ws, "a", "II.1")->status, ST_DOING);
    assert_int_equal(task_of(&ws, "a", "II.1")->progress, 40);
    assert_int_equal(task_of(&ws, "b", "II.2")->status, ST_DONE);
    assert_int_equal(task_of(&ws, "b", "II.1")->status, ST_TODO);
    assert_string_equal(title_of(&ws, "b"), "Kế hoạch B");
    workspace_close(&ws);
    assert_int_equal(count_files(f, ".plan"), 0);
    assert_int_equal(count_files(f, ".state"), 0);
    assert_int_equal(count_files(f, ".ws"), 1);
}

/* An edit in place that keeps the file's size and times: seen. */
static void test_edit_in_place(void **state)
{
    fixture *f = *state;
    warm(f);
    char *path = xasprintf("%s/a.yaml", f->dir);
    struct stat before;
    assert_int_equal(stat(path, &before), 0);
    put_plan(f, "a.yaml", "a", "Kế hoạch Z");
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
    struct stat after;
    assert_int_equal(stat(path, &after), 0);
    assert_int_equal(after.st_size, before.st_size);
    assert_int_equal(after.st_ino, before.st_ino);
    assert_int_equal(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
    kh_workspace ws;
    read_ws(f, &ws);
    assert_string_equal(title_of(&ws, "a"), "Kế hoạch Z");
    assert_int_equal(task_of(&ws, "a", "II.1")->status, ST_DOING); /* its state still */
    workspace_close(&ws);
    /* And the cache, written again, serves the new plan. */
    warm(f);
    read_ws(f, &ws);
    assert_string_equal(title_of(&ws, "a"), "Kế hoạch Z");
    workspace_close(&ws);
    free(path);
}

/* A plan added, then one removed. */
static void test_added_and_removed(void **state)
{
    fixture *f = *state;
    warm(f);
    put_plan(f, "g/c.yaml", "c", "Kế hoạch C");
    kh_workspace ws;
    read_ws(f, &ws);
    assert_int_equal(ws.nplans, 3);
    assert_string_equal(title_of(&ws, "c"), "Kế hoạch C");
    workspace_close(&ws);
    warm(f);
    char *b = xasprintf("%s/g/b.yaml", f->dir);
    assert_int_equal(unlink(b), 0);
    free(b);
    read_ws(f, &ws);
    assert_int_equal(ws.nplans, 2);
    assert_true(workspace_find_plan(&ws, "b") < 0);
    assert_true(workspace_find_plan(&ws, "a") >= 0 && workspace_find_plan(&ws, "c") >= 0);
    workspace_close(&ws);
    warm(f);
    read_ws(f, &ws);
    assert_int_equal(ws.nplans, 2);
    workspace_close(&ws);
}

/* A change in the database: seen at the next read, by every plan. */
static void test_database_change(void **state)
{
    fixture *f = *state;
    warm(f);
    set_state(f, "b", 0, ST_DOING, 70);
    kh_workspace ws;
    read_ws(f, &ws);
    assert_int_equal(task_of(&ws, "b", "II.1")->status, ST_DOING);
    assert_int_equal(task_of(&ws, "b", "II.1")->progress, 70);
    assert_int_equal(task_of(&ws, "a", "II.1")->progress, 40);
    workspace_close(&ws);
    warm(f);
    read_ws(f, &ws);
    assert_int_equal(task_of(&ws, "b", "II.1")->progress, 70);
    workspace_close(&ws);
}

/* Damaged, truncated, empty: not used, no error, written again. */
static void test_damaged(void **state)
{
    fixture *f = *state;
    for (int how = 0; how < 3; how++) {
        warm(f);
        char *file = workspace_cache_file(f->dir);
        struct stat st;
        assert_int_equal(stat(file, &st), 0);
        if (how == 0) {
            /* A byte of the index, then one of a plan's cache. */
            int fd = open(file, O_RDWR);
            assert_true(fd >= 0);
            assert_int_equal(pwrite(fd, "\xff", 1, 200), 1);
            assert_int_equal(pwrite(fd, "\xff", 1, st.st_size - 10), 1);
            close(fd);
        } else {
            assert_int_equal(truncate(file, how == 1 ? st.st_size / 2 : 0), 0);
        }
        drop_plan_caches(f);
        kh_workspace ws;
        read_ws(f, &ws);
        assert_int_equal(ws.nplans, 2);
        assert_int_equal(ws.nbad, 0);
        assert_int_equal(task_of(&ws, "a", "II.1")->progress, 40);
        assert_int_equal(task_of(&ws, "b", "II.2")->status, ST_DONE);
        assert_string_equal(title_of(&ws, "a"), "Kế hoạch A");
        workspace_close(&ws);
        warm(f);
        free(file);
    }
}

/* Part of the states from the cache, the database opened for the rest:
 * every plan's state is the store's then, none says the cache gave it. */
static void test_partial_hit(void **state)
{
    fixture *f = *state;
    warm(f);
    /* Every plan's own state cache there (a read with no workspace cache
     * writes them), then b's and the workspace's taken away: a hits. */
    char *file = workspace_cache_file(f->dir);
    unlink(file);
    kh_workspace ws;
    read_ws(f, &ws);
    assert_int_equal(count_files(f, ".state"), 2);
    char *b_state = state_cache_file(ws.plans[workspace_find_plan(&ws, "b")].plan, ws.db_path);
    workspace_close(&ws);
    assert_int_equal(unlink(b_state), 0);
    free(b_state);
    unlink(file);
    free(file);
    read_ws(f, &ws);
    long a = workspace_find_plan(&ws, "a"), b = workspace_find_plan(&ws, "b");
    assert_true(a == 0 && b == 1); /* a is looked at first */
    assert_false(ws.plans[b].state_cached);
    assert_false(ws.plans[a].state_cached);
    assert_int_equal(task_of(&ws, "a", "II.1")->progress, 40);
    workspace_close(&ws);
}

/* A plan served from the workspace cache keeps the stamp of its file (the
 * scan's fstat): the dashboard's poll sees nothing while it is unchanged,
 * and reads it again once it is edited. */
static void test_followed(void **state)
{
    fixture *f = *state;
    warm(f);
    kh_workspace ws;
    read_ws(f, &ws);
    assert_non_null(ws.cache);
    long a = workspace_find_plan(&ws, "a");
    kh_app *app = &ws.plans[a];
    assert_true(app->plan_stamp.known);
    kh_plan_map map;
    kh_diags d = {0};
    kh_error err = {0};
    assert_int_equal(app_poll_plan(app, &map, &d, &err), PLAN_SAME);
    app_plan_map_free(&map);
    struct timespec t = {0, 20 * 1000000L};
    nanosleep(&t, NULL);
    put_plan(f, "a.yaml", "a", "Kế hoạch Q");
    assert_int_equal(app_poll_plan(app, &map, &d, &err), PLAN_RELOADED);
    app_plan_map_free(&map);
    assert_string_equal(app->plan->title, "Kế hoạch Q");
    diags_free(&d);
    workspace_close(&ws);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_serves, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_added_and_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_database_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_damaged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_hit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_followed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
