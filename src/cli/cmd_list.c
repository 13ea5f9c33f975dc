/* kehoach list: the tasks as a table, JSON or CSV. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kehoach/app_confirm.h"
#include "kehoach/table.h"
#include "kehoach/text.h"

enum {
    OPT_UNIT = OPT_FIRST_OWN,
    OPT_STATUS,
    OPT_OVERDUE,
    OPT_DUE_SOON,
    OPT_SEARCH,
    OPT_FORMAT,
    OPT_BOM,
    OPT_SORT,
    OPT_OFFICER,
};

typedef enum { FMT_TABLE, FMT_JSON, FMT_CSV } list_format;

static const char *usage_vi =
    "Danh sách nhiệm vụ (mỗi kỳ của nhiệm vụ định kỳ là một dòng).\n\n"
    "  --unit MÃ          nhiệm vụ đơn vị này chủ trì hoặc phối hợp\n"
    "  --status TT        todo | doing | blocked | done (hoặc tên tiếng Việt)\n"
    "  --overdue          chỉ nhiệm vụ quá hạn\n"
    "  --due-soon         chỉ nhiệm vụ sắp đến hạn (trong 7 ngày)\n"
    "  --search CHỮ       tìm không phân biệt hoa thường và dấu (\"tu phap\" thấy \"Tư pháp\")\n"
    "  --officer TÊN      nhiệm vụ của cán bộ này (một phần của tên, không phân biệt dấu)\n"
    "  --sort THỨ_TỰ      plan | deadline | status | unit\n"
    "  --format ĐỊNH_DẠNG table (mặc định) | json | csv\n"
    "  --bom              CSV có BOM UTF-8 (cho Excel)\n";
static const char *usage_en =
    "The tasks (each period of a periodic task is a row of its own).\n\n"
    "  --unit ID          tasks this unit leads or supports\n"
    "  --status S         todo | doing | blocked | done (or the Vietnamese name)\n"
    "  --overdue          only overdue tasks\n"
    "  --due-soon         only tasks due within 7 days\n"
    "  --search TEXT      ignoring case and diacritics (\"tu phap\" finds \"Tư pháp\")\n"
    "  --officer NAME     tasks of this officer (a part of the name, diacritics ignored)\n"
    "  --sort ORDER       plan | deadline | status | unit\n"
    "  --format FORMAT    table (default) | json | csv\n"
    "  --bom              CSV with a UTF-8 byte order mark (for Excel)\n";

static void sb_int(strbuf *sb, long long v)
{
    char buf[24];
    char *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0) *--p = '-';
    sb_add(sb, p, (size_t)(buf + sizeof buf - p));
}

typedef struct {
    kh_table tb;
    const uint32_t *idx;
} table_job;

static void table_row_of(const void *arg, size_t k, strbuf *line, cli_scratch *tmp)
{
    const table_job *j = arg;
    table_row(&j->tb, &j->tb.plan->tasks[j->idx[k]], line, &tmp->a, &tmp->b);
}

static void print_table(cli_ctx *ctx, const uint32_t *idx, size_t n)
{
    kh_lang lang = ctx->app.lang;
    const char *heads[5] = {TR(lang, "Mã", "ID"), TR(lang, "Nội dung", "Content"),
                            TR(lang, "Đơn vị", "Unit"), TR(lang, "Thời hạn", "Deadline"),
                            TR(lang, "Trạng thái", "Status")};
    table_job j = {.idx = idx};
    table_init(&j.tb, ctx->app.plan, ctx->app.today, lang, ctx->color);
    int *w = j.tb.w;
    for (int i = 0; i < 5; i++) w[i] = text_width(heads[i]);
    table_measure(&j.tb, idx, n, w);
    /* Share what the id, unit and deadline leave between the content and the
     * status; the content keeps at least 20 columns while it can. */
    int width = cli_width();
    int avail = width - w[0] - w[2] - w[3] - 4;
    if (avail >= 20 + w[4]) {
        w[1] = avail - w[4];
    } else {
        w[1] = avail * 3 / 5 > 10 ? avail * 3 / 5 : 10;
        w[4] = avail - w[1] > 8 ? avail - w[1] : 8;
    }
    table_fit_kept(&j.tb);
    strbuf line = STRBUF_INIT;
    sb_puts(&line, cli_sgr(ctx, "\033[1m"));
    for (int i = 0; i < 5; i++) {
        if (i) sb_putc(&line, ' ');
        text_fit(&line, heads[i], w[i], i < 4);
    }
    sb_puts(&line, cli_sgr(ctx, "\033[0m"));
    puts(sb_str(&line));
    sb_done(&line);
    if (n == 0) puts(TR(lang, "(không có nhiệm vụ nào khớp)", "(no task matches)"));
    cli_rows_write(stdout, n, table_row_of, &j);
    table_done(&j.tb);
    bool extended = false;
    for (size_t k = 0; k < n && !extended; k++)
        extended = model_task_extended(&ctx->app.plan->tasks[idx[k]]);
    if (extended)
        puts(TR(lang,
                TABLE_EXTENDED_MARK " hạn đã gia hạn (hạn gốc, văn bản: kehoach show NHIỆM_VỤ)",
                TABLE_EXTENDED_MARK
                " deadline extended (the original, the document: kehoach show TASK)"));
}

