/* app: what a person can do with a plan, shared by the command line and the
 * dashboard: load, change a task, filter, search, sort. */
#ifndef KEHOACH_APP_H
#define KEHOACH_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/error.h"
#include "kehoach/model.h"
#include "kehoach/plan_load.h"
#include "kehoach/state_cache.h"
#include "kehoach/store.h"

/* The plan file as it was when read: to see an edit cheaply. */
typedef struct {
    uint64_t dev, ino;
    int64_t size, mtime_ns, ctime_ns;
    bool known;      /* the stat fields are set */
    uint64_t hash;   /* of the content: 64 bits of its XXH3-128 (app_reload.c) */
    bool hash_known; /* the hash is set */
} kh_plan_stamp;

typedef struct {
    kh_plan *plan;
    kh_store *store; /* NULL until app_open_store */
    char *db_path;
    char *user;    /* the real user, from the uid: read it with app_user (looked up once asked) */
    char **groups; /* the real user's groups by name, read when rights first need them */
    size_t ngroups;
    bool groups_known;
    kh_lang lang;
    kh_date today;
    int64_t data_version; /* the store's, when the state was last read */
    bool store_later;     /* read-only, no database yet: app_poll opens it once there */
    /* Set before opening the store when no task's nnotes will be shown (only
     * `list --format json` shows them): a query less at every (re)load. */
    bool skip_note_counts;
    /* Set before opening the store by a command that reads nothing from it
     * after the load (`status`, `list` but for JSON): the state may then come
     * from the state cache (src/state_cache.c) without opening the database
     * (app->store stays NULL, state_cached says so), and after a miss the
     * store is closed once the state is read. */
    bool state_only;
    bool state_cached;
    size_t namendments; /* the amendments of the plan app_amend_apply last read */
    /* What the last app_change that saved did to the progress of a task it
     * took out of done (REOPEN_NO otherwise): for the person to be told. */
    kh_reopen reopened;
    /* The plan file, to follow its edits (app_poll_plan). */
    char *plan_path;
    kh_plan_stamp plan_stamp;
    uint64_t plan_bad_hash; /* the content of the last edit that did not load */
    bool plan_bad_known;
    /* A ward's workspace (`ward:` of workspace.yaml, borrowed; NULL: none):
     * in a plan that assigns tasks to each ward, only the ward's own
     * occurrences may be changed (app_ward.c); ward_plan caches whether
     * this plan is one (0: not known yet, 1: yes, 2: no). */
    const char *ward;
    uint8_t ward_plan;
    /* A province's workspace (a workspace that names no ward): each ward's
     * occurrence ("II.3@tqt") is the ward's to change, in its own workspace;
     * here it is only seen, as its snapshot gives it (app_ward.c). */
    bool province;
    /* The history the plan file carries (an export's `history:`): in the
     * database (put there when it was opened to be written, or found there:
     * app_history_import), and the
     * database's changes that came from it, ascending (not undone here: what
     * they did is the plan file's state). */
    bool history_in_db;
    int64_t *imported;
    size_t nimported;
} kh_app;

/* Return the real user's name (the password database's, else "uid:N"),
 * looked up the first time it is asked for: a read-only command never asks. */
const char *app_user(kh_app *app);

/* Load the plan at plan_path (app->lang and app->today set). Return KH_E_OK,
 * or an error with the problems in diags. */
kh_errcode app_load_plan(kh_app *app, const char *plan_path, kh_diags *diags);

/* Open the database (db_path NULL: the default for the plan) and lay its
 * state over the plan. Read-only, a database that does not exist is not
 * created and app->store stays NULL. Return KH_E_OK or an error. */
kh_errcode app_open_store(kh_app *app, const char *db_path, bool read_only, kh_error *err);

/* For a read-only open of the database db (a workspace's, shared): lay the
 * state the state cache holds for app's plan and db over it, when the state
 * cache may serve app (as app_open_store's); known and have as
 * state_cache_read_many's, for the workspace's plans in turn. Return true
 * then (db_path set to db, state_cached set, no store opened); false leaves
 * the plan as it was. */
bool app_state_from_cache(kh_app *app, const char *db, kh_db_marks *known, bool *have);

