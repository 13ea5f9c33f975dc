/* Unit tests for model.h: timeliness, categories, counts, look-ups, names,
 * periodic occurrences, labels. */
#include "testutil.h"

#include <errno.h>
#include <string.h>
#include <utf8proc.h>

#include "kehoach/model.h"
#include "kehoach/model_field.h"

/* A day in the middle of the plan year: 01/06/2023. */
static kh_date due_day(void)
{
    return date_from_ymd(2023, 6, 1);
}

static kh_date ymd(int y, int m, int d)
{
    kh_date r = date_from_ymd(y, m, d);
    assert_int_not_equal(r, KH_NO_DATE);
    return r;
}

/* A bare task; only what model_timeliness and the labels read is set. */
static kh_task make_task(kh_deadline_kind kind, kh_date due, kh_status st, kh_date completed)
{
    kh_task t;
    memset(&t, 0, sizeof t);
    t.id = "T.1";
    t.title = "Nhiệm vụ";
    t.text = "Nhiệm vụ";
    t.dl_kind = (uint8_t)kind;
    t.due = due;
    t.status = (uint8_t)st;
    t.completed = completed;
    t.duty = -1;
    return t;
}

static const char *kind_name(int k)
{
    static const char *const names[] = {"DL_DATE", "DL_CONTINUOUS", "DL_PERIOD_END", "DL_PERIODIC"};
    return k >= 0 && k < 4 ? names[k] : "?";
}

/* ---- model_timeliness ---- */

static void test_due_soon_days(void **state)
{
    (void)state;
    assert_int_equal(KH_DUE_SOON_DAYS, 7);
}

/* Open tasks (not done): every deadline kind x a range of days x the three
 * open statuses. Continuous work is ongoing until its day has passed. */
static void test_timeliness_open(void **state)
{
    (void)state;
    static const struct {
        kh_deadline_kind kind;
        int today; /* days from the deadline */
        kh_timeliness want;
    } cases[] = {
        {DL_DATE, -365, TL_UPCOMING},       {DL_DATE, -30, TL_UPCOMING},
        {DL_DATE, -8, TL_UPCOMING},         {DL_DATE, -7, TL_DUE_SOON},
        {DL_DATE, -1, TL_DUE_SOON},         {DL_DATE, 0, TL_DUE_SOON},
        {DL_DATE, 1, TL_OVERDUE},           {DL_DATE, 400, TL_OVERDUE},

        {DL_PERIOD_END, -365, TL_UPCOMING}, {DL_PERIOD_END, -30, TL_UPCOMING},
        {DL_PERIOD_END, -8, TL_UPCOMING},   {DL_PERIOD_END, -7, TL_DUE_SOON},
        {DL_PERIOD_END, -1, TL_DUE_SOON},   {DL_PERIOD_END, 0, TL_DUE_SOON},
        {DL_PERIOD_END, 1, TL_OVERDUE},     {DL_PERIOD_END, 400, TL_OVERDUE},

        {DL_PERIODIC, -365, TL_UPCOMING},   {DL_PERIODIC, -30, TL_UPCOMING},
        {DL_PERIODIC, -8, TL_UPCOMING},     {DL_PERIODIC, -7, TL_DUE_SOON},
        {DL_PERIODIC, -1, TL_DUE_SOON},     {DL_PERIODIC, 0, TL_DUE_SOON},
        {DL_PERIODIC, 1, TL_OVERDUE},       {DL_PERIODIC, 400, TL_OVERDUE},

        {DL_CONTINUOUS, -365, TL_ONGOING},  {DL_CONTINUOUS, -30, TL_ONGOING},
        {DL_CONTINUOUS, -8, TL_ONGOING},    {DL_CONTINUOUS, -7, TL_ONGOING},
        {DL_CONTINUOUS, -1, TL_ONGOING},    {DL_CONTINUOUS, 0, TL_ONGOING},
        {DL_CONTINUOUS, 1, TL_OVERDUE},     {DL_CONTINUOUS, 400, TL_OVERDUE},
    };
    static const kh_status open[] = {ST_TODO, ST_DOING, ST_BLOCKED};
    static const uint8_t progress[] = {0, 50, 100};
    kh_date due = due_day();
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        for (size_t s = 0; s < KH_ARRAY_LEN(open); s++) {
            for (size_t p = 0; p < KH_ARRAY_LEN(progress); p++) {
                kh_task t = make_task(cases[i].kind, due, open[s], KH_NO_DATE);
                t.progress = progress[p];
                kh_timeliness tl = model_timeliness(&t, due + cases[i].today);
                if (tl != cases[i].want)
                    fail_msg("%s, %s, progress %d, today %+d: %s, want %s",
                             kind_name(cases[i].kind), model_status_code(open[s]), progress[p],
                             cases[i].today, model_timeliness_code(tl),
                             model_timeliness_code(cases[i].want));
            }
        }
    }
}

/* Done tasks: on time or late by the completion day alone, for every kind
 * and any today. */
static void test_timeliness_done(void **state)
{
    (void)state;
    static const struct {
        int completed; /* days from the deadline; INT32_MIN: no date */
        kh_timeliness want;
    } cases[] = {
        {-100, TL_DONE_ON_TIME},      {-5, TL_DONE_ON_TIME}, {-1, TL_DONE_ON_TIME},
        {0, TL_DONE_ON_TIME},         {1, TL_DONE_LATE},     {30, TL_DONE_LATE},
        {INT32_MIN, TL_DONE_ON_TIME},
    };
    static const kh_deadline_kind kinds[] = {DL_DATE, DL_CONTINUOUS, DL_PERIOD_END, DL_PERIODIC};
    static const int todays[] = {-30, -8, -7, 0, 1, 365};
    kh_date due = due_day();
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        for (size_t k = 0; k < KH_ARRAY_LEN(kinds); k++) {
            for (size_t d = 0; d < KH_ARRAY_LEN(todays); d++) {
                kh_date completed =
                    cases[i].completed == INT32_MIN ? KH_NO_DATE : due + cases[i].completed;
                kh_task t = make_task(kinds[k], due, ST_DONE, completed);
                kh_timeliness tl = model_timeliness(&t, due + todays[d]);
                if (tl != cases[i].want)
                    fail_msg("%s done %+d, today %+d: %s, want %s", kind_name(kinds[k]),
                             cases[i].completed, todays[d], model_timeliness_code(tl),
                             model_timeliness_code(cases[i].want));
            }
        }
    }
}

/* A task without a deadline is ongoing while open, on time when done. */
static void test_timeliness_no_due(void **state)
{
    (void)state;
    static const kh_status open[] = {ST_TODO, ST_DOING, ST_BLOCKED};
    kh_date today = due_day();
    for (size_t s = 0; s < KH_ARRAY_LEN(open); s++) {
        kh_task t = make_task(DL_DATE, KH_NO_DATE, open[s], KH_NO_DATE);
        assert_int_equal(model_timeliness(&t, today), TL_ONGOING);
        assert_int_equal(model_timeliness(&t, today + 1000), TL_ONGOING);
    }
    kh_task done = make_task(DL_DATE, KH_NO_DATE, ST_DONE, today);
    assert_int_equal(model_timeliness(&done, today + 5), TL_DONE_ON_TIME);
}

/* ---- model_category ---- */

static void test_category(void **state)
{
    (void)state;
    static const struct {
        kh_timeliness tl;
        kh_category cat;
    } cases[] = {
        {TL_UPCOMING, CAT_OPEN_IN_TIME},     {TL_DUE_SOON, CAT_OPEN_IN_TIME},
        {TL_ONGOING, CAT_OPEN_IN_TIME},      {TL_OVERDUE, CAT_OPEN_OVERDUE},
        {TL_DONE_ON_TIME, CAT_DONE_ON_TIME}, {TL_DONE_LATE, CAT_DONE_LATE},
    };
    assert_int_equal(KH_ARRAY_LEN(cases), TL_COUNT);
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++)
        if (model_category(cases[i].tl) != cases[i].cat)
            fail_msg("%s: category %s, want %s", model_timeliness_code(cases[i].tl),
                     model_category_code(model_category(cases[i].tl)),
                     model_category_code(cases[i].cat));
}

/* ---- the test plan ---- */

static int setup_plan(void **state)
{
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    kh_errcode rc = test_load(TEST_PLAN_YAML, &plan, &diags);
    for (size_t i = 0; i < diags.n; i++)
        fprintf(stderr, "%d:%d: %s\n", diags.v[i].line, diags.v[i].col, diags.v[i].msg);
    diags_free(&diags);
    if (rc != KH_E_OK || !plan) return -1;
    *state = plan;
    return 0;
}

static int teardown_plan(void **state)
{
    model_free(*state);
    return 0;
}

/* Return the task with this id, by a plain scan. */
static kh_task *task(kh_plan *plan, const char *id)
{
    for (size_t i = 0; i < plan->ntasks; i++)
        if (!strcmp(plan->tasks[i].id, id)) return &plan->tasks[i];
    fail_msg("no task %s", id);
    return NULL;
}

static void set_state(kh_plan *plan, const char *id, kh_status st, int progress, kh_date completed)
{
    kh_task *t = task(plan, id);
    t->status = (uint8_t)st;
    t->progress = (uint8_t)progress;
    t->completed = completed;
}

