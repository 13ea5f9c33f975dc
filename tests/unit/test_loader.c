/* The plan loader: one test per class of bad input, each checking the error
 * code, the words and the exact line:col of every problem; then the seed plan
 * and the other things a good file must give. Run from tests/unit. */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "kehoach/date.h"
#include "kehoach/model.h"
#include "kehoach/plan_load.h"

#define SEED_PLAN "../../assets/plan.yaml"

/* ---- helpers ---- */

typedef struct {
    kh_errcode rc;
    kh_plan *plan;
    kh_diags d;
} result;

static result load_n(const char *buf, size_t len, kh_lang lang)
{
    result r;
    memset(&r, 0, sizeof r);
    r.rc = plan_load_buffer("test.yaml", buf, len, lang, &r.plan, &r.d);
    return r;
}

static result load(const char *yaml, kh_lang lang)
{
    return load_n(yaml, strlen(yaml), lang);
}

static result load_path(const char *path, kh_lang lang)
{
    result r;
    memset(&r, 0, sizeof r);
    r.rc = plan_load(path, lang, &r.plan, &r.d);
    return r;
}

static void result_free(result *r)
{
    diags_free(&r->d);
    model_free(r->plan);
    r->plan = NULL;
}

static void dump(const kh_diags *d)
{
    print_message("  (%zu problem(s) reported)\n", d->n);
    for (size_t i = 0; i < d->n; i++)
        print_message("  %d:%d %s\n", d->v[i].line, d->v[i].col, d->v[i].msg);
}

/* Assert problem i is at line:col and its words hold needle. */
static void expect_diag(const kh_diags *d, size_t i, int line, int col, const char *needle)
{
    if (i < d->n && d->v[i].line == line && d->v[i].col == col && strstr(d->v[i].msg, needle))
        return;
    print_error("expected problem %zu at %d:%d holding \"%s\"; got:\n", i, line, col, needle);
    dump(d);
    fail();
}

/* Return true when some problem at line:col holds needle. */
static bool has_diag(const kh_diags *d, int line, int col, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].line == line && d->v[i].col == col && strstr(d->v[i].msg, needle)) return true;
    return false;
}

static void expect_count(const kh_diags *d, size_t n)
{
    if (d->n == n) return;
    print_error("expected %zu problem(s); got:\n", n);
    dump(d);
    fail();
}

/* Assert the plan is refused with KH_E_PLAN, no plan, one problem at line:col. */
static void expect_refused(result *r, int line, int col, const char *needle)
{
    if (r->rc != KH_E_PLAN) dump(&r->d);
    assert_int_equal(r->rc, KH_E_PLAN);
    assert_null(r->plan);
    expect_count(&r->d, 1);
    expect_diag(&r->d, 0, line, col, needle);
}

/* Load the bytes and expect exactly one problem at line:col. */
static void bad_n(const char *buf, size_t len, kh_lang lang, int line, int col, const char *needle)
{
    result r = load_n(buf, len, lang);
    expect_refused(&r, line, col, needle);
    result_free(&r);
}

static void bad(const char *yaml, kh_lang lang, int line, int col, const char *needle)
{
    bad_n(yaml, strlen(yaml), lang, line, col, needle);
}

/* Return TEST_PLAN_YAML with the first `from` replaced by `to` (heap). The
 * lines of TEST_PLAN_YAML, for the positions below:
 *    1 kehoach: 1             11   - id: II.1          21   duties:
 *    2 plan:                  12     title: ...        22     - unit: vp
 *    3   id: test-plan        13     text: ...         23       heading: ...
 *    4   title: ...           14     lead: [tp]        24       items: [II.1]
 *    5   issuer: ...          15     deadline: ...     25       tasks:
 *    6   period: {...}        16   - id: II.2          26         - id: III.1.1
 *    7 units:                 17     text: ...         27           text: ...
 *    8   - {id: vp, ...}      18     lead: vp          28           deadline: {...}
 *    9   - {id: tp, ...}      19     deadline: continuous
 *   10 contents:              20 organization: */
static char *variant(const char *from, const char *to)
{
    const char *base = TEST_PLAN_YAML;
    const char *at = strstr(base, from);
    if (!at) {
        print_error("\"%s\" is not in TEST_PLAN_YAML\n", from);
        fail();
    }
    strbuf sb = STRBUF_INIT;
    sb_add(&sb, base, (size_t)(at - base));
    sb_puts(&sb, to);
    sb_puts(&sb, at + strlen(from));
    return sb_take(&sb);
}

/* A variant of TEST_PLAN_YAML that must be refused with one problem. */
static void bad_variant(const char *from, const char *to, kh_lang lang, int line, int col,
                        const char *needle)
{
    char *yaml = variant(from, to);
    bad(yaml, lang, line, col, needle);
    free(yaml);
}

/* A variant of TEST_PLAN_YAML that must load; return the plan. */
static kh_plan *good_variant(const char *from, const char *to)
{
    char *yaml = variant(from, to);
    result r = load(yaml, KH_LANG_EN);
    free(yaml);
    if (r.rc != KH_E_OK) dump(&r.d);
    assert_int_equal(r.rc, KH_E_OK);
    assert_non_null(r.plan);
    assert_int_equal(r.d.n, 0);
    diags_free(&r.d);
    return r.plan;
}

static double cpu_seconds(clock_t since)
{
    return (double)(clock() - since) / CLOCKS_PER_SEC;
}

static char *repeat(const char *s, size_t times)
{
    strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < times; i++) sb_puts(&sb, s);
    return sb_take(&sb);
}

static const kh_task *task(const kh_plan *p, const char *id)
{
    long i = model_find_task(p, id);
    if (i < 0) {
        print_error("no task %s\n", id);
        fail();
    }
    return &p->tasks[i];
}

static long unit(const kh_plan *p, const char *id)
{
    long u = model_find_unit(p, id);
    if (u < 0) {
        print_error("no unit %s\n", id);
        fail();
    }
    return u;
}

/* ---- the document as a whole ---- */

static void test_empty_file(void **state)
{
    (void)state;
    bad("", KH_LANG_EN, 1, 1, "the file is empty");
    bad("\n\n   \n", KH_LANG_EN, 1, 1, "the file is empty");
    bad("", KH_LANG_VI, 1, 1, "tệp trống");
}

static void test_only_comments(void **state)
{
    (void)state;
    bad("# Kế hoạch năm 2023\n# chưa viết gì\n", KH_LANG_EN, 1, 1, "the file is empty");
    bad("# Kế hoạch năm 2023\n  # thụt lề\n\n", KH_LANG_VI, 1, 1,
        "tệp trống: không có kế hoạch nào");
}

static void test_only_document_marker(void **state)
{
    (void)state;
    /* libyaml places the empty document where its content would start. */
    bad("---\n", KH_LANG_EN, 2, 1, "the document is empty");
    bad("--- # nothing\n", KH_LANG_EN, 2, 1, "the document is empty");
    bad("---\n", KH_LANG_VI, 2, 1, "tài liệu trống");
}

static void test_two_documents(void **state)
{
    (void)state;
    bad("kehoach: 1\n---\nb: 2\n", KH_LANG_EN, 2, 1, "found a second document");
    /* After a whole valid plan, too. */
    char *yaml = variant("          deadline: {every: month}\n",
                         "          deadline: {every: month}\n---\nkehoach: 1\n");
    bad(yaml, KH_LANG_EN, 29, 1, "one YAML document");
    bad(yaml, KH_LANG_VI, 29, 1, "thấy thêm tài liệu thứ hai");
    free(yaml);
}

static void test_root_not_mapping(void **state)
{
    (void)state;
    bad("- kehoach: 1\n- plan: x\n", KH_LANG_EN, 1, 1, "a plan must be a mapping");
    bad("\n  kế hoạch\n", KH_LANG_EN, 2, 3, "a plan must be a mapping");
    bad("[kehoach, 1]\n", KH_LANG_EN, 1, 1, "starting with kehoach: 1");
    bad("- a\n", KH_LANG_VI, 1, 1, "kế hoạch phải là một bảng");
}

/* ---- limits ---- */

static void test_deep_flow_sequences(void **state)
{
    (void)state;
    char *yaml = repeat("[", 100000);
    clock_t t0 = clock();
    result r = load(yaml, KH_LANG_EN);
    double cpu = cpu_seconds(t0);
    /* The 17th '[' is one level too many. */
    expect_refused(&r, 1, PLAN_MAX_DEPTH + 1, "nested too deeply (over 16 levels)");
    result_free(&r);
    if (cpu >= 0.25) print_error("refusing took %.3f s of CPU\n", cpu);
    assert_true(cpu < 0.25);

    r = load(yaml, KH_LANG_VI);
    expect_refused(&r, 1, 17, "lồng nhau quá sâu");
    result_free(&r);
    free(yaml);
}

