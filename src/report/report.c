/* The report, made once through a sink per format (see report_int.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/paths.h"
#include "kehoach/text.h"
#include "kehoach/version.h"
#include "report_int.h"

int report_format_parse(const char *name)
{
    if (!strcmp(name, "md") || !strcmp(name, "markdown")) return REPORT_MD;
    if (!strcmp(name, "html")) return REPORT_HTML;
    if (!strcmp(name, "csv")) return REPORT_CSV;
    if (!strcmp(name, "docx")) return REPORT_DOCX;
    return -1;
}

bool report_format_binary(report_format fmt)
{
    return fmt == REPORT_DOCX;
}

const char *report_format_ext(report_format fmt)
{
    switch (fmt) {
    case REPORT_MD: return "md";
    case REPORT_HTML: return "html";
    case REPORT_CSV:
    case REPORT_CSV_BOM: return "csv";
    case REPORT_DOCX: return "docx";
    case REPORT_FORMAT_COUNT: break;
    }
    return "txt";
}

/* ---- the document, once ---- */

/* What the walk carries: the sink, the report, scratch text. */
typedef struct {
    rpt_sink *s;
    const rpt *r;
    strbuf sb;
    rpt_text t;
} walk;

static void w_heading(walk *w, int level, const char *text)
{
    if (w->s->ops->heading) w->s->ops->heading(w->s, level, text);
}

/* Hand w->t over as a paragraph, then empty it. */
static void w_paragraph(walk *w)
{
    if (w->s->ops->paragraph) w->s->ops->paragraph(w->s, &w->t);
    rt_reset(&w->t);
}

static void w_paragraph_text(walk *w, const char *text)
{
    rt_add(&w->t, RS_PLAIN, text);
    w_paragraph(w);
}

static void w_list_begin(walk *w, const char *name)
{
    if (w->s->ops->list_begin) w->s->ops->list_begin(w->s, name);
}

/* Hand w->t over as an item at depth, then empty it. */
static void w_item(walk *w, int depth)
{
    if (w->s->ops->item) w->s->ops->item(w->s, depth, &w->t);
    rt_reset(&w->t);
}

static void w_list_end(walk *w)
{
    if (w->s->ops->list_end) w->s->ops->list_end(w->s);
}

/* A table's rows are made one at a time into cells[]. */
typedef struct {
    const rpt_table *t;
    rpt_text *cells;
    rpt_row row;
} w_table;

static void w_table_begin(walk *w, w_table *wt, const rpt_table *t)
{
    wt->t = t;
    wt->cells = xcalloc(t->ncols, sizeof *wt->cells);
    memset(&wt->row, 0, sizeof wt->row);
    wt->row.cells = wt->cells;
    if (w->s->ops->table_begin) w->s->ops->table_begin(w->s, t);
}

/* Return true when column c of the table is shown, so worth making. */
static bool w_col(const walk *w, const w_table *wt, size_t c)
{
    return rpt_col_shown(w->s, &wt->t->cols[c]);
}

/* Hand the row over, then empty its cells. */
static void w_row(walk *w, w_table *wt)
{
    if (w->s->ops->row) w->s->ops->row(w->s, wt->t, &wt->row);
    for (size_t c = 0; c < wt->t->ncols; c++) rt_reset(&wt->cells[c]);
    wt->row.total = false;
    wt->row.mark = RS_PLAIN;
    wt->row.chart = NULL;
    wt->row.chart_label = NULL;
}

static void w_table_end(walk *w, w_table *wt)
{
    if (w->s->ops->table_end) w->s->ops->table_end(w->s, wt->t);
    for (size_t c = 0; c < wt->t->ncols; c++) rt_done(&wt->cells[c]);
    free(wt->cells);
}

/* ---- I. results ---- */

