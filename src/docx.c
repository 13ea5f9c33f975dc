/* The .docx writer (see kehoach/docx.h): word/document.xml is built as the
 * caller goes; the other parts are fixed but for the page setup, the
 * fonts and the properties. XML is escaped in xml_text only; the zip is
 * made in memory by libzip, then copied to the stream. */
#include "kehoach/docx.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "doc/doc_dl.h"
#include "kehoach/util.h"

#define W_NS     "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define R_NS     "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define PKG_RELS "http://schemas.openxmlformats.org/package/2006/relationships"
#define DOC_RELS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define CT_WML   "application/vnd.openxmlformats-officedocument.wordprocessingml."

struct docx {
    docx_page page;
    char *font, *lang, *title, *application; /* owned copies */
    strbuf body;                             /* the inside of <w:body> */
    int para_size;                           /* the open paragraph's size, or 0 */
    bool in_cell, cell_has_para;
};

/* ---- XML, escaped in one place ---- */

/* Append s as XML character data (or an attribute's value): & < > " '
 * as entities; the C0 controls XML 1.0 cannot hold, and U+FFFE and
 * U+FFFF, left out. */
static void xml_text(strbuf *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '&': sb_puts(out, "&amp;"); break;
        case '<': sb_puts(out, "&lt;"); break;
        case '>': sb_puts(out, "&gt;"); break;
        case '"': sb_puts(out, "&quot;"); break;
        case '\'': sb_puts(out, "&apos;"); break;
        default:
            if (*p < 0x20 && *p != '\t') break;
            if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
                p += 2;
                break;
            }
            sb_putc(out, (char)*p);
        }
    }
}

/* ---- the document ---- */

docx *docx_new(const docx_page *page)
{
    docx *d = xcalloc(1, sizeof *d);
    d->page = *page;
    d->font = xstrdup(page->font ? page->font : "Times New Roman");
    d->lang = xstrdup(page->lang ? page->lang : "vi-VN");
    d->title = xstrdup(page->title ? page->title : "");
    d->application = xstrdup(page->application ? page->application : "");
    return d;
}

void docx_free(docx *d)
{
    if (!d) return;
    free(d->font);
    free(d->lang);
    free(d->title);
    free(d->application);
    sb_done(&d->body);
    free(d);
}

static const char *align_name(docx_align a)
{
    switch (a) {
    case DOCX_CENTER: return "center";
    case DOCX_RIGHT: return "right";
    case DOCX_JUSTIFY: return "both";
    case DOCX_LEFT: break;
    }
    return "left";
}

