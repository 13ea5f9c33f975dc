/* The report's content: which tasks a period covers, how they stood on the
 * day the figures hold for, their notes and the proposals among them. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "kehoach/text.h"
#include "report_int.h"

int report_format_parse(const char *name)
{
    if (!strcmp(name, "md") || !strcmp(name, "markdown")) return REPORT_MD;
    if (!strcmp(name, "html")) return REPORT_HTML;
    if (!strcmp(name, "csv")) return REPORT_CSV;
    return -1;
}

const char *report_format_ext(report_format fmt)
{
    switch (fmt) {
    case REPORT_MD: return "md";
    case REPORT_HTML: return "html";
    case REPORT_CSV:
    case REPORT_CSV_BOM: return "csv";
    case REPORT_FORMAT_COUNT: break;
    }
    return "txt";
}

/* ---- periods ---- */

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

/* ---- proposals ---- */

bool report_note_is_proposal(const char *text, const char **body)
{
    static const char *const marks[] = {"kien nghi", "de xuat", "kn", "proposal"};
    const char *colon = strchr(text, ':');
    if (!colon || colon - text > 40) return false;
    char *head = xstrndup(text, (size_t)(colon - text));
    char *f = text_fold(head);
    free(head);
    if (!f) return false;
    /* text_fold makes runs of white space one space; trim the ends. */
    char *start = f + strspn(f, " ");
    size_t n = strlen(start);
    while (n && start[n - 1] == ' ') n--;
    start[n] = '\0';
    bool found = false;
    for (size_t i = 0; i < KH_ARRAY_LEN(marks) && !found; i++) found = !strcmp(start, marks[i]);
    free(f);
    if (found && body) {
        const char *b = colon + 1;
        while (*b == ' ' || *b == '\t') b++;
        *body = b;
    }
    return found;
}

/* ---- words shared by the writers ---- */

void rpt_upper(strbuf *out, const char *s)
{
    size_t n = strlen(s), i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 1) {
            sb_putc(out, s[i++]);
            continue;
        }
        utf8proc_uint8_t buf[4];
        utf8proc_ssize_t w = utf8proc_encode_char(utf8proc_toupper(cp), buf);
        sb_add(out, (const char *)buf, (size_t)w);
        i += (size_t)k;
    }
}

void rpt_clean(strbuf *out, const char *s)
{
    text_sanitize(out, s, TEXT_ONE_LINE);
}

void rpt_title(strbuf *out, const rpt *r, size_t i)
{
    strbuf sb = STRBUF_INIT;
    model_task_row_title(&sb, &r->plan->tasks[i], r->lang);
    rpt_clean(out, sb_str(&sb));
    sb_done(&sb);
}

void rpt_lead_names(strbuf *out, const rpt *r, const kh_task *t)
{
    for (size_t i = 0; i < t->nlead; i++) {
        if (i) sb_puts(out, ", ");
        sb_puts(out, r->plan->units[t->lead[i]].short_name);
    }
}

bool rpt_unit_shown(const rpt *r, size_t u)
{
    return r->unit < 0 || (size_t)r->unit == u;
}

/* The place a document is dated at: the last part of the plan's place
 * ("…, tỉnh Quảng Ngãi" → "Quảng Ngãi"), without the kind of unit. */
static void place_name(strbuf *out, const char *place)
{
    const char *p = strrchr(place, ',');
    p = p ? p + 1 : place;
    while (*p == ' ') p++;
    static const char *const kinds[] = {"tỉnh ",  "thành phố ", "Thành phố ", "Tỉnh ",
                                        "huyện ", "quận ",      "thị xã ",    "phường ",
                                        "xã ",    "thị trấn ",  "TP. ",       "TP "};
    for (size_t i = 0; i < KH_ARRAY_LEN(kinds); i++) {
        size_t n = strlen(kinds[i]);
        if (!strncmp(p, kinds[i], n) && p[n]) {
            p += n;
            break;
        }
    }
    sb_puts(out, p);
}

void rpt_date_line(strbuf *out, const rpt *r)
{
    int y, m, d;
    date_to_ymd(r->app->today, &y, &m, &d);
    if (r->plan->place) {
        place_name(out, r->plan->place);
        sb_puts(out, ", ");
    }
    if (r->lang == KH_LANG_EN) {
        char buf[11];
        sb_puts(out, date_format_dmy(r->app->today, buf));
    } else {
        sb_printf(out, "ngày %d tháng %d năm %d", d, m, y);
    }
}

