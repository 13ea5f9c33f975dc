/* kehoach present: the meeting-room display. Read-only, full screen, large
 * and high-contrast; pages that rotate; redrawn when another process
 * commits (PRAGMA data_version, polled once a second), not on a timer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/text.h"
#include "screen.h"
#include "tui.h"

/* PAGE_TARGETS only for a plan with targets, the wards' pages only at a
 * province (page_at). */
enum {
    PAGE_SUMMARY,
    PAGE_UNITS,
    PAGE_URGENT,
    PAGE_TIMELINE,
    PAGE_TARGETS,
    PAGE_WARDS,
    PAGE_WARDS_LATE,
    PAGE_COUNT
};
enum { TICK = 1000, MIN_W = 40, MIN_H = 12 };

enum {
    P_TEXT = 1,
    P_HEAD,
    P_DONE,
    P_DOING,
    P_BLOCKED,
    P_OVERDUE,
    P_TODO,
    P_SOON,
    P_DIM,
};

typedef struct {
    kh_app *app;
    kh_present_options opts;
    int rows, cols;
    int page;
    long page_since;
    bool color;
    attr_t part[PART_COUNT]; /* the bar parts */
    attr_t head, soon, dim, text;
    kh_counts counts;
    kh_unit_counts *units;
    int64_t last_change; /* newest updated_at */
    const char *last_by;
    int last_minute;      /* the clock shown, so it is redrawn once a minute */
    char plan_error[512]; /* why the plan file just edited does not load ("" when it does) */
    int64_t wards_stamp;  /* the province's wards folder as last read (workspace_wards_stamp) */
    /* A workspace of several plans: the summary across them, then each
     * plan's pages in turn (p->app is the plan shown). NULL: one plan. */
    kh_workspace *ws;
    size_t plan;            /* the plan whose pages are shown */
    bool summary;           /* the workspace's summary page is shown */
    kh_counts *plan_counts; /* by plan, for the summary */
    unsigned polls;         /* polls made: the folder is looked at every other one */
} present;

static void init_style(present *p)
{
    const char *no_color = getenv("NO_COLOR");
    p->color = has_colors() && !(no_color && *no_color);
    short bg = p->opts.light ? COLOR_WHITE : -1;
    short fg = p->opts.light ? COLOR_BLACK : -1;
    if (p->color) {
        start_color();
        use_default_colors();
        bool rich = COLORS >= 256;
        init_pair(P_TEXT, fg, bg);
        init_pair(P_HEAD, p->opts.light ? COLOR_WHITE : COLOR_BLACK,
                  p->opts.light ? COLOR_BLUE : COLOR_CYAN);
        init_pair(P_DONE, rich ? (p->opts.light ? 28 : 40) : COLOR_GREEN, bg);
        init_pair(P_DOING, rich ? (p->opts.light ? 25 : 39) : COLOR_BLUE, bg);
        init_pair(P_BLOCKED, rich ? (p->opts.light ? 127 : 170) : COLOR_MAGENTA, bg);
        init_pair(P_OVERDUE, rich ? (p->opts.light ? 160 : 196) : COLOR_RED, bg);
        init_pair(P_TODO, rich ? (p->opts.light ? 244 : 248) : fg, bg);
        init_pair(P_SOON, rich ? (p->opts.light ? 166 : 214) : COLOR_YELLOW, bg);
        init_pair(P_DIM, rich ? (p->opts.light ? 240 : 250) : fg, bg);
        bkgd(' ' | COLOR_PAIR(P_TEXT));
        p->text = COLOR_PAIR(P_TEXT);
        p->head = COLOR_PAIR(P_HEAD) | A_BOLD;
        p->part[PART_DONE] = COLOR_PAIR(P_DONE) | A_BOLD;
        p->part[PART_DOING] = COLOR_PAIR(P_DOING) | A_BOLD;
        p->part[PART_BLOCKED] = COLOR_PAIR(P_BLOCKED) | A_BOLD;
        p->part[PART_OVERDUE] = COLOR_PAIR(P_OVERDUE) | A_BOLD;
        p->part[PART_TODO] = COLOR_PAIR(P_TODO);
        p->soon = COLOR_PAIR(P_SOON) | A_BOLD;
        p->dim = COLOR_PAIR(P_DIM);
    } else {
        /* Without colour, each bar part has its own fill character. */
        p->text = A_NORMAL;
        p->head = A_REVERSE | A_BOLD;
        for (int i = 0; i < PART_COUNT; i++) p->part[i] = A_NORMAL;
        p->part[PART_OVERDUE] = A_BOLD;
        p->soon = A_BOLD;
        p->dim = A_NORMAL;
    }
}

/* The fill of a bar part: solid blocks in colour; distinct characters
 * without (or with --ascii). */
static const char *part_fill(const present *p, kh_part part)
{
    if (p->color && !p->opts.ascii) return draw_sym(SYM_BLOCK);
    static const draw_symbol utf[PART_COUNT] = {SYM_BLOCK, SYM_SHADE_DARK, SYM_SHADE,
                                                SYM_SHADE_LIGHT, SYM_DOT};
    /* The dashboard's marks for the same states: one meaning each. */
    static const char *const ascii[PART_COUNT] = {"+", "!", "#", ">", "."};
    if (p->opts.ascii) return ascii[part];
    return draw_sym(utf[part]);
}

static const char *part_name(kh_part part, kh_lang lang)
{
    switch (part) {
    case PART_DONE: return TR(lang, "Đã hoàn thành", "Done");
    case PART_OVERDUE: return TR(lang, "Quá hạn", "Overdue");
    case PART_BLOCKED: return TR(lang, "Vướng mắc", "Blocked");
    case PART_DOING: return TR(lang, "Đang thực hiện", "In progress");
    case PART_TODO: return TR(lang, "Chưa thực hiện", "Not started");
    case PART_COUNT: break;
    }
    return "";
}

static void recount(present *p)
{
    if (p->ws) {
        for (size_t i = 0; i < p->ws->nplans; i++)
            model_count(p->ws->plans[i].plan, p->ws->plans[i].today, &p->plan_counts[i], NULL);
    }
    const kh_plan *plan = p->app->plan;
    model_count(plan, p->app->today, &p->counts, p->units);
    p->last_change = 0;
    p->last_by = NULL;
    for (size_t i = 0; i < plan->ntasks; i++) {
        if (plan->tasks[i].updated_at > p->last_change) {
            p->last_change = plan->tasks[i].updated_at;
            p->last_by = plan->tasks[i].updated_by;
        }
    }
}

