/* The import draft as a plan file: hand-written YAML so that each value can
 * carry a comment naming where in the document it came from (libyaml's
 * emitter writes no comments). Every scalar goes through plan_yaml_quote. */
#include "kehoach/plan_draft.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "kehoach/deadline_words.h"
#include "kehoach/model.h"
#include "kehoach/plan_load.h"

/* ---- quoting ---- */

void plan_yaml_quote(strbuf *out, const char *s, int indent, int width)
{
    size_t n = strlen(s);
    /* The column the quote starts at: what the line holds so far. */
    size_t start = out->len;
    while (start && out->data[start - 1] != '\n') start--;
    int col = (int)(out->len - start) + 1;
    sb_putc(out, '"');
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 1) { /* not UTF-8 (the importer never gives it): U+FFFD */
            sb_puts(out, "\xEF\xBF\xBD");
            col++;
            i++;
            continue;
        }
        char c = s[i];
        bool next_plain = i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\n';
        bool prev_plain = i > 0 && s[i - 1] != ' ' && s[i - 1] != '\n';
        if (c == ' ' && width > 0 && col >= width && next_plain && prev_plain) {
            /* a line break in place of this one space: YAML folds it back */
            sb_putc(out, '\n');
            sb_repeat(out, ' ', (size_t)indent);
            col = indent;
            i++;
            continue;
        }
        if (c == ' ' && col == indent && width > 0) {
            sb_puts(out, "\\ "); /* a space after a line break would be stripped */
            col += 2;
            i++;
            continue;
        }
        switch (cp) {
        case '\\':
            sb_puts(out, "\\\\");
            col += 2;
            break;
        case '"':
            sb_puts(out, "\\\"");
            col += 2;
            break;
        case '\t':
            sb_puts(out, "\\t");
            col += 2;
            break;
        case '\n':
            sb_puts(out, "\\n");
            if (width > 0 && i + 1 < n) {
                sb_puts(out, "\\\n");
                sb_repeat(out, ' ', (size_t)indent);
                col = indent;
            } else {
                col += 2;
            }
            break;
        case 0x85:
            sb_puts(out, "\\N");
            col += 2;
            break;
        case 0x2028:
            sb_puts(out, "\\L");
            col += 2;
            break;
        case 0x2029:
            sb_puts(out, "\\P");
            col += 2;
            break;
        default:
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
                sb_printf(out, "\\x%02X", (unsigned)cp);
            else if (cp == 0xfeff || (cp >= 0x202a && cp <= 0x202e) ||
                     (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c)
                sb_printf(out, "\\u%04X", (unsigned)cp);
            else
                sb_add(out, s + i, (size_t)k);
            col++;
        }
        i += (size_t)k;
    }
    sb_putc(out, '"');
}

/* ---- points ---- */

void plan_draft_point_add(plan_draft_points *p, int line, imp_conf conf, const char *msg)
{
    KH_GROW(p->v, p->n, p->cap);
    p->v[p->n].line = line;
    p->v[p->n].conf = conf;
    p->v[p->n].msg = xstrdup(msg);
    p->n++;
}

void plan_draft_points_free(plan_draft_points *p)
{
    for (size_t i = 0; i < p->n; i++) free(p->v[i].msg);
    free(p->v);
    memset(p, 0, sizeof *p);
}

/* ---- the writer ---- */

enum { WIDTH = 96 };

typedef struct {
    const imp_draft *d;
    const kh_doc *doc;
    kh_lang lang;
    strbuf *out;
    plan_draft_points *points;
    int line;       /* the line being written, from 1 */
    size_t counted; /* bytes of out counted into line */
    strbuf pending; /* review messages for the next key */
    imp_conf pending_conf[64];
    size_t npending;
    char *pending_msg[64];
} writer;

static void count(writer *w)
{
    for (; w->counted < w->out->len; w->counted++)
        if (w->out->data[w->counted] == '\n') w->line++;
}

/* Append text to a comment: no line breaks, nothing a plan file refuses. */
static void comment_text(strbuf *sb, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 1) {
            sb_putc(sb, '?');
            i++;
            continue;
        }
        bool bad = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 ||
                   cp == 0x2029 || cp == 0xfeff || (cp >= 0x202a && cp <= 0x202e) ||
                   (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c;
        if (bad)
            sb_putc(sb, cp == '\n' || cp == '\t' ? ' ' : '?');
        else
            sb_add(sb, s + i, (size_t)k);
        i += (size_t)k;
    }
}

