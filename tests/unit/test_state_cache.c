/* The state cache (src/state_cache.c, src/state_cache_marks.c): a read
 * served from it gives exactly the state a read of the database gives, and
 * every way the database can change since shows at the next read: a commit
 * after a WAL restart over old frames (same size, same header, the database
 * file untouched), a restart, a checkpoint, the WAL gone at the last close,
 * an edit in rollback-journal mode that puts the mtime back, the database
 * replaced by rename, a rollback journal beside it. A cache that is damaged,
 * truncated, someone else's or in a folder others may write is not used. */
#include "testutil.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/app_confirm.h"
#include "kehoach/state_cache.h"
#include "kehoach/store.h"

/* Sub-items (their task is their sum) under a task confirmed by tp. */
#define SUB_ITEMS                                                                                  \
    "        - id: III.1.2\n"                                                                      \
    "          text: Rà soát hồ sơ.\n"                                                        \
    "          deadline: 2023-06-30\n"                                                             \
    "          confirm_by: tp\n"                                                                   \
    "          items:\n"                                                                           \
    "            - {id: III.1.2.a, text: a) Hồ sơ hộ tịch.}\n"                              \
    "            - {id: III.1.2.b, text: b) Hồ sơ đất đai.}\n"

typedef struct {
    char *dir, *plan, *db, *cache;
    kh_app w; /* the writer, kept open */
    bool w_open;
    kh_store *keep; /* a reader kept open (a projector): the -wal stays */
} fixture;

/* The test plan with `confirm_by: vp`, II.1's officer and the sub-items. */
static char *plan_text(void)
{
    const char *base = TEST_PLAN_YAML;
    const char *period = strstr(base, "  period:");
    const char *after = strchr(period, '\n') + 1;
    const char *lead = strstr(base, "    lead: [tp]\n");
    const char *lead_end = lead + strlen("    lead: [tp]\n");
    return xasprintf("%.*s  confirm_by: vp\n%.*s    officer: Nguyễn Văn Ánh\n%s%s",
                     (int)(after - base), base, (int)(lead_end - after), after, lead_end,
                     SUB_ITEMS);
}

static void app_begin(kh_app *app, const char *plan, const char *user)
{
    memset(app, 0, sizeof *app);
    app->lang = KH_LANG_EN;
    app->today = date_from_ymd(2023, 5, 20);
    app->user = xstrdup(user);
    kh_diags d = {0};
    if (app_load_plan(app, plan, &d) != KH_E_OK) fail_msg("load: %s", d.n ? d.v[0].msg : "?");
    diags_free(&d);
}

static void writer_open(fixture *f)
{
    app_begin(&f->w, f->plan, "alice");
    kh_error err = {0};
    if (app_open_store(&f->w, f->db, false, &err)) fail_msg("open: %s", err.detail);
    f->w_open = true;
}

