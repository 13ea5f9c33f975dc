/* kehoach digest: what is overdue and what falls due within N days, by unit,
 * as plain text for a morning mail (subject line first), or JSON. Over the
 * workspace, or one plan. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { OPT_DAYS = OPT_FIRST_OWN, OPT_UNIT, OPT_FORMAT };
enum { DIGEST_MAX_DAYS = 366 };

typedef struct {
    const kh_app *app;
    const kh_task *t;
    bool over;    /* overdue; else due within the days */
    bool support; /* listed for a unit that supports it (--unit) */
} dg_item;

typedef struct {
    const char *id; /* NULL: tasks no unit leads */
    const char *name;
    dg_item *v;
    size_t n, cap;
} dg_unit;

typedef struct {
    dg_unit *u;
    size_t n, cap;
    size_t over, due; /* tasks, each once */
} digest;

static dg_unit *unit_of(digest *d, const kh_unit *u)
{
    for (size_t i = 0; i < d->n; i++)
        if (u ? d->u[i].id && !strcmp(d->u[i].id, u->id) : !d->u[i].id) return &d->u[i];
    KH_GROW(d->u, d->n, d->cap);
    dg_unit *g = &d->u[d->n++];
    memset(g, 0, sizeof *g);
    g->id = u ? u->id : NULL;
    g->name = u ? u->name : NULL;
    return g;
}

static void add(dg_unit *g, const kh_app *app, const kh_task *t, bool over, bool support)
{
    KH_GROW(g->v, g->n, g->cap);
    g->v[g->n++] = (dg_item){app, t, over, support};
}

static int by_when(const void *a, const void *b)
{
    const dg_item *x = a, *y = b;
    if (x->over != y->over) return x->over ? -1 : 1;
    if (x->t->due != y->t->due) return x->t->due < y->t->due ? -1 : 1;
    int c = strcmp(x->app->plan->id, y->app->plan->id);
    if (c) return c;
    return x->t < y->t ? -1 : x->t > y->t;
}

/* Gather the tasks of the n plans: by lead unit, or for `unit` (lead or support). */
static void gather(digest *d, kh_app *const *apps, size_t n, int days, const char *unit)
{
    for (size_t p = 0; p < n; p++) {
        const kh_plan *plan = apps[p]->plan;
        kh_date today = apps[p]->today;
        long want = unit ? model_find_unit_loose(plan, unit) : -1;
        if (unit && want < 0) continue;
        /* Groups in the order of the plan's units. */
        if (!unit)
            for (size_t u = 0; u < plan->nunits; u++) unit_of(d, &plan->units[u]);
        for (size_t i = 0; i < plan->ntasks; i++) {
            const kh_task *t = &plan->tasks[i];
            kh_ws_due when = workspace_due(t, today, days);
            if (when == WS_NOT_DUE) continue;
            bool over = when == WS_OVERDUE;
            bool counted = false;
            if (unit) {
                bool lead = false, sup = false;
                for (size_t k = 0; k < t->nlead; k++) lead |= t->lead[k] == want;
                for (size_t k = 0; k < t->nsupport; k++) sup |= t->support[k] == want;
                if (!lead && !sup) continue;
                add(unit_of(d, &plan->units[want]), apps[p], t, over, !lead);
                counted = true;
            } else {
                for (size_t k = 0; k < t->nlead; k++)
                    add(unit_of(d, &plan->units[t->lead[k]]), apps[p], t, over, false);
                if (!t->nlead) add(unit_of(d, NULL), apps[p], t, over, false);
                counted = true;
            }
            if (counted) {
                if (over)
                    d->over++;
                else
                    d->due++;
            }
        }
    }
    for (size_t i = 0; i < d->n; i++)
        if (d->u[i].n > 1) qsort(d->u[i].v, d->u[i].n, sizeof *d->u[i].v, by_when);
}

