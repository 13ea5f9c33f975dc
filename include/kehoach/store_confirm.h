/* store_confirm: what the confirming unit said of a task's completion, and
 * the officer in charge of a task, kept beside the task's state (issue 12;
 * src/store_confirm.c). A task is "proposed as done" when it is done, its
 * plan asks for confirmation and its last completion has no confirmation. */
#ifndef KEHOACH_STORE_CONFIRM_H
#define KEHOACH_STORE_CONFIRM_H

#include "kehoach/store.h"

/* Confirm (VERDICT_CONFIRMED) or reject (VERDICT_REJECTED, with reason) the
 * completion of task_id, by user at time now, in one change with its
 * history row: a rejection sets the task back to doing (as a change made on
 * day today). base and expected_version as for store_apply_base. Return
 * KH_E_OK with the new state in *out; KH_E_CONFIRM_NOT_DONE when the task
 * is not done; KH_E_INVALID when it is confirmed already (by whom in err);
 * KH_E_CONFLICT; or another error. On error nothing is written. */
kh_errcode store_confirm(kh_store *s, const char *plan_id, const char *task_id,
                         const kh_base_state *base, kh_verdict verdict, const char *reason,
                         int64_t expected_version, kh_date today, const char *user, int64_t now,
                         kh_state *out, kh_error *err);

/* Make name (NULL or "": nobody) the officer in charge of task_id, in place
 * of from (the officer now, for the history), by user at time now, in one
 * change. Return KH_E_OK with the new state in *out, KH_E_CONFLICT, or
 * another error; on error nothing is written. */
kh_errcode store_assign(kh_store *s, const char *plan_id, const char *task_id,
                        const kh_base_state *base, const char *name, const char *from,
                        int64_t expected_version, const char *user, int64_t now, kh_state *out,
                        kh_error *err);

/* Lay each task's verdict (on its last completion) and officer (the last
 * assigned, when any) over the plan; store_load_state calls it. Return
 * KH_E_OK or an error. */
kh_errcode store_confirm_load(kh_store *s, kh_plan *plan, kh_error *err);

#endif
