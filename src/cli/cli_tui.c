/* cli: the screens are another program. The dashboard and present are
 * linked with ncursesw in kehoach-tui; kehoach itself loads no curses, and
 * runs kehoach-tui in its place when a screen is asked for (README,
 * "Performance"). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kehoach/server_mode.h"

/* Put this program's folder in dir and its file name in name. Return false
 * when /proc/self/exe cannot be read. */
static bool own_path(char *dir, size_t n, const char **name)
{
    ssize_t len = readlink("/proc/self/exe", dir, n - 1);
    if (len <= 0 || (size_t)len >= n - 1) return false;
    dir[len] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash) return false;
    *slash = '\0';
    *name = slash + 1;
    return true;
}

/* Put the screens' program in out: the installed one under libexec beside
 * bin, else the one built beside this program. Return false when neither
 * is there to be run. */
static bool find_tui(char *out, size_t n)
{
    char dir[PATH_MAX];
    const char *name;
    if (!own_path(dir, sizeof dir, &name)) return false;
    int w = snprintf(out, n, "%s/../libexec/kehoach/kehoach-tui", dir);
    if (w > 0 && (size_t)w < n && access(out, X_OK) == 0) return true;
    w = snprintf(out, n, "%s/%s-tui", dir, name);
    return w > 0 && (size_t)w < n && access(out, X_OK) == 0;
}

int cli_exec_tui(cli_ctx *ctx, char **argv)
{
    kh_lang lang = ctx->app.lang;
    char path[PATH_MAX];
    if (!find_tui(path, sizeof path)) {
        cli_error(ctx, "%s",
                  TR(lang,
                     "không tìm thấy chương trình màn hình kehoach-tui (cài lại: make install)",
                     "the screens' program kehoach-tui is missing (install again: make install)"));
        return EXIT_DATA;
    }
    /* Holding the office group, only a program root alone may change. */
    kh_error err = {0};
    if (server_check_program(path, &err)) return cli_fail(ctx, &err);
    fflush(stdout);
    execv(path, argv);
    int e = errno;
    cli_error(ctx, TR(lang, "không chạy được %s: %s", "cannot run %s: %s"), path, kh_strerrno(e));
    return EXIT_DATA;
}
