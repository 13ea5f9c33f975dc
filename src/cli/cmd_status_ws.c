/* kehoach status over a workspace: every plan, every unit across the plans,
 * then the overdue and the due-soon tasks across them, on one screen. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kehoach/text.h"

enum { WS_SCREEN_LINES = 24, WS_PLAN_ROWS = 6, WS_UNIT_ROWS = 5 };

#define RED    "\033[31m"
#define YELLOW "\033[33m"
#define BOLD   "\033[1m"
#define RESET  "\033[0m"

/* Append the column heads, right-aligned to their widths. */
static void ws_heads(cli_screen *s, const char *first, int first_w, const char *const *heads,
                     const int *widths, int n)
{
    sb_puts(&s->sb, cli_sgr(s->ctx, BOLD));
    text_fit(&s->sb, first, first_w, true);
    for (int i = 0; i < n; i++) {
        int pad = widths[i] - text_width(heads[i]);
        sb_repeat(&s->sb, ' ', (size_t)(pad > 0 ? pad : 0));
        sb_puts(&s->sb, heads[i]);
    }
    sb_puts(&s->sb, cli_sgr(s->ctx, RESET));
    cli_screen_line(s);
}

/* Append "→ a, b ← c": the plans plan i implements, then those that
 * implement it (nothing when it has no link); longer than cols, only how
 * many: "→2 ←1". */
static void link_note(strbuf *out, const kh_workspace *ws, size_t i, int cols)
{
    kh_ws_links l;
    workspace_links(ws, i, &l);
    if (l.nimplements) {
        sb_puts(out, "→ ");
        workspace_links_ids(out, ws, l.implements, l.nimplements);
    }
    if (l.nimplemented_by) {
        sb_puts(out, out->len ? " ← " : "← ");
        workspace_links_ids(out, ws, l.implemented_by, l.nimplemented_by);
    }
    if (text_width(sb_str(out)) > cols) {
        sb_reset(out);
        if (l.nimplements) sb_printf(out, "→%zu", l.nimplements);
        if (l.nimplemented_by) sb_printf(out, "%s←%zu", out->len ? " " : "", l.nimplemented_by);
    }
    workspace_links_done(&l);
}

static void plans_table(cli_screen *s, const kh_workspace *ws, const kh_counts *counts)
{
    kh_lang lang = s->ctx->app.lang;
    static const int widths[] = {10, 6, 9, 6};
    const char *heads[] = {TR(lang, "Nhiệm vụ", "Tasks"), TR(lang, "Xong", "Done"),
                           TR(lang, "Quá hạn", "Overdue"), "%"};
    int name_w = s->width - 10 - 6 - 9 - 6;
    ws_heads(s, TR(lang, "Kế hoạch", "Plan"), name_w, heads, widths, 4);
    /* All the plans when they fit; else those with the most overdue (then
     * the most tasks), shown in the order of their ids. */
    size_t shown = ws->nplans <= WS_PLAN_ROWS ? ws->nplans : WS_PLAN_ROWS - 1;
    bool *pick = xcalloc(ws->nplans + 1, sizeof *pick);
    for (size_t k = 0; k < shown; k++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < ws->nplans; i++) {
            if (pick[i]) continue;
            size_t o = counts[i].timeliness[TL_OVERDUE];
            if (best == SIZE_MAX || o > counts[best].timeliness[TL_OVERDUE] ||
                (o == counts[best].timeliness[TL_OVERDUE] && counts[i].total > counts[best].total))
                best = i;
        }
        pick[best] = true;
    }
    int idw = 0;
    for (size_t i = 0; i < ws->nplans; i++) {
        int w = pick[i] ? text_width(ws->plans[i].plan->id) : 0;
        if (w > idw) idw = w;
    }
    if (idw > name_w / 2) idw = name_w / 2;
    for (size_t i = 0; i < ws->nplans; i++) {
        if (!pick[i]) continue;
        const kh_plan *p = ws->plans[i].plan;
        const kh_counts *c = &counts[i];
        cli_screen_fit(s, p->id, idw, true);
        sb_puts(&s->sb, "  ");
        /* The plans it implements (→) and that implement it (←), after
         * the title when that takes at most half the room. */
        int title_w = name_w - idw - 2;
        strbuf links = STRBUF_INIT;
        link_note(&links, ws, i, title_w / 2 - 1);
        int lw = links.len ? text_width(sb_str(&links)) + 1 : 0;
        if (lw && lw <= title_w / 2) {
            cli_screen_fit(s, p->title, title_w - lw, true);
            sb_printf(&s->sb, " %s", sb_str(&links));
        } else {
            cli_screen_fit(s, p->title, title_w, true);
        }
        sb_done(&links);
        size_t over = c->timeliness[TL_OVERDUE];
        sb_printf(&s->sb, "%10zu%6zu%s%9zu%s%5d%%", c->total, c->status[ST_DONE],
                  cli_sgr(s->ctx, over ? RED : ""), over, cli_sgr(s->ctx, over ? RESET : ""),
                  model_completion(c));
        cli_screen_line(s);
    }
    free(pick);
    if (shown < ws->nplans) {
        sb_printf(&s->sb,
                  TR(lang, "… và %zu kế hoạch khác (xem: kehoach list --format json)",
                     "… and %zu more plans (see: kehoach list --format json)"),
                  ws->nplans - shown);
        cli_screen_line(s);
    }
}

