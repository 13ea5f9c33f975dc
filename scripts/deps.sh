#!/bin/sh
# Install the Debian packages kehoach needs to build, run or test, when they
# are missing. Says what it installs; uses sudo when not root.
#
#   scripts/deps.sh build   libraries and tools for `make` and `make run`
#   scripts/deps.sh check   the above plus the test tools for `make check`
#   scripts/deps.sh bench   the above plus the benchmark tools for `make bench`
#   scripts/deps.sh fuzz    clang and its fuzzer runtime for `make fuzz`
set -eu

want=${1:-build}

# package  probe (pkg-config module, or command, to test for presence)
build_pkgs='
gcc             cmd:gcc
make            cmd:make
pkg-config      cmd:pkg-config
libncurses-dev  pc:ncursesw
libyaml-dev     pc:yaml-0.1
libsqlite3-dev  pc:sqlite3
libutf8proc-dev pc:libutf8proc
libxxhash-dev   pc:libxxhash
libzip-dev      pc:libzip
libxml2-dev     pc:libxml-2.0
nettle-dev      pc:nettle
'
check_pkgs='
libcmocka-dev   pc:cmocka
tmux            cmd:tmux
jq              cmd:jq
sqlite3         cmd:sqlite3
ncurses-term    file:/usr/share/terminfo/t/tmux-256color
chromium        cmd:chromium
fonts-dejavu-core file:/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf
python3         cmd:python3
groff-base      cmd:groff
man-db          cmd:man
passwd          file:/usr/sbin/useradd
util-linux      cmd:setpriv
openssh-client  cmd:ssh
openssh-server  file:/usr/sbin/sshd
valgrind        cmd:valgrind
libreoffice-writer-nogui cmd:soffice
poppler-utils   cmd:pdftotext
fonts-liberation2 file:/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf
python3-docx    file:/usr/lib/python3/dist-packages/docx/__init__.py
'
bench_pkgs='
hyperfine       cmd:hyperfine
calcurse        cmd:calcurse
taskwarrior     cmd:task
'
fuzz_pkgs='
clang           cmd:clang
libclang-rt-14-dev file:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
'

case $want in
build) list=$build_pkgs ;;
check) list="$build_pkgs$check_pkgs" ;;
bench) list="$build_pkgs$check_pkgs$bench_pkgs" ;;
fuzz) list="$build_pkgs$fuzz_pkgs" ;;
*)
    echo "usage: $0 build|check|bench|fuzz" >&2
    exit 2
    ;;
esac

present() {
    case $1 in
    cmd:*) command -v "${1#cmd:}" >/dev/null 2>&1 ;;
    pc:*) command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "${1#pc:}" ;;
    file:*) [ -e "${1#file:}" ] ;;
    esac
}

missing=
printf '%s\n' "$list" | {
    while read -r pkg probe; do
        [ -n "$pkg" ] || continue
        present "$probe" || missing="$missing $pkg"
    done
    [ -n "$missing" ] || exit 0

    echo "kehoach: installing missing Debian packages:$missing" >&2
    if [ "$(id -u)" -eq 0 ]; then
        run=
    elif command -v sudo >/dev/null 2>&1; then
        run=sudo
    else
        echo "kehoach: need root or sudo to install:$missing" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086
    $run apt-get update -qq >&2
    # shellcheck disable=SC2086
    $run apt-get install -y -qq --no-install-recommends $missing >&2
}
