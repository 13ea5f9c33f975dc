/* The only file that talks to libyaml. */
#include "plan_yaml.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "kehoach/text.h"
#include "plan_yaml_dl.h"

struct yreader {
    yaml_parser_t parser;
    yaml_event_t ev; /* the lookahead event, when have_ev */
    bool have_ev;
    bool failed;
    int depth;
    size_t events;
    const char *buf;
    size_t len;
    kh_lang lang;
    kh_diags *diags;
    unsigned ev_refused; /* the lookahead scalar's refused character (double-quoted), or 0 */
};

yreader *yr_new(const char *buf, size_t len, kh_lang lang, kh_diags *diags)
{
    kh_error e;
    if (plan_yaml_dl_load(&e)) { /* libyaml, mapped by the first plan parsed */
        diags_add(diags, 0, 0, "%s", e.detail);
        return NULL;
    }
    yreader *r = xcalloc(1, sizeof *r);
    if (!yaml_parser_initialize(&r->parser)) {
        free(r);
        return NULL;
    }
    yaml_parser_set_input_string(&r->parser, (const unsigned char *)buf, len);
    yaml_parser_set_encoding(&r->parser, YAML_UTF8_ENCODING);
    r->buf = buf;
    r->len = len;
    r->lang = lang;
    r->diags = diags;
    return r;
}

void yr_free(yreader *r)
{
    if (!r) return;
    if (r->have_ev) yaml_event_delete(&r->ev);
    yaml_parser_delete(&r->parser);
    free(r);
}

bool yr_failed(const yreader *r)
{
    return r->failed;
}

/* Return the byte at 0-based line and character column of the buffer, or -1. */
static int byte_at(const yreader *r, size_t line, size_t column)
{
    size_t i = 0;
    for (size_t l = 0; l < line && i < r->len; i++)
        if (r->buf[i] == '\n') l++;
    for (size_t c = 0; c < column && i < r->len; c++) {
        i++;
        while (i < r->len && ((unsigned char)r->buf[i] & 0xc0) == 0x80) i++;
    }
    return i < r->len ? (unsigned char)r->buf[i] : -1;
}

