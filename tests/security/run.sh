#!/usr/bin/env bash
# Attacks on kehoach by a hostile colleague on the same server, and by what
# a note, a plan or another program's file can hold (issue 11; the threat
# model is in tests/security/README.md): a forged or damaged plan cache, a
# foreign or damaged database, terminal escapes in every output.
#
#   KEHOACH_BIN=/abs/kehoach FORGE_CACHE=/abs/forge_cache tests/security/run.sh [CASE...]
#
# FORGE_CACHE is tests/security/forge_cache.c built (the Makefile's
# test-security target builds it). The attacks by another user need root
# (useradd, setpriv); run as anyone else those cases say "skipped: needs
# root" and count as skipped, never as passed.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
BIN=${KEHOACH_BIN:-}
# The schema this program writes (include/kehoach/store.h).
SCHEMA=$(sed -n 's/.*STORE_SCHEMA_VERSION = \([0-9]*\).*/\1/p' "$(dirname "$0")/../../include/kehoach/store.h")
FORGE=${FORGE_CACHE:-}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "security: KEHOACH_BIN must name the kehoach binary (got '$BIN')" >&2
    exit 2
fi
for tool in sqlite3 sha256sum python3 script jq; do
    command -v "$tool" >/dev/null || { echo "security: $tool is missing (scripts/deps.sh check)" >&2; exit 2; }
done
PLAN=$ROOT/assets/plan.yaml
export LC_ALL=C.UTF-8 TZ=UTC
unset NO_COLOR KEHOACH_LANG KEHOACH_PLAN KEHOACH_DB KEHOACH_NO_CACHE
TMP=$(mktemp -d /tmp/kehoach-security.XXXXXX) || exit 2
chmod 0755 "$TMP"
export HOME=$TMP/home XDG_CACHE_HOME=$TMP/home/.cache XDG_DATA_HOME=$TMP/home/.local/share
mkdir -p -m 0700 "$HOME"
mkdir -m 1777 "$TMP/san"
export ASAN_OPTIONS="log_path=$TMP/san/asan:detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="log_path=$TMP/san/ubsan:print_stacktrace=1"

IS_ROOT=no
[ "$(id -u)" -eq 0 ] && IS_ROOT=yes
MAL=khmal$$
GRP=khsecg$$
cleanup() {
    if [ $IS_ROOT = yes ]; then
        userdel "$MAL" 2>/dev/null
        groupdel "$GRP" 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ $IS_ROOT = yes ]; then
    # The hostile colleague: in the office group, so the database is theirs
    # to write, but the plan's rights give them no task.
    groupadd "$GRP" || exit 2
    useradd -M -N -s /bin/sh -G "$GRP" "$MAL" || exit 2
fi

pass=0
fail=0
skip=0
failed=()
bad() { echo "    FAIL: $*"; return 1; }
skipped() {
    echo "    skipped: $*"
    return 77
}
need_root() { [ $IS_ROOT = yes ] || skipped "needs root ($*)"; }
sum() { sha256sum <"$1" | cut -d' ' -f1; }

# Words that must never be all a person is told, and the marks of a crash.
RAW='disk I/O error|unable to open database file|SQL logic error|no such table|AddressSanitizer|runtime error|Segmentation|core dumped'

# k ARGS: kehoach on $PLAN and $DB, today pinned.
k() { "$BIN" --plan "$PLAN" --db "$DB" --today 2023-06-15 "$@"; }
# as_mal ARGS: kehoach as the hostile colleague, with their own cache folder.
as_mal() {
    (umask 022 && setpriv --reuid="$MAL" --regid="$GRP" --init-groups \
        env -i PATH=/usr/bin:/bin HOME="$TMP/mal" XDG_CACHE_HOME="$TMP/mal/cache" \
        LC_ALL=C.UTF-8 TZ=UTC ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
        "$BIN" --today 2023-06-15 "$@")
}
# in_pty CMD...: run CMD on a terminal of its own (for present); its exit code.
in_pty() {
    TERM=xterm script -qec "$(printf '%q ' "$@")" /dev/null </dev/null
}

# refused WANT -- ARGS: k ARGS exits 1 with "kehoach: " and WANT in its
# message, and no raw words or crash.
refused() {
    local want=$1 rc
    shift 2
    k "$@" >"$TMP/o" 2>"$TMP/e"
    rc=$?
    [ $rc -eq 1 ] || bad "$*: exit $rc, want 1: $(head -c 400 "$TMP/e")" || return 1
    grep -q '^kehoach: ' "$TMP/e" || bad "$*: not a kehoach message: $(cat "$TMP/e")" || return 1
    grep -qF -- "$want" "$TMP/e" || bad "$*: \"$want\" not in: $(cat "$TMP/e")" || return 1
    ! grep -qE "$RAW" "$TMP/e" || bad "$*: raw words or a crash: $(cat "$TMP/e")"
}

