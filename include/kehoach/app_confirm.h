/* app_confirm: confirmed completion, the officer in charge and the kinds of
 * notes (issue 12; src/app_confirm.c, the rights in src/app_rights.c). */
#ifndef KEHOACH_APP_CONFIRM_H
#define KEHOACH_APP_CONFIRM_H

#include "kehoach/app.h"

/* Return the text with its ends trimmed, in NFC, in *out (heap), after the
 * rules for text that comes in (not empty, at most max bytes, valid UTF-8,
 * no control character but tab and newline, no bidi control), what naming
 * it in messages ("ghi chú"). Return KH_E_OK or KH_E_INVALID saying why. */
kh_errcode app_text_clean(kh_lang lang, const char *text, const char *what, size_t max, char **out,
                          kh_error *err);

/* As app_change, the note being of kind `kind`. Return as app_change. */
kh_errcode app_change_kind(kh_app *app, size_t task, int status, int progress, const char *note,
                           kh_note_kind kind, int64_t expected_version, kh_error *err);

/* Return true when the user may confirm or reject the completion of task
 * number `task`: the plan has no `rights:`, or names the user (or a group of
 * theirs) for the unit that confirms it, or under `all`. */
bool app_may_confirm(kh_app *app, size_t task);

/* Return KH_E_OK when the user may confirm task number `task`, else
 * KH_E_CONFIRM_DENIED naming the unit that confirms in err. */
kh_errcode app_check_confirm_rights(kh_app *app, size_t task, kh_error *err);

/* Confirm (VERDICT_CONFIRMED) or reject (VERDICT_REJECTED, reason required)
 * the completion of task number `task`; a rejection sets it back to doing.
 * expected_version as for app_change. Return KH_E_OK; KH_E_CONFIRM_NONE
 * when its plan asks for no confirmation; KH_E_CONFIRM_DENIED;
 * KH_E_CONFIRM_NOT_DONE; KH_E_INVALID (no reason, or confirmed already);
 * or another error. The model follows once the store has committed. */
kh_errcode app_confirm(kh_app *app, size_t task, kh_verdict verdict, const char *reason,
                       int64_t expected_version, kh_error *err);

/* Make name ("" or NULL: nobody) the officer in charge of task number
 * `task` (the user's rights to change it checked). Return KH_E_OK, or an
 * error; nothing changes on error. */
kh_errcode app_assign(kh_app *app, size_t task, const char *name, int64_t expected_version,
                      kh_error *err);

/* Return true when task t's officer matches the folded text query (case
 * and diacritics ignored, as search does: a part of the name). */
bool app_officer_match(const kh_task *t, const char *query_folded);

/* Read the verdicts and officers of every task again (after an undo).
 * Return KH_E_OK or an error. */
kh_errcode app_confirm_reload(kh_app *app, kh_error *err);

/* Append to sb what task t's confirming unit said: its name, then confirmed
 * (by, when), waiting (then the words `waiting`) or rejected (by, when:
 * reason). Nothing when the plan asks no unit to confirm t. Returns
 * whether it appended. */
bool app_confirm_words(strbuf *sb, const kh_plan *plan, const kh_task *t, kh_lang lang,
                       const char *waiting);

/* Return the kind of note n: the kind it was written with, else the kind
 * its text's mark says (an older note "Kiến nghị: ..." is a proposal);
 * *body past the mark when not NULL. */
kh_note_kind app_note_kind(const kh_note *n, const char **body);

#endif
