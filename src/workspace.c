#include "kehoach/workspace.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kehoach/paths.h"
#include "kehoach/server_mode.h"
#include "kehoach/text.h"
#include "kehoach/workspace_cache.h"

/* Return true when the first bytes of a file (len of them) have a line
 * that begins with `kehoach:` (after a byte order mark). */
static bool sniff(const char *buf, size_t len)
{
    const char *p = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? buf + 3 : buf;
    for (const char *end = buf + len; p < end;) {
        if ((size_t)(end - p) >= 8 && !memcmp(p, "kehoach:", 8)) return true;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) break;
        p = nl + 1;
    }
    return false;
}

/* Read the file at path once: sniff its first WS_SNIFF_BYTES (unless
 * known, a plan already), and when want and it is the running user's
 * (euid), hash it whole as the plan cache does (sum). Return true when it
 * is a plan. */
static bool read_plan_file(const char *path, bool known, bool want, uid_t euid, kh_ws_sum *sum)
{
    memset(sum, 0, sizeof *sum);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) return false;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return false;
    }
    want = want && st.st_uid == euid && st.st_size <= PLAN_MAX_BYTES;
    /* The first piece: the sniffed bytes, or the whole of a small file (and
     * one byte more, to see its end without another read). */
    enum { CHUNK = 1 << 20 };
    size_t first = (size_t)st.st_size + 1;
    if (!want && first > WS_SNIFF_BYTES) first = WS_SNIFF_BYTES;
    if (first > CHUNK) first = CHUNK;
    char *buf = xmalloc(first);
    size_t len = 0;
    bool eof = false;
    while (len < first) {
        size_t asked = first - len;
        ssize_t got = read(fd, buf + len, asked);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            eof = true;
            break;
        }
        len += (size_t)got;
        /* A short read at the size fstat gave is the file's end. */
        if ((size_t)got < asked && len == (size_t)st.st_size) {
            eof = true;
            break;
        }
    }
    bool plan = known || sniff(buf, len < WS_SNIFF_BYTES ? len : WS_SNIFF_BYTES);
    if (plan && want) {
        XXH3_state_t *state = XXH3_createState();
        XXH3_128bits_reset(state);
        XXH3_128bits_update(state, buf, len);
        uint64_t total = len;
        bool ok = true;
        while (!eof) {
            ssize_t got = read(fd, buf, first);
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) ok = false;
            if (got <= 0) break;
            XXH3_128bits_update(state, buf, (size_t)got);
            total += (uint64_t)got;
        }
        XXH128_canonical_t canon;
        XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(state));
        XXH3_freeState(state);
        if (ok) {
            sum->st = st;
            memcpy(sum->hash, canon.digest, 16);
            sum->len = total;
            sum->hashed = true;
        }
    }
    close(fd);
    free(buf);
    return plan;
}

bool workspace_is_plan_file(const char *path)
{
    kh_ws_sum sum;
    return read_plan_file(path, false, false, 0, &sum);
}

typedef struct {
    char *path;
    kh_ws_sum sum;
} found_file;

typedef struct {
    found_file *v;
    size_t n, cap;
    bool too_many;
    bool want;  /* hash every plan file (for the caches) */
    uid_t euid; /* who runs: only their plan files are hashed */
    /* Paths known to be plans already (sorted): not sniffed again. */
    char *const *known;
    size_t nknown;
} path_list;

static int by_string(const void *a, const void *b);

/* Return true when path is one of list's known plan files. */
static bool known_plan(const path_list *list, const char *path)
{
    return list->nknown &&
           bsearch(&path, list->known, list->nknown, sizeof *list->known, by_string) != NULL;
}

static bool ends_with_yaml(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && !strcmp(name + n - 5, ".yaml");
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const found_file *)a)->path, ((const found_file *)b)->path);
}

/* Add the plan files under dir (depth folders down from the root) to list.
 * Return 0, or -1 when the root itself cannot be read (errno set). */
