/* The importer's walk through a plan document, in the order a careful
 * reader takes: the heading block (issuing body, number, date), the title
 * ("KẾ HOẠCH" and the lines under it), the opening paragraph and the
 * documents it names, the sections by their Roman numerals (aims, contents,
 * organisation, in any order), the closing, "Nơi nhận" and the signature.
 * Then who leads what: the duties' references back to items ("khoản 1, 2 và
 * 6, phần II"), the unit that follows the whole plan for the rest. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "kehoach/model.h"

/* ---- the draft ---- */

imp_why imp_why_at(imp_conf conf, doc_pos at, const char *note)
{
    imp_why w;
    memset(&w, 0, sizeof w);
    w.conf = conf;
    w.at = at;
    w.to = at;
    w.note = note;
    return w;
}

const char *imp_note(imp_ctx *c, const char *fmt, ...)
{
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    const char *r = imp_str(c->d, sb_str(&sb));
    sb_done(&sb);
    return r;
}

void imp_point_add(imp_ctx *c, imp_conf conf, doc_pos at, const char *anchor, const char *fmt, ...)
{
    imp_draft *d = c->d;
    if (d->npoints >= 10000) return;
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    KH_GROW(d->points, d->npoints, d->cap_points);
    imp_point *p = &d->points[d->npoints++];
    p->conf = conf;
    p->at = at;
    p->anchor = anchor;
    p->msg = imp_str(d, sb_str(&sb));
    sb_done(&sb);
}

static size_t id_hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Return the index of the task with this id, or -1 (the id index). */
static long task_index(const imp_ctx *c, const char *id)
{
    if (!c->ids_cap) return -1;
    for (size_t i = id_hash(id) & (c->ids_cap - 1);; i = (i + 1) & (c->ids_cap - 1)) {
        uint32_t v = c->ids[i];
        if (!v) return -1;
        if (!strcmp(c->d->tasks[v - 1].id, id)) return (long)(v - 1);
    }
}

static void index_task(imp_ctx *c, size_t k)
{
    if (2 * (c->d->ntasks + 1) > c->ids_cap) {
        size_t cap = c->ids_cap ? c->ids_cap * 2 : 64;
        while (cap < 2 * (c->d->ntasks + 1)) cap *= 2;
        free(c->ids);
        c->ids = xcalloc(cap, sizeof *c->ids);
        c->ids_cap = cap;
        for (size_t j = 0; j < c->d->ntasks; j++)
            if (j != k) index_task(c, j);
    }
    size_t i = id_hash(c->d->tasks[k].id) & (c->ids_cap - 1);
    while (c->ids[i]) i = (i + 1) & (c->ids_cap - 1);
    c->ids[i] = (uint32_t)(k + 1);
}

const char *imp_unique_task_id(imp_ctx *c, const char *id)
{
    strbuf sb = STRBUF_INIT;
    for (const char *p = id; *p && sb.len < 56; p++) {
        char ch = *p;
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
        sb_putc(&sb, ok ? ch : '-');
    }
    if (!sb.len ||
        !((sb.data[0] >= 'a' && sb.data[0] <= 'z') || (sb.data[0] >= 'A' && sb.data[0] <= 'Z') ||
          (sb.data[0] >= '0' && sb.data[0] <= '9'))) {
        char *rest = sb_take(&sb);
        sb_printf(&sb, "T%s", rest);
        free(rest);
    }
    const char *base = imp_str(c->d, sb_str(&sb));
    sb_done(&sb);
    if (task_index(c, base) < 0) return base;
    for (int k = 2;; k++) {
        const char *alt = imp_note(c, "%s-%d", base, k);
        if (task_index(c, alt) < 0) return alt;
    }
}

imp_task *imp_task_add(imp_ctx *c, const char *id, const char *text, doc_pos at, doc_pos to)
{
    imp_draft *d = c->d;
    KH_GROW(d->tasks, d->ntasks, d->cap_tasks);
    imp_task *t = &d->tasks[d->ntasks++];
    memset(t, 0, sizeof *t);
    t->id = id;
    t->text = text;
    t->duty = -1;
    t->deadline.date = t->deadline.from = KH_NO_DATE;
    t->deadline.event_at = -1;
    t->why = imp_why_at(IMP_SOURCE, at, NULL);
    t->why.to = to;
    index_task(c, d->ntasks - 1);
    return t;
}

void import_free(imp_draft *d)
{
    if (!d) return;
    free(d->basis);
    free(d->recipients);
    free(d->aims);
    free(d->units);
    for (size_t i = 0; i < d->nduties; i++) free(d->duties[i].items);
    free(d->duties);
    for (size_t i = 0; i < d->ntasks; i++) free(d->tasks[i].cites);
    free(d->tasks);
    free(d->points);
    free(d->events);
    free(d->targets);
    arena_done(&d->mem);
    free(d);
}

static bool review(imp_conf c)
{
    return c == IMP_GUESS || c == IMP_OPEN || c == IMP_FUTURE;
}

size_t import_review_count(const imp_draft *d)
{
    size_t n = d->npoints;
    const imp_why *plan[] = {&d->id_why,         &d->title_why,    &d->issuer_why,
                             &d->number_why,     &d->date_why,     &d->place_why,
                             &d->period_why,     &d->preamble_why, &d->signer_why,
                             &d->recipients_why, &d->closing_why,  &d->org_intro_why};
    for (size_t i = 0; i < KH_ARRAY_LEN(plan); i++) n += review(plan[i]->conf);
    for (size_t i = 0; i < d->nunits; i++) n += review(d->units[i].why.conf);
    for (size_t i = 0; i < d->ntasks; i++) {
        const imp_task *t = &d->tasks[i];
        n += review(t->lead_why.conf) + review(t->support_why.conf) + review(t->deadline.why.conf) +
             review(t->why.conf);
    }
    for (size_t i = 0; i < d->nduties; i++) n += review(d->duties[i].items_why.conf);
    for (size_t i = 0; i < d->naims; i++) n += review(d->aims[i].why.conf);
    return n;
}

/* ---- lines ---- */

static void build_lines(imp_ctx *c)
{
    kh_doc *doc = c->doc;
    imp_draft *d = c->d;
    c->lines = xcalloc(doc->nparas ? doc->nparas : 1, sizeof *c->lines);
    for (size_t i = 0; i < doc->nparas; i++) {
        const doc_para *p = &doc->paras[i];
        imp_line *l = &c->lines[c->nlines];
        memset(l, 0, sizeof *l);
        l->at = l->to = p->pos;
        l->table = p->pos.table;
        l->bold = p->bold;
        l->heading = p->heading > 0;
        l->centered = p->align == DOC_ALIGN_CENTER;
        const char *text = p->text;
        l->label = p->number;
        if (l->label && imp_label_bullet(l->label)) l->label = "-";
        if (!l->label) {
            size_t skip, n = imp_label(text, &skip);
            if (n) {
                l->label = imp_strn(d, text, n);
                if (imp_label_bullet(l->label)) l->label = "-";
                text += skip;
            }
        }
        if (!*text && !l->label) continue;
        l->text = text;
        c->nlines++;
    }
    /* Paragraphs cut by a page break ("... dự" / "án, đánh giá ..."): joined
     * when the first ends without a stop and the second starts in lower
     * case, neither being a heading, a list item or bold. */
    size_t w = 0;
    for (size_t i = 0; i < c->nlines; i++) {
        imp_line *l = &c->lines[i];
        if (w > 0) {
            imp_line *prev = &c->lines[w - 1];
            bool join = prev->table == l->table && prev->at.row == l->at.row &&
                        prev->at.col == l->at.col && !prev->heading && !l->heading && !prev->bold &&
                        !l->bold && !l->label && *prev->text && !imp_ends_sentence(prev->text) &&
                        imp_starts_lower(l->text) && strlen(prev->text) > 40;
            if (join) {
                prev->text = imp_note(c, "%s %s", prev->text, l->text);
                prev->to = l->to;
                prev->joined = true;
                continue;
            }
        }
        c->lines[w++] = *l;
    }
    c->nlines = w;
    for (size_t i = 0; i < c->nlines; i++) {
        imp_line *l = &c->lines[i];
        l->fold = imp_fold(d, l->text);
        l->upper = imp_upper(l->text);
    }
}

