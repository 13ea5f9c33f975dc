/* Who may change which tasks: the plan's `rights:` against the real user
 * and their groups. With no `rights:`, anyone who can write the database
 * may change any task. This stops mistakes between colleagues; it is no
 * security boundary (see README, "Guarantees"). */
#include <stdlib.h>
#include <string.h>

#include "kehoach/app.h"
#include "kehoach/app_confirm.h"
#include "kehoach/paths.h"
#include "kehoach/server_mode.h"

/* Read the user's groups once. */
static void know_groups(kh_app *app)
{
    if (app->groups_known) return;
    app->groups = paths_groups(&app->ngroups);
    app->groups_known = true;
}

/* Return true when right r names the user or one of their groups. */
static bool names_user(kh_app *app, const kh_right *r)
{
    for (uint32_t i = 0; i < r->nusers; i++)
        if (!strcmp(r->users[i].name, app_user(app))) return true;
    for (uint32_t i = 0; i < r->ngroups; i++)
        for (size_t k = 0; k < app->ngroups; k++)
            if (!strcmp(r->groups[i].name, app->groups[k])) return true;
    return false;
}

bool app_may_change(kh_app *app, size_t task)
{
    const kh_plan *plan = app->plan;
    if (!app_ward_may(app, task)) return false; /* another ward's (app_ward.c) */
    /* On the office server a plan says who may change what, or no one may. */
    if (!plan->nrights) return !server_needs_rights();
    if (task >= plan->ntasks) return false;
    know_groups(app);
    const kh_task *t = &plan->tasks[task];
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *r = &plan->rights[i];
        if ((r->all || model_task_has_unit(t, r->unit)) && names_user(app, r)) return true;
    }
    return false;
}

bool app_may_change_all(kh_app *app)
{
    const kh_plan *plan = app->plan;
    if (!plan->nrights) return true;
    know_groups(app);
    for (size_t i = 0; i < plan->nrights; i++)
        if (plan->rights[i].all && names_user(app, &plan->rights[i])) return true;
    return false;
}

bool app_may_measure(kh_app *app, size_t target)
{
    const kh_plan *plan = app->plan;
    if (!plan->nrights) return true;
    if (target >= plan->ntargets) return false;
    know_groups(app);
    long lead = plan->targets[target].lead;
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *r = &plan->rights[i];
        if ((r->all || (lead >= 0 && r->unit == (uint16_t)lead)) && names_user(app, r)) return true;
    }
    return false;
}

/* Return the entry of `rights:` for unit u, or NULL. */
static const kh_right *right_of(const kh_plan *plan, size_t u)
{
    for (size_t i = 0; i < plan->nrights; i++)
        if (!plan->rights[i].all && plan->rights[i].unit == u) return &plan->rights[i];
    return NULL;
}

/* Append the units of list u[0..n) that rights names, comma-separated;
 * return how many. */
static size_t units_named(const kh_plan *plan, const uint16_t *u, size_t n, bool short_names,
                          strbuf *out, size_t before)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!right_of(plan, u[i])) continue;
        const kh_unit *unit = &plan->units[u[i]];
        sb_printf(out, "%s%s", before + k ? ", " : "", short_names ? unit->short_name : unit->name);
        k++;
    }
    return k;
}

void app_rights_who(const kh_app *app, size_t task, bool short_names, strbuf *out)
{
    const kh_plan *plan = app->plan;
    kh_lang lang = app->lang;
    const kh_task *t = &plan->tasks[task];
    size_t start = out->len;
    sb_puts(out, TR(lang, "đơn vị ", "the units "));
    size_t n = units_named(plan, t->lead, t->nlead, short_names, out, 0);
    if (n) sb_puts(out, TR(lang, " (chủ trì)", " (lead)"));
    size_t m = units_named(plan, t->support, t->nsupport, short_names, out, n);
    if (m) sb_puts(out, TR(lang, " (phối hợp)", " (support)"));
    if (!n && !m) {
        out->len = start; /* no unit of the task is named */
        if (out->data) out->data[start] = '\0';
    }
    bool any = n || m;
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *r = &plan->rights[i];
        if (!r->all) continue;
        sb_puts(out, any ? "; " : "");
        sb_puts(out, TR(lang, "người sửa mọi nhiệm vụ: ", "those who may change every task: "));
        for (uint32_t k = 0; k < r->nusers; k++)
            sb_printf(out, "%s%s", k ? ", " : "", r->users[k].name);
        for (uint32_t k = 0; k < r->ngroups; k++)
            sb_printf(out, "%s%s %s", k || r->nusers ? ", " : "", TR(lang, "nhóm", "group"),
                      r->groups[k].name);
        any = true;
    }
    if (!any)
        sb_puts(out, TR(lang, "không ai ('rights' của kế hoạch không ghi đơn vị nào của nó)",
                        "no one (the plan's 'rights' names none of its units)"));
}

kh_errcode app_check_rights(kh_app *app, size_t task, kh_error *err)
{
    kh_errcode ward = app_ward_check(app, task, err);
    if (ward) return ward;
    if (app_may_change(app, task)) return KH_E_OK;
    strbuf who = STRBUF_INIT;
    if (task < app->plan->ntasks) app_rights_who(app, task, false, &who);
    kh_errcode rc = kh_error_set(
        err, KH_E_DENIED, TR(app->lang, "%s (%s) — được sửa: %s", "%s (%s) — who may: %s"),
        task < app->plan->ntasks ? app->plan->tasks[task].id : "?", app_user(app), sb_str(&who));
    sb_done(&who);
    return rc;
}

bool app_may_confirm(kh_app *app, size_t task)
{
    const kh_plan *plan = app->plan;
    if (task >= plan->ntasks) return false;
    if (!plan->nrights) return true;
    know_groups(app);
    const kh_task *t = &plan->tasks[task];
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *r = &plan->rights[i];
        bool confirms = r->all || (t->confirmer && r->unit == t->confirmer - 1);
        if (confirms && names_user(app, r)) return true;
    }
    return false;
}

kh_errcode app_check_confirm_rights(kh_app *app, size_t task, kh_error *err)
{
    kh_errcode ward = app_ward_check(app, task, err);
    if (ward) return ward;
    if (app_may_confirm(app, task)) return KH_E_OK;
    const kh_plan *plan = app->plan;
    const kh_task *t = task < plan->ntasks ? &plan->tasks[task] : NULL;
    const char *unit = t && t->confirmer ? plan->units[t->confirmer - 1].name : "?";
    return kh_error_set(
        err, KH_E_CONFIRM_DENIED,
        TR(app->lang, "%s (%s) — đơn vị xác nhận: %s", "%s (%s) — the unit that confirms: %s"),
        t ? t->id : "?", app_user(app), unit);
}
