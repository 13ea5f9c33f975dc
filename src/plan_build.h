/* plan_build: the records a plan reader produces (units, tasks, duties,
 * rights, each carrying where it was written) and the step that resolves
 * and expands them into the model. No YAML here: the YAML loader fills the
 * records today, a document importer can fill them next, and unit tests can
 * fill them by hand. Internal to the plan loader. */
#ifndef KEHOACH_PLAN_BUILD_H
#define KEHOACH_PLAN_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/model.h"
#include "kehoach/plan_load.h"

/* A unit as written, and where its id was written. */
typedef struct {
    kh_unit unit;
    int line, col;
} pb_unit;

/* A task as written (before periodic tasks are expanded), and where its id
 * was written. */
typedef struct {
    kh_task task;
    int line, col;
    uint16_t *confirm_slot; /* `confirm_by:` of the task, resolved into it; NULL: none */
    const char *each;       /* `lead: {each: GROUP}`: the group's id, or NULL */
    int each_line, each_col;
    uint32_t each_group; /* 1 + the index of that group in the build, once resolved */
} pb_task;

/* A member of a group (`groups:`): a body a task may be assigned to each of,
 * made a unit of the plan unless `units:` has its id already. */
typedef struct {
    kh_unit unit;
    int line, col;
    uint16_t index; /* its unit, once resolved */
} pb_member;

/* A group of bodies (`groups: {wards: [...]}`): members[first .. first+n)
 * of the build's members. */
typedef struct {
    const char *id;
    size_t first, n;
    int line, col;
} pb_group;

/* A duty of section III; its unit's index is resolved into *unit_slot. */
typedef struct {
    kh_duty duty;
    uint16_t *unit_slot;
} pb_duty;

/* An entry of `rights:`; a unit's index is resolved into *unit_slot (NULL
 * for `all:`); line:col is where the entry names its unit. */
typedef struct {
    kh_right right;
    uint16_t *unit_slot;
    int line, col;
} pb_right;

/* A reference to a unit by id, resolved into *slot once every unit is known. */
typedef struct {
    uint16_t *slot; /* where the unit index goes */
    const char *id; /* in the plan arena */
    int line, col;
} pb_unit_ref;

/* Section III naming a section II item (task id) that duty carries out. */
typedef struct {
    size_t duty;
    const char *id;
    int line, col;
} pb_item_ref;

/* A task that takes its duty's unit as lead. */
typedef struct {
    uint16_t *slot;
    size_t duty;
} pb_default_lead;

/* A periodic task (tasks[task]) and its states by period:
 * tagged[first_state .. first_state+nstates). */
typedef struct {
    size_t task;
    unsigned every_mask;
    int day;
    size_t first_state, nstates;
} pb_periodic;

/* The state of one period of a periodic task (`state: {2023-01: {...}}`),
 * matched to an occurrence once they are made. */
typedef struct {
    const char *tag; /* "2023-01", "2023-Q1", "2023-H1", "2023-9M", "2023" */
    const kh_base_state *base;
    int line, col;
    bool used;
} pb_tagged_state;

/* An event of `events:` (an election day) deadlines may count from. */
typedef struct {
    const char *id, *name;
    kh_date date;
    int line, col;
} pb_event;

/* A task's deadline counted from an event: days (< 0: before) from it. */
typedef struct {
    size_t task;
    const char *event;
    int days;
    int line, col;
} pb_event_ref;

/* Everything a reader gives the build step. Strings live in plan->mem. */
typedef struct {
    kh_lang lang;
    kh_diags *diags;
    kh_plan *plan; /* meta (id, title, period...) filled by the reader */

    pb_task *tasks;
    size_t ntasks, captasks;
    pb_unit *units;
    size_t nunits, capunits;
    pb_duty *duties;
    size_t nduties, capduties;
    kh_document *docs;
    size_t ndocs, capdocs;
    pb_unit_ref *urefs;
    size_t nurefs, capurefs;
    pb_item_ref *irefs;
    size_t nirefs, capirefs;
    pb_default_lead *dleads;
    size_t ndleads, capdleads;
    pb_periodic *periodics;
    size_t nperiodics, capperiodics;
    pb_tagged_state *tagged;
    size_t ntagged, captagged;
    /* The states of the occurrences of tasks assigned to each member of a
     * group, by the occurrence's id ("II.2@tqt", "II.3/2025-Q3@tqt") in tag. */
    pb_tagged_state *each_states;
    size_t neach_states, capeach_states;
    pb_right *rights;
    size_t nrights, caprights;
    pb_event *events;
    size_t nevents, capevents;
    pb_event_ref *erefs;
    size_t nerefs, caperefs;
    /* Set by the reader when a section could not be read whole: references
     * into it are then not resolved (they would only repeat the problem). */
    bool units_unsure, tasks_unsure;
    int no_period_line, no_period_col; /* where `plan:` is when it states no period; 0: it does */
    kh_diags *warnings;                /* where warnings go, or NULL for none */
    uint16_t *confirm_by;              /* the plan's `confirm_by:`, resolved into it; NULL: none */
    pb_group *groups;                  /* `groups:` (plan_build_groups.c) */
    size_t ngroups, capgroups;
    pb_member *members;
    size_t nmembers, capmembers;
    size_t capmember_files; /* room in plan->member_files */
    size_t *expanded;       /* after expanding: the first task each record became (ntasks + 1) */
} plan_build;