/* After app's state was read from its database under the marks before
 * (taken at t0, before it was opened) and the store was closed, the marks
 * after taken then: keep the state in the state cache when it may serve
 * app, before and after are the same and settled, and no amendment was
 * laid. Nothing is reported: a cache not written is only a later miss. */
void app_state_keep(kh_app *app, const kh_db_marks *before, const kh_db_marks *after, int64_t t0);

/* Set how long a change waits for another writer before KH_E_DB_BUSY. */
void app_set_busy_timeout(kh_app *app, int ms);

/* Get the store ready to show a task's detail (store_warm), when there is
 * one. Returns nothing. */
void app_warm(kh_app *app);

/* Read every task's state again from the store (after someone else changed
 * it). Return KH_E_OK or an error. */
kh_errcode app_reload_state(kh_app *app, kh_error *err);

/* Return true when task may be changed in the app's ward workspace: no
 * ward, a plan that assigns nothing to the ward, or the ward's own
 * occurrence (src/app_ward.c). */
bool app_ward_may(kh_app *app, size_t task);

/* Return KH_E_OK when app_ward_may, else KH_E_DENIED with a message naming
 * whose task it is and the workspace's ward (src/app_ward.c). */
kh_errcode app_ward_check(kh_app *app, size_t task, kh_error *err);

/* Return KH_E_DENIED, with the message naming whose it is, when id names
 * another ward's occurrence (TASK@OTHER, OTHER a unit of plan) in ward's
 * workspace (which does not track it: model_keep_member); else KH_E_OK
 * (src/app_ward.c). */
kh_errcode app_ward_foreign(const kh_plan *plan, const char *ward, const char *id, kh_lang lang,
                            kh_error *err);

/* Free everything the app holds. */
void app_close(kh_app *app);

/* ---- following an edited plan file (app_reload.c) ---- */

/* Where the tasks and units of the plan before went in the plan read
 * again: task[i] (unit[i]) is the new index of old task (unit) i, found by
 * id, or -1 when the plan no longer has it. */
typedef struct {
    long *task;
    size_t ntask;
    long *unit;
    size_t nunit;
} kh_plan_map;

typedef enum {
    PLAN_SAME,     /* not edited (or saved unchanged), or an invalid edit told already */
    PLAN_RELOADED, /* read again: app->plan is the new plan, map says where things went */
    PLAN_INVALID,  /* edited, does not load: the last good plan stays, diags say why */
} kh_plan_poll;

/* Remember how the plan file at plan_path looks now (its stat), to see
 * later that it was edited. app_load_plan calls it, before reading. */
void app_plan_stamp(kh_app *app, const char *plan_path);

struct stat;

/* app_plan_stamp with the file's stat already taken (st: of the open file,
 * before it was read), saving a stat(2): the workspace's scan. */
void app_plan_stamp_from(kh_app *app, const char *plan_path, const struct stat *st);

/* Read the plan file again (through the plan cache), make it app->plan and
 * lay the store's state over it; fill map (its task array NULL when the
 * file did not load: the plan is then unchanged and diags say why). Return
 * KH_E_OK, the loader's error, or the store's in err. */
kh_errcode app_reload_plan(kh_app *app, kh_plan_map *map, kh_diags *diags, kh_error *err);

/* See, cheaply, whether the plan file was edited since it was read: its
 * stat (size, times, inode) first, then, when that changed, its content
 * (a save with nothing changed reads nothing again). When it was, read it
 * again (app_reload_plan). Return what happened; a store error after a
 * reload is in err (err->code). */
kh_plan_poll app_poll_plan(kh_app *app, kh_plan_map *map, kh_diags *diags, kh_error *err);

/* Free what a poll or reload put in map. */
void app_plan_map_free(kh_plan_map *m);

/* A change as a person makes it, for app_change_edit. */
typedef struct {
    int status, progress;     /* kh_status and 0-100, or -1: keep */
    const char *note;         /* a note to add, or NULL */
    kh_note_kind kind;        /* of the note */
    kh_date on;               /* made done: the day the work was done (--on); KH_NO_DATE: today */
    const char *doc;          /* made withdrawn: the deciding document (required then) */
    int64_t expected_version; /* -1: no check */
} kh_edit;

