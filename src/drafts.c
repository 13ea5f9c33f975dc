#include "kehoach/drafts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kehoach/paths.h"
#include "kehoach/server_mode.h"
#include "kehoach/text.h"

kh_errcode drafts_locate(const kh_plan *plan, const char *db_path, char **out, kh_error *err)
{
    *out = NULL;
    char *base;
    kh_errcode rc = paths_data_dir("drafts", &base, err);
    if (rc) return rc;
    /* A note begun on one database is offered again on that one only. */
    char *real = db_path ? realpath(db_path, NULL) : NULL;
    const char *key = real ? real : db_path ? db_path : "";
    *out = xasprintf("%s/%s@%016llx", base, plan->id,
                     (unsigned long long)XXH3_64bits(key, strlen(key)));
    free(real);
    free(base);
    return KH_E_OK;
}

/* One draft a line: the id, a tab, the text with \\ \n \t escaped. */
static void escape(strbuf *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\')
            sb_puts(out, "\\\\");
        else if (*s == '\n')
            sb_puts(out, "\\n");
        else if (*s == '\t')
            sb_puts(out, "\\t");
        else
            sb_putc(out, *s);
    }
}

/* Write sb to path, replacing it atomically (mode 0600); remove path when sb
 * is empty. */
static kh_errcode write_file(const char *path, const strbuf *sb, kh_error *err)
{
    if (sb->len == 0) {
        if (unlink(path) != 0 && errno != ENOENT)
            return kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno));
        return KH_E_OK;
    }
    char *tmp = xasprintf("%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    kh_errcode rc = KH_E_OK;
    if (fd < 0 || write(fd, sb->data, sb->len) != (ssize_t)sb->len || fsync(fd) != 0)
        rc = kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
    if (fd >= 0 && close(fd) != 0 && !rc)
        rc = kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
    if (!rc && rename(tmp, path) != 0)
        rc = kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno));
    if (rc) unlink(tmp);
    free(tmp);
    return rc;
}

static kh_errcode save(const char *path, size_t n, const char *const *ids, const char *const *texts,
                       kh_error *err)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        sb_puts(&sb, ids[i]);
        sb_putc(&sb, '\t');
        escape(&sb, texts[i]);
        sb_putc(&sb, '\n');
    }
    kh_errcode rc = write_file(path, &sb, err);
    sb_done(&sb);
    return rc;
}

/* The drafts file is the user's own: written and read with their own ids. */
kh_errcode drafts_save(const char *path, size_t n, const char *const *ids, const char *const *texts,
                       kh_error *err)
{
    server_as_user();
    kh_errcode rc = save(path, n, ids, texts, err);
    server_as_group();
    return rc;
}

/* Put the text of escaped s (as escape wrote it) in out, replacing it. */
static void unescape(strbuf *out, const char *s)
{
    sb_reset(out);
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            sb_putc(out, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s);
        } else {
            sb_putc(out, *s);
        }
    }
}

static FILE *open_as_user(const char *path)
{
    server_as_user();
    FILE *f = fopen(path, "re");
    int e = errno;
    server_as_group();
    errno = e;
    return f;
}

kh_errcode drafts_load(const char *path, void (*add)(void *ctx, const char *id, const char *text),
                       void *ctx, kh_error *err)
{
    FILE *f = open_as_user(path);
    if (!f) {
        if (errno == ENOENT) return KH_E_OK;
        return kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno));
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    strbuf text = STRBUF_INIT;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n') line[--len] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        *tab = '\0';
        unescape(&text, tab + 1);
        /* Only text that is still valid comes back. */
        if (text.len && text_valid_utf8(sb_str(&text), text.len, NULL))
            add(ctx, line, sb_str(&text));
    }
    free(line);
    sb_done(&text);
    fclose(f);
    return KH_E_OK;
}

char *drafts_changes_path(const char *drafts_path)
{
    return xasprintf("%s.changes", drafts_path);
}

/* A text field of a change: \N for none, else escaped. */
static void put_text(strbuf *sb, const char *s)
{
    sb_putc(sb, '\t');
    if (s)
        escape(sb, s);
    else
        sb_puts(sb, "\\N");
}

/* A day field: - for none. */
static void put_day(strbuf *sb, kh_date d)
{
    if (d == KH_NO_DATE)
        sb_puts(sb, "\t-");
    else
        sb_printf(sb, "\t%ld", (long)d);
}

