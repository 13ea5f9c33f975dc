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
 * header, when not NULL, is written first as comment lines. Return KH_E_OK,
 * KH_E_INVALID when a note or name holds a character a plan file may not
 * (err names the task), or KH_E_IO. */
kh_errcode plan_save(const kh_plan *plan, const kh_note *notes, size_t nnotes, const char *header,
                     FILE *out, kh_error *err);

#endif
