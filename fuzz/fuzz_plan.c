/* libFuzzer harness: the plan loader (plan_load_buffer) in both languages.
 *
 * Beyond memory safety and leaks (ASan, UBSan, LSan), it checks what the
 * loader promises: a plan or problems, never both; at most PLAN_MAX_ERRORS
 * problems, each with words and a place inside the file; the same problems
 * at the same places in Vietnamese and in English; and a loaded plan whose
 * indexes, dates and texts all hold together. */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "kehoach/date.h"
#include "kehoach/model.h"
#include "kehoach/plan_load.h"
#include "kehoach/text.h"

/* A loaded string: valid UTF-8 in NFC. */
static void fp_check_text(const char *what, const char *s)
{
    FUZZ_CHECK(s != NULL, "plan: %s is NULL", what);
    size_t n = strlen(s);
    FUZZ_CHECK(text_valid_utf8(s, n, NULL), "plan: %s is not valid UTF-8", what);
    char *nfc = text_nfc(s, n);
    FUZZ_CHECK(nfc && !strcmp(nfc, s), "plan: %s is not in NFC", what);
    free(nfc);
}

static void fp_check_units(const kh_plan *p, const kh_task *t, const uint16_t *u, size_t n)
{
    FUZZ_CHECK(n == 0 || u != NULL, "plan: task %s has a unit count but no units", t->id);
    for (size_t k = 0; k < n; k++)
        FUZZ_CHECK(u[k] < p->nunits, "plan: task %s names unit %u of %zu", t->id, (unsigned)u[k],
                   p->nunits);
}

static void fp_check_loaded(const kh_plan *p)
{
    FUZZ_CHECK(p->nunits >= 1 && p->ntasks >= 1, "plan: loaded with %zu units, %zu tasks",
               p->nunits, p->ntasks);
    FUZZ_CHECK(p->ntasks <= PLAN_MAX_TASKS, "plan: %zu tasks", p->ntasks);
    FUZZ_CHECK(p->from != KH_NO_DATE && p->to != KH_NO_DATE && p->from <= p->to,
               "plan: bad period %d..%d", (int)p->from, (int)p->to);
    fp_check_text("plan id", p->id);
    fp_check_text("plan title", p->title);
    fp_check_text("plan issuer", p->issuer);
    for (size_t i = 0; i < p->nunits; i++) {
        const kh_unit *u = &p->units[i];
        fp_check_text("unit id", u->id);
        fp_check_text("unit name", u->name);
        fp_check_text("unit short name", u->short_name);
        FUZZ_CHECK(u->fold != NULL, "plan: unit %s has no fold", u->id);
        /* model_find_unit is linear: check a few, or this would be quadratic. */
        if (i < 16 || i + 1 == p->nunits)
            FUZZ_CHECK(model_find_unit(p, u->id) == (long)i, "plan: unit %s is not found", u->id);
    }
    for (size_t i = 0; i < p->ntasks; i++) {
        const kh_task *t = &p->tasks[i];
        /* The periods of a periodic task share its texts: check them once. */
        const kh_task *prev = i ? &p->tasks[i - 1] : NULL;
        bool same = prev && prev->text == t->text && prev->title == t->title &&
                    prev->deadline_text == t->deadline_text && prev->cites == t->cites;
        FUZZ_CHECK(strlen(t->id) <= 64 + 16, "plan: task id %s is too long", t->id);
        if (!same) {
            fp_check_text("task id", t->id);
            fp_check_text("task title", t->title);
            fp_check_text("task text", t->text);
            if (t->deadline_text) fp_check_text("task deadline_text", t->deadline_text);
            for (size_t k = 0; k < t->ncites; k++) fp_check_text("task cite", t->cites[k]);
        }
        FUZZ_CHECK(t->fold != NULL, "plan: task %s has no fold", t->id);
        /* A task may name no lead ("chưa phân công"): check warns. */
        fp_check_units(p, t, t->lead, t->nlead);
        fp_check_units(p, t, t->support, t->nsupport);
        FUZZ_CHECK(t->due != KH_NO_DATE || t->dl_kind == DL_NONE, "plan: task %s has no deadline",
                   t->id);
        FUZZ_CHECK(t->dl_kind <= DL_PERIODIC, "plan: task %s has deadline kind %u", t->id,
                   (unsigned)t->dl_kind);
        FUZZ_CHECK(t->section == 2 || t->section == 3, "plan: task %s in section %u", t->id,
                   (unsigned)t->section);
        FUZZ_CHECK(t->duty < (int32_t)p->nduties, "plan: task %s has duty %d of %zu", t->id,
                   (int)t->duty, p->nduties);
        FUZZ_CHECK(model_find_task(p, t->id) == (long)i, "plan: task %s is not found by id", t->id);
    }
    for (size_t i = 1; i < p->ntasks; i++)
        FUZZ_CHECK(strcmp(p->tasks[p->by_id[i - 1]].id, p->tasks[p->by_id[i]].id) < 0,
                   "plan: task ids not unique and sorted at %zu", i);
    for (size_t i = 0; i < p->nduties; i++) {
        const kh_duty *d = &p->duties[i];
        FUZZ_CHECK(d->unit < p->nunits, "plan: duty %zu has unit %u", i, (unsigned)d->unit);
        FUZZ_CHECK((size_t)d->first_task + d->ntasks <= p->ntasks,
                   "plan: duty %zu has tasks %u+%u of %zu", i, (unsigned)d->first_task,
                   (unsigned)d->ntasks, p->ntasks);
        for (size_t k = 0; k < d->nitems; k++)
            FUZZ_CHECK(d->items[k] < p->ntasks, "plan: duty %zu has item %u", i,
                       (unsigned)d->items[k]);
    }
    for (size_t i = 0; i < p->ndocuments; i++) fp_check_text("document", p->documents[i].number);
    for (size_t i = 0; i < p->nrecipients; i++) fp_check_text("recipient", p->recipients[i]);
    for (size_t i = 0; i < p->naims; i++) fp_check_text("aim", p->aims[i]);

    /* What the screens compute first from a plan. */
    kh_counts all;
    kh_unit_counts *per_unit = xcalloc(p->nunits, sizeof *per_unit);
    model_count(p, p->from, &all, per_unit);
    FUZZ_CHECK(all.total == p->ntasks, "plan: counted %zu of %zu tasks", all.total, p->ntasks);
    int done = model_completion(&all);
    FUZZ_CHECK(done >= 0 && done <= 100, "plan: completion %d%%", done);
    free(per_unit);
}

