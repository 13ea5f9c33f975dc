/* parallel: work over many rows on two threads where the process may run on
 * two CPUs. The functions run on the worker must change nothing shared. */
#ifndef KEHOACH_PARALLEL_H
#define KEHOACH_PARALLEL_H

#include <stdbool.h>
#include <stddef.h>

/* Return whether this process may run on more than one CPU (taskset and
 * cpusets count). */
bool parallel_two_cpus(void);

/* Work on rows [lo, hi), as part 0 or 1 of the whole. */
typedef void (*parallel_fn)(void *ctx, size_t lo, size_t hi, int part);

/* Run fn on [0, n/2) and [n/2, n) at once when n is at least min_n and there
 * are two CPUs, else on [0, n) as part 0. Returns when all is done; when no
 * thread can be started, the caller's thread does it all. */
void parallel_split(size_t n, size_t min_n, parallel_fn fn, void *ctx);

#endif
