#!/usr/bin/env bash
# The office server installed for real with `make install-server` (README,
# "Setting up a ward office server"): the program setgid kehoach, its root
# configuration in /etc/kehoach, the data in /var/lib/kehoach. Real users:
# an administrator (rights: all), two officers of different units, and an
# outsider named nowhere. The outsider cannot read the data past kehoach,
# cannot change a task through it, cannot make it write a file of their
# choice with the group's rights, cannot point it at a copy, and gains
# nothing from XDG_*, TERMINFO, LD_*, locale paths or a plan cache; each
# officer changes only the unit's tasks; what root does to the history with
# sqlite3, and an older copy put back, `check` reports.
#
#   KEHOACH_BIN=/abs/path/to/kehoach tests/server/installed.sh
#
# It needs root, and a machine where /etc/kehoach, /var/lib/kehoach and the
# group kehoach do not exist yet (it makes them, and removes them after);
# otherwise it says "skipped: ..." and counts as skipped, never as passed.
set -u

BIN=${KEHOACH_BIN:-}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "server-installed: KEHOACH_BIN must name the kehoach binary (got '$BIN')" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
skip() {
    echo "server-installed: skipped: $1"
    echo "server-installed: 0 passed, 0 failed, 1 skipped"
    exit 0
}
[ "$(id -u)" -eq 0 ] || skip "needs root (make install-server, useradd, setpriv)"
for tool in useradd userdel groupdel setpriv sqlite3 tmux gcc; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "server-installed: $tool is missing (scripts/deps.sh check installs it)" >&2
        exit 2
    }
done
# One at a time on this machine: it installs into /etc and /var/lib.
exec 9>/run/lock/kehoach-server-installed.lock
flock -w 600 9 || skip "another run holds /run/lock/kehoach-server-installed.lock"
if [ -e /etc/kehoach ] || [ -e /var/lib/kehoach ] || getent group kehoach >/dev/null; then
    skip "/etc/kehoach, /var/lib/kehoach or the group kehoach exists: a real installation"
fi

export TZ=UTC LC_ALL=C.UTF-8
TAG=$$
ADM=khadm$TAG
LAN=khlan$TAG  # Tư pháp – Hộ tịch (tp-ht): II.1
MINH=khmin$TAG # Văn phòng – Thống kê (vp-tk): II.3
OUT=khout$TAG  # named nowhere
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-installed.XXXXXX") || exit 2
chmod 0755 "$WORK"
PREFIX=$WORK/prefix
KH=$PREFIX/bin/kehoach
DATA=/var/lib/kehoach
DB=$DATA/kehoach.db

