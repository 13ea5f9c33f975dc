/* model: the plan (units, tasks, deadlines) and the state laid over it;
 * timeliness and counts as pure functions of (task, today). */
#ifndef KEHOACH_MODEL_H
#define KEHOACH_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/target.h"
#include "kehoach/util.h"

/* Stored status of a task. ST_WITHDRAWN (dừng thực hiện, issue 12) leaves the
 * four categories and the completion percentage (model_task_withdrawn). */
typedef enum { ST_TODO, ST_DOING, ST_BLOCKED, ST_DONE, ST_WITHDRAWN, ST_COUNT } kh_status;

/* Timeliness, derived from deadline, status, completion date and today. */
typedef enum {
    TL_UPCOMING,
    TL_DUE_SOON,
    TL_OVERDUE,
    TL_DONE_ON_TIME,
    TL_DONE_LATE,
    TL_ONGOING,
    TL_COUNT
} kh_timeliness;

/* The four categories of official reports on assigned tasks. */
typedef enum {
    CAT_DONE_ON_TIME, /* Đã hoàn thành đúng hạn */
    CAT_DONE_LATE,    /* Đã hoàn thành quá hạn */
    CAT_OPEN_IN_TIME, /* Chưa hoàn thành trong hạn */
    CAT_OPEN_OVERDUE, /* Chưa hoàn thành quá hạn */
    CAT_COUNT
} kh_category;

typedef enum {
    DL_DATE,       /* a day: "trước ngày 01/6/2023" */
    DL_CONTINUOUS, /* "thường xuyên": ongoing until the end of the plan period */
    DL_PERIOD_END, /* by the end of the plan period */
    DL_PERIODIC,   /* one occurrence of a periodic duty */
    DL_NONE        /* "không xác định": no deadline; never a date, sorts last */
} kh_deadline_kind;

typedef enum {
    EVERY_MONTH,
    EVERY_QUARTER,
    EVERY_HALF_YEAR,   /* "6 tháng": January to June */
    EVERY_NINE_MONTHS, /* "9 tháng": January to September */
    EVERY_YEAR,
    EVERY_COUNT
} kh_every;

/* The parts a progress bar is split into; each task is in exactly one:
 * done, else overdue, else blocked, else in progress, else not started. */
typedef enum { PART_DONE, PART_OVERDUE, PART_BLOCKED, PART_DOING, PART_TODO, PART_COUNT } kh_part;

enum { KH_DUE_SOON_DAYS = 7 };

/* What amendments changed in a task (kh_task.amended). */
enum {
    KH_AMENDED_ADDED = 1,    /* not in the plan as issued: added by an amendment */
    KH_AMENDED_TEXT = 2,     /* its content */
    KH_AMENDED_LEAD = 4,     /* its lead units */
    KH_AMENDED_DEADLINE = 8, /* its deadline */
    KH_AMENDED_WITHDRAWN = 16
};

typedef struct {
    const char *id;   /* ASCII, e.g. "vp-tk" */
    const char *name; /* full name, corrected */
    const char *short_name;
    const char *fold; /* name and short name folded for search */
} kh_unit;

/* A group of bodies (`groups: {wards: [...]}`) a task may be assigned to
 * each member of: its members are units of the plan. */
typedef struct {
    const char *id;
    const uint16_t *members; /* unit indexes, in the group's order */
    size_t nmembers;
} kh_group;

typedef struct {
    const char *number; /* "52/KH-UBND" */
    kh_date date;       /* KH_NO_DATE when unknown */
    const char *issuer;
    const char *title;
    const char *plan; /* `plan:` the id of the plan this document is (in a workspace), or NULL */
} kh_document;

/* An event of `events:` (election day) that deadlines count days from. */
typedef struct {
    const char *id;   /* "bau-cu" */
    const char *name; /* as the plan words it: "ngày bầu cử" */
    kh_date date;
} kh_event;

/* A group of aims as the plan groups them: "1. Mục đích" holding
 * plan->aims[first .. first+n). */
