/* Changing tasks from the dashboard: the status chooser, progress, notes,
 * undo; what the person is told. The changes go through the app's queue
 * (app_queue), which keeps one the database is too busy to take and saves it
 * as soon as it can, never holding the screen more than a moment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "tui.h"

/* Return the task the edit keys act on, or -1 after saying why there is
 * none. */
static long edit_target(tui *t)
{
    long i = tui_selected_task(t);
    if (i >= 0) return i;
    tui_message(t, MSG_INFO, "%s",
                TR(t->app->lang,
                   "Chọn một nhiệm vụ ở khung 1 Nhiệm vụ hoặc 3 Thời hạn rồi bấm lại.",
                   "Pick a task in pane 1 Tasks or 3 Deadlines, then press again."));
    return -1;
}

bool edit_allowed(tui *t)
{
    /* A ward's occurrence at the province: the ward's snapshot says. */
    if (wards_refuse_edit(t)) return false;
    if (!t->opts.read_only && t->app->store) return true;
    if (t->opts.read_only_why) {
        tui_message(t, MSG_ERROR,
                    TR(t->app->lang, "Chỉ xem (%s): không sửa được, không gì được ghi.",
                       "Read-only (%s): nothing can be changed or written."),
                    t->opts.read_only_why);
        return false;
    }
    tui_message(t, MSG_ERROR, "%s",
                TR(t->app->lang, "Chỉ xem (--read-only): không sửa được.",
                   "Read-only (--read-only): nothing can be changed."));
    return false;
}

/* Return true when the person may change task i (the plan's `rights:`),
 * else say who may. */
static bool may_change(tui *t, long i)
{
    if (app_may_change(t->app, (size_t)i)) return true;
    kh_lang lang = t->app->lang;
    strbuf who = STRBUF_INIT;
    app_rights_who(t->app, (size_t)i, true, &who);
    tui_message(t, MSG_ERROR,
                TR(lang, "Không có quyền sửa %s (chỉ xem) — được sửa: %s",
                   "You may not change %s (read-only) — who may: %s"),
                t->app->plan->tasks[i].id, sb_str(&who));
    sb_done(&who);
    return false;
}

size_t edit_pending(const tui *t)
{
    return tui_pending_all(t);
}

/* Reload every task's state after someone else changed it. */
static void reload_state(tui *t)
{
    kh_error err = {0};
    if (app_reload_state(t->app, &err))
        tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(err.code, t->app->lang), err.detail);
    t->wards_due = t->province; /* the wards' occurrences were read from here: again from theirs */
    detail_forget(t);
    list_rebuild(t);
}

/* Tell the person what became of a change (saved, nothing to change,
 * refused), and follow it on screen. */
/* Add to the message that the drafts are in memory only, and why. */
static void say_drafts_in_memory(tui *t)
{
    size_t len = strlen(t->msg);
    snprintf(t->msg + len, sizeof t->msg - len,
             TR(t->app->lang,
                " Bản nháp CHỈ được giữ trong bộ nhớ (không ghi được tệp bản nháp: %s).",
                " The draft is kept in memory ONLY (the drafts file cannot be written: %s)."),
             t->drafts_error);
    t->msg_kind = MSG_ERROR;
}

