/* Parts of a zip file (libzip), inflated a chunk at a time and counted as
 * they come: a part may inflate to at most DOC_MAX_ENTRY bytes, every part
 * read together to DOC_MAX_INFLATED, and past DOC_RATIO_FROM bytes no part
 * may inflate to more than DOC_MAX_RATIO times its compressed size. The
 * sizes a zip's headers claim are not trusted: only what inflates counts. */
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "doc_dl.h"
#include "doc_int.h"

struct doc_zip {
    zip_t *za;
    kh_lang lang;
    size_t inflated; /* bytes inflated from every part so far */
};

struct doc_zip_part {
    doc_zip *z;
    zip_file_t *f;
    const char *name;
    uint64_t comp; /* compressed size, from the central directory */
    size_t got;    /* inflated so far */
    kh_error *err;
};

static kh_errcode zip_problem(kh_lang lang, int code, kh_error *err)
{
    switch (code) {
    case ZIP_ER_NOZIP:
        return kh_error_set(err, KH_E_DOC, "%s",
                            TR(lang, "tệp không phải tệp zip (.docx và .odt là tệp zip)",
                               "the file is not a zip file (.docx and .odt are zip files)"));
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
    case ZIP_ER_WRONGPASSWD:
        return kh_error_set(err, KH_E_DOC, "%s",
                            TR(lang,
                               "văn bản được bảo vệ bằng mật khẩu; hãy bỏ mật khẩu và lưu lại "
                               "rồi nhập",
                               "the document is protected by a password; remove the password "
                               "and save it again, then import it"));
    case ZIP_ER_MEMORY:
        return kh_error_set(
            err, KH_E_DOC, "%s",
            TR(lang, "không đủ bộ nhớ để đọc văn bản", "not enough memory to read the document"));
    }
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    kh_errcode rc =
        kh_error_set(err, KH_E_DOC,
                     TR(lang, "tệp zip bị hỏng (%s); hãy mở và lưu lại bằng Word hay LibreOffice",
                        "the zip file is damaged (%s); open it and save it again in Word or "
                        "LibreOffice"),
                     zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return rc;
}

kh_errcode doc_zip_open(const char *buf, size_t len, kh_lang lang, doc_zip **out, kh_error *err)
{
    kh_errcode dl = doc_dl_zip(err); /* libzip, opened the first time */
    if (dl) return dl;
    *out = NULL;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
    if (!src) {
        int code = zip_error_code_zip(&ze);
        zip_error_fini(&ze);
        return zip_problem(lang, code, err);
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!za) {
        int code = zip_error_code_zip(&ze);
        zip_source_free(src);
        zip_error_fini(&ze);
        return zip_problem(lang, code, err);
    }
    zip_error_fini(&ze);
    zip_int64_t n = zip_get_num_entries(za, 0);
    if (n < 0 || n > DOC_MAX_ENTRIES) {
        zip_discard(za);
        return kh_error_set(err, KH_E_DOC,
                            TR(lang, "tệp zip có quá nhiều tệp bên trong (quá %d)",
                               "the zip file holds too many files (over %d)"),
                            DOC_MAX_ENTRIES);
    }
    doc_zip *z = xcalloc(1, sizeof *z);
    z->za = za;
    z->lang = lang;
    *out = z;
    return KH_E_OK;
}

bool doc_zip_has(doc_zip *z, const char *name)
{
    return zip_name_locate(z->za, name, 0) >= 0;
}

kh_errcode doc_zip_part_open(doc_zip *z, const char *name, doc_zip_part **out, kh_error *err)
{
    *out = NULL;
    kh_lang lang = z->lang;
    zip_int64_t i = zip_name_locate(z->za, name, 0);
    if (i < 0)
        return kh_error_set(err, KH_E_NOT_FOUND,
                            TR(lang, "văn bản thiếu phần %s", "the document has no part %s"), name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) != 0)
        return zip_problem(lang, zip_error_code_zip(zip_get_error(z->za)), err);
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return zip_problem(lang, ZIP_ER_NOPASSWD, err);
    if ((st.valid & ZIP_STAT_SIZE) && st.size > DOC_MAX_ENTRY)
        return kh_error_set(err, KH_E_DOC,
                            TR(lang,
                               "phần %s của văn bản quá lớn khi giải nén (%llu byte; tối đa "
                               "%d MiB)",
                               "the part %s of the document is too large once inflated (%llu "
                               "bytes; at most %d MiB)"),
                            name, (unsigned long long)st.size, DOC_MAX_ENTRY >> 20);
    zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)i, 0);
    if (!f) return zip_problem(lang, zip_error_code_zip(zip_get_error(z->za)), err);
    doc_zip_part *p = xcalloc(1, sizeof *p);
    p->z = z;
    p->f = f;
    p->name = name;
    p->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
    p->err = err;
    *out = p;
    return KH_E_OK;
}

