/* The words and sentences of a report, shared by every format. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "kehoach/text.h"
#include "report_int.h"

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

void rpt_lead_names(strbuf *out, const rpt *r, const kh_task *t)
{
    for (size_t i = 0; i < t->nlead; i++) {
        if (i) sb_puts(out, ", ");
        sb_puts(out, r->plan->units[t->lead[i]].short_name);
    }
}

bool rpt_plan_multi_year(const kh_plan *plan)
{
    return plan->to - plan->from > 366;
}

bool rpt_unit_shown(const rpt *r, size_t u)
{
    return r->unit < 0 || (size_t)r->unit == u;
}

/* Return the length of the prefix of s that is word w (ASCII-folded,
 * case and diacritics aside) followed by a space, or 0. */
static size_t starts_with_word(const char *s, const char *w)
{
    const char *sp = s;
    size_t words = 1;
    for (const char *q = w; *q; q++) words += *q == ' ';
    for (size_t k = 0; k < words; k++) {
        sp = strchr(sp, ' ');
        if (!sp) return 0;
        sp++;
    }
    char *head = xstrndup(s, (size_t)(sp - s - 1));
    char *f = text_fold(head);
    bool same = f && !strcmp(f, w);
    free(head);
    free(f);
    return same ? (size_t)(sp - s) : 0;
}

/* The kinds of administrative unit a place's name may start with, folded. */
static const char *const unit_kinds[] = {"phuong", "xa",     "thi tran",  "dac khu", "quan",
                                         "huyen",  "thi xa", "thanh pho", "tinh"};

/* Family names common enough that a unit whose name starts with one is
 * taken to be named after a person (folded). */
static const char *const family_names[] = {
    "nguyen", "tran", "le",    "pham", "hoang", "huynh", "phan", "vu",     "vo",
    "dang",   "bui",  "do",    "ho",   "ngo",   "duong", "ly",   "truong", "dinh",
    "trinh",  "doan", "luong", "lam",  "cao",   "chu",   "luu",  "phung",  "ton",
    "ta",     "kieu", "quach", "thai", "mac",   "nong",  "hua",  "tang",   "ong"};

/* Return true when a unit's own name (without its kind) is of those the
 * decree writes in full, with the kind: named after a number, a person or a
 * historical event. Told from the text: a name that starts with a digit; a
 * name whose first word is a common family name; a name of three words or
 * more (a person's full name, an event such as "Điện Biên Phủ"). Writing
 * the kind is never wrong, only longer, so the rule leans that way. */
static bool named_in_full(const char *name)
{
    if (*name >= '0' && *name <= '9') return true;
    size_t words = 1;
    for (const char *p = name; *p; p++) words += *p == ' ';
    if (words >= 3) return true;
    for (size_t i = 0; i < KH_ARRAY_LEN(family_names); i++)
        if (starts_with_word(name, family_names[i])) return true;
    return false;
}

/* Append s with its first letter in upper case. */
static void capitalise(strbuf *out, const char *s)
{
    if (!*s) return;
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &cp);
    if (k < 1) {
        sb_puts(out, s);
        return;
    }
    utf8proc_uint8_t buf[4];
    utf8proc_ssize_t w = utf8proc_encode_char(utf8proc_toupper(cp), buf);
    sb_add(out, (const char *)buf, (size_t)w);
    sb_puts(out, s + k);
}

/* Return the length of the "UBND " or "Ủy ban nhân dân " that starts s, or 0. */
static size_t people_committee(const char *s)
{
    size_t n = starts_with_word(s, "ubnd");
    return n ? n : starts_with_word(s, "uy ban nhan dan");
}

void rpt_identity(strbuf *out, const rpt *r)
{
    const kh_plan *p = r->plan;
    char buf[11];
    if (!p->number && !p->issued_kind) return;
    sb_puts(out, " (");
    if (p->number) {
        sb_printf(out, RW(r, "số %s", "no. %s"), p->number);
        if (p->date != KH_NO_DATE)
            sb_printf(out, RW(r, " ngày %s", " of %s"), date_format_dmy(p->date, buf));
        if (p->issued_kind) sb_puts(out, ", ");
    }
    if (p->issued_kind) {
        sb_printf(out, RW(r, "ban hành kèm theo %s", "issued with %s"), p->issued_kind);
        if (p->issued_number) sb_printf(out, RW(r, " số %s", " no. %s"), p->issued_number);
        if (p->issued_date != KH_NO_DATE)
            sb_printf(out, RW(r, " ngày %s", " of %s"), date_format_dmy(p->issued_date, buf));
    }
    sb_puts(out, ")");
}

