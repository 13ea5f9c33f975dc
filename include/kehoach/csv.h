/* csv: the one CSV writer of the program (RFC 4180 fields), used by the
 * report's CSV and by `list` and `history --format csv`. */
#ifndef KEHOACH_CSV_H
#define KEHOACH_CSV_H

#include <stdbool.h>
#include <stdio.h>

/* Write s as one CSV field (RFC 4180): in double quotes, its quotes
 * doubled, when it holds a comma, a quote, CR or LF; else as it is. */
void csv_field(FILE *out, const char *s);

/* Write s as one CSV field for a spreadsheet: a text that would start a
 * formula (= + - @ first) gets a leading apostrophe, and with quote_defused
 * such a field is always quoted (the report's CSV); else as csv_field. */
void csv_cell(FILE *out, const char *s, bool quote_defused);

#endif