/* Draw text centred on row y. */
static void centre(int y, int cols, const char *s, attr_t a)
{
    int w = text_width(s);
    if (w > cols - 2) w = cols - 2;
    draw_text(y, (cols - w) / 2, w, s, a, false);
}

/* ---- block digits ---- */

static const char *const glyphs[] = {
    "###"
    "# #"
    "# #"
    "# #"
    "###",
    " # "
    "## "
    " # "
    " # "
    "###",
    "###"
    "  #"
    "###"
    "#  "
    "###",
    "###"
    "  #"
    "###"
    "  #"
    "###",
    "# #"
    "# #"
    "###"
    "  #"
    "  #",
    "###"
    "#  "
    "###"
    "  #"
    "###",
    "###"
    "#  "
    "###"
    "# #"
    "###",
    "###"
    "  #"
    "  #"
    "  #"
    "  #",
    "###"
    "# #"
    "###"
    "# #"
    "###",
    "###"
    "# #"
    "###"
    "  #"
    "###",
    "# #"
    "  #"
    " # "
    "#  "
    "# #", /* % */
};

/* The size of block digits: each of a glyph's 3x5 cells drawn v rows high
 * and h columns wide. v == 0: none. */
typedef struct {
    int v, h;
} big_size;

/* The largest block digits that take at most `rows` rows and, for up to
 * four glyphs ("100%", so the size does not change at 100), `cols`
 * columns: twice as wide as high per cell, as a terminal cell is about
 * twice as high as wide; narrower where the width runs out. */
static big_size big_fit(int rows, int cols)
{
    big_size b = {rows / 5, 0};
    int hmax = (cols - 4) / 15; /* 4 glyphs of 3 cells, 3 gaps of 1 */
    if (b.v > hmax) b.v = hmax;
    if (b.v < 1) return (big_size){0, 0};
    b.h = 2 * b.v < hmax ? 2 * b.v : hmax;
    return b;
}

/* Draw text (digits and %) in block glyphs of size b, centred at row y.
 * Return the rows used. */
static int big_text(present *p, int y, const char *s, attr_t a, big_size b)
{
    size_t n = strlen(s);
    int w = (int)n * 4 * b.h - b.h;
    int x0 = (p->cols - w) / 2;
    for (size_t k = 0; k < n; k++) {
        int g = s[k] == '%' ? 10 : s[k] - '0';
        if (g < 0 || g > 10) continue;
        /* In ASCII each digit is drawn with itself ('#' is a mark: blocked). */
        char self[2] = {s[k], 0};
        const char *block = p->opts.ascii ? self : draw_sym(SYM_BLOCK);
        for (int row = 0; row < 5 * b.v; row++) {
            for (int col = 0; col < 3 * b.h; col++) {
                bool on = glyphs[g][(row / b.v) * 3 + col / b.h] == '#';
                int x = x0 + (int)k * 4 * b.h + col;
                if (x < 0 || x >= p->cols) continue;
                attr_set(on ? a : p->text, PAIR_NUMBER(on ? a : p->text), NULL);
                mvaddstr(y + row, x, on ? block : " ");
            }
        }
    }
    attr_set(p->text, PAIR_NUMBER(p->text), NULL);
    return 5 * b.v;
}

/* A bar of w cells split into the five parts of counts c. */
static void bar(present *p, int y, int x, int w, const size_t *part, size_t total)
{
    int pos = 0;
    for (int i = 0; i < PART_COUNT && total; i++) {
        int cells = (int)((part[i] * (size_t)w + total / 2) / total);
        if (part[i] && !cells) cells = 1;
        if (pos + cells > w || i == PART_COUNT - 1) cells = w - pos;
        attr_set(p->part[i], PAIR_NUMBER(p->part[i]), NULL);
        for (int k = 0; k < cells; k++) mvaddstr(y, x + pos + k, part_fill(p, (kh_part)i));
        pos += cells;
    }
    attr_set(p->text, PAIR_NUMBER(p->text), NULL);
}

/* Lay out the legend of the bar parts from row y, wrapped onto as many rows
 * as the width needs; draw it only when draw is set. Return its rows. */
static int legend_layout(present *p, int y, bool draw)
{
    kh_lang lang = p->app->lang;
    int x = 2, rows = 1;
    for (int i = 0; i < PART_COUNT; i++) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s %zu", part_name((kh_part)i, lang), p->counts.part[i]);
        if (i == PART_DOING && p->counts.proposed) /* done, waiting for confirmation */
            snprintf(buf, sizeof buf, "%s %zu (%s %zu)", part_name((kh_part)i, lang),
                     p->counts.part[i], TR(lang, "đề nghị hoàn thành", "proposed as done"),
                     p->counts.proposed);
        int w = 3 + text_width(buf);
        if (x > 2 && x + w > p->cols - 2) {
            x = 2;
            rows++;
        }
        if (draw) {
            int yy = y + rows - 1;
            attr_set(p->part[i], PAIR_NUMBER(p->part[i]), NULL);
            mvaddstr(yy, x, part_fill(p, (kh_part)i));
            mvaddstr(yy, x + 1, part_fill(p, (kh_part)i));
            draw_text(yy, x + 3, p->cols - 2 - x - 3, buf, p->text, false);
        }
        x += w + 3;
    }
    if (p->counts.withdrawn) { /* in no part of the bar: said apart */
        char buf[96];
        snprintf(buf, sizeof buf, TR(lang, "(dừng thực hiện %zu)", "(withdrawn %zu)"),
                 p->counts.withdrawn);
        int w = text_width(buf);
        if (x > 2 && x + w > p->cols - 2) {
            x = 2;
            rows++;
        }
        if (draw) draw_text(y + rows - 1, x, p->cols - 2 - x, buf, p->text, false);
    }
    return rows;
}

/* ---- pages ---- */

/* Say how many tasks (or units) were left out of a list that shows shown
 * of them. */
