/* workspace: a folder of plan files and one database that holds the state
 * of them all (keyed by plan id and task id). Discovery, loading every plan
 * (through the plan cache), one store shared by the plans, and the views
 * across plans that the command line and (later) the dashboard share. */
#ifndef KEHOACH_WORKSPACE_H
#define KEHOACH_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/app.h"
#include "kehoach/error.h"
#include "kehoach/model.h"
#include "kehoach/plan_load.h"
#include "kehoach/store.h"

enum {
    WS_MAX_DEPTH =
        3, /* plans in DIR, DIR/a, DIR/a/b and DIR/a/b/c; deeper ones are not looked at */
    WS_MAX_FILES = 5000,    /* plan files at most; more is refused */
    WS_SNIFF_BYTES = 65536, /* where a plan's `kehoach:` line must be */
    WS_DIGEST_DAYS = 7,     /* the digest's days when workspace.yaml gives none */
};

/* The settings file at the root of a workspace (workspace.yaml); every
 * field may be absent. */
typedef struct {
    char *name;      /* the workspace's name ("UBND phường ..."), or NULL */
    char *body;      /* the body's own id (a unit id, "ubnd"), or NULL */
    char *database;  /* the database, relative to the folder; NULL: kehoach.db */
    int digest_days; /* digest: days:, 0 when not given */
    char *ward;      /* `ward:`: the ward (or commune) this workspace is, a member id of the
                        province's plans' groups; NULL for none */
    int line;        /* where a problem was (for the one message), 0 */
} kh_ws_settings;

/* A plan file that did not load, or a plan id met twice. */
typedef struct {
    char *path;
    kh_diags diags; /* path:line:col: message, as check prints them */
} kh_ws_problem;

/* A ward as the province sees it (workspace_province_fold). */
typedef struct {
    const char *id, *name; /* the member's unit id and name (a plan's) */
    bool has_snapshot;     /* DIR/wards/ID.snapshot is there */
    kh_errcode problem;    /* it is there but could not be read (then no state of it) */
    int64_t made_at;       /* when the snapshot was made (Unix time) */
    int64_t age;           /* seconds since then */
    bool stale;            /* older than WS_SNAPSHOT_STALE */
    size_t total;          /* its occurrences, in every plan */
    size_t category[CAT_COUNT];
    size_t overdue;
    long oldest_overdue; /* days past the deadline of its oldest overdue one; -1: none */
    int completion;      /* percent: mean progress, done = 100 */
    size_t rank;         /* 1 + its place by workspace_wards_rank; 0 before */
} kh_ws_ward;

typedef struct {
    char *dir;               /* the folder, as given */
    kh_ws_settings settings; /* workspace.yaml, when there is one */
    bool has_settings;
    kh_app *plans; /* one app per plan that loaded, by plan id; their store is the shared one */
    size_t nplans;
    kh_ws_problem *bad; /* files that did not load, and duplicated ids */
    size_t nbad;
    kh_store *store; /* shared; NULL until workspace_open_store (or no database yet) */
    char *db_path;
    kh_lang lang;
    kh_date today;
    kh_ws_ward *wards; /* a province's wards, by id (workspace_province_fold) */
    size_t nwards;
    struct kh_ws_cache *cache; /* the workspace cache (its plans point into it), or NULL */
} kh_workspace;

/* One task of the workspace: which plan (index in ws->plans), which task. */
typedef struct {
    uint32_t plan;
    uint32_t task;
} kh_ws_task;

/* Return true when the file at path is a kehoach plan: it has a line
 * starting "kehoach:" (the format's version key, at the left margin) in its
 * first WS_SNIFF_BYTES bytes. Other YAML files in the folder are not plans. */
bool workspace_is_plan_file(const char *path);

/* Find the plan files of the workspace at dir: every *.yaml (not
 * workspace.yaml at the root, nothing hidden, nothing deeper than
 * WS_MAX_DEPTH folders) that workspace_is_plan_file, sorted by path.
 * Return KH_E_OK with a heap array of heap strings in *paths, or KH_E_IO
 * (dir cannot be read) or KH_E_INVALID (more than WS_MAX_FILES). */
kh_errcode workspace_find(const char *dir, char ***paths, size_t *n, kh_error *err);

