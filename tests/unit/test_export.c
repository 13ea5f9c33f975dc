/* A task's state in the plan file (`state:`), written by plan_save and read
 * back by the loader; the notes of both kinds (app_notes); a database row
 * over the plan's state; and the report's building blocks. */
#include "testutil.h"

#include <time.h>

#include "kehoach/app.h"
#include "kehoach/plan_save.h"
#include "kehoach/report.h"
#include "kehoach/store.h"

/* The test plan with a state on a dated task and on two periods. */
#define STATE_PLAN_YAML                                                                            \
    "kehoach: 1\n"                                                                                 \
    "plan:\n"                                                                                      \
    "  id: test-plan\n"                                                                            \
    "  title: Kế hoạch thử\n"                                                                \
    "  issuer: UBND phường Thử\n"                                                             \
    "  place: phường Thử, tỉnh Quảng Ngãi\n"                                             \
    "  period: {from: 2023-01-01, to: 2023-12-31}\n"                                               \
    "units:\n"                                                                                     \
    "  - {id: vp, name: Văn phòng, short: VP}\n"                                                 \
    "  - {id: tp, name: Tư pháp}\n"                                                              \
    "contents:\n"                                                                                  \
    "  - id: II.1\n"                                                                               \
    "    title: Tuyên truyền\n"                                                                 \
    "    text: Tuyên truyền Luật.\n"                                                          \
    "    lead: [tp]\n"                                                                             \
    "    deadline: 2023-06-01\n"                                                                   \
    "    state:\n"                                                                                 \
    "      status: done\n"                                                                         \
    "      completed: 2023-05-30\n"                                                                \
    "      updated_at: 2023-05-30T08:00:00Z\n"                                                     \
    "      updated_by: lan\n"                                                                      \
    "      notes:\n"                                                                               \
    "        - {text: Đã xong, author: lan, at: 2023-05-30T08:00:00Z}\n"                         \
    "        - {text: 'KN: thêm kinh phí', author: minh, at: 2023-05-31}\n"                      \
    "  - id: II.2\n"                                                                               \
    "    text: Thường xuyên.\n"                                                                \
    "    lead: vp\n"                                                                               \
    "    deadline: continuous\n"                                                                   \
    "organization:\n"                                                                              \
    "  duties:\n"                                                                                  \
    "    - unit: vp\n"                                                                             \
    "      items: [II.1]\n"                                                                        \
    "      tasks:\n"                                                                               \
    "        - id: III.1.1\n"                                                                      \
    "          text: Báo cáo hằng tháng.\n"                                                   \
    "          deadline: {every: [month, quarter], day: 20}\n"                                     \
    "          state:\n"                                                                           \
    "            2023-01: {status: done, completed: 2023-01-25}\n"                                 \
    "            2023-Q1: {status: blocked, progress: 20}\n"

static kh_plan *load_ok(const char *yaml)
{
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    kh_errcode rc = test_load(yaml, &plan, &diags);
    for (size_t i = 0; i < diags.n; i++)
        fprintf(stderr, "%d:%d: %s\n", diags.v[i].line, diags.v[i].col, diags.v[i].msg);
    assert_int_equal(rc, KH_E_OK);
    diags_free(&diags);
    return plan;
}

/* Load yaml expecting failure; return the first message (heap). */
static char *load_bad(const char *yaml, int *line)
{
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    assert_int_equal(test_load(yaml, &plan, &diags), KH_E_PLAN);
    assert_null(plan);
    assert_true(diags.n > 0);
    char *msg = xstrdup(diags.v[0].msg);
    if (line) *line = diags.v[0].line;
    diags_free(&diags);
    return msg;
}

static const kh_task *task(const kh_plan *plan, const char *id)
{
    long i = model_find_task(plan, id);
    if (i < 0) fail_msg("no task %s", id);
    return &plan->tasks[i];
}

static kh_task *task_mut(kh_plan *plan, const char *id)
{
    long i = model_find_task(plan, id);
    if (i < 0) fail_msg("no task %s", id);
    return &plan->tasks[i];
}

static kh_date day(int y, int m, int d)
{
    return date_from_ymd(y, m, d);
}

static void test_state_loaded(void **state)
{
    (void)state;
    kh_plan *plan = load_ok(STATE_PLAN_YAML);
    const kh_task *t = task(plan, "II.1");
    assert_int_equal(t->status, ST_DONE);
    assert_int_equal(t->progress, 100);
    assert_int_equal(t->completed, day(2023, 5, 30));
    assert_int_equal(t->updated_at, 1685433600);
    assert_string_equal(t->updated_by, "lan");
    assert_int_equal(t->version, 0);
    assert_int_equal(t->nnotes, 2);
    assert_non_null(t->base);
    assert_string_equal(t->base->notes[1].text, "KN: thêm kinh phí");
    assert_int_equal(t->base->notes[1].at, (int64_t)day(2023, 5, 31) * 86400);
    /* Period by period; the others untouched. */
    assert_int_equal(task(plan, "III.1.1/2023-01")->status, ST_DONE);
    assert_int_equal(task(plan, "III.1.1/2023-Q1")->status, ST_BLOCKED);
    assert_int_equal(task(plan, "III.1.1/2023-Q1")->progress, 20);
    assert_int_equal(task(plan, "III.1.1/2023-02")->status, ST_TODO);
    assert_null(task(plan, "III.1.1/2023-02")->base);
    assert_null(task(plan, "II.2")->base);
    /* Back to the plan's state after a change in memory. */
    kh_task *m = &plan->tasks[model_find_task(plan, "III.1.1/2023-Q1")];
    m->status = ST_DONE;
    m->version = 4;
    model_task_reset_state(m);
    assert_int_equal(m->status, ST_BLOCKED);
    assert_int_equal(m->version, 0);
    model_free(plan);
}

/* Replace the first `from` in STATE_PLAN_YAML by `to`. */
static char *variant(const char *from, const char *to)
{
    const char *at = strstr(STATE_PLAN_YAML, from);
    if (!at) fail_msg("no '%s' in the plan", from);
    return xasprintf("%.*s%s%s", (int)(at - STATE_PLAN_YAML), STATE_PLAN_YAML, to,
                     at + strlen(from));
}

static void expect_bad(const char *from, const char *to, const char *words)
{
    char *yaml = variant(from, to);
    char *msg = load_bad(yaml, NULL);
    if (!strstr(msg, words)) fail_msg("'%s' not in '%s'", words, msg);
    free(msg);
    free(yaml);
}