/* The full text of a line, its label included ("1. Văn phòng – thông kê"). */
static const char *full_text(imp_ctx *c, const imp_line *l)
{
    if (!l->label || !strcmp(l->label, "-")) return l->text;
    return imp_note(c, "%s %s", l->label, l->text);
}

static doc_pos pos_of(const imp_line *l)
{
    return l->at;
}

/* ---- sections ---- */

typedef enum { SEC_AIMS, SEC_CONTENTS, SEC_ORG, SEC_BASIS, SEC_APPENDIX, SEC_OTHER } sec_kind;

/* Return the Roman number of a section heading ("II. NỘI DUNG THỰC HIỆN"),
 * -1 for an appendix heading ("PHỤ LỤC"), or 0. */
static int section_number(const imp_line *l)
{
    if (l->table >= 0) return 0;
    bool looks = l->upper || l->bold || l->heading;
    if (!looks || strlen(l->text) > 200) return 0;
    if (imp_fold_starts(l->fold, "phu luc") && !l->label) return -1;
    bool roman;
    char letter;
    int n = imp_label_number(l->label, &roman, &letter);
    return roman ? n : 0;
}

static sec_kind section_kind(const imp_line *l)
{
    const char *f = l->fold;
    if (imp_fold_starts(f, "phu luc")) return SEC_APPENDIX;
    if (imp_fold_find(f, "to chuc thuc hien") || imp_fold_find(f, "trach nhiem thuc hien") ||
        imp_fold_find(f, "phan cong nhiem vu") || imp_fold_find(f, "phan cong thuc hien"))
        return SEC_ORG;
    if (imp_fold_find(f, "muc dich") || imp_fold_find(f, "yeu cau") ||
        imp_fold_find(f, "muc tieu") || imp_fold_find(f, "chi tieu"))
        return SEC_AIMS;
    if (imp_fold_find(f, "can cu")) return SEC_BASIS;
    if (imp_fold_find(f, "noi dung") || imp_fold_find(f, "nhiem vu") ||
        imp_fold_find(f, "giai phap") || imp_fold_find(f, "cong viec") ||
        imp_fold_find(f, "hoat dong") || imp_fold_find(f, "lo trinh") ||
        imp_fold_find(f, "che do bao cao") || imp_fold_find(f, "tien do"))
        return SEC_CONTENTS;
    return SEC_OTHER;
}

static bool is_closing(const imp_line *l)
{
    return !l->label &&
           (imp_fold_starts(l->fold, "tren day") || imp_fold_starts(l->fold, "trong qua trinh") ||
            imp_fold_starts(l->fold, "noi nhan"));
}

static bool is_recipients(const imp_line *l)
{
    return imp_fold_starts(l->fold, "noi nhan");
}

/* ---- the heading block and the title ---- */

static void heading_line(imp_ctx *c, const imp_line *l)
{
    imp_draft *d = c->d;
    kh_lang lang = c->lang;
    const char *f = l->fold;
    const char *text = full_text(c, l);
    if (imp_fold_starts(f, "cong hoa") || imp_fold_starts(f, "doc lap")) return;
    if (imp_fold_starts(f, "so")) {
        /* "Số: 15/KH-UBND", "Số:    /KH-UBND" */
        const char *p = strchr(text, ':');
        p = p ? p + 1 : text + 3;
        while (*p == ' ') p++;
        if (*p >= '0' && *p <= '9') {
            size_t n = 0;
            while (p[n] && p[n] != ' ' && p[n] != '\n') n++;
            d->number = imp_strn(d, p, n);
            d->number_why = imp_why_at(IMP_SOURCE, pos_of(l), NULL);
        } else if (*p) {
            /* "Số:    /KH-UBND": the number is filled in when signed. */
            d->number = imp_str(d, "");
            d->number_why = imp_why_at(IMP_SOURCE, pos_of(l),
                                       imp_note(c,
                                                TR(lang, "số kế hoạch để trống (\"%s\")",
                                                   "the plan number is blank (\"%s\")"),
                                                text));
        }
        return;
    }
    const char *ngay = imp_fold_find(f, "ngay");
    if (ngay && strchr(text, ',')) {
        const char *comma = strchr(text, ',');
        kh_date date;
        const char *q = comma + 1;
        while (*q == ' ') q++;
        if (imp_date_at(q, &date)) {
            d->date = date;
            d->date_why = imp_why_at(IMP_SOURCE, pos_of(l), NULL);
            d->place_name = imp_strn(d, text, (size_t)(comma - text));
            return;
        }
    }
    if (l->upper && (imp_fold_starts(f, "ubnd") || imp_fold_starts(f, "uy ban nhan dan") ||
                     imp_fold_starts(f, "hoi dong") || imp_fold_starts(f, "ban chi dao"))) {
        /* The body itself is the last of the left column's lines. */
        d->issuer = imp_sentence_case(d, text);
        d->issuer_why = imp_why_at(IMP_RULE, pos_of(l),
                                   imp_note(c, TR(lang, "viết \"%s\"", "written \"%s\""), text));
    }
}

/* ---- the walk ---- */

typedef struct {
    imp_ctx *c;
    size_t i; /* the line being read */
    strbuf preamble;
    doc_pos preamble_at, preamble_to;
    int sec_number; /* the current section's Roman number (-1: appendix) */
    sec_kind sec;
    const char *sec_label; /* as written */
    doc_pos sec_at;
    long item;         /* the contents item being read (index in d->tasks), or -1 */
    int32_t duty;      /* the duty being read, or -1 */
    int duty_count;    /* duties of the section so far */
    int duty_tasks;    /* tasks of the current duty so far */
    int last_heading;  /* the last duty heading's number, for duplicates */
    size_t seq;        /* items numbered by the importer */
    const char *group; /* the aims' group being read ("1. Mục đích"), or NULL */
    bool renumbered;   /* the section's items were numbered in order */
} walker;

static const char *prefix_of(walker *w)
{
    char buf[16];
    if (w->sec_number < 0) return "PL";
    imp_roman_write(w->sec_number, buf);
    return imp_str(w->c->d, buf);
}

static void add_aim(walker *w, const imp_line *l, const char *text, const char *group)
{
    imp_draft *d = w->c->d;
    KH_GROW(d->aims, d->naims, d->cap_aims);
    imp_aim *a = &d->aims[d->naims++];
    a->text = text;
    a->group = group;
    a->why = imp_why_at(IMP_SOURCE, pos_of(l), NULL);
    a->why.to = l->to;
    if (strchr(text, '%'))
        imp_point_add(w->c, IMP_GUESS, pos_of(l), NULL,
                      TR(w->c->lang,
                         "mục tiêu có số đo (\"%.60s…\") nhưng không đọc được mức và năm phải "
                         "đạt; nếu là chỉ tiêu, ghi vào 'targets'",
                         "an aim with a measure (\"%.60s…\") whose value and year were not "
                         "read; if it is a target, write it in 'targets'"),
                      text);
}

static void read_aims(walker *w, const char **group)
{
    imp_ctx *c = w->c;
    imp_line *l = &c->lines[w->i];
    bool roman;
    char letter;
    int n = imp_label_number(l->label, &roman, &letter);
    /* "1. Mục đích" over its points: a group. */
    if (n && !letter && strlen(l->text) < 60 && !imp_ends_sentence(l->text) &&
        (imp_fold_starts(l->fold, "muc dich") || imp_fold_starts(l->fold, "yeu cau") ||
         imp_fold_starts(l->fold, "muc tieu") || imp_fold_starts(l->fold, "chi tieu"))) {
        *group = full_text(c, l);
        return;
    }
    if (strpbrk(l->text, "0123456789")) {
        int year = 0;
        const char *gf = *group ? imp_fold(c->d, *group) : "";
        const char *ny = imp_fold_find(gf, "nam");
        if (ny && ny[3] == ' ' && ny[4] >= '0' && ny[4] <= '9') year = atoi(ny + 4);
        if (year < 2000 || year > 2100) year = 0;
        if (imp_target_line(c, l->text, l->fold, pos_of(l), year)) return;
    }
    if (!l->label && c->d->naims && !*group) {
        imp_aim *a = &c->d->aims[c->d->naims - 1];
        a->text = imp_note(c, "%s\n%s", a->text, l->text);
        a->why.to = l->to;
        return;
    }
    add_aim(w, l, l->text, *group);
}

