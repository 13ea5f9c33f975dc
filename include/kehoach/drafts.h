/* drafts: notes begun in the dashboard and not saved yet, kept in a file of
 * the user's own between runs, so closing the program (or losing the SSH
 * link) never drops what someone typed. */
#ifndef KEHOACH_DRAFTS_H
#define KEHOACH_DRAFTS_H

#include <stddef.h>

#include "kehoach/app_queue.h"
#include "kehoach/error.h"
#include "kehoach/model.h"

/* Find the drafts file for a plan and its database:
 * $XDG_DATA_HOME/kehoach/drafts/<plan id>@<hash of the database's path>
 * (~/.local/share/kehoach/drafts/), its folder created when missing. Return
 * KH_E_OK with a heap string in *out, or KH_E_IO saying which folder could
 * not be made and why (the drafts then cannot outlive the program). */
kh_errcode drafts_locate(const kh_plan *plan, const char *db_path, char **out, kh_error *err);

/* Write n drafts (task id, text) to path, replacing it atomically, mode
 * 0600; with n == 0 remove the file. Return KH_E_OK or KH_E_IO. */
kh_errcode drafts_save(const char *path, size_t n, const char *const *ids, const char *const *texts,
                       kh_error *err);

/* Read the drafts at path, calling add(ctx, id, text) for each. A missing
 * file is no drafts. Return KH_E_OK or KH_E_IO. */
kh_errcode drafts_load(const char *path, void (*add)(void *ctx, const char *id, const char *text),
                       void *ctx, kh_error *err);

/* Return (on the heap) the path of the file beside the drafts file at
 * drafts_path that keeps the changes that were still waiting for a busy
 * database when the dashboard ended. */
char *drafts_changes_path(const char *drafts_path);

/* Write the n changes v to path, replacing it atomically, mode 0600, with
 * the user's own ids; with n == 0 remove the file. Return KH_E_OK or
 * KH_E_IO. */
kh_errcode drafts_save_changes(const char *path, size_t n, const kh_queued *v, kh_error *err);

/* Read the changes at path, oldest first, calling add(ctx, c) for each (c
 * and its texts are valid during the call only); a line that is not a
 * change is skipped. A missing file is no changes. Return KH_E_OK or
 * KH_E_IO. */
kh_errcode drafts_load_changes(const char *path, void (*add)(void *ctx, const kh_queued *c),
                               void *ctx, kh_error *err);

#endif
