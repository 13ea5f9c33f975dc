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
    printf(TR(ctx->app.lang,
              "%s: ok — %zu nhiệm vụ (%zu có thời hạn, %zu thường xuyên), %zu đơn vị\n",
              "%s: ok — %zu tasks (%zu with a deadline, %zu continuous), %zu units\n"),
           path, plan->ntasks, dated, continuous, plan->nunits);
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
            fprintf(stderr,
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
            fprintf(stderr,
                    TR(lang,
                       "%s:%d:%d: cảnh báo: máy này không có nhóm '%s' (quyền này chưa áp dụng "
                       "cho ai)\n",
                       "%s:%d:%d: warning: this machine has no group '%s' (the right applies to "
                       "no one yet)\n"),
                    path, r->groups[k].line, r->groups[k].col, r->groups[k].name);
        }
    }
}

/* Report state the database keeps for tasks the plan no longer has. */
static int check_db(cli_ctx *ctx, const char *path, const kh_plan *plan)
{
    kh_lang lang = ctx->app.lang;
    kh_store *s;
    kh_error err = {0};
    if (store_open(ctx->db_opt, STORE_READ_ONLY, &s, &err)) return cli_fail(ctx, &err);
    char **ids;
    size_t n;
    kh_errcode rc = store_orphans(s, plan, &ids, &n, &err);
    store_close(s);
    if (rc) return cli_fail(ctx, &err);
    if (n) {
        printf(TR(lang,
                  "%s: cơ sở dữ liệu %s còn giữ trạng thái của %zu nhiệm vụ không còn trong kế "
                  "hoạch (được giữ lại, không xóa):",
                  "%s: the database %s keeps state for %zu task(s) the plan no longer has (kept, "
                  "not deleted):"),
               path, ctx->db_opt, n);
        for (size_t i = 0; i < n; i++) {
            printf(" %s", ids[i]);
            free(ids[i]);
        }
        putchar('\n');
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
    int status = EXIT_OK;
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
            if (ctx->db_opt && check_db(ctx, files[i], plan)) status = EXIT_DATA;
            model_free(plan);
        }
        diags_free(&diags);
    }
    free(fallback);
    return status;
}
