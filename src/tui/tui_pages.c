/* Full-screen pages: about the plan (its aims, basis, signer, recipients)
 * and the help, which lists every key from the key map. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/text.h"
#include "tui.h"

typedef struct {
    char **text;
    attr_t *attr;
    long *link; /* by line: the task it leads to (Enter), or -1 */
    size_t n, cap, cap_attr, cap_link;
    int width;
    attr_t cur;
    int indent;
    long cur_link;
} page;

static void page_line(page *p, const char *s, size_t len)
{
    KH_GROW(p->text, p->n, p->cap);
    KH_GROW(p->attr, p->n, p->cap_attr);
    KH_GROW(p->link, p->n, p->cap_link);
    strbuf sb = STRBUF_INIT;
    sb_repeat(&sb, ' ', (size_t)p->indent);
    sb_add(&sb, s, len);
    p->text[p->n] = sb_take(&sb);
    p->link[p->n] = p->cur_link;
    p->attr[p->n++] = p->cur;
}

static void wrap_cb(void *ctx, const char *start, size_t len)
{
    page_line(ctx, start, len);
}

static void page_add(page *p, const char *text, attr_t attr, int indent)
{
    strbuf clean = STRBUF_INIT;
    text_sanitize(&clean, text, 0);
    p->cur = attr;
    p->indent = indent;
    text_wrap(sb_str(&clean), p->width - indent, wrap_cb, p);
    sb_done(&clean);
}

/* Add "key  words" with the words wrapped under themselves. */
static void page_add_hanging(page *p, const char *key, const char *words, int keyw)
{
    page sub = {0};
    sub.cur_link = -1;
    sub.width = p->width - 2 - keyw;
    page_add(&sub, words, A_NORMAL, 0);
    for (size_t i = 0; i < sub.n; i++) {
        strbuf line = STRBUF_INIT;
        sb_repeat(&line, ' ', 2);
        text_fit(&line, i == 0 ? key : "", keyw, true);
        sb_puts(&line, sub.text[i]);
        p->cur = A_NORMAL;
        p->indent = 0;
        page_line(p, sb_str(&line), line.len);
        sb_done(&line);
        free(sub.text[i]);
    }
    free(sub.text);
    free(sub.attr);
    free(sub.link);
}

/* Return the byte length of the list marker a heading starts with ("5.",
 * "1.2.", "a)", "II.", "-", "•") when spaces and words follow it, with the
 * offset of those words in *words; 0 when it has none. */
static size_t list_marker(const char *s, size_t *words)
{
    static const char *const bullets[] = {"-", "+", "*", "•", "–"};
    size_t n = 0;
    for (size_t i = 0; i < sizeof bullets / sizeof *bullets && !n; i++)
        if (!strncmp(s, bullets[i], strlen(bullets[i]))) n = strlen(bullets[i]);
    if (!n) {
        /* Numbers (1. 1.2. 3)), a letter (a) b.) or a Roman numeral (II.). */
        size_t digits = strspn(s, "0123456789."), roman = strspn(s, "IVXLC");
        bool letter = (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z');
        if (digits && s[0] != '.' && digits <= 12 && (s[digits - 1] == '.' || s[digits] == ')'))
            n = digits + (s[digits] == ')');
        else if (roman && roman <= 6 && s[roman] == '.')
            n = roman + 1;
        else if (letter && (s[1] == ')' || s[1] == '.'))
            n = 2;
    }
    if (!n || s[n] != ' ') return 0;
    *words = n + strspn(s + n, " ");
    return s[*words] ? n : 0;
}

static void page_blank(page *p)
{
    p->cur = A_NORMAL;
    p->indent = 0;
    page_line(p, "", 0);
}

static void page_free(page *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->text[i]);
    free(p->text);
    free(p->attr);
    free(p->link);
    memset(p, 0, sizeof *p);
    p->cur_link = -1;
}

/* The line of the next link (dir 1) or the one before (-1) from line `at`
 * (-1: none yet), skipping the other lines of the same link; -1 when the
 * page has none. */
static long next_link(const page *p, long at, int dir)
{
    long n = (long)p->n;
    if (!n) return -1;
    long here = at >= 0 && at < n ? p->link[at] : -1;
    long i = at;
    for (long step = 0; step < n; step++) {
        i = dir > 0 ? (i + 1) % n : (i - 1 + n) % n;
        if (p->link[i] < 0 || p->link[i] == here) continue;
        /* Going back: the link's first line. */
        while (dir < 0 && i > 0 && p->link[i - 1] == p->link[i]) i--;
        return i;
    }
    return here >= 0 ? at : -1;
}

