/* The importer's inside: the lines it reads (paragraphs with their labels
 * split off), word helpers, deadlines, document references, unit names,
 * task tables. Other modules see include/kehoach/import.h. */
#ifndef KEHOACH_IMPORT_INT_H
#define KEHOACH_IMPORT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/doc.h"
#include "kehoach/import.h"

/* A paragraph as the analysis reads it. */
typedef struct {
    const char *label;                   /* "1.", "a)", "II.", "-" (any bullet), or NULL */
    const char *text;                    /* after the label */
    const char *fold;                    /* text folded (case, diacritics) for matching */
    bool bold, heading, centered, upper; /* upper: letters all capitals */
    doc_pos at, to;                      /* to: the last paragraph joined into it (a page break) */
    bool joined;                         /* two paragraphs cut by a page break, joined */
    int32_t table;                       /* the table it sits in, or -1 */
    bool used;                           /* taken by a table or a block already */
} imp_line;

typedef struct {
    kh_doc *doc;
    imp_draft *d;
    kh_lang lang;
    imp_line *lines;
    size_t nlines;
    int year;         /* the plan's year, for deadlines written without one; 0 unknown */
    uint32_t *ids;    /* open-addressing index of task ids: task index + 1, 0 empty */
    size_t ids_cap;   /* a power of two, over twice the tasks */
    bool *table_seen; /* each table looked at as a task table once */
    bool units_full;  /* IMP_MAX_UNITS reached, said */
} imp_ctx;

/* ---- import_words.c ---- */

/* Return a copy of s in the arena. */
const char *imp_str(imp_draft *d, const char *s);
/* Return a copy of the n bytes at s in the arena, cut to a whole character. */
const char *imp_strn(imp_draft *d, const char *s, size_t n);
/* Return s folded for matching (text_fold), in the arena; "" for NULL. */
const char *imp_fold(imp_draft *d, const char *s);
/* Return a heap copy of s in lower case where the lower case letter has the
 * same UTF-8 length (every Vietnamese letter): offsets stay those of s. */
char *imp_lower(const char *s);
/* Return true when the folded fs starts with the folded word w (at a word
 * boundary). */
bool imp_fold_starts(const char *fs, const char *w);
/* Return the position of the folded word or phrase w in fs (at word
 * boundaries), or NULL. */
const char *imp_fold_find(const char *fs, const char *w);
/* Return the value of a Roman numeral (I to XXXIX), or 0. */
int imp_roman(const char *s, size_t n);
/* Write n as a Roman numeral into buf (16 bytes). */
void imp_roman_write(int n, char buf[16]);
/* Return true when s has at least three letters and none in lower case. */
bool imp_upper(const char *s);
/* Return true when the code point at s (length *len) is an upper-case
 * letter; *len is set to its length. */
bool imp_cp_upper(const char *s, size_t *len);
/* Return true when the first letter of s is lower case. */
bool imp_starts_lower(const char *s);
/* Return a copy of s in the arena with its first letter in lower (or upper)
 * case. */
const char *imp_first_case(imp_draft *d, const char *s, bool upper);
/* Return a copy of the capitals-only s in sentence case, in the arena:
 * abbreviations kept ("UBND"), the names after phường, xã, tỉnh... in
 * title case. */
const char *imp_sentence_case(imp_draft *d, const char *s);
/* Append the ASCII initials of the words of s ("Tư pháp" -> "tp"), at most
 * max letters. */
void imp_initials(strbuf *out, const char *s, size_t max);
/* Append s as an id: folded to ASCII, words joined with '-'. */
void imp_slug(strbuf *out, const char *s);
/* Split a list label off the start of s ("1. ", "a) ", "II. ", "- ").
 * Return the label's length (without the space after it), 0 when none;
 * *skip gets the bytes to skip to the text. */
size_t imp_label(const char *s, size_t *skip);
/* Return the number a label holds: 3 for "3." or "3)", 2 for "II.", 0. *roman
 * tells a Roman numeral; *letter gets 'a'.. for "a)". */
int imp_label_number(const char *label, bool *roman, char *letter);
/* Return true when the label is a bullet ("-", "+", "•"...). */
bool imp_label_bullet(const char *label);
/* Return true when s ends a sentence (., ?, !, ./.), with closing quotes or
 * brackets after it. */
bool imp_ends_sentence(const char *s);
/* Return text with the line breaks a page break left inside a sentence
 * ("... dự\nán, ...") made spaces, in the arena. */
const char *imp_join_breaks(imp_draft *d, const char *text);
/* Return true when c is part of a word: an ASCII letter or digit, or any
 * byte of a non-ASCII character. */
bool imp_wordc(char c);
/* Return the length of the word or phrase w when it stands at lo+i as a
 * word (no word character joined to either end), else 0. */
