/* target: a plan's measurable targets (chỉ tiêu): what the plan file says
 * (text, measure, the value to reach by each horizon, the lead unit) and the
 * value last measured, laid over from the store; pure functions of
 * (target, today). */
#ifndef KEHOACH_TARGET_H
#define KEHOACH_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/date.h"
#include "kehoach/error.h"
#include "kehoach/util.h"

/* How a target is measured. */
typedef enum {
    MEASURE_PERCENT, /* 0-100, decimals allowed: "100% thủ tục ... trực tuyến" */
    MEASURE_COUNT,   /* a whole number, 0 or more: "ít nhất 5 mô hình" */
    MEASURE_YESNO,   /* done or not: "100% xã có cổng thông tin" as one fact */
    MEASURE_KINDS
} kh_measure;

/* Which way a percent or count target points: reach at least the goal
 * ("ít nhất 80%"), or stay at most at it ("không quá 2%", "giảm xuống dưới
 * 2%"). A yes/no target is reached when its value is the goal's (exact). */
typedef enum { TARGET_AT_LEAST, TARGET_AT_MOST, TARGET_EXACT, TARGET_DIRECTIONS } kh_direction;

/* A plan gives one or two horizons (2025, 2030); a few more are allowed. */
enum { KH_TARGET_MAX_HORIZONS = 4 };

/* The value to reach by the end of a year ("đến năm 2025: 80%"). */
typedef struct {
    int16_t year;
    double value; /* yes/no: 1 or 0 */
} kh_horizon;

/* A value measured: what the store (or an export's `state:`) holds. */
typedef struct {
    bool measured;   /* false: never measured (the rest is unset) */
    double value;    /* yes/no: 1 or 0 */
    kh_date on;      /* the day the value was measured */
    const char *doc; /* its source ("Báo cáo 12/BC-UBND"), or NULL; interned in the plan */
    const char *by;  /* who recorded it, interned in the plan, or NULL */
    int64_t at;      /* when it was recorded (Unix time), 0 when not known */
} kh_measured;

typedef struct {
    const char *id;    /* "CT1": letters, digits, '.', '-', '_' (as a task id) */
    const char *text;  /* verbatim, NFC */
    uint8_t measure;   /* kh_measure */
    uint8_t direction; /* kh_direction: TARGET_EXACT for yes/no, else as the plan says */
    uint8_t nhorizons;
    kh_horizon horizons[KH_TARGET_MAX_HORIZONS]; /* by year, ascending */
    int32_t lead;                                /* unit index, or -1 when none is named */
    const char *lead_id;                         /* as the plan names it, or NULL */
    int line, col;                               /* where the plan file gives it */
    int lead_line, lead_col;
    kh_measured base;  /* the plan file's `state:` (an export's), or not measured */
    kh_measured state; /* the last measurement not undone (the store's), else base */
} kh_target;

/* Return the stable code of a measure: "percent", "count", "yesno". */
const char *target_measure_code(kh_measure m);

/* Return the measure's name in lang ("tỉ lệ %", "số lượng", "có/không"). */
const char *target_measure_name(kh_measure m, kh_lang lang);

/* Return the measure for its code, or -1. */
int target_measure_parse(const char *s);

/* Return the stable code of a direction: "at-least", "at-most", "exact". */
const char *target_direction_code(kh_direction d);

/* Return the direction named by s: its code, or the plan's words ("ít nhất",
 * "tối thiểu"; "không quá", "tối đa", "không vượt quá", "dưới"; case and
 * diacritics ignored) for at-least and at-most; -1 for anything else. */
int target_direction_parse(const char *s);

/* Append the value to reach by horizon h of t as a person reads it:
 * "80%", "không quá 2%" (at most), "có". */
void target_goal_words(strbuf *out, const kh_target *t, int h, kh_lang lang);

/* Read a value of measure m from text s ("80", "80%", "12.5", "1200",
 * "yes"/"no", "có"/"không", "đạt"/"chưa đạt"). Return true with it in *out,
 * false when s is not one (a percent outside 0-100, a count that is not a
 * whole number 0 or more, a word that is not yes or no). */
bool target_value_parse(kh_measure m, const char *s, double *out);

/* Append value v of measure m as a person reads it: "80%", "1200", "có". */
void target_value_words(strbuf *out, kh_measure m, double v, kh_lang lang);

/* Append value v of measure m in its stable form, as stored and exported:
 * "80", "12.5", "1200", "yes", "no". */
void target_value_code(strbuf *out, kh_measure m, double v);

/* The longest source a measurement may give ("Báo cáo 45/BC-UBND ..."). */
enum { KH_TARGET_DOC_MAX = 1024 };

/* Return true when doc may be a measurement's source: valid UTF-8, one
 * line, at most KH_TARGET_DOC_MAX bytes, no control or bidi character (the
 * rule for notes, so that an export can write it back into a plan file). */
bool target_doc_ok(const char *doc);

/* Return the index of the horizon in effect on day today: the first whose
 * year has not ended, else the last one; -1 when the target has none. */
int target_horizon(const kh_target *t, kh_date today);

/* Return true when the target is measured (state) and its value meets the
 * value of the horizon in effect on day today (target_horizon): at least
 * it, at most it, or (yes/no) the same. */
bool target_achieved(const kh_target *t, kh_date today);

/* As target_achieved, for measurement m in place of t->state. */
bool target_achieved_by(const kh_target *t, const kh_measured *m, kh_date today);

/* Return how far the target is from the horizon in effect on day today,
 * never below 0: at least, its value minus the measured one (the whole
 * value when not measured); at most, the measured value minus it (NAN when
 * not measured: unknown); 0 for yes/no or when the target has no horizon. */
double target_gap(const kh_target *t, kh_date today);

/* As target_gap, for measurement m in place of t->state. */
double target_gap_by(const kh_target *t, const kh_measured *m, kh_date today);

/* Append where t stands on day today, in words: "đạt", "còn thiếu 5%",
 * "vượt 1,5%" (at most), "chưa đạt" (yes/no), "chưa đo", or "chưa có mốc"
 * without a horizon. */
void target_gap_words(strbuf *out, const kh_target *t, kh_date today, kh_lang lang);

/* Append t's value against the value to reach by the horizon in effect on
 * day today: "75% / 80% (2025)", "3% / không quá 2% (2025)", "— / 80% (2025)" when not measured,
 * the value alone ("75%", or "—") without a horizon. */
void target_value_against(strbuf *out, const kh_target *t, kh_date today, kh_lang lang);

#endif