/* What a page shows and the keys it handles itself. */
typedef struct {
    const char *title; /* read again each time the page is drawn */
    void (*build)(tui *t, page *p, void *ctx);
    /* A key of the page's own: return true when handled (the page is then
     * built again). NULL: none. */
    bool (*key)(tui *t, int code, wint_t ch, void *ctx);
    const char *hint; /* those keys, for the bottom line; NULL: none */
    void *ctx;
    bool live; /* built again when others' changes arrive */
} page_spec;

/* Show a page until q, Esc or Enter; build() fills it for a given width.
 * Tab and Shift-Tab go from link to link, Enter on one follows it: return
 * the task it leads to, or -1 when the page was left otherwise. */
static long page_show(tui *t, const page_spec *spec)
{
    const char *title;
    int top = 0;
    page p = {0};
    p.cur_link = -1;
    int built_for = -1;
    long link_at = -1, chosen = -1; /* the line of the link selected */
    t->modal++;
    for (;;) {
        title = spec->title;
        if (t->too_small) {
            tui_redraw(t);
        } else {
            if (built_for != t->cols) {
                long keep = link_at >= 0 && link_at < (long)p.n ? p.link[link_at] : -1;
                page_free(&p);
                p.width = t->cols - 4;
                spec->build(t, &p, spec->ctx);
                built_for = t->cols;
                /* The same link stays selected at the new width. */
                link_at = -1;
                for (size_t i = 0; keep >= 0 && i < p.n && link_at < 0; i++)
                    if (p.link[i] == keep) link_at = (long)i;
            }
            int height = t->rows - 2;
            if (top > (int)p.n - height) top = (int)p.n - height;
            if (top < 0) top = 0;
            draw_fill(0, 0, t->cols, t->st.header);
            draw_text(0, 1, t->cols - 2, title, t->st.header, false);
            for (int row = 0; row < height; row++) {
                size_t i = (size_t)(top + row);
                bool lit =
                    link_at >= 0 && i < p.n && p.link[i] >= 0 && p.link[i] == p.link[link_at];
                draw_fill(1 + row, 0, t->cols, A_NORMAL);
                if (i < p.n)
                    draw_text(1 + row, 2, t->cols - 3, p.text[i], lit ? t->st.select : p.attr[i],
                              lit);
            }
            draw_fill(t->rows - 1, 0, t->cols, A_NORMAL);
            char where[64];
            snprintf(where, sizeof where, " %d–%d / %zu ", top + 1,
                     top + height < (int)p.n ? top + height : (int)p.n, p.n);
            int x = draw_text(t->rows - 1, 0, t->cols, "↑↓ PgUp PgDn", t->st.key, false);
            x += draw_text(t->rows - 1, x, t->cols - x, TR(t->app->lang, " cuộn  ", " scroll  "),
                           t->st.keylabel, false);
            x += draw_text(t->rows - 1, x, t->cols - x, "q Esc", t->st.key, false);
            x += draw_text(t->rows - 1, x, t->cols - x, TR(t->app->lang, " quay lại ", " back "),
                           t->st.keylabel, false);
            if (spec->hint)
                x += draw_text(t->rows - 1, x, t->cols - x, spec->hint, t->st.key, false);
            if (next_link(&p, -1, 1) >= 0)
                draw_text(t->rows - 1, x, t->cols - x - (int)strlen(where),
                          TR(t->app->lang, "  Tab liên kết  Enter mở", "  Tab link  Enter opens"),
                          t->st.key, false);
            draw_text(t->rows - 1, t->cols - (int)strlen(where), (int)strlen(where), where, A_DIM,
                      false);
            refresh();
        }
        wint_t ch;
        int code = tui_getkey(t, &ch);
        if (tui_should_stop()) break;
        if (code == ERR) {
            /* Others' changes, or a resize (tui_getkey laid the screen out
             * again). The screen under the page is drawn again when the page
             * closes. */
            if (spec->live && t->dirty) built_for = -1;
            t->dirty = false;
            continue;
        }
        bool fn = code == KEY_CODE_YES;
        int height = t->rows - 2;
        if (spec->key && spec->key(t, code, ch, spec->ctx)) {
            built_for = -1;
            top = 0;
            continue;
        }
        if ((!fn && ch == '\t') || (fn && ch == KEY_BTAB)) {
            link_at = next_link(&p, link_at, fn ? -1 : 1);
            /* Into view, the whole link when it fits. */
            if (link_at >= 0 && link_at < top) top = (int)link_at;
            long last = link_at;
            while (last >= 0 && last + 1 < (long)p.n && p.link[last + 1] == p.link[link_at]) last++;
            if (last >= top + height) top = (int)last - height + 1;
            continue;
        }
        if (link_at >= 0 && ((!fn && (ch == '\n' || ch == '\r')) || (fn && ch == KEY_ENTER))) {
            chosen = p.link[link_at];
            break;
        }
        if ((!fn && (ch == 'q' || ch == 27 || ch == '\n' || ch == '\r' || ch == '?' || ch == 'a' ||
                     ch == 'h')) ||
            (fn && (ch == KEY_F(1) || ch == KEY_F(10) || ch == KEY_ENTER)))
            break;
        if ((fn && ch == KEY_DOWN) || (!fn && ch == 'j')) top++;
        if ((fn && ch == KEY_UP) || (!fn && ch == 'k')) top--;
        if ((fn && ch == KEY_NPAGE) || (!fn && ch == ' ')) top += height - 1;
        if (fn && ch == KEY_PPAGE) top -= height - 1;
        if ((fn && ch == KEY_HOME) || (!fn && ch == 'g')) top = 0;
        if ((fn && ch == KEY_END) || (!fn && ch == 'G')) top = (int)p.n;
        if (fn && ch == KEY_MOUSE) {
            MEVENT ev;
            if (getmouse(&ev) == OK) {
                if (ev.bstate & BUTTON4_PRESSED) top -= 3;
                if (ev.bstate & BUTTON5_PRESSED) top += 3;
                /* A click on a link follows it. */
                long i = top + ev.y - 1;
                if ((ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) && ev.y >= 1 &&
                    ev.y <= height && i < (long)p.n && p.link[i] >= 0) {
                    chosen = p.link[i];
                    break;
                }
            }
        }
        if (top < 0) top = 0;
    }
    page_free(&p);
    t->modal--;
    clear();
    tui_redraw(t);
    return chosen;
}

