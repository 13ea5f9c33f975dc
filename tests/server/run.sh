#!/usr/bin/env bash
# The ward office server of README ("Setting up a ward office server"), set
# up for real: a Unix group, a setgid shared folder holding the plan and a
# 0660 database, KEHOACH_PLAN/KEHOACH_DB for every user; two users of the
# group each record a change in the same database and see each other's; the
# projector account runs `kehoach present`; a user outside the group is
# refused with a message that names the group. Then per-unit rights with
# real accounts and groups: a plan naming who edits for each unit, obeyed by
# set, note and undo, by group membership from the group database, whatever
# the environment says.
#
#   KEHOACH_BIN=/abs/path/to/kehoach tests/server/run.sh
#
# It needs root (useradd, groupadd); run as anyone else it says
# "skipped: needs root" and counts as skipped, never as passed.
set -u

BIN=${KEHOACH_BIN:-}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "server: KEHOACH_BIN must name the kehoach binary (got '$BIN')" >&2
    exit 2
fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

if [ "$(id -u)" -ne 0 ]; then
    echo "server: skipped: needs root (useradd, groupadd, setpriv)"
    echo "server: 0 passed, 0 failed, 1 skipped"
    exit 0
fi
for tool in useradd userdel usermod groupadd groupdel setpriv tmux jq; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "server: $tool is missing (scripts/deps.sh check installs it)" >&2
        exit 2
    fi
done

export TZ=UTC LC_ALL=C.UTF-8
TAG=$$
GROUP=khg$TAG
U1=khlan$TAG
U2=khminh$TAG
PROJ=khchieu$TAG
OUT=khngoai$TAG
TPGROUP=khtp$TAG
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-server.XXXXXX") || exit 2
chmod 0755 "$WORK"

