/* report_int: what a report says, gathered once (report.c), then written as
 * Markdown, HTML or CSV (report_md.c, report_html.c, report_csv.c). Internal
 * to the report module. */
#ifndef KEHOACH_REPORT_INT_H
#define KEHOACH_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kehoach/report.h"

/* A note marked as a proposal, with the task it is on. */
typedef struct {
    uint32_t task;
    const kh_note *note;
    const char *body; /* the text after the mark */
} rpt_proposal;

typedef struct {
    const kh_app *app;
    const kh_plan *plan;
    kh_lang lang;
    kh_date from, to;           /* the period reported on */
    kh_date asof;               /* the day the figures hold for: today, or `to` when past */
    kh_date next_from, next_to; /* the deadlines looked ahead to */
    long unit;                  /* the filter's unit, or -1 */
    const kh_filter *filter;
    const report_opts *opts;

    kh_task *view;            /* every task as it stood at the end of asof (rpt_view_asof) */
    kh_measured *target_asof; /* each target's measurement in effect on asof (rpt_view_asof) */
    kh_timeliness *tl;        /* of view[i] on asof */
    bool *done_after;         /* done now, but not yet on asof */
    uint32_t *in;             /* the tasks of the period, plan order */
    size_t nin;
    uint32_t *issues; /* of those, overdue or blocked */
    size_t nissues;
    uint32_t *ahead; /* not done, due after asof up to next_to, by due day */
    size_t nahead;
    size_t ncontinuing; /* continuous tasks still running after asof */
    size_t nperiodic;   /* of the period's tasks, periods of a periodic report */
    size_t noverdue, nblocked, ndone_late;
    size_t cat[CAT_COUNT];
    size_t *unit_lead;             /* per unit: tasks of the period it leads */
    size_t (*unit_cat)[CAT_COUNT]; /* per unit, by category */
    int completion;                /* mean progress of the period's tasks, done = 100 */

    kh_note *notes; /* up to asof, newest first */
    size_t nnotes;
    const kh_note **by_task; /* notes grouped by task: by_task[note_first[i] ...] */
    size_t *note_first;
    rpt_proposal *proposals; /* in the period, oldest first */
    size_t nproposals;
    rpt_proposal *difficulties; /* notes of kind difficulty in the period, oldest first */
    size_t ndifficulties;

    kh_result *results; /* the result documents and files, oldest first */
    size_t nresults;
    const kh_result **results_by_task; /* grouped by task: [result_first[i] ...] */
    size_t *result_first;
    uint32_t *withdrawn; /* the period's tasks withdrawn (rpt_task_withdrawn), plan order */
    size_t nwithdrawn;
} rpt;

/* Gather the report on the tasks that pass filter (NULL: all) for the
 * period opts->from to opts->to into *r (rpt_free it, whatever the result). Return KH_E_OK,
 * KH_E_INVALID for a period that ends before it starts, or the store's
 * error. */
kh_errcode rpt_build(rpt *r, const kh_app *app, const kh_filter *filter, const report_opts *opts,
                     kh_error *err);

/* Free what rpt_build gathered. */
void rpt_free(rpt *r);

/* Set r->view to every task as it stood at the end of r->asof, rebuilt
 * from the history (the changes after that day taken back; the plan file's
 * state, or not started, when nothing is known of before), r->done_after,
 * and r->target_asof. Return KH_E_OK or the store's error. */
kh_errcode rpt_view_asof(rpt *r, kh_error *err);

/* Read every result recorded (the evidence of a completion, whenever it
 * was recorded) into r->results, grouped by task (report_results.c).
 * Return KH_E_OK or the store's error. */
kh_errcode rpt_gather_results(rpt *r, kh_error *err);

/* Return the results of task i (oldest first) in *v; return how many. */
size_t rpt_task_results(const rpt *r, size_t i, const kh_result *const **v);

/* Append the documents (files: the files' names) of task i's results,
 * joined by "; ", when its completion is shown. */
void rpt_result_list(strbuf *out, const rpt *r, size_t i, bool files);

/* Append what the confirming unit said of task i's completion as of
 * r->asof ("VP-TK đã xác nhận ngày 20/06/2023", "chờ VP-TK xác nhận"), or
 * nothing when its plan asks for no confirmation. */
void rpt_confirmation(strbuf *out, const rpt *r, size_t i);

