/* Converters of tasks (`contents:` and a duty's `tasks:`): deadline, state as an
 * export writes it, a periodic task's states by period. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/deadline_words.h"
#include "plan_conv.h"

/* ---- tasks ---- */

/* The year deadline words without one fall in: the plan period's first. */
static int words_year(loader *L)
{
    if (!L->seen_period) return 0;
    int y, m, d;
    date_to_ymd(L->b.plan->from, &y, &m, &d);
    return y;
}

/* Warn (check) that deadline words at n gave no year and were read in year,
 * the first of a plan that runs several: the plan may mean another. */
static void warn_no_year(loader *L, const ynode *n, int year, const char *example)
{
    if (!L->b.warnings || !L->seen_period) return;
    int y1, m, d;
    date_to_ymd(L->b.plan->to, &y1, &m, &d);
    if (y1 == year) return;
    diags_add(L->b.warnings, n->line, n->col,
              L_TR(L,
                   "thời hạn \"%s\" không ghi năm: kế hoạch nhiều năm (%d – %d) nên đã hiểu là "
                   "năm %d; hãy ghi năm (vd. \"%s\")",
                   "the deadline \"%s\" gives no year: the plan runs several years (%d – %d), "
                   "so it is read as %d; write the year (e.g. \"%s\")"),
              n->str, year, y1, year, example);
}

/* Keep the words a deadline was written in, unless `deadline_text` says. */
static void keep_words(loader *L, kh_task *t, const char *words)
{
    if (!t->deadline_text) t->deadline_text = load_keep(L, words);
}

static void periodic_record(loader *L, kh_task *t, size_t index, unsigned mask, int day)
{
    t->dl_kind = DL_PERIODIC;
    KH_GROW(L->b.periodics, L->b.nperiodics, L->b.capperiodics);
    L->b.periodics[L->b.nperiodics++] = (pb_periodic){index, mask, day, 0, 0};
}

/* A deadline in the words plans use (src/deadline_words.c). Return false
 * when the words are not read (not reported). */
static bool deadline_words(loader *L, const ynode *n, kh_task *t, size_t index)
{
    static const char *const none[] = {"none", "không xác định", "chưa xác định", "không có"};
    char *lo = dw_lower(n->str);
    bool is_none = false;
    for (size_t i = 0; i < KH_ARRAY_LEN(none); i++) is_none |= !strcmp(lo, none[i]);
    /* "6 tháng", "9 tháng (đầu năm)": of the plan's first year. */
    strbuf sb = STRBUF_INIT;
    int year = words_year(L);
    bool took_year = true; /* the words give no year: the plan's first was taken */
    static const char head_suffix[] = "tháng đầu năm"; /* "6 tháng đầu năm" */
    if (year && (!strcmp(lo, "6 tháng") || !strcmp(lo, "9 tháng") || !strcmp(lo, "06 tháng") ||
                 !strcmp(lo, "09 tháng")))
        sb_printf(&sb, "%s đầu năm %d", lo, year);
    else if (year && strlen(lo) > strlen(head_suffix) &&
             !strcmp(lo + strlen(lo) - strlen(head_suffix), head_suffix))
        sb_printf(&sb, "%s %d", lo, year);
    else
        sb_puts(&sb, lo), took_year = false;
    free(lo);
    if (is_none) {
        sb_done(&sb);
        t->dl_kind = DL_NONE;
        t->due = KH_NO_DATE;
        if (strcmp(n->str, "none") != 0) keep_words(L, t, n->str);
        return true;
    }
    dw_reading r;
    dw_kind k = dw_read(sb_str(&sb), year, &r);
    if (k == DW_NONE && year) {
        /* "quý II", "tháng 6", "năm 2025" alone: within that period. */
        strbuf in = STRBUF_INIT;
        sb_printf(&in, "trong %s", sb_str(&sb));
        k = dw_read(sb_str(&in), year, &r);
        /* Read again with no year: the same day means the words gave one. */
        dw_reading r0;
        took_year =
            k == DW_DATE && (dw_read(sb_str(&in), 0, &r0) != DW_DATE || dw_due(&r0) != dw_due(&r));
        sb_done(&in);
    } else if (!took_year && year && (k == DW_DATE || k == DW_WINDOW)) {
        dw_reading r0;
        took_year = dw_read(sb_str(&sb), 0, &r0) != k || dw_due(&r0) != dw_due(&r);
    }
    if (took_year && (k == DW_DATE || k == DW_WINDOW)) {
        /* The words with the year: "quý II/2024", "6 tháng đầu năm 2024". */
        strbuf ex = STRBUF_INIT;
        if (strcmp(sb_str(&sb), n->str) != 0 && strstr(sb_str(&sb), "đầu năm"))
            sb_puts(&ex, sb_str(&sb));
        else
            sb_printf(&ex, "%s/%d", n->str, year);
        warn_no_year(L, n, year, sb_str(&ex));
        sb_done(&ex);
    }
    sb_done(&sb);
    switch (k) {
    case DW_DATE:
    case DW_WINDOW:
        t->dl_kind = DL_DATE;
        t->due = dw_due(&r);
        if (k == DW_WINDOW) t->window_days = (int32_t)(t->due - r.from);
        break;
    case DW_CONTINUOUS: t->dl_kind = DL_CONTINUOUS; break;
    case DW_PERIOD_END: t->dl_kind = DL_PERIOD_END; break;
    case DW_PERIODIC: periodic_record(L, t, index, r.every, 0); break;
    case DW_EVENT:
        load_err(L, n->line, n->col,
                 L_TR(L,
                      "thời hạn tính từ một sự kiện: khai báo sự kiện trong 'events' và viết "
                      "deadline: {before: MÃ-SỰ-KIỆN, days: %d}",
                      "a deadline counted from an event: list the event in 'events' and write "
                      "deadline: {before: EVENT-ID, days: %d}"),
                 r.days < 0 ? -r.days : r.days);
        return true;
    case DW_NONE:
    default: return false;
    }
    keep_words(L, t, n->str);
    return true;
}

