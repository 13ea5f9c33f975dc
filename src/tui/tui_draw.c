/* Drawing helpers: colours and attributes, marks and bars, the header, the
 * tab row, the message line and the key bar. (Text and symbols themselves:
 * tui_text.c.) */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/text.h"
#include "tui.h"

enum {
    PAIR_RED = 1,
    PAIR_SOON,
    PAIR_GREEN,
    PAIR_BLUE,
    PAIR_GREY,
    PAIR_MAGENTA,
    PAIR_KEY,
    PAIR_HEADER,
    PAIR_TAB,
};

void draw_init_style(tui *t)
{
    tui_style *s = &t->st;
    memset(s, 0, sizeof *s);
    const char *no_color = getenv("NO_COLOR");
    t->color = has_colors() && !(no_color && *no_color);
    if (t->color) {
        start_color();
        use_default_colors();
        bool rich = COLORS >= 256;
        /* Foregrounds only on the default background, so dark and light
         * terminals both read; due-soon on 8 colours is black on yellow,
         * since yellow text is unreadable on white. */
        init_pair(PAIR_RED, COLOR_RED, -1);
        if (rich)
            init_pair(PAIR_SOON, 166, -1); /* dark orange */
        else
            init_pair(PAIR_SOON, COLOR_BLACK, COLOR_YELLOW);
        init_pair(PAIR_GREEN, rich ? 28 : COLOR_GREEN, -1);
        init_pair(PAIR_BLUE, rich ? 33 : COLOR_BLUE, -1);
        init_pair(PAIR_GREY, rich ? 244 : -1, -1);
        init_pair(PAIR_MAGENTA, rich ? 127 : COLOR_MAGENTA, -1);
        init_pair(PAIR_KEY, COLOR_BLACK, COLOR_CYAN);
        init_pair(PAIR_HEADER, COLOR_WHITE, COLOR_BLUE);
        init_pair(PAIR_TAB, COLOR_BLACK, COLOR_CYAN);
        s->overdue = COLOR_PAIR(PAIR_RED) | A_BOLD;
        s->soon = COLOR_PAIR(PAIR_SOON) | (rich ? A_BOLD : 0);
        s->done = COLOR_PAIR(PAIR_GREEN);
        s->doing = COLOR_PAIR(PAIR_BLUE) | (rich ? 0 : A_BOLD);
        s->todo = rich ? COLOR_PAIR(PAIR_GREY) : A_NORMAL;
        s->blocked = COLOR_PAIR(PAIR_MAGENTA) | A_BOLD;
        s->title = A_BOLD;
        s->header = COLOR_PAIR(PAIR_HEADER) | A_BOLD;
        s->keylabel = COLOR_PAIR(PAIR_KEY);
        s->tab_on = COLOR_PAIR(PAIR_TAB) | A_BOLD;
        s->ok = COLOR_PAIR(PAIR_GREEN) | A_BOLD;
        s->error = COLOR_PAIR(PAIR_RED) | A_BOLD;
        s->bar = COLOR_PAIR(PAIR_GREEN);
    } else {
        /* Without colour the meaning rides on attributes and on the marker
         * column: ! overdue, ~ due soon, # blocked, > in progress, + done. */
        s->overdue = A_BOLD | A_UNDERLINE;
        s->soon = A_BOLD;
        s->done = A_NORMAL;
        s->doing = A_NORMAL;
        s->todo = A_NORMAL;
        s->blocked = A_UNDERLINE;
        s->title = A_BOLD;
        s->header = A_REVERSE | A_BOLD;
        s->keylabel = A_REVERSE;
        s->tab_on = A_REVERSE | A_BOLD;
        s->ok = A_BOLD;
        s->error = A_BOLD | A_REVERSE;
        s->bar = A_REVERSE;
    }
    s->select = A_REVERSE;
    s->select_dim = A_UNDERLINE | A_BOLD;
    s->key = A_BOLD;
    s->tab_off = A_NORMAL;
    s->dim = A_DIM;
}

void tui_message(tui *t, msg_kind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t->msg, sizeof t->msg, fmt, ap);
    va_end(ap);
    t->msg_kind = kind;
}

