#include "kehoach/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#include "kehoach/text.h"

bool model_task_proposed(const kh_task *t)
{
    return t->status == ST_DONE && t->confirmer && t->verdict != VERDICT_CONFIRMED;
}

bool model_task_done(const kh_task *t)
{
    return t->status == ST_DONE && !model_task_proposed(t);
}

bool model_task_withdrawn(const kh_task *t)
{
    return t->withdrawn || t->status == ST_WITHDRAWN;
}

const char *model_task_withdrawn_doc(const kh_task *t)
{
    if (t->status == ST_WITHDRAWN && t->withdrawn_doc) return t->withdrawn_doc;
    return t->withdrawn ? t->amended_by : NULL;
}

bool model_task_extended(const kh_task *t)
{
    return t->nextensions > 0;
}

const char *model_task_status_name(const kh_task *t, kh_lang lang)
{
    if (model_task_withdrawn(t)) return model_status_name(ST_WITHDRAWN, lang);
    if (model_task_proposed(t)) return TR(lang, "Đề nghị hoàn thành", "Proposed as done");
    return model_status_name((kh_status)t->status, lang);
}

static const char *const note_kind_codes[NOTE_KIND_COUNT] = {"", "difficulty", "proposal"};

const char *model_note_kind_code(kh_note_kind k)
{
    return k < NOTE_KIND_COUNT ? note_kind_codes[k] : "";
}

const char *model_note_kind_name(kh_note_kind k, kh_lang lang)
{
    switch (k) {
    case NOTE_DIFFICULTY: return TR(lang, "Khó khăn, vướng mắc", "Difficulty");
    case NOTE_PROPOSAL: return TR(lang, "Đề xuất, kiến nghị", "Proposal");
    default: return TR(lang, "Ghi chú", "Note");
    }
}

/* Return true when folded word w is one of the n words of v. */
static bool folded_in(const char *w, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w, v[i])) return true;
    return false;
}

/* The words that name each kind, folded: the codes, the marks a note
 * starts with, and the names. */
static const char *const difficulty_words[] = {"difficulty", "kho khan", "vuong mac",
                                               "kho khan, vuong mac", "difficulties"};
static const char *const proposal_words[] = {"proposal", "kien nghi",          "de xuat",
                                             "kn",       "de xuat, kien nghi", "proposals"};
static const char *const plain_words[] = {"note", "plain", "ghi chu"};

int model_note_kind_parse(const char *s)
{
    char *f = text_fold(s);
    if (!f) return -1;
    int k = folded_in(f, difficulty_words, KH_ARRAY_LEN(difficulty_words)) ? NOTE_DIFFICULTY
            : folded_in(f, proposal_words, KH_ARRAY_LEN(proposal_words))   ? NOTE_PROPOSAL
            : folded_in(f, plain_words, KH_ARRAY_LEN(plain_words))         ? NOTE_PLAIN
                                                                           : -1;
    free(f);
    return k;
}

kh_note_kind model_note_kind_of_text(const char *text, const char **body)
{
    if (body) *body = text;
    const char *colon = text ? strchr(text, ':') : NULL;
    if (!colon || colon - text > 40) return NOTE_PLAIN;
    char *head = xstrndup(text, (size_t)(colon - text));
    char *f = text_fold(head);
    free(head);
    if (!f) return NOTE_PLAIN;
    /* text_fold makes runs of white space one space; trim the ends. */
    char *start = f + strspn(f, " ");
    size_t n = strlen(start);
    while (n && start[n - 1] == ' ') n--;
    start[n] = '\0';
    static const char *const difficulty_marks[] = {"kho khan", "vuong mac", "difficulty"};
    static const char *const proposal_marks[] = {"kien nghi", "de xuat", "kn", "proposal"};
    kh_note_kind k =
        folded_in(start, difficulty_marks, KH_ARRAY_LEN(difficulty_marks)) ? NOTE_DIFFICULTY
        : folded_in(start, proposal_marks, KH_ARRAY_LEN(proposal_marks))   ? NOTE_PROPOSAL
                                                                           : NOTE_PLAIN;
    free(f);
    if (k != NOTE_PLAIN && body) {
        const char *b = colon + 1;
        while (*b == ' ' || *b == '\t') b++;
        *body = b;
    }
    return k;
}

