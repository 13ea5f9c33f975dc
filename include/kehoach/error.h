/* error: status codes shared by every layer, with their words in both
 * languages, and the UI language itself. */
#ifndef KEHOACH_ERROR_H
#define KEHOACH_ERROR_H

typedef enum { KH_LANG_VI = 0, KH_LANG_EN = 1 } kh_lang;

/* Pick the Vietnamese or the English literal; both are checked as formats. */
#define TR(lang, vi, en) ((lang) == KH_LANG_EN ? (en) : (vi))

#define KH_ERRORS(X)                                                                                                                     \
    X(OK, "thành công", "success")                                                                                                       \
    X(USAGE, "sai cách dùng", "usage error")                                                                                             \
    X(INVALID, "giá trị không hợp lệ", "invalid value")                                                                                  \
    X(NOT_FOUND, "không tìm thấy", "not found")                                                                                          \
    X(PLAN, "tệp kế hoạch có lỗi", "the plan file has errors")                                                                           \
    X(IO, "lỗi đọc/ghi tệp", "file input/output error")                                                                                  \
    X(DB_OPEN, "không mở được cơ sở dữ liệu", "cannot open the database")                                                                \
    X(DB_MISSING, "không có tệp cơ sở dữ liệu này", "there is no such database file")                                                    \
    X(DB_PERM, "không có quyền ghi cơ sở dữ liệu", "no permission to write the database")                                                \
    X(DB_BUSY, "cơ sở dữ liệu đang bận (người khác đang ghi)",                                                                           \
      "the database is busy (someone else is writing)")                                                                                  \
    X(DB_READONLY, "cơ sở dữ liệu chỉ cho đọc", "the database is read-only")                                                             \
    X(DB_FULL, "đĩa đầy hoặc tệp vượt giới hạn kích thước",                                                                              \
      "the disk is full or the file is too large")                                                                                       \
    X(DB_CORRUPT, "cơ sở dữ liệu bị hỏng", "the database is corrupt")                                                                    \
    X(DB_NOTADB, "tệp không phải cơ sở dữ liệu SQLite", "the file is not an SQLite database")                                            \
    X(DB_FOREIGN, "tệp là cơ sở dữ liệu SQLite nhưng không phải của kehoach (hoặc đã bị hỏng)",                                          \
      "the file is an SQLite database, but not kehoach's (or it is damaged)")                                                            \
    X(DB_LINK,                                                                                                                           \
      "tệp trống nằm sau một liên kết tượng trưng; kehoach chỉ tạo cơ sở dữ liệu mới trong tệp "           \
      "được chỉ thẳng",                                                                                                                  \
      "an empty file behind a symbolic link; kehoach makes a new database only in a file named "                                         \
      "directly")                                                                                                                        \
    X(DB_NEWER, "cơ sở dữ liệu do một phiên bản kehoach mới hơn tạo ra",                                                                 \
      "the database was made by a newer version of kehoach")                                                                             \
    X(DB_NOWAL,                                                                                                                          \
      "cơ sở dữ liệu nằm trên ổ mạng hoặc không dùng được chế độ WAL; hãy đặt nó trên ổ đĩa của " \
      "máy chủ",                                                                                                                         \
      "the database is on a network file system, or WAL is not available; keep it on the "                                               \
      "server's own disk")                                                                                                               \
    X(DB, "lỗi cơ sở dữ liệu", "database error")                                                                                         \
    X(CONFLICT, "nhiệm vụ vừa được người khác thay đổi",                                                                                 \
      "the task was just changed by someone else")                                                                                       \
    X(DENIED, "bạn không có quyền sửa nhiệm vụ này", "you may not change this task")                                                     \
    X(DOC, "không đọc được văn bản", "cannot read the document")                                                                         \
    X(TOOL, "thiếu chương trình chuyển đổi văn bản", "a document converter is missing")                                                  \
    X(CONFIRM_NONE, "nhiệm vụ này không cần xác nhận hoàn thành",                                                                        \
      "this task needs no confirmation of completion")                                                                                   \
    X(CONFIRM_NOT_DONE, "nhiệm vụ chưa được báo hoàn thành: không có gì để xác nhận",                                                    \
      "the task is not reported done: there is nothing to confirm")                                                                      \
    X(CONFIRM_DENIED, "bạn không thuộc đơn vị xác nhận hoàn thành nhiệm vụ này",                                                         \
      "you are not of the unit that confirms this task's completion")                                                                    \
    X(SERVER_CONF, "cấu hình máy chủ kehoach sai hoặc không an toàn",                                                                    \
      "the kehoach server configuration is wrong or unsafe")                                                                             \
    X(CHAIN, "lịch sử đã bị sửa ngoài kehoach (chuỗi băm không khớp)",                                                                   \
      "the history was changed outside kehoach (the hash chain does not match)")                                                         \
    X(ATTACH_TOO_BIG, "tệp quá lớn để đính kèm (tối đa 50 MiB)",                                                                         \
      "the file is too large to attach (at most 50 MiB)")                                                                                \
    X(ATTACH_MISSING, "tệp đính kèm không còn trong thư mục đính kèm",                                                                   \
      "the attached file is no longer in the attachments folder")                                                                        \
    X(ATTACH_CHANGED, "tệp đính kèm đã bị thay đổi (mã SHA-256 không khớp); không lấy ra",                                               \
      "the attached file was changed (its SHA-256 does not match); not given back")