/* Append " — dừng thực hiện theo <document>" for withdrawn task i. */
void rpt_withdrawn_by(strbuf *out, const rpt *r, size_t i);

/* Return true when task i is withdrawn (dừng thực hiện): reported apart,
 * in no count. The one rule: an amendment's withdrawal today. */
bool rpt_task_withdrawn(const rpt *r, size_t i);

/* Return the notes of task i (newest first) in *v; return how many. */
size_t rpt_task_notes(const rpt *r, size_t i, const kh_note *const **v);

/* Return true when the plan runs more than a year (more than 366 days). */
bool rpt_plan_multi_year(const kh_plan *plan);

/* Return true when unit u is shown: every unit, or the filter's. */
bool rpt_unit_shown(const rpt *r, size_t u);

/* Append s in upper case (Vietnamese letters included). */
void rpt_upper(strbuf *out, const char *s);

/* Append the short names of the task's lead units ("VP-TK, TP-HT"). */
void rpt_lead_names(strbuf *out, const rpt *r, const kh_task *t);

/* Append the place-and-date line: "Phường Trương Quang Trọng, ngày 05
 * tháng 01 năm 2024" (report_place_name, then the day of the report). */
void rpt_date_line(strbuf *out, const rpt *r);

/* Return true when the issuer is a people's committee (UBND ...). */
bool rpt_issuer_is_committee(const rpt *r);

/* Set lines[0..] to the issuing body's name in capitals: "ỦY BAN NHÂN
 * DÂN" and "PHƯỜNG …" for a people's committee, else the issuer on one
 * line. Return how many lines. */
size_t rpt_body_lines(const rpt *r, strbuf lines[2]);

/* Append the number line: "Số: 12/BC-UBND", or with the number left blank
 * (NULL or ""): "Số:" and no-break spaces before "/BC-UBND". A number with
 * a '/' is taken whole. */
/* Append the plan's own identity when the plan file gives it: " (số N ngày
 * D, ban hành kèm theo Quyết định số M ngày E)". */
void rpt_identity(strbuf *out, const rpt *r);

void rpt_number_line(strbuf *out, const rpt *r, const char *number);

/* Set lines[0..] to the signature block's titles: "TM. ỦY BAN NHÂN DÂN"
 * for a people's committee, "KT. CHỦ TỊCH" for a deputy, then the
 * signer's role in capitals. Return how many lines. */
size_t rpt_sign_lines(const rpt *r, strbuf lines[3]);

/* Append a recipient's line: "- " and the text, ended by ';' or, for the
 * last, '.' (in place of its own). */
void rpt_recipient_line(strbuf *out, const char *to, bool last);

/* Append the period line: "Kỳ báo cáo: từ ngày ... đến ngày ...". */
void rpt_period_line(strbuf *out, const rpt *r);

/* Append the "as of" line, with the unit and the filter when there is one. */
void rpt_scope_line(strbuf *out, const rpt *r);

/* Append the task's status as on asof, with its timeliness when it needs
 * attention and the progress of work under way. */
void rpt_status(strbuf *out, const rpt *r, size_t i);

/* Return the day task i was done: by asof, or (done_after) since;
 * KH_NO_DATE when it is not done. */
kh_date rpt_completed_day(const rpt *r, size_t i);

/* Append "tác giả, dd/mm/yyyy HH:MM" for a note. */
void rpt_note_by(strbuf *out, const rpt *r, const kh_note *n);

/* Append a problem's deadline, days overdue on asof and status: "hạn
 * 28/02/2023, quá hạn 107 ngày; Chưa thực hiện". */
void rpt_issue(strbuf *out, const rpt *r, size_t i);

/* Append s on one line with anything unsafe made visible (text_sanitize). */
void rpt_clean(strbuf *out, const char *s);

/* Append the sentence that opens the results: how many tasks, the
 * completion. */
void rpt_summary_sentence(strbuf *out, const rpt *r);

/* Append the sentence that opens the problems: how many overdue, blocked,
 * done late; or that there are none. */
void rpt_issues_sentence(strbuf *out, const rpt *r);

/* Append the sentence that opens the deadlines ahead. */
void rpt_ahead_sentence(strbuf *out, const rpt *r);

/* Return the short heading of a category for a table column. */
const char *rpt_category_short(const rpt *r, kh_category c);

/* The report's section headings (I to IV) and the parts of section I. */
const char *rpt_heading(const rpt *r, int n);