/* libyaml's problems in words for a ward officer. */
static const char *problem_words(const char *problem, kh_lang lang)
{
    static const struct {
        const char *en, *vi;
    } words[] = {
        {"found character that cannot start any token", "có ký tự không được đứng ở đây"},
        {"mapping values are not allowed in this context",
         "không được viết \"khóa: giá trị\" ở đây (thiếu dấu ngoặc kép quanh chữ có dấu hai "
         "chấm, hoặc thụt lề sai?)"},
        {"did not find expected key", "không thấy khóa như mong đợi (thụt lề sai?)"},
        {"did not find expected '-' indicator", "không thấy dấu '-' như mong đợi (thụt lề sai?)"},
        {"did not find expected node content", "thiếu giá trị"},
        {"found unexpected end of stream", "tệp kết thúc giữa chừng (thiếu dấu đóng ngoặc?)"},
        {"did not find expected ',' or ']'", "thiếu dấu ',' hoặc ']'"},
        {"did not find expected ',' or '}'", "thiếu dấu ',' hoặc '}'"},
        {"found unknown escape character", "chuỗi thoát (\\) không hợp lệ trong ngoặc kép"},
        {"control characters are not allowed", "có ký tự điều khiển không được phép"},
        {"found undefined tag handle", "tag YAML không xác định"},
        {"could not find expected ':'", "thiếu dấu ':' sau khóa"},
        {"found unexpected ':'", "dấu ':' không đúng chỗ"},
        {"block sequence entries are not allowed in this context",
         "không được bắt đầu danh sách '-' ở đây (thụt lề sai?)"},
        {"found a tab character that violates indentation",
         "dùng ký tự tab để thụt lề; YAML chỉ cho phép dấu cách"},
        {"found a tab character where an indentation space is expected",
         "dùng ký tự tab để thụt lề; YAML chỉ cho phép dấu cách"},
        {"invalid leading UTF-8 octet", "byte không hợp lệ trong UTF-8"},
        {"did not find expected alphabetic or numeric character",
         "sau dấu * hoặc & phải là một tên (giá trị bắt đầu bằng * cần đặt trong ngoặc kép)"},
        {"did not find expected comment or line break",
         "thiếu xuống dòng sau ký hiệu | hoặc > (giá trị bắt đầu bằng | hoặc > cần đặt trong "
         "ngoặc kép)"},
        {"did not find expected <document start>",
         "có nội dung sau khi tài liệu đã kết thúc (dòng ... hoặc thụt lề sai?)"},
        {"mapping keys are not allowed in this context", "không được đặt khóa ở đây"},
        {"found unknown directive name",
         "dòng bắt đầu bằng % là chỉ thị YAML không biết (đặt % trong ngoặc kép)"},
        {"could not find expected directive name",
         "dòng bắt đầu bằng % thiếu tên chỉ thị YAML (đặt % trong ngoặc kép)"},
        {"did not find the expected '>'", "thiếu dấu '>' đóng tag YAML"},
        {"did not find expected whitespace or line break", "thiếu dấu cách hoặc xuống dòng"},
        {"found incompatible YAML document", "phiên bản YAML không được hỗ trợ"},
        {"found unexpected document indicator", "dấu --- hoặc ... không đúng chỗ"},
        {"found unknown escape character while parsing a quoted scalar",
         "chuỗi thoát (\\) không hợp lệ trong ngoặc kép"},
        {"incomplete UTF-8 octet sequence", "chuỗi byte UTF-8 không trọn vẹn"},
        {"found invalid Unicode character escape code",
         "chuỗi thoát \\u hoặc \\U trong ngoặc kép không phải một ký tự Unicode hợp lệ"},
        {"did not find expected hexdecimal number",
         "sau \\x, \\u hoặc \\U trong ngoặc kép phải là chữ số thập lục phân (0-9, A-F)"},
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(words); i++)
        if (!strcmp(problem, words[i].en)) return lang == KH_LANG_EN ? words[i].en : words[i].vi;
    return NULL;
}

static void fail_at(yreader *r, int line, int col, const char *msg)
{
    if (!r->failed) diags_add(r->diags, line, col, "%s", msg);
    r->failed = true;
}

void yr_locate(const char *buf, size_t at, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < at; i++) {
        /* As libyaml counts: LF, CR LF and a lone CR each end a line. */
        bool end = buf[i] == '\n' || (buf[i] == '\r' && (i + 1 >= at || buf[i + 1] != '\n'));
        if (end) {
            (*line)++;
            *col = 1;
        } else if (buf[i] != '\r' && ((unsigned char)buf[i] & 0xc0) != 0x80) {
            (*col)++;
        }
    }
}

static void fail_libyaml(yreader *r)
{
    yaml_parser_t *p = &r->parser;
    const char *problem = p->problem ? p->problem : "?";
    size_t line = p->problem_mark.line, column = p->problem_mark.column;
    if (p->error == YAML_READER_ERROR) {
        /* The reader gives a byte offset, not a mark. */
        int l, c;
        yr_locate(r->buf, p->problem_offset < r->len ? p->problem_offset : r->len, &l, &c);
        line = (size_t)l - 1;
        column = (size_t)c - 1;
    }
    if (p->error == YAML_MEMORY_ERROR) problem = "out of memory";
    const char *words = problem_words(problem, r->lang);
    if (strstr(problem, "tab character") ||
        (byte_at(r, line, column) == '\t' && strstr(problem, "cannot start any token")))
        words = TR(r->lang, "dùng ký tự tab để thụt lề; YAML chỉ cho phép dấu cách",
                   "a tab is used for indentation; YAML allows only spaces");
    strbuf sb = STRBUF_INIT;
    sb_printf(&sb, TR(r->lang, "lỗi cú pháp YAML: %s", "YAML syntax error: %s"),
              words ? words : problem);
    if (p->context && r->lang == KH_LANG_EN) sb_printf(&sb, " (%s)", p->context);
    fail_at(r, (int)line + 1, (int)column + 1, sb_str(&sb));
    sb_done(&sb);
}

