/* Tasks assigned to each member of a group (`groups:`, `lead: {each:}`):
 * the occurrences' ids, leads and order, each with its own state, the
 * task's counts of its members, periodic tasks and duties, the cache, and
 * every refusal at its line:col. Run from tests/unit. */
#include "testutil.h"

#include "kehoach/model.h"
#include "kehoach/plan_cache.h"
#include "kehoach/plan_load.h"

#define HEAD                                                                                       \
    "kehoach: 1\n"                                                                                 \
    "plan:\n"                                                                                      \
    "  id: tinh\n"                                                                                 \
    "  title: Kế hoạch của tỉnh\n"                                                         \
    "  issuer: UBND tỉnh Thử\n"                                                                \
    "  period: {from: 2025-07-01, to: 2025-12-31}\n"                                               \
    "units:\n"                                                                                     \
    "  - {id: snv, name: Sở Nội vụ}\n"                                                       \
    "  - {id: cl, name: Phường Cao Lãnh (đơn vị)}\n"

#define GROUPS                                                                                     \
    "groups:\n"                                                                                    \
    "  wards:\n"                                                                                   \
    "    - {id: tqt, name: Phường Trương Quang Trọng, short: TQT}\n"                        \
    "    - {id: cl, name: Phường Cao Lãnh}\n"                                                  \
    "    - {id: mt, name: Xã Mỹ Thọ}\n"