/* Free what workspace_find returned. */
void workspace_paths_free(char **paths, size_t n);

/* Open the workspace at dir: its settings (workspace.yaml, when there is
 * one), then every plan file found (workspace_find), each loaded as
 * app_load_plan does. A file that does not load, and both files of a plan
 * id met twice, go to ws->bad with their messages; the others load.
 * ws->lang and ws->today must be set first. Return KH_E_OK (look at
 * ws->nbad), KH_E_PLAN when workspace.yaml is invalid (its problem in
 * ws->bad), or KH_E_IO / KH_E_INVALID from workspace_find. */
kh_errcode workspace_open(kh_workspace *ws, const char *dir, kh_error *err);

/* Return the database of the workspace: db_path when not NULL, else the
 * settings' database (relative to the folder), else DIR/kehoach.db. A
 * heap string. */
char *workspace_db_path(const kh_workspace *ws, const char *db_path);

/* Open the one database (workspace_db_path) and lay its state over every
 * plan. Read-only, a database not there yet is not created (ws->store stays
 * NULL: every task as its plan file says). Return KH_E_OK or an error. */
kh_errcode workspace_open_store(kh_workspace *ws, const char *db_path, bool read_only,
                                kh_error *err);

/* Look at the folder again: a plan file gone is closed (its state stays in
 * the database), a new one is loaded (through the plan cache, its state
 * from the store) in id order, or goes to ws->bad when it does not load or
 * its id is taken; the files known already are not read again (their
 * edits are app_poll_plan's). When anything is to change, before(ctx)
 * is called first (when not NULL): ws->plans then moves, and pointers into
 * it are stale once *changed. Return KH_E_OK, or an error of the folder or the
 * store. */
kh_errcode workspace_rescan(kh_workspace *ws, void (*before)(void *ctx), void *ctx, bool *changed,
                            kh_error *err);

/* Free everything the workspace holds. */
void workspace_close(kh_workspace *ws);

/* Return the index of the plan with this id, or -1. */
long workspace_find_plan(const kh_workspace *ws, const char *id);

/* Find which plan a task named on the command line belongs to: "PLAN:TASK"
 * names both; a bare TASK is looked up in every plan (exactly, else without
 * regard to case or as the periods of a periodic task). Return KH_E_OK with
 * the plan's index in *plan and where the task's id starts in *task;
 * KH_E_NOT_FOUND (no plan has it; or PLAN is not a plan of the workspace);
 * or KH_E_CONFLICT when several plans have it, named PLAN:TASK in err
 * ("a:II.3, b:II.3"). Tasks amendments add count once the store is open. */
kh_errcode workspace_task_plan(const kh_workspace *ws, const char *arg, size_t *plan,
                               const char **task, kh_error *err);

/* Count every plan's tasks as model_count does (counts[i] for plan i, room
 * for ws->nplans). Returns nothing. */
void workspace_counts(const kh_workspace *ws, kh_counts *counts);

/* Return every task of every plan in one sequence, plan by plan in plan
 * order (a heap array of *n; free it). */
kh_ws_task *workspace_tasks(const kh_workspace *ws, size_t *n);

/* What the digest (and a "due within N days" filter) makes of a task. */
typedef enum { WS_NOT_DUE, WS_OVERDUE, WS_DUE } kh_ws_due;

/* Return whether task t is overdue (not done, past its deadline, as
 * model_timeliness says), falls due from today to today + days (not done,
 * a dated deadline: continuous work never falls due), or neither (a task
 * assigned to each member of a group is neither: its occurrences are). */
kh_ws_due workspace_due(const kh_task *t, kh_date today, int days);

/* Sort n workspace tasks by deadline as app_sort does (then by plan id and
 * plan order). Returns nothing. */
void workspace_sort_deadline(const kh_workspace *ws, kh_ws_task *v, size_t n);

/* ---- from the ward to the province (src/workspace_snapshot.c) ---- */

#define WS_WARDS_DIR       "wards" /* a province's received snapshots: DIR/wards/ID.snapshot */
#define WS_SNAPSHOT_SUFFIX ".snapshot"
enum { WS_SNAPSHOT_MAX = 1 << 30 }; /* bytes: a bigger one is refused */

/* Return DIR/wards/WARD.snapshot (a heap string). */
char *workspace_snapshot_path(const kh_workspace *ws, const char *ward);

