/* Replays, through the fuzz harnesses' own code (fuzz/fuzz_*.c):
 *
 * - every input a fuzzer found a problem with, kept in the folder
 *   tests/data/fuzz/<target>/: one test each, named fuzz_<target>_regression_<file>;
 * - inputs too big to keep as files, made here: plans whose size makes a
 *   quadratic part of the loader blow up (fuzz_plan_generated_<name>);
 * - the seed corpora, fuzz/corpus/<target>/, one test per target, so the
 *   harnesses themselves run in make check (and under ASan + UBSan there).
 *
 * Each input runs in a child process, so a crash, a broken invariant (an
 * abort), a sanitizer report or a hang fails its own test with the input
 * named, without ending the suite. It must also stay within what the fuzzers
 * allow: libFuzzer's -timeout=5 (see FUZZ_CPU_LIMIT) and -rss_limit_mb=2048.
 * Run from tests/unit. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>

#define FUZZ_NO_ENTRY
#include "../../fuzz/fuzz_date.c"
#include "../../fuzz/fuzz_import_text.c"
#include "../../fuzz/fuzz_import_xml.c"
#include "../../fuzz/fuzz_plan.c"
#include "../../fuzz/fuzz_text.c"

#if defined(__SANITIZE_ADDRESS__)
#define FUZZ_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FUZZ_UNDER_ASAN 1
#endif
#endif

/* CPU seconds an input may take: libFuzzer's -timeout=5, in its build with
 * ASan, UBSan and coverage; 1 s in an optimised build without them, about
 * five times faster (seeds take milliseconds in either). Plus some by the
 * megabyte for the big generated plans, whose loading is linear in their
 * size once nothing in the loader is quadratic. */
enum {
#ifdef FUZZ_UNDER_ASAN
    FUZZ_CPU_LIMIT = 5,
    FUZZ_CPU_PER_MB = 4,
#else
    FUZZ_CPU_LIMIT = 1,
    FUZZ_CPU_PER_MB = 1,
#endif
    FUZZ_WALL_LIMIT = 60,     /* seconds before a child is taken for hung */
    FUZZ_RSS_LIMIT_MB = 2048, /* peak memory per input: as -rss_limit_mb=2048 */
    FUZZ_MAX_INPUT = 1 << 20, /* bytes in a regression file */
    FUZZ_AS_LIMIT_MB = 16384, /* address space, when not under ASan */
};

typedef int (*harness_fn)(const uint8_t *data, size_t size);

typedef struct {
    const char *name;
    harness_fn fn;
} harness;

static const harness harnesses[] = {
    {"plan", fuzz_plan_one},
    {"date", fuzz_date_one},
    {"text", fuzz_text_one},
    {"import_text", fuzz_import_text_one},
    {"import_xml", fuzz_import_xml_one},
};

#define REGRESSIONS_DIR "../data/fuzz"
#define SEEDS_DIR       "../../fuzz/corpus"

/* ---- generated inputs ---- */

#define GEN_HEAD                                                                                   \
    "kehoach: 1\n"                                                                                 \
    "plan:\n"                                                                                      \
    "  id: p\n"                                                                                    \
    "  title: t\n"                                                                                 \
    "  issuer: i\n"                                                                                \
    "  period: {from: 2023-01-01, to: 2023-12-31}\n"

/* One duty whose 'items' names 40,000 tasks: resolve_items copies the
 * duty's item array whole for every item (2 N^2 bytes: 3.2 GB), and the
 * duplicate check of 'items' compares every pair. 2.5 MB of YAML. */
static void gen_items_many_tasks(strbuf *sb)
{
    enum { N = 40000 };
    sb_puts(sb, GEN_HEAD "units:\n  - {id: u, name: n}\ncontents:\n");
    for (int i = 0; i < N; i++)
        sb_printf(sb, "  - {id: a%d, text: t, lead: u, deadline: continuous}\n", i);
    sb_puts(sb, "organization:\n  duties:\n    - unit: u\n      items: [");
    for (int i = 0; i < N; i++) sb_printf(sb, "%sa%d", i ? "," : "", i);
    sb_puts(sb, "]\n");
}

/* 60,000 units: convert_units checks each new id against every unit before
 * it (1.8 billion comparisons). 1.3 MB of YAML. */
static void gen_units_many(strbuf *sb)
{
    enum { U = 60000 };
    sb_puts(sb, GEN_HEAD "units:\n");
    for (int i = 0; i < U; i++) sb_printf(sb, "  - {id: u%d, name: n}\n", i);
    sb_puts(sb, "contents:\n  - {id: a, text: t, lead: u0, deadline: continuous}\n");
}

/* 50,000 duties, each of its own unit, each naming the same task in
 * 'items': resolve_items adds each unit to the task's supporting units by
 * copying the array whole (N^2 bytes: 2.5 GB) after a linear
 * model_task_has_unit. Needs as many units. 2.7 MB of YAML. */
