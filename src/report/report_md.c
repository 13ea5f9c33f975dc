/* The report as Markdown, for pasting into a document. */
#include <string.h>

#include "kehoach/version.h"
#include "report_int.h"

/* Write s (one line, made safe) with Markdown's special characters escaped;
 * it never starts a line, so only the characters that act mid-line are. */
static void md_text(FILE *out, const char *s)
{
    strbuf clean = STRBUF_INIT;
    rpt_clean(&clean, s);
    for (const char *p = sb_str(&clean); *p; p++) {
        if (strchr("\\`*_[]<>|~", *p)) putc('\\', out);
        putc(*p, out);
    }
    sb_done(&clean);
}

static void md_sb(FILE *out, strbuf *sb)
{
    md_text(out, sb_str(sb));
    sb_reset(sb);
}

static void md_heading(FILE *out, const rpt *r, strbuf *sb)
{
    const kh_plan *plan = r->plan;
    sb_reset(sb);
    rpt_upper(sb, plan->issuer);
    fputs("**", out);
    md_sb(out, sb);
    fputs("**  \n", out);
    fputs(RW(r, "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  \n**Độc lập – Tự do – Hạnh phúc**\n\n",
             "**SOCIALIST REPUBLIC OF VIET NAM**  \n**Independence – Freedom – Happiness**\n\n"),
          out);
    rpt_date_line(sb, r);
    putc('*', out);
    md_sb(out, sb);
    fputs("*\n\n", out);
    fprintf(out, "# %s\n\n## ", RW(r, "BÁO CÁO", "REPORT"));
    sb_printf(sb, RW(r, "Kết quả thực hiện %s", "Implementation of: %s"), plan->title);
    md_sb(out, sb);
    fputs("\n\n*", out);
    rpt_period_line(sb, r);
    md_sb(out, sb);
    fputs("*  \n*", out);
    rpt_scope_line(sb, r);
    md_sb(out, sb);
    fputs("*\n\n", out);
}

static void md_results(FILE *out, const rpt *r, strbuf *sb)
{
    const kh_plan *plan = r->plan;
    fprintf(out, "## %s\n\n### %s\n\n", rpt_heading(r, 1), rpt_heading(r, 11));
    rpt_summary_sentence(sb, r);
    md_sb(out, sb);
    fputs("\n\n", out);
    for (int c = 0; c < CAT_COUNT; c++)
        fprintf(out, "- %s: **%zu**\n", model_category_name((kh_category)c, r->lang), r->cat[c]);
    fprintf(out, "\n### %s\n\n| %s | %s", rpt_heading(r, 12), RW(r, "Đơn vị", "Unit"),
            RW(r, "Chủ trì", "Leads"));
    for (int c = 0; c < CAT_COUNT; c++)
        fprintf(out, " | %s", rpt_category_short(r, (kh_category)c));
    fputs(" |\n|---|--:|--:|--:|--:|--:|\n", out);
    for (size_t u = 0; u < plan->nunits; u++) {
        if (!rpt_unit_shown(r, u)) continue;
        fputs("| ", out);
        md_text(out, plan->units[u].name);
        fprintf(out, " | %zu", r->unit_lead[u]);
        for (int c = 0; c < CAT_COUNT; c++) fprintf(out, " | %zu", r->unit_cat[u][c]);
        fputs(" |\n", out);
    }
    if (r->unit < 0) {
        fprintf(out, "| **%s** | **%zu**", RW(r, "Cả kỳ", "All"), r->nin);
        for (int c = 0; c < CAT_COUNT; c++) fprintf(out, " | **%zu**", r->cat[c]);
        fputs(" |\n", out);
    }
    fprintf(out, "\n### %s\n\n", rpt_heading(r, 13));
    if (!r->nin) {
        fprintf(out, "%s\n\n",
                RW(r, "Không có nhiệm vụ nào trong kỳ.", "No task falls in the period."));
        return;
    }
    fprintf(out, "| %s | %s | %s | %s | %s | %s | %s | %s |\n|--:|---|---|---|---|---|---|---|\n",
            RW(r, "STT", "No."), RW(r, "Mã", "ID"), RW(r, "Nội dung", "Task"),
            RW(r, "Chủ trì", "Lead"), RW(r, "Thời hạn", "Deadline"), RW(r, "Trạng thái", "Status"),
            RW(r, "Hoàn thành", "Completed"), RW(r, "Ghi chú mới nhất", "Latest note"));
    for (size_t k = 0; k < r->nin; k++) {
        size_t i = r->in[k];
        const kh_task *t = &plan->tasks[i];
        fprintf(out, "| %zu | ", k + 1);
        md_text(out, t->id);
        fputs(" | ", out);
        rpt_title(sb, r, i);
        md_sb(out, sb);
        fputs(" | ", out);
        rpt_lead_names(sb, r, t);
        md_sb(out, sb);
        fputs(" | ", out);
        model_deadline_short(sb, t, r->lang);
        md_sb(out, sb);
        fputs(" | ", out);
        rpt_status(sb, r, i);
        md_sb(out, sb);
        fputs(" | ", out);
        rpt_completed(sb, r, i);
        md_sb(out, sb);
        fputs(" | ", out);
        const kh_note *const *notes;
        size_t nn = rpt_task_notes(r, i, &notes);
        if (nn) {
            md_text(out, notes[0]->text);
            rpt_note_by(sb, r, notes[0]);
            fputs(" (", out);
            md_sb(out, sb);
            putc(')', out);
            if (nn > 1) fprintf(out, RW(r, " (+%zu ghi chú)", " (+%zu notes)"), nn - 1);
        }
        fputs(" |\n", out);
    }
    putc('\n', out);
}

