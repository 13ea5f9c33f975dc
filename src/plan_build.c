/* The build step of the plan loader: records (from the YAML loader or any
 * other reader) resolved, expanded and indexed into the model. No YAML. */
#include "plan_build.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/text.h"
#include "plan_targets.h"

void plan_build_init(plan_build *B, kh_plan *plan, kh_lang lang, kh_diags *diags)
{
    memset(B, 0, sizeof *B);
    B->plan = plan;
    B->lang = lang;
    B->diags = diags;
}

void plan_build_err(plan_build *B, int line, int col, const char *fmt, ...)
{
    if (B->diags->n >= PLAN_MAX_ERRORS) return;
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    diags_add(B->diags, line, col, "%s", sb_str(&sb));
    sb_done(&sb);
}

char *plan_build_keep(plan_build *B, const char *s)
{
    return arena_strdup(&B->plan->mem, s);
}

/* ---- records ---- */

bool plan_build_add_unit(plan_build *B, kh_unit u, int line, int col)
{
    if (B->nunits >= UINT16_MAX) {
        plan_build_err(B, line, col, B_TR(B, "quá nhiều đơn vị", "too many units"));
        return false;
    }
    KH_GROW(B->units, B->nunits, B->capunits);
    B->units[B->nunits++] = (pb_unit){u, line, col};
    return true;
}

size_t plan_build_add_task(plan_build *B, kh_task t, int line, int col)
{
    KH_GROW(B->tasks, B->ntasks, B->captasks);
    B->tasks[B->ntasks] = (pb_task){t, line, col, NULL, NULL, 0, 0, 0};
    return B->ntasks++;
}

void plan_build_unit_ref(plan_build *B, uint16_t *slot, const char *id, int line, int col)
{
    KH_GROW(B->urefs, B->nurefs, B->capurefs);
    B->urefs[B->nurefs++] = (pb_unit_ref){slot, id, line, col};
}

void plan_build_item_ref(plan_build *B, size_t duty, const char *id, int line, int col)
{
    KH_GROW(B->irefs, B->nirefs, B->capirefs);
    B->irefs[B->nirefs++] = (pb_item_ref){duty, id, line, col};
}

size_t plan_build_add_duty(plan_build *B, const char *heading, const char *unit_id, int line,
                           int col, size_t first_task)
{
    kh_duty d;
    memset(&d, 0, sizeof d);
    d.heading = heading;
    d.first_task = (uint32_t)first_task;
    d.ntasks = (uint32_t)(B->ntasks - first_task);
    size_t index = B->nduties;
    /* The duty's unit leads its tasks unless a task names its own lead. */
    uint16_t *slot = arena_alloc(&B->plan->mem, sizeof *slot);
    plan_build_unit_ref(B, slot, unit_id, line, col);
    for (size_t i = first_task; i < B->ntasks; i++) {
        kh_task *t = &B->tasks[i].task;
        if (t->nlead || B->tasks[i].each) continue; /* each member leads its own */
        uint16_t *lead = arena_alloc(&B->plan->mem, sizeof *lead);
        t->lead = lead;
        t->nlead = 1;
        KH_GROW(B->dleads, B->ndleads, B->capdleads);
        B->dleads[B->ndleads++] = (pb_default_lead){lead, index};
    }
    KH_GROW(B->duties, B->nduties, B->capduties);
    B->duties[B->nduties++] = (pb_duty){d, slot};
    return index;
}

void plan_build_add_right(plan_build *B, kh_right r, uint16_t *unit_slot, int line, int col)
{
    KH_GROW(B->rights, B->nrights, B->caprights);
    B->rights[B->nrights++] = (pb_right){r, unit_slot, line, col};
}

void plan_build_add_event(plan_build *B, pb_event e)
{
    KH_GROW(B->events, B->nevents, B->capevents);
    B->events[B->nevents++] = e;
}