static void on_outcome(void *ctx, const kh_queue_event *ev)
{
    tui *t = ctx;
    kh_lang lang = t->app->lang;
    const kh_queued *c = ev->change;
    t->dirty = true;
    if (ev->result == QUEUE_UNCHANGED) {
        tui_message(t, MSG_INFO, TR(lang, "%s: không có gì thay đổi.", "%s: nothing to change."),
                    tui_task_name(t, c->task_id));
        return;
    }
    if (ev->result == QUEUE_SAVED) {
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, TR(lang, "Đã lưu: %s — %s", "Saved: %s — %s"), tui_task_name(t, c->task_id),
                  c->what);
        if (t->app->reopened != REOPEN_NO && ev->task >= 0) {
            /* Reopened: say what became of its progress, as `set` does. */
            sb_puts(&sb, "; ");
            app_reopen_words(&sb, t->app->reopened, t->app->plan->tasks[ev->task].progress, lang);
        }
        tui_message(t, MSG_OK, "%s", sb_str(&sb));
        sb_done(&sb);
        if (c->note) {
            /* Saved: no longer a draft, in the file either. */
            tui_draft_set(t, c->task_id, NULL);
            tui_drafts_sync(t);
        }
        detail_forget(t);
        /* Working down the deadline list, the cursor stays on its row rather
         * than following a task that moved (done tasks sink to the end). */
        size_t row = t->deadlines.sel;
        list_rebuild(t);
        if (t->focus == PANE_DEADLINES && t->deadlines.n)
            t->deadlines.sel = row < t->deadlines.n ? row : t->deadlines.n - 1;
        return;
    }
    if (ev->err.code == KH_E_CONFLICT) {
        strbuf sb = STRBUF_INIT;
        char who[96];
        sb_printf(&sb,
                  TR(lang, "%s chưa lưu: vừa được người khác thay đổi (%s); đã tải lại.",
                     "%s not saved: just changed by someone else (%s); reloaded."),
                  tui_task_name(t, c->task_id), kh_error_who_when(&ev->err, who, sizeof who));
        if (!c->note) {
            /* What the person chose is not lost: it is offered again, at
             * once when they are there (the prompt opens again on it), else
             * at the next s or p on the task. */
            free(t->offer.task_id);
            t->offer.task_id = xstrdup(c->task_id);
            t->offer.status = c->status;
            t->offer.progress = c->progress;
            const char *key = c->status >= 0 ? "s" : "p";
            if (ev->from_queue)
                sb_printf(&sb,
                          TR(lang, " Bấm %s trên %s để nhập lại (%s).",
                             " Press %s on %s to enter it again (%s)."),
                          key, tui_task_name(t, c->task_id), c->what);
            else
                sb_printf(&sb,
                          TR(lang, " Bạn đã chọn %s: Enter để lưu lại, Esc để bỏ.",
                             " You chose %s: Enter saves it again, Esc drops it."),
                          c->what);
        }
        tui_message(t, MSG_ERROR, "%s", sb_str(&sb));
        sb_done(&sb);
        reload_state(t);
    } else {
        tui_message(t, MSG_ERROR, TR(lang, "KHÔNG lưu được %s: %s (%s)", "NOT saved %s: %s (%s)"),
                    tui_task_name(t, c->task_id), kh_strerror(ev->err.code, lang), ev->err.detail);
    }
    /* Nothing typed is lost: a refused note stays as the task's draft. */
    if (c->note) {
        tui_draft_set(t, c->task_id, c->note);
        if (!tui_drafts_sync(t)) say_drafts_in_memory(t);
    }
}

/* Say that changes wait: the message line says so (draw_message) for as
 * long as they do, whatever key comes meanwhile. */
static void show_waiting(tui *t)
{
    t->msg[0] = '\0';
    t->dirty = true;
}

/* A change was just queued: say so, and write it down. */
static void say_waiting(tui *t)
{
    show_waiting(t);
    /* Written down at once: a closed terminal, a signal, even kill -9 does
     * not lose it (offered again at the next start). */
    if (!tui_kept_sync(t))
        tui_message(t, MSG_ERROR,
                    TR(t->app->lang,
                       "CSDL đang bận: %zu thay đổi đang chờ, CHỈ được giữ trong bộ nhớ (không "
                       "ghi được tệp bản nháp: %s).",
                       "Database busy: %zu change(s) waiting, kept in memory ONLY (the drafts "
                       "file cannot be written: %s)."),
                    edit_pending(t), t->drafts_error);
}

/* Save change c (a change with --on or --doc, an extension) now, or queue
 * it, as submit does. */
