/* kehoach measure: record the value a target has reached; and undoing a
 * measurement, for kehoach undo. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "kehoach/text.h"

enum { OPT_ON = OPT_FIRST_OWN, OPT_DOC };

static const char *measure_usage_vi =
    "Ghi kết quả đo một chỉ tiêu (chỉ tiêu ở phần 'targets' của kế hoạch); lưu ngay,\n"
    "kèm người và thời gian. Mỗi lần đo là một dòng lịch sử; kehoach undo lấy lại.\n\n"
    "  GIÁ_TRỊ          theo cách đo của chỉ tiêu: percent 0-100 (85, 85%, 12,5);\n"
    "                   count một số nguyên (1200); yesno: có/không (yes/no, đạt/chưa)\n"
    "  --on NGÀY        ngày đo (mặc định hôm nay; không sau hôm nay)\n"
    "  --doc CHỮ        nguồn số liệu, vd. \"Báo cáo 45/BC-UBND\"\n";
static const char *measure_usage_en =
    "Record the value a target (in the plan's 'targets') has reached; saved at once,\n"
    "with who and when. Each measurement is a history row; kehoach undo takes it back.\n\n"
    "  VALUE            in the target's measure: percent 0-100 (85, 85%, 12.5);\n"
    "                   count a whole number (1200); yesno: yes/no (có/không)\n"
    "  --on DATE        the day it was measured (default today; not after today)\n"
    "  --doc TEXT       the source of the figure, e.g. \"Báo cáo 45/BC-UBND\"\n";

/* Find a target by id (case ignored when only one matches), reporting an
 * unknown one with the nearest id. Return its index or -1. */
static long find_target(const cli_ctx *ctx, const char *id)
{
    const kh_plan *plan = ctx->app.plan;
    long i = model_find_target(plan, id);
    if (i >= 0) return i;
    long loose = -1, near = -1;
    size_t best = 99;
    for (size_t k = 0; k < plan->ntargets; k++) {
        if (!strcasecmp(plan->targets[k].id, id)) loose = loose == -1 ? (long)k : -2;
        size_t d = cli_distance(plan->targets[k].id, id);
        if (d < best) best = d, near = (long)k;
    }
    if (loose >= 0) return loose;
    kh_lang lang = ctx->app.lang;
    if (!plan->ntargets)
        cli_error(ctx,
                  TR(lang, "không có chỉ tiêu '%s': kế hoạch không có chỉ tiêu nào (targets)",
                     "no target '%s': the plan has no targets"),
                  id);
    else if (near >= 0 && best <= 2)
        cli_error(ctx,
                  TR(lang, "không có chỉ tiêu '%s' trong kế hoạch (có phải '%s'?)",
                     "no target '%s' in the plan (did you mean '%s'?)"),
                  id, plan->targets[near].id);
    else
        cli_error(ctx,
                  TR(lang, "không có chỉ tiêu '%s' trong kế hoạch (xem: kehoach status)",
                     "no target '%s' in the plan (see: kehoach status)"),
                  id);
    return -1;
}

/* Append where target t stands on day today: "mốc 2025: 80% — đạt" or
 * "mốc 2025: 80% — còn thiếu 5%". */
static void standing(strbuf *sb, const kh_target *t, kh_date today, kh_lang lang)
{
    int h = target_horizon(t, today);
    if (h < 0) {
        sb_puts(sb, TR(lang, "chưa có mốc thời gian", "no horizon"));
        return;
    }
    sb_printf(sb, "%s %d: ", TR(lang, "mốc", "horizon"), t->horizons[h].year);
    target_goal_words(sb, t, h, lang);
    if (t->state.measured) {
        sb_puts(sb, " — ");
        target_gap_words(sb, t, today, lang);
    }
}

/* Print the target's value now: "CT1: 85% (30/06/2025) — …". */
static void print_value(const cli_ctx *ctx, const kh_target *t, const char *what)
{
    kh_lang lang = ctx->app.lang;
    strbuf sb = STRBUF_INIT;
    if (t->state.measured) {
        char on[11], when[17] = "";
        target_value_words(&sb, (kh_measure)t->measure, t->state.value, lang);
        sb_printf(&sb, " (%s %s", TR(lang, "ngày", "on"), date_format_dmy(t->state.on, on));
        if (t->state.doc) sb_printf(&sb, ", %s", t->state.doc);
        sb_puts(&sb, ")");
        if (what) {
            if (t->state.at) date_format_local_time((time_t)t->state.at, when);
            sb_printf(&sb, " — %s (%s, %s)", what, t->state.by ? t->state.by : "?", when);
        }
    } else {
        sb_puts(&sb, TR(lang, "chưa đo", "not measured"));
    }
    cli_printf(stdout, "%s: %s\n", t->id, sb_str(&sb));
    sb_reset(&sb);
    standing(&sb, t, ctx->app.today, lang);
    cli_printf(stdout, "  %s\n", sb_str(&sb));
    sb_done(&sb);
}

/* Say what the value of measure m must be. */
static const char *value_hint(kh_measure m, kh_lang lang)
{
    switch (m) {
    case MEASURE_PERCENT: return TR(lang, "một tỉ lệ từ 0 đến 100", "a percentage from 0 to 100");
    case MEASURE_COUNT: return TR(lang, "một số nguyên từ 0", "a whole number, 0 or more");
    default: return TR(lang, "có hoặc không (yes/no)", "yes or no");
    }
}

