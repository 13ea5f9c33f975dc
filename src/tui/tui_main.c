/* The dashboard: layout, keeping the screen live while others write, the
 * actions that do not change tasks, and the main loop. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/report.h"
#include "tui.h"

enum {
    MIN_ROWS = 16,
    MIN_COLS = 60,
    TICK_MS = 500,   /* how long a key wait lasts before the screen is refreshed */
    POLL_MS = 1000,  /* how often the database is asked whether others wrote */
    FLASH_MS = 5000, /* how long a row someone else changed stays marked */
};

/* ---- keeping the screen live ---- */

/* Who app_poll tells of a task that moved: the screen, and which plan. */
typedef struct {
    tui *t;
    size_t plan;
} poll_ctx;

static void mark_changed(void *ctx, size_t task)
{
    const poll_ctx *pc = ctx;
    tui *t = pc->t;
    /* One plan shown: only its rows are on the screen to mark. */
    if (!t->all && pc->plan != t->cur) return;
    task = tui_row_of(t, pc->plan, task);
    KH_GROW(t->flash, t->nflash, t->capflash);
    KH_GROW(t->flash_until, t->nflash, t->capflash_until);
    t->flash[t->nflash] = (uint32_t)task;
    t->flash_until[t->nflash++] = screen_now_ms() + FLASH_MS;
}

bool tui_flashing(const tui *t, uint32_t task)
{
    for (size_t i = 0; i < t->nflash; i++)
        if (t->flash[i] == task) return true;
    return false;
}

/* Forget marks that have had their time; return true when any went. */
static bool expire_flashes(tui *t, long now)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nflash; i++) {
        if (t->flash_until[i] <= now) continue;
        t->flash[n] = t->flash[i];
        t->flash_until[n++] = t->flash_until[i];
    }
    bool gone = n != t->nflash;
    t->nflash = n;
    return gone;
}

/* The plan file was read again: move every index the screen keeps (the
 * selections, the filter's unit, the marks) to the new plan by id, and
 * rebuild the views. */
void tui_follow_plan(tui *t, const kh_plan_map *m)
{
    if (t->all) {
        tui_ws_follow(t, t->cur, m);
        return;
    }
    long sel_list = t->list.n ? (long)t->list.rows[t->list.sel] : -1;
    long sel_dl = t->deadlines.n ? (long)t->deadlines.rows[t->deadlines.sel] : -1;
    long at = t->detail_task;
#define MAP_TASK(i) ((i) >= 0 && (size_t)(i) < m->ntask ? m->task[i] : -1)
    sel_list = MAP_TASK(sel_list);
    sel_dl = MAP_TASK(sel_dl);
    at = MAP_TASK(at);
    size_t n = 0;
    for (size_t i = 0; i < t->nflash; i++) {
        long k = MAP_TASK((long)t->flash[i]);
        if (k < 0) continue;
        t->flash[n] = (uint32_t)k;
        t->flash_until[n++] = t->flash_until[i];
    }
#undef MAP_TASK
    t->nflash = n;
    if (t->filter.unit >= 0)
        t->filter.unit = (size_t)t->filter.unit < m->nunit ? m->unit[t->filter.unit] : -1;
    free(t->filter.unit_hit);
    t->filter.unit_hit = NULL;
    t->filter.nunit_hit = 0;
    const kh_plan *plan = t->app->plan;
    free(t->unit_counts);
    t->unit_counts = xcalloc(plan->nunits + 1, sizeof *t->unit_counts);
    if (t->unit_sel > plan->nunits) t->unit_sel = plan->nunits;
    detail_forget(t);
    /* The views are as long as the plan: made again for the new one. */
    list_done(t);
    t->list.n = t->deadlines.n = 0;
    list_rebuild(t);
    for (size_t r = 0; r < t->list.n; r++)
        if ((long)t->list.rows[r] == sel_list) t->list.sel = r;
    for (size_t r = 0; r < t->deadlines.n; r++)
        if ((long)t->deadlines.rows[r] == sel_dl) t->deadlines.sel = r;
    if (t->focus == PANE_DETAIL) {
        if (at >= 0)
            t->detail_task = at;
        else
            t->focus = t->main;
    }
    tui_layout(t);
    t->dirty = true;
}

/* See whether plan p's file was edited; if so, follow it, or say why the
 * edit does not load (keeping the last good plan). */
