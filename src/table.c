/* table: the rows of `kehoach list`'s table. Each row's cells are made once
 * and their widths known without measuring them again: the unit names'
 * widths are found once per table, and the cells that depend on a few of a
 * task's fields only (the deadline, the status, a period's label) are made
 * once per distinct value by table_measure and copied after. A cell that
 * fits its column is then copied and padded, which is what text_fit does
 * with it; only a cell to be cut goes through text_fit. */
#include "kehoach/table.h"

#include <stdlib.h>
#include <string.h>

#include "kehoach/text.h"

enum {
    MEMO_TEXT = 54,        /* bytes of a kept cell, its NUL included */
    MEMO_DEADLINES = 1024, /* slots of each kind (powers of two) */
    MEMO_STATUSES = 128,
    MEMO_PERIODS = 256,
    MEMO_PROBES = 8, /* slots looked at for a key before giving up */
};

typedef struct {
    uint64_t key; /* the cell's key with bit 63 set; 0: a free slot */
    uint8_t len;  /* bytes */
    uint8_t width;
    bool fitted; /* s is the cell fitted to its column already (table_fit_kept) */
    char s[MEMO_TEXT];
} memo_cell;

typedef enum { CELL_DEADLINE, CELL_STATUS, CELL_PERIOD } cell_kind;

struct table_memo {
    memo_cell deadline[MEMO_DEADLINES];
    memo_cell status[MEMO_STATUSES];
    memo_cell period[MEMO_PERIODS];
};

static const uint64_t KEY_USED = 1ULL << 63;

/* The deadline cell: model_deadline_short reads the kind and the day only. */
static uint64_t deadline_key(const kh_task *t)
{
    return KEY_USED | (uint64_t)(uint32_t)t->due << 8 | (uint64_t)t->dl_kind << 1 |
           (uint64_t)model_task_extended(t);
}

/* The status cell of a task that is not a summary: model_status_label reads
 * the timeliness, whether the task is withdrawn or proposed as done, and
 * the status; the progress follows a task being done. */
static uint64_t status_key(const kh_task *t, kh_date today)
{
    unsigned progress = t->status == ST_DOING ? t->progress : 0;
    return KEY_USED | (uint64_t)model_timeliness(t, today) | (uint64_t)t->status << 4 |
           (uint64_t)model_task_withdrawn(t) << 8 | (uint64_t)model_task_proposed(t) << 9 |
           (uint64_t)progress << 10;
}

/* A periodic task's label before its title ("quý II/2023 – "): the period. */
static uint64_t period_key(const kh_task *t)
{
    return KEY_USED | (uint64_t)t->every | (uint64_t)t->occ << 8 |
           (uint64_t)(uint16_t)t->occ_year << 16;
}

/* Append the deadline cell: the short deadline, marked when extended. */
static void deadline_text(strbuf *out, const kh_task *t, kh_lang lang)
{
    model_deadline_short(out, t, lang);
    if (model_task_extended(t)) sb_puts(out, TABLE_EXTENDED_MARK);
}

/* Append the status cell: "Quá hạn · Đang làm 40%"; for a task assigned to
 * each ward, how many have done it ("1/3 đơn vị xong"). */
static void status_text(strbuf *out, const kh_table *tb, const kh_task *t)
{
    if (model_task_summary(t)) {
        model_member_summary(out, tb->plan, (size_t)(t - tb->plan->tasks), tb->today, tb->lang);
        return;
    }
    model_status_label(out, t, tb->today, tb->lang);
    if (t->status == ST_DOING && t->progress) {
        char buf[8];
        unsigned p = t->progress, n = 0;
        char digits[4];
        do digits[n++] = (char)('0' + p % 10);
        while (p /= 10);
        buf[0] = ' ';
        for (unsigned i = 0; i < n; i++) buf[1 + i] = digits[n - 1 - i];
        buf[1 + n] = '%';
        sb_add(out, buf, n + 2);
    }
}

