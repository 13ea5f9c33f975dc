#!/usr/bin/env bash
# Reports and export, on the seed plan with a state the plan file carries
# (notes dated in 2023) and changes made in the database:
#
#   - `kehoach report` in Markdown, CSV and HTML, for the 6-month and the
#     annual report, a unit, an explicit period, a period that is over, in
#     Vietnamese and English; the HTML opened in a real headless Chromium
#     (screenshot: the page and its charts rendered; DOM; A4 PDF); the page
#     parts of Nghị định 30/2020 (heading block, number, place and date,
#     recipients, signature) against golden files (tests/report/expected/,
#     UPDATE=1 rewrites them);
#   - `report --format docx`: the document opened by LibreOffice headless
#     (converted to PDF once), read back as text (pdftotext) and as a
#     picture (pdftoppm): the heading's two columns side by side, the number
#     line, the ward's name and the zero-padded date, the recipients and the
#     signer, a table of tasks over pages with its header repeated,
#     Vietnamese text byte for byte;
#   - reporting periods by NĐ 09/2019 (`reporting: nd09`) and a multi-year
#     plan (tests/data/plan-2024-2025.yaml);
#   - `kehoach export`: the YAML passes `kehoach check`, loads into a fresh
#     database with the same state for every task, and exports again to the
#     same file; the JSON holds the model, the state and both kinds of notes.
#
#   KEHOACH_BIN=/abs/path/to/kehoach tests/report/run.sh
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${KEHOACH_BIN:-}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "report: KEHOACH_BIN must name the kehoach binary (got '$BIN')" >&2
    exit 2
fi
for tool in jq chromium python3 awk cmp soffice pdftotext pdftoppm pdfinfo; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "report: $tool is missing (scripts/deps.sh check installs it)" >&2
        exit 2
    fi
done
export TZ=UTC LC_ALL=C.UTF-8 COLUMNS=80
unset NO_COLOR KEHOACH_PLAN KEHOACH_DB KEHOACH_LANG
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-report.XXXXXX") || exit 2
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/home/.config XDG_DATA_HOME=$WORK/home/.local/share
mkdir -p "$HOME"
cd "$WORK" || exit 2

pass=0
fail=0
check() { # NAME COMMAND...: the command must succeed; its output shows when not
    local name=$1
    shift
    if "$@" >"$WORK/out" 2>&1; then
        pass=$((pass + 1))
        echo "ok: $name"
    else
        fail=$((fail + 1))
        echo "FAIL: $name"
        sed 's/^/    /' "$WORK/out" | head -60
    fi
}
has() { # FILE TEXT...: every text is in the file (fixed strings)
    local f=$1 t
    shift
    for t in "$@"; do grep -qF -- "$t" "$f" || { echo "not in ${f##*/}: $t"; return 1; }; done
}
hasnt() {
    local f=$1 t
    shift
    for t in "$@"; do ! grep -qF -- "$t" "$f" || { echo "in ${f##*/}: $t"; return 1; }; done
}

# The seed plan with a state of its own (as an export writes it, by hand):
# II.4 blocked with a note and a proposal; periods of III.1.3 done or under
# way, one with a proposal.
PLAN=$WORK/plan.yaml
awk '
    { print }
    /^  - id: II\.4$/ { t = "II.4" }
    /^        - id: III\.1\.3$/ { t = "III.1.3" }
    t == "II.4" && /^    deadline:/ {
        print "    state:"
        print "      status: blocked"
        print "      progress: 30"
        print "      updated_at: 2023-06-10T08:00:00Z"
        print "      updated_by: lan"
        print "      notes:"
        print "        - {text: \"Thiếu cán bộ chuyên trách; chờ bổ sung\", author: lan, at: 2023-06-10T08:00:00Z}"
        print "        - {text: \"Kiến nghị: Đề nghị UBND thành phố bổ sung 01 biên chế\", author: minh, at: 2023-06-12T09:30:00Z}"
        t = ""
    }
    t == "III.1.3" && /^          deadline:/ {
        print "          state:"
        print "            2023-01: {status: done, completed: 2023-01-30, updated_at: 2023-01-30T10:00:00Z, updated_by: lan}"
        print "            2023-02:"
        print "              status: doing"
        print "              progress: 50"
        print "              notes:"
        print "                - {text: \"KN : đề nghị gia hạn nộp báo cáo tháng 2\", author: lan, at: 2023-03-05T08:00:00Z}"
        print "                - {text: \"=1+1 không phải công thức\", author: lan, at: 2023-03-06T08:00:00Z}"
        print "            2023-06: {status: done, completed: 2023-07-03}"
        t = ""
    }
' "$ROOT/assets/plan.yaml" >"$PLAN"
DB=$WORK/kehoach.db
kh() { "$BIN" --plan "$PLAN" --db "$DB" "$@"; }

plan_loads() {
    "$BIN" check "$PLAN" && [ "$(grep -c 'state:' "$PLAN")" = 2 ]
}
check "a plan file with 'state:' passes kehoach check" plan_loads

# Changes in the database, on 20/05 and 15/06/2023.
kh --today 2023-05-20 set III.2.2 done --note "Đã gửi báo cáo 6 tháng" >/dev/null
kh --today 2023-06-15 set II.1 doing --progress 40 --note "Đã họp triển khai" >/dev/null
kh --today 2023-06-15 note III.1.3/2023-03 "Đề xuất: lùi hạn báo cáo quý" >/dev/null

# ---------------------------------------------------------------------------
# The 6-month report, in Markdown.
kh --today 2023-06-15 report --period 6m >"$WORK/6m.md"
six_month_md() {
    has "$WORK/6m.md" "| **ỦY BAN NHÂN DÂN**<br>**PHƯỜNG TRƯƠNG QUANG TRỌNG**<br>Số: " \
        "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**<br>**Độc lập - Tự do - Hạnh phúc**" \
        "*Phường Trương Quang Trọng, ngày 15 tháng 6 năm 2023*" "# BÁO CÁO" \
        "## Kết quả thực hiện Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm 2023" \
        "*Kỳ báo cáo: từ ngày 01/01/2023 đến ngày 30/06/2023*" "*Số liệu tính đến ngày 15/06/2023*" \
        "## I. Kết quả đạt được" "## II. Hạn chế, nguyên nhân" \
        "## III. Phương hướng, nhiệm vụ thời gian tới" "## IV. Kiến nghị, đề xuất" \
        "Trong kỳ báo cáo có 23 nhiệm vụ" \
        "- Đã hoàn thành đúng hạn: **2**" "- Đã hoàn thành quá hạn: **0**" \
        "- Chưa hoàn thành trong hạn: **16**" "- Chưa hoàn thành quá hạn: **5**" \
        "| Văn phòng – Thống kê | 14 | 1 | 0 | 8 | 5 |" "| **Cả kỳ** | **23** | **2** | **0** | **16** | **5** |" \
        "| 19 | III.2.2 | Báo cáo 06 tháng đầu năm gửi UBND phường (qua VP-TK) | VHXH-VHTT | 31/05/2023 | Đã hoàn thành · Đúng hạn | 20/05/2023 | Đã gửi báo cáo 6 tháng (" \
        "| 4 | II.4 | Chấn chỉnh kỷ luật, kỷ cương hành chính (QĐ 48/2021) | VP-TK | Thường xuyên | Vướng mắc 30% |  | Kiến nghị: Đề nghị UBND thành phố bổ sung 01 biên chế (minh, 12/06/2023 09:30) (+1 ghi chú) |" \
        "- **II.4** Chấn chỉnh kỷ luật, kỷ cương hành chính (QĐ 48/2021) (VP-TK) — thường xuyên; Vướng mắc 30%" \
        "  - lan, 10/06/2023 08:00: Thiếu cán bộ chuyên trách; chờ bổ sung" \
        "- **III.1.3/2023-02** tháng 02/2023 – Báo cáo định kỳ về Quy chế dân chủ ở cơ sở (VP-TK) — hạn 28/02/2023, quá hạn 107 ngày; Đang thực hiện 50%" \
        "Các nhiệm vụ đến hạn từ ngày 16/06/2023 đến ngày 31/12/2023:" \
        "- 30/06/2023 — **III.1.3/2023-Q2** quý II/2023" "- 14/10/2023 — **III.2.3** Báo cáo năm gửi UBND phường (qua VP-TK) (VHXH-VHTT)" \
        "- Tiếp tục thực hiện 13 nhiệm vụ thường xuyên." "- Khẩn trương hoàn thành 5 nhiệm vụ quá hạn nêu ở phần II." \
        "- đề nghị gia hạn nộp báo cáo tháng 2 (III.1.3/2023-02 · VP-TK · lan, 05/03/2023 08:00)" \
        "- Đề nghị UBND thành phố bổ sung 01 biên chế (II.4 · VP-TK · minh, 12/06/2023 09:30)" \
        "- lùi hạn báo cáo quý (III.1.3/2023-03 · VP-TK ·" "**CHỦ TỊCH**" "**Trương Thanh Thảo**" &&
        hasnt "$WORK/6m.md" "III.2.3 |" "Thiếu cán bộ chuyên trách; chờ bổ sung (II.4"
}
check "the 6-month report (Markdown): heading, the four parts, counts, tasks, notes, proposals" six_month_md