/* Start a new contents item. */
static void new_item(walker *w, const imp_line *l, const char *id)
{
    imp_ctx *c = w->c;
    imp_task *t = imp_task_add(c, imp_unique_task_id(c, id), l->text, pos_of(l), l->to);
    t->section = 2;
    w->item = (long)(c->d->ntasks - 1);
}

static void read_contents(walker *w)
{
    imp_ctx *c = w->c;
    imp_line *l = &c->lines[w->i];
    const char *prefix = prefix_of(w);
    bool roman;
    char letter;
    int n = imp_label_number(l->label, &roman, &letter);
    bool dotted = l->label && strchr(l->label, '.') &&
                  strchr(l->label, '.') != l->label + strlen(l->label) - 1;
    if (n && !letter && !roman && !dotted) {
        /* Items numbered out of order (a slip, or a list a converter
         * restarted): numbered in order, said once. */
        if ((size_t)n != w->seq + 1) {
            if (!w->renumbered)
                imp_point_add(
                    c, IMP_GUESS, pos_of(l), NULL,
                    TR(c->lang,
                       "khoản \"%.40s\" của mục %s mang số %d, sau khoản số %zu; mã nhiệm "
                       "vụ đánh số theo thứ tự (%s.%zu …)",
                       "item \"%.40s\" of section %s is numbered %d, after item %zu; "
                       "the task ids number the items in order (%s.%zu …)"),
                    l->text, prefix, n, w->seq, prefix, w->seq + 1);
            w->renumbered = true;
            n = (int)(w->seq + 1);
        }
        new_item(w, l, imp_note(c, "%s.%d", prefix, n));
        w->seq = (size_t)n;
        return;
    }
    imp_task *item = w->item >= 0 ? &c->d->tasks[w->item] : NULL;
    if ((letter || dotted) && item) {
        long pi = item->parent ? task_index(c, item->parent) : w->item;
        imp_task *parent = &c->d->tasks[pi >= 0 ? pi : w->item];
        const char *id;
        if (letter)
            id = imp_note(c, "%s.%c", parent->id, letter);
        else {
            strbuf sb = STRBUF_INIT;
            sb_add(&sb, l->label, strlen(l->label));
            while (sb.len && (sb.data[sb.len - 1] == '.' || sb.data[sb.len - 1] == ')'))
                sb.data[--sb.len] = '\0';
            id = imp_note(c, "%s.%s", prefix, sb_str(&sb));
            sb_done(&sb);
        }
        const char *pid = parent->id;
        parent->group = true;
        imp_task *t = imp_task_add(c, imp_unique_task_id(c, id), l->text, pos_of(l), l->to);
        t->section = 2;
        t->parent = pid;
        w->item = (long)(c->d->ntasks - 1);
        return;
    }
    if (l->label && !strcmp(l->label, "-") && item) {
        item->text = imp_note(c, "%s\n- %s", item->text, l->text);
        item->why.to = l->to;
        return;
    }
    if (!l->label && item) {
        item->text = imp_note(c, "%s\n%s", item->text, l->text);
        item->why.to = l->to;
        return;
    }
    if (l->label && !strcmp(l->label, "-")) {
        new_item(w, l, imp_note(c, "%s.%zu", prefix, ++w->seq));
        return;
    }
    /* Text before the section's first item. */
    imp_point_add(c, IMP_FUTURE, pos_of(l), NULL,
                  TR(c->lang,
                     "đoạn mở đầu của mục %s (\"%.60s…\") chưa có chỗ trong định dạng; nay "
                     "ghi thành chú thích",
                     "the opening of section %s (\"%.60s…\") has no place in the format yet; "
                     "for now a comment"),
                  w->sec_label ? w->sec_label : "?", l->text);
}

/* "khoản 1, 2 và 6, phần II": the task ids a duty refers to. */
static void duty_refs(walker *w, imp_duty *duty, const char *text, doc_pos at)
{
    imp_ctx *c = w->c;
    char *lo = imp_lower(text);
    static const char *const heads[] = {"khoản", "mục", "nội dung", "điểm", "nhiệm vụ"};
    for (size_t h = 0; h < KH_ARRAY_LEN(heads); h++) {
        size_t hl = strlen(heads[h]);
        for (const char *p = strstr(lo, heads[h]); p; p = strstr(p + 1, heads[h])) {
            const char *q = p + hl;
            int nums[32];
            size_t nn = 0;
            for (;;) {
                while (*q == ' ') q++;
                if (*q < '0' || *q > '9') break;
                int v = 0;
                while (*q >= '0' && *q <= '9' && v < 1000) v = v * 10 + (*q++ - '0');
                if (nn < 32) nums[nn++] = v;
                while (*q == ' ') q++;
                if (*q == ',') {
                    q++;
                    continue;
                }
                if (!strncmp(q, "và ", 4)) {
                    q += 4;
                    continue;
                }
                break;
            }
            if (!nn) continue;
            while (*q == ' ' || *q == ',') q++;
            const char *part = NULL;
            if (!strncmp(q, "phần ", 6))
                part = q + 6;
            else if (!strncmp(q, "mục ", 5))
                part = q + 5;
            if (!part) continue;
            while (*part == ' ') part++;
            size_t rl = 0;
            while (part[rl] && strchr("ivx", part[rl])) rl++;
            char up[16];
            if (!rl || rl >= sizeof up) continue;
            for (size_t k = 0; k < rl; k++) up[k] = (char)(part[k] - 32);
            up[rl] = '\0';
            if (!imp_roman(up, rl)) continue;
            for (size_t k = 0; k < nn; k++) {
                const char *id = imp_note(c, "%s.%d", up, nums[k]);
                bool dup = false;
                for (size_t j = 0; j < duty->nitems; j++)
                    if (!strcmp(duty->items[j], id)) dup = true;
                if (dup || duty->nitems >= 64) continue;
                duty->items = xreallocarray(duty->items, duty->nitems + 1, sizeof *duty->items);
                duty->items[duty->nitems++] = id;
            }
            size_t from = (size_t)(p - lo), upto = (size_t)(part - lo) + rl;
            duty->items_why = imp_why_at(
                IMP_SOURCE, at, imp_note(c, "\"%s\"", imp_strn(c->d, text + from, upto - from)));
        }
    }
    free(lo);
}

/* Cut a duty's paragraph into its duties: at a sentence's end; at "; "
 * before a capital, or where the two sides read different deadlines. */
static size_t fragments(imp_ctx *c, const char *text, const char **out, size_t max)
{
    size_t n = 0, len = strlen(text), a = 0, semi = 0; /* semi: after the last ';' */
    int depth = 0;
    for (size_t i = 0; i < len && n + 1 < max; i++) {
        char ch = text[i];
        if (ch == '(') depth++;
        if (ch == ')' && depth) depth--;
        if (depth || text[i + 1] != ' ') continue;
        size_t ulen;
        bool upper_next = i + 2 < len && imp_cp_upper(text + i + 2, &ulen);
        if (ch == '.' && upper_next && i > a + 20) {
            /* not after an abbreviation ("TP.", "Q.") */
            size_t k = i;
            while (k > a && text[k - 1] != ' ') k--;
            if (i - k <= 2) continue;
            out[n++] = imp_strn(c->d, text + a, i + 1 - a);
            a = i + 2;
        } else if (ch == ';') {
            bool cut = upper_next;
            size_t from = semi > a ? semi : a; /* each clause read once: linear */
            semi = i + 2;
            if (!cut) {
                imp_deadline l, r;
                const char *left = imp_strn(c->d, text + from, i - from);
                size_t e = i + 2;
                while (e < len && text[e] != ';') e++;
                const char *right = imp_strn(c->d, text + i + 2, e - i - 2);
                imp_dl_kind kl = imp_deadline_read(c, left, &l);
                imp_dl_kind kr = imp_deadline_read(c, right, &r);
                cut = kl != kr;
            }
            if (!cut) continue;
            out[n++] = imp_strn(c->d, text + a, i - a);
            a = i + 2;
        }
    }
    if (a < len) out[n++] = imp_str(c->d, text + a);
    return n;
}

