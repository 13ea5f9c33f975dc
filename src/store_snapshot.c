/* A ward's snapshot (see store_snapshot.h): VACUUM INTO from the ward's
 * open connection (a read transaction: WAL writers go on meanwhile), then
 * the metadata tables, made inside the new file only. */
#include "kehoach/store_snapshot.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store_chain.h"
#include "store_int.h"
#include "store_words.h"

static kh_errcode sq_fail(sqlite3 *db, int rc, kh_errcode code, const char *path, kh_error *err)
{
    (void)db; /* its English text (sqlite3_errmsg) is not shown */
    char words[128];
    return kh_error_set(err, code, "%s: %s", path, store_sqlite_words(rc, words, sizeof words));
}

/* Record integrity_check's first line r (not "ok") for the file at path. */
static kh_errcode integrity_fail(const char *path, const char *r, kh_error *err)
{
    strbuf sb = STRBUF_INIT;
    sb_puts(&sb, r);
    kh_errcode e = kh_error_set(err, KH_E_DB_CORRUPT,
                                TR(kh_errno_lang_now(), "%s: phép kiểm tra của SQLite báo: %s",
                                   "%s: SQLite's integrity check reports: %s"),
                                path, store_sqlite_lines(&sb));
    sb_done(&sb);
    return e;
}

static kh_errcode put_meta(sqlite3 *db, const char *dest, const kh_snapshot_info *info, int schema,
                           const kh_chain_report *chain, kh_error *err)
{
    static const char schema_sql[] =
        "BEGIN;"
        "CREATE TABLE kehoach_snapshot (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE kehoach_snapshot_plan (plan_id TEXT PRIMARY KEY, sha256 TEXT NOT NULL);";
    char *msg = NULL;
    int rc = sqlite3_exec(db, schema_sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK) return sq_fail(db, rc, KH_E_DB, dest, err);
    sqlite3_stmt *st = NULL;
    rc = sqlite3_prepare_v2(db, "INSERT INTO kehoach_snapshot VALUES (?1, ?2)", -1, &st, NULL);
    char made[24], ms[24], sch[16], fmt[16];
    snprintf(made, sizeof made, "%lld", (long long)info->made_at);
    snprintf(ms, sizeof ms, "%lld", (long long)info->made_ms);
    snprintf(sch, sizeof sch, "%d", schema);
    snprintf(fmt, sizeof fmt, "%d", SNAPSHOT_FORMAT);
    char seq[24];
    snprintf(seq, sizeof seq, "%lld", (long long)chain->head_seq);
    /* The chain's head only when there is a chain: older readers skip it. */
    bool chained = chain->problem != CHAIN_NONE;
    const char *kv[][2] = {{"ward", info->ward},
                           {"made_at", made},
                           {"made_ms", ms},
                           {"schema", sch},
                           {"format", fmt},
                           {"chain_seq", chained ? seq : NULL},
                           {"chain_head", chained ? chain->head : NULL}};
    for (size_t i = 0; rc == SQLITE_OK && i < KH_ARRAY_LEN(kv); i++) {
        if (!kv[i][1]) continue;
        sqlite3_bind_text(st, 1, kv[i][0], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, kv[i][1], -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db, "INSERT INTO kehoach_snapshot_plan VALUES (?1, ?2)", -1, &st,
                                NULL);
    for (size_t i = 0; rc == SQLITE_OK && i < info->nplans; i++) {
        sqlite3_bind_text(st, 1, info->plans[i].id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, info->plans[i].sha256, -1, SQLITE_STATIC);
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) return sq_fail(db, rc, KH_E_DB, dest, err);
    return KH_E_OK;
}

kh_errcode store_snapshot_write(kh_store *s, const char *dest, const kh_snapshot_info *info,
                                kh_error *err)
{
    sqlite3 *src = store_sqlite(s);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(src, "VACUUM INTO ?1", -1, &st, NULL);
    if (rc != SQLITE_OK) return sq_fail(src, rc, KH_E_DB, store_path(s), err);
    sqlite3_bind_text(st, 1, dest, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sq_fail(src, rc, KH_E_IO, dest, err);
    int schema = store_schema_version(s);
    sqlite3 *db = NULL;
    rc = sqlite3_open_v2(dest, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_EXRESCODE, NULL);
    kh_errcode e = rc == SQLITE_OK ? KH_E_OK : sq_fail(db, rc, KH_E_IO, dest, err);
    /* One file: no journal left beside it, synced before it is renamed. */
    if (!e && sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL", NULL,
                           NULL, NULL) != SQLITE_OK)
        e = sq_fail(db, rc, KH_E_DB, dest, err);
    /* The head of the chain copied, recorded with the snapshot. */
    kh_chain_report chain;
    if (!e) e = store_chain_verify_since(db, 0, NULL, &chain, err);
    if (!e) e = put_meta(db, dest, info, schema, &chain, err);
    sqlite3_close(db);
    if (e) return e;
    int fd = open(dest, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fsync(fd) != 0) e = kh_error_set(err, KH_E_IO, "%s: fsync", dest);
    if (fd >= 0) close(fd);
    return e;
}

void store_snapshot_info_free(kh_snapshot_info *info)
{
    free(info->ward);
    for (size_t i = 0; i < info->nplans; i++) free(info->plans[i].id);
    free(info->plans);
    memset(info, 0, sizeof *info);
}

static kh_errcode read_meta(sqlite3 *db, const char *path, kh_snapshot_info *out, kh_error *err)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, "SELECT key, value FROM kehoach_snapshot", -1, &st, NULL);
    if (rc != SQLITE_OK) return kh_error_set(err, KH_E_DB_FOREIGN, "%s", path);
    bool made = false, schema = false;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *v = (const char *)sqlite3_column_text(st, 1);
        if (!k || !v) continue;
        if (!strcmp(k, "ward")) {
            free(out->ward);
            out->ward = xstrdup(v);
        } else if (!strcmp(k, "made_at")) {
            out->made_at = strtoll(v, NULL, 10);
            made = true;
        } else if (!strcmp(k, "made_ms")) {
            out->made_ms = strtoll(v, NULL, 10);
        } else if (!strcmp(k, "schema")) {
            out->schema = atoi(v);
            schema = true;
        } else if (!strcmp(k, "format")) {
            out->format = atoi(v);
        } else if (!strcmp(k, "chain_seq")) {
            out->chain_seq = strtoll(v, NULL, 10);
        } else if (!strcmp(k, "chain_head") && strlen(v) == 64) {
            memcpy(out->chain_head, v, 65);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sq_fail(db, rc, KH_E_DB_CORRUPT, path, err);
    if (!out->ward || !made || !schema) return kh_error_set(err, KH_E_DB_FOREIGN, "%s", path);
    rc = sqlite3_prepare_v2(
        db, "SELECT plan_id, sha256 FROM kehoach_snapshot_plan ORDER BY plan_id", -1, &st, NULL);
    if (rc != SQLITE_OK) return kh_error_set(err, KH_E_DB_FOREIGN, "%s", path);
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        const char *h = (const char *)sqlite3_column_text(st, 1);
        if (!id || !h || strlen(h) != 64) continue;
        KH_GROW(out->plans, out->nplans, cap);
        kh_snapshot_plan *p = &out->plans[out->nplans++];
        p->id = xstrdup(id);
        memcpy(p->sha256, h, 65);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return sq_fail(db, rc, KH_E_DB_CORRUPT, path, err);
    return KH_E_OK;
}

