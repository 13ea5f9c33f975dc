/* kehoach set and kehoach note: record progress. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "kehoach/app_confirm.h"
#include "kehoach/text.h"

enum { OPT_PROGRESS = OPT_FIRST_OWN, OPT_NOTE, OPT_KIND, OPT_DOC, OPT_FILE, OPT_ON };

/* The options of `set` beyond status, progress and note: what a done task's
 * result is (--doc, --file). One struct, so that the options other branches
 * add (--on) are parsed in the same place. */
typedef struct {
    const char *doc;  /* --doc: with done, the result document; with withdrawn, the deciding one */
    const char *file; /* --file: with done, the result file */
    const char *on;   /* --on: with done, the day the work was done */
} set_opts;

/* Return the kind a note of text `text` written with no --kind is read as
 * (its mark, "Kiến nghị: …"), the mark (up to its colon) in *mark, *len. */
static kh_note_kind marked_kind(const char *text, const char **mark, int *len)
{
    kh_note_kind k = model_note_kind_of_text(text, NULL);
    *mark = text + strspn(text, " \t\n\r");
    const char *colon = strchr(*mark, ':');
    *len = colon ? (int)(colon + 1 - *mark) : 0;
    return k;
}

static void print_saved(cli_ctx *ctx, const kh_task *t)
{
    kh_lang lang = ctx->app.lang;
    char when[17];
    cli_printf(
        stdout, TR(lang, "%s: %s, %d%% — đã lưu (%s, %s)\n", "%s: %s, %d%% — saved (%s, %s)\n"),
        cli_task_name(ctx, t->id), model_status_name((kh_status)t->status, lang), t->progress,
        t->updated_by ? t->updated_by : "?", date_format_local_time((time_t)t->updated_at, when));
    if (model_task_proposed(t)) /* done, not yet counted so: say who must confirm */
        cli_printf(stdout,
                   TR(lang, "  đã đề nghị hoàn thành, chờ %s xác nhận (kehoach confirm %s)\n",
                      "  proposed as done, waiting for %s to confirm (kehoach confirm %s)\n"),
                   ctx->app.plan->units[t->confirmer - 1].name, cli_task_name(ctx, t->id));
}

static const char *set_usage_vi =
    "Đổi trạng thái và/hoặc tiến độ của một nhiệm vụ; lưu ngay, kèm người và thời gian.\n\n"
    "  TRẠNG_THÁI       todo (Chưa thực hiện) | doing (Đang thực hiện)\n"
    "                   | blocked (Vướng mắc) | done (Đã hoàn thành)\n"
    "                   | withdrawn (Dừng thực hiện: cần --doc văn bản quyết định)\n"
    "                   tên tiếng Việt cũng được, có dấu hay không: \"dang thuc hien\"\n"
    "  --progress N     tiến độ 0-100 (done luôn là 100)\n"
    "  --note CHỮ       thêm ghi chú cùng lúc\n"
    "  --doc CHỮ        với done: văn bản kết quả, vd. \"123/BC-UBND ngày 30/5/2023\"\n"
    "                   với withdrawn: văn bản quyết định dừng thực hiện (bắt buộc)\n"
    "  --file TỆP       với done: tệp kết quả, chép vào thư mục đính kèm (tối đa 50 MiB)\n"
    "  --on NGÀY        với done: ngày thực tế hoàn thành (không sau hôm nay, không\n"
    "                   trước kỳ kế hoạch); giờ ghi thật vẫn được lưu bên cạnh\n\n"
    "Khi chuyển sang done, ngày hoàn thành là hôm nay (hoặc ngày của --today, --on).\n"
    "Nhiệm vụ dừng thực hiện không tính vào bốn loại và tỷ lệ hoàn thành.\n"
    "Nhiệm vụ định kỳ: mỗi kỳ có mã riêng, vd. III.1.3/2023-06.\n";
