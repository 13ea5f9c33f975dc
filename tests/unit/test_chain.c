/* The hash chain over history rows, notes and withdrawals: every change and
 * undo links its records; a record changed, deleted or inserted past
 * kehoach, a link deleted, and an older copy of the database put back are
 * each found, and named; the migration from schema 3 chains the rows there
 * and keeps every one of them. */
#include "testutil.h"

#include <sqlite3.h>

#include "kehoach/app.h"
#include "kehoach/store.h"

#define T0 ((int64_t)1700000000)

/* Schema 3: version 1 and migrations[1..2] of src/store.c. */
#define SCHEMA_V3                                                                                  \
    SCHEMA_V1                                                                                      \
    "CREATE INDEX note_by_task ON note (plan_id, task_id, id);"                                    \
    "CREATE INDEX history_by_task ON history (plan_id, task_id, id);"                              \
    "CREATE TRIGGER history_no_update BEFORE UPDATE ON history"                                    \
    " BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"                                   \
    "CREATE TRIGGER history_no_delete BEFORE DELETE ON history"                                    \
    " BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"                                   \
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
    " BEGIN SELECT RAISE(ABORT, 'a note is never changed, only withdrawn once'); END;"             \
    "PRAGMA user_version = 3;"

/* Two changes of carol's (the second with a note, then undone: the note
 * withdrawn) and one of dave's, as schema 3 wrote them. */
#define DATA_V3                                                                                    \
    "INSERT INTO task_state VALUES ('test-plan', 'II.1', 'doing', 40, NULL,"                       \
    " '2023-03-01T09:00:00Z', 'carol', 3);"                                                        \
    "INSERT INTO task_state VALUES ('test-plan', 'II.2', 'blocked', 0, NULL,"                      \
    " '2023-03-01T08:30:00Z', 'dave', 1);"                                                         \
    "INSERT INTO note (id, plan_id, task_id, body, author, created_at, change_id, withdrawn)"      \
    " VALUES (1, 'test-plan', 'II.1', 'họp', 'carol', '2023-03-01T08:45:00Z', 4, 6);"            \
    "INSERT INTO history VALUES"                                                                   \
    " (1, 'test-plan', 'II.1', 'status', 'todo', 'doing', 'carol', '2023-03-01T08:00:00Z', 1, "    \
    "NULL),"                                                                                       \
    " (2, 'test-plan', 'II.1', 'progress', '0', '40', 'carol', '2023-03-01T08:00:00Z', 1, NULL),"  \
    " (3, 'test-plan', 'II.2', 'status', 'todo', 'blocked', 'dave', '2023-03-01T08:30:00Z', 3, "   \
    "NULL),"                                                                                       \
    " (4, 'test-plan', 'II.1', 'note', NULL, 'họp', 'carol', '2023-03-01T08:45:00Z', 4, NULL),"  \
    " (6, 'test-plan', 'II.1', 'note-withdrawn', 'họp', NULL, 'carol', '2023-03-01T09:00:00Z', " \
    "6, 4);"

typedef struct {
    char *dir;
    char *path;
} fixture;

static int setup(void **state)
{
    fixture *f = xcalloc(1, sizeof *f);
    f->dir = test_tmpdir();
    f->path = xasprintf("%s/kehoach.db", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    free(f->path);
    test_rmdir(f->dir);
    free(f);
    return 0;
}

static kh_store *open_ok(const char *path, int flags)
{
    kh_store *s = NULL;
    kh_error err = {0};
    kh_errcode rc = store_open(path, flags, &s, &err);
    if (rc != KH_E_OK) fail_msg("store_open(%s): %d %s", path, rc, err.detail);
    return s;
}

static void raw(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) fail_msg("%s: %s", sql, msg);
    sqlite3_close(db);
}

static int64_t raw_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

static void apply_ok(kh_store *s, const char *task, int status, const char *note, int64_t now)
{
    kh_change c = {.status = status,
                   .progress = -1,
                   .note = note,
                   .today = date_from_ymd(2023, 5, 20),
                   .expected_version = -1};
    kh_error err = {0};
    kh_state st;
    kh_errcode rc = store_apply(s, "test-plan", task, &c, "carol", now, &st, &err);
    if (rc != KH_E_OK) fail_msg("store_apply(%s): %d %s", task, rc, err.detail);
}

