/* The dashboard's shared state and the functions its files share. Curses is
 * used only under src/tui/. */
#ifndef KEHOACH_TUI_INTERNAL_H
#define KEHOACH_TUI_INTERNAL_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/app.h"
#include "kehoach/app_queue.h"
#include "kehoach/tui.h"
#include "kehoach/workspace.h"
#include "screen.h"

/* The panes; PANE_PLANS only in a workspace, PANE_WARDS only in a province's. */
typedef enum {
    PANE_LIST,
    PANE_UNITS,
    PANE_DEADLINES,
    PANE_DETAIL,
    PANE_PLANS,
    PANE_WARDS,
    PANE_COUNT
} pane_id;

/* The tabs of the tab row, in order: the main panes one can switch to
 * (tui_panes, at most this many). */
enum { TUI_MAX_TABS = 8 };

typedef struct {
    int y, x, h, w;
} rect;

/* A list of tasks on screen: which, which one is selected, where it scrolls. */
typedef struct {
    uint32_t *rows;
    size_t n;
    size_t sel;
    size_t top;
} task_view;

typedef enum { MSG_INFO, MSG_OK, MSG_ERROR } msg_kind;

/* Attributes by meaning, set once colours are known. */
typedef struct {
    attr_t overdue, soon, done, doing, todo, blocked;
    attr_t title, header, select, select_dim, key, keylabel, tab_off, tab_on, dim, ok, error, bar;
} tui_style;

typedef struct draft {
    char *task_id;
    char *text;
    struct draft *next;
} draft;

/* A change refused because someone else changed the task meanwhile,
 * offered again (task_id NULL: none). */
typedef struct {
    char *task_id;
    int status, progress;
} tui_offer;

/* What the dashboard keeps for one plan of a workspace while another plan
 * is the current one (tui_use_plan swaps it with the fields of tui). */
typedef struct {
    kh_queue queue;
    kh_queue kept;
    draft *drafts;
    char drafts_error[512];
    tui_offer offer;
} tui_side;

/* A unit of the workspace over every plan: the units of the plans that
 * have this id, counted together (the units pane over all plans). */
typedef struct {
    const char *id, *name, *short_name; /* the first plan's that has it */
    kh_unit_counts c;
} tui_unit;

/* A cursor over the rows of a pane that is not a task list. */
typedef struct {
    size_t sel, top;
} tui_cursor;

