/* Converter of `plan:`: the plan's identity, period and basis documents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan_conv.h"

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
    P_PLACE_NAME,
    P_ISSUED_WITH,
    P_CONFIRM_BY,
    P_KEYS
};
static const char *const plan_keys[P_KEYS] = {
    "id",         "title",     "issuer",     "place",       "period",    "preamble",
    "implements", "signer",    "recipients", "closing",     "database",  "number",
    "date",       "reporting", "place_name", "issued_with", "confirm_by"};

static void convert_period(loader *L, const ynode *n)
{
    static const char *const keys[] = {"from", "to"};
    const ynode *v[2];
    if (!yget_map(L, n, "period", keys, 2, v)) return;
    if (!v[0]) yget_missing(L, n->line, n->col, "from", "period");
    if (!v[1]) yget_missing(L, n->line, n->col, "to", "period");
    if (!v[0] || !v[1]) return;
    kh_plan *p = L->b.plan;
    kh_date from, to;
    if (!yget_date(L, v[0], "from", &from) || !yget_date(L, v[1], "to", &to)) return;
    p->from = from;
    p->to = to;
    if (p->from > p->to) {
        load_err(L, v[1]->line, v[1]->col,
                 L_TR(L, "kỳ kế hoạch kết thúc trước khi bắt đầu",
                      "the plan period ends before it starts"));
        return;
    }
    /* A plan runs a year, five, ten; a period of centuries is a slip, and
     * its periodic tasks would make millions of occurrences from a few lines. */
    if (p->to - p->from > PLAN_MAX_YEARS * 366) {
        load_err(L, v[1]->line, v[1]->col,
                 L_TR(L, "kỳ kế hoạch dài quá %d năm", "the plan period is longer than %d years"),
                 PLAN_MAX_YEARS);
        return;
    }
    L->seen_period = true;
}

static void convert_documents(loader *L, const ynode *n)
{
    static const char *const keys[] = {"number", "kind", "date", "issuer", "title", "plan"};
    if (n->type != YN_SEQ) {
        load_err(L, n->line, n->col,
                 L_TR(L, "'implements' phải là danh sách văn bản",
                      "'implements' must be a list of documents"));
        return;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *v[6];
        const char *where = L_TR(L, "văn bản căn cứ", "a document");
        if (!yget_map(L, n->kids[i], where, keys, 6, v)) continue;
        if (!v[0]) {
            yget_missing(L, n->kids[i]->line, n->kids[i]->col, "number", where);
            continue;
        }
        kh_document d = {yget_text(L, v[0], "number"), KH_NO_DATE, NULL, NULL, NULL};
        if (v[2]) yget_date(L, v[2], "date", &d.date);
        /* The plan of the workspace this document is, by its id. */
        if (v[5]) {
            d.plan = yget_text(L, v[5], "plan");
            if (d.plan && !plan_build_id_ok(d.plan, false)) {
                load_err(L, v[5]->line, v[5]->col,
                         L_TR(L,
                              "'plan': '%s' không phải mã kế hoạch (chữ không dấu, chữ số và "
                              ". _ -, tối đa 64 ký tự)",
                              "'plan': '%s' is not a plan id (ASCII letters, digits and . _ -, "
                              "at most 64 characters)"),
                         d.plan);
                d.plan = NULL;
            }
        }
        if (v[3]) d.issuer = yget_text(L, v[3], "issuer");
        /* "kind" is folded into the title: "Kế hoạch về ..." */
        const char *kind = v[1] ? yget_text(L, v[1], "kind") : NULL;
        const char *title = v[4] ? yget_text(L, v[4], "title") : NULL;
        if (kind && title) {
            strbuf sb = STRBUF_INIT;
            sb_printf(&sb, "%s %s", kind, title);
            d.title = load_keep(L, sb_str(&sb));
            sb_done(&sb);
        } else {
            d.title = kind ? kind : title;
        }
        if (!d.number) continue;
        KH_GROW(L->b.docs, L->b.ndocs, L->b.capdocs);
        L->b.docs[L->b.ndocs++] = d;
    }
}

