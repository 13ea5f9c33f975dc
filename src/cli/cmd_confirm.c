/* kehoach confirm: the confirming unit confirms a task's completion, or
 * rejects it with a reason (back to doing). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kehoach/app_confirm.h"

enum { OPT_REJECT = OPT_FIRST_OWN, OPT_REASON };

static const char *usage_vi =
    "Xác nhận hoàn thành một nhiệm vụ mà kế hoạch yêu cầu xác nhận (confirm_by:).\n"
    "Khi đơn vị báo done, nhiệm vụ ở trạng thái \"Đề nghị hoàn thành\" và chỉ được\n"
    "tính là đã hoàn thành khi thành viên của đơn vị xác nhận chạy lệnh này.\n\n"
    "  --reject          trả lại: nhiệm vụ về \"Đang thực hiện\", lý do được ghi lại\n"
    "  --reason CHỮ      lý do trả lại (bắt buộc với --reject)\n\n"
    "Hoàn tác (kehoach undo) rút lại việc xác nhận hay trả lại.\n";
static const char *usage_en =
    "Confirm the completion of a task whose plan asks for it (confirm_by:). When\n"
    "its unit sets it done, the task is \"proposed as done\", and counts as done\n"
    "only once a member of the confirming unit runs this command.\n\n"
    "  --reject          reject: the task goes back to doing, the reason is kept\n"
    "  --reason TEXT     why (required with --reject)\n\n"
    "kehoach undo takes a confirmation or rejection back.\n";

int cmd_confirm(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"reject", no_argument, NULL, OPT_REJECT},
        {"reason", required_argument, NULL, OPT_REASON},
        {0, 0, 0, 0},
    };
    bool reject = false;
    const char *reason = NULL;
    int c;
    while ((c = cli_next_option(ctx, "confirm", argc, argv, "h", opts)) >= 0) {
        if (c == OPT_REJECT) reject = true;
        if (c == OPT_REASON) reason = optarg;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx,
                        TR(lang, "confirm NHIỆM_VỤ [--reject --reason CHỮ]",
                           "confirm TASK [--reject --reason TEXT]"),
                        TR(lang, usage_vi, usage_en));
    if (argc - optind != 1)
        return cli_usage_error(ctx, "confirm", "%s",
                               argc - optind ? TR(lang, "chỉ một NHIỆM_VỤ", "only one TASK")
                                             : TR(lang, "cần NHIỆM_VỤ", "need TASK"));
    if (reject && !reason)
        return cli_usage_error(ctx, "confirm", "%s",
                               TR(lang, "--reject cần --reason (lý do trả lại)",
                                  "--reject needs --reason (why it is rejected)"));
    if (reason && !reject)
        return cli_usage_error(
            ctx, "confirm", "%s",
            TR(lang, "--reason chỉ đi cùng --reject", "--reason goes only with --reject"));
    /* In a workspace: PLAN:TASK too; looked up creating nothing. */
    int rc;
    long task = cli_find_task_open(ctx, argv[optind], false, &rc);
    if (task < 0) return rc;
    const kh_task *t = &ctx->app.plan->tasks[task];
    kh_error err = {0};
    if (!t->confirmer) { /* before the database: a refusal creates nothing */
        kh_error_set(&err, KH_E_CONFIRM_NONE, "%s", cli_task_name(ctx, t->id));
        return cli_fail(ctx, &err);
    }
    if (ctx->app.store) { /* opened to look: again, to write */
        store_close(ctx->app.store);
        ctx->app.store = NULL;
        free(ctx->app.db_path);
        ctx->app.db_path = NULL;
    }
    if ((rc = cli_open_store(ctx, false))) return rc;
    /* Opening the store lays the amendments over the plan: a task they add
     * moves the task array, so t is taken again. */
    t = &ctx->app.plan->tasks[task];
    if (app_confirm(&ctx->app, (size_t)task, reject ? VERDICT_REJECTED : VERDICT_CONFIRMED, reason,
                    -1, &err))
        return cli_fail(ctx, &err);
    char when[17];
    date_format_local_time((time_t)t->verdict_at, when);
    if (reject)
        cli_printf(stdout,
                   TR(lang, "%s: đã trả lại, về \"%s\" %d%% (%s, %s)\n  lý do: %s\n",
                      "%s: rejected, back to \"%s\" %d%% (%s, %s)\n  reason: %s\n"),
                   cli_task_name(ctx, t->id), model_task_status_name(t, lang), t->progress,
                   app_user(&ctx->app), when, t->verdict_reason ? t->verdict_reason : "");
    else
        cli_printf(stdout,
                   TR(lang, "%s: đã xác nhận hoàn thành (%s, %s)\n",
                      "%s: completion confirmed (%s, %s)\n"),
                   cli_task_name(ctx, t->id), app_user(&ctx->app), when);
    return EXIT_OK;
}
