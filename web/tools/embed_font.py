#!/usr/bin/env python3
"""Subsets a TrueType font to the characters the UI draws and writes it as a C++
array, so the web app embeds a readable font without a download or file system.

Why subset: DejaVu Sans is 760 KB (380 KB gzipped); the UI needs Latin-1 and a
few symbols, ~30 KB. Glyph ids are kept (unused glyphs become empty, which
compresses to nearly nothing), so only cmap, loca and glyf are rewritten, and
only the tables stb_truetype (Dear ImGui's rasteriser) reads are kept.

usage: embed_font.py FONT.ttf OUT.cpp
"""
import struct
import sys

# Must cover the glyph ranges theme.cpp asks ImGui for.
RANGES = [(0x20, 0xFF), (0x2013, 0x2014), (0x2022, 0x2022), (0x2026, 0x2026),
          (0x2190, 0x2193), (0x2212, 0x2212), (0x2248, 0x2248), (0x2264, 0x2265)]
KEEP_TABLES = [b"cmap", b"head", b"hhea", b"hmtx", b"maxp", b"loca", b"glyf"]


def tables_of(font):
    num = struct.unpack(">H", font[4:6])[0]
    out = {}
    for i in range(num):
        tag, _, off, length = struct.unpack(">4sIII", font[12 + 16 * i: 28 + 16 * i])
        out[tag] = font[off: off + length]
    return out