/* Three changes (a note among them) and the undo of the note: 6 links. */
static void make_changes(const char *path)
{
    kh_store *s = open_ok(path, 0);
    apply_ok(s, "II.1", ST_DOING, NULL, T0);
    apply_ok(s, "II.2", -1, "sẽ rút lại", T0 + 60);
    kh_error err = {0};
    kh_history *rows = NULL;
    size_t n = 0;
    assert_int_equal(store_last_change(s, "test-plan", "carol", "II.2", &rows, &n, &err), KH_E_OK);
    assert_true(n > 0);
    int64_t change = rows[0].change;
    store_history_free(rows, n);
    kh_state st;
    int withdrawn = 0;
    assert_int_equal(store_undo(s, "test-plan", "II.2", change, NULL, -1, "carol", T0 + 120,
                                app_undo_rule, &st, &withdrawn, &err),
                     KH_E_OK);
    assert_int_equal(withdrawn, 1);
    apply_ok(s, "II.1", ST_DONE, NULL, T0 + 180);
    store_close(s);
}

static kh_chain_report verify(const char *path)
{
    kh_store *s = open_ok(path, STORE_READ_ONLY);
    kh_chain_report r;
    kh_error err = {0};
    assert_int_equal(store_chain_verify(s, &r, &err), KH_E_OK);
    store_close(s);
    return r;
}

static void test_every_record_linked(void **state)
{
    fixture *f = *state;
    make_changes(f->path);
    int64_t records = raw_int(f->path, "SELECT (SELECT count(*) FROM history) +"
                                       " (SELECT count(*) FROM note) +"
                                       " (SELECT count(*) FROM note WHERE withdrawn IS NOT NULL)");
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM chain"), records);
    kh_chain_report r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_OK);
    assert_int_equal(r.links, records);
    assert_int_equal(r.head_seq, records);
    assert_int_equal(strlen(r.head), 64);
    /* The head kept beside the database is the last one. */
    assert_true(r.kept);
    assert_int_equal(r.kept_seq, records);
    assert_string_equal(r.kept_hash, r.head);
    assert_int_equal(r.past_kept, 0);
}

static void test_changed_row_found(void **state)
{
    fixture *f = *state;
    make_changes(f->path);
    raw(f->path, "DROP TRIGGER history_no_update;"
                 " UPDATE history SET user = 'mallory' WHERE id = 2");
    kh_chain_report r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_CHANGED);
    assert_string_equal(r.kind, "history");
    assert_int_equal(r.row_id, 2);
}

static void test_changed_note_and_withdrawal_found(void **state)
{
    fixture *f = *state;
    make_changes(f->path);
    raw(f->path, "DROP TRIGGER note_withdraw_only; UPDATE note SET body = 'khác' WHERE id = 1");
    kh_chain_report r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_CHANGED);
    assert_string_equal(r.kind, "note");
    assert_int_equal(r.row_id, 1);
    /* A withdrawal taken back (the note counted again) is a record gone. */
    raw(f->path, "UPDATE note SET body = 'sẽ rút lại', withdrawn = NULL WHERE id = 1");
    r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_DELETED);
    assert_string_equal(r.kind, "note-withdrawn");
}

static void test_deleted_row_found(void **state)
{
    fixture *f = *state;
    make_changes(f->path);
    raw(f->path, "DROP TRIGGER history_no_delete; DELETE FROM history WHERE id = 1");
    kh_chain_report r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_DELETED);
    assert_string_equal(r.kind, "history");
    assert_int_equal(r.row_id, 1);
    assert_int_equal(r.seq, 1);
}

static void test_deleted_row_and_link_found(void **state)
{
    fixture *f = *state;
    make_changes(f->path);
    int64_t seq = raw_int(f->path, "SELECT seq FROM chain WHERE kind = 'history' AND row_id = 2");
    raw(f->path, "DROP TRIGGER history_no_delete; DROP TRIGGER chain_no_delete;"
                 " DELETE FROM history WHERE id = 2;"
                 " DELETE FROM chain WHERE kind = 'history' AND row_id = 2");
    kh_chain_report r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_GAP);
    assert_int_equal(r.seq, seq);
}

static void test_inserted_row_found(void **state)
{
    fixture *f = *state;
    make_changes(f->path);
    raw(f->path, "INSERT INTO history (plan_id, task_id, field, old_value, new_value, user, at)"
                 " VALUES ('test-plan', 'II.3', 'status', 'todo', 'done', 'mallory',"
                 " '2023-11-14T22:20:00Z')");
    int64_t id = raw_int(f->path, "SELECT max(id) FROM history");
    kh_chain_report r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_UNLINKED);
    assert_string_equal(r.kind, "history");
    assert_int_equal(r.row_id, id);
}

