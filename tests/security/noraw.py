#!/usr/bin/env python3
"""noraw.py FILE...: exit 1 (naming where) when a file holds what must never
reach a terminal raw: a C0 control but tab and newline (a CR only before a
newline, as CSV's line ends), DEL, a C1 control (U+0080-U+009F, or such a
byte that is not UTF-8), a bidi control (U+061C, U+200E/F, U+202A-202E,
U+2066-2069)."""
import sys

BIDI = {0x061c, 0x200e, 0x200f} | set(range(0x202a, 0x202f)) | set(range(0x2066, 0x206a))
bad = 0
for name in sys.argv[1:]:
    data = open(name, 'rb').read()
    i = 0
    while i < len(data):
        b = data[i]
        what = None
        if b < 0x20 and b not in (9, 10) and not (b == 13 and data[i+1:i+2] == b'\n'):
            what = 'C0 0x%02X' % b; n = 1
        elif b == 0x7f:
            what = 'DEL'; n = 1
        elif b < 0x80:
            n = 1
        else:
            n = 2 if 0xc2 <= b < 0xe0 else 3 if 0xe0 <= b < 0xf0 else 4 if 0xf0 <= b < 0xf5 else 0
            chunk = data[i:i+n] if n else b''
            try:
                cp = ord(chunk.decode('utf-8')) if n else None
            except UnicodeDecodeError:
                cp = None
            if cp is None:
                what = 'raw byte 0x%02X' % b; n = 1
            elif 0x80 <= cp < 0xa0:
                what = 'C1 U+%04X' % cp
            elif cp in BIDI:
                what = 'bidi U+%04X' % cp
        if what:
            bad += 1
            if bad <= 5:
                print('%s: %s at byte %d: %r' % (name, what, i, data[max(0, i-20):i+20]))
        i += n
sys.exit(1 if bad else 0)