/* Return the length of the part an item's id names before its first dot
 * ("II" of "II.6"), 0 when it has none. */
static size_t part_len(const char *id)
{
    const char *dot = strchr(id, '.');
    return dot ? (size_t)(dot - id) : 0;
}

/* Append the section II items a duty refers to as the plan would word them:
 * "khoản 1, 2 và 6, phần II" for II.1, II.2, II.6 (ids split at their first
 * dot, grouped by part in the order the duty names them; an id without a
 * dot is named whole). */
static void duty_items_words(strbuf *out, const kh_plan *plan, const kh_duty *d, kh_lang lang)
{
    size_t done = 0;
    bool *used = xcalloc(d->nitems + 1, sizeof *used);
    /* in_part[k]: item k is in the part being written. */
    bool *in_part = xcalloc(d->nitems + 1, sizeof *in_part);
    while (done < d->nitems) {
        size_t first = 0;
        while (used[first]) first++;
        const char *id0 = plan->tasks[d->items[first]].id;
        size_t plen = part_len(id0), n = 0;
        for (size_t k = first; k < d->nitems; k++) {
            const char *id = plan->tasks[d->items[k]].id;
            in_part[k] = !used[k] && part_len(id) == plen && !strncmp(id, id0, plen);
            n += in_part[k];
        }
        if (done) sb_puts(out, "; ");
        sb_puts(out, TR(lang, "khoản ", n > 1 ? "items " : "item "));
        for (size_t k = first, i = 0; k < d->nitems; k++) {
            if (!in_part[k]) continue;
            const char *id = plan->tasks[d->items[k]].id;
            used[k] = true;
            done++;
            if (i++) sb_puts(out, i == n ? TR(lang, " và ", " and ") : ", ");
            sb_puts(out, plen ? id + plen + 1 : id);
        }
        if (plen) sb_printf(out, TR(lang, ", phần %.*s", " of part %.*s"), (int)plen, id0);
    }
    free(in_part);
    free(used);
}

/* Add to about page p the plans of the workspace the current plan
 * implements and those that implement it, each "ID — title". */
static void about_links(tui *t, page *p)
{
    if (!t->ws || t->cur >= t->ws->nplans) return;
    kh_lang lang = t->app->lang;
    kh_ws_links l;
    workspace_links(t->ws, t->cur, &l);
    const char *heads[2] = {TR(lang, "Thực hiện kế hoạch", "Implements the plans"),
                            TR(lang, "Được thực hiện bởi", "Implemented by")};
    const size_t *v[2] = {l.implements, l.implemented_by};
    size_t n[2] = {l.nimplements, l.nimplemented_by};
    strbuf sb = STRBUF_INIT;
    for (int k = 0; k < 2; k++) {
        if (!n[k]) continue;
        page_add(p, heads[k], A_BOLD, 0);
        for (size_t i = 0; i < n[k]; i++) {
            const kh_plan *other = t->ws->plans[v[k][i]].plan;
            sb_reset(&sb);
            sb_printf(&sb, "%s — %s", other->id, other->title);
            page_add_hanging(p, "•", sb_str(&sb), 2);
        }
        page_blank(p);
    }
    sb_done(&sb);
    workspace_links_done(&l);
}

