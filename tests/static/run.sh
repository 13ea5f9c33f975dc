#!/usr/bin/env bash
# `make LINK=static`: the binary linked with the libraries' archives needs
# none of their shared objects, and answers exactly as the shared one does
# (status, list, JSON, a change and its history, check on a broken plan).
#
#   KEHOACH_BIN=/abs/shared/kehoach KEHOACH_STATIC=/abs/kehoach-static tests/static/run.sh
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${KEHOACH_BIN:-}
STATIC=${KEHOACH_STATIC:-}
for b in "$BIN" "$STATIC"; do
    if [ -z "$b" ] || [ ! -x "$b" ]; then
        echo "static: KEHOACH_BIN and KEHOACH_STATIC must name the two binaries (got '$b')" >&2
        exit 2
    fi
done
export LC_ALL=C.UTF-8 KEHOACH_LANG=vi
unset KEHOACH_PLAN KEHOACH_DB NO_COLOR
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-static.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
export XDG_CACHE_HOME=$WORK/cache

pass=0
fail=0
ok() {
    pass=$((pass + 1))
    echo "ok: $1"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL: $1"
    [ -n "${2:-}" ] && sed 's/^/    /' "$2" | head -30
}

# Neither ncursesw, tinfo, libyaml, SQLite, utf8proc nor xxhash is loaded.
ldd "$STATIC" >"$WORK/ldd" 2>&1
if grep -Eq 'ncursesw|tinfo|yaml|sqlite3|utf8proc|xxhash' "$WORK/ldd"; then
    bad "the static binary loads none of the five libraries" "$WORK/ldd"
else
    ok "the static binary loads none of the five libraries"
fi

# The same answers, byte for byte, and the same exit codes; each binary on
# its own database, changed the same way; times of day are masked.
same() { # NAME ARGS...: both binaries give the same stdout, stderr and exit code
    local name=$1 b
    shift
    for b in shared static; do
        local exe=$BIN
        [ $b = static ] && exe=$STATIC
        "$exe" --db "$WORK/$b.db" --today 2023-06-15 "$@" >"$WORK/$b.out" 2>"$WORK/$b.err"
        echo "rc=$?" >>"$WORK/$b.out"
        # The clock is the one thing allowed to differ between the two runs
        # (and so the head of the history's hash chain, which hashes it).
        sed -i -E -e "s|$WORK/$b.db|DB|g" -e 's/[0-9]{2}:[0-9]{2}(:[0-9]{2})?/HH:MM/g' \
            -e 's/[0-9a-f]{64}/<sha256>/g' \
            "$WORK/$b.out" "$WORK/$b.err"
    done
    if cmp -s "$WORK/shared.out" "$WORK/static.out" && cmp -s "$WORK/shared.err" "$WORK/static.err"; then
        ok "$name"
    else
        diff "$WORK/shared.out" "$WORK/static.out" >"$WORK/diff"
        diff "$WORK/shared.err" "$WORK/static.err" >>"$WORK/diff"
        bad "$name" "$WORK/diff"
    fi
}
PLAN=$ROOT/assets/plan.yaml
same "status" --plan "$PLAN" status
same "set II.1 doing 40%" --plan "$PLAN" set II.1 doing --progress 40 --note "Đã họp triển khai"
same "list" --plan "$PLAN" list
same "list --search 'tu phap'" --plan "$PLAN" list --search "tu phap"
same "list --format json" --plan "$PLAN" list --format json
same "history --format csv" --plan "$PLAN" history --format csv
printf 'kehoach: 1\nplan:\n  id: [x\n' >"$WORK/broken.yaml"
same "check on a broken plan" check "$WORK/broken.yaml"
same "an unknown task" --plan "$PLAN" set XX.9 done

echo "static: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