/* Return true when some plan of the workspace assigns a task to ward (it
 * has an occurrence TASK@ward). */
bool workspace_has_member(const kh_workspace *ws, const char *ward);

/* Write the ward workspace's snapshot to dest ("-": standard output),
 * through a temporary file renamed into place (never half a file under
 * dest's name). Opens the store (made when there is none yet). Return
 * KH_E_OK, KH_E_INVALID when the workspace names no ward, or an error. */
kh_errcode workspace_snapshot(kh_workspace *ws, const char *dest, kh_error *err);

/* Take a snapshot of ward from fd into the province workspace: copied to a
 * temporary file beside DIR/wards/WARD.snapshot, checked completely (a
 * ward of the plans' groups; SQLite's integrity check; a kehoach
 * snapshot; of this ward; a schema this kehoach reads; the province's plan
 * files' hashes; newer than the one here; opens as a database), then
 * renamed into place. Return KH_E_OK, or KH_E_INVALID (err says why) or an
 * I/O error; the previous snapshot stays then. */
kh_errcode workspace_receive(kh_workspace *ws, const char *ward, int fd, kh_error *err);

/* ---- the province's view (src/workspace_province.c) ---- */

enum { WS_SNAPSHOT_STALE = 86400 }; /* seconds: a ward's snapshot older than a day is marked */

/* Return true when the workspace is a province's: it has DIR/wards/. */
bool workspace_is_province(const kh_workspace *ws);

/* After workspace_open_store: find every ward the plans assign tasks to
 * (ws->wards, by id), open each one's snapshot read-only in turn and lay
 * its own occurrences' state over the plans (the rest of every plan is the
 * province's database), and fill in each ward's figures. A snapshot that
 * cannot be read is the ward's problem, not an error. Return KH_E_OK or an
 * error. */
kh_errcode workspace_province_fold(kh_workspace *ws, kh_error *err);

/* The same over apps[0..napps) (their plans loaded, their store open): a
 * command on one plan of a province's workspace (--plan ID, PLAN:TASK). */
kh_errcode workspace_province_fold_apps(kh_workspace *ws, kh_app *apps, size_t napps,
                                        kh_error *err);

/* Count every ward's figures again (after workspace_province_fold_apps)
 * over the occurrences in apps[0..napps) only of plan number plan (-1:
 * every plan) and only of the task at index task of it that they belong to
 * (-1: every task): the dashboard's filters by plan and by task. The
 * snapshot's age is counted again too. Returns nothing. */
void workspace_wards_count(kh_workspace *ws, const kh_app *apps, size_t napps, long plan,
                           long task);

/* Open ward's received snapshot (DIR/wards/WARD.snapshot) read-only into
 * *out, setting *made_at (when not NULL) to when it was made; *out is NULL
 * with KH_E_OK when the ward sent none. What the ward wrote of its own
 * occurrences (notes, results, history) is read there: it stays at the
 * ward, the snapshot carries a copy. Close it with store_close. Return
 * KH_E_OK or an error. */
kh_errcode workspace_ward_store(const kh_workspace *ws, const char *ward, kh_store **out,
                                int64_t *made_at, kh_error *err);

/* Read, from every ward's received snapshot, the notes (not those an undo
 * withdrew) it wrote on its own occurrences of plan, into a heap array
 * (*out, *n; free with store_notes_free): a province's report counts them
 * with its own. A snapshot that cannot be read is left out (it is the
 * ward's problem, shown in the ranking). Return KH_E_OK or an error. */
kh_errcode workspace_wards_notes(const kh_workspace *ws, const kh_plan *plan, kh_note **out,
                                 size_t *n, kh_error *err);

/* Read, from every ward's received snapshot, the results (not those an
 * undo withdrew) it recorded on its own occurrences of plan, oldest first
 * by ward, into a heap array (*out, *n; free with store_results_free): a
 * province's report shows them as the ward's own does. A snapshot that
 * cannot be read is left out. Return KH_E_OK or an error. */
kh_errcode workspace_wards_results(const kh_workspace *ws, const kh_plan *plan, kh_result **out,
                                   size_t *n, kh_error *err);

/* Return when DIR/wards/ last changed (ns; a snapshot renamed in changes
 * it), or 0 when there is none. */
