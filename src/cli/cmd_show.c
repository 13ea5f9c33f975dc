/* kehoach show: the whole record of one task, as text or JSON. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kehoach/app_confirm.h"
#include "kehoach/text.h"

enum { OPT_FORMAT = OPT_FIRST_OWN };

/* Everything read for one task. */
typedef struct {
    kh_note *notes; /* newest first */
    size_t nnotes;
    kh_history *history; /* oldest first */
    size_t nhistory;
    kh_result *results; /* oldest first */
    size_t nresults;
    kh_amendment *amend; /* of the whole plan, oldest first */
    size_t namend;
    kh_extension *ext; /* the task's deadline extensions, oldest first */
    size_t next;
    /* A ward's occurrence at the province (issue 17): its notes, results,
     * history and extensions are the ward's, read from its snapshot. */
    const char *ward;      /* the ward's name, or NULL for any other task */
    const char *ward_id;   /* its id */
    bool snapshot;         /* its snapshot was read */
    bool snapshot_problem; /* it is there but could not be read */
    int64_t made_at;       /* when it was made */
} record;

static void record_free(record *r)
{
    store_notes_free(r->notes, r->nnotes);
    store_history_free(r->history, r->nhistory);
    store_results_free(r->results, r->nresults);
    store_amendments_free(r->amend, r->namend);
    store_extensions_free(r->ext, r->next);
}

/* Read task t's record. At a province (ws), a ward's occurrence's notes,
 * history, results and extensions are read from the ward's snapshot (none
 * when it sent none); the plan's amendments are the province's own. */
static kh_errcode record_read(const kh_app *app, const kh_workspace *ws, const kh_task *t,
                              record *r, kh_error *err)
{
    memset(r, 0, sizeof *r);
    kh_app view = *app;
    kh_store *snap = NULL;
    const char *m = ws && workspace_is_province(ws) ? model_task_member(t) : NULL;
    if (m) {
        long u = model_find_unit(app->plan, m);
        r->ward = u >= 0 ? app->plan->units[u].name : m;
        r->ward_id = m;
        kh_error why = {0};
        r->snapshot_problem = workspace_ward_store(ws, m, &snap, &r->made_at, &why) != KH_E_OK;
        r->snapshot = snap != NULL;
        view.store = snap;
    }
    kh_history_filter f = {t->id, NULL, 0};
    kh_errcode e = app_notes(&view, t->id, &r->notes, &r->nnotes, err);
    if (!e) e = app_history(&view, &f, &r->history, &r->nhistory, err);
    if (!e) e = app_results(&view, t->id, &r->results, &r->nresults, err);
    if (!e) e = app_amendments(app, &r->amend, &r->namend, err);
    if (!e) e = app_extensions(&view, t->id, &r->ext, &r->next, err);
    if (snap) store_close(snap);
    return e;
}

/* At the province, with no snapshot of the ward: what a section cannot
 * know, said instead of a count of 0. */
static bool unknown_section(const record *r, const char *head, size_t n, bool notes, kh_lang lang)
{
    if (!r->ward || r->snapshot || n) return false;
    if (r->snapshot_problem)
        cli_printf(stdout,
                   TR(lang, "\n%s: chưa biết (không đọc được bản chụp của %s)\n",
                      "\n%s: unknown (%s's snapshot cannot be read)\n"),
                   head, r->ward);
    else if (notes)
        cli_printf(stdout,
                   TR(lang,
                      "\n%s: chưa biết (%s chưa gửi bản chụp; ghi chú của phường, xã đến tỉnh "
                      "cùng bản chụp)\n",
                      "\n%s: unknown (%s has sent no snapshot; a ward's notes come with its "
                      "snapshot)\n"),
                   head, r->ward);
    else
        cli_printf(stdout,
                   TR(lang, "\n%s: chưa biết (%s chưa gửi bản chụp)\n",
                      "\n%s: unknown (%s has sent no snapshot)\n"),
                   head, r->ward);
    return true;
}

static void units_text(strbuf *out, const kh_plan *plan, const uint16_t *u, size_t n)
{
    for (size_t i = 0; i < n; i++) sb_printf(out, "%s%s", i ? "; " : "", plan->units[u[i]].name);
}

/* Print "Label: value", the value made safe (cli_printf). */
static void field(const char *label, const char *value)
{
    strbuf sb = STRBUF_INIT;
    text_fit(&sb, label, 13, true);
    cli_printf(stdout, "%s %s\n", sb_str(&sb), value);
    sb_done(&sb);
}

