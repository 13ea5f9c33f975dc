/* The one CSV writer (see kehoach/csv.h). */
#include "kehoach/csv.h"

#include <string.h>

/* Write s in double quotes with its quotes doubled, after prefix. */
static void quoted(FILE *out, const char *prefix, const char *s)
{
    putc('"', out);
    fputs(prefix, out);
    for (; *s; s++) {
        if (*s == '"') putc('"', out);
        putc(*s, out);
    }
    putc('"', out);
}

static bool needs_quotes(const char *s)
{
    return strpbrk(s, ",\"\r\n") != NULL;
}

void csv_field(FILE *out, const char *s)
{
    if (needs_quotes(s))
        quoted(out, "", s);
    else
        fputs(s, out);
}

void csv_cell(FILE *out, const char *s, bool quote_defused)
{
    bool formula = *s && strchr("=+-@", *s);
    if (!formula) {
        csv_field(out, s);
    } else if (quote_defused || needs_quotes(s)) {
        quoted(out, "'", s);
    } else {
        putc('\'', out);
        fputs(s, out);
    }
}