static void duty_task(walker *w, const imp_line *l, const char *text)
{
    imp_ctx *c = w->c;
    imp_draft *d = c->d;
    kh_lang lang = c->lang;
    const char *frags[64];
    size_t nf = fragments(c, text, frags, 64);
    for (size_t k = 0; k < nf; k++) {
        const char *t = frags[k];
        while (*t == ' ') t++;
        if (!*t) continue;
        imp_deadline days[8];
        size_t nd = imp_deadline_days(c, t, days, 8);
        size_t copies = nd >= 2 ? nd : 1;
        for (size_t j = 0; j < copies; j++) {
            const char *id = imp_note(c, "%s.%d.%d", prefix_of(w), w->duty_count, ++w->duty_tasks);
            imp_task *task = imp_task_add(c, imp_unique_task_id(c, id), t, pos_of(l), l->to);
            task->section = 3;
            task->duty = w->duty;
            if (nd >= 2) {
                task->deadline = days[j];
                task->deadline.why = imp_why_at(
                    IMP_RULE, pos_of(l),
                    imp_note(c,
                             TR(lang,
                                "một câu nêu %zu thời hạn; mỗi thời hạn một nhiệm vụ, cùng văn "
                                "bản (đây là \"%s\")",
                                "one sentence gives %zu deadlines; one task each, with the same "
                                "text (this is \"%s\")"),
                             nd, days[j].words));
            }
            if (nf > 1)
                task->why.note =
                    imp_note(c,
                             TR(lang, "phần %zu/%zu của đoạn, cắt ở dấu ';' hoặc cuối câu",
                                "part %zu of %zu of the paragraph, cut at a ';' or "
                                "a sentence end"),
                             k + 1, nf);
        }
    }
    (void)d;
}

static void read_org(walker *w)
{
    imp_ctx *c = w->c;
    imp_draft *d = c->d;
    kh_lang lang = c->lang;
    imp_line *l = &c->lines[w->i];
    bool roman;
    char letter;
    int n = imp_label_number(l->label, &roman, &letter);
    bool dotted = l->label && strchr(l->label, '.') &&
                  strchr(l->label, '.') != l->label + strlen(l->label) - 1;
    const char *colon = strchr(l->text, ':');
    bool named = colon && (size_t)(colon - l->text) < 120 && colon[1] == ' ' && colon[2];
    bool heading =
        n && !letter && !roman && !dotted &&
        (l->bold || l->heading || (strlen(l->text) <= 160 && !imp_ends_sentence(l->text)) || named);
    if (heading) {
        const char *name =
            named && !l->bold ? imp_strn(d, l->text, (size_t)(colon - l->text)) : l->text;
        if (named && l->bold) named = false;
        int u = imp_unit_add(c, name, pos_of(l));
        KH_GROW(d->duties, d->nduties, d->cap_duties);
        imp_duty *duty = &d->duties[d->nduties];
        memset(duty, 0, sizeof *duty);
        duty->unit = (uint16_t)u;
        duty->heading = named ? imp_note(c, "%s %s", l->label, name) : full_text(c, l);
        duty->why = imp_why_at(IMP_SOURCE, pos_of(l), NULL);
        w->duty = (int32_t)d->nduties++;
        w->duty_count++;
        w->duty_tasks = 0;
        if (n != w->duty_count && n != w->last_heading + 1)
            imp_point_add(c, IMP_GUESS, pos_of(l), d->units[u].id,
                          TR(lang,
                             "đề mục \"%s\" mang số %d nhưng là đơn vị thứ %d của mục %s; mã "
                             "nhiệm vụ đánh số theo thứ tự (%s.%d.…), đề mục giữ nguyên",
                             "the heading \"%s\" is numbered %d but is unit %d of section %s; "
                             "the task ids number them in order (%s.%d.…), the heading is kept"),
                          duty->heading, n, w->duty_count, prefix_of(w), prefix_of(w),
                          w->duty_count);
        w->last_heading = n;
        if (named) {
            const char *rest = colon + 2;
            duty_refs(w, duty, rest, pos_of(l));
            duty_task(w, l, rest);
        }
        return;
    }
    if (w->duty < 0) {
        /* The section's opening sentence. */
        d->org_intro =
            d->org_intro ? imp_note(c, "%s\n%s", d->org_intro, full_text(c, l)) : full_text(c, l);
        d->org_intro_why = imp_why_at(IMP_SOURCE, pos_of(l), NULL);
        return;
    }
    imp_duty *duty = &d->duties[w->duty];
    duty_refs(w, duty, l->text, pos_of(l));
    duty_task(w, l, l->text);
}

static void read_line(walker *w)
{
    imp_ctx *c = w->c;
    imp_line *l = &c->lines[w->i];
    if (l->used) return;
    if (l->table >= 0 && !c->lines[w->i].used) {
        const char *prefix = prefix_of(w);
        if (w->sec == SEC_CONTENTS || w->sec == SEC_APPENDIX || w->sec == SEC_ORG ||
            w->sec == SEC_OTHER) {
            int32_t top = l->table;
            while (top >= 0 && c->doc->tables[top].parent >= 0) top = c->doc->tables[top].parent;
            if (imp_table_tasks(c, top, prefix)) return;
        }
    }
    switch (w->sec) {
    case SEC_AIMS: read_aims(w, &w->group); break;
    case SEC_CONTENTS:
    case SEC_APPENDIX: read_contents(w); break;
    case SEC_ORG: read_org(w); break;
    case SEC_BASIS:
        if (w->preamble.len) sb_putc(&w->preamble, '\n');
        sb_puts(&w->preamble, full_text(c, l));
        break;
    case SEC_OTHER:
        imp_point_add(c, IMP_FUTURE, pos_of(l), NULL,
                      TR(c->lang,
                         "mục \"%s\" không phải mục tiêu, nội dung hay tổ chức thực hiện; định "
                         "dạng mới sẽ giữ được (\"%.50s…\" nay ghi thành chú thích)",
                         "section \"%s\" is not aims, contents or organisation; the next format "
                         "holds it (\"%.50s…\" is a comment for now)"),
                      w->sec_label ? w->sec_label : "?", l->text);
        break;
    }
    if (w->sec != SEC_AIMS) w->group = NULL;
}

/* ---- the end: closing, recipients, signature ---- */

static bool role_line(const imp_line *l)
{
    const char *f = l->fold;
    static const char *const roles[] = {
        "chu tich", "pho chu tich", "tm",           "kt",  "truong ban", "pho truong ban",
        "giam doc", "bi thu",       "truong phong", "ttl", "tl"};
    if (!l->upper) return false;
    for (size_t k = 0; k < KH_ARRAY_LEN(roles); k++)
        if (imp_fold_starts(f, roles[k])) return true;
    return imp_fold_find(f, "chu tich") != NULL;
}

static bool person_name(const char *s)
{
    size_t words = 1, n = strlen(s);
    if (n < 4 || n > 60) return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ') {
            words++;
            size_t len;
            if (!imp_cp_upper(s + i + 1, &len)) return false;
        }
        if ((s[i] >= '0' && s[i] <= '9') || strchr(".,;:()/", s[i])) return false;
    }
    size_t len;
    return words >= 2 && words <= 6 && imp_cp_upper(s, &len);
}

