/* The document reader's front: which kind of file it is, reading it within
 * the bounds, and the neutral document's small helpers. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "doc_int.h"
#include "kehoach/text.h"

const doc_cell *doc_cell_at(const doc_table *t, uint32_t r, uint32_t c)
{
    if (r >= t->rows || c >= t->cols || !t->cells) return NULL;
    return &t->cells[(size_t)r * t->cols + c];
}

const char *doc_cell_text(kh_doc *doc, const doc_table *t, uint32_t r, uint32_t c)
{
    const doc_cell *x = doc_cell_at(t, r, c);
    if (!x) return "";
    if (x->origin_row >= 0 && (x->origin_row != (int32_t)r || x->origin_col != (int32_t)c))
        x = doc_cell_at(t, (uint32_t)x->origin_row, (uint32_t)x->origin_col);
    if (!x || !x->n) return "";
    strbuf sb = STRBUF_INIT;
    for (uint32_t i = x->first; i < x->first + x->n && i < doc->nparas; i++) {
        const doc_para *p = &doc->paras[i];
        if (sb.len) sb_putc(&sb, '\n');
        if (p->number) {
            sb_puts(&sb, p->number);
            if (*p->text) sb_putc(&sb, ' ');
        }
        sb_puts(&sb, p->text);
    }
    const char *r2 = arena_strdup(&doc->mem, sb_str(&sb));
    sb_done(&sb);
    return r2;
}

void doc_pos_name(strbuf *out, const kh_doc *doc, doc_pos pos, kh_lang lang)
{
    if (pos.table >= 0) {
        sb_printf(out, TR(lang, "bảng %d, hàng %d, cột %d", "table %d, row %d, column %d"),
                  pos.table + 1, pos.row + 1, pos.col + 1);
        return;
    }
    if (pos.page) {
        sb_printf(out, TR(lang, "trang %u, dòng %u", "page %u, line %u"), (unsigned)pos.page,
                  (unsigned)pos.line);
        return;
    }
    bool lines = doc && (doc->format == DOC_TXT || doc->format == DOC_MD);
    sb_printf(out, lines ? TR(lang, "dòng %u", "line %u") : TR(lang, "đoạn %u", "paragraph %u"),
              (unsigned)pos.line);
}

void doc_free(kh_doc *doc)
{
    if (!doc) return;
    free(doc->paras);
    free(doc->tables);
    arena_done(&doc->mem);
    free(doc);
}

/* ---- list labels ---- */