/* `{from: DATE, to: DATE}`: a window, due on its last day. */
static void deadline_window(loader *L, const ynode *from, const ynode *to, kh_task *t)
{
    kh_date a, b;
    if (!yget_date(L, from, "from", &a) || !yget_date(L, to, "to", &b)) return;
    if (b < a) {
        load_err(L, to->line, to->col,
                 L_TR(L, "khoảng thời hạn kết thúc trước khi bắt đầu",
                      "the deadline's window ends before it starts"));
        return;
    }
    t->dl_kind = DL_DATE;
    t->due = b;
    t->window_days = (int32_t)(b - a);
}

/* `{before: EVENT, days: N}` / `{after: ...}`: resolved once every event is
 * known (plan_build_finish). */
static void deadline_event(loader *L, const ynode *ev, const ynode *days, int sign, kh_task *t,
                           size_t index)
{
    const char *id = yget_text(L, ev, sign < 0 ? "before" : "after");
    long nd = 0;
    if (days) {
        char *end;
        nd = days->type == YN_SCALAR ? strtol(days->str, &end, 10) : -1;
        if (days->type != YN_SCALAR || *end || nd < 0 || nd > 3660) {
            load_err(L, days->line, days->col,
                     L_TR(L, "'days' phải là một số từ 0 đến 3660",
                          "'days' must be a number from 0 to 3660"));
            return;
        }
    }
    if (!id) return;
    t->dl_kind = DL_DATE;
    plan_build_event_ref(&L->b, index, id, sign * (int)nd, ev->line, ev->col);
}

static void convert_deadline(loader *L, const ynode *n, kh_task *t, size_t index)
{
    if (n->type == YN_SCALAR) {
        if (!strcmp(n->str, "continuous")) {
            t->dl_kind = DL_CONTINUOUS;
            return;
        }
        if (!strcmp(n->str, "end-of-period")) {
            t->dl_kind = DL_PERIOD_END;
            return;
        }
        kh_date d;
        int rc = date_parse(n->str, &d);
        if (rc == DATE_OK) {
            t->dl_kind = DL_DATE;
            t->due = d;
            return;
        }
        if (rc == DATE_IMPOSSIBLE) {
            yget_date(L, n, "deadline", &d);
            return;
        }
        if (deadline_words(L, n, t, index)) return;
    } else if (n->type == YN_MAP) {
        enum { K_EVERY, K_DAY, K_FROM, K_TO, K_BEFORE, K_AFTER, K_DAYS, K_N };
        static const char *const keys[K_N] = {"every",  "day",   "from", "to",
                                              "before", "after", "days"};
        const ynode *v[K_N];
        yget_map(L, n, "deadline", keys, K_N, v);
        if (v[K_FROM] || v[K_TO]) {
            if (!v[K_FROM] || !v[K_TO]) {
                yget_missing(L, n->line, n->col, v[K_FROM] ? "to" : "from", "deadline");
                return;
            }
            deadline_window(L, v[K_FROM], v[K_TO], t);
            return;
        }
        if (v[K_BEFORE] || v[K_AFTER]) {
            if (v[K_BEFORE] && v[K_AFTER]) {
                load_err(L, v[K_AFTER]->line, v[K_AFTER]->col,
                         L_TR(L, "thời hạn ghi 'before' hoặc 'after', không cả hai",
                              "a deadline gives 'before' or 'after', not both"));
                return;
            }
            deadline_event(L, v[K_BEFORE] ? v[K_BEFORE] : v[K_AFTER], v[K_DAYS],
                           v[K_BEFORE] ? -1 : 1, t, index);
            return;
        }
        if (!v[K_EVERY]) {
            yget_missing(L, n->line, n->col, "every", "deadline");
            return;
        }
        const ynode **items;
        long k = yget_list(L, v[K_EVERY], "every", &items);
        unsigned mask = 0;
        for (long i = 0; i < k; i++) {
            int e = model_every_parse(items[i]->str);
            if (e < 0) {
                load_err(L, items[i]->line, items[i]->col,
                         L_TR(L,
                              "chu kỳ '%s' không hợp lệ (dùng: month, quarter, half-year, "
                              "nine-months, year)",
                              "unknown period '%s' (use: month, quarter, half-year, nine-months, "
                              "year)"),
                         items[i]->str);
                return;
            }
            mask |= 1u << e;
        }
        if (k == 0) {
            load_err(
                L, v[K_EVERY]->line, v[K_EVERY]->col,
                L_TR(L, "'every' cần ít nhất một chu kỳ", "'every' needs at least one period"));
            return;
        }
        int day = 0;
        if (v[K_DAY]) {
            char *end;
            long dd = v[K_DAY]->type == YN_SCALAR ? strtol(v[K_DAY]->str, &end, 10) : 0;
            if (v[K_DAY]->type != YN_SCALAR || *end || dd < 1 || dd > 31) {
                load_err(L, v[K_DAY]->line, v[K_DAY]->col,
                         L_TR(L, "'day' phải là một số từ 1 đến 31",
                              "'day' must be a number from 1 to 31"));
                return;
            }
            day = (int)dd;
        }
        periodic_record(L, t, index, mask, day);
        return;
    }
    load_err(L, n->line, n->col,
             L_TR(L,
                  "thời hạn phải là một ngày (yyyy-mm-dd hoặc dd/mm/yyyy), lời của kế hoạch "
                  "(\"quý II/2024\", \"thường xuyên\", \"không xác định\"...), 'continuous', "
                  "'end-of-period', {every: ...}, {from, to} hoặc {before: SỰ-KIỆN, days: N}",
                  "a deadline must be a date (yyyy-mm-dd or dd/mm/yyyy), the plan's words "
                  "(\"quý II/2024\", \"thường xuyên\", \"không xác định\"...), 'continuous', "
                  "'end-of-period', {every: ...}, {from, to} or {before: EVENT, days: N}"));
}

