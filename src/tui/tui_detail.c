/* The detail pane: everything about the selected task, wrapped at word
 * boundaries, with its notes and history from the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/app_confirm.h"
#include "kehoach/text.h"
#include "tui.h"

typedef struct {
    char *text;
    attr_t attr;
    int indent;
    int bar; /* a progress bar of this percent after the text, or -1 */
} dline;

typedef struct {
    dline *v;
    size_t n, cap;
    int width;
    int indent;
    attr_t attr;
} dlines;

static void add_line(dlines *d, const char *s, size_t len, attr_t attr, int indent, int bar)
{
    KH_GROW(d->v, d->n, d->cap);
    d->v[d->n++] = (dline){xstrndup(s, len), attr, indent, bar};
}

static void wrap_cb(void *ctx, const char *start, size_t len)
{
    dlines *d = ctx;
    add_line(d, start, len, d->attr, d->indent, -1);
}

/* Add text wrapped to the pane width at indent. */
static void add_wrapped(dlines *d, const char *text, attr_t attr, int indent)
{
    strbuf clean = STRBUF_INIT;
    text_sanitize(&clean, text, 0);
    d->attr = attr;
    d->indent = indent;
    text_wrap(sb_str(&clean), d->width - indent, wrap_cb, d);
    sb_done(&clean);
}

/* Add "label value" with the value wrapped under itself. */
static void add_field(dlines *d, const char *label, const char *value, attr_t attr)
{
    int lw = 12;
    strbuf clean = STRBUF_INIT;
    text_sanitize(&clean, value, TEXT_ONE_LINE);
    dlines tmp = {NULL, 0, 0, d->width - lw, 0, attr};
    text_wrap(sb_str(&clean), d->width - lw, wrap_cb, &tmp);
    for (size_t i = 0; i < tmp.n; i++) {
        strbuf line = STRBUF_INIT;
        text_fit(&line, i == 0 ? label : "", lw, true);
        sb_puts(&line, tmp.v[i].text);
        add_line(d, line.data ? line.data : "", line.len, attr, 0, -1);
        sb_done(&line);
        free(tmp.v[i].text);
    }
    free(tmp.v);
    sb_done(&clean);
}

static void units_text(strbuf *out, const kh_plan *plan, const uint16_t *u, size_t n)
{
    for (size_t i = 0; i < n; i++) sb_printf(out, "%s%s", i ? "; " : "", plan->units[u[i]].name);
}

void detail_forget(tui *t)
{
    store_notes_free(t->notes, t->nnotes);
    store_history_free(t->history, t->nhistory);
    store_results_free(t->results, t->nresults);
    t->notes = NULL;
    t->history = NULL;
    t->results = NULL;
    t->nnotes = t->nhistory = t->nresults = 0;
    t->detail_task = -1;
    t->detail_ward = 0;
}

/* Read the task's notes and history when the pane shows another task. */
static void load(tui *t, long task)
{
    if (task == t->detail_task && t->detail_app == t->app) return;
    detail_forget(t);
    t->detail_task = task;
    t->detail_app = t->app;
    t->detail_top = 0;
    if (task < 0) return;
    const char *id = t->app->plan->tasks[task].id;
    kh_error err = {0};
    /* At a province, a ward's occurrence: what the ward wrote of it is in
     * its snapshot (read-only), not in the province's database. */
    kh_app view = *t->app;
    kh_store *snap = NULL;
    t->detail_ward = 0;
    const char *ward = t->province ? model_task_member(&t->app->plan->tasks[task]) : NULL;
    if (ward) {
        kh_error why = {0};
        workspace_ward_store(t->ws, ward, &snap, NULL, &why);
        view.store = snap;
        t->detail_ward = snap ? 1 : 2;
    }
    /* Notes from the plan file and from the database alike; those an undo
     * withdrew are shown as such. */
    if (app_notes_all(&view, id, &t->notes, &t->nnotes, &err) ||
        (view.store &&
         store_history(view.store, view.plan->id, id, &t->history, &t->nhistory, &err)) ||
        app_results(&view, id, &t->results, &t->nresults, &err))
        tui_message(t, MSG_ERROR, "%s: %s", kh_strerror(err.code, t->app->lang), err.detail);
    if (snap) store_close(snap);
}

