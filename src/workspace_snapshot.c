/* From the ward to the province: `snapshot` (a ward's state in one file)
 * and `receive` (the province takes one in, checked completely, by an
 * atomic rename into DIR/wards/ID.snapshot). The SQL is in
 * store_snapshot.c; here the files, the hashes and the checks. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hash_dl.h"
#include "kehoach/paths.h"
#include "kehoach/store_snapshot.h"
#include "kehoach/workspace.h"

/* Add the bytes of the file at path to ctx. Return false when it cannot be read. */
static bool hash_file(struct sha256_ctx *ctx, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    char buf[65536];
    ssize_t r;
    while ((r = read(fd, buf, sizeof buf)) != 0) {
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            close(fd);
            return false;
        }
        sha256_update(ctx, (size_t)r, (const uint8_t *)buf);
    }
    close(fd);
    return true;
}

/* The plan's SHA-256, as hex: of its file, and when `groups:` reads members
 * from files, of each one's name and its bytes after it (a changed member
 * file is another plan). Return false when a file cannot be read. */
static bool plan_sha256(const kh_plan *p, char hex[65])
{
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    if (!hash_file(&ctx, p->path)) return false;
    for (size_t i = 0; i < p->nmember_files; i++) {
        const char *f = p->member_files[i];
        const char *slash = strrchr(f, '/');
        const char *name = slash ? slash + 1 : f;
        sha256_update(&ctx, strlen(name) + 1, (const uint8_t *)name);
        if (!hash_file(&ctx, f)) return false;
    }
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_digest(&ctx, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return true;
}

char *workspace_snapshot_path(const kh_workspace *ws, const char *ward)
{
    return xasprintf("%s/%s/%s%s", ws->dir, WS_WARDS_DIR, ward, WS_SNAPSHOT_SUFFIX);
}

/* Make the snapshot in tmp (not there yet). */
static kh_errcode snapshot_into(kh_workspace *ws, const char *tmp, kh_error *err)
{
    kh_errcode dl = hash_dl_load(err); /* libnettle, for plan_sha256 */
    if (dl) return dl;
    kh_snapshot_info info = {0};
    info.ward = ws->settings.ward;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    info.made_at = (int64_t)now.tv_sec;
    info.made_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    info.plans = xcalloc(ws->nplans + 1, sizeof *info.plans);
    kh_errcode rc = KH_E_OK;
    for (size_t i = 0; i < ws->nplans && !rc; i++) {
        const kh_plan *p = ws->plans[i].plan;
        info.plans[i].id = xstrdup(p->id);
        if (!plan_sha256(p, info.plans[i].sha256))
            rc = kh_error_set(err, KH_E_IO, "%s: %s", p->path, kh_strerrno(errno));
    }
    info.nplans = ws->nplans;
    if (!rc) rc = store_snapshot_write(ws->store, tmp, &info, err);
    for (size_t i = 0; i < ws->nplans; i++) free(info.plans[i].id);
    free(info.plans);
    return rc;
}

kh_errcode workspace_snapshot(kh_workspace *ws, const char *dest, kh_error *err)
{
    kh_lang lang = ws->lang;
    if (!ws->settings.ward)
        return kh_error_set(err, KH_E_INVALID,
                            TR(lang,
                               "%s không phải không gian làm việc của một phường/xã: tạo bằng "
                               "kehoach --workspace %s init --ward MÃ",
                               "%s is not the workspace of a ward: make it with kehoach "
                               "--workspace %s init --ward ID"),
                            ws->dir, ws->dir);
    if (!ws->store) {
        kh_errcode rc = workspace_open_store(ws, NULL, false, err);
        if (rc) return rc;
    }
    /* "-", or a device or a pipe (/dev/stdout): made in a folder of its own,
     * then copied out; a file renamed over a device would replace it. */
    bool to_stdout = !strcmp(dest, "-") || paths_in_place(dest);
    char *tmp;
    char *tmpdir = NULL;
    if (to_stdout) {
        const char *t = getenv("TMPDIR");
        char *tmpl = xasprintf("%s/kehoach-snapshot-XXXXXX", t && *t ? t : "/tmp");
        tmpdir = mkdtemp(tmpl);
        if (!tmpdir) {
            kh_errcode rc = kh_error_set(err, KH_E_IO, "%s: %s", tmpl, kh_strerrno(errno));
            free(tmpl);
            return rc;
        }
        tmp = xasprintf("%s/s", tmpdir);
    } else {
        tmp = xasprintf("%s.%ld.tmp", dest, (long)getpid());
        unlink(tmp);
    }
    kh_errcode rc = snapshot_into(ws, tmp, err);
    if (!rc && to_stdout) {
        int fd = open(tmp, O_RDONLY | O_CLOEXEC);
        bool dash = !strcmp(dest, "-");
        int out = dash ? STDOUT_FILENO : open(dest, O_WRONLY | O_CLOEXEC | O_NOCTTY);
        char buf[65536];
        ssize_t r = 0;
        while (fd >= 0 && out >= 0 && (r = read(fd, buf, sizeof buf)) != 0) {
            if (r < 0 && errno == EINTR) continue;
            if (r < 0 || !fd_write_all(out, buf, (size_t)r)) break;
        }
        if (fd < 0 || out < 0 || r != 0)
            rc = kh_error_set(err, KH_E_IO, "%s: %s", fd < 0 ? tmp : dest, kh_strerrno(errno));
        if (fd >= 0) close(fd);
        if (!dash && out >= 0 && close(out) != 0 && !rc)
            rc = kh_error_set(err, KH_E_IO, "%s: %s", dest, kh_strerrno(errno));
    } else if (!rc && rename(tmp, dest) != 0) {
        rc = kh_error_set(err, KH_E_IO, "%s: %s", dest, kh_strerrno(errno));
    }
    unlink(tmp);
    if (tmpdir) rmdir(tmpdir);
    free(tmpdir);
    free(tmp);
    return rc;
}

/* ---- receive ---- */

bool workspace_has_member(const kh_workspace *ws, const char *ward)
{
    for (size_t i = 0; i < ws->nplans; i++) {
        const kh_plan *p = ws->plans[i].plan;
        for (size_t k = 0; k < p->ntasks; k++) {
            const char *m = model_task_member(&p->tasks[k]);
            if (m && !strcmp(m, ward)) return true;
        }
    }
    return false;
}

/* Copy fd into a new file at tmp. Return KH_E_OK or an error. */
static kh_errcode take_in(int fd, const char *tmp, kh_lang lang, kh_error *err)
{
    int out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (out < 0) return kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
    char buf[65536];
    int64_t total = 0;
    kh_errcode rc = KH_E_OK;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            rc = kh_error_set(err, KH_E_IO, "%s", kh_strerrno(errno));
            break;
        }
        if (r == 0) break;
        total += r;
        if (total > WS_SNAPSHOT_MAX) {
            rc = kh_error_set(err, KH_E_INVALID,
                              TR(lang, "bản chụp lớn quá %d MiB", "the snapshot is over %d MiB"),
                              WS_SNAPSHOT_MAX >> 20);
            break;
        }
        if (!fd_write_all(out, buf, (size_t)r)) {
            rc = kh_error_set(err, KH_E_IO, "%s: %s", tmp, kh_strerrno(errno));
            break;
        }
    }
    if (!rc && total == 0)
        rc = kh_error_set(err, KH_E_INVALID, "%s",
                          TR(lang, "không nhận được gì: bản chụp trống",
                             "nothing came in: the snapshot is empty"));
    if (!rc && fsync(out) != 0) rc = kh_error_set(err, KH_E_IO, "%s: fsync", tmp);
    close(out);
    return rc;
}

