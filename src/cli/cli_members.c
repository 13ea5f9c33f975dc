/* Tasks assigned to each member of a group in list and show: a member's
 * occurrence names its member; the task says how the members are doing. */
#include "cli.h"

void json_sb_member_fields(strbuf *sb, const kh_plan *plan, const kh_task *t, kh_date today)
{
    const char *member = model_task_member(t);
    if (member) {
        sb_puts(sb, ",\"member\":");
        json_sb_string(sb, member);
    }
    size_t i = (size_t)(t - plan->tasks);
    if (!model_task_each(plan, i)) return;
    kh_member_counts c;
    model_member_counts(plan, i, today, &c);
    sb_printf(sb, ",\"members\":{\"total\":%zu,\"done\":%zu,\"done_on_time\":%zu,\"overdue\":%zu}",
              c.total, c.done, c.done_on_time, c.overdue);
    /* Not a task of its own: counts are its occurrences' (issue 17). */
    sb_puts(sb, ",\"summary\":true");
}

void cli_member_leads(strbuf *sb, const kh_plan *plan, const kh_task *t, kh_lang lang)
{
    size_t i = (size_t)(t - plan->tasks), n = 0;
    sb_puts(sb, TR(lang, "từng đơn vị: ", "each of: "));
    for (size_t k = i + 1; k <= i + t->nsub && k < plan->ntasks; k++) {
        const kh_task *m = &plan->tasks[k];
        if (m->sub_of != i + 1 || !model_task_member(m) || !m->nlead) continue;
        sb_printf(sb, "%s%s", n++ ? ", " : "", plan->units[m->lead[0]].short_name);
    }
}

void cli_member_words(strbuf *sb, const kh_plan *plan, const kh_task *t, kh_date today,
                      kh_lang lang)
{
    size_t i = (size_t)(t - plan->tasks);
    kh_member_counts c;
    model_member_counts(plan, i, today, &c);
    sb_printf(sb,
              TR(lang, "%zu/%zu đã hoàn thành (%zu đúng hạn), %zu quá hạn",
                 "%zu/%zu done (%zu on time), %zu overdue"),
              c.done, c.total, c.done_on_time, c.overdue);
}