static void read_end(walker *w)
{
    imp_ctx *c = w->c;
    imp_draft *d = c->d;
    kh_lang lang = c->lang;
    size_t i = w->i;
    /* The closing paragraphs, up to "Nơi nhận". */
    strbuf closing = STRBUF_INIT;
    doc_pos closing_at = {0};
    for (; i < c->nlines; i++) {
        imp_line *l = &c->lines[i];
        if (l->used) continue;
        if (is_recipients(l) || role_line(l)) break;
        if (l->label && strcmp(l->label, "-") != 0) break;
        if (!closing.len)
            closing_at = pos_of(l);
        else
            sb_putc(&closing, '\n');
        sb_puts(&closing, l->text);
    }
    if (closing.len) {
        d->closing = imp_str(d, sb_str(&closing));
        d->closing_why = imp_why_at(IMP_SOURCE, closing_at, NULL);
    }
    sb_done(&closing);
    /* Nơi nhận, and the signature. */
    for (; i < c->nlines; i++) {
        imp_line *l = &c->lines[i];
        if (l->used) continue;
        if (is_recipients(l)) {
            d->recipients_why = imp_why_at(IMP_SOURCE, pos_of(l), NULL);
            const char *after = strchr(l->text, ':');
            if (after && after[1]) {
                after++;
                while (*after == ' ') after++;
                size_t skip;
                if (imp_label(after, &skip)) after += skip;
                const char *t = imp_trim_end(d, after, ";.,");
                if (*t) {
                    KH_GROW(d->recipients, d->nrecipients, d->cap_recipients);
                    d->recipients[d->nrecipients++] = t;
                }
            }
            size_t k = i + 1;
            for (; k < c->nlines; k++) {
                imp_line *r = &c->lines[k];
                bool same_cell =
                    r->table == l->table && r->at.row == l->at.row && r->at.col == l->at.col;
                if (!same_cell || !r->label || strcmp(r->label, "-") != 0) break;
                const char *t = imp_trim_end(d, r->text, ";.,");
                if (!*t) continue;
                KH_GROW(d->recipients, d->nrecipients, d->cap_recipients);
                d->recipients[d->nrecipients++] = t;
                r->used = true;
            }
            i = k - 1;
            continue;
        }
        if (role_line(l)) {
            const char *role = l->text;
            /* "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH": the role is the last. */
            size_t k = i;
            while (k + 1 < c->nlines && role_line(&c->lines[k + 1])) k++;
            role = c->lines[k].text;
            const char *name = NULL;
            doc_pos at = pos_of(&c->lines[k]);
            for (size_t j = k + 1; j < c->nlines && j < k + 6; j++) {
                const imp_line *m = &c->lines[j];
                if (m->text[0] == '(' || m->label) continue;
                const char *cand = m->upper ? imp_sentence_case(d, m->text) : m->text;
                if (m->upper) {
                    /* names in capitals: every word capitalised */
                    strbuf sb = STRBUF_INIT;
                    const char *p = m->text;
                    bool start = true;
                    while (*p) {
                        size_t len;
                        imp_cp_upper(p, &len);
                        if (!len) len = 1;
                        const char *ch = imp_strn(d, p, len);
                        sb_puts(&sb, start ? ch : imp_first_case(d, ch, false));
                        start = *p == ' ';
                        p += len;
                    }
                    cand = imp_str(d, sb_str(&sb));
                    sb_done(&sb);
                }
                if (person_name(cand)) {
                    name = cand;
                    at = pos_of(m);
                    break;
                }
            }
            const char *r = role;
            const char *dot = strstr(r, ". ");
            if (dot && dot - r <= 3) r = dot + 2; /* "KT. CHỦ TỊCH" */
            d->signer_role = imp_first_case(d, imp_sentence_case(d, r), true);
            if (!strncmp(d->signer_role, "Phó ", strlen("Phó ")))
                /* "Phó Chủ tịch", "Phó Trưởng ban": the office keeps its capital. */
                d->signer_role =
                    imp_note(c, "Phó %s", imp_first_case(d, d->signer_role + strlen("Phó "), true));
            d->signer_name = name;
            d->signer_why = imp_why_at(IMP_SOURCE, at, NULL);
            if (!name)
                d->signer_why =
                    imp_why_at(IMP_OPEN, at,
                               imp_note(c, "%s",
                                        TR(lang, "không thấy tên người ký dưới chức danh",
                                           "no signer's name under the title")));
            break;
        }
    }
    w->i = c->nlines;
}

/* ---- after the walk ---- */

/* The unit that follows the whole plan: the one whose duty says it
 * "theo dõi" the plan, else an office, else the first duty's. */
static int coordinator(imp_ctx *c, const char **why)
{
    imp_draft *d = c->d;
    for (size_t i = 0; i < d->ntasks; i++) {
        const imp_task *t = &d->tasks[i];
        if (t->section != 3 || t->duty < 0) continue;
        const char *f = imp_fold(d, t->text);
        if (imp_fold_find(f, "theo doi") && imp_fold_find(f, "ke hoach nay")) {
            *why = t->id;
            return d->duties[t->duty].unit;
        }
    }
    for (size_t i = 0; i < d->nunits; i++)
        if (!strncmp(d->units[i].id, "vp", 2)) {
            *why = NULL;
            return (int)i;
        }
    *why = NULL;
    return d->nduties ? d->duties[0].unit : d->nunits ? 0 : -1;
}

static void add_unit_to(imp_draft *d, uint16_t **v, size_t *n, uint16_t u)
{
    for (size_t i = 0; i < *n; i++)
        if ((*v)[i] == u) return;
    uint16_t *nv = arena_alloc(&d->mem, (*n + 1) * sizeof *nv);
    if (*n) memcpy(nv, *v, *n * sizeof *nv);
    nv[(*n)++] = u;
    *v = nv;
}

static bool has_unit(const uint16_t *v, size_t n, uint16_t u)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == u) return true;
    return false;
}

/* Put the duty's unit on task t: its lead when it has none, else a support. */
static void give(imp_ctx *c, const imp_duty *duty, imp_task *t)
{
    imp_draft *d = c->d;
    if (!t->nlead) {
        add_unit_to(d, &t->lead, &t->nlead, duty->unit);
        t->lead_why = imp_why_at(IMP_RULE, duty->items_why.at,
                                 imp_note(c,
                                          TR(c->lang, "chủ trì: %s, theo phần %s (%s)",
                                             "lead: %s, as the duty of %s says (%s)"),
                                          d->units[duty->unit].id, duty->heading,
                                          duty->items_why.note ? duty->items_why.note : ""));
    } else if (!has_unit(t->lead, t->nlead, duty->unit)) {
        add_unit_to(d, &t->support, &t->nsupport, duty->unit);
    }
}