static void build_about(tui *t, page *p, void *ctx)
{
    (void)ctx;
    const kh_plan *plan = t->app->plan;
    kh_lang lang = t->app->lang;
    char a[11], b[11];
    strbuf sb = STRBUF_INIT;
    page_add(p, plan->title, A_BOLD, 0);
    if (plan->number || plan->date != KH_NO_DATE) {
        sb_printf(&sb, TR(lang, "Số %s", "No. %s"), plan->number ? plan->number : "—");
        if (plan->date != KH_NO_DATE)
            sb_printf(&sb, TR(lang, ", ngày %s", ", of %s"), date_format_dmy(plan->date, a));
        page_add(p, sb_str(&sb), A_NORMAL, 0);
        sb_reset(&sb);
    }
    sb_printf(&sb, "%s%s%s", plan->issuer, plan->place ? " — " : "",
              plan->place ? plan->place : "");
    page_add(p, sb_str(&sb), A_NORMAL, 0);
    sb_reset(&sb);
    if (plan->from != KH_NO_DATE)
        sb_printf(&sb, TR(lang, "Kỳ kế hoạch: %s – %s", "Plan period: %s – %s"),
                  date_format_dmy(plan->from, a), date_format_dmy(plan->to, b));
    else
        sb_puts(&sb, TR(lang, "Kỳ kế hoạch: không ghi", "Plan period: not stated"));
    page_add(p, sb_str(&sb), A_NORMAL, 0);
    page_blank(p);
    if (plan->ndocuments || plan->preamble) {
        page_add(p, TR(lang, "CĂN CỨ", "BASIS"), A_BOLD, 0);
        if (plan->preamble) page_add(p, plan->preamble, A_NORMAL, 0);
        for (size_t i = 0; i < plan->ndocuments; i++) {
            const kh_document *d = &plan->documents[i];
            sb_reset(&sb);
            sb_printf(&sb, "%s", d->number);
            if (d->date != KH_NO_DATE)
                sb_printf(&sb, TR(lang, " ngày %s", " of %s"), date_format_dmy(d->date, a));
            if (d->issuer) sb_printf(&sb, TR(lang, " của %s", " by %s"), d->issuer);
            if (d->title) sb_printf(&sb, " — %s", d->title);
            page_add_hanging(p, "•", sb_str(&sb), 2);
        }
        page_blank(p);
    }
    about_links(t, p);
    if (plan->naims && plan->naim_groups) {
        /* As the plan groups them: "1. Mục đích", its aims under it. */
        page_add(p, model_section_heading(plan, 1, lang), A_BOLD, 0);
        size_t g = 0;
        for (size_t i = 0; i < plan->naims; i++) {
            while (g < plan->naim_groups && plan->aim_groups[g].first + plan->aim_groups[g].n <= i)
                g++;
            bool in = g < plan->naim_groups && plan->aim_groups[g].first <= i;
            if (in && plan->aim_groups[g].first == i)
                page_add(p, plan->aim_groups[g].heading, A_BOLD, 2);
            page_add_hanging(p, in ? "  –" : "–", plan->aims[i], in ? 4 : 2);
        }
        page_blank(p);
    } else if (plan->naims) {
        page_add(p, model_section_heading(plan, 1, lang), A_BOLD, 0);
        /* The numbers in a column as wide as the widest and a space. */
        char num[24];
        snprintf(num, sizeof num, "%zu.", plan->naims);
        int numw = text_width(num) + 1;
        for (size_t i = 0; i < plan->naims; i++) {
            snprintf(num, sizeof num, "%zu.", i + 1);
            page_add_hanging(p, num, plan->aims[i], numw);
        }
        page_blank(p);
    }
    page_add(p, model_section_heading(plan, 2, lang), A_BOLD, 0);
    size_t n2 = 0;
    for (size_t i = 0; i < plan->ntasks; i++) n2 += plan->tasks[i].section == 2;
    sb_reset(&sb);
    sb_printf(&sb, TR(lang, "%zu khoản — xem khung Nhiệm vụ.", "%zu items — see the Tasks pane."),
              n2);
    page_add(p, sb_str(&sb), A_NORMAL, 2);
    page_blank(p);
    if (plan->nduties || plan->org_intro) {
        page_add(p, model_section_heading(plan, 3, lang), A_BOLD, 0);
        if (plan->org_intro) page_add(p, plan->org_intro, A_NORMAL, 0);
        /* A heading keeps its own number ("5. Đề nghị…"): the numbers go in
         * a column as wide as the widest and a space, and the words wrap
         * under the words, not under the number. */
        int markw = 0;
        for (size_t i = 0; i < plan->nduties; i++) {
            const char *h = plan->duties[i].heading;
            size_t words = 0, m = h ? list_marker(h, &words) : 0;
            if (!m) continue;
            char *mark = xstrndup(h, m);
            if (text_width(mark) + 1 > markw) markw = text_width(mark) + 1;
            free(mark);
        }
        for (size_t i = 0; i < plan->nduties; i++) {
            const kh_duty *d = &plan->duties[i];
            const char *h = d->heading ? d->heading : "";
            size_t words = 0, m = list_marker(h, &words);
            char *mark = xstrndup(h, m);
            sb_reset(&sb);
            if (h[words])
                sb_printf(&sb, "%s (%s)", h + words, plan->units[d->unit].name);
            else
                sb_puts(&sb, plan->units[d->unit].name);
            sb_printf(&sb, ": %u %s", d->ntasks, TR(lang, "nhiệm vụ", "tasks"));
            if (d->nitems) {
                /* The section II items the unit also carries out, each a
                 * link to its task. */
                sb_puts(&sb, TR(lang, "; cùng thực hiện ", "; also carries out "));
                duty_items_words(&sb, plan, d, lang);
                sb_puts(&sb, ":");
            }
            page_add_hanging(p, mark, sb_str(&sb), markw);
            for (uint32_t k = 0; k < d->nitems; k++) {
                const kh_task *task = &plan->tasks[d->items[k]];
                sb_reset(&sb);
                sb_printf(&sb, "%s %s", task->id, task->title);
                p->cur_link = (long)d->items[k];
                {
                    /* The arrow under the heading's words, the task after it. */
                    strbuf arrow = STRBUF_INIT;
                    sb_repeat(&arrow, ' ', (size_t)markw);
                    sb_puts(&arrow, "→");
                    page_add_hanging(p, sb_str(&arrow), sb_str(&sb), markw + 2);
                    sb_done(&arrow);
                }
                p->cur_link = -1;
            }
            free(mark);
        }
        page_blank(p);
    }
    if (plan->closing) {
        page_add(p, plan->closing, A_NORMAL, 0);
        page_blank(p);
    }
    if (plan->nrecipients) {
        page_add(p, TR(lang, "Nơi nhận:", "Recipients:"), A_BOLD, 0);
        for (size_t i = 0; i < plan->nrecipients; i++) {
            sb_reset(&sb);
            sb_printf(&sb, "%s%s", plan->recipients[i], i + 1 < plan->nrecipients ? ";" : ".");
            page_add_hanging(p, "-", sb_str(&sb), 2);
        }
        page_blank(p);
    }
    if (plan->signer_role || plan->signer_name) {
        sb_reset(&sb);
        sb_printf(&sb, "%s%s%s", plan->signer_role ? plan->signer_role : "",
                  plan->signer_role && plan->signer_name ? ": " : "",
                  plan->signer_name ? plan->signer_name : "");
        page_add(p, sb_str(&sb), A_BOLD, 0);
    }
    sb_done(&sb);
}

