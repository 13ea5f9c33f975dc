/* Helpers shared by the unit tests (cmocka). */
#ifndef KEHOACH_TESTUTIL_H
#define KEHOACH_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka.h needs the above first. */
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/plan_load.h"

/* The version-1 schema, copied from migrations[0] in src/store.c: the
 * migration tests start from it (test_store, and test_undo for version 2). */
#define SCHEMA_V1                                                                                  \
    "CREATE TABLE task_state ("                                                                    \
    "  plan_id TEXT NOT NULL,"                                                                     \
    "  task_id TEXT NOT NULL,"                                                                     \
    "  status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'blocked', 'done')),"               \
    "  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"                    \
    "  completed TEXT,"                                                                            \
    "  updated_at TEXT NOT NULL,"                                                                  \
    "  updated_by TEXT NOT NULL,"                                                                  \
    "  version INTEGER NOT NULL DEFAULT 1,"                                                        \
    "  PRIMARY KEY (plan_id, task_id)"                                                             \
    ") WITHOUT ROWID;"                                                                             \
    "CREATE TABLE note ("                                                                          \
    "  id INTEGER PRIMARY KEY,"                                                                    \
    "  plan_id TEXT NOT NULL,"                                                                     \
    "  task_id TEXT NOT NULL,"                                                                     \
    "  body TEXT NOT NULL,"                                                                        \
    "  author TEXT NOT NULL,"                                                                      \
    "  created_at TEXT NOT NULL"                                                                   \
    ");"                                                                                           \
    "CREATE TABLE history ("                                                                       \
    "  id INTEGER PRIMARY KEY,"                                                                    \
    "  plan_id TEXT NOT NULL,"                                                                     \
    "  task_id TEXT NOT NULL,"                                                                     \
    "  field TEXT NOT NULL,"                                                                       \
    "  old_value TEXT,"                                                                            \
    "  new_value TEXT,"                                                                            \
    "  user TEXT NOT NULL,"                                                                        \
    "  at TEXT NOT NULL"                                                                           \
    ");"

/* A small valid plan: two units, a dated task, a continuous one, a periodic
 * one (monthly: 12 occurrences), and a duty. */
#define TEST_PLAN_YAML                                                                             \
    "kehoach: 1\n"                                                                                 \
    "plan:\n"                                                                                      \
    "  id: test-plan\n"                                                                            \
    "  title: Kế hoạch thử\n"                                                                \
    "  issuer: UBND phường Thử\n"                                                             \
    "  period: {from: 2023-01-01, to: 2023-12-31}\n"                                               \
    "units:\n"                                                                                     \
    "  - {id: vp, name: Văn phòng – Thống kê, short: VP}\n"                                 \
    "  - {id: tp, name: Tư pháp – Hộ tịch, short: TP}\n"                                   \
    "contents:\n"                                                                                  \
    "  - id: II.1\n"                                                                               \
    "    title: Tuyên truyền\n"                                                                 \
    "    text: Tuyên truyền Luật Thực hiện dân chủ ở cơ sở.\n"                    \
    "    lead: [tp]\n"                                                                             \
    "    deadline: 2023-06-01\n"                                                                   \
    "  - id: II.2\n"                                                                               \
    "    text: Địa chính, thường xuyên.\n"                                                 \
    "    lead: vp\n"                                                                               \
    "    deadline: continuous\n"                                                                   \
    "organization:\n"                                                                              \
    "  duties:\n"                                                                                  \
    "    - unit: vp\n"                                                                             \
    "      heading: 1. Văn phòng\n"                                                              \
    "      items: [II.1]\n"                                                                        \
    "      tasks:\n"                                                                               \
    "        - id: III.1.1\n"                                                                      \
    "          text: Báo cáo hằng tháng.\n"                                                   \
    "          deadline: {every: month}\n"

/* Load a plan from text; return the code and leave problems in diags. */
static inline kh_errcode test_load(const char *yaml, kh_plan **out, kh_diags *diags)
{
    return plan_load_buffer("test.yaml", yaml, strlen(yaml), KH_LANG_EN, out, diags);
}

/* Return a fresh temporary directory (heap string). */
static inline char *test_tmpdir(void)
{
    char tmpl[] = "/tmp/kehoach-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    assert_non_null(d);
    return strdup(d);
}

/* Write text to path. */
static inline void test_write(const char *path, const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, n, f), n);
    fclose(f);
}

/* Remove a temporary directory and what is in it. */
static inline void test_rmdir(char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    free(dir);
}

#endif
