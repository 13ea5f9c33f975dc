/* From the ward to the province, below the command line: a ward's
 * workspace changes only its own occurrences; a snapshot round trip
 * (store_snapshot_write, store_snapshot_read) carries the ward, the schema,
 * the plans' hashes and the state; receive takes it in and refuses what it
 * must, the previous one kept; the province's fold lays each ward's state
 * over its own occurrences only, with its figures and the ranking. Run
 * from tests/unit. */
#include "testutil.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include "kehoach/app.h"
#include "kehoach/store_snapshot.h"
#include "kehoach/workspace.h"

static const char plan_yaml[] = "kehoach: 1\n"
                                "plan:\n"
                                "  id: tinh\n"
                                "  title: Kế hoạch của tỉnh\n"
                                "  issuer: UBND tỉnh Thử\n"
                                "  period: {from: 2025-07-01, to: 2025-12-31}\n"
                                "units:\n"
                                "  - {id: snv, name: Sở Nội vụ}\n"
                                "groups:\n"
                                "  wards:\n"
                                "    - {id: tqt, name: Phường Trương Quang Trọng}\n"
                                "    - {id: cl, name: Phường Cao Lãnh}\n"
                                "contents:\n"
                                "  - {id: II.1, text: Tổng hợp., lead: snv, deadline: 2025-12-15}\n"
                                "  - id: II.2\n"
                                "    text: Báo cáo sắp xếp bộ máy.\n"
                                "    lead: {each: wards}\n"
                                "    deadline: 2025-08-15\n"
                                "  - id: II.3\n"
                                "    text: Báo cáo quý.\n"
                                "    lead: {each: wards}\n"
                                "    deadline: 2025-11-30\n";

static void put(const char *dir, const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", dir, name);
    test_write(path, text, strlen(text));
    free(path);
}

/* A workspace at dir with the plan (and ward: when ward is not NULL). */
static void make_ws(const char *dir, const char *ward)
{
    char *settings = ward ? xasprintf("kehoach-workspace: 1\nward: %s\n", ward)
                          : xstrdup("kehoach-workspace: 1\n");
    put(dir, "workspace.yaml", settings);
    put(dir, "tinh.yaml", plan_yaml);
    free(settings);
}

static void open_ws(kh_workspace *ws, const char *dir, bool read_only)
{
    *ws = (kh_workspace){.lang = KH_LANG_VI, .today = date_from_ymd(2025, 10, 1)};
    kh_error err = {0};
    assert_int_equal(workspace_open(ws, dir, &err), KH_E_OK);
    assert_int_equal(ws->nplans, 1);
    assert_int_equal(workspace_open_store(ws, NULL, read_only, &err), KH_E_OK);
}

static size_t task(const kh_workspace *ws, const char *id)
{
    long i = model_find_task(ws->plans[0].plan, id);
    assert_true(i >= 0);
    return (size_t)i;
}

static void test_ward_changes_its_own(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    make_ws(dir, "tqt");
    kh_workspace ws;
    open_ws(&ws, dir, false);
    assert_string_equal(ws.settings.ward, "tqt");
    kh_app *app = &ws.plans[0];
    kh_error err = {0};
    assert_int_equal(app_change(app, task(&ws, "II.2@tqt"), ST_DONE, -1, NULL, -1, &err), KH_E_OK);
    /* The others' occurrences are not tracked here, and named when asked for. */
    assert_int_equal(model_find_task(app->plan, "II.2@cl"), -1);
    assert_int_equal(app_ward_foreign(app->plan, "tqt", "II.2@cl", KH_LANG_VI, &err), KH_E_DENIED);
    assert_non_null(strstr(err.detail, "II.2@cl là việc của Phường Cao Lãnh (cl)"));
    assert_int_equal(app_ward_foreign(app->plan, "tqt", "II.2@tqt", KH_LANG_VI, &err), KH_E_OK);
    assert_int_equal(app_ward_foreign(app->plan, "tqt", "II.2@nope", KH_LANG_VI, &err), KH_E_OK);
    assert_int_equal(app_change(app, task(&ws, "II.1"), ST_DOING, -1, NULL, -1, &err), KH_E_DENIED);
    assert_false(app_may_change(app, task(&ws, "II.3")));
    assert_true(app_may_change(app, task(&ws, "II.3@tqt")));
    /* The parent is the sum of the ward's own: 1 of 1 done. */
    kh_member_counts c;
    model_member_counts(app->plan, task(&ws, "II.2"), ws.today, &c);
    assert_int_equal(c.total, 1);
    assert_int_equal(c.done, 1);
    workspace_close(&ws);
    test_rmdir(dir);
}

