/* The state cache: what the store's load laid over a plan, kept in
 * $XDG_CACHE_HOME/kehoach/ beside the plan cache, so that `status` and
 * `list` on a database nobody has written to since need no SQLite.
 *
 * A file holds, for one plan (its id and the XXH3-128 of its file's
 * content, as the plan cache hashed it) and one database (its path), the
 * tasks whose state differs from the plan's own (model_task_reset_state):
 * one flat record each, then every target's last measurement, strings in a
 * pool. It is keyed by:
 *   - the build (plan_cache_build) and this format,
 *   - the plan's content and id, the database's path, what was read (flags),
 *   - the database's change marks when it was read (state_marks_take),
 *     checked at every read (state_marks_same).
 * It is believed only as the plan cache is: the file and its folder are the
 * running user's and nobody else may write them (plan_cache_trusted), the
 * whole file's hash checks out, every index and offset is checked.
 *
 * It is written by a reader after a miss, only when the marks taken before
 * the database was opened are those taken after it was closed, and they
 * were settled (state_marks_settled); never when the plan has amendments
 * (the load changes more than the state then: read each time).
 *
 * kehoach's own writers do not delete the cache after they commit: the
 * marks must see every writer (the sqlite3 shell, another build, another
 * account's kehoach, whose cache folder is not ours), and a writer that
 * cleaned up after itself would only hide, in every test, a mark that
 * failed to see a change. */
#include "kehoach/state_cache.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
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

enum { STATE_FORMAT = 2 }; /* 2: the targets' measurements */
static const char state_magic[8] = {'K', 'H', 'S', 'T', 'A', 'T', 'E', '1'};
#define NIL UINT32_MAX

/* When a field is added to kh_task, ask: does the store's load fill it?
 * Then it belongs in a record (rec, differs, rec_of, apply) and STATE_FORMAT
 * goes up by one. */
_Static_assert(sizeof(kh_task) == 256, "kh_task changed: see state_cache.c");

typedef struct {
    char magic[8];
    uint32_t format;
    uint32_t header_size;
    uint64_t build[2];
    unsigned char plan_hash[16];
    uint64_t plan_len;
    uint32_t flags;
    uint32_t ntasks;
    uint32_t nrecs;
    uint32_t pool_len;
    uint32_t plan_id, db_path; /* offsets in the pool */
    uint32_t ntargets;         /* one trec for each of the plan's targets */
    uint32_t pad;
    uint64_t recs_at, trecs_at, pool_at, file_size;
    kh_db_marks marks;
    unsigned char body_hash[16]; /* last: the hash of everything else */
} header;

/* One task's state as the load left it (strings: offsets in the pool, NIL
 * for NULL). */
typedef struct {
    int64_t updated_at, version, verdict_at;
    uint32_t task;
    int32_t completed, due, due_original;
    uint32_t nnotes;
    uint32_t updated_by, extension_doc, extension_reason, withdrawn_doc, officer, verdict_by,
        verdict_reason;
    uint16_t nextensions;
    uint8_t status, progress, verdict, pad[3];
} rec;

/* One target's last measurement as the load left it (kh_measured). */
typedef struct {
    double value;
    int64_t at;
    uint32_t target;
    int32_t on;
    uint32_t doc, by;
    uint8_t measured, pad[7];
} trec;

_Static_assert(sizeof(trec) % 8 == 0, "target records lie at multiples of 8");
_Static_assert(sizeof(rec) % 8 == 0 && sizeof(header) % 8 == 0, "records lie at multiples of 8");
_Static_assert(offsetof(header, body_hash) + 16 == sizeof(header),
               "body_hash is the header's last 16 bytes (plan_cache_file_hash)");

/* ---- where ---- */

char *state_cache_file(const kh_plan *plan, const char *db)
{
    char *dir = plan_cache_folder();
    if (!dir) return NULL;
    /* Named by the plan's id and the database's path (made absolute: a
     * relative one means another file from another folder). */
    char cwd[PATH_MAX];
    XXH3_state_t *state = XXH3_createState();
    XXH3_64bits_reset(state);
    XXH3_64bits_update(state, plan->id, strlen(plan->id) + 1);
    if (db[0] != '/' && getcwd(cwd, sizeof cwd)) XXH3_64bits_update(state, cwd, strlen(cwd) + 1);
    XXH3_64bits_update(state, db, strlen(db));
    char *file = xasprintf("%s/%016llx.state", dir, (unsigned long long)XXH3_64bits_digest(state));
    XXH3_freeState(state);
    free(dir);
    return file;
}

