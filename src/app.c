#include "kehoach/app.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/app_confirm.h"
#include "kehoach/paths.h"
#include "kehoach/plan_cache.h"
#include "kehoach/state_cache.h"
#include "kehoach/text.h"

const char *app_user(kh_app *app)
{
    if (!app->user) app->user = paths_user();
    return app->user;
}

kh_errcode app_load_plan(kh_app *app, const char *plan_path, kh_diags *diags)
{
    /* Before reading: an edit made meanwhile shows at the first poll. */
    app_plan_stamp(app, plan_path);
    kh_errcode rc = plan_cache_load(plan_path, app->lang, &app->plan, diags);
    if (!rc && app->ward) model_keep_member(app->plan, app->ward); /* a ward's own (app_ward.c) */
    return rc;
}

static kh_errcode reload_state(kh_app *app, bool amendments, kh_error *err);

/* What this app's load reads, for the state cache's key. */
static unsigned cache_flags(const kh_app *app)
{
    return app->skip_note_counts ? 0 : STATE_CACHE_NOTES;
}

/* Return true when the state of a read-only open may come from the state
 * cache, or go into it: a command that reads nothing more from the store,
 * a plan the plan cache hashed (the running user's), no ward's filter, the
 * cache not turned off. */
static bool cache_wanted(const kh_app *app, bool read_only)
{
    const char *off = getenv("KEHOACH_NO_STATE_CACHE");
    return read_only && app->state_only && !app->ward && app->plan->content_hashed &&
           !(off && *off);
}

/* After a miss: close the store (nothing more is read from it), then keep
 * the state in the state cache when the database showed the same marks
 * before it was opened (before, taken at t0) as now that it is closed, they
 * were settled, and the load laid no amendment. */
static void keep_state(kh_app *app, const kh_db_marks *before, int64_t t0)
{
    store_close(app->store);
    app->store = NULL;
    kh_db_marks after;
    int64_t t1;
    if (state_marks_take(app->db_path, &after, &t1)) app_state_keep(app, before, &after, t0);
}

void app_state_keep(kh_app *app, const kh_db_marks *before, const kh_db_marks *after, int64_t t0)
{
    if (!cache_wanted(app, true) || app->namendments || memcmp(before, after, sizeof *after) != 0 ||
        !state_marks_settled(before, t0))
        return;
    state_cache_write(app->plan, app->db_path, cache_flags(app), before);
}

bool app_state_from_cache(kh_app *app, const char *db, kh_db_marks *known, bool *have)
{
    app->state_cached = false;
    if (!cache_wanted(app, true) ||
        state_cache_read_many(app->plan, db, cache_flags(app), known, have) != KH_E_OK)
        return false;
    free(app->db_path);
    app->db_path = xstrdup(db);
    app->state_cached = true;
    return true;
}

/* Open app->db_path; for reading, a database not there yet (no file, or an
 * empty one nobody has written to: a server's fresh `install /dev/null`) is
 * no error, and *absent says so. */
static kh_errcode open_store(kh_app *app, bool read_only, bool *absent, kh_error *err)
{
    *absent = false;
    if (read_only && access(app->db_path, F_OK) != 0 && errno == ENOENT) {
        *absent = true;
        return KH_E_OK;
    }
    /* The state as a read of the same database left it, when it provably
     * has not changed since: no SQLite at all (src/state_cache.c). */
    bool cache = cache_wanted(app, read_only);
    app->state_cached = false;
    if (cache && state_cache_read(app->plan, app->db_path, cache_flags(app)) == KH_E_OK) {
        app->state_cached = true;
        return KH_E_OK;
    }
    kh_db_marks before;
    int64_t t0 = 0;
    bool marked = cache && state_marks_take(app->db_path, &before, &t0);
    kh_errcode rc = store_open(app->db_path, read_only ? STORE_READ_ONLY : 0, &app->store, err);
    if (rc == KH_E_DB_MISSING && read_only) {
        kh_error_set(err, KH_E_OK, "%s", "");
        *absent = true;
        return KH_E_OK;
    }
    if (rc) return rc;
    /* One snapshot for every read that follows (and the locks taken once). */
    bool began = store_read_begin(app->store);
    rc = store_data_version(app->store, &app->data_version, err);
    /* The amendments, then the plan file's state and the database's rows
     * (the amendments just applied: not read a second time). */
    if (!rc) rc = app_amend_apply(app, true, err);
    if (!rc) rc = reload_state(app, false, err);
    store_read_end(app->store, began);
    if (!rc && marked) keep_state(app, &before, t0);
    return rc;
}