static void test_bad_states(void **state)
{
    (void)state;
    expect_bad("status: done\n      completed", "status: finished\n      completed",
               "'status': \"finished\" is not a status");
    expect_bad("completed: 2023-05-30", "completed: 2023-05-30\n      progress: 90",
               "a done task has 'progress' 100");
    expect_bad("status: done\n      completed", "status: doing\n      completed",
               "'completed' is only for a done task");
    expect_bad("updated_at: 2023-05-30T08:00:00Z", "updated_at: hôm qua",
               "'updated_at': \"hôm qua\" is not a point in time");
    expect_bad("updated_by: lan", "updated_by: lan\n      owner: lan", "unknown key 'owner'");
    expect_bad("{text: Đã xong, author: lan, at: 2023-05-30T08:00:00Z}",
               "{text: Đã xong, at: 2023-05-30T08:00:00Z}", "missing required key 'author'");
    expect_bad("2023-Q1: {status: blocked", "2023-Q5: {status: blocked",
               "'2023-Q5' is not a period");
    expect_bad("2023-Q1: {status: blocked", "2024-Q1: {status: blocked",
               "periodic task 'III.1.1' has no period '2024-Q1'");
    expect_bad("            2023-01: {status: done, completed: 2023-01-25}\n",
               "            status: done\n", "'status' is not a period");
    expect_bad("{status: blocked, progress: 20}", "{status: blocked, progress: 120}",
               "'progress' must be a number from 0 to 100");
}

/* The rest of a task's record in its state (tester H3): note kinds, the
 * verdict, extensions laid over the plan's deadline, results, amendments
 * (an occurrence's own deadline among them); refused where out of place. */
static void test_record_in_state(void **state)
{
    (void)state;
    char *a = variant("        - {text: 'KN: thêm kinh phí', author: minh, at: 2023-05-31}\n",
                      "        - {text: Thiếu kinh phí, author: minh, at: 2023-05-31, kind: "
                      "difficulty}\n"
                      "      confirmed: {by: hoa, at: 2023-06-01T08:00:00Z}\n"
                      "      extensions:\n"
                      "        - {to: 2023-06-15, doc: CV 45, reason: chờ, by: lan, at: "
                      "2023-05-20}\n"
                      "        - {to: 2023-06-20, doc: CV 50, by: lan, at: 2023-05-25}\n"
                      "      results: [{doc: BC 1, file: a.pdf, sha256: ab, size: 3, by: lan, at: "
                      "2023-05-30}]\n"
                      "      amendments: [{kind: change, lead: tp, doc: QĐ 7, by: lan, at: "
                      "2023-05-01}]\n");
    char *yaml = xasprintf("%s", a);
    char *b = strstr(yaml, "2023-Q1: {status: blocked, progress: 20}");
    assert_non_null(b);
    char *full =
        xasprintf("%.*s2023-Q1: {status: blocked, progress: 20, amendments: [{kind: "
                  "change, deadline: 2023-04-10, doc: CV 9, by: lan, at: 2023-04-01}]}%s",
                  (int)(b - yaml), yaml, b + strlen("2023-Q1: {status: blocked, progress: 20}"));
    kh_plan *plan = load_ok(full);
    const kh_task *t = task(plan, "II.1");
    assert_true(plan->base_record);
    assert_int_equal(t->base->notes[1].kind, NOTE_DIFFICULTY);
    assert_int_equal(t->verdict, VERDICT_CONFIRMED);
    assert_string_equal(t->verdict_by, "hoa");
    assert_int_equal(t->nextensions, 2);
    assert_int_equal(t->due_original, day(2023, 6, 1));
    assert_int_equal(t->due, day(2023, 6, 20));
    assert_string_equal(t->extension_doc, "CV 50");
    assert_null(t->extension_reason);
    assert_int_equal(t->base->nresults, 1);
    assert_int_equal(t->base->results[0].size, 3);
    assert_string_equal(t->amended_by, "QĐ 7");
    assert_int_equal(t->amended, KH_AMENDED_LEAD);
    const kh_task *q = task(plan, "III.1.1/2023-Q1");
    assert_int_equal(q->due, day(2023, 4, 10));
    assert_true(q->amended & KH_AMENDED_DEADLINE);
    assert_int_equal(task(plan, "III.1.1/2023-04")->due, day(2023, 4, 20)); /* the rule's */
    model_free(plan);
    free(full);
    free(yaml);
    free(a);
    expect_bad("updated_by: lan\n", "updated_by: lan\n      withdrawn_doc: QĐ 1\n",
               "'withdrawn_doc' is only for a withdrawn task");
    expect_bad("updated_by: lan\n",
               "updated_by: lan\n      confirmed: {by: a, at: 2023-06-01}\n"
               "      rejected: {by: a, at: 2023-06-01, reason: x}\n",
               "only one of 'confirmed' and 'rejected'");
    expect_bad("author: lan, at: 2023-05-30T08:00:00Z}",
               "author: lan, at: 2023-05-30T08:00:00Z, kind: other}", "is not a note kind");
    expect_bad("updated_by: lan\n",
               "updated_by: lan\n      amendments: [{kind: move, doc: x, by: a, at: 2023-06-01}]\n",
               "is not add, change, withdraw");
    expect_bad("updated_by: lan\n",
               "updated_by: lan\n      extensions: [{to: 2023-06-15, by: a, at: 2023-06-01}]\n",
               "missing required key 'doc'");
}

