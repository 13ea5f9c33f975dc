/* kehoach: argument parsing and wiring only. */
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "kehoach/server_mode.h"
#include "kehoach/version.h"
#ifdef KH_WITH_TUI
#include "kehoach/tui.h"
#endif

#ifdef __SANITIZE_ADDRESS__
#include <sys/auxv.h>
/* Under AddressSanitizer only: LeakSanitizer cannot trace a setgid process
 * (the installed server's: not dumpable), and would fail every run of it;
 * there the leak check is off (the unit tests, valgrind and the runs of
 * the binary not installed check leaks). ASAN_OPTIONS still overrides. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return getauxval(AT_SECURE) ? "detect_leaks=0" : "";
}
#endif

/* Built twice (Makefile): kehoach-tui, with KH_WITH_TUI, draws the
 * dashboard and present itself; kehoach, without curses, hands both to it
 * (cli_exec_tui) and runs every other command. */
#ifdef KH_WITH_TUI
#define PRESENT_RUN cmd_present
#else
/* Never run: main hands present to kehoach-tui before the table is read. */
static int present_elsewhere(cli_ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    (void)ctx;
    return EXIT_USAGE;
}
#define PRESENT_RUN present_elsewhere
#endif

const cli_command cli_commands[] = {
    {"status", cmd_status, "[--format text|json]", "tình hình chung, trên một màn hình",
     "where the plan stands, on one screen"},
    {"list", cmd_list,
     "[--unit ID] [--status S] [--overdue] [--search TEXT] [--format table|json|csv]",
     "danh sách nhiệm vụ", "the tasks"},
    {"set", cmd_set, "TASK STATUS [--progress N] [--note TEXT] [--on DATE]",
     "đổi trạng thái, tiến độ", "change status, progress"},
    {"result", cmd_result, "TASK [--doc TEXT] [--file FILE]",
     "thêm kết quả (văn bản, tệp) cho nhiệm vụ đã hoàn thành", "add a result to a done task"},
    {"extend", cmd_extend, "TASK DATE --doc TEXT [--reason TEXT]", "gia hạn nhiệm vụ theo văn bản",
     "extend a task's deadline by a document"},
    {"show", cmd_show, "TASK [--format text|json]", "toàn bộ hồ sơ một nhiệm vụ",
     "the whole record of one task"},
    {"attachment", cmd_attachment, "TASK [N] -o FILE [--force]", "lấy lại tệp kết quả đính kèm",
     "get an attached result file back"},
    {"amend", cmd_amend, "add|change|withdraw ... --doc TEXT",
     "điều chỉnh, bổ sung kế hoạch theo văn bản", "amend the plan by a document"},
    {"note", cmd_note, "TASK TEXT", "thêm ghi chú", "add a note"},
    {"measure", cmd_measure, "TARGET VALUE [--on DATE] [--doc TEXT]", "ghi kết quả đo một chỉ tiêu",
     "record the value a target has reached"},
    {"undo", cmd_undo, "[TASK]", "hoàn tác thay đổi gần nhất của bạn", "undo your last change"},
    {"history", cmd_history, "[TASK] [--user U] [--since DATE] [--format table|json|csv]",
     "lịch sử thay đổi", "the history of changes"},
    {"present", PRESENT_RUN, "[--interval N] [--light] [--ascii]",
     "màn hình máy chiếu phòng họp (chỉ xem)", "the meeting-room projector display (read-only)"},
    {"report", cmd_report, "[--from DATE --to DATE | --period 6m|9m|year] [--format md|html|csv]",
     "báo cáo kết quả thực hiện trong một kỳ", "the implementation report for a period"},
    {"export", cmd_export, "[--format yaml|json] [-o FILE]",
     "xuất kế hoạch cùng trạng thái (YAML, JSON)", "export the plan with its state (YAML, JSON)"},
    {"check", cmd_check, "[--db FILE] [FILE...]", "kiểm tra tệp kế hoạch", "check plan files"},
    {"import", cmd_import, "DOCUMENT [-o PLAN.yaml] [--id ID] [--force]",
     "lập bản nháp tệp kế hoạch từ văn bản (.docx, .odt, .txt)",
     "draft a plan file from its document (.docx, .odt, .txt)"},
    {"confirm", cmd_confirm, "TASK [--reject --reason TEXT]",
     "xác nhận (hoặc trả lại) việc hoàn thành", "confirm (or reject) a completion"},
    {"assign", cmd_assign, "TASK NAME", "giao cán bộ phụ trách", "name the officer in charge"},
    {"init", cmd_init, "[DIR] [--name NAME] [--ward ID]",
     "tạo một không gian làm việc (thư mục kế hoạch)", "make a workspace (a folder of plans)"},
    {"migrate", cmd_migrate, "--from OLD.db",
     "đưa cơ sở dữ liệu của một kế hoạch vào không gian làm việc",
     "bring a single plan's database into the workspace"},
    {"digest", cmd_digest, "[--days N] [--unit ID] [--format text|json]",
     "thư nhắc: quá hạn và sắp đến hạn, theo đơn vị", "reminder: overdue and due soon, by unit"},
    {"snapshot", cmd_snapshot, "[-o FILE|-]", "bản chụp trạng thái của phường/xã gửi lên tỉnh",
     "the ward's state in one file, for the province"},
    {"receive", cmd_receive, "--ward ID FILE|-", "tỉnh nhận bản chụp của một phường/xã",
     "the province takes in a ward's snapshot"},
    {NULL, NULL, NULL, NULL, NULL},
};

