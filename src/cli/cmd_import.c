/* kehoach import: a draft plan file from the plan's document, and the list
 * of what a person must check in it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kehoach/doc.h"
#include "kehoach/import.h"
#include "kehoach/plan_draft.h"
#include "kehoach/plan_load.h"
#include "kehoach/server_mode.h"
#include "kehoach/text.h"
#include "kehoach/workspace.h"

enum { OPT_OUTPUT = OPT_FIRST_OWN, OPT_ID, OPT_FORCE };

static const char *usage_vi =
    "Lập bản nháp tệp kế hoạch từ văn bản kế hoạch: .docx, .odt, .txt, .md; .doc và\n"
    ".pdf được chuyển trước (soffice của LibreOffice, pdftotext), khi máy có.\n"
    "Bản nháp giữ nguyên văn từng nhiệm vụ; trên mỗi chỗ đoán có chú thích ghi\n"
    "dòng hoặc ô của văn bản. Sau đó in danh sách điểm cần xem lại, mỗi điểm một\n"
    "dòng TỆP:DÒNG: … chỉ vào bản nháp.\n\n"
    "  -o, --output TỆP   bản nháp (mặc định: tên văn bản, đuôi .yaml, ở thư mục này)\n"
    "  --id MÃ            mã kế hoạch (mặc định: đặt từ tiêu đề, năm và địa bàn)\n"
    "  --force            ghi đè TỆP nếu đã có (không có --force thì không bao giờ ghi đè)\n"
    "  --workspace THƯ_MỤC  đặt bản nháp vào không gian làm việc đó và gắn nó với kế hoạch\n"
    "                     của không gian mà đoạn căn cứ nêu (cùng số, ngày, cơ quan)\n\n"
    "Mã thoát: 0 bản nháp đúng định dạng và không có điểm nào cần xem lại; 1 đã ghi\n"
    "bản nháp cần xem lại, hoặc không đọc được văn bản (không ghi gì); 2 sai cách dùng.\n";
static const char *usage_en =
    "Draft a plan file from the plan's document: .docx, .odt, .txt, .md; .doc and\n"
    ".pdf are converted first (LibreOffice's soffice, pdftotext) when installed.\n"
    "The draft keeps every task's text verbatim; above each guess a comment names\n"
    "the document's line or cell. Then the points to review are listed, one\n"
    "FILE:LINE: … line each, pointing into the draft.\n\n"
    "  -o, --output FILE  the draft (default: the document's name with .yaml, here)\n"
    "  --id ID            the plan id (default: made from the title, year and place)\n"
    "  --force            replace FILE if it exists (never replaced without --force)\n"
    "  --workspace DIR    put the draft in that workspace and tie it to the workspace's\n"
    "                     plans its basis names (same number, day and issuer)\n\n"
    "Exit codes: 0 the draft is valid with nothing to review; 1 a draft was written\n"
    "that needs review, or the document cannot be read (nothing written); 2 usage.\n";

static bool valid_plan_id(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 64) return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
    }
    return true;
}

/* The document's name with .yaml for its extension, in dir (NULL: the
 * current folder). */
static char *default_output(const char *path, const char *dir)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    char *stem = n ? xstrndup(base, n) : xstrdup("plan");
    char *out = dir ? xasprintf("%s/%s.yaml", dir, stem) : xasprintf("%s.yaml", stem);
    free(stem);
    return out;
}

/* Write len bytes to path, never over an existing file unless force: a
 * temporary file beside it, then link() (fails if path exists) or
 * rename(). Return 0 or an errno. */
static int write_new(const char *path, const char *buf, size_t len, bool force)
{
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return e;
    }
    int e = 0;
    size_t done = 0;
    while (done < len && !e) {
        ssize_t k = write(fd, buf + done, len - done);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0)
            e = errno;
        else
            done += (size_t)k;
    }
    if (!e && fsync(fd) != 0) e = errno;
    if (close(fd) != 0 && !e) e = errno;
    if (!e) {
        if (force) {
            if (rename(tmp, path) != 0) e = errno;
        } else if (link(tmp, path) != 0) {
            e = errno;
        }
    }
    unlink(tmp);
    free(tmp);
    return e;
}

/* Return true when a and b are the same existing file. */
static bool same_file(const char *a, const char *b)
{
    char ra[PATH_MAX], rb[PATH_MAX];
    return realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}

/* The draft going into the workspace ws: its basis tied to the plans it
 * names, its id one no other plan there has. Return EXIT_OK, or
 * EXIT_USAGE when --id names a plan the workspace has. */