kh_timeliness model_timeliness(const kh_task *t, kh_date today)
{
    /* Withdrawn: no deadline left to keep or miss (never overdue). */
    if (model_task_withdrawn(t)) return TL_ONGOING;
    if (model_task_done(t)) {
        if (t->completed == KH_NO_DATE || t->due == KH_NO_DATE || t->completed <= t->due)
            return TL_DONE_ON_TIME;
        return TL_DONE_LATE;
    }
    if (t->due == KH_NO_DATE) return TL_ONGOING;
    if (today > t->due) return TL_OVERDUE;
    if (t->dl_kind == DL_CONTINUOUS) return TL_ONGOING;
    if (t->due - today <= KH_DUE_SOON_DAYS) return TL_DUE_SOON;
    return TL_UPCOMING;
}

kh_progress model_next_progress(kh_progress old, int status, int progress, int before_done,
                                kh_date today)
{
    kh_progress now = old;
    now.reopen = REOPEN_NO;
    if (status >= 0) {
        now.status = (kh_status)status;
    } else if (progress >= 0) {
        /* Progress alone moves the status along with it. */
        if (old.status == ST_TODO && progress > 0) now.status = ST_DOING;
        if (old.status == ST_DONE && progress < 100) now.status = ST_DOING;
    }
    if (progress >= 0) {
        now.progress = progress;
    } else if (old.status == ST_DONE && now.status != ST_DONE && now.status != ST_TODO) {
        /* Reopened: the work done before is not undone by reopening it. */
        /* 0% before done is no progress recorded: the task went to done
         * from not started, or nobody kept its progress. */
        bool known = before_done > 0 && before_done <= 100;
        now.progress = known ? before_done : 100;
        now.reopen = known ? REOPEN_KEPT : REOPEN_UNKNOWN;
    }
    if (now.status == ST_TODO) now.progress = 0;
    if (now.status == ST_DONE) {
        now.progress = 100;
        if (old.status != ST_DONE || old.completed == KH_NO_DATE) now.completed = today;
    } else {
        now.completed = KH_NO_DATE;
    }
    return now;
}

static kh_part part_of(const kh_task *t, kh_timeliness tl)
{
    if (model_task_done(t)) return PART_DONE;
    if (tl == TL_OVERDUE) return PART_OVERDUE;
    if (t->status == ST_DONE) return PART_DOING; /* proposed, waiting for confirmation */
    if (t->status == ST_BLOCKED) return PART_BLOCKED;
    if (t->status == ST_DOING) return PART_DOING;
    return PART_TODO;
}

kh_part model_part(const kh_task *t, kh_date today)
{
    return part_of(t, model_timeliness(t, today));
}

kh_category model_category(kh_timeliness tl)
{
    switch (tl) {
    case TL_DONE_ON_TIME: return CAT_DONE_ON_TIME;
    case TL_DONE_LATE: return CAT_DONE_LATE;
    case TL_OVERDUE: return CAT_OPEN_OVERDUE;
    case TL_UPCOMING:
    case TL_DUE_SOON:
    case TL_ONGOING:
    case TL_COUNT: break;
    }
    return CAT_OPEN_IN_TIME;
}

bool model_task_has_unit(const kh_task *t, size_t u)
{
    for (size_t i = 0; i < t->nlead; i++)
        if (t->lead[i] == u) return true;
    for (size_t i = 0; i < t->nsupport; i++)
        if (t->support[i] == u) return true;
    return false;
}

void model_count(const kh_plan *plan, kh_date today, kh_counts *all, kh_unit_counts *per_unit)
{
    memset(all, 0, sizeof *all);
    if (per_unit) memset(per_unit, 0, plan->nunits * sizeof *per_unit);
    for (size_t i = 0; i < plan->ntasks; i++) {
        const kh_task *t = &plan->tasks[i];
        /* A task assigned to each member of a group is counted by its
         * members' occurrences, never itself (issue 17). */
        if (model_task_summary(t)) continue;
        /* A withdrawn task is counted apart, in nothing else. */
        if (model_task_withdrawn(t)) {
            all->withdrawn++;
            all->status[ST_WITHDRAWN]++;
            continue;
        }
        kh_timeliness tl = model_timeliness(t, today);
        all->total++;
        all->status[t->status]++;
        if (model_task_proposed(t)) all->proposed++;
        all->timeliness[tl]++;
        all->category[model_category(tl)]++;
        kh_part part = part_of(t, tl);
        all->part[part]++;
        all->progress_sum += t->status == ST_DONE ? 100 : t->progress;
        if (!per_unit) continue;
        for (size_t k = 0; k < t->nlead; k++) {
            kh_unit_counts *u = &per_unit[t->lead[k]];
            u->lead++;
            u->status[t->status]++;
            u->timeliness[tl]++;
            u->part[part]++;
            if (model_task_done(t)) u->done++;
            if (tl == TL_OVERDUE) u->overdue++;
        }
        for (size_t k = 0; k < t->nsupport; k++) per_unit[t->support[k]].support++;
    }
}