static int scan(const char *dir, int depth, path_list *list)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *e;
    while ((e = readdir(d)) && !list->too_many) {
        /* Hidden files and folders (., .., .git, .run, editors' .x.yaml.swp) are not looked at. */
        if (e->d_name[0] == '.') continue;
        if (depth == 0 && !strcmp(e->d_name, "workspace.yaml")) continue;
        /* The folder says what a name is (d_type): stat(2) only for a
         * symbolic link or a file system that does not say. */
        unsigned char type = e->d_type;
        bool is_dir = type == DT_DIR, is_reg = type == DT_REG;
        if (is_reg && !ends_with_yaml(e->d_name)) continue;
        if (!is_dir && !is_reg && type != DT_UNKNOWN && type != DT_LNK) continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        if (!is_dir && !is_reg) {
            struct stat st;
            if (stat(path, &st) != 0) {
                free(path);
                continue;
            }
            is_dir = S_ISDIR(st.st_mode);
            is_reg = S_ISREG(st.st_mode);
        }
        if (is_dir) {
            if (depth < WS_MAX_DEPTH) scan(path, depth + 1, list);
            free(path);
            continue;
        }
        kh_ws_sum sum = {0};
        bool known = known_plan(list, path);
        if (!is_reg || !ends_with_yaml(e->d_name) ||
            (!(known && !list->want) &&
             !read_plan_file(path, known, list->want, list->euid, &sum))) {
            free(path);
            continue;
        }
        if (list->n >= WS_MAX_FILES) {
            list->too_many = true;
            free(path);
            break;
        }
        KH_GROW(list->v, list->n, list->cap);
        list->v[list->n++] = (found_file){path, sum};
    }
    closedir(d);
    return 0;
}

/* workspace_find, not sniffing the known (sorted) paths again; with sums
 * (not NULL), each plan file hashed too (*sums: one for each path). */
static kh_errcode find_known(const char *dir, char *const *known, size_t nknown, char ***paths,
                             kh_ws_sum **sums, size_t *n, kh_error *err)
{
    *paths = NULL;
    *n = 0;
    if (sums) *sums = NULL;
    path_list list = {0};
    list.known = known;
    list.nknown = nknown;
    const char *off = getenv("KEHOACH_NO_CACHE");
    list.want = sums && !(off && *off);
    list.euid = geteuid();
    /* "ws/" and "ws" name the same files the same way. */
    char *root = xstrdup(dir);
    size_t len = strlen(root);
    while (len > 1 && root[len - 1] == '/') root[--len] = '\0';
    int scanned = scan(root, 0, &list);
    int scan_errno = errno;
    free(root);
    errno = scan_errno;
    if (scanned != 0 || list.too_many) {
        kh_errcode rc = scanned != 0
                            ? kh_error_set(err, KH_E_IO, "%s: %s", dir, kh_strerrno(errno))
                            : kh_error_set(err, KH_E_INVALID, "%s: > %d", dir, WS_MAX_FILES);
        for (size_t i = 0; i < list.n; i++) free(list.v[i].path);
        free(list.v);
        return rc;
    }
    if (list.n) qsort(list.v, list.n, sizeof *list.v, by_path);
    char **v = xreallocarray(NULL, list.n ? list.n : 1, sizeof *v);
    kh_ws_sum *s = sums ? xreallocarray(NULL, list.n ? list.n : 1, sizeof *s) : NULL;
    for (size_t i = 0; i < list.n; i++) {
        v[i] = list.v[i].path;
        if (s) s[i] = list.v[i].sum;
    }
    free(list.v);
    *paths = v;
    if (sums) *sums = s;
    *n = list.n;
    return KH_E_OK;
}

kh_errcode workspace_find(const char *dir, char ***paths, size_t *n, kh_error *err)
{
    return find_known(dir, NULL, 0, paths, NULL, n, err);
}

void workspace_paths_free(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++) free(paths[i]);
    free(paths);
}

static kh_ws_problem *add_problem(kh_workspace *ws, const char *path)
{
    ws->bad = xreallocarray(ws->bad, ws->nbad + 1, sizeof *ws->bad);
    kh_ws_problem *p = &ws->bad[ws->nbad++];
    memset(p, 0, sizeof *p);
    p->path = xstrdup(path);
    return p;
}

