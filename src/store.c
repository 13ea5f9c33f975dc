/* The only file that speaks SQL. */
#include "kehoach/store.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

enum {
    Q_BEGIN,
    Q_COMMIT,
    Q_ROLLBACK,
    Q_LOAD_STATE,
    Q_LOAD_NOTE_COUNTS,
    Q_GET_STATE,
    Q_PUT_STATE,
    Q_ADD_HISTORY,
    Q_ADD_NOTE,
    Q_NOTES_TASK,
    Q_NOTES_ALL,
    Q_HISTORY_TASK,
    Q_HISTORY_ALL,
    Q_TASK_IDS,
    Q_DATA_VERSION,
    Q_COUNT
};

static const char *const queries[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_LOAD_STATE] = "SELECT task_id, status, progress, completed, updated_at, updated_by, version"
                     " FROM task_state WHERE plan_id = ?1",
    [Q_LOAD_NOTE_COUNTS] = "SELECT task_id, count(*) FROM note WHERE plan_id = ?1 GROUP BY task_id",
    [Q_GET_STATE] = "SELECT status, progress, completed, updated_at, updated_by, version"
                    " FROM task_state WHERE plan_id = ?1 AND task_id = ?2",
    [Q_PUT_STATE] = "INSERT INTO task_state"
                    " (plan_id, task_id, status, progress, completed, updated_at, updated_by,"
                    " version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                    " ON CONFLICT (plan_id, task_id) DO UPDATE SET status = ?3, progress = ?4,"
                    " completed = ?5, updated_at = ?6, updated_by = ?7, version = ?8",
    [Q_ADD_HISTORY] =
        "INSERT INTO history (plan_id, task_id, field, old_value, new_value, user, at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [Q_ADD_NOTE] = "INSERT INTO note (plan_id, task_id, body, author, created_at)"
                   " VALUES (?1, ?2, ?3, ?4, ?5)",
    [Q_NOTES_TASK] = "SELECT id, task_id, body, author, created_at FROM note"
                     " WHERE plan_id = ?1 AND task_id = ?2 ORDER BY id DESC",
    [Q_NOTES_ALL] = "SELECT id, task_id, body, author, created_at FROM note"
                    " WHERE plan_id = ?1 ORDER BY id DESC",
    [Q_HISTORY_TASK] = "SELECT id, task_id, field, old_value, new_value, user, at FROM history"
                       " WHERE plan_id = ?1 AND task_id = ?2 ORDER BY id",
    [Q_HISTORY_ALL] = "SELECT id, task_id, field, old_value, new_value, user, at FROM history"
                      " WHERE plan_id = ?1 ORDER BY id",
    [Q_DATA_VERSION] = "PRAGMA data_version",
    [Q_TASK_IDS] = "SELECT task_id FROM task_state WHERE plan_id = ?1"
                   " UNION SELECT task_id FROM note WHERE plan_id = ?1"
                   " UNION SELECT task_id FROM history WHERE plan_id = ?1",
};

/* Ordered migrations: migrations[i] takes the schema from version i to i+1. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
    /* 1: state, notes, history. */
    "CREATE TABLE task_state ("
    "  plan_id TEXT NOT NULL,"
    "  task_id TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'blocked', 'done')),"
    "  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),"
    "  completed TEXT,"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT NOT NULL,"
    "  version INTEGER NOT NULL DEFAULT 1,"
    "  PRIMARY KEY (plan_id, task_id)"
    ") WITHOUT ROWID;"
    "CREATE TABLE note ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id TEXT NOT NULL,"
    "  task_id TEXT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  author TEXT NOT NULL,"
    "  created_at TEXT NOT NULL"
    ");"
    "CREATE TABLE history ("
    "  id INTEGER PRIMARY KEY,"
    "  plan_id TEXT NOT NULL,"
    "  task_id TEXT NOT NULL,"
    "  field TEXT NOT NULL,"
    "  old_value TEXT,"
    "  new_value TEXT,"
    "  user TEXT NOT NULL,"
    "  at TEXT NOT NULL"
    ");",
    /* 2: lookups by task, and history that cannot be rewritten. */
    "CREATE INDEX note_by_task ON note (plan_id, task_id, id);"
    "CREATE INDEX history_by_task ON history (plan_id, task_id, id);"
    "CREATE TRIGGER history_no_update BEFORE UPDATE ON history"
    " BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;"
    "CREATE TRIGGER history_no_delete BEFORE DELETE ON history"
    " BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;",
};

