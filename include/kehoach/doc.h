/* doc: the document reader of `kehoach import`. A plan document (.docx,
 * .odt, .txt, .md; .doc and .pdf through a converter) becomes a neutral
 * document: paragraphs in reading order, each with its text (NFC), style,
 * bold, list label and place, and tables as grids of cells. Only this
 * module uses libzip and libxml2; it never prints. */
#ifndef KEHOACH_DOC_H
#define KEHOACH_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/error.h"
#include "kehoach/util.h"

/* Bounds that keep a hostile document from costing much time or memory. */
enum {
    DOC_MAX_FILE = 64 * 1024 * 1024,      /* the file as given */
    DOC_MAX_ENTRY = 64 * 1024 * 1024,     /* one XML part, once inflated */
    DOC_MAX_INFLATED = 128 * 1024 * 1024, /* every part read, once inflated */
    DOC_MAX_RATIO = 100,                  /* inflated : compressed, past DOC_RATIO_FROM */
    DOC_RATIO_FROM = 4 * 1024 * 1024,     /* small parts may compress better */
    DOC_MAX_ENTRIES = 10000,              /* files in the zip */
    DOC_MAX_PARAS = 200000,               /* paragraphs, cells' included */
    DOC_MAX_PARA = 256 * 1024,            /* bytes of one paragraph */
    DOC_MAX_DEPTH = 64,                   /* XML elements, one inside another */
    DOC_MAX_TABLE_NEST = 4,               /* a table in a cell of a table ... */
    DOC_MAX_ROWS = 5000,                  /* rows of one table */
    DOC_MAX_COLS = 64,                    /* columns of one table */
    DOC_MAX_CELLS = 200000,               /* cells of every table */
    DOC_CONVERT_SECONDS = 120,            /* soffice or pdftotext, at most */
};

typedef enum { DOC_TXT, DOC_MD, DOC_DOCX, DOC_ODT, DOC_DOC, DOC_PDF } doc_format;

/* Where a paragraph is in the document as a person finds it. */
typedef struct {
    uint32_t line; /* text: the line; docx/odt: the paragraph's number, from 1 */
    uint16_t page; /* from pdftotext: the page, from 1; else 0 */
    int32_t table; /* in a table cell: the table's index in doc->tables, else -1 */
    int32_t row;   /* the cell's row and column in the table's grid, from 0 */
    int32_t col;
} doc_pos;

enum { DOC_ALIGN_LEFT, DOC_ALIGN_CENTER, DOC_ALIGN_RIGHT, DOC_ALIGN_JUSTIFY };

typedef struct {
    const char *text;   /* NFC, white space made single spaces, "\n" for a line break */
    const char *number; /* the list label as Word or LibreOffice shows it ("1.", "a)",
                           "-" for any bullet), or NULL */
    const char *style;  /* the paragraph style's name, or NULL */
    uint8_t heading;    /* outline level 1-9 of a heading; 0 for body text */
    uint8_t level;      /* list level from 0 */
    uint8_t align;      /* DOC_ALIGN_* */
    bool bold;          /* every letter is bold */
    bool italic;        /* every letter is italic */
    doc_pos pos;
} doc_para;

typedef struct {
    uint32_t first; /* its paragraphs: doc->paras[first .. first+n) */
    uint32_t n;
    uint16_t rowspan, colspan; /* 1 for a plain cell */
    int32_t origin_row;        /* a cell covered by a merged one: where that one is; */
    int32_t origin_col;        /* else this cell's own row and column */
} doc_cell;

typedef struct {
    uint32_t rows, cols;
    doc_cell *cells; /* rows * cols, row by row */
    uint32_t line;   /* the position of its first paragraph (doc_pos.line) */
    int32_t parent;  /* the table it sits in, or -1 */
} doc_table;

typedef struct {
    arena mem;
    doc_format format;
    const char *converter; /* "soffice" or "pdftotext" when one was run, else NULL */
    doc_para *paras;       /* reading order; a table's cells row by row, where it stands */
    size_t nparas;
    doc_table *tables;
    size_t ntables;
} kh_doc;

/* Return the cell at row r, column c of table t (the covered cell itself;
 * follow origin_row/origin_col for the merged cell's text). */
const doc_cell *doc_cell_at(const doc_table *t, uint32_t r, uint32_t c);

/* Return the text of a cell, its paragraphs joined with "\n", in the
 * document's arena. A covered cell gives the merged cell's text. */
const char *doc_cell_text(kh_doc *doc, const doc_table *t, uint32_t r, uint32_t c);

/* Return the format a file is in, by its first bytes and its name: the
 * name's extension decides only between text and Markdown. Return 0 and set
 * *fmt, or an error code with the reason in err (lang): a renamed file,
 * a password, an unknown kind. */
kh_errcode doc_sniff(const char *name, const char *head, size_t n, kh_lang lang, doc_format *fmt,
                     kh_error *err);

/* Read the document at path into *out. .doc and .pdf are converted first
 * (soffice, pdftotext), each run without a shell, in a private temporary
 * folder, killed after DOC_CONVERT_SECONDS. Return KH_E_OK, or KH_E_DOC
 * (or KH_E_IO, KH_E_TOOL) with a message for a person in err (lang). */
kh_errcode doc_read(const char *path, kh_lang lang, kh_doc **out, kh_error *err);

/* Read a document from the len bytes at buf, as if from a file named name
 * (no converter is run: .doc and .pdf are refused). Return as doc_read. */
kh_errcode doc_read_buffer(const char *name, const char *buf, size_t len, kh_lang lang,
                           kh_doc **out, kh_error *err);

/* Return a name for the position, for a person: "dòng 12", "đoạn 12",
 * "bảng 1, hàng 3, cột 2", "trang 2, dòng 40" (English with lang). */
void doc_pos_name(strbuf *out, const kh_doc *doc, doc_pos pos, kh_lang lang);

/* Return the length of a list label at the start of the n bytes at s ("- ",
 * "+ ", "• ", "1. ", "1.2. ", "3) ", "II. ", "a) ", "đ) "), the space after it
 * counted, or 0; *label gets its length without the space. The text reader
 * splits labels off with it; the importer reads typed ones with it. */
size_t doc_list_label(const char *s, size_t n, size_t *label);

/* Free a document; NULL is a no-op. */
void doc_free(kh_doc *doc);

#endif
