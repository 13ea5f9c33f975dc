/* kehoach export: the plan with its state, as a plan file (YAML) or JSON. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kehoach/app_confirm.h"
#include "kehoach/paths.h"
#include "kehoach/plan_save.h"
#include "kehoach/server_mode.h"
#include "kehoach/version.h"

enum { OPT_FORMAT = OPT_FIRST_OWN, OPT_OUTPUT, OPT_LIST_IDS };

static const char *usage_vi =
    "Xuất kế hoạch cùng trạng thái hiện tại.\n\n"
    "  --format yaml      (mặc định) một tệp kế hoạch hợp lệ, mỗi nhiệm vụ có thêm\n"
    "                     'state:' (trạng thái, tiến độ, ngày hoàn thành, người sửa cuối,\n"
    "                     ghi chú); mở nó với một cơ sở dữ liệu mới thì thấy đúng\n"
    "                     trạng thái này\n"
    "  --format json      toàn bộ mô hình và trạng thái, kể cả ghi chú và lịch sử\n"
    "  -o, --output TỆP   ghi vào TỆP (thay cả tệp một lần; mặc định: đầu ra chuẩn)\n"
    "  --list-ids tasks|units|targets  in mã nhiệm vụ, đơn vị hoặc chỉ tiêu, mỗi dòng\n"
    "                     một mã (cho phần tự hoàn thành lệnh của bash)\n";
static const char *usage_en =
    "Export the plan with its current state.\n\n"
    "  --format yaml      (default) a valid plan file in which each task also has a\n"
    "                     'state:' (status, progress, completion date, last change,\n"
    "                     notes); opened with a fresh database it shows this very state\n"
    "  --format json      the whole model and state, notes and history included\n"
    "  -o, --output FILE  write to FILE (replaced at once; default: standard output)\n"
    "  --list-ids tasks|units|targets  print the task, unit or target ids, one a\n"
    "                     line (for bash completion)\n";

static void json_time(FILE *out, int64_t t)
{
    char buf[21];
    if (!t)
        fputs("null", out);
    else
        fprintf(out, "\"%s\"", date_format_utc((time_t)t, buf));
}

static void json_units(FILE *out, const kh_plan *plan, const uint16_t *u, size_t n)
{
    putc('[', out);
    for (size_t i = 0; i < n; i++) {
        if (i) putc(',', out);
        json_string(out, plan->units[u[i]].id);
    }
    putc(']', out);
}

static void json_plan(FILE *out, const kh_plan *plan)
{
    fputs("\"plan\":{", out);
    json_plan_fields(out, plan);
    fputs(",\"intro\":", out);
    json_str_or_null(out, plan->org_intro);
    fputs(",\"closing\":", out);
    json_str_or_null(out, plan->closing);
    fputs(",\"database\":", out);
    json_str_or_null(out, plan->database);
    /* Who may change which tasks; [] when anyone may. */
    fputs(",\"rights\":[", out);
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *r = &plan->rights[i];
        fputs(i ? ",{\"unit\":" : "{\"unit\":", out);
        if (r->all)
            fputs("null", out);
        else
            json_string(out, plan->units[r->unit].id);
        fputs(",\"users\":[", out);
        for (uint32_t k = 0; k < r->nusers; k++) {
            if (k) putc(',', out);
            json_string(out, r->users[k].name);
        }
        fputs("],\"groups\":[", out);
        for (uint32_t k = 0; k < r->ngroups; k++) {
            if (k) putc(',', out);
            json_string(out, r->groups[k].name);
        }
        fputs("]}", out);
    }
    fputs("]}", out);
}

/* Write a note's text, author and time as JSON members. */
static void json_note_fields(FILE *out, const char *text, const char *author, int64_t at)
{
    fputs("\"text\":", out);
    json_string(out, text);
    fputs(",\"author\":", out);
    json_str_or_null(out, author);
    fputs(",\"at\":", out);
    json_time(out, at);
}

