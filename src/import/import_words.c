/* Words as the importer reads them: folding, case, labels, Roman numerals,
 * initials and ids. */
#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "import_int.h"
#include "kehoach/deadline_words.h"
#include "kehoach/text.h"

const char *imp_str(imp_draft *d, const char *s)
{
    return arena_strdup(&d->mem, s ? s : "");
}

const char *imp_strn(imp_draft *d, const char *s, size_t n)
{
    /* Never end inside a character: a cut at a byte count backs off. */
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return arena_strndup(&d->mem, s, n);
}

const char *imp_fold(imp_draft *d, const char *s)
{
    if (!s) return "";
    char *f = text_fold(s);
    const char *r = arena_strdup(&d->mem, f ? f : "");
    free(f);
    return r;
}

static int decode(const char *s, size_t n, utf8proc_int32_t *cp)
{
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, cp);
    return k < 1 ? 1 : (int)k;
}

char *imp_lower(const char *s)
{
    return dw_lower(s);
}

static bool word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
           (unsigned char)c >= 0x80;
}

bool imp_fold_starts(const char *fs, const char *w)
{
    size_t n = strlen(w);
    return !strncmp(fs, w, n) && !word_char(fs[n]);
}

const char *imp_fold_find(const char *fs, const char *w)
{
    size_t n = strlen(w);
    if (!n) return NULL;
    for (const char *p = strstr(fs, w); p; p = strstr(p + 1, w)) {
        bool before = p == fs || !word_char(p[-1]);
        bool after = !word_char(p[n]);
        if (before && after) return p;
    }
    return NULL;
}

int imp_roman(const char *s, size_t n)
{
    static const char *const r[] = {
        "",    "I",    "II",    "III",    "IV",    "V",    "VI",    "VII",    "VIII",    "IX",
        "X",   "XI",   "XII",   "XIII",   "XIV",   "XV",   "XVI",   "XVII",   "XVIII",   "XIX",
        "XX",  "XXI",  "XXII",  "XXIII",  "XXIV",  "XXV",  "XXVI",  "XXVII",  "XXVIII",  "XXIX",
        "XXX", "XXXI", "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI", "XXXVII", "XXXVIII", "XXXIX"};
    for (int i = 1; i < (int)KH_ARRAY_LEN(r); i++)
        if (strlen(r[i]) == n && !memcmp(r[i], s, n)) return i;
    return 0;
}

void imp_roman_write(int n, char buf[16])
{
    static const char *const tens[] = {"", "X", "XX", "XXX"};
    static const char *const ones[] = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
    if (n < 1 || n > 39) {
        snprintf(buf, 16, "%d", n);
        return;
    }
    snprintf(buf, 16, "%s%s", tens[n / 10], ones[n % 10]);
}

bool imp_cp_upper(const char *s, size_t *len)
{
    utf8proc_int32_t cp;
    int k = decode(s, strlen(s), &cp);
    *len = (size_t)k;
    return utf8proc_isupper(cp);
}

static bool cp_letter(utf8proc_int32_t cp)
{
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

bool imp_upper(const char *s)
{
    size_t n = strlen(s), letters = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        int k = decode(s + i, n - i, &cp);
        if (cp_letter(cp)) {
            if (utf8proc_islower(cp)) return false;
            letters++;
        }
        i += (size_t)k;
    }
    return letters >= 3;
}

bool imp_starts_lower(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        int k = decode(s + i, n - i, &cp);
        if (cp_letter(cp)) return utf8proc_islower(cp);
        if (cp >= '0' && cp <= '9') return false;
        i += (size_t)k;
    }
    return false;
}

const char *imp_first_case(imp_draft *d, const char *s, bool upper)
{
    size_t n = strlen(s);
    strbuf sb = STRBUF_INIT;
    bool done = false;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        int k = decode(s + i, n - i, &cp);
        if (!done && cp_letter(cp)) {
            utf8proc_int32_t to = upper ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
            utf8proc_uint8_t buf[4];
            utf8proc_ssize_t m = utf8proc_encode_char(to, buf);
            sb_add(&sb, (const char *)buf, (size_t)m);
            done = true;
        } else {
            sb_add(&sb, s + i, (size_t)k);
        }
        i += (size_t)k;
    }
    const char *r = imp_str(d, sb_str(&sb));
    sb_done(&sb);
    return r;
}

/* Words kept in capitals when a capitals-only line is put in sentence case. */
static bool abbreviation(const char *w, size_t n)
{
    static const char *const keep[] = {"UBND", "HĐND", "MTTQ",  "TW",   "TP",   "VN",   "KH",
                                       "BCĐ",  "QĐ",   "NĐ-CP", "CP",   "ĐCS",  "CAND", "QĐND",
                                       "BCH",  "TT",   "HU",    "TU",   "ĐU",   "CCHC", "CNTT",
                                       "VHXH", "VHTT", "BHXH",  "BHYT", "KT-XH"};
    for (size_t i = 0; i < KH_ARRAY_LEN(keep); i++)
        if (strlen(keep[i]) == n && !memcmp(keep[i], w, n)) return true;
    return false;
}

static void add_cased(strbuf *sb, const char *w, size_t n, bool title)
{
    bool first = true;
    for (size_t i = 0; i < n;) {
        utf8proc_int32_t cp;
        int k = decode(w + i, n - i, &cp);
        utf8proc_int32_t to = first && title ? cp : utf8proc_tolower(cp);
        if (first && title) to = utf8proc_toupper(cp);
        if (cp_letter(cp)) first = false;
        utf8proc_uint8_t buf[4];
        utf8proc_ssize_t m = utf8proc_encode_char(to, buf);
        sb_add(sb, (const char *)buf, (size_t)m);
        i += (size_t)k;
    }
}