static void poll_plan(tui *t, size_t p)
{
    kh_app *app = tui_plan_app(t, p);
    kh_lang lang = app->lang;
    kh_plan_map map;
    kh_diags diags = {0};
    kh_error err = {0};
    kh_plan_poll r = app_poll_plan(app, &map, &diags, &err);
    if (r == PLAN_RELOADED) {
        t->wards_due = t->province; /* the wards' names are the plan's */
        if (t->all)
            tui_ws_follow(t, p, &map);
        else if (p == t->cur)
            tui_follow_plan(t, &map);
        else
            list_rebuild(t); /* its counts, in the plans pane */
        if (err.code)
            tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(err.code, lang), err.detail);
        else if (t->ws)
            tui_message(t, MSG_INFO,
                        TR(lang, "Tệp kế hoạch %s vừa được sửa: đã tải lại.",
                           "The plan file of %s was just edited: read again."),
                        app->plan->id);
        else
            tui_message(t, MSG_INFO, "%s",
                        TR(lang, "Tệp kế hoạch vừa được sửa: đã tải lại.",
                           "The plan file was just edited: read again."));
    } else if (r == PLAN_INVALID) {
        strbuf sb = STRBUF_INIT;
        tui_plan_error_words(&sb, app->plan_path, &diags, lang);
        tui_message(t, MSG_ERROR, "%s", sb_str(&sb));
        sb_done(&sb);
        t->dirty = true;
    }
    app_plan_map_free(&map);
    diags_free(&diags);
}

/* Once a second: read what others committed (keeping the selection, the
 * scroll and anything being typed), follow the date past midnight and the
 * plan files' edits, retry waiting changes. */
static void tick(tui *t)
{
    long now = screen_now_ms();
    if (expire_flashes(t, now)) t->dirty = true;
    if (tui_retry_all(t, false)) t->dirty = true;
    if (now - t->last_poll_ms < POLL_MS) return;
    t->last_poll_ms = now;
    if (!t->opts.today_fixed && date_today() != t->app->today) {
        for (size_t p = 0; p < tui_nplans(t); p++) tui_plan_app(t, p)->today = date_today();
        t->app->today = date_today();
        list_rebuild(t);
        t->dirty = true;
    }
    /* Not under a prompt or a page: they hold the index of the task they
     * are about. The edit is read as soon as they close. */
    if (!t->modal) {
        for (size_t p = 0; p < tui_nplans(t); p++) poll_plan(t, p);
        /* Every other second, plan files added to or removed from the folder. */
        if (t->ws && (t->polls++ & 1)) tui_ws_rescan(t);
    }
    bool any = false;
    size_t before = t->nflash;
    for (size_t p = 0; p < tui_nplans(t); p++) {
        bool reloaded = false;
        kh_error err = {0};
        poll_ctx pc = {t, p};
        kh_app *app = tui_plan_app(t, p);
        if (app_poll(app, &reloaded, mark_changed, &pc, &err)) {
            tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(err.code, app->lang), err.detail);
            t->dirty = true;
            return;
        }
        any |= reloaded;
    }
    /* A province's: a ward's snapshot came in, or the state was read again. */
    if (wards_poll(t, any)) any = true;
    if (!any) return;
    detail_forget(t);
    list_rebuild(t);
    size_t changed = t->nflash - before;
    if (changed)
        tui_message(t, MSG_INFO,
                    TR(t->app->lang, "Người khác vừa cập nhật %zu nhiệm vụ (đánh dấu *).",
                       "Someone else just updated %zu task(s) (marked *)."),
                    changed);
    t->dirty = true;
}

int tui_getkey(tui *t, wint_t *ch)
{
    if (screen_now_ms() - t->last_poll_ms >= POLL_MS) tick(t);
    int code = screen_getkey(ch);
    if (code == ERR) tick(t);
    /* Idle: what a search looks in, read again after a rebuild dropped it. */
    if (code == ERR && !t->modal) list_prepare_search(t);
    if (code == KEY_CODE_YES && *ch == KEY_RESIZE) {
        /* Absorbed here for every loop: laid out again, drawn again whole. */
        tui_layout(t);
        clear();
        t->dirty = true;
        return ERR;
    }
    return code;
}

enum { CONTENT_MIN = 50 }; /* a docked pane never leaves "Nội dung" less */

/* The width of the units pane docked on the left: the widest that leaves
 * the task list's content column CONTENT_MIN cells; 0 (not docked) when
 * none does. */
static int units_dock_width(const tui *t)
{
    static const int widths[] = {64, 52, 44};
    for (size_t i = 0; i < KH_ARRAY_LEN(widths); i++) {
        int w = t->cols - widths[i] - 1;
        if (widths[i] <= t->cols / 3 + 8 && list_content_width(t, w, false) >= CONTENT_MIN)
            return widths[i];
    }
    return 0;
}

/* ---- layout and drawing ---- */

