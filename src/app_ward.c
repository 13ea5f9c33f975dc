/* A ward's workspace: in a plan that assigns tasks to each ward (the
 * province's, held by the ward read-only), only the ward's own occurrences
 * ("II.3@tqt") may be changed; its own plans are as any plan. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/app.h"

/* Return true when the plan has an occurrence of the ward's. */
static bool assigns_ward(const kh_plan *plan, const char *ward)
{
    for (size_t i = 0; i < plan->ntasks; i++) {
        const char *m = model_task_member(&plan->tasks[i]);
        if (m && !strcmp(m, ward)) return true;
    }
    return false;
}

bool app_ward_may(kh_app *app, size_t task)
{
    if (app->province && app->plan) /* a ward's occurrence is the ward's */
        return task < app->plan->ntasks && !model_task_member(&app->plan->tasks[task]);
    if (!app->ward || !app->plan) return true;
    if (!app->ward_plan) app->ward_plan = assigns_ward(app->plan, app->ward) ? 1 : 2;
    if (app->ward_plan == 2) return true;
    if (task >= app->plan->ntasks) return false;
    const char *m = model_task_member(&app->plan->tasks[task]);
    return m && !strcmp(m, app->ward);
}

/* The refusal of another ward's occurrence id (its unit u of plan). */
static kh_errcode foreign(const kh_plan *plan, const char *id, const char *parent, long u,
                          const char *ward, kh_lang lang, kh_error *err)
{
    return kh_error_set(err, KH_E_DENIED,
                        TR(lang,
                           "%s là việc của %s (%s); không gian làm việc này là của %s: chỉ "
                           "theo dõi việc của mình (%s@%s)",
                           "%s is %s's (%s); this workspace is %s's: it tracks only its own "
                           "(%s@%s)"),
                        id, plan->units[u].name, plan->units[u].id, ward, parent, ward);
}

kh_errcode app_ward_foreign(const kh_plan *plan, const char *ward, const char *id, kh_lang lang,
                            kh_error *err)
{
    const char *at = ward ? strrchr(id, '@') : NULL;
    if (!at || !strcmp(at + 1, ward)) return KH_E_OK;
    long u = model_find_unit(plan, at + 1);
    if (u < 0) return KH_E_OK;
    char *parent = xstrndup(id, (size_t)(at - id));
    kh_errcode rc = foreign(plan, id, parent, u, ward, lang, err);
    free(parent);
    return rc;
}

kh_errcode app_ward_check(kh_app *app, size_t task, kh_error *err)
{
    if (app_ward_may(app, task)) return KH_E_OK;
    const kh_plan *plan = app->plan;
    kh_lang lang = app->lang;
    if (task >= plan->ntasks) return kh_error_set(err, KH_E_NOT_FOUND, "%zu", task);
    const kh_task *t = &plan->tasks[task];
    const char *m = model_task_member(t);
    long u = m ? model_find_unit(plan, m) : -1;
    if (app->province)
        return kh_error_set(
            err, KH_E_DENIED,
            TR(lang,
               "%s là việc của %s: ở tỉnh chỉ xem, trạng thái lấy từ bản chụp phường, xã gửi lên "
               "(phường, xã tự cập nhật trong không gian làm việc của mình, tạo bằng kehoach "
               "--workspace THƯ_MỤC init --ward %s, rồi gửi bản chụp mới)",
               "%s is %s's task: the province only sees it, its state is the ward's snapshot (the "
               "ward updates it in its own workspace, made with kehoach --workspace DIR init "
               "--ward %s, and sends a new snapshot)"),
            t->id, u >= 0 ? plan->units[u].name : m, m);
    if (u >= 0)
        return foreign(plan, t->id, t->sub_of ? plan->tasks[t->sub_of - 1].id : t->id, u, app->ward,
                       lang, err);
    return kh_error_set(err, KH_E_DENIED,
                        TR(lang,
                           "%s thuộc kế hoạch %s giao cho từng đơn vị; không gian làm việc của "
                           "%s chỉ theo dõi việc được giao cho mình (TASK@%s)",
                           "%s is of plan %s, which assigns tasks to each member; the workspace of "
                           "%s tracks only its own (TASK@%s)"),
                        t->id, plan->id, app->ward, app->ward);
}
