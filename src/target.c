/* Targets (chỉ tiêu): measures, values, and where a target stands against
 * the horizon in effect. Pure functions; no I/O. */
#include "kehoach/target.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/model.h"
#include "kehoach/text.h"

static const char *const measure_codes[MEASURE_KINDS] = {"percent", "count", "yesno"};

const char *target_measure_code(kh_measure m)
{
    return (unsigned)m < MEASURE_KINDS ? measure_codes[m] : "?";
}

const char *target_measure_name(kh_measure m, kh_lang lang)
{
    switch (m) {
    case MEASURE_PERCENT: return TR(lang, "tỉ lệ %", "percent");
    case MEASURE_COUNT: return TR(lang, "số lượng", "count");
    case MEASURE_YESNO: return TR(lang, "có/không", "yes/no");
    default: return "?";
    }
}

int target_measure_parse(const char *s)
{
    for (int i = 0; s && i < MEASURE_KINDS; i++)
        if (!strcmp(s, measure_codes[i])) return i;
    return -1;
}

/* Words for yes and no, folded (no case, no diacritics). */
static const char *const yes_words[] = {"yes", "y", "true", "1", "co", "dat", "da dat", "x"};
static const char *const no_words[] = {"no", "n", "false", "0", "khong", "chua", "chua dat"};

static bool in_words(const char *folded, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(folded, words[i])) return true;
    return false;
}

bool target_value_parse(kh_measure m, const char *s, double *out)
{
    if (!s) return false;
    while (*s == ' ') s++;
    if (m == MEASURE_YESNO) {
        char *f = text_fold(s);
        size_t n = strlen(f);
        while (n && f[n - 1] == ' ') f[--n] = '\0';
        bool yes = in_words(f, yes_words, KH_ARRAY_LEN(yes_words));
        bool no = in_words(f, no_words, KH_ARRAY_LEN(no_words));
        free(f);
        if (yes) *out = 1;
        if (no) *out = 0;
        return yes || no;
    }
    /* Digits, one decimal point (or a comma, as Vietnamese writes it). */
    char buf[32];
    size_t n = 0, digits = 0, points = 0;
    for (const char *p = s; *p && *p != '%' && *p != ' '; p++) {
        if (n + 1 >= sizeof buf) return false;
        char c = *p == ',' ? '.' : *p;
        if (c == '.')
            points++;
        else if (c >= '0' && c <= '9')
            digits++;
        else
            return false;
        buf[n++] = c;
    }
    buf[n] = '\0';
    const char *rest = s + n;
    while (*rest == ' ') rest++;
    if (*rest == '%') {
        if (m != MEASURE_PERCENT) return false;
        rest++;
    }
    while (*rest == ' ') rest++;
    if (*rest || !digits || points > 1 || buf[0] == '.' || buf[n - 1] == '.') return false;
    if (m == MEASURE_COUNT && points) return false;
    double v = strtod(buf, NULL);
    if (!isfinite(v) || v < 0 || (m == MEASURE_PERCENT && v > 100) || v > 1e12) return false;
    *out = v;
    return true;
}

void target_value_code(strbuf *out, kh_measure m, double v)
{
    if (m == MEASURE_YESNO)
        sb_puts(out, v >= 0.5 ? "yes" : "no");
    else
        sb_printf(out, "%.15g", v);
}

void target_value_words(strbuf *out, kh_measure m, double v, kh_lang lang)
{
    if (m == MEASURE_YESNO) {
        sb_puts(out, v >= 0.5 ? TR(lang, "có", "yes") : TR(lang, "không", "no"));
        return;
    }
    /* Decimals as Vietnamese writes them: 12,5%. */
    size_t at = out->len;
    sb_printf(out, "%.15g", v);
    if (lang == KH_LANG_VI)
        for (size_t i = at; i < out->len; i++)
            if (out->data[i] == '.') out->data[i] = ',';
    if (m == MEASURE_PERCENT) sb_putc(out, '%');
}

bool target_doc_ok(const char *doc)
{
    size_t n = strlen(doc);
    return n <= KH_TARGET_DOC_MAX && text_valid_utf8(doc, n, NULL) && text_refused_cp(doc, n) < 0 &&
           !strchr(doc, '\n') && !strchr(doc, '\t') && !strchr(doc, '\r');
}