static void assign(imp_ctx *c)
{
    imp_draft *d = c->d;
    kh_lang lang = c->lang;
    /* The duties' references: the unit leads the items it is named for; an
     * item with sub-items (not a task today) stands for its sub-items. */
    for (size_t k = 0; k < d->nduties; k++) {
        imp_duty *duty = &d->duties[k];
        const char **items = NULL;
        size_t n = 0, cap = 0;
        for (size_t j = 0; j < duty->nitems; j++) {
            long ti = task_index(c, duty->items[j]);
            if (ti < 0 || d->tasks[ti].section != 2) {
                imp_point_add(c, IMP_OPEN, duty->items_why.at, d->units[duty->unit].id,
                              TR(lang, "đơn vị %s được giao \"%s\" nhưng kế hoạch không có mục đó",
                                 "the unit %s is given \"%s\" but the plan has no such item"),
                              d->units[duty->unit].id, duty->items[j]);
                continue;
            }
            for (size_t i = 0; i < d->ntasks; i++) {
                imp_task *t = &d->tasks[i];
                if ((long)i != ti) continue;
                KH_GROW(items, n, cap);
                items[n++] = t->id;
                give(c, duty, t);
            }
        }
        free(duty->items);
        duty->items = items;
        duty->nitems = n;
    }
    /* Units a contents item names ("Phối hợp với Mặt trận Tổ quốc"); a
     * reading of convenience, left out for a document too large for it. */
    for (size_t i = 0; i < d->ntasks && d->ntasks * d->nunits <= 1000000; i++) {
        imp_task *t = &d->tasks[i];
        if (t->section != 2 || t->why.at.table >= 0) continue;
        const char *f = imp_fold(d, t->text);
        for (size_t u = 0; u < d->nunits; u++) {
            const imp_unit *un = &d->units[u];
            bool named = (!strcmp(un->id, "mttq") && imp_fold_find(f, "mat tran to quoc")) ||
                         imp_fold_find(f, imp_fold(d, un->name)) ||
                         (un->short_name && strlen(un->short_name) >= 4 &&
                          imp_fold_find(f, imp_fold(d, un->short_name)));
            if (!named || has_unit(t->lead, t->nlead, (uint16_t)u)) continue;
            add_unit_to(d, &t->support, &t->nsupport, (uint16_t)u);
            t->support_why = imp_why_at(IMP_RULE, t->why.at,
                                        imp_note(c,
                                                 TR(lang, "phối hợp: %s, được nêu trong nội dung",
                                                    "support: %s, named in the text"),
                                                 un->id));
        }
    }
    /* The rest: the unit that follows the plan, as a guess. */
    const char *by = NULL;
    int co = coordinator(c, &by);
    for (size_t i = 0; i < d->ntasks; i++) {
        imp_task *t = &d->tasks[i];
        if (t->section != 2 || t->nlead || t->parent) continue; /* a sub-item: its task's */
        if (co < 0) continue;
        bool from_table = t->why.at.table >= 0;
        add_unit_to(d, &t->lead, &t->nlead, (uint16_t)co);
        if (has_unit(t->support, t->nsupport, (uint16_t)co)) {
            size_t m = 0;
            for (size_t k = 0; k < t->nsupport; k++)
                if (t->support[k] != co) t->support[m++] = t->support[k];
            t->nsupport = m;
        }
        t->lead_why = imp_why_at(
            from_table ? IMP_OPEN : IMP_GUESS, t->why.at,
            from_table
                ? imp_note(c,
                           TR(lang,
                              "bảng không ghi đơn vị chủ trì; tạm giao %s (đơn vị theo dõi "
                              "chung kế hoạch)",
                              "the table names no lead; %s (the unit that follows the plan) for "
                              "now"),
                           d->units[co].id)
            : by ? imp_note(c,
                            TR(lang,
                               "văn bản không giao khoản này cho đơn vị nào; tạm giao %s, đơn vị "
                               "theo dõi chung kế hoạch (nhiệm vụ %s)",
                               "the document gives this item to no unit; %s for now, the unit "
                               "that follows the whole plan (task %s)"),
                            d->units[co].id, by)
                 : imp_note(c,
                            TR(lang, "văn bản không giao khoản này cho đơn vị nào; tạm giao %s",
                               "the document gives this item to no unit; %s for now"),
                            d->units[co].id));
    }
    /* Deadlines and cites. */
    for (size_t i = 0; i < d->ntasks; i++) {
        imp_task *t = &d->tasks[i];
        if (t->deadline.kind == IMP_DL_NONE && t->deadline.why.conf != IMP_OPEN) {
            imp_deadline_read(c, t->text, &t->deadline);
            if (t->deadline.kind == IMP_DL_NONE && t->deadline.why.conf != IMP_OPEN) {
                if (t->parent)
                    t->inherit = true; /* a sub-item without one: its task's */
                else
                    imp_deadline_default(c, t->text, &t->deadline);
            }
        }
        if (t->deadline.why.at.line == 0 && t->deadline.why.at.table == 0)
            t->deadline.why.at = t->why.at;
        if (!t->deadline.why.at.line && t->deadline.why.at.table <= 0)
            t->deadline.why.at = t->why.at;
        t->cites = imp_cites(c, t->text, &t->ncites);
    }
    /* Units given nothing. */
    for (size_t u = 0; u < d->nunits; u++) {
        bool any = false;
        for (size_t k = 0; k < d->nduties && !any; k++) any = d->duties[k].unit == u;
        for (size_t i = 0; i < d->ntasks && !any; i++)
            any = has_unit(d->tasks[i].lead, d->tasks[i].nlead, (uint16_t)u) ||
                  has_unit(d->tasks[i].support, d->tasks[i].nsupport, (uint16_t)u);
        if (!any)
            imp_point_add(c, IMP_OPEN, d->units[u].why.at, d->units[u].id,
                          TR(lang, "đơn vị %s được nêu nhưng không gắn với nhiệm vụ nào",
                             "the unit %s is named but tied to no task"),
                          d->units[u].id);
    }
}

/* A periodic task has no sub-items, and a sub-item is not periodic: such a
 * task's sub-items are written as tasks of their own, with its lead and
 * deadline where they have none. */
static void flatten(imp_ctx *c)
{
    imp_draft *d = c->d;
    for (size_t i = 0; i < d->ntasks; i++) {
        imp_task *g = &d->tasks[i];
        if (!g->group) continue;
        /* Its sub-items follow it, up to the next task that is none. */
        bool flat = g->deadline.kind == IMP_DL_PERIODIC;
        for (size_t k = i + 1; k < d->ntasks && d->tasks[k].parent && !flat; k++)
            if (d->tasks[k].parent == g->id && d->tasks[k].deadline.kind == IMP_DL_PERIODIC)
                flat = true;
        if (!flat) continue;
        g->group = false;
        for (size_t k = i + 1; k < d->ntasks && d->tasks[k].parent; k++) {
            imp_task *t = &d->tasks[k];
            if (t->parent != g->id) continue;
            t->parent = NULL;
            if (!t->nlead && g->nlead) {
                t->lead = g->lead;
                t->nlead = g->nlead;
                t->lead_why = g->lead_why;
            }
            if (t->inherit) {
                t->deadline = g->deadline;
                t->inherit = false;
            }
            t->why.note = imp_note(c,
                                   TR(c->lang,
                                      "mục con của %s, ghi thành nhiệm vụ riêng (việc định kỳ "
                                      "không có mục con)",
                                      "a sub-item of %s, written as a task of its own (periodic "
                                      "work has no sub-items)"),
                                   g->id);
        }
    }
}

/* The plan's year(s) from the title: "năm 2023", "giai đoạn 2021-2025". */
static void period(imp_ctx *c)
{
    imp_draft *d = c->d;
    kh_lang lang = c->lang;
    const char *t = d->title ? d->title : "";
    int y1 = 0, y2 = 0;
    for (const char *p = t; *p; p++) {
        if (p[0] < '1' || p[0] > '2' || (p > t && p[-1] >= '0' && p[-1] <= '9')) continue;
        int y = 0, k = 0;
        while (k < 4 && p[k] >= '0' && p[k] <= '9') y = y * 10 + (p[k++] - '0');
        if (k != 4 || (p[4] >= '0' && p[4] <= '9') || y < 1900 || y > 2999) continue;
        if (!y1)
            y1 = y;
        else if (y > y1 && y > y2 && y - y1 <= 29)
            y2 = y; /* the last year named: "giai đoạn 2024-2025, định hướng đến năm 2030" */
    }
    if (y1) {
        if (!y2 || y2 - y1 > 29) y2 = y1;
        d->from = date_from_ymd(y1, 1, 1);
        d->to = date_from_ymd(y2, 12, 31);
        d->period_why = imp_why_at(
            IMP_RULE, d->title_why.at,
            y1 == y2
                ? imp_note(c, TR(lang, "năm %d, theo tiêu đề", "the year %d, from the title"), y1)
                : imp_note(
                      c, TR(lang, "các năm %d–%d, theo tiêu đề", "the years %d–%d, from the title"),
                      y1, y2));
        c->year = y1 == y2 ? y1 : 0;
        return;
    }
    int y = 0;
    if (d->date != KH_NO_DATE) {
        int m, dd;
        date_to_ymd(d->date, &y, &m, &dd);
    }
    for (size_t i = 0; i < d->nbasis && !y; i++)
        if (d->basis[i].date != KH_NO_DATE) {
            int m, dd;
            date_to_ymd(d->basis[i].date, &y, &m, &dd);
        }
    bool known = y != 0;
    if (!y) y = 2000;
    d->from = date_from_ymd(y, 1, 1);
    d->to = date_from_ymd(y, 12, 31);
    d->period_why = imp_why_at(
        known ? IMP_GUESS : IMP_OPEN, d->title_why.at,
        known ? imp_note(c,
                         TR(lang, "tiêu đề không nêu năm; tạm lấy năm %d (ngày của văn bản)",
                            "the title names no year; %d for now (the document's date)"),
                         y)
              : imp_note(c, "%s",
                         TR(lang, "không thấy kỳ của kế hoạch; hãy sửa 'period'",
                            "the plan's period is not found; correct 'period'")));
    c->year = known ? y : 0;
}