enum {
    T_ID,
    T_TITLE,
    T_TEXT,
    T_CITES,
    T_LEAD,
    T_SUPPORT,
    T_DEADLINE,
    T_DEADLINE_TEXT,
    T_STATE,
    T_OFFICER,
    T_CONFIRM_BY,
    T_ITEMS,
    T_OUTPUT,
    T_KEYS
};
static const char *const task_keys[T_KEYS] = {
    "id",    "title",   "text",       "cites", "lead",  "support", "deadline", "deadline_text",
    "state", "officer", "confirm_by", "items", "output"};

static const kh_base_note *convert_notes(loader *L, const ynode *n, uint32_t *count)
{
    static const char *const keys[] = {"text", "author", "at", "on", "kind"};
    *count = 0;
    if (yget_empty(n)) return NULL;
    if (n->type != YN_SEQ) {
        load_err(L, n->line, n->col,
                 L_TR(L, "'notes' phải là danh sách ghi chú ({text, author, at})",
                      "'notes' must be a list of notes ({text, author, at})"));
        return NULL;
    }
    kh_base_note *notes = arena_alloc(&L->b.plan->mem, (n->nkids ? n->nkids : 1) * sizeof *notes);
    bool ok = true;
    const char *where = L_TR(L, "ghi chú", "a note");
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *v[5];
        const ynode *k = n->kids[i];
        if (!yget_map(L, k, where, keys, 5, v)) {
            ok = false;
            continue;
        }
        for (int j = 0; j < 3; j++)
            if (!v[j]) yget_missing(L, k->line, k->col, keys[j], where), ok = false;
        if (!v[0] || !v[1] || !v[2]) continue;
        kh_base_note *note = &notes[i];
        note->text = yget_text(L, v[0], "text");
        note->author = yget_text(L, v[1], "author");
        if (!note->text || !note->author || !yget_time(L, v[2], "at", &note->at)) ok = false;
        /* `on:` (optional): the day the note took effect, when it was written
         * with --today on another day than its real time `at`. */
        note->on = KH_NO_DATE;
        if (v[3] && !yget_date(L, v[3], "on", &note->on)) ok = false;
        /* `kind:` (optional): difficulty or proposal. */
        note->kind = NOTE_PLAIN;
        if (v[4]) {
            const char *kind = yget_text(L, v[4], "kind");
            int nk = kind ? model_note_kind_parse(kind) : -1;
            if (kind && nk < 0)
                load_err(L, v[4]->line, v[4]->col,
                         L_TR(L, "'kind': \"%s\" không phải loại ghi chú (difficulty, proposal)",
                              "'kind': \"%s\" is not a note kind (difficulty, proposal)"),
                         kind);
            if (nk < 0) ok = false;
            note->kind = (uint8_t)(nk < 0 ? NOTE_PLAIN : nk);
            if (nk > 0) L->b.plan->base_record = true;
        }
    }
    if (!ok) return NULL;
    *count = (uint32_t)n->nkids;
    return notes;
}

enum {
    S_STATUS,
    S_PROGRESS,
    S_COMPLETED,
    S_UPDATED_AT,
    S_UPDATED_BY,
    S_NOTES,
    S_WITHDRAWN_DOC,
    S_CONFIRMED,
    S_REJECTED,
    S_EXTENSIONS,
    S_RESULTS,
    S_AMENDMENTS,
    S_KEYS
};
static const char *const state_keys[S_KEYS] = {
    "status",        "progress",  "completed", "updated_at", "updated_by", "notes",
    "withdrawn_doc", "confirmed", "rejected",  "extensions", "results",    "amendments"};

/* `confirmed: {by, at}` or `rejected: {by, at, reason}` into b. */
static bool convert_verdict(loader *L, const ynode *n, bool rejected, kh_base_state *b)
{
    static const char *const keys[] = {"by", "at", "reason"};
    const ynode *v[3];
    const char *where = rejected ? "rejected" : "confirmed";
    if (!yget_map(L, n, where, keys, rejected ? 3 : 2, v)) return false;
    if (!v[0] || !v[1] || (rejected && !v[2])) {
        yget_missing(L, n->line, n->col, !v[0] ? "by" : !v[1] ? "at" : "reason", where);
        return false;
    }
    const char *by = yget_text(L, v[0], "by");
    if (!by || !yget_time(L, v[1], "at", &b->verdict_at)) return false;
    b->verdict_by = model_intern_user(L->b.plan, by);
    if (rejected && !(b->verdict_reason = yget_text(L, v[2], "reason"))) return false;
    b->verdict = rejected ? VERDICT_REJECTED : VERDICT_CONFIRMED;
    return true;
}