static void json_note(FILE *out, const kh_note *n)
{
    putc('{', out);
    json_note_fields(out, n->text, n->author, n->at);
    char day[11];
    if (n->effective != KH_NO_DATE) /* written with --today on another day */
        fprintf(out, ",\"effective\":\"%s\"", date_format_iso(n->effective, day));
    fprintf(out, ",\"source\":\"%s\"", n->id ? "database" : "plan");
    kh_note_kind kind = app_note_kind(n, NULL);
    if (kind != NOTE_PLAIN) fprintf(out, ",\"kind\":\"%s\"", model_note_kind_code(kind));
    putc('}', out);
}

static void json_task(FILE *out, const kh_app *app, size_t i, const kh_note *notes, size_t nnotes,
                      const kh_result *results, size_t nresults, const kh_extension *ext,
                      size_t next, strbuf *sb)
{
    static const char *const kinds[] = {"date", "continuous", "end-of-period", "periodic", "none"};
    const kh_plan *plan = app->plan;
    const kh_task *t = &plan->tasks[i];
    kh_timeliness tl = model_timeliness(t, app->today);
    fputs("{\"id\":", out);
    json_string(out, t->id);
    char code[32];
    fputs(",\"section\":", out);
    json_string(out, model_section_code(plan, t->section, code));
    fputs(",\"duty\":", out);
    if (t->duty >= 0)
        json_string(out, plan->units[plan->duties[t->duty].unit].id);
    else
        fputs("null", out);
    fputs(",\"title\":", out);
    sb_reset(sb);
    model_task_title(sb, t, app->lang);
    json_string(out, sb_str(sb));
    fputs(",\"short_title\":", out);
    json_string(out, t->title);
    fputs(",\"text\":", out);
    json_string(out, t->text);
    fputs(",\"lead\":", out);
    json_units(out, plan, t->lead, t->nlead);
    fputs(",\"support\":", out);
    json_units(out, plan, t->support, t->nsupport);
    fputs(",\"cites\":", out);
    json_strings(out, t->cites, t->ncites);
    fputs(",\"deadline\":", out);
    json_date(out, t->dl_kind == DL_CONTINUOUS ? KH_NO_DATE : t->due);
    fprintf(out, ",\"deadline_kind\":\"%s\",\"deadline_text\":", kinds[t->dl_kind]);
    json_str_or_null(out, t->deadline_text);
    /* As in list: only on the rows that have them. */
    if (t->sub_of) {
        fputs(",\"parent\":", out);
        json_string(out, plan->tasks[t->sub_of - 1].id);
    }
    if (t->event && t->event <= plan->nevents) {
        fputs(t->event_days < 0 ? ",\"deadline_event\":{\"before\":"
                                : ",\"deadline_event\":{\"after\":",
              out);
        json_string(out, plan->events[t->event - 1].id);
        fprintf(out, ",\"days\":%d}", t->event_days < 0 ? -t->event_days : t->event_days);
    }
    fputs(",\"due\":", out);
    json_date(out, t->due);
    if (t->dl_kind == DL_PERIODIC)
        fprintf(out, ",\"every\":\"%s\",\"occurrence\":{\"year\":%d,\"number\":%d}",
                model_every_code((kh_every)t->every), t->occ_year, t->occ);
    fprintf(out, ",\"status\":\"%s\",\"progress\":%d,\"completed\":",
            model_status_code((kh_status)t->status), t->progress);
    json_date(out, t->completed);
    /* A withdrawn task is in none of the four categories. */
    fprintf(out,
            ",\"timeliness\":\"%s\",\"category\":%s%s%s,\"updated_at\":", model_timeliness_code(tl),
            model_task_withdrawn(t) ? "" : "\"",
            model_task_withdrawn(t) ? "null" : model_category_code(model_category(tl)),
            model_task_withdrawn(t) ? "" : "\"");
    json_time(out, t->updated_at);
    fputs(",\"updated_by\":", out);
    json_str_or_null(out, t->updated_by);
    fprintf(out, ",\"version\":%lld,\"state_from\":\"%s\"", (long long)t->version,
            t->version ? "database"
            : t->base  ? "plan"
                       : "none");
    sb_reset(sb);
    json_sb_confirm_fields(sb, plan, t);
    fputs(sb_str(sb), out);
    fputs(",\"notes\":[", out);
    for (size_t k = 0; k < nnotes; k++) {
        if (k) putc(',', out);
        json_note(out, &notes[k]);
    }
    /* Issue 12: the result, amendments. */
    fputs("],\"output\":", out);
    json_str_or_null(out, t->output);
    fputs(",\"amended_by\":", out);
    json_str_or_null(out, t->amended_by);
    fprintf(out, ",\"withdrawn\":%s", model_task_withdrawn(t) ? "true" : "false");
    sb_reset(sb);
    json_sb_record_fields(sb, t, ext, next); /* extensions, completed_on, withdrawn_doc */
    fputs(sb_str(sb), out);
    fputs(",\"results\":", out);
    json_results(out, results, nresults, t->id);
    fputs("}", out);
}

