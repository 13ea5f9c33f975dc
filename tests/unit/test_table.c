/* Unit tests for table.c (issue 18): the rows of `kehoach list`'s table,
 * made with the cells kept and copied, are byte for byte what the code
 * before it made (kept below as the reference, ref_*, copied from
 * src/cli/cmd_list.c as it was: every cell made, measured with text_width
 * and fitted with text_fit), on tasks of every kind and state with tricky
 * text (NFD Vietnamese, wide characters, tabs and newlines to be made one
 * line, control characters, bidi controls, ASCII) in every width from one
 * column up, with colours and without. */
#include "testutil.h"

#include "kehoach/date.h"
#include "kehoach/model.h"
#include "kehoach/table.h"
#include "kehoach/text.h"

/* ---- the reference: src/cli/cmd_list.c before table.c ---- */

static void ref_status_cell(strbuf *out, const kh_plan *plan, const kh_task *t, kh_date today,
                            kh_lang lang)
{
    if (model_task_summary(t)) {
        model_member_summary(out, plan, (size_t)(t - plan->tasks), today, lang);
        return;
    }
    model_status_label(out, t, today, lang);
    if (t->status == ST_DOING && t->progress) sb_printf(out, " %d%%", t->progress);
}

static void ref_lead_names(strbuf *out, const kh_plan *plan, const kh_task *t)
{
    for (size_t i = 0; i < t->nlead; i++) {
        if (i) sb_add(out, ", ", 2);
        sb_puts(out, plan->units[t->lead[i]].short_name);
    }
}

static void ref_deadline_cell(strbuf *cell, const kh_task *t, kh_lang lang)
{
    model_deadline_short(cell, t, lang);
    if (model_task_extended(t)) sb_puts(cell, "*");
}

static void ref_measure(const kh_plan *plan, kh_date today, kh_lang lang, const uint32_t *idx,
                        size_t n, int *w)
{
    strbuf cell = STRBUF_INIT;
    for (size_t k = 0; k < n; k++) {
        const kh_task *t = &plan->tasks[idx[k]];
        int iw = (int)strlen(t->id);
        if (iw > w[0]) w[0] = iw;
        if (w[2] < 16) {
            sb_reset(&cell);
            ref_lead_names(&cell, plan, t);
            int cw = text_width(sb_str(&cell));
            if (cw > w[2]) w[2] = cw;
        }
        sb_reset(&cell);
        ref_deadline_cell(&cell, t, lang);
        int dw = text_width(sb_str(&cell));
        if (dw > w[3]) w[3] = dw;
        if (w[4] < 30) {
            sb_reset(&cell);
            ref_status_cell(&cell, plan, t, today, lang);
            int sw = text_width(sb_str(&cell));
            if (sw > w[4]) w[4] = sw;
        }
    }
    sb_done(&cell);
    if (w[2] > 16) w[2] = 16;
    if (w[4] > 30) w[4] = 30;
}

static void ref_row(const kh_plan *plan, kh_date today, kh_lang lang, bool colors, const int *w,
                    const kh_task *t, strbuf *line)
{
    strbuf cell = STRBUF_INIT, clean = STRBUF_INIT;
    kh_timeliness tl = model_timeliness(t, today);
    const char *color = model_task_summary(t)  ? ""
                        : tl == TL_OVERDUE     ? "\033[31m"
                        : tl == TL_DUE_SOON    ? "\033[33m"
                        : model_task_done(t)   ? "\033[32m"
                        : t->status == ST_DONE ? "\033[36m"
                                               : "";
    text_fit(line, t->id, w[0], true);
    sb_putc(line, ' ');
    model_task_row_title(&cell, t, lang);
    const char *title = sb_str(&cell);
    if (strpbrk(title, "\n\t\r")) {
        text_sanitize(&clean, title, TEXT_ONE_LINE);
        title = sb_str(&clean);
    }
    text_fit(line, title, w[1], true);
    sb_putc(line, ' ');
    sb_reset(&cell);
    ref_lead_names(&cell, plan, t);
    text_fit(line, sb_str(&cell), w[2], true);
    sb_putc(line, ' ');
    sb_reset(&cell);
    ref_deadline_cell(&cell, t, lang);
    text_fit(line, sb_str(&cell), w[3], true);
    sb_putc(line, ' ');
    sb_reset(&cell);
    ref_status_cell(&cell, plan, t, today, lang);
    if (colors) sb_puts(line, color);
    text_fit(line, sb_str(&cell), w[4], false);
    if (colors && color[0]) sb_puts(line, "\033[0m");
    sb_putc(line, '\n');
    sb_done(&cell);
    sb_done(&clean);
}

/* ---- tricky plans ---- */

static const char *const unit_names[] = {"VP",
                                         "Tư pháp",
                                         "Tu\xCC\x9B pha\xCC\x81p" /* NFD */,
                                         "東京",
                                         "ĐC-XD",
                                         "Công an",
                                         "a\tb",
                                         "x\x01y",
                                         "\xE2\x80\xAE"
                                         "abc",
                                         "Ủy ban nhân dân phường Thử nghiệm",
                                         "",
                                         "e\xCC\x81\xCC\x82\xCC\x83\xCC\x84",
                                         "😀 emoji",
                                         "TDP 12"};

