/* The plan loader: reads a plan file through plan_yaml and builds the model.
 * Every problem becomes a located message; a plan with any problem is not
 * returned. */
#include "kehoach/plan_load.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kehoach/text.h"
#include "plan_yaml.h"

/* ---- diagnostics ---- */

void diags_add(kh_diags *d, int line, int col, const char *fmt, ...)
{
    if (d->n >= PLAN_MAX_ERRORS) return;
    KH_GROW(d->v, d->n, d->cap);
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    d->v[d->n++] = (kh_diag){line, col, sb_take(&sb)};
}

void diags_free(kh_diags *d)
{
    for (size_t i = 0; i < d->n; i++) free(d->v[i].msg);
    free(d->v);
    d->v = NULL;
    d->n = d->cap = 0;
}

/* ---- the loader's state ---- */

typedef struct {
    uint16_t *slot; /* where the unit index goes */
    const char *id; /* in the plan arena */
    int line, col;
} unit_ref;

typedef struct {
    size_t duty;
    const char *id;
    int line, col;
} item_ref;

/* A task that takes its duty's unit as lead. */
typedef struct {
    uint16_t *slot;
    size_t duty;
} default_lead;

typedef struct {
    size_t task;
    unsigned every_mask;
    int day;
    size_t first_state, nstates; /* its states by period: tagged[first_state...] */
} periodic;

/* The state of one period of a periodic task (`state: {2023-01: {...}}`),
 * matched to an occurrence once they are made. */
typedef struct {
    const char *tag; /* "2023-01", "2023-Q1", "2023-H1", "2023-9M", "2023" */
    const kh_base_state *base;
    int line, col;
    bool used;
} tagged_state;

typedef struct {
    kh_lang lang;
    kh_diags *diags;
    yreader *r;
    kh_plan *plan;
    arena scratch; /* nodes of the item being converted */

    kh_task *tasks;
    int *task_line; /* position of each task, for messages */
    size_t ntasks, captasks, caplines;
    kh_unit *units;
    int *unit_line, *unit_col;
    size_t nunits, capunits, capunitlines, capunitcols;
    kh_duty *duties;
    uint16_t **duty_unit; /* where each duty's unit index is resolved to */
    size_t nduties, capduties, capdutyunits;
    kh_document *docs;
    size_t ndocs, capdocs;
    unit_ref *urefs;
    size_t nurefs, capurefs;
    item_ref *irefs;
    size_t nirefs, capirefs;
    default_lead *dleads;
    size_t ndleads, capdleads;
    periodic *periodics;
    size_t nperiodics, capperiodics;
    tagged_state *tagged;
    size_t ntagged, captagged;
    kh_right *rights; /* `rights:`; a unit's index goes in *right_unit[i] */
    uint16_t **right_unit;
    int *right_line; /* where each entry names its unit: line, col */
    size_t nrights, caprights, caprightunits, caprightlines;

    bool seen_version, seen_plan, seen_units, seen_period;
    bool stopped; /* a refused character was found: read no further, as the reader would not */
} loader;

#define L_TR(L, vi, en) TR((L)->lang, vi, en)

static void err(loader *L, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void err(loader *L, int line, int col, const char *fmt, ...)
{
    if (L->diags->n >= PLAN_MAX_ERRORS) return;
    strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&sb, fmt, ap);
    va_end(ap);
    diags_add(L->diags, line, col, "%s", sb_str(&sb));
    sb_done(&sb);
}

static char *keep(loader *L, const char *s)
{
    return arena_strdup(&L->plan->mem, s);
}

/* ---- characters only data may hold ---- */

/* Return true when no scalar of n holds a character a plan text may not
 * (ynode.refused: a double-quoted escape), leaving out the value of the key
 * `data_key` of n itself (a task's `state`: data a database held, as an
 * export writes it). Report the first one found. */
static bool no_refused(loader *L, const ynode *n, const char *data_key)
{
    if (n->type == YN_SCALAR) {
        if (!n->refused) return true;
        err(L, n->line, n->col,
            L_TR(L, "giá trị chứa ký tự điều khiển U+%04X, không được phép trong kế hoạch",
                 "the value contains the control character U+%04X, not allowed in a plan"),
            n->refused);
        L->stopped = true;
        return false;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        if (data_key && n->type == YN_MAP && i % 2 == 1 && !strcmp(n->kids[i - 1]->str, data_key))
            continue;
        if (!no_refused(L, n->kids[i], NULL)) return false;
    }
    return true;
}

/* ---- keys ---- */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 32 || lb > 32) return 99;
    size_t row[33];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* Return the known word nearest to s, or NULL when none is near. */
static const char *nearest(const char *s, const char *const *known, size_t n)
{
    const char *best = NULL;
    size_t best_d = 99;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(s, known[i]);
        if (d < best_d) {
            best_d = d;
            best = known[i];
        }
    }
    size_t len = strlen(s);
    return best_d <= (len > 6 ? 3 : 2) && best_d < len ? best : NULL;
}

static void unknown_key(loader *L, const ynode *key, const char *where, const char *const *known,
                        size_t n)
{
    const char *near = nearest(key->str, known, n);
    if (near)
        err(L, key->line, key->col,
            L_TR(L, "khóa không xác định '%s' trong %s; có phải là '%s'?",
                 "unknown key '%s' in %s; did you mean '%s'?"),
            key->str, where, near);
    else {
        strbuf sb = STRBUF_INIT;
        for (size_t i = 0; i < n; i++) sb_printf(&sb, "%s%s", i ? ", " : "", known[i]);
        err(L, key->line, key->col,
            L_TR(L, "khóa không xác định '%s' trong %s (các khóa được dùng: %s)",
                 "unknown key '%s' in %s (known keys: %s)"),
            key->str, where, sb_str(&sb));
        sb_done(&sb);
    }
}

static void duplicate_key(loader *L, const ynode *key, int first_line)
{
    err(L, key->line, key->col,
        L_TR(L, "khóa '%s' bị lặp (đã có ở dòng %d)", "duplicate key '%s' (first at line %d)"),
        key->str, first_line);
}

/* Look up key among known; report unknown and duplicate keys. Return the
 * index, or -1 when the value is to be skipped. seen_line[i] is the line a
 * key was first seen on (0: not yet). */