typedef struct tui {
    kh_app *app;
    kh_tui_options opts;
    bool color;
    int rows, cols;
    bool too_small;

    pane_id main; /* LIST, UNITS or DEADLINES: what fills the main area */
    pane_id focus;
    bool detail_open;
    bool wide;                                        /* units docked on the left */
    int tab_from[TUI_MAX_TABS], tab_to[TUI_MAX_TABS]; /* the tabs' columns, as drawn */
    pane_id tab_pane[TUI_MAX_TABS];                   /* and which pane each opens */
    int ntabs;
    bool side; /* detail on the right, not below */
    rect r_main, r_units, r_detail;

    task_view list;      /* filtered, in the chosen order */
    task_view deadlines; /* filtered, by urgency */
    /* The two views as they were before a search began: a search narrows
     * them, and clearing it or taking back a letter starts from them. */
    uint32_t *unsearched_list, *unsearched_deadlines;
    uint32_t *search_at; /* by task: where the search was last found (app_match_at) */
    size_t nunsearched;
    size_t list_headings; /* rows of t->list that are tasks for each ward (headings, not
                             tasks: the tab counts leave them out) */
    size_t unit_sel, unit_top;
    int detail_top;

    kh_filter filter;
    kh_sort sort;
    char *query; /* the search as typed, for display */

    kh_counts counts;
    kh_unit_counts *unit_counts;

    /* The detail pane's task and what the store says of it. */
    long detail_task;
    kh_note *notes;
    size_t nnotes;
    kh_history *history;
    size_t nhistory;
    kh_result *results; /* its results (issue 12), oldest first */
    size_t nresults;

    char msg[512];
    char task_name[2][160]; /* tui_task_name's last answers */
    int task_name_at;
    msg_kind msg_kind;
    int msg_rows;   /* rows the layout gave the message (and a prompt under it) */
    bool prompting; /* a line prompt is open on the row under the message */

    draft *drafts;          /* notes begun and not saved, by task */
    char drafts_error[512]; /* why the drafts file could not be written ("" when it was) */
    kh_queue queue;         /* changes waiting for a busy database, oldest first */
    kh_queue kept;          /* changes kept from an earlier run, not applied yet (tui_kept.c) */
    tui_offer offer;        /* a refused change offered again */

    /* A workspace of several plans (tui_ws.c); NULL: one plan. */
    kh_workspace *ws;
    size_t cur;      /* t->app is ws->plans[cur] */
    bool all;        /* the views cover every plan: a row is base[plan] + task */
    uint32_t *base;  /* all: the row of each plan's first task; base[nplans]: every row */
    size_t rows_cap; /* room in list.rows and deadlines.rows */
    tui_side *sides; /* by plan: what is not the current plan's */
    kh_counts *plan_counts;
    size_t *plan_order; /* the plans pane's rows after "every plan" */
    int plan_sort;
    tui_cursor plans;
    char *unit_id;    /* all: the unit filtered by, by its id in every plan */
    tui_unit *wunits; /* all: every plan's units, one row per id */
    size_t nwunits;
    int hold;         /* > 0: another plan is current a moment; no rebuild yet */
    unsigned polls;   /* ticks that looked at the plan files */
    int pinned;       /* > 0: a key's action runs; the current plan stays */
    bool rebuild_due; /* a rebuild was asked for while held */

    /* A province's workspace (DIR/wards/): the Phường/Xã pane (tui_wards.c). */
    bool province;
    bool wards_due;      /* a plan was read again: lay the snapshots over it again */
    bool wards_counted;  /* ward_order is up to date with the figures */
    int64_t wards_stamp; /* DIR/wards/ as last read (workspace_wards_stamp) */
    size_t *ward_order;  /* the pane's rows: indexes in ws->wards */
    size_t nward_order;
    int ward_sort; /* the column sorted by (0: the ranking) */
    bool ward_reverse;
    char *ward_plan_id; /* the filter by plan, or NULL */
    char *ward_task_id; /* and by a task of it assigned to each ward, or NULL */
    tui_cursor wards;

    /* Filters of the dashboard beyond the app's (every plan or one). */
    int due_days; /* overdue, or due within this many days; 0: off */
    bool my_unit; /* what the person's own units (rights:) lead or support */

    /* A search looks in notes and results too: their folded texts by plan
     * (NULL until a search needs them) and the rows found only there. */
    char ***note_texts;
    size_t *note_n, note_np; /* the tasks of each plan and the plans they were read for */
    bool *note_hit;
    const kh_app *detail_app; /* whose task detail_task is */
    /* At a province, the detail's task is a ward's occurrence: its record
     * was read from the ward's snapshot (1), or the ward sent none (2). */
    int detail_ward;

    bool dirty;      /* something changed behind the screen: redraw */
    int modal;       /* prompts and pages open: the plan is not read again under them */
    bool quit_armed; /* q pressed once with changes still waiting */
    long last_poll_ms;
    /* Tasks someone else changed, marked for a few seconds. */
    uint32_t *flash;
    long *flash_until;
    size_t nflash, capflash, capflash_until;
    tui_style st;
} tui;

/* The marks, one meaning each across the dashboard (the help page and the
 * README list them): the first column of a task row and the fill of a bar
 * without colour; then the second column of a row. */
