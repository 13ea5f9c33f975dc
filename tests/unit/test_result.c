/* Results, attachments and amendments (issue 12): the store's tables and
 * their undo, the attachments folder and its hash check, amendments laid
 * over the plan, and the migration from schema 3 keeping every row. */
#include "testutil.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/report.h"
#include "kehoach/store.h"

/* Schema steps 2 and 3, copied from migrations[1..2] in src/store.c: a
 * database of schema 3 as kehoach made it. */
#define SCHEMA_V2_STEP                                                                             \
    "CREATE INDEX note_by_task ON note (plan_id, task_id, id);"                                    \
    "CREATE INDEX history_by_task ON history (plan_id, task_id, id);"                              \
    "CREATE TRIGGER history_no_update BEFORE UPDATE ON history"                                    \
    " BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"                                   \
    "CREATE TRIGGER history_no_delete BEFORE DELETE ON history"                                    \
    " BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
#define SCHEMA_V3_STEP                                                                             \
    "ALTER TABLE history ADD COLUMN change_id INTEGER;"                                            \
    "ALTER TABLE history ADD COLUMN undo_of INTEGER;"                                              \
    "ALTER TABLE note ADD COLUMN change_id INTEGER;"                                               \
    "ALTER TABLE note ADD COLUMN withdrawn INTEGER;"                                               \
    "CREATE INDEX history_by_user ON history (plan_id, user, id);"                                 \
    "CREATE INDEX history_undone ON history (plan_id, undo_of) WHERE undo_of IS NOT NULL;"         \
    "CREATE TRIGGER note_no_delete BEFORE DELETE ON note"                                          \
    " BEGIN SELECT RAISE(ABORT, 'notes are never deleted'); END;"                                  \
    "CREATE TRIGGER note_withdraw_only BEFORE UPDATE ON note"                                      \
    " WHEN OLD.withdrawn IS NOT NULL OR NEW.withdrawn IS NULL OR NEW.id IS NOT OLD.id"             \
    " OR NEW.plan_id IS NOT OLD.plan_id OR NEW.task_id IS NOT OLD.task_id"                         \
    " OR NEW.body IS NOT OLD.body OR NEW.author IS NOT OLD.author"                                 \
    " OR NEW.created_at IS NOT OLD.created_at OR NEW.change_id IS NOT OLD.change_id"               \
    " BEGIN SELECT RAISE(ABORT, 'a note is never changed, only withdrawn once'); END;"

/* The content of a result file. */
#define REPORT_TEXT "Báo cáo 6 tháng\n"

typedef struct {
    char *dir;
    char *db;
    kh_app app;
} fixture;

static kh_plan *load_plan(void)
{
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    assert_int_equal(test_load(TEST_PLAN_YAML, &plan, &diags), KH_E_OK);
    diags_free(&diags);
    return plan;
}

static void app_start(fixture *f, const char *user)
{
    memset(&f->app, 0, sizeof f->app);
    f->app.lang = KH_LANG_EN;
    f->app.today = date_from_ymd(2023, 5, 30);
    f->app.user = xstrdup(user);
    f->app.plan = load_plan();
    kh_error err = {0};
    kh_errcode rc = app_open_store(&f->app, f->db, false, &err);
    if (rc) fail_msg("app_open_store: %d %s", rc, err.detail);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->db = xasprintf("%s/k.db", f->dir);
    app_start(f, "alice");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    app_close(&f->app);
    free(f->db);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static size_t idx(const kh_app *app, const char *id)
{
    long i = model_find_task(app->plan, id);
    assert_true(i >= 0);
    return (size_t)i;
}

static char *write_file(const fixture *f, const char *name, const char *text)
{
    char *p = xasprintf("%s/%s", f->dir, name);
    test_write(p, text, strlen(text));
    return p;
}

static size_t count_results(kh_app *app, const char *task)
{
    kh_result *r;
    size_t n;
    kh_error err = {0};
    assert_int_equal(app_results(app, task, &r, &n, &err), KH_E_OK);
    store_results_free(r, n);
    return n;
}

/* Return how many links of this kind the chain of the database at path
 * holds (read with SQLite itself, beside the store). */
static int chain_links(const char *path, const char *kind)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT count(*) FROM chain WHERE kind = ?1", -1, &st, NULL),
        SQLITE_OK);
    sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