static void writer_close(fixture *f)
{
    if (f->w_open) app_close(&f->w);
    f->w_open = false;
}

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->plan = xasprintf("%s/plan.yaml", f->dir);
    f->db = xasprintf("%s/kh.db", f->dir);
    f->cache = xasprintf("%s/cache", f->dir);
    setenv("XDG_CACHE_HOME", f->cache, 1);
    unsetenv("KEHOACH_NO_CACHE");
    unsetenv("KEHOACH_NO_STATE_CACHE");
    char *yaml = plan_text();
    test_write(f->plan, yaml, strlen(yaml));
    free(yaml);
    writer_open(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    writer_close(f);
    store_close(f->keep);
    unsetenv("XDG_CACHE_HOME");
    free(f->plan);
    free(f->db);
    free(f->cache);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static size_t task_index(const kh_app *app, const char *id)
{
    long i = model_find_task(app->plan, id);
    if (i < 0) fail_msg("no task %s", id);
    return (size_t)i;
}

static void set_ok(fixture *f, const char *id, int status, int progress)
{
    kh_error err = {0};
    kh_errcode rc = app_change(&f->w, task_index(&f->w, id), status, progress, NULL, -1, &err);
    if (rc) fail_msg("set %s: %d %s", id, rc, err.detail);
}

/* Open a reader as `status` does (state_only, no note counts), the state
 * cache on or off; return whether it served the state. */
static bool reader_open(fixture *f, kh_app *app, bool cache)
{
    app_begin(app, f->plan, "bob");
    app->state_only = true;
    app->skip_note_counts = true;
    if (!cache) setenv("KEHOACH_NO_STATE_CACHE", "1", 1);
    kh_error err = {0};
    kh_errcode rc = app_open_store(app, f->db, true, &err);
    unsetenv("KEHOACH_NO_STATE_CACHE");
    if (rc) fail_msg("read: %d %s", rc, err.detail);
    if (app->state_cached) assert_null(app->store);
    return app->state_cached;
}

static void same_str(const char *a, const char *b, const char *what, const char *id)
{
    if (!a != !b || (a && strcmp(a, b) != 0))
        fail_msg("%s of %s: %s against %s", what, id, a ? a : "NULL", b ? b : "NULL");
}

/* Every field the store's load fills is the same in a and b. */
static void same_state(const kh_plan *a, const kh_plan *b)
{
    assert_int_equal(a->ntasks, b->ntasks);
    for (size_t i = 0; i < a->ntasks; i++) {
        const kh_task *x = &a->tasks[i], *y = &b->tasks[i];
        assert_string_equal(x->id, y->id);
        assert_int_equal(x->status, y->status);
        assert_int_equal(x->progress, y->progress);
        assert_int_equal(x->completed, y->completed);
        assert_int_equal(x->updated_at, y->updated_at);
        assert_int_equal(x->version, y->version);
        assert_int_equal(x->nnotes, y->nnotes);
        assert_int_equal(x->nextensions, y->nextensions);
        assert_int_equal(x->due, y->due);
        if (x->nextensions) assert_int_equal(x->due_original, y->due_original);
        assert_int_equal(x->verdict, y->verdict);
        assert_int_equal(x->verdict_at, y->verdict_at);
        assert_int_equal(x->amended, y->amended);
        assert_int_equal(x->withdrawn, y->withdrawn);
        same_str(x->updated_by, y->updated_by, "updated_by", x->id);
        same_str(x->extension_doc, y->extension_doc, "extension_doc", x->id);
        same_str(x->extension_reason, y->extension_reason, "extension_reason", x->id);
        same_str(x->withdrawn_doc, y->withdrawn_doc, "withdrawn_doc", x->id);
        same_str(x->officer, y->officer, "officer", x->id);
        same_str(x->verdict_by, y->verdict_by, "verdict_by", x->id);
        same_str(x->verdict_reason, y->verdict_reason, "verdict_reason", x->id);
        same_str(x->amended_by, y->amended_by, "amended_by", x->id);
    }
}

/* Read with the cache and without; check they agree; return whether the
 * cache served; *progress: II.1's progress. */
static bool read_check(fixture *f, int *progress)
{
    kh_app c, d;
    bool hit = reader_open(f, &c, true);
    reader_open(f, &d, false);
    same_state(c.plan, d.plan);
    if (progress) *progress = c.plan->tasks[task_index(&c, "II.1")].progress;
    app_close(&c);
    app_close(&d);
    return hit;
}

/* Sleep past the settling time of the database file's times. */
static void settle(void)
{
    struct timespec t = {0, 80 * 1000000L};
    nanosleep(&t, NULL);
}

/* Read until the cache serves (a read after a change misses, writes the
 * cache once the marks are settled); fail when it never does. */
static void read_until_hit(fixture *f)
{
    for (int i = 0; i < 4; i++) {
        if (read_check(f, NULL)) return;
        settle();
    }
    fail_msg("the state cache never served");
}

static void wal_view(const fixture *f, int64_t *size, unsigned char head[32])
{
    char *wal = xasprintf("%s-wal", f->db);
    int fd = open(wal, O_RDONLY);
    assert_true(fd >= 0);
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    *size = st.st_size;
    assert_int_equal(pread(fd, head, 32, 0), 32);
    close(fd);
    free(wal);
}

static void db_stat(const fixture *f, struct stat *st)
{
    assert_int_equal(stat(f->db, st), 0);
}

static void same_db_file(const struct stat *a, const struct stat *b)
{
    assert_int_equal(a->st_size, b->st_size);
    assert_int_equal(a->st_mtim.tv_sec, b->st_mtim.tv_sec);
    assert_int_equal(a->st_mtim.tv_nsec, b->st_mtim.tv_nsec);
    assert_int_equal(a->st_ctim.tv_nsec, b->st_ctim.tv_nsec);
}

/* A reader kept open, as the projector is: a last close then leaves the
 * -wal (and the writer's commits do not delete it). */
static void keep_reader(fixture *f)
{
    kh_error err = {0};
    assert_int_equal(store_open(f->db, STORE_READ_ONLY, &f->keep, &err), KH_E_OK);
    int64_t v;
    assert_int_equal(store_data_version(f->keep, &v, &err), KH_E_OK);
}

static void checkpoint(fixture *f, int mode)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    /* A first read: until then the connection knows of no WAL. */
    assert_int_equal(sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL),
                     SQLITE_OK);
    int log = -1, done = -1;
    assert_int_equal(sqlite3_wal_checkpoint_v2(db, NULL, mode, &log, &done), SQLITE_OK);
    if (mode != SQLITE_CHECKPOINT_TRUNCATE) assert_true(log > 0);
    assert_int_equal(log, done);
    sqlite3_close(db);
}

