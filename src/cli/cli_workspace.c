/* cli: which workspace, its plans loaded and their problems printed, and a
 * command on one of its plans narrowed to it (--plan ID, PLAN:TASK). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kehoach/server_mode.h"

/* Return true when s names a file rather than a plan id. */
static bool looks_like_file(const char *s)
{
    size_t n = strlen(s);
    return strchr(s, '/') || (n > 5 && !strcmp(s + n - 5, ".yaml")) ||
           (n > 4 && !strcmp(s + n - 4, ".yml"));
}

const char *cli_workspace_dir(cli_ctx *ctx)
{
    if (ctx->ws_looked) return ctx->ws_dir;
    ctx->ws_looked = true;
    /* The office server: the configuration's workspace, or none (never one
     * found in the current folder: its plans would be a user's own). */
    if (server_active()) {
        ctx->ws_dir = server_workspace() ? xstrdup(server_workspace()) : NULL;
        return ctx->ws_dir;
    }
    const char *env = getenv("KEHOACH_WORKSPACE");
    const char *plan_env = getenv("KEHOACH_PLAN");
    /* --plan FILE is one plan file, as it always was, even beside --workspace. */
    if (ctx->plan_opt && looks_like_file(ctx->plan_opt))
        ctx->ws_dir = NULL;
    else if (ctx->ws_opt && *ctx->ws_opt)
        ctx->ws_dir = xstrdup(ctx->ws_opt);
    else if (env && *env)
        ctx->ws_dir = xstrdup(env);
    else if (!(plan_env && *plan_env) && access("workspace.yaml", F_OK) == 0)
        ctx->ws_dir = xstrdup(".");
    return ctx->ws_dir;
}

bool cli_workspace_wide(cli_ctx *ctx)
{
    return cli_workspace_dir(ctx) && !ctx->plan_opt;
}

/* Print the problems of the files that did not load. */
static void print_problems(const kh_workspace *ws)
{
    fflush(stdout);
    for (size_t i = 0; i < ws->nbad; i++) cli_print_diags(ws->bad[i].path, &ws->bad[i].diags);
}

/* Load the plans of the workspace (once). Return EXIT_OK or EXIT_DATA. */
static int load_plans(cli_ctx *ctx)
{
    if (ctx->ws) return EXIT_OK;
    ctx->ws = xcalloc(1, sizeof *ctx->ws);
    ctx->ws->lang = ctx->app.lang;
    ctx->ws->today = ctx->app.today;
    kh_error err = {0};
    kh_errcode rc = workspace_open(ctx->ws, ctx->ws_dir, &err);
    if (rc == KH_E_PLAN) {
        print_problems(ctx->ws);
        return EXIT_DATA;
    }
    if (rc == KH_E_INVALID) {
        cli_error(ctx,
                  TR(ctx->app.lang, "không gian làm việc %s có quá nhiều tệp kế hoạch (tối đa %d)",
                     "the workspace %s has too many plan files (at most %d)"),
                  ctx->ws_dir, WS_MAX_FILES);
        return EXIT_DATA;
    }
    if (rc) {
        cli_error(
            ctx, "%s: %s",
            TR(ctx->app.lang, "không mở được không gian làm việc", "cannot open the workspace"),
            err.detail);
        return EXIT_DATA;
    }
    if (!ctx->ws->nplans && !ctx->ws->nbad) {
        cli_error(ctx,
                  TR(ctx->app.lang,
                     "không gian làm việc %s chưa có kế hoạch nào (tệp *.yaml có dòng "
                     "\"kehoach: 1\")",
                     "the workspace %s has no plan yet (a *.yaml file with a \"kehoach: 1\" "
                     "line)"),
                  ctx->ws_dir);
        return EXIT_DATA;
    }
    return EXIT_OK;
}

int cli_load_workspace(cli_ctx *ctx)
{
    int rc = load_plans(ctx);
    if (rc) return rc;
    print_problems(ctx->ws);
    return ctx->ws->nplans ? EXIT_OK : EXIT_DATA;
}

/* cli_open_workspace; with why, a database that cannot be written is
 * opened read-only instead (see cli_open_workspace_dashboard). */
