/* Per-unit edit rights: the plan's `rights:` read and checked by the
 * loader (located errors), written back by plan_save, and enforced by the
 * app for changes and undo alike, by user name and by group. */
#include "testutil.h"

#include <grp.h>
#include <sys/types.h>
#include <unistd.h>

#include "kehoach/app.h"
#include "kehoach/paths.h"
#include "kehoach/plan_save.h"
#include "kehoach/store.h"

/* TEST_PLAN_YAML is 28 lines: what is appended starts on line 29. In it, tp
 * leads II.1 (which vp supports, through its duty's items); vp leads II.2
 * and the periods of III.1.1. */
#define RIGHTS_YAML                                                                                \
    "rights:\n"                                                                                    \
    "  all:\n"                                                                                     \
    "    users: [thao]\n"                                                                          \
    "    groups: [vanphong]\n"                                                                     \
    "  units:\n"                                                                                   \
    "    - unit: tp\n"                                                                             \
    "      users: [minh, lan]\n"                                                                   \
    "    - {unit: vp, groups: vp-group}\n"

typedef struct {
    char *dir;
    char *path;
    kh_app app;
} fixture;

static kh_plan *load_ok(const char *yaml)
{
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    kh_errcode rc = test_load(yaml, &plan, &diags);
    if (rc != KH_E_OK)
        fail_msg("plan does not load: %d:%d: %s", diags.n ? diags.v[0].line : 0,
                 diags.n ? diags.v[0].col : 0, diags.n ? diags.v[0].msg : "?");
    diags_free(&diags);
    return plan;
}

static kh_plan *load_rights(void)
{
    return load_ok(TEST_PLAN_YAML RIGHTS_YAML);
}

/* The app as `user` of `groups` (NULL-terminated), on plan, with a
 * database in dir. */
static void app_as(fixture *f, kh_plan *plan, const char *user, const char *const *groups)
{
    app_close(&f->app);
    memset(&f->app, 0, sizeof f->app);
    f->app.lang = KH_LANG_EN;
    f->app.today = date_from_ymd(2023, 5, 20);
    f->app.user = xstrdup(user);
    f->app.plan = plan;
    f->app.groups_known = true;
    for (size_t i = 0; groups && groups[i]; i++) {
        f->app.groups = xreallocarray(f->app.groups, i + 1, sizeof *f->app.groups);
        f->app.groups[i] = xstrdup(groups[i]);
        f->app.ngroups = i + 1;
    }
    kh_error err = {0};
    if (app_open_store(&f->app, f->path, false, &err))
        fail_msg("app_open_store: %d %s", err.code, err.detail);
}

static size_t task(const kh_app *app, const char *id)
{
    long i = model_find_task(app->plan, id);
    assert_true(i >= 0);
    return (size_t)i;
}

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->path = xasprintf("%s/kehoach.db", f->dir);
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

/* ---- the loader --------------------------------------------------------- */

static void test_load_rights(void **state)
{
    (void)state;
    kh_plan *plan = load_rights();
    assert_int_equal(plan->nrights, 3);
    const kh_right *all = &plan->rights[0], *tp = &plan->rights[1], *vp = &plan->rights[2];
    assert_true(all->all);
    assert_int_equal(all->nusers, 1);
    assert_string_equal(all->users[0].name, "thao");
    assert_int_equal(all->users[0].line, 31);
    assert_int_equal(all->users[0].col, 13);
    assert_int_equal(all->ngroups, 1);
    assert_string_equal(all->groups[0].name, "vanphong");
    assert_false(tp->all);
    assert_string_equal(plan->units[tp->unit].id, "tp");
    assert_int_equal(tp->nusers, 2);
    assert_string_equal(tp->users[1].name, "lan");
    assert_int_equal(tp->ngroups, 0);
    assert_string_equal(plan->units[vp->unit].id, "vp");
    assert_int_equal(vp->nusers, 0);
    assert_string_equal(vp->groups[0].name, "vp-group");
    model_free(plan);

    /* Without `rights:`, none. */
    plan = load_ok(TEST_PLAN_YAML);
    assert_int_equal(plan->nrights, 0);
    assert_null(plan->rights);
    model_free(plan);
}