void page_about(tui *t)
{
    page_spec spec = {
        TR(t->app->lang, "Về kế hoạch", "About the plan"), build_about, NULL, NULL, NULL, false};
    long task = page_show(t, &spec);
    if (task >= 0) tui_show_task(t, (size_t)task);
}

/* The page of targets: tui_targets.c fills it through these. */
static void out_add(void *p, const char *text, attr_t attr, int indent)
{
    page_add(p, text, attr, indent);
}

static void out_hanging(void *p, const char *key, const char *words, int keyw)
{
    page_add_hanging(p, key, words, keyw);
}

static void out_blank(void *p)
{
    page_blank(p);
}

static void build_targets(tui *t, page *p, void *ctx)
{
    (void)ctx;
    page_out out = {p, out_add, out_hanging, out_blank};
    targets_build(t, &out);
}

void page_targets(tui *t)
{
    page_spec spec = {
        TR(t->app->lang, "Chỉ tiêu", "Targets"), build_targets, NULL, NULL, NULL, true};
    page_show(t, &spec);
}

static void build_help(tui *t, page *p, void *ctx)
{
    (void)ctx;
    kh_lang lang = t->app->lang;
    strbuf sb = STRBUF_INIT;
    page_add(p, TR(lang, "PHÍM", "KEYS"), A_BOLD, 0);
    for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
        /* The Wards pane's own keys only where it is (a province's). */
        if ((a == ACT_PANE_WARDS || a == ACT_SORT_REVERSE) && !t->province) continue;
        sb_reset(&sb);
        for (const tui_key *k = tui_keys; k->act != ACT_NONE; k++)
            if (k->act == (tui_action)a) sb_printf(&sb, "%s%s", sb.len ? " " : "", k->name);
        page_add_hanging(p, sb_str(&sb), tui_action_words((tui_action)a, lang), 18);
    }
    page_blank(p);
    page_add(p,
             TR(lang, "KHI NHẬP CHỮ (ghi chú, tiến độ, tìm kiếm)",
                "WHILE TYPING (note, progress, search)"),
             A_BOLD, 0);
    page_add(p,
             TR(lang,
                "Enter lưu · Esc hủy (ghi chú đang viết được giữ làm bản nháp, cả khi thoát chương "
                "trình: bấm n lại để viết tiếp) · ← → di chuyển · Backspace xóa một ký tự · "
                "Delete xóa ký tự dưới con trỏ · Home/End, Ctrl-A/Ctrl-E đầu/cuối dòng · "
                "Ctrl-U xóa cả dòng",
                "Enter saves · Esc cancels (a note being typed is kept as a draft, even across "
                "quitting: press n again to go on) · ← → move · Backspace deletes a character · "
                "Delete the one under the cursor · Home/End, Ctrl-A/Ctrl-E start/end · Ctrl-U "
                "clears the line"),
             A_NORMAL, 2);
    page_blank(p);
    page_add(p, TR(lang, "CHUỘT", "MOUSE"), A_BOLD, 0);
    page_add(p,
             TR(lang,
                "Bấm vào một dòng để chọn, vào tên khung để chuyển khung; lăn chuột để cuộn. "
                "Tắt bằng --no-mouse.",
                "Click a row to select it, a tab to switch panes; the wheel scrolls. Off with "
                "--no-mouse."),
             A_NORMAL, 2);
    page_blank(p);
    page_add(p, TR(lang, "KHUNG", "PANES"), A_BOLD, 0);
    page_add(
        p,
        TR(lang,
           "1 Nhiệm vụ: mọi nhiệm vụ (mỗi kỳ báo cáo là một dòng) · 2 Đơn vị: số nhiệm vụ mỗi "
           "đơn vị chủ trì và phối hợp, số đã xong và quá hạn trong việc chủ trì; Enter lọc các "
           "nhiệm vụ đơn vị chủ trì hoặc phối hợp · 3 Thời hạn: quá hạn trước, rồi sắp "
           "đến hạn, rồi còn hạn · Chi tiết (Enter): toàn văn, đơn vị, thời hạn, ghi chú, lịch "
           "sử.",
           "1 Tasks: every task (each report period is a row) · 2 Units: the tasks each unit "
           "leads and supports, how many of those it leads are done and overdue; Enter filters "
           "the tasks it leads or supports · 3 Deadlines: overdue first, then due soon, then "
           "upcoming · Detail (Enter): full text, units, deadline, notes, history."),
        A_NORMAL, 2);
    if (t->province)
        page_add(p,
                 TR(lang,
                    "5 Phường/Xã (tỉnh): mỗi phường, xã xếp hạng như kehoach status — số việc, "
                    "HTĐH/HTQH: đã hoàn thành đúng hạn/quá hạn, CTH/CQH: chưa hoàn thành trong "
                    "hạn/quá hạn, % hoàn thành, QH lâu: việc quá hạn lâu nhất, tuổi bản chụp "
                    "(* cũ hơn 1 ngày); o đổi cột xếp, O đảo chiều, f lọc theo kế hoạch hoặc "
                    "theo một việc qua mọi phường, xã; Enter xem việc của phường, xã (chỉ xem).",
                    "5 Wards (a province): each ward ranked as kehoach status ranks it — tasks, "
                    "DOT/DL: done on time/late, OIT/OOD: open in time/overdue, completion, the "
                    "oldest overdue, the snapshot's age (* older than a day); o the next column, "
                    "O reverses, f by plan or by one task across the wards; Enter the ward's "
                    "tasks (read-only)."),
                 A_NORMAL, 2);
    page_blank(p);
    page_add(p, TR(lang, "KÝ HIỆU VÀ MÀU", "MARKERS AND COLOURS"), A_BOLD, 0);
    page_add(p,
             TR(lang,
                "Mỗi ký hiệu có một nghĩa, ở mọi khung. Cột đầu mỗi dòng nhiệm vụ (và màu, khi "
                "có); cũng là phần của thanh đơn vị khi không có màu:",
                "Each mark means one thing, in every pane. The first column of each task row (and "
                "the colour, when there is one); also the parts of a unit's bar without colour:"),
             A_NORMAL, 0);
    page_add(p, TR(lang, "!  quá hạn (đỏ)", "!  overdue (red)"), t->st.overdue, 2);
    page_add(p, TR(lang, "~  sắp đến hạn, trong 7 ngày (cam)", "~  due within 7 days (orange)"),
             t->st.soon, 2);
    page_add(p, TR(lang, "#  vướng mắc (tím)", "#  blocked (magenta)"), t->st.blocked, 2);
    page_add(p, TR(lang, ">  đang thực hiện (xanh dương)", ">  in progress (blue)"), t->st.doing,
             2);
    page_add(p, TR(lang, "+  đã hoàn thành (xanh lá)", "+  done (green)"), t->st.done, 2);
    page_add(p, TR(lang, "   chưa thực hiện (xám)", "   not started (grey)"), t->st.todo, 2);
    sb_reset(&sb);
    sb_printf(&sb, TR(lang, "%s  phần còn trống của thanh", "%s  the empty part of a bar"),
              draw_sym(SYM_DOT));
    page_add(p, sb_str(&sb), A_NORMAL, 2);
    page_add(p, TR(lang, "Cột thứ hai:", "The second column:"), A_NORMAL, 0);
    page_add(p,
             TR(lang, "*  người khác vừa thay đổi nhiệm vụ (trong 5 giây)",
                "*  someone else just changed the task (for 5 seconds)"),
             A_NORMAL, 2);
    page_add(p,
             TR(lang, "-  quyền của kế hoạch không cho bạn sửa nhiệm vụ này",
                "-  the plan's rights do not let you change this task"),
             A_NORMAL, 2);
    page_add(p,
             TR(lang, "\"  tìm thấy trong ghi chú hoặc kết quả, không trong nội dung nhiệm vụ",
                "\"  the search found it in a note or result, not in the task's text"),
             A_NORMAL, 2);
    page_add(p, TR(lang, "Khung Đơn vị và hộp chọn:", "The Units pane and choosers:"), A_NORMAL, 0);
    sb_reset(&sb);
    sb_printf(&sb,
              TR(lang, "%s  lựa chọn hiện tại: đơn vị đang lọc danh sách, giá trị hiện có",
                 "%s  the current choice: the unit the list is filtered by, the value now"),
              draw_sym(SYM_CURRENT));
    page_add(p, sb_str(&sb), A_NORMAL, 2);
    if (t->opts.read_only) {
        page_blank(p);
        page_add(p,
                 t->opts.read_only_why
                     ? TR(lang, "Đang ở chế độ chỉ xem (CSDL không ghi được): không sửa được.",
                          "Read-only mode (the database cannot be written): nothing can be "
                          "changed.")
                     : TR(lang, "Đang ở chế độ chỉ xem (--read-only): không sửa được.",
                          "Read-only mode (--read-only): nothing can be changed."),
                 A_BOLD, 0);
    }
    sb_done(&sb);
}

