#!/usr/bin/env bash
# What each augmentation does: trains the scratch network for 10 epochs with no augmentation,
# with the five that vary a scan (shift, rotate, scale, thickness, elastic), with those and
# stroke, and with the five but one, and measures each on the MNIST test set (ONNX Runtime)
# and on canvas drawings through the real services (gateway-service's CanvasAccuracyTest).
# Writes models/augmentation-ablation.md. Takes about 20 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
work=trainer/target/ablation
out=models/augmentation-ablation.md
mkdir -p "$work"
mvn -q -B -DskipTests -pl inference-service -am package
five=shift,rotate,scale,thickness,elastic
variants=(none $five all shift,rotate,scale,thickness rotate,scale,thickness,elastic shift,scale,thickness,elastic \
  shift,rotate,thickness,elastic shift,rotate,scale,elastic)
labels=("none" "the five: all but stroke" "all: the five and stroke" "the five but elastic" "the five but shift"
  "the five but rotate" "the five but scale" "the five but thickness")
rows=()
for i in "${!variants[@]}"; do
  repo="$work/${variants[$i]//,/-}"
  rm -rf "$repo" && mkdir -p "$repo"
  cp -r models/cnn models/mlp "$repo/"
  trainer/train.sh scratch --epochs 10 --augment "${variants[$i]}" --models "$repo" | tail -1
  mnist=$(grep -o '"testAccuracy": [0-9.]*' "$repo/scratch/card.json" | grep -o '[0-9.]*$')
  mvn -q -B -pl gateway-service -am test -Dtest=CanvasAccuracyTest -Dmodel.repository="$PWD/$repo" \
    -Dsurefire.failIfNoSpecifiedTests=false > "$work/canvas.log" 2>&1 || true
  canvas=$(grep '^| scratch ' gateway-service/target/canvas-accuracy.md)
  rows+=("$(awk -v label="${labels[$i]}" -v acc="$mnist" -v canvas="${canvas#| scratch }" \
    'BEGIN { printf "| %s | %.2f%% %s", label, acc * 100, canvas }')")
done
{
  echo "| scratch, 10 epochs, augmentation | MNIST test | canvas: scaled glyphs | canvas: round-brush strokes | canvas: all |"
  echo "| --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Produced by trainer/ablation.sh: seed 42, MNIST test accuracy through ONNX Runtime, canvas accuracy on"
  echo "1,200 drawings through gateway-service and inference-service."
} > "$out"
cat "$out"
