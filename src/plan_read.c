/* Reading a plan file and the byte checks made before YAML sees it;
 * the diagnostics list. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kehoach/text.h"
#include "plan_conv.h"

/* ---- diagnostics ---- */

void diags_add(kh_diags *d, int line, int col, const char *fmt, ...)
{
    if (d->n >= PLAN_MAX_ERRORS) return;
    KH_GROW(d->v, d->n, d->cap);
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    d->v[d->n++] = (kh_diag){line, col, sb_take(&sb)};
}

void diags_free(kh_diags *d)
{
    for (size_t i = 0; i < d->n; i++) free(d->v[i].msg);
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}
/* Return true when buf starts as UTF-16 or UTF-32 text does: a byte order
 * mark, or (without one) text whose characters are mostly ASCII, as YAML is,
 * so that in at least three pairs of four of the first 64 bytes one byte is
 * zero, always the same one of the pair, and the other not. A binary file
 * with a zero byte near its start is not called so. */
static bool looks_wide(const unsigned char *b, size_t len)
{
    if (len < 2) return false;
    if ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff)) return true;
    /* UTF-32: little-endian ASCII, or big-endian anything below U+10000 */
    if ((len >= 4 && b[0] && !b[1] && !b[2] && !b[3]) || (len >= 4 && !b[0] && !b[1])) return true;
    size_t pairs = (len < 64 ? len : 64) / 2, le = 0, be = 0;
    for (size_t i = 0; i < pairs; i++) {
        le += b[2 * i] && !b[2 * i + 1];
        be += !b[2 * i] && b[2 * i + 1];
    }
    return 4 * le >= 3 * pairs || 4 * be >= 3 * pairs;
}

/* Problems libyaml would report badly or not at all. */
bool plan_check_bytes(const char *buf, size_t len, kh_lang lang, kh_diags *diags)
{
    if (looks_wide((const unsigned char *)buf, len)) {
        diags_add(diags, 1, 1, "%s",
                  TR(lang, "tệp được mã hóa UTF-16 hoặc UTF-32; hãy lưu lại dưới dạng UTF-8",
                     "the file is encoded in UTF-16 or UTF-32; save it as UTF-8"));
        return false;
    }
    const char *nul = memchr(buf, '\0', len);
    size_t bad;
    bool valid = text_valid_utf8(buf, nul ? (size_t)(nul - buf) : len, &bad);
    int line, col;
    if (!valid) {
        yr_locate(buf, bad, &line, &col);
        diags_add(diags, line, col,
                  TR(lang, "byte 0x%02X không hợp lệ trong UTF-8; hãy lưu tệp dưới dạng UTF-8",
                     "byte 0x%02X is not valid UTF-8; save the file as UTF-8"),
                  (unsigned char)buf[bad]);
        return false;
    }
    if (nul) {
        yr_locate(buf, (size_t)(nul - buf), &line, &col);
        diags_add(diags, line, col, "%s",
                  TR(lang, "tệp chứa byte NUL (0x00); đây không phải tệp văn bản",
                     "the file contains a NUL byte (0x00); it is not a text file"));
        return false;
    }
    /* YAML counts U+0085, U+2028 and U+2029 as line breaks and editors do
     * not, so every later line number would be off: refuse them. */
    for (size_t i = 0; i + 1 < len; i++) {
        unsigned char a = (unsigned char)buf[i], b = (unsigned char)buf[i + 1];
        bool nel = a == 0xc2 && b == 0x85;
        bool sep = a == 0xe2 && b == 0x80 && i + 2 < len &&
                   ((unsigned char)buf[i + 2] == 0xa8 || (unsigned char)buf[i + 2] == 0xa9);
        if (!nel && !sep) continue;
        yr_locate(buf, i, &line, &col);
        diags_add(diags, line, col,
                  TR(lang,
                     "ký tự ngắt dòng đặc biệt U+%04X (thường do chép từ Word); hãy thay bằng "
                     "xuống dòng thường hoặc dấu cách",
                     "the special line break U+%04X (often pasted from Word); replace it with an "
                     "ordinary line break or a space"),
                  nel                                 ? 0x85u
                  : (unsigned char)buf[i + 2] == 0xa8 ? 0x2028u
                                                      : 0x2029u);
        return false;
    }
    return true;
}
/* The reason a file could not be opened, in the UI language. */
static const char *errno_words(int e, kh_lang lang)
{
    switch (e) {
    case ENOENT: return TR(lang, "không có tệp này", "no such file");
    case EACCES:
    case EPERM: return TR(lang, "không có quyền đọc", "permission denied");
    case ENOTDIR:
        return TR(lang, "một phần của đường dẫn không phải thư mục",
                  "a part of the path is not a folder");
    case ELOOP: return TR(lang, "quá nhiều liên kết tượng trưng", "too many symbolic links");
    case ENAMETOOLONG: return TR(lang, "đường dẫn quá dài", "the path is too long");
    default: return kh_strerrno(e);
    }
}

