/* Converter of `groups:` (bodies a task may be assigned to each of:
 * `groups: {wards: [{id: tqt, name: ...}]}`) and of a task's
 * `lead: {each: GROUP}`, into plan_build records (plan_build_groups.c). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plan_conv.h"

/* Add the members of list n, each a unit as `units:` writes one. */
static void add_members(loader *L, const ynode *n)
{
    static const char *const keys[] = {"id", "name", "short"};
    const char *where = L_TR(L, "thành viên của nhóm", "a member of a group");
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
}

/* ---- members read from a file beside the plan (`{file: wards.yaml}`) ---- */

/* A member file's problems, each told at the plan's `file:` as
 * FILE:LINE:COL: message (the member file's own place). */
typedef struct {
    kh_diags d;
    const char *name; /* as the plan writes it */
} member_file;

/* Return true when name is a path inside the plan's folder: not absolute,
 * no "..", not empty. */
static bool inside_path(const char *name)
{
    if (!*name || *name == '/') return false;
    for (const char *p = name; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.') return false;
        p += n + (e != NULL);
    }
    return true;
}

/* Return field [from, to) of a CSV line unquoted (a heap string) ("" inside quotes: "). */
static char *csv_unquote(const char *from, const char *to)
{
    strbuf sb = STRBUF_INIT;
    if (from < to && *from == '"') {
        for (const char *p = from + 1; p < to; p++) {
            if (*p == '"' && p + 1 < to && p[1] == '"') {
                sb_putc(&sb, '"');
                p++;
            } else if (*p != '"') {
                sb_putc(&sb, *p);
            }
        }
    } else {
        sb_add(&sb, from, (size_t)(to - from));
    }
    char *out = xstrdup(sb_str(&sb));
    sb_done(&sb);
    return out;
}

enum { CSV_MAX_FIELDS = 8 };

/* Split the CSV record at *at (RFC 4180: quoted fields may hold commas,
 * quotes doubled and line ends) into at most CSV_MAX_FIELDS fields; move
 * *at past it. Return the number of fields. */
static size_t csv_record(const char *buf, size_t len, size_t *at, size_t start[], size_t end[])
{
    size_t n = 0, i = *at;
    bool quoted = false;
    start[0] = i;
    for (; i < len; i++) {
        char c = buf[i];
        if (quoted) {
            if (c == '"') quoted = false; /* a doubled quote opens it again at once */
            continue;
        }
        if (c == '"') {
            quoted = true;
        } else if (c == ',' || c == '\n') {
            size_t e = i > start[n] && c == '\n' && buf[i - 1] == '\r' ? i - 1 : i;
            if (n < CSV_MAX_FIELDS) end[n] = e;
            n++;
            if (c == '\n') {
                i++;
                break;
            }
            if (n < CSV_MAX_FIELDS) start[n] = i + 1;
        }
    }
    if (i >= len && (n == 0 || buf[len - 1] != '\n')) {
        if (n < CSV_MAX_FIELDS) end[n] = len;
        n++;
    }
    *at = i;
    return n < CSV_MAX_FIELDS ? n : CSV_MAX_FIELDS;
}

/* Members from CSV: a header naming the columns id, name and short (this
 * last optional, in any order), then one member a line. */
