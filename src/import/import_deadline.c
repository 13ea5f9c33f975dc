/* The importer's reading of deadline words: the one parser
 * (src/deadline_words.c, shared with the plan loader) reads them; this file
 * keeps them as the document words them and says how sure the reading is. */
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "kehoach/deadline_words.h"
#include "kehoach/model.h"

size_t imp_date_at(const char *s, kh_date *date)
{
    return dw_date_at(s, date);
}

static const char *words(imp_ctx *c, const char *text, size_t a, size_t b)
{
    /* Whole characters only. */
    while (a > 0 && ((unsigned char)text[a] & 0xC0) == 0x80) a--;
    while (((unsigned char)text[b] & 0xC0) == 0x80) b++;
    return imp_strn(c->d, text + a, b - a);
}

imp_dl_kind imp_deadline_read(imp_ctx *c, const char *text, imp_deadline *dl)
{
    static const imp_dl_kind kinds[] = {[DW_NONE] = IMP_DL_NONE,
                                        [DW_DATE] = IMP_DL_DATE,
                                        [DW_CONTINUOUS] = IMP_DL_CONTINUOUS,
                                        [DW_PERIOD_END] = IMP_DL_PERIOD_END,
                                        [DW_PERIODIC] = IMP_DL_PERIODIC,
                                        [DW_WINDOW] = IMP_DL_WINDOW,
                                        [DW_EVENT] = IMP_DL_EVENT};
    kh_lang lang = c->lang;
    dw_reading r;
    memset(dl, 0, sizeof *dl);
    dl->date = dl->from = KH_NO_DATE;
    dl->event_at = -1;
    dw_read(text, c->year, &r);
    imp_dl_kind kind = kinds[r.kind];
    dl->kind = kind;
    dl->date = r.kind == DW_DATE || r.kind == DW_WINDOW ? dw_due(&r) : KH_NO_DATE;
    dl->from = r.from;
    dl->every = r.every;
    dl->days = r.days;
    if (r.kind != DW_NONE || r.open) dl->words = words(c, text, r.a, r.b);
    switch (r.kind) {
    case DW_EVENT:
        dl->event = words(c, text, r.ea, r.eb);
        /* Tied to the draft's events after the walk (imp_events). */
        dl->why = imp_why_at(IMP_SOURCE, (doc_pos){0}, NULL);
        break;
    case DW_WINDOW: dl->why = imp_why_at(IMP_SOURCE, (doc_pos){0}, NULL); break;
    case DW_PERIODIC:
        dl->why = imp_why_at(r.sure ? IMP_SOURCE : IMP_GUESS, (doc_pos){0},
                             r.sure ? NULL
                                    : imp_note(c,
                                               TR(lang,
                                                  "đọc \"%s\" là việc định kỳ; nếu chỉ là một "
                                                  "lần, sửa 'deadline'",
                                                  "read \"%s\" as periodic work; if it is done "
                                                  "once, change 'deadline'"),
                                               dl->words));
        break;
    case DW_DATE:
    case DW_CONTINUOUS:
    case DW_PERIOD_END: dl->why = imp_why_at(IMP_SOURCE, (doc_pos){0}, NULL); break;
    case DW_NONE:
        if (r.open)
            dl->why = imp_why_at(IMP_OPEN, (doc_pos){0},
                                 imp_note(c,
                                          TR(lang,
                                             "không đọc được thời hạn \"%s\"; hãy ghi ngày "
                                             "vào 'deadline'",
                                             "cannot read the deadline \"%s\"; write the day "
                                             "in 'deadline'"),
                                          dl->words));
        break;
    }
    return kind;
}

size_t imp_deadline_days(imp_ctx *c, const char *text, imp_deadline *out, size_t max)
{
    dw_reading r[16];
    size_t n = dw_days(text, c->year, r, max);
    for (size_t i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].kind = IMP_DL_DATE;
        out[i].date = dw_due(&r[i]);
        out[i].from = KH_NO_DATE;
        out[i].event_at = -1;
        out[i].words = words(c, text, r[i].a, r[i].b);
        out[i].why = imp_why_at(IMP_SOURCE, (doc_pos){0}, NULL);
    }
    return n;
}

void imp_deadline_default(imp_ctx *c, const char *text, imp_deadline *dl)
{
    kh_lang lang = c->lang;
    memset(dl, 0, sizeof *dl);
    dl->date = dl->from = KH_NO_DATE;
    dl->event_at = -1;
    char *lo = imp_lower(text);
    /* One-off work: a meeting, a dialogue, a budget, a plan to write. */
    static const char *const once_anywhere[] = {
        "hội nghị", "đối thoại", "bố trí kinh phí", "dự toán kinh phí",
        "hội thi",  "cuộc thi",  "tổ chức sơ kết",  "tổ chức tổng kết"};
    static const char *const once_first[] = {
        "ban hành", "xây dựng kế hoạch", "xây dựng và ban hành", "tổng kết",
        "sơ kết",   "tổ chức hội nghị"};
    const char *hit = NULL;
    bool tieptuc = imp_word_at(lo, 0, "tiếp tục") > 0;
    for (size_t k = 0; k < KH_ARRAY_LEN(once_first) && !hit && !tieptuc; k++)
        if (imp_word_at(lo, 0, once_first[k])) hit = once_first[k];
    for (size_t k = 0; k < KH_ARRAY_LEN(once_anywhere) && !hit && !tieptuc; k++) {
        const char *p = strstr(lo, once_anywhere[k]);
        if (p && imp_word_at(lo, (size_t)(p - lo), once_anywhere[k])) hit = once_anywhere[k];
    }
    free(lo);
    if (hit) {
        dl->kind = IMP_DL_PERIOD_END;
        dl->why = imp_why_at(
            IMP_GUESS, (doc_pos){0},
            imp_note(c,
                     TR(lang,
                        "văn bản không ghi thời hạn; đọc là việc làm một lần "
                        "trong kỳ (\"%s\"), ghi deadline: end-of-period",
                        "the document gives no deadline; read as work done "
                        "once within the period (\"%s\"), written deadline: end-of-period"),
                     hit));
        return;
    }
    dl->kind = IMP_DL_CONTINUOUS;
    if (tieptuc) {
        dl->why = imp_why_at(IMP_RULE, (doc_pos){0},
                             imp_note(c, "%s",
                                      TR(lang,
                                         "không ghi thời hạn; \"Tiếp tục ...\" là việc đang "
                                         "làm, ghi deadline: continuous",
                                         "no deadline given; \"Tiếp tục ...\" is ongoing work: "
                                         "written deadline: continuous")));
        return;
    }
    dl->why = imp_why_at(IMP_GUESS, (doc_pos){0},
                         imp_note(c, "%s",
                                  TR(lang,
                                     "văn bản không ghi thời hạn; đọc là việc làm thường "
                                     "xuyên, ghi deadline: continuous",
                                     "the document gives no deadline; read as ongoing work, "
                                     "written deadline: continuous")));
}
