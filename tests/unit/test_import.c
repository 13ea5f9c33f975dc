/* The importer: the quoting function's round trip through the loader,
 * deadline words, unit ids from names, merged cells, the draft's points. */
#include "testutil.h"

#include "doc/doc_int.h"
#include "kehoach/import.h"
#include "kehoach/plan_draft.h"

/* Import the Markdown text md; the draft, or fail. */
static imp_draft *import_md(const char *md, kh_doc **doc)
{
    kh_error err = {0};
    assert_int_equal(doc_read_buffer("t.md", md, strlen(md), KH_LANG_VI, doc, &err), KH_E_OK);
    imp_options opt = {NULL, "t.md", KH_LANG_VI};
    imp_draft *d = NULL;
    kh_errcode rc = import_analyse(*doc, &opt, &d, &err);
    if (rc) fail_msg("import: %s", err.detail);
    return d;
}

static const imp_task *task(const imp_draft *d, const char *id)
{
    for (size_t i = 0; i < d->ntasks; i++)
        if (!strcmp(d->tasks[i].id, id)) return &d->tasks[i];
    fail_msg("no task %s", id);
    return NULL;
}

static void test_quote_round_trip(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "a \"quoted\" back\\slash",
        "line one\nline two\n  indented after a break",
        "tab\there, and a # not a comment: and - not a list",
        "~",
        "- [x] {y}: z",
        "Tiếp tục đẩy mạnh công tác tuyên truyền phổ biến Luật Thực hiện dân chủ ở cơ sở và các "
        "văn bản liên quan về thực hiện dân chủ ở cơ sở, nâng cao trách nhiệm của cả hệ thống "
        "chính trị, phát huy vai trò của người đứng đầu.",
        "two  spaces  kept   and a trailing one ",
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(texts); i++) {
        strbuf y = STRBUF_INIT;
        sb_puts(&y, "kehoach: 1\nplan:\n  id: p\n  title: t\n  issuer: i\n"
                    "  period: {from: 2024-01-01, to: 2024-12-31}\n"
                    "units:\n  - {id: u, name: U}\ncontents:\n  - id: A\n    text: ");
        plan_yaml_quote(&y, texts[i], 6, 40);
        sb_puts(&y, "\n    lead: u\n    deadline: continuous\n");
        kh_plan *plan = NULL;
        kh_diags diags = {0};
        kh_errcode rc = plan_load_buffer("q.yaml", sb_str(&y), y.len, KH_LANG_EN, &plan, &diags);
        if (rc) fail_msg("%s\n%s", diags.n ? diags.v[0].msg : "?", sb_str(&y));
        assert_string_equal(plan->tasks[0].text, texts[i]);
        model_free(plan);
        diags_free(&diags);
        sb_done(&y);
    }
}

#define HEAD "**KẾ HOẠCH**\n**Thử nghiệm năm 2024**\n\n**II. NỘI DUNG**\n\n"