static int plan_by_id(const void *a, const void *b)
{
    const kh_app *x = a, *y = b;
    return strcmp(x->plan->id, y->plan->id);
}

/* Take out both plans of every id met twice, each reported naming the other. */
static void drop_duplicates(kh_workspace *ws)
{
    if (ws->nplans < 2) return;
    qsort(ws->plans, ws->nplans, sizeof *ws->plans, plan_by_id);
    bool *dup = xcalloc(ws->nplans, sizeof *dup);
    for (size_t i = 1; i < ws->nplans; i++)
        if (!strcmp(ws->plans[i].plan->id, ws->plans[i - 1].plan->id)) dup[i] = dup[i - 1] = true;
    for (size_t i = 0; i < ws->nplans; i++) {
        if (!dup[i]) continue;
        kh_ws_problem *p = add_problem(ws, ws->plans[i].plan->path);
        strbuf others = STRBUF_INIT;
        for (size_t j = 0; j < ws->nplans; j++)
            if (j != i && dup[j] && !strcmp(ws->plans[j].plan->id, ws->plans[i].plan->id))
                sb_printf(&others, "%s%s", others.len ? ", " : "", ws->plans[j].plan->path);
        diags_add(&p->diags, 0, 0,
                  TR(ws->lang, "mã kế hoạch '%s' trùng với tệp %s; cả hai không được mở",
                     "plan id '%s' is also the id of %s; neither is opened"),
                  ws->plans[i].plan->id, sb_str(&others));
        sb_done(&others);
    }
    size_t keep = 0;
    for (size_t i = 0; i < ws->nplans; i++) {
        if (dup[i])
            app_close(&ws->plans[i]);
        else
            ws->plans[keep++] = ws->plans[i];
    }
    ws->nplans = keep;
    free(dup);
}

kh_errcode workspace_open(kh_workspace *ws, const char *dir, kh_error *err)
{
    ws->dir = xstrdup(dir);
    char *settings = xasprintf("%s/workspace.yaml", dir);
    if (access(settings, F_OK) == 0) {
        /* The office server's workspace: its files are the administrators'. */
        kh_errcode trusted = server_check_plan(settings, err);
        if (trusted) {
            free(settings);
            return trusted;
        }
        kh_diags d = {0};
        kh_errcode rc = plan_workspace_load(settings, ws->lang, &ws->settings, &d);
        if (rc) {
            kh_ws_problem *p = add_problem(ws, settings);
            p->diags = d;
            free(settings);
            return kh_error_set(err, KH_E_PLAN, "%s", p->path);
        }
        diags_free(&d);
        ws->has_settings = true;
    }
    free(settings);
    char **paths;
    kh_ws_sum *sums;
    size_t n;
    /* Every plan file read once: sniffed and hashed (issue 18). */
    kh_errcode rc = find_known(dir, NULL, 0, &paths, &sums, &n, err);
    if (rc) return rc;
    for (size_t i = 0; i < n; i++) {
        rc = server_check_plan(paths[i], err);
        if (rc) {
            workspace_paths_free(paths, n);
            free(sums);
            return rc;
        }
    }
    bool any = false;
    for (size_t i = 0; i < n && !any; i++) any = sums[i].hashed;
    if (any) ws->cache = workspace_cache_open(dir);
    ws->plans = xcalloc(n ? n : 1, sizeof *ws->plans);
    for (size_t i = 0; i < n; i++) {
        kh_app *app = &ws->plans[ws->nplans];
        memset(app, 0, sizeof *app);
        app->lang = ws->lang;
        app->today = ws->today;
        app->ward = ws->settings.ward;      /* a ward's workspace: its own (app_ward.c) */
        app->province = !ws->settings.ward; /* else the wards' occurrences are only seen */
        kh_diags d = {0};
        /* From the workspace cache when it holds this very content. */
        kh_plan *cached = workspace_cache_plan(ws->cache, paths[i], &sums[i]);
        if (cached) {
            app_plan_stamp_from(app, paths[i], &sums[i].st); /* hashed: its fstat is there */
            app->plan = cached;
            if (app->ward) model_keep_member(app->plan, app->ward);
            ws->nplans++;
        } else if (app_load_plan(app, paths[i], &d) == KH_E_OK) {
            ws->nplans++;
            diags_free(&d);
        } else {
            app_close(app);
            kh_ws_problem *p = add_problem(ws, paths[i]);
            p->diags = d;
        }
    }
    workspace_paths_free(paths, n);
    free(sums);
    drop_duplicates(ws);
    return KH_E_OK;
}

