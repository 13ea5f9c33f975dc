#!/usr/bin/env python3
"""Build the hostile documents of tests/import/run.sh in a folder.

    hostile.py DIR SECRET_FILE

Each is made here with python3's zipfile and struct modules, so no binary
fixture is kept in the repository:

  bomb.docx         document.xml inflates to 210 MiB of empty paragraphs (ratio ~1000)
  bomb-lying.docx   the same, its headers claiming 50 MiB (under the cap)
  paras.docx        10^6 paragraphs (stored, 36 MiB: no ratio to trip)
  deep.docx         100,000 elements one inside another
  xxe.docx          an external entity naming SECRET_FILE, used in the text
  xxe-dtd.docx      an external DTD on 127.0.0.1
  laughs.docx       a billion-laughs entity bomb
  encrypted.docx    an OLE compound file with an EncryptedPackage stream,
                    as Word saves a .docx with a password
  zipcrypt.docx     a zip whose document.xml is flagged encrypted
  encrypted.odt     an .odt whose manifest says its content is encrypted
  text.docx         plain text named .docx
  pdf.docx          a PDF named .docx
  rows.docx         a table of 10,000 rows
  cp1258.txt        text in a Windows code page, not UTF-8
  utf16.txt         UTF-16 text

  deep.odt, xxe.odt, rows.odt, paras.odt
                    the same in an .odt's content.xml (the other XML reader)

and four that are plans, only too big for comfort, which must be read in
bounded time all the same:

  units.docx        section III with 3,000 units, each with a duty
  clauses.docx      one duty of 200 KiB: 9,000 clauses parted by "; "
  subs.md           30,000 items, each with a sub-item "a)"
  events.md         20,000 deadlines counted from 20,000 different events
"""
import os
import struct
import sys
import zipfile

out, secret = sys.argv[1], sys.argv[2]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Override PartName="/word/document.xml" ContentType="application/'
      'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')


def docx(name, body, compress=zipfile.ZIP_DEFLATED, raw=None):
    path = os.path.join(out, name)
    with zipfile.ZipFile(path, "w", compress) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", raw if raw is not None else
                   f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
    return path


def para(t):
    return f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>"


def patch(path, out_name, member, local_off, central_off, fmt, value):
    """Write a copy of the zip at path with a field of member's local and
    central headers set to value (what python's zipfile will not write)."""
    data = bytearray(open(path, "rb").read())
    for sig, off, name_at, fixed in ((b"PK\x03\x04", local_off, 26, 30),
                                     (b"PK\x01\x02", central_off, 28, 46)):
        i = data.find(sig)
        while i >= 0:
            n = struct.unpack_from("<H", data, i + name_at)[0]
            if bytes(data[i + fixed:i + fixed + n]) == member:
                old = struct.unpack_from(fmt, data, i + off)[0]
                struct.pack_into(fmt, data, i + off, value(old))
            i = data.find(sig, i + 4)
    open(os.path.join(out, out_name), "wb").write(bytes(data))


# A zip bomb; then the same with headers that claim 50 MiB, under the cap,
# so only counting what inflates can stop it.
bomb = docx("bomb.docx", "", raw=(f'<?xml version="1.0"?><w:document {W}><w:body>'
                                  + "<w:p/>" * (35 << 20) + "</w:body></w:document>"))
patch(bomb, "bomb-lying.docx", b"word/document.xml", 22, 24, "<I", lambda v: 50 << 20)
docx("paras.docx", "".join(para(i) for i in range(1000000)), zipfile.ZIP_STORED)
docx("deep.docx", "<w:sdt>" * 100000 + "</w:sdt>" * 100000)
docx("xxe.docx", "", raw=(f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM '
                          f'"file://{secret}">]><w:document {W}><w:body>'
                          + para("KẾ HOẠCH") + para("&x;") + "</w:body></w:document>"))
docx("xxe-dtd.docx", "", raw=(f'<?xml version="1.0"?><!DOCTYPE w:document SYSTEM '
                              f'"http://127.0.0.1:9/plan.dtd"><w:document {W}><w:body>'
                              + para("x") + "</w:body></w:document>"))
lol = '<!ENTITY a0 "lol">' + "".join(
    f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10))
