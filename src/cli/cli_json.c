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
        if (d->plan) { /* only when the plan names it: other plans' output is unchanged */
            fputs(",\"plan\":", out);
            json_string(out, d->plan);
        }
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
    /* Only when the plan has them: other plans' output is unchanged. */
    if (plan->naim_groups) {
        fputs(",\"aim_groups\":[", out);
        for (size_t i = 0; i < plan->naim_groups; i++) {
            const kh_aim_group *g = &plan->aim_groups[i];
            fputs(i ? ",{\"heading\":" : "{\"heading\":", out);
            json_string(out, g->heading);
            fputs(",\"aims\":", out);
            json_strings(out, plan->aims + g->first, g->n);
            putc('}', out);
        }
        putc(']', out);
    }
    if (plan->nevents) {
        fputs(",\"events\":[", out);
        for (size_t i = 0; i < plan->nevents; i++) {
            fputs(i ? ",{\"id\":" : "{\"id\":", out);
            json_string(out, plan->events[i].id);
            fputs(",\"name\":", out);
            json_string(out, plan->events[i].name);
            fputs(",\"date\":", out);
            json_date(out, plan->events[i].date);
            putc('}', out);
        }
        putc(']', out);
    }
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

/* Append a Unix time as "yyyy-mm-ddThh:mm:ssZ", or null for 0. */
static void sb_utc_or_null(strbuf *sb, int64_t at)
{
    char buf[21];
    if (!at) {
        sb_puts(sb, "null");
        return;
    }
    sb_putc(sb, '"');
    sb_puts(sb, date_format_utc((time_t)at, buf));
    sb_putc(sb, '"');
}

static void sb_or_null(strbuf *sb, const char *s)
{
    if (s)
        json_sb_string(sb, s);
    else
        sb_puts(sb, "null");
}

void json_sb_confirm_fields(strbuf *sb, const kh_plan *plan, const kh_task *t)
{
    bool confirmed = t->status == ST_DONE && t->verdict == VERDICT_CONFIRMED;
    bool rejected = t->verdict == VERDICT_REJECTED;
    sb_puts(sb, ",\"officer\":");
    sb_or_null(sb, t->officer);
    sb_puts(sb, ",\"confirm_by\":");
    sb_or_null(sb, t->confirmer ? plan->units[t->confirmer - 1].id : NULL);
    sb_puts(sb, model_task_proposed(t) ? ",\"proposed\":true" : ",\"proposed\":false");
    sb_puts(sb, confirmed ? ",\"confirmed\":true" : ",\"confirmed\":false");
    sb_puts(sb, ",\"confirmed_by\":");
    sb_or_null(sb, confirmed ? t->verdict_by : NULL);
    sb_puts(sb, ",\"confirmed_at\":");
    sb_utc_or_null(sb, confirmed ? t->verdict_at : 0);
    sb_puts(sb, ",\"rejected\":");
    if (!rejected) {
        sb_puts(sb, "null");
        return;
    }
    sb_puts(sb, "{\"by\":");
    sb_or_null(sb, t->verdict_by);
    sb_puts(sb, ",\"at\":");
    sb_utc_or_null(sb, t->verdict_at);
    sb_puts(sb, ",\"reason\":");
    sb_or_null(sb, t->verdict_reason);
    sb_putc(sb, '}');
}