void tui_layout(tui *t)
{
    getmaxyx(stdscr, t->rows, t->cols);
    t->too_small = t->rows < MIN_ROWS || t->cols < MIN_COLS;
    t->msg_rows = tui_message_rows(t);
    int top = 3, h = t->rows - 1 - t->msg_rows - top;
    int dock = units_dock_width(t);
    t->wide = dock > 0;
    int x = 0, w = t->cols;
    if (t->wide) {
        t->r_units = (rect){top, 0, h, dock};
        x = t->r_units.w + 1;
        w = t->cols - x;
        if (t->main == PANE_UNITS) t->main = PANE_LIST;
    } else {
        t->r_units = (rect){top, 0, h, t->cols};
        /* Undocked with the focus on it: it fills the main area. */
        if (t->focus == PANE_UNITS) t->main = PANE_UNITS;
    }
    t->r_main = (rect){top, x, h, w};
    t->side = false;
    if (t->detail_open) {
        /* Beside the list only where the list keeps its content's room. */
        int mw = w * 55 / 100;
        if (w >= 130 && list_content_width(t, mw, false) >= CONTENT_MIN) {
            t->side = true;
            t->r_main.w = mw;
            t->r_detail = (rect){top, x + mw + 1, h, w - mw - 1};
        } else if (h >= 14) {
            int mh = h * 2 / 5;
            if (mh < 6) mh = 6;
            t->r_main.h = mh;
            t->r_detail = (rect){top + mh, x, h - mh, w};
        } else {
            t->r_detail = t->r_main;
            t->r_main.h = 0;
        }
    }
}

void tui_draw(tui *t)
{
    t->dirty = false;
    tui_follow_selection(t);
    if (t->too_small) {
        erase();
        const char *msg = TR(t->app->lang, "Cửa sổ quá nhỏ", "Terminal too small");
        char need[64];
        snprintf(need, sizeof need, TR(t->app->lang, "cần ít nhất %d×%d", "needs at least %d×%d"),
                 MIN_COLS, MIN_ROWS);
        draw_text(t->rows / 2 - 1, 1, t->cols - 2, msg, A_BOLD, false);
        draw_text(t->rows / 2, 1, t->cols - 2, need, A_NORMAL, false);
        return;
    }
    /* A longer or shorter message than the layout was made for. */
    if (tui_message_rows(t) != t->msg_rows) tui_layout(t);
    draw_header(t);
    draw_tabs(t);
    if (t->wide) {
        units_draw(t, &t->r_units, t->focus == PANE_UNITS);
        draw_vline(t->r_units.y, t->r_units.w, t->r_units.h, A_DIM);
    }
    const tui_pane *main = tui_pane_of(t, t->main);
    if (t->r_main.h > 0 && main) main->draw(t, &t->r_main, t->focus == t->main);
    if (t->detail_open) {
        if (t->side) {
            draw_vline(t->r_detail.y, t->r_detail.x - 1, t->r_detail.h, A_DIM);
        }
        detail_draw(t, &t->r_detail, t->focus == PANE_DETAIL);
    }
    draw_message(t);
    draw_keybar(t);
}

void tui_redraw(tui *t)
{
    tui_draw(t);
    refresh();
}

/* ---- actions ---- */

static void set_focus(tui *t, pane_id p)
{
    if (p == PANE_DETAIL && !t->detail_open) return;
    if (p != PANE_DETAIL && !tui_pane_of(t, p)) return;
    t->focus = p;
    /* A pane fills the main area, but the units docked on the left. */
    if (p != PANE_DETAIL && !(p == PANE_UNITS && t->wide)) t->main = p;
    tui_layout(t);
}

static void cycle_focus(tui *t, int dir)
{
    /* The panes in tab order, then the detail. */
    int n = (int)tui_npanes + 1, i = 0;
    while (i < n - 1 && tui_panes[i].id != t->focus) i++;
    for (int step = 0; step < n; step++) {
        i = (i + dir + n) % n;
        if (i == n - 1) {
            if (!t->detail_open) continue;
            set_focus(t, PANE_DETAIL);
            return;
        }
        if (!tui_pane_shown(t, &tui_panes[i])) continue;
        set_focus(t, tui_panes[i].id);
        return;
    }
}

static void move_focused(tui *t, long delta, bool page)
{
    if (t->focus == PANE_DETAIL) {
        if (delta == LONG_MIN)
            t->detail_top = 0;
        else if (delta == LONG_MAX)
            t->detail_top = INT_MAX / 2;
        else
            detail_scroll(t, (int)delta * (page ? t->r_detail.h - 2 : 1));
        return;
    }
    const tui_pane *p = tui_pane_of(t, t->focus);
    if (!p) return;
    /* A page is the pane's rows but its heading (and the units' last row). */
    const rect *r = t->focus == PANE_UNITS && t->wide ? &t->r_units : &t->r_main;
    p->step(t, delta, page ? r->h - 2 : 0);
}