static kh_queue_result submit_change(tui *t, const kh_queued *c)
{
    kh_queue_result r =
        app_queue_submit_change(&t->queue, t->app, c, screen_now_ms(), on_outcome, t);
    if (r == QUEUE_WAITING) say_waiting(t);
    return r;
}

/* Save a change now, or queue it behind changes still waiting: never wait
 * for the database more than a moment (app_queue). */
static kh_queue_result submit(tui *t, size_t task, int status, int progress, const char *note,
                              int64_t expected_version, const char *what)
{
    kh_queue_result r =
        app_queue_submit(&t->queue, t->app, t->app->plan->tasks[task].id, status, progress, note,
                         expected_version, what, screen_now_ms(), on_outcome, t);
    if (r == QUEUE_WAITING) say_waiting(t);
    return r;
}

bool edit_retry(tui *t, bool force)
{
    size_t before = edit_pending(t);
    size_t waiting = t->queue.n;
    if (!app_queue_retry(&t->queue, t->app, screen_now_ms(), force, on_outcome, t)) return false;
    if (t->queue.n != waiting) tui_kept_sync(t); /* the file follows the queue */
    if (edit_pending(t) && edit_pending(t) == before) show_waiting(t);
    return true;
}

void edit_apply_kept(tui *t)
{
    /* One at a time out of t->kept into the queue: the file (the queue,
     * then what is still kept) holds each one all along. */
    while (t->kept.n) {
        kh_queue one = {0};
        app_queue_keep(&one, &t->kept.v[0]);
        kh_queue rest = {0};
        for (size_t i = 1; i < t->kept.n; i++) app_queue_keep(&rest, &t->kept.v[i]);
        app_queue_done(&t->kept);
        t->kept = rest;
        submit_change(t, &one.v[0]);
        app_queue_done(&one);
    }
    tui_kept_sync(t);
}

/* Take the change offered again for task i (refused a moment ago because
 * someone else changed the task): its status (or -1) and progress (or -1).
 * Return false when none is offered for it. */
static bool take_offer(tui *t, long i, int *status, int *progress)
{
    if (!t->offer.task_id || strcmp(t->offer.task_id, t->app->plan->tasks[i].id) != 0) return false;
    *status = t->offer.status;
    *progress = t->offer.progress;
    free(t->offer.task_id);
    t->offer.task_id = NULL;
    return true;
}

void edit_forget_offer(tui *t)
{
    free(t->offer.task_id);
    t->offer.task_id = NULL;
}

/* Ask for a day, offering `initial` (dd/mm/yyyy); KH_NO_DATE on Esc or a
 * day that is not one (said). */
static kh_date ask_day(tui *t, const char *label, kh_date initial)
{
    kh_lang lang = t->app->lang;
    char buf[11];
    char *text = prompt_line(t, label, initial != KH_NO_DATE ? date_format_dmy(initial, buf) : NULL,
                             true, NULL, NULL);
    if (!text) {
        tui_message(t, MSG_INFO, "%s", TR(lang, "Đã hủy.", "Cancelled."));
        return KH_NO_DATE;
    }
    kh_date d;
    bool ok = date_parse(text, &d) == DATE_OK;
    if (!ok)
        tui_message(t, MSG_ERROR,
                    TR(lang, "\"%s\" không phải ngày (dd/mm/yyyy); chưa lưu gì.",
                       "\"%s\" is not a day (dd/mm/yyyy); nothing saved."),
                    text);
    free(text);
    return ok ? d : KH_NO_DATE;
}

/* Ask for one line of text (Esc: NULL, said; empty: NULL when optional). */
static char *ask_text(tui *t, const char *label, bool optional, bool *cancelled)
{
    char *s = prompt_line(t, label, NULL, false, NULL, NULL);
    if (!s) {
        *cancelled = true;
        tui_message(t, MSG_INFO, "%s", TR(t->app->lang, "Đã hủy.", "Cancelled."));
        return NULL;
    }
    if (!*s) {
        free(s);
        if (!optional) {
            *cancelled = true;
            tui_message(t, MSG_ERROR, "%s",
                        TR(t->app->lang, "Cần nhập; chưa lưu gì.", "Required; nothing saved."));
        }
        return NULL;
    }
    return s;
}