kh_errcode store_snapshot_read(const char *path, kh_snapshot_info *out, kh_error *err)
{
    return store_snapshot_read_after(path, 0, NULL, out, err);
}

/* Check the chain in the snapshot db into out->chain: every link, the
 * head recorded when it was made its last, and after_seq/after_hash in it. */
static kh_errcode check_chain(sqlite3 *db, int64_t after_seq, const char *after_hash,
                              kh_snapshot_info *out, kh_error *err)
{
    kh_errcode e = store_chain_verify_since(db, after_seq, after_hash, &out->chain, err);
    if (e || out->chain.problem != CHAIN_OK) return e;
    /* Links added, or the last one changed, after the snapshot was made. */
    if (out->chain_head[0] &&
        (out->chain.head_seq != out->chain_seq || strcmp(out->chain.head, out->chain_head) != 0)) {
        out->chain.problem = CHAIN_CHANGED;
        out->chain.seq = out->chain.head_seq;
        snprintf(out->chain.kind, sizeof out->chain.kind, "head");
    }
    return KH_E_OK;
}

kh_errcode store_snapshot_read_after(const char *path, int64_t after_seq, const char *after_hash,
                                     kh_snapshot_info *out, kh_error *err)
{
    memset(out, 0, sizeof *out);
    kh_errcode dl = store_sqlite_dl_load(err);
    if (dl) return dl;
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_EXRESCODE, NULL);
    if (rc != SQLITE_OK) {
        kh_errcode e = sq_fail(db, rc, KH_E_DB_OPEN, path, err);
        sqlite3_close(db);
        return e;
    }
    /* A file from another office: nothing in its schema runs with trust. */
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    sqlite3_stmt *st = NULL;
    kh_errcode e = KH_E_OK;
    rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
    if (rc != SQLITE_OK) {
        e = (rc & 0xff) == SQLITE_NOTADB ? kh_error_set(err, KH_E_DB_NOTADB, "%s", path)
                                         : sq_fail(db, rc, KH_E_DB_CORRUPT, path, err);
    } else {
        rc = sqlite3_step(st);
        const char *r = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
        if (!r || strcmp(r, "ok") != 0)
            e = (rc & 0xff) == SQLITE_NOTADB ? kh_error_set(err, KH_E_DB_NOTADB, "%s", path)
                : r                          ? integrity_fail(path, r, err)
                                             : sq_fail(db, rc, KH_E_DB_CORRUPT, path, err);
    }
    sqlite3_finalize(st);
    if (!e) e = read_meta(db, path, out, err);
    int v = 0;
    if (!e && sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        if (v != out->schema)
            e = kh_error_set(err, KH_E_DB_CORRUPT, "%s: schema %d ≠ %d", path, v, out->schema);
    }
    if (!e) e = check_chain(db, after_seq, after_hash, out, err);
    sqlite3_close(db);
    if (e) store_snapshot_info_free(out);
    return e;
}
