/* kehoach report: the implementation report for a period. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kehoach/report.h"
#include "kehoach/server_mode.h"

enum {
    OPT_FROM = OPT_FIRST_OWN,
    OPT_TO,
    OPT_PERIOD,
    OPT_OF,
    OPT_UNIT,
    OPT_FORMAT,
    OPT_OUTPUT,
    OPT_BOM,
    OPT_NUMBER,
    OPT_RECIPIENT,
};

static const char *usage_vi =
    "Báo cáo kết quả thực hiện kế hoạch trong một kỳ, trình bày theo Nghị định\n"
    "30/2020/NĐ-CP (tên cơ quan, số, địa danh và ngày tháng, nơi nhận, chữ ký): I. Kết quả\n"
    "đạt được (số nhiệm vụ theo bốn loại, chung và theo đơn vị; bảng từng nhiệm vụ với\n"
    "trạng thái, thời hạn, ngày hoàn thành cùng văn bản, tệp kết quả và xác nhận, ghi chú\n"
    "mới nhất; nhiệm vụ dừng thực hiện nêu riêng), II. Hạn chế, nguyên nhân\n"
    "(nhiệm vụ quá hạn, khó khăn, vướng mắc: ghi chú loại difficulty và ghi chú của\n"
    "nhiệm vụ quá hạn), III. Phương hướng (thời hạn kỳ tới), IV. Kiến nghị (ghi chú\n"
    "loại proposal, hoặc bắt đầu bằng \"Kiến nghị:\", \"Đề xuất:\" hoặc \"KN:\").\n\n"
    "  --from NGÀY        đầu kỳ (mặc định: đầu kỳ kế hoạch)\n"
    "  --to NGÀY          cuối kỳ (mặc định: cuối kỳ kế hoạch)\n"
    "  --period KỲ        month (tháng) | quarter (quý) | 6m (6 tháng đầu năm) |\n"
    "                     9m (9 tháng) | year (cả năm); theo lịch, hoặc theo thời gian\n"
    "                     chốt số liệu của Nghị định 09/2019 khi kế hoạch ghi\n"
    "                     reporting: nd09\n"
    "  --of THÁNG         tháng đặt tên kỳ (2023-06 hoặc 06/2023; mặc định: hôm nay)\n"
    "  --unit MÃ          chỉ nhiệm vụ đơn vị này chủ trì hoặc phối hợp\n"
    "  --format ĐỊNH_DẠNG md (mặc định) | html | csv | docx (văn bản Word)\n"
    "  --number SỐ        số văn bản (12 → \"Số: 12/BC-UBND\"; mặc định: để trống)\n"
    "  --recipient NƠI    một nơi nhận thay cho nơi nhận của kế hoạch (lặp lại được)\n"
    "  -o, --output TỆP   ghi vào TỆP (mặc định: đầu ra chuẩn)\n"
    "  --bom              CSV có BOM UTF-8 (cho Excel)\n\n"
    "Không có --from, --to, --period: kỳ báo cáo sắp tới (6 tháng đến hết tháng 6,\n"
    "9 tháng đến hết tháng 9, rồi cả năm; kế hoạch đã hết: cả năm cuối của nó). Số\n"
    "liệu tính đến hôm nay, hoặc đến cuối kỳ\n"
    "nếu kỳ đã qua.\n";
static const char *usage_en =
    "The implementation report for a period, laid out as Decree 30/2020/ND-CP sets\n"
    "(issuing body, number, place and date, recipients, signature): I. Results (tasks\n"
    "in the four official categories, overall and by unit; each task with its status,\n"
    "deadline, completion date with its result documents, files and confirmation,\n"
    "and latest note; withdrawn tasks apart), II. Shortcomings (overdue and\n"
    "blocked tasks with their notes, notes of kind difficulty), III. Directions (the\n"
    "deadlines ahead), IV. Proposals (notes of kind proposal, or starting with\n"
    "\"Kiến nghị:\", \"Đề xuất:\", \"KN:\" or \"Proposal:\").\n\n"
    "  --from DATE        start of the period (default: the plan's start)\n"
    "  --to DATE          end of the period (default: the plan's end)\n"
    "  --period PERIOD    month | quarter | 6m (first half) | 9m (nine months) | year;\n"
    "                     by the calendar, or by the data cut-off of Decree 09/2019\n"
    "                     when the plan says reporting: nd09\n"
    "  --of MONTH         the month that names the period (2023-06 or 06/2023;\n"
    "                     default: today)\n"
    "  --unit ID          only the tasks this unit leads or supports\n"
    "  --format FORMAT    md (default) | html | csv | docx (a Word document)\n"
    "  --number N         the document's number (12 -> \"Số: 12/BC-UBND\"; default: blank)\n"
    "  --recipient TEXT   a recipient instead of the plan's (may be repeated)\n"
    "  -o, --output FILE  write to FILE (default: standard output)\n"
    "  --bom              CSV with a UTF-8 byte order mark (for Excel)\n\n"
    "Without --from, --to, --period: the report due next (6 months until the end of\n"
    "June, 9 months until the end of September, then the year; once the plan is\n"
    "over, its last year). Figures are as of today, or of the period's end when it\n"
    "is over.\n";

static bool parse_date(cli_ctx *ctx, const char *opt, const char *arg, kh_date *out)
{
    if (date_parse(arg, out) == DATE_OK) return true;
    cli_usage_error(ctx, "report",
                    TR(ctx->app.lang,
                       "%s: \"%s\" không phải ngày (viết YYYY-MM-DD hoặc dd/mm/yyyy)",
                       "%s: \"%s\" is not a date (write YYYY-MM-DD or dd/mm/yyyy)"),
                    opt, arg);
    return false;
}

/* What the command line asked for. */
typedef struct {
    const char *from, *to, *period, *of, *unit, *format, *output, *number;
    const char **recipients; /* argv's, in order */
    size_t nrecipients, caprecipients;
    bool bom;
} report_args;

