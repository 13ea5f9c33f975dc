/* kehoach result: add a result (document, file) to a task done already;
 * and the result helpers `set TASK done --doc --file` shares. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_DOC = OPT_FIRST_OWN, OPT_FILE };

long cli_find_task_open(cli_ctx *ctx, const char *id, bool write, int *rc)
{
    /* In a workspace: PLAN:TASK, or the plan that has it (once: a caller
     * that loaded the plan has done it). */
    *rc = ctx->app.plan ? EXIT_OK : cli_workspace_task(ctx, &id);
    if (!*rc) *rc = cli_load_plan(ctx);
    if (*rc) return -1;
    /* Perhaps a task an amendment added, which only the database knows:
     * look there, creating nothing. An unknown task creates no database. */
    if (model_find_task(ctx->app.plan, id) < 0 && (*rc = cli_open_store(ctx, true))) return -1;
    long task = cli_find_task(ctx, id);
    if (task < 0) {
        *rc = EXIT_DATA;
        return -1;
    }
    if (ctx->app.store && write) {
        store_close(ctx->app.store);
        ctx->app.store = NULL;
        free(ctx->app.db_path);
        ctx->app.db_path = NULL;
    }
    if (!ctx->app.store) *rc = cli_open_store(ctx, !write);
    return *rc ? -1 : task;
}

int cli_attach(cli_ctx *ctx, const char *path, kh_attach *out)
{
    kh_error err = {0};
    kh_lang lang = ctx->app.lang;
    kh_errcode e = app_attach_file(&ctx->app, path, out, &err);
    if (!e) return EXIT_OK;
    if (e == KH_E_NOT_FOUND)
        cli_error(ctx, TR(lang, "không có tệp %s; không ghi gì", "no such file: %s; nothing saved"),
                  path);
    else if (e == KH_E_ATTACH_TOO_BIG)
        cli_error(ctx, TR(lang, "%s: %s; không ghi gì", "%s: %s; nothing saved"), path,
                  kh_strerror(e, lang));
    else
        return cli_fail(ctx, &err);
    return EXIT_DATA;
}

int cli_result_add(cli_ctx *ctx, size_t task, const char *doc, const kh_attach *file)
{
    kh_error err = {0};
    kh_lang lang = ctx->app.lang;
    const kh_task *t = &ctx->app.plan->tasks[task];
    kh_errcode e = app_result_add(&ctx->app, task, doc, file, &err);
    if (e == KH_E_INVALID && t->status != ST_DONE) {
        cli_error(ctx,
                  TR(lang, "%s chưa hoàn thành: kết quả chỉ ghi cho nhiệm vụ đã hoàn thành",
                     "%s is not done: a result is recorded for a done task only"),
                  cli_task_name(ctx, t->id));
        return EXIT_DATA;
    }
    if (e == KH_E_INVALID) {
        cli_error(ctx,
                  TR(lang, "--doc: cần số và ngày văn bản trên một dòng (tối đa 500 byte)",
                     "--doc: give the document's number and date on one line (at most 500 bytes)"));
        return EXIT_DATA;
    }
    if (e) return cli_fail(ctx, &err);
    if (doc)
        cli_printf(stdout,
                   TR(lang, "%s: đã ghi văn bản kết quả: %s\n", "%s: result document: %s\n"),
                   cli_task_name(ctx, t->id), doc);
    if (file)
        cli_printf(stdout,
                   TR(lang, "%s: đã đính kèm tệp %s (%lld byte, sha256 %.12s…)\n",
                      "%s: attached %s (%lld bytes, sha256 %.12s…)\n"),
                   cli_task_name(ctx, t->id), file->name, (long long)file->size, file->sha256);
    return EXIT_OK;
}

static const char *usage_vi =
    "Thêm kết quả cho một nhiệm vụ đã hoàn thành: văn bản kết quả (số, ngày) và/hoặc\n"
    "tệp (báo cáo, biên bản). Tệp được chép vào thư mục đính kèm cạnh cơ sở dữ liệu\n"
    "(CSDL.attachments/), đặt tên theo mã SHA-256, chỉ đọc; tối đa 50 MiB.\n"
    "`kehoach undo` rút lại kết quả (tệp vẫn giữ trong thư mục).\n\n"
    "  --doc CHỮ     văn bản kết quả, vd. \"123/BC-UBND ngày 30/5/2023\"\n"
    "  --file TỆP    tệp kết quả\n";
static const char *usage_en =
    "Add a result to a done task: the result document (number, date) and/or a\n"
    "file (a report, minutes). The file is copied into the attachments folder\n"
    "beside the database (DB.attachments/), named by its SHA-256, read-only; at\n"
    "most 50 MiB. `kehoach undo` takes the result back (the file stays).\n\n"
    "  --doc TEXT    the result document, e.g. \"123/BC-UBND ngày 30/5/2023\"\n"
    "  --file FILE   the result file\n";

int cmd_result(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"doc", required_argument, NULL, OPT_DOC},
        {"file", required_argument, NULL, OPT_FILE},
        {0, 0, 0, 0},
    };
    const char *doc = NULL, *file = NULL;
    int c;
    while ((c = cli_next_option(ctx, "result", argc, argv, "h", opts)) >= 0) {
        if (c == OPT_DOC) doc = optarg;
        if (c == OPT_FILE) file = optarg;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx,
                        TR(lang, "result NHIỆM_VỤ [--doc CHỮ] [--file TỆP]",
                           "result TASK [--doc TEXT] [--file FILE]"),
                        TR(lang, usage_vi, usage_en));
    if (argc - optind > 1)
        return cli_usage_error(ctx, "result",
                               TR(lang, "thừa đối số: %s", "unexpected argument: %s"),
                               argv[optind + 1]);
    if (argc - optind < 1)
        return cli_usage_error(ctx, "result", "%s", TR(lang, "cần NHIỆM_VỤ", "need TASK"));
    if (!doc && !file)
        return cli_usage_error(ctx, "result", "%s",
                               TR(lang, "cần --doc hoặc --file", "need --doc or --file"));
    int rc;
    long task = cli_find_task_open(ctx, argv[optind], true, &rc);
    if (task < 0) return rc;
    const kh_task *t = &ctx->app.plan->tasks[task];
    if (t->status != ST_DONE) {
        cli_error(ctx,
                  TR(lang, "%s chưa hoàn thành: kết quả chỉ ghi cho nhiệm vụ đã hoàn thành",
                     "%s is not done: a result is recorded for a done task only"),
                  cli_task_name(ctx, t->id));
        return EXIT_DATA;
    }
    kh_attach a = {{0}, 0, NULL};
    kh_error err = {0};
    if (app_check_rights(&ctx->app, (size_t)task, &err)) return cli_fail(ctx, &err);
    if (file && (rc = cli_attach(ctx, file, &a))) return rc;
    rc = cli_result_add(ctx, (size_t)task, doc, file ? &a : NULL);
    app_attach_done(&a);
    return rc;
}