static char *save_to_string(const kh_plan *plan, const kh_note *notes, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    kh_error err = {0};
    kh_errcode rc = plan_save(plan, notes, n, "a header\nof two lines", f, &err);
    if (rc) fail_msg("plan_save: %s", err.detail);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static void test_save_round_trip(void **state)
{
    (void)state;
    kh_plan *plan = load_ok(STATE_PLAN_YAML);
    /* Texts YAML would misread unquoted, and database notes. */
    kh_task *t = &plan->tasks[model_find_task(plan, "II.2")];
    t->status = ST_DOING;
    t->progress = 35;
    t->updated_at = 1686816000;
    t->updated_by = model_intern_user(plan, "người: dùng");
    static const char *const texts[] = {
        "~",
        "- gạch đầu dòng",
        "a: b # không phải chú thích",
        "'nháy' \"kép\"",
        "  lề trái",
        "dòng một\ndòng hai\n\n",
        "tab\tở giữa",
        "@ # & * ! % |",
        "yes",
        "2023-01-01",
    };
    kh_note notes[KH_ARRAY_LEN(texts)];
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++)
        notes[i] = (kh_note){(int64_t)(KH_ARRAY_LEN(texts) - i),
                             xstrdup("II.2"),
                             xstrdup(texts[i]),
                             xstrdup("lan"),
                             1686816000 + (int64_t)(KH_ARRAY_LEN(texts) - i),
                             false,
                             NOTE_PLAIN,
                             KH_NO_DATE};
    char *yaml = save_to_string(plan, notes, KH_ARRAY_LEN(texts));
    const char *head = "# a header\n# of two lines\nkehoach: 1\n";
    assert_true(!strncmp(yaml, head, strlen(head)));
    kh_plan *back = load_ok(yaml);
    assert_int_equal(back->ntasks, plan->ntasks);
    for (size_t i = 0; i < plan->ntasks; i++) {
        const kh_task *a = &plan->tasks[i], *b = &back->tasks[i];
        assert_string_equal(a->id, b->id);
        assert_string_equal(a->text, b->text);
        assert_int_equal(a->due, b->due);
        assert_int_equal(a->dl_kind, b->dl_kind);
        assert_int_equal(a->nlead, b->nlead);
        assert_int_equal(a->nsupport, b->nsupport);
        assert_int_equal(a->status, b->status);
        assert_int_equal(a->progress, b->progress);
        assert_int_equal(a->completed, b->completed);
        assert_int_equal(a->updated_at, b->updated_at);
        if (a->updated_by) assert_string_equal(a->updated_by, b->updated_by);
    }
    const kh_task *b = task(back, "II.2");
    assert_int_equal(b->nnotes, KH_ARRAY_LEN(texts));
    /* Oldest first in the file, each text byte for byte. */
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        size_t k = KH_ARRAY_LEN(texts) - 1 - i;
        assert_string_equal(b->base->notes[i].text, texts[k]);
        assert_int_equal(b->base->notes[i].at, notes[k].at);
    }
    /* The plan's own notes are the caller's to pass: without them, none. */
    assert_int_equal(task(back, "II.1")->nnotes, 0);
    /* Saving the loaded plan again gives the same file. */
    char *again = save_to_string(back, notes, KH_ARRAY_LEN(texts));
    assert_string_equal(yaml, again);
    free(again);
    free(yaml);
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        free(notes[i].task_id);
        free(notes[i].text);
        free(notes[i].author);
    }
    model_free(back);
    model_free(plan);
}

/* Sub-items are written nested under their task, and a deadline counted
 * from an event as counted from it (the event listed): the export loads
 * to the same tasks, parents, events and links, and moving the event in
 * the exported file moves the deadline. A sub-item of a duty's task whose
 * lead is the duty's unit, under a task led by another, keeps its lead. */
static void test_save_sub_items_and_events(void **state)
{
    (void)state;
    static const char yaml[] =
        "kehoach: 1\n"
        "plan: {id: p, title: T, issuer: I, period: {from: 2026-01-01, to: 2026-12-31}}\n"
        "units: [{id: vp, name: VP}, {id: tp, name: TP}]\n"
        "events: [{id: bau-cu, name: ngày bầu cử, date: 2026-03-15}]\n"
        "contents:\n"
        "  - id: A\n"
        "    text: a\n"
        "    lead: vp\n"
        "    deadline: {before: bau-cu, days: 10}\n"
        "    items:\n"
        "      - {id: A.a, text: a a, lead: tp}\n"
        "      - id: A.b\n"
        "        text: a b\n"
        "        deadline: 2026-02-01\n"
        "        items: [{id: A.b.1, text: a b 1}]\n"
        "  - {id: B, text: b, lead: tp, deadline: {after: bau-cu}, deadline_text: ngay sau bầu "
        "cử}\n"
        "organization:\n"
        "  duties:\n"
        "    - unit: vp\n"
        "      tasks:\n"
        "        - id: C\n"
        "          text: c\n"
        "          lead: tp\n"
        "          deadline: 2026-05-01\n"
        "          items: [{id: C.a, text: c a, lead: vp}]\n";
    kh_plan *plan = load_ok(yaml);
    char *out = save_to_string(plan, NULL, 0);
    assert_non_null(strstr(out, "events:"));
    assert_non_null(strstr(out, "deadline: {before: bau-cu, days: 10}"));
    assert_null(strstr(out, "10 ngày trước")); /* made again from the event */
    kh_plan *back = load_ok(out);
    assert_int_equal(back->ntasks, plan->ntasks);
    assert_int_equal(back->nevents, 1);
    assert_string_equal(back->events[0].name, "ngày bầu cử");
    for (size_t i = 0; i < plan->ntasks; i++) {
        const kh_task *a = &plan->tasks[i], *b = &back->tasks[i];
        assert_string_equal(a->id, b->id);
        assert_int_equal(a->sub_of, b->sub_of);
        assert_int_equal(a->nsub, b->nsub);
        assert_int_equal(a->due, b->due);
        assert_int_equal(a->event, b->event);
        assert_int_equal(a->event_days, b->event_days);
        assert_int_equal(a->nlead, b->nlead);
        assert_int_equal(a->lead[0], b->lead[0]);
        assert_int_equal(a->dl_text_made, b->dl_text_made);
        if (a->deadline_text) assert_string_equal(a->deadline_text, b->deadline_text);
        assert_int_equal(a->duty, b->duty);
    }
    assert_int_equal(task(back, "A.b.1")->sub_of, (uint32_t)model_find_task(back, "A.b") + 1);
    assert_int_equal(task(back, "A")->nsub, 3);
    assert_int_equal(task(back, "A.a")->due, day(2026, 3, 5));
    assert_string_equal(task(back, "B")->deadline_text, "ngay sau bầu cử");
    assert_int_equal(task(back, "C.a")->lead[0], model_find_unit(back, "vp"));
    char *again = save_to_string(back, NULL, 0);
    assert_string_equal(out, again);
    /* Move the event in the export: its deadlines move, words and all. */
    char *moved = xstrdup(out);
    char *at = strstr(moved, "2026-03-15");
    assert_non_null(at);
    memcpy(at, "2026-03-25", 10);
    kh_plan *m = load_ok(moved);
    assert_int_equal(task(m, "A")->due, day(2026, 3, 15));
    assert_non_null(strstr(task(m, "A")->deadline_text, "25/03/2026"));
    assert_int_equal(task(m, "B")->due, day(2026, 3, 25));
    model_free(m);
    free(moved);
    free(again);
    free(out);
    model_free(back);
    model_free(plan);
}

/* A note a plan text may not hold (from an old or another program's
 * database: control characters, C1, bidi controls) never stops the export:
 * it is written double-quoted with escapes, no raw control or bidi byte in
 * the file, and read back byte for byte, the author and last writer too. */