static void print_text(cli_ctx *ctx, const kh_task *t, const record *r)
{
    const kh_app *app = &ctx->app;
    kh_lang lang = app->lang;
    const kh_plan *plan = app->plan;
    strbuf sb = STRBUF_INIT;
    char day[11], when[17];
    model_task_title(&sb, t, lang);
    cli_printf(stdout, "%s — %s\n\n", cli_task_name(ctx, t->id), sb_str(&sb));
    cli_printf(stdout, "%s\n\n", t->text);
    sb_reset(&sb);
    if (!t->nlead && model_task_each(plan, (size_t)(t - plan->tasks)))
        cli_member_leads(&sb, plan, t, lang); /* each member of a group leads its own */
    else
        units_text(&sb, plan, t->lead, t->nlead);
    field(TR(lang, "Chủ trì:", "Lead:"), sb_str(&sb));
    if (t->nsupport) {
        sb_reset(&sb);
        units_text(&sb, plan, t->support, t->nsupport);
        field(TR(lang, "Phối hợp:", "Support:"), sb_str(&sb));
    }
    /* The officer in charge (cán bộ phụ trách): assigned, else the plan's. */
    if (t->officer) field(TR(lang, "Cán bộ:", "Officer:"), t->officer);
    /* What the confirming unit said, when the plan asks for it (as the
     * dashboard's detail says it). */
    sb_reset(&sb);
    if (app_confirm_words(&sb, plan, t, lang, "kehoach confirm"))
        field(TR(lang, "Xác nhận:", "Confirms:"), sb_str(&sb));
    sb_reset(&sb);
    model_deadline_long(&sb, t, lang);
    field(TR(lang, "Thời hạn:", "Deadline:"), sb_str(&sb));
    /* Extensions of the deadline (gia hạn), each with its document. */
    for (size_t i = 0; i < r->next; i++) {
        const kh_extension *x = &r->ext[i];
        sb_reset(&sb);
        sb_printf(&sb, TR(lang, "gia hạn đến %s theo %s", "extended to %s by %s"),
                  x->due != KH_NO_DATE ? date_format_dmy(x->due, day) : "?", x->doc);
        if (x->reason) sb_printf(&sb, TR(lang, "; lý do: %s", "; reason: %s"), x->reason);
        sb_printf(&sb, " (%s, %s)", x->user, date_format_local_time((time_t)x->at, when));
        field(i ? "" : TR(lang, "Gia hạn:", "Extended:"), sb_str(&sb));
    }
    if (t->output) field(TR(lang, "Sản phẩm:", "Output:"), t->output);
    for (size_t i = 0; i < t->ncites; i++)
        field(i ? "" : TR(lang, "Căn cứ:", "Cites:"), t->cites[i]);
    sb_reset(&sb);
    if (model_task_withdrawn(t)) {
        const char *by = model_task_withdrawn_doc(t);
        sb_printf(&sb, TR(lang, "Dừng thực hiện (theo %s)", "Withdrawn (by %s)"), by ? by : "?");
    } else {
        model_status_label(&sb, t, app->today, lang);
        sb_printf(&sb, ", %d%%", t->progress);
    }
    field(TR(lang, "Trạng thái:", "Status:"), sb_str(&sb));
    if (model_task_each(plan, (size_t)(t - plan->tasks))) {
        sb_reset(&sb);
        cli_member_words(&sb, plan, t, app->today, lang);
        field(TR(lang, "Từng đơn vị:", "Members:"), sb_str(&sb));
    }
    if (t->completed != KH_NO_DATE) {
        /* The day it was done, and when that was entered when it was
         * another day (set --on, --today): the change that made it done. */
        sb_reset(&sb);
        sb_puts(&sb, date_format_dmy(t->completed, day));
        for (size_t i = r->nhistory; i-- > 0;) {
            const kh_history *h = &r->history[i];
            if (h->kind != KF_STATUS || !h->new_value || strcmp(h->new_value, "done") != 0)
                continue;
            if (h->effective != KH_NO_DATE)
                sb_printf(&sb, TR(lang, " (ghi lúc %s)", " (entered %s)"),
                          date_format_local_time((time_t)h->at, when));
            break;
        }
        field(TR(lang, "Hoàn thành:", "Completed:"), sb_str(&sb));
    }
    if (t->updated_by) {
        sb_reset(&sb);
        sb_printf(&sb, "%s, %s", t->updated_by,
                  date_format_local_time((time_t)t->updated_at, when));
        field(TR(lang, "Cập nhật:", "Updated:"), sb_str(&sb));
    }

    if (r->ward) {
        /* A ward's occurrence at the province: where its record comes from. */
        sb_reset(&sb);
        if (r->snapshot)
            sb_printf(&sb,
                      TR(lang,
                         "của %s, làm lúc %s: trạng thái, kết quả, ghi chú và lịch sử dưới đây "
                         "theo bản chụp (chỉ xem)",
                         "%s's, made %s: the state, results, notes and history below are the "
                         "snapshot's (read-only)"),
                      r->ward, date_format_local_time((time_t)r->made_at, when));
        else if (r->snapshot_problem)
            sb_printf(&sb, TR(lang, "của %s: không đọc được", "%s's: cannot be read"), r->ward);
        else
            sb_printf(&sb, TR(lang, "%s chưa gửi bản chụp", "%s has sent no snapshot"), r->ward);
        field(TR(lang, "Bản chụp:", "Snapshot:"), sb_str(&sb));
    }

    size_t namend = 0;
    for (size_t i = 0; i < r->namend; i++) namend += !strcmp(r->amend[i].task_id, t->id);
    if (namend) {
        cli_printf(stdout, "\n%s\n", TR(lang, "Điều chỉnh, bổ sung:", "Amendments:"));
        for (size_t i = 0; i < r->namend; i++) {
            const kh_amendment *a = &r->amend[i];
            if (strcmp(a->task_id, t->id) != 0) continue;
            sb_reset(&sb);
            sb_puts(&sb, a->kind == AMEND_ADD ? TR(lang, "bổ sung nhiệm vụ", "task added")
                         : a->kind == AMEND_CHANGE ? TR(lang, "điều chỉnh", "changed")
                                                   : TR(lang, "dừng thực hiện", "withdrawn"));
            if (a->kind == AMEND_CHANGE) {
                if (a->text) sb_printf(&sb, TR(lang, " nội dung", " text"));
                if (a->lead) sb_printf(&sb, TR(lang, " chủ trì: %s", " lead: %s"), a->lead);
                if (a->deadline) {
                    kh_date d;
                    if (date_parse(a->deadline, &d) == DATE_OK)
                        sb_printf(&sb, TR(lang, " thời hạn: %s", " deadline: %s"),
                                  date_format_dmy(d, day));
                }
            }
            sb_printf(&sb, TR(lang, " — theo %s (%s, %s)", " — by %s (%s, %s)"), a->doc, a->user,
                      date_format_local_time((time_t)a->at, when));
            cli_printf(stdout, "  %s\n", sb_str(&sb));
        }
    }

    if (!unknown_section(r, TR(lang, "Kết quả", "Results"), r->nresults, false, lang))
        cli_printf(stdout, "\n%s (%zu):\n", TR(lang, "Kết quả", "Results"), r->nresults);
    size_t file_no = 0;
    for (size_t i = 0; i < r->nresults; i++) {
        const kh_result *x = &r->results[i];
        sb_reset(&sb);
        if (x->doc) sb_puts(&sb, x->doc);
        if (x->sha256)
            sb_printf(&sb,
                      TR(lang, "%s[tệp %zu] %s, %lld byte, sha256 %.12s…",
                         "%s[file %zu] %s, %lld bytes, sha256 %.12s…"),
                      x->doc ? " — " : "", ++file_no, x->file_name ? x->file_name : "?",
                      (long long)x->size, x->sha256);
        sb_printf(&sb, " (%s, %s)", x->user, date_format_local_time((time_t)x->at, when));
        cli_printf(stdout, "  %s\n", sb_str(&sb));
    }

    if (!unknown_section(r, TR(lang, "Ghi chú", "Notes"), r->nnotes, true, lang))
        cli_printf(stdout, "\n%s (%zu), %s:\n", TR(lang, "Ghi chú", "Notes"), r->nnotes,
                   TR(lang, "mới nhất trước", "newest first"));
    for (size_t i = 0; i < r->nnotes; i++) {
        /* A difficulty or a proposal says so (the kind it was written with,
         * or an old note's "Kiến nghị:" prefix). */
        kh_note_kind kind = app_note_kind(&r->notes[i], NULL);
        cli_printf(stdout, "  %s · %s%s%s\n    %s\n",
                   date_format_local_time((time_t)r->notes[i].at, when), r->notes[i].author,
                   kind != NOTE_PLAIN ? " · " : "",
                   kind != NOTE_PLAIN ? model_note_kind_name(kind, lang) : "", r->notes[i].text);
    }

    if (!unknown_section(r, TR(lang, "Lịch sử", "History"), r->nhistory, false, lang))
        cli_printf(stdout, "\n%s (%zu):\n", TR(lang, "Lịch sử", "History"), r->nhistory);
    for (size_t i = 0; i < r->nhistory; i++) {
        const kh_history *h = &r->history[i];
        sb_reset(&sb);
        app_history_words(&sb, h, lang);
        if (h->effective != KH_NO_DATE)
            sb_printf(&sb, TR(lang, " (hiệu lực %s)", " (effective %s)"),
                      date_format_dmy(h->effective, day));
        cli_printf(stdout, "  %s · %s · %s\n", date_format_local_time((time_t)h->at, when), h->user,
                   sb_str(&sb));
    }
    sb_done(&sb);
}