/* Append the label model_task_row_title puts before t's title. */
static void period_text(strbuf *out, const kh_task *t, kh_lang lang)
{
    kh_task bare = *t;
    bare.title = "";
    model_task_row_title(out, &bare, lang);
}

static memo_cell *memo_table(const kh_table *tb, cell_kind kind, size_t *size)
{
    switch (kind) {
    case CELL_DEADLINE: *size = MEMO_DEADLINES; return tb->memo->deadline;
    case CELL_STATUS: *size = MEMO_STATUSES; return tb->memo->status;
    case CELL_PERIOD: break;
    }
    *size = MEMO_PERIODS;
    return tb->memo->period;
}

/* Return the slot of key, or the free slot where it would go (NULL when
 * neither is within MEMO_PROBES of its place). */
static memo_cell *memo_slot(const kh_table *tb, cell_kind kind, uint64_t key)
{
    size_t size;
    memo_cell *cells = memo_table(tb, kind, &size);
    size_t at = (size_t)((key * 0x9E3779B97F4A7C15ULL) >> 40) & (size - 1);
    for (size_t i = 0; i < MEMO_PROBES; i++) {
        memo_cell *c = &cells[(at + i) & (size - 1)];
        if (c->key == key || c->key == 0) return c;
    }
    return NULL;
}

/* Return the kept cell of key, or NULL. */
static const memo_cell *memo_find(const kh_table *tb, cell_kind kind, uint64_t key)
{
    const memo_cell *c = memo_slot(tb, kind, key);
    return c && c->key == key ? c : NULL;
}

static void cell_text(strbuf *out, const kh_table *tb, cell_kind kind, const kh_task *t)
{
    switch (kind) {
    case CELL_DEADLINE: deadline_text(out, t, tb->lang); break;
    case CELL_STATUS: status_text(out, tb, t); break;
    case CELL_PERIOD: period_text(out, t, tb->lang); break;
    }
}

/* Return the width of t's cell of this kind, keeping the cell when there is
 * room for it. */
static int memo_keep(kh_table *tb, cell_kind kind, uint64_t key, const kh_task *t, strbuf *tmp)
{
    memo_cell *c = memo_slot(tb, kind, key);
    if (c && c->key == key) return c->width;
    sb_reset(tmp);
    cell_text(tmp, tb, kind, t);
    int w = text_width(sb_str(tmp));
    if (c && tmp->len < MEMO_TEXT && w <= UINT8_MAX) {
        c->key = key;
        c->len = (uint8_t)tmp->len;
        c->width = (uint8_t)w;
        memcpy(c->s, sb_str(tmp), tmp->len + 1);
    }
    return w;
}

void table_init(kh_table *tb, const kh_plan *plan, kh_date today, kh_lang lang, bool color)
{
    memset(tb, 0, sizeof *tb);
    tb->plan = plan;
    tb->today = today;
    tb->lang = lang;
    tb->color = color;
    size_t n = plan->nunits ? plan->nunits : 1;
    tb->unit_w = xcalloc(n, sizeof *tb->unit_w);
    tb->unit_len = xcalloc(n, sizeof *tb->unit_len);
    for (size_t i = 0; i < plan->nunits; i++) {
        const char *s = plan->units[i].short_name;
        size_t len = strlen(s);
        int w = text_width(s);
        /* A name wider than any unit column is cut as before (lead_width
         * makes the cell too wide for the copy). */
        bool big = len >= UINT16_MAX || w >= UINT16_MAX;
        tb->unit_len[i] = big ? 0 : (uint16_t)len;
        tb->unit_w[i] = big ? UINT16_MAX : (uint16_t)w;
    }
    tb->memo = xcalloc(1, sizeof *tb->memo);
}

