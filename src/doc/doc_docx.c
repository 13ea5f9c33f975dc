/* WordprocessingML (.docx): paragraphs with their style, bold runs and
 * headings; list numbers as Word shows them (numbering.xml: the level's
 * format and text, counters per list, restarts); tables with w:gridSpan
 * and w:vMerge; text boxes. Deleted text of tracked changes, field codes
 * and hidden text are left out; so is mc:Fallback, which repeats mc:Choice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "doc_int.h"

#define W_NS  "wordprocessingml/2006/main|ooxml/wordprocessingml/main"
#define MC_NS "markup-compatibility/2006"

enum { MAX_STYLES = 4096, MAX_NUMS = 4096, LEVELS = 9, STYLE_CHAIN = 16 };

typedef struct {
    char *id, *name, *based_on;
    int8_t bold, italic; /* -1 unset */
    int8_t outline;      /* -1 unset, 0-8, 9 body */
    int num_id, ilvl;    /* -1 unset */
    int8_t align;        /* -1 unset */
} style;

typedef struct {
    int start;
    char fmt[24];
    char text[64];
} level;

typedef struct {
    int id;
    level lvl[LEVELS];
    long cur[LEVELS];
    bool set[LEVELS];
} abstract_num;

typedef struct {
    int id, abstract;
    int start[LEVELS]; /* startOverride, or -1 */
    bool used;
} num;

typedef struct {
    kh_lang lang;
    style *styles;
    size_t nstyles;
    abstract_num *abstracts;
    size_t nabstracts;
    num *nums;
    size_t nnums;
} docx;

static bool on(const char *v)
{
    return !v || !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 ||
                   strcmp(v, "none") == 0);
}

static int ival(const char *v, int dflt)
{
    if (!v || !*v) return dflt;
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || n < -1000000 || n > 1000000) return dflt;
    return (int)n;
}

static int align_of(const char *v)
{
    if (!v) return -1;
    if (!strcmp(v, "center")) return DOC_ALIGN_CENTER;
    if (!strcmp(v, "right") || !strcmp(v, "end")) return DOC_ALIGN_RIGHT;
    if (!strcmp(v, "both") || !strcmp(v, "distribute")) return DOC_ALIGN_JUSTIFY;
    return DOC_ALIGN_LEFT;
}

static void docx_free(docx *d)
{
    for (size_t i = 0; i < d->nstyles; i++) {
        free(d->styles[i].id);
        free(d->styles[i].name);
        free(d->styles[i].based_on);
    }
    free(d->styles);
    free(d->abstracts);
    free(d->nums);
}

/* ---- styles.xml ---- */

static kh_errcode read_styles(docx *d, doc_xml *x, kh_error *err)
{
    style *cur = NULL;
    bool in_rpr = false, in_ppr = false;
    size_t cap = 0;
    int k = DX_END;
    while ((k = doc_xml_next(x)) > 0) {
        if (k == DX_CLOSE) {
            if (doc_xml_is(x, W_NS, "style")) cur = NULL;
            if (doc_xml_is(x, W_NS, "rPr")) in_rpr = false;
            if (doc_xml_is(x, W_NS, "pPr")) in_ppr = false;
            continue;
        }
        if (k != DX_START) continue;
        if (doc_xml_is(x, W_NS, "style")) {
            if (d->nstyles >= MAX_STYLES) {
                doc_xml_skip(x);
                continue;
            }
            KH_GROW(d->styles, d->nstyles, cap);
            cur = &d->styles[d->nstyles++];
            memset(cur, 0, sizeof *cur);
            cur->id = xstrdup(doc_xml_attr(x, "styleId") ? doc_xml_attr(x, "styleId") : "");
            cur->bold = cur->italic = cur->outline = cur->align = -1;
            cur->num_id = cur->ilvl = -1;
            continue;
        }
        if (!cur) continue;
        const char *val = doc_xml_attr(x, "val");
        if (doc_xml_is(x, W_NS, "name"))
            free(cur->name), cur->name = xstrdup(val ? val : "");
        else if (doc_xml_is(x, W_NS, "basedOn"))
            free(cur->based_on), cur->based_on = xstrdup(val ? val : "");
        else if (doc_xml_is(x, W_NS, "rPr"))
            in_rpr = true;
        else if (doc_xml_is(x, W_NS, "pPr"))
            in_ppr = true;
        else if (in_rpr && doc_xml_is(x, W_NS, "b"))
            cur->bold = on(val);
        else if (in_rpr && doc_xml_is(x, W_NS, "i"))
            cur->italic = on(val);
        else if (in_ppr && doc_xml_is(x, W_NS, "outlineLvl"))
            cur->outline = (int8_t)ival(val, 9);
        else if (in_ppr && doc_xml_is(x, W_NS, "numId"))
            cur->num_id = ival(val, -1);
        else if (in_ppr && doc_xml_is(x, W_NS, "ilvl"))
            cur->ilvl = ival(val, 0);
        else if (in_ppr && doc_xml_is(x, W_NS, "jc"))
            cur->align = (int8_t)align_of(val);
    }
    (void)err;
    return k == DX_ERROR ? KH_E_DOC : KH_E_OK;
}