static void test_deep_mappings(void **state)
{
    (void)state;
    char *yaml = repeat("{a: ", 100000);
    clock_t t0 = clock();
    result r = load(yaml, KH_LANG_EN);
    double cpu = cpu_seconds(t0);
    assert_int_equal(r.rc, KH_E_PLAN);
    assert_null(r.plan);
    expect_count(&r.d, 2);
    expect_diag(&r.d, 0, 1, 2, "unknown key 'a' in the plan");
    /* The 17th '{' starts at column 16 * 4 + 1. */
    expect_diag(&r.d, 1, 1, 65, "nested too deeply");
    result_free(&r);
    if (cpu >= 0.25) print_error("refusing took %.3f s of CPU\n", cpu);
    assert_true(cpu < 0.25);
    free(yaml);

    /* The same in block style: level i is indented by i spaces. */
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "kehoach: 1\nplan:\n");
    for (int i = 1; i <= 20; i++) {
        sb_repeat(&sb, ' ', (size_t)i);
        sb_puts(&sb, "id:\n");
    }
    r = load(sb_str(&sb), KH_LANG_EN);
    /* The root is level 1 and the mapping on line k level k - 1: the one on
     * line 18, at column 17, is level 17. */
    expect_refused(&r, 18, 17, "nested too deeply");
    result_free(&r);
    sb_done(&sb);
}

static void test_billion_laughs(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "kehoach: 1\naims:\n  - &a0 \"lol\"\n");
    for (int i = 1; i <= 9; i++) {
        sb_printf(&sb, "  - &a%d [", i);
        for (int k = 0; k < 9; k++) sb_printf(&sb, "%s*a%d", k ? ", " : "", i - 1);
        sb_puts(&sb, "]\n");
    }
    clock_t t0 = clock();
    result r = load(sb_str(&sb), KH_LANG_EN);
    double cpu = cpu_seconds(t0);
    /* The first anchor stops the reading: nothing is expanded. */
    expect_refused(&r, 3, 5, "YAML anchors (&name) are not supported");
    result_free(&r);
    assert_true(cpu < 0.25);
    sb_done(&sb);
}

static void test_self_referencing_alias(void **state)
{
    (void)state;
    bad("kehoach: 1\naims: &a [*a]\n", KH_LANG_EN, 2, 7, "anchors (&name) are not supported");
    bad("kehoach: 1\naims: &a [*a]\n", KH_LANG_VI, 2, 7, "không hỗ trợ anchor YAML");
}

static void test_any_anchor(void **state)
{
    (void)state;
    bad("kehoach: &v 1\n", KH_LANG_EN, 1, 10, "anchors (&name) are not supported");
    bad("&root\nkehoach: 1\n", KH_LANG_EN, 1, 1, "anchors (&name)");
    bad_variant("  - {id: tp,", "  - &tp {id: tp,", KH_LANG_EN, 9, 5, "write the value out");
    bad_variant("    lead: [tp]", "    lead: [&u tp]", KH_LANG_VI, 14, 12,
                "không hỗ trợ anchor YAML (&tên)");
}

static void test_any_alias(void **state)
{
    (void)state;
    /* An alias with no anchor at all is refused as an alias. */
    bad("kehoach: 1\nplan: *p\n", KH_LANG_EN, 2, 7, "YAML aliases (*name) are not supported");
    bad_variant("    lead: [tp]", "    lead: [*tp]", KH_LANG_EN, 14, 12, "aliases (*name)");
    bad("kehoach: 1\nplan: *p\n", KH_LANG_VI, 2, 7, "không hỗ trợ alias YAML (*tên)");
}

static void test_tags(void **state)
{
    (void)state;
    bad("kehoach: 1\nplan:\n  title: !!binary aGVsbG8=\n", KH_LANG_EN, 3, 10,
        "YAML tags (!...) are not supported");
    bad("kehoach: 1\nplan:\n  title: !custom x\n", KH_LANG_EN, 3, 10, "YAML tags");
    bad("kehoach: !!int 1\n", KH_LANG_EN, 1, 10, "YAML tags");
    bad("kehoach: 1\nplan: !!omap\n  id: x\n", KH_LANG_EN, 2, 7, "YAML tags");
    bad("kehoach: 1\nplan:\n  title: !custom x\n", KH_LANG_VI, 3, 10, "không hỗ trợ tag YAML");
    /* The plain string, list and mapping tags say nothing new: allowed. */
    kh_plan *p = good_variant("  title: Kế hoạch thử", "  title: !!str Kế hoạch thử");
    assert_string_equal(p->title, "Kế hoạch thử");
    model_free(p);
}

static void test_huge_file(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char path[256];
    snprintf(path, sizeof path, "%s/huge.yaml", dir);
    /* A sparse file of 1 TiB: reading it would take all day. */
    off_t sizes[] = {(off_t)1 << 40, (off_t)PLAN_MAX_BYTES + 1};
    for (size_t i = 0; i < KH_ARRAY_LEN(sizes); i++) {
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        assert_true(fd >= 0);
        if (ftruncate(fd, sizes[i]) != 0) {
            /* No sparse file that big here; the next size still checks. */
            close(fd);
            assert_true(i == 0);
            continue;
        }
        close(fd);
        char needle[80];
        snprintf(needle, sizeof needle, "the file is too large (%lld bytes; at most 64 MiB)",
                 (long long)sizes[i]);
        clock_t t0 = clock();
        result r = load_path(path, KH_LANG_EN);
        double cpu = cpu_seconds(t0);
        expect_refused(&r, 0, 0, needle);
        result_free(&r);
        assert_true(cpu < 0.1);
    }
    result r = load_path(path, KH_LANG_VI);
    expect_refused(&r, 0, 0, "tệp quá lớn (67108865 byte; tối đa 64 MiB)");
    result_free(&r);
    test_rmdir(dir);
}

static void test_huge_scalar(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "kehoach: 1\nplan:\n  title: ");
    sb_repeat(&sb, 'x', PLAN_MAX_SCALAR + 1);
    sb_puts(&sb, "\n");
    bad(sb_str(&sb), KH_LANG_EN, 3, 10, "value too long (65537 bytes; at most 65536)");
    bad(sb_str(&sb), KH_LANG_VI, 3, 10, "giá trị quá dài");
    sb_reset(&sb);
    /* Counted in bytes: 40,000 two-byte letters, quoted. */
    sb_puts(&sb, "kehoach: 1\nplan:\n  title: \"");
    for (int i = 0; i < 40000; i++) sb_puts(&sb, "ă");
    sb_puts(&sb, "\"\n");
    bad(sb_str(&sb), KH_LANG_EN, 3, 10, "value too long (80000 bytes");
    sb_done(&sb);

    /* A value of exactly the limit is fine. */
    char *big = repeat("y", PLAN_MAX_SCALAR);
    char *title = xasprintf("  title: %s\n", big);
    kh_plan *p = good_variant("  title: Kế hoạch thử\n", title);
    assert_int_equal(strlen(p->title), PLAN_MAX_SCALAR);
    model_free(p);
    free(title);
    free(big);
}

/* ---- bytes and characters ---- */

static void test_invalid_utf8(void **state)
{
    (void)state;
    /* The column of the bad byte counts characters: "Kế" is two. */
    bad("kehoach: 1\nplan:\n  title: ab\xff"
        "cd\n",
        KH_LANG_EN, 3, 12, "byte 0xFF is not valid UTF-8");
    bad("kehoach: 1\nplan:\n  title: Kế\xe1\xbb"
        "hoạch\n",
        KH_LANG_EN, 3, 12, "byte 0xE1 is not valid UTF-8");
    /* Cut at the end of the file. */
    bad("kehoach: 1\nplan:\n  title: Kế hoạch\xc3", KH_LANG_EN, 3, 18, "byte 0xC3");
    /* Overlong and surrogate forms. */
    bad("kehoach: 1\nplan:\n  title: ab\xc0\xaf\n", KH_LANG_EN, 3, 12, "byte 0xC0");
    bad("kehoach: 1\nplan:\n  title: ab\xed\xa0\x80\n", KH_LANG_EN, 3, 12, "byte 0xED");
    /* A stray continuation byte in a comment, on line 1. */
    bad("# Kế\x80 hoạch\nkehoach: 1\n", KH_LANG_EN, 1, 5, "byte 0x80");
    bad("kehoach: 1\nplan:\n  title: Kế\xff\n", KH_LANG_VI, 3, 12,
        "byte 0xFF không hợp lệ trong UTF-8");
}

