#!/usr/bin/env bash
# Where a request's time goes: both services from their jars (lib.sh), wrk against the gateway's
# predict with one canvas PNG (cnn) at c=1 and at c=64, each with a JFR recording (settings=profile)
# of both JVMs. Prints, per service and concurrency, the share of CPU samples by what they were
# doing, and each recording's hottest methods. Needs wrk, and a JDK 21+ jfr for `jfr view`
# (JFR_TOOL, default the Temurin 25 under /usr/lib/jvm).
#   DURATION=20s  WARMUP=20s
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "profile: wrk is needed (apt-get install wrk)" >&2; exit 1; }
duration="${DURATION:-20s}"
warmup="${WARMUP:-20s}"
jfr_tool="${JFR_TOOL:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr}"
port=18580
backend_port=18581
name=profile
work=benchmarks/target/profile
. benchmarks/lib.sh
bench_prepare
bench_start_inference $backend_port
bench_start_gateway $port $backend_port
url="http://localhost:$port/api/v1/predict"
BODY="$work/predict-cnn.json" wrk -t2 -c8 -d"$warmup" -s benchmarks/post.lua "$url" > /dev/null

# Each sample goes to the first category, in this order, that any frame of its stack belongs to.
categorise() {
  "$jfr_tool" print --events jdk.ExecutionSample --stack-depth 96 "$1" | awk '
    function flush() {
      if (stack == "") return
      c = "other"
      if (stack ~ /ModelInputImage|pngDataUrl/) c = "28x28 PNG for the answer"
      else if (stack ~ /preprocessing\.(PngDecoder|ImageDecoder)|javax\.imageio|com\.sun\.imageio/) c = "decode"
      else if (stack ~ /dev\.digitrecognizer\.(preprocessing|mnist)/) c = "preprocess"
      else if (stack ~ /ai\.onnxruntime/) c = "ONNX Runtime"
      else if (stack ~ /DynamicBatcher/) c = "batching"
      else if (stack ~ /TensorDecoder|BinaryRequest/) c = "tensor decode"
      else if (stack ~ /com\.fasterxml\.jackson/) c = "JSON"
      else if (stack ~ /java\.util\.Base64/) c = "base64"
      else if (stack ~ /io\.micrometer/) c = "metrics"
      else if (stack ~ /resteasy\.reactive\.client|rest\.client/) c = "REST client"
      else if (stack ~ /io\.smallrye\.faulttolerance/) c = "fault tolerance"
      else if (stack ~ /resteasy\.reactive\.server|resteasy\.reactive\.common/) c = "REST server"
      else if (stack ~ /io\.netty|io\.vertx|sun\.nio/) c = "HTTP I/O (Vert.x, Netty)"
      else if (stack ~ /jboss\.threads|ForkJoinPool|ThreadPoolExecutor|LockSupport/) c = "thread pools, hand-offs"
      n[c]++; total++; stack = ""
    }
    /^jdk\.ExecutionSample/ { flush() }
    /line:/ { stack = stack " " $1 }
    END { flush(); for (k in n) printf "  %5.1f%%  %s\n", 100 * n[k] / total, k | "sort -rn"; close("sort -rn"); printf "  (%d samples)\n", total }'
}

for c in 1 64; do
  threads=$(( c < 2 ? 1 : 2 ))
  for pid in "$gateway_pid" "$inference_pid"; do jcmd "$pid" JFR.start name=c$c settings=profile > /dev/null; done
  BODY="$work/predict-cnn.json" wrk -t$threads -c$c -d"$duration" --latency -s benchmarks/post.lua "$url" | grep '^RESULT' \
    | sed "s/^/c=$c: /"
  jcmd "$gateway_pid" JFR.stop name=c$c filename="$PWD/$work/gateway-c$c.jfr" > /dev/null
  jcmd "$inference_pid" JFR.stop name=c$c filename="$PWD/$work/inference-c$c.jfr" > /dev/null
  for service in gateway inference; do
    echo "$service at c=$c, CPU samples by what they were doing:"
    categorise "$work/$service-c$c.jfr"
    "$jfr_tool" view --width 160 hot-methods "$work/$service-c$c.jfr" | head -14 > "$work/$service-c$c-hot.txt"
  done
done
echo "hottest methods: $work/*-hot.txt; recordings: $work/*.jfr"
