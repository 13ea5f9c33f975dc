/* Groups of bodies (`groups:`) and tasks assigned to each member of one
 * (`lead: {each: wards}`): the members become units of the plan, and after
 * periodic tasks are expanded every such task gets one occurrence per
 * member ("II.3@tqt"), a sub-item of it, so the task tracks their sum. No
 * YAML: the records come from plan_conv_groups.c or any other reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_build.h"

void plan_build_add_member(plan_build *B, kh_unit u, int line, int col)
{
    KH_GROW(B->members, B->nmembers, B->capmembers);
    B->members[B->nmembers++] = (pb_member){u, line, col, 0};
}

void plan_build_add_group(plan_build *B, const char *id, size_t first, int line, int col)
{
    KH_GROW(B->groups, B->ngroups, B->capgroups);
    B->groups[B->ngroups++] = (pb_group){id, first, B->nmembers - first, line, col};
}

/* Return the index of the unit with this id among the build's, or -1. A
 * linear search: this runs once per member (a province has ~100). */
static long find_unit(const plan_build *B, const char *id)
{
    for (size_t i = 0; i < B->nunits; i++)
        if (!strcmp(B->units[i].unit.id, id)) return (long)i;
    return -1;
}

void plan_groups_units(plan_build *B)
{
    B->plan->nunits_own = B->nunits;
    for (size_t g = 0; g < B->ngroups; g++) {
        const pb_group *gr = &B->groups[g];
        for (size_t k = 0; k < g; k++)
            if (!strcmp(B->groups[k].id, gr->id)) {
                plan_build_err(B, gr->line, gr->col,
                               B_TR(B, "mã nhóm '%s' bị trùng (đã dùng ở dòng %d)",
                                    "group id '%s' is used twice (first at line %d)"),
                               gr->id, B->groups[k].line);
                break;
            }
        for (size_t i = gr->first; i < gr->first + gr->n; i++) {
            pb_member *m = &B->members[i];
            for (size_t k = gr->first; k < i; k++)
                if (!strcmp(B->members[k].unit.id, m->unit.id)) {
                    plan_build_err(B, m->line, m->col,
                                   B_TR(B, "'%s' được ghi hai lần trong nhóm '%s' (dòng %d)",
                                        "'%s' is named twice in group '%s' (line %d)"),
                                   m->unit.id, gr->id, B->members[k].line);
                    break;
                }
            if (B->units_unsure) continue;
            long u = find_unit(B, m->unit.id);
            if (u < 0) {
                if (!plan_build_add_unit(B, m->unit, m->line, m->col)) return;
                u = (long)B->nunits - 1;
            }
            m->index = (uint16_t)u;
        }
    }
    if (B->units_unsure || !B->ngroups) return;
    /* The plan keeps its groups, for a writer to write them again. */
    kh_plan *p = B->plan;
    kh_group *v = arena_alloc(&p->mem, B->ngroups * sizeof *v);
    for (size_t g = 0; g < B->ngroups; g++) {
        const pb_group *gr = &B->groups[g];
        uint16_t *m = arena_alloc(&p->mem, (gr->n ? gr->n : 1) * sizeof *m);
        for (size_t i = 0; i < gr->n; i++) m[i] = B->members[gr->first + i].index;
        v[g] = (kh_group){gr->id, m, gr->n};
    }
    p->groups = v;
    p->ngroups = B->ngroups;
}

void plan_groups_resolve(plan_build *B)
{
    const char **ids = xreallocarray(NULL, B->ngroups + 1, sizeof *ids);
    for (size_t g = 0; g < B->ngroups; g++) ids[g] = B->groups[g].id;
    for (size_t i = 0; i < B->ntasks; i++) {
        pb_task *r = &B->tasks[i];
        if (!r->each) continue;
        for (size_t g = 0; g < B->ngroups && !r->each_group; g++)
            if (!strcmp(B->groups[g].id, r->each)) r->each_group = (uint32_t)g + 1;
        if (r->each_group) continue;
        const char *near = plan_build_nearest(r->each, ids, B->ngroups);
        if (near)
            plan_build_err(B, r->each_line, r->each_col,
                           B_TR(B, "không có nhóm '%s' trong 'groups'; có phải là '%s'?",
                                "no group '%s' in 'groups'; did you mean '%s'?"),
                           r->each, near);
        else
            plan_build_err(
                B, r->each_line, r->each_col,
                B_TR(B, "không có nhóm '%s' trong 'groups'", "no group '%s' in 'groups'"), r->each);
    }
    free(ids);
}