/* The shape the tests below rely on. */
static void test_plan_shape(void **state)
{
    kh_plan *plan = *state;
    assert_int_equal(plan->nunits, 2);
    assert_string_equal(plan->units[0].id, "vp");
    assert_string_equal(plan->units[1].id, "tp");
    assert_int_equal(plan->ntasks, 14);
    kh_task *t = task(plan, "II.1");
    assert_int_equal(t->dl_kind, DL_DATE);
    assert_int_equal(t->due, ymd(2023, 6, 1));
    assert_int_equal(t->nlead, 1);
    assert_int_equal(t->lead[0], 1);
    t = task(plan, "II.2");
    assert_int_equal(t->dl_kind, DL_CONTINUOUS);
    assert_int_equal(t->due, ymd(2023, 12, 31));
    for (int m = 1; m <= 12; m++) {
        char id[32];
        snprintf(id, sizeof id, "III.1.1/2023-%02d", m);
        t = task(plan, id);
        assert_int_equal(t->dl_kind, DL_PERIODIC);
        assert_int_equal(t->every, EVERY_MONTH);
        assert_int_equal(t->occ, m);
        assert_int_equal(t->occ_year, 2023);
        assert_int_equal(t->due, ymd(2023, m, date_days_in_month(2023, m)));
    }
}

/* States laid by hand over the plan for the counting tests. */
static void lay_states(kh_plan *plan)
{
    set_state(plan, "II.1", ST_DONE, 0, ymd(2023, 5, 30));             /* tp: on time */
    set_state(plan, "II.2", ST_DOING, 40, KH_NO_DATE);                 /* vp: ongoing */
    set_state(plan, "III.1.1/2023-01", ST_DONE, 100, ymd(2023, 2, 3)); /* late */
    set_state(plan, "III.1.1/2023-02", ST_DONE, 0, KH_NO_DATE);        /* on time */
    set_state(plan, "III.1.1/2023-03", ST_BLOCKED, 10, KH_NO_DATE);    /* overdue */
    set_state(plan, "III.1.1/2023-04", ST_TODO, 0, KH_NO_DATE);        /* overdue */
    set_state(plan, "III.1.1/2023-05", ST_DOING, 50, KH_NO_DATE);      /* overdue */
    set_state(plan, "III.1.1/2023-06", ST_DOING, 20, KH_NO_DATE);      /* due soon */
    /* July to December stay as loaded: to do, upcoming. */
}

static void test_count_all(void **state)
{
    kh_plan *plan = *state;
    lay_states(plan);
    kh_counts c;
    memset(&c, 0xab, sizeof c); /* must be cleared */
    model_count(plan, ymd(2023, 6, 25), &c, NULL);

    assert_int_equal(c.total, 14);
    assert_int_equal(c.status[ST_TODO], 7);
    assert_int_equal(c.status[ST_DOING], 3);
    assert_int_equal(c.status[ST_BLOCKED], 1);
    assert_int_equal(c.status[ST_DONE], 3);

    assert_int_equal(c.timeliness[TL_UPCOMING], 6);
    assert_int_equal(c.timeliness[TL_DUE_SOON], 1);
    assert_int_equal(c.timeliness[TL_OVERDUE], 3);
    assert_int_equal(c.timeliness[TL_DONE_ON_TIME], 2);
    assert_int_equal(c.timeliness[TL_DONE_LATE], 1);
    assert_int_equal(c.timeliness[TL_ONGOING], 1);

    assert_int_equal(c.category[CAT_DONE_ON_TIME], 2);
    assert_int_equal(c.category[CAT_DONE_LATE], 1);
    assert_int_equal(c.category[CAT_OPEN_IN_TIME], 8);
    assert_int_equal(c.category[CAT_OPEN_OVERDUE], 3);

    /* Done counts 100 whatever the stored progress: 3 x 100 + 40 + 10 + 50 + 20. */
    assert_int_equal(c.progress_sum, 420);
    assert_int_equal(model_completion(&c), 30);
}

static void test_count_per_unit(void **state)
{
    kh_plan *plan = *state;
    lay_states(plan);
    kh_counts c;
    kh_unit_counts u[2];
    memset(u, 0xab, sizeof u); /* must be cleared */
    model_count(plan, ymd(2023, 6, 25), &c, u);

    /* vp (0): leads II.2 and the twelve monthly reports, supports II.1. */
    assert_int_equal(u[0].lead, 13);
    assert_int_equal(u[0].support, 1);
    assert_int_equal(u[0].done, 2);
    assert_int_equal(u[0].overdue, 3);
    assert_int_equal(u[0].status[ST_TODO], 7);
    assert_int_equal(u[0].status[ST_DOING], 3);
    assert_int_equal(u[0].status[ST_BLOCKED], 1);
    assert_int_equal(u[0].status[ST_DONE], 2);
    assert_int_equal(u[0].timeliness[TL_UPCOMING], 6);
    assert_int_equal(u[0].timeliness[TL_DUE_SOON], 1);
    assert_int_equal(u[0].timeliness[TL_OVERDUE], 3);
    assert_int_equal(u[0].timeliness[TL_DONE_ON_TIME], 1);
    assert_int_equal(u[0].timeliness[TL_DONE_LATE], 1);
    assert_int_equal(u[0].timeliness[TL_ONGOING], 1);

    /* tp (1): leads II.1 only. */
    assert_int_equal(u[1].lead, 1);
    assert_int_equal(u[1].support, 0);
    assert_int_equal(u[1].done, 1);
    assert_int_equal(u[1].overdue, 0);
    assert_int_equal(u[1].status[ST_DONE], 1);
    assert_int_equal(u[1].status[ST_TODO], 0);
    assert_int_equal(u[1].timeliness[TL_DONE_ON_TIME], 1);
    size_t sum = 0;
    for (int k = 0; k < TL_COUNT; k++) sum += u[1].timeliness[k];
    assert_int_equal(sum, 1);
}

/* Counting on a later day: every open task has become overdue, continuous
 * work included. */
static void test_count_after_the_plan(void **state)
{
    kh_plan *plan = *state;
    lay_states(plan);
    kh_counts c;
    kh_unit_counts u[2];
    model_count(plan, ymd(2024, 1, 1), &c, u);
    assert_int_equal(c.total, 14);
    assert_int_equal(c.timeliness[TL_OVERDUE], 11);
    assert_int_equal(c.category[CAT_OPEN_OVERDUE], 11);
    assert_int_equal(c.category[CAT_OPEN_IN_TIME], 0);
    assert_int_equal(c.category[CAT_DONE_ON_TIME], 2);
    assert_int_equal(c.category[CAT_DONE_LATE], 1);
    assert_int_equal(u[0].overdue, 11);
    assert_int_equal(u[1].overdue, 0);

    /* And on a day before anything is due: nothing overdue, and nothing due
     * soon (January's report, due in six days, is done). */
    model_count(plan, ymd(2023, 1, 25), &c, u);
    assert_int_equal(c.timeliness[TL_OVERDUE], 0);
    assert_int_equal(c.timeliness[TL_DUE_SOON], 0);
    assert_int_equal(c.timeliness[TL_UPCOMING], 10); /* the reports of March .. December */
    assert_int_equal(u[0].overdue, 0);
}

/* A fresh plan: everything to do, nothing done, completion 0. */
static void test_count_fresh(void **state)
{
    kh_plan *plan = *state;
    for (size_t i = 0; i < plan->ntasks; i++) {
        plan->tasks[i].status = ST_TODO;
        plan->tasks[i].progress = 0;
        plan->tasks[i].completed = KH_NO_DATE;
    }
    kh_counts c;
    kh_unit_counts u[2];
    model_count(plan, ymd(2023, 1, 1), &c, u);
    assert_int_equal(c.status[ST_TODO], 14);
    assert_int_equal(c.progress_sum, 0);
    assert_int_equal(model_completion(&c), 0);
    assert_int_equal(c.timeliness[TL_ONGOING], 1); /* II.2 */
    assert_int_equal(u[0].done + u[1].done, 0);

    /* And all done: 100 %. */
    for (size_t i = 0; i < plan->ntasks; i++) plan->tasks[i].status = ST_DONE;
    model_count(plan, ymd(2023, 1, 1), &c, u);
    assert_int_equal(model_completion(&c), 100);
    assert_int_equal(c.category[CAT_DONE_ON_TIME], 14);
    assert_int_equal(u[0].done, 13);
    assert_int_equal(u[1].done, 1);
}

static void test_completion_rounding(void **state)
{
    (void)state;
    static const struct {
        size_t total;
        uint64_t sum;
        int want;
    } cases[] = {
        {0, 0, 0},    {1, 0, 0},    {1, 100, 100},     {3, 200, 67}, {3, 1, 0},
        {2, 101, 51}, {4, 2, 1},    {4, 1, 0},         {3, 150, 50}, {14, 420, 30},
        {7, 349, 50}, {7, 346, 49}, {1000, 99499, 99},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_counts c;
        memset(&c, 0, sizeof c);
        c.total = cases[i].total;
        c.progress_sum = cases[i].sum;
        int got = model_completion(&c);
        if (got != cases[i].want)
            fail_msg("case %zu: %llu / %zu = %d %%, want %d", i, (unsigned long long)cases[i].sum,
                     cases[i].total, got, cases[i].want);
    }
}

/* ---- look-ups ---- */

static void test_find_task(void **state)
{
    kh_plan *plan = *state;
    for (size_t i = 0; i < plan->ntasks; i++)
        assert_int_equal(model_find_task(plan, plan->tasks[i].id), (long)i);
    static const char *const missing[] = {
        "",
        "II",
        "II.",
        "II.3",
        "ii.1",
        "II.10",
        "III.1.1",
        "III.1.1/2023-13",
        "III.1.1/2023-1",
        "III.1.1/2024-01",
        " II.1",
        "II.1 ",
        "zzz",
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(missing); i++)
        if (model_find_task(plan, missing[i]) != -1)
            fail_msg("model_find_task(\"%s\") = %ld, want -1", missing[i],
                     model_find_task(plan, missing[i]));
    long k = model_find_task(plan, "III.1.1/2023-07");
    assert_true(k >= 0);
    assert_string_equal(plan->tasks[k].id, "III.1.1/2023-07");
}

