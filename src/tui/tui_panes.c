/* The panes the tab row switches between, one record each: its tab, when it
 * is there, and what drawing, moving, Enter and a click do in it. The main
 * loop, the layout, the tab row and the mouse go through this table: a new
 * pane (a province pane, say) is a record here and a file of its own. */
#include "tui.h"

static void list_pane_draw(tui *t, const rect *r, bool focused)
{
    list_draw(t, r, &t->list, false, focused);
}

static void deadlines_pane_draw(tui *t, const rect *r, bool focused)
{
    list_draw(t, r, &t->deadlines, true, focused);
}

static void list_pane_move(tui *t, long delta, int page)
{
    view_move(&t->list, delta, page);
}

static void deadlines_pane_move(tui *t, long delta, int page)
{
    view_move(&t->deadlines, delta, page);
}

static void list_pane_click(tui *t, const rect *r, int y)
{
    list_click(t, &t->list, r, y);
}

static void deadlines_pane_click(tui *t, const rect *r, int y)
{
    list_click(t, &t->deadlines, r, y);
}

/* The tasks listed: a task for each ward is a heading, not one of them. */
static size_t list_count(const tui *t)
{
    return t->list.n > t->list_headings ? t->list.n - t->list_headings : 0;
}

static size_t deadlines_count(const tui *t)
{
    return t->deadlines.n > t->list_headings ? t->deadlines.n - t->list_headings : 0;
}

static size_t units_count(const tui *t)
{
    return t->all ? t->nwunits : t->app->plan->nunits;
}

static size_t plans_count(const tui *t)
{
    return tui_nplans(t);
}

static bool in_workspace(const tui *t)
{
    return t->ws != NULL;
}

const tui_pane tui_panes[] = {
    {PANE_LIST, "Nhiệm vụ", "Tasks", NULL, list_count, list_pane_draw, list_pane_move, NULL,
     list_pane_click},
    {PANE_UNITS, "Đơn vị", "Units", NULL, units_count, units_draw, units_move, units_choose,
     units_click},
    {PANE_DEADLINES, "Thời hạn", "Deadlines", NULL, deadlines_count, deadlines_pane_draw,
     deadlines_pane_move, NULL, deadlines_pane_click},
    {PANE_PLANS, "Kế hoạch", "Plans", in_workspace, plans_count, plans_draw, plans_move,
     plans_choose, plans_click},
    {PANE_WARDS, "Phường/Xã", "Wards", wards_shown, wards_count, wards_draw, wards_move,
     wards_choose, wards_click},
};
const size_t tui_npanes = KH_ARRAY_LEN(tui_panes);

const tui_pane *tui_pane_of(const tui *t, pane_id id)
{
    for (size_t i = 0; i < tui_npanes; i++)
        if (tui_panes[i].id == id) return tui_pane_shown(t, &tui_panes[i]) ? &tui_panes[i] : NULL;
    return NULL;
}

bool tui_pane_shown(const tui *t, const tui_pane *p)
{
    return !p->shown || p->shown(t);
}