/* For a file the user may not read, append who may: the group and mode of
 * the file, or of the nearest folder above it that can be looked at (a
 * shared folder of mode 2770 hides what is in it). */
static void perm_hint(strbuf *sb, const char *path, kh_lang lang)
{
    char *p = xstrdup(path);
    struct stat st;
    bool found = stat(p, &st) == 0;
    while (!found) {
        char *slash = strrchr(p, '/');
        if (!slash) {
            strcpy(p, ".");
        } else if (slash == p) {
            p[1] = '\0';
        } else {
            *slash = '\0';
        }
        found = stat(p, &st) == 0;
        if (!slash || slash == p) break;
    }
    /* Joining the group helps only when the group may read the file (or pass
     * through the folder); otherwise only its owner can give the right. */
    mode_t group_may = S_ISDIR(st.st_mode) ? S_IXGRP : S_IRGRP;
    if (found && !(st.st_mode & group_may)) {
        struct passwd *o = getpwuid(st.st_uid);
        char uid[24];
        snprintf(uid, sizeof uid, "%u", (unsigned)st.st_uid);
        sb_printf(sb,
                  TR(lang,
                     " (%s: chủ %s, quyền %04o; nhóm cũng không được đọc: hãy nhờ %s hoặc "
                     "quản trị cấp quyền đọc)",
                     " (%s: owner %s, mode %04o; its group may not read it either: ask %s or "
                     "the administrator for read access)"),
                  p, o ? o->pw_name : uid, (unsigned)(st.st_mode & 07777), o ? o->pw_name : uid);
    } else if (found) {
        struct group *g = getgrgid(st.st_gid);
        char gid[24];
        snprintf(gid, sizeof gid, "%u", (unsigned)st.st_gid);
        sb_printf(sb,
                  TR(lang,
                     " (%s: nhóm %s, quyền %04o; hãy nhờ quản trị thêm tài khoản của bạn vào "
                     "nhóm %s)",
                     " (%s: group %s, mode %04o; ask the administrator to add your account to "
                     "the group %s)"),
                  p, g ? g->gr_name : gid, (unsigned)(st.st_mode & 07777), g ? g->gr_name : gid);
    }
    free(p);
}

kh_errcode plan_read_file(const char *path, kh_lang lang, char **buf_out, size_t *len_out,
                          kh_diags *diags)
{
    *buf_out = NULL;
    *len_out = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        strbuf hint = STRBUF_INIT;
        if (e == EACCES || e == EPERM) perm_hint(&hint, path, lang);
        diags_add(diags, 0, 0, TR(lang, "không mở được tệp: %s%s", "cannot open the file: %s%s"),
                  errno_words(e, lang), sb_str(&hint));
        sb_done(&hint);
        return KH_E_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const char *what = S_ISDIR(st.st_mode)    ? TR(lang, "một thư mục", "a directory")
                           : S_ISFIFO(st.st_mode) ? TR(lang, "một FIFO (ống)", "a FIFO")
                           : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
                               ? TR(lang, "một thiết bị", "a device")
                               : TR(lang, "tệp đặc biệt", "a special file");
        diags_add(diags, 0, 0,
                  TR(lang, "không phải tệp kế hoạch thông thường: đây là %s",
                     "not a regular plan file: it is %s"),
                  what);
        close(fd);
        return KH_E_IO;
    }
    if (st.st_size > PLAN_MAX_BYTES) {
        diags_add(diags, 0, 0,
                  TR(lang, "tệp quá lớn (%lld byte; tối đa %d MiB)",
                     "the file is too large (%lld bytes; at most %d MiB)"),
                  (long long)st.st_size, PLAN_MAX_BYTES / (1024 * 1024));
        close(fd);
        return KH_E_PLAN;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        ssize_t k = read(fd, buf + len, cap - len);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0 && errno == EAGAIN) continue;
        if (k < 0) {
            diags_add(diags, 0, 0, TR(lang, "lỗi khi đọc tệp: %s", "error reading the file: %s"),
                      kh_strerrno(errno));
            free(buf);
            close(fd);
            return KH_E_IO;
        }
        if (k == 0) break;
        len += (size_t)k;
        if (len == cap) {
            /* It grew while we read; take at most the limit and one byte more. */
            if (cap > PLAN_MAX_BYTES) break;
            cap = cap * 2 > (size_t)PLAN_MAX_BYTES + 1 ? (size_t)PLAN_MAX_BYTES + 1 : cap * 2;
            buf = xreallocarray(buf, cap, 1);
        }
    }
    close(fd);
    *buf_out = buf;
    *len_out = len;
    return KH_E_OK;
}