struct kh_store {
    sqlite3 *db;
    char *path;
    bool read_only;
    sqlite3_stmt *q[Q_COUNT];
};

static void done(sqlite3_stmt *st);

static kh_errcode code_of(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
    case SQLITE_ROW: return KH_E_OK;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return KH_E_DB_BUSY;
    case SQLITE_READONLY: return KH_E_DB_READONLY;
    case SQLITE_FULL: return KH_E_DB_FULL;
    case SQLITE_CORRUPT: return KH_E_DB_CORRUPT;
    case SQLITE_NOTADB: return KH_E_DB_NOTADB;
    case SQLITE_CANTOPEN: return KH_E_DB_OPEN;
    case SQLITE_PERM:
    case SQLITE_AUTH: return KH_E_DB_PERM;
    case SQLITE_IOERR: return KH_E_IO;
    default: return KH_E_DB;
    }
}

/* Record SQLite's failure rc in err; return its code. */
static kh_errcode fail(kh_store *s, int rc, kh_error *err)
{
    const char *msg = s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc);
    return kh_error_set(err, code_of(rc), "%s: %s", s->path, msg);
}

static kh_errcode exec(kh_store *s, const char *sql, kh_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? KH_E_OK : fail(s, rc, err);
}

static int user_version(kh_store *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

kh_errcode store_data_version(kh_store *s, int64_t *out, kh_error *err)
{
    sqlite3_stmt *st = s->q[Q_DATA_VERSION];
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 0);
    done(st);
    return rc == SQLITE_ROW ? KH_E_OK : fail(s, rc, err);
}

void store_set_busy_timeout(kh_store *s, int ms)
{
    sqlite3_busy_timeout(s->db, ms);
}

int store_schema_version(kh_store *s)
{
    return user_version(s);
}

/* Bring the schema up to date in one transaction; a second process that
 * migrates at the same moment waits, then finds nothing left to do. */
static kh_errcode migrate(kh_store *s, kh_error *err)
{
    int v = user_version(s);
    if (v < 0) return fail(s, sqlite3_errcode(s->db), err);
    if (v > STORE_SCHEMA_VERSION)
        return kh_error_set(err, KH_E_DB_NEWER, "%s: schema %d > %d", s->path, v,
                            STORE_SCHEMA_VERSION);
    if (v == STORE_SCHEMA_VERSION) return KH_E_OK;
    if (s->read_only)
        return kh_error_set(err, KH_E_DB_READONLY, "%s: schema %d < %d", s->path, v,
                            STORE_SCHEMA_VERSION);
    kh_errcode rc = exec(s, "BEGIN IMMEDIATE", err);
    if (rc) return rc;
    v = user_version(s);
    if (v > STORE_SCHEMA_VERSION) {
        exec(s, "ROLLBACK", NULL);
        return kh_error_set(err, KH_E_DB_NEWER, "%s: schema %d > %d", s->path, v,
                            STORE_SCHEMA_VERSION);
    }
    for (; v >= 0 && v < STORE_SCHEMA_VERSION; v++) {
        rc = exec(s, migrations[v], err);
        if (rc) break;
        char sql[64];
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        rc = exec(s, sql, err);
        if (rc) break;
    }
    if (rc) {
        exec(s, "ROLLBACK", NULL);
        return rc;
    }
    return exec(s, "COMMIT", err);
}

bool store_fs_is_network(unsigned long fs_type)
{
    /* statfs(2) magic numbers (linux/magic.h) of file systems whose locks and
     * shared memory do not hold across machines: SQLite's WAL needs both. */
    static const unsigned long network[] = {
        0x6969,     /* NFS */
        0x517B,     /* SMB */
        0xFF534D42, /* CIFS */
        0xFE534D42, /* SMB2 */
        0x5346414F, /* AFS */
        0x6B414653, /* kAFS */
        0x73757245, /* CODA */
        0x564C,     /* NCP */
        0x01021997, /* 9P */
        0x00C36400, /* CEPH */
    };
    for (size_t i = 0; i < KH_ARRAY_LEN(network); i++)
        if (fs_type == network[i]) return true;
    return false;
}

