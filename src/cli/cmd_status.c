/* kehoach status: where the plan stands, on one screen of plain text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kehoach/text.h"

/* One screen: at most this many unit rows (a plan with more shows those with
 * the most overdue tasks). */
enum { SCREEN_LINES = 24, MAX_UNIT_ROWS = 7, MAX_TARGET_ROWS = 8 };

#define RED    "\033[31m"
#define YELLOW "\033[33m"
#define GREEN  "\033[32m"
#define BOLD   "\033[1m"
#define RESET  "\033[0m"

static void wrap_line(void *vs, const char *start, size_t len)
{
    cli_screen *s = vs;
    sb_puts(&s->sb, cli_sgr(s->ctx, BOLD));
    sb_add(&s->sb, start, len);
    sb_puts(&s->sb, cli_sgr(s->ctx, RESET));
    cli_screen_line(s);
}

/* Print the tasks of one timeliness, at most max rows. */
static void print_tasks(cli_screen *s, const uint32_t *idx, size_t n, size_t max, const char *head,
                        const char *color, const char *more)
{
    kh_app *app = &s->ctx->app;
    kh_lang lang = app->lang;
    sb_printf(&s->sb, "%s%s (%zu)%s", cli_sgr(s->ctx, color), head, n, cli_sgr(s->ctx, RESET));
    cli_screen_line(s);
    int idw = 0;
    for (size_t i = 0; i < n && i < max; i++) {
        int w = (int)strlen(app->plan->tasks[idx[i]].id);
        if (w > idw) idw = w;
    }
    strbuf title = STRBUF_INIT;
    for (size_t i = 0; i < n && i < max; i++) {
        const kh_task *t = &app->plan->tasks[idx[i]];
        char date[11];
        char when[40];
        cli_days_words(when, sizeof when, (long)t->due - (long)app->today, lang);
        sb_reset(&title);
        model_task_row_title(&title, t, lang);
        sb_puts(&s->sb, "  ");
        text_fit(&s->sb, t->id, idw, true);
        sb_puts(&s->sb, "  ");
        int rest = s->width - 2 - idw - 2 - 2 - 10 - 2 - 14;
        cli_screen_fit(s, sb_str(&title), rest < 10 ? 10 : rest, true);
        sb_printf(&s->sb, "  %s  %s", date_format_dmy(t->due, date), when);
        cli_screen_line(s);
    }
    if (n > max) {
        sb_printf(&s->sb, TR(lang, "  … và %zu nhiệm vụ khác (%s)", "  … and %zu more (%s)"),
                  n - max, more);
        cli_screen_line(s);
    }
    sb_done(&title);
}

enum { OPT_FORMAT = OPT_FIRST_OWN };

/* The counts as JSON: the same figures as the screen, withdrawn tasks
 * apart from every other. */
static void print_json(const kh_app *app)
{
    const kh_plan *plan = app->plan;
    kh_counts all;
    model_count(plan, app->today, &all, NULL);
    char day[11];
    fputs("{\"plan\":", stdout);
    json_string(stdout, plan->id);
    printf(",\"today\":\"%s\",\"total\":%zu,\"completion\":%d,\"status\":{",
           date_format_iso(app->today, day), all.total, model_completion(&all));
    for (int i = 0; i < ST_COUNT; i++)
        printf("%s\"%s\":%zu", i ? "," : "", model_status_code((kh_status)i), all.status[i]);
    printf("},\"proposed\":%zu,\"withdrawn\":%zu,\"category\":{", all.proposed, all.withdrawn);
    for (int c = 0; c < CAT_COUNT; c++)
        printf("%s\"%s\":%zu", c ? "," : "", model_category_code((kh_category)c), all.category[c]);
    size_t over = all.timeliness[TL_OVERDUE], soon = all.timeliness[TL_DUE_SOON];
    printf("},\"overdue\":%zu,\"due_soon\":%zu}\n", over, soon);
}