static void more_line(present *p, int y, size_t shown, size_t left, bool units)
{
    kh_lang lang = p->app->lang;
    strbuf sb = STRBUF_INIT;
    if (shown && units)
        sb_printf(&sb, TR(lang, "… và %zu đơn vị khác", "… and %zu more units"), left);
    else if (shown)
        sb_printf(&sb, TR(lang, "… và %zu nhiệm vụ khác", "… and %zu more"), left);
    else if (units)
        sb_printf(
            &sb,
            TR(lang, "… %zu đơn vị, không đủ chỗ để liệt kê", "… %zu units, no room to list them"),
            left);
    else
        sb_printf(&sb,
                  TR(lang, "… %zu nhiệm vụ, không đủ chỗ để liệt kê",
                     "… %zu tasks, no room to list them"),
                  left);
    if (!shown && text_width(sb_str(&sb)) > p->cols - 4) {
        /* 40 columns: the sentence shorter rather than cut. */
        sb_reset(&sb);
        sb_printf(&sb, TR(lang, "… %zu %s, không đủ chỗ", "… %zu %s, no room"), left,
                  units ? TR(lang, "đơn vị", "units") : TR(lang, "nhiệm vụ", "tasks"));
    }
    draw_text(y, 2, p->cols - 4, sb_str(&sb), p->dim, true);
    sb_done(&sb);
}

/* List up to max rows of tasks of a timeliness, soonest first, the last of
 * them saying how many more there are when not all fit; return rows used. */
static int task_rows(present *p, int y, int max, kh_timeliness want, attr_t a)
{
    const kh_plan *plan = p->app->plan;
    kh_lang lang = p->app->lang;
    uint32_t *idx = xreallocarray(NULL, plan->ntasks + 1, sizeof *idx);
    size_t n = 0;
    for (size_t i = 0; i < plan->ntasks; i++)
        if (!model_task_summary(&plan->tasks[i]) &&
            model_timeliness(&plan->tasks[i], p->app->today) == want)
            idx[n++] = (uint32_t)i;
    app_sort(p->app, idx, n, SORT_DEADLINE);
    strbuf sb = STRBUF_INIT;
    /* When not all fit, the last row says how many are left out. */
    size_t room = max > 0 ? (size_t)max : 0;
    size_t fit = n <= room ? n : room ? room - 1 : 0;
    int used = 0;
    for (size_t k = 0; k < fit; k++) {
        const kh_task *t = &plan->tasks[idx[k]];
        char date[11];
        long days = (long)t->due - (long)p->app->today;
        /* On a narrow screen, shorter days and no unit: the title keeps
         * some room. */
        bool narrow = p->cols < 60;
        sb_reset(&sb);
        if (days < 0)
            sb_printf(&sb,
                      narrow ? TR(lang, "quá %ld", "%ld late")
                             : TR(lang, "quá %ld ngày", "%ld days late"),
                      -days);
        else
            sb_printf(&sb,
                      narrow ? TR(lang, "còn %ld", "%ld left")
                             : TR(lang, "còn %ld ngày", "%ld days left"),
                      days);
        int x = 2;
        x += draw_text(y + used, x, 11, date_format_dmy(t->due, date), a, true) + 1;
        x += draw_text(y + used, x, narrow ? 9 : 14, sb_str(&sb), a, true) + 1;
        const char *unit = t->nlead && !narrow ? plan->units[t->lead[0]].short_name : "";
        int uw = text_width(unit) > 12 ? 12 : text_width(unit);
        sb_reset(&sb);
        model_task_row_title(&sb, t, lang);
        draw_text(y + used, x, p->cols - x - uw - 3, sb_str(&sb), p->text, false);
        draw_text(y + used, p->cols - uw - 2, uw, unit, p->dim, false);
        used++;
    }
    if (fit < n && room) more_line(p, y + used++, fit, n - fit, false);
    sb_done(&sb);
    free(idx);
    return used;
}

/* Draw a list heading ("Quá hạn (7)") at row y and the list in the rows
 * after it, `rows` in all (heading included); with no room for a row, the
 * heading says the list is left out. */
static void list_block(present *p, int y, int rows, const char *title, kh_timeliness want, attr_t a)
{
    kh_lang lang = p->app->lang;
    size_t n = p->counts.timeliness[want];
    char head[160];
    if (rows == 1 && n)
        snprintf(head, sizeof head,
                 TR(lang, "%s (%zu) — không đủ chỗ để liệt kê", "%s (%zu) — no room to list them"),
                 title, n);
    else
        snprintf(head, sizeof head, "%s (%zu)", title, n);
    draw_text(y, 2, p->cols - 4, head, a | A_BOLD, false);
    if (rows > 1) task_rows(p, y + 1, rows - 1, want, a);
}

/* Share `rows` rows from row y between the overdue and the due-soon lists
 * (titled t1, t2): each gets what it needs when both fit, with a blank row
 * between them when there is one; else the rows go where the tasks are,
 * each list keeping its heading and a row. One row: both counts on it. */
static void two_lists(present *p, int y, int rows, const char *t1, const char *t2)
{
    kh_lang lang = p->app->lang;
    attr_t a1 = p->part[PART_OVERDUE], a2 = p->soon;
    if (rows <= 0) return;
    size_t n1 = p->counts.timeliness[TL_OVERDUE], n2 = p->counts.timeliness[TL_DUE_SOON];
    if (rows == 1) {
        char line[160];
        snprintf(line, sizeof line,
                 TR(lang, "%s %zu · %s %zu (không đủ chỗ để liệt kê)",
                    "%s %zu · %s %zu (no room to list them)"),
                 t1, n1, t2, n2);
        draw_text(y, 2, p->cols - 4, line, a1 | A_BOLD, false);
        return;
    }
    int need1 = 1 + (int)(n1 < 10000 ? n1 : 10000), need2 = 1 + (int)(n2 < 10000 ? n2 : 10000);
    int a, b, gap = 0;
    if (need1 + need2 <= rows) {
        a = need1;
        b = need2;
        gap = need1 + need2 < rows;
    } else {
        /* Not all fit: the overdue list takes the larger half, or what the
         * other leaves; each keeps its heading and, where it can, a row. */
        int min1 = n1 ? 2 : 1, min2 = n2 ? 2 : 1;
        a = rows - need2 > (rows + 1) / 2 ? rows - need2 : (rows + 1) / 2;
        if (a > need1) a = need1;
        if (a < min1) a = min1;
        if (a > rows - 1) a = rows - 1;
        b = rows - a;
        if (b < min2 && a - (min2 - b) >= 1 + (a > min1 ? 1 : 0)) {
            a -= min2 - b;
            b = min2;
        }
    }
    list_block(p, y, a, t1, TL_OVERDUE, a1);
    list_block(p, y + a + gap, b, t2, TL_DUE_SOON, a2);
}