void plan_build_event_ref(plan_build *B, size_t task, const char *id, int days, int line, int col)
{
    KH_GROW(B->erefs, B->nerefs, B->caperefs);
    B->erefs[B->nerefs++] = (pb_event_ref){task, id, days, line, col};
}

/* ---- resolving ---- */

/* Events have unique ids; each deadline counted from one gets its day and,
 * unless the plan words it, the words "105 ngày trước ngày bầu cử
 * (23/05/2021)". Linear searches: a plan has a handful of events. */
static void resolve_events(plan_build *B)
{
    for (size_t i = 1; i < B->nevents; i++)
        for (size_t k = 0; k < i; k++)
            if (!strcmp(B->events[i].id, B->events[k].id)) {
                plan_build_err(B, B->events[i].line, B->events[i].col,
                               B_TR(B, "mã sự kiện '%s' bị trùng (đã dùng ở dòng %d)",
                                    "event id '%s' is used twice (first at line %d)"),
                               B->events[i].id, B->events[k].line);
                break;
            }
    if (B->nevents > UINT16_MAX - 1) {
        plan_build_err(B, B->events[0].line, B->events[0].col,
                       B_TR(B, "quá nhiều sự kiện", "too many events"));
        return;
    }
    if (B->nevents) {
        kh_event *v = arena_alloc(&B->plan->mem, B->nevents * sizeof *v);
        for (size_t i = 0; i < B->nevents; i++)
            v[i] = (kh_event){B->events[i].id, B->events[i].name, B->events[i].date};
        B->plan->events = v;
        B->plan->nevents = B->nevents;
    }
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < B->nerefs; i++) {
        const pb_event_ref *r = &B->erefs[i];
        const pb_event *e = NULL;
        for (size_t k = 0; k < B->nevents && !e; k++)
            if (!strcmp(B->events[k].id, r->event)) e = &B->events[k];
        if (!e) {
            plan_build_err(
                B, r->line, r->col,
                B_TR(B, "không có sự kiện '%s' trong 'events'", "no event '%s' in 'events'"),
                r->event);
            continue;
        }
        if (r->task >= B->ntasks) continue; /* its task was refused (reported) */
        kh_task *t = &B->tasks[r->task].task;
        t->due = e->date + r->days;
        t->event = (uint16_t)(e - B->events + 1);
        t->event_days = (int16_t)r->days;
        if (t->deadline_text) continue;
        t->dl_text_made = true;
        char buf[11];
        sb_reset(&sb);
        if (r->days)
            sb_printf(&sb, "%d ngày %s %s (%s)", r->days < 0 ? -r->days : r->days,
                      r->days < 0 ? "trước" : "sau", e->name, date_format_dmy(e->date, buf));
        else
            sb_printf(&sb, "%s (%s)", e->name, date_format_dmy(e->date, buf));
        t->deadline_text = plan_build_keep(B, sb_str(&sb));
    }
    sb_done(&sb);
}

