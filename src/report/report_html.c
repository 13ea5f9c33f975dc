/* The report as one self-contained HTML page: inline CSS, inline SVG, no
 * network; laid out for A4 paper. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/version.h"
#include "report_int.h"

/* The colours of the four categories, in charts and their legend. */
static const char *const cat_colour[CAT_COUNT] = {
    [CAT_DONE_ON_TIME] = "#2e7d32", /* green */
    [CAT_DONE_LATE] = "#f9a825",    /* amber */
    [CAT_OPEN_IN_TIME] = "#1565c0", /* blue */
    [CAT_OPEN_OVERDUE] = "#c62828", /* red */
};

static const char css[] =
    "@page{size:A4;margin:20mm 15mm 20mm 30mm}\n"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "html{background:#fff}\n"
    "body{font-family:\"Times New Roman\",\"Liberation Serif\",\"DejaVu Serif\",serif;"
    "font-size:13pt;line-height:1.35;color:#000;margin:0 auto;max-width:165mm;padding:12mm "
    "10mm}\n"
    "@media print{body{max-width:none;padding:0}}\n"
    ".head{width:100%;border:0;margin-bottom:6mm}\n"
    ".head td{border:0;text-align:center;vertical-align:top;font-weight:bold;font-size:12pt;"
    "padding:0}\n"
    ".head .motto{text-decoration:underline}\n"
    ".date{text-align:right;font-style:italic;margin:0 0 6mm}\n"
    "h1{font-size:14pt;text-align:center;margin:4mm 0 1mm}\n"
    ".title{font-weight:bold;text-align:center;margin:0 0 2mm}\n"
    ".period{text-align:center;font-style:italic;margin:0}\n"
    "h2{font-size:13pt;margin:6mm 0 2mm;break-after:avoid;page-break-after:avoid}\n"
    "h3{font-size:13pt;font-style:italic;font-weight:bold;margin:4mm 0 2mm;"
    "break-after:avoid;page-break-after:avoid}\n"
    "p{margin:0 0 2mm;text-align:justify}\n"
    "table.t{border-collapse:collapse;width:100%;margin:2mm 0 4mm}\n"
    ".t th,.t td{border:1px solid #000;padding:1pt 3pt;vertical-align:top;font-size:10.5pt}\n"
    ".t th{background:#eee;font-weight:bold}\n"
    ".t thead{display:table-header-group}\n"
    ".t tr{break-inside:avoid;page-break-inside:avoid}\n"
    ".n{text-align:right;white-space:nowrap}\n"
    ".nowrap{white-space:nowrap}\n"
    ".id{font-size:9.5pt}\n"
    /* The date columns are as wide as dd/mm/yyyy in the widest serif font
     * (DejaVu Serif: 5.8em) with the padding; the task text takes what is
     * left. em here is the table's 9.5pt. */
    "table.tasks{table-layout:fixed;font-size:9.5pt}\n"
    ".tasks col.date{width:7em}\n"
    ".tasks th,.tasks td{font-size:9.5pt;overflow-wrap:break-word}\n"
    ".tasks td.d{overflow-wrap:normal}\n"
    ".tasks .day{white-space:nowrap}\n"
    ".overdue{color:#c62828;font-weight:bold}\n"
    ".blocked{color:#8e24aa;font-weight:bold}\n"
    ".by{color:#444;font-size:9.5pt}\n"
    "ul{margin:0 0 3mm;padding-left:7mm}\n"
    "li{margin:0 0 1mm}\n"
    ".legend{font-size:10pt;margin:0 0 2mm}\n"
    ".legend span{display:inline-block;margin-right:5mm;white-space:nowrap}\n"
    ".legend i{display:inline-block;width:9pt;height:9pt;margin-right:2pt;vertical-align:-1pt}\n"
    ".sign{margin:10mm 0 0 auto;width:70mm;text-align:center;font-weight:bold}\n"
    ".sign .name{margin-top:18mm}\n"
    ".foot{margin-top:8mm;font-size:9pt;color:#555;font-style:italic}\n";

/* Write s (made safe, one line) with HTML's special characters escaped. */
static void h(FILE *out, const char *s)
{
    strbuf clean = STRBUF_INIT;
    rpt_clean(&clean, s);
    for (const char *p = sb_str(&clean); *p; p++) {
        switch (*p) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: putc(*p, out);
        }
    }
    sb_done(&clean);
}

/* A task id, with a line break allowed after the '/' of an occurrence. */
static void id_html(FILE *out, const char *id)
{
    const char *slash = strchr(id, '/');
    if (!slash) {
        h(out, id);
        return;
    }
    char *head = xstrndup(id, (size_t)(slash - id) + 1);
    h(out, head);
    free(head);
    fputs("<wbr>", out);
    h(out, slash + 1);
}

