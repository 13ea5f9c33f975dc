#!/usr/bin/env python3
"""Write a plan file as the Word document a ward would receive.

    plan_doc.py PLAN.yaml OUT.docx

The document is made from the plan file's content alone, with python3's
zipfile writing the WordprocessingML by hand (no python-docx, no fixture),
laid out the way Nghị định 30/2020 lays a plan out:

  - the heading block: the issuing body in capitals and bold, the national
    motto, "Số: 12/KH-UBND" (blank number: "Số:      /KH-UBND"), the
    date line "Trương Quang Trọng, ngày 15 tháng 01 năm 2024";
  - "KẾ HOẠCH" and the title under it, bold and centred; "(Ban hành kèm
    theo Quyết định số ...)" when the plan says `issued_with`;
  - the preamble, then "Thời gian thực hiện: từ ngày ... đến ngày ..." (the
    plan's period);
  - section I (its heading from `sections`, else "I. MỤC ĐÍCH, YÊU CẦU"): the
    aims numbered "1.", "2.", ...; then, when the plan has `targets`, a
    heading "N. Chỉ tiêu" and one bullet a target: "TEXT: đạt 80% vào năm
    2025, 100% vào năm 2030" (count: "20 vào năm 2025"; yes/no: "đạt vào
    năm 2025");
  - the contents (heading from `sections`, else "II. NỘI DUNG"; an appendix
    "Phụ lục: ..." heading comes after section III, as such plans put it):
    a task table, STT | Nội dung nhiệm vụ | "Đơn vị thực hiện" over "Chủ
    trì" and "Phối hợp" (a two-row header: w:gridSpan across, w:vMerge
    down) | Thời gian hoàn thành. A sub-item (`items`) is a row of its own
    with no number, its text as written ("a) ..."); its lead and time are
    its own or, when it has none, its task's. Cells of the lead and time
    columns that repeat the row above are merged down into it (w:vMerge),
    as offices do. Units are written by name; deadlines in words: the
    plan's own words, "Thường xuyên", "Cuối năm", a date as "dd/mm/yyyy",
    a window "Từ ngày ... đến ngày ...", an event "Chậm nhất 105 ngày trước
    ngày bầu cử" / "Trong 10 ngày sau ngày bầu cử", periodic work "Định kỳ
    hàng tháng, quý"; the events' days are stated above the table ("Ngày
    bầu cử: ngày 15/3/2026.");
  - section III, with the plan's duties when it has them (the unit's
    heading, its own tasks as bullets; a sentence the plan file made two
    tasks of, one for each day it names, written once), else one sentence;
  - the closing, "Nơi nhận:" with the recipients, the signer's title in
    capitals and name, bold.
"""
import datetime
import sys
import zipfile
from xml.sax.saxutils import escape

import yaml

plan_path, out = sys.argv[1], sys.argv[2]


class Loader(yaml.SafeLoader):
    pass


# Keep dates as the text they are written in: the plan's own words.
Loader.add_constructor("tag:yaml.org,2002:timestamp",
                       lambda loader, node: datetime.date.fromisoformat(node.value))
plan = yaml.load(open(plan_path, encoding="utf-8"), Loader=Loader)
meta = plan["plan"]
units = {u["id"]: u["name"] for u in plan["units"]}
events = {e["id"]: e for e in plan.get("events") or []}
body = []


def dmy(d, pad=False):
    if isinstance(d, str):
        d = datetime.date.fromisoformat(d)
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if pad else f"{d.day:02d}/{d.month:02d}/{d.year}"


def run(text, bold=False, italic=False):
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    props = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(text, bold=False, center=False, italic=False):
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    return f"<w:p>{ppr}{run(text, bold, italic)}</w:p>"


def add(text, **kw):
    body.append(para(text, **kw))


