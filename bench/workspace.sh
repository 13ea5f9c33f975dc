#!/usr/bin/env bash
# The workspace benchmarks (issue 14): generated workspaces of many plans,
# measured as a person meets them. Nothing here is a pass/fail test.
#
#   bench/workspace.sh BUILD_DIR      (make bench-workspace runs it with $(BUILD))
#
# Two workspaces: SMALL (default 60 plans of 40 tasks) and BIG (default 300
# plans of 400 tasks: 120,000 tasks), each plan a gen_plan plan under its own
# id in one of ten subfolders, one database holding the state gen_plan gives
# a plan (60% of the tasks) for every plan. Measured:
#   - `status` over SMALL against `status` on the seed alone (runp);
#   - the dashboard's first frame over BIG (time, peak RSS) and its
#     keystrokes (move, page, detail, plans pane, a search letter by letter),
#     beside the same keys on one plan of 400 tasks (pty_run, 80x24);
#   - one plan file of BIG edited while the dashboard runs: the time to the
#     redraw that shows it, and the dashboard's CPU while it waits (only the
#     edited file is read again: the others are looked at with stat(2)).
# Environment: RUNS (default 5), BIG_RUNS (default 3), SMALL, BIG ("PxT"),
# GEN=0 to measure the workspaces of the last run again.
# Work files go to BUILD_DIR/bench/ws; the table is printed and written to
# BUILD_DIR/bench/ws/results.md.
set -euo pipefail