/* A unit across the plans: the plans' units of one id added up. */
typedef struct {
    const char *id;
    const char *name;
    kh_unit_counts c;
} ws_unit;

static int unit_by_id(const void *a, const void *b)
{
    return strcmp(((const ws_unit *)a)->id, ((const ws_unit *)b)->id);
}

static void units_table(cli_screen *s, const kh_workspace *ws)
{
    kh_lang lang = s->ctx->app.lang;
    ws_unit *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t p = 0; p < ws->nplans; p++) {
        const kh_plan *plan = ws->plans[p].plan;
        kh_counts all;
        kh_unit_counts *uc = xcalloc(plan->nunits ? plan->nunits : 1, sizeof *uc);
        model_count(plan, ws->today, &all, uc);
        for (size_t u = 0; u < plan->nunits; u++) {
            size_t k = 0;
            while (k < n && strcmp(v[k].id, plan->units[u].id) != 0) k++;
            if (k == n) {
                KH_GROW(v, n, cap);
                memset(&v[n], 0, sizeof v[n]);
                v[n].id = plan->units[u].id;
                v[n].name = plan->units[u].name;
                n++;
            }
            v[k].c.lead += uc[u].lead;
            v[k].c.support += uc[u].support;
            v[k].c.done += uc[u].done;
            v[k].c.overdue += uc[u].overdue;
        }
        free(uc);
    }
    if (n) qsort(v, n, sizeof *v, unit_by_id);
    static const int widths[] = {9, 10, 6, 9};
    const char *heads[] = {TR(lang, "Chủ trì", "Lead"), TR(lang, "Phối hợp", "Support"),
                           TR(lang, "Xong", "Done"), TR(lang, "Quá hạn", "Overdue")};
    int name_w = s->width - 9 - 10 - 6 - 9;
    ws_heads(s, TR(lang, "Đơn vị (mọi kế hoạch)", "Unit (all plans)"), name_w, heads, widths, 4);
    /* The units with the most overdue, then the most tasks, in that order. */
    bool *shown = xcalloc(n + 1, sizeof *shown);
    size_t *order = xcalloc(n + 1, sizeof *order);
    size_t nshown = n <= WS_UNIT_ROWS ? n : WS_UNIT_ROWS - 1;
    for (size_t k = 0; k < nshown; k++) {
        size_t best = SIZE_MAX;
        for (size_t i = 0; i < n; i++) {
            if (shown[i]) continue;
            if (best == SIZE_MAX || v[i].c.overdue > v[best].c.overdue ||
                (v[i].c.overdue == v[best].c.overdue && v[i].c.lead > v[best].c.lead))
                best = i;
        }
        shown[best] = true;
        order[k] = best;
    }
    for (size_t k = 0; k < nshown; k++) {
        size_t i = order[k];
        cli_screen_fit(s, v[i].name, name_w, true);
        sb_printf(&s->sb, "%9zu%10zu%6zu%s%9zu%s", v[i].c.lead, v[i].c.support, v[i].c.done,
                  cli_sgr(s->ctx, v[i].c.overdue ? RED : ""), v[i].c.overdue,
                  cli_sgr(s->ctx, v[i].c.overdue ? RESET : ""));
        cli_screen_line(s);
    }
    if (nshown < n) {
        sb_printf(&s->sb,
                  TR(lang, "… và %zu đơn vị khác (xem: kehoach digest --unit MÃ)",
                     "… and %zu more units (see: kehoach digest --unit ID)"),
                  n - nshown);
        cli_screen_line(s);
    }
    free(order);
    free(shown);
    free(v);
}

