/* The workspace cache: $XDG_CACHE_HOME/kehoach/<hash of the folder>.ws.
 *
 * Layout (every offset checked before it is used):
 *   - a header (magic, format, this build, the page size it was laid out
 *     for, the number of entries, where the plan caches begin, the hash of
 *     the index: everything before them but the hash itself);
 *   - the entries, sorted by path: a plan file's path, the XXH3-128 and
 *     length of its content, where its plan cache and its state cache lie;
 *   - a string pool (paths, the folder's name);
 *   - the state caches, each a state cache file byte for byte;
 *   - then the plan caches, each a plan cache file byte for byte.
 * The file is mapped once, for as long as the workspace is open: the plans
 * read from it point into the map (their plan->mapping is NULL, so
 * model_free leaves it alone) and workspace_close unmaps it after them, in
 * one munmap (not one a plan: unmapping a part splits the mapping and
 * flushes the TLB each time).
 *
 * What keeps it right is what keeps the caches it holds right: a plan is
 * served only for exactly the content the scan hashed from its file at this
 * run (the plan cache's own rule: never the file's time or size alone, so
 * an edit in place that keeps both is seen), and a state only while the
 * database shows the marks it was read under (state_marks_same); each part
 * is checked whole (its own hash) as the caches check their files. The
 * file is believed only as they are: the running user's, in a folder of
 * theirs nobody else may write (plan_cache_trusted), and its plans only for
 * plan files of the running user's (the scan hashes no other). A file that
 * is damaged, truncated or of another build is not used and is written
 * again after the run. */
#include "kehoach/workspace_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kehoach/plan_cache.h"

enum { WS_CACHE_FORMAT = 1 };
static const char ws_magic[8] = {'K', 'H', 'W', 'S', 'P', 'A', 'C', '1'};

typedef struct {
    char magic[8];
    uint32_t format;
    uint32_t header_size;
    uint64_t build[2];
    uint64_t align;     /* the plan caches lie at multiples of it (8) */
    uint64_t nentries;  /* entries right after the header */
    uint64_t pool_at;   /* the string pool (after the entries) */
    uint64_t pool_len;  /* ends in a NUL */
    uint64_t front;     /* the index's end: the plan caches follow */
    uint64_t file_size; /* the whole file */
    uint64_t dir;       /* the folder's name (pool offset) */
    uint64_t pad;
    unsigned char body_hash[16]; /* last: header and index (plan_cache_file_hash) */
} header;

typedef struct {
    uint64_t path; /* pool offset */
    unsigned char hash[16];
    uint64_t len;
    uint64_t plan_at, plan_size;   /* 0, 0: none */
    uint64_t state_at, state_size; /* 0, 0: none */
} entry;

_Static_assert(sizeof(header) % 8 == 0 && sizeof(entry) % 8 == 0, "records lie at 8");
_Static_assert(offsetof(header, body_hash) + 16 == sizeof(header), "body_hash is last");

struct kh_ws_cache {
    char *base;
    size_t size;
    const header *h;
    const entry *e;
    bool *taken;  /* plan caches a plan was read from */
    bool *served; /* states laid from it */
};

static uint64_t round_up(uint64_t v, uint64_t to)
{
    return (v + to - 1) / to * to;
}

/* The folder's key: its name as given, made absolute with the working
 * folder (no realpath: two spellings are two caches, which is harmless). */
static char *dir_key(const char *dir)
{
    char cwd[PATH_MAX];
    if (dir[0] == '/' || !getcwd(cwd, sizeof cwd)) return xstrdup(dir);
    return xasprintf("%s/%s", cwd, dir);
}

char *workspace_cache_file(const char *dir)
{
    char *folder = plan_cache_folder();
    if (!folder) return NULL;
    char *key = dir_key(dir);
    char *file =
        xasprintf("%s/%016llx.ws", folder, (unsigned long long)XXH3_64bits(key, strlen(key)));
    free(key);
    free(folder);
    return file;
}

static const char *pool_str(const kh_ws_cache *c, uint64_t at)
{
    return at < c->h->pool_len ? c->base + c->h->pool_at + at : NULL;
}

/* Return true when c's index holds together: every entry's path in the
 * pool, sorted; every state cache inside the index's end; the plan caches
 * one after the other from it, each at a multiple of 8. */
