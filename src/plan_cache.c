/* The plan cache. A cache file holds one plan as flat records and a string
 * pool; it is mapped read-only and the plan's strings point into the map, so
 * a large plan costs little memory and no parsing. It is keyed by:
 *   - the plan file's path (one cache file per plan file),
 *   - an XXH3-128 hash and the length of the plan file's content, checked on
 *     every load (never the file's time or size alone),
 *   - the identity of the running program (its size, inode and time), so a
 *     rebuilt or upgraded program never reads what another one wrote.
 * Anything that does not fit is ignored and the plan is parsed again.
 *
 * A cache must never change a result (rights come from the plan), so it is
 * used only when it cannot be anyone's but the plan's owner's:
 *   - a hash over the whole file (XXH3-128 of the header up to body_hash,
 *     then everything after the header) is checked before anything in it is
 *     believed: a damaged cache is parsed again;
 *   - the file and its folder pass plan_cache_trusted: the file is owned by
 *     the plan file's owner, who is the user running the program, and
 *     neither file nor folder can be written by group or others. XXH3 is
 *     no signature: anyone can compute it, so only ownership keeps out a
 *     cache forged by someone else. The plan's owner can edit the plan
 *     itself, so a cache of theirs can give them nothing the plan cannot.
 * Another user's plan (an office server's, owned by root) is therefore
 * always parsed, and no cache of it is written. */
#include "kehoach/plan_cache.h"

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

/* 2: body_hash; 3 (plan13): windows, none, place_name, issued_with,
 * sections; 3 (result12): a task's output; 5: both, with officer and
 * confirmer (issue 12). Not 4: an intermediate merge wrote 4 without output. */
enum { CACHE_FORMAT = 7 }; /* 6: a note's `on` day (schema 8); 7: a document's `plan` */
static const char cache_magic[8] = {'K', 'H', 'P', 'L', 'A', 'N', 'C', '1'};
#define NIL UINT32_MAX

enum {
    SEC_STRINGS,
    SEC_TASKS,
    SEC_UNITS,
    SEC_DUTIES,
    SEC_DOCS,
    SEC_TEXTS, /* aims, then recipients: string offsets */
    SEC_U16,   /* lead and support unit lists */
    SEC_U32,   /* cites (string offsets) and duty items (task indexes) */
    SEC_BYID,
    SEC_BASES,
    SEC_NOTES,
    SEC_RIGHTS,
    SEC_ACCOUNTS,
    SEC_COUNT
};

typedef struct {
    char magic[8];
    uint32_t format;
    uint32_t header_size;
    uint64_t build[2];
    uint64_t content_len;
    unsigned char hash[16];
    uint64_t file_size;
    uint64_t sec[SEC_COUNT][2]; /* offset, length in bytes */
    uint32_t id, number, title, issuer, place, preamble, closing, database, signer_role,
        signer_name, org_intro;
    int32_t from, to, date;
    uint32_t ntasks, nunits, nduties, ndocs, naims, nrecipients, nrights;
    uint32_t reporting;
    uint32_t place_name, issued_kind, issued_number, section_label[4];
    int32_t issued_date;
    unsigned char body_hash[16]; /* last: see plan_cache_file_hash */
} header;

/* tests/security/forge_cache.c forges a cache the way an attacker would,
 * knowing this layout: the key at 32 (length) and 40 (hash), the header's
 * size at 12, the body hash in the header's last 16 bytes. */
_Static_assert(offsetof(header, content_len) == 32 && offsetof(header, hash) == 40 &&
                   offsetof(header, header_size) == 12 &&
                   offsetof(header, body_hash) + 16 == sizeof(header),
               "the cache layout tests/security/forge_cache.c knows");

typedef struct {
    uint32_t id, title, text, deadline_text, fold;
    uint32_t cites_at, lead_at, support_at;
    uint16_t ncites, nlead, nsupport;
    uint8_t section, dl_kind, every, occ;
    int16_t occ_year;
    int32_t duty;
    int32_t due;
    uint32_t base; /* index in SEC_BASES, or NIL */
    int32_t window_days;
    uint32_t sub_of, nsub;
    uint32_t officer;   /* `officer:`, or NIL */
    uint32_t confirmer; /* kh_task.confirmer */
    uint32_t output;    /* `output:`, or NIL */
} task_rec;

typedef struct {
    uint32_t id, name, short_name, fold;
} unit_rec;

typedef struct {
    uint32_t unit, heading, items_at, nitems, first_task, ntasks;
} duty_rec;

typedef struct {
    uint32_t number, issuer, title;
    int32_t date;
    uint32_t plan;
} doc_rec;

typedef struct {
    uint8_t status, progress;
    uint16_t pad;
    int32_t completed;
    int64_t updated_at;
    uint32_t updated_by, notes_at, nnotes, pad2;
} base_rec;

typedef struct {
    uint32_t text, author;
    int64_t at;
    int32_t on; /* kh_base_note.on */
    uint32_t pad;
} note_rec;

typedef struct {
    uint32_t all, unit, users_at, nusers, groups_at, ngroups;
} right_rec;

typedef struct {
    uint32_t name;
    int32_t line, col;
} account_rec;

/* ---- where, and for which program ---- */