/* Words, in the report's language (literals, so formats are checked). */
#define RW(r, vi, en) TR((r)->lang, vi, en)

/* ---- the document, as the writers receive it (report.c builds it once) ----
 *
 * report.c walks the report's parts once and hands each to a sink: a
 * heading, a paragraph, a list of items, a table (whose cells may hold a
 * chart), and the page parts of an official document (the heading block,
 * the number line, the place-and-date line, the document type and summary
 * at the top; the recipients and the signature block at the bottom). Each
 * format is a sink of its own (report_md.c, report_html.c, report_csv.c,
 * report_docx.c). Text reaches a sink as it is in the plan and the notes:
 * each sink makes it safe for its format. A new section is more calls; a
 * new column is one more rpt_col. */

/* How a run of text is set. Formats without a way to show one set it plain. */
typedef enum {
    RS_PLAIN,
    RS_BOLD,
    RS_ITALIC,
    RS_MUTED,   /* who wrote a note and when: smaller, grey */
    RS_OVERDUE, /* a task overdue: red */
    RS_BLOCKED, /* a task blocked: purple */
    RS_DAY,     /* a date kept on one line */
    RS_BREAK,   /* a line break (its text "\n"): in a cell, the next line */
} rpt_style;

/* Text in runs of one style each. */
typedef struct {
    strbuf buf; /* the runs' text, each ended by a NUL */
    struct rpt_run {
        uint8_t style;
        size_t at; /* offset in buf */
    } * runs;
    size_t n, cap;
} rpt_text;

#define RPT_TEXT_INIT                                                                              \
    {                                                                                              \
        STRBUF_INIT, NULL, 0, 0                                                                    \
    }