static long bomb(doc_zip_part *p)
{
    kh_lang lang = p->z->lang;
    kh_error_set(p->err, KH_E_DOC,
                 TR(lang,
                    "phần %s của văn bản giải nén ra quá lớn (quá %d MiB, hoặc gấp hơn %d lần cỡ "
                    "nén): có thể là một \"bom zip\"; không đọc tiếp",
                    "the part %s of the document inflates too much (over %d MiB, or over %d "
                    "times its compressed size): it may be a zip bomb; reading stopped"),
                 p->name, DOC_MAX_ENTRY >> 20, DOC_MAX_RATIO);
    return -1;
}

long doc_zip_part_read(doc_zip_part *p, char *buf, size_t cap)
{
    if (cap > 65536) cap = 65536;
    zip_int64_t k = zip_fread(p->f, buf, cap);
    if (k < 0) {
        zip_problem(p->z->lang, zip_error_code_zip(zip_file_get_error(p->f)), p->err);
        return -1;
    }
    p->got += (size_t)k;
    p->z->inflated += (size_t)k;
    if (p->got > DOC_MAX_ENTRY || p->z->inflated > DOC_MAX_INFLATED) return bomb(p);
    if (p->got > DOC_RATIO_FROM && (p->comp == 0 || p->got / p->comp > DOC_MAX_RATIO))
        return bomb(p);
    return (long)k;
}

void doc_zip_part_close(doc_zip_part *p)
{
    if (!p) return;
    zip_fclose(p->f);
    free(p);
}

kh_errcode doc_zip_read_all(doc_zip *z, const char *name, size_t max, char **buf, size_t *len,
                            kh_error *err)
{
    *buf = NULL;
    *len = 0;
    kh_error local = {0};
    if (!err) err = &local;
    doc_zip_part *p;
    kh_errcode rc = doc_zip_part_open(z, name, &p, err);
    if (rc) return rc;
    strbuf sb = STRBUF_INIT;
    char chunk[65536];
    for (;;) {
        long k = doc_zip_part_read(p, chunk, sizeof chunk);
        if (k < 0) {
            rc = err->code ? err->code : KH_E_DOC;
            break;
        }
        if (k == 0) break;
        sb_add(&sb, chunk, (size_t)k);
        if (sb.len > max) {
            rc = kh_error_set(err, KH_E_DOC,
                              TR(z->lang, "phần %s của văn bản quá lớn (quá %zu byte)",
                                 "the part %s of the document is too large (over %zu bytes)"),
                              name, max);
            break;
        }
    }
    doc_zip_part_close(p);
    if (rc) {
        sb_done(&sb);
        return rc;
    }
    *len = sb.len;
    *buf = sb.data ? sb_take(&sb) : xstrdup("");
    return KH_E_OK;
}

void doc_zip_close(doc_zip *z)
{
    if (!z) return;
    zip_discard(z->za);
    free(z);
}
