/* Where the dashboard's reports go: a name that says what the report holds,
 * a new file that never replaces one, in the first folder that takes it. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/server_mode.h"
#include "report_int.h"

/* The longest search words kept in a file name, in bytes. */
enum { NAME_QUERY_MAX = 20 };

/* Append "-" and the folded search text s with every run of characters
 * other than a-z and 0-9 made one "-", at most NAME_QUERY_MAX bytes; "-x"
 * when nothing is left. */
static void add_slug(strbuf *sb, const char *s)
{
    char slug[NAME_QUERY_MAX + 1];
    size_t n = 0;
    for (; *s && n < NAME_QUERY_MAX; s++) {
        bool keep = (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9');
        if (keep)
            slug[n++] = *s;
        else if (n && slug[n - 1] != '-')
            slug[n++] = '-';
    }
    while (n && slug[n - 1] == '-') n--;
    slug[n] = '\0';
    sb_printf(sb, "-%s", n ? slug : "x");
}

/* Append what the filter keeps to a file name: the unit, the status, the
 * timeliness, and "tim-" with the search words. */
static void add_filter(strbuf *sb, const kh_app *app, const kh_filter *filter)
{
    if (!filter) return;
    if (filter->unit >= 0) sb_printf(sb, "-%s", app->plan->units[filter->unit].id);
    if (filter->status >= 0) sb_printf(sb, "-%s", model_status_code((kh_status)filter->status));
    if (filter->timeliness >= 0)
        sb_printf(sb, "-%s", model_timeliness_code((kh_timeliness)filter->timeliness));
    if (filter->query) {
        sb_puts(sb, "-tim");
        add_slug(sb, filter->query);
    }
}

/* Append the name without its extension: bao-cao-PLAN-FROM-TO and the
 * filter. */
static void add_stem(strbuf *sb, const kh_app *app, const kh_filter *filter, kh_date from,
                     kh_date to)
{
    char a[11], b[11];
    sb_printf(sb, "bao-cao-%s-%s-%s", app->plan->id, date_format_iso(from, a),
              date_format_iso(to, b));
    add_filter(sb, app, filter);
}

char *report_default_name(const kh_app *app, const kh_filter *filter, kh_date from, kh_date to,
                          report_format fmt)
{
    strbuf sb = STRBUF_INIT;
    add_stem(&sb, app, filter, from, to);
    sb_printf(&sb, ".%s", report_format_ext(fmt));
    return sb_take(&sb);
}

/* Make the file at path if it does not exist yet, empty, to hold the name.
 * Return 0, or the errno (EEXIST when it exists). */
static int claim(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0) return errno;
    close(fd);
    return 0;
}

/* The filter is in the name, so a filtered report never takes the name of
 * an unfiltered one and the name says what the report holds. But a report
 * is never replaced either: the same filter written again (after changes,
 * or another search whose words make the same name) gets -2, -3 ... before
 * the extension, so every report written stays as it was. The name is
 * claimed (created empty, O_EXCL) before the report replaces it at once, so
 * two writers never pick the same one and a reader never sees half a
 * report. */
kh_errcode report_write_new(const kh_app *app, const kh_filter *filter, kh_date from, kh_date to,
                            report_format fmt, const char *dir, char **path, kh_error *err)
{
    *path = NULL;
    strbuf stem = STRBUF_INIT;
    sb_printf(&stem, "%s/", dir);
    add_stem(&stem, app, filter, from, to);
    const char *ext = report_format_ext(fmt);
    int e = EEXIST;
    char *p = NULL;
    for (int k = 1; k < 1000 && e == EEXIST; k++) {
        free(p);
        p = k == 1 ? xasprintf("%s.%s", sb_str(&stem), ext)
                   : xasprintf("%s-%d.%s", sb_str(&stem), k, ext);
        e = claim(p);
    }
    sb_done(&stem);
    if (e) {
        kh_errcode rc = kh_error_set(err, KH_E_IO, "%s: %s", p, kh_strerrno(e));
        free(p);
        return rc;
    }
    report_opts opts = {.from = from, .to = to};
    kh_errcode rc = report_write(app, filter, &opts, fmt, p, err);
    if (rc) {
        unlink(p);
        free(p);
        return rc;
    }
    *path = p;
    return KH_E_OK;
}

kh_errcode report_write_default(const kh_app *app, const kh_filter *filter, kh_date from,
                                kh_date to, report_format fmt, char **path, kh_error *err)
{
    char *cwd = getcwd(NULL, 0);
    const char *home = getenv("HOME");
    const char *dirs[] = {cwd, home && *home ? home : NULL, "/tmp"};
    kh_error first = {0}, e = {0};
    bool tried = false;
    kh_errcode rc = KH_E_IO;
    *path = NULL;
    /* The report is the user's file, in the user's folders: written with
     * the user's own ids on the office server. */
    server_as_user();
    for (size_t i = 0; i < KH_ARRAY_LEN(dirs); i++) {
        if (!dirs[i] || (i && dirs[i - 1] && !strcmp(dirs[i], dirs[i - 1]))) continue;
        /* The next folder whenever writing fails, not when access() says
         * it would: root passes access() where no one writes (/proc). */
        memset(&e, 0, sizeof e);
        rc = report_write_new(app, filter, from, to, fmt, dirs[i], path, &e);
        if (rc != KH_E_IO) break;
        if (!tried) first = e;
        tried = true;
    }
    server_as_group();
    free(cwd);
    if (rc && err) *err = rc == KH_E_IO ? first : e;
    return rc;
}