void plan_groups_mark_leads(const plan_build *B, bool *leads)
{
    for (size_t i = 0; i < B->ntasks; i++) {
        uint32_t g = B->tasks[i].each_group;
        if (!g) continue;
        const pb_group *gr = &B->groups[g - 1];
        for (size_t k = gr->first; k < gr->first + gr->n; k++) leads[B->members[k].index] = true;
    }
}

void plan_groups_expand(plan_build *B)
{
    kh_plan *p = B->plan;
    size_t n = p->ntasks, extra = 0;
    /* group[k]: 1 + the group expanded task k is assigned to each member of. */
    uint32_t *group = xcalloc(n + 1, sizeof *group);
    for (size_t i = 0; i < B->ntasks; i++) {
        uint32_t g = B->tasks[i].each_group;
        if (!g) continue;
        for (size_t k = B->expanded[i]; k < B->expanded[i + 1]; k++) {
            group[k] = g;
            extra += B->groups[g - 1].n;
        }
    }
    if (!extra) {
        free(group);
        return;
    }
    if (n + extra > PLAN_MAX_TASKS) {
        plan_build_err(B, 1, 1,
                       B_TR(B,
                            "giao cho từng thành viên của nhóm tạo ra quá nhiều nhiệm vụ (tối "
                            "đa %d nhiệm vụ cả kế hoạch)",
                            "assigning tasks to each member of a group makes too many tasks (a "
                            "plan has at most %d tasks)"),
                       PLAN_MAX_TASKS);
        free(group);
        return;
    }
    kh_task *out = xreallocarray(NULL, n + extra + 1, sizeof *out);
    size_t *map = xreallocarray(NULL, n + 1, sizeof *map);
    bool *made = xcalloc(n + extra + 1, sizeof *made);
    size_t m = 0;
    strbuf sb = STRBUF_INIT;
    for (size_t k = 0; k < n; k++) {
        map[k] = m;
        out[m++] = p->tasks[k];
        if (!group[k]) continue;
        const pb_group *gr = &B->groups[group[k] - 1];
        for (size_t j = gr->first; j < gr->first + gr->n; j++) {
            const pb_member *mb = &B->members[j];
            kh_task t = p->tasks[k];
            sb_reset(&sb);
            sb_printf(&sb, "%s@%s", t.id, mb->unit.id);
            t.id = plan_build_keep(B, sb_str(&sb));
            uint16_t *lead = arena_alloc(&p->mem, sizeof *lead);
            *lead = mb->index;
            t.lead = lead;
            t.nlead = 1;
            t.sub_of = (uint32_t)map[k] + 1;
            t.nsub = 0;
            t.base = NULL; /* each member's state is its own */
            for (size_t e = 0; e < B->neach_states; e++) {
                pb_tagged_state *es = &B->each_states[e];
                if (es->used || strcmp(es->tag, t.id) != 0) continue;
                t.base = es->base;
                es->used = true;
            }
            made[m] = true;
            out[m++] = t;
        }
    }
    map[n] = m;
    sb_done(&sb);
    for (size_t e = 0; e < B->neach_states; e++) {
        const pb_tagged_state *es = &B->each_states[e];
        if (!es->used)
            plan_build_err(B, es->line, es->col,
                           B_TR(B, "không có nhiệm vụ '%s' (thành viên hoặc kỳ không có)",
                                "there is no task '%s' (no such member or period)"),
                           es->tag);
    }
    for (size_t i = 0; i < m; i++) {
        if (!made[i] && out[i].sub_of) out[i].sub_of = (uint32_t)map[out[i].sub_of - 1] + 1;
        out[i].nsub = 0;
    }
    /* A task's sub-items follow it: count them at every level. */
    for (size_t i = 0; i < m; i++)
        for (uint32_t a = out[i].sub_of; a; a = out[a - 1].sub_of) out[a - 1].nsub++;
    for (size_t i = 0; i < B->nduties; i++) {
        kh_duty *d = &B->duties[i].duty;
        size_t end = d->first_task + d->ntasks;
        d->first_task = (uint32_t)map[d->first_task];
        d->ntasks = (uint32_t)(map[end] - d->first_task);
        for (size_t k = 0; k < d->nitems; k++) d->items[k] = (uint32_t)map[d->items[k]];
    }
    free(p->tasks);
    p->tasks = out;
    p->ntasks = m;
    free(made);
    free(map);
    free(group);
}