int model_completion(const kh_counts *c)
{
    if (!c->total) return 0;
    return (int)((c->progress_sum + c->total / 2) / c->total);
}

static const kh_plan *sort_plan; /* qsort has no context argument in C11 */

static int cmp_task_id(const void *a, const void *b)
{
    return strcmp(sort_plan->tasks[*(const uint32_t *)a].id,
                  sort_plan->tasks[*(const uint32_t *)b].id);
}

const char *model_index(kh_plan *plan)
{
    free(plan->by_id);
    plan->by_id = xreallocarray(NULL, plan->ntasks ? plan->ntasks : 1, sizeof *plan->by_id);
    for (size_t i = 0; i < plan->ntasks; i++) plan->by_id[i] = (uint32_t)i;
    sort_plan = plan;
    qsort(plan->by_id, plan->ntasks, sizeof *plan->by_id, cmp_task_id);
    sort_plan = NULL;
    for (size_t i = 1; i < plan->ntasks; i++) {
        const char *id = plan->tasks[plan->by_id[i]].id;
        if (!strcmp(plan->tasks[plan->by_id[i - 1]].id, id)) return id;
    }
    return NULL;
}

long model_find_task(const kh_plan *plan, const char *id)
{
    size_t lo = 0, hi = plan->ntasks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(plan->tasks[plan->by_id[mid]].id, id);
        if (c == 0) return (long)plan->by_id[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static int cmp_task_at(const kh_plan *plan, size_t k, const char *id)
{
    return strcmp(plan->tasks[plan->by_id[k]].id, id);
}

long model_find_task_from(const kh_plan *plan, const char *id, size_t *pos)
{
    size_t n = plan->ntasks, lo = *pos <= n ? *pos : n;
    /* Out of order: search everything. */
    if (lo > 0 && cmp_task_at(plan, lo - 1, id) >= 0) lo = 0;
    /* Gallop: every task before lo sorts before id. */
    size_t bound = 1;
    while (lo + bound <= n && cmp_task_at(plan, lo + bound - 1, id) < 0) {
        lo += bound;
        bound *= 2;
    }
    size_t hi = lo + bound < n ? lo + bound : n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_task_at(plan, mid, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < n && cmp_task_at(plan, lo, id) == 0) {
        *pos = lo + 1;
        return (long)plan->by_id[lo];
    }
    *pos = lo;
    return -1;
}

long model_find_unit(const kh_plan *plan, const char *id)
{
    for (size_t i = 0; i < plan->nunits; i++)
        if (!strcmp(plan->units[i].id, id)) return (long)i;
    return -1;
}

long model_find_unit_loose(const kh_plan *plan, const char *s)
{
    long i = model_find_unit(plan, s);
    if (i >= 0) return i;
    for (size_t k = 0; k < plan->nunits; k++)
        if (!strcasecmp(plan->units[k].id, s)) return (long)k;
    char *f = text_fold(s);
    if (!f) return -1;
    long found = -1;
    for (size_t k = 0; k < plan->nunits && found < 0; k++) {
        char *a = text_fold(plan->units[k].short_name), *b = text_fold(plan->units[k].name);
        if ((a && !strcmp(a, f)) || (b && !strcmp(b, f))) found = (long)k;
        free(a);
        free(b);
    }
    free(f);
    return found;
}

const char *model_intern_user(kh_plan *plan, const char *name)
{
    for (size_t i = 0; i < plan->nusers; i++)
        if (!strcmp(plan->users[i], name)) return plan->users[i];
    KH_GROW(plan->users, plan->nusers, plan->capusers);
    plan->users[plan->nusers] = arena_strdup(&plan->mem, name);
    return plan->users[plan->nusers++];
}

void model_task_reset_state(kh_task *t)
{
    const kh_base_state *b = t->base;
    t->status = b ? b->status : ST_TODO;
    t->progress = b ? b->progress : 0;
    t->completed = b ? b->completed : KH_NO_DATE;
    if (t->nextensions) t->due = t->due_original; /* extensions come from the store */
    t->nextensions = 0;
    t->extension_doc = t->extension_reason = t->withdrawn_doc = NULL;
    model_task_base_extend(t);
    if (b) t->withdrawn_doc = b->withdrawn_doc;
    t->updated_at = b ? b->updated_at : 0;
    t->updated_by = b ? b->updated_by : NULL;
    t->version = 0;
    t->nnotes = b ? b->nnotes : 0;
    t->officer = t->plan_officer;
    t->verdict = b ? b->verdict : VERDICT_NONE;
    t->verdict_by = b ? b->verdict_by : NULL;
    t->verdict_reason = b ? b->verdict_reason : NULL;
    t->verdict_at = b ? b->verdict_at : 0;
}

void model_task_base_extend(kh_task *t)
{
    const kh_base_state *b = t->base;
    for (uint32_t i = 0; b && i < b->nextensions; i++) {
        if (!t->nextensions) t->due_original = t->due;
        t->nextensions++;
        t->due = b->extensions[i].to;
        t->extension_doc = b->extensions[i].doc;
        t->extension_reason = b->extensions[i].reason;
    }
}

void model_task_base_amend(kh_task *t)
{
    const kh_base_state *b = t->base;
    if (!b) return;
    if (t->dl_kind == DL_PERIODIC && (b->amended & KH_AMENDED_DEADLINE) && b->due != KH_NO_DATE)
        t->due = b->due;
    if (b->amended_by) t->amended_by = b->amended_by;
    t->amended |= b->amended;
    if (b->amended & KH_AMENDED_WITHDRAWN) t->withdrawn = true;
}

void model_free(kh_plan *plan)
{
    if (!plan) return;
    arena_done(&plan->mem);
    if (plan->mapping) munmap(plan->mapping, plan->mapping_size);
    free(plan->tasks);
    free(plan->by_id);
    free(plan->users);
    free(plan->member_files);
    free(plan->path);
    free(plan);
}

/* ---- names ---- */

static const char *const status_codes[ST_COUNT] = {"todo", "doing", "blocked", "done", "withdrawn"};

const char *model_status_code(kh_status s)
{
    return s < ST_COUNT ? status_codes[s] : "?";
}

const char *model_status_name(kh_status s, kh_lang lang)
{
    switch (s) {
    case ST_TODO: return TR(lang, "Chưa thực hiện", "Not started");
    case ST_DOING: return TR(lang, "Đang thực hiện", "In progress");
    case ST_BLOCKED: return TR(lang, "Vướng mắc", "Blocked");
    case ST_DONE: return TR(lang, "Đã hoàn thành", "Done");
    case ST_WITHDRAWN: return TR(lang, "Dừng thực hiện", "Withdrawn");
    case ST_COUNT: break;
    }
    return "?";
}

int model_status_parse(const char *s)
{
    char *f = text_fold(s);
    if (!f) return -1;
    int found = -1;
    for (int i = 0; i < ST_COUNT && found < 0; i++) {
        const char *names[] = {status_codes[i], model_status_name((kh_status)i, KH_LANG_VI),
                               model_status_name((kh_status)i, KH_LANG_EN)};
        for (size_t k = 0; k < KH_ARRAY_LEN(names); k++) {
            char *g = text_fold(names[k]);
            if (g && !strcmp(f, g)) found = i;
            free(g);
        }
    }
    free(f);
    return found;
}

static const char *const tl_codes[TL_COUNT] = {"upcoming",     "due-soon",  "overdue",
                                               "done-on-time", "done-late", "ongoing"};

const char *model_timeliness_code(kh_timeliness tl)
{
    return tl < TL_COUNT ? tl_codes[tl] : "?";
}

const char *model_timeliness_name(kh_timeliness tl, kh_lang lang)
{
    switch (tl) {
    case TL_UPCOMING: return TR(lang, "Còn hạn", "Upcoming");
    case TL_DUE_SOON: return TR(lang, "Sắp đến hạn", "Due soon");
    case TL_OVERDUE: return TR(lang, "Quá hạn", "Overdue");
    case TL_DONE_ON_TIME: return TR(lang, "Đúng hạn", "On time");
    case TL_DONE_LATE: return TR(lang, "Quá hạn", "Late"); /* one word: "Đã hoàn thành quá hạn" */
    case TL_ONGOING: return TR(lang, "Thường xuyên", "Ongoing");
    case TL_COUNT: break;
    }
    return "?";
}

const char *model_category_code(kh_category c)
{
    static const char *const codes[CAT_COUNT] = {"done-on-time", "done-late", "open-in-time",
                                                 "open-overdue"};
    return c < CAT_COUNT ? codes[c] : "?";
}

const char *model_category_name(kh_category c, kh_lang lang)
{
    switch (c) {
    case CAT_DONE_ON_TIME: return TR(lang, "Đã hoàn thành đúng hạn", "Done on time");
    case CAT_DONE_LATE: return TR(lang, "Đã hoàn thành quá hạn", "Done late");
    case CAT_OPEN_IN_TIME:
        return TR(lang, "Chưa hoàn thành trong hạn", "Not done, within deadline");
    case CAT_OPEN_OVERDUE: return TR(lang, "Chưa hoàn thành quá hạn", "Not done, overdue");
    case CAT_COUNT: break;
    }
    return "?";
}

static const char *const every_codes[EVERY_COUNT] = {"month", "quarter", "half-year", "nine-months",
                                                     "year"};

const char *model_every_code(kh_every e)
{
    return e < EVERY_COUNT ? every_codes[e] : "?";
}

const char *model_every_name(kh_every e, kh_lang lang)
{
    switch (e) {
    case EVERY_MONTH: return TR(lang, "hằng tháng", "monthly");
    case EVERY_QUARTER: return TR(lang, "hằng quý", "quarterly");
    case EVERY_HALF_YEAR: return TR(lang, "6 tháng", "half-yearly");
    case EVERY_NINE_MONTHS: return TR(lang, "9 tháng", "nine-monthly");
    case EVERY_YEAR: return TR(lang, "hằng năm", "yearly");
    case EVERY_COUNT: break;
    }
    return "?";
}

int model_every_parse(const char *s)
{
    for (int i = 0; i < EVERY_COUNT; i++)
        if (!strcmp(s, every_codes[i])) return i;
    return -1;
}

static void occurrence_label(strbuf *out, const kh_task *t, kh_lang lang)
{
    static const char *const roman[] = {"I", "II", "III", "IV"};
    switch ((kh_every)t->every) {
    case EVERY_MONTH:
        sb_printf(out, TR(lang, "tháng %02d/%d", "month %02d/%d"), t->occ, t->occ_year);
        break;
    case EVERY_QUARTER:
        if (lang == KH_LANG_EN)
            sb_printf(out, "Q%d %d", t->occ, t->occ_year);
        else
            sb_printf(out, "quý %s/%d", roman[(t->occ - 1) & 3], t->occ_year);
        break;
    case EVERY_HALF_YEAR:
        sb_printf(out, TR(lang, "6 tháng đầu năm %d", "first half of %d"), t->occ_year);
        break;
    case EVERY_NINE_MONTHS:
        sb_printf(out, TR(lang, "9 tháng đầu năm %d", "first nine months of %d"), t->occ_year);
        break;
    case EVERY_YEAR: sb_printf(out, TR(lang, "năm %d", "year %d"), t->occ_year); break;
    case EVERY_COUNT: break;
    }
}

void model_task_title(strbuf *out, const kh_task *t, kh_lang lang)
{
    if (t->dl_kind != DL_PERIODIC) {
        sb_puts(out, t->title);
        return;
    }
    /* "…hai cấp.: quý III/2025" reads as a typo: a sentence's full stop
     * gives way to the period's colon (an ellipsis stays). */
    size_t n = strlen(t->title);
    if (n && t->title[n - 1] == '.' && (n < 2 || t->title[n - 2] != '.')) n--;
    sb_add(out, t->title, n);
    sb_puts(out, ": ");
    occurrence_label(out, t, lang);
}

void model_status_label(strbuf *out, const kh_task *t, kh_date today, kh_lang lang)
{
    kh_timeliness tl = model_timeliness(t, today);
    const char *status = model_task_status_name(t, lang);
    if (!model_task_withdrawn(t) && (tl == TL_OVERDUE || tl == TL_DUE_SOON || tl == TL_DONE_LATE)) {
        sb_puts(out, model_timeliness_name(tl, lang));
        sb_puts(out, " · ");
    }
    sb_puts(out, status);
}

void model_task_row_title(strbuf *out, const kh_task *t, kh_lang lang)
{
    if (t->dl_kind == DL_PERIODIC) {
        occurrence_label(out, t, lang);
        sb_puts(out, " – ");
    }
    sb_puts(out, t->title);
}

void model_deadline_short(strbuf *out, const kh_task *t, kh_lang lang)
{
    char buf[11];
    if (t->dl_kind == DL_CONTINUOUS)
        sb_puts(out, TR(lang, "Thường xuyên", "Continuous"));
    else if (t->dl_kind == DL_NONE)
        sb_puts(out, TR(lang, "Không xác định", "Not set"));
    else if (t->due != KH_NO_DATE)
        sb_puts(out, date_format_dmy(t->due, buf));
    else if (t->dl_kind == DL_PERIOD_END)
        sb_puts(out, TR(lang, "Cuối kỳ", "End of period"));
}

void model_deadline_long(strbuf *out, const kh_task *t, kh_lang lang)
{
    char buf[11];
    if (model_task_extended(t)) {
        char orig[11];
        sb_printf(out,
                  TR(lang, "hạn gốc %s, gia hạn đến %s", "original deadline %s, extended to %s"),
                  t->due_original != KH_NO_DATE ? date_format_dmy(t->due_original, orig)
                                                : TR(lang, "không xác định", "not set"),
                  date_format_dmy(t->due, buf));
        if (t->extension_doc) sb_printf(out, TR(lang, " theo %s", " by %s"), t->extension_doc);
        return;
    }
    const char *due = t->due != KH_NO_DATE ? date_format_dmy(t->due, buf) : "?";
    if (t->dl_kind == DL_NONE) {
        sb_puts(out, t->deadline_text ? t->deadline_text : TR(lang, "không xác định", "not set"));
        return;
    }
    /* A plan with no period: continuous and end-of-period work has no day. */
    if (t->due == KH_NO_DATE && t->dl_kind == DL_CONTINUOUS) {
        sb_puts(out, t->deadline_text ? t->deadline_text : TR(lang, "thường xuyên", "continuous"));
        return;
    }
    if (t->due == KH_NO_DATE && t->dl_kind == DL_PERIOD_END) {
        if (t->deadline_text) sb_printf(out, "%s: ", t->deadline_text);
        sb_puts(out, TR(lang, "cuối kỳ kế hoạch (kế hoạch không ghi kỳ)",
                        "by the end of the plan (the plan states no period)"));
        return;
    }
    if (t->deadline_text) {
        sb_puts(out, t->deadline_text);
        if (t->dl_kind == DL_CONTINUOUS)
            sb_printf(out, TR(lang, " (đến hết %s)", " (until %s)"), due);
        else if (!strstr(t->deadline_text, due))
            sb_printf(out, " (%s)", due);
        return;
    }
    char from[11];
    if (t->window_days && t->dl_kind == DL_DATE) {
        sb_printf(out, TR(lang, "từ %s đến %s", "from %s to %s"),
                  date_format_dmy(t->due - t->window_days, from), due);
        return;
    }
    switch ((kh_deadline_kind)t->dl_kind) {
    case DL_NONE: break;
    case DL_DATE: sb_printf(out, TR(lang, "ngày %s", "on %s"), due); break;
    case DL_CONTINUOUS:
        sb_printf(out, TR(lang, "thường xuyên, đến hết %s", "continuous, until %s"), due);
        break;
    case DL_PERIOD_END:
        sb_printf(out, TR(lang, "cuối kỳ kế hoạch (%s)", "by the end of the plan (%s)"), due);
        break;
    case DL_PERIODIC:
        sb_printf(out, TR(lang, "báo cáo %s (", "%s report ("),
                  model_every_name((kh_every)t->every, lang));
        occurrence_label(out, t, lang);
        sb_printf(out, TR(lang, "), hạn %s", "), due %s"), due);
        break;
    }
}

size_t model_occurrences(kh_every every, int day, kh_date from, kh_date to,
                         void (*add)(void *ctx, int year, int number, kh_date due), void *ctx)
{
    int y0, y1, m, d;
    date_to_ymd(from, &y0, &m, &d);
    date_to_ymd(to, &y1, &m, &d);
    size_t n = 0;
    for (int y = y0; y <= y1; y++) {
        for (int month = 1; month <= 12; month++) {
            int number;
            switch (every) {
            case EVERY_MONTH: number = month; break;
            case EVERY_QUARTER:
                if (month % 3) continue;
                number = month / 3;
                break;
            case EVERY_HALF_YEAR:
                if (month != 6) continue;
                number = 1;
                break;
            case EVERY_NINE_MONTHS:
                if (month != 9) continue;
                number = 1;
                break;
            case EVERY_YEAR:
            case EVERY_COUNT:
            default:
                if (month != 12) continue;
                number = 1;
                break;
            }
            int last = date_days_in_month(y, month);
            kh_date end = date_from_ymd(y, month, last);
            if (end < from || end > to) continue;
            kh_date due = day > 0 ? date_from_ymd(y, month, day < last ? day : last) : end;
            add(ctx, y, number, due);
            n++;
        }
    }
    return n;
}

const char *model_section_code(const kh_plan *plan, int section, char *out)
{
    static const char *const roman[] = {"", "I", "II", "III"};
    const char *label = section >= 1 && section <= 3 ? plan->section_label[section] : NULL;
    if (!label) {
        snprintf(out, 32, "%s", section >= 1 && section <= 3 ? roman[section] : "");
        return out;
    }
    size_t n = strspn(label, "IVXLC");
    if (n && (label[n] == '.' || label[n] == ' ' || !label[n])) {
        snprintf(out, 32, "%.*s", (int)n, label);
        return out;
    }
    /* "Phụ lục: DANH MỤC ...": the name before its colon. */
    size_t len = strcspn(label, ":");
    if (len > 31) {
        len = 31;
        while (len && ((unsigned char)label[len] & 0xC0) == 0x80) len--;
    }
    snprintf(out, 32, "%.*s", (int)len, label);
    return out;
}

const char *model_section_heading(const kh_plan *plan, int section, kh_lang lang)
{
    if (section >= 1 && section <= 3 && plan->section_label[section])
        return plan->section_label[section];
    switch (section) {
    case 1: return TR(lang, "I. MỤC ĐÍCH, YÊU CẦU", "I. AIMS AND REQUIREMENTS");
    case 2: return TR(lang, "II. NỘI DUNG THỰC HIỆN", "II. CONTENTS");
    default: return TR(lang, "III. TỔ CHỨC THỰC HIỆN", "III. ORGANISATION");
    }
}

void model_rollup(kh_plan *plan)
{
    size_t n = plan->ntasks;
    bool any = false;
    for (size_t i = 0; i < n && !any; i++) any = plan->tasks[i].sub_of != 0;
    if (!any) return;
    typedef struct {
        uint32_t count, done, confirmed, blocked, started;
        uint64_t progress;
        kh_date last;
    } sums;
    sums *s = xcalloc(n, sizeof *s);
    /* Sub-items come after their task: from the end, a task's sums are
     * whole before it is added to its own task's. */
    for (size_t k = n; k-- > 0;) {
        kh_task *t = &plan->tasks[k];
        if (t->nsub && s[k].count) {
            const sums *m = &s[k];
            t->progress = (uint8_t)(m->progress / m->count);
            t->completed = KH_NO_DATE;
            if (m->done == m->count) {
                t->status = ST_DONE;
                t->progress = 100;
                t->completed = m->last ? m->last : KH_NO_DATE;
                /* Confirmed (issue 12) when every sub-item counts as done;
                 * while one is only proposed, so is the task. */
                t->verdict = m->confirmed == m->count ? VERDICT_CONFIRMED : VERDICT_NONE;
            } else if (m->blocked) {
                t->status = ST_BLOCKED;
            } else if (m->started) {
                t->status = ST_DOING;
            } else {
                t->status = ST_TODO;
            }
        }
        if (!t->sub_of || t->sub_of > n) continue;
        sums *p = &s[t->sub_of - 1];
        p->count++;
        p->progress += t->progress;
        p->done += t->status == ST_DONE;
        p->confirmed += model_task_done(t);
        p->blocked += t->status == ST_BLOCKED;
        p->started += t->status != ST_TODO || t->progress > 0;
        if (t->status == ST_DONE && t->completed != KH_NO_DATE &&
            (p->last == 0 || t->completed > p->last))
            p->last = t->completed;
    }
    free(s);
}
