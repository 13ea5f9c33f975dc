/* The plan cache: a plan read back from the cache is the plan parsed, field
 * by field; the cache is never used for other content, another program, or
 * when damaged. */
#include "testutil.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kehoach/plan_cache.h"

static void same_str(const char *a, const char *b, const char *what)
{
    if (!a || !b) {
        if (a != b) fail_msg("%s: one is NULL", what);
        return;
    }
    if (strcmp(a, b) != 0) fail_msg("%s: \"%s\" != \"%s\"", what, a, b);
}

/* Compare two plans field by field. */
static void same_plan(const kh_plan *a, const kh_plan *b)
{
    same_str(a->id, b->id, "id");
    same_str(a->number, b->number, "number");
    same_str(a->title, b->title, "title");
    same_str(a->issuer, b->issuer, "issuer");
    same_str(a->place, b->place, "place");
    same_str(a->preamble, b->preamble, "preamble");
    same_str(a->closing, b->closing, "closing");
    same_str(a->database, b->database, "database");
    same_str(a->signer_role, b->signer_role, "signer_role");
    same_str(a->signer_name, b->signer_name, "signer_name");
    same_str(a->org_intro, b->org_intro, "org_intro");
    assert_int_equal(a->from, b->from);
    assert_int_equal(a->to, b->to);
    assert_int_equal(a->date, b->date);
    assert_int_equal(a->ndocuments, b->ndocuments);
    for (size_t i = 0; i < a->ndocuments; i++) {
        same_str(a->documents[i].number, b->documents[i].number, "doc number");
        same_str(a->documents[i].issuer, b->documents[i].issuer, "doc issuer");
        same_str(a->documents[i].title, b->documents[i].title, "doc title");
        assert_int_equal(a->documents[i].date, b->documents[i].date);
    }
    assert_int_equal(a->naims, b->naims);
    for (size_t i = 0; i < a->naims; i++) same_str(a->aims[i], b->aims[i], "aim");
    assert_int_equal(a->nrecipients, b->nrecipients);
    for (size_t i = 0; i < a->nrecipients; i++)
        same_str(a->recipients[i], b->recipients[i], "recipient");
    assert_int_equal(a->nunits, b->nunits);
    for (size_t i = 0; i < a->nunits; i++) {
        same_str(a->units[i].id, b->units[i].id, "unit id");
        same_str(a->units[i].name, b->units[i].name, "unit name");
        same_str(a->units[i].short_name, b->units[i].short_name, "unit short");
        same_str(a->units[i].fold, b->units[i].fold, "unit fold");
    }
    assert_int_equal(a->nduties, b->nduties);
    for (size_t i = 0; i < a->nduties; i++) {
        const kh_duty *x = &a->duties[i], *y = &b->duties[i];
        assert_int_equal(x->unit, y->unit);
        same_str(x->heading, y->heading, "heading");
        assert_int_equal(x->nitems, y->nitems);
        for (uint32_t k = 0; k < x->nitems; k++) assert_int_equal(x->items[k], y->items[k]);
        assert_int_equal(x->first_task, y->first_task);
        assert_int_equal(x->ntasks, y->ntasks);
    }
    assert_int_equal(a->nrights, b->nrights);
    for (size_t i = 0; i < a->nrights; i++) {
        const kh_right *x = &a->rights[i], *y = &b->rights[i];
        assert_int_equal(x->all, y->all);
        if (!x->all) assert_int_equal(x->unit, y->unit);
        assert_int_equal(x->nusers, y->nusers);
        assert_int_equal(x->ngroups, y->ngroups);
        for (uint32_t k = 0; k < x->nusers; k++) {
            same_str(x->users[k].name, y->users[k].name, "right user");
            assert_int_equal(x->users[k].line, y->users[k].line);
        }
        for (uint32_t k = 0; k < x->ngroups; k++)
            same_str(x->groups[k].name, y->groups[k].name, "right group");
    }
    assert_int_equal(a->ntasks, b->ntasks);
    for (size_t i = 0; i < a->ntasks; i++) {
        const kh_task *x = &a->tasks[i], *y = &b->tasks[i];
        same_str(x->id, y->id, "task id");
        same_str(x->title, y->title, "task title");
        same_str(x->text, y->text, "task text");
        same_str(x->deadline_text, y->deadline_text, "deadline_text");
        same_str(x->fold, y->fold, "fold");
        assert_int_equal(x->ncites, y->ncites);
        for (size_t k = 0; k < x->ncites; k++) same_str(x->cites[k], y->cites[k], "cite");
        assert_int_equal(x->nlead, y->nlead);
        for (size_t k = 0; k < x->nlead; k++) assert_int_equal(x->lead[k], y->lead[k]);
        assert_int_equal(x->nsupport, y->nsupport);
        for (size_t k = 0; k < x->nsupport; k++) assert_int_equal(x->support[k], y->support[k]);
        assert_int_equal(x->section, y->section);
        assert_int_equal(x->dl_kind, y->dl_kind);
        assert_int_equal(x->every, y->every);
        assert_int_equal(x->occ, y->occ);
        assert_int_equal(x->occ_year, y->occ_year);
        assert_int_equal(x->duty, y->duty);
        assert_int_equal(x->due, y->due);
        /* The state the plan file gives, and what a fresh load sets from it. */
        assert_int_equal(x->base == NULL, y->base == NULL);
        if (x->base) {
            assert_int_equal(x->base->status, y->base->status);
            assert_int_equal(x->base->progress, y->base->progress);
            assert_int_equal(x->base->completed, y->base->completed);
            assert_int_equal(x->base->updated_at, y->base->updated_at);
            same_str(x->base->updated_by, y->base->updated_by, "base updated_by");
            assert_int_equal(x->base->nnotes, y->base->nnotes);
            for (uint32_t k = 0; k < x->base->nnotes; k++) {
                same_str(x->base->notes[k].text, y->base->notes[k].text, "base note");
                same_str(x->base->notes[k].author, y->base->notes[k].author, "base author");
                assert_int_equal(x->base->notes[k].at, y->base->notes[k].at);
            }
        }
        assert_int_equal(x->status, y->status);
        assert_int_equal(x->progress, y->progress);
        assert_int_equal(x->completed, y->completed);
        assert_int_equal(x->nnotes, y->nnotes);
    }
    for (size_t i = 0; i < a->ntasks; i++) assert_int_equal(a->by_id[i], b->by_id[i]);
}

