# Sourced by the load scripts: build what is missing, start the services from their jars at the
# deployed heaps (k8s/base: gateway 576m = 75% of 768Mi, inference 768m = 50% of 1536Mi) and
# collector (parallel), with -XX:+ExitOnOutOfMemoryError, and stop them on exit. Each script sets
# `name` and `work` first.
# GATEWAY_APP and INFERENCE_APP point at another build's quarkus-app folder, to measure it instead.

bench_prepare() {
  mkdir -p "$work"
  if [ ! -f gateway-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f inference-service/target/quarkus-app/quarkus-run.jar ] \
    || [ ! -f benchmarks/target/classpath.txt ]; then
    scripts/fetch-mnist.sh
    mvn -q -B -DskipTests -pl benchmarks,inference-service,gateway-service -am package
  fi
  java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" dev.digitrecognizer.benchmarks.LoadBodies "$work"
}

pids=()
bench_stop() { for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done; }
trap bench_stop EXIT

bench_await() { # URL LOG
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.5
  done
  echo "$name: $1 did not come up; see $2" >&2
  exit 1
}

# bench_start_inference PORT [PREFIX...] -- [JVM OPTIONS...]: PREFIX is e.g. "taskset -c 0"; gRPC on PORT + 1000
bench_start_inference() {
  local port="$1"; shift
  local prefix=(); while [ "$#" -gt 0 ] && [ "$1" != -- ]; do prefix+=("$1"); shift; done; shift || true
  "${prefix[@]}" java -Xmx768m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError "$@" \
    -Dquarkus.http.port="$port" -Dquarkus.grpc.server.port="$((port + 1000))" -Dinference.model-repository="$PWD/models" \
    -jar "${INFERENCE_APP:-inference-service/target/quarkus-app}/quarkus-run.jar" > "$work/inference.log" 2>&1 &
  inference_pid=$!
  pids+=("$inference_pid")
  bench_await "http://localhost:$port/v2/health/ready" "$work/inference.log"
}

# bench_start_gateway PORT BACKEND_PORT [PREFIX...] -- [JVM OPTIONS...]; logs to $work/$GATEWAY_LOG.log
bench_start_gateway() {
  local port="$1" backend="$2"; shift 2
  local prefix=(); while [ "$#" -gt 0 ] && [ "$1" != -- ]; do prefix+=("$1"); shift; done; shift || true
  "${prefix[@]}" java -Xmx576m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError "$@" \
    -Dquarkus.http.port="$port" -Dquarkus.rest-client.inference.url="http://localhost:$backend" \
    -Dquarkus.grpc.clients.inference.port="$((backend + 1000))" \
    -jar "${GATEWAY_APP:-gateway-service/target/quarkus-app}/quarkus-run.jar" > "$work/${GATEWAY_LOG:-gateway}.log" 2>&1 &
  gateway_pid=$!
  pids+=("$gateway_pid")
  bench_await "http://localhost:$port/q/health/live" "$work/${GATEWAY_LOG:-gateway}.log"
}
