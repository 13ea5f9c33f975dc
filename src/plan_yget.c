/* Typed access to the YAML nodes of a plan file: keys, texts, dates, lists,
 * each problem located. The loader's state is in plan_conv.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/text.h"
#include "plan_conv.h"

void load_err(loader *L, int line, int col, const char *fmt, ...)
{
    if (L->b.diags->n >= PLAN_MAX_ERRORS) return;
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    diags_add(L->b.diags, line, col, "%s", sb_str(&sb));
    sb_done(&sb);
}

char *load_keep(loader *L, const char *s)
{
    return arena_strdup(&L->b.plan->mem, s);
}

/* ---- characters only data may hold ---- */

/* Return true when no scalar of n holds a character a plan text may not
 * (ynode.refused: a double-quoted escape), leaving out the value of the key
 * `data_key` of n itself (a task's `state`: data a database held, as an
 * export writes it). Report the first one found. */
bool yget_no_refused(loader *L, const ynode *n, const char *data_key)
{
    if (n->type == YN_SCALAR) {
        if (!n->refused) return true;
        load_err(L, n->line, n->col,
                 L_TR(L, "giá trị chứa ký tự điều khiển U+%04X, không được phép trong kế hoạch",
                      "the value contains the control character U+%04X, not allowed in a plan"),
                 n->refused);
        L->stopped = true;
        return false;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        if (data_key && n->type == YN_MAP && i % 2 == 1 && !strcmp(n->kids[i - 1]->str, data_key))
            continue;
        if (!yget_no_refused(L, n->kids[i], NULL)) return false;
    }
    return true;
}

/* ---- keys ---- */

static void unknown_key(loader *L, const ynode *key, const char *where, const char *const *known,
                        size_t n)
{
    const char *near = plan_build_nearest(key->str, known, n);
    if (near)
        load_err(L, key->line, key->col,
                 L_TR(L, "khóa không xác định '%s' trong %s; có phải là '%s'?",
                      "unknown key '%s' in %s; did you mean '%s'?"),
                 key->str, where, near);
    else {
        strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < n; i++) sb_printf(&sb, "%s%s", i ? ", " : "", known[i]);
        load_err(L, key->line, key->col,
                 L_TR(L, "khóa không xác định '%s' trong %s (các khóa được dùng: %s)",
                      "unknown key '%s' in %s (known keys: %s)"),
                 key->str, where, sb_str(&sb));
        sb_done(&sb);
    }
}

void yget_duplicate(loader *L, const ynode *key, int first_line)
{
    load_err(L, key->line, key->col,
             L_TR(L, "khóa '%s' bị lặp (đã có ở dòng %d)", "duplicate key '%s' (first at line %d)"),
             key->str, first_line);
}

/* Look up key among known; report unknown and duplicate keys. Return the
 * index, or -1 when the value is to be skipped. seen_line[i] is the line a
 * key was first seen on (0: not yet). */
int yget_key_index(loader *L, const ynode *key, const char *where, const char *const *known,
                   size_t n, int *seen_line)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(key->str, known[i]) != 0) continue;
        if (seen_line[i]) {
            yget_duplicate(L, key, seen_line[i]);
            return -1;
        }
        seen_line[i] = key->line;
        return (int)i;
    }
    unknown_key(L, key, where, known, n);
    return -1;
}

/* Split a mapping node into values by known key; vals[i] is NULL for a key
 * that is absent. Return false when node is not a mapping (reported). */
bool yget_map(loader *L, const ynode *node, const char *where, const char *const *known, size_t n,
              const ynode **vals)
{
    for (size_t i = 0; i < n; i++) vals[i] = NULL;
    if (node->type != YN_MAP) {
        load_err(
            L, node->line, node->col,
            L_TR(L, "%s phải là một bảng \"khóa: giá trị\"", "%s must be a mapping (key: value)"),
            where);
        return false;
    }
    /* Room for any key table (the plan's has 17 keys since confirm_by
     * joined place_name and issued_with: more than the 16 once here). */
    int room[32] = {0};
    int *seen = n <= sizeof room / sizeof *room ? room : xcalloc(n, sizeof *seen);
    for (size_t k = 0; k + 1 < node->nkids; k += 2) {
        int i = yget_key_index(L, node->kids[k], where, known, n, seen);
        if (i >= 0) vals[i] = node->kids[k + 1];
    }
    if (seen != room) free(seen);
    return true;
}

void yget_missing(loader *L, int line, int col, const char *key, const char *where)
{
    load_err(L, line, col,
             L_TR(L, "thiếu khóa bắt buộc '%s' trong %s", "missing required key '%s' in %s"), key,
             where);
}