static const char *field_code(const char *f)
{
    return f ? f : "";
}

/* Write the JSON export; return EXIT_OK or an exit code after reporting. */
/* Write "chain_head": the history's hash chain head (its link, hash, and
 * whether the chain holds), or null without a chain: a copy of the export
 * kept elsewhere shows later whether the database was put back or
 * rewritten (README, Guarantees). */
static void json_chain_head(FILE *out, kh_store *s)
{
    kh_chain_report r;
    kh_error err = {0};
    fputs("\"chain_head\":", out);
    if (s && !store_chain_verify(s, &r, &err) && r.problem != CHAIN_NONE && r.head_seq)
        fprintf(out, "{\"seq\":%lld,\"hash\":\"%s\",\"holds\":%s},", (long long)r.head_seq, r.head,
                r.problem == CHAIN_OK ? "true" : "false");
    else
        fputs("null,", out);
}

static int write_json(cli_ctx *ctx, FILE *out)
{
    const kh_app *app = &ctx->app;
    const kh_plan *plan = app->plan;
    kh_error err = {0};
    kh_note *notes = NULL;
    size_t nnotes = 0;
    if (app_notes(app, NULL, &notes, &nnotes, &err)) return cli_fail(ctx, &err);
    kh_history *h = NULL;
    size_t nh = 0;
    kh_orphans orphans;
    if (app_export_history(app, &h, &nh, &err)) {
        store_notes_free(notes, nnotes);
        return cli_fail(ctx, &err);
    }
    if (app_orphans(app, &orphans, &err)) {
        store_history_free(h, nh);
        store_notes_free(notes, nnotes);
        return cli_fail(ctx, &err);
    }
    char buf[11];
    fprintf(out, "{\"kehoach_export\":1,\"version\":\"%s\",\"today\":\"%s\",", KEHOACH_VERSION,
            date_format_iso(app->today, buf));
    json_chain_head(out, app->store);
    json_plan(out, plan);
    fputs(",\n\"units\":", out);
    json_unit_list(out, plan);
    fputs(",\n\"duties\":", out);
    json_duty_list(out, plan);
    kh_counts counts;
    model_count(plan, app->today, &counts, NULL);
    fprintf(out, ",\n\"counts\":{\"total\":%zu,\"completion\":%d,\"withdrawn\":%zu,\"status\":{",
            counts.total, model_completion(&counts), counts.withdrawn);
    for (int s = 0; s < ST_COUNT; s++)
        fprintf(out, "%s\"%s\":%zu", s ? "," : "", model_status_code((kh_status)s),
                counts.status[s]);
    fputs("},\"category\":{", out);
    for (int c = 0; c < CAT_COUNT; c++)
        fprintf(out, "%s\"%s\":%zu", c ? "," : "", model_category_code((kh_category)c),
                counts.category[c]);
    fputs("}},\n\"tasks\":[", out);
    /* Each task's notes, newest first, as app_notes gives them. */
    kh_note *mine = xreallocarray(NULL, nnotes ? nnotes : 1, sizeof *mine);
    kh_result *results = NULL;
    size_t nresults = 0;
    kh_amendment *amend = NULL;
    size_t namend = 0;
    kh_extension *ext = NULL;
    size_t next = 0;
    if (app_results(app, NULL, &results, &nresults, &err) ||
        app_amendments(app, &amend, &namend, &err) || app_extensions(app, NULL, &ext, &next, &err))
        cli_fail(ctx, &err); /* said; the tasks are written without them */
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < plan->ntasks; i++) {
        size_t n = 0;
        for (size_t k = 0; k < nnotes; k++)
            if (!strcmp(notes[k].task_id, plan->tasks[i].id)) mine[n++] = notes[k];
        fputs(i ? ",\n" : "\n", out);
        json_task(out, app, i, mine, n, results, nresults, ext, next, &sb);
    }
    store_extensions_free(ext, next);
    sb_done(&sb);
    free(mine);
    store_results_free(results, nresults);
    fputs("],\n\"amendments\":", out);
    json_amendments(out, amend, namend, NULL);
    store_amendments_free(amend, namend);
    /* The tasks the plan no longer has: their state and notes. */
    fputs(",\n\"orphans\":[", out);
    for (size_t i = 0; i < orphans.n; i++) {
        const kh_orphan *o = &orphans.v[i];
        const kh_base_state *b = o->base;
        fputs(i ? ",\n{\"id\":" : "\n{\"id\":", out);
        json_string(out, o->id);
        fprintf(out, ",\"status\":\"%s\",\"progress\":%d,\"completed\":",
                model_status_code(b ? (kh_status)b->status : ST_TODO), b ? b->progress : 0);
        json_date(out, b ? b->completed : KH_NO_DATE);
        fputs(",\"updated_at\":", out);
        json_time(out, b ? b->updated_at : 0);
        fputs(",\"updated_by\":", out);
        json_str_or_null(out, b ? b->updated_by : NULL);
        fputs(",\"notes\":[", out);
        for (uint32_t k = 0; b && k < b->nnotes; k++) {
            fputs(k ? ",{" : "{", out);
            json_note_fields(out, b->notes[k].text, b->notes[k].author, b->notes[k].at);
            putc('}', out);
        }
        fputs("]}", out);
    }
    app_orphans_free(&orphans);
    fputs("],\n\"history\":[", out);
    for (size_t i = 0; i < nh; i++) {
        fputs(i ? ",\n{\"task\":" : "\n{\"task\":", out);
        json_string(out, h[i].task_id);
        fputs(",\"field\":", out);
        json_string(out, field_code(h[i].field));
        fputs(",\"old\":", out);
        json_str_or_null(out, h[i].old_value);
        fputs(",\"new\":", out);
        json_str_or_null(out, h[i].new_value);
        fputs(",\"user\":", out);
        json_str_or_null(out, h[i].user);
        fputs(",\"at\":", out);
        json_time(out, h[i].at);
        fprintf(out, ",\"change\":%lld,\"undo_of\":", (long long)h[i].change);
        if (h[i].undo_of)
            fprintf(out, "%lld", (long long)h[i].undo_of);
        else
            fputs("null", out);
        char day[11];
        if (h[i].effective != KH_NO_DATE) /* made with --today or --on on another day */
            fprintf(out, ",\"effective\":\"%s\"", date_format_iso(h[i].effective, day));
        /* "plan": carried by the plan file (an earlier export), not this database. */
        fprintf(out, ",\"source\":\"%s\"}", h[i].id ? "database" : "plan");
    }
    fputs("]", out);
    if (plan->ntargets) { /* only a plan with targets has the field (cli_targets.c) */
        fputs(",\n\"targets\":", out);
        json_target_list(out, plan, app->today);
    }
    fputs("}\n", out);
    store_history_free(h, nh);
    store_notes_free(notes, nnotes);
    return EXIT_OK;
}

