/* hash_dl: libnettle (SHA-256) opened when something is first hashed
 * (dlopen of the distro's libnettle, see src/dl.h): the history's hash
 * chain when a change is written or verified, an attachment, a ward's
 * snapshot. A read maps none of it. Include it in place of
 * <nettle/sha2.h>; sha256_init, sha256_update and sha256_digest then go
 * through pointers that hash_dl_load sets. */
#ifndef KEHOACH_HASH_DL_H
#define KEHOACH_HASH_DL_H

#include <nettle/sha2.h>

#include "kehoach/error.h"

/* Open libnettle once (any thread may call it; later calls only answer).
 * Return KH_E_OK, or KH_E_IO naming the library and why it failed. */
kh_errcode hash_dl_load(kh_error *err);

/* Every function of libnettle the program calls (nettle's own names: its
 * header maps sha256_init to nettle_sha256_init, and so on). */
#define HASH_DL_FUNCS(X)                                                                           \
    X(nettle_sha256_init)                                                                          \
    X(nettle_sha256_update)                                                                        \
    X(nettle_sha256_digest)

#define HASH_DL_DECLARE(f) extern __typeof__(&f) hash_dl_##f;
HASH_DL_FUNCS(HASH_DL_DECLARE)
#undef HASH_DL_DECLARE

#ifndef HASH_DL_IMPL
#define nettle_sha256_init   (*hash_dl_nettle_sha256_init)
#define nettle_sha256_update (*hash_dl_nettle_sha256_update)
#define nettle_sha256_digest (*hash_dl_nettle_sha256_digest)
#endif

#endif
