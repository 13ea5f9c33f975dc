/* Reporting periods: which days a report covers. Calendar periods, or the
 * data cut-off windows of Nghị định 09/2019/NĐ-CP, Article 12 (a plan's
 * `reporting: nd09`). */
#include <string.h>

#include "report_int.h"

int report_period_parse(const char *name)
{
    static const char *const names[REPORT_PERIOD_COUNT] = {[REPORT_MONTH] = "month",
                                                           [REPORT_QUARTER] = "quarter",
                                                           [REPORT_6M] = "6m",
                                                           [REPORT_9M] = "9m",
                                                           [REPORT_YEAR] = "year"};
    for (int k = 0; k < REPORT_PERIOD_COUNT; k++)
        if (!strcmp(name, names[k])) return k;
    return -1;
}

/* Return the day of (y, m, d), the month counted on past 12 or before 1. */
static kh_date day_of(int y, int m, int d)
{
    while (m < 1) {
        m += 12;
        y--;
    }
    while (m > 12) {
        m -= 12;
        y++;
    }
    if (d > 28) d = date_days_in_month(y, m);
    return date_from_ymd(y, m, d);
}

kh_errcode report_window(report_period_kind kind, report_cut cut, kh_date of, kh_date *from,
                         kh_date *to)
{
    int y, m, d;
    if (of == KH_NO_DATE || kind < 0 || kind >= REPORT_PERIOD_COUNT) return KH_E_INVALID;
    date_to_ymd(of, &y, &m, &d);
    /* The months the period runs over: first to last, of year y. */
    int first = 1, last;
    switch (kind) {
    case REPORT_MONTH: first = last = m; break;
    case REPORT_QUARTER:
        first = (m - 1) / 3 * 3 + 1;
        last = first + 2;
        break;
    case REPORT_6M: last = 6; break;
    case REPORT_9M: last = 9; break;
    default: last = 12; break;
    }
    if (cut == REPORT_CUT_ND09) {
        /* From the 15th of the month before the first (for a half year, 9
         * months or a year: of December before) to the 14th of the last. */
        *from = day_of(y, first - 1, 15);
        *to = day_of(y, last, 14);
    } else {
        *from = day_of(y, first, 1);
        *to = day_of(y, last, 31);
    }
    return *from == KH_NO_DATE || *to == KH_NO_DATE ? KH_E_INVALID : KH_E_OK;
}

static int months_of(kh_date day)
{
    int y, m, d;
    date_to_ymd(day, &y, &m, &d);
    return y * 12 + m - 1;
}

kh_errcode report_period(const kh_plan *plan, kh_date today, report_period_kind kind, kh_date of,
                         kh_date *from, kh_date *to, report_cut *cut)
{
    *cut = plan->reporting == KH_REPORTING_ND09 ? REPORT_CUT_ND09 : REPORT_CUT_CALENDAR;
    if (of == KH_NO_DATE) {
        /* Today's period when the plan runs then (for a half year, nine
         * months or a year: in today's year), else the plan's first. */
        bool by_year = kind >= REPORT_6M;
        int now = months_of(today), a = months_of(plan->from), b = months_of(plan->to);
        if (by_year) {
            now /= 12;
            a /= 12;
            b /= 12;
        }
        of = plan->from == KH_NO_DATE || (now >= a && now <= b) ? today : plan->from;
    }
    kh_errcode rc = report_window(kind, *cut, of, from, to);
    if (rc || *cut == REPORT_CUT_ND09) return rc;
    /* A calendar period is kept within the plan period (when it has one). */
    if (plan->from == KH_NO_DATE) return KH_E_OK;
    /* A period the plan does not run in at all: the window stays as it
     * is, for the caller's message. */
    if (*to < plan->from || *from > plan->to) return KH_E_NOT_FOUND;
    if (*from < plan->from) *from = plan->from;
    if (*to > plan->to) *to = plan->to;
    return KH_E_OK;
}

void report_current_period(const kh_plan *plan, kh_date today, kh_date *from, kh_date *to,
                           report_cut *cut)
{
    int y, m, d;
    report_cut c;
    date_to_ymd(today, &y, &m, &d);
    report_period_kind kind = m <= 6 ? REPORT_6M : m <= 9 ? REPORT_9M : REPORT_YEAR;
    kh_date of = KH_NO_DATE;
    if (plan->to != KH_NO_DATE && today > plan->to) {
        /* The plan is over: the report due is its last year's, whole. */
        kind = REPORT_YEAR;
        of = plan->to;
    }
    report_period(plan, today, kind, of, from, to, &c);
    if (cut) *cut = c;
}