/* Refuse a database on a network file system, where WAL would corrupt it. */
static kh_errcode check_local(const char *path, kh_error *err)
{
    struct statfs fs;
    int rc = statfs(path, &fs);
    if (rc != 0) {
        char *copy = xstrdup(path);
        rc = statfs(dirname(copy), &fs);
        free(copy);
    }
    if (rc == 0 && store_fs_is_network((unsigned long)fs.f_type))
        return kh_error_set(err, KH_E_DB_NOWAL, "%s", path);
    return KH_E_OK;
}

/* Create the file with mode 0660 so an office group can share it. */
static kh_errcode create_file(const char *path, kh_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
    if (fd < 0) {
        if (errno == EEXIST) return KH_E_OK;
        kh_errcode code = errno == EACCES || errno == EPERM ? KH_E_DB_PERM
                          : errno == ENOSPC                 ? KH_E_DB_FULL
                                                            : KH_E_DB_OPEN;
        return kh_error_set(err, code, "%s: %s", path, strerror(errno));
    }
    fchmod(fd, 0660);
    close(fd);
    return KH_E_OK;
}

/* When opening failed for want of permission, say who may: the owner,
 * group and mode of the file, or of its folder when the file is out of
 * reach ("... Permission denied (root:kehoach 0660)"). Return the code:
 * KH_E_DB_PERM to write, KH_E_DB_OPEN to read; rc when it was not that. */
static kh_errcode explain_access(const char *path, bool read_only, kh_errcode rc, kh_error *err)
{
    if (access(path, read_only ? R_OK : R_OK | W_OK) == 0) return rc;
    /* A missing file is a matter of permission only when it is to be made. */
    if (errno != EACCES && errno != EPERM && (errno != ENOENT || read_only)) return rc;
    char *dir = xstrdup(path);
    const char *what = path;
    struct stat st;
    if (errno == ENOENT || stat(path, &st) != 0) {
        what = dirname(dir);
        if (stat(what, &st) != 0 || access(what, W_OK | X_OK) == 0) {
            free(dir);
            return rc;
        }
    }
    struct passwd *pw = getpwuid(st.st_uid);
    struct group *gr = getgrgid(st.st_gid);
    char uid[16], gid[16];
    snprintf(uid, sizeof uid, "%u", (unsigned)st.st_uid);
    snprintf(gid, sizeof gid, "%u", (unsigned)st.st_gid);
    rc = read_only ? KH_E_DB_OPEN : KH_E_DB_PERM;
    kh_error_set(err, rc, "%s: %s (%s%s%s:%s %04o)", path, strerror(EACCES),
                 what == path ? "" : what, what == path ? "" : " ", pw ? pw->pw_name : uid,
                 gr ? gr->gr_name : gid, (unsigned)(st.st_mode & 07777));
    free(dir);
    return rc;
}

kh_errcode store_open(const char *path, int flags, kh_store **out, kh_error *err)
{
    *out = NULL;
    kh_store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->read_only = flags & STORE_READ_ONLY;
    kh_errcode rc = KH_E_OK;
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        rc = kh_error_set(err, KH_E_DB_OPEN, "%s: %s", path, strerror(EISDIR));
        goto fail;
    }
    if (s->read_only && stat(path, &sb) != 0 && errno == ENOENT) {
        rc = kh_error_set(err, KH_E_DB_MISSING, "%s", path);
        goto fail;
    }
    if ((rc = check_local(path, err)) != KH_E_OK) goto fail;
    if (!s->read_only && (rc = create_file(path, err)) != KH_E_OK) goto fail;
    int oflags = (s->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                 SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    int src = sqlite3_open_v2(path, &s->db, oflags, NULL);
    if (src != SQLITE_OK) {
        rc = fail(s, src, err);
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 5000);
    /* Reading the schema version is the first touch of the file: a file that
     * is not a database fails here. */
    if (user_version(s) < 0) {
        rc = fail(s, sqlite3_errcode(s->db), err);
        goto fail;
    }
    /* A database from a newer kehoach is refused before anything is written
     * to it, even the journal mode. */
    if (user_version(s) > STORE_SCHEMA_VERSION) {
        rc = kh_error_set(err, KH_E_DB_NEWER, "%s: schema %d > %d", path, user_version(s),
                          STORE_SCHEMA_VERSION);
        goto fail;
    }
    if (!s->read_only) {
        sqlite3_stmt *st;
        src = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
        if (src != SQLITE_OK) {
            rc = fail(s, src, err);
            goto fail;
        }
        src = sqlite3_step(st);
        const char *mode = src == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        bool wal = mode && !strcmp(mode, "wal");
        sqlite3_finalize(st);
        if (src != SQLITE_ROW) {
            rc = fail(s, src, err);
            goto fail;
        }
        if (!wal) {
            rc = kh_error_set(err, KH_E_DB_NOWAL, "%s", path);
            goto fail;
        }
        if ((rc = exec(s, "PRAGMA synchronous = FULL", err))) goto fail;
        /* After a checkpoint, cut the WAL back to 4 MiB: a long-running reader
         * (the projector) must not let it grow without bound. */
        if ((rc = exec(s, "PRAGMA journal_size_limit = 4194304", err))) goto fail;
    }
    if ((rc = migrate(s, err))) goto fail;
    for (int i = 0; i < Q_COUNT; i++) {
        src = sqlite3_prepare_v3(s->db, queries[i], -1, SQLITE_PREPARE_PERSISTENT, &s->q[i], NULL);
        if (src != SQLITE_OK) {
            rc = fail(s, src, err);
            goto fail;
        }
    }
    *out = s;
    return KH_E_OK;
fail:
    if (rc == KH_E_DB_OPEN || rc == KH_E_DB_PERM || rc == KH_E_DB_READONLY)
        rc = explain_access(path, s->read_only, rc, err);
    store_close(s);
    return rc;
}

