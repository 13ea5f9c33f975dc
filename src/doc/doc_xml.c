/* libxml2's pull reader, set up for hostile input: the XML streams in from
 * the zip a chunk at a time (bounded memory), a document type declaration
 * or entity declaration is refused before libxml2 sees it, nothing is ever
 * fetched (XML_PARSE_NONET, an entity loader that refuses everything, no
 * entity substitution, no DTD loading), and libxml2 prints nothing: its
 * errors come back as the reader's. */
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "doc_dl.h"
#include "doc_int.h"

struct doc_xml {
    xmlTextReaderPtr r;
    doc_xml_read_fn read;
    void *ctx;
    const char *s; /* or the bytes */
    size_t n, at;
    char tail[2]; /* the last bytes of the chunk before, for "<!" across chunks */
    size_t ntail;
    bool dtd;           /* refused a declaration */
    bool read_failed;   /* the source failed (its error is in err already) */
    bool close_pending; /* an empty element: its close comes next */
    bool failed;        /* an error was returned: every later call returns it */
    const char *part;
    kh_lang lang;
    kh_error *err;
    char xml_msg[200]; /* libxml2's first error */
    int xml_line;
    strbuf attr;
};

static xmlParserInputPtr no_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)url;
    (void)id;
    (void)ctxt;
    return NULL;
}

static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void setup(void)
{
    xmlInitParser();
    xmlSetExternalEntityLoader(no_entities);
    xmlSetGenericErrorFunc(NULL, silent);
}

/* Return true when "<!D" or "<!E" (a DOCTYPE, ENTITY or ELEMENT
 * declaration) starts in the chunk, counting the chunk before's tail. */
static bool declaration(doc_xml *x, const char *b, size_t n)
{
    char w[4];
    for (size_t i = 0; i < x->ntail + n; i++) {
        for (size_t k = 0; k < 3; k++) {
            size_t j = i + k;
            w[k] = j < x->ntail ? x->tail[j] : j - x->ntail < n ? b[j - x->ntail] : 0;
        }
        if (w[0] == '<' && w[1] == '!' && (w[2] == 'D' || w[2] == 'E')) return true;
    }
    size_t keep = n >= 2 ? 2 : n;
    if (keep < 2 && x->ntail) { /* a chunk of one byte: slide */
        x->tail[0] = x->tail[x->ntail - 1];
        x->tail[1] = b[0];
        x->ntail = 2;
    } else if (keep) {
        memcpy(x->tail, b + n - keep, keep);
        x->ntail = keep;
    }
    return false;
}

static int io_read(void *ctx, char *buf, int len)
{
    doc_xml *x = ctx;
    if (x->dtd || x->read_failed || len <= 0) return -1;
    long k;
    if (x->read) {
        k = x->read(x->ctx, buf, (size_t)len);
        if (k < 0) {
            x->read_failed = true;
            return -1;
        }
    } else {
        size_t left = x->n - x->at;
        k = (long)(left < (size_t)len ? left : (size_t)len);
        memcpy(buf, x->s + x->at, (size_t)k);
        x->at += (size_t)k;
    }
    if (k > 0 && declaration(x, buf, (size_t)k)) {
        x->dtd = true;
        return -1;
    }
    return (int)k;
}

static int io_close(void *ctx)
{
    (void)ctx;
    return 0;
}

static void on_error(void *arg, xmlErrorPtr e)
{
    doc_xml *x = arg;
    if (x->xml_msg[0] || !e) return;
    snprintf(x->xml_msg, sizeof x->xml_msg, "%s", e->message ? e->message : "?");
    size_t n = strlen(x->xml_msg);
    while (n && (x->xml_msg[n - 1] == '\n' || x->xml_msg[n - 1] == ' ')) x->xml_msg[--n] = '\0';
    x->xml_line = e->line;
}

doc_xml *doc_xml_open(doc_xml_read_fn read, void *ctx, const char *s, size_t n, const char *part,
                      kh_lang lang, kh_error *err)
{
    if (doc_dl_xml(err)) return NULL; /* libxml2, opened the first time */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, setup);
    doc_xml *x = xcalloc(1, sizeof *x);
    x->read = read;
    x->ctx = ctx;
    x->s = s;
    x->n = n;
    x->part = part;
    x->lang = lang;
    x->err = err;
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
               XML_PARSE_COMPACT;
    x->r = xmlReaderForIO(io_read, io_close, x, part, NULL, opts);
    if (!x->r) {
        kh_error_set(
            err, KH_E_DOC, "%s",
            TR(lang, "không đủ bộ nhớ để đọc văn bản", "not enough memory to read the document"));
        free(x);
        return NULL;
    }
    xmlTextReaderSetStructuredErrorHandler(x->r, on_error, x);
    return x;
}