/* A plan with every kind of field: state in the plan file, notes, rights. */
#define RICH_PLAN                                                                                  \
    TEST_PLAN_YAML                                                                                 \
    "rights:\n"                                                                                    \
    "  all: {users: [root]}\n"                                                                     \
    "  units:\n"                                                                                   \
    "    - {unit: tp, groups: [tuphap]}\n"

static const char *const state_plan =
    "kehoach: 1\n"
    "plan:\n"
    "  id: s\n"
    "  number: 12/KH-UBND\n"
    "  date: 2023-01-15\n"
    "  title: Thử\n"
    "  issuer: UBND\n"
    "  period: {from: 2023-01-01, to: 2023-12-31}\n"
    "  recipients: [A, B]\n"
    "units:\n"
    "  - {id: u, name: Đơn vị}\n"
    "aims: [Mục đích]\n"
    "contents:\n"
    "  - id: a\n"
    "    text: Việc a\n"
    "    cites: [Luật]\n"
    "    lead: u\n"
    "    deadline: 2023-06-01\n"
    "    state:\n"
    "      status: doing\n"
    "      progress: 40\n"
    "      notes:\n"
    "        - {text: Đã họp, author: lan, at: 2023-05-01T08:00:00Z}\n";

static kh_plan *parse(const char *yaml)
{
    kh_plan *p;
    kh_diags d = {0};
    kh_errcode rc = test_load(yaml, &p, &d);
    for (size_t i = 0; i < d.n; i++)
        fprintf(stderr, "%d:%d %s\n", d.v[i].line, d.v[i].col, d.v[i].msg);
    assert_int_equal(rc, KH_E_OK);
    diags_free(&d);
    return p;
}