static void task_rows(cli_screen *s, const kh_workspace *ws, const kh_ws_task *v, size_t n,
                      size_t max, const char *head, const char *color)
{
    kh_lang lang = s->ctx->app.lang;
    sb_printf(&s->sb, "%s%s (%zu)%s", cli_sgr(s->ctx, color), head, n, cli_sgr(s->ctx, RESET));
    cli_screen_line(s);
    int idw = 0;
    strbuf id = STRBUF_INIT, title = STRBUF_INIT;
    for (size_t i = 0; i < n && i < max; i++) {
        sb_reset(&id);
        sb_printf(&id, "%s:%s", ws->plans[v[i].plan].plan->id,
                  ws->plans[v[i].plan].plan->tasks[v[i].task].id);
        int w = text_width(sb_str(&id));
        if (w > idw) idw = w;
    }
    if (idw > 34) idw = 34;
    for (size_t i = 0; i < n && i < max; i++) {
        const kh_plan *p = ws->plans[v[i].plan].plan;
        const kh_task *t = &p->tasks[v[i].task];
        char when[40], date[11];
        cli_days_words(when, sizeof when, (long)t->due - (long)ws->today, lang);
        sb_reset(&id);
        sb_printf(&id, "%s:%s", p->id, t->id);
        sb_reset(&title);
        model_task_row_title(&title, t, lang);
        sb_puts(&s->sb, "  ");
        cli_screen_fit(s, sb_str(&id), idw, true);
        sb_puts(&s->sb, "  ");
        int rest = s->width - 2 - idw - 2 - 2 - 10 - 2 - 14;
        cli_screen_fit(s, sb_str(&title), rest < 8 ? 8 : rest, true);
        sb_printf(&s->sb, "  %s  %s", date_format_dmy(t->due, date), when);
        cli_screen_line(s);
    }
    if (n > max) {
        sb_printf(&s->sb,
                  TR(lang, "  … và %zu nhiệm vụ khác (xem: kehoach digest)",
                     "  … and %zu more (see: kehoach digest)"),
                  n - max);
        cli_screen_line(s);
    }
    sb_done(&id);
    sb_done(&title);
}

int cli_status_workspace(cli_ctx *ctx)
{
    ctx->app.skip_note_counts = true;
    ctx->app.state_only = true; /* nothing but the state: the state cache may serve */
    int rc = cli_open_workspace(ctx, true);
    if (rc) return rc;
    kh_workspace *ws = ctx->ws;
    kh_lang lang = ctx->app.lang;
    cli_screen s = {ctx, cli_width() < 80 ? cli_width() : 80, 0, STRBUF_INIT};
    kh_counts *counts = xcalloc(ws->nplans, sizeof *counts);
    workspace_counts(ws, counts);
    size_t total = 0, done = 0;
    for (size_t i = 0; i < ws->nplans; i++) {
        total += counts[i].total;
        done += counts[i].status[ST_DONE];
    }
    char today[11];
    strbuf name = STRBUF_INIT;
    if (ws->settings.name)
        sb_puts(&name, ws->settings.name);
    else
        sb_printf(&name, TR(lang, "Không gian làm việc %s", "Workspace %s"), ws->dir);
    sb_puts(&s.sb, cli_sgr(ctx, BOLD));
    cli_screen_fit(&s, sb_str(&name), s.width, false);
    sb_puts(&s.sb, cli_sgr(ctx, RESET));
    sb_done(&name);
    cli_screen_line(&s);
    sb_printf(&s.sb,
              TR(lang, "%zu kế hoạch · %zu nhiệm vụ, %zu xong · hôm nay %s",
                 "%zu plans · %zu tasks, %zu done · today %s"),
              ws->nplans, total, done, date_format_dmy(ws->today, today));
    cli_screen_line(&s);
    cli_screen_line(&s);
    plans_table(&s, ws, counts);
    free(counts);
    cli_screen_line(&s);
    units_table(&s, ws);

    size_t n;
    kh_ws_task *all = workspace_tasks(ws, &n);
    kh_ws_task *over = xreallocarray(NULL, n + 1, sizeof *over);
    kh_ws_task *soon = xreallocarray(NULL, n + 1, sizeof *soon);
    size_t nover = 0, nsoon = 0;
    for (size_t i = 0; i < n; i++) {
        const kh_task *t = &ws->plans[all[i].plan].plan->tasks[all[i].task];
        if (model_task_summary(t)) continue; /* its occurrences are listed */
        kh_timeliness tl = model_timeliness(t, ws->today);
        if (tl == TL_OVERDUE) over[nover++] = all[i];
        if (tl == TL_DUE_SOON) soon[nsoon++] = all[i];
    }
    free(all);
    workspace_sort_deadline(ws, over, nover);
    workspace_sort_deadline(ws, soon, nsoon);
    if (nover || nsoon) {
        cli_screen_line(&s);
        int left = WS_SCREEN_LINES - 1 - s.lines - (nover ? 1 : 0) - (nsoon ? 1 : 0);
        if (left < 4) left = 4;
        size_t max_soon = nsoon < (size_t)left / 2 ? nsoon : (size_t)left / 2;
        size_t max_over = (size_t)left - max_soon;
        if (nover > max_over) max_over--;
        if (nsoon > max_soon && max_soon) max_soon--;
        if (nover) task_rows(&s, ws, over, nover, max_over, TR(lang, "Quá hạn", "Overdue"), RED);
        if (nsoon)
            task_rows(&s, ws, soon, nsoon, max_soon, TR(lang, "Sắp đến hạn", "Due soon"), YELLOW);
    }
    free(over);
    free(soon);
    if (ws->nwards) { /* a province's: every ward, ranked (cli_wards.c) */
        cli_screen_line(&s);
        cli_wards_table(&s, ws);
    }
    sb_done(&s.sb);
    return cli_workspace_status(ctx, EXIT_OK);
}