# The same period written out is the same report.
same_as_period() {
    kh --today 2023-06-15 report --from 2023-01-01 --to 30/6/2023 >"$WORK/6m-explicit.md" &&
        cmp "$WORK/6m.md" "$WORK/6m-explicit.md"
}
check "--from 2023-01-01 --to 30/6/2023 gives the --period 6m report" same_as_period

# The annual report, made on 10/10/2023, before its deadline of 15/10.
kh --today 2023-10-10 report --period year >"$WORK/year.md"
annual_md() {
    has "$WORK/year.md" "*Kỳ báo cáo: từ ngày 01/01/2023 đến ngày 31/12/2023*" \
        "*Số liệu tính đến ngày 10/10/2023*" "Trong kỳ báo cáo có 37 nhiệm vụ" \
        "| III.2.3 | Báo cáo năm gửi UBND phường (qua VP-TK) | VHXH-VHTT | 14/10/2023 | Chưa thực hiện · Sắp đến hạn |" \
        "Các nhiệm vụ đến hạn từ ngày 11/10/2023 đến ngày 31/12/2023:" \
        "- 14/10/2023 — **III.2.3**" "*Phường Trương Quang Trọng, ngày 10 tháng 10 năm 2023*"
}
check "the annual report (Markdown): the year, all 37 tasks, the annual report due ahead" annual_md

default_period() {
    kh --today 2023-10-10 report >"$WORK/default.md" && cmp "$WORK/year.md" "$WORK/default.md" &&
        kh --today 2023-05-01 report | grep -qF "đến ngày 30/06/2023*" &&
        kh --today 2023-08-01 report | grep -qF "đến ngày 30/09/2023*"
}
check "without a period: the report due next (6 months, 9 months, the year)" default_period

# A period that is over: figures as of its last day; a task finished after
# it counts as not done then; notes written after it are left out. A note
# counts from the day it took effect (--today), not the real clock (schema
# 8): those of 15/06 are in the period, one of 20/07 is not.
kh --today 2023-07-20 note III.1.3/2023-03 "Ghi chú sau kỳ báo cáo" >/dev/null
kh --today 2023-08-01 report --period 6m >"$WORK/6m-late.md"
period_over() {
    has "$WORK/6m-late.md" "*Số liệu tính đến ngày 30/06/2023*" \
        "| III.1.3/2023-06 | tháng 06/2023 – Báo cáo định kỳ về Quy chế dân chủ ở cơ sở | VP-TK | 30/06/2023 | Chưa thực hiện · Sắp đến hạn | 03/07/2023 (sau ngày số liệu) |" \
        "Các nhiệm vụ đến hạn từ ngày 01/07/2023 đến ngày 31/12/2023:" \
        "Đã họp triển khai (root, 15/06/2023)" "lùi hạn báo cáo quý" &&
        hasnt "$WORK/6m-late.md" "Ghi chú sau kỳ báo cáo"
}
check "a period that is over: as of its end, later completions and notes left out" period_over

# As of a day before a task's later changes: the state it had then, from
# the history, not one made up. II.3 went from not started straight to done
# on 15/06; II.6 was under way (60%) from 20/05 and done on 15/06.
as_of_history() {
    local d=$WORK/asof.db
    "$BIN" --plan "$PLAN" --db "$d" --today 2023-06-15 set II.3 "done" >/dev/null &&
        "$BIN" --plan "$PLAN" --db "$d" --today 2023-05-20 set II.6 doing --progress 60 >/dev/null &&
        "$BIN" --plan "$PLAN" --db "$d" --today 2023-06-15 set II.6 "done" >/dev/null &&
        "$BIN" --plan "$PLAN" --db "$d" --today 2023-05-25 report --period 6m >"$WORK/asof.md" &&
        "$BIN" --plan "$PLAN" --db "$d" --today 2023-08-01 report --period 6m >"$WORK/asof-late.md" &&
        has "$WORK/asof.md" "| II.3 | Thực hiện Nghị định 04/2015, 145/2020 và 159/2016 | VP-TK | Thường xuyên | Chưa thực hiện | 15/06/2023 (sau ngày số liệu) |" \
            "| II.6 | Rà soát, sửa đổi, bổ sung hương ước, quy ước | TP-HT | Thường xuyên | Đang thực hiện 60% | 15/06/2023 (sau ngày số liệu) |" &&
        has "$WORK/asof-late.md" "| II.3 | Thực hiện Nghị định 04/2015, 145/2020 và 159/2016 | VP-TK | Thường xuyên | Đã hoàn thành · Đúng hạn | 15/06/2023 |" \
            "| II.6 | Rà soát, sửa đổi, bổ sung hương ước, quy ước | TP-HT | Thường xuyên | Đã hoàn thành · Đúng hạn | 15/06/2023 |"
}
check "as of a day before later changes: each task's state then, from the history" as_of_history

# Section III looks ahead no further than the plan's end (31/12/2023), and
# says so once the plan is over.
ahead_in_plan() {
    kh --today 2023-05-01 report --period 9m >"$WORK/9m.md" &&
        kh --today 2024-02-01 report --period year >"$WORK/after.md" &&
        has "$WORK/9m.md" "Các nhiệm vụ đến hạn từ ngày 02/05/2023 đến ngày 31/12/2023:" &&
        has "$WORK/after.md" "Kỳ kế hoạch kết thúc ngày 31/12/2023; không còn thời hạn nào sau đó." \
            "- Khẩn trương hoàn thành" &&
        hasnt "$WORK/9m.md" "/2024" && hasnt "$WORK/after.md" "/2024:" "Tiếp tục thực hiện"
}
check "the deadlines ahead stop at the plan's end" ahead_in_plan

kh --today 2023-06-15 report --period 6m --unit tp-ht >"$WORK/unit.md"
by_unit() {
    has "$WORK/unit.md" "*Số liệu tính đến ngày 15/06/2023 · Đơn vị: Tư pháp – Hộ tịch*" \
        "| Tư pháp – Hộ tịch | 3 | 0 | 0 | 3 | 0 |" "Trong kỳ báo cáo có 3 nhiệm vụ" \
        "| 1 | II.1 |" "| 3 | II.6 |" &&
        hasnt "$WORK/unit.md" "| Văn phòng – Thống kê |" "III.1.3" "**Cả kỳ**"
}
check "--unit tp-ht: only the tasks it leads or supports, only its row" by_unit

kh --today 2023-06-15 --lang en report --period 6m >"$WORK/en.md"
english() {
    has "$WORK/en.md" "**SOCIALIST REPUBLIC OF VIET NAM**" "# REPORT" "## I. Results achieved" \
        "## II. Shortcomings and causes" "## III. Directions and tasks ahead" "## IV. Proposals" \
        "*Reporting period: 01/01/2023 to 30/06/2023*" "- Done on time: **2**" \
        "| 4 | II.4 | Chấn chỉnh kỷ luật, kỷ cương hành chính (QĐ 48/2021) | VP-TK | Continuous | Blocked 30% |" &&
        hasnt "$WORK/en.md" "Kết quả đạt được" "Hạn chế" "Phương hướng"
}
check "--lang en: the report in English (the plan's own words kept)" english