void conv_plan(loader *L, const ynode *n)
{
    const ynode *v[P_KEYS];
    kh_plan *p = L->b.plan;
    L->seen_plan = true;
    if (!yget_map(L, n, "plan", plan_keys, P_KEYS, v)) return;
    /* A plan that states no period loads without one (check warns): a
     * fact the plan does not give is not invented. */
    static const int required[] = {P_ID, P_TITLE, P_ISSUER};
    for (size_t i = 0; i < KH_ARRAY_LEN(required); i++)
        if (!v[required[i]]) yget_missing(L, n->line, n->col, plan_keys[required[i]], "plan");
    if (v[P_ID]) {
        p->id = yget_text(L, v[P_ID], "id");
        if (p->id && !plan_build_id_ok(p->id, false))
            load_err(
                L, v[P_ID]->line, v[P_ID]->col,
                L_TR(L,
                     "mã kế hoạch '%s' không hợp lệ: tối đa 64 ký tự, bắt đầu bằng chữ hoặc số, "
                     "chỉ gồm chữ không dấu, chữ số và . _ -",
                     "plan id '%s' is not valid: at most 64 characters, starting with a letter "
                     "or digit, of ASCII letters, digits and . _ - only"),
                p->id);
    }
    if (v[P_TITLE]) p->title = yget_text(L, v[P_TITLE], "title");
    if (v[P_ISSUER]) p->issuer = yget_text(L, v[P_ISSUER], "issuer");
    if (v[P_PLACE]) p->place = yget_text(L, v[P_PLACE], "place");
    if (v[P_PREAMBLE]) p->preamble = yget_text(L, v[P_PREAMBLE], "preamble");
    if (v[P_CLOSING]) p->closing = yget_text(L, v[P_CLOSING], "closing");
    if (v[P_DATABASE]) p->database = yget_text(L, v[P_DATABASE], "database");
    p->from = p->to = KH_NO_DATE;
    if (v[P_PERIOD]) convert_period(L, v[P_PERIOD]);
    if (!v[P_PERIOD]) {
        L->b.no_period_line = n->line;
        L->b.no_period_col = n->col;
    }
    if (v[P_IMPLEMENTS]) convert_documents(L, v[P_IMPLEMENTS]);
    if (v[P_RECIPIENTS])
        p->recipients = yget_text_list(L, v[P_RECIPIENTS], "recipients", &p->nrecipients);
    if (v[P_SIGNER]) {
        static const char *const keys[] = {"role", "name"};
        const ynode *s[2];
        if (yget_map(L, v[P_SIGNER], "signer", keys, 2, s)) {
            if (s[0]) p->signer_role = yget_text(L, s[0], "role");
            if (s[1]) p->signer_name = yget_text(L, s[1], "name");
        }
    }
    /* The plan's own number and date are optional: the seed has neither. */
    p->date = KH_NO_DATE;
    /* A number may be left blank ("Số:    /KH-UBND"): empty is no number. */
    if (v[P_NUMBER] && !(v[P_NUMBER]->type == YN_SCALAR && v[P_NUMBER]->len == 0))
        p->number = yget_text(L, v[P_NUMBER], "number");
    if (v[P_PLACE_NAME]) p->place_name = yget_text(L, v[P_PLACE_NAME], "place_name");
    p->issued_date = KH_NO_DATE;
    if (v[P_ISSUED_WITH]) {
        static const char *const keys[] = {"kind", "number", "date"};
        const ynode *w[3];
        if (yget_map(L, v[P_ISSUED_WITH], "issued_with", keys, 3, w)) {
            if (!w[0])
                yget_missing(L, v[P_ISSUED_WITH]->line, v[P_ISSUED_WITH]->col, "kind",
                             "issued_with");
            if (w[0]) p->issued_kind = yget_text(L, w[0], "kind");
            if (w[1]) p->issued_number = yget_text(L, w[1], "number");
            if (w[2]) yget_date(L, w[2], "date", &p->issued_date);
        }
    }
    if (v[P_DATE]) yget_date(L, v[P_DATE], "date", &p->date);
    if (v[P_CONFIRM_BY]) L->b.confirm_by = conv_unit_one(L, v[P_CONFIRM_BY], "confirm_by");
    const char *rep = v[P_REPORTING] ? yget_text(L, v[P_REPORTING], "reporting") : NULL;
    if (rep && !strcmp(rep, "nd09"))
        p->reporting = KH_REPORTING_ND09;
    else if (rep && strcmp(rep, "calendar"))
        load_err(L, v[P_REPORTING]->line, v[P_REPORTING]->col,
                 L_TR(L, "'reporting' là nd09 hoặc calendar", "'reporting' is nd09 or calendar"));
}