static void event_pos(const yaml_event_t *ev, int *line, int *col)
{
    *line = (int)ev->start_mark.line + 1;
    *col = (int)ev->start_mark.column + 1;
}

/* Check a scalar's text: no NUL, no control characters but tab and newline,
 * no bidi controls. Return false (reported) when it has one. */
static bool scalar_clean(yreader *r, const yaml_event_t *ev)
{
    int line, col;
    event_pos(ev, &line, &col);
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    char msg[160];
    if (n > PLAN_MAX_SCALAR) {
        snprintf(msg, sizeof msg,
                 TR(r->lang, "giá trị quá dài (%zu byte; tối đa %d)",
                    "value too long (%zu bytes; at most %d)"),
                 n, PLAN_MAX_SCALAR);
        fail_at(r, line, col, msg);
        return false;
    }
    if (!text_valid_utf8(s, n, NULL)) {
        fail_at(r, line, col,
                TR(r->lang, "giá trị có byte không hợp lệ trong UTF-8",
                   "the value has bytes that are not valid UTF-8"));
        return false;
    }
    /* Valid UTF-8: the forbidden code points can be found by their bytes. */
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n; i++) {
        unsigned c = u[i];
        if (c >= 0x20 && c < 0x7f) continue;
        unsigned c1 = i + 1 < n ? u[i + 1] : 0, c2 = i + 2 < n ? u[i + 2] : 0;
        unsigned cp = 0;
        bool bad = false;
        if (c < 0x20 && c != '\t' && c != '\n')
            bad = true, cp = c;
        else if (c == 0x7f)
            bad = true, cp = c;
        else if (c == 0xc2 && c1 >= 0x80 && c1 < 0xa0)
            bad = true, cp = c1; /* C1 controls */
        else if (c == 0xd8 && c1 == 0x9c)
            bad = true, cp = 0x061c;
        else if (c == 0xe2 && c1 == 0x80 &&
                 (c2 == 0x8e || c2 == 0x8f || (c2 >= 0xaa && c2 <= 0xae)))
            bad = true, cp = 0x2000 + (c2 - 0x80);
        else if (c == 0xe2 && c1 == 0x81 && c2 >= 0xa6 && c2 <= 0xa9)
            bad = true, cp = 0x2040 + (c2 - 0x80);
        else if (c == 0xef && c1 == 0xbb && c2 == 0xbf)
            bad = true, cp = 0xfeff;
        /* In a double-quoted scalar it can only be an escape (libyaml reads
         * no raw control character): data a database held, which a plan's
         * `state:` may carry. The node says so (ynode.refused); the loader
         * refuses it everywhere else. NUL never. */
        if (bad && cp != 0 && ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE) {
            if (!r->ev_refused) r->ev_refused = cp;
            continue;
        }
        if (bad) {
            if (cp == 0)
                snprintf(
                    msg, sizeof msg, "%s",
                    TR(r->lang, "giá trị chứa ký tự NUL (\\0)", "the value contains NUL (\\0)"));
            else
                snprintf(msg, sizeof msg,
                         TR(r->lang,
                            "giá trị chứa ký tự điều khiển U+%04X, không được phép trong kế hoạch",
                            "the value contains the control character U+%04X, not allowed in a "
                            "plan"),
                         (unsigned)cp);
            fail_at(r, line, col, msg);
            return false;
        }
    }
    return true;
}