void page_help(tui *t)
{
    page_spec spec = {TR(t->app->lang, "Trợ giúp — kehoach", "Help — kehoach"),
                      build_help,
                      NULL,
                      NULL,
                      NULL,
                      false};
    page_show(t, &spec);
}

/* ---- the history page ---- */

typedef struct {
    long task;       /* the task selected when the page opened, or -1 */
    bool one_task;   /* only that task's history */
    char *user;      /* only this person's changes, or NULL */
    kh_date since;   /* only changes from this day, or KH_NO_DATE */
    char title[256]; /* with the filters in words */
} history_page;

static void history_title(tui *t, history_page *h)
{
    kh_lang lang = t->app->lang;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, TR(lang, "Lịch sử thay đổi, mới nhất trước", "History of changes, newest first"));
    if (h->one_task) sb_printf(&sb, " · %s", t->app->plan->tasks[h->task].id);
    if (h->user) sb_printf(&sb, " · %s", h->user);
    if (h->since != KH_NO_DATE) {
        char buf[11];
        sb_printf(&sb, TR(lang, " · từ %s", " · since %s"), date_format_dmy(h->since, buf));
    }
    snprintf(h->title, sizeof h->title, "%s", sb_str(&sb));
    sb_done(&sb);
}

static void build_history(tui *t, page *p, void *ctx)
{
    history_page *h = ctx;
    kh_lang lang = t->app->lang;
    kh_history_filter f = {h->one_task ? t->app->plan->tasks[h->task].id : NULL, h->user,
                           h->since != KH_NO_DATE ? app_day_start(h->since) : 0};
    kh_history *v = NULL;
    size_t n = 0;
    kh_error err = {0};
    if (app_history(t->app, &f, &v, &n, &err)) {
        strbuf sb = STRBUF_INIT;
        sb_printf(&sb, "%s: %s", kh_strerror(err.code, lang), err.detail);
        page_add(p, sb_str(&sb), t->st.error, 0);
        sb_done(&sb);
        return;
    }
    /* A history changed past kehoach is shown marked, first. */
    strbuf why = STRBUF_INIT;
    if (app_chain_broken(t->app, &why)) {
        strbuf line = STRBUF_INIT;
        sb_printf(&line, "!! %s", sb_str(&why));
        page_add(p, sb_str(&line), t->st.error, 0);
        page_blank(p);
        sb_done(&line);
    }
    sb_done(&why);
    if (!n)
        page_add(
            p,
            TR(lang, "Không có thay đổi nào (với bộ lọc này).", "No changes (with these filters)."),
            A_NORMAL, 0);
    strbuf sb = STRBUF_INIT;
    /* One change (one transaction) is one block: when, who, which task,
     * then what it changed. */
    for (size_t k = n; k-- > 0;) {
        const kh_history *r = &v[k];
        if (k + 1 == n || v[k + 1].change != r->change) {
            char when[17];
            sb_reset(&sb);
            sb_printf(&sb, "%s · %s · %s", date_format_local_time((time_t)r->at, when), r->user,
                      r->task_id);
            /* Made with --today or --on: the day it took effect, beside the
             * time it was recorded. */
            char day[11];
            if (r->effective != KH_NO_DATE)
                sb_printf(&sb, " · %s %s", TR(lang, "ngày hiệu lực", "effective"),
                          date_format_dmy(r->effective, day));
            if (k + 1 != n) page_blank(p);
            page_add(p, sb_str(&sb), A_BOLD, 0);
        }
        sb_reset(&sb);
        app_history_words(&sb, r, lang);
        page_add(p, sb_str(&sb), r->undo_of ? A_DIM : A_NORMAL, 2);
    }
    sb_done(&sb);
    store_history_free(v, n);
}

