/* live_watch: run a terminal program in a pseudo-terminal and measure what
 * it costs while nothing happens, and how soon it shows another process's
 * change.
 *
 *   live_watch [-r ROWS] [-c COLS] [-t TERM] [-l LABEL] [-i IDLE_S] [-n CHANGES]
 *              [-a CMD] [-b CMD] [-q QUIET_MS] [-w MISS_S] [-T FIRST_FRAME_TIMEOUT_S]
 *              -- PROGRAM ARGS...
 *
 * The first frame is done once the program has written something and then
 * stayed quiet 300 ms. The idle phase sends nothing for IDLE_S seconds
 * (default 60) and counts the bytes the program writes, the bursts they come
 * in (separated by QUIET_MS of quiet) and the CPU it uses
 * (its CPU-time clock, ns, all threads). The change phase runs CHANGES (default 10)
 * shell commands, -a and -b in turn (/bin/sh -c, output to /dev/null; one
 * that fails stops live_watch): from the moment the command has exited
 * (its commit is durable then) to the program's first byte, and to the last
 * byte of that burst (QUIET_MS, default 150, of quiet ends it). No byte
 * within MISS_S (default 5) seconds is a miss. A deterministic 300-1300 ms
 * gap between changes keeps them out of step with a program's poll. Then
 * `q` is sent and the program reaped. One line of key=value pairs is
 * printed, beginning with label=LABEL. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

enum { MAX_CHANGES = 1000 };

static int master = -1;
static pid_t child = -1;
static bool gone; /* the program closed the terminal */

/* Read what is there, waiting at most wait_ms. Return the bytes read (0 on
 * timeout); *at gets the time they came. */
static size_t read_some(double wait_ms, double *at)
{
    if (gone) {
        if (wait_ms > 0) usleep((useconds_t)(wait_ms * 1000));
        return 0;
    }
    struct pollfd p = {master, POLLIN, 0};
    int rc = poll(&p, 1, wait_ms < 0 ? 0 : (int)wait_ms + 1);
    if (rc <= 0) return 0;
    char chunk[65536];
    ssize_t k = read(master, chunk, sizeof chunk);
    if (k < 0 && errno == EINTR) return 0;
    if (k <= 0) {
        gone = true;
        return 0;
    }
    *at = now_ms();
    return (size_t)k;
}

/* Read until `until`; count bytes, and bursts of them split by quiet_ms. */
static size_t drain_until(double until, double quiet_ms, int *bursts)
{
    size_t total = 0;
    double last = -1e18, at;
    for (double now; (now = now_ms()) < until;) {
        size_t k = read_some(until - now, &at);
        if (!k) continue;
        if (bursts && at - last > quiet_ms) (*bursts)++;
        last = at;
        total += k;
    }
    return total;
}

static void stop_child(void)
{
    if (child <= 0) return;
    kill(child, SIGTERM);
    usleep(200000);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    child = -1;
}

