/* kehoach check: validate plan files. */
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kehoach/paths.h"
#include "kehoach/server_mode.h"

static void summary(const cli_ctx *ctx, const char *path, const kh_plan *plan)
{
    size_t dated = 0, continuous = 0;
    for (size_t i = 0; i < plan->ntasks; i++) {
        /* A task for each member of a group is its occurrences (issue 17). */
        if (model_task_summary(&plan->tasks[i])) continue;
        if (plan->tasks[i].dl_kind == DL_CONTINUOUS)
            continuous++;
        else
            dated++;
    }
    cli_printf(stdout,
               TR(ctx->app.lang,
                  "%s: ok — %zu nhiệm vụ (%zu có thời hạn, %zu thường xuyên), %zu đơn vị\n",
                  "%s: ok — %zu tasks (%zu with a deadline, %zu continuous), %zu units\n"),
               path, dated + continuous, dated, continuous, plan->nunits);
    /* An export's: what it carries beyond the tasks. */
    if (plan->norphans || plan->nhistory) {
        strbuf ids = STRBUF_INIT;
        for (size_t i = 0; i < plan->norphans && i < 10; i++)
            sb_printf(&ids, "%s%s", i ? ", " : "", plan->orphans[i].id);
        if (plan->norphans > 10) sb_puts(&ids, ", …");
        cli_printf(stdout,
                   TR(ctx->app.lang,
                      "%s: còn mang trạng thái của %zu nhiệm vụ không còn trong kế hoạch%s%s%s "
                      "và %zu dòng lịch sử\n",
                      "%s: also carries the state of %zu task(s) the plan no longer has%s%s%s and "
                      "%zu history row(s)\n"),
                   path, plan->norphans, ids.len ? " (" : "", sb_str(&ids), ids.len ? ")" : "",
                   plan->nhistory);
        sb_done(&ids);
    }
}

/* Warn about the users and groups `rights:` names that this machine does
 * not know: a plan may be checked elsewhere, so this is no error, but a
 * right given to a misspelt account applies to no one. */
static void check_accounts(const cli_ctx *ctx, const char *path, const kh_plan *plan)
{
    kh_lang lang = ctx->app.lang;
    char buf[16384];
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *r = &plan->rights[i];
        for (uint32_t k = 0; k < r->nusers; k++) {
            struct passwd pw, *res = NULL;
            if (getpwnam_r(r->users[k].name, &pw, buf, sizeof buf, &res) == 0 && res) continue;
            cli_printf(stderr,
                       TR(lang,
                          "%s:%d:%d: cảnh báo: máy này không có tài khoản '%s' (quyền này chưa áp "
                          "dụng cho ai)\n",
                          "%s:%d:%d: warning: this machine has no account '%s' (the right applies "
                          "to no one yet)\n"),
                       path, r->users[k].line, r->users[k].col, r->users[k].name);
        }
        for (uint32_t k = 0; k < r->ngroups; k++) {
            struct group gr, *res = NULL;
            if (getgrnam_r(r->groups[k].name, &gr, buf, sizeof buf, &res) == 0 && res) continue;
            cli_printf(stderr,
                       TR(lang,
                          "%s:%d:%d: cảnh báo: máy này không có nhóm '%s' (quyền này chưa áp dụng "
                          "cho ai)\n",
                          "%s:%d:%d: warning: this machine has no group '%s' (the right applies to "
                          "no one yet)\n"),
                       path, r->groups[k].line, r->groups[k].col, r->groups[k].name);
        }
    }
}

/* Open the database of --db read-only and check it for damage: its size
 * against its header and PRAGMA quick_check. Print that it is whole; return
 * EXIT_OK with the store in *out, or EXIT_DATA (reported; *out is NULL when
 * it cannot be read at all). */
