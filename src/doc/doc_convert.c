/* .doc (and RTF) through LibreOffice, .pdf through poppler's pdftotext:
 * each run from $PATH with an argument vector (no shell), in a private
 * temporary folder that is its home and LibreOffice profile too, its input
 * a copy named by us, its output read back and the folder removed; killed,
 * with everything it started, after DOC_CONVERT_SECONDS. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "doc_int.h"

/* Return the tool's path in $PATH (heap), or NULL. */
static char *find_tool(const char *name)
{
    const char *path = getenv("PATH");
    if (!path || !*path) path = "/usr/bin:/bin";
    const char *p = path;
    while (*p) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n) {
            char *full = xasprintf("%.*s/%s", (int)n, p, name);
            struct stat st;
            if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0) return full;
            free(full);
        }
        if (!e) break;
        p = e + 1;
    }
    return NULL;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

static void rm_tree(const char *dir)
{
    nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static kh_errcode copy_file(const char *from, const char *to, kh_lang lang, kh_error *err)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return kh_error_set(err, KH_E_IO, TR(lang, "không mở được %s: %s", "cannot open %s: %s"),
                            from, kh_strerrno(errno));
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
        close(in);
        return kh_error_set(err, KH_E_IO, "%s: %s", to, kh_strerrno(errno));
    }
    char buf[65536];
    kh_errcode rc = KH_E_OK;
    size_t total = 0;
    for (;;) {
        ssize_t k = read(in, buf, sizeof buf);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) {
            if (k < 0) rc = kh_error_set(err, KH_E_IO, "%s: %s", from, kh_strerrno(errno));
            break;
        }
        total += (size_t)k;
        if (total > DOC_MAX_FILE) {
            rc = kh_error_set(
                err, KH_E_DOC, "%s",
                TR(lang, "tệp quá lớn (tối đa 64 MiB)", "the file is too large (at most 64 MiB)"));
            break;
        }
        if (write(out, buf, (size_t)k) != k) {
            rc = kh_error_set(err, KH_E_IO, "%s: %s", to, kh_strerrno(errno));
            break;
        }
    }
    close(in);
    if (close(out) != 0 && !rc) rc = kh_error_set(err, KH_E_IO, "%s: %s", to, kh_strerrno(errno));
    return rc;
}

/* Run argv[0] (at tool) in dir; return its exit status, -1 when it could
 * not start, -2 when it was killed for taking too long. */
static int run(const char *tool, char *const argv[], const char *dir, const char *log)
{
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        setpgid(0, 0);
        int null = open("/dev/null", O_RDONLY);
        int lg = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (null >= 0) dup2(null, 0);
        if (lg >= 0) {
            dup2(lg, 1);
            dup2(lg, 2);
        }
        if (chdir(dir) != 0) _exit(126);
        setenv("HOME", dir, 1);
        setenv("TMPDIR", dir, 1);
        unsetenv("DISPLAY");
        execv(tool, argv);
        _exit(127);
    }
    setpgid(pid, pid);
    struct timespec start, now, nap = {0, 20 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    int status = 0;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) return -1;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= DOC_CONVERT_SECONDS) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -2;
        }
        nanosleep(&nap, NULL);
    }
    kill(-pid, SIGKILL); /* whatever it left running (soffice's helpers) */
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static bool log_says(const char *log, const char *word)
{
    FILE *f = fopen(log, "r");
    if (!f) return false;
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return strcasestr(buf, word) != NULL;
}

static kh_errcode read_out(const char *path, kh_lang lang, char **buf, size_t *len, kh_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return KH_E_NOT_FOUND;
    strbuf sb = STRBUF_INIT;
    char chunk[65536];
    kh_errcode rc = KH_E_OK;
    for (;;) {
        ssize_t k = read(fd, chunk, sizeof chunk);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        sb_add(&sb, chunk, (size_t)k);
        if (sb.len > DOC_MAX_FILE) {
            rc = kh_error_set(err, KH_E_DOC, "%s",
                              TR(lang, "văn bản chuyển đổi ra quá lớn (tối đa 64 MiB)",
                                 "the converted document is too large (at most 64 MiB)"));
            break;
        }
    }
    close(fd);
    if (rc) {
        sb_done(&sb);
        return rc;
    }
    *len = sb.len;
    *buf = sb_take(&sb);
    return KH_E_OK;
}