static void gen_support_many_duties(strbuf *sb)
{
    enum { U = 50000 };
    sb_puts(sb, GEN_HEAD "units:\n");
    for (int i = 0; i < U; i++) sb_printf(sb, "  - {id: u%d, name: n}\n", i);
    sb_puts(sb, "contents:\n  - {id: a, text: t, lead: u0, deadline: continuous}\n"
                "organization:\n  duties:\n");
    for (int i = 1; i < U; i++) sb_printf(sb, "    - {unit: u%d, items: [a]}\n", i);
}

typedef struct {
    const char *name;
    void (*make)(strbuf *sb);
} generator;

static const generator generators[] = {
    {"items_many_tasks", gen_items_many_tasks},
    {"units_many", gen_units_many},
    {"support_many_duties", gen_support_many_duties},
};

/* ---- running one input ---- */

/* One cmocka test: a regression file, a generated plan, or a seed corpus. */
typedef struct {
    const harness *h;
    char *path;           /* a file or a directory of seeds; NULL when generated */
    const generator *gen; /* when generated */
} replay;

/* Read the file at path (at most FUZZ_MAX_INPUT bytes) into an exact-size
 * heap buffer. */
static uint8_t *read_input(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        print_error("cannot open %s\n", path);
        fail();
    }
    uint8_t *buf = xmalloc(FUZZ_MAX_INPUT + 1);
    *len = fread(buf, 1, FUZZ_MAX_INPUT + 1, f);
    assert_int_equal(ferror(f), 0);
    fclose(f);
    assert_true(*len <= FUZZ_MAX_INPUT);
    /* Exact size, so a read past the end is caught under ASan. */
    uint8_t *exact = xmalloc(*len ? *len : 1);
    memcpy(exact, buf, *len);
    free(buf);
    return exact;
}

/* Return the resident memory of process pid in MiB, or -1. */
static long rss_of(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/statm", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long size, pages;
    int got = fscanf(f, "%ld %ld", &size, &pages);
    fclose(f);
    return got == 2 ? pages * (sysconf(_SC_PAGESIZE) / 1024) / 1024 : -1;
}

/* Run the len bytes at data through harness h in a child. Return true when
 * it came through cleanly and within the limits; else say why, naming the
 * input by label, on stderr. */
static bool replay_bytes(const harness *h, const char *label, const uint8_t *data, size_t len,
                         bool verbose)
{
    double cpu_limit = FUZZ_CPU_LIMIT + (double)FUZZ_CPU_PER_MB * (double)len / (1 << 20);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* A hang ends with SIGXCPU just past the limit, or SIGALRM. */
        rlim_t secs = (rlim_t)cpu_limit + 1;
        struct rlimit cpu = {secs, secs + 1};
        setrlimit(RLIMIT_CPU, &cpu);
        alarm(FUZZ_WALL_LIMIT);
#ifndef FUZZ_UNDER_ASAN
        /* One huge allocation must fail here, not swap. */
        struct rlimit as = {(rlim_t)FUZZ_AS_LIMIT_MB << 20, (rlim_t)FUZZ_AS_LIMIT_MB << 20};
        setrlimit(RLIMIT_AS, &as);
#endif
        h->fn(data, len);
        exit(0); /* exit, not _exit: LeakSanitizer runs at exit */
    }
    /* Wait, watching the child's memory: past the limit, it is killed. */
    int status;
    struct rusage ru;
    pid_t got;
    bool too_big = false;
    long nap_us = 200;
    for (;;) {
        got = wait4(pid, &status, WNOHANG, &ru);
        if (got == pid) break;
        if (got < 0 && errno != EINTR) break;
        if (!too_big && rss_of(pid) > FUZZ_RSS_LIMIT_MB) {
            too_big = true;
            kill(pid, SIGKILL);
        }
        usleep((useconds_t)nap_us);
        if (nap_us < 20000) nap_us *= 2;
    }
    assert_int_equal(got, pid);
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    long rss_mb = ru.ru_maxrss / 1024;
    if (verbose) print_message("  %s: %.2f s of CPU, %ld MiB\n", label, cpu, rss_mb);
    if (too_big || rss_mb > FUZZ_RSS_LIMIT_MB) {
        print_error("fuzz_%s %s: used over %d MiB (after %.1f s of CPU): out of memory\n", h->name,
                    label, FUZZ_RSS_LIMIT_MB, cpu);
        return false;
    }
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        print_error("fuzz_%s %s: killed by signal %d (%s)%s\n", h->name, label, sig, strsignal(sig),
                    sig == SIGXCPU || sig == SIGALRM ? ": a hang" : "");
        return false;
    }
    if (WEXITSTATUS(status) != 0) {
        print_error("fuzz_%s %s: exit status %d (a sanitizer report above?)\n", h->name, label,
                    WEXITSTATUS(status));
        return false;
    }
    if (cpu > cpu_limit) {
        print_error("fuzz_%s %s: took %.1f s of CPU (limit %.1f s): a hang\n", h->name, label, cpu,
                    cpu_limit);
        return false;
    }
    return true;
}

