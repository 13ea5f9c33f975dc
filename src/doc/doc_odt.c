/* OpenDocument text (.odt): text:p and text:h (outline levels), bold and
 * italic from paragraph and text styles (their parents followed), list
 * labels as LibreOffice shows them (the list style's format, prefix and
 * suffix per level, counters continued with text:continue-numbering or
 * text:continue-list), tables with table:number-columns-spanned,
 * table:number-rows-spanned and table:covered-table-cell. Notes, tracked
 * deletions, annotations and tables of contents are left out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_int.h"

#define TEXT_NS   "opendocument:xmlns:text:1.0"
#define TABLE_NS  "opendocument:xmlns:table:1.0"
#define STYLE_NS  "opendocument:xmlns:style:1.0"
#define FO_NS     "xsl-fo-compatible:1.0"
#define OFFICE_NS "opendocument:xmlns:office:1.0"

enum { MAX_STYLES = 8192, LEVELS = 10, STYLE_CHAIN = 16, MAX_LISTS = 1024 };

typedef struct {
    char *name, *display, *parent, *list_style;
    int8_t bold, italic, align; /* -1 unset */
} ostyle;

typedef struct {
    char *name;
    bool bullet[LEVELS];
    char fmt[LEVELS][8];
    char prefix[LEVELS][16], suffix[LEVELS][16];
    int start[LEVELS], display[LEVELS];
    long cur[LEVELS];
    bool set[LEVELS];
    char *last_id; /* the xml:id of its last list, for continue-list */
} olist;

typedef struct {
    kh_lang lang;
    ostyle *styles;
    size_t nstyles, cap_styles;
    olist *lists;
    size_t nlists, cap_lists;
} odt;

static void odt_free(odt *o)
{
    for (size_t i = 0; i < o->nstyles; i++) {
        free(o->styles[i].name);
        free(o->styles[i].display);
        free(o->styles[i].parent);
        free(o->styles[i].list_style);
    }
    free(o->styles);
    for (size_t i = 0; i < o->nlists; i++) {
        free(o->lists[i].name);
        free(o->lists[i].last_id);
    }
    free(o->lists);
}

static int ival(const char *v, int dflt)
{
    if (!v || !*v) return dflt;
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || n < 0 || n > 100000) return dflt;
    return (int)n;
}

static const ostyle *find_style(const odt *o, const char *name)
{
    if (!name) return NULL;
    for (size_t i = o->nstyles; i-- > 0;)
        if (!strcmp(o->styles[i].name, name)) return &o->styles[i];
    return NULL;
}

static olist *find_list(odt *o, const char *name)
{
    if (!name) return NULL;
    for (size_t i = o->nlists; i-- > 0;)
        if (!strcmp(o->lists[i].name, name)) return &o->lists[i];
    return NULL;
}

#define STYLE_GET(o, name, field, out)                                                             \
    do {                                                                                           \
        const ostyle *s_ = find_style((o), (name));                                                \
        for (int n_ = 0; s_ && n_ < STYLE_CHAIN; n_++) {                                           \
            if (s_->field >= 0) {                                                                  \
                (out) = s_->field;                                                                 \
                break;                                                                             \
            }                                                                                      \
            s_ = find_style((o), s_->parent);                                                      \
        }                                                                                          \
    } while (0)

static const char *list_style_of(const odt *o, const char *para_style)
{
    const ostyle *s = find_style(o, para_style);
    for (int n = 0; s && n < STYLE_CHAIN; n++) {
        if (s->list_style) return s->list_style;
        s = find_style(o, s->parent);
    }
    return NULL;
}

/* ---- styles (styles.xml, and content.xml's automatic styles) ---- */

