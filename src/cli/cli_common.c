#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "kehoach/paths.h"
#include "kehoach/server_mode.h"
#include "kehoach/text.h"

int cli_next_option(cli_ctx *ctx, const char *cmd, int argc, char **argv, const char *shortopts,
                    const struct option *opts)
{
    /* ':' first: a missing argument comes back as ':', not '?'. */
    char spec[32];
    snprintf(spec, sizeof spec, "%s:%s", shortopts[0] == '+' ? "+" : "",
             shortopts + (shortopts[0] == '+'));
    opterr = 0;
    for (;;) {
        int c = getopt_long(argc, argv, spec, opts, NULL);
        if (c == -1) return CLI_OPTIONS_END;
        if (c == 'h' || c == OPT_HELP) {
            ctx->help = true;
            continue;
        }
        kh_lang lang = ctx->app.lang;
        if (c == '?' || c == ':') {
            const char *what = argv[optind - 1];
            char shortname[3] = {'-', (char)optopt, 0};
            if (optopt && (optind - 1 < 1 || strncmp(argv[optind - 1], "--", 2) != 0))
                what = shortname;
            if (c == ':')
                cli_usage_error(ctx, cmd,
                                TR(lang, "tùy chọn %s cần một giá trị", "option %s needs a value"),
                                what);
            else if (cmd && !strcmp(cmd, "note"))
                cli_usage_error(ctx, cmd,
                                TR(lang,
                                   "không có tùy chọn %s (ghi chú bắt đầu bằng '-': đặt -- trước "
                                   "nó, vd. kehoach note II.1 -- -5 hộ)",
                                   "no such option: %s (a note starting with '-': put -- before "
                                   "it, e.g. kehoach note II.1 -- -5 households)"),
                                what);
            else
                cli_usage_error(ctx, cmd, TR(lang, "không có tùy chọn %s", "no such option: %s"),
                                what);
            return CLI_OPTIONS_BAD;
        }
        int rc = cli_global_option(ctx, c, optarg);
        if (rc == EXIT_OK) continue;
        if (rc > 0) return CLI_OPTIONS_BAD;
        return c;
    }
}

int cli_global_option(cli_ctx *ctx, int c, const char *arg)
{
    switch (c) {
    /* A plan, database or workspace of one's own: never with the office group. */
    case OPT_PLAN:
        server_drop();
        ctx->plan_opt = arg;
        return EXIT_OK;
    case OPT_DB:
        server_drop();
        ctx->db_opt = arg;
        return EXIT_OK;
    case OPT_WORKSPACE:
        server_drop();
        ctx->ws_opt = arg;
        return EXIT_OK;
    case OPT_TODAY:
        if (date_parse(arg, &ctx->app.today) != DATE_OK) {
            cli_error(ctx,
                      TR(ctx->app.lang,
                         "--today: \"%s\" không phải ngày (viết YYYY-MM-DD hoặc dd/mm/yyyy)",
                         "--today: \"%s\" is not a date (write YYYY-MM-DD or dd/mm/yyyy)"),
                      arg);
            return EXIT_USAGE;
        }
        ctx->today_set = true;
        return EXIT_OK;
    case OPT_LANG:
        if (!strcmp(arg, "vi"))
            ctx->app.lang = KH_LANG_VI;
        else if (!strcmp(arg, "en"))
            ctx->app.lang = KH_LANG_EN;
        else {
            cli_error(ctx, "--lang: \"%s\": vi | en", arg);
            return EXIT_USAGE;
        }
        kh_errno_lang(ctx->app.lang);
        return EXIT_OK;
    default: return -1;
    }
}

/* Write the text fmt and ap make to out, made safe for a terminal. */
static void vprint_safe(FILE *out, const char *fmt, va_list ap)
{
    strbuf raw = STRBUF_INIT, safe = STRBUF_INIT;
    sb_vprintf(&raw, fmt, ap);
    text_sanitize(&safe, sb_str(&raw), 0);
    fwrite(sb_str(&safe), 1, safe.len, out);
    sb_done(&raw);
    sb_done(&safe);
}

