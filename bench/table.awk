# Turn bench/run.sh's raw result lines ("NAME key=value ...") into the
# markdown tables of bench/RESULTS.md. Run with -v big=LARGEST_SIZE.

function val(id, key) { return ((id SUBSEP key) in v) ? v[id, key] : "" }
function has(id, key) { return (id SUBSEP key) in v }
function ms(x) { return (x == "" || x == "NA") ? "–" : (x + 0 >= 100 ? sprintf("%.0f", x) : (x + 0 >= 10 ? sprintf("%.1f", x) : sprintf("%.2f", x))) }
function mib(kb) { return kb == "" ? "–" : sprintf("%.1f MiB", kb / 1024) }
function range(id, p) { return ms(val(id, p "_med")) " (" ms(val(id, p "_min")) "–" ms(val(id, p "_max")) ")" }
function verdict(x, limit) { return x == "" ? "–" : (x + 0 <= limit + 0 ? "met" : "**not met**") }
function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "–" : sprintf("%.2f×", a / b) }
function n_fmt(n) { return n >= 1000 ? sprintf("%d,%03d", n / 1000, n % 1000) : n }
function commas(n,   s, out) {
    s = sprintf("%.0f", n)
    out = ""
    while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
    return s out
}
function bigger(a, b) { return a + 0 > b + 0 ? a : b }

{
    id = $1
    start = 2
    if ($2 == "first_frame") { id = $1 ".ff"; start = 3 }
    else if ($2 == "key") {
        split($3, kv, "=")
        id = $1 "." kv[2]
        start = 4
    }
    for (i = start; i <= NF; i++) {
        eq = index($i, "=")
        if (eq) v[id, substr($i, 1, eq - 1)] = substr($i, eq + 1)
    }
}

# The ratio table of issue 18, printed first: kehoach against calcurse pair
# by pair (runp --vs--), each time with its peak RSS, the load average of
# the run and a warning when the machine was busy.
function load1(x,   a) { split(x, a, " "); return a[1] + 0 }
function ratio_row(id, what, target) {
    if (!has(id, "ratio_med")) return
    printf "| %s | %s ms (%s) | %s ms (%s) | %s (%s–%s) | %s | %s |\n", what, \
        ms(val(id, "wall_med")), mib(val(id, "rss_kb")), ms(val(id, "peer_wall_med")), mib(val(id, "peer_rss_kb")), \
        sprintf("%.2f×", val(id, "ratio_med")), sprintf("%.2f", val(id, "ratio_min")), sprintf("%.2f", val(id, "ratio_max")), \
        target == "" ? "–" : "≤ " target "×", target == "" ? "" : verdict(val(id, "ratio_med"), target)
}
function ratio_table(   busy, limit, l, k, n, t, kk) {
    limit = (cores > 0 ? cores : 1) * 0.5
    l = "load average " load1(load_start) " at the start, " load1(load_end) " at the end"
    if (has("load_peers", "start")) l = l ", " val("load_peers", "start") " → " val("load_peers", "end") " while the pairs ran"
    busy = load1(load_start) > limit || load1(load_end) > limit || val("load_peers", "start") + 0 > limit || val("load_peers", "end") + 0 > limit
    print "kehoach against its peers (" l "; " cores " cores):"
    print ""
    if (busy)
        printf "**Warning: the machine was busy** (load average above %.1f, 0.5 a core): absolute times are slower than on a quiet machine and the ratios noisier; take the verdicts again on a quiet one.\n\n", limit
    if (has("ratio_status_seed", "ratio_med") || has("ratio_list_37", "ratio_med")) {
        print "| Work (kehoach ÷ `calcurse -t` on the same tasks, pair by pair) | kehoach: median (peak RSS) | calcurse: median (peak RSS) | kehoach ÷ calcurse: median of the pairs (min–max) | Target | |"
        print "|---|---|---|---|---|---|"
        ratio_row("ratio_status_seed", "`status`, seed plan (calcurse: 37 todos)", 0.9)
        ratio_row("ratio_list_seed", "`list`, seed plan (calcurse: 37 todos)", 0.9)
        ratio_row("ratio_status_37", "`status`, 37 generated tasks", 0.9)
        ratio_row("ratio_list_37", "`list`, 37 generated tasks", 0.9)
        split("1000 10000 " big, sz, " ")
        for (k = 1; k <= 3; k++) {
            n = sz[k]
            if (n in shown_ratio) continue
            shown_ratio[n] = 1
            ratio_row("ratio_list_" n, "`list`, " n_fmt(n) " tasks", n + 0 >= 10000 ? 0.8 : "")
        }
        print ""
    } else {
        print "(calcurse not measured: PEERS=0, or not installed.)"
        print ""
    }
    if (has("task_37", "wall_med")) {
        print "| Tasks | `kehoach list`: median (peak RSS) | `task list`: median (peak RSS) | kehoach ÷ task |"
        print "|---|---|---|---|"
        split("37 1000 10000 " big, sz, " ")
        for (k = 1; k <= 4; k++) {
            n = sz[k]
            if (n in shown_task) continue
            shown_task[n] = 1
            kk = "list_" n; t = "task_" n
            if (!has(kk, "wall_med") || !has(t, "wall_med")) continue
            printf "| %s | %s ms (%s) | %s ms (%s) | %s |\n", n_fmt(n), ms(val(kk, "wall_med")), mib(val(kk, "rss_kb")), \
                ms(val(t, "wall_med")), mib(val(t, "rss_kb")), ratio(val(kk, "wall_med"), val(t, "wall_med"))
        }
        print ""
    }
}