/* Assert that the open store's chain holds (every record linked). */
static void chain_holds(kh_store *s)
{
    kh_chain_report r;
    kh_error err = {0};
    assert_int_equal(store_chain_verify(s, &r, &err), KH_E_OK);
    if (r.problem != CHAIN_OK)
        fail_msg("chain: problem %d at %s %lld", (int)r.problem, r.kind, (long long)r.row_id);
}

/* Run sql on the database at path past kehoach (a tamperer). */
static void tamper(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

static size_t count_history(kh_app *app)
{
    kh_history *h;
    size_t n;
    kh_error err = {0};
    assert_int_equal(app_history(app, NULL, &h, &n, &err), KH_E_OK);
    store_history_free(h, n);
    return n;
}

static void done_ok(kh_app *app, const char *id)
{
    kh_error err = {0};
    assert_int_equal(app_change(app, idx(app, id), ST_DONE, -1, NULL, -1, &err), KH_E_OK);
}

static kh_errcode amend(kh_app *app, const char *task, kh_amend_kind kind, const char *text,
                        const char *lead, const char *deadline, const char *doc);

/* ---- results ---------------------------------------------------------- */

static void test_result_add_and_undo(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    done_ok(app, "II.1");
    char *src = write_file(f, "bao-cao.txt", REPORT_TEXT);
    kh_attach a;
    assert_int_equal(app_attach_file(app, src, &a, &err), KH_E_OK);
    assert_int_equal(a.size, (int64_t)strlen(REPORT_TEXT));
    assert_string_equal(a.name, "bao-cao.txt");
    assert_int_equal(strlen(a.sha256), 64);
    assert_int_equal(app_result_add(app, idx(app, "II.1"), "123/BC-UBND ngày 30/5/2023", &a, &err),
                     KH_E_OK);

    /* The file, under its hash, read-only. */
    char *kept = xasprintf("%s.attachments/%s", f->db, a.sha256);
    struct stat st;
    assert_int_equal(stat(kept, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0440);
    assert_int_equal(st.st_size, (off_t)strlen(REPORT_TEXT));

    kh_result *r;
    size_t n;
    assert_int_equal(app_results(app, "II.1", &r, &n, &err), KH_E_OK);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].doc, "123/BC-UBND ngày 30/5/2023");
    assert_string_equal(r[0].file_name, "bao-cao.txt");
    assert_string_equal(r[0].sha256, a.sha256);
    assert_string_equal(r[0].user, "alice");
    store_results_free(r, n);

    /* The last change is the result: undo takes it back, the file stays. */
    kh_undo u;
    assert_int_equal(app_last_change(app, idx(app, "II.1"), &u, &err), KH_E_OK);
    assert_true(app_undo_is_result(&u));
    assert_int_equal(app_undo(app, &u, -1, &err), KH_E_OK);
    app_undo_free(&u);
    assert_int_equal(count_results(app, "II.1"), 0);
    assert_int_equal(stat(kept, &st), 0);
    assert_int_equal(app->plan->tasks[idx(app, "II.1")].status, ST_DONE);
    /* Taken back once: the next undo is the done itself. */
    assert_int_equal(app_last_change(app, idx(app, "II.1"), &u, &err), KH_E_OK);
    assert_false(app_undo_is_result(&u));
    app_undo_free(&u);

    kh_history *h;
    assert_int_equal(app_history(app, NULL, &h, &n, &err), KH_E_OK);
    assert_string_equal(h[n - 1].field, "result-withdrawn");
    assert_true(h[n - 1].undo_of > 0);
    store_history_free(h, n);

    /* The result and its withdrawal are links of the chain, beside the
     * history rows; a result rewritten past kehoach is found. */
    assert_int_equal(chain_links(f->db, "result"), 1);
    assert_int_equal(chain_links(f->db, "result-withdrawn"), 1);
    chain_holds(app->store);
    tamper(f->db, "DROP TRIGGER result_withdraw_only;"
                  "UPDATE result SET doc = '999/BC-UBND' WHERE id = 1;");
    kh_chain_report cr;
    assert_int_equal(store_chain_verify(app->store, &cr, &err), KH_E_OK);
    assert_int_equal(cr.problem, CHAIN_CHANGED);
    assert_string_equal(cr.kind, "result");
    assert_int_equal(cr.row_id, 1);
    app_attach_done(&a);
    free(kept);
    free(src);
}

