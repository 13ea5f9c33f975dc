/* plan cache: the parsed plan kept in a file of the user's own, keyed by the
 * plan file's content, so an unchanged plan opens without parsing YAML. A
 * 100,000-task plan takes a few milliseconds to map instead of seconds to
 * parse; the cache never serves a plan whose file changed. */
#ifndef KEHOACH_PLAN_CACHE_H
#define KEHOACH_PLAN_CACHE_H

#include "kehoach/error.h"
#include "kehoach/model.h"
#include "kehoach/plan_load.h"

/* Load the plan at path: from the cache when it holds a plan made from
 * exactly this file's content by this build of the program, else by parsing
 * (plan_load), then keeping the result in the cache (failures to write it are
 * ignored). $KEHOACH_NO_CACHE set to anything turns the cache off. Return as
 * plan_load. */
kh_errcode plan_cache_load(const char *path, kh_lang lang, kh_plan **out, kh_diags *diags);

/* Write plan, parsed from content whose XXH3-128 hash is hash and whose
 * length is len, to the cache file at file. Return KH_E_OK or KH_E_IO. */
kh_errcode plan_cache_write(const kh_plan *plan, const unsigned char hash[16], uint64_t len,
                            const char *file, kh_error *err);

/* Map the cache file at file and return the plan in *out when it holds the
 * plan for content with this hash and length, made by this build. Return
 * KH_E_OK, KH_E_NOT_FOUND (absent, stale or for another build) or KH_E_IO
 * (damaged). */
kh_errcode plan_cache_read(const char *file, const unsigned char hash[16], uint64_t len,
                           const char *plan_path, kh_plan **out);

#endif