static const char *set_usage_en =
    "Change the status and/or progress of a task; saved at once, with who and when.\n\n"
    "  STATUS           todo | doing | blocked | done | withdrawn (needs --doc),\n"
    "                   or the Vietnamese name\n"
    "  --progress N     progress 0-100 (done is always 100)\n"
    "  --note TEXT      add a note at the same time\n"
    "  --doc TEXT       with done: the result document, e.g. \"123/BC-UBND ngày 30/5/2023\"\n"
    "                   with withdrawn: the document deciding it (required)\n"
    "  --file FILE      with done: the result file, copied into the attachments folder\n"
    "                   (at most 50 MiB)\n"
    "  --on DATE        with done: the day the work was done (not after today, not\n"
    "                   before the plan period); the real time of entry is kept too\n\n"
    "A task set to done is completed today (or on the --today or --on date).\n"
    "A withdrawn task leaves the four categories and the completion percentage.\n"
    "Periodic tasks: each period has its own id, e.g. III.1.3/2023-06.\n";

enum { BUSY_TRIES = 4 }; /* each waits the store's 5 s busy timeout */

/* Make the change; while another writer holds the database too long, say
 * so and try again rather than give up at once. Return app_change's code. */
static kh_errcode change_patiently(cli_ctx *ctx, size_t task, const kh_edit *e, kh_error *err)
{
    kh_errcode rc = KH_E_OK;
    for (int attempt = 1; attempt <= BUSY_TRIES; attempt++) {
        rc = app_change_edit(&ctx->app, task, e, err);
        if (rc != KH_E_DB_BUSY || attempt == BUSY_TRIES) break;
        cli_error(ctx,
                  TR(ctx->app.lang,
                     "cơ sở dữ liệu đang bận (người khác đang ghi); thử lại (%d/%d)…",
                     "the database is busy (someone else is writing); trying again (%d/%d)…"),
                  attempt + 1, BUSY_TRIES);
    }
    return rc;
}

/* Load the plan, find the task, then open the database: an unknown task
 * creates no database. Return the task's index, or -1 with *rc set. */
static long open_for_change(cli_ctx *ctx, const char *id, int *rc)
{
    return cli_find_task_open(ctx, id, true, rc); /* in a workspace: PLAN:TASK too */
}

