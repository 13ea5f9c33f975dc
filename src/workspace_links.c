/* Plans that implement plans: a plan's basis (`implements`) may be another
 * plan of the workspace, named by its id (`plan:`) or by its number and
 * date. The links both ways, and the `plan:` ids no plan of the workspace
 * has (kehoach check warns of them). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/workspace.h"

/* Return true when numbers a and b are the same, but for case and spaces
 * ("52/KH-UBND" and "52/KH-ubnd "). */
static bool same_number(const char *a, const char *b)
{
    for (;;) {
        while (*a == ' ' || *a == '\t') a++;
        while (*b == ' ' || *b == '\t') b++;
        if (!*a || !*b) return !*a && !*b;
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b)) return false;
        a++;
        b++;
    }
}

bool workspace_doc_is_plan(const kh_document *d, const kh_plan *plan)
{
    if (d->plan) return !strcmp(d->plan, plan->id);
    if (!d->number || !plan->number || !same_number(d->number, plan->number)) return false;
    return d->date == KH_NO_DATE || plan->date == KH_NO_DATE || d->date == plan->date;
}

/* Return true when plan a has a document that is plan b (not a itself). */
static bool implements(const kh_plan *a, const kh_plan *b)
{
    if (a == b || !strcmp(a->id, b->id)) return false;
    for (size_t i = 0; i < a->ndocuments; i++)
        if (workspace_doc_is_plan(&a->documents[i], b)) return true;
    return false;
}

void workspace_links(const kh_workspace *ws, size_t i, kh_ws_links *out)
{
    memset(out, 0, sizeof *out);
    const kh_plan *me = ws->plans[i].plan;
    for (size_t k = 0; k < ws->nplans; k++) {
        const kh_plan *other = ws->plans[k].plan;
        if (k == i) continue;
        if (implements(me, other)) {
            out->implements = xreallocarray(out->implements, out->nimplements + 1, sizeof(size_t));
            out->implements[out->nimplements++] = k;
        }
        if (implements(other, me)) {
            out->implemented_by =
                xreallocarray(out->implemented_by, out->nimplemented_by + 1, sizeof(size_t));
            out->implemented_by[out->nimplemented_by++] = k;
        }
    }
}

void workspace_links_done(kh_ws_links *l)
{
    free(l->implements);
    free(l->implemented_by);
    memset(l, 0, sizeof *l);
}

void workspace_links_ids(strbuf *out, const kh_workspace *ws, const size_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++) sb_printf(out, "%s%s", i ? ", " : "", ws->plans[v[i]].plan->id);
}

size_t workspace_links_missing(const kh_plan *plan, const char *const *ids, size_t nids,
                               size_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < plan->ndocuments; i++) {
        const char *want = plan->documents[i].plan;
        if (!want || !strcmp(want, plan->id)) continue;
        bool found = false;
        for (size_t k = 0; k < nids && !found; k++) found = ids[k] && !strcmp(ids[k], want);
        if (!found) out[n++] = i;
    }
    return n;
}
