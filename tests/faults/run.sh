#!/usr/bin/env bash
# Faults: a database that cannot be written, is locked too long, is not a
# database, is broken or newer than the program; a disk that fills during a write; two processes
# migrating at once; a writer killed with kill -9 fifty times; a terminal
# lost while a note is being typed; hostile plan files. Each must end with a
# clear message and exit code, no crash, and nothing lost.
#
#   KEHOACH_BIN=/abs/path/kehoach FAULT_WRITER=/abs/path/fault_writer tests/faults/run.sh [CASE...]
#
# FAULT_WRITER is tests/faults/writer.c built against the library (the
# Makefile's test-faults target builds it). As root (as in CI), permission
# cases run as a throw-away user (useradd), since root writes through any file
# mode; a read-only bind mount and a small tmpfs are made in a private mount
# namespace (unshare -m). Run as anyone else, those cases say "skipped: needs
# root"; a file's read-only mode then holds for the tester too, and that case
# runs as them.
set -u
cd "$(dirname "$0")/../.." || exit 2
BIN=${KEHOACH_BIN:-$PWD/kehoach}
WRITER=${FAULT_WRITER:-}
PLAN=$PWD/assets/plan.yaml
PLAN_ID=qcdc-2023-tqt
HERE=$PWD/tests/faults
export LC_ALL=C.UTF-8 TZ=UTC
unset NO_COLOR KEHOACH_LANG KEHOACH_PLAN KEHOACH_DB
TMP=$(mktemp -d /tmp/kehoach-faults.XXXXXX) || exit 2
chmod 0755 "$TMP"
export XDG_DATA_HOME=$TMP/data
# Sanitizer reports go to files (any user may write them), so none is lost.
mkdir -m 1777 "$TMP/san"
export ASAN_OPTIONS="log_path=$TMP/san/asan:detect_leaks=1:abort_on_error=0"
export UBSAN_OPTIONS="log_path=$TMP/san/ubsan:print_stacktrace=1"
SOCK_N=0
SOCK=kehoach-faults-$$-0
T() { tmux -L "$SOCK" -f /dev/null "$@"; }