static void hsb(FILE *out, strbuf *sb)
{
    h(out, sb_str(sb));
    sb_reset(sb);
}

/* A stacked bar of the four categories, with its numbers for screen
 * readers and a tooltip. */
static void bar(FILE *out, const rpt *r, const char *label, const size_t cat[CAT_COUNT])
{
    enum { W = 150, H = 14 };
    size_t total = 0;
    for (int c = 0; c < CAT_COUNT; c++) total += cat[c];
    fprintf(out,
            "<svg class=\"bar\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
            W, H, W, H);
    h(out, label);
    for (int c = 0; c < CAT_COUNT; c++)
        fprintf(out, "; %s %zu", rpt_category_short(r, (kh_category)c), cat[c]);
    fputs("\">", out);
    fprintf(out, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f0f0f0\"/>", W, H);
    double x = 0;
    for (int c = 0; c < CAT_COUNT && total; c++) {
        if (!cat[c]) continue;
        double w = (double)W * (double)cat[c] / (double)total;
        fprintf(out, "<rect x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"%d\" fill=\"%s\"><title>", x,
                w, H, cat_colour[c]);
        fprintf(out, "%s: %zu", rpt_category_short(r, (kh_category)c), cat[c]);
        fputs("</title></rect>", out);
        x += w;
    }
    fputs("</svg>", out);
}

static void heading(FILE *out, const rpt *r, strbuf *sb)
{
    const kh_plan *plan = r->plan;
    fputs("<table class=\"head\"><tr><td>", out);
    rpt_upper(sb, plan->issuer);
    hsb(out, sb);
    fputs("<br>———</td><td>", out);
    fputs(RW(r,
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br><span class=\"motto\">Độc lập – Tự do – "
             "Hạnh phúc</span>",
             "SOCIALIST REPUBLIC OF VIET NAM<br><span class=\"motto\">Independence – Freedom – "
             "Happiness</span>"),
          out);
    fputs("</td></tr></table>\n<p class=\"date\">", out);
    rpt_date_line(sb, r);
    hsb(out, sb);
    fprintf(out, "</p>\n<h1>%s</h1>\n<p class=\"title\">", RW(r, "BÁO CÁO", "REPORT"));
    sb_printf(sb, RW(r, "Kết quả thực hiện %s", "Implementation of: %s"), plan->title);
    hsb(out, sb);
    fputs("</p>\n<p class=\"period\">", out);
    rpt_period_line(sb, r);
    hsb(out, sb);
    fputs("<br>", out);
    rpt_scope_line(sb, r);
    hsb(out, sb);
    fputs("</p>\n", out);
}

static void legend(FILE *out, const rpt *r)
{
    fputs("<p class=\"legend\">", out);
    for (int c = 0; c < CAT_COUNT; c++) {
        fprintf(out, "<span><i style=\"background:%s\"></i>", cat_colour[c]);
        h(out, model_category_name((kh_category)c, r->lang));
        fputs("</span>", out);
    }
    fputs("</p>\n", out);
}

/* The completion date cell: the date kept on one line, then the remark
 * (which may wrap) when it came after the as-of day. */
static void completed(FILE *out, const rpt *r, size_t i)
{
    char buf[11];
    kh_date d = rpt_completed_day(r, i);
    if (d == KH_NO_DATE) return;
    fprintf(out, "<span class=\"day\">%s</span>", date_format_dmy(d, buf));
    if (r->done_after[i]) h(out, RW(r, " (sau ngày số liệu)", " (after the as-of day)"));
}