int cmd_set(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"progress", required_argument, NULL, OPT_PROGRESS},
        {"note", required_argument, NULL, OPT_NOTE},
        {"doc", required_argument, NULL, OPT_DOC},
        {"file", required_argument, NULL, OPT_FILE},
        {"on", required_argument, NULL, OPT_ON},
        {0, 0, 0, 0},
    };
    const char *progress_arg = NULL, *note = NULL;
    set_opts so = {NULL, NULL, NULL};
    int c;
    while ((c = cli_next_option(ctx, "set", argc, argv, "h", opts)) >= 0) {
        if (c == OPT_PROGRESS) progress_arg = optarg;
        if (c == OPT_NOTE) note = optarg;
        if (c == OPT_DOC) so.doc = optarg;
        if (c == OPT_FILE) so.file = optarg;
        if (c == OPT_ON) so.on = optarg;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx,
                        TR(lang,
                           "set NHIỆM_VỤ [TRẠNG_THÁI] [--progress N] [--note CHỮ] [--doc CHỮ] "
                           "[--file TỆP] [--on NGÀY]",
                           "set TASK [STATUS] [--progress N] [--note TEXT] [--doc TEXT] "
                           "[--file FILE] [--on DATE]"),
                        TR(lang, set_usage_vi, set_usage_en));
    int progress = -1;
    if (progress_arg) {
        char *end;
        long v = strtol(progress_arg, &end, 10);
        if (*end == '%') end++;
        if (!*progress_arg || *end || v < 0 || v > 100)
            return cli_usage_error(ctx, "set",
                                   TR(lang, "--progress: \"%s\" phải là số từ 0 đến 100",
                                      "--progress: \"%s\" must be a number from 0 to 100"),
                                   progress_arg);
        progress = (int)v;
    }
    int nargs = argc - optind;
    if (nargs > 2)
        return cli_usage_error(ctx, "set", TR(lang, "thừa đối số: %s", "unexpected argument: %s"),
                               argv[optind + 2]);
    if (nargs < 1)
        return cli_usage_error(ctx, "set", "%s",
                               TR(lang, "cần NHIỆM_VỤ và TRẠNG_THÁI", "need TASK and STATUS"));
    int status = -1;
    if (nargs == 2) {
        status = model_status_parse(argv[optind + 1]);
        if (status < 0)
            return cli_usage_error(ctx, "set",
                                   TR(lang,
                                      "\"%s\" không phải trạng thái (todo, doing, blocked, done, "
                                      "withdrawn)",
                                      "\"%s\" is not a status (todo, doing, blocked, done, "
                                      "withdrawn)"),
                                   argv[optind + 1]);
    } else if (progress < 0 && !note) {
        return cli_usage_error(ctx, "set", "%s",
                               TR(lang, "cần TRẠNG_THÁI, --progress hoặc --note",
                                  "need STATUS, --progress or --note"));
    }
    /* done is 100 % and todo 0 %: another progress with them would be
     * dropped without a word, so it is refused. */
    if (status == ST_DONE && progress >= 0 && progress != 100)
        return cli_usage_error(ctx, "set",
                               TR(lang,
                                  "--progress %d không đi cùng 'done': nhiệm vụ đã hoàn thành có "
                                  "tiến độ 100%% (bỏ --progress, hoặc dùng 'doing')",
                                  "--progress %d does not go with 'done': a done task is at 100%% "
                                  "(leave out --progress, or use 'doing')"),
                               progress);
    if (status == ST_TODO && progress > 0)
        return cli_usage_error(ctx, "set",
                               TR(lang,
                                  "--progress %d không đi cùng 'todo': nhiệm vụ chưa thực hiện có "
                                  "tiến độ 0%% (bỏ --progress, hoặc dùng 'doing')",
                                  "--progress %d does not go with 'todo': a task not started is at "
                                  "0%% (leave out --progress, or use 'doing')"),
                               progress);
    kh_date on = KH_NO_DATE;
    if (so.on && date_parse(so.on, &on) != DATE_OK)
        return cli_usage_error(ctx, "set",
                               TR(lang, "--on: \"%s\" không phải ngày (yyyy-mm-dd hoặc dd/mm/yyyy)",
                                  "--on: \"%s\" is not a date (yyyy-mm-dd or dd/mm/yyyy)"),
                               so.on);
    if (so.on && status != ST_DONE)
        return cli_usage_error(ctx, "set", "%s",
                               TR(lang, "--on là ngày hoàn thành: đi cùng 'done'",
                                  "--on is the day the work was done: it goes with 'done'"));
    if (status == ST_WITHDRAWN && so.file)
        return cli_usage_error(
            ctx, "set", "%s",
            TR(lang, "--file không đi cùng 'withdrawn'", "--file does not go with 'withdrawn'"));
    if (status == ST_WITHDRAWN && !so.doc)
        return cli_usage_error(ctx, "set", "%s",
                               TR(lang,
                                  "dừng thực hiện cần văn bản quyết định: --doc \"số, ngày\" "
                                  "(vd. --doc \"Quyết định 12/QĐ-UBND ngày 02/6/2023\")",
                                  "withdrawing needs the deciding document: --doc \"number, "
                                  "date\" (e.g. --doc \"Quyết định 12/QĐ-UBND ngày 02/6/2023\")"));
    if ((so.doc || so.file) && status != ST_DONE && status != ST_WITHDRAWN)
        return cli_usage_error(ctx, "set",
                               TR(lang,
                                  "--doc và --file là kết quả của nhiệm vụ hoàn thành: đi cùng "
                                  "'done' (nhiệm vụ đã hoàn thành: kehoach result)",
                                  "--doc and --file are the result of a done task: they go with "
                                  "'done' (a task done already: kehoach result)"));
    int rc;
    long task = open_for_change(ctx, argv[optind], &rc);
    if (task < 0) return rc;
    kh_error err = {0};
    const kh_task *t = &ctx->app.plan->tasks[task];
    int64_t before = t->version;
    /* The file is taken first: one that cannot be changes nothing. */
    kh_attach file = {{0}, 0, NULL};
    if (so.file && app_check_rights(&ctx->app, (size_t)task, &err)) return cli_fail(ctx, &err);
    if (so.file && (rc = cli_attach(ctx, so.file, &file))) return rc;
    kh_edit edit = {status, progress, note, NOTE_PLAIN, on, status == ST_WITHDRAWN ? so.doc : NULL,
                    -1};
    if (change_patiently(ctx, (size_t)task, &edit, &err)) {
        app_attach_done(&file);
        return cli_fail(ctx, &err);
    }
    if (t->version == before)
        cli_printf(stdout,
                   TR(lang, "%s: không có gì thay đổi (vẫn là %s, %d%%)\n",
                      "%s: nothing to change (still %s, %d%%)\n"),
                   cli_task_name(ctx, t->id), model_status_name((kh_status)t->status, lang),
                   t->progress);
    else
        print_saved(ctx, t);
    if (t->version != before && ctx->app.reopened != REOPEN_NO) {
        strbuf sb = STRBUF_INIT;
        app_reopen_words(&sb, ctx->app.reopened, t->progress, lang);
        printf("  %s\n", sb_str(&sb));
        sb_done(&sb);
    }
    if (status == ST_WITHDRAWN && t->version != before)
        cli_printf(stdout, TR(lang, "  theo %s\n", "  by %s\n"), so.doc);
    const char *mark;
    int mark_len;
    kh_note_kind read_as = note ? marked_kind(note, &mark, &mark_len) : NOTE_PLAIN;
    if (read_as != NOTE_PLAIN && t->version != before) /* as note says it */
        cli_printf(stdout,
                   TR(lang, "  ghi chú: %s — vì mở đầu bằng \"%.*s\"\n",
                      "  note: %s — it begins with \"%.*s\"\n"),
                   model_note_kind_name(read_as, lang), mark_len, mark);
    if (status == ST_DONE && on != KH_NO_DATE && t->version != before) {
        char day[11];
        cli_printf(stdout, TR(lang, "  ngày hoàn thành: %s\n", "  completed on: %s\n"),
                   date_format_dmy(t->completed, day));
    }
    if ((so.doc || so.file) && status == ST_DONE) {
        rc = cli_result_add(ctx, (size_t)task, so.doc, so.file ? &file : NULL);
        app_attach_done(&file);
        return rc;
    }
    return EXIT_OK;
}

