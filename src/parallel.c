/* Two halves of a job at once: the caller's thread takes the first, a
 * worker the second. */
#include "kehoach/parallel.h"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

bool parallel_two_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set) > 1;
    return sysconf(_SC_NPROCESSORS_ONLN) > 1;
}

typedef struct {
    size_t lo, hi;
    parallel_fn fn;
    void *ctx;
} half_job;

static void *half_worker(void *arg)
{
    half_job *h = arg;
    h->fn(h->ctx, h->lo, h->hi, 1);
    return NULL;
}

void parallel_split(size_t n, size_t min_n, parallel_fn fn, void *ctx)
{
    if (n < min_n || n < 2 || !parallel_two_cpus()) {
        fn(ctx, 0, n, 0);
        return;
    }
    half_job second = {n / 2, n, fn, ctx};
    pthread_t tid;
    if (pthread_create(&tid, NULL, half_worker, &second) != 0) {
        fn(ctx, 0, n, 0);
        return;
    }
    fn(ctx, 0, n / 2, 0);
    pthread_join(tid, NULL);
}