/* Write "# text" at indent, wrapped at WIDTH columns. */
static void comment(writer *w, int indent, const char *text)
{
    strbuf t = STRBUF_INIT;
    comment_text(&t, text);
    const char *s = sb_str(&t);
    size_t n = t.len, i = 0;
    while (i < n) {
        size_t cols = 0, j = i, cut = 0;
        while (j < n) {
            if (s[j] == ' ') cut = j;
            if (((unsigned char)s[j] & 0xC0) != 0x80) cols++;
            if (cols + (size_t)indent + 2 > WIDTH && cut > i) break;
            j++;
        }
        size_t end = j >= n ? n : cut;
        sb_repeat(w->out, ' ', (size_t)indent);
        sb_puts(w->out, "# ");
        sb_add(w->out, s + i, end - i);
        sb_putc(w->out, '\n');
        i = end;
        while (i < n && s[i] == ' ') i++;
    }
    sb_done(&t);
    count(w);
}

static const char *conf_word(imp_conf c, kh_lang lang)
{
    switch (c) {
    case IMP_GUESS: return TR(lang, "đoán", "guess");
    case IMP_OPEN: return TR(lang, "thiếu", "open");
    case IMP_FUTURE: return TR(lang, "định dạng mới", "next format");
    default: return "";
    }
}

static bool for_review(imp_conf c)
{
    return c == IMP_GUESS || c == IMP_OPEN || c == IMP_FUTURE;
}

/* "seed.txt, dòng 12" */
static void where(writer *w, strbuf *sb, doc_pos at)
{
    if (!at.line && at.table < 0) return;
    if (!at.line && !at.table && !at.row && !at.col) return;
    sb_printf(sb, "%s, ", w->d->source);
    doc_pos_name(sb, w->doc, at, w->lang);
}

/* Queue a point for the next key written. */
static void queue(writer *w, imp_conf conf, const char *msg)
{
    if (w->npending >= KH_ARRAY_LEN(w->pending_msg)) return;
    w->pending_conf[w->npending] = conf;
    w->pending_msg[w->npending++] = xstrdup(msg);
}

/* The comment for a value: how it was read and where it came from; a value
 * for review gets "XEM LẠI" and a point at the key written next. */
static void why(writer *w, int indent, const imp_why *y, bool always)
{
    kh_lang lang = w->lang;
    bool rev = for_review(y->conf);
    if (!rev && !y->note && !always) return;
    strbuf sb = STRBUF_INIT, src = STRBUF_INIT;
    where(w, &src, y->at);
    if (rev) sb_printf(&sb, "%s (%s): ", TR(lang, "XEM LẠI", "REVIEW"), conf_word(y->conf, lang));
    if (y->note) sb_puts(&sb, y->note);
    if (src.len) sb_printf(&sb, y->note || rev ? " [%s]" : "%s", sb_str(&src));
    if (sb.len) comment(w, indent, sb_str(&sb));
    if (rev) {
        strbuf m = STRBUF_INIT;
        sb_printf(&m, "%s: %s", conf_word(y->conf, lang),
                  y->note ? y->note : TR(lang, "cần xem lại", "to review"));
        if (src.len) sb_printf(&m, " (%s)", sb_str(&src));
        queue(w, y->conf, sb_str(&m));
        sb_done(&m);
    }
    sb_done(&sb);
    sb_done(&src);
}

/* Start a line at indent: the pending points take its line. */
static void line_start(writer *w, int indent)
{
    count(w);
    for (size_t i = 0; i < w->npending; i++) {
        plan_draft_point_add(w->points, w->line, w->pending_conf[i], w->pending_msg[i]);
        free(w->pending_msg[i]);
    }
    w->npending = 0;
    sb_repeat(w->out, ' ', (size_t)indent);
}

static void raw(writer *w, const char *s)
{
    sb_puts(w->out, s);
}

