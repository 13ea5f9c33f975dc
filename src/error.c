#include "kehoach/error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kehoach/date.h"

const char *kh_strerror(kh_errcode code, kh_lang lang)
{
    switch (code) {
#define KH_ERROR_CASE(name, vi, en)                                                                \
    case KH_E_##name: return TR(lang, vi, en);
        KH_ERRORS(KH_ERROR_CASE)
#undef KH_ERROR_CASE
    }
    return "?";
}

static kh_lang errno_lang = KH_LANG_VI;

void kh_errno_lang(kh_lang lang)
{
    errno_lang = lang;
}

kh_lang kh_errno_lang_now(void)
{
    return errno_lang;
}

const char *kh_strerrno(int errnum)
{
    if (errno_lang == KH_LANG_VI) switch (errnum) {
        case ENOENT: return "không có tệp hoặc thư mục này";
        case EACCES: return "không có quyền truy cập";
        case ENOSPC: return "đĩa đã đầy";
        case EROFS: return "ổ đĩa chỉ cho đọc";
        case EEXIST: return "tệp đã có";
        case ENOTDIR: return "không phải thư mục";
        case EISDIR: return "là một thư mục";
        case ELOOP: return "là liên kết tượng trưng, hoặc có quá nhiều liên kết lồng nhau";
        case EPERM: return "thao tác không được phép";
        case EBUSY: return "tệp hoặc thiết bị đang bận";
        case EIO: return "lỗi đọc/ghi thiết bị";
        case EDQUOT: return "vượt hạn mức dung lượng đĩa";
        case EFBIG: return "tệp quá lớn";
        case ENAMETOOLONG: return "tên tệp quá dài";
        case EMFILE:
        case ENFILE: return "quá nhiều tệp đang mở";
        case ENOMEM: return "hết bộ nhớ";
        case EXDEV: return "không chuyển được sang ổ đĩa khác";
        case ENOTEMPTY: return "thư mục không trống";
        case ENXIO: return "không có thiết bị hoặc đầu đọc";
        case ETXTBSY: return "tệp chương trình đang được dùng";
        case ENOEXEC: return "không phải tệp chương trình chạy được";
        case EINVAL: return "đối số không hợp lệ";
        case EAGAIN: return "tạm thời không làm được, hãy thử lại";
        default: break;
        }
    return strerror(errnum);
}

kh_errcode kh_error_set(kh_error *e, kh_errcode code, const char *fmt, ...)
{
    if (e) {
        e->code = code;
        e->reason = KH_R_NONE;
        e->who[0] = '\0';
        e->when = 0;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->detail, sizeof e->detail, fmt, ap);
        va_end(ap);
    }
    return code;
}

kh_errcode kh_error_by(kh_error *e, kh_errcode code, kh_reason reason, const char *who,
                       long long when)
{
    if (e) {
        e->code = code;
        e->reason = reason;
        snprintf(e->who, sizeof e->who, "%s", who ? who : "");
        e->when = when;
        e->detail[0] = '\0';
    }
    return code;
}

char *kh_error_who_when(const kh_error *e, char *buf, unsigned long n)
{
    char at[17] = "";
    if (e->when) date_format_local_time((time_t)e->when, at);
    snprintf(buf, n, "%s, %s", e->who, at);
    return buf;
}
