#!/usr/bin/env python3
"""Reads UCI's optdigits (1,797 digits by 43 writers who are not MNIST's, scanned to 8x8) through a
running service's /api/v1/predict, each enlarged to SIZE px by bilinear interpolation between pixel
centres (edge pixels held, as image libraries resize) on a white page, and prints the share read
right and the commonest confusions. scripts/fetch-optdigits.sh fetches the set first.

  benchmarks/other-writers.py [URL=http://localhost:8080] [MODEL=cnn] [SIZE=112]
"""
import base64
import collections
import gzip
import json
import pathlib
import struct
import sys
import urllib.request
import zlib

SIDE = 8
MARGIN = 40


def png(side, rows):
    raw = b"".join(b"\x00" + bytes(row) for row in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def enlarged(ink, size):
    page = [[255] * (size + 2 * MARGIN) for _ in range(size + 2 * MARGIN)]
    for y in range(size):
        sy = min(max((y + 0.5) * SIDE / size - 0.5, 0), SIDE - 1)
        y0, fy = int(sy), sy - int(sy)
        y1 = min(y0 + 1, SIDE - 1)
        for x in range(size):
            sx = min(max((x + 0.5) * SIDE / size - 0.5, 0), SIDE - 1)
            x0, fx = int(sx), sx - int(sx)
            x1 = min(x0 + 1, SIDE - 1)
            v = (ink[y0][x0] * (1 - fx) + ink[y0][x1] * fx) * (1 - fy) + (ink[y1][x0] * (1 - fx) + ink[y1][x1] * fx) * fy
            page[MARGIN + y][MARGIN + x] = 255 - round(255 * v)
    return png(size + 2 * MARGIN, page)


def main():
    url = sys.argv[1] if len(sys.argv) > 1 else "http://localhost:8080"
    model = sys.argv[2] if len(sys.argv) > 2 else "cnn"
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 112
    data = pathlib.Path(__file__).resolve().parent.parent / "data" / "optdigits" / "digits.csv.gz"
    right, refused, confusions, rows = 0, 0, collections.Counter(), 0
    for line in gzip.open(data, "rt"):
        fields = [int(f) for f in line.split(",")]
        ink = [[fields[y * SIDE + x] / 16 for x in range(SIDE)] for y in range(SIDE)]
        body = json.dumps({"image": base64.b64encode(enlarged(ink, size)).decode(), "model": model}).encode()
        request = urllib.request.Request(url + "/api/v1/predict", body, {"Content-Type": "application/json"})
        answer = json.load(urllib.request.urlopen(request))
        label = fields[SIDE * SIDE]
        rows += 1
        right += answer["digit"] == label
        refused += answer["verdict"] != "digit"
        if answer["digit"] != label:
            confusions[f"{label} read as {answer['digit']}"] += 1
    print(f"{model}: {right} of {rows} right ({100 * right / rows:.2f}%), {refused} answered not a digit")
    print("commonest confusions:", ", ".join(f"{k} ({n})" for k, n in confusions.most_common(5)))


if __name__ == "__main__":
    main()