/* Draw the four official categories, two a row (at most `rows` rows: one
 * when there is only one), each count whole: the longest names that fit. */
static int categories(present *p, int y, int rows)
{
    kh_lang lang = p->app->lang;
    const attr_t cat_attr[CAT_COUNT] = {p->part[PART_DONE], p->soon, p->text | A_BOLD,
                                        p->part[PART_OVERDUE]};
    int per_row = rows >= 2 ? 2 : 4;
    int cw = (p->cols - 4 - (per_row - 1) * 2) / per_row;
    int form = 0;
    for (; form < 2; form++) {
        bool fits = true;
        for (int c = 0; c < CAT_COUNT && fits; c++) {
            char buf[128];
            snprintf(buf, sizeof buf, "%s: %zu", tui_category_label((kh_category)c, form, lang),
                     p->counts.category[c]);
            fits = text_width(buf) <= cw;
        }
        if (fits) break;
    }
    for (int c = 0; c < CAT_COUNT; c++) {
        int row = c / per_row, col = c % per_row;
        int x = 2 + col * (cw + 2);
        char num[32];
        snprintf(num, sizeof num, ": %zu", p->counts.category[c]);
        /* The name may be cut; the number never is. */
        int nw = text_width(num);
        int used = draw_text(y + row, x, cw - nw, tui_category_label((kh_category)c, form, lang),
                             cat_attr[c], false);
        draw_text(y + row, x + used, nw, num, cat_attr[c], false);
    }
    return CAT_COUNT / per_row;
}

/* The summary: the completion in block digits as large as a third of the
 * screen or more (one line where there is no room), the four categories,
 * then the overdue and due-soon lists in every row left. */
static void page_summary(present *p, int y, int bottom)
{
    kh_lang lang = p->app->lang;
    char pct[8];
    snprintf(pct, sizeof pct, "%d%%", model_completion(&p->counts));
    int room = bottom - y;
    size_t n1 = p->counts.timeliness[TL_OVERDUE], n2 = p->counts.timeliness[TL_DUE_SOON];
    /* What the lists would like, and the least they take. */
    int lists_want = 3 + (int)(n1 < 1000 ? n1 : 1000) + (int)(n2 < 1000 ? n2 : 1000);
    int lists_min = lists_want < 4 ? lists_want : 4;
    /* The digits: 45% of the rows, more (up to 60%) when the lists leave
     * them; at 50 rows that is 20 rows or more, readable from the back. */
    int digit_rows = room * 45 / 100, spare = room - 5 - lists_want;
    if (spare > digit_rows) digit_rows = spare < room * 60 / 100 ? spare : room * 60 / 100;
    big_size b = big_fit(digit_rows, p->cols);
    /* The title, the digits, a blank row, two rows of categories, a blank
     * row: the lists must keep their least. */
    while (b.v > 0 && room - (1 + 5 * b.v + 1 + 2 + 1) < lists_min)
        b = big_fit(5 * b.v - 1, p->cols);
    if (b.v > 0) {
        centre(y++, p->cols, TR(lang, "HOÀN THÀNH", "COMPLETE"), p->text | A_BOLD);
        y += big_text(p, y, pct, p->part[PART_DONE] | A_BOLD, b) + 1;
    } else {
        char line[64];
        snprintf(line, sizeof line, "%s %s", TR(lang, "HOÀN THÀNH", "COMPLETE"), pct);
        centre(y++, p->cols, line, p->part[PART_DONE] | A_BOLD);
    }
    int cat_rows = bottom - y >= lists_min + 2 ? 2 : 1;
    y += categories(p, y, cat_rows);
    int left = bottom - y;
    if (p->counts.withdrawn && left - 1 >= lists_min) { /* apart from the four */
        char buf[128];
        snprintf(buf, sizeof buf,
                 TR(lang, "Dừng thực hiện (không tính vào các số trên): %zu",
                    "Withdrawn (not counted above): %zu"),
                 p->counts.withdrawn);
        draw_text(y++, 2, p->cols - 4, buf, p->text, false);
        left = bottom - y;
    }
    /* A blank row before the lists, unless they need it. */
    if (left - 1 >= lists_min && (left - 1 >= lists_want || left >= 12)) y++;
    two_lists(p, y, bottom - y, TR(lang, "Quá hạn", "Overdue"),
              TR(lang, "Sắp đến hạn", "Due soon"));
}

/* A unit's counts in words: "3/25 xong · 6 quá hạn". */
static void unit_counts_words(char *buf, size_t n, const kh_unit_counts *c, kh_lang lang)
{
    snprintf(buf, n, TR(lang, "%zu/%zu xong · %zu quá hạn", "%zu/%zu done · %zu late"), c->done,
             c->lead, c->overdue);
}

static void page_units(present *p, int y, int bottom)
{
    const kh_plan *plan = p->app->plan;
    kh_lang lang = p->app->lang;
    /* The counts as wide as the widest, never cut; the name a third of the
     * screen; the bar the rest (none where too narrow, the name then wider). */
    int countw = 0;
    for (size_t u = 0; u < plan->nunits; u++) {
        char buf[64];
        unit_counts_words(buf, sizeof buf, &p->units[u], lang);
        if (text_width(buf) > countw) countw = text_width(buf);
    }
    int namew = p->cols / 3;
    int barw = p->cols - 4 - namew - countw - 2;
    if (barw <= 4) namew = p->cols - 4 - countw - 1;
    /* The legend at the bottom, a blank row above it if the units fit. */
    int legend_rows = legend_layout(p, 0, false);
    int end = bottom - legend_rows;
    size_t n = plan->nunits;
    if (end - 1 - y >= (int)n) end--;
    /* When not all units fit, the last row says how many are left out: an
     * audience must not take the units shown for all of them. */
    size_t room = end > y ? (size_t)(end - y) : 0;
    size_t fit = n <= room ? n : room ? room - 1 : 0;
    int step = fit == n && room >= n * 2 ? 2 : 1;
    for (size_t u = 0; u < fit; u++, y += step) {
        const kh_unit_counts *c = &p->units[u];
        draw_text(y, 2, namew, plan->units[u].name, p->text | A_BOLD, true);
        if (barw > 4) bar(p, y, 2 + namew + 1, barw, c->part, c->lead);
        char buf[64];
        unit_counts_words(buf, sizeof buf, c, lang);
        draw_text(y, p->cols - countw - 1, countw, buf,
                  c->overdue ? p->part[PART_OVERDUE] : p->text, false);
    }
    if (fit < n && room) more_line(p, y, fit, n - fit, true);
    legend_layout(p, bottom - legend_rows, true);
}

