/* pty_run: run a terminal program in a pseudo-terminal, as a person meets
 * it, and measure its first frame and what each keystroke costs.
 *
 *   pty_run [-r ROWS] [-c COLS] [-t TERM] [-n RUNS] [-q QUIET_MS] [-m MARKER]
 *           [-T FIRST_FRAME_TIMEOUT_S] [-d DUMP] [-D PREFIX] [-k NAME=KEYS[*COUNT]]...
 *           [-x QUIT_KEYS] -- CMD ARGS...
 *
 * The first frame is complete once the output holds MARKER (when given)
 * and then stays quiet for QUIET_MS; its time runs from just before fork to
 * the last byte of it, and the CPU the program used until then is read from
 * its CPU-time clock (nanoseconds, all threads). A program that exits (a
 * baseline that prints a frame and stops) ends its frame at its last byte.
 *
 * Then each -k step sends KEYS (escapes: \r \n \t \e \\ \xHH) COUNT times,
 * one at a time: after each, it waits for the first byte of the answer and
 * then for QUIET_MS of quiet, and records the bytes written, the time to
 * the last byte, and the CPU used (all threads). Peak RSS is VmHWM at the
 * first frame and ru_maxrss at the end. Results are printed as key=value
 * lines: medians over every run (and every key of a step), with min and
 * max. -d writes the first frame's bytes (of the last run) to DUMP; -D
 * writes the bytes answering the last key of each step (of the last run)
 * to PREFIX.NAME. */
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
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

enum { MAX_STEPS = 32, MAX_SAMPLES = 4096 };

typedef struct {
    char name[32];
    char keys[64];
    size_t nkeys;
    int count;
    /* Samples over every run. */
    double *bytes, *ms, *cpu_us;
    int n, nms; /* ms only for keys that were answered */
} step;

static long vm_hwm_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6)) kb = strtol(line + 6, NULL, 10);
    fclose(f);
    return kb;
}

static size_t unescape(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    while (*s && n + 1 < cap) {
        if (*s != '\\') {
            out[n++] = *s++;
            continue;
        }
        s++;
        switch (*s) {
        case 'r': out[n++] = '\r'; break;
        case 'n': out[n++] = '\n'; break;
        case 't': out[n++] = '\t'; break;
        case 'e': out[n++] = 27; break;
        case '\\': out[n++] = '\\'; break;
        case 'x': {
            char hex[3] = {s[1], s[1] ? s[2] : 0, 0};
            out[n++] = (char)strtol(hex, NULL, 16);
            s += 2;
            break;
        }
        default: out[n++] = *s; break;
        }
        if (*s) s++;
    }
    return n;
}

typedef struct {
    char *data;
    size_t len, cap;
} buf;

