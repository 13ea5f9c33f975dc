/* The plan's targets as the command line shows them: the JSON array that
 * `list --format json` and `export --format json` carry, and the lines of
 * `status`. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kehoach/text.h"

/* Write value v of measure m as JSON: a number, or true/false for yes/no. */
static void json_value(FILE *out, kh_measure m, double v)
{
    strbuf sb = STRBUF_INIT;
    if (m == MEASURE_YESNO)
        sb_puts(&sb, v >= 0.5 ? "true" : "false");
    else
        target_value_code(&sb, m, v);
    fputs(sb_str(&sb), out);
    sb_done(&sb);
}

void json_target_list(FILE *out, const kh_plan *plan, kh_date today)
{
    putc('[', out);
    for (size_t i = 0; i < plan->ntargets; i++) {
        const kh_target *t = &plan->targets[i];
        kh_measure m = (kh_measure)t->measure;
        fputs(i ? ",{\"id\":" : "{\"id\":", out);
        json_string(out, t->id);
        fputs(",\"text\":", out);
        json_string(out, t->text);
        fprintf(out, ",\"measure\":\"%s\",\"direction\":\"%s\",\"horizons\":[",
                target_measure_code(m), target_direction_code((kh_direction)t->direction));
        for (int k = 0; k < t->nhorizons; k++) {
            fprintf(out, "%s{\"year\":%d,\"value\":", k ? "," : "", t->horizons[k].year);
            json_value(out, m, t->horizons[k].value);
            putc('}', out);
        }
        fputs("],\"lead\":", out);
        json_str_or_null(out, t->lead >= 0 ? plan->units[t->lead].id : NULL);
        int h = target_horizon(t, today);
        fputs(",\"horizon\":", out);
        if (h >= 0)
            fprintf(out, "%d", t->horizons[h].year);
        else
            fputs("null", out);
        fputs(",\"value\":", out);
        if (t->state.measured)
            json_value(out, m, t->state.value);
        else
            fputs("null", out);
        fputs(",\"on\":", out);
        json_date(out, t->state.measured ? t->state.on : KH_NO_DATE);
        fputs(",\"doc\":", out);
        json_str_or_null(out, t->state.measured ? t->state.doc : NULL);
        fputs(",\"by\":", out);
        json_str_or_null(out, t->state.measured ? t->state.by : NULL);
        fprintf(out, ",\"achieved\":%s,\"gap\":", target_achieved(t, today) ? "true" : "false");
        double gap = target_gap(t, today);
        if (h >= 0 && m != MEASURE_YESNO && !isnan(gap))
            json_value(out, m, gap);
        else
            fputs("null", out);
        putc('}', out);
    }
    putc(']', out);
}

/* Append where t stands: "75% / 80% (2025)  còn thiếu 5%". */
static void target_cell(strbuf *cell, const kh_target *t, kh_date today, kh_lang lang)
{
    target_value_against(cell, t, today, lang);
    sb_puts(cell, "  ");
    target_gap_words(cell, t, today, lang);
}

void cli_targets_status(const kh_app *app, int width, size_t max_rows,
                        void (*line)(void *ctx, const char *text), void *ctx)
{
    const kh_plan *plan = app->plan;
    kh_lang lang = app->lang;
    size_t achieved = 0, measured = 0;
    for (size_t i = 0; i < plan->ntargets; i++) {
        measured += plan->targets[i].state.measured;
        achieved += target_achieved(&plan->targets[i], app->today);
    }
    strbuf sb = STRBUF_INIT, clean = STRBUF_INIT;
    sb_printf(&sb,
              TR(lang, "Chỉ tiêu: %zu · đạt %zu · chưa đạt %zu · chưa đo %zu",
                 "Targets: %zu · achieved %zu · not yet %zu · not measured %zu"),
              plan->ntargets, achieved, measured - achieved, plan->ntargets - measured);
    line(ctx, sb_str(&sb));
    size_t rows = plan->ntargets < max_rows ? plan->ntargets : max_rows;
    strbuf *cells = xcalloc(rows ? rows : 1, sizeof *cells);
    int idw = 0, cellw = 0;
    /* "  CT1  text…  75% / 80% (2025)  thiếu 5%", the last column aligned. */
    for (size_t i = 0; i < rows; i++) {
        const kh_target *t = &plan->targets[i];
        target_cell(&cells[i], t, app->today, lang);
        int w = text_width(t->id), cw = text_width(sb_str(&cells[i]));
        if (w > idw) idw = w;
        if (cw > cellw) cellw = cw;
    }
    for (size_t i = 0; i < rows; i++) {
        const kh_target *t = &plan->targets[i];
        sb_reset(&sb);
        sb_puts(&sb, "  ");
        text_fit(&sb, t->id, idw, true);
        sb_puts(&sb, "  ");
        int rest = width - 2 - idw - 2 - 2 - cellw;
        sb_reset(&clean);
        text_sanitize(&clean, t->text, TEXT_ONE_LINE);
        text_fit(&sb, sb_str(&clean), rest < 10 ? 10 : rest, true);
        sb_puts(&sb, "  ");
        sb_puts(&sb, sb_str(&cells[i]));
        line(ctx, sb_str(&sb));
        sb_done(&cells[i]);
    }
    free(cells);
    if (plan->ntargets > max_rows) {
        sb_reset(&sb);
        sb_printf(&sb,
                  TR(lang, "  … và %zu chỉ tiêu khác (xem: kehoach list --format json)",
                     "  … and %zu more targets (see: kehoach list --format json)"),
                  plan->ntargets - max_rows);
        line(ctx, sb_str(&sb));
    }
    sb_done(&sb);
    sb_done(&clean);
}

void cli_targets_check(const cli_ctx *ctx, const char *path, const kh_plan *plan)
{
    kh_lang lang = ctx->app.lang;
    if (!plan->ntargets) return;
    cli_printf(stdout, TR(lang, "%s: %zu chỉ tiêu\n", "%s: %zu targets\n"), path, plan->ntargets);
}