/* The tasks are most of the output (8 MB at 10,000 tasks): each is built in
 * a buffer and written at once, without printf. */
static void sb_date(strbuf *sb, kh_date d)
{
    char buf[11];
    if (d == KH_NO_DATE) {
        sb_puts(sb, "null");
        return;
    }
    sb_putc(sb, '"');
    sb_add(sb, date_format_iso(d, buf), 10);
    sb_putc(sb, '"');
}

static void sb_str_or_null(strbuf *sb, const char *s)
{
    if (s)
        json_sb_string(sb, s);
    else
        sb_puts(sb, "null");
}

/* What every row of one plan's JSON repeats, made once: each unit's id and
 * each section's code as JSON strings (quoted, escaped). */
typedef struct {
    strbuf units;     /* the units' strings, one after another */
    size_t *unit_at;  /* unit i's is units.data[unit_at[i] .. unit_at[i + 1]) */
    strbuf sections;  /* the codes of sections 0-3 */
    size_t sec_at[5]; /* likewise */
} json_shared;

static void json_shared_init(json_shared *js, const kh_plan *plan)
{
    js->units = (strbuf)STRBUF_INIT;
    js->sections = (strbuf)STRBUF_INIT;
    js->unit_at = xcalloc(plan->nunits + 1, sizeof *js->unit_at);
    for (size_t i = 0; i < plan->nunits; i++) {
        json_sb_string(&js->units, plan->units[i].id);
        js->unit_at[i + 1] = js->units.len;
    }
    for (int sec = 0; sec < 4; sec++) {
        char code[32];
        json_sb_string(&js->sections, model_section_code(plan, sec, code));
        js->sec_at[sec + 1] = js->sections.len;
    }
}

static void json_shared_done(json_shared *js)
{
    sb_done(&js->units);
    sb_done(&js->sections);
    free(js->unit_at);
}

static void sb_units(strbuf *sb, const json_shared *js, const uint16_t *u, size_t n)
{
    sb_putc(sb, '[');
    for (size_t i = 0; i < n; i++) {
        if (i) sb_putc(sb, ',');
        size_t at = js->unit_at[u[i]];
        sb_add(sb, js->units.data + at, js->unit_at[u[i] + 1] - at);
    }
    sb_putc(sb, ']');
}

static void sb_section(strbuf *sb, const json_shared *js, const kh_plan *plan, int sec)
{
    if (sec >= 0 && sec < 4) {
        sb_add(sb, js->sections.data + js->sec_at[sec], js->sec_at[sec + 1] - js->sec_at[sec]);
        return;
    }
    char code[32];
    json_sb_string(sb, model_section_code(plan, sec, code));
}