/* Make the next event the lookahead, checking every limit. */
static bool fetch(yreader *r)
{
    if (r->failed) return false;
    if (r->have_ev) return true;
    if (++r->events > PLAN_MAX_EVENTS) {
        fail_at(r, (int)r->parser.mark.line + 1, (int)r->parser.mark.column + 1,
                TR(r->lang, "tệp có quá nhiều phần tử", "the file has too many elements"));
        return false;
    }
    if (!yaml_parser_parse(&r->parser, &r->ev)) {
        fail_libyaml(r);
        return false;
    }
    r->have_ev = true;
    yaml_event_t *ev = &r->ev;
    int line, col;
    event_pos(ev, &line, &col);
    const unsigned char *anchor = NULL, *tag = NULL;
    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        fail_at(r, line, col,
                TR(r->lang, "không hỗ trợ alias YAML (*tên); hãy viết đầy đủ giá trị",
                   "YAML aliases (*name) are not supported; write the value out"));
        return false;
    case YAML_SCALAR_EVENT:
        anchor = ev->data.scalar.anchor;
        tag = ev->data.scalar.tag;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
        break;
    default: break;
    }
    if (anchor) {
        fail_at(r, line, col,
                TR(r->lang, "không hỗ trợ anchor YAML (&tên); hãy viết đầy đủ giá trị",
                   "YAML anchors (&name) are not supported; write the value out"));
        return false;
    }
    if (tag && strcmp((const char *)tag, YAML_STR_TAG) != 0 &&
        strcmp((const char *)tag, YAML_SEQ_TAG) != 0 &&
        strcmp((const char *)tag, YAML_MAP_TAG) != 0) {
        fail_at(r, line, col,
                TR(r->lang, "không hỗ trợ tag YAML (!...)", "YAML tags (!...) are not supported"));
        return false;
    }
    if ((ev->type == YAML_SEQUENCE_START_EVENT || ev->type == YAML_MAPPING_START_EVENT) &&
        r->depth + 1 > PLAN_MAX_DEPTH) {
        char msg[120];
        snprintf(
            msg, sizeof msg,
            TR(r->lang, "lồng nhau quá sâu (quá %d cấp)", "nested too deeply (over %d levels)"),
            PLAN_MAX_DEPTH);
        fail_at(r, line, col, msg);
        return false;
    }
    if (ev->type == YAML_SCALAR_EVENT && !scalar_clean(r, ev)) return false;
    return true;
}

static void consume(yreader *r)
{
    if (!r->have_ev) return;
    switch (r->ev.type) {
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: r->depth++; break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: r->depth--; break;
    default: break;
    }
    yaml_event_delete(&r->ev);
    r->have_ev = false;
    r->ev_refused = 0;
}

static ynode_type type_of(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: return YN_SCALAR;
    case YAML_SEQUENCE_START_EVENT: return YN_SEQ;
    case YAML_MAPPING_START_EVENT: return YN_MAP;
    default: return YN_NONE;
    }
}

ynode_type yr_begin(yreader *r, int *line, int *col)
{
    *line = *col = 1;
    if (!fetch(r) || r->ev.type != YAML_STREAM_START_EVENT) return YN_NONE;
    consume(r);
    if (!fetch(r) || r->ev.type != YAML_DOCUMENT_START_EVENT) return YN_NONE;
    consume(r);
    return yr_peek(r, line, col);
}

ynode_type yr_peek(yreader *r, int *line, int *col)
{
    if (!fetch(r)) return YN_NONE;
    event_pos(&r->ev, line, col);
    return type_of(&r->ev);
}

bool yr_enter(yreader *r)
{
    if (!fetch(r)) return false;
    if (r->ev.type != YAML_SEQUENCE_START_EVENT && r->ev.type != YAML_MAPPING_START_EVENT)
        return false;
    consume(r);
    return true;
}

