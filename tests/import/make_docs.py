#!/usr/bin/env python3
"""Build Word documents of the seed plan, as a ward office would have them.

    make_docs.py SEED.txt plain|table OUT.docx

Made with python-docx (Debian: python3-docx) from the seed's own text, so the
test needs no binary fixture: the title block in bold and centred; the
sections' Roman headings in bold; the items of sections I and II as a Word
numbered list ("List Number", restarted in each section, so the numbers are
Word's, not typed); section III's unit headings as "Heading 2" with their
typed numbers (the source numbers two of them "2."); their duties as a Word
bullet list ("List Bullet"); bold and italic runs where the source has them;
the page breaks of the source kept as paragraph breaks; "Nơi nhận" and the
signature side by side in a two-cell table, as Nghị định 30/2020 lays them.

"table" puts the items of section II in a task table instead: STT, Nội dung,
a two-row header "Đơn vị thực hiện" over "Chủ trì" and "Phối hợp", "Thời
gian"; the lead and time cells merged down over rows that share them
(w:vMerge), the header merged across (w:gridSpan). The leads and times are
the hand-made plan's (assets/plan.yaml), as a plan written with a table
would state them. The .odt, .doc and .pdf forms are made from these by
LibreOffice (tests/import/run.sh).
"""
import re
import sys

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

seed, mode, out = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(seed, encoding="utf-8").read()

# Paragraphs of the source: blank lines part them; list lines ("- ") and
# hard breaks (two spaces at the end) part them too.
paras = []
for block in re.split(r"\n\s*\n", text):
    cur = []
    for line in block.split("\n"):
        hard = line.endswith("  ")
        line = line.strip()
        if not line:
            continue
        if line.startswith("- ") and cur:
            paras.append(" ".join(cur))
            cur = []
        cur.append(line)
        if hard or line.startswith("- "):
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))

d = docx.Document()


def runs(p, s):
    """Add s to paragraph p, **bold** and *italic* as runs."""
    for part in re.split(r"(\*\*\*[^*]+\*\*\*|\*\*[^*]+\*\*|\*[^*]+\*)", s):
        if not part:
            continue
        if part.startswith("***"):
            r = p.add_run(part[3:-3])
            r.bold = r.italic = True
        elif part.startswith("**"):
            p.add_run(part[2:-2]).bold = True
        elif part.startswith("*"):
            p.add_run(part[1:-1]).italic = True
        else:
            p.add_run(part)


def new_list(style="List Number"):
    """A new instance of the style's list, restarting at 1."""
    numbering = d.part.numbering_part.numbering_definitions._numbering
    num_id = d.styles[style].element.pPr.numPr.numId.val
    abstract = numbering.num_having_numId(num_id).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


def numbered(s, num_id):
    p = d.add_paragraph(style="List Number")
    numPr = p._p.get_or_add_pPr().get_or_add_numPr()
    numPr.get_or_add_ilvl().val = 0
    numPr.get_or_add_numId().val = num_id
    runs(p, s)


def merge_down(table, col, first, last):
    table.cell(first, col).merge(table.cell(last, col))


# The hand-made plan's leads, supports and times for section II (table mode).
LEADS = ["Tư pháp – Hộ tịch", "Tư pháp – Hộ tịch", "Văn phòng – Thống kê",
         "Văn phòng – Thống kê", "Văn phòng – Thống kê", "Tư pháp – Hộ tịch",
         "Văn phòng – Thống kê"]
SUPPORT = ["Văn hóa xã hội – Văn hóa thông tin; Văn phòng – Thống kê",
           "Ủy ban MTTQ Việt Nam và các đoàn thể phường",
           "Ủy ban MTTQ Việt Nam và các đoàn thể phường", "Bộ phận Một cửa",
           "Ủy ban MTTQ Việt Nam và các đoàn thể phường",
           "Ủy ban MTTQ Việt Nam và các đoàn thể phường",
           "Ủy ban MTTQ Việt Nam và các đoàn thể phường"]
TIMES = ["Thường xuyên"] * 4 + ["Cuối năm"] + ["Thường xuyên"] * 2

section = None
items = []  # section II items, for the table: lists of paragraphs
num_id = None
tail = []
for s in paras:
    plain = s.replace("*", "").replace("#", "").strip()
    if re.match(r"^(I|II|III|IV|V)\. ", plain):
        section = plain.split(".")[0]
        num_id = new_list()
        p = d.add_paragraph()
        runs(p, s.replace("#", "").strip())
        continue
    if section is None:
        p = d.add_paragraph()
        if s.startswith("**"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        runs(p, s)
        continue
    if plain.startswith("Nơi nhận") or tail:
        tail.append(s)
        continue
    m = re.match(r"^(\d+)\. (.*)$", s)
    if section in ("I", "II") and m:
        if section == "II" and mode == "table":
            items.append([m.group(2)])
        else:
            numbered(m.group(2), num_id)
        continue
    if section == "II" and mode == "table" and items:
        items[-1].append(s)  # a continuation of the item, in its cell
        continue
    if section == "III" and s.startswith("###"):
        p = d.add_paragraph(style="Heading 2")
        runs(p, s.replace("#", "").replace("**", "").strip())
        continue
    if section == "III" and s.startswith("- "):
        p = d.add_paragraph(style="List Bullet")
        runs(p, s[2:])
        continue
    p = d.add_paragraph()
    runs(p, s)

if mode == "table":
    # Put the table right after the section II heading.
    heading = [p for p in d.paragraphs if p.text.startswith("II. ")][0]
    t = d.add_table(rows=2 + len(items), cols=5)
    t.style = "Table Grid"
    hdr = ["STT", "Nội dung", "Đơn vị thực hiện", "", "Thời gian"]
    for k, h in enumerate(hdr):
        t.cell(0, k).text = h
    t.cell(1, 2).text = "Chủ trì"
    t.cell(1, 3).text = "Phối hợp"
    t.cell(0, 2).merge(t.cell(0, 3))  # gridSpan
    for k in (0, 1, 4):
        merge_down(t, k, 0, 1)  # vMerge
    for i, paragraphs in enumerate(items):
        r = 2 + i
        t.cell(r, 0).text = str(i + 1)
        cell = t.cell(r, 1)
        cell.text = ""
        runs(cell.paragraphs[0], paragraphs[0])
        for extra in paragraphs[1:]:
            runs(cell.add_paragraph(), extra)
        t.cell(r, 3).text = SUPPORT[i]
    # The lead and time cells, merged down where rows share them.
    def fill(col, values):
        start = 0
        for i in range(1, len(values) + 1):
            if i == len(values) or values[i] != values[start]:
                if i - 1 > start:
                    merge_down(t, col, 2 + start, 2 + i - 1)
                t.cell(2 + start, col).text = values[start]
                start = i
    fill(2, LEADS)
    fill(4, TIMES)
    heading._p.addnext(t._tbl)

# Nơi nhận at the left, the signature at the right, in a table without borders.
sig = [s for s in tail if not s.startswith("- ") and "Nơi nhận" not in s]
rec = [s for s in tail if s.startswith("- ")]
t = d.add_table(rows=1, cols=2)
left, right = t.cell(0, 0), t.cell(0, 1)
left.text = ""
runs(left.paragraphs[0], [s for s in tail if "Nơi nhận" in s][0])
for s in rec:
    runs(left.add_paragraph(), s)
right.text = ""
first = True
for s in sig:
    p = right.paragraphs[0] if first else right.add_paragraph()
    first = False
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    runs(p, s)
d.save(out)
