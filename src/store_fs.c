/* Is the database on a local file system? SQLite's WAL needs POSIX locks and
 * a shared-memory file (-shm, mapped by every process) that all writers see
 * alike; on a network file system neither holds across machines, and two
 * writers on two machines can corrupt the database. statfs(2) names most
 * network file systems by their magic number. FUSE file systems all share one
 * (FUSE_SUPER_MAGIC, whether the mount is "fuse", "fuse.sshfs" or a USB disk's
 * "fuseblk"; `stat -f` calls them all "fuseblk"), so for those the type of
 * the mount in /proc/self/mountinfo decides. */
#include "kehoach/store.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "kehoach/util.h"

#define FUSE_MAGIC 0x65735546UL /* FUSE_SUPER_MAGIC in linux/magic.h */

/* Return true for the statfs(2) magic number of a network file system. */
bool store_fs_is_network(unsigned long fs_type)
{
    /* statfs(2) magic numbers (linux/magic.h) of file systems whose locks and
     * shared memory do not hold across machines: SQLite's WAL needs both. */
    static const unsigned long network[] = {
        0x6969,     /* NFS */
        0x517B,     /* SMB */
        0xFF534D42, /* CIFS */
        0xFE534D42, /* SMB2 */
        0x5346414F, /* AFS */
        0x6B414653, /* kAFS */
        0x73757245, /* CODA */
        0x564C,     /* NCP */
        0x01021997, /* 9P */
        0x00C36400, /* CEPH */
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(network); i++)
        if (fs_type == network[i]) return true;
    return false;
}

/* Whether a FUSE mount of this type (the mountinfo field: "fuse", "fuseblk",
 * "fuse.SUBTYPE", "fuseblk.SUBTYPE") and source is a network file system.
 *
 * Network: the subtypes below, clients of a remote server or an object store
 * (SSH/SFTP, FTP, WebDAV, SMB, S3, Google Cloud Storage, Azure Blob, cloud
 * drives, GlusterFS, CephFS, MooseFS/LizardFS, JuiceFS, SeaweedFS, Keybase,
 * GNOME's gvfs, which reaches the shares it mounts over the network); and a
 * plain "fuse" mount whose source is an http(s) URL, as davfs2 mounts a WebDAV
 * share.
 *
 * Local, and so allowed: "fuseblk" and every "fuseblk.*" (the kernel gives
 * that type only to a FUSE file system on a local block device: ntfs-3g,
 * exfat-fuse on a USB disk), and every FUSE type not listed: ntfs-3g and
 * exfat as "fuse.*", encfs, gocryptfs, bindfs, mergerfs, lxcfs, AppImages,
 * virtiofs (a virtual machine's view of its host's disk). An unknown type is
 * allowed rather than refused because refusing would lock people out of
 * legitimate local use (a USB disk, an encrypted home) for the sake of a
 * network file system nobody has met yet; when one turns up, it belongs in
 * this list. */
static bool fuse_type_is_network(const char *type, const char *source)
{
    /* clang-format off */
    static const char *const network[] = {
        "sshfs", "curlftpfs",                                 /* SSH/SFTP, FTP */
        "davfs", "davfs2", "webdavfs", "smbnetfs",            /* WebDAV, SMB */
        "rclone", "s3fs", "goofys", "mountpoint-s3", "ossfs", /* object stores... */
        "cosfs", "obsfs", "gcsfuse", "blobfuse", "blobfuse2", /* ...and their buckets */
        "google-drive-ocamlfuse", "onedriver", "kbfsfuse",    /* cloud drives, Keybase */
        "glusterfs", "ceph", "ceph-fuse", "mfs", "lizardfs",  /* cluster file systems */
        "juicefs", "seaweedfs",                               /* likewise */
        "gvfsd-fuse",                                         /* GNOME's remote shares */
    };
    /* clang-format on */
    /* davfs2 mounts through the kernel's FUSE without libfuse, as plain
     * "fuse" with the share's URL as source; an old davfs2 on Coda has the
     * type "davfs" (and Coda's magic number, already refused). */
    if (!strcmp(type, "davfs")) return true;
    if (!strcmp(type, "fuse"))
        return !strncmp(source, "http://", 7) || !strncmp(source, "https://", 8);
    if (strncmp(type, "fuse.", 5) != 0) return false; /* "fuseblk[.*]", "virtiofs"... */
    for (size_t i = 0; i < KH_ARRAY_LEN(network); i++)
        if (!strcmp(type + 5, network[i])) return true;
    return false;
}

