#!/usr/bin/env bash
# HTTP load with wrk (Debian package wrk) against the running system, on this machine: each model
# at concurrency 1, 8 and 64, through the gateway and directly against the inference service; then
# direct cnn again with dynamic batching off; direct cnn with the binary tensor extension (as the
# gateway sends it) and a 4000x3000 photo through the gateway. Then, with the system stopped, the
# in-process costs (Costs) that the figures are set against: the c=1 overhead ratio, gateway p50 /
# (decode + preprocess + direct binary infer p50), and c=64 throughput as a share of the 2-core
# limit, cores / (decode + preprocess + compute), and of the same work's throughput measured with
# every core doing it at once. Writes benchmarks/results/load.md.
#   DURATION=10s  how long each run lasts (after a warm-up run of the same length)
#   WARMUP=20s    how long each freshly started system is loaded first, so that the JIT has
#                 compiled the hot paths before anything is measured
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "load: wrk is needed (apt-get install wrk)" >&2; exit 1; }
duration="${DURATION:-10s}"
warmup="${WARMUP:-20s}"
port=18180
backend_port=18181
work=benchmarks/target/load
results=benchmarks/results/load.md
# every model of the repository: each folder with a config.pbtxt
mapfile -t models < <(cd models && for config in */config.pbtxt; do echo "${config%%/*}"; done)

scripts/fetch-mnist.sh
mvn -q -B -DskipTests -pl benchmarks,inference-service,gateway-service -am package
mkdir -p "$work"
java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.digitrecognizer.benchmarks.LoadBodies "$work"

system=""
start_system() {
  JAVA_OPTS="$1" PORT=$port BACKEND_PORT=$backend_port ./run.sh > "$work/run.log" 2>&1 &
  system=$!
  for _ in $(seq 1 240); do
    if grep -q "is up at" "$work/run.log"; then
      for model in "${models[@]}"; do
        BODY="$work/predict-$model.json" wrk -t2 -c8 -d"$warmup" -s benchmarks/post.lua \
          "http://localhost:$port/api/v1/predict" > /dev/null
      done
      BODY="$work/infer.json" wrk -t2 -c8 -d"$warmup" -s benchmarks/post.lua \
        "http://localhost:$backend_port/v2/models/cnn/infer" > /dev/null
      return 0
    fi
    sleep 0.5
  done
  echo "load: the system did not start; see $work/run.log" >&2
  exit 1
}
stop_system() {
  [ -n "$system" ] && kill -TERM "$system" 2>/dev/null && wait "$system" 2>/dev/null || true
  system=""
}
trap stop_system EXIT