/* key: "value" (wrapped). */
static void key_str(writer *w, int indent, const char *key, const char *value)
{
    if (!value) return;
    line_start(w, indent);
    sb_printf(w->out, "%s: ", key);
    plan_yaml_quote(w->out, value, indent + 2, WIDTH);
    sb_putc(w->out, '\n');
}

static void key_date(writer *w, int indent, const char *key, kh_date date)
{
    char buf[11];
    if (date == KH_NO_DATE) return;
    key_str(w, indent, key, date_format_iso(date, buf));
}

static void item_str(writer *w, int indent, const char *value)
{
    line_start(w, indent);
    raw(w, "- ");
    plan_yaml_quote(w->out, value, indent + 2, WIDTH);
    sb_putc(w->out, '\n');
}

static void units_flow(writer *w, int indent, const char *key, const uint16_t *u, size_t n)
{
    if (!n) return;
    line_start(w, indent);
    sb_printf(w->out, "%s: [", key);
    for (size_t i = 0; i < n; i++) {
        if (i) raw(w, ", ");
        plan_yaml_quote(w->out, w->d->units[u[i]].id, 0, 0);
    }
    raw(w, "]\n");
}

/* A text value cut to what a plan file holds, with an open point. */
static const char *fit(writer *w, const char *text, char **owned)
{
    *owned = NULL;
    size_t n = strlen(text);
    if (n < PLAN_MAX_SCALAR - 64) return text;
    size_t cut = PLAN_MAX_SCALAR - 64;
    while (cut && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;
    *owned = xstrndup(text, cut);
    strbuf m = STRBUF_INIT;
    sb_printf(&m,
              TR(w->lang,
                 "%s: văn bản dài %zu byte, quá giới hạn của tệp kế hoạch; đã cắt còn "
                 "%zu byte",
                 "%s: the text is %zu bytes, over the plan file's limit; cut to %zu bytes"),
              conf_word(IMP_OPEN, w->lang), n, cut);
    queue(w, IMP_OPEN, sb_str(&m));
    sb_done(&m);
    return *owned;
}

static bool same_group(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Section I's aims, each group of the plan ("1. Mục đích" over its points)
 * written as a group ({heading, items}), a plain aim as a text. */
static void aims_block(writer *w)
{
    const imp_draft *d = w->d;
    if (!d->naims) return;
    raw(w, "aims:\n");
    for (size_t i = 0; i < d->naims; i++) {
        const imp_aim *a = &d->aims[i];
        int indent = 2;
        if (a->group) {
            indent = 6;
            if (!i || !same_group(d->aims[i - 1].group, a->group)) {
                line_start(w, 2);
                raw(w, "- heading: ");
                plan_yaml_quote(w->out, a->group, 4, WIDTH);
                raw(w, "\n");
                line_start(w, 4);
                raw(w, "items:\n");
            }
        }
        why(w, indent, &a->why, true);
        char *owned;
        const char *t = fit(w, a->text, &owned);
        item_str(w, indent, t);
        free(owned);
    }
    raw(w, "\n");
}

static void text_key(writer *w, int indent, const char *key, const char *text)
{
    char *owned;
    const char *t = fit(w, text, &owned);
    key_str(w, indent, key, t);
    free(owned);
}

/* Return true when the plan loader reads the deadline's words as the
 * importer did (same kind, same days): then they are written as they are. */
static bool words_hold(const writer *w, const imp_deadline *dl)
{
    if (!dl->words || !*dl->words) return false;
    int y, m, dd;
    date_to_ymd(w->d->from, &y, &m, &dd);
    dw_reading r;
    dw_kind k = dw_read(dl->words, y, &r);
    switch (dl->kind) {
    case IMP_DL_DATE: return k == DW_DATE && dw_due(&r) == dl->date;
    case IMP_DL_WINDOW: return k == DW_WINDOW && dw_due(&r) == dl->date && r.from == dl->from;
    case IMP_DL_CONTINUOUS: return k == DW_CONTINUOUS;
    default: return false;
    }
}

static void deadline(writer *w, int indent, const imp_task *t)
{
    kh_lang lang = w->lang;
    const imp_deadline *dl = &t->deadline;
    if (t->inherit) return; /* a sub-item: its task's */
    why(w, indent, &dl->why, false);
    char buf[11], buf2[11];
    if (words_hold(w, dl)) {
        /* The plan's own words, as the format reads them: kept as written. */
        key_str(w, indent, "deadline", dl->words);
        return;
    }
    switch (dl->kind) {
    case IMP_DL_DATE:
        key_str(w, indent, "deadline", date_format_iso(dl->date, buf));
        key_str(w, indent, "deadline_text", dl->words);
        return;
    case IMP_DL_WINDOW:
        if (dl->from == KH_NO_DATE || dl->from > dl->date) {
            key_str(w, indent, "deadline", date_format_iso(dl->date, buf));
            key_str(w, indent, "deadline_text", dl->words);
            return;
        }
        line_start(w, indent);
        sb_printf(w->out, "deadline: {from: %s, to: %s}\n", date_format_iso(dl->from, buf),
                  date_format_iso(dl->date, buf2));
        key_str(w, indent, "deadline_text", dl->words);
        return;
    case IMP_DL_CONTINUOUS:
        line_start(w, indent);
        raw(w, "deadline: continuous\n");
        return;
    case IMP_DL_PERIODIC: {
        static const char *const kinds[] = {"month", "quarter", "half-year", "nine-months", "year"};
        line_start(w, indent);
        raw(w, "deadline: {every: [");
        bool first = true;
        for (int k = 0; k < EVERY_COUNT; k++)
            if (dl->every & (1u << k)) {
                if (!first) raw(w, ", ");
                raw(w, kinds[k]);
                first = false;
            }
        raw(w, "]}\n");
        return;
    }
    case IMP_DL_NONE:
        if (dl->why.conf != IMP_OPEN) {
            strbuf m = STRBUF_INIT;
            sb_printf(&m, "%s: %s", conf_word(IMP_OPEN, lang),
                      TR(lang, "không đọc được thời hạn; tạm ghi cuối kỳ",
                         "no deadline read; the end of the period for now"));
            queue(w, IMP_OPEN, sb_str(&m));
            sb_done(&m);
        }
        /* fall through */
    case IMP_DL_EVENT:
        if (dl->kind == IMP_DL_EVENT && dl->event_at >= 0 && (size_t)dl->event_at < w->d->nevents) {
            line_start(w, indent);
            raw(w, dl->days < 0 ? "deadline: {before: " : "deadline: {after: ");
            plan_yaml_quote(w->out, w->d->events[dl->event_at].id, 0, 0);
            sb_printf(w->out, ", days: %d}\n", dl->days < 0 ? -dl->days : dl->days);
            key_str(w, indent, "deadline_text", dl->words);
            return;
        }
        /* fall through */
    case IMP_DL_PERIOD_END:
        line_start(w, indent);
        raw(w, "deadline: end-of-period\n");
        key_str(w, indent, "deadline_text", dl->words);
        return;
    }
}

static void task(writer *w, int indent, const imp_task *t, int duty_unit);

/* A task's sub-items, under `items`: the tasks after it whose parent it is. */
static void sub_items(writer *w, int indent, const imp_task *t)
{
    const imp_draft *d = w->d;
    if (!t->group) return;
    bool first = true;
    /* They follow it, up to the next task that is no sub-item. */
    for (size_t i = (size_t)(t - d->tasks) + 1; i < d->ntasks && d->tasks[i].parent; i++) {
        const imp_task *s = &d->tasks[i];
        if (s->parent != t->id) continue;
        if (first) {
            line_start(w, indent);
            raw(w, "items:\n");
            first = false;
        }
        task(w, indent + 2, s, -1);
    }
}

static void task(writer *w, int indent, const imp_task *t, int duty_unit)
{
    kh_lang lang = w->lang;
    strbuf sb = STRBUF_INIT;
    where(w, &sb, t->why.at);
    if (t->why.to.line != t->why.at.line && t->why.at.table < 0) {
        sb_puts(&sb,
                TR(lang, " (nối qua chỗ ngắt trang, đến ", " (joined across a page break, to "));
        doc_pos_name(&sb, w->doc, t->why.to, lang);
        sb_putc(&sb, ')');
    }
    if (t->why.note) sb_printf(&sb, "; %s", t->why.note);
    if (sb.len) comment(w, indent, sb_str(&sb));
    sb_done(&sb);
    line_start(w, indent);
    raw(w, "- id: ");
    plan_yaml_quote(w->out, t->id, 0, 0);
    raw(w, "\n");
    indent += 2;
    text_key(w, indent, "text", t->text);
    if (t->ncites) {
        line_start(w, indent);
        raw(w, "cites:\n");
        for (size_t i = 0; i < t->ncites; i++) item_str(w, indent + 2, t->cites[i]);
    }
    bool own_lead = duty_unit < 0 || t->nlead != 1 || t->lead[0] != duty_unit;
    if (own_lead && t->nlead) {
        why(w, indent, &t->lead_why, false);
        units_flow(w, indent, "lead", t->lead, t->nlead);
    }
    if (t->nsupport) {
        why(w, indent, &t->support_why, false);
        units_flow(w, indent, "support", t->support, t->nsupport);
    }
    deadline(w, indent, t);
    if (t->product) text_key(w, indent, "output", t->product);
    sub_items(w, indent, t);
    if (!t->parent) sb_putc(w->out, '\n');
}

static void plan_block(writer *w)
{
    const imp_draft *d = w->d;
    kh_lang lang = w->lang;
    raw(w, "plan:\n");
    why(w, 2, &d->id_why, false);
    key_str(w, 2, "id", d->id);
    why(w, 2, &d->title_why, true);
    key_str(w, 2, "title", d->title);
    why(w, 2, &d->issuer_why, true);
    key_str(w, 2, "issuer", d->issuer);
    if (d->number || for_review(d->number_why.conf)) why(w, 2, &d->number_why, true);
    key_str(w, 2, "number", d->number);
    if (d->date != KH_NO_DATE) why(w, 2, &d->date_why, true);
    key_date(w, 2, "date", d->date);
    if (d->place) {
        why(w, 2, &d->place_why, false);
        key_str(w, 2, "place", d->place);
    }
    if (d->place_name) {
        comment(w, 2,
                TR(lang, "nơi ghi ở dòng ngày tháng của văn bản",
                   "the place the document's date line names"));
        key_str(w, 2, "place_name", d->place_name);
    }
    why(w, 2, &d->period_why, false);
    char a[11], b[11];
    line_start(w, 2);
    sb_printf(w->out, "period: {from: %s, to: %s}\n", date_format_iso(d->from, a),
              date_format_iso(d->to, b));
    if (d->preamble) {
        why(w, 2, &d->preamble_why, true);
        text_key(w, 2, "preamble", d->preamble);
    }
    size_t nrefs = 0;
    for (size_t i = 0; i < d->nbasis; i++) nrefs += d->basis[i].number != NULL;
    if (nrefs) {
        comment(w, 2,
                TR(lang, "Căn cứ: các văn bản mà đoạn mở đầu nêu",
                   "Basis: the documents the opening names"));
        line_start(w, 2);
        raw(w, "implements:\n");
        for (size_t i = 0; i < d->nbasis; i++) {
            const imp_ref *r = &d->basis[i];
            if (!r->number) continue;
            if (r->plan_id) {
                strbuf m = STRBUF_INIT;
                sb_printf(&m,
                          TR(lang, "kế hoạch %s của không gian làm việc (%s)",
                             "the workspace's plan %s (%s)"),
                          r->plan_id, r->plan_file ? r->plan_file : "?");
                comment(w, 4, sb_str(&m));
                sb_done(&m);
            }
            line_start(w, 4);
            raw(w, "- number: ");
            plan_yaml_quote(w->out, r->number, 0, 0);
            raw(w, "\n");
            key_str(w, 6, "kind", r->kind);
            key_date(w, 6, "date", r->date);
            key_str(w, 6, "issuer", r->issuer);
            key_str(w, 6, "title", r->title);
        }
    }
    if (d->issued_with.number && d->issued_with.kind) {
        why(w, 2, &d->issued_with.why, true);
        line_start(w, 2);
        raw(w, "issued_with:\n");
        key_str(w, 4, "kind", d->issued_with.kind);
        key_str(w, 4, "number", d->issued_with.number);
        key_date(w, 4, "date", d->issued_with.date);
    }
    if (for_review(d->signer_why.conf) && !d->signer_role && !d->signer_name)
        why(w, 2, &d->signer_why, false);
    if (d->signer_role || d->signer_name) {
        why(w, 2, &d->signer_why, true);
        line_start(w, 2);
        raw(w, "signer:\n");
        key_str(w, 4, "role", d->signer_role);
        key_str(w, 4, "name", d->signer_name);
    }
    if (d->nrecipients) {
        why(w, 2, &d->recipients_why, true);
        line_start(w, 2);
        raw(w, "recipients:\n");
        for (size_t i = 0; i < d->nrecipients; i++) item_str(w, 4, d->recipients[i]);
    }
    if (d->closing) {
        why(w, 2, &d->closing_why, true);
        text_key(w, 2, "closing", d->closing);
    }
    raw(w, "\n");
}

/* `sections`: the headings as written, when one is not I, II or III. */
static void sections_block(writer *w)
{
    const imp_draft *d = w->d;
    if (!d->sections_own) return;
    static const char *const keys[] = {"aims", "contents", "organization"};
    comment(w, 0,
            TR(w->lang, "Các phần của kế hoạch, như văn bản ghi tên",
               "The plan's sections, headed as the document heads them"));
    raw(w, "sections:\n");
    for (int k = 0; k < 3; k++) key_str(w, 2, keys[k], d->sections[k]);
    raw(w, "\n");
}

/* `events`: the days deadlines count from. */
static void events_block(writer *w)
{
    const imp_draft *d = w->d;
    if (!d->nevents) return;
    raw(w, "events:\n");
    for (size_t i = 0; i < d->nevents; i++) {
        const imp_event *e = &d->events[i];
        why(w, 2, &e->why, true);
        line_start(w, 2);
        raw(w, "- id: ");
        plan_yaml_quote(w->out, e->id, 0, 0);
        raw(w, "\n");
        key_str(w, 4, "name", e->name);
        key_date(w, 4, "date", e->date);
    }
    raw(w, "\n");
}

/* `targets`: the measurable targets (chỉ tiêu) of the aims. */
static void targets_block(writer *w)
{
    const imp_draft *d = w->d;
    if (!d->ntargets) return;
    static const char *const measures[] = {"percent", "count", "yesno"};
    raw(w, "targets:\n");
    for (size_t i = 0; i < d->ntargets; i++) {
        const imp_target *t = &d->targets[i];
        why(w, 2, &t->why, true);
        line_start(w, 2);
        raw(w, "- id: ");
        plan_yaml_quote(w->out, t->id, 0, 0);
        raw(w, "\n");
        text_key(w, 4, "text", t->text);
        line_start(w, 4);
        sb_printf(w->out, "measure: %s\n", measures[t->measure]);
        if (t->ngoals) {
            line_start(w, 4);
            raw(w, "goals: {");
            for (size_t k = 0; k < t->ngoals; k++) {
                if (k) raw(w, ", ");
                sb_printf(w->out, "%d: ", t->years[k]);
                plan_yaml_quote(w->out, t->values[k], 0, 0);
            }
            raw(w, "}\n");
        }
    }
    raw(w, "\n");
}

void plan_draft_write(const imp_draft *d, const kh_doc *doc, kh_lang lang, strbuf *out,
                      plan_draft_points *points)
{
    writer w;
    memset(&w, 0, sizeof w);
    w.d = d;
    w.doc = doc;
    w.lang = lang;
    w.out = out;
    w.points = points;
    w.line = 1;
    w.counted = out->len;
    strbuf head = STRBUF_INIT;
    sb_printf(&head,
              TR(lang,
                 "Bản nháp kế hoạch do \"kehoach import\" lập từ %s. Mỗi chú thích \"XEM LẠI\" "
                 "là một điểm cần người đọc kiểm tra (danh sách in ra khi nhập); sửa xong, "
                 "kiểm tra bằng: kehoach check TỆP. Định dạng: docs/plan-format.md.",
                 "A plan drafted by \"kehoach import\" from %s. Each \"REVIEW\" comment is a "
                 "point a person must check (the list is printed by the import); when done, "
                 "check it with: kehoach check FILE. Format: docs/plan-format.md."),
              d->source);
    comment(&w, 0, sb_str(&head));
    sb_done(&head);
    raw(&w, "kehoach: 1\n\n");
    plan_block(&w);
    sections_block(&w);
    events_block(&w);

    raw(&w, "units:\n");
    for (size_t i = 0; i < d->nunits; i++) {
        const imp_unit *u = &d->units[i];
        why(&w, 2, &u->why, false);
        line_start(&w, 2);
        raw(&w, "- id: ");
        plan_yaml_quote(out, u->id, 0, 0);
        raw(&w, "\n");
        key_str(&w, 4, "name", u->name);
        key_str(&w, 4, "short", u->short_name);
    }
    raw(&w, "\n");

    aims_block(&w);

    targets_block(&w);

    bool any = false;
    for (size_t i = 0; i < d->ntasks; i++) any |= d->tasks[i].section == 2;
    if (any) {
        raw(&w, "contents:\n");
        for (size_t i = 0; i < d->ntasks; i++) {
            const imp_task *t = &d->tasks[i];
            if (t->section != 2 || t->parent) continue;
            task(&w, 2, t, -1);
        }
    }
    if (d->nduties || d->org_intro) {
        raw(&w, "organization:\n");
        if (d->org_intro) {
            why(&w, 2, &d->org_intro_why, true);
            text_key(&w, 2, "intro", d->org_intro);
        }
        if (d->nduties) {
            line_start(&w, 2);
            raw(&w, "duties:\n");
        }
        for (size_t k = 0; k < d->nduties; k++) {
            const imp_duty *duty = &d->duties[k];
            why(&w, 4, &duty->why, true);
            line_start(&w, 4);
            raw(&w, "- unit: ");
            plan_yaml_quote(out, d->units[duty->unit].id, 0, 0);
            raw(&w, "\n");
            key_str(&w, 6, "heading", duty->heading);
            if (duty->nitems) {
                why(&w, 6, &duty->items_why, false);
                line_start(&w, 6);
                raw(&w, "items: [");
                for (size_t j = 0; j < duty->nitems; j++) {
                    if (j) raw(&w, ", ");
                    plan_yaml_quote(out, duty->items[j], 0, 0);
                }
                raw(&w, "]\n");
            }
            bool tasks = false;
            for (size_t i = 0; i < d->ntasks; i++)
                if (d->tasks[i].section == 3 && d->tasks[i].duty == (int32_t)k) tasks = true;
            if (!tasks) continue;
            line_start(&w, 6);
            raw(&w, "tasks:\n");
            for (size_t i = 0; i < d->ntasks; i++) {
                const imp_task *t = &d->tasks[i];
                if (t->section == 3 && t->duty == (int32_t)k && !t->parent)
                    task(&w, 8, t, duty->unit);
            }
        }
    }
    /* Points that belong to no value: at the end, in a comment of their own. */
    bool first = true;
    for (size_t i = 0; i < d->npoints; i++) {
        const imp_point *p = &d->points[i];
        if (first) {
            raw(&w, "\n");
            comment(&w, 0, TR(lang, "Các điểm khác cần xem lại:", "Other points to review:"));
            first = false;
        }
        strbuf src = STRBUF_INIT, m = STRBUF_INIT;
        where(&w, &src, p->at);
        sb_printf(&m, "%s (%s): %s", TR(lang, "XEM LẠI", "REVIEW"), conf_word(p->conf, lang),
                  p->msg);
        if (src.len) sb_printf(&m, " [%s]", sb_str(&src));
        count(&w);
        int line = w.line;
        comment(&w, 0, sb_str(&m));
        sb_reset(&m);
        sb_printf(&m, "%s: %s", conf_word(p->conf, lang), p->msg);
        if (src.len) sb_printf(&m, " (%s)", sb_str(&src));
        plan_draft_point_add(points, line, p->conf, sb_str(&m));
        sb_done(&src);
        sb_done(&m);
    }
    count(&w);
    for (size_t i = 0; i < w.npending; i++) {
        plan_draft_point_add(points, w.line, w.pending_conf[i], w.pending_msg[i]);
        free(w.pending_msg[i]);
    }
    w.npending = 0;
    sb_done(&w.pending);
}