/* model_find_task_from agrees with model_find_task whatever the order of
 * the ids asked for: sorted (as the store reads them), with gaps and missing
 * ids between, reversed, and in file order. */
static void test_find_task_from(void **state)
{
    kh_plan *plan = *state;
    size_t n = plan->ntasks;
    for (int pass = 0; pass < 4; pass++) {
        size_t pos = 0, asked = 0;
        for (size_t k = 0; k < n; k++) {
            size_t j = pass == 0 ? k : pass == 1 ? n - 1 - k : k;
            /* pass 0, 1: by id; 2: file order; 3: every third id, by id */
            if (pass == 3 && k % 3) continue;
            const char *id = pass == 2 ? plan->tasks[j].id : plan->tasks[plan->by_id[j]].id;
            long want = model_find_task(plan, id);
            long got = model_find_task_from(plan, id, &pos);
            if (got != want)
                fail_msg("pass %d: \"%s\" found at %ld, want %ld", pass, id, got, want);
            /* A missing id next to it changes nothing. */
            char missing[64];
            snprintf(missing, sizeof missing, "%s~", id);
            size_t keep = pos;
            assert_int_equal(model_find_task_from(plan, missing, &pos), -1);
            if (pass != 1) pos = keep;
            asked++;
        }
        assert_true(asked > 0);
    }
    size_t pos = n + 5;
    assert_int_equal(model_find_task_from(plan, plan->tasks[0].id, &pos),
                     model_find_task(plan, plan->tasks[0].id));
    pos = 0;
    assert_int_equal(model_find_task_from(plan, "", &pos), -1);
    assert_int_equal(model_find_task_from(plan, "zzz", &pos), -1);
}

static void test_find_unit(void **state)
{
    kh_plan *plan = *state;
    static const struct {
        const char *id;
        long want;
    } cases[] = {
        {"vp", 0}, {"tp", 1}, {"VP", -1}, {"", -1}, {"v", -1}, {"vpx", -1}, {"Văn phòng", -1},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++)
        if (model_find_unit(plan, cases[i].id) != cases[i].want)
            fail_msg("model_find_unit(\"%s\") = %ld, want %ld", cases[i].id,
                     model_find_unit(plan, cases[i].id), cases[i].want);
}

static void test_task_has_unit(void **state)
{
    kh_plan *plan = *state;
    kh_task *t = task(plan, "II.1");
    assert_true(model_task_has_unit(t, 1));  /* leads */
    assert_true(model_task_has_unit(t, 0));  /* supports */
    assert_false(model_task_has_unit(t, 2)); /* no such unit */
    t = task(plan, "II.2");
    assert_true(model_task_has_unit(t, 0));
    assert_false(model_task_has_unit(t, 1));
}

/* model_index on a plan put together by hand: ids sorted for look-up, a
 * duplicate reported. */
static void test_index_by_hand(void **state)
{
    (void)state;
    static const char *const ids[] = {"b", "a", "III.2", "II.10", "II.9", "c"};
    kh_plan *plan = xcalloc(1, sizeof *plan);
    plan->ntasks = KH_ARRAY_LEN(ids);
    plan->tasks = xcalloc(plan->ntasks, sizeof *plan->tasks);
    for (size_t i = 0; i < plan->ntasks; i++) plan->tasks[i].id = ids[i];
    assert_null(model_index(plan));
    for (size_t i = 0; i < plan->ntasks; i++) assert_int_equal(model_find_task(plan, ids[i]), i);
    assert_int_equal(model_find_task(plan, "d"), -1);
    assert_int_equal(model_find_task(plan, "II"), -1);

    plan->tasks[5].id = "II.9"; /* now twice */
    const char *dup = model_index(plan);
    assert_non_null(dup);
    assert_string_equal(dup, "II.9");
    model_free(plan);

    /* An empty plan indexes and finds nothing. */
    plan = xcalloc(1, sizeof *plan);
    assert_null(model_index(plan));
    assert_int_equal(model_find_task(plan, "a"), -1);
    assert_int_equal(model_find_unit(plan, "a"), -1);
    model_free(plan);
    model_free(NULL);
}

static void test_intern_user(void **state)
{
    kh_plan *plan = *state;
    char name[] = "Nguyễn Văn A";
    const char *a = model_intern_user(plan, name);
    assert_string_equal(a, "Nguyễn Văn A");
    assert_ptr_not_equal(a, name);
    name[0] = 'X'; /* the plan keeps its own copy */
    assert_string_equal(a, "Nguyễn Văn A");
    const char *b = model_intern_user(plan, "Trần Thị B");
    assert_ptr_not_equal(a, b);
    assert_ptr_equal(model_intern_user(plan, "Nguyễn Văn A"), a);
    assert_ptr_equal(model_intern_user(plan, "Trần Thị B"), b);
    /* Many names: all kept, each once. */
    const char *first[40];
    for (int i = 0; i < 40; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "user%d", i);
        first[i] = model_intern_user(plan, buf);
    }
    for (int i = 0; i < 40; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "user%d", i);
        assert_ptr_equal(model_intern_user(plan, buf), first[i]);
    }
    assert_ptr_equal(model_intern_user(plan, "Nguyễn Văn A"), a);
}

/* ---- names ---- */

/* Return s in NFD (heap). */
static char *nfd(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    assert_true(utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                             UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE) >= 0);
    return (char *)out;
}

static void test_status_parse(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        int want;
    } cases[] = {
        /* codes */
        {"todo", ST_TODO},
        {"doing", ST_DOING},
        {"blocked", ST_BLOCKED},
        {"done", ST_DONE},
        {"TODO", ST_TODO},
        {"Doing", ST_DOING},
        /* Vietnamese names, with and without diacritics, any case */
        {"Chưa thực hiện", ST_TODO},
        {"chua thuc hien", ST_TODO},
        {"CHƯA THỰC HIỆN", ST_TODO},
        {"Đang thực hiện", ST_DOING},
        {"dang thuc hien", ST_DOING},
        {"ĐANG THỰC HIỆN", ST_DOING},
        {"Dang Thuc Hien", ST_DOING},
        {"Vướng mắc", ST_BLOCKED},
        {"vuong mac", ST_BLOCKED},
        {"VƯỚNG MẮC", ST_BLOCKED},
        {"Đã hoàn thành", ST_DONE},
        {"ĐÃ HOÀN THÀNH", ST_DONE},
        {"da hoan thanh", ST_DONE},
        {"đã hoàn thành", ST_DONE},
        /* English names */
        {"Not started", ST_TODO},
        {"not started", ST_TODO},
        {"In progress", ST_DOING},
        {"IN PROGRESS", ST_DOING},
        {"Blocked", ST_BLOCKED},
        {"Done", ST_DONE},
        /* white space does not matter */
        {"  dang   thuc hien ", ST_DOING},
        {"in\tprogress", ST_DOING},
        /* garbage */
        {"", -1},
        {" ", -1},
        {"x", -1},
        {"dang", -1},
        {"dang thuc", -1},
        {"don", -1},
        {"done!", -1},
        {"todo done", -1},
        {"hoan thanh", -1},
        {"finished", -1},
        {"3", -1},
        {"\xff", -1},
        {"Đang\xc3", -1},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++)
        if (model_status_parse(cases[i].s) != cases[i].want)
            fail_msg("model_status_parse(\"%s\") = %d, want %d", cases[i].s,
                     model_status_parse(cases[i].s), cases[i].want);

    /* Every name in both languages, and in NFD, parses back to its status. */
    for (int s = 0; s < ST_COUNT; s++) {
        assert_int_equal(model_status_parse(model_status_code((kh_status)s)), s);
        for (int lang = KH_LANG_VI; lang <= KH_LANG_EN; lang++) {
            const char *name = model_status_name((kh_status)s, (kh_lang)lang);
            assert_int_equal(model_status_parse(name), s);
            char *d = nfd(name);
            assert_int_equal(model_status_parse(d), s);
            free(d);
        }
    }
}