/* Make change e to task number `task` as app_change does; the day it takes
 * effect (e->on, else app->today) is kept beside the real time. --on only
 * makes a task done that is not done yet, on a day from the plan's start to
 * today; withdrawn needs e->doc. Return as app_change (KH_E_INVALID with
 * why for those rules). */
kh_errcode app_change_edit(kh_app *app, size_t task, const kh_edit *e, kh_error *err);

/* Change task number `task`: status and progress (-1: keep), a note (NULL:
 * none). With expected_version >= 0, refuse (KH_E_CONFLICT, who changed it
 * in err) when the task is no longer at that version: the version the person
 * was shown. The model changes only once the store has committed. Return
 * KH_E_OK or an error. */
kh_errcode app_change(kh_app *app, size_t task, int status, int progress, const char *note,
                      int64_t expected_version, kh_error *err);

/* Append what a change did to the progress (now `progress`) of a task it
 * took out of done, in words ("tiến độ trở lại 40% như trước khi hoàn
 * thành"); nothing for REOPEN_NO. The CLI and the dashboard both say it. */
void app_reopen_words(strbuf *out, kh_reopen r, int progress, kh_lang lang);

/* See whether another process committed since the state was last read; if
 * so, read it again and call changed(ctx, i) for every task whose state
 * moved. Set *reloaded. Return KH_E_OK or an error. */
kh_errcode app_poll(kh_app *app, bool *reloaded, void (*changed)(void *ctx, size_t task), void *ctx,
                    kh_error *err);

typedef struct {
    long unit;      /* leads or supports; -1: any */
    int status;     /* kh_status; -1: any */
    int timeliness; /* kh_timeliness; -1: any */
    char *query;    /* folded search text; NULL: none */
    bool *unit_hit; /* per unit: its name holds the query (app_filter_prepare) */
    size_t nunit_hit;
    char *officer; /* folded part of the officer's name; NULL: any (app_filter_set_officer) */
} kh_filter;

/* Set the officer to match (folded: case and diacritics ignored, a part of
 * the name); "" or NULL clears it. */
void app_filter_set_officer(kh_filter *f, const char *name);

/* Set a filter that lets every task through. */
void app_filter_init(kh_filter *f);

/* Set the search text (folded: case and diacritics ignored); "" clears it. */
void app_filter_set_query(kh_filter *f, const char *text);

/* Free the filter's search text. */
void app_filter_done(kh_filter *f);

/* Work out once, for a search, which units' names hold the query, so that
 * matching a task need not search them again. */
void app_filter_prepare(const kh_app *app, kh_filter *f);

/* Return true when task t passes filter f. */
bool app_match(const kh_app *app, const kh_filter *f, const kh_task *t);

/* No occurrence in the task's folded text: see app_match_at. */
#define APP_MATCH_NONE UINT32_MAX

/* Return app_match(app, f, t), looking for the query in t->fold only from
 * byte *at (APP_MATCH_NONE: not at all), and leave in *at where it was
 * found, or APP_MATCH_NONE. A query that extends the last one can only
 * occur where the last one did: start 0, then pass each answer back. */
bool app_match_at(const kh_app *app, const kh_filter *f, const kh_task *t, uint32_t *at);

/* Write the indexes of the tasks that pass f, in plan order, to out (room
 * for plan->ntasks). Return how many. */
size_t app_select(const kh_app *app, const kh_filter *f, uint32_t *out);

typedef enum { SORT_PLAN, SORT_DEADLINE, SORT_STATUS, SORT_UNIT, SORT_COUNT } kh_sort;

/* Sort n task indexes: plan order; deadline (overdue, due soon, upcoming,
 * ongoing, done; then by date); status; or lead unit. Stable. */
void app_sort(const kh_app *app, uint32_t *idx, size_t n, kh_sort by);

/* Return the name of a sort order. */
const char *app_sort_name(kh_sort by, kh_lang lang);

/* Read the notes of one task (task_id) or of every task (NULL): those the
 * plan file gives (`state: notes:`, with id 0) and the database's, newest
 * first, leaving out the notes withdrawn by an undo. Return KH_E_OK with a
 * heap array in *out (free it with store_notes_free), or an error. */
kh_errcode app_notes(const kh_app *app, const char *task_id, kh_note **out, size_t *n,
                     kh_error *err);

