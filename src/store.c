/* The only file that speaks SQL. */
#include "kehoach/store.h"

#include "store_chain.h"
#include "store_words.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kehoach/store_target.h"
#include "store_int.h"
#include "store_sqlite_dl.h"

/* The last column: the day the row's change took effect (schema 8), or NULL. */
#define HISTORY_COLS                                                                               \
    "id, task_id, field, old_value, new_value, user, at, change_id, undo_of,"                      \
    " (SELECT day FROM change_day d WHERE d.change_id = history.change_id)"
#define NOTE_COLS                                                                                  \
    "id, task_id, body, author, created_at, withdrawn, kind,"                                      \
    " (SELECT day FROM change_day d WHERE d.change_id = note.change_id)"

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
    Q_NEXT_HISTORY_ID,
    Q_USER_ROWS_TASK,
    Q_USER_ROWS_ALL,
    Q_ROWS_NEAR,
    Q_UNDONE,
    Q_CHANGE_ROWS,
    Q_LATER_OTHER,
    Q_FIND_NOTE,
    Q_WITHDRAW_NOTE,
    Q_BEFORE_DONE,
    Q_COUNT
};

static const char *const queries[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_LOAD_STATE] = "SELECT task_id, status, progress, completed, updated_at, updated_by, version"
                     " FROM task_state WHERE plan_id = ?1 ORDER BY task_id",
    [Q_LOAD_NOTE_COUNTS] = "SELECT task_id, count(*) FROM note WHERE plan_id = ?1"
                           " AND withdrawn IS NULL GROUP BY task_id ORDER BY task_id",
    [Q_GET_STATE] = "SELECT status, progress, completed, updated_at, updated_by, version"
                    " FROM task_state WHERE plan_id = ?1 AND task_id = ?2",
    [Q_PUT_STATE] = "INSERT INTO task_state"
                    " (plan_id, task_id, status, progress, completed, updated_at, updated_by,"
                    " version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
                    " ON CONFLICT (plan_id, task_id) DO UPDATE SET status = ?3, progress = ?4,"
                    " completed = ?5, updated_at = ?6, updated_by = ?7, version = ?8",
    [Q_ADD_HISTORY] = "INSERT INTO history (id, plan_id, task_id, field, old_value, new_value,"
                      " user, at, change_id, undo_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
                      " ?10)",
    [Q_ADD_NOTE] = "INSERT INTO note (plan_id, task_id, body, author, created_at, change_id, kind)"
                   " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    /* ?3: 1 for the withdrawn notes too. */
    [Q_NOTES_TASK] = "SELECT " NOTE_COLS " FROM note"
                     " WHERE plan_id = ?1 AND task_id = ?2 AND (?3 OR withdrawn IS NULL)"
                     " ORDER BY id DESC",
    [Q_NOTES_ALL] = "SELECT " NOTE_COLS " FROM note"
                    " WHERE plan_id = ?1 AND (?3 OR withdrawn IS NULL) ORDER BY id DESC",
    /* ?3: one user or NULL; ?4: the earliest time (UTC text) or NULL. */
    [Q_HISTORY_TASK] = "SELECT " HISTORY_COLS " FROM history WHERE plan_id = ?1 AND task_id = ?2"
                       " AND (?3 IS NULL OR user = ?3) AND (?4 IS NULL OR at >= ?4) ORDER BY id",
    [Q_HISTORY_ALL] = "SELECT " HISTORY_COLS " FROM history WHERE plan_id = ?1"
                      " AND (?3 IS NULL OR user = ?3) AND (?4 IS NULL OR at >= ?4) ORDER BY id",
    [Q_DATA_VERSION] = "PRAGMA data_version",
    [Q_NEXT_HISTORY_ID] = "SELECT coalesce(max(id), 0) + 1 FROM history",
    /* One person's rows, newest first: where the search for their last
     * change starts. */
    [Q_USER_ROWS_TASK] = "SELECT " HISTORY_COLS " FROM history WHERE plan_id = ?1 AND task_id = ?2"
                         " AND user = ?3 ORDER BY id DESC",
    [Q_USER_ROWS_ALL] = "SELECT " HISTORY_COLS " FROM history WHERE plan_id = ?1 AND user = ?3"
                        " ORDER BY id DESC",
    /* The rows just before ?1: a change written before schema 3 is the run
     * of rows one transaction wrote (4 at most, or a few more when one
     * person changed a task twice in one second). */
    [Q_ROWS_NEAR] = "SELECT " HISTORY_COLS " FROM history WHERE plan_id = ?2"
                    " AND id BETWEEN ?1 - 15 AND ?1 ORDER BY id",
    [Q_UNDONE] = "SELECT 1 FROM history WHERE plan_id = ?1 AND undo_of = ?2 LIMIT 1",
    [Q_CHANGE_ROWS] = "SELECT " HISTORY_COLS " FROM history WHERE plan_id = ?1 AND task_id = ?2"
                      " AND (change_id = ?3 OR (change_id IS NULL AND id BETWEEN ?3 AND ?3 + 15))"
                      " ORDER BY id",
    [Q_LATER_OTHER] = "SELECT user, at FROM history WHERE plan_id = ?1 AND task_id = ?2"
                      " AND id > ?3 AND user <> ?4 ORDER BY id DESC LIMIT 1",
    /* The note a change added: by its change, or (before schema 3) by its
     * author, time and text. */
    [Q_FIND_NOTE] = "SELECT id FROM note WHERE plan_id = ?1 AND task_id = ?2 AND withdrawn IS NULL"
                    " AND (change_id = ?3 OR (change_id IS NULL AND author = ?4"
                    " AND created_at = ?5 AND body = ?6)) ORDER BY id DESC LIMIT 1",
    [Q_WITHDRAW_NOTE] = "UPDATE note SET withdrawn = ?2 WHERE id = ?1",
    /* The progress a task had before it was last made done: the old value
     * of the progress row of that change (none: it was 100 already). A
     * change written before schema 3 is its rows of one user and time. */
    [Q_BEFORE_DONE] = "SELECT coalesce(p.old_value, '100') FROM history s LEFT JOIN history p"
                      " ON p.plan_id = s.plan_id AND p.task_id = s.task_id"
                      " AND p.field = 'progress' AND p.new_value = '100' AND (p.change_id ="
                      " s.change_id OR (s.change_id IS NULL AND p.user = s.user AND p.at = s.at))"
                      " WHERE s.plan_id = ?1 AND s.task_id = ?2 AND s.field = 'status'"
                      " AND s.new_value = 'done' ORDER BY s.id DESC, p.id DESC LIMIT 1",
    [Q_TASK_IDS] = "SELECT task_id FROM task_state WHERE plan_id = ?1"
                   " UNION SELECT task_id FROM note WHERE plan_id = ?1"
                   " UNION SELECT task_id FROM history WHERE plan_id = ?1"
                   " AND field NOT LIKE 'measure%'", /* a target's (src/store_target.c) */
};

