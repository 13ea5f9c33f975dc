/* The document writer (docx.c) and the report's page words: the .docx is a
 * zip whose parts libzip reads back, with the text escaped once; the place
 * name rule of Nghị định 30/2020. */
#include "testutil.h"

#include <zip.h>

#include "kehoach/docx.h"
#include "kehoach/model.h"
#include "kehoach/report.h"
#include "kehoach/util.h"

/* Return the part `name` of the zip in buf (heap, NUL-ended), or NULL. */
static char *part(const char *buf, size_t len, const char *name)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    assert_non_null(za);
    zip_stat_t st;
    char *out = NULL;
    if (zip_stat(za, name, 0, &st) == 0) {
        zip_file_t *f = zip_fopen(za, name, 0);
        out = xcalloc(st.size + 1, 1);
        assert_int_equal(zip_fread(f, out, st.size), (zip_int64_t)st.size);
        zip_fclose(f);
    }
    zip_close(za);
    zip_error_fini(&ze);
    return out;
}

/* Write a small document; return its bytes (heap) and length. */
static char *small_doc(size_t *len, time_t when)
{
    docx_page page = {.width = 11906,
                      .height = 16838,
                      .top = 1134,
                      .bottom = 1134,
                      .left = 1701,
                      .right = 851,
                      .size = 26,
                      .title = "Báo cáo <thử> & \"x\"",
                      .application = "kehoach",
                      .created = when};
    docx *d = docx_new(&page);
    docx_para p = {.align = DOCX_CENTER};
    docx_para_text(d, &p, "Ủy ban <nhân> dân & \x01phường\nTrương 'Quang' Trọng", DOCX_BOLD);
    static const int widths[] = {2000, 3000};
    docx_table t = {widths, 2, 0, true, 57};
    docx_table_begin(d, &t);
    docx_row_begin(d, true, true);
    docx_cell_begin(d, 1, NULL);
    docx_para_text(d, &p, "STT", 0);
    docx_cell_end(d);
    docx_cell_begin(d, 1, "EEEEEE");
    docx_cell_end(d); /* empty: still a paragraph */
    docx_row_end(d);
    docx_table_end(d);
    docx_para_text(d, &p, "", 0);
    char *buf = NULL;
    FILE *out = open_memstream(&buf, len);
    kh_error err = {0};
    assert_int_equal(docx_write(d, out, &err), KH_E_OK);
    fclose(out);
    docx_free(d);
    return buf;
}

static void test_docx_parts(void **state)
{
    (void)state;
    size_t len;
    char *buf = small_doc(&len, 1686830400);
    assert_memory_equal(buf, "PK\x03\x04", 4);
    char *doc = part(buf, len, "word/document.xml");
    assert_non_null(doc);
    /* Escaped once; the control character left out; a newline a break. */
    assert_non_null(
        strstr(doc, "Ủy ban &lt;nhân&gt; dân &amp; phường</w:t></w:r><w:r><w:rPr><w:b/>"));
    assert_non_null(
        strstr(doc, "<w:br/><w:t xml:space=\"preserve\">Trương &apos;Quang&apos; Trọng"));
    assert_null(strstr(doc, "\x01"));
    assert_non_null(strstr(doc, "<w:tblHeader/>"));
    assert_non_null(strstr(doc, "<w:cantSplit/>"));
    assert_non_null(strstr(doc, "w:fill=\"EEEEEE\"/></w:tcPr><w:p/></w:tc>"));
    assert_non_null(
        strstr(doc, "<w:pgMar w:top=\"1134\" w:right=\"851\" w:bottom=\"1134\" w:left=\"1701\""));
    free(doc);
    char *core = part(buf, len, "docProps/core.xml");
    assert_non_null(strstr(core, "<dc:title>Báo cáo &lt;thử&gt; &amp; &quot;x&quot;</dc:title>"));
    assert_non_null(strstr(core, "2023-06-15T12:00:00Z"));
    free(core);
    static const char *const names[] = {"[Content_Types].xml",          "_rels/.rels",
                                        "word/_rels/document.xml.rels", "word/styles.xml",
                                        "word/numbering.xml",           "word/settings.xml"};
    for (size_t k = 0; k < KH_ARRAY_LEN(names); k++) {
        char *p = part(buf, len, names[k]);
        if (!p) fail_msg("no part %s", names[k]);
        free(p);
    }
    /* The same document, the same bytes. */
    size_t len2;
    char *again = small_doc(&len2, 1686830400);
    assert_int_equal(len, len2);
    assert_memory_equal(buf, again, len);
    free(again);
    free(buf);
}

/* The place a report is dated at, for a plan's place and issuer. */
static void place_is(const char *place, const char *issuer, const char *want)
{
    kh_plan plan;
    memset(&plan, 0, sizeof plan);
    plan.place = place;
    plan.issuer = issuer;
    strbuf sb = STRBUF_INIT;
    report_place_name(&sb, &plan);
    if (strcmp(sb_str(&sb), want))
        fail_msg("'%s' / '%s': '%s', not '%s'", place ? place : "-", issuer ? issuer : "-",
                 sb_str(&sb), want);
    sb_done(&sb);
}

static void test_place_name(void **state)
{
    (void)state;
    /* Named after a person: in full, capitalised. */
    place_is("phường Trương Quang Trọng, thành phố Quảng Ngãi, tỉnh Quảng Ngãi", NULL,
             "Phường Trương Quang Trọng");
    place_is("phường Trần Phú, thành phố Quảng Ngãi", NULL, "Phường Trần Phú");
    /* A number; an event of three words. */
    place_is("phường 12, quận Gò Vấp", NULL, "Phường 12");
    place_is("phường Điện Biên Phủ, thành phố Điện Biên", NULL, "Phường Điện Biên Phủ");
    /* Else the name alone, never the province's. */
    place_is("xã Tịnh Trà, huyện Sơn Tịnh, tỉnh Quảng Ngãi", NULL, "Tịnh Trà");
    place_is("thị trấn Châu Ổ", NULL, "Châu Ổ");
    /* No place: the issuer without UBND. */
    place_is(NULL, "UBND xã Thạch Kim", "Thạch Kim");
    place_is(NULL, "Ủy ban nhân dân phường Lê Lợi", "Phường Lê Lợi");
    /* No kind to go by: the text as it is. */
    place_is("Hội An", NULL, "Hội An");
    place_is(NULL, NULL, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docx_parts),
        cmocka_unit_test(test_place_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