/* Make task i done: the day it was done, today offered (another day is
 * `set --on`'s). Return as status_prompt. */
static kh_queue_result done_prompt(tui *t, long i, int64_t shown, const char *what)
{
    kh_app *app = t->app;
    kh_lang lang = app->lang;
    char label[128];
    snprintf(label, sizeof label,
             TR(lang, "Ngày hoàn thành %s (Enter: hôm nay):", "Day %s was done (Enter: today):"),
             app->plan->tasks[i].id);
    kh_date on = ask_day(t, label, app->today);
    if (on == KH_NO_DATE) return QUEUE_UNCHANGED;
    char words[96];
    char day[11];
    snprintf(words, sizeof words, TR(lang, "%s ngày %s", "%s on %s"), what,
             date_format_dmy(on, day));
    char *id = xstrdup(app->plan->tasks[i].id); /* the queue takes copies */
    kh_queued c = {id,    ST_DONE,    -1,         NULL,
                   shown, words,      NOTE_PLAIN, on == app->today ? KH_NO_DATE : on,
                   NULL,  KH_NO_DATE, NULL};
    kh_queue_result r = submit_change(t, &c);
    free(id);
    return r;
}

/* Withdraw task i by the document that decides it (required). Return as
 * status_prompt. */
static kh_queue_result withdraw_prompt(tui *t, long i, int64_t shown, const char *what)
{
    kh_app *app = t->app;
    kh_lang lang = app->lang;
    bool cancelled = false;
    char *doc = ask_text(t,
                         TR(lang, "Văn bản quyết định dừng thực hiện (số, ngày):",
                            "Document deciding the withdrawal (number, date):"),
                         false, &cancelled);
    if (cancelled) return QUEUE_UNCHANGED;
    char *id = xstrdup(app->plan->tasks[i].id), *words = xstrdup(what);
    kh_queued c = {id,         ST_WITHDRAWN, -1,  NULL,       shown, words,
                   NOTE_PLAIN, KH_NO_DATE,   doc, KH_NO_DATE, NULL};
    kh_queue_result r = submit_change(t, &c);
    free(id);
    free(words);
    free(doc);
    return r;
}

void edit_extend(tui *t)
{
    long i = edit_target(t);
    if (i < 0 || !edit_allowed(t) || !may_change(t, i)) return;
    kh_app *app = t->app;
    kh_lang lang = app->lang;
    const kh_task *task = &app->plan->tasks[i];
    char label[128];
    snprintf(label, sizeof label, TR(lang, "Gia hạn %s đến ngày:", "Extend %s to:"),
             tui_task_name(t, task->id));
    kh_date to = ask_day(t, label, task->due);
    if (to == KH_NO_DATE) return;
    bool cancelled = false;
    char *doc = ask_text(
        t, TR(lang, "Văn bản cho phép gia hạn (số, ngày):", "Document allowing it (number, date):"),
        false, &cancelled);
    char *reason =
        cancelled ? NULL
                  : ask_text(t, TR(lang, "Lý do (Enter để bỏ qua):", "Reason (Enter to skip):"),
                             true, &cancelled);
    if (!cancelled) {
        char words[96], day[11];
        snprintf(words, sizeof words, TR(lang, "gia hạn đến %s", "extended to %s"),
                 date_format_dmy(to, day));
        char *id = xstrdup(task->id); /* the queue takes copies */
        kh_queued c = {id, -1, -1, NULL, -1, words, NOTE_PLAIN, KH_NO_DATE, doc, to, reason};
        submit_change(t, &c);
        free(id);
    }
    free(doc);
    free(reason);
}