static void test_names(void **state)
{
    (void)state;
    static const struct {
        kh_status s;
        const char *code, *vi, *en;
    } statuses[] = {
        {ST_TODO, "todo", "Chưa thực hiện", "Not started"},
        {ST_DOING, "doing", "Đang thực hiện", "In progress"},
        {ST_BLOCKED, "blocked", "Vướng mắc", "Blocked"},
        {ST_DONE, "done", "Đã hoàn thành", "Done"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(statuses); i++) {
        assert_string_equal(model_status_code(statuses[i].s), statuses[i].code);
        assert_string_equal(model_status_name(statuses[i].s, KH_LANG_VI), statuses[i].vi);
        assert_string_equal(model_status_name(statuses[i].s, KH_LANG_EN), statuses[i].en);
    }
    assert_string_equal(model_status_code(ST_COUNT), "?");
    assert_string_equal(model_status_name(ST_COUNT, KH_LANG_VI), "?");

    static const struct {
        kh_timeliness tl;
        const char *code, *vi, *en;
    } tls[] = {
        {TL_UPCOMING, "upcoming", "Còn hạn", "Upcoming"},
        {TL_DUE_SOON, "due-soon", "Sắp đến hạn", "Due soon"},
        {TL_OVERDUE, "overdue", "Quá hạn", "Overdue"},
        {TL_DONE_ON_TIME, "done-on-time", "Đúng hạn", "On time"},
        {TL_DONE_LATE, "done-late", "Quá hạn", "Late"},
        {TL_ONGOING, "ongoing", "Thường xuyên", "Ongoing"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(tls); i++) {
        assert_string_equal(model_timeliness_code(tls[i].tl), tls[i].code);
        assert_string_equal(model_timeliness_name(tls[i].tl, KH_LANG_VI), tls[i].vi);
        assert_string_equal(model_timeliness_name(tls[i].tl, KH_LANG_EN), tls[i].en);
    }
    assert_string_equal(model_timeliness_code(TL_COUNT), "?");

    static const struct {
        kh_category c;
        const char *code, *vi, *en;
    } cats[] = {
        {CAT_DONE_ON_TIME, "done-on-time", "Đã hoàn thành đúng hạn", "Done on time"},
        {CAT_DONE_LATE, "done-late", "Đã hoàn thành quá hạn", "Done late"},
        {CAT_OPEN_IN_TIME, "open-in-time", "Chưa hoàn thành trong hạn",
         "Not done, within deadline"},
        {CAT_OPEN_OVERDUE, "open-overdue", "Chưa hoàn thành quá hạn", "Not done, overdue"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cats); i++) {
        assert_string_equal(model_category_code(cats[i].c), cats[i].code);
        assert_string_equal(model_category_name(cats[i].c, KH_LANG_VI), cats[i].vi);
        assert_string_equal(model_category_name(cats[i].c, KH_LANG_EN), cats[i].en);
    }
    assert_string_equal(model_category_code(CAT_COUNT), "?");

    static const struct {
        kh_every e;
        const char *code, *vi, *en;
    } everies[] = {
        {EVERY_MONTH, "month", "hằng tháng", "monthly"},
        {EVERY_QUARTER, "quarter", "hằng quý", "quarterly"},
        {EVERY_HALF_YEAR, "half-year", "6 tháng", "half-yearly"},
        {EVERY_NINE_MONTHS, "nine-months", "9 tháng", "nine-monthly"},
        {EVERY_YEAR, "year", "hằng năm", "yearly"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(everies); i++) {
        assert_string_equal(model_every_code(everies[i].e), everies[i].code);
        assert_string_equal(model_every_name(everies[i].e, KH_LANG_VI), everies[i].vi);
        assert_string_equal(model_every_name(everies[i].e, KH_LANG_EN), everies[i].en);
        assert_int_equal(model_every_parse(everies[i].code), everies[i].e);
    }
    static const char *const bad_every[] = {"", "months", "monthly", "Q", "hằng tháng", "yearly"};
    for (size_t i = 0; i < KH_ARRAY_LEN(bad_every); i++)
        assert_int_equal(model_every_parse(bad_every[i]), -1);
}

/* ---- model_occurrences ---- */

typedef struct {
    int year, number;
    kh_date due;
} occ;

typedef struct {
    size_t n;
    occ v[64];
} occ_list;

static void add_occ(void *ctx, int year, int number, kh_date due)
{
    occ_list *l = ctx;
    assert_true(l->n < KH_ARRAY_LEN(l->v));
    l->v[l->n].year = year;
    l->v[l->n].number = number;
    l->v[l->n].due = due;
    l->n++;
}

/* One expected occurrence: year, number, and its due day as y-m-d. */
typedef struct {
    int year, number, dy, dm, dd;
} occ_want;

static void check_occurrences(kh_every every, int day, kh_date from, kh_date to,
                              const occ_want *want, size_t nwant)
{
    occ_list l;
    memset(&l, 0, sizeof l);
    size_t n = model_occurrences(every, day, from, to, add_occ, &l);
    char f[11], t[11];
    date_format_iso(from, f);
    date_format_iso(to, t);
    if (n != l.n)
        fail_msg("%s day %d %s..%s: returned %zu, called %zu times", model_every_code(every), day,
                 f, t, n, l.n);
    if (n != nwant) {
        for (size_t i = 0; i < l.n; i++) {
            char b[11];
            print_message("  %d #%d due %s\n", l.v[i].year, l.v[i].number,
                          date_format_iso(l.v[i].due, b));
        }
        fail_msg("%s day %d %s..%s: %zu occurrences, want %zu", model_every_code(every), day, f, t,
                 n, nwant);
    }
    for (size_t i = 0; i < n; i++) {
        kh_date due = date_from_ymd(want[i].dy, want[i].dm, want[i].dd);
        if (l.v[i].year != want[i].year || l.v[i].number != want[i].number || l.v[i].due != due) {
            char got[11], exp[11];
            fail_msg("%s day %d %s..%s #%zu: %d/%d due %s, want %d/%d due %s",
                     model_every_code(every), day, f, t, i, l.v[i].number, l.v[i].year,
                     date_format_iso(l.v[i].due, got), want[i].number, want[i].year,
                     date_format_iso(due, exp));
        }
    }
}

#define CHECK_OCC(every, day, from, to, ...)                                                       \
    do {                                                                                           \
        static const occ_want w_[] = {__VA_ARGS__};                                                \
        check_occurrences(every, day, from, to, w_, KH_ARRAY_LEN(w_));                             \
    } while (0)

#define CHECK_NO_OCC(every, day, from, to) check_occurrences(every, day, from, to, NULL, 0)

static void test_occurrences_month(void **state)
{
    (void)state;
    kh_date from = ymd(2023, 1, 1), to = ymd(2023, 12, 31);
    CHECK_OCC(EVERY_MONTH, 0, from, to, {2023, 1, 2023, 1, 31}, {2023, 2, 2023, 2, 28},
              {2023, 3, 2023, 3, 31}, {2023, 4, 2023, 4, 30}, {2023, 5, 2023, 5, 31},
              {2023, 6, 2023, 6, 30}, {2023, 7, 2023, 7, 31}, {2023, 8, 2023, 8, 31},
              {2023, 9, 2023, 9, 30}, {2023, 10, 2023, 10, 31}, {2023, 11, 2023, 11, 30},
              {2023, 12, 2023, 12, 31});
    /* Day 31 is each month's last day: 28 in February 2023. */
    CHECK_OCC(EVERY_MONTH, 31, from, to, {2023, 1, 2023, 1, 31}, {2023, 2, 2023, 2, 28},
              {2023, 3, 2023, 3, 31}, {2023, 4, 2023, 4, 30}, {2023, 5, 2023, 5, 31},
              {2023, 6, 2023, 6, 30}, {2023, 7, 2023, 7, 31}, {2023, 8, 2023, 8, 31},
              {2023, 9, 2023, 9, 30}, {2023, 10, 2023, 10, 31}, {2023, 11, 2023, 11, 30},
              {2023, 12, 2023, 12, 31});
    CHECK_OCC(EVERY_MONTH, 20, from, to, {2023, 1, 2023, 1, 20}, {2023, 2, 2023, 2, 20},
              {2023, 3, 2023, 3, 20}, {2023, 4, 2023, 4, 20}, {2023, 5, 2023, 5, 20},
              {2023, 6, 2023, 6, 20}, {2023, 7, 2023, 7, 20}, {2023, 8, 2023, 8, 20},
              {2023, 9, 2023, 9, 20}, {2023, 10, 2023, 10, 20}, {2023, 11, 2023, 11, 20},
              {2023, 12, 2023, 12, 20});
    /* A leap year: 29 February. */
    CHECK_OCC(EVERY_MONTH, 31, ymd(2024, 1, 1), ymd(2024, 4, 30), {2024, 1, 2024, 1, 31},
              {2024, 2, 2024, 2, 29}, {2024, 3, 2024, 3, 31}, {2024, 4, 2024, 4, 30});
    CHECK_OCC(EVERY_MONTH, 30, ymd(2024, 2, 1), ymd(2024, 3, 31), {2024, 2, 2024, 2, 29},
              {2024, 3, 2024, 3, 30});
    CHECK_OCC(EVERY_MONTH, 29, ymd(2023, 2, 1), ymd(2023, 2, 28), {2023, 2, 2023, 2, 28});
    CHECK_OCC(EVERY_MONTH, 1, ymd(2023, 2, 1), ymd(2023, 2, 28), {2023, 2, 2023, 2, 1});
}

static void test_occurrences_quarter(void **state)
{
    (void)state;
    kh_date from = ymd(2023, 1, 1), to = ymd(2023, 12, 31);
    CHECK_OCC(EVERY_QUARTER, 0, from, to, {2023, 1, 2023, 3, 31}, {2023, 2, 2023, 6, 30},
              {2023, 3, 2023, 9, 30}, {2023, 4, 2023, 12, 31});
    CHECK_OCC(EVERY_QUARTER, 15, from, to, {2023, 1, 2023, 3, 15}, {2023, 2, 2023, 6, 15},
              {2023, 3, 2023, 9, 15}, {2023, 4, 2023, 12, 15});
    CHECK_OCC(EVERY_QUARTER, 31, from, to, {2023, 1, 2023, 3, 31}, {2023, 2, 2023, 6, 30},
              {2023, 3, 2023, 9, 30}, {2023, 4, 2023, 12, 31});
}

static void test_occurrences_half_nine_year(void **state)
{
    (void)state;
    kh_date from = ymd(2023, 1, 1), to = ymd(2023, 12, 31);
    CHECK_OCC(EVERY_HALF_YEAR, 0, from, to, {2023, 1, 2023, 6, 30});
    CHECK_OCC(EVERY_HALF_YEAR, 10, from, to, {2023, 1, 2023, 6, 10});
    CHECK_OCC(EVERY_HALF_YEAR, 31, from, to, {2023, 1, 2023, 6, 30});
    CHECK_OCC(EVERY_NINE_MONTHS, 0, from, to, {2023, 1, 2023, 9, 30});
    CHECK_OCC(EVERY_NINE_MONTHS, 15, from, to, {2023, 1, 2023, 9, 15});
    CHECK_OCC(EVERY_NINE_MONTHS, 31, from, to, {2023, 1, 2023, 9, 30});
    CHECK_OCC(EVERY_YEAR, 0, from, to, {2023, 1, 2023, 12, 31});
    CHECK_OCC(EVERY_YEAR, 20, from, to, {2023, 1, 2023, 12, 20});
    CHECK_OCC(EVERY_YEAR, 31, from, to, {2023, 1, 2023, 12, 31});
}

/* A plan period from July to June: only the periods whose last day falls
 * inside count. */
static void test_occurrences_mid_year(void **state)
{
    (void)state;
    kh_date from = ymd(2023, 7, 1), to = ymd(2024, 6, 30);
    CHECK_OCC(EVERY_MONTH, 0, from, to, {2023, 7, 2023, 7, 31}, {2023, 8, 2023, 8, 31},
              {2023, 9, 2023, 9, 30}, {2023, 10, 2023, 10, 31}, {2023, 11, 2023, 11, 30},
              {2023, 12, 2023, 12, 31}, {2024, 1, 2024, 1, 31}, {2024, 2, 2024, 2, 29},
              {2024, 3, 2024, 3, 31}, {2024, 4, 2024, 4, 30}, {2024, 5, 2024, 5, 31},
              {2024, 6, 2024, 6, 30});
    CHECK_OCC(EVERY_QUARTER, 0, from, to, {2023, 3, 2023, 9, 30}, {2023, 4, 2023, 12, 31},
              {2024, 1, 2024, 3, 31}, {2024, 2, 2024, 6, 30});
    CHECK_OCC(EVERY_HALF_YEAR, 0, from, to, {2024, 1, 2024, 6, 30});
    CHECK_OCC(EVERY_NINE_MONTHS, 0, from, to, {2023, 1, 2023, 9, 30});
    CHECK_OCC(EVERY_YEAR, 0, from, to, {2023, 1, 2023, 12, 31});
    CHECK_OCC(EVERY_YEAR, 5, from, to, {2023, 1, 2023, 12, 5});

    /* A period starting and ending mid-month. */
    from = ymd(2023, 1, 15);
    to = ymd(2023, 6, 15);
    CHECK_OCC(EVERY_MONTH, 0, from, to, {2023, 1, 2023, 1, 31}, {2023, 2, 2023, 2, 28},
              {2023, 3, 2023, 3, 31}, {2023, 4, 2023, 4, 30}, {2023, 5, 2023, 5, 31});
    /* The period's end decides, even when the due day lies before `from`. */
    CHECK_OCC(EVERY_MONTH, 10, from, to, {2023, 1, 2023, 1, 10}, {2023, 2, 2023, 2, 10},
              {2023, 3, 2023, 3, 10}, {2023, 4, 2023, 4, 10}, {2023, 5, 2023, 5, 10});
    CHECK_OCC(EVERY_QUARTER, 0, from, to, {2023, 1, 2023, 3, 31});
    CHECK_NO_OCC(EVERY_HALF_YEAR, 0, from, to);
    CHECK_NO_OCC(EVERY_NINE_MONTHS, 0, from, to);
    CHECK_NO_OCC(EVERY_YEAR, 0, from, to);

    /* One day that is a period's end. */
    from = to = ymd(2023, 3, 31);
    CHECK_OCC(EVERY_MONTH, 0, from, to, {2023, 3, 2023, 3, 31});
    CHECK_OCC(EVERY_QUARTER, 0, from, to, {2023, 1, 2023, 3, 31});
    CHECK_NO_OCC(EVERY_YEAR, 0, from, to);
    /* One day that is not. */
    from = to = ymd(2023, 3, 30);
    CHECK_NO_OCC(EVERY_MONTH, 0, from, to);
    /* The year short of its last day. */
    CHECK_NO_OCC(EVERY_YEAR, 0, ymd(2023, 1, 1), ymd(2023, 12, 30));
    CHECK_OCC(EVERY_QUARTER, 0, ymd(2023, 1, 1), ymd(2023, 12, 30), {2023, 1, 2023, 3, 31},
              {2023, 2, 2023, 6, 30}, {2023, 3, 2023, 9, 30});
}

static void test_occurrences_several_years(void **state)
{
    (void)state;
    kh_date from = ymd(2023, 1, 1), to = ymd(2025, 12, 31);
    CHECK_OCC(EVERY_YEAR, 0, from, to, {2023, 1, 2023, 12, 31}, {2024, 1, 2024, 12, 31},
              {2025, 1, 2025, 12, 31});
    CHECK_OCC(EVERY_HALF_YEAR, 0, from, to, {2023, 1, 2023, 6, 30}, {2024, 1, 2024, 6, 30},
              {2025, 1, 2025, 6, 30});
    occ_list l;
    memset(&l, 0, sizeof l);
    assert_int_equal(model_occurrences(EVERY_MONTH, 31, from, to, add_occ, &l), 36);
    assert_int_equal(l.n, 36);
    /* In order, each a month's end, Februaries 28, 29, 28. */
    for (size_t i = 1; i < l.n; i++) assert_true(l.v[i].due > l.v[i - 1].due);
    int y, m, d;
    date_to_ymd(l.v[1].due, &y, &m, &d);
    assert_int_equal(d, 28);
    date_to_ymd(l.v[13].due, &y, &m, &d);
    assert_int_equal(d, 29);
    date_to_ymd(l.v[25].due, &y, &m, &d);
    assert_int_equal(d, 28);
    memset(&l, 0, sizeof l);
    assert_int_equal(model_occurrences(EVERY_QUARTER, 0, from, to, add_occ, &l), 12);
}

/* ---- labels ---- */

/* Return the title of t in lang, as a heap string. */
static char *title_of(const kh_task *t, kh_lang lang)
{
    strbuf sb = STRBUF_INIT;
    model_task_title(&sb, t, lang);
    return sb_take(&sb);
}

static void test_task_title(void **state)
{
    (void)state;
    static const struct {
        kh_deadline_kind kind;
        kh_every every;
        int occ, year;
        const char *vi, *en;
    } cases[] = {
        {DL_DATE, EVERY_MONTH, 0, 0, "Báo cáo", "Báo cáo"},
        {DL_CONTINUOUS, EVERY_MONTH, 0, 0, "Báo cáo", "Báo cáo"},
        {DL_PERIOD_END, EVERY_YEAR, 0, 0, "Báo cáo", "Báo cáo"},
        {DL_PERIODIC, EVERY_MONTH, 1, 2023, "Báo cáo: tháng 01/2023", "Báo cáo: month 01/2023"},
        {DL_PERIODIC, EVERY_MONTH, 9, 2023, "Báo cáo: tháng 09/2023", "Báo cáo: month 09/2023"},
        {DL_PERIODIC, EVERY_MONTH, 12, 2024, "Báo cáo: tháng 12/2024", "Báo cáo: month 12/2024"},
        {DL_PERIODIC, EVERY_QUARTER, 1, 2023, "Báo cáo: quý I/2023", "Báo cáo: Q1 2023"},
        {DL_PERIODIC, EVERY_QUARTER, 2, 2023, "Báo cáo: quý II/2023", "Báo cáo: Q2 2023"},
        {DL_PERIODIC, EVERY_QUARTER, 3, 2023, "Báo cáo: quý III/2023", "Báo cáo: Q3 2023"},
        {DL_PERIODIC, EVERY_QUARTER, 4, 2023, "Báo cáo: quý IV/2023", "Báo cáo: Q4 2023"},
        {DL_PERIODIC, EVERY_HALF_YEAR, 1, 2023, "Báo cáo: 6 tháng đầu năm 2023",
         "Báo cáo: first half of 2023"},
        {DL_PERIODIC, EVERY_NINE_MONTHS, 1, 2023, "Báo cáo: 9 tháng đầu năm 2023",
         "Báo cáo: first nine months of 2023"},
        {DL_PERIODIC, EVERY_YEAR, 1, 2023, "Báo cáo: năm 2023", "Báo cáo: year 2023"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_task t = make_task(cases[i].kind, ymd(2023, 12, 31), ST_TODO, KH_NO_DATE);
        t.title = "Báo cáo";
        t.every = (uint8_t)cases[i].every;
        t.occ = (uint8_t)cases[i].occ;
        t.occ_year = (int16_t)cases[i].year;
        char *vi = title_of(&t, KH_LANG_VI);
        char *en = title_of(&t, KH_LANG_EN);
        if (strcmp(vi, cases[i].vi) != 0)
            fail_msg("case %zu: \"%s\", want \"%s\"", i, vi, cases[i].vi);
        if (strcmp(en, cases[i].en) != 0)
            fail_msg("case %zu: \"%s\", want \"%s\"", i, en, cases[i].en);
        free(vi);
        free(en);
    }
}

/* The title of a loaded occurrence, and that the title appends. */
static void test_task_title_loaded(void **state)
{
    kh_plan *plan = *state;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "> ");
    model_task_title(&sb, task(plan, "III.1.1/2023-03"), KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "> Báo cáo hằng tháng: tháng 03/2023");
    sb_reset(&sb);
    model_task_title(&sb, task(plan, "II.1"), KH_LANG_EN);
    assert_string_equal(sb_str(&sb), "Tuyên truyền");
    sb_done(&sb);
}

static void test_status_label(void **state)
{
    (void)state;
    static const struct {
        kh_deadline_kind kind;
        kh_status st;
        int completed; /* from the deadline; INT32_MIN: none */
        int today;     /* from the deadline */
        const char *vi, *en;
    } cases[] = {
        {DL_DATE, ST_TODO, INT32_MIN, -30, "Chưa thực hiện", "Not started"},
        {DL_DATE, ST_TODO, INT32_MIN, -8, "Chưa thực hiện", "Not started"},
        {DL_DATE, ST_TODO, INT32_MIN, -7, "Sắp đến hạn · Chưa thực hiện", "Due soon · Not started"},
        {DL_DATE, ST_DOING, INT32_MIN, 0, "Sắp đến hạn · Đang thực hiện", "Due soon · In progress"},
        {DL_DATE, ST_TODO, INT32_MIN, 1, "Quá hạn · Chưa thực hiện", "Overdue · Not started"},
        {DL_DATE, ST_BLOCKED, INT32_MIN, 5, "Quá hạn · Vướng mắc", "Overdue · Blocked"},
        {DL_DATE, ST_BLOCKED, INT32_MIN, -20, "Vướng mắc", "Blocked"},
        {DL_DATE, ST_DONE, -3, 10, "Đã hoàn thành", "Done"},
        {DL_DATE, ST_DONE, 0, 0, "Đã hoàn thành", "Done"},
        {DL_DATE, ST_DONE, 4, 10, "Quá hạn · Đã hoàn thành", "Late · Done"},
        {DL_PERIODIC, ST_DOING, INT32_MIN, -2, "Sắp đến hạn · Đang thực hiện",
         "Due soon · In progress"},
        {DL_CONTINUOUS, ST_DOING, INT32_MIN, -2, "Đang thực hiện", "In progress"},
        {DL_CONTINUOUS, ST_TODO, INT32_MIN, 1, "Quá hạn · Chưa thực hiện", "Overdue · Not started"},
    };
    kh_date due = due_day();
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_date completed = cases[i].completed == INT32_MIN ? KH_NO_DATE : due + cases[i].completed;
        kh_task t = make_task(cases[i].kind, due, cases[i].st, completed);
        for (int lang = KH_LANG_VI; lang <= KH_LANG_EN; lang++) {
            strbuf sb = STRBUF_INIT;
            model_status_label(&sb, &t, due + cases[i].today, (kh_lang)lang);
            const char *want = lang == KH_LANG_EN ? cases[i].en : cases[i].vi;
            if (strcmp(sb_str(&sb), want) != 0)
                fail_msg("case %zu (%s): \"%s\", want \"%s\"", i, lang ? "en" : "vi", sb_str(&sb),
                         want);
            sb_done(&sb);
        }
    }
}

static void test_deadline_short(void **state)
{
    (void)state;
    static const struct {
        kh_deadline_kind kind;
        int y, m, d; /* y 0: no date */
        const char *vi, *en;
    } cases[] = {
        {DL_DATE, 2023, 6, 1, "01/06/2023", "01/06/2023"},
        {DL_DATE, 2024, 12, 25, "25/12/2024", "25/12/2024"},
        {DL_PERIOD_END, 2023, 12, 31, "31/12/2023", "31/12/2023"},
        {DL_PERIODIC, 2023, 1, 31, "31/01/2023", "31/01/2023"},
        {DL_CONTINUOUS, 2023, 12, 31, "Thường xuyên", "Continuous"},
        {DL_CONTINUOUS, 0, 0, 0, "Thường xuyên", "Continuous"},
        {DL_DATE, 0, 0, 0, "", ""},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_date due = cases[i].y ? ymd(cases[i].y, cases[i].m, cases[i].d) : KH_NO_DATE;
        kh_task t = make_task(cases[i].kind, due, ST_TODO, KH_NO_DATE);
        for (int lang = KH_LANG_VI; lang <= KH_LANG_EN; lang++) {
            strbuf sb = STRBUF_INIT;
            model_deadline_short(&sb, &t, (kh_lang)lang);
            const char *want = lang == KH_LANG_EN ? cases[i].en : cases[i].vi;
            if (strcmp(sb_str(&sb), want) != 0)
                fail_msg("case %zu (%s): \"%s\", want \"%s\"", i, lang ? "en" : "vi", sb_str(&sb),
                         want);
            sb_done(&sb);
        }
    }
}

static void test_deadline_long(void **state)
{
    (void)state;
    static const struct {
        kh_deadline_kind kind;
        const char *text; /* as the plan words it, or NULL */
        kh_every every;
        int occ, year;
        int y, m, d; /* y 0: no date */
        const char *vi, *en;
    } cases[] = {
        /* Not worded by the plan. */
        {DL_DATE, NULL, 0, 0, 0, 2023, 6, 1, "ngày 01/06/2023", "on 01/06/2023"},
        {DL_DATE, NULL, 0, 0, 0, 0, 0, 0, "ngày ?", "on ?"},
        {DL_CONTINUOUS, NULL, 0, 0, 0, 2023, 12, 31, "thường xuyên, đến hết 31/12/2023",
         "continuous, until 31/12/2023"},
        {DL_PERIOD_END, NULL, 0, 0, 0, 2023, 12, 31, "cuối kỳ kế hoạch (31/12/2023)",
         "by the end of the plan (31/12/2023)"},
        {DL_PERIODIC, NULL, EVERY_MONTH, 1, 2023, 2023, 1, 31,
         "báo cáo hằng tháng (tháng 01/2023), hạn 31/01/2023",
         "monthly report (month 01/2023), due 31/01/2023"},
        {DL_PERIODIC, NULL, EVERY_QUARTER, 2, 2023, 2023, 6, 15,
         "báo cáo hằng quý (quý II/2023), hạn 15/06/2023",
         "quarterly report (Q2 2023), due 15/06/2023"},
        {DL_PERIODIC, NULL, EVERY_HALF_YEAR, 1, 2023, 2023, 6, 30,
         "báo cáo 6 tháng (6 tháng đầu năm 2023), hạn 30/06/2023",
         "half-yearly report (first half of 2023), due 30/06/2023"},
        {DL_PERIODIC, NULL, EVERY_NINE_MONTHS, 1, 2023, 2023, 9, 30,
         "báo cáo 9 tháng (9 tháng đầu năm 2023), hạn 30/09/2023",
         "nine-monthly report (first nine months of 2023), due 30/09/2023"},
        {DL_PERIODIC, NULL, EVERY_YEAR, 1, 2023, 2023, 12, 20,
         "báo cáo hằng năm (năm 2023), hạn 20/12/2023",
         "yearly report (year 2023), due 20/12/2023"},
        /* Worded by the plan: kept, the day added when the words lack it. */
        {DL_DATE, "trước ngày 01/6/2023", 0, 0, 0, 2023, 6, 1, "trước ngày 01/6/2023 (01/06/2023)",
         "trước ngày 01/6/2023 (01/06/2023)"},
        {DL_DATE, "trước ngày 01/06/2023", 0, 0, 0, 2023, 6, 1, "trước ngày 01/06/2023",
         "trước ngày 01/06/2023"},
        {DL_PERIOD_END, "Trong năm 2023", 0, 0, 0, 2023, 12, 31, "Trong năm 2023 (31/12/2023)",
         "Trong năm 2023 (31/12/2023)"},
        {DL_CONTINUOUS, "Thường xuyên", 0, 0, 0, 2023, 12, 31, "Thường xuyên (đến hết 31/12/2023)",
         "Thường xuyên (until 31/12/2023)"},
        {DL_PERIODIC, "Hằng tháng, trước ngày 20", EVERY_MONTH, 3, 2023, 2023, 3, 20,
         "Hằng tháng, trước ngày 20 (20/03/2023)", "Hằng tháng, trước ngày 20 (20/03/2023)"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_date due = cases[i].y ? ymd(cases[i].y, cases[i].m, cases[i].d) : KH_NO_DATE;
        kh_task t = make_task(cases[i].kind, due, ST_TODO, KH_NO_DATE);
        t.deadline_text = cases[i].text;
        t.every = (uint8_t)cases[i].every;
        t.occ = (uint8_t)cases[i].occ;
        t.occ_year = (int16_t)cases[i].year;
        for (int lang = KH_LANG_VI; lang <= KH_LANG_EN; lang++) {
            strbuf sb = STRBUF_INIT;
            model_deadline_long(&sb, &t, (kh_lang)lang);
            const char *want = lang == KH_LANG_EN ? cases[i].en : cases[i].vi;
            if (strcmp(sb_str(&sb), want) != 0)
                fail_msg("case %zu (%s): \"%s\", want \"%s\"", i, lang ? "en" : "vi", sb_str(&sb),
                         want);
            sb_done(&sb);
        }
    }
}

/* ---- how status and progress move together (model_next_progress) ---- */

static void test_next_progress_table(void **state)
{
    (void)state;
    kh_date today = ymd(2023, 6, 15), before = ymd(2023, 5, 20);
    const struct {
        kh_status old_status;
        int old_progress;
        kh_date old_completed;
        int status, progress, before_done;
        kh_status want_status;
        int want_progress;
        kh_date want_completed;
        kh_reopen want_reopen;
    } cases[] = {
        /* Done: 100% and today; a given lower progress does not count. */
        {ST_DOING, 30, KH_NO_DATE, ST_DONE, -1, -1, ST_DONE, 100, today, REOPEN_NO},
        {ST_DOING, 30, KH_NO_DATE, ST_DONE, 40, -1, ST_DONE, 100, today, REOPEN_NO},
        {ST_TODO, 0, KH_NO_DATE, ST_DONE, -1, -1, ST_DONE, 100, today, REOPEN_NO},
        /* Done again: the completion day stays. */
        {ST_DONE, 100, before, ST_DONE, -1, 40, ST_DONE, 100, before, REOPEN_NO},
        /* Reopened with no progress given: back to the progress before done. */
        {ST_DONE, 100, before, ST_DOING, -1, 40, ST_DOING, 40, KH_NO_DATE, REOPEN_KEPT},
        {ST_DONE, 100, before, ST_BLOCKED, -1, 60, ST_BLOCKED, 60, KH_NO_DATE, REOPEN_KEPT},
        {ST_DONE, 100, before, ST_DOING, -1, 100, ST_DOING, 100, KH_NO_DATE, REOPEN_KEPT},
        /* ... or 100% when none is recorded (not known, or 0: from not started). */
        {ST_DONE, 100, before, ST_DOING, -1, -1, ST_DOING, 100, KH_NO_DATE, REOPEN_UNKNOWN},
        {ST_DONE, 100, before, ST_BLOCKED, -1, 0, ST_BLOCKED, 100, KH_NO_DATE, REOPEN_UNKNOWN},
        /* Not started is 0%, from done too. */
        {ST_DONE, 100, before, ST_TODO, -1, 40, ST_TODO, 0, KH_NO_DATE, REOPEN_NO},
        /* A progress given wins. */
        {ST_DONE, 100, before, ST_DOING, 20, 40, ST_DOING, 20, KH_NO_DATE, REOPEN_NO},
        /* Progress alone: below 100 reopens a done task, above 0 starts one. */
        {ST_DONE, 100, before, -1, 50, 40, ST_DOING, 50, KH_NO_DATE, REOPEN_NO},
        {ST_TODO, 0, KH_NO_DATE, -1, 10, -1, ST_DOING, 10, KH_NO_DATE, REOPEN_NO},
        {ST_TODO, 0, KH_NO_DATE, -1, 0, -1, ST_TODO, 0, KH_NO_DATE, REOPEN_NO},
        {ST_BLOCKED, 30, KH_NO_DATE, -1, 60, -1, ST_BLOCKED, 60, KH_NO_DATE, REOPEN_NO},
        {ST_DOING, 30, KH_NO_DATE, ST_TODO, -1, -1, ST_TODO, 0, KH_NO_DATE, REOPEN_NO},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        kh_progress old = {cases[i].old_status, cases[i].old_progress, cases[i].old_completed,
                           REOPEN_NO};
        kh_progress now = model_next_progress(old, cases[i].status, cases[i].progress,
                                              cases[i].before_done, today);
        if (now.status != cases[i].want_status || now.progress != cases[i].want_progress ||
            now.completed != cases[i].want_completed || now.reopen != cases[i].want_reopen)
            fail_msg("case %zu: %s %d%% -> %s %d%% (reopen %d), want %s %d%% (reopen %d)", i,
                     model_status_code(old.status), old.progress, model_status_code(now.status),
                     now.progress, now.reopen, model_status_code(cases[i].want_status),
                     cases[i].want_progress, cases[i].want_reopen);
    }
}

/* ---- issue 12: extensions, withdrawal, back-dated completion ---- */

/* Timeliness judged by the current deadline (the last extension), never the
 * plan's: later, earlier, on a periodic occurrence; done or open. */
static void test_timeliness_extended(void **state)
{
    (void)state;
    kh_date orig = ymd(2023, 6, 1);
    static const struct {
        kh_deadline_kind kind;
        int to;        /* the extension, days from the original deadline */
        int completed; /* days from the original; 999: open */
        int today;     /* days from the original */
        kh_timeliness want;
    } cases[] = {
        /* Moved later: past the original, in time by the new one. */
        {DL_DATE, 14, 999, 8, TL_DUE_SOON},
        {DL_DATE, 14, 999, -10, TL_UPCOMING},
        {DL_DATE, 14, 999, 15, TL_OVERDUE},
        {DL_DATE, 14, 10, 20, TL_DONE_ON_TIME},
        {DL_DATE, 14, 14, 20, TL_DONE_ON_TIME},
        {DL_DATE, 14, 15, 20, TL_DONE_LATE},
        /* Moved earlier: overdue before the original has come. */
        {DL_DATE, -7, 999, -3, TL_OVERDUE},
        {DL_DATE, -7, -5, 0, TL_DONE_LATE},
        {DL_DATE, -7, -8, 0, TL_DONE_ON_TIME},
        /* A periodic occurrence and the end of the period, the same. */
        {DL_PERIODIC, 10, 999, 3, TL_DUE_SOON},
        {DL_PERIODIC, 10, 8, 30, TL_DONE_ON_TIME},
        {DL_PERIOD_END, 30, 999, 1, TL_UPCOMING},
        {DL_PERIOD_END, -30, 999, -1, TL_OVERDUE},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        bool open = cases[i].completed == 999;
        kh_task t = make_task(cases[i].kind, orig + cases[i].to, open ? ST_DOING : ST_DONE,
                              open ? KH_NO_DATE : orig + cases[i].completed);
        t.nextensions = 1;
        t.due_original = orig;
        kh_timeliness tl = model_timeliness(&t, orig + cases[i].today);
        if (tl != cases[i].want)
            fail_msg("case %zu (%s, to %+d, done %+d, today %+d): %s, want %s", i,
                     kind_name(cases[i].kind), cases[i].to, cases[i].completed, cases[i].today,
                     model_timeliness_code(tl), model_timeliness_code(cases[i].want));
    }
}

/* Both dates in words, the original first: "hạn gốc ..., gia hạn đến ...
 * theo ...". */
static void test_deadline_long_extended(void **state)
{
    (void)state;
    kh_task t = make_task(DL_DATE, ymd(2023, 6, 15), ST_TODO, KH_NO_DATE);
    t.nextensions = 1;
    t.due_original = ymd(2023, 6, 1);
    t.extension_doc = "Công văn 45/UBND ngày 30/5/2023";
    strbuf sb = STRBUF_INIT;
    model_deadline_long(&sb, &t, KH_LANG_VI);
    assert_string_equal(sb_str(&sb),
                        "hạn gốc 01/06/2023, gia hạn đến 15/06/2023 theo Công văn 45/UBND ngày "
                        "30/5/2023");
    sb_reset(&sb);
    model_deadline_long(&sb, &t, KH_LANG_EN);
    assert_string_equal(sb_str(&sb), "original deadline 01/06/2023, extended to 15/06/2023 by "
                                     "Công văn 45/UBND ngày 30/5/2023");
    assert_true(model_task_extended(&t));
    t.nextensions = 0;
    sb_reset(&sb);
    model_deadline_long(&sb, &t, KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "ngày 15/06/2023");
    sb_done(&sb);
}

/* A withdrawn task, by its status or by an amendment, is never overdue, is
 * named "Dừng thực hiện", and says by which document. */
static void test_withdrawn_task(void **state)
{
    (void)state;
    kh_task a = make_task(DL_DATE, due_day(), ST_WITHDRAWN, KH_NO_DATE);
    a.withdrawn_doc = "QĐ 12/QĐ-UBND";
    kh_task b = make_task(DL_DATE, due_day(), ST_DOING, KH_NO_DATE);
    b.withdrawn = true;
    b.amended_by = "47/UBND";
    kh_task c = make_task(DL_DATE, due_day(), ST_DOING, KH_NO_DATE);
    assert_true(model_task_withdrawn(&a));
    assert_true(model_task_withdrawn(&b));
    assert_false(model_task_withdrawn(&c));
    assert_int_equal(model_timeliness(&a, due_day() + 30), TL_ONGOING);
    assert_int_equal(model_timeliness(&b, due_day() + 30), TL_ONGOING);
    assert_int_equal(model_timeliness(&c, due_day() + 30), TL_OVERDUE);
    assert_string_equal(model_task_withdrawn_doc(&a), "QĐ 12/QĐ-UBND");
    assert_string_equal(model_task_withdrawn_doc(&b), "47/UBND");
    assert_null(model_task_withdrawn_doc(&c));
    assert_string_equal(model_task_status_name(&a, KH_LANG_VI), "Dừng thực hiện");
    assert_string_equal(model_task_status_name(&b, KH_LANG_EN), "Withdrawn");
    strbuf sb = STRBUF_INIT;
    model_status_label(&sb, &a, due_day() + 30, KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "Dừng thực hiện"); /* no "Quá hạn ·" */
    sb_done(&sb);
    assert_int_equal(model_status_parse("withdrawn"), ST_WITHDRAWN);
    assert_int_equal(model_status_parse("dung thuc hien"), ST_WITHDRAWN);
    assert_string_equal(model_status_code(ST_WITHDRAWN), "withdrawn");
}

/* Withdrawn tasks leave the four categories, the statuses counted, the
 * bar and the completion; they are counted apart. */
static void test_count_withdrawn(void **state)
{
    kh_plan *plan = *state;
    lay_states(plan);
    kh_counts before;
    model_count(plan, ymd(2023, 6, 25), &before, NULL);
    /* One overdue (III.1.1/2023-04, to do) withdrawn by set, one done on
     * time (II.1) by an amendment. */
    task(plan, "III.1.1/2023-04")->status = ST_WITHDRAWN;
    task(plan, "II.1")->withdrawn = true;
    kh_counts c;
    kh_unit_counts u[2];
    model_count(plan, ymd(2023, 6, 25), &c, u);
    assert_int_equal(c.withdrawn, 2);
    assert_int_equal(c.total, before.total - 2);
    assert_int_equal(c.status[ST_WITHDRAWN], 2);
    assert_int_equal(c.category[CAT_OPEN_OVERDUE], before.category[CAT_OPEN_OVERDUE] - 1);
    assert_int_equal(c.category[CAT_DONE_ON_TIME], before.category[CAT_DONE_ON_TIME] - 1);
    size_t cats = 0, parts = 0;
    for (int k = 0; k < CAT_COUNT; k++) cats += c.category[k];
    for (int k = 0; k < PART_COUNT; k++) parts += c.part[k];
    assert_int_equal(cats, c.total);
    assert_int_equal(parts, c.total);
    /* The mean progress of the others: II.1's 100 and the 0 of the
     * withdrawn one out. */
    assert_int_equal(c.progress_sum, before.progress_sum - 100);
    assert_int_equal(u[1].lead, 0); /* tp leads only II.1 */
}

/* Made done on a day given (set --on): that day is the completion date,
 * and timeliness goes by it, not by the day it was entered. */
static void test_backdated_completion(void **state)
{
    (void)state;
    kh_progress old = {ST_DOING, 60, KH_NO_DATE, REOPEN_NO};
    kh_date on = ymd(2023, 5, 30);
    kh_progress now = model_next_progress(old, ST_DONE, -1, -1, on);
    assert_int_equal(now.status, ST_DONE);
    assert_int_equal(now.completed, on);
    kh_task t = make_task(DL_DATE, ymd(2023, 5, 31), ST_DONE, now.completed);
    /* Entered on 05/06, after the deadline: done on time all the same. */
    assert_int_equal(model_timeliness(&t, ymd(2023, 6, 5)), TL_DONE_ON_TIME);
    t.completed = ymd(2023, 6, 2);
    assert_int_equal(model_timeliness(&t, ymd(2023, 6, 5)), TL_DONE_LATE);
}

#define PLAN_TEST(f) cmocka_unit_test_setup_teardown(f, setup_plan, teardown_plan)

/* The field table: every code parses back to its field, values go through
 * get and apply unchanged, and what is not a value is refused. */
/* An amendment's history row in words: every word of the language, the day
 * as dd/mm/yyyy, a document with its own brackets kept whole; a value not in
 * the store's form stays as it is (tester M4). */
static void test_amend_words(void **state)
{
    (void)state;
    static const struct {
        const char *v;
        kh_lang lang;
        const char *want;
    } cases[] = {
        {"add text=Tổ chức sơ kết lead=vp-tk deadline=2023-07-15 (45/KH-UBND ngày 01/06/2023)",
         KH_LANG_VI,
         "bổ sung nhiệm vụ: nội dung \"Tổ chức sơ kết\", chủ trì vp-tk, thời hạn 15/07/2023 (theo "
         "45/KH-UBND ngày 01/06/2023)"},
        {"change deadline=2023-06-15 (46/UBND)", KH_LANG_VI, "thời hạn 15/06/2023 (theo 46/UBND)"},
        {"change deadline=2023-06-15 (46/UBND)", KH_LANG_EN, "deadline 15/06/2023 (by 46/UBND)"},
        {"change text=Mới (a) lead=x lead=tp-ht,vp-tk (CV 1 (sửa))", KH_LANG_VI,
         "nội dung \"Mới (a) lead=x\", chủ trì tp-ht,vp-tk (theo CV 1 (sửa))"},
        {"withdraw (47/UBND)", KH_LANG_VI, "dừng thực hiện (theo 47/UBND)"},
        {"add text=T (45)", KH_LANG_EN, "task added: text \"T\" (by 45)"},
        {"bogus deadline=2023-06-15 (x)", KH_LANG_VI, "bogus deadline=2023-06-15 (x)"},
        {"change deadline=2023-06-15 no doc", KH_LANG_VI, "change deadline=2023-06-15 no doc"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        strbuf sb = STRBUF_INIT;
        model_field_words(&sb, KF_AMEND, cases[i].v, cases[i].lang);
        assert_string_equal(sb_str(&sb), cases[i].want);
        sb_done(&sb);
    }
}

/* errno in the UI's language: the common values in Vietnamese, the rest
 * and English as strerror says (tester M4). */
static void test_errno_words(void **state)
{
    (void)state;
    static const int common[] = {ENOENT, EACCES,       ENOSPC,  EROFS,  EEXIST, ENOTDIR,
                                 EISDIR, ELOOP,        EPERM,   EBUSY,  EIO,    EDQUOT,
                                 EFBIG,  ENAMETOOLONG, EMFILE,  ENOMEM, EXDEV,  ENOTEMPTY,
                                 ENXIO,  ETXTBSY,      ENOEXEC, EINVAL, EAGAIN};
    kh_errno_lang(KH_LANG_VI);
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
        const char *w = kh_strerrno(common[i]);
        assert_string_not_equal(w, strerror(common[i]));
        for (size_t k = 0; k < i; k++) assert_string_not_equal(w, kh_strerrno(common[k]));
    }
    assert_string_equal(kh_strerrno(ENOENT), "không có tệp hoặc thư mục này");
    assert_string_equal(kh_strerrno(ENFILE), kh_strerrno(EMFILE));
    assert_string_equal(kh_strerrno(ECHILD), strerror(ECHILD));
    kh_errno_lang(KH_LANG_EN);
    assert_string_equal(kh_strerrno(ENOENT), strerror(ENOENT));
    kh_errno_lang(KH_LANG_VI);
}

static void test_field_table(void **state)
{
    (void)state;
    for (int f = 1; f < KF_COUNT; f++) {
        assert_int_equal(model_field_parse(model_field_code((kh_field)f)), f);
        assert_non_null(model_field_name((kh_field)f, KH_LANG_VI));
        assert_non_null(model_field_name((kh_field)f, KH_LANG_EN));
    }
    assert_int_equal(model_field_parse("bogus"), KF_UNKNOWN);
    assert_int_equal(model_field_parse(NULL), KF_UNKNOWN);
    assert_false(model_field_is_state(KF_NOTE));
    assert_true(model_field_is_state(KF_COMPLETED));
    kh_record r = {ST_DONE, 100, date_from_ymd(2023, 6, 15)}, back = {ST_TODO, 0, KH_NO_DATE};
    for (int f = 1; f < KF_COUNT; f++) {
        if (!model_field_is_state((kh_field)f)) continue;
        char buf[KH_FIELD_BUF];
        assert_true(model_field_apply(&back, (kh_field)f, model_field_get(&r, (kh_field)f, buf)));
    }
    assert_int_equal(back.status, ST_DONE);
    assert_int_equal(back.progress, 100);
    assert_int_equal(back.completed, date_from_ymd(2023, 6, 15));
    assert_false(model_field_apply(&back, KF_PROGRESS, "101"));
    assert_false(model_field_apply(&back, KF_PROGRESS, "4x"));
    assert_false(model_field_apply(&back, KF_STATUS, "finished"));
    assert_false(model_field_apply(&back, KF_COMPLETED, "2023-13-01"));
    assert_false(model_field_apply(&back, KF_NOTE, "x"));
    assert_int_equal(back.progress, 100);
    strbuf sb = STRBUF_INIT;
    model_field_words(&sb, KF_COMPLETED, "2023-06-15", KH_LANG_VI);
    sb_puts(&sb, " ");
    model_field_words(&sb, KF_STATUS, "doing", KH_LANG_VI);
    sb_puts(&sb, " ");
    model_field_words(&sb, KF_PROGRESS, NULL, KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "15/06/2023 Đang thực hiện —");
    sb_done(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_field_table),
        cmocka_unit_test(test_amend_words),
        cmocka_unit_test(test_errno_words),
        cmocka_unit_test(test_due_soon_days),
        cmocka_unit_test(test_timeliness_extended),
        cmocka_unit_test(test_deadline_long_extended),
        cmocka_unit_test(test_withdrawn_task),
        cmocka_unit_test(test_backdated_completion),
        PLAN_TEST(test_count_withdrawn),
        cmocka_unit_test(test_next_progress_table),
        cmocka_unit_test(test_timeliness_open),
        cmocka_unit_test(test_timeliness_done),
        cmocka_unit_test(test_timeliness_no_due),
        cmocka_unit_test(test_category),
        PLAN_TEST(test_plan_shape),
        PLAN_TEST(test_count_all),
        PLAN_TEST(test_count_per_unit),
        PLAN_TEST(test_count_after_the_plan),
        PLAN_TEST(test_count_fresh),
        cmocka_unit_test(test_completion_rounding),
        PLAN_TEST(test_find_task),
        PLAN_TEST(test_find_task_from),
        PLAN_TEST(test_find_unit),
        PLAN_TEST(test_task_has_unit),
        cmocka_unit_test(test_index_by_hand),
        PLAN_TEST(test_intern_user),
        cmocka_unit_test(test_status_parse),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_occurrences_month),
        cmocka_unit_test(test_occurrences_quarter),
        cmocka_unit_test(test_occurrences_half_nine_year),
        cmocka_unit_test(test_occurrences_mid_year),
        cmocka_unit_test(test_occurrences_several_years),
        cmocka_unit_test(test_task_title),
        PLAN_TEST(test_task_title_loaded),
        cmocka_unit_test(test_status_label),
        cmocka_unit_test(test_deadline_short),
        cmocka_unit_test(test_deadline_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