attr_t draw_task_attr(const tui *t, const kh_task *task)
{
    /* A task for each ward has no state of its own: its occurrences have. */
    if (model_task_summary(task)) return t->st.todo;
    kh_timeliness tl = model_timeliness(task, t->app->today);
    if (tl == TL_OVERDUE) return t->st.overdue;
    if (task->status == ST_BLOCKED) return t->st.blocked;
    if (tl == TL_DUE_SOON) return t->st.soon;
    if (model_task_done(task)) return t->st.done;
    if (task->status == ST_DOING || task->status == ST_DONE) return t->st.doing; /* or proposed */
    return t->st.todo;
}

char draw_task_marker(const tui *t, const kh_task *task)
{
    if (model_task_summary(task)) return ' ';
    kh_timeliness tl = model_timeliness(task, t->app->today);
    if (tl == TL_OVERDUE) return MARK_OVERDUE;
    if (task->status == ST_BLOCKED) return MARK_BLOCKED;
    if (tl == TL_DUE_SOON) return MARK_SOON;
    if (model_task_done(task)) return MARK_DONE;
    if (task->status == ST_DOING || task->status == ST_DONE) return MARK_DOING; /* or proposed */
    return ' ';
}

void draw_bar(int y, int x, int w, const size_t *parts, const attr_t *attrs, int nparts,
              size_t total, const tui *t)
{
    if (w <= 0) return;
    /* Without colour the parts are told apart by their fill: the marks the
     * list uses for the same states (tui_mark_*), one meaning each. */
    static const char fills[] = {MARK_DONE, MARK_OVERDUE, MARK_BLOCKED, MARK_DOING, '.'};
    int pos = 0;
    for (int i = 0; i < nparts && total; i++) {
        int cells = (int)((parts[i] * (size_t)w + total / 2) / total);
        if (parts[i] && cells == 0) cells = 1;
        if (pos + cells > w) cells = w - pos;
        if (t->color || nparts == 1) {
            /* A reversed space shows as a solid cell on every terminal. */
            attr_set(attrs[i] | A_REVERSE, PAIR_NUMBER(attrs[i]), NULL);
            mvhline(y, x + pos, ' ', cells);
        } else {
            attr_set(attrs[i], PAIR_NUMBER(attrs[i]), NULL);
            mvhline(y, x + pos, (chtype)fills[i % 5], cells);
        }
        pos += cells;
    }
    attr_set(A_DIM, 0, NULL);
    if (pos < w) mvhline(y, x + pos, draw_ascii() ? '.' : ACS_BULLET, w - pos);
    attr_set(A_NORMAL, 0, NULL);
}

void tui_plan_error_words(strbuf *out, const char *path, const kh_diags *d, kh_lang lang)
{
    /* Where first, so that a cut keeps it; the file by its name. */
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (d->n && d->v[0].line > 0)
        sb_printf(out, "%s:%d:%d: %s", name, d->v[0].line, d->v[0].col, d->v[0].msg);
    else if (d->n)
        sb_printf(out, "%s: %s", name, d->v[0].msg);
    else
        sb_puts(out, name);
    if (d->n > 1) sb_printf(out, TR(lang, " (và %zu lỗi khác)", " (and %zu more)"), d->n - 1);
    sb_puts(out, TR(lang, " — kế hoạch vừa sửa có lỗi, vẫn hiện bản trước",
                    " — the plan just edited has errors; the last good one stays"));
}

const char *tui_category_label(kh_category c, int form, kh_lang lang)
{
    static const char *const vi_mid[CAT_COUNT] = {"Đã HT đúng hạn", "Đã HT quá hạn",
                                                  "Chưa HT trong hạn", "Chưa HT quá hạn"};
    static const char *const en_mid[CAT_COUNT] = {"Done on time", "Done late", "Not done",
                                                  "Overdue"};
    static const char *const vi_short[CAT_COUNT] = {"Xong đúng hạn", "Xong quá hạn", "Chưa xong",
                                                    "Quá hạn"};
    static const char *const en_short[CAT_COUNT] = {"On time", "Late", "Open", "Overdue"};
    if (c >= CAT_COUNT) return "?";
    if (form <= 0) return model_category_name(c, lang);
    return form == 1 ? TR(lang, vi_mid[c], en_mid[c]) : TR(lang, vi_short[c], en_short[c]);
}

