/* What an export carries beyond the plan's tasks, so that it holds
 * everything the database holds: the state and notes of tasks the plan no
 * longer has (orphans), and the history. Each is the plan file's (an
 * earlier export's) and the database's together, as notes are. */
#include <stdlib.h>
#include <string.h>

#include "kehoach/app.h"

/* Add an orphan for id, or return the one there is. */
static kh_orphan *orphan_for(kh_orphans *o, const char *id, size_t *cap)
{
    for (size_t i = 0; i < o->n; i++)
        if (!strcmp(o->v[i].id, id)) return &o->v[i];
    KH_GROW(o->v, o->n, *cap);
    kh_orphan *e = &o->v[o->n++];
    *e = (kh_orphan){arena_strdup(&o->mem, id), NULL, 0, 0};
    return e;
}

static int cmp_orphans(const void *a, const void *b)
{
    return strcmp(((const kh_orphan *)a)->id, ((const kh_orphan *)b)->id);
}

static int cmp_notes_oldest(const void *a, const void *b)
{
    const kh_base_note *x = a, *y = b;
    return x->at < y->at ? -1 : x->at > y->at;
}

kh_errcode app_orphans(const kh_app *app, kh_orphans *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    const kh_plan *plan = app->plan;
    size_t cap = 0;
    /* The plan file's first: a database row overrides the state, notes add up. */
    for (size_t i = 0; i < plan->norphans; i++) {
        kh_orphan *e = orphan_for(out, plan->orphans[i].id, &cap);
        e->base = plan->orphans[i].base;
    }
    if (!app->store) return KH_E_OK;
    char **ids = NULL;
    size_t nids = 0;
    kh_errcode rc = store_orphans(app->store, plan, &ids, &nids, err);
    for (size_t i = 0; !rc && i < nids; i++) {
        kh_state st;
        bool found;
        kh_note *notes = NULL;
        size_t nnotes = 0;
        rc = store_task_state(app->store, plan->id, ids[i], &st, &found, err);
        if (!rc) rc = store_notes(app->store, plan->id, ids[i], &notes, &nnotes, err);
        if (rc) break;
        kh_orphan *e = orphan_for(out, ids[i], &cap);
        const kh_base_state *old = e->base;
        kh_base_state *b = arena_alloc(&out->mem, sizeof *b);
        memset(b, 0, sizeof *b);
        b->status = ST_TODO;
        b->completed = KH_NO_DATE;
        b->due = KH_NO_DATE;
        if (found) {
            b->status = (uint8_t)st.status;
            b->progress = (uint8_t)st.progress;
            b->completed = st.completed;
            b->updated_at = st.updated_at;
            b->updated_by = st.updated_by[0] ? arena_strdup(&out->mem, st.updated_by) : NULL;
        } else if (old) {
            *b = *old;
        }
        uint32_t nold = old ? old->nnotes : 0;
        kh_base_note *v = arena_alloc(&out->mem, (nold + nnotes + 1) * sizeof *v);
        for (uint32_t k = 0; k < nold; k++) v[k] = old->notes[k];
        for (size_t k = 0; k < nnotes; k++)
            v[nold + k] =
                (kh_base_note){arena_strdup(&out->mem, notes[k].text),
                               arena_strdup(&out->mem, notes[k].author ? notes[k].author : "?"),
                               notes[k].at, notes[k].effective, notes[k].kind};
        /* Oldest first, as a state gives them; a stable order for the same
         * second: the plan's, then the database's by id (they came newest
         * first). */
        for (size_t a = 0, z = nnotes; a < z / 2; a++) {
            kh_base_note t = v[nold + a];
            v[nold + a] = v[nold + z - 1 - a];
            v[nold + z - 1 - a] = t;
        }
        if (nold && nnotes) qsort(v, nold + nnotes, sizeof *v, cmp_notes_oldest);
        b->notes = v;
        b->nnotes = (uint32_t)(nold + nnotes);
        e->base = b;
        store_notes_free(notes, nnotes);
    }
    for (size_t i = 0; i < nids; i++) free(ids[i]);
    free(ids);
    if (rc) {
        app_orphans_free(out);
        return rc;
    }
    if (out->n) qsort(out->v, out->n, sizeof *out->v, cmp_orphans);
    return KH_E_OK;
}

void app_orphans_free(kh_orphans *o)
{
    free(o->v);
    arena_done(&o->mem);
    memset(o, 0, sizeof *o);
}

kh_errcode app_export_history(const kh_app *app, kh_history **out, size_t *n, kh_error *err)
{
    /* The plan file's rows once: in the database (imported), else first. */
    return app_history(app, NULL, out, n, err);
}