static int open_workspace(cli_ctx *ctx, bool read_only, char **why)
{
    int rc = load_plans(ctx);
    if (rc) return rc;
    print_problems(ctx->ws);
    if (!ctx->ws->nplans) return EXIT_DATA;
    for (size_t i = 0; i < ctx->ws->nplans; i++) {
        ctx->ws->plans[i].skip_note_counts = ctx->app.skip_note_counts;
        ctx->ws->plans[i].state_only = ctx->app.state_only; /* the state cache may serve */
    }
    kh_error err = {0};
    kh_errcode code = workspace_open_store(ctx->ws, ctx->db_opt, read_only, &err);
    if (code && why && !read_only && (code == KH_E_DB_READONLY || code == KH_E_DB_PERM)) {
        /* As the one plan's dashboard (cli_open_dashboard): look, read-only. */
        *why = xasprintf("%s: %s", kh_strerror(code, ctx->app.lang), err.detail);
        read_only = ctx->read_only = true;
        err = (kh_error){0};
        code = workspace_open_store(ctx->ws, ctx->db_opt, true, &err);
        if (code) {
            free(*why);
            *why = NULL;
        }
    }
    if (code) return cli_fail(ctx, &err);
    /* A province's: every ward's received snapshot laid over its occurrences. */
    if (read_only && !ctx->ws_no_wards && workspace_is_province(ctx->ws) &&
        workspace_province_fold(ctx->ws, &err))
        return cli_fail(ctx, &err);
    return EXIT_OK;
}

int cli_open_workspace(cli_ctx *ctx, bool read_only)
{
    return open_workspace(ctx, read_only, NULL);
}

int cli_open_workspace_dashboard(cli_ctx *ctx, char **why)
{
    *why = NULL;
    return open_workspace(ctx, ctx->read_only, why);
}

int cli_workspace_status(const cli_ctx *ctx, int rc)
{
    return rc == EXIT_OK && ctx->ws && ctx->ws->nbad ? EXIT_DATA : rc;
}

/* Narrow to plan number k of the workspace. */
static void narrow(cli_ctx *ctx, size_t k)
{
    free(ctx->ws_plan_path);
    ctx->ws_plan_path = xstrdup(ctx->ws->plans[k].plan->path);
    free(ctx->ws_db);
    ctx->ws_db = workspace_db_path(ctx->ws, ctx->db_opt);
}

/* Append the ids of the workspace's plans, "a, b, c". */
static void plan_ids(const kh_workspace *ws, strbuf *out)
{
    for (size_t i = 0; i < ws->nplans; i++)
        sb_printf(out, "%s%s", i ? ", " : "", ws->plans[i].plan->id);
}

/* Return true when arg is PLAN:TASK for a plan of the workspace. */
static bool names_plan(const kh_workspace *ws, const char *arg)
{
    const char *colon = strchr(arg, ':');
    if (!colon) return false;
    char *id = xstrndup(arg, (size_t)(colon - arg));
    bool found = workspace_find_plan(ws, id) >= 0;
    free(id);
    return found;
}

