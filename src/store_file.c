/* What a database file is before SQLite opens it: absent, empty, not SQLite
 * at all, or an SQLite file whose header says how long it must be. Read
 * here, with plain reads of its first 100 bytes, so that a file kehoach must
 * refuse is refused before SQLite (or kehoach) writes a byte to it.
 *
 * The header (https://www.sqlite.org/fileformat2.html#the_database_header):
 * bytes 0-15 "SQLite format 3\0"; 16-17 the page size (big-endian; 1 means
 * 65536); 18-19 the write and read versions (2 and 2: WAL); 24-27 the change
 * counter; 28-31 the size of the database in pages, which is valid only when
 * it is not 0 and 92-95 (version-valid-for) equals the change counter. */
#include "kehoach/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool store_header_parse(const unsigned char *hdr, size_t n, kh_db_header *out)
{
    static const char magic[16] = "SQLite format 3";
    memset(out, 0, sizeof *out);
    if (n < 100 || memcmp(hdr, magic, sizeof magic) != 0) return false;
    uint32_t page = (uint32_t)hdr[16] << 8 | hdr[17];
    if (page == 1) page = 65536;
    /* A power of two from 512 to 65536, as SQLite requires. */
    if (page < 512 || page > 65536 || (page & (page - 1))) return false;
    out->page_size = page;
    out->wal = hdr[18] == 2 && hdr[19] == 2;
    uint32_t pages = be32(hdr + 28);
    out->pages = pages && be32(hdr + 24) == be32(hdr + 92) ? pages : 0;
    return true;
}

bool store_header_damage(const kh_db_header *h, uint64_t size, uint64_t wal_size, char *why,
                         size_t n)
{
    /* SQLite writes whole pages, the main file only ever grows or shrinks by
     * whole pages: a part of a page is a file cut short or padded. */
    if (size % h->page_size) {
        snprintf(why, n, "%llu B = %llu × %u B + %llu B", (unsigned long long)size,
                 (unsigned long long)(size / h->page_size), h->page_size,
                 (unsigned long long)(size % h->page_size));
        return true;
    }
    /* Shorter than its header says. With frames in the WAL that is what a
     * checkpoint stopped half-way leaves (the main file's header is written
     * first, the pages that grow it after); SQLite finishes it from the WAL.
     * Without, the pages past the end are lost. */
    if (h->pages && wal_size == 0 && size < (uint64_t)h->pages * h->page_size) {
        snprintf(why, n, "%llu B < %u × %u B", (unsigned long long)size, h->pages, h->page_size);
        return true;
    }
    return false;
}

/* One look at the file; see store_file_inspect. */
static kh_errcode inspect_once(const char *path, kh_db_file *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    struct stat ls;
    if (lstat(path, &ls) != 0) {
        if (errno == ENOENT) {
            out->kind = STORE_FILE_ABSENT;
            return KH_E_OK;
        }
        return kh_error_set(err, errno == EACCES ? KH_E_DB_PERM : KH_E_DB_OPEN, "%s: %s", path,
                            kh_strerrno(errno));
    }
    out->symlink = S_ISLNK(ls.st_mode);
    /* The WAL is looked at before and after the main file: a checkpoint
     * that grows the main file runs only while its WAL is there. */
    char *wal = xasprintf("%s-wal", path);
    struct stat ws;
    if (stat(wal, &ws) == 0) out->wal_size = (uint64_t)ws.st_size;
    /* O_NONBLOCK: a FIFO must not hang the open. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        int e = errno;
        free(wal);
        if (e == ENOENT) { /* a symbolic link to nothing */
            out->kind = STORE_FILE_ABSENT;
            return KH_E_OK;
        }
        return kh_error_set(err, e == EACCES || e == EPERM ? KH_E_DB_PERM : KH_E_DB_OPEN, "%s: %s",
                            path, kh_strerrno(e));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        bool dir = S_ISDIR(st.st_mode);
        close(fd);
        free(wal);
        out->kind = STORE_FILE_OTHER;
        return kh_error_set(
            err, KH_E_DB_OPEN, "%s: %s", path,
            dir ? kh_strerrno(EISDIR)
                : TR(kh_errno_lang_now(), "không phải tệp thông thường", "not a regular file"));
    }
    if (st.st_size == 0) {
        close(fd);
        free(wal);
        out->kind = STORE_FILE_EMPTY;
        return KH_E_OK;
    }
    /* The header before the size: a file only grows after its header says
     * so. */
    unsigned char hdr[100];
    ssize_t got;
    do got = pread(fd, hdr, sizeof hdr, 0);
    while (got < 0 && errno == EINTR);
    int e = errno;
    if (fstat(fd, &st) != 0) st.st_size = 0;
    close(fd);
    out->size = (uint64_t)st.st_size;
    if (got < 0) {
        free(wal);
        return kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(e));
    }
    if (!store_header_parse(hdr, (size_t)got, &out->header)) {
        free(wal);
        out->kind = STORE_FILE_NOT_SQLITE;
        return KH_E_OK;
    }
    out->kind = STORE_FILE_SQLITE;
    if (stat(wal, &ws) == 0 && (uint64_t)ws.st_size > out->wal_size)
        out->wal_size = (uint64_t)ws.st_size;
    free(wal);
    out->damaged = store_header_damage(&out->header, out->size, out->wal_size, out->damage,
                                       sizeof out->damage);
    return KH_E_OK;
}

kh_errcode store_file_inspect(const char *path, kh_db_file *out, kh_error *err)
{
    kh_errcode rc = inspect_once(path, out, err);
    if (rc || !out->damaged) return rc;
    /* Another process's checkpoint can grow the file between two looks at
     * it: damage is what a second look, a moment later, also finds. */
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
    return inspect_once(path, out, err);
}
