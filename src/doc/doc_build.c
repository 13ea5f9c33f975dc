/* The document builder: every format's reader hands it paragraphs and
 * tables as it finds them; it cleans the text (NFC, one kind of space, no
 * invisible characters), keeps the bounds, and lays merged cells out on a
 * grid. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "doc_int.h"
#include "kehoach/text.h"

void db_init(doc_builder *b, kh_doc *doc, kh_lang lang, kh_error *err)
{
    memset(b, 0, sizeof *b);
    b->doc = doc;
    b->lang = lang;
    b->err = err;
}

void db_done(doc_builder *b)
{
    for (int i = 0; i < DOC_BUILD_NEST; i++) sb_done(&b->para[i].text);
    for (int i = 0; i < DOC_MAX_TABLE_NEST; i++) free(b->tables[i].cells);
    memset(b, 0, sizeof *b);
}

kh_errcode db_fail(doc_builder *b, kh_errcode code, const char *fmt, ...)
{
    if (b->failed) return b->failed;
    b->failed = code;
    if (b->err) {
        b->err->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(b->err->detail, sizeof b->err->detail, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* ---- paragraphs ---- */

void db_para_begin(doc_builder *b)
{
    if (b->failed) return;
    if (b->npara >= DOC_BUILD_NEST) {
        db_fail(b, KH_E_DOC,
                TR(b->lang, "các đoạn văn lồng nhau quá sâu (quá %d cấp)",
                   "paragraphs nested too deeply (over %d levels)"),
                DOC_BUILD_NEST);
        return;
    }
    db_para *p = &b->para[b->npara++];
    sb_reset(&p->text);
    p->letters = p->bold = p->italic = 0;
    p->has_text = false;
    b->counter++;
}

/* What a code point becomes in a paragraph: 0 dropped, ' ' a space, '\n' a
 * line break, 1 kept. Invisible characters and controls go (a plan file
 * refuses them); every kind of space is a space. */
static int classify(uint32_t cp)
{
    if (cp == '\n' || cp == 0x2028 || cp == 0x2029 || cp == 0x0b || cp == 0x0c || cp == 0x85)
        return '\n';
    if (cp == '\t' || cp == '\r' || cp == ' ' || cp == 0xa0 || (cp >= 0x2000 && cp <= 0x200a) ||
        cp == 0x202f || cp == 0x205f || cp == 0x3000 || cp == 0x1680)
        return ' ';
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) return 0;
    if (cp == 0xad || (cp >= 0x200b && cp <= 0x200f) || cp == 0x061c ||
        (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff ||
        cp == 0xfffe || cp == 0xffff)
        return 0;
    return 1;
}

void db_text(doc_builder *b, const char *s, size_t n, bool bold, bool italic)
{
    if (b->failed || !b->npara) return;
    db_para *p = &b->para[b->npara - 1];
    size_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 1) { /* the readers give valid UTF-8; be safe all the same */
            i++;
            continue;
        }
        int c = classify((uint32_t)cp);
        if (c == 1) {
            sb_add(&p->text, s + i, (size_t)k);
            p->letters++;
            if (bold) p->bold++;
            if (italic) p->italic++;
            p->has_text = true;
        } else if (c) {
            sb_putc(&p->text, (char)c);
        }
        i += (size_t)k;
        if (p->text.len > DOC_MAX_PARA) {
            db_fail(b, KH_E_DOC,
                    TR(b->lang, "một đoạn văn quá dài (quá %d byte)",
                       "a paragraph is too long (over %d bytes)"),
                    DOC_MAX_PARA);
            return;
        }
    }
}

/* Return a clean copy of s in the arena: runs of spaces made one, no space
 * at either end of a line, no empty line, NFC. */