static void test_deadline_words(void **state)
{
    (void)state;
    kh_doc *doc;
    imp_draft *d = import_md(HEAD "1. Hoàn thành trong quý II/2024.\n\n"
                                  "2. Gửi báo cáo trước ngày 15/12/2024 về UBND phường.\n\n"
                                  "3. Báo cáo định kỳ hàng tháng, quý.\n\n"
                                  "4. Tổ chức từ tháng 3 đến tháng 5/2024.\n\n"
                                  "5. Lập danh sách chậm nhất 105 ngày trước ngày bầu cử.\n\n"
                                  "6. Thường xuyên kiểm tra.\n\n"
                                  "7. Tiếp tục tuyên truyền.\n\n"
                                  "8. Tổ chức hội nghị sơ kết.\n\n"
                                  "9. Nộp báo cáo 6 tháng đầu năm 2024.\n\n"
                                  "10. Xong trong tháng 6/2024.\n\n"
                                  "11. Hoàn thành trước ngày 31/11/2024.\n",
                             &doc);
    char b[11];
    const imp_task *t = task(d, "II.1");
    assert_int_equal(t->deadline.kind, IMP_DL_DATE);
    assert_string_equal(date_format_iso(t->deadline.date, b), "2024-06-30");
    assert_string_equal(t->deadline.words, "quý II/2024");
    t = task(d, "II.2");
    /* "Trước ngày 15/12/2024": due by the day before (plan-format §10). */
    assert_string_equal(date_format_iso(t->deadline.date, b), "2024-12-14");
    assert_string_equal(t->deadline.words, "trước ngày 15/12/2024");
    t = task(d, "II.3");
    assert_int_equal(t->deadline.kind, IMP_DL_PERIODIC);
    assert_int_equal(t->deadline.every, (1u << EVERY_MONTH) | (1u << EVERY_QUARTER));
    t = task(d, "II.4");
    assert_int_equal(t->deadline.kind, IMP_DL_WINDOW);
    assert_int_equal(t->deadline.why.conf, IMP_SOURCE); /* {from, to}: the format holds it */
    assert_string_equal(date_format_iso(t->deadline.from, b), "2024-03-01");
    assert_string_equal(date_format_iso(t->deadline.date, b), "2024-05-31");
    t = task(d, "II.5");
    assert_int_equal(t->deadline.kind, IMP_DL_EVENT);
    assert_int_equal(t->deadline.days, -105);
    assert_string_equal(t->deadline.event, "ngày bầu cử");
    assert_int_equal(task(d, "II.6")->deadline.kind, IMP_DL_CONTINUOUS);
    assert_int_equal(task(d, "II.6")->deadline.why.conf, IMP_SOURCE);
    assert_int_equal(task(d, "II.7")->deadline.kind, IMP_DL_CONTINUOUS);
    assert_int_equal(task(d, "II.7")->deadline.why.conf, IMP_RULE);
    assert_int_equal(task(d, "II.8")->deadline.kind, IMP_DL_PERIOD_END);
    assert_int_equal(task(d, "II.8")->deadline.why.conf, IMP_GUESS);
    t = task(d, "II.9");
    assert_string_equal(date_format_iso(t->deadline.date, b), "2024-06-30");
    t = task(d, "II.10");
    assert_string_equal(date_format_iso(t->deadline.date, b), "2024-06-30");
    /* 31/11 is no day: a deadline it could not read, an open point. */
    assert_int_equal(task(d, "II.11")->deadline.why.conf, IMP_OPEN);
    import_free(d);
    doc_free(doc);
}

static void test_unit_ids(void **state)
{
    (void)state;
    kh_doc *doc;
    imp_draft *d = import_md(HEAD "1. Tuyên truyền thường xuyên.\n\n**III. TỔ CHỨC THỰC HIỆN**\n\n"
                                  "**1. Văn phòng – thông kê**\n\n- Theo dõi kế hoạch này.\n\n"
                                  "**2. Bộ phận VHXX- VHTT**\n\n- Tuyên truyền.\n\n"
                                  "**3. Bộ phận Một cửa**\n\n- Tiếp nhận hồ sơ.\n\n"
                                  "**4. Công an phường**\n\n- Giữ an ninh.\n\n"
                                  "**5. Đề nghị Ủy ban MTTQ Việt Nam phường**\n\n- Giám sát.\n",
                             &doc);
    static const char *const ids[] = {"vp-tk", "vhxh-vhtt", "mot-cua", "cong-an", "mttq"};
    assert_int_equal(d->nunits, 5);
    for (size_t i = 0; i < 5; i++) assert_string_equal(d->units[i].id, ids[i]);
    assert_string_equal(d->units[0].name, "Văn phòng – Thống kê");
    assert_int_equal(d->units[0].why.conf, IMP_GUESS); /* thông → Thống */
    assert_string_equal(d->units[1].name, "Văn hóa xã hội – Văn hóa thông tin");
    assert_string_equal(d->units[1].short_name, "VHXH-VHTT");
    assert_int_equal(d->units[2].why.conf, IMP_RULE);
    /* II.1, named by no duty, goes to the unit that follows the plan. */
    const imp_task *t = task(d, "II.1");
    assert_int_equal(t->nlead, 1);
    assert_string_equal(d->units[t->lead[0]].id, "vp-tk");
    assert_int_equal(t->lead_why.conf, IMP_GUESS);
    import_free(d);
    doc_free(doc);
}