/* Read notes as app_notes does, the withdrawn ones too (marked). Return as
 * app_notes. */
kh_errcode app_notes_all(const kh_app *app, const char *task_id, kh_note **out, size_t *n,
                         kh_error *err);

/* ---- what an export carries beyond the tasks (app_export.c) ---- */

/* The tasks the plan no longer has whose state something holds. */
typedef struct {
    kh_orphan *v; /* by id */
    size_t n;
    arena mem; /* their texts and states */
} kh_orphans;

/* Collect the orphans: those the plan file carries (`orphans:`, from an
 * earlier export) and those the database holds state, notes or history for
 * (store_orphans), each once: its state the database's row when it has one,
 * else the plan file's; its notes the plan file's and the database's (not
 * withdrawn), oldest first. Return KH_E_OK with them in *out (free with
 * app_orphans_free), or an error. */
kh_errcode app_orphans(const kh_app *app, kh_orphans *out, kh_error *err);

/* Free what app_orphans filled in. */
void app_orphans_free(kh_orphans *o);

/* Read the whole history an export holds: as app_history, unfiltered (the
 * plan file's rows once, in the database or else before it). Return KH_E_OK
 * with a heap array in *out (free with store_history_free), or an error. */
kh_errcode app_export_history(const kh_app *app, kh_history **out, size_t *n, kh_error *err);

/* Put the plan file's `history:` (an export's) into the open database,
 * once (store_history_import), and note which changes came from it. A
 * database opened read-only, or that cannot be written, is left as it is
 * (app_history then gives the file's rows, unless every one is in it
 * already). Return KH_E_OK or an error. */
kh_errcode app_history_import(kh_app *app, kh_error *err);

/* Return true when change (of the database) came with the plan file's
 * `history:` (app_history_import). */
bool app_change_imported(const kh_app *app, int64_t change);

/* ---- rights (app_rights.c): who may change which tasks ---- */

/* Return true when the user may change task number `task`: the plan has no
 * `rights:`, or names the user (or one of their groups) under `all` or for a
 * unit that leads or supports the task. */
bool app_may_change(kh_app *app, size_t task);

/* Return KH_E_OK when the user may change task number `task`, else
 * KH_E_DENIED with who may in err. */
kh_errcode app_check_rights(kh_app *app, size_t task, kh_error *err);

/* Append who may change task number `task`, in words: the units that lead
 * or support it that `rights:` names (by short name when short_names), then
 * the people who may change every task. */
void app_rights_who(const kh_app *app, size_t task, bool short_names, strbuf *out);

/* ---- the history's hash chain (app_chain.c) ---- */
/* Append to out, in words, the first thing report r found wrong with the
 * hash chain of the database db_path (nothing when it holds). */
void app_chain_words(kh_lang lang, const char *db_path, const kh_chain_report *r, strbuf *out);

/* Return true when the open database's hash chain does not hold, with
 * "<what>: <where>" appended to why; false when it holds, has no chain yet,
 * there is no database, or it cannot be read (the reading says so). */
bool app_chain_broken(const kh_app *app, strbuf *why);

/* ---- history (app_history.c) and undo (app_undo.c) ---- */

/* Read the history that passes f (NULL: all), oldest first: the database's,
 * after the rows of the plan file's `history:` (id 0) when they could not
 * be put into it (no database, or one that cannot be written). Return
 * KH_E_OK with a heap array in *out (free it with store_history_free), or
 * an error. */
kh_errcode app_history(const kh_app *app, const kh_history_filter *f, kh_history **out, size_t *n,
                       kh_error *err);

/* Return the Unix time of 00:00 local time on day d (for --since). */
int64_t app_day_start(kh_date d);

/* Append what a history row records, in words: "trạng thái: Chưa thực hiện →
 * Đang thực hiện", "ghi chú: …", marked "(hoàn tác)" when an undo wrote it. */
void app_history_words(strbuf *out, const kh_history *h, kh_lang lang);

/* A change that can be undone. */
typedef struct {
    size_t task;    /* its task's index */
    bool is_target; /* a target's measurement (then target is its index, task unused) */
    size_t target;
    int64_t change;   /* kh_history.change */
    kh_history *rows; /* what it changed, oldest first */
    size_t nrows;
} kh_undo;