typedef struct {
    const char *heading; /* verbatim */
    uint32_t first, n;
} kh_aim_group;

/* Section III: what one unit is charged with. */
typedef struct {
    uint16_t unit;
    const char *heading; /* verbatim, slips included */
    uint32_t *items;     /* section II tasks this unit implements */
    uint32_t nitems;
    uint32_t first_task; /* its tasks: tasks[first_task .. first_task+ntasks) */
    uint32_t ntasks;
} kh_duty;

/* A note written in the plan file (a task's `state: notes:`). */
typedef struct {
    const char *text;
    const char *author;
    int64_t at;   /* Unix time */
    kh_date on;   /* `on:` the day it took effect (written with --today), or KH_NO_DATE */
    uint8_t kind; /* `kind:` kh_note_kind (difficulty, proposal); NOTE_PLAIN when not given */
} kh_base_note;

/* A result an export carries (`state: results:`): the record, not the file,
 * which stays in the attachments folder of the database it came from. */
typedef struct {
    const char *doc;    /* or NULL */
    const char *file;   /* the file's name, or NULL */
    const char *sha256; /* or NULL */
    int64_t size;
    const char *by;
    int64_t at; /* Unix time */
} kh_base_result;

/* An amendment an export carries (`state: amendments:`); the task as the
 * file writes it is already the amended one. */
typedef struct {
    uint8_t kind;     /* kh_amend_kind (store.h): 0 add, 1 change, 2 withdraw */
    const char *text; /* or NULL */
    const char *lead; /* the lead units' ids, comma-separated, or NULL */
    kh_date deadline; /* or KH_NO_DATE */
    const char *doc;
    const char *by;
    int64_t at; /* Unix time */
} kh_base_amendment;

/* A deadline extension an export carries (`state: extensions:`). */
typedef struct {
    kh_date to;         /* the new deadline */
    const char *doc;    /* the document that granted it */
    const char *reason; /* or NULL */
    const char *by;
    int64_t at; /* Unix time */
} kh_base_extension;

/* A task's state as the plan file gives it (`state:`): the baseline, which a
 * database row for the task, when there is one, overrides. */
typedef struct {
    uint8_t status;   /* kh_status */
    uint8_t progress; /* 0-100 */
    kh_date completed;
    int64_t updated_at;        /* 0 when not given */
    const char *updated_by;    /* NULL when not given */
    const kh_base_note *notes; /* oldest first */
    uint32_t nnotes;
    /* The rest of the record an export carries, so that it loads back to
     * the same thing (see docs/plan-format.md, `state:`). */
    const kh_base_extension *extensions; /* oldest first */
    uint32_t nextensions;
    const kh_base_result *results; /* oldest first */
    uint32_t nresults;
    const char *withdrawn_doc;           /* `withdrawn_doc:` with status withdrawn, or NULL */
    uint8_t verdict;                     /* kh_verdict: `confirmed:` or `rejected:` */
    const char *verdict_by;              /* who gave it, or NULL */
    int64_t verdict_at;                  /* Unix time, 0 for none */
    const char *verdict_reason;          /* a rejection's reason, or NULL */
    const kh_base_amendment *amendments; /* oldest first */
    uint32_t namendments;
    /* From the amendments, as the loader reads them: */
    const char *amended_by; /* the document of the last one, or NULL */
    uint8_t amended;        /* KH_AMENDED_* bits of what they changed */
    kh_date due;            /* an occurrence's amended deadline (the last one's), or KH_NO_DATE */
} kh_base_state;

/* The state of a task the plan no longer has, as an export carries it
 * (`orphans:`), so that nothing the database held is lost in the file. */
typedef struct {
    const char *id; /* the task id the database knew it by */
    const kh_base_state *base;
    int line, col; /* where the plan file gives it (0 when it comes from a database) */
} kh_orphan;

/* A row of history an export carries (`history:`): kept, and written again
 * by the next export; the database's own history is separate. */
