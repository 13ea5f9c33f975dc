/* Units: a name as the document writes it ("2. Bộ phận VHXX- VHTT") becomes
 * an id made from the name (ASCII, stable: "vhxh-vhtt"), a corrected full
 * name and a short name. The abbreviations of a ward's offices are known,
 * so "VHXX" (one letter from "VHXH") and "thông kê" (the diacritics of
 * "Thống kê") are corrected, as guesses the officer reviews. */
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "kehoach/text.h"

static const struct {
    const char *abbr;
    const char *words;
} known[] = {
    {"VP", "Văn phòng"},
    {"TK", "Thống kê"},
    {"VHXH", "Văn hóa xã hội"},
    {"VHTT", "Văn hóa thông tin"},
    {"TP", "Tư pháp"},
    {"HT", "Hộ tịch"},
    {"TC", "Tài chính"},
    {"KT", "Kế toán"},
    {"ĐC", "Địa chính"},
    {"XD", "Xây dựng"},
    {"MT", "Môi trường"},
    {"NN", "Nông nghiệp"},
    {"GT", "Giao thông"},
    {"ĐT", "Đô thị"},
    {"QS", "Quân sự"},
    {"CA", "Công an"},
    {"VH", "Văn hóa"},
    {"XH", "Xã hội"},
    {"TT", "Thông tin"},
    {"GD", "Giáo dục"},
    {"YT", "Y tế"},
    {"MTTQ", "Mặt trận Tổ quốc"},
    {"LĐTBXH", "Lao động – Thương binh và Xã hội"},
};

/* Edit distance of two short strings, counted in bytes (the abbreviations
 * differ in ASCII letters). */
static size_t distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 15 || m > 15) return 99;
    size_t d[16][16];
    for (size_t i = 0; i <= n; i++) d[i][0] = i;
    for (size_t j = 0; j <= m; j++) d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t x = d[i - 1][j] + 1, y = d[i][j - 1] + 1,
                   z = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            d[i][j] = x < y ? (x < z ? x : z) : (y < z ? y : z);
        }
    return d[n][m];
}

static bool acronym(const char *s)
{
    size_t n = strlen(s), letters = 0;
    if (!n || n > 12) return false;
    for (size_t i = 0; i < n;) {
        size_t len;
        if (s[i] == ' ') return false;
        if (!imp_cp_upper(s + i, &len)) return false;
        letters++;
        i += len;
    }
    return letters >= 2;
}

/* A part of a name, read: its piece of the id, of the short name, of the
 * full name; *fixed tells a correction. */
typedef struct {
    strbuf id, short_name, name;
    const char *fixed_from, *fixed_to;
} piece;

static void read_part(imp_ctx *c, const char *part, piece *p)
{
    if (acronym(part)) {
        const char *abbr = part, *words = NULL;
        for (size_t k = 0; k < KH_ARRAY_LEN(known); k++)
            if (!strcmp(known[k].abbr, part)) words = known[k].words;
        if (!words) {
            for (size_t k = 0; k < KH_ARRAY_LEN(known); k++)
                if (strlen(known[k].abbr) == strlen(part) && strlen(part) >= 3 &&
                    distance(known[k].abbr, part) == 1) {
                    abbr = known[k].abbr;
                    words = known[k].words;
                    p->fixed_from = imp_str(c->d, part);
                    p->fixed_to = known[k].abbr;
                    break;
                }
        }
        imp_slug(&p->id, abbr);
        sb_puts(&p->short_name, abbr);
        sb_puts(&p->name, words ? words : abbr);
        return;
    }
    /* Words: "Văn phòng", "thông kê". */
    const char *fixed = NULL;
    char *f = text_fold(part);
    for (size_t k = 0; k < KH_ARRAY_LEN(known) && f; k++) {
        char *g = text_fold(known[k].words);
        if (g && !strcmp(f, g)) {
            fixed = known[k].words;
            if (strcmp(imp_fold(c->d, part), g) == 0 && strcmp(part, known[k].words) != 0) {
                /* same letters: a case or diacritics slip, or just case */
                const char *cap = imp_first_case(c->d, part, true);
                if (strcmp(cap, known[k].words) != 0) {
                    p->fixed_from = imp_str(c->d, part);
                    p->fixed_to = known[k].words;
                }
            }
        }
        free(g);
        if (fixed) break;
    }
    free(f);
    imp_initials(&p->id, part, 8);
    /* The short form keeps Vietnamese capitals (Đ). */
    const char *s = fixed ? fixed : part;
    bool start = true;
    for (size_t i = 0; s[i];) {
        size_t len;
        bool up = imp_cp_upper(s + i, &len);
        if (start && s[i] != ' ') {
            if (up || (s[i] >= '0' && s[i] <= '9'))
                sb_add(&p->short_name, s + i, len);
            else {
                const char *u = imp_first_case(c->d, imp_strn(c->d, s + i, len), true);
                sb_puts(&p->short_name, u);
            }
        }
        start = s[i] == ' ';
        i += len ? len : 1;
    }
    sb_puts(&p->name, fixed ? fixed : imp_first_case(c->d, part, true));
}