static void test_raw_nul_byte(void **state)
{
    (void)state;
    static const char yaml[] = "kehoach: 1\nplan:\n  title: Kế\0hoạch\n";
    bad_n(yaml, sizeof yaml - 1, KH_LANG_EN, 3, 12, "the file contains a NUL byte (0x00)");
    bad_n(yaml, sizeof yaml - 1, KH_LANG_VI, 3, 12, "tệp chứa byte NUL");
    /* The NUL comes first, then a bad byte: the first problem is reported. */
    static const char both[] = "kehoach: 1\n\0\xff\n";
    bad_n(both, sizeof both - 1, KH_LANG_EN, 2, 1, "NUL byte");
}

static void test_nul_escapes(void **state)
{
    (void)state;
    bad("kehoach: 1\nplan:\n  title: \"Kế hoạch \\u0000 b\"\n", KH_LANG_EN, 3, 10,
        "the value contains NUL (\\0)");
    bad("kehoach: 1\nplan:\n  title: \"Kế hoạch \\0 b\"\n", KH_LANG_EN, 3, 10,
        "the value contains NUL");
    bad("kehoach: 1\nplan:\n  title: \"Kế hoạch \\x00\"\n", KH_LANG_EN, 3, 10,
        "the value contains NUL");
    bad("kehoach: 1\nplan:\n  title: \"Kế hoạch \\0 b\"\n", KH_LANG_VI, 3, 10,
        "giá trị chứa ký tự NUL");
}

static void test_control_escapes(void **state)
{
    (void)state;
    bad("kehoach: 1\nplan:\n  title: \"Kế hoạch \\e b\"\n", KH_LANG_EN, 3, 10,
        "the value contains the control character U+001B");
    bad("kehoach: 1\nplan:\n  title: \"Kế hoạch \\x1b b\"\n", KH_LANG_EN, 3, 10, "U+001B");
    bad("kehoach: 1\nplan:\n  title: \"\\a\"\n", KH_LANG_EN, 3, 10, "U+0007");
    bad("kehoach: 1\nplan:\n  title: \"a\\x7fb\"\n", KH_LANG_EN, 3, 10, "U+007F");
    bad("kehoach: 1\nplan:\n  title: \"a\\x85b\"\n", KH_LANG_EN, 3, 10, "U+0085");
    bad("kehoach: 1\nplan:\n  title: \"a\\x1bb\"\n", KH_LANG_VI, 3, 10,
        "giá trị chứa ký tự điều khiển U+001B");
    /* Tab and newline escapes are text. */
    kh_plan *p = good_variant("  title: Kế hoạch thử", "  title: \"Kế\\thoạch\\nthử\"");
    assert_string_equal(p->title, "Kế\thoạch\nthử");
    model_free(p);
}

static void test_raw_control_byte(void **state)
{
    (void)state;
    /* A raw ESC in a value is refused; the place given must be the byte's:
     * line 3, column 19 ("  title: Kế hoạch " is 18 characters). */
    result r = load("kehoach: 1\nplan:\n  title: Kế hoạch \x1b b\n", KH_LANG_EN);
    expect_refused(&r, 3, 19, "control character");
    result_free(&r);
    r = load("kehoach: 1\nplan:\n  issuer: x\n  title: \"a\x7f\"\n", KH_LANG_EN);
    expect_refused(&r, 4, 12, "control character");
    result_free(&r);
}

static void test_bidi_override(void **state)
{
    (void)state;
    bad("kehoach: 1\nplan:\n  title: Kế hoạch \xe2\x80\xae b\n", KH_LANG_EN, 3, 10,
        "the control character U+202E");
    bad("kehoach: 1\nplan:\n  title: \"a\\u202Eb\"\n", KH_LANG_EN, 3, 10, "U+202E");
    bad("kehoach: 1\nplan:\n  title: a\xe2\x81\xa6"
        "b\n",
        KH_LANG_EN, 3, 10, "U+2066");
    bad_variant("    text: Tuyên truyền Luật", "    text: Tuyên truyền \xe2\x80\xae Luật",
                KH_LANG_VI, 13, 11, "U+202E, không được phép trong kế hoạch");
}

static void test_utf16(void **state)
{
    (void)state;
    static const char le_bom[] = "\xff\xfek\0e\0h\0o\0a\0c\0h\0:\0 \0"
                                 "1\0\n\0";
    static const char be_bom[] = "\xfe\xff\0k\0e\0h\0o\0a\0c\0h\0:\0 \0"
                                 "1\0\n";
    static const char le[] = "k\0e\0h\0o\0a\0c\0h\0:\0 \0"
                             "1\0\n\0";
    static const char be[] = "\0k\0e\0h\0o\0a\0c\0h\0:\0 \0"
                             "1\0\n";
    const char *needle = "the file is encoded in UTF-16 or UTF-32; save it as UTF-8";
    bad_n(le_bom, sizeof le_bom - 1, KH_LANG_EN, 1, 1, needle);
    bad_n(be_bom, sizeof be_bom - 1, KH_LANG_EN, 1, 1, needle);
    bad_n(le, sizeof le - 1, KH_LANG_EN, 1, 1, needle);
    bad_n(be, sizeof be - 1, KH_LANG_EN, 1, 1, needle);
    bad_n(le_bom, sizeof le_bom - 1, KH_LANG_VI, 1, 1, "tệp được mã hóa UTF-16");
    /* A BOM alone. */
    bad_n("\xff\xfe", 2, KH_LANG_EN, 1, 1, "UTF-16");
}

static void test_utf32(void **state)
{
    (void)state;
    static const char le_bom[] = "\xff\xfe\0\0k\0\0\0:\0\0\0 \0\0\0"
                                 "1\0\0\0";
    static const char le[] = "k\0\0\0:\0\0\0 \0\0\0"
                             "1\0\0\0";
    static const char be_bom[] = "\0\0\xfe\xff\0\0\0k\0\0\0:\0\0\0 \0\0\0"
                                 "1";
    static const char be[] = "\0\0\0k\0\0\0:\0\0\0 \0\0\0"
                             "1";
    bad_n(le_bom, sizeof le_bom - 1, KH_LANG_EN, 1, 1, "UTF-16 or UTF-32");
    bad_n(le, sizeof le - 1, KH_LANG_EN, 1, 1, "UTF-16 or UTF-32");
    /* Big-endian UTF-32 must get the same advice, not "not a text file". */
    bad_n(be_bom, sizeof be_bom - 1, KH_LANG_EN, 1, 1, "UTF-16 or UTF-32");
    bad_n(be, sizeof be - 1, KH_LANG_EN, 1, 1, "UTF-16 or UTF-32");
}

static void test_utf8_bom(void **state)
{
    (void)state;
    /* Notepad saves UTF-8 with a byte order mark; YAML allows one at the
     * start of the stream. */
    char *yaml = xasprintf("\xef\xbb\xbf%s", TEST_PLAN_YAML);
    result r = load(yaml, KH_LANG_EN);
    if (r.rc != KH_E_OK) dump(&r.d);
    assert_int_equal(r.rc, KH_E_OK);
    assert_non_null(r.plan);
    assert_int_equal(r.plan->ntasks, 14);
    assert_string_equal(r.plan->id, "test-plan");
    result_free(&r);
    free(yaml);
}

static void test_line_separator_keeps_lines(void **state)
{
    (void)state;
    /* U+2028 LINE SEPARATOR (pasted from a word processor) is not a line
     * break for an editor. Whether the loader refuses it where it is or reads
     * on, a problem must be placed on the line an editor shows. */

    /* In a comment on line 2 (column 12): read on, or refused on line 2. */
    char *yaml = variant("kehoach: 1\n", "kehoach: 1\n# Kế hoạch \xe2\x80\xa8 ghi chú\n");
    result r = load(yaml, KH_LANG_EN);
    if (r.rc != KH_E_OK && (r.d.n == 0 || r.d.v[0].line != 2)) {
        dump(&r.d);
        fail_msg("a U+2028 on line 2 is reported elsewhere");
    }
    result_free(&r);
    free(yaml);

    /* In a quoted value on line 4, then a mistake on line 5, column 3. */
    yaml = variant("  title: Kế hoạch thử\n", "  title: \"Kế hoạch\xe2\x80\xa8thử\"\n  titel: x\n");
    r = load(yaml, KH_LANG_EN);
    assert_int_equal(r.rc, KH_E_PLAN);
    assert_true(r.d.n > 0);
    bool refused_there = r.d.v[0].line == 4;
    if (!refused_there && !has_diag(&r.d, 5, 3, "unknown key 'titel'")) {
        dump(&r.d);
        fail_msg("the mistake on line 5 is not reported at 5:3");
    }
    for (size_t i = 0; i < r.d.n; i++)
        if (strstr(r.d.v[i].msg, "titel") && r.d.v[i].line != 5) {
            dump(&r.d);
            fail_msg("the mistake on line 5 is reported on line %d", r.d.v[i].line);
        }
    result_free(&r);
    free(yaml);
}