static void search_changed(tui *t, const char *text)
{
    char *old = t->filter.query ? xstrdup(t->filter.query) : NULL;
    app_filter_set_query(&t->filter, text);
    free(t->query);
    t->query = t->filter.query ? xstrdup(text) : NULL;
    list_search(t, old);
    free(old);
    t->list.top = t->deadlines.top = 0;
    if (t->focus == PANE_UNITS || t->focus == PANE_DETAIL || t->focus == PANE_PLANS ||
        t->focus == PANE_WARDS)
        set_focus(t, PANE_LIST);
    tui_redraw(t);
}

static void act_search(tui *t)
{
    kh_lang lang = t->app->lang;
    char *before = t->query ? xstrdup(t->query) : NULL;
    char *text = prompt_line(t, "/", before, false, NULL, search_changed);
    if (text) {
        size_t in_notes = 0;
        for (size_t r = 0; t->note_hit && r < t->list.n; r++)
            in_notes += t->note_hit[t->list.rows[r]];
        if (t->query && in_notes)
            tui_message(t, MSG_INFO,
                        TR(lang,
                           "Tìm \"%s\": %zu nhiệm vụ, %zu trong số đó chỉ thấy trong ghi chú "
                           "hoặc kết quả (đánh dấu \"). Esc để bỏ.",
                           "Search \"%s\": %zu tasks, %zu of them found only in a note or "
                           "result (marked \"). Esc clears it."),
                        t->query, t->list.n, in_notes);
        else if (t->query)
            tui_message(t, MSG_INFO,
                        TR(lang, "Tìm \"%s\": %zu nhiệm vụ. Esc để bỏ.",
                           "Search \"%s\": %zu tasks. Esc clears it."),
                        t->query, t->list.n);
        free(text);
    } else {
        search_changed(t, "");
        tui_message(t, MSG_INFO, "%s", TR(lang, "Đã bỏ tìm kiếm.", "Search cleared."));
    }
    free(before);
}

static void clear_filters(tui *t)
{
    app_filter_done(&t->filter);
    app_filter_init(&t->filter);
    free(t->query);
    t->query = NULL;
    free(t->unit_id);
    t->unit_id = NULL;
    t->due_days = 0;
    t->my_unit = false;
    list_rebuild(t);
}

void tui_show_task(tui *t, size_t i)
{
    kh_lang lang = t->app->lang;
    bool cleared = false;
    uint32_t row = tui_row_of(t, t->cur, i);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t r = 0; r < t->list.n; r++) {
            if (t->list.rows[r] != row) continue;
            t->list.sel = r;
            t->main = t->focus = PANE_LIST;
            t->detail_open = true;
            detail_forget(t);
            tui_layout(t);
            tui_message(t, MSG_INFO,
                        cleared
                            ? TR(lang, "Nhiệm vụ %s (đã bỏ bộ lọc để hiện nó). Esc đóng chi tiết.",
                                 "Task %s (the filter was cleared to show it). Esc closes the "
                                 "detail.")
                            : TR(lang, "Nhiệm vụ %s. Esc đóng chi tiết.",
                                 "Task %s. Esc closes the detail."),
                        t->app->plan->tasks[i].id);
            return;
        }
        /* Hidden by the search or a filter: show everything. */
        clear_filters(t);
        cleared = true;
    }
}

/* Filter by unit: one plan's units, or over every plan the units of them
 * all by id. */
static void filter_unit(tui *t)
{
    kh_lang lang = t->app->lang;
    const kh_plan *plan = t->app->plan;
    size_t n = t->all ? t->nwunits : plan->nunits;
    const char **names = xcalloc(n + 1, sizeof *names);
    names[0] = TR(lang, "Tất cả đơn vị", "All units");
    int current = 0;
    for (size_t i = 0; i < n; i++) {
        names[i + 1] = t->all ? t->wunits[i].name : plan->units[i].name;
        if (t->all && t->unit_id && !strcmp(t->unit_id, t->wunits[i].id)) current = (int)i + 1;
    }
    if (!t->all) current = (int)t->filter.unit + 1;
    int u = prompt_choose(t, TR(lang, "Đơn vị", "Unit"), names, (int)n + 1, current);
    free(names);
    if (u < 0) return;
    if (!t->all) {
        t->filter.unit = u - 1;
        return;
    }
    free(t->unit_id);
    t->unit_id = u > 0 ? xstrdup(t->wunits[u - 1].id) : NULL;
}