static const char *clean(arena *mem, const char *s, size_t n)
{
    strbuf out = STRBUF_INIT;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ') {
            space = true;
            continue;
        }
        if (c == '\n') {
            space = false;
            if (out.len && out.data[out.len - 1] != '\n') sb_putc(&out, '\n');
            continue;
        }
        if (space && out.len && out.data[out.len - 1] != '\n') sb_putc(&out, ' ');
        space = false;
        sb_putc(&out, c);
    }
    while (out.len && out.data[out.len - 1] == '\n') out.data[--out.len] = '\0';
    char *nfc = text_nfc(sb_str(&out), out.len);
    const char *r = arena_strdup(mem, nfc ? nfc : sb_str(&out));
    free(nfc);
    sb_done(&out);
    return r;
}

void db_para_end(doc_builder *b, const char *style, int heading, const char *number, int level,
                 int align, uint32_t line, uint16_t page)
{
    if (b->failed || !b->npara) return;
    db_para *p = &b->para[--b->npara];
    kh_doc *d = b->doc;
    const char *text = p->has_text ? clean(&d->mem, sb_str(&p->text), p->text.len) : "";
    const char *num = NULL;
    if (number && *number) {
        num = clean(&d->mem, number, strlen(number));
        if (!*num) num = NULL;
    }
    if (!*text && !num) return;
    if (d->nparas >= DOC_MAX_PARAS) {
        db_fail(b, KH_E_DOC,
                TR(b->lang, "văn bản có quá nhiều đoạn (quá %d); một kế hoạch không dài như vậy",
                   "the document has too many paragraphs (over %d); no plan is that long"),
                DOC_MAX_PARAS);
        return;
    }
    KH_GROW(d->paras, d->nparas, b->cap_paras);
    doc_para *q = &d->paras[d->nparas++];
    memset(q, 0, sizeof *q);
    q->text = text;
    q->number = num;
    q->style = style && *style ? arena_strdup(&d->mem, style) : NULL;
    q->heading = (uint8_t)(heading < 0 ? 0 : heading > 9 ? 9 : heading);
    q->level = (uint8_t)(level < 0 ? 0 : level > 9 ? 9 : level);
    q->align = (uint8_t)align;
    q->bold = p->letters && p->bold == p->letters;
    q->italic = p->letters && p->italic == p->letters;
    q->pos.line = line ? line : b->counter;
    q->pos.page = page;
    q->pos.table = -1;
    q->pos.row = q->pos.col = -1;
    if (b->ntables) {
        db_table *t = &b->tables[b->ntables - 1];
        if (t->in_cell) {
            q->pos.table = t->index;
            q->pos.row = (int32_t)t->row;
            q->pos.col = (int32_t)t->cells[t->ncells - 1].col;
        }
    }
}

/* ---- tables ---- */

int db_table_depth(const doc_builder *b)
{
    return b->ntables;
}

void db_table_begin(doc_builder *b)
{
    if (b->failed) return;
    if (b->ntables >= DOC_MAX_TABLE_NEST) {
        db_fail(b, KH_E_DOC,
                TR(b->lang, "bảng lồng trong bảng quá sâu (quá %d cấp)",
                   "tables nested too deeply (over %d levels)"),
                DOC_MAX_TABLE_NEST);
        return;
    }
    kh_doc *d = b->doc;
    KH_GROW(d->tables, d->ntables, b->cap_tables);
    doc_table *t = &d->tables[d->ntables];
    memset(t, 0, sizeof *t);
    t->line = b->counter + 1;
    t->parent = b->ntables ? b->tables[b->ntables - 1].index : -1;
    db_table *bt = &b->tables[b->ntables++];
    bt->index = (int32_t)d->ntables++;
    bt->row = 0;
    bt->col = 0;
    bt->in_row = bt->in_cell = false;
    bt->ncells = 0;
    bt->rows_seen = 0;
}

static db_table *cur(doc_builder *b)
{
    return b->failed || !b->ntables ? NULL : &b->tables[b->ntables - 1];
}

