/* Shared by the libFuzzer harnesses in fuzz/ and by the replay test
 * tests/unit/test_fuzz_regressions.c, which includes the harness sources
 * with FUZZ_NO_ENTRY defined so that the same checks run in `make check`. */
#ifndef KEHOACH_FUZZ_H
#define KEHOACH_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Called when a harness finds a broken invariant. The fuzzer build aborts,
 * so libFuzzer saves the input; the replay test fails the test instead. */
#ifndef FUZZ_FAIL
#define FUZZ_FAIL(...)                                                                             \
    do {                                                                                           \
        fprintf(stderr, "fuzz: invariant broken: ");                                               \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        abort();                                                                                   \
    } while (0)
#endif

#define FUZZ_CHECK(cond, ...)                                                                      \
    do {                                                                                           \
        if (!(cond)) FUZZ_FAIL(__VA_ARGS__);                                                       \
    } while (0)

/* One input through each harness; return 0 (libFuzzer's convention). */
int fuzz_plan_one(const uint8_t *data, size_t size);
int fuzz_date_one(const uint8_t *data, size_t size);
int fuzz_text_one(const uint8_t *data, size_t size);
int fuzz_import_text_one(const uint8_t *data, size_t size);
int fuzz_import_xml_one(const uint8_t *data, size_t size);

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
#endif

#endif