static void json_task(strbuf *out, const kh_app *app, const json_shared *js, const kh_task *t,
                      strbuf *title, bool with_plan)
{
    const kh_plan *plan = app->plan;
    kh_timeliness tl = model_timeliness(t, app->today);
    static const char *const kinds[] = {"date", "continuous", "end-of-period", "periodic", "none"};
    if (with_plan) { /* a workspace: which plan (only added: the rest is as for one plan) */
        sb_puts(out, "{\"plan\":");
        json_sb_string(out, plan->id);
        sb_putc(out, ',');
    } else {
        sb_putc(out, '{');
    }
    sb_puts(out, "\"id\":");
    json_sb_string(out, t->id);
    sb_puts(out, ",\"section\":");
    sb_section(out, js, plan, t->section);
    sb_puts(out, ",\"title\":");
    sb_reset(title);
    model_task_title(title, t, app->lang);
    json_sb_string(out, sb_str(title));
    sb_puts(out, ",\"content\":");
    json_sb_string(out, t->text);
    sb_puts(out, ",\"lead\":");
    sb_units(out, js, t->lead, t->nlead);
    sb_puts(out, ",\"support\":");
    sb_units(out, js, t->support, t->nsupport);
    sb_puts(out, ",\"cites\":[");
    for (size_t i = 0; i < t->ncites; i++) {
        if (i) sb_putc(out, ',');
        json_sb_string(out, t->cites[i]);
    }
    sb_puts(out, "],\"deadline\":");
    sb_date(out, t->dl_kind == DL_CONTINUOUS ? KH_NO_DATE : t->due);
    sb_puts(out, ",\"deadline_kind\":\"");
    sb_puts(out, kinds[t->dl_kind]);
    sb_puts(out, "\",\"deadline_text\":");
    sb_str_or_null(out, t->deadline_text);
    if (t->sub_of) {
        /* A sub-item's task: a field only sub-items have. */
        sb_puts(out, ",\"parent\":");
        json_sb_string(out, plan->tasks[t->sub_of - 1].id);
    }
    if (t->event && t->event <= plan->nevents) {
        /* Counted from an event: a field only such deadlines have. */
        sb_puts(out, t->event_days < 0 ? ",\"deadline_event\":{\"before\":"
                                       : ",\"deadline_event\":{\"after\":");
        json_sb_string(out, plan->events[t->event - 1].id);
        sb_puts(out, ",\"days\":");
        sb_int(out, t->event_days < 0 ? -t->event_days : t->event_days);
        sb_putc(out, '}');
    }
    json_sb_member_fields(out, plan, t, app->today); /* only groups' tasks have these */
    if (t->window_days) {
        /* A window's first day: a field only windows have. */
        sb_puts(out, ",\"deadline_from\":");
        sb_date(out, t->due - t->window_days);
    }
    /* Issue 12: present only when there is one, so other plans' rows stay. */
    if (t->output) {
        sb_puts(out, ",\"output\":");
        json_sb_string(out, t->output);
    }
    if (t->amended_by) {
        sb_puts(out, ",\"amended_by\":");
        json_sb_string(out, t->amended_by);
    }
    if (model_task_withdrawn(t)) sb_puts(out, ",\"withdrawn\":true");
    if (t->dl_kind == DL_CONTINUOUS) {
        sb_puts(out, ",\"until\":");
        sb_date(out, t->due);
    }
    if (t->dl_kind == DL_PERIODIC) {
        sb_puts(out, ",\"every\":\"");
        sb_puts(out, model_every_code((kh_every)t->every));
        sb_puts(out, "\",\"occurrence\":{\"year\":");
        sb_int(out, t->occ_year);
        sb_puts(out, ",\"number\":");
        sb_int(out, t->occ);
        sb_putc(out, '}');
    }
    sb_puts(out, ",\"status\":\"");
    sb_puts(out, model_status_code((kh_status)t->status));
    sb_puts(out, "\",\"progress\":");
    sb_int(out, t->progress);
    sb_puts(out, ",\"completed\":");
    sb_date(out, t->completed);
    sb_puts(out, ",\"timeliness\":\"");
    sb_puts(out, model_timeliness_code(tl));
    /* A withdrawn task is in none of the four categories. */
    sb_puts(out, model_task_withdrawn(t) ? "\",\"category\":null" : "\",\"category\":\"");
    if (!model_task_withdrawn(t)) {
        sb_puts(out, model_category_code(model_category(tl)));
        sb_putc(out, '"');
    }
    sb_puts(out, ",\"updated_at\":");
    if (t->updated_at) {
        char buf[21];
        sb_putc(out, '"');
        sb_add(out, date_format_utc((time_t)t->updated_at, buf), 20);
        sb_putc(out, '"');
    } else {
        sb_puts(out, "null");
    }
    sb_puts(out, ",\"updated_by\":");
    sb_str_or_null(out, t->updated_by);
    sb_puts(out, ",\"version\":");
    sb_int(out, (long long)t->version);
    sb_puts(out, ",\"notes\":");
    sb_int(out, t->nnotes);
    json_sb_confirm_fields(out, plan, t);
    sb_putc(out, '}');
}