# A plan whose rights give every task to root alone (and the group to no one).
rights_plan() {
    cp "$PLAN" "$1"
    printf '\nrights:\n  all:\n    users: [root]\n' >>"$1"
}

# ---- the plan cache ----

# The issue's attack: the hostile colleague builds a cache from a copy of
# the real plan that gives them every right, makes it claim the real plan
# (content length and hash, and the hash over the whole file, all right),
# and names it after the real plan. set and note as them must still be
# refused, the database unchanged; and no cache of the real plan is written
# by them.
case_forged_cache_gives_no_rights() {
    need_root "another user" || return
    [ -x "$FORGE" ] || bad "FORGE_CACHE must name the built tests/security/forge_cache.c" || return 1
    local srv=$TMP/srv
    install -d -m 2770 -g "$GRP" "$srv"
    rights_plan "$srv/plan.yaml"
    chgrp "$GRP" "$srv/plan.yaml"
    chmod 0640 "$srv/plan.yaml"
    install -m 0660 -g "$GRP" /dev/null "$srv/k.db"
    PLAN=$srv/plan.yaml DB=$srv/k.db k set II.2 doing >/dev/null || bad "root's own change" || return 1
    local before
    before=$(sum "$srv/k.db")
    as_mal --plan "$srv/plan.yaml" --db "$srv/k.db" set II.1 done >"$TMP/o" 2>&1 &&
        bad "without a forged cache the colleague may change II.1: $(cat "$TMP/o")" && return 1
    grep -q "không có quyền" "$TMP/o" || bad "not refused by rights: $(cat "$TMP/o")" || return 1
    # The forgery, all of it as the colleague.
    install -d -o "$MAL" -m 0700 "$TMP/mal"
    setpriv --reuid="$MAL" --regid="$GRP" --init-groups bash -c "
        sed 's/users: \[root\]/users: [root, $MAL]/' '$srv/plan.yaml' >'$TMP/mal/plan.yaml'" ||
        return 1
    grep -q "users: \[root, $MAL\]" "$TMP/mal/plan.yaml" || bad "the copy gives no rights" || return 1
    as_mal --plan "$TMP/mal/plan.yaml" --db "$TMP/mal/own.db" list >/dev/null || bad "list on the copy" || return 1
    local own real
    own=$(ls "$TMP/mal/cache/kehoach/"*.plan 2>/dev/null | head -1)
    [ -n "$own" ] || bad "kehoach made no cache of the colleague's own plan" || return 1
    real=$("$FORGE" name "$srv/plan.yaml") || return 1
    setpriv --reuid="$MAL" --regid="$GRP" --init-groups \
        "$FORGE" forge "$own" "$srv/plan.yaml" "$TMP/mal/cache/kehoach/$real" || return 1
    local forged
    forged=$(sum "$TMP/mal/cache/kehoach/$real")
    local cmd
    for cmd in "set II.1 done" "note II.1 giả mạo" "set III.2.2 done --note x"; do
        # shellcheck disable=SC2086
        as_mal --plan "$srv/plan.yaml" --db "$srv/k.db" $cmd >"$TMP/o" 2>&1 &&
            bad "$cmd with the forged cache: accepted: $(cat "$TMP/o")" && return 1
        grep -q "không có quyền" "$TMP/o" || bad "$cmd: not refused by rights: $(cat "$TMP/o")" || return 1
    done
    [ "$(sum "$srv/k.db")" = "$before" ] || bad "the database changed" || return 1
    [ "$(sum "$TMP/mal/cache/kehoach/$real")" = "$forged" ] || bad "the forged file was rewritten"
    # Without the forged file, nothing of the real plan is cached by them.
    rm -f "$TMP/mal/cache/kehoach/$real"
    as_mal --plan "$srv/plan.yaml" --db "$srv/k.db" status >/dev/null 2>&1
    [ ! -e "$TMP/mal/cache/kehoach/$real" ] || bad "a cache of root's plan was written as $MAL"
}