static void md_issues(FILE *out, const rpt *r, strbuf *sb)
{
    fprintf(out, "## %s\n\n", rpt_heading(r, 2));
    rpt_issues_sentence(sb, r);
    md_sb(out, sb);
    fputs("\n\n", out);
    for (size_t k = 0; k < r->nissues; k++) {
        size_t i = r->issues[k];
        const kh_task *t = &r->plan->tasks[i];
        fputs("- **", out);
        md_text(out, t->id);
        fputs("** ", out);
        rpt_title(sb, r, i);
        md_sb(out, sb);
        fputs(" (", out);
        rpt_lead_names(sb, r, t);
        md_sb(out, sb);
        fputs(") — ", out);
        rpt_issue(sb, r, i);
        md_sb(out, sb);
        putc('\n', out);
        const kh_note *const *notes;
        size_t nn = rpt_task_notes(r, i, &notes);
        if (!nn)
            fprintf(out, "  - *%s*\n",
                    RW(r, "(chưa có ghi chú về nguyên nhân)", "(no note on the cause yet)"));
        for (size_t j = 0; j < nn; j++) {
            fputs("  - ", out);
            rpt_note_by(sb, r, notes[j]);
            md_sb(out, sb);
            fputs(": ", out);
            md_text(out, notes[j]->text);
            putc('\n', out);
        }
    }
    if (r->nissues) putc('\n', out);
}

static void md_ahead(FILE *out, const rpt *r, strbuf *sb)
{
    char buf[11];
    fprintf(out, "## %s\n\n", rpt_heading(r, 3));
    rpt_ahead_sentence(sb, r);
    md_sb(out, sb);
    fputs("\n\n", out);
    for (size_t k = 0; k < r->nahead; k++) {
        size_t i = r->ahead[k];
        const kh_task *t = &r->plan->tasks[i];
        fprintf(out, "- %s — **", date_format_dmy(t->due, buf));
        md_text(out, t->id);
        fputs("** ", out);
        rpt_title(sb, r, i);
        md_sb(out, sb);
        fputs(" (", out);
        rpt_lead_names(sb, r, t);
        md_sb(out, sb);
        fputs(")\n", out);
    }
    if (r->ncontinuing)
        fprintf(out,
                RW(r, "- Tiếp tục thực hiện %zu nhiệm vụ thường xuyên.\n",
                   "- Carry on with %zu continuous tasks.\n"),
                r->ncontinuing);
    if (r->noverdue)
        fprintf(out,
                RW(r, "- Khẩn trương hoàn thành %zu nhiệm vụ quá hạn nêu ở phần II.\n",
                   "- Finish the %zu overdue tasks of part II without delay.\n"),
                r->noverdue);
    putc('\n', out);
}

static void md_proposals(FILE *out, const rpt *r, strbuf *sb)
{
    fprintf(out, "## %s\n\n", rpt_heading(r, 4));
    if (!r->nproposals)
        fprintf(out, "%s\n", RW(r, "Không có kiến nghị, đề xuất.", "No proposals."));
    for (size_t k = 0; k < r->nproposals; k++) {
        const rpt_proposal *p = &r->proposals[k];
        const kh_task *t = &r->plan->tasks[p->task];
        fputs("- ", out);
        md_text(out, p->body);
        fputs(" (", out);
        md_text(out, t->id);
        fputs(" · ", out);
        rpt_lead_names(sb, r, t);
        sb_puts(sb, " · ");
        rpt_note_by(sb, r, p->note);
        md_sb(out, sb);
        fputs(")\n", out);
    }
    putc('\n', out);
}

void rpt_write_md(const rpt *r, FILE *out)
{
    strbuf sb = STRBUF_INIT;
    md_heading(out, r, &sb);
    md_results(out, r, &sb);
    md_issues(out, r, &sb);
    md_ahead(out, r, &sb);
    md_proposals(out, r, &sb);
    if (r->plan->signer_role || r->plan->signer_name) {
        fputs("---\n\n", out);
        if (r->plan->signer_role) {
            rpt_upper(&sb, r->plan->signer_role);
            fputs("**", out);
            md_sb(out, &sb);
            fputs("**  \n", out);
        }
        if (r->plan->signer_name) {
            fputs("**", out);
            md_text(out, r->plan->signer_name);
            fputs("**\n", out);
        }
        putc('\n', out);
    }
    fprintf(out,
            RW(r, "*Lập bằng kehoach %s từ kế hoạch %s.*\n",
               "*Made with kehoach %s from the plan %s.*\n"),
            KEHOACH_VERSION, r->plan->id);
    sb_done(&sb);
}
