/* The plan-file writer: the model and its state as YAML, through libyaml's
 * emitter, so that quoting and block styles are always right. */
#include "kehoach/plan_save.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "kehoach/text.h"
#include "plan_yaml_dl.h"

typedef struct {
    yaml_emitter_t em;
    FILE *out;
    bool failed;      /* the emitter or the output failed */
    const char *task; /* the task being written, for messages */
    kh_error *err;
    kh_errcode code;
    unsigned char held[2]; /* the start of a character the next output ends */
    size_t nheld;
} saver;

/* The code point of a bidi control (U+061C, U+200E, U+200F, U+202A-202E,
 * U+2066-2069) encoded at p, which has n bytes (2 or 3); 0 when it is not
 * one. */
static unsigned bidi_at(const unsigned char *p, size_t n)
{
    if (n >= 2 && p[0] == 0xd8 && p[1] == 0x9c) return 0x061c;
    if (n < 3 || p[0] != 0xe2) return 0;
    if (p[1] == 0x80 && (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae)))
        return 0x2000 + (p[2] - 0x80);
    if (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9) return 0x2040 + (p[2] - 0x80);
    return 0;
}

/* Write the n bytes at p of the emitter's output, a bidi control among
 * them as its escape. Return false when the output fails. */
static bool put_escaped(saver *s, const unsigned char *p, size_t n)
{
    unsigned cp = bidi_at(p, n);
    if (cp) return fprintf(s->out, "\\u%04X", cp) == 6;
    return fwrite(p, 1, n, s->out) == n;
}

/* The emitter's output. libyaml escapes every control character of a
 * double-quoted scalar but takes bidi controls for printable text: those
 * are escaped here (\u202E). Only a double-quoted scalar can hold one (str
 * quotes every text a plan may not hold), where the escape means the same.
 * A character cut by the end of one output is held for the next. */
static int write_out(void *data, unsigned char *buf, size_t size)
{
    saver *s = data;
    size_t i = 0;
    bool ok = true;
    if (s->nheld) {
        unsigned char c[3];
        size_t n = s->nheld, need = s->held[0] == 0xd8 ? 2 : 3, k;
        memcpy(c, s->held, n);
        for (k = n; k < need && i < size; k++) c[k] = buf[i++];
        if (k < need) {
            memcpy(s->held, c, k);
            s->nheld = k;
            return 1;
        }
        s->nheld = 0;
        ok = put_escaped(s, c, need);
    }
    size_t start = i;
    while (ok && i < size) {
        if (buf[i] != 0xd8 && buf[i] != 0xe2) {
            i++;
            continue;
        }
        size_t need = buf[i] == 0xd8 ? 2 : 3;
        if (i + need > size) {
            ok = fwrite(buf + start, 1, i - start, s->out) == i - start;
            s->nheld = size - i;
            memcpy(s->held, buf + i, s->nheld);
            return ok;
        }
        if (!bidi_at(buf + i, need)) {
            i++;
            continue;
        }
        ok =
            fwrite(buf + start, 1, i - start, s->out) == i - start && put_escaped(s, buf + i, need);
        i += need;
        start = i;
    }
    if (ok && start < size) ok = fwrite(buf + start, 1, size - start, s->out) == size - start;
    return ok;
}

static void emit(saver *s, yaml_event_t *ev)
{
    if (s->failed) {
        yaml_event_delete(ev);
        return;
    }
    if (!yaml_emitter_emit(&s->em, ev)) {
        s->failed = true;
        if (!s->code)
            s->code = kh_error_set(s->err, KH_E_IO, "%s",
                                   s->em.problem ? s->em.problem : kh_strerrno(errno));
    }
}

/* A text value: plain when it can be, a literal block when it has line
 * breaks, folded when long; libyaml falls back to quotes when a style
 * cannot hold the text. A text a plan may not hold (text_refused_cp: only
 * data from a database can) is written double-quoted, its control and
 * bidi characters as escapes (\e, \x9B, \u202E), which the loader reads
 * back in a state and nowhere else. */
