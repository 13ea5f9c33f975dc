#include "kehoach/drafts.h"

#include <errno.h>
#include <fcntl.h>
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

static kh_errcode save(const char *path, size_t n, const char *const *ids, const char *const *texts,
                       kh_error *err)
{
    if (n == 0) {
        if (unlink(path) != 0 && errno != ENOENT)
            return kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno));
        return KH_E_OK;
    }
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        sb_puts(&sb, ids[i]);
        sb_putc(&sb, '\t');
        escape(&sb, texts[i]);
        sb_putc(&sb, '\n');
    }
    char *tmp = xasprintf("%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    kh_errcode rc = KH_E_OK;
    if (fd < 0 || write(fd, sb.data, sb.len) != (ssize_t)sb.len || fsync(fd) != 0)
        rc = kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
    if (fd >= 0 && close(fd) != 0 && !rc)
        rc = kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
    if (!rc && rename(tmp, path) != 0)
        rc = kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno));
    if (rc) unlink(tmp);
    free(tmp);
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
        sb_reset(&text);
        for (const char *s = tab + 1; *s; s++) {
            if (*s == '\\' && s[1]) {
                s++;
                sb_putc(&text, *s == 'n' ? '\n' : *s == 't' ? '\t' : *s);
            } else {
                sb_putc(&text, *s);
            }
        }
        /* Only text that is still valid comes back. */
        if (text.len && text_valid_utf8(sb_str(&text), text.len, NULL))
            add(ctx, line, sb_str(&text));
    }
    free(line);
    sb_done(&text);
    fclose(f);
    return KH_E_OK;
}