static void print_text(cli_ctx *ctx, const digest *d, int days, bool many, const char *name,
                       kh_date today)
{
    kh_lang lang = ctx->app.lang;
    char day[11], due[11];
    date_format_dmy(today, day);
    cli_printf(stdout,
               TR(lang, "[kehoach] %s: %zu việc quá hạn, %zu việc đến hạn trong %d ngày — %s\n\n",
                  "[kehoach] %s: %zu overdue, %zu due within %d days — %s\n\n"),
               name, d->over, d->due, days, day);
    cli_printf(stdout,
               TR(lang,
                  "Hôm nay %s. Việc quá hạn và việc đến hạn từ hôm nay đến hết %d ngày tới,\n"
                  "theo đơn vị chủ trì (chưa hoàn thành).\n",
                  "Today is %s. What is overdue, and what falls due from today to %d days\n"
                  "ahead, by the unit that leads it (not done yet).\n"),
               day, days);
    strbuf title = STRBUF_INIT;
    for (size_t i = 0; i < d->n; i++) {
        const dg_unit *g = &d->u[i];
        if (!g->n) continue;
        if (g->id)
            cli_printf(stdout, "\n== %s (%s) ==\n", g->name, g->id);
        else
            cli_printf(stdout, "\n== %s ==\n", TR(lang, "Chưa có đơn vị chủ trì", "No lead unit"));
        for (int over = 1; over >= 0; over--) {
            bool head = false;
            for (size_t k = 0; k < g->n; k++) {
                const dg_item *it = &g->v[k];
                if (it->over != (bool)over) continue;
                if (!head) {
                    cli_printf(stdout, "%s\n",
                               over ? TR(lang, "Quá hạn:", "Overdue:")
                                    : TR(lang, "Sắp đến hạn:", "Due soon:"));
                    head = true;
                }
                long left = (long)it->t->due - (long)today;
                sb_reset(&title);
                model_task_row_title(&title, it->t, lang);
                date_format_dmy(it->t->due, due);
                char when[48];
                cli_days_words(when, sizeof when, left, lang);
                cli_printf(stdout, "  - %s%s%s  %s\n    %s %s, %s%s\n",
                           many ? it->app->plan->id : "", many ? ":" : "", it->t->id,
                           sb_str(&title), TR(lang, "hạn", "due"), due, when,
                           it->support ? TR(lang, " (phối hợp)", " (supporting)") : "");
            }
        }
    }
    sb_done(&title);
}

static void json_item(const dg_item *it, kh_lang lang, strbuf *tmp)
{
    char buf[11];
    fputs("{\"plan\":", stdout);
    json_string(stdout, it->app->plan->id);
    fputs(",\"id\":", stdout);
    json_string(stdout, it->t->id);
    sb_reset(tmp);
    model_task_title(tmp, it->t, lang);
    fputs(",\"title\":", stdout);
    json_string(stdout, sb_str(tmp));
    printf(",\"deadline\":\"%s\",\"status\":\"%s\",\"overdue\":%s,\"role\":\"%s\"}",
           date_format_iso(it->t->due, buf), model_status_code((kh_status)it->t->status),
           it->over ? "true" : "false", it->support ? "support" : "lead");
}

static void print_json(cli_ctx *ctx, const digest *d, int days, kh_date today)
{
    char buf[11];
    printf("{\"today\":\"%s\",\"days\":%d,\"overdue\":%zu,\"due\":%zu,\"units\":[",
           date_format_iso(today, buf), days, d->over, d->due);
    strbuf tmp = STRBUF_INIT;
    bool first = true;
    for (size_t i = 0; i < d->n; i++) {
        const dg_unit *g = &d->u[i];
        if (!g->n) continue;
        fputs(first ? "\n{\"id\":" : ",\n{\"id\":", stdout);
        first = false;
        json_str_or_null(stdout, g->id);
        fputs(",\"name\":", stdout);
        json_str_or_null(stdout, g->name);
        fputs(",\"tasks\":[", stdout);
        for (size_t k = 0; k < g->n; k++) {
            if (k) putchar(',');
            json_item(&g->v[k], ctx->app.lang, &tmp);
        }
        fputs("]}", stdout);
    }
    fputs("]}\n", stdout);
    sb_done(&tmp);
}

static const char usage_vi[] =
    "Thư nhắc: việc quá hạn và việc đến hạn trong N ngày tới, theo đơn vị chủ\n"
    "trì, văn bản thuần để gửi thư (dòng đầu là tiêu đề thư, không màu). Không có\n"
    "việc nào: không in gì, mã thoát 0. Trong không gian làm việc: mọi kế hoạch\n"
    "(--plan MÃ: một kế hoạch).\n\n"
    "  --days N           số ngày tới (mặc định 7, hoặc digest: days: của workspace.yaml)\n"
    "  --unit MÃ          chỉ việc đơn vị này chủ trì hoặc phối hợp\n"
    "  --format ĐỊNH_DẠNG text (mặc định) | json (luôn in một đối tượng JSON)\n";