static void buf_add(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->data = realloc(b->data, b->cap);
        if (!b->data) abort();
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Read what the program writes until it has been quiet for quiet_ms after
 * `until` holds (first byte seen, marker seen...). Return the bytes read;
 * *last gets the time of the last byte, *eof whether the program is gone. */
static size_t drain(int fd, buf *out, const char *marker, double quiet_ms, double first_timeout_ms,
                    double *last, bool *eof)
{
    size_t total = 0;
    bool have_marker = !marker || !*marker;
    double start = now_ms();
    *eof = false;
    for (;;) {
        double now = now_ms();
        double wait;
        if (total == 0 || !have_marker)
            wait = start + first_timeout_ms - now;
        else
            wait = *last + quiet_ms - now;
        if (wait <= 0) break;
        struct pollfd p = {fd, POLLIN, 0};
        int rc = poll(&p, 1, (int)wait + 1);
        if (rc < 0 && errno == EINTR) continue;
        if (rc <= 0) continue; /* re-check the clock */
        char chunk[65536];
        ssize_t k = read(fd, chunk, sizeof chunk);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            *eof = true;
            break;
        }
        *last = now_ms();
        total += (size_t)k;
        if (out) buf_add(out, chunk, (size_t)k);
        if (!have_marker && out && strstr(out->data, marker)) have_marker = true;
    }
    return total;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void stats(const char *prefix, const char *name, const double *v, int n, int prec)
{
    if (n <= 0) {
        printf(" %s%s_med=NA", prefix, name);
        return;
    }
    double *c = malloc((size_t)n * sizeof *c);
    memcpy(c, v, (size_t)n * sizeof *c);
    qsort(c, (size_t)n, sizeof *c, cmp_double);
    double med = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    printf(" %s%s_med=%.*f %s%s_min=%.*f %s%s_max=%.*f", prefix, name, prec, med, prefix, name,
           prec, c[0], prefix, name, prec, c[n - 1]);
    free(c);
}

static void usage(void)
{
    fprintf(stderr, "usage: pty_run [-r ROWS] [-c COLS] [-t TERM] [-n RUNS] [-q QUIET_MS] [-m "
                    "MARKER] [-T SECONDS] [-d DUMP] [-D PREFIX] [-k NAME=KEYS[*COUNT]]... [-x "
                    "QUIT_KEYS] -- CMD ARGS...\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int rows = 24, cols = 80, runs = 5;
    double quiet = 100, first_timeout_s = 300;
    const char *term = "xterm-256color", *marker = NULL, *dump = NULL, *quit = "q";
    const char *key_dump = NULL;
    step steps[MAX_STEPS];
    int nsteps = 0;
    int c;
    while ((c = getopt(argc, argv, "+r:c:t:n:q:m:T:d:D:k:x:")) != -1) {
        switch (c) {
        case 'r': rows = atoi(optarg); break;
        case 'c': cols = atoi(optarg); break;
        case 't': term = optarg; break;
        case 'n': runs = atoi(optarg); break;
        case 'q': quiet = atof(optarg); break;
        case 'm': marker = optarg; break;
        case 'T': first_timeout_s = atof(optarg); break;
        case 'd': dump = optarg; break;
        case 'D': key_dump = optarg; break;
        case 'x': quit = optarg; break;
        case 'k': {
            if (nsteps >= MAX_STEPS) usage();
            step *s = &steps[nsteps++];
            memset(s, 0, sizeof *s);
            const char *eq = strchr(optarg, '=');
            if (!eq || eq - optarg >= (long)sizeof s->name) usage();
            memcpy(s->name, optarg, (size_t)(eq - optarg));
            char spec[128];
            snprintf(spec, sizeof spec, "%s", eq + 1);
            char *star = strrchr(spec, '*');
            s->count = 1;
            if (star && star[1]) {
                *star = '\0';
                s->count = atoi(star + 1);
            }
            s->nkeys = unescape(spec, s->keys, sizeof s->keys);
            break;
        }
        default: usage();
        }
    }
    if (optind >= argc || runs < 1) usage();
    char **cmd = argv + optind;
    for (int i = 0; i < nsteps; i++) {
        size_t n = (size_t)runs * (size_t)steps[i].count;
        if (n > MAX_SAMPLES) n = MAX_SAMPLES;
        steps[i].bytes = calloc(n, sizeof(double));
        steps[i].ms = calloc(n, sizeof(double));
        steps[i].cpu_us = calloc(n, sizeof(double));
    }
    double *frame_ms = calloc((size_t)runs, sizeof(double));
    double *frame_cpu = calloc((size_t)runs, sizeof(double));
    double *frame_bytes = calloc((size_t)runs, sizeof(double));
    long hwm = 0, maxrss = 0;
    buf frame = {0};

    for (int r = 0; r < runs; r++) {
        struct winsize ws = {(unsigned short)rows, (unsigned short)cols, 0, 0};
        int master;
        frame.len = 0;
        double t0 = now_ms();
        pid_t pid = forkpty(&master, NULL, NULL, &ws);
        if (pid < 0) {
            perror("pty_run: forkpty");
            return 1;
        }
        if (pid == 0) {
            setenv("TERM", term, 1);
            unsetenv("LINES");
            unsetenv("COLUMNS");
            execvp(cmd[0], cmd);
            _exit(127);
        }
        double last = t0;
        bool eof;
        drain(master, &frame, marker, quiet, first_timeout_s * 1000, &last, &eof);
        if (frame.len == 0 || (marker && *marker && !strstr(frame.data, marker))) {
            fprintf(stderr, "pty_run: %s: no frame (%zu bytes) within %.0f s\n", cmd[0], frame.len,
                    first_timeout_s);
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            return 1;
        }
        frame_ms[r] = last - t0;
        frame_bytes[r] = (double)frame.len;
        double ns = cpu_ns(pid);
        frame_cpu[r] = ns >= 0 ? ns / 1e6 : -1;
        long h = vm_hwm_kb(pid);
        if (h > hwm) hwm = h;
        if (eof) {
            /* A zombie still has its CPU time until reaped. */
            frame_cpu[r] = ns >= 0 ? ns / 1e6 : -1;
        }
        for (int i = 0; i < nsteps && !eof; i++) {
            step *s = &steps[i];
            for (int k = 0; k < s->count && !eof; k++) {
                double c0 = cpu_ns(pid);
                double sent = now_ms();
                if (write(master, s->keys, s->nkeys) != (ssize_t)s->nkeys) break;
                double lb = sent;
                buf answer = {0};
                size_t got = drain(master, &answer, NULL, quiet, 3000, &lb, &eof);
                if (key_dump && r == runs - 1 && k == s->count - 1) {
                    char path[4096];
                    snprintf(path, sizeof path, "%.4000s.%.31s", key_dump, s->name);
                    FILE *f = fopen(path, "wb");
                    if (f) {
                        if (answer.len) fwrite(answer.data, 1, answer.len, f);
                        fclose(f);
                    }
                }
                free(answer.data);
                double c1 = cpu_ns(pid);
                if (s->n < MAX_SAMPLES) {
                    s->bytes[s->n] = (double)got;
                    if (got) s->ms[s->nms++] = lb - sent;
                    s->cpu_us[s->n] = c0 >= 0 && c1 >= 0 ? (c1 - c0) / 1e3 : -1;
                    s->n++;
                }
            }
        }
        if (!eof && quit && *quit) {
            char q[64];
            size_t qn = unescape(quit, q, sizeof q);
            if (write(master, q, qn) != (ssize_t)qn) kill(pid, SIGTERM);
        }
        /* Drain until it exits, at most 3 s, then insist. */
        double end = now_ms() + 3000;
        int status;
        struct rusage ru;
        pid_t w = 0;
        while ((w = wait4(pid, &status, WNOHANG, &ru)) == 0 && now_ms() < end) {
            char sink[65536];
            struct pollfd p = {master, POLLIN, 0};
            if (poll(&p, 1, 20) > 0 && read(master, sink, sizeof sink) <= 0) usleep(10000);
        }
        if (w == 0) {
            kill(pid, SIGTERM);
            usleep(200000);
            kill(pid, SIGKILL);
            wait4(pid, &status, 0, &ru);
        }
        if (ru.ru_maxrss > maxrss) maxrss = ru.ru_maxrss;
        close(master);
        if (dump && r == runs - 1) {
            FILE *f = fopen(dump, "wb");
            if (f) {
                fwrite(frame.data, 1, frame.len, f);
                fclose(f);
            }
        }
    }
    printf("first_frame");
    stats("", "ms", frame_ms, runs, 2);
    stats("", "cpu_ms", frame_cpu, runs, 2);
    stats("", "bytes", frame_bytes, runs, 0);
    printf(" hwm_kb=%ld maxrss_kb=%ld\n", hwm, maxrss);
    for (int i = 0; i < nsteps; i++) {
        step *s = &steps[i];
        printf("key name=%s n=%d", s->name, s->n);
        stats("", "bytes", s->bytes, s->n, 0);
        stats("", "ms", s->ms, s->nms, 2);
        stats("", "cpu_us", s->cpu_us, s->n, 0);
        printf("\n");
    }
    free(frame.data);
    return 0;
}
