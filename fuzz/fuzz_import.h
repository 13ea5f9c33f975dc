/* What the two import harnesses (fuzz_import_text.c, fuzz_import_xml.c)
 * check on every document the reader accepts: a neutral document that
 * holds together, an analysis that gives a draft or says why not, and a
 * draft whose YAML always loads, with every task's text as the draft has
 * it (the quoting function's promise). */
#ifndef KEHOACH_FUZZ_IMPORT_H
#define KEHOACH_FUZZ_IMPORT_H

#include <string.h>

#include "fuzz.h"
#include "kehoach/doc.h"
#include "kehoach/import.h"
#include "kehoach/model.h"
#include "kehoach/plan_draft.h"
#include "kehoach/plan_load.h"
#include "kehoach/text.h"

static void fi_check_doc(const kh_doc *doc)
{
    for (size_t i = 0; i < doc->nparas; i++) {
        const doc_para *p = &doc->paras[i];
        size_t n = strlen(p->text);
        FUZZ_CHECK(text_valid_utf8(p->text, n, NULL), "import: paragraph %zu is not UTF-8", i);
        char *nfc = text_nfc(p->text, n);
        FUZZ_CHECK(nfc && !strcmp(nfc, p->text), "import: paragraph %zu is not NFC", i);
        free(nfc);
        for (size_t k = 0; k < n; k++)
            FUZZ_CHECK((unsigned char)p->text[k] >= 0x20 || p->text[k] == '\n',
                       "import: paragraph %zu holds the control byte 0x%02x", i,
                       (unsigned)(unsigned char)p->text[k]);
        FUZZ_CHECK(p->pos.table < (int32_t)doc->ntables, "import: paragraph %zu in table %d of %zu",
                   i, p->pos.table, doc->ntables);
    }
    for (size_t t = 0; t < doc->ntables; t++) {
        const doc_table *tb = &doc->tables[t];
        for (uint32_t r = 0; r < tb->rows; r++)
            for (uint32_t c = 0; c < tb->cols; c++) {
                const doc_cell *x = doc_cell_at(tb, r, c);
                FUZZ_CHECK(x, "import: table %zu has no cell %u,%u", t, r, c);
                FUZZ_CHECK(x->origin_row >= 0 && x->origin_row <= (int32_t)r &&
                               x->origin_col >= 0 && x->origin_col < (int32_t)tb->cols,
                           "import: table %zu cell %u,%u covered by %d,%d", t, r, c, x->origin_row,
                           x->origin_col);
                FUZZ_CHECK(x->first + x->n <= doc->nparas,
                           "import: table %zu cell %u,%u past "
                           "the paragraphs",
                           t, r, c);
            }
    }
}

/* Analyse doc, write the draft, load it: it must load, with the texts. */
static void fi_check_import(kh_doc *doc, kh_lang lang)
{
    fi_check_doc(doc);
    imp_options opt = {NULL, "fuzz.txt", lang};
    imp_draft *d = NULL;
    kh_error err = {0};
    if (import_analyse(doc, &opt, &d, &err)) {
        FUZZ_CHECK(err.detail[0], "import: refused without a message");
        return;
    }
    strbuf yaml = STRBUF_INIT;
    plan_draft_points points = {0};
    plan_draft_write(d, doc, lang, &yaml, &points);
    int lines = 1;
    for (size_t i = 0; i < yaml.len; i++) lines += yaml.data[i] == '\n';
    for (size_t i = 0; i < points.n; i++)
        FUZZ_CHECK(points.v[i].line >= 1 && points.v[i].line <= lines,
                   "import: a point at line %d of %d", points.v[i].line, lines);
    kh_plan *plan = NULL;
    kh_diags diags = {0};
    kh_errcode rc = plan_load_buffer("draft.yaml", sb_str(&yaml), yaml.len, lang, &plan, &diags);
    if (rc) {
        /* Only what a draft cannot help: too many periods of a long plan. */
        bool ok = false;
        for (size_t i = 0; i < diags.n; i++)
            if (strstr(diags.v[i].msg, "1000000")) ok = true;
        if (!ok) fprintf(stderr, "%s\n", sb_str(&yaml));
        FUZZ_CHECK(ok, "import: the draft does not load: %d:%d: %s", diags.n ? diags.v[0].line : 0,
                   diags.n ? diags.v[0].col : 0, diags.n ? diags.v[0].msg : "?");
    } else {
        for (size_t i = 0; i < d->ntasks; i++) {
            const imp_task *t = &d->tasks[i];
            if (t->group || strlen(t->text) >= PLAN_MAX_SCALAR - 64) continue;
            long k = model_find_task(plan, t->id);
            if (k < 0) {
                /* a periodic task: its occurrences carry the text */
                for (size_t j = 0; j < plan->ntasks && k < 0; j++)
                    if (!strncmp(plan->tasks[j].id, t->id, strlen(t->id)) &&
                        plan->tasks[j].id[strlen(t->id)] == '/')
                        k = (long)j;
            }
            FUZZ_CHECK(k >= 0, "import: task %s is not in the loaded draft", t->id);
            char *nfc = text_nfc(t->text, strlen(t->text));
            FUZZ_CHECK(nfc && !strcmp(plan->tasks[k].text, nfc),
                       "import: task %s loads as \"%s\", not \"%s\"", t->id, plan->tasks[k].text,
                       t->text);
            free(nfc);
        }
        model_free(plan);
    }
    diags_free(&diags);
    plan_draft_points_free(&points);
    sb_done(&yaml);
    import_free(d);
}

#endif
