/* The terminal: curses start and stop, signals, and a lost terminal. */
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/util.h"
#include "screen.h"

static volatile sig_atomic_t stop_signal;
static bool terminal_lost;
static SCREEN *screen;
static int tick;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* No SA_RESTART: a read in progress returns, and the loop sees the flag. */
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    /* Ctrl-\ (SIGQUIT) as SIGTERM: the terminal restored and the draft
     * kept, rather than a core dump in the alternate screen. */
    sigaction(SIGQUIT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

bool screen_should_stop(void)
{
    return stop_signal != 0 || terminal_lost;
}

int screen_exit_code(void)
{
    return terminal_lost || stop_signal == SIGHUP ? 1 : 0;
}

long screen_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* A dropped SSH link shows as reads that fail at once: check the terminal
 * is still there, so we stop instead of spinning. */
static void check_terminal(void)
{
    struct termios tio;
    struct pollfd p = {STDIN_FILENO, POLLIN, 0};
    if (tcgetattr(STDIN_FILENO, &tio) != 0 ||
        (poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL))))
        terminal_lost = true;
}

/* Keys whose sequences some terminal descriptions lack (vt100 has no PgUp,
 * the Linux console sends F1 as ESC [ [ A): taught to curses so they work
 * whatever TERM says. */
static void define_common_keys(void)
{
    static const struct {
        const char *seq;
        int key;
    } keys[] = {
        {"\033[A", KEY_UP},      {"\033OA", KEY_UP},     {"\033[B", KEY_DOWN},
        {"\033OB", KEY_DOWN},    {"\033[C", KEY_RIGHT},  {"\033OC", KEY_RIGHT},
        {"\033[D", KEY_LEFT},    {"\033OD", KEY_LEFT},   {"\033[H", KEY_HOME},
        {"\033OH", KEY_HOME},    {"\033[1~", KEY_HOME},  {"\033[7~", KEY_HOME},
        {"\033[F", KEY_END},     {"\033OF", KEY_END},    {"\033[4~", KEY_END},
        {"\033[8~", KEY_END},    {"\033[5~", KEY_PPAGE}, {"\033[6~", KEY_NPAGE},
        {"\033[3~", KEY_DC},     {"\033[2~", KEY_IC},    {"\033[Z", KEY_BTAB},
        {"\033OP", KEY_F(1)},    {"\033[11~", KEY_F(1)}, {"\033[[A", KEY_F(1)},
        {"\033[21~", KEY_F(10)},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(keys); i++)
        if (key_defined(keys[i].seq) == 0) define_key(keys[i].seq, keys[i].key);
}

/* After a bare ESC, look on: if "[" or "O" came with it, the bytes are a
 * key sequence curses does not know, dropped whole rather than read as ESC,
 * '[', '3', '~'. Anything else is a key of its own, put back. Return true
 * when a sequence was dropped. */
static bool drop_unknown_sequence(void)
{
    wint_t c;
    nodelay(stdscr, TRUE);
    int code = get_wch(&c);
    bool dropped = false;
    if (code == OK && (c == '[' || c == 'O')) {
        dropped = true;
        /* Parameters, then one final byte in @..~ */
        for (int n = 0; n < 32; n++) {
            code = get_wch(&c);
            if (code != OK || (c >= '@' && c <= '~' && c != '[')) break;
        }
    } else if (code == OK) {
        unget_wch((wchar_t)c);
    } else if (code == KEY_CODE_YES) {
        ungetch((int)c);
    }
    timeout(tick);
    return dropped;
}

/* Return true when the terminal's size is not the one curses draws for
 * (a resize whose SIGWINCH came before curses listened: at start-up, as
 * a terminal opened at one size and set to another at once), after
 * telling curses the new size. */
static bool size_missed(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0)
        return false;
    if (!is_term_resized(ws.ws_row, ws.ws_col)) return false;
    resize_term(ws.ws_row, ws.ws_col);
    return true;
}

int screen_getkey(wint_t *ch)
{
    static int fast_errors;
    if (screen_should_stop()) return ERR;
    long start = screen_now_ms();
    int code = get_wch(ch);
    if (code == OK && *ch == 27 && drop_unknown_sequence()) return ERR;
    if (code == ERR) {
        /* A timeout takes a tick; an error comes back at once. */
        if (screen_now_ms() - start >= tick / 4 && size_missed()) {
            fast_errors = 0;
            *ch = KEY_RESIZE;
            return KEY_CODE_YES;
        }
        if (screen_now_ms() - start < tick / 4) {
            if (++fast_errors >= 3) check_terminal();
            if (fast_errors >= 50) terminal_lost = true;
        } else {
            fast_errors = 0;
        }
    } else {
        fast_errors = 0;
    }
    return code;
}

bool screen_open(bool mouse, int tick_ms)
{
    install_signals();
    /* ESC must act at once; keys that start with ESC arrive together. */
    set_escdelay(25);
    screen = newterm(NULL, stdout, stdin);
    if (!screen) return false;
    util_set_fatal_hook(screen_close);
    tick = tick_ms;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    define_common_keys();
    intrflush(stdscr, FALSE);
    curs_set(0);
    /* The cursor is hidden: curses need not move it back after each update
     * (the line editor asks for it while it is shown). */
    leaveok(stdscr, TRUE);
    timeout(tick_ms);
    if (mouse) {
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        mouseinterval(0);
    }
    return true;
}

void screen_close(void)
{
    if (!screen) return;
    /* Without an alternate screen (the Linux console), leave a clean one. */
    if (!screen_has_alternate()) {
        clear();
        refresh();
    }
    endwin();
    delscreen(screen);
    screen = NULL;
    util_set_fatal_hook(NULL);
}
