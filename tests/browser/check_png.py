#!/usr/bin/python3
"""Checks that a screenshot is not blank, with the standard library only.

Decodes the PNG (zlib + the five PNG row filters), then counts distinct colours
and pixels that are neither white nor the page background. A page that failed
to render (blank, an error page, missing fonts drawn as nothing) has a handful
of colours; the report has text, badges and charts in many.

usage: check_png.py SCREENSHOT.png [--min-colours N] [--min-ink SHARE]
       check_png.py SCREENSHOT.png --crop X Y W H OUT.png   (for looking at a part)
Exit status 0 when the image passes, 1 when it does not, 2 on bad input.
"""

import struct
import sys
import zlib


def decode(path):
    """Returns (width, height, channels, rows) with rows as bytes objects."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos = 8
    width = height = None
    bit_depth = colour_type = interlace = None
    idat = []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, bit_depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if width is None or bit_depth != 8 or interlace != 0 or colour_type not in (0, 2, 4, 6):
        raise ValueError("unsupported PNG (need 8-bit, non-interlaced, grey or RGB with or without alpha)")
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows = []
    previous = bytearray(stride)
    i = 0
    for _ in range(height):
        kind = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if kind == 1:  # Sub
            for x in range(channels, stride):
                line[x] = (line[x] + line[x - channels]) & 0xFF
        elif kind == 2:  # Up
            for x in range(stride):
                line[x] = (line[x] + previous[x]) & 0xFF
        elif kind == 3:  # Average
            for x in range(stride):
                left = line[x - channels] if x >= channels else 0
                line[x] = (line[x] + ((left + previous[x]) >> 1)) & 0xFF
        elif kind == 4:  # Paeth
            for x in range(stride):
                a = line[x - channels] if x >= channels else 0
                b = previous[x]
                c = previous[x - channels] if x >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + predictor) & 0xFF
        elif kind != 0:
            raise ValueError("bad PNG filter type %d" % kind)
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def pixels(width, channels, row):
    """The RGB triples of a row."""
    if channels >= 3:
        return [row[x * channels:x * channels + 3] for x in range(width)]
    return [bytes((row[x * channels],) * 3) for x in range(width)]


def encode(path, width, rows_rgb):
    """Writes an RGB PNG (filter 0), for --crop."""
    raw = b"".join(b"\x00" + r for r in rows_rgb)

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, len(rows_rgb), 8, 2, 0, 0, 0)))
        f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
        f.write(chunk(b"IEND", b""))


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    path = argv[1]
    min_colours, min_ink = 24, 0.02
    args = argv[2:]
    try:
        width, height, channels, rows = decode(path)
    except (OSError, ValueError, zlib.error) as e:
        print("cannot read %s: %s" % (path, e))
        return 2
    if args[:1] == ["--crop"]:
        x, y, w, h = (int(v) for v in args[1:5])
        out = [b"".join(pixels(width, channels, rows[r])[x:x + w]) for r in range(y, min(y + h, height))]
        encode(args[5], min(w, width - x), out)
        return 0
    while args:
        if args[0] == "--min-colours":
            min_colours = int(args[1])
        elif args[0] == "--min-ink":
            min_ink = float(args[1])
        else:
            print("unknown option %s" % args[0])
            return 2
        args = args[2:]

    colours = {}
    for row in rows:
        for p in pixels(width, channels, row):
            colours[p] = colours.get(p, 0) + 1
    total = width * height
    background = max(colours, key=colours.get)
    white = b"\xff\xff\xff"
    ink = sum(n for c, n in colours.items() if c not in (white, background))
    share = ink / total
    print("%s: %dx%d, %d distinct colours, %.1f%% ink (neither white nor the background %s)"
          % (path, width, height, len(colours), 100 * share, background.hex()))
    if len(colours) < min_colours:
        print("FAIL: fewer than %d colours: the page looks blank" % min_colours)
        return 1
    if share < min_ink:
        print("FAIL: less than %.1f%% of the pixels carry ink" % (100 * min_ink))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
