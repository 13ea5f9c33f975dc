/* plan draft: an import draft (import.h) written as a plan file in the
 * project's format, with a comment above each value saying where in the
 * document it came from, and the points for review located in the draft.
 * Written by hand, not by libyaml's emitter, which cannot write comments:
 * every value goes through one careful quoting function. Part of the
 * plan-file module (src/plan_*.c). */
#ifndef KEHOACH_PLAN_DRAFT_H
#define KEHOACH_PLAN_DRAFT_H

#include <stddef.h>

#include "kehoach/doc.h"
#include "kehoach/import.h"
#include "kehoach/util.h"

/* A point for review, at a line of the draft. */
typedef struct {
    int line;      /* from 1 */
    imp_conf conf; /* IMP_GUESS, IMP_OPEN or IMP_FUTURE */
    char *msg;     /* owned */
} plan_draft_point;

typedef struct {
    plan_draft_point *v;
    size_t n, cap;
} plan_draft_points;

/* Append s to out as a YAML double-quoted scalar: \ " and control
 * characters escaped, line breaks as \n; when width > 0, long text is
 * wrapped at single spaces onto lines indented by indent spaces (YAML folds
 * each such break back into the one space), and after each \n the line is
 * broken with an escaped line break, which folds into nothing. Loading the
 * result gives back s exactly. */
void plan_yaml_quote(strbuf *out, const char *s, int indent, int width);

/* Write draft d (read from doc) as a plan file to out, with the comments
 * in lang; every point for review (a guess, an open point, what only the
 * next format holds) is added to points with the line of out it is about.
 * Deterministic: the same draft gives the same bytes. */
void plan_draft_write(const imp_draft *d, const kh_doc *doc, kh_lang lang, strbuf *out,
                      plan_draft_points *points);

/* Add a point at line. */
void plan_draft_point_add(plan_draft_points *p, int line, imp_conf conf, const char *msg);

/* Free the points' messages and empty the list. */
void plan_draft_points_free(plan_draft_points *p);

#endif
