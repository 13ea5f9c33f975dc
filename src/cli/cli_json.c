/* JSON pieces that `list --format json` and `export --format json` share:
 * the plan's description, its units and its duties, in the same shape. */
#include "cli.h"

void json_str_or_null(FILE *out, const char *s)
{
    if (s)
        json_string(out, s);
    else
        fputs("null", out);
}

void json_date(FILE *out, kh_date d)
{
    char buf[11];
    if (d == KH_NO_DATE)
        fputs("null", out);
    else
        fprintf(out, "\"%s\"", date_format_iso(d, buf));
}

void json_strings(FILE *out, const char *const *v, size_t n)
{
    putc('[', out);
    for (size_t i = 0; i < n; i++) {
        if (i) putc(',', out);
        json_string(out, v[i]);
    }
    putc(']', out);
}

void json_plan_fields(FILE *out, const kh_plan *plan)
{
    fputs("\"id\":", out);
    json_string(out, plan->id);
    fputs(",\"number\":", out);
    json_str_or_null(out, plan->number);
    fputs(",\"date\":", out);
    json_date(out, plan->date);
    fputs(",\"title\":", out);
    json_string(out, plan->title);
    fputs(",\"issuer\":", out);
    json_str_or_null(out, plan->issuer);
    fputs(",\"place\":", out);
    json_str_or_null(out, plan->place);
    /* Only when the plan gives them: other plans' output is unchanged. */
    if (plan->place_name) {
        fputs(",\"place_name\":", out);
        json_string(out, plan->place_name);
    }
    if (plan->issued_kind) {
        fputs(",\"issued_with\":{\"kind\":", out);
        json_string(out, plan->issued_kind);
        fputs(",\"number\":", out);
        json_str_or_null(out, plan->issued_number);
        fputs(",\"date\":", out);
        json_date(out, plan->issued_date);
        putc('}', out);
    }
    fputs(",\"period\":{\"from\":", out);
    json_date(out, plan->from);
    fputs(",\"to\":", out);
    json_date(out, plan->to);
    fputs("},\"preamble\":", out);
    json_str_or_null(out, plan->preamble);
    fputs(",\"implements\":[", out);
    for (size_t i = 0; i < plan->ndocuments; i++) {
        const kh_document *d = &plan->documents[i];
        fputs(i ? ",{\"number\":" : "{\"number\":", out);
        json_string(out, d->number);
        fputs(",\"date\":", out);
        json_date(out, d->date);
        fputs(",\"issuer\":", out);
        json_str_or_null(out, d->issuer);
        fputs(",\"title\":", out);
        json_str_or_null(out, d->title);
        putc('}', out);
    }
    fputs("],\"signer\":{\"role\":", out);
    json_str_or_null(out, plan->signer_role);
    fputs(",\"name\":", out);
    json_str_or_null(out, plan->signer_name);
    fputs("},\"recipients\":", out);
    json_strings(out, plan->recipients, plan->nrecipients);
    fputs(",\"aims\":", out);
    json_strings(out, plan->aims, plan->naims);
}

void json_unit_list(FILE *out, const kh_plan *plan)
{
    putc('[', out);
    for (size_t i = 0; i < plan->nunits; i++) {
        fputs(i ? ",{\"id\":" : "{\"id\":", out);
        json_string(out, plan->units[i].id);
        fputs(",\"name\":", out);
        json_string(out, plan->units[i].name);
        fputs(",\"short\":", out);
        json_string(out, plan->units[i].short_name);
        putc('}', out);
    }
    putc(']', out);
}

void json_duty_list(FILE *out, const kh_plan *plan)
{
    putc('[', out);
    for (size_t i = 0; i < plan->nduties; i++) {
        const kh_duty *d = &plan->duties[i];
        fputs(i ? ",{\"unit\":" : "{\"unit\":", out);
        json_string(out, plan->units[d->unit].id);
        fputs(",\"heading\":", out);
        json_str_or_null(out, d->heading);
        fputs(",\"items\":[", out);
        for (size_t k = 0; k < d->nitems; k++) {
            if (k) putc(',', out);
            json_string(out, plan->tasks[d->items[k]].id);
        }
        fputs("],\"tasks\":[", out);
        for (size_t k = 0; k < d->ntasks; k++) {
            if (k) putc(',', out);
            json_string(out, plan->tasks[d->first_task + k].id);
        }
        fputs("]}", out);
    }
    putc(']', out);
}