/* The program's build stamp: a hash of the core's objects, the same in
 * kehoach and kehoach-tui (the Makefile links it into both), so that the
 * one does not throw away the other's cache; absent (a weak reference: the
 * unit tests, the fuzzers), the binary itself names the build. */
extern const char kh_build_stamp[] __attribute__((weak));

bool plan_cache_build(uint64_t out[2])
{
    if (kh_build_stamp && kh_build_stamp[0]) {
        XXH128_hash_t h = XXH3_128bits(kh_build_stamp, strlen(kh_build_stamp));
        out[0] = h.low64;
        out[1] = h.high64;
        return true;
    }
    struct stat st;
    if (stat("/proc/self/exe", &st) != 0) return false;
    out[0] = (uint64_t)st.st_size ^ ((uint64_t)st.st_ino << 32);
    out[1] = (uint64_t)st.st_mtim.tv_sec * 1000000000u + (uint64_t)st.st_mtim.tv_nsec;
    return true;
}

bool plan_cache_trusted(const struct stat *cache, const struct stat *dir, uid_t plan_owner,
                        uid_t euid)
{
    /* Whoever may write the file or its folder decides what the plan says:
     * only the plan's owner may, and only when they are the one running. */
    bool file_ok = S_ISREG(cache->st_mode) && cache->st_uid == euid &&
                   cache->st_uid == plan_owner && !(cache->st_mode & (S_IWGRP | S_IWOTH));
    bool dir_ok =
        S_ISDIR(dir->st_mode) && dir->st_uid == euid && !(dir->st_mode & (S_IWGRP | S_IWOTH));
    return file_ok && dir_ok;
}

void plan_cache_file_hash(const char *base, size_t size, size_t header_size, unsigned char out[16])
{
    XXH3_state_t *state = XXH3_createState();
    XXH3_128bits_reset(state);
    XXH3_128bits_update(state, base, header_size - 16);
    XXH3_128bits_update(state, base + header_size, size - header_size);
    XXH128_canonical_t canon;
    XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(state));
    memcpy(out, canon.digest, 16);
    XXH3_freeState(state);
}

void plan_cache_map_hash(const char *map, size_t size, size_t header_size, unsigned char out[16])
{
    /* plan_cache_file_hash's hash, a piece at a time: each piece's pages are
     * given back once hashed (a clean private mapping reads them again from
     * the page cache when touched), so checking a 64 MB cache (100,000
     * tasks) no longer leaves every page of it in the dashboard's RSS. */
    enum { PIECE = 1 << 20 };
    XXH3_state_t *state = XXH3_createState();
    XXH3_128bits_reset(state);
    XXH3_128bits_update(state, map, header_size - 16);
    size_t at = header_size;
    while (at < size) {
        size_t end = (at / PIECE + 1) * PIECE;
        if (end > size) end = size;
        XXH3_128bits_update(state, map + at, end - at);
        /* Page-aligned, as the map's start is; the first piece too (a
         * workspace's plan fits in it, 300 of them: 77 MB), its header
         * page read again when the loader looks at it. */
        size_t from = at / PIECE * PIECE;
        madvise((char *)(uintptr_t)(map + from), end - from, MADV_DONTNEED);
        at = end;
    }
    XXH128_canonical_t canon;
    XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(state));
    memcpy(out, canon.digest, 16);
    XXH3_freeState(state);
}

/* Return true when the folder that holds file passes plan_cache_trusted's
 * rule for folders (owned by the user, not writable by group or others). */
static bool dir_trusted(const char *file)
{
    char *copy = xstrdup(file);
    struct stat dir;
    bool ok = stat(dirname(copy), &dir) == 0 && S_ISDIR(dir.st_mode) && dir.st_uid == geteuid() &&
              !(dir.st_mode & (S_IWGRP | S_IWOTH));
    free(copy);
    return ok;
}

char *plan_cache_folder(void)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    char *dir;
    if (xdg && xdg[0] == '/')
        dir = xasprintf("%s/kehoach", xdg);
    else if (home && home[0] == '/')
        dir = xasprintf("%s/.cache/kehoach", home);
    else
        return NULL;
    /* Most runs find the folder there: one stat instead of a mkdir a level. */
    struct stat st;
    bool there = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
    for (char *p = dir + 1; !there; p++) {
        if (*p != '/' && *p) continue;
        char c = *p;
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            free(dir);
            return NULL;
        }
        *p = c;
        if (!c) break;
    }
    return dir;
}

char *plan_cache_file(const char *path)
{
    char *dir = plan_cache_folder();
    if (!dir) return NULL;
    char real[PATH_MAX];
    const char *key = realpath(path, real) ? real : path;
    char *file =
        xasprintf("%s/%016llx.plan", dir, (unsigned long long)XXH3_64bits(key, strlen(key)));
    free(dir);
    return file;
}

/* Hash the content of the regular file at path, reading it in pieces; set
 * *owner to the file's owner. */