/* Overdue or due within N days (7 by default: this week), or off. */
static bool filter_due(tui *t)
{
    kh_lang lang = t->app->lang;
    char now[16];
    snprintf(now, sizeof now, "%d", t->due_days > 0 ? t->due_days : WS_DIGEST_DAYS);
    char *text = prompt_line(t,
                             TR(lang, "Quá hạn hoặc đến hạn trong bao nhiêu ngày (0: bỏ lọc):",
                                "Overdue or due within how many days (0: off):"),
                             now, true, NULL, NULL);
    if (!text) return false;
    char *end;
    long d = strtol(text, &end, 10);
    bool ok = end != text && *end == '\0' && d >= 0 && d <= 366;
    free(text);
    if (!ok) {
        tui_message(t, MSG_ERROR, "%s",
                    TR(lang, "Số ngày từ 0 đến 366.", "A number of days from 0 to 366."));
        return false;
    }
    t->due_days = (int)d;
    return true;
}

static void act_filter(tui *t)
{
    kh_lang lang = t->app->lang;
    const char *kinds[] = {
        TR(lang, "Theo đơn vị…", "By unit…"), TR(lang, "Theo trạng thái…", "By status…"),
        TR(lang, "Theo thời hạn…", "By timeliness…"),
        TR(lang, "Bỏ mọi bộ lọc và tìm kiếm", "Clear every filter and search"),
        /* The officer stays last, where it was before these two came. */
        TR(lang, "Quá hạn hoặc đến hạn trong N ngày…", "Overdue or due within N days…"),
        t->my_unit ? TR(lang, "Đơn vị của tôi: bỏ", "My unit: off")
                   : TR(lang, "Đơn vị của tôi", "My unit"),
        TR(lang, "Theo cán bộ phụ trách…", "By officer in charge…")};
    int k = prompt_choose(t, TR(lang, "Lọc", "Filter"), kinds, 7, -1);
    tui_redraw(t);
    if (k == 0) {
        filter_unit(t);
    } else if (k == 1) {
        const char *names[ST_COUNT + 1];
        names[0] = TR(lang, "Mọi trạng thái", "Any status");
        for (int s = 0; s < ST_COUNT; s++) names[s + 1] = model_status_name((kh_status)s, lang);
        int s = prompt_choose(t, TR(lang, "Trạng thái", "Status"), names, ST_COUNT + 1,
                              t->filter.status + 1);
        if (s >= 0) t->filter.status = s - 1;
    } else if (k == 2) {
        const char *names[TL_COUNT + 1];
        names[0] = TR(lang, "Mọi thời hạn", "Any");
        for (int s = 0; s < TL_COUNT; s++)
            names[s + 1] = model_timeliness_name((kh_timeliness)s, lang);
        int s = prompt_choose(t, TR(lang, "Thời hạn", "Timeliness"), names, TL_COUNT + 1,
                              t->filter.timeliness + 1);
        if (s >= 0) t->filter.timeliness = s - 1;
    } else if (k == 6) {
        /* A part of the name, case and diacritics ignored; empty: anyone. */
        char *name = prompt_line(t,
                                 TR(lang, "Cán bộ phụ trách (một phần của tên):",
                                    "Officer in charge (a part of the name):"),
                                 "", false, NULL, NULL);
        if (!name) return;
        app_filter_set_officer(&t->filter, name);
        free(name);
    } else if (k == 4) {
        if (!filter_due(t)) return;
    } else if (k == 5) {
        t->my_unit = !t->my_unit;
    } else if (k == 3) {
        clear_filters(t);
        tui_message(t, MSG_INFO, "%s", TR(lang, "Đã bỏ mọi bộ lọc.", "Every filter cleared."));
        return;
    } else {
        return;
    }
    list_rebuild(t);
    t->list.top = t->deadlines.top = 0;
    if (k == 5 && t->my_unit && !t->list.n)
        tui_message(t, MSG_INFO, "%s",
                    TR(lang,
                       "Không có nhiệm vụ của đơn vị bạn: phần quyền (rights:) của kế hoạch chưa "
                       "ghi tên bạn cho đơn vị nào.",
                       "No task of your unit: the plan's rights: section names you for no unit."));
    else
        tui_message(t, MSG_INFO, TR(lang, "%zu nhiệm vụ khớp bộ lọc.", "%zu tasks match."),
                    t->list.n);
}

static void act_sort(tui *t)
{
    if (t->focus == PANE_WARDS) {
        wards_sort(t, false);
        return;
    }
    if (t->focus == PANE_PLANS) {
        plans_sort(t);
        return;
    }
    kh_lang lang = t->app->lang;
    const char *names[SORT_COUNT];
    for (int s = 0; s < SORT_COUNT; s++) names[s] = app_sort_name((kh_sort)s, lang);
    int s = prompt_choose(t, TR(lang, "Sắp xếp theo", "Sort by"), names, SORT_COUNT, t->sort);
    if (s < 0) return;
    t->sort = (kh_sort)s;
    list_rebuild(t);
    set_focus(t, PANE_LIST);
    tui_message(t, MSG_INFO, TR(lang, "Sắp xếp theo %s.", "Sorted by %s."), names[s]);
}

