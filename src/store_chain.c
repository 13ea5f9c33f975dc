/* The hash chain over the records that are never rewritten: history rows,
 * notes, and a note's withdrawal. A store file: SQL and SHA-256 (nettle).
 *
 * Each record has one link in the table `chain` (seq, kind, row_id, hash):
 *
 *     hash = hex(SHA-256(previous hash || "\n" || kind || "\n" || canonical))
 *
 * where the previous hash of the first link is 64 "0"s and canonical is the
 * record's columns as stored, in the fixed order of the kinds table below,
 * each written by SQLite's quote() (text quoted with '' doubled, NULL,
 * integers in digits, blobs as X'..') and joined by ",". A record that gains
 * a column is a new kind (e.g. "history2") from then on, so that the links
 * of old records keep matching. The head of the chain is also kept beside
 * the database in FILE-head, so that an older copy put back is found. */
#include "store_chain.h"
#include "store_words.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash_dl.h"
#include "kehoach/util.h"

typedef struct {
    const char *kind;    /* the name in chain.kind */
    const char *table;   /* the table that holds the record */
    const char *columns; /* hashed, in this order: never change a kind's list */
    const char *where;   /* which rows of the table are records of this kind, or NULL */
} chain_kind;

/* Add a kind here (and a store_chain_append call where its rows are
 * inserted) to chain a new table: confirmations, measurements next. */
static const chain_kind kinds[] = {
    {"history", "history",
     "id, plan_id, task_id, field, old_value, new_value, user, at, change_id, undo_of", NULL},
    {"note", "note", "id, plan_id, task_id, body, author, created_at, change_id", NULL},
    /* An undo marks a note withdrawn, once: that mark is a record too. */
    {"note-withdrawn", "note", "id, withdrawn", "withdrawn IS NOT NULL"},
    /* Issue 12 (schema 7): a task's result, a plan's amendment, and the
     * mark an undo puts on each. */
    {"result", "result", "id, plan_id, task_id, doc, file_name, sha256, size, user, at, change_id",
     NULL},
    {"result-withdrawn", "result", "id, withdrawn", "withdrawn IS NOT NULL"},
    {"amendment", "amendment",
     "id, plan_id, task_id, kind, text, lead, deadline, doc, user, at, change_id", NULL},
    {"amendment-withdrawn", "amendment", "id, withdrawn", "withdrawn IS NOT NULL"},
    /* Schema 8: a deadline's extension, its withdrawal by an undo, and the
     * day a change takes effect (--today, --on). */
    {"extension", "extension", "id, plan_id, task_id, due, doc, reason, user, at, change_id", NULL},
    {"extension-withdrawn", "extension", "id, withdrawn", "withdrawn IS NOT NULL"},
    {"change-day", "change_day", "change_id, plan_id, day", NULL},
};

static const char zero_hash[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

const char store_chain_migration_sql[] =
    "CREATE TABLE chain ("
    "  seq INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL,"
    "  row_id INTEGER NOT NULL,"
    "  hash TEXT NOT NULL,"
    "  UNIQUE (kind, row_id)"
    ");"
    "CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain"
    " BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END;"
    "CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain"
    " BEGIN SELECT RAISE(ABORT, 'the chain is append-only'); END;";

static const chain_kind *kind_named(const char *name)
{
    for (size_t i = 0; i < KH_ARRAY_LEN(kinds); i++)
        if (!strcmp(kinds[i].kind, name)) return &kinds[i];
    return NULL;
}

/* Record db's last failure in err, by its kind as the store names them (a
 * damaged page of the chain is a damaged database, a full disk a full
 * one); return the code. */
static kh_errcode db_fail(sqlite3 *db, kh_error *err)
{
    kh_errcode code;
    switch (sqlite3_errcode(db) & 0xff) {
    case SQLITE_CORRUPT: code = KH_E_DB_CORRUPT; break;
    case SQLITE_NOTADB: code = KH_E_DB_NOTADB; break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: code = KH_E_DB_BUSY; break;
    case SQLITE_FULL: code = KH_E_DB_FULL; break;
    case SQLITE_READONLY: code = KH_E_DB_READONLY; break;
    case SQLITE_IOERR: code = KH_E_IO; break;
    default: code = KH_E_DB; break;
    }
    char words[128];
    return kh_error_set(err, code, "%s",
                        store_sqlite_words(sqlite3_errcode(db), words, sizeof words));
}

/* Return the SELECT of kind k's canonical text for one rowid (?1), one
 * quote()d column each, joined by "," as they are hashed: the same bytes
 * as quote(a) || ',' || quote(b) ..., cheaper to compile and to run. A heap
 * string. */
static char *canonical_sql(const chain_kind *k)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, "SELECT ");
    const char *c = k->columns;
    bool first = true;
    while (*c) {
        size_t n = strcspn(c, ",");
        sb_printf(&sb, "%squote(%.*s)", first ? "" : ", ", (int)n, c);
        first = false;
        c += n;
        while (*c == ',' || *c == ' ') c++;
    }
    sb_printf(&sb, " FROM %s WHERE rowid = ?1%s%s", k->table, k->where ? " AND " : "",
              k->where ? k->where : "");
    char *s = xstrdup(sb_str(&sb));
    sb_done(&sb);
    return s;
}