void conv_events(loader *L, const ynode *n)
{
    static const char *const keys[] = {"id", "name", "date"};
    const char *where = L_TR(L, "sự kiện (events)", "an event");
    if (n->type != YN_SEQ) {
        load_err(L, n->line, n->col,
                 L_TR(L, "'events' phải là danh sách ({id, name, date})",
                      "'events' must be a list ({id, name, date})"));
        return;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *e = n->kids[i], *v[3];
        if (!yget_map(L, e, where, keys, 3, v)) continue;
        bool ok = true;
        for (int k = 0; k < 3; k++)
            if (!v[k]) yget_missing(L, e->line, e->col, keys[k], where), ok = false;
        if (!ok) continue;
        pb_event ev = {yget_text(L, v[0], "id"), yget_text(L, v[1], "name"), KH_NO_DATE, v[0]->line,
                       v[0]->col};
        if (!yget_date(L, v[2], "date", &ev.date) || !ev.id || !ev.name) continue;
        if (!plan_build_id_ok(ev.id, true)) {
            load_err(L, v[0]->line, v[0]->col,
                     L_TR(L, "mã sự kiện '%s' không hợp lệ: chữ thường không dấu, chữ số và '-'",
                          "event id '%s' is not valid: lower-case ASCII letters, digits and '-'"),
                     ev.id);
            continue;
        }
        plan_build_add_event(&L->b, ev);
    }
}

/* One group of aims, `{heading, items}`: its items appended to out. */
static void convert_aim_group(loader *L, const ynode *g, const char ***out, size_t *n, size_t *cap,
                              kh_aim_group *group)
{
    static const char *const keys[] = {"heading", "items"};
    const char *where = L_TR(L, "nhóm mục đích (aims)", "a group of aims");
    const ynode *v[2];
    group->heading = NULL;
    group->first = (uint32_t)*n;
    group->n = 0;
    if (!yget_map(L, g, where, keys, 2, v)) return;
    if (!v[0]) yget_missing(L, g->line, g->col, "heading", where);
    if (!v[1]) yget_missing(L, g->line, g->col, "items", where);
    if (!v[0] || !v[1]) return;
    group->heading = yget_text(L, v[0], "heading");
    const ynode **items;
    long k = yget_list(L, v[1], "items", &items);
    if (k == 0)
        load_err(L, v[1]->line, v[1]->col,
                 L_TR(L, "nhóm mục đích cần ít nhất một ý ('items')",
                      "a group of aims needs at least one aim ('items')"));
    for (long i = 0; i < k; i++) {
        const char *t = yget_text(L, items[i], "items");
        if (!t) continue;
        KH_GROW(*out, *n, *cap);
        (*out)[(*n)++] = t;
        group->n++;
    }
}

void conv_aims(loader *L, const ynode *n)
{
    kh_plan *p = L->b.plan;
    bool grouped = false;
    for (size_t i = 0; n->type == YN_SEQ && i < n->nkids; i++)
        grouped |= n->kids[i]->type == YN_MAP;
    if (!grouped) {
        p->aims = yget_text_list(L, n, "aims", &p->naims);
        return;
    }
    /* Grouped: each item a group {heading, items}, or an aim of no group. */
    const char **aims = NULL;
    size_t naims = 0, cap = 0, ngroups = 0;
    kh_aim_group *groups = arena_alloc(&p->mem, n->nkids * sizeof *groups);
    for (size_t i = 0; i < n->nkids; i++) {
        const ynode *k = n->kids[i];
        if (k->type == YN_MAP) {
            convert_aim_group(L, k, &aims, &naims, &cap, &groups[ngroups]);
            if (groups[ngroups].heading && groups[ngroups].n) ngroups++;
            continue;
        }
        const char *t = yget_text(L, k, "aims");
        if (!t) continue;
        KH_GROW(aims, naims, cap);
        aims[naims++] = t;
    }
    p->aims = arena_alloc(&p->mem, (naims ? naims : 1) * sizeof *p->aims);
    if (naims) memcpy(p->aims, aims, naims * sizeof *aims);
    p->naims = naims;
    p->aim_groups = groups;
    p->naim_groups = ngroups;
    free(aims);
}

void conv_sections(loader *L, const ynode *n)
{
    static const char *const keys[] = {"aims", "contents", "organization"};
    const ynode *v[3];
    if (!yget_map(L, n, "sections", keys, 3, v)) return;
    for (int k = 0; k < 3; k++)
        if (v[k]) L->b.plan->section_label[k + 1] = yget_text(L, v[k], keys[k]);
}
