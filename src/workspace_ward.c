/* A ward's workspace: `ward: ID` in its workspace.yaml, written by
 * `kehoach init --ward ID`. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kehoach/workspace.h"

bool workspace_ward_id_ok(const char *s)
{
    size_t n = strlen(s);
    if (!n || n > 64 || s[0] == '-') return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return false;
    return true;
}

kh_errcode workspace_set_ward(const char *dir, const char *ward, kh_lang lang, kh_error *err)
{
    char *path = xasprintf("%s/workspace.yaml", dir);
    kh_ws_settings s;
    kh_diags d = {0};
    kh_errcode rc = plan_workspace_load(path, lang, &s, &d);
    if (rc) {
        kh_error_set(err, rc, "%s: %s", path, d.n ? d.v[0].msg : "?");
        diags_free(&d);
        free(path);
        return rc;
    }
    diags_free(&d);
    if (s.ward) {
        rc = strcmp(s.ward, ward) ? kh_error_set(err, KH_E_INVALID,
                                                 TR(lang,
                                                    "%s đã ghi ward: %s; sửa tệp nếu thật sự "
                                                    "muốn đổi",
                                                    "%s names ward: %s already; edit the file "
                                                    "to change it"),
                                                 path, s.ward)
                                  : KH_E_OK;
        plan_workspace_free(&s);
        free(path);
        return rc;
    }
    plan_workspace_free(&s);
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0) {
        rc = kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno));
        free(path);
        return rc;
    }
    /* A newline first when the file does not end with one. */
    char last = '\n';
    off_t end = lseek(fd, 0, SEEK_END);
    if (end > 0 && pread(fd, &last, 1, end - 1) != 1) last = '\n';
    char *text = xasprintf("%s%s%s\n", last == '\n' ? "" : "\n",
                           TR(lang,
                              "\n# Phường/xã của không gian làm việc này (mã như trong groups: của "
                              "kế hoạch tỉnh):\n# chỉ theo dõi việc tỉnh giao cho mình.\nward: ",
                              "\n# The ward (or commune) this workspace is (an id of the province "
                              "plan's groups:):\n# it tracks only what is assigned to it.\nward: "),
                           ward);
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break;
        done += (size_t)w;
    }
    if (done < len || fsync(fd) != 0)
        rc = kh_error_set(err, KH_E_IO, "%s: %s", path, kh_strerrno(errno ? errno : EIO));
    close(fd);
    free(text);
    free(path);
    return rc;
}
