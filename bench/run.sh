#!/usr/bin/env bash
# The benchmark suite: generate plans, measure every figure of the
# performance targets as a person meets them (whole processes; the
# dashboard in a pseudo-terminal at 80x24), run the peers on the same data
# when they are installed, and print a table.
#
#   bench/run.sh BUILD_DIR       (make bench runs it with $(BUILD))
#
# Environment: RUNS (runs of quick measurements, default 5), BIG_RUNS (runs
# at 100,000 tasks, default 3), SIZES (default "1000 10000 100000"),
# CALLGRIND=0 to skip the instruction counts, PEERS=0 to skip the peers,
# STEPS (default "data cli floors durable dash live peers callgrind") to run
# only some steps: without "data", the plans of an earlier run are reused and
# the new results are added to the earlier ones (a later line wins).
# LIVE_IDLE (seconds of idle watching, default 60) and LIVE_CHANGES (commits
# by another process, default 10) size the "live" step: `present` and the
# dashboard left alone, then following another process's changes.
# Data and raw results go to BUILD_DIR/bench/work; the table is printed and
# written to BUILD_DIR/bench/results.md. A measurement that fails is
# reported and left out; the others go on.
set -euo pipefail

build=${1:?usage: bench/run.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
K=$build/kehoach
T=$build/bench
W=$T/work
RUNS=${RUNS:-5}
BIG_RUNS=${BIG_RUNS:-3}
SIZES=${SIZES:-1000 10000 100000}
CALLGRIND=${CALLGRIND:-1}
PEERS=${PEERS:-1}
TODAY=2023-06-15
SEED=$root/assets/plan.yaml
RAW=$W/raw.txt
STEPS=" ${STEPS:-data cli floors durable dash live peers callgrind} "
LIVE_IDLE=${LIVE_IDLE:-60}
LIVE_CHANGES=${LIVE_CHANGES:-10}
step() { [[ $STEPS == *" $1 "* ]]; }

mkdir -p "$W"
step data && : >"$RAW"
touch "$RAW"
export LANG=C.UTF-8 KEHOACH_LANG=vi
unset NO_COLOR KEHOACH_PLAN KEHOACH_DB COLUMNS LINES || true

say() { printf '== %s\n' "$*" >&2; }
failed=0
# record NAME LINE: keep a result line under a name (none when it failed).
record() {
    if [ -n "$2" ]; then
        printf '%s %s\n' "$1" "$2" >>"$RAW"
    else
        say "$1: FAILED, left out"
        failed=$((failed + 1))
    fi
}

biggest=0
for n in $SIZES; do [ "$n" -gt "$biggest" ] && biggest=$n; done
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- data ----
gen() {
    local n=$1 extra=()
    if [ "$PEERS" = 1 ] && step peers; then extra=(--calcurse "$W/cal-$n" --taskwarrior "$W/tw-$n"); fi
    rm -rf "$W/plan-$n.yaml" "$W/db-$n.db"* "$W/cal-$n" "$W/tw-$n"
    "$T/gen_plan" -n "$n" -o "$W/plan-$n.yaml" --stats "${extra[@]}" 2>>"$W/gen.log"
    # The schema comes from the real migrations: one change through kehoach.
    "$K" --plan "$W/plan-$n.yaml" --db "$W/db-$n.db" --today $TODAY set II.1 doing >/dev/null
    "$T/gen_plan" -n "$n" --db "$W/db-$n.db" 2>>"$W/gen.log"
    "$K" check "$W/plan-$n.yaml" >>"$W/gen.log"
}
if step data; then
    say "generating plans: 37 $SIZES tasks"
    : >"$W/gen.log"
    for n in 37 $SIZES; do gen "$n"; done
    rm -f "$W/seed.db"*
    "$K" --plan "$SEED" --db "$W/seed.db" --today $TODAY set II.1 doing --progress 40 \
        --note "Đã họp triển khai" >/dev/null
    "$K" --plan "$SEED" --db "$W/seed.db" --today $TODAY set III.1.3/2023-01 "done" >/dev/null
    "$K" --plan "$SEED" --db "$W/seed.db" --today $TODAY set II.4 blocked >/dev/null
    cat "$W/gen.log" >&2
fi

# ---- whole processes ----
runp() { "$T/runp" "$@" || true; }
if step cli; then
# The state cache believes a database's marks only once its files are 50 ms
# old (src/state_cache_marks.c: two writes within one clock tick look alike),
# and the first read after the data step checkpoints the WAL, which writes the
# file: one run, a pause, and the runs measure the steady state a status check
# over SSH sees, not the 50 ms after a change.
"$K" --plan "$SEED" --db "$W/seed.db" --today $TODAY status >/dev/null
for n in 37 $SIZES; do
    "$K" --plan "$W/plan-$n.yaml" --db "$W/db-$n.db" --today $TODAY list >/dev/null
done
sleep 0.2
say "kehoach status, seed plan"
record status_seed "$(runp -n $((RUNS * 3)) -l status_seed -- "$K" --plan "$SEED" --db "$W/seed.db" --today $TODAY status)"
if [ -x "$build/kehoach-static" ]; then
    say "kehoach status, seed plan, the LINK=static build"
    record status_seed_static "$(runp -n $((RUNS * 3)) -l status_seed_static -- "$build/kehoach-static" --plan "$SEED" --db "$W/seed.db" --today $TODAY status)"
    # The two builds key the plan cache differently: warm it for the shared one again.
    "$K" --plan "$SEED" --db "$W/seed.db" --today $TODAY status >/dev/null
fi
for n in $SIZES; do
    r=$RUNS
    [ "$n" -ge 100000 ] && r=$BIG_RUNS
    say "kehoach list --format json, $n tasks"
    record "json_$n" "$(runp -n "$r" -l "json_$n" -- "$K" --plan "$W/plan-$n.yaml" --db "$W/db-$n.db" --today $TODAY list --format json)"
    say "kehoach list, $n tasks (warm: one run first)"
    record "list_$n" "$(runp -n "$r" -w 1 -l "list_$n" -- "$K" --plan "$W/plan-$n.yaml" --db "$W/db-$n.db" --today $TODAY list)"
done
record list_37 "$(runp -n "$RUNS" -l list_37 -- "$K" --plan "$W/plan-37.yaml" --db "$W/db-37.db" --today $TODAY list)"
# A plan cache must never serve a stale plan: change the plan in place, same
# size and same mtime, and the next run must show the change.
say "stale-plan check: an in-place edit that keeps size and mtime"
cp "$W/plan-1000.yaml" "$W/stale.yaml"
"$K" --plan "$W/stale.yaml" --db "$W/db-1000.db" --today $TODAY list --format json >/dev/null
mtime=$(stat -c %y "$W/stale.yaml")
at=$(grep -abo 'bản thử 1000' "$W/stale.yaml" | head -1 | cut -d: -f1)
printf '9999' | dd of="$W/stale.yaml" bs=1 seek=$((at + $(printf 'bản thử ' | wc -c))) conv=notrunc status=none
touch -d "$mtime" "$W/stale.yaml"
"$K" --plan "$W/stale.yaml" --db "$W/db-1000.db" --today $TODAY list --format json >"$W/stale.json"
if grep -q 'bản thử 9999' "$W/stale.json"; then
    record stale_check "label=stale_check result=ok"
else
    record stale_check "label=stale_check result=STALE"
fi
say "kehoach status, $biggest tasks"
record "status_$biggest" "$(runp -n "$BIG_RUNS" -l "status_$biggest" -- "$K" --plan "$W/plan-$biggest.yaml" --db "$W/db-$biggest.db" --today $TODAY status)"
fi

if step floors; then
say "floors: libyaml events, SQLite rows, utf8proc NFC ($biggest tasks)"
record floor_yaml "$(runp -n "$BIG_RUNS" -l floor_yaml -- "$T/floor" yaml "$W/plan-$biggest.yaml")"
record floor_nfc "$(runp -n "$BIG_RUNS" -l floor_nfc -- "$T/floor" nfc "$W/plan-$biggest.yaml")"
record floor_sqlite "$(runp -n "$BIG_RUNS" -l floor_sqlite -- "$T/floor" sqlite "$W/db-$biggest.db")"
fi

if step durable; then
say "durable status change (store_apply, WAL, synchronous=FULL)"
rm -f "$W/durable.db"*
"$T/store_bench" -n 300 "$W/durable.db" | while read -r line; do
    record "durable_${line#label=}" "$line"
done
fi

# ---- the dashboard in a pseudo-terminal ----
keys=(-k 'down=j*20' -k 'up=k*5' -k 'pgdn=\e[6~*5' -k 'pgup=\e[5~*5' -k 'detail=\r'
    -k 'detail_move=j*5' -k 'detail_close=\r' -k 'search=/' -k 's1=h' -k 's2=o' -k 's3=a'
    -k 's4= ' -k 's5=g' -k 's6=i' -k 's7=a' -k 's8=i' -k 'search_esc=\e')
dash() { # NAME RUNS PLAN DB
    say "dashboard $1: first frame and keystrokes at 80x24"
    if "$T/pty_run" -n "$2" -q 150 -m F10 -d "$W/frame-$1.bin" -D "$W/keys-$1" "${keys[@]}" -- \
        "$K" --plan "$3" --db "$4" --today $TODAY --no-mouse >"$W/pty-$1.txt"; then
        while read -r line; do record "dash_$1" "$line"; done <"$W/pty-$1.txt"
    else
        record "dash_$1" ""
    fi
}
if step dash; then
dash seed "$RUNS" "$SEED" "$W/seed.db"
dash "$biggest" "$BIG_RUNS" "$W/plan-$biggest.yaml" "$W/db-$biggest.db"
say "baseline: a program that prints the same first frame at once"
record dash_header "$("$T/pty_run" -n $((RUNS * 2)) -q 150 -m F10 -- "$T/header_only" "$W/frame-seed.bin" || true)"
fi

# ---- live updates: idle cost, and a commit elsewhere to the redraw ----
# live NAME PLAN DB CHANGES ARGS...: "$K --plan PLAN --db COPY --today ARGS..."
# in a pty, left alone for LIVE_IDLE s, then CHANGES commits by another
# process (set II.1 done / doing, in turn) on a copy of DB, so the bench
# data stays as it was. Nothing writes to DB now: the file and its WAL (if
# any) copied together are consistent.
live() {
    local name=$1 plan=$2 db=$3 n=$4 copy=$W/live-$1.db
    shift 4
    say "live $name: $LIVE_IDLE s idle, then $n changes by another process"
    rm -f "$copy" "$copy-wal" "$copy-shm"
    cp "$db" "$copy"
    if [ -e "$db-wal" ]; then cp "$db-wal" "$copy-wal"; fi
    local chg
    chg=$(printf '%q ' "$K" --plan "$plan" --db "$copy" --today $TODAY set II.1)
    record "live_$name" "$("$T/live_watch" -l "$name" -i "$LIVE_IDLE" -n "$n" \
        -a "$chg done" -b "$chg doing" -- "$K" --plan "$plan" --db "$copy" --today $TODAY "$@" || true)"
}
if step live; then
    # --interval 3600: no page turns, only what the poll itself costs.
    live present_seed "$SEED" "$W/seed.db" "$LIVE_CHANGES" present --interval 3600
    live "present_$biggest" "$W/plan-$biggest.yaml" "$W/db-$biggest.db" "$LIVE_CHANGES" present --interval 3600
    live dash_seed "$SEED" "$W/seed.db" "$LIVE_CHANGES" --no-mouse
    # As it is usually run: a page turns every 15 s (idle only).
    live present_turning "$SEED" "$W/seed.db" 0 present
fi

# ---- peers ----
# kehoach against calcurse pair by pair (runp --vs--: each run of one next
# to a run of the other), so that a ratio is of the same moment of the
# machine: status and list on the seed plan and on 37 generated tasks
# against calcurse's 37 todos, list against calcurse at every size.
if [ "$PEERS" = 1 ] && step peers; then
    load_peers_start=$(cut -d' ' -f1 /proc/loadavg)
    if command -v calcurse >/dev/null 2>&1; then
        for w in status list; do
            say "kehoach $w vs calcurse -t, seed plan / 37 todos"
            record "ratio_${w}_seed" "$(runp -n $((RUNS * 3)) -w 1 -l "ratio_${w}_seed" -- "$K" --plan "$SEED" --db "$W/seed.db" --today $TODAY $w --vs-- calcurse -D "$W/cal-37" -t)"
            say "kehoach $w vs calcurse -t, 37 tasks"
            record "ratio_${w}_37" "$(runp -n $((RUNS * 3)) -w 1 -l "ratio_${w}_37" -- "$K" --plan "$W/plan-37.yaml" --db "$W/db-37.db" --today $TODAY $w --vs-- calcurse -D "$W/cal-37" -t)"
        done
        for n in $SIZES; do
            r=$RUNS
            [ "$n" -ge 100000 ] && r=$BIG_RUNS
            say "kehoach list vs calcurse -t, $n tasks"
            record "ratio_list_$n" "$(runp -n "$r" -w 1 -l "ratio_list_$n" -- "$K" --plan "$W/plan-$n.yaml" --db "$W/db-$n.db" --today $TODAY list --vs-- calcurse -D "$W/cal-$n" -t)"
        done
    fi
    record load_peers "label=load_peers start=$load_peers_start end=$(cut -d' ' -f1 /proc/loadavg)"
    for n in 37 $SIZES; do
        r=$RUNS
        [ "$n" -ge 100000 ] && r=$BIG_RUNS
        if command -v task >/dev/null 2>&1; then
            say "task list, $n tasks"
            record "task_$n" "$(TASKRC="$W/tw-$n/taskrc" runp -n "$r" -w 1 -l "task_$n" -- task rc.data.location="$W/tw-$n" list)"
        fi
    done
fi

# ---- instruction counts (repeatable where time is not) ----
if [ "$CALLGRIND" = 1 ] && step callgrind && command -v valgrind >/dev/null 2>&1; then
    cg() { # NAME CMD...
        local name=$1
        shift
        say "callgrind: $name"
        if valgrind --tool=callgrind --callgrind-out-file="$W/cg-$name.out" "$@" >/dev/null 2>"$W/cg-$name.log"; then
            record "cg_$name" "label=$name ir=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$W/cg-$name.log")"
        else
            record "cg_$name" ""
        fi
    }
    cg status_seed "$K" --plan "$SEED" --db "$W/seed.db" --today $TODAY status
    cg true /bin/true
    cg json_1000 "$K" --plan "$W/plan-1000.yaml" --db "$W/db-1000.db" --today $TODAY list --format json
    cg yaml_1000 "$T/floor" yaml "$W/plan-1000.yaml"
fi
load_end=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the table ----
machine="$(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), Linux $(uname -r)"
{
    echo "Machine: $machine; $(date -u '+%Y-%m-%d %H:%M UTC'); load average $load_start at the start, $load_end at the end."
    echo "Tree: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo ' (with uncommitted changes)'); runs: $RUNS ($BIG_RUNS at $biggest tasks); today $TODAY."
    echo
    awk -v big="$biggest" -v cores="$(nproc)" -v load_start="$load_start" -v load_end="$load_end" \
        -f "$root/bench/table.awk" "$RAW"
    if [ "$failed" != 0 ]; then
        echo
        echo "$failed measurement(s) failed in this run: see the messages above."
    fi
} | tee "$T/results.md"