/* "Thời gian thực hiện: từ ngày 01/11/2025 đến ngày 30/4/2026": the
 * plan's period, as the document states it. Return true when read. */
static bool period_line(imp_ctx *c, const imp_line *l)
{
    imp_draft *d = c->d;
    imp_deadline dl;
    if (imp_deadline_read(c, l->text, &dl) != IMP_DL_WINDOW || dl.from == KH_NO_DATE ||
        dl.date == KH_NO_DATE || dl.from > dl.date)
        return false;
    d->from = dl.from;
    d->to = dl.date;
    d->period_why = imp_why_at(IMP_SOURCE, pos_of(l), imp_note(c, "\"%s\"", l->text));
    int y1, y2, m, dd;
    date_to_ymd(d->from, &y1, &m, &dd);
    date_to_ymd(d->to, &y2, &m, &dd);
    c->year = y1 == y2 ? y1 : 0;
    return true;
}

/* "qcdc-2023-tqt": the subject's initials, the year, the place's. */
static void plan_id(imp_ctx *c, const char *given, const char *place)
{
    imp_draft *d = c->d;
    kh_lang lang = c->lang;
    if (given) {
        d->id = imp_str(d, given);
        d->id_why = imp_why_at(IMP_SOURCE, (doc_pos){0}, NULL);
        return;
    }
    strbuf sb = STRBUF_INIT;
    const char *t = d->title ? d->title : "";
    const char *f = imp_fold(d, t);
    if (imp_fold_starts(f, "ke hoach")) f += strlen("ke hoach");
    while (*f == ' ') f++;
    static const char *const lead_words[] = {"thuc hien", "trien khai", "to chuc", "ve viec", "ve"};
    for (size_t k = 0; k < KH_ARRAY_LEN(lead_words); k++)
        if (imp_fold_starts(f, lead_words[k])) {
            f += strlen(lead_words[k]);
            while (*f == ' ') f++;
        }
    static const char *const skip[] = {"o",   "va",  "cua", "ve",   "cac",  "cho",  "trong", "tai",
                                       "voi", "doi", "nam", "giai", "doan", "tren", "dia",   "ban"};
    size_t got = 0;
    while (*f && got < 4) {
        const char *e = f;
        while (*e && *e != ' ') e++;
        size_t n = (size_t)(e - f);
        if ((*f >= '0' && *f <= '9') || (n == 3 && !strncmp(f, "nam", 3)) ||
            (n == 4 && !strncmp(f, "tren", 4)) || (n == 5 && !strncmp(f, "giai ", 5)))
            break;
        bool s = false;
        for (size_t k = 0; k < KH_ARRAY_LEN(skip); k++)
            if (strlen(skip[k]) == n && !strncmp(skip[k], f, n)) s = true;
        if (!s && *f >= 'a' && *f <= 'z') {
            sb_putc(&sb, *f);
            got++;
        }
        f = e;
        while (*f == ' ') f++;
    }
    if (!sb.len) sb_puts(&sb, "kh");
    int y, m, dd;
    date_to_ymd(d->from, &y, &m, &dd);
    sb_printf(&sb, "-%d", y);
    if (place) {
        strbuf pi = STRBUF_INIT;
        imp_initials(&pi, place, 6);
        if (pi.len) sb_printf(&sb, "-%s", sb_str(&pi));
        sb_done(&pi);
    }
    d->id = imp_str(d, sb_str(&sb));
    d->id_why = imp_why_at(IMP_RULE, (doc_pos){0},
                           imp_note(c, "%s",
                                    TR(lang,
                                       "mã do kehoach đặt từ tiêu đề, năm và địa bàn (--id để "
                                       "chọn mã khác); giữ nguyên mã từ năm này sang năm khác "
                                       "nếu là cùng một kế hoạch",
                                       "made by kehoach from the title, the year and the place "
                                       "(--id chooses another)")));
    sb_done(&sb);
}