static void hash_of(const char *s, unsigned char out[16])
{
    XXH128_canonical_t c;
    XXH128_canonicalFromHash(&c, XXH3_128bits(s, strlen(s)));
    memcpy(out, c.digest, 16);
}

static void round_trip(const char *yaml)
{
    char *dir = test_tmpdir();
    char *file = xasprintf("%s/c.plan", dir);
    kh_plan *parsed = parse(yaml);
    unsigned char h[16];
    hash_of(yaml, h);
    kh_error err = {0};
    assert_int_equal(plan_cache_write(parsed, h, strlen(yaml), file, &err), KH_E_OK);
    kh_plan *cached;
    assert_int_equal(plan_cache_read(file, h, strlen(yaml), "test.yaml", geteuid(), &cached),
                     KH_E_OK);
    same_plan(parsed, cached);
    same_str(cached->path, "test.yaml", "path");
    model_free(cached);
    model_free(parsed);
    free(file);
    test_rmdir(dir);
}

static void test_round_trip_small(void **state)
{
    (void)state;
    round_trip(TEST_PLAN_YAML);
    round_trip(RICH_PLAN);
    round_trip(state_plan);
}

static void test_round_trip_seed(void **state)
{
    (void)state;
    FILE *f = fopen("../../assets/plan.yaml", "rb");
    assert_non_null(f);
    strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) sb_add(&sb, buf, n);
    fclose(f);
    round_trip(sb_str(&sb));
    sb_done(&sb);
}

/* What the cache does not hold (targets, events and the deadlines counted
 * from them, grouped aims) is never served without it: such a plan is not
 * written to the cache at all. */
static void test_not_cached(void **state)
{
    (void)state;
    static const char *const extra[] = {
        "events: [{id: e, name: ngày E, date: 2023-05-01}]\n",
        "aims: [{heading: 1. Mục đích, items: [Một]}]\n",
        "targets: [{id: CT1, text: a, measure: count, goals: {2023: 5}}]\n",
    };
    char *dir = test_tmpdir();
    char *file = xasprintf("%s/c.plan", dir);
    for (size_t i = 0; i < sizeof extra / sizeof *extra; i++) {
        char *yaml = xasprintf("%s%s", TEST_PLAN_YAML, extra[i]);
        kh_plan *parsed = parse(yaml);
        unsigned char h[16];
        hash_of(yaml, h);
        kh_error err = {0};
        assert_int_equal(plan_cache_write(parsed, h, strlen(yaml), file, &err), KH_E_OK);
        struct stat st;
        assert_int_not_equal(stat(file, &st), 0);
        model_free(parsed);
        free(yaml);
    }
    free(file);
    test_rmdir(dir);
}

/* Other content (even of the same length), or a damaged file: not used. */
static void test_refuses_other_or_damaged(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *file = xasprintf("%s/c.plan", dir);
    kh_plan *parsed = parse(TEST_PLAN_YAML);
    unsigned char h[16];
    hash_of(TEST_PLAN_YAML, h);
    size_t len = strlen(TEST_PLAN_YAML);
    kh_error err = {0};
    assert_int_equal(plan_cache_write(parsed, h, len, file, &err), KH_E_OK);
    kh_plan *p = NULL;
    unsigned char other[16];
    memcpy(other, h, 16);
    other[7] ^= 1;
    assert_int_equal(plan_cache_read(file, other, len, "t", geteuid(), &p), KH_E_NOT_FOUND);
    assert_int_equal(plan_cache_read(file, h, len + 1, "t", geteuid(), &p), KH_E_NOT_FOUND);
    assert_null(p);

    /* Every byte of the file flipped in turn, then cut at every length:
     * never a crash, never a plan at all (the hash over the whole file). */
    struct stat st;
    assert_int_equal(stat(file, &st), 0);
    size_t size = (size_t)st.st_size;
    char *orig = xmalloc(size);
    FILE *f = fopen(file, "rb");
    assert_int_equal(fread(orig, 1, size, f), size);
    fclose(f);
    char *copy = xasprintf("%s/d.plan", dir);
    size_t step = 1;
    for (size_t at = 0; at < size; at += step) {
        orig[at] ^= 0x5a;
        test_write(copy, orig, size);
        orig[at] ^= 0x5a;
        kh_errcode rc = plan_cache_read(copy, h, len, "t", geteuid(), &p);
        if (rc == KH_E_OK) fail_msg("a cache with byte %zu of %zu changed was used", at, size);
        assert_null(p);
    }
    for (size_t cut = 0; cut < size; cut += step) {
        test_write(copy, orig, cut);
        assert_int_not_equal(plan_cache_read(copy, h, len, "t", geteuid(), &p), KH_E_OK);
    }
    free(orig);
    free(copy);
    model_free(parsed);
    free(file);
    test_rmdir(dir);
}