void cli_printf(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint_safe(out, fmt, ap);
    va_end(ap);
}

void cli_error(const cli_ctx *ctx, const char *fmt, ...)
{
    (void)ctx;
    fflush(stdout);
    fputs("kehoach: ", stderr);
    va_list ap;
    va_start(ap, fmt);
    vprint_safe(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_fail(const cli_ctx *ctx, const kh_error *err)
{
    kh_lang lang = ctx->app.lang;
    if (err->code == KH_E_CONFLICT) {
        char who[96];
        cli_error(ctx, "%s (%s %s)", kh_strerror(err->code, lang), TR(lang, "bởi", "by"),
                  kh_error_who_when(err, who, sizeof who));
        return EXIT_DATA;
    }
    if (err->detail[0])
        cli_error(ctx, "%s: %s", kh_strerror(err->code, lang), err->detail);
    else
        cli_error(ctx, "%s", kh_strerror(err->code, lang));
    switch (err->code) {
    case KH_E_DB_NEWER:
        fprintf(stderr, "%s\n",
                TR(lang, "  Hãy dùng phiên bản kehoach mới hơn; bản này không ghi đè lên nó.",
                   "  Use a newer kehoach; this one will not write over it."));
        break;
    case KH_E_DB_READONLY:
    case KH_E_DB_PERM:
        fprintf(stderr, "%s\n",
                TR(lang, "  Kiểm tra quyền ghi của tệp và thư mục chứa nó (nhóm, chmod 0660).",
                   "  Check write permission on the file and its folder (group, chmod 0660)."));
        break;
    case KH_E_DB_FOREIGN:
        fprintf(stderr, "%s\n",
                TR(lang,
                   "  kehoach chỉ dùng một tệp chưa có, một tệp trống (0 byte) hoặc cơ sở dữ liệu "
                   "của chính nó; nó không ghi gì vào tệp này. Hãy kiểm tra --db, KEHOACH_DB.",
                   "  kehoach uses only a file not there yet, an empty file (0 bytes) or its own "
                   "database; it wrote nothing to this one. Check --db and KEHOACH_DB."));
        break;
    case KH_E_DB_LINK:
        fprintf(stderr, "%s\n",
                TR(lang, "  Hãy chỉ thẳng đến tệp đó (--db ĐƯỜNG_DẪN_THẬT); không có gì được ghi.",
                   "  Name that file itself (--db REAL_PATH); nothing was written."));
        break;
    case KH_E_DB_CORRUPT:
        fprintf(stderr, "%s\n",
                TR(lang,
                   "  kehoach không ghi vào một tệp hỏng. Xem chỗ hỏng: kehoach check --db TỆP; "
                   "khôi phục từ bản sao lưu.",
                   "  kehoach does not write into a damaged file. See what is wrong: kehoach "
                   "check --db FILE; restore it from a backup."));
        break;
    case KH_E_DB_BUSY:
        fprintf(stderr, "%s\n",
                TR(lang, "  Người khác đang ghi quá lâu; hãy thử lại sau ít phút.",
                   "  Someone else has been writing too long; try again in a minute."));
        break;
    case KH_E_DB_FULL:
        fprintf(
            stderr, "%s\n",
            TR(lang,
               "  Thay đổi này chưa được lưu; những gì đã lưu trước đó vẫn nguyên vẹn. Hãy giải "
               "phóng chỗ trên đĩa rồi thử lại.",
               "  This change was not saved; everything saved before is intact. Free some disk "
               "space and try again."));
        break;
    default: break;
    }
    return EXIT_DATA;
}

int cli_usage_error(const cli_ctx *ctx, const char *cmd, const char *fmt, ...)
{
    fflush(stdout);
    fputs("kehoach: ", stderr);
    va_list ap;
    va_start(ap, fmt);
    vprint_safe(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, TR(ctx->app.lang, "\nXem: kehoach %s%s--help\n", "\nSee: kehoach %s%s--help\n"),
            cmd ? cmd : "", cmd ? " " : "");
    return EXIT_USAGE;
}

void cli_print_diags(const char *path, const kh_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        if (d->v[i].line > 0)
            cli_printf(stderr, "%s:%d:%d: %s\n", path, d->v[i].line, d->v[i].col, d->v[i].msg);
        else
            cli_printf(stderr, "%s: %s\n", path, d->v[i].msg);
    }
}

int cli_load_plan(cli_ctx *ctx)
{
    if (ctx->app.plan) return EXIT_OK;
    /* In a workspace: its plan --plan ID names, with the workspace's database. */
    if (cli_workspace_dir(ctx) && !ctx->ws_plan_path) {
        int wrc = cli_workspace_task(ctx, NULL);
        if (wrc) return wrc;
    }
    char *path = ctx->ws_plan_path ? xstrdup(ctx->ws_plan_path) : paths_plan(ctx->plan_opt);
    kh_diags diags = {0};
    if (ctx->ws && ctx->ws_plan_path) { /* app_ward.c */
        ctx->app.ward = ctx->ws->settings.ward;
        ctx->app.province = !ctx->ws->settings.ward;
    }
    kh_errcode rc = app_load_plan(&ctx->app, path, &diags);
    if (rc) {
        fflush(stdout);
        cli_print_diags(path, &diags);
        if (rc == KH_E_IO && !ctx->plan_opt && !getenv("KEHOACH_PLAN"))
            fprintf(stderr, "%s\n",
                    TR(ctx->app.lang,
                       "  Chỉ ra tệp kế hoạch bằng --plan TỆP hoặc biến KEHOACH_PLAN.",
                       "  Name the plan file with --plan FILE or the KEHOACH_PLAN variable."));
    }
    diags_free(&diags);
    free(path);
    return rc ? EXIT_DATA : EXIT_OK;
}

int cli_open_store(cli_ctx *ctx, bool read_only)
{
    kh_error err = {0};
    const char *db = ctx->db_opt ? ctx->db_opt : ctx->ws_db;
    /* In a workspace the wards' snapshots are laid over after: the store
     * stays open, and the state cache is not used. */
    if (ctx->ws) ctx->app.state_only = false;
    if (app_open_store(&ctx->app, db, read_only, &err)) return cli_fail(ctx, &err);
    /* One plan of a province's workspace: the wards' snapshots laid over it too. */
    if (read_only && ctx->ws && ctx->ws_plan_path && !ctx->ws_no_wards &&
        workspace_is_province(ctx->ws) && workspace_province_fold_apps(ctx->ws, &ctx->app, 1, &err))
        return cli_fail(ctx, &err);
    return EXIT_OK;
}

int cli_open_dashboard(cli_ctx *ctx, char **why)
{
    *why = NULL;
    int rc = cli_load_plan(ctx);
    if (rc || ctx->read_only) return rc ? rc : cli_open_store(ctx, true);
    kh_error err = {0};
    const char *db = ctx->db_opt ? ctx->db_opt : ctx->ws_db;
    if (!app_open_store(&ctx->app, db, false, &err)) return EXIT_OK;
    if (err.code != KH_E_DB_READONLY && err.code != KH_E_DB_PERM) return cli_fail(ctx, &err);
    /* Cannot be written (a read-only file, folder or mount, another's
     * file): look at it read-only, saying why, rather than not at all. */
    *why = xasprintf("%s: %s", kh_strerror(err.code, ctx->app.lang), err.detail);
    free(ctx->app.db_path);
    ctx->app.db_path = NULL;
    ctx->read_only = true;
    rc = cli_open_store(ctx, true);
    if (rc) {
        free(*why);
        *why = NULL;
    }
    return rc;
}

int cli_open(cli_ctx *ctx, bool read_only)
{
    int rc = cli_load_plan(ctx);
    return rc ? rc : cli_open_store(ctx, read_only);
}

size_t cli_distance(const char *a, const char *b)
{
    return text_distance(a, b, 40);
}

long cli_find_task(cli_ctx *ctx, const char *id)
{
    const kh_plan *plan = ctx->app.plan;
    long i = model_find_task(plan, id);
    if (i >= 0) return i;
    /* "iii.1.3/2023-q1" means III.1.3/2023-Q1 when only one id matches. */
    long loose = -1;
    for (size_t k = 0; k < plan->ntasks; k++) {
        if (strcasecmp(plan->tasks[k].id, id) != 0) continue;
        if (loose >= 0) {
            loose = -2;
            break;
        }
        loose = (long)k;
    }
    if (loose >= 0) return loose;
    /* A periodic task is tracked by its periods: point at the next one. */
    size_t idlen = strlen(id);
    long last = -1, next = -1;
    for (size_t k = 0; k < plan->ntasks; k++) {
        const kh_task *t = &plan->tasks[k];
        if (strncmp(t->id, id, idlen) != 0 || t->id[idlen] != '/') continue;
        last = (long)k;
        if (next < 0 && t->due >= ctx->app.today) next = (long)k;
    }
    long first = last;
    if (first >= 0) {
        cli_error(ctx,
                  TR(ctx->app.lang,
                     "'%s' là nhiệm vụ định kỳ; mỗi kỳ có trạng thái riêng, hãy chọn một kỳ, vd. "
                     "%s (xem: kehoach list --search %s)",
                     "'%s' is periodic; each period has its own state, so name one, e.g. %s "
                     "(see: kehoach list --search %s)"),
                  cli_task_name(ctx, id),
                  cli_task_name(ctx, plan->tasks[next >= 0 ? next : first].id), id);
        return -1;
    }
    kh_error err = {0};
    if (app_ward_foreign(plan, ctx->app.ward, id, ctx->app.lang, &err)) {
        cli_error(ctx, "%s", err.detail); /* another ward's, not tracked here */
        return -1;
    }
    const char *best = NULL;
    size_t best_d = 4;
    for (size_t k = 0; k < plan->ntasks; k++) {
        size_t d = cli_distance(id, plan->tasks[k].id);
        if (d < best_d) {
            best_d = d;
            best = plan->tasks[k].id;
        }
    }
    if (best)
        cli_error(ctx,
                  TR(ctx->app.lang, "không có nhiệm vụ '%s'; có phải là '%s'?",
                     "no task '%s'; did you mean '%s'?"),
                  cli_task_name(ctx, id), cli_task_name(ctx, best));
    else
        cli_error(ctx,
                  TR(ctx->app.lang, "không có nhiệm vụ '%s' (xem: kehoach list)",
                     "no task '%s' (see: kehoach list)"),
                  cli_task_name(ctx, id));
    return -1;
}

int cli_help(const cli_ctx *ctx, const char *usage, const char *text)
{
    printf("%s kehoach %s\n\n%s", TR(ctx->app.lang, "Cách dùng:", "Usage:"), usage, text);
    printf("%s",
           TR(ctx->app.lang, "\nTùy chọn chung: --plan TỆP, --db TỆP, --today NGÀY, --lang vi|en\n",
              "\nCommon options: --plan FILE, --db FILE, --today DATE, --lang vi|en\n"));
    return EXIT_OK;
}

int cli_width(void)
{
    const char *c = getenv("COLUMNS");
    if (c && atoi(c) >= 40) return atoi(c);
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40)
        return ws.ws_col;
    return 80;
}

const char *cli_sgr(const cli_ctx *ctx, const char *code)
{
    return ctx->color ? code : "";
}

void json_string(FILE *out, const char *s)
{
    strbuf sb = STRBUF_INIT;
    json_sb_string(&sb, s);
    fwrite(sb.data, 1, sb.len, out);
    sb_done(&sb);
}