/* Many commits, a checkpoint of them all, then one commit: the WAL
 * restarts (a new header) over its old frames, keeping its size. */
static void restart_wal(fixture *f, int64_t *size, unsigned char head[32])
{
    for (int i = 0; i < 30; i++) set_ok(f, "II.2", ST_DOING, i + 1);
    int64_t big;
    unsigned char before[32];
    wal_view(f, &big, before);
    checkpoint(f, SQLITE_CHECKPOINT_FULL);
    set_ok(f, "II.1", ST_DOING, 10);
    wal_view(f, size, head);
    assert_int_equal(*size, big);              /* the same file */
    assert_memory_not_equal(head, before, 32); /* restarted: new salts */
}

/* ---- the cache serves, and gives what the database gives ---- */

static void test_serves_the_same_state(void **state)
{
    fixture *f = *state;
    kh_error err = {0};
    set_ok(f, "II.1", ST_DONE, -1);
    assert_int_equal(
        app_confirm(&f->w, task_index(&f->w, "II.1"), VERDICT_CONFIRMED, NULL, -1, &err), KH_E_OK);
    set_ok(f, "III.1.2.a", ST_DONE, -1);
    set_ok(f, "III.1.2.b", ST_DOING, 40);
    assert_int_equal(app_assign(&f->w, task_index(&f->w, "II.2"), "Trần Thị Bình", -1, &err),
                     KH_E_OK);
    assert_int_equal(app_extend(&f->w, task_index(&f->w, "III.1.2.a"), date_from_ymd(2023, 9, 30),
                                "12/QĐ-UBND", "mưa bão", &err),
                     KH_E_OK);
    kh_edit e = {.status = ST_WITHDRAWN,
                 .progress = -1,
                 .on = KH_NO_DATE,
                 .doc = "15/QĐ-UBND",
                 .expected_version = -1};
    assert_int_equal(app_change_edit(&f->w, task_index(&f->w, "III.1.1/2023-03"), &e, &err),
                     KH_E_OK);
    writer_close(f);
    read_until_hit(f);
    /* Served again, with nothing read from the database. */
    kh_app c;
    assert_true(reader_open(f, &c, true));
    assert_null(c.store);
    const kh_task *t = &c.plan->tasks[task_index(&c, "III.1.2.a")];
    assert_int_equal(t->nextensions, 1);
    assert_string_equal(t->extension_doc, "12/QĐ-UBND");
    assert_string_equal(c.plan->tasks[task_index(&c, "II.2")].officer, "Trần Thị Bình");
    assert_string_equal(c.plan->tasks[task_index(&c, "II.1")].verdict_by, "alice");
    assert_string_equal(c.plan->tasks[task_index(&c, "III.1.1/2023-03")].withdrawn_doc,
                        "15/QĐ-UBND");
    app_close(&c);
    /* Turned off: not served. */
    setenv("KEHOACH_NO_STATE_CACHE", "1", 1);
    app_begin(&c, f->plan, "bob");
    c.state_only = c.skip_note_counts = true;
    assert_int_equal(app_open_store(&c, f->db, true, &err), KH_E_OK);
    assert_false(c.state_cached);
    assert_non_null(c.store);
    app_close(&c);
    unsetenv("KEHOACH_NO_STATE_CACHE");
    /* A command that reads more (state_only unset) opens the database. */
    app_begin(&c, f->plan, "bob");
    assert_int_equal(app_open_store(&c, f->db, true, &err), KH_E_OK);
    assert_false(c.state_cached);
    assert_non_null(c.store);
    app_close(&c);
}

