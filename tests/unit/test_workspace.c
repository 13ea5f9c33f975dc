/* The workspace: discovery (nested folders, depth, hidden folders, files
 * that are not plans), ids met twice, an invalid file beside valid ones,
 * workspace.yaml, init, one store shared by the plans, PLAN:TASK, and the
 * migration of a single-plan database (schema 3, with states, notes,
 * history and an undo) without loss. */
#include "testutil.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "kehoach/app.h"
#include "kehoach/paths.h"
#include "kehoach/store.h"
#include "kehoach/store_migrate.h"
#include "kehoach/text.h"
#include "kehoach/workspace.h"

/* A plan with id `id` and, besides II.1, the task `extra`. */
static char *plan_text(const char *id, const char *extra)
{
    return xasprintf("# a plan\n"
                     "kehoach: 1\n"
                     "plan:\n"
                     "  id: %s\n"
                     "  title: Kế hoạch %s\n"
                     "  issuer: UBND phường Thử\n"
                     "  period: {from: 2023-01-01, to: 2023-12-31}\n"
                     "units:\n"
                     "  - {id: vp, name: Văn phòng, short: VP}\n"
                     "contents:\n"
                     "  - id: II.1\n"
                     "    text: Tuyên truyền.\n"
                     "    lead: vp\n"
                     "    deadline: 2023-06-01\n"
                     "  - id: %s\n"
                     "    text: Việc riêng.\n"
                     "    lead: vp\n"
                     "    deadline: 2023-07-20\n",
                     id, id, extra);
}

