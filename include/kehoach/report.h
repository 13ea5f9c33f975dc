/* report: the implementation report of a plan for a period (báo cáo kết
 * quả thực hiện kế hoạch), in Markdown, HTML or CSV. No curses, no SQL: the
 * notes come through app_notes. */
#ifndef KEHOACH_REPORT_H
#define KEHOACH_REPORT_H

#include <stdio.h>

#include "kehoach/app.h"
#include "kehoach/date.h"
#include "kehoach/error.h"

typedef enum {
    REPORT_MD,      /* Markdown, for pasting into a document */
    REPORT_HTML,    /* one self-contained page, for a browser and A4 paper */
    REPORT_CSV,     /* the table of tasks, RFC 4180, UTF-8 */
    REPORT_CSV_BOM, /* the same with a byte order mark, for Excel */
    REPORT_FORMAT_COUNT
} report_format;

/* Return the format named md (markdown), html or csv, or -1. */
int report_format_parse(const char *name);

/* Return the file name extension of a format, without the dot. */
const char *report_format_ext(report_format fmt);

/* Set *from and *to to a usual reporting period of the plan year: "6m"
 * (January to June), "9m" (January to September) or "year", of the year of
 * today when the plan runs in it, else of the plan's first year, and kept
 * within the plan period. Return KH_E_OK, or KH_E_INVALID for another name. */
kh_errcode report_period(const kh_plan *plan, kh_date today, const char *name, kh_date *from,
                         kh_date *to);

/* Set *from and *to to the usual period the report due next after today
 * covers: 6 months until the end of June, then 9 months until the end of
 * September, then the year. */
void report_current_period(const kh_plan *plan, kh_date today, kh_date *from, kh_date *to);

/* Write the report on the tasks that pass filter (NULL: all) for the period
 * from-to, as of today (app->today, or `to` when the period is over), to
 * out. Return KH_E_OK, or an error (KH_E_INVALID for a period that ends
 * before it starts, KH_E_IO, or the store's). */
kh_errcode report_fwrite(const kh_app *app, const kh_filter *filter, kh_date from, kh_date to,
                         report_format fmt, FILE *out, kh_error *err);

/* Write the report as report_fwrite does, to the file at path, replacing it
 * at once (a temporary file renamed) so a reader never sees half a report.
 * Return KH_E_OK or an error (KH_E_IO with the path when it cannot be
 * written). */
kh_errcode report_write(const kh_app *app, const kh_filter *filter, kh_date from, kh_date to,
                        report_format fmt, const char *path, kh_error *err);

/* Return the file name a report gets by default, as a heap string:
 * bao-cao-PLAN-FROM-TO, then what the filter keeps (the unit's id, the
 * status and timeliness codes, "tim-" and the search words as a-z0-9 and
 * dashes), then .EXT ("bao-cao-qcdc-2023-tqt-2023-01-01-2023-06-30-tp-ht-
 * doing-tim-hop-dan.html"). */
char *report_default_name(const kh_app *app, const kh_filter *filter, kh_date from, kh_date to,
                          report_format fmt);

/* Write the report as report_write does, to a new file in folder dir: the
 * default name, or with -2, -3 ... before the extension while that is
 * taken; never replacing a file. Return KH_E_OK with the path written in
 * *path (heap), or an error (KH_E_IO with the path) and *path NULL. */
kh_errcode report_write_new(const kh_app *app, const kh_filter *filter, kh_date from, kh_date to,
                            report_format fmt, const char *dir, char **path, kh_error *err);

/* Write the report as report_write_new does where the dashboard puts it:
 * the current folder, else (when writing there fails, for whatever
 * reason) $HOME, else /tmp. Return KH_E_OK with the path in *path (heap),
 * or the error of the current folder. */
kh_errcode report_write_default(const kh_app *app, const kh_filter *filter, kh_date from,
                                kh_date to, report_format fmt, char **path, kh_error *err);

/* Return true when a note is marked as a proposal (kiến nghị): its text
 * starts with "Kiến nghị:", "Đề xuất:", "KN:" or "Proposal:", ignoring case,
 * diacritics and spaces before the colon. Set *body (when not NULL) to the
 * text after the mark. */
bool report_note_is_proposal(const char *text, const char **body);

#endif