typedef struct {
    const kh_app *app;
    const uint32_t *idx;
    bool ws;                   /* a workspace: each task with its plan */
    bool more;                 /* rows of an earlier plan came before */
    const kh_result **by_task; /* the results, grouped by task (issue 12) */
    const size_t *first;       /* task i's are by_task[first[i] .. first[i + 1]) */
    const kh_extension *ext;   /* every task's extensions, by task id (issue 12) */
    size_t next;
    json_shared js; /* the plan's unit ids and section codes */
} json_job;

static void json_row(const void *arg, size_t k, strbuf *out, cli_scratch *tmp)
{
    const json_job *j = arg;
    sb_puts(out, k || j->more ? ",\n" : "\n");
    const kh_task *t = &j->app->plan->tasks[j->idx[k]];
    json_task(out, j->app, &j->js, t, &tmp->a, j->ws);
    /* Extensions, the completion day, the withdrawing document: only on a
     * task that has one. */
    out->len--;
    json_sb_record_fields(out, t, j->ext, j->next);
    sb_putc(out, '}');
    size_t i = j->idx[k];
    if (j->first && j->first[i + 1] > j->first[i]) {
        /* Only on a task that has results: the rows of others stay. */
        out->len--; /* the task's closing brace */
        sb_puts(out, ",\"results\":");
        json_sb_results(out, j->by_task + j->first[i], j->first[i + 1] - j->first[i]);
        sb_putc(out, '}');
    }
}

