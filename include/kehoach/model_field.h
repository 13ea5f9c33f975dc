/* model_field: the fields of a task's record, as one typed list. Each field
 * has one code (the word history rows, JSON, CSV and plan files use), one
 * name per language (for the screens), and one rule to read and write its
 * value as history keeps it (text: "done", "40", "2023-06-15", NULL). */
#ifndef KEHOACH_MODEL_FIELD_H
#define KEHOACH_MODEL_FIELD_H

#include <stdbool.h>

#include "kehoach/model.h"
#include "kehoach/util.h"

/* What a history row records. KF_UNKNOWN (0) is a word this version does
 * not know: kept and shown, never applied. */
typedef enum {
    KF_UNKNOWN = 0,
    KF_STATUS,         /* kh_status code */
    KF_PROGRESS,       /* 0-100 */
    KF_COMPLETED,      /* the completion date, yyyy-mm-dd */
    KF_NOTE,           /* a note added: its text */
    KF_NOTE_WITHDRAWN, /* a note taken back: its text */
    KF_CONFIRMED,      /* its completion confirmed ("confirmed"; an undo: NULL) */
    KF_REJECTED,       /* its completion rejected: the reason (an undo: NULL) */
    KF_OFFICER,        /* the officer in charge: a name, NULL for nobody */
    /* A target's measurement (src/store_target.c): the row's task is a
     * target's id. Not task state: an undo of a task never applies them. */
    KF_MEASURE,     /* the value measured, as target_value_code writes it */
    KF_MEASURE_ON,  /* the day it was measured, yyyy-mm-dd */
    KF_MEASURE_DOC, /* its source */
    /* Issue 12: a result recorded ("document; file (sha256 ...)"), an
     * amendment recorded ("change deadline=... (document)"), and each taken
     * back (the same words, as the old value). */
    KF_RESULT,
    KF_RESULT_WITHDRAWN,
    KF_AMEND,
    KF_AMEND_WITHDRAWN,
    /* Schema 8: a deadline extended ("2023-06-15; document[; reason]", the
     * old value the deadline it replaced), one taken back, and the document
     * that withdrew a task (with its status row). */
    KF_EXTEND,
    KF_EXTEND_WITHDRAWN,
    KF_WITHDRAW_DOC,
    KF_COUNT
} kh_field;

/* The values of a task's state fields, as a change or an undo sees them. */
typedef struct {
    kh_status status;
    int progress;
    kh_date completed; /* KH_NO_DATE: none */
} kh_record;

enum { KH_FIELD_BUF = 16 }; /* room for any state field's value as text */

/* Return the field a history word names, or KF_UNKNOWN. */
kh_field model_field_parse(const char *code);

/* Return the field's code ("status", "note-withdrawn"); "" for KF_UNKNOWN. */
const char *model_field_code(kh_field f);

/* Return the field's name in lang ("trạng thái"), or NULL for KF_UNKNOWN. */
const char *model_field_name(kh_field f, kh_lang lang);

/* Return true when f is a field of the task's state (an undo restores it,
 * the as-of view takes it back), false for notes and unknown words. */
bool model_field_is_state(kh_field f);

/* Return state field f of r as history words it (in buf when it must be
 * made), or NULL for none. */
const char *model_field_get(const kh_record *r, kh_field f, char buf[KH_FIELD_BUF]);

/* Set state field f of r to the history value v (NULL: none; for status and
 * progress, not started and 0). Return false, r unchanged, when v is not a
 * value of f or f is not a state field. */
bool model_field_apply(kh_record *r, kh_field f, const char *v);

/* Append a value of field f in words: statuses by name, progress in
 * percent, dates as dd/mm/yyyy, "—" for none; other text as it is. */
void model_field_words(strbuf *out, kh_field f, const char *v, kh_lang lang);

/* Return the record fields of task t. */
kh_record model_record_of(const kh_task *t);

/* Set the record fields of task t from r. */
void model_record_put(kh_task *t, const kh_record *r);

#endif
