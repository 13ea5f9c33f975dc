/* The plan build step on records made by hand, without YAML: what a
 * document importer would give it. Units and tasks resolve, a duty's unit
 * leads its tasks and supports the items it names, a periodic task expands,
 * and every problem is located at the position its record carries. */
#include "testutil.h"

#include "kehoach/model.h"
#include "plan_build.h"

typedef struct {
    kh_plan *plan;
    kh_diags d;
    plan_build b;
} fixture;

static void start(fixture *f)
{
    memset(f, 0, sizeof *f);
    f->plan = xcalloc(1, sizeof *f->plan);
    f->plan->path = xstrdup("records");
    f->plan->id = "p";
    f->plan->title = "Kế hoạch";
    f->plan->issuer = "UBND phường Thử";
    f->plan->date = KH_NO_DATE;
    date_parse("2023-01-01", &f->plan->from);
    date_parse("2023-12-31", &f->plan->to);
    plan_build_init(&f->b, f->plan, KH_LANG_EN, &f->d);
    plan_build_add_unit(&f->b, (kh_unit){"vp", "Văn phòng", "VP", NULL}, 10, 7);
    plan_build_add_unit(&f->b, (kh_unit){"tp", "Tư pháp", "TP", NULL}, 12, 7);
}

static void stop(fixture *f)
{
    plan_build_done(&f->b);
    model_free(f->plan);
    diags_free(&f->d);
}

/* A task of section 2 led by the unit named lead, due on ymd ("" when
 * continuous), written at line. */
static size_t add_task(fixture *f, const char *id, const char *lead, const char *ymd, int line)
{
    kh_task t;
    memset(&t, 0, sizeof t);
    t.id = id;
    t.text = t.title = id;
    t.section = 2;
    t.duty = -1;
    t.due = KH_NO_DATE;
    t.completed = KH_NO_DATE;
    if (*ymd) {
        t.dl_kind = DL_DATE;
        date_parse(ymd, &t.due);
    } else {
        t.dl_kind = DL_CONTINUOUS;
    }
    if (lead) {
        uint16_t *slot = arena_alloc(&f->plan->mem, sizeof *slot);
        plan_build_unit_ref(&f->b, slot, lead, line, 12);
        t.lead = slot;
        t.nlead = 1;
    }
    return plan_build_add_task(&f->b, t, line, 9);
}

static void test_records_build_a_plan(void **state)
{
    (void)state;
    fixture f;
    start(&f);
    add_task(&f, "II.1", "vp", "2023-06-01", 20);
    add_task(&f, "II.2", "vp", "", 22);
    /* A duty of tp with one task of its own (no lead: tp leads it) that
     * carries out item II.1 (tp then supports it). */
    size_t first = f.b.ntasks;
    kh_task t;
    memset(&t, 0, sizeof t);
    t.id = "III.1";
    t.text = t.title = "Báo cáo";
    t.section = 3;
    t.duty = 0;
    t.dl_kind = DL_DATE;
    t.completed = KH_NO_DATE;
    date_parse("2023-10-15", &t.due);
    plan_build_add_task(&f.b, t, 30, 9);
    plan_build_item_ref(&f.b, 0, "II.1", 29, 13);
    plan_build_add_duty(&f.b, "2. Tư pháp", "tp", 28, 11, first);
    plan_build_finish(&f.b);

    assert_int_equal(f.d.n, 0);
    kh_plan *p = f.plan;
    assert_int_equal(p->nunits, 2);
    assert_int_equal(p->ntasks, 3);
    long i1 = model_find_task(p, "II.1"), i2 = model_find_task(p, "II.2");
    long i3 = model_find_task(p, "III.1");
    assert_true(i1 >= 0 && i2 >= 0 && i3 >= 0);
    assert_int_equal(p->tasks[i1].lead[0], 0);
    assert_int_equal(p->tasks[i1].nsupport, 1);
    assert_int_equal(p->tasks[i1].support[0], 1);
    assert_int_equal(p->tasks[i3].lead[0], 1);
    /* Continuous work is due at the end of the period. */
    assert_int_equal(p->tasks[i2].due, p->to);
    assert_int_equal(p->nduties, 1);
    assert_int_equal(p->duties[0].unit, 1);
    assert_int_equal(p->duties[0].nitems, 1);
    assert_int_equal(p->duties[0].items[0], (uint32_t)i1);
    assert_non_null(p->tasks[i1].fold);
    stop(&f);
}

static void test_periodic_record_expands(void **state)
{
    (void)state;
    fixture f;
    start(&f);
    size_t i = add_task(&f, "III.2", "vp", "", 40);
    f.b.tasks[i].task.dl_kind = DL_PERIODIC;
    KH_GROW(f.b.periodics, f.b.nperiodics, f.b.capperiodics);
    f.b.periodics[f.b.nperiodics++] = (pb_periodic){i, 1u << EVERY_QUARTER, 0, 0, 0};
    plan_build_finish(&f.b);
    assert_int_equal(f.d.n, 0);
    assert_int_equal(f.plan->ntasks, 4);
    assert_true(model_find_task(f.plan, "III.2/2023-Q1") >= 0);
    assert_true(model_find_task(f.plan, "III.2/2023-Q4") >= 0);
    stop(&f);
}

/* Every problem is reported in one run, each at its record's position. */
static void test_errors_at_record_positions(void **state)
{
    (void)state;
    fixture f;
    start(&f);
    plan_build_add_unit(&f.b, (kh_unit){"vp", "Văn phòng 2", "VP2", NULL}, 14, 7);
    add_task(&f, "II.1", "vp", "2023-06-01", 20);
    add_task(&f, "II.1", "vp", "2023-07-01", 24);
    plan_build_finish(&f.b);
    assert_int_equal(f.d.n, 2);
    assert_int_equal(f.d.v[0].line, 14);
    assert_int_equal(f.d.v[0].col, 7);
    assert_non_null(strstr(f.d.v[0].msg, "unit id 'vp' is used twice (first at line 10)"));
    assert_int_equal(f.d.v[1].line, 24);
    assert_int_equal(f.d.v[1].col, 9);
    assert_non_null(strstr(f.d.v[1].msg, "task id 'II.1' is used twice (first at line 20)"));
    stop(&f);
}

static void test_unknown_unit_suggested(void **state)
{
    (void)state;
    fixture f;
    start(&f);
    add_task(&f, "II.1", "vpp", "2023-06-01", 20);
    plan_build_finish(&f.b);
    assert_int_equal(f.d.n, 1);
    assert_int_equal(f.d.v[0].line, 20);
    assert_int_equal(f.d.v[0].col, 12);
    assert_non_null(strstr(f.d.v[0].msg, "no unit 'vpp' in 'units'; did you mean 'vp'?"));
    stop(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records_build_a_plan),
        cmocka_unit_test(test_periodic_record_expands),
        cmocka_unit_test(test_errors_at_record_positions),
        cmocka_unit_test(test_unknown_unit_suggested),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