void detail_scroll(tui *t, int delta)
{
    t->detail_top += delta;
    if (t->detail_top < 0) t->detail_top = 0;
}

/* The officer in charge and what the confirming unit said, when the plan
 * asks for either. */
static void confirm_fields(dlines *d, const kh_app *app, const kh_task *task, strbuf *sb)
{
    kh_lang lang = app->lang;
    const kh_plan *plan = app->plan;
    if (task->officer) add_field(d, TR(lang, "Cán bộ:", "Officer:"), task->officer, A_NORMAL);
    sb_reset(sb);
    if (!app_confirm_words(sb, plan, task, lang,
                           TR(lang, "phím c: xác nhận hoặc trả lại", "key c: confirm or reject")))
        return;
    add_field(d, TR(lang, "Xác nhận:", "Confirms:"), sb_str(sb), A_NORMAL);
}

static void build(tui *t, const kh_task *task, dlines *d)
{
    kh_app *app = t->app;
    kh_lang lang = app->lang;
    const kh_plan *plan = app->plan;
    strbuf sb = STRBUF_INIT;
    model_task_title(&sb, task, lang);
    add_wrapped(d, sb_str(&sb), A_BOLD, 0);
    add_line(d, "", 0, A_NORMAL, 0, -1);
    /* The plan separates paragraphs with one line break: show a blank line. */
    strbuf para = STRBUF_INIT;
    for (const char *c = task->text; *c; c++) {
        if (*c == '\n') sb_putc(&para, '\n');
        sb_putc(&para, *c);
    }
    add_wrapped(d, sb_str(&para), A_NORMAL, 0);
    sb_done(&para);
    add_line(d, "", 0, A_NORMAL, 0, -1);

    if (t->ws) {
        /* In a workspace: whose task it is. */
        sb_reset(&sb);
        sb_printf(&sb, "%s — %s", plan->id, plan->title);
        add_field(d, TR(lang, "Kế hoạch:", "Plan:"), sb_str(&sb), A_NORMAL);
    }
    sb_reset(&sb);
    units_text(&sb, plan, task->lead, task->nlead);
    add_field(d, TR(lang, "Chủ trì:", "Lead:"), sb_str(&sb), A_NORMAL);
    if (task->nsupport) {
        sb_reset(&sb);
        units_text(&sb, plan, task->support, task->nsupport);
        add_field(d, TR(lang, "Phối hợp:", "Support:"), sb_str(&sb), A_NORMAL);
    }
    sb_reset(&sb);
    model_deadline_long(&sb, task, lang);
    kh_timeliness tl = model_timeliness(task, app->today);
    long days = task->due == KH_NO_DATE ? 0 : (long)task->due - (long)app->today;
    if (!model_task_done(task) && !model_task_withdrawn(task) && task->due != KH_NO_DATE) {
        if (days < 0)
            sb_printf(&sb, TR(lang, " — quá hạn %ld ngày", " — %ld days overdue"), -days);
        else if (days == 0)
            sb_puts(&sb, TR(lang, " — hạn là hôm nay", " — due today"));
        else
            sb_printf(&sb, TR(lang, " — còn %ld ngày", " — %ld days left"), days);
    }
    add_field(d, TR(lang, "Thời hạn:", "Deadline:"), sb_str(&sb), draw_task_attr(t, task));
    for (size_t i = 0; i < task->ncites; i++)
        add_field(d, i ? "" : TR(lang, "Căn cứ:", "Cites:"), task->cites[i], A_NORMAL);
    if (task->output) add_field(d, TR(lang, "Sản phẩm:", "Output:"), task->output, A_NORMAL);
    if (task->amended_by) {
        sb_reset(&sb);
        sb_printf(&sb, "%s%s", task->amended_by,
                  task->withdrawn ? TR(lang, " — dừng thực hiện", " — withdrawn") : "");
        add_field(d, TR(lang, "Điều chỉnh:", "Amended:"), sb_str(&sb), A_NORMAL);
    }
    sb_reset(&sb);
    if (model_task_withdrawn(task)) { /* by which document, rather than a timeliness */
        const char *by = model_task_withdrawn_doc(task);
        sb_printf(&sb, TR(lang, "%s (theo %s)", "%s (by %s)"), model_task_status_name(task, lang),
                  by ? by : "?");
    } else {
        sb_printf(&sb, "%s · %s", model_task_status_name(task, lang),
                  model_timeliness_name(tl, lang));
    }
    add_field(d, TR(lang, "Trạng thái:", "Status:"), sb_str(&sb), draw_task_attr(t, task));
    confirm_fields(d, app, task, &sb);
    sb_reset(&sb);
    sb_printf(&sb, "%3d%% ", task->progress);
    add_field(d, TR(lang, "Tiến độ:", "Progress:"), sb_str(&sb), A_NORMAL);
    d->v[d->n - 1].bar = task->progress;
    if (task->completed != KH_NO_DATE) {
        char buf[11];
        add_field(d, TR(lang, "Hoàn thành:", "Completed:"), date_format_dmy(task->completed, buf),
                  A_NORMAL);
    }
    if (task->updated_by) {
        char when[17];
        sb_reset(&sb);
        sb_printf(&sb, "%s, %s", task->updated_by,
                  date_format_local_time((time_t)task->updated_at, when));
        add_field(d, TR(lang, "Cập nhật:", "Updated:"), sb_str(&sb), A_NORMAL);
    }
    if (plan->nrights) {
        long i = task - plan->tasks;
        sb_reset(&sb);
        if (app_may_change(app, (size_t)i)) {
            sb_printf(&sb, TR(lang, "bạn (%s) sửa được", "you (%s) may change it"), app_user(app));
        } else {
            sb_printf(&sb, TR(lang, "chỉ xem — được sửa: ", "read-only — who may: "));
            app_rights_who(app, (size_t)i, false, &sb);
        }
        add_field(d, TR(lang, "Quyền sửa:", "Rights:"), sb_str(&sb), A_NORMAL);
    }
    add_field(d, TR(lang, "Mã:", "ID:"), task->id, A_DIM);

    if (t->nresults) {
        add_line(d, "", 0, A_NORMAL, 0, -1);
        sb_reset(&sb);
        sb_printf(&sb, TR(lang, "Kết quả (%zu):", "Results (%zu):"), t->nresults);
        add_wrapped(d, sb_str(&sb), A_BOLD, 0);
        size_t file_no = 0;
        for (size_t i = 0; i < t->nresults; i++) {
            const kh_result *x = &t->results[i];
            sb_reset(&sb);
            if (x->doc) sb_puts(&sb, x->doc);
            if (x->sha256)
                sb_printf(&sb, TR(lang, "%s[tệp %zu] %s, %lld byte", "%s[file %zu] %s, %lld bytes"),
                          x->doc ? " — " : "", ++file_no, x->file_name ? x->file_name : "?",
                          (long long)x->size);
            add_wrapped(d, sb_str(&sb), A_NORMAL, 2);
        }
    }

    add_line(d, "", 0, A_NORMAL, 0, -1);
    sb_reset(&sb);
    size_t live = 0;
    for (size_t i = 0; i < t->nnotes; i++) live += !t->notes[i].withdrawn;
    if (t->detail_ward == 2 && !t->nnotes)
        sb_puts(&sb, TR(lang,
                        "Ghi chú: chưa biết (phường, xã chưa gửi bản chụp; ghi chú đến tỉnh cùng "
                        "bản chụp)",
                        "Notes: unknown (the ward has sent no snapshot; its notes come with it)"));
    else if (t->detail_ward == 1)
        sb_printf(&sb,
                  TR(lang, "Ghi chú (%zu), mới nhất trước (theo bản chụp của phường, xã):",
                     "Notes (%zu), newest first (the ward's snapshot's):"),
                  live);
    else
        sb_printf(&sb, TR(lang, "Ghi chú (%zu), mới nhất trước:", "Notes (%zu), newest first:"),
                  live);
    add_wrapped(d, sb_str(&sb), A_BOLD, 0);
    for (size_t i = 0; i < t->nnotes; i++) {
        char when[17];
        bool gone = t->notes[i].withdrawn;
        sb_reset(&sb);
        sb_printf(&sb, "%s · %s", date_format_local_time((time_t)t->notes[i].at, when),
                  t->notes[i].author);
        /* A difficulty or a proposal says so, as show and the JSON do. */
        kh_note_kind kind = app_note_kind(&t->notes[i], NULL);
        if (kind != NOTE_PLAIN) sb_printf(&sb, " · %s", model_note_kind_name(kind, lang));
        if (gone) sb_puts(&sb, TR(lang, " · (rút lại)", " · (withdrawn)"));
        add_wrapped(d, sb_str(&sb), A_DIM, 2);
        /* A withdrawn note stays readable: dimmed, under its mark. */
        add_wrapped(d, t->notes[i].text, gone ? A_DIM : A_NORMAL, 4);
    }
    add_line(d, "", 0, A_NORMAL, 0, -1);
    sb_reset(&sb);
    sb_printf(&sb, TR(lang, "Lịch sử (%zu):", "History (%zu):"), t->nhistory);
    add_wrapped(d, sb_str(&sb), A_BOLD, 0);
    for (size_t k = t->nhistory; k-- > 0;) {
        char when[17];
        const kh_history *h = &t->history[k];
        sb_reset(&sb);
        sb_printf(&sb, "%s · %s · ", date_format_local_time((time_t)h->at, when), h->user);
        app_history_words(&sb, h, lang);
        add_wrapped(d, sb_str(&sb), A_NORMAL, 2);
    }
    sb_done(&sb);
}

