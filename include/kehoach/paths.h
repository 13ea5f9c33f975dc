/* paths: where the plan and the database are, and who the user is. */
#ifndef KEHOACH_PATHS_H
#define KEHOACH_PATHS_H

#include <stdbool.h>

#include "kehoach/error.h"
#include "kehoach/model.h"

/* Return the real user's login name from the password database for
 * getuid() (never from the environment), or "uid:N" when there is none. A
 * heap string. */
char *paths_user(void);

/* Return the names of the real user's groups: the account's groups from the
 * group database (getgrouplist) and the real group id (never from the
 * environment). A heap array of heap strings; its length in *n. */
char **paths_groups(size_t *n);

/* Return the plan file to use: explicit when not NULL, else $KEHOACH_PLAN,
 * else ./plan.yaml when it exists, else $XDG_CONFIG_HOME/kehoach/plan.yaml
 * (~/.config/kehoach/plan.yaml). A heap string. */
char *paths_plan(const char *explicit_path);

/* Find $XDG_DATA_HOME/kehoach (~/.local/share/kehoach), or sub inside it
 * when sub is not NULL, and create it and its parents when missing (mode
 * 0700). Return KH_E_OK with a heap string in *out, or KH_E_IO saying which
 * folder could not be made and why. */
kh_errcode paths_data_dir(const char *sub, char **out, kh_error *err);

/* Return the database to use for plan: explicit when not NULL, else
 * $KEHOACH_DB, else the plan's own `database:` (relative to the plan file),
 * else $XDG_DATA_HOME/kehoach/<plan id>.db (~/.local/share/kehoach/), whose
 * folder is created when missing. Return KH_E_OK with a heap string in *out,
 * or an error. */
kh_errcode paths_db(const char *explicit_path, const kh_plan *plan, char **out, kh_error *err);

/* Return true when path names a symbolic link (/dev/stdout) or an existing
 * file that is neither a regular file nor a folder (a terminal, /dev/null, a
 * pipe): an output written there goes through it in place, never by renaming
 * a new file over the name. */
bool paths_in_place(const char *path);

#endif
