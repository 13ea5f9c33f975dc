/* store_words: SQLite's failures reach a person in words of kehoach's (in
 * Vietnamese, or in English with --lang en), never in SQLite's own English
 * ("database disk image is malformed", "database is locked"); the code
 * stays, for whoever helps. */
#include "testutil.h"

#include <fcntl.h>
#include <sqlite3.h>

#include "kehoach/error.h"
#include "kehoach/store.h"
#include "store_words.h"

/* The primary codes kehoach meets and the Vietnamese words for each. */
static const struct {
    int rc;
    const char *vi;
} MAIN[] = {
    {SQLITE_BUSY, "tệp đang bị một tiến trình khác khóa"},
    {SQLITE_LOCKED, "một bảng đang bị khóa"},
    {SQLITE_READONLY, "không ghi được vào tệp chỉ cho đọc"},
    {SQLITE_IOERR, "lỗi đọc/ghi đĩa"},
    {SQLITE_CORRUPT, "cấu trúc tệp bị hỏng"},
    {SQLITE_FULL, "đĩa đầy hoặc tệp quá lớn"},
    {SQLITE_CANTOPEN, "không mở được tệp"},
    {SQLITE_NOTADB, "tệp không phải cơ sở dữ liệu"},
    {SQLITE_PERM, "không được phép truy cập"},
    {SQLITE_NOMEM, "hết bộ nhớ"},
    {SQLITE_CONSTRAINT, "dữ liệu trái ràng buộc của cơ sở dữ liệu"},
};

/* Each code in Vietnamese: its words, its number, nothing of SQLite's
 * English; an extended code takes its primary code's words. */
static void test_vietnamese_by_primary_code(void **state)
{
    (void)state;
    kh_errno_lang(KH_LANG_VI);
    char buf[128], want[160];
    for (size_t i = 0; i < KH_ARRAY_LEN(MAIN); i++) {
        snprintf(want, sizeof want, "%s (mã SQLite %d)", MAIN[i].vi, MAIN[i].rc);
        assert_string_equal(store_sqlite_words(MAIN[i].rc, buf, sizeof buf), want);
    }
    assert_string_equal(store_sqlite_words(SQLITE_IOERR_WRITE, buf, sizeof buf),
                        "lỗi đọc/ghi đĩa (mã SQLite 778)");
    assert_string_equal(store_sqlite_words(SQLITE_BUSY_SNAPSHOT, buf, sizeof buf),
                        "tệp đang bị một tiến trình khác khóa (mã SQLite 517)");
    /* Every code from 1 to 28: never SQLite's own words. */
    for (int rc = 1; rc <= 28; rc++) {
        store_sqlite_words(rc, buf, sizeof buf);
        assert_null(strstr(buf, sqlite3_errstr(rc)));
        assert_non_null(strstr(buf, "(mã SQLite "));
    }
    assert_string_equal(store_sqlite_words(999999 & ~0xff, buf, sizeof buf),
                        "lỗi của SQLite (mã SQLite 999936)");
}

/* In English when the UI is; a short buffer is cut, not overrun. */
static void test_english_and_short_buffer(void **state)
{
    (void)state;
    kh_errno_lang(KH_LANG_EN);
    char buf[128];
    assert_string_equal(store_sqlite_words(SQLITE_CORRUPT, buf, sizeof buf),
                        "the file's structure is damaged (SQLite code 11)");
    assert_string_equal(store_sqlite_words(SQLITE_BUSY, buf, sizeof buf),
                        "the file is locked by another process (SQLite code 5)");
    kh_errno_lang(KH_LANG_VI);
    char small[8];
    assert_ptr_equal(store_sqlite_words(SQLITE_BUSY, small, sizeof small), small);
    assert_int_equal(strlen(small), 7);
}

/* SQLite's report of where a file is damaged is kept (check shows it), on
 * one line. */
static void test_report_lines_made_one(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "*** in database main ***\nPage 2: btreeInitPage() returns error code 11\r\n");
    assert_string_equal(store_sqlite_lines(&sb), "*** in database main *** Page 2: btreeInitPage() "
                                                 "returns error code 11  ");
    sb_done(&sb);
}

/* A real damaged database: a change is refused as corrupt in Vietnamese,
 * and check's report is on one line, labelled in Vietnamese. */
static void test_damaged_database_in_words(void **state)
{
    (void)state;
    kh_errno_lang(KH_LANG_VI);
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/kehoach.db", dir);
    kh_store *s = NULL;
    kh_error err = {0};
    assert_int_equal(store_open(path, 0, &s, &err), KH_E_OK);
    kh_change c = {.status = ST_DOING, .progress = -1, .today = KH_NO_DATE, .expected_version = -1};
    kh_state st;
    char note[600];
    memset(note, 'x', sizeof note - 1);
    note[sizeof note - 1] = '\0';
    for (int i = 0; i < 40; i++) {
        c.note = note;
        c.status = i % 2 ? ST_DOING : ST_TODO;
        assert_int_equal(
            store_apply(s, "test-plan", "II.1", &c, "alice", 1700000000 + i, &st, &err), KH_E_OK);
    }
    store_close(s);
    /* Garbage over the pages after the first. */
    int fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (char)(i * 37 + 11);
    for (int page = 1; page < 4; page++)
        assert_int_equal(pwrite(fd, junk, sizeof junk, (off_t)page * 4096), (ssize_t)sizeof junk);
    close(fd);

    err = (kh_error){0};
    kh_errcode rc = store_open(path, 0, &s, &err);
    if (rc == KH_E_OK) {
        c.status = ST_DONE;
        rc = store_apply(s, "test-plan", "II.1", &c, "alice", 1700001000, &st, &err);
        store_close(s);
    }
    assert_int_equal(rc, KH_E_DB_CORRUPT);
    assert_null(strstr(err.detail, "malformed"));
    assert_non_null(strstr(err.detail, "cấu trúc tệp bị hỏng (mã SQLite 11"));

    err = (kh_error){0};
    assert_int_equal(store_open(path, STORE_READ_ONLY, &s, &err), KH_E_OK);
    assert_int_equal(store_check(s, &err), KH_E_DB_CORRUPT);
    store_close(s);
    assert_non_null(strstr(err.detail, "phép kiểm tra quick_check của SQLite báo: "));
    assert_null(strchr(err.detail, '\n'));
    free(path);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vietnamese_by_primary_code),
        cmocka_unit_test(test_english_and_short_buffer),
        cmocka_unit_test(test_report_lines_made_one),
        cmocka_unit_test(test_damaged_database_in_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