static void test_save_escapes_control(void **state)
{
    (void)state;
    kh_plan *plan = load_ok(STATE_PLAN_YAML);
    static const char *const texts[] = {
        "a\x1b]0;x\x07\x1b[2J\xc2\x9b\xe2\x80\xae"
        "b", /* the text */
        "tab\tand line\nbreak \x7f del \xc2\x85 nel",
        "\xe2\x81\xa6isolate\xe2\x81\xa9 \xe2\x80\x8e\xe2\x80\x8f \xd8\x9c \xef\xbb\xbf bom",
        "tiếng Việt \x1b[1m đậm",
    };
    kh_note notes[KH_ARRAY_LEN(texts)];
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++)
        notes[i] = (kh_note){
            (int64_t)i + 1,          xstrdup("II.2"), xstrdup(texts[i]), xstrdup("mal\x1b[2J"),
            1686816000 - (int64_t)i, false,           NOTE_PLAIN,        KH_NO_DATE};
    task_mut(plan, "II.2")->updated_by = model_intern_user(plan, "ng\xe2\x80\xaeuoi");
    task_mut(plan, "II.2")->updated_at = 1686816000;
    char *yaml = save_to_string(plan, notes, KH_ARRAY_LEN(texts));
    for (const unsigned char *p = (const unsigned char *)yaml; *p; p++) {
        if ((*p < 0x20 && *p != '\n') || *p == 0x7f)
            fail_msg("raw control 0x%02X in the export", *p);
        if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] < 0xa0) fail_msg("raw C1 in the export");
        if (p[0] == 0xe2 && (p[1] == 0x80 || p[1] == 0x81) &&
            ((p[2] >= 0xaa && p[2] <= 0xae) || p[2] == 0x8e || p[2] == 0x8f ||
             (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
            fail_msg("a raw bidi control in the export");
    }
    assert_non_null(strstr(yaml, "\\e]0;x\\a\\e[2J\\x9B\\u202Eb"));
    kh_plan *back = load_ok(yaml);
    const kh_task *b = task(back, "II.2");
    assert_non_null(b->base);
    assert_int_equal(b->base->nnotes, KH_ARRAY_LEN(texts));
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        size_t k = KH_ARRAY_LEN(texts) - 1 - i;
        assert_string_equal(b->base->notes[i].text, texts[k]);
        assert_string_equal(b->base->notes[i].author, "mal\x1b[2J");
    }
    assert_string_equal(b->base->updated_by, "ng\xe2\x80\xaeuoi");
    char *again = save_to_string(back, notes, KH_ARRAY_LEN(texts));
    assert_string_equal(yaml, again);
    free(again);
    free(yaml);
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        free(notes[i].task_id);
        free(notes[i].text);
        free(notes[i].author);
    }
    model_free(back);
    model_free(plan);
}

/* Escapes of characters a plan may not hold are read only in a `state:`:
 * in a title, a text, a cite, a unit's name, the same escape is refused
 * where it stands; in a state, only in a double-quoted text (a plain one
 * cannot hold an escape); NUL always. */
static void test_escapes_only_in_state(void **state)
{
    (void)state;
    static const struct {
        const char *from, *to;
        int line;
    } cases[] = {
        {"title: Tuyên truyền\n", "title: \"Tuyên \\e[2J truyền\"\n", 13},
        {"text: Thường xuyên.\n", "text: \"Thường \\u202Exuyên.\"\n", 26},
        {"name: Tư pháp}", "name: \"Tư \\x9B pháp\"}", 10},
        {"  title: Kế hoạch thử\n", "  title: \"Kế hoạch \\a thử\"\n", 4},
        {"{text: Đã xong,", "{text: Đã \u202e xong,", 23}, /* plain: not an escape */
        {"{text: Đã xong,", "{text: \"Đã \\0 xong\",", 23},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(cases); i++) {
        const char *at = strstr(STATE_PLAN_YAML, cases[i].from);
        assert_non_null(at);
        char *yaml = xasprintf("%.*s%s%s", (int)(at - STATE_PLAN_YAML), STATE_PLAN_YAML,
                               cases[i].to, at + strlen(cases[i].from));
        int line = 0;
        char *msg = load_bad(yaml, &line);
        if (!strstr(msg, "U+") && !strstr(msg, "NUL")) fail_msg("case %zu: %s", i, msg);
        if (line != cases[i].line)
            fail_msg("case %zu: line %d, want %d (%s)", i, line, cases[i].line, msg);
        free(msg);
        free(yaml);
    }
    /* In the state: read as data. */
    const char *at = strstr(STATE_PLAN_YAML, "{text: Đã xong,");
    char *yaml = xasprintf("%.*s{text: \"Đã \\e xong\",%s", (int)(at - STATE_PLAN_YAML),
                           STATE_PLAN_YAML, at + strlen("{text: Đã xong,"));
    kh_plan *p = load_ok(yaml);
    assert_string_equal(task(p, "II.1")->base->notes[0].text, "Đã \x1b xong");
    model_free(p);
    free(yaml);
}

/* A history row with copies of its texts (free with store_history_free). */
static kh_history hrow(int64_t id, const char *task, const char *field, const char *old_value,
                       const char *new_value, const char *user, int64_t at, int64_t change,
                       int64_t undo_of)
{
    return (kh_history){id,
                        xstrdup(task),
                        xstrdup(field),
                        model_field_parse(field),
                        old_value ? xstrdup(old_value) : NULL,
                        new_value ? xstrdup(new_value) : NULL,
                        xstrdup(user),
                        at,
                        change,
                        undo_of,
                        KH_NO_DATE};
}

/* What an export carries beyond the tasks: the state of tasks the plan no
 * longer has (`orphans:`) and the history (`history:`) are written, read
 * back as they were (escapes too), written again the same, and refused when
 * wrong: an orphan that is a task of the plan, a history field kehoach does
 * not write, a change that is not a number. */