int cmd_note(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS, {"kind", required_argument, NULL, OPT_KIND}, {0, 0, 0, 0}};
    int c, kind = NOTE_PLAIN;
    const char *kind_arg = NULL;
    while ((c = cli_next_option(ctx, "note", argc, argv, "h", opts)) >= 0)
        if (c == OPT_KIND) kind_arg = optarg;
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx,
                        TR(lang, "note NHIỆM_VỤ [--kind difficulty|proposal] CHỮ...",
                           "note TASK [--kind difficulty|proposal] TEXT..."),
                        TR(lang,
                           "Thêm một ghi chú vào nhiệm vụ; các từ được nối bằng dấu cách.\n"
                           "Ghi chú được lưu ngay, kèm người viết và thời gian.\n\n"
                           "  --kind difficulty  khó khăn, vướng mắc\n"
                           "  --kind proposal    đề xuất, kiến nghị\n"
                           "Báo cáo liệt kê chúng trong mục riêng, kèm nhiệm vụ và đơn vị.\n",
                           "Add a note to a task; the words are joined with spaces.\n"
                           "Saved at once, with its author and time.\n\n"
                           "  --kind difficulty  a difficulty (khó khăn, vướng mắc)\n"
                           "  --kind proposal    a proposal (đề xuất, kiến nghị)\n"
                           "Reports list them in their own sections, with the task and unit.\n"));
    if (kind_arg) {
        kind = model_note_kind_parse(kind_arg);
        if (kind < 0)
            return cli_usage_error(ctx, "note",
                                   TR(lang, "--kind: \"%s\": difficulty | proposal | note",
                                      "--kind: \"%s\": difficulty | proposal | note"),
                                   kind_arg);
    }
    if (argc - optind < 2)
        return cli_usage_error(
            ctx, "note", "%s",
            TR(lang, "cần NHIỆM_VỤ và nội dung ghi chú", "need TASK and the text of the note"));
    strbuf text = STRBUF_INIT;
    for (int i = optind + 1; i < argc; i++)
        sb_printf(&text, "%s%s", i > optind + 1 ? " " : "", argv[i]);
    if (!text.len || strspn(sb_str(&text), " \t\n\r") == text.len) {
        sb_done(&text);
        return cli_usage_error(ctx, "note", "%s", TR(lang, "ghi chú trống", "the note is empty"));
    }
    int rc;
    long task = open_for_change(ctx, argv[optind], &rc);
    if (task < 0) {
        sb_done(&text);
        return rc;
    }
    kh_error err = {0};
    const char *mark = NULL;
    int mark_len = 0;
    kh_note_kind read_as =
        kind == NOTE_PLAIN ? marked_kind(sb_str(&text), &mark, &mark_len) : (kh_note_kind)kind;
    kh_edit edit = {-1, -1, sb_str(&text), (kh_note_kind)kind, KH_NO_DATE, NULL, -1};
    if (change_patiently(ctx, (size_t)task, &edit, &err))
        rc = cli_fail(ctx, &err);
    else if (read_as == NOTE_PLAIN)
        cli_printf(stdout, TR(lang, "%s: đã thêm ghi chú (%s)\n", "%s: note added (%s)\n"),
                   cli_task_name(ctx, ctx->app.plan->tasks[task].id), app_user(&ctx->app));
    else if (kind == NOTE_PLAIN) /* recorded plain, read as its mark says: say which kind */
        cli_printf(stdout,
                   TR(lang, "%s: đã thêm ghi chú: %s — vì mở đầu bằng \"%.*s\" (%s)\n",
                      "%s: note added: %s — it begins with \"%.*s\" (%s)\n"),
                   cli_task_name(ctx, ctx->app.plan->tasks[task].id),
                   model_note_kind_name(read_as, lang), mark_len, mark, app_user(&ctx->app));
    else
        cli_printf(stdout, TR(lang, "%s: đã thêm ghi chú: %s (%s)\n", "%s: note added: %s (%s)\n"),
                   cli_task_name(ctx, ctx->app.plan->tasks[task].id),
                   model_note_kind_name(read_as, lang), app_user(&ctx->app));
    sb_done(&text);
    return rc;
}

