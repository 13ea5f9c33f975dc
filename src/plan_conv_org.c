/* Converter of `organization:` (section III): the duties of each unit, streamed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_conv.h"

/* ---- section III ---- */

static void convert_duty(loader *L)
{
    static const char *const keys[] = {"unit", "heading", "items", "tasks"};
    int line, col;
    const char *where = L_TR(L, "nhiệm vụ của đơn vị (duties)", "a duty");
    if (yr_peek(L->r, &line, &col) != YN_MAP) {
        if (yr_failed(L->r)) return;
        load_err(L, line, col,
                 L_TR(L, "mỗi mục của 'duties' phải là một bảng (unit, heading, tasks)",
                      "each item of 'duties' must be a mapping (unit, heading, tasks)"));
        yr_skip(L->r);
        return;
    }
    yr_enter(L->r);
    size_t first_task = L->b.ntasks;
    const char *heading = NULL;
    size_t index = L->b.nduties;
    int seen[4] = {0};
    const char *unit_id = NULL;
    int unit_line = line, unit_col = col;
    ynode key;
    int rc;
    while ((rc = yr_key(L->r, &L->scratch, &key)) == 1) {
        int k = yget_key_index(L, &key, where, keys, 4, seen);
        if (k == 3) {
            conv_stream_tasks(L, "tasks", 3, (long)index);
            if (L->stopped) return;
            continue;
        }
        ynode *n = k < 0 ? (yr_skip(L->r), NULL) : yr_read(L->r, &L->scratch);
        if (!n) continue;
        if (!yget_no_refused(L, n, NULL)) return;
        if (k == 0) {
            unit_id = yget_text(L, n, "unit");
            unit_line = n->line;
            unit_col = n->col;
        } else if (k == 1) {
            heading = yget_text(L, n, "heading");
        } else if (k == 2) {
            const ynode **items;
            long cnt = yget_list(L, n, "items", &items);
            /* Repeats are found when the items are resolved (resolve_items). */
            for (long i = 0; i < cnt; i++)
                plan_build_item_ref(&L->b, index, load_keep(L, items[i]->str), items[i]->line,
                                    items[i]->col);
        }
    }
    arena_done(&L->scratch);
    if (rc < 0) return;
    if (!unit_id) {
        if (!seen[0]) yget_missing(L, line, col, "unit", where);
        return;
    }
    plan_build_add_duty(&L->b, heading, unit_id, unit_line, unit_col, first_task);
}

void conv_organization(loader *L)
{
    static const char *const keys[] = {"intro", "duties"};
    int line, col;
    if (yr_peek(L->r, &line, &col) != YN_MAP) {
        if (yr_failed(L->r)) return;
        load_err(L, line, col,
                 L_TR(L, "'organization' phải là một bảng (intro, duties)",
                      "'organization' must be a mapping (intro, duties)"));
        yr_skip(L->r);
        return;
    }
    yr_enter(L->r);
    int seen[2] = {0};
    ynode key;
    while (yr_key(L->r, &L->scratch, &key) == 1) {
        int k = yget_key_index(L, &key, "organization", keys, 2, seen);
        if (k == 0) {
            ynode *n = yr_read(L->r, &L->scratch);
            if (n && !yget_no_refused(L, n, NULL)) return;
            if (n) L->b.plan->org_intro = yget_text(L, n, "intro");
        } else if (k == 1) {
            if (yr_peek(L->r, &line, &col) != YN_SEQ) {
                if (yr_failed(L->r)) return;
                load_err(L, line, col,
                         L_TR(L, "'duties' phải là một danh sách", "'duties' must be a list"));
                yr_skip(L->r);
                continue;
            }
            yr_enter(L->r);
            while (!L->stopped && yr_item(L->r)) convert_duty(L);
            if (L->stopped) return;
        } else {
            yr_skip(L->r);
        }
        arena_done(&L->scratch);
    }
    arena_done(&L->scratch);
}