static void units_table(walk *w)
{
    const rpt *r = w->r;
    const kh_plan *plan = r->plan;
    enum { P = RV_DOC | RV_PAPER };
    rpt_col cols[2 + CAT_COUNT + 1];
    size_t n = 0;
    cols[n++] = (rpt_col){RW(r, "Đơn vị", "Unit"), RC_TEXT, P, 0, 0};
    cols[n++] = (rpt_col){RW(r, "Chủ trì", "Leads"), RC_NUM, P, 0, 18};
    for (int c = 0; c < CAT_COUNT; c++)
        cols[n++] = (rpt_col){rpt_category_short(r, (kh_category)c), RC_NUM, P, 0, 22};
    cols[n++] = (rpt_col){RW(r, "Biểu đồ", "Chart"), RC_CHART, RV_DOC, 0, 0};
    size_t rows = r->unit < 0;
    for (size_t u = 0; u < plan->nunits; u++) rows += rpt_unit_shown(r, u);
    rpt_table t = {RT_UNITS, "units", cols, n, rows, NULL};
    w_table wt;
    w_table_begin(w, &wt, &t);
    for (size_t u = 0; u < plan->nunits; u++) {
        if (!rpt_unit_shown(r, u)) continue;
        rt_add(&wt.cells[0], RS_PLAIN, plan->units[u].name);
        rt_printf(&wt.cells[1], RS_PLAIN, "%zu", r->unit_lead[u]);
        for (int c = 0; c < CAT_COUNT; c++)
            rt_printf(&wt.cells[2 + c], RS_PLAIN, "%zu", r->unit_cat[u][c]);
        wt.row.chart = r->unit_cat[u];
        wt.row.chart_label = plan->units[u].name;
        w_row(w, &wt);
    }
    if (r->unit < 0) {
        rt_add(&wt.cells[0], RS_PLAIN, RW(r, "Cả kỳ", "All"));
        rt_printf(&wt.cells[1], RS_PLAIN, "%zu", r->nin);
        for (int c = 0; c < CAT_COUNT; c++) rt_printf(&wt.cells[2 + c], RS_PLAIN, "%zu", r->cat[c]);
        wt.row.total = true;
        wt.row.chart = r->cat;
        wt.row.chart_label = RW(r, "Cả kỳ", "All");
        w_row(w, &wt);
    }
    w_table_end(w, &wt);
}

/* The columns of the table of tasks: the document's (md, html, docx) and
 * the data's (csv), in the order each shows them. */
enum {
    TC_NO,
    TC_ID,
    TC_ROW_TITLE,
    TC_TITLE,
    TC_LEAD,
    TC_SUPPORT,
    TC_DEADLINE,
    TC_DUE,
    TC_STATE,
    TC_STATUS,
    TC_PROGRESS,
    TC_TIMELINESS,
    TC_CATEGORY,
    TC_COMPLETION,
    TC_COMPLETED,
    TC_NOTE_CELL,
    TC_NOTE,
    TC_NOTE_BY,
    TC_NOTE_AT,
    TC_NOTES,
    TC_RESULT_DOCS,
    TC_RESULT_FILES,
    TC_CONFIRMATION,
    TC_AMENDED_BY,
    TC_WARD, /* a province's: the ward of an occurrence */
    TC_COUNT
};

