/* The report's table of tasks as CSV (RFC 4180: UTF-8, CRLF), for a
 * spreadsheet. */
#include <string.h>

#include "kehoach/text.h"
#include "report_int.h"

/* One field: quoted when it must be; a text that a spreadsheet would take
 * for a formula (= + - @ first) gets a leading apostrophe. */
static void field(FILE *out, const char *s, bool first)
{
    if (!first) putc(',', out);
    /* What a terminal must not get is shown as text does it (\x1B, <U+202E>),
     * the one rule of text_sanitize; a line break stays one, inside quotes. */
    strbuf safe = STRBUF_INIT;
    if (text_refused_cp(s, strlen(s)) >= 0) {
        text_sanitize(&safe, s, TEXT_KEEP_TAB);
        s = sb_str(&safe);
    }
    bool formula = strchr("=+-@", *s) && *s;
    if (!formula && !strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        sb_done(&safe);
        return;
    }
    putc('"', out);
    if (formula) putc('\'', out);
    for (; *s; s++) {
        if (*s == '"') putc('"', out);
        putc(*s, out);
    }
    putc('"', out);
    sb_done(&safe);
}

static void field_sb(FILE *out, strbuf *sb)
{
    field(out, sb_str(sb), false);
    sb_reset(sb);
}

static void units(strbuf *sb, const rpt *r, const uint16_t *u, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i) sb_puts(sb, ", ");
        sb_puts(sb, r->plan->units[u[i]].short_name);
    }
}

void rpt_write_csv(const rpt *r, FILE *out, bool bom)
{
    static const char *const vi[] = {"STT",        "Mã",
                                     "Nội dung",   "Chủ trì",
                                     "Phối hợp",   "Thời hạn",
                                     "Trạng thái", "Tiến độ (%)",
                                     "Tình trạng", "Phân loại",
                                     "Hoàn thành", "Ghi chú mới nhất",
                                     "Người ghi",  "Thời điểm ghi",
                                     "Số ghi chú"};
    static const char *const en[] = {"No.",        "ID",       "Task",      "Lead",
                                     "Support",    "Deadline", "Status",    "Progress (%)",
                                     "Timeliness", "Category", "Completed", "Latest note",
                                     "Note by",    "Note at",  "Notes"};
    if (bom) fputs("\xEF\xBB\xBF", out);
    for (size_t c = 0; c < KH_ARRAY_LEN(vi); c++)
        field(out, r->lang == KH_LANG_EN ? en[c] : vi[c], c == 0);
    fputs("\r\n", out);
    strbuf sb = STRBUF_INIT;
    char buf[17];
    for (size_t k = 0; k < r->nin; k++) {
        size_t i = r->in[k];
        const kh_task *t = &r->plan->tasks[i];
        const kh_task *v = &r->view[i];
        fprintf(out, "%zu", k + 1);
        field(out, t->id, false);
        model_task_title(&sb, t, r->lang);
        field_sb(out, &sb);
        units(&sb, r, t->lead, t->nlead);
        field_sb(out, &sb);
        units(&sb, r, t->support, t->nsupport);
        field_sb(out, &sb);
        model_deadline_short(&sb, t, r->lang);
        field_sb(out, &sb);
        field(out, model_status_name((kh_status)v->status, r->lang), false);
        fprintf(out, ",%d", v->status == ST_DONE ? 100 : v->progress);
        field(out, model_timeliness_name(r->tl[i], r->lang), false);
        field(out, model_category_name(model_category(r->tl[i]), r->lang), false);
        rpt_completed(&sb, r, i);
        field_sb(out, &sb);
        const kh_note *const *notes;
        size_t nn = rpt_task_notes(r, i, &notes);
        field(out, nn ? notes[0]->text : "", false);
        field(out, nn && notes[0]->author ? notes[0]->author : "", false);
        field(out, nn ? date_format_local_time((time_t)notes[0]->at, buf) : "", false);
        fprintf(out, ",%zu\r\n", nn);
    }
    sb_done(&sb);
}