static bool replay_file(const harness *h, const char *path)
{
    size_t len;
    uint8_t *data = read_input(path, &len);
    bool ok = replay_bytes(h, path, data, len, false);
    free(data);
    return ok;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Return the sorted paths of the regular files in dir (NULL-terminated;
 * NULL when there is no such directory). */
static char **list_dir(const char *dir, size_t *count)
{
    *count = 0;
    DIR *d = opendir(dir);
    if (!d) return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            KH_GROW(names, *count + 1, cap);
            names[(*count)++] = path;
        } else {
            free(path);
        }
    }
    closedir(d);
    if (!names) names = xcalloc(1, sizeof *names);
    qsort(names, *count, sizeof *names, cmp_names);
    names[*count] = NULL;
    return names;
}

static void free_list(char **names)
{
    for (size_t i = 0; names && names[i]; i++) free(names[i]);
    free(names);
}

static void test_replay(void **state)
{
    const replay *r = *state;
    if (r->gen) {
        strbuf sb = STRBUF_INIT;
        r->gen->make(&sb);
        char *label = xasprintf("generated %s (%zu bytes)", r->gen->name, sb.len);
        bool ok = replay_bytes(r->h, label, (const uint8_t *)sb.data, sb.len, true);
        free(label);
        sb_done(&sb);
        assert_true(ok);
        return;
    }
    struct stat st;
    assert_int_equal(stat(r->path, &st), 0);
    if (!S_ISDIR(st.st_mode)) {
        assert_true(replay_file(r->h, r->path));
        return;
    }
    size_t n, failed = 0;
    char **names = list_dir(r->path, &n);
    if (!names || n == 0) {
        print_error("no seed corpus in %s\n", r->path);
        free_list(names);
        fail();
    }
    for (size_t i = 0; i < n; i++)
        if (!replay_file(r->h, names[i])) failed++;
    free_list(names);
    if (failed) print_error("%zu of %zu seeds failed\n", failed, n);
    assert_int_equal(failed, 0);
}

int main(void)
{
    replay *replays = NULL;
    size_t nreplays = 0, capreplays = 0;
    char **files[KH_ARRAY_LEN(harnesses)];
    /* Every regression file, one test each. */
    for (size_t h = 0; h < KH_ARRAY_LEN(harnesses); h++) {
        char *dir = xasprintf("%s/%s", REGRESSIONS_DIR, harnesses[h].name);
        size_t n;
        files[h] = list_dir(dir, &n);
        free(dir);
        for (size_t i = 0; i < n; i++) {
            KH_GROW(replays, nreplays, capreplays);
            replays[nreplays++] = (replay){&harnesses[h], files[h][i], NULL};
        }
    }
    /* The generated plans. */
    for (size_t g = 0; g < KH_ARRAY_LEN(generators); g++) {
        KH_GROW(replays, nreplays, capreplays);
        replays[nreplays++] = (replay){&harnesses[0], NULL, &generators[g]};
    }
    /* Each seed corpus as one test. */
    for (size_t h = 0; h < KH_ARRAY_LEN(harnesses); h++) {
        KH_GROW(replays, nreplays, capreplays);
        replays[nreplays++] =
            (replay){&harnesses[h], xasprintf("%s/%s", SEEDS_DIR, harnesses[h].name), NULL};
    }

    struct CMUnitTest *tests = xcalloc(nreplays, sizeof *tests);
    char **test_names = xcalloc(nreplays, sizeof *test_names);
    for (size_t i = 0; i < nreplays; i++) {
        const replay *r = &replays[i];
        if (r->gen)
            test_names[i] = xasprintf("fuzz_%s_generated_%s", r->h->name, r->gen->name);
        else if (!strncmp(r->path, SEEDS_DIR, strlen(SEEDS_DIR)))
            test_names[i] = xasprintf("fuzz_%s_seed_corpus", r->h->name);
        else
            test_names[i] =
                xasprintf("fuzz_%s_regression_%s", r->h->name, strrchr(r->path, '/') + 1);
        tests[i] = (struct CMUnitTest){test_names[i], test_replay, NULL, NULL, &replays[i]};
    }
    int rc = _cmocka_run_group_tests("fuzz_regressions", tests, nreplays, NULL, NULL);

    for (size_t i = 0; i < nreplays; i++) {
        free(test_names[i]);
        if (replays[i].path && !strncmp(replays[i].path, SEEDS_DIR, strlen(SEEDS_DIR)))
            free(replays[i].path);
    }
    for (size_t h = 0; h < KH_ARRAY_LEN(harnesses); h++) free_list(files[h]);
    free(test_names);
    free(tests);
    free(replays);
    return rc;
}