static kh_errcode read_styles(odt *o, doc_xml *x, bool stop_at_body, bool *at_body)
{
    ostyle *cur = NULL;
    olist *list = NULL;
    int level = -1;
    int k = DX_END;
    *at_body = false;
    while ((k = doc_xml_next(x)) > 0) {
        if (k == DX_CLOSE) {
            if (doc_xml_is(x, STYLE_NS, "style") || doc_xml_is(x, STYLE_NS, "default-style"))
                cur = NULL;
            if (doc_xml_is(x, TEXT_NS, "list-style")) list = NULL;
            continue;
        }
        if (k != DX_START) continue;
        if (stop_at_body && doc_xml_is(x, OFFICE_NS, "body")) {
            *at_body = true;
            return KH_E_OK;
        }
        if (doc_xml_is(x, OFFICE_NS, "master-styles")) {
            doc_xml_skip(x);
            continue;
        }
        if (doc_xml_is(x, STYLE_NS, "style")) {
            if (o->nstyles >= MAX_STYLES) {
                doc_xml_skip(x);
                continue;
            }
            KH_GROW(o->styles, o->nstyles, o->cap_styles);
            cur = &o->styles[o->nstyles++];
            memset(cur, 0, sizeof *cur);
            const char *v = doc_xml_attr(x, "name");
            cur->name = xstrdup(v ? v : "");
            v = doc_xml_attr(x, "display-name");
            cur->display = v ? xstrdup(v) : NULL;
            v = doc_xml_attr(x, "parent-style-name");
            cur->parent = v ? xstrdup(v) : NULL;
            v = doc_xml_attr(x, "list-style-name");
            cur->list_style = v && *v ? xstrdup(v) : NULL;
            cur->bold = cur->italic = cur->align = -1;
            continue;
        }
        if (cur && doc_xml_is(x, STYLE_NS, "text-properties")) {
            const char *w = doc_xml_attr(x, "font-weight");
            if (w) cur->bold = !strcmp(w, "bold") || atoi(w) >= 600;
            const char *s = doc_xml_attr(x, "font-style");
            if (s) cur->italic = !strcmp(s, "italic") || !strcmp(s, "oblique");
            continue;
        }
        if (cur && doc_xml_is(x, STYLE_NS, "paragraph-properties")) {
            const char *a = doc_xml_attr(x, "text-align");
            if (a)
                cur->align = (int8_t)(!strcmp(a, "center")                       ? DOC_ALIGN_CENTER
                                      : !strcmp(a, "end") || !strcmp(a, "right") ? DOC_ALIGN_RIGHT
                                      : !strcmp(a, "justify")                    ? DOC_ALIGN_JUSTIFY
                                                                                 : DOC_ALIGN_LEFT);
            continue;
        }
        if (doc_xml_is(x, TEXT_NS, "list-style") || doc_xml_is(x, TEXT_NS, "outline-style")) {
            if (o->nlists >= MAX_LISTS) {
                doc_xml_skip(x);
                continue;
            }
            KH_GROW(o->lists, o->nlists, o->cap_lists);
            list = &o->lists[o->nlists++];
            memset(list, 0, sizeof *list);
            const char *v = doc_xml_attr(x, "name");
            list->name = xstrdup(doc_xml_is(x, TEXT_NS, "outline-style") ? "#outline" : v ? v : "");
            for (int i = 0; i < LEVELS; i++) {
                list->start[i] = 1;
                list->display[i] = 1;
            }
            continue;
        }
        if (list && (doc_xml_is(x, TEXT_NS, "list-level-style-number") ||
                     doc_xml_is(x, TEXT_NS, "list-level-style-bullet") ||
                     doc_xml_is(x, TEXT_NS, "outline-level-style"))) {
            level = ival(doc_xml_attr(x, "level"), 1) - 1;
            if (level < 0 || level >= LEVELS) continue;
            list->bullet[level] = doc_xml_is(x, TEXT_NS, "list-level-style-bullet");
            const char *v = doc_xml_attr(x, "num-format");
            snprintf(list->fmt[level], sizeof list->fmt[level], "%s", v ? v : "");
            v = doc_xml_attr(x, "num-prefix");
            snprintf(list->prefix[level], sizeof list->prefix[level], "%s", v ? v : "");
            v = doc_xml_attr(x, "num-suffix");
            snprintf(list->suffix[level], sizeof list->suffix[level], "%s", v ? v : "");
            list->start[level] = ival(doc_xml_attr(x, "start-value"), 1);
            list->display[level] = ival(doc_xml_attr(x, "display-levels"), 1);
        }
    }
    return k == DX_ERROR ? KH_E_DOC : KH_E_OK;
}

/* ---- the body ---- */

typedef struct {
    olist *style;    /* its list style, or NULL */
    int level;       /* 0 for the outermost */
    bool header;     /* a text:list-header: no number */
    int start_value; /* a list item's text:start-value, or -1 */
    bool counted;    /* the item's number is taken */
} list_state;