static int key_index(loader *L, const ynode *key, const char *where, const char *const *known,
                     size_t n, int *seen_line)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(key->str, known[i]) != 0) continue;
        if (seen_line[i]) {
            duplicate_key(L, key, seen_line[i]);
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
static bool map_split(loader *L, const ynode *node, const char *where, const char *const *known,
                      size_t n, const ynode **vals)
{
    for (size_t i = 0; i < n; i++) vals[i] = NULL;
    if (node->type != YN_MAP) {
        err(L, node->line, node->col,
            L_TR(L, "%s phải là một bảng \"khóa: giá trị\"", "%s must be a mapping (key: value)"),
            where);
        return false;
    }
    int seen[16] = {0};
    for (size_t k = 0; k + 1 < node->nkids; k += 2) {
        int i = key_index(L, node->kids[k], where, known, n, seen);
        if (i >= 0) vals[i] = node->kids[k + 1];
    }
    return true;
}

static void missing_key(loader *L, int line, int col, const char *key, const char *where)
{
    err(L, line, col,
        L_TR(L, "thiếu khóa bắt buộc '%s' trong %s", "missing required key '%s' in %s"), key,
        where);
}

/* ---- values ---- */

static bool is_empty(const ynode *n)
{
    return n->type == YN_SCALAR && n->plain && n->len == 0;
}

/* Return the text of a scalar (copied into the plan), or NULL (reported). */
static const char *text_of(loader *L, const ynode *n, const char *key)
{
    if (n->type != YN_SCALAR) {
        err(L, n->line, n->col,
            L_TR(L, "'%s' phải là một chữ, không phải danh sách hay bảng",
                 "'%s' must be text, not a list or a mapping"),
            key);
        return NULL;
    }
    if (n->len == 0 || (n->plain && !strcmp(n->str, "~"))) {
        err(L, n->line, n->col, L_TR(L, "'%s' không được để trống", "'%s' must not be empty"), key);
        return NULL;
    }
    return keep(L, n->str);
}

static bool date_of(loader *L, const ynode *n, const char *key, kh_date *out)
{
    if (n->type != YN_SCALAR) {
        err(L, n->line, n->col, L_TR(L, "'%s' phải là một ngày", "'%s' must be a date"), key);
        return false;
    }
    int rc = date_parse(n->str, out);
    if (rc == DATE_SYNTAX)
        err(L, n->line, n->col,
            L_TR(L, "'%s': \"%s\" không phải là ngày (viết yyyy-mm-dd hoặc dd/mm/yyyy)",
                 "'%s': \"%s\" is not a date (write yyyy-mm-dd or dd/mm/yyyy)"),
            key, n->str);
    else if (rc == DATE_IMPOSSIBLE)
        err(L, n->line, n->col,
            L_TR(L, "'%s': ngày \"%s\" không có trong lịch",
                 "'%s': there is no such day as \"%s\""),
            key, n->str);
    return rc == DATE_OK;
}

/* Collect a scalar or a sequence of scalars. Return the count, or -1 (reported). */
static long list_of(loader *L, const ynode *n, const char *key, const ynode ***items)
{
    if (n->type == YN_SCALAR) {
        if (is_empty(n)) {
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
        err(L, n->line, n->col, L_TR(L, "'%s' phải là một danh sách", "'%s' must be a list"), key);
        return -1;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        if (n->kids[i]->type != YN_SCALAR) {
            err(L, n->kids[i]->line, n->kids[i]->col,
                L_TR(L, "mỗi mục của '%s' phải là một chữ", "each item of '%s' must be text"), key);
            return -1;
        }
    }
    const ynode **all = arena_alloc(&L->scratch, (n->nkids ? n->nkids : 1) * sizeof *all);
    for (size_t i = 0; i < n->nkids; i++) all[i] = n->kids[i];
    *items = all;
    return (long)n->nkids;
}

static bool id_ok(const char *s, bool unit)
{
    if (!*s || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9') ||
                 (!unit && s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                  (!unit && ((c >= 'A' && c <= 'Z') || c == '.' || c == '_'));
        if (!ok) return false;
    }
    return strlen(s) <= 64;
}

/* ---- units ---- */

static void convert_units(loader *L, const ynode *n)
{
    static const char *const keys[] = {"id", "name", "short"};
    if (n->type != YN_SEQ) {
        err(L, n->line, n->col,
            L_TR(L, "'units' phải là danh sách các đơn vị", "'units' must be a list of units"));
        return;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *v[3];
        const ynode *u = n->kids[i];
        if (!map_split(L, u, L_TR(L, "đơn vị", "a unit"), keys, 3, v)) continue;
        if (!v[0]) missing_key(L, u->line, u->col, "id", L_TR(L, "đơn vị", "a unit"));
        if (!v[1]) missing_key(L, u->line, u->col, "name", L_TR(L, "đơn vị", "a unit"));
        if (!v[0] || !v[1]) continue;
        const char *id = text_of(L, v[0], "id");
        const char *name = text_of(L, v[1], "name");
        const char *short_name = v[2] ? text_of(L, v[2], "short") : name;
        if (!id || !name || !short_name) continue;
        if (!id_ok(id, true)) {
            err(L, v[0]->line, v[0]->col,
                L_TR(L,
                     "mã đơn vị '%s' không hợp lệ: tối đa 64 ký tự, bắt đầu bằng chữ hoặc số, "
                     "chỉ gồm chữ thường không dấu, chữ số và '-'",
                     "unit id '%s' is not valid: at most 64 characters, starting with a letter "
                     "or digit, of lower-case ASCII letters, digits and '-' only"),
                id);
            continue;
        }
        /* Repeated ids are found once all are read (resolve_units). */
        if (L->nunits >= UINT16_MAX) {
            err(L, u->line, u->col, L_TR(L, "quá nhiều đơn vị", "too many units"));
            return;
        }
        KH_GROW(L->units, L->nunits, L->capunits);
        KH_GROW(L->unit_line, L->nunits, L->capunitlines);
        KH_GROW(L->unit_col, L->nunits, L->capunitcols);
        L->unit_line[L->nunits] = v[0]->line;
        L->unit_col[L->nunits] = v[0]->col;
        L->units[L->nunits++] = (kh_unit){id, name, short_name, NULL};
    }
    if (n->nkids == 0)
        err(L, n->line, n->col,
            L_TR(L, "kế hoạch phải có ít nhất một đơn vị", "the plan needs at least one unit"));
}

/* Queue the unit ids of a list for resolution once every unit is known;
 * fill *out with the slots. Return the count. */
static uint16_t unit_list(loader *L, const ynode *n, const char *key, uint16_t **out)
{
    const ynode **items;
    long k = list_of(L, n, key, &items);
    *out = NULL;
    if (k <= 0) return 0;
    if (k > 1000) {
        err(L, n->line, n->col,
            L_TR(L, "'%s' có quá nhiều đơn vị (tối đa 1000)",
                 "'%s' names too many units (at most 1000)"),
            key);
        return 0;
    }
    for (long i = 1; i < k; i++) {
        for (long j = 0; j < i; j++) {
            if (strcmp(items[i]->str, items[j]->str) != 0) continue;
            err(L, items[i]->line, items[i]->col,
                L_TR(L, "đơn vị '%s' được ghi hai lần trong '%s'",
                     "unit '%s' is named twice in '%s'"),
                items[i]->str, key);
            return 0;
        }
    }
    uint16_t *slots = arena_alloc(&L->plan->mem, (size_t)k * sizeof *slots);
    for (long i = 0; i < k; i++) {
        KH_GROW(L->urefs, L->nurefs, L->capurefs);
        L->urefs[L->nurefs++] =
            (unit_ref){&slots[i], keep(L, items[i]->str), items[i]->line, items[i]->col};
    }
    *out = slots;
    return (uint16_t)k;
}

/* ---- tasks ---- */

static void convert_deadline(loader *L, const ynode *n, kh_task *t, size_t index)
{
    if (n->type == YN_SCALAR) {
        if (!strcmp(n->str, "continuous")) {
            t->dl_kind = DL_CONTINUOUS;
            return;
        }
        if (!strcmp(n->str, "end-of-period")) {
            t->dl_kind = DL_PERIOD_END;
            return;
        }
        kh_date d;
        int rc = date_parse(n->str, &d);
        if (rc == DATE_OK) {
            t->dl_kind = DL_DATE;
            t->due = d;
            return;
        }
        if (rc == DATE_IMPOSSIBLE) {
            date_of(L, n, "deadline", &d);
            return;
        }
    } else if (n->type == YN_MAP) {
        static const char *const keys[] = {"every", "day"};
        const ynode *v[2];
        map_split(L, n, "deadline", keys, 2, v);
        if (!v[0]) {
            missing_key(L, n->line, n->col, "every", "deadline");
            return;
        }
        const ynode **items;
        long k = list_of(L, v[0], "every", &items);
        unsigned mask = 0;
        for (long i = 0; i < k; i++) {
            int e = model_every_parse(items[i]->str);
            if (e < 0) {
                err(L, items[i]->line, items[i]->col,
                    L_TR(L,
                         "chu kỳ '%s' không hợp lệ (dùng: month, quarter, half-year, "
                         "nine-months, year)",
                         "unknown period '%s' (use: month, quarter, half-year, nine-months, "
                         "year)"),
                    items[i]->str);
                return;
            }
            mask |= 1u << e;
        }
        if (k == 0) {
            err(L, v[0]->line, v[0]->col,
                L_TR(L, "'every' cần ít nhất một chu kỳ", "'every' needs at least one period"));
            return;
        }
        int day = 0;
        if (v[1]) {
            char *end;
            long dd = v[1]->type == YN_SCALAR ? strtol(v[1]->str, &end, 10) : 0;
            if (v[1]->type != YN_SCALAR || *end || dd < 1 || dd > 31) {
                err(L, v[1]->line, v[1]->col,
                    L_TR(L, "'day' phải là một số từ 1 đến 31",
                         "'day' must be a number from 1 to 31"));
                return;
            }
            day = (int)dd;
        }
        t->dl_kind = DL_PERIODIC;
        KH_GROW(L->periodics, L->nperiodics, L->capperiodics);
        L->periodics[L->nperiodics++] = (periodic){index, mask, day, 0, 0};
        return;
    }
    err(L, n->line, n->col,
        L_TR(L,
             "thời hạn phải là một ngày (yyyy-mm-dd hoặc dd/mm/yyyy), 'continuous', "
             "'end-of-period' hoặc {every: ...}",
             "a deadline must be a date (yyyy-mm-dd or dd/mm/yyyy), 'continuous', "
             "'end-of-period' or {every: ...}"));
}

enum {
    T_ID,
    T_TITLE,
    T_TEXT,
    T_CITES,
    T_LEAD,
    T_SUPPORT,
    T_DEADLINE,
    T_DEADLINE_TEXT,
    T_STATE,
    T_OUTPUT,
    T_KEYS
};
static const char *const task_keys[T_KEYS] = {"id",    "title",   "text",     "cites",
                                              "lead",  "support", "deadline", "deadline_text",
                                              "state", "output"};

/* ---- a task's state, as an export writes it ---- */

/* Parse a point in time: UTC "yyyy-mm-ddTHH:MM:SSZ", or a date (its 00:00
 * UTC). Return false (reported) when it is neither. */
static bool time_of(loader *L, const ynode *n, const char *key, int64_t *out)
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
    err(L, n->line, n->col,
        L_TR(
            L,
            "'%s': \"%s\" không phải thời điểm (viết yyyy-mm-ddTHH:MM:SSZ, giờ UTC, hoặc một ngày)",
            "'%s': \"%s\" is not a point in time (write yyyy-mm-ddTHH:MM:SSZ, in UTC, or a date)"),
        key, n->type == YN_SCALAR ? n->str : "…");
    return false;
}

static const kh_base_note *convert_notes(loader *L, const ynode *n, uint32_t *count)
{
    static const char *const keys[] = {"text", "author", "at"};
    *count = 0;
    if (is_empty(n)) return NULL;
    if (n->type != YN_SEQ) {
        err(L, n->line, n->col,
            L_TR(L, "'notes' phải là danh sách ghi chú ({text, author, at})",
                 "'notes' must be a list of notes ({text, author, at})"));
        return NULL;
    }
    kh_base_note *notes = arena_alloc(&L->plan->mem, (n->nkids ? n->nkids : 1) * sizeof *notes);
    bool ok = true;
    const char *where = L_TR(L, "ghi chú", "a note");
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *v[3];
        const ynode *k = n->kids[i];
        if (!map_split(L, k, where, keys, 3, v)) {
            ok = false;
            continue;
        }
        for (int j = 0; j < 3; j++)
            if (!v[j]) missing_key(L, k->line, k->col, keys[j], where), ok = false;
        if (!v[0] || !v[1] || !v[2]) continue;
        kh_base_note *note = &notes[i];
        note->text = text_of(L, v[0], "text");
        note->author = text_of(L, v[1], "author");
        if (!note->text || !note->author || !time_of(L, v[2], "at", &note->at)) ok = false;
    }
    if (!ok) return NULL;
    *count = (uint32_t)n->nkids;
    return notes;
}

enum { S_STATUS, S_PROGRESS, S_COMPLETED, S_UPDATED_AT, S_UPDATED_BY, S_NOTES, S_KEYS };
static const char *const state_keys[S_KEYS] = {"status",     "progress",   "completed",
                                               "updated_at", "updated_by", "notes"};

/* Return the state a mapping gives (in the plan's arena), or NULL
 * (reported). */
static const kh_base_state *convert_state(loader *L, const ynode *n)
{
    const ynode *v[S_KEYS];
    const char *where = L_TR(L, "trạng thái (state)", "a state");
    if (!map_split(L, n, where, state_keys, S_KEYS, v)) return NULL;
    kh_base_state *b = arena_alloc(&L->plan->mem, sizeof *b);
    memset(b, 0, sizeof *b);
    b->status = ST_TODO;
    b->completed = KH_NO_DATE;
    bool ok = true;
    if (v[S_STATUS]) {
        const char *s = text_of(L, v[S_STATUS], "status");
        int st = s ? model_status_parse(s) : -1;
        if (s && st < 0)
            err(L, v[S_STATUS]->line, v[S_STATUS]->col,
                L_TR(L, "'status': \"%s\" không phải trạng thái (todo, doing, blocked, done)",
                     "'status': \"%s\" is not a status (todo, doing, blocked, done)"),
                s);
        if (st < 0) ok = false;
        b->status = (uint8_t)(st < 0 ? ST_TODO : st);
    }
    if (b->status == ST_DONE) b->progress = 100;
    if (v[S_PROGRESS]) {
        const ynode *p = v[S_PROGRESS];
        char *end = NULL;
        long pr = p->type == YN_SCALAR && p->len ? strtol(p->str, &end, 10) : -1;
        if (!end || *end || pr < 0 || pr > 100) {
            err(L, p->line, p->col,
                L_TR(L, "'progress' phải là một số từ 0 đến 100",
                     "'progress' must be a number from 0 to 100"));
            ok = false;
        } else if (b->status == ST_DONE && pr != 100) {
            err(L, p->line, p->col,
                L_TR(L, "nhiệm vụ đã hoàn thành (done) có 'progress' là 100",
                     "a done task has 'progress' 100"));
            ok = false;
        } else {
            b->progress = (uint8_t)pr;
        }
    }
    if (v[S_COMPLETED]) {
        if (b->status != ST_DONE) {
            err(L, v[S_COMPLETED]->line, v[S_COMPLETED]->col,
                L_TR(L, "'completed' chỉ ghi cho nhiệm vụ đã hoàn thành (status: done)",
                     "'completed' is only for a done task (status: done)"));
            ok = false;
        } else if (!date_of(L, v[S_COMPLETED], "completed", &b->completed)) {
            ok = false;
        }
    }
    if (v[S_UPDATED_AT] && !time_of(L, v[S_UPDATED_AT], "updated_at", &b->updated_at)) ok = false;
    if (v[S_UPDATED_BY]) {
        const char *by = text_of(L, v[S_UPDATED_BY], "updated_by");
        if (by)
            b->updated_by = model_intern_user(L->plan, by);
        else
            ok = false;
    }
    if (v[S_NOTES]) {
        b->notes = convert_notes(L, v[S_NOTES], &b->nnotes);
        if (!b->notes && !is_empty(v[S_NOTES])) ok = false;
    }
    return ok ? b : NULL;
}

/* Return true when s is a period tag: 2023-01, 2023-Q1, 2023-H1, 2023-9M, 2023. */
static bool tag_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 4 || strspn(s, "0123456789") < 4) return false;
    const char *r = s + 4;
    if (!*r) return n == 4;
    if (r[0] != '-' || strlen(r) != 3) return false;
    if (r[1] >= '0' && r[1] <= '1' && r[2] >= '0' && r[2] <= '9') return true;
    return (r[1] == 'Q' && r[2] >= '1' && r[2] <= '4') || !strcmp(r, "-H1") || !strcmp(r, "-9M");
}