/* Write the report of the period due next, for the tasks the filter shows,
 * to a new file (see report_write_default); say where, the file's name
 * first so that it shows on a narrow screen, then its folder. */
static void act_report(tui *t)
{
    kh_lang lang = t->app->lang;
    kh_date from, to;
    report_current_period(t->app->plan, t->app->today, &from, &to, NULL);
    char *path = NULL;
    kh_error err = {0};
    /* Over every plan: the report of the selected task's plan, its unit by id. */
    kh_filter f = t->filter;
    if (t->all && t->unit_id) f.unit = model_find_unit(t->app->plan, t->unit_id);
    kh_errcode rc = report_write_default(t->app, &f, from, to, REPORT_HTML, &path, &err);
    if (rc) {
        tui_message(t, MSG_ERROR,
                    TR(lang, "Không ghi được báo cáo: %s (%s)", "Report not written: %s (%s)"),
                    kh_strerror(rc, lang), err.detail);
        return;
    }
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    int dir_len = !slash ? 1 : slash == path ? 1 : (int)(slash - path);
    char a[11], b[11];
    tui_message(t, MSG_OK,
                TR(lang, "Đã ghi %s vào %.*s (báo cáo %s–%s)", "Wrote %s in %.*s (report %s–%s)"),
                name, dir_len, slash ? path : ".", date_format_dmy(from, a),
                date_format_dmy(to, b));
    free(path);
}

static void act_enter(tui *t)
{
    /* Enter in a pane that chooses (a unit, a plan) narrows the tasks. */
    const tui_pane *p = tui_pane_of(t, t->focus);
    if (p && p->choose) {
        p->choose(t);
        set_focus(t, PANE_LIST);
        return;
    }
    t->detail_open = !t->detail_open;
    if (!t->detail_open && t->focus == PANE_DETAIL) t->focus = t->main;
    detail_forget(t);
    tui_layout(t);
}

static void act_escape(tui *t)
{
    if (t->detail_open) {
        t->detail_open = false;
        if (t->focus == PANE_DETAIL) t->focus = t->main;
        tui_layout(t);
        return;
    }
    if (t->query || t->filter.unit >= 0 || t->filter.status >= 0 || t->filter.timeliness >= 0 ||
        t->unit_id || t->due_days || t->my_unit) {
        clear_filters(t);
        tui_message(t, MSG_INFO, "%s",
                    TR(t->app->lang, "Đã bỏ tìm kiếm và bộ lọc.", "Search and filters cleared."));
    }
}

static void on_mouse(tui *t)
{
    MEVENT ev;
    if (getmouse(&ev) != OK) return;
    bool wheel_up = ev.bstate & BUTTON4_PRESSED;
    bool wheel_down = ev.bstate & BUTTON5_PRESSED;
    const rect *hit = NULL;
    pane_id pane = PANE_COUNT;
    if (ev.y == 2) {
        /* The tab row: the tabs where draw_tabs drew them. */
        for (int i = 0; i < t->ntabs; i++)
            if (ev.x >= t->tab_from[i] && ev.x < t->tab_to[i]) set_focus(t, t->tab_pane[i]);
        return;
    }
    if (t->wide && ev.x < t->r_units.w && ev.y >= t->r_units.y &&
        ev.y < t->r_units.y + t->r_units.h) {
        hit = &t->r_units;
        pane = PANE_UNITS;
    } else if (t->detail_open && ev.y >= t->r_detail.y && ev.y < t->r_detail.y + t->r_detail.h &&
               ev.x >= t->r_detail.x && ev.x < t->r_detail.x + t->r_detail.w) {
        hit = &t->r_detail;
        pane = PANE_DETAIL;
    } else if (t->r_main.h > 0 && ev.y >= t->r_main.y && ev.y < t->r_main.y + t->r_main.h &&
               ev.x >= t->r_main.x) {
        hit = &t->r_main;
        pane = t->main;
    }
    if (!hit) return;
    set_focus(t, pane);
    if (wheel_up || wheel_down) {
        move_focused(t, wheel_up ? -3 : 3, false);
        return;
    }
    const tui_pane *p = tui_pane_of(t, pane);
    if (p) p->click(t, hit, ev.y);
}

static bool drafts_safe_now;

static void sync_one(tui *t)
{
    if (tui_drafts_count(t) && !tui_drafts_sync(t)) drafts_safe_now = false;
}

/* Return true when every plan's drafts are safe in their files. */
static bool drafts_all_safe(tui *t)
{
    drafts_safe_now = true;
    tui_each_plan(t, sync_one);
    return drafts_safe_now;
}

static size_t drafts_total;

static void count_one(tui *t)
{
    drafts_total += tui_drafts_count(t);
}