static bool hash_file(const char *path, unsigned char hash[16], uint64_t *len, uid_t *owner)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) return false;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > PLAN_MAX_BYTES) {
        close(fd);
        return false;
    }
    *owner = st.st_uid;
    XXH3_state_t *state = XXH3_createState();
    XXH3_128bits_reset(state);
    /* A piece no bigger than the file (plus one byte, to see its end): a
     * workspace's small plans take no fresh pages of 1 MiB each. 64 KiB
     * stays under malloc's mapping threshold: a large plan's pieces go
     * through one buffer of the heap, not a fresh mapping whose 256 pages
     * are each faulted in, zeroed and unmapped (list at 10,000 tasks:
     * 1,192 -> 925 page faults). */
    enum { CHUNK = 1 << 16 };
    size_t chunk = st.st_size < CHUNK ? (size_t)st.st_size + 1 : CHUNK;
    char *buf = xmalloc(chunk);
    uint64_t total = 0;
    bool ok = true;
    for (;;) {
        ssize_t k = read(fd, buf, chunk);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            ok = false;
            break;
        }
        if (k == 0) break;
        XXH3_128bits_update(state, buf, (size_t)k);
        total += (uint64_t)k;
    }
    XXH128_canonical_t canon;
    XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(state));
    memcpy(hash, canon.digest, 16);
    *len = total;
    XXH3_freeState(state);
    free(buf);
    close(fd);
    return ok;
}

/* ---- writing ---- */

/* Pointers already written, so text shared by periodic occurrences is kept
 * once: open addressing, keys are the pointers. */
typedef struct {
    const void **keys;
    uint32_t *vals;
    size_t cap, n;
} ptrmap;

static size_t ptr_slot(const ptrmap *m, const void *p)
{
    size_t h = (size_t)XXH3_64bits(&p, sizeof p) & (m->cap - 1);
    while (m->keys[h] && m->keys[h] != p) h = (h + 1) & (m->cap - 1);
    return h;
}

static bool ptr_get(const ptrmap *m, const void *p, uint32_t *val)
{
    if (!m->cap) return false;
    size_t h = ptr_slot(m, p);
    if (!m->keys[h]) return false;
    *val = m->vals[h];
    return true;
}

static void ptr_put(ptrmap *m, const void *p, uint32_t val)
{
    if ((m->n + 1) * 2 > m->cap) {
        ptrmap bigger = {NULL, NULL, m->cap ? m->cap * 2 : 1024, 0};
        bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
        bigger.vals = xcalloc(bigger.cap, sizeof *bigger.vals);
        for (size_t i = 0; i < m->cap; i++)
            if (m->keys[i]) ptr_put(&bigger, m->keys[i], m->vals[i]);
        free(m->keys);
        free(m->vals);
        *m = bigger;
    }
    size_t h = ptr_slot(m, p);
    if (!m->keys[h]) m->n++;
    m->keys[h] = p;
    m->vals[h] = val;
}

typedef struct {
    strbuf pool;
    ptrmap seen;
    strbuf sec[SEC_COUNT];
} writer;

static uint32_t str_at(writer *w, const char *s)
{
    if (!s) return NIL;
    uint32_t at;
    if (ptr_get(&w->seen, s, &at)) return at;
    at = (uint32_t)w->pool.len;
    sb_add(&w->pool, s, strlen(s) + 1);
    ptr_put(&w->seen, s, at);
    return at;
}

static uint32_t add_rec(writer *w, int sec, const void *rec, size_t size)
{
    uint32_t index = (uint32_t)(w->sec[sec].len / size);
    sb_add(&w->sec[sec], rec, size);
    return index;
}

static uint32_t add_u16s(writer *w, const uint16_t *v, size_t n)
{
    uint32_t at = (uint32_t)(w->sec[SEC_U16].len / sizeof *v);
    if (n) sb_add(&w->sec[SEC_U16], (const char *)v, n * sizeof *v);
    return at;
}

static uint32_t add_u32(writer *w, uint32_t v)
{
    return add_rec(w, SEC_U32, &v, sizeof v);
}

