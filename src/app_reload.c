/* Following the plan file while a screen runs: see that it was edited (its
 * stat, then its content), read it again through the plan cache, lay the
 * store's state over the new plan, and say where each task and unit went. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kehoach/app.h"
#include "kehoach/plan_cache.h"

static void stamp_of(const struct stat *st, kh_plan_stamp *s)
{
    s->dev = (uint64_t)st->st_dev;
    s->ino = (uint64_t)st->st_ino;
    s->size = (int64_t)st->st_size;
    s->mtime_ns = (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
    s->ctime_ns = (int64_t)st->st_ctim.tv_sec * 1000000000 + st->st_ctim.tv_nsec;
}

static bool same_stat(const kh_plan_stamp *a, const kh_plan_stamp *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

void app_plan_stamp(kh_app *app, const char *plan_path)
{
    free(app->plan_path);
    app->plan_path = xstrdup(plan_path);
    memset(&app->plan_stamp, 0, sizeof app->plan_stamp);
    struct stat st;
    if (stat(plan_path, &st) == 0) {
        stamp_of(&st, &app->plan_stamp);
        app->plan_stamp.known = true;
    }
}

void app_plan_stamp_from(kh_app *app, const char *plan_path, const struct stat *st)
{
    free(app->plan_path);
    app->plan_path = xstrdup(plan_path);
    memset(&app->plan_stamp, 0, sizeof app->plan_stamp);
    stamp_of(st, &app->plan_stamp);
    app->plan_stamp.known = true;
}

/* The stamp's 64 bits of a content hash (XXH3-128, canonical): the plan
 * loader's (plan->content_hash) is the same hash of the same bytes. */
static uint64_t hash64(const unsigned char digest[16])
{
    uint64_t h;
    memcpy(&h, digest, sizeof h);
    return h;
}

/* Hash the content of the file at path in pieces into *out (hash64 of its
 * XXH3-128). Return false when it cannot be read. */
static bool hash_file(const char *path, uint64_t *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    XXH3_state_t *st = XXH3_createState();
    if (!st) abort();
    XXH3_128bits_reset(st);
    char buf[64 * 1024];
    ssize_t n;
    bool ok = true;
    while ((n = read(fd, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR) continue;
            ok = false;
            break;
        }
        XXH3_128bits_update(st, buf, (size_t)n);
    }
    XXH128_canonical_t canon;
    XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(st));
    *out = hash64(canon.digest);
    XXH3_freeState(st);
    close(fd);
    return ok;
}

void app_plan_map_free(kh_plan_map *m)
{
    free(m->task);
    free(m->unit);
    memset(m, 0, sizeof *m);
}

/* Where each task and unit of old is in now, by id. */
static void map_plans(const kh_plan *old, const kh_plan *now, kh_plan_map *m)
{
    m->ntask = old->ntasks;
    m->task = xreallocarray(NULL, m->ntask ? m->ntask : 1, sizeof *m->task);
    for (size_t i = 0; i < old->ntasks; i++) m->task[i] = model_find_task(now, old->tasks[i].id);
    m->nunit = old->nunits;
    m->unit = xreallocarray(NULL, m->nunit ? m->nunit : 1, sizeof *m->unit);
    for (size_t i = 0; i < old->nunits; i++) m->unit[i] = model_find_unit(now, old->units[i].id);
}

kh_errcode app_reload_plan(kh_app *app, kh_plan_map *map, kh_diags *diags, kh_error *err)
{
    memset(map, 0, sizeof *map);
    kh_plan *now = NULL;
    kh_errcode rc = plan_cache_load(app->plan_path, app->lang, &now, diags);
    if (rc) return rc;
    if (app->ward) model_keep_member(now, app->ward); /* a ward's own (app_ward.c) */
    kh_plan *old = app->plan;
    app->plan = now;
    /* The amendments first, so the tasks they add are mapped too. */
    kh_errcode amend_rc = app->store ? app_amend_apply(app, true, err) : KH_E_OK;
    map_plans(old, now, map);
    /* The store's state over the new plan: a task keeps what was saved for
     * its id. The users the old plan interned go with it. */
    rc = amend_rc ? amend_rc : app_reload_state(app, err);
    /* The new file's `history:` (an export's), as when it was opened. */
    if (!rc) rc = app_history_import(app, err);
    model_free(old);
    return rc;
}

kh_plan_poll app_poll_plan(kh_app *app, kh_plan_map *map, kh_diags *diags, kh_error *err)
{
    memset(map, 0, sizeof *map);
    if (!app->plan_path) return PLAN_SAME;
    kh_plan_stamp *s = &app->plan_stamp;
    struct stat st;
    if (stat(app->plan_path, &st) != 0) return PLAN_SAME; /* gone for a moment: a save by rename */
    kh_plan_stamp now;
    stamp_of(&st, &now);
    now.known = true;
    if (s->known && same_stat(s, &now)) {
        /* The file is the one loaded: its content is the one to compare an
         * edit with. Read once, the first time. */
        if (s->hash_known) return PLAN_SAME;
        /* The loader hashed the bytes it read: at 100,000 tasks, reading
         * the 45 MB file again cost the first poll 46 M instructions. */
        const kh_plan *plan = app->plan;
        if (plan && plan->content_hashed && plan->content_len == (uint64_t)now.size) {
            s->hash = hash64(plan->content_hash);
            s->hash_known = true;
        } else if (hash_file(app->plan_path, &s->hash)) {
            s->hash_known = true;
        }
        return PLAN_SAME;
    }
    uint64_t hash;
    if (!hash_file(app->plan_path, &hash)) return PLAN_SAME;
    now.hash = hash;
    now.hash_known = true;
    if (s->hash_known && hash == s->hash && !app->plan_bad_known) {
        /* Touched, or saved unchanged: nothing to read again. (After an
         * edit that did not load, the same content again is read again, so
         * that the screens hear it is good and stop showing the error.) */
        *s = now;
        return PLAN_SAME;
    }
    if (app->plan_bad_known && hash == app->plan_bad_hash) return PLAN_SAME; /* told already */
    app_reload_plan(app, map, diags, err);
    if (!map->task) {
        /* Not loaded: the last good plan stays, the problems are told once
         * for this content. */
        app->plan_bad_hash = hash;
        app->plan_bad_known = true;
        return PLAN_INVALID;
    }
    *s = now;
    app->plan_bad_known = false;
    return PLAN_RELOADED;
}