static void test_tab_indentation(void **state)
{
    (void)state;
    bad("kehoach: 1\nplan:\n\tid: x\n", KH_LANG_EN, 3, 1,
        "a tab is used for indentation; YAML allows only spaces");
    bad("kehoach: 1\ncontents:\n\t- id: a\n", KH_LANG_EN, 3, 1, "a tab is used for indentation");
    /* A tab after the spaces of a continued value. */
    bad("kehoach: 1\nplan:\n  id: x\n  \ttitle: y\n", KH_LANG_EN, 4, 3,
        "a tab is used for indentation; YAML allows only spaces");
    bad("kehoach: 1\nplan:\n\tid: x\n", KH_LANG_VI, 3, 1, "dùng ký tự tab để thụt lề");
    bad("kehoach: 1\nplan:\n  id: x\n\ttitle: y\n", KH_LANG_VI, 4, 1, "dùng ký tự tab để thụt lề");
    /* A tab between a key and its value is only white space. */
    kh_plan *p = good_variant("  id: test-plan", "  id:\ttest-plan");
    assert_string_equal(p->id, "test-plan");
    model_free(p);
}

/* ---- keys ---- */

static void test_duplicate_keys(void **state)
{
    (void)state;
    char *yaml = xasprintf("%sunits: []\n", TEST_PLAN_YAML);
    bad(yaml, KH_LANG_EN, 29, 1, "duplicate key 'units' (first at line 7)");
    free(yaml);
    bad_variant("plan:\n", "plan:\n  id: other\n", KH_LANG_EN, 4, 3,
                "duplicate key 'id' (first at line 3)");
    bad_variant("  issuer: UBND phường Thử\n", "  issuer: UBND phường Thử\n  title: again\n",
                KH_LANG_EN, 6, 3, "duplicate key 'title' (first at line 4)");
    bad_variant("    lead: [tp]\n", "    lead: [tp]\n    text: again\n", KH_LANG_EN, 15, 5,
                "duplicate key 'text' (first at line 13)");
    bad_variant("          deadline: {every: month}",
                "          deadline: {every: month}\n"
                "          text: again",
                KH_LANG_EN, 29, 11, "duplicate key 'text' (first at line 27)");
    bad_variant("    lead: [tp]\n", "    lead: [tp]\n    text: again\n", KH_LANG_VI, 15, 5,
                "khóa 'text' bị lặp (đã có ở dòng 13)");
}

static void test_unknown_key_suggested(void **state)
{
    (void)state;
    bad_variant("    title: Tuyên truyền", "    titel: Tuyên truyền", KH_LANG_EN, 12, 5,
                "unknown key 'titel' in a task; did you mean 'title'?");
    bad_variant("kehoach: 1\n", "kehoach: 1\nunitz: []\n", KH_LANG_EN, 2, 1,
                "unknown key 'unitz' in the plan; did you mean 'units'?");
    bad_variant("          deadline: {every: month}", "          deadline: {every: month, dag: 3}",
                KH_LANG_EN, 28, 36, "unknown key 'dag' in deadline; did you mean 'day'?");
    bad_variant("    title: Tuyên truyền", "    titel: Tuyên truyền", KH_LANG_VI, 12, 5,
                "khóa không xác định 'titel' trong nhiệm vụ; có phải là 'title'?");
}

static void test_unknown_key_not_suggested(void **state)
{
    (void)state;
    bad_variant("    title: Tuyên truyền", "    colour: red", KH_LANG_EN, 12, 5,
                "unknown key 'colour' in a task (known keys: id, title, text, cites, lead, "
                "support, deadline, deadline_text, state, officer, confirm_by, items, output)");
    bad_variant("kehoach: 1\n", "kehoach: 1\nzzz: []\n", KH_LANG_EN, 2, 1,
                "unknown key 'zzz' in the plan (known keys: kehoach, plan, units");
    char *yaml = variant("    title: Tuyên truyền", "    colour: red");
    result r = load(yaml, KH_LANG_EN);
    assert_int_equal(r.d.n, 1);
    assert_null(strstr(r.d.v[0].msg, "did you mean"));
    result_free(&r);
    free(yaml);
}

/* ---- values ---- */

static void test_wrong_types(void **state)
{
    (void)state;
    bad_variant("    title: Tuyên truyền", "    title: [a, b]", KH_LANG_EN, 12, 12,
                "'title' must be text, not a list or a mapping");
    bad_variant("  title: Kế hoạch thử", "  title: {vi: a}", KH_LANG_EN, 4, 10,
                "'title' must be text");
    bad_variant("units:\n  - {id: vp, name: Văn phòng – Thống kê, short: VP}\n"
                "  - {id: tp, name: Tư pháp – Hộ tịch, short: TP}\n",
                "units:\n  vp: Văn phòng\n  tp: Tư pháp\n", KH_LANG_EN, 8, 3,
                "'units' must be a list of units");
    /* Columns count characters: the '[' is the 49th on its line. */
    bad_variant("short: VP}", "short: [VP]}", KH_LANG_EN, 8, 49, "'short' must be text");
    bad_variant("      items: [II.1]", "      items: [[II.1]]", KH_LANG_EN, 24, 15,
                "each item of 'items' must be text");
    bad_variant("    title: Tuyên truyền", "    title: [a, b]", KH_LANG_VI, 12, 12,
                "'title' phải là một chữ");

    /* lead as a mapping: the first problem says what is wrong. */
    char *yaml = variant("    lead: [tp]", "    lead: {id: tp}");
    result r = load(yaml, KH_LANG_EN);
    assert_int_equal(r.rc, KH_E_PLAN);
    assert_null(r.plan);
    expect_diag(&r.d, 0, 14, 11, "'lead' must be a list");
    result_free(&r);
    free(yaml);
}

static void test_wrong_type_plan(void **state)
{
    (void)state;
    /* 'plan' is there, only not a mapping: one problem, and no claim that
     * the key is missing. */
    const char *meta = "plan:\n  id: test-plan\n  title: Kế hoạch thử\n  issuer: UBND phường Thử\n"
                       "  period: {from: 2023-01-01, to: 2023-12-31}\n";
    bad_variant(meta, "plan: [test-plan]\n", KH_LANG_EN, 2, 7, "plan must be a mapping");
    bad_variant(meta, "plan: test-plan\n", KH_LANG_EN, 2, 7, "plan must be a mapping");
}

static void test_missing_task_fields(void **state)
{
    (void)state;
    bad_variant("  - id: II.2\n    text:", "  - text:", KH_LANG_EN, 16, 5,
                "missing required key 'id' in a task");
    bad_variant("    text: Địa chính, thường xuyên.\n", "", KH_LANG_EN, 16, 5,
                "missing required key 'text' in a task");
    bad_variant("    deadline: continuous\n", "", KH_LANG_EN, 16, 5,
                "missing required key 'deadline' in a task");
    /* A task with no lead ("chưa phân công") loads, kept as such; check
     * warns (test_loader_check.c). */
    char *nolead = variant("    lead: vp\n", "");
    result ok = load(nolead, KH_LANG_EN);
    assert_int_equal(ok.rc, KH_E_OK);
    assert_int_equal(task(ok.plan, "II.2")->nlead, 0);
    result_free(&ok);
    free(nolead);
    /* All three at once, each reported. */
    char *yaml = variant("  - id: II.2\n    text: Địa chính, thường xuyên.\n    lead: vp\n"
                         "    deadline: continuous\n",
                         "  - title: x\n");
    result r = load(yaml, KH_LANG_EN);
    assert_int_equal(r.rc, KH_E_PLAN);
    expect_count(&r.d, 3);
    expect_diag(&r.d, 0, 16, 5, "'id'");
    expect_diag(&r.d, 1, 16, 5, "'text'");
    expect_diag(&r.d, 2, 16, 5, "'deadline'");
    result_free(&r);
    free(yaml);
}

static void test_missing_plan_fields(void **state)
{
    (void)state;
    const char *meta = "plan:\n  id: test-plan\n  title: Kế hoạch thử\n  issuer: UBND phường Thử\n"
                       "  period: {from: 2023-01-01, to: 2023-12-31}\n";
    char *yaml = variant(meta, "plan: {}\n");
    result r = load(yaml, KH_LANG_EN);
    assert_int_equal(r.rc, KH_E_PLAN);
    assert_null(r.plan);
    /* The period is not required: a plan that states none loads (check
     * warns), but its periodic task then has no periods to be made of. */
    expect_count(&r.d, 3);
    expect_diag(&r.d, 0, 2, 7, "missing required key 'id' in plan");
    expect_diag(&r.d, 1, 2, 7, "missing required key 'title' in plan");
    expect_diag(&r.d, 2, 2, 7, "missing required key 'issuer' in plan");
    result_free(&r);
    free(yaml);
    bad_variant("  id: test-plan\n", "", KH_LANG_EN, 3, 3, "missing required key 'id' in plan");
    bad_variant("  period: {from: 2023-01-01, to: 2023-12-31}\n", "", KH_LANG_VI, 25, 15,
                "nhiệm vụ định kỳ 'III.1.1' cần kỳ kế hoạch (plan: period: {from, to})");
    /* No 'plan' at all. */
    bad_variant(meta, "", KH_LANG_EN, 1, 1, "missing required key 'plan' in the plan");
}