/* Undo mountinfo's escapes in place: the kernel writes a space, tab, newline
 * or backslash in a path as \040, \011, \012, \134. */
static void unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
            r[3] >= '0' && r[3] <= '7') {
            *w++ = (char)((r[1] - '0') << 6 | (r[2] - '0') << 3 | (r[3] - '0'));
            r += 4;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

/* Return the length of the mount point mp when it holds path, by whole
 * components ("/mnt/ssh" holds "/mnt/ssh" and "/mnt/ssh/k.db", not
 * "/mnt/sshfs-data"); else -1. */
static long holds(const char *mp, const char *path)
{
    size_t n = strlen(mp);
    if (mp[0] != '/') return -1;
    if (n == 1) return path[0] == '/' ? 1 : -1; /* "/" holds every absolute path */
    if (strncmp(mp, path, n) != 0) return -1;
    return path[n] == '\0' || path[n] == '/' ? (long)n : -1;
}

/* One line of mountinfo, split in place:
 *   36 35 98:0 /root /mnt/point rw,noatime master:1 - TYPE SOURCE rw,...
 * its id, its parent's id, the mount point (the fifth field), and the TYPE
 * and SOURCE that follow the lone "-" ending the optional fields. */
typedef struct {
    const char *id, *parent, *mp, *type, *source;
} mount_line;

/* Split line into *m, unescaped; return false when it has no such shape. */
static bool split_line(char *line, mount_line *m)
{
    char *field[5];
    char *save = NULL;
    int i = 0;
    for (char *f = strtok_r(line, " ", &save); f; f = strtok_r(NULL, " ", &save)) {
        if (i < 5) {
            field[i++] = f;
            continue;
        }
        if (strcmp(f, "-") != 0) continue; /* the options, the optional fields */
        char *type = strtok_r(NULL, " ", &save);
        char *source = type ? strtok_r(NULL, " ", &save) : NULL;
        if (!source) return false;
        unescape(field[4]);
        unescape(type);
        unescape(source);
        *m = (mount_line){field[0], field[1], field[4], type, source};
        return true;
    }
    return false;
}

/* Whether m is out of sight, though still listed: another mount is stacked on
 * it (its child on the same point), or a sibling (same parent) is mounted on
 * a folder above m's mount point, so that paths there lead into that one. */
static bool hidden(const mount_line *m, const mount_line *all, size_t n)
{
    size_t len = strlen(m->mp);
    for (size_t i = 0; i < n; i++) {
        const mount_line *o = &all[i];
        if (o == m) continue;
        if (!strcmp(o->parent, m->id) && !strcmp(o->mp, m->mp)) return true;
        if (!strcmp(o->parent, m->parent) && strlen(o->mp) < len && holds(o->mp, m->mp) > 0)
            return true;
    }
    return false;
}

/* Return true when the mount holding real_path in the mountinfo text is a
 * network FUSE file system; its type goes to type. */
bool store_fs_fuse_is_network(const char *mountinfo, const char *real_path, char *type,
                              size_t type_size)
{
    if (type && type_size) type[0] = '\0';
    if (!mountinfo || !real_path || real_path[0] != '/') return false;
    char *text = xstrdup(mountinfo);
    mount_line *all = NULL;
    size_t n = 0, cap = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        KH_GROW(all, n, cap);
        if (split_line(line, &all[n])) n++;
    }
    /* The visible mount with the longest mount point holding the path; of two
     * on the same point (neither stacked on the other), the later line. */
    const mount_line *best = NULL;
    long best_len = -1;
    for (size_t i = 0; i < n; i++) {
        long len = holds(all[i].mp, real_path);
        if (len < 0 || len < best_len || hidden(&all[i], all, n)) continue;
        best = &all[i];
        best_len = len;
    }
    bool network = best && fuse_type_is_network(best->type, best->source);
    if (best && type && type_size) snprintf(type, type_size, "%s", best->type);
    free(all);
    free(text);
    return network;
}