void db_row_begin(doc_builder *b)
{
    db_table *t = cur(b);
    if (!t || t->in_row) return;
    if (t->rows_seen >= DOC_MAX_ROWS) {
        db_fail(b, KH_E_DOC,
                TR(b->lang, "bảng %d có quá nhiều hàng (quá %d)",
                   "table %d has too many rows (over %d)"),
                t->index + 1, DOC_MAX_ROWS);
        return;
    }
    t->row = t->rows_seen++;
    t->col = 0;
    t->in_row = true;
}

void db_row_skip(doc_builder *b, uint32_t n)
{
    db_table *t = cur(b);
    if (!t || !t->in_row) return;
    t->col = n > DOC_MAX_COLS ? DOC_MAX_COLS : t->col + n;
}

void db_row_end(doc_builder *b)
{
    db_table *t = cur(b);
    if (!t) return;
    if (t->in_cell) db_cell_end(b);
    t->in_row = false;
}

void db_cell_begin(doc_builder *b, uint32_t colspan, uint32_t rowspan, bool covered)
{
    db_table *t = cur(b);
    if (!t) return;
    if (!t->in_row) db_row_begin(b);
    if (b->failed) return;
    if (t->in_cell) db_cell_end(b);
    if (++b->ncells > DOC_MAX_CELLS) {
        db_fail(b, KH_E_DOC,
                TR(b->lang, "các bảng có quá nhiều ô (quá %d)",
                   "the tables have too many cells (over %d)"),
                DOC_MAX_CELLS);
        return;
    }
    KH_GROW(t->cells, t->ncells, t->cap);
    db_cell *c = &t->cells[t->ncells++];
    memset(c, 0, sizeof *c);
    c->first = (uint32_t)b->doc->nparas;
    c->colspan = (uint16_t)(colspan < 1 ? 1 : colspan > DOC_MAX_COLS ? DOC_MAX_COLS : colspan);
    c->rowspan = (uint16_t)(rowspan < 1 ? 1 : rowspan > DOC_MAX_ROWS ? DOC_MAX_ROWS : rowspan);
    c->covered = covered;
    c->row = t->row;
    c->col = t->col;
    t->in_cell = true;
}

void db_cell_span(doc_builder *b, uint32_t colspan)
{
    db_table *t = cur(b);
    if (!t || !t->in_cell) return;
    t->cells[t->ncells - 1].colspan = (uint16_t)(colspan < 1              ? 1
                                                 : colspan > DOC_MAX_COLS ? DOC_MAX_COLS
                                                                          : colspan);
}

void db_cell_vmerge(doc_builder *b, db_vmerge v)
{
    db_table *t = cur(b);
    if (!t || !t->in_cell) return;
    t->cells[t->ncells - 1].vmerge = (uint8_t)v;
}

void db_cell_end(doc_builder *b)
{
    db_table *t = cur(b);
    if (!t || !t->in_cell) return;
    db_cell *c = &t->cells[t->ncells - 1];
    c->n = (uint32_t)b->doc->nparas - c->first;
    t->col += b->one_col_cells ? 1 : c->colspan;
    t->in_cell = false;
}

/* Lay the cells read out on the grid: spans cover their neighbours, which
 * then point at the cell that covers them. */
