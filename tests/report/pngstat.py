#!/usr/bin/env python3
"""Read a PNG screenshot (8-bit RGB or RGBA, not interlaced) with the
standard library only, and print what it shows, one fact a line:

    size W H
    ink F          the share of pixels that are not (near) white
    colour NAME N  the pixels within 12 of each category colour (of those
                   looked at: every other pixel of every other row)

so that a shell test can tell a rendered page from a blank or error page."""
import struct
import sys
import zlib

COLOURS = {
    "green": (0x2E, 0x7D, 0x32),
    "amber": (0xF9, 0xA8, 0x25),
    "blue": (0x15, 0x65, 0xC0),
    "red": (0xC6, 0x28, 0x28),
}


def read_png(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("%s: not a PNG" % path)
    pos, idat = 8, b""
    width = height = depth = ctype = interlace = None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    if depth != 8 or ctype not in (2, 6) or interlace:
        raise SystemExit("%s: unsupported PNG (depth %s, colour type %s)" % (path, depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xFF
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xFF
            elif ftype == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 0xFF
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def main():
    width, height, bpp, rows = read_png(sys.argv[1])
    ink = seen = 0
    counts = dict.fromkeys(COLOURS, 0)
    # Every other pixel of every other row: a bar of the charts is 14 px high.
    for line in rows[::2]:
        for x in range(0, width * bpp, 2 * bpp):
            seen += 1
            r, g, b = line[x], line[x + 1], line[x + 2]
            if r < 240 or g < 240 or b < 240:
                ink += 1
                for name, (cr, cg, cb) in COLOURS.items():
                    if abs(r - cr) <= 12 and abs(g - cg) <= 12 and abs(b - cb) <= 12:
                        counts[name] += 1
    print("size %d %d" % (width, height))
    print("ink %.4f" % (ink / float(seen)))
    for name in COLOURS:
        print("colour %s %d" % (name, counts[name]))


main()
