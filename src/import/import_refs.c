/* Documents named in a text ("Kế hoạch số 52/KH-UBND ngày 14/3/2023 của
 * UBND thành phố Quảng Ngãi về ..."), the bodies that issue them ("UBND
 * phường Trương Quang Trọng") and place names. */
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

static const char *const kinds[] = {
    "thông tư liên tịch", "kế hoạch",     "quyết định", "chỉ thị",   "nghị quyết", "công văn",
    "thông tư",           "nghị định",    "bộ luật",    "luật",      "pháp lệnh",  "hướng dẫn",
    "thông báo",          "chương trình", "đề án",      "công điện", "kết luận"};

/* The kind of document named at lo+i (its length), written with a capital
 * in text (the plan's own "kế hoạch này" is no reference). */
static size_t kind_at(const char *text, const char *lo, size_t i)
{
    for (size_t k = 0; k < KH_ARRAY_LEN(kinds); k++) {
        size_t n = imp_word_at(lo, i, kinds[k]);
        if (!n) continue;
        size_t len;
        if (!imp_cp_upper(text + i, &len)) continue;
        return n;
    }
    return 0;
}

static bool number_char(const char *s, size_t i, size_t *len)
{
    unsigned char c = (unsigned char)s[i];
    *len = 1;
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '/' ||
        c == '-' || c == '.')
        return true;
    if (c == 0xC4 && ((unsigned char)s[i + 1] == 0x90 || (unsigned char)s[i + 1] == 0x91)) {
        *len = 2; /* Đ đ */
        return true;
    }
    return false;
}

/* A document number at s+i ("52/KH-UBND", "217-QĐ/TW"): its length, or 0. */
static size_t number_at(const char *s, size_t i)
{
    size_t k = i, len;
    bool digit = false, sep = false;
    while (s[k] && number_char(s, k, &len)) {
        if (s[k] >= '0' && s[k] <= '9') digit = true;
        if (s[k] == '/' || s[k] == '-') sep = true;
        k += len;
    }
    while (k > i && (s[k - 1] == '.' || s[k - 1] == '-' || s[k - 1] == '/')) k--;
    if (!digit || !sep || k - i < 3) return 0;
    return k - i;
}

/* Where the issuer after "của" ends. */
static size_t issuer_end(const char *lo, size_t i)
{
    static const char *const stops[] = {" về ",      " quy định", " hướng dẫn",  " ban hành",
                                        " và ",      " trong ",   " để ",        " nhằm ",
                                        " tại ",     " v/v",      " triển khai", " thực hiện",
                                        " xây dựng", " đã ",      " được ",      " có "};
    size_t n = strlen(lo), end = n;
    for (size_t k = 0; k < KH_ARRAY_LEN(stops); k++) {
        const char *p = strstr(lo + i, stops[k]);
        if (p && (size_t)(p - lo) < end) end = (size_t)(p - lo);
    }
    for (size_t k = i; k < end; k++)
        if (strchr(",;().:", lo[k])) {
            end = k;
            break;
        }
    if (end - i > 160) end = i + 160;
    while (end > i && lo[end - 1] == ' ') end--;
    return end;
}

/* Where the "về ..." title ends: at " và " before another document, a ";",
 * a sentence end, or ", " before a capital. */
static size_t title_end(const char *text, const char *lo, size_t i)
{
    size_t n = strlen(lo);
    int depth = 0;
    for (size_t k = i; k < n; k++) {
        char ch = lo[k];
        if (ch == '(') depth++;
        if (ch == ')' && --depth < 0) return k;
        if (ch == ';') return k;
        if (ch == '.' && (lo[k + 1] == ' ' || !lo[k + 1])) return k;
        if (ch == ',' && lo[k + 1] == ' ') {
            size_t len;
            if (imp_cp_upper(text + k + 2, &len)) return k;
        }
        if (ch == ' ' && imp_word_at(lo, k + 1, "và")) {
            size_t p = k + 1 + 3 + imp_spaces(lo, k + 4);
            if (kind_at(text, lo, p)) return k;
        }
        if (k - i > 400) return k;
    }
    return n;
}

/* Read one reference at i; return its end (0: none), filling *r. */
static size_t ref_at(imp_ctx *c, const char *text, const char *lo, size_t i, imp_ref *r,
                     bool with_title, size_t *cite_end)
{
    size_t kn = kind_at(text, lo, i);
    if (!kn) return 0;
    size_t k = i + kn + imp_spaces(lo, i + kn), w;
    if ((w = imp_word_at(lo, k, "số"))) k += w + imp_spaces(lo, k + w);
    size_t nn = number_at(text, k);
    if (!nn) return 0;
    memset(r, 0, sizeof *r);
    r->kind = imp_strn(c->d, text + i, kn);
    r->number = imp_strn(c->d, text + k, nn);
    r->date = KH_NO_DATE;
    k += nn;
    size_t end = k;
    size_t p = k;
    if (lo[p] == ',') p++;
    p += imp_spaces(lo, p);
    kh_date date;
    size_t dn = imp_word_at(lo, p, "ngày") ? imp_date_at(text + p, &date) : 0;
    if (dn) {
        r->date = date;
        end = p + dn;
        p = end;
    }
    p += imp_spaces(lo, p);
    if ((w = imp_word_at(lo, p, "của"))) {
        size_t a = p + w + imp_spaces(lo, p + w);
        size_t b = issuer_end(lo, a);
        if (b > a) {
            r->issuer = imp_strn(c->d, text + a, b - a);
            end = b;
            p = b;
        }
    }
    *cite_end = end;
    p += imp_spaces(lo, p);
    if (with_title && ((w = imp_word_at(lo, p, "về")) || (w = imp_word_at(lo, p, "v/v")))) {
        size_t b = title_end(text, lo, p);
        if (b > p) {
            r->title = imp_trim_end(c->d, imp_strn(c->d, text + p, b - p), " ,");
            end = b;
        }
    }
    return end;
}

