/* kehoach amend: amendments of the plan by a later document, recorded in
 * the database (the plan file stays the plan as issued). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_TEXT = OPT_FIRST_OWN, OPT_LEAD, OPT_DEADLINE, OPT_DOC };

static const char *usage_vi =
    "Ghi một điều chỉnh, bổ sung kế hoạch theo văn bản chỉ đạo (--doc, bắt buộc):\n\n"
    "  amend add MÃ --text CHỮ --lead ĐƠN_VỊ[,ĐƠN_VỊ] [--deadline NGÀY] --doc VĂN_BẢN\n"
    "        bổ sung một nhiệm vụ mới (không có --deadline: đến hết kỳ kế hoạch)\n"
    "  amend change NHIỆM_VỤ [--text CHỮ] [--lead ĐƠN_VỊ] [--deadline NGÀY] --doc VĂN_BẢN\n"
    "        điều chỉnh nội dung, đơn vị chủ trì hoặc thời hạn\n"
    "  amend withdraw NHIỆM_VỤ --doc VĂN_BẢN\n"
    "        dừng thực hiện nhiệm vụ\n\n"
    "Điều chỉnh lưu trong cơ sở dữ liệu; tệp kế hoạch giữ nguyên như khi ban hành.\n"
    "Mọi màn hình, danh sách, báo cáo và `export` cho thấy kế hoạch đã điều chỉnh.\n"
    "Chỉ người có quyền sửa mọi nhiệm vụ (`rights: all:`) được điều chỉnh.\n"
    "`kehoach undo` rút lại điều chỉnh gần nhất của bạn.\n";
static const char *usage_en =
    "Record an amendment of the plan by the document that orders it (--doc, needed):\n\n"
    "  amend add ID --text TEXT --lead UNIT[,UNIT] [--deadline DATE] --doc DOCUMENT\n"
    "        add a new task (no --deadline: by the end of the plan period)\n"
    "  amend change TASK [--text TEXT] [--lead UNIT] [--deadline DATE] --doc DOCUMENT\n"
    "        change its content, lead units or deadline\n"
    "  amend withdraw TASK --doc DOCUMENT\n"
    "        withdraw the task\n\n"
    "Amendments live in the database; the plan file stays the plan as issued.\n"
    "Every screen, list, report and `export` shows the amended plan.\n"
    "Only those who may change every task (`rights: all:`) may amend.\n"
    "`kehoach undo` takes your last amendment back.\n";

int cmd_amend(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"text", required_argument, NULL, OPT_TEXT},
        {"lead", required_argument, NULL, OPT_LEAD},
        {"deadline", required_argument, NULL, OPT_DEADLINE},
        {"doc", required_argument, NULL, OPT_DOC},
        {0, 0, 0, 0},
    };
    const char *text = NULL, *lead = NULL, *deadline = NULL, *doc = NULL;
    int c;
    while ((c = cli_next_option(ctx, "amend", argc, argv, "h", opts)) >= 0) {
        if (c == OPT_TEXT) text = optarg;
        if (c == OPT_LEAD) lead = optarg;
        if (c == OPT_DEADLINE) deadline = optarg;
        if (c == OPT_DOC) doc = optarg;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx,
                        TR(lang, "amend add|change|withdraw NHIỆM_VỤ ... --doc VĂN_BẢN",
                           "amend add|change|withdraw TASK ... --doc DOCUMENT"),
                        TR(lang, usage_vi, usage_en));
    if (argc - optind != 2)
        return cli_usage_error(
            ctx, "amend", "%s",
            TR(lang, "cần add|change|withdraw và NHIỆM_VỤ", "need add|change|withdraw and TASK"));
    const char *verb = argv[optind], *id = argv[optind + 1];
    kh_amend_kind kind;
    if (!strcmp(verb, "add"))
        kind = AMEND_ADD;
    else if (!strcmp(verb, "change"))
        kind = AMEND_CHANGE;
    else if (!strcmp(verb, "withdraw"))
        kind = AMEND_WITHDRAW;
    else
        return cli_usage_error(ctx, "amend",
                               TR(lang, "\"%s\": cần add, change hoặc withdraw",
                                  "\"%s\": need add, change or withdraw"),
                               verb);
    if (!doc)
        return cli_usage_error(ctx, "amend", "%s",
                               TR(lang, "cần --doc: văn bản chỉ đạo điều chỉnh",
                                  "need --doc: the document that orders the amendment"));
    if (kind == AMEND_ADD && (!text || !lead))
        return cli_usage_error(
            ctx, "amend", "%s",
            TR(lang, "amend add cần --text và --lead", "amend add needs --text and --lead"));
    if (kind == AMEND_CHANGE && !text && !lead && !deadline)
        return cli_usage_error(ctx, "amend", "%s",
                               TR(lang, "amend change cần --text, --lead hoặc --deadline",
                                  "amend change needs --text, --lead or --deadline"));
    if (kind == AMEND_WITHDRAW && (text || lead || deadline))
        return cli_usage_error(
            ctx, "amend", "%s",
            TR(lang, "amend withdraw chỉ cần --doc", "amend withdraw takes --doc only"));
    /* In a workspace: PLAN:TASK, or the one plan that has TASK; a task
     * added names its plan (PLAN:NEW, or --plan ID). */
    int rc = kind != AMEND_ADD || strchr(id, ':') || ctx->plan_opt ? cli_workspace_task(ctx, &id)
                                                                   : EXIT_OK;
    if (!rc) rc = cli_load_plan(ctx);
    if (rc) return rc;
    if ((rc = cli_open_store(ctx, false))) return rc;
    if (kind != AMEND_ADD && cli_find_task(ctx, id) < 0) return EXIT_DATA;
    kh_amendment a = {0,
                      xstrdup(id),
                      kind,
                      text ? xstrdup(text) : NULL,
                      lead ? xstrdup(lead) : NULL,
                      deadline ? xstrdup(deadline) : NULL,
                      xstrdup(doc),
                      NULL,
                      0,
                      0,
                      false,
                      KH_NO_DATE};
    kh_error err = {0};
    kh_errcode e = app_amend(&ctx->app, &a, &err);
    rc = EXIT_OK;
    if (e == KH_E_DENIED) {
        cli_error(ctx,
                  TR(lang,
                     "bạn (%s) không được điều chỉnh kế hoạch: chỉ người có quyền sửa mọi "
                     "nhiệm vụ (rights: all:)",
                     "you (%s) may not amend the plan: only those who may change every task "
                     "(rights: all:)"),
                  app_user(&ctx->app));
        rc = EXIT_DATA;
    } else if (e == KH_E_INVALID && kind == AMEND_ADD && model_find_task(ctx->app.plan, id) >= 0) {
        cli_error(ctx, TR(lang, "kế hoạch đã có nhiệm vụ %s", "the plan has a task %s already"),
                  cli_task_name(ctx, id));
        rc = EXIT_DATA;
    } else if (e == KH_E_INVALID && !strncmp(err.detail, "--deadline", 10)) {
        cli_error(ctx,
                  TR(lang, "--deadline: \"%s\" không phải ngày trong kỳ kế hoạch (dd/mm/yyyy)",
                     "--deadline: \"%s\" is not a day within the plan period (dd/mm/yyyy)"),
                  deadline);
        rc = EXIT_DATA;
    } else if (e == KH_E_INVALID && kind == AMEND_ADD && !strcmp(err.detail, id)) {
        cli_error(ctx,
                  TR(lang,
                     "mã nhiệm vụ '%s' không hợp lệ: tối đa 64 ký tự, bắt đầu bằng chữ hoặc số, "
                     "chỉ gồm chữ không dấu, chữ số và . _ -",
                     "task id '%s' is not valid: at most 64 characters, starting with a letter "
                     "or digit, of ASCII letters, digits and . _ - only"),
                  id);
        rc = EXIT_DATA;
    } else if (e == KH_E_INVALID && kind == AMEND_WITHDRAW) {
        cli_error(ctx, TR(lang, "%s đã dừng thực hiện", "%s is withdrawn already"),
                  cli_task_name(ctx, id));
        rc = EXIT_DATA;
    } else if (e == KH_E_NOT_FOUND && !strncmp(err.detail, "--lead", 6)) {
        cli_error(ctx, TR(lang, "không có đơn vị %s", "no such unit: %s"), err.detail + 7);
        rc = EXIT_DATA;
    } else if (e) {
        rc = cli_fail(ctx, &err);
    }
    if (!rc) {
        const char *what = kind == AMEND_ADD      ? TR(lang, "đã bổ sung", "added")
                           : kind == AMEND_CHANGE ? TR(lang, "đã điều chỉnh", "changed")
                                                  : TR(lang, "đã dừng thực hiện", "withdrawn");
        cli_printf(stdout, TR(lang, "%s: %s theo %s (%s)\n", "%s: %s by %s (%s)\n"),
                   cli_task_name(ctx, id), what, doc, app_user(&ctx->app));
    }
    free(a.task_id);
    free(a.text);
    free(a.lead);
    free(a.deadline);
    free(a.doc);
    return rc;
}
