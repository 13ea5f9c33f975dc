/* Measurable targets (chỉ tiêu) in the aims: "Tỷ lệ hồ sơ ... trực tuyến:
 * đạt 80% vào năm 2025, 100% vào năm 2030", "100% thủ tục hành chính ...",
 * "ít nhất 80% hộ gia đình ...". Read on the folded text (no case, no
 * diacritics); the text kept is the document's own. */
#include <stdio.h>
#include <string.h>

#include "import_int.h"

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The year of "nam YYYY" at f+i (2000-2100), or 0. */
static int year_at(const char *f, size_t i)
{
    if (strncmp(f + i, "nam ", 4) != 0) return 0;
    const char *p = f + i + 4;
    if (!digit(p[0]) || !digit(p[1]) || !digit(p[2]) || !digit(p[3]) || digit(p[4])) return 0;
    int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
    return y >= 2000 && y <= 2100 ? y : 0;
}

/* A value ending just before f+end (spaces skipped): "80%", "12,5%", "20",
 * or a word saying it is reached. Fill buf ("80", "yes"); *pct tells a
 * percentage. Return true when found. */
static bool value_before(const char *f, size_t end, char *buf, size_t cap, bool *pct)
{
    size_t e = end;
    while (e && f[e - 1] == ' ') e--;
    *pct = false;
    static const char *const yes[] = {"hoan thanh", "dat", "co"};
    for (size_t k = 0; k < KH_ARRAY_LEN(yes); k++) {
        size_t n = strlen(yes[k]);
        if (e >= n && !strncmp(f + e - n, yes[k], n) && (e == n || f[e - n - 1] == ' ')) {
            snprintf(buf, cap, "yes");
            return true;
        }
    }
    if (e && f[e - 1] == '%') {
        *pct = true;
        e--;
    }
    size_t s = e;
    while (s && (digit(f[s - 1]) || ((f[s - 1] == ',' || f[s - 1] == '.') && s >= 2 &&
                                     digit(f[s - 2]) && digit(f[s]))))
        s--;
    if (s == e || !digit(f[s]) || e - s >= cap) return false;
    if (s && (f[s - 1] != ' ' && f[s - 1] != ':' && f[s - 1] != '(')) return false;
    memcpy(buf, f + s, e - s);
    buf[e - s] = '\0';
    return true;
}

/* A value at f+i (after "đến năm 2025: "): "80%", "20". */
static bool value_after(const char *f, size_t i, char *buf, size_t cap, bool *pct)
{
    while (f[i] == ' ' || f[i] == ':' || f[i] == ',') i++;
    if (!strncmp(f + i, "dat ", 4)) i += 4;
    size_t s = i;
    while (digit(f[i]) || ((f[i] == ',' || f[i] == '.') && digit(f[i + 1]) && i > s)) i++;
    if (i == s || i - s >= cap) return false;
    *pct = f[i] == '%';
    memcpy(buf, f + s, i - s);
    buf[i - s] = '\0';
    return true;
}

static const char *const connectors[] = {"vao", "den het", "den cuoi", "den", "trong"};

/* The connector word ending at f+end ("vào", "đến"), or 0. */
static size_t connector_before(const char *f, size_t end)
{
    size_t e = end;
    while (e && f[e - 1] == ' ') e--;
    for (size_t k = 0; k < KH_ARRAY_LEN(connectors); k++) {
        size_t n = strlen(connectors[k]);
        if (e >= n && !strncmp(f + e - n, connectors[k], n) && (e == n || f[e - n - 1] == ' '))
            return end - (e - n);
    }
    return 0;
}

/* Return true when v is a value the measure takes: a share 0 to 100, a
 * whole number, or "yes". */
static bool value_ok(const char *v, bool pct)
{
    if (!strcmp(v, "yes")) return true;
    double x = 0, scale = 0;
    for (const char *p = v; *p; p++) {
        if (*p == ',' || *p == '.') {
            if (!pct || scale) return false; /* a count is whole */
            scale = 1;
            continue;
        }
        if (!digit(*p)) return false;
        if (scale)
            x += (*p - '0') / (scale *= 10);
        else
            x = x * 10 + (*p - '0');
        if (x > 1e9) return false;
    }
    return !pct || x <= 100;
}