static int open_db(cli_ctx *ctx, const char *path, kh_store **out)
{
    kh_lang lang = ctx->app.lang;
    kh_error err = {0};
    if (store_open(path, STORE_READ_ONLY, out, &err)) return cli_fail(ctx, &err);
    if (store_check(*out, &err)) return cli_fail(ctx, &err);
    cli_printf(stdout,
               TR(lang, "%s: ok — cơ sở dữ liệu nguyên vẹn (PRAGMA quick_check), lược đồ %d\n",
                  "%s: ok — the database is whole (PRAGMA quick_check), schema %d\n"),
               path, store_schema_version(*out));
    return EXIT_OK;
}

/* Verify the history's hash chain and the head kept beside the database:
 * print the head (to be noted down elsewhere) when it holds, or name the
 * first record that does not match. Return EXIT_OK or EXIT_DATA. */
static int check_chain(cli_ctx *ctx, kh_store *s, const char *path)
{
    kh_lang lang = ctx->app.lang;
    kh_error err = {0};
    kh_chain_report r;
    if (store_chain_verify(s, &r, &err)) return cli_fail(ctx, &err);
    if (r.problem == CHAIN_NONE) {
        cli_printf(stdout,
                   TR(lang, "%s: chưa có chuỗi băm (lược đồ cũ; có từ lần ghi đầu tiên)\n",
                      "%s: no hash chain yet (an older schema; it comes with the first write)\n"),
                   path);
        return EXIT_OK;
    }
    if (r.problem != CHAIN_OK) {
        strbuf why = STRBUF_INIT;
        app_chain_words(lang, path, &r, &why);
        kh_error_set(&err, KH_E_CHAIN, "%s", sb_str(&why));
        sb_done(&why);
        return cli_fail(ctx, &err);
    }
    cli_printf(stdout,
               TR(lang, "%s: ok — chuỗi băm lịch sử khớp: %lld liên kết, đầu chuỗi #%lld %s\n",
                  "%s: ok — the history's hash chain holds: %lld links, head #%lld %s\n"),
               path, (long long)r.links, (long long)r.head_seq, r.head);
    if (r.kept)
        cli_printf(stdout,
                   TR(lang, "%s: ok — chứa đầu chuỗi đã lưu bên cạnh (#%lld trong %s-head)%s\n",
                      "%s: ok — holds the head kept beside it (#%lld in %s-head)%s\n"),
                   path, (long long)r.kept_seq, path,
                   r.past_kept ? TR(lang, "; có liên kết mới hơn", "; with later links") : "");
    else
        cli_printf(stdout,
                   TR(lang, "%s: chưa có đầu chuỗi lưu bên cạnh (%s-head)\n",
                      "%s: no head kept beside it yet (%s-head)\n"),
                   path, path);
    return EXIT_OK;
}

/* List the amendments the database records for the plan (issue 12), a
 * change or withdrawal of a task the plan lacks marked; leave them in *out.
 * Return EXIT_OK or EXIT_DATA (reported). */
static int check_amendments(cli_ctx *ctx, kh_store *s, const char *db_path, const char *path,
                            const kh_plan *plan, kh_amendment **out, size_t *nout)
{
    kh_lang lang = ctx->app.lang;
    kh_error err = {0};
    if (store_amendments(s, plan->id, false, out, nout, &err)) return cli_fail(ctx, &err);
    if (!*nout) return EXIT_OK;
    cli_printf(stdout,
               TR(lang, "%s: cơ sở dữ liệu %s ghi %zu điều chỉnh, bổ sung kế hoạch:\n",
                  "%s: the database %s records %zu amendment(s) of the plan:\n"),
               path, db_path, *nout);
    for (size_t i = 0; i < *nout; i++) {
        const kh_amendment *a = &(*out)[i];
        char when[17];
        bool known = model_find_task(plan, a->task_id) >= 0;
        cli_printf(stdout, "  %s %s%s%s%s%s%s — %s (%s, %s)%s\n", store_amend_kind_code(a->kind),
                   a->task_id, a->text ? " text" : "", a->lead ? " lead=" : "",
                   a->lead ? a->lead : "", a->deadline ? " deadline=" : "",
                   a->deadline ? a->deadline : "", a->doc, a->user,
                   date_format_local_time((time_t)a->at, when),
                   a->kind != AMEND_ADD && !known ? TR(lang, " — kế hoạch không có nhiệm vụ này",
                                                       " — the plan has no such task")
                                                  : "");
    }
    return EXIT_OK;
}