void report_place_name(strbuf *out, const kh_plan *plan)
{
    if (plan->place_name) {
        sb_puts(out, plan->place_name);
        return;
    }
    /* The issuer's own ward or commune ("UBND phường Trương Quang Trọng"),
     * not the province of its place line. */
    if (plan->issuer) {
        const char *iss = plan->issuer + people_committee(plan->issuer);
        iss += strspn(iss, " ");
        size_t kind = 0;
        static const char *const local[] = {"phuong", "xa", "thi tran", "dac khu"};
        for (size_t i = 0; i < KH_ARRAY_LEN(local) && !kind; i++)
            kind = starts_with_word(iss, local[i]);
        if (kind && iss[kind]) {
            if (named_in_full(iss + kind + strspn(iss + kind, " ")))
                capitalise(out, iss);
            else
                sb_puts(out, iss + kind + strspn(iss + kind, " "));
            return;
        }
    }
    /* The unit where the body sits: the first part of the place
     * ("phường Trương Quang Trọng, thành phố Quảng Ngãi, …"), else the
     * issuer without "UBND". */
    const char *src = plan->place ? plan->place : plan->issuer ? plan->issuer : "";
    size_t len = plan->place ? strcspn(src, ",") : strlen(src);
    if (!plan->place) {
        size_t skip = people_committee(src);
        src += skip;
        len -= skip;
    }
    char *unit = xstrndup(src, len);
    char *u = unit + strspn(unit, " ");
    size_t n = strlen(u);
    while (n && u[n - 1] == ' ') u[--n] = '\0';
    size_t kind = 0;
    for (size_t i = 0; i < KH_ARRAY_LEN(unit_kinds) && !kind; i++)
        kind = starts_with_word(u, unit_kinds[i]);
    if (kind && u[kind] && !named_in_full(u + kind))
        sb_puts(out, u + kind);
    else
        capitalise(out, u);
    free(unit);
}

void rpt_date_line(strbuf *out, const rpt *r)
{
    int y, m, d;
    date_to_ymd(r->app->today, &y, &m, &d);
    size_t before = out->len;
    report_place_name(out, r->plan);
    if (out->len > before) sb_puts(out, ", ");
    /* Nghị định 30/2020: a day below 10 and the months 1 and 2 with a
     * leading zero ("ngày 05 tháng 01 năm 2024", "ngày 15 tháng 6"). */
    if (r->lang == KH_LANG_EN) {
        char buf[11];
        sb_puts(out, date_format_dmy(r->app->today, buf));
    } else {
        sb_printf(out, "ngày %02d tháng %0*d năm %d", d, m <= 2 ? 2 : 1, m, y);
    }
}

/* ---- the page parts of an official document ---- */

bool rpt_issuer_is_committee(const rpt *r)
{
    return r->plan->issuer && people_committee(r->plan->issuer) > 0;
}

size_t rpt_body_lines(const rpt *r, strbuf lines[2])
{
    const char *issuer = r->plan->issuer ? r->plan->issuer : "";
    size_t skip = people_committee(issuer);
    if (!skip) {
        rpt_upper(&lines[0], issuer);
        return 1;
    }
    sb_puts(&lines[0], "ỦY BAN NHÂN DÂN");
    rpt_upper(&lines[1], issuer + skip);
    return 2;
}

void rpt_number_line(strbuf *out, const rpt *r, const char *number)
{
    const char *symbol = rpt_issuer_is_committee(r) ? "/BC-UBND" : "/BC";
    sb_puts(out, RW(r, "Số: ", "No.: "));
    if (!number || !*number) {
        /* Left blank for the clerk, who writes the number the register
         * gives when the document is signed (no-break spaces keep it). */
        sb_puts(out, "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0");
        sb_puts(out, symbol);
    } else if (strchr(number, '/')) {
        sb_puts(out, number);
    } else {
        sb_printf(out, "%s%s", number, symbol);
    }
}

size_t rpt_sign_lines(const rpt *r, strbuf lines[3])
{
    size_t n = 0;
    const char *role = r->plan->signer_role;
    if (rpt_issuer_is_committee(r))
        sb_puts(&lines[n++], RW(r, "TM. ỦY BAN NHÂN DÂN", "ON BEHALF OF THE PEOPLE'S COMMITTEE"));
    if (!role) return n;
    /* A deputy signs for the head: "KT. CHỦ TỊCH" over "PHÓ CHỦ TỊCH". */
    size_t pho = starts_with_word(role, "pho");
    if (pho && role[pho]) {
        sb_puts(&lines[n], "KT. ");
        rpt_upper(&lines[n++], role + pho);
    }
    rpt_upper(&lines[n++], role);
    return n;
}

void rpt_recipient_line(strbuf *out, const char *to, bool last)
{
    size_t n = strlen(to);
    while (n && (to[n - 1] == ';' || to[n - 1] == '.' || to[n - 1] == ' ')) n--;
    sb_puts(out, "- ");
    sb_add(out, to, n);
    sb_putc(out, last ? '.' : ';');
}