declare -A measured # "TARGET MODEL CONNECTIONS BATCHING" -> "requests/s p50 p99"
# run TARGET MODEL CONNECTIONS URL BODY BATCHING (CONTENT_TYPE and HEADER_LENGTH pass on to post.lua)
run() {
  local threads=$(( $3 < 2 ? 1 : 2 ))
  BODY="$5" wrk -t"$threads" -c"$3" -d"$duration" -s benchmarks/post.lua "$4" > /dev/null
  local line
  line=$(BODY="$5" wrk -t"$threads" -c"$3" -d"$duration" --latency -s benchmarks/post.lua "$4" | grep '^RESULT')
  echo "$1 $2 c=$3 $6: $line"
  # shellcheck disable=SC2086
  set -- "$1" "$2" "$3" "$6" ${line#RESULT }
  measured["$1 $2 $3 $4"]="${8#rps=} ${9#p50=} ${10#p99=}"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" \
    "${8#rps=}" "${9#p50=}" "${10#p99=}" "${6#failed=}" >> "$results.tmp"
}

: > "$results.tmp"
start_system ""
for model in "${models[@]}"; do
  for c in 1 8 64; do
    run gateway "$model" "$c" "http://localhost:$port/api/v1/predict" "$work/predict-$model.json" on
  done
done
for model in "${models[@]}"; do
  for c in 1 8 64; do
    run inference "$model" "$c" "http://localhost:$backend_port/v2/models/$model/infer" "$work/infer.json" on
  done
done
CONTENT_TYPE=application/octet-stream HEADER_LENGTH="$(cat "$work/infer.bin.header-length")" \
  run "inference (binary)" cnn 1 "http://localhost:$backend_port/v2/models/cnn/infer" "$work/infer.bin" on
photo_ms=$(for _ in $(seq 1 20); do
  curl -s -o /dev/null -w '%{time_total}\n' -H 'Content-Type: image/jpeg' --data-binary @"$work/photo.jpg" \
    "http://localhost:$port/api/v1/predict"
done | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] * 1000 }')
echo "gateway: a 4000x3000 photo, median of 20: $photo_ms ms"
stop_system

start_system "-Dinference.batching.max-queue-delay-micros=0"
for c in 1 8 64; do
  run inference cnn "$c" "http://localhost:$backend_port/v2/models/cnn/infer" "$work/infer.json" off
done
run gateway cnn 64 "http://localhost:$port/api/v1/predict" "$work/predict-cnn.json" off
stop_system

costs=$(java -XX:+UseParallelGC -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.digitrecognizer.benchmarks.Costs | grep '^COSTS')
echo "in process: $costs"
cost() { sed -E "s/.* $1=([0-9.]+).*/\1/" <<< "$costs"; }
read -r _ gateway_c1_p50 _ <<< "${measured["gateway cnn 1 on"]}"
read -r gateway_c64_rps _ _ <<< "${measured["gateway cnn 64 on"]}"
read -r _ binary_c1_p50 _ <<< "${measured["inference (binary) cnn 1 on"]}"
ratio=$(awk -v g="$gateway_c1_p50" -v p="$(cost preprocess_us)" -v b="$binary_c1_p50" 'BEGIN { printf "%.2f", g / (p / 1000 + b) }')
limit=$(awk -v n="$(nproc)" -v p="$(cost preprocess_us)" -v c="$(cost cnn_us)" 'BEGIN { printf "%.0f", n * 1e6 / (p + c) }')
share=$(awk -v r="$gateway_c64_rps" -v l="$limit" 'BEGIN { printf "%.1f", 100 * r / l }')
measured_share=$(awk -v r="$gateway_c64_rps" -v l="$(cost cnn_rps)" 'BEGIN { printf "%.1f", 100 * r / l }')

{
  echo "| figure | measured |"
  echo "| --- | --- |"
  echo "| c=1 overhead ratio, gateway cnn p50 / (decode + preprocess + direct binary infer p50) | $gateway_c1_p50 / ($(cost preprocess_us) µs + $binary_c1_p50 ms) = ${ratio}x |"
  echo "| c=64 gateway cnn throughput, share of the in-process limit | $gateway_c64_rps of $limit requests/s ($(nproc) cores / ($(cost preprocess_us) + $(cost cnn_us) µs)) = $share% |"
  echo "| c=64 gateway cnn throughput, share of the same work measured on every core at once ($(nproc) threads each decoding, preprocessing and running the cnn, in process) | $gateway_c64_rps of $(cost cnn_rps) requests/s = $measured_share% |"
  echo "| a 4000x3000 photo JPEG through the gateway (median of 20, c=1) | $photo_ms ms; in process, decode + preprocess $(cost photo_ms) ms |"
  echo
  echo "| target | model | connections | batching | requests/s | p50 ms | p99 ms | failed |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
  cat "$results.tmp"
  echo
  echo "wrk 4.1 on the same machine ($(nproc) cores), $duration per run after a warm-up run of the same length;"
  echo "each system start is first loaded for $warmup per model through the gateway and $warmup directly;"
  echo "one 280x280 canvas PNG per gateway request, one preprocessed 784-float row per inference request."
} > "$results"
rm "$results.tmp"
cat "$results"
