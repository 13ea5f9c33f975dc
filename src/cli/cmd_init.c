/* kehoach init [DIR]: make a workspace (the folder, its database, a
 * commented workspace.yaml). */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_NAME = OPT_FIRST_OWN, OPT_WARD };

int cmd_init(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"name", required_argument, NULL, OPT_NAME},
        {"ward", required_argument, NULL, OPT_WARD},
        {0, 0, 0, 0},
    };
    const char *name = NULL, *ward = NULL;
    int c;
    while ((c = cli_next_option(ctx, "init", argc, argv, "h", opts)) >= 0) {
        if (c == OPT_NAME) name = optarg;
        if (c == OPT_WARD) ward = optarg;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(
            ctx,
            TR(lang, "init [THƯ_MỤC] [--name TÊN] [--ward MÃ]",
               "init [DIR] [--name NAME] [--ward ID]"),
            TR(lang,
               "Tạo một không gian làm việc: thư mục (mặc định: --workspace,\n"
               "$KEHOACH_WORKSPACE, rồi thư mục hiện tại), cơ sở dữ liệu kehoach.db và\n"
               "tệp thiết lập workspace.yaml có chú thích. Cái gì đã có thì giữ nguyên.\n"
               "Sau đó chép các tệp kế hoạch vào thư mục.\n\n"
               "  --name TÊN    tên của không gian làm việc (ghi vào workspace.yaml)\n"
               "  --ward MÃ     không gian làm việc của một phường/xã (mã trong groups: của\n"
               "                kế hoạch tỉnh): chỉ theo dõi việc tỉnh giao cho mình\n",
               "Make a workspace: the folder (default: --workspace, $KEHOACH_WORKSPACE,\n"
               "then the current folder), its database kehoach.db and a commented\n"
               "settings file workspace.yaml. What is there already is left alone.\n"
               "Then copy the plan files into the folder.\n\n"
               "  --name NAME   the workspace's name (written into workspace.yaml)\n"
               "  --ward ID     the workspace of a ward (an id of the province plan's\n"
               "                groups:): it tracks only what is assigned to it\n"));
    if (argc - optind > 1)
        return cli_usage_error(ctx, "init", TR(lang, "thừa đối số: %s", "unexpected argument: %s"),
                               argv[optind + 1]);
    const char *env = getenv("KEHOACH_WORKSPACE");
    const char *dir = optind < argc ? argv[optind]
                      : ctx->ws_opt ? ctx->ws_opt
                      : env && *env ? env
                                    : ".";
    if (name && !*name)
        return cli_usage_error(ctx, "init", "%s", TR(lang, "--name: tên trống", "--name: empty"));
    if (ward && !workspace_ward_id_ok(ward))
        return cli_usage_error(ctx, "init",
                               TR(lang, "--ward: '%s' không phải mã đơn vị (vd. tqt)",
                                  "--ward: '%s' is not a unit id (e.g. tqt)"),
                               ward);
    bool made_settings, made_db;
    kh_error err = {0};
    if (workspace_init(dir, name, lang, &made_settings, &made_db, &err)) return cli_fail(ctx, &err);
    if (ward && workspace_set_ward(dir, ward, lang, &err)) return cli_fail(ctx, &err);
    if (ward)
        cli_printf(stdout,
                   TR(lang, "Phường/xã của không gian làm việc: %s (workspace.yaml: ward)\n",
                      "The workspace's ward: %s (workspace.yaml: ward)\n"),
                   ward);
    if (!made_settings && !made_db) {
        cli_printf(stdout,
                   TR(lang, "%s đã là một không gian làm việc; không có gì thay đổi.\n",
                      "%s is a workspace already; nothing changed.\n"),
                   dir);
        return EXIT_OK;
    }
    cli_printf(stdout, TR(lang, "Đã tạo không gian làm việc %s:\n", "Made the workspace %s:\n"),
               dir);
    if (made_settings)
        cli_printf(stdout, "  %s/workspace.yaml%s\n", dir,
                   TR(lang, "  (thiết lập, có chú thích)", "  (settings, commented)"));
    if (made_db)
        cli_printf(stdout, "  %s/kehoach.db%s\n", dir,
                   TR(lang, "  (cơ sở dữ liệu)", "  (the database)"));
    cli_printf(stdout,
               TR(lang,
                  "Chép các tệp kế hoạch (*.yaml) vào thư mục, rồi: kehoach --workspace %s "
                  "status\n",
                  "Copy the plan files (*.yaml) into the folder, then: kehoach --workspace %s "
                  "status\n"),
               dir);
    return EXIT_OK;
}