static void test_snapshot_receive_fold(void **state)
{
    (void)state;
    char *root = test_tmpdir();
    char *wt = xasprintf("%s/tqt", root), *wc = xasprintf("%s/cl", root),
         *wp = xasprintf("%s/tinh", root);
    mkdir(wt, 0700);
    mkdir(wc, 0700);
    mkdir(wp, 0700);
    make_ws(wt, "tqt");
    make_ws(wc, "cl");
    make_ws(wp, NULL);
    kh_error err = {0};
    kh_workspace ws;
    open_ws(&ws, wt, false);
    assert_int_equal(app_change(&ws.plans[0], task(&ws, "II.2@tqt"), ST_DONE, -1, NULL, -1, &err),
                     KH_E_OK);
    char *snap = xasprintf("%s/tqt.snap", root);
    assert_int_equal(workspace_snapshot(&ws, snap, &err), KH_E_OK);
    workspace_close(&ws);
    kh_snapshot_info info;
    assert_int_equal(store_snapshot_read(snap, &info, &err), KH_E_OK);
    assert_string_equal(info.ward, "tqt");
    assert_int_equal(info.schema, STORE_SCHEMA_VERSION);
    assert_int_equal(info.nplans, 1);
    assert_string_equal(info.plans[0].id, "tinh");
    assert_int_equal(strlen(info.plans[0].sha256), 64);
    store_snapshot_info_free(&info);

    open_ws(&ws, wc, false);
    assert_int_equal(app_change(&ws.plans[0], task(&ws, "II.3@cl"), ST_DOING, 40, NULL, -1, &err),
                     KH_E_OK);
    char *snap_cl = xasprintf("%s/cl.snap", root);
    assert_int_equal(workspace_snapshot(&ws, snap_cl, &err), KH_E_OK);
    workspace_close(&ws);

    /* The province takes them in: cl's under tqt's name is refused. */
    char *wards = xasprintf("%s/wards", wp);
    mkdir(wards, 0700);
    free(wards);
    open_ws(&ws, wp, true);
    int fd = open(snap_cl, O_RDONLY);
    assert_int_equal(workspace_receive(&ws, "tqt", fd, &err), KH_E_INVALID);
    assert_non_null(strstr(err.detail, "'cl', không phải của 'tqt'"));
    close(fd);
    char *kept = workspace_snapshot_path(&ws, "tqt");
    assert_int_equal(access(kept, F_OK), -1);
    fd = open(snap, O_RDONLY);
    assert_int_equal(workspace_receive(&ws, "tqt", fd, &err), KH_E_OK);
    close(fd);
    fd = open(snap_cl, O_RDONLY);
    assert_int_equal(workspace_receive(&ws, "cl", fd, &err), KH_E_OK);
    close(fd);
    /* The same again: not newer. */
    fd = open(snap, O_RDONLY);
    assert_int_equal(workspace_receive(&ws, "tqt", fd, &err), KH_E_INVALID);
    close(fd);
    workspace_close(&ws);

    open_ws(&ws, wp, true);
    assert_true(workspace_is_province(&ws));
    assert_int_equal(workspace_province_fold(&ws, &err), KH_E_OK);
    const kh_plan *p = ws.plans[0].plan;
    assert_int_equal(p->tasks[task(&ws, "II.2@tqt")].status, ST_DONE);
    assert_int_equal(p->tasks[task(&ws, "II.2@cl")].status, ST_TODO);
    assert_int_equal(p->tasks[task(&ws, "II.3@cl")].progress, 40);
    assert_int_equal(p->tasks[task(&ws, "II.3@tqt")].status, ST_TODO);
    assert_int_equal(p->tasks[task(&ws, "II.2")].status, ST_DOING); /* the sum */
    assert_int_equal(ws.nwards, 2);
    workspace_wards_rank(&ws);
    const kh_ws_ward *first = &ws.wards[0], *second = &ws.wards[1];
    assert_string_equal(first->id, "tqt");
    assert_int_equal(first->rank, 1);
    assert_int_equal(first->total, 2);
    assert_int_equal(first->category[CAT_DONE_LATE], 1);
    assert_int_equal(first->category[CAT_OPEN_IN_TIME], 1);
    assert_int_equal(first->completion, 50);
    assert_int_equal(first->oldest_overdue, -1);
    assert_true(first->has_snapshot);
    assert_false(first->stale);
    assert_string_equal(second->id, "cl");
    assert_int_equal(second->overdue, 1);
    assert_int_equal(second->oldest_overdue, 47);
    assert_int_equal(second->completion, 20);
    workspace_close(&ws);
    free(kept);
    free(snap);
    free(snap_cl);
    free(wt);
    free(wc);
    free(wp);
    test_rmdir(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ward_changes_its_own),
        cmocka_unit_test(test_snapshot_receive_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