cleanup() {
    [ -S "$WORK/tmux.sock" ] && tmux -S "$WORK/tmux.sock" kill-server 2>/dev/null
    for u in "$U1" "$U2" "$PROJ" "$OUT"; do userdel "$u" 2>/dev/null; done
    groupdel "$GROUP" 2>/dev/null
    groupdel "$TPGROUP" 2>/dev/null
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

# The README's steps, with $WORK/srv standing for /srv.
SRV=$WORK/srv/kehoach
mkdir -p "$WORK/srv" "$WORK/bin"
install -m 0755 "$BIN" "$WORK/bin/kehoach"
install -m 0755 "$BIN-tui" "$WORK/bin/kehoach-tui" # the screens (present), found beside it
groupadd "$GROUP"
for u in "$U1" "$U2" "$PROJ"; do useradd -M -N -s /bin/sh -G "$GROUP" "$u"; done
useradd -M -N -s /bin/sh "$OUT"
install -d -m 2770 -g "$GROUP" "$SRV"
install -m 0660 -g "$GROUP" "$ROOT/assets/plan.yaml" "$SRV/plan.yaml"
install -m 0660 -g "$GROUP" /dev/null "$SRV/kehoach.db"

# Run kehoach as user $1, as a login would: that user's groups, umask 022,
# the environment of /etc/profile.d/kehoach.sh and nothing else.
as() {
    local user=$1
    shift
    (umask 022 && setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups \
        env -i PATH=/usr/bin:/bin HOME=/nonexistent LC_ALL=C.UTF-8 TZ=UTC TERM=xterm \
        KEHOACH_PLAN="$SRV/plan.yaml" KEHOACH_DB="$SRV/kehoach.db" ${EXTRA_ENV:-} \
        "$WORK/bin/kehoach" --today 2023-06-15 "$@")
}

if as "$U1" set II.1 doing --progress 40 --note "Đã họp triển khai" >"$WORK/o" 2>&1; then
    ok "$U1 (in the group) records a change"
else
    bad "$U1 (in the group) records a change" "$WORK/o"
fi
if as "$U2" set III.2.2 done --note "Đã gửi báo cáo 6 tháng" >"$WORK/o" 2>&1; then
    ok "$U2 (in the group) records a change in the same database"
else
    bad "$U2 (in the group) records a change in the same database" "$WORK/o"
fi
if as "$U2" set II.1 --progress 60 >"$WORK/o" 2>&1; then
    ok "$U2 changes the task $U1 changed"
else
    bad "$U2 changes the task $U1 changed" "$WORK/o"
fi
as "$U1" history >"$WORK/h" 2>&1
if grep -q "$U1 .*II.1 .*trạng thái" "$WORK/h" && grep -q "$U2 .*III.2.2" "$WORK/h" &&
    grep -q "$U2 .*II.1 .*tiến độ: 40% → 60%" "$WORK/h"; then
    ok "each one's change is in the history under their own name"
else
    bad "each one's change is in the history under their own name" "$WORK/h"
fi
as "$U1" list --format csv >"$WORK/l" 2>&1
if grep -q '^II.1,.*,doing,60,' "$WORK/l" && grep -q '^III.2.2,.*,done,100,2023-06-15,' "$WORK/l"; then
    ok "$U1 sees $U2's changes"
else
    bad "$U1 sees $U2's changes" "$WORK/l"
fi
# Every file of the database stays the group's and 0660, whoever made it.
files_ok=yes
for f in "$SRV"/kehoach.db*; do
    if [ "$(stat -c '%G %a' "$f")" != "$GROUP 660" ]; then
        files_ok=no
        stat -c '%n %U:%G %a' "$f" >>"$WORK/perm"
    fi
done
if [ $files_ok = yes ] && [ -e "$SRV/kehoach.db-wal" ]; then
    ok "the database and its -wal/-shm files are $GROUP's, mode 0660"
else
    ls -l "$SRV" >>"$WORK/perm"
    bad "the database and its -wal/-shm files are $GROUP's, mode 0660" "$WORK/perm"
fi
if as "$U1" report --period 6m --format html -o /dev/null >"$WORK/o" 2>&1 ||
    as "$U1" report --period 6m --format md >"$WORK/o" 2>&1; then
    ok "$U1 makes the 6-month report from the shared database"
else
    bad "$U1 makes the 6-month report from the shared database" "$WORK/o"
fi

# The projector account: `kehoach present`, read-only, in a terminal.
sum_before=$(cat "$SRV"/kehoach.db | sha256sum)
tmux -S "$WORK/tmux.sock" new-session -d -x 100 -y 30 \
    "setpriv --reuid=$PROJ --regid=$(id -g "$PROJ") --init-groups env -i PATH=/usr/bin:/bin HOME=/nonexistent LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color KEHOACH_PLAN=$SRV/plan.yaml KEHOACH_DB=$SRV/kehoach.db $WORK/bin/kehoach --today 2023-06-15 present; echo __EXIT=\$?; sleep 30"
shown=no
for _ in $(seq 1 50); do
    tmux -S "$WORK/tmux.sock" capture-pane -p >"$WORK/pane" 2>/dev/null
    if grep -q "Trương Quang Trọng\|Quy chế dân chủ\|Văn phòng" "$WORK/pane"; then
        shown=yes
        break
    fi
    sleep 0.1
done
tmux -S "$WORK/tmux.sock" send-keys q
for _ in $(seq 1 50); do
    tmux -S "$WORK/tmux.sock" capture-pane -p >"$WORK/pane2" 2>/dev/null
    grep -q "__EXIT=" "$WORK/pane2" && break
    sleep 0.1
done
if [ $shown = yes ] && grep -q "__EXIT=0" "$WORK/pane2" &&
    [ "$(cat "$SRV"/kehoach.db | sha256sum)" = "$sum_before" ]; then
    ok "the projector account ($PROJ) runs kehoach present, and writes nothing"
else
    cat "$WORK/pane" "$WORK/pane2" >"$WORK/o" 2>/dev/null
    bad "the projector account ($PROJ) runs kehoach present, and writes nothing" "$WORK/o"
fi

# Outside the group: refused, with the group named.
as "$OUT" set II.1 done >"$WORK/o" 2>&1
rc=$?
[ -n "${VERBOSE:-}" ] && cat "$WORK/o"
if [ $rc = 1 ] && grep -q "không có quyền" "$WORK/o" && grep -q "nhóm $GROUP" "$WORK/o"; then
    ok "$OUT (outside the group) is refused, told which group (set)"
else
    echo "[exit $rc]" >>"$WORK/o"
    bad "$OUT (outside the group) is refused, told which group (set)" "$WORK/o"
fi
as "$OUT" status >"$WORK/o" 2>&1
rc=$?
if [ $rc = 1 ] && grep -q "nhóm $GROUP" "$WORK/o"; then
    ok "$OUT (outside the group) is refused, told which group (status)"
else
    echo "[exit $rc]" >>"$WORK/o"
    bad "$OUT (outside the group) is refused, told which group (status)" "$WORK/o"
fi
# With a plan of their own to read, the database itself refuses them.
install -m 0644 "$ROOT/assets/plan.yaml" "$WORK/plan-public.yaml"
EXTRA_ENV="KEHOACH_PLAN=$WORK/plan-public.yaml" as "$OUT" --lang en set II.1 done >"$WORK/o" 2>&1
rc=$?
[ -n "${VERBOSE:-}" ] && cat "$WORK/o"
if [ $rc = 1 ] && grep -q "no permission to write the database" "$WORK/o" &&
    grep -q ":$GROUP 2770)" "$WORK/o"; then
    ok "$OUT is refused by the database, with its folder's group and mode"
else
    echo "[exit $rc]" >>"$WORK/o"
    bad "$OUT is refused by the database, with its folder's group and mode" "$WORK/o"
fi
as "$U1" history III.2.2 >"$WORK/h" 2>&1
if ! grep -q "$OUT" "$WORK/h"; then
    ok "nothing of $OUT's reached the database"
else
    bad "nothing of $OUT's reached the database" "$WORK/h"
fi

# ---- per-unit rights, with real users and groups ----
# $U1 edits for Tư pháp – Hộ tịch through the group $TPGROUP (not by name);
# $U2 is the office (all tasks); $PROJ is named nowhere.
groupadd "$TPGROUP"
usermod -aG "$TPGROUP" "$U1"
{
    cat "$ROOT/assets/plan.yaml"
    printf '\nrights:\n  all:\n    users: [%s]\n  units:\n    - unit: tp-ht\n      groups: [%s]\n' \
        "$U2" "$TPGROUP"
} >"$WORK/rights.yaml"
install -m 0660 -g "$GROUP" "$WORK/rights.yaml" "$SRV/rights.yaml"
R_ENV="KEHOACH_PLAN=$SRV/rights.yaml KEHOACH_DB=$SRV/rights.db"
rights_as() { EXTRA_ENV="$R_ENV ${MORE_ENV:-}" as "$@"; }

if as root check "$SRV/rights.yaml" >"$WORK/o" 2>&1 && ! grep -q "cảnh báo" "$WORK/o"; then
    ok "check knows every account and group the rights name"
else
    bad "check knows every account and group the rights name" "$WORK/o"
fi
if rights_as "$U1" set II.1 doing --note "Tư pháp đã họp" >"$WORK/o" 2>&1; then
    ok "$U1 (group $TPGROUP) changes a task Tư pháp – Hộ tịch leads"
else
    bad "$U1 (group $TPGROUP) changes a task Tư pháp – Hộ tịch leads" "$WORK/o"
fi
rights_as "$U1" set II.3 doing >"$WORK/o" 2>&1
rc=$?
if [ $rc = 1 ] && grep -q "không có quyền sửa nhiệm vụ này: II.3 ($U1)" "$WORK/o" &&
    grep -q "người sửa mọi nhiệm vụ: $U2" "$WORK/o"; then
    ok "$U1 is refused on a task of Văn phòng, told who may"
else
    echo "[exit $rc]" >>"$WORK/o"
    bad "$U1 is refused on a task of Văn phòng, told who may" "$WORK/o"
fi
MORE_ENV="USER=$U2 LOGNAME=$U2 GROUPS=$TPGROUP" rights_as "$PROJ" --lang en note II.1 "giả mạo" >"$WORK/o" 2>&1
rc=$?
if [ $rc = 1 ] && grep -q "you may not change this task: II.1 ($PROJ)" "$WORK/o" &&
    grep -q "the units Tư pháp – Hộ tịch (lead)" "$WORK/o"; then
    ok "$PROJ (named nowhere) is refused whatever USER and GROUPS say, told which unit may"
else
    echo "[exit $rc]" >>"$WORK/o"
    bad "$PROJ (named nowhere) is refused whatever USER and GROUPS say, told which unit may" "$WORK/o"
fi
if rights_as "$U2" set II.3 doing >"$WORK/o" 2>&1 && rights_as "$U2" set II.1 --progress 50 >>"$WORK/o" 2>&1; then
    ok "$U2 (all) changes any task"
else
    bad "$U2 (all) changes any task" "$WORK/o"
fi
rights_as "$U1" undo II.1 >"$WORK/o" 2>&1
rc=$?
if [ $rc = 1 ] && grep -q "bởi $U2," "$WORK/o"; then
    ok "$U1's undo is refused once $U2 changed the task since, with $U2 named"
else
    echo "[exit $rc]" >>"$WORK/o"
    bad "$U1's undo is refused once $U2 changed the task since, with $U2 named" "$WORK/o"
fi
if rights_as "$U2" undo >"$WORK/o" 2>&1 && rights_as "$U2" undo >>"$WORK/o" 2>&1 &&
    ! rights_as "$U1" undo II.1 >>"$WORK/o" 2>&1; then
    ok "$U2 undoes both changes; $U1's undo stays refused ($U2 wrote to II.1 since)"
else
    bad "$U2 undoes both changes; $U1's undo stays refused ($U2 wrote to II.1 since)" "$WORK/o"
fi
if rights_as "$U1" note II.6 "Sẽ rút lại" >"$WORK/o" 2>&1 && rights_as "$U1" undo >>"$WORK/o" 2>&1 &&
    grep -q "II.6: đã hoàn tác" "$WORK/o"; then
    ok "$U1 adds a note on a task of the unit and takes it back"
else
    bad "$U1 adds a note on a task of the unit and takes it back" "$WORK/o"
fi
rights_as "$U1" history --format csv >"$WORK/h" 2>&1
if [ "$(grep -c ",$U1," "$WORK/h")" = 4 ] && [ "$(grep -c ",$U2," "$WORK/h")" = 4 ] &&
    ! grep -q ",$PROJ," "$WORK/h" && grep -q ",note-withdrawn,Sẽ rút lại,,$U1," "$WORK/h" &&
    [ "$(rights_as "$U1" history --user "$U2" --format json | jq length)" = 4 ]; then
    ok "the history names who made and who undid each change; nothing of $PROJ's"
else
    bad "the history names who made and who undid each change; nothing of $PROJ's" "$WORK/h"
fi
if [ "$(stat -c '%G %a' "$SRV/rights.db")" = "$GROUP 660" ]; then
    ok "the rights plan's database is the group's, 0660"
else
    ls -l "$SRV" >"$WORK/o"
    bad "the rights plan's database is the group's, 0660" "$WORK/o"
fi

echo "server: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
