#!/usr/bin/env bash
# Starts the whole system locally: inference-service, then gateway-service serving the frontend.
# Builds first when a jar is missing or older than its sources. Ctrl-C stops everything.
#
#   PORT=8080          where the page and the API are (http://localhost:$PORT/)
#   HOST=127.0.0.1     the address the gateway binds to; HOST=0.0.0.0 opens the page and the API to the network
#   BACKEND_PORT=8081  where the inference service listens, always on 127.0.0.1: it has no authentication
#   GRPC_PORT=8001     where the inference service serves the Open Inference Protocol over gRPC, on 127.0.0.1 too
#   MODELS=models      the model repository
#   JAVA_OPTS          extra JVM options for both services, which run the parallel collector
#                      (-XX:-UseParallelGC -XX:+UseG1GC for another)
set -euo pipefail
cd "$(dirname "$0")"
port="${PORT:-8080}"
host="${HOST:-127.0.0.1}"
backend_port="${BACKEND_PORT:-8081}"
grpc_port="${GRPC_PORT:-8001}"
models="$(cd "${MODELS:-models}" && pwd)"
inference_jar=inference-service/target/quarkus-app/quarkus-run.jar
gateway_jar=gateway-service/target/quarkus-app/quarkus-run.jar

stale() {
  local jar="$1" module="$2"
  [ ! -f "$jar" ] || [ -n "$(find "$module/src/main" pom.xml "$module/pom.xml" -newer "$jar" -print -quit)" ]
}

if stale "$inference_jar" inference-service || stale "$gateway_jar" gateway-service; then
  echo "run: building the services (mvn package -DskipTests)..."
  mvn -q -B -DskipTests -pl inference-service,gateway-service -am package
fi

pids=()
# Each service drains on SIGTERM: it answers the requests it has in flight before it exits. The
# gateway goes first and inference after, since the gateway's last requests still need inference.
stop() {
  trap - INT TERM EXIT
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

wait_ready() {
  local name="$1" url="$2" pid="$3"
  for _ in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run: $name exited during start-up" >&2
      return 1
    fi
    if http_ok "$url"; then
      return 0
    fi
    sleep 0.2
  done
  echo "run: $name did not become ready at $url" >&2
  return 1
}

# No curl needed: bash's /dev/tcp speaks just enough HTTP for a readiness probe.
http_ok() {
  local url="${1#http://}" host port path
  host="${url%%/*}"; path="/${url#*/}"; port="${host##*:}"; host="${host%%:*}"
  { exec 3<>"/dev/tcp/$host/$port"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$host" >&3
  local status
  read -r _ status _ <&3 || true
  exec 3<&- 3>&-
  [ "$status" = "200" ]
}

# Where to probe the gateway: a wildcard address is reachable on loopback.
case "$host" in
  0.0.0.0 | "::" | "[::]") probe_host=127.0.0.1 ;;
  *) probe_host="$host" ;;
esac

java -XX:+UseParallelGC ${JAVA_OPTS:-} -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$backend_port" \
  -Dquarkus.grpc.server.host=127.0.0.1 -Dquarkus.grpc.server.port="$grpc_port" \
  -Dinference.model-repository="$models" -jar "$inference_jar" &
pids+=("$!")
wait_ready inference-service "http://127.0.0.1:$backend_port/v2/health/ready" "${pids[0]}"

java -XX:+UseParallelGC ${JAVA_OPTS:-} -Dquarkus.http.host="$host" -Dquarkus.http.port="$port" -Dgateway.frontend-dir="$PWD/frontend" \
  -Dquarkus.rest-client.inference.url="http://127.0.0.1:$backend_port" \
  -Dquarkus.grpc.clients.inference.host=127.0.0.1 -Dquarkus.grpc.clients.inference.port="$grpc_port" \
  -jar "$gateway_jar" &
pids+=("$!")
wait_ready gateway-service "http://$probe_host:$port/q/health/ready" "${pids[1]}"

echo "run: digit-recognizer is up at http://localhost:$port/  (API: /api/v1, OpenAPI: /q/openapi). Ctrl-C stops it."
wait -n "${pids[@]}"
echo "run: a service stopped; stopping the others" >&2
exit 1