/* Write the YAML export, checked by loading it back; return EXIT_OK or an
 * exit code after reporting. */
static int write_yaml(cli_ctx *ctx, FILE *out)
{
    const kh_app *app = &ctx->app;
    kh_lang lang = app->lang;
    kh_error err = {0};
    kh_note *notes = NULL;
    size_t nnotes = 0;
    if (app_notes(app, NULL, &notes, &nnotes, &err)) return cli_fail(ctx, &err);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) {
        store_notes_free(notes, nnotes);
        kh_error_set(&err, KH_E_IO, "%s", kh_strerrno(errno));
        return cli_fail(ctx, &err);
    }
    char day[11];
    strbuf header = STRBUF_INIT;
    sb_printf(&header,
              TR(lang,
                 "Kế hoạch %s cùng trạng thái thực hiện ngày %s, xuất bằng kehoach %s.\n"
                 "Mở với một cơ sở dữ liệu mới: kehoach --plan TỆP_NÀY --db CSDL_MỚI status\n"
                 "Định dạng: docs/plan-format.md (mục 'state').",
                 "Plan %s with its state on %s, exported by kehoach %s.\n"
                 "Open it with a fresh database: kehoach --plan THIS_FILE --db NEW_DB status\n"
                 "Format: docs/plan-format.md (the 'state' key)."),
              app->plan->id, date_format_dmy(app->today, day), KEHOACH_VERSION);
    /* Everything the database holds: the tasks' state and notes, the state
     * and notes of tasks the plan no longer has, and the history. */
    kh_history *h = NULL;
    size_t nh = 0;
    kh_orphans orphans = {0};
    kh_errcode rc = app_export_history(app, &h, &nh, &err);
    if (!rc) rc = app_orphans(app, &orphans, &err);
    if (!rc) {
        /* The plan as issued (and amended) keeps its deadlines; each task's
         * extensions are in its state (plan_save writes the plan's day). */
        kh_extension *x = NULL;
        size_t nx = 0;
        kh_result *res = NULL;
        size_t nres = 0;
        rc = app_extensions(app, NULL, &x, &nx, &err);
        kh_amendment *am = NULL;
        size_t nam = 0;
        if (!rc) rc = app_results(app, NULL, &res, &nres, &err);
        if (!rc) rc = app_amendments(app, &am, &nam, &err);
        kh_save_data d = {notes, nnotes, orphans.v, orphans.n, h, nh, x, nx, res, nres, am, nam};
        if (!rc) rc = plan_save_all(app->plan, &d, sb_str(&header), mem, &err);
        store_extensions_free(x, nx);
        store_results_free(res, nres);
        store_amendments_free(am, nam);
    }
    app_orphans_free(&orphans);
    store_history_free(h, nh);
    sb_done(&header);
    store_notes_free(notes, nnotes);
    if (fclose(mem) != 0 && !rc) rc = kh_error_set(&err, KH_E_IO, "%s", kh_strerrno(errno));
    if (rc) {
        free(buf);
        return cli_fail(ctx, &err);
    }
    /* What was written must load: check it before anyone relies on it. */
    kh_plan *back = NULL;
    kh_diags diags = {0};
    if (plan_load_buffer("export.yaml", buf, len, lang, &back, &diags)) {
        cli_error(ctx, "%s",
                  TR(lang, "tệp xuất ra không đọc lại được (lỗi của kehoach):",
                     "the export does not load back (a bug in kehoach):"));
        cli_print_diags("export.yaml", &diags);
        diags_free(&diags);
        free(buf);
        return EXIT_DATA;
    }
    model_free(back);
    fwrite(buf, 1, len, out);
    free(buf);
    return EXIT_OK;
}