static void page_urgent(present *p, int y, int bottom)
{
    kh_lang lang = p->app->lang;
    two_lists(p, y, bottom - y, TR(lang, "Quá hạn", "Overdue"),
              TR(lang, "Sắp đến hạn, trong 7 ngày", "Due within 7 days"));
}

/* The month of a task's deadline, as year * 12 + month. */
static int due_month(const kh_task *t)
{
    int yy, mm, dd;
    date_to_ymd(t->due, &yy, &mm, &dd);
    return yy * 12 + mm;
}

/* How many of the n sorted tasks fit in rows: one row each, and for the
 * first of a month its heading, after a blank row but for the first month.
 * A heading never comes without a task under it. */
static size_t timeline_fit(const kh_plan *plan, const uint32_t *idx, size_t n, int rows)
{
    int used = 0, month = -1;
    size_t k = 0;
    for (; k < n; k++) {
        int m = due_month(&plan->tasks[idx[k]]);
        int need = 1 + (m == month ? 0 : month < 0 ? 1 : 2);
        if (used + need > rows) break;
        used += need;
        month = m;
    }
    return k;
}

/* Say on row y how many of the sorted tasks were left out (those from
 * shown on), and the last of their deadlines. */
static void timeline_more(present *p, int y, const uint32_t *idx, size_t shown, size_t n)
{
    kh_lang lang = p->app->lang;
    kh_date last = 0;
    for (size_t k = shown; k < n; k++)
        if (p->app->plan->tasks[idx[k]].due > last) last = p->app->plan->tasks[idx[k]].due;
    size_t left = n - shown;
    char date[11];
    strbuf sb = STRBUF_INIT;
    date_format_dmy(last, date);
    if (shown)
        sb_printf(&sb, TR(lang, "… và %zu nhiệm vụ nữa đến %s", "… and %zu more through %s"), left,
                  date);
    else
        sb_printf(&sb, TR(lang, "… %zu nhiệm vụ đến %s", "… %zu tasks through %s"), left, date);
    draw_text(y, 2, p->cols - 4, sb_str(&sb), p->dim, true);
    sb_done(&sb);
}

/* The coming deadlines, month by month; the last row says what is left out
 * when not all fit. */
static void page_timeline(present *p, int y, int bottom)
{
    const kh_plan *plan = p->app->plan;
    kh_lang lang = p->app->lang;
    uint32_t *idx = xreallocarray(NULL, plan->ntasks + 1, sizeof *idx);
    size_t n = 0;
    for (size_t i = 0; i < plan->ntasks; i++) {
        const kh_task *t = &plan->tasks[i];
        if (!model_task_done(t) && t->dl_kind != DL_CONTINUOUS && t->due >= p->app->today)
            idx[n++] = (uint32_t)i;
    }
    app_sort(p->app, idx, n, SORT_DEADLINE);
    size_t fit = timeline_fit(plan, idx, n, bottom - y);
    if (fit < n) fit = timeline_fit(plan, idx, n, bottom - y - 1);
    int month = -1;
    strbuf sb = STRBUF_INIT;
    for (size_t k = 0; k < fit; k++) {
        const kh_task *t = &plan->tasks[idx[k]];
        int yy, mm, dd;
        date_to_ymd(t->due, &yy, &mm, &dd);
        if (yy * 12 + mm != month) {
            if (month >= 0) y++;
            month = yy * 12 + mm;
            sb_reset(&sb);
            sb_printf(&sb, TR(lang, "Tháng %d/%d", "%02d/%d"), mm, yy);
            draw_text(y++, 2, p->cols - 4, sb_str(&sb), p->head, false);
        }
        char day[8];
        snprintf(day, sizeof day, "%02d", dd);
        attr_t a = model_timeliness(t, p->app->today) == TL_DUE_SOON ? p->soon : p->text;
        draw_text(y, 4, 3, day, a | A_BOLD, false);
        sb_reset(&sb);
        model_task_row_title(&sb, t, lang);
        const char *unit = t->nlead ? plan->units[t->lead[0]].short_name : "";
        int uw = text_width(unit) > 12 ? 12 : text_width(unit);
        draw_text(y, 8, p->cols - 12 - uw, sb_str(&sb), a, false);
        draw_text(y, p->cols - uw - 2, uw, unit, p->dim, false);
        y++;
    }
    if (fit < n) timeline_more(p, bottom - 1, idx, fit, n);
    if (n == 0)
        draw_text(y, 2, p->cols - 4,
                  TR(lang, "Không còn thời hạn nào phía trước.", "No deadline ahead."), p->text,
                  false);
    sb_done(&sb);
    free(idx);
}

/* The pages this plan has, in order: the targets' only when it has
 * targets, the wards' only at a province. */
static int pages_of(const present *p, int *out)
{
    int n = 0;
    for (int i = 0; i < PAGE_COUNT; i++) {
        if (i == PAGE_TARGETS && !p->app->plan->ntargets) continue;
        if ((i == PAGE_WARDS || i == PAGE_WARDS_LATE) &&
            (!p->opts.province || !p->opts.province->nwards))
            continue;
        out[n++] = i;
    }
    return n;
}

/* The workspace's summary: every plan's completion as a bar, then the
 * overdue tasks of every plan, soonest first, as PLAN:TASK. */
