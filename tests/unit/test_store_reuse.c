/* store: a durable change reuses the statements the store keeps (issue 18,
 * second round: the hash chain prepared five statements per link, most of
 * a change's work), and the kept statements give the same chain as fresh
 * ones, across connections and reconnections. */
#include "testutil.h"

#include <nettle/sha2.h>
#include <sqlite3.h>

#include "kehoach/store.h"
#include "store_int.h"

/* 2023-06-15T03:33:20Z and after. */
#define T0 ((int64_t)1686800000)

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

static kh_store *open_ok(const char *path)
{
    kh_store *s = NULL;
    kh_error err = {0};
    kh_errcode rc = store_open(path, 0, &s, &err);
    if (rc != KH_E_OK) fail_msg("store_open(%s): %d %s", path, rc, err.detail);
    return s;
}

/* Change number i of a run: the status flips, every third one has a note
 * (the note's own link), as store_bench's changes do. */
static void change_ok(kh_store *s, int i)
{
    kh_change c = {.status = i % 2 ? ST_TODO : ST_DOING,
                   .progress = i % 2 ? 0 : 10 + i % 80,
                   .note = i % 3 == 0 ? "Đã họp giao ban" : NULL,
                   .today = 19523,
                   .expected_version = -1};
    kh_state st;
    kh_error err = {0};
    kh_errcode rc = store_apply(s, "test-plan", "II.1", &c, "bob", T0 + i, &st, &err);
    if (rc != KH_E_OK) fail_msg("store_apply #%d: %d %s", i, rc, err.detail);
}

/* SQLite asks the authorizer about a statement's actions while it compiles
 * it, and never while it runs one already compiled: the calls count the
 * statements prepared (or prepared again). */
static int count_compiles(void *arg, int action, const char *a, const char *b, const char *c,
                          const char *d)
{
    (void)action, (void)a, (void)b, (void)c, (void)d;
    ++*(int *)arg;
    return SQLITE_OK;
}

/* The verified chain of the database at path: every link matches, the head
 * kept beside it is its last link. Return the number of links. */
static int64_t chain_ok(kh_store *s)
{
    kh_chain_report r;
    kh_error err = {0};
    assert_int_equal(store_chain_verify(s, &r, &err), KH_E_OK);
    if (r.problem != CHAIN_OK)
        fail_msg("chain: problem %d at %s %lld (link %lld)", r.problem, r.kind, (long long)r.row_id,
                 (long long)r.seq);
    assert_true(r.kept);
    assert_int_equal(r.kept_seq, r.head_seq);
    assert_string_equal(r.kept_hash, r.head);
    return r.links;
}

/* After the first changes, a change (status, progress, a note: their
 * history rows and links, the head) compiles no SQL at all. Before the
 * chain's statements were kept: 5 statements per link, 11 per change. */
static void test_change_compiles_nothing(void **state)
{
    fixture *f = *state;
    kh_store *s = open_ok(f->path);
    for (int i = 0; i < 3; i++) change_ok(s, i); /* every statement once */
    int compiles = 0;
    /* Setting an authorizer expires every statement: the next changes
     * compile them again, once. */
    sqlite3_set_authorizer(store_sqlite(s), count_compiles, &compiles);
    for (int i = 3; i < 6; i++) change_ok(s, i);
    assert_true(compiles > 0); /* the counter counts */
    compiles = 0;
    for (int i = 6; i < 30; i++) change_ok(s, i);
    assert_int_equal(compiles, 0);
    sqlite3_set_authorizer(store_sqlite(s), NULL, NULL);
    /* 30 changes: two history rows each, a note and its history row on
     * every third: 30 * 2 + 10 * 2 links. */
    assert_int_equal(chain_ok(s), 80);
    store_close(s);
}

/* Two connections writing in turn, each with its kept statements: each
 * link follows the other connection's last one, and the head kept is the
 * last; then a fresh connection finds the same chain. */
static void test_kept_statements_follow_other_writers(void **state)
{
    fixture *f = *state;
    kh_store *a = open_ok(f->path), *b = open_ok(f->path);
    for (int i = 0; i < 12; i++) change_ok(i % 2 ? b : a, i);
    int64_t links = chain_ok(a);
    assert_int_equal(links, chain_ok(b));
    assert_int_equal(links, 12 * 2 + 4 * 2);
    store_close(a);
    store_close(b);
    kh_store *c = open_ok(f->path);
    assert_int_equal(chain_ok(c), links);
    change_ok(c, 12);
    assert_int_equal(chain_ok(c), links + 2 * 2);
    store_close(c);
}