static const char *const titles[] = {
    "Tuyên truyền",
    "Tăng cường công tác phòng, chống tham nhũng, tiêu cực trên địa bàn phường",
    "Tuye\xCC\x82\xCC\x89n truye\xCC\x82\xCC\x80n Lua\xCC\xA3\xCC\x82t (NFD)",
    "Short",
    "",
    "Báo cáo\nhằng tháng\tcho UBND",
    "Dòng một\r\nDòng hai",
    "Kiểm tra      khoảng trắng                                         ở cuối     ",
    "東京都の会議に参加する計画を立てる、とても長い題名です",
    "Mixed 東京 và tiếng Việt có dấu đầy đủ ở đây nữa",
    "control \x01 byte and \x7f del then a long tail of words to cut here",
    "bidi \xE2\x80\xAE reversed \xE2\x80\xAC and more words to make it long enough",
    "a\xCC\x81",
    "Chữ cuối cùng có dấu ở đúng chỗ bị cắt: phường",
    "ASCII only title that is long enough to need cutting in every width",
    "“Trích dẫn” – gạch ngang … và ba chấm",
    "\xC2\xAD soft hyphen \xC2\xA0 no-break space",
    "Tab at the end\t",
    "x",
};

static const char *const ids[] = {"II.1", "III.17.97",      "II.1000",    "Ⅳ.2", "III.1.3/2023-01",
                                  "a",    "id with spaces", "III.2@tdp-1"};

static uint32_t rnd_state = 12345;

static uint32_t rnd(uint32_t n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (rnd_state >> 8) % n;
}

enum { NTASKS = 600 };

typedef struct {
    kh_plan plan;
    kh_unit units[KH_ARRAY_LEN(unit_names)];
    kh_task tasks[NTASKS];
    uint16_t leads[NTASKS][4];
    uint32_t idx[NTASKS];
} test_plan;

static void make_plan(test_plan *p, bool tricky)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < KH_ARRAY_LEN(unit_names); i++) {
        p->units[i].id = "u";
        p->units[i].name = unit_names[i];
        p->units[i].short_name = tricky ? unit_names[i] : unit_names[i % 2];
    }
    p->plan.units = p->units;
    p->plan.nunits = KH_ARRAY_LEN(unit_names);
    p->plan.tasks = p->tasks;
    p->plan.ntasks = NTASKS;
    kh_date base = date_from_ymd(2023, 6, 15);
    for (size_t i = 0; i < NTASKS; i++) {
        kh_task *t = &p->tasks[i];
        t->id = ids[rnd(KH_ARRAY_LEN(ids))];
        t->title = tricky ? titles[rnd(KH_ARRAY_LEN(titles))] : titles[rnd(2)];
        t->text = t->title;
        t->nlead = (uint16_t)rnd(4);
        for (size_t k = 0; k < t->nlead; k++)
            p->leads[i][k] = (uint16_t)rnd((uint32_t)p->plan.nunits);
        t->lead = p->leads[i];
        t->section = 2;
        t->dl_kind = (uint8_t)rnd(5);
        t->due = rnd(10) ? base - 60 + (kh_date)rnd(120) : KH_NO_DATE;
        if (t->dl_kind == DL_NONE) t->due = KH_NO_DATE;
        if (t->dl_kind == DL_PERIODIC) {
            t->every = (uint8_t)rnd(EVERY_COUNT);
            t->occ = (uint8_t)(1 + rnd(12));
            t->occ_year = (int16_t)(2022 + rnd(3));
        }
        t->nextensions = rnd(5) == 0;
        t->due_original = t->due;
        t->status = (uint8_t)rnd(ST_COUNT);
        t->progress = (uint8_t)(t->status == ST_DONE ? 100 : rnd(3) ? rnd(101) : 0);
        t->completed = t->status == ST_DONE ? base - 100 + (kh_date)rnd(200) : KH_NO_DATE;
        t->withdrawn = rnd(20) == 0;
        t->confirmer = rnd(4) == 0 ? 1 : 0;
        t->verdict = (uint8_t)rnd(3);
        t->duty = -1;
    }
    /* A task assigned to each ward, followed by its occurrences. */
    for (size_t i = 10; i + 4 < NTASKS; i += 97) {
        p->tasks[i].nsub = 3;
        p->tasks[i].id = "III.5";
        for (size_t k = 1; k <= 3; k++) {
            p->tasks[i + k].sub_of = (uint32_t)(i + 1);
            p->tasks[i + k].id = k == 1 ? "III.5@tdp-1" : k == 2 ? "III.5@tdp-2" : "III.5@tdp-3";
        }
    }
    for (size_t i = 0; i < NTASKS; i++) p->idx[i] = (uint32_t)i;
}

/* The table of plan p over its first n tasks in each split of the line
 * between the columns, made both ways, must be the same. */