static void print_json(cli_ctx *ctx, const uint32_t *idx, size_t n)
{
    const kh_app *app = &ctx->app;
    const kh_plan *plan = app->plan;
    FILE *out = stdout;
    char buf[11];
    fputs("{\"plan\":{", out);
    json_plan_fields(out, plan);
    fputs(",\"closing\":", out);
    json_str_or_null(out, plan->closing);
    fprintf(out, "},\"today\":\"%s\",\"units\":", date_format_iso(app->today, buf));
    json_unit_list(out, plan);
    fputs(",\"duties\":", out);
    json_duty_list(out, plan);
    fputs(",\"tasks\":[", out);
    /* The results read once, before the rows are made (on two threads). */
    kh_result *results = NULL;
    size_t nresults = 0;
    kh_error err = {0};
    if (app_results(app, NULL, &results, &nresults, &err)) cli_fail(ctx, &err);
    size_t *first = nresults ? xcalloc(plan->ntasks + 2, sizeof *first) : NULL;
    const kh_result **by_task = nresults ? xcalloc(nresults, sizeof *by_task) : NULL;
    long *of = nresults ? xcalloc(nresults, sizeof *of) : NULL;
    for (size_t r = 0; r < nresults; r++) {
        of[r] = model_find_task(plan, results[r].task_id);
        if (of[r] >= 0) first[of[r] + 2]++;
    }
    for (size_t i = 0; first && i < plan->ntasks; i++) first[i + 2] += first[i + 1];
    for (size_t r = 0; r < nresults; r++)
        if (of[r] >= 0) by_task[first[of[r] + 1]++] = &results[r];
    kh_extension *ext = NULL;
    size_t next = 0;
    if (app_extensions(app, NULL, &ext, &next, &err)) cli_fail(ctx, &err);
    json_job j = {
        .app = app, .idx = idx, .by_task = by_task, .first = first, .ext = ext, .next = next};
    json_shared_init(&j.js, plan);
    cli_rows_write(out, n, json_row, &j);
    json_shared_done(&j.js);
    store_extensions_free(ext, next);
    fputs("]", out);
    if (app->plan->ntargets) { /* only a plan with targets has the field (cli_targets.c) */
        fputs(",\"targets\":", out);
        json_target_list(out, app->plan, app->today);
    }
    fputs("}\n", out);
    free(of);
    free(by_task);
    free(first);
    store_results_free(results, nresults);
}

/* The CSV rows of app's tasks idx; with_plan (a workspace): the header
 * only when head, and a column with the plan id; the last column says
 * whether the row is a summary of members' occurrences. */
static void print_csv_of(const kh_app *app, const uint32_t *idx, size_t n, bool bom, bool with_plan,
                         bool head, bool with_ward)
{
    const kh_plan *plan = app->plan;
    FILE *out = stdout;
    if (bom && head) fputs("\xEF\xBB\xBF", out);
    if (head)
        fputs(with_plan ? "id,title,content,lead,support,deadline,deadline_kind,status,progress,"
                          "completed,timeliness,category,updated_at,updated_by,officer,confirm_by,"
                          "proposed,confirmed,plan"
                        : "id,title,content,lead,support,deadline,deadline_kind,status,progress,"
                          "completed,timeliness,category,updated_at,updated_by,officer,confirm_by,"
                          "proposed,confirmed",
              out);
    if (head) fputs(with_ward ? ",ward,summary\r\n" : ",summary\r\n", out);
    static const char *const kinds[] = {"date", "continuous", "end-of-period", "periodic", "none"};
    strbuf sb = STRBUF_INIT;
    for (size_t k = 0; k < n; k++) {
        const kh_task *t = &plan->tasks[idx[k]];
        kh_timeliness tl = model_timeliness(t, app->today);
        char buf[21];
        csv_field(out, t->id);
        putc(',', out);
        sb_reset(&sb);
        model_task_title(&sb, t, app->lang);
        csv_field(out, sb_str(&sb));
        putc(',', out);
        csv_field(out, t->text);
        for (int which = 0; which < 2; which++) {
            const uint16_t *u = which ? t->support : t->lead;
            size_t nu = which ? t->nsupport : t->nlead;
            sb_reset(&sb);
            for (size_t i = 0; i < nu; i++)
                sb_printf(&sb, "%s%s", i ? " " : "", plan->units[u[i]].id);
            putc(',', out);
            csv_field(out, sb_str(&sb));
        }
        putc(',', out);
        if (t->dl_kind != DL_CONTINUOUS && t->due != KH_NO_DATE)
            fputs(date_format_iso(t->due, buf), out);
        fprintf(out, ",%s,%s,%d,", kinds[t->dl_kind], model_status_code((kh_status)t->status),
                t->progress);
        if (t->completed != KH_NO_DATE) fputs(date_format_iso(t->completed, buf), out);
        /* A withdrawn task is in none of the four categories (as in JSON). */
        fprintf(out, ",%s,%s,", model_timeliness_code(tl),
                model_task_withdrawn(t) ? "" : model_category_code(model_category(tl)));
        if (t->updated_at) fputs(date_format_utc((time_t)t->updated_at, buf), out);
        putc(',', out);
        if (t->updated_by) csv_field(out, t->updated_by);
        putc(',', out);
        if (t->officer) csv_field(out, t->officer);
        putc(',', out);
        if (t->confirmer) csv_field(out, plan->units[t->confirmer - 1].id);
        fprintf(out, ",%s,%s", model_task_proposed(t) ? "true" : "false",
                t->status == ST_DONE && t->verdict == VERDICT_CONFIRMED ? "true" : "false");
        if (with_plan) {
            putc(',', out);
            csv_field(out, plan->id);
        }
        if (with_ward) { /* a province's: the ward whose occurrence it is */
            putc(',', out);
            const char *m = model_task_member(t);
            if (m) csv_field(out, m);
        }
        /* A task assigned to each member of a group is its occurrences'
         * sum, as JSON's "summary": a spreadsheet adding up rows skips it. */
        fputs(model_task_each(plan, idx[k]) ? ",true\r\n" : ",false\r\n", out);
    }
    sb_done(&sb);
}