static void page_workspace(present *p, int y, int bottom)
{
    kh_lang lang = p->app->lang;
    const kh_workspace *ws = p->ws;
    int room = bottom - y;
    size_t overdue = 0;
    for (size_t i = 0; i < ws->nplans; i++) overdue += p->plan_counts[i].timeliness[TL_OVERDUE];
    /* The plans take what they need, leaving the overdue list its heading
     * and three rows (or half the rows, when they are many). */
    int list_min = overdue ? (room / 2 < 4 ? 4 : room / 2) : 1;
    int plan_rows = room - list_min - 1;
    if (plan_rows > (int)ws->nplans) plan_rows = (int)ws->nplans;
    if (plan_rows < 1) plan_rows = 1;
    bool cut = (size_t)plan_rows < ws->nplans;
    int shown = cut ? plan_rows - 1 : plan_rows;
    int idw = 0;
    for (size_t i = 0; i < ws->nplans; i++) {
        int w = text_width(ws->plans[i].plan->id);
        if (w > idw) idw = w;
    }
    if (idw > p->cols / 3) idw = p->cols / 3;
    strbuf sb = STRBUF_INIT;
    for (int r = 0; r < shown; r++) {
        const kh_counts *c = &p->plan_counts[r];
        int x = 2;
        x += draw_text(y, x, idw, ws->plans[r].plan->id, p->text | A_BOLD, true) + 1;
        sb_reset(&sb);
        sb_printf(&sb, "%3d%%", model_completion(c));
        if (c->timeliness[TL_OVERDUE])
            sb_printf(&sb, TR(lang, " · %zu quá hạn", " · %zu overdue"), c->timeliness[TL_OVERDUE]);
        int tw = text_width(sb_str(&sb));
        int bw = p->cols - x - tw - 3;
        if (bw >= 4) {
            bar(p, y, x, bw, c->part, c->total);
            x += bw + 1;
        }
        draw_text(y, x, p->cols - x - 1, sb_str(&sb),
                  c->timeliness[TL_OVERDUE] ? p->part[PART_OVERDUE] : p->text, false);
        y++;
    }
    if (cut) {
        sb_reset(&sb);
        sb_printf(&sb, TR(lang, "… và %zu kế hoạch khác", "… and %zu more plans"),
                  ws->nplans - (size_t)shown);
        draw_text(y++, 2, p->cols - 4, sb_str(&sb), p->dim, true);
    }
    y++;
    int left = bottom - y;
    if (left < 1) {
        sb_done(&sb);
        return;
    }
    sb_reset(&sb);
    sb_printf(&sb, TR(lang, "Quá hạn trên mọi kế hoạch (%zu)", "Overdue in every plan (%zu)"),
              overdue);
    draw_text(y++, 2, p->cols - 4, sb_str(&sb), p->part[PART_OVERDUE] | A_BOLD, false);
    left--;
    size_t n;
    kh_ws_task *v = workspace_tasks(ws, &n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const kh_task *t = &ws->plans[v[i].plan].plan->tasks[v[i].task];
        if (!model_task_summary(t) && model_timeliness(t, ws->today) == TL_OVERDUE) v[k++] = v[i];
    }
    workspace_sort_deadline(ws, v, k);
    size_t room_rows = left > 0 ? (size_t)left : 0;
    size_t fit = k <= room_rows ? k : room_rows ? room_rows - 1 : 0;
    for (size_t i = 0; i < fit; i++) {
        const kh_app *app = &ws->plans[v[i].plan];
        const kh_task *t = &app->plan->tasks[v[i].task];
        char date[11];
        int x = 2;
        x += draw_text(y, x, 11, date_format_dmy(t->due, date), p->part[PART_OVERDUE], true) + 1;
        sb_reset(&sb);
        sb_printf(&sb, "%s:%s", app->plan->id, t->id);
        int iw = text_width(sb_str(&sb));
        if (iw > p->cols / 3) iw = p->cols / 3;
        x += draw_text(y, x, iw, sb_str(&sb), p->dim, true) + 1;
        sb_reset(&sb);
        model_task_row_title(&sb, t, lang);
        draw_text(y, x, p->cols - x - 2, sb_str(&sb), p->text, false);
        y++;
    }
    if (fit < k && room_rows) more_line(p, y, fit, k - fit, false);
    free(v);
    sb_done(&sb);
}

/* Return how many pages this plan has. */
static int npages(const present *p)
{
    int v[PAGE_COUNT];
    return pages_of(p, v);
}

/* The page shown at place k of the rotation. */
static int page_at(const present *p, int k)
{
    int v[PAGE_COUNT];
    int n = pages_of(p, v);
    return v[k < n ? k : 0];
}

static const char *page_title(int page, kh_lang lang)
{
    switch (page) {
    case PAGE_SUMMARY: return TR(lang, "Tổng quan", "Summary");
    case PAGE_UNITS: return TR(lang, "Theo đơn vị", "By unit");
    case PAGE_URGENT: return TR(lang, "Quá hạn và sắp đến hạn", "Overdue and due soon");
    case PAGE_TARGETS: return TR(lang, "Các chỉ tiêu", "Targets");
    case PAGE_WARDS: return TR(lang, "Xếp hạng phường, xã", "Wards ranked");
    case PAGE_WARDS_LATE: return TR(lang, "Phường, xã có việc quá hạn", "Wards with overdue tasks");
    default: return TR(lang, "Lịch thời hạn", "Deadline timeline");
    }
}

/* Centre on row y the first of the n texts that fits the width (the last
 * when none does). */
static void centre_first_fit(int y, int cols, const char *const *texts, int n, attr_t a)
{
    int k = 0;
    while (k + 1 < n && text_width(texts[k]) > cols - 2) k++;
    centre(y, cols, texts[k], a);
}