static void test_older_copy_found(void **state)
{
    fixture *f = *state;
    make_changes(f->path);
    char *copy = xasprintf("%s/old.db", f->dir);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp '%s' '%s'", f->path, copy);
    assert_int_equal(system(cmd), 0);
    kh_store *s = open_ok(f->path, 0);
    apply_ok(s, "II.3", ST_DOING, NULL, T0 + 240);
    store_close(s);
    assert_int_equal(verify(f->path).problem, CHAIN_OK);
    /* The copy of before that change put back, the head file kept. */
    snprintf(cmd, sizeof cmd, "cp '%s' '%s' && rm -f '%s-wal' '%s-shm'", copy, f->path, f->path,
             f->path);
    assert_int_equal(system(cmd), 0);
    kh_chain_report r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_OLDER);
    assert_true(r.kept);
    assert_true(r.kept_seq > r.head_seq);
    /* A change written to it later does not move the kept head back. */
    s = open_ok(f->path, 0);
    apply_ok(s, "II.4", ST_DOING, NULL, T0 + 300);
    store_close(s);
    assert_int_equal(verify(f->path).problem, CHAIN_OLDER);
    free(copy);
}

/* A forger who also writes the link, correctly, after the kept head: the
 * chain holds, and the links past the kept head are counted. */
static void test_links_past_kept_head_counted(void **state)
{
    fixture *f = *state;
    make_changes(f->path);
    char *head = xasprintf("%s-head", f->path);
    char *saved = xasprintf("%s.saved", head);
    assert_int_equal(rename(head, saved), 0);
    kh_store *s = open_ok(f->path, 0);
    apply_ok(s, "II.3", ST_DOING, NULL, T0 + 240);
    store_close(s);
    assert_int_equal(rename(saved, head), 0);
    kh_chain_report r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_OK);
    assert_int_equal(r.past_kept, 1);
    free(head);
    free(saved);
}

static void test_migrate_3_to_4(void **state)
{
    fixture *f = *state;
    raw(f->path, "PRAGMA journal_mode = WAL;" SCHEMA_V3 DATA_V3);
    /* A reader of schema 3 reads it as it is, with no chain yet. */
    kh_store *s = open_ok(f->path, STORE_READ_ONLY);
    assert_int_equal(store_schema_version(s), 3);
    kh_chain_report r;
    kh_error err = {0};
    assert_int_equal(store_chain_verify(s, &r, &err), KH_E_OK);
    assert_int_equal(r.problem, CHAIN_NONE);
    store_close(s);

    s = open_ok(f->path, 0);
    assert_int_equal(store_schema_version(s), STORE_SCHEMA_VERSION);
    store_close(s);
    /* Every row kept, as it was. */
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM history"), 5);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM note"), 1);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM task_state"), 2);
    assert_int_equal(raw_int(f->path, "SELECT withdrawn FROM note WHERE id = 1"), 6);
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM history WHERE id = 6 AND undo_of = 4"
                                      " AND user = 'carol' AND old_value = 'họp'"),
                     1);
    /* Each got its link: history 1-6, the note, its withdrawal. */
    assert_int_equal(raw_int(f->path, "SELECT count(*) FROM chain"), 7);
    r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_OK);
    assert_int_equal(r.links, 7);
    assert_true(r.kept);
    assert_int_equal(r.kept_seq, 7);
    /* The chain goes on from there. */
    s = open_ok(f->path, 0);
    apply_ok(s, "II.2", ST_DOING, "tiếp", T0);
    store_close(s);
    r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_OK);
    assert_int_equal(r.links, 10);
    /* And it guards the migrated rows too. */
    raw(f->path, "DROP TRIGGER history_no_update; UPDATE history SET at = '2023-03-02T08:00:00Z'"
                 " WHERE id = 3");
    r = verify(f->path);
    assert_int_equal(r.problem, CHAIN_CHANGED);
    assert_int_equal(r.row_id, 3);
}

/* The hash is over the columns as stored: the same rows give the same
 * head, in another file, at another time. */
static void test_same_rows_same_head(void **state)
{
    fixture *f = *state;
    raw(f->path, "PRAGMA journal_mode = WAL;" SCHEMA_V3 DATA_V3);
    store_close(open_ok(f->path, 0));
    char *other = xasprintf("%s/other.db", f->dir);
    raw(other, "PRAGMA journal_mode = WAL;" SCHEMA_V3 DATA_V3);
    store_close(open_ok(other, 0));
    kh_chain_report a = verify(f->path), b = verify(other);
    assert_string_equal(a.head, b.head);
    /* One byte of one row changed gives another head. */
    char *third = xasprintf("%s/third.db", f->dir);
    raw(third, "PRAGMA journal_mode = WAL;" SCHEMA_V3 DATA_V3
               "DROP TRIGGER history_no_update; UPDATE history SET new_value = '41' WHERE id = 2;");
    store_close(open_ok(third, 0));
    kh_chain_report c = verify(third);
    assert_int_equal(c.problem, CHAIN_OK);
    assert_string_not_equal(a.head, c.head);
    free(other);
    free(third);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_record_linked, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_row_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_changed_note_and_withdrawal_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_row_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deleted_row_and_link_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_inserted_row_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_older_copy_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_links_past_kept_head_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_3_to_4, setup, teardown),
        cmocka_unit_test_setup_teardown(test_same_rows_same_head, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