/* Ordered migrations: migrations[i] takes the schema from version i to i+1. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
    /* 1: state, notes, history. (The status 'withdrawn' is schema 8's: a
     * database made now has it from the start, an older one gets it at
     * step 8, store_extend_states.) */
    "CREATE TABLE task_state ("
    "  plan_id TEXT NOT NULL,"
    "  task_id TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'blocked', 'done', 'withdrawn')),"
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
    /* 3: changes as units (for undo), notes withdrawn rather than deleted.
     * Rows written before this have no change_id: a change is then the run
     * of rows one transaction wrote (consecutive ids, one task, user, time). */
    "ALTER TABLE history ADD COLUMN change_id INTEGER;"
    "ALTER TABLE history ADD COLUMN undo_of INTEGER;"
    "ALTER TABLE note ADD COLUMN change_id INTEGER;"
    "ALTER TABLE note ADD COLUMN withdrawn INTEGER;"
    "CREATE INDEX history_by_user ON history (plan_id, user, id);"
    "CREATE INDEX history_undone ON history (plan_id, undo_of) WHERE undo_of IS NOT NULL;"
    "CREATE TRIGGER note_no_delete BEFORE DELETE ON note"
    " BEGIN SELECT RAISE(ABORT, 'notes are never deleted'); END;"
    "CREATE TRIGGER note_withdraw_only BEFORE UPDATE ON note"
    " WHEN OLD.withdrawn IS NOT NULL OR NEW.withdrawn IS NULL OR NEW.id IS NOT OLD.id"
    " OR NEW.plan_id IS NOT OLD.plan_id OR NEW.task_id IS NOT OLD.task_id"
    " OR NEW.body IS NOT OLD.body OR NEW.author IS NOT OLD.author"
    " OR NEW.created_at IS NOT OLD.created_at OR NEW.change_id IS NOT OLD.change_id"
    " BEGIN SELECT RAISE(ABORT, 'a note is never changed, only withdrawn once'); END;",
    /* 4: confirmations, officers, note kinds (src/store_confirm.c). */
    store_confirm_migration,
    store_target_migration, /* 5: targets' measurements (src/store_target.c) */
    /* 6: the hash chain (store_chain.c); the rows there are chained too. */
    store_chain_migration_sql,
    /* 7: result documents and amendments (src/store_result.c); chained. */
    store_migration_results,
    /* 8: deadline extensions, the day of a change, the withdrawn status
     * (src/store_extend.c); chained. */
    store_migration_extend,
};

/* A reader of a schema-2 database cannot migrate it: these views give it
 * the columns of schema 3 (temporary objects shadow the main ones). */
static const char compat_v2[] =
    "CREATE TEMP VIEW history AS SELECT id, plan_id, task_id, field, old_value, new_value, user,"
    " at, NULL AS change_id, NULL AS undo_of FROM main.history;"
    "CREATE TEMP VIEW note AS SELECT id, plan_id, task_id, body, author, created_at,"
    " NULL AS change_id, NULL AS withdrawn, NULL AS kind FROM main.note;";

/* How many statements of the other store files one store keeps prepared:
 * a workspace reads every plan's state with the same dozen (issue 18). */
enum { STMT_KEPT = 32 };
/* How many names of tables found store_has_table keeps. */
enum { HAS_KEPT = 8 };

struct kh_store {
    sqlite3 *db;
    char *path;
    bool read_only;
    sqlite3_stmt *q[Q_COUNT]; /* prepared on first use */
    int prep_rc;              /* why the last stmt() returned NULL */
    char damage[96];          /* when its size does not fit its header: how (read-only) */
    bool immutable;           /* read as it is: a reader that cannot make the -shm */
    struct stat seen;         /* then, the file as it was opened */
    int64_t reopened;         /* added to data_version: times the connection was made again */
    struct {
        const char *sql; /* the text it was asked for by (its address, then its bytes) */
        sqlite3_stmt *st;
        bool busy;           /* handed out, not yet given back */
    } kept[STMT_KEPT];       /* the other store files' statements (store_stmt_get) */
    char has[HAS_KEPT][24];  /* tables store_has_table found ("" for none) */
    store_chain_stmts chain; /* the hash chain's statements, kept between changes */
};

static void done(sqlite3_stmt *st);
static kh_errcode open_connection(kh_store *s, kh_error *err);

/* The statement for query q, prepared on its first use (a command that
 * reads the state does not pay for parsing the SQL of every write); NULL,
 * with the reason in s->prep_rc, when SQLite cannot prepare it. */
static sqlite3_stmt *stmt(kh_store *s, int q)
{
    if (!s->q[q]) {
        s->prep_rc =
            sqlite3_prepare_v3(s->db, queries[q], -1, SQLITE_PREPARE_PERSISTENT, &s->q[q], NULL);
        if (s->prep_rc != SQLITE_OK) return NULL;
    }
    return s->q[q];
}

/* Finalize the statements kept for the other store files (before the
 * connection closes). */
static void kept_clear(kh_store *s)
{
    for (int i = 0; i < STMT_KEPT; i++) {
        sqlite3_finalize(s->kept[i].st);
        s->kept[i].st = NULL;
        s->kept[i].sql = NULL;
        s->kept[i].busy = false;
    }
    memset(s->has, 0, sizeof s->has); /* another connection may be another file */
    store_chain_stmts_done(&s->chain);
}

int store_stmt_get(kh_store *s, const char *sql, sqlite3_stmt **out)
{
    int slot = -1;
    for (int i = 0; i < STMT_KEPT; i++) {
        if (!s->kept[i].st) {
            if (slot < 0) slot = i;
            continue;
        }
        if (s->kept[i].sql != sql || s->kept[i].busy) continue;
        if (strcmp(sqlite3_sql(s->kept[i].st), sql)) { /* another text at the same address */
            sqlite3_finalize(s->kept[i].st);
            s->kept[i].st = NULL;
            if (slot < 0) slot = i;
            continue;
        }
        s->kept[i].busy = true;
        *out = s->kept[i].st;
        return SQLITE_OK;
    }
    if (slot < 0) return sqlite3_prepare_v2(s->db, sql, -1, out, NULL);
    int rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
    if (rc != SQLITE_OK) return rc;
    s->kept[slot].sql = sql;
    s->kept[slot].st = *out;
    s->kept[slot].busy = true;
    return SQLITE_OK;
}

void store_stmt_put(kh_store *s, sqlite3_stmt *st)
{
    if (!st) return;
    for (int i = 0; i < STMT_KEPT; i++)
        if (s->kept[i].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            s->kept[i].busy = false;
            return;
        }
    sqlite3_finalize(st);
}

/* Run a statement without results (BEGIN, COMMIT, ROLLBACK) once; return
 * SQLite's code. */
static int step_once(kh_store *s, int q)
{
    sqlite3_stmt *st = stmt(s, q);
    if (!st) return s->prep_rc;
    int rc = sqlite3_step(st);
    done(st);
    return rc;
}
static void store_history_free_rows(kh_history *h, size_t n);

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

/* Record SQLite's failure rc in err; return its code. For an I/O error or a
 * file that could not be opened, what the system said comes first: a full
 * disk, a quota or the file size limit (ulimit -f) is KH_E_DB_FULL and a
 * read-only file system KH_E_DB_READONLY, not SQLite's "disk I/O error". */
static kh_errcode fail(kh_store *s, int rc, kh_error *err)
{
    int last = errno;
    char msg[128];
    store_sqlite_words(rc, msg, sizeof msg);
    kh_errcode code = code_of(rc);
    int sys = 0;
    if (s->db && ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN)) {
        sys = sqlite3_system_errno(s->db);
        /* A write that fails inside a statement (the WAL's) does not reach
         * sqlite3_system_errno; errno still holds it. */
        if (sys == 0 && (last == ENOSPC || last == EDQUOT || last == EFBIG || last == EROFS))
            sys = last;
    }
    if (sys == ENOSPC || sys == EDQUOT || sys == EFBIG)
        code = KH_E_DB_FULL;
    else if (sys == EROFS && !s->read_only)
        code = KH_E_DB_READONLY;
    return kh_error_set(err, code, "%s: %s", s->path, sys > 0 ? kh_strerrno(sys) : msg);
}

static kh_errcode exec(kh_store *s, const char *sql, kh_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? KH_E_OK : fail(s, rc, err);
}

/* Read PRAGMA user_version into *v. Return SQLite's code: SQLITE_OK, or why
 * it could not be read (a file that is not a database fails here). Any
 * value may come back, negative ones too: the caller judges it. */