static void json_utc(int64_t t)
{
    char buf[21];
    if (!t)
        fputs("null", stdout);
    else
        printf("\"%s\"", date_format_utc((time_t)t, buf));
}

static void json_units(const kh_plan *plan, const uint16_t *u, size_t n)
{
    putchar('[');
    for (size_t i = 0; i < n; i++) {
        if (i) putchar(',');
        json_string(stdout, plan->units[u[i]].id);
    }
    putchar(']');
}

static void print_json(const kh_app *app, const kh_task *t, const record *r)
{
    static const char *const kinds[] = {"date", "continuous", "end-of-period", "periodic", "none"};
    const kh_plan *plan = app->plan;
    kh_timeliness tl = model_timeliness(t, app->today);
    strbuf sb = STRBUF_INIT;
    fputs("{\"id\":", stdout);
    json_string(stdout, t->id);
    fputs(",\"title\":", stdout);
    model_task_title(&sb, t, app->lang);
    json_string(stdout, sb_str(&sb));
    fputs(",\"text\":", stdout);
    json_string(stdout, t->text);
    fputs(",\"lead\":", stdout);
    json_units(plan, t->lead, t->nlead);
    fputs(",\"support\":", stdout);
    json_units(plan, t->support, t->nsupport);
    fputs(",\"deadline\":", stdout);
    json_date(stdout, t->dl_kind == DL_CONTINUOUS ? KH_NO_DATE : t->due);
    printf(",\"deadline_kind\":\"%s\",\"deadline_text\":", kinds[t->dl_kind]);
    json_str_or_null(stdout, t->deadline_text);
    if (t->sub_of) { /* as in list JSON: only sub-items and windows have these */
        fputs(",\"parent\":", stdout);
        json_string(stdout, plan->tasks[t->sub_of - 1].id);
    }
    strbuf members = STRBUF_INIT;
    json_sb_member_fields(&members, plan, t, app->today);
    fputs(sb_str(&members), stdout);
    sb_done(&members);
    if (t->window_days) {
        fputs(",\"deadline_from\":", stdout);
        json_date(stdout, t->due - t->window_days);
    }
    fputs(",\"output\":", stdout);
    json_str_or_null(stdout, t->output);
    printf(",\"status\":\"%s\",\"progress\":%d,\"completed\":",
           model_status_code((kh_status)t->status), t->progress);
    json_date(stdout, t->completed);
    /* A withdrawn task is in none of the four categories. */
    bool gone = model_task_withdrawn(t);
    printf(",\"timeliness\":\"%s\",\"category\":%s%s%s,\"withdrawn\":%s", model_timeliness_code(tl),
           gone ? "" : "\"", gone ? "null" : model_category_code(model_category(tl)),
           gone ? "" : "\"", gone ? "true" : "false");
    sb_reset(&sb);
    json_sb_record_fields(&sb, t, r->ext, r->next); /* extensions, completed_on, withdrawn_doc */
    fputs(sb_str(&sb), stdout);
    fputs(",\"updated_at\":", stdout);
    json_utc(t->updated_at);
    fputs(",\"updated_by\":", stdout);
    json_str_or_null(stdout, t->updated_by);
    sb_reset(&sb); /* officer, confirm_by, proposed, confirmed…, rejected: as list's */
    json_sb_confirm_fields(&sb, plan, t);
    fputs(sb_str(&sb), stdout);
    printf(",\"version\":%lld,\"amended_by\":", (long long)t->version);
    json_str_or_null(stdout, t->amended_by);
    fputs(",\"amendments\":", stdout);
    json_amendments(stdout, r->amend, r->namend, t->id);
    fputs(",\"results\":", stdout);
    json_results(stdout, r->results, r->nresults, NULL);
    if (r->ward) { /* a ward's occurrence at the province: its record is its snapshot's */
        fputs(",\"snapshot\":", stdout);
        if (r->snapshot) {
            fputs("{\"ward\":", stdout);
            json_string(stdout, r->ward_id);
            fputs(",\"made_at\":", stdout);
            json_utc(r->made_at);
            putchar('}');
        } else {
            fputs("null", stdout);
        }
    }
    fputs(",\"notes\":[", stdout);
    for (size_t i = 0; i < r->nnotes; i++) {
        fputs(i ? ",{\"text\":" : "{\"text\":", stdout);
        json_string(stdout, r->notes[i].text);
        fputs(",\"author\":", stdout);
        json_string(stdout, r->notes[i].author);
        fputs(",\"at\":", stdout);
        json_utc(r->notes[i].at);
        char eff[11];
        if (r->notes[i].effective != KH_NO_DATE)
            printf(",\"effective\":\"%s\"", date_format_iso(r->notes[i].effective, eff));
        kh_note_kind kind = app_note_kind(&r->notes[i], NULL); /* as export's JSON */
        if (kind != NOTE_PLAIN) printf(",\"kind\":\"%s\"", model_note_kind_code(kind));
        putchar('}');
    }
    fputs("],\"history\":[", stdout);
    for (size_t i = 0; i < r->nhistory; i++) {
        const kh_history *h = &r->history[i];
        fputs(i ? ",{\"field\":" : "{\"field\":", stdout);
        json_string(stdout, h->field);
        fputs(",\"old\":", stdout);
        json_str_or_null(stdout, h->old_value);
        fputs(",\"new\":", stdout);
        json_str_or_null(stdout, h->new_value);
        fputs(",\"user\":", stdout);
        json_string(stdout, h->user);
        fputs(",\"at\":", stdout);
        json_utc(h->at);
        printf(",\"change\":%lld,\"undo_of\":", (long long)h->change);
        if (h->undo_of)
            printf("%lld", (long long)h->undo_of);
        else
            fputs("null", stdout);
        char eff[11];
        if (h->effective != KH_NO_DATE) /* made with --today or --on: the day it took effect */
            printf(",\"effective\":\"%s\"", date_format_iso(h->effective, eff));
        putchar('}');
    }
    fputs("]}\n", stdout);
    sb_done(&sb);
}