cleanup() {
    [ -S "$WORK/tmux.sock" ] && tmux -S "$WORK/tmux.sock" kill-server 2>/dev/null
    for u in "$ADM" "$LAN" "$MINH" "$OUT"; do userdel "$u" 2>/dev/null; done
    make -C "$ROOT" --no-print-directory uninstall-server PREFIX="$PREFIX" >/dev/null 2>&1
    rm -rf /etc/kehoach /var/lib/kehoach
    groupdel kehoach 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass=0
fail=0
ok() {
    pass=$((pass + 1))
    echo "ok: $1"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL: $1"
    [ -n "${2:-}" ] && sed 's/^/    /' "$2"
}
check() { # check NAME FILE COMMAND...: ok when COMMAND succeeds
    local name=$1 out=$2
    shift 2
    if "$@"; then ok "$name"; else bad "$name" "$out"; fi
}

if ! make -C "$ROOT" --no-print-directory install-server PREFIX="$PREFIX" BIN="$BIN" \
    >"$WORK/install.log" 2>&1; then
    bad "make install-server" "$WORK/install.log"
    echo "server-installed: $pass passed, $fail failed"
    exit 1
fi
for u in "$ADM" "$LAN" "$MINH" "$OUT"; do useradd -M -N -s /bin/sh "$u"; done

# Run the installed kehoach as user $1 as a login would (umask 022, that
# user's groups), with EXTRA_ENV added to a plain environment. (An ASan
# build turns its leak check off by itself when setgid: see src/main.c.)
as() {
    local user=$1
    shift
    (umask 022 && setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups \
        env -i PATH=/usr/bin:/bin HOME="$WORK/home" LC_ALL=C.UTF-8 TZ=UTC TERM=xterm \
        ${EXTRA_ENV:-} "$@")
}
kh_as() {
    local user=$1
    shift
    as "$user" "$KH" --today 2023-06-15 "$@"
}
mkdir -p "$WORK/home" && chmod 0777 "$WORK/home"

# The example plan has no rights: on the server, then, no one changes a task.
kh_as "$LAN" set II.1 doing >"$WORK/o" 2>&1
rc=$?
check "a plan without rights: lets no one change a task on the server" "$WORK/o" \
    sh -c "[ $rc = 1 ] && grep -q 'không có quyền sửa nhiệm vụ này: II.1 ($LAN)' '$WORK/o'"

# The administrator writes the plan (as root): who edits for which unit.
{
    cat "$ROOT/assets/plan.yaml"
    printf '\nrights:\n  all:\n    users: [%s]\n  units:\n' "$ADM"
    printf '    - unit: tp-ht\n      users: [%s]\n    - unit: vp-tk\n      users: [%s]\n' \
        "$LAN" "$MINH"
} >/etc/kehoach/plan.yaml

db_sum() { cat "$DB" "$DB-wal" 2>/dev/null | sha256sum; }

# ---- the installation ----
stat -c '%n %U:%G %a' "$KH" /etc/kehoach /etc/kehoach/kehoach.conf /etc/kehoach/plan.yaml \
    "$DATA" "$DB" "$DB.attachments" >"$WORK/modes"
expected="$KH root:kehoach 2755
/etc/kehoach root:root 755
/etc/kehoach/kehoach.conf root:root 644
/etc/kehoach/plan.yaml root:kehoach 640
$DATA root:kehoach 2770
$DB root:kehoach 660
$DB.attachments root:kehoach 2770"
check "make install-server: the program setgid kehoach, the configuration root's, the data the group's" \
    "$WORK/modes" test "$(cat "$WORK/modes")" = "$expected"
check "the group kehoach has no members" /dev/null test -z "$(getent group kehoach | cut -d: -f4)"

# ---- officers, administrator, outsider: rights through kehoach ----
kh_as "$LAN" set II.1 doing --note "Tư pháp đã họp" >"$WORK/o" 2>&1
check "$LAN (tp-ht) changes II.1, a task of the unit" "$WORK/o" test $? = 0
kh_as "$LAN" set II.3 doing >"$WORK/o" 2>&1
rc=$?
check "$LAN (tp-ht) is refused on II.3 (vp-tk's)" "$WORK/o" \
    grep -q "không có quyền sửa nhiệm vụ này: II.3 ($LAN)" "$WORK/o"
[ $rc = 1 ] || bad "  ... with exit 1 (got $rc)"
kh_as "$MINH" set II.3 doing --progress 30 >"$WORK/o" 2>&1
check "$MINH (vp-tk) changes II.3, a task of the unit" "$WORK/o" test $? = 0
kh_as "$MINH" note II.2 "không phải việc của tôi" >"$WORK/o" 2>&1
check "$MINH (vp-tk) is refused on II.2 (tp-ht's, mttq supports)" "$WORK/o" \
    grep -q "không có quyền sửa nhiệm vụ này: II.2 ($MINH)" "$WORK/o"
kh_as "$ADM" set II.1 --progress 50 >"$WORK/o" 2>&1 && kh_as "$ADM" set II.3 --progress 40 >>"$WORK/o" 2>&1
check "$ADM (all) changes any task" "$WORK/o" test $? = 0
before=$(db_sum)
: >"$WORK/o"
for args in "set II.1 done" "set II.3 done" "note II.1 giả" "undo"; do
    # shellcheck disable=SC2086
    kh_as "$OUT" $args >>"$WORK/o" 2>&1 && echo "[succeeded: $args]" >>"$WORK/o"
done
check "$OUT (named nowhere) changes no task: set, note, undo refused" "$WORK/o" \
    sh -c "! grep -q succeeded '$WORK/o' && [ \"$(db_sum)\" = \"$before\" ]"
kh_as "$OUT" --lang en list --format csv >"$WORK/o" 2>&1
check "$OUT reads the plan's state through kehoach" "$WORK/o" grep -q '^II.1,.*,doing,50,' "$WORK/o"
kh_as "$ADM" history --format csv >"$WORK/h" 2>&1
check "the history names each real account" "$WORK/h" \
    sh -c "grep -q ',$LAN,' '$WORK/h' && grep -q ',$MINH,' '$WORK/h' && grep -q ',$ADM,' '$WORK/h' && ! grep -q ',$OUT,' '$WORK/h'"
EXTRA_ENV="USER=$ADM LOGNAME=$ADM" kh_as "$OUT" set II.1 done >"$WORK/o" 2>&1
check "$OUT with USER=$ADM is still $OUT, refused" "$WORK/o" grep -q "II.1 ($OUT)" "$WORK/o"

# The dashboard obeys the same rights; its report (r) is the user's file.
tmux -S "$WORK/tmux.sock" -f /dev/null new-session -d -x 100 -y 30 \
    "cd $WORK/home && setpriv --reuid=$LAN --regid=$(id -g "$LAN") --init-groups env -i PATH=/usr/bin:/bin HOME=$WORK/home TERM=xterm LC_ALL=C.UTF-8 TZ=UTC $KH --today 2023-06-15; sleep 30"
pane_has() { # pane_has TEXT: wait up to 5 s for TEXT on the screen
    local _
    for _ in $(seq 1 50); do
        tmux -S "$WORK/tmux.sock" capture-pane -p >"$WORK/pane" 2>/dev/null
        grep -qF "$1" "$WORK/pane" && return 0
        sleep 0.1
    done
    return 1
}
pane_has "Trạng thái"
tmux -S "$WORK/tmux.sock" send-keys s 3
check "the dashboard: $LAN changes II.1" "$WORK/pane" pane_has "Đã lưu: II.1"
tmux -S "$WORK/tmux.sock" send-keys j j s
check "the dashboard: $LAN is refused on II.3" "$WORK/pane" pane_has "Không có quyền sửa II.3"
tmux -S "$WORK/tmux.sock" send-keys Escape r
pane_has "bao-cao" >/dev/null
report=$(ls "$WORK/home"/bao-cao-*.html 2>/dev/null | head -1)
check "the dashboard's report is written as $LAN, not with the group" "$WORK/pane" \
    test -n "$report" -a "$(stat -c '%U:%G' "$report" 2>/dev/null)" = "$LAN:$(id -gn "$LAN")"
tmux -S "$WORK/tmux.sock" send-keys q
tmux -S "$WORK/tmux.sock" kill-server 2>/dev/null
rm -f "$WORK/tmux.sock"

# ---- the outsider past kehoach ----
as "$OUT" sqlite3 "$DB" "SELECT count(*) FROM history" >"$WORK/o" 2>&1
check "$OUT: sqlite3 on the database is refused" "$WORK/o" \
    sh -c "grep -qi 'unable to open\|permission denied\|authorization denied' '$WORK/o' && ! grep -q '^[0-9]' '$WORK/o'"
as "$OUT" cat "$DB" >/dev/null 2>"$WORK/o"
check "$OUT: reading the database file: Permission denied" "$WORK/o" grep -q 'Permission denied' "$WORK/o"
as "$OUT" ls "$DB.attachments" >"$WORK/o" 2>&1
check "$OUT: the attachments folder: Permission denied" "$WORK/o" grep -q 'Permission denied' "$WORK/o"
as "$OUT" cat /etc/kehoach/plan.yaml >/dev/null 2>"$WORK/o"
check "$OUT: the plan file itself: Permission denied" "$WORK/o" grep -q 'Permission denied' "$WORK/o"

# A file of their choice with the group's rights: never.
before=$(db_sum)
kh_as "$OUT" report --period 6m -o "$DATA/evil.md" >"$WORK/o" 2>&1
rc1=$?
kh_as "$OUT" export -o "$DATA/evil.yaml" >>"$WORK/o" 2>&1
rc2=$?
kh_as "$OUT" export -o "$DB" >>"$WORK/o" 2>&1
rc3=$?
kh_as "$OUT" import "$ROOT/tests/data/seed-000.txt" -o "$DATA/evil-plan.yaml" >>"$WORK/o" 2>&1
rc4=$?
ls -la "$DATA" >>"$WORK/o"
check "$OUT cannot make kehoach write into $DATA (report -o, export -o, import -o)" "$WORK/o" \
    sh -c "[ $rc1 = 1 ] && [ $rc2 = 1 ] && [ $rc3 = 1 ] && [ $rc4 != 0 ] && ! ls $DATA/evil* >/dev/null 2>&1 && [ \"$(db_sum)\" = \"$before\" ]"
kh_as "$OUT" report --period 6m -o "$WORK/home/mine.md" >"$WORK/o" 2>&1
check "$OUT writes a report of their own, as themselves (not the group's)" "$WORK/o" \
    test "$(stat -c '%U:%G' "$WORK/home/mine.md" 2>/dev/null)" = "$OUT:$(id -gn "$OUT")"

# A copy of the data, another database, another plan: the group is dropped first.
kh_as "$OUT" --db "$DB" set II.6 done >"$WORK/o" 2>&1
check "$OUT --db $DB: refused by the file itself (the group dropped)" "$WORK/o" \
    grep -q 'không mở được\|không có quyền' "$WORK/o"
EXTRA_ENV="KEHOACH_DB=$DB" kh_as "$OUT" set II.6 done >"$WORK/o" 2>&1
check "$OUT KEHOACH_DB=$DB: refused the same way" "$WORK/o" grep -q 'không mở được\|không có quyền' "$WORK/o"
install -m 0644 "$ROOT/assets/plan.yaml" "$WORK/own.yaml"
kh_as "$OUT" --plan "$WORK/own.yaml" --db "$WORK/home/copy.db" set II.6 done >"$WORK/o" 2>&1
check "$OUT may try a plan and database of their own" "$WORK/o" \
    test "$(stat -c '%G' "$WORK/home/copy.db" 2>/dev/null)" = "$(id -gn "$OUT")"
check "... and the office database did not change" /dev/null test "$(db_sum)" = "$before"
kh_as "$ADM" history II.6 >"$WORK/o" 2>&1
check "nothing of $OUT's in the office history" "$WORK/o" sh -c "! grep -q '$OUT' '$WORK/o'"

# ---- results (issue 12): the file a user names is opened as the user ----
printf 'Báo cáo 6 tháng\n' >"$WORK/home/bc-lan.txt"
chown "$LAN" "$WORK/home/bc-lan.txt" && chmod 0600 "$WORK/home/bc-lan.txt"
kh_as "$LAN" set II.1 done --doc '12/BC-UBND' --file "$WORK/home/bc-lan.txt" >"$WORK/o" 2>&1
check "$LAN attaches a file only $LAN can read (--file opened as $LAN)" "$WORK/o" test $? = 0
find "$DB.attachments" -type f -exec stat -c '%G %a' {} + | sort -u >"$WORK/o"
check "the attached file: group kehoach, 0440" "$WORK/o" test "$(cat "$WORK/o")" = "kehoach 440"
before=$(db_sum)
kh_as "$ADM" result II.1 --file "$DB" >"$WORK/o" 2>&1
rc=$?
check "$ADM cannot attach the office database (--file is read as $ADM, not the group)" "$WORK/o" \
    sh -c "[ $rc = 1 ] && [ \"$(db_sum)\" = \"$before\" ] && [ \"$(find "$DB.attachments" -type f | wc -l)\" = 1 ]"
kh_as "$LAN" attachment II.1 -o "$WORK/home/back.txt" >"$WORK/o" 2>&1
check "attachment -o: written as $LAN, the file as attached" "$WORK/o" \
    sh -c "cmp -s '$WORK/home/back.txt' '$WORK/home/bc-lan.txt' && [ \"\$(stat -c '%U:%G' '$WORK/home/back.txt')\" = '$LAN:$(id -gn "$LAN")' ]"
kh_as "$OUT" attachment II.1 -o "$DATA/evil.txt" >"$WORK/o" 2>&1
rc=$?
check "$OUT cannot make attachment -o write into $DATA" "$WORK/o" \
    sh -c "[ $rc = 1 ] && ! ls $DATA/evil* >/dev/null 2>&1"

# The environment: nothing in it reaches the program with the group's rights.
cat >"$WORK/evil.c" <<'C'
#include <stdio.h>
__attribute__((constructor)) static void evil(void)
{
    FILE *f = fopen("/tmp/kehoach-installed-evil", "w");
    if (f) fclose(f);
}
C
gcc -shared -fPIC -o "$WORK/evil.so" "$WORK/evil.c"
chmod 0755 "$WORK/evil.so"
rm -f /tmp/kehoach-installed-evil
mkdir -p "$WORK/evilcache/kehoach" "$WORK/terminfo/x"
cp /usr/share/terminfo/x/xterm "$WORK/terminfo/x/xterm-evil" 2>/dev/null ||
    cp /lib/terminfo/x/xterm "$WORK/terminfo/x/xterm-evil"
chmod -R a+rwX "$WORK/evilcache" "$WORK/terminfo"
# A crafted plan cache for the plan (any file there would do): never read, never written.
printf 'not a cache' >"$WORK/evilcache/kehoach/forged"
EVIL_ENV="LD_PRELOAD=$WORK/evil.so LD_LIBRARY_PATH=$WORK XDG_CACHE_HOME=$WORK/evilcache XDG_CONFIG_HOME=$WORK/evilcache XDG_DATA_HOME=$WORK/evilcache TERMINFO=$WORK/terminfo TERMINFO_DIRS=$WORK/terminfo LOCPATH=$WORK NLSPATH=$WORK/%N GCONV_PATH=$WORK KEHOACH_NO_CACHE=0 LANG=../../$WORK/x"
EXTRA_ENV="$EVIL_ENV" kh_as "$OUT" set II.1 done >"$WORK/o" 2>&1
rc=$?
check "$OUT with LD_*, XDG_*, TERMINFO, locale paths set: still refused" "$WORK/o" test $rc = 1
check "LD_PRELOAD did not run in the installed program" /dev/null test ! -e /tmp/kehoach-installed-evil
check "nothing written to the XDG_* folders given" /dev/null \
    test "$(find "$WORK/evilcache" -type f | wc -l)" = 1
# The dashboard with the same environment: what the running program has.
tmux -S "$WORK/tmux.sock" -f /dev/null new-session -d -x 100 -y 30 \
    "setpriv --reuid=$OUT --regid=$(id -g "$OUT") --init-groups env -i PATH=/usr/bin:/bin HOME=$WORK/home TERM=xterm $EVIL_ENV $KH --today 2023-06-15 present; sleep 30"
pid=
for _ in $(seq 1 50); do
    pid=$(pgrep -u "$OUT" -x 'kehoach(-tui)?' | head -1) # kehoach-tui once run
    [ -n "$pid" ] && tmux -S "$WORK/tmux.sock" capture-pane -p | grep -q 'Văn phòng\|Tư pháp' && break
    sleep 0.1
done
: >"$WORK/maps"
[ -n "$pid" ] && cat "/proc/$pid/maps" "/proc/$pid/status" >"$WORK/maps" 2>/dev/null
# The process holds the office group, and has mapped nothing from the
# folders the environment named (no preloaded library, locale, terminfo).
check "present runs for $OUT with the group kehoach, and maps nothing from the folders LD_*, LOCPATH, TERMINFO, XDG_* named" \
    "$WORK/maps" sh -c "[ -s '$WORK/maps' ] && ! grep -q '$WORK/evil\\|$WORK/terminfo\\|$WORK/x' '$WORK/maps' && grep -q \"^Gid:.*\$(getent group kehoach | cut -d: -f3)\" '$WORK/maps'"
tmux -S "$WORK/tmux.sock" send-keys q
# A terminal type only in the user's TERMINFO is unknown to the program.
tmux -S "$WORK/tmux.sock" new-window \
    "setpriv --reuid=$OUT --regid=$(id -g "$OUT") --init-groups env -i PATH=/usr/bin:/bin HOME=$WORK/home TERM=xterm-evil $EVIL_ENV $KH --today 2023-06-15; sleep 30"
for _ in $(seq 1 50); do
    tmux -S "$WORK/tmux.sock" capture-pane -p >"$WORK/pane" 2>/dev/null
    grep -q 'terminal' "$WORK/pane" && break
    sleep 0.1
done
check "TERMINFO is not read: a terminal type only there is unknown" "$WORK/pane" \
    grep -q 'không biết loại terminal' "$WORK/pane"

# ---- root and restores against the history ----
kh_as "$ADM" check >"$WORK/o" 2>&1
check "check (the office's plan and database): the chain holds, the head kept" "$WORK/o" \
    sh -c "grep -q 'chuỗi băm lịch sử khớp' '$WORK/o' && grep -q 'chứa đầu chuỗi đã lưu' '$WORK/o'"
cp -a "$DB" "$WORK/old.db"
kh_as "$ADM" set II.4 doing >/dev/null 2>&1
cp -a "$DB" "$WORK/good.db"
cp -a "$DB-head" "$WORK/good.db-head"
tamper() { # tamper NAME SQL: root changes the database with sqlite3, check finds it
    cp -a "$WORK/good.db" "$DB"
    rm -f "$DB-wal" "$DB-shm"
    sqlite3 "$DB" "$2"
    kh_as "$ADM" --lang en check >"$WORK/o" 2>&1
    local rc=$?
    check "root $1 with sqlite3: check reports it (exit $rc)" "$WORK/o" \
        sh -c "[ $rc = 1 ] && grep -q 'hash chain does not match' '$WORK/o' && grep -q '$3' '$WORK/o'"
}
tamper "changes a history row" \
    "DROP TRIGGER history_no_update; UPDATE history SET user = '$LAN' WHERE field = 'progress' AND user = '$ADM'" \
    'was changed'
tamper "deletes a history row" "DROP TRIGGER history_no_delete; DELETE FROM history WHERE id = 1" \
    'the record history 1 .* was deleted'
tamper "inserts a history row" \
    "INSERT INTO history (plan_id, task_id, field, old_value, new_value, user, at) SELECT plan_id, 'II.2', 'status', 'todo', 'done', '$MINH', at FROM history WHERE id = 1" \
    'has no link in the chain'
cp -a "$WORK/old.db" "$DB"
rm -f "$DB-wal" "$DB-shm"
kh_as "$ADM" --lang en check >"$WORK/o" 2>&1
check "an older copy of the database put back: check reports it" "$WORK/o" \
    grep -q 'an older copy was put back' "$WORK/o"
kh_as "$ADM" history >"$WORK/o" 2>/dev/null
check "history marks the broken chain" "$WORK/o" grep -q '^!! ' "$WORK/o"

# ---- a configuration or plan others may write is refused ----
chmod 0666 /etc/kehoach/kehoach.conf
kh_as "$OUT" status >"$WORK/o" 2>&1
rc=$?
chmod 0644 /etc/kehoach/kehoach.conf
check "a configuration others may write: refused, nothing read (exit $rc)" "$WORK/o" \
    sh -c "[ $rc = 1 ] && grep -q 'cấu hình máy chủ kehoach sai hoặc không an toàn: /etc/kehoach/kehoach.conf' '$WORK/o'"
chmod 0660 /etc/kehoach/plan.yaml
kh_as "$ADM" --lang en set II.1 done >"$WORK/o" 2>&1
rc=$?
chmod 0640 /etc/kehoach/plan.yaml
check "a plan the group may write: refused (exit $rc)" "$WORK/o" \
    sh -c "[ $rc = 1 ] && grep -q 'server configuration is wrong or unsafe: /etc/kehoach/plan.yaml' '$WORK/o'"

# ---- a workspace of the user's own never gets the group's rights ----
# A workspace.yaml in the current folder, naming the office's database by a
# relative path, beside a plan that gives the user every right.
mkdir -p "$WORK/home/own-ws"
printf 'kehoach-workspace: 1\ndatabase: ../../../../../../../../..%s\n' "$DB" \
    >"$WORK/home/own-ws/workspace.yaml"
{
    cat "$ROOT/assets/plan.yaml"
    printf '\nrights:\n  all:\n    users: [%s]\n' "$OUT"
} >"$WORK/home/own-ws/plan.yaml"
chmod -R a+rX "$WORK/home/own-ws"
before=$(db_sum)
(cd "$WORK/home/own-ws" && kh_as "$OUT" set II.6 done) >"$WORK/o" 2>&1
rc=$?
check "$OUT in a folder with a workspace.yaml naming the office database: refused, no change" \
    "$WORK/o" sh -c "[ $rc = 1 ] && [ \"$(db_sum)\" = \"$before\" ]"

# ---- the configuration names a workspace: a folder of the administrators' plans ----
cp -p /etc/kehoach/kehoach.conf "$WORK/conf.plan"
install -d -m 0755 -o root -g root /etc/kehoach/plans
install -m 0640 -o root -g kehoach /etc/kehoach/plan.yaml /etc/kehoach/plans/dan-chu.yaml
install -m 0640 -o root -g kehoach "$ROOT/assets/examples/election.yaml" /etc/kehoach/plans/
printf 'workspace = /etc/kehoach/plans\ndatabase = %s\n' "$DB" >/etc/kehoach/kehoach.conf
kh_as "$OUT" --lang en status >"$WORK/o" 2>&1
check "workspace = …: status shows every plan of the folder, with the office's state" "$WORK/o" \
    sh -c "grep -q 'qcdc-2023-tqt' '$WORK/o' && grep -q 'bau-cu-2026-nghia-ha' '$WORK/o'"
before=$(db_sum)
kh_as "$LAN" set qcdc-2023-tqt:II.1 --progress 70 >"$WORK/o" 2>&1
check "$LAN changes a task of the unit in the workspace" "$WORK/o" test $? = 0
check "... in the office database" /dev/null test "$(db_sum)" != "$before"
before=$(db_sum)
kh_as "$OUT" set qcdc-2023-tqt:II.1 done >"$WORK/o" 2>&1
rc=$?
check "$OUT is refused in the workspace, nothing written" "$WORK/o" \
    sh -c "[ $rc = 1 ] && grep -q 'không có quyền sửa nhiệm vụ này: II.1 ($OUT)' '$WORK/o' && [ \"$(db_sum)\" = \"$before\" ]"
(cd "$WORK/home/own-ws" && kh_as "$OUT" --lang en list --format csv) >"$WORK/o" 2>&1
check "... and a workspace.yaml in the current folder changes nothing there" "$WORK/o" \
    grep -q '^II.1,.*,doing,70,.*,qcdc-2023-tqt' "$WORK/o"
chmod 0660 /etc/kehoach/plans/election.yaml
kh_as "$ADM" --lang en status >"$WORK/o" 2>&1
rc=$?
chmod 0640 /etc/kehoach/plans/election.yaml
check "a plan of the workspace the group may write: refused (exit $rc)" "$WORK/o" \
    sh -c "[ $rc = 1 ] && grep -q '/etc/kehoach/plans/election.yaml' '$WORK/o'"
printf 'plan = /etc/kehoach/plan.yaml\nworkspace = /etc/kehoach/plans\ndatabase = %s\n' "$DB" \
    >/etc/kehoach/kehoach.conf
kh_as "$ADM" status >"$WORK/o" 2>&1
rc=$?
check "a configuration naming a plan and a workspace: refused (exit $rc)" "$WORK/o" \
    sh -c "[ $rc = 1 ] && grep -q 'not both' '$WORK/o'"
cp -p "$WORK/conf.plan" /etc/kehoach/kehoach.conf

echo "server-installed: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