kh_errcode app_open_store(kh_app *app, const char *db_path, bool read_only, kh_error *err)
{
    /* Opened before to look (no database there: no store, only its path). */
    free(app->db_path);
    app->db_path = NULL;
    kh_errcode rc = paths_db(db_path, app->plan, &app->db_path, err);
    if (rc) return rc;
    /* Reading needs no database: without one, every task is as the plan
     * left it. Nothing is created just to look. */
    rc = open_store(app, read_only, &app->store_later, err);
    /* A plan file that carries an export's history: it goes into the
     * database when that is opened to be written (the first change makes
     * it); to look, only whether it is there already is asked, and until it
     * is, app_history gives the rows from the file. */
    if (!rc) rc = app_history_import(app, err);
    return rc;
}

void app_set_busy_timeout(kh_app *app, int ms)
{
    if (app->store) store_set_busy_timeout(app->store, ms);
}

void app_warm(kh_app *app)
{
    if (app->store) store_warm(app->store);
}

kh_errcode app_reload_state(kh_app *app, kh_error *err)
{
    if (!app->store) return KH_E_OK;
    bool began = store_read_begin(app->store);
    kh_errcode rc = reload_state(app, true, err);
    store_read_end(app->store, began);
    return rc;
}

/* app_reload_state, the amendments read again only when amendments is set. */
static kh_errcode reload_state(kh_app *app, bool amendments, kh_error *err)
{
    /* Amendments again (someone may have made one): changes only, the
     * tasks stay where the views have them. */
    kh_errcode amend_rc = amendments ? app_amend_apply(app, false, err) : KH_E_OK;
    if (amend_rc) return amend_rc;
    /* Back to what the plan file says (its `state:`, else not started); a
     * database row overrides it. The notes are the plan's and the
     * database's, so the plan's are counted after the store's. */
    for (size_t i = 0; i < app->plan->ntasks; i++) {
        kh_task *t = &app->plan->tasks[i];
        model_task_reset_state(t);
        t->nnotes = 0;
    }
    kh_errcode rc = store_load_state(app->store, app->plan, err);
    model_rollup(app->plan); /* a task with sub-items is their sum */
    if (!rc && !app->skip_note_counts) rc = store_load_note_counts(app->store, app->plan, err);
    for (size_t i = 0; i < app->plan->ntasks; i++) {
        kh_task *t = &app->plan->tasks[i];
        if (t->base) t->nnotes += t->base->nnotes;
    }
    return rc;
}

kh_errcode app_poll(kh_app *app, bool *reloaded, void (*changed)(void *ctx, size_t task), void *ctx,
                    kh_error *err)
{
    *reloaded = false;
    if (!app->store && app->store_later) {
        /* Someone may have saved the first change since. */
        size_t n = app->plan->ntasks;
        bool absent;
        kh_errcode rc = open_store(app, true, &absent, err);
        if (rc || absent) return rc;
        app->store_later = false;
        *reloaded = true;
        for (size_t i = 0; changed && i < n; i++)
            if (app->plan->tasks[i].version != 0) changed(ctx, i);
        return KH_E_OK;
    }
    if (!app->store) return KH_E_OK;
    int64_t v;
    kh_errcode rc = store_data_version(app->store, &v, err);
    if (rc || v == app->data_version) return rc;
    size_t n = app->plan->ntasks;
    int64_t *before = changed ? xreallocarray(NULL, n ? n : 1, sizeof *before) : NULL;
    for (size_t i = 0; changed && i < n; i++) before[i] = app->plan->tasks[i].version;
    rc = app_reload_state(app, err);
    if (!rc) {
        app->data_version = v;
        *reloaded = true;
        for (size_t i = 0; changed && i < n; i++)
            if (app->plan->tasks[i].version != before[i]) changed(ctx, i);
    }
    free(before);
    return rc;
}

