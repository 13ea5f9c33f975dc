/* kehoach present: the meeting-room display. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kehoach/tui.h"

enum { OPT_INTERVAL = OPT_FIRST_OWN, OPT_LIGHT, OPT_PRESENT_ASCII };

int cmd_present(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"interval", required_argument, NULL, OPT_INTERVAL},
        {"light", no_argument, NULL, OPT_LIGHT},
        {"ascii", no_argument, NULL, OPT_PRESENT_ASCII},
        {0, 0, 0, 0},
    };
    kh_present_options po = {15, false, false, false, NULL, NULL};
    const char *interval = NULL;
    int c;
    while ((c = cli_next_option(ctx, "present", argc, argv, "h", opts)) >= 0) {
        if (c == OPT_INTERVAL) interval = optarg;
        if (c == OPT_LIGHT) po.light = true;
        if (c == OPT_PRESENT_ASCII) po.ascii = true;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(
            ctx,
            TR(lang, "present [--interval GIÂY] [--light] [--ascii]",
               "present [--interval SECONDS] [--light] [--ascii]"),
            TR(lang,
               "Màn hình cho máy chiếu phòng họp: chỉ xem, toàn màn hình, chữ lớn. Các trang\n"
               "(tổng quan, theo đơn vị, quá hạn và sắp đến hạn, lịch thời hạn) tự chuyển.\n"
               "Tự vẽ lại trong vòng một giây khi có người cập nhật ở máy khác.\n\n"
               "  --interval GIÂY  chuyển trang sau ngần ấy giây (mặc định 15)\n"
               "  --light          chữ đen nền trắng, cho phòng sáng\n"
               "  --ascii          chỉ dùng ký tự ASCII (terminal cũ; cũng KEHOACH_ASCII=1)\n\n"
               "Trong không gian làm việc: trang tổng hợp mọi kế hoạch, rồi các trang của\n"
               "từng kế hoạch lần lượt (--plan MÃ: chỉ một kế hoạch).\n\n"
               "Phím: ← → Space hoặc số trang (1, 2, …) chuyển trang, 0 trang tổng hợp, q thoát.\n",
               "The meeting-room display: read-only, full screen, large. Its pages (summary,\n"
               "by unit, overdue and due soon, deadline timeline) turn by themselves. It\n"
               "redraws within a second when someone changes a task elsewhere.\n\n"
               "  --interval SECONDS  turn the page after that long (default 15)\n"
               "  --light             black on white, for bright rooms\n"
               "  --ascii             ASCII characters only (old terminals; also "
               "KEHOACH_ASCII=1)\n\n"
               "In a workspace: a summary of every plan, then each plan's pages in turn\n"
               "(--plan ID: one plan only).\n\n"
               "Keys: ← → Space or a page's number (1, 2, …) turn pages, 0 the summary, q "
               "quits.\n"));
    if (interval) {
        char *end;
        long v = strtol(interval, &end, 10);
        if (!*interval || *end || v < 1 || v > 3600)
            return cli_usage_error(ctx, "present",
                                   TR(lang, "--interval: \"%s\" phải là số giây từ 1 đến 3600",
                                      "--interval: \"%s\" must be 1 to 3600 seconds"),
                                   interval);
        po.interval = (int)v;
    }
    if (optind < argc)
        return cli_usage_error(
            ctx, "present", TR(lang, "thừa đối số: %s", "unexpected argument: %s"), argv[optind]);
    const char *why = tui_unusable_present(lang);
    if (why) {
        cli_error(ctx, "%s", why);
        return EXIT_USAGE;
    }
    /* `kehoach --ascii present`, KEHOACH_ASCII, or a terminal without block
     * characters (vt100) draw with ASCII too. */
    if (ctx->ascii || tui_ascii_terminal()) po.ascii = true;
    po.today_fixed = ctx->today_set;
    po.db_path = ctx->db_opt;
    /* Read-only at the SQLite level: the projector never writes. */
    ctx->app.skip_note_counts = true; /* no task's note count is shown */
    /* A workspace without --plan ID: its summary, then each plan's pages. */
    if (cli_workspace_wide(ctx)) {
        int rc = cli_open_workspace(ctx, true);
        if (rc) return rc;
        /* A province's: its wards' pages too (the snapshots laid over). */
        if (workspace_is_province(ctx->ws)) po.province = ctx->ws;
        /* One plan only: its pages, without a summary of one plan. */
        int status = ctx->ws->nplans == 1 ? tui_present(&ctx->ws->plans[0], &po)
                                          : tui_present_workspace(ctx->ws, &po);
        if (status == 1) {
            cli_workspace_done(ctx);
            _exit(status);
        }
        return status;
    }
    int rc = cli_open(ctx, true);
    if (rc) return rc;
    /* A province's: its wards' pages (the snapshots laid over by cli_open). */
    if (ctx->ws && workspace_is_province(ctx->ws)) po.province = ctx->ws;
    int status = tui_present(&ctx->app, &po);
    if (status == 1) {
        /* The terminal went away: see leave_if_hung_up in main.c. */
        app_close(&ctx->app);
        _exit(status);
    }
    return status;
}