void store_close(kh_store *s)
{
    if (!s) return;
    for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->q[i]);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

/* Reset a statement after use, so no read stays open. */
static void done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static kh_status status_of(const unsigned char *s)
{
    for (int i = 0; i < ST_COUNT; i++)
        if (s && !strcmp((const char *)s, model_status_code((kh_status)i))) return (kh_status)i;
    return ST_TODO;
}

static kh_date date_col(sqlite3_stmt *st, int i)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    kh_date d;
    return v && date_parse((const char *)v, &d) == DATE_OK ? d : KH_NO_DATE;
}

static int64_t time_col(sqlite3_stmt *st, int i)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    time_t t;
    return v && date_parse_utc((const char *)v, &t) == 0 ? (int64_t)t : 0;
}

static char *text_col(sqlite3_stmt *st, int i)
{
    const unsigned char *v = sqlite3_column_text(st, i);
    return v ? xstrdup((const char *)v) : NULL;
}

kh_errcode store_load(kh_store *s, kh_plan *plan, kh_error *err)
{
    sqlite3_stmt *st = s->q[Q_LOAD_STATE];
    bind_text(st, 1, plan->id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = model_find_task(plan, (const char *)sqlite3_column_text(st, 0));
        if (i < 0) continue; /* the plan no longer has it: kept, see store_orphans */
        kh_task *t = &plan->tasks[i];
        t->status = (uint8_t)status_of(sqlite3_column_text(st, 1));
        int p = sqlite3_column_int(st, 2);
        t->progress = (uint8_t)(p < 0 ? 0 : p > 100 ? 100 : p);
        t->completed = date_col(st, 3);
        t->updated_at = time_col(st, 4);
        const unsigned char *by = sqlite3_column_text(st, 5);
        t->updated_by = by ? model_intern_user(plan, (const char *)by) : NULL;
        t->version = sqlite3_column_int64(st, 6);
    }
    done(st);
    if (rc != SQLITE_DONE) return fail(s, rc, err);
    st = s->q[Q_LOAD_NOTE_COUNTS];
    bind_text(st, 1, plan->id);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = model_find_task(plan, (const char *)sqlite3_column_text(st, 0));
        if (i >= 0) plan->tasks[i].nnotes = (uint32_t)sqlite3_column_int(st, 1);
    }
    done(st);
    return rc == SQLITE_DONE ? KH_E_OK : fail(s, rc, err);
}