void app_close(kh_app *app)
{
    store_close(app->store);
    model_free(app->plan);
    free(app->db_path);
    free(app->user);
    free(app->plan_path);
    app->plan_path = NULL;
    for (size_t i = 0; i < app->ngroups; i++) free(app->groups[i]);
    free(app->groups);
    free(app->imported);
    app->imported = NULL;
    app->nimported = 0;
    app->history_in_db = false;
    app->store = NULL;
    app->plan = NULL;
    app->db_path = app->user = NULL;
    app->groups = NULL;
    app->ngroups = 0;
    app->groups_known = false;
}

enum { NOTE_MAX_BYTES = 8000 };

kh_errcode app_text_clean(kh_lang lang, const char *text, const char *what, size_t max, char **out,
                          kh_error *err)
{
    *out = NULL;
    size_t n = strlen(text);
    while (n && strchr(" \t\r\n", text[n - 1])) n--;
    size_t start = strspn(text, " \t\r\n");
    if (start >= n)
        return kh_error_set(err, KH_E_INVALID, TR(lang, "%s trống", "%s is empty"), what);
    if (n - start > max)
        return kh_error_set(
            err, KH_E_INVALID,
            TR(lang, "%s quá dài (tối đa %zu byte)", "%s is too long (at most %zu bytes)"), what,
            max);
    char *clean = text_nfc(text + start, n - start);
    if (!clean)
        return kh_error_set(
            err, KH_E_INVALID,
            TR(lang, "%s không phải văn bản UTF-8 hợp lệ", "%s is not valid UTF-8 text"), what);
    /* The one rule for text that comes in: what a plan file may not hold
     * (control characters but tab and newline, bidi controls) no note
     * may, so every note can be written back into a plan file as text. */
    long bad = text_refused_cp(clean, strlen(clean));
    if (bad >= 0) {
        free(clean);
        return kh_error_set(err, KH_E_INVALID,
                            TR(lang,
                               "%s có ký tự điều khiển U+%04lX, không được phép (chỉ "
                               "chữ, dấu cách, tab và xuống dòng)",
                               "%s holds the control character U+%04lX, which is not "
                               "allowed (only text, spaces, tabs and line breaks)"),
                            what, (unsigned long)bad);
    }
    *out = clean;
    return KH_E_OK;
}

kh_errcode app_change(kh_app *app, size_t task, int status, int progress, const char *note,
                      int64_t expected_version, kh_error *err)
{
    return app_change_kind(app, task, status, progress, note, NOTE_PLAIN, expected_version, err);
}

kh_errcode app_change_kind(kh_app *app, size_t task, int status, int progress, const char *note,
                           kh_note_kind kind, int64_t expected_version, kh_error *err)
{
    kh_edit e = {status, progress, note, kind, KH_NO_DATE, NULL, expected_version};
    return app_change_edit(app, task, &e, err);
}

enum { WITHDRAW_DOC_MAX = 500 };

/* Check the day work was done (--on) for task t: not after today, not
 * before the plan's period, on a task being made done now. Return KH_E_OK
 * or KH_E_INVALID saying why. */
static kh_errcode check_on(const kh_app *app, const kh_task *t, const kh_edit *e, kh_error *err)
{
    kh_lang lang = app->lang;
    char a[11], b[11];
    if (e->status != ST_DONE)
        return kh_error_set(err, KH_E_INVALID, "%s",
                            TR(lang, "--on chỉ dùng khi đặt trạng thái done",
                               "--on goes with the status done only"));
    if (t->status == ST_DONE)
        return kh_error_set(err, KH_E_INVALID,
                            TR(lang,
                               "%s đã hoàn thành ngày %s: muốn sửa ngày, hãy hoàn tác (undo) "
                               "rồi đặt lại",
                               "%s is done already (on %s): to change the day, undo, then set "
                               "it again"),
                            t->id,
                            t->completed != KH_NO_DATE ? date_format_dmy(t->completed, a) : "?");
    if (e->on > app->today)
        return kh_error_set(err, KH_E_INVALID,
                            TR(lang, "--on %s: sau hôm nay (%s)", "--on %s: after today (%s)"),
                            date_format_dmy(e->on, a), date_format_dmy(app->today, b));
    if (e->on < app->plan->from)
        return kh_error_set(
            err, KH_E_INVALID,
            TR(lang, "--on %s: trước kỳ kế hoạch (từ %s)", "--on %s: before the plan period (%s)"),
            date_format_dmy(e->on, a), date_format_dmy(app->plan->from, b));
    return KH_E_OK;
}

