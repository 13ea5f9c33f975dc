/* Converter of `rights:`: who may change which tasks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_conv.h"

/* ---- rights: who may change which tasks ---- */

/* A Unix user or group name: what useradd and groupadd accept, and the
 * names of directory services (user@domain, a trailing $ for machines). */
static bool account_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64 || s[0] == '-' || s[0] == '.' || s[0] == '@') return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '.' || c == '-' || c == '@' || (c == '$' && i == n - 1 && i);
        if (!ok) return false;
    }
    return true;
}

static const kh_account *sort_accounts;

/* By name, then by place in the file. */
static int cmp_account_index(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    int c = strcmp(sort_accounts[x].name, sort_accounts[y].name);
    return c ? c : (x < y ? -1 : x > y);
}

/* Read a list of user or group names. Return the count (0: none or
 * reported), with the names in *out. */
static uint32_t account_list(loader *L, const ynode *n, const char *key, const kh_account **out)
{
    const ynode **items;
    long k = yget_list(L, n, key, &items);
    *out = NULL;
    if (k <= 0) return 0;
    if (k > 1000) {
        load_err(
            L, n->line, n->col,
            L_TR(L, "'%s' có quá nhiều tên (tối đa 1000)", "'%s' names too many (at most 1000)"),
            key);
        return 0;
    }
    kh_account *v = arena_alloc(&L->b.plan->mem, (size_t)k * sizeof *v);
    uint32_t len = 0;
    for (long i = 0; i < k; i++) {
        const ynode *it = items[i];
        if (!account_ok(it->str)) {
            load_err(
                L, it->line, it->col,
                L_TR(L,
                     "tên tài khoản '%s' trong '%s' không hợp lệ: tối đa 64 ký tự, gồm chữ không "
                     "dấu, chữ số và _ . @ -, không bắt đầu bằng - . @",
                     "the account name '%s' in '%s' is not valid: at most 64 characters of ASCII "
                     "letters, digits and _ . @ -, not starting with - . @"),
                it->str, key);
            continue;
        }
        v[len++] = (kh_account){load_keep(L, it->str), it->line, it->col};
    }
    /* A name twice: the repeats are reported and dropped. Sorted, so that
     * many lists of 1000 names stay cheap. */
    uint32_t *order = xreallocarray(NULL, len ? len : 1, sizeof *order);
    bool *repeat = xcalloc(len ? len : 1, sizeof *repeat);
    for (uint32_t i = 0; i < len; i++) order[i] = i;
    sort_accounts = v;
    qsort(order, len, sizeof *order, cmp_account_index);
    for (uint32_t i = 1; i < len; i++)
        if (!strcmp(v[order[i - 1]].name, v[order[i]].name)) repeat[order[i]] = true;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < len; i++) {
        if (repeat[i])
            load_err(L, v[i].line, v[i].col,
                     L_TR(L, "'%s' được ghi hai lần trong '%s'", "'%s' is named twice in '%s'"),
                     v[i].name, key);
        else
            v[kept++] = v[i];
    }
    free(order);
    free(repeat);
    *out = v;
    return kept;
}

/* Read the users and groups of one entry (v[0]: users, v[1]: groups) into
 * r; report an entry that names nobody. */
static void convert_accounts(loader *L, const ynode *node, const ynode *const *v, kh_right *r)
{
    size_t before = L->b.diags->n;
    if (v[0]) r->nusers = account_list(L, v[0], "users", &r->users);
    if (v[1]) r->ngroups = account_list(L, v[1], "groups", &r->groups);
    if (!r->nusers && !r->ngroups && L->b.diags->n == before)
        load_err(L, node->line, node->col,
                 L_TR(L, "hãy ghi người được sửa: 'users', 'groups' hoặc cả hai",
                      "name who may make changes: 'users', 'groups' or both"));
}

void conv_rights(loader *L, const ynode *n)
{
    static const char *const keys[] = {"all", "units"};
    static const char *const who_keys[] = {"users", "groups"};
    static const char *const unit_keys[] = {"unit", "users", "groups"};
    const ynode *v[2];
    if (!yget_map(L, n, "rights", keys, 2, v)) return;
    if (v[0]) {
        const ynode *w[2];
        if (yget_map(L, v[0], "all", who_keys, 2, w)) {
            kh_right r = {.all = true};
            convert_accounts(L, v[0], w, &r);
            plan_build_add_right(&L->b, r, NULL, v[0]->line, v[0]->col);
        }
    }
    if (v[1]) {
        const char *where = L_TR(L, "quyền của đơn vị (units)", "a unit's rights (units)");
        if (v[1]->type != YN_SEQ) {
            load_err(L, v[1]->line, v[1]->col,
                     L_TR(L, "'units' trong 'rights' phải là danh sách (- unit: ..., users: [...])",
                          "'units' in 'rights' must be a list (- unit: ..., users: [...])"));
        } else {
            for (size_t i = 0; i < v[1]->nkids; i++) {
                const ynode *u = v[1]->kids[i], *w[3];
                if (!yget_map(L, u, where, unit_keys, 3, w)) continue;
                if (!w[0]) {
                    yget_missing(L, u->line, u->col, "unit", where);
                    continue;
                }
                const char *id = yget_text(L, w[0], "unit");
                if (!id) continue;
                kh_right r = {.all = false};
                convert_accounts(L, u, w + 1, &r);
                uint16_t *slot = arena_alloc(&L->b.plan->mem, sizeof *slot);
                plan_build_unit_ref(&L->b, slot, id, w[0]->line, w[0]->col);
                plan_build_add_right(&L->b, r, slot, w[0]->line, w[0]->col);
            }
        }
    }
    if (!v[0] && !v[1])
        load_err(L, n->line, n->col,
                 L_TR(L,
                      "'rights' không ghi ai được sửa: thêm 'all' và/hoặc 'units', hoặc bỏ hẳn "
                      "'rights' để ai ghi được cơ sở dữ liệu cũng sửa được",
                      "'rights' names no one: add 'all' and/or 'units', or remove 'rights' so that "
                      "anyone who can write the database may make changes"));
}
