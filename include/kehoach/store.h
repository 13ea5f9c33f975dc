/* store: the SQLite database that holds what happens to a plan: status,
 * progress, notes, and the append-only history of every change. */
#ifndef KEHOACH_STORE_H
#define KEHOACH_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kehoach/error.h"
#include "kehoach/model.h"
#include "kehoach/model_field.h"

typedef struct kh_store kh_store;

enum {
    STORE_READ_ONLY = 1, /* open read-only at the SQLite level; never create */
};

/* The schema version this program writes (PRAGMA user_version). */
enum { STORE_SCHEMA_VERSION = 8 };

/* A task's saved state. */
typedef struct {
    kh_status status;
    int progress;
    kh_date completed;
    int64_t updated_at;
    char updated_by[64];
    int64_t version;
    kh_reopen reopen; /* set by a change that took the task out of done */
} kh_state;

/* What a change's extra writer (kh_change.also) is given: the change being
 * written, inside its transaction. */
typedef struct {
    const char *plan_id, *task_id, *user;
    const char *at;      /* the change's time, as the history writes it */
    int64_t change;      /* the change's id */
    bool first;          /* no row of it written yet: the next history row gets id `change` */
    const kh_state *old; /* the task's state before the change */
    const void *ctx;     /* kh_change.also_ctx */
} kh_store_also;

/* A change to one task. Fields left at -1 / NULL are kept. */
typedef struct {
    int status;               /* kh_status, or -1 */
    int progress;             /* 0-100, or -1 */
    const char *note;         /* a note to add, or NULL */
    kh_date today;            /* the completion date when the task becomes done */
    int64_t expected_version; /* refuse unless the task is still at this version; -1: no check */
    uint8_t note_kind;        /* kh_note_kind of the note */
    /* A record written with the change, in its transaction, after its own
     * rows (a confirmation, an assignment: src/store_confirm.c), or NULL.
     * Its error rolls the whole change back. */
    kh_errcode (*also)(kh_store *s, const kh_store_also *a, kh_error *err);
    const void *also_ctx;
    kh_date effective;        /* the day it takes effect (--today, --on), kept beside the real time
                                 when it is another day; 0: none */
    const char *withdraw_doc; /* with status withdrawn: the deciding document, or NULL */
} kh_change;

typedef struct {
    int64_t id;
    char *task_id;
    char *text;
    char *author;
    int64_t at;
    bool withdrawn;    /* taken back by an undo: kept, never deleted */
    uint8_t kind;      /* kh_note_kind as stored; NOTE_PLAIN when none was given */
    kh_date effective; /* the day its change took effect (--today), or KH_NO_DATE: at's */
} kh_note;

typedef struct {
    int64_t id;
    char *task_id;
    char *field;   /* the field's code as the row has it (model_field_code) */
    kh_field kind; /* the field it names, parsed once; KF_UNKNOWN for a word not known */
    char *old_value;
    char *new_value;
    char *user;
    int64_t at;
    int64_t change;    /* the change (transaction) the row belongs to: the id of its first row */
    int64_t undo_of;   /* for a row written by an undo, the change it reverts; else 0 */
    kh_date effective; /* the day its change took effect (--today, --on), or KH_NO_DATE: at's */
} kh_history;

/* Which history to read; NULL / 0 fields select everything. */
typedef struct {
    const char *task_id; /* one task */
    const char *user;    /* one person's changes */
    int64_t since;       /* changes at or after this Unix time */
} kh_history_filter;

/* Open the database at path, creating it (mode 0660) and its schema when
 * absent unless STORE_READ_ONLY. Return KH_E_OK with *out set, or an error. */
kh_errcode store_open(const char *path, int flags, kh_store **out, kh_error *err);

/* Close the database; NULL is a no-op. */
void store_close(kh_store *s);

/* Lay the saved state of the plan's tasks over the plan, and count each
 * task's notes (store_load_state, then store_load_note_counts). Return
 * KH_E_OK or an error. */
kh_errcode store_load(kh_store *s, kh_plan *plan, kh_error *err);

/* Lay the saved state (status, progress, dates, who, version) of the plan's
 * tasks over the plan. Return KH_E_OK or an error. */
kh_errcode store_load_state(kh_store *s, kh_plan *plan, kh_error *err);

/* Set each task's nnotes to its notes in the database not withdrawn.
 * Return KH_E_OK or an error. */
