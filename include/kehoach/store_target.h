/* store_target: the measurements of a plan's targets in the database: every
 * measurement a row (withdrawn by an undo, never deleted), each with its
 * rows in the history table. */
#ifndef KEHOACH_STORE_TARGET_H
#define KEHOACH_STORE_TARGET_H

#include <stdint.h>

#include "kehoach/error.h"
#include "kehoach/model.h"
#include "kehoach/store.h"

/* One measurement of a target. */
typedef struct {
    const char *value; /* its stable form (target_value_code): "80", "1200", "yes" */
    kh_date on;        /* the day it was measured */
    const char *doc;   /* its source, or NULL */
} kh_measurement;

/* Lay the last measurement not undone of each of the plan's targets over
 * it (t->state), the plan file's (t->base) where the database has none.
 * Return KH_E_OK or an error. */
kh_errcode store_target_load(kh_store *s, kh_plan *plan, kh_error *err);

/* Put in out[i], for each of the plan's targets, the measurement in effect
 * at the end of day asof: of the measurements not undone made on asof or
 * before (whenever they were recorded), the one of the latest day (of
 * those, the last recorded); the plan file's (t->base) when it is of a day
 * after all of those, or when there is none; else not measured. Strings
 * (doc, by) are copies: free them with store_target_asof_free. Return
 * KH_E_OK or an error. */
kh_errcode store_target_asof(kh_store *s, const kh_plan *plan, kh_date asof, kh_measured *out,
                             kh_error *err);

/* Free the strings store_target_asof put in out[0..n). */
void store_target_asof_free(kh_measured *out, size_t n);

/* Record measurement m of target target_id, by user at time now, in one
 * transaction: its row, and history rows (task_id: the target's id; fields
 * "measure", "measure-on", "measure-doc", old and new values) of one
 * change. base is the value before when the database has none (the plan
 * file's; NULL: none). Return KH_E_OK, or an error with nothing written. */
kh_errcode store_target_measure(kh_store *s, const char *plan_id, const char *target_id,
                                const kh_measurement *m, const kh_measurement *base,
                                const char *user, int64_t now, kh_error *err);

/* Undo measurement change `change` (kh_history.change) of target_id, made by
 * user, in one transaction: the measurement is marked withdrawn and history
 * rows marked as the undo of that change say what the value went back to.
 * Return KH_E_OK; KH_E_NOT_FOUND when user has no such change or it was
 * undone already; KH_E_CONFLICT when someone else has measured the target
 * since, with who and when in err; or another error, with nothing written. */
kh_errcode store_target_undo(kh_store *s, const char *plan_id, const char *target_id,
                             int64_t change, const kh_measurement *base, const char *user,
                             int64_t now, kh_error *err);

#endif