/* A plan that states no period loads with none: its continuous work has no
 * day (never overdue), words with their year still resolve, and the build
 * warns once, at `plan:`. */
static void test_no_period(void **state)
{
    (void)state;
    const char *yaml = "kehoach: 1\n"
                       "plan: {id: p, title: T, issuer: UBND xã Thử}\n"
                       "units: [{id: vp, name: VP}]\n"
                       "contents:\n"
                       "  - {id: a, text: A, lead: vp, deadline: continuous}\n"
                       "  - {id: b, text: B, lead: vp, deadline: end-of-period}\n"
                       "  - {id: c, text: C, lead: vp, deadline: quý II/2025}\n";
    kh_plan *plan = NULL;
    kh_diags d = {0}, w = {0};
    kh_errcode rc = plan_load_buffer_warn("t.yaml", yaml, strlen(yaml), KH_LANG_EN, &plan, &d, &w);
    assert_int_equal(rc, KH_E_OK);
    assert_int_equal(plan->from, KH_NO_DATE);
    assert_int_equal(plan->to, KH_NO_DATE);
    const kh_task *a = &plan->tasks[model_find_task(plan, "a")];
    const kh_task *b = &plan->tasks[model_find_task(plan, "b")];
    assert_int_equal(a->due, KH_NO_DATE);
    assert_int_equal(b->due, KH_NO_DATE);
    assert_int_equal(model_timeliness(a, date_from_ymd(2030, 1, 1)), TL_ONGOING);
    assert_int_equal(model_timeliness(b, date_from_ymd(2030, 1, 1)), TL_ONGOING);
    assert_int_equal(plan->tasks[model_find_task(plan, "c")].due, date_from_ymd(2025, 6, 30));
    strbuf sb = STRBUF_INIT;
    model_deadline_long(&sb, a, KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "thường xuyên");
    sb_reset(&sb);
    model_deadline_short(&sb, b, KH_LANG_VI);
    assert_string_equal(sb_str(&sb), "Cuối kỳ");
    sb_done(&sb);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.v[0].line, 2);
    assert_non_null(strstr(w.v[0].msg, "the plan states no period"));
    diags_free(&d);
    diags_free(&w);
    model_free(plan);
}

static void test_version_missing(void **state)
{
    (void)state;
    bad_variant("kehoach: 1\n", "", KH_LANG_EN, 1, 1,
                "missing the line 'kehoach: 1' that gives the format version");
    bad_variant("kehoach: 1\n", "", KH_LANG_VI, 1, 1, "thiếu dòng 'kehoach: 1'");
}

static void test_version_wrong(void **state)
{
    (void)state;
    bad_variant("kehoach: 1\n", "kehoach: 2\n", KH_LANG_EN, 1, 10,
                "the file uses format version 2; this kehoach reads version 1");
    bad_variant("kehoach: 1\n", "kehoach: 2\n", KH_LANG_VI, 1, 10,
                "tệp dùng định dạng phiên bản 2");
    bad_variant("kehoach: 1\n", "kehoach: one\n", KH_LANG_EN, 1, 10,
                "'kehoach' must be the format version: kehoach: 1");
    bad_variant("kehoach: 1\n", "kehoach: 1.0\n", KH_LANG_EN, 1, 10, "must be the format version");
    bad_variant("kehoach: 1\n", "kehoach: [1]\n", KH_LANG_EN, 1, 10, "must be the format version");
}

/* ---- references and ids ---- */

static void test_unknown_unit_refs(void **state)
{
    (void)state;
    bad_variant("    lead: [tp]", "    lead: [tq]", KH_LANG_EN, 14, 12,
                "no unit 'tq' in 'units'; did you mean 'tp'?");
    bad_variant("    lead: [tp]", "    lead: [tp, xyz-abc]", KH_LANG_EN, 14, 16,
                "no unit 'xyz-abc' in 'units'");
    bad_variant("    lead: vp\n", "    lead: vp\n    support: [vpp]\n", KH_LANG_EN, 19, 15,
                "did you mean 'vp'?");
    bad_variant("    lead: [tp]", "    lead: [tq]", KH_LANG_VI, 14, 12,
                "không có đơn vị 'tq' trong 'units'; có phải là 'tp'?");
    char *yaml = variant("    lead: [tp]", "    lead: [tp, xyz-abc]");
    result r = load(yaml, KH_LANG_EN);
    assert_int_equal(r.d.n, 1);
    assert_null(strstr(r.d.v[0].msg, "did you mean"));
    result_free(&r);
    free(yaml);
}

static void test_unknown_duty_unit(void **state)
{
    (void)state;
    /* A misspelt duty unit is one mistake: one problem, however many
     * tasks the duty has. */
    bad_variant("    - unit: vp\n", "    - unit: vq\n", KH_LANG_EN, 22, 13,
                "no unit 'vq' in 'units'; did you mean 'vp'?");
}

static void test_unknown_item(void **state)
{
    (void)state;
    bad_variant("      items: [II.1]", "      items: [II.9]", KH_LANG_EN, 24, 15,
                "no task 'II.9' in the plan");
    bad_variant("      items: [II.1]", "      items: [II.1, III.9.9]", KH_LANG_EN, 24, 21,
                "no task 'III.9.9' in the plan");
    bad_variant("      items: [II.1]", "      items: [II.9]", KH_LANG_VI, 24, 15,
                "không có nhiệm vụ 'II.9' trong kế hoạch");
}

static void test_duplicate_task_ids(void **state)
{
    (void)state;
    bad_variant("  - id: II.2\n", "  - id: II.1\n", KH_LANG_EN, 16, 9,
                "task id 'II.1' is used twice (first at line 11)");
    bad_variant("        - id: III.1.1\n", "        - id: II.2\n", KH_LANG_EN, 26, 15,
                "task id 'II.2' is used twice (first at line 16)");
    bad_variant("  - id: II.2\n", "  - id: II.1\n", KH_LANG_VI, 16, 9,
                "mã nhiệm vụ 'II.1' bị trùng (đã dùng ở dòng 11)");
}

static void test_duplicate_task_id_thrice(void **state)
{
    (void)state;
    /* Used three times: each repeat names the first use, line 11. */
    char *once = variant("  - id: II.2\n", "  - id: II.1\n");
    const char *at = strstr(once, "        - id: III.1.1\n");
    assert_non_null(at);
    char *yaml = xasprintf("%.*s        - id: II.1\n%s", (int)(at - once), once,
                           at + strlen("        - id: III.1.1\n"));
    result r = load(yaml, KH_LANG_EN);
    assert_int_equal(r.rc, KH_E_PLAN);
    expect_count(&r.d, 2);
    expect_diag(&r.d, 0, 16, 9, "task id 'II.1' is used twice (first at line 11)");
    expect_diag(&r.d, 1, 26, 15, "(first at line 11)");
    result_free(&r);
    free(yaml);
    free(once);
}

static void test_duplicate_unit_ids(void **state)
{
    (void)state;
    bad_variant("{id: tp,", "{id: vp,", KH_LANG_EN, 9, 10,
                "unit id 'vp' is used twice (first at line 8)");
    bad_variant("{id: tp,", "{id: vp,", KH_LANG_VI, 9, 10,
                "mã đơn vị 'vp' bị trùng (đã dùng ở dòng 8)");
}

