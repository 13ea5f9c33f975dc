/* Tasks assigned to each member of a group: a member's occurrence is a
 * sub-item whose id ends "@MEMBER" (plan_build_groups.c makes them; no
 * other task id has an '@'). Pure functions of the plan and today. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/model.h"

const char *model_task_member(const kh_task *t)
{
    const char *at = t->sub_of ? strrchr(t->id, '@') : NULL;
    return at ? at + 1 : NULL;
}

bool model_task_each(const kh_plan *plan, size_t i)
{
    if (i + 1 >= plan->ntasks || !plan->tasks[i].nsub) return false;
    const kh_task *first = &plan->tasks[i + 1];
    return first->sub_of == i + 1 && model_task_member(first);
}

bool model_task_summary(const kh_task *t)
{
    /* Sub-items follow their task: with one, t + 1 is the first. */
    return t->nsub && model_task_member(t + 1);
}

void model_member_counts(const kh_plan *plan, size_t i, kh_date today, kh_member_counts *out)
{
    memset(out, 0, sizeof *out);
    if (!model_task_each(plan, i)) return;
    const kh_task *t = &plan->tasks[i];
    for (size_t k = i + 1; k <= i + t->nsub && k < plan->ntasks; k++) {
        const kh_task *m = &plan->tasks[k];
        if (m->sub_of != i + 1 || !model_task_member(m)) continue;
        out->total++;
        kh_timeliness tl = model_timeliness(m, today);
        if (model_task_done(m)) {
            out->done++;
            if (tl == TL_DONE_ON_TIME) out->done_on_time++;
        } else if (tl == TL_OVERDUE) {
            out->overdue++;
        }
    }
}

void model_member_summary(strbuf *out, const kh_plan *plan, size_t i, kh_date today, kh_lang lang)
{
    kh_member_counts c;
    model_member_counts(plan, i, today, &c);
    sb_printf(out, TR(lang, "%zu/%zu đơn vị xong", "%zu/%zu done"), c.done, c.total);
}

size_t model_keep_member(kh_plan *plan, const char *member)
{
    size_t n = plan->ntasks, dropped = 0;
    bool assigned = false;
    for (size_t i = 0; i < n && !assigned; i++) {
        const char *m = model_task_member(&plan->tasks[i]);
        assigned = m && !strcmp(m, member);
    }
    if (!assigned) return 0;
    size_t *map = xreallocarray(NULL, n + 1, sizeof *map);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        map[i] = m;
        const char *who = model_task_member(&plan->tasks[i]);
        if (who && strcmp(who, member) != 0) {
            map[i] = SIZE_MAX;
            dropped++;
            continue;
        }
        plan->tasks[m++] = plan->tasks[i];
    }
    /* Where a range ends: the first kept task at or after it. */
    size_t *end = xreallocarray(NULL, n + 1, sizeof *end);
    end[n] = m;
    for (size_t i = n; i-- > 0;) end[i] = map[i] != SIZE_MAX ? map[i] : end[i + 1];
    for (size_t i = 0; i < m; i++) {
        kh_task *t = &plan->tasks[i];
        if (t->sub_of) t->sub_of = (uint32_t)map[t->sub_of - 1] + 1; /* a parent is kept */
        t->nsub = 0;
    }
    for (size_t i = 0; i < m; i++)
        for (uint32_t a = plan->tasks[i].sub_of; a; a = plan->tasks[a - 1].sub_of)
            plan->tasks[a - 1].nsub++;
    for (size_t d = 0; d < plan->nduties; d++) {
        kh_duty *du = &plan->duties[d];
        size_t first = end[du->first_task], last = end[du->first_task + du->ntasks];
        du->first_task = (uint32_t)first;
        du->ntasks = (uint32_t)(last - first);
        for (uint32_t k = 0; k < du->nitems; k++) du->items[k] = (uint32_t)end[du->items[k]];
    }
    plan->ntasks = m;
    free(end);
    free(map);
    model_index(plan);
    return dropped;
}