static void test_result_refused(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    size_t before = count_history(app);
    /* Not done. */
    assert_int_equal(app_result_add(app, idx(app, "II.1"), "1/BC", NULL, &err), KH_E_INVALID);
    done_ok(app, "II.1");
    before = count_history(app);
    /* A missing file: nothing made, not even the folder. */
    char *missing = xasprintf("%s/none.pdf", f->dir);
    kh_attach a;
    assert_int_equal(app_attach_file(app, missing, &a, &err), KH_E_NOT_FOUND);
    char *folder = store_attach_dir(f->db);
    assert_int_not_equal(access(folder, F_OK), 0);
    /* A folder is not a file. */
    assert_int_equal(app_attach_file(app, f->dir, &a, &err), KH_E_IO);
    /* Too big (a sparse file one byte over). */
    char *big = xasprintf("%s/big.bin", f->dir);
    int fd = open(big, O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    assert_int_equal(ftruncate(fd, STORE_ATTACH_MAX + 1), 0);
    close(fd);
    assert_int_equal(app_attach_file(app, big, &a, &err), KH_E_ATTACH_TOO_BIG);
    /* An empty or many-line document. */
    assert_int_equal(app_result_add(app, idx(app, "II.1"), "", NULL, &err), KH_E_INVALID);
    assert_int_equal(app_result_add(app, idx(app, "II.1"), "a\nb", NULL, &err), KH_E_INVALID);
    assert_int_equal(app_result_add(app, idx(app, "II.1"), NULL, NULL, &err), KH_E_INVALID);
    assert_int_equal(count_history(app), before);
    assert_int_equal(count_results(app, NULL), 0);
    free(big);
    free(folder);
    free(missing);
}

static void test_result_never_changed(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    done_ok(app, "II.1");
    assert_int_equal(app_result_add(app, idx(app, "II.1"), "1/BC", NULL, &err), KH_E_OK);
    assert_int_equal(amend(app, "II.2", AMEND_WITHDRAW, NULL, NULL, NULL, "47/UBND"), KH_E_OK);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE result SET doc = 'x'", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM result", NULL, NULL, NULL), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "UPDATE amendment SET doc = 'x'", NULL, NULL, NULL),
                         SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(db, "DELETE FROM amendment", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(count_results(app, "II.1"), 1);
}

/* ---- the attachments folder ------------------------------------------- */

static void test_attachment_hash_checked(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    done_ok(app, "II.1");
    char *src = write_file(f, "bb.txt", REPORT_TEXT);
    kh_attach a;
    assert_int_equal(app_attach_file(app, src, &a, &err), KH_E_OK);
    assert_int_equal(app_result_add(app, idx(app, "II.1"), NULL, &a, &err), KH_E_OK);

    /* Back as it went in. */
    char *out = xasprintf("%s/out.txt", f->dir);
    int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    assert_int_equal(app_attachment_get(app, "II.1", 1, fd, NULL, &err), KH_E_OK);
    close(fd);
    char buf[64] = "";
    FILE *in = fopen(out, "r");
    assert_non_null(in);
    size_t got = fread(buf, 1, sizeof buf - 1, in);
    fclose(in);
    assert_int_equal(got, strlen(REPORT_TEXT));
    assert_memory_equal(buf, REPORT_TEXT, got);
    /* No second file. */
    assert_int_equal(app_attachment_get(app, "II.1", 2, -1, NULL, &err), KH_E_NOT_FOUND);

    /* Changed in the folder: refused. */
    char *kept = xasprintf("%s.attachments/%s", f->db, a.sha256);
    assert_int_equal(chmod(kept, 0644), 0);
    test_write(kept, "tampered\n", 9);
    fd = open("/dev/null", O_WRONLY);
    assert_int_equal(app_attachment_get(app, "II.1", 1, fd, NULL, &err), KH_E_ATTACH_CHANGED);
    /* Gone from the folder. */
    assert_int_equal(unlink(kept), 0);
    assert_int_equal(app_attachment_get(app, "II.1", 1, fd, NULL, &err), KH_E_ATTACH_MISSING);
    close(fd);
    app_attach_done(&a);
    free(kept);
    free(out);
    free(src);
}

/* ---- amendments ------------------------------------------------------- */

