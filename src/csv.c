/* The one CSV writer (see kehoach/csv.h). */
#include "kehoach/csv.h"

#include <string.h>

#include "kehoach/text.h"

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

/* What a terminal must not get is shown as text_sanitize shows it (\x1B,
 * <U+202E>), the program's one rule; a line break stays one, inside quotes,
 * as RFC 4180 allows. Return s, or its safe copy in *safe. */
static const char *made_safe(strbuf *safe, const char *s)
{
    if (text_refused_cp(s, strlen(s)) < 0) return s;
    text_sanitize(safe, s, TEXT_KEEP_TAB);
    return sb_str(safe);
}

static void field(FILE *out, const char *s)
{
    if (needs_quotes(s))
        quoted(out, "", s);
    else
        fputs(s, out);
}

void csv_field(FILE *out, const char *s)
{
    strbuf safe = STRBUF_INIT;
    field(out, made_safe(&safe, s));
    sb_done(&safe);
}

void csv_cell(FILE *out, const char *s, bool quote_defused)
{
    strbuf safe = STRBUF_INIT;
    s = made_safe(&safe, s);
    bool formula = *s && strchr("=+-@", *s);
    if (!formula) {
        field(out, s);
    } else if (quote_defused || needs_quotes(s)) {
        quoted(out, "'", s);
    } else {
        putc('\'', out);
        fputs(s, out);
    }
    sb_done(&safe);
}