void detail_draw(tui *t, const rect *r, bool focused)
{
    kh_lang lang = t->app->lang;
    long task = t->focus == PANE_DETAIL ? t->detail_task : -1;
    if (t->focus != PANE_DETAIL) {
        /* Follow the selection of the task list under it. */
        const task_view *v = t->main == PANE_DEADLINES ? &t->deadlines : &t->list;
        task = v->n ? (long)tui_row_task(t, v->rows[v->sel]) : -1;
    }
    load(t, task);
    char title[96];
    snprintf(title, sizeof title,
             TR(lang, " Chi tiết — %s   (J/K cuộn)", " Detail — %s   (J/K scroll)"),
             task >= 0 ? t->app->plan->tasks[task].id : "");
    draw_box_title(r, title, focused, t);
    for (int y = r->y + 1; y < r->y + r->h; y++) draw_fill(y, r->x, r->w, A_NORMAL);
    if (task < 0) return;
    dlines d = {NULL, 0, 0, r->w - 2, 0, A_NORMAL};
    build(t, &t->app->plan->tasks[task], &d);
    int height = r->h - 1;
    if (t->detail_top > (int)d.n - height) t->detail_top = (int)d.n - height;
    if (t->detail_top < 0) t->detail_top = 0;
    for (int row = 0; row < height; row++) {
        size_t i = (size_t)(t->detail_top + row);
        if (i >= d.n) break;
        const dline *l = &d.v[i];
        int x = r->x + 1 + l->indent;
        int used = draw_text(r->y + 1 + row, x, r->w - 1 - l->indent, l->text, l->attr, false);
        if (l->bar >= 0) {
            size_t parts[1] = {(size_t)l->bar};
            attr_t attrs[1] = {t->st.done};
            int bw = r->w - 1 - l->indent - used - 1;
            if (bw > 30) bw = 30;
            draw_bar(r->y + 1 + row, x + used, bw, parts, attrs, 1, 100, t);
        }
    }
    if (t->detail_top + height < (int)d.n)
        draw_text(r->y + r->h - 1, r->x + r->w - 2, 1, draw_sym(SYM_MORE_BELOW), A_BOLD, false);
    for (size_t i = 0; i < d.n; i++) free(d.v[i].text);
    free(d.v);
}