static kh_errcode read_state(kh_store *s, const char *plan_id, const char *task_id,
                             const kh_base_state *base, kh_state *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    out->status = ST_TODO;
    out->completed = KH_NO_DATE;
    /* Without a row, the task is as the plan file leaves it. */
    if (base) {
        out->status = (kh_status)base->status;
        out->progress = base->progress;
        out->completed = base->completed;
        out->updated_at = base->updated_at;
        snprintf(out->updated_by, sizeof out->updated_by, "%s",
                 base->updated_by ? base->updated_by : "");
    }
    sqlite3_stmt *st = s->q[Q_GET_STATE];
    bind_text(st, 1, plan_id);
    bind_text(st, 2, task_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->status = status_of(sqlite3_column_text(st, 0));
        out->progress = sqlite3_column_int(st, 1);
        out->completed = date_col(st, 2);
        out->updated_at = time_col(st, 3);
        const unsigned char *by = sqlite3_column_text(st, 4);
        snprintf(out->updated_by, sizeof out->updated_by, "%s", by ? (const char *)by : "");
        out->version = sqlite3_column_int64(st, 5);
        rc = SQLITE_DONE;
    }
    done(st);
    return rc == SQLITE_DONE ? KH_E_OK : fail(s, rc, err);
}

static kh_errcode add_history(kh_store *s, const char *plan_id, const char *task_id,
                              const char *field, const char *old_value, const char *new_value,
                              const char *user, const char *at, kh_error *err)
{
    sqlite3_stmt *st = s->q[Q_ADD_HISTORY];
    bind_text(st, 1, plan_id);
    bind_text(st, 2, task_id);
    bind_text(st, 3, field);
    bind_text(st, 4, old_value);
    bind_text(st, 5, new_value);
    bind_text(st, 6, user);
    bind_text(st, 7, at);
    int rc = sqlite3_step(st);
    done(st);
    return rc == SQLITE_DONE ? KH_E_OK : fail(s, rc, err);
}

static const char *date_or_null(kh_date d, char buf[11])
{
    return d == KH_NO_DATE ? NULL : date_format_iso(d, buf);
}

/* Write the change inside the open transaction. */
static kh_errcode write_change(kh_store *s, const char *plan_id, const char *task_id,
                               const kh_change *c, const char *user, int64_t when,
                               const kh_state *old, kh_state *now, kh_error *err)
{
    *now = *old;
    kh_progress next =
        model_next_progress((kh_progress){old->status, old->progress, old->completed}, c->status,
                            c->progress, c->today);
    now->status = next.status;
    now->progress = next.progress;
    now->completed = next.completed;
    bool changed = now->status != old->status || now->progress != old->progress ||
                   now->completed != old->completed;
    if (!changed && !c->note) return KH_E_OK;
    now->version = old->version + 1;
    snprintf(now->updated_by, sizeof now->updated_by, "%s", user);
    now->updated_at = when;
    char at[21];
    date_format_utc((time_t)when, at);

    sqlite3_stmt *st = s->q[Q_PUT_STATE];
    char done_buf[11], old_buf[11], num_old[16], num_new[16];
    bind_text(st, 1, plan_id);
    bind_text(st, 2, task_id);
    bind_text(st, 3, model_status_code(now->status));
    sqlite3_bind_int(st, 4, now->progress);
    bind_text(st, 5, date_or_null(now->completed, done_buf));
    bind_text(st, 6, at);
    bind_text(st, 7, user);
    sqlite3_bind_int64(st, 8, now->version);
    int rc = sqlite3_step(st);
    done(st);
    if (rc != SQLITE_DONE) return fail(s, rc, err);

    kh_errcode e = KH_E_OK;
    if (now->status != old->status)
        e = add_history(s, plan_id, task_id, "status", model_status_code(old->status),
                        model_status_code(now->status), user, at, err);
    if (!e && now->progress != old->progress) {
        snprintf(num_old, sizeof num_old, "%d", old->progress);
        snprintf(num_new, sizeof num_new, "%d", now->progress);
        e = add_history(s, plan_id, task_id, "progress", num_old, num_new, user, at, err);
    }
    if (!e && now->completed != old->completed)
        e = add_history(s, plan_id, task_id, "completed", date_or_null(old->completed, old_buf),
                        date_or_null(now->completed, done_buf), user, at, err);
    if (!e && c->note) {
        st = s->q[Q_ADD_NOTE];
        bind_text(st, 1, plan_id);
        bind_text(st, 2, task_id);
        bind_text(st, 3, c->note);
        bind_text(st, 4, user);
        bind_text(st, 5, at);
        rc = sqlite3_step(st);
        done(st);
        if (rc != SQLITE_DONE) return fail(s, rc, err);
        e = add_history(s, plan_id, task_id, "note", NULL, c->note, user, at, err);
    }
    return e;
}

