/* JSON of a task's record beyond its state, shared by show and export:
 * results and amendments. */
#include <string.h>

#include "cli.h"

static void json_utc(FILE *out, int64_t t)
{
    char buf[21];
    if (!t)
        fputs("null", out);
    else
        fprintf(out, "\"%s\"", date_format_utc((time_t)t, buf));
}

void json_results(FILE *out, const kh_result *r, size_t n, const char *task_id)
{
    putc('[', out);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (task_id && strcmp(r[i].task_id, task_id) != 0) continue;
        if (k++) putc(',', out);
        fputs("{\"doc\":", out);
        json_str_or_null(out, r[i].doc);
        fputs(",\"file\":", out);
        json_str_or_null(out, r[i].file_name);
        fputs(",\"sha256\":", out);
        json_str_or_null(out, r[i].sha256);
        fprintf(out, ",\"size\":%lld,\"by\":", (long long)r[i].size);
        json_string(out, r[i].user);
        fputs(",\"at\":", out);
        json_utc(out, r[i].at);
        putc('}', out);
    }
    putc(']', out);
}

void json_sb_results(strbuf *sb, const kh_result *const *r, size_t n)
{
    sb_putc(sb, '[');
    for (size_t i = 0; i < n; i++) {
        char at[21];
        sb_puts(sb, i ? ",{\"doc\":" : "{\"doc\":");
        if (r[i]->doc)
            json_sb_string(sb, r[i]->doc);
        else
            sb_puts(sb, "null");
        sb_puts(sb, ",\"file\":");
        if (r[i]->file_name)
            json_sb_string(sb, r[i]->file_name);
        else
            sb_puts(sb, "null");
        sb_puts(sb, ",\"sha256\":");
        if (r[i]->sha256)
            json_sb_string(sb, r[i]->sha256);
        else
            sb_puts(sb, "null");
        sb_printf(sb, ",\"size\":%lld,\"by\":", (long long)r[i]->size);
        json_sb_string(sb, r[i]->user);
        sb_printf(sb, ",\"at\":\"%s\"}", date_format_utc((time_t)r[i]->at, at));
    }
    sb_putc(sb, ']');
}

void json_amendments(FILE *out, const kh_amendment *a, size_t n, const char *task_id)
{
    putc('[', out);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (task_id && strcmp(a[i].task_id, task_id) != 0) continue;
        if (k++) putc(',', out);
        fputs("{\"task\":", out);
        json_string(out, a[i].task_id);
        fprintf(out, ",\"kind\":\"%s\",\"text\":", store_amend_kind_code(a[i].kind));
        json_str_or_null(out, a[i].text);
        fputs(",\"lead\":", out);
        json_str_or_null(out, a[i].lead);
        fputs(",\"deadline\":", out);
        json_str_or_null(out, a[i].deadline);
        fputs(",\"doc\":", out);
        json_string(out, a[i].doc);
        fputs(",\"by\":", out);
        json_string(out, a[i].user);
        fputs(",\"at\":", out);
        json_utc(out, a[i].at);
        putc('}', out);
    }
    putc(']', out);
}

/* The first of x[0..n) (sorted by task id) of task_id, or n. */
static size_t first_of(const kh_extension *x, size_t n, const char *task_id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(x[mid].task_id, task_id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void json_sb_record_fields(strbuf *sb, const kh_task *t, const kh_extension *x, size_t n)
{
    char day[11], at[21];
    if (model_task_extended(t)) {
        sb_puts(sb, ",\"deadline_original\":");
        if (t->due_original == KH_NO_DATE)
            sb_puts(sb, "null");
        else
            sb_printf(sb, "\"%s\"", date_format_iso(t->due_original, day));
        sb_puts(sb, ",\"extensions\":[");
        size_t k = 0;
        for (size_t i = first_of(x, n, t->id); i < n && !strcmp(x[i].task_id, t->id); i++) {
            if (x[i].due == KH_NO_DATE) continue;
            sb_printf(sb, "%s{\"to\":\"%s\",\"doc\":", k++ ? "," : "",
                      date_format_iso(x[i].due, day));
            json_sb_string(sb, x[i].doc);
            sb_puts(sb, ",\"reason\":");
            if (x[i].reason)
                json_sb_string(sb, x[i].reason);
            else
                sb_puts(sb, "null");
            sb_puts(sb, ",\"by\":");
            json_sb_string(sb, x[i].user);
            sb_printf(sb, ",\"at\":\"%s\"}", date_format_utc((time_t)x[i].at, at));
        }
        sb_putc(sb, ']');
    }
    if (t->status == ST_DONE && t->completed != KH_NO_DATE)
        sb_printf(sb, ",\"completed_on\":\"%s\"", date_format_iso(t->completed, day));
    if (model_task_withdrawn(t)) {
        const char *doc = model_task_withdrawn_doc(t);
        sb_puts(sb, ",\"withdrawn_doc\":");
        if (doc)
            json_sb_string(sb, doc);
        else
            sb_puts(sb, "null");
    }
}