static void put(const char *dir, const char *rel, const char *text)
{
    char *path = xasprintf("%s/%s", dir, rel);
    /* Make the folders on the way. */
    for (char *s = strchr(path + strlen(dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(path, 0700);
        *s = '/';
    }
    test_write(path, text, strlen(text));
    free(path);
}

static void put_plan(const char *dir, const char *rel, const char *id, const char *extra)
{
    char *text = plan_text(id, extra);
    put(dir, rel, text);
    free(text);
}

static const char *rel(const char *dir, const char *path)
{
    size_t n = strlen(dir);
    assert_int_equal(strncmp(path, dir, n), 0);
    return path + n + 1;
}

static void test_discovery(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    put_plan(dir, "plan.yaml", "a", "II.2");
    put_plan(dir, "sub/b.yaml", "b", "II.3");
    put_plan(dir, "sub/x/y/three.yaml", "c", "II.4");         /* 3 folders down: in */
    put_plan(dir, "sub/x/y/z/four.yaml", "d", "II.5");        /* 4 down: not looked at */
    put_plan(dir, ".hidden/h.yaml", "e", "II.6");             /* hidden folder */
    put_plan(dir, "sub/.h.yaml", "f", "II.7");                /* hidden file */
    put_plan(dir, "plan.yml", "g", "II.8");                   /* not *.yaml */
    put(dir, "other.yaml", "services:\n  web: {image: x}\n"); /* YAML, not a plan */
    put(dir, "workspace.yaml", "kehoach-workspace: 1\n");
    put(dir, "notes.txt", "kehoach: 1\n");
    char **paths;
    size_t n;
    kh_error err = {0};
    assert_int_equal(workspace_find(dir, &paths, &n, &err), KH_E_OK);
    assert_int_equal(n, 3);
    assert_string_equal(rel(dir, paths[0]), "plan.yaml");
    assert_string_equal(rel(dir, paths[1]), "sub/b.yaml");
    assert_string_equal(rel(dir, paths[2]), "sub/x/y/three.yaml");
    workspace_paths_free(paths, n);
    /* A folder that is not there. */
    char *none = xasprintf("%s/none", dir);
    assert_int_equal(workspace_find(none, &paths, &n, &err), KH_E_IO);
    free(none);
    test_rmdir(dir);
}

static void test_sniff(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    put(dir, "bom.yaml", "\xEF\xBB\xBFkehoach: 1\n");
    put(dir, "indented.yaml", "x:\n  kehoach: 1\n");
    put(dir, "late.yaml", "# comment\n# more\nkehoach: 1\n");
    char *p1 = xasprintf("%s/bom.yaml", dir), *p2 = xasprintf("%s/indented.yaml", dir),
         *p3 = xasprintf("%s/late.yaml", dir);
    assert_true(workspace_is_plan_file(p1));
    assert_false(workspace_is_plan_file(p2));
    assert_true(workspace_is_plan_file(p3));
    assert_false(workspace_is_plan_file(dir)); /* a folder */
    free(p1);
    free(p2);
    free(p3);
    test_rmdir(dir);
}

static void test_duplicates_and_invalid(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    put_plan(dir, "a1.yaml", "a", "II.2");
    put_plan(dir, "sub/a2.yaml", "a", "II.3");
    put_plan(dir, "c.yaml", "c", "II.4");
    put(dir, "bad.yaml", "kehoach: 1\nplan:\n  id: bad\n  title: [\n");
    kh_workspace ws = {.lang = KH_LANG_EN, .today = date_from_ymd(2023, 7, 15)};
    kh_error err = {0};
    assert_int_equal(workspace_open(&ws, dir, &err), KH_E_OK);
    /* The valid one loads; the invalid one and both of the duplicated id do not. */
    assert_int_equal(ws.nplans, 1);
    assert_string_equal(ws.plans[0].plan->id, "c");
    assert_int_equal(ws.nbad, 3);
    bool saw_bad = false, saw_a1 = false, saw_a2 = false;
    for (size_t i = 0; i < ws.nbad; i++) {
        const char *r = rel(dir, ws.bad[i].path);
        assert_true(ws.bad[i].diags.n > 0);
        const char *msg = ws.bad[i].diags.v[0].msg;
        if (!strcmp(r, "bad.yaml")) {
            saw_bad = true;
            assert_true(ws.bad[i].diags.v[0].line > 0); /* file:line:col */
        } else if (!strcmp(r, "a1.yaml")) {
            saw_a1 = true;
            assert_non_null(strstr(msg, "sub/a2.yaml")); /* names the other file */
        } else if (!strcmp(r, "sub/a2.yaml")) {
            saw_a2 = true;
            assert_non_null(strstr(msg, "a1.yaml"));
        }
    }
    assert_true(saw_bad && saw_a1 && saw_a2);
    workspace_close(&ws);
    test_rmdir(dir);
}

static void test_settings(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    put(dir, "workspace.yaml",
        "kehoach-workspace: 1\nname: UBND phường Thử\nbody: ubnd\ndigest: {days: 10}\n");
    char *path = xasprintf("%s/workspace.yaml", dir);
    kh_ws_settings s;
    kh_diags d = {0};
    assert_int_equal(plan_workspace_load(path, KH_LANG_EN, &s, &d), KH_E_OK);
    assert_string_equal(s.name, "UBND phường Thử");
    assert_string_equal(s.body, "ubnd");
    assert_null(s.database);
    assert_int_equal(s.digest_days, 10);
    plan_workspace_free(&s);
    diags_free(&d);
    /* An unknown key and bad days: both reported with where they are. */
    put(dir, "workspace.yaml", "name: x\ncolour: red\ndigest:\n  days: -3\n");
    assert_int_equal(plan_workspace_load(path, KH_LANG_EN, &s, &d), KH_E_PLAN);
    assert_int_equal(d.n, 2);
    assert_int_equal(d.v[0].line, 2);
    assert_int_equal(d.v[0].col, 1);
    assert_non_null(strstr(d.v[0].msg, "colour"));
    assert_int_equal(d.v[1].line, 4);
    assert_null(s.name); /* nothing kept from a refused file */
    diags_free(&d);
    /* A workspace whose settings are wrong does not open. */
    kh_workspace ws = {.lang = KH_LANG_EN};
    kh_error err = {0};
    assert_int_equal(workspace_open(&ws, dir, &err), KH_E_PLAN);
    assert_int_equal(ws.nbad, 1);
    workspace_close(&ws);
    free(path);
    test_rmdir(dir);
}

static void test_init(void **state)
{
    (void)state;
    char *tmp = test_tmpdir();
    char *dir = xasprintf("%s/new/ws", tmp);
    bool made_settings, made_db;
    kh_error err = {0};
    assert_int_equal(
        workspace_init(dir, "Phường \"Thử\"", KH_LANG_VI, &made_settings, &made_db, &err), KH_E_OK);
    assert_true(made_settings);
    assert_true(made_db);
    /* The template is commented, and reads back with its defaults. */
    char *path = xasprintf("%s/workspace.yaml", dir);
    kh_ws_settings s;
    kh_diags d = {0};
    assert_int_equal(plan_workspace_load(path, KH_LANG_EN, &s, &d), KH_E_OK);
    assert_string_equal(s.name, "Phường \"Thử\"");
    assert_int_equal(s.digest_days, 7);
    plan_workspace_free(&s);
    char *db = xasprintf("%s/kehoach.db", dir);
    assert_int_equal(access(db, F_OK), 0);
    /* Again: nothing made, nothing lost. */
    assert_int_equal(workspace_init(dir, NULL, KH_LANG_VI, &made_settings, &made_db, &err),
                     KH_E_OK);
    assert_false(made_settings);
    assert_false(made_db);
    /* No plan yet: a workspace of none. */
    kh_workspace ws = {.lang = KH_LANG_EN};
    assert_int_equal(workspace_open(&ws, dir, &err), KH_E_OK);
    assert_int_equal(ws.nplans, 0);
    assert_int_equal(ws.nbad, 0);
    assert_true(ws.has_settings);
    workspace_close(&ws);
    /* Both languages' templates read back. */
    char *t = plan_workspace_template(NULL, KH_LANG_EN);
    put(dir, "workspace.yaml", t);
    free(t);
    assert_int_equal(plan_workspace_load(path, KH_LANG_EN, &s, &d), KH_E_OK);
    assert_null(s.name);
    plan_workspace_free(&s);
    diags_free(&d);
    free(db);
    free(path);
    free(dir);
    test_rmdir(tmp);
}

static void test_shared_store(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    put_plan(dir, "a.yaml", "a", "II.2");
    put_plan(dir, "b/b.yaml", "b", "II.3");
    kh_workspace ws = {.lang = KH_LANG_EN, .today = date_from_ymd(2023, 7, 15)};
    kh_error err = {0};
    assert_int_equal(workspace_open(&ws, dir, &err), KH_E_OK);
    assert_int_equal(ws.nplans, 2);
    /* Read-only, no database yet: none is made. */
    assert_int_equal(workspace_open_store(&ws, NULL, true, &err), KH_E_OK);
    assert_null(ws.store);
    char *db = xasprintf("%s/kehoach.db", dir);
    assert_int_equal(access(db, F_OK), -1);
    assert_int_equal(workspace_open_store(&ws, NULL, false, &err), KH_E_OK);
    assert_non_null(ws.store);
    assert_string_equal(ws.db_path, db);
    long a = workspace_find_plan(&ws, "a"), b = workspace_find_plan(&ws, "b");
    assert_true(a >= 0 && b >= 0);
    assert_int_equal(workspace_find_plan(&ws, "zz"), -1);
    /* The same task id in two plans: two rows. */
    assert_int_equal(app_change(&ws.plans[a], 0, ST_DOING, 40, "ghi chú a", -1, &err), KH_E_OK);
    assert_int_equal(app_change(&ws.plans[b], 0, ST_DONE, -1, NULL, -1, &err), KH_E_OK);
    workspace_close(&ws);
    ws = (kh_workspace){.lang = KH_LANG_EN, .today = date_from_ymd(2023, 7, 15)};
    assert_int_equal(workspace_open(&ws, dir, &err), KH_E_OK);
    assert_int_equal(workspace_open_store(&ws, NULL, true, &err), KH_E_OK);
    a = workspace_find_plan(&ws, "a");
    b = workspace_find_plan(&ws, "b");
    assert_int_equal(ws.plans[a].plan->tasks[0].status, ST_DOING);
    assert_int_equal(ws.plans[a].plan->tasks[0].progress, 40);
    assert_int_equal(ws.plans[a].plan->tasks[0].nnotes, 1);
    assert_int_equal(ws.plans[b].plan->tasks[0].status, ST_DONE);
    assert_int_equal(ws.plans[b].plan->tasks[0].nnotes, 0);
    /* Counts per plan, and every task in one sequence with its plan. */
    kh_counts c[2];
    workspace_counts(&ws, c);
    assert_int_equal(c[b].status[ST_DONE], 1);
    assert_int_equal(c[a].status[ST_DONE], 0);
    size_t n;
    kh_ws_task *all = workspace_tasks(&ws, &n);
    assert_int_equal(n, 4);
    assert_int_equal(all[2].plan, 1);
    assert_int_equal(all[2].task, 0);
    free(all);
    /* PLAN:TASK, a task only one plan has, one two plans have. */
    size_t p;
    const char *task;
    assert_int_equal(workspace_task_plan(&ws, "b:II.1", &p, &task, &err), KH_E_OK);
    assert_int_equal(p, (size_t)b);
    assert_string_equal(task, "II.1");
    assert_int_equal(workspace_task_plan(&ws, "II.3", &p, &task, &err), KH_E_OK);
    assert_int_equal(p, (size_t)b);
    assert_int_equal(workspace_task_plan(&ws, "ii.2", &p, &task, &err), KH_E_OK);
    assert_int_equal(p, (size_t)a);
    assert_int_equal(workspace_task_plan(&ws, "II.1", &p, &task, &err), KH_E_CONFLICT);
    assert_string_equal(err.detail, "a:II.1, b:II.1");
    assert_int_equal(workspace_task_plan(&ws, "II.9", &p, &task, &err), KH_E_NOT_FOUND);
    assert_int_equal(workspace_task_plan(&ws, "zz:II.1", &p, &task, &err), KH_E_NOT_FOUND);
    workspace_close(&ws);
    /* A task an amendment adds to a: the workspace's store lays it over the
     * plan as the plan's own store does, once however often it is opened;
     * a bare id finds it, and the same id added to b too is in two plans. */
    ws = (kh_workspace){.lang = KH_LANG_EN, .today = date_from_ymd(2023, 7, 15)};
    assert_int_equal(workspace_open(&ws, dir, &err), KH_E_OK);
    assert_int_equal(workspace_open_store(&ws, NULL, false, &err), KH_E_OK);
    a = workspace_find_plan(&ws, "a");
    b = workspace_find_plan(&ws, "b");
    kh_amendment am = {0,
                       xstrdup("II.9"),
                       AMEND_ADD,
                       xstrdup("Việc bổ sung"),
                       xstrdup("vp"),
                       NULL,
                       xstrdup("QĐ 1"),
                       NULL,
                       0,
                       0,
                       false,
                       KH_NO_DATE};
    assert_int_equal(app_amend(&ws.plans[a], &am, &err), KH_E_OK);
    workspace_close(&ws);
    ws = (kh_workspace){.lang = KH_LANG_EN, .today = date_from_ymd(2023, 7, 15)};
    assert_int_equal(workspace_open(&ws, dir, &err), KH_E_OK);
    assert_int_equal(workspace_task_plan(&ws, "II.9", &p, &task, &err), KH_E_NOT_FOUND);
    assert_int_equal(workspace_open_store(&ws, NULL, true, &err), KH_E_OK);
    assert_int_equal(workspace_open_store(&ws, NULL, true, &err), KH_E_OK);
    assert_int_equal(ws.plans[a].plan->ntasks, 3);
    assert_int_equal(ws.plans[b].plan->ntasks, 2);
    assert_int_equal(workspace_task_plan(&ws, "II.9", &p, &task, &err), KH_E_OK);
    assert_int_equal(p, (size_t)a);
    kh_ws_task *every = workspace_tasks(&ws, &n);
    assert_int_equal(n, 5);
    free(every);
    workspace_close(&ws);
    ws = (kh_workspace){.lang = KH_LANG_EN, .today = date_from_ymd(2023, 7, 15)};
    assert_int_equal(workspace_open(&ws, dir, &err), KH_E_OK);
    assert_int_equal(workspace_open_store(&ws, NULL, false, &err), KH_E_OK);
    assert_int_equal(app_amend(&ws.plans[b], &am, &err), KH_E_OK);
    assert_int_equal(workspace_task_plan(&ws, "II.9", &p, &task, &err), KH_E_CONFLICT);
    assert_string_equal(err.detail, "a:II.9, b:II.9");
    free(am.task_id);
    free(am.text);
    free(am.lead);
    free(am.doc);
    workspace_close(&ws);
    free(db);
    test_rmdir(dir);
}

/* A search in notes: every task's notes (the plan file's and the
 * database's, not a withdrawn one) and results, folded; and the person's
 * own units as the plan's rights name them. */
static void test_note_texts_and_my_unit(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    put_plan(dir, "a.yaml", "a", "II.2");
    char *user = paths_user();
    char *rights = xasprintf("rights:\n"
                             "  units:\n"
                             "    - unit: tp\n"
                             "      users: [%s]\n"
                             "    - unit: vp\n"
                             "      users: [someone-else]\n",
                             user);
    char *text = plan_text("b", "II.3");
    /* The units of b: vp and tp; its rights name the user for tp only. */
    char *units = strstr(text, "contents:\n");
    assert_non_null(units);
    char *with = xasprintf("%.*s  - {id: tp, name: Tư pháp, short: TP}\n%s%s", (int)(units - text),
                           text, units, rights);
    put(dir, "b.yaml", with);
    kh_workspace ws = {.lang = KH_LANG_EN, .today = date_from_ymd(2023, 7, 15)};
    kh_error err = {0};
    assert_int_equal(workspace_open(&ws, dir, &err), KH_E_OK);
    assert_int_equal(ws.nplans, 2);
    assert_int_equal(workspace_open_store(&ws, NULL, false, &err), KH_E_OK);
    long pa = workspace_find_plan(&ws, "a"), pb = workspace_find_plan(&ws, "b");
    assert_int_equal(app_change(&ws.plans[pa], 1, -1, -1, "Đã gửi Công Văn khẩn", -1, &err),
                     KH_E_OK);
    assert_int_equal(app_change(&ws.plans[pa], 1, -1, -1, "Lần hai", -1, &err), KH_E_OK);
    char **v = workspace_note_texts(&ws.plans[pa], &err);
    assert_non_null(v);
    assert_null(v[0]);
    char *want = text_fold("Đã gửi Công Văn khẩn");
    assert_non_null(strstr(v[1], want));
    assert_non_null(strstr(v[1], "lan hai"));
    free(want);
    workspace_note_texts_free(v, ws.plans[pa].plan->ntasks);
    /* Plan b has no note: nothing to find. */
    v = workspace_note_texts(&ws.plans[pb], &err);
    assert_non_null(v);
    for (size_t i = 0; i < ws.plans[pb].plan->ntasks; i++) assert_null(v[i]);
    workspace_note_texts_free(v, ws.plans[pb].plan->ntasks);
    /* My unit: tp in b (its rights name the user), not vp; none in a (no rights). */
    long tp = model_find_unit(ws.plans[pb].plan, "tp"),
         vp = model_find_unit(ws.plans[pb].plan, "vp");
    assert_true(tp >= 0 && vp >= 0);
    assert_true(workspace_unit_is_mine(&ws.plans[pb], (size_t)tp));
    assert_false(workspace_unit_is_mine(&ws.plans[pb], (size_t)vp));
    assert_false(workspace_unit_is_mine(&ws.plans[pa], 0));
    workspace_close(&ws);
    free(with);
    free(text);
    free(rights);
    free(user);
    test_rmdir(dir);
}

static int befores;
static void count_before(void *ctx)
{
    (void)ctx;
    befores++;
}

/* The folder looked at again: a plan added (in id order, its state from the
 * one database), one removed, a file with a taken id refused, and nothing
 * moved when nothing changed. */
static void test_rescan(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    put_plan(dir, "b.yaml", "b", "II.2");
    put_plan(dir, "d/d.yaml", "d", "II.3");
    kh_workspace ws = {.lang = KH_LANG_EN, .today = date_from_ymd(2023, 7, 15)};
    kh_error err = {0};
    assert_int_equal(workspace_open(&ws, dir, &err), KH_E_OK);
    assert_int_equal(workspace_open_store(&ws, NULL, false, &err), KH_E_OK);
    bool changed = true;
    befores = 0;
    assert_int_equal(workspace_rescan(&ws, count_before, NULL, &changed, &err), KH_E_OK);
    assert_false(changed);
    assert_int_equal(befores, 0);
    /* A state saved for plan c before its file comes. */
    put_plan(dir, "c.yaml", "c", "II.4");
    {
        kh_workspace w2 = {.lang = KH_LANG_EN, .today = ws.today};
        assert_int_equal(workspace_open(&w2, dir, &err), KH_E_OK);
        assert_int_equal(workspace_open_store(&w2, NULL, false, &err), KH_E_OK);
        long c = workspace_find_plan(&w2, "c");
        assert_int_equal(app_change(&w2.plans[c], 0, ST_DONE, -1, NULL, -1, &err), KH_E_OK);
        workspace_close(&w2);
    }
    assert_int_equal(workspace_rescan(&ws, count_before, NULL, &changed, &err), KH_E_OK);
    assert_true(changed);
    assert_int_equal(befores, 1);
    assert_int_equal(ws.nplans, 3);
    assert_string_equal(ws.plans[0].plan->id, "b");
    assert_string_equal(ws.plans[1].plan->id, "c");
    assert_string_equal(ws.plans[2].plan->id, "d");
    assert_ptr_equal(ws.plans[1].store, ws.store);
    assert_int_equal(ws.plans[1].plan->tasks[0].status, ST_DONE);
    /* Removed: d goes; a copy of b under another name is refused. */
    char *d = xasprintf("%s/d/d.yaml", dir);
    assert_int_equal(unlink(d), 0);
    put_plan(dir, "b2.yaml", "b", "II.5");
    assert_int_equal(workspace_rescan(&ws, NULL, NULL, &changed, &err), KH_E_OK);
    assert_true(changed);
    assert_int_equal(ws.nplans, 2);
    assert_int_equal(workspace_find_plan(&ws, "d"), -1);
    assert_int_equal(ws.nbad, 1);
    assert_non_null(strstr(ws.bad[0].path, "b2.yaml"));
    assert_non_null(strstr(ws.bad[0].diags.v[0].msg, "plan id 'b'"));
    /* Looked at again: nothing new (the refused file is known). */
    befores = 0;
    assert_int_equal(workspace_rescan(&ws, count_before, NULL, &changed, &err), KH_E_OK);
    assert_false(changed);
    assert_int_equal(befores, 0);
    workspace_close(&ws);
    free(d);
    test_rmdir(dir);
}

static void test_due(void **state)
{
    (void)state;
    kh_plan *plan;
    kh_diags d = {0};
    char *text = plan_text("a", "II.2");
    assert_int_equal(test_load(text, &plan, &d), KH_E_OK);
    free(text);
    kh_task *dated = &plan->tasks[0]; /* II.1, due 01/06/2023 */
    kh_date due = date_from_ymd(2023, 6, 1);
    assert_int_equal(workspace_due(dated, due - 8, 7), WS_NOT_DUE); /* 8 days ahead */
    assert_int_equal(workspace_due(dated, due - 7, 7), WS_DUE);     /* the 7th day */
    assert_int_equal(workspace_due(dated, due, 7), WS_DUE);         /* today */
    assert_int_equal(workspace_due(dated, due, 0), WS_DUE);
    assert_int_equal(workspace_due(dated, due + 1, 7), WS_OVERDUE);
    dated->status = ST_DONE;
    assert_int_equal(workspace_due(dated, due + 1, 7), WS_NOT_DUE);
    assert_int_equal(workspace_due(dated, due, 7), WS_NOT_DUE);
    model_free(plan);
    diags_free(&d);
}

/* ---- migrate ---- */

#define T0 ((int64_t)1700000000)

static kh_state apply(kh_store *s, const char *plan, const char *task, int status, int progress,
                      const char *note, const char *user, int64_t at)
{
    /* A note on II.1 is a difficulty: its kind must come along too. */
    kh_change c = {.status = status,
                   .progress = progress,
                   .note = note,
                   .today = date_from_ymd(2023, 7, 1),
                   .expected_version = -1,
                   .note_kind = note && !strcmp(task, "II.1") ? NOTE_DIFFICULTY : NOTE_PLAIN};
    kh_state st;
    kh_error err = {0};
    assert_int_equal(store_apply(s, plan, task, &c, user, at, &st, &err), KH_E_OK);
    return st;
}

/* A single-plan database as today's kehoach leaves it: states, notes,
 * history, an undo that withdrew a note. */
static void make_old(const char *path)
{
    kh_store *s;
    kh_error err = {0};
    assert_int_equal(store_open(path, 0, &s, &err), KH_E_OK);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    apply(s, "a", "II.1", ST_DOING, 40, "họp lần một", "carol", T0);
    apply(s, "a", "II.2", ST_BLOCKED, -1, NULL, "dave", T0 + 10);
    apply(s, "a", "II.1", -1, 60, "họp lần hai", "carol", T0 + 20);
    kh_history *h;
    size_t n;
    assert_int_equal(store_last_change(s, "a", "carol", NULL, &h, &n, &err), KH_E_OK);
    kh_state st;
    int withdrawn = 0;
    assert_int_equal(store_undo(s, "a", "II.1", h[0].change, NULL, -1, "carol", T0 + 30,
                                app_undo_rule, &st, &withdrawn, &err),
                     KH_E_OK);
    assert_int_equal(withdrawn, 1);
    store_history_free(h, n);
    /* Issue 12: a result with its file, one taken back, and an amendment
     * (by frank, so that carol's last change stays hers). */
    char *src = xasprintf("%s.report.txt", path);
    test_write(src, "Báo cáo\n", strlen("Báo cáo\n"));
    char sha[65];
    int64_t size;
    assert_int_equal(store_attach_put(path, src, sha, &size, &err), KH_E_OK);
    free(src);
    kh_result_in r1 = {"12/BC-UBND", "bao-cao.txt", sha, size};
    assert_int_equal(store_result_add(s, "a", "II.1", &r1, "frank", T0 + 40, NULL, &err), KH_E_OK);
    kh_result_in r2 = {"13/BC-UBND", NULL, NULL, 0};
    int64_t c2;
    assert_int_equal(store_result_add(s, "a", "II.2", &r2, "frank", T0 + 50, &c2, &err), KH_E_OK);
    assert_int_equal(store_result_withdraw(s, "a", "II.2", c2, "frank", T0 + 60, &err), KH_E_OK);
    char task[] = "II.9", text[] = "Sơ kết", lead[] = "vp", due[] = "2023-07-15",
         doc[] = "45/KH-UBND";
    kh_amendment am = {.task_id = task,
                       .kind = AMEND_ADD,
                       .text = text,
                       .lead = lead,
                       .deadline = due,
                       .doc = doc};
    assert_int_equal(store_amend_add(s, "a", &am, "frank", T0 + 70, &err), KH_E_OK);
    store_close(s);
    /* The records beside the history: a confirmation, an officer, a
     * measurement, each of change 1. */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO confirmation (plan_id, task_id, verdict, reason, user, at,"
                     " change_id) VALUES ('a', 'II.2', 'rejected', 'thiếu', 'vp', 'T', 1);"
                     "INSERT INTO task_officer (plan_id, task_id, name, user, at, change_id)"
                     " VALUES ('a', 'II.1', 'Ánh', 'carol', 'T', 1);"
                     "INSERT INTO target_measure (plan_id, target_id, value, on_date, user, at,"
                     " change_id) VALUES ('a', 'CT1', '75', '2023-07-01', 'carol', 'T', 1);",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
}

/* Return the integer the query gives on the database at path. */
static int64_t query_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void test_migrate(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *old = xasprintf("%s/old.db", dir), *dst = xasprintf("%s/kehoach.db", dir);
    make_old(old);
    /* The workspace's database holds another plan already: ids must move. */
    kh_store *w;
    kh_error err = {0};
    assert_int_equal(store_open(dst, 0, &w, &err), KH_E_OK);
    apply(w, "b", "II.1", ST_DONE, -1, "xong", "erin", T0 - 100);
    apply(w, "b", "II.1", ST_DOING, -1, NULL, "erin", T0 - 50);
    store_close(w);

    /* Refused: the old plan is not in the workspace; nothing written. */
    const char *only_b[] = {"b"};
    kh_migrate_counts got;
    assert_int_equal(store_migrate(dst, old, only_b, 1, &got, &err), KH_E_NOT_FOUND);
    assert_string_equal(err.detail, "a");
    const char *ids[] = {"b", "a"};
    assert_int_equal(store_migrate(dst, dst, ids, 2, &got, &err), KH_E_INVALID);
    char *missing = xasprintf("%s/none.db", dir);
    assert_int_equal(store_migrate(dst, missing, ids, 2, &got, &err), KH_E_DB_MISSING);
    assert_int_equal(access(missing, F_OK), -1); /* not made */
    free(missing);

    assert_int_equal(store_migrate(dst, old, ids, 2, &got, &err), KH_E_OK);
    assert_string_equal(got.plan_id, "a");
    size_t brought = got.history;
    assert_int_equal(got.states, 2);
    assert_int_equal(got.notes, 2);

    kh_store *o, *m;
    assert_int_equal(store_open(old, STORE_READ_ONLY, &o, &err), KH_E_OK);
    assert_int_equal(store_open(dst, 0, &m, &err), KH_E_OK);
    /* Every history row, with its change and undo marks moved together. */
    kh_history *ho, *hm;
    size_t no, nm;
    assert_int_equal(store_history(o, "a", NULL, &ho, &no, &err), KH_E_OK);
    assert_int_equal(store_history(m, "a", NULL, &hm, &nm, &err), KH_E_OK);
    assert_int_equal(got.history, no);
    assert_int_equal(no, nm);
    assert_true(no >= 6);
    int64_t off = hm[0].id - ho[0].id, ho0 = ho[0].id - 1;
    assert_true(off >= 3); /* past plan b's rows */
    bool saw_undo = false;
    for (size_t i = 0; i < no; i++) {
        assert_int_equal(hm[i].id, ho[i].id + off);
        assert_int_equal(hm[i].change, ho[i].change + off);
        assert_int_equal(hm[i].undo_of, ho[i].undo_of ? ho[i].undo_of + off : 0);
        saw_undo |= ho[i].undo_of != 0;
        assert_string_equal(hm[i].task_id, ho[i].task_id);
        assert_string_equal(hm[i].field, ho[i].field);
        assert_string_equal(hm[i].user, ho[i].user);
        assert_int_equal(hm[i].at, ho[i].at);
        if (ho[i].new_value) assert_string_equal(hm[i].new_value, ho[i].new_value);
        if (ho[i].old_value) assert_string_equal(hm[i].old_value, ho[i].old_value);
    }
    assert_true(saw_undo);
    /* The records beside the history came along, their change moved too. */
    assert_int_equal(query_int(dst, "SELECT change_id FROM confirmation WHERE plan_id = 'a'"
                                    " AND verdict = 'rejected'"),
                     1 + off);
    assert_int_equal(query_int(dst, "SELECT change_id FROM task_officer WHERE plan_id = 'a'"),
                     1 + off);
    assert_int_equal(query_int(dst, "SELECT count(*) FROM target_measure WHERE plan_id = 'a'"
                                    " AND value = '75' AND change_id = 1 + (SELECT min(id) FROM"
                                    " history WHERE plan_id = 'a') - 1"),
                     1);
    assert_int_equal(query_int(dst, "SELECT count(*) FROM note WHERE plan_id = 'a'"
                                    " AND kind = 'difficulty'"),
                     2);
    /* Results and amendments (issue 12): their change and withdrawal moved,
     * the file in the new database's folder, every record linked. */
    assert_int_equal(query_int(dst, "SELECT count(*) FROM result WHERE plan_id = 'a'"), 2);
    assert_int_equal(query_int(dst, "SELECT count(*) FROM result r JOIN history h ON h.id ="
                                    " r.change_id WHERE r.plan_id = 'a' AND h.field = 'result'"),
                     2);
    assert_int_equal(query_int(dst, "SELECT count(*) FROM result r JOIN history h ON h.id ="
                                    " r.withdrawn WHERE r.task_id = 'II.2'"
                                    " AND h.field = 'result-withdrawn'"),
                     1);
    assert_int_equal(query_int(dst, "SELECT count(*) FROM amendment a JOIN history h ON h.id ="
                                    " a.change_id WHERE a.task_id = 'II.9' AND a.deadline ="
                                    " '2023-07-15' AND h.field = 'amend'"),
                     1);
    kh_result *res;
    size_t nres;
    assert_int_equal(store_results(m, "a", "II.1", false, &res, &nres, &err), KH_E_OK);
    assert_int_equal(nres, 1);
    assert_int_equal(store_attach_get(dst, res[0].sha256, -1, &err), KH_E_OK);
    store_results_free(res, nres);
    kh_chain_report cr;
    assert_int_equal(store_chain_verify(m, &cr, &err), KH_E_OK);
    assert_int_equal(cr.problem, CHAIN_OK);
    assert_int_equal(query_int(dst, "SELECT count(*) FROM chain WHERE kind IN ('result',"
                                    " 'result-withdrawn', 'amendment')"),
                     4);
    store_history_free(ho, no);
    store_history_free(hm, nm);
    /* Notes, the withdrawn one still withdrawn. */
    kh_note *notes_o, *notes_m;
    assert_int_equal(store_notes_all(o, "a", NULL, &notes_o, &no, &err), KH_E_OK);
    assert_int_equal(store_notes_all(m, "a", NULL, &notes_m, &nm, &err), KH_E_OK);
    assert_int_equal(no, 2);
    assert_int_equal(nm, 2);
    for (size_t i = 0; i < no; i++) {
        assert_string_equal(notes_m[i].text, notes_o[i].text);
        assert_string_equal(notes_m[i].author, notes_o[i].author);
        assert_int_equal(notes_m[i].withdrawn, notes_o[i].withdrawn);
        assert_int_equal(notes_m[i].at, notes_o[i].at);
    }
    assert_true(notes_m[0].withdrawn); /* "họp lần hai", newest first */
    store_notes_free(notes_o, no);
    store_notes_free(notes_m, nm);
    /* States, versions included. */
    const char *tasks[] = {"II.1", "II.2"};
    for (int i = 0; i < 2; i++) {
        kh_state so, sm;
        bool fo, fm;
        assert_int_equal(store_task_state(o, "a", tasks[i], &so, &fo, &err), KH_E_OK);
        assert_int_equal(store_task_state(m, "a", tasks[i], &sm, &fm, &err), KH_E_OK);
        assert_true(fo && fm);
        assert_int_equal(sm.status, so.status);
        assert_int_equal(sm.progress, so.progress);
        assert_int_equal(sm.version, so.version);
        assert_string_equal(sm.updated_by, so.updated_by);
    }
    /* The undo chain goes on where it stopped: carol's next undo is her first change. */
    kh_history *lo, *lm;
    assert_int_equal(store_last_change(o, "a", "carol", NULL, &lo, &no, &err), KH_E_OK);
    assert_int_equal(store_last_change(m, "a", "carol", NULL, &lm, &nm, &err), KH_E_OK);
    assert_int_equal(no, nm);
    assert_int_equal(lm[0].change, lo[0].change + off);
    assert_string_equal(lm[0].field, "status");
    store_history_free(lo, no);
    store_history_free(lm, nm);
    /* Plan b's rows untouched. */
    assert_int_equal(store_history(m, "b", NULL, &hm, &nm, &err), KH_E_OK);
    assert_true(nm >= 3);
    assert_int_equal(hm[0].id, 1);
    assert_int_equal(hm[nm - 1].id, off + ho0); /* a's rows start right after b's */
    store_history_free(hm, nm);
    store_close(o);
    store_close(m);

    /* Twice: refused, nothing written. */
    assert_int_equal(store_migrate(dst, old, ids, 2, &got, &err), KH_E_CONFLICT);
    assert_string_equal(err.detail, "a");
    assert_int_equal(store_open(dst, STORE_READ_ONLY, &m, &err), KH_E_OK);
    assert_int_equal(store_history(m, "a", NULL, &hm, &nm, &err), KH_E_OK);
    assert_int_equal(nm, brought);
    assert_int_equal(got.history, 0);
    store_history_free(hm, nm);
    store_close(m);
    free(old);
    free(dst);
    test_rmdir(dir);
}

int main(void)
{
    setenv("KEHOACH_NO_CACHE", "1", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_discovery),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_duplicates_and_invalid),
        cmocka_unit_test(test_settings),
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_shared_store),
        cmocka_unit_test(test_due),
        cmocka_unit_test(test_rescan),
        cmocka_unit_test(test_note_texts_and_my_unit),
        cmocka_unit_test(test_migrate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