/* Who may write a cache decides what the plan says: the rule, case by case. */
static void test_trust_rule(void **state)
{
    (void)state;
    struct stat f = {0}, d = {0};
    f.st_mode = S_IFREG | 0600;
    d.st_mode = S_IFDIR | 0700;
    f.st_uid = d.st_uid = 1000;
    assert_true(plan_cache_trusted(&f, &d, 1000, 1000));
    assert_false(plan_cache_trusted(&f, &d, 0, 1000));    /* another's plan (root's) */
    assert_false(plan_cache_trusted(&f, &d, 1000, 1001)); /* run by someone else */
    f.st_uid = 1001;
    assert_false(plan_cache_trusted(&f, &d, 1000, 1000)); /* someone else's file */
    assert_false(plan_cache_trusted(&f, &d, 1001, 1000));
    f.st_uid = 1000;
    static const mode_t file_modes[] = {0620, 0602, 0666, 0660};
    for (size_t i = 0; i < KH_ARRAY_LEN(file_modes); i++) {
        f.st_mode = S_IFREG | file_modes[i];
        assert_false(plan_cache_trusted(&f, &d, 1000, 1000));
    }
    f.st_mode = S_IFREG | 0644; /* readable by others: only writing matters */
    assert_true(plan_cache_trusted(&f, &d, 1000, 1000));
    static const mode_t dir_modes[] = {0770, 0707, 0777, 01777, 02770};
    for (size_t i = 0; i < KH_ARRAY_LEN(dir_modes); i++) {
        d.st_mode = S_IFDIR | dir_modes[i];
        assert_false(plan_cache_trusted(&f, &d, 1000, 1000));
    }
    d.st_mode = S_IFDIR | 0755;
    assert_true(plan_cache_trusted(&f, &d, 1000, 1000));
    d.st_uid = 0; /* a folder of root's, even 0755 */
    assert_false(plan_cache_trusted(&f, &d, 1000, 1000));
    d.st_uid = 1000;
    f.st_mode = S_IFLNK | 0777;
    assert_false(plan_cache_trusted(&f, &d, 1000, 1000));
    f.st_mode = S_IFIFO | 0600;
    assert_false(plan_cache_trusted(&f, &d, 1000, 1000));
}

/* A real cache file that would be used, then the same file made writable
 * by others, put in a folder writable by others, reached by a symbolic link,
 * or read for a plan of another owner: never used. */
static void test_untrusted_file_not_used(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *file = xasprintf("%s/c.plan", dir);
    kh_plan *parsed = parse(TEST_PLAN_YAML);
    unsigned char h[16];
    hash_of(TEST_PLAN_YAML, h);
    size_t len = strlen(TEST_PLAN_YAML);
    kh_error err = {0};
    assert_int_equal(chmod(dir, 0700), 0);
    assert_int_equal(plan_cache_write(parsed, h, len, file, &err), KH_E_OK);
    kh_plan *p = NULL;
    assert_int_equal(plan_cache_read(file, h, len, "t", geteuid(), &p), KH_E_OK);
    model_free(p);
    assert_int_equal(plan_cache_read(file, h, len, "t", geteuid() + 1, &p), KH_E_DENIED);
    assert_int_equal(chmod(file, 0620), 0);
    assert_int_equal(plan_cache_read(file, h, len, "t", geteuid(), &p), KH_E_DENIED);
    assert_int_equal(chmod(file, 0600), 0);
    assert_int_equal(chmod(dir, 0770), 0);
    assert_int_equal(plan_cache_read(file, h, len, "t", geteuid(), &p), KH_E_DENIED);
    assert_int_equal(chmod(dir, 0700), 0);
    char *link = xasprintf("%s/l.plan", dir);
    assert_int_equal(symlink(file, link), 0);
    assert_int_equal(plan_cache_read(link, h, len, "t", geteuid(), &p), KH_E_DENIED);
    assert_null(p);
    model_free(parsed);
    free(link);
    free(file);
    test_rmdir(dir);
}