docx("laughs.docx", "", raw=(f'<?xml version="1.0"?><!DOCTYPE w:document [{lol}]>'
                             f'<w:document {W}><w:body>' + para("&a9;") + "</w:body></w:document>"))

# Word's password-protected .docx: an OLE compound file (magic, then the
# directory naming its streams in UTF-16).
cfb = bytearray(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504)
for name in ("EncryptionInfo", "EncryptedPackage"):
    entry = name.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64
    cfb += entry
open(os.path.join(out, "encrypted.docx"), "wb").write(bytes(cfb))

plain = docx("plain.docx", para("KẾ HOẠCH"))
patch(plain, "zipcrypt.docx", b"word/document.xml", 6, 8, "<H", lambda v: v | 1)
os.unlink(plain)

with zipfile.ZipFile(os.path.join(out, "encrypted.odt"), "w") as z:
    z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
    z.writestr("META-INF/manifest.xml",
               '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
               'manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">'
               '<manifest:encryption-data manifest:checksum-type="SHA1"/>'
               '</manifest:file-entry></manifest:manifest>')
    z.writestr("content.xml", os.urandom(2048))

open(os.path.join(out, "text.docx"), "w", encoding="utf-8").write("KẾ HOẠCH\n1. Tuyên truyền.\n")
open(os.path.join(out, "pdf.docx"), "wb").write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

rows = "".join(f"<w:tr><w:tc>{para(i)}</w:tc><w:tc>{para('Tuyên truyền')}</w:tc></w:tr>"
               for i in range(10000))
docx("rows.docx", f"{para('KẾ HOẠCH')}<w:tbl>{rows}</w:tbl>")

open(os.path.join(out, "cp1258.txt"), "wb").write("KẾ HOẠCH năm 2024\n".encode("cp1258", "replace"))
open(os.path.join(out, "utf16.txt"), "wb").write("KẾ HOẠCH năm 2024\n".encode("utf-16"))

head = para("KẾ HOẠCH") + para("Thử năm 2024") + para("III. TỔ CHỨC THỰC HIỆN")
docx("units.docx", head + "".join(para(f"{i}. Đơn vị số {i}") + para(f"- Theo dõi việc {i} thường xuyên.")
                                  for i in range(1, 3001)))
docx("clauses.docx", head + para("1. Văn phòng") +
     para("- " + "; ".join(f"theo dõi việc {i}" for i in range(9000)) + "."))


# The .odt reader: content.xml with the same attacks.
O = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
     'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
     'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')


def odt(name, body, doctype="", compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(os.path.join(out, name), "w", compress) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        z.writestr("content.xml", f'<?xml version="1.0"?>{doctype}<office:document-content {O}>'
                   f"<office:body><office:text>{body}</office:text></office:body>"
                   "</office:document-content>")


def opara(t):
    return f"<text:p>{t}</text:p>"


odt("deep.odt", "<text:span>" * 100000 + "</text:span>" * 100000)
odt("xxe.odt", opara("KẾ HOẠCH") + opara("&x;"),
    doctype=f'<!DOCTYPE office:document-content [<!ENTITY x SYSTEM "file://{secret}">]>')
orows = "".join(f"<table:table-row><table:table-cell>{opara(i)}</table:table-cell>"
                f"<table:table-cell>{opara('Tuyên truyền')}</table:table-cell></table:table-row>"
                for i in range(10000))
odt("rows.odt", opara("KẾ HOẠCH") + f"<table:table>{orows}</table:table>")
odt("paras.odt", "".join(opara(i) for i in range(1000000)), compress=zipfile.ZIP_STORED)

with open(os.path.join(out, "subs.md"), "w", encoding="utf-8") as f:
    f.write("**KẾ HOẠCH**\n**Thử năm 2024**\n\n**II. NỘI DUNG**\n\n")
    for i in range(1, 30001):
        f.write(f"{i}. Việc số {i} trong quý II/2024.\n\na) Phần con của việc {i}.\n\n")
with open(os.path.join(out, "events.md"), "w", encoding="utf-8") as f:
    f.write("**KẾ HOẠCH**\n**Thử năm 2024**\n\n**II. NỘI DUNG**\n\n")
    for i in range(1, 20001):
        f.write(f"{i}. Việc số {i} chậm nhất {i % 90} ngày trước ngày hội số {i}.\n\n")
