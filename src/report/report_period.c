/* Reporting periods: which days a report covers. */
#include <string.h>

#include "report_int.h"

static int year_of(kh_date d)
{
    int y, m, dd;
    date_to_ymd(d, &y, &m, &dd);
    return y;
}

kh_errcode report_period(const kh_plan *plan, kh_date today, const char *name, kh_date *from,
                         kh_date *to)
{
    int last_month;
    if (!strcmp(name, "6m"))
        last_month = 6;
    else if (!strcmp(name, "9m"))
        last_month = 9;
    else if (!strcmp(name, "year"))
        last_month = 12;
    else
        return KH_E_INVALID;
    int y = year_of(today);
    if (y < year_of(plan->from) || y > year_of(plan->to)) y = year_of(plan->from);
    kh_date a = date_from_ymd(y, 1, 1);
    kh_date b = date_from_ymd(y, last_month, date_days_in_month(y, last_month));
    *from = a < plan->from ? plan->from : a;
    *to = b > plan->to ? plan->to : b;
    if (*to < *from) *to = *from;
    return KH_E_OK;
}

void report_current_period(const kh_plan *plan, kh_date today, kh_date *from, kh_date *to)
{
    int y, m, d;
    date_to_ymd(today, &y, &m, &d);
    const char *name = m <= 6 ? "6m" : m <= 9 ? "9m" : "year";
    report_period(plan, today, name, from, to);
}