/* `extensions: [{to, doc, reason, by, at}]` into b. */
static bool convert_extensions(loader *L, const ynode *n, kh_base_state *b)
{
    static const char *const keys[] = {"to", "doc", "reason", "by", "at"};
    if (n->type != YN_SEQ) {
        load_err(L, n->line, n->col,
                 L_TR(L, "'extensions' phải là danh sách ({to, doc, reason, by, at})",
                      "'extensions' must be a list ({to, doc, reason, by, at})"));
        return false;
    }
    kh_base_extension *x = arena_alloc(&L->b.plan->mem, (n->nkids ? n->nkids : 1) * sizeof *x);
    bool ok = true;
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *v[5], *k = n->kids[i];
        if (!yget_map(L, k, "extensions", keys, 5, v)) {
            ok = false;
            continue;
        }
        memset(&x[i], 0, sizeof x[i]);
        for (int j = 0; j < 5; j++)
            if (j != 2 && !v[j])
                yget_missing(L, k->line, k->col, keys[j], "extensions"), ok = false;
        if (!v[0] || !v[1] || !v[3] || !v[4]) continue;
        x[i].doc = yget_text(L, v[1], "doc");
        const char *by = yget_text(L, v[3], "by");
        x[i].by = by ? model_intern_user(L->b.plan, by) : NULL;
        if (v[2]) x[i].reason = yget_text(L, v[2], "reason");
        if (!yget_date(L, v[0], "to", &x[i].to) || !x[i].doc || !by || (v[2] && !x[i].reason) ||
            !yget_time(L, v[4], "at", &x[i].at))
            ok = false;
    }
    b->extensions = x;
    b->nextensions = (uint32_t)n->nkids;
    return ok;
}

/* `results: [{doc, file, sha256, size, by, at}]` into b. */
static bool convert_results(loader *L, const ynode *n, kh_base_state *b)
{
    static const char *const keys[] = {"doc", "file", "sha256", "size", "by", "at"};
    if (n->type != YN_SEQ) {
        load_err(L, n->line, n->col,
                 L_TR(L, "'results' phải là danh sách ({doc, file, sha256, size, by, at})",
                      "'results' must be a list ({doc, file, sha256, size, by, at})"));
        return false;
    }
    kh_base_result *x = arena_alloc(&L->b.plan->mem, (n->nkids ? n->nkids : 1) * sizeof *x);
    bool ok = true;
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *v[6], *k = n->kids[i];
        memset(&x[i], 0, sizeof x[i]);
        if (!yget_map(L, k, "results", keys, 6, v)) {
            ok = false;
            continue;
        }
        if (!v[4] || !v[5]) {
            yget_missing(L, k->line, k->col, !v[4] ? "by" : "at", "results");
            ok = false;
            continue;
        }
        if (v[0] && !(x[i].doc = yget_text(L, v[0], "doc"))) ok = false;
        if (v[1] && !(x[i].file = yget_text(L, v[1], "file"))) ok = false;
        if (v[2] && !(x[i].sha256 = yget_text(L, v[2], "sha256"))) ok = false;
        if (v[3]) {
            char *end = NULL;
            long long sz = v[3]->type == YN_SCALAR && v[3]->len ? strtoll(v[3]->str, &end, 10) : -1;
            if (!end || *end || sz < 0) {
                load_err(
                    L, v[3]->line, v[3]->col,
                    L_TR(L, "'size' phải là một số không âm", "'size' must be a number from 0"));
                ok = false;
            }
            x[i].size = sz < 0 ? 0 : sz;
        }
        const char *by = yget_text(L, v[4], "by");
        x[i].by = by ? model_intern_user(L->b.plan, by) : NULL;
        if (!by || !yget_time(L, v[5], "at", &x[i].at)) ok = false;
    }
    b->results = x;
    b->nresults = (uint32_t)n->nkids;
    return ok;
}

/* `amendments: [{kind, text, lead, deadline, doc, by, at}]` into b, with
 * what they say together: the last document, what they changed, the last
 * deadline (an occurrence's own). */
