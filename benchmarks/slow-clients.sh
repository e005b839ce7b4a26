#!/usr/bin/env bash
# Slow clients at the deployed configuration: both services from their jars (heaps as in k8s/base,
# gateway -XX:ActiveProcessorCount=1, so its worker pool is Quarkus's default 200 threads), then
# SLOW connections to each service that send a 50 KB body at one byte a second while hey sends
# ordinary requests at c=4 for the whole time. Prints, per service, what the ordinary requests got
# (statuses, p50, p99) and what the slow clients got (statuses, and when they were closed).
# Before bodies were read on the event loop, 201 such clients stopped every other request.
#   SLOW=220  DURATION=30s
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hey >/dev/null || { echo "slow-clients: hey is needed (apt-get install -y hey)" >&2; exit 1; }
slow="${SLOW:-220}"
duration="${DURATION:-30s}"
port=18480
backend_port=18481
name=slow-clients
work=benchmarks/target/slow-clients
. benchmarks/lib.sh
bench_prepare
bench_start_inference $backend_port -- -XX:ActiveProcessorCount=2
bench_start_gateway $port $backend_port -- -XX:ActiveProcessorCount=1

# SLOW connections on PORT PATH, each declaring 50,000 bytes and sending one a second; prints the
# status each got and how many seconds after the start it was closed.
slow_clients() {
  python3 - "$slow" "$1" "$2" <<'PY'
import asyncio, sys, time
n, port, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
async def client(start):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                 f"Content-Length: 50000\r\n\r\n".encode())
    await writer.drain()
    async def trickle():
        try:
            while True:
                writer.write(b" "); await writer.drain(); await asyncio.sleep(1)
        except Exception:
            pass
    sender = asyncio.create_task(trickle())
    answer = await reader.read(200)
    while await reader.read(4096):
        pass
    sender.cancel()
    status = answer.split(b" ")[1].decode() if answer.startswith(b"HTTP/") else "closed"
    return status, time.monotonic() - start
async def main():
    start = time.monotonic()
    results = await asyncio.gather(*(client(start) for _ in range(n)), return_exceptions=True)
    statuses = {}
    for r in results:
        key = r[0] if isinstance(r, tuple) else type(r).__name__
        statuses[key] = statuses.get(key, 0) + 1
    times = sorted(r[1] for r in results if isinstance(r, tuple))
    print("slow clients: %s; closed after %.1f to %.1f s" % (
        ", ".join(f"{k}x{v}" for k, v in sorted(statuses.items())), times[0], times[-1]))
asyncio.run(main())
PY
}

report() { # NAME HEY_OUTPUT
  awk -v name="$1" '
    /\[[0-9]+\][[:space:]]+[0-9]+ responses/ { codes = codes " " substr($1, 2, 3) "x" $2 }
    / 50% in/ { p50 = $3 } / 99% in/ { p99 = $3 }
    END { printf "%s: ordinary requests:%s, p50 %.1f ms, p99 %.1f ms\n", name, codes, p50 * 1000, p99 * 1000 }' "$2"
  grep -A3 "Error distribution" "$2" || true
}

for target in gateway inference; do
  if [ "$target" = gateway ]; then
    url="http://localhost:$port/api/v1/predict" body="$work/predict-cnn.json" target_port=$port path=/api/v1/predict
  else
    url="http://localhost:$backend_port/v2/models/cnn/infer" body="$work/infer.json" target_port=$backend_port
    path=/v2/models/cnn/infer
  fi
  slow_clients "$target_port" "$path" > "$work/$target-slow.txt" &
  clients=$!
  sleep 2 # let every slow client connect and start its body first
  hey -z "$duration" -c 4 -m POST -T application/json -D "$body" "$url" > "$work/$target-hey.txt"
  wait "$clients"
  report "$target" "$work/$target-hey.txt"
  echo "$target: $(cat "$work/$target-slow.txt")"
done