static void test_load_errors(void **state)
{
    (void)state;
    static const struct {
        const char *yaml;
        int line, col;
        const char *msg;
    } cases[] = {
        {"rights:\n  al: {users: [a]}\n", 30, 3, "unknown key 'al' in rights; did you mean 'all'?"},
        {"rights:\n  units:\n    - {unit: tq, users: [a]}\n", 31, 14,
         "no unit 'tq' in 'units'; did you mean 'tp'?"},
        {"rights:\n  units:\n    - {unit: tp, users: [a]}\n    - {unit: tp, users: [b]}\n", 32, 14,
         "unit 'tp' is named twice in 'rights' (first at line 31)"},
        {"rights:\n  all: {users: [a, '-rf']}\n", 30, 20,
         "the account name '-rf' in 'users' is not valid"},
        {"rights:\n  all: {users: ['lan nguyen']}\n", 30, 17,
         "the account name 'lan nguyen' in 'users' is not valid"},
        {"rights:\n  all: {groups: [vp, vp]}\n", 30, 22, "'vp' is named twice in 'groups'"},
        {"rights:\n  all: {users: []}\n", 30, 8, "name who may make changes"},
        {"rights:\n  units:\n    - {unit: tp}\n", 31, 7, "name who may make changes"},
        {"rights:\n  units:\n    - {users: [a]}\n", 31, 7, "missing required key 'unit'"},
        {"rights:\n  units: tp\n", 30, 10, "'units' in 'rights' must be a list"},
        {"rights: {}\n", 29, 9, "'rights' names no one"},
        {"rights: [a]\n", 29, 9, "rights must be a mapping"},
        {"rights:\n  all: {users: [a], who: [b]}\n", 30, 21, "unknown key 'who' in all"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        char *yaml = xasprintf("%s%s", TEST_PLAN_YAML, cases[i].yaml);
        kh_plan *plan = NULL;
        kh_diags diags = {0};
        assert_int_equal(test_load(yaml, &plan, &diags), KH_E_PLAN);
        assert_null(plan);
        bool found = false;
        for (size_t k = 0; k < diags.n; k++)
            found |= diags.v[k].line == cases[i].line && diags.v[k].col == cases[i].col &&
                     strstr(diags.v[k].msg, cases[i].msg);
        if (!found)
            fail_msg("case %zu: want %d:%d: %s; got %d:%d: %s", i, cases[i].line, cases[i].col,
                     cases[i].msg, diags.n ? diags.v[0].line : 0, diags.n ? diags.v[0].col : 0,
                     diags.n ? diags.v[0].msg : "nothing");
        diags_free(&diags);
        free(yaml);
    }
}

/* The limit on names keeps a hostile plan cheap. */
static void test_load_too_many_names(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, TEST_PLAN_YAML "rights:\n  all:\n    users: [");
    for (int i = 0; i < 1001; i++) sb_printf(&sb, "%su%d", i ? ", " : "", i);
    sb_puts(&sb, "]\n");
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    assert_int_equal(test_load(sb_str(&sb), &plan, &diags), KH_E_PLAN);
    assert_non_null(strstr(diags.v[0].msg, "'users' names too many (at most 1000)"));
    diags_free(&diags);
    sb_done(&sb);
}

/* plan_save writes `rights:` back; loaded again, the same rights. */
static void test_save_round_trip(void **state)
{
    (void)state;
    kh_plan *plan = load_rights();
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    kh_error err = {0};
    assert_int_equal(plan_save(plan, NULL, 0, NULL, out, &err), KH_E_OK);
    fclose(out);
    assert_non_null(strstr(buf, "rights:\n  all:\n    users: [thao]\n"));
    kh_plan *back = load_ok(buf);
    assert_int_equal(back->nrights, plan->nrights);
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *a = &plan->rights[i], *b = &back->rights[i];
        assert_int_equal(a->all, b->all);
        if (!a->all) assert_string_equal(plan->units[a->unit].id, back->units[b->unit].id);
        assert_int_equal(a->nusers, b->nusers);
        assert_int_equal(a->ngroups, b->ngroups);
        for (uint32_t k = 0; k < a->nusers; k++)
            assert_string_equal(a->users[k].name, b->users[k].name);
        for (uint32_t k = 0; k < a->ngroups; k++)
            assert_string_equal(a->groups[k].name, b->groups[k].name);
    }
    free(buf);
    model_free(back);
    model_free(plan);
}

/* ---- who may change what -------------------------------------------- */

static void test_who_may_change(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *user;
        const char *groups[3];
        const char *task;
        bool may;
    } cases[] = {
        /* tp's people: the tasks tp leads or supports. */
        {"minh", {NULL}, "II.1", true},
        {"lan", {NULL}, "II.1", true},
        {"minh", {NULL}, "II.2", false},
        {"minh", {NULL}, "III.1.1/2023-01", false},
        /* vp's group: the tasks vp leads, and II.1, which it supports. */
        {"hoa", {"users", "vp-group", NULL}, "II.2", true},
        {"hoa", {"vp-group", NULL}, "II.1", true},
        {"hoa", {"vp-group", NULL}, "III.1.1/2023-12", true},
        {"hoa", {"users", NULL}, "II.2", false},
        /* The office and the chairman: everything, by name or by group. */
        {"thao", {NULL}, "II.2", true},
        {"thao", {NULL}, "III.1.1/2023-06", true},
        {"an", {"vanphong", NULL}, "II.1", true},
        /* Anyone else reads. A name is the account's, exactly. */
        {"root", {"root", NULL}, "II.1", false},
        {"Minh", {NULL}, "II.1", false},
        {"vp-group", {NULL}, "II.2", false},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        app_as(f, load_rights(), cases[i].user, cases[i].groups);
        bool may = app_may_change(&f->app, task(&f->app, cases[i].task));
        if (may != cases[i].may)
            fail_msg("case %zu: %s on %s: %d, want %d", i, cases[i].user, cases[i].task, may,
                     cases[i].may);
    }
    /* Without `rights:`, anyone. */
    app_as(f, load_ok(TEST_PLAN_YAML), "anyone", NULL);
    for (size_t i = 0; i < f->app.plan->ntasks; i++) assert_true(app_may_change(&f->app, i));
}