static kh_amendment amendment(const char *task, kh_amend_kind kind, const char *text,
                              const char *lead, const char *deadline, const char *doc)
{
    kh_amendment a = {0};
    a.task_id = xstrdup(task);
    a.kind = kind;
    a.text = text ? xstrdup(text) : NULL;
    a.lead = lead ? xstrdup(lead) : NULL;
    a.deadline = deadline ? xstrdup(deadline) : NULL;
    a.doc = doc ? xstrdup(doc) : NULL;
    return a;
}

static void amendment_done(kh_amendment *a)
{
    free(a->task_id);
    free(a->text);
    free(a->lead);
    free(a->deadline);
    free(a->doc);
}

static kh_errcode amend(kh_app *app, const char *task, kh_amend_kind kind, const char *text,
                        const char *lead, const char *deadline, const char *doc)
{
    kh_amendment a = amendment(task, kind, text, lead, deadline, doc);
    kh_error err = {0};
    kh_errcode rc = app_amend(app, &a, &err);
    amendment_done(&a);
    return rc;
}

static void test_amend_kinds(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    size_t n0 = app->plan->ntasks;
    assert_int_equal(
        amend(app, "II.9", AMEND_ADD, "Sơ kết 6 tháng", "VP", "15/07/2023", "45/KH-UBND"), KH_E_OK);
    assert_int_equal(app->plan->ntasks, n0 + 1);
    assert_int_equal(amend(app, "II.1", AMEND_CHANGE, NULL, NULL, "2023-06-15", "46/UBND"),
                     KH_E_OK);
    assert_int_equal(amend(app, "II.2", AMEND_WITHDRAW, NULL, NULL, NULL, "47/UBND"), KH_E_OK);

    /* Read again from the plan as issued: the amended plan. */
    app_close(&f->app);
    app_start(f, "alice");
    app = &f->app;
    assert_int_equal(app->plan->ntasks, n0 + 1);
    const kh_task *t = &app->plan->tasks[idx(app, "II.9")];
    assert_string_equal(t->text, "Sơ kết 6 tháng");
    assert_int_equal(t->nlead, 1);
    assert_string_equal(app->plan->units[t->lead[0]].id, "vp");
    assert_int_equal(t->due, date_from_ymd(2023, 7, 15));
    assert_true(t->amended & KH_AMENDED_ADDED);
    assert_string_equal(t->amended_by, "45/KH-UBND");
    t = &app->plan->tasks[idx(app, "II.1")];
    assert_int_equal(t->due, date_from_ymd(2023, 6, 15));
    assert_int_equal(t->dl_kind, DL_DATE);
    assert_true(t->amended & KH_AMENDED_DEADLINE);
    assert_string_equal(t->amended_by, "46/UBND");
    t = &app->plan->tasks[idx(app, "II.2")];
    assert_true(t->withdrawn);
    assert_string_equal(t->amended_by, "47/UBND");
    /* The added task takes changes like any other. */
    kh_error err = {0};
    assert_int_equal(app_change(app, idx(app, "II.9"), ST_DOING, 30, NULL, -1, &err), KH_E_OK);
    app_close(&f->app);
    app_start(f, "alice");
    assert_int_equal(f->app.plan->tasks[idx(&f->app, "II.9")].progress, 30);
}

/* Return the report of the first half of 2023 in fmt, as a heap string. */
static char *report_text(const kh_app *app, report_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    report_opts o = {
        date_from_ymd(2023, 1, 1), date_from_ymd(2023, 6, 30), REPORT_CUT_DATES, NULL, NULL, 0};
    kh_error err = {0};
    assert_int_equal(report_fwrite(app, NULL, &o, fmt, out, &err), KH_E_OK);
    fclose(out);
    return buf;
}

/* A report shows a task's result documents and files with its completion
 * and leaves a withdrawn task out of the table and the counts, listed
 * apart with the document; the CSV gives the results columns of their
 * own and no row for the withdrawn task. */
