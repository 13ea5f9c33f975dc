/* Tasks assigned to each member of a group: a member's occurrence is a
 * sub-item whose id ends "@MEMBER" (plan_build_groups.c makes them; no
 * other task id has an '@'). Pure functions of the plan and today. */
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
