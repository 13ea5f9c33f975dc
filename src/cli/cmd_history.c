/* kehoach history: who changed what, and when. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "kehoach/text.h"

enum { OPT_USER = OPT_FIRST_OWN, OPT_SINCE, OPT_FORMAT, OPT_BOM };

typedef enum { FMT_TABLE, FMT_JSON, FMT_CSV } history_format;

static const char *history_usage_vi =
    "Lịch sử thay đổi (cũ trước, mới sau): thời gian, người thay đổi (theo tài\n"
    "khoản máy, không theo biến môi trường), nhiệm vụ, giá trị cũ và mới. Không\n"
    "có NHIỆM_VỤ: mọi nhiệm vụ. Lịch sử chỉ được ghi thêm, không bao giờ bị sửa\n"
    "hay xóa; một lần hoàn tác (kehoach undo) là những dòng mới, ghi \"(hoàn tác)\".\n\n"
    "  --user TÀI_KHOẢN    chỉ thay đổi của người này\n"
    "  --since NGÀY        chỉ thay đổi từ 00:00 ngày này (giờ máy)\n"
    "  --format ĐỊNH_DẠNG  table (mặc định) | json | csv\n"
    "  --bom               CSV có BOM UTF-8 (cho Excel)\n";
static const char *history_usage_en =
    "The history of changes, oldest first: time, who (from the account, never\n"
    "the environment), task, old and new value. Without TASK: every task.\n"
    "History is only ever added to, never changed or deleted; an undo (kehoach\n"
    "undo) is new rows, marked \"(undo)\".\n\n"
    "  --user ACCOUNT      only this person's changes\n"
    "  --since DATE        only changes from 00:00 that day (local time)\n"
    "  --format FORMAT     table (default) | json | csv\n"
    "  --bom               CSV with a UTF-8 byte order mark (for Excel)\n";

static int history_by_id(const void *a, const void *b)
{
    const kh_history *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static void print_table(const cli_ctx *ctx, const kh_history *h, size_t n)
{
    kh_lang lang = ctx->app.lang;
    if (n == 0) printf("%s\n", TR(lang, "Chưa có thay đổi nào.", "No changes yet."));
    int width = cli_width();
    strbuf line = STRBUF_INIT, words = STRBUF_INIT, clean = STRBUF_INIT;
    int idw = 4, userw = 4;
    /* Every text from the database is shown through text_sanitize: a
     * database kehoach did not write may hold anything. */
    for (size_t i = 0; i < n; i++) {
        sb_reset(&clean);
        text_sanitize(&clean, h[i].task_id, TEXT_ONE_LINE);
        if (text_width(sb_str(&clean)) > idw) idw = text_width(sb_str(&clean));
        sb_reset(&clean);
        text_sanitize(&clean, h[i].user, TEXT_ONE_LINE);
        if (text_width(sb_str(&clean)) > userw) userw = text_width(sb_str(&clean));
    }
    if (userw > 16) userw = 16;
    /* A change made with --today or --on on another day: a column of the day
     * it took effect, beside the time it was recorded, under a header line
     * (widths in columns, so that Vietnamese words line up). Without such a
     * row the table is as it always was. */
    bool effective = false;
    for (size_t i = 0; i < n && !effective; i++) effective = h[i].effective != KH_NO_DATE;
    const char *eff_head = TR(lang, "Ngày hiệu lực", "Effective");
    int effw = effective ? text_width(eff_head) : 0;
    if (effective && effw < 10) effw = 10;
    /* The task column is as wide as its widest id (PLAN:TASK in a
     * workspace), leaving the change at least 20 columns of the line. */
    int idmax = width - 16 - 2 - userw - 2 - 2 - 20 - (effective ? effw + 2 : 0);
    if (idmax < 24) idmax = 24;
    /* Piped, every line is whole (below): so is every id. */
    bool fitted = isatty(STDOUT_FILENO) || getenv("COLUMNS");
    if (fitted && idw > idmax) idw = idmax;
    if (effective) {
        /* The header's words fit their columns whole. */
        int w = text_width(TR(lang, "Người", "User"));
        if (userw < w) userw = w;
        w = text_width(TR(lang, "Nhiệm vụ", "Task"));
        if (idw < w) idw = w;
        sb_reset(&line);
        text_fit(&line, TR(lang, "Thời gian ghi", "Recorded"), 16, true);
        sb_puts(&line, "  ");
        text_fit(&line, TR(lang, "Người", "User"), userw, true);
        sb_puts(&line, "  ");
        text_fit(&line, TR(lang, "Nhiệm vụ", "Task"), idw, true);
        sb_puts(&line, "  ");
        text_fit(&line, eff_head, effw, true);
        sb_puts(&line, "  ");
        sb_puts(&line, TR(lang, "Thay đổi", "Change"));
        puts(sb_str(&line));
    }
    for (size_t i = 0; i < n; i++) {
        char when[17];
        sb_reset(&line);
        sb_printf(&line, "%s  ", date_format_local_time((time_t)h[i].at, when));
        sb_reset(&clean);
        text_sanitize(&clean, h[i].user, TEXT_ONE_LINE);
        text_fit(&line, sb_str(&clean), userw, true);
        sb_puts(&line, "  ");
        sb_reset(&clean);
        text_sanitize(&clean, h[i].task_id, TEXT_ONE_LINE);
        text_fit(&line, sb_str(&clean), idw, true);
        sb_puts(&line, "  ");
        if (effective) {
            char day[11];
            text_fit(&line,
                     h[i].effective != KH_NO_DATE ? date_format_dmy(h[i].effective, day) : "", effw,
                     true);
            sb_puts(&line, "  ");
        }
        sb_reset(&words);
        app_history_words(&words, &h[i], lang);
        sb_reset(&clean);
        text_sanitize(&clean, sb_str(&words), TEXT_ONE_LINE);
        /* On a terminal, one line each; piped, the whole text (a note can be
         * long and this is the only place the CLI shows it). */
        int rest = fitted ? width - 16 - 2 - userw - 2 - idw - 2 - (effective ? effw + 2 : 0)
                          : INT_MAX / 2;
        text_fit(&line, sb_str(&clean), rest < 20 ? 20 : rest, false);
        puts(sb_str(&line));
    }
    sb_done(&line);
    sb_done(&words);
    sb_done(&clean);
}