kh_errcode store_apply(kh_store *s, const char *plan_id, const char *task_id,
                       const kh_change *change, const char *user, int64_t now, kh_state *out,
                       kh_error *err)
{
    return store_apply_base(s, plan_id, task_id, change, NULL, user, now, out, err);
}

kh_errcode store_apply_base(kh_store *s, const char *plan_id, const char *task_id,
                            const kh_change *change, const kh_base_state *base, const char *user,
                            int64_t now, kh_state *out, kh_error *err)
{
    if (s->read_only) return kh_error_set(err, KH_E_DB_READONLY, "%s", s->path);
    int rc = sqlite3_step(s->q[Q_BEGIN]);
    done(s->q[Q_BEGIN]);
    if (rc != SQLITE_DONE) return fail(s, rc, err);
    kh_state old;
    kh_errcode e = read_state(s, plan_id, task_id, base, &old, err);
    if (!e && change->expected_version >= 0 && old.version != change->expected_version) {
        char when[17] = "";
        if (old.updated_at) date_format_local_time((time_t)old.updated_at, when);
        e = kh_error_set(err, KH_E_CONFLICT, "%s, %s", old.updated_by, when);
    }
    if (!e) e = write_change(s, plan_id, task_id, change, user, now, &old, out, err);
    if (!e) {
        rc = sqlite3_step(s->q[Q_COMMIT]);
        done(s->q[Q_COMMIT]);
        if (rc == SQLITE_DONE) return KH_E_OK;
        e = fail(s, rc, err);
    }
    if (!sqlite3_get_autocommit(s->db)) {
        sqlite3_step(s->q[Q_ROLLBACK]);
        done(s->q[Q_ROLLBACK]);
    }
    return e;
}

kh_errcode store_notes(kh_store *s, const char *plan_id, const char *task_id, kh_note **out,
                       size_t *n, kh_error *err)
{
    sqlite3_stmt *st = s->q[task_id ? Q_NOTES_TASK : Q_NOTES_ALL];
    bind_text(st, 1, plan_id);
    if (task_id) bind_text(st, 2, task_id);
    kh_note *v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        KH_GROW(v, len, cap);
        v[len++] = (kh_note){sqlite3_column_int64(st, 0), text_col(st, 1), text_col(st, 2),
                             text_col(st, 3), time_col(st, 4)};
    }
    done(st);
    if (rc != SQLITE_DONE) {
        store_notes_free(v, len);
        return fail(s, rc, err);
    }
    *out = v;
    *n = len;
    return KH_E_OK;
}

void store_notes_free(kh_note *notes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(notes[i].task_id);
        free(notes[i].text);
        free(notes[i].author);
    }
    free(notes);
}

kh_errcode store_history(kh_store *s, const char *plan_id, const char *task_id, kh_history **out,
                         size_t *n, kh_error *err)
{
    sqlite3_stmt *st = s->q[task_id ? Q_HISTORY_TASK : Q_HISTORY_ALL];
    bind_text(st, 1, plan_id);
    if (task_id) bind_text(st, 2, task_id);
    kh_history *v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        KH_GROW(v, len, cap);
        v[len++] = (kh_history){sqlite3_column_int64(st, 0),
                                text_col(st, 1),
                                text_col(st, 2),
                                text_col(st, 3),
                                text_col(st, 4),
                                text_col(st, 5),
                                time_col(st, 6)};
    }
    done(st);
    if (rc != SQLITE_DONE) {
        store_history_free(v, len);
        return fail(s, rc, err);
    }
    *out = v;
    *n = len;
    return KH_E_OK;
}

void store_history_free(kh_history *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(h[i].task_id);
        free(h[i].field);
        free(h[i].old_value);
        free(h[i].new_value);
        free(h[i].user);
    }
    free(h);
}

kh_errcode store_orphans(kh_store *s, const kh_plan *plan, char ***ids, size_t *n, kh_error *err)
{
    sqlite3_stmt *st = s->q[Q_TASK_IDS];
    bind_text(st, 1, plan->id);
    char **v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (!id || model_find_task(plan, id) >= 0) continue;
        KH_GROW(v, len, cap);
        v[len++] = xstrdup(id);
    }
    done(st);
    if (rc != SQLITE_DONE) {
        for (size_t i = 0; i < len; i++) free(v[i]);
        free(v);
        return fail(s, rc, err);
    }
    *ids = v;
    *n = len;
    return KH_E_OK;
}