# A cache in a folder others may write, or a file someone else owns, is never
# read, even when everything in it checks out: root's own cache folder made
# group-writable, the colleague's forged file put in it (owned by them), and
# root's own forged file in a folder anyone may write. Each time list prints
# what the plan says.
case_untrusted_cache_not_read() {
    need_root "another user" || return
    [ -x "$FORGE" ] || bad "FORGE_CACHE must name the built tests/security/forge_cache.c" || return 1
    local dir=$TMP/untrusted
    mkdir -p "$dir"
    cp "$PLAN" "$dir/plan.yaml"
    sed 's/^  title: Kế hoạch thực hiện/  title: GIẢ MẠO thực hiện/' "$PLAN" >"$dir/fake.yaml"
    grep -q 'GIẢ MẠO' "$dir/fake.yaml" || bad "the fake plan is not different" || return 1
    local cache=$dir/cache want name
    want=$(KEHOACH_NO_CACHE=1 PLAN=$dir/plan.yaml DB=$dir/none.db k list --format json) || return 1
    name=$("$FORGE" name "$dir/plan.yaml")
    # A forged cache of root's own, in a private folder, is used: the test
    # can tell a cache that was read from one that was not.
    mkdir -p -m 0700 "$cache/kehoach"
    XDG_CACHE_HOME=$cache PLAN=$dir/fake.yaml DB=$dir/none.db k list >/dev/null
    local made
    made=$(ls "$cache/kehoach/"*.plan | head -1)
    "$FORGE" forge "$made" "$dir/plan.yaml" "$cache/kehoach/$name" || return 1
    XDG_CACHE_HOME=$cache PLAN=$dir/plan.yaml DB=$dir/none.db k list --format json | grep -q 'GIẢ MẠO' ||
        bad "the test is blind: a trusted forged cache was not read" || return 1
    # The same file in a folder the group may write: not read.
    chgrp "$GRP" "$cache/kehoach"
    chmod 0770 "$cache/kehoach"
    [ "$(XDG_CACHE_HOME=$cache PLAN=$dir/plan.yaml DB=$dir/none.db k list --format json)" = "$want" ] ||
        bad "a cache in a group-writable folder was read" || return 1
    chmod 0777 "$cache/kehoach"
    [ "$(XDG_CACHE_HOME=$cache PLAN=$dir/plan.yaml DB=$dir/none.db k list --format json)" = "$want" ] ||
        bad "a cache in a folder anyone may write was read" || return 1
    # The colleague's file (group-writable folder): owned by them, not read.
    chmod 0770 "$cache/kehoach"
    cp "$cache/kehoach/$name" "$TMP/forged.plan"
    rm -f "$cache/kehoach/$name"
    setpriv --reuid="$MAL" --regid="$GRP" --init-groups cp "$TMP/forged.plan" "$cache/kehoach/$name" ||
        bad "the colleague could not write into the group's folder" || return 1
    [ "$(stat -c %U "$cache/kehoach/$name")" = "$MAL" ] || bad "not the colleague's file" || return 1
    [ "$(XDG_CACHE_HOME=$cache PLAN=$dir/plan.yaml DB=$dir/none.db k list --format json)" = "$want" ] ||
        bad "the colleague's cache file was read" || return 1
    # A file writable by others in a private folder; a symbolic link: not read.
    chmod 0700 "$cache/kehoach"
    rm -f "$cache/kehoach/$name"
    cp "$TMP/forged.plan" "$cache/kehoach/$name"
    chmod 0666 "$cache/kehoach/$name"
    [ "$(XDG_CACHE_HOME=$cache PLAN=$dir/plan.yaml DB=$dir/none.db k list --format json)" = "$want" ] ||
        bad "a cache file anyone may write was read" || return 1
    rm -f "$cache/kehoach/$name"
    ln -s "$TMP/forged.plan" "$cache/kehoach/$name"
    chmod 0600 "$TMP/forged.plan"
    [ "$(XDG_CACHE_HOME=$cache PLAN=$dir/plan.yaml DB=$dir/none.db k list --format json)" = "$want" ] ||
        bad "a cache reached by a symbolic link was read"
}

