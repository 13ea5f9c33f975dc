/* cli: the subcommands that print. Shared context and helpers. */
#ifndef KEHOACH_CLI_H
#define KEHOACH_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "kehoach/app.h"
#include "kehoach/csv.h"
#include "kehoach/error.h"
#include "kehoach/json.h"
#include "kehoach/util.h"
#include "kehoach/workspace.h"

enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

/* Codes of the global options, accepted before and after a subcommand. */
enum {
    OPT_PLAN = 1000,
    OPT_DB,
    OPT_TODAY,
    OPT_LANG,
    OPT_HELP,
    OPT_VERSION,
    OPT_NO_MOUSE,
    OPT_READ_ONLY,
    OPT_ASCII,
    OPT_WORKSPACE,
    OPT_FIRST_OWN /* commands number their own options from here */
};

/* clang-format off */
#define CLI_GLOBAL_OPTIONS                          \
    {"plan", required_argument, NULL, OPT_PLAN},    \
    {"db", required_argument, NULL, OPT_DB},        \
    {"today", required_argument, NULL, OPT_TODAY},  \
    {"lang", required_argument, NULL, OPT_LANG},    \
    {"help", no_argument, NULL, OPT_HELP},          \
    {"workspace", required_argument, NULL, OPT_WORKSPACE}
/* clang-format on */

typedef struct {
    const char *prog;
    const char *plan_opt; /* --plan, or NULL */
    const char *db_opt;   /* --db, or NULL */
    bool today_set;
    bool no_mouse;
    bool read_only;
    bool ascii; /* --ascii */
    bool color; /* stdout is a terminal and NO_COLOR is unset */
    bool help;  /* --help was given: print the help once every option is read */
    kh_app app;
    /* The workspace (cli_workspace.c). */
    const char *ws_opt; /* --workspace, or NULL */
    char *ws_dir;       /* the workspace in use, once found; NULL: one plan file */
    bool ws_looked;     /* ws_dir was worked out */
    kh_workspace *ws;   /* loaded, or NULL */
    char *ws_plan_path; /* the plan narrowed to (--plan ID, PLAN:TASK) */
    char *ws_db;        /* the workspace's database, for a command on one of its plans */
    bool ws_first;      /* with several plans and no --plan, open the first (dashboard) */
    char *task_name[2]; /* cli_task_name's last two answers */
    int task_name_at;
    bool ws_no_wards; /* do not lay a province's ward snapshots over its plans (receive) */
} cli_ctx;

typedef struct {
    const char *name;
    int (*run)(cli_ctx *ctx, int argc, char **argv);
    const char *args;
    const char *summary_vi;
    const char *summary_en;
} cli_command;

/* The subcommands, ending with a NULL name. */
extern const cli_command cli_commands[];

enum { CLI_OPTIONS_END = -1, CLI_OPTIONS_BAD = -2 };

/* Read the next option of command cmd (NULL: before any command). Global
 * options and --help are handled here. Return the code of one of the
 * command's own options, CLI_OPTIONS_END, or CLI_OPTIONS_BAD after reporting
 * a usage error. shortopts as for getopt_long. */
int cli_next_option(cli_ctx *ctx, const char *cmd, int argc, char **argv, const char *shortopts,
                    const struct option *opts);

/* Handle a global option (code c, argument arg). Return -1 when c is not
 * one, EXIT_OK when handled, EXIT_USAGE (reported) when its value is bad. */
int cli_global_option(cli_ctx *ctx, int c, const char *arg);

/* The rule for output: text from a plan, a database, a file name or the
 * command line reaches the terminal only through text_sanitize (control
 * characters shown as \x1B, bidi controls as <U+202E>, invalid bytes as
 * \xFF; newlines kept), through json_string (\u001b, \u009b, \u202e) or
 * csv_field (the same as text). cli_printf, cli_error and cli_print_diags do
 * it for the whole line. */

/* Write the printf-formatted text to out made safe for a terminal (see
 * above). Never for text that holds colour codes: they would show. */
