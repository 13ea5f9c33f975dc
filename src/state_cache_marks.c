/* A database's change marks, for the state cache: read from the files as
 * SQLite's file format documents them (https://www.sqlite.org/fileformat2.html),
 * without SQLite.
 *
 * What changes the content, and what shows it:
 *   - A commit in WAL mode appends frames to the -wal. Without a restart the
 *     file grows (its size), or, after a restart that kept the file's length,
 *     frames are written over old ones from the start: the frame after the
 *     last valid one then carries the WAL header's salts (a frame is valid
 *     only with them), so it is read and checked, whatever the clock says.
 *   - A WAL restart writes a new header: salt-1 one more, salt-2 random.
 *   - A checkpoint writes the database file (its times change: a miss, not
 *     a wrong state); the last close may delete or empty the -wal.
 *   - A write in rollback-journal mode (the sqlite3 shell can set it) writes
 *     the database file in place, with a -journal beside it meanwhile.
 *   - A database replaced (rename) has another inode; an edit that keeps the
 *     size and resets the mtime still moves the ctime, which no one can set.
 * A write of the database file is therefore seen by its times only, and two
 * writes within one tick of the file system's clock carry the same times:
 * marks are believed only when the file's times are older than that
 * (state_marks_settled), as git does for its racily clean index. */
#include "kehoach/state_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
    WAL_HEAD = 32,
    FRAME_HEAD = 24,
    SHM_HEAD = 48, /* one copy of the WAL-index header; two follow each other */
    SHM_VERSION = 3007000,
};

