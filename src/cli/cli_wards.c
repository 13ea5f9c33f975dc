/* The province's wards in status (a ranking table) and list JSON
 * (`wards[]`): the figures of workspace_province_fold. */
#include <stdio.h>

#include "cli.h"
#include "kehoach/text.h"

/* Append how old a snapshot is: "3 giờ", "2 ngày". */
static void age_words(strbuf *sb, int64_t age, kh_lang lang)
{
    if (age < 0) age = 0;
    if (age < 3600)
        sb_printf(sb, TR(lang, "%lld phút", "%lld min"), (long long)(age / 60));
    else if (age < 86400)
        sb_printf(sb, TR(lang, "%lld giờ", "%lld h"), (long long)(age / 3600));
    else
        sb_printf(sb, TR(lang, "%lld ngày", "%lld days"), (long long)(age / 86400));
}

static void cell(cli_screen *s, const char *text, int width)
{
    int pad = width - (int)text_width(text);
    sb_repeat(&s->sb, ' ', (size_t)(pad > 0 ? pad : 0));
    sb_puts(&s->sb, text);
}

void cli_wards_table(cli_screen *s, kh_workspace *ws)
{
    kh_lang lang = s->ctx->app.lang;
    workspace_wards_rank(ws);
    static const int widths[] = {5, 6, 6, 5, 5, 5, 7, 10};
    const char *heads[] = {TR(lang, "Việc", "Tasks"),    TR(lang, "HTĐH", "DOT"),
                           TR(lang, "HTQH", "DL"),       TR(lang, "CTH", "OIT"),
                           TR(lang, "CQH", "OOD"),       "%",
                           TR(lang, "QH lâu", "Oldest"), TR(lang, "Bản chụp", "Snapshot")};
    int name_w = s->width - 4 - 5 - 6 - 6 - 5 - 5 - 5 - 7 - 10;
    sb_puts(&s->sb, cli_sgr(s->ctx, "\033[1m"));
    text_fit(&s->sb, "  #", 4, true);
    text_fit(&s->sb, TR(lang, "Phường/Xã (xếp hạng)", "Ward (ranking)"), name_w, true);
    for (int i = 0; i < 8; i++) cell(s, heads[i], widths[i]);
    sb_puts(&s->sb, cli_sgr(s->ctx, "\033[0m"));
    cli_screen_line(s);
    strbuf sb = STRBUF_INIT;
    char num[32];
    for (size_t i = 0; i < ws->nwards; i++) {
        const kh_ws_ward *w = &ws->wards[i];
        snprintf(num, sizeof num, "%3zu ", w->rank);
        sb_puts(&s->sb, num);
        cli_screen_fit(s, w->name, name_w, true);
        size_t v[] = {w->total, w->category[CAT_DONE_ON_TIME], w->category[CAT_DONE_LATE],
                      w->category[CAT_OPEN_IN_TIME], w->category[CAT_OPEN_OVERDUE]};
        for (int k = 0; k < 5; k++) {
            snprintf(num, sizeof num, "%zu", v[k]);
            cell(s, num, widths[k]);
        }
        snprintf(num, sizeof num, "%d", w->completion);
        cell(s, num, widths[5]);
        if (w->oldest_overdue >= 0)
            snprintf(num, sizeof num, TR(lang, "%ld ng", "%ld d"), w->oldest_overdue);
        else
            snprintf(num, sizeof num, "-");
        cell(s, num, widths[6]);
        sb_reset(&sb);
        if (!w->has_snapshot)
            sb_puts(&sb, TR(lang, "chưa gửi", "none"));
        else if (w->problem)
            sb_puts(&sb, TR(lang, "hỏng", "unreadable"));
        else {
            age_words(&sb, w->age, lang);
            if (w->stale) sb_puts(&sb, " *");
        }
        if (w->stale || !w->has_snapshot || w->problem)
            sb_puts(&s->sb, cli_sgr(s->ctx, "\033[33m"));
        cell(s, sb_str(&sb), widths[7]);
        if (w->stale || !w->has_snapshot || w->problem) sb_puts(&s->sb, cli_sgr(s->ctx, "\033[0m"));
        cli_screen_line(s);
    }
    sb_done(&sb);
    cli_screen_fit(s,
                   TR(lang,
                      "HTĐH/HTQH: hoàn thành đúng hạn/quá hạn · CTH/CQH: chưa hoàn thành trong "
                      "hạn/quá hạn · * bản chụp cũ hơn 1 ngày",
                      "DOT/DL: done on time/late · OIT/OOD: open in time/overdue · * snapshot "
                      "older than a day"),
                   s->width, false);
    cli_screen_line(s);
}

void json_wards(FILE *out, kh_workspace *ws)
{
    workspace_wards_rank(ws);
    fputs("[", out);
    char buf[21];
    for (size_t i = 0; i < ws->nwards; i++) {
        const kh_ws_ward *w = &ws->wards[i];
        fputs(i ? ",\n{\"rank\":" : "\n{\"rank\":", out);
        fprintf(out, "%zu,\"id\":", w->rank);
        json_string(out, w->id);
        fputs(",\"name\":", out);
        json_string(out, w->name);
        fprintf(out,
                ",\"tasks\":%zu,\"done_on_time\":%zu,\"done_late\":%zu,\"open_in_time\":%zu,"
                "\"open_overdue\":%zu,\"completion\":%d,\"overdue\":%zu,\"oldest_overdue_days\":",
                w->total, w->category[CAT_DONE_ON_TIME], w->category[CAT_DONE_LATE],
                w->category[CAT_OPEN_IN_TIME], w->category[CAT_OPEN_OVERDUE], w->completion,
                w->overdue);
        if (w->oldest_overdue >= 0)
            fprintf(out, "%ld", w->oldest_overdue);
        else
            fputs("null", out);
        fputs(",\"snapshot\":", out);
        if (!w->has_snapshot)
            fputs("null", out);
        else if (w->problem)
            fputs("{\"problem\":true}", out);
        else
            fprintf(out, "{\"made_at\":\"%s\",\"age_seconds\":%lld,\"stale\":%s}",
                    date_format_utc((time_t)w->made_at, buf), (long long)w->age,
                    w->stale ? "true" : "false");
        putc('}', out);
    }
    fputs("]", out);
}