kh_errcode import_analyse(kh_doc *doc, const imp_options *opt, imp_draft **out, kh_error *err)
{
    *out = NULL;
    kh_lang lang = opt->lang;
    imp_draft *d = xcalloc(1, sizeof *d);
    d->date = d->from = d->to = KH_NO_DATE;
    d->source = imp_str(d, opt->source ? opt->source : "");
    imp_ctx ctx = {doc, d, lang, NULL, 0, 0, NULL, 0, NULL, false};
    imp_ctx *c = &ctx;
    c->table_seen = xcalloc(doc->ntables ? doc->ntables : 1, sizeof *c->table_seen);
    build_lines(c);
    walker w;
    memset(&w, 0, sizeof w);
    w.c = c;
    w.duty = -1;
    w.item = -1;
    w.sec = SEC_OTHER;

    /* The heading block, up to "KẾ HOẠCH". */
    size_t title = c->nlines;
    for (size_t i = 0; i < c->nlines && i < 60; i++) {
        const imp_line *l = &c->lines[i];
        if (!l->label && !strcmp(l->fold, "ke hoach")) {
            title = i;
            break;
        }
        if (section_number(l)) break;
    }
    size_t i = 0;
    if (title < c->nlines) {
        for (; i < title; i++) heading_line(c, &c->lines[i]);
        /* The lines under it, while they look like a title. */
        strbuf t = STRBUF_INIT;
        sb_puts(&t, "Kế hoạch");
        doc_pos at = pos_of(&c->lines[title]), to = at;
        bool upper = false;
        for (i = title + 1; i < c->nlines && i < title + 5; i++) {
            const imp_line *l = &c->lines[i];
            if (section_number(l) || l->label) break;
            if (l->text[0] == '(') {
                imp_ref r;
                if (imp_fold_find(l->fold, "kem theo") && imp_refs(c, l->text, &r, 1, false)) {
                    d->issued_with = r;
                    d->issued_with.why = imp_why_at(IMP_SOURCE, pos_of(l), NULL);
                }
                continue;
            }
            bool looks = l->bold || l->centered || l->heading || l->upper;
            bool plain = doc->format == DOC_TXT || doc->format == DOC_MD;
            if (!looks && !(plain && strlen(l->text) < 150 && !imp_ends_sentence(l->text))) break;
            if (strspn(l->text, "-_=*. ") == strlen(l->text)) continue;
            if (strlen(l->text) > 300) break;
            const char *piece = l->text;
            if (l->upper) {
                piece = imp_sentence_case(d, piece);
                upper = true;
            }
            if (t.len == strlen("Kế hoạch")) {
                /* "Thực hiện Quy chế ..." continues "Kế hoạch": lower case,
                 * unless the second word is capitalised (a name). */
                const char *sp = strchr(piece, ' ');
                if (!sp || imp_starts_lower(sp + 1)) piece = imp_first_case(d, piece, false);
            }
            sb_printf(&t, " %s", piece);
            to = l->to;
        }
        d->title = imp_str(d, sb_str(&t));
        d->title_why = imp_why_at(upper ? IMP_GUESS : IMP_SOURCE, at,
                                  upper ? imp_note(c, "%s",
                                                   TR(lang,
                                                      "tiêu đề viết hoa toàn bộ; đã chuyển sang "
                                                      "chữ thường, hãy kiểm tra tên riêng",
                                                      "the title is in capitals; it was put in "
                                                      "lower case: check the names"))
                                        : NULL);
        d->title_why.to = to;
        sb_done(&t);
    } else {
        d->title = imp_str(d, "Kế hoạch");
        d->title_why = imp_why_at(IMP_OPEN, (doc_pos){1, 0, -1, -1, -1},
                                  imp_note(c, "%s",
                                           TR(lang, "không thấy dòng \"KẾ HOẠCH\" và tiêu đề",
                                              "no \"KẾ HOẠCH\" line and title found")));
        i = 0;
    }
    period(c);

    /* The opening, up to the first section. */
    for (; i < c->nlines; i++) {
        imp_line *l = &c->lines[i];
        if (section_number(l) || is_closing(l)) break;
        if (l->used) continue;
        if (!l->label && imp_fold_starts(l->fold, "thoi gian thuc hien") && period_line(c, l))
            continue;
        if (l->table >= 0 && imp_table_tasks(c, l->table, "II")) continue;
        if (!w.preamble.len)
            w.preamble_at = pos_of(l);
        else
            sb_putc(&w.preamble, '\n');
        sb_puts(&w.preamble, full_text(c, l));
        w.preamble_to = l->to;
    }
    /* The sections. */
    for (; i < c->nlines; i++) {
        imp_line *l = &c->lines[i];
        if (l->used) continue;
        int sn = section_number(l);
        if (sn) {
            w.sec_number = sn;
            w.sec = section_kind(l);
            w.sec_label = full_text(c, l);
            w.sec_at = pos_of(l);
            w.item = -1;
            w.duty = -1;
            w.duty_count = 0;
            w.seq = 0;
            w.group = NULL;
            w.last_heading = 0;
            w.renumbered = false;
            /* The headings as written: `sections`, when one is not the
             * format's own numeral. */
            int slot = w.sec == SEC_AIMS                                ? 0
                       : w.sec == SEC_CONTENTS || w.sec == SEC_APPENDIX ? 1
                       : w.sec == SEC_ORG                               ? 2
                                                                        : -1;
            if (slot >= 0 && !d->sections[slot]) {
                d->sections[slot] = w.sec_label;
                if (sn != slot + 1) d->sections_own = true;
            }
            if (w.sec == SEC_OTHER || w.sec == SEC_BASIS)
                imp_point_add(c, IMP_FUTURE, pos_of(l), NULL,
                              TR(lang,
                                 "mục \"%s\": định dạng mới sẽ giữ nhãn mục như văn bản viết; "
                                 "nay đọc là %s",
                                 "section \"%s\": the next format keeps section labels as "
                                 "written; for now read as %s"),
                              w.sec_label,
                              w.sec == SEC_AIMS       ? "aims"
                              : w.sec == SEC_CONTENTS ? "contents"
                              : w.sec == SEC_ORG      ? "organization"
                              : w.sec == SEC_BASIS    ? "preamble"
                              : w.sec == SEC_APPENDIX ? "contents (PL.)"
                                                      : TR(lang, "chú thích", "a comment"));
            continue;
        }
        if (is_closing(l) &&
            (w.sec == SEC_ORG || is_recipients(l) || imp_fold_starts(l->fold, "tren day"))) {
            w.i = i;
            read_end(&w);
            i = w.i;
            break;
        }
        w.i = i;
        read_line(&w);
    }
    if (i < c->nlines) {
        w.i = i;
        read_end(&w);
    }
    if (w.preamble.len) {
        d->preamble = imp_str(d, sb_str(&w.preamble));
        d->preamble_why = imp_why_at(IMP_SOURCE, w.preamble_at, NULL);
        d->preamble_why.to = w.preamble_to;
        imp_ref refs[64];
        size_t n = imp_refs(c, d->preamble, refs, 64, true);
        d->basis = n ? xreallocarray(NULL, n, sizeof *d->basis) : NULL;
        for (size_t k = 0; k < n; k++) {
            refs[k].why = imp_why_at(IMP_SOURCE, w.preamble_at, NULL);
            d->basis[k] = refs[k];
        }
        d->nbasis = n;
    }
    sb_done(&w.preamble);

    /* The issuing body: the heading block's, else the opening's. */
    const char *kind = NULL, *place = NULL;
    if (!d->issuer && d->preamble) {
        d->issuer = imp_find_body(c, d->preamble, &kind, &place);
        if (d->issuer)
            d->issuer_why = imp_why_at(IMP_GUESS, d->preamble_why.at,
                                       imp_note(c, "%s",
                                                TR(lang,
                                                   "văn bản không có phần đầu ghi cơ quan ban "
                                                   "hành; lấy từ đoạn mở đầu",
                                                   "the document has no heading block naming "
                                                   "its issuer; taken from the opening")));
    } else if (d->issuer) {
        imp_find_body(c, d->issuer, &kind, &place);
    }
    if (!d->issuer) {
        d->issuer = imp_str(d, TR(lang, "(chưa rõ cơ quan ban hành)", "(issuer not found)"));
        d->issuer_why = imp_why_at(
            IMP_OPEN, (doc_pos){1, 0, -1, -1, -1},
            imp_note(c, "%s",
                     TR(lang, "không thấy cơ quan ban hành", "the issuing body is not found")));
    }
    if (place && kind) {
        /* phường X, thành phố Y, tỉnh Z: the higher levels where the text names them. */
        strbuf pl = STRBUF_INIT;
        sb_printf(&pl, "%s %s", kind, place);
        strbuf all = STRBUF_INIT;
        for (size_t k = 0; k < c->nlines; k++) {
            sb_puts(&all, c->lines[k].text);
            sb_putc(&all, '\n');
        }
        static const char *const mid[] = {"thành phố", "thị xã", "huyện", "quận"};
        bool more = false;
        for (size_t k = 0; k < KH_ARRAY_LEN(mid); k++) {
            const char *p = imp_find_place(c, sb_str(&all), mid[k]);
            if (p && strcmp(p, place) != 0) {
                sb_printf(&pl, ", %s %s", mid[k], p);
                more = true;
                break;
            }
        }
        const char *prov = imp_find_place(c, sb_str(&all), "tỉnh");
        if (prov) {
            sb_printf(&pl, ", tỉnh %s", prov);
            more = true;
        }
        sb_done(&all);
        d->place = imp_str(d, sb_str(&pl));
        d->place_why = imp_why_at(more ? IMP_GUESS : IMP_RULE, d->issuer_why.at,
                                  more ? imp_note(c, "%s",
                                                  TR(lang,
                                                     "ghép từ tên cơ quan ban hành và các địa "
                                                     "danh văn bản nêu",
                                                     "put together from the issuer and the "
                                                     "places the text names"))
                                       : NULL);
        sb_done(&pl);
    }
    plan_id(c, opt->id, place);
    assign(c);
    imp_events(c);
    flatten(c);
    free(c->lines);
    free(c->ids);
    free(c->table_seen);
    size_t real = 0;
    for (size_t k = 0; k < d->ntasks; k++) real += !d->tasks[k].group;
    if (!real) {
        import_free(d);
        return kh_error_set(err, KH_E_DOC, "%s",
                            TR(lang,
                               "không tìm thấy nhiệm vụ nào: kehoach tìm các khoản đánh số của "
                               "mục nội dung (II), các nhiệm vụ của từng đơn vị (tổ chức thực "
                               "hiện, III) và bảng nhiệm vụ (STT, Nội dung, Chủ trì ...)",
                               "no task found: kehoach looks for the numbered items of the "
                               "contents section (II), each unit's duties (organisation, III) "
                               "and task tables (STT, Nội dung, Chủ trì ...)"));
    }
    if (!d->nunits) {
        KH_GROW(d->units, d->nunits, d->cap_units);
        imp_unit *u = &d->units[d->nunits++];
        memset(u, 0, sizeof *u);
        u->id = imp_str(d, "chua-ro");
        u->name = imp_str(d, TR(lang, "(chưa rõ đơn vị)", "(unit not found)"));
        u->why = imp_why_at(IMP_OPEN, (doc_pos){1, 0, -1, -1, -1},
                            imp_note(c, "%s",
                                     TR(lang, "văn bản không nêu đơn vị nào thực hiện",
                                        "the document names no unit to carry it out")));
        for (size_t k = 0; k < d->ntasks; k++) {
            imp_task *t = &d->tasks[k];
            if (t->section == 2 && !t->nlead && !t->parent) {
                add_unit_to(d, &t->lead, &t->nlead, 0);
                t->lead_why = imp_why_at(
                    IMP_OPEN, t->why.at,
                    imp_note(c, "%s", TR(lang, "không có đơn vị chủ trì", "no lead unit")));
            }
        }
    }
    *out = d;
    return KH_E_OK;
}