# CSV for a spreadsheet.
kh --today 2023-06-15 report --period 6m --format csv >"$WORK/6m.csv"
kh --today 2023-06-15 report --period 6m --format csv --bom >"$WORK/6m-bom.csv"
csv() {
    local lines crlf
    lines=$(grep -c $'\r$' "$WORK/6m.csv")
    crlf=$(grep -vc $'\r$' "$WORK/6m.csv")
    [ "$lines" = 24 ] && [ "$crlf" = 0 ] || { echo "lines $lines, without CR $crlf"; return 1; }
    head -1 "$WORK/6m.csv" | grep -q '^STT,Mã,Nội dung,Chủ trì,Phối hợp,Thời hạn,Trạng thái,Tiến độ (%),Tình trạng,Phân loại,Hoàn thành,Ghi chú mới nhất,Người ghi,Thời điểm ghi,Số ghi chú' &&
        has "$WORK/6m.csv" '19,III.2.2,Báo cáo 06 tháng đầu năm gửi UBND phường (qua VP-TK),VHXH-VHTT,,31/05/2023,Đã hoàn thành,100,Đúng hạn,Đã hoàn thành đúng hạn,20/05/2023,Đã gửi báo cáo 6 tháng,' \
            "\"'=1+1 không phải công thức\",lan,06/03/2023 08:00,2" &&
        [ "$(head -c3 "$WORK/6m-bom.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] &&
        cmp <(tail -c +4 "$WORK/6m-bom.csv") "$WORK/6m.csv" &&
        ! head -c3 "$WORK/6m.csv" | grep -q $'\xEF\xBB\xBF'
}
check "CSV: RFC 4180 with CRLF, one row a task, a formula defused, --bom for Excel" csv

# HTML: one self-contained page.
kh --today 2023-06-15 report --period 6m --format html -o "$WORK/6m.html" >"$WORK/written"
html_file() {
    has "$WORK/written" "Đã ghi báo cáo vào $WORK/6m.html" &&
        has "$WORK/6m.html" '<!DOCTYPE html>' '<html lang="vi">' '<meta charset="utf-8">' \
            '@page{size:A4;' 'print-color-adjust:exact' '<h2>I. Kết quả đạt được</h2>' \
            '<h2>II. Hạn chế, nguyên nhân</h2>' '<h2>III. Phương hướng, nhiệm vụ thời gian tới</h2>' \
            '<h2>IV. Kiến nghị, đề xuất</h2>' 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' \
            'fill="#2e7d32"' 'fill="#c62828"' 'fill="#1565c0"' &&
        [ "$(grep -o '<svg ' "$WORK/6m.html" | wc -l)" = 7 ] &&
        hasnt "$WORK/6m.html" '<script' '<link' 'src=' 'url(' '@import' 'https:' &&
        [ "$(grep -o 'http://[^"]*' "$WORK/6m.html" | sort -u)" = http://www.w3.org/2000/svg ]
}
check "HTML: self-contained (no script, link or URL), A4, a bar chart per unit and overall" html_file

escaping() {
    kh --today 2023-06-15 note II.7 '<b>bold</b> & "quotes" | *stars* _under_' >/dev/null &&
        kh --today 2023-06-15 report --period 6m --format html >"$WORK/esc.html" &&
        kh --today 2023-06-15 report --period 6m >"$WORK/esc.md" &&
        has "$WORK/esc.html" '&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot; | *stars* _under_' &&
        has "$WORK/esc.md" '\<b\>bold\</b\> & "quotes" \| \*stars\* \_under\_' &&
        hasnt "$WORK/esc.html" '<b>bold</b>'
}
check "text from people is escaped in HTML and Markdown" escaping

# The HTML in a real browser: Debian's chromium, headless, a fresh profile.
chrome() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$WORK/chromium-profile" "$@"
}
chrome --window-size=1000,1400 --screenshot="$WORK/6m.png" "file://$WORK/6m.html" >"$WORK/chromium.log" 2>&1
screenshot() {
    [ -s "$WORK/6m.png" ] || { cat "$WORK/chromium.log"; return 1; }
    python3 "$ROOT/tests/report/pngstat.py" "$WORK/6m.png" >"$WORK/png.txt" || return 1
    cat "$WORK/png.txt"
    awk '
        $1 == "size" && ($2 != 1000 || $3 != 1400) { bad = 1 }
        $1 == "ink" && ($2 < 0.03 || $2 > 0.6) { bad = 1 }
        $1 == "colour" && $2 != "amber" && $3 < 20 { bad = 1 }
        END { exit bad }
    ' "$WORK/png.txt"
}
check "Chromium renders the page: text on white, the charts' colours on screen" screenshot

chrome --dump-dom "file://$WORK/6m.html" >"$WORK/dom.html" 2>>"$WORK/chromium.log"
dom() {
    has "$WORK/dom.html" "I. Kết quả đạt được" "Văn phòng – Thống kê" "Trương Thanh Thảo" &&
        [ "$(grep -o '<svg ' "$WORK/dom.html" | wc -l)" = 7 ] &&
        hasnt "$WORK/dom.html" "ERR_" "This site can" "neterror"
}
check "Chromium's DOM is the report, not an error page" dom

# No cell of the table of tasks is wider than its column (a date past the
# border): measured by a script added to a copy. The page is 165 mm wide on
# screen as on A4 paper, so this holds for the PDF too.
sed 's|</body>|<script>var bad=[];document.querySelectorAll("table.tasks td").forEach(function(c){if(c.scrollWidth>c.clientWidth+1)bad.push(c.textContent)});var p=document.createElement("p");p.textContent="OVERFLOW:"+bad.length+":"+bad.join(" \| ");document.body.appendChild(p);</script></body>|' \
    "$WORK/6m.html" >"$WORK/6m-measure.html"
chrome --window-size=1000,1400 --dump-dom "file://$WORK/6m-measure.html" >"$WORK/measure.html" 2>>"$WORK/chromium.log"
fits() {
    has "$WORK/6m.html" '<span class="day">20/05/2023</span>' &&
        grep -o 'OVERFLOW:[0-9][^<]*' "$WORK/measure.html" | tee /dev/stderr | grep -qx 'OVERFLOW:0:'
}
check "in Chromium, dates fit their columns (no text past a cell's border)" fits

chrome --no-pdf-header-footer --print-to-pdf="$WORK/6m.pdf" "file://$WORK/6m.html" >>"$WORK/chromium.log" 2>&1
a4() {
    [ -s "$WORK/6m.pdf" ] || return 1
    # A4 is 595 x 842 points.
    grep -ao 'MediaBox \[[^]]*\]' "$WORK/6m.pdf" | sort -u | tee "$WORK/boxes" |
        awk '{ w = $4; h = $5; sub(/\]/, "", h); if (w < 594 || w > 596 || h < 841 || h > 843) bad = 1 } END { exit bad || NR == 0 }'
}
check "printed by Chromium, it comes out on A4 pages" a4

# ---------------------------------------------------------------------------
# The page parts of NĐ 30/2020 in Markdown and HTML, as golden files: the
# heading block (its first two lines) and the recipients and signature
# block (the table before the last line).
EXPECTED=$ROOT/tests/report/expected
golden() { # NAME FILE: FILE is the expected NAME (UPDATE=1: becomes it)
    if [ "${UPDATE:-}" = 1 ]; then
        mkdir -p "$EXPECTED" && cp "$2" "$EXPECTED/$1"
        echo "updated $1"
        return 0
    fi
    diff -u "$EXPECTED/$1" "$2"
}
kh --today 2024-01-05 report --period 6m --number 12 >"$WORK/parts.md"
kh --today 2023-06-15 report --period 6m --format html >"$WORK/parts.html"
md_parts() {
    { head -2 "$WORK/parts.md"; grep -A1 -F '***Nơi nhận:***' "$WORK/parts.md"; } >"$WORK/parts-md.out"
    golden report_parts.md "$WORK/parts-md.out"
}
check "Markdown: heading block, number, place and date (05 tháng 01), recipients, signer (golden)" md_parts
html_parts() {
    grep -E '^<table class="(head|close)">' "$WORK/parts.html" >"$WORK/parts-html.out"
    golden report_parts.html "$WORK/parts-html.out"
}
check "HTML: heading block, number, place and date, recipients, signer (golden)" html_parts

