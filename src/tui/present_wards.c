/* kehoach present at a province: the wards ranked (completion, overdue, the
 * snapshot's age) and the wards with overdue tasks, from the figures of
 * workspace_province_fold. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/text.h"
#include "tui.h"

/* Append how old a snapshot is, or that none came. */
static void age_words(strbuf *sb, const kh_ws_ward *w, kh_lang lang)
{
    if (!w->has_snapshot) {
        sb_puts(sb, TR(lang, "chưa gửi", "nothing sent"));
        return;
    }
    if (w->problem) {
        sb_puts(sb, TR(lang, "bản chụp hỏng", "unreadable"));
        return;
    }
    int64_t a = w->age < 0 ? 0 : w->age;
    if (a < 3600)
        sb_printf(sb, TR(lang, "gửi %lld phút trước", "sent %lld min ago"), (long long)(a / 60));
    else if (a < 86400)
        sb_printf(sb, TR(lang, "gửi %lld giờ trước", "sent %lld h ago"), (long long)(a / 3600));
    else
        sb_printf(sb, TR(lang, "gửi %lld ngày trước", "sent %lld days ago"),
                  (long long)(a / 86400));
}

static int by_overdue(const void *a, const void *b)
{
    const kh_ws_ward *x = *(const kh_ws_ward *const *)a, *y = *(const kh_ws_ward *const *)b;
    if (x->overdue != y->overdue) return x->overdue > y->overdue ? -1 : 1;
    if (x->oldest_overdue != y->oldest_overdue)
        return x->oldest_overdue > y->oldest_overdue ? -1 : 1;
    return strcmp(x->id, y->id);
}

void wards_present(kh_workspace *ws, bool late_only, int y, int bottom, int cols,
                   const attr_t attr[4], kh_lang lang)
{
    workspace_wards_rank(ws);
    const kh_ws_ward **v = xcalloc(ws->nwards + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < ws->nwards; i++)
        if (!late_only || ws->wards[i].overdue) v[n++] = &ws->wards[i];
    if (late_only) qsort(v, n, sizeof *v, by_overdue);
    if (!n) {
        draw_text(y, 2, cols - 4,
                  TR(lang, "Không phường, xã nào có việc quá hạn.", "No ward has an overdue task."),
                  attr[1] | A_BOLD, true);
        free(v);
        return;
    }
    strbuf *cells = xcalloc(n, sizeof *cells);
    int cellw = 0;
    for (size_t i = 0; i < n; i++) {
        const kh_ws_ward *w = v[i];
        if (late_only)
            sb_printf(&cells[i],
                      TR(lang, "%zu việc quá hạn, lâu nhất %ld ngày · ",
                         "%zu overdue, the oldest %ld days · "),
                      w->overdue, w->oldest_overdue);
        else
            sb_printf(&cells[i], TR(lang, "%3d%% · %zu quá hạn · ", "%3d%% · %zu overdue · "),
                      w->completion, w->overdue);
        age_words(&cells[i], w, lang);
        if (w->stale) sb_puts(&cells[i], " *");
        if (text_width(sb_str(&cells[i])) > cellw) cellw = text_width(sb_str(&cells[i]));
    }
    if (cellw > cols * 2 / 3) cellw = cols * 2 / 3;
    size_t room = bottom > y ? (size_t)(bottom - y) : 0;
    size_t fit = n <= room ? n : room ? room - 1 : 0;
    int namew = cols - 4 - 5 - cellw - 2;
    char num[16];
    for (size_t i = 0; i < fit; i++, y++) {
        const kh_ws_ward *w = v[i];
        attr_t a = w->overdue ? attr[2] : w->completion == 100 ? attr[1] : attr[0];
        snprintf(num, sizeof num, "%3zu.", late_only ? i + 1 : w->rank);
        draw_text(y, 2, 5, num, attr[0], true);
        if (namew > 6) draw_text(y, 7, namew, w->name, attr[0] | A_BOLD, true);
        draw_text(y, cols - 2 - cellw, cellw, sb_str(&cells[i]),
                  w->stale || !w->has_snapshot ? attr[3] : a, false);
    }
    if (fit < n && room) {
        char more[96];
        snprintf(more, sizeof more, TR(lang, "… và %zu phường, xã khác", "… and %zu more wards"),
                 n - fit);
        draw_text(y, 2, cols - 4, more, attr[3], true);
    }
    for (size_t i = 0; i < n; i++) sb_done(&cells[i]);
    free(cells);
    free(v);
}