kh_errcode plan_cache_write(const kh_plan *plan, const unsigned char hash[16], uint64_t len,
                            const char *file, kh_error *err)
{
    /* The cache does not hold targets (src/plan_targets.c): a plan with
     * targets is parsed each time, never served without them. */
    if (plan->ntargets) return KH_E_OK;
    /* Nor events and the deadlines counted from them: parsed each time. */
    if (plan->nevents) return KH_E_OK;
    /* Nor aims in groups ("1. Mục đích" / "2. Yêu cầu"). */
    if (plan->naim_groups) return KH_E_OK;
    /* Nor members read from a file: the cache is keyed by the plan file
     * alone, and an edit of the member file must be read. */
    if (plan->nmember_files) return KH_E_OK;
    /* Nor groups (a plan's writer needs them, plan_save.c): a province plan
     * is small, its occurrences made from it each time. */
    if (plan->ngroups) return KH_E_OK;
    writer w;
    memset(&w, 0, sizeof w);
    header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, cache_magic, sizeof h.magic);
    h.format = CACHE_FORMAT;
    h.header_size = sizeof h;
    if (!plan_cache_build(h.build)) return kh_error_set(err, KH_E_IO, "%s", "/proc/self/exe");
    h.content_len = len;
    memcpy(h.hash, hash, 16);

    /* Strings by kind, so those read together lie together: ids (looked up
     * when the state is read), titles (the list), folds (a search), then the
     * texts (one at a time, in the detail). */
    for (size_t i = 0; i < plan->ntasks; i++) str_at(&w, plan->tasks[i].id);
    for (size_t i = 0; i < plan->ntasks; i++) str_at(&w, plan->tasks[i].title);
    for (size_t i = 0; i < plan->ntasks; i++) str_at(&w, plan->tasks[i].fold);
    for (size_t i = 0; i < plan->ntasks; i++) str_at(&w, plan->tasks[i].text);

    h.id = str_at(&w, plan->id);
    h.number = str_at(&w, plan->number);
    h.title = str_at(&w, plan->title);
    h.issuer = str_at(&w, plan->issuer);
    h.place = str_at(&w, plan->place);
    h.preamble = str_at(&w, plan->preamble);
    h.closing = str_at(&w, plan->closing);
    h.database = str_at(&w, plan->database);
    h.signer_role = str_at(&w, plan->signer_role);
    h.signer_name = str_at(&w, plan->signer_name);
    h.org_intro = str_at(&w, plan->org_intro);
    h.from = plan->from;
    h.to = plan->to;
    h.date = plan->date;
    h.ntasks = (uint32_t)plan->ntasks;
    h.nunits = (uint32_t)plan->nunits;
    h.nduties = (uint32_t)plan->nduties;
    h.ndocs = (uint32_t)plan->ndocuments;
    h.naims = (uint32_t)plan->naims;
    h.nrecipients = (uint32_t)plan->nrecipients;
    h.nrights = (uint32_t)plan->nrights;
    h.reporting = plan->reporting;
    h.place_name = str_at(&w, plan->place_name);
    h.issued_kind = str_at(&w, plan->issued_kind);
    h.issued_number = str_at(&w, plan->issued_number);
    h.issued_date = plan->issued_date;
    for (int k = 0; k < 4; k++) h.section_label[k] = str_at(&w, plan->section_label[k]);

    for (size_t i = 0; i < plan->nunits; i++) {
        const kh_unit *u = &plan->units[i];
        unit_rec r = {str_at(&w, u->id), str_at(&w, u->name), str_at(&w, u->short_name),
                      str_at(&w, u->fold)};
        add_rec(&w, SEC_UNITS, &r, sizeof r);
    }
    for (size_t i = 0; i < plan->nduties; i++) {
        const kh_duty *d = &plan->duties[i];
        duty_rec r = {d->unit, str_at(&w, d->heading), 0, d->nitems, d->first_task, d->ntasks};
        r.items_at = (uint32_t)(w.sec[SEC_U32].len / sizeof(uint32_t));
        for (uint32_t k = 0; k < d->nitems; k++) add_u32(&w, d->items[k]);
        add_rec(&w, SEC_DUTIES, &r, sizeof r);
    }
    for (size_t i = 0; i < plan->ndocuments; i++) {
        const kh_document *d = &plan->documents[i];
        doc_rec r = {str_at(&w, d->number), str_at(&w, d->issuer), str_at(&w, d->title), d->date,
                     str_at(&w, d->plan)};
        add_rec(&w, SEC_DOCS, &r, sizeof r);
    }
    for (size_t i = 0; i < plan->naims; i++) {
        uint32_t at = str_at(&w, plan->aims[i]);
        add_rec(&w, SEC_TEXTS, &at, sizeof at);
    }
    for (size_t i = 0; i < plan->nrecipients; i++) {
        uint32_t at = str_at(&w, plan->recipients[i]);
        add_rec(&w, SEC_TEXTS, &at, sizeof at);
    }
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *g = &plan->rights[i];
        right_rec r = {g->all, g->unit, 0, g->nusers, 0, g->ngroups};
        r.users_at = (uint32_t)(w.sec[SEC_ACCOUNTS].len / sizeof(account_rec));
        for (uint32_t k = 0; k < g->nusers; k++) {
            account_rec a = {str_at(&w, g->users[k].name), g->users[k].line, g->users[k].col};
            add_rec(&w, SEC_ACCOUNTS, &a, sizeof a);
        }
        r.groups_at = (uint32_t)(w.sec[SEC_ACCOUNTS].len / sizeof(account_rec));
        for (uint32_t k = 0; k < g->ngroups; k++) {
            account_rec a = {str_at(&w, g->groups[k].name), g->groups[k].line, g->groups[k].col};
            add_rec(&w, SEC_ACCOUNTS, &a, sizeof a);
        }
        add_rec(&w, SEC_RIGHTS, &r, sizeof r);
    }

    ptrmap lists = {NULL, NULL, 0, 0}; /* lead/support/cites/base shared by occurrences */
    for (size_t i = 0; i < plan->ntasks; i++) {
        const kh_task *t = &plan->tasks[i];
        task_rec r = {str_at(&w, t->id),
                      str_at(&w, t->title),
                      str_at(&w, t->text),
                      str_at(&w, t->deadline_text),
                      str_at(&w, t->fold),
                      0,
                      0,
                      0,
                      t->ncites,
                      t->nlead,
                      t->nsupport,
                      t->section,
                      t->dl_kind,
                      t->every,
                      t->occ,
                      t->occ_year,
                      t->duty,
                      t->due,
                      NIL,
                      t->window_days,
                      t->sub_of,
                      t->nsub,
                      str_at(&w, t->plan_officer),
                      t->confirmer,
                      str_at(&w, t->output)};
        if (!ptr_get(&lists, t->lead, &r.lead_at)) {
            r.lead_at = add_u16s(&w, t->lead, t->nlead);
            if (t->lead) ptr_put(&lists, t->lead, r.lead_at);
        }
        if (!ptr_get(&lists, t->support, &r.support_at)) {
            r.support_at = add_u16s(&w, t->support, t->nsupport);
            if (t->support) ptr_put(&lists, t->support, r.support_at);
        }
        if (!ptr_get(&lists, t->cites, &r.cites_at)) {
            r.cites_at = (uint32_t)(w.sec[SEC_U32].len / sizeof(uint32_t));
            for (size_t k = 0; k < t->ncites; k++) add_u32(&w, str_at(&w, t->cites[k]));
            if (t->cites) ptr_put(&lists, t->cites, r.cites_at);
        }
        if (t->base && !ptr_get(&lists, t->base, &r.base)) {
            const kh_base_state *b = t->base;
            base_rec br = {
                b->status, b->progress, 0, b->completed, b->updated_at, str_at(&w, b->updated_by),
                0,         b->nnotes,   0};
            br.notes_at = (uint32_t)(w.sec[SEC_NOTES].len / sizeof(note_rec));
            for (uint32_t k = 0; k < b->nnotes; k++) {
                note_rec nr = {str_at(&w, b->notes[k].text), str_at(&w, b->notes[k].author),
                               b->notes[k].at, b->notes[k].on, 0};
                add_rec(&w, SEC_NOTES, &nr, sizeof nr);
            }
            r.base = add_rec(&w, SEC_BASES, &br, sizeof br);
            ptr_put(&lists, t->base, r.base);
        }
        add_rec(&w, SEC_TASKS, &r, sizeof r);
    }
    free(lists.keys);
    free(lists.vals);
    if (plan->ntasks) sb_add(&w.sec[SEC_BYID], (const char *)plan->by_id, plan->ntasks * 4);
    w.sec[SEC_STRINGS] = w.pool;
    memset(&w.pool, 0, sizeof w.pool);

    /* The sections follow the header, each at a multiple of 8. */
    uint64_t at = sizeof h;
    for (int i = 0; i < SEC_COUNT; i++) {
        at = (at + 7) & ~(uint64_t)7;
        h.sec[i][0] = at;
        h.sec[i][1] = w.sec[i].len;
        at += w.sec[i].len;
    }
    h.file_size = at;

    /* The hash of the file as it will be written: the header so far, then
     * the sections with the zeros that align them. */
    {
        XXH3_state_t *state = XXH3_createState();
        XXH3_128bits_reset(state);
        XXH3_128bits_update(state, &h, offsetof(header, body_hash));
        uint64_t pos = sizeof h;
        static const char zeros[8];
        for (int i = 0; i < SEC_COUNT; i++) {
            XXH3_128bits_update(state, zeros, (size_t)(h.sec[i][0] - pos));
            if (w.sec[i].len) XXH3_128bits_update(state, w.sec[i].data, w.sec[i].len);
            pos = h.sec[i][0] + h.sec[i][1];
        }
        XXH128_canonical_t canon;
        XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(state));
        memcpy(h.body_hash, canon.digest, 16);
        XXH3_freeState(state);
    }

    char *tmp = xasprintf("%s.%ld.tmp", file, (long)getpid());
    /* O_EXCL | O_NOFOLLOW: never through something planted under its name
     * (one left by a process of the same pid that died is removed first). */
    unlink(tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    kh_errcode rc =
        fd < 0 ? kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno)) : KH_E_OK;
    FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
    if (f) {
        fwrite(&h, sizeof h, 1, f);
        uint64_t pos = sizeof h;
        for (int i = 0; i < SEC_COUNT; i++) {
            static const char zeros[8];
            fwrite(zeros, 1, h.sec[i][0] - pos, f);
            if (w.sec[i].len) fwrite(w.sec[i].data, 1, w.sec[i].len, f);
            pos = h.sec[i][0] + h.sec[i][1];
        }
        if (fflush(f) != 0 || ferror(f))
            rc = kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
        if (fclose(f) != 0 && !rc)
            rc = kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
    } else if (fd >= 0) {
        close(fd);
        rc = kh_error_set(err, KH_E_IO, "%s", tmp);
    }
    /* Renamed whole into place: a reader sees the old cache or the new one. */
    if (!rc && rename(tmp, file) != 0)
        rc = kh_error_set(err, KH_E_IO, "%s: %s", file, kh_strerrno(errno));
    if (rc) unlink(tmp);
    free(tmp);
    for (int i = 0; i < SEC_COUNT; i++) sb_done(&w.sec[i]);
    free(w.seen.keys);
    free(w.seen.vals);
    return rc;
}