/* Find the user's last change that can be undone, on task number `task` or
 * (task < 0) on any task. Return KH_E_OK with it in *out (free with
 * app_undo_free), KH_E_NOT_FOUND when there is none, or an error. */
kh_errcode app_last_change(kh_app *app, long task, kh_undo *out, kh_error *err);

/* Undo change u in one transaction (see store_undo), after checking the
 * user's rights; with expected_version >= 0, refuse when the task is no
 * longer at that version. The model follows once the store has committed.
 * Return KH_E_OK, KH_E_CONFLICT with who changed the task since in err,
 * KH_E_DENIED, KH_E_NOT_FOUND, or another error. */
kh_errcode app_undo(kh_app *app, const kh_undo *u, int64_t expected_version, kh_error *err);

/* Free what app_last_change filled in. */
void app_undo_free(kh_undo *u);

/* ---- deadline extensions (app_extend.c) ---- */

/* Extend the deadline of task number `task` to day `to` by document doc
 * (required), for reason (or NULL), with the rights of set. Works on a
 * periodic occurrence and with a day before the plan's deadline; refused
 * (KH_E_INVALID, why in err) for a task with no deadline day (continuous,
 * none), a withdrawn one, or the day it is due already. The model follows
 * once the store has committed. Return KH_E_OK, KH_E_DENIED, or an error. */
kh_errcode app_extend(kh_app *app, size_t task, kh_date to, const char *doc, const char *reason,
                      kh_error *err);

/* Read the extensions of one task (task_id) or all (NULL), by task then
 * oldest first. Return KH_E_OK with a heap array (store_extensions_free). */
kh_errcode app_extensions(const kh_app *app, const char *task_id, kh_extension **out, size_t *n,
                          kh_error *err);

/* Return true when undo u is of an extension. */
bool app_undo_is_extend(const kh_undo *u);

/* Take extension u back (the user's own, with the rights of set); the model
 * follows. Return KH_E_OK, KH_E_NOT_FOUND, KH_E_DENIED or an error. */
kh_errcode app_extend_undo(kh_app *app, const kh_undo *u, kh_error *err);

/* ---- targets (app_target.c): measuring, and undoing a measurement ---- */

/* Return true when the user may measure target number `target`: the plan
 * has no `rights:`, or names the user (or one of their groups) under `all`
 * or for the target's lead unit (app_rights.c). */
bool app_may_measure(kh_app *app, size_t target);

/* Record value (of the target's measure) measured on day `on` from source
 * doc (NULL: none) for target number `target`, after checking the user's
 * rights; the model follows once the store has committed. Return KH_E_OK,
 * KH_E_DENIED with who may in err, or another error. */
kh_errcode app_measure(kh_app *app, size_t target, double value, kh_date on, const char *doc,
                       kh_error *err);

/* Find the user's last measurement of target number `target` that can be
 * undone. Return as app_last_change. */
kh_errcode app_target_last_change(kh_app *app, size_t target, kh_undo *out, kh_error *err);

/* Put in out[0..ntargets) each target's measurement in effect at the end
 * of day asof (store_target_asof; the plan file's alone without a
 * database); free with store_target_asof_free. Return KH_E_OK or the
 * store's error. */
kh_errcode app_target_asof(const kh_app *app, kh_date asof, kh_measured *out, kh_error *err);

/* Undo measurement u (u->is_target) after checking the user's rights (see
 * store_target_undo); the model follows. app_undo calls it for such a u.
 * Return KH_E_OK, KH_E_CONFLICT, KH_E_DENIED, KH_E_NOT_FOUND or an error. */
kh_errcode app_target_undo(kh_app *app, const kh_undo *u, kh_error *err);
/* The rules of undo (a kh_undo_rule for store_undo): only the user's own
 * change, not an undo, not undone yet (else KH_E_NOT_FOUND,
 * KH_R_NOTHING_TO_UNDO); refused with KH_E_CONFLICT, KH_R_CHANGED_SINCE and
 * who and when when the task is not at the version shown, someone else wrote
 * to it after the change, or a field no longer holds what the change set.
 * Else *restored is the state now with every field the change set back to
 * what it replaced. Return KH_E_OK or the refusal. */