/* Parse "2023-06" or "06/2023" (also "6/2023", a full date) into the first
 * of that month in *out. Return true, or false with a usage error. */
static bool parse_month(cli_ctx *ctx, const char *arg, kh_date *out)
{
    int y, m;
    char rest;
    kh_date d;
    if ((sscanf(arg, "%4d-%2d%c", &y, &m, &rest) == 2 ||
         sscanf(arg, "%2d/%4d%c", &m, &y, &rest) == 2) &&
        m >= 1 && m <= 12 && (d = date_from_ymd(y, m, 1)) != KH_NO_DATE) {
        *out = d;
        return true;
    }
    if (date_parse(arg, out) == DATE_OK) return true;
    cli_usage_error(ctx, "report",
                    TR(ctx->app.lang, "--of: \"%s\" không phải tháng (viết YYYY-MM hoặc mm/yyyy)",
                       "--of: \"%s\" is not a month (write YYYY-MM or mm/yyyy)"),
                    arg);
    return false;
}

static int one_report(cli_ctx *ctx, const report_args *a, int kind, kh_date from, kh_date to,
                      kh_date of, report_format fmt, const char *output, bool quiet_unit);
static int report_workspace(cli_ctx *ctx, const report_args *a, int kind, kh_date from, kh_date to,
                            kh_date of, report_format fmt);

/* Return the exit code of the report asked for in a. */
static int run(cli_ctx *ctx, const report_args *a)
{
    kh_lang lang = ctx->app.lang;
    report_format fmt = REPORT_MD;
    if (a->format) {
        int f = report_format_parse(a->format);
        if (f < 0)
            return cli_usage_error(ctx, "report", "--format: \"%s\": md | html | csv | docx",
                                   a->format);
        fmt = (report_format)f;
    }
    if (a->bom && fmt != REPORT_CSV)
        return cli_usage_error(
            ctx, "report", "%s",
            TR(lang, "--bom chỉ dùng với --format csv", "--bom goes with --format csv only"));
    if (a->bom) fmt = REPORT_CSV_BOM;
    bool to_file = a->output && strcmp(a->output, "-") != 0;
    if (report_format_binary(fmt) && !to_file && isatty(STDOUT_FILENO))
        return cli_usage_error(ctx, "report", "%s",
                               TR(lang, "tệp .docx không in ra màn hình được: dùng -o TỆP.docx",
                                  "a .docx cannot go to the terminal: use -o FILE.docx"));
    if (a->period && (a->from || a->to))
        return cli_usage_error(ctx, "report", "%s",
                               TR(lang, "dùng --period hoặc --from/--to, không dùng cả hai",
                                  "use --period or --from/--to, not both"));
    int kind = a->period ? report_period_parse(a->period) : -1;
    if (a->period && kind < 0)
        return cli_usage_error(ctx, "report", "--period: \"%s\": month | quarter | 6m | 9m | year",
                               a->period);
    if (a->of && !a->period)
        return cli_usage_error(
            ctx, "report", "%s",
            TR(lang, "--of chỉ dùng với --period", "--of goes with --period only"));
    kh_date from = KH_NO_DATE, to = KH_NO_DATE, of = KH_NO_DATE;
    if (a->from && !parse_date(ctx, "--from", a->from, &from)) return EXIT_USAGE;
    if (a->to && !parse_date(ctx, "--to", a->to, &to)) return EXIT_USAGE;
    if (a->of && !parse_month(ctx, a->of, &of)) return EXIT_USAGE;
    if (from != KH_NO_DATE && to != KH_NO_DATE && to < from)
        return cli_usage_error(
            ctx, "report", "%s",
            TR(lang, "--to phải từ --from trở đi", "--to must not be before --from"));
    if (cli_workspace_wide(ctx)) return report_workspace(ctx, a, kind, from, to, of, fmt);
    int rc = cli_open(ctx, true);
    if (rc) return rc;
    /* Read; what is written from here on is the user's own file. */
    server_drop();
    return one_report(ctx, a, kind, from, to, of, fmt, a->output, false);
}