enum {
    MARK_OVERDUE = '!',
    MARK_SOON = '~',
    MARK_BLOCKED = '#',
    MARK_DOING = '>',
    MARK_DONE = '+',
    MARK_CHANGED = '*',   /* someone else just changed the task */
    MARK_READ_ONLY = '-', /* the plan's rights do not let this person change it */
    MARK_NOTE_HIT = '"',  /* the search found it in a note or result, not in the task */
};

/* What a key does. */
typedef enum {
    ACT_NONE,
    ACT_UP,
    ACT_DOWN,
    ACT_PGUP,
    ACT_PGDN,
    ACT_HOME,
    ACT_END,
    ACT_NEXT_PANE,
    ACT_PREV_PANE,
    ACT_PANE_LIST,
    ACT_PANE_UNITS,
    ACT_PANE_DEADLINES,
    ACT_PANE_PLANS,
    ACT_PANE_WARDS,
    ACT_ENTER,
    ACT_STATUS,
    ACT_PROGRESS,
    ACT_NOTE,
    ACT_UNDO,
    ACT_NOTE_KIND,
    ACT_CONFIRM,
    ACT_RESULT, /* issue 12 */
    ACT_EXTEND,
    ACT_AMEND,
    ACT_SEARCH,
    ACT_FILTER,
    ACT_ESCAPE,
    ACT_SORT,
    ACT_SORT_REVERSE,
    ACT_ABOUT,
    ACT_TARGETS,
    ACT_HISTORY,
    ACT_REPORT,
    ACT_HELP,
    ACT_REDRAW,
    ACT_DETAIL_UP,
    ACT_DETAIL_DOWN,
    ACT_KEPT,
    ACT_QUIT,
    ACT_COUNT
} tui_action;

typedef struct {
    bool function_key; /* ch is a KEY_ code, not a character */
    wint_t ch;
    tui_action act;
    const char *name; /* as the help shows it */
} tui_key;

/* The key map, ending with ACT_NONE; and what each action does, in words. */
extern const tui_key tui_keys[];
const char *tui_action_words(tui_action a, kh_lang lang);

/* Return the action bound to a key. */
tui_action tui_action_of(int code, wint_t ch);

/* ---- tui_edit.c ---- */
/* Return true when edits are possible, else say why. */
bool edit_allowed(tui *t);
void edit_status(tui *t);
void edit_progress(tui *t);
void edit_note(tui *t);
/* Undo the person's last change, once they confirm it. */
void edit_undo(tui *t);
/* A note of a kind: difficulty or proposal (or plain), chosen first. */
void edit_note_kind(tui *t);
/* ---- tui_confirm.c ---- */
/* Confirm or reject the completion of the selected task (its confirming
 * unit's members). */
void edit_confirm(tui *t);

/* Extend the selected task's deadline (e): the day, the document, the
 * reason, through the queue as the other edits (tui_edit.c). */
void edit_extend(tui *t);

/* ---- tui_record.c (issue 12) ---- */
/* Add a result (document, file) to the selected done task, with prompts. */
void edit_result(tui *t);
/* Amend the plan: add a task, or change the selected task's deadline, by a
 * document, with prompts. */
void edit_amend(tui *t);
/* Read the plan again and lay the amendments in force over it (after one
 * was taken back), following it on the screen. */
void tui_amend_reread(tui *t);
/* The plan gained or moved tasks (index i of the old plan is m->task[i]):
 * follow it (tui_main.c). */
void tui_follow_plan(tui *t, const kh_plan_map *m);
/* Retry changes waiting for a busy database (each second, or now when
 * force). Return true when it tried. */
bool edit_retry(tui *t, bool force);
/* Return how many changes wait for the database. */
size_t edit_pending(const tui *t);
/* Forget the change offered again after a refusal. */
void edit_forget_offer(tui *t);
/* Save the changes kept from an earlier run (t->kept) now, through the
 * queue as the other changes, in their order; t->kept is emptied. */
void edit_apply_kept(tui *t);

/* ---- tui_kept.c ---- */
/* Bring back the changes that still waited for a busy database when the
 * dashboard last ended (t->kept), for the current plan. */