# ---------------------------------------------------------------------------
# The .docx, opened by LibreOffice. One conversion for all the documents:
# the seed's 6-month report as of 15/06/2023 (its picture), and the same
# with a number on 05/01/2024 (a date that takes zeros); each written
# twice, to a file and through standard output.
kh --today 2023-06-15 report --period 6m --format docx -o "$WORK/6m.docx" >"$WORK/docx-written"
kh --today 2023-06-15 report --period 6m --format docx >"$WORK/6m-stdout.docx"
kh --today 2024-01-05 report --period 6m --format docx --number 12 -o "$WORK/n12.docx" >/dev/null
mkdir -p "$WORK/pdf"
timeout 180 soffice --headless --norestore -env:UserInstallation="file://$WORK/lo-profile" \
    --convert-to pdf --outdir "$WORK/pdf" "$WORK/6m.docx" "$WORK/n12.docx" >"$WORK/soffice.log" 2>&1
pdftotext -layout "$WORK/pdf/6m.pdf" "$WORK/6m.txt" 2>/dev/null
pdftotext -layout "$WORK/pdf/n12.pdf" "$WORK/n12.txt" 2>/dev/null
pdftotext -layout -f 1 -l 1 "$WORK/pdf/n12.pdf" "$WORK/n12-p1.txt" 2>/dev/null
pdftotext -bbox -f 1 -l 1 "$WORK/pdf/6m.pdf" "$WORK/6m-p1.bbox" 2>/dev/null

docx_package() {
    has "$WORK/docx-written" "Đã ghi báo cáo vào $WORK/6m.docx" &&
        cmp "$WORK/6m.docx" "$WORK/6m-stdout.docx" &&
        python3 - "$WORK/6m.docx" <<'PY'
import sys, zipfile, xml.dom.minidom
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
want = ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
        "word/styles.xml", "word/numbering.xml", "word/settings.xml"]
missing = [n for n in want if n not in names]
if missing: sys.exit("missing parts: %s" % missing)
for n in names:
    if n.endswith(".xml") or n.endswith(".rels"):
        xml.dom.minidom.parseString(z.read(n))  # well-formed, or an exception
doc = z.read("word/document.xml").decode("utf-8")
for needle in ['<w:pgSz w:w="11906" w:h="16838"/>', 'w:top="1134"', 'w:bottom="1134"',
               'w:left="1701"', 'w:right="851"', "<w:tblHeader/>", "<w:titlePg/>"]:
    if needle not in doc: sys.exit("not in document.xml: " + needle)
if 'w:ascii="Times New Roman"' not in z.read("word/styles.xml").decode():
    sys.exit("the font is not Times New Roman")
PY
}
check "docx: a zip of well-formed parts, A4, NĐ 30 margins, Times New Roman; -o and stdout the same" docx_package

same_docx() {
    kh --today 2023-06-15 report --period 6m --format docx -o "$WORK/6m-again.docx" >/dev/null &&
        cmp "$WORK/6m.docx" "$WORK/6m-again.docx"
}
check "docx: the same report makes the same file, byte for byte" same_docx

opened() {
    [ -s "$WORK/pdf/6m.pdf" ] && [ -s "$WORK/pdf/n12.pdf" ] || { cat "$WORK/soffice.log"; return 1; }
    pdfinfo "$WORK/pdf/6m.pdf" | grep -E 'Page size: +595(\.[0-9]+)? x 841' >/dev/null ||
        { pdfinfo "$WORK/pdf/6m.pdf"; return 1; }
    [ "$(pdfinfo "$WORK/pdf/6m.pdf" | awk '/^Pages:/ { print $2 }')" -ge 3 ]
}
check "LibreOffice opens the .docx and prints it on A4 pages" opened

side_by_side() {
    # The first line of the first page holds both columns' first lines, and
    # by the boxes the national name starts right of the body's name, on
    # the same line.
    head -1 "$WORK/n12-p1.txt" | grep -E 'ỦY BAN NHÂN DÂN +CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM' >/dev/null &&
        sed -n 2p "$WORK/n12-p1.txt" | grep -E 'PHƯỜNG TRƯƠNG QUANG TRỌNG +Độc lập - Tự do - Hạnh phúc' >/dev/null &&
        python3 - "$WORK/6m-p1.bbox" <<'PY'
import re, sys
words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', open(sys.argv[1]).read())
at = {w: (float(x0), float(y0), float(x1)) for x0, y0, x1, w in reversed(words)}
dan, cong = at["DÂN"], at["CỘNG"]
if not (cong[0] > dan[2] and abs(cong[1] - dan[1]) < 2):
    sys.exit("not side by side: DÂN %s, CỘNG %s" % (dan, cong))
if not (at["TRỌNG"][2] < at["Độc"][0] and at["PHƯỜNG"][0] < 297.6 < at["Độc"][0]):
    sys.exit("the columns do not sit left and right of the page's middle")
PY
}
check "docx in LibreOffice: the heading's two columns side by side on the first page" side_by_side

number_date() {
    grep -E 'Số: 12/BC-UBND +Phường Trương Quang Trọng, ngày 05 tháng 01 năm 2024' "$WORK/n12-p1.txt" >/dev/null &&
        grep -E 'Số: +/BC-UBND +Phường Trương Quang Trọng, ngày 15 tháng 6 năm 2023' "$WORK/6m.txt" >/dev/null &&
        has "$WORK/n12-p1.txt" "BÁO CÁO" "Kết quả thực hiện Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm 2023" &&
        hasnt "$WORK/n12.txt" "Quảng Ngãi, ngày"
}
check "docx: the number line (blank, or --number 12), the ward's name, the date with its zeros" number_date

closing_parts() {
    has "$WORK/6m.txt" "Nơi nhận:" "- Cơ quan TC-NV;" "- Các bộ phận thuộc UBND phường;" "- Lưu: VT." \
        "TM. ỦY BAN NHÂN DÂN" "CHỦ TỊCH" "Trương Thanh Thảo" &&
        grep -E 'Nơi nhận: +TM\. ỦY BAN NHÂN DÂN' "$WORK/6m.txt" >/dev/null
}
check "docx: the recipients at the left, the signature block beside them, the signer" closing_parts

table_over_pages() {
    # The page where section 3's table starts, and the next one: each has
    # the header row, and the table's rows go on.
    local n first p
    n=$(pdfinfo "$WORK/pdf/6m.pdf" | awk '/^Pages:/ { print $2 }')
    first=0
    for p in $(seq 1 "$n"); do
        pdftotext -layout -f "$p" -l "$p" "$WORK/pdf/6m.pdf" "$WORK/page$p.txt"
        [ $first = 0 ] && grep -qF "3. Kết quả từng nhiệm vụ" "$WORK/page$p.txt" && first=$p
    done
    [ $first -gt 0 ] || { echo "no section 3"; return 1; }
    local next=$((first + 1))
    local header='STT +Mã +Nội dung +Chủ trì +Thời hạn +Trạng thái +Hoàn'
    grep -E "$header" "$WORK/page$first.txt" >/dev/null &&
        grep -E "$header" "$WORK/page$next.txt" >/dev/null &&
        grep -E '^ +[0-9]+ +III?\.[0-9]' "$WORK/page$first.txt" >/dev/null &&
        grep -E '^ +[0-9]+ +III?\.[0-9]' "$WORK/page$next.txt" >/dev/null ||
        { echo "page $first then $next:"; head -5 "$WORK/page$next.txt"; return 1; }
}
check "docx: the table of tasks runs over pages with its header row repeated" table_over_pages

verbatim() {
    # The plan's words in document.xml byte for byte, and in what
    # LibreOffice prints, in NFC.
    unzip -p "$WORK/6m.docx" word/document.xml >"$WORK/document.xml" &&
        has "$WORK/document.xml" "Văn hóa xã hội – Văn hóa thông tin" "Ủy ban MTTQ Việt Nam và các đoàn thể phường" \
            "Chấn chỉnh kỷ luật, kỷ cương hành chính (QĐ 48/2021)" "Đề nghị UBND thành phố bổ sung 01 biên chế" \
            "Kết quả thực hiện Kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm 2023 trên địa bàn phường Trương Quang Trọng" &&
        has "$WORK/6m.txt" "Văn hóa xã hội – Văn hóa thông tin" "Đề nghị UBND thành phố bổ sung 01 biên chế" &&
        python3 -c 'import sys, unicodedata; t = open(sys.argv[1], encoding="utf-8").read(); sys.exit(0 if unicodedata.is_normalized("NFC", t) else "not NFC")' "$WORK/6m.txt"
}
check "docx: Vietnamese text byte for byte in the document, NFC in the printed text" verbatim

