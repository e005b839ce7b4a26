#!/usr/bin/env bash
# Soak: both services from their jars with the heaps and CPU counts they get when deployed
# (k8s/base: gateway 1 CPU, 768Mi at MaxRAMPercentage 75; inference 2 CPUs, 1536Mi at 50),
# then wrk at concurrency 64 against the gateway's predict for MINUTES one-minute runs, while the
# RSS of both JVMs is sampled every 10 s. Reports requests/s and non-2xx per minute and the RSS
# over time; writes benchmarks/results/soak.md. Needs wrk (apt-get install wrk).
#   MINUTES=10   how long the load lasts
#   MODEL=cnn    the model asked
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "soak: wrk is needed (apt-get install wrk)" >&2; exit 1; }
minutes="${MINUTES:-10}"
model="${MODEL:-cnn}"
port=18190
backend_port=18191
name=soak
work=benchmarks/target/soak
results=benchmarks/results/soak.md
. benchmarks/lib.sh
bench_prepare
bench_start_inference $backend_port -- -XX:ActiveProcessorCount=2
bench_start_gateway $port $backend_port -- -XX:ActiveProcessorCount=1
inference=$inference_pid
gateway=$gateway_pid

rss() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo gone; }
start=$(date +%s)
(
  while kill -0 "$gateway" 2>/dev/null; do
    echo "$(( $(date +%s) - start )) $(rss "$gateway") $(rss "$inference")"
    sleep 10
  done
) > "$work/rss.txt" &
sampler=$!
pids+=("$sampler")

: > "$work/minutes.txt"
for minute in $(seq 1 "$minutes"); do
  line=$(BODY="$work/predict-$model.json" wrk -t2 -c64 -d60s --latency -s benchmarks/post.lua \
    "http://127.0.0.1:$port/api/v1/predict" | grep '^RESULT')
  echo "minute $minute: $line"
  echo "$minute ${line#RESULT }" >> "$work/minutes.txt"
done
kill "$sampler" 2>/dev/null || true
alive_gateway=$(kill -0 "$gateway" 2>/dev/null && echo yes || echo no)
alive_inference=$(kill -0 "$inference" 2>/dev/null && echo yes || echo no)

{
  echo "| minute | requests | non-2xx or failed | requests/s | p50 ms | p99 ms |"
  echo "| --- | --- | --- | --- | --- | --- |"
  while read -r minute requests failed _seconds rps p50 p99; do
    echo "| $minute | ${requests#requests=} | ${failed#failed=} | ${rps#rps=} | ${p50#p50=} | ${p99#p99=} |"
  done < "$work/minutes.txt"
  echo
  echo "| seconds | gateway RSS MiB | inference RSS MiB |"
  echo "| --- | --- | --- |"
  awk '{printf "| %s | %s | %s |\n", $1, $2, $3}' "$work/rss.txt"
  echo
  echo "wrk 4.1, c=64, $model, one 280x280 canvas PNG per request, on the same $(nproc) cores as both services."
  echo "Gateway -Xmx576m -XX:ActiveProcessorCount=1 (limit 768Mi), inference -Xmx768m -XX:ActiveProcessorCount=2"
  echo "(limit 1536Mi). Both alive at the end: gateway $alive_gateway, inference $alive_inference."
} > "$results"
cat "$results"
