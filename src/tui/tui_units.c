/* The unit pane: every unit with its counts and a bar; choosing one filters
 * the task list. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "kehoach/text.h"
#include "tui.h"

/* Row 0 is "all units"; row i+1 is unit i. */
static size_t unit_rows(const tui *t)
{
    return t->app->plan->nunits + 1;
}

void units_move(tui *t, long delta, int page)
{
    long n = (long)unit_rows(t);
    long sel = (long)t->unit_sel;
    if (delta == LONG_MIN)
        sel = 0;
    else if (delta == LONG_MAX)
        sel = n - 1;
    else
        sel += delta * (page ? page : 1);
    if (sel < 0) sel = 0;
    if (sel >= n) sel = n - 1;
    t->unit_sel = (size_t)sel;
}

void units_choose(tui *t)
{
    long unit = (long)t->unit_sel - 1;
    t->filter.unit = unit;
    list_rebuild(t);
    t->list.sel = t->list.top = 0;
    t->deadlines.sel = t->deadlines.top = 0;
    kh_lang lang = t->app->lang;
    if (unit < 0)
        tui_message(t, MSG_INFO, "%s",
                    TR(lang, "Hiện nhiệm vụ của mọi đơn vị.", "Showing every unit's tasks."));
    else
        tui_message(t, MSG_INFO,
                    TR(lang, "Đơn vị %s: %zu nhiệm vụ chủ trì hoặc phối hợp.",
                       "Unit %s: %zu tasks it leads or supports."),
                    t->app->plan->units[unit].short_name, t->list.n);
}

void units_click(tui *t, const rect *r, int y)
{
    if (y <= r->y) return;
    size_t i = t->unit_top + (size_t)(y - r->y - 1);
    if (i < unit_rows(t)) t->unit_sel = i;
}

void units_draw(tui *t, const rect *r, bool focused)
{
    const kh_plan *plan = t->app->plan;
    kh_lang lang = t->app->lang;
    attr_t ha = focused ? t->st.tab_on : A_BOLD | A_UNDERLINE;
    int numw = 5;
    int barw = r->w >= 60 ? 16 : r->w >= 40 ? 8 : 0;
    int namew = r->w - 2 - 3 * (numw + 1) - (barw ? barw + 1 : 0);
    if (namew < 24) {
        barw = 0;
        namew = r->w - 2 - 3 * (numw + 1);
    }
    draw_fill(r->y, r->x, r->w, ha);
    int x = r->x + 2;
    x += draw_text(r->y, x, namew, TR(lang, "Đơn vị", "Unit"), ha, true) + 1;
    const char *heads[3] = {TR(lang, "Việc", "Tasks"), TR(lang, "Xong", "Done"),
                            TR(lang, "Quá", "Over")};
    for (int i = 0; i < 3; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "%*s", numw + (int)strlen(heads[i]) - text_width(heads[i]),
                 heads[i]);
        x += draw_text(r->y, x, numw, buf, ha, true) + 1;
    }
    size_t n = unit_rows(t);
    int height = r->h - 1;
    if (t->unit_sel < t->unit_top) t->unit_top = t->unit_sel;
    if (height > 0 && t->unit_sel >= t->unit_top + (size_t)height)
        t->unit_top = t->unit_sel - (size_t)height + 1;
    for (int row = 0; row < height; row++) {
        int y = r->y + 1 + row;
        size_t i = t->unit_top + (size_t)row;
        draw_fill(y, r->x, r->w, A_NORMAL);
        if (i >= n) continue;
        bool sel = i == t->unit_sel;
        attr_t a = sel ? (focused ? t->st.select : t->st.select_dim) : A_NORMAL;
        if (sel) draw_fill(y, r->x, r->w, a);
        long unit = (long)i - 1;
        bool chosen = t->filter.unit == unit;
        x = r->x;
        /* The unit the list is filtered by: the mark of a current choice,
         * as in a chooser ('*' means "changed by someone else"). */
        x += draw_text(y, x, 2, chosen ? draw_sym(SYM_CURRENT) : " ", a | A_BOLD, true);
        size_t lead, done, overdue;
        kh_unit_counts all = {0};
        const kh_unit_counts *u;
        if (unit < 0) {
            all.lead = t->counts.total;
            all.done = t->counts.status[ST_DONE];
            all.overdue = t->counts.timeliness[TL_OVERDUE];
            memcpy(all.status, t->counts.status, sizeof all.status);
            memcpy(all.timeliness, t->counts.timeliness, sizeof all.timeliness);
            memcpy(all.part, t->counts.part, sizeof all.part);
            u = &all;
            x += draw_text(y, x, namew, TR(lang, "Tất cả đơn vị", "All units"), a | A_BOLD, true) +
                 1;
        } else {
            u = &t->unit_counts[unit];
            x += draw_text(y, x, namew, plan->units[unit].name, a, true) + 1;
        }
        lead = u->lead;
        done = u->done;
        overdue = u->overdue;
        char buf[32];
        snprintf(buf, sizeof buf, "%*zu", numw, lead);
        x += draw_text(y, x, numw, buf, a, true) + 1;
        snprintf(buf, sizeof buf, "%*zu", numw, done);
        x += draw_text(y, x, numw, buf, done && !sel ? t->st.done : a, true) + 1;
        snprintf(buf, sizeof buf, "%*zu", numw, overdue);
        x += draw_text(y, x, numw, buf, overdue && !sel ? t->st.overdue : a, true) + 1;
        if (barw) {
            attr_t attrs[PART_COUNT] = {t->st.done, t->st.overdue, t->st.blocked, t->st.doing,
                                        t->st.todo};
            draw_bar(y, x, barw, u->part, attrs, PART_COUNT - 1, lead, t);
        }
    }
}