/* Quit, unless changes still wait for the database (then try once more,
 * and ask: wait, keep them for the next start, or stay), or notes being
 * written cannot be kept in the drafts file: then say so and ask for a
 * second q. */
static bool may_quit(tui *t)
{
    kh_lang lang = t->app->lang;
    if (edit_pending(t)) tui_retry_all(t, true);
    if (edit_pending(t)) return tui_kept_quit(t);
    bool drafts_safe = drafts_all_safe(t);
    if (drafts_safe) return true;
    if (t->quit_armed) return true;
    t->quit_armed = true;
    /* Kept in memory until the person decides: n writes the note now, a
     * second q drops it. */
    tui_message(t, MSG_ERROR,
                TR(lang,
                   "%zu ghi chú viết dở KHÔNG ghi được ra tệp bản nháp (%s). Bấm n trên "
                   "nhiệm vụ để lưu ghi chú, hoặc q lần nữa để thoát và BỎ chúng.",
                   "%zu unfinished note(s) CANNOT be written to the drafts file (%s). Press n "
                   "on the task to save the note, or q again to quit and DROP them."),
                (drafts_total = 0, tui_each_plan(t, count_one), drafts_total), t->drafts_error);
    return false;
}

static bool act(tui *t, int code, wint_t ch);

/* Handle one key; return false to quit. */
static bool handle(tui *t, int code, wint_t ch)
{
    if (code == KEY_CODE_YES && ch == KEY_MOUSE) {
        on_mouse(t);
        return true;
    }
    if (t->too_small) return !(code == OK && ch == 'q');
    t->msg[0] = '\0';
    /* Over every plan, the keys act on the selected task's plan. */
    tui_follow_selection(t);
    t->pinned++;
    bool go_on = act(t, code, ch);
    t->pinned--;
    return go_on;
}

/* Do what the key asks; return false to quit. */
static bool act(tui *t, int code, wint_t ch)
{
    switch (tui_action_of(code, ch)) {
    case ACT_UP: move_focused(t, -1, false); break;
    case ACT_DOWN: move_focused(t, 1, false); break;
    case ACT_PGUP: move_focused(t, -1, true); break;
    case ACT_PGDN: move_focused(t, 1, true); break;
    case ACT_HOME: move_focused(t, LONG_MIN, false); break;
    case ACT_END: move_focused(t, LONG_MAX, false); break;
    case ACT_NEXT_PANE: cycle_focus(t, 1); break;
    case ACT_PREV_PANE: cycle_focus(t, -1); break;
    case ACT_PANE_LIST: set_focus(t, PANE_LIST); break;
    case ACT_PANE_UNITS: set_focus(t, PANE_UNITS); break;
    case ACT_PANE_DEADLINES: set_focus(t, PANE_DEADLINES); break;
    case ACT_PANE_PLANS:
        if (!t->ws)
            tui_message(t, MSG_INFO, "%s",
                        TR(t->app->lang,
                           "Chỉ có một kế hoạch: khung Kế hoạch có trong không gian làm việc "
                           "(--workspace).",
                           "One plan only: the Plans pane is in a workspace (--workspace)."));
        set_focus(t, PANE_PLANS);
        break;
    case ACT_PANE_WARDS:
        if (!t->province)
            tui_message(t, MSG_INFO, "%s",
                        TR(t->app->lang,
                           "Khung Phường/Xã có trong không gian làm việc của tỉnh (có thư mục "
                           "wards/).",
                           "The Wards pane is in a province's workspace (with a wards/ folder)."));
        set_focus(t, PANE_WARDS);
        break;
    case ACT_SORT_REVERSE:
        if (t->focus == PANE_WARDS)
            wards_sort(t, true);
        else
            tui_message(t, MSG_INFO, "%s",
                        TR(t->app->lang, "O đảo chiều sắp xếp ở khung Phường/Xã (5).",
                           "O reverses the sort in the Wards pane (5)."));
        break;
    case ACT_ENTER: act_enter(t); break;
    case ACT_STATUS: edit_status(t); break;
    case ACT_PROGRESS: edit_progress(t); break;
    case ACT_NOTE: edit_note(t); break;
    case ACT_UNDO:
        tui_undo_plan(t);
        edit_undo(t);
        break;
    case ACT_NOTE_KIND: edit_note_kind(t); break;
    case ACT_CONFIRM: edit_confirm(t); break;
    case ACT_RESULT: edit_result(t); break;
    case ACT_EXTEND: edit_extend(t); break;
    case ACT_AMEND: edit_amend(t); break;
    case ACT_SEARCH: act_search(t); break;
    case ACT_FILTER:
        if (t->focus == PANE_WARDS)
            wards_filter(t);
        else
            act_filter(t);
        break;
    case ACT_ESCAPE: act_escape(t); break;
    case ACT_SORT: act_sort(t); break;
    case ACT_ABOUT: page_about(t); break;
    case ACT_TARGETS: page_targets(t); break;
    case ACT_HISTORY: page_history(t); break;
    case ACT_REPORT: act_report(t); break;
    case ACT_HELP: page_help(t); break;
    case ACT_REDRAW: clear(); break;
    case ACT_DETAIL_UP:
    case ACT_DETAIL_DOWN:
        if (!t->detail_open) {
            tui_message(t, MSG_INFO, "%s",
                        TR(t->app->lang, "Chi tiết đang đóng: Enter để mở.",
                           "The detail is closed: Enter opens it."));
            break;
        }
        detail_scroll(t, tui_action_of(code, ch) == ACT_DETAIL_UP ? -3 : 3);
        break;
    case ACT_KEPT: tui_kept_offer(t); break;
    case ACT_QUIT: return !may_quit(t);
    case ACT_NONE:
    case ACT_COUNT: break;
    }
    return true;
}