kh_errcode doc_convert(const char *path, doc_format from, kh_lang lang, char **buf, size_t *len,
                       kh_error *err)
{
    *buf = NULL;
    *len = 0;
    bool doc = from == DOC_DOC;
    const char *name = doc ? "soffice" : "pdftotext";
    const char *package = doc ? "libreoffice-writer-nogui" : "poppler-utils";
    char *tool = find_tool(name);
    if (!tool)
        return kh_error_set(
            err, KH_E_TOOL,
            TR(lang,
               "cần chương trình %s để đọc tệp %s nhưng máy không có; hãy cài gói Debian %s "
               "(sudo apt install %s), hoặc lưu văn bản dưới dạng .docx",
               "reading a %s file needs %s, which this machine does not have; install the "
               "Debian package %s (sudo apt install %s), or save the document as .docx"),
            doc ? name : name, doc ? ".doc" : ".pdf", package, package);
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/kehoach-import.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        kh_errcode rc = kh_error_set(err, KH_E_IO, "%s: %s", dir, kh_strerrno(errno));
        free(dir);
        free(tool);
        return rc;
    }
    char *input = xasprintf("%s/input.%s", dir, doc ? "doc" : "pdf");
    char *output = xasprintf("%s/input.%s", dir, doc ? "docx" : "txt");
    char *log = xasprintf("%s/log", dir);
    char *profile = xasprintf("-env:UserInstallation=file://%s/profile", dir);
    kh_errcode rc = copy_file(path, input, lang, err);
    if (!rc) {
        char a_soffice[] = "soffice", a_headless[] = "--headless", a_norestore[] = "--norestore",
             a_nologo[] = "--nologo", a_nolock[] = "--nolockcheck", a_conv[] = "--convert-to",
             a_docx[] = "docx", a_outdir[] = "--outdir", a_pdftotext[] = "pdftotext",
             a_layout[] = "-layout", a_enc[] = "-enc", a_utf8[] = "UTF-8", a_q[] = "-q";
        char *sargv[] = {a_soffice, a_headless, a_norestore, a_nologo, a_nolock, profile,
                         a_conv,    a_docx,     a_outdir,    dir,      input,    NULL};
        char *pargv[] = {a_pdftotext, a_layout, a_enc, a_utf8, a_q, input, output, NULL};
        int st = run(tool, doc ? sargv : pargv, dir, log);
        if (st == -2)
            rc = kh_error_set(err, KH_E_DOC,
                              TR(lang, "%s chạy quá %d giây; đã dừng nó",
                                 "%s ran over %d seconds; it was stopped"),
                              name, DOC_CONVERT_SECONDS);
        else if (st == -1)
            rc = kh_error_set(err, KH_E_TOOL,
                              TR(lang, "không chạy được %s: %s", "cannot run %s: %s"), tool,
                              kh_strerrno(errno));
        else if (!doc && (log_says(log, "password") || st == 3))
            rc =
                kh_error_set(err, KH_E_DOC, "%s",
                             TR(lang, "tệp PDF được bảo vệ bằng mật khẩu; hãy bỏ mật khẩu rồi nhập",
                                "the PDF is protected by a password; remove it, then import"));
        else if (st != 0)
            rc = kh_error_set(err, KH_E_DOC,
                              TR(lang, "%s không chuyển đổi được tệp (mã thoát %d)",
                                 "%s could not convert the file (exit status %d)"),
                              name, st);
        if (!rc) {
            rc = read_out(output, lang, buf, len, err);
            if (rc == KH_E_NOT_FOUND)
                rc = kh_error_set(err, KH_E_DOC,
                                  TR(lang,
                                     "%s không tạo ra văn bản (tệp có được bảo vệ bằng mật "
                                     "khẩu, hay không phải văn bản?)",
                                     "%s made no document (is the file protected by a "
                                     "password, or not a text document?)"),
                                  name);
        }
    }
    rm_tree(dir);
    free(profile);
    free(log);
    free(output);
    free(input);
    free(dir);
    free(tool);
    return rc;
}
