/* The dashboard: terminal set-up and tear-down, signals, layout, the key
 * map and the main loop. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/text.h"
#include "tui.h"

enum { MIN_ROWS = 16, MIN_COLS = 60, TICK_MS = 500 };

/* The units pane docked on the left of a wide terminal. */
static int units_width(int cols)
{
    return cols >= 170 ? 64 : 44;
}

/* ---- signals and a lost terminal ---- */

static volatile sig_atomic_t stop_signal;
static bool terminal_lost;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a read in progress returns, and the loop sees the flag. */
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

bool tui_should_stop(void)
{
    return stop_signal != 0 || terminal_lost;
}

/* A dropped SSH link shows as reads that fail at once: check the terminal
 * is still there, so we stop instead of spinning. */
static void check_terminal(void)
{
    struct termios tio;
    struct pollfd p = {STDIN_FILENO, POLLIN, 0};
    if (tcgetattr(STDIN_FILENO, &tio) != 0 ||
        (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL))))
        terminal_lost = true;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int tui_getkey(tui *t, wint_t *ch)
{
    (void)t;
    static int fast_errors;
    if (tui_should_stop()) return ERR;
    long start = now_ms();
    int code = get_wch(ch);
    if (code == ERR) {
        /* A timeout takes TICK_MS; an error comes back at once. */
        if (now_ms() - start < TICK_MS / 4) {
            if (++fast_errors >= 3) check_terminal();
            if (fast_errors >= 50) terminal_lost = true;
        } else {
            fast_errors = 0;
        }
    } else {
        fast_errors = 0;
    }
    return code;
}

/* ---- the key map ---- */

const tui_key tui_keys[] = {
    {true, KEY_UP, ACT_UP, "↑"},
    {false, 'k', ACT_UP, "k"},
    {true, KEY_DOWN, ACT_DOWN, "↓"},
    {false, 'j', ACT_DOWN, "j"},
    {true, KEY_PPAGE, ACT_PGUP, "PgUp"},
    {true, KEY_NPAGE, ACT_PGDN, "PgDn"},
    {false, ' ', ACT_PGDN, "Space"},
    {true, KEY_HOME, ACT_HOME, "Home"},
    {false, 'g', ACT_HOME, "g"},
    {true, KEY_END, ACT_END, "End"},
    {false, 'G', ACT_END, "G"},
    {false, '\t', ACT_NEXT_PANE, "Tab"},
    {true, KEY_RIGHT, ACT_NEXT_PANE, "→"},
    {true, KEY_BTAB, ACT_PREV_PANE, "Shift-Tab"},
    {true, KEY_LEFT, ACT_PREV_PANE, "←"},
    {false, '1', ACT_PANE_LIST, "1"},
    {false, '2', ACT_PANE_UNITS, "2"},
    {false, '3', ACT_PANE_DEADLINES, "3"},
    {false, '\n', ACT_ENTER, "Enter"},
    {false, '\r', ACT_ENTER, ""},
    {true, KEY_ENTER, ACT_ENTER, ""},
    {false, 's', ACT_STATUS, "s"},
    {false, 'p', ACT_PROGRESS, "p"},
    {false, 'n', ACT_NOTE, "n"},
    {false, '/', ACT_SEARCH, "/"},
    {false, 'f', ACT_FILTER, "f"},
    {false, 27, ACT_ESCAPE, "Esc"},
    {false, 'o', ACT_SORT, "o"},
    {false, 'a', ACT_ABOUT, "a"},
    {false, '?', ACT_HELP, "?"},
    {true, KEY_F(1), ACT_HELP, "F1"},
    {false, 12, ACT_REDRAW, "Ctrl-L"},
    {false, 'q', ACT_QUIT, "q"},
    {true, KEY_F(10), ACT_QUIT, "F10"},
    {false, 0, ACT_NONE, NULL},
};

