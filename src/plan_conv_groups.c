/* Converter of `groups:` (bodies a task may be assigned to each of:
 * `groups: {wards: [{id: tqt, name: ...}]}`) and of a task's
 * `lead: {each: GROUP}`, into plan_build records (plan_build_groups.c). */
#include <string.h>

#include "plan_conv.h"

/* One group: a list of members, each a unit as `units:` writes one. */
static void convert_group(loader *L, const ynode *key, const ynode *n)
{
    static const char *const keys[] = {"id", "name", "short"};
    const char *where = L_TR(L, "thành viên của nhóm", "a member of a group");
    if (!plan_build_id_ok(key->str, true)) {
        load_err(L, key->line, key->col,
                 L_TR(L,
                      "mã nhóm '%s' không hợp lệ: chữ thường không dấu, chữ số và '-', tối đa "
                      "64 ký tự",
                      "group id '%s' is not valid: lower-case ASCII letters, digits and '-', at "
                      "most 64 characters"),
                 key->str);
        return;
    }
    if (n->type != YN_SEQ || !n->nkids) {
        load_err(L, n->line, n->col,
                 L_TR(L,
                      "nhóm '%s' phải là danh sách thành viên, vd. [{id: tqt, name: \"Phường "
                      "Trương Quang Trọng\"}]",
                      "group '%s' must be a list of members, e.g. [{id: tqt, name: \"Phường "
                      "Trương Quang Trọng\"}]"),
                 key->str);
        return;
    }
    size_t first = L->b.nmembers;
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *v[3];
        const ynode *u = n->kids[i];
        if (!yget_map(L, u, where, keys, 3, v)) continue;
        if (!v[0]) yget_missing(L, u->line, u->col, "id", where);
        if (!v[1]) yget_missing(L, u->line, u->col, "name", where);
        if (!v[0] || !v[1]) continue;
        const char *id = yget_text(L, v[0], "id");
        const char *name = yget_text(L, v[1], "name");
        const char *short_name = v[2] ? yget_text(L, v[2], "short") : name;
        if (!id || !name || !short_name) continue;
        if (!plan_build_id_ok(id, true)) {
            load_err(L, v[0]->line, v[0]->col,
                     L_TR(L,
                          "mã '%s' không hợp lệ: tối đa 64 ký tự, chữ thường không dấu, chữ số "
                          "và '-'",
                          "id '%s' is not valid: at most 64 characters, lower-case ASCII "
                          "letters, digits and '-'"),
                     id);
            continue;
        }
        plan_build_add_member(&L->b, (kh_unit){id, name, short_name, NULL}, v[0]->line, v[0]->col);
    }
    plan_build_add_group(&L->b, load_keep(L, key->str), first, key->line, key->col);
}

void conv_groups(loader *L, const ynode *n)
{
    if (n->type != YN_MAP) {
        load_err(L, n->line, n->col,
                 L_TR(L,
                      "'groups' phải là một bảng các nhóm, vd. groups: {wards: [{id: tqt, name: "
                      "...}]}",
                      "'groups' must be a mapping of groups, e.g. groups: {wards: [{id: tqt, "
                      "name: ...}]}"));
        return;
    }
    for (size_t k = 0; k + 1 < n->nkids; k += 2) convert_group(L, n->kids[k], n->kids[k + 1]);
}

bool conv_is_each(const ynode *n)
{
    if (n->type != YN_MAP) return false;
    for (size_t k = 0; k + 1 < n->nkids; k += 2)
        if (n->kids[k]->type == YN_SCALAR && !strcmp(n->kids[k]->str, "each")) return true;
    return false;
}

bool conv_each(loader *L, const ynode *n, size_t task)
{
    if (n->type != YN_MAP) return false;
    static const char *const keys[] = {"each"};
    const ynode *v[1];
    if (!yget_map(L, n, "lead", keys, 1, v)) return true;
    if (!v[0]) {
        yget_missing(L, n->line, n->col, "each", "lead");
        return true;
    }
    const char *id = yget_text(L, v[0], "each");
    if (!id) return true;
    pb_task *r = &L->b.tasks[task];
    r->each = id;
    r->each_line = v[0]->line;
    r->each_col = v[0]->col;
    return true;
}