static const style *find_style(const docx *d, const char *id)
{
    if (!id) return NULL;
    for (size_t i = 0; i < d->nstyles; i++)
        if (!strcmp(d->styles[i].id, id)) return &d->styles[i];
    return NULL;
}

/* Follow basedOn until field says something. */
#define STYLE_GET(d, id, field, unset, out)                                                        \
    do {                                                                                           \
        const style *s_ = find_style((d), (id));                                                   \
        for (int n_ = 0; s_ && n_ < STYLE_CHAIN; n_++) {                                           \
            if (s_->field != (unset)) {                                                            \
                (out) = s_->field;                                                                 \
                break;                                                                             \
            }                                                                                      \
            s_ = find_style((d), s_->based_on);                                                    \
        }                                                                                          \
    } while (0)

/* ---- numbering.xml ---- */

static kh_errcode read_numbering(docx *d, doc_xml *x)
{
    abstract_num *an = NULL;
    num *nu = NULL;
    level *lv = NULL;
    int override_lvl = -1;
    size_t cap_a = 0, cap_n = 0;
    int k = DX_END;
    while ((k = doc_xml_next(x)) > 0) {
        if (k == DX_CLOSE) {
            if (doc_xml_is(x, W_NS, "abstractNum")) an = NULL, lv = NULL;
            if (doc_xml_is(x, W_NS, "num")) nu = NULL;
            if (doc_xml_is(x, W_NS, "lvl")) lv = NULL;
            if (doc_xml_is(x, W_NS, "lvlOverride")) override_lvl = -1;
            continue;
        }
        if (k != DX_START) continue;
        const char *val = doc_xml_attr(x, "val");
        if (doc_xml_is(x, W_NS, "abstractNum")) {
            if (d->nabstracts >= MAX_NUMS) {
                doc_xml_skip(x);
                continue;
            }
            KH_GROW(d->abstracts, d->nabstracts, cap_a);
            an = &d->abstracts[d->nabstracts++];
            memset(an, 0, sizeof *an);
            an->id = ival(doc_xml_attr(x, "abstractNumId"), -1);
            for (int i = 0; i < LEVELS; i++) {
                an->lvl[i].start = 1;
                strcpy(an->lvl[i].fmt, "decimal");
                snprintf(an->lvl[i].text, sizeof an->lvl[i].text, "%%%d.", i + 1);
            }
        } else if (doc_xml_is(x, W_NS, "num") && !an) {
            if (d->nnums >= MAX_NUMS) {
                doc_xml_skip(x);
                continue;
            }
            KH_GROW(d->nums, d->nnums, cap_n);
            nu = &d->nums[d->nnums++];
            memset(nu, 0, sizeof *nu);
            nu->id = ival(doc_xml_attr(x, "numId"), -1);
            nu->abstract = -1;
            for (int i = 0; i < LEVELS; i++) nu->start[i] = -1;
        } else if (an && doc_xml_is(x, W_NS, "lvl")) {
            int i = ival(doc_xml_attr(x, "ilvl"), -1);
            lv = i >= 0 && i < LEVELS ? &an->lvl[i] : NULL;
        } else if (lv && doc_xml_is(x, W_NS, "start")) {
            lv->start = ival(val, 1);
        } else if (lv && doc_xml_is(x, W_NS, "numFmt")) {
            snprintf(lv->fmt, sizeof lv->fmt, "%s", val ? val : "decimal");
        } else if (lv && doc_xml_is(x, W_NS, "lvlText")) {
            snprintf(lv->text, sizeof lv->text, "%s", val ? val : "");
        } else if (nu && doc_xml_is(x, W_NS, "abstractNumId")) {
            nu->abstract = ival(val, -1);
        } else if (nu && doc_xml_is(x, W_NS, "lvlOverride")) {
            override_lvl = ival(doc_xml_attr(x, "ilvl"), -1);
        } else if (nu && override_lvl >= 0 && override_lvl < LEVELS &&
                   doc_xml_is(x, W_NS, "startOverride")) {
            nu->start[override_lvl] = ival(val, 1);
        }
    }
    return k == DX_ERROR ? KH_E_DOC : KH_E_OK;
}