char *workspace_db_path(const kh_workspace *ws, const char *db_path)
{
    if (db_path) return xstrdup(db_path);
    /* The office server's workspace: the configuration's database only. */
    if (server_workspace()) return xstrdup(server_db());
    const char *rel = ws->settings.database;
    if (rel && rel[0] == '/') return xstrdup(rel);
    return xasprintf("%s/%s", ws->dir, rel ? rel : "kehoach.db");
}

/* Attach the shared store to a plan: the amendments (with the tasks they
 * add, as app_open_store lays them over a single plan), then the state. */
static kh_errcode attach_store(kh_workspace *ws, kh_app *app, kh_error *err)
{
    if (!ws->store) return KH_E_OK;
    /* Its state from the store now, whatever a cache gave it before. */
    app->state_cached = false;
    app->store = ws->store;
    free(app->db_path);
    app->db_path = xstrdup(ws->db_path);
    kh_errcode rc = store_data_version(ws->store, &app->data_version, err);
    if (!rc) rc = app_amend_apply(app, true, err);
    if (!rc) rc = app_reload_state(app, err);
    /* A plan file with an export's history: into the shared database too. */
    if (!rc) rc = app_history_import(app, err);
    return rc;
}

/* Return true when, read-only, every plan's state may come from the state
 * cache: each plan read for nothing but its state (state_only), and not a
 * province's (the wards' snapshots are laid over after). */
static bool cache_may_serve(const kh_workspace *ws, bool read_only)
{
    if (!read_only || !ws->nplans || workspace_is_province(ws)) return false;
    for (size_t i = 0; i < ws->nplans; i++)
        if (!ws->plans[i].state_only) return false;
    return true;
}

/* After every plan's state was read under the marks before (taken at t0):
 * close the store (nothing more is read from it), then keep each plan's
 * state in the state cache if the database shows the same marks now. */
static void keep_states(kh_workspace *ws, const kh_db_marks *before, int64_t t0)
{
    store_close(ws->store);
    ws->store = NULL;
    for (size_t i = 0; i < ws->nplans; i++) ws->plans[i].store = NULL;
    kh_db_marks after;
    int64_t t1;
    if (!state_marks_take(ws->db_path, &after, &t1)) return;
    for (size_t i = 0; i < ws->nplans; i++) app_state_keep(&ws->plans[i], before, &after, t0);
}

/* What a plan's load reads, for the state cache's key (app.c's cache_flags). */
static unsigned state_flags(const kh_app *app)
{
    return app->skip_note_counts ? 0 : STATE_CACHE_NOTES;
}

/* Lay the state of a plan over it from the workspace cache, else from its
 * own state cache (app_state_from_cache); return true when either did. */
static bool state_from_cache(kh_workspace *ws, kh_app *app, kh_db_marks *known, bool *have)
{
    app->state_cached = false;
    if (ws->cache && !app->ward &&
        workspace_cache_state(ws->cache, app->plan, ws->db_path, state_flags(app), known, have) ==
            KH_E_OK) {
        free(app->db_path);
        app->db_path = xstrdup(ws->db_path);
        app->state_cached = true;
        return true;
    }
    return app_state_from_cache(app, ws->db_path, known, have);
}

static void close_cache(kh_workspace *ws)
{
    workspace_cache_close(ws->cache);
    ws->cache = NULL;
}

/* After a read of every plan's state: the workspace cache written again
 * when it does not hold what this run read, then closed. */
static void keep_cache(kh_workspace *ws)
{
    if (ws->nplans)
        workspace_cache_keep(ws->cache, ws->dir, ws->plans, ws->nplans, ws->db_path,
                             state_flags(&ws->plans[0]));
}