/* One line of the targets' section (cli_targets.c). */
static void target_line(void *vs, const char *text)
{
    cli_screen *s = vs;
    sb_puts(&s->sb, text);
    cli_screen_line(s);
}

int cmd_status(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS, {"format", required_argument, NULL, OPT_FORMAT}, {0, 0, 0, 0}};
    int c;
    const char *format = NULL;
    while ((c = cli_next_option(ctx, "status", argc, argv, "h", opts)) >= 0)
        if (c == OPT_FORMAT) format = optarg;
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx, "status",
                        TR(ctx->app.lang,
                           "Tình hình thực hiện kế hoạch trên một màn hình văn bản (80 cột):\n"
                           "số nhiệm vụ theo trạng thái và theo bốn loại của báo cáo, bảng\n"
                           "các đơn vị, rồi các nhiệm vụ quá hạn và sắp đến hạn; kế hoạch có\n"
                           "chỉ tiêu thì thêm phần các chỉ tiêu (đạt, còn thiếu bao nhiêu).\n"
                           "Có màu khi in ra terminal và biến NO_COLOR không được đặt.\n\n"
                           "  --format ĐỊNH_DẠNG  text (mặc định) | json: các số liệu (nhiệm\n"
                           "                      vụ dừng thực hiện tính riêng)\n",
                           "Where the plan stands, on one screen of text (80 columns): tasks\n"
                           "by status and by the four official categories, a table of the\n"
                           "units, then the overdue and due-soon tasks; with targets, a\n"
                           "section of them (achieved, how far short).\n"
                           "In colour on a terminal unless NO_COLOR is set.\n\n"
                           "  --format FORMAT  text (default) | json: the counts (withdrawn\n"
                           "                   tasks apart)\n"));
    if (optind < argc)
        return cli_usage_error(
            ctx, "status", TR(lang, "thừa đối số: %s", "unexpected argument: %s"), argv[optind]);
    bool json = format && !strcmp(format, "json");
    if (format && !json && strcmp(format, "text") != 0)
        return cli_usage_error(ctx, "status",
                               TR(lang, "--format: \"%s\" không có (text, json)",
                                  "--format: no such format \"%s\" (text, json)"),
                               format);
    if (cli_workspace_wide(ctx)) {
        if (json)
            return cli_usage_error(ctx, "status", "%s",
                                   TR(lang, "--format json: cho một kế hoạch (--plan)",
                                      "--format json: for one plan (--plan)"));
        return cli_status_workspace(ctx);
    }
    ctx->app.skip_note_counts = true; /* no task's note count is shown */
    ctx->app.state_only = true;       /* nothing but the state: the state cache may serve */
    int rc = cli_open(ctx, true);
    if (rc) return rc;
    kh_app *app = &ctx->app;
    if (json) {
        print_json(app);
        return EXIT_OK;
    }
    const kh_plan *plan = app->plan;
    cli_screen s = {ctx, cli_width() < 80 ? cli_width() : 80, 0, STRBUF_INIT};

    strbuf title = STRBUF_INIT;
    text_sanitize(&title, plan->title, TEXT_ONE_LINE);
    text_wrap(sb_str(&title), s.width, wrap_line, &s);
    sb_done(&title);

    char from[11], to[11], today[11];
    strbuf rest = STRBUF_INIT;
    if (plan->from != KH_NO_DATE)
        sb_printf(&rest, TR(lang, " · kỳ %s – %s · hôm nay %s", " · %s – %s · today %s"),
                  date_format_dmy(plan->from, from), date_format_dmy(plan->to, to),
                  date_format_dmy(app->today, today));
    else
        sb_printf(&rest, TR(lang, " · không ghi kỳ · hôm nay %s", " · no period · today %s"),
                  date_format_dmy(app->today, today));
    cli_screen_fit(&s, plan->issuer, s.width - text_width(sb_str(&rest)), false);
    sb_puts(&s.sb, sb_str(&rest));
    sb_done(&rest);
    cli_screen_line(&s);
    cli_screen_line(&s);

    kh_counts all;
    kh_unit_counts *units = xcalloc(plan->nunits ? plan->nunits : 1, sizeof *units);
    model_count(plan, app->today, &all, units);
    sb_printf(&s.sb,
              TR(lang, "%sHoàn thành %d%%%s · %zu nhiệm vụ: ", "%s%d%% complete%s · %zu tasks: "),
              cli_sgr(ctx, BOLD), model_completion(&all), cli_sgr(ctx, RESET), all.total);
    /* The four statuses a task in the count has; withdrawn ones below. */
    for (int i = 0; i < ST_WITHDRAWN; i++)
        sb_printf(&s.sb, "%s%s %zu", i ? ", " : "", model_status_name((kh_status)i, lang),
                  all.status[i]);
    if (text_width(sb_str(&s.sb)) > s.width + (ctx->color ? 8 : 0)) {
        /* Too long for one line: put the statuses on their own. */
        sb_reset(&s.sb);
        sb_printf(&s.sb,
                  TR(lang, "%sHoàn thành %d%%%s · %zu nhiệm vụ", "%s%d%% complete%s · %zu tasks"),
                  cli_sgr(ctx, BOLD), model_completion(&all), cli_sgr(ctx, RESET), all.total);
        cli_screen_line(&s);
        for (int i = 0; i < ST_WITHDRAWN; i++)
            sb_printf(&s.sb, "%s%s %zu", i ? " · " : "", model_status_name((kh_status)i, lang),
                      all.status[i]);
    }
    cli_screen_line(&s);
    if (all.proposed) { /* the done ones waiting for the confirming unit: said
                         * of the done count, above the withdrawn line */
        sb_printf(&s.sb,
                  TR(lang, "  %s %zu, trong đó Đề nghị hoàn thành (chờ xác nhận) %zu",
                     "  %s %zu, of them proposed as done (waiting for confirmation) %zu"),
                  model_status_name(ST_DONE, lang), all.status[ST_DONE], all.proposed);
        cli_screen_line(&s);
    }
    if (all.withdrawn) { /* on a line of their own: in no count above or below */
        sb_printf(&s.sb,
                  TR(lang, "  %s %zu (không tính vào tỷ lệ hoàn thành và bốn loại)",
                     "  %s %zu (not in the completion percentage or the four categories)"),
                  model_status_name(ST_WITHDRAWN, lang), all.withdrawn);
        cli_screen_line(&s);
    }

    static const char *const cat_color[CAT_COUNT] = {GREEN, YELLOW, "", RED};
    int half = s.width / 2;
    for (int row = 0; row < 2; row++) {
        for (int col = 0; col < 2; col++) {
            kh_category cat = (kh_category)(col * 2 + row);
            size_t n = all.category[cat];
            sb_puts(&s.sb, "  ");
            text_fit(&s.sb, model_category_name(cat, lang), half - 9, true);
            sb_printf(&s.sb, "%s%5zu%s", cli_sgr(ctx, n ? cat_color[cat] : ""), n,
                      cli_sgr(ctx, n && cat_color[cat][0] ? RESET : ""));
            if (col == 0) sb_puts(&s.sb, "  ");
        }
        cli_screen_line(&s);
    }
    cli_screen_line(&s);

    const char *h_unit = TR(lang, "Đơn vị", "Unit");
    const char *h_lead = TR(lang, "Chủ trì", "Lead");
    const char *h_sup = TR(lang, "Phối hợp", "Support");
    const char *h_done = TR(lang, "Xong", "Done");
    const char *h_over = TR(lang, "Quá hạn", "Overdue");
    int name_w = s.width - 9 - 10 - 6 - 9;
    sb_puts(&s.sb, cli_sgr(ctx, BOLD));
    text_fit(&s.sb, h_unit, name_w, true);
    const char *heads[] = {h_lead, h_sup, h_done, h_over};
    static const int widths[] = {9, 10, 6, 9};
    for (int i = 0; i < 4; i++) {
        sb_repeat(&s.sb, ' ', (size_t)(widths[i] - text_width(heads[i])));
        sb_puts(&s.sb, heads[i]);
    }
    sb_puts(&s.sb, cli_sgr(ctx, RESET));
    cli_screen_line(&s);
    bool *shown = xcalloc(plan->nunits + 1, sizeof *shown);
    size_t nshown = plan->nunits <= MAX_UNIT_ROWS ? plan->nunits : MAX_UNIT_ROWS - 1;
    for (size_t k = 0; k < nshown; k++) {
        /* The next unit with the most overdue, then the most tasks. */
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < plan->nunits; i++) {
            if (shown[i]) continue;
            if (best == SIZE_MAX || units[i].overdue > units[best].overdue ||
                (units[i].overdue == units[best].overdue && units[i].lead > units[best].lead))
                best = i;
        }
        shown[best] = true;
    }
    for (size_t i = 0; i < plan->nunits; i++) {
        if (!shown[i]) continue;
        cli_screen_fit(&s, plan->units[i].name, name_w, true);
        const kh_unit_counts *u = &units[i];
        sb_printf(&s.sb, "%9zu%10zu%6zu%s%9zu%s", u->lead, u->support, u->done,
                  cli_sgr(ctx, u->overdue ? RED : ""), u->overdue,
                  cli_sgr(ctx, u->overdue ? RESET : ""));
        cli_screen_line(&s);
    }
    if (nshown < plan->nunits) {
        sb_printf(&s.sb,
                  TR(lang, "… và %zu đơn vị khác (xem: kehoach list --unit MÃ)",
                     "… and %zu more units (see: kehoach list --unit ID)"),
                  plan->nunits - nshown);
        cli_screen_line(&s);
    }
    free(shown);
    free(units);
    if (plan->ntargets) {
        cli_screen_line(&s);
        cli_targets_status(app, s.width, MAX_TARGET_ROWS, target_line, &s);
    }

    uint32_t *over = xreallocarray(NULL, plan->ntasks + 1, sizeof *over);
    uint32_t *soon = xreallocarray(NULL, plan->ntasks + 1, sizeof *soon);
    size_t nover = 0, nsoon = 0;
    for (size_t i = 0; i < plan->ntasks; i++) {
        if (model_task_summary(&plan->tasks[i])) continue; /* its occurrences are listed */
        kh_timeliness tl = model_timeliness(&plan->tasks[i], app->today);
        if (tl == TL_OVERDUE) over[nover++] = (uint32_t)i;
        if (tl == TL_DUE_SOON) soon[nsoon++] = (uint32_t)i;
    }
    app_sort(app, over, nover, SORT_DEADLINE);
    app_sort(app, soon, nsoon, SORT_DEADLINE);
    if (nover || nsoon) {
        cli_screen_line(&s);
        /* Share the rest of the screen between the two lists. */
        int left = SCREEN_LINES - 1 - s.lines - (nover ? 1 : 0) - (nsoon ? 1 : 0);
        if (left < 4) left = 4;
        size_t max_soon = nsoon < (size_t)left / 2 ? nsoon : (size_t)left / 2;
        size_t max_over = (size_t)left - max_soon;
        if (nover > max_over) max_over--; /* room for the "… and N more" line */
        if (nsoon > max_soon && max_soon) max_soon--;
        if (nover)
            print_tasks(&s, over, nover, max_over, TR(lang, "Quá hạn", "Overdue"), RED,
                        "kehoach list --overdue");
        if (nsoon)
            print_tasks(&s, soon, nsoon, max_soon, TR(lang, "Sắp đến hạn", "Due soon"), YELLOW,
                        "kehoach list --due-soon");
    }
    free(over);
    free(soon);
    sb_done(&s.sb);
    return EXIT_OK;
}
