/* kehoach check: validate plan files. */
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kehoach/paths.h"

static void summary(const cli_ctx *ctx, const char *path, const kh_plan *plan)
{
    size_t dated = 0, continuous = 0;
    for (size_t i = 0; i < plan->ntasks; i++) {
        if (plan->tasks[i].dl_kind == DL_CONTINUOUS)
            continuous++;
        else
            dated++;
    }
    cli_printf(stdout,
               TR(ctx->app.lang,
                  "%s: ok — %zu nhiệm vụ (%zu có thời hạn, %zu thường xuyên), %zu đơn vị\n",
                  "%s: ok — %zu tasks (%zu with a deadline, %zu continuous), %zu units\n"),
               path, plan->ntasks, dated, continuous, plan->nunits);
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
static int open_db(cli_ctx *ctx, kh_store **out)
{
    kh_lang lang = ctx->app.lang;
    kh_error err = {0};
    if (store_open(ctx->db_opt, STORE_READ_ONLY, out, &err)) return cli_fail(ctx, &err);
    if (store_check(*out, &err)) return cli_fail(ctx, &err);
    cli_printf(stdout,
               TR(lang, "%s: ok — cơ sở dữ liệu nguyên vẹn (PRAGMA quick_check), lược đồ %d\n",
                  "%s: ok — the database is whole (PRAGMA quick_check), schema %d\n"),
               ctx->db_opt, store_schema_version(*out));
    return EXIT_OK;
}

/* List the amendments the database records for the plan (issue 12), a
 * change or withdrawal of a task the plan lacks marked; leave them in *out.
 * Return EXIT_OK or EXIT_DATA (reported). */
static int check_amendments(cli_ctx *ctx, kh_store *s, const char *path, const kh_plan *plan,
                            kh_amendment **out, size_t *nout)
{
    kh_lang lang = ctx->app.lang;
    kh_error err = {0};
    if (store_amendments(s, plan->id, false, out, nout, &err)) return cli_fail(ctx, &err);
    if (!*nout) return EXIT_OK;
    cli_printf(stdout,
               TR(lang, "%s: cơ sở dữ liệu %s ghi %zu điều chỉnh, bổ sung kế hoạch:\n",
                  "%s: the database %s records %zu amendment(s) of the plan:\n"),
               path, ctx->db_opt, *nout);
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
static int check_orphans(cli_ctx *ctx, kh_store *s, const char *path, const kh_plan *plan)
{
    kh_lang lang = ctx->app.lang;
    kh_error err = {0};
    char **ids;
    size_t n;
    kh_amendment *am = NULL;
    size_t nam = 0;
    if (check_amendments(ctx, s, path, plan, &am, &nam)) return EXIT_DATA;
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
                  path, ctx->db_opt, n);
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

int cmd_check(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {CLI_GLOBAL_OPTIONS, {0, 0, 0, 0}};
    int c;
    while ((c = cli_next_option(ctx, "check", argc, argv, "h", opts)) >= 0) {
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    if (ctx->help) {
        kh_lang lang = ctx->app.lang;
        return cli_help(
            ctx, TR(lang, "check [--db TỆP] [TỆP_KẾ_HOẠCH...]", "check [--db FILE] [PLAN_FILE...]"),
            TR(lang,
               "Kiểm tra tệp kế hoạch: in \"ok\" và tóm tắt cho tệp đúng, hoặc mọi lỗi\n"
               "tìm thấy dưới dạng tệp:dòng:cột: thông báo. Không ghi gì vào cơ sở dữ liệu.\n"
               "Với --db: báo các nhiệm vụ có trạng thái lưu trong cơ sở dữ liệu mà kế\n"
               "hoạch không còn. Thoát với mã 0 khi mọi tệp đúng, 1 khi có lỗi.\n",
               "Check plan files: \"ok\" and a summary for a valid file, or every problem\n"
               "found as file:line:col: message. Writes nothing to any database.\n"
               "With --db: report tasks with saved state that the plan no longer has.\n"
               "Exit 0 when every file is valid, 1 otherwise.\n"));
    }
    char *fallback = NULL;
    char *one[1];
    char **files = argv + optind;
    int nfiles = argc - optind;
    if (nfiles == 0) {
        fallback = paths_plan(ctx->plan_opt);
        one[0] = fallback;
        files = one;
        nfiles = 1;
    }
    /* The database first, once for every plan: a database that cannot be
     * read fails the command before any plan is called ok. */
    int status = EXIT_OK;
    kh_store *db = NULL;
    if (ctx->db_opt) {
        status = open_db(ctx, &db);
        if (!db) {
            free(fallback);
            return status;
        }
    }
    for (int i = 0; i < nfiles; i++) {
        kh_plan *plan;
        kh_diags diags = {0};
        if (plan_load(files[i], ctx->app.lang, &plan, &diags)) {
            fflush(stdout);
            cli_print_diags(files[i], &diags);
            status = EXIT_DATA;
        } else {
            summary(ctx, files[i], plan);
            fflush(stdout);
            check_accounts(ctx, files[i], plan);
            if (db && check_orphans(ctx, db, files[i], plan)) status = EXIT_DATA;
            model_free(plan);
        }
        diags_free(&diags);
    }
    store_close(db);
    free(fallback);
    return status;
}