kh_errcode workspace_open_store(kh_workspace *ws, const char *db_path, bool read_only,
                                kh_error *err)
{
    /* Opened before (to look for a task): opened again as asked. */
    if (ws->store) {
        store_close(ws->store);
        ws->store = NULL;
        for (size_t i = 0; i < ws->nplans; i++) ws->plans[i].store = NULL;
    }
    free(ws->db_path);
    ws->db_path = workspace_db_path(ws, db_path);
    if (read_only && access(ws->db_path, F_OK) != 0 && errno == ENOENT) return KH_E_OK;
    /* A read that needs nothing but the state (status, list): every plan's
     * from the state cache while the database has not changed, and then
     * SQLite is not even opened (issue 18). */
    bool cache = cache_may_serve(ws, read_only);
    if (cache) {
        size_t hits = 0;
        kh_db_marks known;
        bool have = false;
        while (hits < ws->nplans && state_from_cache(ws, &ws->plans[hits], &known, &have)) hits++;
        if (hits == ws->nplans) {
            keep_cache(ws);
            return KH_E_OK;
        }
    }
    kh_db_marks before;
    int64_t t0 = 0;
    bool marked = cache && state_marks_take(ws->db_path, &before, &t0);
    kh_errcode rc = store_open(ws->db_path, read_only ? STORE_READ_ONLY : 0, &ws->store, err);
    if (rc == KH_E_DB_MISSING && read_only) {
        kh_error_set(err, KH_E_OK, "%s", "");
        return KH_E_OK;
    }
    if (rc) return rc;
    /* A reader reads every plan's state in one read transaction: one
     * moment of the database for all of them, and its locks taken once. */
    bool began = read_only && store_read_begin(ws->store);
    for (size_t i = 0; i < ws->nplans && !rc; i++) rc = attach_store(ws, &ws->plans[i], err);
    store_read_end(ws->store, began);
    if (!rc && marked) keep_states(ws, &before, t0);
    if (!rc && cache) keep_cache(ws);
    return rc;
}