void table_done(kh_table *tb)
{
    free(tb->unit_w);
    free(tb->unit_len);
    free(tb->memo);
    tb->unit_w = tb->unit_len = NULL;
    tb->memo = NULL;
}

/* The width of t's unit cell, the short names of its leads joined by ", "
 * (the widths of UTF-8 strings add up). */
static int lead_width(const kh_table *tb, const kh_task *t)
{
    long w = t->nlead > 1 ? 2L * (t->nlead - 1) : 0;
    for (size_t i = 0; i < t->nlead && w < UINT16_MAX; i++) w += tb->unit_w[t->lead[i]];
    return w < UINT16_MAX ? (int)w : UINT16_MAX;
}

static void lead_text(strbuf *out, const kh_table *tb, const kh_task *t)
{
    for (size_t i = 0; i < t->nlead; i++) {
        if (i) sb_add(out, ", ", 2);
        sb_puts(out, tb->plan->units[t->lead[i]].short_name);
    }
}

void table_measure(kh_table *tb, const uint32_t *idx, size_t n, int w[TABLE_COLUMNS])
{
    const kh_plan *plan = tb->plan;
    strbuf tmp = STRBUF_INIT;
    for (size_t k = 0; k < n; k++) {
        const kh_task *t = &plan->tasks[idx[k]];
        int iw = (int)strlen(t->id);
        if (iw > w[0]) w[0] = iw;
        int lw = lead_width(tb, t);
        if (lw > w[2]) w[2] = lw;
        int dw = memo_keep(tb, CELL_DEADLINE, deadline_key(t), t, &tmp);
        if (dw > w[3]) w[3] = dw;
        int sw;
        if (model_task_summary(t)) {
            sb_reset(&tmp);
            status_text(&tmp, tb, t);
            sw = text_width(sb_str(&tmp));
        } else {
            sw = memo_keep(tb, CELL_STATUS, status_key(t, tb->today), t, &tmp);
        }
        if (sw > w[4]) w[4] = sw;
        if (t->dl_kind == DL_PERIODIC) memo_keep(tb, CELL_PERIOD, period_key(t), t, &tmp);
    }
    if (w[2] > TABLE_LEAD_MAX) w[2] = TABLE_LEAD_MAX;
    if (w[4] > TABLE_STATUS_MAX) w[4] = TABLE_STATUS_MAX;
    sb_done(&tmp);
}

/* Append the cell s (len bytes, width columns, NUL-terminated) in cols
 * columns: what text_fit appends. */
static void put_cell(strbuf *line, const char *s, size_t len, int width, int cols, bool pad)
{
    if (cols <= 0) return;
    if (width > cols) {
        text_fit(line, s, cols, pad);
        return;
    }
    sb_add(line, s, len);
    if (pad && width < cols) sb_repeat(line, ' ', (size_t)(cols - width));
}

/* The width of s when it is printable ASCII (one column a byte), its
 * length in *len; else -1. */
static int ascii_width(const char *s, size_t *len)
{
    size_t i = 0;
    for (; s[i]; i++)
        if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f) return -1;
    *len = i;
    return i <= (size_t)INT32_MAX ? (int)i : -1;
}

/* Fit the kept cells of kind to cols columns (padded when pad). */
static void fit_kept(kh_table *tb, cell_kind kind, int cols, bool pad, strbuf *tmp)
{
    size_t size;
    memo_cell *cells = memo_table(tb, kind, &size);
    for (size_t i = 0; i < size; i++) {
        memo_cell *c = &cells[i];
        if (!c->key) continue;
        sb_reset(tmp);
        put_cell(tmp, c->s, c->len, c->width, cols, pad);
        if (tmp->len < MEMO_TEXT) {
            memcpy(c->s, sb_str(tmp), tmp->len + 1);
            c->len = (uint8_t)tmp->len;
            c->fitted = true;
        }
    }
}