/* ---- reading ---- */

typedef struct {
    const char *base;
    const header *h;
    bool ok;
} reader;

/* Return the section's records, after checking they lie in the file and
 * that there are count of them (count 0: any number). */
static const void *section(reader *r, int sec, size_t size, size_t count)
{
    const header *h = r->h;
    uint64_t off = h->sec[sec][0], len = h->sec[sec][1];
    if (off % 8 || off > h->file_size || len > h->file_size - off || len % size ||
        (count && len / size != count))
        r->ok = false;
    return r->ok ? r->base + off : NULL;
}

static size_t section_count(const reader *r, int sec, size_t size)
{
    return (size_t)(r->h->sec[sec][1] / size);
}

/* Return the string at offset at of the pool (NULL for NIL); a bad offset
 * marks the cache bad. */
static const char *str(reader *r, uint32_t at)
{
    if (at == NIL) return NULL;
    if (at >= r->h->sec[SEC_STRINGS][1]) {
        r->ok = false;
        return "";
    }
    return r->base + r->h->sec[SEC_STRINGS][0] + at;
}

kh_errcode plan_cache_read(const char *file, const unsigned char hash[16], uint64_t len,
                           const char *plan_path, uid_t plan_owner, kh_plan **out)
{
    *out = NULL;
    /* O_NOFOLLOW: the cache file itself, not what a link points at. */
    int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) return errno == ELOOP ? KH_E_DENIED : KH_E_NOT_FOUND;
    struct stat st, dir;
    char *copy = xstrdup(file);
    bool seen = fstat(fd, &st) == 0 && stat(dirname(copy), &dir) == 0;
    free(copy);
    if (!seen || !plan_cache_trusted(&st, &dir, plan_owner, geteuid())) {
        close(fd);
        return KH_E_DENIED;
    }
    if ((size_t)st.st_size < sizeof(header)) {
        close(fd);
        return KH_E_NOT_FOUND;
    }
    size_t size = (size_t)st.st_size;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) return KH_E_IO;
    kh_errcode rc = plan_cache_from_memory(map, size, hash, len, plan_path, out);
    if (rc) {
        munmap(map, size);
        return rc;
    }
    (*out)->mapping = map;
    (*out)->mapping_size = size;
    return KH_E_OK;
}