/* Report state the database keeps for tasks the plan no longer has (a task
 * an amendment adds is not one). */
static int check_orphans(cli_ctx *ctx, kh_store *s, const char *db_path, const char *path,
                         const kh_plan *plan)
{
    kh_lang lang = ctx->app.lang;
    kh_error err = {0};
    char **ids;
    size_t n;
    kh_amendment *am = NULL;
    size_t nam = 0;
    if (check_amendments(ctx, s, db_path, path, plan, &am, &nam)) return EXIT_DATA;
    if (store_orphans(s, plan, &ids, &n, &err)) {
        store_amendments_free(am, nam);
        return cli_fail(ctx, &err);
    }
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        bool added = false;
        for (size_t k = 0; k < nam && !added; k++)
            added = am[k].kind == AMEND_ADD && !strcmp(am[k].task_id, ids[i]);
        if (added)
            free(ids[i]);
        else
            ids[kept++] = ids[i];
    }
    n = kept;
    store_amendments_free(am, nam);
    if (n) {
        strbuf line = STRBUF_INIT;
        sb_printf(&line,
                  TR(lang,
                     "%s: cơ sở dữ liệu %s còn giữ trạng thái của %zu nhiệm vụ không còn trong kế "
                     "hoạch (được giữ lại, không xóa):",
                     "%s: the database %s keeps state for %zu task(s) the plan no longer has "
                     "(kept, not deleted):"),
                  path, db_path, n);
        for (size_t i = 0; i < n; i++) {
            sb_printf(&line, " %s", ids[i]);
            free(ids[i]);
        }
        cli_printf(stdout, "%s\n", sb_str(&line));
        sb_done(&line);
    }
    free(ids);
    return EXIT_OK;
}

/* Print the plan's warnings as file:line:col: cảnh báo: message, or, with
 * --strict (where they fail the file), as errors: file:line:col: lỗi
 * (--strict): message. */
static void print_warnings(const cli_ctx *ctx, const char *path, const kh_diags *w, bool strict)
{
    const char *label = strict ? TR(ctx->app.lang, "lỗi (--strict): ", "error (--strict): ")
                               : TR(ctx->app.lang, "cảnh báo: ", "warning: ");
    for (size_t i = 0; i < w->n; i++)
        cli_printf(stderr, "%s:%d:%d: %s%s\n", path, w->v[i].line, w->v[i].col, label, w->v[i].msg);
}

enum { OPT_STRICT = OPT_FIRST_OWN };

/* In a workspace: check workspace.yaml and find the plan files. Return
 * EXIT_OK, EXIT_DATA (workspace.yaml is wrong: said), or EXIT_USAGE when the
 * folder cannot be read (said). */
static int check_workspace(cli_ctx *ctx, char ***files, size_t *n)
{
    kh_lang lang = ctx->app.lang;
    const char *dir = cli_workspace_dir(ctx);
    int status = EXIT_OK;
    char *settings = xasprintf("%s/workspace.yaml", dir);
    if (access(settings, F_OK) == 0) {
        kh_ws_settings ws;
        kh_diags d = {0};
        if (plan_workspace_load(settings, lang, &ws, &d)) {
            fflush(stdout);
            cli_print_diags(settings, &d);
            status = EXIT_DATA;
        } else {
            cli_printf(stdout, "%s: ok\n", settings);
            plan_workspace_free(&ws);
        }
        diags_free(&d);
    }
    free(settings);
    kh_error err = {0};
    if (workspace_find(dir, files, n, &err)) {
        cli_fail(ctx, &err);
        return EXIT_USAGE;
    }
    if (!*n)
        cli_printf(stdout, TR(lang, "%s: chưa có tệp kế hoạch nào\n", "%s: no plan file yet\n"),
                   dir);
    return status;
}