static void draw(present *p)
{
    kh_app *app = p->app;
    kh_lang lang = app->lang;
    getmaxyx(stdscr, p->rows, p->cols);
    if (p->page >= npages(p)) p->page = 0; /* a plan read again without targets */
    attr_set(p->text, PAIR_NUMBER(p->text), NULL);
    erase();
    if (p->rows < MIN_H || p->cols < MIN_W) {
        char need[64];
        snprintf(need, sizeof need, TR(lang, "cần ít nhất %d×%d", "needs at least %d×%d"), MIN_W,
                 MIN_H);
        centre(p->rows / 2 - 1, p->cols, TR(lang, "Cửa sổ quá nhỏ", "Terminal too small"), A_BOLD);
        centre(p->rows / 2, p->cols, need, A_NORMAL);
        refresh();
        return;
    }
    draw_fill(0, 0, p->cols, p->head);
    if (p->summary) {
        strbuf name = STRBUF_INIT;
        sb_printf(&name, TR(lang, "Tất cả %zu kế hoạch — %s", "Every plan (%zu) — %s"),
                  p->ws->nplans, p->ws->settings.name ? p->ws->settings.name : p->ws->dir);
        centre(0, p->cols, sb_str(&name), p->head);
        sb_done(&name);
    } else {
        centre(0, p->cols, app->plan->title, p->head);
    }
    /* The date and the time of the last change: shorter words on a narrow
     * screen rather than a time cut off. */
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    p->last_minute = tm.tm_hour * 60 + tm.tm_min;
    char today[11], clock[8], last[17];
    snprintf(clock, sizeof clock, "%02d:%02d", tm.tm_hour % 100, tm.tm_min % 100);
    date_format_dmy(app->today, today);
    if (p->last_change) date_format_local_time((time_t)p->last_change, last);
    const char *by = p->last_by ? p->last_by : "?";
    strbuf forms[4] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
    if (p->last_change) {
        sb_printf(&forms[0],
                  TR(lang, "Hôm nay %s %s · cập nhật lần cuối %s (%s)",
                     "Today %s %s · last change %s (%s)"),
                  today, clock, last, by);
        sb_printf(&forms[1], TR(lang, "%s %s · cập nhật %s (%s)", "%s %s · changed %s (%s)"), today,
                  clock, last, by);
        sb_printf(&forms[2], TR(lang, "%s %s · sửa %s", "%s %s · changed %s"), today, clock, last);
        /* At 40 columns: the room has a clock, the last change has none. */
        sb_printf(&forms[3], TR(lang, "%s · sửa %s", "%s · changed %s"), today, last);
    } else {
        sb_printf(&forms[0],
                  TR(lang, "Hôm nay %s %s · chưa có cập nhật nào", "Today %s %s · no change yet"),
                  today, clock);
        sb_printf(&forms[1], TR(lang, "%s %s · chưa có cập nhật", "%s %s · no change yet"), today,
                  clock);
        sb_printf(&forms[2], "%s %s", today, clock);
        sb_printf(&forms[3], "%s %s", today, clock);
    }
    const char *lines[4] = {sb_str(&forms[0]), sb_str(&forms[1]), sb_str(&forms[2]),
                            sb_str(&forms[3])};
    centre_first_fit(1, p->cols, lines, 4, p->dim);
    if (p->summary) {
        centre(2, p->cols, TR(lang, "Mọi kế hoạch", "Every plan"), p->text | A_BOLD | A_UNDERLINE);
    } else if (p->ws) {
        /* Which plan of how many, before the page's own title. */
        char head[160];
        snprintf(head, sizeof head, "%s (%s %zu/%zu)", page_title(page_at(p, p->page), lang),
                 TR(lang, "kế hoạch", "plan"), p->plan + 1, p->ws->nplans);
        centre(2, p->cols, head, p->text | A_BOLD | A_UNDERLINE);
    } else {
        centre(2, p->cols, page_title(page_at(p, p->page), lang), p->text | A_BOLD | A_UNDERLINE);
    }

    /* A blank row under the titles where the screen has rows to spare. */
    int top = p->rows >= 16 ? 4 : 3, bottom = p->rows - 1;
    const attr_t four[4] = {p->text, p->part[PART_DONE], p->part[PART_OVERDUE], p->dim};
    switch (p->summary ? -1 : page_at(p, p->page)) {
    case -1: page_workspace(p, top, bottom); break;
    case PAGE_WARDS:
    case PAGE_WARDS_LATE: /* present_wards.c */
        wards_present(p->opts.province, page_at(p, p->page) == PAGE_WARDS_LATE, top, bottom,
                      p->cols, four, lang);
        break;
    case PAGE_SUMMARY: page_summary(p, top, bottom); break;
    case PAGE_UNITS: page_units(p, top, bottom); break;
    case PAGE_URGENT: page_urgent(p, top, bottom); break;
    case PAGE_TARGETS: targets_present(app, top, bottom, p->cols, four); break; /* tui_targets.c */
    default: page_timeline(p, top, bottom); break;
    }
    /* The footer: where we are, and the keys. */
    for (int i = 0; i < 3; i++) sb_reset(&forms[i]);
    for (int f = 0; f < 3; f++)
        for (int i = 0; i < npages(p); i++)
            sb_printf(&forms[f], "%s ",
                      draw_sym(i == p->page && !p->summary ? SYM_CURRENT : SYM_OTHER));
    sb_printf(&forms[0],
              TR(lang, " tự chuyển trang mỗi %d giây · ← → Space: chuyển · q: thoát",
                 " next page every %d s · ← → Space: turn · q: quit"),
              p->opts.interval);
    sb_printf(
        &forms[1],
        TR(lang, " %d giây/trang · ← →: chuyển · q: thoát", " %d s a page · ← →: turn · q: quit"),
        p->opts.interval);
    sb_printf(&forms[2], TR(lang, " %d giây/trang · q: thoát", " %d s a page · q: quit"),
              p->opts.interval);
    int k = 0;
    while (k < 2 && text_width(sb_str(&forms[k])) > p->cols - 2) k++;
    if (p->plan_error[0])
        draw_text(p->rows - 1, 1, p->cols - 2, p->plan_error, p->part[PART_OVERDUE] | A_BOLD, true);
    else
        draw_text(p->rows - 1, 1, p->cols - 2, sb_str(&forms[k]), p->dim, false);
    for (int i = 0; i < 4; i++) sb_done(&forms[i]);
    refresh();
}

/* Show plan i of the workspace (its pages from the first). */
static void use_plan(present *p, size_t i)
{
    p->plan = i;
    p->app = &p->ws->plans[i];
    free(p->units);
    p->units = xcalloc(p->app->plan->nunits + 1, sizeof *p->units);
}

/* Turn one page on (dir 1) or back (-1): through the plan's pages, and in a
 * workspace from the summary to each plan's pages in turn and round again. */
static void turn(present *p, int dir)
{
    if (!p->ws) {
        p->page = (p->page + (dir > 0 ? 1 : npages(p) - 1)) % npages(p);
        return;
    }
    if (p->summary) {
        p->summary = false;
        use_plan(p, dir > 0 ? 0 : p->ws->nplans - 1);
        p->page = dir > 0 ? 0 : npages(p) - 1;
        return;
    }
    p->page += dir;
    if (p->page >= 0 && p->page < npages(p)) return;
    bool past = dir > 0 ? p->plan + 1 >= p->ws->nplans : p->plan == 0;
    if (past) {
        p->summary = true;
        p->page = 0;
        return;
    }
    use_plan(p, dir > 0 ? p->plan + 1 : p->plan - 1);
    p->page = dir > 0 ? 0 : npages(p) - 1;
}