/* Ask for task i's status, starting on status `start` (its own when -1),
 * and save it. Return what became of it, QUEUE_UNCHANGED when nothing was
 * asked for. */
static kh_queue_result status_prompt(tui *t, long i, int start, int progress)
{
    (void)progress;
    kh_lang lang = t->app->lang;
    const kh_task *task = &t->app->plan->tasks[i];
    /* The version shown now is the one the change is made against. */
    int64_t shown = task->version;
    int current = task->status;
    const char *items[ST_COUNT];
    for (int s = 0; s < ST_COUNT; s++) items[s] = model_status_name((kh_status)s, lang);
    char title[96];
    snprintf(title, sizeof title, TR(lang, "Trạng thái của %s", "Status of %s"),
             tui_task_name(t, task->id));
    int pick = prompt_choose_at(t, title, items, ST_COUNT, current, start >= 0 ? start : current);
    tui_redraw(t);
    if (pick < 0 || pick == current) return QUEUE_UNCHANGED;
    if (pick == ST_DONE) return done_prompt(t, i, shown, items[pick]);
    if (pick == ST_WITHDRAWN) return withdraw_prompt(t, i, shown, items[pick]);
    return submit(t, (size_t)i, pick, -1, NULL, shown, items[pick]);
}

/* Ask for task i's progress, starting from `start` (its own when -1), and
 * save it. Return as status_prompt. */
static kh_queue_result progress_prompt(tui *t, long i, int status, int start)
{
    (void)status;
    kh_lang lang = t->app->lang;
    const kh_task *task = &t->app->plan->tasks[i];
    int64_t shown = task->version;
    char label[96], initial[16];
    snprintf(label, sizeof label, TR(lang, "Tiến độ (0–100) của %s:", "Progress (0–100) of %s:"),
             task->id);
    snprintf(initial, sizeof initial, "%d", start >= 0 ? start : task->progress);
    char *text = prompt_line(t, label, initial, true, NULL, NULL);
    if (!text) {
        tui_message(t, MSG_INFO, "%s", TR(lang, "Đã hủy.", "Cancelled."));
        return QUEUE_UNCHANGED;
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
        return QUEUE_UNCHANGED;
    }
    /* The store moves the status along with the progress. */
    char what[32];
    snprintf(what, sizeof what, "%ld%%", v);
    return submit(t, (size_t)i, -1, (int)v, NULL, shown, what);
}

/* Ask (ask(t, task, status, progress)) and save, for the selected task;
 * refused because someone else changed the task meanwhile, the screen has
 * reloaded it and the person's value is offered again on top of that. */
static void edit_offered(tui *t, kh_queue_result (*ask)(tui *, long, int, int))
{
    long i = edit_target(t);
    if (i < 0 || !edit_allowed(t) || !may_change(t, i)) return;
    int status = -1, progress = -1;
    take_offer(t, i, &status, &progress);
    while (ask(t, i, status, progress) == QUEUE_REFUSED && take_offer(t, i, &status, &progress))
        ;
}

void edit_status(tui *t)
{
    edit_offered(t, status_prompt);
}

void edit_progress(tui *t)
{
    edit_offered(t, progress_prompt);
}

static void note_prompt(tui *t, kh_note_kind kind);

void edit_note(tui *t)
{
    note_prompt(t, NOTE_PLAIN);
}

void edit_note_kind(tui *t)
{
    long i = edit_target(t);
    if (i < 0 || !edit_allowed(t) || !may_change(t, i)) return;
    kh_lang lang = t->app->lang;
    const char *items[NOTE_KIND_COUNT];
    for (int k = 0; k < NOTE_KIND_COUNT; k++)
        items[k] = model_note_kind_name((kh_note_kind)k, lang);
    char title[96];
    snprintf(title, sizeof title, TR(lang, "Loại ghi chú cho %s", "Kind of note on %s"),
             t->app->plan->tasks[i].id);
    int pick = prompt_choose_at(t, title, items, NOTE_KIND_COUNT, -1, NOTE_DIFFICULTY);
    tui_redraw(t);
    if (pick < 0) {
        tui_message(t, MSG_INFO, "%s", TR(lang, "Đã hủy.", "Cancelled."));
        return;
    }
    note_prompt(t, (kh_note_kind)pick);
}