END {
    B = n_fmt(big)
    # calcurse alone, for the peers' table at the end: the pairs' figures.
    split("37 1000 10000 " big, sz, " ")
    for (k = 1; k <= 4; k++)
        if (has("ratio_list_" sz[k], "peer_wall_med") && !has("calcurse_" sz[k], "wall_med")) {
            v["calcurse_" sz[k], "wall_med"] = val("ratio_list_" sz[k], "peer_wall_med")
            v["calcurse_" sz[k], "cpu_med"] = val("ratio_list_" sz[k], "peer_cpu_med")
            v["calcurse_" sz[k], "rss_kb"] = val("ratio_list_" sz[k], "peer_rss_kb")
        }
    ratio_table()
    print "All the figures:"
    print ""
    print "| Work | Target | Measured: median (min–max) | CPU, median | Peak RSS | |"
    print "|---|---|---|---|---|---|"
    id = "status_seed"
    printf "| `kehoach status`, seed plan, beyond `/bin/true` (%s ms) | ≤ 2 ms | %s ms | %s ms | %s | %s |\n", \
        ms(val(id, "base_med")), range(id, "over"), ms(val(id, "cpu_med")), mib(val(id, "rss_kb")), \
        verdict(val(id, "over_med"), 2)
    id = "status_seed_static"
    if (has(id, "over_med"))
        printf "| the same, built with `make LINK=static` (libraries linked from their archives), beyond `/bin/true` (%s ms) | ≤ 2 ms | %s ms | %s ms | %s | %s |\n", \
            ms(val(id, "base_med")), range(id, "over"), ms(val(id, "cpu_med")), mib(val(id, "rss_kb")), \
            verdict(val(id, "over_med"), 2)
    id = "json_10000"
    if (has(id, "wall_med"))
        printf "| `kehoach list --format json`, 10,000 tasks | ≤ 25 ms | %s ms | %s ms | %s | %s |\n", \
            range(id, "wall"), ms(val(id, "cpu_med")), mib(val(id, "rss_kb")), verdict(val(id, "wall_med"), 25)
    id = "list_" big
    printf "| `kehoach list`, %s tasks, warm | ≤ 200 ms | %s ms | %s ms | %s | %s |\n", \
        B, range(id, "wall"), ms(val(id, "cpu_med")), mib(val(id, "rss_kb")), verdict(val(id, "wall_med"), 200)
    ff = val("dash_seed.ff", "ms_med"); hb = val("dash_header.ff", "ms_med")
    printf "| dashboard first frame, seed plan, 80×24 pty, beyond `header_only` (%s ms) | ≤ 12 ms | %s ms (frame at %s) | %s ms | %s | %s |\n", \
        ms(hb), ms(ff - hb), range("dash_seed.ff", "ms"), ms(val("dash_seed.ff", "cpu_ms_med")), \
        mib(val("dash_seed.ff", "hwm_kb")), verdict(ff - hb, 12)
    id = "dash_" big ".ff"
    printf "| dashboard first frame, %s tasks | ≤ 300 ms, ≤ 64 MiB | %s ms | %s ms | %s | %s |\n", \
        B, range(id, "ms"), ms(val(id, "cpu_ms_med")), mib(val(id, "hwm_kb")), \
        (val(id, "ms_med") + 0 <= 300 && val(id, "hwm_kb") + 0 <= 65536) ? "met" : "**not met**"
    split("down:move (↓ j)|pgdn:page (PgDn)|detail:open detail (Enter)|up:move up (k)|pgup:page up (PgUp)", keys, "|")
    for (k = 1; k <= 5; k++) {
        split(keys[k], kn, ":")
        s = "dash_seed." kn[1]; b = "dash_" big "." kn[1]
        if (!has(b, "cpu_us_med")) continue
        printf "| one keystroke, %s: seed → %s tasks | same cost; < 1 ms CPU | %s → %s ms to the last byte | %s → %s µs | | %s |\n", \
            kn[2], B, ms(val(s, "ms_med")), ms(val(b, "ms_med")), val(s, "cpu_us_med"), val(b, "cpu_us_med"), \
            verdict(val(b, "cpu_us_med"), 1000)
    }
    # Incremental search: the first character rebuilds, the others narrow.
    b = "dash_" big
    worst = 0; worst_cpu = 0; list = ""
    for (k = 2; k <= 8; k++) {
        x = val(b ".s" k, "ms_med") + 0
        if (x > worst) worst = x
        c = val(b ".s" k, "cpu_us_med") + 0
        if (c > worst_cpu) worst_cpu = c
        list = list (k > 2 ? ", " : "") ms(x)
    }
    printf "| incremental search, one more character, %s tasks (\"hoa giai\", chars 2–8) | ≤ 16 ms | worst %s ms (%s) | worst %.1f ms | | %s |\n", \
        B, ms(worst), list, worst_cpu / 1000, verdict(worst, 16)
    printf "| incremental search, first character (a full filter), %s tasks | ≤ 16 ms | %s ms | %.1f ms | | %s |\n", \
        B, ms(val(b ".s1", "ms_med")), val(b ".s1", "cpu_us_med") / 1000, verdict(val(b ".s1", "ms_med"), 16)
    printf "| leaving the search (Esc: the whole list again), %s tasks | – | %s ms | %.1f ms | | |\n", \
        B, ms(val(b ".search_esc", "ms_med")), val(b ".search_esc", "cpu_us_med") / 1000
    printf "| bytes written for one row move, 80×24, task list (seed / %s) | ≤ 160 | %s / %s (%s–%s) | | | %s |\n", \
        B, val("dash_seed.down", "bytes_med"), val(b ".down", "bytes_med"), val(b ".down", "bytes_min"), \
        val(b ".down", "bytes_max"), verdict(bigger(val("dash_seed.down", "bytes_med"), val(b ".down", "bytes_med")), 160)
    printf "| bytes for one row move with the detail pane open (seed / %s) | detail repainted only where its text changed | %s / %s | | | see RESULTS.md |\n", \
        B, val("dash_seed.detail_move", "bytes_med"), val(b ".detail_move", "bytes_med")
    if (has("stale_check", "result"))
        printf "| the plan edited in place (same size, same mtime), then listed | never a stale plan | %s | | | %s |\n", \
            val("stale_check", "result") == "ok" ? "the edit shows" : "**the old plan was served**", \
            val("stale_check", "result") == "ok" ? "met" : "**not met**"
    printf "| one status change, durable (`store_apply`, WAL, synchronous=FULL) | ≤ 0.6 ms | %s ms (p90 %s) | %s ms | | %s |\n", \
        range("durable_store_apply", "ms"), ms(val("durable_store_apply", "ms_p90")), ms(val("durable_store_apply", "cpu_ms_med")), verdict(val("durable_store_apply", "ms_med"), 0.6)
    printf "| the fsync under it (4 KiB pwrite + fdatasync, same disk) | floor | %s ms | | | |\n", \
        range("durable_fdatasync_4k", "ms")

    print ""
    print "Floors and other figures (whole processes):"
    print ""
    print "| Work | Wall: median (min–max) | CPU, median | Peak RSS |"
    print "|---|---|---|---|"
    split("floor_yaml~libyaml events alone, " B " tasks|floor_nfc~utf8proc NFC of the whole file once, " B " tasks|floor_sqlite~SQLite alone: the saved state rows and note counts, " B " tasks|status_" big "~`kehoach status`, " B " tasks|list_1000~`kehoach list`, 1,000 tasks|list_10000~`kehoach list`, 10,000 tasks|json_1000~`kehoach list --format json`, 1,000 tasks|json_" big "~`kehoach list --format json`, " B " tasks", rows, "|")
    for (k = 1; k <= 8; k++) {
        split(rows[k], kn, "~")
        if (!has(kn[1], "wall_med") || (kn[1] in shown)) continue
        shown[kn[1]] = 1
        printf "| %s | %s ms | %s ms | %s |\n", kn[2], range(kn[1], "wall"), ms(val(kn[1], "cpu_med")), mib(val(kn[1], "rss_kb"))
    }

    if (has("live_present_seed", "idle_s") || has("live_dash_seed", "idle_s")) {
        print ""
        print "Live updates (issue 4): left alone, then another process commits (`kehoach set II.1 done` / `doing`, in turn) and the screen follows; 80×24 pty, `bench/live_watch.c`:"
        print ""
        print "| Work | Target | Measured | CPU | |"
        print "|---|---|---|---|---|"
        split("live_present_seed~`present`, idle (no change, no page turn: `--interval 3600`), seed plan~1|live_present_" big "~`present`, idle (no change, no page turn), " B " tasks~1|live_present_turning~`present` as usually run (a page turns every 15 s), seed plan~0|live_dash_seed~the dashboard, idle, seed plan~0", rows, "|")
        for (k = 1; k <= 4; k++) {
            split(rows[k], kn, "~")
            id = kn[1]
            if (!has(id, "idle_s") || (id in shown_live)) continue
            shown_live[id] = 1
            printf "| %s | %s | %s bytes/min (%s bytes in %s s, in %s) | %s%% (%s ms) | %s |\n", kn[2], \
                kn[3] ? "no measurable CPU, almost nothing written" : "–", \
                sprintf("%.0f", val(id, "bytes_per_min")), val(id, "idle_bytes"), sprintf("%.0f", val(id, "idle_s")), \
                val(id, "idle_bursts") (val(id, "idle_bursts") == 1 ? " burst" : " bursts"), sprintf("%.3f", val(id, "idle_cpu_pct")), ms(val(id, "idle_cpu_ms")), \
                kn[3] ? ((val(id, "idle_cpu_pct") + 0 <= 0.1 && val(id, "bytes_per_min") + 0 <= 1024) ? "met" : "**not met**") : ""
        }
        split("live_present_seed~`present`, seed plan|live_present_" big "~`present`, " B " tasks|live_dash_seed~the dashboard, seed plan", rows, "|")
        for (k = 1; k <= 3; k++) {
            split(rows[k], kn, "~")
            id = kn[1]
            if (!has(id, "changes") || (id in shown_redraw)) continue
            shown_redraw[id] = 1
            printf "| commit → redraw, %s: first byte; last byte | within 1 s (poll ~1 s); issue's test allows 2 s | %s; %s ms; %s bytes a redraw; no redraw within %s s: %s of %s | %s ms in all | %s |\n", \
                kn[2], val(id, "redraw_first_med") == "NA" ? "–" : range(id, "redraw_first"), \
                val(id, "redraw_last_med") == "NA" ? "–" : range(id, "redraw_last"), \
                val(id, "redraw_bytes_med") == "NA" ? "–" : sprintf("%.0f", val(id, "redraw_bytes_med")), \
                has(id, "miss_s") ? val(id, "miss_s") : 5, val(id, "misses"), val(id, "changes"), ms(val(id, "change_cpu_ms")), \
                (val(id, "redraw_last_max") != "NA" && val(id, "redraw_last_max") + 0 <= 2000 && val(id, "misses") + 0 == 0) ? "met" : "**not met**"
        }
    }

    if (has("calcurse_37", "wall_med") || has("task_37", "wall_med")) {
        print ""
        print "Peers on the same generated tasks, each measured on its own (listing without a UI; warm; wall median, CPU median in brackets, peak RSS):"
        print ""
        print "| Tasks | `kehoach list` | `calcurse -t` | `task list` | kehoach ÷ calcurse | kehoach ÷ task |"
        print "|---|---|---|---|---|---|"
        split("37 1000 10000 " big, sizes, " ")
        for (k = 1; k <= 4; k++) {
            n = sizes[k]
            if (n in shown_size) continue
            shown_size[n] = 1
            kk = "list_" n; c = "calcurse_" n; t = "task_" n
            if (!has(kk, "wall_med")) continue
            printf "| %s | %s ms (%s), %s | %s | %s | %s | %s |\n", n_fmt(n), \
                ms(val(kk, "wall_med")), ms(val(kk, "cpu_med")), mib(val(kk, "rss_kb")), \
                has(c, "wall_med") ? ms(val(c, "wall_med")) " ms (" ms(val(c, "cpu_med")) "), " mib(val(c, "rss_kb")) : "not installed", \
                has(t, "wall_med") ? ms(val(t, "wall_med")) " ms (" ms(val(t, "cpu_med")) "), " mib(val(t, "rss_kb")) : "not installed", \
                ratio(val(kk, "wall_med"), val(c, "wall_med")), ratio(val(kk, "wall_med"), val(t, "wall_med"))
        }
    }

    if (has("cg_status_seed", "ir")) {
        print ""
        print "Instructions (valgrind --tool=callgrind, whole process; repeatable where time is not):"
        print ""
        print "| Work | Instructions |"
        print "|---|---|"
        printf "| `/bin/true` | %s |\n", commas(val("cg_true", "ir"))
        printf "| `kehoach status`, seed plan | %s |\n", commas(val("cg_status_seed", "ir"))
        printf "| `kehoach list --format json`, 1,000 tasks | %s (%s a task) |\n", commas(val("cg_json_1000", "ir")), commas(val("cg_json_1000", "ir") / 1000)
        printf "| libyaml events alone, the same 1,000-task file | %s |\n", commas(val("cg_yaml_1000", "ir"))
    }
}
