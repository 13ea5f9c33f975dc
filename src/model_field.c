/* The one table of a task record's fields and the one rule per field for
 * its value as history keeps it. */
#include "kehoach/model_field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *code;
    const char *vi, *en;
    bool state;
} field_info;

static const field_info fields[KF_COUNT] = {
    [KF_UNKNOWN] = {"", NULL, NULL, false},
    [KF_STATUS] = {"status", "trạng thái", "status", true},
    [KF_PROGRESS] = {"progress", "tiến độ", "progress", true},
    [KF_COMPLETED] = {"completed", "ngày hoàn thành", "completed", true},
    [KF_NOTE] = {"note", "ghi chú", "note", false},
    [KF_NOTE_WITHDRAWN] = {"note-withdrawn", "rút lại ghi chú", "note withdrawn", false},
    [KF_CONFIRMED] = {"confirmed", "xác nhận hoàn thành", "completion confirmed", false},
    [KF_REJECTED] = {"rejected", "trả lại, chưa xác nhận hoàn thành", "completion rejected", false},
    [KF_OFFICER] = {"officer", "cán bộ phụ trách", "officer", false},
    [KF_MEASURE] = {"measure", "kết quả đo", "measured", false},
    [KF_MEASURE_ON] = {"measure-on", "ngày đo", "measured on", false},
    [KF_MEASURE_DOC] = {"measure-doc", "nguồn số liệu", "source", false},
    [KF_RESULT] = {"result", "kết quả", "result", false},
    [KF_RESULT_WITHDRAWN] = {"result-withdrawn", "rút lại kết quả", "result withdrawn", false},
    [KF_AMEND] = {"amend", "điều chỉnh", "amendment", false},
    [KF_AMEND_WITHDRAWN] = {"amend-withdrawn", "rút lại điều chỉnh", "amendment withdrawn", false},
    [KF_EXTEND] = {"extend", "gia hạn", "deadline extended", false},
    [KF_EXTEND_WITHDRAWN] = {"extend-withdrawn", "rút lại gia hạn", "extension withdrawn", false},
    [KF_WITHDRAW_DOC] = {"withdraw-doc", "văn bản dừng thực hiện", "withdrawn by", false},
};

kh_field model_field_parse(const char *code)
{
    for (int f = 1; code && f < KF_COUNT; f++)
        if (!strcmp(code, fields[f].code)) return (kh_field)f;
    return KF_UNKNOWN;
}

const char *model_field_code(kh_field f)
{
    return f > KF_UNKNOWN && f < KF_COUNT ? fields[f].code : "";
}

const char *model_field_name(kh_field f, kh_lang lang)
{
    if (f <= KF_UNKNOWN || f >= KF_COUNT) return NULL;
    return TR(lang, fields[f].vi, fields[f].en);
}

bool model_field_is_state(kh_field f)
{
    return f > KF_UNKNOWN && f < KF_COUNT && fields[f].state;
}

static const char *date_text(kh_date d, char buf[KH_FIELD_BUF])
{
    return d == KH_NO_DATE ? NULL : date_format_iso(d, buf);
}

const char *model_field_get(const kh_record *r, kh_field f, char buf[KH_FIELD_BUF])
{
    switch (f) {
    case KF_STATUS: return model_status_code(r->status);
    case KF_PROGRESS: snprintf(buf, KH_FIELD_BUF, "%d", r->progress); return buf;
    case KF_COMPLETED: return date_text(r->completed, buf);
    default: return NULL;
    }
}

/* Read a date value (NULL: none) into *d; return false when it is not one. */
static bool date_value(const char *v, kh_date *d)
{
    *d = KH_NO_DATE;
    return !v || date_parse(v, d) == DATE_OK;
}

bool model_field_apply(kh_record *r, kh_field f, const char *v)
{
    switch (f) {
    case KF_STATUS: {
        int s = v ? model_status_parse(v) : ST_TODO;
        if (s < 0) return false;
        r->status = (kh_status)s;
        return true;
    }
    case KF_PROGRESS: {
        long p = 0;
        if (v) {
            char *end;
            p = strtol(v, &end, 10);
            if (!*v || *end || p < 0 || p > 100) return false;
        }
        r->progress = (int)p;
        return true;
    }
    case KF_COMPLETED: {
        kh_date d;
        if (!date_value(v, &d)) return false;
        r->completed = d;
        return true;
    }
    default: return false;
    }
}

/* Return true when s[0..n) is a day as yyyy-mm-dd, into *d. */
static bool iso_day(const char *s, size_t n, kh_date *d)
{
    char day[11];
    if (n != 10) return false;
    memcpy(day, s, 10);
    day[10] = '\0';
    return date_parse(day, d) == DATE_OK;
}

/* Return true when s[0..n) is a list of unit ids ("vp-tk,tp-ht"). */
static bool unit_ids(const char *s, size_t n)
{
    if (!n) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ' || (unsigned char)s[i] < 0x21) return false;
    return true;
}

/* An amendment's row as the store words it ("add text=T lead=U
 * deadline=2023-07-15 (DOC)", "change deadline=… (DOC)", "withdraw (DOC)"),
 * in the language's words with the day as dd/mm/yyyy. Return false (nothing
 * written) when v is not in that form. */
