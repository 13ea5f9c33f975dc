/* deadline_words: deadlines in the words plans use, read once for both the
 * plan loader and the document importer: "trước ngày 01/6/2023", "quý
 * II/2024", "tháng 6/2024", "tháng 6 năm 2024", "năm 2025", "6 tháng đầu năm
 * 2024", "cuối năm", "định kỳ hàng tháng, quý, 6 tháng, 9 tháng, năm",
 * "thường xuyên", windows ("từ tháng 3 đến tháng 5/2024") and days counted
 * from an event ("105 ngày trước ngày bầu cử"). Matching runs on a
 * lower-cased copy whose bytes line up with the text's, so the offsets
 * returned point at the text's own words. */
#ifndef KEHOACH_DEADLINE_WORDS_H
#define KEHOACH_DEADLINE_WORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "kehoach/date.h"

typedef enum {
    DW_NONE,       /* no deadline read (open: words that promise one) */
    DW_DATE,       /* a day: "trước ngày 01/6/2023", "quý II/2024" (its last day) */
    DW_CONTINUOUS, /* "thường xuyên" */
    DW_PERIOD_END, /* "cuối năm" without a year: the end of the plan period */
    DW_PERIODIC,   /* "định kỳ hàng tháng, quý ..." */
    DW_WINDOW,     /* "từ tháng 3 đến tháng 5/2024": from .. date */
    DW_EVENT,      /* "105 ngày trước ngày bầu cử": days from an event */
} dw_kind;

typedef struct {
    dw_kind kind;
    kh_date date;   /* DATE, WINDOW (its last day) as written; see dw_due */
    kh_date from;   /* WINDOW: its first day */
    bool before;    /* DATE: "trước ngày D", due by the day before D */
    bool open;      /* NONE: words promise a deadline that could not be read */
    bool sure;      /* PERIODIC: said outright ("định kỳ", or two kinds or more) */
    unsigned every; /* PERIODIC: bit (1 << kh_every) for each kind */
    int days;       /* EVENT: days before (< 0) or after the event */
    size_t a, b;    /* the deadline's words: text[a..b) */
    size_t ea, eb;  /* EVENT: the event's words ("ngày bầu cử") */
} dw_reading;

/* Find the deadline words in text (year: for words that give none; 0
 * unknown). Return the kind found; *r gets the reading. */
dw_kind dw_read(const char *text, int year, dw_reading *r);

/* Fill up to max (at most 16) readings, one for each day text gives as a
 * deadline ("... gửi trước ngày 01/6/2023, ... trước ngày 15/10/2023");
 * return how many. */
size_t dw_days(const char *text, int year, dw_reading *out, size_t max);

/* Parse a date written "d/m/yyyy", "d-m-yyyy", "d.m.yyyy" or "ngày d tháng
 * m năm yyyy" at s. Return its length and set *date, or 0. */
size_t dw_date_at(const char *s, kh_date *date);

/* Return the day a DATE or WINDOW reading is due: the day written, or for
 * "trước ngày D" the day before D (a report due before 1 June arrives by 31
 * May). */
kh_date dw_due(const dw_reading *r);

/* Return a copy of s (malloc) lower-cased character by character, each
 * keeping its byte length, so offsets into it are offsets into s. */
char *dw_lower(const char *s);

/* Return true when c may be part of a word (ASCII letter, digit, or a byte
 * of a multi-byte character). */
bool dw_wordc(char c);

/* Return the length of the word w when it stands at lo+i as a whole word,
 * else 0. */
size_t dw_word_at(const char *lo, size_t i, const char *w);

/* Return the number of spaces at s+i. */
size_t dw_spaces(const char *s, size_t i);

#endif
