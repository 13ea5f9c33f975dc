/* Converter of `units:` into plan_build records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_conv.h"

/* ---- units ---- */

void conv_units(loader *L, const ynode *n)
{
    static const char *const keys[] = {"id", "name", "short"};
    if (n->type != YN_SEQ) {
        load_err(
            L, n->line, n->col,
            L_TR(L, "'units' phải là danh sách các đơn vị", "'units' must be a list of units"));
        return;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *v[3];
        const ynode *u = n->kids[i];
        if (!yget_map(L, u, L_TR(L, "đơn vị", "a unit"), keys, 3, v)) continue;
        if (!v[0]) yget_missing(L, u->line, u->col, "id", L_TR(L, "đơn vị", "a unit"));
        if (!v[1]) yget_missing(L, u->line, u->col, "name", L_TR(L, "đơn vị", "a unit"));
        if (!v[0] || !v[1]) continue;
        const char *id = yget_text(L, v[0], "id");
        const char *name = yget_text(L, v[1], "name");
        const char *short_name = v[2] ? yget_text(L, v[2], "short") : name;
        if (!id || !name || !short_name) continue;
        if (!plan_build_id_ok(id, true)) {
            load_err(
                L, v[0]->line, v[0]->col,
                L_TR(L,
                     "mã đơn vị '%s' không hợp lệ: tối đa 64 ký tự, bắt đầu bằng chữ hoặc số, "
                     "chỉ gồm chữ thường không dấu, chữ số và '-'",
                     "unit id '%s' is not valid: at most 64 characters, starting with a letter "
                     "or digit, of lower-case ASCII letters, digits and '-' only"),
                id);
            continue;
        }
        /* Repeated ids are found once all are read (resolve_units). */
        if (L->b.nunits >= UINT16_MAX) {
            load_err(L, u->line, u->col, L_TR(L, "quá nhiều đơn vị", "too many units"));
            return;
        }
        plan_build_add_unit(&L->b, (kh_unit){id, name, short_name, NULL}, v[0]->line, v[0]->col);
    }
    if (n->nkids == 0)
        load_err(
            L, n->line, n->col,
            L_TR(L, "kế hoạch phải có ít nhất một đơn vị", "the plan needs at least one unit"));
}

/* Queue the unit ids of a list for resolution once every unit is known;
 * fill *out with the slots. Return the count. */
uint16_t conv_unit_list(loader *L, const ynode *n, const char *key, uint16_t **out)
{
    const ynode **items;
    long k = yget_list(L, n, key, &items);
    *out = NULL;
    if (k <= 0) return 0;
    if (k > 1000) {
        load_err(L, n->line, n->col,
                 L_TR(L, "'%s' có quá nhiều đơn vị (tối đa 1000)",
                      "'%s' names too many units (at most 1000)"),
                 key);
        return 0;
    }
    for (long i = 1; i < k; i++) {
        for (long j = 0; j < i; j++) {
            if (strcmp(items[i]->str, items[j]->str) != 0) continue;
            load_err(L, items[i]->line, items[i]->col,
                     L_TR(L, "đơn vị '%s' được ghi hai lần trong '%s'",
                          "unit '%s' is named twice in '%s'"),
                     items[i]->str, key);
            return 0;
        }
    }
    uint16_t *slots = arena_alloc(&L->b.plan->mem, (size_t)k * sizeof *slots);
    for (long i = 0; i < k; i++) {
        plan_build_unit_ref(&L->b, &slots[i], load_keep(L, items[i]->str), items[i]->line,
                            items[i]->col);
    }
    *out = slots;
    return (uint16_t)k;
}

uint16_t *conv_unit_one(loader *L, const ynode *n, const char *key)
{
    const char *id = yget_text(L, n, key);
    if (!id) return NULL;
    uint16_t *slot = arena_alloc(&L->b.plan->mem, sizeof *slot);
    plan_build_unit_ref(&L->b, slot, id, n->line, n->col);
    return slot;
}
