#!/usr/bin/env bash
# kehoach import, measured and attacked:
#
# - the seed document (tests/data/seed-000.txt) and its .docx, .odt, .doc and
#   .pdf forms, made here (make_docs.py with python3-docx; LibreOffice for
#   .odt, .doc, .pdf), one of them with section II as a task table with
#   merged cells: each draft's `list --format json` against the one of
#   assets/plan.yaml (compare.py): the share of tasks matched and each
#   difference, then the facts the issue names;
# - every plan file of the repository (assets/plan.yaml, assets/examples/)
#   written as a Word document by plan_doc.py (tasks in a table with merged
#   cells, sub-items, targets, events), then as .odt by LibreOffice: each
#   draft compared with the file it was made from (at least 90% of the
#   tasks, and of the targets), and the same twice;
# - the command itself: exit codes, no overwrite without --force, the same
#   bytes twice, the review list pointing into the draft;
# - hostile documents (hostile.py): each refused with its message, exit 1,
#   nothing written, within TIME_LIMIT seconds and MEM_LIMIT_MIB of memory;
#   large plans drafted within TIME_LIMIT;
# - --workspace DIR: the draft placed there, tied to the plan its basis
#   names, with an id no other plan there has.
#
#   KEHOACH_BIN=/abs/path/to/kehoach tests/import/run.sh
set -u

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/tests/import
BIN=${KEHOACH_BIN:-}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
    echo "import: KEHOACH_BIN must name the kehoach binary (got '$BIN')" >&2
    exit 2
fi
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
for tool in jq cmp; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "import: $tool is missing (scripts/deps.sh check installs it)" >&2
        exit 2
    }
done
# Debian's python3 has python3-docx; a python3 earlier on PATH may not.
PY=
for p in python3 /usr/bin/python3; do
    if "$p" -c 'import docx' 2>/dev/null; then
        PY=$p
        break
    fi
done
[ -n "$PY" ] || PY=python3

export LC_ALL=C.UTF-8 TZ=UTC
unset KEHOACH_PLAN KEHOACH_DB KEHOACH_LANG NO_COLOR
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kehoach-import.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
export HOME=$WORK/home XDG_DATA_HOME=$WORK/home/.local/share
mkdir -p "$HOME"
cd "$WORK" || exit 2

TIME_LIMIT=5     # processor seconds for a hostile document (all take under 2.5 s here)
MEM_LIMIT_MIB=64 # peak resident memory for one (all take under 60 MiB here)
# Under AddressSanitizer (make test SAN=1) time and memory grow: as
# tests/faults does, four times the limits, plus ASan's own memory.
if ldd "$BIN" 2>/dev/null | grep -q libasan; then
    TIME_LIMIT=20
    MEM_LIMIT_MIB=$((MEM_LIMIT_MIB * 4 + 64))
fi

