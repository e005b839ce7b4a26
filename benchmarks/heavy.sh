#!/usr/bin/env bash
# Heavy images at the production limits: the gateway jar with -Xmx576m -XX:+ExitOnOutOfMemoryError
# -XX:ActiveProcessorCount=1 (k8s/base/gateway.yaml: 768Mi, 1 cpu), 8 concurrent 4096x4096 PNGs
# while canvas drawings flow. Prints the statuses of each and whether the gateway JVM survived.
# Before admission by cost, four such PNGs at once killed it with OutOfMemoryError.
#   ROUNDS=3
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hey >/dev/null || { echo "heavy: hey is needed (apt-get install -y hey)" >&2; exit 1; }
rounds="${ROUNDS:-3}"
port=18380
backend_port=18381
name=heavy
work=benchmarks/target/heavy
. benchmarks/lib.sh
bench_prepare
# a 4096x4096 RGBA PNG: transparent, with a black vertical bar (a "1"); about 250 KB
python3 - "$work/big.png" <<'PY'
import struct, sys, zlib
w = h = 4096
clear = b"\0" + b"\0\0\0\0" * w
ink = b"\0" + b"\0\0\0\0" * 1800 + b"\0\0\0\xff" * 500 + b"\0\0\0\0" * (w - 2300)
raw = b"".join(ink if 600 <= y < 3500 else clear for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
echo "heavy: $(stat -c %s "$work/big.png") bytes of 4096x4096 PNG"

bench_start_inference $backend_port
bench_start_gateway $port $backend_port -- -XX:ActiveProcessorCount=1
gateway=$gateway_pid

url="http://localhost:$port/api/v1/predict"
for round in $(seq 1 "$rounds"); do
  hey -z 20s -c 4 -m POST -T application/json -D "$work/predict-cnn.json" "$url" > "$work/small-$round.txt" &
  small=$!
  bigs=()
  for i in $(seq 1 8); do
    curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: image/png' --data-binary @"$work/big.png" \
      "$url" > "$work/big-$round-$i.txt" &
    bigs+=($!)
  done
  wait "${bigs[@]}" || true
  wait "$small" || true
  echo "round $round: big PNGs: $(cat "$work"/big-"$round"-*.txt | sort | uniq -c | awk '{printf "%sx%s ", $2, $1}')"
  echo "round $round: canvases: $(grep -E '^\s+\[[0-9]+\]' "$work/small-$round.txt" | awk '{printf "%sx%s ", $1, $2}')"
done
if kill -0 "$gateway" 2>/dev/null; then echo "heavy: the gateway JVM survived"; else echo "heavy: the gateway JVM died"; grep -m1 -i OutOfMemory "$work/gateway.log" || true; fi