/* Write into out (65 bytes) the link hash after prev for a record of kind
 * whose canonical text is the columns of st's row, joined by ",". */
static void link_hash(const char *prev, const char *kind, sqlite3_stmt *st, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    struct sha256_ctx c;
    uint8_t d[SHA256_DIGEST_SIZE];
    sha256_init(&c);
    sha256_update(&c, 64, (const uint8_t *)prev);
    sha256_update(&c, 1, (const uint8_t *)"\n");
    sha256_update(&c, strlen(kind), (const uint8_t *)kind);
    sha256_update(&c, 1, (const uint8_t *)"\n");
    for (int i = 0, n = sqlite3_column_count(st); i < n; i++) {
        if (i) sha256_update(&c, 1, (const uint8_t *)",");
        const uint8_t *text = sqlite3_column_blob(st, i); /* quote(): never NULL */
        size_t len = (size_t)sqlite3_column_bytes(st, i);
        if (text) sha256_update(&c, len, text);
    }
    sha256_digest(&c, sizeof d, d);
    for (size_t i = 0; i < sizeof d; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[64] = '\0';
}

/* Where store_chain_stmts keeps what: first each kind's canonical text (by
 * its index in kinds), then these. */
enum { ST_LAST = KH_ARRAY_LEN(kinds), ST_INSERT, ST_END };
_Static_assert((int)ST_END == (int)STORE_CHAIN_STMTS, "store_chain.h: STORE_CHAIN_STMTS");

void store_chain_stmts_done(store_chain_stmts *kept)
{
    for (int i = 0; i < STORE_CHAIN_STMTS; i++) {
        sqlite3_finalize(kept->st[i]);
        kept->st[i] = NULL;
    }
}

/* Put in *st statement i of kept for sql, prepared now when kept has none
 * yet or is NULL. Return SQLite's code. Give it back with give_back. */
static int take(sqlite3 *db, store_chain_stmts *kept, int i, const char *sql, sqlite3_stmt **st)
{
    if (!kept) return sqlite3_prepare_v2(db, sql, -1, st, NULL);
    if (kept->st[i]) {
        *st = kept->st[i];
        return SQLITE_OK;
    }
    int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    if (rc == SQLITE_OK) kept->st[i] = *st;
    return rc;
}

/* Give back a statement of take: reset for its next use, or finalized when
 * it is not kept. */
static void give_back(store_chain_stmts *kept, sqlite3_stmt *st)
{
    if (kept) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    } else {
        sqlite3_finalize(st);
    }
}

/* Compute into out the link after prev of kind k's record row_id, from its
 * canonical text read with kept's statement for k. Return SQLITE_ROW,
 * SQLITE_DONE (no such record) or an error. */