static const char usage_en[] =
    "Reminder: what is overdue and what falls due within N days, by the unit that\n"
    "leads it, as plain text for a mail (the subject line first, no colour).\n"
    "Nothing due: nothing printed, exit status 0. In a workspace: every plan\n"
    "(--plan ID: one plan).\n\n"
    "  --days N           days ahead (default 7, or workspace.yaml's digest: days:)\n"
    "  --unit ID          only what this unit leads or supports\n"
    "  --format FORMAT    text (default) | json (always prints one JSON object)\n";

int cmd_digest(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"days", required_argument, NULL, OPT_DAYS},
        {"unit", required_argument, NULL, OPT_UNIT},
        {"format", required_argument, NULL, OPT_FORMAT},
        {0, 0, 0, 0},
    };
    const char *days_arg = NULL, *unit = NULL, *format = "text";
    int c;
    while ((c = cli_next_option(ctx, "digest", argc, argv, "h", opts)) >= 0) {
        if (c == OPT_DAYS) days_arg = optarg;
        if (c == OPT_UNIT) unit = optarg;
        if (c == OPT_FORMAT) format = optarg;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx, TR(lang, "digest [TÙY CHỌN]", "digest [OPTIONS]"),
                        TR(lang, usage_vi, usage_en));
    if (optind < argc)
        return cli_usage_error(
            ctx, "digest", TR(lang, "thừa đối số: %s", "unexpected argument: %s"), argv[optind]);
    bool json = !strcmp(format, "json");
    if (!json && strcmp(format, "text") != 0)
        return cli_usage_error(ctx, "digest", "--format: \"%s\": text | json", format);
    int days = 0;
    if (days_arg) {
        char *end;
        long v = strtol(days_arg, &end, 10);
        if (!*days_arg || *end || v < 0 || v > DIGEST_MAX_DAYS)
            return cli_usage_error(ctx, "digest",
                                   TR(lang, "--days: \"%s\" phải là số ngày từ 0 đến %d",
                                      "--days: \"%s\" must be 0 to %d days"),
                                   days_arg, DIGEST_MAX_DAYS);
        days = (int)v;
    }
    ctx->app.skip_note_counts = true;
    kh_app *one = &ctx->app;
    kh_app **apps;
    size_t n;
    const char *name;
    bool many = cli_workspace_wide(ctx);
    int rc;
    if (many) {
        rc = cli_open_workspace(ctx, true);
        if (rc) return rc;
        n = ctx->ws->nplans;
        apps = xreallocarray(NULL, n, sizeof *apps);
        for (size_t i = 0; i < n; i++) apps[i] = &ctx->ws->plans[i];
        name = ctx->ws->settings.name ? ctx->ws->settings.name : ctx->ws->dir;
        if (!days_arg && ctx->ws->settings.digest_days) days = ctx->ws->settings.digest_days;
    } else {
        rc = cli_open(ctx, true);
        if (rc) return rc;
        n = 1;
        apps = xreallocarray(NULL, 1, sizeof *apps);
        apps[0] = one;
        name = one->plan->id;
        /* A plan of a workspace: the workspace's days. */
        if (!days_arg && ctx->ws && ctx->ws->settings.digest_days)
            days = ctx->ws->settings.digest_days;
    }
    if (!days_arg && !days) days = WS_DIGEST_DAYS;
    if (unit) {
        bool known = false;
        for (size_t i = 0; i < n && !known; i++)
            known = model_find_unit_loose(apps[i]->plan, unit) >= 0;
        if (!known) {
            cli_error(ctx, TR(lang, "không kế hoạch nào có đơn vị '%s'", "no plan has a unit '%s'"),
                      unit);
            free(apps);
            return EXIT_DATA;
        }
    }
    digest d = {0};
    gather(&d, apps, n, days, unit);
    if (json)
        print_json(ctx, &d, days, ctx->app.today);
    else if (d.over || d.due)
        print_text(ctx, &d, days, many, name, ctx->app.today);
    for (size_t i = 0; i < d.n; i++) free(d.u[i].v);
    free(d.u);
    free(apps);
    return many ? cli_workspace_status(ctx, EXIT_OK) : EXIT_OK;
}
