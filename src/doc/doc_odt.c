/* stub */
#include "doc_int.h"
kh_errcode doc_odt_parse(kh_doc *doc, doc_zip *z, kh_lang lang, kh_error *err)
{
    (void)doc;
    (void)z;
    return kh_error_set(err, KH_E_DOC, "%s", TR(lang, "chưa", "not yet"));
}
