/* plan cache: the parsed plan kept in a file of the user's own, keyed by the
 * plan file's content, so an unchanged plan opens without parsing YAML. A
 * 100,000-task plan takes a few milliseconds to map instead of seconds to
 * parse; the cache never serves a plan whose file changed. */
#ifndef KEHOACH_PLAN_CACHE_H
#define KEHOACH_PLAN_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "kehoach/error.h"
#include "kehoach/model.h"
#include "kehoach/plan_load.h"

/* Load the plan at path: from the cache when it holds a plan made from
 * exactly this file's content by this build of the program, the whole cache
 * file checks out (its hash) and it is trusted (plan_cache_trusted), else by
 * parsing (plan_load), then keeping the result in the cache where it would
 * be trusted (failures to write it are ignored). A plan owned by another
 * user is always parsed. $KEHOACH_NO_CACHE set to anything turns the cache
 * off. Return as plan_load. */
kh_errcode plan_cache_load(const char *path, kh_lang lang, kh_plan **out, kh_diags *diags);

/* Write plan, parsed from content whose XXH3-128 hash is hash and whose
 * length is len, to the cache file at file. Return KH_E_OK or KH_E_IO. */
kh_errcode plan_cache_write(const kh_plan *plan, const unsigned char hash[16], uint64_t len,
                            const char *file, kh_error *err);

/* Map the cache file at file and return the plan in *out when it holds the
 * plan for content with this hash and length, made by this build, when the
 * whole file checks out, and when it and its folder are trusted for a plan
 * owned by plan_owner (plan_cache_trusted). Return KH_E_OK, KH_E_NOT_FOUND
 * (absent, stale or for another build), KH_E_DENIED (not trusted: someone
 * else's, writable by others, a symbolic link) or KH_E_IO (damaged). */
kh_errcode plan_cache_read(const char *file, const unsigned char hash[16], uint64_t len,
                           const char *plan_path, uid_t plan_owner, kh_plan **out);

/* plan_cache_read for a cache file's bytes already in memory (size bytes at
 * map, which must stay mapped while the plan lives: the plan's strings point
 * into it, and plan->mapping is left NULL, for the caller to own). The same
 * checks but for ownership, which the caller makes. Return as
 * plan_cache_read. */
kh_errcode plan_cache_from_memory(const void *map, size_t size, const unsigned char hash[16],
                                  uint64_t len, const char *plan_path, kh_plan **out);

/* Return true when a cache file of size bytes, whose first bytes (its
 * header at least) are at map, looks made by this build for content with
 * this hash and length (the header only: the rest is checked when read). */
bool plan_cache_fits(const void *map, size_t size, const unsigned char hash[16], uint64_t len);

/* Return the cache file for the plan at path (a heap string), its folder
 * made when missing; NULL when there is no cache folder to be had. */
char *plan_cache_file(const char *path);

/* The one rule for whose cache decides what a plan says. Return true when
 * the cache file (cache) and its folder (dir) may be believed for a plan
 * file owned by plan_owner, read by a program running as euid: the file is
 * a regular file owned by plan_owner, who is euid; the folder is owned by
 * euid; neither can be written by group or others. */
bool plan_cache_trusted(const struct stat *cache, const struct stat *dir, uid_t plan_owner,
                        uid_t euid);

/* Set out to the hash (XXH3-128) of a whole cache file of size bytes at
 * base, whose header of header_size bytes ends in the 16 bytes of that hash:
 * the header up to them, then everything after the header. The plan cache's
 * and the state cache's. */
void plan_cache_file_hash(const char *base, size_t size, size_t header_size, unsigned char out[16]);

/* Set out to plan_cache_file_hash's hash of a cache file mapped read-only
 * and private at map (page-aligned), giving the pages back to the system as
 * it goes (they are read again when touched). */
void plan_cache_map_hash(const char *map, size_t size, size_t header_size, unsigned char out[16]);

/* Set out to the running program's build (its build stamp, else the binary's
 * size, inode and time). Return false when it cannot be known. */
bool plan_cache_build(uint64_t out[2]);

/* Return the cache folder ($XDG_CACHE_HOME/kehoach, else ~/.cache/kehoach) as
 * a heap string, made (0700) when missing; NULL when there is none to be had. */
char *plan_cache_folder(void);

#endif