void tui_kept_load(tui *t);
/* Write the current plan's kept and waiting changes to their file beside
 * the drafts (remove it when there are none). Return true when they are
 * safe there, else false with why in drafts_error. */
bool tui_kept_sync(tui *t);
/* Return how many changes are kept from an earlier run, over every plan. */
size_t tui_kept_count(tui *t);
/* Say what the kept changes are and ask: save them now, keep them for
 * later, or drop them. */
void tui_kept_offer(tui *t);
/* Ask what to do with the changes still waiting when the person quits:
 * wait for the database, keep them in the file for the next start, or
 * stay. Return true to quit. */
bool tui_kept_quit(tui *t);
/* On leaving: the current plan's waiting and kept changes are written to
 * their file and said so on stderr; when that cannot be done their notes
 * are kept as drafts and every change is printed, never dropped silently.
 * The queues are emptied. */
void tui_kept_leave(tui *t);

/* ---- tui_text.c ---- */
/* Symbols drawn in UTF-8, or in ASCII once draw_set_ascii(true). */
typedef enum {
    SYM_CURRENT, /* the current choice: a chooser's value, the unit filtered by */
    SYM_OTHER,   /* another choice (the projector's other pages) */
    SYM_BLOCK,   /* a solid block */
    SYM_SHADE_DARK,
    SYM_SHADE,
    SYM_SHADE_LIGHT,
    SYM_DOT,        /* the empty part of a bar */
    SYM_MORE_BELOW, /* the pane scrolls on below */
    SYM_COUNT
} draw_symbol;
/* Draw with ASCII characters only (frames, bars, marks, dashes, the
 * ellipsis, digits); letters are drawn as they are. */
void draw_set_ascii(bool on);
/* Return true in ASCII mode. */
bool draw_ascii(void);
/* Return the symbol in the mode drawn in. */
const char *draw_sym(draw_symbol s);
/* Draw a vertical line of n cells, or a frame of h rows and w columns. */
void draw_vline(int y, int x, int n, attr_t attr);
void draw_box(int y0, int x0, int h, int w, attr_t attr);
/* Draw text (sanitised, cut with "…" ("..." in ASCII), padded when pad) at
 * y,x within w columns; return the columns drawn. */
int draw_text(int y, int x, int w, const char *text, attr_t attr, bool pad);
/* Fill w cells from y,x with spaces in attr. */
void draw_fill(int y, int x, int w, attr_t attr);

/* ---- tui_draw.c ---- */
void draw_init_style(tui *t);
/* Append why an edited plan file did not load, for a status line: the
 * first problem as file:line:col: message (the file by its name), how many
 * more, and that the last good plan stays. */
void tui_plan_error_words(strbuf *out, const char *path, const kh_diags *d, kh_lang lang);
/* Return the name of an official category: form 0 in full ("Đã hoàn thành
 * đúng hạn"), 1 shorter ("Đã HT đúng hạn"), 2 shortest ("Xong đúng hạn"). */
const char *tui_category_label(kh_category c, int form, kh_lang lang);
void draw_header(tui *t);
void draw_tabs(tui *t);
void draw_keybar(tui *t);
/* Draw the key bar of a prompt: the line editor's keys (choices 0), or
 * those of a chooser of that many items. */
void draw_keybar_prompt(tui *t, int choices);
/* Draw the message, wrapped over the rows the layout gave it. */
void draw_message(tui *t);
/* Return the rows the message needs at this width (at least 1, at most a
 * quarter of the screen), and one more for a prompt open under it. */
int tui_message_rows(const tui *t);
void draw_box_title(const rect *r, const char *title, bool focused, const tui *t);
attr_t draw_task_attr(const tui *t, const kh_task *task);
char draw_task_marker(const tui *t, const kh_task *task);
/* Draw a bar of w cells: parts[i] cells in attrs[i], the rest empty. */
void draw_bar(int y, int x, int w, const size_t *parts, const attr_t *attrs, int nparts,
              size_t total, const tui *t);