static void test_merged_cells(void **state)
{
    (void)state;
    static const char xml[] =
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:body><w:tbl>"
        "<w:tr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Chủ trì</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Tuyên truyền</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>"
        "<w:p><w:r><w:t>Tư pháp – Hộ tịch</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Hòa giải</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"3\"/></w:tcPr>"
        "<w:p><w:r><w:t>Ghi chú</w:t></w:r></w:p></w:tc></w:tr>"
        "</w:tbl></w:body></w:document>";
    kh_doc *doc = xcalloc(1, sizeof *doc);
    doc->format = DOC_DOCX;
    kh_error err = {0};
    assert_int_equal(
        doc_docx_parse_xml(doc, xml, sizeof xml - 1, NULL, 0, NULL, 0, KH_LANG_VI, &err), KH_E_OK);
    assert_int_equal(doc->ntables, 1);
    const doc_table *t = &doc->tables[0];
    assert_int_equal(t->rows, 4);
    assert_int_equal(t->cols, 3);
    assert_int_equal(doc_cell_at(t, 1, 2)->rowspan, 2);
    assert_int_equal(doc_cell_at(t, 2, 2)->origin_row, 1);
    assert_string_equal(doc_cell_text(doc, t, 2, 2), "Tư pháp – Hộ tịch");
    assert_int_equal(doc_cell_at(t, 3, 0)->colspan, 3);
    assert_int_equal(doc_cell_at(t, 3, 2)->origin_col, 0);
    imp_options opt = {NULL, "t.docx", KH_LANG_VI};
    imp_draft *d = NULL;
    assert_int_equal(import_analyse(doc, &opt, &d, &err), KH_E_OK);
    /* Both rows led by the merged cell's unit, from the table itself. */
    for (int i = 1; i <= 2; i++) {
        char id[16];
        snprintf(id, sizeof id, "II.%d", i);
        const imp_task *k = task(d, id);
        assert_int_equal(k->nlead, 1);
        assert_string_equal(d->units[k->lead[0]].id, "tp-ht");
        assert_int_equal(k->lead_why.conf, IMP_SOURCE);
    }
    import_free(d);
    doc_free(doc);
}

static void test_draft_points_and_loads(void **state)
{
    (void)state;
    kh_doc *doc;
    imp_draft *d = import_md(HEAD "1. Tiếp tục tuyên truyền.\n\n2. Tổ chức hội nghị.\n", &doc);
    strbuf y = STRBUF_INIT;
    plan_draft_points pts = {0};
    plan_draft_write(d, doc, KH_LANG_VI, &y, &pts);
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    kh_errcode rc = plan_load_buffer("d.yaml", sb_str(&y), y.len, KH_LANG_VI, &plan, &diags);
    if (rc) fail_msg("%s\n%s", diags.n ? diags.v[0].msg : "?", sb_str(&y));
    assert_int_equal(plan->ntasks, 2);
    model_free(plan);
    /* Each point names a line whose comment above says XEM LẠI, or is one. */
    assert_true(pts.n >= 2);
    for (size_t i = 0; i < pts.n; i++) {
        int line = 1, want = pts.v[i].line;
        bool marked = false;
        for (const char *p = sb_str(&y); *p; p++) {
            if (line >= want - 4 && line <= want && !strncmp(p, "XEM LẠI", strlen("XEM LẠI")))
                marked = true;
            if (*p == '\n') line++;
        }
        if (!marked) fail_msg("point at line %d: %s", want, pts.v[i].msg);
    }
    /* Deterministic. */
    strbuf y2 = STRBUF_INIT;
    plan_draft_points pts2 = {0};
    plan_draft_write(d, doc, KH_LANG_VI, &y2, &pts2);
    assert_string_equal(sb_str(&y), sb_str(&y2));
    plan_draft_points_free(&pts);
    plan_draft_points_free(&pts2);
    sb_done(&y);
    sb_done(&y2);
    diags_free(&diags);
    import_free(d);
    doc_free(doc);
}