static int list_ids(cli_ctx *ctx, const char *what)
{
    if (cli_workspace_wide(ctx)) {
        /* A workspace (for completion): tasks as PLAN:TASK, every unit id once. */
        int wrc = cli_open_workspace(ctx, true);
        if (wrc) return wrc;
        const kh_workspace *ws = ctx->ws;
        for (size_t p = 0; p < ws->nplans; p++) {
            const kh_plan *plan = ws->plans[p].plan;
            if (!strcmp(what, "tasks")) {
                for (size_t i = 0; i < plan->ntasks; i++)
                    printf("%s:%s\n", plan->id, plan->tasks[i].id);
                continue;
            }
            for (size_t i = 0; i < plan->nunits; i++) {
                bool seen = false;
                for (size_t q = 0; q < p && !seen; q++)
                    seen = model_find_unit(ws->plans[q].plan, plan->units[i].id) >= 0;
                if (!seen) puts(plan->units[i].id);
            }
        }
        return cli_workspace_status(ctx, EXIT_OK);
    }
    int rc = cli_load_plan(ctx);
    if (rc) return rc;
    const kh_plan *plan = ctx->app.plan;
    if (!strcmp(what, "tasks"))
        for (size_t i = 0; i < plan->ntasks; i++) puts(plan->tasks[i].id);
    else if (!strcmp(what, "targets"))
        for (size_t i = 0; i < plan->ntargets; i++) puts(plan->targets[i].id);
    else
        for (size_t i = 0; i < plan->nunits; i++) puts(plan->units[i].id);
    return EXIT_OK;
}

