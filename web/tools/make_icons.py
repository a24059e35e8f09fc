#!/usr/bin/env python3
"""Draws the app icons (PNG, standard library only): a dark rounded square with
the page's stacked memory bar, the weights / KV / activations / logits colours of
the results. Writes icon-192.png and icon-512.png into OUT_DIR.

usage: make_icons.py OUT_DIR
"""
import os
import struct
import sys
import zlib

BACKGROUND = (23, 25, 31)
# Bar segments, bottom to top: share of the bar and colour (the breakdown bar of the results).
SEGMENTS = [(0.55, (86, 145, 235)), (0.15, (240, 150, 60)), (0.2, (80, 190, 120)),
            (0.1, (220, 90, 90))]


def pixel(x, y, size):
    radius = size * 0.18
    # Rounded square: outside the corner circles is transparent.
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    if (x - cx) ** 2 + (y - cy) ** 2 > radius ** 2:
        return (0, 0, 0, 0)
    left, right = size * 0.36, size * 0.64
    bottom, top = size * 0.82, size * 0.18
    if left <= x < right and top <= y < bottom:
        level = (bottom - y) / (bottom - top)
        start = 0.0
        for share, colour in SEGMENTS:
            if level < start + share:
                # A thin gap between segments, in the background colour.
                if (level - start) * (bottom - top) < size * 0.012 and start > 0:
                    return BACKGROUND + (255,)
                return colour + (255,)
            start += share
    return BACKGROUND + (255,)


def png(size):
    rows = b"".join(b"\0" + bytes(c for x in range(size) for c in pixel(x + 0.5, y + 0.5, size))
                    for y in range(size))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) +
            chunk(b"IEND", b""))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for size in (192, 512):
        with open(os.path.join(sys.argv[1], "icon-%d.png" % size), "wb") as f:
            f.write(png(size))


if __name__ == "__main__":
    main()