void draw_header(tui *t)
{
    kh_app *app = t->app;
    kh_lang lang = app->lang;
    char today[11];
    char right[96];
    /* Withdrawn tasks, when there are any, apart from every figure. */
    if (t->counts.withdrawn)
        snprintf(right, sizeof right,
                 TR(lang, " Hoàn thành %d%% · Dừng TH %zu · %s ",
                    " %d%% complete · withdrawn %zu · %s "),
                 model_completion(&t->counts), t->counts.withdrawn,
                 date_format_dmy(app->today, today));
    else
        snprintf(right, sizeof right, TR(lang, " Hoàn thành %d%% · %s ", " %d%% complete · %s "),
                 model_completion(&t->counts), date_format_dmy(app->today, today));
    int rw = text_width(right);
    draw_fill(0, 0, t->cols, t->st.header);
    strbuf title = STRBUF_INIT;
    if (t->all) {
        /* Over every plan: the workspace's name (workspace.yaml), else its folder. */
        const char *name = t->ws->settings.name ? t->ws->settings.name : t->ws->dir;
        sb_printf(&title, TR(lang, "Tất cả %zu kế hoạch — %s", "Every plan (%zu) — %s"),
                  t->ws->nplans, name);
    } else {
        if (t->ws) sb_printf(&title, "[%s] ", app->plan->id);
        sb_puts(&title, app->plan->title);
    }
    draw_text(0, 1, t->cols - rw - 2, sb_str(&title), t->st.header, false);
    sb_done(&title);
    draw_text(0, t->cols - rw, rw, right, t->st.header, false);

    const kh_counts *c = &t->counts;
    strbuf sb = STRBUF_INIT;
    int x = draw_text(1, 0, 1, " ", A_NORMAL, false);
    /* The official names where they fit; shorter words on a narrower line,
     * never a label cut in the middle. */
    const attr_t cat_attr[CAT_COUNT] = {t->st.done, t->st.soon, A_NORMAL, t->st.overdue};
    for (int i = 0; i < CAT_COUNT && x < t->cols; i++) {
        const char *name = tui_category_label((kh_category)i,
                                              t->cols >= 120  ? 0
                                              : t->cols >= 80 ? 1
                                                              : 2,
                                              lang);
        sb_reset(&sb);
        sb_printf(&sb, "%s ", name);
        x += draw_text(1, x, t->cols - x, sb_str(&sb), A_NORMAL, false);
        sb_reset(&sb);
        sb_printf(&sb, "%zu", c->category[i]);
        x += draw_text(1, x, t->cols - x, sb_str(&sb), c->category[i] ? cat_attr[i] : A_NORMAL,
                       false);
        if (i + 1 < CAT_COUNT) x += draw_text(1, x, t->cols - x, " · ", A_NORMAL, false);
    }
    if (x < t->cols) draw_fill(1, x, t->cols - x, A_NORMAL);
    sb_done(&sb);
}