static bool convert_amendments(loader *L, const ynode *n, kh_base_state *b)
{
    static const char *const keys[] = {"kind", "text", "lead", "deadline", "doc", "by", "at"};
    static const char *const kinds[] = {"add", "change", "withdraw"};
    if (n->type != YN_SEQ) {
        load_err(L, n->line, n->col,
                 L_TR(L,
                      "'amendments' phải là danh sách ({kind, text, lead, deadline, doc, by, at})",
                      "'amendments' must be a list ({kind, text, lead, deadline, doc, by, at})"));
        return false;
    }
    kh_base_amendment *x = arena_alloc(&L->b.plan->mem, (n->nkids ? n->nkids : 1) * sizeof *x);
    bool ok = true;
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *v[7], *k = n->kids[i];
        memset(&x[i], 0, sizeof x[i]);
        x[i].deadline = KH_NO_DATE;
        if (!yget_map(L, k, "amendments", keys, 7, v)) {
            ok = false;
            continue;
        }
        bool all = true;
        for (int j = 0; j < 7; j++)
            if ((j == 0 || j >= 4) && !v[j])
                yget_missing(L, k->line, k->col, keys[j], "amendments"), all = false;
        if (!all) {
            ok = false;
            continue;
        }
        const char *kind = yget_text(L, v[0], "kind");
        size_t c = 0;
        while (kind && c < 3 && strcmp(kind, kinds[c]) != 0) c++;
        if (kind && c == 3)
            load_err(L, v[0]->line, v[0]->col,
                     L_TR(L, "'kind': \"%s\" không phải add, change, withdraw",
                          "'kind': \"%s\" is not add, change, withdraw"),
                     kind);
        if (!kind || c == 3) {
            ok = false;
            continue;
        }
        x[i].kind = (uint8_t)c;
        if (v[1] && !(x[i].text = yget_text(L, v[1], "text"))) ok = false;
        if (v[2] && !(x[i].lead = yget_text(L, v[2], "lead"))) ok = false;
        if (v[3] && !yget_date(L, v[3], "deadline", &x[i].deadline)) ok = false;
        x[i].doc = yget_text(L, v[4], "doc");
        const char *by = yget_text(L, v[5], "by");
        x[i].by = by ? model_intern_user(L->b.plan, by) : NULL;
        if (!x[i].doc || !by || !yget_time(L, v[6], "at", &x[i].at)) ok = false;
        b->amended_by = x[i].doc;
        if (c == 0) b->amended |= KH_AMENDED_ADDED;
        if (c == 2) b->amended |= KH_AMENDED_WITHDRAWN;
        if (c == 1 && x[i].text) b->amended |= KH_AMENDED_TEXT;
        if (c == 1 && x[i].lead) b->amended |= KH_AMENDED_LEAD;
        if (c == 1 && x[i].deadline != KH_NO_DATE) {
            b->amended |= KH_AMENDED_DEADLINE;
            b->due = x[i].deadline;
        }
    }
    b->amendments = x;
    b->namendments = (uint32_t)n->nkids;
    return ok;
}

/* The record beyond status and notes that an export carries. */
static bool convert_record(loader *L, const ynode *const *v, kh_base_state *b)
{
    bool ok = true;
    for (int k = S_WITHDRAWN_DOC; k < S_KEYS; k++)
        if (v[k]) L->b.plan->base_record = true;
    if (v[S_WITHDRAWN_DOC]) {
        if (b->status != ST_WITHDRAWN) {
            load_err(L, v[S_WITHDRAWN_DOC]->line, v[S_WITHDRAWN_DOC]->col,
                     L_TR(L,
                          "'withdrawn_doc' chỉ ghi cho nhiệm vụ dừng thực hiện (status: withdrawn)",
                          "'withdrawn_doc' is only for a withdrawn task (status: withdrawn)"));
            ok = false;
        } else if (!(b->withdrawn_doc = yget_text(L, v[S_WITHDRAWN_DOC], "withdrawn_doc"))) {
            ok = false;
        }
    }
    if (v[S_CONFIRMED] && v[S_REJECTED]) {
        load_err(L, v[S_REJECTED]->line, v[S_REJECTED]->col,
                 L_TR(L, "chỉ một trong 'confirmed' và 'rejected'",
                      "only one of 'confirmed' and 'rejected'"));
        ok = false;
    } else if (v[S_CONFIRMED] || v[S_REJECTED]) {
        bool rejected = v[S_REJECTED] != NULL;
        if (!convert_verdict(L, rejected ? v[S_REJECTED] : v[S_CONFIRMED], rejected, b)) ok = false;
    }
    if (v[S_EXTENSIONS] && !convert_extensions(L, v[S_EXTENSIONS], b)) ok = false;
    if (v[S_RESULTS] && !convert_results(L, v[S_RESULTS], b)) ok = false;
    if (v[S_AMENDMENTS] && !convert_amendments(L, v[S_AMENDMENTS], b)) ok = false;
    return ok;
}

/* Return the state a mapping gives (in the plan's arena), or NULL
 * (reported). */