/* Write with write to output: a file replaced at once (written beside it,
 * then renamed), or stdout for NULL or "-". Return write's exit code, or
 * EXIT_DATA after saying why the file could not be written. */
static int write_output(cli_ctx *ctx, const char *output, int (*write)(cli_ctx *, FILE *))
{
    kh_lang lang = ctx->app.lang;
    bool to_file = output && strcmp(output, "-") != 0;
    if (!to_file) return write(ctx, stdout);
    /* A device or a pipe (/dev/stdout, /dev/null) is written into: a file
     * renamed over it would replace the device itself. */
    bool in_place = paths_in_place(output);
    char *tmp = in_place ? NULL : xasprintf("%s.tmp.%ld", output, (long)getpid());
    FILE *out = fopen(in_place ? output : tmp, in_place ? "w" : "wx");
    if (!out) {
        cli_error(ctx, TR(lang, "không ghi được %s: %s", "cannot write %s: %s"), output,
                  kh_strerrno(errno));
        free(tmp);
        return EXIT_DATA;
    }
    int rc = write(ctx, out);
    bool bad = fflush(out) != 0 || ferror(out);
    if (fclose(out) != 0) bad = true;
    if (!rc && (bad || (!in_place && rename(tmp, output) != 0))) {
        cli_error(ctx, TR(lang, "không ghi được %s: %s", "cannot write %s: %s"), output,
                  kh_strerrno(errno));
        rc = EXIT_DATA;
    }
    if (rc && !in_place) unlink(tmp);
    free(tmp);
    return rc;
}

/* Run write on each plan of the workspace in turn (it writes ctx->app: each
 * plan is lent to it). Return the first failure's exit code, or EXIT_OK. */
static int each_plan(cli_ctx *ctx, int (*write)(cli_ctx *, FILE *), FILE *out, size_t p)
{
    kh_app mine = ctx->app;
    ctx->app = ctx->ws->plans[p];
    int rc = write(ctx, out);
    ctx->ws->plans[p] = ctx->app;
    ctx->app = mine;
    return rc;
}

/* Write every plan's JSON export in one object's plans[]. */
static int write_ws_json(cli_ctx *ctx, FILE *out)
{
    int rc = EXIT_OK;
    fputs("{\"plans\":[\n", out);
    for (size_t p = 0; p < ctx->ws->nplans && !rc; p++) {
        if (p) fputs(",", out);
        rc = each_plan(ctx, write_json, out, p);
    }
    fputs("]}\n", out);
    return rc;
}

/* export over a workspace: JSON, one object with every plan's export in
 * plans[] (to stdout or -o FILE); YAML, a new workspace: one plan file with
 * its state for each plan, in the folder -o names (made; files already
 * there are not written over). */