kh_errcode app_undo_rule(const kh_undo_facts *f, kh_record *restored, kh_error *err);

/* ---- results and attachments (app_result.c) ---- */

/* A file copied into the attachments folder, ready to be recorded. */
typedef struct {
    char sha256[65];
    int64_t size;
    char *name; /* the name it was given by (its last component), heap */
} kh_attach;

/* Copy the file at path into the attachments folder of the database
 * (store_attach_put) and fill *out (free with app_attach_done). Return
 * KH_E_OK; KH_E_NOT_FOUND, KH_E_IO or KH_E_ATTACH_TOO_BIG for a file that
 * cannot be taken (nothing copied); or another error. */
kh_errcode app_attach_file(kh_app *app, const char *path, kh_attach *out, kh_error *err);

/* Free what app_attach_file filled in. */
void app_attach_done(kh_attach *a);

/* Record a result for done task number `task`: the document doc (NULL:
 * none) and/or the file copied already (NULL: none). Return KH_E_OK;
 * KH_E_INVALID when the task is not done or doc is empty, too long or on
 * several lines; KH_E_DENIED; or the store's error; nothing is written on
 * error. */
kh_errcode app_result_add(kh_app *app, size_t task, const char *doc, const kh_attach *file,
                          kh_error *err);

/* Read the results of one task (task_id) or of every task (NULL), oldest
 * first, without those taken back; none without a database. Return KH_E_OK
 * with a heap array in *out (free with store_results_free), or an error. */
kh_errcode app_results(const kh_app *app, const char *task_id, kh_result **out, size_t *n,
                       kh_error *err);

/* Copy the number-th file (from 1) of task_id's results to fd (fd < 0: only
 * look it up), its hash checked; fill *found (when not NULL: file_name,
 * sha256, size; free its strings). Return KH_E_OK, KH_E_NOT_FOUND (no such
 * file), or store_attach_get's errors. */
kh_errcode app_attachment_get(const kh_app *app, const char *task_id, size_t number, int fd,
                              kh_result *found, kh_error *err);

/* Return true when undo u takes back a result (app_result_undo does it). */
bool app_undo_is_result(const kh_undo *u);

/* Take back the result of undo u; the file stays in the folder. Return
 * KH_E_OK, KH_E_NOT_FOUND, KH_E_DENIED or another error. */
kh_errcode app_result_undo(kh_app *app, const kh_undo *u, kh_error *err);

/* ---- amendments (app_amend.c) ---- */

/* Lay the database's amendments over the plan (oldest first): changed
 * text, lead and deadline, withdrawn tasks and, when add, the tasks they
 * add (changing plan->ntasks: only where no view holds task indexes yet).
 * Return KH_E_OK or an error. */
kh_errcode app_amend_apply(kh_app *app, bool add, kh_error *err);

/* Check amendment a (task_id, kind, text, lead, deadline, doc) against the
 * plan, making its lead unit ids and its deadline ISO. Return KH_E_OK;
 * KH_E_DENIED when the user may not amend (app_may_change_all);
 * KH_E_NOT_FOUND for an unknown task or unit (detail names it);
 * KH_E_INVALID for what is missing or wrong (detail names the option). */
kh_errcode app_amend_check(kh_app *app, kh_amendment *a, kh_error *err);

/* Check (app_amend_check), record and apply amendment a. Return as
 * app_amend_check, or the store's error. */
kh_errcode app_amend(kh_app *app, kh_amendment *a, kh_error *err);

/* Read the amendments in force (not taken back), oldest first. Return
 * KH_E_OK with a heap array (free with store_amendments_free), or an error. */
kh_errcode app_amendments(const kh_app *app, kh_amendment **out, size_t *n, kh_error *err);

/* Return true when undo u takes back an amendment. */
bool app_undo_is_amend(const kh_undo *u);

/* Take back the amendment of undo u; the model keeps it until the plan is
 * read again. Return KH_E_OK, KH_E_NOT_FOUND, KH_E_DENIED or an error. */
kh_errcode app_amend_undo(kh_app *app, const kh_undo *u, kh_error *err);

/* Return true when the user may change every task (and so amend the plan):
 * the plan has no `rights:`, or names the user or a group under `all`. */
bool app_may_change_all(kh_app *app);

#endif