const kh_base_state *conv_state(loader *L, const ynode *n)
{
    const ynode *v[S_KEYS];
    const char *where = L_TR(L, "trạng thái (state)", "a state");
    if (!yget_map(L, n, where, state_keys, S_KEYS, v)) return NULL;
    kh_base_state *b = arena_alloc(&L->b.plan->mem, sizeof *b);
    memset(b, 0, sizeof *b);
    b->status = ST_TODO;
    b->completed = KH_NO_DATE;
    b->due = KH_NO_DATE;
    bool ok = true;
    if (v[S_STATUS]) {
        const char *s = yget_text(L, v[S_STATUS], "status");
        int st = s ? model_status_parse(s) : -1;
        if (s && st < 0)
            load_err(L, v[S_STATUS]->line, v[S_STATUS]->col,
                     L_TR(L, "'status': \"%s\" không phải trạng thái (todo, doing, blocked, done)",
                          "'status': \"%s\" is not a status (todo, doing, blocked, done)"),
                     s);
        if (st < 0) ok = false;
        b->status = (uint8_t)(st < 0 ? ST_TODO : st);
    }
    if (b->status == ST_DONE) b->progress = 100;
    if (v[S_PROGRESS]) {
        const ynode *p = v[S_PROGRESS];
        char *end = NULL;
        long pr = p->type == YN_SCALAR && p->len ? strtol(p->str, &end, 10) : -1;
        if (!end || *end || pr < 0 || pr > 100) {
            load_err(L, p->line, p->col,
                     L_TR(L, "'progress' phải là một số từ 0 đến 100",
                          "'progress' must be a number from 0 to 100"));
            ok = false;
        } else if (b->status == ST_DONE && pr != 100) {
            load_err(L, p->line, p->col,
                     L_TR(L, "nhiệm vụ đã hoàn thành (done) có 'progress' là 100",
                          "a done task has 'progress' 100"));
            ok = false;
        } else {
            b->progress = (uint8_t)pr;
        }
    }
    if (v[S_COMPLETED]) {
        if (b->status != ST_DONE) {
            load_err(L, v[S_COMPLETED]->line, v[S_COMPLETED]->col,
                     L_TR(L, "'completed' chỉ ghi cho nhiệm vụ đã hoàn thành (status: done)",
                          "'completed' is only for a done task (status: done)"));
            ok = false;
        } else if (!yget_date(L, v[S_COMPLETED], "completed", &b->completed)) {
            ok = false;
        }
    }
    if (v[S_UPDATED_AT] && !yget_time(L, v[S_UPDATED_AT], "updated_at", &b->updated_at)) ok = false;
    if (v[S_UPDATED_BY]) {
        const char *by = yget_text(L, v[S_UPDATED_BY], "updated_by");
        if (by)
            b->updated_by = model_intern_user(L->b.plan, by);
        else
            ok = false;
    }
    if (v[S_NOTES]) {
        b->notes = convert_notes(L, v[S_NOTES], &b->nnotes);
        if (!b->notes && !yget_empty(v[S_NOTES])) ok = false;
    }
    if (!convert_record(L, v, b)) ok = false;
    return ok ? b : NULL;
}

/* Return true when s is a period tag: 2023-01, 2023-Q1, 2023-H1, 2023-9M, 2023. */
static bool tag_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || strspn(s, "0123456789") < 4) return false;
    const char *r = s + 4;
    if (!*r) return n == 4;
    if (r[0] != '-' || strlen(r) != 3) return false;
    if (r[1] >= '0' && r[1] <= '1' && r[2] >= '0' && r[2] <= '9') return true;
    return (r[1] == 'Q' && r[2] >= '1' && r[2] <= '4') || !strcmp(r, "-H1") || !strcmp(r, "-9M");
}

/* A periodic task's state is given period by period. */
/* Keep the state n gives of occurrence id (of a task assigned to each
 * member of a group), written at key; plan_groups_expand matches it. */
static void each_state(loader *L, const ynode *key, const ynode *n, const char *id)
{
    for (size_t i = 0; i < L->b.neach_states; i++)
        if (!strcmp(L->b.each_states[i].tag, id)) {
            yget_duplicate(L, key, L->b.each_states[i].line);
            return;
        }
    const kh_base_state *b = conv_state(L, n);
    if (!b) return;
    KH_GROW(L->b.each_states, L->b.neach_states, L->b.capeach_states);
    L->b.each_states[L->b.neach_states++] =
        (pb_tagged_state){load_keep(L, id), b, key->line, key->col, false};
}

/* The states of the occurrences of a task assigned to each member of a
 * group, member by member: `members: {tqt: {status: done}}`. */
static void convert_member_states(loader *L, const ynode *n, const char *task_id)
{
    if (n->type != YN_MAP) {
        load_err(L, n->line, n->col,
                 L_TR(L,
                      "trạng thái của nhiệm vụ giao cho từng thành viên ghi theo từng thành viên: "
                      "'members: {tqt: {status: done}}'",
                      "the state of a task assigned to each member is given member by member: "
                      "'members: {tqt: {status: done}}'"));
        return;
    }
    for (size_t k = 0; k + 1 < n->nkids; k += 2) {
        char *id = xasprintf("%s@%s", task_id, n->kids[k]->str);
        each_state(L, n->kids[k], n->kids[k + 1], id);
        free(id);
    }
}

/* The state of a task assigned to each member of a group: its own keys
 * (its notes), and `members:` its members' occurrences'. Return its own
 * state, or NULL when it gives none. */
static const kh_base_state *convert_each_state(loader *L, const ynode *n, const char *task_id)
{
    if (n->type != YN_MAP) return conv_state(L, n); /* says what a state is */
    ynode own = *n;
    own.kids = xreallocarray(NULL, n->nkids + 1, sizeof *own.kids);
    own.nkids = 0;
    for (size_t k = 0; k + 1 < n->nkids; k += 2) {
        if (n->kids[k]->type == YN_SCALAR && !strcmp(n->kids[k]->str, "members")) {
            convert_member_states(L, n->kids[k + 1], task_id);
            continue;
        }
        own.kids[own.nkids++] = n->kids[k];
        own.kids[own.nkids++] = n->kids[k + 1];
    }
    const kh_base_state *b = own.nkids ? conv_state(L, &own) : NULL;
    free(own.kids);
    return b;
}

