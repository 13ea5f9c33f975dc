/* plan_conv: the YAML side of the plan loader. The loader's state, typed
 * access to YAML nodes (plan_yget.c) and the converters of each section
 * (plan_conv_*.c) that turn nodes into plan_build records. Internal to the
 * plan loader; libyaml itself stays behind plan_yaml.h. */
#ifndef KEHOACH_PLAN_CONV_H
#define KEHOACH_PLAN_CONV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plan_build.h"
#include "plan_yaml.h"

typedef struct {
    plan_build b; /* the records being filled */
    yreader *r;
    arena scratch; /* nodes of the item being converted */
    bool seen_version, seen_plan, seen_units, seen_period;
    bool stopped; /* a refused character was found: read no further, as the reader would not */
} loader;

#define L_TR(L, vi, en) TR((L)->b.lang, vi, en)

/* ---- reading and byte checks (plan_read.c) ---- */

/* Return true when buf holds nothing libyaml would report badly or not at
 * all (UTF-16, bad UTF-8, NUL, U+0085/U+2028/U+2029); else false (reported). */
bool plan_check_bytes(const char *buf, size_t len, kh_lang lang, kh_diags *diags);

/* ---- typed YAML access (plan_yget.c) ---- */

/* Add a located problem. */
void load_err(loader *L, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Return a copy of s in the plan's arena. */
char *load_keep(loader *L, const char *s);

/* Return true when no scalar of n holds a character a plan text may not
 * (ynode.refused), leaving out the value of the key data_key of n itself.
 * Report the first one found and stop the loader. */
bool yget_no_refused(loader *L, const ynode *n, const char *data_key);

/* Report key as a repeat of one first given on first_line. */
void yget_duplicate(loader *L, const ynode *key, int first_line);

/* Look up key among known[0..n); report unknown and duplicate keys. Return
 * the index, or -1 when the value is to be skipped. seen_line[i] is the
 * line a key was first seen on (0: not yet). */
int yget_key_index(loader *L, const ynode *key, const char *where, const char *const *known,
                   size_t n, int *seen_line);

/* Split a mapping node into values by known key (at most 16); vals[i] is
 * NULL for a key that is absent. Return false when node is not a mapping
 * (reported). */
bool yget_map(loader *L, const ynode *node, const char *where, const char *const *known, size_t n,
              const ynode **vals);

/* Report the required key missing in where (at line:col). */
void yget_missing(loader *L, int line, int col, const char *key, const char *where);

/* Return true when n is an empty plain scalar. */
bool yget_empty(const ynode *n);

/* Return the text of a scalar (copied into the plan), or NULL (reported). */
const char *yget_text(loader *L, const ynode *n, const char *key);

/* Parse a date (yyyy-mm-dd or dd/mm/yyyy) into *out. Return false (reported). */
bool yget_date(loader *L, const ynode *n, const char *key, kh_date *out);

/* Parse a point in time (UTC "yyyy-mm-ddTHH:MM:SSZ" or a date) into *out.
 * Return false (reported). */
bool yget_time(loader *L, const ynode *n, const char *key, int64_t *out);

/* Collect a scalar or a sequence of scalars. Return the count, or -1
 * (reported). */
long yget_list(loader *L, const ynode *n, const char *key, const ynode ***items);

/* Return a list of texts (in the plan's arena) with its count, or NULL. */
const char **yget_text_list(loader *L, const ynode *n, const char *key, size_t *count);

/* ---- converters: one section group per file ---- */

/* `plan:` (plan_conv_meta.c). */
void conv_plan(loader *L, const ynode *n);

/* `events:`: the days deadlines may count from (plan_conv_meta.c). */
void conv_events(loader *L, const ynode *n);

/* `aims:`: a list of texts, or grouped as the plan groups them ("1. Mục
 * đích" / "2. Yêu cầu": `- {heading, items}`) (plan_conv_meta.c). */
void conv_aims(loader *L, const ynode *n);

/* `sections:`: the plan's own headings (plan_conv_meta.c). */
void conv_sections(loader *L, const ynode *n);

/* `units:` (plan_conv_units.c). */
void conv_units(loader *L, const ynode *n);

/* Queue the unit ids of a list for resolution; fill *out with the slots.
 * Return the count (plan_conv_units.c). */
uint16_t conv_unit_list(loader *L, const ynode *n, const char *key, uint16_t **out);
/* Read one unit id (a scalar) under key, queued to be resolved. Return the
 * slot its index goes into, or NULL (reported) when n is not one id. */
uint16_t *conv_unit_one(loader *L, const ynode *n, const char *key);

/* Read a sequence of tasks one at a time, tasks of section section (duty
 * number duty, or -1) (plan_conv_tasks.c). */
void conv_stream_tasks(loader *L, const char *key, int section, long duty);

/* Return the state a mapping gives (in the plan's arena), or NULL
 * (reported) (plan_conv_tasks.c). */
const kh_base_state *conv_state(loader *L, const ynode *n);

/* `organization:`, streamed (plan_conv_org.c). */
void conv_organization(loader *L);

/* `rights:` (plan_conv_rights.c). */
void conv_rights(loader *L, const ynode *n);

/* `groups:` (plan_conv_groups.c). */
void conv_groups(loader *L, const ynode *n);

/* Return true when n (the value of `lead:`) is a mapping with the key
 * `each` (plan_conv_groups.c). */
bool conv_is_each(const ynode *n);

/* A task's `lead: {each: GROUP}` (n the value of `lead:`), for the build's
 * task number task. Return false when n is not a mapping (a list of units,
 * read as such); else true (problems reported). */
bool conv_each(loader *L, const ynode *n, size_t task);

/* `orphans:` and `history:` of an export (plan_conv_export.c). */
void conv_orphans(loader *L, const ynode *n);
void conv_history(loader *L, const ynode *n);

#endif