kh_errcode workspace_rescan(kh_workspace *ws, void (*before)(void *ctx), void *ctx, bool *changed,
                            kh_error *err)
{
    *changed = false;
    size_t nk = ws->nplans + ws->nbad;
    char **known = xreallocarray(NULL, nk ? nk : 1, sizeof *known);
    for (size_t i = 0; i < ws->nplans; i++) known[i] = ws->plans[i].plan_path;
    for (size_t i = 0; i < ws->nbad; i++) known[ws->nplans + i] = ws->bad[i].path;
    if (nk) qsort(known, nk, sizeof *known, by_string);
    char **paths;
    size_t n;
    kh_errcode rc = find_known(ws->dir, known, nk, &paths, NULL, &n, err);
    free(known);
    if (rc) return rc;
    /* Nothing gone, nothing new: nothing moves. */
    size_t found = 0;
    for (size_t i = 0; i < ws->nplans; i++)
        if (bsearch(&ws->plans[i].plan_path, paths, n, sizeof *paths, by_string)) found++;
    for (size_t i = 0; i < ws->nbad; i++)
        if (bsearch(&ws->bad[i].path, paths, n, sizeof *paths, by_string)) found++;
    if (found == ws->nplans + ws->nbad && n == found) {
        workspace_paths_free(paths, n);
        return KH_E_OK;
    }
    if (before) before(ctx);
    *changed = true;
    /* Gone: a plan whose file is no more (its state stays in the database).
     * A folder that seems to have lost every plan (emptied a moment, while
     * files are moved) keeps them until one comes back. */
    size_t still = 0;
    for (size_t i = 0; i < ws->nplans; i++)
        if (bsearch(&ws->plans[i].plan_path, paths, n, sizeof *paths, by_string)) still++;
    size_t keep = 0;
    for (size_t i = 0; i < ws->nplans; i++) {
        kh_app *app = &ws->plans[i];
        if (!still || bsearch(&app->plan_path, paths, n, sizeof *paths, by_string)) {
            ws->plans[keep++] = *app;
            continue;
        }
        app->store = NULL;
        app_close(app);
        *changed = true;
    }
    ws->nplans = keep;
    /* A file that did not load and is gone is no problem any more. */
    size_t kb = 0;
    for (size_t i = 0; i < ws->nbad; i++) {
        if (bsearch(&ws->bad[i].path, paths, n, sizeof *paths, by_string)) {
            ws->bad[kb++] = ws->bad[i];
            continue;
        }
        free(ws->bad[i].path);
        diags_free(&ws->bad[i].diags);
        *changed = true;
    }
    ws->nbad = kb;
    /* New: loaded, in id order; a file that does not load, or whose id
     * another plan has, is a problem as at the start. */
    for (size_t k = 0; k < n && !rc; k++) {
        bool seen = false;
        for (size_t i = 0; i < ws->nplans && !seen; i++)
            seen = !strcmp(ws->plans[i].plan_path, paths[k]);
        for (size_t i = 0; i < ws->nbad && !seen; i++) seen = !strcmp(ws->bad[i].path, paths[k]);
        if (seen) continue;
        *changed = true;
        kh_app app;
        memset(&app, 0, sizeof app);
        app.lang = ws->lang;
        app.today = ws->today;
        app.skip_note_counts = ws->nplans && ws->plans[0].skip_note_counts;
        kh_diags d = {0};
        if (app_load_plan(&app, paths[k], &d) != KH_E_OK) {
            app_close(&app);
            add_problem(ws, paths[k])->diags = d;
            continue;
        }
        diags_free(&d);
        long other = workspace_find_plan(ws, app.plan->id);
        if (other >= 0) {
            kh_ws_problem *p = add_problem(ws, paths[k]);
            diags_add(&p->diags, 0, 0,
                      TR(ws->lang, "mã kế hoạch '%s' trùng với tệp %s; tệp này không được mở",
                         "plan id '%s' is also the id of %s; this file is not opened"),
                      app.plan->id, ws->plans[other].plan->path);
            app_close(&app);
            continue;
        }
        size_t at = 0;
        while (at < ws->nplans && strcmp(ws->plans[at].plan->id, app.plan->id) < 0) at++;
        ws->plans = xreallocarray(ws->plans, ws->nplans + 1, sizeof *ws->plans);
        memmove(&ws->plans[at + 1], &ws->plans[at], (ws->nplans - at) * sizeof *ws->plans);
        ws->plans[at] = app;
        ws->nplans++;
        rc = attach_store(ws, &ws->plans[at], err);
    }
    workspace_paths_free(paths, n);
    return rc;
}

void workspace_close(kh_workspace *ws)
{
    for (size_t i = 0; i < ws->nplans; i++) {
        ws->plans[i].store = NULL; /* the workspace's, closed once below */
        app_close(&ws->plans[i]);
    }
    free(ws->plans);
    close_cache(ws); /* after the plans that point into it */
    for (size_t i = 0; i < ws->nbad; i++) {
        free(ws->bad[i].path);
        diags_free(&ws->bad[i].diags);
    }
    free(ws->bad);
    free(ws->wards);
    store_close(ws->store);
    plan_workspace_free(&ws->settings);
    free(ws->db_path);
    free(ws->dir);
    kh_lang lang = ws->lang;
    kh_date today = ws->today;
    memset(ws, 0, sizeof *ws);
    ws->lang = lang;
    ws->today = today;
}

long workspace_find_plan(const kh_workspace *ws, const char *id)
{
    for (size_t i = 0; i < ws->nplans; i++)
        if (!strcmp(ws->plans[i].plan->id, id)) return (long)i;
    return -1;
}

/* Return the id of plan's task that id names loosely: the same id but for
 * case (that task's id), or the periods of a periodic task ("III.1.3" for
 * "III.1.3/...": id itself); NULL when none. */
static const char *task_loosely(const kh_plan *plan, const char *id)
{
    size_t len = strlen(id);
    for (size_t k = 0; k < plan->ntasks; k++) {
        const char *t = plan->tasks[k].id;
        if (!strcasecmp(t, id)) return t;
        if (!strncmp(t, id, len) && t[len] == '/') return id;
    }
    return NULL;
}