static int user_version(kh_store *s, int *v)
{
    sqlite3_stmt *st;
    *v = 0;
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Close the connection and its statements, and connect again. */
static kh_errcode reconnect(kh_store *s, kh_error *err)
{
    for (int i = 0; i < Q_COUNT; i++) {
        sqlite3_finalize(s->q[i]);
        s->q[i] = NULL;
    }
    kept_clear(s);
    sqlite3_close(s->db);
    s->db = NULL;
    s->immutable = false;
    s->reopened++;
    return open_connection(s, err);
}

/* Run sql (a constant) once with a kept statement; return SQLite's code. */
static int run_kept(kh_store *s, const char *sql)
{
    sqlite3_stmt *st;
    int rc = store_stmt_get(s, sql, &st);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_step(st);
    store_stmt_put(s, st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

bool store_read_begin(kh_store *s)
{
    return s && sqlite3_get_autocommit(s->db) && run_kept(s, "BEGIN") == SQLITE_OK;
}

void store_read_end(kh_store *s, bool began)
{
    if (began && run_kept(s, "COMMIT") != SQLITE_OK) run_kept(s, "ROLLBACK");
}

kh_errcode store_data_version(kh_store *s, int64_t *out, kh_error *err)
{
    /* An immutable connection sees no other writer: a writer that comes
     * makes the -shm (then a normal connection works), a checkpoint changes
     * the file. Either way, connect again, and say the data changed. */
    if (s->immutable) {
        struct stat st;
        char *shm = xasprintf("%s-shm", s->path);
        bool shm_now = access(shm, F_OK) == 0;
        free(shm);
        if (shm_now || stat(s->path, &st) != 0 || st.st_ino != s->seen.st_ino ||
            st.st_size != s->seen.st_size || st.st_mtim.tv_sec != s->seen.st_mtim.tv_sec ||
            st.st_mtim.tv_nsec != s->seen.st_mtim.tv_nsec) {
            kh_errcode rc = reconnect(s, err);
            if (rc) return rc;
        }
    }
    sqlite3_stmt *st = stmt(s, Q_DATA_VERSION);
    if (!st) return fail(s, s->prep_rc, err);
    int rc = sqlite3_step(st);
    /* Each new connection counts from its own start: keep the values apart. */
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(st, 0) + (s->reopened << 32);
    done(st);
    return rc == SQLITE_ROW ? KH_E_OK : fail(s, rc, err);
}

kh_errcode store_check(kh_store *s, kh_error *err)
{
    if (s->damage[0]) return kh_error_set(err, KH_E_DB_CORRUPT, "%s: %s", s->path, s->damage);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(s->db, "PRAGMA quick_check(4)", -1, &st, NULL);
    if (rc != SQLITE_OK) return fail(s, rc, err);
    strbuf found = STRBUF_INIT;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *line = (const char *)sqlite3_column_text(st, 0);
        if (line && strcmp(line, "ok") != 0) sb_printf(&found, "%s%s", found.len ? "; " : "", line);
    }
    sqlite3_finalize(st);
    kh_errcode code = KH_E_OK;
    if (found.len) /* SQLite's own words of where: what check is asked for, on one line */
        code =
            kh_error_set(err, KH_E_DB_CORRUPT,
                         TR(kh_errno_lang_now(), "%s: phép kiểm tra quick_check của SQLite báo: %s",
                            "%s: SQLite's quick_check reports: %s"),
                         s->path, store_sqlite_lines(&found));
    else if (rc != SQLITE_DONE)
        code = fail(s, rc, err);
    sb_done(&found);
    return code;
}

void store_set_busy_timeout(kh_store *s, int ms)
{
    sqlite3_busy_timeout(s->db, ms);
}

void store_warm(kh_store *s)
{
    (void)stmt(s, Q_NOTES_TASK);
    (void)stmt(s, Q_HISTORY_TASK);
    /* And a task's results, kept by store_stmt_get (when there is the table). */
    sqlite3_stmt *st;
    if (store_has_table(s, "result") && store_stmt_get(s, store_results_sql, &st) == SQLITE_OK)
        store_stmt_put(s, st);
}

int store_schema_version(kh_store *s)
{
    int v;
    return user_version(s, &v) == SQLITE_OK ? v : -1;
}

/* Bring the schema up to date from version v (read when opening) in one
 * transaction; a second process that migrates at the same moment waits,
 * then finds nothing left to do. */
static kh_errcode migrate(kh_store *s, int v, kh_error *err)
{
    if (v > STORE_SCHEMA_VERSION)
        return kh_error_set(err, KH_E_DB_NEWER, "%s: schema %d > %d", s->path, v,
                            STORE_SCHEMA_VERSION);
    if (v == STORE_SCHEMA_VERSION) return KH_E_OK;
    /* Reading a database the last version wrote (the projector, say) must not
     * wait for someone to write to it. */
    /* Schemas 2 to 7 read as they are, with stand-ins for what they lack;
     * before 6 there is no chain yet (store_chain_verify says so), before 7
     * no results or amendments, before 8 no extensions (empty stand-ins). */
    if (s->read_only && v >= 2 && v <= 7) {
        kh_errcode crc = KH_E_OK;
        if (v == 2) crc = exec(s, compat_v2, err);
        if (!crc && v == 3) crc = exec(s, store_confirm_compat_v3, err);
        if (!crc && v <= 3) crc = exec(s, store_confirm_compat_tables, err);
        if (!crc && v <= 4) crc = exec(s, store_target_compat, err);
        if (!crc && v <= 6) crc = exec(s, store_result_compat, err);
        if (!crc && v <= 7) crc = exec(s, store_extend_compat, err);
        return crc;
    }
    /* Schema 0: an empty file, or one whose first writer was stopped before
     * it committed. For a reader that is no database yet. */
    if (s->read_only && v == 0) return kh_error_set(err, KH_E_DB_MISSING, "%s", s->path);
    if (s->read_only)
        return kh_error_set(err, KH_E_DB_READONLY, "%s: schema %d < %d", s->path, v,
                            STORE_SCHEMA_VERSION);
    kh_errcode rc = exec(s, "BEGIN IMMEDIATE", err);
    if (rc) return rc;
    /* Another process may have migrated it meanwhile: read it again. */
    int src = user_version(s, &v);
    if (src != SQLITE_OK) {
        rc = fail(s, src, err);
        exec(s, "ROLLBACK", NULL);
        return rc;
    }
    if (v > STORE_SCHEMA_VERSION) {
        exec(s, "ROLLBACK", NULL);
        return kh_error_set(err, KH_E_DB_NEWER, "%s: schema %d > %d", s->path, v,
                            STORE_SCHEMA_VERSION);
    }
    for (; v >= 0 && v < STORE_SCHEMA_VERSION; v++) {
        rc = exec(s, migrations[v], err);
        if (!rc && migrations[v] == store_chain_migration_sql) rc = store_chain_fill(s->db, err);
        if (!rc && migrations[v] == store_migration_extend) rc = store_extend_states(s, err);
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
    rc = exec(s, "COMMIT", err);
    if (!rc) store_chain_keep_head(s->db, &s->chain, s->path);
    return rc;
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
        return kh_error_set(err, code, "%s: %s", path, kh_strerrno(errno));
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
    kh_error_set(err, rc, "%s: %s (%s%s%s:%s %04o)", path, kh_strerrno(EACCES),
                 what == path ? "" : what, what == path ? "" : " ", pw ? pw->pw_name : uid,
                 gr ? gr->gr_name : gid, (unsigned)(st.st_mode & 07777));
    free(dir);
    return rc;
}

/* kehoach's own tables: a database that has them is kehoach's. */
static const char *const own_tables[] = {"task_state", "note", "history"};

/* Decide from its tables and its user_version v whether the open file is
 * kehoach's database, before anything is written to it. An SQLite file with
 * no table and version 0 is an empty one (*empty): a new database. Return
 * KH_E_OK; KH_E_DB_NEWER; KH_E_DB_FOREIGN, saying what the file holds, for
 * any other program's database, for one whose version is negative, 0 with
 * tables, or 1 and above without kehoach's tables; or another error. */
static kh_errcode classify(kh_store *s, int *version, bool *empty, kh_error *err)
{
    *empty = false;
    /* The version and the tables are read in one transaction: another process
     * making the database meanwhile must not look like a foreign file (its
     * tables, but the version read before it committed). */
    kh_errcode code = exec(s, "BEGIN", err);
    if (code) return code;
    int rc = user_version(s, version);
    if (rc != SQLITE_OK) {
        exec(s, "ROLLBACK", NULL);
        return fail(s, rc, err);
    }
    int v = *version;
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(s->db,
                            "SELECT name FROM sqlite_master WHERE type = 'table'"
                            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                            -1, &st, NULL);
    if (rc != SQLITE_OK) return fail(s, rc, err);
    unsigned own = 0;
    size_t others = 0;
    strbuf names = STRBUF_INIT;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        bool mine = false;
        for (size_t i = 0; name && i < KH_ARRAY_LEN(own_tables); i++)
            if (!strcmp(name, own_tables[i])) own |= 1u << i, mine = true;
        if (mine || !name) continue;
        /* Named in the message: the first few, so a person knows the file. */
        if (others < 4) sb_printf(&names, "%s%s", others ? ", " : "; ", name);
        others++;
    }
    sqlite3_finalize(st);
    exec(s, "COMMIT", NULL);
    if (rc != SQLITE_DONE) {
        sb_done(&names);
        return fail(s, rc, err);
    }
    if (others > 4) sb_printf(&names, ", … (%zu)", others);
    bool kehoach = own == (1u << KH_ARRAY_LEN(own_tables)) - 1;
    if (v < 0 || (v == 0 && (own || others)) || (v > 0 && !kehoach))
        code = kh_error_set(err, KH_E_DB_FOREIGN, "%s (user_version %d%s)", s->path, v,
                            sb_str(&names));
    else if (v > STORE_SCHEMA_VERSION)
        code = kh_error_set(err, KH_E_DB_NEWER, "%s: schema %d > %d", s->path, v,
                            STORE_SCHEMA_VERSION);
    else if (v == 0)
        *empty = true;
    sb_done(&names);
    return code;
}

/* Look at the file before SQLite does: what may become a database, what must
 * be refused untouched. Set *absent when there is no file yet. Return KH_E_OK
 * or the refusal. */
static kh_errcode inspect(kh_store *s, bool *absent, kh_error *err)
{
    *absent = false;
    kh_db_file f;
    kh_errcode rc = store_file_inspect(s->path, &f, err);
    /* Cannot be read: to read, that is "cannot open" (explained later). */
    if (rc == KH_E_DB_PERM && s->read_only) rc = KH_E_DB_OPEN;
    if (rc) {
        if (err) err->code = rc;
        return rc;
    }
    switch (f.kind) {
    case STORE_FILE_ABSENT: *absent = true; return KH_E_OK;
    case STORE_FILE_EMPTY:
        /* An empty file is a new database (a server's `install /dev/null`),
         * but only one named directly: through a symbolic link it may be
         * anybody's file, anywhere. */
        if (f.symlink && !s->read_only) {
            char target[4096];
            ssize_t n = readlink(s->path, target, sizeof target - 1);
            target[n > 0 ? n : 0] = '\0';
            return kh_error_set(err, KH_E_DB_LINK, "%s -> %s", s->path, target);
        }
        return KH_E_OK;
    case STORE_FILE_NOT_SQLITE: return kh_error_set(err, KH_E_DB_NOTADB, "%s", s->path);
    case STORE_FILE_SQLITE: break;
    case STORE_FILE_OTHER: return KH_E_DB_OPEN; /* err says what it is */
    }
    if (f.damaged) {
        snprintf(s->damage, sizeof s->damage, "%s", f.damage);
        /* Never written to; a reader may still read what is whole. */
        if (!s->read_only) return kh_error_set(err, KH_E_DB_CORRUPT, "%s: %s", s->path, f.damage);
    }
    return KH_E_OK;
}

/* Return path as an SQLite URI ("file:..." with % ? # and controls escaped)
 * that opens it immutable: read as it is, with no lock and no -shm. */
static char *immutable_uri(const char *path)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20 || *p == 0x7f)
            sb_printf(&sb, "%%%02X", *p);
        else
            sb_putc(&sb, (char)*p);
    }
    sb_puts(&sb, "?immutable=1");
    return sb.data;
}

