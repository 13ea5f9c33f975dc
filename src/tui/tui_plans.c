/* The plans pane of a workspace: every plan with its number, title,
 * period, completion and the four official categories, in the order
 * chosen; Enter narrows the other panes to a plan, the first row ("every
 * plan") shows them all again. Built as the units pane is: a cursor, a
 * draw, a move, a choose and a click, for another pane like it. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/text.h"
#include "tui.h"

enum { PLAN_SORT_ID, PLAN_SORT_DONE, PLAN_SORT_OVERDUE, PLAN_SORT_TITLE, PLAN_SORT_COUNT };

/* Row 0 is "every plan"; row i+1 is plan plan_order[i]. */
static size_t plan_rows(const tui *t)
{
    return tui_nplans(t) + 1;
}

static const tui *sort_t; /* qsort has no context argument in C11 */

static int by_choice(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    const kh_counts *cx = &sort_t->plan_counts[x], *cy = &sort_t->plan_counts[y];
    int c = 0;
    switch (sort_t->plan_sort) {
    case PLAN_SORT_DONE: c = model_completion(cx) - model_completion(cy); break;
    case PLAN_SORT_OVERDUE:
        c = cx->timeliness[TL_OVERDUE] > cy->timeliness[TL_OVERDUE]   ? -1
            : cx->timeliness[TL_OVERDUE] < cy->timeliness[TL_OVERDUE] ? 1
                                                                      : 0;
        break;
    case PLAN_SORT_TITLE:
        c = strcmp(sort_t->ws->plans[x].plan->title, sort_t->ws->plans[y].plan->title);
        break;
    default: break;
    }
    if (c) return c;
    return x < y ? -1 : x > y;
}

/* Put the plans in the chosen order (the plans are by id already). */
static void order_plans(tui *t)
{
    size_t n = tui_nplans(t);
    t->plan_order = xreallocarray(t->plan_order, n ? n : 1, sizeof *t->plan_order);
    for (size_t i = 0; i < n; i++) t->plan_order[i] = i;
    if (!t->plan_counts || n < 2) return;
    sort_t = t;
    qsort(t->plan_order, n, sizeof *t->plan_order, by_choice);
    sort_t = NULL;
}

void plans_move(tui *t, long delta, int page)
{
    long n = (long)plan_rows(t);
    long sel = (long)t->plans.sel;
    if (delta == LONG_MIN)
        sel = 0;
    else if (delta == LONG_MAX)
        sel = n - 1;
    else
        sel += delta * (page ? page : 1);
    if (sel < 0) sel = 0;
    if (sel >= n) sel = n - 1;
    t->plans.sel = (size_t)sel;
}

void plans_choose(tui *t)
{
    if (!t->ws) return;
    order_plans(t);
    if (t->plans.sel == 0 || t->plans.sel > t->ws->nplans)
        tui_scope(t, -1);
    else
        tui_scope(t, (long)t->plan_order[t->plans.sel - 1]);
}

void plans_click(tui *t, const rect *r, int y)
{
    if (y <= r->y || y >= r->y + r->h - 1) return;
    size_t i = t->plans.top + (size_t)(y - r->y - 1);
    if (i < plan_rows(t)) t->plans.sel = i;
}

void plans_sort(tui *t)
{
    kh_lang lang = t->app->lang;
    const char *names[PLAN_SORT_COUNT] = {
        TR(lang, "mã kế hoạch", "plan id"),
        TR(lang, "hoàn thành (thấp trước)", "completion (lowest first)"),
        TR(lang, "quá hạn (nhiều trước)", "overdue (most first)"), TR(lang, "tên", "title")};
    int s = prompt_choose(t, TR(lang, "Sắp xếp kế hoạch theo", "Sort the plans by"), names,
                          PLAN_SORT_COUNT, t->plan_sort);
    if (s < 0) return;
    t->plan_sort = s;
    t->plans.sel = 0;
    tui_message(t, MSG_INFO, TR(lang, "Kế hoạch xếp theo %s.", "Plans sorted by %s."), names[s]);
}