/* The label of a paragraph in list num_id at level ilvl, counted. */
static void number_label(docx *d, int num_id, int ilvl, strbuf *out)
{
    if (num_id <= 0 || ilvl < 0 || ilvl >= LEVELS) return;
    num *nu = NULL;
    for (size_t i = 0; i < d->nnums; i++)
        if (d->nums[i].id == num_id) nu = &d->nums[i];
    if (!nu) return;
    abstract_num *an = NULL;
    for (size_t i = 0; i < d->nabstracts; i++)
        if (d->abstracts[i].id == nu->abstract) an = &d->abstracts[i];
    if (!an) return;
    if (!nu->used) {
        /* A list's first paragraph: its overrides restart the counters. */
        nu->used = true;
        for (int i = 0; i < LEVELS; i++)
            if (nu->start[i] >= 0) {
                an->set[i] = true;
                an->cur[i] = nu->start[i] - 1;
            }
    }
    if (an->set[ilvl])
        an->cur[ilvl]++;
    else {
        an->cur[ilvl] = an->lvl[ilvl].start;
        an->set[ilvl] = true;
    }
    for (int i = ilvl + 1; i < LEVELS; i++) an->set[i] = false;
    const level *lv = &an->lvl[ilvl];
    if (!strcmp(lv->fmt, "bullet")) {
        sb_putc(out, '-');
        return;
    }
    if (!strcmp(lv->fmt, "none")) return;
    for (const char *p = lv->text; *p; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int l = p[1] - '1';
            long v = an->set[l] ? an->cur[l] : an->lvl[l].start;
            doc_format_number(out, l == ilvl ? lv->fmt : an->lvl[l].fmt, v);
            p++;
        } else {
            sb_putc(out, *p);
        }
    }
}

/* ---- document.xml ---- */

typedef struct {
    char style[128];
    int num_id, ilvl, outline, align;
} para_state;

static int heading_of(const docx *d, const para_state *p)
{
    int outline = p->outline;
    if (outline < 0) STYLE_GET(d, p->style, outline, -1, outline);
    if (outline >= 0 && outline < 9) return outline + 1;
    const style *s = find_style(d, p->style);
    if (s && s->name && !strncasecmp(s->name, "heading ", 8)) {
        int n = atoi(s->name + 8);
        if (n >= 1 && n <= 9) return n;
    }
    return 0;
}