static void label(olist *l, int level, int start_value, strbuf *out)
{
    if (!l || level < 0 || level >= LEVELS) return;
    if (l->bullet[level]) {
        sb_putc(out, '-');
        return;
    }
    if (start_value >= 0) {
        l->cur[level] = start_value;
        l->set[level] = true;
    } else if (l->set[level]) {
        l->cur[level]++;
    } else {
        l->cur[level] = l->start[level];
        l->set[level] = true;
    }
    for (int i = level + 1; i < LEVELS; i++) l->set[i] = false;
    if (!l->fmt[level][0]) return;
    sb_puts(out, l->prefix[level]);
    int from = level - l->display[level] + 1;
    if (from < 0) from = 0;
    for (int i = from; i <= level; i++) {
        if (i > from) sb_putc(out, '.');
        doc_format_number(out, l->fmt[i][0] ? l->fmt[i] : "1", l->set[i] ? l->cur[i] : l->start[i]);
    }
    sb_puts(out, l->suffix[level]);
}

static void text(doc_builder *b, const char *t, size_t n, bool bold, bool italic)
{
    /* In ODF a line break in the text is white space (text:line-break is
     * the break). */
    strbuf sb = STRBUF_INIT;
    sb_add(&sb, t, n);
    for (size_t i = 0; i < sb.len; i++)
        if (sb.data[i] == '\n' || sb.data[i] == '\r' || sb.data[i] == '\t') sb.data[i] = ' ';
    db_text(b, sb_str(&sb), sb.len, bold, italic);
    sb_done(&sb);
}

