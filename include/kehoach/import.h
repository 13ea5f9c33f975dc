/* import: a plan read from its document, as a careful reader would. The
 * analysis works on the neutral document (doc.h) and fills an import draft:
 * the plan's identity, units, tasks and duties, each with where in the
 * document it came from and whether it is a reading the officer must
 * check. No zip, XML or YAML here: plan_draft.h writes the draft as a plan
 * file. Nothing here prints. */
#ifndef KEHOACH_IMPORT_H
#define KEHOACH_IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/date.h"
#include "kehoach/doc.h"
#include "kehoach/error.h"
#include "kehoach/util.h"

/* A ward's plan names a few dozen units; past this a document is broken or
 * hostile, and later names are put with the first unit (an open point). */
enum { IMP_MAX_UNITS = 1000 };

/* A plan counts its deadlines from an event or two (election day); the
 * document is searched for the day of at most this many. */
enum { IMP_MAX_EVENTS = 16 };

/* How a value was found. */
typedef enum {
    IMP_NONE,   /* nothing found: the value is absent */
    IMP_SOURCE, /* the document says it */
    IMP_RULE,   /* read by a fixed rule (a heading's number, the title's year) */
    IMP_GUESS,  /* a reading the officer must check: listed for review */
    IMP_OPEN,   /* not found where it is needed: an open point, listed for review */
    IMP_FUTURE, /* what only the next plan format can hold: kept here, written as
                   a comment, listed for review */
} imp_conf;

/* Where a value came from and how sure the reading is. */
typedef struct {
    imp_conf conf;
    doc_pos at;       /* in the document (at.line 0: nowhere in particular) */
    doc_pos to;       /* the last paragraph it spans, when more than one */
    const char *note; /* how it was read, for the comment above it, or NULL */
} imp_why;

typedef struct {
    const char *id;         /* made from the name: ASCII, stable ("tp-ht") */
    const char *name;       /* the full name, slips corrected where a known name fits */
    const char *short_name; /* "TP-HT", or NULL */
    const char *as_written; /* the name as the document writes it */
    imp_why why;
} imp_unit;

typedef enum {
    IMP_DL_NONE,       /* no deadline read */
    IMP_DL_DATE,       /* a day: "trước ngày 01/6/2023", "quý II/2024" (its last day) */
    IMP_DL_CONTINUOUS, /* "thường xuyên", ongoing work */
    IMP_DL_PERIOD_END, /* within the plan period, no day given */
    IMP_DL_PERIODIC,   /* "định kỳ hàng tháng, quý ..." */
    IMP_DL_WINDOW,     /* "từ tháng 3 đến tháng 5/2024" (next format: {from, to}) */
    IMP_DL_EVENT,      /* "105 ngày trước ngày bầu cử" (next format: events) */
} imp_dl_kind;

typedef struct {
    imp_dl_kind kind;
    kh_date date;      /* DATE, WINDOW (its end), EVENT (unknown: KH_NO_DATE) */
    kh_date from;      /* WINDOW */
    unsigned every;    /* PERIODIC: bit (1 << kh_every) for each kind */
    int days;          /* EVENT: days before (< 0) or after the event */
    const char *event; /* EVENT: the event's words ("ngày bầu cử") */
    int32_t event_at;  /* EVENT: index in draft->events of its day, or -1 unknown */
    const char *words; /* the deadline as the document words it, or NULL */
    imp_why why;
} imp_deadline;

typedef struct {
    const char *id;     /* "II.1", "III.2.3", "II.3.a" */
    const char *text;   /* verbatim (NFC), paragraphs joined with "\n" */
    const char *parent; /* a sub-item's item id, or NULL (next format: roll-up) */
    bool group;         /* has sub-items (written in its `items`: the sum of them) */
    bool inherit;       /* a sub-item whose document gives no deadline: its task's */
    int section;        /* 2: contents, 3: a duty's task */
    int32_t duty;       /* section 3: index in draft->duties */
    uint16_t *lead;     /* unit indexes */
    uint16_t *support;
    size_t nlead, nsupport;
    imp_why lead_why, support_why;
    const char **cites; /* documents the text names */
    size_t ncites;
    const char *product; /* a task table's "Sản phẩm" cell (`output`), or NULL */
    imp_deadline deadline;
    imp_why why; /* the text's place */
} imp_task;

typedef struct {
    uint16_t unit;
    const char *heading; /* verbatim */
    const char **items;  /* the task ids it refers to ("khoản 1, 2 và 6, phần II") */
    size_t nitems;
    imp_why why, items_why;
} imp_duty;