const char *imp_sentence_case(imp_draft *d, const char *s)
{
    strbuf sb = STRBUF_INIT;
    size_t n = strlen(s);
    bool first = true, names = false, thanh = false;
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ') {
            sb_putc(&sb, ' ');
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && s[j] != ' ') j++;
        if (abbreviation(s + i, j - i)) {
            sb_add(&sb, s + i, j - i);
        } else {
            add_cased(&sb, s + i, j - i, first || names);
            char *w = xstrndup(s + i, j - i);
            char *f = text_fold(w);
            /* "thành phố" names a place; "Phó Chủ tịch" does not. */
            if (f && (!strcmp(f, "phuong") || !strcmp(f, "xa") || !strcmp(f, "tinh") ||
                      !strcmp(f, "huyen") || !strcmp(f, "quan") || !strcmp(f, "tran") ||
                      (!strcmp(f, "pho") && thanh)))
                names = true;
            thanh = f && !strcmp(f, "thanh");
            free(w);
            free(f);
        }
        first = false;
        i = j;
    }
    const char *r = imp_str(d, sb_str(&sb));
    sb_done(&sb);
    return r;
}

void imp_initials(strbuf *out, const char *s, size_t max)
{
    char *f = text_fold(s);
    if (!f) return;
    size_t got = 0;
    bool start = true;
    for (const char *p = f; *p && got < max; p++) {
        bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (alnum && start) {
            sb_putc(out, *p);
            got++;
        }
        start = !alnum;
    }
    free(f);
}

void imp_slug(strbuf *out, const char *s)
{
    char *f = text_fold(s);
    if (!f) return;
    bool dash = false;
    size_t start = out->len;
    for (const char *p = f; *p; p++) {
        bool alnum = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');
        if (alnum) {
            if (dash && out->len > start) sb_putc(out, '-');
            sb_putc(out, *p);
            dash = false;
        } else {
            dash = true;
        }
    }
    free(f);
}

size_t imp_label(const char *s, size_t *skip)
{
    *skip = 0;
    size_t n = strlen(s), label;
    size_t k = doc_list_label(s, n, &label);
    if (!k) return 0;
    while (k < n && s[k] == ' ') k++;
    if (k >= n) return 0; /* a label and nothing after it */
    *skip = k;
    return label;
}

bool imp_label_bullet(const char *label)
{
    return label && (!strcmp(label, "-") || !strcmp(label, "+") || !strcmp(label, "*") ||
                     !strcmp(label, "\xE2\x80\xA2") || !strcmp(label, "\xE2\x80\x93") ||
                     !strcmp(label, "o") || !strcmp(label, "\xEF\x82\xB7"));
}

int imp_label_number(const char *label, bool *roman, char *letter)
{
    *roman = false;
    *letter = 0;
    if (!label) return 0;
    size_t n = strlen(label);
    while (n && (label[n - 1] == '.' || label[n - 1] == ')' || label[n - 1] == '/')) n--;
    if (!n) return 0;
    if (label[0] >= '0' && label[0] <= '9') {
        int v = 0;
        for (size_t i = 0; i < n && label[i] >= '0' && label[i] <= '9'; i++)
            v = v * 10 + (label[i] - '0');
        return v > 9999 ? 9999 : v;
    }
    int r = imp_roman(label, n);
    if (r) {
        *roman = true;
        return r;
    }
    if (n == 1 && label[0] >= 'a' && label[0] <= 'z') {
        *letter = label[0];
        return label[0] - 'a' + 1;
    }
    if (n == 2 && !memcmp(label, "\xC4\x91", 2)) {
        *letter = 'd';
        return 5;
    }
    return 0;
}

bool imp_ends_sentence(const char *s)
{
    size_t n = strlen(s);
    while (n && strchr(")\"'\xBB", s[n - 1])) n--;
    while (n >= 3 && ((unsigned char)s[n - 1] == 0x9D || (unsigned char)s[n - 1] == 0x99) &&
           (unsigned char)s[n - 2] == 0x80 && (unsigned char)s[n - 3] == 0xE2)
        n -= 3; /* ” ’ */
    return n && strchr(".!?:;", s[n - 1]);
}

const char *imp_trim_end(imp_draft *d, const char *s, const char *chars)
{
    size_t n = strlen(s);
    while (n && (strchr(chars, s[n - 1]) || s[n - 1] == ' ')) n--;
    return imp_strn(d, s, n);
}

const char *imp_join_breaks(imp_draft *d, const char *text)
{
    strbuf sb = STRBUF_INIT;
    const char *seg = text;
    for (;;) {
        const char *nl = strchr(seg, '\n');
        size_t n = nl ? (size_t)(nl - seg) : strlen(seg);
        sb_add(&sb, seg, n);
        if (!nl) break;
        const char *prev = imp_strn(d, seg, n);
        bool join = n > 40 && !imp_ends_sentence(prev) && imp_starts_lower(nl + 1);
        sb_putc(&sb, join ? ' ' : '\n');
        seg = nl + 1;
    }
    const char *r = imp_str(d, sb_str(&sb));
    sb_done(&sb);
    return r;
}

bool imp_wordc(char c)
{
    return dw_wordc(c);
}

size_t imp_word_at(const char *lo, size_t i, const char *w)
{
    return dw_word_at(lo, i, w);
}

size_t imp_spaces(const char *s, size_t i)
{
    return dw_spaces(s, i);
}