/* Append <w:sz> and <w:szCs> of size (half points). */
static void size_props(strbuf *b, int size)
{
    sb_printf(b, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>", size, size);
}

void docx_para_begin(docx *d, const docx_para *p)
{
    strbuf *b = &d->body;
    if (d->in_cell) d->cell_has_para = true;
    d->para_size = p->size;
    sb_puts(b, "<w:p><w:pPr>");
    if (p->heading) sb_printf(b, "<w:pStyle w:val=\"Heading%d\"/>", p->heading);
    if (p->keep_next) sb_puts(b, "<w:keepNext/>");
    if (p->list_level)
        sb_printf(b, "<w:numPr><w:ilvl w:val=\"%d\"/><w:numId w:val=\"1\"/></w:numPr>",
                  p->list_level - 1);
    if (p->rule_above)
        sb_puts(b, "<w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" "
                   "w:color=\"000000\"/></w:pBdr>");
    sb_printf(b, "<w:spacing w:before=\"%d\" w:after=\"%d\"", p->before, p->after);
    if (p->line) sb_printf(b, " w:line=\"%d\" w:lineRule=\"auto\"", p->line);
    sb_puts(b, "/>");
    if (p->left || p->right || p->first_line) {
        sb_printf(b, "<w:ind w:left=\"%d\" w:right=\"%d\"", p->left, p->right);
        if (p->first_line > 0) sb_printf(b, " w:firstLine=\"%d\"", p->first_line);
        if (p->first_line < 0) sb_printf(b, " w:hanging=\"%d\"", -p->first_line);
        sb_puts(b, "/>");
    }
    sb_printf(b, "<w:jc w:val=\"%s\"/>", align_name(p->align));
    if (p->size) {
        sb_puts(b, "<w:rPr>");
        size_props(b, p->size);
        sb_puts(b, "</w:rPr>");
    }
    sb_puts(b, "</w:pPr>");
}

/* Append one <w:r> of the n bytes of text at s. */
static void run_piece(docx *d, const char *s, size_t n, unsigned flags, int size, bool br)
{
    strbuf *b = &d->body;
    sb_puts(b, "<w:r>");
    if (flags || size) {
        sb_puts(b, "<w:rPr>");
        if (flags & DOCX_BOLD) sb_puts(b, "<w:b/><w:bCs/>");
        if (flags & DOCX_ITALIC) sb_puts(b, "<w:i/><w:iCs/>");
        if (size) size_props(b, size);
        sb_puts(b, "</w:rPr>");
    }
    if (br) sb_puts(b, "<w:br/>");
    if (n) {
        char *piece = xstrndup(s, n);
        sb_puts(b, "<w:t xml:space=\"preserve\">");
        xml_text(b, piece);
        sb_puts(b, "</w:t>");
        free(piece);
    }
    sb_puts(b, "</w:r>");
}

void docx_run(docx *d, const char *text, unsigned flags, int size)
{
    if (!size) size = d->para_size;
    bool br = false;
    for (;;) {
        size_t n = strcspn(text, "\n");
        if (n || br) run_piece(d, text, n, flags, size, br);
        if (!text[n]) break;
        text += n + 1;
        br = true;
    }
}

void docx_para_end(docx *d)
{
    sb_puts(&d->body, "</w:p>");
    d->para_size = 0;
}

void docx_para_text(docx *d, const docx_para *p, const char *text, unsigned flags)
{
    docx_para_begin(d, p);
    docx_run(d, text, flags, 0);
    docx_para_end(d);
}

void docx_table_begin(docx *d, const docx_table *t)
{
    strbuf *b = &d->body;
    int total = 0;
    for (size_t c = 0; c < t->ncols; c++) total += t->widths[c];
    sb_printf(b, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/>", total);
    if (t->indent) sb_printf(b, "<w:tblInd w:w=\"%d\" w:type=\"dxa\"/>", t->indent);
    const char *line = t->borders ? "single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000" : "nil";
    sb_puts(b, "<w:tblBorders>");
    static const char *const sides[] = {"top", "left", "bottom", "right", "insideH", "insideV"};
    for (size_t k = 0; k < KH_ARRAY_LEN(sides); k++)
        sb_printf(b, "<w:%s w:val=\"%s\"/>", sides[k], line);
    sb_puts(b, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>");
    sb_printf(b,
              "<w:tblCellMar><w:left w:w=\"%d\" w:type=\"dxa\"/><w:right w:w=\"%d\" "
              "w:type=\"dxa\"/></w:tblCellMar>",
              t->cell_margin, t->cell_margin);
    sb_puts(b, "<w:tblLook w:val=\"0000\"/></w:tblPr><w:tblGrid>");
    for (size_t c = 0; c < t->ncols; c++) sb_printf(b, "<w:gridCol w:w=\"%d\"/>", t->widths[c]);
    sb_puts(b, "</w:tblGrid>");
}

void docx_row_begin(docx *d, bool header, bool keep)
{
    strbuf *b = &d->body;
    sb_puts(b, "<w:tr>");
    if (header || keep) {
        sb_puts(b, "<w:trPr>");
        if (keep) sb_puts(b, "<w:cantSplit/>");
        if (header) sb_puts(b, "<w:tblHeader/>");
        sb_puts(b, "</w:trPr>");
    }
}

void docx_cell_begin(docx *d, int span, const char *shade)
{
    strbuf *b = &d->body;
    sb_puts(b, "<w:tc><w:tcPr>");
    if (span > 1) sb_printf(b, "<w:gridSpan w:val=\"%d\"/>", span);
    if (shade) {
        sb_puts(b, "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"");
        xml_text(b, shade);
        sb_puts(b, "\"/>");
    }
    sb_puts(b, "</w:tcPr>");
    d->in_cell = true;
    d->cell_has_para = false;
}

void docx_cell_end(docx *d)
{
    if (!d->cell_has_para) sb_puts(&d->body, "<w:p/>");
    sb_puts(&d->body, "</w:tc>");
    d->in_cell = false;
}

void docx_row_end(docx *d)
{
    sb_puts(&d->body, "</w:tr>");
}

void docx_table_end(docx *d)
{
    sb_puts(&d->body, "</w:tbl>");
}

/* ---- the parts ---- */

static void part_content_types(strbuf *b)
{
    sb_puts(b, XML_HEAD "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                        "content-types\">"
                        "<Default Extension=\"rels\" ContentType=\"application/"
                        "vnd.openxmlformats-package.relationships+xml\"/>"
                        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
    static const char *const parts[][2] = {
        {"/word/document.xml", CT_WML "document.main+xml"},
        {"/word/styles.xml", CT_WML "styles+xml"},
        {"/word/numbering.xml", CT_WML "numbering+xml"},
        {"/word/settings.xml", CT_WML "settings+xml"},
        {"/word/header1.xml", CT_WML "header+xml"},
        {"/word/header2.xml", CT_WML "header+xml"},
        {"/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"},
        {"/docProps/app.xml",
         "application/vnd.openxmlformats-officedocument.extended-properties+xml"},
    };
    for (size_t k = 0; k < KH_ARRAY_LEN(parts); k++)
        sb_printf(b, "<Override PartName=\"%s\" ContentType=\"%s\"/>", parts[k][0], parts[k][1]);
    sb_puts(b, "</Types>");
}

static void part_rels(strbuf *b)
{
    sb_puts(b, XML_HEAD "<Relationships xmlns=\"" PKG_RELS "\">"
                        "<Relationship Id=\"rId1\" Type=\"" DOC_RELS
                        "/officeDocument\" Target=\"word/document.xml\"/>"
                        "<Relationship Id=\"rId2\" Type=\"" PKG_RELS
                        "/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
                        "<Relationship Id=\"rId3\" Type=\"" DOC_RELS
                        "/extended-properties\" Target=\"docProps/app.xml\"/>"
                        "</Relationships>");
}

static void part_document_rels(strbuf *b)
{
    sb_puts(b, XML_HEAD
            "<Relationships xmlns=\"" PKG_RELS "\">"
            "<Relationship Id=\"rId1\" Type=\"" DOC_RELS "/styles\" Target=\"styles.xml\"/>"
            "<Relationship Id=\"rId2\" Type=\"" DOC_RELS "/numbering\" Target=\"numbering.xml\"/>"
            "<Relationship Id=\"rId3\" Type=\"" DOC_RELS "/settings\" Target=\"settings.xml\"/>"
            "<Relationship Id=\"rId4\" Type=\"" DOC_RELS "/header\" Target=\"header1.xml\"/>"
            "<Relationship Id=\"rId5\" Type=\"" DOC_RELS "/header\" Target=\"header2.xml\"/>"
            "</Relationships>");
}

static void part_document(const docx *d, strbuf *b)
{
    const docx_page *p = &d->page;
    sb_puts(b, XML_HEAD "<w:document xmlns:w=\"" W_NS "\" xmlns:r=\"" R_NS "\"><w:body>");
    sb_add(b, d->body.data ? d->body.data : "", d->body.len);
    sb_puts(b, "<w:sectPr>");
    if (p->page_numbers)
        sb_puts(b, "<w:headerReference w:type=\"default\" r:id=\"rId4\"/>"
                   "<w:headerReference w:type=\"first\" r:id=\"rId5\"/>");
    sb_printf(b, "<w:pgSz w:w=\"%d\" w:h=\"%d\"/>", p->width, p->height);
    sb_printf(b,
              "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" "
              "w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>",
              p->top, p->right, p->bottom, p->left);
    if (p->page_numbers) sb_puts(b, "<w:titlePg/>");
    sb_puts(b, "</w:sectPr></w:body></w:document>");
}

static void part_styles(const docx *d, strbuf *b)
{
    sb_puts(b, XML_HEAD "<w:styles xmlns:w=\"" W_NS "\"><w:docDefaults><w:rPrDefault><w:rPr>"
                        "<w:rFonts w:ascii=\"");
    xml_text(b, d->font);
    sb_puts(b, "\" w:hAnsi=\"");
    xml_text(b, d->font);
    sb_puts(b, "\" w:eastAsia=\"");
    xml_text(b, d->font);
    sb_puts(b, "\" w:cs=\"");
    xml_text(b, d->font);
    sb_puts(b, "\"/>");
    size_props(b, d->page.size);
    sb_puts(b, "<w:lang w:val=\"");
    xml_text(b, d->lang);
    sb_puts(b, "\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
               "<w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>"
               "</w:pPr></w:pPrDefault></w:docDefaults>"
               "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
               "<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
               "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
               "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
               "<w:pPr><w:keepNext/><w:outlineLvl w:val=\"0\"/></w:pPr>"
               "<w:rPr><w:b/><w:bCs/></w:rPr></w:style>"
               "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
               "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>"
               "<w:pPr><w:keepNext/><w:outlineLvl w:val=\"1\"/></w:pPr>"
               "<w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr></w:style>"
               "<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/>"
               "<w:basedOn w:val=\"Normal\"/></w:style>"
               "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
               "<w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
               "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" "
               "w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" "
               "w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style></w:styles>");
}

/* The dash list: "-" at the first level, "+" at the second. */
static void part_numbering(strbuf *b)
{
    sb_puts(b, XML_HEAD "<w:numbering xmlns:w=\"" W_NS "\"><w:abstractNum w:abstractNumId=\"0\">"
                        "<w:multiLevelType w:val=\"hybridMultilevel\"/>");
    static const char *const marks[] = {"-", "+"};
    for (int k = 0; k < 2; k++)
        sb_printf(b,
                  "<w:lvl w:ilvl=\"%d\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/>"
                  "<w:lvlText w:val=\"%s\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind "
                  "w:left=\"%d\" w:hanging=\"284\"/></w:pPr></w:lvl>",
                  k, marks[k], 851 + 567 * k);
    sb_puts(b, "</w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
               "</w:numbering>");
}

static void part_settings(const docx *d, strbuf *b)
{
    sb_puts(b, XML_HEAD "<w:settings xmlns:w=\"" W_NS "\"><w:defaultTabStop w:val=\"567\"/>"
                        "<w:characterSpacingControl w:val=\"doNotCompress\"/>"
                        "<w:themeFontLang w:val=\"");
    xml_text(b, d->lang);
    sb_puts(b, "\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" "
               "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
               "</w:settings>");
}

/* The page number at the top, centred (header1); none on the first page
 * (header2, empty). */
static void part_header(strbuf *b, bool number)
{
    sb_puts(b, XML_HEAD "<w:hdr xmlns:w=\"" W_NS "\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/>"
                        "<w:jc w:val=\"center\"/></w:pPr>");
    if (number) sb_puts(b, "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>2</w:t></w:r></w:fldSimple>");
    sb_puts(b, "</w:p></w:hdr>");
}

static void part_core(const docx *d, strbuf *b)
{
    char when[32];
    struct tm tm;
    gmtime_r(&d->page.created, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    sb_puts(b, XML_HEAD "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/"
                        "2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/"
                        "1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://"
                        "www.w3.org/2001/XMLSchema-instance\"><dc:title>");
    xml_text(b, d->title);
    sb_puts(b, "</dc:title><dc:language>");
    xml_text(b, d->lang);
    sb_printf(b,
              "</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
              "</cp:coreProperties>",
              when);
}

static void part_app(const docx *d, strbuf *b)
{
    sb_puts(b, XML_HEAD "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/"
                        "2006/extended-properties\"><Application>");
    xml_text(b, d->application);
    sb_puts(b, "</Application></Properties>");
}

/* ---- the zip ---- */

enum { PART_COUNT = 10 };

static kh_errcode zip_fail(kh_error *err, zip_error_t *ze)
{
    return kh_error_set(err, KH_E_IO, "docx: %s", zip_error_strerror(ze));
}

/* Copy the archive kept in src to out. */
static kh_errcode copy_out(zip_source_t *src, FILE *out, kh_error *err)
{
    if (zip_source_open(src) < 0) return zip_fail(err, zip_source_error(src));
    char buf[16384];
    zip_int64_t n;
    kh_errcode rc = KH_E_OK;
    while ((n = zip_source_read(src, buf, sizeof buf)) > 0)
        if (fwrite(buf, 1, (size_t)n, out) != (size_t)n) {
            rc = kh_error_set(err, KH_E_IO, "docx: short write");
            break;
        }
    if (n < 0 && !rc) rc = zip_fail(err, zip_source_error(src));
    zip_source_close(src);
    return rc;
}

kh_errcode docx_write(const docx *d, FILE *out, kh_error *err)
{
    kh_errcode dl = doc_dl_zip(err); /* libzip, opened the first time */
    if (dl) return dl;
    static const char *const names[PART_COUNT] = {
        "[Content_Types].xml", "_rels/.rels",      "word/_rels/document.xml.rels",
        "word/document.xml",   "word/styles.xml",  "word/numbering.xml",
        "word/settings.xml",   "word/header1.xml", "word/header2.xml",
        "docProps/core.xml",
    };
    strbuf parts[PART_COUNT + 1];
    for (size_t k = 0; k <= PART_COUNT; k++) parts[k] = (strbuf)STRBUF_INIT;
    part_content_types(&parts[0]);
    part_rels(&parts[1]);
    part_document_rels(&parts[2]);
    part_document(d, &parts[3]);
    part_styles(d, &parts[4]);
    part_numbering(&parts[5]);
    part_settings(d, &parts[6]);
    part_header(&parts[7], true);
    part_header(&parts[8], false);
    part_core(d, &parts[9]);
    part_app(d, &parts[PART_COUNT]);
    kh_errcode rc = KH_E_OK;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *za = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    if (!za) {
        rc = zip_fail(err, &ze);
        zip_source_free(src);
        goto done;
    }
    zip_source_keep(src);
    for (size_t k = 0; k <= PART_COUNT && !rc; k++) {
        const char *name = k < PART_COUNT ? names[k] : "docProps/app.xml";
        zip_source_t *s = zip_source_buffer(za, sb_str(&parts[k]), parts[k].len, 0);
        zip_int64_t at = s ? zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8) : -1;
        if (at < 0) {
            zip_source_free(s);
            rc = zip_fail(err, zip_get_error(za));
            break;
        }
        zip_set_file_compression(za, (zip_uint64_t)at, ZIP_CM_DEFLATE, 0);
        zip_file_set_mtime(za, (zip_uint64_t)at, d->page.created, 0);
    }
    if (rc) {
        zip_discard(za);
    } else if (zip_close(za) < 0) {
        rc = zip_fail(err, zip_get_error(za));
        zip_discard(za);
    } else {
        rc = copy_out(src, out, err);
    }
    zip_source_free(src);
done:
    zip_error_fini(&ze);
    for (size_t k = 0; k <= PART_COUNT; k++) sb_done(&parts[k]);
    return rc;
}
