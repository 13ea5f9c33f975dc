/* The terminal under curses, shared by the dashboard and the projector
 * display: start and stop, signals, keys, a lost terminal. */
#ifndef KEHOACH_TUI_SCREEN_H
#define KEHOACH_TUI_SCREEN_H

#include <curses.h>
#include <stdbool.h>

/* Start curses on stdin/stdout with signal handlers that only set a flag,
 * keys read with a tick_ms timeout, the mouse when asked. Return false when
 * the terminal cannot be opened. */
bool screen_open(bool mouse, int tick_ms);

/* Restore the terminal; safe to call twice. */
void screen_close(void);

/* Wait up to a tick for a key. Return OK or KEY_CODE_YES with *ch set, or
 * ERR on a timeout or once the program should stop. */
int screen_getkey(wint_t *ch);

/* Return true once a signal or a lost terminal asks the program to stop. */
bool screen_should_stop(void);

/* Return the exit code: 1 when the terminal went away (SIGHUP, a dropped
 * link), else 0. */
int screen_exit_code(void);

/* Return true when the terminal restores what was on it when curses ends
 * (it has an alternate screen). */
bool screen_has_alternate(void);

/* Return a monotonic clock in milliseconds. */
long screen_now_ms(void);

#endif