static int64_t ns_of(struct timespec t)
{
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Return true when all n bytes at off were read. */
static bool read_at(int fd, void *buf, size_t n, int64_t off)
{
    ssize_t k = pread(fd, buf, n, (off_t)off);
    return k == (ssize_t)n;
}

/* Set name to db with suffix; return false when it does not fit. */
static bool beside(char *name, size_t size, const char *db, const char *suffix)
{
    int n = snprintf(name, size, "%s%s", db, suffix);
    return n > 0 && (size_t)n < size;
}

/* The database file's part of the marks. Return false when it is no
 * regular file with a whole header. */
static bool db_marks(const char *db, kh_db_marks *m)
{
    int fd = open(db, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return false;
    struct stat st;
    bool ok =
        fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && read_at(fd, m->db_head, sizeof m->db_head, 0);
    close(fd);
    if (!ok) return false;
    m->db_dev = (uint64_t)st.st_dev;
    m->db_ino = (uint64_t)st.st_ino;
    m->db_size = (int64_t)st.st_size;
    m->db_mtime_ns = ns_of(st.st_mtim);
    m->db_ctime_ns = ns_of(st.st_ctim);
    return true;
}

/* Return true when no rollback journal is beside db: none is there while a
 * write in that mode is under way, or after one was cut short (the next
 * reader rolls it back: the content would change). */
static bool no_journal(const char *db)
{
    char name[PATH_MAX + 16];
    struct stat st;
    return beside(name, sizeof name, db, "-journal") && stat(name, &st) != 0 && errno == ENOENT;
}

/* The page size of a WAL header, or 0 when it is no WAL header. */
static uint32_t wal_page_size(const unsigned char *h)
{
    uint32_t magic = be32(h), size = be32(h + 8);
    if ((magic != 0x377f0682 && magic != 0x377f0683) || be32(h + 4) != 3007000) return 0;
    return size >= 512 && size <= 65536 && (size & (size - 1)) == 0 ? size : 0;
}

static int64_t frame_at(uint32_t frame, uint32_t page)
{
    return WAL_HEAD + (int64_t)(frame - 1) * (FRAME_HEAD + page);
}

/* Return true when the frame after the first `frames` of the WAL open on fd
 * (size bytes, header h) could be valid: it lies whole in the file and has
 * the header's salts. Such a frame is being written, or was written by a
 * commit the -shm does not show yet. */
static bool frame_follows(int fd, int64_t size, const unsigned char *h, uint32_t frames)
{
    uint32_t page = wal_page_size(h);
    int64_t at = frame_at(frames + 1, page);
    if (at + FRAME_HEAD + page > size) return false;
    unsigned char f[FRAME_HEAD];
    if (!read_at(fd, f, sizeof f, at)) return true; /* cannot tell: as if */
    return memcmp(f + 8, h + 16, 8) == 0;
}

/* The valid frames of the WAL as its -shm says (both copies of the
 * WAL-index header alike, initialised, with the WAL header's salts).
 * Return false when it does not say. */
static bool shm_frames(const char *db, const unsigned char *wal_head, uint32_t *frames)
{
    char name[PATH_MAX + 16];
    if (!beside(name, sizeof name, db, "-shm")) return false;
    int fd = open(name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return false;
    unsigned char h[2 * SHM_HEAD];
    bool ok = read_at(fd, h, sizeof h, 0);
    close(fd);
    if (!ok || memcmp(h, h + SHM_HEAD, SHM_HEAD) != 0) return false;
    uint32_t version, mx;
    memcpy(&version, h, 4); /* native byte order, as the wal-index is */
    memcpy(&mx, h + 16, 4);
    if (version != SHM_VERSION || h[12] != 1) return false;
    if (mx && memcmp(h + 32, wal_head + 16, 8) != 0) return false;
    *frames = mx;
    return true;
}

bool state_marks_take(const char *db, kh_db_marks *out, int64_t *now_ns)
{
    memset(out, 0, sizeof *out);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    *now_ns = ns_of(now);
    if (!db_marks(db, out) || !no_journal(db)) return false;
    char name[PATH_MAX + 16];
    if (!beside(name, sizeof name, db, "-wal")) return false;
    int fd = open(name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return errno == ENOENT;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    out->wal = 1;
    out->wal_dev = (uint64_t)st.st_dev;
    out->wal_ino = (uint64_t)st.st_ino;
    out->wal_size = (int64_t)st.st_size;
    /* Empty: no frame (how a last close may leave it). Else a header, and
     * the -shm's count of valid frames: the last one's header kept. */
    if (ok && st.st_size > 0) {
        ok = st.st_size >= WAL_HEAD && read_at(fd, out->wal_head, WAL_HEAD, 0) &&
             wal_page_size(out->wal_head) && shm_frames(db, out->wal_head, &out->frames);
        uint32_t page = ok ? wal_page_size(out->wal_head) : 0;
        if (ok && out->frames) {
            int64_t at = frame_at(out->frames, page);
            ok = at + FRAME_HEAD + page <= st.st_size &&
                 read_at(fd, out->frame_head, FRAME_HEAD, at) &&
                 memcmp(out->frame_head + 8, out->wal_head + 16, 8) == 0;
        }
        if (ok) ok = !frame_follows(fd, st.st_size, out->wal_head, out->frames);
    }
    close(fd);
    return ok;
}

bool state_marks_same(const char *db, const kh_db_marks *m)
{
    kh_db_marks now;
    memset(&now, 0, sizeof now);
    if (!db_marks(db, &now) || now.db_dev != m->db_dev || now.db_ino != m->db_ino ||
        now.db_size != m->db_size || now.db_mtime_ns != m->db_mtime_ns ||
        now.db_ctime_ns != m->db_ctime_ns || memcmp(now.db_head, m->db_head, sizeof m->db_head))
        return false;
    if (!no_journal(db)) return false;
    char name[PATH_MAX + 16];
    if (!beside(name, sizeof name, db, "-wal")) return false;
    int fd = open(name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return errno == ENOENT && !m->wal;
    struct stat st;
    bool same = m->wal && fstat(fd, &st) == 0 && (uint64_t)st.st_dev == m->wal_dev &&
                (uint64_t)st.st_ino == m->wal_ino && (int64_t)st.st_size == m->wal_size;
    if (same && st.st_size > 0) {
        unsigned char h[WAL_HEAD], f[FRAME_HEAD];
        same = read_at(fd, h, sizeof h, 0) && !memcmp(h, m->wal_head, sizeof h);
        uint32_t page = same ? wal_page_size(h) : 0;
        if (same && !page) same = false;
        if (same && m->frames)
            same = read_at(fd, f, sizeof f, frame_at(m->frames, page)) &&
                   !memcmp(f, m->frame_head, sizeof f);
        /* A commit after a restart, over old frames: the file keeps its
         * size and header, the next frame gets the salts. */
        if (same) same = !frame_follows(fd, st.st_size, h, m->frames);
    }
    close(fd);
    return same;
}

bool state_marks_settled(const kh_db_marks *m, int64_t now_ns)
{
    /* Times in whole seconds: a file system that keeps no finer (FAT keeps
     * two seconds); else a few ticks of the kernel's coarse clock. */
    bool whole = m->db_mtime_ns % 1000000000 == 0 || m->db_ctime_ns % 1000000000 == 0;
    int64_t margin = whole ? 2500000000 : 50000000;
    return m->db_mtime_ns < now_ns - margin && m->db_ctime_ns < now_ns - margin;
}