static void str(saver *s, const char *v)
{
    if (s->failed) return;
    if (text_refused_cp(v, strlen(v)) >= 0) {
        /* Bytes that are not UTF-8 cannot be written in YAML at all. */
        if (!text_valid_utf8(v, strlen(v), NULL)) {
            s->failed = true;
            s->code =
                kh_error_set(s->err, KH_E_INVALID, "%s: not UTF-8", s->task ? s->task : "plan");
            return;
        }
        yaml_event_t ev;
        yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)v, (int)strlen(v),
                                     0, 1, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
        emit(s, &ev);
        return;
    }
    yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;
    if (strchr(v, '\n'))
        style = YAML_LITERAL_SCALAR_STYLE;
    else if (strlen(v) > 100)
        style = YAML_FOLDED_SCALAR_STYLE;
    /* The loader reads a plain "~" as empty: quote it. */
    bool plain = strcmp(v, "~") != 0 && *v;
    yaml_event_t ev;
    yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)(uintptr_t)v, (int)strlen(v),
                                 plain, 1, plain ? style : YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    emit(s, &ev);
}

static void key_str(saver *s, const char *k, const char *v)
{
    if (!v) return;
    str(s, k);
    str(s, v);
}

static void map_start(saver *s, bool flow)
{
    yaml_event_t ev;
    yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
                                        flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE);
    emit(s, &ev);
}

static void map_end(saver *s)
{
    yaml_event_t ev;
    yaml_mapping_end_event_initialize(&ev);
    emit(s, &ev);
}

static void seq_start(saver *s, bool flow)
{
    yaml_event_t ev;
    yaml_sequence_start_event_initialize(
        &ev, NULL, NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE);
    emit(s, &ev);
}

static void seq_end(saver *s)
{
    yaml_event_t ev;
    yaml_sequence_end_event_initialize(&ev);
    emit(s, &ev);
}

static void key_date(saver *s, const char *k, kh_date d)
{
    char buf[11];
    if (d == KH_NO_DATE) return;
    key_str(s, k, date_format_iso(d, buf));
}

static void key_time(saver *s, const char *k, int64_t t)
{
    char buf[21];
    if (!t) return;
    key_str(s, k, date_format_utc((time_t)t, buf));
}

static void key_int(saver *s, const char *k, long v)
{
    char buf[24];
    snprintf(buf, sizeof buf, "%ld", v);
    key_str(s, k, buf);
}

static void key_strings(saver *s, const char *k, const char *const *v, size_t n, bool flow)
{
    if (!n) return;
    str(s, k);
    seq_start(s, flow);
    for (size_t i = 0; i < n; i++) str(s, v[i]);
    seq_end(s);
}

static void key_units(saver *s, const kh_plan *plan, const char *k, const uint16_t *u, size_t n)
{
    if (!n) return;
    str(s, k);
    seq_start(s, true);
    for (size_t i = 0; i < n; i++) str(s, plan->units[u[i]].id);
    seq_end(s);
}

/* ---- state ---- */

typedef struct {
    const kh_note **v; /* by task: notes[first[i] .. first[i+1]) */
    size_t *first;
    const kh_extension *x; /* every task's extensions, by task then oldest first */
    size_t nx;
    const kh_result *r; /* every task's results, oldest first */
    size_t nr;
    const kh_amendment *a; /* every task's amendments, oldest first */
    size_t na;
} notes_by_task;

/* Return true when task t's record holds more than its status and notes. */
static bool has_record(const kh_task *t)
{
    return t->nextensions || t->verdict != VERDICT_NONE || t->amended_by || t->amended ||
           (t->status == ST_WITHDRAWN && t->withdrawn_doc);
}

static bool untouched(const kh_task *t, size_t nnotes)
{
    return t->status == ST_TODO && t->progress == 0 && t->completed == KH_NO_DATE &&
           !t->updated_at && !t->updated_by && !nnotes && !has_record(t);
}

/* The deadline of task t as the plan (as amended) gives it: before its
 * extensions, which its state carries. */
static kh_date plan_due(const kh_task *t)
{
    return t->nextensions ? t->due_original : t->due;
}

/* The keys of a state before its notes. */
static void state_fields(saver *s, int status, int progress, kh_date completed, int64_t updated_at,
                         const char *updated_by)
{
    key_str(s, "status", model_status_code((kh_status)status));
    if (status != ST_DONE) key_int(s, "progress", progress);
    key_date(s, "completed", status == ST_DONE ? completed : KH_NO_DATE);
    key_time(s, "updated_at", updated_at);
    key_str(s, "updated_by", updated_by);
}