/* A periodic task's state is given period by period. */
static void convert_periodic_state(loader *L, const ynode *n, periodic *pd)
{
    if (n->type != YN_MAP) {
        err(L, n->line, n->col,
            L_TR(L,
                 "trạng thái của nhiệm vụ định kỳ ghi theo từng kỳ: 'state: {2023-01: {status: "
                 "done}}'",
                 "the state of a periodic task is given period by period: 'state: {2023-01: "
                 "{status: done}}'"));
        return;
    }
    pd->first_state = L->ntagged;
    for (size_t k = 0; k + 1 < n->nkids; k += 2) {
        const ynode *key = n->kids[k];
        if (!tag_ok(key->str)) {
            err(L, key->line, key->col,
                L_TR(L,
                     "'%s' không phải mã kỳ; trạng thái của nhiệm vụ định kỳ ghi theo từng kỳ "
                     "(2023-01, 2023-Q1, 2023-H1, 2023-9M, 2023)",
                     "'%s' is not a period; the state of a periodic task is given period by "
                     "period (2023-01, 2023-Q1, 2023-H1, 2023-9M, 2023)"),
                key->str);
            continue;
        }
        bool dup = false;
        for (size_t i = pd->first_state; i < L->ntagged && !dup; i++) {
            if (strcmp(L->tagged[i].tag, key->str) != 0) continue;
            duplicate_key(L, key, L->tagged[i].line);
            dup = true;
        }
        if (dup) continue;
        const kh_base_state *b = convert_state(L, n->kids[k + 1]);
        if (!b) continue;
        KH_GROW(L->tagged, L->ntagged, L->captagged);
        L->tagged[L->ntagged++] = (tagged_state){keep(L, key->str), b, key->line, key->col, false};
    }
    pd->nstates = L->ntagged - pd->first_state;
}

static void convert_task(loader *L, const ynode *n, int section, long duty)
{
    const ynode *v[T_KEYS];
    const char *where = L_TR(L, "nhiệm vụ", "a task");
    if (!map_split(L, n, where, task_keys, T_KEYS, v)) return;
    if (L->ntasks >= PLAN_MAX_TASKS) {
        err(L, n->line, n->col, L_TR(L, "quá nhiều nhiệm vụ", "too many tasks"));
        return;
    }
    bool ok = true;
    if (!v[T_ID]) missing_key(L, n->line, n->col, "id", where), ok = false;
    if (!v[T_TEXT]) missing_key(L, n->line, n->col, "text", where), ok = false;
    if (!v[T_DEADLINE]) missing_key(L, n->line, n->col, "deadline", where), ok = false;
    if (!v[T_LEAD] && duty < 0) missing_key(L, n->line, n->col, "lead", where), ok = false;
    if (!ok) return;

    kh_task t;
    memset(&t, 0, sizeof t);
    t.id = text_of(L, v[T_ID], "id");
    t.text = text_of(L, v[T_TEXT], "text");
    t.title = v[T_TITLE] ? text_of(L, v[T_TITLE], "title") : t.text;
    t.deadline_text = v[T_DEADLINE_TEXT] ? text_of(L, v[T_DEADLINE_TEXT], "deadline_text") : NULL;
    t.output = v[T_OUTPUT] ? text_of(L, v[T_OUTPUT], "output") : NULL;
    if (!t.id || !t.text || !t.title) return;
    if (!id_ok(t.id, false)) {
        err(L, v[T_ID]->line, v[T_ID]->col,
            L_TR(L,
                 "mã nhiệm vụ '%s' không hợp lệ: tối đa 64 ký tự, bắt đầu bằng chữ hoặc số, "
                 "chỉ gồm chữ không dấu, chữ số và . _ -",
                 "task id '%s' is not valid: at most 64 characters, starting with a letter or "
                 "digit, of ASCII letters, digits and . _ - only"),
            t.id);
        return;
    }
    t.section = (uint8_t)section;
    t.duty = (int32_t)duty;
    t.due = KH_NO_DATE;
    t.completed = KH_NO_DATE;
    if (v[T_CITES]) {
        const ynode **items;
        long k = list_of(L, v[T_CITES], "cites", &items);
        if (k > 1000) {
            err(L, v[T_CITES]->line, v[T_CITES]->col,
                L_TR(L, "'cites' có quá nhiều văn bản (tối đa 1000)",
                     "'cites' names too many documents (at most 1000)"));
            return;
        }
        if (k > 0) {
            t.cites = arena_alloc(&L->plan->mem, (size_t)k * sizeof *t.cites);
            for (long i = 0; i < k; i++) t.cites[i] = keep(L, items[i]->str);
            t.ncites = (uint16_t)k;
        }
    }
    size_t errors_before = L->diags->n;
    if (v[T_LEAD]) t.nlead = unit_list(L, v[T_LEAD], "lead", &t.lead);
    if (v[T_SUPPORT]) t.nsupport = unit_list(L, v[T_SUPPORT], "support", &t.support);
    if (L->diags->n > errors_before) return; /* already said what is wrong */
    if (v[T_LEAD] && t.nlead == 0 && duty < 0) {
        err(L, v[T_LEAD]->line, v[T_LEAD]->col,
            L_TR(L, "nhiệm vụ cần ít nhất một đơn vị chủ trì (lead)",
                 "a task needs at least one lead unit"));
        return;
    }
    convert_deadline(L, v[T_DEADLINE], &t, L->ntasks);
    if (v[T_STATE] && t.dl_kind == DL_PERIODIC && L->nperiodics &&
        L->periodics[L->nperiodics - 1].task == L->ntasks)
        convert_periodic_state(L, v[T_STATE], &L->periodics[L->nperiodics - 1]);
    else if (v[T_STATE] && t.dl_kind != DL_PERIODIC && !is_empty(v[T_STATE]))
        t.base = convert_state(L, v[T_STATE]);
    KH_GROW(L->tasks, L->ntasks, L->captasks);
    KH_GROW(L->task_line, L->ntasks * 2 + 1, L->caplines);
    L->task_line[L->ntasks * 2] = v[T_ID]->line;
    L->task_line[L->ntasks * 2 + 1] = v[T_ID]->col;
    L->tasks[L->ntasks++] = t;
}

/* Read a sequence of tasks one at a time, so a large plan never sits in
 * memory as a tree. */
static void stream_tasks(loader *L, const char *key, int section, long duty)
{
    int line, col;
    if (yr_peek(L->r, &line, &col) != YN_SEQ) {
        if (yr_failed(L->r)) return;
        err(L, line, col,
            L_TR(L, "'%s' phải là danh sách nhiệm vụ", "'%s' must be a list of tasks"), key);
        yr_skip(L->r);
        return;
    }
    yr_enter(L->r);
    while (yr_item(L->r)) {
        ynode *n = yr_read(L->r, &L->scratch);
        if (!n) break;
        if (!no_refused(L, n, "state")) break;
        convert_task(L, n, section, duty);
        arena_done(&L->scratch);
    }
}

/* ---- plan metadata ---- */

enum {
    P_ID,
    P_TITLE,
    P_ISSUER,
    P_PLACE,
    P_PERIOD,
    P_PREAMBLE,
    P_IMPLEMENTS,
    P_SIGNER,
    P_RECIPIENTS,
    P_CLOSING,
    P_DATABASE,
    P_NUMBER,
    P_DATE,
    P_REPORTING,
    P_KEYS
};
static const char *const plan_keys[P_KEYS] = {
    "id",     "title",      "issuer",  "place",    "period", "preamble", "implements",
    "signer", "recipients", "closing", "database", "number", "date",     "reporting"};

