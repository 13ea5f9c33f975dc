/* Unit tests for the small helpers of src/util.c that touch the system. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "kehoach/util.h"

/* Three MiB in one call: every byte arrives, in order; nothing to write is no error. */
static void test_write_all_whole(void **state)
{
    (void)state;
    char path[] = "/tmp/kh-util-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    size_t n = 3u << 20;
    char *data = xmalloc(n);
    for (size_t i = 0; i < n; i++) data[i] = (char)(i * 7 + 3);
    assert_true(fd_write_all(fd, data, n));
    struct stat st;
    assert_int_equal(fstat(fd, &st), 0);
    assert_int_equal(st.st_size, (off_t)n);
    char *back = xmalloc(n);
    assert_int_equal(pread(fd, back, n, 0), (ssize_t)n);
    assert_memory_equal(back, data, n);
    assert_true(fd_write_all(fd, data, 0));
    close(fd);
    unlink(path);
    free(data);
    free(back);
}

/* A full disk and a closed descriptor: false, with the kernel's errno. */
static void test_write_all_errors(void **state)
{
    (void)state;
    int full = open("/dev/full", O_WRONLY | O_CLOEXEC);
    if (full >= 0) {
        errno = 0;
        assert_false(fd_write_all(full, "abc", 3));
        assert_int_equal(errno, ENOSPC);
        close(full);
    }
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    close(fds[0]);
    close(fds[1]);
    errno = 0;
    assert_false(fd_write_all(fds[1], "abc", 3));
    assert_int_equal(errno, EBADF);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_write_all_whole),
        cmocka_unit_test(test_write_all_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