const char *tui_action_words(tui_action a, kh_lang lang)
{
    switch (a) {
    case ACT_UP: return TR(lang, "lên một dòng", "up one row");
    case ACT_DOWN: return TR(lang, "xuống một dòng", "down one row");
    case ACT_PGUP: return TR(lang, "lên một trang", "up one page");
    case ACT_PGDN: return TR(lang, "xuống một trang", "down one page");
    case ACT_HOME: return TR(lang, "về dòng đầu", "to the first row");
    case ACT_END: return TR(lang, "đến dòng cuối", "to the last row");
    case ACT_NEXT_PANE: return TR(lang, "sang khung sau", "next pane");
    case ACT_PREV_PANE: return TR(lang, "về khung trước", "previous pane");
    case ACT_PANE_LIST: return TR(lang, "khung Nhiệm vụ", "the Tasks pane");
    case ACT_PANE_UNITS: return TR(lang, "khung Đơn vị", "the Units pane");
    case ACT_PANE_DEADLINES: return TR(lang, "khung Thời hạn", "the Deadlines pane");
    case ACT_ENTER:
        return TR(lang, "mở/đóng chi tiết; ở khung Đơn vị: lọc theo đơn vị",
                  "open/close the detail; in Units: filter by the unit");
    case ACT_STATUS: return TR(lang, "đổi trạng thái", "set the status");
    case ACT_PROGRESS: return TR(lang, "đặt tiến độ (0–100)", "set the progress (0–100)");
    case ACT_NOTE: return TR(lang, "thêm ghi chú", "add a note");
    case ACT_SEARCH:
        return TR(lang, "tìm (không phân biệt hoa thường, dấu); Enter giữ làm bộ lọc, Esc xóa",
                  "search (ignores case and diacritics); Enter keeps it, Esc clears it");
    case ACT_FILTER:
        return TR(lang, "lọc theo đơn vị, trạng thái hoặc thời hạn",
                  "filter by unit, status or timeliness");
    case ACT_ESCAPE:
        return TR(lang, "đóng chi tiết, hoặc bỏ tìm kiếm và bộ lọc",
                  "close the detail, or clear the search and filters");
    case ACT_SORT:
        return TR(lang, "sắp xếp: thứ tự kế hoạch, thời hạn, trạng thái, đơn vị",
                  "sort: plan order, deadline, status, unit");
    case ACT_ABOUT:
        return TR(lang, "về kế hoạch: mục đích, căn cứ, người ký, nơi nhận",
                  "about the plan: aims, basis, signer, recipients");
    case ACT_HELP: return TR(lang, "trợ giúp (trang này)", "help (this page)");
    case ACT_REDRAW: return TR(lang, "vẽ lại màn hình", "redraw the screen");
    case ACT_QUIT: return TR(lang, "thoát", "quit");
    case ACT_NONE:
    case ACT_COUNT: break;
    }
    return "";
}

static tui_action action_of(int code, wint_t ch)
{
    for (const tui_key *k = tui_keys; k->act != ACT_NONE; k++)
        if (k->ch == ch && k->function_key == (code == KEY_CODE_YES)) return k->act;
    return ACT_NONE;
}

/* ---- drafts of notes ---- */

const char *tui_draft_get(const tui *t, const char *task_id)
{
    for (const draft *d = t->drafts; d; d = d->next)
        if (!strcmp(d->task_id, task_id)) return d->text;
    return NULL;
}

void tui_draft_set(tui *t, const char *task_id, const char *text)
{
    draft **p = &t->drafts;
    while (*p && strcmp((*p)->task_id, task_id) != 0) p = &(*p)->next;
    if (*p) {
        free((*p)->text);
        if (text) {
            (*p)->text = xstrdup(text);
            return;
        }
        draft *gone = *p;
        *p = gone->next;
        free(gone->task_id);
        free(gone);
        return;
    }
    if (!text) return;
    draft *d = xcalloc(1, sizeof *d);
    d->task_id = xstrdup(task_id);
    d->text = xstrdup(text);
    d->next = t->drafts;
    t->drafts = d;
}

/* ---- layout and drawing ---- */