/* A workspace's folder looked at again (every other second): plan files
 * added or removed. Return true when the plans changed. */
static bool rescan(present *p)
{
    if (!p->ws || (p->polls++ & 1)) return false;
    char *id = xstrdup(p->app->plan->id);
    bool changed = false;
    kh_error err = {0};
    workspace_rescan(p->ws, NULL, NULL, &changed, &err);
    if (changed) {
        long at = workspace_find_plan(p->ws, id);
        p->plan_counts = xreallocarray(p->plan_counts, p->ws->nplans ? p->ws->nplans : 1,
                                       sizeof *p->plan_counts);
        use_plan(p, at >= 0 ? (size_t)at : 0);
        if (at < 0) {
            /* The plan shown is gone: back to the summary. */
            p->summary = true;
            p->page = 0;
        }
    }
    free(id);
    return changed;
}

/* Read what others committed and the plan files' edits (every plan of a
 * workspace); return true when the screen must be drawn again. */
static bool poll_all(present *p)
{
    bool redraw = rescan(p), refold = false;
    size_t n = p->ws ? p->ws->nplans : 1;
    for (size_t i = 0; i < n; i++) {
        kh_app *app = p->ws ? &p->ws->plans[i] : p->app;
        bool reloaded = false;
        kh_error err = {0};
        /* Also opens the database once it exists (a projector may start
         * before anyone saved a change). */
        if (!app_poll(app, &reloaded, NULL, NULL, &err) && reloaded) redraw = true;
        /* The plan file edited: read again, or say why not (the footer,
         * until it is fixed; the last good plan stays). */
        kh_plan_map map;
        kh_diags diags = {0};
        kh_plan_poll pr = app_poll_plan(app, &map, &diags, &err);
        if (pr == PLAN_RELOADED) {
            if (app == p->app) {
                free(p->units);
                p->units = xcalloc(app->plan->nunits + 1, sizeof *p->units);
            }
            p->plan_error[0] = '\0';
            redraw = true;
        } else if (pr == PLAN_INVALID) {
            strbuf sb = STRBUF_INIT;
            tui_plan_error_words(&sb, app->plan_path, &diags, app->lang);
            snprintf(p->plan_error, sizeof p->plan_error, "%s", sb_str(&sb));
            sb_done(&sb);
            redraw = true;
        }
        app_plan_map_free(&map);
        diags_free(&diags);
        if (reloaded || pr == PLAN_RELOADED) refold = true;
        /* Midnight: a new day makes other tasks overdue. */
        if (!p->opts.today_fixed && date_today() != app->today) {
            app->today = date_today();
            if (p->ws) p->ws->today = app->today;
            redraw = true;
        }
    }
    /* A province: a ward's snapshot came in, or the state was read again:
     * the wards laid over the plans again. */
    int64_t stamp = p->opts.province ? workspace_wards_stamp(p->opts.province) : 0;
    if (p->opts.province && (refold || stamp != p->wards_stamp)) {
        kh_error err = {0};
        p->wards_stamp = stamp;
        workspace_province_fold_apps(p->opts.province, p->ws ? p->ws->plans : p->app, n, &err);
        redraw = true;
    }
    return redraw;
}

/* Run the display on p (its app, and its workspace when there is one). */
static int run(present *p)
{
    if (p->opts.interval < 1) p->opts.interval = 15;
    p->units = xcalloc(p->app->plan->nunits + 1, sizeof *p->units);
    if (!screen_open(false, TICK)) {
        free(p->units);
        free(p->plan_counts);
        return 2;
    }
    draw_set_ascii(p->opts.ascii);
    init_style(p);
    recount(p);
    if (p->opts.province) p->wards_stamp = workspace_wards_stamp(p->opts.province);
    long last_poll = screen_now_ms();
    p->page_since = last_poll;
    draw(p);
    for (;;) {
        wint_t ch;
        int code = screen_getkey(&ch);
        if (screen_should_stop()) break;
        bool redraw = false;
        if (code == OK && (ch == 'q' || ch == 27)) break;
        if (code == KEY_CODE_YES && ch == KEY_F(10)) break;
        if (code == KEY_CODE_YES && ch == KEY_RESIZE) redraw = true;
        bool next =
            (code == OK && ch == ' ') ||
            (code == KEY_CODE_YES && (ch == KEY_RIGHT || ch == KEY_NPAGE || ch == KEY_DOWN));
        bool prev = code == KEY_CODE_YES && (ch == KEY_LEFT || ch == KEY_PPAGE || ch == KEY_UP);
        if (code == OK && ch >= '1' && ch < (wint_t)('1' + npages(p)) && !p->summary) {
            p->page = (int)(ch - '1');
            redraw = true;
        }
        /* 0: the workspace's summary. */
        if (code == OK && ch == '0' && p->ws) {
            p->summary = true;
            p->page = 0;
            redraw = true;
        }
        long now = screen_now_ms();
        if (now - p->page_since >= (long)p->opts.interval * 1000) next = true;
        if (next || prev) {
            turn(p, next ? 1 : -1);
            p->page_since = now;
            redraw = true;
        }
        if (now - last_poll >= TICK - 50) {
            last_poll = now;
            if (poll_all(p)) redraw = true;
            time_t t = time(NULL);
            struct tm tm;
            localtime_r(&t, &tm);
            if (tm.tm_hour * 60 + tm.tm_min != p->last_minute) redraw = true;
        }
        if (redraw) {
            recount(p);
            draw(p);
        }
    }
    screen_close();
    free(p->units);
    free(p->plan_counts);
    return screen_exit_code();
}

int tui_present(kh_app *app, const kh_present_options *opts)
{
    present p;
    memset(&p, 0, sizeof p);
    p.app = app;
    p.opts = *opts;
    return run(&p);
}

int tui_present_workspace(kh_workspace *ws, const kh_present_options *opts)
{
    present p;
    memset(&p, 0, sizeof p);
    p.ws = ws;
    p.app = &ws->plans[0];
    p.opts = *opts;
    p.summary = true;
    p.plan_counts = xcalloc(ws->nplans, sizeof *p.plan_counts);
    return run(&p);
}