static void test_bad_ids(void **state)
{
    (void)state;
    const char *task_words = "of ASCII letters, digits and . _ - only";
    bad_variant("  - id: II.2\n", "  - id: II 2\n", KH_LANG_EN, 16, 9, "task id 'II 2'");
    bad_variant("  - id: II.2\n", "  - id: II/2\n", KH_LANG_EN, 16, 9, task_words);
    bad_variant("  - id: II.2\n", "  - id: Mục.2\n", KH_LANG_EN, 16, 9,
                "task id 'Mục.2' is not valid");
    const char *unit_words = "of lower-case ASCII letters, digits and '-' only";
    bad_variant("{id: tp,", "{id: t p,", KH_LANG_EN, 9, 10, unit_words);
    bad_variant("{id: tp,", "{id: t/p,", KH_LANG_EN, 9, 10, "unit id 't/p'");
    bad_variant("{id: tp,", "{id: tư-pháp,", KH_LANG_EN, 9, 10, "unit id 'tư-pháp'");
    bad_variant("{id: tp,", "{id: TP,", KH_LANG_EN, 9, 10, "unit id 'TP'");
    bad_variant("  id: test-plan\n", "  id: kế-hoạch\n", KH_LANG_EN, 3, 7,
                "plan id 'kế-hoạch' is not valid");
    bad_variant("  id: test-plan\n", "  id: test plan\n", KH_LANG_EN, 3, 7, "plan id 'test plan'");
    /* The rules the message names: the first character and the length. */
    bad_variant("  - id: II.2\n", "  - id: .II\n", KH_LANG_EN, 16, 9,
                "starting with a letter or digit");
    bad_variant("  - id: II.2\n",
                "  - id: A1234567890123456789012345678901234567890123456789012345678901234\n",
                KH_LANG_EN, 16, 9, "at most 64 characters");
    bad_variant("{id: tp,", "{id: t p,", KH_LANG_VI, 9, 10, "mã đơn vị 't p' không hợp lệ");
}

/* ---- dates and deadlines ---- */

static const char period_line[] = "  period: {from: 2023-01-01, to: 2023-12-31}";

static void test_impossible_dates(void **state)
{
    (void)state;
    bad_variant(period_line, "  period: {from: 31/02/2023, to: 2023-12-31}", KH_LANG_EN, 6, 18,
                "'from': there is no such day as \"31/02/2023\"");
    bad_variant(period_line, "  period: {from: 2023-01-01, to: 2023-02-30}", KH_LANG_EN, 6, 34,
                "'to': there is no such day as \"2023-02-30\"");
    bad_variant(period_line, "  period: {from: 29/02/2023, to: 2023-12-31}", KH_LANG_EN, 6, 18,
                "no such day");
    bad_variant("    deadline: 2023-06-01", "    deadline: 2023-02-30", KH_LANG_EN, 15, 15,
                "'deadline': there is no such day as \"2023-02-30\"");
    bad_variant("    deadline: 2023-06-01", "    deadline: 31/04/2023", KH_LANG_EN, 15, 15,
                "no such day as \"31/04/2023\"");
    bad_variant(period_line, "  period: {from: 2023-01-01, to: 2023-02-30}", KH_LANG_VI, 6, 34,
                "ngày \"2023-02-30\" không có trong lịch");
}

static void test_malformed_dates(void **state)
{
    (void)state;
    bad_variant(period_line, "  period: {from: 2023-1-1, to: 2023-12-31}", KH_LANG_EN, 6, 18,
                "'from': \"2023-1-1\" is not a date (write yyyy-mm-dd or dd/mm/yyyy)");
    bad_variant(period_line, "  period: {from: 2023-01-01, to: 31.12.2023}", KH_LANG_EN, 6, 34,
                "\"31.12.2023\" is not a date");
    bad_variant(period_line, "  period: {from: [2023-01-01], to: 2023-12-31}", KH_LANG_EN, 6, 18,
                "'from' must be a date");
    bad_variant(period_line, "  period: [2023-01-01, 2023-12-31]", KH_LANG_EN, 6, 11,
                "period must be a mapping");
    bad_variant(period_line, "  period: {from: 2023-01-01}", KH_LANG_EN, 6, 11,
                "missing required key 'to' in period");
    bad_variant(period_line, "  period: {from: 2023-01-01, to: 31.12.2023}", KH_LANG_VI, 6, 34,
                "\"31.12.2023\" không phải là ngày");
}

static void test_period_reversed(void **state)
{
    (void)state;
    bad_variant(period_line, "  period: {from: 2023-12-31, to: 2023-01-01}", KH_LANG_EN, 6, 34,
                "the plan period ends before it starts");
    bad_variant(period_line, "  period: {from: 2023-12-31, to: 2023-01-01}", KH_LANG_VI, 6, 34,
                "kỳ kế hoạch kết thúc trước khi bắt đầu");
    /* One day is a period. */
    kh_plan *p = good_variant(period_line, "  period: {from: 2023-12-31, to: 2023-12-31}");
    assert_int_equal(p->from, p->to);
    model_free(p);
}

static void test_bad_deadlines(void **state)
{
    (void)state;
    const char *words = "a deadline must be a date (yyyy-mm-dd or dd/mm/yyyy), the plan's words";
    bad_variant("    deadline: 2023-06-01", "    deadline: soon", KH_LANG_EN, 15, 15, words);
    bad_variant("    deadline: 2023-06-01", "    deadline: 2023/06/01", KH_LANG_EN, 15, 15, words);
    bad_variant("    deadline: 2023-06-01", "    deadline: [2023-06-01]", KH_LANG_EN, 15, 15,
                words);
    bad_variant("    deadline: continuous", "    deadline: Continuous", KH_LANG_EN, 19, 15, words);
    bad_variant("    deadline: 2023-06-01", "    deadline: \"\"", KH_LANG_EN, 15, 15, words);
    bad_variant("    deadline: 2023-06-01", "    deadline: soon", KH_LANG_VI, 15, 15,
                "thời hạn phải là một ngày");
    bad_variant("          deadline: {every: month}", "          deadline: {day: 5}", KH_LANG_EN,
                28, 21, "missing required key 'every' in deadline");
    bad_variant("          deadline: {every: month}", "          deadline: {every: []}", KH_LANG_EN,
                28, 29, "'every' needs at least one period");
}

static void test_bad_every(void **state)
{
    (void)state;
    const char *dl = "          deadline: {every: month}";
    bad_variant(dl, "          deadline: {every: weekly}", KH_LANG_EN, 28, 29,
                "unknown period 'weekly' (use: month, quarter, half-year, nine-months, year)");
    bad_variant(dl, "          deadline: {every: [month, fortnight]}", KH_LANG_EN, 28, 37,
                "unknown period 'fortnight'");
    bad_variant(dl, "          deadline: {every: Month}", KH_LANG_EN, 28, 29,
                "unknown period 'Month'");
    bad_variant(dl, "          deadline: {every: weekly}", KH_LANG_VI, 28, 29,
                "chu kỳ 'weekly' không hợp lệ");
}

static void test_bad_day(void **state)
{
    (void)state;
    const char *dl = "          deadline: {every: month}";
    const char *words = "'day' must be a number from 1 to 31";
    bad_variant(dl, "          deadline: {every: month, day: 32}", KH_LANG_EN, 28, 41, words);
    bad_variant(dl, "          deadline: {every: month, day: 0}", KH_LANG_EN, 28, 41, words);
    bad_variant(dl, "          deadline: {every: month, day: -1}", KH_LANG_EN, 28, 41, words);
    bad_variant(dl, "          deadline: {every: month, day: 5x}", KH_LANG_EN, 28, 41, words);
    bad_variant(dl, "          deadline: {every: month, day: \"\"}", KH_LANG_EN, 28, 41, words);
    bad_variant(dl, "          deadline: {every: month, day: 99999999999999999999}", KH_LANG_EN, 28,
                41, words);
    bad_variant(dl, "          deadline: {every: month, day: [5]}", KH_LANG_EN, 28, 41, words);
    bad_variant(dl, "          deadline: {every: month, day: 32}", KH_LANG_VI, 28, 41,
                "'day' phải là một số từ 1 đến 31");
    /* Day 31 is clamped to the end of short months. */
    kh_plan *p = good_variant(dl, "          deadline: {every: month, day: 31}");
    assert_int_equal(task(p, "III.1.1/2023-02")->due, date_from_ymd(2023, 2, 28));
    assert_int_equal(task(p, "III.1.1/2023-03")->due, date_from_ymd(2023, 3, 31));
    model_free(p);
}

/* ---- paths ---- */

static void test_path_directory(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    result r = load_path(dir, KH_LANG_EN);
    assert_int_equal(r.rc, KH_E_IO);
    assert_null(r.plan);
    expect_count(&r.d, 1);
    expect_diag(&r.d, 0, 0, 0, "not a regular plan file: it is a directory");
    result_free(&r);
    r = load_path(dir, KH_LANG_VI);
    expect_diag(&r.d, 0, 0, 0, "đây là một thư mục");
    result_free(&r);
    test_rmdir(dir);
}