static bool history_key(tui *t, int code, wint_t ch, void *ctx)
{
    history_page *h = ctx;
    kh_lang lang = t->app->lang;
    if (code != OK) return false;
    if (ch == 't') {
        if (h->task < 0) return false;
        h->one_task = !h->one_task;
    } else if (ch == 'u') {
        /* Everyone, or one of the people in the history. */
        kh_history *v = NULL;
        size_t n = 0;
        kh_error err = {0};
        if (app_history(t->app, NULL, &v, &n, &err)) return false;
        const char **names = xcalloc(n + 2, sizeof *names);
        int count = 0, current = 0;
        names[count++] = TR(lang, "Mọi người", "Everyone");
        for (size_t i = 0; i < n; i++) {
            bool seen = false;
            for (int k = 1; k < count && !seen; k++) seen = !strcmp(names[k], v[i].user);
            if (seen) continue;
            if (h->user && !strcmp(h->user, v[i].user)) current = count;
            names[count++] = v[i].user;
        }
        int pick =
            prompt_choose(t, TR(lang, "Thay đổi của ai", "Whose changes"), names, count, current);
        if (pick >= 0) {
            free(h->user);
            h->user = pick > 0 ? xstrdup(names[pick]) : NULL;
        }
        free(names);
        store_history_free(v, n);
    } else if (ch == 'd') {
        char initial[11] = "";
        if (h->since != KH_NO_DATE) date_format_dmy(h->since, initial);
        char *text = prompt_line(t,
                                 TR(lang, "Từ ngày (dd/mm/yyyy; trống: mọi ngày):",
                                    "Since (dd/mm/yyyy; empty: any day):"),
                                 initial, true, NULL, NULL);
        if (!text) return true;
        kh_date d;
        if (!*text)
            h->since = KH_NO_DATE;
        else if (date_parse(text, &d) == DATE_OK)
            h->since = d;
        free(text);
    } else {
        return false;
    }
    history_title(t, h);
    return true;
}

void page_history(tui *t)
{
    kh_lang lang = t->app->lang;
    history_page h = {tui_selected_task(t), false, NULL, KH_NO_DATE, ""};
    history_title(t, &h);
    page_spec spec = {h.title,
                      build_history,
                      history_key,
                      h.task >= 0
                          ? TR(lang, "  t nhiệm vụ  u người  d ngày", "  t task  u person  d since")
                          : TR(lang, "  u người  d ngày", "  u person  d since"),
                      &h,
                      true};
    page_show(t, &spec);
    free(h.user);
}