static kh_errcode read_body(docx *d, doc_builder *b, doc_xml *x)
{
    para_state ps[DOC_BUILD_NEST];
    int np = 0;
    bool in_ppr = false, in_rpr = false, in_t = false;
    int run_bold = -1, run_italic = -1;
    bool hidden = false;
    char run_style[128] = "";
    int k = DX_END;
    while (!b->failed && (k = doc_xml_next(x)) > 0) {
        if (k == DX_TEXT) {
            if (!in_t || hidden || !np) continue;
            size_t n;
            const char *t = doc_xml_text(x, &n);
            int bold = run_bold, italic = run_italic;
            if (bold < 0 && run_style[0]) STYLE_GET(d, run_style, bold, -1, bold);
            if (bold < 0) STYLE_GET(d, ps[np - 1].style, bold, -1, bold);
            if (italic < 0 && run_style[0]) STYLE_GET(d, run_style, italic, -1, italic);
            if (italic < 0) STYLE_GET(d, ps[np - 1].style, italic, -1, italic);
            db_text(b, t, n, bold > 0, italic > 0);
            continue;
        }
        if (k == DX_CLOSE) {
            if (doc_xml_is(x, W_NS, "p") && np) {
                para_state *p = &ps[--np];
                int num_id = p->num_id, ilvl = p->ilvl;
                if (num_id < 0) STYLE_GET(d, p->style, num_id, -1, num_id);
                if (ilvl < 0) STYLE_GET(d, p->style, ilvl, -1, ilvl);
                if (ilvl < 0) ilvl = 0;
                strbuf label = STRBUF_INIT;
                number_label(d, num_id, ilvl, &label);
                int align = p->align;
                if (align < 0) STYLE_GET(d, p->style, align, -1, align);
                const style *s = find_style(d, p->style);
                db_para_end(b, s && s->name ? s->name : p->style, heading_of(d, p),
                            label.len ? sb_str(&label) : NULL, num_id > 0 ? ilvl : 0,
                            align < 0 ? DOC_ALIGN_LEFT : align, 0, 0);
                sb_done(&label);
            } else if (doc_xml_is(x, W_NS, "pPr")) {
                in_ppr = false;
            } else if (doc_xml_is(x, W_NS, "rPr")) {
                in_rpr = false;
            } else if (doc_xml_is(x, W_NS, "t")) {
                in_t = false;
            } else if (doc_xml_is(x, W_NS, "r")) {
                run_bold = run_italic = -1;
                hidden = false;
                run_style[0] = '\0';
            } else if (doc_xml_is(x, W_NS, "tc")) {
                db_cell_end(b);
            } else if (doc_xml_is(x, W_NS, "tr")) {
                db_row_end(b);
            } else if (doc_xml_is(x, W_NS, "tbl")) {
                db_table_end(b);
            }
            continue;
        }
        /* An element starts. */
        if (doc_xml_is(x, MC_NS, "Fallback")) {
            doc_xml_skip(x);
            continue;
        }
        const char *local = doc_xml_local(x);
        if (!doc_xml_is(x, W_NS, local)) continue; /* DrawingML and others: look inside */
        const char *val = doc_xml_attr(x, "val");
        if (!strcmp(local, "p")) {
            if (np >= DOC_BUILD_NEST) {
                db_para_begin(b); /* records the error */
                break;
            }
            para_state *p = &ps[np++];
            memset(p, 0, sizeof *p);
            p->num_id = p->ilvl = p->outline = p->align = -1;
            db_para_begin(b);
        } else if (!strcmp(local, "pPr")) {
            in_ppr = true;
        } else if (in_ppr && !strcmp(local, "rPr")) {
            doc_xml_skip(x); /* the paragraph mark's formatting */
        } else if (in_ppr && np && !strcmp(local, "pStyle")) {
            snprintf(ps[np - 1].style, sizeof ps[np - 1].style, "%s", val ? val : "");
        } else if (in_ppr && np && !strcmp(local, "numId")) {
            ps[np - 1].num_id = ival(val, -1);
        } else if (in_ppr && np && !strcmp(local, "ilvl")) {
            ps[np - 1].ilvl = ival(val, 0);
        } else if (in_ppr && np && !strcmp(local, "outlineLvl")) {
            ps[np - 1].outline = ival(val, 9);
        } else if (in_ppr && np && !strcmp(local, "jc")) {
            ps[np - 1].align = align_of(val);
        } else if (in_ppr) {
            continue;
        } else if (!strcmp(local, "rPr")) {
            in_rpr = true;
        } else if (in_rpr && !strcmp(local, "b")) {
            run_bold = on(val);
        } else if (in_rpr && !strcmp(local, "i")) {
            run_italic = on(val);
        } else if (in_rpr && !strcmp(local, "vanish")) {
            hidden = on(val);
        } else if (in_rpr && !strcmp(local, "rStyle")) {
            snprintf(run_style, sizeof run_style, "%s", val ? val : "");
        } else if (in_rpr) {
            continue;
        } else if (!strcmp(local, "t")) {
            in_t = true;
        } else if (!strcmp(local, "tab") || !strcmp(local, "ptab")) {
            if (!hidden) db_text(b, " ", 1, false, false);
        } else if (!strcmp(local, "br") || !strcmp(local, "cr")) {
            const char *type = doc_xml_attr(x, "type");
            if (!hidden && (!type || strcmp(type, "page") != 0)) db_text(b, "\n", 1, false, false);
        } else if (!strcmp(local, "noBreakHyphen")) {
            if (!hidden) db_text(b, "-", 1, false, false);
        } else if (!strcmp(local, "del") || !strcmp(local, "moveFrom") ||
                   !strcmp(local, "delText") || !strcmp(local, "instrText") ||
                   !strcmp(local, "delInstrText") || !strcmp(local, "sectPr") ||
                   !strcmp(local, "tblPr") || !strcmp(local, "tblGrid") ||
                   !strcmp(local, "footnoteReference") || !strcmp(local, "endnoteReference")) {
            doc_xml_skip(x);
        } else if (!strcmp(local, "tbl")) {
            db_table_begin(b);
        } else if (!strcmp(local, "tr")) {
            db_row_begin(b);
        } else if (!strcmp(local, "gridBefore")) {
            db_row_skip(b, (uint32_t)ival(val, 0));
        } else if (!strcmp(local, "tc")) {
            db_cell_begin(b, 1, 1, false);
        } else if (!strcmp(local, "gridSpan")) {
            db_cell_span(b, (uint32_t)ival(val, 1));
        } else if (!strcmp(local, "vMerge")) {
            db_cell_vmerge(b,
                           val && !strcmp(val, "restart") ? DB_VMERGE_RESTART : DB_VMERGE_CONTINUE);
        }
    }
    if (b->failed) return b->failed;
    return k == DX_ERROR ? KH_E_DOC : KH_E_OK;
}