static bool amend_words(strbuf *out, const char *v, kh_lang lang)
{
    size_t n = strlen(v);
    if (n < 3 || v[n - 1] != ')') return false;
    /* The document: from the " (" that opens the last bracket (its own
     * brackets balanced) to the end. */
    size_t open = 0;
    int depth = 0;
    bool found = false;
    for (size_t i = n; i-- > 0 && !found;) {
        if (v[i] == ')') depth++;
        if (v[i] == '(' && --depth == 0) {
            if (i == 0 || v[i - 1] != ' ') return false;
            open = i - 1;
            found = true;
        }
    }
    if (!found) return false;
    const char *doc = v + open + 2;
    size_t ndoc = n - open - 3;
    size_t kind_len = strcspn(v, " ");
    if (kind_len > open) kind_len = open;
    /* The fields, from the right: deadline, lead, then text. */
    const char *f = v + kind_len, *end = v + open;
    kh_date d = KH_NO_DATE;
    const char *lead = NULL, *text = NULL;
    size_t nlead = 0, ntext = 0;
    static const char kd[] = " deadline=", kl[] = " lead=", kt[] = " text=";
    if ((size_t)(end - f) >= sizeof kd - 1 + 10 &&
        !memcmp(end - 10 - (sizeof kd - 1), kd, sizeof kd - 1) && iso_day(end - 10, 10, &d))
        end -= 10 + (sizeof kd - 1);
    for (const char *p = end; p > f; p--) {
        if ((size_t)(end - p) < sizeof kl - 1 || memcmp(p, kl, sizeof kl - 1) != 0) continue;
        if (unit_ids(p + sizeof kl - 1, (size_t)(end - p) - (sizeof kl - 1))) {
            lead = p + sizeof kl - 1;
            nlead = (size_t)(end - lead);
            end = p;
        }
        break;
    }
    if ((size_t)(end - f) >= sizeof kt - 1 && !memcmp(f, kt, sizeof kt - 1)) {
        text = f + sizeof kt - 1;
        ntext = (size_t)(end - text);
        f = end;
    }
    if (f != end) return false; /* something not known: the row as it is */
    bool add = kind_len == 3 && !memcmp(v, "add", 3);
    bool change = kind_len == 6 && !memcmp(v, "change", 6);
    bool withdraw = kind_len == 8 && !memcmp(v, "withdraw", 8);
    if (!add && !change && !withdraw) return false;
    /* A change says only what it changed: "điều chỉnh: thời hạn 15/06/2023". */
    if (!change)
        sb_puts(out, add ? TR(lang, "bổ sung nhiệm vụ", "task added")
                         : TR(lang, "dừng thực hiện", "withdrawn"));
    const char *sep = add ? ": " : "";
    if (text) {
        sb_printf(out, "%s%s \"%.*s\"", sep, TR(lang, "nội dung", "text"), (int)ntext, text);
        sep = ", ";
    }
    if (lead) {
        sb_printf(out, "%s%s %.*s", sep, TR(lang, "chủ trì", "lead"), (int)nlead, lead);
        sep = ", ";
    }
    if (d != KH_NO_DATE) {
        char buf[11];
        sb_printf(out, "%s%s %s", sep, TR(lang, "thời hạn", "deadline"), date_format_dmy(d, buf));
    }
    sb_printf(out, " (%s %.*s)", TR(lang, "theo", "by"), (int)ndoc, doc);
    return true;
}

void model_field_words(strbuf *out, kh_field f, const char *v, kh_lang lang)
{
    if (!v) {
        sb_puts(out, "—");
        return;
    }
    kh_date d;
    char buf[11];
    switch (f) {
    case KF_STATUS: {
        int s = model_status_parse(v);
        sb_puts(out, s >= 0 ? model_status_name((kh_status)s, lang) : v);
        break;
    }
    case KF_PROGRESS: sb_printf(out, "%s%%", v); break;
    case KF_COMPLETED:
    case KF_MEASURE_ON:
        sb_puts(out, date_parse(v, &d) == DATE_OK ? date_format_dmy(d, buf) : v);
        break;
    case KF_EXTEND:
    case KF_EXTEND_WITHDRAWN: {
        /* "2023-06-15; document; reason": the day as dd/mm/yyyy. */
        char day[11];
        size_t n = strcspn(v, ";");
        snprintf(day, sizeof day, "%.*s", (int)(n < 10 ? n : 10), v);
        if (n == 10 && date_parse(day, &d) == DATE_OK) {
            sb_puts(out, date_format_dmy(d, buf));
            sb_puts(out, v + n);
        } else {
            sb_puts(out, v);
        }
        break;
    }
    case KF_AMEND:
    case KF_AMEND_WITHDRAWN:
        if (!amend_words(out, v, lang)) sb_puts(out, v);
        break;
    default: sb_puts(out, v); break;
    }
}

kh_record model_record_of(const kh_task *t)
{
    return (kh_record){(kh_status)t->status, t->progress, t->completed};
}

void model_record_put(kh_task *t, const kh_record *r)
{
    t->status = (uint8_t)r->status;
    t->progress = (uint8_t)(r->progress < 0 ? 0 : r->progress > 100 ? 100 : r->progress);
    t->completed = r->completed;
}
