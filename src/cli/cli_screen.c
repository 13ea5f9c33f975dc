/* cli: a screen of plain text made line by line (status), and the words
 * for how far a deadline is. */
#include <stdio.h>

#include "cli.h"
#include "kehoach/text.h"

void cli_screen_line(cli_screen *s)
{
    fputs(sb_str(&s->sb), stdout);
    putchar('\n');
    sb_reset(&s->sb);
    s->lines++;
}

void cli_screen_fit(cli_screen *s, const char *text, int cols, bool pad)
{
    strbuf clean = STRBUF_INIT;
    text_sanitize(&clean, text, TEXT_ONE_LINE);
    text_fit(&s->sb, sb_str(&clean), cols, pad);
    sb_done(&clean);
}

const char *cli_days_words(char *buf, size_t n, long days, kh_lang lang)
{
    if (days < 0)
        snprintf(buf, n, TR(lang, "quá %ld ngày", "%ld days late"), -days);
    else if (days == 0)
        snprintf(buf, n, "%s", TR(lang, "hôm nay", "today"));
    else
        snprintf(buf, n, TR(lang, "còn %ld ngày", "%ld days left"), days);
    return buf;
}