size_t imp_word_at(const char *lo, size_t i, const char *w);
/* Return the number of spaces at s+i. */
size_t imp_spaces(const char *s, size_t i);
/* Return s with the trailing characters in chars dropped, in the arena. */
const char *imp_trim_end(imp_draft *d, const char *s, const char *chars);

/* ---- import_deadline.c ---- */

/* Read the deadline words in text (the plan's year for words without one;
 * period_from/to for "cuối năm"). Return the kind found (IMP_DL_NONE when
 * the text has no deadline words); *dl gets the deadline, its words and a
 * note. */
imp_dl_kind imp_deadline_read(imp_ctx *c, const char *text, imp_deadline *dl);
/* When text names two or more days ("báo cáo 6 tháng gửi trước ngày
 * 01/6/2023, báo cáo năm gửi trước ngày 15/10/2023"), fill up to max
 * deadlines, one a day, and return how many. */
size_t imp_deadline_days(imp_ctx *c, const char *text, imp_deadline *out, size_t max);
/* Read a work's deadline from its wording when it names none: ongoing work
 * ("Tiếp tục ...") is continuous, one-off work (a conference, a budget)
 * within the period. Fill *dl with the reading and its note. */
void imp_deadline_default(imp_ctx *c, const char *text, imp_deadline *dl);
/* Parse a date written "d/m/yyyy", "dd/mm/yyyy", "ngày d tháng m năm yyyy"
 * at s. Return its length and set *date, or 0. */
size_t imp_date_at(const char *s, kh_date *date);

/* ---- import_refs.c ---- */

/* Find the documents named in text ("Kế hoạch số 52/KH-UBND ngày 14/3/2023
 * của UBND thành phố Quảng Ngãi về ..."). with_title: read the "về ..."
 * part too. Fill up to max and return how many. */
size_t imp_refs(imp_ctx *c, const char *text, imp_ref *out, size_t max, bool with_title);
/* Return the texts of the documents text cites, verbatim, for `cites`
 * (heap array of arena strings; *n their number). */
const char **imp_cites(imp_ctx *c, const char *text, size_t *n);
/* Find "UBND phường X" (or xã, thị trấn, Ủy ban nhân dân ...) in text:
 * return the last such body named, in the arena, or NULL. *place gets the
 * place's name ("Trương Quang Trọng"), *kind its kind ("phường"). */
const char *imp_find_body(imp_ctx *c, const char *text, const char **kind, const char **place);
/* Return the name after "thành phố", "huyện", "tỉnh"... (kind) in text, or
 * NULL: "Quảng Ngãi". */
const char *imp_find_place(imp_ctx *c, const char *text, const char *kind);

/* ---- import_units.c ---- */

/* Return the index of the unit named name (as a heading or a table cell
 * writes it), adding it to the draft when new. at: where it is written. */
int imp_unit_add(imp_ctx *c, const char *name, doc_pos at);
/* Return the index of the unit whose id or names match s loosely, or -1. */
int imp_unit_find(imp_ctx *c, const char *s);
/* Split a cell or a phrase naming units ("Văn phòng; Công an phường và
 * Ban CHQS") and add each; fill up to max indexes, return how many. */
size_t imp_unit_list(imp_ctx *c, const char *s, doc_pos at, uint16_t *out, size_t max);

/* ---- import_table.c ---- */

/* If table t is a task table (its header names the content and a lead or a
 * deadline), read its rows into tasks (ids prefix.N) and return true. */
bool imp_table_tasks(imp_ctx *c, int32_t t, const char *prefix);

/* ---- import_targets.c ---- */

/* If the aims' line text (fold: folded) states a measurable target ("Tỷ lệ
 * ...: đạt 80% vào năm 2025", "100% thủ tục ..."), add it to the draft's
 * targets and return true. year: the group heading's year, for a target
 * that names none (0: the end of the period). */
bool imp_target_line(imp_ctx *c, const char *text, const char *fold, doc_pos at, int year);

/* ---- import_events.c ---- */

/* Tie each deadline counted from an event to the draft's events, each with
 * the day the document gives it; one with no day found is an open point. */
void imp_events(imp_ctx *c);

/* ---- import.c ---- */

/* Add a task to the draft; return it (zeroed but for id, text and where). */
imp_task *imp_task_add(imp_ctx *c, const char *id, const char *text, doc_pos at, doc_pos to);
/* Add a point for review. */
void imp_point_add(imp_ctx *c, imp_conf conf, doc_pos at, const char *anchor, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Return a note in the arena, formatted as by printf. */
const char *imp_note(imp_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Return a why at a place with a confidence and a note. */
imp_why imp_why_at(imp_conf conf, doc_pos at, const char *note);
/* Make the task's id unique in the draft, in the arena. */
const char *imp_unique_task_id(imp_ctx *c, const char *id);

#endif