kh_errcode drafts_save_changes(const char *path, size_t n, const kh_queued *v, kh_error *err)
{
    /* One change a line: format 1, the task, status, progress, version
     * shown, note kind, done-on day, extension day, note, document, reason,
     * the change in words. */
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const kh_queued *c = &v[i];
        sb_puts(&sb, "1");
        put_text(&sb, c->task_id);
        sb_printf(&sb, "\t%d\t%d\t%lld\t%u", c->status, c->progress, (long long)c->expected_version,
                  (unsigned)c->note_kind);
        put_day(&sb, c->on);
        put_day(&sb, c->extend_to);
        put_text(&sb, c->note);
        put_text(&sb, c->doc);
        put_text(&sb, c->reason);
        put_text(&sb, c->what ? c->what : "");
        sb_putc(&sb, '\n');
    }
    server_as_user();
    kh_errcode rc = write_file(path, &sb, err);
    server_as_group();
    sb_done(&sb);
    return rc;
}

enum { CHANGE_FIELDS = 12 };

/* Return a copy of the text of field f (NULL for \N); false when it is not
 * valid UTF-8. */
static bool get_text(const char *f, char **out, strbuf *tmp)
{
    *out = NULL;
    if (!strcmp(f, "\\N")) return true;
    unescape(tmp, f);
    if (!text_valid_utf8(sb_str(tmp), tmp->len, NULL)) return false;
    *out = xstrdup(sb_str(tmp));
    return true;
}

static bool get_long(const char *f, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(f, &end, 10);
    if (errno || end == f || *end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

static bool get_day(const char *f, kh_date *out)
{
    long long v;
    if (!strcmp(f, "-")) {
        *out = KH_NO_DATE;
        return true;
    }
    if (!get_long(f, INT32_MIN + 1LL, INT32_MAX, &v)) return false;
    *out = (kh_date)v;
    return true;
}

/* Read one line of fields into c (its texts on the heap). Return false,
 * with c emptied, when the line is not a change of format 1. */
static bool parse_change(char **f, kh_queued *c, strbuf *tmp)
{
    memset(c, 0, sizeof *c);
    long long status, progress, version, kind;
    bool ok = !strcmp(f[0], "1") && get_long(f[2], -1, ST_COUNT - 1, &status) &&
              get_long(f[3], -1, 100, &progress) && get_long(f[4], -1, INT64_MAX, &version) &&
              get_long(f[5], 0, 255, &kind) && get_day(f[6], &c->on) &&
              get_day(f[7], &c->extend_to) && get_text(f[1], &c->task_id, tmp) && c->task_id &&
              *c->task_id && get_text(f[8], &c->note, tmp) && get_text(f[9], &c->doc, tmp) &&
              get_text(f[10], &c->reason, tmp) && get_text(f[11], &c->what, tmp);
    c->status = (int)status;
    c->progress = (int)progress;
    c->expected_version = version;
    c->note_kind = (uint8_t)kind;
    if (!ok) {
        free(c->task_id);
        free(c->note);
        free(c->doc);
        free(c->reason);
        free(c->what);
        memset(c, 0, sizeof *c);
    }
    return ok;
}

kh_errcode drafts_load_changes(const char *path, void (*add)(void *ctx, const kh_queued *c),
                               void *ctx, kh_error *err)
{
    FILE *f = open_as_user(path);
    if (!f) {
        if (errno == ENOENT) return KH_E_OK;
        return kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno));
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    strbuf tmp = STRBUF_INIT;
    while ((len = getline(&line, &cap, f)) > 0) {
        if (line[len - 1] == '\n') line[--len] = '\0';
        char *fields[CHANGE_FIELDS];
        size_t n = 0;
        for (char *p = line; n < CHANGE_FIELDS; n++) {
            fields[n] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                n++;
                break;
            }
            *tab = '\0';
            p = tab + 1;
        }
        kh_queued c;
        if (n != CHANGE_FIELDS || !parse_change(fields, &c, &tmp)) continue;
        add(ctx, &c);
        free(c.task_id);
        free(c.note);
        free(c.doc);
        free(c.reason);
        free(c.what);
    }
    free(line);
    sb_done(&tmp);
    fclose(f);
    return KH_E_OK;
}
