#!/usr/bin/env bash
# `make LINK=static`: the binary linked with the libraries' archives needs
# none of their shared objects, and answers exactly as the shared one does
# (status, list, JSON, a change and its history, check on a broken plan).
# The shared one maps SQLite, libyaml and libnettle only when a command
# uses them (issue 18).
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

# Issue 18: the shared binary names neither SQLite, libyaml nor libnettle
# among its NEEDED; it opens each (dlopen, by soname) when a command first
# uses it: --version and a read-only list with the plan cache warm map no
# libnettle and no libyaml, a change maps libnettle (its history's hash
# chain), a plan read from its file libyaml. The LINK=static binary opens
# none of them.
loads() { # OUT ARGS...: run the shared binary, the libraries ld.so looked for into OUT
    local out=$1
    shift
    LD_DEBUG=libs "$BIN" "$@" 2>"$out.ld" >"$out.stdout"
    local rc=$?
    grep -o 'find library=[^ ;]*' "$out.ld" | sed 's/find library=//' >"$out"
    return $rc
}
readelf -d "$BIN" >"$WORK/needed" 2>&1
if grep NEEDED "$WORK/needed" >/dev/null && ! grep -E 'NEEDED.*(sqlite3|yaml|nettle)' "$WORK/needed" >/dev/null; then
    ok "the shared binary does not name SQLite, libyaml or libnettle as NEEDED"
else
    bad "the shared binary does not name SQLite, libyaml or libnettle as NEEDED" "$WORK/needed"
fi
LAZY=$WORK/lazy
mkdir -p "$LAZY"
if loads "$LAZY/version" --version && grep -q '^kehoach ' "$LAZY/version.stdout" &&
    ! grep -E 'sqlite3|yaml|nettle' "$LAZY/version" >/dev/null; then
    ok "--version maps none of SQLite, libyaml, libnettle"
else
    bad "--version maps none of SQLite, libyaml, libnettle" "$LAZY/version"
fi
LAZY_PLAN=$LAZY/plan.yaml
cp "$ROOT/assets/plan.yaml" "$LAZY_PLAN"
if loads "$LAZY/cold" --plan "$LAZY_PLAN" --db "$LAZY/k.db" --today 2023-06-15 list &&
    grep -q libyaml "$LAZY/cold"; then
    ok "a list with no plan cache yet maps libyaml (the plan is parsed)"
else
    bad "a list with no plan cache yet maps libyaml (the plan is parsed)" "$LAZY/cold"
fi
if loads "$LAZY/warm" --plan "$LAZY_PLAN" --db "$LAZY/k.db" --today 2023-06-15 list &&
    grep -q '^II\.1 ' "$LAZY/warm.stdout" && ! grep -E 'yaml|nettle' "$LAZY/warm" >/dev/null; then
    ok "a read-only list with the plan cache warm maps neither libyaml nor libnettle"
else
    bad "a read-only list with the plan cache warm maps neither libyaml nor libnettle" "$LAZY/warm"
fi
if loads "$LAZY/set" --plan "$LAZY_PLAN" --db "$LAZY/k.db" --today 2023-06-15 set II.1 doing &&
    grep -q libnettle "$LAZY/set" && grep -q libsqlite3 "$LAZY/set"; then
    ok "a change maps SQLite and libnettle when it needs them"
else
    bad "a change maps SQLite and libnettle when it needs them" "$LAZY/set.ld"
fi
LD_DEBUG=libs "$STATIC" --plan "$LAZY_PLAN" --db "$LAZY/s.db" --today 2023-06-15 set II.1 doing \
    >/dev/null 2>"$LAZY/static.ld"
if ! grep -E 'find library=lib(sqlite3|yaml|nettle)' "$LAZY/static.ld" >/dev/null; then
    ok "the static binary opens none of them (linked in)"
else
    bad "the static binary opens none of them (linked in)" "$LAZY/static.ld"
fi
# A library missing (its soname changed in a copy of the binary): the
# command that needs it says which one, the others still answer.
missing() { # LIB NAME ARGS...: the copy without LIB fails naming it
    local lib=$1 name=$2
    shift 2
    local exe=$LAZY/kehoach-no-$lib
    perl -0777 -pe "s/(lib${lib}(?:-0)?\\.so\\.)[0-9]/\${1}Z/g" "$BIN" >"$exe" && chmod +x "$exe"
    XDG_CACHE_HOME=$LAZY/cache-$lib "$exe" "$@" >"$LAZY/no-$lib.out" 2>"$LAZY/no-$lib.err"
    local rc=$?
    if [ $rc -ne 0 ] && grep -q "lib$lib.*\\.so\\.Z" "$LAZY/no-$lib.err" && "$exe" --version >/dev/null; then
        ok "$name"
    else
        echo "rc=$rc" >>"$LAZY/no-$lib.err"
        bad "$name" "$LAZY/no-$lib.err"
    fi
}
missing nettle "without libnettle a change fails naming it" \
    --plan "$LAZY_PLAN" --db "$LAZY/n.db" --today 2023-06-15 set II.1 doing
missing yaml "without libyaml reading a plan fails naming it" check "$LAZY_PLAN"
missing sqlite3 "without SQLite status fails naming it" \
    --plan "$LAZY_PLAN" --db "$LAZY/k.db" --today 2023-06-15 status
missing sqlite3 "without SQLite a first change fails naming it" \
    --plan "$LAZY_PLAN" --db "$LAZY/new.db" --today 2023-06-15 set II.1 doing
if [ ! -e "$LAZY/new.db" ]; then
    ok "without SQLite a first change makes no database file"
else
    bad "without SQLite a first change makes no database file"
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
