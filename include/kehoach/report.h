/* report: the implementation report of a plan for a period (báo cáo kết
 * quả thực hiện kế hoạch), in Markdown, HTML, CSV or as a Word document
 * (.docx) laid out as Nghị định 30/2020/NĐ-CP prescribes. No curses, no SQL:
 * the notes come through app_notes. */
#ifndef KEHOACH_REPORT_H
#define KEHOACH_REPORT_H

#include <stdio.h>

#include "kehoach/app.h"
#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/workspace.h"

typedef enum {
    REPORT_MD,      /* Markdown, for pasting into a document */
    REPORT_HTML,    /* one self-contained page, for a browser and A4 paper */
    REPORT_CSV,     /* the table of tasks, RFC 4180, UTF-8 */
    REPORT_CSV_BOM, /* the same with a byte order mark, for Excel */
    REPORT_DOCX,    /* an Office Open XML document, to print, sign and send */
    REPORT_FORMAT_COUNT
} report_format;

/* How a report's period was cut. */
typedef enum {
    REPORT_CUT_DATES,    /* the days asked for (--from, --to), or the plan's */
    REPORT_CUT_CALENDAR, /* a calendar month, quarter, half, nine months or year */
    REPORT_CUT_ND09,     /* the data cut-off of Nghị định 09/2019/NĐ-CP, Article 12 */
} report_cut;

/* What a report covers and the parts of the document a person may set. */
typedef struct {
    kh_date from, to;              /* the period */
    report_cut cut;                /* how it was cut: the period line says so for ND09 */
    const char *number;            /* the document's number ("12" or "12/BC-UBND"); NULL: blank */
    const char *const *recipients; /* "Nơi nhận" instead of the plan's; NULL: the plan's */
    size_t nrecipients;
    /* A province's report: its wards (workspace_province_fold: id, name,
     * snapshot), for section V and the tasks' ward column; NULL: none. */
    const kh_ws_ward *wards;
    size_t nwards;
    /* And the notes the wards wrote on their occurrences, from their
     * snapshots (workspace_wards_notes): counted with the province's own
     * (section II's causes, the notes column, section IV's proposals). */
    const kh_note *ward_notes;
    size_t nward_notes;
} report_opts;

/* Return true when a report in fmt is bytes, not text (docx). */
bool report_format_binary(report_format fmt);

/* Return the format named md (markdown), html, csv or docx, or -1. */
int report_format_parse(const char *name);

/* Return the file name extension of a format, without the dot. */
const char *report_format_ext(report_format fmt);

/* The periodic reports: a month, a quarter, the first 6 or 9 months, the
 * year. */
typedef enum {
    REPORT_MONTH,
    REPORT_QUARTER,
    REPORT_6M,
    REPORT_9M,
    REPORT_YEAR,
    REPORT_PERIOD_COUNT
} report_period_kind;

/* Return the period named month, quarter, 6m, 9m or year, or -1. */
int report_period_parse(const char *name);

/* Set *from and *to to the days a periodic report of kind covers, for the
 * month of day `of` (its quarter, its year's first 6 or 9 months, its
 * year). With cut REPORT_CUT_ND09, the data cut-off windows of Nghị định
 * 09/2019/NĐ-CP, Article 12: a month from the 15th of the month before to
 * the 14th; a quarter from the 15th of the month before it to the 14th of
 * its last month; 6 months from 15/12 of the year before to 14/06; 9 months
 * to 14/09; the year to 14/12. Else calendar periods (1/1 to 30/6 ...).
 * Return KH_E_OK, or KH_E_INVALID for a kind out of range or a day out of
 * the calendar. */
kh_errcode report_window(report_period_kind kind, report_cut cut, kh_date of, kh_date *from,
                         kh_date *to);

/* Set *from and *to to a usual reporting period of the plan: kind, for the
 * month of `of`, or (of KH_NO_DATE) of today when the plan runs then, else
 * of the plan's first month; by the plan's `reporting:` (nd09 windows, or
 * calendar periods kept within the plan period); *cut to how it was cut.
 * Return KH_E_OK, KH_E_INVALID for a kind out of range, or KH_E_NOT_FOUND
 * (*from, *to: the calendar period asked) when the plan does not run in it. */
kh_errcode report_period(const kh_plan *plan, kh_date today, report_period_kind kind, kh_date of,
                         kh_date *from, kh_date *to, report_cut *cut);

/* Set *from and *to to the usual period the report due next after today
 * covers, as report_period does: 6 months until the end of June, then 9
 * months until the end of September, then the year (after the plan's end:
 * the year of its last day); *cut (when not NULL) to how it was cut. */
void report_current_period(const kh_plan *plan, kh_date today, kh_date *from, kh_date *to,
                           report_cut *cut);

/* Append the place name a document of the plan is dated at (Nghị định
 * 30/2020, Phụ lục I): the name of the ward or commune where the body sits,
 * from the plan's place (its first part) or issuer; with its kind,
 * capitalised ("Phường Trương Quang Trọng"), when the unit is named after
 * a person, a number or a historical event (a name starting with a digit
 * or a common family name, or of three words or more); else the name alone
 * ("Tịnh Trà"). Appends nothing when the plan has neither. */
void report_place_name(strbuf *out, const kh_plan *plan);

/* Write the report on the tasks that pass filter (NULL: all) for the period
 * opts->from to opts->to, as of today (app->today, or `to` when the period
 * is over), to out. Return KH_E_OK, or an error (KH_E_INVALID for a period
 * that ends before it starts, KH_E_IO, or the store's). */
kh_errcode report_fwrite(const kh_app *app, const kh_filter *filter, const report_opts *opts,
                         report_format fmt, FILE *out, kh_error *err);

/* Write the report as report_fwrite does, to the file at path, replacing it
 * at once (a temporary file renamed) so a reader never sees half a report.
 * Return KH_E_OK or an error (KH_E_IO with the path when it cannot be
 * written). */
kh_errcode report_write(const kh_app *app, const kh_filter *filter, const report_opts *opts,
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