void draw_tabs(tui *t)
{
    kh_lang lang = t->app->lang;
    char buf[96];
    int x = 0;
    draw_fill(2, 0, t->cols, A_NORMAL);
    /* The panes' tabs (tui_panes.c), where they are drawn kept for a click;
     * without their counts when they do not fit with them (a province's five). */
    bool counts = true, gap = true;
    size_t with = 0, without = 0, k = 0;
    for (size_t i = 0; i < tui_npanes; i++) {
        const tui_pane *p = &tui_panes[i];
        if (!tui_pane_shown(t, p)) continue;
        snprintf(buf, sizeof buf, " %zu %s (%zu)  ", ++k, TR(lang, p->vi, p->en), p->count(t));
        with += (size_t)text_width(buf);
        snprintf(buf, sizeof buf, " %zu %s ", k, TR(lang, p->vi, p->en));
        without += (size_t)text_width(buf);
    }
    if (with > (size_t)t->cols) counts = false;
    if (without + k > (size_t)t->cols) gap = false;
    t->ntabs = 0;
    for (size_t i = 0; i < tui_npanes && t->ntabs < TUI_MAX_TABS; i++) {
        const tui_pane *p = &tui_panes[i];
        if (!tui_pane_shown(t, p)) continue;
        if (counts)
            snprintf(buf, sizeof buf, " %d %s (%zu) ", t->ntabs + 1, TR(lang, p->vi, p->en),
                     p->count(t));
        else
            snprintf(buf, sizeof buf, " %d %s ", t->ntabs + 1, TR(lang, p->vi, p->en));
        bool on = t->main == p->id || (t->wide && p->id == PANE_UNITS);
        attr_t a = on ? t->st.tab_on : t->st.tab_off;
        if (t->focus == p->id) a |= A_UNDERLINE;
        t->tab_pane[t->ntabs] = p->id;
        t->tab_from[t->ntabs] = x;
        x += draw_text(2, x, t->cols - x, buf, a, false);
        t->tab_to[t->ntabs++] = x;
        if (gap) x += draw_text(2, x, t->cols - x, " ", A_NORMAL, false);
    }
    strbuf sb = STRBUF_INIT;
    if (t->opts.read_only) sb_puts(&sb, TR(lang, "[chỉ xem]", "[read-only]"));
    if (t->ws && !t->all) sb_printf(&sb, "%s%s", sb.len ? " · " : "", t->app->plan->id);
    if (t->filter.unit >= 0)
        sb_printf(&sb, "%s%s%s", sb.len ? " · " : "", TR(lang, "Đơn vị: ", "Unit: "),
                  t->app->plan->units[t->filter.unit].short_name);
    if (t->all && t->unit_id)
        sb_printf(&sb, "%s%s%s", sb.len ? " · " : "", TR(lang, "Đơn vị: ", "Unit: "), t->unit_id);
    if (t->due_days)
        sb_printf(&sb, "%s%d%s", sb.len ? " · " : "", t->due_days,
                  TR(lang, " ngày tới", " days ahead"));
    if (t->my_unit) sb_printf(&sb, "%s%s", sb.len ? " · " : "", TR(lang, "đơn vị tôi", "my unit"));
    if (t->filter.status >= 0)
        sb_printf(&sb, "%s%s", sb.len ? " · " : "",
                  model_status_name((kh_status)t->filter.status, lang));
    if (t->filter.timeliness >= 0)
        sb_printf(&sb, "%s%s", sb.len ? " · " : "",
                  model_timeliness_name((kh_timeliness)t->filter.timeliness, lang));
    if (t->filter.officer)
        sb_printf(&sb, "%s%s%s", sb.len ? " · " : "", TR(lang, "Cán bộ: ", "Officer: "),
                  t->filter.officer);
    if (t->query) sb_printf(&sb, "%s/%s", sb.len ? " · " : "", t->query);
    if (t->sort != SORT_PLAN)
        sb_printf(&sb, "%s%s%s", sb.len ? " · " : "", TR(lang, "xếp: ", "by "),
                  app_sort_name(t->sort, lang));
    if (sb.len && x < t->cols - 4) {
        int w = text_width(sb_str(&sb));
        int room = t->cols - x - 1;
        draw_text(2, w < room ? t->cols - w - 1 : x, w < room ? w : room, sb_str(&sb), A_BOLD,
                  false);
    }
    sb_done(&sb);
}

enum { MSG_MAX_ROWS = 4 };

typedef struct {
    const char *base; /* the text wrapped */
    size_t start[MSG_MAX_ROWS];
    size_t len[MSG_MAX_ROWS];
    int n;
    bool cut; /* more rows than MSG_MAX_ROWS */
} msg_lines;

static void msg_line(void *ctx, const char *start, size_t len)
{
    msg_lines *m = ctx;
    if (m->n == MSG_MAX_ROWS) {
        m->cut = true;
        return;
    }
    m->start[m->n] = (size_t)(start - m->base);
    m->len[m->n++] = len;
}

