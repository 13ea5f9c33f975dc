/* tui: the interactive dashboard (ncursesw). */
#ifndef KEHOACH_TUI_H
#define KEHOACH_TUI_H

#include <stdbool.h>

#include "kehoach/app.h"
#include "kehoach/workspace.h"

typedef struct {
    bool mouse;       /* clicks and the wheel (off with --no-mouse) */
    bool read_only;   /* edit keys disabled; the database opened read-only */
    bool today_fixed; /* --today given: do not follow the clock at midnight */
    bool ascii;       /* ASCII characters only (--ascii, KEHOACH_ASCII, the terminal) */
    /* Shown as a message when the dashboard opens, or NULL. */
    const char *notice;
    /* Why the database was opened read-only though --read-only was not
     * given (it cannot be written), or NULL. */
    const char *read_only_why;
} kh_tui_options;

typedef struct {
    int interval;        /* seconds between pages */
    bool light;          /* black on white, for bright rooms */
    bool ascii;          /* ASCII instead of block characters */
    bool today_fixed;    /* --today given */
    const char *db_path; /* --db, to open the database once it exists */
    /* A province's workspace (its wards laid over the app's plan): two pages
     * of the wards, kept up as snapshots come in; NULL for none. */
    kh_workspace *province;
} kh_present_options;

/* Return true when the screens should draw with ASCII only without being
 * asked (--ascii): KEHOACH_ASCII set to anything but 0 or empty, or a
 * terminal that cannot show UTF-8 frames and blocks (TERM vt100, vt220...,
 * or a locale that names another character set). KEHOACH_ASCII=0 says no. */
bool tui_ascii_terminal(void);

/* Run the meeting-room display over every plan of a workspace (at least
 * one plan loaded, its store open read-only or absent): a summary page
 * across the plans, then each plan's pages in turn. Return as tui_present. */
int tui_present_workspace(kh_workspace *ws, const kh_present_options *opts);

/* Check that stdin and stdout are a terminal ncurses can drive. Return NULL
 * when they are, else a reason for a person (static text). */
const char *tui_unusable(kh_lang lang);
/* The same for kehoach present: says the projector display needs one. */
const char *tui_unusable_present(kh_lang lang);

/* Run the meeting-room display (read-only) on an app whose plan is loaded and
 * whose store is open read-only (or absent, until the file appears). Return
 * the exit code: 0 on quit, 1 when the terminal went away. */
int tui_present(kh_app *app, const kh_present_options *opts);

/* Run the dashboard on an app whose plan and store are open. Return the
 * exit code: 0 on quit, 1 when the terminal went away. */
int tui_run(kh_app *app, const kh_tui_options *opts);

/* Run the dashboard over every plan of a workspace (at least one plan
 * loaded, its store open). Return as tui_run. */
int tui_run_workspace(kh_workspace *ws, const kh_tui_options *opts);

#endif