/* plan_cache_load gives the same plan from the cache as from the file, and
 * parses again as soon as the file's content changes, even when its size and
 * time stay the same. */
static void test_load_follows_content(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    setenv("XDG_CACHE_HOME", dir, 1);
    unsetenv("KEHOACH_NO_CACHE");
    char *path = xasprintf("%s/plan.yaml", dir);
    test_write(path, TEST_PLAN_YAML, strlen(TEST_PLAN_YAML));
    struct stat before;
    assert_int_equal(stat(path, &before), 0);
    kh_plan *a, *b;
    kh_diags d = {0};
    assert_int_equal(plan_cache_load(path, KH_LANG_EN, &a, &d), KH_E_OK);
    assert_null(a->mapping); /* parsed */
    assert_int_equal(plan_cache_load(path, KH_LANG_EN, &b, &d), KH_E_OK);
    assert_non_null(b->mapping); /* from the cache */
    same_plan(a, b);
    model_free(b);

    /* One letter of the title changed in place: same size, same time. */
    char *yaml = xstrdup(TEST_PLAN_YAML);
    char *at = strstr(yaml, "Kế hoạch thử");
    assert_non_null(at);
    at[0] = 'X';
    test_write(path, yaml, strlen(yaml));
    struct timespec times[2] = {before.st_atim, before.st_mtim};
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
    assert_int_equal(plan_cache_load(path, KH_LANG_EN, &b, &d), KH_E_OK);
    assert_int_equal(b->title[0], 'X');
    model_free(b);
    model_free(a);
    free(yaml);
    free(path);
    diags_free(&d);
    unsetenv("XDG_CACHE_HOME");
    test_rmdir(dir);
}

/* Resident pages of this process (/proc/self/statm). */
static long resident_pages(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, res = -1;
    if (f) {
        if (fscanf(f, "%ld %ld", &size, &res) != 2) res = -1;
        fclose(f);
    }
    return res;
}

/* Checking a mapped cache file gives its pages back as it goes: at 100,000
 * tasks the whole 64 MB cache stayed resident after the check, the
 * dashboard's first frame at 97 MB instead of 35. The hash is the same as
 * plan_cache_file_hash's. */
static void test_map_hash_gives_pages_back(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char *path = xasprintf("%s/big", dir);
    enum { SIZE = 16 << 20, HEADER = 256 };
    char *buf = xmalloc(SIZE);
    for (size_t i = 0; i < SIZE; i++) buf[i] = (char)(i * 2654435761u >> 13);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, SIZE, f), SIZE);
    fclose(f);
    unsigned char want[16], got[16];
    plan_cache_file_hash(buf, SIZE, HEADER, want);
    free(buf);
    int fd = open(path, O_RDONLY);
    assert_true(fd >= 0);
    char *map = mmap(NULL, SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    assert_true(map != MAP_FAILED);
    long before = resident_pages();
    plan_cache_map_hash(map, SIZE, HEADER, got);
    long grew = (resident_pages() - before) * sysconf(_SC_PAGESIZE);
    assert_memory_equal(got, want, 16);
    /* A piece or two stays (the header's among them), never the file. */
    assert_true(grew < 4 << 20);
    munmap(map, SIZE);
    unlink(path);
    free(path);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_small),
        cmocka_unit_test(test_round_trip_seed),
        cmocka_unit_test(test_not_cached),
        cmocka_unit_test(test_refuses_other_or_damaged),
        cmocka_unit_test(test_load_follows_content),
        cmocka_unit_test(test_trust_rule),
        cmocka_unit_test(test_untrusted_file_not_used),
        cmocka_unit_test(test_map_hash_gives_pages_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
