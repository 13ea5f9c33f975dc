/* kehoach snapshot [-o FILE|-] (a ward's state in one file) and kehoach
 * receive --ward ID FILE|- (the province takes it in). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum { OPT_OUT = OPT_FIRST_OWN, OPT_WARD };

static int need_workspace(cli_ctx *ctx, const char *cmd)
{
    kh_lang lang = ctx->app.lang;
    if (cli_workspace_dir(ctx)) return EXIT_OK;
    return cli_usage_error(ctx, cmd, "%s",
                           TR(lang,
                              "lệnh này dùng trong một không gian làm việc: --workspace THƯ_MỤC",
                              "this command works in a workspace: --workspace DIR"));
}

int cmd_snapshot(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"output", required_argument, NULL, OPT_OUT},
        {0, 0, 0, 0},
    };
    const char *out = "-";
    int c;
    while ((c = cli_next_option(ctx, "snapshot", argc, argv, "ho:", opts)) >= 0)
        if (c == 'o' || c == OPT_OUT) out = optarg;
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(
            ctx, TR(lang, "snapshot [-o TỆP|-]", "snapshot [-o FILE|-]"),
            TR(lang,
               "Bản chụp trạng thái của phường/xã (không gian làm việc có ward: trong\n"
               "workspace.yaml) trong một tệp SQLite: bản sao nhất quán của cơ sở dữ liệu\n"
               "(VACUUM INTO), mã băm các tệp kế hoạch, mã phường/xã, phiên bản lược đồ và\n"
               "thời điểm. Không làm ai phải chờ quá một lát. Mặc định ra đầu ra chuẩn:\n"
               "  kehoach snapshot | ssh tinh kehoach receive --ward tqt -\n\n"
               "  -o, --output TỆP  ghi vào TỆP (qua tệp tạm rồi đổi tên; - : đầu ra chuẩn)\n",
               "A snapshot of the ward's state (a workspace with ward: in workspace.yaml)\n"
               "in one SQLite file: a consistent copy of the database (VACUUM INTO), the\n"
               "plan files' hashes, the ward's id, the schema version and the time. Nobody\n"
               "waits more than a moment. To standard output by default:\n"
               "  kehoach snapshot | ssh province kehoach receive --ward tqt -\n\n"
               "  -o, --output FILE write FILE (a temporary file renamed; -: standard output)\n"));
    /* "snapshot -" (the and the README's form): standard output, as
     * without it; a second argument, or - beside -o FILE, is refused. */
    if (optind < argc && !strcmp(argv[optind], "-") && !strcmp(out, "-")) optind++;
    if (optind < argc)
        return cli_usage_error(
            ctx, "snapshot", TR(lang, "thừa đối số: %s", "unexpected argument: %s"), argv[optind]);
    int rc = need_workspace(ctx, "snapshot");
    if (rc) return rc;
    if (!strcmp(out, "-") && isatty(STDOUT_FILENO))
        return cli_usage_error(ctx, "snapshot", "%s",
                               TR(lang,
                                  "bản chụp là tệp nhị phân: chuyển nó qua ống (| ssh ...) hoặc "
                                  "ghi bằng -o TỆP",
                                  "a snapshot is a binary file: pipe it (| ssh ...) or write it "
                                  "with -o FILE"));
    ctx->ws_no_wards = true;
    rc = cli_open_workspace(ctx, true);
    if (rc) return rc;
    kh_error err = {0};
    if (workspace_snapshot(ctx->ws, out, &err)) return cli_fail(ctx, &err);
    if (strcmp(out, "-") != 0)
        cli_printf(stdout, TR(lang, "Đã ghi bản chụp của %s: %s\n", "Wrote %s's snapshot: %s\n"),
                   ctx->ws->settings.ward, out);
    return cli_workspace_status(ctx, EXIT_OK);
}

int cmd_receive(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"ward", required_argument, NULL, OPT_WARD},
        {0, 0, 0, 0},
    };
    const char *ward = NULL;
    int c;
    while ((c = cli_next_option(ctx, "receive", argc, argv, "h", opts)) >= 0)
        if (c == OPT_WARD) ward = optarg;
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(
            ctx, TR(lang, "receive --ward MÃ TỆP|-", "receive --ward ID FILE|-"),
            TR(lang,
               "Nhận bản chụp của một phường/xã vào không gian làm việc của tỉnh, ở\n"
               "THƯ_MỤC/wards/MÃ.snapshot. Kiểm tra trọn vẹn trước (tính toàn vẹn SQLite,\n"
               "mã phường/xã, lược đồ, mã băm các kế hoạch của tỉnh, mới hơn bản đang có)\n"
               "rồi mới đổi tên vào chỗ; bị từ chối thì bản trước giữ nguyên (mã thoát 1).\n",
               "Take a ward's snapshot into the province's workspace, as\n"
               "DIR/wards/ID.snapshot. Checked completely first (SQLite's integrity, the\n"
               "ward's id, the schema, the province's plans' hashes, newer than the one\n"
               "here), then renamed into place; refused, the previous one stays (exit 1).\n"));
    if (!ward)
        return cli_usage_error(ctx, "receive", "%s",
                               TR(lang, "cần --ward MÃ", "--ward ID is needed"));
    if (argc - optind != 1)
        return cli_usage_error(ctx, "receive", "%s",
                               TR(lang, "cần đúng một TỆP (hoặc - cho đầu vào chuẩn)",
                                  "exactly one FILE is needed (or - for standard input)"));
    int rc = need_workspace(ctx, "receive");
    if (rc) return rc;
    const char *src = argv[optind];
    int fd = !strcmp(src, "-") ? STDIN_FILENO : open(src, O_RDONLY | O_CLOEXEC);
    kh_error err = {0};
    if (fd < 0) {
        kh_error_set(&err, KH_E_IO, "%s: %s", src, kh_strerrno(errno));
        return cli_fail(ctx, &err);
    }
    /* The plans only: neither the province's database nor the others'
     * snapshots are read to take one in (a ward's account may read neither). */
    rc = cli_load_workspace(ctx);
    if (rc) {
        if (fd != STDIN_FILENO) close(fd);
        return rc;
    }
    kh_errcode e = workspace_receive(ctx->ws, ward, fd, &err);
    if (fd != STDIN_FILENO) close(fd);
    if (e) {
        cli_error(ctx,
                  TR(lang, "không nhận bản chụp của %s: %s; bản trước (nếu có) giữ nguyên",
                     "the snapshot of %s is refused: %s; the previous one (if any) stays"),
                  ward, err.detail);
        return EXIT_DATA;
    }
    char *path = workspace_snapshot_path(ctx->ws, ward);
    cli_printf(stdout, TR(lang, "Đã nhận bản chụp của %s: %s\n", "Received %s's snapshot: %s\n"),
               ward, path);
    free(path);
    return cli_workspace_status(ctx, EXIT_OK);
}