static int canonical_link(sqlite3 *db, store_chain_stmts *kept, const chain_kind *k, int64_t row_id,
                          const char *prev, char out[65])
{
    int i = (int)(k - kinds);
    char *sql = kept && kept->st[i] ? NULL : canonical_sql(k); /* built only to prepare it */
    sqlite3_stmt *st;
    int rc = take(db, kept, i, sql ? sql : "", &st);
    free(sql);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_int64(st, 1, row_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) link_hash(prev, k->kind, st, out);
    give_back(kept, st);
    return rc;
}

/* Read the last link into *seq and head (65 bytes; zero_hash, seq 0 when
 * there is none), with kept's statement. Return SQLITE_OK or an error. */
static int last_link(sqlite3 *db, store_chain_stmts *kept, int64_t *seq, char head[65])
{
    *seq = 0;
    memcpy(head, zero_hash, 65);
    sqlite3_stmt *st;
    int rc = take(db, kept, ST_LAST, "SELECT seq, hash FROM chain ORDER BY seq DESC LIMIT 1", &st);
    if (rc != SQLITE_OK) return rc;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *seq = sqlite3_column_int64(st, 0);
        const char *h = (const char *)sqlite3_column_text(st, 1);
        snprintf(head, 65, "%s", h ? h : "");
        rc = SQLITE_DONE;
    }
    give_back(kept, st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Append the link of kind k's record row_id, with kept's statements. */
static kh_errcode append(sqlite3 *db, store_chain_stmts *kept, const chain_kind *k, int64_t row_id,
                         kh_error *err)
{
    kh_errcode dl = hash_dl_load(err); /* libnettle, mapped by the first link */
    if (dl) return dl;
    const char *kind = k->kind;
    int64_t seq;
    char prev[65], hash[65];
    if (last_link(db, kept, &seq, prev) != SQLITE_OK) return db_fail(db, err);
    int rc = canonical_link(db, kept, k, row_id, prev, hash);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? kh_error_set(err, KH_E_DB, "chain: %s %" PRId64, kind, row_id)
                                 : db_fail(db, err);
    sqlite3_stmt *st;
    rc = take(db, kept, ST_INSERT,
              "INSERT INTO chain (seq, kind, row_id, hash) VALUES (?1, ?2, ?3, ?4)", &st);
    if (rc != SQLITE_OK) return db_fail(db, err);
    sqlite3_bind_int64(st, 1, seq + 1);
    sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, row_id);
    sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    give_back(kept, st);
    return rc == SQLITE_DONE ? KH_E_OK : db_fail(db, err);
}

kh_errcode store_chain_append(sqlite3 *db, store_chain_stmts *kept, const char *kind,
                              int64_t row_id, kh_error *err)
{
    const chain_kind *k = kind_named(kind);
    if (!k) return kh_error_set(err, KH_E_INVALID, "chain: %s", kind);
    return append(db, kept, k, row_id, err);
}