static bool same_str(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Return true when task t's state (post) differs from what the plan alone
 * gives it (pre). */
static bool differs(const kh_task *post, const kh_task *pre)
{
    return post->status != pre->status || post->progress != pre->progress ||
           post->completed != pre->completed || post->updated_at != pre->updated_at ||
           !same_str(post->updated_by, pre->updated_by) || post->version != pre->version ||
           post->nnotes != pre->nnotes || post->nextensions != pre->nextensions ||
           post->due != pre->due || post->due_original != pre->due_original ||
           !same_str(post->extension_doc, pre->extension_doc) ||
           !same_str(post->extension_reason, pre->extension_reason) ||
           !same_str(post->withdrawn_doc, pre->withdrawn_doc) ||
           !same_str(post->officer, pre->officer) || post->verdict != pre->verdict ||
           !same_str(post->verdict_by, pre->verdict_by) || post->verdict_at != pre->verdict_at ||
           !same_str(post->verdict_reason, pre->verdict_reason);
}

/* ---- writing ---- */

/* Strings already in the pool, by pointer (the load interns them). */
typedef struct {
    const char **keys;
    uint32_t *vals;
    size_t cap, n;
    strbuf pool;
} pool_writer;

static uint32_t pool_put(pool_writer *w, const char *s)
{
    if (!s) return NIL;
    if ((w->n + 1) * 2 > w->cap) {
        pool_writer bigger = {NULL, NULL, w->cap ? w->cap * 2 : 64, 0, w->pool};
        bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
        bigger.vals = xcalloc(bigger.cap, sizeof *bigger.vals);
        for (size_t i = 0; i < w->cap; i++) {
            if (!w->keys[i]) continue;
            size_t h = (size_t)XXH3_64bits(&w->keys[i], sizeof w->keys[i]) & (bigger.cap - 1);
            while (bigger.keys[h]) h = (h + 1) & (bigger.cap - 1);
            bigger.keys[h] = w->keys[i];
            bigger.vals[h] = w->vals[i];
            bigger.n++;
        }
        free(w->keys);
        free(w->vals);
        *w = bigger;
    }
    size_t h = (size_t)XXH3_64bits(&s, sizeof s) & (w->cap - 1);
    while (w->keys[h] && w->keys[h] != s) h = (h + 1) & (w->cap - 1);
    if (!w->keys[h]) {
        w->keys[h] = s;
        w->vals[h] = (uint32_t)w->pool.len;
        w->n++;
        sb_add(&w->pool, s, strlen(s) + 1);
    }
    return w->vals[h];
}

static rec rec_of(pool_writer *w, const kh_task *t, uint32_t task)
{
    rec r;
    memset(&r, 0, sizeof r);
    r.updated_at = t->updated_at;
    r.version = t->version;
    r.verdict_at = t->verdict_at;
    r.task = task;
    r.completed = t->completed;
    r.due = t->due;
    r.due_original = t->due_original;
    r.nnotes = t->nnotes;
    r.updated_by = pool_put(w, t->updated_by);
    r.extension_doc = pool_put(w, t->extension_doc);
    r.extension_reason = pool_put(w, t->extension_reason);
    r.withdrawn_doc = pool_put(w, t->withdrawn_doc);
    r.officer = pool_put(w, t->officer);
    r.verdict_by = pool_put(w, t->verdict_by);
    r.verdict_reason = pool_put(w, t->verdict_reason);
    r.nextensions = t->nextensions;
    r.status = t->status;
    r.progress = t->progress;
    r.verdict = t->verdict;
    return r;
}

kh_errcode state_cache_write(const kh_plan *plan, const char *db, unsigned flags,
                             const kh_db_marks *m)
{
    if (!plan->content_hashed || plan->ntasks >= NIL || plan->ntargets >= NIL) return KH_E_IO;
    header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, state_magic, sizeof h.magic);
    h.format = STATE_FORMAT;
    h.header_size = sizeof h;
    if (!plan_cache_build(h.build)) return KH_E_IO;
    memcpy(h.plan_hash, plan->content_hash, 16);
    h.plan_len = plan->content_len;
    h.flags = flags;
    h.ntasks = (uint32_t)plan->ntasks;
    h.marks = *m;

    pool_writer w = {0};
    strbuf recs = STRBUF_INIT;
    h.plan_id = pool_put(&w, plan->id);
    h.db_path = pool_put(&w, db);
    bool ok = true;
    for (size_t i = 0; i < plan->ntasks && ok; i++) {
        const kh_task *t = &plan->tasks[i];
        /* An amendment's mark is not kept: the load had none to lay. */
        if (t->amended_by || t->amended || t->withdrawn) ok = false;
        kh_task pre = *t;
        model_task_reset_state(&pre);
        if (!differs(t, &pre)) continue;
        rec r = rec_of(&w, t, (uint32_t)i);
        sb_add(&recs, (const char *)&r, sizeof r);
        h.nrecs++;
    }
    size_t recs_len = recs.len;
    for (size_t i = 0; i < plan->ntargets; i++) { /* after the tasks' records */
        const kh_measured *ms = &plan->targets[i].state;
        trec r;
        memset(&r, 0, sizeof r);
        r.target = (uint32_t)i;
        r.measured = ms->measured;
        r.value = ms->value;
        r.on = ms->on;
        r.doc = pool_put(&w, ms->doc);
        r.by = pool_put(&w, ms->by);
        r.at = ms->at;
        sb_add(&recs, (const char *)&r, sizeof r);
    }
    h.ntargets = (uint32_t)plan->ntargets;
    h.pool_len = (uint32_t)w.pool.len;
    h.recs_at = sizeof h;
    h.trecs_at = h.recs_at + recs_len;
    h.pool_at = h.recs_at + recs.len;
    h.file_size = h.pool_at + w.pool.len;
    kh_errcode rc = ok ? KH_E_OK : KH_E_IO;

    XXH3_state_t *state = XXH3_createState();
    XXH3_128bits_reset(state);
    XXH3_128bits_update(state, &h, offsetof(header, body_hash));
    XXH3_128bits_update(state, recs.data ? recs.data : "", recs.len);
    XXH3_128bits_update(state, w.pool.data ? w.pool.data : "", w.pool.len);
    XXH128_canonical_t canon;
    XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(state));
    memcpy(h.body_hash, canon.digest, 16);
    XXH3_freeState(state);

    char *file = rc ? NULL : state_cache_file(plan, db);
    if (!file) rc = KH_E_IO;
    char *tmp = file ? xasprintf("%s.%ld.tmp", file, (long)getpid()) : NULL;
    if (tmp) {
        /* O_EXCL | O_NOFOLLOW: never through something planted under its
         * name (one a dead process of the same pid left is removed first). */
        unlink(tmp);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        bool written = fd >= 0 && fd_write_all(fd, &h, sizeof h) &&
                       fd_write_all(fd, recs.data ? recs.data : "", recs.len) &&
                       fd_write_all(fd, w.pool.data ? w.pool.data : "", w.pool.len);
        if (fd >= 0 && close(fd) != 0) written = false;
        /* Renamed whole into place: a reader sees the old cache or the new. */
        if (!written || rename(tmp, file) != 0) {
            unlink(tmp);
            rc = KH_E_IO;
        }
    }
    free(tmp);
    free(file);
    sb_done(&recs);
    sb_done(&w.pool);
    free(w.keys);
    free(w.vals);
    return rc;
}

