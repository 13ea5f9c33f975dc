/* plan loader: a plan file (YAML, format version 1) into the model, with
 * every problem reported as path:line:col: message. */
#ifndef KEHOACH_PLAN_LOAD_H
#define KEHOACH_PLAN_LOAD_H

#include <stddef.h>

#include "kehoach/error.h"
#include "kehoach/model.h"

/* Limits that keep a hostile or broken file from costing much. */
enum {
    PLAN_MAX_BYTES = 64 * 1024 * 1024, /* a 100,000-task plan is about 40 MiB */
    PLAN_MAX_DEPTH = 16,               /* the format nests at most 8 deep */
    PLAN_MAX_SCALAR = 64 * 1024,       /* one value */
    PLAN_MAX_EVENTS = 16 * 1024 * 1024,
    PLAN_MAX_TASKS = 1000 * 1000,
    PLAN_MAX_ERRORS = 50,
    PLAN_MAX_YEARS = 30, /* the plan period */
};

/* One problem found in a plan file; line and col count from 1 (0: none). */
typedef struct {
    int line;
    int col;
    char *msg;
} kh_diag;

typedef struct {
    kh_diag *v;
    size_t n, cap;
} kh_diags;

/* Load the plan file at path. Return KH_E_OK with *out set, or an error code
 * with the problems in diags (messages in lang); nothing else is touched. */
kh_errcode plan_load(const char *path, kh_lang lang, kh_plan **out, kh_diags *diags);

/* Read the plan file at path whole (a regular file, at most PLAN_MAX_BYTES),
 * into a heap buffer *buf_out of *len_out bytes. Return KH_E_OK, or an error
 * with the problem in diags. */
kh_errcode plan_read_file(const char *path, kh_lang lang, char **buf_out, size_t *len_out,
                          kh_diags *diags);

/* Load a plan from the len bytes at buf, as if read from a file named path.
 * Return as plan_load. */
kh_errcode plan_load_buffer(const char *path, const char *buf, size_t len, kh_lang lang,
                            kh_plan **out, kh_diags *diags);

/* As plan_load_buffer, also putting in warnings (when not NULL) what a
 * valid plan may hold but should not: a deadline outside the period, a unit
 * that leads and supports one task, a unit that leads nothing, a task with
 * no lead. Warnings never make the load fail. */
kh_errcode plan_load_buffer_warn(const char *path, const char *buf, size_t len, kh_lang lang,
                                 kh_plan **out, kh_diags *diags, kh_diags *warnings);

/* As plan_load, with warnings as plan_load_buffer_warn. */
kh_errcode plan_load_warn(const char *path, kh_lang lang, kh_plan **out, kh_diags *diags,
                          kh_diags *warnings);

/* Add a problem at line:col to diags. */
void diags_add(kh_diags *d, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Free the messages in diags and empty it. */
void diags_free(kh_diags *d);

#endif