typedef struct {
    int id, title, period, tasks, pct, cat;
} plan_columns;

static plan_columns plan_layout(const tui *t, int w)
{
    plan_columns c = {0, 0, 0, 5, 5, 8};
    for (size_t p = 0; p < tui_nplans(t); p++) {
        int iw = text_width(tui_plan_app(t, p)->plan->id);
        if (iw > c.id) c.id = iw;
    }
    if (c.id < 8) c.id = 8;
    if (c.id > 18) c.id = 18;
    if (w >= 110) c.period = 21;
    int fixed =
        2 + c.id + 1 + c.tasks + 1 + c.pct + 1 + 4 * (c.cat + 1) + (c.period ? c.period + 1 : 0);
    c.title = w - fixed;
    if (c.title < 30) {
        /* Narrow: the categories' columns (and their heads) give way first. */
        fixed -= 4 * (c.cat - 5);
        c.cat = 5;
        c.title = w - fixed;
    }
    if (c.title < 8) c.title = 8;
    return c;
}

static int draw_num(int y, int x, int w, size_t n, attr_t a)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%*zu", w, n);
    return draw_text(y, x, w, buf, a, true) + 1;
}

/* Draw a heading right-aligned in w columns. */
static int draw_head(int y, int x, int w, const char *text, attr_t a)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%*s", w + (int)strlen(text) - text_width(text), text);
    return draw_text(y, x, w, buf, a, true) + 1;
}