IS_ROOT=no
[ "$(id -u)" -eq 0 ] && IS_ROOT=yes
USR=khflt$$
GRP=khfltg$$
cleanup() {
    T kill-server 2>/dev/null
    if [ $IS_ROOT = yes ]; then
        chattr -i "$TMP"/*/*.db 2>/dev/null
        userdel "$USR" 2>/dev/null
        groupdel "$GRP" 2>/dev/null
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
if [ $IS_ROOT = yes ]; then
    # A user of no group of the database's, and a group they are not in.
    useradd -M -N -s /bin/sh "$USR" || exit 2
    groupadd "$GRP" || exit 2
fi

if ldd "$BIN" 2>/dev/null | grep -q libasan; then ASAN=yes; else ASAN=no; fi

pass=0
fail=0
skip=0
failed=()
DB=
bad() { echo "    FAIL: $*"; return 1; }
skipped() {
    echo "    skipped: $*"
    return 77
}
need_root() { [ $IS_ROOT = yes ] || skipped "needs root ($*)"; }

k() { "$BIN" --plan "$PLAN" --db "$DB" --today 2023-06-15 "$@"; }
sum() { sha256sum <"$1" | cut -d' ' -f1; }
# Run kehoach as the throw-away user, as a login would (see tests/server/run.sh).
as_user() {
    (umask 022 && setpriv --reuid="$USR" --regid="$(id -g "$USR")" --init-groups \
        env -i PATH=/usr/bin:/bin HOME=/nonexistent LC_ALL=C.UTF-8 TZ=UTC \
        ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
        "$BIN" --plan "$PLAN" --db "$DB" --today 2023-06-15 "$@")
}

# Words of SQLite or the C library that must never be all a person is told,
# and the marks of a crash.
RAW='disk I/O error|unable to open database file|SQL logic error|database disk image is malformed|database is locked|database table is locked|file is not a database|attempt to write a readonly database|out of memory|AddressSanitizer|runtime error|Segmentation|core dumped'

# refused RUNNER WANT... -- ARGS...: RUNNER (k or as_user) with ARGS exits 1,
# its message starts "kehoach: " and holds every WANT, and no raw words.
refused() {
    local runner=$1 want=() rc w
    shift
    while [ "$1" != "--" ]; do want+=("$1"); shift; done
    shift
    "$runner" "$@" >"$TMP/o" 2>"$TMP/e"
    rc=$?
    [ $rc -eq 1 ] || bad "$*: exit $rc, want 1; stderr: $(cat "$TMP/e")" || return 1
    head -1 "$TMP/e" | grep -q '^kehoach: ' || bad "$*: not a kehoach message: $(cat "$TMP/e")" || return 1
    for w in "${want[@]}"; do
        grep -qF -- "$w" "$TMP/e" || bad "$*: \"$w\" not in: $(cat "$TMP/e")" || return 1
    done
    ! grep -qE "$RAW" "$TMP/e" || bad "$*: raw words or a crash: $(cat "$TMP/e")"
}

integrity_ok() {
    local r
    r=$(sqlite3 "$1" 'pragma integrity_check' 2>&1)
    [ "$r" = ok ] || bad "integrity_check of $1: $r"
}

# A database with state worth losing: II.1 in progress with a note, III.2.2
# done, and 30 long notes on II.2 so that it spans many pages. Made once.
SEED=$TMP/seed.db
make_seed() {
    [ -s "$SEED" ] && return 0
    local DB=$SEED
    k set II.1 doing --progress 40 --note "Đã họp triển khai" >/dev/null || return 1
    k set III.2.2 done >/dev/null || return 1
    local i long
    long=$(printf 'Nội dung ghi chú dài %.0s' $(seq 1 300))
    for i in $(seq 1 30); do k note II.2 "ghi chú $i: $long" >/dev/null || return 1; done
    [ ! -e "$SEED-wal" ] || [ ! -s "$SEED-wal" ] || bad "the seed's WAL was not checkpointed"
}
# seed_copy PATH: a copy of the seed at PATH.
seed_copy() {
    make_seed || return 1
    mkdir -p "$(dirname "$1")"
    cp "$SEED" "$1"
}
# The seeded state, as a reading command shows it.
seed_state_ok() {
    local out
    out=$("${1:-k}" list --format csv 2>&1) || bad "list: $out" || return 1
    echo "$out" | grep -q '^II\.1,.*,doing,40,' || bad "II.1 is not doing 40 %: $(echo "$out" | grep '^II\.1,')" || return 1
    echo "$out" | grep -q '^III\.2\.2,.*,done,100,2023-06-15,' || bad "III.2.2 is not done: $(echo "$out" | grep '^III\.2\.2,')"
}

# ---- the database file ----

# A read-only database file in a folder the user may write: every change is
# refused in words, with what to check; reading still works; nothing changes.
# As root, as a throw-away user who owns the 0444 file; else as the tester.
case_db_read_only_file() {
    local dir=$TMP/rof runner=k
    DB=$dir/k.db
    seed_copy "$DB" || return 1
    chmod 0777 "$dir"
    chmod 0444 "$DB"
    if [ $IS_ROOT = yes ]; then
        chown "$USR" "$DB"
        runner=as_user
        echo "    (as the throw-away user $USR, owner of the 0444 file)"
    fi
    local before listing
    before=$(sum "$DB")
    listing=$(ls -A "$dir")
    refused $runner "chỉ cho đọc" "$DB" "Kiểm tra quyền ghi" -- set II.1 done || return 1
    refused $runner "chỉ cho đọc" "$DB" -- note II.1 "không được lưu" || return 1
    [ "$(sum "$DB")" = "$before" ] || bad "the read-only file changed" || return 1
    seed_state_ok $runner || return 1
    # Nothing beside it either: no -wal and -shm left by SQLite.
    [ "$(ls -A "$dir")" = "$listing" ] || bad "files appeared: $(ls -A "$dir")" || return 1
    chmod 0644 "$DB"
    integrity_ok "$DB"
}

# The file system itself is read-only (a read-only bind mount in a private
# mount namespace): root cannot write either.
case_db_read_only_mount() {
    need_root "mount --bind -o ro" || return
    local dir=$TMP/rom
    DB=$dir/k.db
    seed_copy "$DB" || return 1
    local before
    before=$(sum "$DB")
    unshare -m bash -c "$(declare -f k bad refused seed_state_ok)
        RAW='$RAW' TMP='$TMP' BIN='$BIN' PLAN='$PLAN' DB='$DB'
        mount --bind '$dir' '$dir' && mount -o remount,bind,ro '$dir' || exit 3
        touch '$dir/probe' 2>/dev/null && { echo '    FAIL: the bind mount is writable'; exit 1; }
        refused k 'chỉ cho đọc' 'ổ đĩa chỉ cho đọc' -- set II.1 done || exit 1
        refused k 'chỉ cho đọc' 'ổ đĩa chỉ cho đọc' -- note II.1 'không được lưu' || exit 1
        # Reading: SQLite cannot make the -shm of a WAL database there;
        # with no WAL beside it the file is whole, and is read as it is.
        seed_state_ok || exit 1
        k status >/dev/null || exit 1"
    local rc=$?
    [ $rc -ne 3 ] || bad "could not make a read-only bind mount" || return 1
    [ $rc -eq 0 ] || return 1
    [ "$(sum "$DB")" = "$before" ] || bad "the database changed" || return 1
    seed_state_ok
}

# A file even root may not write: chattr +i (immutable).
case_db_immutable_file() {
    need_root "chattr +i" || return
    command -v chattr >/dev/null || skipped "chattr is missing (e2fsprogs)" || return
    local dir=$TMP/imm
    DB=$dir/k.db
    seed_copy "$DB" || return 1
    chattr +i "$DB" 2>/dev/null || skipped "this file system has no immutable attribute" || return
    local before
    before=$(sum "$DB")
    refused k "chỉ cho đọc" "$DB" -- set II.1 done
    local rc=$?
    chattr -i "$DB"
    [ $rc -eq 0 ] || return 1
    [ "$(sum "$DB")" = "$before" ] || bad "the immutable file changed" || return 1
    seed_state_ok
}

# A database of a group the user is not in (root:GROUP 0660): writing and
# reading are refused with the owner, group and mode named.
case_db_other_group() {
    need_root "a second user and group" || return
    local dir=$TMP/grp
    DB=$dir/k.db
    seed_copy "$DB" || return 1
    chmod 0777 "$dir"
    chown "root:$GRP" "$DB"
    chmod 0660 "$DB"
    local before listing
    before=$(sum "$DB")
    listing=$(ls -A "$dir")
    refused as_user "không có quyền ghi cơ sở dữ liệu" "(root:$GRP 0660)" "Kiểm tra quyền ghi" -- set II.1 done || return 1
    refused as_user "không mở được cơ sở dữ liệu" "(root:$GRP 0660)" -- status || return 1
    refused as_user "không mở được cơ sở dữ liệu" "(root:$GRP 0660)" -- history || return 1
    [ "$(sum "$DB")" = "$before" ] || bad "the database changed" || return 1
    [ "$(ls -A "$dir")" = "$listing" ] || bad "files appeared: $(ls -A "$dir")" || return 1
    seed_state_ok
}

# A database in a folder the user may not write (root's 0755 folder, the file
# 0644): SQLite cannot make the WAL's -shm there, yet every reading command
# works and shows the state; a change is refused in words; nothing appears
# beside the file. With the -shm there (someone has the database open),
# reading works too. The projector, started there, shows a change root makes
# meanwhile within 2 seconds.
case_db_read_only_folder() {
    need_root "a second user" || return
    local dir=$TMP/rofolder cmd
    DB=$dir/k.db
    seed_copy "$DB" || return 1
    chmod 0755 "$dir"
    chmod 0644 "$DB"
    local before listing
    before=$(sum "$DB")
    listing=$(ls -A "$dir")
    for cmd in status list history report export "export --format json" "check --db $DB"; do
        # shellcheck disable=SC2086
        as_user $cmd >/dev/null 2>"$TMP/e" || bad "$cmd in a read-only folder: $(cat "$TMP/e")" || return 1
    done
    seed_state_ok as_user || return 1
    refused as_user "không có quyền ghi cơ sở dữ liệu" -- set II.1 done || return 1
    [ "$(sum "$DB")" = "$before" ] || bad "the database changed" || return 1
    [ "$(ls -A "$dir")" = "$listing" ] || bad "files appeared: $(ls -A "$dir")" || return 1
    # Someone (root) has it open: -wal and -shm are there, readable.
    (printf 'select count(*) from task_state;\n'; sleep 2) | sqlite3 "$DB" >/dev/null &
    local holder=$!
    local i=0
    while [ ! -e "$DB-shm" ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
    seed_state_ok as_user || { kill $holder 2>/dev/null; return 1; }
    wait $holder
    # The projector as the user, root changing a task meanwhile.
    T kill-server 2>/dev/null
    SOCK_N=$((SOCK_N + 1))
    SOCK=kehoach-faults-$$-$SOCK_N
    T new-session -d -s k -x 100 -y 30 "$(printf '%q ' setpriv --reuid="$USR" --regid="$(id -g "$USR")" --init-groups \
        env -i PATH=/usr/bin:/bin HOME=/nonexistent LC_ALL=C.UTF-8 TZ=UTC TERM=xterm \
        ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
        "$BIN" --plan "$PLAN" --db "$DB" --today 2023-06-15 present); echo \"EXIT=\$?\"; sleep 30"
    wait_for "Đã hoàn thành đúng hạn: 0" || return 1
    k --today 2023-05-30 set II.2 done >/dev/null || return 1
    wait_for "Đã hoàn thành đúng hạn: 1" 2 || return 1
    T send-keys -t k q
    wait_for "EXIT=0" || return 1
}

# The database's folder does not exist: a change is refused naming the path;
# nothing is created; reading shows the plan's own state.
case_db_missing_directory() {
    DB=$TMP/nowhere/sub/k.db
    refused k "không mở được cơ sở dữ liệu" "$DB" -- set II.1 done || return 1
    refused k "không mở được cơ sở dữ liệu" "$DB" -- note II.1 "không được lưu" || return 1
    [ ! -e "$TMP/nowhere" ] || bad "the folder was created" || return 1
    local out
    out=$(k list --format csv 2>&1) || bad "list without a database: $out" || return 1
    echo "$out" | grep -q '^II\.1,.*,todo,0,' || bad "II.1 is not as the plan leaves it" || return 1
    [ ! -e "$TMP/nowhere" ] || bad "reading created the folder"
}

# An empty database file (the README's server set-up makes one with
# `install -m 0660 /dev/null kehoach.db`; a writer killed while creating a
# database leaves one) is a new database: reading shows the plan's own state
# and writes nothing, the first change makes the schema.
case_db_empty_file_is_new() {
    DB=$TMP/empty/k.db
    mkdir -p "$TMP/empty"
    install -m 0660 /dev/null "$DB"
    local cmd out
    for cmd in status list history report; do
        # shellcheck disable=SC2086
        out=$(k $cmd 2>&1 >/dev/null) || bad "$cmd on an empty database file: $out" || return 1
    done
    out=$(k list --format csv 2>&1) || return 1
    echo "$out" | grep -q '^II\.1,.*,todo,0,' || bad "II.1 is not as the plan leaves it" || return 1
    [ ! -s "$DB" ] || bad "reading wrote to the empty file" || return 1
    k set II.1 doing >/dev/null || return 1
    integrity_ok "$DB" || return 1
    k list --format csv | grep -q '^II\.1,.*,doing,' || bad "the first change was not saved"
}

# A file that is not a database (text; random bytes): refused, untouched,
# no -wal or -shm left beside it.
case_db_not_a_database() {
    local dir=$TMP/notdb f cmd
    mkdir -p "$dir"
    printf 'Danh sách công việc của phường, không phải cơ sở dữ liệu.\n%.0s' $(seq 1 50) >"$dir/text.db"
    head -c 65536 /dev/urandom >"$dir/random.db"
    for f in text random; do
        DB=$dir/$f.db
        local before
        before=$(sum "$DB")
        for cmd in "set II.1 done" "note II.1 x" "status" "list" "history" "report" "export"; do
            # shellcheck disable=SC2086
            refused k "tệp không phải cơ sở dữ liệu SQLite" "$DB" -- $cmd || return 1
        done
        [ "$(sum "$DB")" = "$before" ] || bad "$f.db changed" || return 1
    done
    [ "$(ls "$dir")" = "$(printf 'random.db\ntext.db')" ] || bad "files appeared: $(ls "$dir")"
}

# A truncated database (by 1 byte, by 50 bytes, by one page, to half, to a
# size that is not a whole number of pages, to its first 100 bytes): a
# change (set, note, undo) is refused as corrupt or not a database; reading
# either works or is refused in words; `check --db` says it is damaged; the
# file is untouched.
case_db_truncated() {
    local dir=$TMP/trunc size cut cmd
    make_seed || return 1
    size=$(stat -c %s "$SEED")
    for cut in $((size - 1)) $((size - 50)) $((size - 4096)) $((size / 2)) $((size / 2 + 1000)) 100; do
        DB=$dir/cut$cut.db
        seed_copy "$DB" || return 1
        truncate -s "$cut" "$DB"
        local before
        before=$(sum "$DB")
        for cmd in "set II.2 done" "note II.2 x" "undo"; do
            # shellcheck disable=SC2086
            refused k "" -- $cmd || return 1
            grep -qE 'cơ sở dữ liệu bị hỏng|tệp không phải cơ sở dữ liệu SQLite' "$TMP/e" ||
                bad "$cmd, cut to $cut bytes: $(cat "$TMP/e")" || return 1
        done
        "$BIN" --db "$DB" check "$PLAN" >"$TMP/o" 2>"$TMP/e" && bad "check --db, cut to $cut bytes: exit 0: $(cat "$TMP/o")" && return 1
        grep -qE 'cơ sở dữ liệu bị hỏng|tệp không phải cơ sở dữ liệu SQLite' "$TMP/e" ||
            bad "check --db, cut to $cut bytes: $(cat "$TMP/o" "$TMP/e")" || return 1
        ! grep -qE "$RAW" "$TMP/e" || bad "check --db, cut to $cut bytes: raw words: $(cat "$TMP/e")" || return 1
        for cmd in status list history export; do
            # shellcheck disable=SC2086
            k $cmd >/dev/null 2>"$TMP/e"
            local rc=$?
            [ $rc -le 1 ] || bad "$cmd on a database cut to $cut bytes: exit $rc: $(cat "$TMP/e")" || return 1
            if [ $rc -eq 1 ]; then
                grep -qE 'cơ sở dữ liệu bị hỏng|tệp không phải cơ sở dữ liệu SQLite' "$TMP/e" ||
                    bad "$cmd, cut to $cut bytes: $(cat "$TMP/e")" || return 1
                ! grep -qE "$RAW" "$TMP/e" || bad "$cmd, cut to $cut bytes: raw words: $(cat "$TMP/e")" || return 1
            fi
        done
        [ "$(sum "$DB")" = "$before" ] || bad "the database cut to $cut bytes changed" || return 1
    done
}

# Garbage over pages of a database (the first table's root page; the last
# page; the header's magic): a change is refused in words, the file untouched.
case_db_corrupted() {
    local dir=$TMP/corrupt where
    make_seed || return 1
    local pages=$(($(stat -c %s "$SEED") / 4096))
    for where in 1 $((pages - 1)) header; do
        DB=$dir/c$where.db
        seed_copy "$DB" || return 1
        if [ "$where" = header ]; then
            printf 'Not SQLite at all' | dd of="$DB" conv=notrunc status=none
        else
            head -c 4096 /dev/urandom | dd of="$DB" bs=4096 seek="$where" conv=notrunc status=none
        fi
        local before
        before=$(sum "$DB")
        refused k "" -- set II.2 done || return 1
        grep -qE 'cơ sở dữ liệu bị hỏng: .*(cấu trúc tệp bị hỏng \(mã SQLite 11|quick_check của SQLite báo)|tệp không phải cơ sở dữ liệu SQLite' "$TMP/e" ||
            bad "garbage at $where: $(cat "$TMP/e")" || return 1
        local cmd
        for cmd in status list history; do
            k $cmd >/dev/null 2>"$TMP/e"
            local rc=$?
            [ $rc -le 1 ] || bad "$cmd with garbage at $where: exit $rc: $(cat "$TMP/e")" || return 1
            ! grep -qE "$RAW" "$TMP/e" || bad "$cmd with garbage at $where: $(cat "$TMP/e")" || return 1
        done
        [ "$(sum "$DB")" = "$before" ] || bad "the database with garbage at $where changed" || return 1
    done
}

# A database made by a newer kehoach (a schema version above this one's):
# every command refuses it, says to use a newer kehoach, and writes nothing.
case_db_newer_schema() {
    DB=$TMP/newer/k.db
    seed_copy "$DB" || return 1
    sqlite3 "$DB" 'pragma user_version = 99' || return 1
    local before cmd
    before=$(sum "$DB")
    for cmd in "set II.1 done" "note II.1 x" status list history report export; do
        # shellcheck disable=SC2086
        refused k "mới hơn" "schema 99" "Hãy dùng phiên bản kehoach mới hơn" -- $cmd || return 1
    done
    [ "$(sum "$DB")" = "$before" ] || bad "the newer database changed" || return 1
    [ "$(sqlite3 "$DB" 'pragma user_version')" = 99 ] || bad "user_version changed"
}

# A database another process keeps locked longer than kehoach waits (four
# tries, about 20 s): the change is refused in words, the lock named in
# Vietnamese with SQLite's code and none of its English; nothing changes.
case_db_locked() {
    DB=$TMP/locked/k.db
    seed_copy "$DB" || return 1
    local before
    before=$(sum "$DB")
    # The holder reads its SQL from a FIFO: closing it ends the holder.
    mkfifo "$TMP/locked/sql" || return 1
    sqlite3 "$DB" <"$TMP/locked/sql" &
    local holder=$!
    exec 8>"$TMP/locked/sql"
    printf 'BEGIN EXCLUSIVE;\nUPDATE task_state SET progress = progress;\n' >&8
    sleep 0.5
    refused k "cơ sở dữ liệu đang bận" "tệp đang bị một tiến trình khác khóa (mã SQLite 5)" \
        "hãy thử lại sau ít phút" -- set II.1 done
    local rc=$?
    exec 8>&-
    wait $holder
    [ $rc -eq 0 ] || return 1
    [ "$(sum "$DB")" = "$before" ] || bad "the locked database changed" || return 1
    seed_state_ok
}

# ---- a disk that fills ----

# The file size limit (ulimit -f) hit during a write, at every point from the
# -shm file to the WAL's last frame: each change is saved whole or refused
# with "đĩa đầy"; the database stays intact with everything saved before;
# SIGXFSZ kills nothing.
case_disk_full_ulimit() {
    local dir=$TMP/ulimit lim rc n0 n1 saved=0 refusedn=0
    local long
    long=$(printf 'Ghi chú rất dài để lấp đầy WAL %.0s' $(seq 1 150))
    for lim in 1 4 8 12 16 20 24 28 32 36 40 48 64 96; do
        DB=$dir/l$lim.db
        seed_copy "$DB" || return 1
        n0=$(sqlite3 "$DB" 'select count(*) from note')
        (ulimit -f "$lim" && k note II.3 "giới hạn $lim KiB: $long" >/dev/null 2>"$TMP/e")
        rc=$?
        case $rc in
        0) saved=$((saved + 1)) ;;
        1)
            refusedn=$((refusedn + 1))
            grep -qF "đĩa đầy hoặc tệp vượt giới hạn kích thước" "$TMP/e" ||
                bad "limit $lim KiB: $(cat "$TMP/e")" || return 1
            ! grep -qE "$RAW" "$TMP/e" || bad "limit $lim KiB: raw words: $(cat "$TMP/e")" || return 1
            ;;
        *) bad "limit $lim KiB: exit $rc (a signal?): $(cat "$TMP/e")"; return 1 ;;
        esac
        integrity_ok "$DB" || return 1
        n1=$(sqlite3 "$DB" 'select count(*) from note')
        [ "$n1" = $((n0 + (rc == 0 ? 1 : 0))) ] || bad "limit $lim KiB, exit $rc: $n0 notes before, $n1 after" || return 1
        [ "$(sqlite3 "$DB" "select count(*) from history where field = 'note'")" = "$n1" ] ||
            bad "limit $lim KiB: notes and history disagree" || return 1
        seed_state_ok || return 1
    done
    echo "    ($refusedn limits refused the change in words, $saved let it through whole)"
    [ $refusedn -gt 0 ] || bad "no limit was small enough to refuse the change" || return 1
    [ $saved -gt 0 ] || bad "no limit was large enough to let the change through" || return 1
    # A brand-new database under a tiny limit: refused; afterwards it works.
    DB=$dir/new.db
    (ulimit -f 2 && k set II.1 doing >/dev/null 2>"$TMP/e")
    rc=$?
    [ $rc -eq 1 ] || bad "a new database under 2 KiB: exit $rc: $(cat "$TMP/e")" || return 1
    grep -qF "đĩa đầy" "$TMP/e" || bad "a new database under 2 KiB: $(cat "$TMP/e")" || return 1
    k set II.1 doing >/dev/null 2>"$TMP/e" || bad "after the limit: $(cat "$TMP/e")" || return 1
    integrity_ok "$DB"
}

# A real full disk: a 2 MiB tmpfs (in a private mount namespace) filled up
# but for 0 to 64 KiB; then as the ulimit case.
case_disk_full_tmpfs() {
    need_root "mount -t tmpfs" || return
    make_seed || return 1
    local dir=$TMP/tmpfs
    mkdir -p "$dir"
    unshare -m bash -c "$(declare -f k bad integrity_ok seed_state_ok)
        RAW='$RAW' TMP='$TMP' BIN='$BIN' PLAN='$PLAN'
        mount -t tmpfs -o size=2m kehoach-full '$dir' || exit 3
        long=\$(printf 'Ghi chú rất dài để lấp đầy đĩa %.0s' \$(seq 1 150))
        refusedn=0
        for free in 0 4 8 16 24 32 48 64 96 128 192 256; do
            rm -f '$dir'/*
            DB='$dir'/k.db
            cp '$SEED' \"\$DB\"
            n0=\$(sqlite3 \"\$DB\" 'select count(*) from note')
            avail=\$(df -B1 --output=avail '$dir' | tail -1)
            blocks=\$(( (avail - free * 1024) / 4096 ))
            [ \$blocks -gt 0 ] && dd if=/dev/zero of='$dir/filler' bs=4096 count=\$blocks status=none 2>/dev/null
            k note II.3 \"còn \$free KiB: \$long\" >/dev/null 2>'$TMP/e'
            rc=\$?
            case \$rc in
            0) ;;
            1) refusedn=\$((refusedn + 1))
               grep -qF 'đĩa đầy hoặc tệp vượt giới hạn kích thước' '$TMP/e' ||
                   { bad \"\$free KiB free: \$(cat '$TMP/e')\"; exit 1; }
               ! grep -qE \"\$RAW\" '$TMP/e' || { bad \"\$free KiB free: raw words: \$(cat '$TMP/e')\"; exit 1; } ;;
            *) bad \"\$free KiB free: exit \$rc: \$(cat '$TMP/e')\"; exit 1 ;;
            esac
            rm -f '$dir/filler'
            integrity_ok \"\$DB\" || exit 1
            n1=\$(sqlite3 \"\$DB\" 'select count(*) from note')
            [ \"\$n1\" = \$((n0 + (rc == 0 ? 1 : 0))) ] || { bad \"\$free KiB free, exit \$rc: \$n0 notes before, \$n1 after\"; exit 1; }
            seed_state_ok || exit 1
        done
        echo \"    (\$refusedn of 12 fillings refused the change in words)\"
        [ \$refusedn -gt 0 ] || { bad 'the disk never filled'; exit 1; }
        [ \$refusedn -lt 12 ] || { bad 'no filling left room for the change'; exit 1; }"
    local rc=$?
    [ $rc -ne 3 ] || bad "could not mount a tmpfs" || return 1
    [ $rc -eq 0 ]
}

# ---- two processes migrating at once ----

# A database of schema 1 (with state), six processes opening it at the same
# moment (a writer holds the lock while they start, so all of them find the
# old schema and queue for the migration): every one succeeds, the schema is
# made once and is exactly a new database's, and nothing of the old is lost.
case_concurrent_migration() {
    DB=$TMP/migr/fresh.db
    mkdir -p "$TMP/migr"
    k set II.1 doing >/dev/null || return 1
    local want_version want_schema
    want_version=$(sqlite3 "$DB" 'pragma user_version')
    want_schema=$(sqlite3 "$DB" "select type, name from sqlite_master order by type, name")
    DB=$TMP/migr/v1.db
    sqlite3 "$DB" >/dev/null <<'EOF' || return 1
PRAGMA journal_mode = WAL;
CREATE TABLE task_state (plan_id TEXT NOT NULL, task_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('todo', 'doing', 'blocked', 'done')),
  progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  completed TEXT, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1, PRIMARY KEY (plan_id, task_id)) WITHOUT ROWID;
CREATE TABLE note (id INTEGER PRIMARY KEY, plan_id TEXT NOT NULL, task_id TEXT NOT NULL,
  body TEXT NOT NULL, author TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE history (id INTEGER PRIMARY KEY, plan_id TEXT NOT NULL, task_id TEXT NOT NULL,
  field TEXT NOT NULL, old_value TEXT, new_value TEXT, user TEXT NOT NULL, at TEXT NOT NULL);
INSERT INTO task_state VALUES ('qcdc-2023-tqt', 'II.7', 'doing', 40, NULL, '2023-03-01T08:00:00Z', 'carol', 3);
INSERT INTO note (plan_id, task_id, body, author, created_at)
  VALUES ('qcdc-2023-tqt', 'II.7', 'ghi chú cũ', 'carol', '2023-03-01T08:00:00Z');
INSERT INTO history (plan_id, task_id, field, old_value, new_value, user, at)
  VALUES ('qcdc-2023-tqt', 'II.7', 'status', 'todo', 'doing', 'carol', '2023-03-01T08:00:00Z');
PRAGMA user_version = 1;
EOF
    (printf 'BEGIN IMMEDIATE;\n'; sleep 1; printf 'COMMIT;\n') | sqlite3 "$DB" &
    local holder=$! p
    sleep 0.2
    for p in 1 2 3 4 5 6; do k set "II.$p" done >/dev/null 2>"$TMP/migr.$p" & done
    wait
    for p in 1 2 3 4 5 6; do
        [ ! -s "$TMP/migr.$p" ] || bad "process $p: $(cat "$TMP/migr.$p")" || return 1
    done
    [ "$(sqlite3 "$DB" 'pragma user_version')" = "$want_version" ] ||
        bad "schema $(sqlite3 "$DB" 'pragma user_version'), want $want_version" || return 1
    [ "$(sqlite3 "$DB" "select type, name from sqlite_master order by type, name")" = "$want_schema" ] ||
        bad "the migrated schema differs from a new one" || return 1
    [ "$(sqlite3 "$DB" "select count(*) from task_state where status = 'done'")" = 6 ] ||
        bad "not every change landed" || return 1
    local out
    out=$(k list --format csv) || return 1
    echo "$out" | grep -q '^II\.7,.*,doing,40,' || bad "the old state of II.7 was lost" || return 1
    [ "$(sqlite3 "$DB" "select count(*) from note where body = 'ghi chú cũ'")" = 1 ] || bad "the old note was lost" || return 1
    integrity_ok "$DB" || return 1
    wait "$holder" 2>/dev/null
    return 0
}

# ---- kill -9 ----

# check_reported DB SAVED_FILE: the database is intact, each change (note)
# the writer reported saved is in it, and each note came with its history
# row and its version step (one transaction each: all or nothing).
check_reported() {
    local db=$1 saved=$2 missing notes hist version out
    # kehoach itself reads the database first, as left by the kill.
    out=$("$BIN" --plan "$PLAN" --db "$db" --today 2023-06-15 list --format csv 2>&1) ||
        bad "reading after the kill: $out" || return 1
    integrity_ok "$db" || return 1
    missing=$(comm -23 <(sed -n 's/^saved //p' "$saved" | sort -u) \
        <(sqlite3 "$db" "select body from note where task_id = 'II.1'" | sort -u))
    [ -z "$missing" ] || bad "reported saved, but not in the database: $(echo "$missing" | head -5)" || return 1
    notes=$(sqlite3 "$db" "select count(*) from note where task_id = 'II.1'")
    hist=$(sqlite3 "$db" "select count(*) from history where task_id = 'II.1' and field = 'note'")
    version=$(sqlite3 "$db" "select coalesce(max(version), 0) from task_state where task_id = 'II.1'")
    [ "$notes" = "$hist" ] && [ "$notes" = "$version" ] ||
        bad "a change half made: $notes notes, $hist history rows, version $version"
}

# A writer (tests/faults/writer.c: one change per transaction, printing each
# as soon as it is saved) killed with kill -9 at 50 random moments, the first
# round starting with no database. After each kill the database is intact and
# holds every change reported saved.
case_kill9_writer() {
    [ -n "$WRITER" ] && [ -x "$WRITER" ] || bad "FAULT_WRITER must name the built tests/faults/writer.c" || return 1
    DB=$TMP/kill/w.db
    mkdir -p "$TMP/kill"
    local saved=$TMP/kill/saved round pid mid=0
    : >"$saved"
    for round in $(seq 1 50); do
        "$WRITER" "$DB" "r$round" >>"$saved" 2>>"$TMP/kill/err" &
        pid=$!
        sleep "0.$(printf %03d $((RANDOM % 250)))"
        kill -0 "$pid" 2>/dev/null && mid=$((mid + 1))
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        check_reported "$DB" "$saved" || { echo "    (after kill $round)"; return 1; }
    done
    [ ! -s "$TMP/kill/err" ] || bad "the writer reported errors: $(head -3 "$TMP/kill/err")" || return 1
    local reported in_db
    reported=$(grep -c '^saved ' "$saved")
    in_db=$(sqlite3 "$DB" "select count(*) from note")
    echo "    ($mid of 50 kills hit a running writer; $reported changes reported saved, $in_db in the database)"
    [ "$mid" -eq 50 ] || bad "only $mid kills hit a running writer" || return 1
    [ "$reported" -gt 0 ] || bad "the writer never saved anything" || return 1
    # A change committed but not yet reported when the writer was killed: at most one a kill.
    [ $((in_db - reported)) -le 50 ] || bad "$((in_db - reported)) changes saved but never reported"
}

# The command line the same way: a loop of `kehoach note`, each keeping what
# it printed, killed (the loop and the kehoach running) with kill -9 at 50
# random moments; the first round creates the database. Every note whose
# command printed "đã lưu" is in the database.
case_kill9_cli_loop() {
    DB=$TMP/killcli/k.db
    mkdir -p "$TMP/killcli/out"
    local round pid
    for round in $(seq 1 50); do
        setsid bash -c '
            i=0
            while i=$((i + 1)); do
                "$0" --plan "$1" --db "$2" --today 2023-06-15 note II.1 "r$3-$i" >"$4/r$3-$i" 2>&1 || exit 1
            done' "$BIN" "$PLAN" "$DB" "$round" "$TMP/killcli/out" &
        pid=$!
        # Once it is a process group of its own, a random moment, then the group.
        local _
        for _ in $(seq 1 100); do
            [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ] && break
            sleep 0.01
        done
        sleep "0.$(printf %03d $((RANDOM % 250)))"
        kill -9 -- -"$pid" 2>/dev/null || bad "the loop was not a process group" || return 1
        wait "$pid" 2>/dev/null
        grep -l 'đã thêm ghi chú' "$TMP/killcli/out"/* 2>/dev/null | sed 's|.*/|saved |' >"$TMP/killcli/saved"
        check_reported "$DB" "$TMP/killcli/saved" || { echo "    (after kill $round)"; return 1; }
    done
    local bad_out
    bad_out=$(grep -L 'đã thêm ghi chú' "$TMP/killcli/out"/* | while read -r f; do [ -s "$f" ] && echo "$f: $(cat "$f")"; done)
    [ -z "$bad_out" ] || bad "a note command said something else: $(echo "$bad_out" | head -3)" || return 1
    local reported in_db
    reported=$(wc -l <"$TMP/killcli/saved")
    in_db=$(sqlite3 "$DB" 'select count(*) from note')
    echo "    ($reported notes reported saved, $in_db in the database)"
    [ "$reported" -gt 0 ] || bad "no note was ever reported saved" || return 1
    # A note committed but not yet reported when its command was killed: at most one a kill.
    [ $((in_db - reported)) -le 50 ] || bad "$((in_db - reported)) notes saved but never reported"
}

# ---- the dashboard on a database it cannot write ----

# start_as_user [ARGS...]: the dashboard in a fresh tmux session, as the
# throw-away user (with a drafts folder of theirs), on $DB (or ARGS).
start_as_user() {
    local args=("$@")
    [ $# -gt 0 ] || args=(--plan "$PLAN" --db "$DB")
    T kill-server 2>/dev/null
    SOCK_N=$((SOCK_N + 1))
    SOCK=kehoach-faults-$$-$SOCK_N
    mkdir -p -m 1777 "$TMP/udata"
    T new-session -d -s k -x 160 -y 30 "$(printf '%q ' setpriv --reuid="$USR" --regid="$(id -g "$USR")" --init-groups \
        env -i PATH=/usr/bin:/bin HOME=/nonexistent XDG_DATA_HOME="$TMP/udata" LC_ALL=C.UTF-8 TZ=UTC TERM=xterm \
        ASAN_OPTIONS="$ASAN_OPTIONS" UBSAN_OPTIONS="$UBSAN_OPTIONS" \
        "$BIN" "${args[@]}" --today 2023-06-15); echo \"EXIT=\$?\"; sleep 30"
    T set-option -t k remain-on-exit on >/dev/null
}

# dashboard_read_only WANT: the dashboard running in session k opened the
# database read-only by itself: the status line says so with WANT (the
# reason), every edit key is refused with a message and opens no prompt,
# and q quits with exit 0.
dashboard_read_only() {
    local want=$1 key
    wait_for "Chỉ xem — $want" || return 1
    screen | grep -qF "[chỉ xem]" || bad "no [chỉ xem] in the header" || return 1
    for key in s p n N e u c R A; do
        T send-keys -t k j
        wait_for "Chỉ xem — $want" || return 1
        T send-keys -t k "$key"
        wait_for "): không sửa được" || { bad "key $key was not refused"; return 1; }
        ! screen | grep -qE "Trạng thái của|Ghi chú cho|Tiến độ của|Gia hạn" || bad "key $key opened a prompt" || return 1
    done
    T send-keys -t k q
    wait_for "EXIT=0" || return 1
}

# M8: a database the user cannot write — their own 0444 file, a folder
# they may not write (another's 0644 file; their 0666 file where the -wal
# and -shm cannot be made), a read-only mount — is opened by the dashboard
# read-only, saying why on the status line, every edit key refused in
# words; `set` is refused (exit 1, in words); nothing is written, not even
# SQLite's -wal and -shm beside the file.
case_dashboard_read_only_db() {
    need_root "a second user, a read-only bind mount" || return
    local dir before listing
    # Their own 0444 file in a folder they may write.
    dir=$TMP/dro-file
    DB=$dir/k.db
    seed_copy "$DB" || return 1
    chmod 0777 "$dir"
    chmod 0444 "$DB"
    chown "$USR" "$DB"
    before=$(sum "$DB")
    listing=$(ls -A "$dir")
    refused as_user "chỉ cho đọc" "$DB" "Kiểm tra quyền ghi" -- set II.1 done || return 1
    start_as_user
    dashboard_read_only "cơ sở dữ liệu chỉ cho đọc: $DB" || return 1
    echo "    ok: their own 0444 file"
    [ "$(sum "$DB")" = "$before" ] || bad "0444: the database changed" || return 1
    [ "$(ls -A "$dir")" = "$listing" ] || bad "0444: files appeared: $(ls -A "$dir")" || return 1
    # A folder they may not write, another's file.
    dir=$TMP/dro-folder
    DB=$dir/k.db
    seed_copy "$DB" || return 1
    chmod 0755 "$dir"
    chmod 0644 "$DB"
    before=$(sum "$DB")
    listing=$(ls -A "$dir")
    start_as_user
    dashboard_read_only "không có quyền ghi cơ sở dữ liệu: $DB" || return 1
    [ "$(sum "$DB")" = "$before" ] || bad "folder: the database changed" || return 1
    [ "$(ls -A "$dir")" = "$listing" ] || bad "folder: files appeared: $(ls -A "$dir")" || return 1
    echo "    ok: another's file in a folder they may not write"
    # Their file is writable, the folder is not: no -wal and -shm can be made.
    chmod 0666 "$DB"
    refused as_user "chỉ cho đọc" "$dir: không có quyền truy cập" -- set II.1 done || return 1
    start_as_user
    dashboard_read_only "cơ sở dữ liệu chỉ cho đọc: $DB: $dir" || return 1
    [ "$(sum "$DB")" = "$before" ] || bad "0666 in the folder: the database changed" || return 1
    [ "$(ls -A "$dir")" = "$listing" ] || bad "0666 in the folder: files appeared: $(ls -A "$dir")" || return 1
    echo "    ok: their 0666 file in a folder they may not write"
    # A workspace (every plan on one dashboard) in a folder they may not write.
    dir=$TMP/dro-ws
    mkdir -p "$dir/sub"
    cp "$PLAN" "$dir/plan.yaml"
    sed -e 's/^  id: qcdc-2023-tqt$/  id: aaa-2023/' "$PLAN" >"$dir/sub/a.yaml"
    "$BIN" --workspace "$dir" --plan qcdc-2023-tqt --today 2023-06-15 set II.1 doing >/dev/null || return 1
    chmod 0755 "$dir"
    DB=$dir/kehoach.db
    chmod 0644 "$DB"
    before=$(sum "$DB")
    listing=$(ls -A "$dir")
    start_as_user --workspace "$dir"
    dashboard_read_only "không có quyền ghi cơ sở dữ liệu: $DB" || return 1
    [ "$(sum "$DB")" = "$before" ] || bad "workspace: the database changed" || return 1
    [ "$(ls -A "$dir")" = "$listing" ] || bad "workspace: files appeared: $(ls -A "$dir")" || return 1
    echo "    ok: a workspace in a folder they may not write"
    # A read-only mount: root cannot write either. The tmux server starts
    # in the private mount namespace and keeps it.
    dir=$TMP/dro-mount
    DB=$dir/k.db
    seed_copy "$DB" || return 1
    before=$(sum "$DB")
    T kill-server 2>/dev/null
    SOCK_N=$((SOCK_N + 1))
    SOCK=kehoach-faults-$$-$SOCK_N
    unshare -m bash -c "mount --bind '$dir' '$dir' && mount -o remount,bind,ro '$dir' || exit 3
        tmux -L '$SOCK' -f /dev/null new-session -d -s k -x 160 -y 30 \"\$(printf '%q ' env TERM=xterm XDG_DATA_HOME='$TMP/udata' '$BIN' --plan '$PLAN' --db '$DB' --today 2023-06-15); echo EXIT=\\\$?; sleep 30\""
    [ $? -eq 0 ] || bad "could not make a read-only bind mount" || return 1
    dashboard_read_only "cơ sở dữ liệu chỉ cho đọc: $DB: ổ đĩa chỉ cho đọc" || return 1
    [ "$(sum "$DB")" = "$before" ] || bad "mount: the database changed" || return 1
    echo "    ok: a read-only mount"
}

# ---- the terminal lost while a note is being typed ----

# start: a fresh 80x24 tmux session running the dashboard on $DB.
start() {
    T kill-server 2>/dev/null
    SOCK_N=$((SOCK_N + 1))
    SOCK=kehoach-faults-$$-$SOCK_N
    T new-session -d -s k -x 80 -y 24 "$(printf '%q ' "$BIN" --plan "$PLAN" --db "$DB" --today 2023-06-15); echo \"EXIT=\$?\"; sleep 30"
    T set-option -t k remain-on-exit on >/dev/null
}
screen() { T capture-pane -p -t k; }
wait_for() {
    local i=0
    while [ $i -lt $((${2:-3} * 20)) ]; do
        screen | grep -qF -- "$1" && return 0
        sleep 0.05
        i=$((i + 1))
    done
    bad "the screen never showed: $1"
    screen | sed 's/^/    |/'
    return 1
}
alive() { [ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)" != Z ]; }
app_pids() { pgrep -f -- "^$BIN .*--db $DB" | while read -r p; do alive "$p" && echo "$p"; done; }
# gone_within_1s PID...: every one has ended within a second.
gone_within_1s() {
    local i=0 p left
    while [ $i -lt 20 ]; do
        left=
        for p in "$@"; do alive "$p" && left="$left $p"; done
        [ -z "$left" ] && return 0
        sleep 0.05
        i=$((i + 1))
    done
    kill -9 $left 2>/dev/null
    bad "still running 1 s after the fault:$left"
}

# Type: a status saved (II.1: Đang thực hiện), then a note begun and not saved.
NOTE_TEXT="Họp với tổ dân phố số 3 về hương ước"
type_a_note() {
    wait_for "Trạng thái" || return 1
    T send-keys -t k s 2
    wait_for "Đã lưu" || return 1
    T send-keys -t k n
    wait_for "Ghi chú cho II.1:" || return 1
    T send-keys -t k -l -- "$NOTE_TEXT"
    wait_for "$NOTE_TEXT" || return 1
}

# After the fault: the saved status is in the database, which is intact; the
# note is in the drafts file and offered again by the next dashboard.
nothing_lost() {
    integrity_ok "$DB" || return 1
    [ "$(sqlite3 "$DB" "select status from task_state where task_id = 'II.1'")" = doing ] ||
        bad "the saved status was lost" || return 1
    local drafts
    drafts=$(echo "$XDG_DATA_HOME/kehoach/drafts/$PLAN_ID@"*)
    [ -f "$drafts" ] || bad "no drafts file" || return 1
    grep -qF "II.1	$NOTE_TEXT" "$drafts" || bad "the draft is not kept: $(cat "$drafts")" || return 1
    [ "$(stat -c %a "$drafts")" = 600 ] || bad "the drafts file is $(stat -c %a "$drafts"), want 600" || return 1
    [ "$(sqlite3 "$DB" "select count(*) from note")" = 0 ] || bad "the unfinished note was saved as a note"
}

# The terminal is as before: no alternate screen, a cursor, no mouse or keypad modes.
terminal_restored() {
    local modes
    modes=$(T display -p -t k '#{alternate_on} #{cursor_flag} #{mouse_any_flag} #{keypad_flag}')
    [ "$modes" = "0 1 0 0" ] || bad "terminal modes left on (alternate cursor mouse keypad): $modes"
}

signal_while_typing() {
    local sig=$1 want_exit=$2
    DB=$TMP/tty-$sig.db
    rm -rf "$XDG_DATA_HOME"
    start
    type_a_note || return 1
    local pid
    pid=$(app_pids)
    [ -n "$pid" ] || bad "no dashboard process" || return 1
    kill -"$sig" "$pid"
    gone_within_1s "$pid" || return 1
    wait_for "EXIT=$want_exit" || return 1
    terminal_restored || return 1
    nothing_lost || return 1
    # Offered again, and saved from there.
    start
    wait_for "ghi chú viết dở từ lần trước" || return 1
    T send-keys -t k n
    wait_for "Ghi chú cho II.1: $NOTE_TEXT" || return 1
    T send-keys -t k Enter
    wait_for "Đã lưu: II.1" || return 1
    T send-keys -t k q
    wait_for "EXIT=0" || return 1
    [ "$(sqlite3 "$DB" "select body from note")" = "$NOTE_TEXT" ] || bad "the draft was not saved as the note"
}

# SIGHUP (the SSH link or the terminal gone) while typing: ends within a
# second with exit 1, the terminal restored, the note kept as a draft.
case_sighup_while_typing() { signal_while_typing HUP 1; }

# SIGTERM (shutdown, kill) while typing: ends within a second with exit 0,
# says the note is kept, the terminal restored.
case_sigterm_while_typing() {
    signal_while_typing TERM 0 || return 1
    return 0
}

# SIGQUIT (Ctrl-\\ on the keyboard) while typing: as SIGTERM, exit 0, the
# terminal restored, the note kept as a draft (it used to dump core with the
# alternate screen and mouse tracking left on).
case_sigquit_while_typing() { signal_while_typing QUIT 0; }

# The tmux server killed (every pty closed at once) while typing.
case_killed_session_while_typing() {
    DB=$TMP/tty-kill.db
    rm -rf "$XDG_DATA_HOME"
    start
    type_a_note || return 1
    local pid
    pid=$(app_pids)
    [ -n "$pid" ] || bad "no dashboard process" || return 1
    T kill-server
    gone_within_1s "$pid" || return 1
    nothing_lost
}

# The pty's master side closed (a terminal window closed, sshd gone) while
# typing, three ways: the dashboard is the session leader (it gets SIGHUP);
# a shell is the leader and the dashboard its foreground job (SIGHUP to the
# foreground group); the dashboard in a session of its own on the pty
# (setsid: no SIGHUP at all, only reads that fail).
case_closed_pty_while_typing() {
    local how
    for how in leader shell setsid; do
        DB=$TMP/pty-$how.db
        rm -rf "$XDG_DATA_HOME"
        local cmd=("$BIN" --plan "$PLAN" --db "$DB" --today 2023-06-15)
        case $how in
        shell) cmd=(sh -c "$(printf '%q ' "${cmd[@]}"); echo ended") ;;
        setsid) cmd=(setsid -w "${cmd[@]}") ;;
        esac
        # s 2: II.1 in progress (saved); n and the text: a note begun.
        python3 "$HERE/pty_close.py" "F10" s 2 n "$NOTE_TEXT" -- "${cmd[@]}" >"$TMP/pty.out" 2>&1 ||
            bad "$how: $(cat "$TMP/pty.out")" || return 1
        local pids
        pids=$(app_pids)
        [ -z "$pids" ] || gone_within_1s $pids || { echo "    ($how)"; return 1; }
        grep -q '^ended: ' "$TMP/pty.out" || bad "$how: $(cat "$TMP/pty.out")" || return 1
        nothing_lost || { echo "    ($how)"; return 1; }
        echo "    ($how: $(tr '\n' ' ' <"$TMP/pty.out"))"
    done
}

# ---- hostile plan files ----

# located PATH FILE: every line of FILE is "PATH:LINE:COL: ..." or "PATH: ..."
# (or a hint, indented), and there is at least one.
located() {
    local line n=0
    while IFS= read -r line; do
        n=$((n + 1))
        [[ $line =~ ^"$1"(:[0-9]+:[0-9]+)?:\ . ]] && continue
        [[ $line == "  "* ]] && [ $n -gt 1 ] && continue
        return 1
    done <"$2"
    [ $n -gt 0 ]
}

# Every kind of bad plan, given to a command that would write (set) and one
# that reads (status) beside an existing database: a located message
# (FILE:LINE:COL, or FILE: for what is not a file), exit 1, no crash, within
# its time, within its memory, and the database byte for byte as before with
# nothing created beside it.
# Messages that must not mislead: a binary file with a zero byte early is not
# "UTF-16"; a plan nobody but its owner may read does not tell the reader to
# join a group that may not read it either.
case_plan_messages_do_not_mislead() {
    python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)))' >"$TMP/b255.yaml"
    "$BIN" check "$TMP/b255.yaml" >"$TMP/o" 2>"$TMP/e"
    grep -q "b255.yaml:1:1: .*NUL" "$TMP/e" || bad "bytes 0-255: $(cat "$TMP/e")" || return 1
    ! grep -q "UTF-16" "$TMP/e" || bad "bytes 0-255 called UTF-16: $(cat "$TMP/e")" || return 1
    iconv -f utf-8 -t utf-16le "$PLAN" >"$TMP/u16.yaml"
    "$BIN" check "$TMP/u16.yaml" >"$TMP/o" 2>"$TMP/e"
    grep -q "u16.yaml:1:1: .*UTF-16" "$TMP/e" || bad "UTF-16 without a mark: $(cat "$TMP/e")" || return 1
    need_root "a plan of mode 0000 read by another user" || return $?
    mkdir -p "$TMP/m0" && chmod 755 "$TMP/m0" && cp "$PLAN" "$TMP/m0/p.yaml" && chmod 000 "$TMP/m0/p.yaml"
    setpriv --reuid="$USR" --regid="$(id -g "$USR")" --init-groups env -i PATH=/usr/bin:/bin \
        LC_ALL=C.UTF-8 "$BIN" check "$TMP/m0/p.yaml" >"$TMP/o" 2>"$TMP/e"
    grep -q "quyền 0000" "$TMP/e" || bad "mode 0000: $(cat "$TMP/e")" || return 1
    ! grep -q "thêm tài khoản của bạn vào" "$TMP/e" || bad "mode 0000 tells to join a group: $(cat "$TMP/e")"
}

case_bad_plans_leave_database_untouched() {
    local dir=$TMP/plans
    mkdir -p "$dir"
    DB=$TMP/plans-db/k.db
    seed_copy "$DB" || return 1
    local before listing
    before=$(sum "$DB")
    listing=$(ls -A "$(dirname "$DB")")
    python3 - "$dir" <<'EOF' || return 1
import os, sys
d = sys.argv[1]
def w(name, data):
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
w("empty.yaml", "")
w("only-dashes.yaml", "---\n")
w("two-documents.yaml", "kehoach: 1\n---\nkehoach: 1\n")
w("deep-nesting.yaml", "[" * 100000)
laughs = '  - &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
for i in range(1, 10):
    laughs += "  - &%s [%s]\n" % (chr(97 + i), ",".join(["*" + chr(96 + i)] * 9))
w("billion-laughs.yaml", "kehoach: 1\naims:\n" + laughs)
w("self-alias.yaml", "kehoach: 1\nplan: &p\n  id: *p\n")
w("huge-file.yaml", b"kehoach: 1\n" + (b"# " + b"x" * 97 + b"\n") * (680 * 1024))
w("huge-scalar.yaml", "kehoach: 1\nplan:\n  title: " + "x" * (10 * 1024 * 1024) + "\n")
w("invalid-utf8.yaml", b"kehoach: 1\nplan:\n  title: K\xe1\xba ho\xff\xfe\n")
w("nul-byte.yaml", b"kehoach: 1\nplan:\n  title: ab\x00cd\n")
w("nul-escape.yaml", b'kehoach: 1\nplan:\n  title: "ab\\u0000cd"\n')
w("utf16.yaml", "kehoach: 1\nplan:\n  title: Kế hoạch\n".encode("utf-16"))
w("utf16-no-bom.yaml", "kehoach: 1\nplan:\n  title: Kế hoạch\n".encode("utf-16-le"))
w("tabs.yaml", "kehoach: 1\nplan:\n\tid: x\n")
w("duplicate-keys.yaml", "kehoach: 1\nplan:\n  id: a\n  id: b\n")
EOF
    mkdir "$dir/a-directory.yaml"
    mkfifo "$dir/a-fifo.yaml"
    ln -s /dev/zero "$dir/link-to-dev-zero.yaml"
    ln -s a-fifo.yaml "$dir/link-to-fifo.yaml"
    # name | what the message must say | seconds | MiB (without ASan)
    local cases="empty.yaml|tệp trống|1|32
only-dashes.yaml|tài liệu trống|1|32
two-documents.yaml|một tài liệu YAML|1|32
deep-nesting.yaml|lồng nhau quá sâu|0.25|32
billion-laughs.yaml|anchor|1|32
self-alias.yaml|anchor|1|32
huge-file.yaml|tệp quá lớn|1|32
huge-scalar.yaml|giá trị quá dài|3|80
invalid-utf8.yaml|không hợp lệ trong UTF-8|1|32
nul-byte.yaml|NUL|1|32
nul-escape.yaml|NUL|1|32
utf16.yaml|UTF-16|1|32
utf16-no-bom.yaml|UTF-16|1|32
tabs.yaml|tab|1|32
duplicate-keys.yaml|bị lặp|1|32
a-directory.yaml|thư mục|1|32
a-fifo.yaml|FIFO|1|32
link-to-dev-zero.yaml|thiết bị|1|32
link-to-fifo.yaml|FIFO|1|32
/dev/zero|thiết bị|1|32"
    local name want secs mib path cmd rc took rss worst_t=0 worst_m=0
    while IFS='|' read -r name want secs mib; do
        case $name in /*) path=$name ;; *) path=$dir/$name ;; esac
        if [ $ASAN = yes ]; then
            secs=$(awk -v s="$secs" 'BEGIN { print s * 4 }')
            mib=$((mib * 4 + 64))
        fi
        for cmd in "set II.1 done" status; do
            # shellcheck disable=SC2086
            python3 "$HERE/measure.py" "$TMP/m" 10 "$BIN" --plan "$path" --db "$DB" --today 2023-06-15 $cmd \
                >/dev/null 2>"$TMP/e"
            read -r rc took rss <"$TMP/m"
            [ "$rc" = 1 ] || bad "$name, $cmd: exit $rc: $(head -c 300 "$TMP/e")" || return 1
            located "$path" "$TMP/e" || bad "$name, $cmd: not a located message: $(head -c 300 "$TMP/e")" || return 1
            grep -qF -- "$want" "$TMP/e" || bad "$name, $cmd: \"$want\" not in: $(head -c 300 "$TMP/e")" || return 1
            ! grep -qE "$RAW" "$TMP/e" || bad "$name, $cmd: $(head -c 300 "$TMP/e")" || return 1
            awk -v a="$took" -v b="$secs" 'BEGIN { exit !(a <= b) }' || bad "$name, $cmd: took $took s (limit $secs s)" || return 1
            [ "$rss" -le $((mib * 1024)) ] || bad "$name, $cmd: peak memory $((rss / 1024)) MiB (limit $mib MiB)" || return 1
            [ "$(sum "$DB")" = "$before" ] || bad "$name, $cmd: the database changed" || return 1
            [ "$(ls -A "$(dirname "$DB")")" = "$listing" ] ||
                bad "$name, $cmd: files appeared beside the database: $(ls -A "$(dirname "$DB")")" || return 1
            awk -v a="$took" -v b="$worst_t" 'BEGIN { exit !(a > b) }' && worst_t=$took
            [ "$rss" -gt "$worst_m" ] && worst_m=$rss
        done
    done <<<"$cases"
    echo "    (slowest: $worst_t s; most memory: $((worst_m / 1024)) MiB)"
}

# ---- runner ----

all_cases=$(declare -F | awk '{print $3}' | grep '^case_' | sed 's/^case_//')
for c in ${*:-$all_cases}; do
    printf '%s ... ' "$c"
    started=$(date +%s.%N)
    "case_$c" >"$TMP/out" 2>&1
    rc=$?
    took=$(awk -v a="$(date +%s.%N)" -v b="$started" 'BEGIN { printf "%.1f", a - b }')
    T kill-server 2>/dev/null
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
echo "faults: $pass passed, $fail failed, $skip skipped${failed:+ (${failed[*]})}"
[ "$fail" -eq 0 ]
