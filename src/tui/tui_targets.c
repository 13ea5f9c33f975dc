/* The dashboard's page of targets (chỉ tiêu), on the key t: each target,
 * the value to reach by each horizon, the value measured, its day and
 * source, and what is still missing by the horizon in effect today; and
 * undoing a measurement when it is the person's last change (u). */
#include <stdlib.h>
#include <string.h>

#include "kehoach/text.h"
#include "tui.h"

void targets_build(tui *t, const page_out *out)
{
    const kh_plan *plan = t->app->plan;
    kh_lang lang = t->app->lang;
    kh_date today = t->app->today;
    strbuf sb = STRBUF_INIT;
    if (!plan->ntargets) {
        out->add(out->p,
                 TR(lang, "Kế hoạch này không có chỉ tiêu nào (phần 'targets' của tệp kế hoạch).",
                    "This plan has no targets (the plan file's 'targets')."),
                 A_NORMAL, 0);
        return;
    }
    size_t achieved = 0, measured = 0;
    for (size_t i = 0; i < plan->ntargets; i++) {
        measured += plan->targets[i].state.measured;
        achieved += target_achieved(&plan->targets[i], today);
    }
    char day[11];
    sb_printf(&sb,
              TR(lang, "%zu CHỈ TIÊU · đạt %zu · chưa đạt %zu · chưa đo %zu (tính đến %s)",
                 "%zu TARGETS · achieved %zu · not yet %zu · not measured %zu (as of %s)"),
              plan->ntargets, achieved, measured - achieved, plan->ntargets - measured,
              date_format_dmy(today, day));
    out->add(out->p, sb_str(&sb), A_BOLD, 0);
    out->blank(out->p);
    for (size_t i = 0; i < plan->ntargets; i++) {
        const kh_target *tg = &plan->targets[i];
        kh_measure m = (kh_measure)tg->measure;
        sb_reset(&sb);
        sb_puts(&sb, tg->text);
        if (tg->lead >= 0) sb_printf(&sb, " (%s)", plan->units[tg->lead].short_name);
        out->hanging(out->p, tg->id, sb_str(&sb), 6);
        sb_reset(&sb);
        sb_puts(&sb, TR(lang, "Phải đạt: ", "To reach: "));
        for (int k = 0; k < tg->nhorizons; k++) {
            if (k) sb_puts(&sb, ", ");
            target_goal_words(&sb, tg, k, lang);
            sb_printf(&sb, TR(lang, " (năm %d)", " (by %d)"), tg->horizons[k].year);
        }
        if (!tg->nhorizons) sb_puts(&sb, "—");
        out->add(out->p, sb_str(&sb), A_NORMAL, 8);
        sb_reset(&sb);
        sb_puts(&sb, TR(lang, "Đã đạt: ", "Reached: "));
        if (tg->state.measured) {
            target_value_words(&sb, m, tg->state.value, lang);
            sb_printf(&sb, " (%s", date_format_dmy(tg->state.on, day));
            if (tg->state.doc) sb_printf(&sb, ", %s", tg->state.doc);
            if (tg->state.by) sb_printf(&sb, ", %s", tg->state.by);
            sb_puts(&sb, ")");
        } else {
            sb_puts(&sb, "—");
        }
        sb_puts(&sb, " · ");
        target_gap_words(&sb, tg, today, lang);
        attr_t attr = target_achieved(tg, today) ? t->st.done
                      : tg->state.measured       ? t->st.overdue
                                                 : A_NORMAL;
        out->add(out->p, sb_str(&sb), attr, 8);
    }
    out->blank(out->p);
    out->add(out->p,
             TR(lang, "Ghi kết quả đo: kehoach measure CHỈ_TIÊU GIÁ_TRỊ [--on NGÀY] [--doc CHỮ]",
                "Record a value: kehoach measure TARGET VALUE [--on DATE] [--doc TEXT]"),
             t->st.dim, 0);
    sb_done(&sb);
}

