#!/usr/bin/env bash
# The gateway's two transports to inference (gateway.inference.transport), http and grpc, in one
# run: one inference service, and the gateway restarted with each in turn, ROUNDS times in
# alternation so that drift of the machine falls on both alike. Each round warms the gateway up,
# then runs wrk against /api/v1/predict (cnn, a 280x280 canvas PNG) at c=1, 8 and 64, and
# /api/v1/number (a 4-digit number, one infer call of 4 rows) at c=8. Prints a table of
# requests/s, p50 and p99 (ms) per transport and round, and the failed requests.
#   DURATION=10s  WARMUP=15s  ROUNDS=2
#   VARIANTS="http grpc"  also grpc-vertx: transport grpc on Quarkus's Vert.x gRPC client
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "transports: wrk is needed (apt-get install wrk)" >&2; exit 1; }
duration="${DURATION:-10s}"
warmup="${WARMUP:-15s}"
rounds="${ROUNDS:-2}"
port=18580
backend_port=18581
name=transports
work=benchmarks/target/transports
. benchmarks/lib.sh
bench_prepare
bench_start_inference $backend_port

# measure TRANSPORT ROUND PATH BODY CONNECTIONS
measure() {
  local threads=$(( $5 < 2 ? 1 : 2 )) line
  line=$(BODY="$4" wrk -t"$threads" -c"$5" -d"$duration" --latency -s benchmarks/post.lua \
    "http://localhost:$port$3" | grep '^RESULT')
  # shellcheck disable=SC2086
  set -- "$1" "$2" "$3" "$4" "$5" ${line#RESULT }
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$5" \
    "${9#rps=}" "${10#p50=}" "${11#p99=}" "${7#failed=}"
}

echo "| transport | round | path | c | requests/s | p50 ms | p99 ms | failed |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for round in $(seq 1 "$rounds"); do
  for transport in ${VARIANTS:-http grpc}; do
    case $transport in
      http | grpc) options=(-Dgateway.inference.transport=$transport) ;;
      # Quarkus's Vert.x gRPC client in place of grpc-java's Netty channel
      grpc-vertx) options=(-Dgateway.inference.transport=grpc -Dquarkus.grpc.clients.inference.use-quarkus-grpc-client=true) ;;
    esac
    bench_start_gateway $port $backend_port -- "${options[@]}"
    BODY="$work/predict-cnn.json" wrk -t2 -c8 -d"$warmup" -s benchmarks/post.lua \
      "http://localhost:$port/api/v1/predict" > /dev/null
    BODY="$work/number-cnn.json" wrk -t2 -c8 -d5s -s benchmarks/post.lua \
      "http://localhost:$port/api/v1/number" > /dev/null
    for c in 1 8 64; do
      measure $transport "$round" /api/v1/predict "$work/predict-cnn.json" $c
    done
    measure $transport "$round" /api/v1/number "$work/number-cnn.json" 8
    kill -TERM "$gateway_pid" && wait "$gateway_pid" 2>/dev/null || true
  done
done