build=${1:?usage: bench/workspace.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
K=$build/kehoach
T=$build/bench
W=$T/ws
RUNS=${RUNS:-5}
BIG_RUNS=${BIG_RUNS:-3}
SMALL=${SMALL:-60x40}
BIG=${BIG:-300x400}
TODAY=2023-06-15
SEED=$root/assets/plan.yaml
export LANG=C.UTF-8 KEHOACH_LANG=vi
unset NO_COLOR KEHOACH_PLAN KEHOACH_DB KEHOACH_WORKSPACE COLUMNS LINES || true
# The dashboard's drafts and the plan cache in the bench's own folders.
export XDG_DATA_HOME=$W/data XDG_CACHE_HOME=$W/cache
mkdir -p "$W"
say() { printf '== %s\n' "$*" >&2; }
val() { # KEY LINE: the value of KEY=... in a result line
    sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"
}

# make_ws NAME PLANS TASKS: W/NAME, PLANS copies of a TASKS-task plan.
make_ws() {
    local name=$1 plans=$2 tasks=$3 dir=$W/$1
    say "generating $name: $plans plans of $tasks tasks"
    rm -rf "$dir" "$W/base-$tasks.yaml" "$W/base-$tasks.db"*
    mkdir -p "$dir"
    "$T/gen_plan" -n "$tasks" -o "$W/base-$tasks.yaml" 2>/dev/null
    # The state gen_plan gives one plan, under the plan's id bench-TASKS.
    "$K" --plan "$W/base-$tasks.yaml" --db "$W/base-$tasks.db" --today $TODAY set II.1 doing >/dev/null
    "$T/gen_plan" -n "$tasks" --db "$W/base-$tasks.db" 2>/dev/null
    local i sub
    for i in $(seq 1 "$plans"); do
        sub=$dir/g$((i % 10))
        mkdir -p "$sub"
        sed -e "s/^  id: bench-$tasks\$/  id: p$(printf %03d "$i")-$tasks/" \
            -e "0,/^  title: /s/^  title: \\(.*\\)\$/  title: \\1 (số $i)/" \
            "$W/base-$tasks.yaml" >"$sub/p$i.yaml"
    done
    "$K" init "$dir" --name "Bench $plans × $tasks" >/dev/null
    # Every plan's state: the one plan's rows, once for each plan id.
    local cols
    cols=$(sqlite3 "$W/base-$tasks.db" \
        "SELECT group_concat(name) FROM pragma_table_info('task_state') WHERE name != 'plan_id'")
    sqlite3 "$dir/kehoach.db" "ATTACH '$W/base-$tasks.db' AS b; BEGIN;
        $(for i in $(seq 1 "$plans"); do
            printf "INSERT INTO task_state (plan_id, %s) SELECT 'p%03d-%s', %s FROM b.task_state WHERE plan_id = 'bench-%s';\n" \
                "$cols" "$i" "$tasks" "$cols" "$tasks"
        done) COMMIT;"
    # Warm the plan cache, as every later run finds it.
    "$K" --workspace "$dir" --today $TODAY status >/dev/null
}

IFS=x read -r sp st <<<"$SMALL"
IFS=x read -r bp bt <<<"$BIG"
if [ "${GEN:-1}" = 1 ] || [ ! -d "$W/big" ] || [ ! -d "$W/small" ]; then
    make_ws small "$sp" "$st"
    make_ws big "$bp" "$bt"
fi
rm -f "$W/seed.db"*
"$K" --plan "$SEED" --db "$W/seed.db" --today $TODAY set II.1 doing >/dev/null

say "status: the seed alone, then the small workspace"
seed_status=$("$T/runp" -n $((RUNS * 3)) -w 1 -l seed -- "$K" --plan "$SEED" --db "$W/seed.db" --today $TODAY status)
small_status=$("$T/runp" -n $((RUNS * 3)) -w 1 -l small -- "$K" --workspace "$W/small" --today $TODAY status)
big_status=$("$T/runp" -n "$BIG_RUNS" -w 1 -l big -- "$K" --workspace "$W/big" --today $TODAY status)

# The keys, as bench/run.sh sends them, and the plans pane (4, then back).
keys=(-k 'down=j*20' -k 'pgdn=\e[6~*5' -k 'detail=\r' -k 'detail_close=\r' -k 'plans=4'
    -k 'plans_down=j*5' -k 'tasks=1' -k 'search=/' -k 's1=h' -k 's2=o' -k 's3=a' -k 's4= '
    -k 's5=g' -k 's6=i' -k 's7=a' -k 's8=i' -k 'search_esc=\e')
say "dashboard: one plan of $bt tasks (in the big workspace, --plan ID)"
one=$("$T/pty_run" -n "$RUNS" -q 150 -m F10 "${keys[@]}" -- \
    "$K" --workspace "$W/big" --plan "p001-$bt" --today $TODAY --no-mouse)
say "dashboard: every plan of the big workspace"
every=$("$T/pty_run" -n "$BIG_RUNS" -T 30 -q 150 -m F10 "${keys[@]}" -- \
    "$K" --workspace "$W/big" --today $TODAY --no-mouse)

# One plan file edited while the dashboard shows every plan: a new title in
# p1.yaml (renamed over it, as an editor saves), then the time until the
# screen shows it; the CPU of the idle second before it is what following
# 300 files costs.
say "dashboard: one plan file of $bp edited while it runs"
edit_line=$(python3 - "$K" "$W/big" "$TODAY" "$bt" <<'PY'
import os, pty, select, sys, time, re
k, ws, today, tasks = sys.argv[1:5]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execv(k, [k, "--workspace", ws, "--today", today, "--no-mouse"])
import fcntl, termios, struct
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
def read_for(sec):
    out = b""
    end = time.monotonic() + sec
    while time.monotonic() < end:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    return out
read_for(6)                       # the first frame and a few polls
os.write(fd, b"4")                # the plans pane: the titles are on it
read_for(1)
def cpu():
    with open(f"/proc/{pid}/stat") as f:
        v = f.read().rsplit(")", 1)[1].split()
    return (int(v[11]) + int(v[12])) / os.sysconf("SC_CLK_TCK")
c0 = cpu(); t0 = time.monotonic()
read_for(5)
idle_cpu = (cpu() - c0) / (time.monotonic() - t0)
path = os.path.join(ws, "g1", "p1.yaml")
s = open(path, encoding="utf-8").read()
s = re.sub(r"^  title: .*$", "  title: ĐỔI TÊN XONG", s, count=1, flags=re.M)
open(path + ".new", "w", encoding="utf-8").write(s)
c1 = cpu()
t1 = time.monotonic()
os.rename(path + ".new", path)
seen = None
buf = b""
while time.monotonic() - t1 < 5:
    r, _, _ = select.select([fd], [], [], 0.01)
    if r:
        buf += os.read(fd, 65536)
        if "ĐỔI TÊN XONG".encode() in buf:
            seen = time.monotonic() - t1
            break
reload_cpu = cpu() - c1
os.write(fd, b"q")
read_for(1)
try:
    os.waitpid(pid, 0)
except ChildProcessError:
    pass
print(f"reload_ms={seen * 1000 if seen is not None else -1:.0f} "
      f"reload_cpu_ms={reload_cpu * 1000:.0f} idle_cpu_pct={idle_cpu * 100:.2f}")
PY
)
# Restore the title for another run.
"$T/gen_plan" -n "$bt" -o "$W/base-$bt.yaml" 2>/dev/null
sed -e "s/^  id: bench-$bt\$/  id: p001-$bt/" -e "0,/^  title: /s/^  title: \\(.*\\)\$/  title: \\1 (số 1)/" \
    "$W/base-$bt.yaml" >"$W/big/g1/p1.yaml"

ms() { awk -v v="$1" 'BEGIN { printf (v < 10 ? "%.2f" : "%.0f"), v }'; }
mib() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1024 }'; }
keyline() { grep -m1 "^key name=$1 " <<<"$2" || true; }
frame() { grep -m1 '^first_frame' <<<"$1" || true; }
key_ms() { # STEP RESULT
    ms "$(val ms_med "$(keyline "$1" "$2")")"
}
key_cpu() { ms "$(awk -v v="$(val cpu_us_med "$(keyline "$1" "$2")")" 'BEGIN { print v / 1000 }')"; }
worst_search() { # RESULT
    local w=0 s v
    for s in s2 s3 s4 s5 s6 s7 s8; do
        v=$(val ms_med "$(keyline "$s" "$1")")
        w=$(awk -v a="$w" -v b="${v:-0}" 'BEGIN { print (b > a ? b : a) }')
    done
    ms "$w"
}
ratio=$(awk -v a="$(val wall_med "$small_status")" -v b="$(val wall_med "$seed_status")" \
    'BEGIN { printf "%.2f", a / b }')
{
    echo "Machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); $(date -u '+%Y-%m-%d %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Tree: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'); runs: $RUNS ($BIG_RUNS on the big workspace); small $SMALL, big $BIG (plans × tasks)."
    echo
    echo "| Work | Target | Measured (median, min–max) | CPU | Peak RSS |"
    echo "|---|---|---|---|---|"
    echo "| \`status\`, the seed alone | – | $(ms "$(val wall_med "$seed_status")") ($(ms "$(val wall_min "$seed_status")")–$(ms "$(val wall_max "$seed_status")")) ms | $(ms "$(val cpu_med "$seed_status")") ms | $(mib "$(val rss_kb "$seed_status")") MiB |"
    echo "| \`status\`, the small workspace ($SMALL) | ≤ 2× the seed | $(ms "$(val wall_med "$small_status")") ($(ms "$(val wall_min "$small_status")")–$(ms "$(val wall_max "$small_status")")) ms: ${ratio}× | $(ms "$(val cpu_med "$small_status")") ms | $(mib "$(val rss_kb "$small_status")") MiB |"
    echo "| \`status\`, the big workspace ($BIG) | – | $(ms "$(val wall_med "$big_status")") ($(ms "$(val wall_min "$big_status")")–$(ms "$(val wall_max "$big_status")")) ms | $(ms "$(val cpu_med "$big_status")") ms | $(mib "$(val rss_kb "$big_status")") MiB |"
    fe=$(frame "$every")
    fo=$(frame "$one")
    echo "| dashboard first frame, every plan of the big workspace, 80×24 | ≤ 300 ms, ≤ 96 MiB | $(ms "$(val ms_med "$fe")") ($(ms "$(val ms_min "$fe")")–$(ms "$(val ms_max "$fe")")) ms | $(ms "$(val cpu_ms_med "$fe")") ms | $(mib "$(val hwm_kb "$fe")") MiB |"
    echo "| dashboard first frame, one plan of it (\`--plan ID\`) | – | $(ms "$(val ms_med "$fo")") ms | $(ms "$(val cpu_ms_med "$fo")") ms | $(mib "$(val hwm_kb "$fo")") MiB |"
    for k in down pgdn detail detail_close plans plans_down tasks s1; do
        echo "| key \`$k\`: one plan → every plan | today's per-key figures | $(key_ms "$k" "$one") → $(key_ms "$k" "$every") ms to the last byte | $(key_cpu "$k" "$one") → $(key_cpu "$k" "$every") ms | |"
    done
    echo "| search, one more letter (\"hoa giai\", letters 2–8): one plan → every plan | ≤ 16 ms | worst $(worst_search "$one") → $(worst_search "$every") ms | | |"
    echo "| leaving the search (Esc): one plan → every plan | – | $(key_ms search_esc "$one") → $(key_ms search_esc "$every") ms | | |"
    echo "| one plan file of $bp edited while the dashboard shows every plan: to the redraw showing it | within 2 s, the other $((bp - 1)) not read again | $(val reload_ms "$edit_line") ms | $(val reload_cpu_ms "$edit_line") ms from the rename to the redraw | |"
    echo "| the dashboard idle over $bp plan files (a stat of each every second) | – | $(val idle_cpu_pct "$edit_line")% of a core | | |"
} | tee "$W/results.md"
printf '\nraw:\n%s\n%s\n%s\n%s\n%s\n%s\n' "$seed_status" "$small_status" "$big_status" "$one" "$every" "$edit_line" >>"$W/results.md"
