/* kehoach extend: move a task's deadline by a document (gia hạn). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_DOC = OPT_FIRST_OWN, OPT_REASON };

static const char *usage_vi =
    "Gia hạn (điều chỉnh thời hạn) một nhiệm vụ theo văn bản cho phép. Hạn trong kế\n"
    "hoạch được giữ là hạn gốc; hạn hiện hành là lần gia hạn sau cùng, và việc đúng\n"
    "hạn, quá hạn, bốn loại của báo cáo đều tính theo hạn hiện hành. Ngày mới có thể\n"
    "trước hạn gốc; nhiệm vụ định kỳ gia hạn theo từng kỳ (vd. III.1.3/2023-06).\n"
    "Quyền như với `set`. `kehoach undo` rút lại lần gia hạn sau cùng.\n\n"
    "  NGÀY          hạn mới: yyyy-mm-dd hoặc dd/mm/yyyy\n"
    "  --doc CHỮ     văn bản cho phép (bắt buộc), vd. \"Công văn 45/UBND ngày 30/5/2023\"\n"
    "  --reason CHỮ  lý do\n";
static const char *usage_en =
    "Extend (move) a task's deadline by the document that allows it. The plan's\n"
    "deadline is kept as the original; the current deadline is the last extension,\n"
    "and timeliness and the four official categories go by it. The new day may be\n"
    "before the original; a periodic task is extended one period at a time (e.g.\n"
    "III.1.3/2023-06). The rights are those of `set`. `kehoach undo` takes the last\n"
    "extension back.\n\n"
    "  DATE          the new deadline: yyyy-mm-dd or dd/mm/yyyy\n"
    "  --doc TEXT    the document that allows it (required),\n"
    "                e.g. \"Công văn 45/UBND ngày 30/5/2023\"\n"
    "  --reason TEXT why\n";

int cmd_extend(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"doc", required_argument, NULL, OPT_DOC},
        {"reason", required_argument, NULL, OPT_REASON},
        {0, 0, 0, 0},
    };
    const char *doc = NULL, *reason = NULL;
    int c;
    while ((c = cli_next_option(ctx, "extend", argc, argv, "h", opts)) >= 0) {
        if (c == OPT_DOC) doc = optarg;
        if (c == OPT_REASON) reason = optarg;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx,
                        TR(lang, "extend NHIỆM_VỤ NGÀY --doc CHỮ [--reason CHỮ]",
                           "extend TASK DATE --doc TEXT [--reason TEXT]"),
                        TR(lang, usage_vi, usage_en));
    if (argc - optind > 2)
        return cli_usage_error(ctx, "extend",
                               TR(lang, "thừa đối số: %s", "unexpected argument: %s"),
                               argv[optind + 2]);
    if (argc - optind < 2)
        return cli_usage_error(ctx, "extend", "%s",
                               TR(lang, "cần NHIỆM_VỤ và NGÀY", "need TASK and DATE"));
    kh_date to;
    if (date_parse(argv[optind + 1], &to) != DATE_OK)
        return cli_usage_error(ctx, "extend",
                               TR(lang, "\"%s\" không phải ngày (yyyy-mm-dd hoặc dd/mm/yyyy)",
                                  "\"%s\" is not a date (yyyy-mm-dd or dd/mm/yyyy)"),
                               argv[optind + 1]);
    if (!doc || strspn(doc, " \t") == strlen(doc))
        return cli_usage_error(ctx, "extend", "%s",
                               TR(lang,
                                  "cần --doc: văn bản cho phép gia hạn, vd. --doc \"Công văn "
                                  "45/UBND ngày 30/5/2023\"",
                                  "need --doc: the document that allows it, e.g. --doc \"Công "
                                  "văn 45/UBND ngày 30/5/2023\""));
    int rc;
    long task = cli_find_task_open(ctx, argv[optind], true, &rc);
    if (task < 0) return rc;
    kh_error err = {0};
    const kh_task *t = &ctx->app.plan->tasks[task];
    if (app_extend(&ctx->app, (size_t)task, to, doc, reason, &err)) return cli_fail(ctx, &err);
    strbuf sb = STRBUF_INIT;
    model_deadline_long(&sb, t, lang);
    cli_printf(stdout, TR(lang, "%s: %s — đã lưu (%s)\n", "%s: %s — saved (%s)\n"),
               cli_task_name(ctx, t->id), sb_str(&sb),
               app_user(&ctx->app) ? app_user(&ctx->app) : "?");
    if (t->extension_reason)
        cli_printf(stdout, TR(lang, "  lý do: %s\n", "  reason: %s\n"), t->extension_reason);
    sb_done(&sb);
    return EXIT_OK;
}