bool plan_cache_fits(const void *map, size_t size, const unsigned char hash[16], uint64_t len)
{
    const header *h = map;
    uint64_t build[2];
    return size >= sizeof *h && !memcmp(h->magic, cache_magic, sizeof h->magic) &&
           h->format == CACHE_FORMAT && h->header_size == sizeof *h && plan_cache_build(build) &&
           h->build[0] == build[0] && h->build[1] == build[1] && h->content_len == len &&
           !memcmp(h->hash, hash, 16) && h->file_size == size;
}

kh_errcode plan_cache_from_memory(const void *map, size_t size, const unsigned char hash[16],
                                  uint64_t len, const char *plan_path, kh_plan **out)
{
    *out = NULL;
    if (size < sizeof(header)) return KH_E_NOT_FOUND;
    const header *h = map;
    uint64_t build[2];
    if (memcmp(h->magic, cache_magic, sizeof h->magic) != 0 || h->format != CACHE_FORMAT ||
        h->header_size != sizeof *h || !plan_cache_build(build) || h->build[0] != build[0] ||
        h->build[1] != build[1] || h->content_len != len || memcmp(h->hash, hash, 16) != 0 ||
        h->file_size != size) {
        return KH_E_NOT_FOUND;
    }
    /* Nothing in it is believed before the whole file checks out. */
    unsigned char body[16];
    plan_cache_map_hash(map, size, sizeof(header), body);
    if (memcmp(body, h->body_hash, 16) != 0) return KH_E_IO;
    reader r = {map, h, true};
    const char *pool = section(&r, SEC_STRINGS, 1, 0);
    if (r.ok && (h->sec[SEC_STRINGS][1] == 0 || pool[h->sec[SEC_STRINGS][1] - 1] != '\0'))
        r.ok = false;
    const task_rec *tasks = section(&r, SEC_TASKS, sizeof(task_rec), h->ntasks);
    const unit_rec *units = section(&r, SEC_UNITS, sizeof(unit_rec), h->nunits);
    const duty_rec *duties = section(&r, SEC_DUTIES, sizeof(duty_rec), h->nduties);
    const doc_rec *docs = section(&r, SEC_DOCS, sizeof(doc_rec), h->ndocs);
    const uint32_t *texts =
        section(&r, SEC_TEXTS, sizeof(uint32_t), (size_t)h->naims + h->nrecipients);
    const uint16_t *u16 = section(&r, SEC_U16, sizeof(uint16_t), 0);
    const uint32_t *u32 = section(&r, SEC_U32, sizeof(uint32_t), 0);
    const uint32_t *by_id = section(&r, SEC_BYID, sizeof(uint32_t), h->ntasks);
    const base_rec *bases = section(&r, SEC_BASES, sizeof(base_rec), 0);
    const note_rec *notes = section(&r, SEC_NOTES, sizeof(note_rec), 0);
    const right_rec *rights = section(&r, SEC_RIGHTS, sizeof(right_rec), h->nrights);
    const account_rec *accounts = section(&r, SEC_ACCOUNTS, sizeof(account_rec), 0);
    if (!r.ok) return KH_E_IO;
    size_t n16 = section_count(&r, SEC_U16, 2), n32 = section_count(&r, SEC_U32, 4);
    size_t nbases = section_count(&r, SEC_BASES, sizeof(base_rec));
    size_t nnotes = section_count(&r, SEC_NOTES, sizeof(note_rec));
    size_t naccounts = section_count(&r, SEC_ACCOUNTS, sizeof(account_rec));

    kh_plan *p = xcalloc(1, sizeof *p);
    p->path = xstrdup(plan_path);
    p->id = str(&r, h->id);
    p->number = str(&r, h->number);
    p->title = str(&r, h->title);
    p->issuer = str(&r, h->issuer);
    p->place = str(&r, h->place);
    p->preamble = str(&r, h->preamble);
    p->closing = str(&r, h->closing);
    p->database = str(&r, h->database);
    p->signer_role = str(&r, h->signer_role);
    p->signer_name = str(&r, h->signer_name);
    p->org_intro = str(&r, h->org_intro);
    p->from = h->from;
    p->to = h->to;
    p->date = h->date;
    if (!p->id || !p->title) r.ok = false;

    p->nunits = h->nunits;
    p->units = arena_alloc(&p->mem, (p->nunits + 1) * sizeof *p->units);
    for (size_t i = 0; i < p->nunits && r.ok; i++)
        p->units[i] = (kh_unit){str(&r, units[i].id), str(&r, units[i].name),
                                str(&r, units[i].short_name), str(&r, units[i].fold)};
    p->ndocuments = h->ndocs;
    p->documents = arena_alloc(&p->mem, (p->ndocuments + 1) * sizeof *p->documents);
    for (size_t i = 0; i < p->ndocuments && r.ok; i++)
        p->documents[i] =
            (kh_document){str(&r, docs[i].number), docs[i].date, str(&r, docs[i].issuer),
                          str(&r, docs[i].title), str(&r, docs[i].plan)};
    p->naims = h->naims;
    p->aims = arena_alloc(&p->mem, (p->naims + 1) * sizeof *p->aims);
    for (size_t i = 0; i < p->naims && r.ok; i++) p->aims[i] = str(&r, texts[i]);
    p->nrecipients = h->nrecipients;
    p->recipients = arena_alloc(&p->mem, (p->nrecipients + 1) * sizeof *p->recipients);
    for (size_t i = 0; i < p->nrecipients && r.ok; i++)
        p->recipients[i] = str(&r, texts[h->naims + i]);
    p->nduties = h->nduties;
    p->duties = arena_alloc(&p->mem, (p->nduties + 1) * sizeof *p->duties);
    for (size_t i = 0; i < p->nduties && r.ok; i++) {
        const duty_rec *d = &duties[i];
        if (d->unit >= p->nunits || (uint64_t)d->items_at + d->nitems > n32 ||
            (uint64_t)d->first_task + d->ntasks > h->ntasks) {
            r.ok = false;
            break;
        }
        uint32_t *items = arena_alloc(&p->mem, (d->nitems + 1) * sizeof *items);
        for (uint32_t k = 0; k < d->nitems; k++) {
            items[k] = u32[d->items_at + k];
            if (items[k] >= h->ntasks) r.ok = false;
        }
        p->duties[i] = (kh_duty){(uint16_t)d->unit, str(&r, d->heading), items,
                                 d->nitems,         d->first_task,       d->ntasks};
    }
    p->nrights = h->nrights;
    p->reporting = (uint8_t)h->reporting;
    p->place_name = str(&r, h->place_name);
    p->issued_kind = str(&r, h->issued_kind);
    p->issued_number = str(&r, h->issued_number);
    p->issued_date = h->issued_date;
    for (int k = 0; k < 4; k++) p->section_label[k] = str(&r, h->section_label[k]);
    kh_right *rts = arena_alloc(&p->mem, (p->nrights + 1) * sizeof *rts);
    for (size_t i = 0; i < p->nrights && r.ok; i++) {
        const right_rec *g = &rights[i];
        if ((!g->all && g->unit >= p->nunits) || (uint64_t)g->users_at + g->nusers > naccounts ||
            (uint64_t)g->groups_at + g->ngroups > naccounts) {
            r.ok = false;
            break;
        }
        kh_account *acc = arena_alloc(&p->mem, (g->nusers + g->ngroups + 1) * sizeof *acc);
        for (uint32_t k = 0; k < g->nusers; k++) {
            const account_rec *a = &accounts[g->users_at + k];
            acc[k] = (kh_account){str(&r, a->name), a->line, a->col};
        }
        for (uint32_t k = 0; k < g->ngroups; k++) {
            const account_rec *a = &accounts[g->groups_at + k];
            acc[g->nusers + k] = (kh_account){str(&r, a->name), a->line, a->col};
        }
        rts[i] =
            (kh_right){g->all != 0, (uint16_t)g->unit, acc, acc + g->nusers, g->nusers, g->ngroups};
    }
    p->rights = rts;

    /* Lists shared by periodic occurrences stay shared: one copy a list. */
    uint16_t *units16 = arena_alloc(&p->mem, (n16 + 1) * sizeof *units16);
    if (n16) memcpy(units16, u16, n16 * sizeof *units16);
    for (size_t i = 0; i < n16 && r.ok; i++)
        if (units16[i] >= p->nunits) r.ok = false;
    const char **cite_strs = arena_alloc(&p->mem, (n32 + 1) * sizeof *cite_strs);
    kh_base_state *base_states = arena_alloc(&p->mem, (nbases + 1) * sizeof *base_states);
    kh_base_note *base_notes = arena_alloc(&p->mem, (nnotes + 1) * sizeof *base_notes);
    for (size_t i = 0; i < nnotes && r.ok; i++)
        base_notes[i] = (kh_base_note){str(&r, notes[i].text), str(&r, notes[i].author),
                                       notes[i].at, notes[i].on, NOTE_PLAIN};
    for (size_t i = 0; i < nbases && r.ok; i++) {
        const base_rec *b = &bases[i];
        if ((uint64_t)b->notes_at + b->nnotes > nnotes || b->status >= ST_COUNT ||
            b->progress > 100) {
            r.ok = false;
            break;
        }
        /* A cached plan's states hold no more than this (plan->base_record). */
        base_states[i] = (kh_base_state){.status = b->status,
                                         .progress = b->progress,
                                         .completed = b->completed,
                                         .updated_at = b->updated_at,
                                         .updated_by = str(&r, b->updated_by),
                                         .notes = base_notes + b->notes_at,
                                         .nnotes = b->nnotes,
                                         .due = KH_NO_DATE};
    }

    p->ntasks = h->ntasks;
    p->tasks = xcalloc(p->ntasks + 1, sizeof *p->tasks);
    for (size_t i = 0; i < p->ntasks && r.ok; i++) {
        const task_rec *t = &tasks[i];
        if ((uint64_t)t->lead_at + t->nlead > n16 || (uint64_t)t->support_at + t->nsupport > n16 ||
            (uint64_t)t->cites_at + t->ncites > n32 || t->section < 2 || t->section > 3 ||
            t->dl_kind > DL_NONE || t->every >= EVERY_COUNT || t->window_days < 0 ||
            t->sub_of > h->ntasks || t->nsub >= h->ntasks ||
            (t->duty >= 0 && (uint32_t)t->duty >= h->nduties) || t->duty < -1 ||
            (t->base != NIL && t->base >= nbases) || t->id == NIL || t->text == NIL ||
            t->title == NIL || t->fold == NIL) {
            r.ok = false;
            break;
        }
        for (uint16_t k = 0; k < t->ncites; k++)
            cite_strs[t->cites_at + k] = str(&r, u32[t->cites_at + k]);
        kh_task *k = &p->tasks[i];
        k->id = str(&r, t->id);
        k->title = str(&r, t->title);
        k->text = str(&r, t->text);
        k->deadline_text = str(&r, t->deadline_text);
        k->output = str(&r, t->output);
        k->fold = str(&r, t->fold);
        k->cites = t->ncites ? cite_strs + t->cites_at : NULL;
        k->lead = t->nlead ? units16 + t->lead_at : NULL;
        k->support = t->nsupport ? units16 + t->support_at : NULL;
        k->ncites = t->ncites;
        k->nlead = t->nlead;
        k->nsupport = t->nsupport;
        k->section = t->section;
        k->dl_kind = t->dl_kind;
        k->every = t->every;
        k->occ = t->occ;
        k->occ_year = t->occ_year;
        k->duty = t->duty;
        k->due = t->due;
        k->window_days = t->window_days;
        k->sub_of = t->sub_of;
        k->nsub = t->nsub;
        k->base = t->base == NIL ? NULL : &base_states[t->base];
        k->plan_officer = str(&r, t->officer);
        if (t->confirmer > h->nunits) r.ok = false;
        k->confirmer = (uint16_t)t->confirmer;
        model_task_reset_state(k);
    }
    p->by_id = xreallocarray(NULL, p->ntasks + 1, sizeof *p->by_id);
    for (size_t i = 0; i < p->ntasks && r.ok; i++) {
        p->by_id[i] = by_id[i];
        if (by_id[i] >= p->ntasks) r.ok = false;
    }
    if (!r.ok) {
        model_free(p);
        return KH_E_IO;
    }
    *out = p;
    return KH_E_OK;
}

