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

    kh_task *view;     /* every task as it stood at the end of asof (rpt_view_asof) */
    kh_timeliness *tl; /* of view[i] on asof */
    bool *done_after;  /* done now, but not yet on asof */
    uint32_t *in;      /* the tasks of the period, plan order */
    size_t nin;
    uint32_t *issues; /* of those, overdue or blocked */
    size_t nissues;
    uint32_t *ahead; /* not done, due after asof up to next_to, by due day */
    size_t nahead;
    size_t ncontinuing; /* continuous tasks still running after asof */
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
} rpt;

/* Set r->view to every task as it stood at the end of r->asof, rebuilt
 * from the history (the changes after that day taken back; the plan file's
 * state, or not started, when nothing is known of before), and
 * r->done_after. Return KH_E_OK or the store's error. */
kh_errcode rpt_view_asof(rpt *r, kh_error *err);

/* Return the notes of task i (newest first) in *v; return how many. */
size_t rpt_task_notes(const rpt *r, size_t i, const kh_note *const **v);

/* Return true when unit u is shown: every unit, or the filter's. */
bool rpt_unit_shown(const rpt *r, size_t u);

/* Append s in upper case (Vietnamese letters included). */
void rpt_upper(strbuf *out, const char *s);

/* Append the short names of the task's lead units ("VP-TK, TP-HT"). */
void rpt_lead_names(strbuf *out, const rpt *r, const kh_task *t);

/* Append "Quảng Ngãi, ngày 15 tháng 6 năm 2023" (the place's last part). */
void rpt_date_line(strbuf *out, const rpt *r);

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

/* Append the completion date cell: dd/mm/yyyy, with a remark when it falls
 * after asof; "" when not done. */
void rpt_completed(strbuf *out, const rpt *r, size_t i);

/* Append "tác giả, dd/mm/yyyy HH:MM" for a note. */
void rpt_note_by(strbuf *out, const rpt *r, const kh_note *n);

/* Append a problem's deadline, days overdue on asof and status: "hạn
 * 28/02/2023, quá hạn 107 ngày; Chưa thực hiện". */
void rpt_issue(strbuf *out, const rpt *r, size_t i);

/* Append s on one line with anything unsafe made visible (text_sanitize). */
void rpt_clean(strbuf *out, const char *s);

/* Append the task's title for a row: the period first for a periodic task. */
void rpt_title(strbuf *out, const rpt *r, size_t i);

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

/* The writers; the caller checks the stream for errors. */
void rpt_write_md(const rpt *r, FILE *out);
void rpt_write_html(const rpt *r, FILE *out);
void rpt_write_csv(const rpt *r, FILE *out, bool bom);

#endif