/* ---- values ---- */

bool yget_empty(const ynode *n)
{
    return n->type == YN_SCALAR && n->plain && n->len == 0;
}

/* Return the text of a scalar (copied into the plan), or NULL (reported). */
const char *yget_text(loader *L, const ynode *n, const char *key)
{
    if (n->type != YN_SCALAR) {
        load_err(L, n->line, n->col,
                 L_TR(L, "'%s' phải là một chữ, không phải danh sách hay bảng",
                      "'%s' must be text, not a list or a mapping"),
                 key);
        return NULL;
    }
    if (n->len == 0 || (n->plain && !strcmp(n->str, "~"))) {
        load_err(L, n->line, n->col, L_TR(L, "'%s' không được để trống", "'%s' must not be empty"),
                 key);
        return NULL;
    }
    return load_keep(L, n->str);
}

bool yget_date(loader *L, const ynode *n, const char *key, kh_date *out)
{
    if (n->type != YN_SCALAR) {
        load_err(L, n->line, n->col, L_TR(L, "'%s' phải là một ngày", "'%s' must be a date"), key);
        return false;
    }
    int rc = date_parse(n->str, out);
    if (rc == DATE_SYNTAX)
        load_err(L, n->line, n->col,
                 L_TR(L, "'%s': \"%s\" không phải là ngày (viết yyyy-mm-dd hoặc dd/mm/yyyy)",
                      "'%s': \"%s\" is not a date (write yyyy-mm-dd or dd/mm/yyyy)"),
                 key, n->str);
    else if (rc == DATE_IMPOSSIBLE)
        load_err(L, n->line, n->col,
                 L_TR(L, "'%s': ngày \"%s\" không có trong lịch",
                      "'%s': there is no such day as \"%s\""),
                 key, n->str);
    return rc == DATE_OK;
}

/* Collect a scalar or a sequence of scalars. Return the count, or -1 (reported). */
long yget_list(loader *L, const ynode *n, const char *key, const ynode ***items)
{
    if (n->type == YN_SCALAR) {
        if (yget_empty(n)) {
            *items = NULL;
            return 0;
        }
        /* A single value stands for a list of one. */
        const ynode **one = arena_alloc(&L->scratch, sizeof *one);
        one[0] = n;
        *items = one;
        return 1;
    }
    if (n->type != YN_SEQ) {
        load_err(L, n->line, n->col, L_TR(L, "'%s' phải là một danh sách", "'%s' must be a list"),
                 key);
        return -1;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        if (n->kids[i]->type != YN_SCALAR) {
            load_err(L, n->kids[i]->line, n->kids[i]->col,
                     L_TR(L, "mỗi mục của '%s' phải là một chữ", "each item of '%s' must be text"),
                     key);
            return -1;
        }
    }
    const ynode **all = arena_alloc(&L->scratch, (n->nkids ? n->nkids : 1) * sizeof *all);
    for (size_t i = 0; i < n->nkids; i++) all[i] = n->kids[i];
    *items = all;
    return (long)n->nkids;
}

/* ---- a task's state, as an export writes it ---- */

/* Parse a point in time: UTC "yyyy-mm-ddTHH:MM:SSZ", or a date (its 00:00
 * UTC). Return false (reported) when it is neither. */
bool yget_time(loader *L, const ynode *n, const char *key, int64_t *out)
{
    time_t t;
    kh_date d;
    if (n->type == YN_SCALAR && date_parse_utc(n->str, &t) == 0) {
        *out = (int64_t)t;
        return true;
    }
    if (n->type == YN_SCALAR && date_parse(n->str, &d) == DATE_OK) {
        *out = (int64_t)d * 86400;
        return true;
    }
    load_err(
        L, n->line, n->col,
        L_TR(
            L,
            "'%s': \"%s\" không phải thời điểm (viết yyyy-mm-ddTHH:MM:SSZ, giờ UTC, hoặc một ngày)",
            "'%s': \"%s\" is not a point in time (write yyyy-mm-ddTHH:MM:SSZ, in UTC, or a date)"),
        key, n->type == YN_SCALAR ? n->str : "…");
    return false;
}
const char **yget_text_list(loader *L, const ynode *n, const char *key, size_t *count)
{
    const ynode **items;
    long k = yget_list(L, n, key, &items);
    *count = 0;
    if (k <= 0) return NULL;
    const char **out = arena_alloc(&L->b.plan->mem, (size_t)k * sizeof *out);
    for (long i = 0; i < k; i++) {
        out[i] = yget_text(L, items[i], key);
        if (!out[i]) return NULL;
    }
    *count = (size_t)k;
    return out;
}