static const char *usage_vi =
    "In toàn bộ hồ sơ một nhiệm vụ: nội dung, đơn vị, thời hạn, sản phẩm, trạng\n"
    "thái, các điều chỉnh, kết quả (văn bản, tệp), ghi chú và lịch sử.\n\n"
    "  --format ĐỊNH_DẠNG  text (mặc định) | json\n";
static const char *usage_en =
    "Print the whole record of one task: content, units, deadline, output,\n"
    "status, amendments, results (documents, files), notes and history.\n\n"
    "  --format FORMAT     text (default) | json\n";

int cmd_show(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"format", required_argument, NULL, OPT_FORMAT},
        {0, 0, 0, 0},
    };
    const char *format = NULL;
    int c;
    while ((c = cli_next_option(ctx, "show", argc, argv, "h", opts)) >= 0)
        if (c == OPT_FORMAT) format = optarg;
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(
            ctx, TR(lang, "show NHIỆM_VỤ [--format text|json]", "show TASK [--format text|json]"),
            TR(lang, usage_vi, usage_en));
    bool json = false;
    if (format && !strcmp(format, "json"))
        json = true;
    else if (format && strcmp(format, "text") != 0)
        return cli_usage_error(ctx, "show",
                               TR(lang, "--format: \"%s\" không có (text, json)",
                                  "--format: no such format \"%s\" (text, json)"),
                               format);
    if (argc - optind != 1)
        return cli_usage_error(ctx, "show", "%s",
                               argc - optind > 1 ? TR(lang, "chỉ một NHIỆM_VỤ", "one TASK only")
                                                 : TR(lang, "cần NHIỆM_VỤ", "need TASK"));
    int rc;
    long task = cli_find_task_open(ctx, argv[optind], false, &rc);
    if (task < 0) return rc;
    const kh_task *t = &ctx->app.plan->tasks[task];
    record r;
    kh_error err = {0};
    if (record_read(&ctx->app, ctx->ws, t, &r, &err)) {
        record_free(&r);
        return cli_fail(ctx, &err);
    }
    if (json)
        print_json(&ctx->app, t, &r);
    else
        print_text(ctx, t, &r);
    record_free(&r);
    return EXIT_OK;
}