static void test_report_results_and_withdrawn(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    done_ok(app, "II.1");
    char *src = write_file(f, "bao-cao.txt", REPORT_TEXT);
    kh_attach a;
    assert_int_equal(app_attach_file(app, src, &a, &err), KH_E_OK);
    assert_int_equal(app_result_add(app, idx(app, "II.1"), "123/BC-UBND ngày 30/5/2023", &a, &err),
                     KH_E_OK);
    app_attach_done(&a);
    free(src);
    assert_int_equal(amend(app, "II.2", AMEND_WITHDRAW, NULL, NULL, NULL, "47/UBND"), KH_E_OK);
    app_close(&f->app);
    app_start(f, "alice");
    app = &f->app;

    char *md = report_text(app, REPORT_MD);
    assert_non_null(strstr(md, "<br>123/BC-UBND ngày 30/5/2023<br>file: bao-cao.txt |"));
    assert_non_null(strstr(md, "### 4. Tasks withdrawn\n\n- **II.2** "));
    assert_non_null(strstr(md, " — withdrawn by 47/UBND\n"));
    assert_non_null(strstr(md, "%. Tasks withdrawn, not counted (listed apart below): 1.\n"));
    assert_null(strstr(md, "| II.2 |"));
    free(md);

    char *csv = report_text(app, REPORT_CSV);
    assert_non_null(
        strstr(csv, ",Notes,Result documents,Result files,Confirmation,Amended by\r\n"));
    assert_non_null(strstr(csv, ",123/BC-UBND ngày 30/5/2023,bao-cao.txt,,\r\n"));
    assert_null(strstr(csv, ",II.2,"));
    free(csv);

    /* Without a withdrawal, the task is in the table again. */
    kh_undo u;
    assert_int_equal(app_last_change(app, idx(app, "II.2"), &u, &err), KH_E_OK);
    assert_int_equal(app_undo(app, &u, -1, &err), KH_E_OK);
    app_undo_free(&u);
    app_close(&f->app);
    app_start(f, "alice");
    md = report_text(&f->app, REPORT_MD);
    assert_non_null(strstr(md, "| II.2 |"));
    assert_null(strstr(md, "withdrawn"));
    free(md);
}

static void test_amend_refused(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    size_t before = count_history(app);
    /* No document. */
    assert_int_equal(amend(app, "II.9", AMEND_ADD, "x", "vp", NULL, NULL), KH_E_INVALID);
    assert_int_equal(amend(app, "II.9", AMEND_ADD, "x", "vp", NULL, ""), KH_E_INVALID);
    /* An id the plan has, a bad id, no text, an unknown unit. */
    assert_int_equal(amend(app, "II.1", AMEND_ADD, "x", "vp", NULL, "d"), KH_E_INVALID);
    assert_int_equal(amend(app, "II 9", AMEND_ADD, "x", "vp", NULL, "d"), KH_E_INVALID);
    assert_int_equal(amend(app, "II.9", AMEND_ADD, NULL, "vp", NULL, "d"), KH_E_INVALID);
    assert_int_equal(amend(app, "II.9", AMEND_ADD, "x", "nobody", NULL, "d"), KH_E_NOT_FOUND);
    /* A deadline that is no date, or outside the plan period. */
    assert_int_equal(amend(app, "II.1", AMEND_CHANGE, NULL, NULL, "31/02/2023", "d"), KH_E_INVALID);
    assert_int_equal(amend(app, "II.1", AMEND_CHANGE, NULL, NULL, "2030-01-01", "d"), KH_E_INVALID);
    /* Nothing to change; an unknown task. */
    assert_int_equal(amend(app, "II.1", AMEND_CHANGE, NULL, NULL, NULL, "d"), KH_E_INVALID);
    assert_int_equal(amend(app, "II.77", AMEND_WITHDRAW, NULL, NULL, NULL, "d"), KH_E_NOT_FOUND);
    /* Withdrawn twice. */
    assert_int_equal(amend(app, "II.2", AMEND_WITHDRAW, NULL, NULL, NULL, "d"), KH_E_OK);
    before = count_history(app);
    assert_int_equal(amend(app, "II.2", AMEND_WITHDRAW, NULL, NULL, NULL, "d"), KH_E_INVALID);
    /* Rights: who may change only some tasks may not amend. */
    kh_account bob = {"bob", 1, 1};
    kh_right r = {false, 0, &bob, NULL, 1, 0};
    kh_account alice = {"alice", 1, 1};
    kh_right r2 = {false, 1, &alice, NULL, 1, 0};
    kh_right rights[2] = {r, r2};
    app->plan->rights = rights;
    app->plan->nrights = 2;
    assert_int_equal(amend(app, "II.1", AMEND_CHANGE, "y", NULL, NULL, "d"), KH_E_DENIED);
    rights[1].all = true;
    assert_int_equal(amend(app, "II.1", AMEND_CHANGE, "y", NULL, NULL, "d"), KH_E_OK);
    app->plan->rights = NULL;
    app->plan->nrights = 0;
    assert_int_equal(count_history(app), before + 1);
}