static const char *strip_prefix(imp_ctx *c, const char *s, const char *folded_prefix)
{
    const char *f = imp_fold(c->d, s);
    if (!imp_fold_starts(f, folded_prefix)) return s;
    /* Skip as many words in s as the prefix has. */
    size_t words = 1;
    for (const char *p = folded_prefix; *p; p++)
        if (*p == ' ') words++;
    const char *p = s;
    while (words-- && *p) {
        while (*p && *p != ' ') p++;
        while (*p == ' ') p++;
    }
    return *p ? p : s;
}

/* Split s at dashes between words ("Văn phòng – thông kê", "VHXX- VHTT");
 * return the number of parts (1 when it has none, or a part is long). */
static size_t split_dash(imp_ctx *c, const char *s, const char **parts, size_t max)
{
    size_t n = 0, len = strlen(s), a = 0;
    for (size_t i = 0; i <= len && n < max; i++) {
        bool end = i == len;
        size_t dl = 0;
        if (!end) {
            if (!strncmp(s + i, "\xE2\x80\x93", 3) || !strncmp(s + i, "\xE2\x80\x94", 3))
                dl = 3;
            else if (s[i] == '-' && ((i && s[i - 1] == ' ') || s[i + 1] == ' '))
                dl = 1;
        }
        if (!end && !dl) continue;
        size_t b = i;
        while (b > a && s[b - 1] == ' ') b--;
        size_t x = a;
        while (x < b && s[x] == ' ') x++;
        if (b > x) parts[n++] = imp_strn(c->d, s + x, b - x);
        a = i + dl;
        i += dl ? dl - 1 : 0;
    }
    if (n < 2) return 1;
    for (size_t k = 0; k < n; k++) {
        size_t words = 1;
        for (const char *p = parts[k]; *p; p++)
            if (*p == ' ') words++;
        if (words > 4) return 1;
    }
    return n;
}

/* Make id unique among the draft's units and valid. */
static const char *unit_id(imp_ctx *c, const char *raw)
{
    strbuf sb = STRBUF_INIT;
    for (const char *p = raw; *p && sb.len < 48; p++) {
        char ch = *p;
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            sb_putc(&sb, ch);
        else if (sb.len && sb.data[sb.len - 1] != '-')
            sb_putc(&sb, '-');
    }
    while (sb.len && sb.data[sb.len - 1] == '-') sb.data[--sb.len] = '\0';
    if (!sb.len) sb_printf(&sb, "don-vi-%zu", c->d->nunits + 1);
    const char *id = imp_str(c->d, sb_str(&sb));
    sb_done(&sb);
    return id;
}

int imp_unit_find(imp_ctx *c, const char *s)
{
    const char *f = imp_fold(c->d, s);
    if (!*f) return -1;
    for (size_t i = 0; i < c->d->nunits; i++) {
        const imp_unit *u = &c->d->units[i];
        if (!strcmp(f, u->id) || !strcmp(f, imp_fold(c->d, u->name)) ||
            (u->short_name && !strcmp(f, imp_fold(c->d, u->short_name))) ||
            (u->as_written && !strcmp(f, imp_fold(c->d, u->as_written))))
            return (int)i;
    }
    return -1;
}

