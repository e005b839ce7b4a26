#!/usr/bin/env bash
# Trains one model into the model repository, e.g. `trainer/train.sh cnn`. Options: see --help.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/fetch-mnist.sh
mvn -q -B -pl trainer -am install -DskipTests -Dmaven.install.skip=true
exec java -Xmx6g -cp "trainer/target/classes:$(cat trainer/target/classpath.txt)" dev.digitrecognizer.trainer.Main "$@"