/* Return buf holding the local time t as dd/mm/yyyy hh:mm:ss (seconds: two
 * snapshots of one minute are told apart). */
static const char *local_seconds(int64_t t, char buf[24])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!localtime_r(&tt, &tm) || !strftime(buf, 24, "%d/%m/%Y %H:%M:%S", &tm)) buf[0] = 0;
    return buf;
}

/* Check the file at tmp as the snapshot of ward for this province, after
 * old (the one received before, or NULL). */
static kh_errcode check_against(const kh_workspace *ws, const char *ward, const char *tmp,
                                const kh_snapshot_info *old, kh_error *err)
{
    kh_errcode dl = hash_dl_load(err); /* libnettle, for plan_sha256 */
    if (dl) return dl;
    kh_lang lang = ws->lang;
    kh_snapshot_info in;
    kh_error why = {0};
    /* The new one's history must go on from the old one's chain head (a
     * ward's history is never rewritten, nor an older copy of its database
     * put back, under what the province already has). */
    int64_t after_seq = old ? old->chain_seq : 0;
    kh_errcode rc =
        store_snapshot_read_after(tmp, after_seq, old ? old->chain_head : NULL, &in, &why);
    if (rc == KH_E_DB_FOREIGN)
        return kh_error_set(err, KH_E_INVALID, "%s",
                            TR(lang, "tệp không phải bản chụp của kehoach (kehoach snapshot)",
                               "the file is not a kehoach snapshot (kehoach snapshot)"));
    if (rc)
        return kh_error_set(err, KH_E_INVALID,
                            TR(lang, "bản chụp không dùng được (bị cắt ngắn hoặc hỏng: %s — %s)",
                               "the snapshot cannot be used (cut short or damaged: %s — %s)"),
                            kh_strerror(rc, lang), why.detail);
    if (strcmp(in.ward, ward) != 0) {
        rc = kh_error_set(err, KH_E_INVALID,
                          TR(lang, "bản chụp là của phường/xã '%s', không phải của '%s'",
                             "the snapshot is ward '%s''s, not '%s''s"),
                          in.ward, ward);
    } else if (in.schema > STORE_SCHEMA_VERSION || in.format > SNAPSHOT_FORMAT) {
        rc = kh_error_set(err, KH_E_INVALID,
                          TR(lang,
                             "bản chụp do kehoach mới hơn làm (lược đồ %d, ở đây %d): hãy nâng "
                             "cấp kehoach của tỉnh",
                             "the snapshot was made by a newer kehoach (schema %d, here %d): "
                             "upgrade the province's kehoach"),
                          in.schema, STORE_SCHEMA_VERSION);
    }
    /* Every plan of the province that assigns tasks to the ward is in it. */
    for (size_t k = 0; k < ws->nplans && !rc; k++) {
        const kh_plan *p = ws->plans[k].plan;
        bool assigns = false, has = false;
        for (size_t t = 0; t < p->ntasks && !assigns; t++) {
            const char *m = model_task_member(&p->tasks[t]);
            assigns = m && !strcmp(m, ward);
        }
        for (size_t i = 0; i < in.nplans && !has; i++) has = !strcmp(in.plans[i].id, p->id);
        if (assigns && !has)
            rc = kh_error_set(err, KH_E_INVALID,
                              TR(lang,
                                 "bản chụp của '%s' không có kế hoạch %s của tỉnh: hãy chép tệp "
                                 "kế hoạch tỉnh gửi vào không gian làm việc của phường/xã",
                                 "the snapshot of '%s' has no plan %s of the province: copy the "
                                 "plan file the province sent into the ward's workspace"),
                              ward, p->id);
    }
    /* Every plan of the province the ward follows must be the same file. */
    for (size_t i = 0; i < in.nplans && !rc; i++) {
        long k = workspace_find_plan(ws, in.plans[i].id);
        if (k < 0) continue; /* the ward's own plan */
        char mine[65];
        if (!plan_sha256(ws->plans[k].plan, mine)) continue;
        if (strcmp(mine, in.plans[i].sha256) != 0)
            rc = kh_error_set(err, KH_E_INVALID,
                              TR(lang,
                                 "kế hoạch %s của phường/xã '%s' khác tệp của tỉnh (sha256 "
                                 "%.12s… ≠ %.12s…): phường/xã phải giữ đúng tệp kế hoạch tỉnh gửi",
                                 "plan %s of ward '%s' is not the province's file (sha256 %.12s… "
                                 "≠ %.12s…): the ward must keep the plan file the province sent"),
                              in.plans[i].id, ward, in.plans[i].sha256, mine);
    }
    if (!rc) {
        /* kehoach's own reader must take it as the viewers will. */
        kh_store *s = NULL;
        kh_error e2 = {0};
        kh_errcode o = store_open(tmp, STORE_READ_ONLY, &s, &e2);
        if (o)
            rc = kh_error_set(err, KH_E_INVALID,
                              TR(lang, "bản chụp không mở được như cơ sở dữ liệu: %s — %s",
                                 "the snapshot does not open as a database: %s — %s"),
                              kh_strerror(o, lang), e2.detail);
        if (s) store_close(s);
    }
    if (!rc && in.chain.problem == CHAIN_OLDER) {
        rc = kh_error_set(err, KH_E_INVALID,
                          TR(lang,
                             "lịch sử trong bản chụp của '%s' không nối tiếp bản đã nhận (bản ghi "
                             "%lld của chuỗi băm không còn như trước): cơ sở dữ liệu của phường/xã "
                             "đã bị thay bằng bản cũ hoặc bị sửa",
                             "the history in the snapshot of '%s' does not go on from the one "
                             "received (link %lld of the hash chain is not as it was): the ward's "
                             "database was replaced by an older copy or changed"),
                          ward, (long long)after_seq);
    } else if (!rc && in.chain.problem != CHAIN_OK && in.chain.problem != CHAIN_NONE) {
        rc = kh_error_set(err, KH_E_INVALID,
                          TR(lang,
                             "lịch sử trong bản chụp của '%s' đã bị sửa ngoài kehoach (chuỗi băm "
                             "không khớp từ bản ghi %s %lld, mắt xích %lld)",
                             "the history in the snapshot of '%s' was changed outside kehoach "
                             "(the hash chain does not match from record %s %lld, link %lld)"),
                          ward, in.chain.kind, (long long)in.chain.row_id, (long long)in.chain.seq);
    }
    if (!rc && old && in.made_ms <= old->made_ms) {
        char a[24], b[24];
        rc = kh_error_set(err, KH_E_INVALID,
                          TR(lang, "bản chụp làm lúc %s, không mới hơn bản đang có (làm lúc %s)",
                             "the snapshot was made at %s, not after the one here (made at %s)"),
                          local_seconds(in.made_at, a), local_seconds(old->made_at, b));
    }
    store_snapshot_info_free(&in);
    return rc;
}