kh_errcode workspace_task_plan(const kh_workspace *ws, const char *arg, size_t *plan,
                               const char **task, kh_error *err)
{
    const char *colon = strchr(arg, ':');
    if (colon) {
        char *id = xstrndup(arg, (size_t)(colon - arg));
        long p = workspace_find_plan(ws, id);
        free(id);
        if (p >= 0) {
            *plan = (size_t)p;
            *task = colon + 1;
            return KH_E_OK;
        }
    }
    *task = arg;
    for (int loose = 0; loose < 2; loose++) {
        long found = -1;
        strbuf ids = STRBUF_INIT;
        size_t count = 0;
        for (size_t i = 0; i < ws->nplans; i++) {
            const kh_plan *pl = ws->plans[i].plan;
            const char *hit = loose                           ? task_loosely(pl, arg)
                              : model_find_task(pl, arg) >= 0 ? arg
                                                              : NULL;
            if (!hit) continue;
            found = (long)i;
            sb_printf(&ids, "%s%s:%s", count++ ? ", " : "", pl->id, hit);
        }
        if (count > 1) {
            kh_error_set(err, KH_E_CONFLICT, "%s", sb_str(&ids));
            sb_done(&ids);
            return KH_E_CONFLICT;
        }
        sb_done(&ids);
        if (count == 1) {
            *plan = (size_t)found;
            return KH_E_OK;
        }
    }
    if (colon) {
        char *id = xstrndup(arg, (size_t)(colon - arg));
        kh_error_set(err, KH_E_NOT_FOUND, "%s", id);
        free(id);
        return KH_E_NOT_FOUND;
    }
    return kh_error_set(err, KH_E_NOT_FOUND, "%s", arg);
}

void workspace_counts(const kh_workspace *ws, kh_counts *counts)
{
    for (size_t i = 0; i < ws->nplans; i++)
        model_count(ws->plans[i].plan, ws->today, &counts[i], NULL);
}

kh_ws_task *workspace_tasks(const kh_workspace *ws, size_t *n)
{
    size_t total = 0;
    for (size_t i = 0; i < ws->nplans; i++) total += ws->plans[i].plan->ntasks;
    kh_ws_task *v = xreallocarray(NULL, total ? total : 1, sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < ws->nplans; i++)
        for (size_t t = 0; t < ws->plans[i].plan->ntasks; t++)
            v[k++] = (kh_ws_task){(uint32_t)i, (uint32_t)t};
    *n = total;
    return v;
}

kh_ws_due workspace_due(const kh_task *t, kh_date today, int days)
{
    /* A task assigned to each ward is due through its occurrences. */
    if (t->status == ST_DONE || model_task_summary(t)) return WS_NOT_DUE;
    if (model_timeliness(t, today) == TL_OVERDUE) return WS_OVERDUE;
    if (t->dl_kind != DL_CONTINUOUS && t->due >= today && t->due <= today + days) return WS_DUE;
    return WS_NOT_DUE;
}

static const kh_workspace *sort_ws; /* qsort has no context argument in C11 */

static int by_deadline(const void *a, const void *b)
{
    const kh_ws_task *x = a, *y = b;
    const kh_task *tx = &sort_ws->plans[x->plan].plan->tasks[x->task];
    const kh_task *ty = &sort_ws->plans[y->plan].plan->tasks[y->task];
    if (tx->due != ty->due) return tx->due < ty->due ? -1 : 1;
    if (x->plan != y->plan) return x->plan < y->plan ? -1 : 1;
    return x->task < y->task ? -1 : x->task > y->task;
}

void workspace_sort_deadline(const kh_workspace *ws, kh_ws_task *v, size_t n)
{
    if (n < 2) return;
    sort_ws = ws;
    qsort(v, n, sizeof *v, by_deadline);
    sort_ws = NULL;
}

/* Append text, folded, to the task's entry of v (a newline between texts). */
static void add_folded(char **v, long task, const char *text)
{
    if (task < 0 || !text || !*text) return;
    char *f = text_fold(text);
    if (!f) return;
    if (!v[task]) {
        v[task] = f;
        return;
    }
    char *both = xasprintf("%s\n%s", v[task], f);
    free(v[task]);
    free(f);
    v[task] = both;
}

