/* libFuzzer harness: the importer's text path: a .txt, .md or pdftotext
 * text through the text reader, the analysis and the draft writer, the
 * draft loaded back (fuzz_import.h says what is checked).
 *
 * Input: byte 0 picks the form (bit 0: Markdown name, bit 1: the layout
 * reading of pdftotext's text) and bit 2 the language; the rest is the
 * document, any bytes at all. */
#include "doc/doc_int.h"
#include "fuzz_import.h"

int fuzz_import_text_one(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t mode = data[0];
    const char *buf = (const char *)data + 1;
    size_t n = size - 1;
    kh_lang lang = mode & 4 ? KH_LANG_EN : KH_LANG_VI;
    kh_error err = {0};
    kh_doc *doc = NULL;
    if (mode & 2) {
        doc = xcalloc(1, sizeof *doc);
        doc->format = DOC_TXT;
        if (doc_text_parse(doc, buf, n, true, lang, &err)) {
            FUZZ_CHECK(err.detail[0], "import_text: refused without a message");
            doc_free(doc);
            return 0;
        }
    } else if (doc_read_buffer(mode & 1 ? "fuzz.md" : "fuzz.txt", buf, n, lang, &doc, &err)) {
        FUZZ_CHECK(err.detail[0], "import_text: refused without a message");
        return 0;
    }
    fi_check_import(doc, lang);
    doc_free(doc);
    return 0;
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_import_text_one(data, size);
}
#endif
