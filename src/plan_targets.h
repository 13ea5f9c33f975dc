/* plan_targets: the `targets:` section of a plan file (internal to the plan
 * loader): its converter (plan_conv_targets.c) and the resolve step the
 * build (plan_build.c) calls, which needs no YAML. */
#ifndef KEHOACH_PLAN_TARGETS_H
#define KEHOACH_PLAN_TARGETS_H

#include "kehoach/plan_load.h"

typedef struct ynode ynode; /* plan_yaml.h */

/* Read `targets:` (the node n) into plan->targets, in the plan's arena;
 * every problem goes to diags as line:col: message, in lang. Returns
 * nothing; the leads are names until plan_targets_resolve. */
void plan_targets_convert(kh_plan *plan, const ynode *n, kh_lang lang, kh_diags *diags);

/* Once the plan's units and tasks are in place: give each target its lead
 * unit's index, and refuse a lead that is no unit and an id that another
 * target or a task has. Returns nothing; problems go to diags. */
void plan_targets_resolve(kh_plan *plan, kh_lang lang, kh_diags *diags);

#endif