/* The key is what was read: with the note counts, another entry. */
static void test_keyed_by_what_was_read(void **state)
{
    fixture *f = *state;
    kh_error err = {0};
    assert_int_equal(app_change(&f->w, task_index(&f->w, "II.1"), ST_DOING, 5, "ghi chú", -1, &err),
                     KH_E_OK);
    writer_close(f);
    read_until_hit(f);
    kh_app c;
    app_begin(&c, f->plan, "bob");
    c.state_only = true; /* counts the notes */
    assert_int_equal(app_open_store(&c, f->db, true, &err), KH_E_OK);
    assert_false(c.state_cached);
    assert_int_equal(c.plan->tasks[task_index(&c, "II.1")].nnotes, 1);
    app_close(&c);
}

/* A plan with targets: their last measurements are kept and served too,
 * and a new measurement shows at the next read. */
static void test_targets_kept(void **state)
{
    fixture *f = *state;
    writer_close(f);
    char *base = plan_text();
    char *yaml = xasprintf("%stargets:\n"
                           "  - {id: CT1, text: Hồ sơ trực tuyến, measure: percent, lead: vp}\n"
                           "  - {id: CT2, text: Tổ công nghệ số, measure: count, lead: tp}\n",
                           base);
    test_write(f->plan, yaml, strlen(yaml));
    free(yaml);
    free(base);
    writer_open(f);
    assert_int_equal(f->w.plan->ntargets, 2);
    kh_error err = {0};
    assert_int_equal(app_measure(&f->w, 0, 62.5, date_from_ymd(2023, 5, 10), "BC 12/BC-UBND", &err),
                     KH_E_OK);
    writer_close(f);
    read_until_hit(f);
    kh_app c, d;
    assert_true(reader_open(f, &c, true));
    assert_false(reader_open(f, &d, false));
    for (size_t i = 0; i < 2; i++) {
        const kh_measured *x = &c.plan->targets[i].state, *y = &d.plan->targets[i].state;
        assert_int_equal(x->measured, y->measured);
        if (!x->measured) continue;
        assert_true(x->value == y->value);
        assert_int_equal(x->on, y->on);
        assert_int_equal(x->at, y->at);
        same_str(x->doc, y->doc, "doc", "CT1");
        same_str(x->by, y->by, "by", "CT1");
    }
    assert_true(c.plan->targets[0].state.measured);
    assert_true(c.plan->targets[0].state.value == 62.5);
    assert_string_equal(c.plan->targets[0].state.doc, "BC 12/BC-UBND");
    assert_false(c.plan->targets[1].state.measured);
    app_close(&c);
    app_close(&d);
    writer_open(f);
    assert_int_equal(app_measure(&f->w, 0, 70, date_from_ymd(2023, 5, 15), NULL, &err), KH_E_OK);
    writer_close(f);
    assert_false(reader_open(f, &c, true));
    assert_true(c.plan->targets[0].state.value == 70);
    app_close(&c);
}

