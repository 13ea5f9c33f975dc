#!/usr/bin/env bash
# Memcheck (valgrind) over the unit tests and a smoke run of the program:
# every command, the main error paths, and a dashboard session in tmux. Fails
# on a leak (definite or indirect), an invalid read or write, a use of
# uninitialised memory, or a wrong exit code.
#
#   KEHOACH_BIN=/abs/path/kehoach KEHOACH_UNIT="/abs/test_a /abs/test_b" tests/valgrind/run.sh
#
# Run it on a build without sanitizers (make valgrind does). test_fuzz_regressions
# is not run here: it holds each input to the fuzzers' time limits, which
# valgrind's slowdown (20-50x) breaks; ASan runs it in make check.
set -u
cd "$(dirname "$0")/../.." || exit 2
BIN=${KEHOACH_BIN:-$PWD/kehoach}
PLAN=$PWD/assets/plan.yaml
export LC_ALL=C.UTF-8 TZ=UTC
unset NO_COLOR KEHOACH_LANG KEHOACH_PLAN KEHOACH_DB
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind: valgrind is missing (scripts/deps.sh check installs it)" >&2
    exit 2
fi
if ldd "$BIN" 2>/dev/null | grep -q libasan; then
    echo "valgrind: $BIN is built with ASan; valgrind needs a build without sanitizers" >&2
    exit 2
fi
TMP=$(mktemp -d /tmp/kehoach-valgrind.XXXXXX) || exit 2
export XDG_DATA_HOME=$TMP/data
SOCK=kehoach-vg-$$
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
cleanup() { T kill-server 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
# 99: valgrind found something (never an exit code of kehoach's own).
# --trace-children: the dashboard and present are kehoach-tui, which kehoach
# runs in its place (execve); memcheck follows it there.
VG=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --num-callers=30 --trace-children=yes)

PRE=() # what runs valgrind: prlimit, to run it under a limit
pass=0
fail=0
failed=()
started=$(date +%s)

# vg WANT_EXIT NAME COMMAND...: COMMAND under memcheck exits WANT_EXIT.
vg() {
    local want=$1 name=$2 rc
    shift 2
    "${PRE[@]}" "${VG[@]}" --log-file="$TMP/vg.log" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null
    rc=$?
    if [ $rc -eq "$want" ] && [ ! -s "$TMP/vg.log" ]; then
        pass=$((pass + 1))
        echo "ok: $name ($(($(date +%s) - started)) s)"
    else
        fail=$((fail + 1))
        failed+=("$name")
        echo "FAIL: $name (exit $rc, want $want)"
        sed 's/^/    /' "$TMP/vg.log" | head -60
        tail -5 "$TMP/err" | sed 's/^/    stderr: /'
    fi
}

for t in ${KEHOACH_UNIT:-}; do
    case $t in */test_fuzz_regressions) continue ;; esac
    cd tests/unit || exit 2
    vg 0 "unit $(basename "$t")" "$t"
    cd ../.. || exit 2
done

DB=$TMP/k.db
k() { vg "$1" "$2" "$BIN" --plan "$PLAN" --db "$DB" --today 2023-06-15 "${@:3}"; }
vg 0 "--version" "$BIN" --version
vg 0 "--help" "$BIN" --help
vg 0 "check" "$BIN" check "$PLAN"
vg 1 "import the seed document (a draft to review)" "$BIN" import "$PWD/tests/data/seed-000.txt" \
    -o "$TMP/draft.yaml"
vg 0 "check the draft" "$BIN" check "$TMP/draft.yaml"
printf 'KẾ HOẠCH\n' >"$TMP/renamed.docx"
vg 1 "import a renamed file" "$BIN" import "$TMP/renamed.docx" -o "$TMP/no.yaml"
printf 'kehoach: 1\nplan:\n  id: x\n  issuers: y\n\tz: 1\n' >"$TMP/bad.yaml"
vg 1 "check a broken plan" "$BIN" check "$TMP/bad.yaml"
k 0 "set (creates the database)" set II.1 doing --progress 40 --note "Đã họp triển khai"
k 0 "set done" set III.2.2 done
k 0 "note" note II.4 "Kiến nghị: bổ sung biên chế"
k 0 "status" status
k 0 "list" list
k 0 "list --format json" list --format json
k 0 "list --format csv" list --format csv --overdue
k 0 "list --search" list --search "tu phap"
k 0 "history" history
k 0 "report md" report --period 6m
k 0 "report html" report --period year --format html -o "$TMP/r.html"
k 0 "report csv" report --format csv
k 0 "export yaml" export -o "$TMP/e.yaml"
k 0 "export json" export --format json
k 1 "an unknown task" set II.99 done
k 2 "a usage error" set II.1 --progress 400
k 2 "an unknown command" stats
printf 'not a database at all\n%.0s' $(seq 1 100) >"$TMP/text.db"
vg 1 "not a database" "$BIN" --plan "$PLAN" --db "$TMP/text.db" set II.1 done
cp "$DB" "$TMP/newer.db"
sqlite3 "$TMP/newer.db" 'pragma user_version = 99'
vg 1 "a newer schema" "$BIN" --plan "$PLAN" --db "$TMP/newer.db" status
PRE=(prlimit --fsize=8192)
vg 1 "a full disk (ulimit -f 8)" "$BIN" --plan "$PLAN" --db "$TMP/full.db" set II.1 done
PRE=()

# The dashboard: move, open the detail, change a status, write a note, search, quit.
T new-session -d -s k -x 100 -y 30 \
    "$(printf '%q ' "${VG[@]}" --log-file="$TMP/tui.log" "$BIN" --plan "$PLAN" --db "$DB" --today 2023-06-15); echo EXIT=\$? >$TMP/tui.exit; sleep 30"
wait_screen() {
    local _
    for _ in $(seq 1 400); do
        T capture-pane -p -t k | grep -qF -- "$1" && return 0
        sleep 0.05
    done
    return 1
}
tui_ok=yes
if wait_screen "Trạng thái"; then
    T send-keys -t k j j Enter
    wait_screen "Chủ trì:" || tui_ok=no
    T send-keys -t k Escape s 3
    wait_screen "Đã lưu" || tui_ok=no
    T send-keys -t k n
    wait_screen "Ghi chú cho" || tui_ok=no
    T send-keys -t k -l "Ghi chú dưới valgrind"
    T send-keys -t k Enter
    wait_screen "Đã lưu: " || tui_ok=no
    T send-keys -t k / t u
    sleep 1
    T send-keys -t k Escape q
    for _ in $(seq 1 400); do [ -s "$TMP/tui.exit" ] && break; sleep 0.05; done
else
    tui_ok=no
fi
if [ $tui_ok = yes ] && grep -q '^EXIT=0$' "$TMP/tui.exit" 2>/dev/null && [ ! -s "$TMP/tui.log" ]; then
    pass=$((pass + 1))
    echo "ok: the dashboard"
else
    fail=$((fail + 1))
    failed+=("the dashboard")
    echo "FAIL: the dashboard ($(cat "$TMP/tui.exit" 2>/dev/null || echo 'did not end'))"
    sed 's/^/    /' "$TMP/tui.log" 2>/dev/null | head -60
    T capture-pane -p -t k 2>/dev/null | sed 's/^/    |/'
fi

echo "valgrind: $pass passed, $fail failed${failed:+ (${failed[*]})} in $(($(date +%s) - started)) s"
[ "$fail" -eq 0 ]
