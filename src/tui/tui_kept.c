/* Changes that still waited for a busy database when the dashboard ended
 * (quit, a closed terminal, a signal): written to a file beside the drafts
 * (src/drafts.c) while they wait, offered again at the next start, and
 * saved only when the person says so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/drafts.h"
#include "kehoach/text.h"
#include "screen.h"
#include "tui.h"

/* Return (on the heap) the path of the current plan's file, or NULL with
 * why in drafts_error. */
static char *kept_path(tui *t)
{
    char *drafts = NULL;
    kh_error err = {0};
    if (drafts_locate(t->app->plan, t->app->db_path, &drafts, &err)) {
        snprintf(t->drafts_error, sizeof t->drafts_error, "%s", err.detail);
        return NULL;
    }
    char *path = drafts_changes_path(drafts);
    free(drafts);
    return path;
}

static void add_kept(void *ctx, const kh_queued *c)
{
    tui *t = ctx;
    app_queue_keep(&t->kept, c);
}

void tui_kept_load(tui *t)
{
    char *path = kept_path(t);
    kh_error err = {0};
    if (path && drafts_load_changes(path, add_kept, t, &err))
        snprintf(t->drafts_error, sizeof t->drafts_error, "%s", err.detail);
    free(path);
}

bool tui_kept_sync(tui *t)
{
    char *path = kept_path(t);
    if (!path) return false;
    /* The queue first, then the kept ones: the order W (edit_apply_kept)
     * would save them in, the kept ones going behind the queue. */
    size_t n = t->kept.n + t->queue.n;
    kh_queued *all = xcalloc(n + 1, sizeof *all);
    for (size_t i = 0; i < t->queue.n; i++) all[i] = t->queue.v[i];
    for (size_t i = 0; i < t->kept.n; i++) all[t->queue.n + i] = t->kept.v[i];
    kh_error err = {0};
    kh_errcode rc = drafts_save_changes(path, n, all, &err);
    free(all);
    free(path);
    if (rc) snprintf(t->drafts_error, sizeof t->drafts_error, "%s", err.detail);
    return !rc;
}

static size_t kept_total, waiting_total;
static bool all_safe;

static void count_one(tui *t)
{
    kept_total += t->kept.n;
    waiting_total += t->queue.n;
}

size_t tui_kept_count(tui *t)
{
    kept_total = waiting_total = 0;
    tui_each_plan(t, count_one);
    return kept_total;
}

static void sync_one(tui *t)
{
    if (!tui_kept_sync(t)) all_safe = false;
}

static void apply_one(tui *t)
{
    if (t->kept.n) edit_apply_kept(t);
}

static void drop_one(tui *t)
{
    if (!t->kept.n) return;
    app_queue_done(&t->kept);
    tui_kept_sync(t);
}

static strbuf *words_buf;
static size_t words_n;

static void words_one(tui *t)
{
    for (size_t i = 0; i < t->kept.n; i++, words_n++) {
        if (words_n == 3) {
            sb_puts(words_buf, "; …");
            return;
        }
        if (words_n > 3) return;
        sb_printf(words_buf, "%s%s — %s", words_n ? "; " : "", t->kept.v[i].task_id,
                  t->kept.v[i].what);
    }
}

/* The first kept changes in words, "II.1 — Đang thực hiện; II.2 — …". */
static strbuf *words_of(tui *t, strbuf *sb)
{
    words_buf = sb;
    words_n = 0;
    tui_each_plan(t, words_one);
    return sb;
}

void tui_kept_offer(tui *t)
{
    kh_lang lang = t->app->lang;
    size_t n = tui_kept_count(t);
    if (!n) {
        tui_message(t, MSG_INFO, "%s",
                    TR(lang, "Không còn thay đổi nào giữ từ lần trước.",
                       "No change is kept from last time."));
        return;
    }
    strbuf sb = STRBUF_INIT;
    tui_message(t, MSG_ERROR,
                TR(lang,
                   "Còn %zu thay đổi CHƯA lưu từ lần trước (CSDL bận khi thoát): %s. CSDL chưa "
                   "thay đổi.",
                   "%zu change(s) NOT saved from last time (the database was busy): %s. The "
                   "database is unchanged."),
                n, sb_str(words_of(t, &sb)));
    if (t->opts.read_only) {
        /* Nothing can be saved here: they stay kept, for a dashboard that
         * can write. */
        size_t len = strlen(t->msg);
        snprintf(t->msg + len, sizeof t->msg - len, "%s",
                 TR(lang, " Chỉ xem: chúng được giữ lại, để lưu khi mở được CSDL để ghi.",
                    " Read-only: they stay kept, to be saved when the database can be written."));
        sb_done(&sb);
        return;
    }
    sb_done(&sb);
    tui_redraw(t);
    char title[160];
    snprintf(title, sizeof title,
             TR(lang, "Lưu %zu thay đổi từ lần trước?", "Save %zu change(s) from last time?"), n);
    const char *items[] = {
        TR(lang, "Lưu ngay", "Save them now"),
        TR(lang, "Để sau (giữ lại; W để lưu)", "Later (kept; W saves them)"),
        TR(lang, "Bỏ các thay đổi này", "Drop these changes"),
    };
    int pick = prompt_choose(t, title, items, 3, -1);
    if (tui_should_stop()) return;
    if (pick == 0) {
        if (!edit_allowed(t)) return;
        t->msg[0] = '\0';
        tui_each_plan(t, apply_one);
        return;
    }
    if (pick == 2) {
        tui_each_plan(t, drop_one);
        tui_message(
            t, MSG_INFO,
            TR(lang, "Đã bỏ %zu thay đổi từ lần trước.", "Dropped %zu change(s) from last time."),
            n);
        return;
    }
    tui_message(t, MSG_INFO,
                TR(lang,
                   "Giữ lại %zu thay đổi từ lần trước (chưa lưu): bấm W để lưu, hoặc lần sau "
                   "mở kehoach.",
                   "%zu change(s) from last time kept (not saved): press W to save them, or "
                   "next time kehoach opens."),
                n);
}

