/* libFuzzer harness: the importer's XML path: WordprocessingML and
 * OpenDocument XML through libxml2's reader (set up against hostile input),
 * the builder, the analysis and the draft (fuzz_import.h says what is
 * checked). The zip layer is libzip's; its bounds have their own tests.
 *
 * Input: byte 0 picks the format (bit 0: odt) and bit 1 the language; the
 * rest is split at NUL bytes into the main part (document.xml or
 * content.xml), then styles.xml, then (docx) numbering.xml. */
#include "doc/doc_int.h"
#include "fuzz_import.h"

int fuzz_import_xml_one(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t mode = data[0];
    const char *parts[3] = {NULL, NULL, NULL};
    size_t lens[3] = {0, 0, 0};
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    for (int k = 0; k < 3 && p <= end; k++) {
        const char *z = memchr(p, 0, (size_t)(end - p));
        parts[k] = p;
        lens[k] = z ? (size_t)(z - p) : (size_t)(end - p);
        if (!z) break;
        p = z + 1;
    }
    kh_lang lang = mode & 2 ? KH_LANG_EN : KH_LANG_VI;
    kh_error err = {0};
    kh_doc *doc = xcalloc(1, sizeof *doc);
    kh_errcode rc;
    if (mode & 1) {
        doc->format = DOC_ODT;
        rc = doc_odt_parse_xml(doc, parts[0], lens[0], parts[1], lens[1], lang, &err);
    } else {
        doc->format = DOC_DOCX;
        rc = doc_docx_parse_xml(doc, parts[0], lens[0], parts[1], lens[1], parts[2], lens[2], lang,
                                &err);
    }
    if (rc) {
        FUZZ_CHECK(err.detail[0], "import_xml: refused without a message");
        doc_free(doc);
        return 0;
    }
    if (doc->nparas) fi_check_import(doc, lang);
    doc_free(doc);
    return 0;
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import_xml_one(data, size);
}
#endif
