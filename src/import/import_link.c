/* A draft going into a workspace: the basis documents it names tied to the
 * workspace's plans ("Thực hiện Kế hoạch số 52/KH-UBND ngày 14/3/2023 của
 * UBND thành phố ..." is the plan whose number is 52/KH-UBND). */
#include <string.h>

#include "import_int.h"

/* "52/KH-UBND" and "52/kh-ubnd ", the same number. */
static bool same_number(const char *a, const char *b)
{
    while (*a || *b) {
        while (*a == ' ') a++;
        while (*b == ' ') b++;
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y) return false;
        if (*a) a++;
        if (*b) b++;
    }
    return true;
}

/* A body's name folded, "Ủy ban nhân dân" written "ubnd". */
static const char *body_key(imp_draft *d, const char *s)
{
    const char *f = imp_fold(d, s);
    if (!imp_fold_starts(f, "uy ban nhan dan")) return f;
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, "ubnd%s", f + strlen("uy ban nhan dan"));
    const char *k = imp_str(d, sb_str(&sb));
    sb_done(&sb);
    return k;
}

size_t import_link(imp_draft *d, const imp_known_plan *plans, size_t n)
{
    size_t tied = 0;
    for (size_t i = 0; i < d->nbasis; i++) {
        imp_ref *r = &d->basis[i];
        if (!r->number) continue;
        for (size_t k = 0; k < n; k++) {
            const imp_known_plan *p = &plans[k];
            if (!p->number || !same_number(r->number, p->number)) continue;
            if (r->date != KH_NO_DATE && p->date != KH_NO_DATE && r->date != p->date) continue;
            if (r->issuer && p->issuer &&
                strcmp(body_key(d, r->issuer), body_key(d, p->issuer)) != 0)
                continue;
            r->plan_id = imp_str(d, p->id);
            r->plan_file = imp_str(d, p->file);
            r->number = imp_str(d, p->number);
            if (p->date != KH_NO_DATE) r->date = p->date;
            if (p->issuer) r->issuer = imp_str(d, p->issuer);
            tied++;
            break;
        }
    }
    return tied;
}
