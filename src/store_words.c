/* The words for SQLite's result codes, in place of sqlite3_errmsg's English:
 * by the primary code (rc & 0xff), Vietnamese unless the UI is in English.
 * Only the codes' numbers come from SQLite here: nothing is called. */
#include "store_words.h"

#include <stdio.h>

#include "kehoach/error.h"
#include "store_int.h"

/* Return the words for primary result code primary in lang. */
static const char *words_of(int primary, kh_lang lang)
{
    switch (primary) {
    case SQLITE_ERROR: return TR(lang, "lỗi khi truy vấn cơ sở dữ liệu", "database query error");
    case SQLITE_INTERNAL: return TR(lang, "lỗi bên trong SQLite", "internal SQLite error");
    case SQLITE_PERM: return TR(lang, "không được phép truy cập", "access not permitted");
    case SQLITE_ABORT: return TR(lang, "thao tác bị hủy giữa chừng", "operation aborted");
    case SQLITE_BUSY:
        return TR(lang, "tệp đang bị một tiến trình khác khóa",
                  "the file is locked by another process");
    case SQLITE_LOCKED: return TR(lang, "một bảng đang bị khóa", "a table is locked");
    case SQLITE_NOMEM: return TR(lang, "hết bộ nhớ", "out of memory");
    case SQLITE_READONLY:
        return TR(lang, "không ghi được vào tệp chỉ cho đọc", "cannot write a read-only file");
    case SQLITE_INTERRUPT: return TR(lang, "thao tác bị ngắt", "operation interrupted");
    case SQLITE_IOERR: return TR(lang, "lỗi đọc/ghi đĩa", "disk read/write error");
    case SQLITE_CORRUPT: return TR(lang, "cấu trúc tệp bị hỏng", "the file's structure is damaged");
    case SQLITE_NOTFOUND: return TR(lang, "không tìm thấy", "not found");
    case SQLITE_FULL:
        return TR(lang, "đĩa đầy hoặc tệp quá lớn", "the disk is full or the file too large");
    case SQLITE_CANTOPEN: return TR(lang, "không mở được tệp", "cannot open the file");
    case SQLITE_PROTOCOL: return TR(lang, "lỗi khi khóa tệp", "file locking error");
    case SQLITE_SCHEMA:
        return TR(lang, "cấu trúc cơ sở dữ liệu vừa thay đổi", "the database schema changed");
    case SQLITE_TOOBIG: return TR(lang, "dữ liệu quá lớn", "data too large");
    case SQLITE_CONSTRAINT:
        return TR(lang, "dữ liệu trái ràng buộc của cơ sở dữ liệu", "a constraint failed");
    case SQLITE_MISMATCH: return TR(lang, "sai kiểu dữ liệu", "data type mismatch");
    case SQLITE_MISUSE: return TR(lang, "dùng SQLite sai cách", "SQLite misused");
    case SQLITE_NOLFS:
        return TR(lang, "hệ thống không hỗ trợ tệp lớn", "large files not supported");
    case SQLITE_AUTH: return TR(lang, "bị từ chối quyền", "authorization denied");
    case SQLITE_RANGE: return TR(lang, "tham số ngoài phạm vi", "parameter out of range");
    case SQLITE_NOTADB:
        return TR(lang, "tệp không phải cơ sở dữ liệu", "the file is not a database");
    default: return TR(lang, "lỗi của SQLite", "SQLite error");
    }
}

char *store_sqlite_words(int rc, char *buf, size_t n)
{
    kh_lang lang = kh_errno_lang_now();
    snprintf(buf, n, TR(lang, "%s (mã SQLite %d)", "%s (SQLite code %d)"),
             words_of(rc & 0xff, lang), rc);
    return buf;
}

const char *store_sqlite_lines(strbuf *sb)
{
    for (size_t i = 0; i < sb->len; i++)
        if (sb->data[i] == '\n' || sb->data[i] == '\r') sb->data[i] = ' ';
    return sb_str(sb);
}