# The recipients and the signature are on a page with body text above them
# (the body's last block kept with them), in the report with proposals and
# in the one whose last part is a sentence.
signature_not_alone() {
    local f p n
    for f in 6m n12; do
        n=$(pdfinfo "$WORK/pdf/$f.pdf" | awk '/^Pages:/ { print $2 }')
        for p in $(seq 1 "$n"); do
            pdftotext -layout -f "$p" -l "$p" "$WORK/pdf/$f.pdf" "$WORK/$f-page.txt"
            grep -q 'Nơi nhận:' "$WORK/$f-page.txt" && break
        done
        # Above "Nơi nhận:": the page number, and at least one line of the body.
        awk '/Nơi nhận:/ { exit } NF && !/^ *[0-9]+ *$/ { body++ } END { exit !body }' "$WORK/$f-page.txt" ||
            { echo "$f: page $p has the signature alone"; head -5 "$WORK/$f-page.txt"; return 1; }
    done
}
check "docx: the signature block never stands alone on its page" signature_not_alone

pdftoppm -r 60 -png -f 1 -l 1 "$WORK/pdf/6m.pdf" "$WORK/docx-page" 2>/dev/null
page_picture() {
    local png
    png=$(ls "$WORK"/docx-page*.png 2>/dev/null | head -1)
    [ -n "$png" ] || return 1
    python3 "$ROOT/tests/report/pngstat.py" "$png" >"$WORK/docx-png.txt" || return 1
    cat "$WORK/docx-png.txt"
    # A4 at 60 dpi is 496 x 702; black text on white, a fair amount of it.
    awk '$1 == "size" && ($2 < 495 || $2 > 497 || $3 < 701 || $3 > 703) { bad = 1 }
         $1 == "ink" && ($2 < 0.02 || $2 > 0.4) { bad = 1 } END { exit bad }' "$WORK/docx-png.txt"
}
check "docx: the first page as a picture is a page of text (pdftoppm)" page_picture

# ---------------------------------------------------------------------------
# Reporting periods by NĐ 09/2019, and a multi-year plan.
MY=$ROOT/tests/data/plan-2024-2025.yaml
my() { "$BIN" --plan "$MY" --db "$WORK/my.db" "$@"; }
my --today 2024-06-20 report --period 6m >"$WORK/my-6m.md"
multi_year() {
    "$BIN" check "$MY" >/dev/null &&
        has "$WORK/my-6m.md" "Trong kỳ báo cáo có 5 nhiệm vụ; mức độ hoàn thành chung" \
            "| 3 | II.3 | 100% thủ tục hành chính được tiếp nhận trực tuyến. | VP-TK | 31/12/2025 | Chưa thực hiện |" \
            "| 5 | II.5 |" "*Tịnh Trà, ngày 20 tháng 6 năm 2024*" "**XÃ TỊNH TRÀ**" \
            "**KT. CHỦ TỊCH**<br>**PHÓ CHỦ TỊCH**" &&
        hasnt "$WORK/my-6m.md" "mỗi kỳ của một báo cáo định kỳ" &&
        has "$WORK/6m.md" "(mỗi kỳ của một báo cáo định kỳ tính là một nhiệm vụ)"
}
check "a 2024-2025 plan's 6-month report lists every open task; the note on periods only with periods" multi_year

nd09() {
    my --today 2024-06-20 report --period month --of 2024-01 >"$WORK/my-jan.md" &&
        my --today 2024-06-20 report --period quarter --of 06/2024 >"$WORK/my-q2.md" &&
        my --today 2024-06-20 report --period 6m --from 2024-01-01 --to 2024-06-30 >/dev/null 2>&1
    [ $? = 2 ] || { echo "--period with --from was not refused"; return 1; }
    my --today 2024-06-20 report --from 2024-01-01 --to 2024-06-30 >"$WORK/my-dates.md" &&
        has "$WORK/my-6m.md" "*Kỳ báo cáo: từ ngày 15/12/2023 đến ngày 14/06/2024 (thời gian chốt số liệu theo Điều 12 Nghị định 09/2019/NĐ-CP)*" \
            "*Số liệu tính đến ngày 14/06/2024*" &&
        has "$WORK/my-jan.md" "*Kỳ báo cáo: từ ngày 15/12/2023 đến ngày 14/01/2024 (thời gian chốt" &&
        has "$WORK/my-q2.md" "*Kỳ báo cáo: từ ngày 15/03/2024 đến ngày 14/06/2024 (thời gian chốt" &&
        has "$WORK/my-dates.md" "*Kỳ báo cáo: từ ngày 01/01/2024 đến ngày 30/06/2024*" &&
        kh --today 2023-06-20 report --period quarter --of 2023-05 | grep -qF "*Kỳ báo cáo: từ ngày 01/04/2023 đến ngày 30/06/2023*"
}
check "reporting: nd09 uses the NĐ 09 windows and says so; --from/--to override; calendar otherwise" nd09

# Errors.
errors() {
    local rc
    kh report --period 7m >/dev/null 2>"$WORK/e1"
    rc=$?
    [ $rc = 2 ] && has "$WORK/e1" "--period: \"7m\": month | quarter | 6m | 9m | year" || return 1
    kh report --from 2023-06-01 --to 2023-01-01 >/dev/null 2>&1
    [ $? = 2 ] || return 1
    kh report --period 6m --from 2023-01-01 >/dev/null 2>&1
    [ $? = 2 ] || return 1
    kh report --format pdf >/dev/null 2>&1
    [ $? = 2 ] || return 1
    kh report --bom >/dev/null 2>&1
    [ $? = 2 ] || return 1
    kh report --unit tp-hh >/dev/null 2>"$WORK/e2"
    [ $? = 1 ] && has "$WORK/e2" "không có đơn vị 'tp-hh'" || return 1
    kh report -o "$WORK/no/such/dir/r.md" >/dev/null 2>"$WORK/e3"
    [ $? = 1 ] && has "$WORK/e3" "$WORK/no/such/dir/r.md" && [ ! -e "$WORK/no" ]
}
check "bad periods, formats, units and outputs are refused with the right exit code" errors

read_only() {
    "$BIN" --plan "$PLAN" --db "$WORK/none.db" --today 2023-06-15 report --period 6m >"$WORK/ro.md" &&
        [ ! -e "$WORK/none.db" ] && has "$WORK/ro.md" "Vướng mắc 30%" "Thiếu cán bộ chuyên trách"
}
check "a report never creates a database; without one, the plan's state shows" read_only

# ---------------------------------------------------------------------------
# Export.
kh --today 2023-06-15 export -o "$WORK/export.yaml" >/dev/null
kh --today 2023-06-15 export --format json >"$WORK/a.json"
yaml_checks() {
    "$BIN" check "$WORK/export.yaml" &&
        head -3 "$WORK/export.yaml" | grep -q '^# Kế hoạch qcdc-2023-tqt cùng trạng thái thực hiện ngày 15/06/2023' &&
        has "$WORK/export.yaml" "kehoach: 1" "2023-02:" "status: doing" \
            "text: 'Kiến nghị: Đề nghị UBND thành phố bổ sung 01 biên chế'"
}
check "the YAML export is a plan file kehoach check accepts" yaml_checks

# -o says where the file went, as report -o does; to standard output the
# export is the data alone.
export_confirms() {
    kh --today 2023-06-15 export -o "$WORK/confirm.yaml" >"$WORK/confirm.out" &&
        has "$WORK/confirm.out" "Đã xuất kế hoạch và trạng thái (yaml) vào $WORK/confirm.yaml" &&
        kh --lang en --today 2023-06-15 export --format json -o "$WORK/confirm.json" >"$WORK/confirm.out" &&
        has "$WORK/confirm.out" "Plan and state (json) exported to $WORK/confirm.json" &&
        jq -e . "$WORK/confirm.json" >/dev/null &&
        kh --today 2023-06-15 export -o - | cmp - "$WORK/confirm.yaml"
}
check "export -o FILE says where it wrote; export to stdout is only the data" export_confirms

