/* Replays, through the fuzz harnesses' own code (fuzz/fuzz_*.c), every input
 * the fuzzers ever found a problem with (tests/data/fuzz/<target>/, one test
 * each, named after the file) and the seed corpora (fuzz/corpus/<target>/,
 * one test per target). Each input runs in a child process, so a crash, a
 * broken invariant (abort), a sanitizer report or a hang fails its test with
 * the file named rather than ending the suite; and it must stay within what
 * the fuzzers allow: FUZZ_CPU_LIMIT seconds of CPU (libFuzzer -timeout=5)
 * and FUZZ_RSS_LIMIT_MB of memory (-rss_limit_mb=2048). Run from tests/unit. */
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
#include "../../fuzz/fuzz_plan.c"
#include "../../fuzz/fuzz_text.c"

enum {
    FUZZ_CPU_LIMIT = 5,       /* seconds of CPU per input */
    FUZZ_WALL_LIMIT = 60,     /* seconds before a child is taken for hung */
    FUZZ_RSS_LIMIT_MB = 2048, /* peak memory per input */
    FUZZ_MAX_INPUT = 1 << 20, /* bytes; libFuzzer's inputs here are far smaller */
    FUZZ_AS_LIMIT_MB = 8192,  /* address space, when not under a sanitizer */
};

#if defined(__SANITIZE_ADDRESS__)
#define FUZZ_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FUZZ_UNDER_ASAN 1
#endif
#endif

typedef int (*harness_fn)(const uint8_t *data, size_t size);

typedef struct {
    const char *name;
    harness_fn fn;
} harness;

static const harness harnesses[] = {
    {"plan", fuzz_plan_one},
    {"date", fuzz_date_one},
    {"text", fuzz_text_one},
};

#define REGRESSIONS_DIR "../data/fuzz"
#define SEEDS_DIR       "../../fuzz/corpus"

/* One cmocka test: a regression file, or a target's whole seed corpus. */
typedef struct {
    const harness *h;
    char *path; /* a file, or a directory of seeds */
    bool dir;
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

/* Run one input through harness h in a child. Return true when it came
 * through cleanly and within the limits; else say why on stderr. */
static bool replay_one(const harness *h, const char *path)
{
    size_t len;
    uint8_t *data = read_input(path, &len);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alarm(FUZZ_WALL_LIMIT);
#ifndef FUZZ_UNDER_ASAN
        /* An input that asks for the moon must fail here, not swap. */
        struct rlimit as = {(rlim_t)FUZZ_AS_LIMIT_MB << 20, (rlim_t)FUZZ_AS_LIMIT_MB << 20};
        setrlimit(RLIMIT_AS, &as);
#endif
        h->fn(data, len);
        free(data);
        exit(0); /* exit, not _exit: LeakSanitizer runs at exit */
    }
    free(data);
    int status;
    struct rusage ru;
    pid_t got;
    do got = wait4(pid, &status, 0, &ru);
    while (got < 0 && errno == EINTR);
    assert_int_equal(got, pid);
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    long rss_mb = ru.ru_maxrss / 1024;
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        print_error("fuzz_%s %s: killed by signal %d (%s)%s\n", h->name, path, sig, strsignal(sig),
                    sig == SIGALRM ? ": a hang" : "");
        return false;
    }
    if (WEXITSTATUS(status) != 0) {
        print_error("fuzz_%s %s: exit status %d (a sanitizer report above?)\n", h->name, path,
                    WEXITSTATUS(status));
        return false;
    }
    if (cpu > FUZZ_CPU_LIMIT) {
        print_error("fuzz_%s %s: took %.1f s of CPU (limit %d s)\n", h->name, path, cpu,
                    FUZZ_CPU_LIMIT);
        return false;
    }
    if (rss_mb > FUZZ_RSS_LIMIT_MB) {
        print_error("fuzz_%s %s: used %ld MiB (limit %d MiB)\n", h->name, path, rss_mb,
                    FUZZ_RSS_LIMIT_MB);
        return false;
    }
    return true;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Return the sorted names of the regular files in dir (NULL-terminated;
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
    if (!r->dir) {
        assert_true(replay_one(r->h, r->path));
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
        if (!replay_one(r->h, names[i])) failed++;
    free_list(names);
    if (failed) print_error("%zu of %zu seeds failed\n", failed, n);
    assert_int_equal(failed, 0);
}

int main(void)
{
    struct CMUnitTest *tests = NULL;
    replay *replays = NULL;
    size_t ntests = 0, cap = 0, nreplays = 0, capreplays = 0;
    char **names[KH_ARRAY_LEN(harnesses)];
    /* Every regression file, one test each. */
    for (size_t h = 0; h < KH_ARRAY_LEN(harnesses); h++) {
        char *dir = xasprintf("%s/%s", REGRESSIONS_DIR, harnesses[h].name);
        size_t n;
        names[h] = list_dir(dir, &n);
        free(dir);
        for (size_t i = 0; i < n; i++) {
            KH_GROW(replays, nreplays, capreplays);
            replays[nreplays++] = (replay){&harnesses[h], names[h][i], false};
        }
    }
    /* Then each seed corpus as one test. */
    for (size_t h = 0; h < KH_ARRAY_LEN(harnesses); h++) {
        KH_GROW(replays, nreplays, capreplays);
        replays[nreplays++] =
            (replay){&harnesses[h], xasprintf("%s/%s", SEEDS_DIR, harnesses[h].name), true};
    }
    char **test_names = xcalloc(nreplays, sizeof *test_names);
    for (size_t i = 0; i < nreplays; i++) {
        const replay *r = &replays[i];
        const char *base = strrchr(r->path, '/');
        test_names[i] = r->dir ? xasprintf("fuzz_%s_seed_corpus", r->h->name)
                               : xasprintf("fuzz_%s_regression_%s", r->h->name, base + 1);
        KH_GROW(tests, ntests, cap);
        tests[ntests++] = (struct CMUnitTest){test_names[i], test_replay, NULL, NULL, &replays[i]};
    }
    int rc = _cmocka_run_group_tests("fuzz_regressions", tests, ntests, NULL, NULL);
    for (size_t i = 0; i < nreplays; i++) {
        free(test_names[i]);
        if (replays[i].dir) free(replays[i].path);
    }
    for (size_t h = 0; h < KH_ARRAY_LEN(harnesses); h++) free_list(names[h]);
    free(test_names);
    free(replays);
    free(tests);
    return rc;
}