static void fail(const char *msg, const char *arg)
{
    fprintf(stderr, "live_watch: %s%s\n", msg, arg ? arg : "");
    stop_child();
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void stats(const char *name, double *v, int n)
{
    if (n <= 0) {
        printf(" %s_med=NA %s_min=NA %s_max=NA", name, name, name);
        return;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    double med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    printf(" %s_med=%.1f %s_min=%.1f %s_max=%.1f", name, med, name, v[0], name, v[n - 1]);
}

static void usage(void)
{
    fprintf(stderr, "usage: live_watch [-r ROWS] [-c COLS] [-t TERM] [-l LABEL] [-i IDLE_S] [-n "
                    "CHANGES] [-a CMD] [-b CMD] [-q QUIET_MS] [-w MISS_S] [-T SECONDS] -- "
                    "PROGRAM ARGS...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int rows = 24, cols = 80, changes = 10;
    double idle_s = 60, quiet = 150, miss_s = 5, first_timeout_s = 300;
    const char *term = "xterm-256color", *label = "live", *cmd_a = NULL, *cmd_b = NULL;
    int c;
    while ((c = getopt(argc, argv, "+r:c:t:l:i:n:a:b:q:w:T:")) != -1) {
        switch (c) {
        case 'r': rows = atoi(optarg); break;
        case 'c': cols = atoi(optarg); break;
        case 't': term = optarg; break;
        case 'l': label = optarg; break;
        case 'i': idle_s = atof(optarg); break;
        case 'n': changes = atoi(optarg); break;
        case 'a': cmd_a = optarg; break;
        case 'b': cmd_b = optarg; break;
        case 'q': quiet = atof(optarg); break;
        case 'w': miss_s = atof(optarg); break;
        case 'T': first_timeout_s = atof(optarg); break;
        default: usage();
        }
    }
    if (optind >= argc || idle_s < 0 || changes < 0 || changes > MAX_CHANGES) usage();
    if (changes > 0 && (!cmd_a || !cmd_b)) usage();
    char **prog = argv + optind;
    signal(SIGPIPE, SIG_IGN);

    struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
    double t0 = now_ms();
    child = forkpty(&master, NULL, NULL, &ws);
    if (child < 0) {
        perror("live_watch: forkpty");
        return 1;
    }
    if (child == 0) {
        setenv("TERM", term, 1);
        unsetenv("LINES");
        unsetenv("COLUMNS");
        execvp(prog[0], prog);
        _exit(127);
    }

    /* The first frame: something, then 300 ms of quiet. */
    size_t frame = 0;
    double last = t0, at;
    for (double now; !gone && (now = now_ms()) < t0 + first_timeout_s * 1000;) {
        double wait = frame ? last + 300 - now : t0 + first_timeout_s * 1000 - now;
        if (frame && wait <= 0) break;
        size_t k = read_some(wait, &at);
        if (k) frame += k, last = at;
    }
    if (!frame || gone) fail("no first frame from ", prog[0]);
    double frame_ms = last - t0;

    /* Idle: send nothing, count what comes. */
    int idle_bursts = 0;
    double c0 = cpu_ns(child), i0 = now_ms();
    size_t idle_bytes = drain_until(i0 + idle_s * 1000, quiet, &idle_bursts);
    double i1 = now_ms(), c1 = cpu_ns(child);
    if (gone) fail("the program ended during the idle phase: ", prog[0]);
    double idle_real_s = (i1 - i0) / 1000;
    double idle_cpu_ms = c0 >= 0 && c1 >= 0 ? (c1 - c0) / 1e6 : -1;

    /* Changes. */
    static double first[MAX_CHANGES], lastb[MAX_CHANGES], bytes[MAX_CHANGES];
    int got = 0, misses = 0;
    size_t stray = 0;
    unsigned seed = 12345;
    double cc0 = cpu_ns(child);
    for (int i = 0; i < changes && !gone; i++) {
        const char *cmd = i % 2 ? cmd_b : cmd_a;
        pid_t pid = fork();
        if (pid < 0) fail("fork failed", NULL);
        if (pid == 0) {
            int null = open("/dev/null", O_RDWR);
            if (null >= 0) {
                dup2(null, STDIN_FILENO);
                dup2(null, STDOUT_FILENO);
                dup2(null, STDERR_FILENO);
            }
            close(master);
            execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
            _exit(127);
        }
        /* Keep reading while it runs: the program may see the commit before
         * the command has exited. */
        double first_at = 0, last_at = 0, exited;
        size_t n = 0;
        int status;
        for (;;) {
            pid_t w = waitpid(pid, &status, WNOHANG);
            if (w == pid) break;
            if (w < 0 && errno != EINTR) fail("waitpid failed for ", cmd);
            size_t k = read_some(2, &at);
            if (k) {
                if (!n) first_at = at;
                n += k, last_at = at;
            }
        }
        exited = now_ms();
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "live_watch: command failed (status %d): %s\n",
                    WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), cmd);
            stop_child();
            return 1;
        }
        /* The first byte, then the end of its burst. */
        for (double now; !n && (now = now_ms()) < exited + miss_s * 1000;) {
            size_t k = read_some(exited + miss_s * 1000 - now, &at);
            if (k) first_at = last_at = at, n = k;
        }
        if (!n) {
            misses++;
        } else {
            for (double now; (now = now_ms()) < last_at + quiet;) {
                size_t k = read_some(last_at + quiet - now, &at);
                if (k) n += k, last_at = at;
            }
            first[got] = first_at - exited;
            lastb[got] = last_at - exited;
            bytes[got] = (double)n;
            got++;
        }
        /* A gap of 300-1300 ms, not in step with a 1 s poll. */
        seed = seed * 1103515245u + 12345u;
        stray += drain_until(now_ms() + 300 + (seed >> 16) % 1001, quiet, NULL);
    }
    double cc1 = cpu_ns(child);
    if (gone) fail("the program ended during the change phase: ", prog[0]);

    /* Quit, drain until it exits (at most 3 s), then insist. */
    if (write(master, "q", 1) != 1) kill(child, SIGTERM);
    double end = now_ms() + 3000;
    pid_t w = 0;
    while ((w = waitpid(child, NULL, WNOHANG)) == 0 && now_ms() < end) read_some(20, &at);
    if (w == 0) {
        fprintf(stderr, "live_watch: %s did not quit on q within 3 s\n", prog[0]);
        stop_child();
    }
    close(master);

    printf("label=%s rows=%d cols=%d first_frame_ms=%.1f first_frame_bytes=%zu", label, rows, cols,
           frame_ms, frame);
    printf(" idle_s=%.1f idle_bytes=%zu bytes_per_min=%.1f idle_bursts=%d idle_cpu_ms=%.3f "
           "idle_cpu_pct=%.4f",
           idle_real_s, idle_bytes, idle_real_s > 0 ? (double)idle_bytes * 60 / idle_real_s : 0,
           idle_bursts, idle_cpu_ms,
           idle_real_s > 0 && idle_cpu_ms >= 0 ? idle_cpu_ms / (idle_real_s * 10) : -1);
    if (changes > 0) {
        printf(" changes=%d miss_s=%g", changes, miss_s);
        stats("redraw_first", first, got);
        stats("redraw_last", lastb, got);
        stats("redraw_bytes", bytes, got);
        printf(" misses=%d stray_bytes=%zu change_cpu_ms=%.3f", misses, stray,
               cc0 >= 0 && cc1 >= 0 ? (cc1 - cc0) / 1e6 : -1);
    }
    printf("\n");
    return 0;
}