# The state of every task, as the JSON export gives it, without what only a
# database has (its version counter, where the state came from, and whether
# a note came from the plan or the database).
state_of() {
    jq -S '[.tasks[] | {id, status, progress, completed, timeliness, category, updated_at,
        updated_by, notes: [.notes[] | {text, author, at}]}]' "$1"
}
round_trip() {
    "$BIN" --plan "$WORK/export.yaml" --db "$WORK/fresh.db" --today 2023-06-15 export --format json >"$WORK/b.json" &&
        state_of "$WORK/a.json" >"$WORK/a.state" && state_of "$WORK/b.json" >"$WORK/b.state" &&
        [ "$(jq length "$WORK/a.state")" = 37 ] &&
        [ "$(jq '[.[] | select(.status != "todo" or (.notes | length) > 0)] | length' "$WORK/a.state")" = 8 ] &&
        diff "$WORK/a.state" "$WORK/b.state" &&
        [ ! -e "$WORK/fresh.db" ]
}
check "export, then open with a fresh database: the same state for all 37 tasks" round_trip

same_model() {
    jq -S 'del(.tasks[].version, .tasks[].state_from, .tasks[].notes[].source, .history, .plan.id, .chain_head)' "$WORK/a.json" >"$WORK/a.model" &&
        jq -S 'del(.tasks[].version, .tasks[].state_from, .tasks[].notes[].source, .history, .plan.id, .chain_head)' "$WORK/b.json" >"$WORK/b.model" &&
        diff "$WORK/a.model" "$WORK/b.model"
}
check "... and the same model (plan, units, duties, deadlines, counts)" same_model

idempotent() {
    "$BIN" --plan "$WORK/export.yaml" --db "$WORK/fresh.db" --today 2023-06-15 export >"$WORK/again.yaml" &&
        diff "$WORK/export.yaml" "$WORK/again.yaml"
}
check "exporting the export again gives the same file" idempotent

reports_agree() {
    "$BIN" --plan "$WORK/export.yaml" --db "$WORK/fresh.db" --today 2023-06-15 report --period 6m >"$WORK/6m-again.md" &&
        kh --today 2023-06-15 report --period 6m >"$WORK/6m-now.md" &&
        diff "$WORK/6m-now.md" "$WORK/6m-again.md"
}
check "the export with a fresh database makes the same 6-month report" reports_agree

db_overrides() {
    local f=$WORK/over.db
    "$BIN" --plan "$WORK/export.yaml" --db "$f" --today 2023-06-15 set III.2.2 doing --progress 70 >/dev/null &&
        "$BIN" --plan "$WORK/export.yaml" --db "$f" --today 2023-06-15 list --format json |
        jq -e '.tasks[] | select(.id == "III.2.2") | .status == "doing" and .progress == 70 and .completed == null' >/dev/null
}
check "a database row overrides the plan file's state" db_overrides

first_change() {
    local f=$WORK/first.db
    "$BIN" --plan "$WORK/export.yaml" --db "$f" --today 2023-06-15 note II.4 "thêm một ghi chú" >/dev/null &&
        "$BIN" --plan "$WORK/export.yaml" --db "$f" --today 2023-06-15 list --format json |
        jq -e '.tasks[] | select(.id == "II.4") | .status == "blocked" and .progress == 30 and .notes == 3' >/dev/null &&
        "$BIN" --plan "$WORK/export.yaml" --db "$f" --today 2023-06-15 set III.2.2 --progress 100 >/dev/null &&
        "$BIN" --plan "$WORK/export.yaml" --db "$f" --today 2023-06-15 list --format json |
        jq -e '.tasks[] | select(.id == "III.2.2") | .status == "done" and .completed == "2023-05-20"' >/dev/null
}
check "a first change (a note, a progress) starts from the plan file's state" first_change

json_export() {
    jq -e '
        .kehoach_export == 1 and .plan.id == "qcdc-2023-tqt" and (.units | length) == 6 and
        (.duties | length) == 6 and (.tasks | length) == 37 and .counts.total == 37 and
        (.tasks[] | select(.id == "II.4") | .state_from == "plan" and .status == "blocked" and
            ([.notes[].source] == ["plan", "plan"])) and
        (.tasks[] | select(.id == "II.1") | .state_from == "database" and .notes[0].source == "database" and
            .notes[0].text == "Đã họp triển khai") and
        (.tasks[] | select(.id == "III.1.3/2023-02") | .every == "month" and .occurrence.number == 2) and
        ([.history[] | select(.task == "III.2.2" and .field == "status")] | length) == 1
    ' "$WORK/a.json" >/dev/null
}
check "the JSON export: model, state, notes from the plan and the database, history" json_export

# A task removed from the plan keeps its state in the database; the export
# carries it (orphans:, with its notes) and the whole history (history:), so
# it holds everything the database holds: check accepts it and says so, the
# export of the export with a fresh database is the same file, and the JSON
# export has the orphan too.
orphans_kept() {
    local f=$WORK/orph.db less=$WORK/less.yaml
    "$BIN" --plan "$ROOT/assets/plan.yaml" --db "$f" --today 2023-06-15 set II.6 doing --progress 20 \
        --note "Đã rà soát hương ước" >/dev/null &&
        "$BIN" --plan "$ROOT/assets/plan.yaml" --db "$f" --today 2023-06-15 undo >/dev/null &&
        "$BIN" --plan "$ROOT/assets/plan.yaml" --db "$f" --today 2023-06-15 set II.6 blocked >/dev/null &&
        awk '/^  - id: II\.6$/ { skip = 1; next } skip && /^  - id: / { skip = 0 } !skip' \
            "$ROOT/assets/plan.yaml" | sed 's/, II\.6\]/]/' >"$less" &&
        ! grep -q 'id: II\.6$' "$less" &&
        "$BIN" --plan "$less" --db "$f" --today 2023-06-15 export -o "$WORK/orph.yaml" >/dev/null &&
        grep -q '^orphans:' "$WORK/orph.yaml" && grep -q '^- id: II.6$' "$WORK/orph.yaml" &&
        grep -q 'status: blocked' "$WORK/orph.yaml" &&
        grep -q '^history:' "$WORK/orph.yaml" &&
        [ "$(grep -c '{task: II.6' "$WORK/orph.yaml")" = "$(sqlite3 "$f" "select count(*) from history where task_id = 'II.6'")" ] &&
        "$BIN" check "$WORK/orph.yaml" >"$WORK/orph.check" &&
        has "$WORK/orph.check" "còn mang trạng thái của 1 nhiệm vụ không còn trong kế hoạch (II.6)" &&
        "$BIN" --plan "$WORK/orph.yaml" --db "$WORK/orph-fresh.db" --today 2023-06-15 export >"$WORK/orph2.yaml" &&
        cmp "$WORK/orph.yaml" "$WORK/orph2.yaml" &&
        "$BIN" --plan "$less" --db "$f" --today 2023-06-15 export --format json |
        jq -e '(.orphans | length) == 1 and .orphans[0].id == "II.6" and .orphans[0].status == "blocked"
            and ([.history[] | select(.task == "II.6")] | length) >= 4' >/dev/null
}
check "a removed task's state, notes and the history are in the export, and load back" orphans_kept

# A note no plan text may hold (an old database's, or one written with
# sqlite3: the CLI refuses it now) never stops the YAML export: it is
# written double-quoted with escapes, no raw control byte in the file, and
# comes back byte for byte from the export with a fresh database.
escaped_note() {
    local f=$WORK/ctl.db
    "$BIN" --plan "$ROOT/assets/plan.yaml" --db "$f" --today 2023-06-15 note II.1 "trước" >/dev/null &&
        ! "$BIN" --plan "$ROOT/assets/plan.yaml" --db "$f" --today 2023-06-15 note II.1 "$(printf 'a\033[31mb')" 2>"$WORK/ctl.err" &&
        has "$WORK/ctl.err" "U+001B" &&
        sqlite3 "$f" "INSERT INTO note (plan_id, task_id, body, author, created_at)
            VALUES ('qcdc-2023-tqt', 'II.1', 'a' || char(27) || '[31mb' || char(155) || char(8238), 'lan',
            '2023-06-14T08:00:00Z')" &&
        "$BIN" --plan "$ROOT/assets/plan.yaml" --db "$f" --today 2023-06-15 export -o "$WORK/ctl.yaml" >/dev/null &&
        grep -qF '"a\e[31mb\x9B\u202E"' "$WORK/ctl.yaml" &&
        ! LC_ALL=C grep -q "$(printf '\033')" "$WORK/ctl.yaml" &&
        "$BIN" check "$WORK/ctl.yaml" >/dev/null &&
        "$BIN" --plan "$ROOT/assets/plan.yaml" --db "$f" --today 2023-06-15 export --format json |
        jq -c '[.tasks[] | select(.id == "II.1") | .notes[].text]' >"$WORK/ctl.a" &&
        "$BIN" --plan "$WORK/ctl.yaml" --db "$WORK/ctl-fresh.db" --today 2023-06-15 export --format json |
        jq -c '[.tasks[] | select(.id == "II.1") | .notes[].text]' >"$WORK/ctl.b" &&
        cmp "$WORK/ctl.a" "$WORK/ctl.b" && jq -e '.[1] == "a\u001b[31mb\u009b\u202e"' "$WORK/ctl.b" >/dev/null
}
check "a note a plan text may not hold is exported escaped and comes back byte for byte" escaped_note