int cmd_measure(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"on", required_argument, NULL, OPT_ON},
        {"doc", required_argument, NULL, OPT_DOC},
        {0, 0, 0, 0},
    };
    const char *on_arg = NULL, *doc = NULL;
    int c;
    while ((c = cli_next_option(ctx, "measure", argc, argv, "h", opts)) >= 0) {
        if (c == OPT_ON) on_arg = optarg;
        if (c == OPT_DOC) doc = optarg;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx,
                        TR(lang, "measure CHỈ_TIÊU GIÁ_TRỊ [--on NGÀY] [--doc CHỮ]",
                           "measure TARGET VALUE [--on DATE] [--doc TEXT]"),
                        TR(lang, measure_usage_vi, measure_usage_en));
    int nargs = argc - optind;
    if (nargs > 2)
        return cli_usage_error(ctx, "measure",
                               TR(lang, "thừa đối số: %s", "unexpected argument: %s"),
                               argv[optind + 2]);
    if (nargs < 2)
        return cli_usage_error(ctx, "measure", "%s",
                               TR(lang, "cần CHỈ_TIÊU và GIÁ_TRỊ", "need TARGET and VALUE"));
    kh_date on = KH_NO_DATE;
    if (on_arg && date_parse(on_arg, &on) != DATE_OK)
        return cli_usage_error(ctx, "measure",
                               TR(lang, "--on: \"%s\" không phải ngày (yyyy-mm-dd hoặc dd/mm/yyyy)",
                                  "--on: \"%s\" is not a date (yyyy-mm-dd or dd/mm/yyyy)"),
                               on_arg);
    if (doc && strspn(doc, " \t") == strlen(doc)) doc = NULL;
    if (doc && !target_doc_ok(doc))
        return cli_usage_error(ctx, "measure",
                               TR(lang,
                                  "--doc: nguồn số liệu phải là một dòng chữ (tối đa %d byte, "
                                  "không ký tự điều khiển)",
                                  "--doc: the source must be one line of text (at most %d bytes, "
                                  "no control character)"),
                               KH_TARGET_DOC_MAX);
    int rc = cli_load_plan(ctx);
    if (rc) return rc;
    if (on == KH_NO_DATE) on = ctx->app.today;
    if (on > ctx->app.today) {
        char d[11], t[11];
        return cli_usage_error(ctx, "measure",
                               TR(lang, "--on %s: sau hôm nay (%s); chỉ ghi được kết quả đã đo",
                                  "--on %s: after today (%s); only a value already measured can "
                                  "be recorded"),
                               date_format_dmy(on, d), date_format_dmy(ctx->app.today, t));
    }
    long target = find_target(ctx, argv[optind]);
    if (target < 0) return EXIT_DATA;
    const kh_target *t = &ctx->app.plan->targets[target];
    double value;
    if (!target_value_parse((kh_measure)t->measure, argv[optind + 1], &value))
        return cli_usage_error(ctx, "measure",
                               TR(lang, "\"%s\" không phải giá trị của %s (%s: %s)",
                                  "\"%s\" is not a value of %s (%s: %s)"),
                               argv[optind + 1], t->id,
                               target_measure_name((kh_measure)t->measure, lang),
                               value_hint((kh_measure)t->measure, lang));
    if ((rc = cli_open_store(ctx, false))) return rc;
    kh_error err = {0};
    kh_errcode e = app_measure(&ctx->app, (size_t)target, value, on, doc, &err);
    if (e) return cli_fail(ctx, &err);
    print_value(ctx, t, TR(lang, "đã lưu", "saved"));
    return EXIT_OK;
}

int cli_undo_target(cli_ctx *ctx, long target, kh_undo *given)
{
    kh_lang lang = ctx->app.lang;
    kh_undo u;
    kh_error err = {0};
    if (given) {
        u = *given;
    } else {
        kh_errcode e = app_target_last_change(&ctx->app, (size_t)target, &u, &err);
        if (e == KH_E_NOT_FOUND) {
            cli_error(ctx,
                      TR(lang, "không có lần đo nào của bạn (%s) trên %s để hoàn tác",
                         "you (%s) have no measurement of %s to undo"),
                      app_user(&ctx->app), ctx->app.plan->targets[target].id);
            return EXIT_DATA;
        }
        if (e) return cli_fail(ctx, &err);
    }
    const kh_target *t = &ctx->app.plan->targets[u.target];
    kh_errcode e = app_undo(&ctx->app, &u, -1, &err);
    char when[17], who[96];
    date_format_local_time((time_t)u.rows[0].at, when);
    if (e == KH_E_CONFLICT) {
        cli_error(ctx,
                  TR(lang,
                     "không hoàn tác được lần đo của bạn lúc %s trên %s: chỉ tiêu đã được đo "
                     "lại sau đó (bởi %s)",
                     "cannot undo your measurement of %s on %s: the target was measured since "
                     "(by %s)"),
                  when, t->id, kh_error_who_when(&err, who, sizeof who));
        app_undo_free(&u);
        return EXIT_DATA;
    }
    if (e) {
        app_undo_free(&u);
        return cli_fail(ctx, &err);
    }
    cli_printf(stdout,
               TR(lang, "%s: đã hoàn tác lần đo lúc %s:\n", "%s: undid the measurement of %s:\n"),
               t->id, when);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < u.nrows; i++) {
        sb_reset(&sb);
        app_history_words(&sb, &u.rows[i], lang);
        cli_printf(stdout, "  %s\n", sb_str(&sb));
    }
    sb_done(&sb);
    app_undo_free(&u);
    print_value(ctx, t, NULL);
    return EXIT_OK;
}
