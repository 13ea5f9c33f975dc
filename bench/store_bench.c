/* store_bench: the cost of one durable status change, as the store makes it
 * (WAL, synchronous=FULL, one BEGIN IMMEDIATE transaction with a history
 * row), and the fsync floor under it.
 *
 *   store_bench [-n CHANGES] DB
 *
 * DB is created when missing. Each change flips one task between doing and
 * todo through store_apply; every call is timed. Then the same number of
 * 4 KiB writes each followed by fdatasync on a file beside DB give the
 * floor. Prints key=value lines: medians, min and max in milliseconds, and
 * on the store_apply line sql_compiles: how many times SQLite compiled a
 * statement part (its authorizer's calls) in the changes after the first
 * two; 0 when every change reuses the statements the store keeps. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "kehoach/store.h"
#include "store_int.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* SQLite asks the authorizer while it compiles a statement, never while it
 * runs one: count the calls. */
static int count_compiles(void *arg, int action, const char *a, const char *b, const char *c,
                          const char *d)
{
    (void)action, (void)a, (void)b, (void)c, (void)d;
    ++*(long *)arg;
    return SQLITE_OK;
}

/* Print the wall times in v and the CPU times in cpu (NULL: none), and
 * compiles when it is not negative. */
static void report(const char *label, double *v, double *cpu, int n, long compiles)
{
    double med = median(v, n);
    printf("label=%s n=%d ms_med=%.3f ms_min=%.3f ms_max=%.3f ms_p90=%.3f", label, n, med, v[0],
           v[n - 1], v[n * 9 / 10]);
    if (cpu) printf(" cpu_ms_med=%.3f", median(cpu, n));
    if (compiles >= 0) printf(" sql_compiles=%ld", compiles);
    printf("\n");
}

int main(int argc, char **argv)
{
    int n = 200;
    int c;
    while ((c = getopt(argc, argv, "n:")) != -1) {
        if (c == 'n')
            n = atoi(optarg);
        else {
            fprintf(stderr, "usage: store_bench [-n CHANGES] DB\n");
            return 2;
        }
    }
    if (optind >= argc || n < 1) {
        fprintf(stderr, "usage: store_bench [-n CHANGES] DB\n");
        return 2;
    }
    const char *path = argv[optind];
    kh_store *s;
    kh_error err = {0};
    if (store_open(path, 0, &s, &err)) {
        fprintf(stderr, "store_bench: %s: %s\n", kh_strerror(err.code, KH_LANG_EN), err.detail);
        return 1;
    }
    double *v = calloc((size_t)n, sizeof *v), *cpu = calloc((size_t)n, sizeof *cpu);
    /* Setting it expires every statement: the first change compiles them
     * again (the second too, for a new database: its first change made
     * the task's row). */
    long compiles = 0;
    sqlite3_set_authorizer(store_sqlite(s), count_compiles, &compiles);
    for (int i = 0; i < n; i++) {
        if (i == 2) compiles = 0;
        kh_change ch = {.status = i % 2 ? ST_TODO : ST_DOING,
                        .progress = i % 2 ? 0 : 10 + i % 80,
                        .today = 19523,
                        .expected_version = -1};
        kh_state st;
        double t0 = now_ms(), c0 = cpu_ms();
        kh_errcode rc =
            store_apply(s, "bench-store", "II.1", &ch, "bench", 1686800000 + i, &st, &err);
        v[i] = now_ms() - t0;
        cpu[i] = cpu_ms() - c0;
        if (rc) {
            fprintf(stderr, "store_bench: %s: %s\n", kh_strerror(rc, KH_LANG_EN), err.detail);
            return 1;
        }
    }
    sqlite3_set_authorizer(store_sqlite(s), NULL, NULL);
    store_close(s);
    report("store_apply", v, cpu, n, n > 2 ? compiles : -1);

    char floor_path[4096];
    snprintf(floor_path, sizeof floor_path, "%s.fsync", path);
    int fd = open(floor_path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror(floor_path);
        return 1;
    }
    char page[4096];
    memset(page, 'x', sizeof page);
    for (int i = 0; i < n; i++) {
        double t0 = now_ms();
        if (pwrite(fd, page, sizeof page, (off_t)(i % 16) * 4096) != (ssize_t)sizeof page ||
            fdatasync(fd) != 0) {
            perror(floor_path);
            return 1;
        }
        v[i] = now_ms() - t0;
    }
    close(fd);
    unlink(floor_path);
    report("fdatasync_4k", v, NULL, n, -1);
    free(v);
    free(cpu);
    return 0;
}