void table_fit_kept(kh_table *tb)
{
    strbuf tmp = STRBUF_INIT;
    fit_kept(tb, CELL_DEADLINE, tb->w[3], true, &tmp);
    fit_kept(tb, CELL_STATUS, tb->w[4], false, &tmp);
    sb_done(&tmp);
}

/* Append a kept cell of kind for t in cols columns, or make it and fit it. */
static void put_kept(strbuf *line, const kh_table *tb, cell_kind kind, uint64_t key,
                     const kh_task *t, int cols, bool pad, strbuf *tmp)
{
    const memo_cell *c = memo_find(tb, kind, key);
    if (c && c->fitted) {
        sb_add(line, c->s, c->len);
        return;
    }
    if (c) {
        put_cell(line, c->s, c->len, c->width, cols, pad);
        return;
    }
    sb_reset(tmp);
    cell_text(tmp, tb, kind, t);
    text_fit(line, sb_str(tmp), cols, pad);
}

void table_row(const kh_table *tb, const kh_task *t, strbuf *line, strbuf *a, strbuf *b)
{
    const int *w = tb->w;
    kh_lang lang = tb->lang;
    kh_timeliness tl = model_timeliness(t, tb->today);
    bool summary = model_task_summary(t);
    const char *color = summary                ? "" /* no state of its own */
                        : tl == TL_OVERDUE     ? "\033[31m"
                        : tl == TL_DUE_SOON    ? "\033[33m"
                        : model_task_done(t)   ? "\033[32m"
                        : t->status == ST_DONE ? "\033[36m" /* proposed */
                                               : "";
    size_t len;
    int iw = ascii_width(t->id, &len);
    if (iw >= 0)
        put_cell(line, t->id, len, iw, w[0], true);
    else
        text_fit(line, t->id, w[0], true);
    sb_putc(line, ' ');

    /* The content: a period's label, then the title. */
    const char *title = t->title;
    if (t->dl_kind == DL_PERIODIC) {
        sb_reset(a);
        const memo_cell *c = memo_find(tb, CELL_PERIOD, period_key(t));
        if (c) {
            sb_add(a, c->s, c->len);
            sb_puts(a, t->title);
        } else {
            model_task_row_title(a, t, lang);
        }
        title = sb_str(a);
    }
    /* The loader lets no control or bidi character into a plan's text but
     * tab and newline: only those need making safe here, and only when
     * they are where the cell is cut (what is shown of a title made of
     * simple characters is the same made safe or not). */
    if (text_fit_simple(line, title, w[1], true) < 0) {
        if (strpbrk(title, "\n\t\r")) {
            sb_reset(b);
            text_sanitize(b, title, TEXT_ONE_LINE);
            title = sb_str(b);
        }
        text_fit(line, title, w[1], true);
    }
    sb_putc(line, ' ');

    int lw = lead_width(tb, t);
    if (lw <= w[2] && w[2] > 0) {
        for (size_t i = 0; i < t->nlead; i++) {
            if (i) sb_add(line, ", ", 2);
            sb_add(line, tb->plan->units[t->lead[i]].short_name, tb->unit_len[t->lead[i]]);
        }
        if (lw < w[2]) sb_repeat(line, ' ', (size_t)(w[2] - lw));
    } else {
        sb_reset(a);
        lead_text(a, tb, t);
        text_fit(line, sb_str(a), w[2], true);
    }
    sb_putc(line, ' ');

    put_kept(line, tb, CELL_DEADLINE, deadline_key(t), t, w[3], true, a);
    sb_putc(line, ' ');

    if (tb->color) sb_puts(line, color);
    if (summary) {
        sb_reset(a);
        status_text(a, tb, t);
        text_fit(line, sb_str(a), w[4], false);
    } else {
        put_kept(line, tb, CELL_STATUS, status_key(t, tb->today), t, w[4], false, a);
    }
    if (tb->color && color[0]) sb_puts(line, "\033[0m");
    sb_putc(line, '\n');
}
