/* doc_dl: libzip and libxml2 are opened (dlopen, by their sonames: the
 * distro's shared libraries, so apt's updates reach them) when a document
 * is first read or written, not at every start: with what they load in
 * turn (ICU, libstdc++, libcrypto, liblzma, libbz2) they cost about 3 ms
 * a process, more than all the rest of `kehoach status` (issue 18,
 * bench/RESULTS.md). Include this after <zip.h> and <libxml/xmlreader.h>:
 * the calls below then go through pointers that doc_dl_zip/doc_dl_xml set. */
#ifndef KEHOACH_DOC_DL_H
#define KEHOACH_DOC_DL_H

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#include "kehoach/error.h"

/* Open libzip once (every thread may call it). Return KH_E_OK, or KH_E_IO
 * naming the library and why dlopen or dlsym failed. */
kh_errcode doc_dl_zip(kh_error *err);
/* The same for libxml2. */
kh_errcode doc_dl_xml(kh_error *err);

/* Every function of the two libraries the program calls. */
#define DOC_DL_ZIP_FUNCS(X)                                                                        \
    X(zip_close)                                                                                   \
    X(zip_discard)                                                                                 \
    X(zip_error_code_zip)                                                                          \
    X(zip_error_fini)                                                                              \
    X(zip_error_init)                                                                              \
    X(zip_error_init_with_code)                                                                    \
    X(zip_error_strerror)                                                                          \
    X(zip_fclose)                                                                                  \
    X(zip_file_add)                                                                                \
    X(zip_file_get_error)                                                                          \
    X(zip_file_set_mtime)                                                                          \
    X(zip_fopen_index)                                                                             \
    X(zip_fread)                                                                                   \
    X(zip_get_error)                                                                               \
    X(zip_get_num_entries)                                                                         \
    X(zip_name_locate)                                                                             \
    X(zip_open_from_source)                                                                        \
    X(zip_set_file_compression)                                                                    \
    X(zip_source_buffer)                                                                           \
    X(zip_source_buffer_create)                                                                    \
    X(zip_source_close)                                                                            \
    X(zip_source_error)                                                                            \
    X(zip_source_free)                                                                             \
    X(zip_source_keep)                                                                             \
    X(zip_source_open)                                                                             \
    X(zip_source_read)                                                                             \
    X(zip_stat_index)                                                                              \
    X(zip_stat_init)
#define DOC_DL_XML_FUNCS(X)                                                                        \
    X(xmlFreeTextReader)                                                                           \
    X(xmlInitParser)                                                                               \
    X(xmlReaderForIO)                                                                              \
    X(xmlSetExternalEntityLoader)                                                                  \
    X(xmlSetGenericErrorFunc)                                                                      \
    X(xmlTextReaderConstLocalName)                                                                 \
    X(xmlTextReaderConstNamespaceUri)                                                              \
    X(xmlTextReaderConstValue)                                                                     \
    X(xmlTextReaderDepth)                                                                          \
    X(xmlTextReaderIsEmptyElement)                                                                 \
    X(xmlTextReaderMoveToElement)                                                                  \
    X(xmlTextReaderMoveToFirstAttribute)                                                           \
    X(xmlTextReaderMoveToNextAttribute)                                                            \
    X(xmlTextReaderNodeType)                                                                       \
    X(xmlTextReaderRead)                                                                           \
    X(xmlTextReaderSetStructuredErrorHandler)

#define DOC_DL_DECLARE(f) extern __typeof__(&f) doc_dl_##f;
DOC_DL_ZIP_FUNCS(DOC_DL_DECLARE)
DOC_DL_XML_FUNCS(DOC_DL_DECLARE)
#undef DOC_DL_DECLARE

#ifndef DOC_DL_IMPL
#define zip_close                              (*doc_dl_zip_close)
#define zip_discard                            (*doc_dl_zip_discard)
#define zip_error_code_zip                     (*doc_dl_zip_error_code_zip)
#define zip_error_fini                         (*doc_dl_zip_error_fini)
#define zip_error_init                         (*doc_dl_zip_error_init)
#define zip_error_init_with_code               (*doc_dl_zip_error_init_with_code)
#define zip_error_strerror                     (*doc_dl_zip_error_strerror)
#define zip_fclose                             (*doc_dl_zip_fclose)
#define zip_file_add                           (*doc_dl_zip_file_add)
#define zip_file_get_error                     (*doc_dl_zip_file_get_error)
#define zip_file_set_mtime                     (*doc_dl_zip_file_set_mtime)
#define zip_fopen_index                        (*doc_dl_zip_fopen_index)
#define zip_fread                              (*doc_dl_zip_fread)
#define zip_get_error                          (*doc_dl_zip_get_error)
#define zip_get_num_entries                    (*doc_dl_zip_get_num_entries)
#define zip_name_locate                        (*doc_dl_zip_name_locate)
#define zip_open_from_source                   (*doc_dl_zip_open_from_source)
#define zip_set_file_compression               (*doc_dl_zip_set_file_compression)
#define zip_source_buffer                      (*doc_dl_zip_source_buffer)
#define zip_source_buffer_create               (*doc_dl_zip_source_buffer_create)
#define zip_source_close                       (*doc_dl_zip_source_close)
#define zip_source_error                       (*doc_dl_zip_source_error)
#define zip_source_free                        (*doc_dl_zip_source_free)
#define zip_source_keep                        (*doc_dl_zip_source_keep)
#define zip_source_open                        (*doc_dl_zip_source_open)
#define zip_source_read                        (*doc_dl_zip_source_read)
#define zip_stat_index                         (*doc_dl_zip_stat_index)
#define zip_stat_init                          (*doc_dl_zip_stat_init)
#define xmlFreeTextReader                      (*doc_dl_xmlFreeTextReader)
#define xmlInitParser                          (*doc_dl_xmlInitParser)
#define xmlReaderForIO                         (*doc_dl_xmlReaderForIO)
#define xmlSetExternalEntityLoader             (*doc_dl_xmlSetExternalEntityLoader)
#define xmlSetGenericErrorFunc                 (*doc_dl_xmlSetGenericErrorFunc)
#define xmlTextReaderConstLocalName            (*doc_dl_xmlTextReaderConstLocalName)
#define xmlTextReaderConstNamespaceUri         (*doc_dl_xmlTextReaderConstNamespaceUri)
#define xmlTextReaderConstValue                (*doc_dl_xmlTextReaderConstValue)
#define xmlTextReaderDepth                     (*doc_dl_xmlTextReaderDepth)
#define xmlTextReaderIsEmptyElement            (*doc_dl_xmlTextReaderIsEmptyElement)
#define xmlTextReaderMoveToElement             (*doc_dl_xmlTextReaderMoveToElement)
#define xmlTextReaderMoveToFirstAttribute      (*doc_dl_xmlTextReaderMoveToFirstAttribute)
#define xmlTextReaderMoveToNextAttribute       (*doc_dl_xmlTextReaderMoveToNextAttribute)
#define xmlTextReaderNodeType                  (*doc_dl_xmlTextReaderNodeType)
#define xmlTextReaderRead                      (*doc_dl_xmlTextReaderRead)
#define xmlTextReaderSetStructuredErrorHandler (*doc_dl_xmlTextReaderSetStructuredErrorHandler)
#endif

#endif