def cmap_lookup(cmap):
    """Unicode BMP (3,1) format 4 subtable -> {codepoint: glyph id}."""
    num = struct.unpack(">H", cmap[2:4])[0]
    for i in range(num):
        plat, enc, off = struct.unpack(">HHI", cmap[4 + 8 * i: 12 + 8 * i])
        if (plat, enc) in ((3, 1), (0, 3)) and struct.unpack(">H", cmap[off: off + 2])[0] == 4:
            sub = cmap[off:]
            break
    else:
        sys.exit("embed_font: no format-4 Unicode cmap")
    seg2 = struct.unpack(">H", sub[6:8])[0]
    ends = struct.unpack(">%dH" % (seg2 // 2), sub[14: 14 + seg2])
    starts = struct.unpack(">%dH" % (seg2 // 2), sub[16 + seg2: 16 + 2 * seg2])
    deltas = struct.unpack(">%dh" % (seg2 // 2), sub[16 + 2 * seg2: 16 + 3 * seg2])
    ro_pos = 16 + 3 * seg2
    result = {}
    for lo, hi in RANGES:
        for c in range(lo, hi + 1):
            for k, end in enumerate(ends):
                if c <= end:
                    if c < starts[k]:
                        break
                    ro = struct.unpack(">H", sub[ro_pos + 2 * k: ro_pos + 2 * k + 2])[0]
                    if ro == 0:
                        g = (c + deltas[k]) & 0xFFFF
                    else:
                        p = ro_pos + 2 * k + ro + 2 * (c - starts[k])
                        g = struct.unpack(">H", sub[p: p + 2])[0]
                        g = (g + deltas[k]) & 0xFFFF if g else 0
                    if g:
                        result[c] = g
                    break
    return result


def glyph_ranges(t):
    long_loca = struct.unpack(">h", t[b"head"][50:52])[0] == 1
    n = struct.unpack(">H", t[b"maxp"][4:6])[0]
    if long_loca:
        loca = struct.unpack(">%dI" % (n + 1), t[b"loca"][: 4 * (n + 1)])
    else:
        loca = [2 * x for x in struct.unpack(">%dH" % (n + 1), t[b"loca"][: 2 * (n + 1)])]
    return n, loca


def components(glyph):
    """Glyph ids a composite glyph refers to."""
    if len(glyph) < 10 or struct.unpack(">h", glyph[:2])[0] >= 0:
        return []
    out, p = [], 10
    while True:
        flags, gid = struct.unpack(">HH", glyph[p: p + 4])
        out.append(gid)
        p += 4 + (4 if flags & 0x0001 else 2)
        if flags & 0x0008:
            p += 2
        elif flags & 0x0040:
            p += 4
        elif flags & 0x0080:
            p += 8
        if not flags & 0x0020:
            return out


def cmap_format4(mapping):
    """cmap table with one (3,1) format-4 subtable, one segment per character."""
    codes = sorted(mapping)
    seg = len(codes) + 1  # + the required 0xFFFF terminator
    search = 2 ** (seg.bit_length() - 1) * 2
    sub = struct.pack(">HHHHHHH", 4, 0, 0, seg * 2, search, (search // 2).bit_length() - 1,
                      seg * 2 - search)
    sub += struct.pack(">%dH" % seg, *(codes + [0xFFFF])) + b"\0\0"
    sub += struct.pack(">%dH" % seg, *(codes + [0xFFFF]))
    sub += struct.pack(">%dh" % seg, *([((mapping[c] - c + 0x8000) & 0xFFFF) - 0x8000
                                        for c in codes] + [1]))
    sub += struct.pack(">%dH" % seg, *([0] * seg))
    sub = sub[:2] + struct.pack(">H", len(sub)) + sub[4:]
    return struct.pack(">HHHHI", 0, 1, 3, 1, 12) + sub


def subset(font):
    t = tables_of(font)
    mapping = cmap_lookup(t[b"cmap"])
    n, loca = glyph_ranges(t)
    glyf = t[b"glyf"]
    keep = {0} | set(mapping.values())
    todo = list(keep)
    while todo:
        g = todo.pop()
        for c in components(glyf[loca[g]: loca[g + 1]]):
            if c not in keep:
                keep.add(c)
                todo.append(c)
    new_glyf, new_loca = b"", []
    for g in range(n):
        new_loca.append(len(new_glyf))
        if g in keep:
            data = glyf[loca[g]: loca[g + 1]]
            new_glyf += data + b"\0" * (-len(data) % 4)
    new_loca.append(len(new_glyf))
    # hmtx: zero the metrics of dropped glyphs (they compress away).
    hm = bytearray(t[b"hmtx"])
    n_hm = struct.unpack(">H", t[b"hhea"][34:36])[0]
    for g in range(n):
        if g not in keep:
            if g < n_hm:
                hm[4 * g: 4 * g + 4] = b"\0\0\0\0"
            elif 4 * n_hm + 2 * (g - n_hm) + 2 <= len(hm):
                p = 4 * n_hm + 2 * (g - n_hm)
                hm[p: p + 2] = b"\0\0"
    head = bytearray(t[b"head"])
    head[8:12] = b"\0\0\0\0"            # checkSumAdjustment: not verified by stb_truetype
    head[50:52] = struct.pack(">h", 1)  # long loca offsets
    t[b"head"] = bytes(head)
    t[b"hmtx"] = bytes(hm)
    t[b"loca"] = struct.pack(">%dI" % (n + 1), *new_loca)
    t[b"glyf"] = new_glyf
    t[b"cmap"] = cmap_format4(mapping)
    return build(t), len(mapping), len(keep)


def build(t):
    tags = KEEP_TABLES
    num = len(tags)
    search = 2 ** (num.bit_length() - 1)
    out = struct.pack(">IHHHH", 0x00010000, num, search * 16, (search).bit_length() - 1,
                      num * 16 - search * 16)
    offset = 12 + 16 * num
    records, body = b"", b""
    for tag in sorted(tags):
        data = t[tag]
        padded = data + b"\0" * (-len(data) % 4)
        checksum = sum(struct.unpack(">%dI" % (len(padded) // 4), padded)) & 0xFFFFFFFF
        records += struct.pack(">4sIII", tag, checksum, offset + len(body), len(data))
        body += padded
    return out + records + body


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], "rb") as f:
        font = f.read()
    data, chars, glyphs = subset(font)
    lines = []
    for i in range(0, len(data), 24):
        lines.append("    " + ",".join(str(b) for b in data[i: i + 24]) + ",")
    src = (
        "// Generated by web/tools/embed_font.py from %s: do not edit.\n"
        "// %d characters, %d glyphs, %d bytes (subset of %d).\n"
        "#include \"ui_font.h\"\n\n"
        "namespace vramcalc::web {\n\n"
        "extern const unsigned char kUiFontTtf[] = {\n%s\n};\n"
        "extern const size_t kUiFontTtfSize = sizeof(kUiFontTtf);\n\n"
        "}  // namespace vramcalc::web\n"
        % (sys.argv[1].split("/")[-1], chars, glyphs, len(data), len(font), "\n".join(lines)))
    with open(sys.argv[2], "w") as f:
        f.write(src)


if __name__ == "__main__":
    main()