void rpt_period_line(strbuf *out, const rpt *r)
{
    char a[11], b[11];
    sb_printf(out, RW(r, "Kỳ báo cáo: từ ngày %s đến ngày %s", "Reporting period: %s to %s"),
              date_format_dmy(r->from, a), date_format_dmy(r->to, b));
}

void rpt_scope_line(strbuf *out, const rpt *r)
{
    char a[11];
    sb_printf(out, RW(r, "Số liệu tính đến ngày %s", "Figures as of %s"),
              date_format_dmy(r->asof, a));
    if (r->unit >= 0)
        sb_printf(out, RW(r, " · Đơn vị: %s", " · Unit: %s"), r->plan->units[r->unit].name);
    if (r->filter && r->filter->status >= 0)
        sb_printf(out, RW(r, " · Trạng thái: %s", " · Status: %s"),
                  model_status_name((kh_status)r->filter->status, r->lang));
    if (r->filter && r->filter->timeliness >= 0)
        sb_printf(out, RW(r, " · Tình trạng: %s", " · Timeliness: %s"),
                  model_timeliness_name((kh_timeliness)r->filter->timeliness, r->lang));
    if (r->filter && r->filter->query)
        sb_printf(out, RW(r, " · Tìm: \"%s\"", " · Search: \"%s\""), r->filter->query);
}

void rpt_status(strbuf *out, const rpt *r, size_t i)
{
    const kh_task *t = &r->view[i];
    kh_timeliness tl = r->tl[i];
    sb_puts(out, model_status_name((kh_status)t->status, r->lang));
    if ((t->status == ST_DOING || t->status == ST_BLOCKED) && t->progress)
        sb_printf(out, " %d%%", t->progress);
    if (tl == TL_OVERDUE || tl == TL_DUE_SOON || tl == TL_DONE_LATE || tl == TL_DONE_ON_TIME)
        sb_printf(out, " · %s", model_timeliness_name(tl, r->lang));
}

kh_date rpt_completed_day(const rpt *r, size_t i)
{
    /* Done by asof: its day; done since: the completion date it has now. */
    const kh_task *t = r->done_after[i] ? &r->plan->tasks[i] : &r->view[i];
    return t->status == ST_DONE ? t->completed : KH_NO_DATE;
}

void rpt_completed(strbuf *out, const rpt *r, size_t i)
{
    char buf[11];
    kh_date d = rpt_completed_day(r, i);
    if (d == KH_NO_DATE) return;
    sb_puts(out, date_format_dmy(d, buf));
    if (r->done_after[i]) sb_puts(out, RW(r, " (sau ngày số liệu)", " (after the as-of day)"));
}

void rpt_note_by(strbuf *out, const rpt *r, const kh_note *n)
{
    char when[17];
    (void)r;
    sb_printf(out, "%s, %s", n->author ? n->author : "?",
              date_format_local_time((time_t)n->at, when));
}

void rpt_issue(strbuf *out, const rpt *r, size_t i)
{
    const kh_task *t = &r->view[i];
    char buf[11];
    if (t->dl_kind == DL_CONTINUOUS)
        sb_puts(out, RW(r, "thường xuyên", "continuous"));
    else
        sb_printf(out, RW(r, "hạn %s", "due %s"), date_format_dmy(t->due, buf));
    if (r->tl[i] == TL_OVERDUE)
        sb_printf(out, RW(r, ", quá hạn %d ngày", ", %d days overdue"), (int)(r->asof - t->due));
    sb_printf(out, "; %s", model_status_name((kh_status)t->status, r->lang));
    if (t->status != ST_TODO && t->progress) sb_printf(out, " %d%%", t->progress);
}

void rpt_summary_sentence(strbuf *out, const rpt *r)
{
    sb_printf(out,
              RW(r,
                 "Trong kỳ báo cáo có %zu nhiệm vụ (mỗi kỳ của một báo cáo định kỳ tính là một "
                 "nhiệm vụ); mức độ hoàn thành chung %d%%.",
                 "The period has %zu tasks (each period of a periodic report counts as one "
                 "task); overall completion %d%%."),
              r->nin, r->completion);
}

