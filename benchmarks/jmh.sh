#!/usr/bin/env bash
# JMH for the in-process parts: PNG decode, MNIST preprocessing, and ONNX Runtime per model,
# single and batched. Writes benchmarks/results/jmh.md. Run it on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-mnist.sh
mvn -q -B -DskipTests -pl benchmarks -am package
exec java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
  dev.digitrecognizer.benchmarks.JmhMain benchmarks/results/jmh.md
