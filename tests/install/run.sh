#!/usr/bin/env bash
# `make install PREFIX=/usr/local DESTDIR=...` gives a working, documented
# tool: the binary, kehoach(1), the example plan and its format under
# share/kehoach/, bash completion of commands, options, unit and task ids;
# `make uninstall` takes every file away again.
#
#   KEHOACH_BIN=/abs/path/to/kehoach KEHOACH_BUILD=build/release tests/install/run.sh
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${KEHOACH_BIN:-}
BUILD=${KEHOACH_BUILD:-build/release}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "install: KEHOACH_BIN must name the kehoach binary (got '$BIN')" >&2
    exit 2
fi
for tool in make man groff bash; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "install: $tool is missing (scripts/deps.sh check installs it)" >&2
        exit 2
    fi
done
export LC_ALL=C.UTF-8 TZ=UTC MANWIDTH=80 MANPAGER=cat PAGER=cat
unset KEHOACH_PLAN KEHOACH_DB KEHOACH_LANG
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-install.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
DEST=$WORK/dest
P=$DEST/usr/local
export HOME=$WORK/home XDG_DATA_HOME=$WORK/home/.local/share XDG_CONFIG_HOME=$WORK/home/.config
mkdir -p "$HOME"

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

# The same binary the suite tests: make must not rebuild it.
do_install() {
    make -s --no-print-directory -C "$ROOT" BUILD="$BUILD" PREFIX=/usr/local DESTDIR="$DEST" install &&
        cmp "$BIN" "$P/bin/kehoach" && cmp "$BIN-tui" "$P/libexec/kehoach/kehoach-tui"
}
check "make install PREFIX=/usr/local DESTDIR=... installs the tested binary" do_install

modes() {
    local f want got bad=0
    while read -r want f; do
        got=$(stat -c '%a' "$P/$f" 2>/dev/null || echo missing)
        [ "$got" = "$want" ] || { echo "$f: $got, want $want"; bad=1; }
    done <<'LIST'
755 bin/kehoach
755 libexec/kehoach/kehoach-tui
644 share/man/man1/kehoach.1
644 share/kehoach/plan.yaml
644 share/kehoach/plan-format.md
644 share/bash-completion/completions/kehoach
LIST
    [ $bad = 0 ] && [ "$(find "$DEST" -type f | wc -l)" = 6 ]
}
check "the six files, with their modes, and nothing else" modes

works() {
    "$P/bin/kehoach" --version | grep -q '^kehoach [0-9]' &&
        "$P/bin/kehoach" check "$P/share/kehoach/plan.yaml" &&
        "$P/bin/kehoach" --plan "$P/share/kehoach/plan.yaml" --db "$WORK/k.db" --today 2023-05-20 \
            set III.2.2 done &&
        "$P/bin/kehoach" --plan "$P/share/kehoach/plan.yaml" --db "$WORK/k.db" --today 2023-05-20 \
            report --period 6m | grep -q 'Đã hoàn thành đúng hạn: \*\*1\*\*'
}
check "the installed kehoach checks, changes and reports on the installed example plan" works

# Issue 18: the commands load no curses, and libzip and libxml2 only when
# a document is read or written; the screens are the installed kehoach-tui,
# which kehoach finds from where it is (present --help runs it).
screens() {
    ldd "$P/bin/kehoach" >"$WORK/ldd" && ! grep -E 'ncurses|tinfo|libzip|libxml2' "$WORK/ldd" &&
        LD_DEBUG=libs "$P/bin/kehoach" --plan "$P/share/kehoach/plan.yaml" --db "$WORK/k.db" \
            --today 2023-05-20 status 2>"$WORK/libs" >/dev/null &&
        grep -q 'libsqlite3' "$WORK/libs" && ! grep -E 'ncurses|tinfo|libzip|libxml2' "$WORK/libs" &&
        LD_DEBUG=libs "$P/bin/kehoach" --plan "$P/share/kehoach/plan.yaml" --db "$WORK/k.db" \
            --today 2023-05-20 report --period 6m --format docx -o "$WORK/r.docx" 2>"$WORK/libs" >/dev/null &&
        grep -q 'libzip' "$WORK/libs" && [ "$(head -c 2 "$WORK/r.docx")" = PK ] &&
        ldd "$P/libexec/kehoach/kehoach-tui" | grep -q ncursesw &&
        "$P/bin/kehoach" present --help >"$WORK/present" && grep -q -- '--interval' "$WORK/present"
}
check "the installed kehoach loads no curses, libzip only to write a .docx; present runs the installed kehoach-tui" screens

