/* Amendments of the plan, recorded in the database against the document
 * that orders them: SQL for the `amendment` table (made by the schema step
 * in store_result.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kehoach/date.h"
#include "kehoach/store.h"
#include "kehoach/util.h"
#include "store_chain.h"
#include "store_int.h"

static const char *const kind_codes[AMEND_COUNT] = {"add", "change", "withdraw"};

const char *store_amend_kind_code(kh_amend_kind k)
{
    return (unsigned)k < AMEND_COUNT ? kind_codes[k] : "?";
}

/* The words a history row gives an amendment: "change deadline=2023-06-15
 * (45/UBND)". */
static void amend_words(strbuf *sb, kh_amend_kind kind, const char *text, const char *lead,
                        const char *deadline, const char *doc)
{
    sb_puts(sb, store_amend_kind_code(kind));
    if (text) sb_printf(sb, " text=%s", text);
    if (lead) sb_printf(sb, " lead=%s", lead);
    if (deadline) sb_printf(sb, " deadline=%s", deadline);
    sb_printf(sb, " (%s)", doc ? doc : "");
}

kh_errcode store_amend_add(kh_store *s, const char *plan_id, const kh_amendment *a,
                           const char *user, int64_t now, kh_error *err)
{
    if ((unsigned)a->kind >= AMEND_COUNT || !a->doc || !a->task_id)
        return kh_error_set(err, KH_E_INVALID, "%s", a->task_id ? a->task_id : "");
    kh_errcode e = store_write_begin(s, err);
    if (e) return e;
    store_change c;
    e = store_change_start(&c, s, plan_id, a->task_id, user, now, 0, err);
    if (!e) {
        sqlite3_stmt *st;
        int rc = sqlite3_prepare_v2(store_sqlite(s),
                                    "INSERT INTO amendment (plan_id, task_id, kind, text, lead,"
                                    " deadline, doc, user, at, change_id) VALUES (?1, ?2, ?3, ?4,"
                                    " ?5, ?6, ?7, ?8, ?9, ?10)",
                                    -1, &st, NULL);
        if (rc == SQLITE_OK) {
            store_bind_text(st, 1, plan_id);
            store_bind_text(st, 2, a->task_id);
            store_bind_text(st, 3, kind_codes[a->kind]);
            store_bind_text(st, 4, a->text);
            store_bind_text(st, 5, a->lead);
            store_bind_text(st, 6, a->deadline);
            store_bind_text(st, 7, a->doc);
            store_bind_text(st, 8, user);
            store_bind_text(st, 9, c.at);
            sqlite3_bind_int64(st, 10, c.change);
            rc = sqlite3_step(st);
        }
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE) e = store_sqlite_fail(s, rc, err);
        /* The record is chained like its history row (store_chain.c). */
        if (!e)
            e = store_chain_link(s, "amendment", sqlite3_last_insert_rowid(store_sqlite(s)), err);
    }
    if (!e) {
        strbuf sb = STRBUF_INIT;
        amend_words(&sb, a->kind, a->text, a->lead, a->deadline, a->doc);
        e = store_change_row(&c, "amend", NULL, sb_str(&sb), err);
        sb_done(&sb);
    }
    /* The day it takes effect, as a set or an extend with --today. */
    if (!e) e = store_change_day(s, plan_id, c.change, a->effective, now, err);
    return store_write_end(s, e, err);
}

static int kind_of(const unsigned char *v)
{
    for (int k = 0; v && k < AMEND_COUNT; k++)
        if (!strcmp((const char *)v, kind_codes[k])) return k;
    return -1;
}