static bool whole_alone(const kh_store *s);

/* Return true when SQLite's rc on a read-only connection's first read means
 * it could not make the WAL's -shm (a folder it may not write, a read-only
 * file system), and the file is whole without it: no WAL beside it, or an
 * empty one, so nobody has a change in it. */
static bool needs_immutable(const kh_store *s, int rc)
{
    if (!s->read_only || (rc != SQLITE_READONLY_DIRECTORY && rc != SQLITE_READONLY_CANTINIT &&
                          (rc & 0xff) != SQLITE_CANTOPEN))
        return false;
    return whole_alone(s);
}

/* Return true when a reader should read s->path immutable from the start:
 * this user cannot write the file (a read-only file, another's), so SQLite
 * would leave a -wal and -shm of theirs beside it in a folder they may
 * write; and the file is whole without them (whole_alone). */
static bool immutable_at_once(const kh_store *s)
{
    return s->read_only && faccessat(AT_FDCWD, s->path, W_OK, AT_EACCESS) != 0 && whole_alone(s);
}

/* Return true when no WAL is beside s->path with a change in it, nor a
 * -shm: nobody has the database open, and the file is whole alone. */
static bool whole_alone(const kh_store *s)
{
    char *wal = xasprintf("%s-wal", s->path), *shm = xasprintf("%s-shm", s->path);
    struct stat st;
    bool whole = (stat(wal, &st) != 0 || st.st_size == 0) && stat(shm, &st) != 0;
    free(wal);
    free(shm);
    return whole;
}

/* Open the connection to s->path and make it ready: the file judged
 * (classify), and for a writer WAL mode and the schema migrated. A reader
 * that cannot make the -shm of a WAL database reads it immutable (see
 * needs_immutable). Return KH_E_OK or an error (s->db may be left open). */
static kh_errcode open_connection(kh_store *s, kh_error *err)
{
    /* SQLite is mapped by the first store opened, not at start (issue 18):
     * loaded by store_open already, this only answers. */
    kh_errcode dl = store_sqlite_dl_load(err);
    if (dl) return dl;
    const char *path = s->path;
    int oflags = (s->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) |
                 SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    bool at_once = immutable_at_once(s);
    int src = at_once ? SQLITE_OK : sqlite3_open_v2(path, &s->db, oflags, NULL);
    if (src != SQLITE_OK) return fail(s, src, err);
    if (!at_once) sqlite3_busy_timeout(s->db, 5000);
    /* Reading the schema version is the first touch of the file: a file that
     * is not a database fails here. */
    int version = 0;
    src = at_once ? SQLITE_CANTOPEN : user_version(s, &version);
    if (at_once || (src != SQLITE_OK && needs_immutable(s, src))) {
        sqlite3_close(s->db);
        char *uri = immutable_uri(path);
        src = sqlite3_open_v2(uri, &s->db, oflags | SQLITE_OPEN_URI, NULL);
        free(uri);
        if (src == SQLITE_OK) src = user_version(s, &version);
        s->immutable = src == SQLITE_OK;
        if (s->immutable) {
            struct stat st;
            if (stat(path, &st) == 0) s->seen = st;
        }
    }
    if (src != SQLITE_OK) return fail(s, src, err);
    /* Another program's database, or a newer kehoach's, is refused before
     * anything is written to it, even the journal mode. */
    bool empty;
    kh_errcode rc = classify(s, &version, &empty, err);
    if (rc) return rc;
    if (!s->read_only) {
        sqlite3_stmt *st;
        src = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
        if (src != SQLITE_OK) return fail(s, src, err);
        src = sqlite3_step(st);
        const char *mode = src == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        bool wal = mode && !strcmp(mode, "wal");
        sqlite3_finalize(st);
        if (src != SQLITE_ROW) return fail(s, src, err);
        if (!wal) return kh_error_set(err, KH_E_DB_NOWAL, "%s", path);
        if ((rc = exec(s, "PRAGMA synchronous = FULL", err))) return rc;
        /* After a checkpoint, cut the WAL back to 4 MiB: a long-running reader
         * (the projector) must not let it grow without bound. */
        if ((rc = exec(s, "PRAGMA journal_size_limit = 4194304", err))) return rc;
    }
    return migrate(s, version, err);
}