# The example plans: the date line names the place as the plan does
# (place_name; else the issuer's own ward or commune, not the province), the
# summary line the plan's number and the act it is issued with; the docx
# report of each is a valid document.
example_reports() {
    local ar=$ROOT/assets/examples/admin-reform.yaml el=$ROOT/assets/examples/election.yaml
    "$BIN" --plan "$ar" --db "$WORK/ar.db" --today 2024-07-05 report --period 6m -o "$WORK/ar.md" >/dev/null &&
        has "$WORK/ar.md" "*Trương Quang Trọng, ngày 05 tháng 7 năm 2024*" \
            "(số 12/KH-UBND ngày 15/01/2024, ban hành kèm theo Quyết định số 15/QĐ-UBND ngày 15/01/2024)" \
            "| PL.2.b |" &&
        "$BIN" --plan "$el" --db "$WORK/el.db" --today 2026-03-20 report --to 2026-03-31 -o "$WORK/el.md" >/dev/null &&
        has "$WORK/el.md" "*Nghĩa Hà, ngày 20 tháng 3 năm 2026*" "| II.1 |" &&
        ! grep -q "Quảng Ngãi, ngày" "$WORK/el.md" &&
        "$BIN" --plan "$el" --db "$WORK/el.db" --today 2026-03-20 report --to 2026-03-31 --format docx -o "$WORK/el.docx" >/dev/null &&
        unzip -p "$WORK/el.docx" word/document.xml | grep -q "Nghĩa Hà, ngày 20 tháng 3 năm 2026"
}
check "the example plans: place name and identity in the report, docx too" example_reports

# Difficulties and proposals (note --kind, and the old marks): under II and
# IV, each with its task and lead unit; a plain note is in neither. In
# Markdown, HTML and English.
kinds_report() {
    local k=$WORK/kinds.db
    kk() { "$BIN" --plan "$ROOT/assets/plan.yaml" --db "$k" --today 2023-06-15 "$@"; }
    kk note II.4 --kind difficulty "Thiếu cán bộ chuyên trách" >/dev/null &&
        kk note II.1 --kind proposal "Đề nghị cấp kinh phí in tài liệu" >/dev/null &&
        kk note II.1 "Vướng mắc: chưa bố trí được hội trường" >/dev/null &&
        kk note II.4 "họp xong, không có gì vướng" >/dev/null &&
        kk report --period 6m >"$WORK/kinds.md" &&
        kk --lang en report --period 6m >"$WORK/kinds-en.md" &&
        kk report --period 6m --format html -o "$WORK/kinds.html" >/dev/null &&
        has "$WORK/kinds.md" "## II. Hạn chế, nguyên nhân" "### Khó khăn, vướng mắc" \
            "- Thiếu cán bộ chuyên trách (II.4 · VP-TK ·" \
            "- chưa bố trí được hội trường (II.1 · TP-HT ·" \
            "## IV. Kiến nghị, đề xuất" "- Đề nghị cấp kinh phí in tài liệu (II.1 · TP-HT ·" &&
        hasnt "$WORK/kinds.md" "Không có kiến nghị, đề xuất." "- họp xong" &&
        [ "$(grep -n '### Khó khăn, vướng mắc' "$WORK/kinds.md" | cut -d: -f1)" -lt \
            "$(grep -n '## III. ' "$WORK/kinds.md" | cut -d: -f1)" ] &&
        has "$WORK/kinds-en.md" "### Difficulties" "## IV. Proposals" &&
        has "$WORK/kinds.html" "Khó khăn, vướng mắc" "Thiếu cán bộ chuyên trách" \
            "Đề nghị cấp kinh phí in tài liệu"
}
check "difficulties under II and proposals under IV, by kind and by the old marks" kinds_report

# Confirmed completion: proposed until confirmed, in the table and the four
# categories; a report as of a day before the confirmation has it proposed.
confirm_report() {
    local cp=$WORK/confirm.yaml cdb=$WORK/confirm.db
    sed '/^  period:/a\
  confirm_by: vp-tk' "$ROOT/assets/plan.yaml" >"$cp"
    kc() { "$BIN" --plan "$cp" --db "$cdb" "$@"; }
    kc --today 2023-05-20 set III.2.2 done >/dev/null &&
        kc --today 2023-06-20 report --from 2023-01-01 --to 2023-06-30 >"$WORK/c1.md" &&
        has "$WORK/c1.md" "| III.2.2 | Báo cáo 06 tháng đầu năm gửi UBND phường (qua VP-TK) | VHXH-VHTT | 31/05/2023 | Đề nghị hoàn thành" \
            "| 20/05/2023<br>*chờ VP-TK xác nhận* |" "- Đã hoàn thành đúng hạn: **0**" &&
        kc --today 2023-06-20 confirm III.2.2 >/dev/null &&
        kc --today 2023-06-20 report --from 2023-01-01 --to 2023-06-30 >"$WORK/c2.md" &&
        has "$WORK/c2.md" "| 31/05/2023 | Đã hoàn thành · Đúng hạn | 20/05/2023<br>*VP-TK đã xác nhận ngày 20/06/2023* |" \
            "- Đã hoàn thành đúng hạn: **1**" &&
        kc --today 2023-06-20 report --from 2023-01-01 --to 2023-06-01 >"$WORK/c3.md" &&
        has "$WORK/c3.md" "| 31/05/2023 | Đề nghị hoàn thành" "| 20/05/2023<br>*chờ VP-TK xác nhận* |" &&
        hasnt "$WORK/c3.md" "đã xác nhận"
}
check "a task proposed as done counts as done in a report only once confirmed, from that day" confirm_report

# Schema 8: a withdrawn task out of every figure and listed apart with its
# document; an extended deadline judged by the extension, shown beside the
# plan's; a completion dated back (--on) on time by its day; a withdrawal
# made after the as-of day not there yet.
record8_report() {
    local wdb=$WORK/record8.db
    kw() { "$BIN" --plan "$ROOT/assets/plan.yaml" --db "$wdb" "$@"; }
    kw --today 2023-06-20 report --period 6m >"$WORK/r8-before.md" &&
        kw --today 2023-06-02 set III.1.3/2023-04 withdrawn --doc "Quyết định 12/QĐ-UBND ngày 02/6/2023" >/dev/null &&
        kw --today 2023-06-02 extend III.1.3/2023-05 2023-06-30 --doc "Công văn 45/UBND" >/dev/null &&
        kw --today 2023-06-05 set III.2.2 done --on 2023-05-30 >/dev/null &&
        kw --today 2023-06-25 set II.6 withdrawn --doc "QĐ 20/QĐ-UBND" >/dev/null &&
        kw --today 2023-06-20 report --period 6m >"$WORK/r8.md" &&
        has "$WORK/r8-before.md" "- Chưa hoàn thành quá hạn: **7**" &&
        has "$WORK/r8.md" "- Chưa hoàn thành quá hạn: **4**" "- Đã hoàn thành đúng hạn: **1**" \
            "Có 1 nhiệm vụ dừng thực hiện, không tính vào kết quả (nêu riêng dưới đây)." \
            "- **III.1.3/2023-04** tháng 04/2023 – Báo cáo định kỳ về Quy chế dân chủ ở cơ sở (VP-TK) — dừng thực hiện theo Quyết định 12/QĐ-UBND ngày 02/6/2023" \
            "| VP-TK | 30/06/2023<br>(hạn gốc 31/05/2023, gia hạn theo Công văn 45/UBND) | Chưa thực hiện |" \
            "| 31/05/2023 | Đã hoàn thành · Đúng hạn | 30/05/2023 |" &&
        hasnt "$WORK/r8.md" "| III.1.3/2023-04 |" "QĐ 20/QĐ-UBND" &&
        [ "$(grep -c 'Trong kỳ báo cáo có' "$WORK/r8.md")" = 1 ]
}
check "schema 8: withdrawn apart, extensions and back-dated completions judged by their days" record8_report