static void task_cols(const rpt *r, rpt_col cols[TC_COUNT])
{
    /* B: everywhere; D: on screen and paper; S: on screen only (the notes
     * do not fit an A4 page: section II carries those that matter); V:
     * the data's. */
    enum { B = RV_DOC | RV_PAPER | RV_DATA, D = RV_DOC | RV_PAPER, S = RV_DOC, V = RV_DATA };
    cols[TC_NO] = (rpt_col){RW(r, "STT", "No."), RC_NUM, B, 6, 11};
    cols[TC_ID] = (rpt_col){RW(r, "Mã", "ID"), RC_ID, B, 11, 18};
    cols[TC_ROW_TITLE] = (rpt_col){RW(r, "Nội dung", "Task"), RC_TEXT, D, 0, 0};
    cols[TC_TITLE] = (rpt_col){RW(r, "Nội dung", "Task"), RC_TEXT, V, 0, 0};
    cols[TC_LEAD] = (rpt_col){RW(r, "Chủ trì", "Lead"), RC_TEXT, B, 9, 18};
    cols[TC_SUPPORT] = (rpt_col){RW(r, "Phối hợp", "Support"), RC_TEXT, V, 0, 0};
    cols[TC_DEADLINE] = (rpt_col){RW(r, "Thời hạn", "Deadline"), RC_DATE, D, 0, 21};
    cols[TC_DUE] = (rpt_col){RW(r, "Thời hạn", "Deadline"), RC_DATE, V, 0, 0};
    cols[TC_STATE] = (rpt_col){RW(r, "Trạng thái", "Status"), RC_STATUS, D, 12, 23};
    cols[TC_STATUS] = (rpt_col){RW(r, "Trạng thái", "Status"), RC_TEXT, V, 0, 0};
    cols[TC_PROGRESS] = (rpt_col){RW(r, "Tiến độ (%)", "Progress (%)"), RC_NUM, V, 0, 0};
    cols[TC_TIMELINESS] = (rpt_col){RW(r, "Tình trạng", "Timeliness"), RC_TEXT, V, 0, 0};
    cols[TC_CATEGORY] = (rpt_col){RW(r, "Phân loại", "Category"), RC_TEXT, V, 0, 0};
    /* The completion as a document shows it: the day, the result
     * documents and files, the confirmation; the data's has the day. */
    cols[TC_COMPLETION] =
        (rpt_col){RW(r, "Hoàn thành, kết quả", "Completion, result"), RC_TEXT, D, 13, 28};
    cols[TC_COMPLETED] = (rpt_col){RW(r, "Hoàn thành", "Completed"), RC_DATE, V, 0, 0};
    cols[TC_NOTE_CELL] = (rpt_col){RW(r, "Ghi chú mới nhất", "Latest note"), RC_TEXT, S, 14, 0};
    cols[TC_NOTE] = (rpt_col){RW(r, "Ghi chú mới nhất", "Latest note"), RC_TEXT, V, 0, 0};
    cols[TC_NOTE_BY] = (rpt_col){RW(r, "Người ghi", "Note by"), RC_TEXT, V, 0, 0};
    cols[TC_NOTE_AT] = (rpt_col){RW(r, "Thời điểm ghi", "Note at"), RC_TEXT, V, 0, 0};
    cols[TC_NOTES] = (rpt_col){RW(r, "Số ghi chú", "Notes"), RC_NUM, V, 0, 0};
    cols[TC_RESULT_DOCS] =
        (rpt_col){RW(r, "Văn bản kết quả", "Result documents"), RC_TEXT, V, 0, 0};
    cols[TC_RESULT_FILES] = (rpt_col){RW(r, "Tệp kết quả", "Result files"), RC_TEXT, V, 0, 0};
    cols[TC_CONFIRMATION] =
        (rpt_col){RW(r, "Xác nhận hoàn thành", "Confirmation"), RC_TEXT, V, 0, 0};
    cols[TC_AMENDED_BY] = (rpt_col){RW(r, "Điều chỉnh theo", "Amended by"), RC_TEXT, V, 0, 0};
    /* Only gained at a province (the other reports' columns stay as they were). */
    cols[TC_WARD] = (rpt_col){RW(r, "Phường/Xã", "Ward"), RC_TEXT,
                              (uint8_t)(r->opts && r->opts->nwards ? V : 0), 0, 0};
}

static void units_of(strbuf *sb, const rpt *r, const uint16_t *u, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) sb_puts(sb, ", ");
        sb_puts(sb, r->plan->units[u[i]].short_name);
    }
}

