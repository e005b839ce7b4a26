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

# Each sample goes to the category of the innermost frame of its stack that names one: the code
# that was running, not the code that asked for it (a continuation runs inside whatever completed it).
categorise() {
  "$jfr_tool" print --events jdk.ExecutionSample --stack-depth 96 "$1" | awk '
    function category(frame) {
      if (frame ~ /ModelInputImage|pngDataUrl|PNGImageWriter/) return "28x28 PNG for the answer"
      if (frame ~ /preprocessing\.(PngDecoder|ImageDecoder)|javax\.imageio|com\.sun\.imageio|java\.util\.zip/) return "decode"
      if (frame ~ /dev\.digitrecognizer\.(preprocessing|mnist)/) return "preprocess"
      if (frame ~ /ai\.onnxruntime/) return "ONNX Runtime"
      if (frame ~ /inference\.model\.(DynamicBatcher|RequestQueue|BatchWorkers|BatcherMetrics)/) return "batching"
      if (frame ~ /TensorDecoder|BinaryRequest|BinaryInput/) return "tensor encode/decode"
      if (frame ~ /com\.fasterxml\.jackson/) return "JSON"
      if (frame ~ /java\.util\.Base64/) return "base64"
      if (frame ~ /io\.micrometer/) return "metrics"
      if (frame ~ /InferTransport|resteasy\.reactive\.client|vertx\.core\.http\.impl\.[A-Za-z0-9]*Client/) return "HTTP client"
      if (frame ~ /io\.smallrye\.faulttolerance/) return "fault tolerance"
      if (frame ~ /io\.smallrye\.mutiny/) return "Mutiny"
      if (frame ~ /resteasy\.reactive/) return "REST server"
      if (frame ~ /io\.netty|io\.vertx|sun\.nio/) return "HTTP I/O (Vert.x, Netty)"
      if (frame ~ /jboss\.threads|ForkJoinPool|ThreadPoolExecutor|LockSupport/) return "thread pools, hand-offs"
      return ""
    }
    function flush() {
      if (frames == 0) return
      c = "other"
      for (i = 1; i <= frames; i++) { k = category(frame[i]); if (k != "") { c = k; break } }
      n[c]++; total++; frames = 0
    }
    /^jdk\.ExecutionSample/ { flush() }
    /line:/ { frame[++frames] = $1 }
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