/* Append a run of style st (nothing when s is empty). */
void rt_add(rpt_text *t, rpt_style st, const char *s);
/* Append a line break (an RS_BREAK run), unless t is empty. */
void rt_break(rpt_text *t);
/* Append sb's text as a run of style st, and empty sb. */
void rt_add_sb(rpt_text *t, rpt_style st, strbuf *sb);
/* Append a formatted run of style st. */
void rt_printf(rpt_text *t, rpt_style st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Return run k's text; its style in *st. */
const char *rt_run(const rpt_text *t, size_t k, rpt_style *st);
/* Append every run's text, unstyled, to out; a line break as "; ". */
void rt_flat(const rpt_text *t, strbuf *out);
/* Forget the runs, keeping the memory. */
void rt_reset(rpt_text *t);
/* Free the runs. */
void rt_done(rpt_text *t);

/* What a column holds, and so how it is aligned and set. */
typedef enum {
    RC_TEXT,
    RC_NUM,    /* a count or a row number: right-aligned */
    RC_ID,     /* a task id: small, may break after a '/' */
    RC_DATE,   /* a date or a deadline: as narrow as a date */
    RC_STATUS, /* a status: coloured by the row's mark */
    RC_CHART,  /* a bar of the row's four categories: only where a format draws */
} rpt_col_kind;

/* Which writers show a column: the screen document's (md, html), the
 * paper's (docx, where an A4 page has room for fewer columns) or the
 * data's (csv). */
enum { RV_DOC = 1, RV_DATA = 2, RV_PAPER = 4 };

typedef struct {
    const char *head;
    uint8_t kind;  /* rpt_col_kind */
    uint8_t views; /* RV_DOC | RV_DATA */
    uint8_t width; /* percent of the row in html; 0: a date's width, or what is left */
    uint8_t mm;    /* width on A4 paper (docx) in mm; 0: what is left */
} rpt_col;

typedef enum { RT_UNITS, RT_TASKS, RT_TARGETS, RT_WARDS } rpt_table_id;

typedef struct {
    rpt_table_id id;
    const char *name; /* "units", "tasks" */
    const rpt_col *cols;
    size_t ncols;
    size_t nrows;      /* how many rows will come */
    const char *empty; /* said instead of a table without rows, or NULL */
} rpt_table;

typedef struct {
    rpt_text *cells;     /* one per column */
    bool total;          /* the total row: bold */
    uint8_t mark;        /* RS_OVERDUE, RS_BLOCKED or RS_PLAIN: for RC_STATUS cells */
    const size_t *chart; /* the row's counts by category, for RC_CHART */
    const char *chart_label;
} rpt_row;

/* The page parts of an official document, in the report's language, laid
 * out by Nghị định 30/2020/NĐ-CP, Phụ lục I (see docs/report-format.md). */
typedef struct {
    const char *lang;    /* "vi", "en" */
    const char *title;   /* the document's title for a browser or a file */
    const char *parent;  /* the parent body in capitals (regular), or NULL */
    const char *body[2]; /* the issuing body in capitals (bold), on nbody lines */
    size_t nbody;
    const char *number;     /* "Số:      /BC-UBND", under the body */
    const char *nation;     /* "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" */
    const char *motto;      /* "Độc lập - Tự do - Hạnh phúc" */
    const char *place_date; /* "Phường Trương Quang Trọng, ngày 05 tháng 01 năm 2024" */
    const char *type;       /* "BÁO CÁO" */
    const char *summary;    /* the summary line */
    const char *period;     /* the period line */
    const char *scope;      /* the as-of line */
    const char *to_label;   /* "Nơi nhận:" */
    const char **to;        /* "- Cơ quan TC-NV;" ... "- Lưu: VT." */
    size_t nto;
    const char *sign[3]; /* "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH" */
    size_t nsign;
    const char *signer_name; /* or NULL */
    const char *footer;      /* "Lập bằng kehoach ..." */
    const char *generator;   /* "kehoach 1.2.3" */
    kh_date date;            /* the document's date */
} rpt_page;

typedef struct rpt_sink rpt_sink;

/* A format. Any operation may be NULL: that part is left out. */
typedef struct {
    void (*begin)(rpt_sink *s, const rpt_page *p);
    void (*head)(rpt_sink *s, const rpt_page *p);              /* the parts above the body */
    void (*heading)(rpt_sink *s, int level, const char *text); /* 2: I-IV, 3: 1-3 */
    void (*paragraph)(rpt_sink *s, const rpt_text *t);
    void (*list_begin)(rpt_sink *s, const char *name);
    void (*item)(rpt_sink *s, int depth, const rpt_text *t); /* depth 0 or 1 */
    void (*list_end)(rpt_sink *s);
    void (*table_begin)(rpt_sink *s, const rpt_table *t);
    void (*row)(rpt_sink *s, const rpt_table *t, const rpt_row *r);
    void (*table_end)(rpt_sink *s, const rpt_table *t);
    void (*closing)(rpt_sink *s, const rpt_page *p); /* the parts below the body */
    /* Finish: return KH_E_OK or an error (the stream's are the caller's). */
    kh_errcode (*end)(rpt_sink *s, const rpt_page *p, kh_error *err);
} rpt_sink_ops;

struct rpt_sink {
    const rpt_sink_ops *ops;
    FILE *out;
    kh_lang lang;
    unsigned views; /* RV_DOC, RV_DATA or RV_PAPER */
    bool bom;       /* CSV: a byte order mark first */
    void *state;    /* the sink's own, from begin to end */
};

/* The sinks. */
extern const rpt_sink_ops rpt_md_ops, rpt_html_ops, rpt_csv_ops, rpt_docx_ops;

/* Return true when column c is shown by sink s. */
static inline bool rpt_col_shown(const rpt_sink *s, const rpt_col *c)
{
    return (c->views & s->views) != 0;
}

/* Append task i's deadline to cell: as the plan words it in short, and,
 * when full, the document an amendment changed it by on a line of its own
 * (where the original deadline and the extensions of issue 12 will go). */
void rpt_deadline_cell(rpt_text *cell, const rpt *r, size_t i, bool full);

/* Append task i's completion to cell: the day (marked when it came after
 * the as-of day) and, when full, its result documents and files and the
 * confirming unit's word, a line each. */
void rpt_completion_cell(rpt_text *cell, const rpt *r, size_t i, bool full);

/* Hand the plan's targets to sink s as one table (report_targets.c): the
 * target, the value to reach by the horizon in effect on r->asof, the value
 * measured, the gap. Returns nothing. */
void rpt_targets_table(rpt_sink *s, const rpt *r);

/* Hand section V, the wards of a province's report (opts->wards), to sink
 * s: the ranking, then each ward's figures and overdue tasks
 * (report_wards.c). Nothing without wards. Returns nothing. */
void rpt_wards_section(rpt_sink *s, const rpt *r);

/* Return the short heading of a category (for html's charts). */
const char *rpt_category_short_lang(kh_lang lang, kh_category c);

#endif
