/* The words for SQLite's result codes (src/store_words.c): what the store
 * puts in a kh_error's detail in place of SQLite's English text. */
#ifndef KEHOACH_STORE_WORDS_H
#define KEHOACH_STORE_WORDS_H

#include <stddef.h>

#include "kehoach/util.h"

/* Write into buf (n bytes) the words for SQLite's result code rc, by its
 * primary code, in the language kh_strerrno uses (kh_errno_lang), then the
 * code itself: "cấu trúc tệp bị hỏng (mã SQLite 11)". Return buf. */
char *store_sqlite_words(int rc, char *buf, size_t n);

/* Make the lines of SQLite's report in sb (quick_check's, integrity_check's)
 * one line, each newline a space; return its text. */
const char *store_sqlite_lines(strbuf *sb);

#endif