static void usage(const cli_ctx *ctx)
{
    kh_lang lang = ctx->app.lang;
    printf("%s",
           TR(lang,
              "Cách dùng: kehoach [TÙY CHỌN] [LỆNH] [ĐỐI SỐ]\n\n"
              "Theo dõi thực hiện kế hoạch của phường. Không có LỆNH: mở bảng điều khiển.\n\n"
              "Lệnh:\n",
              "Usage: kehoach [OPTIONS] [COMMAND] [ARGS]\n\n"
              "Follow how a ward's plan is carried out. Without COMMAND: open the dashboard.\n\n"
              "Commands:\n"));
    int wide = 0; /* the longest command's name: every summary in one column */
    for (const cli_command *c = cli_commands; c->name; c++)
        if ((int)strlen(c->name) > wide) wide = (int)strlen(c->name);
    for (const cli_command *c = cli_commands; c->name; c++)
        printf("  %-*s %s\n", wide, c->name, TR(lang, c->summary_vi, c->summary_en));
    printf("%s", TR(lang,
                    "\nTùy chọn chung (trước hoặc sau LỆNH):\n"
                    "  --plan TỆP          tệp kế hoạch (mặc định: $KEHOACH_PLAN, ./plan.yaml,\n"
                    "                      ~/.config/kehoach/plan.yaml)\n"
                    "  --db TỆP            cơ sở dữ liệu (mặc định: $KEHOACH_DB, khóa 'database'\n"
                    "                      của kế hoạch, ~/.local/share/kehoach/MÃ_KẾ_HOẠCH.db)\n"
                    "  --workspace THƯ_MỤC không gian làm việc: mọi kế hoạch trong thư mục\n"
                    "                      (mặc định: $KEHOACH_WORKSPACE, ./workspace.yaml);\n"
                    "                      trong đó --plan MÃ chọn một kế hoạch\n"
                    "  --today NGÀY        coi ngày này là hôm nay (YYYY-MM-DD hoặc dd/mm/yyyy)\n"
                    "  --lang vi|en        ngôn ngữ (mặc định: $KEHOACH_LANG, rồi vi)\n"
                    "  --help, --version\n\n"
                    "Bảng điều khiển: --no-mouse (tắt chuột), --read-only (chỉ xem),\n"
                    "  --ascii (chỉ ký tự ASCII; cũng KEHOACH_ASCII=1).\n"
                    "Xem thêm: kehoach LỆNH --help, README.md\n"
                    "Mã thoát: 0 thành công, 1 lỗi dữ liệu hoặc kiểm tra, 2 sai cách dùng.\n",
                    "\nCommon options (before or after COMMAND):\n"
                    "  --plan FILE         the plan (default: $KEHOACH_PLAN, ./plan.yaml,\n"
                    "                      ~/.config/kehoach/plan.yaml)\n"
                    "  --db FILE           the database (default: $KEHOACH_DB, the plan's\n"
                    "                      'database' key, ~/.local/share/kehoach/PLAN_ID.db)\n"
                    "  --workspace DIR     a workspace: every plan in the folder (default:\n"
                    "                      $KEHOACH_WORKSPACE, ./workspace.yaml); in it\n"
                    "                      --plan ID picks one plan\n"
                    "  --today DATE        take this day as today (YYYY-MM-DD or dd/mm/yyyy)\n"
                    "  --lang vi|en        language (default: $KEHOACH_LANG, then vi)\n"
                    "  --help, --version\n\n"
                    "Dashboard: --no-mouse (no mouse), --read-only (look, don't touch),\n"
                    "  --ascii (ASCII characters only; also KEHOACH_ASCII=1).\n"
                    "See also: kehoach COMMAND --help, README.md\n"
                    "Exit codes: 0 success, 1 data or validation error, 2 usage error.\n"));
}

