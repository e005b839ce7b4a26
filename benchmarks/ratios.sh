#!/usr/bin/env bash
# The gateway's two overhead ratios, each measured in rounds that alternate the system under load
# with the in-process work, so that the machine's drift between a load run and Costs falls on both
# halves of a ratio alike. Each round, with both services up and warmed: gateway cnn /predict at c=1
# and a direct binary cnn infer at c=1, then the gateway at c=64, then Costs while the services idle.
# Prints, per round and as the median of the rounds, the c=1 ratio, gateway p50 / (decode +
# preprocess + direct binary infer p50), and the c=64 throughput as a share of the 2-core limit,
# cores / (decode + preprocess + compute), and of the same work measured on every core at once;
# with Costs' cnn run 1 ms after the one before, as a request through the gateway finds it. Writes
# benchmarks/results/ratios.md.
#   ROUNDS=5  DURATION=10s  WARMUP=40s
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "ratios: wrk is needed (apt-get install wrk)" >&2; exit 1; }
rounds="${ROUNDS:-5}"
duration="${DURATION:-10s}"
warmup="${WARMUP:-40s}"
port=18780
backend_port=18781
name=ratios
work=benchmarks/target/ratios
results=benchmarks/results/ratios.md
. benchmarks/lib.sh
bench_prepare
bench_start_inference $backend_port
bench_start_gateway $port $backend_port
predict="http://localhost:$port/api/v1/predict"
infer="http://localhost:$backend_port/v2/models/cnn/infer"
header_length="$(cat "$work/infer.bin.header-length")"

# wrk_field CONNECTIONS URL BODY FIELD [binary]: one run's rps or p50, from post.lua's RESULT line
wrk_field() {
  local threads=$(( $1 < 2 ? 1 : 2 )) line binary=()
  [ "${5:-}" = binary ] && binary=(CONTENT_TYPE=application/octet-stream HEADER_LENGTH="$header_length")
  line=$(env BODY="$3" "${binary[@]}" wrk -t"$threads" -c"$1" -d"$duration" --latency \
    -s benchmarks/post.lua "$2" | grep '^RESULT')
  sed -E "s/.* $4=([0-9.]+).*/\1/" <<< "$line"
}

BODY="$work/predict-cnn.json" wrk -t2 -c8 -d"$warmup" -s benchmarks/post.lua "$predict" > /dev/null
BODY="$work/predict-cnn.json" wrk -t2 -c64 -d"$warmup" -s benchmarks/post.lua "$predict" > /dev/null
BODY="$work/infer.bin" CONTENT_TYPE=application/octet-stream HEADER_LENGTH="$header_length" \
  wrk -t1 -c1 -d"$duration" -s benchmarks/post.lua "$infer" > /dev/null

{
  echo "| round | gateway c=1 p50 ms | binary infer c=1 p50 ms | decode + preprocess µs | c=1 ratio | cnn µs 1 ms after the last | gateway c=64 requests/s | cnn µs | limit | share | on every core | share of it |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  ratios=() shares=() measured_shares=()
  for round in $(seq 1 "$rounds"); do
    gateway_p50=$(wrk_field 1 "$predict" "$work/predict-cnn.json" p50)
    binary_p50=$(wrk_field 1 "$infer" "$work/infer.bin" p50 binary)
    rps=$(wrk_field 64 "$predict" "$work/predict-cnn.json" rps)
    costs=$(java -XX:+UseParallelGC -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
      dev.digitrecognizer.benchmarks.Costs | grep '^COSTS')
    cost() { sed -E "s/.* $1=([0-9.]+).*/\1/" <<< "$costs"; }
    read -r ratio limit share measured_share < <(awk -v g="$gateway_p50" -v b="$binary_p50" -v n="$(nproc)" \
      -v p="$(cost preprocess_us)" -v c="$(cost cnn_us)" -v r="$rps" -v m="$(cost cnn_rps)" \
      'BEGIN { l = n * 1e6 / (p + c); printf "%.2f %.0f %.1f %.1f\n", g / (p / 1000 + b), l, 100 * r / l, 100 * r / m }')
    ratios+=("$ratio") shares+=("$share") measured_shares+=("$measured_share")
    echo "| $round | $gateway_p50 | $binary_p50 | $(cost preprocess_us) | ${ratio}x | $(cost cnn_after_1ms_us) | $rps | $(cost cnn_us) | $limit | $share% | $(cost cnn_rps) | $measured_share% |"
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
  echo "| median of $rounds | | | | $(median "${ratios[@]}")x | | | | | $(median "${shares[@]}")% | | $(median "${measured_shares[@]}")% |"
  echo
  echo "$(nproc) cores; wrk 4.1 on the same machine, $duration per run, after $warmup of cnn /predict at c=8 and $warmup at c=64."
} | tee "$results"
