/* The loader on deadlines in the words plans use, windows, "none", events,
 * the document's identity, and the boundary of "trước ngày" (due by the day
 * before). Each construct's errors are located. */
#include "testutil.h"

#include "kehoach/date.h"
#include "kehoach/model.h"
#include "kehoach/plan_load.h"

#define HEAD                                                                                       \
    "kehoach: 1\n"                                                                                 \
    "plan:\n"                                                                                      \
    "  id: p\n"                                                                                    \
    "  title: Kế hoạch\n"                                                                      \
    "  issuer: UBND phường Trương Quang Trọng\n"                                            \
    "  period: {from: 2024-01-01, to: 2025-12-31}\n"                                               \
    "units:\n"                                                                                     \
    "  - {id: vp, name: Văn phòng}\n"

static kh_plan *load_ok(const char *yaml)
{
    kh_plan *p = NULL;
    kh_diags d = {0};
    kh_errcode rc = plan_load_buffer("t.yaml", yaml, strlen(yaml), KH_LANG_EN, &p, &d);
    for (size_t i = 0; i < d.n; i++)
        print_message("%d:%d %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
    assert_int_equal(rc, KH_E_OK);
    diags_free(&d);
    return p;
}

static const kh_task *task(const kh_plan *p, const char *id)
{
    long i = model_find_task(p, id);
    assert_true(i >= 0);
    return &p->tasks[i];
}

static void due_is(const kh_plan *p, const char *id, const char *iso)
{
    char b[11];
    const kh_task *t = task(p, id);
    assert_true(t->due != KH_NO_DATE);
    assert_string_equal(date_format_iso(t->due, b), iso);
}

static void test_words(void **state)
{
    (void)state;
    kh_plan *p = load_ok(HEAD "contents:\n"
                              "  - {id: a, text: A, lead: vp, deadline: quý II/2024}\n"
                              "  - {id: b, text: B, lead: vp, deadline: quý 3}\n"
                              "  - {id: c, text: C, lead: vp, deadline: tháng 6/2024}\n"
                              "  - {id: d, text: D, lead: vp, deadline: tháng 7 năm 2024}\n"
                              "  - {id: e, text: E, lead: vp, deadline: năm 2025}\n"
                              "  - {id: f, text: F, lead: vp, deadline: 6 tháng đầu năm 2025}\n"
                              "  - {id: g, text: G, lead: vp, deadline: 9 tháng}\n"
                              "  - {id: h, text: H, lead: vp, deadline: trước ngày 01/6/2024}\n"
                              "  - {id: i, text: I, lead: vp, deadline: thường xuyên}\n"
                              "  - {id: j, text: J, lead: vp, deadline: cuối năm}\n"
                              "  - {id: k, text: K, lead: vp, deadline: 15/12/2024}\n");
    due_is(p, "a", "2024-06-30");
    assert_string_equal(task(p, "a")->deadline_text, "quý II/2024");
    due_is(p, "b", "2024-09-30");
    due_is(p, "c", "2024-06-30");
    due_is(p, "d", "2024-07-31");
    due_is(p, "e", "2025-12-31");
    due_is(p, "f", "2025-06-30");
    due_is(p, "g", "2024-09-30");
    /* "Trước ngày 01/6/2024": due by 31 May (plan-format §10). */
    due_is(p, "h", "2024-05-31");
    assert_string_equal(task(p, "h")->deadline_text, "trước ngày 01/6/2024");
    assert_int_equal(task(p, "i")->dl_kind, DL_CONTINUOUS);
    assert_string_equal(task(p, "i")->deadline_text, "thường xuyên");
    assert_int_equal(task(p, "j")->dl_kind, DL_PERIOD_END);
    /* A date written as a date is that day, as before. */
    due_is(p, "k", "2024-12-15");
    assert_null(task(p, "k")->deadline_text);
    model_free(p);
}

/* Work done on 31/05 is on time for "trước ngày 01/6/2024"; on 01/06, late. */
static void test_before_boundary(void **state)
{
    (void)state;
    kh_plan *p = load_ok(HEAD "contents:\n"
                              "  - {id: h, text: H, lead: vp, deadline: trước ngày 01/6/2024}\n");
    kh_task t = *task(p, "h");
    t.status = ST_DONE;
    t.completed = date_from_ymd(2024, 5, 31);
    assert_int_equal(model_timeliness(&t, date_from_ymd(2024, 7, 1)), TL_DONE_ON_TIME);
    t.completed = date_from_ymd(2024, 6, 1);
    assert_int_equal(model_timeliness(&t, date_from_ymd(2024, 7, 1)), TL_DONE_LATE);
    t.status = ST_DOING;
    assert_int_equal(model_timeliness(&t, date_from_ymd(2024, 5, 31)), TL_DUE_SOON);
    assert_int_equal(model_timeliness(&t, date_from_ymd(2024, 6, 1)), TL_OVERDUE);
    model_free(p);
}

static void test_windows_and_none(void **state)
{
    (void)state;
    kh_plan *p = load_ok(
        HEAD "contents:\n"
             "  - {id: w1, text: W, lead: vp, deadline: từ tháng 3 đến tháng 5/2024}\n"
             "  - {id: w2, text: W, lead: vp, deadline: {from: 2024-03-01, to: 31/05/2024}}\n"
             "  - {id: n1, text: N, lead: vp, deadline: không xác định}\n"
             "  - {id: n2, text: N, lead: vp, deadline: none}\n");
    due_is(p, "w1", "2024-05-31");
    assert_int_equal(task(p, "w1")->window_days, 91);
    due_is(p, "w2", "2024-05-31");
    assert_int_equal(task(p, "w2")->window_days, 91);
    strbuf sb = STRBUF_INIT;
    model_deadline_long(&sb, task(p, "w2"), KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "từ 01/03/2024 đến 31/05/2024");
    assert_int_equal(task(p, "n1")->dl_kind, DL_NONE);
    assert_int_equal(task(p, "n1")->due, KH_NO_DATE);
    assert_string_equal(task(p, "n1")->deadline_text, "không xác định");
    assert_int_equal(task(p, "n2")->dl_kind, DL_NONE);
    assert_null(task(p, "n2")->deadline_text);
    sb_reset(&sb);
    model_deadline_long(&sb, task(p, "n2"), KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "không xác định");
    /* Never overdue. */
    assert_int_equal(model_timeliness(task(p, "n2"), date_from_ymd(2030, 1, 1)), TL_ONGOING);
    sb_done(&sb);
    model_free(p);
}

static void test_events(void **state)
{
    (void)state;
    kh_plan *p =
        load_ok(HEAD "events:\n"
                     "  - {id: bau-cu, name: ngày bầu cử, date: 2024-05-23}\n"
                     "contents:\n"
                     "  - {id: a, text: A, lead: vp, deadline: {before: bau-cu, days: 105}}\n"
                     "  - {id: b, text: B, lead: vp, deadline: {after: bau-cu, days: 10}}\n"
                     "  - {id: c, text: C, lead: vp, deadline: {before: bau-cu}}\n");
    due_is(p, "a", "2024-02-08");
    assert_string_equal(task(p, "a")->deadline_text, "105 ngày trước ngày bầu cử (23/05/2024)");
    due_is(p, "b", "2024-06-02");
    assert_string_equal(task(p, "b")->deadline_text, "10 ngày sau ngày bầu cử (23/05/2024)");
    due_is(p, "c", "2024-05-23");
    model_free(p);
}

static void expect_error(const char *yaml, int line, int col, const char *needle)
{
    kh_plan *p = NULL;
    kh_diags d = {0};
    kh_errcode rc = plan_load_buffer("t.yaml", yaml, strlen(yaml), KH_LANG_EN, &p, &d);
    assert_int_equal(rc, KH_E_PLAN);
    bool found = false;
    for (size_t i = 0; i < d.n; i++)
        found |= d.v[i].line == line && d.v[i].col == col && strstr(d.v[i].msg, needle);
    if (!found)
        for (size_t i = 0; i < d.n; i++)
            print_message("%d:%d %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
    assert_true(found);
    diags_free(&d);
}

static void test_located_errors(void **state)
{
    (void)state;
    expect_error(HEAD "contents:\n"
                      "  - {id: a, text: A, lead: vp, deadline: {before: bau-cu, days: 5}}\n",
                 10, 51, "no event 'bau-cu' in 'events'");
    expect_error(HEAD
                 "contents:\n"
                 "  - {id: a, text: A, lead: vp, deadline: {from: 2024-05-01, to: 2024-04-01}}\n",
                 10, 65, "the deadline's window ends before it starts");
    expect_error(HEAD "contents:\n"
                      "  - {id: a, text: A, lead: vp, deadline: {before: x, days: -3}}\n",
                 10, 60, "'days' must be a number from 0 to 3660");
    expect_error(HEAD "contents:\n"
                      "  - {id: a, text: A, lead: vp, deadline: 105 ngày trước ngày bầu cử}\n",
                 10, 42, "list the event in 'events'");
    expect_error(HEAD "events:\n"
                      "  - {id: e, name: E, date: 2024-01-01}\n"
                      "  - {id: e, name: F, date: 2024-02-01}\n"
                      "contents:\n"
                      "  - {id: a, text: A, lead: vp, deadline: {after: e}}\n",
                 11, 10, "event id 'e' is used twice");
    expect_error(HEAD "events:\n"
                      "  - {id: e, name: E}\n"
                      "contents:\n"
                      "  - {id: a, text: A, lead: vp, deadline: 2024-01-01}\n",
                 10, 5, "missing required key 'date'");
}

static void test_identity(void **state)
{
    (void)state;
    kh_plan *p =
        load_ok("kehoach: 1\n"
                "plan:\n"
                "  id: p\n"
                "  title: Kế hoạch\n"
                "  issuer: UBND xã Nghĩa Hành\n"
                "  number: \n"
                "  place_name: Nghĩa Hành\n"
                "  issued_with: {kind: Quyết định, number: 119/QĐ-UBND, date: 02/01/2024}\n"
                "  period: {from: 2024-01-01, to: 2024-12-31}\n"
                "units:\n"
                "  - {id: vp, name: Văn phòng}\n"
                "contents:\n"
                "  - {id: a, text: A, lead: vp, deadline: 2024-06-01}\n");
    assert_null(p->number);
    assert_string_equal(p->place_name, "Nghĩa Hành");
    assert_string_equal(p->issued_kind, "Quyết định");
    assert_string_equal(p->issued_number, "119/QĐ-UBND");
    assert_int_equal(p->issued_date, date_from_ymd(2024, 1, 2));
    model_free(p);
}

static void test_sections(void **state)
{
    (void)state;
    kh_plan *p = load_ok(HEAD "sections:\n"
                              "  aims: I. MỤC TIÊU\n"
                              "  contents: IV. NHIỆM VỤ VÀ GIẢI PHÁP\n"
                              "contents:\n"
                              "  - {id: IV.1, text: A, lead: vp, deadline: quý II/2024}\n");
    char code[32];
    assert_string_equal(model_section_code(p, 2, code), "IV");
    assert_string_equal(model_section_code(p, 1, code), "I");
    assert_string_equal(model_section_code(p, 3, code), "III");
    assert_string_equal(model_section_heading(p, 2, KH_LANG_VI), "IV. NHIỆM VỤ VÀ GIẢI PHÁP");
    assert_string_equal(model_section_heading(p, 3, KH_LANG_VI), "III. TỔ CHỨC THỰC HIỆN");
    model_free(p);
    p = load_ok(HEAD "sections: {contents: Phụ lục}\n"
                     "contents:\n"
                     "  - {id: PL.1, text: A, lead: vp, deadline: quý II/2024}\n");
    assert_string_equal(model_section_code(p, 2, code), "Phụ lục");
    model_free(p);
    expect_error(HEAD "sections: {content: Phụ lục}\n"
                      "contents:\n"
                      "  - {id: PL.1, text: A, lead: vp, deadline: quý II/2024}\n",
                 9, 12, "unknown key 'content' in sections; did you mean 'contents'?");
}

/* Aims grouped as the plan groups them: every aim in plan->aims, in order,
 * each group its heading and its range; a plain aim belongs to none. */
static void test_aim_groups(void **state)
{
    (void)state;
    kh_plan *p = load_ok(HEAD "aims:\n"
                              "  - heading: 1. Mục đích\n"
                              "    items: [Một, Hai]\n"
                              "  - Ngoài nhóm\n"
                              "  - {heading: 2. Yêu cầu, items: Ba}\n"
                              "contents:\n"
                              "  - {id: a, text: A, lead: vp, deadline: 2024-06-01}\n");
    assert_int_equal(p->naims, 4);
    assert_string_equal(p->aims[0], "Một");
    assert_string_equal(p->aims[2], "Ngoài nhóm");
    assert_string_equal(p->aims[3], "Ba");
    assert_int_equal(p->naim_groups, 2);
    assert_string_equal(p->aim_groups[0].heading, "1. Mục đích");
    assert_int_equal(p->aim_groups[0].first, 0);
    assert_int_equal(p->aim_groups[0].n, 2);
    assert_string_equal(p->aim_groups[1].heading, "2. Yêu cầu");
    assert_int_equal(p->aim_groups[1].first, 3);
    assert_int_equal(p->aim_groups[1].n, 1);
    model_free(p);
    /* A plain list stays as it was: no groups. */
    p = load_ok(HEAD "aims: [Một, Hai]\n"
                     "contents:\n"
                     "  - {id: a, text: A, lead: vp, deadline: 2024-06-01}\n");
    assert_int_equal(p->naims, 2);
    assert_int_equal(p->naim_groups, 0);
    model_free(p);
    expect_error(HEAD "aims:\n"
                      "  - {items: [Một]}\n"
                      "  - {heading: 2. Yêu cầu, items: []}\n"
                      "  - {heading: 3, items: [x], note: y}\n"
                      "contents:\n"
                      "  - {id: a, text: A, lead: vp, deadline: 2024-06-01}\n",
                 10, 5, "missing required key 'heading' in a group of aims");
    expect_error(HEAD "aims:\n"
                      "  - {heading: 2. Yêu cầu, items: []}\n"
                      "contents:\n"
                      "  - {id: a, text: A, lead: vp, deadline: 2024-06-01}\n",
                 10, 34, "a group of aims needs at least one aim");
    expect_error(HEAD "aims:\n"
                      "  - {heading: 3, items: [x], note: y}\n"
                      "contents:\n"
                      "  - {id: a, text: A, lead: vp, deadline: 2024-06-01}\n",
                 10, 30, "unknown key 'note'");
}

/* In a plan of several years, words without a year ("quý II", "6 tháng đầu
 * năm") are read in its first year and check warns, at the deadline, with
 * the words to write; words with their year, and a one-year plan, do not. */
static void test_multi_year_words_warn(void **state)
{
    (void)state;
    const char *yaml = HEAD "contents:\n"
                            "  - {id: a, text: A, lead: vp, deadline: quý II}\n"
                            "  - {id: b, text: B, lead: vp, deadline: quý II/2025}\n"
                            "  - {id: c, text: C, lead: vp, deadline: 6 tháng đầu năm}\n"
                            "  - {id: d, text: D, lead: vp, deadline: trước ngày 01/6/2025}\n"
                            "  - {id: e, text: E, lead: vp, deadline: từ tháng 3 đến tháng 5}\n";
    kh_plan *p = NULL;
    kh_diags d = {0}, w = {0};
    assert_int_equal(plan_load_buffer_warn("t.yaml", yaml, strlen(yaml), KH_LANG_EN, &p, &d, &w),
                     KH_E_OK);
    due_is(p, "a", "2024-06-30");
    due_is(p, "b", "2025-06-30");
    due_is(p, "c", "2024-06-30");
    due_is(p, "e", "2024-05-31");
    size_t nyear = 0;
    for (size_t i = 0; i < w.n; i++) {
        if (!strstr(w.v[i].msg, "gives no year")) continue;
        nyear++;
        assert_true(w.v[i].line == 10 || w.v[i].line == 12 || w.v[i].line == 14);
        assert_int_equal(w.v[i].col, 42);
        if (w.v[i].line == 10) assert_non_null(strstr(w.v[i].msg, "(e.g. \"quý II/2024\")"));
        if (w.v[i].line == 12)
            assert_non_null(strstr(w.v[i].msg, "(e.g. \"6 tháng đầu năm 2024\")"));
    }
    assert_int_equal(nyear, 3);
    model_free(p);
    diags_free(&d);
    diags_free(&w);
    /* A plan of one year: the year is not in doubt. */
    const char *one = "kehoach: 1\n"
                      "plan: {id: p, title: T, issuer: I, period: {from: 2024-01-01, to: "
                      "2024-12-31}}\n"
                      "units: [{id: vp, name: V}]\n"
                      "contents:\n"
                      "  - {id: a, text: A, lead: vp, deadline: quý II}\n";
    kh_diags d1 = {0}, w1 = {0};
    assert_int_equal(plan_load_buffer_warn("t.yaml", one, strlen(one), KH_LANG_EN, &p, &d1, &w1),
                     KH_E_OK);
    assert_int_equal(w1.n, 0);
    model_free(p);
    diags_free(&d1);
    diags_free(&w1);
}

static void test_sub_items(void **state)
{
    (void)state;
    kh_plan *p =
        load_ok(HEAD "  - {id: tp, name: Tư pháp}\n"
                     "contents:\n"
                     "  - id: II.3\n"
                     "    text: Rà soát thủ tục hành chính\n"
                     "    lead: vp\n"
                     "    deadline: quý II/2024\n"
                     "    items:\n"
                     "      - {id: II.3.a, text: a) cấp xã, state: {status: done, completed: "
                     "2024-04-10}}\n"
                     "      - {id: II.3.b, text: b) liên thông, lead: tp, deadline: tháng "
                     "5/2024, state: {status: doing, progress: 40}}\n"
                     "  - {id: II.4, text: D, lead: tp, deadline: 2024-06-01}\n");
    const kh_task *t = task(p, "II.3"), *a = task(p, "II.3.a"), *b = task(p, "II.3.b");
    assert_int_equal(t->nsub, 2);
    assert_ptr_equal(&p->tasks[a->sub_of - 1], t);
    assert_ptr_equal(&p->tasks[b->sub_of - 1], t);
    assert_int_equal(task(p, "II.4")->sub_of, 0);
    /* Its own lead and deadline, or its task's. */
    assert_int_equal(a->lead[0], 0);
    due_is(p, "II.3.a", "2024-06-30");
    assert_int_equal(b->lead[0], 1);
    due_is(p, "II.3.b", "2024-05-31");
    /* The task is their sum: (100 + 40) / 2, in progress. */
    assert_int_equal(t->progress, 70);
    assert_int_equal(t->status, ST_DOING);
    model_free(p);
    expect_error(HEAD "contents:\n"
                      "  - {id: a, text: A, lead: vp, deadline: quý II/2024, items: x}\n",
                 10, 62, "a task's 'items' must be a list of sub-items");
    expect_error(HEAD "contents:\n"
                      "  - {id: a, text: A, lead: vp, deadline: quý II/2024, items: [{id: a.1}]}\n",
                 10, 63, "missing required key 'text' in a task");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_words),
        cmocka_unit_test(test_before_boundary),
        cmocka_unit_test(test_windows_and_none),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_located_errors),
        cmocka_unit_test(test_identity),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_sub_items),
        cmocka_unit_test(test_aim_groups),
        cmocka_unit_test(test_multi_year_words_warn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