static bool add_goal(imp_draft *d, imp_target *t, int year, const char *v)
{
    if (t->ngoals >= IMP_MAX_GOALS || year < 2000 || year > 2100) return false;
    if (t->ngoals && t->years[t->ngoals - 1] >= year) return false;
    t->years[t->ngoals] = year;
    t->values[t->ngoals++] = imp_str(d, v);
    return true;
}

/* A percentage opening the text: "100% ...", "ít nhất 80% ...". */
static bool leading_percent(const char *f, char *buf, size_t cap)
{
    static const char *const lead[] = {"it nhat ", "toi thieu ", "phan dau ", "tren ", "dat "};
    for (size_t k = 0; k < KH_ARRAY_LEN(lead); k++)
        if (!strncmp(f, lead[k], strlen(lead[k]))) f += strlen(lead[k]);
    size_t i = 0;
    while (digit(f[i]) || ((f[i] == ',' || f[i] == '.') && i && digit(f[i + 1]))) i++;
    if (!i || f[i] != '%' || i >= cap) return false;
    memcpy(buf, f, i);
    buf[i] = '\0';
    return true;
}

bool imp_target_line(imp_ctx *c, const char *text, const char *fold, doc_pos at, int year)
{
    imp_draft *d = c->d;
    kh_lang lang = c->lang;
    imp_target t;
    memset(&t, 0, sizeof t);
    bool any_pct = false, any_yes = false, any_num = false;
    size_t first = 0;
    char v[32];
    bool pct;
    size_t n = strlen(fold);
    if (n > 2000) return false;
    for (size_t i = 0; i < n; i++) {
        if (i && fold[i - 1] != ' ') continue;
        int y = year_at(fold, i);
        if (!y) continue;
        bool got = false;
        size_t conn = connector_before(fold, i);
        if (conn && value_before(fold, i - conn, v, sizeof v, &pct))
            got = true;
        else if (conn && value_after(fold, i + 8, v, sizeof v, &pct))
            got = true;
        if (!got) continue;
        if (!value_ok(v, pct) || !add_goal(d, &t, y, v)) return false;
        if (!strcmp(v, "yes"))
            any_yes = true;
        else if (pct)
            any_pct = true;
        else
            any_num = true;
        if (t.ngoals == 1) first = i;
    }
    bool inferred = false;
    if (!t.ngoals) {
        if (!leading_percent(fold, v, sizeof v) || !value_ok(v, true)) return false;
        /* "100% ... (đến năm 2025)": the year the line names, else a guess. */
        int y = 0;
        for (size_t i = 0; i < n && !y; i++)
            if (!i || fold[i - 1] == ' ' || fold[i - 1] == '(') y = year_at(fold, i);
        inferred = !y;
        if (!y) y = year;
        if (!y) {
            int m, dd;
            date_to_ymd(d->to, &y, &m, &dd);
        }
        if (!add_goal(d, &t, y, v)) return false; /* a period past 2100: no horizon */
        any_pct = true;
    }
    if (any_yes && (any_pct || any_num)) return false;
    t.measure = any_yes ? IMP_MEASURE_YESNO : any_pct ? IMP_MEASURE_PERCENT : IMP_MEASURE_COUNT;
    /* "Tỷ lệ ...: đạt 80% ...": the text is what comes before the colon. */
    const char *colon = strchr(fold, ':');
    const char *tcolon = strchr(text, ':');
    const char *body;
    if (!inferred && colon && tcolon && (size_t)(colon - fold) < first)
        body = imp_strn(d, text, (size_t)(tcolon - text));
    else
        body = imp_str(d, text);
    body = imp_trim_end(d, body, " .;");
    if (!*body) return false;
    t.text = body;
    char id[16];
    snprintf(id, sizeof id, "CT%zu", d->ntargets + 1);
    t.id = imp_str(d, id);
    t.why = imp_why_at(
        inferred ? IMP_GUESS : IMP_SOURCE, at,
        inferred ? imp_note(c,
                            TR(lang, "chỉ tiêu không ghi năm phải đạt; tạm lấy năm %d (%s)",
                               "the target names no year to reach it by; %d for now (%s)"),
                            t.years[0],
                            year ? TR(lang, "theo tiêu đề nhóm", "from its group's heading")
                                 : TR(lang, "cuối kỳ kế hoạch", "the end of the plan period"))
                 : NULL);
    KH_GROW(d->targets, d->ntargets, d->cap_targets);
    d->targets[d->ntargets++] = t;
    return true;
}