kh_errcode app_change_edit(kh_app *app, size_t task, const kh_edit *e, kh_error *err)
{
    kh_lang lang = app->lang;
    int status = e->status, progress = e->progress;
    if (task >= app->plan->ntasks) return kh_error_set(err, KH_E_NOT_FOUND, "%zu", task);
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    kh_errcode denied = app_check_rights(app, task, err);
    if (denied) return denied;
    if (status >= ST_COUNT || progress > 100 || progress < -1)
        return kh_error_set(err, KH_E_INVALID, "%s",
                            TR(lang, "tiến độ phải từ 0 đến 100", "progress must be 0 to 100"));
    kh_task *t = &app->plan->tasks[task];
    if (e->on != KH_NO_DATE) {
        kh_errcode bad = check_on(app, t, e, err);
        if (bad) return bad;
    }
    char *doc = NULL;
    if (status == ST_WITHDRAWN && !model_task_withdrawn(t)) {
        /* Withdrawn by a document: which one is part of the record. */
        if (!e->doc)
            return kh_error_set(err, KH_E_INVALID, "%s",
                                TR(lang,
                                   "dừng thực hiện cần văn bản quyết định: --doc \"số, ngày\"",
                                   "withdrawing needs the deciding document: --doc \"number, "
                                   "date\""));
        kh_errcode bad =
            app_text_clean(lang, e->doc, TR(lang, "văn bản (--doc)", "the document (--doc)"),
                           WITHDRAW_DOC_MAX, &doc, err);
        if (bad) return bad;
        if (strpbrk(doc, "\r\n")) {
            free(doc);
            return kh_error_set(err, KH_E_INVALID, "%s",
                                TR(lang, "văn bản (--doc) phải trên một dòng",
                                   "the document (--doc) must be on one line"));
        }
    } else if (status == ST_WITHDRAWN && t->withdrawn) {
        return kh_error_set(
            err, KH_E_INVALID,
            TR(lang, "%s đã dừng thực hiện (theo %s)", "%s is withdrawn already (by %s)"), t->id,
            t->amended_by ? t->amended_by : "?");
    }
    char *clean = NULL;
    if (e->note) {
        kh_errcode bad = app_text_clean(lang, e->note, TR(lang, "ghi chú", "the note"),
                                        NOTE_MAX_BYTES, &clean, err);
        if (bad) {
            free(doc);
            return bad;
        }
    }
    if (t->nsub && (status >= 0 || progress >= 0)) {
        free(clean);
        free(doc);
        return kh_error_set(err, KH_E_INVALID,
                            TR(lang,
                               "'%s' có nhiệm vụ con: trạng thái và tiến độ của nó là tổng của "
                               "chúng; hãy cập nhật từng nhiệm vụ con (%s...)",
                               "'%s' has sub-items: its status and progress are their sum; "
                               "update each sub-item (%s...)"),
                            t->id, t[1].id);
    }
    app->reopened = REOPEN_NO;
    kh_date day = e->on != KH_NO_DATE ? e->on : app->today;
    kh_change c = {.status = status,
                   .progress = progress,
                   .note = clean,
                   .today = day,
                   .effective = day,
                   .withdraw_doc = doc,
                   .expected_version = e->expected_version,
                   .note_kind = (uint8_t)e->kind};
    kh_state st;
    kh_errcode rc = store_apply_base(app->store, app->plan->id, t->id, &c, t->base, app_user(app),
                                     (int64_t)time(NULL), &st, err);
    free(clean);
    if (!rc && doc && st.status == ST_WITHDRAWN)
        t->withdrawn_doc = model_intern_user(app->plan, doc);
    free(doc);
    if (rc) return rc;
    if (t->status != st.status) t->verdict = VERDICT_NONE; /* a new completion, or none */
    t->status = (uint8_t)st.status;
    t->progress = (uint8_t)st.progress;
    t->completed = st.completed;
    t->updated_at = st.updated_at;
    t->updated_by = st.updated_by[0] ? model_intern_user(app->plan, st.updated_by) : NULL;
    t->version = st.version;
    if (e->note) t->nnotes++;
    app->reopened = st.reopen;
    if (t->sub_of) model_rollup(app->plan);
    return KH_E_OK;
}