static void convert_period(loader *L, const ynode *n)
{
    static const char *const keys[] = {"from", "to"};
    const ynode *v[2];
    if (!map_split(L, n, "period", keys, 2, v)) return;
    if (!v[0]) missing_key(L, n->line, n->col, "from", "period");
    if (!v[1]) missing_key(L, n->line, n->col, "to", "period");
    if (!v[0] || !v[1]) return;
    kh_plan *p = L->plan;
    if (!date_of(L, v[0], "from", &p->from) || !date_of(L, v[1], "to", &p->to)) return;
    if (p->from > p->to) {
        err(L, v[1]->line, v[1]->col,
            L_TR(L, "kỳ kế hoạch kết thúc trước khi bắt đầu",
                 "the plan period ends before it starts"));
        return;
    }
    /* A plan runs a year, five, ten; a period of centuries is a slip, and
     * its periodic tasks would make millions of occurrences from a few lines. */
    if (p->to - p->from > PLAN_MAX_YEARS * 366) {
        err(L, v[1]->line, v[1]->col,
            L_TR(L, "kỳ kế hoạch dài quá %d năm", "the plan period is longer than %d years"),
            PLAN_MAX_YEARS);
        return;
    }
    L->seen_period = true;
}

static void convert_documents(loader *L, const ynode *n)
{
    static const char *const keys[] = {"number", "kind", "date", "issuer", "title"};
    if (n->type != YN_SEQ) {
        err(L, n->line, n->col,
            L_TR(L, "'implements' phải là danh sách văn bản",
                 "'implements' must be a list of documents"));
        return;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *v[5];
        const char *where = L_TR(L, "văn bản căn cứ", "a document");
        if (!map_split(L, n->kids[i], where, keys, 5, v)) continue;
        if (!v[0]) {
            missing_key(L, n->kids[i]->line, n->kids[i]->col, "number", where);
            continue;
        }
        kh_document d = {text_of(L, v[0], "number"), KH_NO_DATE, NULL, NULL};
        if (v[2]) date_of(L, v[2], "date", &d.date);
        if (v[3]) d.issuer = text_of(L, v[3], "issuer");
        /* "kind" is folded into the title: "Kế hoạch về ..." */
        const char *kind = v[1] ? text_of(L, v[1], "kind") : NULL;
        const char *title = v[4] ? text_of(L, v[4], "title") : NULL;
        if (kind && title) {
            strbuf sb = STRBUF_INIT;
            sb_printf(&sb, "%s %s", kind, title);
            d.title = keep(L, sb_str(&sb));
            sb_done(&sb);
        } else {
            d.title = kind ? kind : title;
        }
        if (!d.number) continue;
        KH_GROW(L->docs, L->ndocs, L->capdocs);
        L->docs[L->ndocs++] = d;
    }
}

static const char **text_list(loader *L, const ynode *n, const char *key, size_t *count)
{
    const ynode **items;
    long k = list_of(L, n, key, &items);
    *count = 0;
    if (k <= 0) return NULL;
    const char **out = arena_alloc(&L->plan->mem, (size_t)k * sizeof *out);
    for (long i = 0; i < k; i++) {
        out[i] = text_of(L, items[i], key);
        if (!out[i]) return NULL;
    }
    *count = (size_t)k;
    return out;
}

static void convert_plan(loader *L, const ynode *n)
{
    const ynode *v[P_KEYS];
    kh_plan *p = L->plan;
    L->seen_plan = true;
    if (!map_split(L, n, "plan", plan_keys, P_KEYS, v)) return;
    static const int required[] = {P_ID, P_TITLE, P_ISSUER, P_PERIOD};
    for (size_t i = 0; i < KH_ARRAY_LEN(required); i++)
        if (!v[required[i]]) missing_key(L, n->line, n->col, plan_keys[required[i]], "plan");
    if (v[P_ID]) {
        p->id = text_of(L, v[P_ID], "id");
        if (p->id && !id_ok(p->id, false))
            err(L, v[P_ID]->line, v[P_ID]->col,
                L_TR(L,
                     "mã kế hoạch '%s' không hợp lệ: tối đa 64 ký tự, bắt đầu bằng chữ hoặc số, "
                     "chỉ gồm chữ không dấu, chữ số và . _ -",
                     "plan id '%s' is not valid: at most 64 characters, starting with a letter "
                     "or digit, of ASCII letters, digits and . _ - only"),
                p->id);
    }
    if (v[P_TITLE]) p->title = text_of(L, v[P_TITLE], "title");
    if (v[P_ISSUER]) p->issuer = text_of(L, v[P_ISSUER], "issuer");
    if (v[P_PLACE]) p->place = text_of(L, v[P_PLACE], "place");
    if (v[P_PREAMBLE]) p->preamble = text_of(L, v[P_PREAMBLE], "preamble");
    if (v[P_CLOSING]) p->closing = text_of(L, v[P_CLOSING], "closing");
    if (v[P_DATABASE]) p->database = text_of(L, v[P_DATABASE], "database");
    if (v[P_PERIOD]) convert_period(L, v[P_PERIOD]);
    if (v[P_IMPLEMENTS]) convert_documents(L, v[P_IMPLEMENTS]);
    if (v[P_RECIPIENTS])
        p->recipients = text_list(L, v[P_RECIPIENTS], "recipients", &p->nrecipients);
    if (v[P_SIGNER]) {
        static const char *const keys[] = {"role", "name"};
        const ynode *s[2];
        if (map_split(L, v[P_SIGNER], "signer", keys, 2, s)) {
            if (s[0]) p->signer_role = text_of(L, s[0], "role");
            if (s[1]) p->signer_name = text_of(L, s[1], "name");
        }
    }
    /* The plan's own number and date are optional: the seed has neither. */
    p->date = KH_NO_DATE;
    if (v[P_NUMBER]) p->number = text_of(L, v[P_NUMBER], "number");
    if (v[P_DATE]) date_of(L, v[P_DATE], "date", &p->date);
    const char *rep = v[P_REPORTING] ? text_of(L, v[P_REPORTING], "reporting") : NULL;
    if (rep && !strcmp(rep, "nd09"))
        p->reporting = KH_REPORTING_ND09;
    else if (rep && strcmp(rep, "calendar"))
        err(L, v[P_REPORTING]->line, v[P_REPORTING]->col,
            L_TR(L, "'reporting' là nd09 hoặc calendar", "'reporting' is nd09 or calendar"));
}

/* ---- section III ---- */

static void convert_duty(loader *L)
{
    static const char *const keys[] = {"unit", "heading", "items", "tasks"};
    int line, col;
    const char *where = L_TR(L, "nhiệm vụ của đơn vị (duties)", "a duty");
    if (yr_peek(L->r, &line, &col) != YN_MAP) {
        if (yr_failed(L->r)) return;
        err(L, line, col,
            L_TR(L, "mỗi mục của 'duties' phải là một bảng (unit, heading, tasks)",
                 "each item of 'duties' must be a mapping (unit, heading, tasks)"));
        yr_skip(L->r);
        return;
    }
    yr_enter(L->r);
    kh_duty d;
    memset(&d, 0, sizeof d);
    d.first_task = (uint32_t)L->ntasks;
    size_t index = L->nduties;
    int seen[4] = {0};
    const char *unit_id = NULL;
    int unit_line = line, unit_col = col;
    ynode key;
    int rc;
    while ((rc = yr_key(L->r, &L->scratch, &key)) == 1) {
        int k = key_index(L, &key, where, keys, 4, seen);
        if (k == 3) {
            stream_tasks(L, "tasks", 3, (long)index);
            if (L->stopped) return;
            continue;
        }
        ynode *n = k < 0 ? (yr_skip(L->r), NULL) : yr_read(L->r, &L->scratch);
        if (!n) continue;
        if (!no_refused(L, n, NULL)) return;
        if (k == 0) {
            unit_id = text_of(L, n, "unit");
            unit_line = n->line;
            unit_col = n->col;
        } else if (k == 1) {
            d.heading = text_of(L, n, "heading");
        } else if (k == 2) {
            const ynode **items;
            long cnt = list_of(L, n, "items", &items);
            /* Repeats are found when the items are resolved (resolve_items). */
            for (long i = 0; i < cnt; i++) {
                KH_GROW(L->irefs, L->nirefs, L->capirefs);
                L->irefs[L->nirefs++] =
                    (item_ref){index, keep(L, items[i]->str), items[i]->line, items[i]->col};
            }
        }
    }
    arena_done(&L->scratch);
    if (rc < 0) return;
    if (!unit_id) {
        if (!seen[0]) missing_key(L, line, col, "unit", where);
        return;
    }
    d.ntasks = (uint32_t)(L->ntasks - d.first_task);
    /* The duty's unit leads its tasks unless a task names its own lead. */
    uint16_t *slot = arena_alloc(&L->plan->mem, sizeof *slot);
    KH_GROW(L->urefs, L->nurefs, L->capurefs);
    L->urefs[L->nurefs++] = (unit_ref){slot, unit_id, unit_line, unit_col};
    for (size_t i = d.first_task; i < L->ntasks; i++) {
        kh_task *t = &L->tasks[i];
        if (t->nlead) continue;
        t->lead = arena_alloc(&L->plan->mem, sizeof *t->lead);
        t->nlead = 1;
        KH_GROW(L->dleads, L->ndleads, L->capdleads);
        L->dleads[L->ndleads++] = (default_lead){t->lead, index};
    }
    KH_GROW(L->duties, L->nduties, L->capduties);
    KH_GROW(L->duty_unit, L->nduties, L->capdutyunits);
    L->duty_unit[L->nduties] = slot;
    L->duties[L->nduties++] = d;
}