typedef struct {
    const char *task;
    const char *field;                 /* status, progress, completed, note, note-withdrawn */
    const char *old_value, *new_value; /* NULL for none */
    const char *user;
    int64_t at;        /* Unix time */
    int64_t change;    /* the change it belonged to, in the database it came from */
    int64_t undo_of;   /* the change an undo reverted, or 0 */
    kh_date effective; /* the day its change took effect (`effective:`), or KH_NO_DATE */
} kh_base_history;

typedef struct {
    const char *id;            /* "II.1"; occurrences "III.1.3/2023-01" */
    const char *title;         /* short, for lists */
    const char *text;          /* full content, verbatim, NFC */
    const char *deadline_text; /* the deadline as the plan words it, or NULL */
    const char *fold;          /* id, title and text folded for search */
    const char **cites;        /* documents the content cites */
    uint16_t *lead;            /* unit indexes */
    uint16_t *support;
    uint16_t ncites, nlead, nsupport;
    uint8_t section; /* 2 or 3 */
    uint8_t dl_kind; /* kh_deadline_kind */
    uint8_t every;   /* kh_every, for DL_PERIODIC */
    uint8_t occ;     /* period number within occ_year: month 1-12, quarter 1-4, else 1 */
    int16_t occ_year;
    int32_t duty;        /* index in plan->duties, or -1 */
    kh_date due;         /* the deadline; for continuous work, the end of the period;
                            KH_NO_DATE for DL_NONE */
    uint32_t sub_of;     /* a sub-item: 1 + the index of its task; 0 for none */
    uint32_t nsub;       /* a task with sub-items: how many follow it (all levels); its state
                            is their sum (model_rollup) */
    int32_t window_days; /* a window ({from, to}, due on its last day): days from its first
                            day to due; 0 for none */
    const char *output;  /* the expected result (`output:`, "Báo cáo 6 tháng"), or NULL */
    uint16_t event;      /* a deadline counted from an event: 1 + its index in plan->events;
                            0 for none */
    int16_t event_days;  /* then the days from it (< 0: before) */
    bool dl_text_made;   /* deadline_text was made by the loader (the event's words), not
                            written in the plan */

    /* Amendments recorded in the database (app_amend.c), laid over the plan. */
    const char *amended_by; /* the document of the last amendment of this task, or NULL */
    uint8_t amended;        /* KH_AMENDED_* bits: what amendments changed */
    bool withdrawn;         /* withdrawn by an amendment (amended_by names the document);
                               see model_task_withdrawn for both ways */

    /* Deadline extensions (gia hạn, issue 12), laid over from the store: due
     * is then the last extension's day and due_original the plan's. */
    uint16_t nextensions;         /* 0: never extended (due_original unused) */
    kh_date due_original;         /* the plan's deadline (as amended) */
    const char *extension_doc;    /* the last extension's document (interned) */
    const char *extension_reason; /* and its reason, or NULL */
    const char *withdrawn_doc;    /* `set withdrawn --doc`: the deciding document, or NULL */

    /* State, laid over from the store. */
    uint8_t status;   /* kh_status */
    uint8_t progress; /* 0-100 */
    kh_date completed;
    int64_t updated_at;        /* Unix time, 0 when never changed */
    const char *updated_by;    /* interned in the plan; NULL when never changed */
    int64_t version;           /* bumped by every change; 0 when never changed */
    uint32_t nnotes;           /* the plan file's notes and the database's */
    const kh_base_state *base; /* the plan file's state for the task, or NULL */

    /* Confirmed completion and the officer in charge (issue 12). */
    uint16_t confirmer; /* 1 + the unit that confirms its completion (`confirm_by:`); 0: none */
    const char *plan_officer;   /* `officer:` in the plan, or NULL */
    const char *officer;        /* in charge now: the last `assign` (store), else plan_officer */
    uint8_t verdict;            /* kh_verdict on its last completion (store) */
    const char *verdict_by;     /* who gave it (interned), or NULL */
    int64_t verdict_at;         /* Unix time, 0 for none */
    const char *verdict_reason; /* a rejection's reason (interned), or NULL */
} kh_task;