kh_errcode store_open(const char *path, int flags, kh_store **out, kh_error *err)
{
    *out = NULL;
    /* SQLite first: without it no file is made for a database it cannot open. */
    kh_errcode dl = store_sqlite_dl_load(err);
    if (dl) return dl;
    kh_store *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->read_only = flags & STORE_READ_ONLY;
    kh_errcode rc = KH_E_OK;
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        rc = kh_error_set(err, KH_E_DB_OPEN, "%s: %s", path, kh_strerrno(EISDIR));
        goto fail;
    }
    bool absent;
    if ((rc = inspect(s, &absent, err)) != KH_E_OK) goto fail;
    if (s->read_only && absent) {
        rc = kh_error_set(err, KH_E_DB_MISSING, "%s", path);
        goto fail;
    }
    if ((rc = store_fs_check_local(path, err)) != KH_E_OK) goto fail;
    /* A file this user cannot write: refused before SQLite, which would
     * open it for reading all the same and leave -wal and -shm beside it. */
    if (!s->read_only && !absent && (rc = store_fs_check_writable(path, err)) != KH_E_OK) {
        if (rc == KH_E_DB_PERM) goto fail; /* whose it is, said by explain_access */
        store_close(s);
        return rc;
    }
    if (!s->read_only && absent && (rc = create_file(path, err)) != KH_E_OK) goto fail;
    /* Several first writers at once: SQLite answers "busy" without waiting
     * where waiting could deadlock (one turning the file to WAL while another
     * reads it). Open again, a little later each time, for about 5 s. */
    for (int tries = 0;
         (rc = open_connection(s, err)) == KH_E_DB_BUSY && !s->read_only && tries < 50; tries++) {
        kept_clear(s);
        sqlite3_close(s->db);
        s->db = NULL;
        struct timespec nap = {0, (10 + 5 * tries) * 1000000L};
        nanosleep(&nap, NULL);
    }
    if (rc) goto fail;
    *out = s;
    return KH_E_OK;
fail:
    /* On a read-only file system SQLite says no more than that it cannot open
     * the file (a WAL database needs its -shm beside it): say why. */
    if (rc == KH_E_DB_OPEN || rc == KH_E_DB_READONLY || rc == KH_E_IO) {
        char *dir = xstrdup(path);
        int why = access(path, W_OK) == 0 ? 0 : errno;
        if (why == ENOENT) why = access(dirname(dir), W_OK) == 0 ? 0 : errno;
        if (why == EROFS)
            rc = kh_error_set(err, s->read_only ? KH_E_DB_OPEN : KH_E_DB_READONLY, "%s: %s", path,
                              kh_strerrno(EROFS));
        free(dir);
    }
    if (rc == KH_E_DB_OPEN || rc == KH_E_DB_PERM || rc == KH_E_DB_READONLY)
        rc = explain_access(path, s->read_only, rc, err);
    store_close(s);
    return rc;
}

void store_close(kh_store *s)
{
    if (!s) return;
    if (s->db) { /* else never opened: SQLite may not even be loaded */
        for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->q[i]);
        kept_clear(s);
        sqlite3_close(s->db);
    }
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
    kh_errcode rc = store_load_state(s, plan, err);
    model_rollup(plan); /* a task with sub-items is their sum */
    return rc ? rc : store_load_note_counts(s, plan, err);
}

kh_errcode store_load_state(kh_store *s, kh_plan *plan, kh_error *err)
{
    sqlite3_stmt *st = stmt(s, Q_LOAD_STATE);
    if (!st) return fail(s, s->prep_rc, err);
    bind_text(st, 1, plan->id);
    int rc;
    size_t pos = 0; /* the rows come by task id: each search starts where the last ended */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = model_find_task_from(plan, (const char *)sqlite3_column_text(st, 0), &pos);
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
    if (rc == SQLITE_DONE) {
        kh_errcode c = store_confirm_load(s, plan, err);
        if (!c) c = store_extend_load(s, plan, err);    /* src/store_extend.c */
        return c ? c : store_target_load(s, plan, err); /* src/store_target.c */
    }
    return fail(s, rc, err);
}

kh_errcode store_load_note_counts(kh_store *s, kh_plan *plan, kh_error *err)
{
    sqlite3_stmt *st = stmt(s, Q_LOAD_NOTE_COUNTS);
    if (!st) return fail(s, s->prep_rc, err);
    bind_text(st, 1, plan->id);
    int rc;
    size_t pos = 0; /* by task id, as the state rows */
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long i = model_find_task_from(plan, (const char *)sqlite3_column_text(st, 0), &pos);
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
    sqlite3_stmt *st = stmt(s, Q_GET_STATE);
    if (!st) return fail(s, s->prep_rc, err);
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

kh_errcode store_task_state(kh_store *s, const char *plan_id, const char *task_id, kh_state *out,
                            bool *found, kh_error *err)
{
    *found = false;
    kh_errcode rc = read_state(s, plan_id, task_id, NULL, out, err);
    if (!rc) *found = out->version > 0;
    return rc;
}

/* Who writes history rows, and as part of which change. */
typedef struct {
    kh_store *s;
    const char *plan_id;
    const char *task_id;
    const char *user;
    char at[21];
    int64_t change;  /* the id of the change's first row */
    int64_t undo_of; /* the change an undo reverts, or 0 */
    bool first;      /* the next row is the change's first */
} writer;

/* Start a change inside the open transaction: its id is the id its first
 * history row will get. */
static kh_errcode writer_start(writer *w, kh_store *s, const char *plan_id, const char *task_id,
                               const char *user, int64_t when, int64_t undo_of, kh_error *err)
{
    *w = (writer){s, plan_id, task_id, user, "", 0, undo_of, true};
    date_format_utc((time_t)when, w->at);
    sqlite3_stmt *st = stmt(s, Q_NEXT_HISTORY_ID);
    if (!st) return fail(s, s->prep_rc, err);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) w->change = sqlite3_column_int64(st, 0);
    done(st);
    return rc == SQLITE_ROW ? KH_E_OK : fail(s, rc, err);
}

static kh_errcode add_history(writer *w, const char *field, const char *old_value,
                              const char *new_value, kh_error *err)
{
    sqlite3_stmt *st = stmt(w->s, Q_ADD_HISTORY);
    if (!st) return fail(w->s, w->s->prep_rc, err);
    if (w->first)
        sqlite3_bind_int64(st, 1, w->change);
    else
        sqlite3_bind_null(st, 1);
    bind_text(st, 2, w->plan_id);
    bind_text(st, 3, w->task_id);
    bind_text(st, 4, field);
    bind_text(st, 5, old_value);
    bind_text(st, 6, new_value);
    bind_text(st, 7, w->user);
    bind_text(st, 8, w->at);
    sqlite3_bind_int64(st, 9, w->change);
    if (w->undo_of)
        sqlite3_bind_int64(st, 10, w->undo_of);
    else
        sqlite3_bind_null(st, 10);
    int rc = sqlite3_step(st);
    done(st);
    w->first = false;
    if (rc != SQLITE_DONE) return fail(w->s, rc, err);
    return store_chain_link(w->s, "history", sqlite3_last_insert_rowid(w->s->db), err);
}

static const char *date_or_null(kh_date d, char buf[11])
{
    return d == KH_NO_DATE ? NULL : date_format_iso(d, buf);
}

/* Read into *out the progress task_id had before it was last made done, as
 * its history says, or -1 when it does not say. Return KH_E_OK or an error. */
static kh_errcode progress_before_done(kh_store *s, const char *plan_id, const char *task_id,
                                       int *out, kh_error *err)
{
    *out = -1;
    sqlite3_stmt *st = stmt(s, Q_BEFORE_DONE);
    if (!st) return fail(s, s->prep_rc, err);
    bind_text(st, 1, plan_id);
    bind_text(st, 2, task_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        char *end;
        long p = v ? strtol((const char *)v, &end, 10) : -1;
        if (v && !*end && p >= 0 && p <= 100) *out = (int)p;
        rc = SQLITE_DONE;
    }
    done(st);
    return rc == SQLITE_DONE ? KH_E_OK : fail(s, rc, err);
}

/* Return the record fields of a saved state. */
static kh_record record_of(const kh_state *st)
{
    return (kh_record){st->status, st->progress, st->completed};
}

