/* Notes begun in the dashboard and not saved yet (drafts): kept by task,
 * written to the drafts file (src/drafts.c) whenever they change, offered
 * again at the next start; never lost silently when that file cannot be
 * written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/drafts.h"
#include "kehoach/text.h"
#include "screen.h"
#include "tui.h"

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

static void add_draft(void *ctx, const char *id, const char *text)
{
    tui_draft_set(ctx, id, text);
}

/* Bring back the notes left unsaved last time; say so. */
void tui_drafts_load(tui *t)
{
    kh_lang lang = t->app->lang;
    char *path = NULL;
    kh_error err = {0};
    if (drafts_locate(t->app->plan, t->app->db_path, &path, &err) ||
        drafts_load(path, add_draft, t, &err)) {
        snprintf(t->drafts_error, sizeof t->drafts_error, "%s", err.detail);
        tui_message(t, MSG_ERROR,
                    TR(lang,
                       "Không đọc/ghi được tệp bản nháp (%s): ghi chú viết dở chỉ được giữ trong "
                       "bộ nhớ, đến khi thoát.",
                       "The drafts file cannot be used (%s): unfinished notes are kept in memory "
                       "only, until you quit."),
                    err.detail);
        free(path);
        return;
    }
    free(path);
    size_t n = tui_drafts_count(t);
    if (n)
        tui_message(t, MSG_INFO,
                    TR(lang,
                       "Có %zu ghi chú viết dở từ lần trước (vd. %s): bấm n trên nhiệm vụ để "
                       "viết tiếp.",
                       "%zu unfinished note(s) from last time (e.g. %s): press n on the task to "
                       "go on."),
                    n, t->drafts->task_id);
}

size_t tui_drafts_count(const tui *t)
{
    size_t n = 0;
    for (const draft *d = t->drafts; d; d = d->next) n++;
    return n;
}

bool tui_drafts_sync(tui *t)
{
    size_t n = tui_drafts_count(t);
    char *path = NULL;
    kh_error err = {0};
    kh_errcode rc = drafts_locate(t->app->plan, t->app->db_path, &path, &err);
    if (!rc) {
        const char **ids = xcalloc(n + 1, sizeof *ids);
        const char **texts = xcalloc(n + 1, sizeof *texts);
        size_t i = 0;
        for (const draft *d = t->drafts; d; d = d->next, i++) {
            ids[i] = d->task_id;
            texts[i] = d->text;
        }
        rc = drafts_save(path, n, ids, texts, &err);
        free(ids);
        free(texts);
        free(path);
    }
    snprintf(t->drafts_error, sizeof t->drafts_error, "%s", rc ? err.detail : "");
    return !rc;
}

void tui_drafts_leave(tui *t)
{
    kh_app *app = t->app;
    size_t kept = tui_drafts_count(t);
    if (kept && tui_drafts_sync(t)) {
        if (!screen_exit_code())
            fprintf(stderr,
                    TR(app->lang,
                       "kehoach: %zu ghi chú viết dở được giữ lại; mở lại kehoach để viết tiếp.\n",
                       "kehoach: %zu unfinished note(s) kept; open kehoach again to go on.\n"),
                    kept);
    } else if (kept && !screen_exit_code()) {
        /* Never silently: say the drafts are lost, and show them, so that
         * what was typed can still be copied from the terminal. */
        fprintf(stderr,
                TR(app->lang,
                   "kehoach: %zu ghi chú viết dở KHÔNG được giữ (không ghi được tệp bản nháp: "
                   "%s):\n",
                   "kehoach: %zu unfinished note(s) NOT kept (the drafts file cannot be "
                   "written: %s):\n"),
                kept, t->drafts_error);
        for (const draft *d = t->drafts; d; d = d->next) {
            strbuf clean = STRBUF_INIT;
            text_sanitize(&clean, d->text, 0);
            fprintf(stderr, "  %s: %s\n", d->task_id, sb_str(&clean));
            sb_done(&clean);
        }
    }
}

void tui_drafts_free(tui *t)
{
    while (t->drafts) tui_draft_set(t, t->drafts->task_id, NULL);
}