static const char *undo_usage_vi =
    "Hoàn tác thay đổi gần nhất của bạn (trên NHIỆM_VỤ, hoặc trên bất cứ nhiệm vụ\n"
    "nào khi không ghi): trạng thái, tiến độ, ngày hoàn thành trở lại như trước; ghi\n"
    "chú được đánh dấu \"rút lại\" (không bị xóa). Việc hoàn tác là một thay đổi\n"
    "mới, ghi vào lịch sử. Làm lại thì hoàn tác thay đổi trước đó nữa. Không hoàn\n"
    "tác được khi người khác đã thay đổi nhiệm vụ sau bạn.\n"
    "Với một CHỈ_TIÊU (kehoach measure): lấy lại lần đo gần nhất của bạn.\n";
static const char *undo_usage_en =
    "Undo your last change (on TASK, or on any task when none is named): the\n"
    "status, progress and completion date go back to what they were; notes are\n"
    "marked \"withdrawn\" (never deleted). The undo is a new change, in the\n"
    "history. Again, and it undoes the change before. Refused when someone else\n"
    "has changed the task since.\n"
    "With a TARGET (kehoach measure): takes back your last measurement of it.\n";

int cmd_undo(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {CLI_GLOBAL_OPTIONS, {0, 0, 0, 0}};
    int c;
    while ((c = cli_next_option(ctx, "undo", argc, argv, "h", opts)) >= 0) {
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx, TR(lang, "undo [NHIỆM_VỤ]", "undo [TASK]"),
                        TR(lang, undo_usage_vi, undo_usage_en));
    if (argc - optind > 1)
        return cli_usage_error(ctx, "undo", TR(lang, "thừa đối số: %s", "unexpected argument: %s"),
                               argv[optind + 1]);
    const char *task_arg = optind < argc ? argv[optind] : NULL;
    int rc = task_arg                  ? cli_workspace_task(ctx, &task_arg)
             : cli_workspace_wide(ctx) ? cli_workspace_undo_plan(ctx)
                                       : EXIT_OK;
    if (!rc) rc = cli_load_plan(ctx);
    if (rc) return rc;
    long task = -1;
    long target = task_arg ? model_find_target(ctx->app.plan, task_arg) : -1;
    /* Look first, creating nothing: without a database there is nothing to
     * undo (a task an amendment added is found there). Then open it to
     * write. */
    if (target < 0 && task_arg) {
        if ((task = cli_find_task_open(ctx, task_arg, false, &rc)) < 0) return rc;
    } else if ((rc = cli_open_store(ctx, true))) {
        return rc;
    }
    if (ctx->app.store) {
        store_close(ctx->app.store);
        ctx->app.store = NULL;
        free(ctx->app.db_path);
        ctx->app.db_path = NULL;
        if ((rc = cli_open_store(ctx, false))) return rc;
    }
    if (target >= 0) return cli_undo_target(ctx, target, NULL); /* cmd_measure.c */
    kh_undo u;
    kh_error err = {0};
    kh_errcode e = app_last_change(&ctx->app, task, &u, &err);
    if (e == KH_E_NOT_FOUND) {
        if (err.reason == KH_R_TASK_GONE || err.reason == KH_R_IMPORTED)
            cli_error(ctx,
                      TR(lang, "không hoàn tác được thay đổi gần nhất của bạn: %s",
                         "your last change cannot be undone: %s"),
                      err.detail);
        else if (task >= 0)
            cli_error(ctx,
                      TR(lang, "không có thay đổi nào của bạn (%s) trên %s để hoàn tác",
                         "you (%s) have no change on %s to undo"),
                      app_user(&ctx->app), ctx->app.plan->tasks[task].id);
        else
            cli_error(ctx,
                      TR(lang, "không có thay đổi nào của bạn (%s) để hoàn tác",
                         "you (%s) have no change to undo"),
                      app_user(&ctx->app));
        return EXIT_DATA;
    }
    if (e) return cli_fail(ctx, &err);
    if (u.is_target) return cli_undo_target(ctx, -1, &u);
    const kh_task *t = &ctx->app.plan->tasks[u.task];
    for (int attempt = 1; attempt <= BUSY_TRIES; attempt++) {
        e = app_undo(&ctx->app, &u, -1, &err);
        if (e != KH_E_DB_BUSY || attempt == BUSY_TRIES) break;
        cli_error(ctx,
                  TR(lang, "cơ sở dữ liệu đang bận (người khác đang ghi); thử lại (%d/%d)…",
                     "the database is busy (someone else is writing); trying again (%d/%d)…"),
                  attempt + 1, BUSY_TRIES);
    }
    char when[17], who[96];
    date_format_local_time((time_t)u.rows[0].at, when);
    if (e == KH_E_CONFLICT) {
        cli_error(ctx,
                  TR(lang,
                     "không hoàn tác được thay đổi của bạn lúc %s trên %s: nhiệm vụ đã được thay "
                     "đổi sau đó (bởi %s)",
                     "cannot undo your change of %s on %s: the task was changed since (by %s)"),
                  when, cli_task_name(ctx, t->id), kh_error_who_when(&err, who, sizeof who));
        app_undo_free(&u);
        return EXIT_DATA;
    }
    if (e) {
        app_undo_free(&u);
        return cli_fail(ctx, &err);
    }
    cli_printf(stdout,
               TR(lang, "%s: đã hoàn tác thay đổi lúc %s:\n", "%s: undid the change of %s:\n"),
               cli_task_name(ctx, t->id), when);
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < u.nrows; i++) {
        sb_reset(&sb);
        app_history_words(&sb, &u.rows[i], lang);
        if (u.rows[i].kind == KF_NOTE) sb_puts(&sb, TR(lang, " (đã rút lại)", " (withdrawn)"));
        /* A withdrawn note is the database's text: shown on one line, safely. */
        strbuf clean = STRBUF_INIT;
        text_sanitize(&clean, sb_str(&sb), TEXT_ONE_LINE);
        printf("  %s\n", sb_str(&clean));
        sb_done(&clean);
    }
    /* A result, an amendment or an extension taken back leaves the state
     * as it was; an extension, the deadline it leaves. */
    bool extension = app_undo_is_extend(&u);
    bool state = !app_undo_is_result(&u) && !app_undo_is_amend(&u) && !extension;
    app_undo_free(&u);
    if (state) print_saved(ctx, t);
    if (extension) {
        sb_reset(&sb);
        model_deadline_long(&sb, t, lang);
        cli_printf(stdout, "%s: %s\n", cli_task_name(ctx, t->id), sb_str(&sb));
    }
    sb_done(&sb);
    return EXIT_OK;
}
