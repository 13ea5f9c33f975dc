#!/usr/bin/env bash
# A generated province (issue 17): WARDS wards (default 100), each a ward
# workspace with PLANS plans of its own (default 30) of 40 tasks and the
# province's plan of 50 tasks for each ward (WARDS × 50 occurrences); every
# ward records state on a few of its occurrences and pushes a snapshot.
# Then it measures, at the province: `receive` of one ward's snapshot, the
# first `status` over every snapshot (wall time and peak RSS), `list
# --format json`, `list --unit WARD` (one ward's drill-down), and the
# dashboard at the province in a pty at 80x24 (bench/pty_run): its first
# frame, the Phường/Xã pane, moving between wards and drilling down. Prints
# a small table; nothing here is a pass/fail test.
#
#   bench/province.sh BUILD_DIR          (make bench-province)
# "done" is a status here, not the end of a loop.
# shellcheck disable=SC1010
set -u
BUILD=${1:-build/release}
BIN=$(cd "$BUILD" && pwd)/kehoach
T=$(cd "$BUILD" && pwd)/bench
WARDS=${WARDS:-100}
PLANS=${PLANS:-30}
RUNS=${RUNS:-5}
W=$(cd "$BUILD" && pwd)/bench/province
rm -rf "$W"
mkdir -p "$W"
export TZ=UTC LC_ALL=C.UTF-8
unset KEHOACH_PLAN KEHOACH_DB KEHOACH_WORKSPACE
K() { "$BIN" --today 2025-10-01 "$@"; }

# The province's plan: the wards, 50 tasks for each (some periodic).
{
    printf 'kehoach: 1\nplan:\n  id: tinh-bench\n  title: Kế hoạch của tỉnh\n  issuer: UBND tỉnh\n'
    printf '  period: {from: 2025-07-01, to: 2025-12-31}\nunits:\n  - {id: snv, name: Sở Nội vụ}\n'
    printf 'groups:\n  wards:\n'
    for i in $(seq 1 "$WARDS"); do printf '    - {id: p%03d, name: "Phường số %d"}\n' "$i" "$i"; done
    printf 'contents:\n  - {id: II.0, text: Tổng hợp., lead: snv, deadline: 2025-12-20}\n'
    for t in $(seq 1 49); do
        if [ $((t % 10)) = 0 ]; then dl='{every: quarter}'; else dl="2025-$(printf %02d $((7 + t % 6)))-15"; fi
        printf '  - id: II.%d\n    text: Nhiệm vụ %d giao cho từng phường, xã, báo cáo kết quả về Sở Nội vụ.\n' "$t" "$t"
        printf '    lead: {each: wards}\n    deadline: %s\n' "$dl"
    done
} >"$W/tinh.yaml"
ward_plan() { # ward_plan WARD N: a plan of the ward's own, 40 tasks
    printf 'kehoach: 1\nplan:\n  id: %s-kh%02d\n  title: Kế hoạch %d của phường\n  issuer: UBND phường\n' "$1" "$2" "$2"
    printf '  period: {from: 2025-01-01, to: 2025-12-31}\nunits:\n  - {id: vp, name: Văn phòng}\ncontents:\n'
    for t in $(seq 1 40); do
        printf '  - {id: II.%d, text: "Việc %d của kế hoạch %d, thực hiện theo chỉ đạo.", lead: vp, deadline: 2025-%02d-28}\n' \
            "$t" "$t" "$2" $((1 + t % 12))
    done
}
K --workspace "$W/tinh" init >/dev/null
cp "$W/tinh.yaml" "$W/tinh/"
start=$(date +%s)
for i in $(seq 1 "$WARDS"); do
    id=$(printf p%03d "$i")
    d=$W/wards/$id
    K --workspace "$d" init --ward "$id" >/dev/null
    cp "$W/tinh.yaml" "$d/"
    for n in $(seq 1 "$PLANS"); do ward_plan "$id" "$n" >"$d/kh$n.yaml"; done
    for t in $(seq 1 $((i % 7 + 2))); do
        K --workspace "$d" set "tinh-bench:II.$t@$id" done >/dev/null 2>&1
    done
    K --workspace "$d" set "tinh-bench:II.20/2025-Q3@$id" doing --progress 40 >/dev/null 2>&1
    K --workspace "$d" snapshot -o "$W/$id.snap" >/dev/null
    K --workspace "$W/tinh" receive --ward "$id" "$W/$id.snap" >/dev/null
done
echo "generated $WARDS wards × ($PLANS plans × 40 tasks) and a province plan of 50 tasks per ward in $(($(date +%s) - start)) s"

ms() { # ms COMMAND...: the median wall time of RUNS runs, in ms
    local v=()
    for _ in $(seq 1 "$RUNS"); do
        local s
        s=$(date +%s%N)
        "$@" >/dev/null 2>&1
        v+=($((($(date +%s%N) - s) / 1000000)))
    done
    printf '%s\n' "${v[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p"
}
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

# receive: a newer snapshot of one ward each run.
recv_ms=()
for _ in $(seq 1 "$RUNS"); do
    K --workspace "$W/wards/p001" snapshot -o "$W/again.snap" >/dev/null
    s=$(date +%s%N)
    K --workspace "$W/tinh" receive --ward p001 "$W/again.snap" >/dev/null
    recv_ms+=($((($(date +%s%N) - s) / 1000000)))
    rm -f "$W/again.snap"
done
recv=$(printf '%s\n' "${recv_ms[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
status=$(ms K --workspace "$W/tinh" status)
status_rss=$(rss "$BIN" --today 2025-10-01 --workspace "$W/tinh" status)
json=$(ms K --workspace "$W/tinh" list --format json)
unit=$(ms K --workspace "$W/tinh" list --unit p050)
size=$(stat -c %s "$W/tinh/wards/p001.snapshot")
val() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }
keyline() { grep -m1 "^key name=$1 " <<<"$2" || true; }
# The dashboard: first frame, the Phường/Xã pane (5), down through the
# wards, Enter on one (its occurrences), back to the pane.
dash=$("$T/pty_run" -n "$RUNS" -T 30 -q 150 -m F10 -k 'wards=5' -k 'ward_down=j*20' \
    -k 'drill=\r' -k 'back=5' -- "$BIN" --today 2025-10-01 --workspace "$W/tinh" --no-mouse)
frame=$(grep -m1 '^first_frame' <<<"$dash" || true)
kms() { val ms_med "$(keyline "$1" "$dash")"; }
cat <<EOF

| Step ($WARDS wards) | Median of $RUNS | Target |
|---|---|---|
| \`receive\` of one ward's snapshot ($((size / 1024)) KiB) | $recv ms | ≤ 1 s |
| \`status\` over every snapshot | $status ms, peak RSS $((status_rss / 1024)) MiB | ≤ 1 s |
| \`list --format json\` over every snapshot | $json ms | |
| \`list --unit p050\` (one ward's drill-down) | $unit ms | |
| dashboard's first frame, 80×24 | $(val ms_med "$frame") ms, peak RSS $(($(val hwm_kb "$frame") / 1024)) MiB | ≤ 500 ms, ≤ 128 MiB |
| key 5, the Phường/Xã pane | $(kms wards) ms | |
| \`j\`, the next ward (median of 20) | $(kms ward_down) ms | |
| Enter, a ward's occurrences | $(kms drill) ms | |
| 5, back to the pane | $(kms back) ms | |
EOF
