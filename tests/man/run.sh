#!/usr/bin/env bash
# kehoach(1), man/kehoach.1: groff -ww renders it without a warning, `man -l`
# too, and it documents every command and every option the program's own
# help lists, the environment variables and the exit codes.
#
#   KEHOACH_BIN=/abs/path/to/kehoach tests/man/run.sh
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PAGE=$ROOT/man/kehoach.1
BIN=${KEHOACH_BIN:-}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "man: KEHOACH_BIN must name the kehoach binary (got '$BIN')" >&2
    exit 2
fi
for tool in groff man; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "man: $tool is missing (scripts/deps.sh check installs it)" >&2
        exit 2
    fi
done
export LC_ALL=C.UTF-8 MANWIDTH=80 MANPAGER=cat PAGER=cat
unset KEHOACH_LANG
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-man.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT

pass=0
fail=0
check() { # NAME COMMAND...: the command must succeed
    local name=$1
    shift
    if "$@" >"$WORK/out" 2>&1; then
        pass=$((pass + 1))
        echo "ok: $name"
    else
        fail=$((fail + 1))
        echo "FAIL: $name"
        sed 's/^/    /' "$WORK/out" | head -40
    fi
}

no_warnings_groff() {
    groff -ww -man -Tutf8 "$PAGE" >"$WORK/groff.txt" 2>"$WORK/groff.err" || return 1
    cat "$WORK/groff.err"
    [ ! -s "$WORK/groff.err" ] && [ -s "$WORK/groff.txt" ]
}
check "groff -ww -man -Tutf8 renders it without a warning" no_warnings_groff

no_warnings_man() {
    man --warnings -l "$PAGE" >"$WORK/man.txt" 2>"$WORK/man.err" || return 1
    cat "$WORK/man.err"
    [ ! -s "$WORK/man.err" ] && grep -q "kehoach" "$WORK/man.txt"
}
check "man -l renders it without a warning" no_warnings_man

ascii_only() {
    LC_ALL=C grep -n '[^[:print:][:space:]]' "$PAGE" | head
    ! LC_ALL=C grep -q '[^[:print:][:space:]]' "$PAGE"
}
check "the source is ASCII (other characters as \\[uXXXX])" ascii_only

"$BIN" --lang en --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' >"$WORK/commands"
"$BIN" --help | sed -n '/^Lệnh:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' >"$WORK/commands-vi"
commands_found() {
    [ -s "$WORK/commands" ] && cmp "$WORK/commands" "$WORK/commands-vi" || return 1
    local c missing=0
    while read -r c; do
        if ! grep -q "^\.SS \"\?$c\( \|\"\|$\)" "$PAGE"; then
            echo "no .SS for the command '$c'"
            missing=1
        fi
    done <"$WORK/commands"
    [ $missing = 0 ]
}
check "every command of kehoach --help has its section ($(tr '\n' ' ' <"$WORK/commands"))" commands_found

options_found() {
    local c o missing=0
    {
        "$BIN" --lang en --help
        while read -r c; do "$BIN" --lang en "$c" --help; done <"$WORK/commands"
    } | grep -o -- '--[a-z][a-z-]*' | sort -u >"$WORK/options"
    [ -s "$WORK/options" ] || return 1
    while read -r o; do
        # roff writes a minus as \-.
        if ! grep -qF -- "${o//-/\\-}" "$PAGE"; then
            echo "the option $o is not in the page"
            missing=1
        fi
    done <"$WORK/options"
    [ $missing = 0 ]
}
check "every option of every command's --help is in the page" options_found

environment_found() {
    local v missing=0
    for v in KEHOACH_PLAN KEHOACH_DB KEHOACH_LANG NO_COLOR TERM COLUMNS XDG_CONFIG_HOME XDG_DATA_HOME; do
        if ! sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$PAGE" | grep -q "$v"; then
            echo "$v is not under ENVIRONMENT"
            missing=1
        fi
    done
    [ $missing = 0 ]
}
check "ENVIRONMENT names every variable kehoach reads" environment_found

sections_found() {
    local s missing=0
    for s in NAME SYNOPSIS DESCRIPTION COMMANDS "THE DASHBOARD" FILES ENVIRONMENT '"EXIT STATUS"' '"SEE ALSO"'; do
        if ! grep -q "^\.SH $s\$" "$PAGE"; then
            echo "no section $s"
            missing=1
        fi
    done
    for s in Panes Keys; do grep -q "^\.SS $s\$" "$PAGE" || { echo "no subsection $s"; missing=1; }; done
    for code in 0 1 2; do
        sed -n '/^\.SH "EXIT STATUS"/,/^\.SH /p' "$PAGE" | grep -q "^\.B $code\$" ||
            { echo "exit code $code is not documented"; missing=1; }
    done
    [ $missing = 0 ]
}
check "the sections, panes, keys and exit codes are there" sections_found

echo "man: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