static void convert_organization(loader *L)
{
    static const char *const keys[] = {"intro", "duties"};
    int line, col;
    if (yr_peek(L->r, &line, &col) != YN_MAP) {
        if (yr_failed(L->r)) return;
        err(L, line, col,
            L_TR(L, "'organization' phải là một bảng (intro, duties)",
                 "'organization' must be a mapping (intro, duties)"));
        yr_skip(L->r);
        return;
    }
    yr_enter(L->r);
    int seen[2] = {0};
    ynode key;
    while (yr_key(L->r, &L->scratch, &key) == 1) {
        int k = key_index(L, &key, "organization", keys, 2, seen);
        if (k == 0) {
            ynode *n = yr_read(L->r, &L->scratch);
            if (n && !no_refused(L, n, NULL)) return;
            if (n) L->plan->org_intro = text_of(L, n, "intro");
        } else if (k == 1) {
            if (yr_peek(L->r, &line, &col) != YN_SEQ) {
                if (yr_failed(L->r)) return;
                err(L, line, col,
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
    long k = list_of(L, n, key, &items);
    *out = NULL;
    if (k <= 0) return 0;
    if (k > 1000) {
        err(L, n->line, n->col,
            L_TR(L, "'%s' có quá nhiều tên (tối đa 1000)", "'%s' names too many (at most 1000)"),
            key);
        return 0;
    }
    kh_account *v = arena_alloc(&L->plan->mem, (size_t)k * sizeof *v);
    uint32_t len = 0;
    for (long i = 0; i < k; i++) {
        const ynode *it = items[i];
        if (!account_ok(it->str)) {
            err(L, it->line, it->col,
                L_TR(L,
                     "tên tài khoản '%s' trong '%s' không hợp lệ: tối đa 64 ký tự, gồm chữ không "
                     "dấu, chữ số và _ . @ -, không bắt đầu bằng - . @",
                     "the account name '%s' in '%s' is not valid: at most 64 characters of ASCII "
                     "letters, digits and _ . @ -, not starting with - . @"),
                it->str, key);
            continue;
        }
        v[len++] = (kh_account){keep(L, it->str), it->line, it->col};
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
            err(L, v[i].line, v[i].col,
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
    size_t before = L->diags->n;
    if (v[0]) r->nusers = account_list(L, v[0], "users", &r->users);
    if (v[1]) r->ngroups = account_list(L, v[1], "groups", &r->groups);
    if (!r->nusers && !r->ngroups && L->diags->n == before)
        err(L, node->line, node->col,
            L_TR(L, "hãy ghi người được sửa: 'users', 'groups' hoặc cả hai",
                 "name who may make changes: 'users', 'groups' or both"));
}

static void add_right(loader *L, kh_right r, uint16_t *slot, int line, int col)
{
    KH_GROW(L->rights, L->nrights, L->caprights);
    KH_GROW(L->right_unit, L->nrights, L->caprightunits);
    size_t twice = L->nrights * 2;
    KH_GROW(L->right_line, twice + 1, L->caprightlines);
    L->right_unit[L->nrights] = slot;
    L->right_line[twice] = line;
    L->right_line[twice + 1] = col;
    L->rights[L->nrights++] = r;
}

static void convert_rights(loader *L, const ynode *n)
{
    static const char *const keys[] = {"all", "units"};
    static const char *const who_keys[] = {"users", "groups"};
    static const char *const unit_keys[] = {"unit", "users", "groups"};
    const ynode *v[2];
    if (!map_split(L, n, "rights", keys, 2, v)) return;
    if (v[0]) {
        const ynode *w[2];
        if (map_split(L, v[0], "all", who_keys, 2, w)) {
            kh_right r = {.all = true};
            convert_accounts(L, v[0], w, &r);
            add_right(L, r, NULL, v[0]->line, v[0]->col);
        }
    }
    if (v[1]) {
        const char *where = L_TR(L, "quyền của đơn vị (units)", "a unit's rights (units)");
        if (v[1]->type != YN_SEQ) {
            err(L, v[1]->line, v[1]->col,
                L_TR(L, "'units' trong 'rights' phải là danh sách (- unit: ..., users: [...])",
                     "'units' in 'rights' must be a list (- unit: ..., users: [...])"));
        } else {
            for (size_t i = 0; i < v[1]->nkids; i++) {
                const ynode *u = v[1]->kids[i], *w[3];
                if (!map_split(L, u, where, unit_keys, 3, w)) continue;
                if (!w[0]) {
                    missing_key(L, u->line, u->col, "unit", where);
                    continue;
                }
                const char *id = text_of(L, w[0], "unit");
                if (!id) continue;
                kh_right r = {.all = false};
                convert_accounts(L, u, w + 1, &r);
                uint16_t *slot = arena_alloc(&L->plan->mem, sizeof *slot);
                KH_GROW(L->urefs, L->nurefs, L->capurefs);
                L->urefs[L->nurefs++] = (unit_ref){slot, id, w[0]->line, w[0]->col};
                add_right(L, r, slot, w[0]->line, w[0]->col);
            }
        }
    }
    if (!v[0] && !v[1])
        err(L, n->line, n->col,
            L_TR(L,
                 "'rights' không ghi ai được sửa: thêm 'all' và/hoặc 'units', hoặc bỏ hẳn "
                 "'rights' để ai ghi được cơ sở dữ liệu cũng sửa được",
                 "'rights' names no one: add 'all' and/or 'units', or remove 'rights' so that "
                 "anyone who can write the database may make changes"));
}

/* Put the resolved units on the rights; a unit given twice is an error. */
static void resolve_rights(loader *L)
{
    size_t *first = xreallocarray(NULL, L->nunits ? L->nunits : 1, sizeof *first);
    for (size_t u = 0; u < L->nunits; u++) first[u] = SIZE_MAX;
    for (size_t i = 0; i < L->nrights; i++) {
        kh_right *r = &L->rights[i];
        if (r->all) continue;
        r->unit = *L->right_unit[i];
        if (r->unit >= L->nunits) continue;
        size_t k = first[r->unit];
        if (k == SIZE_MAX) {
            first[r->unit] = i;
            continue;
        }
        err(L, L->right_line[i * 2], L->right_line[i * 2 + 1],
            L_TR(L, "đơn vị '%s' được ghi hai lần trong 'rights' (đã có ở dòng %d)",
                 "unit '%s' is named twice in 'rights' (first at line %d)"),
            L->units[r->unit].id, L->right_line[k * 2]);
    }
    free(first);
}

/* ---- what an export carries beyond the tasks: orphans and history ----
 *
 * `orphans:` is the state (and notes) of tasks the plan no longer has, and
 * `history:` every change the database recorded, so that an export holds
 * everything its database held. Both are data a database held: their texts
 * may hold escapes (ynode.refused). They are kept to be written again, and
 * laid over nothing. */

static void convert_orphans(loader *L, const ynode *n)
{
    static const char *const keys[] = {"id", "state"};
    const char *where = L_TR(L, "nhiệm vụ không còn trong kế hoạch (orphans)", "an orphan");
    if (n->type != YN_SEQ) {
        err(L, n->line, n->col,
            L_TR(L, "'orphans' phải là danh sách ({id, state})",
                 "'orphans' must be a list ({id, state})"));
        return;
    }
    kh_orphan *v = arena_alloc(&L->plan->mem, (n->nkids ? n->nkids : 1) * sizeof *v);
    size_t count = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *e = n->kids[i], *f[2];
        if (!map_split(L, e, where, keys, 2, f)) continue;
        if (!f[0] || !f[1]) {
            missing_key(L, e->line, e->col, f[0] ? "state" : "id", where);
            continue;
        }
        const char *id = text_of(L, f[0], "id");
        const kh_base_state *b = convert_state(L, f[1]);
        if (!id || !b) continue;
        for (size_t k = 0; k < count; k++)
            if (!strcmp(v[k].id, id)) {
                err(L, f[0]->line, f[0]->col,
                    L_TR(L, "'%s' được ghi hai lần trong 'orphans'",
                         "'%s' is given twice in 'orphans'"),
                    id);
                id = NULL;
                break;
            }
        if (id) v[count++] = (kh_orphan){id, b, f[0]->line, f[0]->col};
    }
    L->plan->orphans = v;
    L->plan->norphans = count;
}

/* A change id: a whole number from 1 (0 when the key is absent). */
static bool change_of(loader *L, const ynode *n, const char *key, int64_t *out)
{
    char *end = NULL;
    long long v = n->type == YN_SCALAR && n->len ? strtoll(n->str, &end, 10) : 0;
    if (!end || *end || v < 1) {
        err(L, n->line, n->col,
            L_TR(L, "'%s' phải là một số nguyên từ 1", "'%s' must be a whole number from 1"), key);
        return false;
    }
    *out = v;
    return true;
}

static void convert_history(loader *L, const ynode *n)
{
    enum { H_TASK, H_CHANGE, H_FIELD, H_OLD, H_NEW, H_USER, H_AT, H_UNDO_OF, H_KEYS };
    static const char *const keys[H_KEYS] = {"task", "change", "field", "old",
                                             "new",  "user",   "at",    "undo_of"};
    static const char *const fields[] = {"status", "progress", "completed", "note",
                                         "note-withdrawn",
                                         /* issue 12 */
                                         "result", "result-withdrawn", "amend", "amend-withdrawn"};
    const char *where = L_TR(L, "dòng lịch sử (history)", "a history row");
    if (n->type != YN_SEQ) {
        err(L, n->line, n->col,
            L_TR(L, "'history' phải là danh sách ({task, change, field, old, new, user, at})",
                 "'history' must be a list ({task, change, field, old, new, user, at})"));
        return;
    }
    kh_base_history *v = arena_alloc(&L->plan->mem, (n->nkids ? n->nkids : 1) * sizeof *v);
    size_t count = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *e = n->kids[i], *f[H_KEYS];
        if (!map_split(L, e, where, keys, H_KEYS, f)) continue;
        static const int required[] = {H_TASK, H_CHANGE, H_FIELD, H_USER, H_AT};
        bool ok = true;
        for (size_t k = 0; k < KH_ARRAY_LEN(required); k++)
            if (!f[required[k]])
                missing_key(L, e->line, e->col, keys[required[k]], where), ok = false;
        if (!ok) continue;
        kh_base_history h = {0};
        h.task = text_of(L, f[H_TASK], "task");
        h.field = text_of(L, f[H_FIELD], "field");
        h.user = text_of(L, f[H_USER], "user");
        h.old_value = f[H_OLD] ? text_of(L, f[H_OLD], "old") : NULL;
        h.new_value = f[H_NEW] ? text_of(L, f[H_NEW], "new") : NULL;
        if (!h.task || !h.field || !h.user || (f[H_OLD] && !h.old_value) ||
            (f[H_NEW] && !h.new_value))
            continue;
        bool known = false;
        for (size_t k = 0; k < KH_ARRAY_LEN(fields); k++) known |= !strcmp(h.field, fields[k]);
        if (!known) {
            err(L, f[H_FIELD]->line, f[H_FIELD]->col,
                L_TR(L,
                     "'field': \"%s\" không phải trường của lịch sử (status, progress, completed, "
                     "note, note-withdrawn, result, result-withdrawn, amend, amend-withdrawn)",
                     "'field': \"%s\" is not a field of history (status, progress, completed, "
                     "note, note-withdrawn, result, result-withdrawn, amend, amend-withdrawn)"),
                h.field);
            continue;
        }
        if (!time_of(L, f[H_AT], "at", &h.at) || !change_of(L, f[H_CHANGE], "change", &h.change) ||
            (f[H_UNDO_OF] && !change_of(L, f[H_UNDO_OF], "undo_of", &h.undo_of)))
            continue;
        v[count++] = h;
    }
    L->plan->history = v;
    L->plan->nhistory = count;
}

/* An orphan is a task the plan does not have: one it has belongs under it. */
static void check_orphans(loader *L)
{
    kh_plan *p = L->plan;
    for (size_t i = 0; i < p->norphans; i++)
        if (model_find_task(p, p->orphans[i].id) >= 0)
            err(L, p->orphans[i].line, p->orphans[i].col,
                L_TR(L,
                     "'orphans' ghi trạng thái của '%s', một nhiệm vụ của kế hoạch này: hãy ghi "
                     "nó trong 'state:' của nhiệm vụ",
                     "'orphans' gives the state of '%s', a task of this plan: give it in the "
                     "task's 'state:'"),
                p->orphans[i].id);
}

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
    R_KEYS
};
static const char *const root_keys[R_KEYS] = {
    "kehoach", "plan", "units", "aims", "contents", "organization", "rights", "orphans", "history"};

static void convert_version(loader *L, const ynode *n)
{
    L->seen_version = true;
    if (n->type == YN_SCALAR && !strcmp(n->str, "1")) return;
    if (n->type == YN_SCALAR && n->plain && strspn(n->str, "0123456789") == n->len && n->len)
        err(L, n->line, n->col,
            L_TR(L, "tệp dùng định dạng phiên bản %s; bản kehoach này đọc phiên bản 1",
                 "the file uses format version %s; this kehoach reads version 1"),
            n->str);
    else
        err(L, n->line, n->col,
            L_TR(L, "'kehoach' phải là số phiên bản định dạng: kehoach: 1",
                 "'kehoach' must be the format version: kehoach: 1"));
}

static void read_root(loader *L)
{
    int line, col;
    ynode_type t = yr_begin(L->r, &line, &col);
    if (yr_failed(L->r)) return;
    if (t == YN_NONE) {
        err(L, 1, 1,
            L_TR(L, "tệp trống: không có kế hoạch nào",
                 "the file is empty: there is no plan in it"));
        return;
    }
    if (t != YN_MAP) {
        ynode *n = yr_read(L->r, &L->scratch);
        if (n && is_empty(n))
            err(L, line, col,
                L_TR(L, "tài liệu trống: không có kế hoạch nào",
                     "the document is empty: there is no plan in it"));
        else if (n)
            err(L, line, col,
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
        int k = key_index(L, &key, L_TR(L, "kế hoạch", "the plan"), root_keys, R_KEYS, seen);
        if (k == R_CONTENTS) {
            stream_tasks(L, "contents", 2, -1);
        } else if (k == R_ORGANIZATION) {
            convert_organization(L);
        } else if (k < 0) {
            yr_skip(L->r);
        } else {
            ynode *n = yr_read(L->r, &L->scratch);
            /* Orphans and history are data: escapes allowed. */
            if (n && k != R_ORPHANS && k != R_HISTORY && !no_refused(L, n, NULL)) return;
            if (n) switch (k) {
                case R_VERSION: convert_version(L, n); break;
                case R_PLAN: convert_plan(L, n); break;
                case R_UNITS:
                    L->seen_units = true;
                    convert_units(L, n);
                    break;
                case R_AIMS: L->plan->aims = text_list(L, n, "aims", &L->plan->naims); break;
                case R_RIGHTS: convert_rights(L, n); break;
                case R_ORPHANS: convert_orphans(L, n); break;
                case R_HISTORY: convert_history(L, n); break;
                default: break;
                }
        }
        arena_done(&L->scratch);
        if (yr_failed(L->r) || L->stopped) return;
    }
    if (rc == 0) yr_finish(L->r);
    if (yr_failed(L->r)) return;
    if (!L->seen_version)
        err(L, 1, 1,
            L_TR(L, "thiếu dòng 'kehoach: 1' cho biết phiên bản định dạng",
                 "missing the line 'kehoach: 1' that gives the format version"));
    if (!L->seen_plan) missing_key(L, 1, 1, "plan", L_TR(L, "kế hoạch", "the plan"));
    if (!L->seen_units) missing_key(L, 1, 1, "units", L_TR(L, "kế hoạch", "the plan"));
    if (L->ntasks == 0 && L->diags->n == 0)
        err(L, 1, 1,
            L_TR(L, "kế hoạch không có nhiệm vụ nào (contents hoặc organization)",
                 "the plan has no tasks (contents or organization)"));
}

/* ---- putting it together ---- */

static const loader *sort_loader; /* qsort has no context argument in C11 */

static int cmp_unit_index(const void *a, const void *b)
{
    uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
    int c = strcmp(sort_loader->units[x].id, sort_loader->units[y].id);
    return c ? c : (x < y ? -1 : x > y);
}

static int cmp_task_index(const void *a, const void *b)
{
    int c = strcmp(sort_loader->tasks[*(const uint32_t *)a].id,
                   sort_loader->tasks[*(const uint32_t *)b].id);
    if (c) return c;
    return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

/* Resolve every reference to a unit; false when the unit ids are not
 * unique, and then nothing refers to a unit yet. */
static bool resolve_units(loader *L)
{
    size_t n = L->nunits;
    uint16_t *order = xreallocarray(NULL, n ? n : 1, sizeof *order);
    const char **ids = xreallocarray(NULL, n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) order[i] = (uint16_t)i;
    sort_loader = L;
    qsort(order, n, sizeof *order, cmp_unit_index);
    for (size_t i = 0; i < n; i++) ids[i] = L->units[i].id;
    /* The same id twice: each repeat names the first (in file order); what
     * refers to the units waits till that is mended. */
    size_t errors = L->diags->n;
    for (size_t i = 1, first = 0; i < n; i++) {
        if (strcmp(L->units[order[first]].id, L->units[order[i]].id) != 0) {
            first = i;
            continue;
        }
        err(L, L->unit_line[order[i]], L->unit_col[order[i]],
            L_TR(L, "mã đơn vị '%s' bị trùng (đã dùng ở dòng %d)",
                 "unit id '%s' is used twice (first at line %d)"),
            L->units[order[i]].id, L->unit_line[order[first]]);
    }
    if (L->diags->n > errors) {
        free(order);
        free(ids);
        return false;
    }
    for (size_t i = 0; i < L->nurefs; i++) {
        unit_ref *u = &L->urefs[i];
        size_t lo = 0, hi = n;
        long found = -1;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int c = strcmp(L->units[order[mid]].id, u->id);
            if (!c) {
                found = order[mid];
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (found >= 0) {
            *u->slot = (uint16_t)found;
            continue;
        }
        *u->slot = 0;
        /* Past the last message shown, a suggestion is wasted work. */
        if (L->diags->n >= PLAN_MAX_ERRORS) continue;
        const char *near = nearest(u->id, ids, n);
        if (near)
            err(L, u->line, u->col,
                L_TR(L, "không có đơn vị '%s' trong 'units'; có phải là '%s'?",
                     "no unit '%s' in 'units'; did you mean '%s'?"),
                u->id, near);
        else
            err(L, u->line, u->col,
                L_TR(L, "không có đơn vị '%s' trong 'units'", "no unit '%s' in 'units'"), u->id);
    }
    free(order);
    free(ids);
    for (size_t i = 0; i < L->nduties; i++) L->duties[i].unit = *L->duty_unit[i];
    for (size_t i = 0; i < L->ndleads; i++) *L->dleads[i].slot = L->duties[L->dleads[i].duty].unit;
    return true;
}

/* Check ids are unique; return the task indexes sorted by id. */
static uint32_t *check_task_ids(loader *L)
{
    uint32_t *order = xreallocarray(NULL, L->ntasks ? L->ntasks : 1, sizeof *order);
    for (size_t i = 0; i < L->ntasks; i++) order[i] = (uint32_t)i;
    sort_loader = L;
    qsort(order, L->ntasks, sizeof *order, cmp_task_index);
    size_t first = 0; /* the first of a run of equal ids (order keeps file order) */
    for (size_t i = 1; i < L->ntasks; i++) {
        const kh_task *a = &L->tasks[order[first]], *b = &L->tasks[order[i]];
        if (strcmp(a->id, b->id) != 0) {
            first = i;
            continue;
        }
        err(L, L->task_line[order[i] * 2], L->task_line[order[i] * 2 + 1],
            L_TR(L, "mã nhiệm vụ '%s' bị trùng (đã dùng ở dòng %d)",
                 "task id '%s' is used twice (first at line %d)"),
            b->id, L->task_line[order[first] * 2]);
    }
    return order;
}

/* Section III names the section II items a unit carries out: put the unit
 * on those tasks, as a supporting unit when it does not lead them. */
typedef struct {
    uint32_t task;
    uint16_t unit;
} support_add;

static int cmp_support_add(const void *a, const void *b)
{
    const support_add *x = a, *y = b;
    if (x->task != y->task) return x->task < y->task ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* Section III names the section II items a unit carries out: put the unit
 * on those tasks, as a supporting unit when it does not lead or support them
 * already. Linear in the references, whatever their number. */
static void resolve_items(loader *L, const uint32_t *order)
{
    long *found = xreallocarray(NULL, L->nirefs + 1, sizeof *found);
    uint32_t *count = xcalloc(L->nduties + 1, sizeof *count);
    for (size_t i = 0; i < L->nirefs; i++) {
        item_ref *ir = &L->irefs[i];
        size_t lo = 0, hi = L->ntasks;
        found[i] = -1;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int c = strcmp(L->tasks[order[mid]].id, ir->id);
            if (!c) {
                found[i] = order[mid];
                break;
            }
            if (c < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (found[i] < 0)
            err(L, ir->line, ir->col,
                L_TR(L, "không có nhiệm vụ '%s' trong kế hoạch", "no task '%s' in the plan"),
                ir->id);
        else
            count[ir->duty]++;
    }
    for (size_t d = 0; d < L->nduties; d++) {
        L->duties[d].items = arena_alloc(&L->plan->mem, (count[d] + 1) * sizeof(uint32_t));
        L->duties[d].nitems = 0;
    }
    /* An item named twice in one duty is a slip worth telling. */
    bool *seen = xcalloc(L->ntasks + 1, sizeof *seen);
    support_add *adds = xreallocarray(NULL, L->nirefs + 1, sizeof *adds);
    size_t nadds = 0;
    for (size_t i = 0; i < L->nirefs; i++) {
        if (found[i] < 0) continue;
        item_ref *ir = &L->irefs[i];
        kh_duty *d = &L->duties[ir->duty];
        if (i > 0 && L->irefs[i - 1].duty != ir->duty) {
            /* A new duty: forget the last one's items. */
            const kh_duty *prev = &L->duties[L->irefs[i - 1].duty];
            for (uint32_t k = 0; k < prev->nitems; k++) seen[prev->items[k]] = false;
        }
        if (seen[found[i]]) {
            err(L, ir->line, ir->col,
                L_TR(L, "khoản '%s' được ghi hai lần trong 'items'",
                     "item '%s' is named twice in 'items'"),
                ir->id);
            continue;
        }
        seen[found[i]] = true;
        d->items[d->nitems++] = (uint32_t)found[i];
        adds[nadds++] = (support_add){(uint32_t)found[i], d->unit};
    }
    /* Add the units, task by task: mark the units a task has, add the rest. */
    qsort(adds, nadds, sizeof *adds, cmp_support_add);
    bool *has = xcalloc(L->nunits + 1, sizeof *has);
    for (size_t i = 0; i < nadds;) {
        size_t j = i;
        while (j < nadds && adds[j].task == adds[i].task) j++;
        kh_task *t = &L->tasks[adds[i].task];
        for (size_t k = 0; k < t->nlead; k++) has[t->lead[k]] = true;
        for (size_t k = 0; k < t->nsupport; k++) has[t->support[k]] = true;
        size_t extra = 0;
        for (size_t k = i; k < j; k++)
            if (!has[adds[k].unit]) has[adds[k].unit] = true, extra++;
        if (extra) {
            uint16_t *support =
                arena_alloc(&L->plan->mem, (t->nsupport + extra + 1) * sizeof *support);
            if (t->nsupport) memcpy(support, t->support, t->nsupport * sizeof *support);
            size_t n = t->nsupport;
            for (size_t k = 0; k < t->nlead; k++) has[t->lead[k]] = false;
            for (size_t k = 0; k < t->nsupport; k++) has[t->support[k]] = false;
            for (size_t k = i; k < j; k++) {
                if (!has[adds[k].unit]) continue;
                has[adds[k].unit] = false; /* taken; a repeat is skipped */
                support[n++] = adds[k].unit;
            }
            t->support = support;
            t->nsupport = (uint16_t)n;
        }
        for (size_t k = 0; k < t->nlead; k++) has[t->lead[k]] = false;
        for (size_t k = 0; k < t->nsupport; k++) has[t->support[k]] = false;
        for (size_t k = i; k < j; k++) has[adds[k].unit] = false;
        i = j;
    }
    free(has);
    free(adds);
    free(seen);
    free(count);
    free(found);
}

static void compute_folds(loader *L)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < L->nunits; i++) {
        sb_reset(&sb);
        sb_printf(&sb, "%s\n%s\n%s", L->units[i].id, L->units[i].name, L->units[i].short_name);
        char *f = text_fold(sb_str(&sb));
        L->units[i].fold = keep(L, f ? f : "");
        free(f);
    }
    for (size_t i = 0; i < L->ntasks; i++) {
        kh_task *t = &L->tasks[i];
        sb_reset(&sb);
        if (t->title != t->text) sb_printf(&sb, "%s\n", t->title);
        sb_puts(&sb, t->text);
        char *f = text_fold(sb_str(&sb));
        t->fold = keep(L, f ? f : "");
        free(f);
    }
    sb_done(&sb);
}

typedef struct {
    loader *L;
    const periodic *pd; /* the periodic task being expanded */
    const kh_task *tmpl;
    kh_every every;
    kh_task *out;
    size_t n, cap;
} expand_ctx;

static void add_occurrence(void *vctx, int year, int number, kh_date due)
{
    expand_ctx *x = vctx;
    char tag[32];
    switch (x->every) {
    case EVERY_MONTH: snprintf(tag, sizeof tag, "%d-%02d", year, number); break;
    case EVERY_QUARTER: snprintf(tag, sizeof tag, "%d-Q%d", year, number); break;
    case EVERY_HALF_YEAR: snprintf(tag, sizeof tag, "%d-H%d", year, number); break;
    case EVERY_NINE_MONTHS: snprintf(tag, sizeof tag, "%d-9M", year); break;
    case EVERY_YEAR:
    case EVERY_COUNT:
    default: snprintf(tag, sizeof tag, "%d", year); break;
    }
    KH_GROW(x->out, x->n, x->cap);
    kh_task *t = &x->out[x->n++];
    *t = *x->tmpl;
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "%s/%s", x->tmpl->id, tag);
    t->id = keep(x->L, sb_str(&sb));
    sb_done(&sb);
    t->every = (uint8_t)x->every;
    t->occ = (uint8_t)number;
    t->occ_year = (int16_t)year;
    t->due = due;
    t->base = NULL;
    for (size_t i = 0; i < x->pd->nstates; i++) {
        tagged_state *ts = &x->L->tagged[x->pd->first_state + i];
        if (strcmp(ts->tag, tag) != 0) continue;
        t->base = ts->base;
        ts->used = true;
    }
}

static int cmp_occurrence(const void *a, const void *b)
{
    const kh_task *x = a, *y = b;
    if (x->due != y->due) return x->due < y->due ? -1 : 1;
    return x->every < y->every ? -1 : x->every > y->every;
}

/* Replace each periodic duty by its occurrences, and give continuous and
 * end-of-period work the plan's last day as deadline. */
static void expand(loader *L)
{
    kh_plan *p = L->plan;
    expand_ctx x = {L, NULL, NULL, EVERY_MONTH, NULL, 0, 0};
    size_t next_periodic = 0;
    size_t *new_index = xreallocarray(NULL, L->ntasks + 1, sizeof *new_index);
    for (size_t i = 0; i < L->ntasks; i++) {
        kh_task *t = &L->tasks[i];
        new_index[i] = x.n;
        if (t->dl_kind == DL_CONTINUOUS || t->dl_kind == DL_PERIOD_END) t->due = p->to;
        if (t->dl_kind != DL_PERIODIC) {
            KH_GROW(x.out, x.n, x.cap);
            x.out[x.n++] = *t;
            continue;
        }
        const periodic *pd = &L->periodics[next_periodic++];
        size_t first = x.n;
        /* At most 12 + 4 + 1 + 1 + 1 periods a year: refuse before making
         * more tasks than a plan may have. */
        int y0, y1, m, d;
        date_to_ymd(p->from, &y0, &m, &d);
        date_to_ymd(p->to, &y1, &m, &d);
        size_t bound = (size_t)(y1 - y0 + 1) * 19;
        if (x.n + bound + (L->ntasks - i) > PLAN_MAX_TASKS) {
            err(L, L->task_line[i * 2], L->task_line[i * 2 + 1],
                L_TR(L,
                     "nhiệm vụ định kỳ '%s' tạo ra quá nhiều kỳ (tối đa %d nhiệm vụ cả kế hoạch)",
                     "periodic task '%s' makes too many periods (a plan has at most %d tasks)"),
                t->id, PLAN_MAX_TASKS);
            break;
        }
        x.tmpl = t;
        x.pd = pd;
        for (int e = 0; e < EVERY_COUNT; e++) {
            if (!(pd->every_mask & (1u << e))) continue;
            x.every = (kh_every)e;
            model_occurrences((kh_every)e, pd->day, p->from, p->to, add_occurrence, &x);
        }
        if (x.n == first)
            err(L, L->task_line[i * 2], L->task_line[i * 2 + 1],
                L_TR(L, "nhiệm vụ định kỳ '%s' không có kỳ nào nằm trong kỳ kế hoạch",
                     "periodic task '%s' has no period within the plan period"),
                t->id);
        qsort(x.out + first, x.n - first, sizeof *x.out, cmp_occurrence);
        for (size_t k = 0; k < pd->nstates; k++) {
            const tagged_state *ts = &L->tagged[pd->first_state + k];
            if (ts->used) continue;
            err(L, ts->line, ts->col,
                L_TR(L, "nhiệm vụ định kỳ '%s' không có kỳ '%s' trong kỳ kế hoạch",
                     "periodic task '%s' has no period '%s' within the plan period"),
                t->id, ts->tag);
        }
    }
    new_index[L->ntasks] = x.n;
    for (size_t i = 0; i < L->nduties; i++) {
        kh_duty *d = &L->duties[i];
        size_t end = d->first_task + d->ntasks;
        d->first_task = (uint32_t)new_index[d->first_task];
        d->ntasks = (uint32_t)(new_index[end] - d->first_task);
        for (size_t k = 0; k < d->nitems; k++) d->items[k] = (uint32_t)new_index[d->items[k]];
    }
    free(new_index);
    free(L->tasks);
    L->tasks = x.out;
    L->ntasks = x.n;
    L->captasks = x.cap;
}

static void finish(loader *L)
{
    kh_plan *p = L->plan;
    bool units = resolve_units(L);
    if (!L->diags->n) resolve_rights(L);
    uint32_t *order = check_task_ids(L);
    /* Items put units on tasks: only once every unit reference is known. */
    if (units) resolve_items(L, order);
    free(order);
    if (L->diags->n) return;
    compute_folds(L);
    expand(L);
    if (L->diags->n) return;

    p->units = arena_alloc(&p->mem, (L->nunits ? L->nunits : 1) * sizeof *p->units);
    memcpy(p->units, L->units, L->nunits * sizeof *p->units);
    p->nunits = L->nunits;
    p->duties = arena_alloc(&p->mem, (L->nduties ? L->nduties : 1) * sizeof *p->duties);
    if (L->nduties) memcpy(p->duties, L->duties, L->nduties * sizeof *p->duties);
    p->nduties = L->nduties;
    p->documents = arena_alloc(&p->mem, (L->ndocs ? L->ndocs : 1) * sizeof *p->documents);
    if (L->ndocs) memcpy(p->documents, L->docs, L->ndocs * sizeof *p->documents);
    p->ndocuments = L->ndocs;
    if (L->nrights) {
        kh_right *rights = arena_alloc(&p->mem, L->nrights * sizeof *rights);
        memcpy(rights, L->rights, L->nrights * sizeof *rights);
        p->rights = rights;
        p->nrights = L->nrights;
    }
    p->tasks = L->tasks;
    p->ntasks = L->ntasks;
    L->tasks = NULL;
    for (size_t i = 0; i < p->ntasks; i++) {
        model_task_reset_state(&p->tasks[i]);
    }
    model_index(p);
    check_orphans(L);
}

static void loader_done(loader *L)
{
    arena_done(&L->scratch);
    free(L->tasks);
    free(L->task_line);
    free(L->units);
    free(L->unit_line);
    free(L->unit_col);
    free(L->duties);
    free(L->duty_unit);
    free(L->docs);
    free(L->urefs);
    free(L->irefs);
    free(L->dleads);
    free(L->periodics);
    free(L->tagged);
    free(L->rights);
    free(L->right_unit);
    free(L->right_line);
}

/* Problems libyaml would report badly or not at all. */
static bool check_bytes(const char *buf, size_t len, kh_lang lang, kh_diags *diags)
{
    if (len >= 2 &&
        (((unsigned char)buf[0] == 0xff && (unsigned char)buf[1] == 0xfe) ||
         ((unsigned char)buf[0] == 0xfe && (unsigned char)buf[1] == 0xff) || (!buf[0] && !buf[1]) ||
         (len >= 4 && buf[0] && !buf[1] && !buf[2] && !buf[3]) || (buf[0] && !buf[1]) ||
         (!buf[0] && buf[1]))) {
        diags_add(diags, 1, 1, "%s",
                  TR(lang, "tệp được mã hóa UTF-16 hoặc UTF-32; hãy lưu lại dưới dạng UTF-8",
                     "the file is encoded in UTF-16 or UTF-32; save it as UTF-8"));
        return false;
    }
    const char *nul = memchr(buf, '\0', len);
    size_t bad;
    bool valid = text_valid_utf8(buf, nul ? (size_t)(nul - buf) : len, &bad);
    int line, col;
    if (!valid) {
        yr_locate(buf, bad, &line, &col);
        diags_add(diags, line, col,
                  TR(lang, "byte 0x%02X không hợp lệ trong UTF-8; hãy lưu tệp dưới dạng UTF-8",
                     "byte 0x%02X is not valid UTF-8; save the file as UTF-8"),
                  (unsigned char)buf[bad]);
        return false;
    }
    if (nul) {
        yr_locate(buf, (size_t)(nul - buf), &line, &col);
        diags_add(diags, line, col, "%s",
                  TR(lang, "tệp chứa byte NUL (0x00); đây không phải tệp văn bản",
                     "the file contains a NUL byte (0x00); it is not a text file"));
        return false;
    }
    /* YAML counts U+0085, U+2028 and U+2029 as line breaks and editors do
     * not, so every later line number would be off: refuse them. */
    for (size_t i = 0; i + 1 < len; i++) {
        unsigned char a = (unsigned char)buf[i], b = (unsigned char)buf[i + 1];
        bool nel = a == 0xc2 && b == 0x85;
        bool sep = a == 0xe2 && b == 0x80 && i + 2 < len &&
                   ((unsigned char)buf[i + 2] == 0xa8 || (unsigned char)buf[i + 2] == 0xa9);
        if (!nel && !sep) continue;
        yr_locate(buf, i, &line, &col);
        diags_add(diags, line, col,
                  TR(lang,
                     "ký tự ngắt dòng đặc biệt U+%04X (thường do chép từ Word); hãy thay bằng "
                     "xuống dòng thường hoặc dấu cách",
                     "the special line break U+%04X (often pasted from Word); replace it with an "
                     "ordinary line break or a space"),
                  nel                                 ? 0x85u
                  : (unsigned char)buf[i + 2] == 0xa8 ? 0x2028u
                                                      : 0x2029u);
        return false;
    }
    return true;
}

kh_errcode plan_load_buffer(const char *path, const char *buf, size_t len, kh_lang lang,
                            kh_plan **out, kh_diags *diags)
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
    if (!check_bytes(buf, len, lang, diags)) return KH_E_PLAN;

    loader L;
    memset(&L, 0, sizeof L);
    L.lang = lang;
    L.diags = diags;
    L.plan = xcalloc(1, sizeof *L.plan);
    L.plan->path = xstrdup(path);
    L.r = yr_new(buf, len, lang, diags);
    if (!L.r) {
        diags_add(diags, 0, 0, "%s", TR(lang, "hết bộ nhớ", "out of memory"));
        model_free(L.plan);
        return KH_E_PLAN;
    }
    read_root(&L);
    if (diags->n == errors_before) finish(&L);
    yr_free(L.r);
    loader_done(&L);
    if (diags->n > errors_before) {
        model_free(L.plan);
        return KH_E_PLAN;
    }
    *out = L.plan;
    return KH_E_OK;
}

/* The reason a file could not be opened, in the UI language. */
static const char *errno_words(int e, kh_lang lang)
{
    switch (e) {
    case ENOENT: return TR(lang, "không có tệp này", "no such file");
    case EACCES:
    case EPERM: return TR(lang, "không có quyền đọc", "permission denied");
    case ENOTDIR:
        return TR(lang, "một phần của đường dẫn không phải thư mục",
                  "a part of the path is not a folder");
    case ELOOP: return TR(lang, "quá nhiều liên kết tượng trưng", "too many symbolic links");
    case ENAMETOOLONG: return TR(lang, "đường dẫn quá dài", "the path is too long");
    default: return strerror(e);
    }
}

/* For a file the user may not read, append who may: the group and mode of
 * the file, or of the nearest folder above it that can be looked at (a
 * shared folder of mode 2770 hides what is in it). */
static void perm_hint(strbuf *sb, const char *path, kh_lang lang)
{
    char *p = xstrdup(path);
    struct stat st;
    bool found = stat(p, &st) == 0;
    while (!found) {
        char *slash = strrchr(p, '/');
        if (!slash) {
            strcpy(p, ".");
        } else if (slash == p) {
            p[1] = '\0';
        } else {
            *slash = '\0';
        }
        found = stat(p, &st) == 0;
        if (!slash || slash == p) break;
    }
    if (found) {
        struct group *g = getgrgid(st.st_gid);
        char gid[24];
        snprintf(gid, sizeof gid, "%u", (unsigned)st.st_gid);
        sb_printf(sb,
                  TR(lang,
                     " (%s: nhóm %s, quyền %04o; hãy nhờ quản trị thêm tài khoản của bạn vào "
                     "nhóm %s)",
                     " (%s: group %s, mode %04o; ask the administrator to add your account to "
                     "the group %s)"),
                  p, g ? g->gr_name : gid, (unsigned)(st.st_mode & 07777), g ? g->gr_name : gid);
    }
    free(p);
}

kh_errcode plan_read_file(const char *path, kh_lang lang, char **buf_out, size_t *len_out,
                          kh_diags *diags)
{
    *buf_out = NULL;
    *len_out = 0;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        strbuf hint = STRBUF_INIT;
        if (e == EACCES || e == EPERM) perm_hint(&hint, path, lang);
        diags_add(diags, 0, 0, TR(lang, "không mở được tệp: %s%s", "cannot open the file: %s%s"),
                  errno_words(e, lang), sb_str(&hint));
        sb_done(&hint);
        return KH_E_IO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const char *what = S_ISDIR(st.st_mode)    ? TR(lang, "một thư mục", "a directory")
                           : S_ISFIFO(st.st_mode) ? TR(lang, "một FIFO (ống)", "a FIFO")
                           : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
                               ? TR(lang, "một thiết bị", "a device")
                               : TR(lang, "tệp đặc biệt", "a special file");
        diags_add(diags, 0, 0,
                  TR(lang, "không phải tệp kế hoạch thông thường: đây là %s",
                     "not a regular plan file: it is %s"),
                  what);
        close(fd);
        return KH_E_IO;
    }
    if (st.st_size > PLAN_MAX_BYTES) {
        diags_add(diags, 0, 0,
                  TR(lang, "tệp quá lớn (%lld byte; tối đa %d MiB)",
                     "the file is too large (%lld bytes; at most %d MiB)"),
                  (long long)st.st_size, PLAN_MAX_BYTES / (1024 * 1024));
        close(fd);
        return KH_E_PLAN;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        ssize_t k = read(fd, buf + len, cap - len);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0 && errno == EAGAIN) continue;
        if (k < 0) {
            diags_add(diags, 0, 0, TR(lang, "lỗi khi đọc tệp: %s", "error reading the file: %s"),
                      strerror(errno));
            free(buf);
            close(fd);
            return KH_E_IO;
        }
        if (k == 0) break;
        len += (size_t)k;
        if (len == cap) {
            /* It grew while we read; take at most the limit and one byte more. */
            if (cap > PLAN_MAX_BYTES) break;
            cap = cap * 2 > (size_t)PLAN_MAX_BYTES + 1 ? (size_t)PLAN_MAX_BYTES + 1 : cap * 2;
            buf = xreallocarray(buf, cap, 1);
        }
    }
    close(fd);
    *buf_out = buf;
    *len_out = len;
    return KH_E_OK;
}

kh_errcode plan_load(const char *path, kh_lang lang, kh_plan **out, kh_diags *diags)
{
    *out = NULL;
    char *buf;
    size_t len;
    kh_errcode rc = plan_read_file(path, lang, &buf, &len, diags);
    if (rc) return rc;
    rc = plan_load_buffer(path, buf, len, lang, out, diags);
    free(buf);
    return rc;
}