static void csv_members(loader *L, const char *buf, size_t len)
{
    size_t at = 0, start[CSV_MAX_FIELDS], end[CSV_MAX_FIELDS];
    int col_of[3] = {-1, -1, -1};
    static const char *const heads[] = {"id", "name", "short"};
    size_t n = csv_record(buf, len, &at, start, end);
    for (size_t f = 0; f < n; f++) {
        char *h = csv_unquote(buf + start[f], buf + end[f]);
        for (int k = 0; k < 3; k++)
            if (!strcmp(h, heads[k])) col_of[k] = (int)f;
        free(h);
    }
    if (col_of[0] < 0 || col_of[1] < 0) {
        load_err(L, 1, 1,
                 L_TR(L, "dòng đầu phải đặt tên các cột: id,name (và short nếu có)",
                      "the first line must name the columns: id,name (and short if any)"));
        return;
    }
    while (at < len) {
        size_t from = at;
        n = csv_record(buf, len, &at, start, end);
        if (n == 1 && end[0] == start[0]) continue; /* a blank line */
        int line, col;
        yr_locate(buf, from, &line, &col);
        const char *v[3] = {NULL, NULL, NULL};
        char *owned[3] = {NULL, NULL, NULL};
        for (int k = 0; k < 3; k++) {
            if (col_of[k] < 0 || (size_t)col_of[k] >= n) continue;
            owned[k] = csv_unquote(buf + start[col_of[k]], buf + end[col_of[k]]);
            if (*owned[k]) v[k] = owned[k];
        }
        int fline = line, fcol = col;
        if (col_of[0] >= 0 && (size_t)col_of[0] < n)
            yr_locate(buf, start[col_of[0]], &fline, &fcol);
        const char *where = L_TR(L, "thành viên của nhóm", "a member of a group");
        if (!v[0]) yget_missing(L, line, col, "id", where);
        if (!v[1]) yget_missing(L, line, col, "name", where);
        if (v[0] && v[1] && !plan_build_id_ok(v[0], true))
            load_err(L, fline, fcol,
                     L_TR(L,
                          "mã '%s' không hợp lệ: tối đa 64 ký tự, chữ thường không dấu, chữ số "
                          "và '-'",
                          "id '%s' is not valid: at most 64 characters, lower-case ASCII "
                          "letters, digits and '-'"),
                     v[0]);
        else if (v[0] && v[1])
            plan_build_add_member(&L->b,
                                  (kh_unit){load_keep(L, v[0]), load_keep(L, v[1]),
                                            load_keep(L, v[2] ? v[2] : v[1]), NULL},
                                  fline, fcol);
        for (int k = 0; k < 3; k++) free(owned[k]);
    }
}

/* Members from YAML: a list of members as `groups:` writes them inline. */
static void yaml_members(loader *L, const char *buf, size_t len)
{
    yreader *r = yr_new(buf, len, L->b.lang, L->b.diags);
    if (!r) return;
    int line, col;
    ynode_type t = yr_begin(r, &line, &col);
    if (!yr_failed(r)) {
        ynode *n = t == YN_NONE ? NULL : yr_read(r, &L->scratch);
        if (n && n->type == YN_SEQ && n->nkids) {
            if (yget_no_refused(L, n, NULL)) add_members(L, n);
            yr_finish(r);
        } else if (!yr_failed(r)) {
            load_err(L, line, col,
                     L_TR(L,
                          "tệp thành viên phải là danh sách, vd. - {id: tqt, name: \"Phường "
                          "Trương Quang Trọng\"}",
                          "a member file must be a list, e.g. - {id: tqt, name: \"Phường "
                          "Trương Quang Trọng\"}"));
        }
    }
    yr_free(r);
}

/* Return true when name ends in ".csv" (any case). */
static bool is_csv(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && !strcasecmp(name + n - 4, ".csv");
}

/* The members of group key from the file n names (`{file: wards.yaml}`),
 * beside the plan; the file is kept in plan->member_files for the plan's
 * hash. */