static void test_amend_undo(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    size_t n0 = app->plan->ntasks;
    assert_int_equal(amend(app, "II.9", AMEND_ADD, "Sơ kết", "vp", NULL, "45/KH-UBND"), KH_E_OK);
    kh_undo u;
    kh_error err = {0};
    assert_int_equal(app_last_change(app, -1, &u, &err), KH_E_OK);
    assert_true(app_undo_is_amend(&u));
    assert_int_equal(app_undo(app, &u, -1, &err), KH_E_OK);
    app_undo_free(&u);
    kh_amendment *a;
    size_t n;
    assert_int_equal(app_amendments(app, &a, &n, &err), KH_E_OK);
    assert_int_equal(n, 0);
    store_amendments_free(a, n);
    /* Both records chained; an amendment slipped in past kehoach is not. */
    assert_int_equal(chain_links(f->db, "amendment"), 1);
    assert_int_equal(chain_links(f->db, "amendment-withdrawn"), 1);
    chain_holds(app->store);
    tamper(f->db, "INSERT INTO amendment (plan_id, task_id, kind, doc, user, at, change_id)"
                  " VALUES ('test-plan', 'II.8', 'add', '1/QĐ', 'mallory', '2023-05-30T08:00:00Z',"
                  " 99);");
    kh_chain_report cr;
    assert_int_equal(store_chain_verify(app->store, &cr, &err), KH_E_OK);
    assert_int_equal(cr.problem, CHAIN_UNLINKED);
    assert_string_equal(cr.kind, "amendment");
    app_close(&f->app);
    app_start(f, "alice");
    assert_int_equal(f->app.plan->ntasks, n0);
    assert_true(model_find_task(f->app.plan, "II.9") < 0);
}

/* ---- migration -------------------------------------------------------- */

static void test_migrate_from_v3(void **state)
{
    fixture *f = *state;
    app_close(&f->app);
    char *path = xasprintf("%s/v3.db", f->dir);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  SCHEMA_V1 SCHEMA_V2_STEP SCHEMA_V3_STEP
                                  "PRAGMA user_version = 3;"
                                  "INSERT INTO task_state VALUES ('test-plan', 'II.1', 'done', 100,"
                                  " '2023-05-30', '2023-05-30T08:00:00Z', 'carol', 2);"
                                  "INSERT INTO task_state VALUES ('test-plan', 'II.2', 'doing', 40,"
                                  " NULL, '2023-05-30T08:00:00Z', 'carol', 1);"
                                  "INSERT INTO note (plan_id, task_id, body, author, created_at,"
                                  " change_id) VALUES ('test-plan', 'II.2', 'cũ', 'carol',"
                                  " '2023-05-30T08:00:00Z', 3);"
                                  "INSERT INTO history VALUES (1, 'test-plan', 'II.1', 'status',"
                                  " 'todo', 'done', 'carol', '2023-05-30T08:00:00Z', 1, NULL);"
                                  "INSERT INTO history VALUES (2, 'test-plan', 'II.1', 'progress',"
                                  " '0', '100', 'carol', '2023-05-30T08:00:00Z', 1, NULL);"
                                  "INSERT INTO history VALUES (3, 'test-plan', 'II.2', 'note',"
                                  " NULL, 'cũ', 'carol', '2023-05-30T08:00:00Z', 3, NULL);",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);

    /* A reader reads it as it is: no results, nothing written. */
    kh_store *s = NULL;
    kh_error err = {0};
    assert_int_equal(store_open(path, STORE_READ_ONLY, &s, &err), KH_E_OK);
    assert_int_equal(store_schema_version(s), 3);
    kh_result *r;
    size_t n;
    assert_int_equal(store_results(s, "test-plan", NULL, true, &r, &n, &err), KH_E_OK);
    assert_int_equal(n, 0);
    kh_amendment *a;
    assert_int_equal(store_amendments(s, "test-plan", true, &a, &n, &err), KH_E_OK);
    assert_int_equal(n, 0);
    store_close(s);

    /* A writer migrates it, keeping every row. */
    assert_int_equal(store_open(path, 0, &s, &err), KH_E_OK);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    kh_plan *plan = load_plan();
    assert_int_equal(store_load(s, plan, &err), KH_E_OK);
    const kh_task *t = &plan->tasks[model_find_task(plan, "II.1")];
    assert_int_equal(t->status, ST_DONE);
    assert_int_equal(t->completed, date_from_ymd(2023, 5, 30));
    assert_int_equal(t->version, 2);
    t = &plan->tasks[model_find_task(plan, "II.2")];
    assert_int_equal(t->progress, 40);
    assert_int_equal(t->nnotes, 1);
    kh_history *h;
    assert_int_equal(store_history(s, "test-plan", NULL, &h, &n, &err), KH_E_OK);
    assert_int_equal(n, 3);
    store_history_free(h, n);
    /* And takes results now. */
    kh_result_in in = {"1/BC-UBND", NULL, NULL, 0};
    int64_t change = 0;
    assert_int_equal(
        store_result_add(s, "test-plan", "II.1", &in, "carol", 1700000000, &change, &err), KH_E_OK);
    assert_int_equal(change, 4);
    assert_int_equal(store_results(s, "test-plan", "II.1", false, &r, &n, &err), KH_E_OK);
    assert_int_equal(n, 1);
    assert_string_equal(r[0].doc, "1/BC-UBND");
    assert_int_equal(r[0].change, 4);
    store_results_free(r, n);
    chain_holds(s); /* the rows of schema 3 and the new result, all linked */
    assert_int_equal(chain_links(path, "history"), 4);
    assert_int_equal(chain_links(path, "result"), 1);
    store_close(s);
    model_free(plan);
    free(path);
    app_start(f, "alice"); /* for the teardown */
}