/* ---- every change shows at once ---- */

/* Two commits after a WAL restart: the second writes over old frames, the
 * WAL keeps its size and header, the database file is not touched, and the
 * commit comes right after the cache was written (the same clock tick):
 * the frame after the last valid one has the salts now. */
static void test_commit_after_restart_same_size(void **state)
{
    fixture *f = *state;
    keep_reader(f);
    int64_t size;
    unsigned char head[32];
    restart_wal(f, &size, head);
    settle(); /* the checkpoint wrote the database file */
    int progress;
    while (!read_check(f, &progress)) settle();
    assert_int_equal(progress, 10);
    struct stat db_before;
    db_stat(f, &db_before);
    set_ok(f, "II.1", ST_DOING, 20); /* as many frames as the last commit */
    int64_t size2;
    unsigned char head2[32];
    wal_view(f, &size2, head2);
    assert_int_equal(size2, size);
    assert_memory_equal(head2, head, 32);
    struct stat db_after;
    db_stat(f, &db_after);
    same_db_file(&db_before, &db_after);
    assert_false(read_check(f, &progress));
    assert_int_equal(progress, 20);
}

/* A restart alone (after a checkpoint read and cached): a new header over
 * a WAL of the same size, the database file as it was. */
static void test_restart_same_size(void **state)
{
    fixture *f = *state;
    keep_reader(f);
    for (int i = 0; i < 30; i++) set_ok(f, "II.2", ST_DOING, i + 1);
    checkpoint(f, SQLITE_CHECKPOINT_FULL);
    settle();
    int64_t size;
    unsigned char head[32];
    wal_view(f, &size, head);
    int progress;
    while (!read_check(f, &progress)) settle();
    struct stat db_before, db_after;
    db_stat(f, &db_before);
    set_ok(f, "II.1", ST_BLOCKED, 33); /* restarts the WAL */
    int64_t size2;
    unsigned char head2[32];
    wal_view(f, &size2, head2);
    assert_int_equal(size2, size);
    assert_memory_not_equal(head2, head, 32);
    db_stat(f, &db_after);
    same_db_file(&db_before, &db_after);
    assert_false(read_check(f, &progress));
    assert_int_equal(progress, 33);
}

/* A commit that grows the WAL, and a checkpoint (the content unchanged:
 * read again, the same state). */
static void test_commit_and_checkpoint(void **state)
{
    fixture *f = *state;
    keep_reader(f);
    set_ok(f, "II.1", ST_DOING, 1);
    settle();
    read_until_hit(f);
    set_ok(f, "II.1", ST_DOING, 2);
    int progress;
    assert_false(read_check(f, &progress));
    assert_int_equal(progress, 2);
    settle();
    read_until_hit(f);
    checkpoint(f, SQLITE_CHECKPOINT_TRUNCATE);
    read_check(f, &progress);
    assert_int_equal(progress, 2);
}

/* The last close checkpoints and empties or deletes the WAL. */
static void test_last_close(void **state)
{
    fixture *f = *state;
    set_ok(f, "II.1", ST_DOING, 7);
    writer_close(f);
    read_until_hit(f);
    writer_open(f);
    set_ok(f, "II.1", ST_DOING, 8);
    writer_close(f); /* its last close: the change is in the database file */
    int progress;
    assert_false(read_check(f, &progress));
    assert_int_equal(progress, 8);
    /* And the WAL removed by hand after that (as a tool might). */
    settle();
    read_until_hit(f);
    char *wal = xasprintf("%s-wal", f->db);
    unlink(wal);
    free(wal);
    assert_false(read_check(f, &progress));
    assert_int_equal(progress, 8);
}

/* The sqlite3 shell's way: rollback-journal mode, a row changed in place,
 * and (to hide it) the file's size kept and its mtime put back: the ctime
 * and the header's change counter move. A -journal beside the database
 * means a write under way or cut short: never served. */