static void roman(strbuf *out, long n, bool upper)
{
    static const struct {
        int v;
        const char *s;
    } t[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
             {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
    if (n <= 0 || n >= 4000) {
        sb_printf(out, "%ld", n);
        return;
    }
    for (size_t i = 0; i < KH_ARRAY_LEN(t); i++)
        while (n >= t[i].v) {
            for (const char *p = t[i].s; *p; p++) sb_putc(out, upper ? (char)(*p - 32) : *p);
            n -= t[i].v;
        }
}

/* a, b, ..., z, aa, bb, ... as Word and LibreOffice count letters. */
static void letters(strbuf *out, long n, bool upper)
{
    if (n <= 0) {
        sb_printf(out, "%ld", n);
        return;
    }
    long reps = (n - 1) / 26 + 1;
    if (reps > 16) reps = 16;
    char c = (char)((upper ? 'A' : 'a') + (n - 1) % 26);
    sb_repeat(out, c, (size_t)reps);
}

void doc_format_number(strbuf *out, const char *fmt, long n)
{
    if (!fmt || !strcmp(fmt, "decimal") || !strcmp(fmt, "1"))
        sb_printf(out, "%ld", n);
    else if (!strcmp(fmt, "decimalZero"))
        sb_printf(out, "%02ld", n);
    else if (!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "a"))
        letters(out, n, false);
    else if (!strcmp(fmt, "upperLetter") || !strcmp(fmt, "A"))
        letters(out, n, true);
    else if (!strcmp(fmt, "lowerRoman") || !strcmp(fmt, "i"))
        roman(out, n, false);
    else if (!strcmp(fmt, "upperRoman") || !strcmp(fmt, "I"))
        roman(out, n, true);
    else if (!strcmp(fmt, "none") || !*fmt)
        ;
    else
        sb_printf(out, "%ld", n);
}

/* ---- what kind of file ---- */

static const char *extension(const char *name)
{
    const char *slash = strrchr(name, '/');
    const char *dot = strrchr(slash ? slash + 1 : name, '.');
    return dot ? dot + 1 : "";
}

static bool starts(const char *s, size_t n, const char *magic, size_t m)
{
    return n >= m && !memcmp(s, magic, m);
}

/* Return true when the n bytes at s hold the UTF-16LE form of the ASCII
 * word w (an OLE compound file names its streams so). */
static bool has_utf16(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    if (n < 2 * m) return false;
    for (size_t i = 0; i + 2 * m <= n; i++) {
        size_t k = 0;
        while (k < m && s[i + 2 * k] == w[k] && s[i + 2 * k + 1] == 0) k++;
        if (k == m) return true;
    }
    return false;
}

enum { KIND_TEXT, KIND_ZIP, KIND_CFB, KIND_PDF, KIND_RTF, KIND_UTF16, KIND_BINARY };

static int content_kind(const char *s, size_t n)
{
    if (starts(s, n, "PK\3\4", 4) || starts(s, n, "PK\5\6", 4)) return KIND_ZIP;
    if (starts(s, n, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)) return KIND_CFB;
    if (starts(s, n, "%PDF-", 5)) return KIND_PDF;
    if (starts(s, n, "{\\rtf", 5)) return KIND_RTF;
    if (starts(s, n, "\xFF\xFE", 2) || starts(s, n, "\xFE\xFF", 2)) return KIND_UTF16;
    if (n >= 2 && (s[0] == 0 || s[1] == 0)) return KIND_UTF16;
    if (memchr(s, 0, n < 8192 ? n : 8192)) return KIND_BINARY;
    return KIND_TEXT;
}

static const char *kind_name(int kind, kh_lang lang)
{
    switch (kind) {
    case KIND_TEXT: return TR(lang, "văn bản thuần", "plain text");
    case KIND_ZIP: return TR(lang, "tệp zip", "a zip file");
    case KIND_CFB: return TR(lang, "tệp Word 97-2003 (.doc)", "a Word 97-2003 file (.doc)");
    case KIND_PDF: return "PDF";
    case KIND_RTF: return "RTF";
    case KIND_UTF16: return TR(lang, "văn bản UTF-16", "UTF-16 text");
    }
    return TR(lang, "tệp nhị phân", "a binary file");
}

kh_errcode doc_sniff(const char *name, const char *head, size_t n, kh_lang lang, doc_format *fmt,
                     kh_error *err)
{
    const char *ext = extension(name);
    int kind = content_kind(head, n);
    if (kind == KIND_CFB && has_utf16(head, n, "EncryptedPackage"))
        return kh_error_set(err, KH_E_DOC, "%s",
                            TR(lang,
                               "văn bản được bảo vệ bằng mật khẩu; hãy mở nó, bỏ mật khẩu (Tệp > "
                               "Thông tin > Bảo vệ tài liệu) và lưu lại rồi nhập",
                               "the document is protected by a password; open it, remove the "
                               "password and save it, then import it"));
    int want = -1;
    if (!strcasecmp(ext, "docx") || !strcasecmp(ext, "odt")) want = KIND_ZIP;
    if (!strcasecmp(ext, "doc")) want = KIND_CFB;
    if (!strcasecmp(ext, "pdf")) want = KIND_PDF;
    if (!strcasecmp(ext, "txt") || !strcasecmp(ext, "md")) want = KIND_TEXT;
    bool rtf_doc = want == KIND_CFB && kind == KIND_RTF; /* Word saves RTF as .doc too */
    bool zip_doc = want == KIND_CFB && kind == KIND_ZIP; /* a .docx named .doc */
    if (want >= 0 && want != kind && !rtf_doc && !zip_doc &&
        !(want == KIND_TEXT && kind == KIND_ZIP)) {
        if (want == KIND_TEXT && kind != KIND_UTF16)
            return kh_error_set(err, KH_E_DOC,
                                TR(lang, "tệp .%s này không phải văn bản thuần: nó là %s",
                                   "this .%s file is not plain text: it is %s"),
                                ext, kind_name(kind, lang));
        if (kind != KIND_UTF16 || want != KIND_TEXT)
            return kh_error_set(
                err, KH_E_DOC,
                TR(lang,
                   "tệp có đuôi .%s nhưng không phải tệp .%s (nó là %s): có thể nó đã bị đổi "
                   "tên; hãy đặt lại đúng đuôi, hoặc mở và lưu lại bằng Word hay LibreOffice",
                   "the file is named .%s but is not a .%s file (it is %s): it may have been "
                   "renamed; give it its right extension, or open it and save it again in Word "
                   "or LibreOffice"),
                ext, ext, kind_name(kind, lang));
    }
    switch (kind) {
    case KIND_ZIP: *fmt = !strcasecmp(ext, "odt") ? DOC_ODT : DOC_DOCX; return KH_E_OK;
    case KIND_CFB:
    case KIND_RTF: *fmt = DOC_DOC; return KH_E_OK;
    case KIND_PDF: *fmt = DOC_PDF; return KH_E_OK;
    case KIND_UTF16:
        return kh_error_set(err, KH_E_DOC, "%s",
                            TR(lang,
                               "văn bản được mã hóa UTF-16 hoặc UTF-32; hãy lưu lại dưới dạng "
                               "UTF-8",
                               "the text is encoded in UTF-16 or UTF-32; save it as UTF-8"));
    case KIND_BINARY:
        return kh_error_set(err, KH_E_DOC, "%s",
                            TR(lang,
                               "không phải văn bản kehoach đọc được (đọc được: .docx, .odt, "
                               ".txt, .md; .doc và .pdf qua chương trình chuyển đổi)",
                               "not a document kehoach can read (it reads .docx, .odt, .txt, "
                               ".md; .doc and .pdf through a converter)"));
    }
    *fmt = !strcasecmp(ext, "md") ? DOC_MD : DOC_TXT;
    return KH_E_OK;
}

/* ---- reading ---- */

static kh_doc *doc_new(doc_format fmt)
{
    kh_doc *d = xcalloc(1, sizeof *d);
    d->format = fmt;
    return d;
}

/* Read a zip document: a .docx or an .odt, whatever its name says. */
static kh_errcode read_zip(kh_doc *d, const char *buf, size_t len, kh_lang lang, kh_error *err)
{
    doc_zip *z;
    kh_errcode rc = doc_zip_open(buf, len, lang, &z, err);
    if (rc) return rc;
    char *mime = NULL;
    size_t nmime = 0;
    bool odf = false;
    if (doc_zip_has(z, "mimetype") && !doc_zip_read_all(z, "mimetype", 256, &mime, &nmime, NULL)) {
        odf = nmime >= 28 &&
              !memcmp(mime, "application/vnd.oasis.opendocument.", 35 > nmime ? nmime : 35);
        bool text = nmime >= 39 && !memcmp(mime, "application/vnd.oasis.opendocument.text", 39) &&
                    (nmime == 39 || mime[39] == '\n' || mime[39] == '\r');
        if (odf && !text) {
            free(mime);
            doc_zip_close(z);
            return kh_error_set(err, KH_E_DOC, "%s",
                                TR(lang,
                                   "tệp OpenDocument này không phải văn bản (có thể là bảng tính "
                                   "hay trình chiếu); hãy dùng tệp .odt",
                                   "this OpenDocument file is not a text document (a "
                                   "spreadsheet or a presentation?); use an .odt file"));
        }
    }
    free(mime);
    if (odf || doc_zip_has(z, "content.xml")) {
        d->format = DOC_ODT;
        rc = doc_odt_parse(d, z, lang, err);
    } else if (doc_zip_has(z, "word/document.xml") || doc_zip_has(z, "[Content_Types].xml")) {
        d->format = DOC_DOCX;
        rc = doc_docx_parse(d, z, lang, err);
    } else {
        rc = kh_error_set(err, KH_E_DOC, "%s",
                          TR(lang,
                             "tệp zip này không phải văn bản Word (.docx) hay LibreOffice (.odt)",
                             "this zip file is not a Word (.docx) or LibreOffice (.odt) "
                             "document"));
    }
    doc_zip_close(z);
    return rc;
}

static kh_errcode read_buffer(const char *name, const char *buf, size_t len, doc_format fmt,
                              bool layout, kh_lang lang, kh_doc **out, kh_error *err)
{
    kh_doc *d = doc_new(fmt);
    kh_errcode rc;
    if (fmt == DOC_DOCX || fmt == DOC_ODT)
        rc = read_zip(d, buf, len, lang, err);
    else
        rc = doc_text_parse(d, buf, len, layout, lang, err);
    (void)name;
    if (!rc && !d->nparas)
        rc = kh_error_set(err, KH_E_DOC, "%s",
                          TR(lang, "văn bản trống: không có đoạn văn nào",
                             "the document is empty: it has no paragraph"));
    if (rc) {
        doc_free(d);
        return rc;
    }
    *out = d;
    return KH_E_OK;
}

kh_errcode doc_read_buffer(const char *name, const char *buf, size_t len, kh_lang lang,
                           kh_doc **out, kh_error *err)
{
    *out = NULL;
    if (len > DOC_MAX_FILE)
        return kh_error_set(err, KH_E_DOC,
                            TR(lang, "tệp quá lớn (%zu byte; tối đa 64 MiB)",
                               "the file is too large (%zu bytes; at most 64 MiB)"),
                            len);
    doc_format fmt;
    kh_errcode rc = doc_sniff(name, buf, len, lang, &fmt, err);
    if (rc) return rc;
    if (fmt == DOC_DOC || fmt == DOC_PDF)
        return kh_error_set(err, KH_E_DOC, "%s",
                            TR(lang, "tệp .doc và .pdf cần được chuyển đổi trước",
                               ".doc and .pdf files must be converted first"));
    return read_buffer(name, buf, len, fmt, false, lang, out, err);
}

/* Read the regular file at path whole, at most DOC_MAX_FILE bytes. */
static kh_errcode read_file(const char *path, kh_lang lang, char **buf, size_t *len, kh_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return kh_error_set(err, KH_E_IO, TR(lang, "không mở được %s: %s", "cannot open %s: %s"),
                            path, kh_strerrno(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return kh_error_set(
            err, KH_E_IO,
            TR(lang, "%s không phải một tệp thông thường", "%s is not a regular file"), path);
    }
    if (st.st_size > DOC_MAX_FILE) {
        close(fd);
        return kh_error_set(err, KH_E_DOC,
                            TR(lang, "tệp quá lớn (%lld byte; tối đa 64 MiB)",
                               "the file is too large (%lld bytes; at most 64 MiB)"),
                            (long long)st.st_size);
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *b = xmalloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap > DOC_MAX_FILE) {
                free(b);
                close(fd);
                return kh_error_set(err, KH_E_DOC, "%s",
                                    TR(lang, "tệp quá lớn (tối đa 64 MiB)",
                                       "the file is too large (at most 64 MiB)"));
            }
            cap *= 2;
            b = xreallocarray(b, cap, 1);
        }
        ssize_t k = read(fd, b + n, cap - n);
        if (k < 0 && errno == EINTR) continue;
        if (k < 0) {
            int e = errno;
            free(b);
            close(fd);
            return kh_error_set(err, KH_E_IO,
                                TR(lang, "không đọc được %s: %s", "cannot read %s: %s"), path,
                                kh_strerrno(e));
        }
        if (k == 0) break;
        n += (size_t)k;
    }
    close(fd);
    *buf = b;
    *len = n;
    return KH_E_OK;
}

