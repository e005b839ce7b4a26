#!/usr/bin/env bash
# What answer ids cost /api/v1/predict: the gateway with feedback on (every answer signed, the
# default) and off (gateway.feedback.enabled=false), in one run against one inference service,
# restarted in turn ROUNDS times in alternation so that drift of the machine falls on both alike.
# Each round warms the gateway up, then runs wrk (cnn, a 280x280 canvas PNG) at c=1 and c=64.
# Prints a table per round, then the median of on/off per figure (requests/s and p50 at c=1,
# requests/s at c=64).
#   DURATION=10s  WARMUP=15s  ROUNDS=3
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "feedback: wrk is needed (apt-get install wrk)" >&2; exit 1; }
duration="${DURATION:-10s}"
warmup="${WARMUP:-15s}"
rounds="${ROUNDS:-3}"
port=18680
backend_port=18681
name=feedback
work=benchmarks/target/feedback
. benchmarks/lib.sh
bench_prepare
bench_start_inference $backend_port
rm -rf "$work/db"

# measure VARIANT ROUND CONNECTIONS: one table row, and "VARIANT C rps p50" in $work/figures
measure() {
  local threads=$(( $3 < 2 ? 1 : 2 )) line
  line=$(BODY="$work/predict-cnn.json" wrk -t"$threads" -c"$3" -d"$duration" --latency -s benchmarks/post.lua \
    "http://localhost:$port/api/v1/predict" | grep '^RESULT')
  # shellcheck disable=SC2086
  set -- "$1" "$2" "$3" ${line#RESULT }
  # $4 requests, $5 failed, $6 seconds, $7 rps, $8 p50, $9 p99
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "${7#rps=}" "${8#p50=}" "${9#p99=}" "${5#failed=}"
  echo "$1 $3 ${7#rps=} ${8#p50=}" >> "$work/figures"
}

: > "$work/figures"
echo "| feedback | round | c | requests/s | p50 ms | p99 ms | failed |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for round in $(seq 1 "$rounds"); do
  for variant in on off; do
    enabled=$([ $variant = on ] && echo true || echo false)
    bench_start_gateway $port $backend_port -- -Dgateway.feedback.enabled=$enabled \
      -Dgateway.feedback.secret=a-benchmark-secret-of-at-least-32-characters \
      "-Dgateway.feedback.db.url=jdbc:h2:file:$PWD/$work/db/feedback;MODE=PostgreSQL"
    BODY="$work/predict-cnn.json" wrk -t2 -c8 -d"$warmup" -s benchmarks/post.lua \
      "http://localhost:$port/api/v1/predict" > /dev/null
    for c in 1 64; do
      measure $variant "$round" $c
    done
    kill -TERM "$gateway_pid" && wait "$gateway_pid" 2>/dev/null || true
  done
done

# median over rounds of each round's on/off ratio
ratio() { # C COLUMN (3 = requests/s, 4 = p50)
  awk -v c="$1" -v col="$2" '$2 == c { v[$1, ++n[$1]] = $col }
    END { for (i = 1; i <= n["on"]; i++) r[i] = v["on", i] / v["off", i]
          m = n["on"]; for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (r[j] < r[i]) { t = r[i]; r[i] = r[j]; r[j] = t }
          printf "%.3f", (m % 2) ? r[(m + 1) / 2] : (r[m / 2] + r[m / 2 + 1]) / 2 }' "$work/figures"
}
echo
echo "on/off, median of $rounds rounds: c=1 requests/s $(ratio 1 3), c=1 p50 $(ratio 1 4), c=64 requests/s $(ratio 64 3)"