void tui_layout(tui *t)
{
    getmaxyx(stdscr, t->rows, t->cols);
    t->too_small = t->rows < MIN_ROWS || t->cols < MIN_COLS;
    int top = 3, h = t->rows - 2 - top;
    t->wide = t->cols >= 120;
    int x = 0, w = t->cols;
    if (t->wide) {
        t->r_units = (rect){top, 0, h, units_width(t->cols)};
        x = t->r_units.w + 1;
        w = t->cols - x;
        if (t->main == PANE_UNITS) t->main = PANE_LIST;
    } else {
        t->r_units = (rect){top, 0, h, t->cols};
    }
    t->r_main = (rect){top, x, h, w};
    t->side = false;
    if (t->detail_open) {
        if (w >= 130) {
            t->side = true;
            int mw = w * 55 / 100;
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

void tui_redraw(tui *t)
{
    if (t->too_small) {
        erase();
        const char *msg = TR(t->app->lang, "Cửa sổ quá nhỏ", "Terminal too small");
        char need[64];
        snprintf(need, sizeof need, TR(t->app->lang, "cần ít nhất %d×%d", "needs at least %d×%d"),
                 MIN_COLS, MIN_ROWS);
        draw_text(t->rows / 2 - 1, 1, t->cols - 2, msg, A_BOLD, false);
        draw_text(t->rows / 2, 1, t->cols - 2, need, A_NORMAL, false);
        refresh();
        return;
    }
    draw_header(t);
    draw_tabs(t);
    if (t->wide) {
        units_draw(t, &t->r_units, t->focus == PANE_UNITS);
        attr_set(A_DIM, 0, NULL);
        mvvline(t->r_units.y, t->r_units.w, ACS_VLINE, t->r_units.h);
        attr_set(A_NORMAL, 0, NULL);
    }
    if (t->r_main.h > 0) {
        bool focused = t->focus == t->main;
        switch (t->main) {
        case PANE_LIST: list_draw(t, &t->r_main, &t->list, false, focused); break;
        case PANE_DEADLINES: list_draw(t, &t->r_main, &t->deadlines, true, focused); break;
        case PANE_UNITS: units_draw(t, &t->r_main, focused); break;
        case PANE_DETAIL:
        case PANE_COUNT: break;
        }
    }
    if (t->detail_open) {
        if (t->side) {
            attr_set(A_DIM, 0, NULL);
            mvvline(t->r_detail.y, t->r_detail.x - 1, ACS_VLINE, t->r_detail.h);
            attr_set(A_NORMAL, 0, NULL);
        }
        detail_draw(t, &t->r_detail, t->focus == PANE_DETAIL);
    }
    draw_message(t);
    draw_keybar(t);
    refresh();
}

/* ---- actions ---- */

static void set_focus(tui *t, pane_id p)
{
    if (p == PANE_DETAIL && !t->detail_open) return;
    t->focus = p;
    if (p == PANE_LIST || p == PANE_DEADLINES || (p == PANE_UNITS && !t->wide)) t->main = p;
    tui_layout(t);
}

static void cycle_focus(tui *t, int dir)
{
    static const pane_id order[] = {PANE_LIST, PANE_UNITS, PANE_DEADLINES, PANE_DETAIL};
    int n = 4, i = 0;
    while (i < n && order[i] != t->focus) i++;
    for (int step = 0; step < n; step++) {
        i = (i + dir + n) % n;
        if (order[i] == PANE_DETAIL && !t->detail_open) continue;
        set_focus(t, order[i]);
        return;
    }
}

static void move_focused(tui *t, long delta, bool page)
{
    int ph = t->r_main.h - 2;
    switch (t->focus) {
    case PANE_LIST: view_move(&t->list, delta, page ? ph : 0); break;
    case PANE_DEADLINES: view_move(&t->deadlines, delta, page ? ph : 0); break;
    case PANE_UNITS:
        units_move(t, delta, page ? (t->wide ? t->r_units.h : t->r_main.h) - 2 : 0);
        break;
    case PANE_DETAIL:
        if (delta == LONG_MIN)
            t->detail_top = 0;
        else if (delta == LONG_MAX)
            t->detail_top = INT_MAX / 2;
        else
            detail_scroll(t, (int)delta * (page ? t->r_detail.h - 2 : 1));
        break;
    case PANE_COUNT: break;
    }
}

static bool may_edit(tui *t)
{
    if (!t->opts.read_only && t->app->store) return true;
    tui_message(t, MSG_ERROR, "%s",
                TR(t->app->lang,
                   "Chế độ chỉ xem (--read-only): không sửa được. Mở lại không có --read-only để "
                   "sửa.",
                   "Read-only mode (--read-only): nothing can be changed. Start without "
                   "--read-only to edit."));
    return false;
}

/* Reload every task's state after someone else changed it. */
static void reload_state(tui *t)
{
    kh_error err = {0};
    if (app_reload_state(t->app, &err))
        tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(err.code, t->app->lang), err.detail);
    detail_forget(t);
    list_rebuild(t);
}

/* Report the outcome of a change in words. Return true when it was saved. */
static bool report_change(tui *t, kh_errcode rc, const kh_error *err, const kh_task *task,
                          const char *what)
{
    kh_lang lang = t->app->lang;
    if (rc == KH_E_OK) {
        tui_message(t, MSG_OK, TR(lang, "Đã lưu: %s — %s", "Saved: %s — %s"), task->id, what);
        detail_forget(t);
        list_rebuild(t);
        return true;
    }
    if (rc == KH_E_CONFLICT) {
        tui_message(t, MSG_ERROR,
                    TR(lang, "Không lưu: %s vừa được %s thay đổi; đã tải lại, hãy xem rồi làm lại.",
                       "Not saved: %s was just changed by %s; reloaded, check and try again."),
                    task->id, err->detail);
        reload_state(t);
        return false;
    }
    tui_message(t, MSG_ERROR, TR(lang, "KHÔNG lưu được %s: %s (%s)", "NOT saved %s: %s (%s)"),
                task->id, kh_strerror(rc, lang), err->detail);
    return false;
}

static void act_status(tui *t)
{
    long i = tui_selected_task(t);
    if (i < 0 || !may_edit(t)) return;
    kh_lang lang = t->app->lang;
    kh_task *task = &t->app->plan->tasks[i];
    const char *items[ST_COUNT];
    for (int s = 0; s < ST_COUNT; s++) items[s] = model_status_name((kh_status)s, lang);
    char title[96];
    snprintf(title, sizeof title, TR(lang, "Trạng thái của %s", "Status of %s"), task->id);
    int pick = prompt_choose(t, title, items, ST_COUNT, task->status);
    tui_redraw(t);
    if (pick < 0 || pick == task->status) return;
    kh_error err = {0};
    kh_errcode rc = app_change(t->app, (size_t)i, pick, -1, NULL, true, &err);
    report_change(t, rc, &err, task, items[pick]);
}

static void act_progress(tui *t)
{
    long i = tui_selected_task(t);
    if (i < 0 || !may_edit(t)) return;
    kh_lang lang = t->app->lang;
    kh_task *task = &t->app->plan->tasks[i];
    char label[96], initial[8];
    snprintf(label, sizeof label, TR(lang, "Tiến độ (0–100) của %s:", "Progress (0–100) of %s:"),
             task->id);
    snprintf(initial, sizeof initial, "%d", task->progress);
    char *text = prompt_line(t, label, initial, NULL, NULL);
    if (!text) {
        tui_message(t, MSG_INFO, "%s", TR(lang, "Đã hủy.", "Cancelled."));
        return;
    }
    char *end;
    long v = strtol(text, &end, 10);
    while (*end == ' ' || *end == '%') end++;
    bool ok = *text && !*end && v >= 0 && v <= 100;
    free(text);
    if (!ok) {
        tui_message(t, MSG_ERROR, "%s",
                    TR(lang, "Tiến độ phải là một số từ 0 đến 100; chưa lưu gì.",
                       "Progress must be a number from 0 to 100; nothing saved."));
        return;
    }
    int status = -1;
    if (task->status == ST_TODO && v > 0) status = ST_DOING; /* work has begun */
    kh_error err = {0};
    kh_errcode rc = app_change(t->app, (size_t)i, status, (int)v, NULL, true, &err);
    char what[32];
    snprintf(what, sizeof what, "%ld%%", v);
    report_change(t, rc, &err, task, what);
}

static void act_note(tui *t)
{
    long i = tui_selected_task(t);
    if (i < 0 || !may_edit(t)) return;
    kh_lang lang = t->app->lang;
    kh_task *task = &t->app->plan->tasks[i];
    char label[96];
    snprintf(label, sizeof label, TR(lang, "Ghi chú cho %s:", "Note on %s:"), task->id);
    char *draft_text = NULL;
    char *text = prompt_line(t, label, tui_draft_get(t, task->id), &draft_text, NULL);
    if (!text) {
        tui_draft_set(t, task->id, draft_text);
        if (draft_text)
            tui_message(t, MSG_INFO, "%s",
                        TR(lang, "Chưa lưu; bản nháp được giữ — bấm n để viết tiếp.",
                           "Not saved; the draft is kept — press n to go on."));
        else
            tui_message(t, MSG_INFO, "%s", TR(lang, "Đã hủy.", "Cancelled."));
        free(draft_text);
        return;
    }
    kh_error err = {0};
    kh_errcode rc = app_change(t->app, (size_t)i, -1, -1, text, true, &err);
    if (report_change(t, rc, &err, task, TR(lang, "ghi chú", "note")))
        tui_draft_set(t, task->id, NULL);
    else
        tui_draft_set(t, task->id, text); /* nothing typed is lost */
    free(text);
}

static void search_changed(tui *t, const char *text)
{
    char *old = t->filter.query ? xstrdup(t->filter.query) : NULL;
    app_filter_set_query(&t->filter, text);
    free(t->query);
    t->query = t->filter.query ? xstrdup(text) : NULL;
    bool narrowing = old && t->filter.query && strstr(t->filter.query, old) == t->filter.query;
    list_refilter(t, narrowing);
    free(old);
    t->list.top = t->deadlines.top = 0;
    if (t->focus == PANE_UNITS || t->focus == PANE_DETAIL) set_focus(t, PANE_LIST);
    tui_redraw(t);
}

static void act_search(tui *t)
{
    kh_lang lang = t->app->lang;
    char *before = t->query ? xstrdup(t->query) : NULL;
    char *text = prompt_line(t, "/", before, NULL, search_changed);
    if (text) {
        if (t->query)
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
    list_rebuild(t);
}

static void act_filter(tui *t)
{
    kh_lang lang = t->app->lang;
    const kh_plan *plan = t->app->plan;
    const char *kinds[] = {TR(lang, "Theo đơn vị…", "By unit…"),
                           TR(lang, "Theo trạng thái…", "By status…"),
                           TR(lang, "Theo thời hạn…", "By timeliness…"),
                           TR(lang, "Bỏ mọi bộ lọc và tìm kiếm", "Clear every filter and search")};
    int k = prompt_choose(t, TR(lang, "Lọc", "Filter"), kinds, 4, -1);
    tui_redraw(t);
    if (k == 0) {
        const char **names = xcalloc(plan->nunits + 1, sizeof *names);
        names[0] = TR(lang, "Tất cả đơn vị", "All units");
        for (size_t i = 0; i < plan->nunits; i++) names[i + 1] = plan->units[i].name;
        int u = prompt_choose(t, TR(lang, "Đơn vị", "Unit"), names, (int)plan->nunits + 1,
                              (int)t->filter.unit + 1);
        free(names);
        if (u >= 0) t->filter.unit = u - 1;
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
    } else if (k == 3) {
        clear_filters(t);
        tui_message(t, MSG_INFO, "%s", TR(lang, "Đã bỏ mọi bộ lọc.", "Every filter cleared."));
        return;
    } else {
        return;
    }
    list_rebuild(t);
    t->list.top = t->deadlines.top = 0;
    tui_message(t, MSG_INFO, TR(lang, "%zu nhiệm vụ khớp bộ lọc.", "%zu tasks match."), t->list.n);
}

static void act_sort(tui *t)
{
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

static void act_enter(tui *t)
{
    if (t->focus == PANE_UNITS) {
        units_choose(t);
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
    if (t->query || t->filter.unit >= 0 || t->filter.status >= 0 || t->filter.timeliness >= 0) {
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
        /* The tab row: three tabs of about equal width from the left. */
        static const pane_id tabs[] = {PANE_LIST, PANE_UNITS, PANE_DEADLINES};
        int tab = ev.x / 18;
        if (tab < 3) set_focus(t, tabs[tab]);
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
    if (pane == PANE_LIST) list_click(t, &t->list, hit, ev.y);
    if (pane == PANE_DEADLINES) list_click(t, &t->deadlines, hit, ev.y);
    if (pane == PANE_UNITS) units_click(t, hit, ev.y);
}

/* Handle one key; return false to quit. */
static bool handle(tui *t, int code, wint_t ch)
{
    if (code == KEY_CODE_YES && ch == KEY_RESIZE) {
        tui_layout(t);
        clear();
        return true;
    }
    if (code == KEY_CODE_YES && ch == KEY_MOUSE) {
        on_mouse(t);
        return true;
    }
    if (t->too_small) return !(code == OK && ch == 'q');
    t->msg[0] = '\0';
    switch (action_of(code, ch)) {
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
    case ACT_ENTER: act_enter(t); break;
    case ACT_STATUS: act_status(t); break;
    case ACT_PROGRESS: act_progress(t); break;
    case ACT_NOTE: act_note(t); break;
    case ACT_SEARCH: act_search(t); break;
    case ACT_FILTER: act_filter(t); break;
    case ACT_ESCAPE: act_escape(t); break;
    case ACT_SORT: act_sort(t); break;
    case ACT_ABOUT: page_about(t); break;
    case ACT_HELP: page_help(t); break;
    case ACT_REDRAW: clear(); break;
    case ACT_QUIT: return false;
    case ACT_NONE:
    case ACT_COUNT: break;
    }
    return true;
}

/* ---- start and stop ---- */

static void restore_terminal(void)
{
    if (!isendwin()) endwin();
}

int tui_run(kh_app *app, const kh_tui_options *opts)
{
    tui *t = xcalloc(1, sizeof *t);
    t->app = app;
    t->opts = *opts;
    t->main = t->focus = PANE_LIST;
    t->detail_task = -1;
    app_filter_init(&t->filter);
    t->unit_counts = xcalloc(app->plan->nunits + 1, sizeof *t->unit_counts);

    install_signals();
    /* ESC must act at once; keys that start with ESC arrive together. */
    set_escdelay(25);
    SCREEN *screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        free(t->unit_counts);
        free(t);
        return 2;
    }
    util_set_fatal_hook(restore_terminal);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    intrflush(stdscr, FALSE);
    curs_set(0);
    timeout(TICK_MS);
    if (opts->mouse) {
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        mouseinterval(0);
    }
    draw_init_style(t);
    list_rebuild(t);
    tui_layout(t);
    tui_redraw(t);

    for (;;) {
        wint_t ch;
        int code = tui_getkey(t, &ch);
        if (tui_should_stop()) break;
        if (code == ERR) continue;
        if (!handle(t, code, ch)) break;
        if (tui_should_stop()) break;
        tui_redraw(t);
    }

    int rc = terminal_lost || stop_signal == SIGHUP ? 1 : 0;
    endwin();
    delscreen(screen);
    util_set_fatal_hook(NULL);
    detail_forget(t);
    app_filter_done(&t->filter);
    free(t->query);
    free(t->list.rows);
    free(t->deadlines.rows);
    free(t->unit_counts);
    while (t->drafts) tui_draft_set(t, t->drafts->task_id, NULL);
    free(t);
    return rc;
}