void rpt_issues_sentence(strbuf *out, const rpt *r)
{
    if (!r->nissues && !r->ndone_late) {
        sb_puts(out, RW(r, "Không có nhiệm vụ quá hạn hoặc vướng mắc.",
                        "No task is overdue or blocked."));
        return;
    }
    sb_printf(out,
              RW(r,
                 "Còn %zu nhiệm vụ chưa hoàn thành quá hạn, %zu nhiệm vụ vướng mắc; %zu "
                 "nhiệm vụ hoàn thành trễ hạn.",
                 "%zu tasks are not done and overdue, %zu are blocked; %zu were done late."),
              r->noverdue, r->nblocked, r->ndone_late);
}

void rpt_ahead_sentence(strbuf *out, const rpt *r)
{
    char a[11], b[11];
    if (r->next_from > r->next_to) {
        sb_printf(out,
                  RW(r, "Kỳ kế hoạch kết thúc ngày %s; không còn thời hạn nào sau đó.",
                     "The plan period ends on %s; no deadline falls after it."),
                  date_format_dmy(r->plan->to, a));
        return;
    }
    if (!r->nahead)
        sb_printf(out,
                  RW(r, "Không có nhiệm vụ nào đến hạn từ ngày %s đến ngày %s.",
                     "No task falls due from %s to %s."),
                  date_format_dmy(r->next_from, a), date_format_dmy(r->next_to, b));
    else
        sb_printf(out,
                  RW(r, "Các nhiệm vụ đến hạn từ ngày %s đến ngày %s:",
                     "Tasks falling due from %s to %s:"),
                  date_format_dmy(r->next_from, a), date_format_dmy(r->next_to, b));
}

const char *rpt_category_short(const rpt *r, kh_category c)
{
    switch (c) {
    case CAT_DONE_ON_TIME: return RW(r, "Đã HT đúng hạn", "Done on time");
    case CAT_DONE_LATE: return RW(r, "Đã HT quá hạn", "Done late");
    case CAT_OPEN_IN_TIME: return RW(r, "Chưa HT trong hạn", "Open, in time");
    case CAT_OPEN_OVERDUE: return RW(r, "Chưa HT quá hạn", "Open, overdue");
    case CAT_COUNT: break;
    }
    return "?";
}

const char *rpt_heading(const rpt *r, int n)
{
    switch (n) {
    case 1: return RW(r, "I. Kết quả đạt được", "I. Results achieved");
    case 2: return RW(r, "II. Hạn chế, nguyên nhân", "II. Shortcomings and causes");
    case 3:
        return RW(r, "III. Phương hướng, nhiệm vụ thời gian tới",
                  "III. Directions and tasks ahead");
    case 4: return RW(r, "IV. Kiến nghị, đề xuất", "IV. Proposals");
    case 11: return RW(r, "1. Tổng hợp chung", "1. Overall");
    case 12: return RW(r, "2. Theo đơn vị chủ trì", "2. By lead unit");
    case 13: return RW(r, "3. Kết quả từng nhiệm vụ", "3. Task by task");
    default: return "";
    }
}

size_t rpt_task_notes(const rpt *r, size_t i, const kh_note *const **v)
{
    *v = r->by_task + r->note_first[i];
    return r->note_first[i + 1] - r->note_first[i];
}

/* ---- gathering ---- */

static const rpt *sort_rpt; /* qsort has no context argument in C11 */

