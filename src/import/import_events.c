/* The days deadlines count from ("105 ngày trước ngày bầu cử"): each event a
 * deadline names, with the day the document gives it ("Ngày bầu cử: Chủ
 * nhật, ngày 15/3/2026"), becomes one of the draft's `events`. */
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

/* "ngày bầu cử" -> "bau-cu": the words without "ngày", as an id. */
static const char *event_id(imp_ctx *c, const char *words)
{
    strbuf sb = STRBUF_INIT;
    const char *f = imp_fold(c->d, words);
    if (imp_fold_starts(f, "ngay") && f[4]) f += 5;
    imp_slug(&sb, f);
    /* An id is at most 64 characters: a long name is cut at a word. */
    if (sb.len > 48) {
        size_t n = 48;
        while (n > 1 && sb.data[n] != '-') n--;
        sb.data[n] = '\0';
        sb.len = n;
    }
    while (sb.len && sb.data[sb.len - 1] == '-') sb.data[--sb.len] = '\0';
    if (!sb.len) sb_puts(&sb, "su-kien");
    const char *id = imp_str(c->d, sb_str(&sb));
    sb_done(&sb);
    return id;
}

/* The day a line gives the event: the first date after the event's words,
 * on a line that counts no days from it. */
static bool event_day(imp_ctx *c, const char *words, kh_date *date, doc_pos *at)
{
    char *w = imp_lower(words);
    size_t wn = strlen(w);
    const char *fw = imp_fold(c->d, words);
    bool found = false;
    for (size_t i = 0; i < c->nlines && !found; i++) {
        const imp_line *l = &c->lines[i];
        /* The folded line first: most lines do not name the event. */
        if (!imp_fold_find(l->fold, fw)) continue;
        if (imp_fold_find(l->fold, "ngay truoc") || imp_fold_find(l->fold, "ngay sau")) continue;
        char *lo = imp_lower(l->text);
        const char *hit = strstr(lo, w);
        if (hit) {
            const char *t = l->text + (hit - lo) + wn;
            for (const char *p = t; *p && !found; p++) {
                if (p > t && p[-1] >= '0' && p[-1] <= '9') continue;
                kh_date d;
                if (((*p >= '0' && *p <= '9') || !strncmp(p, "ngày", strlen("ngày"))) &&
                    imp_date_at(p, &d)) {
                    *date = d;
                    *at = l->at;
                    found = true;
                }
            }
        }
        free(lo);
    }
    free(w);
    return found;
}

void imp_events(imp_ctx *c)
{
    imp_draft *d = c->d;
    kh_lang lang = c->lang;
    const char *missing[IMP_MAX_EVENTS]; /* searched for, no day found */
    size_t nmissing = 0;
    for (size_t i = 0; i < d->ntasks; i++) {
        imp_deadline *dl = &d->tasks[i].deadline;
        if (dl->kind != IMP_DL_EVENT || !dl->event) continue;
        dl->event_at = -1;
        if (dl->days < -3660 || dl->days > 3660) {
            /* The format counts at most ten years from an event. */
            dl->why = imp_why_at(IMP_OPEN, dl->why.at,
                                 imp_note(c,
                                          TR(lang,
                                             "thời hạn \"%s\" tính quá 3660 ngày từ sự kiện; hãy "
                                             "ghi ngày vào 'deadline'",
                                             "the deadline \"%s\" counts over 3660 days from its "
                                             "event; write the day in 'deadline'"),
                                          dl->words ? dl->words : dl->event));
            continue;
        }
        const char *id = event_id(c, dl->event);
        for (size_t k = 0; k < d->nevents; k++)
            if (!strcmp(d->events[k].id, id)) dl->event_at = (int32_t)k;
        if (dl->event_at < 0) {
            kh_date date;
            doc_pos at;
            /* A plan counts from one event or two: the document is looked
             * through for at most IMP_MAX_EVENTS of them. */
            bool searched = d->nevents + nmissing >= IMP_MAX_EVENTS;
            for (size_t k = 0; k < nmissing && !searched; k++) searched = !strcmp(missing[k], id);
            bool found = !searched && event_day(c, dl->event, &date, &at);
            if (!found && !searched) missing[nmissing++] = id;
            if (!found) {
                dl->why = imp_why_at(
                    IMP_OPEN, dl->why.at,
                    imp_note(c,
                             TR(lang,
                                "thời hạn tính từ \"%s\" nhưng văn bản không ghi ngày đó; "
                                "thêm nó vào 'events' và ghi {before: ID, days: N}; nay ghi "
                                "tạm là cuối kỳ",
                                "a deadline counted from \"%s\" but the document gives no day "
                                "for it; add it to 'events' and write {before: ID, days: N}; "
                                "for now, the end of the period"),
                             dl->event));
                continue;
            }
            KH_GROW(d->events, d->nevents, d->cap_events);
            imp_event *e = &d->events[d->nevents];
            e->id = id;
            e->name = dl->event;
            e->date = date;
            e->why = imp_why_at(IMP_SOURCE, at, NULL);
            dl->event_at = (int32_t)d->nevents++;
            /* The line giving the day is read now: no longer a paragraph
             * the format has no place for. */
            size_t m = 0;
            for (size_t k = 0; k < d->npoints; k++) {
                const imp_point *p = &d->points[k];
                bool same = p->conf == IMP_FUTURE && p->at.line == at.line &&
                            p->at.table == at.table && p->at.row == at.row && p->at.col == at.col;
                if (!same) d->points[m++] = *p;
            }
            d->npoints = m;
        }
        dl->why = imp_why_at(IMP_SOURCE, dl->why.at, NULL);
    }
}