void cli_printf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Print "kehoach: message" on stderr, made safe for a terminal. */
void cli_error(const cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Report an error from a lower layer; return EXIT_DATA. */
int cli_fail(const cli_ctx *ctx, const kh_error *err);

/* Report a usage error with a pointer to --help; return EXIT_USAGE. */
int cli_usage_error(const cli_ctx *ctx, const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Load the plan (reporting its problems as path:line:col: message). Return
 * EXIT_OK or EXIT_DATA. */
int cli_load_plan(cli_ctx *ctx);

/* Open the database for the loaded plan. Return EXIT_OK or EXIT_DATA. */
int cli_open_store(cli_ctx *ctx, bool read_only);

/* Load the plan and open the database. Return EXIT_OK or EXIT_DATA. */
int cli_open(cli_ctx *ctx, bool read_only);

/* The dashboard's cli_open: read-write unless --read-only; a database this
 * user cannot write (KH_E_DB_READONLY, KH_E_DB_PERM) is opened read-only
 * instead, ctx->read_only set and *why (on the heap) saying why; else *why
 * is NULL. Return EXIT_OK or EXIT_DATA. */
int cli_open_dashboard(cli_ctx *ctx, char **why);

/* Print the problems found in a plan file. */
void cli_print_diags(const char *path, const kh_diags *d);

/* ---- cli_screen.c: a screen of plain text lines (status) ---- */
typedef struct {
    cli_ctx *ctx;
    int width;
    int lines; /* written so far */
    strbuf sb; /* the line being made */
} cli_screen;
/* Write the line being made and start the next. Returns nothing. */
void cli_screen_line(cli_screen *s);
/* Append text made safe for a terminal, cut (or padded) to cols columns. Returns nothing. */
void cli_screen_fit(cli_screen *s, const char *text, int cols, bool pad);
/* Write how far a deadline `days` from today is ("quá 3 ngày", "hôm nay",
 * "còn 2 ngày") into buf (n bytes). Return buf. */
const char *cli_days_words(char *buf, size_t n, long days, kh_lang lang);

/* ---- cli_workspace.c: a folder of plans ---- */

/* Return the workspace folder in use: NULL when --plan names a file (a
 * path with '/' or a name ending .yaml/.yml: one plan file, as before);
 * else --workspace; else $KEHOACH_WORKSPACE; else, unless $KEHOACH_PLAN is
 * set, the current folder when it holds workspace.yaml; else NULL. */
const char *cli_workspace_dir(cli_ctx *ctx);

/* Return true when the command covers the whole workspace: there is one
 * and no --plan ID narrows it. */
bool cli_workspace_wide(cli_ctx *ctx);

/* Load the workspace's plans (problems printed), opening no database: for
 * receive, which needs the plans' files only. Return EXIT_OK, or EXIT_DATA
 * when no plan loaded. */
int cli_load_workspace(cli_ctx *ctx);
/* Load every plan of the workspace and open its database, printing each
 * file that did not load (path:line:col: message). Return EXIT_OK (the
 * valid plans are in ctx->ws) or EXIT_DATA (nothing to show). */
int cli_open_workspace(cli_ctx *ctx, bool read_only);

/* The dashboard's cli_open_workspace: as cli_open_dashboard, a workspace
 * database this user cannot write is opened read-only instead, with
 * ctx->read_only set and *why (on the heap) saying why. Return as
 * cli_open_workspace. */
int cli_open_workspace_dashboard(cli_ctx *ctx, char **why);

/* The exit status a command over the workspace ends with: EXIT_DATA when a
 * file did not load (already reported), else rc. */
int cli_workspace_status(const cli_ctx *ctx, int rc);

/* For set, note, undo: in a workspace, find the plan of *task ("PLAN:TASK",
 * or a task id only one plan has) and narrow to it, leaving the task id in
 * *task. Return EXIT_OK, or EXIT_DATA after saying why (unknown, in several
 * plans). */
int cli_workspace_task(cli_ctx *ctx, const char **task);

/* For undo without a task in a workspace: narrow to the plan of the user's
 * last change that can be undone, across every plan. Return EXIT_OK or
 * EXIT_DATA (said). */
int cli_workspace_undo_plan(cli_ctx *ctx);

/* Return how a message names the task id of the plan loaded: PLAN:TASK in
 * a workspace (the task's plan narrowed to), else the id itself. Valid
 * until the next call but one (ctx holds it). */
const char *cli_task_name(cli_ctx *ctx, const char *id);

/* Free what the workspace part of ctx holds. */
void cli_workspace_done(cli_ctx *ctx);

/* Return the edit distance between two short words (99 when long). */
size_t cli_distance(const char *a, const char *b);

/* Find a task by id, reporting an unknown one with the nearest id. Return
 * its index or -1. */
long cli_find_task(cli_ctx *ctx, const char *id);

/* Print the help for a command: usage line, then text. Return EXIT_OK. */
int cli_help(const cli_ctx *ctx, const char *usage, const char *text);

/* Return the terminal width for tables: $COLUMNS, the terminal's, or 80. */
int cli_width(void);

/* ANSI attributes, or "" without colour. */
const char *cli_sgr(const cli_ctx *ctx, const char *code);

/* Write s as a JSON string (quoted, escaped). */
void json_string(FILE *out, const char *s);

/* ---- cli_json.c: JSON that list and export share ---- */
/* Write s as a JSON string, or null for NULL. */
void json_str_or_null(FILE *out, const char *s);
/* Write d as "yyyy-mm-dd", or null for KH_NO_DATE. */
void json_date(FILE *out, kh_date d);
/* Write the n strings of v as a JSON array. */
void json_strings(FILE *out, const char *const *v, size_t n);
/* Write the plan's description as JSON object members, "id" to "aims". */
void json_plan_fields(FILE *out, const kh_plan *plan);
/* Write the plan's units as a JSON array (id, name, short). */
void json_unit_list(FILE *out, const kh_plan *plan);
/* Write the plan's duties as a JSON array (unit, heading, items, tasks). */
void json_duty_list(FILE *out, const kh_plan *plan);

/* ---- cli_targets.c: the plan's targets ---- */
/* Write the plan's targets as a JSON array (id, text, measure, horizons,
 * lead, horizon, value, on, doc, by, achieved, gap) for day today. */
void json_target_list(FILE *out, const kh_plan *plan, kh_date today);
/* Give line(), one by one, the lines `status` shows for the targets: a
 * count, then at most max_rows rows fitted to width (safe for a terminal). */
void cli_targets_status(const kh_app *app, int width, size_t max_rows,
                        void (*line)(void *ctx, const char *text), void *ctx);

/* For `check` of a valid plan: say how many targets it has (a target
 * without a horizon is one of the plan's warnings: plan_build.c). */
void cli_targets_check(const cli_ctx *ctx, const char *path, const kh_plan *plan);

/* json_sb_string (kehoach/json.h): s as a JSON string. */
/* Append task t's officer and confirmation as JSON object members
 * (",\"officer\":..."): officer, confirm_by, proposed, confirmed,
 * confirmed_by, confirmed_at, rejected. */
void json_sb_confirm_fields(strbuf *sb, const kh_plan *plan, const kh_task *t);

/* Append a member's occurrence's `member` and a task assigned to each
 * member's `members` counts and `summary` (true: counted by its
 * occurrences, never itself), as JSON fields (cli_members.c). */
void json_sb_member_fields(strbuf *sb, const kh_plan *plan, const kh_task *t, kh_date today);

/* Append who leads a task assigned to each member of a group: "từng đơn
 * vị: TQT, CL, MT" (cli_members.c). */
void cli_member_leads(strbuf *sb, const kh_plan *plan, const kh_task *t, kh_lang lang);

/* Append how the members are doing with task t ("2/3 đã hoàn thành (1 đúng
 * hạn), 1 quá hạn") (cli_members.c). */
void cli_member_words(strbuf *sb, const kh_plan *plan, const kh_task *t, kh_date today,
                      kh_lang lang);

/* ---- cli_json_record.c: results and amendments ---- */

/* Write the results of r[0..n) (those of task_id only, when not NULL) as a
 * JSON array of {doc, file, sha256, size, by, at}. */
void json_results(FILE *out, const kh_result *r, size_t n, const char *task_id);

/* Append to sb the fields of task t's record of issue 12 that only some
 * tasks have: for an extended one "deadline_original" and "extensions" (to,
 * doc, reason, by, at: from x[0..n), every task's, by task id then oldest
 * first); for a done one "completed_on"; for a withdrawn one
 * "withdrawn_doc". */
void json_sb_record_fields(strbuf *sb, const kh_task *t, const kh_extension *x, size_t n);

/* Append the n results r[0..n) to sb as json_results writes them. */
void json_sb_results(strbuf *sb, const kh_result *const *r, size_t n);

/* Write the amendments of a[0..n) (those of task_id only, when not NULL) as
 * a JSON array of {task, kind, text, lead, deadline, doc, by, at}. */
void json_amendments(FILE *out, const kh_amendment *a, size_t n, const char *task_id);

/* ---- cli_rows.c: many rows of output, on two threads where there are two CPUs ---- */
/* Scratch buffers a row function may use; one set a thread. */
typedef struct {
    strbuf a, b;
} cli_scratch;
/* Append row k to out. Must not change anything shared: rows are made at once. */
typedef void (*cli_row_fn)(const void *ctx, size_t k, strbuf *out, cli_scratch *tmp);
/* Make rows 0..n-1 with fn and write them to out in order. Returns nothing;
 * a thread that cannot be started leaves the work to the caller's thread. */
void cli_rows_write(FILE *out, size_t n, cli_row_fn fn, const void *ctx);
/* Fewer rows than this are made on one thread. */
enum { CLI_ROWS_THREADED = 4096 };

/* The subcommands. Each returns an exit code. */
int cmd_status(cli_ctx *ctx, int argc, char **argv);
int cmd_list(cli_ctx *ctx, int argc, char **argv);
int cmd_set(cli_ctx *ctx, int argc, char **argv);
int cmd_note(cli_ctx *ctx, int argc, char **argv);
int cmd_history(cli_ctx *ctx, int argc, char **argv);
int cmd_undo(cli_ctx *ctx, int argc, char **argv);
int cmd_check(cli_ctx *ctx, int argc, char **argv);
int cmd_report(cli_ctx *ctx, int argc, char **argv);
int cmd_export(cli_ctx *ctx, int argc, char **argv);
int cmd_present(cli_ctx *ctx, int argc, char **argv);

/* Run the screens' program (kehoach-tui: the dashboard, present) in this
 * process's place with the same arguments, argv being main's: the
 * commands that never draw load no curses. Found as
 * DIR/../libexec/kehoach/kehoach-tui, else DIR/NAME-tui, DIR and NAME this
 * program's own (/proc/self/exe). Returns only when it cannot be run:
 * EXIT_DATA, reported. */
int cli_exec_tui(cli_ctx *ctx, char **argv);
int cmd_import(cli_ctx *ctx, int argc, char **argv);
int cmd_confirm(cli_ctx *ctx, int argc, char **argv);
int cmd_assign(cli_ctx *ctx, int argc, char **argv);
int cmd_result(cli_ctx *ctx, int argc, char **argv);
/* Return the exit status of `kehoach extend` (cmd_extend.c). */
int cmd_extend(cli_ctx *ctx, int argc, char **argv);
int cmd_show(cli_ctx *ctx, int argc, char **argv);
int cmd_attachment(cli_ctx *ctx, int argc, char **argv);
int cmd_amend(cli_ctx *ctx, int argc, char **argv);

/* ---- cmd_result.c: results, shared by set and result ---- */

/* Load the plan and find task id in it or (a task an amendment added) in
 * the database, then open the database to write (write) or read. Return
 * the task's index, or -1 with *rc the exit code (reported). */
long cli_find_task_open(cli_ctx *ctx, const char *id, bool write, int *rc);

/* Copy the file at path into the attachments folder (app_attach_file),
 * saying why not when it cannot be. Return EXIT_OK or EXIT_DATA. */
int cli_attach(cli_ctx *ctx, const char *path, kh_attach *out);

/* Record the result doc / file of done task number `task` and say so.
 * Return EXIT_OK, or EXIT_DATA after reporting. */
int cli_result_add(cli_ctx *ctx, size_t task, const char *doc, const kh_attach *file);
int cmd_measure(cli_ctx *ctx, int argc, char **argv);

/* Undo a measurement (cmd_measure.c): given (from app_last_change, which
 * found one), or else the user's last one of target number `target`; print
 * what it did. Return an exit code. */
int cli_undo_target(cli_ctx *ctx, long target, kh_undo *given);
/* The workspace (issue 14): init, migrate, digest; status and list over every plan. */
int cmd_init(cli_ctx *ctx, int argc, char **argv);
int cmd_migrate(cli_ctx *ctx, int argc, char **argv);
int cmd_digest(cli_ctx *ctx, int argc, char **argv);
int cmd_snapshot(cli_ctx *ctx, int argc, char **argv);
/* The province's wards, ranked: a table on the status screen, and list
 * JSON's `wards` array (cli_wards.c). Return nothing. */
void cli_wards_table(cli_screen *s, kh_workspace *ws);
void json_wards(FILE *out, kh_workspace *ws);
int cmd_receive(cli_ctx *ctx, int argc, char **argv);
/* Print the status of every plan of the workspace (cmd_status_ws.c). Return an exit status. */
int cli_status_workspace(cli_ctx *ctx);

#endif