/* The message as the rows it takes at the terminal's width (offsets into
 * clean, its sanitised text). */
static void message_lines(const tui *t, strbuf *clean, msg_lines *m)
{
    memset(m, 0, sizeof *m);
    text_sanitize(clean, t->msg, TEXT_ONE_LINE);
    if (!clean->len) return;
    m->base = sb_str(clean);
    text_wrap(m->base, t->cols, msg_line, m);
}

int tui_message_rows(const tui *t)
{
    int rows = 1;
    if (t->msg[0]) {
        strbuf clean = STRBUF_INIT;
        msg_lines m;
        message_lines(t, &clean, &m);
        sb_done(&clean);
        if (m.n > rows) rows = m.n;
        /* A prompt takes the row under the message. */
        if (t->prompting) rows++;
    }
    /* Never more than a quarter of the screen. */
    int most = t->rows / 4 > 1 ? t->rows / 4 : 1;
    return rows < most ? rows : most;
}

void draw_message(tui *t)
{
    int rows = t->msg_rows > 0 ? t->msg_rows : 1;
    int y0 = t->rows - 1 - rows;
    for (int y = y0; y < t->rows - 1; y++) draw_fill(y, 0, t->cols, A_NORMAL);
    if (!t->msg[0] && edit_pending(t)) {
        /* While changes wait, the line keeps saying so, whatever key came. */
        char buf[160];
        snprintf(buf, sizeof buf,
                 TR(t->app->lang, "CSDL đang bận: %zu thay đổi đang chờ, sẽ tự lưu khi được.",
                    "Database busy: %zu change(s) waiting, saved when it can."),
                 edit_pending(t));
        draw_text(t->rows - 2, 0, t->cols, buf, t->st.error, false);
        return;
    }
    if (!t->msg[0] && t->opts.read_only_why) {
        /* Opened read-only because it cannot be written: the line says so
         * whenever it has nothing else to say. */
        strbuf why = STRBUF_INIT;
        sb_printf(&why, TR(t->app->lang, "Chỉ xem — %s", "Read-only — %s"), t->opts.read_only_why);
        strbuf clean = STRBUF_INIT;
        text_sanitize(&clean, sb_str(&why), TEXT_ONE_LINE);
        draw_text(t->rows - 2, 0, t->cols, sb_str(&clean), t->st.error, false);
        sb_done(&clean);
        sb_done(&why);
        return;
    }
    if (!t->msg[0]) return;
    attr_t a = t->msg_kind == MSG_ERROR ? t->st.error : t->msg_kind == MSG_OK ? t->st.ok : A_NORMAL;
    /* The whole message, wrapped at word boundaries over the rows the
     * layout gave it (the last cut with "…" if it still does not fit). */
    strbuf clean = STRBUF_INIT;
    msg_lines m;
    message_lines(t, &clean, &m);
    int room = rows - (t->prompting ? 1 : 0);
    if (room < 1) room = 1;
    const char *s = sb_str(&clean);
    for (int i = 0; i < m.n && i < room; i++) {
        bool last = i == room - 1 && (m.n > room || m.cut);
        char *line = xstrdup(s + m.start[i]);
        if (!last) line[m.len[i]] = '\0';
        draw_text(y0 + i, 0, t->cols, line, a, false);
        free(line);
    }
    sb_done(&clean);
}

typedef struct {
    const char *key;
    const char *vi, *en;
    unsigned panes; /* bit per pane_id where the key works */
    bool edit;      /* hidden when read-only */
} key_hint;

#define ALLP  ((1u << PANE_COUNT) - 1)
#define TASKP ((1u << PANE_LIST) | (1u << PANE_DEADLINES) | (1u << PANE_DETAIL))

/* Draw the hints that apply (all panes when pane < 0) on the bottom row, the
 * last one always at the right end. */
