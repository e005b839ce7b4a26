#!/usr/bin/env bash
# Unpacks the UCI optdigits test set (1,797 digits by 43 writers who are not MNIST's, scanned to
# 8x8 blocks of 0-16; CC BY 4.0) into data/optdigits, from Debian's python3-sklearn package,
# which ships it as sklearn/datasets/data/digits.csv.gz. Nothing is installed.
set -euo pipefail
dir="$(cd "$(dirname "$0")/.." && pwd)/data/optdigits"
[ -s "$dir/digits.csv.gz" ] && exit 0
command -v apt-get >/dev/null || { echo "fetch-optdigits: apt-get is needed to fetch Debian's python3-sklearn package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
(cd "$work" && apt-get download -q python3-sklearn >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get download -q python3-sklearn >/dev/null; })
dpkg-deb -x "$work"/python3-sklearn_*.deb "$work/x"
mkdir -p "$dir"
cp "$work"/x/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz "$dir/digits.csv.gz"
echo "fetch-optdigits: optdigits written to $dir"