/* What the confirming unit said of a task's last completion. */
typedef enum { VERDICT_NONE, VERDICT_CONFIRMED, VERDICT_REJECTED } kh_verdict;

/* What a note is: a plain note, a difficulty (khó khăn, vướng mắc) or a
 * proposal (đề xuất, kiến nghị). */
typedef enum { NOTE_PLAIN, NOTE_DIFFICULTY, NOTE_PROPOSAL, NOTE_KIND_COUNT } kh_note_kind;

/* A Unix user or group the plan names in `rights:`. */
typedef struct {
    const char *name;
    int line, col; /* where the plan file names it, for messages */
} kh_account;

/* One entry of `rights:`: who may change which tasks. */
typedef struct {
    bool all;      /* every task (`all:`: the office and the chairman) */
    uint16_t unit; /* else the tasks this unit leads or supports */
    const kh_account *users;
    const kh_account *groups;
    uint32_t nusers, ngroups;
} kh_right;

/* How a plan's periodic reports cut their data: by the calendar, or by
 * Nghị định 09/2019/NĐ-CP, Article 12 (15th of the month before to 14th). */
enum { KH_REPORTING_CALENDAR, KH_REPORTING_ND09 };

typedef struct {
    arena mem;
    char *path;    /* the file it came from */
    void *mapping; /* the plan cache file this plan was read from, or NULL */
    size_t mapping_size;
    const char *id;
    const char *number; /* the plan's own number ("15/KH-UBND"), or NULL */
    kh_date date;       /* the day it was issued, or KH_NO_DATE */
    const char *title;
    const char *issuer;
    const char *place;
    const char *preamble;
    const char *closing;
    const char *database; /* a database path beside the plan, or NULL */
    kh_date from, to;
    uint8_t reporting; /* `reporting:`: KH_REPORTING_CALENDAR or KH_REPORTING_ND09 */
    kh_document *documents;
    size_t ndocuments;
    const char *signer_role;
    const char *signer_name;
    const char *place_name;    /* the date line's place: `place_name:`, else the issuer's own
                                  ward or commune ("Trương Quang Trọng"), else place */
    const char *issued_kind;   /* `issued_with:` the act it is issued with ("Quyết định"), */
    const char *issued_number; /* its number ("119/QĐ-UBND") and day, or NULL/KH_NO_DATE */
    kh_date issued_date;
    const char **recipients;
    size_t nrecipients;
    const char **aims; /* every aim, in plan order (grouped or not) */
    size_t naims;
    const kh_aim_group *aim_groups; /* `aims:` grouped ("1. Mục đích"), in order; none when
                                       the plan lists its aims without groups */
    size_t naim_groups;
    const char *org_intro;
    /* `sections:`: the plan's own headings of its aims, contents and
     * organization ("IV. NHIỆM VỤ VÀ GIẢI PHÁP", "Phụ lục"), by section
     * number (1, 2, 3; [0] unused); NULL: the format's I, II, III. */
    const char *section_label[4];
    kh_unit *units;
    size_t nunits;
    kh_duty *duties;
    size_t nduties;
    kh_task *tasks;
    size_t ntasks;
    const kh_right *rights; /* `rights:`; with none (nrights 0) anyone may change any task */
    size_t nrights;
    const kh_orphan *orphans; /* `orphans:` of an export, by id; none in a plan as issued */
    size_t norphans;
    const kh_base_history *history; /* `history:` of an export, oldest first */
    size_t nhistory;
    bool base_record;       /* a task's `state:` carries more than status and notes (an export's
                               extensions, verdict, amendments…): not kept in the plan cache */
    const kh_event *events; /* `events:`, in plan order */
    size_t nevents;
    kh_target *targets; /* `targets:` (chỉ tiêu), in plan order; in the arena */
    size_t ntargets;
    /* The files `groups:` read members from ({file: wards.yaml}), as
     * opened (the plan's folder joined), in plan order; heap array, arena
     * strings. Counted in the plan's hash (snapshot, receive). */
    const char **member_files;
    size_t nmember_files;
    const kh_group *groups; /* `groups:`, in plan order (in the arena) */
    size_t ngroups;
    size_t nunits_own; /* units[0 .. nunits_own) are `units:`'s, the rest the groups' members */
    /* The plan file's content as the plan cache hashed it (XXH3-128, length),
     * when it did (the running user's plan, caches on): the state cache's key. */
    unsigned char content_hash[16];
    uint64_t content_len;
    bool content_hashed;
    uint32_t *by_id;    /* task indexes sorted by id */
    const char **users; /* interned names of people who changed tasks */
    size_t nusers, capusers;
} kh_plan;

