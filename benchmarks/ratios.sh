#!/usr/bin/env bash
# The gateway's two overhead ratios, each measured in rounds that alternate the system under load
# with the in-process work, so that the machine's drift between a load run and Costs falls on both
# halves of a ratio alike. Each round, with both services up and warmed: gateway cnn /predict at c=1
# (after a warm-up run of the same length at c=1: the JIT compiles the gateway's c=1 path for 20 to 30 s)
# and BareGateway the same way, a direct binary cnn infer at c=1, the same infer with each answer
# followed by 1 ms without a request, then the gateway and BareGateway at c=64 (each after a warm-up
# run of the same length at c=64), then Costs and RoundTrip while the services idle. Prints, per
# round and as the median of the rounds:
# - the c=1 ratio, gateway p50 / (decode + preprocess + direct binary infer p50);
# - the same with the infer 1 ms apart, which leaves the inference service idle between calls about
#   as long as a request through the gateway does (its decode and preprocess, then the hops), and
#   the cnn's own run time inside the service in each of the three c=1 runs
#   (nv_inference_compute_infer_duration_us per run), which shows what that idle costs the cnn;
# - the c=64 throughput as a share of the limit, cores / (decode + preprocess + compute), and
#   of the same work measured on every core at once, with Costs' cnn run 1 ms after the one before;
# - RoundTrip's p50, one loopback round trip between two idle processes: the least the gateway's
#   hop to inference adds to a request at c=1;
# - the same c=1 ratio and c=64 share for BareGateway, the least a gateway can be (Vert.x alone, only
#   the work the ratio counts), run and warmed the same way in the same rounds: what the machine
#   allows a gateway in front of the inference service, with no framework at all.
# Writes benchmarks/results/ratios.md, or with CPUS set (a taskset list, e.g. CPUS=0) runs everything,
# the services, BareGateway, wrk, Costs and RoundTrip, on those CPUs alone and writes ratios-cpus-$CPUS.md.
#   ROUNDS=5  DURATION=10s  WARMUP=40s  CPUS=
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
results=benchmarks/results/ratios${CPUS:+-cpus-$CPUS}.md
pin=()
[ -n "${CPUS:-}" ] && pin=(taskset -c "$CPUS")
cores=$("${pin[@]}" nproc)
. benchmarks/lib.sh
bench_prepare
bench_start_inference $backend_port "${pin[@]}"
bench_start_gateway $port $backend_port "${pin[@]}"
predict="http://localhost:$port/api/v1/predict"
bare_port=18790
bare="http://localhost:$bare_port/predict"
infer="http://localhost:$backend_port/v2/models/cnn/infer"
header_length="$(cat "$work/infer.bin.header-length")"

classpath="benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
"${pin[@]}" java -Xmx576m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError -cp "$classpath" \
  dev.digitrecognizer.benchmarks.BareGateway $bare_port $backend_port > "$work/bare.log" 2>&1 &
pids+=("$!")
bench_await "http://localhost:$bare_port/" "$work/bare.log"

# field LINE NAME: the number after NAME= in a RESULT, COSTS or ROUNDTRIP line
field() { sed -E "s/.* $2=([0-9.]+).*/\1/" <<< "$1"; }

# wrk_field CONNECTIONS URL BODY FIELD [binary [DELAY_MS]]: one run's rps or p50, from post.lua's RESULT line
wrk_field() {
  local threads=$(( $1 < 2 ? 1 : 2 )) line settings=()
  [ "${5:-}" = binary ] && settings=(CONTENT_TYPE=application/octet-stream HEADER_LENGTH="$header_length")
  [ -n "${6:-}" ] && settings+=(DELAY_MS="$6")
  line=$(env BODY="$3" "${settings[@]}" "${pin[@]}" wrk -t"$threads" -c"$1" -d"$duration" --latency \
    -s benchmarks/post.lua "$2" | grep '^RESULT')
  field "$line" "$4"
}

# cnn_runs: the inference service's cnn runs so far and the microseconds they took
cnn_runs() {
  curl -s "http://localhost:$backend_port/q/metrics" | awk '$0 ~ /model="cnn"/ && /^nv_inference_exec_count/ { n += $2 }
    $0 ~ /model="cnn"/ && /^nv_inference_compute_infer_duration_us/ { us += $2 } END { printf "%.0f %.0f\n", n, us }'
}

# p50_and_cnn_us WRK_FIELD_ARGS...: the run's p50 and the cnn's mean run time in it
p50_and_cnn_us() {
  local runs0 us0 runs1 us1 p50
  read -r runs0 us0 < <(cnn_runs)
  p50=$(wrk_field "$@")
  read -r runs1 us1 < <(cnn_runs)
  echo "$p50 $(( (us1 - us0) / (runs1 - runs0) ))"
}