static int into_workspace(cli_ctx *ctx, kh_workspace *ws, imp_draft *draft, const char *given,
                          const char *out, bool force)
{
    kh_lang lang = ctx->app.lang;
    imp_known_plan *known = xreallocarray(NULL, ws->nplans ? ws->nplans : 1, sizeof *known);
    for (size_t i = 0; i < ws->nplans; i++) {
        const kh_plan *p = ws->plans[i].plan;
        /* Its file as the workspace names it: from the folder. */
        const char *file = ws->plans[i].plan_path;
        size_t dn = strlen(ws->dir);
        if (!strncmp(file, ws->dir, dn) && file[dn] == '/') file += dn + 1;
        known[i] = (imp_known_plan){p->id, file, p->number, p->issuer, p->date};
    }
    import_link(draft, known, ws->nplans);
    free(known);
    /* A plan id met twice in a workspace stops both plans: never make one.
     * The file being replaced (--force) does not count. */
    long k = workspace_find_plan(ws, draft->id);
    if (k < 0 || (force && same_file(ws->plans[k].plan_path, out))) return EXIT_OK;
    if (given)
        return cli_usage_error(ctx, "import",
                               TR(lang,
                                  "--id: không gian làm việc đã có kế hoạch '%s' (%s); chọn mã "
                                  "khác",
                                  "--id: the workspace already has a plan '%s' (%s); choose "
                                  "another id"),
                               draft->id, ws->plans[k].plan_path);
    const char *taken = ws->plans[k].plan_path;
    for (int n = 2; n < 1000; n++) {
        char *alt = xasprintf("%s-%d", draft->id, n);
        if (workspace_find_plan(ws, alt) < 0) {
            char *note = xasprintf(TR(lang,
                                      "không gian làm việc đã có kế hoạch '%s' (%s); bản nháp "
                                      "lấy mã '%s' (--id để chọn mã khác)",
                                      "the workspace already has a plan '%s' (%s); the draft "
                                      "is '%s' (--id chooses another)"),
                                   draft->id, taken, alt);
            draft->id = arena_strdup(&draft->mem, alt);
            draft->id_why = (imp_why){IMP_GUESS, {0}, {0}, arena_strdup(&draft->mem, note)};
            free(note);
            free(alt);
            break;
        }
        free(alt);
    }
    return EXIT_OK;
}