static bool same_value(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

/* Write a history row for each state field that differs between old and
 * now, in the order of the field table. */
static kh_errcode add_state_history(writer *w, const kh_state *old, const kh_state *now,
                                    kh_error *err)
{
    kh_record a = record_of(old), b = record_of(now);
    kh_errcode e = KH_E_OK;
    for (int f = 1; !e && f < KF_COUNT; f++) {
        if (!model_field_is_state((kh_field)f)) continue;
        char x[KH_FIELD_BUF], y[KH_FIELD_BUF];
        const char *from = model_field_get(&a, (kh_field)f, x);
        const char *to = model_field_get(&b, (kh_field)f, y);
        if (!same_value(from, to)) e = add_history(w, model_field_code((kh_field)f), from, to, err);
    }
    return e;
}

/* Write the change inside the open transaction. */
static kh_errcode write_change(kh_store *s, const char *plan_id, const char *task_id,
                               const kh_change *c, const char *user, int64_t when,
                               const kh_state *old, kh_state *now, kh_error *err)
{
    *now = *old;
    /* Taken out of done with no progress given: back to the progress it
     * had before (model_next_progress), which only the history knows. */
    int before_done = -1;
    if (old->status == ST_DONE && c->status >= 0 && c->status != ST_DONE && c->progress < 0) {
        kh_errcode e = progress_before_done(s, plan_id, task_id, &before_done, err);
        if (e) return e;
    }
    kh_progress next =
        model_next_progress((kh_progress){old->status, old->progress, old->completed, REOPEN_NO},
                            c->status, c->progress, before_done, c->today);
    now->reopen = next.reopen;
    now->status = next.status;
    now->progress = next.progress;
    now->completed = next.completed;
    bool changed = now->status != old->status || now->progress != old->progress ||
                   now->completed != old->completed;
    if (!changed && !c->note && !c->also) return KH_E_OK;
    now->version = old->version + 1;
    snprintf(now->updated_by, sizeof now->updated_by, "%s", user);
    now->updated_at = when;
    writer w;
    kh_errcode e = writer_start(&w, s, plan_id, task_id, user, when, 0, err);
    if (e) return e;
    const char *at = w.at;

    sqlite3_stmt *st = stmt(s, Q_PUT_STATE);
    if (!st) return fail(s, s->prep_rc, err);
    char done_buf[11];
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

    e = add_state_history(&w, old, now, err);
    if (!e && c->note) {
        st = stmt(s, Q_ADD_NOTE);
        if (!st) return fail(s, s->prep_rc, err);
        bind_text(st, 1, plan_id);
        bind_text(st, 2, task_id);
        bind_text(st, 3, c->note);
        bind_text(st, 4, user);
        bind_text(st, 5, at);
        sqlite3_bind_int64(st, 6, w.change);
        bind_text(st, 7, c->note_kind ? model_note_kind_code((kh_note_kind)c->note_kind) : NULL);
        rc = sqlite3_step(st);
        done(st);
        if (rc != SQLITE_DONE) return fail(s, rc, err);
        e = store_chain_link(s, "note", sqlite3_last_insert_rowid(s->db), err);
        if (!e) e = add_history(&w, model_field_code(KF_NOTE), NULL, c->note, err);
    }
    if (!e && c->withdraw_doc && now->status == ST_WITHDRAWN)
        e = add_history(&w, model_field_code(KF_WITHDRAW_DOC), NULL, c->withdraw_doc, err);
    if (!e) e = store_change_day(s, plan_id, w.change, c->effective, when, err);
    if (!e && c->also) {
        kh_store_also a = {plan_id, task_id, user, at, w.change, w.first, old, c->also_ctx};
        e = c->also(s, &a, err);
    }
    return e;
}

/* End the transaction a write began: commit when e is KH_E_OK, else (or
 * when the commit fails) roll back. Return e, or the commit's error. */
static kh_errcode finish_write(kh_store *s, kh_errcode e, kh_error *err)
{
    if (!e) {
        /* The head this write leaves, read while it still holds the
         * database: after the commit that would be a read of its own. */
        int64_t seq;
        char head[65];
        bool linked = store_chain_head(s->db, &s->chain, &seq, head);
        int rc = step_once(s, Q_COMMIT);
        if (rc == SQLITE_DONE) {
            if (linked) store_chain_write_head(s->path, seq, head);
            return KH_E_OK;
        }
        e = fail(s, rc, err);
    }
    if (!sqlite3_get_autocommit(s->db)) step_once(s, Q_ROLLBACK);
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
    int rc = step_once(s, Q_BEGIN);
    if (rc != SQLITE_DONE) return fail(s, rc, err);
    kh_state old;
    kh_errcode e = read_state(s, plan_id, task_id, base, &old, err);
    if (!e && change->expected_version >= 0 && old.version != change->expected_version)
        e = kh_error_by(err, KH_E_CONFLICT, KH_R_CHANGED_SINCE, old.updated_by, old.updated_at);
    if (!e) e = write_change(s, plan_id, task_id, change, user, now, &old, out, err);
    return finish_write(s, e, err);
}

static kh_errcode read_notes(kh_store *s, const char *plan_id, const char *task_id,
                             bool withdrawn_too, kh_note **out, size_t *n, kh_error *err)
{
    sqlite3_stmt *st = stmt(s, task_id ? Q_NOTES_TASK : Q_NOTES_ALL);
    if (!st) return fail(s, s->prep_rc, err);
    bind_text(st, 1, plan_id);
    if (task_id) bind_text(st, 2, task_id);
    sqlite3_bind_int(st, 3, withdrawn_too);
    kh_note *v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        KH_GROW(v, len, cap);
        v[len++] = (kh_note){sqlite3_column_int64(st, 0),
                             text_col(st, 1),
                             text_col(st, 2),
                             text_col(st, 3),
                             time_col(st, 4),
                             sqlite3_column_type(st, 5) != SQLITE_NULL,
                             store_note_kind_col(st, 6),
                             date_col(st, 7)};
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

kh_errcode store_notes(kh_store *s, const char *plan_id, const char *task_id, kh_note **out,
                       size_t *n, kh_error *err)
{
    return read_notes(s, plan_id, task_id, false, out, n, err);
}

kh_errcode store_notes_all(kh_store *s, const char *plan_id, const char *task_id, kh_note **out,
                           size_t *n, kh_error *err)
{
    return read_notes(s, plan_id, task_id, true, out, n, err);
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

/* A history row of a statement selecting HISTORY_COLS; its change is
 * change_id, or, for a row written before schema 3, its own id (see
 * group_legacy). */
static kh_history history_row(sqlite3_stmt *st)
{
    int64_t id = sqlite3_column_int64(st, 0);
    char *field = text_col(st, 2);
    return (kh_history){id,
                        text_col(st, 1),
                        field,
                        model_field_parse(field),
                        text_col(st, 3),
                        text_col(st, 4),
                        text_col(st, 5),
                        time_col(st, 6),
                        sqlite3_column_type(st, 7) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 7),
                        sqlite3_column_int64(st, 8),
                        date_col(st, 9)};
}

/* Whether b continues the change a began, for rows written before schema 3:
 * the next row, of the same task, user and second. */
static bool same_legacy_change(const kh_history *a, const kh_history *b)
{
    return b->id == a->id + 1 && b->change == 0 && a->task_id && b->task_id &&
           !strcmp(a->task_id, b->task_id) && a->user && b->user && !strcmp(a->user, b->user) &&
           a->at == b->at;
}

/* Give rows written before schema 3 (change 0) the change they belong to:
 * the id of the first row of their run. v is in id order. */
static void group_legacy(kh_history *v, size_t n)
{
    bool prev_legacy = false;
    for (size_t i = 0; i < n; i++) {
        bool legacy = v[i].change == 0;
        if (legacy)
            v[i].change = i && prev_legacy && same_legacy_change(&v[i - 1], &v[i]) ? v[i - 1].change
                                                                                   : v[i].id;
        prev_legacy = legacy;
    }
}

/* Read every row of history statement st into a new array; return its
 * status, with the rows in *out and their count in *n. */
static kh_errcode read_history(kh_store *s, sqlite3_stmt *st, kh_history **out, size_t *n,
                               kh_error *err)
{
    kh_history *v = NULL;
    size_t len = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        KH_GROW(v, len, cap);
        v[len++] = history_row(st);
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

kh_errcode store_history_query(kh_store *s, const char *plan_id, const kh_history_filter *f,
                               kh_history **out, size_t *n, kh_error *err)
{
    const char *task_id = f ? f->task_id : NULL;
    sqlite3_stmt *st = stmt(s, task_id ? Q_HISTORY_TASK : Q_HISTORY_ALL);
    if (!st) return fail(s, s->prep_rc, err);
    bind_text(st, 1, plan_id);
    if (task_id) bind_text(st, 2, task_id);
    bind_text(st, 3, f ? f->user : NULL);
    char since[21];
    bind_text(st, 4, f && f->since ? date_format_utc((time_t)f->since, since) : NULL);
    kh_history *v;
    size_t len;
    kh_errcode e = read_history(s, st, &v, &len, err);
    if (e) return e;
    group_legacy(v, len);
    *out = v;
    *n = len;
    return KH_E_OK;
}

kh_errcode store_history(kh_store *s, const char *plan_id, const char *task_id, kh_history **out,
                         size_t *n, kh_error *err)
{
    kh_history_filter f = {task_id, NULL, 0};
    return store_history_query(s, plan_id, &f, out, n, err);
}

/* Free the strings of n history rows (not the array). */
static void store_history_free_rows(kh_history *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(h[i].task_id);
        free(h[i].field);
        free(h[i].old_value);
        free(h[i].new_value);
        free(h[i].user);
    }
}

void store_history_free(kh_history *h, size_t n)
{
    store_history_free_rows(h, n);
    free(h);
}

kh_errcode store_orphans(kh_store *s, const kh_plan *plan, char ***ids, size_t *n, kh_error *err)
{
    sqlite3_stmt *st = stmt(s, Q_TASK_IDS);
    if (!st) return fail(s, s->prep_rc, err);
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

/* ---- undo ---- */

/* Set *change to the change of history row h: its change_id, or for a row
 * written before schema 3, the first row of its run. Return KH_E_OK or an
 * error. */
static kh_errcode change_of(kh_store *s, const char *plan_id, const kh_history *h, int64_t *change,
                            kh_error *err)
{
    if (h->change) {
        *change = h->change;
        return KH_E_OK;
    }
    sqlite3_stmt *st = stmt(s, Q_ROWS_NEAR);
    if (!st) return fail(s, s->prep_rc, err);
    sqlite3_bind_int64(st, 1, h->id);
    bind_text(st, 2, plan_id);
    kh_history v[16];
    size_t len = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (len == KH_ARRAY_LEN(v)) break;
        v[len++] = history_row(st);
    }
    done(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        store_history_free_rows(v, len);
        return fail(s, rc, err);
    }
    group_legacy(v, len);
    *change = h->id;
    for (size_t i = 0; i < len; i++)
        if (v[i].id == h->id) *change = v[i].change;
    store_history_free_rows(v, len);
    return KH_E_OK;
}

/* Set *undone to whether change was undone. Return KH_E_OK or an error. */
static kh_errcode is_undone(kh_store *s, const char *plan_id, int64_t change, bool *undone,
                            kh_error *err)
{
    sqlite3_stmt *st = stmt(s, Q_UNDONE);
    if (!st) return fail(s, s->prep_rc, err);
    bind_text(st, 1, plan_id);
    sqlite3_bind_int64(st, 2, change);
    int rc = sqlite3_step(st);
    *undone = rc == SQLITE_ROW;
    done(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? KH_E_OK : fail(s, rc, err);
}

/* Read the rows of change `change` of a task, oldest first. Return KH_E_OK
 * (none found: *n is 0) or an error. */
static kh_errcode change_rows(kh_store *s, const char *plan_id, const char *task_id, int64_t change,
                              kh_history **out, size_t *n, kh_error *err)
{
    sqlite3_stmt *st = stmt(s, Q_CHANGE_ROWS);
    if (!st) return fail(s, s->prep_rc, err);
    bind_text(st, 1, plan_id);
    bind_text(st, 2, task_id);
    sqlite3_bind_int64(st, 3, change);
    kh_history *v;
    size_t len;
    kh_errcode e = read_history(s, st, &v, &len, err);
    if (e) return e;
    /* A change of schema 3 has its id on every row; an older one is the run
     * that starts at the row with its id. */
    size_t keep = 0;
    bool legacy = len && v[0].change == 0;
    for (size_t i = 0; i < len; i++) {
        bool in = legacy ? v[i].change == 0 &&
                               (i == 0 ? v[i].id == change
                                       : keep == i && same_legacy_change(&v[i - 1], &v[i]))
                         : v[i].change == change;
        if (in) {
            if (keep != i) {
                kh_history tmp = v[keep];
                v[keep] = v[i];
                v[i] = tmp;
            }
            keep++;
        }
    }
    for (size_t i = 0; i < keep; i++) v[i].change = change;
    store_history_free_rows(v + keep, len - keep);
    *out = v;
    *n = keep;
    if (!keep) {
        free(v);
        *out = NULL;
    }
    return KH_E_OK;
}

kh_errcode store_last_change(kh_store *s, const char *plan_id, const char *user,
                             const char *task_id, kh_history **out, size_t *n, kh_error *err)
{
    *out = NULL;
    *n = 0;
    sqlite3_stmt *st = stmt(s, task_id ? Q_USER_ROWS_TASK : Q_USER_ROWS_ALL);
    if (!st) return fail(s, s->prep_rc, err);
    bind_text(st, 1, plan_id);
    if (task_id) bind_text(st, 2, task_id);
    bind_text(st, 3, user);
    kh_errcode e = KH_E_OK;
    int64_t skip = -1, found = 0;
    char *found_task = NULL;
    int rc;
    /* Newest first: the first change that is not an undo and was not undone. */
    while (!found && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        kh_history h = history_row(st);
        int64_t change = 0;
        bool undone = false;
        if (!h.undo_of) e = change_of(s, plan_id, &h, &change, err);
        if (!e && !h.undo_of && change != skip) {
            e = is_undone(s, plan_id, change, &undone, err);
            if (!e && !undone) {
                found = change;
                found_task = xstrdup(h.task_id);
            }
            skip = change;
        }
        store_history_free_rows(&h, 1);
        if (e) break;
    }
    if (!e && !found && rc != SQLITE_DONE) e = fail(s, rc, err);
    done(st);
    if (!e && !found)
        e = kh_error_set(err, KH_E_NOT_FOUND, "%s%s%s", user, task_id ? ", " : "",
                         task_id ? task_id : "");
    if (!e) {
        e = change_rows(s, plan_id, found_task, found, out, n, err);
        if (!e && !*n) e = kh_error_set(err, KH_E_NOT_FOUND, "%s, %s", user, found_task);
    }
    if (e == KH_E_NOT_FOUND && err) err->reason = KH_R_NOTHING_TO_UNDO;
    free(found_task);
    return e;
}

/* Read into *who (heap, or NULL) and *at the last person other than user
 * who wrote to the task after row `after`, and when. Return KH_E_OK or an
 * error. */
static kh_errcode later_other(kh_store *s, const char *plan_id, const char *task_id, int64_t after,
                              const char *user, char **who, int64_t *at, kh_error *err)
{
    *who = NULL;
    *at = 0;
    sqlite3_stmt *st = stmt(s, Q_LATER_OTHER);
    if (!st) return fail(s, s->prep_rc, err);
    bind_text(st, 1, plan_id);
    bind_text(st, 2, task_id);
    sqlite3_bind_int64(st, 3, after);
    bind_text(st, 4, user);
    int rc = sqlite3_step(st);
    kh_errcode e = KH_E_OK;
    if (rc == SQLITE_ROW) {
        *who = text_col(st, 0);
        if (!*who) *who = xstrdup("");
        *at = time_col(st, 1);
    } else if (rc != SQLITE_DONE) {
        e = fail(s, rc, err);
    }
    done(st);
    return e;
}

/* Withdraw the note that history row h added; count it in *withdrawn. */
static kh_errcode withdraw_note(writer *w, const kh_history *h, int *withdrawn, kh_error *err)
{
    kh_store *s = w->s;
    sqlite3_stmt *st = stmt(s, Q_FIND_NOTE);
    if (!st) return fail(s, s->prep_rc, err);
    char at[21];
    bind_text(st, 1, w->plan_id);
    bind_text(st, 2, w->task_id);
    sqlite3_bind_int64(st, 3, h->change);
    bind_text(st, 4, h->user);
    bind_text(st, 5, date_format_utc((time_t)h->at, at));
    bind_text(st, 6, h->new_value);
    int rc = sqlite3_step(st);
    int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    done(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail(s, rc, err);
    if (!id) return KH_E_OK; /* not there any more: nothing to withdraw */
    st = stmt(s, Q_WITHDRAW_NOTE);
    if (!st) return fail(s, s->prep_rc, err);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, w->change);
    rc = sqlite3_step(st);
    done(st);
    if (rc != SQLITE_DONE) return fail(s, rc, err);
    kh_errcode e = store_chain_link(s, "note-withdrawn", id, err);
    if (e) return e;
    (*withdrawn)++;
    return add_history(w, model_field_code(KF_NOTE_WITHDRAWN), h->new_value, NULL, err);
}

/* Undo inside the open transaction: the facts read, the rule asked, the
 * state it gives written. */
static kh_errcode write_undo(kh_store *s, const char *plan_id, const char *task_id, int64_t change,
                             const kh_base_state *base, int64_t expected_version, const char *user,
                             int64_t when, kh_undo_rule rule, kh_state *now, int *withdrawn,
                             kh_error *err)
{
    kh_history *rows = NULL;
    size_t n = 0;
    kh_errcode e = change_rows(s, plan_id, task_id, change, &rows, &n, err);
    if (e) return e;
    bool undone = false;
    if (n) e = is_undone(s, plan_id, change, &undone, err);
    kh_state old = {0};
    if (!e) e = read_state(s, plan_id, task_id, base, &old, err);
    char *later = NULL;
    int64_t later_at = 0;
    if (!e && n) e = later_other(s, plan_id, task_id, rows[n - 1].id, user, &later, &later_at, err);
    kh_record restored = record_of(&old);
    if (!e) {
        kh_undo_facts f = {user,           task_id,          rows,        n,
                           undone,         record_of(&old),  old.version, old.updated_by,
                           old.updated_at, expected_version, later,       later_at};
        e = rule(&f, &restored, err);
    }
    free(later);
    writer w = {0};
    if (!e) e = writer_start(&w, s, plan_id, task_id, user, when, change, err);
    *now = old;
    now->status = restored.status;
    now->progress = restored.progress;
    now->completed = restored.completed;
    now->version = old.version + 1;
    now->updated_at = when;
    snprintf(now->updated_by, sizeof now->updated_by, "%s", user);
    sqlite3_stmt *st = e ? NULL : stmt(s, Q_PUT_STATE);
    if (!e && !st) e = fail(s, s->prep_rc, err);
    if (!e) {
        char buf[11];
        bind_text(st, 1, plan_id);
        bind_text(st, 2, task_id);
        bind_text(st, 3, model_status_code(now->status));
        sqlite3_bind_int(st, 4, now->progress);
        bind_text(st, 5, date_or_null(now->completed, buf));
        bind_text(st, 6, w.at);
        bind_text(st, 7, user);
        sqlite3_bind_int64(st, 8, now->version);
        int rc = sqlite3_step(st);
        done(st);
        if (rc != SQLITE_DONE) e = fail(s, rc, err);
    }
    if (!e) e = add_state_history(&w, &old, now, err);
    for (size_t i = 0; !e && i < n; i++)
        if (rows[i].kind == KF_NOTE) e = withdraw_note(&w, &rows[i], withdrawn, err);
    for (size_t i = 0; !e && i < n; i++) /* a confirmation, an assignment */
        if (store_confirm_undoes(rows[i].kind)) {
            e = store_confirm_withdraw(s, plan_id, &rows[i], w.change, w.first, user, w.at, err);
            w.first = false;
        }
    if (!e && w.first) e = kh_error_set(err, KH_E_NOT_FOUND, "%s, %s", user, task_id);
    store_history_free(rows, n);
    return e;
}

kh_errcode store_undo(kh_store *s, const char *plan_id, const char *task_id, int64_t change,
                      const kh_base_state *base, int64_t expected_version, const char *user,
                      int64_t now, kh_undo_rule rule, kh_state *out, int *withdrawn, kh_error *err)
{
    *withdrawn = 0;
    if (s->read_only) return kh_error_set(err, KH_E_DB_READONLY, "%s", s->path);
    int rc = step_once(s, Q_BEGIN);
    if (rc != SQLITE_DONE) return fail(s, rc, err);
    kh_errcode e = write_undo(s, plan_id, task_id, change, base, expected_version, user, now, rule,
                              out, withdrawn, err);
    e = finish_write(s, e, err);
    if (e) *withdrawn = 0;
    return e;
}

/* ---- for the store's other files (src/store_int.h) ---- */

sqlite3 *store_sqlite(kh_store *s)
{
    return s->db;
}

bool store_read_only(const kh_store *s)
{
    return s->read_only;
}

const char *store_path(const kh_store *s)
{
    return s->path;
}

kh_errcode store_sqlite_fail(kh_store *s, int rc, kh_error *err)
{
    return fail(s, rc, err);
}

kh_errcode store_write_begin(kh_store *s, kh_error *err)
{
    if (s->read_only) return kh_error_set(err, KH_E_DB_READONLY, "%s", s->path);
    int rc = step_once(s, Q_BEGIN);
    return rc == SQLITE_DONE ? KH_E_OK : fail(s, rc, err);
}

kh_errcode store_chain_link(kh_store *s, const char *kind, int64_t row_id, kh_error *err)
{
    return store_chain_append(s->db, &s->chain, kind, row_id, err);
}

kh_errcode store_write_end(kh_store *s, kh_errcode e, kh_error *err)
{
    return finish_write(s, e, err);
}

kh_errcode store_change_start(store_change *c, kh_store *s, const char *plan_id,
                              const char *task_id, const char *user, int64_t when, int64_t undo_of,
                              kh_error *err)
{
    writer w;
    kh_errcode e = writer_start(&w, s, plan_id, task_id, user, when, undo_of, err);
    *c = (store_change){s, plan_id, task_id, user, "", w.change, undo_of, true};
    memcpy(c->at, w.at, sizeof c->at);
    return e;
}

kh_errcode store_change_row(store_change *c, const char *field, const char *old_value,
                            const char *new_value, kh_error *err)
{
    writer w = {c->s, c->plan_id, c->task_id, c->user, "", c->change, c->undo_of, c->first};
    memcpy(w.at, c->at, sizeof w.at);
    kh_errcode e = add_history(&w, field, old_value, new_value, err);
    c->first = w.first;
    return e;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    bind_text(st, i, v);
}

char *store_text_col(sqlite3_stmt *st, int i)
{
    return text_col(st, i);
}

int64_t store_time_col(sqlite3_stmt *st, int i)
{
    return time_col(st, i);
}

bool store_has_table(kh_store *s, const char *name)
{
    static const char sql[] =
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1"
        " UNION ALL SELECT 1 FROM sqlite_temp_schema WHERE type = 'table' AND name = ?1";
    for (int i = 0; i < HAS_KEPT; i++) /* a table found stays: none is ever dropped */
        if (!strcmp(s->has[i], name)) return true;
    sqlite3_stmt *st;
    if (store_stmt_get(s, sql, &st) != SQLITE_OK) return false;
    bind_text(st, 1, name);
    bool found = sqlite3_step(st) == SQLITE_ROW;
    store_stmt_put(s, st);
    for (int i = 0; found && i < HAS_KEPT; i++)
        if (!s->has[i][0] && strlen(name) < sizeof s->has[i]) {
            strcpy(s->has[i], name);
            break;
        }
    return found;
}

kh_errcode store_chain_verify(kh_store *s, kh_chain_report *out, kh_error *err)
{
    return store_chain_verify_db(s->db, s->path, out, err);
}