/* Report every plan id that two files of the workspace share. Return true when one does. */
static bool check_duplicates(cli_ctx *ctx, char **files, char **ids, size_t n)
{
    bool found = false;
    for (size_t i = 0; i < n; i++) {
        if (!ids[i]) continue;
        for (size_t j = 0; j < n; j++) {
            if (j == i || !ids[j] || strcmp(ids[i], ids[j]) != 0) continue;
            fflush(stdout);
            cli_printf(stderr,
                       TR(ctx->app.lang, "%s: mã kế hoạch '%s' trùng với tệp %s\n",
                          "%s: plan id '%s' is also the id of %s\n"),
                       files[i], ids[i], files[j]);
            found = true;
        }
    }
    return found;
}

/* Warn of every basis document that names by `plan:` a plan the workspace
 * does not have (an error with --strict). Return true when --strict fails
 * a file for it. */
static bool check_links(cli_ctx *ctx, char **files, kh_plan **plans, char **ids, size_t n,
                        bool strict)
{
    kh_lang lang = ctx->app.lang;
    const char *label = strict ? TR(lang, "lỗi (--strict): ", "error (--strict): ")
                               : TR(lang, "cảnh báo: ", "warning: ");
    bool failed = false;
    for (size_t i = 0; i < n; i++) {
        if (!plans[i]) continue;
        size_t *bad = xcalloc(plans[i]->ndocuments + 1, sizeof *bad);
        size_t nbad = workspace_links_missing(plans[i], (const char *const *)ids, n, bad);
        for (size_t k = 0; k < nbad; k++) {
            const kh_document *d = &plans[i]->documents[bad[k]];
            fflush(stdout);
            cli_printf(stderr,
                       TR(lang,
                          "%s: %scăn cứ %s ghi là kế hoạch '%s', không gian làm việc không có "
                          "kế hoạch này\n",
                          "%s: %sthe basis %s says it is the plan '%s', which the workspace "
                          "does not have\n"),
                       files[i], label, d->number, d->plan);
            failed = failed || strict;
        }
        free(bad);
    }
    return failed;
}