kh_errcode doc_read(const char *path, kh_lang lang, kh_doc **out, kh_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t len = 0;
    kh_errcode rc = read_file(path, lang, &buf, &len, err);
    if (rc) return rc;
    doc_format fmt;
    rc = doc_sniff(path, buf, len, lang, &fmt, err);
    if (rc) {
        free(buf);
        return rc;
    }
    if (fmt != DOC_DOC && fmt != DOC_PDF) {
        rc = read_buffer(path, buf, len, fmt, false, lang, out, err);
        free(buf);
        return rc;
    }
    free(buf);
    char *conv;
    size_t nconv;
    rc = doc_convert(path, fmt, lang, &conv, &nconv, err);
    if (rc) return rc;
    if (fmt == DOC_DOC) {
        rc = read_buffer(path, conv, nconv, DOC_DOCX, false, lang, out, err);
    } else {
        rc = doc_sniff("converted.txt", conv, nconv, lang, &(doc_format){0}, err);
        if (!rc) rc = read_buffer(path, conv, nconv, DOC_TXT, true, lang, out, err);
    }
    free(conv);
    if (!rc) {
        (*out)->format = fmt == DOC_DOC ? DOC_DOCX : DOC_TXT;
        (*out)->converter = fmt == DOC_DOC ? "soffice" : "pdftotext";
    }
    return rc;
}