/* ---- reading ---- */

/* Return the string at offset at of the pool (NULL for NIL), or set *bad. */
static const char *pool_str(const char *pool, uint32_t len, uint32_t at, bool *bad)
{
    if (at == NIL) return NULL;
    if (at >= len) {
        *bad = true;
        return NULL;
    }
    return pool + at;
}

/* Return true when the mapped file (size bytes) is one to believe for
 * plan, db and flags; set *recs and *pool to where they lie. */
static bool file_fits(const char *base, size_t size, const kh_plan *plan, const char *db,
                      unsigned flags, const rec **recs, const trec **trecs, const char **pool)
{
    const header *h = (const header *)base;
    uint64_t build[2];
    if (memcmp(h->magic, state_magic, sizeof h->magic) != 0 || h->format != STATE_FORMAT ||
        h->header_size != sizeof *h || h->file_size != size || !plan_cache_build(build) ||
        h->build[0] != build[0] || h->build[1] != build[1] || h->flags != flags ||
        h->ntasks != plan->ntasks || h->ntargets != plan->ntargets ||
        h->plan_len != plan->content_len || memcmp(h->plan_hash, plan->content_hash, 16) != 0)
        return false;
    if (h->recs_at != sizeof *h || h->nrecs > h->ntasks ||
        h->trecs_at != h->recs_at + (uint64_t)h->nrecs * sizeof(rec) ||
        h->pool_at != h->trecs_at + (uint64_t)h->ntargets * sizeof(trec) ||
        h->pool_at + h->pool_len != size || h->pool_len == 0 || base[size - 1] != '\0')
        return false;
    /* Nothing in it is believed before the whole file checks out. */
    unsigned char body[16];
    plan_cache_file_hash(base, size, sizeof(header), body);
    if (memcmp(body, h->body_hash, 16) != 0) return false;
    *recs = (const rec *)(base + h->recs_at);
    *trecs = (const trec *)(base + h->trecs_at);
    *pool = base + h->pool_at;
    bool bad = false;
    const char *id = pool_str(*pool, h->pool_len, h->plan_id, &bad);
    const char *path = pool_str(*pool, h->pool_len, h->db_path, &bad);
    return !bad && id && path && !strcmp(id, plan->id) && !strcmp(path, db);
}

