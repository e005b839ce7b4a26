#!/usr/bin/env bash
# Overload, measured: both services from their jars pinned to core 0 (taskset -c 0,
# -XX:ActiveProcessorCount=1, heaps as in k8s/base: gateway 576m = 75% of 768Mi, inference 768m =
# 50% of 1536Mi), hey on core 1, c=64 against POST /api/v1/predict with one canvas PNG. Prints
# requests/s, the share of answers that were not 2xx, and p50/p99. The goal is at most 1% non-2xx:
# under overload answers get slower before they fail. Not part of mvn verify.
#   DURATION=60s  C=64  MODEL=cnn
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hey >/dev/null || { echo "overload: hey is needed (apt-get install -y hey)" >&2; exit 1; }
duration="${DURATION:-60s}"
c="${C:-64}"
model="${MODEL:-cnn}"
port=18280
backend_port=18281
name=overload
work=benchmarks/target/overload
. benchmarks/lib.sh
bench_prepare
bench_start_inference $backend_port taskset -c 0 -- -XX:ActiveProcessorCount=1
bench_start_gateway $port $backend_port taskset -c 0 -- -XX:ActiveProcessorCount=1

body="$work/predict-$model.json"
url="http://localhost:$port/api/v1/predict"
# warm-up: let the JIT compile the hot paths first
taskset -c 1 hey -z 15s -c 8 -m POST -T application/json -D "$body" "$url" > /dev/null
taskset -c 1 hey -z "$duration" -c "$c" -m POST -T application/json -D "$body" "$url" > "$work/hey.txt"

awk -v c="$c" -v d="$duration" '
  /Requests\/sec:/ { rps = $2 }
  /\[[0-9]+\][[:space:]]+[0-9]+ responses/ { code = substr($1, 2, 3); n = $2; total += n; if (code !~ /^2/) bad += n; codes = codes " " code "x" n }
  / 50% in/ { p50 = $3 }
  / 99% in/ { p99 = $3 }
  END {
    printf "c=%s for %s: %.1f requests/s, %d answers, non-2xx %.2f%% (%s ), p50 %.0f ms, p99 %.0f ms\n",
      c, d, rps, total, total ? 100 * bad / total : 0, codes, p50 * 1000, p99 * 1000
  }' "$work/hey.txt"
grep -c "Error distribution" "$work/hey.txt" >/dev/null && sed -n '/Error distribution/,$p' "$work/hey.txt" | head -5 || true
curl -s "http://localhost:$port/q/metrics" | grep -E '^gateway_(errors_total|inference_circuit_open|inference_attempts_total)' || true
