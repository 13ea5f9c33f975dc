/* The `targets:` section of a plan file: each target's id, text, measure,
 * the value to reach by each horizon year, its lead unit, and (in an
 * export) the value last measured. */
#include "plan_targets.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/model.h"
#include "plan_yaml.h"

typedef struct {
    kh_plan *plan;
    kh_lang lang;
    kh_diags *diags;
} tctx;

static void terr(tctx *c, const ynode *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void terr(tctx *c, const ynode *n, const char *fmt, ...)
{
    if (c->diags->n >= PLAN_MAX_ERRORS) return;
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    diags_add(c->diags, n->line, n->col, "%s", sb_str(&sb));
    sb_done(&sb);
}

#define C_TR(c, vi, en) TR((c)->lang, vi, en)

/* Return the scalar's text when it is a non-empty scalar, else NULL (reported). */
static const char *scalar(tctx *c, const ynode *n, const char *key)
{
    if (n->type != YN_SCALAR) {
        terr(c, n,
             C_TR(c, "'%s' phải là một chữ, không phải danh sách hay bảng",
                  "'%s' must be text, not a list or a mapping"),
             key);
        return NULL;
    }
    if (n->len == 0 || (n->plain && !strcmp(n->str, "~"))) {
        terr(c, n, C_TR(c, "'%s' không được để trống", "'%s' must not be empty"), key);
        return NULL;
    }
    return n->str;
}

/* The same rule as a task id: the two share the history's task column. */
static bool target_id_ok(const char *s)
{
    if (!*s || strlen(s) > 64) return false;
    for (const char *p = s; *p; p++) {
        char ch = *p;
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ((ch == '-' || ch == '.' || ch == '_') && p != s);
        if (!ok) return false;
    }
    return true;
}

/* Read `goals: {2025: 80, 2030: 100}` into t. */
static void convert_goals(tctx *c, const ynode *n, kh_target *t)
{
    if (n->type == YN_SCALAR && n->plain && (n->len == 0 || !strcmp(n->str, "~"))) return;
    if (n->type != YN_MAP) {
        terr(c, n,
             C_TR(c, "'goals' phải là một bảng năm: giá trị, vd. {2025: 80, 2030: 100}",
                  "'goals' must map years to values, e.g. {2025: 80, 2030: 100}"));
        return;
    }
    for (size_t k = 0; k + 1 < n->nkids; k += 2) {
        const ynode *key = n->kids[k], *val = n->kids[k + 1];
        char *end;
        long year = key->type == YN_SCALAR ? strtol(key->str, &end, 10) : 0;
        if (key->type != YN_SCALAR || !key->len || *end || year < 2000 || year > 2100) {
            terr(c, key,
                 C_TR(c, "'goals': \"%s\" không phải một năm (2000-2100)",
                      "'goals': \"%s\" is not a year (2000-2100)"),
                 key->type == YN_SCALAR ? key->str : "…");
            continue;
        }
        if (t->nhorizons && year <= t->horizons[t->nhorizons - 1].year) {
            terr(c, key,
                 C_TR(c, "'goals': năm %ld phải sau năm %d (các mốc theo thứ tự, mỗi năm một lần)",
                      "'goals': year %ld must come after %d (horizons in order, each year once)"),
                 year, t->horizons[t->nhorizons - 1].year);
            continue;
        }
        if (t->nhorizons >= KH_TARGET_MAX_HORIZONS) {
            terr(c, key,
                 C_TR(c, "'goals': nhiều nhất %d mốc thời gian", "'goals': at most %d horizons"),
                 KH_TARGET_MAX_HORIZONS);
            return;
        }
        double v;
        if (val->type != YN_SCALAR || !target_value_parse((kh_measure)t->measure, val->str, &v)) {
            terr(c, val,
                 C_TR(c, "'goals' năm %ld: \"%s\" không phải giá trị %s",
                      "'goals' for %ld: \"%s\" is not a value of measure %s"),
                 year, val->type == YN_SCALAR ? val->str : "…",
                 target_measure_code((kh_measure)t->measure));
            continue;
        }
        t->horizons[t->nhorizons++] = (kh_horizon){(int16_t)year, v};
    }
}

/* Read an export's `state: {value, on, doc, by, at}` into t->base. */
static void convert_state(tctx *c, const ynode *n, kh_target *t)
{
    if (n->type != YN_MAP) {
        terr(c, n,
             C_TR(c, "'state' của chỉ tiêu phải là một bảng {value, on, doc, by, at}",
                  "a target's 'state' must be a mapping {value, on, doc, by, at}"));
        return;
    }
    kh_measured m = {.on = KH_NO_DATE};
    bool have_value = false, have_on = false;
    arena *mem = &c->plan->mem;
    for (size_t k = 0; k + 1 < n->nkids; k += 2) {
        const ynode *key = n->kids[k], *val = n->kids[k + 1];
        const char *s = scalar(c, val, key->str);
        if (!s) continue;
        if (!strcmp(key->str, "value")) {
            have_value = target_value_parse((kh_measure)t->measure, s, &m.value);
            if (!have_value)
                terr(c, val,
                     C_TR(c, "'value': \"%s\" không phải giá trị %s",
                          "'value': \"%s\" is not a value of measure %s"),
                     s, target_measure_code((kh_measure)t->measure));
        } else if (!strcmp(key->str, "on")) {
            have_on = date_parse(s, &m.on) == DATE_OK;
            if (!have_on)
                terr(c, val,
                     C_TR(c, "'on': \"%s\" không phải ngày (viết yyyy-mm-dd hoặc dd/mm/yyyy)",
                          "'on': \"%s\" is not a date (write yyyy-mm-dd or dd/mm/yyyy)"),
                     s);
        } else if (!strcmp(key->str, "doc")) {
            m.doc = arena_strdup(mem, s);
        } else if (!strcmp(key->str, "by")) {
            m.by = arena_strdup(mem, s);
        } else if (!strcmp(key->str, "at")) {
            time_t at;
            kh_date d;
            if (date_parse_utc(s, &at) == 0)
                m.at = (int64_t)at;
            else if (date_parse(s, &d) == DATE_OK)
                m.at = (int64_t)d * 86400;
            else
                terr(c, val,
                     C_TR(c, "'at': \"%s\" không phải thời điểm (yyyy-mm-ddTHH:MM:SSZ)",
                          "'at': \"%s\" is not a point in time (yyyy-mm-ddTHH:MM:SSZ)"),
                     s);
        } else {
            terr(c, key,
                 C_TR(c, "khóa không biết '%s' trong 'state' của chỉ tiêu (value, on, doc, by, at)",
                      "unknown key '%s' in a target's 'state' (value, on, doc, by, at)"),
                 key->str);
        }
    }
    if (!have_value || !have_on) {
        if (c->diags->n == 0 || have_value || have_on)
            terr(c, n,
                 C_TR(c, "'state' của chỉ tiêu cần cả 'value' và 'on'",
                      "a target's 'state' needs both 'value' and 'on'"));
        return;
    }
    m.measured = true;
    t->base = m;
}

enum { K_ID, K_TEXT, K_MEASURE, K_GOALS, K_LEAD, K_STATE, K_DIRECTION, K_KEYS };
static const char *const target_keys[K_KEYS] = {"id",   "text",  "measure",  "goals",
                                                "lead", "state", "direction"};

/* `direction:` of a percent or count target (at least, the default, or at
 * most); a yes/no target is exact and takes none. */
static bool convert_direction(tctx *c, const ynode *n, kh_target *t)
{
    if (!n) {
        t->direction = t->measure == MEASURE_YESNO ? TARGET_EXACT : TARGET_AT_LEAST;
        return true;
    }
    const char *s = scalar(c, n, "direction");
    if (!s) return false;
    if (t->measure == MEASURE_YESNO) {
        terr(c, n,
             C_TR(c,
                  "chỉ tiêu có/không (yesno) đạt khi giá trị đúng như mốc: không ghi 'direction'",
                  "a yes/no target is reached when its value is the goal's: it takes no "
                  "'direction'"));
        return false;
    }
    int d = target_direction_parse(s);
    if (d < 0) {
        terr(c, n,
             C_TR(c,
                  "'direction': \"%s\" không phải chiều của chỉ tiêu (at-least: ít nhất; "
                  "at-most: không quá)",
                  "'direction': \"%s\" is not a direction (at-least: ít nhất; at-most: không "
                  "quá)"),
             s);
        return false;
    }
    t->direction = (uint8_t)d;
    return true;
}

/* Read one target (mapping n) into t; return false when it cannot be used. */
static bool convert_target(tctx *c, const ynode *n, kh_target *t)
{
    memset(t, 0, sizeof *t);
    t->lead = -1;
    t->line = n->line;
    t->col = n->col;
    t->base.on = t->state.on = KH_NO_DATE;
    if (n->type != YN_MAP) {
        terr(c, n,
             C_TR(c, "mỗi chỉ tiêu phải là một bảng {id, text, measure, goals, lead}",
                  "each target must be a mapping {id, text, measure, goals, lead}"));
        return false;
    }
    const ynode *v[K_KEYS] = {0};
    for (size_t k = 0; k + 1 < n->nkids; k += 2) {
        const ynode *key = n->kids[k];
        size_t i = 0;
        while (i < K_KEYS && strcmp(key->str, target_keys[i]) != 0) i++;
        if (i == K_KEYS) {
            terr(c, key,
                 C_TR(c,
                      "khóa không biết '%s' trong chỉ tiêu (id, text, measure, direction, goals, "
                      "lead, state)",
                      "unknown key '%s' in a target (id, text, measure, direction, goals, lead, "
                      "state)"),
                 key->str);
        } else if (v[i]) {
            terr(c, key,
                 C_TR(c, "khóa '%s' lặp lại (lần đầu ở dòng %d)",
                      "key '%s' repeated (first on line %d)"),
                 key->str, v[i]->line);
        } else {
            v[i] = n->kids[k + 1];
        }
    }
    static const int required[] = {K_ID, K_TEXT, K_MEASURE};
    bool ok = true;
    for (size_t i = 0; i < KH_ARRAY_LEN(required); i++) {
        if (v[required[i]]) continue;
        terr(c, n,
             C_TR(c, "thiếu khóa bắt buộc '%s' trong chỉ tiêu",
                  "missing required key '%s' in a target"),
             target_keys[required[i]]);
        ok = false;
    }
    const char *s;
    arena *mem = &c->plan->mem;
    if (v[K_ID] && (s = scalar(c, v[K_ID], "id"))) {
        if (target_id_ok(s))
            t->id = arena_strdup(mem, s);
        else
            terr(c, v[K_ID],
                 C_TR(c, "mã chỉ tiêu \"%s\" không hợp lệ (chữ, số, '.', '-', '_'; tối đa 64)",
                      "target id \"%s\" is not valid (letters, digits, '.', '-', '_'; at most 64)"),
                 s);
    }
    if (v[K_TEXT] && (s = scalar(c, v[K_TEXT], "text"))) t->text = arena_strdup(mem, s);
    if (v[K_MEASURE] && (s = scalar(c, v[K_MEASURE], "measure"))) {
        int m = target_measure_parse(s);
        if (m < 0) {
            terr(c, v[K_MEASURE],
                 C_TR(c, "'measure': \"%s\" không phải cách đo (percent, count, yesno)",
                      "'measure': \"%s\" is not a measure (percent, count, yesno)"),
                 s);
            ok = false;
        } else {
            t->measure = (uint8_t)m;
        }
    }
    if (v[K_LEAD] && (s = scalar(c, v[K_LEAD], "lead"))) {
        t->lead_id = arena_strdup(mem, s);
        t->lead_line = v[K_LEAD]->line;
        t->lead_col = v[K_LEAD]->col;
    }
    /* Direction, goals and state follow the measure: only once it is known. */
    if (ok && !convert_direction(c, v[K_DIRECTION], t)) ok = false;
    if (ok && v[K_GOALS]) convert_goals(c, v[K_GOALS], t);
    if (ok && v[K_STATE]) convert_state(c, v[K_STATE], t);
    t->state = t->base;
    return ok && t->id && t->text;
}

void plan_targets_convert(kh_plan *plan, const ynode *n, kh_lang lang, kh_diags *diags)
{
    tctx c = {plan, lang, diags};
    if (n->type == YN_SCALAR && n->plain && n->len == 0) return; /* `targets:` with none */
    if (n->type != YN_SEQ) {
        terr(&c, n,
             C_TR(&c, "'targets' phải là một danh sách chỉ tiêu (- id: ...)",
                  "'targets' must be a list of targets (- id: ...)"));
        return;
    }
    if (!n->nkids) return;
    kh_target *v = arena_alloc(&plan->mem, n->nkids * sizeof *v);
    size_t len = 0;
    for (size_t i = 0; i < n->nkids; i++)
        if (convert_target(&c, n->kids[i], &v[len])) len++;
    plan->targets = v;
    plan->ntargets = len;
}

void plan_targets_resolve(kh_plan *plan, kh_lang lang, kh_diags *diags)
{
    tctx c = {plan, lang, diags};
    for (size_t i = 0; i < plan->ntargets; i++) {
        kh_target *t = &plan->targets[i];
        ynode at = {.line = t->line, .col = t->col};
        for (size_t k = 0; k < i; k++)
            if (!strcmp(plan->targets[k].id, t->id))
                terr(&c, &at,
                     C_TR(&c, "mã chỉ tiêu '%s' trùng với chỉ tiêu ở dòng %d",
                          "target id '%s' is also the target on line %d"),
                     t->id, plan->targets[k].line);
        if (model_find_task(plan, t->id) >= 0)
            terr(&c, &at,
                 C_TR(&c, "mã chỉ tiêu '%s' trùng với mã một nhiệm vụ",
                      "target id '%s' is also a task's id"),
                 t->id);
        if (!t->lead_id) continue;
        long u = model_find_unit(plan, t->lead_id);
        if (u < 0) {
            ynode lat = {.line = t->lead_line, .col = t->lead_col};
            terr(&c, &lat,
                 C_TR(&c, "'lead': không có đơn vị '%s' trong 'units'",
                      "'lead': there is no unit '%s' in 'units'"),
                 t->lead_id);
        } else {
            t->lead = (int32_t)u;
        }
    }
}