/* Check every record against plan; return false at the first that does not
 * fit. */
static bool recs_fit(const rec *r, uint32_t n, uint32_t pool_len, const kh_plan *plan)
{
    for (uint32_t i = 0; i < n; i++) {
        if (r[i].task >= plan->ntasks || (i && r[i].task <= r[i - 1].task) ||
            r[i].status >= ST_COUNT || r[i].progress > 100 || r[i].verdict > VERDICT_REJECTED)
            return false;
        const uint32_t s[] = {r[i].updated_by,    r[i].extension_doc, r[i].extension_reason,
                              r[i].withdrawn_doc, r[i].officer,       r[i].verdict_by,
                              r[i].verdict_reason};
        for (size_t k = 0; k < sizeof s / sizeof *s; k++)
            if (s[k] != NIL && s[k] >= pool_len) return false;
    }
    return true;
}

/* Check every target record (one for each target, in order); return false
 * at the first that does not fit. */
static bool trecs_fit(const trec *r, uint32_t n, uint32_t pool_len)
{
    for (uint32_t i = 0; i < n; i++)
        if (r[i].target != i || r[i].measured > 1 || (r[i].doc != NIL && r[i].doc >= pool_len) ||
            (r[i].by != NIL && r[i].by >= pool_len))
            return false;
    return true;
}

bool state_cache_fits(const kh_plan *plan, const char *db, unsigned flags, const void *map,
                      size_t size)
{
    const rec *recs = NULL;
    const trec *trecs = NULL;
    const char *pool = NULL;
    const header *h = map;
    return plan->content_hashed && size > sizeof *h &&
           file_fits(map, size, plan, db, flags, &recs, &trecs, &pool) &&
           recs_fit(recs, h->nrecs, h->pool_len, plan) &&
           trecs_fit(trecs, h->ntargets, h->pool_len);
}

kh_errcode state_cache_read(kh_plan *plan, const char *db, unsigned flags)
{
    return state_cache_read_many(plan, db, flags, NULL, NULL);
}

