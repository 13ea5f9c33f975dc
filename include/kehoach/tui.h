/* tui: the interactive dashboard (ncursesw). */
#ifndef KEHOACH_TUI_H
#define KEHOACH_TUI_H

#include <stdbool.h>

#include "kehoach/app.h"

typedef struct {
    bool mouse;     /* clicks and the wheel (off with --no-mouse) */
    bool read_only; /* edit keys disabled; the database opened read-only */
} kh_tui_options;

/* Check that stdin and stdout are a terminal ncurses can drive. Return NULL
 * when they are, else a reason for a person (static text). */
const char *tui_unusable(kh_lang lang);

/* Run the dashboard on an app whose plan and store are open. Return the
 * exit code: 0 on quit, 1 when the terminal went away. */
int tui_run(kh_app *app, const kh_tui_options *opts);

#endif
