/* The history of changes, and in words (undo is in app_undo.c). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kehoach/app.h"

kh_errcode app_history(const kh_app *app, const kh_history_filter *f, kh_history **out, size_t *n,
                       kh_error *err)
{
    *out = NULL;
    *n = 0;
    if (!app->store) return KH_E_OK; /* no database yet: nothing has happened */
    return store_history_query(app->store, app->plan->id, f, out, n, err);
}

int64_t app_day_start(kh_date d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = dd;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

void app_history_words(strbuf *out, const kh_history *h, kh_lang lang)
{
    kh_field f = h->kind;
    if (f == KF_AMEND || f == KF_AMEND_WITHDRAWN) { /* in words, the day as dd/mm/yyyy */
        sb_printf(out, "%s: ", model_field_name(f, lang));
        const char *v = f == KF_AMEND ? h->new_value : h->old_value;
        if (v) model_field_words(out, f, v, lang);
    } else if (f == KF_NOTE || f == KF_RESULT) {
        sb_printf(out, "%s: %s", model_field_name(f, lang), h->new_value ? h->new_value : "");
    } else if (f == KF_NOTE_WITHDRAWN || f == KF_RESULT_WITHDRAWN) {
        sb_printf(out, "%s: %s", model_field_name(f, lang), h->old_value ? h->old_value : "");
    } else if (f == KF_CONFIRMED) { /* an undo's row: the confirmation taken back */
        sb_puts(out, h->new_value
                         ? model_field_name(f, lang)
                         : TR(lang, "rút lại xác nhận hoàn thành", "confirmation withdrawn"));
    } else if (f == KF_REJECTED) {
        sb_printf(out, "%s: %s",
                  h->new_value ? model_field_name(f, lang)
                               : TR(lang, "rút lại việc trả lại", "rejection withdrawn"),
                  h->new_value   ? h->new_value
                  : h->old_value ? h->old_value
                                 : "");
    } else {
        const char *name = model_field_name(f, lang);
        sb_printf(out, "%s: ", name ? name : h->field ? h->field : "");
        model_field_words(out, f, h->old_value, lang);
        sb_puts(out, " → ");
        model_field_words(out, f, h->new_value, lang);
    }
    if (h->undo_of && f != KF_NOTE_WITHDRAWN && f != KF_RESULT_WITHDRAWN && f != KF_AMEND_WITHDRAWN)
        sb_puts(out, TR(lang, " (hoàn tác)", " (undo)"));
}