/* Ask for a note of kind `kind` on the selected task and save it. */
static void note_prompt(tui *t, kh_note_kind kind)
{
    long i = edit_target(t);
    if (i < 0 || !edit_allowed(t) || !may_change(t, i)) return;
    kh_lang lang = t->app->lang;
    char *id = xstrdup(t->app->plan->tasks[i].id);
    char label[160];
    if (kind == NOTE_PLAIN)
        snprintf(label, sizeof label, TR(lang, "Ghi chú cho %s:", "Note on %s:"), id);
    else
        snprintf(label, sizeof label, TR(lang, "%s — %s:", "%s — %s:"),
                 model_note_kind_name(kind, lang), id);
    char *draft_text = NULL;
    char *text = prompt_line(t, label, tui_draft_get(t, id), false, &draft_text, NULL);
    if (!text) {
        tui_draft_set(t, id, draft_text);
        /* Kept in the drafts file at once, so that it outlives the program;
         * where that file cannot be written, say so: the draft then lives
         * in memory until the person saves it or quits (asked twice). */
        bool kept = tui_drafts_sync(t);
        if (draft_text && kept)
            tui_message(t, MSG_INFO, "%s",
                        TR(lang, "Chưa lưu; bản nháp được giữ — bấm n để viết tiếp.",
                           "Not saved; the draft is kept — press n to go on."));
        else if (draft_text)
            tui_message(t, MSG_ERROR,
                        TR(lang,
                           "Chưa lưu; bản nháp CHỈ được giữ trong bộ nhớ (không ghi được tệp bản "
                           "nháp: %s) — bấm n để viết tiếp và lưu trước khi thoát.",
                           "Not saved; the draft is kept in memory ONLY (the drafts file cannot be "
                           "written: %s) — press n to go on, and save it before you quit."),
                        t->drafts_error);
        else
            tui_message(t, MSG_INFO, "%s", TR(lang, "Đã hủy.", "Cancelled."));
        free(draft_text);
        free(id);
        return;
    }
    /* Kept as the draft until the store has it. A note adds and overwrites
     * nothing: it is saved even when someone changed the task meanwhile. */
    tui_draft_set(t, id, text);
    if (kind == NOTE_PLAIN) {
        submit(t, (size_t)i, -1, -1, text, -1, TR(lang, "ghi chú", "note"));
    } else {
        kh_queue_result r =
            app_queue_submit_note(&t->queue, t->app, id, text, kind,
                                  model_note_kind_name(kind, lang), screen_now_ms(), on_outcome, t);
        if (r == QUEUE_WAITING) say_waiting(t);
    }
    free(text);
    free(id);
}

/* Put the selection of the focused list on task i when it shows it. */
static void select_task(tui *t, size_t i)
{
    task_view *v = t->focus == PANE_DEADLINES ? &t->deadlines : &t->list;
    uint32_t row = tui_row_of(t, t->cur, i);
    for (size_t r = 0; r < v->n; r++) {
        if (v->rows[r] != row) continue;
        v->sel = r;
        return;
    }
}