/* Make cell c of row k (task i) into cell. */
static void task_cell(walk *w, size_t c, size_t k, size_t i, rpt_text *cell)
{
    const rpt *r = w->r;
    const kh_task *t = &r->plan->tasks[i];
    const kh_task *v = &r->view[i];
    strbuf *sb = &w->sb;
    const kh_note *const *notes;
    size_t nn = rpt_task_notes(r, i, &notes);
    char buf[17];
    switch (c) {
    case TC_NO: rt_printf(cell, RS_PLAIN, "%zu", k + 1); break;
    case TC_ID: rt_add(cell, RS_PLAIN, t->id); break;
    case TC_ROW_TITLE: model_task_row_title(sb, t, r->lang); break;
    case TC_TITLE: model_task_title(sb, t, r->lang); break;
    case TC_LEAD: units_of(sb, r, t->lead, t->nlead); break;
    case TC_SUPPORT: units_of(sb, r, t->support, t->nsupport); break;
    case TC_DEADLINE: rpt_deadline_cell(cell, r, i, true); break;
    case TC_DUE: rpt_deadline_cell(cell, r, i, false); break;
    case TC_STATE: rpt_status(sb, r, i); break;
    case TC_STATUS: sb_puts(sb, model_task_status_name(v, r->lang)); break;
    case TC_PROGRESS: sb_printf(sb, "%d", v->status == ST_DONE ? 100 : v->progress); break;
    case TC_TIMELINESS: sb_puts(sb, model_timeliness_name(r->tl[i], r->lang)); break;
    case TC_CATEGORY: sb_puts(sb, model_category_name(model_category(r->tl[i]), r->lang)); break;
    case TC_COMPLETION: rpt_completion_cell(cell, r, i, true); break;
    case TC_COMPLETED: rpt_completion_cell(cell, r, i, false); break;
    case TC_NOTE_CELL:
        if (!nn) break;
        rt_add(cell, RS_PLAIN, notes[0]->text);
        rt_add(cell, RS_PLAIN, " ");
        sb_putc(sb, '(');
        rpt_note_by(sb, r, notes[0]);
        sb_putc(sb, ')');
        if (nn > 1) sb_printf(sb, RW(r, " (+%zu ghi chú)", " (+%zu notes)"), nn - 1);
        rt_add_sb(cell, RS_MUTED, sb);
        break;
    case TC_NOTE: sb_puts(sb, nn ? notes[0]->text : ""); break;
    case TC_NOTE_BY: sb_puts(sb, nn && notes[0]->author ? notes[0]->author : ""); break;
    case TC_NOTE_AT:
        if (nn) sb_puts(sb, date_format_local_time((time_t)notes[0]->at, buf));
        break;
    case TC_NOTES: sb_printf(sb, "%zu", nn); break;
    case TC_RESULT_DOCS: rpt_result_list(sb, r, i, false); break;
    case TC_RESULT_FILES: rpt_result_list(sb, r, i, true); break;
    case TC_CONFIRMATION: rpt_confirmation(sb, r, i); break;
    case TC_AMENDED_BY: sb_puts(sb, t->amended_by ? t->amended_by : ""); break;
    case TC_WARD: {
        const char *m = model_task_member(t);
        sb_puts(sb, m ? m : "");
        break;
    }
    default: break;
    }
    rt_add_sb(cell, RS_PLAIN, sb);
}

/* Row k of the table of tasks, task i: every cell its format shows, the
 * row's mark. The one place a task's row is made: a new fact about a task
 * (its deadline's history, how it was completed) is a case of task_cell,
 * or a new column of task_cols. */
static void task_row(walk *w, w_table *wt, size_t k, size_t i)
{
    const rpt *r = w->r;
    for (size_t c = 0; c < TC_COUNT; c++)
        if (w_col(w, wt, c)) task_cell(w, c, k, i, &wt->cells[c]);
    wt->row.mark = r->tl[i] == TL_OVERDUE            ? RS_OVERDUE
                   : r->view[i].status == ST_BLOCKED ? RS_BLOCKED
                                                     : RS_PLAIN;
    w_row(w, wt);
}

static void tasks_table(walk *w)
{
    const rpt *r = w->r;
    rpt_col cols[TC_COUNT];
    task_cols(r, cols);
    rpt_table t = {
        RT_TASKS, "tasks",
        cols,     TC_COUNT,
        r->nin,   RW(r, "Không có nhiệm vụ nào trong kỳ.", "No task falls in the period.")};
    w_table wt;
    w_table_begin(w, &wt, &t);
    for (size_t k = 0; k < r->nin; k++) task_row(w, &wt, k, r->in[k]);
    w_table_end(w, &wt);
}

/* Append to w->t: "ID" in bold, then " title (leads)". */
static void id_title_leads(walk *w, size_t i);

/* Under I, apart: the tasks of the period withdrawn, each with the
 * document that withdrew it. */
static void withdrawn(walk *w, bool targets)
{
    const rpt *r = w->r;
    if (!r->nwithdrawn) return;
    w_heading(w, 3, rpt_heading(r, targets ? 17 : 16));
    w_list_begin(w, "withdrawn");
    for (size_t k = 0; k < r->nwithdrawn; k++) {
        size_t i = r->withdrawn[k];
        id_title_leads(w, i);
        rt_add_sb(&w->t, RS_PLAIN, &w->sb);
        rpt_withdrawn_by(&w->sb, r, i);
        rt_add_sb(&w->t, RS_MUTED, &w->sb);
        w_item(w, 0);
    }
    w_list_end(w);
}

