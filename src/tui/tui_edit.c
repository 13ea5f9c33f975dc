/* Changing tasks from the dashboard: the status chooser, progress, notes;
 * what the person is told; and a queue that keeps a change the database was
 * too busy to take and saves it as soon as it can. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "tui.h"

enum {
    BUSY_FIRST_MS = 1500, /* a first attempt waits this long for another writer */
    BUSY_RETRY_MS = 100,  /* a retry from the tick waits this long */
    RETRY_EVERY_MS = 1000,
};

struct pending {
    size_t task;
    int status, progress;
    char *note;
    int64_t expected_version; /* the version the person was shown */
    char *what;               /* words for the message */
    pending *next;
};

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
    if (!t->opts.read_only && t->app->store) return true;
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
    size_t n = 0;
    for (const pending *p = t->pending; p; p = p->next) n++;
    return n;
}

static void pending_free(pending *p)
{
    free(p->note);
    free(p->what);
    free(p);
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

typedef enum { TRY_SAVED, TRY_BUSY, TRY_FAILED } try_result;

/* Try to save one change; tell the person how it went. */
static try_result attempt(tui *t, const pending *p, int busy_ms)
{
    kh_lang lang = t->app->lang;
    const kh_task *task = &t->app->plan->tasks[p->task];
    kh_error err = {0};
    app_set_busy_timeout(t->app, busy_ms);
    int64_t before = task->version;
    kh_errcode rc =
        app_change(t->app, p->task, p->status, p->progress, p->note, p->expected_version, &err);
    if (rc == KH_E_OK && task->version == before) {
        tui_message(t, MSG_INFO, TR(lang, "%s: không có gì thay đổi.", "%s: nothing to change."),
                    task->id);
        return TRY_SAVED;
    }
    if (rc == KH_E_OK) {
        tui_message(t, MSG_OK, TR(lang, "Đã lưu: %s — %s", "Saved: %s — %s"), task->id, p->what);
        if (p->note) tui_draft_set(t, task->id, NULL);
        detail_forget(t);
        /* Working down the deadline list, the cursor stays on its row rather
         * than following a task that moved (done tasks sink to the end). */
        size_t row = t->deadlines.sel;
        list_rebuild(t);
        if (t->focus == PANE_DEADLINES && t->deadlines.n)
            t->deadlines.sel = row < t->deadlines.n ? row : t->deadlines.n - 1;
        return TRY_SAVED;
    }
    if (rc == KH_E_DB_BUSY) return TRY_BUSY;
    if (rc == KH_E_CONFLICT) {
        tui_message(t, MSG_ERROR,
                    TR(lang, "%s chưa lưu: vừa được người khác thay đổi (%s); đã tải lại.",
                       "%s not saved: just changed by someone else (%s); reloaded."),
                    task->id, err.detail);
        reload_state(t);
    } else {
        tui_message(t, MSG_ERROR, TR(lang, "KHÔNG lưu được %s: %s (%s)", "NOT saved %s: %s (%s)"),
                    task->id, kh_strerror(rc, lang), err.detail);
        t->dirty = true;
    }
    /* Nothing typed is lost: a refused note stays as the task's draft. */
    if (p->note) tui_draft_set(t, task->id, p->note);
    return TRY_FAILED;
}

static void say_waiting(tui *t)
{
    size_t n = edit_pending(t);
    tui_message(t, MSG_ERROR,
                TR(t->app->lang, "CSDL đang bận: %zu thay đổi đang chờ, sẽ tự lưu khi được.",
                   "Database busy: %zu change(s) waiting, saved when it can."),
                n);
}

/* Save a change now, or queue it behind changes still waiting. */
static void submit(tui *t, size_t task, int status, int progress, const char *note,
                   int64_t expected_version, const char *what)
{
    pending *p = xcalloc(1, sizeof *p);
    *p = (pending){task,          status, progress, note ? xstrdup(note) : NULL, expected_version,
                   xstrdup(what), NULL};
    pending **tail = &t->pending;
    while (*tail) tail = &(*tail)->next;
    if (t->pending) {
        /* Keep the order of the person's changes. */
        *tail = p;
        say_waiting(t);
        return;
    }
    try_result r = attempt(t, p, BUSY_FIRST_MS);
    if (r == TRY_BUSY) {
        *tail = p;
        t->last_retry_ms = screen_now_ms();
        say_waiting(t);
        return;
    }
    pending_free(p);
}

bool edit_retry(tui *t, bool force)
{
    if (!t->pending) return false;
    long now = screen_now_ms();
    if (!force && now - t->last_retry_ms < RETRY_EVERY_MS) return false;
    t->last_retry_ms = now;
    bool progress = false;
    while (t->pending) {
        pending *p = t->pending;
        try_result r = attempt(t, p, force ? BUSY_FIRST_MS : BUSY_RETRY_MS);
        if (r == TRY_BUSY) break;
        if (r == TRY_SAVED) {
            /* Later changes to the task were made on top of this one. */
            int64_t now_version = t->app->plan->tasks[p->task].version;
            for (pending *q = p->next; q; q = q->next)
                if (q->task == p->task && q->expected_version == p->expected_version)
                    q->expected_version = now_version;
        }
        t->pending = p->next;
        pending_free(p);
        progress = true;
    }
    if (t->pending && !progress) say_waiting(t);
    return true;
}

void edit_forget_pending(tui *t)
{
    while (t->pending) {
        pending *p = t->pending;
        t->pending = p->next;
        if (p->note) tui_draft_set(t, t->app->plan->tasks[p->task].id, p->note);
        pending_free(p);
    }
}

void edit_status(tui *t)
{
    long i = edit_target(t);
    if (i < 0 || !edit_allowed(t) || !may_change(t, i)) return;
    kh_lang lang = t->app->lang;
    const kh_task *task = &t->app->plan->tasks[i];
    /* The version shown now is the one the change is made against. */
    int64_t shown = task->version;
    int current = task->status;
    const char *items[ST_COUNT];
    for (int s = 0; s < ST_COUNT; s++) items[s] = model_status_name((kh_status)s, lang);
    char title[96];
    snprintf(title, sizeof title, TR(lang, "Trạng thái của %s", "Status of %s"), task->id);
    int pick = prompt_choose(t, title, items, ST_COUNT, current);
    tui_redraw(t);
    if (pick < 0 || pick == current) return;
    submit(t, (size_t)i, pick, -1, NULL, shown, items[pick]);
}

void edit_progress(tui *t)
{
    long i = edit_target(t);
    if (i < 0 || !edit_allowed(t) || !may_change(t, i)) return;
    kh_lang lang = t->app->lang;
    const kh_task *task = &t->app->plan->tasks[i];
    int64_t shown = task->version;
    char label[96], initial[8];
    snprintf(label, sizeof label, TR(lang, "Tiến độ (0–100) của %s:", "Progress (0–100) of %s:"),
             task->id);
    snprintf(initial, sizeof initial, "%d", task->progress);
    char *text = prompt_line(t, label, initial, true, NULL, NULL);
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
    /* The store moves the status along with the progress. */
    char what[32];
    snprintf(what, sizeof what, "%ld%%", v);
    submit(t, (size_t)i, -1, (int)v, NULL, shown, what);
}

void edit_note(tui *t)
{
    long i = edit_target(t);
    if (i < 0 || !edit_allowed(t) || !may_change(t, i)) return;
    kh_lang lang = t->app->lang;
    char *id = xstrdup(t->app->plan->tasks[i].id);
    char label[96];
    snprintf(label, sizeof label, TR(lang, "Ghi chú cho %s:", "Note on %s:"), id);
    char *draft_text = NULL;
    char *text = prompt_line(t, label, tui_draft_get(t, id), false, &draft_text, NULL);
    if (!text) {
        tui_draft_set(t, id, draft_text);
        if (draft_text)
            tui_message(t, MSG_INFO, "%s",
                        TR(lang, "Chưa lưu; bản nháp được giữ — bấm n để viết tiếp.",
                           "Not saved; the draft is kept — press n to go on."));
        else
            tui_message(t, MSG_INFO, "%s", TR(lang, "Đã hủy.", "Cancelled."));
        free(draft_text);
        free(id);
        return;
    }
    /* Kept as the draft until the store has it. A note adds and overwrites
     * nothing: it is saved even when someone changed the task meanwhile. */
    tui_draft_set(t, id, text);
    submit(t, (size_t)i, -1, -1, text, -1, TR(lang, "ghi chú", "note"));
    free(text);
    free(id);
}

/* Put the selection of the focused list on task i when it shows it. */
static void select_task(tui *t, size_t i)
{
    task_view *v = t->focus == PANE_DEADLINES ? &t->deadlines : &t->list;
    for (size_t r = 0; r < v->n; r++) {
        if (v->rows[r] != i) continue;
        v->sel = r;
        return;
    }
}

void edit_undo(tui *t)
{
    if (!edit_allowed(t)) return;
    kh_lang lang = t->app->lang;
    if (t->pending) {
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
        if (strchr(err.detail, '('))
            tui_message(t, MSG_INFO,
                        TR(lang, "Không hoàn tác được thay đổi gần nhất của bạn: %s",
                           "Your last change cannot be undone: %s"),
                        err.detail);
        else
            tui_message(t, MSG_INFO,
                        TR(lang, "Không có thay đổi nào của bạn (%s) để hoàn tác.",
                           "You (%s) have no change to undo."),
                        t->app->user);
        return;
    }
    if (rc) {
        tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(rc, lang), err.detail);
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
             when, task->id);
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
    app_set_busy_timeout(t->app, BUSY_FIRST_MS);
    rc = app_undo(t->app, &u, shown, &err);
    if (rc == KH_E_OK) {
        tui_message(
            t, MSG_OK,
            TR(lang, "Đã hoàn tác: %s — thay đổi lúc %s.", "Undone: %s — the change of %s."),
            task->id, when);
        detail_forget(t);
        list_rebuild(t);
        select_task(t, u.task);
    } else if (rc == KH_E_CONFLICT) {
        tui_message(t, MSG_ERROR,
                    TR(lang,
                       "Không hoàn tác được %s: nhiệm vụ đã được thay đổi sau đó (%s); đã tải lại.",
                       "Cannot undo on %s: the task was changed since (%s); reloaded."),
                    task->id, err.detail);
        reload_state(t);
    } else {
        tui_message(t, MSG_ERROR,
                    TR(lang, "KHÔNG hoàn tác được %s: %s (%s)", "NOT undone on %s: %s (%s)"),
                    task->id, kh_strerror(rc, lang), err.detail);
    }
    sb_done(&what);
    app_undo_free(&u);
}