static void test_edit_in_place(void **state)
{
    fixture *f = *state;
    set_ok(f, "II.1", ST_DOING, 11);
    writer_close(f);
    read_until_hit(f);
    struct stat before;
    db_stat(f, &before);
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "UPDATE task_state SET progress = 77 WHERE task_id = 'II.1'",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, f->db, times, 0), 0);
    struct stat after;
    db_stat(f, &after);
    assert_int_equal(after.st_size, before.st_size);
    assert_int_equal(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
    int progress;
    assert_false(read_check(f, &progress));
    assert_int_equal(progress, 77);

    settle();
    read_until_hit(f);
    char *journal = xasprintf("%s-journal", f->db);
    test_write(journal, "", 0);
    assert_false(read_check(f, &progress));
    kh_db_marks m;
    int64_t now;
    assert_false(state_marks_take(f->db, &m, &now));
    unlink(journal);
    free(journal);
}

/* Another database renamed over this one. */
static void test_replaced_by_rename(void **state)
{
    fixture *f = *state;
    set_ok(f, "II.1", ST_DOING, 12);
    writer_close(f);
    read_until_hit(f);
    char *other = xasprintf("%s/other.db", f->dir);
    kh_app o;
    app_begin(&o, f->plan, "carol");
    kh_error err = {0};
    assert_int_equal(app_open_store(&o, other, false, &err), KH_E_OK);
    assert_int_equal(app_change(&o, task_index(&o, "II.1"), ST_BLOCKED, 12, NULL, -1, &err),
                     KH_E_OK);
    app_close(&o);
    char *wal = xasprintf("%s-wal", f->db), *shm = xasprintf("%s-shm", f->db);
    unlink(wal);
    unlink(shm);
    assert_int_equal(rename(other, f->db), 0);
    kh_app c;
    reader_open(f, &c, true);
    assert_false(c.state_cached);
    assert_int_equal(c.plan->tasks[task_index(&c, "II.1")].status, ST_BLOCKED);
    app_close(&c);
    free(wal);
    free(shm);
    free(other);
}

/* A database whose file cannot be written (read-only, as on a read-only
 * mount) is read and served as any other. */
static void test_read_only_database(void **state)
{
    fixture *f = *state;
    set_ok(f, "II.1", ST_DOING, 13);
    writer_close(f);
    assert_int_equal(chmod(f->db, 0444), 0);
    read_until_hit(f);
    int progress;
    assert_true(read_check(f, &progress));
    assert_int_equal(progress, 13);
    chmod(f->db, 0644);
}

/* Marks taken just after a write of the database file are not settled:
 * another write in the same tick would carry the same times. */
static void test_settled(void **state)
{
    (void)state;
    kh_db_marks m;
    memset(&m, 0, sizeof m);
    int64_t now = (int64_t)1700000000 * 1000000000 + 123456789;
    m.db_mtime_ns = m.db_ctime_ns = now - 10000000; /* 10 ms */
    assert_false(state_marks_settled(&m, now));
    m.db_mtime_ns = m.db_ctime_ns = now - 60000000; /* 60 ms */
    assert_true(state_marks_settled(&m, now));
    m.db_ctime_ns = now - 1000;
    assert_false(state_marks_settled(&m, now));
    /* Whole seconds: the file system keeps no finer; 2.5 s. */
    m.db_mtime_ns = m.db_ctime_ns = (now / 1000000000 - 2) * 1000000000;
    assert_false(state_marks_settled(&m, now));
    m.db_mtime_ns = m.db_ctime_ns = (now / 1000000000 - 3) * 1000000000;
    assert_true(state_marks_settled(&m, now));
    /* From the future (a clock set back): not settled. */
    m.db_mtime_ns = m.db_ctime_ns = now + 1000000000;
    assert_false(state_marks_settled(&m, now));
}

/* ---- a cache not to believe ---- */

static char *cache_file_of(fixture *f)
{
    kh_app c;
    reader_open(f, &c, false);
    char *file = state_cache_file(c.plan, f->db);
    app_close(&c);
    return file;
}