/* A database of schema 6 (the chain, before results): made by this program
 * and taken back to 6 by dropping what step 7 adds. A reader reads it as it
 * is with empty stand-ins; a writer migrates it, keeping every row, and the
 * chain still holds. */
static void test_migrate_from_v6(void **state)
{
    fixture *f = *state;
    kh_app *app = &f->app;
    kh_error err = {0};
    /* Changes made on the real day record no day of their own (schema 8's
     * change_day): the database is then as schema 6 had it. */
    app->today = date_today();
    done_ok(app, "II.1");
    assert_int_equal(app_change(app, idx(app, "II.2"), ST_DOING, 40, "ghi chú", -1, &err), KH_E_OK);
    app_close(&f->app);
    tamper(f->db, "DROP TABLE result; DROP TABLE amendment; DROP TABLE extension;"
                  " DROP TABLE change_day; PRAGMA user_version = 6;");

    kh_store *s = NULL;
    assert_int_equal(store_open(f->db, STORE_READ_ONLY, &s, &err), KH_E_OK);
    assert_int_equal(store_schema_version(s), 6);
    kh_result *r;
    size_t n;
    assert_int_equal(store_results(s, "test-plan", NULL, true, &r, &n, &err), KH_E_OK);
    assert_int_equal(n, 0);
    kh_amendment *a;
    assert_int_equal(store_amendments(s, "test-plan", true, &a, &n, &err), KH_E_OK);
    assert_int_equal(n, 0);
    chain_holds(s);
    kh_history *h;
    assert_int_equal(store_history(s, "test-plan", NULL, &h, &n, &err), KH_E_OK);
    size_t rows = n;
    assert_true(rows >= 3);
    store_history_free(h, n);
    store_close(s);

    assert_int_equal(store_open(f->db, 0, &s, &err), KH_E_OK);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    assert_int_equal(store_history(s, "test-plan", NULL, &h, &n, &err), KH_E_OK);
    assert_int_equal(n, rows);
    store_history_free(h, n);
    kh_plan *plan = load_plan();
    assert_int_equal(store_load(s, plan, &err), KH_E_OK);
    assert_int_equal(plan->tasks[model_find_task(plan, "II.1")].status, ST_DONE);
    assert_int_equal(plan->tasks[model_find_task(plan, "II.2")].nnotes, 1);
    kh_result_in in = {"2/BC-UBND", NULL, NULL, 0};
    assert_int_equal(store_result_add(s, "test-plan", "II.1", &in, "carol", 1700000000, NULL, &err),
                     KH_E_OK);
    chain_holds(s);
    store_close(s);
    model_free(plan);
    app_start(f, "alice"); /* for the teardown */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_result_add_and_undo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_result_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_result_never_changed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attachment_hash_checked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_amend_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_amend_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_report_results_and_withdrawn, setup, teardown),
        cmocka_unit_test_setup_teardown(test_amend_undo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_from_v3, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_from_v6, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