/* Find the task id in the loaded plan, or fail. */
static const kh_task *plan_task(const kh_plan *p, const char *id)
{
    for (size_t i = 0; i < p->ntasks; i++)
        if (!strcmp(p->tasks[i].id, id)) return &p->tasks[i];
    fail_msg("no task %s in the loaded draft", id);
    return NULL;
}

/* The format's newer constructs, read from a document and written so that
 * the loader builds them: the period line, targets, sub-items taking their
 * task's lead and deadline, a window, an event with its day, the plan's own
 * section headings, deadline words kept as written. */
static void test_new_constructs(void **state)
{
    (void)state;
    kh_doc *doc;
    imp_draft *d = import_md("**KẾ HOẠCH**\n**Tổ chức bầu cử trên địa bàn xã**\n\n"
                             "Thời gian thực hiện: từ ngày 01/11/2025 đến ngày 30/4/2026.\n\n"
                             "**I. MỤC TIÊU**\n\n1. Bảo đảm bầu cử đúng luật.\n\n2. Chỉ tiêu\n\n"
                             "- Tỷ lệ cử tri đi bầu: đạt 95% vào năm 2026.\n\n"
                             "- Số khu vực bỏ phiếu có phương án an ninh: 12 vào năm 2026.\n\n"
                             "- Ít nhất 80% cử tri được phát thẻ trước ngày bầu cử.\n\n"
                             "- 100% khu vực bỏ phiếu có loa truyền thanh (đến năm 2026).\n\n"
                             "**IV. NHIỆM VỤ VÀ GIẢI PHÁP**\n\n"
                             "Ngày bầu cử: ngày 15/3/2026.\n\n"
                             "1. Lập danh sách cử tri chậm nhất 40 ngày trước ngày bầu cử.\n\n"
                             "2. Chuẩn bị khu vực bỏ phiếu trong quý I/2026.\n\n"
                             "a) Trang trí phòng bỏ phiếu.\n\n"
                             "b) Kiểm tra hòm phiếu từ tháng 2 đến tháng 3/2026.\n\n"
                             "3. Công bố kết quả trong 10 ngày sau ngày bầu cử.\n",
                             &doc);
    assert_int_equal(d->ntargets, 4);
    assert_string_equal(d->targets[0].text, "Tỷ lệ cử tri đi bầu");
    assert_int_equal(d->targets[0].measure, IMP_MEASURE_PERCENT);
    assert_int_equal(d->targets[0].years[0], 2026);
    assert_string_equal(d->targets[0].values[0], "95");
    assert_int_equal(d->targets[1].measure, IMP_MEASURE_COUNT);
    assert_int_equal(d->targets[2].why.conf, IMP_GUESS);  /* no year: the period's end */
    assert_int_equal(d->targets[3].why.conf, IMP_SOURCE); /* "(đến năm 2026)" */
    assert_int_equal(d->targets[3].years[0], 2026);
    assert_string_equal(d->targets[3].text,
                        "100% khu vực bỏ phiếu có loa truyền thanh (đến năm 2026)");
    assert_int_equal(d->naims, 1);
    assert_int_equal(d->nevents, 1);
    assert_string_equal(d->events[0].id, "bau-cu");
    assert_true(d->sections_own);
    assert_string_equal(d->sections[1], "IV. NHIỆM VỤ VÀ GIẢI PHÁP");
    assert_true(task(d, "IV.2")->group);
    assert_true(task(d, "IV.2.a")->inherit);

    strbuf y = STRBUF_INIT;
    plan_draft_points pts = {0};
    plan_draft_write(d, doc, KH_LANG_VI, &y, &pts);
    assert_non_null(strstr(sb_str(&y), "deadline: \"quý I/2026\""));
    assert_non_null(strstr(sb_str(&y), "deadline: {before: \"bau-cu\", days: 40}"));
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    kh_errcode rc = plan_load_buffer("d.yaml", sb_str(&y), y.len, KH_LANG_VI, &plan, &diags);
    if (rc) fail_msg("%s\n%s", diags.n ? diags.v[0].msg : "?", sb_str(&y));
    char b[11];
    assert_string_equal(date_format_iso(plan->from, b), "2025-11-01");
    assert_string_equal(date_format_iso(plan->to, b), "2026-04-30");
    assert_int_equal(plan->ntargets, 4);
    assert_int_equal(plan->targets[1].horizons[0].value, 12);
    assert_string_equal(plan->section_label[2], "IV. NHIỆM VỤ VÀ GIẢI PHÁP");
    /* 40 days before 15/03/2026; 10 after. */
    assert_string_equal(date_format_iso(plan_task(plan, "IV.1")->due, b), "2026-02-03");
    assert_string_equal(date_format_iso(plan_task(plan, "IV.3")->due, b), "2026-03-25");
    /* The sub-items: a) takes its task's deadline, b) has its own window. */
    const kh_task *g = plan_task(plan, "IV.2");
    assert_int_equal(g->nsub, 2);
    const kh_task *a = plan_task(plan, "IV.2.a"), *bb = plan_task(plan, "IV.2.b");
    assert_int_equal(a->sub_of, (uint32_t)(g - plan->tasks) + 1);
    assert_string_equal(date_format_iso(a->due, b), "2026-03-31");
    assert_string_equal(date_format_iso(bb->due, b), "2026-03-31");
    assert_true(bb->window_days > 0);
    model_free(plan);
    diags_free(&diags);
    plan_draft_points_free(&pts);
    sb_done(&y);
    import_free(d);
    doc_free(doc);
}

