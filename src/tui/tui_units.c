/* The unit pane: every unit with its counts and a bar; choosing one filters
 * the task list. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/text.h"
#include "tui.h"

/* Row 0 is "all units"; row i+1 is unit i (over every plan: the units of
 * every plan by id, t->wunits). */
static size_t unit_rows(const tui *t)
{
    return (t->all ? t->nwunits : t->app->plan->nunits) + 1;
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

/* Over every plan: filter by the unit of row unit_sel, by its id. */
static void choose_across(tui *t)
{
    kh_lang lang = t->app->lang;
    long unit = (long)t->unit_sel - 1;
    free(t->unit_id);
    t->unit_id = unit >= 0 && (size_t)unit < t->nwunits ? xstrdup(t->wunits[unit].id) : NULL;
    list_rebuild(t);
    t->list.sel = t->list.top = 0;
    t->deadlines.sel = t->deadlines.top = 0;
    if (!t->unit_id) {
        tui_message(t, MSG_INFO, "%s",
                    TR(lang, "Hiện nhiệm vụ của mọi đơn vị.", "Showing every unit's tasks."));
        return;
    }
    const kh_unit_counts *c = &t->wunits[unit].c;
    tui_message(t, MSG_INFO,
                TR(lang,
                   "Đơn vị %s, mọi kế hoạch: %zu nhiệm vụ chủ trì hoặc phối hợp (chủ trì %zu, "
                   "phối hợp %zu).",
                   "Unit %s, every plan: %zu tasks it leads or supports (leads %zu, supports "
                   "%zu)."),
                t->wunits[unit].short_name, t->list.n, c->lead, c->support);
}

void units_choose(tui *t)
{
    if (t->all) {
        choose_across(t);
        return;
    }
    long unit = (long)t->unit_sel - 1;
    t->filter.unit = unit;
    list_rebuild(t);
    t->list.sel = t->list.top = 0;
    t->deadlines.sel = t->deadlines.top = 0;
    kh_lang lang = t->app->lang;
    if (unit < 0) {
        tui_message(t, MSG_INFO, "%s",
                    TR(lang, "Hiện nhiệm vụ của mọi đơn vị.", "Showing every unit's tasks."));
        return;
    }
    /* The filter takes what the unit leads and what it supports: both
     * counts are in the pane, and the message says which is shown. */
    const kh_unit_counts *c = &t->unit_counts[unit];
    tui_message(t, MSG_INFO,
                TR(lang,
                   "Đơn vị %s: %zu nhiệm vụ chủ trì hoặc phối hợp (chủ trì %zu, phối hợp %zu).",
                   "Unit %s: %zu tasks it leads or supports (leads %zu, supports %zu)."),
                t->app->plan->units[unit].short_name, t->list.n, c->lead, c->support);
}

void units_click(tui *t, const rect *r, int y)
{
    if (y <= r->y || y >= r->y + r->h - 1) return;
    size_t i = t->unit_top + (size_t)(y - r->y - 1);
    if (i < unit_rows(t)) t->unit_sel = i;
}

/* The pane's columns: the name, four counts, a bar when there is room. */
typedef struct {
    const char *heads[4];
    int numw[4];
    int namew, barw;
} unit_columns;

static unit_columns unit_layout(const tui *t, int w)
{
    kh_lang lang = t->app->lang;
    /* As `kehoach status` heads them; shorter where the pane is narrow. */
    unit_columns c = {{TR(lang, "Chủ trì", "Lead"), TR(lang, "Phối hợp", "Support"),
                       TR(lang, "Xong", "Done"), TR(lang, "Quá hạn", "Overdue")},
                      {0},
                      0,
                      0};
    for (int pass = 0; pass < 2; pass++) {
        int nums = 0;
        for (int i = 0; i < 4; i++) {
            c.numw[i] = text_width(c.heads[i]) > 4 ? text_width(c.heads[i]) : 4;
            nums += c.numw[i] + 1;
        }
        c.barw = w >= 60 ? 16 : 0;
        c.namew = w - 2 - nums - (c.barw ? c.barw + 1 : 0);
        if (c.namew < 24) {
            c.barw = 0;
            c.namew = w - 2 - nums;
        }
        if (c.namew >= 20 || pass) break;
        c.heads[0] = TR(lang, "C.trì", "Lead");
        c.heads[1] = TR(lang, "P.hợp", "Supp");
        c.heads[3] = TR(lang, "Quá", "Over");
    }
    return c;
}

static int draw_count(int y, int x, int w, size_t n, attr_t a, bool blank)
{
    char buf[32];
    if (blank)
        snprintf(buf, sizeof buf, "%*s", w, "");
    else
        snprintf(buf, sizeof buf, "%*zu", w, n);
    return draw_text(y, x, w, buf, a, true) + 1;
}

void units_draw(tui *t, const rect *r, bool focused)
{
    const kh_plan *plan = t->app->plan;
    if (t->unit_sel >= unit_rows(t)) t->unit_sel = unit_rows(t) - 1;
    kh_lang lang = t->app->lang;
    attr_t ha = focused ? t->st.tab_on : A_BOLD | A_UNDERLINE;
    unit_columns c = unit_layout(t, r->w);
    draw_fill(r->y, r->x, r->w, ha);
    int x = r->x + 2;
    x += draw_text(r->y, x, c.namew, TR(lang, "Đơn vị", "Unit"), ha, true) + 1;
    for (int i = 0; i < 4; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "%*s",
                 c.numw[i] + (int)strlen(c.heads[i]) - text_width(c.heads[i]), c.heads[i]);
        x += draw_text(r->y, x, c.numw[i], buf, ha, true) + 1;
    }
    size_t n = unit_rows(t);
    /* The last row says what the counts are and what Enter filters by. */
    int height = r->h - 2;
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
        bool chosen = t->all ? (unit < 0 ? !t->unit_id
                                         : t->unit_id && !strcmp(t->unit_id, t->wunits[unit].id))
                             : t->filter.unit == unit;
        x = r->x;
        /* The unit the list is filtered by: the mark of a current choice,
         * as in a chooser ('*' means "changed by someone else"). */
        x += draw_text(y, x, 2, chosen ? draw_sym(SYM_CURRENT) : " ", a | A_BOLD, true);
        kh_unit_counts all = {0};
        const kh_unit_counts *u;
        if (unit < 0) {
            all.lead = t->counts.total;
            all.done = t->counts.status[ST_DONE] - t->counts.proposed; /* confirmed */
            all.overdue = t->counts.timeliness[TL_OVERDUE];
            memcpy(all.status, t->counts.status, sizeof all.status);
            memcpy(all.timeliness, t->counts.timeliness, sizeof all.timeliness);
            memcpy(all.part, t->counts.part, sizeof all.part);
            u = &all;
            x +=
                draw_text(y, x, c.namew, TR(lang, "Tất cả đơn vị", "All units"), a | A_BOLD, true) +
                1;
        } else if (t->all) {
            u = &t->wunits[unit].c;
            x += draw_text(y, x, c.namew, t->wunits[unit].name, a, true) + 1;
        } else {
            u = &t->unit_counts[unit];
            x += draw_text(y, x, c.namew, plan->units[unit].name, a, true) + 1;
        }
        x += draw_count(y, x, c.numw[0], u->lead, a, false);
        /* Every task has its lead: "all units" supports nothing of its own. */
        x += draw_count(y, x, c.numw[1], u->support, a, unit < 0);
        x += draw_count(y, x, c.numw[2], u->done, u->done && !sel ? t->st.done : a, false);
        x += draw_count(y, x, c.numw[3], u->overdue, u->overdue && !sel ? t->st.overdue : a, false);
        if (c.barw) {
            attr_t attrs[PART_COUNT] = {t->st.done, t->st.overdue, t->st.blocked, t->st.doing,
                                        t->st.todo};
            draw_bar(y, x, c.barw, u->part, attrs, PART_COUNT - 1, u->lead, t);
        }
    }
    if (r->h >= 3) {
        int y = r->y + r->h - 1;
        draw_fill(y, r->x, r->w, A_NORMAL);
        draw_text(y, r->x + 2, r->w - 2,
                  TR(lang,
                     "Xong, quá hạn, thanh: việc chủ trì · Enter lọc việc chủ trì hoặc phối hợp",
                     "Done, overdue, bar: tasks led · Enter filters tasks led or supported"),
                  A_DIM, false);
    }
}
