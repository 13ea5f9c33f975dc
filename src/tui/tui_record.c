/* The dashboard's part of a task's record (issue 12): a result added with
 * prompts (R), and amendments of the plan (A): a task added, a deadline
 * changed, by the same path as `kehoach result` and `kehoach amend`. */
#include <stdlib.h>
#include <string.h>

#include "tui.h"

/* Return the selected task, or -1 having said to pick one. */
static long target(tui *t)
{
    long i = tui_selected_task(t);
    if (i < 0)
        tui_message(t, MSG_INFO, "%s",
                    TR(t->app->lang,
                       "Chọn một nhiệm vụ ở khung 1 Nhiệm vụ hoặc 3 Thời hạn rồi bấm lại.",
                       "Pick a task in pane 1 Tasks or 3 Deadlines, then press again."));
    return i;
}

/* Ask for one line; NULL on Esc (said), "" kept as NULL when optional. */
static char *ask(tui *t, const char *label, bool optional, bool *cancelled)
{
    char *s = prompt_line(t, label, NULL, false, NULL, NULL);
    if (!s) {
        *cancelled = true;
        tui_message(t, MSG_INFO, "%s", TR(t->app->lang, "Đã hủy.", "Cancelled."));
        return NULL;
    }
    if (optional && !*s) {
        free(s);
        return NULL;
    }
    return s;
}

void edit_result(tui *t)
{
    long i = target(t);
    if (i < 0 || !edit_allowed(t)) return;
    kh_app *app = t->app;
    kh_lang lang = app->lang;
    const kh_task *task = &app->plan->tasks[i];
    if (task->status != ST_DONE) {
        tui_message(t, MSG_ERROR,
                    TR(lang, "%s chưa hoàn thành: kết quả chỉ ghi cho nhiệm vụ đã hoàn thành (s).",
                       "%s is not done: a result is for a done task (s)."),
                    task->id);
        return;
    }
    if (!app_may_change(app, (size_t)i)) {
        tui_message(t, MSG_ERROR, "%s", kh_strerror(KH_E_DENIED, lang));
        return;
    }
    bool cancelled = false;
    char *doc = ask(t,
                    TR(lang, "Văn bản kết quả (số, ngày; Enter để bỏ qua):",
                       "Result document (number, date; Enter to skip):"),
                    true, &cancelled);
    char *file = cancelled ? NULL
                           : ask(t,
                                 TR(lang, "Tệp kết quả (đường dẫn; Enter để bỏ qua):",
                                    "Result file (path; Enter to skip):"),
                                 true, &cancelled);
    if (cancelled || (!doc && !file)) {
        if (!cancelled)
            tui_message(t, MSG_INFO, "%s", TR(lang, "Không có gì để ghi.", "Nothing to record."));
        free(doc);
        free(file);
        return;
    }
    kh_error err = {0};
    kh_attach a = {{0}, 0, NULL};
    kh_errcode e = file ? app_attach_file(app, file, &a, &err) : KH_E_OK;
    if (!e) e = app_result_add(app, (size_t)i, doc, file ? &a : NULL, &err);
    if (e)
        tui_message(t, MSG_ERROR,
                    TR(lang, "KHÔNG ghi được kết quả: %s (%s)", "Result NOT saved: %s (%s)"),
                    kh_strerror(e, lang), err.detail);
    else if (file)
        tui_message(t, MSG_INFO,
                    TR(lang, "%s: đã ghi kết quả, đính kèm %s (%lld byte).",
                       "%s: result saved, %s attached (%lld bytes)."),
                    task->id, a.name, (long long)a.size);
    else
        tui_message(t, MSG_INFO,
                    TR(lang, "%s: đã ghi văn bản kết quả.", "%s: result document saved."),
                    task->id);
    app_attach_done(&a);
    free(doc);
    free(file);
    detail_forget(t);
    t->dirty = true;
}

void tui_amend_reread(tui *t)
{
    kh_plan_map m;
    kh_diags diags = {0};
    kh_error err = {0};
    kh_errcode e = app_reload_plan(t->app, &m, &diags, &err);
    if (m.task) tui_follow_plan(t, &m);
    if (e)
        tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(e, t->app->lang),
                    err.detail[0] ? err.detail : "");
    app_plan_map_free(&m);
    diags_free(&diags);
    t->dirty = true;
}

