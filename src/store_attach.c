/* The attachments folder beside the database: result files kept under their
 * SHA-256, read-only. The only file I/O of attachments. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash_dl.h"
#include "kehoach/store.h"
#include "kehoach/util.h"

char *store_attach_dir(const char *db_path)
{
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s.attachments", db_path);
    return sb_take(&sb);
}

static void to_hex(const uint8_t *d, size_t n, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * n] = '\0';
}

/* Read fd to its end, hashing it and, when out >= 0, copying it to out.
 * Return KH_E_OK with the hash and size, or an error naming what (path). */
static kh_errcode hash_copy(int fd, int out, int64_t max, char hex[65], int64_t *size,
                            const char *path, kh_error *err)
{
    kh_errcode dl = hash_dl_load(err); /* libnettle, mapped by the first hash */
    if (dl) return dl;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    char buf[65536];
    int64_t total = 0;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno));
        if (r == 0) break;
        total += r;
        if (max >= 0 && total > max) return kh_error_set(err, KH_E_ATTACH_TOO_BIG, "%s", path);
        sha256_update(&ctx, (size_t)r, (const uint8_t *)buf);
        if (out >= 0 && !fd_write_all(out, buf, (size_t)r))
            return kh_error_set(err, errno == ENOSPC || errno == EDQUOT ? KH_E_DB_FULL : KH_E_IO,
                                "%s", kh_strerrno(errno));
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof digest, digest);
    to_hex(digest, sizeof digest, hex);
    *size = total;
    return KH_E_OK;
}

kh_errcode store_attach_hash_fd(int fd, int64_t max, char hex[65], int64_t *size, kh_error *err)
{
    return hash_copy(fd, -1, max, hex, size, "", err);
}

/* Make the folder when absent: group-shared (setgid, 2770, the database's
 * group) when the database is group-writable, else 0700. */
static kh_errcode make_dir(const char *dir, const struct stat *db, kh_error *err)
{
    bool shared = (db->st_mode & S_IWGRP) != 0;
    if (mkdir(dir, shared ? 02770 : 0700) == 0) {
        if (shared) {
            if (chown(dir, (uid_t)-1, db->st_gid) != 0 && errno != EPERM)
                return kh_error_set(err, KH_E_IO, "%s: %s", dir, kh_strerrno(errno));
            chmod(dir, 02770); /* the umask took bits away */
        }
        return KH_E_OK;
    }
    if (errno != EEXIST)
        return kh_error_set(err, errno == EACCES ? KH_E_DB_PERM : KH_E_IO, "%s: %s", dir,
                            kh_strerrno(errno));
    struct stat st;
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return kh_error_set(err, KH_E_IO, "%s: %s", dir, kh_strerrno(ENOTDIR));
    return KH_E_OK;
}

kh_errcode store_attach_put(const char *db_path, const char *src, char sha256[65], int64_t *size,
                            kh_error *err)
{
    int in = open(src, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (in < 0)
        return kh_error_set(err, errno == ENOENT ? KH_E_NOT_FOUND : KH_E_IO, "%s: %s", src,
                            kh_strerrno(errno));
    return store_attach_put_fd(db_path, in, src, sha256, size, err);
}

kh_errcode store_attach_put_fd(const char *db_path, int in, const char *src, char sha256[65],
                               int64_t *size, kh_error *err)
{
    /* The file first, with nothing made yet: unreadable, not a regular file
     * or too big is refused here. */
    struct stat sst;
    if (fstat(in, &sst) != 0) {
        int e = errno;
        close(in);
        return kh_error_set(err, KH_E_IO, "%s: %s", src, kh_strerrno(e));
    }
    if (!S_ISREG(sst.st_mode)) {
        close(in);
        return kh_error_set(
            err, KH_E_IO, "%s: %s", src,
            S_ISDIR(sst.st_mode)
                ? kh_strerrno(EISDIR)
                : TR(kh_errno_lang_now(), "không phải tệp thông thường", "not a regular file"));
    }
    if (sst.st_size > STORE_ATTACH_MAX) {
        close(in);
        return kh_error_set(err, KH_E_ATTACH_TOO_BIG, "%s", src);
    }
    struct stat db;
    if (stat(db_path, &db) != 0) {
        close(in);
        return kh_error_set(err, KH_E_DB_MISSING, "%s: %s", db_path, kh_strerrno(errno));
    }
    char *dir = store_attach_dir(db_path);
    kh_errcode e = make_dir(dir, &db, err);
    char *tmp = NULL, *dest = NULL;
    int out = -1;
    if (!e) {
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s/.incoming.%ld.XXXXXX", dir, (long)getpid());
        tmp = sb_take(&sb);
        out = mkostemp(tmp, O_CLOEXEC);
        if (out < 0) {
            e = kh_error_set(err, errno == EACCES ? KH_E_DB_PERM : KH_E_IO, "%s: %s", dir,
                             kh_strerrno(errno));
            free(tmp);
            tmp = NULL;
        }
    }
    if (!e) e = hash_copy(in, out, STORE_ATTACH_MAX, sha256, size, src, err);
    if (!e && fsync(out) != 0) e = kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
    if (!e) {
        if (db.st_mode & S_IRGRP) {
            if (fchown(out, (uid_t)-1, db.st_gid) != 0 && errno != EPERM)
                e = kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
        }
        /* Read-only, for the owner and the group (an office shares the
         * folder; the folder itself keeps a private database's private). */
        if (!e && fchmod(out, 0440) != 0)
            e = kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
    }
    if (out >= 0 && close(out) != 0 && !e)
        e = kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
    close(in);
    if (!e) {
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s/%s", dir, sha256);
        dest = sb_take(&sb);
        struct stat have;
        /* Content-addressed: a file of this name holds this content already
         * (or was changed, which `attachment` will say); it is kept. */
        if (lstat(dest, &have) == 0) {
            unlink(tmp);
        } else if (rename(tmp, dest) != 0) {
            e = kh_error_set(err, KH_E_IO, "%s: %s", dest, kh_strerrno(errno));
        } else {
            int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (dfd >= 0) {
                fsync(dfd);
                close(dfd);
            }
        }
    }
    if (e && tmp) unlink(tmp);
    free(tmp);
    free(dest);
    free(dir);
    return e;
}

/* Return true when s is 64 lowercase hex digits: a name in the folder. */
static bool is_hash(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f'))) return false;
    return n == 64;
}

kh_errcode store_attach_get(const char *db_path, const char *sha256, int fd, kh_error *err)
{
    if (!sha256 || !is_hash(sha256))
        return kh_error_set(err, KH_E_ATTACH_MISSING, "%s", sha256 ? sha256 : "");
    char *dir = store_attach_dir(db_path);
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s/%s", dir, sha256);
    char *path = sb_take(&sb);
    free(dir);
    kh_errcode e = KH_E_OK;
    int in = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    struct stat st;
    if (in < 0)
        e = kh_error_set(err, errno == ENOENT ? KH_E_ATTACH_MISSING : KH_E_IO, "%s: %s", path,
                         kh_strerrno(errno));
    else if (fstat(in, &st) != 0 || !S_ISREG(st.st_mode))
        e = kh_error_set(err, KH_E_ATTACH_CHANGED, "%s", path);
    char hex[65];
    int64_t size;
    if (!e) e = hash_copy(in, fd, -1, hex, &size, path, err);
    if (!e && strcmp(hex, sha256) != 0)
        e = kh_error_set(err, KH_E_ATTACH_CHANGED, "%s: sha256 %s", path, hex);
    if (in >= 0) close(in);
    free(path);
    return e;
}