kh_errcode store_load_note_counts(kh_store *s, kh_plan *plan, kh_error *err);

/* Apply one change to a task in its own transaction, with a history row per
 * field changed, by user at time now. Return KH_E_OK with the new state in
 * *out, KH_E_CONFLICT when the task moved past expected_version (who moved it
 * is in err), or another error; on error nothing is written. */
kh_errcode store_apply(kh_store *s, const char *plan_id, const char *task_id,
                       const kh_change *change, const char *user, int64_t now, kh_state *out,
                       kh_error *err);

/* Apply a change as store_apply does, but while the database has no row for
 * the task, start from base (the plan file's state for it; NULL: not
 * started), so the first change keeps what the plan file says. Return as
 * store_apply. */
kh_errcode store_apply_base(kh_store *s, const char *plan_id, const char *task_id,
                            const kh_change *change, const kh_base_state *base, const char *user,
                            int64_t now, kh_state *out, kh_error *err);

/* Read the notes of one task (task_id) or of every task (NULL), newest
 * first, leaving out those withdrawn by an undo. Return KH_E_OK with a heap
 * array in *out, or an error. */
kh_errcode store_notes(kh_store *s, const char *plan_id, const char *task_id, kh_note **out,
                       size_t *n, kh_error *err);

/* Read notes as store_notes does, the withdrawn ones too (marked). Return
 * as store_notes. */
kh_errcode store_notes_all(kh_store *s, const char *plan_id, const char *task_id, kh_note **out,
                           size_t *n, kh_error *err);

/* Free notes read by store_notes. */
void store_notes_free(kh_note *notes, size_t n);

/* Read the history of one task (task_id) or of every task (NULL), oldest
 * first. Return KH_E_OK with a heap array in *out, or an error. */
kh_errcode store_history(kh_store *s, const char *plan_id, const char *task_id, kh_history **out,
                         size_t *n, kh_error *err);

/* Read the history that passes filter f (NULL: all of it), oldest first.
 * Return KH_E_OK with a heap array in *out, or an error. */
kh_errcode store_history_query(kh_store *s, const char *plan_id, const kh_history_filter *f,
                               kh_history **out, size_t *n, kh_error *err);

/* Free history read by store_history. */
void store_history_free(kh_history *h, size_t n);

/* Find the last change user made (on task_id, or on any task when NULL)
 * that can be undone: not an undo itself and not undone yet. Return KH_E_OK
 * with its history rows, oldest first, in *out (free with
 * store_history_free), KH_E_NOT_FOUND when there is none, or an error. */
kh_errcode store_last_change(kh_store *s, const char *plan_id, const char *user,
                             const char *task_id, kh_history **out, size_t *n, kh_error *err);

/* What an undo is judged on, read inside its transaction (store_undo). */
typedef struct {
    const char *user;         /* who undoes */
    const char *task_id;      /* the task */
    const kh_history *rows;   /* the change's rows, oldest first */
    size_t nrows;             /* 0: the task has no such change */
    bool undone;              /* the change was undone already */
    kh_record now;            /* the task's state now */
    int64_t version;          /* its version now */
    const char *updated_by;   /* who changed it last ("" when nobody) */
    int64_t updated_at;       /* and when (0 when not known) */
    int64_t expected_version; /* the version the person was shown, or -1 */
    const char *later_user;   /* someone else who wrote to the task after the change, or NULL */
    int64_t later_at;         /* when they last did */
} kh_undo_facts;

/* The rules of undo (the app's: app_undo_rule): from the facts, set
 * *restored to the state the undo writes, or refuse. Return KH_E_OK or the
 * refusal, with its reason in err. */
typedef kh_errcode (*kh_undo_rule)(const kh_undo_facts *f, kh_record *restored, kh_error *err);

/* Undo change `change` (kh_history.change) of task task_id for user in one
 * transaction: the facts are read, rule judges them and gives the state to
 * restore; the state is written with a history row per field it changes and
 * the notes the change added are marked withdrawn, each row marked as the
 * undo of that change; the task's version goes up. base is as for
 * store_apply_base. Return KH_E_OK with the new state in *out and the number
 * of notes withdrawn in *withdrawn; the rule's refusal; KH_E_NOT_FOUND when
 * the undo would change nothing; or another error. On error nothing is
 * written. */