typedef enum {
#define KH_ERROR_ENUM(name, vi, en) KH_E_##name,
    KH_ERRORS(KH_ERROR_ENUM)
#undef KH_ERROR_ENUM
} kh_errcode;

/* Why, more exactly than the code: what a caller may act on without reading
 * the detail text. */
typedef enum {
    KH_R_NONE = 0,
    KH_R_CHANGED_SINCE,   /* KH_E_CONFLICT: someone changed the task since (who, when) */
    KH_R_NOTHING_TO_UNDO, /* KH_E_NOT_FOUND: the user has no change left to undo */
    KH_R_TASK_GONE,       /* KH_E_NOT_FOUND: the change's task is no longer in the plan */
    KH_R_IMPORTED,        /* KH_E_NOT_FOUND: the change came with the plan file (its history:) */
} kh_reason;

/* An error: its code, its reason, who changed what it is about and when
 * (for KH_R_CHANGED_SINCE; "" and 0 otherwise), and details (a path,
 * SQLite's words) for a person. */
typedef struct {
    kh_errcode code;
    kh_reason reason;
    char who[64];
    long long when; /* Unix time, 0 when not known */
    char detail[512];
} kh_error;

/* Return the words for code in lang. */
const char *kh_strerror(kh_errcode code, kh_lang lang);

/* Set the language kh_strerrno words errno values in (the UI's, once its
 * options are read; Vietnamese until then). */
void kh_errno_lang(kh_lang lang);

/* Return the language kh_errno_lang set (for other words of the system's,
 * such as the store's for SQLite's codes). */
kh_lang kh_errno_lang_now(void);

/* Return the words for errno value errnum in the language kh_errno_lang set:
 * in Vietnamese for the common ones (ENOENT, EACCES, ENOSPC, EROFS, EEXIST,
 * ENOTDIR, EISDIR, ELOOP, EPERM, EBUSY, EIO, EDQUOT, EFBIG, ENAMETOOLONG,
 * EMFILE, ENFILE, ENOMEM, EXDEV, ENOTEMPTY, ENXIO, ETXTBSY, ENOEXEC, EINVAL,
 * EAGAIN), else strerror's. Use it wherever a
 * message shows errno, in place of strerror. */
const char *kh_strerrno(int errnum);

/* Set *e (when not NULL) to code with printf-formatted details; return code. */
kh_errcode kh_error_set(kh_error *e, kh_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Set *e (when not NULL) to code with reason, who and when (Unix time, 0:
 * not known) as fields and no detail; return code. */
kh_errcode kh_error_by(kh_error *e, kh_errcode code, kh_reason reason, const char *who,
                       long long when);

/* Write who and when of e as a person reads them ("bob, 15/07/2023 10:20";
 * "bob, " when the time is not known) into buf (n bytes); return buf. */
char *kh_error_who_when(const kh_error *e, char *buf, unsigned long n);

#endif
