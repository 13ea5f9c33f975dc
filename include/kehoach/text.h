/* text: UTF-8 validation, NFC, display width, cutting, folding (utf8proc). */
#ifndef KEHOACH_TEXT_H
#define KEHOACH_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/util.h"

/* Return true when the n bytes of s are valid UTF-8; else false with the
 * offset of the first bad byte in *bad_at (when bad_at is not NULL). */
bool text_valid_utf8(const char *s, size_t n, size_t *bad_at);

/* Return true when no normal form changes code point cp and it combines with
 * no neighbour (the text fast paths rely on it; the tests check it against
 * utf8proc). */
bool text_nfc_stable_cp(uint32_t cp);

/* Return true when cp is printable, one column wide, a grapheme of its own
 * and NFC-stable. */
bool text_simple_cp(uint32_t cp);

/* Return a heap copy of the n bytes of s in Unicode NFC, or NULL when s is
 * not valid UTF-8. */
char *text_nfc(const char *s, size_t n);

/* Decode the valid UTF-8 string s from byte *at into at most cap code points
 * at out, moving *at past them. Return how many were written: 0 at the end. */
size_t text_decode(const char *s, size_t *at, uint32_t *out, size_t cap);

/* Return the display width in terminal columns of the valid UTF-8 string s. */
int text_width(const char *s);

enum {
    TEXT_ONE_LINE = 1, /* newlines and tabs become spaces */
    TEXT_KEEP_TAB = 2, /* tabs are kept as they are (CSV) */
};

/* Append s to out with everything unsafe for a terminal made visible:
 * control characters as \xNN or \n, bidi overrides as <U+202E>, invalid bytes
 * as \xNN. With TEXT_ONE_LINE, newlines and tabs become single spaces. The
 * one rule for text kehoach prints (see text_refused_cp for what it takes
 * in). */
void text_sanitize(strbuf *out, const char *s, int flags);

/* Return true when the n bytes at s are valid UTF-8 that text_sanitize
 * would leave as they are: no control character (tab and newline neither),
 * no bidi control, no U+FEFF. Fast: for the common case. */
bool text_is_safe(const char *s, size_t n);

/* Return the first code point of the n bytes at s that no note or plan text
 * may hold: C0 controls but tab and newline, DEL, C1 controls, bidi controls
 * (U+061C, U+200E/F, U+202A-202E, U+2066-2069), U+FEFF; 0xFFFD for bytes
 * that are not UTF-8; -1 when there is none. */
long text_refused_cp(const char *s, size_t n);

/* Decode the code point at s (n bytes left) into *cp and its length into
 * *len. Return false when the bytes there are not valid UTF-8. */
bool text_decode_one(const char *s, size_t n, uint32_t *cp, size_t *len);

/* Return how many of the n bytes at s, from the start, are non-ASCII
 * characters of valid UTF-8 that text_refused_cp would let through (0 when
 * s starts with ASCII, a refused character or a bad byte). */
size_t text_safe_span(const char *s, size_t n);

/* Append the valid UTF-8 string s to out in exactly cols columns: cut at a
 * character boundary with "…" when too wide, padded with spaces when pad is
 * true. Return the columns appended. */
int text_fit(strbuf *out, const char *s, int cols, bool pad);

/* As text_fit when the first cols + 1 code points of s (or all of it, when
 * fewer) are simple (text_simple_cp): return the columns appended. Else
 * append nothing and return -1: the caller decides (for the table's
 * content column: whether it must be made one line first). */
int text_fit_simple(strbuf *out, const char *s, int cols, bool pad);

/* Return a heap string folded for search: case, diacritics and đ folded,
 * dashes lumped, runs of white space made one space. NULL for invalid UTF-8. */
char *text_fold(const char *s);

/* Return the byte offset of the grapheme after the one at byte `at` of the
 * len bytes at s (len when at is the last). */
size_t text_next_grapheme(const char *s, size_t len, size_t at);

/* Return the byte offset of the grapheme before byte `at` of s (0 at the
 * start). */
size_t text_prev_grapheme(const char *s, size_t at);

/* Call line(ctx, start, len) for each line of s wrapped at word boundaries to
 * at most width columns; hard newlines in s start a new line. Return the
 * number of lines. */
int text_wrap(const char *s, int width, void (*line)(void *ctx, const char *start, size_t len),
              void *ctx);

/* Return the edit distance (Levenshtein, by bytes) between a and b, or 99
 * when either is longer than max_len bytes (at most 64). */
size_t text_distance(const char *a, const char *b, size_t max_len);

#endif