/* Vietnamese must render even where the locale named by LANG is missing.
 * Only the character set and the system's messages (strerror) follow the
 * locale: dates, numbers and sorting are the program's own, and loading the
 * other categories cost a dozen files at every start. */
static void setup_locale(void)
{
    setlocale(LC_CTYPE, "");
    setlocale(LC_MESSAGES, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
        if (!setlocale(LC_CTYPE, "C.UTF-8")) setlocale(LC_CTYPE, "en_US.UTF-8");
    }
}

#ifdef KH_WITH_TUI
/* When the terminal went away (rc 1), close the database and leave at once:
 * nothing can be written any more, and exit handlers (LeakSanitizer's among
 * them) must not hold a process that has lost its terminal. */
static int leave_if_hung_up(cli_ctx *ctx, int rc)
{
    if (rc != 1) return rc;
    app_close(&ctx->app);
    _exit(rc);
}

static int run_dashboard(cli_ctx *ctx)
{
    const char *why = tui_unusable(ctx->app.lang);
    if (why) {
        cli_error(ctx, "%s", why);
        return EXIT_USAGE;
    }
    /* The detail reads a task's notes when it shows them; no count is shown. */
    ctx->app.skip_note_counts = true;
    kh_tui_options opts = {!ctx->no_mouse, ctx->read_only,
                           ctx->today_set, ctx->ascii || tui_ascii_terminal(),
                           NULL,           NULL};
    /* A workspace without --plan ID: every plan of it, on one dashboard. */
    if (cli_workspace_wide(ctx)) {
        char *ws_why = NULL;
        int rc = cli_open_workspace_dashboard(ctx, &ws_why);
        if (rc) return rc;
        opts.read_only = ctx->read_only;
        opts.read_only_why = ws_why;
        kh_workspace *ws = ctx->ws;
        char *notice = NULL;
        if (ws->nbad)
            opts.notice = notice = xasprintf(
                TR(ctx->app.lang,
                   "%zu tệp kế hoạch không mở được (kehoach check cho biết vì sao); %zu kế "
                   "hoạch đã mở.",
                   "%zu plan file(s) did not load (kehoach check says why); %zu plans open."),
                ws->nbad, ws->nplans);
        rc = tui_run_workspace(ws, &opts);
        free(notice);
        free(ws_why);
        if (rc == 1) {
            cli_workspace_done(ctx);
            _exit(rc);
        }
        return rc;
    }
    char *read_only_why = NULL;
    int rc = cli_open_dashboard(ctx, &read_only_why);
    if (rc) return rc;
    opts.read_only = ctx->read_only;
    opts.read_only_why = read_only_why;
    rc = tui_run(&ctx->app, &opts);
    free(read_only_why);
    return leave_if_hung_up(ctx, rc);
}
#endif

