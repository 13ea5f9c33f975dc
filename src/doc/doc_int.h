/* The document reader's inside: one builder that every format fills (text,
 * docx, odt), the zip part reader, the XML reader set-up. Not for other
 * modules: they see include/kehoach/doc.h. */
#ifndef KEHOACH_DOC_INT_H
#define KEHOACH_DOC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/doc.h"

/* ---- doc_build.c: paragraphs and tables as a format's reader finds them ---- */

enum { DOC_BUILD_NEST = 8 }; /* paragraphs open at once (text boxes in paragraphs) */

typedef enum { DB_VMERGE_NONE, DB_VMERGE_RESTART, DB_VMERGE_CONTINUE } db_vmerge;

/* A cell as the row gives it, before the grid is laid out. */
typedef struct {
    uint32_t first, n; /* paragraphs */
    uint16_t colspan;  /* columns it takes in this row */
    uint16_t rowspan;  /* odt: rows it takes; docx: 1 (vMerge says the rest) */
    uint8_t vmerge;    /* db_vmerge (docx) */
    bool covered;      /* odt: table:covered-table-cell */
    uint32_t row, col; /* where it starts */
} db_cell;

typedef struct {
    int32_t index; /* in doc->tables */
    uint32_t row;  /* the row being read */
    uint32_t rows_seen;
    uint32_t col; /* the next free column of that row */
    bool in_row, in_cell;
    db_cell *cells; /* every cell of every row so far */
    size_t ncells, cap;
} db_table;

typedef struct {
    strbuf text;
    size_t letters, bold, italic; /* letters so far, and how many bold, italic */
    bool has_text;
} db_para;

typedef struct {
    kh_doc *doc;
    kh_lang lang;
    kh_error *err;
    kh_errcode failed; /* the first error; once set, every call does nothing */
    size_t cap_paras, cap_tables;
    size_t ncells; /* every table's */
    db_para para[DOC_BUILD_NEST];
    int npara; /* paragraphs open */
    db_table tables[DOC_MAX_TABLE_NEST];
    int ntables;        /* tables open */
    uint32_t counter;   /* paragraphs begun (docx, odt: their number) */
    bool one_col_cells; /* odt: a spanning cell's neighbours come as covered cells */
} doc_builder;