# The completion's evidence and the amendments, in every format from the
# one engine: a result document and file and the confirmation under the
# day of completion, a rejection with its reason, a deadline amended (with
# its document) and a task withdrawn, listed apart and counted nowhere.
# CSV gains columns at the end; the .docx is printed by LibreOffice.
evidence_report() {
    local ep=$WORK/evidence.yaml edb=$WORK/evidence.db
    sed '/^  period:/a\
  confirm_by: vp-tk' "$ROOT/assets/plan.yaml" >"$ep"
    ke() { "$BIN" --plan "$ep" --db "$edb" "$@"; }
    echo "biên bản" >"$WORK/biên bản họp.pdf"
    ke --today 2023-05-20 set III.2.2 done --doc "45/BC-UBND ngày 20/5/2023" >/dev/null &&
        ke --today 2023-05-20 result III.2.2 --file "$WORK/biên bản họp.pdf" >/dev/null &&
        ke --today 2023-06-01 confirm III.2.2 >/dev/null &&
        ke --today 2023-06-01 set II.1 done >/dev/null &&
        ke --today 2023-06-01 confirm II.1 --reject --reason "Thiếu biên bản" >/dev/null &&
        ke --today 2023-06-02 amend withdraw II.2 --doc "12/QĐ-UBND ngày 01/6/2023" >/dev/null &&
        ke --today 2023-06-02 amend change III.2.2 --deadline 2023-06-10 --doc "1234/QĐ-UBND ngày 02/6/2023" >/dev/null &&
        ke --today 2023-06-15 report --period 6m >"$WORK/ev.md" &&
        ke --today 2023-06-15 --lang en report --period 6m >"$WORK/ev-en.md" &&
        ke --today 2023-06-15 report --period 6m --format csv >"$WORK/ev.csv" &&
        ke --today 2023-06-15 report --period 6m --format html -o "$WORK/ev.html" >/dev/null &&
        ke --today 2023-06-15 report --period 6m --format docx -o "$WORK/ev.docx" >/dev/null || return 1
    has "$WORK/ev.md" "| STT | Mã | Nội dung | Chủ trì | Thời hạn | Trạng thái | Hoàn thành, kết quả | Ghi chú mới nhất |" \
        "| III.2.2 | Báo cáo 06 tháng đầu năm gửi UBND phường (qua VP-TK) | VHXH-VHTT | 10/06/2023<br>(điều chỉnh theo 1234/QĐ-UBND ngày 02/6/2023) | Đã hoàn thành · Đúng hạn | 20/05/2023<br>45/BC-UBND ngày 20/5/2023<br>tệp: biên bản họp.pdf<br>*VP-TK đã xác nhận ngày 15/06/2023* |" \
        "| II.1 | Tuyên truyền, phổ biến Luật Thực hiện dân chủ ở cơ sở | TP-HT | Thường xuyên | Đang thực hiện 100% | *VP-TK trả lại ngày 15/06/2023: Thiếu biên bản* |" \
        "Trong kỳ báo cáo có 22 nhiệm vụ" "%. Có 1 nhiệm vụ dừng thực hiện, không tính vào kết quả (nêu riêng dưới đây)." \
        "### 4. Nhiệm vụ dừng thực hiện" \
        "- **II.2** Thực hiện Pháp lệnh 34/2007; tham vấn, lấy ý kiến Nhân dân (TP-HT) — dừng thực hiện theo 12/QĐ-UBND ngày 01/6/2023" &&
        hasnt "$WORK/ev.md" "| II.2 |" || return 1
    [ "$(grep -n '### 4. Nhiệm vụ dừng thực hiện' "$WORK/ev.md" | cut -d: -f1)" -lt \
        "$(grep -n '## II. ' "$WORK/ev.md" | cut -d: -f1)" ] || { echo "withdrawn not under I"; return 1; }
    has "$WORK/ev-en.md" "| Completion, result |" "confirmed by VP-TK on 15/06/2023" \
        "returned by VP-TK on 15/06/2023: Thiếu biên bản" "(amended by 1234/QĐ-UBND ngày 02/6/2023)" \
        "### 4. Tasks withdrawn" "— withdrawn by 12/QĐ-UBND ngày 01/6/2023" || return 1
    head -1 "$WORK/ev.csv" | grep -q ',Số ghi chú,Văn bản kết quả,Tệp kết quả,Xác nhận hoàn thành,Điều chỉnh theo'$'\r''$' &&
        has "$WORK/ev.csv" ',VHXH-VHTT,,10/06/2023,Đã hoàn thành,100,Đúng hạn,Đã hoàn thành đúng hạn,20/05/2023,' \
            ',45/BC-UBND ngày 20/5/2023,biên bản họp.pdf,VP-TK đã xác nhận ngày 15/06/2023,1234/QĐ-UBND ngày 02/6/2023'$'\r' \
            ',VP-TK trả lại ngày 15/06/2023: Thiếu biên bản,'$'\r' &&
        [ "$(grep -c $'\r$' "$WORK/ev.csv")" = 23 ] && hasnt "$WORK/ev.csv" ",II.2," || return 1
    has "$WORK/ev.html" '<span class="day">20/05/2023</span><br>45/BC-UBND ngày 20/5/2023<br><span class="by">tệp: biên bản họp.pdf</span><br><i>VP-TK đã xác nhận ngày 15/06/2023</i>' \
        '<h3>4. Nhiệm vụ dừng thực hiện</h3>' '<ul class="withdrawn">' || return 1
    mkdir -p "$WORK/ev-pdf" &&
        timeout 180 soffice --headless --norestore -env:UserInstallation="file://$WORK/lo-profile" \
            --convert-to pdf --outdir "$WORK/ev-pdf" "$WORK/ev.docx" >"$WORK/ev-soffice.log" 2>&1 &&
        pdftotext -layout "$WORK/ev-pdf/ev.pdf" "$WORK/ev.txt" &&
        has "$WORK/ev.txt" "Hoàn thành," "kết quả" "45/BC-UBND" "tệp:" "(điều chỉnh" \
            "4. Nhiệm vụ dừng thực hiện" "dừng thực hiện theo 12/QĐ-UBND ngày 01/6/2023" &&
        grep -E '^ *[0-9]+ +III\.2\.2 .* 10/06/2023 .* 20/05/2023' "$WORK/ev.txt" >/dev/null
}
check "results, confirmation, amended deadline and withdrawn tasks in md, html, csv and docx" evidence_report

# The lines under a deadline and a completion (documents, files, the
# confirmation) fit their cells in Chromium, as the dates do.
evidence_fits() {
    [ -s "$WORK/ev.html" ] || return 1
    sed 's|</body>|<script>var bad=[];document.querySelectorAll("table.tasks td").forEach(function(c){if(c.scrollWidth>c.clientWidth+1)bad.push(c.textContent)});var p=document.createElement("p");p.textContent="OVERFLOW:"+bad.length+":"+bad.join(" \| ");document.body.appendChild(p);</script></body>|' \
        "$WORK/ev.html" >"$WORK/ev-measure.html"
    chrome --window-size=1000,1400 --dump-dom "file://$WORK/ev-measure.html" >"$WORK/ev-measure.out" 2>>"$WORK/chromium.log"
    has "$WORK/ev-measure.out" "1234/QĐ-UBND ngày 02/6/2023" &&
        grep -o 'OVERFLOW:[0-9][^<]*' "$WORK/ev-measure.out" | tee /dev/stderr | grep -qx 'OVERFLOW:0:'
}
check "in Chromium, the results and the amendment's document fit their cells" evidence_fits

echo "report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
