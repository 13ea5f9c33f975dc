/* The dashboard's key for confirmed completion: the confirming unit's
 * member confirms a task proposed as done, or rejects it with a reason. */
#include <stdio.h>
#include <stdlib.h>

#include "kehoach/app_confirm.h"
#include "tui.h"

/* Say why task i cannot be confirmed now; return true when it can. */
static bool confirmable(tui *t, long i)
{
    kh_app *app = t->app;
    kh_lang lang = app->lang;
    const kh_task *task = &app->plan->tasks[i];
    kh_error err = {0};
    if (!task->confirmer) {
        tui_message(t, MSG_INFO, TR(lang, "%s: %s.", "%s: %s."), tui_task_name(t, task->id),
                    kh_strerror(KH_E_CONFIRM_NONE, lang));
        return false;
    }
    if (app_check_confirm_rights(app, (size_t)i, &err)) {
        tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(err.code, lang), err.detail);
        return false;
    }
    if (task->status != ST_DONE) {
        tui_message(t, MSG_INFO, TR(lang, "%s: %s (%s).", "%s: %s (%s)."),
                    tui_task_name(t, task->id), kh_strerror(KH_E_CONFIRM_NOT_DONE, lang),
                    model_task_status_name(task, lang));
        return false;
    }
    return true;
}

void edit_confirm(tui *t)
{
    kh_app *app = t->app;
    kh_lang lang = app->lang;
    long i = tui_selected_task(t);
    if (i < 0) {
        tui_message(t, MSG_INFO, "%s",
                    TR(lang, "Chọn một nhiệm vụ ở khung 1 Nhiệm vụ hoặc 3 Thời hạn rồi bấm lại.",
                       "Pick a task in pane 1 Tasks or 3 Deadlines, then press again."));
        return;
    }
    if (!edit_allowed(t) || !confirmable(t, i)) return;
    const kh_task *task = &app->plan->tasks[i];
    int64_t shown = task->version;
    char title[128];
    snprintf(title, sizeof title, TR(lang, "Hoàn thành của %s", "Completion of %s"),
             tui_task_name(t, task->id));
    const char *items[3] = {TR(lang, "Xác nhận hoàn thành", "Confirm the completion"),
                            TR(lang, "Trả lại (nhập lý do)", "Reject it (give the reason)"),
                            TR(lang, "Thôi, để sau", "Not now")};
    int pick = prompt_choose(t, title, items, 3, -1);
    tui_redraw(t);
    if (pick != 0 && pick != 1) {
        tui_message(t, MSG_INFO, "%s", TR(lang, "Đã hủy.", "Cancelled."));
        return;
    }
    char *reason = NULL;
    if (pick == 1) {
        char label[96];
        snprintf(label, sizeof label, TR(lang, "Lý do trả lại %s:", "Why %s is rejected:"),
                 task->id);
        reason = prompt_line(t, label, "", false, NULL, NULL);
        if (!reason) {
            tui_message(t, MSG_INFO, "%s", TR(lang, "Đã hủy.", "Cancelled."));
            return;
        }
    }
    kh_error err = {0};
    /* As a change: a moment's wait for another writer, never more. */
    app_set_busy_timeout(app, t->queue.wait_ms);
    kh_errcode rc = app_confirm(app, (size_t)i, pick ? VERDICT_REJECTED : VERDICT_CONFIRMED, reason,
                                shown, &err);
    app_set_busy_timeout(app, t->queue.rest_ms);
    free(reason);
    if (rc) {
        tui_message(t, MSG_ERROR,
                    TR(lang, "KHÔNG lưu được %s: %s (%s)", "NOT saved on %s: %s (%s)"),
                    tui_task_name(t, task->id), kh_strerror(rc, lang), err.detail);
        return;
    }
    if (pick)
        tui_message(t, MSG_OK,
                    TR(lang, "Đã trả lại %s: về Đang thực hiện.", "Rejected %s: back to doing."),
                    task->id);
    else
        tui_message(t, MSG_OK, TR(lang, "Đã xác nhận hoàn thành %s.", "Confirmed: %s is done."),
                    task->id);
    detail_forget(t);
    list_rebuild(t);
}