/* Put as in place of the temporary file's name tmp in err's message: the
 * file is gone when the message is read (the user test looked for it). */
static void unname_tmp(kh_error *err, const char *tmp, const char *as)
{
    if (!err) return;
    const char *at = strstr(err->detail, tmp);
    if (!at) return;
    char was[sizeof err->detail];
    memcpy(was, err->detail, sizeof was);
    size_t before = (size_t)(at - err->detail);
    snprintf(err->detail, sizeof err->detail, "%.*s%s%s", (int)before, was, as,
             was + before + strlen(tmp));
}

/* Check the file at tmp as the snapshot of ward, after the one at have
 * (NULL: none yet; one that no longer reads counts as none). */
static kh_errcode check_snapshot(const kh_workspace *ws, const char *ward, const char *tmp,
                                 const char *have, kh_error *err)
{
    kh_snapshot_info old;
    kh_error why = {0};
    bool had = have && store_snapshot_read(have, &old, &why) == KH_E_OK;
    kh_errcode rc = check_against(ws, ward, tmp, had ? &old : NULL, err);
    if (had) store_snapshot_info_free(&old);
    return rc;
}

kh_errcode workspace_receive(kh_workspace *ws, const char *ward, int fd, kh_error *err)
{
    kh_lang lang = ws->lang;
    if (!workspace_ward_id_ok(ward) || !workspace_has_member(ws, ward))
        return kh_error_set(err, KH_E_INVALID,
                            TR(lang,
                               "không có phường/xã '%s' trong 'groups' của kế hoạch nào của %s",
                               "no ward '%s' in the 'groups' of any plan of %s"),
                            ward, ws->dir);
    char *dir = xasprintf("%s/%s", ws->dir, WS_WARDS_DIR);
    if (mkdir(dir, 02770) != 0 && errno != EEXIST) {
        kh_errcode rc = kh_error_set(err, KH_E_IO, "%s: %s", dir, kh_strerrno(errno));
        free(dir);
        return rc;
    }
    char *dest = workspace_snapshot_path(ws, ward);
    char *tmp = xasprintf("%s/.%s.%ld.tmp", dir, ward, (long)getpid());
    unlink(tmp);
    kh_errcode rc = take_in(fd, tmp, lang, err);
    /* Two deliveries of one ward at once: one checks and renames at a time,
     * so an older one never replaces a newer one it was checked against. */
    char *lock_path = xasprintf("%s/.%s.lock", dir, ward);
    int lock = rc ? -1 : open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
    if (!rc && (lock < 0 || flock(lock, LOCK_EX) != 0))
        rc = kh_error_set(err, KH_E_IO, "%s: %s", lock_path, kh_strerrno(errno));
    if (!rc) rc = check_snapshot(ws, ward, tmp, access(dest, F_OK) == 0 ? dest : NULL, err);
    if (rc) unname_tmp(err, tmp, TR(lang, "bản chụp nhận được", "the snapshot received"));
    if (!rc && rename(tmp, dest) != 0)
        rc = kh_error_set(err, KH_E_IO, "%s: %s", dest, kh_strerrno(errno));
    if (lock >= 0) close(lock); /* the lock goes with it */
    free(lock_path);
    if (!rc) {
        int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
    }
    /* Nothing left behind: SQLite's files beside a WAL-mode file it read too. */
    static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < KH_ARRAY_LEN(sides); i++) {
        char *p = xasprintf("%s%s", tmp, sides[i]);
        unlink(p);
        free(p);
    }
    free(tmp);
    free(dest);
    free(dir);
    return rc;
}