/* A refused change names who may make it, and writes nothing. */
static void test_change_refused(void **state)
{
    fixture *f = *state;
    app_as(f, load_rights(), "minh", NULL);
    size_t i = task(&f->app, "II.2");
    kh_error err = {0};
    assert_int_equal(app_change(&f->app, i, ST_DONE, -1, "xong", -1, &err), KH_E_DENIED);
    assert_int_equal(err.code, KH_E_DENIED);
    assert_string_equal(err.detail, "II.2 (minh) — who may: the units Văn phòng – Thống kê (lead); "
                                    "those who may change every task: thao, group vanphong");
    assert_int_equal(f->app.plan->tasks[i].status, ST_TODO);
    assert_int_equal(f->app.plan->tasks[i].version, 0);
    kh_history *h = NULL;
    size_t n = 0;
    assert_int_equal(app_history(&f->app, NULL, &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 0);
    store_history_free(h, n);
    assert_string_equal(kh_strerror(KH_E_DENIED, KH_LANG_VI),
                        "bạn không có quyền sửa nhiệm vụ này");
    assert_string_equal(kh_strerror(KH_E_DENIED, KH_LANG_EN), "you may not change this task");

    /* In Vietnamese, and with short names for the dashboard. */
    f->app.lang = KH_LANG_VI;
    assert_int_equal(app_check_rights(&f->app, i, &err), KH_E_DENIED);
    assert_string_equal(err.detail, "II.2 (minh) — được sửa: đơn vị Văn phòng – Thống kê (chủ "
                                    "trì); người sửa mọi nhiệm vụ: thao, nhóm vanphong");
    strbuf sb = STRBUF_INIT;
    app_rights_who(&f->app, task(&f->app, "II.1"), true, &sb);
    assert_string_equal(sb_str(&sb), "đơn vị TP (chủ trì), VP (phối hợp); người sửa mọi nhiệm "
                                     "vụ: thao, nhóm vanphong");
    sb_done(&sb);

    /* Their own task goes through. */
    assert_int_equal(app_change(&f->app, task(&f->app, "II.1"), ST_DOING, -1, NULL, -1, &err),
                     KH_E_OK);
}

/* Undo obeys the same rule: a change made before the plan named rights is
 * not undone by someone the rights now leave out. */
static void test_undo_refused(void **state)
{
    fixture *f = *state;
    app_as(f, load_ok(TEST_PLAN_YAML), "minh", NULL);
    kh_error err = {0};
    size_t i = task(&f->app, "II.2");
    assert_int_equal(app_change(&f->app, i, ST_BLOCKED, -1, NULL, -1, &err), KH_E_OK);
    app_as(f, load_rights(), "minh", NULL);
    kh_undo u;
    assert_int_equal(app_last_change(&f->app, -1, &u, &err), KH_E_OK);
    assert_int_equal(u.task, i);
    assert_int_equal(app_undo(&f->app, &u, -1, &err), KH_E_DENIED);
    assert_non_null(strstr(err.detail, "Văn phòng – Thống kê"));
    app_undo_free(&u);
    assert_int_equal(f->app.plan->tasks[i].status, ST_BLOCKED);
    /* The office may. */
    app_as(f, load_rights(), "thao", NULL);
    assert_int_equal(app_last_change(&f->app, -1, &u, &err), KH_E_NOT_FOUND);
}

/* The groups are the account's, from the group database and the real gid,
 * never from the environment. */
static void test_real_groups(void **state)
{
    (void)state;
    setenv("GROUPS", "vanphong", 1);
    setenv("USER", "thao", 1);
    size_t n = 0;
    char **v = paths_groups(&n);
    assert_true(n >= 1);
    struct group *g = getgrgid(getgid());
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        if (g) found |= !strcmp(v[i], g->gr_name);
        if (strcmp(v[i], "vanphong") == 0 && !(g && !strcmp(g->gr_name, "vanphong")))
            fail_msg("a group from the environment");
    }
    if (g) assert_true(found);
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
    char *me = paths_user();
    assert_string_not_equal(me, "thao");
    free(me);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_rights),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_load_too_many_names),
        cmocka_unit_test(test_save_round_trip),
        cmocka_unit_test_setup_teardown(test_who_may_change, setup, teardown),
        cmocka_unit_test_setup_teardown(test_change_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_refused, setup, teardown),
        cmocka_unit_test(test_real_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
