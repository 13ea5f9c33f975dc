/* A writer to kill: opens the database at DB through the store, then makes
 * change after change to one task (a note "TAG-N" and the progress N % 101),
 * each in its own transaction, and prints "saved TAG-N" on stdout as soon as
 * store_apply has returned KH_E_OK: with write(2), unbuffered, so that what it
 * printed before a kill -9 is exactly what it had been told was saved.
 *
 *   writer DB TAG [COUNT]     (COUNT: stop after that many; default: never)
 *
 * tests/faults/run.sh (case_kill9_writer) kills it at random moments and
 * checks the database against what it printed. Exit 0 after COUNT changes,
 * 1 on an error (said on stderr). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/store.h"

static void say(int fd, const char *s)
{
    size_t len = strlen(s);
    while (len > 0) {
        ssize_t n = write(fd, s, len);
        if (n <= 0) exit(1);
        s += n;
        len -= (size_t)n;
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        say(2, "usage: writer DB TAG [COUNT]\n");
        return 2;
    }
    long count = argc > 3 ? strtol(argv[3], NULL, 10) : -1;
    kh_store *s = NULL;
    kh_error err = {0};
    if (store_open(argv[1], 0, &s, &err) != KH_E_OK) {
        fprintf(stderr, "writer: open: %s: %s\n", kh_strerror(err.code, KH_LANG_EN), err.detail);
        return 1;
    }
    for (long i = 1; count < 0 || i <= count; i++) {
        char note[64], line[96];
        snprintf(note, sizeof note, "%s-%ld", argv[2], i);
        kh_change c = {.status = -1, .progress = (int)(i % 101), .note = note, .today = KH_NO_DATE, .expected_version = -1};
        kh_state out;
        if (store_apply(s, "qcdc-2023-tqt", "II.1", &c, "writer", (int64_t)time(NULL), &out,
                        &err) != KH_E_OK) {
            fprintf(stderr, "writer: %s: %s: %s\n", note, kh_strerror(err.code, KH_LANG_EN),
                    err.detail);
            store_close(s);
            return 1;
        }
        snprintf(line, sizeof line, "saved %s\n", note);
        say(1, line);
    }
    store_close(s);
    return 0;
}