static void results(walk *w)
{
    const rpt *r = w->r;
    w_heading(w, 2, rpt_heading(r, 1));
    w_heading(w, 3, rpt_heading(r, 11));
    rpt_summary_sentence(&w->sb, r);
    rt_add_sb(&w->t, RS_PLAIN, &w->sb);
    w_paragraph(w);
    w_list_begin(w, "categories");
    for (int c = 0; c < CAT_COUNT; c++) {
        rt_printf(&w->t, RS_PLAIN, "%s: ", model_category_name((kh_category)c, r->lang));
        rt_printf(&w->t, RS_BOLD, "%zu", r->cat[c]);
        w_item(w, 0);
    }
    w_list_end(w);
    w_heading(w, 3, rpt_heading(r, 12));
    units_table(w);
    /* The targets (chỉ tiêu: target, value, achieved, gap): report_targets.c. */
    bool targets = r->plan->ntargets > 0;
    if (targets) {
        w_heading(w, 3, rpt_heading(r, 14));
        rpt_targets_table(w->s, r);
    }
    w_heading(w, 3, rpt_heading(r, targets ? 15 : 13));
    tasks_table(w);
    withdrawn(w, targets);
}

static void id_title_leads(walk *w, size_t i)
{
    const rpt *r = w->r;
    const kh_task *t = &r->plan->tasks[i];
    rt_add(&w->t, RS_BOLD, t->id);
    sb_putc(&w->sb, ' ');
    model_task_row_title(&w->sb, t, r->lang);
    sb_puts(&w->sb, " (");
    rpt_lead_names(&w->sb, r, t);
    sb_putc(&w->sb, ')');
}

/* ---- II. problems ---- */

static void issues(walk *w)
{
    const rpt *r = w->r;
    w_heading(w, 2, rpt_heading(r, 2));
    rpt_issues_sentence(&w->sb, r);
    rt_add_sb(&w->t, RS_PLAIN, &w->sb);
    w_paragraph(w);
    if (!r->nissues) return;
    w_list_begin(w, "issues");
    for (size_t k = 0; k < r->nissues; k++) {
        size_t i = r->issues[k];
        id_title_leads(w, i);
        sb_puts(&w->sb, " — ");
        rt_add_sb(&w->t, RS_PLAIN, &w->sb);
        rpt_issue(&w->sb, r, i);
        rt_add_sb(&w->t, r->tl[i] == TL_OVERDUE ? RS_OVERDUE : RS_BLOCKED, &w->sb);
        w_item(w, 0);
        const kh_note *const *notes;
        size_t nn = rpt_task_notes(r, i, &notes);
        if (!nn) {
            rt_add(&w->t, RS_ITALIC,
                   RW(r, "(chưa có ghi chú về nguyên nhân)", "(no note on the cause yet)"));
            w_item(w, 1);
        }
        for (size_t j = 0; j < nn; j++) {
            rpt_note_by(&w->sb, r, notes[j]);
            sb_putc(&w->sb, ':');
            rt_add_sb(&w->t, RS_MUTED, &w->sb);
            rt_add(&w->t, RS_PLAIN, " ");
            rt_add(&w->t, RS_PLAIN, notes[j]->text);
            w_item(w, 1);
        }
    }
    w_list_end(w);
}

/* ---- III. ahead ---- */

static void ahead(walk *w)
{
    const rpt *r = w->r;
    char buf[11];
    w_heading(w, 2, rpt_heading(r, 3));
    rpt_ahead_sentence(&w->sb, r);
    rt_add_sb(&w->t, RS_PLAIN, &w->sb);
    w_paragraph(w);
    w_list_begin(w, "ahead");
    for (size_t k = 0; k < r->nahead; k++) {
        size_t i = r->ahead[k];
        rt_printf(&w->t, RS_PLAIN, "%s — ", date_format_dmy(r->plan->tasks[i].due, buf));
        id_title_leads(w, i);
        rt_add_sb(&w->t, RS_PLAIN, &w->sb);
        w_item(w, 0);
    }
    if (r->ncontinuing) {
        rt_printf(&w->t, RS_PLAIN,
                  RW(r, "Tiếp tục thực hiện %zu nhiệm vụ thường xuyên.",
                     "Carry on with %zu continuous tasks."),
                  r->ncontinuing);
        w_item(w, 0);
    }
    if (r->noverdue) {
        rt_printf(&w->t, RS_PLAIN,
                  RW(r, "Khẩn trương hoàn thành %zu nhiệm vụ quá hạn nêu ở phần II.",
                     "Finish the %zu overdue tasks of part II without delay."),
                  r->noverdue);
        w_item(w, 0);
    }
    w_list_end(w);
}