static void test_path_fifo(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char path[256];
    snprintf(path, sizeof path, "%s/plan.yaml", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    /* No writer ever comes: a blocking open would hang; the alarm ends that. */
    alarm(10);
    clock_t t0 = clock();
    result r = load_path(path, KH_LANG_EN);
    alarm(0);
    assert_true(cpu_seconds(t0) < 0.1);
    assert_int_equal(r.rc, KH_E_IO);
    assert_null(r.plan);
    expect_count(&r.d, 1);
    expect_diag(&r.d, 0, 0, 0, "not a regular plan file: it is a FIFO");
    result_free(&r);
    alarm(10);
    r = load_path(path, KH_LANG_VI);
    alarm(0);
    expect_diag(&r.d, 0, 0, 0, "một FIFO (ống)");
    result_free(&r);
    test_rmdir(dir);
}

static void test_path_dev_zero(void **state)
{
    (void)state;
    alarm(10);
    result r = load_path("/dev/zero", KH_LANG_EN);
    alarm(0);
    assert_int_equal(r.rc, KH_E_IO);
    assert_null(r.plan);
    expect_count(&r.d, 1);
    expect_diag(&r.d, 0, 0, 0, "not a regular plan file: it is a device");
    result_free(&r);
}

static void test_path_symlink_to_dev_zero(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char path[256];
    snprintf(path, sizeof path, "%s/plan.yaml", dir);
    assert_int_equal(symlink("/dev/zero", path), 0);
    alarm(10);
    result r = load_path(path, KH_LANG_EN);
    alarm(0);
    assert_int_equal(r.rc, KH_E_IO);
    assert_null(r.plan);
    expect_count(&r.d, 1);
    expect_diag(&r.d, 0, 0, 0, "it is a device");
    result_free(&r);
    r = load_path(path, KH_LANG_VI);
    expect_diag(&r.d, 0, 0, 0, "một thiết bị");
    result_free(&r);
    test_rmdir(dir);
}

static void test_path_missing(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    char path[256];
    snprintf(path, sizeof path, "%s/no-such-plan.yaml", dir);
    result r = load_path(path, KH_LANG_EN);
    assert_int_equal(r.rc, KH_E_IO);
    assert_null(r.plan);
    expect_count(&r.d, 1);
    expect_diag(&r.d, 0, 0, 0, "cannot open the file: ");
    expect_diag(&r.d, 0, 0, 0, "cannot open the file: no such file");
    result_free(&r);
    r = load_path(path, KH_LANG_VI);
    /* The reason is in Vietnamese too, not in the C locale's English. */
    expect_diag(&r.d, 0, 0, 0, "không mở được tệp: không có tệp này");
    result_free(&r);
    test_rmdir(dir);
}

/* ---- good files ---- */

static void test_seed_plan(void **state)
{
    (void)state;
    /* Contents, the first duty's two tasks, the periodic one by due date
     * (month, then quarter, half and nine months, then year), the rest. */
    static const char *const head[] = {"II.1", "II.2", "II.3",    "II.4",   "II.5",
                                       "II.6", "II.7", "III.1.1", "III.1.2"};
    static const char *const tags[] = {"-01", "-02", "-03", "-Q1", "-04", "-05", "-06",
                                       "-Q2", "-H1", "-07", "-08", "-09", "-Q3", "-9M",
                                       "-10", "-11", "-12", "-Q4", ""};
    static const char *const tail[] = {"III.2.1", "III.2.2", "III.2.3", "III.3.1", "III.4.1",
                                       "III.5.1", "III.6.1", "III.6.2", "III.6.3"};
    char ids[37][24];
    size_t nids = 0;
    for (size_t i = 0; i < KH_ARRAY_LEN(head); i++) snprintf(ids[nids++], 24, "%s", head[i]);
    for (size_t i = 0; i < KH_ARRAY_LEN(tags); i++)
        snprintf(ids[nids++], 24, "III.1.3/2023%s", tags[i]);
    for (size_t i = 0; i < KH_ARRAY_LEN(tail); i++) snprintf(ids[nids++], 24, "%s", tail[i]);
    static const char *const units[] = {"vp-tk", "vhxh-vhtt", "mot-cua", "tp-ht", "tc-kt", "mttq"};
    result r = load_path(SEED_PLAN, KH_LANG_VI);
    if (r.rc != KH_E_OK) dump(&r.d);
    assert_int_equal(r.rc, KH_E_OK);
    assert_int_equal(r.d.n, 0);
    kh_plan *p = r.plan;
    assert_string_equal(p->id, "qcdc-2023-tqt");
    assert_string_equal(p->path, SEED_PLAN);
    assert_int_equal(p->from, date_from_ymd(2023, 1, 1));
    assert_int_equal(p->to, date_from_ymd(2023, 12, 31));
    assert_int_equal(p->ntasks, 37);
    assert_int_equal(nids, 37);
    for (size_t i = 0; i < p->ntasks; i++) {
        assert_string_equal(p->tasks[i].id, ids[i]);
        assert_int_equal(model_find_task(p, ids[i]), (long)i);
    }
    assert_int_equal(p->nunits, 6);
    for (size_t i = 0; i < p->nunits; i++) assert_string_equal(p->units[i].id, units[i]);
    assert_int_equal(p->nduties, 6);
    static const uint32_t duty_tasks[] = {21, 3, 1, 1, 1, 3};
    uint32_t next = 7;
    for (size_t i = 0; i < p->nduties; i++) {
        assert_int_equal(p->duties[i].unit, i);
        assert_int_equal(p->duties[i].first_task, next);
        assert_int_equal(p->duties[i].ntasks, duty_tasks[i]);
        next += duty_tasks[i];
    }
    assert_int_equal(next, 37);
    assert_int_equal(p->ndocuments, 2);
    assert_int_equal(p->nrecipients, 7);
    assert_int_equal(p->naims, 3);

    /* "trước ngày 01/6/2023": due by 31 May (plan-format §10) */
    const kh_task *t = task(p, "III.2.2");
    assert_int_equal(t->dl_kind, DL_DATE);
    assert_int_equal(t->due, date_from_ymd(2023, 5, 31));
    assert_string_equal(t->deadline_text, "trước ngày 01/6/2023");
    assert_int_equal(t->section, 3);
    assert_int_equal(t->nlead, 1);
    assert_int_equal(t->lead[0], unit(p, "vhxh-vhtt"));

    /* tp-ht carries out II.1, II.2 and II.6, and no other item. */
    long tp = unit(p, "tp-ht");
    const kh_duty *d = &p->duties[3];
    assert_int_equal(d->unit, tp);
    assert_int_equal(d->nitems, 3);
    assert_int_equal(d->items[0], model_find_task(p, "II.1"));
    assert_int_equal(d->items[1], model_find_task(p, "II.2"));
    assert_int_equal(d->items[2], model_find_task(p, "II.6"));
    for (int i = 1; i <= 7; i++) {
        char id[16];
        snprintf(id, sizeof id, "II.%d", i);
        bool on = model_task_has_unit(task(p, id), (size_t)tp);
        assert_int_equal(on, i == 1 || i == 2 || i == 6);
    }
    t = task(p, "II.1");
    assert_int_equal(t->nlead, 1);
    assert_int_equal(t->lead[0], tp);
    assert_int_equal(t->nsupport, 2);
    assert_int_equal(t->support[0], unit(p, "vhxh-vhtt"));
    assert_int_equal(t->support[1], unit(p, "vp-tk"));
    assert_int_equal(t->section, 2);
    assert_int_equal(t->duty, -1);

    /* Continuous and end-of-period work is due on the last day. */
    static const char *const continuous[] = {"II.1",    "II.2",    "II.3",    "II.4",    "II.6",
                                             "II.7",    "III.1.1", "III.1.2", "III.2.1", "III.3.1",
                                             "III.6.1", "III.6.2", "III.6.3"};
    for (size_t i = 0; i < KH_ARRAY_LEN(continuous); i++) {
        t = task(p, continuous[i]);
        assert_int_equal(t->dl_kind, DL_CONTINUOUS);
        assert_int_equal(t->due, date_from_ymd(2023, 12, 31));
    }
    static const char *const period_end[] = {"II.5", "III.4.1", "III.5.1"};
    for (size_t i = 0; i < KH_ARRAY_LEN(period_end); i++) {
        t = task(p, period_end[i]);
        assert_int_equal(t->dl_kind, DL_PERIOD_END);
        assert_int_equal(t->due, date_from_ymd(2023, 12, 31));
    }

    /* The periodic duty: each occurrence due at the end of its period,
     * led by the duty's unit. */
    t = task(p, "III.1.3/2023-02");
    assert_int_equal(t->dl_kind, DL_PERIODIC);
    assert_int_equal(t->every, EVERY_MONTH);
    assert_int_equal(t->occ, 2);
    assert_int_equal(t->occ_year, 2023);
    assert_int_equal(t->due, date_from_ymd(2023, 2, 28));
    assert_int_equal(t->nlead, 1);
    assert_int_equal(t->lead[0], unit(p, "vp-tk"));
    assert_int_equal(t->duty, 0);
    assert_int_equal(task(p, "III.1.3/2023-Q1")->due, date_from_ymd(2023, 3, 31));
    assert_int_equal(task(p, "III.1.3/2023-H1")->due, date_from_ymd(2023, 6, 30));
    assert_int_equal(task(p, "III.1.3/2023-9M")->due, date_from_ymd(2023, 9, 30));
    assert_int_equal(task(p, "III.1.3/2023")->every, EVERY_YEAR);
    assert_int_equal(task(p, "III.1.3/2023")->due, date_from_ymd(2023, 12, 31));
    assert_int_equal(model_find_task(p, "III.1.3"), -1);
    assert_int_equal(model_find_task(p, "III.1.3/2023-H2"), -1);

    /* Verbatim headings, slips kept. */
    assert_string_equal(p->duties[1].heading, "2. Bộ phận VHXX- VHTT");
    result_free(&r);
}

static void test_test_plan_loads(void **state)
{
    (void)state;
    result r = load(TEST_PLAN_YAML, KH_LANG_EN);
    if (r.rc != KH_E_OK) dump(&r.d);
    assert_int_equal(r.rc, KH_E_OK);
    assert_int_equal(r.plan->ntasks, 14);
    assert_int_equal(r.plan->nunits, 2);
    assert_int_equal(r.plan->nduties, 1);
    /* The title defaults to the text. */
    assert_string_equal(task(r.plan, "II.2")->title, "Địa chính, thường xuyên.");
    result_free(&r);
}

static void test_nfd_becomes_nfc(void **state)
{
    (void)state;
    /* "Kế hoạch" decomposed: e + U+0302 + U+0301, a + U+0323. */
    kh_plan *p = good_variant("  title: Kế hoạch thử", "  title: Ke\xcc\x82\xcc\x81 hoa\xcc\xa3"
                                                       "ch thu\xcc\x9b\xcc\x89");
    assert_string_equal(p->title, "K\xe1\xba\xbf ho\xe1\xba\xa1"
                                  "ch th\xe1\xbb\xad");
    assert_string_equal(p->title, "Kế hoạch thử");
    model_free(p);
    p = good_variant("    text: Tuyên truyền Luật",
                     "    text: Tuye\xcc\x82n truye\xcc\x82\xcc\x80n Luật");
    assert_non_null(strstr(task(p, "II.1")->text, "Tuyên truyền Luật"));
    assert_null(strstr(task(p, "II.1")->text, "\xcc"));
    model_free(p);
}

static void test_dmy_dates(void **state)
{
    (void)state;
    kh_plan *p = good_variant(period_line, "  period: {from: 1/1/2023, to: 31/12/2023}");
    assert_int_equal(p->from, date_from_ymd(2023, 1, 1));
    assert_int_equal(p->to, date_from_ymd(2023, 12, 31));
    model_free(p);
    p = good_variant("    deadline: 2023-06-01", "    deadline: 01/6/2023");
    assert_int_equal(task(p, "II.1")->dl_kind, DL_DATE);
    assert_int_equal(task(p, "II.1")->due, date_from_ymd(2023, 6, 1));
    model_free(p);
    p = good_variant("    deadline: 2023-06-01", "    deadline: 29/2/2024");
    assert_int_equal(task(p, "II.1")->due, date_from_ymd(2024, 2, 29));
    model_free(p);
}

static void test_lead_scalar(void **state)
{
    (void)state;
    /* TEST_PLAN_YAML gives II.2 "lead: vp". */
    kh_plan *p = good_variant("    lead: [tp]", "    lead: tp");
    const kh_task *t = task(p, "II.2");
    assert_int_equal(t->nlead, 1);
    assert_int_equal(t->lead[0], unit(p, "vp"));
    t = task(p, "II.1");
    assert_int_equal(t->nlead, 1);
    assert_int_equal(t->lead[0], unit(p, "tp"));
    model_free(p);
}

static void test_all_errors_collected(void **state)
{
    (void)state;
    char *a = variant("  id: test-plan\n", "  id: test plan\n");
    const char *at = strstr(a, "    title: Tuyên truyền");
    assert_non_null(at);
    char *b = xasprintf("%.*s    titel%s", (int)(at - a), a, at + strlen("    title"));
    at = strstr(b, "    deadline: continuous");
    assert_non_null(at);
    char *yaml = xasprintf("%.*s    deadline: soon%s", (int)(at - b), b,
                           at + strlen("    deadline: continuous"));
    result r = load(yaml, KH_LANG_EN);
    assert_int_equal(r.rc, KH_E_PLAN);
    assert_null(r.plan);
    expect_count(&r.d, 3);
    expect_diag(&r.d, 0, 3, 7, "plan id 'test plan'");
    expect_diag(&r.d, 1, 12, 5, "unknown key 'titel'");
    expect_diag(&r.d, 2, 19, 15, "a deadline must be a date");
    result_free(&r);
    free(yaml);
    free(b);
    free(a);
}

static void test_errors_capped(void **state)
{
    (void)state;
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "kehoach: 1\n"
                 "plan: {id: p, title: t, issuer: i, period: {from: 2023-01-01, to: 2023-12-31}}\n"
                 "units: [{id: vp, name: VP}]\n"
                 "contents:\n");
    for (int i = 0; i < 3 * PLAN_MAX_ERRORS; i++)
        sb_printf(&sb, "  - {id: T%d, titel: x, text: y, lead: vp, deadline: continuous}\n", i);
    result r = load(sb_str(&sb), KH_LANG_EN);
    assert_int_equal(r.rc, KH_E_PLAN);
    assert_null(r.plan);
    expect_count(&r.d, PLAN_MAX_ERRORS);
    /* Task i is on line 5 + i; its 'titel' at column 13 + the digits of i. */
    expect_diag(&r.d, 0, 5, 14, "unknown key 'titel'");
    expect_diag(&r.d, PLAN_MAX_ERRORS - 1, 5 + PLAN_MAX_ERRORS - 1, 15, "unknown key 'titel'");
    result_free(&r);
    sb_done(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_only_comments),
        cmocka_unit_test(test_only_document_marker),
        cmocka_unit_test(test_two_documents),
        cmocka_unit_test(test_root_not_mapping),
        cmocka_unit_test(test_deep_flow_sequences),
        cmocka_unit_test(test_deep_mappings),
        cmocka_unit_test(test_billion_laughs),
        cmocka_unit_test(test_self_referencing_alias),
        cmocka_unit_test(test_any_anchor),
        cmocka_unit_test(test_any_alias),
        cmocka_unit_test(test_tags),
        cmocka_unit_test(test_huge_file),
        cmocka_unit_test(test_huge_scalar),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_raw_nul_byte),
        cmocka_unit_test(test_nul_escapes),
        cmocka_unit_test(test_control_escapes),
        cmocka_unit_test(test_raw_control_byte),
        cmocka_unit_test(test_bidi_override),
        cmocka_unit_test(test_utf16),
        cmocka_unit_test(test_utf32),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_line_separator_keeps_lines),
        cmocka_unit_test(test_tab_indentation),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_unknown_key_suggested),
        cmocka_unit_test(test_unknown_key_not_suggested),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_wrong_type_plan),
        cmocka_unit_test(test_missing_task_fields),
        cmocka_unit_test(test_missing_plan_fields),
        cmocka_unit_test(test_no_period),
        cmocka_unit_test(test_version_missing),
        cmocka_unit_test(test_version_wrong),
        cmocka_unit_test(test_unknown_unit_refs),
        cmocka_unit_test(test_unknown_duty_unit),
        cmocka_unit_test(test_unknown_item),
        cmocka_unit_test(test_duplicate_task_ids),
        cmocka_unit_test(test_duplicate_task_id_thrice),
        cmocka_unit_test(test_duplicate_unit_ids),
        cmocka_unit_test(test_bad_ids),
        cmocka_unit_test(test_impossible_dates),
        cmocka_unit_test(test_malformed_dates),
        cmocka_unit_test(test_period_reversed),
        cmocka_unit_test(test_bad_deadlines),
        cmocka_unit_test(test_bad_every),
        cmocka_unit_test(test_bad_day),
        cmocka_unit_test(test_path_directory),
        cmocka_unit_test(test_path_fifo),
        cmocka_unit_test(test_path_dev_zero),
        cmocka_unit_test(test_path_symlink_to_dev_zero),
        cmocka_unit_test(test_path_missing),
        cmocka_unit_test(test_seed_plan),
        cmocka_unit_test(test_test_plan_loads),
        cmocka_unit_test(test_nfd_becomes_nfc),
        cmocka_unit_test(test_dmy_dates),
        cmocka_unit_test(test_lead_scalar),
        cmocka_unit_test(test_all_errors_collected),
        cmocka_unit_test(test_errors_capped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