# ---- the heading block and the title
issuer = meta["issuer"]
add(issuer.upper(), bold=True, center=True)
add("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, center=True)
add("Độc lập - Tự do - Hạnh phúc", bold=True, center=True)
number = meta.get("number")
add(f"Số: {number}" if number else "Số:      /KH-UBND", center=True)
if meta.get("date"):
    d = meta["date"]
    place = meta.get("place_name") or meta.get("place", "").split(",")[0]
    for kind in ("phường ", "xã ", "thị trấn "):
        if place.startswith(kind):
            place = place[len(kind):]
    add(f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}", italic=True, center=True)
add("KẾ HOẠCH", bold=True, center=True)
title = meta["title"]
if title.startswith("Kế hoạch "):
    title = title[len("Kế hoạch "):]
add(title[0].upper() + title[1:], bold=True, center=True)
iw = meta.get("issued_with")
if iw:
    add(f"(Ban hành kèm theo {iw['kind']} số {iw['number']} ngày {dmy(iw['date'])} "
        f"của {issuer})", italic=True, center=True)
if meta.get("preamble"):
    add(meta["preamble"])
period = meta["period"]
add(f"Thời gian thực hiện: từ ngày {dmy(period['from'])} đến ngày {dmy(period['to'])}.")

sections = plan.get("sections") or {}


def heading(text):
    add(text, bold=True)


# ---- section I: aims and targets
aims = plan.get("aims") or []
if isinstance(aims, str):
    aims = [aims]
targets = plan.get("targets") or []
if aims or targets:
    heading(sections.get("aims", "I. MỤC ĐÍCH, YÊU CẦU"))
    # A group of aims ({heading, items}) is written as such a plan has it:
    # its heading ("1. Mục đích") on a line of its own, its aims under it
    # as dashes; a plain aim is numbered on its own.
    for k, a in enumerate(aims, 1):
        if isinstance(a, dict):
            add(a["heading"])
            for item in a.get("items") or []:
                add(f"- {item}")
        else:
            add(f"{k}. {a}")
    if targets:
        add(f"{len(aims) + 1}. Chỉ tiêu")
        for t in targets:
            goals = []
            for year, v in (t.get("goals") or {}).items():
                if t["measure"] == "yesno":
                    goals.append(f"đạt vào năm {year}")
                elif t["measure"] == "percent":
                    goals.append(f"{v}% vào năm {year}")
                else:
                    goals.append(f"{v} vào năm {year}")
            if goals and t["measure"] == "percent":
                goals[0] = "đạt " + goals[0]
            add(f"- {t['text']}: {', '.join(goals)}.")


# ---- the task table
def deadline_words(dl):
    if isinstance(dl, datetime.date):
        return dmy(dl)
    if isinstance(dl, str):
        return {"continuous": "Thường xuyên", "end-of-period": "Cuối năm"}.get(dl, dl)
    if "from" in dl:
        return f"Từ ngày {dmy(dl['from'])} đến ngày {dmy(dl['to'])}"
    if "every" in dl:
        names = {"month": "tháng", "quarter": "quý", "half-year": "6 tháng",
                 "nine-months": "9 tháng", "year": "năm"}
        kinds = dl["every"] if isinstance(dl["every"], list) else [dl["every"]]
        return "Định kỳ hàng " + ", ".join(names[k] for k in kinds)
    if "before" in dl:
        return f"Chậm nhất {dl.get('days', 0)} ngày trước {events[dl['before']]['name']}"
    return f"Trong {dl.get('days', 0)} ngày sau {events[dl['after']]['name']}"


def unit_names(v):
    if v is None:
        return ""
    return "; ".join(units[u] for u in ([v] if isinstance(v, str) else v))


rows = []  # [stt, text, lead, support, time]


def add_rows(tasks, parent=None, number=None):
    for k, t in enumerate(tasks, 1):
        lead = t.get("lead", parent["lead"] if parent else None)
        dl = t.get("deadline", parent["deadline"] if parent else None)
        row = {"lead": lead, "deadline": dl}
        rows.append(["" if parent else str(k), t["text"], unit_names(lead),
                     unit_names(t.get("support")), deadline_words(dl)])
        if t.get("items"):
            add_rows(t["items"], row)


contents = plan.get("contents") or []
add_rows(contents)


def cell(text, width, merge=None, span=None, bold=False):
    pr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span:
        pr += f'<w:gridSpan w:val="{span}"/>'
    if merge:
        pr += f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>"
    # A text of several paragraphs: one w:p each, as Word keeps them.
    paras = "".join(f"<w:p>{run(t, bold)}</w:p>" for t in text.split("\n")) if text else "<w:p/>"
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>"


def table():
    widths = [600, 4200, 1700, 1700, 1600]
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    borders = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    x = [f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{borders}'
         f"</w:tblBorders></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"]
    # Two header rows: "Đơn vị thực hiện" across "Chủ trì" and "Phối hợp".
    x.append("<w:tr>" + cell("STT", 600, "restart", bold=True)
             + cell("Nội dung nhiệm vụ", 4200, "restart", bold=True)
             + cell("Đơn vị thực hiện", 3400, span=2, bold=True)
             + cell("Thời gian hoàn thành", 1600, "restart", bold=True) + "</w:tr>")
    x.append("<w:tr>" + cell("", 600, "continue") + cell("", 4200, "continue")
             + cell("Chủ trì", 1700, bold=True) + cell("Phối hợp", 1700, bold=True)
             + cell("", 1600, "continue") + "</w:tr>")
    for i, r in enumerate(rows):
        cells = []
        for k, v in enumerate(r):
            merge = None
            if k in (2, 4) and v:
                same_above = i > 0 and rows[i - 1][k] == v
                same_below = i + 1 < len(rows) and rows[i + 1][k] == v
                if same_above:
                    merge, v = "continue", ""
                elif same_below:
                    merge = "restart"
            cells.append(cell(v, widths[k], merge))
        x.append("<w:tr>" + "".join(cells) + "</w:tr>")
    x.append("</w:tbl>")
    return "".join(x)


def contents_section():
    heading(sections.get("contents", "II. NỘI DUNG"))
    for e in events.values():
        name = e["name"]
        add(f"{name[0].upper() + name[1:]}: ngày {dmy(e['date'])}.")
    body.append(table())


appendix = sections.get("contents", "").startswith("Phụ lục")
if contents and not appendix:
    contents_section()

# ---- section III
org = plan.get("organization") or {}
heading(sections.get("organization", "III. TỔ CHỨC THỰC HIỆN"))
if org.get("intro"):
    add(org["intro"])
for k, duty in enumerate(org.get("duties") or [], 1):
    add(duty.get("heading") or f"{k}. {units[duty['unit']]}", bold=True)
    last = None
    for t in duty.get("tasks") or []:
        # One sentence the plan file made two tasks of (one a day it names)
        # is one sentence in the document.
        if t["text"] != last:
            for k, p in enumerate(t["text"].split("\n")):
                add(f"- {p}" if k == 0 else p)
        last = t["text"]
if not org:
    add("Các bộ phận căn cứ nhiệm vụ được giao tổ chức thực hiện kế hoạch này.")
if contents and appendix:
    contents_section()

# ---- the end
if meta.get("closing"):
    add(meta["closing"])
else:
    add(f"Trên đây là {meta['title'][0].lower() + meta['title'][1:]}./.")
add("Nơi nhận:", bold=True, italic=True)
rec = meta.get("recipients") or []
for k, r in enumerate(rec):
    add(f"- {r}{'.' if k == len(rec) - 1 else ';'}")
signer = meta.get("signer") or {}
if signer.get("role"):
    add(signer["role"].upper(), bold=True, center=True)
if signer.get("name"):
    add(signer["name"], bold=True, center=True)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W}"><w:body>{"".join(body)}'
            f'<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="rels" ContentType="application/'
      'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
      '"application/xml"/><Override PartName="/word/document.xml" ContentType="application/'
      'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
        '"word/document.xml"/></Relationships>')
# Fixed timestamps: the same plan file gives the same bytes.
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in (("[Content_Types].xml", CT), ("_rels/.rels", RELS),
                       ("word/document.xml", document)):
        z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data)