static void scalar_into(yreader *r, arena *a, ynode *n)
{
    yaml_event_t *ev = &r->ev;
    memset(n, 0, sizeof *n);
    n->type = YN_SCALAR;
    event_pos(ev, &n->line, &n->col);
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    n->refused = r->ev_refused;
    const char *s = (const char *)ev->data.scalar.value;
    char *nfc = text_nfc(s, ev->data.scalar.length);
    if (!nfc) nfc = xstrdup(""); /* cannot happen: scalar_clean checked UTF-8 */
    n->len = strlen(nfc);
    n->str = arena_strndup(a, nfc, n->len);
    free(nfc);
}

int yr_key(yreader *r, arena *a, ynode *key)
{
    if (!fetch(r)) return -1;
    if (r->ev.type == YAML_MAPPING_END_EVENT) {
        consume(r);
        return 0;
    }
    if (r->ev.type != YAML_SCALAR_EVENT) {
        int line, col;
        event_pos(&r->ev, &line, &col);
        fail_at(r, line, col,
                TR(r->lang, "khóa phải là một chữ, không phải danh sách hay bảng",
                   "a key must be plain text, not a list or a mapping"));
        return -1;
    }
    scalar_into(r, a, key);
    consume(r);
    return 1;
}

bool yr_item(yreader *r)
{
    if (!fetch(r)) return false;
    if (r->ev.type == YAML_SEQUENCE_END_EVENT) {
        consume(r);
        return false;
    }
    return true;
}

ynode *yr_read(yreader *r, arena *a)
{
    if (!fetch(r)) return NULL;
    ynode *n = arena_alloc(a, sizeof *n);
    ynode_type t = type_of(&r->ev);
    if (t == YN_SCALAR) {
        scalar_into(r, a, n);
        consume(r);
        return n;
    }
    if (t == YN_NONE) return NULL;
    memset(n, 0, sizeof *n);
    n->type = t;
    event_pos(&r->ev, &n->line, &n->col);
    consume(r);
    ynode **kids = NULL;
    size_t nkids = 0, cap = 0;
    for (;;) {
        if (!fetch(r)) break;
        if (r->ev.type == YAML_SEQUENCE_END_EVENT || r->ev.type == YAML_MAPPING_END_EVENT) {
            consume(r);
            break;
        }
        if (t == YN_MAP && nkids % 2 == 0 && r->ev.type != YAML_SCALAR_EVENT) {
            int line, col;
            event_pos(&r->ev, &line, &col);
            fail_at(r, line, col,
                    TR(r->lang, "khóa phải là một chữ, không phải danh sách hay bảng",
                       "a key must be plain text, not a list or a mapping"));
            break;
        }
        ynode *kid = yr_read(r, a);
        if (!kid) break;
        KH_GROW(kids, nkids, cap);
        kids[nkids++] = kid;
    }
    if (r->failed) {
        free(kids);
        return NULL;
    }
    n->nkids = nkids;
    n->kids = arena_alloc(a, (nkids ? nkids : 1) * sizeof *n->kids);
    if (nkids) memcpy(n->kids, kids, nkids * sizeof *kids);
    free(kids);
    return n;
}

bool yr_skip(yreader *r)
{
    int level = 0;
    do {
        if (!fetch(r)) return false;
        switch (r->ev.type) {
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: level++; break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT: level--; break;
        default: break;
        }
        consume(r);
    } while (level > 0);
    return true;
}

bool yr_finish(yreader *r)
{
    if (!fetch(r)) return false;
    if (r->ev.type != YAML_DOCUMENT_END_EVENT) return false;
    consume(r);
    if (!fetch(r)) return false;
    if (r->ev.type == YAML_DOCUMENT_START_EVENT) {
        int line, col;
        event_pos(&r->ev, &line, &col);
        fail_at(r, line, col,
                TR(r->lang,
                   "tệp chỉ được chứa một kế hoạch (một tài liệu YAML); thấy thêm tài liệu thứ hai",
                   "the file must hold one plan (one YAML document); found a second document"));
        return false;
    }
    consume(r);
    return true;
}
