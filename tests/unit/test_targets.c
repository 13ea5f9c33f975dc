/* Targets (chỉ tiêu): the plan section and its located errors, the pure
 * functions, and the store: measure, undo, rights, and the migration from
 * schema 3 keeping every row. */
#include <math.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/model.h"
#include "kehoach/store.h"
#include "kehoach/store_target.h"
#include "kehoach/target.h"
#include "testutil.h"

#define TARGETS_YAML                                                                               \
    "targets:\n"                                                                                   \
    "  - id: CT1\n"                                                                                \
    "    text: 100% thủ tục hành chính được tiếp nhận trực tuyến\n"              \
    "    measure: percent\n"                                                                       \
    "    goals: {2025: 80, 2030: 100}\n"                                                           \
    "    lead: vp\n"                                                                               \
    "  - id: CT2\n"                                                                                \
    "    text: Số tổ công nghệ số cộng đồng\n"                                       \
    "    measure: count\n"                                                                         \
    "    goals: {2025: 5}\n"                                                                       \
    "    lead: tp\n"                                                                               \
    "  - id: CT3\n"                                                                                \
    "    text: Có trang thông tin điện tử\n"                                                \
    "    measure: yesno\n"                                                                         \
    "    goals: {2025: yes}\n"

static kh_plan *load_ok_yaml(const char *yaml)
{
    kh_plan *p = NULL;
    kh_diags d = {0};
    kh_errcode rc = test_load(yaml, &p, &d);
    for (size_t i = 0; i < d.n; i++)
        fprintf(stderr, "%d:%d: %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
    assert_int_equal(rc, KH_E_OK);
    diags_free(&d);
    return p;
}

/* Load yaml that must fail; return whether some problem at line:col holds want. */
static bool fails_at(const char *yaml, int line, int col, const char *want)
{
    kh_plan *p = NULL;
    kh_diags d = {0};
    assert_int_equal(test_load(yaml, &p, &d), KH_E_PLAN);
    assert_null(p);
    bool found = false;
    for (size_t i = 0; i < d.n; i++) {
        if (d.v[i].line == line && d.v[i].col == col && strstr(d.v[i].msg, want)) found = true;
        if (!found) fprintf(stderr, "  got %d:%d: %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
    }
    diags_free(&d);
    return found;
}

/* ---- the plan section ---- */

static void test_load_targets(void **state)
{
    (void)state;
    kh_plan *p = load_ok_yaml(TEST_PLAN_YAML TARGETS_YAML);
    assert_int_equal(p->ntargets, 3);
    const kh_target *t = &p->targets[0];
    assert_string_equal(t->id, "CT1");
    assert_string_equal(t->text, "100% thủ tục hành chính được tiếp nhận trực tuyến");
    assert_int_equal(t->measure, MEASURE_PERCENT);
    assert_int_equal(t->nhorizons, 2);
    assert_int_equal(t->horizons[0].year, 2025);
    assert_true(t->horizons[0].value == 80);
    assert_int_equal(t->horizons[1].year, 2030);
    assert_true(t->horizons[1].value == 100);
    assert_int_equal(t->lead, model_find_unit(p, "vp"));
    assert_int_equal(t->line, 30);
    assert_false(t->state.measured);
    assert_int_equal(p->targets[1].measure, MEASURE_COUNT);
    assert_int_equal(p->targets[1].lead, model_find_unit(p, "tp"));
    assert_int_equal(p->targets[2].measure, MEASURE_YESNO);
    assert_int_equal(p->targets[2].lead, -1); /* none named: stays missing */
    assert_true(p->targets[2].horizons[0].value == 1);
    assert_int_equal(model_find_target(p, "CT2"), 1);
    assert_int_equal(model_find_target(p, "II.1"), -1);
    /* The tasks are as they were without targets. */
    kh_plan *q = load_ok_yaml(TEST_PLAN_YAML);
    assert_int_equal(p->ntasks, q->ntasks);
    assert_int_equal(q->ntargets, 0);
    model_free(q);
    model_free(p);
}

static void test_target_without_horizon_loads(void **state)
{
    (void)state;
    kh_plan *p =
        load_ok_yaml(TEST_PLAN_YAML "targets:\n"
                                    "  - {id: CT1, text: Chưa có mốc, measure: percent}\n");
    assert_int_equal(p->ntargets, 1);
    assert_int_equal(p->targets[0].nhorizons, 0);
    assert_int_equal(target_horizon(&p->targets[0], date_from_ymd(2025, 1, 1)), -1);
    model_free(p);
}

static void test_target_errors_located(void **state)
{
    (void)state;
    /* Line 30 is the first target's; its keys follow one a line. */
    assert_true(fails_at(TEST_PLAN_YAML "targets:\n"
                                        "  - id: CT1\n"
                                        "    text: X\n"
                                        "    measure: percen\n",
                         32, 14, "is not a measure (percent, count, yesno)"));
    assert_true(fails_at(TEST_PLAN_YAML "targets:\n"
                                        "  - id: CT1\n"
                                        "    text: X\n"
                                        "    measure: percent\n"
                                        "    goals: {2025: 120}\n",
                         33, 19, "\"120\" is not a value of measure percent"));
    assert_true(fails_at(TEST_PLAN_YAML "targets:\n"
                                        "  - id: CT1\n"
                                        "    text: X\n"
                                        "    measure: count\n"
                                        "    goals: {2030: 5, 2025: 3}\n",
                         33, 22, "year 2025 must come after 2030"));
    assert_true(fails_at(TEST_PLAN_YAML "targets:\n"
                                        "  - id: CT1\n"
                                        "    text: X\n"
                                        "    measure: count\n"
                                        "    goals: {năm 2025: 3}\n",
                         33, 13, "is not a year"));
    assert_true(fails_at(TEST_PLAN_YAML "targets:\n"
                                        "  - id: CT1\n"
                                        "    text: X\n"
                                        "    measure: yesno\n"
                                        "    lead: xx\n",
                         33, 11, "there is no unit 'xx'"));
    assert_true(fails_at(TEST_PLAN_YAML "targets:\n"
                                        "  - id: CT1\n"
                                        "    measure: yesno\n",
                         30, 5, "missing required key 'text'"));
    assert_true(fails_at(TEST_PLAN_YAML "targets:\n"
                                        "  - {id: CT1, text: X, measure: yesno, owner: vp}\n",
                         30, 40, "unknown key 'owner'"));
    assert_true(fails_at(TEST_PLAN_YAML "targets:\n"
                                        "  - {id: II.1, text: X, measure: yesno}\n",
                         30, 5, "also a task's id"));
    assert_true(fails_at(TEST_PLAN_YAML "targets:\n"
                                        "  - {id: CT1, text: X, measure: yesno}\n"
                                        "  - {id: CT1, text: Y, measure: yesno}\n",
                         31, 5, "is also the target on line 30"));
    assert_true(fails_at(TEST_PLAN_YAML "targets: CT1\n", 29, 10, "must be a list of targets"));
}

/* ---- the pure functions ---- */

static void test_values(void **state)
{
    (void)state;
    double v;
    assert_true(target_value_parse(MEASURE_PERCENT, "80", &v) && v == 80);
    assert_true(target_value_parse(MEASURE_PERCENT, "80%", &v) && v == 80);
    assert_true(target_value_parse(MEASURE_PERCENT, "12,5", &v) && v == 12.5);
    assert_true(target_value_parse(MEASURE_PERCENT, "100", &v) && v == 100);
    assert_false(target_value_parse(MEASURE_PERCENT, "100.5", &v));
    assert_false(target_value_parse(MEASURE_PERCENT, "-1", &v));
    assert_false(target_value_parse(MEASURE_PERCENT, "abc", &v));
    assert_false(target_value_parse(MEASURE_PERCENT, "", &v));
    assert_false(target_value_parse(MEASURE_PERCENT, "1.2.3", &v));
    assert_true(target_value_parse(MEASURE_COUNT, "1200", &v) && v == 1200);
    assert_false(target_value_parse(MEASURE_COUNT, "12.5", &v));
    assert_false(target_value_parse(MEASURE_COUNT, "5%", &v));
    assert_true(target_value_parse(MEASURE_YESNO, "có", &v) && v == 1);
    assert_true(target_value_parse(MEASURE_YESNO, "Không", &v) && v == 0);
    assert_true(target_value_parse(MEASURE_YESNO, "đạt", &v) && v == 1);
    assert_true(target_value_parse(MEASURE_YESNO, "chưa đạt", &v) && v == 0);
    assert_true(target_value_parse(MEASURE_YESNO, "yes", &v) && v == 1);
    assert_false(target_value_parse(MEASURE_YESNO, "maybe", &v));
    strbuf sb = STRBUF_INIT;
    target_value_words(&sb, MEASURE_PERCENT, 12.5, KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "12,5%");
    sb_reset(&sb);
    target_value_words(&sb, MEASURE_PERCENT, 12.5, KH_LANG_EN);
    assert_string_equal(sb_str(&sb), "12.5%");
    sb_reset(&sb);
    target_value_code(&sb, MEASURE_YESNO, 1);
    assert_string_equal(sb_str(&sb), "yes");
    sb_reset(&sb);
    target_value_code(&sb, MEASURE_COUNT, 1000000);
    assert_string_equal(sb_str(&sb), "1000000");
    sb_done(&sb);
    assert_true(target_doc_ok("Báo cáo 45/BC-UBND"));
    assert_false(target_doc_ok("a\033[31mb"));
    assert_false(target_doc_ok("a\xe2\x80\xae"
                               "b")); /* U+202E */
    assert_false(target_doc_ok("hai\ndòng"));
    assert_false(target_doc_ok("\xff"));
    assert_int_equal(target_measure_parse("yesno"), MEASURE_YESNO);
    assert_int_equal(target_measure_parse("percentage"), -1);
}

static void test_horizon_and_gap(void **state)
{
    (void)state;
    kh_target t = {.measure = MEASURE_PERCENT, .nhorizons = 2, .lead = -1};
    t.horizons[0] = (kh_horizon){2025, 80};
    t.horizons[1] = (kh_horizon){2030, 100};
    kh_date d2024 = date_from_ymd(2024, 6, 30), end2025 = date_from_ymd(2025, 12, 31);
    kh_date d2026 = date_from_ymd(2026, 1, 1), d2031 = date_from_ymd(2031, 3, 1);
    assert_int_equal(target_horizon(&t, d2024), 0);
    assert_int_equal(target_horizon(&t, end2025), 0); /* the year has not ended */
    assert_int_equal(target_horizon(&t, d2026), 1);
    assert_int_equal(target_horizon(&t, d2031), 1); /* after the last: the last */
    assert_false(target_achieved(&t, d2024));       /* not measured */
    assert_true(target_gap(&t, d2024) == 80);
    t.state = (kh_measured){.measured = true, .value = 85, .on = d2024};
    assert_true(target_achieved(&t, d2024));
    assert_true(target_gap(&t, d2024) == 0);
    assert_false(target_achieved(&t, d2026)); /* 2030: 100 */
    assert_true(target_gap(&t, d2026) == 15);
}

/* At most ("không quá"): achieved at or below the goal, the gap what is
 * over it, unknown (NAN) until measured; yes/no: exact, a "no" goal met
 * only by "no". */
static void test_directions(void **state)
{
    (void)state;
    kh_date d = date_from_ymd(2025, 6, 30);
    kh_target t = {.measure = MEASURE_PERCENT, .direction = TARGET_AT_MOST, .nhorizons = 1};
    t.horizons[0] = (kh_horizon){2025, 2};
    assert_false(target_achieved(&t, d));
    assert_true(isnan(target_gap(&t, d)));
    t.state = (kh_measured){.measured = true, .value = 2.5, .on = d};
    assert_false(target_achieved(&t, d));
    assert_true(fabs(target_gap(&t, d) - 0.5) < 1e-9);
    strbuf sb = STRBUF_INIT;
    target_gap_words(&sb, &t, d, KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "vượt 0,5%");
    sb_reset(&sb);
    target_value_against(&sb, &t, d, KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "2,5% / không quá 2% (2025)");
    t.state.value = 2;
    assert_true(target_achieved(&t, d)); /* the goal itself is within it */
    assert_true(target_gap(&t, d) == 0);
    t.state.value = 0;
    assert_true(target_achieved(&t, d));

    kh_target y = {.measure = MEASURE_YESNO, .direction = TARGET_EXACT, .nhorizons = 1};
    y.horizons[0] = (kh_horizon){2025, 0}; /* "không để xảy ra": no */
    y.state = (kh_measured){.measured = true, .value = 1, .on = d};
    assert_false(target_achieved(&y, d));
    y.state.value = 0;
    assert_true(target_achieved(&y, d));
    assert_true(target_gap(&y, d) == 0);
    sb_done(&sb);

    assert_int_equal(target_direction_parse("at-most"), TARGET_AT_MOST);
    assert_int_equal(target_direction_parse("Không quá"), TARGET_AT_MOST);
    assert_int_equal(target_direction_parse("tối đa"), TARGET_AT_MOST);
    assert_int_equal(target_direction_parse("ít nhất"), TARGET_AT_LEAST);
    assert_int_equal(target_direction_parse("giảm"), -1);
    assert_string_equal(target_direction_code(TARGET_EXACT), "exact");
}

static void test_load_direction(void **state)
{
    (void)state;
    kh_plan *p = load_ok_yaml(TEST_PLAN_YAML "targets:\n"
                                             "  - {id: A, text: a, measure: percent, direction: "
                                             "không quá, goals: {2025: 2}}\n"
                                             "  - {id: B, text: b, measure: count}\n"
                                             "  - {id: C, text: c, measure: yesno}\n");
    assert_int_equal(p->targets[0].direction, TARGET_AT_MOST);
    assert_int_equal(p->targets[1].direction, TARGET_AT_LEAST);
    assert_int_equal(p->targets[2].direction, TARGET_EXACT);
    model_free(p);
    assert_true(fails_at(TEST_PLAN_YAML "targets:\n"
                                        "  - id: A\n"
                                        "    text: a\n"
                                        "    measure: count\n"
                                        "    direction: down\n",
                         33, 16, "'direction': \"down\""));
    assert_true(fails_at(TEST_PLAN_YAML "targets:\n"
                                        "  - id: A\n"
                                        "    text: a\n"
                                        "    measure: yesno\n"
                                        "    direction: at-most\n",
                         33, 16, "direction"));
}

/* ---- the store ---- */

typedef struct {
    char *dir, *db;
    kh_plan *plan;
    kh_app app;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = malloc(strlen(f->dir) + 16);
    sprintf(f->db, "%s/k.db", f->dir);
    f->app.plan = load_ok_yaml(TEST_PLAN_YAML TARGETS_YAML);
    f->app.user = strdup("an");
    f->app.lang = KH_LANG_EN;
    f->app.today = date_from_ymd(2025, 6, 30);
    kh_error err = {0};
    assert_int_equal(store_open(f->db, 0, &f->app.store, &err), KH_E_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    app_close(&f->app); /* the store, the plan, the user and the groups rights read */
    free(f->db);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static void measure_ok(kh_app *app, const char *id, double v, const char *doc)
{
    kh_error err = {0};
    long i = model_find_target(app->plan, id);
    assert_true(i >= 0);
    kh_errcode rc = app_measure(app, (size_t)i, v, app->today, doc, &err);
    if (rc) fail_msg("app_measure: %s", err.detail);
}

/* Reload the state from the store into a fresh plan; return it. */
static kh_plan *reloaded(fixture *f)
{
    kh_plan *p = load_ok_yaml(TEST_PLAN_YAML TARGETS_YAML);
    kh_error err = {0};
    assert_int_equal(store_load_state(f->app.store, p, &err), KH_E_OK);
    return p;
}

static void test_measure_and_reload(void **state)
{
    fixture *f = *state;
    measure_ok(&f->app, "CT1", 60, "Báo cáo 12/BC-UBND");
    measure_ok(&f->app, "CT1", 82.5, NULL);
    const kh_target *t = &f->app.plan->targets[0];
    assert_true(t->state.measured && t->state.value == 82.5);
    kh_plan *p = reloaded(f);
    t = &p->targets[0];
    assert_true(t->state.measured);
    assert_true(t->state.value == 82.5);
    assert_int_equal(t->state.on, f->app.today);
    assert_null(t->state.doc);
    assert_string_equal(t->state.by, "an");
    assert_false(p->targets[1].state.measured);
    model_free(p);
    /* Every measurement is in the history, the target id as its task. */
    kh_history *h;
    size_t n;
    kh_error err = {0};
    assert_int_equal(store_history(f->app.store, "test-plan", "CT1", &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 5); /* measure, measure-on, measure-doc; then measure, measure-doc */
    assert_string_equal(h[0].field, "measure");
    assert_null(h[0].old_value);
    assert_string_equal(h[0].new_value, "60");
    assert_string_equal(h[1].field, "measure-on");
    assert_string_equal(h[1].new_value, "2025-06-30");
    assert_string_equal(h[2].field, "measure-doc");
    assert_string_equal(h[2].new_value, "Báo cáo 12/BC-UBND");
    assert_string_equal(h[3].old_value, "60");
    assert_string_equal(h[3].new_value, "82.5");
    assert_string_equal(h[4].field, "measure-doc");
    assert_null(h[4].new_value);
    assert_true(h[3].change == h[4].change && h[3].change != h[0].change);
    store_history_free(h, n);
    /* A target is no orphan task. */
    char **ids;
    assert_int_equal(store_orphans(f->app.store, f->app.plan, &ids, &n, &err), KH_E_OK);
    assert_int_equal(n, 0);
    free(ids);
}

/* The measurement in effect at the end of a day: the latest day up to it
 * (whatever the order they were recorded in), undone ones left out, the
 * plan file's when the database has none as late. */
static void test_measurement_asof(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    long i = model_find_target(app->plan, "CT1");
    kh_date d15 = date_from_ymd(2025, 6, 15), d10 = date_from_ymd(2025, 6, 10);
    kh_date d20 = date_from_ymd(2025, 6, 20);
    assert_int_equal(app_measure(app, (size_t)i, 70, d15, "BC 15", &err), KH_E_OK);
    assert_int_equal(app_measure(app, (size_t)i, 60, d10, NULL, &err), KH_E_OK);
    assert_int_equal(app_measure(app, (size_t)i, 90, d20, NULL, &err), KH_E_OK);
    size_t n = app->plan->ntargets;
    kh_measured *m = calloc(n, sizeof *m);
    assert_int_equal(app_target_asof(app, date_from_ymd(2025, 6, 9), m, &err), KH_E_OK);
    assert_false(m[i].measured);
    store_target_asof_free(m, n);
    assert_int_equal(app_target_asof(app, date_from_ymd(2025, 6, 12), m, &err), KH_E_OK);
    assert_true(m[i].measured && m[i].value == 60 && m[i].on == d10);
    store_target_asof_free(m, n);
    assert_int_equal(app_target_asof(app, date_from_ymd(2025, 6, 19), m, &err), KH_E_OK);
    assert_true(m[i].measured && m[i].value == 70);
    assert_string_equal(m[i].doc, "BC 15");
    store_target_asof_free(m, n);
    assert_int_equal(app_target_asof(app, d20, m, &err), KH_E_OK);
    assert_true(m[i].value == 90);
    store_target_asof_free(m, n);
    /* Undo the 90: as of 20/06 the 70 of 15/06 again. */
    kh_undo u;
    assert_int_equal(app_target_last_change(app, (size_t)i, &u, &err), KH_E_OK);
    assert_int_equal(app_target_undo(app, &u, &err), KH_E_OK);
    app_undo_free(&u);
    assert_int_equal(app_target_asof(app, d20, m, &err), KH_E_OK);
    assert_true(m[i].value == 70);
    store_target_asof_free(m, n);
    /* The plan file's value, of 18/06, is later than the 70 of 15/06. */
    kh_target *t = &app->plan->targets[i];
    t->base = (kh_measured){.measured = true, .value = 75, .on = date_from_ymd(2025, 6, 18)};
    assert_int_equal(app_target_asof(app, d20, m, &err), KH_E_OK);
    assert_true(m[i].value == 75);
    store_target_asof_free(m, n);
    assert_int_equal(app_target_asof(app, d15, m, &err), KH_E_OK);
    assert_true(m[i].value == 70);
    store_target_asof_free(m, n);
    t->base.measured = false;
    free(m);
}

static void test_undo_measurement(void **state)
{
    fixture *f = *state;
    measure_ok(&f->app, "CT2", 3, NULL);
    measure_ok(&f->app, "CT2", 4, NULL);
    kh_undo u;
    kh_error err = {0};
    /* Plain undo finds the measurement. */
    assert_int_equal(app_last_change(&f->app, -1, &u, &err), KH_E_OK);
    assert_true(u.is_target);
    assert_int_equal(u.target, 1);
    assert_int_equal(app_undo(&f->app, &u, -1, &err), KH_E_OK);
    app_undo_free(&u);
    assert_true(f->app.plan->targets[1].state.value == 3);
    /* Undo of the target by its id: back to not measured. */
    assert_int_equal(app_target_last_change(&f->app, 1, &u, &err), KH_E_OK);
    assert_int_equal(app_undo(&f->app, &u, -1, &err), KH_E_OK);
    app_undo_free(&u);
    assert_false(f->app.plan->targets[1].state.measured);
    assert_int_equal(app_target_last_change(&f->app, 1, &u, &err), KH_E_NOT_FOUND);
    kh_plan *p = reloaded(f);
    assert_false(p->targets[1].state.measured);
    model_free(p);
    /* The measurements are kept, withdrawn. */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT count(*), count(withdrawn) FROM target_measure"
                                        " WHERE target_id = 'CT2'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 2);
    assert_int_equal(sqlite3_column_int(st, 1), 2);
    sqlite3_finalize(st);
    /* And cannot be deleted. */
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM target_measure", NULL, NULL, NULL),
                         SQLITE_OK);
    sqlite3_close(db);
}

static void test_undo_refused_after_another(void **state)
{
    fixture *f = *state;
    measure_ok(&f->app, "CT1", 50, NULL);
    free(f->app.user);
    f->app.user = strdup("binh");
    measure_ok(&f->app, "CT1", 70, NULL);
    free(f->app.user);
    f->app.user = strdup("an");
    kh_undo u;
    kh_error err = {0};
    assert_int_equal(app_target_last_change(&f->app, 0, &u, &err), KH_E_OK);
    assert_int_equal(app_undo(&f->app, &u, -1, &err), KH_E_CONFLICT);
    assert_int_equal(err.reason, KH_R_CHANGED_SINCE);
    assert_string_equal(err.who, "binh");
    app_undo_free(&u);
    assert_true(f->app.plan->targets[0].state.value == 70);
}

static void test_rights_follow_lead(void **state)
{
    fixture *f = *state;
    model_free(f->app.plan);
    f->app.plan = load_ok_yaml(TEST_PLAN_YAML TARGETS_YAML "rights:\n"
                                                           "  units:\n"
                                                           "    - {unit: vp, users: [an]}\n");
    assert_true(app_may_measure(&f->app, 0));  /* CT1: led by vp */
    assert_false(app_may_measure(&f->app, 1)); /* CT2: led by tp */
    assert_false(app_may_measure(&f->app, 2)); /* CT3: no lead */
    kh_error err = {0};
    assert_int_equal(app_measure(&f->app, 1, 2, f->app.today, NULL, &err), KH_E_DENIED);
    kh_plan *p = reloaded(f);
    assert_false(p->targets[1].state.measured); /* nothing written */
    model_free(p);
}

static void test_export_state_is_base(void **state)
{
    fixture *f = *state;
    model_free(f->app.plan);
    f->app.plan =
        load_ok_yaml(TEST_PLAN_YAML "targets:\n"
                                    "  - id: CT1\n"
                                    "    text: X\n"
                                    "    measure: percent\n"
                                    "    goals: {2025: 80}\n"
                                    "    state: {value: 40, on: 2024-12-31, doc: BC 1, by: an,"
                                    " at: 2025-01-02T03:04:05Z}\n");
    const kh_target *t = &f->app.plan->targets[0];
    assert_true(t->state.measured && t->state.value == 40);
    assert_string_equal(t->state.doc, "BC 1");
    measure_ok(&f->app, "CT1", 55, NULL);
    kh_history *h;
    size_t n;
    kh_error err = {0};
    assert_int_equal(store_history(f->app.store, "test-plan", "CT1", &h, &n, &err), KH_E_OK);
    assert_string_equal(h[0].old_value, "40"); /* from the plan file's value */
    store_history_free(h, n);
    kh_undo u;
    assert_int_equal(app_target_last_change(&f->app, 0, &u, &err), KH_E_OK);
    assert_int_equal(app_undo(&f->app, &u, -1, &err), KH_E_OK);
    app_undo_free(&u);
    assert_true(t->state.measured && t->state.value == 40); /* back to the plan file's */
}

/* A database of schema 4 (the one before the targets): every row kept by
 * the migration; read-only, it is read as it is (no measurement) and left
 * alone. (test_confirm migrates a schema-3 database of the old main.) */
static void test_migrate_from_v3(void **state)
{
    fixture *f = *state;
    kh_error err = {0};
    kh_change c = {.status = ST_DOING,
                   .progress = 40,
                   .note = "ghi chú cũ",
                   .today = f->app.today,
                   .expected_version = -1};
    kh_state out;
    assert_int_equal(
        store_apply(f->app.store, "test-plan", "II.1", &c, "an", 1700000000, &out, &err), KH_E_OK);
    kh_change c2 = {
        .status = ST_DONE, .progress = -1, .today = f->app.today, .expected_version = -1};
    assert_int_equal(
        store_apply(f->app.store, "test-plan", "II.2", &c2, "binh", 1700000100, &out, &err),
        KH_E_OK);
    store_close(f->app.store);
    f->app.store = NULL;
    /* Take schema 5's to 8's objects out again: that is schema 4 exactly. */
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "DROP TRIGGER target_measure_no_delete;"
                                  "DROP TRIGGER target_measure_withdraw_only;"
                                  "DROP TABLE target_measure;"
                                  /* and schema 6's hash chain, made after them */
                                  "DROP TRIGGER chain_no_update; DROP TRIGGER chain_no_delete;"
                                  "DROP TABLE chain;"
                                  /* and schema 7's results and amendments */
                                  "DROP TABLE result; DROP TABLE amendment;"
                                  /* and schema 8's extensions and days of changes */
                                  "DROP TABLE extension; DROP TABLE change_day;"
                                  "PRAGMA user_version = 4;"
                                  "PRAGMA wal_checkpoint(TRUNCATE);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    const char *count_sql = "SELECT (SELECT count(*) FROM task_state) * 10000"
                            " + (SELECT count(*) FROM note) * 100 + (SELECT count(*) FROM history)";
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, count_sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int before = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    assert_int_equal(before, 2 * 10000 + 1 * 100 + 6); /* II.1: status, progress, note; II.2: 3 */
    sqlite3_close(db);

    /* Read-only: read as it is, not migrated. */
    kh_store *ro;
    assert_int_equal(store_open(f->db, STORE_READ_ONLY, &ro, &err), KH_E_OK);
    assert_int_equal(store_schema_version(ro), 4);
    kh_plan *p = load_ok_yaml(TEST_PLAN_YAML TARGETS_YAML);
    assert_int_equal(store_load_state(ro, p, &err), KH_E_OK);
    assert_int_equal(p->tasks[model_find_task(p, "II.1")].progress, 40);
    assert_false(p->targets[0].state.measured);
    model_free(p);
    store_close(ro);

    /* Read-write: migrated, every row kept. */
    assert_int_equal(store_open(f->db, 0, &f->app.store, &err), KH_E_OK);
    assert_int_equal(store_schema_version(f->app.store), STORE_SCHEMA_VERSION);
    p = reloaded(f);
    const kh_task *t1 = &p->tasks[model_find_task(p, "II.1")];
    assert_int_equal(t1->status, ST_DOING);
    assert_int_equal(t1->progress, 40);
    assert_string_equal(t1->updated_by, "an");
    assert_int_equal(p->tasks[model_find_task(p, "II.2")].status, ST_DONE);
    model_free(p);
    kh_history *h;
    size_t n;
    assert_int_equal(store_history(f->app.store, "test-plan", NULL, &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 6);
    assert_string_equal(h[0].task_id, "II.1");
    assert_string_equal(h[5].user, "binh");
    store_history_free(h, n);
    kh_note *notes;
    assert_int_equal(store_notes(f->app.store, "test-plan", "II.1", &notes, &n, &err), KH_E_OK);
    assert_int_equal(n, 1);
    assert_string_equal(notes[0].text, "ghi chú cũ");
    store_notes_free(notes, n);
    /* And a target can be measured in it. */
    measure_ok(&f->app, "CT3", 1, NULL);
    p = reloaded(f);
    assert_true(p->targets[2].state.measured && p->targets[2].state.value == 1);
    model_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_targets),
        cmocka_unit_test(test_target_without_horizon_loads),
        cmocka_unit_test(test_target_errors_located),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_horizon_and_gap),
        cmocka_unit_test(test_directions),
        cmocka_unit_test(test_load_direction),
        cmocka_unit_test_setup_teardown(test_measurement_asof, setup, teardown),
        cmocka_unit_test_setup_teardown(test_measure_and_reload, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_measurement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_undo_refused_after_another, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rights_follow_lead, setup, teardown),
        cmocka_unit_test_setup_teardown(test_export_state_is_base, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_from_v3, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