static void layout(doc_builder *b, db_table *bt)
{
    kh_doc *d = b->doc;
    doc_table *t = &d->tables[bt->index];
    uint32_t rows = bt->rows_seen, cols = 0;
    for (size_t i = 0; i < bt->ncells; i++) {
        uint32_t end = bt->cells[i].col + bt->cells[i].colspan;
        if (end > cols) cols = end;
    }
    if (cols > DOC_MAX_COLS) cols = DOC_MAX_COLS;
    t->rows = rows;
    t->cols = cols;
    if (!rows || !cols) return;
    t->cells = arena_alloc(&d->mem, (size_t)rows * cols * sizeof *t->cells);
    for (uint32_t r = 0; r < rows; r++)
        for (uint32_t c = 0; c < cols; c++) {
            doc_cell *x = &t->cells[(size_t)r * cols + c];
            memset(x, 0, sizeof *x);
            x->first = 0;
            x->n = 0;
            x->rowspan = x->colspan = 1;
            x->origin_row = -1; /* not laid yet */
            x->origin_col = -1;
        }
    for (size_t i = 0; i < bt->ncells; i++) {
        const db_cell *s = &bt->cells[i];
        if (s->row >= rows || s->col >= cols) continue;
        uint32_t span = s->colspan;
        if (s->col + span > cols) span = cols - s->col;
        doc_cell *x = &t->cells[(size_t)s->row * cols + s->col];
        if (s->covered) {
            for (uint32_t k = 0; k < span; k++) {
                doc_cell *y = x + k;
                y->first = s->first;
                y->n = 0;
            }
            continue;
        }
        if (s->vmerge == DB_VMERGE_CONTINUE && s->row > 0) {
            const doc_cell *above = &t->cells[(size_t)(s->row - 1) * cols + s->col];
            int32_t orow = above->origin_row, ocol = above->origin_col;
            if (orow >= 0) {
                doc_cell *o = &t->cells[(size_t)orow * cols + (uint32_t)ocol];
                if ((uint32_t)orow + o->rowspan == s->row) o->rowspan++;
                for (uint32_t k = 0; k < span; k++) {
                    x[k].origin_row = orow;
                    x[k].origin_col = ocol;
                    x[k].first = s->first;
                    x[k].n = s->n;
                }
                continue;
            }
        }
        x->first = s->first;
        x->n = s->n;
        x->colspan = (uint16_t)span;
        x->rowspan = s->rowspan;
        x->origin_row = (int32_t)s->row;
        x->origin_col = (int32_t)s->col;
        for (uint32_t k = 1; k < span; k++) {
            x[k].origin_row = (int32_t)s->row;
            x[k].origin_col = (int32_t)s->col;
        }
    }
    /* Rows spanned (odt), then anything still unlaid: a covered cell takes
     * its left neighbour's origin, else the one above's, else its own. */
    for (uint32_t r = 0; r < rows; r++)
        for (uint32_t c = 0; c < cols; c++) {
            doc_cell *x = &t->cells[(size_t)r * cols + c];
            if (x->origin_row != (int32_t)r || x->origin_col != (int32_t)c || x->rowspan < 2)
                continue;
            for (uint32_t rr = r + 1; rr < r + x->rowspan && rr < rows; rr++)
                for (uint32_t cc = c; cc < c + x->colspan && cc < cols; cc++) {
                    doc_cell *y = &t->cells[(size_t)rr * cols + cc];
                    if (y->origin_row < 0 || y->n == 0) {
                        y->origin_row = (int32_t)r;
                        y->origin_col = (int32_t)c;
                    }
                }
        }
    for (uint32_t r = 0; r < rows; r++)
        for (uint32_t c = 0; c < cols; c++) {
            doc_cell *x = &t->cells[(size_t)r * cols + c];
            if (x->origin_row >= 0) continue;
            if (c > 0 && t->cells[(size_t)r * cols + c - 1].origin_row >= 0 &&
                t->cells[(size_t)r * cols + c - 1].origin_row == (int32_t)r) {
                const doc_cell *l = &t->cells[(size_t)r * cols + c - 1];
                x->origin_row = l->origin_row;
                x->origin_col = l->origin_col;
            } else if (r > 0 && t->cells[(size_t)(r - 1) * cols + c].origin_row >= 0) {
                const doc_cell *a = &t->cells[(size_t)(r - 1) * cols + c];
                x->origin_row = a->origin_row;
                x->origin_col = a->origin_col;
            } else {
                x->origin_row = (int32_t)r;
                x->origin_col = (int32_t)c;
            }
        }
}

void db_table_end(doc_builder *b)
{
    db_table *t = cur(b);
    if (!t) return;
    if (t->in_row) db_row_end(b);
    layout(b, t);
    t->ncells = 0;
    b->ntables--;
}
