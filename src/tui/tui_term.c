/* Whether the terminal can run the dashboard. Kept apart because term.h
 * defines macros (tab, lines, columns...) that clash with ordinary names. */
#include <curses.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <term.h>
#include <unistd.h>

#include "kehoach/tui.h"
#include "screen.h"

bool screen_has_alternate(void)
{
    const char *rmcup = tigetstr("rmcup");
    return rmcup && rmcup != (char *)-1 && *rmcup;
}

bool tui_ascii_terminal(void)
{
    const char *force = getenv("KEHOACH_ASCII");
    if (force && *force) return strcmp(force, "0") != 0;
    /* The DEC terminals and their emulations have no block characters and
     * no UTF-8. */
    const char *term = getenv("TERM");
    if (term && (!strncmp(term, "vt", 2) || !strcmp(term, "ansi") || !strcmp(term, "cons25")))
        return true;
    /* The locale the person chose names its character set: another than
     * UTF-8 (vi_VN.TCVN, en_US.ISO-8859-1) cannot show them either. One
     * that names none ("C") says nothing of the terminal. */
    const char *names[] = {"LC_ALL", "LC_CTYPE", "LANG"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *v = getenv(names[i]);
        if (!v || !*v) continue;
        const char *dot = strchr(v, '.');
        if (!dot) return false;
        size_t n = strcspn(dot + 1, "@");
        return !((n == 5 && !strncasecmp(dot + 1, "utf-8", 5)) ||
                 (n == 4 && !strncasecmp(dot + 1, "utf8", 4)));
    }
    return false;
}

/* Why the terminal cannot be used, no_tty when there is none. */
static const char *unusable(kh_lang lang, const char *no_tty)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) return no_tty;
    const char *term = getenv("TERM");
    if (!term || !*term || !strcmp(term, "dumb"))
        return TR(lang,
                  "biến TERM chưa đặt hoặc là \"dumb\"; hãy đặt TERM (vd. xterm-256color), hoặc "
                  "dùng: kehoach status",
                  "TERM is unset or \"dumb\"; set TERM (e.g. xterm-256color), or use: kehoach "
                  "status");
    int err = 0;
    if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
        return TR(lang,
                  "không biết loại terminal trong biến TERM; hãy đặt TERM (vd. xterm-256color), "
                  "hoặc dùng: kehoach status",
                  "the terminal type in TERM is unknown; set TERM (e.g. xterm-256color), or use: "
                  "kehoach status");
    const char *cup = tigetstr("cup");
    bool usable = cup && cup != (char *)-1;
    del_curterm(cur_term);
    if (!usable)
        return TR(lang, "terminal này không di chuyển được con trỏ; hãy dùng: kehoach status",
                  "this terminal cannot move the cursor; use: kehoach status");
    return NULL;
}

/* The dashboard's check. */
const char *tui_unusable(kh_lang lang)
{
    return unusable(lang, TR(lang,
                             "bảng điều khiển cần một terminal (với ssh, dùng ssh -t); để xem "
                             "nhanh: kehoach status",
                             "the dashboard needs a terminal (with ssh, use ssh -t); for a quick "
                             "look: kehoach status"));
}

/* The projector display's check: the same, in its own words. */
const char *tui_unusable_present(kh_lang lang)
{
    return unusable(lang, TR(lang,
                             "màn hình máy chiếu cần một terminal (với ssh, dùng ssh -t); để "
                             "xem nhanh: kehoach status",
                             "the projector display needs a terminal (with ssh, use ssh -t); "
                             "for a quick look: kehoach status"));
}