static void test_orphans_and_history(void **state)
{
    (void)state;
    kh_plan *plan = load_ok(STATE_PLAN_YAML);
    kh_base_note notes[] = {{"ghi chú cũ", "lan", 1686000000, KH_NO_DATE, NOTE_PLAIN},
                            {"a\x1b[2J"
                             "b",
                             "mal\xe2\x80\xae", 1686000100, KH_NO_DATE, NOTE_PLAIN}};
    kh_base_state b = {.status = ST_DOING,
                       .progress = 30,
                       .completed = KH_NO_DATE,
                       .updated_at = 1686000100,
                       .updated_by = "lan",
                       .notes = notes,
                       .nnotes = 2,
                       .due = KH_NO_DATE};
    kh_base_state done = {
        .status = ST_DONE, .progress = 100, .completed = day(2023, 5, 2), .due = KH_NO_DATE};
    kh_orphan orphans[] = {{"II.7", &b, 0, 0}, {"III.9.9/2023-02", &done, 0, 0}};
    enum { NH = 4 };
    kh_history *hist = xcalloc(NH, sizeof *hist);
    hist[0] = hrow(1, "II.7", "status", "todo", "doing", "lan", 1686000000, 1, 0);
    hist[1] = hrow(2, "II.7", "progress", "0", "30", "lan", 1686000000, 1, 0);
    hist[2] = hrow(3, "II.7", "note", NULL,
                   "a\x1b[2J"
                   "b",
                   "mal\xe2\x80\xae", 1686000100, 3, 0);
    hist[3] =
        hrow(4, "II.1", "note-withdrawn", "Đã xong: ghi chú\ndài", NULL, "minh", 1686000200, 4, 1);
    /* The first change was made with --today on another day: its day goes
     * with its rows (the others took effect when they were recorded). */
    hist[0].effective = hist[1].effective = day(2023, 5, 30);
    kh_save_data d = {.orphans = orphans, .norphans = 2, .history = hist, .nhistory = NH};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    kh_error err = {0};
    assert_int_equal(plan_save_all(plan, &d, NULL, f, &err), KH_E_OK);
    assert_int_equal(fclose(f), 0);
    assert_non_null(strstr(buf, "\norphans:\n"));
    assert_non_null(strstr(buf, "\nhistory:\n"));
    kh_plan *back = load_ok(buf);
    assert_int_equal(back->norphans, 2);
    assert_string_equal(back->orphans[0].id, "II.7");
    assert_int_equal(back->orphans[0].base->status, ST_DOING);
    assert_int_equal(back->orphans[0].base->progress, 30);
    assert_string_equal(back->orphans[0].base->updated_by, "lan");
    assert_int_equal(back->orphans[0].base->nnotes, 2);
    assert_string_equal(back->orphans[0].base->notes[1].text, "a\x1b[2J"
                                                              "b");
    assert_string_equal(back->orphans[0].base->notes[1].author, "mal\xe2\x80\xae");
    assert_string_equal(back->orphans[1].id, "III.9.9/2023-02");
    assert_int_equal(back->orphans[1].base->status, ST_DONE);
    assert_int_equal(back->orphans[1].base->completed, day(2023, 5, 2));
    assert_int_equal(back->nhistory, NH);
    for (size_t i = 0; i < NH; i++) {
        const kh_base_history *h = &back->history[i];
        assert_string_equal(h->task, hist[i].task_id);
        assert_string_equal(h->field, hist[i].field);
        if (hist[i].old_value)
            assert_string_equal(h->old_value, hist[i].old_value);
        else
            assert_null(h->old_value);
        if (hist[i].new_value)
            assert_string_equal(h->new_value, hist[i].new_value);
        else
            assert_null(h->new_value);
        assert_string_equal(h->user, hist[i].user);
        assert_int_equal(h->at, hist[i].at);
        assert_int_equal(h->change, hist[i].change);
        assert_int_equal(h->undo_of, hist[i].undo_of);
        assert_int_equal(h->effective, hist[i].effective);
    }
    assert_non_null(strstr(buf, "effective: 2023-05-30}"));
    /* Written again from what was read: the same file. */
    kh_orphan again_o[2];
    memcpy(again_o, back->orphans, sizeof again_o);
    kh_history *again_h = xcalloc(NH, sizeof *again_h);
    for (size_t i = 0; i < NH; i++) {
        const kh_base_history *h = &back->history[i];
        again_h[i] = hrow(0, h->task, h->field, h->old_value, h->new_value, h->user, h->at,
                          h->change, h->undo_of);
        again_h[i].effective = h->effective;
    }
    kh_save_data d2 = {.orphans = again_o, .norphans = 2, .history = again_h, .nhistory = NH};
    char *buf2 = NULL;
    size_t len2 = 0;
    f = open_memstream(&buf2, &len2);
    assert_int_equal(plan_save_all(back, &d2, NULL, f, &err), KH_E_OK);
    assert_int_equal(fclose(f), 0);
    assert_string_equal(buf, buf2);
    free(buf2);
    store_history_free(again_h, NH);
    store_history_free(hist, NH);
    model_free(back);

    /* Refused, where it stands. */
    static const struct {
        const char *from, *to, *want;
    } bad[] = {
        {"- id: II.7\n", "- id: II.1\n", "'II.1'"},
        {"field: status,", "field: deadline,", "'field': \"deadline\""},
        {"change: 1,", "change: one,", "'change'"},
        {"change: 1,", "change: 0,", "'change'"},
        {"effective: 2023-05-30}", "effective: 2023-02-30}", "'effective'"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(bad); i++) {
        const char *at = strstr(buf, bad[i].from);
        if (!at) fail_msg("case %zu: \"%s\" not in the export", i, bad[i].from);
        char *yaml =
            xasprintf("%.*s%s%s", (int)(at - buf), buf, bad[i].to, at + strlen(bad[i].from));
        char *msg = load_bad(yaml, NULL);
        if (!strstr(msg, bad[i].want)) fail_msg("case %zu: %s", i, msg);
        free(msg);
        free(yaml);
    }
    /* A file of before `effective` (the key left out) still loads: its
     * rows took effect on the day of `at`. */
    char *old_file = xstrdup(buf);
    static const char *const keys[] = {",\n  effective: 2023-05-30", ", effective: 2023-05-30"};
    for (size_t k = 0; k < KH_ARRAY_LEN(keys); k++)
        for (char *at; (at = strstr(old_file, keys[k]));)
            memmove(at, at + strlen(keys[k]), strlen(at + strlen(keys[k])) + 1);
    assert_null(strstr(old_file, "effective"));
    kh_plan *old_back = load_ok(old_file);
    assert_int_equal(old_back->nhistory, NH);
    for (size_t i = 0; i < NH; i++) assert_int_equal(old_back->history[i].effective, KH_NO_DATE);
    model_free(old_back);
    free(old_file);
    free(buf);
    model_free(plan);
}

typedef struct {
    char *dir;
    kh_app app;
} fixture;

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->app.lang = KH_LANG_VI;
    f->app.today = day(2023, 6, 15);
    f->app.user = xstrdup("minh");
    f->app.plan = load_ok(STATE_PLAN_YAML);
    char *db = xasprintf("%s/k.db", f->dir);
    kh_error err = {0};
    if (app_open_store(&f->app, db, false, &err)) fail_msg("%s", err.detail);
    free(db);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    app_close(&f->app);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static void test_notes_of_both_kinds(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    size_t i = (size_t)model_find_task(app->plan, "II.1");
    kh_error err = {0};
    assert_int_equal(app_change(app, i, -1, -1, "ghi trong CSDL", -1, &err), KH_E_OK);
    kh_note *v = NULL;
    size_t n = 0;
    assert_int_equal(app_notes(app, "II.1", &v, &n, &err), KH_E_OK);
    assert_int_equal(n, 3);
    assert_string_equal(v[0].text, "ghi trong CSDL"); /* now: the newest */
    assert_true(v[0].id > 0);
    assert_string_equal(v[1].text, "KN: thêm kinh phí");
    assert_int_equal(v[1].id, 0);
    assert_string_equal(v[2].text, "Đã xong");
    store_notes_free(v, n);
    assert_int_equal(app_notes(app, NULL, &v, &n, &err), KH_E_OK);
    assert_int_equal(n, 3);
    store_notes_free(v, n);
    /* Reloading counts the notes of both. */
    assert_int_equal(app_reload_state(app, &err), KH_E_OK);
    assert_int_equal(task(app->plan, "II.1")->nnotes, 3);
}

static void test_row_overrides_plan(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    size_t i = (size_t)model_find_task(app->plan, "III.1.1/2023-Q1");
    assert_int_equal(task(app->plan, "III.1.1/2023-Q1")->status, ST_BLOCKED);
    assert_int_equal(app_change(app, i, ST_DOING, 60, NULL, -1, &err), KH_E_OK);
    assert_int_equal(app_reload_state(app, &err), KH_E_OK);
    assert_int_equal(task(app->plan, "III.1.1/2023-Q1")->status, ST_DOING);
    assert_int_equal(task(app->plan, "III.1.1/2023-Q1")->progress, 60);
    /* Tasks without a row keep the plan's state through a reload. */
    assert_int_equal(task(app->plan, "II.1")->status, ST_DONE);
    assert_int_equal(task(app->plan, "III.1.1/2023-01")->status, ST_DONE);
}

static void test_store_change_from_base(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    const kh_task *t = task(app->plan, "II.1");
    kh_change c = {.status = -1,
                   .progress = -1,
                   .note = "chỉ thêm ghi chú",
                   .today = app->today,
                   .expected_version = -1};
    kh_state st;
    kh_error err = {0};
    assert_int_equal(store_apply_base(app->store, app->plan->id, t->id, &c, t->base, "minh",
                                      1686816000, &st, &err),
                     KH_E_OK);
    /* A note alone keeps the plan's state, now in a row of its own. */
    assert_int_equal(st.status, ST_DONE);
    assert_int_equal(st.progress, 100);
    assert_int_equal(st.completed, day(2023, 5, 30));
    assert_int_equal(st.version, 1);
    /* store_apply starts from not started. */
    t = task(app->plan, "III.1.1/2023-01");
    assert_int_equal(
        store_apply(app->store, app->plan->id, t->id, &c, "minh", 1686816000, &st, &err), KH_E_OK);
    assert_int_equal(st.status, ST_TODO);
}

static void test_proposals(void **state)
{
    (void)state;
    const char *body;
    assert_true(report_note_is_proposal("Kiến nghị: thêm người", &body));
    assert_string_equal(body, "thêm người");
    assert_true(report_note_is_proposal("KIẾN NGHỊ:x", &body));
    assert_string_equal(body, "x");
    assert_true(report_note_is_proposal("kien nghi : không dấu", NULL));
    assert_true(report_note_is_proposal("KN: ngắn", NULL));
    assert_true(report_note_is_proposal("Đề xuất: lùi hạn", NULL));
    assert_true(report_note_is_proposal("de xuat: lùi hạn", NULL));
    assert_true(report_note_is_proposal("Proposal: more staff", NULL));
    assert_false(report_note_is_proposal("Đã kiến nghị: không phải", NULL));
    assert_false(report_note_is_proposal("Ghi chú: kiến nghị sau", NULL));
    assert_false(report_note_is_proposal("KN thiếu dấu hai chấm", NULL));
}

static void test_periods(void **state)
{
    (void)state;
    kh_plan *plan = load_ok(STATE_PLAN_YAML);
    kh_date from, to;
    report_cut cut;
    assert_int_equal(report_period(plan, day(2023, 5, 1), REPORT_6M, KH_NO_DATE, &from, &to, &cut),
                     KH_E_OK);
    assert_int_equal(cut, REPORT_CUT_CALENDAR);
    assert_int_equal(from, day(2023, 1, 1));
    assert_int_equal(to, day(2023, 6, 30));
    assert_int_equal(report_period(plan, day(2023, 5, 1), REPORT_9M, KH_NO_DATE, &from, &to, &cut),
                     KH_E_OK);
    assert_int_equal(to, day(2023, 9, 30));
    assert_int_equal(
        report_period(plan, day(2025, 5, 1), REPORT_YEAR, KH_NO_DATE, &from, &to, &cut), KH_E_OK);
    assert_int_equal(from, day(2023, 1, 1));
    assert_int_equal(to, day(2023, 12, 31));
    /* A month and a quarter: today's, or --of's. */
    assert_int_equal(
        report_period(plan, day(2023, 5, 20), REPORT_MONTH, KH_NO_DATE, &from, &to, &cut), KH_E_OK);
    assert_int_equal(from, day(2023, 5, 1));
    assert_int_equal(to, day(2023, 5, 31));
    assert_int_equal(
        report_period(plan, day(2023, 5, 20), REPORT_QUARTER, day(2023, 8, 1), &from, &to, &cut),
        KH_E_OK);
    assert_int_equal(from, day(2023, 7, 1));
    assert_int_equal(to, day(2023, 9, 30));
    /* Today out of the plan: its first month. */
    assert_int_equal(
        report_period(plan, day(2025, 5, 20), REPORT_MONTH, KH_NO_DATE, &from, &to, &cut), KH_E_OK);
    assert_int_equal(from, day(2023, 1, 1));
    assert_int_equal(to, day(2023, 1, 31));
    /* A period asked (--of) that the plan does not run in: refused, the
     * period asked kept for the message (no report of one day). */
    assert_int_equal(
        report_period(plan, day(2023, 5, 20), REPORT_YEAR, day(2025, 1, 1), &from, &to, &cut),
        KH_E_NOT_FOUND);
    assert_int_equal(from, day(2025, 1, 1));
    assert_int_equal(to, day(2025, 12, 31));
    assert_int_equal(
        report_period(plan, day(2023, 5, 1), REPORT_PERIOD_COUNT, KH_NO_DATE, &from, &to, &cut),
        KH_E_INVALID);
    assert_int_equal(report_period_parse("quarter"), REPORT_QUARTER);
    assert_int_equal(report_period_parse("quý"), -1);
    report_current_period(plan, day(2023, 7, 1), &from, &to, NULL);
    assert_int_equal(to, day(2023, 9, 30));
    report_current_period(plan, day(2023, 10, 1), &from, &to, &cut);
    assert_int_equal(to, day(2023, 12, 31));
    /* After the plan's end (in May of a later year): its last year whole,
     * not a 6-month report. */
    report_current_period(plan, day(2026, 5, 1), &from, &to, &cut);
    assert_int_equal(from, day(2023, 1, 1));
    assert_int_equal(to, day(2023, 12, 31));
    model_free(plan);
}

/* The windows of Nghị định 09/2019/NĐ-CP, Article 12, against the calendar
 * ones, as a table: the period, a day it is named by, the days each cut
 * gives. */
static void test_nd09_windows(void **state)
{
    (void)state;
    static const struct {
        report_period_kind kind;
        int of[3];
        int nd09_from[3], nd09_to[3];
        int cal_from[3], cal_to[3];
    } rows[] = {
        /* A month: the 15th of the month before to the 14th. */
        {REPORT_MONTH, {2023, 6, 1}, {2023, 5, 15}, {2023, 6, 14}, {2023, 6, 1}, {2023, 6, 30}},
        /* January's window starts in the year before. */
        {REPORT_MONTH, {2024, 1, 31}, {2023, 12, 15}, {2024, 1, 14}, {2024, 1, 1}, {2024, 1, 31}},
        {REPORT_MONTH, {2024, 3, 10}, {2024, 2, 15}, {2024, 3, 14}, {2024, 3, 1}, {2024, 3, 31}},
        /* A quarter: the 15th of the month before it to the 14th of its last. */
        {REPORT_QUARTER, {2023, 5, 5}, {2023, 3, 15}, {2023, 6, 14}, {2023, 4, 1}, {2023, 6, 30}},
        {REPORT_QUARTER, {2024, 2, 1}, {2023, 12, 15}, {2024, 3, 14}, {2024, 1, 1}, {2024, 3, 31}},
        {REPORT_QUARTER,
         {2023, 12, 1},
         {2023, 9, 15},
         {2023, 12, 14},
         {2023, 10, 1},
         {2023, 12, 31}},
        /* 6 months, 9 months, the year: from 15/12 of the year before. */
        {REPORT_6M, {2023, 6, 1}, {2022, 12, 15}, {2023, 6, 14}, {2023, 1, 1}, {2023, 6, 30}},
        {REPORT_9M, {2023, 2, 1}, {2022, 12, 15}, {2023, 9, 14}, {2023, 1, 1}, {2023, 9, 30}},
        {REPORT_YEAR, {2023, 11, 1}, {2022, 12, 15}, {2023, 12, 14}, {2023, 1, 1}, {2023, 12, 31}},
    };
    for (size_t k = 0; k < KH_ARRAY_LEN(rows); k++) {
        kh_date of = day(rows[k].of[0], rows[k].of[1], rows[k].of[2]), from, to;
        assert_int_equal(report_window(rows[k].kind, REPORT_CUT_ND09, of, &from, &to), KH_E_OK);
        assert_int_equal(from,
                         day(rows[k].nd09_from[0], rows[k].nd09_from[1], rows[k].nd09_from[2]));
        assert_int_equal(to, day(rows[k].nd09_to[0], rows[k].nd09_to[1], rows[k].nd09_to[2]));
        assert_int_equal(report_window(rows[k].kind, REPORT_CUT_CALENDAR, of, &from, &to), KH_E_OK);
        assert_int_equal(from, day(rows[k].cal_from[0], rows[k].cal_from[1], rows[k].cal_from[2]));
        assert_int_equal(to, day(rows[k].cal_to[0], rows[k].cal_to[1], rows[k].cal_to[2]));
    }
    /* The boundary of the 6-month report: 14/6 is in it, 15/6 is not. */
    kh_date from, to;
    report_window(REPORT_6M, REPORT_CUT_ND09, day(2023, 6, 30), &from, &to);
    assert_true(day(2023, 6, 14) <= to);
    assert_false(day(2023, 6, 15) <= to);
    assert_true(day(2022, 12, 15) >= from);
    assert_false(day(2022, 12, 14) >= from);
    /* ... and 15/6 opens July's monthly window. */
    report_window(REPORT_MONTH, REPORT_CUT_ND09, day(2023, 7, 1), &from, &to);
    assert_int_equal(from, day(2023, 6, 15));
    assert_int_equal(report_window(REPORT_MONTH, REPORT_CUT_ND09, KH_NO_DATE, &from, &to),
                     KH_E_INVALID);
}

/* A plan that says `reporting: nd09` gets the windows from report_period,
 * not kept within the plan period (the window is the decree's). */
static void test_nd09_plan(void **state)
{
    (void)state;
    char *yaml = variant("  period:", "  reporting: nd09\n  period:");
    kh_plan *plan = load_ok(yaml);
    assert_int_equal(plan->reporting, KH_REPORTING_ND09);
    kh_date from, to;
    report_cut cut;
    assert_int_equal(report_period(plan, day(2023, 6, 20), REPORT_6M, KH_NO_DATE, &from, &to, &cut),
                     KH_E_OK);
    assert_int_equal(cut, REPORT_CUT_ND09);
    assert_int_equal(from, day(2022, 12, 15));
    assert_int_equal(to, day(2023, 6, 14));
    model_free(plan);
    free(yaml);
    yaml = variant("  period:", "  reporting: calendar\n  period:");
    plan = load_ok(yaml);
    assert_int_equal(plan->reporting, KH_REPORTING_CALENDAR);
    model_free(plan);
    free(yaml);
    /* Anything else is refused, where it is written. */
    expect_bad("  period:", "  reporting: monthly\n  period:", "nd09");
}

static void test_report_names(void **state)
{
    fixture *f = *state;
    kh_filter flt;
    app_filter_init(&flt);
    flt.unit = model_find_unit(f->app.plan, "tp");
    char *name = report_default_name(&f->app, &flt, day(2023, 1, 1), day(2023, 6, 30), REPORT_HTML);
    assert_string_equal(name, "bao-cao-test-plan-2023-01-01-2023-06-30-tp.html");
    free(name);
    /* The filter's status, timeliness and search words are in the name. */
    flt.status = ST_DOING;
    flt.timeliness = TL_OVERDUE;
    app_filter_set_query(&flt, "Tư pháp / hộ tịch!");
    name = report_default_name(&f->app, &flt, day(2023, 1, 1), day(2023, 6, 30), REPORT_MD);
    assert_string_equal(name,
                        "bao-cao-test-plan-2023-01-01-2023-06-30-tp-doing-overdue-tim-tu-phap-ho-"
                        "tich.md");
    free(name);
    flt.status = flt.timeliness = -1;
    app_filter_set_query(&flt, "");
    /* A new file each time, never one written before. */
    char *first, *second;
    kh_error e = {0};
    assert_int_equal(report_write_new(&f->app, &flt, day(2023, 1, 1), day(2023, 6, 30), REPORT_MD,
                                      f->dir, &first, &e),
                     KH_E_OK);
    assert_int_equal(report_write_new(&f->app, &flt, day(2023, 1, 1), day(2023, 6, 30), REPORT_MD,
                                      f->dir, &second, &e),
                     KH_E_OK);
    char *want = xasprintf("%s/bao-cao-test-plan-2023-01-01-2023-06-30-tp-2.md", f->dir);
    assert_string_equal(second, want);
    assert_int_equal(access(first, F_OK), 0);
    free(want);
    free(first);
    free(second);
    /* A folder that cannot be written: an error naming the file, nothing
     * made. */
    char *none = xasprintf("%s/no", f->dir);
    assert_int_equal(report_write_new(&f->app, &flt, day(2023, 1, 1), day(2023, 6, 30), REPORT_MD,
                                      none, &first, &e),
                     KH_E_IO);
    assert_null(first);
    assert_non_null(strstr(e.detail, none));
    free(none);
    assert_int_equal(report_format_parse("markdown"), REPORT_MD);
    assert_int_equal(report_format_parse("pdf"), -1);
    /* Written whole through a temporary file, or not at all. */
    char *path = xasprintf("%s/r.csv", f->dir);
    kh_error err = {0};
    assert_int_equal(report_write(&f->app, &flt,
                                  &(report_opts){.from = day(2023, 1, 1), .to = day(2023, 6, 30)},
                                  REPORT_CSV_BOM, path, &err),
                     KH_E_OK);
    FILE *in = fopen(path, "rb");
    assert_non_null(in);
    char head[4] = {0};
    assert_int_equal(fread(head, 1, 3, in), 3);
    assert_memory_equal(head, "\xEF\xBB\xBF", 3);
    fclose(in);
    free(path);
    path = xasprintf("%s/no/r.csv", f->dir);
    assert_int_equal(report_write(&f->app, NULL,
                                  &(report_opts){.from = day(2023, 1, 1), .to = day(2023, 6, 30)},
                                  REPORT_MD, path, &err),
                     KH_E_IO);
    assert_non_null(strstr(err.detail, path));
    free(path);
    path = xasprintf("%s/backwards.md", f->dir);
    assert_int_equal(report_write(&f->app, NULL,
                                  &(report_opts){.from = day(2023, 6, 30), .to = day(2023, 1, 1)},
                                  REPORT_MD, path, &err),
                     KH_E_INVALID);
    assert_int_equal(access(path, F_OK), -1);
    free(path);
    app_filter_done(&flt);
}

/* Change task id as of noon on day `when` (local time), as app_change
 * would have then. */
static void change_on(kh_app *app, const char *id, int status, int progress, kh_date when)
{
    const kh_task *t = task(app->plan, id);
    kh_change c = {.status = status, .progress = progress, .today = when, .expected_version = -1};
    kh_state st;
    kh_error err = {0};
    if (store_apply_base(app->store, app->plan->id, t->id, &c, t->base, "minh",
                         app_day_start(when) + 12 * 3600, &st, &err))
        fail_msg("%s: %s", id, err.detail);
}

/* Return the CSV report's row of task id (heap), from its id on. */
static char *csv_row(const char *csv, const char *id)
{
    char *key = xasprintf(",%s,", id);
    const char *p = strstr(csv, key);
    free(key);
    if (!p) fail_msg("no row for %s in:\n%s", id, csv);
    return xstrndup(p + 1, strcspn(p + 1, "\r\n"));
}

/* Assert the CSV row of task id holds the status, progress and completion
 * cells given ("Trạng thái,Tiến độ (%),...,Hoàn thành"). */
static void expect_row(const char *csv, const char *id, const char *state, const char *done)
{
    char *row = csv_row(csv, id);
    if (!strstr(row, state)) fail_msg("%s: no \"%s\" in %s", id, state, row);
    if (!strstr(row, done)) fail_msg("%s: no \"%s\" in %s", id, done, row);
    free(row);
}

/* Write the 6-month report as CSV; return it (heap). */
static char *six_month_csv(kh_app *app)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    kh_error err = {0};
    assert_int_equal(report_fwrite(app, NULL,
                                   &(report_opts){.from = day(2023, 1, 1), .to = day(2023, 6, 30)},
                                   REPORT_CSV, out, &err),
                     KH_E_OK);
    fclose(out);
    return buf;
}