char **workspace_note_texts(const kh_app *app, kh_error *err)
{
    const kh_plan *plan = app->plan;
    char **v = xcalloc(plan->ntasks + 1, sizeof *v);
    kh_note *notes;
    size_t n;
    if (app_notes(app, NULL, &notes, &n, err)) {
        free(v);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        add_folded(v, model_find_task(plan, notes[i].task_id), notes[i].text);
    store_notes_free(notes, n);
    kh_result *res;
    if (app_results(app, NULL, &res, &n, err)) {
        workspace_note_texts_free(v, plan->ntasks);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        long k = model_find_task(plan, res[i].task_id);
        add_folded(v, k, res[i].doc);
        add_folded(v, k, res[i].file_name);
    }
    store_results_free(res, n);
    return v;
}

void workspace_note_texts_free(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) free(v[i]);
    free(v);
}

bool workspace_unit_is_mine(kh_app *app, size_t u)
{
    const kh_plan *plan = app->plan;
    if (!app->groups_known) {
        app->groups = paths_groups(&app->ngroups);
        app->groups_known = true;
    }
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *r = &plan->rights[i];
        if (r->all || r->unit != u) continue;
        for (uint32_t k = 0; k < r->nusers; k++)
            if (!strcmp(r->users[k].name, app_user(app))) return true;
        for (uint32_t k = 0; k < r->ngroups; k++)
            for (size_t g = 0; g < app->ngroups; g++)
                if (!strcmp(r->groups[k].name, app->groups[g])) return true;
    }
    return false;
}

kh_errcode workspace_init(const char *dir, const char *name, kh_lang lang, bool *made_settings,
                          bool *made_db, kh_error *err)
{
    *made_settings = *made_db = false;
    /* The folder and its parents, as `mkdir -p` would (0775: a ward office's group shares it). */
    char *p = xstrdup(dir);
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != '\0') continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0775) != 0 && errno != EEXIST) {
            kh_error_set(err, KH_E_IO, "%s: %s", p, kh_strerrno(errno));
            free(p);
            return KH_E_IO;
        }
        *s = c;
        if (!c) break;
    }
    free(p);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return kh_error_set(err, KH_E_IO, "%s: %s", dir, kh_strerrno(ENOTDIR));
    char *settings = xasprintf("%s/workspace.yaml", dir);
    kh_errcode rc = KH_E_OK;
    int fd = open(settings, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0664);
    if (fd >= 0) {
        char *text = plan_workspace_template(name, lang);
        size_t len = strlen(text), done = 0;
        while (done < len) {
            ssize_t w = write(fd, text + done, len - done);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) break;
            done += (size_t)w;
        }
        free(text);
        if (close(fd) != 0 || done < len) {
            rc = kh_error_set(err, KH_E_IO, "%s: %s", settings, kh_strerrno(errno ? errno : EIO));
            unlink(settings);
        } else {
            *made_settings = true;
        }
    } else if (errno != EEXIST) {
        rc = kh_error_set(err, KH_E_IO, "%s: %s", settings, kh_strerrno(errno));
    }
    free(settings);
    if (rc) return rc;
    /* The database the settings name (an existing workspace.yaml may name another). */
    kh_workspace ws = {0};
    ws.dir = xstrdup(dir);
    char *spath = xasprintf("%s/workspace.yaml", dir);
    kh_diags d = {0};
    if (plan_workspace_load(spath, lang, &ws.settings, &d) != KH_E_OK) {
        diags_free(&d);
        plan_workspace_free(&ws.settings);
    }
    diags_free(&d);
    free(spath);
    char *db = workspace_db_path(&ws, NULL);
    bool existed = access(db, F_OK) == 0;
    kh_store *s = NULL;
    rc = store_open(db, 0, &s, err);
    store_close(s);
    if (!rc && !existed) *made_db = true;
    free(db);
    plan_workspace_free(&ws.settings);
    free(ws.dir);
    return rc;
}
