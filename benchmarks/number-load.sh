#!/usr/bin/env bash
# Is a 4-digit number cheaper per digit than four single digits? Both services from their jars
# (lib.sh); wrk sends the 840x280 canvas of MNIST test digits 0 to 3 to /api/v1/number and the
# 280x280 canvas of digit 0 to /api/v1/predict (cnn), at c=1 and c=8. Per digit, /number costs
# p50 / 4 at c=1 and 1 / (4 x requests/s) at c=8, set against one /predict. The inference service's
# metrics, read before and after each run, give the rows per infer request (a number's digits go as
# one request of 4 rows) and per ONNX Runtime run (what dynamic batching made of them).
# Writes benchmarks/results/number-load.md.
#   DURATION=10s  WARMUP=20s
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "number-load: wrk is needed (apt-get install wrk)" >&2; exit 1; }
duration="${DURATION:-10s}"
warmup="${WARMUP:-20s}"
digits=4
port=18680
backend_port=18681
name=number-load
work=benchmarks/target/number-load
results=benchmarks/results/number-load.md
. benchmarks/lib.sh
bench_prepare
bench_start_inference $backend_port
bench_start_gateway $port $backend_port

# ratios to two places, cut rather than rounded up (the epsilon keeps 0.29 from printing as 0.28)
cut='function cut(x) { return int(x * 100 + 1e-9) / 100 }'

# the cnn's counter or summary field NAME (inference_rows_total, inference_batch_size_sum, ...)
metric() {
  curl -s "http://localhost:$backend_port/q/metrics" \
    | awk -v name="$1" '$1 ~ "^" name "\\{" && $1 ~ /model="cnn"/ { print $2 }'
}

for endpoint in predict number; do
  BODY="$work/$endpoint-cnn.json" wrk -t2 -c8 -d"$warmup" -s benchmarks/post.lua \
    "http://localhost:$port/api/v1/$endpoint" > /dev/null
done

declare -A measured # "ENDPOINT CONNECTIONS" -> "requests/s p50"
: > "$results.tmp"
for c in 1 8; do
  threads=$(( c < 2 ? 1 : 2 ))
  for endpoint in predict number; do
    url="http://localhost:$port/api/v1/$endpoint"
    BODY="$work/$endpoint-cnn.json" wrk -t"$threads" -c"$c" -d"$duration" -s benchmarks/post.lua "$url" > /dev/null
    rows=$(metric inference_rows_total); requests=$(metric inference_request_seconds_count)
    batched=$(metric inference_batch_size_sum); runs=$(metric inference_batch_size_count)
    line=$(BODY="$work/$endpoint-cnn.json" wrk -t"$threads" -c"$c" -d"$duration" --latency -s benchmarks/post.lua "$url" \
      | grep '^RESULT')
    per_request=$(awk -v r0="$rows" -v r1="$(metric inference_rows_total)" -v q0="$requests" \
      -v q1="$(metric inference_request_seconds_count)" "$cut"' BEGIN { printf "%.2f", cut((r1 - r0) / (q1 - q0)) }')
    per_run=$(awk -v b0="$batched" -v b1="$(metric inference_batch_size_sum)" -v n0="$runs" \
      -v n1="$(metric inference_batch_size_count)" "$cut"' BEGIN { printf "%.2f", cut((b1 - b0) / (n1 - n0)) }')
    echo "$endpoint c=$c: $line rows/request=$per_request rows/run=$per_run"
    # shellcheck disable=SC2086
    set -- $line
    measured["$endpoint $c"]="${5#rps=} ${6#p50=}"
    printf '| /api/v1/%s | %s | %s | %s | %s | %s | %s | %s |\n' "$endpoint" "$c" "${5#rps=}" "${6#p50=}" \
      "${7#p99=}" "$per_request" "$per_run" "${3#failed=}" >> "$results.tmp"
  done
done

read -r _ predict_p50 <<< "${measured["predict 1"]}"
read -r _ number_p50 <<< "${measured["number 1"]}"
read -r predict_rps _ <<< "${measured["predict 8"]}"
read -r number_rps _ <<< "${measured["number 8"]}"
c1=$(awk -v n="$number_p50" -v p="$predict_p50" -v d=$digits "$cut"' BEGIN { printf "%.2f", cut(n / d / p) }')
c8=$(awk -v n="$number_rps" -v p="$predict_rps" -v d=$digits "$cut"' BEGIN { printf "%.2f", cut(p / (d * n)) }')
{
  echo "| figure | measured |"
  echo "| --- | --- |"
  echo "| c=1: per digit, /number p50 / $digits against one /predict p50 | $number_p50 / $digits against $predict_p50 ms = ${c1}x |"
  echo "| c=8: per digit, 1 / ($digits x /number requests/s) against 1 / (/predict requests/s) | $predict_rps / ($digits x $number_rps) = ${c8}x |"
  echo
  echo "| endpoint | connections | requests/s | p50 ms | p99 ms | rows per infer request | rows per ONNX Runtime run | failed |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  cat "$results.tmp"
  echo
  echo "wrk 4.1 on the same machine ($(nproc) cores), $duration per run after a warm-up run of the same length,"
  echo "after $warmup of each endpoint at c=8; cnn; /number reads MNIST test digits 0 to 3 on an 840x280 canvas,"
  echo "/predict digit 0 on a 280x280 canvas. Rows per request and per run are the inference service's"
  echo "inference_rows_total, inference_request_seconds_count and inference_batch_size over the measured run."
} > "$results"
rm "$results.tmp"
cat "$results"