size_t imp_refs(imp_ctx *c, const char *text, imp_ref *out, size_t max, bool with_title)
{
    char *lo = imp_lower(text);
    size_t n = 0, len = strlen(lo);
    for (size_t i = 0; i < len && n < max; i++) {
        if (i && imp_wordc(lo[i - 1])) continue;
        size_t ce;
        size_t e = ref_at(c, text, lo, i, &out[n], with_title, &ce);
        if (!e) continue;
        n++;
        i = e;
    }
    free(lo);
    return n;
}

const char **imp_cites(imp_ctx *c, const char *text, size_t *count)
{
    char *lo = imp_lower(text);
    size_t len = strlen(lo), n = 0, cap = 0;
    const char **v = NULL;
    for (size_t i = 0; i < len; i++) {
        if (i && imp_wordc(lo[i - 1])) continue;
        imp_ref r;
        size_t ce = 0, e = ref_at(c, text, lo, i, &r, false, &ce);
        const char *cite = NULL;
        if (e) {
            cite = imp_strn(c->d, text + i, ce - i);
            i = e;
        } else if ((imp_word_at(lo, i, "luật") || imp_word_at(lo, i, "bộ luật"))) {
            /* A law named without a number: "Luật Thực hiện dân chủ ở cơ
             * sở"; not one named inside another document's title ("của
             * Luật Thanh tra"). */
            size_t ulen;
            if (!imp_cp_upper(text + i, &ulen)) continue;
            static const char cua[] = "của ";
            size_t nc = sizeof cua - 1;
            if (i >= nc && !strncmp(lo + i - nc, cua, nc)) continue;
            static const char bo[] = "bộ ";
            size_t nb = sizeof bo - 1;
            if (i >= nb && !strncmp(lo + i - nb, bo, nb)) continue;
            size_t k = i + (imp_word_at(lo, i, "bộ luật") ? strlen("bộ luật") : strlen("luật"));
            k += imp_spaces(lo, k);
            if (!imp_cp_upper(text + k, &ulen)) continue;
            size_t b = k;
            static const char *const stops[] = {" và ",  " của ",   " về ",   " năm ",  " số ",
                                                " để ",  " trong ", " nhằm ", " theo ", " tại ",
                                                " đến ", " cho ",   " gắn "};
            size_t end = len;
            for (size_t s = 0; s < KH_ARRAY_LEN(stops); s++) {
                const char *p = strstr(lo + k, stops[s]);
                if (p && (size_t)(p - lo) < end) end = (size_t)(p - lo);
            }
            while (b < end && !strchr(",;.()\"", lo[b])) b++;
            if (b - k > 120 || b <= k) continue;
            cite = imp_strn(c->d, text + i, b - i);
            i = b;
        }
        if (!cite) continue;
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            if (!strcmp(v[k], cite)) dup = true;
        if (dup) continue;
        KH_GROW(v, n, cap);
        v[n++] = cite;
    }
    free(lo);
    *count = n;
    return v;
}

static const char *const place_kinds[] = {"thị trấn", "thị xã", "thành phố", "phường",
                                          "xã",       "quận",   "huyện",     "tỉnh"};

/* The capitalised name at text+i ("Trương Quang Trọng", "5"): its length. */
static size_t name_at(const char *text, size_t i)
{
    size_t k = i, end = i;
    for (;;) {
        size_t len;
        bool up = imp_cp_upper(text + k, &len);
        bool digit = text[k] >= '0' && text[k] <= '9';
        if (!up && !digit) break;
        while (text[k] && text[k] != ' ' && !strchr(",;.()\n", text[k])) k++;
        end = k;
        if (text[k] != ' ') break;
        k++;
    }
    return end - i;
}

const char *imp_find_body(imp_ctx *c, const char *text, const char **kind, const char **place)
{
    char *lo = imp_lower(text);
    size_t len = strlen(lo);
    const char *found = NULL;
    for (size_t i = 0; i < len; i++) {
        size_t w = imp_word_at(lo, i, "ubnd");
        if (!w) w = imp_word_at(lo, i, "ủy ban nhân dân");
        if (!w) w = imp_word_at(lo, i, "uỷ ban nhân dân");
        if (!w) continue;
        size_t k = i + w + imp_spaces(lo, i + w);
        for (size_t p = 0; p < KH_ARRAY_LEN(place_kinds); p++) {
            size_t pw = imp_word_at(lo, k, place_kinds[p]);
            if (!pw) continue;
            size_t s = k + pw + imp_spaces(lo, k + pw);
            size_t nn = name_at(text, s);
            if (!nn) break;
            found = imp_strn(c->d, text + i, s + nn - i);
            if (kind) *kind = imp_strn(c->d, text + k, pw);
            if (place) *place = imp_strn(c->d, text + s, nn);
            i = s + nn;
            break;
        }
    }
    free(lo);
    return found;
}

const char *imp_find_place(imp_ctx *c, const char *text, const char *kind)
{
    char *lo = imp_lower(text);
    size_t len = strlen(lo);
    const char *found = NULL;
    for (size_t i = 0; i < len && !found; i++) {
        size_t w = imp_word_at(lo, i, kind);
        if (!w) continue;
        size_t s = i + w + imp_spaces(lo, i + w);
        size_t nn = name_at(text, s);
        if (nn) found = imp_strn(c->d, text + s, nn);
    }
    free(lo);
    return found;
}