static int fail(doc_xml *x)
{
    kh_lang lang = x->lang;
    if (x->failed) return DX_ERROR;
    x->failed = true;
    if (x->read_failed) return DX_ERROR; /* the source said why */
    if (x->dtd) {
        kh_error_set(x->err, KH_E_DOC,
                     TR(lang,
                        "phần %s của văn bản có khai báo <!DOCTYPE> hoặc <!ENTITY>, điều Word và "
                        "LibreOffice không bao giờ ghi; không đọc (không tải gì từ ngoài)",
                        "the part %s of the document has a <!DOCTYPE> or <!ENTITY> declaration, "
                        "which Word and LibreOffice never write; refused (nothing was fetched)"),
                     x->part);
        return DX_ERROR;
    }
    kh_error_set(x->err, KH_E_DOC,
                 TR(lang, "XML của văn bản bị hỏng (%s, dòng %d: %s)",
                    "the document's XML is damaged (%s, line %d: %s)"),
                 x->part, x->xml_line, x->xml_msg[0] ? x->xml_msg : "?");
    return DX_ERROR;
}

int doc_xml_next(doc_xml *x)
{
    if (x->failed) return DX_ERROR;
    if (x->close_pending) {
        x->close_pending = false;
        return DX_CLOSE;
    }
    for (;;) {
        int k = xmlTextReaderRead(x->r);
        if (k < 0 || x->dtd || x->read_failed) return fail(x);
        if (k == 0) return x->xml_msg[0] ? fail(x) : DX_END;
        int depth = xmlTextReaderDepth(x->r);
        if (depth > DOC_MAX_DEPTH) {
            x->failed = true;
            kh_error_set(x->err, KH_E_DOC,
                         TR(x->lang, "XML của văn bản lồng nhau quá sâu (%s: quá %d cấp)",
                            "the document's XML is nested too deeply (%s: over %d levels)"),
                         x->part, DOC_MAX_DEPTH);
            return DX_ERROR;
        }
        switch (xmlTextReaderNodeType(x->r)) {
        case XML_READER_TYPE_ELEMENT:
            x->close_pending = xmlTextReaderIsEmptyElement(x->r) == 1;
            return DX_START;
        case XML_READER_TYPE_END_ELEMENT: return DX_CLOSE;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: return DX_TEXT;
        case XML_READER_TYPE_DOCUMENT_TYPE:
        case XML_READER_TYPE_ENTITY_REFERENCE:
        case XML_READER_TYPE_ENTITY: x->dtd = true; return fail(x);
        default: break;
        }
    }
}

const char *doc_xml_local(doc_xml *x)
{
    const xmlChar *n = xmlTextReaderConstLocalName(x->r);
    return n ? (const char *)n : "";
}

bool doc_xml_is(doc_xml *x, const char *ns, const char *local)
{
    if (strcmp(doc_xml_local(x), local) != 0) return false;
    if (!ns) return true;
    const char *uri = (const char *)xmlTextReaderConstNamespaceUri(x->r);
    if (!uri) return false;
    /* ns may name several endings, parted by '|' (transitional and strict
     * OOXML name their namespaces differently). */
    size_t a = strlen(uri);
    for (const char *p = ns; *p;) {
        const char *e = strchr(p, '|');
        size_t b = e ? (size_t)(e - p) : strlen(p);
        if (a >= b && !strncmp(uri + a - b, p, b)) return true;
        if (!e) break;
        p = e + 1;
    }
    return false;
}

const char *doc_xml_attr(doc_xml *x, const char *local)
{
    const char *found = NULL;
    if (xmlTextReaderMoveToFirstAttribute(x->r) == 1) {
        do {
            const char *n = (const char *)xmlTextReaderConstLocalName(x->r);
            if (n && !strcmp(n, local)) {
                const char *v = (const char *)xmlTextReaderConstValue(x->r);
                sb_reset(&x->attr);
                sb_puts(&x->attr, v ? v : "");
                found = sb_str(&x->attr);
                break;
            }
        } while (xmlTextReaderMoveToNextAttribute(x->r) == 1);
        xmlTextReaderMoveToElement(x->r);
    }
    return found;
}

const char *doc_xml_text(doc_xml *x, size_t *n)
{
    const char *v = (const char *)xmlTextReaderConstValue(x->r);
    *n = v ? strlen(v) : 0;
    return v ? v : "";
}

int doc_xml_depth(doc_xml *x)
{
    return xmlTextReaderDepth(x->r);
}

void doc_xml_skip(doc_xml *x)
{
    if (x->close_pending) {
        x->close_pending = false;
        return;
    }
    int d = xmlTextReaderDepth(x->r);
    for (;;) {
        int k = doc_xml_next(x);
        if (k == DX_END || k == DX_ERROR) return;
        if (k == DX_START && x->close_pending) {
            x->close_pending = false;
            continue;
        }
        if (k == DX_CLOSE && xmlTextReaderDepth(x->r) == d) return;
    }
}

void doc_xml_close(doc_xml *x)
{
    if (!x) return;
    xmlFreeTextReader(x->r);
    sb_done(&x->attr);
    free(x);
}