static void json_value(FILE *out, const char *v)
{
    if (v)
        json_string(out, v);
    else
        fputs("null", out);
}

static void print_json(const kh_history *h, size_t n)
{
    char at[21];
    fputs("[", stdout);
    for (size_t i = 0; i < n; i++) {
        fprintf(stdout, "%s\n{\"id\":%lld,\"change\":%lld,\"task\":", i ? "," : "",
                (long long)h[i].id, (long long)h[i].change);
        json_string(stdout, h[i].task_id);
        fputs(",\"field\":", stdout);
        json_string(stdout, h[i].field);
        fputs(",\"old\":", stdout);
        json_value(stdout, h[i].old_value);
        fputs(",\"new\":", stdout);
        json_value(stdout, h[i].new_value);
        fputs(",\"user\":", stdout);
        json_string(stdout, h[i].user);
        fprintf(stdout, ",\"at\":\"%s\",\"undo_of\":", date_format_utc((time_t)h[i].at, at));
        if (h[i].undo_of)
            fprintf(stdout, "%lld", (long long)h[i].undo_of);
        else
            fputs("null", stdout);
        /* Made with --today or --on on another day: the day it took effect
         * (only on those rows, so that the others stay as they were). */
        char day[11];
        if (h[i].effective != KH_NO_DATE)
            fprintf(stdout, ",\"effective\":\"%s\"", date_format_iso(h[i].effective, day));
        putchar('}');
    }
    fputs(n ? "\n]\n" : "]\n", stdout);
}

/* A CSV field for a spreadsheet (nothing for NULL). */
static void csv_text(const char *s)
{
    if (s) csv_cell(stdout, s, false);
}

static void print_csv(const kh_history *h, size_t n, bool bom)
{
    char at[21];
    if (bom) fputs("\xEF\xBB\xBF", stdout);
    /* effective last: a reader that takes the columns by position keeps working. */
    fputs("id,change,task,field,old,new,user,at,undo_of,effective\r\n", stdout);
    for (size_t i = 0; i < n; i++) {
        printf("%lld,%lld,", (long long)h[i].id, (long long)h[i].change);
        csv_text(h[i].task_id);
        putchar(',');
        csv_text(h[i].field);
        putchar(',');
        csv_text(h[i].old_value);
        putchar(',');
        csv_text(h[i].new_value);
        putchar(',');
        csv_text(h[i].user);
        printf(",%s,", date_format_utc((time_t)h[i].at, at));
        if (h[i].undo_of) printf("%lld", (long long)h[i].undo_of);
        putchar(',');
        char day[11];
        if (h[i].effective != KH_NO_DATE) fputs(date_format_iso(h[i].effective, day), stdout);
        fputs("\r\n", stdout);
    }
}

/* The history of every plan of the workspace, in the order it was written
 * (one database: its ids), each task named PLAN:TASK. */
