/* Prompts: a line editor for notes, progress and search (Vietnamese input,
 * Backspace by character), and a chooser for statuses, filters and sorts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <wctype.h>

#include "kehoach/text.h"
#include "tui.h"

enum { KEY_ESC = 27, KEY_CTRL_A = 1, KEY_CTRL_E = 5, KEY_CTRL_U = 21 };

static bool is_enter(int code, wint_t ch)
{
    return (code == KEY_CODE_YES && ch == KEY_ENTER) || (code == OK && (ch == '\n' || ch == '\r'));
}

static bool is_backspace(int code, wint_t ch)
{
    return (code == KEY_CODE_YES && ch == KEY_BACKSPACE) || (code == OK && (ch == 127 || ch == 8));
}

static void draw_line(tui *t, const char *label, const strbuf *buf, size_t cursor)
{
    int y = t->rows - 2;
    draw_fill(y, 0, t->cols, A_NORMAL);
    int x = draw_text(y, 0, t->cols, label, A_BOLD, false);
    x += draw_text(y, x, 1, " ", A_NORMAL, false);
    int room = t->cols - x - 1;
    if (room < 4) room = 4;
    /* Scroll so the cursor stays in view. */
    const char *s = sb_str(buf);
    strbuf before = STRBUF_INIT;
    sb_add(&before, s, cursor);
    int cw = text_width(sb_str(&before));
    size_t start = 0;
    while (cw > room - 1 && start < cursor) {
        size_t next = text_next_grapheme(s, cursor, start);
        strbuf gone = STRBUF_INIT;
        sb_add(&gone, s + start, next - start);
        cw -= text_width(sb_str(&gone));
        sb_done(&gone);
        start = next;
    }
    sb_done(&before);
    draw_text(y, x, room, s + start, A_NORMAL, false);
    move(y, x + cw);
}

char *prompt_line(tui *t, const char *label, const char *initial, bool replace, char **draft_out,
                  void (*changed)(tui *t, const char *text))
{
    strbuf buf = STRBUF_INIT;
    if (initial) sb_puts(&buf, initial);
    size_t cursor = buf.len;
    if (draft_out) *draft_out = NULL;
    /* A message shown when the prompt opens (why a change was refused) stays
     * above it. */
    t->prompting = true;
    t->modal++;
    if (t->msg[0]) {
        tui_layout(t);
        tui_draw(t);
    }
    curs_set(1);
    leaveok(stdscr, FALSE);
    char *result = NULL;
    for (;;) {
        /* Below the minimum size the screen says so, and nothing else. */
        if (!t->too_small) {
            draw_keybar_prompt(t, 0);
            draw_line(t, label, &buf, cursor);
        }
        refresh();
        wint_t ch;
        int code = tui_getkey(t, &ch);
        if (tui_should_stop()) break;
        if (code == ERR) {
            /* Others' changes arrived, or a resize: redraw under the prompt,
             * keep typing. */
            if (t->dirty) tui_draw(t);
            continue;
        }
        bool edited = false;
        bool was_replace = replace;
        replace = false;
        if (code == OK && ch == KEY_ESC) break;
        if (t->too_small) continue;
        if (is_enter(code, ch)) {
            result = sb_take(&buf);
            break;
        }
        if (is_backspace(code, ch)) {
            if (cursor > 0) {
                size_t prev = text_prev_grapheme(sb_str(&buf), cursor);
                memmove(buf.data + prev, buf.data + cursor, buf.len - cursor + 1);
                buf.len -= cursor - prev;
                cursor = prev;
                edited = true;
            }
        } else if (code == KEY_CODE_YES && ch == KEY_DC) {
            if (cursor < buf.len) {
                size_t next = text_next_grapheme(buf.data, buf.len, cursor);
                memmove(buf.data + cursor, buf.data + next, buf.len - next + 1);
                buf.len -= next - cursor;
                edited = true;
            }
        } else if (code == KEY_CODE_YES && ch == KEY_LEFT) {
            cursor = text_prev_grapheme(sb_str(&buf), cursor);
        } else if (code == KEY_CODE_YES && ch == KEY_RIGHT) {
            cursor = text_next_grapheme(sb_str(&buf), buf.len, cursor);
        } else if ((code == KEY_CODE_YES && ch == KEY_HOME) || (code == OK && ch == KEY_CTRL_A)) {
            cursor = 0;
        } else if ((code == KEY_CODE_YES && ch == KEY_END) || (code == OK && ch == KEY_CTRL_E)) {
            cursor = buf.len;
        } else if (code == OK && ch == KEY_CTRL_U) {
            sb_reset(&buf);
            cursor = 0;
            edited = true;
        } else if (code == OK && ch >= 0x20 && ch != 0x7f && !(ch >= 0x80 && ch < 0xa0)) {
            if (was_replace) {
                /* The initial text was a suggestion: typing replaces it. */
                sb_reset(&buf);
                cursor = 0;
            }
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)ch, enc);
            if (n > 0) {
                strbuf tail = STRBUF_INIT;
                sb_add(&tail, sb_str(&buf) + cursor, buf.len - cursor);
                buf.len = cursor;
                sb_add(&buf, (const char *)enc, (size_t)n);
                cursor = buf.len;
                sb_add(&buf, sb_str(&tail), tail.len);
                sb_done(&tail);
                edited = true;
            }
        }
        if (edited && changed) changed(t, sb_str(&buf));
    }
    curs_set(0);
    leaveok(stdscr, TRUE);
    t->prompting = false;
    t->modal--;
    if (!result && draft_out && buf.len) *draft_out = sb_take(&buf);
    sb_done(&buf);
    if (!t->too_small) {
        draw_fill(t->rows - 2, 0, t->cols, A_NORMAL);
        draw_keybar(t);
    }
    return result;
}