for url in "$predict" "$bare"; do
  BODY="$work/predict-cnn.json" "${pin[@]}" wrk -t2 -c8 -d"$warmup" -s benchmarks/post.lua "$url" > /dev/null
  BODY="$work/predict-cnn.json" "${pin[@]}" wrk -t2 -c64 -d"$warmup" -s benchmarks/post.lua "$url" > /dev/null
  BODY="$work/predict-cnn.json" "${pin[@]}" wrk -t1 -c1 -d"$warmup" -s benchmarks/post.lua "$url" > /dev/null
done
BODY="$work/infer.bin" CONTENT_TYPE=application/octet-stream HEADER_LENGTH="$header_length" \
  "${pin[@]}" wrk -t1 -c1 -d"$duration" -s benchmarks/post.lua "$infer" > /dev/null

{
  echo "| round | gateway c=1 p50 ms (cnn run µs) | binary infer c=1 p50 ms (cnn run µs) | the same 1 ms apart | decode + preprocess µs | c=1 ratio | with the infer 1 ms apart | cnn µs 1 ms after the last | loopback round trip p50 µs | gateway c=64 requests/s | cnn µs | limit | share | on every core | share of it | bare gateway c=1 p50 ms (cnn run µs) | its c=1 ratio | its c=64 requests/s | its share |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  ratios=() apart_ratios=() shares=() measured_shares=() bare_ratios=() bare_shares=()
  for round in $(seq 1 "$rounds"); do
    wrk_field 1 "$predict" "$work/predict-cnn.json" p50 > /dev/null
    read -r gateway_p50 gateway_cnn < <(p50_and_cnn_us 1 "$predict" "$work/predict-cnn.json" p50)
    wrk_field 1 "$bare" "$work/predict-cnn.json" p50 > /dev/null
    read -r bare_p50 bare_cnn < <(p50_and_cnn_us 1 "$bare" "$work/predict-cnn.json" p50)
    read -r binary_p50 binary_cnn < <(p50_and_cnn_us 1 "$infer" "$work/infer.bin" p50 binary)
    read -r apart_p50 apart_cnn < <(p50_and_cnn_us 1 "$infer" "$work/infer.bin" p50 binary 1)
    wrk_field 64 "$predict" "$work/predict-cnn.json" rps > /dev/null
    rps=$(wrk_field 64 "$predict" "$work/predict-cnn.json" rps)
    wrk_field 64 "$bare" "$work/predict-cnn.json" rps > /dev/null
    bare_rps=$(wrk_field 64 "$bare" "$work/predict-cnn.json" rps)
    costs=$("${pin[@]}" java -XX:+UseParallelGC -cp "$classpath" dev.digitrecognizer.benchmarks.Costs | grep '^COSTS')
    round_trip=$(field "$("${pin[@]}" java -cp "$classpath" dev.digitrecognizer.benchmarks.RoundTrip | grep '^ROUNDTRIP')" p50_us)
    cost() { field "$costs" "$1"; }
    read -r ratio apart_ratio limit share measured_share bare_ratio bare_share < <(awk -v g="$gateway_p50" \
      -v b="$binary_p50" -v a="$apart_p50" -v n="$cores" -v p="$(cost preprocess_us)" -v c="$(cost cnn_us)" \
      -v r="$rps" -v m="$(cost cnn_rps)" -v bg="$bare_p50" -v br="$bare_rps" 'BEGIN { l = n * 1e6 / (p + c)
        printf "%.2f %.2f %.0f %.1f %.1f %.2f %.1f\n", g / (p / 1000 + b), g / (p / 1000 + a), l, 100 * r / l,
          100 * r / m, bg / (p / 1000 + b), 100 * br / l }')
    ratios+=("$ratio") apart_ratios+=("$apart_ratio") shares+=("$share") measured_shares+=("$measured_share")
    bare_ratios+=("$bare_ratio") bare_shares+=("$bare_share")
    echo "| $round | $gateway_p50 ($gateway_cnn) | $binary_p50 ($binary_cnn) | $apart_p50 ($apart_cnn) | $(cost preprocess_us) | ${ratio}x | ${apart_ratio}x | $(cost cnn_after_1ms_us) | $round_trip | $rps | $(cost cnn_us) | $limit | $share% | $(cost cnn_rps) | $measured_share% | $bare_p50 ($bare_cnn) | ${bare_ratio}x | $bare_rps | $bare_share% |"
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
  echo "| median of $rounds | | | | | $(median "${ratios[@]}")x | $(median "${apart_ratios[@]}")x | | | | | | $(median "${shares[@]}")% | | $(median "${measured_shares[@]}")% | | $(median "${bare_ratios[@]}")x | | $(median "${bare_shares[@]}")% |"
  echo
  echo "$cores core$([ "$cores" = 1 ] || echo s)${CPUS:+ (CPUs $CPUS alone)}; wrk 4.1 on the same machine, $duration per run, after $warmup of cnn /predict at c=8, $warmup at c=64 and $warmup at c=1;"
  echo "the same for BareGateway; each round's c=1 and c=64 runs of either follow a warm-up run of the same length and concurrency."
  echo "A cnn run µs is the service's own mean ONNX Runtime run time in that c=1 run."
} | tee "$results"
