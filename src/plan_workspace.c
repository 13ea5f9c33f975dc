/* workspace.yaml, the settings file at the root of a workspace: read with
 * the plan reader's pull reader (libyaml), and the commented template that
 * `kehoach init` writes. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/workspace.h"
#include "plan_yaml.h"

enum { WS_MAX_DAYS = 366 };

/* Copy scalar n to a heap string in *out; report a value of another kind. */
static bool take_text(const ynode *n, const char *key, kh_lang lang, char **out, kh_diags *d)
{
    if (n->type != YN_SCALAR || !n->len) {
        diags_add(d, n->line, n->col,
                  TR(lang, "'%s' phải là một đoạn văn bản", "'%s' must be a piece of text"), key);
        return false;
    }
    free(*out);
    *out = xstrndup(n->str, n->len);
    return true;
}

static void take_days(const ynode *n, kh_lang lang, kh_ws_settings *s, kh_diags *d)
{
    char *end = NULL;
    long v = n->type == YN_SCALAR && n->len ? strtol(n->str, &end, 10) : -1;
    if (!end || *end || v < 1 || v > WS_MAX_DAYS) {
        diags_add(d, n->line, n->col,
                  TR(lang, "'days' phải là số ngày từ 1 đến %d", "'days' must be 1 to %d days"),
                  WS_MAX_DAYS);
        return;
    }
    s->digest_days = (int)v;
}

static void read_digest(const ynode *n, kh_lang lang, kh_ws_settings *s, kh_diags *d)
{
    if (n->type != YN_MAP) {
        diags_add(d, n->line, n->col, "%s",
                  TR(lang, "'digest' phải là một bảng, vd. digest: {days: 7}",
                     "'digest' must be a mapping, e.g. digest: {days: 7}"));
        return;
    }
    for (size_t i = 0; i + 1 < n->nkids; i += 2) {
        const ynode *k = n->kids[i], *v = n->kids[i + 1];
        if (k->type == YN_SCALAR && !strcmp(k->str, "days"))
            take_days(v, lang, s, d);
        else
            diags_add(d, k->line, k->col,
                      TR(lang, "khóa không biết trong 'digest': '%s' (có: days)",
                         "unknown key in 'digest': '%s' (known: days)"),
                      k->type == YN_SCALAR ? k->str : "?");
    }
}

static void read_settings(const ynode *root, kh_lang lang, kh_ws_settings *s, kh_diags *d)
{
    for (size_t i = 0; i + 1 < root->nkids; i += 2) {
        const ynode *k = root->kids[i], *v = root->kids[i + 1];
        const char *key = k->type == YN_SCALAR ? k->str : "";
        if (!strcmp(key, "kehoach-workspace")) {
            if (v->type != YN_SCALAR || strcmp(v->str, "1") != 0)
                diags_add(d, v->line, v->col, "%s",
                          TR(lang, "'kehoach-workspace' phải là phiên bản: kehoach-workspace: 1",
                             "'kehoach-workspace' must be the version: kehoach-workspace: 1"));
        } else if (!strcmp(key, "name")) {
            take_text(v, key, lang, &s->name, d);
        } else if (!strcmp(key, "body")) {
            take_text(v, key, lang, &s->body, d);
        } else if (!strcmp(key, "database")) {
            take_text(v, key, lang, &s->database, d);
        } else if (!strcmp(key, "ward")) {
            if (take_text(v, key, lang, &s->ward, d) && !workspace_ward_id_ok(s->ward))
                diags_add(d, v->line, v->col,
                          TR(lang,
                             "'ward': '%s' không phải mã đơn vị (chữ thường không dấu, chữ số "
                             "và '-')",
                             "'ward': '%s' is not a unit id (lower-case ASCII letters, digits "
                             "and '-')"),
                          s->ward);
        } else if (!strcmp(key, "digest")) {
            read_digest(v, lang, s, d);
        } else {
            diags_add(d, k->line, k->col,
                      TR(lang,
                         "khóa không biết: '%s' (có: kehoach-workspace, name, body, database, "
                         "ward, digest)",
                         "unknown key: '%s' (known: kehoach-workspace, name, body, database, "
                         "ward, digest)"),
                      key);
        }
    }
}