/* ---- IV. proposals ---- */

/* The notes v[0..n) of a kind as a list: each with its task, lead units,
 * author and day. */
static void marked_notes(walk *w, const char *name, const rpt_proposal *v, size_t n)
{
    const rpt *r = w->r;
    w_list_begin(w, name);
    for (size_t k = 0; k < n; k++) {
        const rpt_proposal *p = &v[k];
        const kh_task *t = &r->plan->tasks[p->task];
        rt_add(&w->t, RS_PLAIN, p->body);
        rt_add(&w->t, RS_PLAIN, " ");
        sb_printf(&w->sb, "(%s · ", t->id);
        rpt_lead_names(&w->sb, r, t);
        sb_puts(&w->sb, " · ");
        rpt_note_by(&w->sb, r, p->note);
        sb_putc(&w->sb, ')');
        rt_add_sb(&w->t, RS_MUTED, &w->sb);
        w_item(w, 0);
    }
    w_list_end(w);
}

static void proposals(walk *w)
{
    const rpt *r = w->r;
    w_heading(w, 2, rpt_heading(r, 4));
    if (!r->nproposals) {
        w_paragraph_text(w, RW(r, "Không có kiến nghị, đề xuất.", "No proposals."));
        return;
    }
    marked_notes(w, "proposals", r->proposals, r->nproposals);
}

/* Under II: the difficulties written in the period, when there are any. */
static void difficulties(walk *w)
{
    const rpt *r = w->r;
    if (!r->ndifficulties) return;
    w_heading(w, 3, RW(r, "Khó khăn, vướng mắc", "Difficulties"));
    marked_notes(w, "difficulties", r->difficulties, r->ndifficulties);
}

/* ---- the page ---- */

/* Return sb's text copied into pool, and empty sb. */
static const char *keep(arena *pool, strbuf *sb)
{
    const char *s = arena_strdup(pool, sb_str(sb));
    sb_reset(sb);
    return s;
}