/* Where a problem may be: line 0 (no place) or within the file's lines,
 * counted as YAML counts them (LF, CRLF or a lone CR). */
static void fp_check_diags(const kh_diags *d, const uint8_t *data, size_t size)
{
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'))) lines++;
    FUZZ_CHECK(d->n >= 1 && d->n <= PLAN_MAX_ERRORS, "plan: refused with %zu problems", d->n);
    for (size_t i = 0; i < d->n; i++) {
        const kh_diag *g = &d->v[i];
        FUZZ_CHECK(g->msg && *g->msg, "plan: problem %zu has no words", i);
        FUZZ_CHECK(text_valid_utf8(g->msg, strlen(g->msg), NULL),
                   "plan: problem %zu is not valid UTF-8", i);
        FUZZ_CHECK(g->line >= 0 && g->col >= 0, "plan: problem %zu at %d:%d", i, g->line, g->col);
        FUZZ_CHECK((size_t)g->line <= lines + 1 && (size_t)g->col <= size + 2,
                   "plan: problem %zu at %d:%d, past the end (%zu lines, %zu bytes): %s", i,
                   g->line, g->col, lines, size, g->msg);
    }
}

int fuzz_plan_one(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so a read past the end is caught. */
    char *buf = xmalloc(size ? size : 1);
    if (size) memcpy(buf, data, size);

    kh_plan *plan[2] = {NULL, NULL};
    kh_diags diags[2];
    kh_errcode rc[2];
    static const kh_lang langs[2] = {KH_LANG_VI, KH_LANG_EN};
    for (int l = 0; l < 2; l++) {
        memset(&diags[l], 0, sizeof diags[l]);
        rc[l] = plan_load_buffer("fuzz.yaml", buf, size, langs[l], &plan[l], &diags[l]);
        if (rc[l] == KH_E_OK) {
            FUZZ_CHECK(plan[l] != NULL && diags[l].n == 0,
                       "plan: KH_E_OK with plan %p and %zu problems", (void *)plan[l], diags[l].n);
            fp_check_loaded(plan[l]);
        } else {
            FUZZ_CHECK(rc[l] == KH_E_PLAN, "plan: unexpected code %d", (int)rc[l]);
            FUZZ_CHECK(plan[l] == NULL, "plan: refused, yet a plan came back");
            fp_check_diags(&diags[l], data, size);
        }
    }
    /* The language changes the words, never the verdict or the places. */
    FUZZ_CHECK(rc[0] == rc[1], "plan: code %d in Vietnamese, %d in English", (int)rc[0],
               (int)rc[1]);
    FUZZ_CHECK(diags[0].n == diags[1].n, "plan: %zu problems in Vietnamese, %zu in English",
               diags[0].n, diags[1].n);
    for (size_t i = 0; i < diags[0].n; i++)
        FUZZ_CHECK(diags[0].v[i].line == diags[1].v[i].line &&
                       diags[0].v[i].col == diags[1].v[i].col,
                   "plan: problem %zu at %d:%d in Vietnamese, %d:%d in English (%s)", i,
                   diags[0].v[i].line, diags[0].v[i].col, diags[1].v[i].line, diags[1].v[i].col,
                   diags[1].v[i].msg);
    if (plan[0] && plan[1])
        FUZZ_CHECK(plan[0]->ntasks == plan[1]->ntasks && plan[0]->nunits == plan[1]->nunits,
                   "plan: %zu/%zu tasks/units in Vietnamese, %zu/%zu in English", plan[0]->ntasks,
                   plan[0]->nunits, plan[1]->ntasks, plan[1]->nunits);
    for (int l = 0; l < 2; l++) {
        model_free(plan[l]);
        diags_free(&diags[l]);
    }
    free(buf);
    return 0;
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_plan_one(data, size);
}
#endif