/* Return the known word nearest to s, or NULL when none is near. */
const char *plan_build_nearest(const char *s, const char *const *known, size_t n)
{
    const char *best = NULL;
    size_t best_d = 99;
    for (size_t i = 0; i < n; i++) {
        size_t d = text_distance(s, known[i], 32);
        if (d < best_d) {
            best_d = d;
            best = known[i];
        }
    }
    size_t len = strlen(s);
    return best_d <= (len > 6 ? 3 : 2) && best_d < len ? best : NULL;
}
bool plan_build_id_ok(const char *s, bool unit)
{
    if (!*s || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9') ||
                 (!unit && s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                  (!unit && ((c >= 'A' && c <= 'Z') || c == '.' || c == '_'));
        if (!ok) return false;
    }
    return strlen(s) <= 64;
}
/* Put the resolved units on the rights; a unit given twice is an error. */
static void resolve_rights(plan_build *B)
{
    size_t *first = xreallocarray(NULL, B->nunits ? B->nunits : 1, sizeof *first);
    for (size_t u = 0; u < B->nunits; u++) first[u] = SIZE_MAX;
    for (size_t i = 0; i < B->nrights; i++) {
        kh_right *r = &B->rights[i].right;
        if (r->all) continue;
        r->unit = *B->rights[i].unit_slot;
        if (r->unit >= B->nunits) continue;
        size_t k = first[r->unit];
        if (k == SIZE_MAX) {
            first[r->unit] = i;
            continue;
        }
        plan_build_err(B, B->rights[i].line, B->rights[i].col,
                       B_TR(B, "đơn vị '%s' được ghi hai lần trong 'rights' (đã có ở dòng %d)",
                            "unit '%s' is named twice in 'rights' (first at line %d)"),
                       B->units[r->unit].unit.id, B->rights[k].line);
    }
    free(first);
}
/* An orphan is a task the plan does not have: one it has belongs under it. */
static void check_orphans(plan_build *B)
{
    kh_plan *p = B->plan;
    for (size_t i = 0; i < p->norphans; i++)
        if (model_find_task(p, p->orphans[i].id) >= 0)
            plan_build_err(
                B, p->orphans[i].line, p->orphans[i].col,
                B_TR(B,
                     "'orphans' ghi trạng thái của '%s', một nhiệm vụ của kế hoạch này: hãy ghi "
                     "nó trong 'state:' của nhiệm vụ",
                     "'orphans' gives the state of '%s', a task of this plan: give it in the "
                     "task's 'state:'"),
                p->orphans[i].id);
}
/* ---- putting it together ---- */

static const plan_build *sort_loader; /* qsort has no context argument in C11 */

static int cmp_unit_index(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    int c = strcmp(sort_loader->units[x].unit.id, sort_loader->units[y].unit.id);
    return c ? c : (x < y ? -1 : x > y);
}

static int cmp_task_index(const void *a, const void *b)
{
    int c = strcmp(sort_loader->tasks[*(const uint32_t *)a].task.id,
                   sort_loader->tasks[*(const uint32_t *)b].task.id);
    if (c) return c;
    return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* Resolve every reference to a unit; false when the unit ids are not
 * unique, and then nothing refers to a unit yet. */
static bool resolve_units(plan_build *B)
{
    size_t n = B->nunits;
    uint16_t *order = xreallocarray(NULL, n ? n : 1, sizeof *order);
    const char **ids = xreallocarray(NULL, n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) order[i] = (uint16_t)i;
    sort_loader = B;
    qsort(order, n, sizeof *order, cmp_unit_index);
    for (size_t i = 0; i < n; i++) ids[i] = B->units[i].unit.id;
    /* The same id twice: each repeat names the first (in file order); what
     * refers to the units waits till that is mended. */
    size_t errors = B->diags->n;
    for (size_t i = 1, first = 0; i < n; i++) {
        if (strcmp(B->units[order[first]].unit.id, B->units[order[i]].unit.id) != 0) {
            first = i;
            continue;
        }
        plan_build_err(B, B->units[order[i]].line, B->units[order[i]].col,
                       B_TR(B, "mã đơn vị '%s' bị trùng (đã dùng ở dòng %d)",
                            "unit id '%s' is used twice (first at line %d)"),
                       B->units[order[i]].unit.id, B->units[order[first]].line);
    }
    if (B->diags->n > errors) {
        free(order);
        free(ids);
        return false;
    }
    for (size_t i = 0; i < B->nurefs; i++) {
        pb_unit_ref *u = &B->urefs[i];
        size_t lo = 0, hi = n;
        long found = -1;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int c = strcmp(B->units[order[mid]].unit.id, u->id);
            if (!c) {
                found = order[mid];
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (found >= 0) {
            *u->slot = (uint16_t)found;
            continue;
        }
        *u->slot = 0;
        /* Past the last message shown, a suggestion is wasted work. */
        if (B->diags->n >= PLAN_MAX_ERRORS) continue;
        const char *near = plan_build_nearest(u->id, ids, n);
        if (near)
            plan_build_err(B, u->line, u->col,
                           B_TR(B, "không có đơn vị '%s' trong 'units'; có phải là '%s'?",
                                "no unit '%s' in 'units'; did you mean '%s'?"),
                           u->id, near);
        else
            plan_build_err(B, u->line, u->col,
                           B_TR(B, "không có đơn vị '%s' trong 'units'", "no unit '%s' in 'units'"),
                           u->id);
    }
    free(order);
    free(ids);
    for (size_t i = 0; i < B->nduties; i++) B->duties[i].duty.unit = *B->duties[i].unit_slot;
    for (size_t i = 0; i < B->ndleads; i++)
        *B->dleads[i].slot = B->duties[B->dleads[i].duty].duty.unit;
    return true;
}

/* Check ids are unique; return the task indexes sorted by id. */
static uint32_t *check_task_ids(plan_build *B)
{
    uint32_t *order = xreallocarray(NULL, B->ntasks ? B->ntasks : 1, sizeof *order);
    for (size_t i = 0; i < B->ntasks; i++) order[i] = (uint32_t)i;
    sort_loader = B;
    qsort(order, B->ntasks, sizeof *order, cmp_task_index);
    size_t first = 0; /* the first of a run of equal ids (order keeps file order) */
    for (size_t i = 1; i < B->ntasks; i++) {
        const kh_task *a = &B->tasks[order[first]].task, *b = &B->tasks[order[i]].task;
        if (strcmp(a->id, b->id) != 0) {
            first = i;
            continue;
        }
        plan_build_err(B, B->tasks[order[i]].line, B->tasks[order[i]].col,
                       B_TR(B, "mã nhiệm vụ '%s' bị trùng (đã dùng ở dòng %d)",
                            "task id '%s' is used twice (first at line %d)"),
                       b->id, B->tasks[order[first]].line);
    }
    return order;
}

/* Section III names the section II items a unit carries out: put the unit
 * on those tasks, as a supporting unit when it does not lead them. */
typedef struct {
    uint32_t task;
    uint16_t unit;
} support_add;

static int cmp_support_add(const void *a, const void *b)
{
    const support_add *x = a, *y = b;
    if (x->task != y->task) return x->task < y->task ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* Section III names the section II items a unit carries out: put the unit
 * on those tasks, as a supporting unit when it does not lead or support them
 * already. Linear in the references, whatever their number. */
static void resolve_items(plan_build *B, const uint32_t *order)
{
    long *found = xreallocarray(NULL, B->nirefs + 1, sizeof *found);
    uint32_t *count = xcalloc(B->nduties + 1, sizeof *count);
    for (size_t i = 0; i < B->nirefs; i++) {
        pb_item_ref *ir = &B->irefs[i];
        size_t lo = 0, hi = B->ntasks;
        found[i] = -1;
        /* A duty refused for its own problem (reported): its items wait. */
        if (ir->duty >= B->nduties) continue;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int c = strcmp(B->tasks[order[mid]].task.id, ir->id);
            if (!c) {
                found[i] = order[mid];
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (found[i] < 0)
            plan_build_err(
                B, ir->line, ir->col,
                B_TR(B, "không có nhiệm vụ '%s' trong kế hoạch", "no task '%s' in the plan"),
                ir->id);
        else
            count[ir->duty]++;
    }
    for (size_t d = 0; d < B->nduties; d++) {
        B->duties[d].duty.items = arena_alloc(&B->plan->mem, (count[d] + 1) * sizeof(uint32_t));
        B->duties[d].duty.nitems = 0;
    }
    /* An item named twice in one duty is a slip worth telling. */
    bool *seen = xcalloc(B->ntasks + 1, sizeof *seen);
    support_add *adds = xreallocarray(NULL, B->nirefs + 1, sizeof *adds);
    size_t nadds = 0;
    for (size_t i = 0; i < B->nirefs; i++) {
        if (found[i] < 0) continue;
        pb_item_ref *ir = &B->irefs[i];
        kh_duty *d = &B->duties[ir->duty].duty;
        if (i > 0 && B->irefs[i - 1].duty != ir->duty) {
            /* A new duty: forget the last one's items. */
            const kh_duty *prev = &B->duties[B->irefs[i - 1].duty].duty;
            for (uint32_t k = 0; k < prev->nitems; k++) seen[prev->items[k]] = false;
        }
        if (seen[found[i]]) {
            plan_build_err(B, ir->line, ir->col,
                           B_TR(B, "khoản '%s' được ghi hai lần trong 'items'",
                                "item '%s' is named twice in 'items'"),
                           ir->id);
            continue;
        }
        seen[found[i]] = true;
        d->items[d->nitems++] = (uint32_t)found[i];
        adds[nadds++] = (support_add){(uint32_t)found[i], d->unit};
    }
    /* Add the units, task by task: mark the units a task has, add the rest. */
    qsort(adds, nadds, sizeof *adds, cmp_support_add);
    bool *has = xcalloc(B->nunits + 1, sizeof *has);
    for (size_t i = 0; i < nadds;) {
        size_t j = i;
        while (j < nadds && adds[j].task == adds[i].task) j++;
        kh_task *t = &B->tasks[adds[i].task].task;
        for (size_t k = 0; k < t->nlead; k++) has[t->lead[k]] = true;
        for (size_t k = 0; k < t->nsupport; k++) has[t->support[k]] = true;
        size_t extra = 0;
        for (size_t k = i; k < j; k++)
            if (!has[adds[k].unit]) has[adds[k].unit] = true, extra++;
        if (extra) {
            uint16_t *support =
                arena_alloc(&B->plan->mem, (t->nsupport + extra + 1) * sizeof *support);
            if (t->nsupport) memcpy(support, t->support, t->nsupport * sizeof *support);
            size_t n = t->nsupport;
            for (size_t k = 0; k < t->nlead; k++) has[t->lead[k]] = false;
            for (size_t k = 0; k < t->nsupport; k++) has[t->support[k]] = false;
            for (size_t k = i; k < j; k++) {
                if (!has[adds[k].unit]) continue;
                has[adds[k].unit] = false; /* taken; a repeat is skipped */
                support[n++] = adds[k].unit;
            }
            t->support = support;
            t->nsupport = (uint16_t)n;
        }
        for (size_t k = 0; k < t->nlead; k++) has[t->lead[k]] = false;
        for (size_t k = 0; k < t->nsupport; k++) has[t->support[k]] = false;
        for (size_t k = i; k < j; k++) has[adds[k].unit] = false;
        i = j;
    }
    free(has);
    free(adds);
    free(seen);
    free(count);
    free(found);
}

static void compute_folds(plan_build *B)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < B->nunits; i++) {
        sb_reset(&sb);
        sb_printf(&sb, "%s\n%s\n%s", B->units[i].unit.id, B->units[i].unit.name,
                  B->units[i].unit.short_name);
        char *f = text_fold(sb_str(&sb));
        B->units[i].unit.fold = plan_build_keep(B, f ? f : "");
        free(f);
    }
    for (size_t i = 0; i < B->ntasks; i++) {
        kh_task *t = &B->tasks[i].task;
        sb_reset(&sb);
        if (t->title != t->text) sb_printf(&sb, "%s\n", t->title);
        sb_puts(&sb, t->text);
        char *f = text_fold(sb_str(&sb));
        t->fold = plan_build_keep(B, f ? f : "");
        free(f);
    }
    sb_done(&sb);
}

typedef struct {
    plan_build *B;
    const pb_periodic *pd; /* the periodic task being expanded */
    const kh_task *tmpl;
    kh_every every;
    kh_task *out;
    size_t n, cap;
} expand_ctx;

static void add_occurrence(void *vctx, int year, int number, kh_date due)
{
    expand_ctx *x = vctx;
    char tag[32];
    switch (x->every) {
    case EVERY_MONTH: snprintf(tag, sizeof tag, "%d-%02d", year, number); break;
    case EVERY_QUARTER: snprintf(tag, sizeof tag, "%d-Q%d", year, number); break;
    case EVERY_HALF_YEAR: snprintf(tag, sizeof tag, "%d-H%d", year, number); break;
    case EVERY_NINE_MONTHS: snprintf(tag, sizeof tag, "%d-9M", year); break;
    case EVERY_YEAR:
    case EVERY_COUNT:
    default: snprintf(tag, sizeof tag, "%d", year); break;
    }
    KH_GROW(x->out, x->n, x->cap);
    kh_task *t = &x->out[x->n++];
    *t = *x->tmpl;
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s/%s", x->tmpl->id, tag);
    t->id = plan_build_keep(x->B, sb_str(&sb));
    sb_done(&sb);
    t->every = (uint8_t)x->every;
    t->occ = (uint8_t)number;
    t->occ_year = (int16_t)year;
    t->due = due;
    t->base = NULL;
    for (size_t i = 0; i < x->pd->nstates; i++) {
        pb_tagged_state *ts = &x->B->tagged[x->pd->first_state + i];
        if (strcmp(ts->tag, tag) != 0) continue;
        t->base = ts->base;
        ts->used = true;
    }
}

static int cmp_occurrence(const void *a, const void *b)
{
    const kh_task *x = a, *y = b;
    if (x->due != y->due) return x->due < y->due ? -1 : 1;
    return x->every < y->every ? -1 : x->every > y->every;
}

/* Replace each periodic duty by its occurrences, and give continuous and
 * end-of-period work the plan's last day as deadline. */
static void expand(plan_build *B)
{
    kh_plan *p = B->plan;
    expand_ctx x = {B, NULL, NULL, EVERY_MONTH, NULL, 0, 0};
    size_t next_periodic = 0;
    size_t *new_index = xreallocarray(NULL, B->ntasks + 1, sizeof *new_index);
    for (size_t i = 0; i < B->ntasks; i++) {
        kh_task *t = &B->tasks[i].task;
        new_index[i] = x.n;
        if (t->dl_kind == DL_CONTINUOUS || t->dl_kind == DL_PERIOD_END) t->due = p->to;
        if (t->dl_kind != DL_PERIODIC) {
            KH_GROW(x.out, x.n, x.cap);
            x.out[x.n++] = *t;
            continue;
        }
        const pb_periodic *pd = &B->periodics[next_periodic++];
        size_t first = x.n;
        if (p->from == KH_NO_DATE) {
            plan_build_err(B, B->tasks[i].line, B->tasks[i].col,
                           B_TR(B,
                                "nhiệm vụ định kỳ '%s' cần kỳ kế hoạch (plan: period: {from, to}) "
                                "để biết có những kỳ nào",
                                "periodic task '%s' needs the plan period (plan: period: {from, "
                                "to}) to know which periods it has"),
                           t->id);
            continue;
        }
        /* At most 12 + 4 + 1 + 1 + 1 periods a year: refuse before making
         * more tasks than a plan may have. */
        int y0, y1, m, d;
        date_to_ymd(p->from, &y0, &m, &d);
        date_to_ymd(p->to, &y1, &m, &d);
        size_t bound = (size_t)(y1 - y0 + 1) * 19;
        if (x.n + bound + (B->ntasks - i) > PLAN_MAX_TASKS) {
            plan_build_err(
                B, B->tasks[i].line, B->tasks[i].col,
                B_TR(B,
                     "nhiệm vụ định kỳ '%s' tạo ra quá nhiều kỳ (tối đa %d nhiệm vụ cả kế hoạch)",
                     "periodic task '%s' makes too many periods (a plan has at most %d tasks)"),
                t->id, PLAN_MAX_TASKS);
            break;
        }
        x.tmpl = t;
        x.pd = pd;
        for (int e = 0; e < EVERY_COUNT; e++) {
            if (!(pd->every_mask & (1u << e))) continue;
            x.every = (kh_every)e;
            model_occurrences((kh_every)e, pd->day, p->from, p->to, add_occurrence, &x);
        }
        if (x.n == first)
            plan_build_err(B, B->tasks[i].line, B->tasks[i].col,
                           B_TR(B, "nhiệm vụ định kỳ '%s' không có kỳ nào nằm trong kỳ kế hoạch",
                                "periodic task '%s' has no period within the plan period"),
                           t->id);
        qsort(x.out + first, x.n - first, sizeof *x.out, cmp_occurrence);
        for (size_t k = 0; k < pd->nstates; k++) {
            const pb_tagged_state *ts = &B->tagged[pd->first_state + k];
            if (ts->used) continue;
            plan_build_err(B, ts->line, ts->col,
                           B_TR(B, "nhiệm vụ định kỳ '%s' không có kỳ '%s' trong kỳ kế hoạch",
                                "periodic task '%s' has no period '%s' within the plan period"),
                           t->id, ts->tag);
        }
    }
    new_index[B->ntasks] = x.n;
    for (size_t i = 0; i < x.n; i++)
        if (x.out[i].sub_of) x.out[i].sub_of = (uint32_t)new_index[x.out[i].sub_of - 1] + 1;
    for (size_t i = 0; i < B->nduties; i++) {
        kh_duty *d = &B->duties[i].duty;
        size_t end = d->first_task + d->ntasks;
        d->first_task = (uint32_t)new_index[d->first_task];
        d->ntasks = (uint32_t)(new_index[end] - d->first_task);
        for (size_t k = 0; k < d->nitems; k++) d->items[k] = (uint32_t)new_index[d->items[k]];
    }
    B->expanded = new_index; /* for plan_groups_expand; freed with the build */
    /* The plan owns the expanded tasks (model_free frees them). */
    p->tasks = x.out;
    p->ntasks = x.n;
}

/* What a valid plan may hold but should not, each at its record. */
static void warn(plan_build *B)
{
    kh_diags *w = B->warnings;
    if (!w) return;
    const kh_plan *p = B->plan;
    char a[11], b[11], c[11];
    if (p->from == KH_NO_DATE && B->no_period_line)
        diags_add(w, B->no_period_line, B->no_period_col, "%s",
                  B_TR(B,
                       "kế hoạch không ghi kỳ kế hoạch (period: {from, to}); việc thường xuyên "
                       "và việc cuối kỳ không có hạn",
                       "the plan states no period (period: {from, to}); continuous and "
                       "end-of-period work has no deadline"));
    bool *leads = xcalloc(B->nunits + 1, sizeof *leads);
    for (size_t i = 0; i < B->ntasks; i++) {
        const pb_task *r = &B->tasks[i];
        const kh_task *t = &r->task;
        for (size_t k = 0; k < t->nlead; k++) leads[t->lead[k]] = true;
        if (!t->nlead && !r->each)
            diags_add(w, r->line, r->col,
                      B_TR(B, "nhiệm vụ '%s' chưa có đơn vị chủ trì (chưa phân công)",
                           "task '%s' has no lead unit (not yet assigned)"),
                      t->id);
        if (t->dl_kind == DL_DATE && t->due != KH_NO_DATE && p->from != KH_NO_DATE &&
            (t->due < p->from || t->due > p->to))
            diags_add(w, r->line, r->col,
                      B_TR(B, "thời hạn %s của '%s' nằm ngoài kỳ kế hoạch (%s – %s)",
                           "the deadline %s of '%s' is outside the plan period (%s – %s)"),
                      date_format_dmy(t->due, a), t->id, date_format_dmy(p->from, b),
                      date_format_dmy(p->to, c));
        for (size_t k = 0; k < t->nlead; k++)
            for (size_t j = 0; j < t->nsupport; j++)
                if (t->lead[k] == t->support[j])
                    diags_add(w, r->line, r->col,
                              B_TR(B, "đơn vị '%s' vừa chủ trì vừa phối hợp nhiệm vụ '%s'",
                                   "unit '%s' both leads and supports task '%s'"),
                              B->units[t->lead[k]].unit.id, t->id);
    }
    plan_groups_mark_leads(B, leads);
    for (size_t u = 0; u < B->nunits; u++)
        if (!leads[u])
            diags_add(w, B->units[u].line, B->units[u].col,
                      B_TR(B, "đơn vị '%s' không chủ trì nhiệm vụ nào", "unit '%s' leads no task"),
                      B->units[u].unit.id);
    free(leads);
    for (size_t i = 0; i < p->ntargets; i++) {
        const kh_target *t = &p->targets[i];
        if (!t->nhorizons)
            diags_add(w, t->line, t->col,
                      B_TR(B,
                           "chỉ tiêu %s không có mốc thời gian (goals: {NĂM: GIÁ_TRỊ}); không "
                           "biết phải đạt bao nhiêu, đến khi nào",
                           "target %s has no horizon (goals: {YEAR: VALUE}); what it must "
                           "reach, and by when, is not known"),
                      t->id);
    }
}

void plan_build_finish(plan_build *B)
{
    kh_plan *p = B->plan;
    plan_groups_units(B); /* members are units (plan_build_groups.c) */
    bool units = !B->units_unsure && resolve_units(B);
    if (!B->diags->n) resolve_rights(B);
    uint32_t *order = check_task_ids(B);
    resolve_events(B);
    plan_groups_resolve(B);
    /* Items put units on tasks: only once every unit reference is known. */
    if (units && !B->tasks_unsure) resolve_items(B, order);
    free(order);
    if (B->diags->n) return;
    warn(B);
    compute_folds(B);
    /* The unit that confirms completion: the task's own, else the plan's;
     * before expanding, so every occurrence has it. */
    for (size_t i = 0; i < B->ntasks; i++) {
        const uint16_t *slot = B->tasks[i].confirm_slot ? B->tasks[i].confirm_slot : B->confirm_by;
        B->tasks[i].task.confirmer = slot ? (uint16_t)(*slot + 1) : 0;
    }
    expand(B);
    if (B->diags->n) return;
    plan_groups_expand(B); /* one occurrence per member (plan_build_groups.c) */
    if (B->diags->n) return;

    p->units = arena_alloc(&p->mem, (B->nunits ? B->nunits : 1) * sizeof *p->units);
    for (size_t i = 0; i < B->nunits; i++) p->units[i] = B->units[i].unit;
    p->nunits = B->nunits;
    p->duties = arena_alloc(&p->mem, (B->nduties ? B->nduties : 1) * sizeof *p->duties);
    for (size_t i = 0; i < B->nduties; i++) p->duties[i] = B->duties[i].duty;
    p->nduties = B->nduties;
    p->documents = arena_alloc(&p->mem, (B->ndocs ? B->ndocs : 1) * sizeof *p->documents);
    if (B->ndocs) memcpy(p->documents, B->docs, B->ndocs * sizeof *p->documents);
    p->ndocuments = B->ndocs;
    if (B->nrights) {
        kh_right *rights = arena_alloc(&p->mem, B->nrights * sizeof *rights);
        for (size_t i = 0; i < B->nrights; i++) rights[i] = B->rights[i].right;
        p->rights = rights;
        p->nrights = B->nrights;
    }
    for (size_t i = 0; i < p->ntasks; i++) {
        model_task_base_amend(&p->tasks[i]); /* an export's amendments, after expanding */
        model_task_reset_state(&p->tasks[i]);
    }
    model_rollup(p);
    model_index(p);
    plan_targets_resolve(p, B->lang, B->diags); /* plan_conv_targets.c */
    check_orphans(B);
}

void plan_build_done(plan_build *B)
{
    free(B->tasks);
    free(B->units);
    free(B->duties);
    free(B->docs);
    free(B->urefs);
    free(B->irefs);
    free(B->dleads);
    free(B->periodics);
    free(B->tagged);
    free(B->each_states);
    free(B->rights);
    free(B->events);
    free(B->erefs);
    free(B->groups);
    free(B->members);
    free(B->expanded);
    memset(B, 0, sizeof *B);
}