/* Return /proc/self/mountinfo as a heap string, or NULL when it cannot be
 * read (no /proc). Its size is not known beforehand: read to the end. */
static char *read_mountinfo(void)
{
    FILE *f = fopen("/proc/self/mountinfo", "re");
    if (!f) return NULL;
    strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_add(&sb, buf, n);
    bool bad = ferror(f);
    fclose(f);
    if (bad || !sb.data) {
        free(sb.data);
        return NULL;
    }
    return sb.data;
}

/* Whether the FUSE file system holding path (which exists) is a network one;
 * its type goes to type. Unsure (no realpath, no /proc): not network. */
static bool fuse_path_is_network(const char *path, char *type, size_t type_size)
{
    char *real = realpath(path, NULL);
    if (!real) return false;
    char *info = read_mountinfo();
    bool network = store_fs_fuse_is_network(info, real, type, type_size);
    free(info);
    free(real);
    return network;
}

/* Return KH_E_OK, or KH_E_DB_NOWAL when path is on a network file system. */
kh_errcode store_fs_check_local(const char *path, kh_error *err)
{
    /* The file, or the folder it is to be made in. */
    char *where = xstrdup(path);
    struct statfs fs;
    int rc = statfs(where, &fs);
    if (rc != 0) {
        char *dir = xstrdup(dirname(where));
        free(where);
        where = dir;
        rc = statfs(where, &fs);
    }
    kh_errcode code = KH_E_OK;
    char type[64];
    if (rc != 0) {
        /* Nothing to judge: opening the file will say what is wrong. */
    } else if (store_fs_is_network((unsigned long)fs.f_type)) {
        code = kh_error_set(err, KH_E_DB_NOWAL, "%s", path);
    } else if ((unsigned long)fs.f_type == FUSE_MAGIC &&
               fuse_path_is_network(where, type, sizeof type)) {
        code = kh_error_set(err, KH_E_DB_NOWAL, "%s (%s)", path, type);
    }
    free(where);
    return code;
}

/* access(2) with the effective ids: the office server's setgid program
 * writes with its group, which access(2) alone would not count. */
static int may(const char *path, int mode)
{
    return faccessat(AT_FDCWD, path, mode, AT_EACCESS);
}

/* Return true when the file at path is there and this user may write it. */
static bool writable_file(const char *path)
{
    return may(path, W_OK) == 0;
}

kh_errcode store_fs_check_writable(const char *path, kh_error *err)
{
    if (may(path, W_OK) != 0) {
        int e = errno;
        struct stat st;
        if (e == EROFS || e == EPERM)
            return kh_error_set(err, KH_E_DB_READONLY, "%s: %s", path, kh_strerrno(e));
        if (e != EACCES) return KH_E_OK; /* SQLite says what it is */
        if (stat(path, &st) == 0 && st.st_uid == geteuid())
            return kh_error_set(err, KH_E_DB_READONLY, "%s: %s (%04o)", path, kh_strerrno(e),
                                (unsigned)(st.st_mode & 07777));
        return kh_error_set(err, KH_E_DB_PERM, "%s: %s", path, kh_strerrno(e));
    }
    /* A writer makes the WAL's -wal and -shm beside the file, unless they
     * are there already and it may write them (someone has it open). */
    char *copy = xstrdup(path);
    const char *dir = dirname(copy);
    kh_errcode rc = KH_E_OK;
    if (may(dir, W_OK | X_OK) != 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
        int e = errno;
        char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path);
        if (!writable_file(wal) || !writable_file(shm))
            rc = kh_error_set(err, KH_E_DB_READONLY, "%s: %s: %s", path, dir, kh_strerrno(e));
        free(wal);
        free(shm);
    }
    free(copy);
    return rc;
}