static int history_workspace(cli_ctx *ctx, const kh_history_filter *f, history_format format,
                             bool bom)
{
    int rc = cli_open_workspace(ctx, true);
    if (rc) return rc;
    kh_workspace *ws = ctx->ws;
    kh_history *all = NULL;
    size_t n = 0;
    for (size_t p = 0; p < ws->nplans; p++) {
        kh_history *h = NULL;
        size_t k = 0;
        kh_error err = {0};
        if (app_history(&ws->plans[p], f, &h, &k, &err)) {
            store_history_free(all, n);
            return cli_fail(ctx, &err);
        }
        all = xreallocarray(all, n + k + 1, sizeof *all);
        for (size_t i = 0; i < k; i++) {
            char *id = xasprintf("%s:%s", ws->plans[p].plan->id, h[i].task_id);
            free(h[i].task_id);
            h[i].task_id = id;
            all[n++] = h[i];
        }
        free(h);
    }
    if (n > 1) qsort(all, n, sizeof *all, history_by_id);
    switch (format) {
    case FMT_TABLE: print_table(ctx, all, n); break;
    case FMT_JSON: print_json(all, n); break;
    case FMT_CSV: print_csv(all, n, bom); break;
    }
    store_history_free(all, n);
    return cli_workspace_status(ctx, EXIT_OK);
}

/* A history that no longer holds is shown marked: a warning on stderr and,
 * in the table, a first line saying where the chain breaks. */
static void mark_broken_chain(const cli_ctx *ctx, bool table)
{
    strbuf why = STRBUF_INIT;
    if (app_chain_broken(&ctx->app, &why)) {
        kh_lang lang = ctx->app.lang;
        cli_error(ctx,
                  TR(lang, "cảnh báo: %s (kehoach check --db)", "warning: %s (kehoach check --db)"),
                  sb_str(&why));
        if (table) cli_printf(stdout, "!! %s\n", sb_str(&why));
    }
    sb_done(&why);
}

int cmd_history(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"user", required_argument, NULL, OPT_USER},
        {"since", required_argument, NULL, OPT_SINCE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"bom", no_argument, NULL, OPT_BOM},
        {0, 0, 0, 0},
    };
    const char *user = NULL, *since_arg = NULL, *format_arg = NULL;
    bool bom = false;
    int c;
    while ((c = cli_next_option(ctx, "history", argc, argv, "h", opts)) >= 0) {
        switch (c) {
        case OPT_USER: user = optarg; break;
        case OPT_SINCE: since_arg = optarg; break;
        case OPT_FORMAT: format_arg = optarg; break;
        case OPT_BOM: bom = true; break;
        default: break;
        }
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx,
                        TR(lang,
                           "history [NHIỆM_VỤ] [--user TÀI_KHOẢN] [--since NGÀY] "
                           "[--format table|json|csv]",
                           "history [TASK] [--user ACCOUNT] [--since DATE] "
                           "[--format table|json|csv]"),
                        TR(lang, history_usage_vi, history_usage_en));
    history_format format = FMT_TABLE;
    if (format_arg) {
        if (!strcmp(format_arg, "table"))
            format = FMT_TABLE;
        else if (!strcmp(format_arg, "json"))
            format = FMT_JSON;
        else if (!strcmp(format_arg, "csv"))
            format = FMT_CSV;
        else
            return cli_usage_error(ctx, "history", "--format: \"%s\": table | json | csv",
                                   format_arg);
    }
    kh_history_filter f = {NULL, user, 0};
    if (user && !*user)
        return cli_usage_error(
            ctx, "history", "%s",
            TR(lang, "--user: cần tên tài khoản", "--user: needs an account name"));
    if (since_arg) {
        kh_date d;
        if (date_parse(since_arg, &d) != DATE_OK)
            return cli_usage_error(ctx, "history",
                                   TR(lang,
                                      "--since: \"%s\" không phải ngày (viết YYYY-MM-DD hoặc "
                                      "dd/mm/yyyy)",
                                      "--since: \"%s\" is not a date (write YYYY-MM-DD or "
                                      "dd/mm/yyyy)"),
                                   since_arg);
        f.since = app_day_start(d);
    }
    if (argc - optind > 1)
        return cli_usage_error(ctx, "history",
                               TR(lang, "thừa đối số: %s", "unexpected argument: %s"),
                               argv[optind + 1]);
    const char *task_arg = optind < argc ? argv[optind] : NULL;
    if (task_arg && cli_workspace_task(ctx, &task_arg)) return EXIT_DATA;
    if (!task_arg && cli_workspace_wide(ctx)) return history_workspace(ctx, &f, format, bom);
    int rc = cli_open(ctx, true);
    if (rc) return rc;
    long target = task_arg ? model_find_target(ctx->app.plan, task_arg) : -1;
    if (target >= 0) f.task_id = ctx->app.plan->targets[target].id; /* its measurements */
    if (task_arg && target < 0) {
        long i = cli_find_task(ctx, task_arg);
        if (i < 0) return EXIT_DATA;
        f.task_id = ctx->app.plan->tasks[i].id;
    }
    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    if (app_history(&ctx->app, &f, &h, &n, &err)) return cli_fail(ctx, &err);
    mark_broken_chain(ctx, format == FMT_TABLE);
    switch (format) {
    case FMT_TABLE: print_table(ctx, h, n); break;
    case FMT_JSON: print_json(h, n); break;
    case FMT_CSV: print_csv(h, n, bom); break;
    }
    store_history_free(h, n);
    return EXIT_OK;
}