static bool index_fits(const kh_ws_cache *c, const char *dir)
{
    const header *h = c->h;
    const char *name = pool_str(c, h->dir);
    if (!name || strcmp(name, dir)) return false;
    uint64_t next = h->front;
    const char *prev = NULL;
    for (uint64_t i = 0; i < h->nentries; i++) {
        const entry *e = &c->e[i];
        const char *path = pool_str(c, e->path);
        if (!path || (prev && strcmp(prev, path) >= 0)) return false;
        prev = path;
        if (e->state_size && (e->state_at % 8 || e->state_at < h->pool_at + h->pool_len ||
                              e->state_at > h->front || e->state_size > h->front - e->state_at))
            return false;
        if (!e->plan_size) continue;
        if (e->plan_at != next || e->plan_size > c->size - e->plan_at) return false;
        next = round_up(e->plan_at + e->plan_size, 8);
    }
    return true;
}

kh_ws_cache *workspace_cache_open(const char *dir)
{
    const char *off = getenv("KEHOACH_NO_CACHE");
    if (off && *off) return NULL;
    char *folder = plan_cache_folder();
    if (!folder) return NULL;
    char *file = workspace_cache_file(dir);
    int fd = file ? open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) : -1;
    free(file);
    struct stat st, fst;
    bool ok = fd >= 0 && fstat(fd, &st) == 0 && stat(folder, &fst) == 0 &&
              plan_cache_trusted(&st, &fst, geteuid(), geteuid()) &&
              (size_t)st.st_size > sizeof(header);
    free(folder);
    void *map = MAP_FAILED;
    size_t size = ok ? (size_t)st.st_size : 0;
    /* MAP_POPULATE: every page is read (the hashes of the index and of the
     * plans), so in one go rather than a fault a page. */
    if (ok) map = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (fd >= 0) close(fd);
    if (map == MAP_FAILED) return NULL;
    const header *h = map;
    uint64_t build[2];
    char *key = dir_key(dir);
    ok = !memcmp(h->magic, ws_magic, sizeof ws_magic) && h->format == WS_CACHE_FORMAT &&
         h->header_size == sizeof *h && plan_cache_build(build) && h->build[0] == build[0] &&
         h->build[1] == build[1] && h->align == 8 && h->file_size == size && h->front % 8 == 0 &&
         h->front <= size && h->nentries < size / sizeof(entry) &&
         h->pool_at == sizeof *h + h->nentries * sizeof(entry) && h->pool_len > 0 &&
         h->pool_len <= h->front - h->pool_at && h->pool_at <= h->front;
    if (ok) {
        unsigned char body[16];
        plan_cache_file_hash(map, (size_t)h->front, sizeof *h, body);
        ok = !memcmp(body, h->body_hash, 16) &&
             ((const char *)map)[h->pool_at + h->pool_len - 1] == '\0';
    }
    kh_ws_cache *c = NULL;
    if (ok) {
        c = xcalloc(1, sizeof *c);
        c->base = map;
        c->size = size;
        c->h = h;
        c->e = (const entry *)((const char *)map + sizeof *h);
        if (!index_fits(c, key)) {
            free(c);
            c = NULL;
        }
    }
    free(key);
    if (!c) {
        munmap(map, size);
        return NULL;
    }
    c->taken = xcalloc(h->nentries + 1, sizeof *c->taken);
    c->served = xcalloc(h->nentries + 1, sizeof *c->served);
    return c;
}

/* Return the index of path's entry in c, or -1. */
static long find_entry(const kh_ws_cache *c, const char *path)
{
    if (!c) return -1;
    size_t lo = 0, hi = (size_t)c->h->nentries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(pool_str(c, c->e[mid].path), path);
        if (!d) return (long)mid;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

kh_plan *workspace_cache_plan(kh_ws_cache *c, const char *path, const kh_ws_sum *sum)
{
    long i = sum->hashed ? find_entry(c, path) : -1;
    if (i < 0) return NULL;
    const entry *e = &c->e[i];
    if (c->taken[i] || !e->plan_size || e->len != sum->len || memcmp(e->hash, sum->hash, 16))
        return NULL;
    kh_plan *p;
    if (plan_cache_from_memory(c->base + e->plan_at, (size_t)e->plan_size, sum->hash, sum->len,
                               path, &p) != KH_E_OK)
        return NULL;
    memcpy(p->content_hash, sum->hash, 16);
    p->content_len = sum->len;
    p->content_hashed = true;
    c->taken[i] = true;
    return p;
}

kh_errcode workspace_cache_state(kh_ws_cache *c, kh_plan *plan, const char *db, unsigned flags,
                                 kh_db_marks *known, bool *have)
{
    const char *off = getenv("KEHOACH_NO_STATE_CACHE");
    if ((off && *off) || !plan->content_hashed) return KH_E_NOT_FOUND;
    long i = find_entry(c, plan->path);
    if (i < 0) return KH_E_NOT_FOUND;
    const entry *e = &c->e[i];
    if (!e->state_size || e->len != plan->content_len || memcmp(e->hash, plan->content_hash, 16))
        return KH_E_NOT_FOUND;
    kh_errcode rc = state_cache_apply(plan, db, flags, c->base + e->state_at, (size_t)e->state_size,
                                      known, have);
    if (!rc) c->served[i] = true;
    return rc;
}

void workspace_cache_close(kh_ws_cache *c)
{
    if (!c) return;
    munmap(c->base, c->size);
    free(c->taken);
    free(c->served);
    free(c);
}

/* ---- writing ---- */

/* A cache file of ours read into *out (malloc'd): its first max bytes at
 * most (0: the whole file), its size in *size; false when it is not there,
 * not a regular file of ours, or others may write it. */
static bool slurp(const char *file, size_t max, char **out, size_t *size)
{
    *out = NULL;
    int fd = file ? open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) : -1;
    if (fd < 0) return false;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
              !(st.st_mode & (S_IWGRP | S_IWOTH)) && st.st_size > 0 && st.st_size < (off_t)1 << 31;
    size_t n = ok ? (size_t)st.st_size : 0, done = 0;
    if (ok) *size = n;
    if (max && n > max) n = max;
    char *buf = ok ? xmalloc(n) : NULL;
    while (ok && done < n) {
        ssize_t k = read(fd, buf + done, n - done);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0)
            ok = false;
        else
            done += (size_t)k;
    }
    close(fd);
    if (!ok) {
        free(buf);
        return false;
    }
    *out = buf;
    return true;
}