pass=0
fail=0
skip=0
ok() {
    pass=$((pass + 1))
    echo "ok: $1"
}
bad() {
    fail=$((fail + 1))
    echo "FAIL: $1"
    [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/    /' "$2" | head -40
}
skipped() {
    skip=$((skip + 1))
    echo "skipped: $1"
}

kh() { "$BIN" --today 2023-06-15 "$@"; }

cp "$ROOT/tests/data/seed-000.txt" seed.txt
kh --plan "$ROOT/assets/plan.yaml" --db hand.db list --format json >hand.json

# measure NAME DOC MIN_PERCENT: import DOC, compare with the hand-made plan.
measure() {
    local name=$1 doc=$2 min=$3
    local draft=$name.yaml
    kh import "$doc" -o "$draft" >"$name.review" 2>"$name.err"
    local rc=$?
    if [ $rc -ne 1 ] || [ ! -s "$draft" ]; then
        bad "$name: a draft written, exit 1 (review needed), got exit $rc" "$name.err"
        return
    fi
    if ! kh check "$draft" >"$name.check" 2>&1; then
        bad "$name: the draft passes kehoach check" "$name.check"
        return
    fi
    kh --plan "$draft" --db "$name.db" list --format json >"$name.json"
    "$PY" "$HERE/compare.py" "$name.json" hand.json "$name" >"$name.cmp"
    sed 's/^/    /' "$name.cmp"
    local share
    share=$(sed -n "1s/.*(\([0-9.]*\)%).*/\1/p" "$name.cmp")
    if awk -v s="$share" -v m="$min" 'BEGIN { exit !(s >= m) }'; then
        ok "$name: $share% of the tasks matched (at least $min%)"
    else
        bad "$name: $share% of the tasks matched (at least $min%)" "$name.cmp"
    fi
    # Every review line points at a line of the draft.
    local lines
    lines=$(wc -l <"$draft")
    if awk -F: -v f="$draft" -v n="$lines" 'NR > 1 && ($1 != f || $2 < 1 || $2 > n + 1) { bad = 1 }
            END { exit bad }' "$name.review"; then
        ok "$name: every review point is FILE:LINE in the draft"
    else
        bad "$name: every review point is FILE:LINE in the draft" "$name.review"
    fi
}

# facts NAME: what the issue asks of the seed's draft, one check each.
facts() {
    local name=$1 j=$1.json
    local want
    for k in units "basis documents" signer recipients; do
        if grep -q "^$name: $k: same" "$name.cmp"; then ok "$name: $k as in the hand-made plan"; else bad "$name: $k as in the hand-made plan" "$name.cmp"; fi
    done
    want=$(jq -r '[.tasks[] | select(.section == "II") | .content] | length' "$j")
    if [ "$want" = 7 ] && "$PY" - "$j" "$ROOT/tests/data/seed-000.txt" <<'EOF'; then
import json, re, sys
tasks = json.load(open(sys.argv[1], encoding="utf-8"))["tasks"]
seed = open(sys.argv[2], encoding="utf-8").read()
# The seed with its emphasis, page breaks and line ends taken out.
flat = re.sub(r"\s+", " ", seed.replace("*", "").replace("dự\n\nán", "dự án"))
for t in tasks:
    if t["section"] != "II":
        continue
    for para in t["content"].split("\n"):
        if para not in flat:
            sys.exit(f"{t['id']} is not verbatim: {para[:60]}")
EOF
        ok "$name: the 7 items of section II, verbatim"
    else
        bad "$name: the 7 items of section II, verbatim"
    fi
    if [ "$(jq -r '[.tasks[] | select(.section == "III")] | map(.lead[0]) | unique | length' "$j")" = 6 ] &&
        [ "$(jq -r '[.tasks[] | select(.id | startswith("III.")) ] | length' "$j")" = 30 ]; then
        ok "$name: every duty of section III is a task, led by its unit"
    else
        bad "$name: every duty of section III is a task, led by its unit"
    fi
    if [ "$(jq -r '[.tasks[] | select((.deadline == "2023-05-31" or .deadline == "2023-10-14") and .deadline_text != null) | .deadline_text] | join(",")' "$j")" = "trước ngày 01/6/2023,trước ngày 15/10/2023" ]; then
        ok "$name: the deadlines trước ngày 01/6/2023 (due 31/05) and trước ngày 15/10/2023 (due 14/10)"
    else
        bad "$name: the deadlines trước ngày 01/6/2023 (due 31/05) and trước ngày 15/10/2023 (due 14/10)"
    fi
    if [ "$(jq -r '[.tasks[] | select(.id | startswith("III.1.3/")) | .every] | unique | join(",")' "$j")" = "half-year,month,nine-months,quarter,year" ] &&
        [ "$(jq -r '[.tasks[] | select(.id | startswith("III.1.3/")) | .lead[0]] | unique | join(",")' "$j")" = "vp-tk" ]; then
        ok "$name: Văn phòng – Thống kê's monthly, quarterly, 6-month, 9-month and annual reports"
    else
        bad "$name: Văn phòng – Thống kê's monthly, quarterly, 6-month, 9-month and annual reports"
    fi
}

echo "== the seed document and its forms"
measure seed-txt seed.txt 100
facts seed-txt

if "$PY" -c 'import docx' 2>/dev/null; then
    "$PY" "$HERE/make_docs.py" seed.txt plain seed.docx
    "$PY" "$HERE/make_docs.py" seed.txt table seed-table.docx
    measure seed-docx seed.docx 100
    facts seed-docx
    measure seed-table-docx seed-table.docx 90
    if command -v soffice >/dev/null 2>&1; then
        mkdir -p lo
        for f in seed.docx seed-table.docx; do
            for to in odt doc pdf; do
                [ "$f" = seed-table.docx ] && [ "$to" != odt ] && continue
                HOME=$WORK/lo timeout 120 soffice --headless --norestore \
                    "-env:UserInstallation=file://$WORK/lo/profile" --convert-to "$to" \
                    --outdir lo "$f" >lo/log 2>&1
            done
        done
        measure seed-odt lo/seed.odt 100
        facts seed-odt
        measure seed-table-odt lo/seed-table.odt 90
        measure seed-doc lo/seed.doc 90
        if command -v pdftotext >/dev/null 2>&1; then
            measure seed-pdf lo/seed.pdf 90
        else
            skipped "the .pdf form: pdftotext is missing (scripts/deps.sh check installs poppler-utils)"
        fi
    else
        skipped "the .odt, .doc and .pdf forms: soffice is missing (scripts/deps.sh check installs libreoffice-writer-nogui)"
    fi
else
    skipped "the .docx and .odt forms: python3-docx is missing (scripts/deps.sh check installs it)"
fi

echo "== the example plans as documents"
# Each plan file (assets/plan.yaml and assets/examples/*.yaml) written as the
# Word document a ward receives (plan_doc.py: the heading block, aims and
# targets, the tasks in a table with merged cells, section III, the
# signature), then as .odt by LibreOffice; each imported and compared with
# the plan file it was made from.
for src in "$ROOT/assets/plan.yaml" "$ROOT"/assets/examples/*.yaml; do
    base=$(basename "$src" .yaml)
    today=$(sed -n 's/^ *period: {from: \([0-9-]*\),.*/\1/p' "$src")
    if ! "$PY" "$HERE/plan_doc.py" "$src" "ex-$base.docx" 2>ex-$base.gen; then
        bad "$base: plan_doc.py writes its document" "ex-$base.gen"
        continue
    fi
    "$BIN" --today "$today" --plan "$src" --db "ex-$base-hand.db" list --format json >"ex-$base-hand.json"
    forms="docx"
    if command -v soffice >/dev/null 2>&1; then
        mkdir -p lo
        HOME=$WORK/lo timeout 120 soffice --headless --norestore \
            "-env:UserInstallation=file://$WORK/lo/profile" --convert-to odt \
            --outdir lo "ex-$base.docx" >lo/log 2>&1
        if [ -s "lo/ex-$base.odt" ]; then
            cp "lo/ex-$base.odt" . && forms="docx odt"
        else
            bad "$base: LibreOffice makes its .odt" lo/log
        fi
    fi
    for form in $forms; do
        name=ex-$base-$form
        "$BIN" --today "$today" import "ex-$base.$form" -o "$name.yaml" >"$name.review" 2>"$name.err"
        rc=$?
        if [ $rc -gt 1 ] || [ ! -s "$name.yaml" ] || ! "$BIN" check "$name.yaml" >"$name.check" 2>&1; then
            bad "$name: a draft that passes check (exit $rc)" "$name.err"
            continue
        fi
        "$BIN" --today "$today" --plan "$name.yaml" --db "$name.db" list --format json >"$name.json"
        "$PY" "$HERE/compare.py" "$name.json" "ex-$base-hand.json" "$name" >"$name.cmp"
        sed 's/^/    /' "$name.cmp"
        echo "    $name: $(($(wc -l <"$name.review") - 1)) points for review"
        share=$(sed -n "1s/.*(\([0-9.]*\)%).*/\1/p" "$name.cmp")
        if awk -v s="$share" 'BEGIN { exit !(s >= 90) }'; then
            ok "$name: $share% of the tasks matched (at least 90%)"
        else
            bad "$name: $share% of the tasks matched (at least 90%)" "$name.cmp"
        fi
        tshare=$(sed -n "s/.* targets matched (\([0-9.]*\)%).*/\1/p" "$name.cmp")
        if [ -n "$tshare" ]; then
            if awk -v s="$tshare" 'BEGIN { exit !(s >= 90) }'; then
                ok "$name: $tshare% of the targets matched (at least 90%)"
            else
                bad "$name: $tshare% of the targets matched (at least 90%)" "$name.cmp"
            fi
        fi
        # The same document, the same draft.
        "$BIN" --today "$today" import "ex-$base.$form" -o "$name.again.yaml" >/dev/null 2>&1
        if cmp -s "$name.yaml" "$name.again.yaml"; then
            ok "$name: the same draft twice, byte for byte"
        else
            bad "$name: the same draft twice, byte for byte"
        fi
    done
done
# What the examples hold, in the draft's own keys.
d=ex-admin-reform-docx.yaml
if [ -f "$d" ] && grep -q '^sections:' "$d" && grep -q '^    items:' "$d" &&
    grep -q '^  place_name: "Trương Quang Trọng"' "$d" && grep -q '^  issued_with:' "$d" &&
    grep -q 'deadline: "quý I/2024"' "$d" && grep -q 'deadline: "từ tháng 3 đến tháng 6/2024"' "$d" &&
    [ "$(jq -r '[.tasks[] | select(.parent == "PL.1")] | length' ex-admin-reform-docx.json)" = 2 ] &&
    [ "$(jq -c '[.plan.aim_groups[] | [.heading, (.aims | length)]]' ex-admin-reform-docx.json)" = \
        "$(jq -c '[.plan.aim_groups[] | [.heading, (.aims | length)]]' ex-admin-reform-hand.json)" ] &&
    ! grep -q 'giữ nhóm' ex-admin-reform-docx.review; then
    ok "admin-reform: sections, groups of aims, sub-items in items, place_name, issued_with, words and a window kept as written"
else
    bad "admin-reform: sections, groups of aims, sub-items in items, place_name, issued_with, words and a window kept as written" "$d"
fi
d=ex-election-docx.yaml
if [ -f "$d" ] && grep -q '^  - id: "bau-cu"' "$d" && grep -q 'deadline: {before: "bau-cu", days: 105}' "$d" &&
    grep -q 'deadline: {after: "bau-cu", days: 10}' "$d" && grep -q '^  number: ""' "$d"; then
    ok "election: the event and the deadlines counted from it, the blank number"
else
    bad "election: the event and the deadlines counted from it, the blank number" "$d"
fi
d=ex-digital-transformation-docx.yaml
if [ -f "$d" ] && grep -q '^targets:' "$d" && grep -q 'goals: {2025: "80", 2030: "100"}' "$d" &&
    grep -q 'measure: yesno' "$d" && grep -q 'measure: count' "$d"; then
    ok "digital-transformation: the targets, percent, count and yes/no"
else
    bad "digital-transformation: the targets, percent, count and yes/no" "$d"
fi

echo "== the command"
# The same document gives the same bytes.
kh import seed.txt -o again.yaml >/dev/null 2>&1
if cmp -s seed-txt.yaml again.yaml; then ok "the same document gives the same draft, byte for byte"; else bad "the same document gives the same draft, byte for byte"; fi
# Never over an existing file without --force.
sum=$(sha256sum seed-txt.yaml)
kh import seed.txt -o seed-txt.yaml >out 2>err
rc=$?
if [ $rc -eq 2 ] && grep -q -- '--force' err && [ "$(sha256sum seed-txt.yaml)" = "$sum" ]; then
    ok "an existing draft is not replaced without --force (exit 2)"
else
    bad "an existing draft is not replaced without --force (exit $rc)" err
fi
echo "# changed" >>again.yaml
kh import seed.txt -o again.yaml --force >out 2>err
rc=$?
if [ $rc -eq 1 ] && cmp -s seed-txt.yaml again.yaml; then ok "--force replaces it"; else bad "--force replaces it (exit $rc)" err; fi
# The default name: the document's, with .yaml, here.
mkdir -p sub && cp seed.txt sub/ke-hoach.txt
kh import sub/ke-hoach.txt >out 2>err
if [ -s ke-hoach.yaml ] && head -1 out | grep -q '^ke-hoach.yaml: '; then ok "the default draft is NAME.yaml in the current folder"; else bad "the default draft is NAME.yaml in the current folder" out; fi
# Usage errors: exit 2, nothing written.
for args in "" "a b" "seed.txt --id 'x y'" "seed.txt --bogus"; do
    eval "kh import $args" >out 2>err
    rc=$?
    if [ $rc -eq 2 ]; then ok "import $args: exit 2"; else bad "import $args: exit 2, got $rc" err; fi
done
# --id is the plan's id; English messages with --lang en.
kh --lang en import seed.txt -o en.yaml --id qcdc-2023 >en.out 2>&1
if grep -q '^  id: "qcdc-2023"' en.yaml && grep -q 'points to review' en.out && grep -q 'REVIEW (guess)' en.yaml; then
    ok "--id and --lang en"
else
    bad "--id and --lang en" en.out
fi
# A document with every point settled: exit 0. The seed's draft with its
# review points accepted is such a plan: a Markdown plan that states them.
cat >clear.md <<'EOF'
UBND PHƯỜNG AN HÒA

Số: 12/KH-UBND

An Hòa, ngày 10 tháng 01 năm 2024

**KẾ HOẠCH**
**Tuyên truyền pháp luật năm 2024**

**II. NỘI DUNG**

| STT | Nội dung | Chủ trì | Thời gian |
|---|---|---|---|
| 1 | Tuyên truyền Luật Hòa giải ở cơ sở trên loa truyền thanh. | Tư pháp – Hộ tịch | Thường xuyên |
| 2 | Tổ chức hội nghị tập huấn hòa giải viên. | Tư pháp – Hộ tịch | trước ngày 30/6/2024 |
EOF
kh import clear.md -o clear.yaml >clear.out 2>&1
rc=$?
sed 's/^/    /' clear.out
if [ $rc -eq 0 ] && grep -q '^  place_name: "An Hòa"' clear.yaml && grep -q '^  number: "12/KH-UBND"' clear.yaml &&
    kh check clear.yaml >/dev/null 2>&1; then
    ok "a table plan: the date line's place is place_name, nothing to review, exit 0"
else
    bad "a table plan: the date line's place is place_name, nothing to review, exit 0 (exit $rc)" clear.out
fi
sed -i -e '/An Hòa, ngày/d' clear.md
kh import clear.md -o clear2.yaml >clear2.out 2>&1
rc=$?
if [ $rc -eq 0 ] && kh check clear2.yaml >/dev/null 2>&1 && grep -q '0 điểm cần xem lại' clear2.out; then
    ok "nothing to review and a valid draft: exit 0"
else
    bad "nothing to review and a valid draft: exit 0 (exit $rc)" clear2.out
fi
# --workspace DIR: the draft goes there, tied to the plan its basis names,
# with an id no other plan of the workspace has; the workspace still loads.
mkdir -p ws
cp "$ROOT/assets/plan.yaml" ws/qcdc.yaml
sed -e 's/^  id: .*/  id: qcdc-2023-tp/' -e 's/^  issuer: .*/  issuer: UBND thành phố Quảng Ngãi/' \
    -e 's|^  title: .*|&\n  number: 52/KH-UBND\n  date: 2023-03-14|' "$ROOT/assets/plan.yaml" >ws/tp.yaml
# The same number from another body is another plan: not tied.
sed -e 's/^  id: .*/  id: other-2023/' -e 's/^  issuer: .*/  issuer: UBND huyện Sơn Tịnh/' \
    -e 's|^  title: .*|&\n  number: 06-KH/BCĐ|' "$ROOT/assets/plan.yaml" >ws/other.yaml
kh --workspace ws import seed.txt >ws.out 2>ws.err
rc=$?
if [ $rc -eq 1 ] && [ -s ws/seed.yaml ] && grep -q '^ws/seed.yaml: ' ws.out &&
    grep -q '^  id: "qcdc-2023-tqt-2"' ws/seed.yaml &&
    grep -A1 'kế hoạch qcdc-2023-tp của không gian làm việc (tp.yaml)' ws/seed.yaml | grep -q 'number: "52/KH-UBND"' &&
    [ "$(grep -c 'của không gian làm việc' ws/seed.yaml)" = 1 ] &&
    grep -q "không gian làm việc đã có kế hoạch 'qcdc-2023-tqt'" ws.out &&
    kh --workspace ws check >ws.check 2>&1; then
    ok "--workspace: the draft in the folder, tied to qcdc-2023-tp, its id made free, the workspace checks"
else
    bad "--workspace: the draft in the folder, tied to qcdc-2023-tp, its id made free, the workspace checks (exit $rc)" ws.out
    sed 's/^/    /' ws.check 2>/dev/null | head -5
fi
kh --workspace ws import seed.txt -o ws/taken.yaml --id qcdc-2023-tp >out 2>err
rc=$?
if [ $rc -eq 2 ] && grep -q "qcdc-2023-tp" err && [ ! -e ws/taken.yaml ]; then
    ok "--workspace with an --id the workspace has: exit 2, nothing written"
else
    bad "--workspace with an --id the workspace has: exit 2, nothing written (exit $rc)" err
fi
kh --workspace nowhere import seed.txt >out 2>err
if [ $? -eq 2 ] && grep -q 'nowhere' err; then ok "--workspace naming no folder: exit 2"; else bad "--workspace naming no folder: exit 2" err; fi
# --force over the draft itself keeps its id (it is that plan).
sed -i 's/^  id: "qcdc-2023-tqt-2"/  id: "qcdc-2023-mine"/' ws/seed.yaml
kh --workspace ws import seed.txt --id qcdc-2023-mine --force >out 2>err
if [ $? -eq 1 ] && grep -q '^  id: "qcdc-2023-mine"' ws/seed.yaml; then
    ok "--workspace --force over the draft: its own id is not taken"
else
    bad "--workspace --force over the draft: its own id is not taken" err
fi

# The converters: refused naming the package when missing, nothing written.
if [ -f lo/seed.doc ]; then
    PATH=/nonexistent "$BIN" import lo/seed.doc -o nodoc.yaml >out 2>err
    rc=$?
    if [ $rc -eq 1 ] && grep -q 'libreoffice-writer-nogui' err && [ ! -e nodoc.yaml ]; then
        ok ".doc without soffice: refused naming libreoffice-writer-nogui"
    else
        bad ".doc without soffice: refused naming libreoffice-writer-nogui (exit $rc)" err
    fi
fi
printf '%%PDF-1.4\n' >x.pdf
PATH=/nonexistent "$BIN" import x.pdf -o nopdf.yaml >out 2>err
rc=$?
if [ $rc -eq 1 ] && grep -q 'poppler-utils' err && [ ! -e nopdf.yaml ]; then
    ok ".pdf without pdftotext: refused naming poppler-utils"
else
    bad ".pdf without pdftotext: refused naming poppler-utils (exit $rc)" err
fi

echo "== hostile documents (each: its message, exit 1, nothing written, <= ${TIME_LIMIT} s, <= ${MEM_LIMIT_MIB} MiB)"
mkdir -p hostile
echo "SECRET-MARKER-9d41" >secret
"$PY" "$HERE/hostile.py" hostile "$WORK/secret"
# hostile FILE WORDS: import it; the message must hold WORDS.
hostile() {
    local f=hostile/$1 words=$2
    python3 "$ROOT/tests/faults/measure.py" m "$TIME_LIMIT" "$BIN" import "$f" -o draft.yaml \
        >out 2>err
    read -r code secs kib <m
    local mib=$((kib / 1024))
    if [ "$code" = 1 ] && grep -q "$words" err && [ ! -e draft.yaml ] &&
        ! grep -q SECRET-MARKER out err && [ "$mib" -le "$MEM_LIMIT_MIB" ]; then
        ok "$1: \"$words\" (${secs} s, ${mib} MiB)"
    else
        bad "$1: \"$words\", exit 1, nothing written (exit $code, ${secs} s, ${mib} MiB)" err
    fi
    rm -f draft.yaml
}
hostile bomb.docx "tối đa 64 MiB"
hostile bomb-lying.docx "bom zip"
hostile paras.docx "quá nhiều đoạn"
hostile deep.docx "lồng nhau quá sâu"
hostile xxe.docx "<!DOCTYPE>"
hostile xxe-dtd.docx "<!DOCTYPE>"
hostile laughs.docx "<!DOCTYPE>"
hostile encrypted.docx "mật khẩu"
hostile zipcrypt.docx "mật khẩu"
hostile encrypted.odt "mật khẩu"
hostile text.docx "bị đổi"
hostile pdf.docx "bị đổi"
hostile rows.docx "quá nhiều hàng"
hostile deep.odt "lồng nhau quá sâu"
hostile xxe.odt "<!DOCTYPE>"
hostile rows.odt "quá nhiều hàng"
hostile paras.odt "quá nhiều đoạn"
hostile cp1258.txt "UTF-8"
hostile utf16.txt "UTF-16"

# big FILE: a plan, only large: a draft within the time limit.
big() {
    python3 "$ROOT/tests/faults/measure.py" m "$TIME_LIMIT" "$BIN" import "hostile/$1" -o big.yaml \
        >out 2>err
    read -r code secs kib <m
    if [ "$code" = 1 ] && [ -s big.yaml ]; then
        ok "$1: a draft within the limit (${secs} s, $((kib / 1024)) MiB)"
    else
        bad "$1: a draft within the limit (exit $code, ${secs} s)" err
    fi
    rm -f big.yaml
}
big units.docx
big clauses.docx
big subs.md
big events.md

echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