/* Start filling doc (format set by the caller). */
void db_init(doc_builder *b, kh_doc *doc, kh_lang lang, kh_error *err);
/* Free what the builder holds (the document is the caller's). */
void db_done(doc_builder *b);
/* Record an error (the first one wins); return its code. */
kh_errcode db_fail(doc_builder *b, kh_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Begin a paragraph; paragraphs may nest (a text box's inside a paragraph). */
void db_para_begin(doc_builder *b);
/* Add n bytes of UTF-8 text to the innermost paragraph, in bold or italic. */
void db_text(doc_builder *b, const char *s, size_t n, bool bold, bool italic);
/* End the innermost paragraph and keep it unless it holds no text. line is
 * its position for a text file (0: the builder's count). */
void db_para_end(doc_builder *b, const char *style, int heading, const char *number, int level,
                 int align, uint32_t line, uint16_t page);

void db_table_begin(doc_builder *b);
void db_row_begin(doc_builder *b);
/* Skip n columns at the start of a row (docx w:gridBefore). */
void db_row_skip(doc_builder *b, uint32_t n);
void db_row_end(doc_builder *b);
/* Begin a cell taking colspan columns (and, odt, rowspan rows); covered:
 * an odt covered cell. */
void db_cell_begin(doc_builder *b, uint32_t colspan, uint32_t rowspan, bool covered);
/* Set the current cell's span or vertical merge, read after it began (docx). */
void db_cell_span(doc_builder *b, uint32_t colspan);
void db_cell_vmerge(doc_builder *b, db_vmerge v);
void db_cell_end(doc_builder *b);
void db_table_end(doc_builder *b);

/* Return the number of tables open. */
int db_table_depth(const doc_builder *b);

/* ---- doc_zip.c: parts of a zip file, inflated under the bounds ---- */

typedef struct doc_zip doc_zip;

/* Open the len bytes at buf as a zip. Return KH_E_OK, or KH_E_DOC with the
 * reason (not a zip, damaged, encrypted, too many files) in err. */
kh_errcode doc_zip_open(const char *buf, size_t len, kh_lang lang, doc_zip **out, kh_error *err);
/* Return true when the zip holds a file with this name. */
bool doc_zip_has(doc_zip *z, const char *name);
/* A part opened for reading, a chunk at a time. */
typedef struct doc_zip_part doc_zip_part;
/* Open the named part. Return KH_E_OK, KH_E_NOT_FOUND, or KH_E_DOC. */
kh_errcode doc_zip_part_open(doc_zip *z, const char *name, doc_zip_part **out, kh_error *err);
/* Read up to cap bytes into buf. Return the number read, 0 at the end, -1
 * on an error (in err: damaged, or past a bound: a zip bomb). */
long doc_zip_part_read(doc_zip_part *p, char *buf, size_t cap);
void doc_zip_part_close(doc_zip_part *p);
/* Read a whole part (at most max bytes) into a heap buffer. Return as
 * doc_zip_part_open. */
kh_errcode doc_zip_read_all(doc_zip *z, const char *name, size_t max, char **buf, size_t *len,
                            kh_error *err);
void doc_zip_close(doc_zip *z);

/* ---- doc_xml.c: libxml2's reader, safe for hostile input ---- */

/* Where the XML comes from: a callback giving chunks (a zip part), or bytes. */
typedef long (*doc_xml_read_fn)(void *ctx, char *buf, size_t cap);

typedef struct doc_xml doc_xml;

/* Open an XML reader on the stream read gives (or, when read is NULL, on
 * the n bytes at s). No DTD is read: a document with <!DOCTYPE or <!ENTITY
 * is refused before libxml2 sees it; nothing is fetched (XML_PARSE_NONET,
 * no entity substitution, no DTD loading, an entity loader that refuses
 * everything); libxml2 never prints. part names the part for messages. */
doc_xml *doc_xml_open(doc_xml_read_fn read, void *ctx, const char *s, size_t n, const char *part,
                      kh_lang lang, kh_error *err);

enum { DX_END = 0, DX_START, DX_CLOSE, DX_TEXT, DX_ERROR = -1 };

/* Move to the next node of interest. Return DX_START (an element begins;
 * an empty element also gives DX_CLOSE next), DX_CLOSE, DX_TEXT (text or
 * significant white space), DX_END, or DX_ERROR with the reason in err. */
int doc_xml_next(doc_xml *x);
/* The element's local name, and whether its namespace URI ends with ns
 * (NULL: any namespace). */
bool doc_xml_is(doc_xml *x, const char *ns, const char *local);
const char *doc_xml_local(doc_xml *x);
/* Return the value of the attribute with this local name (any namespace),
 * or NULL; valid until the next call. */
const char *doc_xml_attr(doc_xml *x, const char *local);
/* The text of a DX_TEXT node and its length. */
const char *doc_xml_text(doc_xml *x, size_t *n);
/* Skip the element just started, with everything inside it. */
void doc_xml_skip(doc_xml *x);
/* The depth of the current node (the root is 0). */
int doc_xml_depth(doc_xml *x);
void doc_xml_close(doc_xml *x);

/* ---- the formats ---- */

/* Read a text or Markdown file. */
kh_errcode doc_text_parse(kh_doc *doc, const char *buf, size_t len, bool layout, kh_lang lang,
                          kh_error *err);
/* Read a .docx held in z. */
kh_errcode doc_docx_parse(kh_doc *doc, doc_zip *z, kh_lang lang, kh_error *err);
/* Read a document.xml given as bytes (styles and numbering as given, may be
 * NULL): the fuzzer's way in. */
kh_errcode doc_docx_parse_xml(kh_doc *doc, const char *xml, size_t n, const char *styles,
                              size_t nstyles, const char *numbering, size_t nnumbering,
                              kh_lang lang, kh_error *err);
/* Read an .odt held in z. */
kh_errcode doc_odt_parse(kh_doc *doc, doc_zip *z, kh_lang lang, kh_error *err);
/* Read a content.xml given as bytes (styles.xml may be NULL). */
kh_errcode doc_odt_parse_xml(kh_doc *doc, const char *xml, size_t n, const char *styles,
                             size_t nstyles, kh_lang lang, kh_error *err);

/* ---- doc_convert.c ---- */

/* Convert the file at path (a .doc for soffice, a .pdf for pdftotext) in a
 * private temporary folder; return the converted bytes (a .docx, or UTF-8
 * text) in a heap buffer. Return KH_E_OK, KH_E_TOOL (the Debian package to
 * install named in err), or KH_E_DOC. */
kh_errcode doc_convert(const char *path, doc_format from, kh_lang lang, char **buf, size_t *len,
                       kh_error *err);

/* Format a list label: n in the style of fmt ("decimal", "lowerLetter",
 * "upperRoman", ... or the odt forms "1", "a", "A", "i", "I"), appended. */
void doc_format_number(strbuf *out, const char *fmt, long n);

#endif