kh_errcode store_amendments(kh_store *s, const char *plan_id, bool withdrawn_too,
                            kh_amendment **out, size_t *n, kh_error *err)
{
    *out = NULL;
    *n = 0;
    if (!store_has_table(s, "amendment")) return KH_E_OK;
    static const char sql[] = "SELECT id, task_id, kind, text, lead, deadline, doc, user, at,"
                              " change_id, withdrawn FROM amendment WHERE plan_id = ?1"
                              " AND (?2 OR withdrawn IS NULL) ORDER BY id";
    sqlite3_stmt *st;
    int rc = store_stmt_get(s, sql, &st);
    if (rc != SQLITE_OK) return store_sqlite_fail(s, rc, err);
    store_bind_text(st, 1, plan_id);
    sqlite3_bind_int(st, 2, withdrawn_too);
    kh_amendment *v = NULL;
    size_t len = 0, cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int kind = kind_of(sqlite3_column_text(st, 2));
        if (kind < 0) continue; /* the CHECK forbids it */
        if (len == cap) v = xreallocarray(v, cap = cap ? cap * 2 : 8, sizeof *v);
        v[len++] = (kh_amendment){sqlite3_column_int64(st, 0),
                                  store_text_col(st, 1),
                                  (kh_amend_kind)kind,
                                  store_text_col(st, 3),
                                  store_text_col(st, 4),
                                  store_text_col(st, 5),
                                  store_text_col(st, 6),
                                  store_text_col(st, 7),
                                  store_time_col(st, 8),
                                  sqlite3_column_int64(st, 9),
                                  sqlite3_column_type(st, 10) != SQLITE_NULL,
                                  KH_NO_DATE};
    }
    store_stmt_put(s, st);
    if (rc != SQLITE_DONE) {
        store_amendments_free(v, len);
        return store_sqlite_fail(s, rc, err);
    }
    *out = v;
    *n = len;
    return KH_E_OK;
}

void store_amendments_free(kh_amendment *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(a[i].task_id);
        free(a[i].text);
        free(a[i].lead);
        free(a[i].deadline);
        free(a[i].doc);
        free(a[i].user);
    }
    free(a);
}

kh_errcode store_amend_withdraw(kh_store *s, const char *plan_id, const char *task_id,
                                int64_t change, const char *user, int64_t now, kh_error *err)
{
    if (!store_has_table(s, "amendment")) return kh_error_set(err, KH_E_NOT_FOUND, "%s", task_id);
    kh_errcode e = store_write_begin(s, err);
    if (e) return e;
    sqlite3 *db = store_sqlite(s);
    sqlite3_stmt *st;
    int64_t id = 0;
    int kind = -1;
    char *text = NULL, *lead = NULL, *deadline = NULL, *doc = NULL;
    int rc = sqlite3_prepare_v2(db,
                                "SELECT id, kind, text, lead, deadline, doc FROM amendment"
                                " WHERE plan_id = ?1 AND task_id = ?2 AND change_id = ?3"
                                " AND user = ?4 AND withdrawn IS NULL",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        store_bind_text(st, 1, plan_id);
        store_bind_text(st, 2, task_id);
        sqlite3_bind_int64(st, 3, change);
        store_bind_text(st, 4, user);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            id = sqlite3_column_int64(st, 0);
            kind = kind_of(sqlite3_column_text(st, 1));
            text = store_text_col(st, 2);
            lead = store_text_col(st, 3);
            deadline = store_text_col(st, 4);
            doc = store_text_col(st, 5);
            rc = SQLITE_DONE;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) e = store_sqlite_fail(s, rc, err);
    if (!e && (!id || kind < 0)) e = kh_error_set(err, KH_E_NOT_FOUND, "%s, %s", user, task_id);
    store_change c;
    if (!e) e = store_change_start(&c, s, plan_id, task_id, user, now, change, err);
    if (!e) e = store_mark_withdrawn(s, "amendment", id, c.change, err);
    if (!e) {
        strbuf sb = STRBUF_INIT;
        amend_words(&sb, (kh_amend_kind)kind, text, lead, deadline, doc);
        e = store_change_row(&c, "amend-withdrawn", sb_str(&sb), NULL, err);
        sb_done(&sb);
    }
    free(text);
    free(lead);
    free(deadline);
    free(doc);
    return store_write_end(s, e, err);
}