static void results(FILE *out, const rpt *r, strbuf *sb)
{
    const kh_plan *plan = r->plan;
    fprintf(out, "<h2>%s</h2>\n<h3>%s</h3>\n<p>", rpt_heading(r, 1), rpt_heading(r, 11));
    rpt_summary_sentence(sb, r);
    hsb(out, sb);
    fputs("</p>\n<ul>\n", out);
    for (int c = 0; c < CAT_COUNT; c++) {
        fputs("<li>", out);
        h(out, model_category_name((kh_category)c, r->lang));
        fprintf(out, ": <b>%zu</b></li>\n", r->cat[c]);
    }
    fprintf(out, "</ul>\n<h3>%s</h3>\n", rpt_heading(r, 12));
    legend(out, r);
    fprintf(out, "<table class=\"t units\"><thead><tr><th>%s</th><th>%s</th>",
            RW(r, "Đơn vị", "Unit"), RW(r, "Chủ trì", "Leads"));
    for (int c = 0; c < CAT_COUNT; c++)
        fprintf(out, "<th>%s</th>", rpt_category_short(r, (kh_category)c));
    fprintf(out, "<th>%s</th></tr></thead>\n<tbody>\n", RW(r, "Biểu đồ", "Chart"));
    for (size_t u = 0; u < plan->nunits; u++) {
        if (!rpt_unit_shown(r, u)) continue;
        fputs("<tr><td>", out);
        h(out, plan->units[u].name);
        fprintf(out, "</td><td class=\"n\">%zu</td>", r->unit_lead[u]);
        for (int c = 0; c < CAT_COUNT; c++)
            fprintf(out, "<td class=\"n\">%zu</td>", r->unit_cat[u][c]);
        fputs("<td>", out);
        bar(out, r, plan->units[u].name, r->unit_cat[u]);
        fputs("</td></tr>\n", out);
    }
    if (r->unit < 0) {
        fprintf(out, "<tr><th>%s</th><th class=\"n\">%zu</th>", RW(r, "Cả kỳ", "All"), r->nin);
        for (int c = 0; c < CAT_COUNT; c++) fprintf(out, "<th class=\"n\">%zu</th>", r->cat[c]);
        fputs("<th>", out);
        bar(out, r, RW(r, "Cả kỳ", "All"), r->cat);
        fputs("</th></tr>\n", out);
    }
    fprintf(out, "</tbody></table>\n<h3>%s</h3>\n", rpt_heading(r, 13));
    if (!r->nin) {
        fprintf(out, "<p>%s</p>\n",
                RW(r, "Không có nhiệm vụ nào trong kỳ.", "No task falls in the period."));
        return;
    }
    fprintf(
        out,
        "<table class=\"t tasks\"><colgroup><col style=\"width:6%%\"><col "
        "style=\"width:11%%\"><col><col style=\"width:9%%\"><col class=\"date\"><col "
        "style=\"width:12%%\"><col class=\"date\"><col "
        "style=\"width:14%%\"></colgroup><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
        "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
        RW(r, "STT", "No."), RW(r, "Mã", "ID"), RW(r, "Nội dung", "Task"), RW(r, "Chủ trì", "Lead"),
        RW(r, "Thời hạn", "Deadline"), RW(r, "Trạng thái", "Status"),
        RW(r, "Hoàn thành", "Completed"), RW(r, "Ghi chú mới nhất", "Latest note"));
    for (size_t k = 0; k < r->nin; k++) {
        size_t i = r->in[k];
        const kh_task *t = &plan->tasks[i];
        const char *cls = r->tl[i] == TL_OVERDUE            ? " class=\"overdue\""
                          : r->view[i].status == ST_BLOCKED ? " class=\"blocked\""
                                                            : "";
        fprintf(out, "<tr><td class=\"n\">%zu</td><td class=\"id\">", k + 1);
        id_html(out, t->id);
        fputs("</td><td>", out);
        rpt_title(sb, r, i);
        hsb(out, sb);
        fputs("</td><td>", out);
        rpt_lead_names(sb, r, t);
        hsb(out, sb);
        fputs("</td><td class=\"d\">", out);
        model_deadline_short(sb, t, r->lang);
        hsb(out, sb);
        fprintf(out, "</td><td%s>", cls);
        rpt_status(sb, r, i);
        hsb(out, sb);
        fputs("</td><td class=\"d\">", out);
        completed(out, r, i);
        fputs("</td><td>", out);
        const kh_note *const *notes;
        size_t nn = rpt_task_notes(r, i, &notes);
        if (nn) {
            h(out, notes[0]->text);
            fputs(" <span class=\"by\">(", out);
            rpt_note_by(sb, r, notes[0]);
            hsb(out, sb);
            fputs(")", out);
            if (nn > 1) fprintf(out, RW(r, " (+%zu ghi chú)", " (+%zu notes)"), nn - 1);
            fputs("</span>", out);
        }
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}

static void issues(FILE *out, const rpt *r, strbuf *sb)
{
    fprintf(out, "<h2>%s</h2>\n<p>", rpt_heading(r, 2));
    rpt_issues_sentence(sb, r);
    hsb(out, sb);
    fputs("</p>\n", out);
    if (!r->nissues) return;
    fputs("<ul class=\"issues\">\n", out);
    for (size_t k = 0; k < r->nissues; k++) {
        size_t i = r->issues[k];
        const kh_task *t = &r->plan->tasks[i];
        fputs("<li><b>", out);
        h(out, t->id);
        fputs("</b> ", out);
        rpt_title(sb, r, i);
        hsb(out, sb);
        fputs(" (", out);
        rpt_lead_names(sb, r, t);
        hsb(out, sb);
        fprintf(out, ") — %s",
                r->tl[i] == TL_OVERDUE ? "<span class=\"overdue\">" : "<span class=\"blocked\">");
        rpt_issue(sb, r, i);
        hsb(out, sb);
        fputs("</span>\n<ul>", out);
        const kh_note *const *notes;
        size_t nn = rpt_task_notes(r, i, &notes);
        if (!nn)
            fprintf(out, "<li><i>%s</i></li>",
                    RW(r, "(chưa có ghi chú về nguyên nhân)", "(no note on the cause yet)"));
        for (size_t j = 0; j < nn; j++) {
            fputs("<li><span class=\"by\">", out);
            rpt_note_by(sb, r, notes[j]);
            hsb(out, sb);
            fputs(":</span> ", out);
            h(out, notes[j]->text);
            fputs("</li>", out);
        }
        fputs("</ul></li>\n", out);
    }
    fputs("</ul>\n", out);
}

static void ahead(FILE *out, const rpt *r, strbuf *sb)
{
    char buf[11];
    fprintf(out, "<h2>%s</h2>\n<p>", rpt_heading(r, 3));
    rpt_ahead_sentence(sb, r);
    hsb(out, sb);
    fputs("</p>\n<ul class=\"ahead\">\n", out);
    for (size_t k = 0; k < r->nahead; k++) {
        size_t i = r->ahead[k];
        const kh_task *t = &r->plan->tasks[i];
        fprintf(out, "<li>%s — <b>", date_format_dmy(t->due, buf));
        h(out, t->id);
        fputs("</b> ", out);
        rpt_title(sb, r, i);
        hsb(out, sb);
        fputs(" (", out);
        rpt_lead_names(sb, r, t);
        hsb(out, sb);
        fputs(")</li>\n", out);
    }
    if (r->ncontinuing)
        fprintf(out,
                RW(r, "<li>Tiếp tục thực hiện %zu nhiệm vụ thường xuyên.</li>\n",
                   "<li>Carry on with %zu continuous tasks.</li>\n"),
                r->ncontinuing);
    if (r->noverdue)
        fprintf(out,
                RW(r, "<li>Khẩn trương hoàn thành %zu nhiệm vụ quá hạn nêu ở phần II.</li>\n",
                   "<li>Finish the %zu overdue tasks of part II without delay.</li>\n"),
                r->noverdue);
    fputs("</ul>\n", out);
}

static void proposals(FILE *out, const rpt *r, strbuf *sb)
{
    fprintf(out, "<h2>%s</h2>\n", rpt_heading(r, 4));
    if (!r->nproposals) {
        fprintf(out, "<p>%s</p>\n", RW(r, "Không có kiến nghị, đề xuất.", "No proposals."));
        return;
    }
    fputs("<ul class=\"proposals\">\n", out);
    for (size_t k = 0; k < r->nproposals; k++) {
        const rpt_proposal *p = &r->proposals[k];
        const kh_task *t = &r->plan->tasks[p->task];
        fputs("<li>", out);
        h(out, p->body);
        fputs(" <span class=\"by\">(", out);
        h(out, t->id);
        fputs(" · ", out);
        rpt_lead_names(sb, r, t);
        sb_puts(sb, " · ");
        rpt_note_by(sb, r, p->note);
        hsb(out, sb);
        fputs(")</span></li>\n", out);
    }
    fputs("</ul>\n", out);
}

void rpt_write_html(const rpt *r, FILE *out)
{
    strbuf sb = STRBUF_INIT;
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n",
            r->lang == KH_LANG_EN ? "en" : "vi");
    fputs("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n", out);
    fputs("<meta name=\"generator\" content=\"kehoach " KEHOACH_VERSION "\">\n<title>", out);
    sb_printf(&sb, RW(r, "Báo cáo kết quả thực hiện %s", "Report: %s"), r->plan->title);
    hsb(out, &sb);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
    heading(out, r, &sb);
    results(out, r, &sb);
    issues(out, r, &sb);
    ahead(out, r, &sb);
    proposals(out, r, &sb);
    if (r->plan->signer_role || r->plan->signer_name) {
        fputs("<div class=\"sign\">", out);
        if (r->plan->signer_role) {
            rpt_upper(&sb, r->plan->signer_role);
            hsb(out, &sb);
        }
        if (r->plan->signer_name) {
            fputs("<div class=\"name\">", out);
            h(out, r->plan->signer_name);
            fputs("</div>", out);
        }
        fputs("</div>\n", out);
    }
    fputs("<p class=\"foot\">", out);
    sb_printf(
        &sb, RW(r, "Lập bằng kehoach %s từ kế hoạch %s.", "Made with kehoach %s from the plan %s."),
        KEHOACH_VERSION, r->plan->id);
    hsb(out, &sb);
    fputs("</p>\n</body>\n</html>\n", out);
    sb_done(&sb);
}