kh_errcode store_undo(kh_store *s, const char *plan_id, const char *task_id, int64_t change,
                      const kh_base_state *base, int64_t expected_version, const char *user,
                      int64_t now, kh_undo_rule rule, kh_state *out, int *withdrawn, kh_error *err);

/* Read the saved state of task_id into *out, setting *found when the
 * database has a row for it. Return KH_E_OK or an error. */
kh_errcode store_task_state(kh_store *s, const char *plan_id, const char *task_id, kh_state *out,
                            bool *found, kh_error *err);

/* List the ids of tasks with saved state, notes or history that the plan no
 * longer has. Return KH_E_OK with a heap array of heap strings, or an error. */
kh_errcode store_orphans(kh_store *s, const kh_plan *plan, char ***ids, size_t *n, kh_error *err);

/* Read PRAGMA data_version into *out: it changes when another connection
 * commits. Cheap enough to poll every second. Return KH_E_OK or an error. */
kh_errcode store_data_version(kh_store *s, int64_t *out, kh_error *err);

/* Begin a read transaction when none is open, so that the reads that
 * follow see one snapshot and take SQLite's locks once, not once a query.
 * Return true when it began one: end it with store_read_end. */
bool store_read_begin(kh_store *s);
/* End the transaction store_read_begin began (began false: nothing). */
void store_read_end(kh_store *s, bool began);

/* In src/store_fs.c. Return true for the statfs(2) type of a network file
 * system (NFS, SMB, CIFS, AFS, 9P, Ceph...), where SQLite's WAL is unsafe.
 * FUSE's type is not one: it is shared by local and network FUSE mounts. */
bool store_fs_is_network(unsigned long fs_type);

/* Return true when the mount holding real_path (absolute, symlinks resolved),
 * found in mountinfo (the text of /proc/self/mountinfo; NULL or "" for none)
 * as the longest mount point in sight (not overmounted) that is a prefix of
 * it by whole components, is a network FUSE file system ("fuse.sshfs",
 * "fuse.rclone"...); false for a local one ("fuseblk", "fuse.ntfs-3g"), an
 * unknown FUSE type, or no mount. When type is not NULL, copy the mount's
 * type field into it, cut to type_size ("" for none). */
bool store_fs_fuse_is_network(const char *mountinfo, const char *real_path, char *type,
                              size_t type_size);

/* Return KH_E_OK, or KH_E_DB_NOWAL naming path when the file (or the folder
 * it is to be made in) is on a network file system: by statfs(2), and for
 * FUSE by the mount's type in /proc/self/mountinfo. */
kh_errcode store_fs_check_local(const char *path, kh_error *err);

/* Before a writer opens the existing database at path: return KH_E_OK when
 * this user may write it and make its -wal and -shm beside it (or they are
 * there, writable); else KH_E_DB_READONLY (a read-only file system, an
 * immutable file, the user's own read-only file, a folder where the -wal
 * and -shm cannot be made) or KH_E_DB_PERM (another's file the user may not
 * write), naming path and why. Nothing is created or opened. */
kh_errcode store_fs_check_writable(const char *path, kh_error *err);

/* ---- the file before SQLite opens it (src/store_file.c) ---- */

/* What the first 100 bytes of an SQLite file say. */
typedef struct {
    uint32_t page_size; /* 512 to 65536 */
    uint32_t pages;     /* the size in pages the header gives; 0: not given (or not valid) */
    bool wal;           /* the file is in WAL mode */
} kh_db_header;

typedef enum {
    STORE_FILE_ABSENT,     /* no such file (or a symbolic link to nothing) */
    STORE_FILE_EMPTY,      /* a regular file of 0 bytes */
    STORE_FILE_SQLITE,     /* a regular file with an SQLite header */
    STORE_FILE_NOT_SQLITE, /* a regular file of something else */
    STORE_FILE_OTHER       /* a folder, a device, a FIFO... */
} kh_db_file_kind;

typedef struct {
    kh_db_file_kind kind;
    bool symlink;      /* the path itself is a symbolic link */
    uint64_t size;     /* of the file */
    uint64_t wal_size; /* of FILE-wal; 0 when there is none */
    kh_db_header header;
    bool damaged;    /* the file's size does not fit its header (store_header_damage) */
    char damage[96]; /* how, in numbers */
} kh_db_file;

