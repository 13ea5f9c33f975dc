/* The plan loader: reads a plan file through plan_yaml, converts each
 * section (plan_conv_*.c) into records and builds the model from them
 * (plan_build.c). Every problem becomes a located message; a plan with any
 * problem is not returned. */
#include "kehoach/plan_load.h"

#include <stdlib.h>
#include <string.h>

#include "plan_conv.h"
#include "plan_targets.h"

/* ---- the document ---- */

enum {
    R_VERSION,
    R_PLAN,
    R_UNITS,
    R_AIMS,
    R_CONTENTS,
    R_ORGANIZATION,
    R_RIGHTS,
    R_ORPHANS,
    R_HISTORY,
    R_EVENTS,
    R_SECTIONS,
    R_TARGETS,
    R_GROUPS,
    R_KEYS
};
static const char *const root_keys[R_KEYS] = {
    "kehoach", "plan",    "units",  "aims",     "contents", "organization", "rights",
    "orphans", "history", "events", "sections", "targets",  "groups"};

static void convert_version(loader *L, const ynode *n)
{
    L->seen_version = true;
    if (n->type == YN_SCALAR && !strcmp(n->str, "1")) return;
    if (n->type == YN_SCALAR && n->plain && strspn(n->str, "0123456789") == n->len && n->len)
        load_err(L, n->line, n->col,
                 L_TR(L, "tệp dùng định dạng phiên bản %s; bản kehoach này đọc phiên bản 1",
                      "the file uses format version %s; this kehoach reads version 1"),
                 n->str);
    else
        load_err(L, n->line, n->col,
                 L_TR(L, "'kehoach' phải là số phiên bản định dạng: kehoach: 1",
                      "'kehoach' must be the format version: kehoach: 1"));
}

static void read_root(loader *L)
{
    int line, col;
    ynode_type t = yr_begin(L->r, &line, &col);
    if (yr_failed(L->r)) return;
    if (t == YN_NONE) {
        load_err(L, 1, 1,
                 L_TR(L, "tệp trống: không có kế hoạch nào",
                      "the file is empty: there is no plan in it"));
        return;
    }
    if (t != YN_MAP) {
        ynode *n = yr_read(L->r, &L->scratch);
        if (n && yget_empty(n))
            load_err(L, line, col,
                     L_TR(L, "tài liệu trống: không có kế hoạch nào",
                          "the document is empty: there is no plan in it"));
        else if (n)
            load_err(L, line, col,
                     L_TR(L, "kế hoạch phải là một bảng \"khóa: giá trị\" bắt đầu bằng kehoach: 1",
                          "a plan must be a mapping (key: value) starting with kehoach: 1"));
        arena_done(&L->scratch);
        return;
    }
    yr_enter(L->r);
    int seen[R_KEYS] = {0};
    ynode key;
    int rc;
    while ((rc = yr_key(L->r, &L->scratch, &key)) == 1) {
        int k = yget_key_index(L, &key, L_TR(L, "kế hoạch", "the plan"), root_keys, R_KEYS, seen);
        if (k == R_CONTENTS) {
            conv_stream_tasks(L, "contents", 2, -1);
        } else if (k == R_ORGANIZATION) {
            conv_organization(L);
        } else if (k < 0) {
            yr_skip(L->r);
        } else {
            ynode *n = yr_read(L->r, &L->scratch);
            /* Orphans and history are data: escapes allowed. */
            if (n && k != R_ORPHANS && k != R_HISTORY && !yget_no_refused(L, n, NULL)) return;
            if (n) switch (k) {
                case R_VERSION: convert_version(L, n); break;
                case R_PLAN: conv_plan(L, n); break;
                case R_UNITS: {
                    size_t before = L->b.diags->n;
                    L->seen_units = true;
                    conv_units(L, n);
                    if (L->b.diags->n > before) L->b.units_unsure = true;
                    break;
                }
                case R_AIMS: conv_aims(L, n); break;
                case R_RIGHTS: conv_rights(L, n); break;
                case R_ORPHANS: conv_orphans(L, n); break;
                case R_HISTORY: conv_history(L, n); break;
                case R_EVENTS: conv_events(L, n); break;
                case R_SECTIONS: conv_sections(L, n); break;
                case R_GROUPS: conv_groups(L, n); break;
                case R_TARGETS: plan_targets_convert(L->b.plan, n, L->b.lang, L->b.diags); break;
                default: break;
                }
        }
        arena_done(&L->scratch);
        if (yr_failed(L->r) || L->stopped) return;
    }
    if (rc == 0) yr_finish(L->r);
    if (yr_failed(L->r)) return;
    if (!L->seen_version)
        load_err(L, 1, 1,
                 L_TR(L, "thiếu dòng 'kehoach: 1' cho biết phiên bản định dạng",
                      "missing the line 'kehoach: 1' that gives the format version"));
    if (!L->seen_plan) yget_missing(L, 1, 1, "plan", L_TR(L, "kế hoạch", "the plan"));
    if (!L->seen_units) yget_missing(L, 1, 1, "units", L_TR(L, "kế hoạch", "the plan"));
    /* Reported with the other problems (no unit and no task: both). */
    if (L->b.ntasks == 0 && !L->b.tasks_unsure)
        load_err(L, 1, 1,
                 L_TR(L, "kế hoạch không có nhiệm vụ nào (contents hoặc organization)",
                      "the plan has no tasks (contents or organization)"));
}
kh_errcode plan_load_buffer(const char *path, const char *buf, size_t len, kh_lang lang,
                            kh_plan **out, kh_diags *diags)
{
    return plan_load_buffer_warn(path, buf, len, lang, out, diags, NULL);
}

