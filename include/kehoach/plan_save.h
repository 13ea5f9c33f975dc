/* plan save: a plan with its current state written back as a plan file
 * (YAML, format version 1) that the loader reads into the same model and
 * state. Part of the plan-file module: with the loader, the only code that
 * uses libyaml. */
#ifndef KEHOACH_PLAN_SAVE_H
#define KEHOACH_PLAN_SAVE_H

#include <stddef.h>
#include <stdio.h>

#include "kehoach/error.h"
#include "kehoach/model.h"
#include "kehoach/store.h"

/* Write plan as a plan file to out: every key the model keeps, and for each
 * task whose state is not the untouched one a `state:` with its status,
 * progress, completion date, last change and notes. notes (any order, each
 * naming its task by id, as app_notes gives them) are written oldest first
 * under their task; notes of tasks the plan does not have are left out.
 * header, when not NULL, is written first as comment lines. A text a plan
 * may not hold (control or bidi characters, from a database) is written as
 * escapes of a double-quoted scalar. Return KH_E_OK, KH_E_INVALID for a
 * text that is not UTF-8 (err names the task), or KH_E_IO. */
kh_errcode plan_save(const kh_plan *plan, const kh_note *notes, size_t nnotes, const char *header,
                     FILE *out, kh_error *err);

/* What an export writes beside the plan: notes as for plan_save, the state
 * of tasks the plan no longer has, and the history. */
typedef struct {
    const kh_note *notes;
    size_t nnotes;
    const kh_orphan *orphans; /* written as `orphans:`, in this order */
    size_t norphans;
    const kh_history *history; /* written as `history:`, in this order */
    size_t nhistory;
    const kh_extension *extensions; /* each task's, in its `state:`; by task, oldest first */
    size_t nextensions;
    const kh_result *results; /* each task's, in its `state:`; oldest first */
    size_t nresults;
    const kh_amendment *amendments; /* each task's, in its `state:`; oldest first */
    size_t namendments;
} kh_save_data;

/* Write plan as plan_save does, then `orphans:` and `history:` from d, so
 * that the file holds everything the database held. Return as plan_save. */
kh_errcode plan_save_all(const kh_plan *plan, const kh_save_data *d, const char *header, FILE *out,
                         kh_error *err);

#endif