static kh_errcode read_body(odt *o, doc_builder *b, doc_xml *x)
{
    list_state lists[32];
    int nlists = 0;
    char para_style[DOC_BUILD_NEST][128];
    int heading[DOC_BUILD_NEST];
    int np = 0;
    const char *spans[16];
    int nspans = 0;
    char span_names[16][128];
    int k = DX_END;
    while (!b->failed && (k = doc_xml_next(x)) > 0) {
        if (k == DX_TEXT) {
            if (!np) continue;
            size_t n;
            const char *t = doc_xml_text(x, &n);
            int bold = -1, italic = -1;
            for (int i = nspans - 1; i >= 0 && bold < 0; i--) STYLE_GET(o, spans[i], bold, bold);
            for (int i = nspans - 1; i >= 0 && italic < 0; i--)
                STYLE_GET(o, spans[i], italic, italic);
            if (bold < 0) STYLE_GET(o, para_style[np - 1], bold, bold);
            if (italic < 0) STYLE_GET(o, para_style[np - 1], italic, italic);
            text(b, t, n, bold > 0, italic > 0);
            continue;
        }
        if (k == DX_CLOSE) {
            if ((doc_xml_is(x, TEXT_NS, "p") || doc_xml_is(x, TEXT_NS, "h")) && np) {
                np--;
                strbuf lab = STRBUF_INIT;
                int level = 0;
                list_state *ls = nlists ? &lists[nlists - 1] : NULL;
                if (ls && !ls->header && !ls->counted) {
                    olist *style = ls->style;
                    if (!style) style = find_list(o, list_style_of(o, para_style[np]));
                    label(style, ls->level, ls->start_value, &lab);
                    ls->counted = true;
                    level = ls->level;
                } else if (!ls && heading[np] > 0) {
                    label(find_list(o, "#outline"), heading[np] - 1, -1, &lab);
                }
                const ostyle *s = find_style(o, para_style[np]);
                int align = -1;
                STYLE_GET(o, para_style[np], align, align);
                db_para_end(b, s ? (s->display ? s->display : s->name) : NULL, heading[np],
                            lab.len ? sb_str(&lab) : NULL, level,
                            align < 0 ? DOC_ALIGN_LEFT : align, 0, 0);
                sb_done(&lab);
            } else if (doc_xml_is(x, TEXT_NS, "span")) {
                if (nspans) nspans--;
            } else if (doc_xml_is(x, TEXT_NS, "list-item") ||
                       doc_xml_is(x, TEXT_NS, "list-header")) {
                if (nlists) lists[nlists - 1].counted = true;
            } else if (doc_xml_is(x, TEXT_NS, "list")) {
                if (nlists) nlists--;
            } else if (doc_xml_is(x, TABLE_NS, "table-cell") ||
                       doc_xml_is(x, TABLE_NS, "covered-table-cell")) {
                db_cell_end(b);
            } else if (doc_xml_is(x, TABLE_NS, "table-row")) {
                db_row_end(b);
            } else if (doc_xml_is(x, TABLE_NS, "table")) {
                db_table_end(b);
            }
            continue;
        }
        if (doc_xml_is(x, TEXT_NS, "p") || doc_xml_is(x, TEXT_NS, "h")) {
            if (np >= DOC_BUILD_NEST) {
                db_para_begin(b);
                break;
            }
            const char *v = doc_xml_attr(x, "style-name");
            snprintf(para_style[np], sizeof para_style[np], "%s", v ? v : "");
            heading[np] =
                doc_xml_is(x, TEXT_NS, "h") ? ival(doc_xml_attr(x, "outline-level"), 1) : 0;
            if (heading[np] > 9) heading[np] = 9;
            np++;
            db_para_begin(b);
        } else if (doc_xml_is(x, TEXT_NS, "span")) {
            const char *v = doc_xml_attr(x, "style-name");
            if (nspans < 16) {
                snprintf(span_names[nspans], sizeof span_names[nspans], "%s", v ? v : "");
                spans[nspans] = span_names[nspans];
                nspans++;
            }
        } else if (doc_xml_is(x, TEXT_NS, "s")) {
            int c = ival(doc_xml_attr(x, "c"), 1);
            db_text(b, " ", 1, false, false);
            (void)c; /* runs of spaces become one anyway */
        } else if (doc_xml_is(x, TEXT_NS, "tab")) {
            db_text(b, " ", 1, false, false);
        } else if (doc_xml_is(x, TEXT_NS, "line-break")) {
            db_text(b, "\n", 1, false, false);
        } else if (doc_xml_is(x, TEXT_NS, "list")) {
            if (nlists >= 32) {
                db_fail(b, KH_E_DOC, "%s",
                        TR(o->lang, "danh sách lồng nhau quá sâu", "lists nested too deeply"));
                break;
            }
            list_state *ls = &lists[nlists];
            memset(ls, 0, sizeof *ls);
            ls->start_value = -1;
            const char *v = doc_xml_attr(x, "style-name");
            ls->style = v ? find_list(o, v) : nlists ? lists[nlists - 1].style : NULL;
            ls->level = nlists ? lists[nlists - 1].level + 1 : 0;
            if (!nlists && ls->style) {
                /* A new list restarts its style's counters unless it says
                 * it continues one. */
                const char *cn = doc_xml_attr(x, "continue-numbering");
                bool cont = cn && !strcmp(cn, "true");
                if (doc_xml_attr(x, "continue-list")) cont = true;
                if (!cont)
                    for (int i = 0; i < LEVELS; i++) ls->style->set[i] = false;
            }
            nlists++;
        } else if (doc_xml_is(x, TEXT_NS, "list-item") || doc_xml_is(x, TEXT_NS, "list-header")) {
            if (nlists) {
                list_state *ls = &lists[nlists - 1];
                ls->header = doc_xml_is(x, TEXT_NS, "list-header");
                ls->counted = false;
                ls->start_value = ival(doc_xml_attr(x, "start-value"), -1);
            }
        } else if (doc_xml_is(x, TEXT_NS, "number")) {
            doc_xml_skip(x); /* the number as written by the producer: we count */
        } else if (doc_xml_is(x, TEXT_NS, "note") || doc_xml_is(x, TEXT_NS, "tracked-changes") ||
                   doc_xml_is(x, OFFICE_NS, "annotation") ||
                   doc_xml_is(x, TEXT_NS, "table-of-content") ||
                   doc_xml_is(x, TEXT_NS, "alphabetical-index") ||
                   doc_xml_is(x, TEXT_NS, "illustration-index") ||
                   doc_xml_is(x, TEXT_NS, "sequence-decls") || doc_xml_is(x, OFFICE_NS, "forms") ||
                   doc_xml_is(x, TABLE_NS, "table-columns") ||
                   doc_xml_is(x, TABLE_NS, "table-column") || doc_xml_is(x, NULL, "desc") ||
                   (doc_xml_is(x, NULL, "title") && !doc_xml_is(x, TEXT_NS, "title"))) {
            doc_xml_skip(x);
        } else if (doc_xml_is(x, TABLE_NS, "table")) {
            db_table_begin(b);
        } else if (doc_xml_is(x, TABLE_NS, "table-row")) {
            db_row_begin(b);
        } else if (doc_xml_is(x, TABLE_NS, "table-cell") ||
                   doc_xml_is(x, TABLE_NS, "covered-table-cell")) {
            bool covered = doc_xml_is(x, TABLE_NS, "covered-table-cell");
            int cs = ival(doc_xml_attr(x, "number-columns-spanned"), 1);
            int rs = ival(doc_xml_attr(x, "number-rows-spanned"), 1);
            int rep = ival(doc_xml_attr(x, "number-columns-repeated"), 1);
            if (rep > DOC_MAX_COLS) rep = DOC_MAX_COLS;
            /* Repeated cells are empty ones: all but the last end here. */
            for (int i = 1; i < rep; i++) {
                db_cell_begin(b, 1, 1, covered);
                db_cell_end(b);
            }
            db_cell_begin(b, (uint32_t)cs, (uint32_t)rs, covered);
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

static doc_xml *open_part(doc_zip *z, const char *name, const char *s, size_t n, kh_lang lang,
                          doc_zip_part **p, kh_error *err, kh_errcode *rc)
{
    *p = NULL;
    *rc = KH_E_OK;
    if (z) {
        if (!doc_zip_has(z, name)) return NULL;
        if ((*rc = doc_zip_part_open(z, name, p, err))) return NULL;
    } else if (!s) {
        return NULL;
    }
    doc_xml *x = doc_xml_open(z ? part_read : NULL, *p, s, n, name, lang, err);
    if (!x) {
        doc_zip_part_close(*p);
        *p = NULL;
        *rc = KH_E_DOC;
    }
    return x;
}

static kh_errcode parse(kh_doc *doc, doc_zip *z, const char *xml, size_t n, const char *styles,
                        size_t nstyles, kh_lang lang, kh_error *err)
{
    odt o;
    memset(&o, 0, sizeof o);
    o.lang = lang;
    doc_builder b;
    db_init(&b, doc, lang, err);
    b.one_col_cells = true;
    kh_errcode rc = KH_E_OK;
    doc_zip_part *p;
    bool at_body;
    /* A password: the manifest says its parts are encrypted. */
    if (z && doc_zip_has(z, "META-INF/manifest.xml")) {
        char *m;
        size_t mn;
        if (!doc_zip_read_all(z, "META-INF/manifest.xml", 4 << 20, &m, &mn, NULL)) {
            bool enc = strstr(m, "encryption-data") != NULL;
            free(m);
            if (enc) {
                db_done(&b);
                return kh_error_set(err, KH_E_DOC, "%s",
                                    TR(lang,
                                       "văn bản được bảo vệ bằng mật khẩu; hãy mở nó, bỏ mật khẩu "
                                       "và lưu lại rồi nhập",
                                       "the document is protected by a password; open it, "
                                       "remove the password and save it, then import it"));
            }
        }
    }
    doc_xml *x = open_part(z, "styles.xml", styles, nstyles, lang, &p, err, &rc);
    if (x) {
        rc = read_styles(&o, x, false, &at_body);
        doc_xml_close(x);
        doc_zip_part_close(p);
    }
    if (!rc) {
        x = open_part(z, "content.xml", xml, n, lang, &p, err, &rc);
        if (!x && !rc)
            rc = kh_error_set(
                err, KH_E_DOC, "%s",
                TR(lang, "tệp .odt thiếu phần content.xml", "the .odt has no content.xml"));
        if (x) {
            rc = read_styles(&o, x, true, &at_body);
            if (!rc && at_body) rc = read_body(&o, &b, x);
            doc_xml_close(x);
            doc_zip_part_close(p);
        }
    }
    while (!rc && db_table_depth(&b)) db_table_end(&b);
    if (!rc && b.failed) rc = b.failed;
    db_done(&b);
    odt_free(&o);
    return rc;
}

kh_errcode doc_odt_parse(kh_doc *doc, doc_zip *z, kh_lang lang, kh_error *err)
{
    return parse(doc, z, NULL, 0, NULL, 0, lang, err);
}

kh_errcode doc_odt_parse_xml(kh_doc *doc, const char *xml, size_t n, const char *styles,
                             size_t nstyles, kh_lang lang, kh_error *err)
{
    return parse(doc, NULL, xml, n, styles, nstyles, lang, err);
}