static void draw_hints(tui *t, const key_hint *hints, size_t n, int pane)
{
    int y = t->rows - 1;
    draw_fill(y, 0, t->cols, A_NORMAL);
    kh_lang lang = t->app->lang;
    const key_hint *last = &hints[n - 1];
    int last_w = text_width(last->key) + 1 + text_width(TR(lang, last->vi, last->en));
    int x = 0;
    /* A ward's occurrence at the province is read-only: no edit key works. */
    bool view_only = t->opts.read_only || wards_view_only(t);
    for (size_t i = 0; i + 1 < n; i++) {
        const key_hint *h = &hints[i];
        if (pane >= 0 && !(h->panes & (1u << pane))) continue;
        if (h->edit && view_only) continue;
        const char *label = TR(lang, h->vi, h->en);
        int need = text_width(h->key) + 1 + text_width(label) + 1;
        if (x + need > t->cols - last_w) break;
        x += draw_text(y, x, t->cols - x, h->key, t->st.key, false);
        x += draw_text(y, x, 1, " ", t->st.keylabel, false);
        x += draw_text(y, x, t->cols - x, label, t->st.keylabel, false);
        x += draw_text(y, x, 1, " ", A_NORMAL, false);
    }
    x = t->cols - last_w;
    x += draw_text(y, x, t->cols - x, last->key, t->st.key, false);
    x += draw_text(y, x, 1, " ", t->st.keylabel, false);
    draw_text(y, x, t->cols - x, TR(lang, last->vi, last->en), t->st.keylabel, false);
}

void draw_keybar(tui *t)
{
    static const key_hint hints[] = {
        {"F1", "Giúp", "Help", ALLP, false},
        {"Enter", "Chi tiết", "Detail", (1u << PANE_LIST) | (1u << PANE_DEADLINES), false},
        {"Enter", "Đóng", "Close", 1u << PANE_DETAIL, false},
        {"Enter", "Lọc đơn vị", "Filter", 1u << PANE_UNITS, false},
        {"Enter", "Xem phường", "Ward", 1u << PANE_WARDS, false},
        {"s", "Trạng thái", "Status", TASKP, true},
        {"p", "Tiến độ", "Progress", TASKP, true},
        {"n", "Ghi chú", "Note", TASKP, true},
        {"/", "Tìm", "Search", ALLP, false},
        {"f", "Lọc", "Filter", ALLP, false},
        {"o", "Sắp xếp", "Sort", (1u << PANE_LIST) | (1u << PANE_PLANS), false},
        {"o", "Cột xếp", "Column", 1u << PANE_WARDS, false},
        {"O", "Đảo", "Reverse", 1u << PANE_WARDS, false},
        {"Tab", "Khung", "Pane", ALLP, false},
        {"a", "Kế hoạch", "Plan", ALLP, false},
        {"r", "Báo cáo", "Report", ALLP, false},
        {"F10", "Thoát", "Quit", ALLP, false},
    };
    draw_hints(t, hints, KH_ARRAY_LEN(hints), (int)t->focus);
}

void draw_keybar_prompt(tui *t, int choices)
{
    static const key_hint line[] = {
        {"Enter", "Xong", "Done", ALLP, false},      {"←→", "Di chuyển", "Move", ALLP, false},
        {"Backspace", "Xóa", "Delete", ALLP, false}, {"Ctrl-U", "Xóa hết", "Clear", ALLP, false},
        {"Esc", "Hủy", "Cancel", ALLP, false},
    };
    if (!choices) {
        draw_hints(t, line, KH_ARRAY_LEN(line), -1);
        return;
    }
    char digits[16];
    snprintf(digits, sizeof digits, "1–%d", choices < 9 ? choices : 9);
    const key_hint choose[] = {
        {"↑↓", "Chọn", "Move", ALLP, false},
        {"Enter", "Chọn", "Choose", ALLP, false},
        {digits, "Chọn ngay", "Pick", ALLP, false},
        {"Esc", "Hủy", "Cancel", ALLP, false},
    };
    draw_hints(t, choose, KH_ARRAY_LEN(choose), -1);
}

void draw_box_title(const rect *r, const char *title, bool focused, const tui *t)
{
    attr_t a = focused ? t->st.tab_on : A_BOLD | A_UNDERLINE;
    draw_fill(r->y, r->x, r->w, a);
    draw_text(r->y, r->x, r->w, title, a, false);
}