void app_reopen_words(strbuf *out, kh_reopen r, int progress, kh_lang lang)
{
    if (r == REOPEN_KEPT)
        sb_printf(out,
                  TR(lang, "tiến độ trở lại %d%% như trước khi hoàn thành",
                     "progress back to %d%%, as before it was done"),
                  progress);
    else if (r == REOPEN_UNKNOWN)
        sb_printf(out,
                  TR(lang, "tiến độ giữ %d%% (không rõ tiến độ trước khi hoàn thành)",
                     "progress kept at %d%% (what it was before done is not known)"),
                  progress);
}

void app_filter_init(kh_filter *f)
{
    f->unit = -1;
    f->status = -1;
    f->timeliness = -1;
    f->query = NULL;
    f->unit_hit = NULL;
    f->nunit_hit = 0;
    f->officer = NULL;
}

void app_filter_prepare(const kh_app *app, kh_filter *f)
{
    free(f->unit_hit);
    f->unit_hit = NULL;
    f->nunit_hit = 0;
    if (!f->query) return;
    f->nunit_hit = app->plan->nunits;
    f->unit_hit = xcalloc(f->nunit_hit + 1, sizeof *f->unit_hit);
    for (size_t i = 0; i < f->nunit_hit; i++)
        f->unit_hit[i] = strstr(app->plan->units[i].fold, f->query) != NULL;
}

void app_filter_set_query(kh_filter *f, const char *text)
{
    free(f->query);
    f->query = NULL;
    free(f->unit_hit);
    f->unit_hit = NULL;
    f->nunit_hit = 0;
    if (!text) return;
    char *q = text_fold(text);
    if (q && !*q) {
        free(q);
        q = NULL;
    }
    f->query = q;
}

void app_filter_done(kh_filter *f)
{
    free(f->query);
    f->query = NULL;
    free(f->officer);
    f->officer = NULL;
    free(f->unit_hit);
    f->unit_hit = NULL;
    f->nunit_hit = 0;
}

static bool id_contains(const char *id, const char *q)
{
    return strcasestr(id, q) != NULL;
}

bool app_match(const kh_app *app, const kh_filter *f, const kh_task *t)
{
    uint32_t at = 0;
    return app_match_at(app, f, t, &at);
}

bool app_match_at(const kh_app *app, const kh_filter *f, const kh_task *t, uint32_t *at)
{
    /* A task assigned to each member of a group has no status or
     * timeliness of its own to filter by: its occurrences have (issue 17). */
    if ((f->status >= 0 || f->timeliness >= 0) && model_task_summary(t)) return false;
    /* Withdrawn either way (set or amendment) is the status withdrawn. */
    if (f->status >= 0 && (model_task_withdrawn(t) ? ST_WITHDRAWN : t->status) != f->status)
        return false;
    if (f->unit >= 0 && !model_task_has_unit(t, (size_t)f->unit)) return false;
    if (f->timeliness >= 0 && (int)model_timeliness(t, app->today) != f->timeliness) return false;
    if (f->officer && !app_officer_match(t, f->officer)) return false;
    if (!f->query) return true;
    if (*at != APP_MATCH_NONE) {
        const char *hit = strstr(t->fold + *at, f->query);
        *at = hit ? (uint32_t)(hit - t->fold) : APP_MATCH_NONE;
        if (hit) return true;
    }
    if (id_contains(t->id, f->query)) return true;
    if (f->unit_hit && f->nunit_hit == app->plan->nunits) {
        for (size_t i = 0; i < t->nlead; i++)
            if (f->unit_hit[t->lead[i]]) return true;
        for (size_t i = 0; i < t->nsupport; i++)
            if (f->unit_hit[t->support[i]]) return true;
        return false;
    }
    const kh_unit *units = app->plan->units;
    for (size_t i = 0; i < t->nlead; i++)
        if (strstr(units[t->lead[i]].fold, f->query)) return true;
    for (size_t i = 0; i < t->nsupport; i++)
        if (strstr(units[t->support[i]].fold, f->query)) return true;
    return false;
}