static void print_csv(cli_ctx *ctx, const uint32_t *idx, size_t n, bool bom)
{
    print_csv_of(&ctx->app, idx, n, bom, false, true, false);
}

/* list over a workspace: the tasks of every plan that pass, plan by plan
 * (each plan's in the order asked for), as one table per plan, one CSV
 * with a plan column, or one JSON document with plans[] and each task's
 * plan. */
static int list_workspace(cli_ctx *ctx, const kh_filter *proto, const char *unit,
                          const char *search, list_format format, kh_sort sort, bool bom)
{
    int rc = cli_open_workspace(ctx, true);
    if (rc) return rc;
    kh_workspace *ws = ctx->ws;
    kh_lang lang = ctx->app.lang;
    bool any_unit = !unit;
    for (size_t p = 0; p < ws->nplans && !any_unit; p++)
        any_unit = model_find_unit_loose(ws->plans[p].plan, unit) >= 0;
    if (!any_unit) {
        cli_error(ctx, TR(lang, "không kế hoạch nào có đơn vị '%s'", "no plan has a unit '%s'"),
                  unit);
        return EXIT_DATA;
    }
    char buf[11];
    if (format == FMT_JSON) {
        fputs("{\"plans\":[", stdout);
        for (size_t p = 0; p < ws->nplans; p++) {
            const kh_plan *plan = ws->plans[p].plan;
            fputs(p ? ",\n{" : "\n{", stdout);
            json_plan_fields(stdout, plan);
            fputs(",\"closing\":", stdout);
            json_str_or_null(stdout, plan->closing);
            fputs(",\"file\":", stdout);
            json_string(stdout, plan->path);
            fputs(",\"units\":", stdout);
            json_unit_list(stdout, plan);
            fputs(",\"duties\":", stdout);
            json_duty_list(stdout, plan);
            /* The plans of the workspace it implements and that implement
             * it, by id (`implements` is its basis documents, as alone). */
            kh_ws_links l;
            workspace_links(ws, p, &l);
            fputs(",\"implements_plans\":[", stdout);
            for (size_t k = 0; k < l.nimplements; k++) {
                if (k) putchar(',');
                json_string(stdout, ws->plans[l.implements[k]].plan->id);
            }
            fputs("],\"implemented_by\":[", stdout);
            for (size_t k = 0; k < l.nimplemented_by; k++) {
                if (k) putchar(',');
                json_string(stdout, ws->plans[l.implemented_by[k]].plan->id);
            }
            fputs("]}", stdout);
            workspace_links_done(&l);
        }
        printf("],\"today\":\"%s\",\"tasks\":[", date_format_iso(ctx->app.today, buf));
    }
    size_t shown = 0;
    for (size_t p = 0; p < ws->nplans; p++) {
        kh_app *app = &ws->plans[p];
        kh_filter f = *proto;
        f.query = NULL;
        f.unit_hit = NULL;
        f.nunit_hit = 0;
        if (unit) {
            f.unit = model_find_unit_loose(app->plan, unit);
            if (f.unit < 0) continue;
        }
        if (search) app_filter_set_query(&f, search);
        uint32_t *idx = xreallocarray(NULL, app->plan->ntasks + 1, sizeof *idx);
        size_t n = app_select(app, &f, idx);
        app_filter_done(&f);
        if (sort != SORT_PLAN) app_sort(app, idx, n, sort);
        if (format == FMT_JSON) {
            kh_extension *ext = NULL;
            size_t next = 0;
            kh_error err = {0};
            if (app_extensions(app, NULL, &ext, &next, &err)) cli_fail(ctx, &err);
            json_job j = {
                .app = app, .idx = idx, .ws = true, .more = shown > 0, .ext = ext, .next = next};
            json_shared_init(&j.js, app->plan);
            cli_rows_write(stdout, n, json_row, &j);
            json_shared_done(&j.js);
            store_extensions_free(ext, next);
        } else if (format == FMT_CSV) {
            print_csv_of(app, idx, n, bom, true, p == 0, ws->nwards > 0);
        } else if (n) {
            /* The tasks: a task assigned to each ward is a heading over
             * its occurrences, not one of them. */
            size_t tasks = 0;
            for (size_t k = 0; k < n; k++) tasks += !model_task_summary(&app->plan->tasks[idx[k]]);
            cli_printf(stdout, "%s%s%s — %s (%zu)%s\n", shown ? "\n" : "", cli_sgr(ctx, "\033[1m"),
                       app->plan->id, app->plan->title, tasks, cli_sgr(ctx, "\033[0m"));
            /* The table shows ctx->app: lend it this plan for the time. */
            kh_app mine = ctx->app;
            ctx->app = *app;
            print_table(ctx, idx, n);
            *app = ctx->app;
            ctx->app = mine;
        }
        shown += n;
        free(idx);
    }
    if (format == FMT_JSON && ws->nwards) { /* a province's: its wards, ranked (only added) */
        fputs("],\"wards\":", stdout);
        json_wards(stdout, ws);
        fputs("}\n", stdout);
    } else if (format == FMT_JSON) {
        fputs("]}\n", stdout);
    }
    if (format == FMT_TABLE && !shown)
        puts(TR(lang, "(không có nhiệm vụ nào khớp)", "(no task matches)"));
    return cli_workspace_status(ctx, EXIT_OK);
}