static int export_workspace(cli_ctx *ctx, bool json, const char *output)
{
    kh_lang lang = ctx->app.lang;
    if (!json && (!output || !strcmp(output, "-")))
        return cli_usage_error(ctx, "export", "%s",
                               TR(lang,
                                  "xuất cả không gian làm việc dạng YAML cần -o THƯ_MỤC (mỗi kế "
                                  "hoạch một tệp), hoặc --plan MÃ, hoặc --format json",
                                  "exporting a whole workspace as YAML needs -o DIR (one file per "
                                  "plan), or --plan ID, or --format json"));
    int rc = cli_open_workspace(ctx, true);
    if (rc) return rc;
    kh_workspace *ws = ctx->ws;
    if (json) {
        rc = write_output(ctx, output, write_ws_json);
        if (!rc && output && strcmp(output, "-") != 0)
            cli_printf(stdout,
                       TR(lang, "Đã xuất %zu kế hoạch và trạng thái (json) vào %s\n",
                          "%zu plans and their state (json) exported to %s\n"),
                       ws->nplans, output);
        return cli_workspace_status(ctx, rc);
    }
    if (mkdir(output, 0775) != 0 && errno != EEXIST) {
        cli_error(ctx, TR(lang, "không tạo được %s: %s", "cannot make %s: %s"), output,
                  kh_strerrno(errno));
        return EXIT_DATA;
    }
    for (size_t p = 0; p < ws->nplans && !rc; p++) {
        char *path = xasprintf("%s/%s.yaml", output, ws->plans[p].plan->id);
        FILE *out = fopen(path, "wx");
        if (!out) {
            cli_error(ctx, TR(lang, "không ghi được %s: %s", "cannot write %s: %s"), path,
                      kh_strerrno(errno));
            free(path);
            return EXIT_DATA;
        }
        rc = each_plan(ctx, write_yaml, out, p);
        bool bad = fflush(out) != 0 || ferror(out);
        if (fclose(out) != 0) bad = true;
        if (!rc && bad) {
            cli_error(ctx, TR(lang, "không ghi được %s: %s", "cannot write %s: %s"), path,
                      kh_strerrno(errno));
            rc = EXIT_DATA;
        }
        if (rc) unlink(path);
        free(path);
    }
    if (!rc)
        cli_printf(stdout,
                   TR(lang,
                      "Đã xuất %zu kế hoạch cùng trạng thái vào %s (mở: kehoach --workspace %s)\n",
                      "%zu plans with their state exported to %s (open: kehoach --workspace %s)\n"),
                   ws->nplans, output, output);
    return cli_workspace_status(ctx, rc);
}

int cmd_export(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"format", required_argument, NULL, OPT_FORMAT},
        {"output", required_argument, NULL, OPT_OUTPUT},
        {"list-ids", required_argument, NULL, OPT_LIST_IDS},
        {0, 0, 0, 0},
    };
    const char *format = "yaml", *output = NULL, *ids = NULL;
    int c;
    while ((c = cli_next_option(ctx, "export", argc, argv, "ho:", opts)) >= 0) {
        if (c == OPT_FORMAT) format = optarg;
        if (c == OPT_OUTPUT || c == 'o') output = optarg;
        if (c == OPT_LIST_IDS) ids = optarg;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx,
                        TR(lang, "export [--format yaml|json] [-o TỆP]",
                           "export [--format yaml|json] [-o FILE]"),
                        TR(lang, usage_vi, usage_en));
    if (optind < argc)
        return cli_usage_error(
            ctx, "export", TR(lang, "thừa đối số: %s", "unexpected argument: %s"), argv[optind]);
    if (strcmp(format, "yaml") != 0 && strcmp(format, "json") != 0)
        return cli_usage_error(ctx, "export", "--format: \"%s\": yaml | json", format);
    if (ids) {
        if (strcmp(ids, "tasks") != 0 && strcmp(ids, "units") != 0 && strcmp(ids, "targets") != 0)
            return cli_usage_error(ctx, "export", "--list-ids: \"%s\": tasks | units | targets",
                                   ids);
        return list_ids(ctx, ids);
    }
    if (cli_workspace_wide(ctx)) return export_workspace(ctx, !strcmp(format, "json"), output);
    int rc = cli_open(ctx, true);
    if (rc) return rc;
    /* Read; what is written from here on is the user's own file. */
    server_drop();
    rc = write_output(ctx, output, !strcmp(format, "json") ? write_json : write_yaml);
    /* As report -o does: the file is there, and where. */
    if (!rc && output && strcmp(output, "-") != 0)
        cli_printf(stdout,
                   TR(lang, "Đã xuất kế hoạch và trạng thái (%s) vào %s\n",
                      "Plan and state (%s) exported to %s\n"),
                   format, output);
    return rc;
}
