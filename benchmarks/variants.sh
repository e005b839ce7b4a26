#!/usr/bin/env bash
# Gateway variants (builds or JVM options) side by side, for a noisy machine: one inference
# service, every variant's gateway up at once, each warmed up, then wrk against each in turn for
# DURATION, ROUNDS times, so that the machine's drift falls on all of them alike (a gateway not
# under load costs nothing). cnn /predict of a 280x280 canvas PNG at C connections. Prints
# requests/s, p50 and p99 (ms), the failed requests, and the gateway's and the inference service's
# CPU time per request (from /proc: every thread, the JIT and the collector too).
#   benchmarks/variants.sh "LABEL|QUARKUS-APP DIR|JVM OPTIONS" "LABEL|DIR|OPTIONS" ...
#   an empty DIR is this checkout's build; lib.sh's options (heap, parallel collector) come first, so
#   another collector needs -XX:-UseParallelGC too, e.g. "g1||-XX:-UseParallelGC -XX:+UseG1GC"
#   C=64  ROUNDS=8  DURATION=5s  WARMUP=40s  INFERENCE_OPTS=""
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "variants: wrk is needed (apt-get install wrk)" >&2; exit 1; }
[ "$#" -ge 2 ] || { echo "variants: name two variants or more, \"label|dir|jvm options\"" >&2; exit 1; }
connections="${C:-64}"
rounds="${ROUNDS:-8}"
duration="${DURATION:-5s}"
warmup="${WARMUP:-40s}"
backend_port=18681
name=variants
work=benchmarks/target/variants
. benchmarks/lib.sh
bench_prepare
# shellcheck disable=SC2086
bench_start_inference $backend_port -- ${INFERENCE_OPTS:-}
BODY="$work/infer.json" wrk -t2 -c64 -d20s -s benchmarks/post.lua \
  "http://localhost:$backend_port/v2/models/cnn/infer" > /dev/null

labels=() ports=() gateways=()
port=18700
for variant in "$@"; do
  IFS='|' read -r label app options <<< "$variant"
  # shellcheck disable=SC2086
  GATEWAY_APP="$app" GATEWAY_LOG="gateway-$label" bench_start_gateway $port $backend_port -- $options
  labels+=("$label") ports+=("$port") gateways+=("$gateway_pid")
  port=$((port + 1))
done
url() { echo "http://localhost:${ports[$1]}/api/v1/predict"; }
threads=$(( connections < 2 ? 1 : 2 ))
for i in "${!ports[@]}"; do
  BODY="$work/predict-cnn.json" wrk -t2 -c8 -d"$warmup" -s benchmarks/post.lua "$(url "$i")" > /dev/null
  BODY="$work/predict-cnn.json" wrk -t"$threads" -c"$connections" -d10s -s benchmarks/post.lua "$(url "$i")" > /dev/null
done

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)
echo "| variant | round | c | requests/s | p50 ms | p99 ms | failed | gateway CPU µs per request | inference CPU µs per request |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for round in $(seq 1 "$rounds"); do
  for i in "${!ports[@]}"; do
    before=$(cpu_ticks "${gateways[$i]}") inference_before=$(cpu_ticks "$inference_pid")
    line=$(BODY="$work/predict-cnn.json" wrk -t"$threads" -c"$connections" -d"$duration" --latency \
      -s benchmarks/post.lua "$(url "$i")" | grep '^RESULT')
    after=$(cpu_ticks "${gateways[$i]}") inference_after=$(cpu_ticks "$inference_pid")
    # shellcheck disable=SC2086
    set -- ${line#RESULT }
    requests=${1#requests=}
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "${labels[$i]}" "$round" "$connections" \
      "${4#rps=}" "${5#p50=}" "${6#p99=}" "${2#failed=}" \
      "$(( (after - before) * 1000000 / ticks_per_second / requests ))" \
      "$(( (inference_after - inference_before) * 1000000 / ticks_per_second / requests ))"
  done
done