/* The report of the plan in ctx->app; in a workspace (quiet_unit), a plan
 * without --unit's unit is skipped (EXIT_OK, *skipped). Return an exit code. */
static int one_report(cli_ctx *ctx, const report_args *a, int kind, kh_date from, kh_date to,
                      kh_date of, report_format fmt, const char *output, bool quiet_unit)
{
    kh_lang lang = ctx->app.lang;
    bool to_file = output && strcmp(output, "-") != 0;
    const kh_plan *plan = ctx->app.plan;
    report_opts o = {.number = a->number};
    /* A province's: section V, ward by ward (the snapshots laid over already). */
    if (ctx->ws && ctx->ws->nwards) {
        o.wards = ctx->ws->wards;
        o.nwards = ctx->ws->nwards;
    }
    if (a->nrecipients) {
        o.recipients = a->recipients;
        o.nrecipients = a->nrecipients;
    }
    if (kind >= 0) {
        kh_errcode pr =
            report_period(plan, ctx->app.today, (report_period_kind)kind, of, &from, &to, &o.cut);
        /* --of a period the plan does not run in: no report of one day. */
        if (pr == KH_E_NOT_FOUND && cli_workspace_wide(ctx))
            return EXIT_OK; /* a workspace: the other plans get theirs */
        if (pr == KH_E_NOT_FOUND) {
            char a1[11], a2[11], b1[11], b2[11];
            return cli_usage_error(ctx, "report",
                                   TR(lang,
                                      "kỳ báo cáo %s–%s nằm ngoài thời gian của kế hoạch (%s–%s)",
                                      "the period %s–%s is outside the plan's (%s–%s)"),
                                   date_format_dmy(from, a1), date_format_dmy(to, a2),
                                   date_format_dmy(plan->from, b1), date_format_dmy(plan->to, b2));
        }
    } else if (!a->from && !a->to) {
        report_current_period(plan, ctx->app.today, &from, &to, &o.cut);
    }
    if (from == KH_NO_DATE) from = plan->from;
    if (to == KH_NO_DATE) to = plan->to;
    if (from == KH_NO_DATE || to == KH_NO_DATE)
        return cli_usage_error(ctx, "report", "%s",
                               TR(lang,
                                  "kế hoạch không ghi kỳ kế hoạch: hãy ghi --from và --to, hoặc "
                                  "--period",
                                  "the plan states no period: give --from and --to, or --period"));
    if (to < from)
        return cli_usage_error(
            ctx, "report", "%s",
            TR(lang, "kỳ báo cáo kết thúc trước khi bắt đầu", "the period ends before it starts"));
    o.from = from;
    o.to = to;
    kh_filter f;
    app_filter_init(&f);
    if (a->unit) {
        f.unit = model_find_unit_loose(plan, a->unit); /* an id or a name, as list's */
        if (f.unit < 0 && quiet_unit) return EXIT_OK;
        if (f.unit < 0) {
            strbuf ids = STRBUF_INIT;
            for (size_t i = 0; i < plan->nunits; i++)
                sb_printf(&ids, "%s%s", i ? ", " : "", plan->units[i].id);
            cli_error(ctx,
                      TR(lang, "không có đơn vị '%s' (các đơn vị: %s)", "no unit '%s' (units: %s)"),
                      a->unit, sb_str(&ids));
            sb_done(&ids);
            return EXIT_DATA;
        }
    }
    kh_error err = {0};
    kh_note *ward_notes = NULL;
    size_t nward_notes = 0;
    /* The wards' notes on their occurrences travel in their snapshots. */
    if (o.nwards && workspace_wards_notes(ctx->ws, plan, &ward_notes, &nward_notes, &err)) {
        app_filter_done(&f);
        return cli_fail(ctx, &err);
    }
    o.ward_notes = ward_notes;
    o.nward_notes = nward_notes;
    kh_errcode e = to_file ? report_write(&ctx->app, &f, &o, fmt, output, &err)
                           : report_fwrite(&ctx->app, &f, &o, fmt, stdout, &err);
    store_notes_free(ward_notes, nward_notes);
    app_filter_done(&f);
    if (e) return cli_fail(ctx, &err);
    if (to_file)
        cli_printf(stdout, TR(lang, "Đã ghi báo cáo vào %s\n", "Report written to %s\n"), output);
    return EXIT_OK;
}