/* Read an SQLite header from the n bytes at hdr into *out. Return false
 * when they are not one (too short, no magic, an impossible page size). */
bool store_header_parse(const unsigned char *hdr, size_t n, kh_db_header *out);

/* Return true, with how in why (n bytes), when a main file of size bytes
 * cannot be whole: not a whole number of pages, or (when the WAL beside it,
 * of wal_size bytes, is empty or absent) fewer pages than its header says. */
bool store_header_damage(const kh_db_header *h, uint64_t size, uint64_t wal_size, char *why,
                         size_t n);

/* Look at the file at path without writing anything: what it is, and for an
 * SQLite file its header and whether its size fits. Return KH_E_OK with
 * *out filled; KH_E_DB_PERM (cannot be read), KH_E_DB_OPEN (a folder or
 * another kind of file: out->kind says) or KH_E_IO. */
kh_errcode store_file_inspect(const char *path, kh_db_file *out, kh_error *err);

/* Check the database for damage: its size against its header, then SQLite's
 * PRAGMA quick_check. Return KH_E_OK; KH_E_DB_CORRUPT with what is wrong in
 * err (the numbers, or the first problems SQLite names); or another error
 * (a file too damaged to be read). */
kh_errcode store_check(kh_store *s, kh_error *err);

/* Set how long a write waits for another writer (default 5000 ms). */
void store_set_busy_timeout(kh_store *s, int ms);

/* Prepare now the statements that read a task's notes and history, so the
 * first detail shown does not wait for SQLite to compile them. Returns
 * nothing: one that cannot be prepared now is tried again when used. */
void store_warm(kh_store *s);

/* Return the database's schema version (PRAGMA user_version). */
int store_schema_version(kh_store *s);

/* ---- result documents of a task (src/store_result.c) ---- */

/* A result recorded for a task: the document that reports it and/or a file
 * kept in the attachments folder (store_attach.c). */
typedef struct {
    int64_t id;
    char *task_id;
    char *doc;       /* the result document ("123/BC-UBND ngày 30/5/2023"), or NULL */
    char *file_name; /* the attached file's name as it was given, or NULL */
    char *sha256;    /* its SHA-256 in lowercase hex (its name in the folder), or NULL */
    int64_t size;    /* its size in bytes; 0 without a file */
    char *user;
    int64_t at;     /* Unix time */
    int64_t change; /* the change (history) that added it */
    bool withdrawn; /* taken back by an undo: kept, never deleted */
} kh_result;

/* What a new result holds; NULL for what it lacks (doc or file, or both). */
typedef struct {
    const char *doc;
    const char *file_name;
    const char *sha256;
    int64_t size;
} kh_result_in;

/* Record result r for task_id, by user at time now, in its own transaction
 * with a history row (field "result"). Return KH_E_OK with the change's id in
 * *change (may be NULL), or an error; on error nothing is written. */
kh_errcode store_result_add(kh_store *s, const char *plan_id, const char *task_id,
                            const kh_result_in *r, const char *user, int64_t now, int64_t *change,
                            kh_error *err);

/* Read the results of one task (task_id) or of every task (NULL), oldest
 * first, the withdrawn ones only when withdrawn_too. None from a database
 * older than schema 7. Return KH_E_OK with a heap array in *out, or an error. */
kh_errcode store_results(kh_store *s, const char *plan_id, const char *task_id, bool withdrawn_too,
                         kh_result **out, size_t *n, kh_error *err);

/* Free results read by store_results. */
void store_results_free(kh_result *r, size_t n);

/* Take back the result that change `change` of task_id added (user's own,
 * not taken back yet): mark it withdrawn, with a history row
 * ("result-withdrawn") marked as the undo of that change. Return KH_E_OK,
 * KH_E_NOT_FOUND, or an error; on error nothing is written. */
kh_errcode store_result_withdraw(kh_store *s, const char *plan_id, const char *task_id,
                                 int64_t change, const char *user, int64_t now, kh_error *err);

/* ---- an export's history (src/store_import.c) ---- */

/* Put the history rows an export carries (rows[0..n), oldest first: a plan
 * file's `history:`) into the history of plan_id, once: a row the database
 * holds already (same task, field, values, user and time) is not written
 * again. Where their own numbers are free (a fresh database) the rows keep
 * them (change, undo_of), so that the next export writes the same file;
 * else they are numbered after the last row, undo_of following. Each keeps
 * its user and time, is chained afresh here, and its change's day
 * (`effective`) goes with it. Return KH_E_OK with *added the rows written
 * and in *changes (heap, *nchanges, ascending) the database's change of
 * every row (written or found), KH_E_DB_READONLY, or an error (nothing
 * written). */
