/* Forge a plan cache the way a hostile colleague would (issue 11): take a
 * cache kehoach built from a plan of one's own (a copy of the real plan that
 * gives oneself rights), and make it claim to be the cache of the real plan:
 * the real plan's content length and XXH3-128 hash in the header, and, for
 * a cache with a hash over the whole file (format 2), that hash recomputed.
 * Everything an attacker can compute is right; only who owns the file is
 * not. The layout is the one src/plan_cache.c asserts with _Static_assert.
 *
 *   forge_cache name PLAN                 print the cache file name of PLAN
 *   forge_cache forge CACHE PLAN OUT      write the forged cache to OUT
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (!buf) exit(2);
    *n = len;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "name")) {
        char real[PATH_MAX];
        if (!realpath(argv[2], real)) {
            perror(argv[2]);
            return 2;
        }
        printf("%016llx.plan\n", (unsigned long long)XXH3_64bits(real, strlen(real)));
        return 0;
    }
    if (argc != 5 || strcmp(argv[1], "forge") != 0) {
        fprintf(stderr, "usage: forge_cache name PLAN | forge CACHE PLAN OUT\n");
        return 2;
    }
    size_t n, plan_n;
    unsigned char *c = (unsigned char *)slurp(argv[2], &n);
    char *plan = slurp(argv[3], &plan_n);
    uint32_t format, header_size;
    memcpy(&format, c + 8, 4);
    memcpy(&header_size, c + 12, 4);
    if (n < 56 || header_size > n || header_size < 56 + 16) {
        fprintf(stderr, "%s: not a plan cache\n", argv[2]);
        return 2;
    }
    uint64_t len = plan_n;
    memcpy(c + 32, &len, 8);
    XXH128_canonical_t canon;
    XXH128_canonicalFromHash(&canon, XXH3_128bits(plan, plan_n));
    memcpy(c + 40, canon.digest, 16);
    if (format >= 2) {
        /* The hash over the whole file: the header up to its last 16 bytes,
         * then everything after the header. */
        XXH3_state_t *st = XXH3_createState();
        XXH3_128bits_reset(st);
        XXH3_128bits_update(st, c, header_size - 16);
        XXH3_128bits_update(st, c + header_size, n - header_size);
        XXH128_canonicalFromHash(&canon, XXH3_128bits_digest(st));
        memcpy(c + header_size - 16, canon.digest, 16);
        XXH3_freeState(st);
    }
    FILE *out = fopen(argv[4], "wb");
    if (!out || fwrite(c, 1, n, out) != n || fclose(out) != 0) {
        perror(argv[4]);
        return 2;
    }
    free(c);
    free(plan);
    return 0;
}
