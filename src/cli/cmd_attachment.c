/* kehoach attachment: get an attached result file back, its hash checked. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "kehoach/server_mode.h"

enum { OPT_FORCE = OPT_FIRST_OWN };

static const char *usage_vi =
    "Lấy lại tệp thứ N (mặc định 1) trong các kết quả của NHIỆM_VỤ (thứ tự như\n"
    "`kehoach show`), ghi vào TỆP. Nội dung được kiểm tra theo mã SHA-256 đã ghi:\n"
    "tệp trong thư mục đính kèm đã bị sửa thì không lấy ra.\n\n"
    "  -o, --output TỆP   nơi ghi (cần có); \"-\" là đầu ra chuẩn\n"
    "  --force            ghi đè TỆP nếu đã có (không có --force thì không bao giờ ghi đè)\n";
static const char *usage_en =
    "Get file N (default 1) of TASK's results (numbered as `kehoach show` does)\n"
    "back into FILE. Its content is checked against the SHA-256 recorded: a file\n"
    "changed in the attachments folder is not given back.\n\n"
    "  -o, --output FILE  where to write it (needed); \"-\" is standard output\n"
    "  --force            replace FILE if it exists (never replaced without --force)\n";

/* Open a new temporary file beside path with the user's own ids (server
 * mode: server_as_user, the office group back after). Return the
 * descriptor or -1 with errno set; *tmp is the heap name. */
static int open_beside(const char *path, char **tmp)
{
    *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    server_as_user();
    int fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
    int e = errno;
    server_as_group();
    errno = e;
    return fd;
}

int cmd_attachment(cli_ctx *ctx, int argc, char **argv)
{
    static const struct option opts[] = {
        CLI_GLOBAL_OPTIONS,
        {"output", required_argument, NULL, 'o'},
        {"force", no_argument, NULL, OPT_FORCE},
        {0, 0, 0, 0},
    };
    const char *out = NULL;
    bool force = false;
    int c;
    while ((c = cli_next_option(ctx, "attachment", argc, argv, "ho:", opts)) >= 0) {
        if (c == 'o') out = optarg;
        if (c == OPT_FORCE) force = true;
    }
    if (c == CLI_OPTIONS_BAD) return EXIT_USAGE;
    kh_lang lang = ctx->app.lang;
    if (ctx->help)
        return cli_help(ctx,
                        TR(lang, "attachment NHIỆM_VỤ [N] -o TỆP [--force]",
                           "attachment TASK [N] -o FILE [--force]"),
                        TR(lang, usage_vi, usage_en));
    int nargs = argc - optind;
    if (nargs < 1 || nargs > 2)
        return cli_usage_error(ctx, "attachment", "%s",
                               nargs < 1 ? TR(lang, "cần NHIỆM_VỤ", "need TASK")
                                         : TR(lang, "thừa đối số", "too many arguments"));
    size_t number = 1;
    if (nargs == 2) {
        char *end;
        long v = strtol(argv[optind + 1], &end, 10);
        if (!*argv[optind + 1] || *end || v < 1 || v > 100000)
            return cli_usage_error(
                ctx, "attachment",
                TR(lang, "N: \"%s\" phải là số từ 1", "N: \"%s\" must be 1 or more"),
                argv[optind + 1]);
        number = (size_t)v;
    }
    if (!out)
        return cli_usage_error(ctx, "attachment", "%s", TR(lang, "cần -o TỆP", "need -o FILE"));
    bool to_stdout = !strcmp(out, "-");
    struct stat st;
    server_as_user(); /* the user's file, looked at as the user */
    bool exists = !to_stdout && !force && lstat(out, &st) == 0;
    server_as_group();
    if (exists) {
        cli_error(ctx,
                  TR(lang, "%s đã có; không ghi đè (dùng --force để thay nó)",
                     "%s exists; not replaced (use --force to replace it)"),
                  out);
        return EXIT_DATA;
    }
    int rc;
    long task = cli_find_task_open(ctx, argv[optind], false, &rc);
    if (task < 0) return rc;
    const char *id = ctx->app.plan->tasks[task].id;
    kh_error err = {0};
    kh_result found;
    kh_errcode e = app_attachment_get(&ctx->app, id, number, -1, &found, &err);
    if (e == KH_E_NOT_FOUND) {
        cli_error(ctx, TR(lang, "%s không có tệp kết quả thứ %zu", "%s has no result file %zu"),
                  cli_task_name(ctx, id), number);
        return EXIT_DATA;
    }
    if (e) return cli_fail(ctx, &err);
    if (to_stdout) {
        /* Checked before a byte reaches the output. */
        int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
        e = app_attachment_get(&ctx->app, id, number, null, NULL, &err);
        if (null >= 0) close(null);
    }
    char *tmp = NULL;
    int fd = e ? -1 : to_stdout ? STDOUT_FILENO : open_beside(out, &tmp);
    if (fd < 0 && !e) {
        cli_error(ctx, "%s: %s", out, kh_strerrno(errno));
        free(tmp);
        free(found.file_name);
        free(found.sha256);
        return EXIT_DATA;
    }
    if (fd >= 0) e = app_attachment_get(&ctx->app, id, number, fd, NULL, &err);
    int sys = 0;
    if (!to_stdout && fd >= 0) {
        if (!e && fsync(fd) != 0) sys = errno;
        if (close(fd) != 0 && !sys) sys = errno;
        server_as_user(); /* put in place as the user, who named it */
        if (!e && !sys) {
            if (force ? rename(tmp, out) != 0 : link(tmp, out) != 0) sys = errno;
        }
        unlink(tmp);
        server_as_group();
        free(tmp);
    }
    if (e == KH_E_ATTACH_CHANGED || e == KH_E_ATTACH_MISSING) {
        cli_error(ctx, TR(lang, "%s: %s (tệp %s, sha256 %s)", "%s: %s (file %s, sha256 %s)"),
                  cli_task_name(ctx, id), kh_strerror(e, lang),
                  found.file_name ? found.file_name : "?", found.sha256);
        rc = EXIT_DATA;
    } else if (e) {
        rc = cli_fail(ctx, &err);
    } else if (sys == EEXIST) {
        cli_error(ctx,
                  TR(lang, "%s đã có; không ghi đè (dùng --force để thay nó)",
                     "%s exists; not replaced (use --force to replace it)"),
                  out);
        rc = EXIT_DATA;
    } else if (sys) {
        cli_error(ctx, "%s: %s", out, kh_strerrno(sys));
        rc = EXIT_DATA;
    } else if (!to_stdout) {
        cli_printf(stderr,
                   TR(lang, "%s: đã ghi %s (%s, %lld byte, sha256 đúng)\n",
                      "%s: wrote %s (%s, %lld bytes, sha256 checked)\n"),
                   cli_task_name(ctx, id), out, found.file_name ? found.file_name : "?",
                   (long long)found.size);
    }
    free(found.file_name);
    free(found.sha256);
    return rc;
}