int prompt_choose(tui *t, const char *title, const char *const *items, int n, int current)
{
    return prompt_choose_at(t, title, items, n, current, current);
}

static int choose(tui *t, const char *title, const char *const *items, int n, int current,
                  int start);

int prompt_choose_at(tui *t, const char *title, const char *const *items, int n, int current,
                     int start)
{
    t->modal++;
    int pick = choose(t, title, items, n, current, start);
    t->modal--;
    return pick;
}

static int choose(tui *t, const char *title, const char *const *items, int n, int current,
                  int start)
{
    int sel = start >= 0 && start < n ? start : 0;
    for (;;) {
        if (t->too_small) {
            /* Below the minimum size the screen says so, and nothing else:
             * only Esc (cancel) and a resize count. */
            refresh();
            wint_t ch;
            int code = tui_getkey(t, &ch);
            if (tui_should_stop()) return -1;
            if (code == ERR && t->dirty) tui_redraw(t);
            if (code == OK && ch == KEY_ESC) return -1;
            continue;
        }
        draw_keybar_prompt(t, n);
        int w = text_width(title) + 4;
        for (int i = 0; i < n; i++)
            if (text_width(items[i]) + 8 > w) w = text_width(items[i]) + 8;
        if (w > t->cols - 2) w = t->cols - 2;
        int h = n + 2;
        if (h > t->rows - 2) h = t->rows - 2;
        int y0 = (t->rows - h) / 2, x0 = (t->cols - w) / 2;
        for (int y = y0; y < y0 + h; y++) draw_fill(y, x0, w, A_NORMAL);
        draw_box(y0, x0, h, w, A_BOLD);
        draw_text(y0, x0 + 2, w - 4, title, A_BOLD, false);
        for (int i = 0; i < n && i < h - 2; i++) {
            char label[32];
            snprintf(label, sizeof label, " %d %s ", (i + 1) % 100,
                     i == current ? draw_sym(SYM_CURRENT) : " ");
            attr_t a = i == sel ? t->st.select : A_NORMAL;
            draw_fill(y0 + 1 + i, x0 + 1, w - 2, a);
            int x = x0 + 1 + draw_text(y0 + 1 + i, x0 + 1, 6, label, a | A_BOLD, false);
            draw_text(y0 + 1 + i, x, w - 2 - (x - x0 - 1), items[i], a, false);
        }
        refresh();
        wint_t ch;
        int code = tui_getkey(t, &ch);
        if (tui_should_stop()) return -1;
        if (code == ERR) {
            /* Others' changes arrived, or a resize: redraw under the box. */
            if (t->dirty) tui_draw(t);
            continue;
        }
        if (is_enter(code, ch)) return sel;
        if (code == OK && (ch == KEY_ESC || ch == 'q')) return -1;
        if ((code == KEY_CODE_YES && ch == KEY_UP) || (code == OK && ch == 'k'))
            sel = sel > 0 ? sel - 1 : n - 1;
        else if ((code == KEY_CODE_YES && ch == KEY_DOWN) || (code == OK && ch == 'j'))
            sel = sel + 1 < n ? sel + 1 : 0;
        else if (code == OK && ch >= '1' && ch < '1' + (wint_t)(n < 9 ? n : 9))
            return (int)(ch - '1');
        else if (code == KEY_CODE_YES && ch == KEY_MOUSE) {
            MEVENT ev;
            if (getmouse(&ev) == OK && ev.y > y0 && ev.y < y0 + h - 1 && ev.x > x0 &&
                ev.x < x0 + w - 1)
                return ev.y - y0 - 1;
        }
    }
}