#define B_TR(B, vi, en) TR((B)->lang, vi, en)

/* Start an empty build of plan (owned by the caller), reporting to diags. */
void plan_build_init(plan_build *B, kh_plan *plan, kh_lang lang, kh_diags *diags);

/* Free the build's records (not the plan). */
void plan_build_done(plan_build *B);

/* Add a located problem (nothing past PLAN_MAX_ERRORS). */
void plan_build_err(plan_build *B, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Return a copy of s in the plan's arena. */
char *plan_build_keep(plan_build *B, const char *s);

/* Return true when s is a valid id: a unit's (lower-case ASCII, digits, '-')
 * or a task's or plan's (also upper case, '.', '_'); at most 64 bytes. */
bool plan_build_id_ok(const char *s, bool unit);

/* Return the word of known[0..n) nearest to s, or NULL when none is near. */
const char *plan_build_nearest(const char *s, const char *const *known, size_t n);

/* Add a unit written at line:col. Return false (reported) when there are
 * too many. */
bool plan_build_add_unit(plan_build *B, kh_unit u, int line, int col);

/* Add a task written at line:col (its lead, support and state as given).
 * Return its index among the build's tasks. */
size_t plan_build_add_task(plan_build *B, kh_task t, int line, int col);

/* Queue the unit id written at line:col to be resolved into *slot. */
void plan_build_unit_ref(plan_build *B, uint16_t *slot, const char *id, int line, int col);

/* Queue a section II item (task id) named by duty number duty. */
void plan_build_item_ref(plan_build *B, size_t duty, const char *id, int line, int col);

/* Add a duty of unit unit_id (written at line:col) whose tasks are the
 * build's tasks from first_task on: those that name no lead take the duty's
 * unit. Return the duty's number. */
size_t plan_build_add_duty(plan_build *B, const char *heading, const char *unit_id, int line,
                           int col, size_t first_task);

/* Add an entry of `rights:` (unit_slot NULL for `all:`), written at line:col. */
void plan_build_add_right(plan_build *B, kh_right r, uint16_t *unit_slot, int line, int col);

/* Add an event of `events:` written at line:col. */
void plan_build_add_event(plan_build *B, pb_event e);

/* Count task number task's deadline days (< 0: before) from the event id
 * (written at line:col), once every event is known. */
void plan_build_event_ref(plan_build *B, size_t task, const char *id, int days, int line, int col);

/* ---- groups (plan_build_groups.c) ---- */

/* Add a group whose members are members[first ..) up to the last added,
 * written at line:col. */
void plan_build_add_group(plan_build *B, const char *id, size_t first, int line, int col);

/* Add a member (to the group added next) written at line:col. */
void plan_build_add_member(plan_build *B, kh_unit u, int line, int col);

/* Make every member a unit unless one of `units:` has its id, and check
 * the groups' ids; before the units are resolved. Returns nothing. */
void plan_groups_units(plan_build *B);

/* Resolve each task's `each:` to its group (reported when there is none).
 * Returns nothing. */
void plan_groups_resolve(plan_build *B);

/* Mark in leads[] (one per unit) the members of groups a task is assigned
 * to each of. Returns nothing. */
void plan_groups_mark_leads(const plan_build *B, bool *leads);

/* After expanding: put after every task assigned to each member of a group
 * one occurrence per member ("II.3@tqt", led by it), a sub-item of that
 * task, which tracks their sum. Returns nothing (problems to diags). */
void plan_groups_expand(plan_build *B);

/* Resolve references, expand periodic tasks and index: the plan then holds
 * its units, duties, documents, rights and tasks. Problems go to diags; the
 * plan is only usable when none was added. */
void plan_build_finish(plan_build *B);

#endif