void plans_draw(tui *t, const rect *r, bool focused)
{
    kh_lang lang = t->app->lang;
    order_plans(t);
    plan_columns c = plan_layout(t, r->w);
    attr_t ha = focused ? t->st.tab_on : A_BOLD | A_UNDERLINE;
    /* The four official categories, shortest names: the header names them in
     * full. In Vietnamese the abbreviations status and the Phường/Xã pane use
     * (done late is "quá hạn" everywhere, never "trễ"). */
    const char *cat_vi[2][CAT_COUNT] = {{"HTĐH", "HTQH", "CTH", "CQH"},
                                        {"HTĐH", "HTQH", "CTH", "CQH"}};
    const char *cat_en[2][CAT_COUNT] = {{"On time", "Late", "Open", "Overdue"},
                                        {"OnT", "Late", "Open", "Over"}};
    int form = c.cat < 8;
    const attr_t cat_attr[CAT_COUNT] = {t->st.done, t->st.soon, A_NORMAL, t->st.overdue};
    draw_fill(r->y, r->x, r->w, ha);
    int x = r->x + 2;
    x += draw_text(r->y, x, c.id, TR(lang, "Mã", "ID"), ha, true) + 1;
    x += draw_text(r->y, x, c.title, TR(lang, "Kế hoạch", "Plan"), ha, true) + 1;
    if (c.period) x += draw_text(r->y, x, c.period, TR(lang, "Thời gian", "Period"), ha, true) + 1;
    x += draw_head(r->y, x, c.tasks, TR(lang, "Việc", "Tasks"), ha);
    x += draw_head(r->y, x, c.pct, "HT%", ha);
    for (int k = 0; k < CAT_COUNT; k++)
        x += draw_head(r->y, x, c.cat, TR(lang, cat_vi[form][k], cat_en[form][k]), ha);

    size_t n = plan_rows(t);
    int height = r->h - 2;
    if (t->plans.sel >= n) t->plans.sel = n - 1;
    if (t->plans.sel < t->plans.top) t->plans.top = t->plans.sel;
    if (height > 0 && t->plans.sel >= t->plans.top + (size_t)height)
        t->plans.top = t->plans.sel - (size_t)height + 1;
    strbuf sb = STRBUF_INIT;
    for (int row = 0; row < height; row++) {
        int y = r->y + 1 + row;
        size_t i = t->plans.top + (size_t)row;
        draw_fill(y, r->x, r->w, A_NORMAL);
        if (i >= n) continue;
        bool sel = i == t->plans.sel;
        attr_t a = sel ? (focused ? t->st.select : t->st.select_dim) : A_NORMAL;
        if (sel) draw_fill(y, r->x, r->w, a);
        const kh_counts *k;
        kh_counts all = {0};
        long p = i == 0 ? -1 : (long)t->plan_order[i - 1];
        /* The plans the other panes show: every one, or the one chosen. */
        bool chosen = p < 0 ? t->all : !t->all && (size_t)p == t->cur;
        x = r->x;
        x += draw_text(y, x, 2, chosen ? draw_sym(SYM_CURRENT) : " ", a | A_BOLD, true);
        sb_reset(&sb);
        if (p < 0) {
            for (size_t q = 0; q < tui_nplans(t); q++) {
                const kh_counts *pc = &t->plan_counts[q];
                all.total += pc->total;
                all.progress_sum += pc->progress_sum;
                for (int m = 0; m < CAT_COUNT; m++) all.category[m] += pc->category[m];
                for (int m = 0; m < ST_COUNT; m++) all.status[m] += pc->status[m];
                for (int m = 0; m < TL_COUNT; m++) all.timeliness[m] += pc->timeliness[m];
                all.proposed += pc->proposed;
            }
            k = &all;
            x += draw_text(y, x, c.id, "", a, true) + 1;
            sb_printf(&sb, TR(lang, "Tất cả kế hoạch (%zu)", "Every plan (%zu)"), tui_nplans(t));
            x += draw_text(y, x, c.title, sb_str(&sb), a | A_BOLD, true) + 1;
            if (c.period) x += draw_text(y, x, c.period, "", a, true) + 1;
        } else {
            const kh_plan *plan = tui_plan_app(t, (size_t)p)->plan;
            k = &t->plan_counts[p];
            x += draw_text(y, x, c.id, plan->id, a, true) + 1;
            if (plan->number) sb_printf(&sb, "%s · ", plan->number);
            sb_puts(&sb, plan->title);
            x += draw_text(y, x, c.title, sb_str(&sb), a, true) + 1;
            if (c.period) {
                char f[11], to[11];
                sb_reset(&sb);
                if (plan->from != KH_NO_DATE) sb_puts(&sb, date_format_dmy(plan->from, f));
                if (plan->to != KH_NO_DATE) sb_printf(&sb, "–%s", date_format_dmy(plan->to, to));
                x += draw_text(y, x, c.period, sb_str(&sb), a, true) + 1;
            }
        }
        x += draw_num(y, x, c.tasks, k->total, a);
        char pct[16];
        snprintf(pct, sizeof pct, "%*d%%", c.pct - 1, model_completion(k));
        x += draw_text(y, x, c.pct, pct, a, true) + 1;
        for (int m = 0; m < CAT_COUNT; m++)
            x += draw_num(y, x, c.cat, k->category[m], k->category[m] && !sel ? cat_attr[m] : a);
    }
    sb_done(&sb);
    if (r->h >= 3) {
        int y = r->y + r->h - 1;
        draw_fill(y, r->x, r->w, A_NORMAL);
        draw_text(y, r->x + 2, r->w - 2,
                  form || lang != KH_LANG_EN
                      ? TR(lang,
                           "HTĐH/HTQH: đã HT đúng hạn/quá hạn · CTH/CQH: chưa HT trong hạn/quá "
                           "hạn · Enter: chỉ kế hoạch này · o sắp xếp",
                           "OnT, Late: done on time, late · Open, Over: not done, overdue · "
                           "Enter: this plan only · o sorts")
                      : "Enter: this plan only (the first row: every plan) · o sorts",
                  A_DIM, false);
    }
}