int cmd_list(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"unit", required_argument, NULL, OPT_UNIT},
        {"status", required_argument, NULL, OPT_STATUS},
        {"overdue", no_argument, NULL, OPT_OVERDUE},
        {"due-soon", no_argument, NULL, OPT_DUE_SOON},
        {"search", required_argument, NULL, OPT_SEARCH},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"bom", no_argument, NULL, OPT_BOM},
        {"sort", required_argument, NULL, OPT_SORT},
        {"officer", required_argument, NULL, OPT_OFFICER},
        {0, 0, 0, 0},
    };
    const char *unit = NULL, *status = NULL, *search = NULL, *officer = NULL;
    bool overdue = false, due_soon = false, bom = false;
    list_format format = FMT_TABLE;
    kh_sort sort = SORT_PLAN;
    const char *format_arg = NULL, *sort_arg = NULL;
    int c;
    while ((c = cli_next_option(ctx, "list", argc, argv, "h", opts)) >= 0) {
        switch (c) {
        case OPT_UNIT: unit = optarg; break;
        case OPT_STATUS: status = optarg; break;
        case OPT_OVERDUE: overdue = true; break;
        case OPT_DUE_SOON: due_soon = true; break;
        case OPT_SEARCH: search = optarg; break;
        case OPT_BOM: bom = true; break;
        case OPT_FORMAT: format_arg = optarg; break;
        case OPT_SORT: sort_arg = optarg; break;
        case OPT_OFFICER: officer = optarg; break;
        default: break;
        }
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    if (ctx->help)
        return cli_help(ctx, TR(ctx->app.lang, "list [TÙY CHỌN]", "list [OPTIONS]"),
                        TR(ctx->app.lang, usage_vi, usage_en));
    if (format_arg) {
        if (!strcmp(format_arg, "table"))
            format = FMT_TABLE;
        else if (!strcmp(format_arg, "json"))
            format = FMT_JSON;
        else if (!strcmp(format_arg, "csv"))
            format = FMT_CSV;
        else
            return cli_usage_error(ctx, "list", "--format: \"%s\": table | json | csv", format_arg);
    }
    if (sort_arg) {
        static const char *const names[SORT_COUNT] = {"plan", "deadline", "status", "unit"};
        int found = -1;
        for (int i = 0; i < SORT_COUNT; i++)
            if (!strcmp(sort_arg, names[i])) found = i;
        if (found < 0)
            return cli_usage_error(ctx, "list", "--sort: \"%s\": plan | deadline | status | unit",
                                   sort_arg);
        sort = (kh_sort)found;
    }
    kh_lang lang = ctx->app.lang;
    if (optind < argc)
        return cli_usage_error(ctx, "list", TR(lang, "thừa đối số: %s", "unexpected argument: %s"),
                               argv[optind]);
    kh_filter f;
    app_filter_init(&f);
    if (status) {
        f.status = model_status_parse(status);
        if (f.status < 0)
            return cli_usage_error(
                ctx, "list",
                TR(lang, "--status: \"%s\" không phải trạng thái (todo, doing, blocked, done)",
                   "--status: \"%s\" is not a status (todo, doing, blocked, done)"),
                status);
    }
    if (overdue && due_soon)
        return cli_usage_error(ctx, "list", "%s",
                               TR(lang, "chỉ dùng một trong --overdue và --due-soon",
                                  "use only one of --overdue and --due-soon"));
    if (overdue) f.timeliness = TL_OVERDUE;
    if (due_soon) f.timeliness = TL_DUE_SOON;
    /* Only the JSON shows how many notes each task has. */
    ctx->app.skip_note_counts = format != FMT_JSON;
    /* The table and CSV read nothing but the state (the JSON reads the
     * results and extensions too): the state cache may serve it, over a
     * workspace too. */
    ctx->app.state_only = format != FMT_JSON;
    if (cli_workspace_wide(ctx)) {
        int wrc = list_workspace(ctx, &f, unit, search, format, sort, bom);
        app_filter_done(&f);
        return wrc;
    }
    int rc = cli_open(ctx, true);
    if (rc) return rc;
    if (unit) {
        f.unit = model_find_unit_loose(ctx->app.plan, unit);
        if (f.unit < 0) {
            strbuf ids = STRBUF_INIT;
            for (size_t i = 0; i < ctx->app.plan->nunits; i++)
                sb_printf(&ids, "%s%s", i ? ", " : "", ctx->app.plan->units[i].id);
            cli_error(ctx,
                      TR(lang, "không có đơn vị '%s' (các đơn vị: %s)", "no unit '%s' (units: %s)"),
                      unit, sb_str(&ids));
            sb_done(&ids);
            return EXIT_DATA;
        }
    }
    if (search) app_filter_set_query(&f, search);
    if (officer) app_filter_set_officer(&f, officer);
    uint32_t *idx = xreallocarray(NULL, ctx->app.plan->ntasks + 1, sizeof *idx);
    size_t n = app_select(&ctx->app, &f, idx);
    app_filter_done(&f);
    if (sort != SORT_PLAN) app_sort(&ctx->app, idx, n, sort);
    switch (format) {
    case FMT_TABLE: print_table(ctx, idx, n); break;
    case FMT_JSON: print_json(ctx, idx, n); break;
    case FMT_CSV: print_csv(ctx, idx, n, bom); break;
    }
    free(idx);
    return EXIT_OK;
}
