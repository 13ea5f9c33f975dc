/* parallel_split: every row once, in two halves only when there are many
 * rows and two CPUs to run them on. */
#include "testutil.h"

#include <pthread.h>
#include <sched.h>

#include "kehoach/parallel.h"

typedef struct {
    unsigned char *seen;
    size_t calls[2];
    size_t lo[2], hi[2];
    pthread_t thread[2];
} split_log;

static void mark(void *arg, size_t lo, size_t hi, int part)
{
    split_log *l = arg;
    l->calls[part]++;
    l->lo[part] = lo;
    l->hi[part] = hi;
    l->thread[part] = pthread_self();
    for (size_t i = lo; i < hi; i++) l->seen[i]++;
}

static split_log run_split(size_t n, size_t min_n)
{
    split_log l = {.seen = calloc(n + 1, 1)};
    parallel_split(n, min_n, mark, &l);
    for (size_t i = 0; i < n; i++)
        if (l.seen[i] != 1) fail_msg("row %zu of %zu was done %d times", i, n, l.seen[i]);
    free(l.seen);
    return l;
}

static void test_few_rows_one_call(void **state)
{
    (void)state;
    split_log l = run_split(100, 4096);
    assert_int_equal(l.calls[0], 1);
    assert_int_equal(l.calls[1], 0);
    assert_int_equal(l.lo[0], 0);
    assert_int_equal(l.hi[0], 100);
    l = run_split(0, 0);
    assert_int_equal(l.calls[0], 1);
    assert_int_equal(l.calls[1], 0);
}

static void test_many_rows_two_halves(void **state)
{
    (void)state;
    if (!parallel_two_cpus()) skip();
    split_log l = run_split(10001, 4096);
    assert_int_equal(l.calls[0], 1);
    assert_int_equal(l.calls[1], 1);
    assert_int_equal(l.lo[0], 0);
    assert_int_equal(l.hi[0], 5000);
    assert_int_equal(l.lo[1], 5000);
    assert_int_equal(l.hi[1], 10001);
    assert_true(pthread_equal(l.thread[0], pthread_self()));
    assert_false(pthread_equal(l.thread[1], pthread_self()));
}

/* Bound to one CPU (taskset does the same), the work stays on one thread. */
static void test_one_cpu_one_thread(void **state)
{
    (void)state;
    cpu_set_t before, one;
    assert_int_equal(sched_getaffinity(0, sizeof before, &before), 0);
    CPU_ZERO(&one);
    for (int c = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &before)) {
            CPU_SET(c, &one);
            break;
        }
    assert_int_equal(sched_setaffinity(0, sizeof one, &one), 0);
    assert_false(parallel_two_cpus());
    split_log l = run_split(10001, 4096);
    assert_int_equal(sched_setaffinity(0, sizeof before, &before), 0);
    assert_int_equal(l.calls[0], 1);
    assert_int_equal(l.calls[1], 0);
    assert_int_equal(l.hi[0], 10001);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_few_rows_one_call),
        cmocka_unit_test(test_many_rows_two_halves),
        cmocka_unit_test(test_one_cpu_one_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