void rpt_period_line(strbuf *out, const rpt *r)
{
    char a[11], b[11];
    sb_printf(out, RW(r, "Kỳ báo cáo: từ ngày %s đến ngày %s", "Reporting period: %s to %s"),
              date_format_dmy(r->from, a), date_format_dmy(r->to, b));
    if (r->opts && r->opts->cut == REPORT_CUT_ND09)
        sb_puts(out, RW(r, " (thời gian chốt số liệu theo Điều 12 Nghị định 09/2019/NĐ-CP)",
                        " (data cut off as Article 12 of Decree 09/2019/ND-CP sets)"));
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
    sb_puts(out, model_task_status_name(t, r->lang)); /* proposed as done, too */
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

void rpt_note_by(strbuf *out, const rpt *r, const kh_note *n)
{
    char when[17];
    (void)r;
    /* Written with --today (back-filled): the day it took effect. */
    if (n->effective != KH_NO_DATE) {
        sb_printf(out, "%s, %s", n->author ? n->author : "?", date_format_dmy(n->effective, when));
        return;
    }
    sb_printf(out, "%s, %s", n->author ? n->author : "?",
              date_format_local_time((time_t)n->at, when));
}

void rpt_issue(strbuf *out, const rpt *r, size_t i)
{
    const kh_task *t = &r->view[i];
    char buf[11];
    if (t->dl_kind == DL_CONTINUOUS)
        sb_puts(out, RW(r, "thường xuyên", "continuous"));
    else if (t->due == KH_NO_DATE) /* none, or the end of a plan that states no period */
        model_deadline_long(out, t, r->lang);
    else
        sb_printf(out, RW(r, "hạn %s", "due %s"), date_format_dmy(t->due, buf));
    if (r->tl[i] == TL_OVERDUE)
        sb_printf(out, RW(r, ", quá hạn %d ngày", ", %d days overdue"), (int)(r->asof - t->due));
    sb_printf(out, "; %s", model_task_status_name(t, r->lang));
    if (t->status != ST_TODO && t->progress) sb_printf(out, " %d%%", t->progress);
}

void rpt_summary_sentence(strbuf *out, const rpt *r)
{
    sb_printf(out, RW(r, "Trong kỳ báo cáo có %zu nhiệm vụ", "The period has %zu tasks"), r->nin);
    /* Said only where a periodic report's periods are among them. */
    if (r->nperiodic)
        sb_puts(out, RW(r, " (mỗi kỳ của một báo cáo định kỳ tính là một nhiệm vụ)",
                        " (each period of a periodic report counts as one task)"));
    sb_printf(out, RW(r, "; mức độ hoàn thành chung %d%%.", "; overall completion %d%%."),
              r->completion);
    if (r->nwithdrawn)
        sb_printf(
            out,
            RW(r, " Có %zu nhiệm vụ dừng thực hiện, không tính vào kết quả (nêu riêng dưới đây).",
               " Tasks withdrawn, not counted (listed apart below): %zu."),
            r->nwithdrawn);
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
                 "nhiệm vụ hoàn thành quá hạn.",
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

const char *rpt_category_short_lang(kh_lang lang, kh_category c)
{
    switch (c) {
    case CAT_DONE_ON_TIME: return TR(lang, "Đã HT đúng hạn", "Done on time");
    case CAT_DONE_LATE: return TR(lang, "Đã HT quá hạn", "Done late");
    case CAT_OPEN_IN_TIME: return TR(lang, "Chưa HT trong hạn", "Open, in time");
    case CAT_OPEN_OVERDUE: return TR(lang, "Chưa HT quá hạn", "Open, overdue");
    case CAT_COUNT: break;
    }
    return "?";
}

const char *rpt_category_short(const rpt *r, kh_category c)
{
    return rpt_category_short_lang(r->lang, c);
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
    /* A plan with targets: their table comes third (report_targets.c). */
    case 14: return RW(r, "3. Kết quả thực hiện các chỉ tiêu", "3. The targets");
    case 15: return RW(r, "4. Kết quả từng nhiệm vụ", "4. Task by task");
    /* The tasks withdrawn, after the table of tasks (3 or 4). */
    case 16: return RW(r, "4. Nhiệm vụ dừng thực hiện", "4. Tasks withdrawn");
    case 17: return RW(r, "5. Nhiệm vụ dừng thực hiện", "5. Tasks withdrawn");
    default: return "";
    }
}

size_t rpt_task_notes(const rpt *r, size_t i, const kh_note *const **v)
{
    *v = r->by_task + r->note_first[i];
    return r->note_first[i + 1] - r->note_first[i];
}
