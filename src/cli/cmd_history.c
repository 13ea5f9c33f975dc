/* kehoach history: who changed what, and when. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kehoach/text.h"

/* Append a history value in words: statuses by name, progress in percent. */
static void value_words(strbuf *out, const char *field, const char *v, kh_lang lang)
{
    if (!v) {
        sb_puts(out, "—");
        return;
    }
    if (!strcmp(field, "status")) {
        int s = model_status_parse(v);
        sb_puts(out, s >= 0 ? model_status_name((kh_status)s, lang) : v);
    } else if (!strcmp(field, "progress")) {
        sb_printf(out, "%s%%", v);
    } else if (!strcmp(field, "completed")) {
        kh_date d;
        char buf[11];
        sb_puts(out, date_parse(v, &d) == DATE_OK ? date_format_dmy(d, buf) : v);
    } else {
        sb_puts(out, v);
    }
}

static const char *field_words(const char *field, kh_lang lang)
{
    if (!strcmp(field, "status")) return TR(lang, "trạng thái", "status");
    if (!strcmp(field, "progress")) return TR(lang, "tiến độ", "progress");
    if (!strcmp(field, "completed")) return TR(lang, "ngày hoàn thành", "completed");
    if (!strcmp(field, "note")) return TR(lang, "ghi chú", "note");
    return field;
}

int cmd_history(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {CLI_GLOBAL_OPTIONS, {0, 0, 0, 0}};
    int c;
    while ((c = cli_next_option(ctx, "history", argc, argv, "h", opts)) >= 0) {
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    if (ctx->help) {
        kh_lang lang = ctx->app.lang;
        return cli_help(ctx, TR(lang, "history [NHIỆM_VỤ]", "history [TASK]"),
                        TR(lang,
                           "Lịch sử thay đổi (cũ trước, mới sau): thời gian, người thay đổi\n"
                           "(theo tài khoản máy, không theo biến môi trường), nhiệm vụ, giá\n"
                           "trị cũ và mới. Không có NHIỆM_VỤ: mọi nhiệm vụ.\n",
                           "The history of changes, oldest first: time, who (from the\n"
                           "account, never the environment), task, old and new value.\n"
                           "Without TASK: every task.\n"));
    }
    kh_lang lang = ctx->app.lang;
    if (argc - optind > 1)
        return cli_usage_error(ctx, "history",
                               TR(lang, "thừa đối số: %s", "unexpected argument: %s"),
                               argv[optind + 1]);
    int rc = cli_open(ctx, true);
    if (rc) return rc;
    const char *task_id = NULL;
    if (optind < argc) {
        long i = cli_find_task(ctx, argv[optind]);
        if (i < 0) return EXIT_DATA;
        task_id = ctx->app.plan->tasks[i].id;
    }
    kh_history *h = NULL;
    size_t n = 0;
    kh_error err = {0};
    if (ctx->app.store && store_history(ctx->app.store, ctx->app.plan->id, task_id, &h, &n, &err))
        return cli_fail(ctx, &err);
    if (n == 0) printf("%s\n", TR(lang, "Chưa có thay đổi nào.", "No changes yet."));
    int width = cli_width();
    strbuf line = STRBUF_INIT, words = STRBUF_INIT, clean = STRBUF_INIT;
    int idw = 4, userw = 4;
    for (size_t i = 0; i < n; i++) {
        if ((int)strlen(h[i].task_id) > idw) idw = (int)strlen(h[i].task_id);
        if (text_width(h[i].user) > userw) userw = text_width(h[i].user);
    }
    if (userw > 16) userw = 16;
    for (size_t i = 0; i < n; i++) {
        char when[17];
        sb_reset(&line);
        sb_printf(&line, "%s  ", date_format_local_time((time_t)h[i].at, when));
        sb_reset(&clean);
        text_sanitize(&clean, h[i].user, TEXT_ONE_LINE);
        text_fit(&line, sb_str(&clean), userw, true);
        sb_puts(&line, "  ");
        text_fit(&line, h[i].task_id, idw, true);
        sb_puts(&line, "  ");
        sb_reset(&words);
        sb_printf(&words, "%s: ", field_words(h[i].field, lang));
        if (!strcmp(h[i].field, "note")) {
            sb_puts(&words, h[i].new_value ? h[i].new_value : "");
        } else {
            value_words(&words, h[i].field, h[i].old_value, lang);
            sb_puts(&words, " → ");
            value_words(&words, h[i].field, h[i].new_value, lang);
        }
        sb_reset(&clean);
        text_sanitize(&clean, sb_str(&words), TEXT_ONE_LINE);
        /* On a terminal, one line each; piped, the whole text (a note can be
         * long and this is the only place the CLI shows it). */
        int rest = isatty(STDOUT_FILENO) || getenv("COLUMNS") ? width - 16 - 2 - userw - 2 - idw - 2
                                                              : INT_MAX / 2;
        text_fit(&line, sb_str(&clean), rest < 20 ? 20 : rest, false);
        puts(sb_str(&line));
    }
    sb_done(&line);
    sb_done(&words);
    sb_done(&clean);
    store_history_free(h, n);
    return EXIT_OK;
}
