/* Converters of what an export carries beyond the tasks: `orphans:` and `history:`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/model_field.h"
#include "plan_conv.h"

/* ---- what an export carries beyond the tasks: orphans and history ----
 *
 * `orphans:` is the state (and notes) of tasks the plan no longer has, and
 * `history:` every change the database recorded, so that an export holds
 * everything its database held. Both are data a database held: their texts
 * may hold escapes (ynode.refused). They are kept to be written again, and
 * laid over nothing. */

void conv_orphans(loader *L, const ynode *n)
{
    static const char *const keys[] = {"id", "state"};
    const char *where = L_TR(L, "nhiệm vụ không còn trong kế hoạch (orphans)", "an orphan");
    if (n->type != YN_SEQ) {
        load_err(L, n->line, n->col,
                 L_TR(L, "'orphans' phải là danh sách ({id, state})",
                      "'orphans' must be a list ({id, state})"));
        return;
    }
    kh_orphan *v = arena_alloc(&L->b.plan->mem, (n->nkids ? n->nkids : 1) * sizeof *v);
    size_t count = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *e = n->kids[i], *f[2];
        if (!yget_map(L, e, where, keys, 2, f)) continue;
        if (!f[0] || !f[1]) {
            yget_missing(L, e->line, e->col, f[0] ? "state" : "id", where);
            continue;
        }
        const char *id = yget_text(L, f[0], "id");
        const kh_base_state *b = conv_state(L, f[1]);
        if (!id || !b) continue;
        for (size_t k = 0; k < count; k++)
            if (!strcmp(v[k].id, id)) {
                load_err(L, f[0]->line, f[0]->col,
                         L_TR(L, "'%s' được ghi hai lần trong 'orphans'",
                              "'%s' is given twice in 'orphans'"),
                         id);
                id = NULL;
                break;
            }
        if (id) v[count++] = (kh_orphan){id, b, f[0]->line, f[0]->col};
    }
    L->b.plan->orphans = v;
    L->b.plan->norphans = count;
}

/* A change id: a whole number from 1 (0 when the key is absent). */
static bool change_of(loader *L, const ynode *n, const char *key, int64_t *out)
{
    char *end = NULL;
    long long v = n->type == YN_SCALAR && n->len ? strtoll(n->str, &end, 10) : 0;
    if (!end || *end || v < 1) {
        load_err(L, n->line, n->col,
                 L_TR(L, "'%s' phải là một số nguyên từ 1", "'%s' must be a whole number from 1"),
                 key);
        return false;
    }
    *out = v;
    return true;
}

void conv_history(loader *L, const ynode *n)
{
    enum { H_TASK, H_CHANGE, H_FIELD, H_OLD, H_NEW, H_USER, H_AT, H_UNDO_OF, H_EFFECTIVE, H_KEYS };
    static const char *const keys[H_KEYS] = {"task", "change", "field",   "old",      "new",
                                             "user", "at",     "undo_of", "effective"};
    const char *where = L_TR(L, "dòng lịch sử (history)", "a history row");
    if (n->type != YN_SEQ) {
        load_err(L, n->line, n->col,
                 L_TR(L, "'history' phải là danh sách ({task, change, field, old, new, user, at})",
                      "'history' must be a list ({task, change, field, old, new, user, at})"));
        return;
    }
    kh_base_history *v = arena_alloc(&L->b.plan->mem, (n->nkids ? n->nkids : 1) * sizeof *v);
    size_t count = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *e = n->kids[i], *f[H_KEYS];
        if (!yget_map(L, e, where, keys, H_KEYS, f)) continue;
        static const int required[] = {H_TASK, H_CHANGE, H_FIELD, H_USER, H_AT};
        bool ok = true;
        for (size_t k = 0; k < KH_ARRAY_LEN(required); k++)
            if (!f[required[k]])
                yget_missing(L, e->line, e->col, keys[required[k]], where), ok = false;
        if (!ok) continue;
        kh_base_history h = {0};
        h.effective = KH_NO_DATE; /* a file of before the key: the day of `at` */
        h.task = yget_text(L, f[H_TASK], "task");
        h.field = yget_text(L, f[H_FIELD], "field");
        h.user = yget_text(L, f[H_USER], "user");
        h.old_value = f[H_OLD] ? yget_text(L, f[H_OLD], "old") : NULL;
        h.new_value = f[H_NEW] ? yget_text(L, f[H_NEW], "new") : NULL;
        if (!h.task || !h.field || !h.user || (f[H_OLD] && !h.old_value) ||
            (f[H_NEW] && !h.new_value))
            continue;
        /* The fields are those of the one table (model_field.c). */
        if (model_field_parse(h.field) == KF_UNKNOWN) {
            load_err(
                L, f[H_FIELD]->line, f[H_FIELD]->col,
                L_TR(L,
                     "'field': \"%s\" không phải trường của lịch sử (status, progress, completed, "
                     "note, note-withdrawn, confirmed, rejected, officer, result, "
                     "result-withdrawn, amend, "
                     "amend-withdrawn)",
                     "'field': \"%s\" is not a field of history (status, progress, completed, "
                     "note, note-withdrawn, confirmed, rejected, officer, result, "
                     "result-withdrawn, amend, "
                     "amend-withdrawn)"),
                h.field);
            continue;
        }
        if (!yget_time(L, f[H_AT], "at", &h.at) ||
            !change_of(L, f[H_CHANGE], "change", &h.change) ||
            (f[H_UNDO_OF] && !change_of(L, f[H_UNDO_OF], "undo_of", &h.undo_of)) ||
            (f[H_EFFECTIVE] && !yget_date(L, f[H_EFFECTIVE], "effective", &h.effective)))
            continue;
        v[count++] = h;
    }
    L->b.plan->history = v;
    L->b.plan->nhistory = count;
}