int cli_workspace_task(cli_ctx *ctx, const char **task)
{
    if (!cli_workspace_dir(ctx)) return EXIT_OK;
    int rc = load_plans(ctx);
    if (rc) return rc;
    kh_lang lang = ctx->app.lang;
    kh_workspace *ws = ctx->ws;
    strbuf ids = STRBUF_INIT;
    plan_ids(ws, &ids);
    if (ctx->plan_opt) {
        long k = workspace_find_plan(ws, ctx->plan_opt);
        if (k < 0) {
            print_problems(ws);
            cli_error(ctx,
                      TR(lang, "không gian làm việc %s không có kế hoạch '%s' (các kế hoạch: %s)",
                         "the workspace %s has no plan '%s' (plans: %s)"),
                      ctx->ws_dir, ctx->plan_opt, ws->nplans ? sb_str(&ids) : "-");
            sb_done(&ids);
            return EXIT_DATA;
        }
        /* PLAN:TASK for the plan --plan names is the task. */
        if (task) {
            size_t n = strlen(ctx->plan_opt);
            if (!strncmp(*task, ctx->plan_opt, n) && (*task)[n] == ':') *task += n + 1;
        }
        narrow(ctx, (size_t)k);
    } else if (task) {
        size_t k;
        const char *id;
        kh_error err = {0};
        /* A bare id may be a task an amendment added, which only the
         * database knows: look there too (read-only, creating nothing). */
        bool look = !names_plan(ws, *task);
        for (size_t i = 0; look && i < ws->nplans; i++) ws->plans[i].skip_note_counts = true;
        if (look && workspace_open_store(ws, ctx->db_opt, true, &err)) {
            sb_done(&ids);
            return cli_fail(ctx, &err);
        }
        kh_errcode e = workspace_task_plan(ws, *task, &k, &id, &err);
        if (e == KH_E_CONFLICT) {
            cli_error(ctx,
                      TR(lang,
                         "nhiệm vụ '%s' có trong nhiều kế hoạch: %s; hãy viết một trong các mã "
                         "đó (KẾ_HOẠCH:NHIỆM_VỤ)",
                         "task '%s' is in several plans: %s; write one of those (PLAN:TASK)"),
                      *task, err.detail);
            sb_done(&ids);
            return EXIT_DATA;
        }
        if (e && strchr(*task, ':') && strcmp(err.detail, *task) != 0) {
            cli_error(ctx,
                      TR(lang, "không gian làm việc %s không có kế hoạch '%s' (các kế hoạch: %s)",
                         "the workspace %s has no plan '%s' (plans: %s)"),
                      ctx->ws_dir, err.detail, ws->nplans ? sb_str(&ids) : "-");
            sb_done(&ids);
            return EXIT_DATA;
        }
        for (size_t p = 0; e && p < ws->nplans; p++) {
            const char *bare = strchr(*task, ':') ? strchr(*task, ':') + 1 : *task;
            if (!app_ward_foreign(ws->plans[p].plan, ws->settings.ward, bare, lang, &err)) continue;
            cli_error(ctx, "%s", err.detail); /* another ward's, not tracked here */
            sb_done(&ids);
            return EXIT_DATA;
        }
        if (e) {
            cli_error(ctx,
                      TR(lang,
                         "không kế hoạch nào của không gian làm việc có nhiệm vụ '%s' (các kế "
                         "hoạch: %s; xem: kehoach list)",
                         "no plan of the workspace has a task '%s' (plans: %s; see: kehoach "
                         "list)"),
                      *task, ws->nplans ? sb_str(&ids) : "-");
            sb_done(&ids);
            return EXIT_DATA;
        }
        *task = id;
        narrow(ctx, k);
    } else if (ws->nplans == 1 || (ws->nplans > 1 && ctx->ws_first)) {
        narrow(ctx, 0);
    } else {
        print_problems(ws);
        if (ws->nplans)
            cli_error(ctx,
                      TR(lang,
                         "không gian làm việc có %zu kế hoạch; lệnh này dùng cho một kế hoạch: "
                         "hãy chọn bằng --plan MÃ (%s)",
                         "the workspace has %zu plans; this command works on one: choose it "
                         "with --plan ID (%s)"),
                      ws->nplans, sb_str(&ids));
        sb_done(&ids);
        return EXIT_DATA;
    }
    sb_done(&ids);
    return EXIT_OK;
}

int cli_workspace_undo_plan(cli_ctx *ctx)
{
    int rc = cli_open_workspace(ctx, true);
    if (rc) return rc;
    kh_workspace *ws = ctx->ws;
    long best = -1;
    int64_t best_change = 0;
    for (size_t p = 0; p < ws->nplans; p++) {
        kh_undo u;
        kh_error err = {0};
        kh_errcode e = app_last_change(&ws->plans[p], -1, &u, &err);
        if (e == KH_E_NOT_FOUND) continue;
        if (e) return cli_fail(ctx, &err);
        /* One database: a later change has a larger id, whatever its plan. */
        if (best < 0 || u.change > best_change) {
            best = (long)p;
            best_change = u.change;
        }
        app_undo_free(&u);
    }
    /* None anywhere: the first plan says so, as undo does for one plan. */
    narrow(ctx, best >= 0 ? (size_t)best : 0);
    return EXIT_OK;
}

const char *cli_task_name(cli_ctx *ctx, const char *id)
{
    if (!ctx->ws || !ctx->ws_plan_path || !ctx->app.plan) return id;
    char **slot = &ctx->task_name[ctx->task_name_at];
    ctx->task_name_at = !ctx->task_name_at;
    free(*slot);
    *slot = xasprintf("%s:%s", ctx->app.plan->id, id);
    return *slot;
}

void cli_workspace_done(cli_ctx *ctx)
{
    for (int i = 0; i < 2; i++) {
        free(ctx->task_name[i]);
        ctx->task_name[i] = NULL;
    }
    if (ctx->ws) workspace_close(ctx->ws);
    free(ctx->ws);
    free(ctx->ws_dir);
    free(ctx->ws_plan_path);
    free(ctx->ws_db);
    ctx->ws = NULL;
    ctx->ws_dir = ctx->ws_plan_path = ctx->ws_db = NULL;
}