/* A basis document tied to the workspace's plan with its number, day and
 * issuer; not to a plan of another body with the same number. */
static void test_link(void **state)
{
    (void)state;
    kh_doc *doc;
    imp_draft *d = import_md(
        "**KẾ HOẠCH**\n**Thử năm 2023**\n\n"
        "Thực hiện Kế hoạch số 52/KH-UBND ngày 14/3/2023 của UBND thành phố Quảng Ngãi và Kế "
        "hoạch số 06-KH/BCĐ ngày 17/02/2023 của Ban chỉ đạo, UBND phường X xây dựng kế hoạch.\n\n"
        "**II. NỘI DUNG**\n\n1. Tuyên truyền thường xuyên.\n",
        &doc);
    assert_int_equal(d->nbasis, 2);
    imp_known_plan plans[] = {
        {"other", "other.yaml", "06-KH/BCĐ", "UBND huyện Sơn Tịnh", KH_NO_DATE},
        {"qcdc-tp", "tp.yaml", "52/kh-ubnd", "Ủy ban nhân dân thành phố Quảng Ngãi",
         date_from_ymd(2023, 3, 14)},
    };
    assert_int_equal(import_link(d, plans, 2), 1);
    assert_string_equal(d->basis[0].plan_id, "qcdc-tp");
    assert_string_equal(d->basis[0].plan_file, "tp.yaml");
    assert_string_equal(d->basis[0].number, "52/kh-ubnd"); /* the plan's own, exactly */
    assert_null(d->basis[1].plan_id);
    /* Another day: another plan of that number. */
    plans[1].date = date_from_ymd(2024, 3, 14);
    d->basis[0].plan_id = NULL;
    assert_int_equal(import_link(d, plans + 1, 1), 0);
    import_free(d);
    doc_free(doc);
}

static void test_no_tasks(void **state)
{
    (void)state;
    kh_doc *doc;
    kh_error err = {0};
    const char *md = "Một lá thư, không phải kế hoạch.\n";
    assert_int_equal(doc_read_buffer("t.md", md, strlen(md), KH_LANG_EN, &doc, &err), KH_E_OK);
    imp_options opt = {NULL, "t.md", KH_LANG_EN};
    imp_draft *d = NULL;
    assert_int_equal(import_analyse(doc, &opt, &d, &err), KH_E_DOC);
    assert_null(d);
    assert_non_null(strstr(err.detail, "no task found"));
    doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quote_round_trip),
        cmocka_unit_test(test_deadline_words),
        cmocka_unit_test(test_unit_ids),
        cmocka_unit_test(test_merged_cells),
        cmocka_unit_test(test_draft_points_and_loads),
        cmocka_unit_test(test_new_constructs),
        cmocka_unit_test(test_link),
        cmocka_unit_test(test_no_tasks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