/* ---- the parts ---- */

static long part_read(void *ctx, char *buf, size_t cap)
{
    return doc_zip_part_read(ctx, buf, cap);
}

typedef kh_errcode (*part_fn)(docx *d, doc_builder *b, doc_xml *x, kh_error *err);

static kh_errcode styles_fn(docx *d, doc_builder *b, doc_xml *x, kh_error *err)
{
    (void)b;
    return read_styles(d, x, err);
}

static kh_errcode numbering_fn(docx *d, doc_builder *b, doc_xml *x, kh_error *err)
{
    (void)b;
    (void)err;
    return read_numbering(d, x);
}

static kh_errcode body_fn(docx *d, doc_builder *b, doc_xml *x, kh_error *err)
{
    (void)err;
    return read_body(d, b, x);
}

/* Parse a part from the zip (z) or from bytes (s, n); a part the document
 * lacks is no error unless required. */
static kh_errcode part(docx *d, doc_builder *b, doc_zip *z, const char *name, const char *s,
                       size_t n, bool required, part_fn fn, kh_error *err)
{
    doc_zip_part *p = NULL;
    if (z) {
        if (!doc_zip_has(z, name)) {
            if (!required) return KH_E_OK;
            return kh_error_set(
                err, KH_E_DOC, TR(d->lang, "tệp .docx thiếu phần %s", "the .docx has no %s"), name);
        }
        kh_errcode rc = doc_zip_part_open(z, name, &p, err);
        if (rc) return rc;
    } else if (!s) {
        return KH_E_OK;
    }
    doc_xml *x = doc_xml_open(z ? part_read : NULL, p, s, n, name, d->lang, err);
    if (!x) {
        doc_zip_part_close(p);
        return KH_E_DOC;
    }
    kh_errcode rc = fn(d, b, x, err);
    doc_xml_close(x);
    doc_zip_part_close(p);
    return rc;
}

static kh_errcode parse(kh_doc *doc, doc_zip *z, const char *xml, size_t n, const char *styles,
                        size_t nstyles, const char *numbering, size_t nnumbering, kh_lang lang,
                        kh_error *err)
{
    docx d;
    memset(&d, 0, sizeof d);
    d.lang = lang;
    doc_builder b;
    db_init(&b, doc, lang, err);
    const char *main_part = "word/document.xml";
    kh_errcode rc = part(&d, &b, z, "word/styles.xml", styles, nstyles, false, styles_fn, err);
    if (!rc)
        rc = part(&d, &b, z, "word/numbering.xml", numbering, nnumbering, false, numbering_fn, err);
    if (!rc) rc = part(&d, &b, z, main_part, xml, n, true, body_fn, err);
    while (!rc && db_table_depth(&b)) db_table_end(&b);
    if (!rc && b.failed) rc = b.failed;
    db_done(&b);
    docx_free(&d);
    return rc;
}

kh_errcode doc_docx_parse(kh_doc *doc, doc_zip *z, kh_lang lang, kh_error *err)
{
    return parse(doc, z, NULL, 0, NULL, 0, NULL, 0, lang, err);
}

kh_errcode doc_docx_parse_xml(kh_doc *doc, const char *xml, size_t n, const char *styles,
                              size_t nstyles, const char *numbering, size_t nnumbering,
                              kh_lang lang, kh_error *err)
{
    return parse(doc, NULL, xml, n, styles, nstyles, numbering, nnumbering, lang, err);
}
