/* Plans that implement plans (src/workspace_links.c): a basis named by
 * `plan:` id or by number and date, the links both ways, never to itself,
 * and the `plan:` ids no plan of the workspace has; the loader's `plan:`. */
#include "testutil.h"

#include "kehoach/workspace.h"

static kh_document doc(const char *number, kh_date date, const char *plan)
{
    kh_document d = {number, date, NULL, NULL, plan};
    return d;
}

/* Three plans: the city's (52/KH-UBND of 14/03/2023), a ward's that cites
 * it by number and date, and one that names both by id. */
typedef struct {
    kh_plan p[3];
    kh_app apps[3];
    kh_document docs_b[2], docs_c[2];
    kh_workspace ws;
} three;

static void three_make(three *t)
{
    memset(t, 0, sizeof *t);
    kh_date d14;
    assert_int_equal(date_parse("2023-03-14", &d14), DATE_OK);
    kh_date d15 = d14 + 1;
    t->p[0].id = "thanh-pho";
    t->p[0].number = "52/KH-UBND";
    t->p[0].date = d14;
    t->p[1].id = "phuong";
    t->p[1].number = "12/KH-UBND";
    t->p[1].date = KH_NO_DATE;
    /* Case and spaces aside, the city's number and day; and a document of the same number
     * but another day, which is not the city's plan. */
    t->docs_b[0] = doc(" 52/kh-ubnd", d14, NULL);
    t->docs_b[1] = doc("12/KH-UBND", d15, NULL); /* its own number: never itself */
    t->p[1].documents = t->docs_b;
    t->p[1].ndocuments = 2;
    t->p[2].id = "to-dan-pho";
    t->p[2].date = KH_NO_DATE;
    t->docs_c[0] = doc("số 1", KH_NO_DATE, "phuong");
    t->docs_c[1] = doc("52/KH-UBND", d15, "ngoai"); /* by id: the number does not count */
    t->p[2].documents = t->docs_c;
    t->p[2].ndocuments = 2;
    for (int i = 0; i < 3; i++) t->apps[i].plan = &t->p[i];
    t->ws.plans = t->apps;
    t->ws.nplans = 3;
}

static void test_doc_is_plan(void **state)
{
    (void)state;
    three t;
    three_make(&t);
    assert_true(workspace_doc_is_plan(&t.docs_b[0], &t.p[0]));
    assert_false(workspace_doc_is_plan(&t.docs_b[0], &t.p[1]));
    /* Another day: another document of that number. */
    kh_document other = doc("52/KH-UBND", t.p[0].date + 365, NULL);
    assert_false(workspace_doc_is_plan(&other, &t.p[0]));
    /* No day on one side: the number is enough. */
    kh_document undated = doc("52/KH-UBND", KH_NO_DATE, NULL);
    assert_true(workspace_doc_is_plan(&undated, &t.p[0]));
    /* A plan without a number is named only by id. */
    kh_document none = doc("", KH_NO_DATE, NULL);
    assert_false(workspace_doc_is_plan(&none, &t.p[2]));
    assert_true(workspace_doc_is_plan(&t.docs_c[0], &t.p[1]));
    assert_false(workspace_doc_is_plan(&t.docs_c[1], &t.p[0]));
}

static void test_links_both_ways(void **state)
{
    (void)state;
    three t;
    three_make(&t);
    kh_ws_links l;
    workspace_links(&t.ws, 0, &l);
    assert_int_equal(l.nimplements, 0);
    assert_int_equal(l.nimplemented_by, 1);
    assert_int_equal(l.implemented_by[0], 1);
    workspace_links_done(&l);
    workspace_links(&t.ws, 1, &l);
    assert_int_equal(l.nimplements, 1); /* the city's, not itself */
    assert_int_equal(l.implements[0], 0);
    assert_int_equal(l.nimplemented_by, 1);
    assert_int_equal(l.implemented_by[0], 2);
    strbuf sb = STRBUF_INIT;
    workspace_links_ids(&sb, &t.ws, l.implements, l.nimplements);
    assert_string_equal(sb_str(&sb), "thanh-pho");
    sb_done(&sb);
    workspace_links_done(&l);
    workspace_links(&t.ws, 2, &l);
    assert_int_equal(l.nimplements, 1);
    assert_int_equal(l.implements[0], 1);
    assert_int_equal(l.nimplemented_by, 0);
    workspace_links_done(&l);
}

static void test_missing(void **state)
{
    (void)state;
    three t;
    three_make(&t);
    const char *ids[] = {"thanh-pho", NULL, "phuong", "to-dan-pho"};
    size_t out[2];
    assert_int_equal(workspace_links_missing(&t.p[2], ids, 4, out), 1);
    assert_int_equal(out[0], 1);                                        /* "ngoai" */
    assert_int_equal(workspace_links_missing(&t.p[1], ids, 4, out), 0); /* by number: not known */
    assert_int_equal(workspace_links_missing(&t.p[2], ids, 1, out), 2);
}

static void test_loader_plan_key(void **state)
{
    (void)state;
    const char *yaml = "kehoach: 1\n"
                       "plan:\n"
                       "  id: phuong\n"
                       "  title: Kế hoạch\n"
                       "  issuer: UBND phường Thử\n"
                       "  period: {from: 2023-01-01, to: 2023-12-31}\n"
                       "  implements:\n"
                       "    - {number: 52/KH-UBND, date: 2023-03-14, plan: thanh-pho}\n"
                       "    - {number: 1/QĐ-UBND}\n"
                       "units:\n"
                       "  - {id: vp, name: Văn phòng}\n"
                       "contents:\n"
                       "  - {id: II.1, text: Việc, lead: vp, deadline: 2023-06-01}\n";
    kh_plan *plan = NULL;
    kh_diags d = {0};
    assert_int_equal(test_load(yaml, &plan, &d), KH_E_OK);
    assert_int_equal(plan->ndocuments, 2);
    assert_string_equal(plan->documents[0].plan, "thanh-pho");
    assert_null(plan->documents[1].plan);
    model_free(plan);
    diags_free(&d);
    char *bad = xstrdup(yaml);
    char *at = strstr(bad, "plan: thanh-pho");
    memcpy(at, "plan: thành-ph", strlen("plan: thành-ph"));
    plan = NULL;
    assert_int_equal(test_load(bad, &plan, &d), KH_E_PLAN);
    assert_true(d.n >= 1);
    assert_non_null(strstr(d.v[0].msg, "'plan'"));
    diags_free(&d);
    free(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_is_plan),
        cmocka_unit_test(test_links_both_ways),
        cmocka_unit_test(test_missing),
        cmocka_unit_test(test_loader_plan_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