int main(int argc, char **argv)
{
    /* The office server's setgid program: its configuration and a clean
     * environment before anything (the locale included) reads either. */
    kh_error server_err = {0};
    kh_errcode server_rc = server_init(&server_err);
    setup_locale();
    /* A full disk or a file size limit must come back as an error, not kill us. */
    signal(SIGXFSZ, SIG_IGN);
    static cli_ctx ctx;
    ctx.prog = argv[0];
    ctx.app.today = date_today();
    const char *lang = getenv("KEHOACH_LANG");
    ctx.app.lang = lang && !strcmp(lang, "en") ? KH_LANG_EN : KH_LANG_VI;
    kh_errno_lang(ctx.app.lang);
    const char *no_color = getenv("NO_COLOR");
    ctx.color = isatty(STDOUT_FILENO) && !(no_color && *no_color);

    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"version", no_argument, NULL, OPT_VERSION},
        {"no-mouse", no_argument, NULL, OPT_NO_MOUSE},
        {"read-only", no_argument, NULL, OPT_READ_ONLY},
        {"ascii", no_argument, NULL, OPT_ASCII},
        {0, 0, 0, 0},
    };
    int c;
    bool version = false;
    /* "+": stop at the command; its own options are its business. */
    while ((c = cli_next_option(&ctx, NULL, argc, argv, "+hV", opts)) >= 0) {
        if (c == 'V' || c == OPT_VERSION) version = true;
        if (c == OPT_NO_MOUSE) ctx.no_mouse = true;
        if (c == OPT_READ_ONLY) ctx.read_only = true;
        if (c == OPT_ASCII) ctx.ascii = true;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    if (ctx.help) {
        usage(&ctx);
        return EXIT_OK;
    }
    if (version) {
        printf("kehoach %s\n", KEHOACH_VERSION);
        return EXIT_OK;
    }
    /* The installed server's configuration is unsafe: refused, in the
     * language asked for (the group was dropped already). */
    if (server_rc) return cli_fail(&ctx, &server_err);
#ifndef KH_WITH_TUI
    /* A screen: kehoach-tui in this process's place, with the same words. */
    if (optind >= argc || !strcmp(argv[optind], "present")) return cli_exec_tui(&ctx, argv);
#endif
    int rc;
    if (optind >= argc) {
#ifdef KH_WITH_TUI
        rc = run_dashboard(&ctx);
#else
        rc = EXIT_USAGE; /* not reached: handed to kehoach-tui above */
#endif
    } else {
        const char *name = argv[optind];
        const cli_command *cmd = NULL;
        for (const cli_command *k = cli_commands; k->name; k++)
            if (!strcmp(k->name, name)) cmd = k;
        if (!cmd) {
            /* "stats" is most likely "status". */
            const char *near = NULL;
            size_t best = 3;
            for (const cli_command *k = cli_commands; k->name; k++) {
                size_t d = cli_distance(name, k->name);
                if (d < best) {
                    best = d;
                    near = k->name;
                }
            }
            if (near)
                return cli_usage_error(&ctx, NULL,
                                       TR(ctx.app.lang, "không có lệnh '%s'; có phải là '%s'?",
                                          "no command '%s'; did you mean '%s'?"),
                                       name, near);
            return cli_usage_error(&ctx, NULL,
                                   TR(ctx.app.lang, "không có lệnh '%s'", "no command '%s'"), name);
        }
        int sub_argc = argc - optind;
        char **sub_argv = argv + optind;
        optind = 0;
        rc = cmd->run(&ctx, sub_argc, sub_argv);
    }
    app_close(&ctx.app);
    cli_workspace_done(&ctx);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error(&ctx, "%s",
                  TR(ctx.app.lang, "không ghi được ra đầu ra", "cannot write the output"));
        return EXIT_DATA;
    }
    return rc;
}