int target_horizon(const kh_target *t, kh_date today)
{
    if (!t->nhorizons) return -1;
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    for (int i = 0; i < t->nhorizons; i++)
        if (t->horizons[i].year >= y) return i;
    return t->nhorizons - 1;
}

static const char *const direction_codes[TARGET_DIRECTIONS] = {"at-least", "at-most", "exact"};

const char *target_direction_code(kh_direction d)
{
    return (unsigned)d < TARGET_DIRECTIONS ? direction_codes[d] : "?";
}

int target_direction_parse(const char *s)
{
    static const char *const least[] = {"at-least", "it nhat", "toi thieu", "tren"};
    static const char *const most[] = {"at-most", "khong qua", "toi da", "khong vuot qua", "duoi"};
    if (!s) return -1;
    char *f = text_fold(s);
    int d = in_words(f, least, KH_ARRAY_LEN(least)) ? TARGET_AT_LEAST
            : in_words(f, most, KH_ARRAY_LEN(most)) ? TARGET_AT_MOST
                                                    : -1;
    free(f);
    return d;
}

void target_goal_words(strbuf *out, const kh_target *t, int h, kh_lang lang)
{
    if (h < 0 || h >= t->nhorizons) return;
    if (t->direction == TARGET_AT_MOST) sb_puts(out, TR(lang, "không quá ", "at most "));
    target_value_words(out, (kh_measure)t->measure, t->horizons[h].value, lang);
}

bool target_achieved_by(const kh_target *t, const kh_measured *m, kh_date today)
{
    int h = target_horizon(t, today);
    if (h < 0 || !m->measured) return false;
    double goal = t->horizons[h].value;
    switch ((kh_direction)t->direction) {
    case TARGET_EXACT: return (m->value >= 0.5) == (goal >= 0.5);
    case TARGET_AT_MOST: return m->value <= goal;
    default: return m->value >= goal;
    }
}

bool target_achieved(const kh_target *t, kh_date today)
{
    return target_achieved_by(t, &t->state, today);
}

double target_gap_by(const kh_target *t, const kh_measured *m, kh_date today)
{
    int h = target_horizon(t, today);
    if (h < 0 || t->direction == TARGET_EXACT) return 0;
    double goal = t->horizons[h].value, gap;
    if (t->direction == TARGET_AT_MOST) {
        if (!m->measured) return NAN;
        gap = m->value - goal;
    } else {
        gap = goal - (m->measured ? m->value : 0);
    }
    return gap > 0 ? gap : 0;
}

double target_gap(const kh_target *t, kh_date today)
{
    return target_gap_by(t, &t->state, today);
}

void target_gap_words(strbuf *out, const kh_target *t, kh_date today, kh_lang lang)
{
    kh_measure m = (kh_measure)t->measure;
    if (target_horizon(t, today) < 0)
        sb_puts(out, TR(lang, "chưa có mốc", "no horizon"));
    else if (target_achieved(t, today))
        sb_puts(out, TR(lang, "đạt", "achieved"));
    else if (!t->state.measured)
        sb_puts(out, TR(lang, "chưa đo", "not measured"));
    else if (t->direction == TARGET_EXACT)
        sb_puts(out, TR(lang, "chưa đạt", "not yet"));
    else {
        sb_puts(out, t->direction == TARGET_AT_MOST ? TR(lang, "vượt ", "over by ")
                                                    : TR(lang, "còn thiếu ", "short by "));
        target_value_words(out, m, target_gap(t, today), lang);
    }
}

void target_value_against(strbuf *out, const kh_target *t, kh_date today, kh_lang lang)
{
    kh_measure m = (kh_measure)t->measure;
    int h = target_horizon(t, today);
    if (t->state.measured)
        target_value_words(out, m, t->state.value, lang);
    else
        sb_puts(out, "—");
    if (h < 0) return;
    sb_puts(out, " / ");
    target_goal_words(out, t, h, lang);
    sb_printf(out, " (%d)", t->horizons[h].year);
}

long model_find_target(const kh_plan *plan, const char *id)
{
    for (size_t i = 0; id && i < plan->ntargets; i++)
        if (!strcmp(plan->targets[i].id, id)) return (long)i;
    return -1;
}
