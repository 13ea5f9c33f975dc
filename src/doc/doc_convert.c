/* stub */
#include "doc_int.h"
kh_errcode doc_convert(const char *path, doc_format from, kh_lang lang, char **buf, size_t *len,
                       kh_error *err)
{
    (void)path;
    (void)from;
    (void)buf;
    (void)len;
    return kh_error_set(err, KH_E_TOOL, "%s", TR(lang, "chưa", "not yet"));
}
