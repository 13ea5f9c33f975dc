/* kehoach report: the implementation report for a period. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kehoach/report.h"

enum { OPT_FROM = OPT_FIRST_OWN, OPT_TO, OPT_PERIOD, OPT_UNIT, OPT_FORMAT, OPT_OUTPUT, OPT_BOM };

static const char *usage_vi =
    "Báo cáo kết quả thực hiện kế hoạch trong một kỳ: I. Kết quả đạt được (số nhiệm vụ\n"
    "theo bốn loại, chung và theo đơn vị; bảng từng nhiệm vụ với trạng thái, thời hạn,\n"
    "ngày hoàn thành, ghi chú mới nhất), II. Hạn chế, nguyên nhân (nhiệm vụ quá hạn,\n"
    "vướng mắc và ghi chú của chúng), III. Phương hướng (thời hạn kỳ tới), IV. Kiến\n"
    "nghị (ghi chú bắt đầu bằng \"Kiến nghị:\", \"Đề xuất:\" hoặc \"KN:\").\n\n"
    "  --from NGÀY        đầu kỳ (mặc định: đầu kỳ kế hoạch)\n"
    "  --to NGÀY          cuối kỳ (mặc định: cuối kỳ kế hoạch)\n"
    "  --period KỲ        6m (6 tháng đầu năm) | 9m (9 tháng) | year (cả năm)\n"
    "  --unit MÃ          chỉ nhiệm vụ đơn vị này chủ trì hoặc phối hợp\n"
    "  --format ĐỊNH_DẠNG md (mặc định) | html | csv\n"
    "  -o, --output TỆP   ghi vào TỆP (mặc định: đầu ra chuẩn)\n"
    "  --bom              CSV có BOM UTF-8 (cho Excel)\n\n"
    "Không có --from, --to, --period: kỳ báo cáo sắp tới (6 tháng đến hết tháng 6,\n"
    "9 tháng đến hết tháng 9, rồi cả năm). Số liệu tính đến hôm nay, hoặc đến cuối kỳ\n"
    "nếu kỳ đã qua.\n";
static const char *usage_en =
    "The implementation report for a period: I. Results (tasks in the four official\n"
    "categories, overall and by unit; each task with its status, deadline, completion\n"
    "date and latest note), II. Shortcomings (overdue and blocked tasks with their\n"
    "notes), III. Directions (the deadlines ahead), IV. Proposals (notes starting with\n"
    "\"Kiến nghị:\", \"Đề xuất:\", \"KN:\" or \"Proposal:\").\n\n"
    "  --from DATE        start of the period (default: the plan's start)\n"
    "  --to DATE          end of the period (default: the plan's end)\n"
    "  --period PERIOD    6m (first half) | 9m (nine months) | year\n"
    "  --unit ID          only the tasks this unit leads or supports\n"
    "  --format FORMAT    md (default) | html | csv\n"
    "  -o, --output FILE  write to FILE (default: standard output)\n"
    "  --bom              CSV with a UTF-8 byte order mark (for Excel)\n\n"
    "Without --from, --to, --period: the report due next (6 months until the end of\n"
    "June, 9 months until the end of September, then the year). Figures are as of\n"
    "today, or of the period's end when it is over.\n";

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

int cmd_report(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"unit", required_argument, NULL, OPT_UNIT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, OPT_OUTPUT},
        {"bom", no_argument, NULL, OPT_BOM},
        {0, 0, 0, 0},
    };
    const char *from_arg = NULL, *to_arg = NULL, *period = NULL, *unit = NULL;
    const char *format_arg = NULL, *output = NULL;
    bool bom = false;
    int c;
    while ((c = cli_next_option(ctx, "report", argc, argv, "ho:", opts)) >= 0) {
        switch (c) {
        case OPT_FROM: from_arg = optarg; break;
        case OPT_TO: to_arg = optarg; break;
        case OPT_PERIOD: period = optarg; break;
        case OPT_UNIT: unit = optarg; break;
        case OPT_FORMAT: format_arg = optarg; break;
        case 'o':
        case OPT_OUTPUT: output = optarg; break;
        case OPT_BOM: bom = true; break;
        default: break;
        }
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx, TR(lang, "report [TÙY CHỌN]", "report [OPTIONS]"),
                        TR(lang, usage_vi, usage_en));
    if (optind < argc)
        return cli_usage_error(
            ctx, "report", TR(lang, "thừa đối số: %s", "unexpected argument: %s"), argv[optind]);
    report_format fmt = REPORT_MD;
    if (format_arg) {
        int f = report_format_parse(format_arg);
        if (f < 0)
            return cli_usage_error(ctx, "report", "--format: \"%s\": md | html | csv", format_arg);
        fmt = (report_format)f;
    }
    if (bom && fmt != REPORT_CSV)
        return cli_usage_error(
            ctx, "report", "%s",
            TR(lang, "--bom chỉ dùng với --format csv", "--bom goes with --format csv only"));
    if (bom) fmt = REPORT_CSV_BOM;
    if (period && (from_arg || to_arg))
        return cli_usage_error(ctx, "report", "%s",
                               TR(lang, "dùng --period hoặc --from/--to, không dùng cả hai",
                                  "use --period or --from/--to, not both"));
    if (period && strcmp(period, "6m") && strcmp(period, "9m") && strcmp(period, "year"))
        return cli_usage_error(ctx, "report", "--period: \"%s\": 6m | 9m | year", period);
    kh_date from = KH_NO_DATE, to = KH_NO_DATE;
    if (from_arg && !parse_date(ctx, "--from", from_arg, &from)) return EXIT_USAGE;
    if (to_arg && !parse_date(ctx, "--to", to_arg, &to)) return EXIT_USAGE;
    if (from != KH_NO_DATE && to != KH_NO_DATE && to < from)
        return cli_usage_error(
            ctx, "report", "%s",
            TR(lang, "--to phải từ --from trở đi", "--to must not be before --from"));
    int rc = cli_open(ctx, true);
    if (rc) return rc;
    const kh_plan *plan = ctx->app.plan;
    if (period)
        report_period(plan, ctx->app.today, period, &from, &to);
    else if (!from_arg && !to_arg)
        report_current_period(plan, ctx->app.today, &from, &to);
    if (from == KH_NO_DATE) from = plan->from;
    if (to == KH_NO_DATE) to = plan->to;
    if (to < from)
        return cli_usage_error(
            ctx, "report", "%s",
            TR(lang, "kỳ báo cáo kết thúc trước khi bắt đầu", "the period ends before it starts"));
    kh_filter f;
    app_filter_init(&f);
    if (unit) {
        f.unit = model_find_unit(plan, unit);
        if (f.unit < 0) {
            strbuf ids = STRBUF_INIT;
            for (size_t i = 0; i < plan->nunits; i++)
                sb_printf(&ids, "%s%s", i ? ", " : "", plan->units[i].id);
            cli_error(ctx,
                      TR(lang, "không có đơn vị '%s' (các đơn vị: %s)", "no unit '%s' (units: %s)"),
                      unit, sb_str(&ids));
            sb_done(&ids);
            return EXIT_DATA;
        }
    }
    kh_error err = {0};
    kh_errcode e = output && strcmp(output, "-") != 0
                       ? report_write(&ctx->app, &f, from, to, fmt, output, &err)
                       : report_fwrite(&ctx->app, &f, from, to, fmt, stdout, &err);
    app_filter_done(&f);
    if (e) return cli_fail(ctx, &err);
    if (output && strcmp(output, "-") != 0)
        cli_printf(stdout, TR(lang, "Đã ghi báo cáo vào %s\n", "Report written to %s\n"), output);
    return EXIT_OK;
}
