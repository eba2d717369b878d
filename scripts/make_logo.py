#!/usr/bin/env python3
"""Writes the sample company's logo, a 360x120 RGBA PNG, deterministically.

A firebrick rounded badge with a white check mark and three grey bars (a
"report"), on a transparent background. Pure Python (zlib, struct): no
image library, and the bytes are the same on every machine.
Usage: make_logo.py OUT.png
"""
import math
import struct
import sys
import zlib

W, H = 360, 120
BRAND = (178, 34, 34)
GREY = (90, 90, 90)


def inside_rounded(x, y, x0, y0, x1, y1, r):
    cx = min(max(x, x0 + r), x1 - r)
    cy = min(max(y, y0 + r), y1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and x0 <= x <= x1 and y0 <= y <= y1


def near_segment(x, y, ax, ay, bx, by, width):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return math.hypot(x - px, y - py) <= width / 2


def pixel(x, y):
    # 4x4 supersampling for smooth edges
    acc = [0, 0, 0, 0]
    for sy in range(4):
        for sx in range(4):
            fx, fy = x + (sx + 0.5) / 4, y + (sy + 0.5) / 4
            col = None
            if inside_rounded(fx, fy, 8, 8, 112, 112, 22):
                col = BRAND
                if near_segment(fx, fy, 34, 62, 52, 82, 13) or near_segment(fx, fy, 52, 82, 88, 38, 13):
                    col = (255, 255, 255)
            else:
                for i, (y0, length) in enumerate(((30, 210), (56, 170), (82, 120))):
                    if inside_rounded(fx, fy, 132, y0, 132 + length, y0 + 12, 6):
                        col = GREY if i else BRAND
            if col:
                acc[0] += col[0]
                acc[1] += col[1]
                acc[2] += col[2]
                acc[3] += 255
    n = 16
    a = acc[3] // n
    if a == 0:
        return (0, 0, 0, 0)
    k = acc[3] // 255
    return (acc[0] // k, acc[1] // k, acc[2] // k, a)


def chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def main():
    raw = bytearray()
    for y in range(H):
        raw.append(0)
        for x in range(W):
            raw.extend(pixel(x, y))
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b"")
    with open(sys.argv[1], "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