/* The page parts, their strings kept in pool. */
static void page_init(rpt_page *p, const rpt *r, arena *pool)
{
    const kh_plan *plan = r->plan;
    const report_opts *o = r->opts;
    strbuf sb = STRBUF_INIT;
    memset(p, 0, sizeof *p);
    p->lang = r->lang == KH_LANG_EN ? "en" : "vi";
    sb_printf(&sb, RW(r, "Báo cáo kết quả thực hiện %s", "Report: %s"), plan->title);
    p->title = keep(pool, &sb);
    strbuf body[2] = {STRBUF_INIT, STRBUF_INIT};
    p->nbody = rpt_body_lines(r, body);
    for (size_t k = 0; k < p->nbody; k++) p->body[k] = keep(pool, &body[k]);
    rpt_number_line(&sb, r, o->number);
    p->number = keep(pool, &sb);
    /* The national name and motto as Phụ lục I writes them (hyphens). */
    p->nation = RW(r, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM");
    p->motto = RW(r, "Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness");
    rpt_date_line(&sb, r);
    p->place_date = keep(pool, &sb);
    p->type = RW(r, "BÁO CÁO", "REPORT");
    sb_printf(&sb, RW(r, "Kết quả thực hiện %s", "Implementation of: %s"), plan->title);
    rpt_identity(&sb, r);
    p->summary = keep(pool, &sb);
    rpt_period_line(&sb, r);
    p->period = keep(pool, &sb);
    rpt_scope_line(&sb, r);
    p->scope = keep(pool, &sb);
    p->to_label = RW(r, "Nơi nhận:", "Recipients:");
    const char *const *to = o->recipients ? o->recipients : plan->recipients;
    size_t nto = o->recipients ? o->nrecipients : plan->nrecipients;
    p->to = arena_alloc(pool, (nto ? nto : 1) * sizeof *p->to);
    for (size_t k = 0; k < nto; k++) {
        rpt_recipient_line(&sb, to[k], k + 1 == nto);
        p->to[p->nto++] = keep(pool, &sb);
    }
    strbuf sign[3] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
    p->nsign = rpt_sign_lines(r, sign);
    for (size_t k = 0; k < p->nsign; k++) p->sign[k] = keep(pool, &sign[k]);
    for (size_t k = 0; k < 3; k++) sb_done(&sign[k]);
    for (size_t k = 0; k < 2; k++) sb_done(&body[k]);
    p->signer_name = plan->signer_name;
    sb_printf(
        &sb, RW(r, "Lập bằng kehoach %s từ kế hoạch %s.", "Made with kehoach %s from the plan %s."),
        KEHOACH_VERSION, plan->id);
    p->footer = keep(pool, &sb);
    p->generator = "kehoach " KEHOACH_VERSION;
    p->date = r->app->today;
    sb_done(&sb);
}

/* Write the report r through sink s. Return KH_E_OK or the sink's error. */
static kh_errcode rpt_walk(const rpt *r, rpt_sink *s, kh_error *err)
{
    arena pool = {0};
    rpt_page page;
    page_init(&page, r, &pool);
    walk w = {s, r, STRBUF_INIT, RPT_TEXT_INIT};
    if (s->ops->begin) s->ops->begin(s, &page);
    if (s->ops->head) s->ops->head(s, &page);
    results(&w);
    issues(&w);
    difficulties(&w);
    ahead(&w);
    proposals(&w);
    rpt_wards_section(s, r); /* a province's: V. ward by ward */
    if (s->ops->closing) s->ops->closing(s, &page);
    kh_errcode rc = s->ops->end ? s->ops->end(s, &page, err) : KH_E_OK;
    sb_done(&w.sb);
    rt_done(&w.t);
    arena_done(&pool);
    return rc;
}

/* ---- writing ---- */

kh_errcode report_fwrite(const kh_app *app, const kh_filter *filter, const report_opts *opts,
                         report_format fmt, FILE *out, kh_error *err)
{
    rpt r;
    kh_errcode rc = rpt_build(&r, app, filter, opts, err);
    if (rc) {
        rpt_free(&r);
        return rc;
    }
    rpt_sink s = {NULL, out, app->lang, RV_DOC, false, NULL};
    switch (fmt) {
    case REPORT_MD: s.ops = &rpt_md_ops; break;
    case REPORT_HTML: s.ops = &rpt_html_ops; break;
    case REPORT_CSV:
    case REPORT_CSV_BOM:
        s.ops = &rpt_csv_ops;
        s.views = RV_DATA;
        s.bom = fmt == REPORT_CSV_BOM;
        break;
    case REPORT_DOCX:
        s.ops = &rpt_docx_ops;
        s.views = RV_PAPER;
        break;
    case REPORT_FORMAT_COUNT: break;
    }
    if (s.ops) rc = rpt_walk(&r, &s, err);
    rpt_free(&r);
    if (rc) return rc;
    if (fflush(out) != 0 || ferror(out))
        return kh_error_set(err, KH_E_IO, "%s", kh_strerrno(errno));
    return KH_E_OK;
}

kh_errcode report_write(const kh_app *app, const kh_filter *filter, const report_opts *opts,
                        report_format fmt, const char *path, kh_error *err)
{
    if (opts->to < opts->from) {
        rpt r;
        kh_errcode rc = rpt_build(&r, app, filter, opts, err);
        rpt_free(&r);
        return rc;
    }
    /* A device or a pipe (/dev/stdout) is written into: a file renamed over
     * it would replace the device itself. */
    bool in_place = paths_in_place(path);
    char *tmp = in_place ? NULL : xasprintf("%s.tmp.%ld", path, (long)getpid());
    FILE *f = in_place ? fopen(path, report_format_binary(fmt) ? "wb" : "w")
                       : fopen(tmp, report_format_binary(fmt) ? "wbx" : "wx");
    if (!f) {
        kh_errcode rc = kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno));
        free(tmp);
        return rc;
    }
    kh_errcode rc = report_fwrite(app, filter, opts, fmt, f, err);
    if (fclose(f) != 0 && !rc) {
        rc = kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno));
    } else if (rc == KH_E_IO && err) {
        char was[sizeof err->detail];
        memcpy(was, err->detail, sizeof was);
        snprintf(err->detail, sizeof err->detail, "%s: %.400s", path, was);
    }
    if (!rc && !in_place && rename(tmp, path) != 0)
        rc = kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno));
    if (rc && !in_place) unlink(tmp);
    free(tmp);
    return rc;
}
