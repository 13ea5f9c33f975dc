/* kehoach migrate --from OLD.db: a single plan's database into the
 * workspace's, nothing lost. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kehoach/store_migrate.h"

enum { OPT_FROM = OPT_FIRST_OWN };

int cmd_migrate(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"from", required_argument, NULL, OPT_FROM},
        {0, 0, 0, 0},
    };
    const char *from = NULL;
    int c;
    while ((c = cli_next_option(ctx, "migrate", argc, argv, "h", opts)) >= 0)
        if (c == OPT_FROM) from = optarg;
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(
            ctx, "migrate --from OLD.db",
            TR(lang,
               "Đưa cơ sở dữ liệu của một kế hoạch (trước khi có không gian làm việc) vào\n"
               "cơ sở dữ liệu của không gian làm việc: trạng thái, ghi chú, lịch sử và\n"
               "các lần hoàn tác, không mất gì, trong một giao dịch. Từ chối (không ghi gì)\n"
               "khi kế hoạch của OLD.db không có trong không gian làm việc, hoặc khi cơ sở\n"
               "dữ liệu của không gian làm việc đã có dữ liệu của kế hoạch đó. Tệp cũ giữ\n"
               "nguyên (một tệp của phiên bản cũ hơn được nâng lên lược đồ hiện tại trước).\n",
               "Bring a single plan's database (from before workspaces) into the\n"
               "workspace's database: state, notes, history and undos, nothing lost, in\n"
               "one transaction. Refused (nothing written) when OLD.db's plan is not a\n"
               "plan of the workspace, or when the workspace's database holds that plan's\n"
               "data already. The old file stays (one of an older version is first brought\n"
               "to the current schema).\n"));
    if (optind < argc)
        return cli_usage_error(
            ctx, "migrate", TR(lang, "thừa đối số: %s", "unexpected argument: %s"), argv[optind]);
    if (!from)
        return cli_usage_error(ctx, "migrate", "%s",
                               TR(lang, "cần --from OLD.db", "--from OLD.db is needed"));
    if (!cli_workspace_dir(ctx))
        return cli_usage_error(ctx, "migrate", "%s",
                               TR(lang,
                                  "migrate dùng trong một không gian làm việc: --workspace "
                                  "THƯ_MỤC (tạo bằng kehoach init)",
                                  "migrate works in a workspace: --workspace DIR (make one with "
                                  "kehoach init)"));
    int rc = cli_open_workspace(ctx, true);
    if (rc) return rc;
    kh_workspace *ws = ctx->ws;
    const char **ids = xreallocarray(NULL, ws->nplans + 1, sizeof *ids);
    for (size_t i = 0; i < ws->nplans; i++) ids[i] = ws->plans[i].plan->id;
    char *dst = workspace_db_path(ws, ctx->db_opt);
    kh_migrate_counts got;
    kh_error err = {0};
    kh_errcode e = store_migrate(dst, from, ids, ws->nplans, &got, &err);
    free(ids);
    if (e == KH_E_DB_MISSING) kh_error_set(&err, e, "%s", from);
    if (e == KH_E_NOT_FOUND) {
        strbuf list = STRBUF_INIT;
        for (size_t i = 0; i < ws->nplans; i++)
            sb_printf(&list, "%s%s", i ? ", " : "", ws->plans[i].plan->id);
        cli_error(ctx,
                  TR(lang,
                     "%s là cơ sở dữ liệu của kế hoạch '%s', không có trong không gian làm việc "
                     "(các kế hoạch: %s); không ghi gì",
                     "%s is the database of plan '%s', which is not a plan of the workspace "
                     "(plans: %s); nothing was written"),
                  from, err.detail, sb_str(&list));
        sb_done(&list);
        free(dst);
        return EXIT_DATA;
    }
    if (e == KH_E_CONFLICT) {
        cli_error(ctx,
                  TR(lang,
                     "%s đã có dữ liệu của kế hoạch '%s' (đã đưa vào trước đây?); không ghi gì",
                     "%s holds data of plan '%s' already (brought in before?); nothing was "
                     "written"),
                  dst, err.detail);
        free(dst);
        return EXIT_DATA;
    }
    if (e) {
        free(dst);
        return cli_fail(ctx, &err);
    }
    if (!got.plan_id[0])
        cli_printf(stdout,
                   TR(lang, "%s không có dữ liệu nào; không có gì để đưa vào.\n",
                      "%s holds nothing; there was nothing to bring in.\n"),
                   from);
    else
        cli_printf(stdout,
                   TR(lang,
                      "Đã đưa kế hoạch %s từ %s vào %s: %zu trạng thái, %zu ghi chú, %zu dòng "
                      "lịch sử.\n",
                      "Brought plan %s from %s into %s: %zu states, %zu notes, %zu history "
                      "rows.\n"),
                   got.plan_id, from, dst, got.states, got.notes, got.history);
    free(dst);
    return cli_workspace_status(ctx, EXIT_OK);
}