static kh_plan *load_ok(const char *yaml)
{
    kh_plan *p = NULL;
    kh_diags d = {0};
    kh_errcode rc = plan_load_buffer("t.yaml", yaml, strlen(yaml), KH_LANG_VI, &p, &d);
    for (size_t i = 0; i < d.n; i++)
        print_message("%d:%d %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
    assert_int_equal(rc, KH_E_OK);
    diags_free(&d);
    return p;
}

/* Assert the plan is refused with one problem at line:col holding needle. */
static void load_bad(const char *yaml, int line, int col, const char *needle)
{
    kh_plan *p = NULL;
    kh_diags d = {0};
    kh_errcode rc = plan_load_buffer("t.yaml", yaml, strlen(yaml), KH_LANG_VI, &p, &d);
    assert_int_equal(rc, KH_E_PLAN);
    assert_null(p);
    bool found = false;
    for (size_t i = 0; i < d.n; i++) {
        print_message("%d:%d %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
        found |= d.v[i].line == line && d.v[i].col == col && strstr(d.v[i].msg, needle);
    }
    assert_true(found);
    diags_free(&d);
}

static const kh_task *find(const kh_plan *p, const char *id)
{
    long i = model_find_task(p, id);
    assert_true(i >= 0);
    return &p->tasks[i];
}

static const char plain[] = HEAD GROUPS "contents:\n"
                                        "  - id: II.1\n"
                                        "    text: Việc của sở.\n"
                                        "    lead: snv\n"
                                        "    deadline: 2025-09-30\n"
                                        "  - id: II.2\n"
                                        "    text: Báo cáo sắp xếp bộ máy.\n"
                                        "    lead: {each: wards}\n"
                                        "    support: snv\n"
                                        "    deadline: 2025-08-15\n"
                                        "  - id: II.3\n"
                                        "    text: Việc sau.\n"
                                        "    lead: snv\n"
                                        "    deadline: 2025-10-30\n";

static void test_expansion(void **state)
{
    (void)state;
    kh_plan *p = load_ok(plain);
    /* II.1, II.2 and its three members, II.3; in that order. */
    assert_int_equal(p->ntasks, 6);
    const char *order[] = {"II.1", "II.2", "II.2@tqt", "II.2@cl", "II.2@mt", "II.3"};
    for (size_t i = 0; i < 6; i++) assert_string_equal(p->tasks[i].id, order[i]);
    /* The members are units; one of `units:` keeps its own name. */
    assert_int_equal(p->nunits, 4);
    long tqt = model_find_unit(p, "tqt"), cl = model_find_unit(p, "cl");
    assert_true(tqt >= 0 && cl == 1);
    assert_string_equal(p->units[cl].name, "Phường Cao Lãnh (đơn vị)");
    assert_string_equal(p->units[tqt].short_name, "TQT");
    const kh_task *t = find(p, "II.2@tqt");
    assert_int_equal(t->nlead, 1);
    assert_int_equal(t->lead[0], tqt);
    assert_int_equal(t->nsupport, 1); /* the task's support */
    assert_int_equal(t->sub_of, 2);
    assert_int_equal(t->due, date_from_ymd(2025, 8, 15));
    assert_string_equal(model_task_member(t), "tqt");
    assert_null(model_task_member(find(p, "II.2")));
    assert_null(model_task_member(find(p, "II.1")));
    assert_int_equal(find(p, "II.2")->nsub, 3);
    assert_int_equal(find(p, "II.2")->nlead, 0);
    assert_true(model_task_each(p, 1));
    assert_false(model_task_each(p, 0));
    assert_false(model_task_each(p, 2));
    model_free(p);
}

/* Each member's state is its own; the task sums them and counts them. */
static void test_state_and_counts(void **state)
{
    (void)state;
    kh_plan *p = load_ok(plain);
    kh_task *tqt = &p->tasks[2], *cl = &p->tasks[3];
    tqt->status = ST_DONE;
    tqt->progress = 100;
    tqt->completed = date_from_ymd(2025, 8, 10); /* on time */
    cl->status = ST_DONE;
    cl->progress = 100;
    cl->completed = date_from_ymd(2025, 8, 20); /* late */
    model_rollup(p);
    assert_int_equal(p->tasks[4].status, ST_TODO); /* mt: untouched */
    assert_int_equal(p->tasks[1].status, ST_DOING);
    assert_int_equal(p->tasks[1].progress, 66);
    kh_member_counts c;
    model_member_counts(p, 1, date_from_ymd(2025, 8, 1), &c);
    assert_int_equal(c.total, 3);
    assert_int_equal(c.done, 2);
    assert_int_equal(c.done_on_time, 1);
    assert_int_equal(c.overdue, 0); /* not due yet */
    model_member_counts(p, 1, date_from_ymd(2025, 9, 1), &c);
    assert_int_equal(c.overdue, 1);
    model_member_counts(p, 0, date_from_ymd(2025, 9, 1), &c);
    assert_int_equal(c.total, 0);
    p->tasks[4].status = ST_DONE;
    p->tasks[4].progress = 100;
    p->tasks[4].completed = date_from_ymd(2025, 8, 1);
    model_rollup(p);
    assert_int_equal(p->tasks[1].status, ST_DONE);
    assert_int_equal(p->tasks[1].completed, date_from_ymd(2025, 8, 20));
    model_free(p);
}

/* A ward's workspace keeps its own occurrences only. */
static void test_keep_member(void **state)
{
    (void)state;
    kh_plan *p = load_ok(HEAD GROUPS "contents:\n"
                                     "  - id: II.1\n"
                                     "    text: Báo cáo quý.\n"
                                     "    lead: {each: wards}\n"
                                     "    deadline: {every: quarter}\n"
                                     "organization:\n"
                                     "  duties:\n"
                                     "    - unit: snv\n"
                                     "      heading: 1. Sở Nội vụ\n"
                                     "      tasks:\n"
                                     "        - id: III.1\n"
                                     "          text: Báo cáo của từng phường.\n"
                                     "          lead: {each: wards}\n"
                                     "          deadline: 2025-11-30\n"
                                     "        - id: III.2\n"
                                     "          text: Tổng hợp.\n"
                                     "          deadline: 2025-12-15\n");
    assert_int_equal(model_keep_member(p, "nobody"), 0);
    assert_int_equal(p->ntasks, 13);
    assert_int_equal(model_keep_member(p, "cl"), 6);
    const char *order[] = {"II.1/2025-Q3", "II.1/2025-Q3@cl", "II.1/2025-Q4", "II.1/2025-Q4@cl",
                           "III.1",        "III.1@cl",        "III.2"};
    assert_int_equal(p->ntasks, 7);
    for (size_t i = 0; i < 7; i++) assert_string_equal(p->tasks[i].id, order[i]);
    assert_int_equal(find(p, "II.1/2025-Q4@cl")->sub_of, 3);
    assert_int_equal(find(p, "II.1/2025-Q4")->nsub, 1);
    assert_int_equal(find(p, "III.1")->nsub, 1);
    assert_int_equal(p->duties[0].first_task, 4);
    assert_int_equal(p->duties[0].ntasks, 3);
    assert_int_equal(model_find_task(p, "III.1@tqt"), -1);
    kh_member_counts c;
    model_member_counts(p, 4, date_from_ymd(2025, 12, 1), &c);
    assert_int_equal(c.total, 1);
    assert_int_equal(c.overdue, 1);
    model_free(p);
}

/* A periodic task for each member: every period has its members. */
static void test_periodic_and_duty(void **state)
{
    (void)state;
    kh_plan *p = load_ok(HEAD GROUPS "contents:\n"
                                     "  - id: II.1\n"
                                     "    text: Báo cáo quý.\n"
                                     "    lead: {each: wards}\n"
                                     "    deadline: {every: quarter}\n"
                                     "organization:\n"
                                     "  duties:\n"
                                     "    - unit: snv\n"
                                     "      heading: 1. Sở Nội vụ\n"
                                     "      tasks:\n"
                                     "        - id: III.1\n"
                                     "          text: Tổng hợp.\n"
                                     "          deadline: 2025-12-15\n"
                                     "        - id: III.2\n"
                                     "          text: Báo cáo của từng phường.\n"
                                     "          lead: {each: wards}\n"
                                     "          deadline: 2025-11-30\n");
    /* Q3 + 3, Q4 + 3, III.1, III.2 + 3. */
    assert_int_equal(p->ntasks, 4 + 4 + 1 + 4);
    const kh_task *t = find(p, "II.1/2025-Q4@mt");
    assert_int_equal(t->due, date_from_ymd(2025, 12, 31));
    assert_int_equal(t->dl_kind, DL_PERIODIC);
    assert_string_equal(p->tasks[t->sub_of - 1].id, "II.1/2025-Q4");
    assert_int_equal(p->nduties, 1);
    assert_int_equal(p->duties[0].first_task, 8);
    assert_int_equal(p->duties[0].ntasks, 5);
    const kh_task *d = find(p, "III.2@tqt");
    assert_int_equal(d->duty, 0);
    assert_int_equal(d->lead[0], model_find_unit(p, "tqt"));
    assert_int_equal(find(p, "III.2")->nlead, 0); /* not the duty's unit: each member's own */
    assert_int_equal(find(p, "III.1")->lead[0], 0);
    model_free(p);
}

/* The counts (status, the four categories, the units') count a task
 * assigned to each member by its occurrences alone, never the task itself
 * (issue 17); a periodic one has no row but its periods, and a task with
 * sub-items of its own (`items:`) is counted as before. At a ward, its own
 * occurrence alone. */
static const char counted[] = HEAD GROUPS "contents:\n"
                                          "  - {id: II.1, text: Tổng hợp., lead: snv, "
                                          "deadline: 2025-12-15}\n"
                                          "  - id: II.2\n"
                                          "    text: Báo cáo sắp xếp bộ máy.\n"
                                          "    lead: {each: wards}\n"
                                          "    support: snv\n"
                                          "    deadline: 2025-08-15\n"
                                          "  - id: II.3\n"
                                          "    text: Báo cáo quý của phường.\n"
                                          "    lead: {each: wards}\n"
                                          "    deadline: {every: quarter}\n"
                                          "  - id: II.4\n"
                                          "    text: Báo cáo quý của sở.\n"
                                          "    lead: snv\n"
                                          "    deadline: {every: quarter}\n"
                                          "  - id: II.5\n"
                                          "    text: Việc có hai phần.\n"
                                          "    lead: snv\n"
                                          "    deadline: 2025-11-30\n"
                                          "    items:\n"
                                          "      - {id: II.5.a, text: a) Phần một.}\n"
                                          "      - {id: II.5.b, text: b) Phần hai.}\n";

static void set_done(kh_plan *p, const char *id, kh_date on)
{
    kh_task *t = &p->tasks[model_find_task(p, id)];
    t->status = ST_DONE;
    t->progress = 100;
    t->completed = on;
}

static void test_counts_occurrences_only(void **state)
{
    (void)state;
    kh_plan *p = load_ok(counted);
    /* II.1; II.2 + 3; II.3/2025-Q3 + 3, II.3/2025-Q4 + 3; II.4's two
     * periods; II.5 and its two sub-items. */
    assert_int_equal(p->ntasks, 18);
    assert_true(model_task_summary(find(p, "II.2")));
    assert_true(model_task_summary(find(p, "II.3/2025-Q3")));
    assert_false(model_task_summary(find(p, "II.2@tqt")));
    assert_false(model_task_summary(find(p, "II.4/2025-Q3"))); /* periodic: no row above it */
    assert_false(model_task_summary(find(p, "II.5")));         /* sub-items of its own */
    assert_false(model_task_summary(find(p, "II.1")));
    assert_false(model_task_summary(&p->tasks[p->ntasks - 1])); /* the last task */
    set_done(p, "II.2@tqt", date_from_ymd(2025, 8, 10));        /* on time */
    set_done(p, "II.2@cl", date_from_ymd(2025, 8, 20));         /* late */
    model_rollup(p);
    kh_date today = date_from_ymd(2025, 10, 1);
    kh_counts c;
    kh_unit_counts *u = xcalloc(p->nunits, sizeof *u);
    model_count(p, today, &c, u);
    assert_int_equal(c.total, 15); /* 18 rows, 3 of them tasks for each ward */
    assert_int_equal(c.status[ST_DONE], 2);
    assert_int_equal(c.category[CAT_DONE_ON_TIME], 1);
    assert_int_equal(c.category[CAT_DONE_LATE], 1);
    /* II.2@mt, II.3/2025-Q3 of each ward, II.4/2025-Q3. */
    assert_int_equal(c.category[CAT_OPEN_OVERDUE], 5);
    assert_int_equal(c.timeliness[TL_OVERDUE], 5);
    assert_int_equal(c.category[CAT_OPEN_IN_TIME], 8);
    assert_int_equal(model_completion(&c), 13); /* 200 / 15 */
    long snv = model_find_unit(p, "snv"), tqt = model_find_unit(p, "tqt");
    assert_int_equal(u[snv].support, 3); /* II.2's occurrences, not II.2 */
    assert_int_equal(u[snv].lead, 6);    /* II.1, II.4's two periods, II.5 and its items */
    assert_int_equal(u[tqt].lead, 3);
    assert_int_equal(u[tqt].done, 1);
    assert_int_equal(u[tqt].overdue, 1);
    strbuf sb = STRBUF_INIT;
    model_member_summary(&sb, p, (size_t)model_find_task(p, "II.2"), today, KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "2/3 đơn vị xong");
    sb_reset(&sb);
    model_member_summary(&sb, p, (size_t)model_find_task(p, "II.3/2025-Q3"), today, KH_LANG_EN);
    assert_string_equal(sb_str(&sb), "0/3 done");
    /* At the ward tqt: its own occurrences, the province's own tasks. */
    assert_int_equal(model_keep_member(p, "tqt"), 6);
    assert_int_equal(p->ntasks, 12);
    assert_true(model_task_summary(find(p, "II.2")));
    assert_true(model_task_summary(find(p, "II.3/2025-Q4")));
    model_rollup(p);
    free(u);
    u = xcalloc(p->nunits, sizeof *u);
    model_count(p, today, &c, u);
    assert_int_equal(c.total, 9);
    assert_int_equal(c.status[ST_DONE], 1);
    assert_int_equal(c.category[CAT_DONE_ON_TIME], 1);
    assert_int_equal(c.category[CAT_OPEN_OVERDUE], 2); /* II.3/2025-Q3@tqt, II.4/2025-Q3 */
    assert_int_equal(u[snv].support, 1);
    sb_reset(&sb);
    model_member_summary(&sb, p, (size_t)model_find_task(p, "II.2"), today, KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "1/1 đơn vị xong");
    sb_done(&sb);
    free(u);
    model_free(p);
}

/* The plan cache gives back the same tasks (no field of its own). */
static void test_cache_round_trip(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *file = xasprintf("%s/c.plan", dir);
    kh_plan *a = load_ok(plain), *b = NULL;
    unsigned char h[16] = {1, 2, 3};
    kh_error err = {0};
    assert_int_equal(plan_cache_write(a, h, strlen(plain), file, &err), KH_E_OK);
    assert_int_equal(plan_cache_read(file, h, strlen(plain), "t.yaml", geteuid(), &b), KH_E_OK);
    assert_int_equal(a->ntasks, b->ntasks);
    for (size_t i = 0; i < a->ntasks; i++) {
        assert_string_equal(a->tasks[i].id, b->tasks[i].id);
        assert_int_equal(a->tasks[i].sub_of, b->tasks[i].sub_of);
        assert_int_equal(a->tasks[i].nsub, b->tasks[i].nsub);
        assert_int_equal(a->tasks[i].nlead, b->tasks[i].nlead);
    }
    assert_true(model_task_each(b, 1));
    assert_string_equal(model_task_member(&b->tasks[3]), "cl");
    model_free(a);
    model_free(b);
    free(file);
    test_rmdir(dir);
}

static void test_refusals(void **state)
{
    (void)state;
    load_bad(HEAD GROUPS "contents:\n"
                         "  - id: II.1\n"
                         "    text: X.\n"
                         "    lead: {each: ward}\n"
                         "    deadline: 2025-08-15\n",
             18, 18, "không có nhóm 'ward' trong 'groups'; có phải là 'wards'?");
    load_bad(HEAD "groups:\n"
                  "  wards:\n"
                  "    - {id: tqt, name: A}\n"
                  "    - {id: tqt, name: B}\n"
                  "contents:\n"
                  "  - id: II.1\n"
                  "    text: X.\n"
                  "    lead: {each: wards}\n"
                  "    deadline: 2025-08-15\n",
             13, 12, "'tqt' được ghi hai lần trong nhóm 'wards'");
    load_bad(HEAD "groups:\n"
                  "  wards: tqt\n"
                  "contents:\n"
                  "  - id: II.1\n"
                  "    text: X.\n"
                  "    lead: snv\n"
                  "    deadline: 2025-08-15\n",
             11, 10, "nhóm 'wards' phải là danh sách thành viên");
    load_bad(HEAD "groups:\n"
                  "  wards:\n"
                  "    - {id: T.Q, name: A}\n"
                  "contents:\n"
                  "  - id: II.1\n"
                  "    text: X.\n"
                  "    lead: snv\n"
                  "    deadline: 2025-08-15\n",
             12, 12, "mã 'T.Q' không hợp lệ");
    load_bad(HEAD GROUPS "contents:\n"
                         "  - id: II.1\n"
                         "    text: X.\n"
                         "    lead: {each: wards}\n"
                         "    deadline: 2025-08-15\n"
                         "    items:\n"
                         "      - {id: II.1.a, text: Y.}\n",
             18, 11, "'lead: {each: ...}' chỉ dùng cho nhiệm vụ không có nhiệm vụ con");
    load_bad(HEAD GROUPS "contents:\n"
                         "  - id: II.1\n"
                         "    text: X.\n"
                         "    lead: {each: wards, every: 1}\n"
                         "    deadline: 2025-08-15\n",
             18, 25, "every");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expansion),
        cmocka_unit_test(test_state_and_counts),
        cmocka_unit_test(test_periodic_and_duty),
        cmocka_unit_test(test_keep_member),
        cmocka_unit_test(test_cache_round_trip),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_counts_occurrences_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