/* Copy the plan cache file at file (size bytes, as seen before) to fd, in
 * pieces: a plan's cache is never held whole in memory to be copied. */
static bool copy_file(int fd, const char *file, size_t size)
{
    int in = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (in < 0) return false;
    struct stat st;
    bool ok = fstat(in, &st) == 0 && (size_t)st.st_size == size;
    enum { PIECE = 1 << 20 };
    char *buf = ok ? xmalloc(size < PIECE ? size : PIECE) : NULL;
    size_t done = 0;
    while (ok && done < size) {
        size_t want = size - done < PIECE ? size - done : PIECE;
        ssize_t k = read(in, buf, want);
        if (k < 0 && errno == EINTR) continue;
        ok = k > 0 && fd_write_all(fd, buf, (size_t)k);
        if (ok) done += (size_t)k;
    }
    free(buf);
    close(in);
    return ok;
}

/* One plan's part of the new file: its plan cache in c (pdata) or in the
 * plan's own cache file (pfile), its state cache in c or in a buffer of
 * its own (own_s: freed after). */
typedef struct {
    const char *path;
    const kh_plan *plan;
    const char *pdata, *sdata;
    char *pfile;
    size_t psize, ssize;
    char *own_s;
} part;

static int part_by_path(const void *a, const void *b)
{
    return strcmp(((const part *)a)->path, ((const part *)b)->path);
}

/* Return true when the same bytes (either both absent). */
static bool same_bytes(const char *a, size_t na, const char *b, size_t nb)
{
    return na == nb && (a == b || !na || !memcmp(a, b, na));
}