void targets_undo(tui *t, kh_undo *u)
{
    kh_lang lang = t->app->lang;
    const kh_target *tg = &t->app->plan->targets[u->target];
    char when[17], title[160];
    date_format_local_time((time_t)u->rows[0].at, when);
    snprintf(title, sizeof title,
             TR(lang, "Hoàn tác lần đo của bạn lúc %s trên chỉ tiêu %s?",
                "Undo your measurement of %s on target %s?"),
             when, tg->id);
    strbuf what = STRBUF_INIT;
    sb_puts(&what, TR(lang, "Hoàn tác: ", "Undo: "));
    for (size_t k = 0; k < u->nrows; k++) {
        if (k) sb_puts(&what, "; ");
        app_history_words(&what, &u->rows[k], lang);
    }
    const char *items[2] = {sb_str(&what), TR(lang, "Thôi, giữ nguyên", "No, keep it")};
    int pick = prompt_choose(t, title, items, 2, -1);
    tui_redraw(t);
    kh_error err = {0};
    kh_errcode rc = pick == 0 ? app_undo(t->app, u, -1, &err) : KH_E_OK;
    if (pick != 0)
        tui_message(t, MSG_INFO, "%s", TR(lang, "Đã hủy.", "Cancelled."));
    else if (rc == KH_E_OK)
        tui_message(t, MSG_OK,
                    TR(lang, "Đã hoàn tác lần đo %s lúc %s.", "Undone: the measurement of %s, %s."),
                    tg->id, when);
    else if (rc == KH_E_CONFLICT) {
        char who[96];
        tui_message(t, MSG_ERROR,
                    TR(lang, "Không hoàn tác được %s: chỉ tiêu đã được đo lại sau đó (%s).",
                       "Cannot undo on %s: the target was measured since (%s)."),
                    tg->id, kh_error_who_when(&err, who, sizeof who));
    } else
        tui_message(t, MSG_ERROR,
                    TR(lang, "KHÔNG hoàn tác được %s: %s (%s)", "NOT undone on %s: %s (%s)"),
                    tg->id, kh_strerror(rc, lang), err.detail);
    sb_done(&what);
    app_undo_free(u);
}

void targets_present(const kh_app *app, int y, int bottom, int cols, const attr_t attr[4])
{
    const kh_plan *plan = app->plan;
    kh_lang lang = app->lang;
    kh_date today = app->today;
    /* One row a target: id, text, "75% / 80% (2025)", the gap; the values
     * as wide as the widest, never cut; the text what is left. */
    strbuf *cells = xcalloc(plan->ntargets ? plan->ntargets : 1, sizeof *cells);
    int cellw = 0, idw = 0;
    for (size_t i = 0; i < plan->ntargets; i++) {
        const kh_target *t = &plan->targets[i];
        target_value_against(&cells[i], t, today, lang);
        sb_puts(&cells[i], " · ");
        target_gap_words(&cells[i], t, today, lang);
        if (text_width(sb_str(&cells[i])) > cellw) cellw = text_width(sb_str(&cells[i]));
        if (text_width(t->id) > idw) idw = text_width(t->id);
    }
    if (cellw > cols / 2) cellw = cols / 2;
    size_t room = bottom > y ? (size_t)(bottom - y) : 0;
    int step = room >= plan->ntargets * 2 ? 2 : 1;
    size_t fit = plan->ntargets <= room ? plan->ntargets : room ? room - 1 : 0;
    int textw = cols - 4 - idw - 2 - cellw - 2;
    for (size_t i = 0; i < fit; i++, y += step) {
        const kh_target *t = &plan->targets[i];
        attr_t a = target_achieved(t, today) ? attr[1] : t->state.measured ? attr[2] : attr[3];
        draw_text(y, 2, idw, t->id, attr[0] | A_BOLD, true);
        if (textw > 8) draw_text(y, 2 + idw + 2, textw, t->text, attr[0], true);
        draw_text(y, cols - 2 - cellw, cellw, sb_str(&cells[i]), a, false);
    }
    if (fit < plan->ntargets && room) {
        char more[96];
        snprintf(more, sizeof more, TR(lang, "… và %zu chỉ tiêu khác", "… and %zu more targets"),
                 plan->ntargets - fit);
        draw_text(y, 2, cols - 4, more, attr[3], false);
    }
    for (size_t i = 0; i < plan->ntargets; i++) sb_done(&cells[i]);
    free(cells);
}
