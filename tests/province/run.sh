#!/usr/bin/env bash
# From the ward to the province (issue 17), with the real binary: two ward
# workspaces and a province workspace on one machine. A ward changes only
# its own occurrences; `snapshot` makes one whole SQLite file even while a
# writer runs and is killed (-9); `receive` refuses a truncated, foreign,
# wrong-ward, older, schema-too-new, other-plan-file or empty snapshot with
# its message, keeping the previous one byte for byte; the province's
# status and list rank the wards from their snapshots. Then, as root with
# sshd installed, the whole path over a real sshd on 127.0.0.1: two ward
# accounts, each with a forced command in authorized_keys, pushing with
# `kehoach snapshot | ssh province`; a ward's key cannot deliver for another.
#
#   KEHOACH_BIN=/abs/path/to/kehoach tests/province/run.sh
# "done" is a status here, not the end of a loop.
# shellcheck disable=SC1010
set -u

BIN=${KEHOACH_BIN:-}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "province: KEHOACH_BIN must name the kehoach binary (got '$BIN')" >&2
    exit 2
fi
HERE=$(cd "$(dirname "$0")" && pwd)
for tool in sqlite3 jq; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "province: $tool is missing (scripts/deps.sh check installs it)" >&2
        exit 2
    fi
done
export TZ=UTC LC_ALL=C.UTF-8 KEHOACH_LANG=vi
unset KEHOACH_PLAN KEHOACH_DB KEHOACH_WORKSPACE
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-province.XXXXXX") || exit 2
chmod 0755 "$WORK"
TAG=$$
SSHD_PID=
cleanup() {
    [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null
    for u in khtqt$TAG khcl$TAG; do userdel "$u" 2>/dev/null; done
    groupdel khprov$TAG 2>/dev/null
    [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass=0
fail=0
skip=0
ok() {
    pass=$((pass + 1))
    echo "ok: $1"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL: $1"
    [ -n "${2:-}" ] && sed 's/^/    /' "$2"
}
jqok() { jq -e "$1" "$2" >/dev/null; }
check() { # check NAME FILE COMMAND...: ok when COMMAND succeeds
    local name=$1 file=$2
    shift 2
    if "$@"; then ok "$name"; else bad "$name" "$file"; fi
}

K() { "$BIN" --today 2025-10-01 "$@"; }
TQT=$WORK/tqt
CL=$WORK/cl
PROV=$WORK/tinh
K --workspace "$TQT" init --ward tqt >"$WORK/o" 2>&1
K --workspace "$CL" init --ward cl >>"$WORK/o" 2>&1
K --workspace "$PROV" init --name "UBND tỉnh Thử" >>"$WORK/o" 2>&1
for d in "$TQT" "$CL" "$PROV"; do cp "$HERE/province.yaml" "$d/"; done
check "init --ward keeps the ward in workspace.yaml" "$WORK/o" grep -qx 'ward: tqt' "$TQT/workspace.yaml"

# ---- a ward changes only its own occurrences ----
K --workspace "$TQT" set II.2@tqt done >"$WORK/o" 2>&1
check "the ward records its own occurrence" "$WORK/o" grep -q '^tinh-2025:II.2@tqt: Đã hoàn thành' "$WORK/o"
if K --workspace "$TQT" set II.2@cl done >"$WORK/o" 2>&1; then
    bad "another ward's occurrence is refused" "$WORK/o"
else
    check "another ward's occurrence is refused, naming the ward" "$WORK/o" \
        grep -q 'II.2@cl là việc của Phường Cao Lãnh (cl); không gian làm việc này là của tqt' "$WORK/o"
fi
if K --workspace "$TQT" set II.1 doing >"$WORK/o" 2>&1; then
    bad "the province's own task is read-only for the ward" "$WORK/o"
else
    check "the province's own task is read-only for the ward" "$WORK/o" grep -q 'II.1 thuộc kế hoạch tinh-2025' "$WORK/o"
fi
K --workspace "$TQT" set II.3/2025-Q3@tqt done >/dev/null 2>&1
K --workspace "$CL" set II.3/2025-Q3@cl doing --progress 50 >/dev/null 2>&1
K --workspace "$TQT" list --format json >"$WORK/j" 2>&1
check "a ward's list has its own occurrences only, the parent their sum" "$WORK/j" \
    jqok '(.tasks[] | select(.id == "II.2") | .members == {"total":1,"done":1,"done_on_time":0,"overdue":0})
        and (.tasks[] | select(.id == "II.2@tqt") | .member == "tqt" and .parent == "II.2")
        and ([.tasks[] | select(.member != null and .member != "tqt")] == [])' "$WORK/j"
K --workspace "$PROV" list --format json >"$WORK/j" 2>&1
check "the province's list has every ward's occurrence" "$WORK/j" \
    jqok '(.tasks[] | select(.id == "II.2") | .members.total == 3)
        and (.tasks[] | select(.id == "II.2@cl") | .member == "cl" and .parent == "II.2")' "$WORK/j"

# ---- snapshot ----
K --workspace "$TQT" snapshot -o "$WORK/tqt1.snap" >"$WORK/o" 2>&1
sqlite3 "$WORK/tqt1.snap" "PRAGMA integrity_check; SELECT value FROM kehoach_snapshot WHERE key IN ('ward','schema') ORDER BY key; SELECT plan_id || ' ' || sha256 FROM kehoach_snapshot_plan" >"$WORK/m" 2>&1
check "snapshot: one SQLite file, whole, with the ward, the schema and the plan's hash" "$WORK/m" \
    test "$(cat "$WORK/m")" = "ok
8
tqt
tinh-2025 $(sha256sum "$HERE/province.yaml" | cut -c1-64)"
if K --workspace "$PROV" snapshot -o "$WORK/p.snap" >"$WORK/o" 2>&1; then
    bad "snapshot outside a ward's workspace is refused" "$WORK/o"
else
    check "snapshot outside a ward's workspace is refused, saying how" "$WORK/o" grep -q 'init --ward' "$WORK/o"
fi

# ---- receive ----
K --workspace "$PROV" receive --ward tqt "$WORK/tqt1.snap" >"$WORK/o" 2>&1
check "the province receives the ward's snapshot into wards/ID.snapshot" "$WORK/o" \
    cmp -s "$WORK/tqt1.snap" "$PROV/wards/tqt.snapshot"
sleep 0.01
K --workspace "$TQT" snapshot -o "$WORK/tqt2.snap" >/dev/null 2>&1
K --workspace "$CL" snapshot -o "$WORK/cl1.snap" >/dev/null 2>&1
KEPT=$(sha256sum <"$PROV/wards/tqt.snapshot")
refused() { # refused NAME WORDS FILE|-: receive --ward tqt is refused with WORDS, the previous kept
    local name=$1 words=$2 src=$3
    if K --workspace "$PROV" receive --ward "${WARD:-tqt}" "$src" >"$WORK/o" 2>&1; then
        bad "$name is refused" "$WORK/o"
    elif ! grep -q -- "$words" "$WORK/o"; then
        bad "$name is refused with a clear message" "$WORK/o"
    elif grep -q -- '\.tmp' "$WORK/o"; then
        bad "$name: the message names no temporary file (gone when it is read)" "$WORK/o"
    elif [ "$(sha256sum <"$PROV/wards/tqt.snapshot")" != "$KEPT" ] || compgen -G "$PROV/wards/.*tmp*" >/dev/null; then
        bad "$name: the previous snapshot stays, nothing left behind" "$WORK/o"
    else
        ok "$name is refused ($words), the previous one stays"
    fi
}
head -c 40000 "$WORK/tqt2.snap" >"$WORK/cut.snap"
refused "a truncated snapshot" "bị cắt ngắn hoặc hỏng" "$WORK/cut.snap"
cp "$WORK/tqt2.snap" "$WORK/page.snap"
printf '\015\377\377\377\377\377\377\377' | dd of="$WORK/page.snap" bs=1 seek=4096 conv=notrunc 2>/dev/null
refused "a snapshot with a damaged page" "bản chụp nhận được" "$WORK/page.snap"
refused "another ward's snapshot" "bản chụp là của phường/xã 'cl', không phải của 'tqt'" "$WORK/cl1.snap"
sqlite3 "$WORK/foreign.snap" "CREATE TABLE t (x); INSERT INTO t VALUES (1)"
refused "a foreign SQLite file" "không phải bản chụp của kehoach" "$WORK/foreign.snap"
refused "a ward's database (not a snapshot)" "không phải bản chụp của kehoach" "$TQT/kehoach.db"
cp "$WORK/tqt2.snap" "$WORK/new.snap"
sqlite3 "$WORK/new.snap" "UPDATE kehoach_snapshot SET value = '99' WHERE key = 'schema'; PRAGMA user_version = 99"
refused "a snapshot of a newer schema" "do kehoach mới hơn làm (lược đồ 99, ở đây 8)" "$WORK/new.snap"
printf 'not a database\n' >"$WORK/text.snap"
refused "a file that is not a database" "không phải cơ sở dữ liệu SQLite" "$WORK/text.snap"
refused "nothing at all" "bản chụp trống" /dev/null
OTHER=$WORK/other
K --workspace "$OTHER" init --ward tqt >/dev/null 2>&1
sed 's/Tổng hợp kết quả/Tổng hợp/' "$HERE/province.yaml" >"$OTHER/province.yaml"
K --workspace "$OTHER" snapshot -o "$WORK/other.snap" >/dev/null 2>&1
refused "a snapshot made with another plan file" "kế hoạch tinh-2025 của phường/xã 'tqt' khác tệp của tỉnh" "$WORK/other.snap"
OWN=$WORK/own
K --workspace "$OWN" init --ward tqt >/dev/null 2>&1
sed -e 's/^  id: tinh-2025$/  id: rieng-2025/' -e '/^groups:/,/^contents:/{/^contents:/!d}' \
    -e '/lead: {each: wards}/s/.*/    lead: snv/' "$HERE/province.yaml" >"$OWN/rieng.yaml"
K --workspace "$OWN" snapshot -o "$WORK/own.snap" >"$WORK/o" 2>&1
refused "a snapshot without the province's plan" "không có kế hoạch tinh-2025 của tỉnh" "$WORK/own.snap"
WARD=mt refused "tqt's snapshot delivered for another ward" "bản chụp là của phường/xã 'tqt', không phải của 'mt'" "$WORK/tqt2.snap"
WARD=xyz refused "a ward of no group" "không có phường/xã 'xyz' trong 'groups'" "$WORK/tqt2.snap"
K --workspace "$PROV" receive --ward tqt - <"$WORK/tqt2.snap" >"$WORK/o" 2>&1
check "a newer snapshot from standard input replaces it" "$WORK/o" cmp -s "$WORK/tqt2.snap" "$PROV/wards/tqt.snapshot"
KEPT=$(sha256sum <"$PROV/wards/tqt.snapshot")
refused "an older snapshot" "không mới hơn bản đang có" "$WORK/tqt1.snap"
refused "the same snapshot again" "không mới hơn bản đang có" "$WORK/tqt2.snap"

# The ward's hash chain (issue 20) travels with the snapshot: its head is
# recorded in it; a snapshot whose history was changed after it was made,
# or a ward database put back from an older copy (its history no longer
# going on from the head the province has), is refused.
sqlite3 "$WORK/tqt2.snap" "SELECT value FROM kehoach_snapshot WHERE key = 'chain_head'" >"$WORK/m" 2>&1
check "the snapshot records the head of the ward's hash chain" "$WORK/m" grep -Eqx '[0-9a-f]{64}' "$WORK/m"
sqlite3 "$TQT/kehoach.db" ".backup '$WORK/tqt-old.db'"
K --workspace "$TQT" note II.2@tqt "Đã gửi báo cáo" >/dev/null 2>&1
K --workspace "$TQT" snapshot -o "$WORK/tqt3.snap" >/dev/null 2>&1
cp "$WORK/tqt3.snap" "$WORK/forged.snap"
sqlite3 "$WORK/forged.snap" "DROP TRIGGER IF EXISTS note_withdraw_only; UPDATE note SET body = 'Chưa làm' WHERE body = 'Đã gửi báo cáo'"
refused "a snapshot whose history was changed after it was made" "đã bị sửa ngoài kehoach" "$WORK/forged.snap"
K --workspace "$PROV" receive --ward tqt "$WORK/tqt3.snap" >"$WORK/o" 2>&1
check "the ward's next snapshot, its history going on, is received" "$WORK/o" cmp -s "$WORK/tqt3.snap" "$PROV/wards/tqt.snapshot"
KEPT=$(sha256sum <"$PROV/wards/tqt.snapshot")
sqlite3 "$TQT/kehoach.db" ".backup '$WORK/tqt-now.db'"
cp "$TQT/kehoach.db-head" "$WORK/tqt-now.db-head"
rm -f "$TQT/kehoach.db-wal" "$TQT/kehoach.db-shm" "$TQT/kehoach.db-head"
cp "$WORK/tqt-old.db" "$TQT/kehoach.db"
K --workspace "$TQT" note II.2@tqt "Ghi chú khác" >/dev/null 2>&1
K --workspace "$TQT" note II.2@tqt "Ghi chú nữa" >/dev/null 2>&1
K --workspace "$TQT" snapshot -o "$WORK/tqt4.snap" >/dev/null 2>&1
refused "a snapshot of a ward database put back from an older copy" "không nối tiếp bản đã nhận" "$WORK/tqt4.snap"
# The ward's real database back, for what follows.
rm -f "$TQT/kehoach.db-wal" "$TQT/kehoach.db-shm"
cp "$WORK/tqt-now.db" "$TQT/kehoach.db"
cp "$WORK/tqt-now.db-head" "$TQT/kehoach.db-head"

# ---- the province's view ----
K --workspace "$CL" note II.2@cl "Kiến nghị: bổ sung biên chế cho bộ phận một cửa" >/dev/null 2>&1
K --workspace "$CL" snapshot | K --workspace "$PROV" receive --ward cl - >"$WORK/o" 2>&1
K --workspace "$PROV" status >"$WORK/s" 2>&1
check "status ranks every ward: the four categories, completion, oldest overdue, the snapshot's age" "$WORK/s" \
    grep -Eq '^  1 Phường Trương Quang Trọng +3 +0 +2 +1 +0 +67 +- +[0-9]+ phút$' "$WORK/s"
check "status: a ward that sent nothing is marked" "$WORK/s" grep -Eq '^  3 Xã Mỹ Thọ +3 +0 +0 +1 +2 +0 +47 ng +chưa gửi$' "$WORK/s"
# Counted as an officer counts (the user test): II.1 and three wards' three
# occurrences are 10 tasks; a task for each ward is never one itself, in the
# totals or in the overdue list (II.2@cl is there, tinh-2025:II.2 not).
check "status at the province counts 10 tasks, not the each: tasks" "$WORK/s" \
    grep -q '^1 kế hoạch · 10 nhiệm vụ, 2 xong' "$WORK/s"
check "the overdue list has the wards' occurrences, not the task for each ward" "$WORK/s" \
    sh -c "grep -q '^  tinh-2025:II.2@cl ' '$WORK/s' && ! grep -Eq '^  tinh-2025:II\.(2|3/2025-Q3) ' '$WORK/s'"
K --workspace "$PROV" status --plan tinh-2025 --format json >"$WORK/j" 2>&1
check "status JSON at the province: 10 tasks in the four categories" "$WORK/j" \
    jqok '.total == 10 and .category == {"done-on-time":0,"done-late":2,"open-in-time":4,"open-overdue":4} and .overdue == 4' "$WORK/j"
K --workspace "$TQT" status --plan tinh-2025 --format json >"$WORK/j" 2>&1
check "status JSON at a ward: its own occurrences and the province's task, 4" "$WORK/j" \
    jqok '.total == 4 and .status.done == 2' "$WORK/j"
# What a ward wrote on its occurrence, from its snapshot, read-only.
K --workspace "$PROV" show II.2@tqt >"$WORK/o" 2>&1
check "show at the province: the ward's note, from its snapshot" "$WORK/o" \
    sh -c "grep -q '^Ghi chú (1), mới nhất trước:' '$WORK/o' && grep -q 'Đã gửi báo cáo' '$WORK/o' &&
        grep -q '^Bản chụp: .*của Phường Trương Quang Trọng' '$WORK/o'"
K --workspace "$PROV" show II.2@mt >"$WORK/o" 2>&1
check "show at the province: a ward that sent nothing, said so (not 0 notes)" "$WORK/o" \
    grep -q '^Ghi chú: chưa biết (Xã Mỹ Thọ chưa gửi bản chụp' "$WORK/o"
K --workspace "$PROV" list --format json >"$WORK/j" 2>&1
check "list JSON: wards[] ranked, each occurrence with the ward's own state" "$WORK/j" \
    jqok '[.wards[] | .id] == ["tqt","cl","mt"]
        and (.wards[1] | .open_in_time == 1 and .open_overdue == 2 and .completion == 17 and .oldest_overdue_days == 47 and .snapshot.stale == false)
        and (.wards[2].snapshot == null)
        and (.tasks[] | select(.id == "II.3/2025-Q3@cl") | .status == "doing" and .progress == 50)
        and (.tasks[] | select(.id == "II.3/2025-Q3@tqt") | .status == "done")
        and (.tasks[] | select(.id == "II.2") | .members.done == 1)' "$WORK/j"
K --workspace "$PROV" list --format csv >"$WORK/c" 2>&1
check "list CSV: a ward column, then summary (true on the each: task)" "$WORK/c" \
    sh -c "grep -q '^II.3/2025-Q3@cl,.*,doing,50,.*,tinh-2025,cl,false.\$' '$WORK/c' && grep -q '^II.2,.*,tinh-2025,,true.\$' '$WORK/c'"
touch -d '2 days ago' "$PROV/wards/cl.snapshot"
cp "$PROV/wards/cl.snapshot" "$WORK/cl-old.snap"
sqlite3 "$PROV/wards/cl.snapshot" "UPDATE kehoach_snapshot SET value = CAST(value AS INTEGER) - 2 * 86400 WHERE key = 'made_at'"
K --workspace "$PROV" status >"$WORK/s" 2>&1
check "a snapshot older than a day is marked" "$WORK/s" grep -Eq '^  2 Phường Cao Lãnh .* 2 ngày \*$' "$WORK/s"
start=$(date +%s%N)
K --workspace "$CL" snapshot | K --workspace "$PROV" receive --ward cl - >/dev/null 2>&1
K --workspace "$PROV" status >"$WORK/s" 2>&1
ms=$((($(date +%s%N) - start) / 1000000))
if grep -Eq '^  2 Phường Cao Lãnh .* [0-9]+ phút$' "$WORK/s" && [ "$ms" -lt 1000 ]; then
    ok "the province sees a ward's new snapshot within a second ($ms ms for snapshot, receive, status)"
else
    bad "the province sees a ward's new snapshot within a second ($ms ms)" "$WORK/s"
fi

# ---- the province's report, ward by ward, in every format ----
K --workspace "$PROV" report --plan tinh-2025 --format md >"$WORK/r.md" 2>&1
check "report: section V, every ward ranked with its categories, completion, oldest overdue, snapshot" "$WORK/r.md" \
    grep -Eq '^\| 1 \| Phường Trương Quang Trọng \| 3 \| 0 \| 2 \| 1 \| 0 \| 67 \| — \| [0-9/]+ [0-9:]+ \|$' "$WORK/r.md"
check "report: a ward that sent nothing is ranked last, marked" "$WORK/r.md" \
    grep -Eq '^\| 3 \| Xã Mỹ Thọ \| 3 \| 0 \| 0 \| 1 \| 2 \| 0 \| 47 \| chưa gửi \|$' "$WORK/r.md"
check "report: a section per ward with its overdue tasks and their age" "$WORK/r.md" \
    sh -c "grep -qx '### 4. Xã Mỹ Thọ (hạng 3/3)' '$WORK/r.md' &&
        grep -q '^- \*\*II.2@mt\*\* Báo cáo kết quả sắp xếp tổ chức bộ máy. — hạn 15/08/2025, quá hạn 47 ngày; Chưa thực hiện' '$WORK/r.md' &&
        grep -qx '\*Không có việc quá hạn.\*' '$WORK/r.md'"
check "report: 10 tasks in section I, the ward's proposal in section IV (from its snapshot)" "$WORK/r.md" \
    sh -c "grep -q '^Trong kỳ báo cáo có 10 nhiệm vụ' '$WORK/r.md' &&
        sed -n '/^## IV/,/^## V/p' '$WORK/r.md' | grep -q '^- bổ sung biên chế cho bộ phận một cửa (II.2@cl · CL'"
K --workspace "$PROV" report --plan tinh-2025 --format html -o "$WORK/r.html" >"$WORK/o" 2>&1
check "report HTML: the ranking and the wards' sections" "$WORK/r.html" \
    sh -c "grep -q 'V. Kết quả của từng phường, xã' '$WORK/r.html' && grep -q '4. Xã Mỹ Thọ (hạng 3/3)' '$WORK/r.html'"
K --workspace "$PROV" report --plan tinh-2025 --format csv >"$WORK/r.csv" 2>&1
check "report CSV: a Phường/Xã column at the end, the ward of each occurrence" "$WORK/r.csv" \
    sh -c "head -1 '$WORK/r.csv' | grep -q ',Phường/Xã.\$' && grep -q '^[0-9]*,II.2@mt,.*,mt.\$' '$WORK/r.csv' &&
        grep -q '^1,II.1,.*,.\$' '$WORK/r.csv'"
K --workspace "$PROV" report --plan tinh-2025 --unit mt --format md >"$WORK/r1.md" 2>&1
check "report --unit WARD: that ward alone in section V" "$WORK/r1.md" \
    sh -c "grep -qx '### 2. Xã Mỹ Thọ (hạng 1/1)' '$WORK/r1.md' && ! grep -q 'Phường Cao Lãnh (hạng' '$WORK/r1.md'"
K --workspace "$TQT" report --plan tinh-2025 --format md >"$WORK/r2.md" 2>&1
check "a ward's own report has no section V" "$WORK/r2.md" sh -c "! grep -q '^## V' '$WORK/r2.md'"
K --workspace "$PROV" report --plan tinh-2025 --format docx -o "$WORK/r.docx" >"$WORK/o" 2>&1
if command -v soffice >/dev/null 2>&1; then
    timeout 180 soffice --headless --norestore -env:UserInstallation="file://$WORK/lo-profile" \
        --convert-to txt:Text --outdir "$WORK/docx" "$WORK/r.docx" >"$WORK/soffice.log" 2>&1
    check "report docx, opened by LibreOffice: section V, the ranking, each ward's overdue tasks" "$WORK/soffice.log" \
        sh -c "grep -qx 'V. Kết quả của từng phường, xã' '$WORK/docx/r.txt' &&
            grep -qx '4. Xã Mỹ Thọ (hạng 3/3)' '$WORK/docx/r.txt' &&
            grep -q 'II.2@mt Báo cáo kết quả sắp xếp tổ chức bộ máy. — hạn 15/08/2025, quá hạn 47 ngày' '$WORK/docx/r.txt' &&
            grep -A12 -x 'Xã Mỹ Thọ' '$WORK/docx/r.txt' | grep -qx 'chưa gửi'"
else
    skip=$((skip + 1))
    echo "skip: report docx by LibreOffice (soffice is missing)"
fi

# ---- a writer killed while snapshots are taken ----
(for i in $(seq 1 400); do
    K --workspace "$TQT" note II.2@tqt "ghi chú $i" >/dev/null 2>&1
done) &
writer=$!
whole=0
broken=0
for i in 1 2 3 4 5 6; do
    if K --workspace "$TQT" snapshot -o "$WORK/w$i.snap" >/dev/null 2>&1; then
        if [ "$(sqlite3 "$WORK/w$i.snap" 'PRAGMA integrity_check')" = ok ]; then
            whole=$((whole + 1))
        else
            broken=$((broken + 1))
        fi
    fi
    [ "$i" = 3 ] && kill -9 "$writer" 2>/dev/null
done
wait "$writer" 2>/dev/null
K --workspace "$TQT" snapshot -o "$WORK/after.snap" >"$WORK/o" 2>&1
if [ "$broken" = 0 ] && [ "$whole" -ge 5 ] &&
    K --workspace "$PROV" receive --ward tqt "$WORK/after.snap" >"$WORK/o" 2>&1; then
    ok "snapshots taken while a writer runs and is killed -9 are whole ($whole of 6), and received"
else
    bad "snapshots while a writer runs and is killed -9 ($whole whole, $broken broken)" "$WORK/o"
fi
# A snapshot killed -9 half way leaves no file under its name.
(K --workspace "$TQT" snapshot -o "$WORK/killed.snap" >/dev/null 2>&1) &
kill -9 $! 2>/dev/null
wait 2>/dev/null
if [ ! -e "$WORK/killed.snap" ] || [ "$(sqlite3 "$WORK/killed.snap" 'PRAGMA integrity_check')" = ok ]; then
    ok "a snapshot killed -9 leaves no half file under its name"
else
    bad "a snapshot killed -9 leaves no half file under its name"
fi

# ---- members read from a file beside the plan ----
# The same plan with `wards: {file: wards.yaml}` (and a CSV one): the same
# occurrences; problems in the member file as FILE:LINE:COL; the member
# file counted in the plan's hash, so a ward with another member file is
# refused as another plan file would be.
MF=$WORK/mf
mkdir -p "$MF/tqt" "$MF/tinh"
K --workspace "$MF/tqt" init --ward tqt >/dev/null 2>&1
K --workspace "$MF/tinh" init >/dev/null 2>&1
sed -e '/^groups:/,/^contents:/c\
groups:\
  wards: {file: wards.yaml}\
contents:' "$HERE/province.yaml" >"$MF/tinh/province.yaml"
cat >"$MF/tinh/wards.yaml" <<'EOF2'
# the province's wards
- {id: tqt, name: "Phường Trương Quang Trọng", short: TQT}
- {id: cl, name: "Phường Cao Lãnh", short: CL}
- {id: mt, name: "Xã Mỹ Thọ", short: MT}
EOF2
cp "$MF/tinh/province.yaml" "$MF/tinh/wards.yaml" "$MF/tqt/"
K check "$MF/tinh/province.yaml" >"$WORK/o" 2>&1
check "members from a YAML file: the plan checks" "$WORK/o" grep -q 'province.yaml: ok — 10 nhiệm vụ' "$WORK/o"
K --workspace "$MF/tinh" list --format json >"$WORK/j" 2>&1
check "members from a file: the same occurrences as written inline" "$WORK/j" \
    jqok '[.tasks[] | select(.member) | .id] | length == 9 and index("II.2@cl") != null' "$WORK/j"
printf 'id,name,short\ntqt,"Phường Trương Quang Trọng",TQT\ncl,"Phường Cao Lãnh, mới",CL\n\nmt,Xã Mỹ Thọ\n' >"$MF/w.csv"
sed 's/wards.yaml/w.csv/' "$MF/tinh/province.yaml" >"$MF/p-csv.yaml"
K --plan "$MF/p-csv.yaml" --db "$MF/csv.db" show II.2@cl >"$WORK/o" 2>&1
check "members from a CSV file (a quoted comma, a blank line, short optional)" "$WORK/o" \
    grep -q 'Phường Cao Lãnh, mới' "$WORK/o"
printf -- '- {id: tqt, name: A}\n- {id: tqt, name: B}\n- {idd: x, name: C}\n' >"$MF/bad.yaml"
sed 's/wards.yaml/bad.yaml/' "$MF/tinh/province.yaml" >"$MF/p-bad.yaml"
if K check "$MF/p-bad.yaml" >"$WORK/o" 2>&1; then
    bad "a bad member file is refused" "$WORK/o"
else
    check "a member file's problems at FILE:LINE:COL of that file" "$WORK/o" \
        grep -q "p-bad.yaml:11:17: bad.yaml:2:8: 'tqt' được ghi hai lần (dòng 1)" "$WORK/o"
    check "a member file's unknown key, at its line and column" "$WORK/o" \
        grep -q "p-bad.yaml:11:17: bad.yaml:3:4: khóa không xác định 'idd'" "$WORK/o"
fi
printf 'id,nam\nx,y\n' >"$MF/bad.csv"
sed 's/wards.yaml/bad.csv/' "$MF/tinh/province.yaml" >"$MF/p-badcsv.yaml"
K check "$MF/p-badcsv.yaml" >"$WORK/o" 2>&1
check "a CSV member file without the id,name header" "$WORK/o" \
    grep -q "bad.csv:1:1: dòng đầu phải đặt tên các cột: id,name" "$WORK/o"
sed 's/wards.yaml/..\/wards.yaml/' "$MF/tinh/province.yaml" >"$MF/tinh/p-out.yaml"
K check "$MF/tinh/p-out.yaml" >"$WORK/o" 2>&1
check "a member file outside the plan's folder is refused" "$WORK/o" \
    grep -q "phải nằm trong thư mục của kế hoạch" "$WORK/o"
rm -f "$MF/tinh/p-out.yaml"
K --workspace "$MF/tqt" set II.2@tqt done >/dev/null 2>&1
K --workspace "$MF/tqt" snapshot -o "$MF/tqt1.snap" >"$WORK/o" 2>&1
K --workspace "$MF/tinh" receive --ward tqt "$MF/tqt1.snap" >"$WORK/o" 2>&1
check "a ward with the same plan and member file is received" "$WORK/o" grep -q 'Đã nhận bản chụp của tqt' "$WORK/o"
# The ward's member file differs (a name changed): another plan.
sed -i 's/Xã Mỹ Thọ/Xã Mỹ Thọ (mới)/' "$MF/tqt/wards.yaml"
K --workspace "$MF/tqt" snapshot -o "$MF/tqt2.snap" >"$WORK/o" 2>&1
if K --workspace "$MF/tinh" receive --ward tqt "$MF/tqt2.snap" >"$WORK/o" 2>&1; then
    bad "a ward whose member file differs is refused" "$WORK/o"
else
    check "a ward whose member file differs is refused as another plan file" "$WORK/o" \
        grep -q 'kế hoạch tinh-2025 của phường/xã .tqt. khác tệp của tỉnh' "$WORK/o"
fi
# An edit of the member file alone is read (no cached plan keyed by the plan file only).
K --workspace "$MF/tinh" list --format json >/dev/null 2>&1
printf -- '- {id: hb, name: "Phường Hòa Bình"}\n' >>"$MF/tinh/wards.yaml"
K --workspace "$MF/tinh" list --format json >"$WORK/j" 2>&1
check "a member added to the file is read at once" "$WORK/j" \
    jqok '[.tasks[] | select(.id == "II.2@hb")] | length == 1' "$WORK/j"

# ---- over a real sshd, with a forced command per ward account ----
SSHD=$(command -v sshd || echo /usr/sbin/sshd)
if [ "$(id -u)" -ne 0 ] || [ ! -x "$SSHD" ] || ! command -v ssh >/dev/null; then
    echo "province: ssh part skipped: needs root and openssh-server"
    skip=1
else
    GRP=khprov$TAG
    groupadd "$GRP"
    install -d -m 0755 "$WORK/bin" "$WORK/keys" "$WORK/home"
    install -m 0755 "$BIN" "$WORK/bin/kehoach"
    # The province's folder: readable by the ward accounts, wards/ theirs to write.
    P2=$WORK/srv/tinh
    install -d -m 0755 "$WORK/srv" "$P2"
    install -m 0644 "$HERE/province.yaml" "$P2/province.yaml"
    "$WORK/bin/kehoach" --workspace "$P2" init --name "UBND tỉnh Thử" >/dev/null # root's database, 0660
    install -d -m 2770 -g "$GRP" "$P2/wards"
    for w in tqt cl; do
        u=kh$w$TAG
        useradd -M -N -s /bin/sh -g "$GRP" -d "$WORK/home" "$u"
        usermod -p '*' "$u" # no password, not locked: keys only
        ssh-keygen -q -t ed25519 -N '' -f "$WORK/keys/$w" -C "$w"
        # The README's line: the key may only deliver this ward's snapshot.
        printf 'command="%s --workspace %s receive --ward %s -",restrict %s\n' \
            "$WORK/bin/kehoach" "$P2" "$w" "$(cat "$WORK/keys/$w.pub")" >"$WORK/keys/$u"
        chmod 0644 "$WORK/keys/$u"
    done
    ssh-keygen -q -t ed25519 -N '' -f "$WORK/keys/host"
    PORT=$((20000 + TAG % 20000))
    cat >"$WORK/sshd_config" <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $WORK/keys/host
AuthorizedKeysFile $WORK/keys/%u
PidFile $WORK/sshd.pid
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers khtqt$TAG khcl$TAG
EOF
    mkdir -p /run/sshd
    "$SSHD" -D -f "$WORK/sshd_config" -E "$WORK/sshd.log" &
    SSHD_PID=$!
    for _ in $(seq 1 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
        sleep 0.1
    done
    push() { # push WARD-WORKSPACE KEY USER: the crontab line of README
        K --workspace "$1" snapshot | ssh -q -i "$WORK/keys/$2" -p "$PORT" -o BatchMode=yes \
            -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "$3@127.0.0.1" kehoach receive
    }
    push "$TQT" tqt "khtqt$TAG" >"$WORK/o" 2>&1
    push "$CL" cl "khcl$TAG" >>"$WORK/o" 2>&1
    if [ -s "$P2/wards/tqt.snapshot" ] && [ -s "$P2/wards/cl.snapshot" ] &&
        grep -q 'Đã nhận bản chụp của tqt' "$WORK/o" && grep -q 'Đã nhận bản chụp của cl' "$WORK/o"; then
        ok "two wards push their snapshots over ssh, each through its forced command"
    else
        bad "two wards push their snapshots over ssh" "$WORK/o"
        cat "$WORK/sshd.log"
    fi
    KEPT=$(sha256sum <"$P2/wards/cl.snapshot")
    if push "$CL" tqt "khtqt$TAG" >"$WORK/o" 2>&1; then
        bad "tqt's key cannot deliver cl's snapshot" "$WORK/o"
    elif grep -q "bản chụp là của phường/xã 'cl', không phải của 'tqt'" "$WORK/o" &&
        [ "$(sha256sum <"$P2/wards/cl.snapshot")" = "$KEPT" ]; then
        ok "tqt's key cannot deliver cl's snapshot (the forced command names the ward)"
    else
        bad "tqt's key cannot deliver cl's snapshot" "$WORK/o"
    fi
    if ssh -q -i "$WORK/keys/tqt" -p "$PORT" -o BatchMode=yes -o StrictHostKeyChecking=no \
        -o UserKnownHostsFile=/dev/null "khtqt$TAG@127.0.0.1" 'rm -rf /tmp' </dev/null >"$WORK/o" 2>&1 ||
        ! grep -q 'rm' "$WORK/o"; then
        ok "a ward's key runs nothing but its receive"
    else
        bad "a ward's key runs nothing but its receive" "$WORK/o"
    fi
    K --workspace "$P2" status >"$WORK/s" 2>&1
    check "the province over ssh sees both wards, ranked" "$WORK/s" \
        grep -Eq '^  1 Phường Trương Quang Trọng +3 .* [0-9]+ phút$' "$WORK/s" &&
        grep -Eq '^  2 Phường Cao Lãnh +3 .* [0-9]+ phút$' "$WORK/s"
fi

echo "province: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