typedef struct {
    const char *kind;   /* "Kế hoạch", "Quyết định" */
    const char *number; /* "52/KH-UBND" */
    kh_date date;       /* KH_NO_DATE when not given */
    const char *issuer; /* "UBND thành phố Quảng Ngãi" */
    const char *title;  /* "về thực hiện ..." */
    imp_why why;
    const char *plan_id;   /* the workspace's plan it names (import_link), or NULL */
    const char *plan_file; /* that plan's file */
} imp_ref;

/* A day deadlines count from ("Ngày bầu cử: 15/3/2026"): `events`. */
typedef struct {
    const char *id;   /* from the words: "bau-cu" */
    const char *name; /* the words as written: "ngày bầu cử" */
    kh_date date;
    imp_why why;
} imp_event;

/* A measurable target (chỉ tiêu): `targets`. */
typedef enum { IMP_MEASURE_PERCENT, IMP_MEASURE_COUNT, IMP_MEASURE_YESNO } imp_measure;

enum { IMP_MAX_GOALS = 4 };

typedef struct {
    const char *id;   /* "CT1" */
    const char *text; /* verbatim */
    imp_measure measure;
    int years[IMP_MAX_GOALS];
    const char *values[IMP_MAX_GOALS]; /* "80", "yes" */
    size_t ngoals;
    imp_why why;
} imp_target;

/* A point for review that belongs to no single value. */
typedef struct {
    imp_conf conf;
    doc_pos at;
    const char *msg;
    const char *anchor; /* a task or unit id it is about, or NULL (the plan) */
} imp_point;

typedef struct {
    const char *text;
    const char *group; /* next format: "1. Mục đích", or NULL */
    imp_why why;
} imp_aim;

/* The import draft: the analysis' result. Everything lives in mem. */
typedef struct {
    arena mem;
    const char *source; /* the document's file name, for comments */
    const char *id;
    imp_why id_why;
    const char *title;
    imp_why title_why;
    const char *issuer;
    imp_why issuer_why;
    const char *number; /* "15/KH-UBND", NULL when blank or absent */
    imp_why number_why;
    kh_date date;
    imp_why date_why;
    const char *place;
    imp_why place_why;
    const char *place_name; /* next format: the date line's place ("Trương Quang Trọng") */
    kh_date from, to;
    imp_why period_why;
    const char *preamble;
    imp_why preamble_why;
    imp_ref *basis; /* căn cứ: the documents the opening names */
    size_t nbasis;
    imp_ref issued_with; /* next format: "ban hành kèm theo Quyết định ..." (number NULL: none) */
    const char *signer_role, *signer_name;
    imp_why signer_why;
    const char **recipients;
    size_t nrecipients;
    imp_why recipients_why;
    const char *closing;
    imp_why closing_why;
    imp_aim *aims;
    size_t naims;
    const char *org_intro;
    imp_why org_intro_why;
    imp_unit *units;
    size_t nunits;
    imp_duty *duties;
    size_t nduties;
    imp_task *tasks;
    size_t ntasks;
    imp_point *points;
    size_t npoints;
    imp_event *events;
    size_t nevents;
    imp_target *targets;
    size_t ntargets;
    /* The sections' headings as written (aims, contents, organization), for
     * `sections` when one is not the format's own I, II, III; NULL: none. */
    const char *sections[3];
    bool sections_own; /* one of them differs from I, II, III */
    /* growth room, the analysis' own */
    size_t cap_basis, cap_recipients, cap_aims, cap_units, cap_duties, cap_tasks, cap_points,
        cap_events, cap_targets;
} imp_draft;

typedef struct {
    const char *id;     /* --id, or NULL: made from the title */
    const char *source; /* the file name to name in comments */
    kh_lang lang;       /* of the notes and points */
} imp_options;

/* Read the plan in doc into a new draft *out. Return KH_E_OK (the draft may
 * still hold open points), or KH_E_DOC when the document holds no task at
 * all (err says what was looked for). */
kh_errcode import_analyse(kh_doc *doc, const imp_options *opt, imp_draft **out, kh_error *err);

/* A plan of the workspace the draft goes into, as a basis document may
 * name it. */
typedef struct {
    const char *id, *file;
    const char *number; /* "52/KH-UBND", or NULL: nothing names it */
    const char *issuer;
    kh_date date;
} imp_known_plan;

/* Tie each basis document of the draft to the known plan it names: the same
 * number, and the same day and issuer where both give them. The document's
 * day and issuer become the plan's own, and plan_id, plan_file name it.
 * Return how many documents were tied. */
size_t import_link(imp_draft *d, const imp_known_plan *plans, size_t n);

/* Free a draft; NULL is a no-op. */
void import_free(imp_draft *d);

/* Return the number of points for review the draft holds: guesses, open
 * points and next-format values. */
size_t import_review_count(const imp_draft *d);

#endif
