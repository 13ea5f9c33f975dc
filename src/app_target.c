/* Targets as a person acts on them: measure one (rights as for a task, by
 * its lead unit), undo a measurement. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/app.h"
#include "kehoach/store_target.h"
#include "kehoach/text.h"

/* Refuse, with who may in err, unless the user may measure the target. */
static kh_errcode check_rights(kh_app *app, size_t target, kh_error *err)
{
    if (app_may_measure(app, target)) return KH_E_OK;
    const kh_plan *plan = app->plan;
    const kh_target *t = &plan->targets[target];
    strbuf who = STRBUF_INIT;
    if (t->lead >= 0) {
        bool named = false;
        for (size_t i = 0; i < plan->nrights; i++)
            named |= !plan->rights[i].all && plan->rights[i].unit == (uint16_t)t->lead;
        if (named)
            sb_printf(&who, "%s %s", TR(app->lang, "đơn vị", "the unit"),
                      plan->units[t->lead].name);
    }
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *r = &plan->rights[i];
        if (!r->all) continue;
        for (uint32_t k = 0; k < r->nusers; k++)
            sb_printf(&who, "%s%s", who.len ? ", " : "", r->users[k].name);
        for (uint32_t k = 0; k < r->ngroups; k++)
            sb_printf(&who, "%s%s %s", who.len ? ", " : "", TR(app->lang, "nhóm", "group"),
                      r->groups[k].name);
    }
    kh_errcode rc = kh_error_set(
        err, KH_E_DENIED, TR(app->lang, "%s (%s) — được đo: %s", "%s (%s) — who may: %s"), t->id,
        app_user(app), who.len ? sb_str(&who) : TR(app->lang, "không ai", "no one"));
    sb_done(&who);
    return rc;
}

/* The plan file's value of t in the store's form; codes in buf (32 bytes). */
static const kh_measurement *base_of(const kh_target *t, kh_measurement *m, strbuf *buf)
{
    if (!t->base.measured) return NULL;
    target_value_code(buf, (kh_measure)t->measure, t->base.value);
    *m = (kh_measurement){sb_str(buf), t->base.on, t->base.doc};
    return m;
}

kh_errcode app_measure(kh_app *app, size_t target, double value, kh_date on, const char *doc,
                       kh_error *err)
{
    kh_plan *plan = app->plan;
    if (target >= plan->ntargets) return kh_error_set(err, KH_E_NOT_FOUND, "%zu", target);
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    kh_errcode rc = check_rights(app, target, err);
    if (rc) return rc;
    kh_target *t = &plan->targets[target];
    char *clean = NULL;
    if (doc && *doc) {
        if (!target_doc_ok(doc))
            return kh_error_set(err, KH_E_INVALID,
                                TR(app->lang,
                                   "--doc: nguồn số liệu phải là một dòng chữ (tối đa %d byte, "
                                   "không ký tự điều khiển)",
                                   "--doc: the source must be one line of text (at most %d "
                                   "bytes, no control character)"),
                                KH_TARGET_DOC_MAX);
        clean = text_nfc(doc, strlen(doc));
    }
    strbuf code = STRBUF_INIT, base_code = STRBUF_INIT;
    target_value_code(&code, (kh_measure)t->measure, value);
    kh_measurement m = {sb_str(&code), on, clean}, bm;
    const kh_measurement *base = base_of(t, &bm, &base_code);
    int64_t now = (int64_t)time(NULL);
    const char *user = app_user(app);
    rc = store_target_measure(app->store, plan->id, t->id, &m, base, user, now, err);
    if (!rc) {
        t->state = (kh_measured){true,
                                 value,
                                 on,
                                 m.doc ? arena_strdup(&plan->mem, m.doc) : NULL,
                                 model_intern_user(plan, user),
                                 now};
    }
    free(clean);
    sb_done(&code);
    sb_done(&base_code);
    return rc;
}

kh_errcode app_target_last_change(kh_app *app, size_t target, kh_undo *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    const kh_plan *plan = app->plan;
    if (target >= plan->ntargets) return kh_error_set(err, KH_E_NOT_FOUND, "%zu", target);
    const char *id = plan->targets[target].id;
    if (!app->store) return kh_error_set(err, KH_E_NOT_FOUND, "%s, %s", app_user(app), id);
    kh_errcode rc =
        store_last_change(app->store, plan->id, app_user(app), id, &out->rows, &out->nrows, err);
    if (rc) return rc;
    out->is_target = true;
    out->target = target;
    out->change = out->rows[0].change;
    return KH_E_OK;
}

kh_errcode app_target_undo(kh_app *app, const kh_undo *u, kh_error *err)
{
    kh_plan *plan = app->plan;
    if (!u->is_target || u->target >= plan->ntargets)
        return kh_error_set(err, KH_E_NOT_FOUND, "%zu", u->target);
    if (!app->store)
        return kh_error_set(err, KH_E_DB_READONLY, "%s", app->db_path ? app->db_path : "");
    kh_errcode rc = check_rights(app, u->target, err);
    if (rc) return rc;
    kh_target *t = &plan->targets[u->target];
    strbuf base_code = STRBUF_INIT;
    kh_measurement bm;
    const kh_measurement *base = base_of(t, &bm, &base_code);
    rc = store_target_undo(app->store, plan->id, t->id, u->change, base, app_user(app),
                           (int64_t)time(NULL), err);
    sb_done(&base_code);
    if (rc) return rc;
    /* What the value went back to is the store's to say. */
    return store_target_load(app->store, plan, err);
}

kh_errcode app_target_asof(const kh_app *app, kh_date asof, kh_measured *out, kh_error *err)
{
    return store_target_asof(app->store, app->plan, asof, out, err);
}