/* One note of a state's `notes:`. */
static void note_item(saver *s, const char *text, const char *author, int64_t at, kh_date on,
                      int kind)
{
    map_start(s, false);
    key_str(s, "text", text);
    key_str(s, "author", author ? author : "?");
    char buf[21];
    key_str(s, "at", date_format_utc((time_t)at, buf));
    key_date(s, "on", on); /* only a note written with --today has one */
    if (kind > NOTE_PLAIN && kind < NOTE_KIND_COUNT)
        key_str(s, "kind", model_note_kind_code((kh_note_kind)kind));
    map_end(s);
}

/* The first of x[0..n) (sorted by task id) of task_id, or n. */
static size_t first_extension(const kh_extension *x, size_t n, const char *task_id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(x[mid].task_id, task_id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The record of task t beyond status and notes: its withdrawing document,
 * the verdict on its completion, its extensions, its amendments. */
static void write_record(saver *s, const kh_task *t, const notes_by_task *nb)
{
    if (t->status == ST_WITHDRAWN) key_str(s, "withdrawn_doc", t->withdrawn_doc);
    if (t->verdict != VERDICT_NONE) {
        bool rejected = t->verdict == VERDICT_REJECTED;
        str(s, rejected ? "rejected" : "confirmed");
        map_start(s, true);
        key_str(s, "by", t->verdict_by ? t->verdict_by : "?");
        key_time(s, "at", t->verdict_at);
        if (rejected) key_str(s, "reason", t->verdict_reason ? t->verdict_reason : "");
        map_end(s);
    }
    size_t k = first_extension(nb->x, nb->nx, t->id);
    if (t->nextensions && k < nb->nx && !strcmp(nb->x[k].task_id, t->id)) {
        str(s, "extensions");
        seq_start(s, false);
        for (; k < nb->nx && !strcmp(nb->x[k].task_id, t->id); k++) {
            if (nb->x[k].due == KH_NO_DATE) continue;
            map_start(s, true);
            key_date(s, "to", nb->x[k].due);
            key_str(s, "doc", nb->x[k].doc);
            key_str(s, "reason", nb->x[k].reason);
            key_str(s, "by", nb->x[k].user);
            key_time(s, "at", nb->x[k].at);
            map_end(s);
        }
        seq_end(s);
    }
    bool any = false;
    for (size_t i = 0; i < nb->nr && !any; i++) any = !strcmp(nb->r[i].task_id, t->id);
    if (any) {
        str(s, "results");
        seq_start(s, false);
        for (size_t i = 0; i < nb->nr; i++) {
            if (strcmp(nb->r[i].task_id, t->id) != 0) continue;
            map_start(s, true);
            key_str(s, "doc", nb->r[i].doc);
            key_str(s, "file", nb->r[i].file_name);
            key_str(s, "sha256", nb->r[i].sha256);
            if (nb->r[i].file_name) key_int(s, "size", (long)nb->r[i].size);
            key_str(s, "by", nb->r[i].user);
            key_time(s, "at", nb->r[i].at);
            map_end(s);
        }
        seq_end(s);
    }
    /* The amendments (the task as written is the amended one; they say
     * by which document, and an occurrence's own amended deadline). */
    any = false;
    for (size_t i = 0; i < nb->na && !any; i++) any = !strcmp(nb->a[i].task_id, t->id);
    if (any) {
        static const char *const kinds[] = {"add", "change", "withdraw"};
        str(s, "amendments");
        seq_start(s, false);
        for (size_t i = 0; i < nb->na; i++) {
            const kh_amendment *m = &nb->a[i];
            if (strcmp(m->task_id, t->id) != 0 || (unsigned)m->kind >= 3) continue;
            map_start(s, true);
            key_str(s, "kind", kinds[m->kind]);
            key_str(s, "text", m->text);
            key_str(s, "lead", m->lead);
            key_str(s, "deadline", m->deadline);
            key_str(s, "doc", m->doc);
            key_str(s, "by", m->user);
            key_time(s, "at", m->at);
            map_end(s);
        }
        seq_end(s);
    }
}

static void write_state(saver *s, const kh_task *t, const notes_by_task *nb, size_t index)
{
    size_t a = nb->first[index], b = nb->first[index + 1];
    map_start(s, false);
    state_fields(s, t->status, t->progress, t->completed, t->updated_at, t->updated_by);
    write_record(s, t, nb);
    if (b > a) {
        str(s, "notes");
        seq_start(s, false);
        for (size_t i = a; i < b; i++)
            note_item(s, nb->v[i]->text, nb->v[i]->author, nb->v[i]->at, nb->v[i]->effective,
                      nb->v[i]->kind);
        seq_end(s);
    }
    map_end(s);
}

/* ---- what an export carries beyond the tasks ---- */

/* A state given whole (an orphan's): as write_state, from its fields. */
static void write_base_state(saver *s, const kh_base_state *b)
{
    map_start(s, false);
    state_fields(s, b->status, b->progress, b->completed, b->updated_at, b->updated_by);
    if (b->nnotes) {
        str(s, "notes");
        seq_start(s, false);
        for (uint32_t i = 0; i < b->nnotes; i++)
            note_item(s, b->notes[i].text, b->notes[i].author, b->notes[i].at, b->notes[i].on,
                      b->notes[i].kind);
        seq_end(s);
    }
    map_end(s);
}

/* `orphans:`: the state of tasks the plan no longer has. */
static void write_orphans(saver *s, const kh_orphan *v, size_t n)
{
    if (!n) return;
    str(s, "orphans");
    seq_start(s, false);
    for (size_t i = 0; i < n; i++) {
        s->task = v[i].id;
        map_start(s, false);
        key_str(s, "id", v[i].id);
        str(s, "state");
        static const kh_base_state untouched_state = {
            .status = ST_TODO, .completed = KH_NO_DATE, .due = KH_NO_DATE};
        write_base_state(s, v[i].base ? v[i].base : &untouched_state);
        map_end(s);
    }
    seq_end(s);
    s->task = NULL;
}

/* `history:`: every change, one row a line. */
static void write_history(saver *s, const kh_history *h, size_t n)
{
    if (!n) return;
    str(s, "history");
    seq_start(s, false);
    for (size_t i = 0; i < n; i++) {
        s->task = h[i].task_id;
        map_start(s, true);
        key_str(s, "task", h[i].task_id);
        key_int(s, "change", (long)h[i].change);
        key_str(s, "field", h[i].field);
        key_str(s, "old", h[i].old_value);
        key_str(s, "new", h[i].new_value);
        key_str(s, "user", h[i].user);
        key_time(s, "at", h[i].at);
        if (h[i].undo_of) key_int(s, "undo_of", (long)h[i].undo_of);
        key_date(s, "effective", h[i].effective); /* made with --today or --on on another day */
        map_end(s);
    }
    seq_end(s);
    s->task = NULL;
}

/* ---- tasks ---- */

/* The length of the written id of task t: up to the '/' of an occurrence. */
static size_t written_len(const kh_task *t)
{
    const char *slash = t->dl_kind == DL_PERIODIC ? strchr(t->id, '/') : NULL;
    return slash ? (size_t)(slash - t->id) : strlen(t->id);
}

/* Return the end of the run of tasks from i that are one written task: the
 * occurrences of a periodic task, or just i. */
static size_t run_end(const kh_plan *plan, size_t i, size_t end)
{
    const kh_task *t = &plan->tasks[i];
    if (t->dl_kind != DL_PERIODIC) return i + 1;
    size_t len = written_len(t), j = i + 1;
    while (j < end) {
        const kh_task *u = &plan->tasks[j];
        if (u->dl_kind != DL_PERIODIC || written_len(u) != len || strncmp(u->id, t->id, len)) break;
        j++;
    }
    return j;
}

static void write_periodic_deadline(saver *s, const kh_plan *plan, size_t i, size_t j)
{
    unsigned mask = 0;
    int day = 0;
    for (size_t k = i; k < j; k++) {
        const kh_task *t = &plan->tasks[k];
        mask |= 1u << t->every;
        /* An occurrence amended has its day in its state; an extended one
         * counts by the plan's day. */
        if (t->amended & KH_AMENDED_DEADLINE) continue;
        int y, m, d;
        date_to_ymd(plan_due(t), &y, &m, &d);
        /* A due day other than the period's last day is `day`; a clamped
         * one (31 → 30/6) gives the same dates either way. */
        if (d != date_days_in_month(y, m)) day = d;
    }
    str(s, "deadline");
    map_start(s, true);
    str(s, "every");
    seq_start(s, true);
    for (int e = 0; e < EVERY_COUNT; e++)
        if (mask & (1u << e)) str(s, model_every_code((kh_every)e));
    seq_end(s);
    if (day) key_int(s, "day", day);
    map_end(s);
}

static void write_tasks(saver *s, const kh_plan *plan, size_t from, size_t to, bool section2,
                        long duty_unit, const notes_by_task *nb);

/* Task i's deadline counted from an event: `{before: EVENT, days: N}`. */
static void write_event_deadline(saver *s, const kh_plan *plan, const kh_task *t)
{
    str(s, "deadline");
    map_start(s, true);
    key_str(s, t->event_days < 0 ? "before" : "after", plan->events[t->event - 1].id);
    if (t->event_days) key_int(s, "days", t->event_days < 0 ? -t->event_days : t->event_days);
    map_end(s);
}

/* Task i (the occurrences i..j-1 of a periodic one). duty_unit: the unit
 * of the duty it is a task of, whose lead it then need not write, or -1. */
static void write_task(saver *s, const kh_plan *plan, size_t i, size_t j, long duty_unit,
                       const notes_by_task *nb)
{
    const kh_task *t = &plan->tasks[i];
    char *id = xstrndup(t->id, written_len(t));
    s->task = id;
    map_start(s, false);
    key_str(s, "id", id);
    if (t->title != t->text && strcmp(t->title, t->text) != 0) key_str(s, "title", t->title);
    key_str(s, "text", t->text);
    key_strings(s, "cites", t->cites, t->ncites, false);
    if (!(duty_unit >= 0 && t->nlead == 1 && t->lead[0] == duty_unit))
        key_units(s, plan, "lead", t->lead, t->nlead);
    key_units(s, plan, "support", t->support, t->nsupport);
    switch ((kh_deadline_kind)t->dl_kind) {
    case DL_DATE:
        if (t->event && t->event <= plan->nevents) {
            write_event_deadline(s, plan, t);
            break;
        }
        if (!t->window_days) {
            key_date(s, "deadline", plan_due(t));
            break;
        }
        /* A window keeps both ends. */
        str(s, "deadline");
        map_start(s, true);
        key_date(s, "from", plan_due(t) - t->window_days);
        key_date(s, "to", plan_due(t));
        map_end(s);
        break;
    case DL_NONE: key_str(s, "deadline", "none"); break;
    case DL_CONTINUOUS: key_str(s, "deadline", "continuous"); break;
    case DL_PERIOD_END: key_str(s, "deadline", "end-of-period"); break;
    case DL_PERIODIC: write_periodic_deadline(s, plan, i, j); break;
    }
    /* Words the loader made (an event's) are made again from the event. */
    if (!t->dl_text_made) key_str(s, "deadline_text", t->deadline_text);
    key_str(s, "output", t->output);
    /* The officer in charge now (assigned or the plan's), and the unit that
     * confirms: the export loads back to the same record. */
    key_str(s, "officer", t->officer);
    if (t->confirmer) key_str(s, "confirm_by", plan->units[t->confirmer - 1].id);
    if (t->dl_kind != DL_PERIODIC) {
        if (!untouched(t, nb->first[i + 1] - nb->first[i])) {
            str(s, "state");
            write_state(s, t, nb, i);
        }
    } else {
        bool any = false;
        for (size_t k = i; k < j && !any; k++)
            any = !untouched(&plan->tasks[k], nb->first[k + 1] - nb->first[k]);
        if (any) {
            str(s, "state");
            map_start(s, false);
            for (size_t k = i; k < j; k++) {
                const kh_task *o = &plan->tasks[k];
                if (untouched(o, nb->first[k + 1] - nb->first[k])) continue;
                s->task = o->id;
                str(s, o->id + written_len(o) + 1);
                write_state(s, o, nb, k);
            }
            map_end(s);
        }
    }
    /* Sub-items nested under their task, as written: each writes its own
     * lead (one it does not write would be its task's, not the duty's). */
    if (t->nsub) {
        str(s, "items");
        write_tasks(s, plan, i + 1, i + 1 + t->nsub, false, -1, nb);
    }
    map_end(s);
    s->task = NULL;
    free(id);
}

/* The tasks from..to-1 (in section II: those of no duty), each task's
 * sub-items within it. */
static void write_tasks(saver *s, const kh_plan *plan, size_t from, size_t to, bool section2,
                        long duty_unit, const notes_by_task *nb)
{
    seq_start(s, false);
    for (size_t i = from; i < to;) {
        size_t j = run_end(plan, i, to);
        if (!section2 || plan->tasks[i].duty < 0) write_task(s, plan, i, j, duty_unit, nb);
        /* A task's sub-items are written in it, under `items:`. */
        i = j + plan->tasks[i].nsub;
    }
    seq_end(s);
}

/* ---- the plan ---- */

static void write_plan_meta(saver *s, const kh_plan *plan)
{
    str(s, "plan");
    map_start(s, false);
    key_str(s, "id", plan->id);
    key_str(s, "number", plan->number);
    key_date(s, "date", plan->date);
    key_str(s, "title", plan->title);
    key_str(s, "issuer", plan->issuer);
    key_str(s, "place", plan->place);
    key_str(s, "place_name", plan->place_name);
    if (plan->issued_kind) {
        str(s, "issued_with");
        map_start(s, true);
        key_str(s, "kind", plan->issued_kind);
        key_str(s, "number", plan->issued_number);
        key_date(s, "date", plan->issued_date);
        map_end(s);
    }
    if (plan->from != KH_NO_DATE) {
        str(s, "period");
        map_start(s, true);
        key_date(s, "from", plan->from);
        key_date(s, "to", plan->to);
        map_end(s);
    }
    if (plan->reporting == KH_REPORTING_ND09) key_str(s, "reporting", "nd09");
    key_str(s, "preamble", plan->preamble);
    if (plan->ndocuments) {
        str(s, "implements");
        seq_start(s, false);
        for (size_t i = 0; i < plan->ndocuments; i++) {
            const kh_document *d = &plan->documents[i];
            map_start(s, false);
            key_str(s, "number", d->number);
            key_date(s, "date", d->date);
            key_str(s, "issuer", d->issuer);
            key_str(s, "title", d->title);
            key_str(s, "plan", d->plan);
            map_end(s);
        }
        seq_end(s);
    }
    if (plan->signer_role || plan->signer_name) {
        str(s, "signer");
        map_start(s, true);
        key_str(s, "role", plan->signer_role);
        key_str(s, "name", plan->signer_name);
        map_end(s);
    }
    key_strings(s, "recipients", plan->recipients, plan->nrecipients, false);
    key_str(s, "closing", plan->closing);
    key_str(s, "database", plan->database);
    map_end(s);
}

static void key_accounts(saver *s, const char *k, const kh_account *v, uint32_t n)
{
    if (!n) return;
    str(s, k);
    seq_start(s, true);
    for (uint32_t i = 0; i < n; i++) str(s, v[i].name);
    seq_end(s);
}

/* ---- targets (chỉ tiêu; read by src/plan_targets.c) ---- */

/* `targets:`: each as the plan gives it, with its last measurement (the
 * database's, else the plan file's) as `state:`, so an export loads back
 * with the same values. */
static void write_targets(saver *s, const kh_plan *plan)
{
    if (!plan->ntargets) return;
    str(s, "targets");
    seq_start(s, false);
    strbuf v = STRBUF_INIT;
    char year[8];
    for (size_t i = 0; i < plan->ntargets; i++) {
        const kh_target *t = &plan->targets[i];
        kh_measure m = (kh_measure)t->measure;
        map_start(s, false);
        key_str(s, "id", t->id);
        key_str(s, "text", t->text);
        key_str(s, "measure", target_measure_code(m));
        if (t->direction == TARGET_AT_MOST)
            key_str(s, "direction", target_direction_code(TARGET_AT_MOST));
        if (t->nhorizons) {
            str(s, "goals");
            map_start(s, true);
            for (int k = 0; k < t->nhorizons; k++) {
                snprintf(year, sizeof year, "%d", t->horizons[k].year);
                sb_reset(&v);
                target_value_code(&v, m, t->horizons[k].value);
                key_str(s, year, sb_str(&v));
            }
            map_end(s);
        }
        if (t->lead >= 0) key_str(s, "lead", plan->units[t->lead].id);
        if (t->state.measured) {
            str(s, "state");
            map_start(s, true);
            sb_reset(&v);
            target_value_code(&v, m, t->state.value);
            key_str(s, "value", sb_str(&v));
            key_date(s, "on", t->state.on);
            if (t->state.doc) key_str(s, "doc", t->state.doc);
            if (t->state.by) key_str(s, "by", t->state.by);
            key_time(s, "at", t->state.at);
            map_end(s);
        }
        map_end(s);
    }
    seq_end(s);
    sb_done(&v);
}

/* `aims:`: a list of texts, or as the plan groups them, `{heading, items}`. */
static void write_aims(saver *s, const kh_plan *plan)
{
    if (!plan->naim_groups) {
        key_strings(s, "aims", plan->aims, plan->naims, false);
        return;
    }
    str(s, "aims");
    seq_start(s, false);
    size_t g = 0;
    for (size_t i = 0; i < plan->naims;) {
        while (g < plan->naim_groups && plan->aim_groups[g].first < i) g++;
        if (g < plan->naim_groups && plan->aim_groups[g].first == i) {
            const kh_aim_group *a = &plan->aim_groups[g];
            map_start(s, false);
            key_str(s, "heading", a->heading);
            key_strings(s, "items", plan->aims + a->first, a->n, false);
            map_end(s);
            i += a->n;
            continue;
        }
        str(s, plan->aims[i++]);
    }
    seq_end(s);
}

/* `rights:`, as the plan gives it: who may change which tasks. */
static void write_rights(saver *s, const kh_plan *plan)
{
    if (!plan->nrights) return;
    str(s, "rights");
    map_start(s, false);
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *r = &plan->rights[i];
        if (!r->all) continue;
        str(s, "all");
        map_start(s, false);
        key_accounts(s, "users", r->users, r->nusers);
        key_accounts(s, "groups", r->groups, r->ngroups);
        map_end(s);
    }
    bool units = false;
    for (size_t i = 0; i < plan->nrights; i++) {
        const kh_right *r = &plan->rights[i];
        if (r->all) continue;
        if (!units) {
            str(s, "units");
            seq_start(s, false);
            units = true;
        }
        map_start(s, false);
        key_str(s, "unit", plan->units[r->unit].id);
        key_accounts(s, "users", r->users, r->nusers);
        key_accounts(s, "groups", r->groups, r->ngroups);
        map_end(s);
    }
    if (units) seq_end(s);
    map_end(s);
}

static void write_organization(saver *s, const kh_plan *plan, const notes_by_task *nb)
{
    if (!plan->nduties && !plan->org_intro) return;
    str(s, "organization");
    map_start(s, false);
    key_str(s, "intro", plan->org_intro);
    if (plan->nduties) {
        str(s, "duties");
        seq_start(s, false);
        for (size_t i = 0; i < plan->nduties; i++) {
            const kh_duty *d = &plan->duties[i];
            map_start(s, false);
            key_str(s, "unit", plan->units[d->unit].id);
            key_str(s, "heading", d->heading);
            if (d->nitems) {
                str(s, "items");
                seq_start(s, true);
                for (size_t k = 0; k < d->nitems; k++) {
                    const kh_task *t = &plan->tasks[d->items[k]];
                    char *id = xstrndup(t->id, written_len(t));
                    str(s, id);
                    free(id);
                }
                seq_end(s);
            }
            if (d->ntasks) {
                str(s, "tasks");
                write_tasks(s, plan, d->first_task, d->first_task + d->ntasks, false, d->unit, nb);
            }
            map_end(s);
        }
        seq_end(s);
    }
    map_end(s);
}

/* Put the notes under their tasks, oldest first (they come newest first). */
static void group_notes(const kh_plan *plan, const kh_note *notes, size_t n, notes_by_task *nb)
{
    nb->first = xcalloc(plan->ntasks + 2, sizeof *nb->first);
    nb->v = xreallocarray(NULL, n ? n : 1, sizeof *nb->v);
    long *task = xreallocarray(NULL, n ? n : 1, sizeof *task);
    for (size_t i = 0; i < n; i++) {
        task[i] = notes[i].task_id ? model_find_task(plan, notes[i].task_id) : -1;
        if (task[i] >= 0) nb->first[task[i] + 2]++;
    }
    for (size_t i = 2; i < plan->ntasks + 2; i++) nb->first[i] += nb->first[i - 1];
    for (size_t k = n; k-- > 0;)
        if (task[k] >= 0) nb->v[nb->first[task[k] + 1]++] = &notes[k];
    free(task);
}

kh_errcode plan_save(const kh_plan *plan, const kh_note *notes, size_t nnotes, const char *header,
                     FILE *out, kh_error *err)
{
    kh_save_data d = {notes, nnotes, NULL, 0, NULL, 0, NULL, 0, NULL, 0, NULL, 0};
    return plan_save_all(plan, &d, header, out, err);
}

kh_errcode plan_save_all(const kh_plan *plan, const kh_save_data *d, const char *header, FILE *out,
                         kh_error *err)
{
    const kh_note *notes = d->notes;
    size_t nnotes = d->nnotes;
    saver s;
    memset(&s, 0, sizeof s);
    s.out = out;
    s.err = err;
    if (header) {
        const char *p = header;
        while (*p) {
            size_t n = strcspn(p, "\n");
            fprintf(out, "# %.*s\n", (int)n, p);
            p += n + (p[n] == '\n');
        }
    }
    kh_errcode dl = plan_yaml_dl_load(err); /* libyaml, mapped the first time */
    if (dl) return dl;
    if (!yaml_emitter_initialize(&s.em)) return kh_error_set(err, KH_E_IO, "libyaml");
    yaml_emitter_set_output(&s.em, write_out, &s);
    yaml_emitter_set_encoding(&s.em, YAML_UTF8_ENCODING);
    yaml_emitter_set_unicode(&s.em, 1);
    yaml_emitter_set_indent(&s.em, 2);
    yaml_emitter_set_width(&s.em, 100);
    notes_by_task nb;
    group_notes(plan, notes, nnotes, &nb);
    nb.x = d->extensions;
    nb.nx = d->nextensions;
    nb.r = d->results;
    nb.nr = d->nresults;
    nb.a = d->amendments;
    nb.na = d->namendments;

    yaml_event_t ev;
    yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
    emit(&s, &ev);
    yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
    emit(&s, &ev);
    map_start(&s, false);
    key_str(&s, "kehoach", "1");
    write_plan_meta(&s, plan);
    if (plan->section_label[1] || plan->section_label[2] || plan->section_label[3]) {
        static const char *const names[] = {"", "aims", "contents", "organization"};
        str(&s, "sections");
        map_start(&s, false);
        for (int k = 1; k <= 3; k++) key_str(&s, names[k], plan->section_label[k]);
        map_end(&s);
    }
    str(&s, "units");
    seq_start(&s, false);
    for (size_t i = 0; i < plan->nunits; i++) {
        const kh_unit *u = &plan->units[i];
        map_start(&s, false);
        key_str(&s, "id", u->id);
        key_str(&s, "name", u->name);
        if (strcmp(u->short_name, u->name) != 0) key_str(&s, "short", u->short_name);
        map_end(&s);
    }
    seq_end(&s);
    write_aims(&s, plan);
    if (plan->nevents) {
        str(&s, "events");
        seq_start(&s, false);
        for (size_t i = 0; i < plan->nevents; i++) {
            map_start(&s, true);
            key_str(&s, "id", plan->events[i].id);
            key_str(&s, "name", plan->events[i].name);
            key_date(&s, "date", plan->events[i].date);
            map_end(&s);
        }
        seq_end(&s);
    }
    write_targets(&s, plan);
    bool section2 = false;
    for (size_t i = 0; i < plan->ntasks && !section2; i++) section2 = plan->tasks[i].duty < 0;
    if (section2) {
        str(&s, "contents");
        write_tasks(&s, plan, 0, plan->ntasks, true, -1, &nb);
    }
    write_organization(&s, plan, &nb);
    write_rights(&s, plan);
    write_orphans(&s, d->orphans, d->norphans);
    write_history(&s, d->history, d->nhistory);
    map_end(&s);
    yaml_document_end_event_initialize(&ev, 1);
    emit(&s, &ev);
    yaml_stream_end_event_initialize(&ev);
    emit(&s, &ev);
    if (!s.failed && !yaml_emitter_flush(&s.em))
        s.code = kh_error_set(err, KH_E_IO, "%s", kh_strerrno(errno));
    if (s.nheld) fwrite(s.held, 1, s.nheld, out); /* the start of no bidi control */
    yaml_emitter_delete(&s.em);
    free(nb.first);
    free(nb.v);
    if (s.code) return s.code;
    if (ferror(out)) return kh_error_set(err, KH_E_IO, "%s", kh_strerrno(errno));
    return KH_E_OK;
}