/* Write the file for parts (sorted) at file; return false on an error. */
static bool write_file(const char *file, const char *key, const part *v, size_t n)
{
    header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, ws_magic, sizeof ws_magic);
    h.format = WS_CACHE_FORMAT;
    h.header_size = sizeof h;
    if (!plan_cache_build(h.build)) return false;
    h.align = 8;
    h.nentries = n;
    h.pool_at = sizeof h + n * sizeof(entry);
    strbuf pool = STRBUF_INIT;
    entry *e = xcalloc(n + 1, sizeof *e);
    h.dir = pool.len;
    sb_add(&pool, key, strlen(key) + 1);
    for (size_t i = 0; i < n; i++) {
        e[i].path = pool.len;
        sb_add(&pool, v[i].path, strlen(v[i].path) + 1);
        memcpy(e[i].hash, v[i].plan->content_hash, 16);
        e[i].len = v[i].plan->content_len;
    }
    h.pool_len = pool.len;
    uint64_t at = round_up(h.pool_at + h.pool_len, 8);
    for (size_t i = 0; i < n; i++) {
        if (!v[i].ssize) continue;
        e[i].state_at = at;
        e[i].state_size = v[i].ssize;
        at = round_up(at + v[i].ssize, 8);
    }
    h.front = at;
    at = h.front;
    for (size_t i = 0; i < n; i++) {
        if (!v[i].psize) continue;
        e[i].plan_at = at;
        e[i].plan_size = v[i].psize;
        at = round_up(at + v[i].psize, 8);
    }
    /* The file ends where the last plan cache does. */
    h.file_size = h.front;
    for (size_t i = 0; i < n; i++)
        if (e[i].plan_size) h.file_size = e[i].plan_at + e[i].plan_size;
    /* The index, laid out in memory to be hashed, then written. */
    char *front = xcalloc(1, (size_t)h.front);
    memcpy(front + sizeof h, e, n * sizeof *e);
    memcpy(front + h.pool_at, pool.data, pool.len);
    for (size_t i = 0; i < n; i++)
        if (v[i].ssize) memcpy(front + e[i].state_at, v[i].sdata, v[i].ssize);
    memcpy(front, &h, sizeof h);
    plan_cache_file_hash(front, (size_t)h.front, sizeof h, h.body_hash);
    memcpy(front, &h, sizeof h);
    sb_done(&pool);
    char *tmp = xasprintf("%s.%ld.tmp", file, (long)getpid());
    /* O_EXCL | O_NOFOLLOW: never through something planted under its name. */
    unlink(tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && fd_write_all(fd, front, (size_t)h.front);
    static const char zeros[256];
    uint64_t pos = h.front;
    for (size_t i = 0; i < n && ok; i++) {
        if (!v[i].psize) continue;
        while (ok && pos < e[i].plan_at) {
            size_t k =
                e[i].plan_at - pos > sizeof zeros ? sizeof zeros : (size_t)(e[i].plan_at - pos);
            ok = fd_write_all(fd, zeros, k);
            pos += k;
        }
        ok = ok && (v[i].pdata ? fd_write_all(fd, v[i].pdata, v[i].psize)
                               : copy_file(fd, v[i].pfile, v[i].psize));
        pos += v[i].psize;
    }
    if (fd >= 0 && close(fd) != 0) ok = false;
    /* Renamed whole into place: a reader sees the old file or the new. */
    if (!ok || rename(tmp, file) != 0) {
        unlink(tmp);
        ok = false;
    }
    free(tmp);
    free(front);
    free(e);
    return ok;
}

void workspace_cache_keep(const kh_ws_cache *c, const char *dir, const kh_app *plans, size_t n,
                          const char *db, unsigned flags)
{
    const char *off = getenv("KEHOACH_NO_CACHE");
    if (off && *off) return;
    part *v = xcalloc(n + 1, sizeof *v);
    size_t k = 0;
    bool changed = false;
    for (size_t i = 0; i < n; i++) {
        const kh_plan *plan = plans[i].plan;
        /* Only what the plan cache would serve: the running user's plans. */
        if (!plan || !plan->content_hashed || !plans[i].plan_path) continue;
        part *p = &v[k++];
        p->path = plans[i].plan_path;
        p->plan = plan;
        long at = find_entry(c, p->path);
        const entry *e = at >= 0 ? &c->e[at] : NULL;
        bool same = e && e->len == plan->content_len && !memcmp(e->hash, plan->content_hash, 16);
        if (same && e->plan_size) {
            p->pdata = c->base + e->plan_at;
            p->psize = (size_t)e->plan_size;
        } else if (same) {
            /* This very content had no plan cache (a plan with targets,
             * events, groups...: the plan cache keeps none, by its content):
             * not looked for again. */
            p->psize = 0;
        } else {
            /* Its header only, here: the file is copied when written. */
            char *file = plan_cache_file(p->path), *head = NULL;
            if (slurp(file, 4096, &head, &p->psize) &&
                plan_cache_fits(head, p->psize, plan->content_hash, plan->content_len)) {
                p->pfile = file;
                file = NULL;
                changed = true;
            } else {
                p->psize = 0;
            }
            free(head);
            free(file);
        }
        if (same && e->state_size && c->served[at]) {
            p->sdata = c->base + e->state_at;
            p->ssize = (size_t)e->state_size;
        } else if (db) {
            char *file = state_cache_file(plan, db);
            if (slurp(file, 0, &p->own_s, &p->ssize) &&
                state_cache_fits(plan, db, flags, p->own_s, p->ssize))
                p->sdata = p->own_s;
            else
                p->ssize = 0;
            free(file);
        }
        if (!e || !same || p->pfile ||
            !same_bytes(p->pdata, p->psize, e->plan_size ? c->base + e->plan_at : NULL,
                        (size_t)e->plan_size) ||
            !same_bytes(p->sdata, p->ssize, e->state_size ? c->base + e->state_at : NULL,
                        (size_t)e->state_size))
            changed = true;
    }
    if (!c || c->h->nentries != k) changed = true;
    if (changed && (k || c)) {
        qsort(v, k, sizeof *v, part_by_path);
        char *file = workspace_cache_file(dir);
        char *key = dir_key(dir);
        if (file) write_file(file, key, v, k);
        free(key);
        free(file);
    }
    for (size_t i = 0; i < k; i++) {
        free(v[i].pfile);
        free(v[i].own_s);
    }
    free(v);
}