/* Wait for the database to take every waiting change, saying so; Esc or q
 * stops waiting. Return true when none waits any more (or the program must
 * end). */
static bool wait_for_database(tui *t)
{
    kh_lang lang = t->app->lang;
    for (;;) {
        tui_retry_all(t, false);
        size_t n = edit_pending(t);
        if (!n) return true;
        tui_message(t, MSG_ERROR,
                    TR(lang, "Đang chờ CSDL để lưu %zu thay đổi rồi thoát… (Esc: thôi chờ)",
                       "Waiting for the database to save %zu change(s), then quitting… (Esc: "
                       "stop waiting)"),
                    n);
        tui_redraw(t);
        wint_t ch;
        int code = tui_getkey(t, &ch);
        if (tui_should_stop()) return true;
        if (code == OK && (ch == 27 || ch == 'q')) {
            tui_message(t, MSG_INFO,
                        TR(lang, "Thôi chờ: %zu thay đổi vẫn đang chờ, sẽ tự lưu khi được.",
                           "Stopped waiting: %zu change(s) still wait, saved when it can."),
                        edit_pending(t));
            return false;
        }
    }
}

bool tui_kept_quit(tui *t)
{
    kh_lang lang = t->app->lang;
    char title[160];
    snprintf(title, sizeof title,
             TR(lang, "Còn %zu thay đổi chưa lưu (CSDL đang bận)",
                "%zu change(s) not saved (database busy)"),
             edit_pending(t));
    const char *items[] = {
        TR(lang, "Chờ CSDL, lưu xong thì thoát", "Wait for the database, then quit"),
        TR(lang, "Giữ làm bản nháp và thoát (lần sau hỏi lưu)",
           "Keep them as drafts and quit (asked next time)"),
        TR(lang, "Ở lại", "Stay"),
    };
    int pick = prompt_choose(t, title, items, 3, -1);
    if (tui_should_stop()) return true;
    if (pick == 0) return wait_for_database(t);
    if (pick != 1) return false;
    all_safe = true;
    tui_each_plan(t, sync_one);
    if (all_safe || t->quit_armed) return true;
    /* Not written: quitting would drop them. Say so; the same choice again
     * quits all the same (the changes are printed on leaving). */
    t->quit_armed = true;
    tui_message(t, MSG_ERROR,
                TR(lang,
                   "KHÔNG ghi được các thay đổi ra tệp bản nháp (%s). Chờ CSDL (q, 1), hoặc chọn "
                   "lại 2 để thoát và BỎ chúng.",
                   "The changes CANNOT be written to the drafts file (%s). Wait for the database "
                   "(q, 1), or choose 2 again to quit and DROP them."),
                t->drafts_error);
    return false;
}

/* Print the changes of q on stderr, sanitised: they were not kept. */
static void print_changes(const kh_queue *q)
{
    for (size_t i = 0; i < q->n; i++) {
        strbuf clean = STRBUF_INIT;
        text_sanitize(&clean, q->v[i].what, 0);
        fprintf(stderr, "  %s: %s\n", q->v[i].task_id, sb_str(&clean));
        sb_done(&clean);
    }
}

static void keep_note(void *ctx, const char *task_id, const char *note)
{
    tui_draft_set(ctx, task_id, note);
}

void tui_kept_leave(tui *t)
{
    kh_lang lang = t->app->lang;
    size_t n = t->kept.n + t->queue.n;
    if (!n) return;
    bool quiet = screen_exit_code() != 0; /* the terminal is gone */
    if (tui_kept_sync(t)) {
        if (!quiet)
            fprintf(stderr,
                    TR(lang,
                       "kehoach: %zu thay đổi chưa lưu (CSDL bận) được giữ lại; mở lại kehoach "
                       "để lưu.\n",
                       "kehoach: %zu change(s) not saved (database busy) kept; open kehoach "
                       "again to save them.\n"),
                    n);
        app_queue_done(&t->kept);
        app_queue_done(&t->queue);
        return;
    }
    if (!quiet) {
        fprintf(stderr,
                TR(lang,
                   "kehoach: %zu thay đổi chưa lưu KHÔNG được giữ (không ghi được tệp bản nháp: "
                   "%s):\n",
                   "kehoach: %zu change(s) not saved and NOT kept (the drafts file cannot be "
                   "written: %s):\n"),
                n, t->drafts_error);
        print_changes(&t->queue);
        print_changes(&t->kept);
    }
    /* Their notes at least go with the drafts, which say on their own
     * whether they could be kept. */
    app_queue_clear(&t->kept, keep_note, t);
    app_queue_clear(&t->queue, keep_note, t);
}