int imp_unit_add(imp_ctx *c, const char *name, doc_pos at)
{
    imp_draft *d = c->d;
    kh_lang lang = c->lang;
    const char *raw = imp_trim_end(d, name, ":.;,");
    while (*raw == ' ') raw++;
    const char *s = strip_prefix(c, raw, "de nghi");
    const char *f = imp_fold(d, s);
    strbuf id = STRBUF_INIT, shortn = STRBUF_INIT, full = STRBUF_INIT;
    const char *fixed_from = NULL, *fixed_to = NULL;
    if (imp_fold_find(f, "mat tran to quoc") || imp_fold_find(f, "mttq")) {
        sb_puts(&id, "mttq");
        sb_puts(&shortn, "MTTQ");
        sb_puts(&full, imp_first_case(d, s, true));
    } else {
        const char *core = strip_prefix(c, s, "bo phan");
        const char *parts[8];
        size_t n = split_dash(c, core, parts, 8);
        if (n >= 2) {
            for (size_t k = 0; k < n; k++) {
                piece p = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, NULL, NULL};
                read_part(c, parts[k], &p);
                if (k) {
                    sb_putc(&id, '-');
                    sb_putc(&shortn, '-');
                    sb_puts(&full, " \xE2\x80\x93 ");
                }
                sb_puts(&id, sb_str(&p.id));
                sb_puts(&shortn, sb_str(&p.short_name));
                sb_puts(&full, sb_str(&p.name));
                if (p.fixed_from && !fixed_from) {
                    fixed_from = p.fixed_from;
                    fixed_to = p.fixed_to;
                }
                sb_done(&p.id);
                sb_done(&p.short_name);
                sb_done(&p.name);
            }
        } else if (acronym(core)) {
            piece p = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, NULL, NULL};
            read_part(c, core, &p);
            sb_puts(&id, sb_str(&p.id));
            sb_puts(&shortn, sb_str(&p.short_name));
            sb_puts(&full, sb_str(&p.name));
            fixed_from = p.fixed_from;
            fixed_to = p.fixed_to;
            sb_done(&p.id);
            sb_done(&p.short_name);
            sb_done(&p.name);
        } else {
            size_t words = 1;
            for (const char *p = core; *p; p++)
                if (*p == ' ') words++;
            /* "Một cửa" -> mot-cua; a long name -> its initials. */
            const char *fc = imp_fold(d, core);
            size_t fl = strlen(fc);
            static const char *const tails[] = {" phuong", " xa", " thi tran"};
            for (size_t k = 0; k < KH_ARRAY_LEN(tails); k++) {
                size_t tl = strlen(tails[k]);
                if (fl > tl && !strcmp(fc + fl - tl, tails[k]) && words > 1) {
                    fc = imp_strn(d, fc, fl - tl);
                    fl -= tl;
                    words--;
                }
            }
            if (words <= 3)
                imp_slug(&id, fc);
            else
                imp_initials(&id, core, 8);
            if (words <= 3)
                sb_puts(&shortn, imp_first_case(d, core, true));
            else
                for (const char *p = core; *p;) {
                    size_t len;
                    bool up = imp_cp_upper(p, &len);
                    if (p == core || p[-1] == ' ')
                        sb_puts(&shortn, up ? imp_strn(d, p, len)
                                            : imp_first_case(d, imp_strn(d, p, len), true));
                    p += len ? len : 1;
                }
            sb_puts(&full, imp_first_case(d, s, true));
        }
    }
    const char *uid = unit_id(c, sb_str(&id));
    sb_done(&id);
    for (size_t i = 0; i < d->nunits; i++)
        if (!strcmp(d->units[i].id, uid)) {
            sb_done(&shortn);
            sb_done(&full);
            return (int)i;
        }
    if (d->nunits >= IMP_MAX_UNITS) {
        /* No ward has so many: a broken or hostile document. */
        sb_done(&shortn);
        sb_done(&full);
        if (d->nunits == IMP_MAX_UNITS && !c->units_full) {
            c->units_full = true;
            imp_point_add(c, IMP_OPEN, at, NULL,
                          TR(lang, "văn bản nêu hơn %d đơn vị; các đơn vị sau được gộp vào %s",
                             "the document names over %d units; the later ones are put with %s"),
                          IMP_MAX_UNITS, d->units[0].id);
        }
        return 0;
    }
    KH_GROW(d->units, d->nunits, d->cap_units);
    imp_unit *u = &d->units[d->nunits];
    memset(u, 0, sizeof *u);
    u->id = uid;
    u->name = imp_str(d, sb_str(&full));
    u->short_name =
        shortn.len && strcmp(sb_str(&shortn), u->name) ? imp_str(d, sb_str(&shortn)) : NULL;
    u->as_written = imp_str(d, raw);
    sb_done(&shortn);
    sb_done(&full);
    if (fixed_from)
        u->why = imp_why_at(IMP_GUESS, at,
                            imp_note(c,
                                     TR(lang,
                                        "tên đơn vị viết \"%s\"; đọc là \"%s\" (tên thường "
                                        "gặp): %s",
                                        "the unit is written \"%s\"; read as \"%s\" (the usual "
                                        "name): %s"),
                                     fixed_from, fixed_to, u->name));
    else
        u->why = imp_why_at(
            IMP_RULE, at,
            imp_note(c, TR(lang, "viết trong văn bản: \"%s\"", "written: \"%s\""), u->as_written));
    return (int)d->nunits++;
}

size_t imp_unit_list(imp_ctx *c, const char *s, doc_pos at, uint16_t *out, size_t max)
{
    size_t n = 0, len = strlen(s), a = 0;
    for (size_t i = 0; i <= len && n < max; i++) {
        if (i < len && s[i] != '\n' && s[i] != ';' && s[i] != ',') continue;
        const char *one = imp_strn(c->d, s + a, i - a);
        a = i + 1;
        size_t skip;
        if (imp_label(one, &skip)) one += skip;
        while (*one == ' ') one++;
        one = imp_trim_end(c->d, one, ".;,:");
        if (strlen(one) < 2) continue;
        const char *f = imp_fold(c->d, one);
        if (imp_fold_find(f, "lien quan") || imp_fold_starts(f, "cac don vi") ||
            imp_fold_starts(f, "cac co quan"))
            continue;
        int u = imp_unit_find(c, one);
        if (u < 0) u = imp_unit_add(c, one, at);
        bool dup = false;
        for (size_t k = 0; k < n; k++)
            if (out[k] == u) dup = true;
        if (!dup) out[n++] = (uint16_t)u;
    }
    return n;
}
