/* The report's table of targets (chỉ tiêu): each target, the value to reach
 * by the horizon in effect on the report's day, the value measured as of
 * that day (the measurement in effect then, its day and source: not a
 * later one), and what is still missing; for a report on one unit,
 * the targets it leads. One table of the document:
 * every sink that shows documents (md, html, docx) sets it; csv, the table
 * of tasks, leaves it out. */
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

/* Return true when the report shows target t: every target, or for a
 * report on one unit, those it leads. */
static bool shown(const rpt *r, const kh_target *t)
{
    return r->unit < 0 || t->lead == r->unit;
}

void rpt_targets_table(rpt_sink *s, const rpt *r)
{
    const kh_plan *plan = r->plan;
    enum { P = RV_DOC | RV_PAPER };
    const rpt_col cols[] = {
        {RW(r, "Chỉ tiêu", "Target"), RC_TEXT, P, 0, 0},
        {RW(r, "Phải đạt", "To reach"), RC_TEXT, P, 16, 28},
        {RW(r, "Đã đạt được", "Reached"), RC_TEXT, P, 20, 34},
        {RW(r, "Còn thiếu", "Gap"), RC_TEXT, P, 14, 24},
    };
    enum { NCOLS = sizeof cols / sizeof cols[0] };
    /* A report for one unit (--unit) holds the targets that unit leads. */
    size_t rows = 0;
    for (size_t i = 0; i < plan->ntargets; i++) rows += shown(r, &plan->targets[i]);
    rpt_table t = {
        RT_TARGETS, "targets",
        cols,       NCOLS,
        rows,       RW(r, "Đơn vị không chủ trì chỉ tiêu nào.", "The unit leads no target.")};
    rpt_text cells[NCOLS] = {RPT_TEXT_INIT, RPT_TEXT_INIT, RPT_TEXT_INIT, RPT_TEXT_INIT};
    rpt_row row = {cells, false, RS_PLAIN, NULL, NULL};
    strbuf sb = STRBUF_INIT;
    if (s->ops->table_begin) s->ops->table_begin(s, &t);
    for (size_t i = 0; i < plan->ntargets; i++) {
        const kh_target *tg = &plan->targets[i];
        if (!shown(r, tg)) continue;
        kh_measure m = (kh_measure)tg->measure;
        const kh_measured *at = &r->target_asof[i];
        int h = target_horizon(tg, r->asof);
        rt_add(&cells[0], RS_BOLD, tg->id);
        sb_putc(&sb, ' ');
        sb_puts(&sb, tg->text);
        if (tg->lead >= 0) sb_printf(&sb, " (%s)", plan->units[tg->lead].short_name);
        rt_add_sb(&cells[0], RS_PLAIN, &sb);
        if (h >= 0) {
            target_goal_words(&sb, tg, h, r->lang);
            sb_printf(&sb, RW(r, " (năm %d)", " (by %d)"), tg->horizons[h].year);
            rt_add_sb(&cells[1], RS_PLAIN, &sb);
        } else {
            rt_add(&cells[1], RS_MUTED, RW(r, "chưa có mốc", "no horizon"));
        }
        if (at->measured) {
            target_value_words(&sb, m, at->value, r->lang);
            rt_add_sb(&cells[2], RS_BOLD, &sb);
            char on[11];
            sb_printf(&sb, RW(r, " (ngày %s", " (on %s"), date_format_dmy(at->on, on));
            if (at->doc) sb_printf(&sb, ", %s", at->doc);
            sb_putc(&sb, ')');
            rt_add_sb(&cells[2], RS_MUTED, &sb);
        } else {
            rt_add(&cells[2], RS_MUTED, RW(r, "chưa đo", "not measured"));
        }
        if (h < 0) {
            rt_add(&cells[3], RS_MUTED, "—");
        } else if (target_achieved_by(tg, at, r->asof)) {
            rt_add(&cells[3], RS_BOLD, RW(r, "Đạt", "Achieved"));
        } else if (tg->direction == TARGET_EXACT) {
            rt_add(&cells[3], RS_OVERDUE, RW(r, "Chưa đạt", "Not yet"));
        } else if (!at->measured && tg->direction == TARGET_AT_MOST) {
            rt_add(&cells[3], RS_MUTED, RW(r, "chưa đo", "not measured"));
        } else {
            /* At most: by how much the value is over the goal. */
            if (tg->direction == TARGET_AT_MOST) sb_puts(&sb, RW(r, "vượt ", "over by "));
            target_value_words(&sb, m, target_gap_by(tg, at, r->asof), r->lang);
            rt_add_sb(&cells[3], RS_OVERDUE, &sb);
        }
        if (s->ops->row) s->ops->row(s, &t, &row);
        for (size_t c = 0; c < NCOLS; c++) rt_reset(&cells[c]);
    }
    if (s->ops->table_end) s->ops->table_end(s, &t);
    for (size_t c = 0; c < NCOLS; c++) rt_done(&cells[c]);
    sb_done(&sb);
}
