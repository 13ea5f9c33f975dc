/* kehoach assign: name the officer in charge of a task. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kehoach/app_confirm.h"

int cmd_assign(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {CLI_GLOBAL_OPTIONS, {0, 0, 0, 0}};
    int c;
    while ((c = cli_next_option(ctx, "assign", argc, argv, "h", opts)) >= 0) {
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(
            ctx, TR(lang, "assign NHIỆM_VỤ TÊN...", "assign TASK NAME..."),
            TR(lang,
               "Giao nhiệm vụ cho một cán bộ phụ trách (các từ được nối bằng dấu\n"
               "cách); TÊN là \"\" thì bỏ người phụ trách. Ghi vào lịch sử; kehoach\n"
               "undo hoàn tác. Tên trong kế hoạch (officer:) là giá trị ban đầu.\n",
               "Make an officer the one in charge of a task (the words are joined\n"
               "with spaces); a NAME of \"\" leaves nobody in charge. In the history;\n"
               "kehoach undo takes it back. The plan's officer: is where it starts.\n"));
    if (argc - optind < 2)
        return cli_usage_error(ctx, "assign", "%s",
                               TR(lang, "cần NHIỆM_VỤ và TÊN", "need TASK and NAME"));
    strbuf name = STRBUF_INIT;
    for (int i = optind + 1; i < argc; i++)
        sb_printf(&name, "%s%s", i > optind + 1 ? " " : "", argv[i]);
    /* In a workspace: PLAN:TASK too; a task an amendment added as well. */
    int rc;
    long task = cli_find_task_open(ctx, argv[optind], true, &rc);
    kh_error err = {0};
    if (!rc && app_assign(&ctx->app, (size_t)task, sb_str(&name), -1, &err))
        rc = cli_fail(ctx, &err);
    if (!rc) {
        const kh_task *t = &ctx->app.plan->tasks[task];
        if (t->officer)
            cli_printf(
                stdout,
                TR(lang, "%s: cán bộ phụ trách: %s (%s)\n", "%s: officer in charge: %s (%s)\n"),
                cli_task_name(ctx, t->id), t->officer, app_user(&ctx->app));
        else
            cli_printf(stdout,
                       TR(lang, "%s: không còn cán bộ phụ trách (%s)\n",
                          "%s: nobody in charge now (%s)\n"),
                       cli_task_name(ctx, t->id), app_user(&ctx->app));
    }
    sb_done(&name);
    return rc;
}