/* Is there a table named name? */
static int has_table(sqlite3 *db, const char *name, bool *yes)
{
    *yes = false;
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(
        db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    *yes = rc == SQLITE_ROW;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* The records of kind k with no link, in rowid order, at most max of them
 * (0: all), into *ids (a heap array, *n long; none also when its table is
 * not there yet: a kind whose migration comes later). Return SQLITE_OK or
 * an error. */
static int unlinked(sqlite3 *db, const chain_kind *k, size_t max, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    bool there;
    int trc = has_table(db, k->table, &there);
    if (trc != SQLITE_OK || !there) return trc;
    char *sql = xasprintf("SELECT rowid FROM %s WHERE %s%srowid NOT IN"
                          " (SELECT row_id FROM chain WHERE kind = ?1) ORDER BY rowid",
                          k->table, k->where ? k->where : "", k->where ? " AND " : "");
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    free(sql);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_text(st, 1, k->kind, -1, SQLITE_STATIC);
    size_t cap = 0;
    while ((max == 0 || *n < max) && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        KH_GROW(*ids, *n, cap);
        (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

kh_errcode store_chain_fill(sqlite3 *db, kh_error *err)
{
    store_chain_stmts c = {0};
    kh_errcode rc = KH_E_OK;
    for (size_t i = 0; i < KH_ARRAY_LEN(kinds) && !rc; i++) {
        int64_t *ids;
        size_t n;
        if (unlinked(db, &kinds[i], 0, &ids, &n) != SQLITE_OK) rc = db_fail(db, err);
        for (size_t k = 0; k < n && !rc; k++) rc = append(db, &c, &kinds[i], ids[k], err);
        free(ids);
    }
    store_chain_stmts_done(&c);
    return rc;
}

/* The head file: one line "kehoach-chain SEQ HASH\n", padded to a fixed
 * size so that rewriting it in place is one small write. */
enum { HEAD_LINE = 128 };

/* Parse a head file's text into *seq and hash. Return true when it is one. */
static bool parse_head(const char *buf, int64_t *seq, char hash[65])
{
    long long s;
    char h[65];
    if (sscanf(buf, "kehoach-chain %lld %64[0-9a-f]", &s, h) != 2 || s < 0 || strlen(h) != 64)
        return false;
    *seq = s;
    memcpy(hash, h, 65);
    return true;
}

bool store_chain_head(sqlite3 *db, store_chain_stmts *kept, int64_t *seq, char hash[65])
{
    return last_link(db, kept, seq, hash) == SQLITE_OK && *seq > 0;
}

void store_chain_keep_head(sqlite3 *db, store_chain_stmts *kept, const char *db_path)
{
    int64_t seq;
    char head[65];
    if (store_chain_head(db, kept, &seq, head)) store_chain_write_head(db_path, seq, head);
}

void store_chain_write_head(const char *db_path, int64_t seq, const char *head)
{
    char *path = xasprintf("%s-head", db_path);
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    free(path);
    if (fd < 0) return;
    /* Two writers may finish at once: the later link wins. */
    struct stat st;
    if (flock(fd, LOCK_EX) == 0 && fstat(fd, &st) == 0) {
        struct stat dbst;
        /* Made now: give it the database's own mode, so the office group
         * can keep it up to date as it does the database. */
        if (st.st_size == 0 && stat(db_path, &dbst) == 0) (void)fchmod(fd, dbst.st_mode & 0666);
        char buf[HEAD_LINE + 1] = "";
        ssize_t n = st.st_size > 0 ? pread(fd, buf, HEAD_LINE, 0) : 0;
        int64_t had = -1;
        char had_hash[65];
        if (n > 0) {
            buf[n] = '\0';
            if (!parse_head(buf, &had, had_hash)) had = -1;
        }
        if (had < seq) {
            char line[HEAD_LINE];
            memset(line, ' ', sizeof line);
            int len = snprintf(line, sizeof line, "kehoach-chain %" PRId64 " %s", seq, head);
            if (len > 0 && len < HEAD_LINE - 1) {
                line[len] = ' ';
                line[HEAD_LINE - 1] = '\n';
                /* In place, one line: the size changes only the first time
                 * (or when something longer was there). */
                if (pwrite(fd, line, sizeof line, 0) == (ssize_t)sizeof line) {
                    if (st.st_size > HEAD_LINE) (void)ftruncate(fd, sizeof line);
                    (void)fdatasync(fd); /* the head stays as durable as the change */
                }
            }
        }
    }
    close(fd);
}

/* Read the head kept beside db_path into out (kept, kept_seq, kept_hash). */
static void read_kept_head(const char *db_path, kh_chain_report *out)
{
    char *path = xasprintf("%s-head", db_path);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    free(path);
    if (fd < 0) return;
    char buf[HEAD_LINE + 1];
    ssize_t n = read(fd, buf, HEAD_LINE);
    close(fd);
    if (n <= 0) return;
    buf[n] = '\0';
    out->kept = parse_head(buf, &out->kept_seq, out->kept_hash);
}

/* Note the first problem (only the first). */
static void problem(kh_chain_report *out, kh_chain_problem p, const char *kind, int64_t row_id,
                    int64_t seq)
{
    if (out->problem != CHAIN_OK) return;
    out->problem = p;
    snprintf(out->kind, sizeof out->kind, "%s", kind ? kind : "?");
    out->row_id = row_id;
    out->seq = seq;
}

/* Walk the links in order, recomputing each. */
static int walk_links(sqlite3 *db, store_chain_stmts *cache, kh_chain_report *out, bool *kept_found)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "SELECT seq, kind, row_id, hash FROM chain ORDER BY seq", -1,
                                &st, NULL);
    if (rc != SQLITE_OK) return rc;
    char prev[65];
    memcpy(prev, zero_hash, 65);
    int64_t expect = 1;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t seq = sqlite3_column_int64(st, 0);
        const char *kind = (const char *)sqlite3_column_text(st, 1);
        int64_t row_id = sqlite3_column_int64(st, 2);
        const char *hash = (const char *)sqlite3_column_text(st, 3);
        out->links++;
        if (seq != expect) problem(out, CHAIN_GAP, kind, row_id, expect);
        expect = seq + 1;
        const chain_kind *k = kind ? kind_named(kind) : NULL;
        char now[65];
        int crc = k ? canonical_link(db, cache, k, row_id, prev, now) : SQLITE_DONE;
        if (crc != SQLITE_ROW && crc != SQLITE_DONE) {
            sqlite3_finalize(st);
            return crc;
        }
        if (crc == SQLITE_DONE)
            problem(out, CHAIN_DELETED, kind, row_id, seq);
        else if (!hash || strcmp(now, hash) != 0)
            problem(out, CHAIN_CHANGED, kind, row_id, seq);
        /* Go on from the stored hash: one changed record is one finding,
         * and the links after it are checked against what they say. */
        snprintf(prev, sizeof prev, "%s", hash && strlen(hash) == 64 ? hash : zero_hash);
        out->head_seq = seq;
        memcpy(out->head, prev, 65);
        if (out->kept && seq == out->kept_seq) *kept_found = !strcmp(prev, out->kept_hash);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Verify the chain of db against the head in out->kept (when set): the
 * walk, the records without a link, the kept head found or not. */
static kh_errcode verify(sqlite3 *db, kh_chain_report *out, kh_error *err)
{
    kh_errcode dl = hash_dl_load(err); /* libnettle, mapped by the first check */
    if (dl) return dl;
    bool kept_found = false;
    store_chain_stmts cache = {0};
    int rc = walk_links(db, &cache, out, &kept_found);
    store_chain_stmts_done(&cache);
    if (rc != SQLITE_OK) return db_fail(db, err);
    for (size_t i = 0; i < KH_ARRAY_LEN(kinds); i++) {
        int64_t *ids;
        size_t n;
        if (unlinked(db, &kinds[i], 1, &ids, &n) != SQLITE_OK) return db_fail(db, err);
        if (n) problem(out, CHAIN_UNLINKED, kinds[i].kind, ids[0], 0);
        free(ids);
    }
    if (out->kept && !kept_found) problem(out, CHAIN_OLDER, NULL, 0, out->kept_seq);
    if (out->kept && kept_found) out->past_kept = out->head_seq - out->kept_seq;
    return KH_E_OK;
}

/* Start a report: nothing found yet; *yes when db has a chain at all. */
static kh_errcode report_begin(sqlite3 *db, kh_chain_report *out, bool *yes, kh_error *err)
{
    memset(out, 0, sizeof *out);
    memcpy(out->head, zero_hash, 65);
    if (has_table(db, "chain", yes) != SQLITE_OK) return db_fail(db, err);
    if (!*yes) out->problem = CHAIN_NONE;
    return KH_E_OK;
}

kh_errcode store_chain_verify_db(sqlite3 *db, const char *db_path, kh_chain_report *out,
                                 kh_error *err)
{
    bool yes;
    kh_errcode e = report_begin(db, out, &yes, err);
    if (e || !yes) return e;
    read_kept_head(db_path, out);
    return verify(db, out, err);
}

kh_errcode store_chain_verify_since(sqlite3 *db, int64_t seq, const char *hash,
                                    kh_chain_report *out, kh_error *err)
{
    bool yes;
    kh_errcode e = report_begin(db, out, &yes, err);
    if (e || !yes) return e;
    if (seq > 0 && hash && strlen(hash) == 64) {
        out->kept = true;
        out->kept_seq = seq;
        memcpy(out->kept_hash, hash, 65);
    }
    return verify(db, out, err);
}