kh_errcode plan_cache_load(const char *path, kh_lang lang, kh_plan **out, kh_diags *diags)
{
    *out = NULL;
    const char *off = getenv("KEHOACH_NO_CACHE");
    unsigned char hash[16];
    uint64_t len;
    uid_t owner = 0;
    char *file = NULL;
    /* Another user's plan is parsed: a cache of it would never be trusted
     * (plan_cache_trusted), so none is read or written. A hit reads the file
     * in pieces to hash it: the plan's bytes never sit in memory whole. */
    if (!(off && *off) && hash_file(path, hash, &len, &owner) && owner == geteuid())
        file = plan_cache_file(path);
    if (file && plan_cache_read(file, hash, len, path, owner, out) == KH_E_OK) {
        memcpy((*out)->content_hash, hash, 16);
        (*out)->content_len = len;
        (*out)->content_hashed = true;
        free(file);
        return KH_E_OK;
    }
    /* A miss parses the bytes it hashes, so the cache is exactly their plan. */
    char *buf;
    size_t n;
    kh_errcode rc = plan_read_file(path, lang, &buf, &n, diags);
    if (rc) {
        free(file);
        return rc;
    }
    rc = plan_load_buffer(path, buf, n, lang, out, diags);
    /* Rebuilt only where it would be trusted. */
    /* An export's orphans, history and record are not kept in a cache
     * (rare, and parsed quickly enough): such a plan is parsed every time. */
    if (rc == KH_E_OK && file) {
        /* The bytes parsed, for the state cache (src/state_cache.c). */
        XXH128_canonical_t canon;
        XXH128_canonicalFromHash(&canon, XXH3_128bits(buf, n));
        memcpy((*out)->content_hash, canon.digest, 16);
        (*out)->content_len = n;
        (*out)->content_hashed = true;
        kh_error err = {0};
        if (dir_trusted(file) && !(*out)->norphans && !(*out)->nhistory && !(*out)->base_record)
            plan_cache_write(*out, canon.digest, n, file, &err);
    }
    free(buf);
    free(file);
    return rc;
}