/* report over a workspace: each plan's report (its own period, number and
 * signer) as a file of its own, DIR/PLAN_ID.EXT in the folder -o names. */
static int report_workspace(cli_ctx *ctx, const report_args *a, int kind, kh_date from, kh_date to,
                            kh_date of, report_format fmt)
{
    kh_lang lang = ctx->app.lang;
    if (!a->output || !strcmp(a->output, "-"))
        return cli_usage_error(ctx, "report", "%s",
                               TR(lang,
                                  "báo cáo cả không gian làm việc cần -o THƯ_MỤC (mỗi kế hoạch "
                                  "một báo cáo), hoặc --plan MÃ",
                                  "a report over the whole workspace needs -o DIR (one report per "
                                  "plan), or --plan ID"));
    int rc = cli_open_workspace(ctx, true);
    if (rc) return rc;
    if (mkdir(a->output, 0775) != 0 && errno != EEXIST) {
        cli_error(ctx, TR(lang, "không tạo được %s: %s", "cannot make %s: %s"), a->output,
                  kh_strerrno(errno));
        return EXIT_DATA;
    }
    static const char *const ext[] = {"md", "html", "csv", "csv", "docx"};
    const char *e = fmt == REPORT_MD     ? ext[0]
                    : fmt == REPORT_HTML ? ext[1]
                    : fmt == REPORT_DOCX ? ext[4]
                                         : ext[2];
    kh_workspace *ws = ctx->ws;
    for (size_t p = 0; p < ws->nplans && !rc; p++) {
        char *path = xasprintf("%s/%s.%s", a->output, ws->plans[p].plan->id, e);
        /* The report reads ctx->app: lend it each plan in turn. */
        kh_app mine = ctx->app;
        ctx->app = ws->plans[p];
        rc = one_report(ctx, a, kind, from, to, of, fmt, path, a->unit != NULL);
        ws->plans[p] = ctx->app;
        ctx->app = mine;
        free(path);
    }
    return cli_workspace_status(ctx, rc);
}

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"of", required_argument, NULL, OPT_OF},
        {"unit", required_argument, NULL, OPT_UNIT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, OPT_OUTPUT},
        {"bom", no_argument, NULL, OPT_BOM},
        {"number", required_argument, NULL, OPT_NUMBER},
        {"recipient", required_argument, NULL, OPT_RECIPIENT},
        {0, 0, 0, 0},
    };
    report_args a = {0};
    int c;
    while ((c = cli_next_option(ctx, "report", argc, argv, "ho:", opts)) >= 0) {
        switch (c) {
        case OPT_FROM: a.from = optarg; break;
        case OPT_TO: a.to = optarg; break;
        case OPT_PERIOD: a.period = optarg; break;
        case OPT_OF: a.of = optarg; break;
        case OPT_UNIT: a.unit = optarg; break;
        case OPT_FORMAT: a.format = optarg; break;
        case 'o':
        case OPT_OUTPUT: a.output = optarg; break;
        case OPT_BOM: a.bom = true; break;
        case OPT_NUMBER: a.number = optarg; break;
        case OPT_RECIPIENT:
            KH_GROW(a.recipients, a.nrecipients, a.caprecipients);
            a.recipients[a.nrecipients++] = optarg;
            break;
        default: break;
        }
    }
    int rc;
    kh_lang lang = ctx->app.lang;
    if (c == CLI_OPTIONS_BAD)
        rc = EXIT_USAGE;
    else if (ctx->help)
        rc = cli_help(ctx, TR(lang, "report [TÙY CHỌN]", "report [OPTIONS]"),
                      TR(lang, usage_vi, usage_en));
    else if (optind < argc)
        rc = cli_usage_error(ctx, "report", TR(lang, "thừa đối số: %s", "unexpected argument: %s"),
                             argv[optind]);
    else
        rc = run(ctx, &a);
    free(a.recipients);
    return rc;
}