kh_errcode store_history_import(kh_store *s, const char *plan_id, const kh_base_history *rows,
                                size_t n, int64_t **changes, size_t *nchanges, size_t *added,
                                kh_error *err);

/* ---- amendments of the plan (src/store_amend.c) ---- */

/* What an amendment does. */
typedef enum { AMEND_ADD, AMEND_CHANGE, AMEND_WITHDRAW, AMEND_COUNT } kh_amend_kind;

/* An amendment recorded against the document that orders it. */
typedef struct {
    int64_t id;
    char *task_id;
    kh_amend_kind kind;
    char *text;     /* the new (or changed) content, or NULL */
    char *lead;     /* the lead units' ids, comma-separated, or NULL */
    char *deadline; /* yyyy-mm-dd, or NULL */
    char *doc;      /* the ordering document */
    char *user;
    int64_t at;     /* Unix time */
    int64_t change; /* the change (history) that recorded it */
    bool withdrawn; /* taken back by an undo */
    /* Given to store_amend_add only: the day it takes effect (--today), as
     * kh_change.effective (0 or KH_NO_DATE: the day it is recorded). */
    kh_date effective;
} kh_amendment;

/* Record amendment a (its task_id, kind, text, lead, deadline, doc,
 * effective; the rest is ignored) by user at time now, in its own
 * transaction with a history row (field "amend"). Return KH_E_OK or an
 * error; on error nothing is written. */
kh_errcode store_amend_add(kh_store *s, const char *plan_id, const kh_amendment *a,
                           const char *user, int64_t now, kh_error *err);

/* Read the amendments of the plan, oldest first, the withdrawn ones only
 * when withdrawn_too. None from a database older than schema 7. Return
 * KH_E_OK with a heap array in *out, or an error. */
kh_errcode store_amendments(kh_store *s, const char *plan_id, bool withdrawn_too,
                            kh_amendment **out, size_t *n, kh_error *err);

/* Free amendments read by store_amendments. */
void store_amendments_free(kh_amendment *a, size_t n);

/* Take back the amendment that change `change` of task_id recorded (user's
 * own, not taken back yet), with a history row ("amend-withdrawn") marked as
 * the undo of that change. Return KH_E_OK, KH_E_NOT_FOUND, or an error. */
kh_errcode store_amend_withdraw(kh_store *s, const char *plan_id, const char *task_id,
                                int64_t change, const char *user, int64_t now, kh_error *err);

/* Return the code of an amendment kind ("add", "change", "withdraw"). */
const char *store_amend_kind_code(kh_amend_kind k);

/* ---- deadline extensions (src/store_extend.c) ---- */

/* An extension of a task's deadline (gia hạn), by a document. */
typedef struct {
    int64_t id;
    char *task_id;
    kh_date due;  /* the new deadline */
    char *doc;    /* the document that grants it */
    char *reason; /* or NULL */
    char *user;
    int64_t at;     /* Unix time */
    int64_t change; /* the change (history) that recorded it */
    bool withdrawn; /* taken back by an undo */
} kh_extension;

/* What a new extension holds. */
typedef struct {
    kh_date due;        /* the new deadline */
    kh_date old_due;    /* the deadline it replaces (the history row's old value) */
    const char *doc;    /* required */
    const char *reason; /* or NULL */
    kh_date effective;  /* as kh_change.effective */
} kh_extension_in;

/* Record extension x of task_id, by user at time now, in its own
 * transaction with a history row (field "extend"). Return KH_E_OK with the
 * change's id in *change (may be NULL), KH_E_DB_READONLY before schema 8, or
 * an error; on error nothing is written. */
kh_errcode store_extend_add(kh_store *s, const char *plan_id, const char *task_id,
                            const kh_extension_in *x, const char *user, int64_t now,
                            int64_t *change, kh_error *err);

/* Read the extensions of one task (task_id) or of every task (NULL), by task
 * then oldest first, the withdrawn ones only when withdrawn_too. None before
 * schema 8. Return KH_E_OK with a heap array in *out, or an error. */