size_t app_select(const kh_app *app, const kh_filter *f, uint32_t *out)
{
    kh_filter prepared = *f;
    prepared.unit_hit = NULL;
    app_filter_prepare(app, &prepared);
    f = &prepared;
    size_t n = 0;
    for (size_t i = 0; i < app->plan->ntasks; i++)
        if (app_match(app, f, &app->plan->tasks[i])) out[n++] = (uint32_t)i;
    free(prepared.unit_hit);
    return n;
}

/* Rank for the deadline order: what needs attention first. */
static int urgency(kh_timeliness tl)
{
    static const int rank[TL_COUNT] = {
        [TL_OVERDUE] = 0, [TL_DUE_SOON] = 1,  [TL_UPCOMING] = 2,
        [TL_ONGOING] = 3, [TL_DONE_LATE] = 4, [TL_DONE_ON_TIME] = 5,
    };
    return rank[tl];
}

typedef struct {
    uint32_t index;
    int32_t key1;
    int32_t key2;
} sort_item;

static int cmp_items(const void *a, const void *b)
{
    const sort_item *x = a, *y = b;
    if (x->key1 != y->key1) return x->key1 < y->key1 ? -1 : 1;
    if (x->key2 != y->key2) return x->key2 < y->key2 ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

void app_sort(const kh_app *app, uint32_t *idx, size_t n, kh_sort by)
{
    if (by == SORT_PLAN) {
        /* Plan order is index order. */
        sort_item *items = xreallocarray(NULL, n ? n : 1, sizeof *items);
        for (size_t i = 0; i < n; i++) items[i] = (sort_item){idx[i], 0, 0};
        qsort(items, n, sizeof *items, cmp_items);
        for (size_t i = 0; i < n; i++) idx[i] = items[i].index;
        free(items);
        return;
    }
    sort_item *items = xreallocarray(NULL, n ? n : 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const kh_task *t = &app->plan->tasks[idx[i]];
        int32_t due = t->due == KH_NO_DATE ? INT32_MAX : t->due;
        sort_item *it = &items[i];
        it->index = idx[i];
        switch (by) {
        case SORT_DEADLINE:
            it->key1 = urgency(model_timeliness(t, app->today));
            it->key2 = due;
            break;
        case SORT_STATUS:
            /* Blocked first: it needs someone's help. */
            it->key1 = t->status == ST_BLOCKED ? 0
                       : t->status == ST_DOING ? 1
                       : t->status == ST_TODO  ? 2
                                               : 3;
            it->key2 = due;
            break;
        case SORT_UNIT:
            it->key1 = t->nlead ? t->lead[0] : INT32_MAX;
            it->key2 = due;
            break;
        case SORT_PLAN:
        case SORT_COUNT: break;
        }
    }
    qsort(items, n, sizeof *items, cmp_items);
    for (size_t i = 0; i < n; i++) idx[i] = items[i].index;
    free(items);
}

const char *app_sort_name(kh_sort by, kh_lang lang)
{
    switch (by) {
    case SORT_PLAN: return TR(lang, "thứ tự kế hoạch", "plan order");
    case SORT_DEADLINE: return TR(lang, "thời hạn", "deadline");
    case SORT_STATUS: return TR(lang, "trạng thái", "status");
    case SORT_UNIT: return TR(lang, "đơn vị", "unit");
    case SORT_COUNT: break;
    }
    return "?";
}