/* Record amendment a; say how it went. Return true when saved. */
static bool record(tui *t, kh_amendment *a)
{
    kh_app *app = t->app;
    kh_lang lang = app->lang;
    size_t before = app->plan->ntasks;
    kh_error err = {0};
    kh_errcode e = app_amend(app, a, &err);
    if (e) {
        tui_message(t, MSG_ERROR,
                    TR(lang, "KHÔNG ghi được điều chỉnh: %s (%s)", "Amendment NOT saved: %s (%s)"),
                    kh_strerror(e, lang), err.detail);
        return false;
    }
    if (app->plan->ntasks != before) {
        /* A task added at the end: every other keeps its index. */
        kh_plan_map m = {xreallocarray(NULL, before + 1, sizeof(long)), before,
                         xreallocarray(NULL, app->plan->nunits + 1, sizeof(long)),
                         app->plan->nunits};
        for (size_t k = 0; k < before; k++) m.task[k] = (long)k;
        for (size_t k = 0; k < app->plan->nunits; k++) m.unit[k] = (long)k;
        tui_follow_plan(t, &m);
        app_plan_map_free(&m);
    }
    detail_forget(t);
    t->dirty = true;
    tui_message(t, MSG_INFO, TR(lang, "%s: đã điều chỉnh theo %s.", "%s: amended by %s."),
                tui_task_name(t, a->task_id), a->doc);
    return true;
}

void edit_amend(tui *t)
{
    if (!edit_allowed(t)) return;
    kh_app *app = t->app;
    kh_lang lang = app->lang;
    if (!app_may_change_all(app)) {
        tui_message(
            t, MSG_ERROR, "%s",
            TR(lang, "Chỉ người có quyền sửa mọi nhiệm vụ (rights: all:) được điều chỉnh kế hoạch.",
               "Only those who may change every task (rights: all:) may amend the plan."));
        return;
    }
    long sel = tui_selected_task(t);
    char change_label[160];
    snprintf(change_label, sizeof change_label,
             TR(lang, "Điều chỉnh thời hạn của %s", "Change the deadline of %s"),
             sel >= 0 ? app->plan->tasks[sel].id : "…");
    const char *items[2] = {TR(lang, "Bổ sung nhiệm vụ mới", "Add a new task"), change_label};
    int pick =
        prompt_choose(t, TR(lang, "Điều chỉnh, bổ sung kế hoạch", "Amend the plan"), items, 2, -1);
    if (pick < 0) return;
    if (pick == 1 && (sel = target(t)) < 0) return;
    kh_amendment a = {0};
    bool cancelled = false;
    if (pick == 0) {
        a.kind = AMEND_ADD;
        a.task_id = ask(t, TR(lang, "Mã nhiệm vụ mới (vd. II.9):", "New task id (e.g. II.9):"),
                        false, &cancelled);
        if (!cancelled) a.text = ask(t, TR(lang, "Nội dung:", "Content:"), false, &cancelled);
        if (!cancelled)
            a.lead = ask(t, TR(lang, "Đơn vị chủ trì (mã hoặc tên):", "Lead unit (id or name):"),
                         false, &cancelled);
        if (!cancelled)
            a.deadline = ask(t,
                             TR(lang, "Thời hạn (dd/mm/yyyy; Enter: hết kỳ kế hoạch):",
                                "Deadline (dd/mm/yyyy; Enter: end of the plan period):"),
                             true, &cancelled);
    } else {
        a.kind = AMEND_CHANGE;
        a.task_id = xstrdup(app->plan->tasks[sel].id);
        a.deadline = ask(t, TR(lang, "Thời hạn mới (dd/mm/yyyy):", "New deadline (dd/mm/yyyy):"),
                         false, &cancelled);
    }
    if (!cancelled)
        a.doc = ask(t, TR(lang, "Văn bản chỉ đạo (số, ngày):", "Ordering document (number, date):"),
                    false, &cancelled);
    if (!cancelled) record(t, &a);
    free(a.task_id);
    free(a.text);
    free(a.lead);
    free(a.deadline);
    free(a.doc);
}