void tui_message(tui *t, msg_kind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- tui_list.c ---- */
/* Free the task views (the list, the deadlines, a search's saved views). */
void list_done(tui *t);
void list_rebuild(tui *t);
/* Apply the search that changed from old (NULL: none) to t->filter.query,
 * narrowing the views when it can rather than rebuilding them. */
void list_search(tui *t, const char *old);
/* Read what a search looks in besides the tasks (the folded notes and
 * results) when it is not read yet: after the first frame and when the
 * dashboard is idle, so that a search's first letter does not wait for the
 * database. Returns nothing. */
void list_prepare_search(tui *t);
void list_draw(tui *t, const rect *r, task_view *v, bool deadlines, bool focused);
/* Return the width the content column ("Nội dung") gets in a list w wide. */
int list_content_width(const tui *t, int w, bool deadlines);
void view_move(task_view *v, long delta, int page);
void view_keep_visible(task_view *v, int height);
/* Return the selected task's index, or -1 when the focused list is empty. */
long tui_selected_task(const tui *t);
void list_click(tui *t, task_view *v, const rect *r, int y);

/* ---- tui_units.c ---- */
void units_draw(tui *t, const rect *r, bool focused);
void units_move(tui *t, long delta, int page);
/* Filter the list by the selected unit (or none for "all"). */
void units_choose(tui *t);
void units_click(tui *t, const rect *r, int y);

/* ---- tui_panes.c: the panes of the tab row, one record each ---- */
typedef struct {
    pane_id id;
    const char *vi, *en;           /* the tab's name */
    bool (*shown)(const tui *t);   /* NULL: always there */
    size_t (*count)(const tui *t); /* the number on its tab */
    void (*draw)(tui *t, const rect *r, bool focused);
    void (*step)(tui *t, long delta, int page);  /* a row, a page (page rows), the ends */
    void (*choose)(tui *t);                      /* Enter; NULL: the detail opens */
    void (*click)(tui *t, const rect *r, int y); /* a click on row y */
} tui_pane;
/* The panes in tab order (the key 1, 2, ... and the tab row's order). */
extern const tui_pane tui_panes[];
extern const size_t tui_npanes;
/* Return pane id's record when it is there, else NULL (the detail has none). */
const tui_pane *tui_pane_of(const tui *t, pane_id id);
/* Return true when pane p is there (the plans pane: in a workspace). */
bool tui_pane_shown(const tui *t, const tui_pane *p);

/* ---- tui_ws.c: a workspace of several plans ---- */
/* Return how many plans the dashboard follows (1 without a workspace). */
size_t tui_nplans(const tui *t);
/* Return plan p's app (t->app without a workspace). */
kh_app *tui_plan_app(const tui *t, size_t p);
/* Return how many rows the views can hold: every task of every plan (all),
 * else the current plan's. */
size_t tui_nrows(const tui *t);
/* Return the plan of a row of the views, and its task in that plan. */
size_t tui_row_plan(const tui *t, uint32_t row);
uint32_t tui_row_task(const tui *t, uint32_t row);
/* Return the row of task `task` of plan p. */
uint32_t tui_row_of(const tui *t, size_t p, size_t task);
/* Make plan p the current plan (t->app), swapping in what is kept for it. */
void tui_use_plan(tui *t, size_t p);
/* Over every plan: make the plan of the selected row the current one. */
void tui_follow_selection(tui *t);
/* Over every plan: make current the plan of the person's last change that
 * can be undone (as `kehoach undo` over a workspace). */
void tui_undo_plan(tui *t);
/* Show every plan (p < 0) or plan p alone; say so. */
void tui_scope(tui *t, long p);
/* Work out where each plan's rows start (after a plan was read again). */
void tui_ws_bases(tui *t);
/* Select the tasks of every plan that pass the filters into out (rows);
 * return how many. */
size_t tui_ws_select(tui *t, const kh_filter *f, uint32_t *out);
/* Keep the rows [0, n) of out (tasks of app) that pass the dashboard's
 * own filters (due within N days, my unit); add base to each; return how many. */
size_t tui_keep_filtered(tui *t, kh_app *app, uint32_t *rows, size_t n, uint32_t base);
/* Sort rows of every plan as app_sort sorts one plan's. */
void tui_ws_sort(const tui *t, uint32_t *rows, size_t n, kh_sort by);
/* Count every plan (the plans pane, the header over every plan, the units
 * over every plan). */
void tui_ws_count(tui *t);
/* A plan was read again (index i of the old plan is m->task[i]; m NULL: no
 * map): keep the selections on their tasks. */
void tui_ws_follow(tui *t, size_t p, const kh_plan_map *m);
/* Look at the workspace's folder again: follow plan files added and
 * removed (the selections by id). */
void tui_ws_rescan(tui *t);
/* Retry every plan's waiting changes (see edit_retry); return true when it tried. */
bool tui_retry_all(tui *t, bool force);
/* Return the changes waiting in every plan. */
size_t tui_pending_all(const tui *t);
/* Return how a message names task id of the current plan: PLAN:TASK over a
 * workspace, else the id. Valid until the next call but one (t holds it). */
const char *tui_task_name(tui *t, const char *id);
/* Call fn for every plan, each made current a moment (drafts, queues). */
void tui_each_plan(tui *t, void (*fn)(tui *t));
/* Free what the workspace views hold. */
void tui_ws_done(tui *t);
/* The plans pane: every plan, its counts and completion; Enter narrows. */
void plans_draw(tui *t, const rect *r, bool focused);
void plans_move(tui *t, long delta, int page);
void plans_choose(tui *t);
void plans_click(tui *t, const rect *r, int y);
void plans_sort(tui *t);

/* ---- tui_wards.c: the Phường/Xã pane of a province's workspace ---- */
/* At the start: note whether the workspace is a province's and lay the
 * wards' snapshots over its plans. Returns nothing. */
void wards_start(tui *t);
/* Lay the snapshots over the plans again (a snapshot came, the state or a
 * plan was read again). Returns nothing. */
void wards_refold(tui *t);
/* Once a second: return true when the snapshots were laid over again (a
 * snapshot came in, reloaded: the state was read again, or a plan). */
bool wards_poll(tui *t, bool reloaded);
/* Free what the pane holds. Returns nothing. */
void wards_done(tui *t);
/* Return true when the pane is there (a province's workspace). */
bool wards_shown(const tui *t);
/* Return how many wards there are (the number on the tab). */
size_t wards_count(const tui *t);
void wards_draw(tui *t, const rect *r, bool focused);
void wards_move(tui *t, long delta, int page);
/* Enter: show the selected ward's occurrences in the task list. */
void wards_choose(tui *t);
void wards_click(tui *t, const rect *r, int y);
/* o: sort by the next column; O (reverse): the other way. Returns nothing. */
void wards_sort(tui *t, bool reverse);
/* f: filter by plan, or by one task assigned to each ward. Returns nothing. */
void wards_filter(tui *t);
/* Return true (having said why) when the selected task is a ward's
 * occurrence at the province: its state is the ward's snapshot. */
bool wards_refuse_edit(tui *t);
/* Return true when the edit keys do nothing where the person is: at the
 * province, on a ward's occurrence, or in a ward's drill-down (Enter in the
 * Phường/Xã pane) with no task selected; the key bar leaves them out. */
bool wards_view_only(const tui *t);

/* ---- tui_detail.c ---- */
void detail_draw(tui *t, const rect *r, bool focused);
void detail_forget(tui *t);
void detail_scroll(tui *t, int delta);

/* ---- tui_prompt.c ---- */
/* Edit a line of text; return a heap string on Enter, NULL on Esc. When it
 * returns NULL, *draft_out (if given) holds what was typed. With replace, the
 * first character typed replaces the initial text (as a selected field). */
char *prompt_line(tui *t, const char *label, const char *initial, bool replace, char **draft_out,
                  void (*changed)(tui *t, const char *text));
/* Let the person pick one of n items, `current` marked as the value now;
 * return its index or -1 on Esc. */
int prompt_choose(tui *t, const char *title, const char *const *items, int n, int current);
/* As prompt_choose, the cursor starting on item `start`. */
int prompt_choose_at(tui *t, const char *title, const char *const *items, int n, int current,
                     int start);

/* ---- tui_targets.c ---- */
/* Where a page's builder puts its lines (tui_pages.c gives its page). */
typedef struct {
    void *p;
    void (*add)(void *p, const char *text, attr_t attr, int indent); /* wrapped */
    void (*hanging)(void *p, const char *key, const char *words, int keyw);
    void (*blank)(void *p);
} page_out;
/* Fill the page of targets: each target, its horizons, the value
 * measured, the gap by the horizon in effect today. */
void targets_build(tui *t, const page_out *out);
/* Undo measurement u (the person's last change) once they confirm it, and
 * say what happened; frees u. */
void targets_undo(tui *t, kh_undo *u);

/* Draw the projector's page of targets in rows y to bottom of a screen
 * cols wide; attr: text, achieved, short of it, not measured. */
void targets_present(const kh_app *app, int y, int bottom, int cols, const attr_t attr[4]);

/* Draw the province's wards from row y to bottom: ranked, or (late_only)
 * those with overdue tasks, the most first; attr: text, done, overdue, dim
 * (present_wards.c). Returns nothing. */
void wards_present(kh_workspace *ws, bool late_only, int y, int bottom, int cols,
                   const attr_t attr[4], kh_lang lang);

/* ---- tui_pages.c ---- */
void page_about(tui *t);
/* The page of targets (tui_targets.c builds it), on the key t. */
void page_targets(tui *t);
void page_help(tui *t);
/* The history of changes, newest first, as kehoach history gives it, with
 * filters by task, person and date. */
void page_history(tui *t);

/* ---- tui_main.c ---- */
void tui_layout(tui *t);
/* Draw the whole screen into curses' buffer (nothing sent yet). */
void tui_draw(tui *t);
/* Draw the whole screen and send what changed. */
void tui_redraw(tui *t);
/* Wait for a key while keeping the screen live (others' changes, the date,
 * waiting changes). Return as screen_getkey; on ERR, t->dirty says whether
 * the screen needs a redraw. */
int tui_getkey(tui *t, wint_t *ch);
/* Select task i in the task list (clearing a filter that hides it) and open
 * its detail; say so. */
void tui_show_task(tui *t, size_t i);
/* Return true when row task was changed by someone else a moment ago. */
bool tui_flashing(const tui *t, uint32_t task);
#define tui_should_stop screen_should_stop
/* ---- tui_drafts.c ---- */
/* Bring back the notes left unsaved last time; say so (or that the drafts
 * file cannot be used). */
void tui_drafts_load(tui *t);
/* On leaving (the screen closed): say on stderr that the drafts are kept,
 * or that they could not be, showing them. */
void tui_drafts_leave(tui *t);
/* Free the drafts held. */
void tui_drafts_free(tui *t);
/* Return how many drafts there are. */
size_t tui_drafts_count(const tui *t);
/* Write the drafts to their file (remove it when there are none). Return
 * true when they are safe there, else false with why in drafts_error. */
bool tui_drafts_sync(tui *t);
/* Return task_id's draft, or NULL. */
const char *tui_draft_get(const tui *t, const char *task_id);
/* Set task_id's draft to a copy of text (NULL: drop it), in memory; the
 * file follows at tui_drafts_sync. */
void tui_draft_set(tui *t, const char *task_id, const char *text);

#endif