typedef struct {
    size_t total;
    size_t status[ST_COUNT];
    size_t category[CAT_COUNT];
    size_t timeliness[TL_COUNT];
    size_t part[PART_COUNT];
    uint64_t progress_sum;
    size_t proposed;  /* done, waiting for confirmation (also in status[ST_DONE]) */
    size_t withdrawn; /* withdrawn (either way): in no other count, not in total */
} kh_counts;

typedef struct {
    size_t lead;    /* tasks the unit leads */
    size_t support; /* tasks it supports */
    size_t done;    /* of those it leads */
    size_t overdue; /* of those it leads */
    size_t status[ST_COUNT];
    size_t timeliness[TL_COUNT];
    size_t part[PART_COUNT];
} kh_unit_counts;

/* What a change did to the progress of a task it took out of done. */
typedef enum {
    REOPEN_NO,      /* not a reopening, or a progress was given */
    REOPEN_KEPT,    /* back to the progress it had before it was done */
    REOPEN_UNKNOWN, /* none known (done in the plan file, or before history): 100% */
} kh_reopen;

/* A task's recorded state, as a change sees it. */
typedef struct {
    kh_status status;
    int progress;
    kh_date completed;
    kh_reopen reopen; /* set by model_next_progress */
} kh_progress;

/* Return the state after a change (status or progress -1: keep) made on day
 * today. Done means 100% and a completion date (kept when it was done
 * already); leaving done clears the date and, unless a progress is given,
 * gives the task back the progress it had before it was done (before_done,
 * from its history; -1 or 0: none recorded, then 100%), saying which in
 * .reopen; not
 * started means 0%; progress above 0 on a task not started starts it, and
 * below 100 on a done task reopens it. */
kh_progress model_next_progress(kh_progress old, int status, int progress, int before_done,
                                kh_date today);

/* Return the timeliness of task t on day today (TL_ONGOING for a withdrawn
 * one: it can no longer be overdue). */
kh_timeliness model_timeliness(const kh_task *t, kh_date today);

/* Return the bar part task t is in on day today. */
kh_part model_part(const kh_task *t, kh_date today);

/* Return true when task t is done but its completion waits for the
 * confirming unit: proposed as done ("Đề nghị hoàn thành"). */
bool model_task_proposed(const kh_task *t);

/* Return true when task t counts as done: done, and confirmed when its plan
 * asks for confirmation. */
bool model_task_done(const kh_task *t);

/* Return true when task t is withdrawn (dừng thực hiện): by its status
 * (`set withdrawn --doc`) or by an amendment (`amend withdraw`). */
bool model_task_withdrawn(const kh_task *t);

/* Return the document that withdrew task t (the amendment's or the one
 * given to set), or NULL. */
const char *model_task_withdrawn_doc(const kh_task *t);

/* Return true when task t's deadline was extended (gia hạn). */
bool model_task_extended(const kh_task *t);

/* Return the name of task t's status: "Đề nghị hoàn thành" for a proposed
 * one, else model_status_name. */
const char *model_task_status_name(const kh_task *t, kh_lang lang);

/* Return the stable code of a note kind ("", "difficulty", "proposal"). */
const char *model_note_kind_code(kh_note_kind k);
/* Return the name of a note kind ("Khó khăn, vướng mắc", ...). */
const char *model_note_kind_name(kh_note_kind k, kh_lang lang);
/* Return the note kind for a code or a name in either language (case and
 * diacritics ignored: "kho khan", "kien nghi"), or -1. */