static int cmp_ahead(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    kh_date dx = sort_rpt->view[x].due, dy = sort_rpt->view[y].due;
    if (dx != dy) return dx < dy ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Return true when task i belongs to the period's results. */
static bool in_period(const rpt *r, size_t i)
{
    const kh_task *t = &r->view[i]; /* as it stood on asof */
    if (t->dl_kind == DL_CONTINUOUS) return r->plan->from <= r->to && r->plan->to >= r->from;
    bool done = t->status == ST_DONE;
    bool done_in = done && t->completed != KH_NO_DATE && t->completed >= r->from;
    if (t->due >= r->from && t->due <= r->to) return true;
    if (t->due < r->from) return !done || done_in;
    /* Due after the period: reported when finished or under way in it (a
     * task started or finished after the as-of day is neither). */
    return done_in || t->status == ST_DOING || t->status == ST_BLOCKED;
}

static void gather_notes(rpt *r, kh_error *err, kh_errcode *rc)
{
    kh_note *all = NULL;
    size_t n = 0;
    *rc = app_notes(r->app, NULL, &all, &n, err);
    if (*rc) return;
    /* For a period that is over, keep the notes written up to its end;
     * otherwise every note known today counts. */
    bool cut = r->asof < r->app->today;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!cut || date_of_time((time_t)all[i].at) <= r->asof) {
            all[k++] = all[i];
        } else {
            free(all[i].task_id);
            free(all[i].text);
            free(all[i].author);
        }
    }
    r->notes = all;
    r->nnotes = k;
    size_t ntasks = r->plan->ntasks;
    long *task = xreallocarray(NULL, k ? k : 1, sizeof *task);
    r->note_first = xcalloc(ntasks + 2, sizeof *r->note_first);
    r->by_task = xreallocarray(NULL, k ? k : 1, sizeof *r->by_task);
    for (size_t i = 0; i < k; i++) {
        task[i] = model_find_task(r->plan, all[i].task_id);
        if (task[i] >= 0) r->note_first[task[i] + 2]++;
    }
    for (size_t i = 2; i < ntasks + 2; i++) r->note_first[i] += r->note_first[i - 1];
    for (size_t i = 0; i < k; i++)
        if (task[i] >= 0) r->by_task[r->note_first[task[i] + 1]++] = &all[i];
    /* Proposals on the period's tasks, written within the period, oldest
     * first. */
    bool *shown = xcalloc(ntasks ? ntasks : 1, sizeof *shown);
    for (size_t i = 0; i < r->nin; i++) shown[r->in[i]] = true;
    r->proposals = xreallocarray(NULL, k ? k : 1, sizeof *r->proposals);
    for (size_t i = k; i-- > 0;) {
        const char *body;
        if (task[i] < 0 || !shown[task[i]]) continue;
        if (date_of_time((time_t)all[i].at) < r->from) continue;
        if (!report_note_is_proposal(all[i].text, &body) || !*body) continue;
        r->proposals[r->nproposals++] = (rpt_proposal){(uint32_t)task[i], &all[i], body};
    }
    free(shown);
    free(task);
}

static void rpt_free(rpt *r)
{
    free(r->view);
    free(r->tl);
    free(r->done_after);
    free(r->in);
    free(r->issues);
    free(r->ahead);
    free(r->unit_lead);
    free(r->unit_cat);
    store_notes_free(r->notes, r->nnotes);
    free(r->by_task);
    free(r->note_first);
    free(r->proposals);
}

/* The end of the period as long as from-to that follows it: whole months
 * when from-to is whole months (January-June: then July-December). */
static kh_date next_end(kh_date from, kh_date to)
{
    int y1, m1, d1, y2, m2, d2;
    date_to_ymd(from, &y1, &m1, &d1);
    date_to_ymd(to, &y2, &m2, &d2);
    if (d1 != 1 || d2 != date_days_in_month(y2, m2)) return to + (to - from + 1);
    int months = (y2 * 12 + m2) - (y1 * 12 + m1) + 1;
    int end = y2 * 12 + (m2 - 1) + months;
    int y = end / 12, m = end % 12 + 1;
    kh_date d = date_from_ymd(y, m, date_days_in_month(y, m));
    return d == KH_NO_DATE ? to : d;
}