static int by_line(const void *a, const void *b)
{
    const plan_draft_point *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

int cmd_import(cli_ctx *ctx, int argc, char **argv)
{
    /* A document and a draft of the user's own: never the office group. */
    server_drop();
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"output", required_argument, NULL, OPT_OUTPUT},
        {"id", required_argument, NULL, OPT_ID},
        {"force", no_argument, NULL, OPT_FORCE},
        {0, 0, 0, 0},
    };
    const char *output = NULL, *id = NULL;
    bool force = false;
    int c;
    while ((c = cli_next_option(ctx, "import", argc, argv, "ho:", opts)) >= 0) {
        if (c == OPT_OUTPUT || c == 'o') output = optarg;
        if (c == OPT_ID) id = optarg;
        if (c == OPT_FORCE) force = true;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx,
                        TR(lang, "import VĂN_BẢN [-o TỆP.yaml] [--id MÃ] [--force]",
                           "import DOCUMENT [-o FILE.yaml] [--id ID] [--force]"),
                        TR(lang, usage_vi, usage_en));
    if (optind >= argc)
        return cli_usage_error(
            ctx, "import", "%s",
            TR(lang, "thiếu tên văn bản cần nhập", "name the document to import"));
    if (argc - optind > 1)
        return cli_usage_error(ctx, "import",
                               TR(lang, "thừa đối số: %s", "unexpected argument: %s"),
                               argv[optind + 1]);
    const char *input = argv[optind];
    if (id && !valid_plan_id(id))
        return cli_usage_error(ctx, "import",
                               TR(lang,
                                  "--id: mã kế hoạch '%s' không hợp lệ: tối đa 64 ký tự, bắt đầu "
                                  "bằng chữ hoặc số, chỉ gồm chữ không dấu, chữ số và . _ -",
                                  "--id: plan id '%s' is not valid: at most 64 characters, "
                                  "starting with a letter or digit, of ASCII letters, digits "
                                  "and . _ - only"),
                               id);
    /* --workspace DIR (given here, not $KEHOACH_WORKSPACE): the draft goes there. */
    const char *wsdir = ctx->ws_opt && *ctx->ws_opt ? ctx->ws_opt : NULL;
    struct stat st;
    if (wsdir && (stat(wsdir, &st) != 0 || !S_ISDIR(st.st_mode)))
        return cli_usage_error(
            ctx, "import",
            TR(lang, "--workspace: %s không phải thư mục", "--workspace: %s is not a folder"),
            wsdir);
    char *out = output ? xstrdup(output) : default_output(input, wsdir);
    if (!force && lstat(out, &st) == 0) {
        int rc = cli_usage_error(ctx, "import",
                                 TR(lang, "%s đã có; không ghi đè (dùng --force để thay nó)",
                                    "%s exists; not replaced (use --force to replace it)"),
                                 out);
        free(out);
        return rc;
    }

    kh_doc *doc = NULL;
    kh_error err = {0};
    strbuf safe = STRBUF_INIT;
    text_sanitize(&safe, input, TEXT_ONE_LINE);
    if (doc_read(input, lang, &doc, &err)) {
        strbuf msg = STRBUF_INIT;
        text_sanitize(&msg, err.detail, TEXT_ONE_LINE);
        cli_error(ctx, "%s: %s", sb_str(&safe), sb_str(&msg));
        sb_done(&msg);
        sb_done(&safe);
        free(out);
        return EXIT_DATA;
    }
    const char *base = strrchr(input, '/');
    imp_options opt = {id, base ? base + 1 : input, lang};
    imp_draft *draft = NULL;
    if (import_analyse(doc, &opt, &draft, &err)) {
        strbuf msg = STRBUF_INIT;
        text_sanitize(&msg, err.detail, TEXT_ONE_LINE);
        cli_error(ctx, "%s: %s", sb_str(&safe), sb_str(&msg));
        sb_done(&msg);
        sb_done(&safe);
        doc_free(doc);
        free(out);
        return EXIT_DATA;
    }
    if (wsdir) {
        kh_workspace ws;
        memset(&ws, 0, sizeof ws);
        ws.lang = lang;
        ws.today = ctx->app.today;
        int wrc = EXIT_OK;
        kh_errcode oc = workspace_open(&ws, wsdir, &err);
        if (oc == KH_E_OK)
            wrc = into_workspace(ctx, &ws, draft, id, out, force);
        else if (oc != KH_E_PLAN) {
            /* A workspace whose settings are broken still takes the draft;
             * one that cannot be read does not. */
            cli_error(ctx, "%s: %s",
                      TR(lang, "không mở được không gian làm việc", "cannot open the workspace"),
                      err.detail);
            wrc = EXIT_DATA;
        }
        workspace_close(&ws);
        if (wrc != EXIT_OK) {
            sb_done(&safe);
            import_free(draft);
            doc_free(doc);
            free(out);
            return wrc;
        }
    }
    strbuf yaml = STRBUF_INIT;
    plan_draft_points points = {0};
    plan_draft_write(draft, doc, lang, &yaml, &points);

    /* The draft must pass check: what does not is a point too. */
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    bool valid = !plan_load_buffer(out, sb_str(&yaml), yaml.len, lang, &plan, &diags);
    for (size_t i = 0; i < diags.n; i++) {
        char *m = xasprintf("%s: %s", TR(lang, "kiểm tra", "check"), diags.v[i].msg);
        plan_draft_point_add(&points, diags.v[i].line, IMP_OPEN, m);
        free(m);
    }
    size_t ntasks = plan ? plan->ntasks : 0;
    model_free(plan);
    diags_free(&diags);

    int e = write_new(out, sb_str(&yaml), yaml.len, force);
    strbuf name = STRBUF_INIT;
    text_sanitize(&name, out, TEXT_ONE_LINE);
    int rc = EXIT_OK;
    if (e) {
        cli_error(ctx, TR(lang, "không ghi được %s: %s", "cannot write %s: %s"), sb_str(&name),
                  kh_strerrno(e));
        rc = EXIT_DATA;
    } else {
        size_t written = 0;
        written = draft->ntasks;
        printf(TR(lang,
                  "%s: bản nháp từ %s — %zu nhiệm vụ (%zu khi tách các kỳ), %zu đơn vị; %zu "
                  "điểm cần xem lại%s\n",
                  "%s: drafted from %s — %zu tasks (%zu with periods split), %zu units; %zu "
                  "points to review%s\n"),
               sb_str(&name), sb_str(&safe), written, ntasks, draft->nunits, points.n,
               points.n ? ":" : "");
        if (points.n) qsort(points.v, points.n, sizeof *points.v, by_line);
        strbuf m = STRBUF_INIT;
        for (size_t i = 0; i < points.n; i++) {
            sb_reset(&m);
            text_sanitize(&m, points.v[i].msg, TEXT_ONE_LINE);
            printf("%s:%d: %s\n", sb_str(&name), points.v[i].line, sb_str(&m));
        }
        sb_done(&m);
        if (points.n || !valid) rc = EXIT_DATA;
    }
    sb_done(&name);
    sb_done(&safe);
    plan_draft_points_free(&points);
    sb_done(&yaml);
    import_free(draft);
    doc_free(doc);
    free(out);
    return rc;
}