/* ---- start and stop ---- */

static void drafts_load_one(tui *t)
{
    tui_drafts_load(t);
}

static void kept_load_one(tui *t)
{
    tui_kept_load(t);
}

static void drafts_free_one(tui *t)
{
    tui_kept_leave(t);
    edit_forget_offer(t);
    tui_drafts_leave(t);
    tui_drafts_free(t);
}

/* Run the dashboard on t (its app, and its workspace when there is one). */
static int run(tui *t, const kh_tui_options *opts)
{
    kh_app *app = t->app;
    t->opts = *opts;
    t->main = t->focus = PANE_LIST;
    t->detail_task = -1;
    app_filter_init(&t->filter);
    app_queue_init(&t->queue);
    app_queue_init(&t->kept);
    for (size_t p = 0; t->ws && p < t->ws->nplans; p++) {
        app_queue_init(&t->sides[p].queue);
        app_queue_init(&t->sides[p].kept);
    }
    t->unit_counts = xcalloc(app->plan->nunits + 1, sizeof *t->unit_counts);
    if (!screen_open(opts->mouse, TICK_MS)) {
        free(t->unit_counts);
        tui_ws_done(t);
        free(t);
        return 2;
    }
    t->last_poll_ms = screen_now_ms();
    draw_set_ascii(opts->ascii);
    /* Reads between changes wait for a writer only a moment too (one
     * store for every plan of a workspace). */
    app_set_busy_timeout(app, t->queue.rest_ms);
    draw_init_style(t);
    /* Before the drafts: what they restored is the message that matters more. */
    if (opts->notice) tui_message(t, MSG_INFO, "%s", opts->notice);
    tui_each_plan(t, drafts_load_one);
    tui_each_plan(t, kept_load_one);
    wards_start(t);
    list_rebuild(t);
    tui_layout(t);
    tui_redraw(t);
    /* The first frame is out: compile the detail's SQL now, not on Enter. */
    app_warm(app);
    /* And the notes a search looks in (at 100,000 tasks, 30,000 notes: 90 ms
     * when the first letter was typed, 7 ms of which was the search). */
    list_prepare_search(t);
    /* Changes left waiting last time: nothing is saved until the person says. */
    if (tui_kept_count(t)) {
        tui_kept_offer(t);
        tui_redraw(t);
    }

    for (;;) {
        wint_t ch;
        int code = tui_getkey(t, &ch);
        if (tui_should_stop()) break;
        if (code == ERR) {
            if (t->dirty) tui_redraw(t);
            continue;
        }
        if (!handle(t, code, ch)) break;
        if (code == OK && ch != 'q') t->quit_armed = false;
        if (tui_should_stop()) break;
        tui_redraw(t);
    }

    screen_close();
    /* Changes still waiting and notes being written are kept as drafts. */
    tui_each_plan(t, drafts_free_one);
    app_queue_done(&t->queue);
    app_queue_done(&t->kept);
    detail_forget(t);
    app_filter_done(&t->filter);
    free(t->query);
    list_done(t);
    free(t->unit_counts);
    free(t->flash);
    free(t->flash_until);
    wards_done(t);
    tui_ws_done(t);
    free(t);
    return screen_exit_code();
}

int tui_run(kh_app *app, const kh_tui_options *opts)
{
    tui *t = xcalloc(1, sizeof *t);
    t->app = app;
    return run(t, opts);
}

int tui_run_workspace(kh_workspace *ws, const kh_tui_options *opts)
{
    tui *t = xcalloc(1, sizeof *t);
    t->ws = ws;
    t->app = &ws->plans[0];
    t->sides = xcalloc(ws->nplans, sizeof *t->sides);
    t->all = true;
    tui_ws_bases(t);
    return run(t, opts);
}