/* Write a cache with the marks of now in which II.1 is 99% done: what a
 * forger who knows the format would write. */
static void forge(fixture *f)
{
    kh_app c;
    reader_open(f, &c, false);
    c.plan->tasks[task_index(&c, "II.1")].progress = 99;
    kh_db_marks m;
    int64_t now;
    assert_true(state_marks_take(f->db, &m, &now));
    assert_int_equal(state_cache_write(c.plan, f->db, 0, &m), KH_E_OK);
    app_close(&c);
}

static void test_not_believed(void **state)
{
    fixture *f = *state;
    set_ok(f, "II.1", ST_DOING, 14);
    writer_close(f);
    read_until_hit(f);
    char *file = cache_file_of(f);
    int progress;

    /* One byte of a record changed: the whole file's hash says no. */
    struct stat st;
    assert_int_equal(stat(file, &st), 0);
    int fd = open(file, O_RDWR);
    assert_true(fd >= 0);
    unsigned char b;
    off_t at = st.st_size - 40;
    assert_int_equal(pread(fd, &b, 1, at), 1);
    b ^= 0x5a;
    assert_int_equal(pwrite(fd, &b, 1, at), 1);
    close(fd);
    assert_false(read_check(f, &progress));
    assert_int_equal(progress, 14);

    /* Truncated. */
    read_until_hit(f);
    assert_int_equal(truncate(file, 100), 0);
    assert_false(read_check(f, &progress));
    read_until_hit(f);
    assert_int_equal(truncate(file, 0), 0);
    assert_false(read_check(f, &progress));

    /* Whole and well made, but writable by the group, or in a folder that
     * is, or someone else's: not believed. Its owner's own is. */
    forge(f);
    assert_int_equal(chmod(file, 0620), 0);
    assert_false(read_check(f, &progress));
    assert_int_equal(progress, 14);
    forge(f);
    char *dir = xasprintf("%s/kehoach", f->cache);
    assert_int_equal(chmod(dir, 0770), 0);
    assert_false(read_check(f, &progress));
    assert_int_equal(chmod(dir, 0700), 0);
    free(dir);
    if (geteuid() == 0) {
        forge(f);
        assert_int_equal(chown(file, 4242, 4242), 0);
        assert_false(read_check(f, &progress));
        assert_int_equal(progress, 14);
        assert_int_equal(chown(file, 0, 0), 0);
    }
    forge(f);
    kh_app c;
    assert_true(reader_open(f, &c, true)); /* the user's own forgery: theirs to make */
    assert_int_equal(c.plan->tasks[task_index(&c, "II.1")].progress, 99);
    app_close(&c);

    /* A symbolic link in its place: not followed. */
    char *elsewhere = xasprintf("%s/elsewhere", f->dir);
    assert_int_equal(rename(file, elsewhere), 0);
    assert_int_equal(symlink(elsewhere, file), 0);
    assert_false(read_check(f, &progress));
    assert_int_equal(progress, 14);
    free(elsewhere);
    free(file);
}

/* Without the plan cache (KEHOACH_NO_CACHE) the plan is not hashed: no
 * state cache either. */
static void test_off_with_the_plan_cache(void **state)
{
    fixture *f = *state;
    writer_close(f);
    read_until_hit(f);
    setenv("KEHOACH_NO_CACHE", "1", 1);
    kh_app c;
    assert_false(reader_open(f, &c, true));
    app_close(&c);
    unsetenv("KEHOACH_NO_CACHE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_serves_the_same_state, setup, teardown),
        cmocka_unit_test_setup_teardown(test_keyed_by_what_was_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_targets_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_after_restart_same_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_restart_same_size, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_and_checkpoint, setup, teardown),
        cmocka_unit_test_setup_teardown(test_last_close, setup, teardown),
        cmocka_unit_test_setup_teardown(test_edit_in_place, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replaced_by_rename, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_database, setup, teardown),
        cmocka_unit_test(test_settled),
        cmocka_unit_test_setup_teardown(test_not_believed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_off_with_the_plan_cache, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