static void convert_periodic_state(loader *L, const ynode *n, pb_periodic *pd, const char *each_id)
{
    if (n->type != YN_MAP) {
        load_err(
            L, n->line, n->col,
            L_TR(L,
                 "trạng thái của nhiệm vụ định kỳ ghi theo từng kỳ: 'state: {2023-01: {status: "
                 "done}}'",
                 "the state of a periodic task is given period by period: 'state: {2023-01: "
                 "{status: done}}'"));
        return;
    }
    pd->first_state = L->b.ntagged;
    for (size_t k = 0; k + 1 < n->nkids; k += 2) {
        const ynode *key = n->kids[k];
        const char *at = each_id ? strchr(key->str, '@') : NULL;
        if (at) {
            /* A member's occurrence of a period: `2025-Q3@tqt`. */
            char *period = xstrndup(key->str, (size_t)(at - key->str));
            bool ok = tag_ok(period);
            free(period);
            if (ok) {
                char *id = xasprintf("%s/%s", each_id, key->str);
                each_state(L, key, n->kids[k + 1], id);
                free(id);
                continue;
            }
        }
        if (!tag_ok(key->str)) {
            load_err(L, key->line, key->col,
                     L_TR(L,
                          "'%s' không phải mã kỳ; trạng thái của nhiệm vụ định kỳ ghi theo từng kỳ "
                          "(2023-01, 2023-Q1, 2023-H1, 2023-9M, 2023)",
                          "'%s' is not a period; the state of a periodic task is given period by "
                          "period (2023-01, 2023-Q1, 2023-H1, 2023-9M, 2023)"),
                     key->str);
            continue;
        }
        bool dup = false;
        for (size_t i = pd->first_state; i < L->b.ntagged && !dup; i++) {
            if (strcmp(L->b.tagged[i].tag, key->str) != 0) continue;
            yget_duplicate(L, key, L->b.tagged[i].line);
            dup = true;
        }
        if (dup) continue;
        const kh_base_state *b = conv_state(L, n->kids[k + 1]);
        if (!b) continue;
        KH_GROW(L->b.tagged, L->b.ntagged, L->b.captagged);
        L->b.tagged[L->b.ntagged++] =
            (pb_tagged_state){load_keep(L, key->str), b, key->line, key->col, false};
    }
    pd->nstates = L->b.ntagged - pd->first_state;
}

/* The task a sub-item belongs to: what the sub-item takes when it names
 * none of its own (its deadline, its lead). */
typedef struct {
    size_t index;
    const ynode *deadline;
    uint16_t *lead;
    uint16_t nlead;
    uint16_t *confirm; /* its `confirm_by:`, or NULL */
} parent_task;