static void check_tables(test_plan *p, size_t n, kh_lang lang, bool colors)
{
    kh_date today = date_from_ymd(2023, 6, 15);
    int ref_w[5] = {2, 8, 6, 8, 10}; /* the heads' widths */
    ref_measure(&p->plan, today, lang, p->idx, n, ref_w);
    kh_table tb;
    table_init(&tb, &p->plan, today, lang, colors);
    int w[5] = {2, 8, 6, 8, 10};
    table_measure(&tb, p->idx, n, w);
    for (int i = 0; i < 5; i++) assert_int_equal(w[i], ref_w[i]);
    /* The widths a table can be given, the narrowest first. */
    static const int splits[][5] = {{1, 1, 1, 1, 1},     {2, 3, 2, 3, 2},      {4, 10, 4, 10, 8},
                                    {12, 20, 8, 12, 15}, {18, 21, 10, 12, 15}, {20, 60, 16, 15, 30},
                                    {0, 0, 0, 0, 0}};
    for (size_t s = 0; s < KH_ARRAY_LEN(splits); s++) {
        bool measured = s + 1 == KH_ARRAY_LEN(splits);
        for (int i = 0; i < 5; i++) tb.w[i] = measured ? w[i] : splits[s][i];
        if (measured) tb.w[1] = 25;
        kh_table fresh;
        table_init(&fresh, &p->plan, today, lang, colors);
        int fw[5] = {2, 8, 6, 8, 10};
        table_measure(&fresh, p->idx, n, fw);
        memcpy(fresh.w, tb.w, sizeof fresh.w);
        table_fit_kept(&fresh);
        strbuf mine = STRBUF_INIT, ref = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
        for (size_t k = 0; k < n; k++) {
            const kh_task *t = &p->tasks[p->idx[k]];
            sb_reset(&mine);
            sb_reset(&ref);
            table_row(&fresh, t, &mine, &a, &b);
            ref_row(&p->plan, today, lang, colors, fresh.w, t, &ref);
            if (strcmp(sb_str(&mine), sb_str(&ref)) != 0) {
                fprintf(stderr, "row %zu (widths %d %d %d %d %d):\n mine: [%s]\n  ref: [%s]\n", k,
                        fresh.w[0], fresh.w[1], fresh.w[2], fresh.w[3], fresh.w[4], sb_str(&mine),
                        sb_str(&ref));
                fail();
            }
            /* Without the fitted cells too (table_fit_kept not called). */
            sb_reset(&mine);
            memcpy(tb.w, fresh.w, sizeof tb.w);
            table_row(&tb, t, &mine, &a, &b);
            assert_string_equal(sb_str(&mine), sb_str(&ref));
        }
        sb_done(&mine);
        sb_done(&ref);
        sb_done(&a);
        sb_done(&b);
        table_done(&fresh);
    }
    table_done(&tb);
}

static void rows_match_on_tricky_text(void **state)
{
    (void)state;
    static test_plan p;
    for (int round = 0; round < 4; round++) {
        make_plan(&p, true);
        check_tables(&p, NTASKS, round % 2 ? KH_LANG_EN : KH_LANG_VI, round >= 2);
    }
}

static void rows_match_on_plain_plan(void **state)
{
    (void)state;
    static test_plan p;
    make_plan(&p, false);
    check_tables(&p, NTASKS, KH_LANG_VI, false);
    check_tables(&p, 1, KH_LANG_VI, true);
    check_tables(&p, 0, KH_LANG_EN, false);
}

/* The widths measured come from the kept cells: when they are full, the
 * rows are still right (cells made again). */
static void rows_match_with_many_deadlines(void **state)
{
    (void)state;
    static test_plan p;
    make_plan(&p, true);
    for (size_t i = 0; i < NTASKS; i++) {
        p.tasks[i].due = date_from_ymd(2000, 1, 1) + (kh_date)(i * 37);
        p.tasks[i].dl_kind = DL_DATE;
    }
    check_tables(&p, NTASKS, KH_LANG_VI, false);
}

/* text_fit_simple answers what text_fit answers, or nothing. */
static void fit_simple_is_text_fit_or_nothing(void **state)
{
    (void)state;
    strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    for (size_t i = 0; i < KH_ARRAY_LEN(titles); i++) {
        for (int cols = -1; cols < 70; cols++) {
            for (int pad = 0; pad < 2; pad++) {
                sb_reset(&a);
                sb_reset(&b);
                int r = text_fit_simple(&a, titles[i], cols, pad);
                int want = text_fit(&b, titles[i], cols, pad);
                if (r < 0) {
                    assert_int_equal(a.len, 0);
                    continue;
                }
                assert_int_equal(r, want);
                assert_string_equal(sb_str(&a), sb_str(&b));
            }
        }
    }
    sb_done(&a);
    sb_done(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rows_match_on_tricky_text),
        cmocka_unit_test(rows_match_on_plain_plan),
        cmocka_unit_test(rows_match_with_many_deadlines),
        cmocka_unit_test(fit_simple_is_text_fit_or_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
