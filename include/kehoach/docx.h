/* docx: a small writer of Office Open XML word-processing documents
 * (.docx): paragraphs of runs, tables, lists, one page setup. The zip
 * (libzip) and the XML (escaped in one place) live only here; a caller
 * never writes markup. */
#ifndef KEHOACH_DOCX_H
#define KEHOACH_DOCX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "kehoach/error.h"

/* Lengths are in twips (1/20 pt; 1 mm = 56.7 twips); font sizes in half
 * points (26 = 13 pt). */
#define DOCX_MM(mm) ((int)((mm)*56.6929 + 0.5))

typedef struct {
    int width, height;               /* the paper: A4 is 11906 x 16838 */
    int top, bottom, left, right;    /* the margins */
    const char *font;                /* "Times New Roman" */
    int size;                        /* the body's size, half points */
    const char *lang;                /* "vi-VN" */
    bool page_numbers;               /* at the top, centred, not on the first page */
    const char *title, *application; /* the document's properties */
    time_t created;                  /* its time, also the zip entries' */
} docx_page;

typedef enum { DOCX_LEFT, DOCX_CENTER, DOCX_RIGHT, DOCX_JUSTIFY } docx_align;

typedef struct {
    docx_align align;
    int size;          /* half points; 0: the body's */
    int before, after; /* space above and below */
    int line;          /* line spacing in 240ths of a line; 0: single */
    int left, right;   /* indents */
    int first_line;    /* the first line's indent */
    bool keep_next;    /* on the page of the next paragraph */
    int heading;       /* 1 or 2: a heading of that level (outline); 0: none */
    int list_level;    /* 1 or 2: an item of the dash list at that level; 0: none */
    bool rule_above;   /* a line above the paragraph, between its indents */
} docx_para;

enum { DOCX_BOLD = 1, DOCX_ITALIC = 2 };

typedef struct {
    const int *widths; /* of the columns */
    size_t ncols;
    int indent;      /* from the left margin (negative: into it) */
    bool borders;    /* lines around every cell */
    int cell_margin; /* left and right, inside each cell */
} docx_table;

typedef struct docx docx;

/* Return a new, empty document with the page setup of page (its strings
 * copied). */
docx *docx_new(const docx_page *page);

/* Free the document (NULL: nothing). */
void docx_free(docx *d);

/* Start a paragraph (inside a cell while one is open). */
void docx_para_begin(docx *d, const docx_para *p);

/* Append text (UTF-8) to the paragraph open, set with flags (DOCX_BOLD,
 * DOCX_ITALIC) at size (half points; 0: the paragraph's). A newline breaks
 * the line; characters XML cannot hold are left out. */
void docx_run(docx *d, const char *text, unsigned flags, int size);

/* End the paragraph open. */
void docx_para_end(docx *d);

/* Append a paragraph of one run: docx_para_begin, docx_run, docx_para_end. */
void docx_para_text(docx *d, const docx_para *p, const char *text, unsigned flags);

/* Start a table (inside a cell while one is open: not supported). */
void docx_table_begin(docx *d, const docx_table *t);

/* Start a row: a header row repeats at the top of every page the table
 * runs onto (header rows come first); keep: the row is not split across
 * pages. */
void docx_row_begin(docx *d, bool header, bool keep);

/* Start the next cell of the row, span columns of the grid wide (1: one);
 * shade: a fill such as "E7E6E6", or NULL. */
void docx_cell_begin(docx *d, int span, const char *shade);

/* End the cell open (an empty one gets the paragraph a cell must hold). */
void docx_cell_end(docx *d);

void docx_row_end(docx *d);

/* End the table. Two tables need a paragraph between them, or a word
 * processor joins them. */
void docx_table_end(docx *d);

/* Write the document as a .docx (a zip of its parts) to out. Return
 * KH_E_OK, or KH_E_IO with libzip's message in err. */
kh_errcode docx_write(const docx *d, FILE *out, kh_error *err);

#endif