kh_errcode plan_workspace_load(const char *path, kh_lang lang, kh_ws_settings *out, kh_diags *diags)
{
    memset(out, 0, sizeof *out);
    char *buf;
    size_t len;
    kh_errcode rc = plan_read_file(path, lang, &buf, &len, diags);
    if (rc) return rc;
    size_t before = diags->n;
    yreader *r = yr_new(buf, len, lang, diags);
    if (!r) { /* libyaml missing: yr_new said so */
        free(buf);
        plan_workspace_free(out);
        return KH_E_PLAN;
    }
    arena a = {0};
    int line, col;
    ynode_type t = yr_begin(r, &line, &col);
    if (!yr_failed(r) && t != YN_NONE) {
        ynode *root = yr_read(r, &a);
        if (root && root->type == YN_MAP)
            read_settings(root, lang, out, diags);
        else if (root)
            diags_add(diags, line, col, "%s",
                      TR(lang, "workspace.yaml phải là một bảng \"khóa: giá trị\"",
                         "workspace.yaml must be a mapping (key: value)"));
        if (root) yr_finish(r);
    }
    yr_free(r);
    arena_done(&a);
    free(buf);
    if (diags->n > before) {
        plan_workspace_free(out);
        return KH_E_PLAN;
    }
    return KH_E_OK;
}

void plan_workspace_free(kh_ws_settings *s)
{
    free(s->name);
    free(s->body);
    free(s->database);
    free(s->ward);
    memset(s, 0, sizeof *s);
}

/* Append s as a YAML double-quoted scalar (the one kind that holds any text). */
static void put_quoted(strbuf *sb, const char *s)
{
    sb_putc(sb, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            sb_printf(sb, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            sb_printf(sb, "\\x%02X", *p);
        else
            sb_putc(sb, (char)*p);
    }
    sb_putc(sb, '"');
}

char *plan_workspace_template(const char *name, kh_lang lang)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, TR(lang,
                    "# Không gian làm việc của kehoach: mọi tệp kế hoạch (*.yaml có dòng\n"
                    "# \"kehoach: 1\") trong thư mục này và các thư mục con (sâu tối đa 3 tầng,\n"
                    "# trừ thư mục ẩn) cùng một cơ sở dữ liệu. Xem README, phần \"A workspace\n"
                    "# of many plans\". Mọi khóa đều không bắt buộc; xóa tệp này thì thư mục vẫn\n"
                    "# là một không gian làm việc với các giá trị mặc định.\n"
                    "kehoach-workspace: 1\n\n"
                    "# Tên hiển thị của không gian làm việc (đầu báo cáo tổng hợp, thư nhắc).\n",
                    "# A kehoach workspace: every plan file (*.yaml with a \"kehoach: 1\"\n"
                    "# line) in this folder and its subfolders (at most 3 deep, hidden ones\n"
                    "# left out) with one database. See the README, \"A workspace of many\n"
                    "# plans\". Every key is optional; without this file the folder is still\n"
                    "# a workspace with the defaults.\n"
                    "kehoach-workspace: 1\n\n"
                    "# The workspace's name (the head of the summary and of the mail).\n"));
    if (name) {
        sb_puts(&sb, "name: ");
        put_quoted(&sb, name);
        sb_putc(&sb, '\n');
    } else {
        sb_puts(&sb, TR(lang, "# name: \"UBND phường ...\"\n",
                        "# name: \"People's Committee of ... ward\"\n"));
    }
    sb_puts(&sb, TR(lang,
                    "\n# Mã đơn vị của chính cơ quan mình (mã như trong phần units của các kế\n"
                    "# hoạch), vd. ubnd.\n"
                    "# body: ubnd\n\n"
                    "# Cơ sở dữ liệu, tương đối với thư mục này (mặc định kehoach.db).\n"
                    "# database: kehoach.db\n\n"
                    "# Thư nhắc (kehoach digest): số ngày tới được tính là \"sắp đến hạn\".\n"
                    "digest:\n"
                    "  days: 7\n",
                    "\n# The id of the body's own unit (as in the plans' units), e.g. ubnd.\n"
                    "# body: ubnd\n\n"
                    "# The database, relative to this folder (default kehoach.db).\n"
                    "# database: kehoach.db\n\n"
                    "# The reminder (kehoach digest): how many days ahead count as due.\n"
                    "digest:\n"
                    "  days: 7\n"));
    return sb.data ? sb.data : xstrdup("");
}