void edit_undo(tui *t)
{
    if (!edit_allowed(t)) return;
    kh_lang lang = t->app->lang;
    if (edit_pending(t)) {
        tui_message(t, MSG_ERROR, "%s",
                    TR(lang,
                       "Còn thay đổi đang chờ lưu (CSDL bận): hoàn tác sau khi chúng đã được lưu.",
                       "Changes are still waiting (database busy): undo once they are saved."));
        return;
    }
    kh_undo u;
    kh_error err = {0};
    kh_errcode rc = app_last_change(t->app, -1, &u, &err);
    if (rc == KH_E_NOT_FOUND) {
        if (err.reason == KH_R_TASK_GONE || err.reason == KH_R_IMPORTED)
            tui_message(t, MSG_INFO,
                        TR(lang, "Không hoàn tác được thay đổi gần nhất của bạn: %s",
                           "Your last change cannot be undone: %s"),
                        err.detail);
        else
            tui_message(t, MSG_INFO,
                        TR(lang, "Không có thay đổi nào của bạn (%s) để hoàn tác.",
                           "You (%s) have no change to undo."),
                        app_user(t->app));
        return;
    }
    if (rc) {
        tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(rc, lang), err.detail);
        return;
    }
    if (u.is_target) { /* a measurement of a target (tui_targets.c) */
        targets_undo(t, &u);
        return;
    }
    const kh_task *task = &t->app->plan->tasks[u.task];
    if (!may_change(t, (long)u.task)) {
        app_undo_free(&u);
        return;
    }
    int64_t shown = task->version;
    char when[17], title[160];
    date_format_local_time((time_t)u.rows[0].at, when);
    snprintf(title, sizeof title,
             TR(lang, "Hoàn tác thay đổi của bạn lúc %s trên %s?", "Undo your change of %s on %s?"),
             when, tui_task_name(t, task->id));
    strbuf what = STRBUF_INIT;
    sb_puts(&what, TR(lang, "Hoàn tác: ", "Undo: "));
    for (size_t k = 0; k < u.nrows; k++) {
        if (k) sb_puts(&what, "; ");
        app_history_words(&what, &u.rows[k], lang);
    }
    const char *items[2] = {sb_str(&what), TR(lang, "Thôi, giữ nguyên", "No, keep it")};
    int pick = prompt_choose(t, title, items, 2, -1);
    tui_redraw(t);
    if (pick != 0) {
        tui_message(t, MSG_INFO, "%s", TR(lang, "Đã hủy.", "Cancelled."));
        sb_done(&what);
        app_undo_free(&u);
        return;
    }
    /* As a change: a moment's wait for another writer, never more. */
    app_set_busy_timeout(t->app, t->queue.wait_ms);
    rc = app_undo(t->app, &u, shown, &err);
    app_set_busy_timeout(t->app, t->queue.rest_ms);
    if (rc == KH_E_OK) {
        tui_message(
            t, MSG_OK,
            TR(lang, "Đã hoàn tác: %s — thay đổi lúc %s.", "Undone: %s — the change of %s."),
            tui_task_name(t, task->id), when);
        detail_forget(t);
        if (app_undo_is_amend(&u)) {
            tui_amend_reread(t); /* the plan as issued, with the amendments left */
        } else {
            list_rebuild(t);
            select_task(t, u.task);
        }
    } else if (rc == KH_E_DB_BUSY) {
        tui_message(t, MSG_ERROR,
                    TR(lang, "Chưa hoàn tác được %s: CSDL đang bận; bấm u lại sau ít giây.",
                       "Not undone on %s yet: the database is busy; press u again in a moment."),
                    task->id);
    } else if (rc == KH_E_CONFLICT) {
        char who[96];
        tui_message(t, MSG_ERROR,
                    TR(lang,
                       "Không hoàn tác được %s: nhiệm vụ đã được thay đổi sau đó (%s); đã tải lại.",
                       "Cannot undo on %s: the task was changed since (%s); reloaded."),
                    task->id, kh_error_who_when(&err, who, sizeof who));
        reload_state(t);
    } else {
        tui_message(t, MSG_ERROR,
                    TR(lang, "KHÔNG hoàn tác được %s: %s (%s)", "NOT undone on %s: %s (%s)"),
                    task->id, kh_strerror(rc, lang), err.detail);
    }
    sb_done(&what);
    app_undo_free(&u);
}