kh_errcode plan_load_buffer_warn(const char *path, const char *buf, size_t len, kh_lang lang,
                                 kh_plan **out, kh_diags *diags, kh_diags *warnings)
{
    *out = NULL;
    size_t errors_before = diags->n;
    if (len > PLAN_MAX_BYTES) {
        diags_add(diags, 0, 0,
                  TR(lang, "tệp quá lớn (%zu byte; tối đa %d MiB)",
                     "the file is too large (%zu bytes; at most %d MiB)"),
                  len, PLAN_MAX_BYTES / (1024 * 1024));
        return KH_E_PLAN;
    }
    /* A UTF-8 byte order mark (Notepad writes one) is allowed and skipped, so
     * columns on the first line count as an editor counts them. */
    if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) {
        buf += 3;
        len -= 3;
    }
    if (!plan_check_bytes(buf, len, lang, diags)) return KH_E_PLAN;

    loader L;
    memset(&L, 0, sizeof L);
    kh_plan *plan = xcalloc(1, sizeof *plan);
    plan->path = xstrdup(path);
    plan_build_init(&L.b, plan, lang, diags);
    L.b.warnings = warnings;
    size_t before_reader = diags->n;
    L.r = yr_new(buf, len, lang, diags);
    if (!L.r) { /* libyaml missing (yr_new said so), or out of memory */
        if (diags->n == before_reader)
            diags_add(diags, 0, 0, "%s", TR(lang, "hết bộ nhớ", "out of memory"));
        model_free(plan);
        return KH_E_PLAN;
    }
    read_root(&L);
    /* Every problem in one run: references are resolved even when a value
     * was wrong, as long as the file could be read to its end. */
    if (!yr_failed(L.r) && !L.stopped) plan_build_finish(&L.b);
    yr_free(L.r);
    arena_done(&L.scratch);
    plan_build_done(&L.b);
    if (diags->n > errors_before) {
        model_free(plan);
        return KH_E_PLAN;
    }
    *out = plan;
    return KH_E_OK;
}

kh_errcode plan_load(const char *path, kh_lang lang, kh_plan **out, kh_diags *diags)
{
    return plan_load_warn(path, lang, out, diags, NULL);
}

kh_errcode plan_load_warn(const char *path, kh_lang lang, kh_plan **out, kh_diags *diags,
                          kh_diags *warnings)
{
    *out = NULL;
    char *buf;
    size_t len;
    kh_errcode rc = plan_read_file(path, lang, &buf, &len, diags);
    if (rc) return rc;
    rc = plan_load_buffer_warn(path, buf, len, lang, out, diags, warnings);
    free(buf);
    return rc;
}