kh_errcode state_cache_read_many(kh_plan *plan, const char *db, unsigned flags, kh_db_marks *known,
                                 bool *have)
{
    const char *off = getenv("KEHOACH_NO_STATE_CACHE");
    if ((off && *off) || !plan->content_hashed) return KH_E_NOT_FOUND;
    char *file = state_cache_file(plan, db);
    if (!file) return KH_E_NOT_FOUND;
    /* O_NOFOLLOW: the cache file itself, not what a link points at. */
    int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    struct stat st, dir;
    bool trusted = false;
    if (fd >= 0) {
        char *copy = xstrdup(file);
        trusted = fstat(fd, &st) == 0 && stat(dirname(copy), &dir) == 0 &&
                  plan_cache_trusted(&st, &dir, geteuid(), geteuid()) &&
                  (size_t)st.st_size > sizeof(header);
        free(copy);
    }
    free(file);
    void *map = MAP_FAILED;
    size_t size = trusted ? (size_t)st.st_size : 0;
    if (trusted) map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (fd >= 0) close(fd);
    if (map == MAP_FAILED) return KH_E_NOT_FOUND;
    kh_errcode rc = state_cache_apply(plan, db, flags, map, size, known, have);
    munmap(map, size);
    return rc;
}

kh_errcode state_cache_apply(kh_plan *plan, const char *db, unsigned flags, const void *map,
                             size_t size, kh_db_marks *known, bool *have)
{
    if (size <= sizeof(header) || !plan->content_hashed) return KH_E_NOT_FOUND;
    const rec *recs = NULL;
    const trec *trecs = NULL;
    const char *pool = NULL;
    const header *h = map;
    /* The file first (cheap, in memory), then the database's marks. */
    bool hit = file_fits(map, size, plan, db, flags, &recs, &trecs, &pool) &&
               recs_fit(recs, h->nrecs, h->pool_len, plan) &&
               trecs_fit(trecs, h->ntargets, h->pool_len);
    /* Marks an earlier plan's hit found the database's just now are not
     * looked for again: byte for byte the same, they say the same. */
    bool seen = hit && known && *have && !memcmp(known, &h->marks, sizeof *known);
    if (hit && !seen) hit = state_marks_same(db, &h->marks);
    if (hit && !seen && known) {
        *known = h->marks;
        *have = true;
    }
    if (hit) {
        char *strings = arena_alloc(&plan->mem, h->pool_len);
        memcpy(strings, pool, h->pool_len);
        bool bad = false;
        for (size_t i = 0; i < plan->ntasks; i++) model_task_reset_state(&plan->tasks[i]);
        for (uint32_t i = 0; i < h->nrecs; i++) {
            const rec *r = &recs[i];
            kh_task *t = &plan->tasks[r->task];
            t->updated_at = r->updated_at;
            t->version = r->version;
            t->verdict_at = r->verdict_at;
            t->completed = r->completed;
            t->due = r->due;
            t->due_original = r->due_original;
            t->nnotes = r->nnotes;
            t->updated_by = pool_str(strings, h->pool_len, r->updated_by, &bad);
            t->extension_doc = pool_str(strings, h->pool_len, r->extension_doc, &bad);
            t->extension_reason = pool_str(strings, h->pool_len, r->extension_reason, &bad);
            t->withdrawn_doc = pool_str(strings, h->pool_len, r->withdrawn_doc, &bad);
            t->officer = pool_str(strings, h->pool_len, r->officer, &bad);
            t->verdict_by = pool_str(strings, h->pool_len, r->verdict_by, &bad);
            t->verdict_reason = pool_str(strings, h->pool_len, r->verdict_reason, &bad);
            t->nextensions = r->nextensions;
            t->status = r->status;
            t->progress = r->progress;
            t->verdict = r->verdict;
        }
        for (uint32_t i = 0; i < h->ntargets; i++) {
            const trec *r = &trecs[i];
            kh_measured *m = &plan->targets[i].state;
            *m = (kh_measured){0};
            m->measured = r->measured;
            m->value = r->value;
            m->on = r->on;
            m->doc = pool_str(strings, h->pool_len, r->doc, &bad);
            m->by = pool_str(strings, h->pool_len, r->by, &bad);
            m->at = r->at;
        }
    }
    return hit ? KH_E_OK : KH_E_NOT_FOUND;
}
