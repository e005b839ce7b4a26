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
work=benchmarks/target/heavy
mkdir -p "$work"
if [ ! -f gateway-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f inference-service/target/quarkus-app/quarkus-run.jar ] \
  || [ ! -f benchmarks/target/classpath.txt ]; then
  scripts/fetch-mnist.sh
  mvn -q -B -DskipTests -pl benchmarks,inference-service,gateway-service -am package
fi
java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.digitrecognizer.benchmarks.LoadBodies "$work"
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

pids=()
stop() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done; }
trap stop EXIT
await() {
  for _ in $(seq 1 300); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "heavy: $1 did not come up" >&2; exit 1
}
java -Xmx768m -Dquarkus.http.port=$backend_port -Dinference.model-repository="$PWD/models" \
  -jar inference-service/target/quarkus-app/quarkus-run.jar > "$work/inference.log" 2>&1 &
pids+=($!)
await "http://localhost:$backend_port/v2/health/ready"
java -Xmx576m -XX:+ExitOnOutOfMemoryError -XX:ActiveProcessorCount=1 \
  -Dquarkus.http.port=$port -Dquarkus.rest-client.inference.url="http://localhost:$backend_port" \
  -jar gateway-service/target/quarkus-app/quarkus-run.jar > "$work/gateway.log" 2>&1 &
gateway=$!
pids+=($gateway)
await "http://localhost:$port/q/health/live"

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
