/* runp: time a command as whole processes, alternating with a baseline
 * command (the machine's process-start floor, /bin/true by default), and
 * print medians, min-max and peak RSS as one line of key=value pairs.
 *
 *   runp [-n RUNS] [-w WARMUP] [-b BASELINE] [-o STDOUT_FILE] [-l LABEL] -- CMD ARGS...
 *   runp [-n RUNS] [-w WARMUP] [-l LABEL] -- CMD ARGS... --vs-- PEER ARGS...
 *
 * The second form measures a pair: each run of CMD is next to a run of
 * PEER (which goes first alternates), and it prints both, each with its
 * peak RSS, and the median of the runs' ratios CMD / PEER (wall time). Pairs
 * measured so see the same machine even when its load changes.
 *
 * Wall time runs from just before fork to wait4's return; CPU time is the
 * child's user + system time from wait4's rusage; peak RSS is ru_maxrss.
 * Each run of CMD follows a run of the baseline, so both see the same
 * machine. The command's stdout goes to STDOUT_FILE (default /dev/null),
 * its stderr to STDOUT_FILE.err; a command that fails stops runp. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_clock.h"

typedef struct {
    double wall_ms, cpu_ms;
    long rss_kb;
} sample;

static int run(char **argv, const char *out, sample *s)
{
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        perror("runp: fork");
        exit(1);
    }
    if (pid == 0) {
        int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) dup2(fd, STDOUT_FILENO);
        char err[4096];
        snprintf(err, sizeof err, "%s.err", out);
        int efd = strcmp(out, "/dev/null") ? open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644)
                                           : open("/dev/null", O_WRONLY);
        if (efd >= 0) dup2(efd, STDERR_FILENO);
        int in = open("/dev/null", O_RDONLY);
        if (in >= 0) dup2(in, STDIN_FILENO);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR) {
            perror("runp: wait4");
            exit(1);
        }
    s->wall_ms = now_ms() - t0;
    s->cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    s->rss_kb = ru.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void stats(const char *name, const double *v, int n)
{
    double *c = malloc((size_t)n * sizeof *c);
    memcpy(c, v, (size_t)n * sizeof *c);
    qsort(c, (size_t)n, sizeof *c, cmp_double);
    double med = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    printf(" %s_med=%.3f %s_min=%.3f %s_max=%.3f", name, med, name, c[0], name, c[n - 1]);
    free(c);
}

/* Measure cmd against peer, run by run (the first of each pair alternates). */
static int pair(char **cmd, char **peer, int runs, int warmup, const char *out, const char *label)
{
    double *wall = calloc((size_t)runs, sizeof *wall), *cpu = calloc((size_t)runs, sizeof *cpu);
    double *pwall = calloc((size_t)runs, sizeof *pwall), *pcpu = calloc((size_t)runs, sizeof *pcpu);
    double *ratio = calloc((size_t)runs, sizeof *ratio);
    long rss = 0, prss = 0;
    for (int i = -warmup; i < runs; i++) {
        sample a, b;
        for (int k = 0; k < 2; k++) {
            bool mine = (k == 0) == (i % 2 == 0);
            int rc = run(mine ? cmd : peer, mine ? out : "/dev/null", mine ? &a : &b);
            if (rc != 0) {
                fprintf(stderr, "runp: %s: %s exited with %d\n", label, (mine ? cmd : peer)[0], rc);
                return 1;
            }
        }
        if (i < 0) continue;
        wall[i] = a.wall_ms;
        cpu[i] = a.cpu_ms;
        pwall[i] = b.wall_ms;
        pcpu[i] = b.cpu_ms;
        ratio[i] = b.wall_ms > 0 ? a.wall_ms / b.wall_ms : 0;
        if (a.rss_kb > rss) rss = a.rss_kb;
        if (b.rss_kb > prss) prss = b.rss_kb;
    }
    printf("label=%s runs=%d", label, runs);
    stats("wall", wall, runs);
    stats("cpu", cpu, runs);
    stats("peer_wall", pwall, runs);
    stats("peer_cpu", pcpu, runs);
    stats("ratio", ratio, runs);
    printf(" rss_kb=%ld peer_rss_kb=%ld\n", rss, prss);
    free(wall);
    free(cpu);
    free(pwall);
    free(pcpu);
    free(ratio);
    return 0;
}

int main(int argc, char **argv)
{
    int runs = 5, warmup = 1;
    char *base = NULL;
    const char *out = "/dev/null", *label = "cmd";
    char true_path[] = "/bin/true";
    int c;
    while ((c = getopt(argc, argv, "+n:w:b:o:l:")) != -1) {
        switch (c) {
        case 'n': runs = atoi(optarg); break;
        case 'w': warmup = atoi(optarg); break;
        case 'b': base = optarg; break;
        case 'o': out = optarg; break;
        case 'l': label = optarg; break;
        default:
            fprintf(stderr, "usage: runp [-n RUNS] [-w WARMUP] [-b BASELINE] [-o FILE] [-l "
                            "LABEL] -- CMD ARGS...\n");
            return 2;
        }
    }
    if (optind >= argc || runs < 1) {
        fprintf(stderr, "runp: no command\n");
        return 2;
    }
    char **cmd = argv + optind;
    for (int i = optind; i < argc; i++)
        if (!strcmp(argv[i], "--vs--")) {
            argv[i] = NULL;
            if (i + 1 >= argc) {
                fprintf(stderr, "runp: no command after --vs--\n");
                return 2;
            }
            return pair(cmd, argv + i + 1, runs, warmup, out, label);
        }
    if (!base) base = true_path;
    char *base_argv[] = {base, NULL};
    double *wall = calloc((size_t)runs, sizeof *wall), *cpu = calloc((size_t)runs, sizeof *cpu);
    double *bwall = calloc((size_t)runs, sizeof *bwall);
    long rss = 0, base_rss = 0;
    for (int i = -warmup; i < runs; i++) {
        sample b, s;
        if (run(base_argv, "/dev/null", &b) != 0) {
            fprintf(stderr, "runp: %s failed\n", base);
            return 1;
        }
        int rc = run(cmd, out, &s);
        if (rc != 0) {
            fprintf(stderr, "runp: %s: %s exited with %d\n", label, cmd[0], rc);
            return 1;
        }
        if (i < 0) continue;
        wall[i] = s.wall_ms;
        cpu[i] = s.cpu_ms;
        bwall[i] = b.wall_ms;
        if (s.rss_kb > rss) rss = s.rss_kb;
        if (b.rss_kb > base_rss) base_rss = b.rss_kb;
    }
    printf("label=%s runs=%d", label, runs);
    stats("wall", wall, runs);
    stats("cpu", cpu, runs);
    stats("base", bwall, runs);
    /* The command's wall time less the baseline's in the same run. */
    for (int i = 0; i < runs; i++) wall[i] -= bwall[i];
    stats("over", wall, runs);
    printf(" rss_kb=%ld base_rss_kb=%ld\n", rss, base_rss);
    free(wall);
    free(cpu);
    free(bwall);
    return 0;
}