int model_note_kind_parse(const char *s);
/* Return the kind a note written without one is read as: its text starting
 * with a mark ("Khó khăn:", "Vướng mắc:"; "Kiến nghị:", "Đề xuất:", "KN:",
 * "Proposal:", case and diacritics ignored), else NOTE_PLAIN; *body, when
 * not NULL, is set past the mark (to text when there is none). */
kh_note_kind model_note_kind_of_text(const char *text, const char **body);

/* Return the official category for a timeliness. */
kh_category model_category(kh_timeliness tl);

/* Fill *all and, when per_unit is not NULL, per_unit[0..nunits) with counts
 * for day today. A task assigned to each member of a group is in none: its
 * occurrences are (model_task_summary). */
void model_count(const kh_plan *plan, kh_date today, kh_counts *all, kh_unit_counts *per_unit);

/* Return the overall completion in percent (mean progress, done = 100). */
int model_completion(const kh_counts *c);

/* Return the index of the task with this id, or -1. */
long model_find_task(const kh_plan *plan, const char *id);
/* As model_find_task, for ids that mostly come in ascending order (rows
 * read by task id): the search starts at *pos, which is then moved past the
 * task found. Start with *pos = 0. */
long model_find_task_from(const kh_plan *plan, const char *id, size_t *pos);

/* Return the index of the target with this id, or -1 (src/target.c). */
long model_find_target(const kh_plan *plan, const char *id);

/* ---- tasks assigned to each member of a group (src/model_group.c) ---- */

/* How the members of a group are doing with a task assigned to each. */
typedef struct {
    size_t total;        /* members */
    size_t done;         /* counted as done (model_task_done) */
    size_t done_on_time; /* of those, done by the deadline */
    size_t overdue;      /* not done, past the deadline */
} kh_member_counts;

/* Return the member a task is the occurrence of ("tqt" for "II.3@tqt"),
 * or NULL for any other task. */
const char *model_task_member(const kh_task *t);

/* Return true when task number i is assigned to each member of a group:
 * its sub-items are the members' occurrences. */
bool model_task_each(const kh_plan *plan, size_t i);

/* Return true when task t is assigned to each member of a group (the task
 * right after it, its first sub-item, is a member's occurrence): a summary of
 * its occurrences, which alone are counted as tasks. Counts, the four
 * categories, overdue lists and report figures leave it out; lists may show
 * it as a heading. t must be an element of its plan's tasks[]. */
bool model_task_summary(const kh_task *t);

/* Fill *out with how the members are doing with task number i on day
 * today (all zero when it is not assigned to each member of a group). */
void model_member_counts(const kh_plan *plan, size_t i, kh_date today, kh_member_counts *out);

/* Append what a list shows as the status of task number i, assigned to each
 * member of a group: how many members have done it ("1/3 đơn vị
 * xong"); it has no status of its own to count. */
void model_member_summary(strbuf *out, const kh_plan *plan, size_t i, kh_date today, kh_lang lang);

/* In a plan that assigns tasks to member (it has an occurrence TASK@member),
 * drop every other member's occurrences: a ward's workspace tracks only its
 * own. The tasks that stay keep their order; sub-items, duties and the id
 * index follow. Return how many were dropped (0: the plan assigns nothing
 * to member, and is left as it is). */
size_t model_keep_member(kh_plan *plan, const char *member);

/* Return the index of the unit with this id, or -1. */
long model_find_unit(const kh_plan *plan, const char *id);

/* Return the index of the unit named by s: its id (in any case), its short
 * name or its name (ignoring case and diacritics), or -1. */
long model_find_unit_loose(const kh_plan *plan, const char *s);

/* Give every task with sub-items the sum of their states: progress their
 * mean, done when all are (completed on the last day one was), blocked when
 * one is, in progress when one has started, else not started. */