/* A record written with a change that then fails. */
static kh_errcode also_fails(kh_store *s, const kh_store_also *a, kh_error *err)
{
    (void)s, (void)a;
    return kh_error_set(err, KH_E_INVALID, "refused");
}

/* A change that fails after its links were written is rolled back with
 * them; the kept statements go on from the last committed link, and the
 * head kept beside the database stays that link. */
static void test_rolled_back_links_leave_nothing(void **state)
{
    fixture *f = *state;
    kh_store *s = open_ok(f->path);
    change_ok(s, 0);
    change_ok(s, 1);
    int64_t links = chain_ok(s);
    kh_change c = {.status = ST_DOING,
                   .progress = 50,
                   .note = "Ghi chú",
                   .today = 19523,
                   .expected_version = -1,
                   .also = also_fails};
    kh_state st;
    kh_error err = {0};
    assert_int_equal(store_apply(s, "test-plan", "II.1", &c, "bob", T0 + 2, &st, &err),
                     KH_E_INVALID);
    assert_int_equal(chain_ok(s), links);
    change_ok(s, 2);
    assert_int_equal(chain_ok(s), links + 2);
    store_close(s);
}

/* The link of a record as README gives it, computed here with sqlite3's
 * own quote() and || over the kind's columns, and SHA-256:
 * hex(SHA-256(prev || "\n" || kind || "\n" || canonical)). */
static void readme_link(sqlite3 *db, const char *prev, const char *kind, const char *select,
                        int64_t row_id, char out[65])
{
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, select, -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_int64(st, 1, row_id);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    struct sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, 64, (const uint8_t *)prev);
    sha256_update(&c, 1, (const uint8_t *)"\n");
    sha256_update(&c, strlen(kind), (const uint8_t *)kind);
    sha256_update(&c, 1, (const uint8_t *)"\n");
    sha256_update(&c, (size_t)sqlite3_column_bytes(st, 0), sqlite3_column_blob(st, 0));
    sha256_digest(&c, sizeof d, d);
    sqlite3_finalize(st);
    for (size_t i = 0; i < sizeof d; i++) snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* Every link the store wrote (history rows with NULLs, a note with a
 * quote in it, with the kept statements) is the one README's formula
 * gives: the chain stays the documented one, whatever the store does to
 * make it faster. */
static void test_links_are_the_documented_ones(void **state)
{
    fixture *f = *state;
    kh_store *s = open_ok(f->path);
    for (int i = 0; i < 7; i++) change_ok(s, i);
    kh_change c = {.status = -1,
                   .progress = -1,
                   .note = "Ý kiến của 'chủ tịch', 100%",
                   .today = 19523,
                   .expected_version = -1};
    kh_state st;
    kh_error err = {0};
    assert_int_equal(store_apply(s, "test-plan", "II.2", &c, "an", T0 + 99, &st, &err), KH_E_OK);
    store_close(s);

    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    static const char history[] =
        "SELECT quote(id) || ',' || quote(plan_id) || ',' || quote(task_id) || ',' ||"
        " quote(field) || ',' || quote(old_value) || ',' || quote(new_value) || ',' ||"
        " quote(user) || ',' || quote(at) || ',' || quote(change_id) || ',' || quote(undo_of)"
        " FROM history WHERE rowid = ?1";
    static const char note[] =
        "SELECT quote(id) || ',' || quote(plan_id) || ',' || quote(task_id) || ',' ||"
        " quote(body) || ',' || quote(author) || ',' || quote(created_at) || ',' ||"
        " quote(change_id) FROM note WHERE rowid = ?1";
    sqlite3_stmt *links;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT seq, kind, row_id, hash FROM chain ORDER BY seq",
                                        -1, &links, NULL),
                     SQLITE_OK);
    char prev[65];
    memset(prev, '0', 64);
    prev[64] = '\0';
    int n = 0, notes = 0;
    while (sqlite3_step(links) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(links, 1);
        const char *select = !strcmp(kind, "history") ? history
                             : !strcmp(kind, "note")  ? note
                                                      : NULL;
        if (!select) fail_msg("an unexpected kind: %s", kind);
        notes += select == note;
        char want[65];
        readme_link(db, prev, kind, select, sqlite3_column_int64(links, 2), want);
        assert_string_equal((const char *)sqlite3_column_text(links, 3), want);
        memcpy(prev, want, sizeof prev);
        n++;
    }
    sqlite3_finalize(links);
    sqlite3_close(db);
    assert_int_equal(notes, 4); /* changes 0, 3, 6, and the quoted one */
    assert_int_equal(n, 7 * 2 + 4 * 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_change_compiles_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kept_statements_follow_other_writers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rolled_back_links_leave_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_links_are_the_documented_ones, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