static void test_report_state_as_of(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    /* Under way from April, done in July. */
    change_on(app, "II.2", ST_DOING, 40, day(2023, 4, 10));
    change_on(app, "II.2", ST_DONE, -1, day(2023, 7, 5));
    /* Not started, then done in July at once. */
    change_on(app, "III.1.1/2023-02", ST_DONE, -1, day(2023, 7, 5));
    /* Done in May by the plan file, taken up again in July. */
    change_on(app, "II.1", ST_DOING, 50, day(2023, 7, 10));
    /* Changed before the day only. */
    change_on(app, "III.1.1/2023-03", ST_BLOCKED, 30, day(2023, 3, 1));
    assert_int_equal(app_reload_state(app, &err), KH_E_OK);

    /* The period is over: as of 30/06. */
    app->today = day(2023, 8, 1);
    char *csv = six_month_csv(app);
    expect_row(csv, "II.2", ",Đang thực hiện,40,", ",05/07/2023 (sau ngày số liệu),");
    expect_row(csv, "III.1.1/2023-02", ",Chưa thực hiện,0,", ",05/07/2023 (sau ngày số liệu),");
    expect_row(csv, "II.1", ",Đã hoàn thành,100,", ",30/05/2023,");
    expect_row(csv, "III.1.1/2023-03", ",Vướng mắc,30,", ",,");
    /* The plan file's state, done before the day. */
    expect_row(csv, "III.1.1/2023-01", ",Đã hoàn thành,100,", ",25/01/2023,");
    free(csv);

    /* As of today, before the changes: the state of that day. */
    app->today = day(2023, 5, 1);
    csv = six_month_csv(app);
    expect_row(csv, "II.2", ",Đang thực hiện,40,", ",05/07/2023 (sau ngày số liệu),");
    expect_row(csv, "III.1.1/2023-02", ",Chưa thực hiện,0,", ",05/07/2023 (sau ngày số liệu),");
    free(csv);

    /* After them: the state now. */
    app->today = day(2023, 12, 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_int_equal(report_fwrite(app, NULL,
                                   &(report_opts){.from = day(2023, 1, 1), .to = day(2023, 12, 31)},
                                   REPORT_CSV, out, &err),
                     KH_E_OK);
    fclose(out);
    expect_row(buf, "II.2", ",Đã hoàn thành,100,", ",05/07/2023,");
    expect_row(buf, "II.1", ",Đang thực hiện,50,", ",,");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_loaded),
        cmocka_unit_test(test_bad_states),
        cmocka_unit_test(test_record_in_state),
        cmocka_unit_test(test_save_round_trip),
        cmocka_unit_test(test_save_sub_items_and_events),
        cmocka_unit_test(test_save_escapes_control),
        cmocka_unit_test(test_escapes_only_in_state),
        cmocka_unit_test(test_orphans_and_history),
        cmocka_unit_test_setup_teardown(test_notes_of_both_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_row_overrides_plan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_store_change_from_base, setup, teardown),
        cmocka_unit_test(test_proposals),
        cmocka_unit_test(test_periods),
        cmocka_unit_test(test_nd09_windows),
        cmocka_unit_test(test_nd09_plan),
        cmocka_unit_test_setup_teardown(test_report_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_state_as_of, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