void model_rollup(kh_plan *plan);

/* Put in out (at least 32 bytes) the code of section (1-3) as the plan
 * numbers it: the Roman numeral its label starts with ("IV"), the label
 * itself up to a colon when it has none ("Phụ lục: DANH MỤC" gives "Phụ lục"; cut at 31
 * bytes on a character), else
 * the format's "I", "II", "III". Return out. */
const char *model_section_code(const kh_plan *plan, int section, char *out);

/* Return the heading of section (1-3) as the plan writes it, or the
 * format's in lang ("II. NỘI DUNG THỰC HIỆN"). */
const char *model_section_heading(const kh_plan *plan, int section, kh_lang lang);

/* Return true when unit u leads or supports task t. */
bool model_task_has_unit(const kh_task *t, size_t u);

/* Build the id index; call once all tasks are in place. Return the id of a
 * duplicate task, or NULL when ids are unique. */
const char *model_index(kh_plan *plan);

/* Return the interned copy of a user name, owned by the plan. */
const char *model_intern_user(kh_plan *plan, const char *name);

/* Set task t's state to the plan file's baseline (t->base), or to not
 * started when the plan gives none; the version goes back to 0. */
void model_task_reset_state(kh_task *t);

/* Lay the deadline extensions of task t's plan state (an export's) over its
 * deadline, as the store lays its own after them; t must have none laid. */
void model_task_base_extend(kh_task *t);

/* Lay what task t's plan state says of its amendments (an export's
 * `amendments:`: the document, what they changed, an occurrence's
 * deadline) over the task, once after loading. */
void model_task_base_amend(kh_task *t);

/* Free a plan and everything in it; NULL is a no-op. */
void model_free(kh_plan *plan);

/* Names. Codes are the stable ASCII words used in files and options. */
const char *model_status_code(kh_status s);
const char *model_status_name(kh_status s, kh_lang lang);
/* Return the status for a code or a name in either language, ignoring case
 * and diacritics ("dang thuc hien"), or -1. */
int model_status_parse(const char *s);
const char *model_timeliness_code(kh_timeliness tl);
const char *model_timeliness_name(kh_timeliness tl, kh_lang lang);
const char *model_category_code(kh_category c);
const char *model_category_name(kh_category c, kh_lang lang);
const char *model_every_code(kh_every e);
const char *model_every_name(kh_every e, kh_lang lang);
/* Return the kh_every for its code, or -1. */
int model_every_parse(const char *s);

/* Append the task's title, with the occurrence ("tháng 01/2023") for a
 * periodic one. */
void model_task_title(strbuf *out, const kh_task *t, kh_lang lang);

/* Append the title for a list row, where it may be cut: the occurrence
 * first ("tháng 01/2023 – Báo cáo ..."), so the cut keeps what tells rows
 * apart. */
void model_task_row_title(strbuf *out, const kh_task *t, kh_lang lang);

/* Append the deadline in short form: "dd/mm/yyyy", or the word for
 * continuous work. */
void model_deadline_short(strbuf *out, const kh_task *t, kh_lang lang);

/* Append the deadline as the plan words it, or a description when it does
 * not word it; an extended one as "hạn gốc 01/06/2023, gia hạn đến
 * 15/06/2023 theo DOC". */
void model_deadline_long(strbuf *out, const kh_task *t, kh_lang lang);

/* Append the status with the timeliness when it needs attention, the
 * timeliness first so a cut cell keeps it: "Quá hạn · Chưa thực hiện". */
void model_status_label(strbuf *out, const kh_task *t, kh_date today, kh_lang lang);

/* Compute the occurrences of a periodic duty: for each period of kind every
 * whose end falls within [from, to], call add(ctx, year, number, due), where
 * due is the period's last day, or day `day` (1-31, clamped) of its last month
 * when day > 0. Return the number of occurrences. */
size_t model_occurrences(kh_every every, int day, kh_date from, kh_date to,
                         void (*add)(void *ctx, int year, int number, kh_date due), void *ctx);

#endif