int cmd_check(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS, {"strict", no_argument, NULL, OPT_STRICT}, {0, 0, 0, 0}};
    bool strict = false;
    int c;
    while ((c = cli_next_option(ctx, "check", argc, argv, "h", opts)) >= 0) {
        if (c == OPT_STRICT) strict = true;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    if (ctx->help) {
        kh_lang lang = ctx->app.lang;
        return cli_help(
            ctx,
            TR(lang, "check [--strict] [--db TỆP] [TỆP_KẾ_HOẠCH...]",
               "check [--strict] [--db FILE] [PLAN_FILE...]"),
            TR(lang,
               "Kiểm tra tệp kế hoạch: in \"ok\" và tóm tắt cho tệp đúng, hoặc mọi lỗi\n"
               "tìm thấy dưới dạng tệp:dòng:cột: thông báo. Không ghi gì vào cơ sở dữ liệu.\n"
               "Với --db: báo các nhiệm vụ có trạng thái lưu trong cơ sở dữ liệu mà kế\n"
               "hoạch không còn. Thoát với mã 0 khi mọi tệp đúng, 1 khi có lỗi.\n"
               "Cảnh báo (tệp:dòng:cột: cảnh báo: ...): thời hạn ngoài kỳ kế hoạch, đơn vị\n"
               "vừa chủ trì vừa phối hợp một nhiệm vụ, đơn vị không chủ trì nhiệm vụ nào,\n"
               "nhiệm vụ chưa phân công, chỉ tiêu không có mốc thời gian; --strict coi\n"
               "cảnh báo là lỗi (mã 1).\n",
               "Check plan files: \"ok\" and a summary for a valid file, or every problem\n"
               "found as file:line:col: message. Writes nothing to any database.\n"
               "With --db: report tasks with saved state that the plan no longer has.\n"
               "Exit 0 when every file is valid, 1 otherwise.\n"
               "Warnings (file:line:col: warning: ...): a deadline outside the plan period,\n"
               "a unit that leads and supports one task, a unit that leads nothing, a task\n"
               "with no lead, a target with no horizon; --strict makes them errors\n"
               "(exit 1).\n"));
    }
    char *fallback = NULL;
    char *one[1];
    char **files = argv + optind;
    int nfiles = argc - optind;
    /* Plan files of the user's own: read with the user's own ids. */
    if (nfiles) server_drop();
    /* On the office server: the office's database (read with the group). */
    const char *db_path = ctx->db_opt ? ctx->db_opt : server_db();
    /* A workspace: workspace.yaml, then every plan file of it, then ids met twice. */
    char **ws_files = NULL, **ws_ids = NULL;
    kh_plan **ws_plans = NULL; /* kept for the links between them */
    size_t nws = 0;
    int ws_status = EXIT_OK;
    if (nfiles == 0 && cli_workspace_dir(ctx)) {
        ws_status = check_workspace(ctx, &ws_files, &nws);
        if (ws_status == EXIT_USAGE) return EXIT_DATA;
        files = ws_files;
        nfiles = (int)nws;
        ws_ids = xcalloc(nws + 1, sizeof *ws_ids);
        ws_plans = xcalloc(nws + 1, sizeof *ws_plans);
    } else if (nfiles == 0) {
        fallback = paths_plan(ctx->plan_opt);
        one[0] = fallback;
        files = one;
        nfiles = 1;
    }
    /* The database first, once for every plan: a database that cannot be
     * read fails the command before any plan is called ok. */
    int status = EXIT_OK;
    kh_store *db = NULL;
    if (db_path) {
        status = open_db(ctx, db_path, &db);
        if (!db) {
            free(fallback);
            return status;
        }
        if (!status) status = check_chain(ctx, db, db_path);
    }
    for (int i = 0; i < nfiles; i++) {
        kh_plan *plan;
        kh_diags diags = {0}, warnings = {0};
        if (plan_load_warn(files[i], ctx->app.lang, &plan, &diags, &warnings)) {
            fflush(stdout);
            cli_print_diags(files[i], &diags);
            status = EXIT_DATA;
        } else {
            /* With --strict a warning fails the file: no "ok" for it. */
            bool failed = strict && warnings.n;
            if (!failed) summary(ctx, files[i], plan);
            cli_targets_check(ctx, files[i], plan); /* cli_targets.c */
            fflush(stdout);
            print_warnings(ctx, files[i], &warnings, failed);
            if (failed) status = EXIT_DATA;
            check_accounts(ctx, files[i], plan);
            if (db && check_orphans(ctx, db, db_path, files[i], plan)) status = EXIT_DATA;
            if (ws_ids) ws_ids[i] = xstrdup(plan->id);
            if (ws_plans)
                ws_plans[i] = plan;
            else
                model_free(plan);
        }
        diags_free(&diags);
        diags_free(&warnings);
    }
    store_close(db);
    free(fallback);
    if (ws_files) {
        if (check_duplicates(ctx, files, ws_ids, nws)) status = EXIT_DATA;
        if (check_links(ctx, files, ws_plans, ws_ids, nws, strict)) status = EXIT_DATA;
        for (size_t i = 0; i < nws; i++) model_free(ws_plans[i]);
        free(ws_plans);
        for (size_t i = 0; i < nws; i++) free(ws_ids[i]);
        free(ws_ids);
        workspace_paths_free(ws_files, nws);
        if (ws_status) status = ws_status;
    }
    return status;
}
