/* Clocks the benchmark tools share: the time now, and the CPU another
 * process has used. Header-only: each tool is built from one file. */
#ifndef KEHOACH_BENCH_CLOCK_H
#define KEHOACH_BENCH_CLOCK_H

#include <stdio.h>
#include <sys/types.h>
#include <time.h>

/* Milliseconds on the monotonic clock. */
static inline double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Nanoseconds pid has spent on a CPU, all its threads (those that have
 * ended too) together, or -1. Its CPU-time clock counts them all; the
 * schedstat of /proc, the fallback, counts the main thread only. */
static inline double cpu_ns(pid_t pid)
{
    clockid_t clock;
    struct timespec ts;
    if (clock_getcpuclockid(pid, &clock) == 0 && clock_gettime(clock, &ts) == 0)
        return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    double ns = -1;
    if (fscanf(f, "%lf", &ns) != 1) ns = -1;
    fclose(f);
    return ns;
}

#endif