static void file_members(loader *L, const ynode *key, const ynode *n)
{
    static const char *const keys[] = {"file"};
    const ynode *v[1];
    if (!yget_map(L, n, L_TR(L, "nhóm", "a group"), keys, 1, v)) return;
    if (!v[0]) {
        yget_missing(L, n->line, n->col, "file", L_TR(L, "nhóm", "a group"));
        return;
    }
    const char *name = yget_text(L, v[0], "file");
    if (!name) return;
    if (!inside_path(name)) {
        load_err(L, v[0]->line, v[0]->col,
                 L_TR(L,
                      "tệp thành viên '%s' phải nằm trong thư mục của kế hoạch (đường dẫn "
                      "tương đối, không có '..')",
                      "member file '%s' must be in the plan's folder (a relative path, no "
                      "'..')"),
                 name);
        plan_build_add_group(&L->b, load_keep(L, key->str), L->b.nmembers, key->line, key->col);
        return;
    }
    const char *plan_path = L->b.plan->path;
    const char *slash = strrchr(plan_path, '/');
    char *path =
        slash ? xasprintf("%.*s/%s", (int)(slash - plan_path), plan_path, name) : xstrdup(name);
    member_file mf = {{0}, name};
    kh_diags *outer = L->b.diags;
    L->b.diags = &mf.d;
    char *buf = NULL;
    size_t len = 0;
    size_t first = L->b.nmembers;
    if (!plan_read_file(path, L->b.lang, &buf, &len, &mf.d)) {
        const char *b = buf;
        if (len >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) {
            b += 3;
            len -= 3;
        }
        if (plan_check_bytes(b, len, L->b.lang, &mf.d)) {
            if (is_csv(name))
                csv_members(L, b, len);
            else
                yaml_members(L, b, len);
        }
        if (!mf.d.n && L->b.nmembers == first)
            load_err(L, 1, 1, L_TR(L, "tệp không có thành viên nào", "the file has no member"));
        /* Twice in the file: said here, where the lines are the file's,
         * and kept once. */
        size_t kept = first;
        for (size_t i = first; i < L->b.nmembers; i++) {
            bool twice = false;
            for (size_t k = first; k < kept && !twice; k++)
                if (!strcmp(L->b.members[k].unit.id, L->b.members[i].unit.id)) {
                    load_err(
                        L, L->b.members[i].line, L->b.members[i].col,
                        L_TR(L, "'%s' được ghi hai lần (dòng %d)", "'%s' is named twice (line %d)"),
                        L->b.members[i].unit.id, L->b.members[k].line);
                    twice = true;
                }
            if (!twice) L->b.members[kept++] = L->b.members[i];
        }
        L->b.nmembers = kept;
    }
    free(buf);
    L->b.diags = outer;
    for (size_t i = 0; i < mf.d.n; i++) {
        const kh_diag *d = &mf.d.v[i];
        if (d->line)
            load_err(L, v[0]->line, v[0]->col, "%s:%d:%d: %s", name, d->line, d->col, d->msg);
        else
            load_err(L, v[0]->line, v[0]->col, "%s: %s", name, d->msg);
    }
    diags_free(&mf.d);
    /* The members' places are the plan's `file:` from here on (the checks
     * across groups name plan lines). */
    for (size_t i = first; i < L->b.nmembers; i++) {
        L->b.members[i].line = v[0]->line;
        L->b.members[i].col = v[0]->col;
    }
    KH_GROW(L->b.plan->member_files, L->b.plan->nmember_files, L->b.capmember_files);
    L->b.plan->member_files[L->b.plan->nmember_files++] = load_keep(L, path);
    free(path);
    plan_build_add_group(&L->b, load_keep(L, key->str), first, key->line, key->col);
}

/* One group: a list of members, each a unit as `units:` writes one, or
 * {file: NAME}: the list in a YAML or CSV file beside the plan. */
static void convert_group(loader *L, const ynode *key, const ynode *n)
{
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
    if (n->type == YN_MAP) {
        file_members(L, key, n);
        return;
    }
    if (n->type != YN_SEQ || !n->nkids) {
        load_err(L, n->line, n->col,
                 L_TR(L,
                      "nhóm '%s' phải là danh sách thành viên, vd. [{id: tqt, name: \"Phường "
                      "Trương Quang Trọng\"}], hoặc {file: wards.yaml}",
                      "group '%s' must be a list of members, e.g. [{id: tqt, name: \"Phường "
                      "Trương Quang Trọng\"}], or {file: wards.yaml}"),
                 key->str);
        return;
    }
    size_t first = L->b.nmembers;
    add_members(L, n);
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
