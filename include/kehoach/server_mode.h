/* server_mode: the office server installation (make install-server). The
 * program is installed setgid to the group `kehoach`, which no ordinary user
 * is in; only it reaches the office's database. Run that way it takes the
 * plan and database only from the root-owned configuration, trusts nothing
 * in the environment, and opens the files a user names with the user's own
 * ids. Run any other way, nothing here changes anything. */
#ifndef KEHOACH_SERVER_MODE_H
#define KEHOACH_SERVER_MODE_H

#include <stdbool.h>

#include "kehoach/error.h"

/* The root-owned configuration the installed program reads. */
#ifndef KEHOACH_SERVER_CONF
#define KEHOACH_SERVER_CONF "/etc/kehoach/kehoach.conf"
#endif

/* Decide the mode, first thing in main, before anything is opened. When the
 * program runs with an effective group other than its real one (setgid):
 * with $KEHOACH_PLAN or $KEHOACH_DB set, or no configuration file, drop the
 * group for good (the user's own files); else read the configuration (it
 * must be root's, not writable by group or others, nor its folder; the plan
 * it names too), replace the environment by a safe one and hold the group.
 * Return KH_E_OK, or KH_E_SERVER_CONF saying what is wrong with the
 * configuration (the group is dropped then). */
kh_errcode server_init(kh_error *err);

/* Return true when the program holds the office group (server mode). */
bool server_active(void);

/* Return the plan (`plan =`), the workspace folder (`workspace =`) and the
 * database of the configuration (server mode), or NULL. A configuration
 * names a plan or a workspace, never both. */
const char *server_plan(void);
const char *server_workspace(void);
const char *server_db(void);

/* In server mode, check that the plan file at path and its folder are
 * root's alone (a plan of the configured workspace, before it is trusted).
 * Return KH_E_OK (always out of server mode) or KH_E_SERVER_CONF. */
kh_errcode server_check_plan(const char *path, kh_error *err);

/* In server mode, check the same of the screens' program (kehoach-tui)
 * before it is run holding the group. Return KH_E_OK (always out of server
 * mode) or KH_E_SERVER_CONF saying what is wrong. */
kh_errcode server_check_program(const char *path, kh_error *err);

/* Drop the office group for good (setresgid to the real group) before the
 * user's own files are opened: --plan, --db, check FILE, import, a report
 * or export written to a file. Returns nothing; a no-op out of server mode.
 * A failure to drop ends the program (it must never go on holding it). */
void server_drop(void);

/* Around opening a file a user names while the group is still needed
 * afterwards (drafts, the dashboard's report): act with the user's own
 * group, then with the office group again. No-ops out of server mode. */
void server_as_user(void);
void server_as_group(void);

/* Return true when the plan may say who changes what in server mode only
 * through `rights:`: a plan without it gives no one a change there. */
bool server_needs_rights(void);

#endif