static void convert_task(loader *L, const ynode *n, int section, long duty,
                         const parent_task *parent)
{
    const ynode *v[T_KEYS];
    const char *where = L_TR(L, "nhiệm vụ", "a task");
    if (!yget_map(L, n, where, task_keys, T_KEYS, v)) return;
    if (L->b.ntasks >= PLAN_MAX_TASKS) {
        load_err(L, n->line, n->col, L_TR(L, "quá nhiều nhiệm vụ", "too many tasks"));
        return;
    }
    bool ok = true;
    if (!v[T_ID]) yget_missing(L, n->line, n->col, "id", where), ok = false;
    if (!v[T_TEXT]) yget_missing(L, n->line, n->col, "text", where), ok = false;
    if (!v[T_DEADLINE] && parent) v[T_DEADLINE] = parent->deadline;
    if (!v[T_DEADLINE]) yget_missing(L, n->line, n->col, "deadline", where), ok = false;
    if (!ok) return;

    kh_task t;
    memset(&t, 0, sizeof t);
    t.id = yget_text(L, v[T_ID], "id");
    t.text = yget_text(L, v[T_TEXT], "text");
    t.title = v[T_TITLE] ? yget_text(L, v[T_TITLE], "title") : t.text;
    t.deadline_text = v[T_DEADLINE_TEXT] ? yget_text(L, v[T_DEADLINE_TEXT], "deadline_text") : NULL;
    t.output = v[T_OUTPUT] ? yget_text(L, v[T_OUTPUT], "output") : NULL;
    if (!t.id || !t.text || !t.title) return;
    if (!plan_build_id_ok(t.id, false)) {
        load_err(L, v[T_ID]->line, v[T_ID]->col,
                 L_TR(L,
                      "mã nhiệm vụ '%s' không hợp lệ: tối đa 64 ký tự, bắt đầu bằng chữ hoặc số, "
                      "chỉ gồm chữ không dấu, chữ số và . _ -",
                      "task id '%s' is not valid: at most 64 characters, starting with a letter or "
                      "digit, of ASCII letters, digits and . _ - only"),
                 t.id);
        return;
    }
    t.section = (uint8_t)section;
    t.duty = (int32_t)duty;
    t.due = KH_NO_DATE;
    t.completed = KH_NO_DATE;
    if (v[T_CITES]) {
        const ynode **items;
        long k = yget_list(L, v[T_CITES], "cites", &items);
        if (k > 1000) {
            load_err(L, v[T_CITES]->line, v[T_CITES]->col,
                     L_TR(L, "'cites' có quá nhiều văn bản (tối đa 1000)",
                          "'cites' names too many documents (at most 1000)"));
            return;
        }
        if (k > 0) {
            t.cites = arena_alloc(&L->b.plan->mem, (size_t)k * sizeof *t.cites);
            for (long i = 0; i < k; i++) t.cites[i] = load_keep(L, items[i]->str);
            t.ncites = (uint16_t)k;
        }
    }
    size_t errors_before = L->b.diags->n;
    /* `lead: {each: GROUP}`: one occurrence per member (plan_conv_groups.c). */
    bool each = v[T_LEAD] && conv_is_each(v[T_LEAD]);
    if (each && (parent || (v[T_ITEMS] && !yget_empty(v[T_ITEMS])))) {
        load_err(L, v[T_LEAD]->line, v[T_LEAD]->col,
                 L_TR(L,
                      "'lead: {each: ...}' chỉ dùng cho nhiệm vụ không có nhiệm vụ con và không "
                      "là nhiệm vụ con",
                      "'lead: {each: ...}' is for a task that neither has nor is a sub-item"));
        return;
    }
    if (v[T_LEAD] && !each) t.nlead = conv_unit_list(L, v[T_LEAD], "lead", &t.lead);
    if (v[T_SUPPORT]) t.nsupport = conv_unit_list(L, v[T_SUPPORT], "support", &t.support);
    if (L->b.diags->n > errors_before) return; /* already said what is wrong */
    /* No lead named ("chưa phân công") is kept as such: check warns. */
    convert_deadline(L, v[T_DEADLINE], &t, L->b.ntasks);
    if (v[T_STATE] && t.dl_kind == DL_PERIODIC && L->b.nperiodics &&
        L->b.periodics[L->b.nperiodics - 1].task == L->b.ntasks)
        convert_periodic_state(L, v[T_STATE], &L->b.periodics[L->b.nperiodics - 1],
                               each ? t.id : NULL);
    else if (v[T_STATE] && each && t.dl_kind != DL_PERIODIC && !yget_empty(v[T_STATE]))
        t.base = convert_each_state(L, v[T_STATE], t.id);
    else if (v[T_STATE] && t.dl_kind != DL_PERIODIC && !yget_empty(v[T_STATE]))
        t.base = conv_state(L, v[T_STATE]);
    if (parent && !v[T_LEAD] && parent->nlead) {
        t.lead = parent->lead;
        t.nlead = parent->nlead;
    }
    if (parent && t.dl_kind == DL_PERIODIC) {
        load_err(L, v[T_DEADLINE]->line, v[T_DEADLINE]->col,
                 L_TR(L, "nhiệm vụ con không định kỳ được; hãy để định kỳ ở nhiệm vụ riêng",
                      "a sub-item cannot be periodic; make the periodic work a task of its own"));
        return;
    }
    if (parent) t.sub_of = (uint32_t)parent->index + 1;
    if (v[T_OFFICER]) t.plan_officer = yget_text(L, v[T_OFFICER], "officer");
    /* A sub-item is confirmed by its task's unit unless it names its own. */
    uint16_t *confirm = v[T_CONFIRM_BY] ? conv_unit_one(L, v[T_CONFIRM_BY], "confirm_by")
                        : parent        ? parent->confirm
                                        : NULL;
    size_t index = plan_build_add_task(&L->b, t, v[T_ID]->line, v[T_ID]->col);
    L->b.tasks[index].confirm_slot = confirm;
    if (each) conv_each(L, v[T_LEAD], index);
    if (!v[T_ITEMS] || yget_empty(v[T_ITEMS])) return;
    /* Sub-items ("a)", "+", "-"): tasks of their own after their task, which
     * tracks their sum (model_rollup). */
    if (v[T_ITEMS]->type != YN_SEQ) {
        load_err(L, v[T_ITEMS]->line, v[T_ITEMS]->col,
                 L_TR(L, "'items' của nhiệm vụ phải là danh sách nhiệm vụ con",
                      "a task's 'items' must be a list of sub-items"));
        return;
    }
    if (t.dl_kind == DL_PERIODIC) {
        load_err(L, v[T_ITEMS]->line, v[T_ITEMS]->col,
                 L_TR(L, "nhiệm vụ định kỳ không có nhiệm vụ con ('items')",
                      "a periodic task has no sub-items ('items')"));
        return;
    }
    parent_task me = {index, v[T_DEADLINE], t.lead, t.nlead, confirm};
    for (size_t i = 0; i < v[T_ITEMS]->nkids; i++) {
        size_t before = L->b.ntasks;
        convert_task(L, v[T_ITEMS]->kids[i], section, duty, &me);
        if (L->b.ntasks == before) L->b.tasks_unsure = true;
    }
    L->b.tasks[index].task.nsub = (uint32_t)(L->b.ntasks - index - 1);
}

/* Read a sequence of tasks one at a time, so a large plan never sits in
 * memory as a tree. */
void conv_stream_tasks(loader *L, const char *key, int section, long duty)
{
    int line, col;
    if (yr_peek(L->r, &line, &col) != YN_SEQ) {
        if (yr_failed(L->r)) return;
        load_err(L, line, col,
                 L_TR(L, "'%s' phải là danh sách nhiệm vụ", "'%s' must be a list of tasks"), key);
        yr_skip(L->r);
        return;
    }
    yr_enter(L->r);
    while (yr_item(L->r)) {
        ynode *n = yr_read(L->r, &L->scratch);
        if (!n) break;
        if (!yget_no_refused(L, n, "state")) break;
        size_t before = L->b.ntasks;
        convert_task(L, n, section, duty, NULL);
        if (L->b.ntasks == before) L->b.tasks_unsure = true;
        arena_done(&L->scratch);
    }
}