kh_errcode store_extensions(kh_store *s, const char *plan_id, const char *task_id,
                            bool withdrawn_too, kh_extension **out, size_t *n, kh_error *err);

/* Free extensions read by store_extensions. */
void store_extensions_free(kh_extension *x, size_t n);

/* Take back the extension that change `change` of task_id recorded (user's
 * own, not taken back yet), with a history row ("extend-withdrawn") marked
 * as the undo of that change. Return KH_E_OK, KH_E_NOT_FOUND, or an error. */
kh_errcode store_extend_withdraw(kh_store *s, const char *plan_id, const char *task_id,
                                 int64_t change, const char *user, int64_t now, kh_error *err);

/* ---- the attachments folder beside the database (src/store_attach.c) ---- */

/* The largest file that may be attached: 50 MiB. */
#define STORE_ATTACH_MAX ((int64_t)50 * 1024 * 1024)

/* Return the attachments folder of the database at db_path, a heap string:
 * "<db_path>.attachments". */
char *store_attach_dir(const char *db_path);

/* Copy the file at src into the attachments folder of the database at
 * db_path (made when absent, group-shared like the database), under its
 * SHA-256 in hex, read-only, written to a temporary name, synced and renamed
 * into place; a file of that content already there is kept. Fill sha256
 * (65 bytes) and *size. Return KH_E_OK; KH_E_NOT_FOUND or KH_E_IO (missing,
 * unreadable, not a regular file), KH_E_ATTACH_TOO_BIG (over
 * STORE_ATTACH_MAX), or another error; nothing is left in the folder on
 * error. */
kh_errcode store_attach_put(const char *db_path, const char *src, char sha256[65], int64_t *size,
                            kh_error *err);

/* As store_attach_put, for the file open at fd `in` (named src in errors),
 * which it closes: the caller opens what a user names with the user's own
 * ids (server mode). */
kh_errcode store_attach_put_fd(const char *db_path, int in, const char *src, char sha256[65],
                               int64_t *size, kh_error *err);

/* Open the attached file of this SHA-256 in the folder of the database at
 * db_path, check its content against the hash, and copy it to fd. Return
 * KH_E_OK; KH_E_ATTACH_MISSING when it is not in the folder;
 * KH_E_ATTACH_CHANGED when its content no longer has that hash (nothing
 * but what was read is written to fd: the caller throws it away); or
 * KH_E_IO. */
kh_errcode store_attach_get(const char *db_path, const char *sha256, int fd, kh_error *err);

/* Compute the SHA-256 of the file open at fd (read to its end), in hex, into
 * hex (65 bytes), with its size in *size, reading at most max bytes (more:
 * KH_E_ATTACH_TOO_BIG). Return KH_E_OK or an error. */
kh_errcode store_attach_hash_fd(int fd, int64_t max, char hex[65], int64_t *size, kh_error *err);
/* ---- the hash chain over history, notes and withdrawals (store_chain.c) ---- */
typedef enum {
    CHAIN_OK,       /* every link matches its record, and the kept head is in the chain */
    CHAIN_NONE,     /* a database of an older schema, read as it is: no chain yet */
    CHAIN_CHANGED,  /* a record's columns no longer give its link's hash */
    CHAIN_DELETED,  /* a link whose record is gone */
    CHAIN_GAP,      /* links missing: the sequence jumps */
    CHAIN_UNLINKED, /* a record with no link: written past kehoach */
    CHAIN_OLDER,    /* the head kept beside the database is not in its chain */
} kh_chain_problem;

typedef struct {
    kh_chain_problem problem;
    int64_t links;    /* links checked */
    int64_t head_seq; /* the chain's last link (0: none), and its hash */
    char head[65];
    char kind[24]; /* where the first problem is: the record's kind, rowid, link */
    int64_t row_id;
    int64_t seq;
    bool kept;        /* a head was kept beside the database: */
    int64_t kept_seq; /* its link and hash */
    char kept_hash[65];
    int64_t past_kept; /* links after the kept head (a write that could not keep it) */
} kh_chain_report;

/* Verify the hash chain of the open database: recompute every link in order
 * from its record's columns, look for records without a link, and compare
 * the head kept beside the database (FILE-head). Return KH_E_OK with what
 * was found in *out (out->problem), or a database error. */
kh_errcode store_chain_verify(kh_store *s, kh_chain_report *out, kh_error *err);

#endif