int64_t workspace_wards_stamp(const kh_workspace *ws);

/* Sort ws->wards into the ranking (completion, fewer overdue, younger
 * oldest overdue, id) and number them. Returns nothing. */
void workspace_wards_rank(kh_workspace *ws);

/* Return, for every task of app's plan, the folded text (text_fold: case
 * and diacritics ignored) of its notes (the plan file's and the
 * database's, not those an undo withdrew) and of its results' documents and
 * file names, one after another with a newline between; NULL for a task
 * with none. A heap array of plan->ntasks (free with workspace_note_texts_free);
 * NULL with err set when the store cannot be read. What a search in notes
 * looks in. */
char **workspace_note_texts(const kh_app *app, kh_error *err);

/* Free what workspace_note_texts returned for n tasks. */
void workspace_note_texts_free(char **v, size_t n);

/* Return true when unit u of app's plan is the person's own: the plan's
 * `rights:` entry for that unit (not `all:`) names the real user or one of
 * their groups. A plan without rights names no unit. */
bool workspace_unit_is_mine(kh_app *app, size_t u);

/* ---- plans that implement plans (src/workspace_links.c) ---- */

/* One plan's links, as indexes into ws->plans in plan order: the plans it
 * implements (its `implements` names them) and those that implement it. */
typedef struct {
    size_t *implements;
    size_t nimplements;
    size_t *implemented_by;
    size_t nimplemented_by;
} kh_ws_links;

/* Return true when document d of a plan's basis is plan: by id when d
 * gives one (`plan:`), else by number (case and spaces ignored) and date
 * (the same when both give one). */
bool workspace_doc_is_plan(const kh_document *d, const kh_plan *plan);

/* Fill *out with the links of plan i of the workspace (heap arrays: free
 * with workspace_links_done; a plan never links to itself). Returns
 * nothing. */
void workspace_links(const kh_workspace *ws, size_t i, kh_ws_links *out);

/* Free what workspace_links filled in. Returns nothing. */
void workspace_links_done(kh_ws_links *l);

/* Append the ids of plans v[0..n) of the workspace, "a, b". Returns nothing. */
void workspace_links_ids(strbuf *out, const kh_workspace *ws, const size_t *v, size_t n);

/* Return how many of plan's documents name by `plan:` an id that none of
 * ids[0..nids) is (NULL entries skipped; its own id is no link), their
 * indexes in out (room for plan->ndocuments). */
size_t workspace_links_missing(const kh_plan *plan, const char *const *ids, size_t nids,
                               size_t *out);

/* ---- workspace.yaml (src/plan_workspace.c: the plan reader's layer) ---- */

/* Read the settings file at path into *out (zeroed first). Return KH_E_OK,
 * KH_E_IO (with the problem in diags) or KH_E_PLAN (path:line:col problems
 * in diags). */
kh_errcode plan_workspace_load(const char *path, kh_lang lang, kh_ws_settings *out,
                               kh_diags *diags);

/* Return true when s may be a ward's id: a unit id (lower-case ASCII
 * letters, digits and '-', at most 64 bytes) (src/workspace_ward.c). */
bool workspace_ward_id_ok(const char *s);

/* Name the ward of the workspace at dir in its workspace.yaml (`ward: ID`,
 * added at its end; one that names this ward already is left as it is).
 * Return KH_E_OK, KH_E_INVALID when it names another ward (named in err),
 * or KH_E_IO (src/workspace_ward.c). */
kh_errcode workspace_set_ward(const char *dir, const char *ward, kh_lang lang, kh_error *err);

/* Free what plan_workspace_load filled in. */
void plan_workspace_free(kh_ws_settings *s);

/* Return the text of a new, commented workspace.yaml for a workspace
 * named name (NULL: none given) in lang (a heap string). */
char *plan_workspace_template(const char *name, kh_lang lang);

/* Make a workspace at dir: the folder (and its parents), its database and
 * a commented workspace.yaml, leaving an existing workspace.yaml and
 * database as they are (*made_settings, *made_db say what was made).
 * Return KH_E_OK or an error (nothing more is made after one). */
kh_errcode workspace_init(const char *dir, const char *name, kh_lang lang, bool *made_settings,
                          bool *made_db, kh_error *err);

#endif