# Random bytes of a cache changed, 300 times (one byte, or a run of them, at
# a random place): list --format json always prints what the plan says.
case_damaged_cache_changes_nothing() {
    local dir=$TMP/damaged
    mkdir -p -m 0700 "$dir/cache"
    cp "$PLAN" "$dir/plan.yaml"
    local want
    want=$(KEHOACH_NO_CACHE=1 PLAN=$dir/plan.yaml DB=$dir/none.db k list --format json) || return 1
    XDG_CACHE_HOME=$dir/cache PLAN=$dir/plan.yaml DB=$dir/none.db k list >/dev/null
    local cache
    cache=$(ls "$dir/cache/kehoach/"*.plan | head -1)
    [ -n "$cache" ] || bad "no cache was made" || return 1
    cp "$cache" "$dir/good.plan"
    python3 - "$dir/good.plan" "$dir/bad" <<'EOF' || return 1
import os, random, sys
good = open(sys.argv[1], "rb").read()
os.makedirs(sys.argv[2], exist_ok=True)
rnd = random.Random(11)
for i in range(300):
    b = bytearray(good)
    at = rnd.randrange(len(b))
    for k in range(rnd.choice([1, 1, 1, 4, 16])):
        if at + k < len(b):
            b[at + k] = (b[at + k] + rnd.randrange(1, 256)) % 256
    open(os.path.join(sys.argv[2], "%03d" % i), "wb").write(bytes(b))
EOF
    local f n=0 got
    for f in "$dir/bad"/*; do
        cp "$f" "$cache"
        got=$(XDG_CACHE_HOME=$dir/cache PLAN=$dir/plan.yaml DB=$dir/none.db k list --format json 2>&1)
        [ "$got" = "$want" ] || bad "cache $(basename "$f") changed what list prints" || return 1
        n=$((n + 1))
    done
    echo "    ($n damaged caches, each ignored)"
}

# ---- the database ----

# Another program's SQLite database, a database without kehoach's tables, a
# negative version, and links: every command is refused in words, exit 1,
# and the file is byte for byte as before (sha256), with nothing new beside
# it. The dashboard's projector too.
case_foreign_database_untouched() {
    local dir=$TMP/foreign
    mkdir -p "$dir"
    sqlite3 "$dir/places.sqlite" "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);
        CREATE TABLE moz_origins (id INTEGER PRIMARY KEY, host TEXT);
        INSERT INTO moz_places VALUES (1, 'https://example.org/');" || return 1
    sqlite3 "$dir/places-wal.sqlite" "PRAGMA journal_mode = WAL; CREATE TABLE moz_places (url);
        INSERT INTO moz_places VALUES ('x');" >/dev/null || return 1
    sqlite3 "$dir/v1.db" "CREATE TABLE t (x); PRAGMA user_version = 1;" || return 1
    sqlite3 "$dir/v2.db" "CREATE TABLE t (x); PRAGMA user_version = 2;" || return 1
    sqlite3 "$dir/v3-empty.db" "PRAGMA user_version = 3; VACUUM;" || return 1
    ln -s places.sqlite "$dir/link-to-foreign.db"
    local f cmd before listing
    for f in places.sqlite places-wal.sqlite v1.db v2.db v3-empty.db link-to-foreign.db; do
        DB=$dir/$f
        before=$(sum "$DB")
        for cmd in "set II.1 done" "note II.1 x" "undo" status list history report export "check"; do
            listing=$(ls -A "$dir")
            if [ "$cmd" = check ]; then
                "$BIN" --db "$DB" check "$PLAN" >"$TMP/o" 2>"$TMP/e"
                [ $? -eq 1 ] && grep -q "không phải của kehoach" "$TMP/e" ||
                    bad "$f, check --db: $(cat "$TMP/o" "$TMP/e")" || return 1
            else
                # shellcheck disable=SC2086
                refused "không phải của kehoach" -- $cmd || { echo "    ($f)"; return 1; }
            fi
            [ "$(sum "$DB")" = "$before" ] || bad "$f changed after $cmd" || return 1
            # SQLite itself may leave its -wal and -shm beside a WAL file it read.
            [ "$f" = places-wal.sqlite ] || [ "$(ls -A "$dir")" = "$listing" ] ||
                bad "$f, $cmd: files appeared: $(ls -A "$dir")" || return 1
        done
        in_pty "$BIN" --plan "$PLAN" --db "$DB" present >"$TMP/o" 2>&1
        [ $? -eq 1 ] && grep -q "không phải của kehoach" "$TMP/o" ||
            bad "$f, present: $(cat "$TMP/o")" || return 1
        [ "$(sum "$DB")" = "$before" ] || bad "$f changed after present" || return 1
    done
    [ "$(sqlite3 "$dir/places.sqlite" 'pragma journal_mode')" = delete ] || bad "the journal mode changed"
}

# An empty file behind a symbolic link is not made a database; the empty
# file named directly is (the README's pre-created shared database).
case_link_to_empty_file() {
    local dir=$TMP/emptylink
    mkdir -p "$dir"
    : >"$dir/somebody-else.txt"
    ln -s somebody-else.txt "$dir/k.db"
    DB=$dir/k.db
    refused "liên kết tượng trưng" -- set II.1 done || return 1
    [ ! -s "$dir/somebody-else.txt" ] || bad "the empty file behind the link was written" || return 1
    k status >/dev/null 2>"$TMP/e" || bad "reading through the link: $(cat "$TMP/e")" || return 1
    [ ! -s "$dir/somebody-else.txt" ] || bad "reading wrote to it" || return 1
    install -m 0660 /dev/null "$dir/direct.db"
    DB=$dir/direct.db k set II.1 done >/dev/null || bad "the empty file named directly" || return 1
    [ "$(sqlite3 "$dir/direct.db" 'pragma user_version')" = "$SCHEMA" ] || bad "no schema made"
}

# A negative user_version (-1, -2, INT_MIN) on kehoach's own database: every
# command and the projector exit 1 with "not kehoach's (or damaged)", never
# a crash; the file unchanged.
case_negative_version_refused() {
    local v cmd dir=$TMP/negative
    mkdir -p "$dir"
    for v in -1 -2 -2147483648; do
        DB=$dir/k$v.db
        k set II.1 doing --note "trước" >/dev/null || return 1
        sqlite3 "$DB" "pragma user_version = $v" || return 1
        local before
        before=$(sum "$DB")
        for cmd in "set II.1 done" "note II.1 x" undo status list history report export; do
            # shellcheck disable=SC2086
            refused "không phải của kehoach (hoặc đã bị hỏng)" -- $cmd || { echo "    (user_version $v)"; return 1; }
        done
        in_pty "$BIN" --plan "$PLAN" --db "$DB" present >"$TMP/o" 2>&1
        local rc=$?
        [ $rc -eq 1 ] && grep -q "không phải của kehoach" "$TMP/o" ||
            bad "present, user_version $v: exit $rc: $(cat "$TMP/o")" || return 1
        [ "$(sum "$DB")" = "$before" ] || bad "user_version $v: the file changed" || return 1
    done
}

# ---- terminal escapes ----

# The issue's text: an OSC title, a bell, clear-screen, a C1 CSI, a bidi
# override; and SQL that writes it into a database, since input refuses it.
EVIL_SQL="char(27)||']0;x'||char(7)||char(27)||'[2J'||char(155)||char(8238)"

# evil_db DB: a database whose notes, names and task ids hold the text: a
# note and the last writer of II.1, a task the plan does not have (state,
# note, history), and the tester's own last change (a note), for undo.
evil_db() {
    local me
    me=$(id -un)
    DB=$1 k set II.1 doing --progress 40 --note "ok" >/dev/null || return 1
    sqlite3 "$1" "
INSERT INTO note (plan_id, task_id, body, author, created_at)
  VALUES ('qcdc-2023-tqt', 'II.1', 'Kiến nghị: xấu '||$EVIL_SQL||' cuối', 'mal'||$EVIL_SQL, '2023-06-10T08:00:00Z');
UPDATE task_state SET updated_by = 'mal'||$EVIL_SQL WHERE task_id = 'II.1';
INSERT INTO task_state (plan_id, task_id, status, progress, updated_at, updated_by, version)
  VALUES ('qcdc-2023-tqt', 'II.9'||$EVIL_SQL, 'doing', 10, '2023-06-01T00:00:00Z', 'mal'||$EVIL_SQL, 1);
INSERT INTO note (plan_id, task_id, body, author, created_at)
  VALUES ('qcdc-2023-tqt', 'II.9'||$EVIL_SQL, 'mồ côi '||$EVIL_SQL, 'mal', '2023-06-01T00:00:00Z');
INSERT INTO history (id, plan_id, task_id, field, old_value, new_value, user, at, change_id)
  VALUES (1000, 'qcdc-2023-tqt', 'II.9'||$EVIL_SQL, 'status', 'todo', 'doing', 'mal'||$EVIL_SQL, '2023-06-01T00:00:00Z', 1000);
INSERT INTO history (id, plan_id, task_id, field, old_value, new_value, user, at, change_id)
  VALUES (1001, 'qcdc-2023-tqt', 'II.1', 'note', NULL, 'của tôi '||$EVIL_SQL, '$me', '2023-06-12T00:00:00Z', 1001);
INSERT INTO note (plan_id, task_id, body, author, created_at, change_id)
  VALUES ('qcdc-2023-tqt', 'II.1', 'của tôi '||$EVIL_SQL, '$me', '2023-06-12T00:00:00Z', 1001);"
}

# clean NAME ARGS: run kehoach ARGS; neither stdout nor stderr holds a raw
# control, C1 or bidi character. The exit code is what the command says.
clean() {
    local name=$1
    shift
    "$@" >"$TMP/out.$name" 2>"$TMP/err.$name"
    echo "$?" >"$TMP/rc.$name"
    python3 "$ROOT/tests/security/noraw.py" "$TMP/out.$name" "$TMP/err.$name" >"$TMP/noraw" ||
        bad "$name ($*): $(cat "$TMP/noraw")"
}

# Every output path fed the text from the database (and from the command
# line, in what error messages echo): no raw ESC, C1 or bidi control on
# stdout or stderr; JSON still parses and keeps every character; input
# refuses the text.
case_escapes_never_reach_the_terminal() {
    local dir=$TMP/escapes
    mkdir -p "$dir"
    evil_db "$dir/e.db" || return 1
    DB=$dir/e.db
    local evil
    evil=$(printf '\033]0;x\007\033[2J\302\233\342\200\256')
    local f
    for f in table json csv; do clean "list-$f" k list --format $f || return 1; done
    clean status k status || return 1
    clean list-search k list --search "xấu" || return 1
    for f in table json csv; do clean "history-$f" k history --format $f || return 1; done
    clean history-task k history II.1 || return 1
    for f in md html csv; do clean "report-$f" k report --period 6m --format $f || return 1; done
    clean export-yaml k export || return 1
    clean export-json k export --format json || return 1
    clean export-file k export -o "$dir/x.yaml" || return 1
    python3 "$ROOT/tests/security/noraw.py" "$dir/x.yaml" || bad "raw bytes in the exported file" || return 1
    clean check "$BIN" --db "$DB" check "$PLAN" || return 1
    grep -qF 'II.9\x1B]0;x\x07\x1B[2J\x9B<U+202E>' "$TMP/out.check" ||
        bad "check --db does not show the task id escaped: $(cat "$TMP/out.check")" || return 1
    clean undo k undo || return 1
    grep -qF 'của tôi \x1B]0;x\x07\x1B[2J\x9B<U+202E> (đã rút lại)' "$TMP/out.undo" ||
        bad "undo does not show the withdrawn note escaped: $(cat "$TMP/out.undo")" || return 1
    clean set k set II.1 --progress 50 || return 1
    # What error messages echo from the command line.
    clean unknown-task k set "II.1$evil" done || return 1
    clean bad-today k --today "$evil" status || return 1
    clean bad-unit k list --unit "$evil" || return 1
    clean bad-status k list --status "$evil" || return 1
    clean bad-format k list --format "$evil" || return 1
    clean bad-option k list "--x$evil" || return 1
    clean bad-plan "$BIN" --plan "$dir/$evil.yaml" status || return 1
    clean bad-db "$BIN" --plan "$PLAN" --db "$dir/$evil/k.db" set II.1 done || return 1
    printf 'kehoach: 1\nplan:\n  id: x\n  title: "a\\e[2J"\n' >"$dir/bad.yaml"
    clean bad-plan-text "$BIN" check "$dir/bad.yaml" || return 1
    grep -q "U+001B" "$TMP/err.bad-plan-text" || bad "the plan's escape is not refused: $(cat "$TMP/err.bad-plan-text")" || return 1
    # Someone else (named with the text) changed the task after the
    # tester's change: the refusal names them, safely.
    sqlite3 "$DB" "INSERT INTO history (plan_id, task_id, field, old_value, new_value, user, at, change_id)
        VALUES ('qcdc-2023-tqt', 'III.2.1', 'status', 'todo', 'doing', 'mal'||$EVIL_SQL, '2023-06-13T00:00:00Z', 2000);
        INSERT INTO history (plan_id, task_id, field, old_value, new_value, user, at, change_id)
        VALUES ('qcdc-2023-tqt', 'III.2.1', 'status', 'todo', 'doing', '$(id -un)', '2023-06-12T00:00:00Z', 1999)" || return 1
    clean undo-refused k undo III.2.1 || return 1
    # JSON keeps every character, escaped.
    jq -e '.tasks[] | select(.id == "II.1") | .updated_by == "mal\u001b]0;x\u0007\u001b[2J\u009b\u202e"' \
        "$TMP/out.list-json" >/dev/null || bad "list --format json lost or changed the text" || return 1
    grep -qF '\u001b]0;x\u0007\u001b[2J\u009b\u202e' "$TMP/out.history-json" ||
        bad "history json: $(head -c 300 "$TMP/out.history-json")" || return 1
    jq -e . "$TMP/out.export-json" >/dev/null || bad "the JSON export does not parse" || return 1
    # Input refuses the text, in words.
    clean note-in k note II.2 "a${evil}b" || return 1
    [ "$(cat "$TMP/rc.note-in")" = 1 ] && grep -q 'U+001B' "$TMP/err.note-in" ||
        bad "note with ESC: $(cat "$TMP/err.note-in")" || return 1
    clean set-note-in k set II.2 --note "a$(printf '\342\200\256')b" || return 1
    [ "$(cat "$TMP/rc.set-note-in")" = 1 ] && grep -q 'U+202E' "$TMP/err.set-note-in" ||
        bad "set --note with U+202E: $(cat "$TMP/err.set-note-in")" || return 1
    [ "$(sqlite3 "$DB" "select count(*) from note where task_id = 'II.2'")" = 0 ] ||
        bad "a refused note was written"
}

# The dashboard's note prompt comes through the same check as `note`: a
# note holding a bidi override (typed or pasted) is refused in words, shown
# escaped while typed, and nothing is written.
case_dashboard_note_refused() {
    command -v tmux >/dev/null || skipped "tmux is missing" || return
    local sock=kehoach-sec-$$ i
    DB=$TMP/dash.db
    tmux -L "$sock" -f /dev/null new-session -d -s k -x 100 -y 30 \
        "$(printf '%q ' "$BIN" --plan "$PLAN" --db "$DB" --today 2023-06-15); echo EXIT=\$?; sleep 30"
    screen_has() {
        for i in $(seq 1 60); do
            tmux -L "$sock" capture-pane -p -t k | grep -qF -- "$1" && return 0
            sleep 0.05
        done
        bad "the screen never showed: $1"
        tmux -L "$sock" capture-pane -p -t k | sed 's/^/    |/'
        return 1
    }
    local rc=0
    screen_has "Trạng thái" &&
        tmux -L "$sock" send-keys -t k n && screen_has "Ghi chú cho II.1:" &&
        tmux -L "$sock" send-keys -t k -l -- "$(printf 'ab\342\200\256cd')" &&
        screen_has "ab<U+202E>cd" &&
        tmux -L "$sock" send-keys -t k Enter &&
        screen_has "U+202E, không được phép" || rc=1
    tmux -L "$sock" kill-server 2>/dev/null
    [ $rc -eq 0 ] || return 1
    [ ! -e "$DB" ] || [ "$(sqlite3 -cmd '.timeout 5000' "$DB" 'select count(*) from note')" = 0 ] || bad "the note was written"
}

# ---- reading asks nothing of the system (issue 18) ----

# A read-only list and status, by a user the password database does not
# know, whose HOME may not be written: they work, print what root's do, and
# (under strace) never look the user up (no /etc/passwd, no nscd socket)
# nor make a folder: identity is resolved only when something is written.
case_read_only_run_needs_no_identity() {
    need_root "a uid with no passwd entry" || return
    local uid=$((61000 + $$ % 1000))
    while getent passwd "$uid" >/dev/null || getent group "$uid" >/dev/null; do uid=$((uid + 1)); done
    mkdir -m 0777 "$TMP/ro_db" && mkdir -m 0555 "$TMP/ro_home" || return 1
    DB=$TMP/ro_db/k.db
    k set II.1 doing >/dev/null && k note II.1 "ghi chú" >/dev/null || bad "set as root" || return 1
    chmod 0666 "$DB"
    k list >"$TMP/want_list" && k status >"$TMP/want_status" || bad "root's list" || return 1
    local stranger=(setpriv --reuid="$uid" --regid="$uid" --clear-groups
        env -i PATH=/usr/bin:/bin HOME="$TMP/ro_home" LC_ALL=C.UTF-8 TZ=UTC
        ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS")
    local c
    for c in list status; do
        "${stranger[@]}" "$BIN" --plan "$PLAN" --db "$DB" --today 2023-06-15 $c >"$TMP/got" 2>"$TMP/e" ||
            bad "$c as uid $uid: $(cat "$TMP/e")" || return 1
        cmp -s "$TMP/got" "$TMP/want_$c" || bad "$c as uid $uid differs from root's" || return 1
    done
    command -v strace >/dev/null || skipped "strace is missing: no check of the system calls" || return
    # LeakSanitizer cannot run under ptrace: off for the traced runs (an ASan build).
    local -x ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"
    stranger=(setpriv --reuid="$uid" --regid="$uid" --clear-groups
        env -i PATH=/usr/bin:/bin HOME="$TMP/ro_home" LC_ALL=C.UTF-8 TZ=UTC
        ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS")
    for c in list status; do
        # strace as root, over setpriv: only what follows kehoach's execve counts.
        strace -f -o "$TMP/trace" -e trace=file,network "${stranger[@]}" \
            "$BIN" --plan "$PLAN" --db "$DB" --today 2023-06-15 $c >/dev/null 2>"$TMP/e" ||
            bad "$c under strace: $(cat "$TMP/e")" || return 1
        grep -qF "execve(\"$BIN\"" "$TMP/trace" || bad "no execve of $BIN in the trace" || return 1
        # (ASan's own log folder $TMP/san and its parents do not count.)
        ! awk -v bin="execve(\"$BIN\"" 'index($0, bin) { on = 1 } on' "$TMP/trace" |
            grep -vE "mkdir\(\"(/tmp|$TMP|$TMP/san)\"" | grep -E '/etc/passwd|/etc/group|nscd|mkdir' ||
            bad "a read-only $c looked the user up or made a folder" || return 1
    done
    # The plan's owner, whose cache folder is there from the run before:
    # not one mkdir to find it.
    strace -f -o "$TMP/trace" -e trace=mkdir,mkdirat "$BIN" --plan "$PLAN" --db "$DB" \
        --today 2023-06-15 list >/dev/null 2>"$TMP/e" || bad "list under strace: $(cat "$TMP/e")" || return 1
    [ -d "$XDG_CACHE_HOME/kehoach" ] || bad "no cache folder was made" || return 1
    ! grep -vE "mkdir\(\"(/tmp|$TMP|$TMP/san)\"" "$TMP/trace" | grep mkdir || bad "the cache folder was made again"
}

# kehoach and kehoach-tui (the screens, run in kehoach's place) are one
# build: the one takes the other's plan cache as it is (the build stamp),
# rather than each throwing away and writing again the other's.
case_both_programs_share_the_plan_cache() {
    [ -x "$BIN-tui" ] || bad "no $BIN-tui beside $BIN" || return 1
    cp "$PLAN" "$TMP/shared.yaml"
    local c=("--plan" "$TMP/shared.yaml" --db "$DB" --today 2023-06-15 list)
    "$BIN" "${c[@]}" >"$TMP/want" || bad "list" || return 1
    local cache
    cache=$(ls -t "$XDG_CACHE_HOME"/kehoach/*.plan | head -1)
    [ -n "$cache" ] || bad "no plan cache written" || return 1
    local before
    before=$(stat -c '%i %Y %s' "$cache")
    sleep 1.1 # a rewrite would show in the mtime
    "$BIN-tui" "${c[@]}" >"$TMP/got" || bad "kehoach-tui list" || return 1
    cmp -s "$TMP/want" "$TMP/got" || bad "kehoach-tui lists otherwise" || return 1
    [ "$(stat -c '%i %Y %s' "$cache")" = "$before" ] || bad "kehoach-tui wrote the cache again"
}

# ---- runner ----

all_cases=$(grep -o '^case_[a-z0-9_]*()' "$0" | sed 's/^case_//; s/()$//')
for c in ${*:-$all_cases}; do
    printf '%s ... ' "$c"
    started=$(date +%s.%N)
    PLAN=$ROOT/assets/plan.yaml
    DB=$TMP/$c.db
    "case_$c" >"$TMP/out" 2>&1
    rc=$?
    took=$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.1f", a - b }')
    if [ $rc -eq 77 ]; then
        echo "skipped"
        skip=$((skip + 1))
    elif [ $rc -eq 0 ]; then
        echo "ok (${took} s)"
        pass=$((pass + 1))
    else
        echo "FAILED (${took} s)"
        fail=$((fail + 1))
        failed+=("$c")
    fi
    cat "$TMP/out"
done
reports=$(ls "$TMP"/san/asan.* "$TMP"/san/ubsan.* 2>/dev/null)
if [ -n "$reports" ]; then
    echo "sanitizer reports:"
    cat $reports
    fail=$((fail + 1))
fi
echo "security: $pass passed, $fail failed, $skip skipped${failed:+ (${failed[*]})}"
[ "$fail" -eq 0 ]