static kh_errcode rpt_build(rpt *r, const kh_app *app, const kh_filter *filter, kh_date from,
                            kh_date to, kh_error *err)
{
    memset(r, 0, sizeof *r);
    const kh_plan *plan = app->plan;
    r->app = app;
    r->plan = plan;
    r->lang = app->lang;
    r->filter = filter;
    r->unit = filter ? filter->unit : -1;
    if (to < from) {
        char a[11], b[11];
        return kh_error_set(err, KH_E_INVALID,
                            TR(app->lang, "kỳ báo cáo kết thúc (%s) trước khi bắt đầu (%s)",
                               "the period ends (%s) before it starts (%s)"),
                            date_format_dmy(to, a), date_format_dmy(from, b));
    }
    r->from = from;
    r->to = to;
    r->asof = app->today < to ? app->today : to;
    r->next_from = r->asof + 1;
    /* Never past the plan's end: the plan says nothing of what comes after. */
    r->next_to = next_end(from, to);
    if (r->next_to > plan->to) r->next_to = plan->to;
    size_t n = plan->ntasks;
    r->view = xreallocarray(NULL, n ? n : 1, sizeof *r->view);
    r->tl = xreallocarray(NULL, n ? n : 1, sizeof *r->tl);
    r->done_after = xcalloc(n ? n : 1, sizeof *r->done_after);
    r->in = xreallocarray(NULL, n ? n : 1, sizeof *r->in);
    r->issues = xreallocarray(NULL, n ? n : 1, sizeof *r->issues);
    r->ahead = xreallocarray(NULL, n ? n : 1, sizeof *r->ahead);
    r->unit_lead = xcalloc(plan->nunits ? plan->nunits : 1, sizeof *r->unit_lead);
    r->unit_cat = xcalloc(plan->nunits ? plan->nunits : 1, sizeof *r->unit_cat);
    kh_errcode rc = rpt_view_asof(r, err);
    if (rc) return rc;
    uint64_t progress = 0;
    for (size_t i = 0; i < n; i++) {
        const kh_task *v = &r->view[i];
        r->tl[i] = model_timeliness(v, r->asof);
        if (filter && !app_match(app, filter, &plan->tasks[i])) continue;
        bool done = v->status == ST_DONE;
        if (in_period(r, i)) {
            r->in[r->nin++] = (uint32_t)i;
            kh_category c = model_category(r->tl[i]);
            r->cat[c]++;
            progress += done ? 100 : v->progress;
            for (size_t k = 0; k < v->nlead; k++) {
                r->unit_lead[v->lead[k]]++;
                r->unit_cat[v->lead[k]][c]++;
            }
            if (r->tl[i] == TL_OVERDUE) r->noverdue++;
            if (v->status == ST_BLOCKED) r->nblocked++;
            if (r->tl[i] == TL_DONE_LATE) r->ndone_late++;
            if (r->tl[i] == TL_OVERDUE || v->status == ST_BLOCKED)
                r->issues[r->nissues++] = (uint32_t)i;
        }
        if (done) continue;
        if (v->dl_kind == DL_CONTINUOUS) {
            if (plan->to > r->asof) r->ncontinuing++;
        } else if (v->due > r->asof && v->due <= r->next_to) {
            r->ahead[r->nahead++] = (uint32_t)i;
        }
    }
    r->completion = r->nin ? (int)((progress + r->nin / 2) / r->nin) : 0;
    sort_rpt = r;
    qsort(r->ahead, r->nahead, sizeof *r->ahead, cmp_ahead);
    sort_rpt = NULL;
    gather_notes(r, err, &rc);
    return rc;
}

/* ---- writing ---- */

kh_errcode report_fwrite(const kh_app *app, const kh_filter *filter, kh_date from, kh_date to,
                         report_format fmt, FILE *out, kh_error *err)
{
    rpt r;
    kh_errcode rc = rpt_build(&r, app, filter, from, to, err);
    if (rc) {
        rpt_free(&r);
        return rc;
    }
    switch (fmt) {
    case REPORT_MD: rpt_write_md(&r, out); break;
    case REPORT_HTML: rpt_write_html(&r, out); break;
    case REPORT_CSV:
    case REPORT_CSV_BOM: rpt_write_csv(&r, out, fmt == REPORT_CSV_BOM); break;
    case REPORT_FORMAT_COUNT: break;
    }
    rpt_free(&r);
    if (fflush(out) != 0 || ferror(out)) return kh_error_set(err, KH_E_IO, "%s", strerror(errno));
    return KH_E_OK;
}

kh_errcode report_write(const kh_app *app, const kh_filter *filter, kh_date from, kh_date to,
                        report_format fmt, const char *path, kh_error *err)
{
    if (to < from) {
        rpt r;
        kh_errcode rc = rpt_build(&r, app, filter, from, to, err);
        rpt_free(&r);
        return rc;
    }
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wx");
    if (!f) {
        kh_errcode rc = kh_error_set(err, KH_E_IO, "%s: %s", path, strerror(errno));
        free(tmp);
        return rc;
    }
    kh_errcode rc = report_fwrite(app, filter, from, to, fmt, f, err);
    if (fclose(f) != 0 && !rc) {
        rc = kh_error_set(err, KH_E_IO, "%s: %s", path, strerror(errno));
    } else if (rc == KH_E_IO && err) {
        char was[sizeof err->detail];
        memcpy(was, err->detail, sizeof was);
        snprintf(err->detail, sizeof err->detail, "%s: %.400s", path, was);
    }
    if (!rc && rename(tmp, path) != 0)
        rc = kh_error_set(err, KH_E_IO, "%s: %s", path, strerror(errno));
    if (rc) unlink(tmp);
    free(tmp);
    return rc;
}