manpage() {
    man --warnings -l "$P/share/man/man1/kehoach.1" >"$WORK/man.txt" 2>"$WORK/man.err" &&
        cat "$WORK/man.err" && [ ! -s "$WORK/man.err" ] &&
        MANPATH=$P/share/man man kehoach >"$WORK/man2.txt" && grep -q 'kehoach report' "$WORK/man2.txt"
}
check "man kehoach finds the installed page, which renders without a warning" manpage

# Complete the last of the words given, as bash would on Tab; print the
# candidates one a line.
complete_words() {
    PATH=$P/bin:$PATH bash -c '
        source "$1"
        shift
        COMP_WORDS=("$@")
        COMP_CWORD=$(($# - 1))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        _kehoach
        printf "%s\n" "${COMPREPLY[@]}"
    ' _ "$P/share/bash-completion/completions/kehoach" "$@"
}
PLAN=$P/share/kehoach/plan.yaml
# expect WORDS... -- WANTED...: every wanted word is among the candidates, and
# nothing else when the first wanted word is "=only".
expect() {
    local words=() want=() seen=0 w only=no
    for w in "$@"; do
        if [ $seen = 0 ] && [ "$w" = -- ]; then seen=1; continue; fi
        if [ $seen = 0 ]; then words+=("$w"); else want+=("$w"); fi
    done
    [ "${want[0]}" = =only ] && only=yes && want=("${want[@]:1}")
    complete_words "${words[@]}" >"$WORK/got"
    echo "kehoach ${words[*]:1}<Tab>: $(tr '\n' ' ' <"$WORK/got")"
    for w in "${want[@]}"; do grep -qx -- "$w" "$WORK/got" || { echo "missing: $w"; return 1; }; done
    [ $only = no ] || [ "$(wc -l <"$WORK/got")" = ${#want[@]} ]
}
check "completion: the commands" expect kehoach "" -- status list set note history check report export
check "completion: a command's start" expect kehoach rep -- =only report
check "completion: a command's options" expect kehoach report --p -- =only --period --plan
check "completion: the report formats" expect kehoach report --format "" -- =only md html csv
check "completion: the export formats" expect kehoach export --format "" -- =only yaml json
check "completion: the periods" expect kehoach report --period "" -- =only 6m 9m year
check "completion: unit ids from the plan" expect kehoach --plan "$PLAN" list --unit t -- =only tp-ht tc-kt
check "completion: task ids from the plan" expect kehoach --plan "$PLAN" set II. -- =only II.1 II.2 II.3 II.4 II.5 II.6 II.7
check "completion: periods of a periodic task" expect kehoach --plan "$PLAN" note III.1.3/2023-Q -- =only III.1.3/2023-Q1 III.1.3/2023-Q2 III.1.3/2023-Q3 III.1.3/2023-Q4
check "completion: statuses after the task" expect kehoach --plan "$PLAN" set II.1 d -- =only doing done
KEHOACH_PLAN=$PLAN check "completion: task ids from \$KEHOACH_PLAN" expect kehoach history III.2. -- =only III.2.1 III.2.2 III.2.3
check "completion: undo and the history options" expect kehoach "" -- undo history
check "completion: task ids after undo" expect kehoach --plan "$PLAN" undo II.6 -- =only II.6
check "completion: the history formats and filters" expect kehoach history --format "" -- =only table json csv
check "completion: the history options" expect kehoach history --s -- =only --since

do_uninstall() {
    make -s --no-print-directory -C "$ROOT" BUILD="$BUILD" PREFIX=/usr/local DESTDIR="$DEST" uninstall &&
        [ "$(find "$DEST" -type f | wc -l)" = 0 ] && [ ! -e "$P/share/kehoach" ]
}
check "make uninstall removes every file it installed" do_uninstall

# Installed elsewhere, the manual names the files where they are.
other_prefix() {
    local d=$WORK/dest2
    make -s --no-print-directory -C "$ROOT" BUILD="$BUILD" PREFIX=/usr DESTDIR="$d" install &&
        man -l "$d/usr/share/man/man1/kehoach.1" >"$WORK/man3.txt" 2>/dev/null &&
        grep -q '/usr/share/kehoach/plan-format.md' "$WORK/man3.txt" &&
        grep -q '/usr/share/bash-completion/completions/kehoach' "$WORK/man3.txt" &&
        ! grep -q '/usr/local' "$WORK/man3.txt" &&
        make -s --no-print-directory -C "$ROOT" BUILD="$BUILD" PREFIX=/usr DESTDIR="$d" uninstall
}
check "make install PREFIX=/usr: the manual names /usr/share, not /usr/local" other_prefix

echo "install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
