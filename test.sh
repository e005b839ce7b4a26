#!/usr/bin/env bash
# Runs every test (mvn verify). The system tests use a real Chromium, nginx and Prometheus: on
# Debian, what is missing is installed first with apt-get when this runs as root or with sudo;
# otherwise it stops at once with the line that installs it. Arguments go to Maven, e.g.
# ./test.sh -pl inference-service.
set -euo pipefail
cd "$(dirname "$0")"

packages=(chromium chromium-driver nginx-core gettext-base prometheus)
tools=(java mvn node npm kubectl chromium chromedriver nginx envsubst prometheus)

missing=()
if command -v dpkg >/dev/null; then
  for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  install=(apt-get install -y -q --no-install-recommends "${missing[@]}")
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo)
  else
    echo "test: the tests need ${missing[*]}; install them with:" >&2
    echo "  sudo apt-get update && sudo ${install[*]}" >&2
    exit 1
  fi
  echo "test: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" "${install[@]}"
fi

absent=()
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null || absent+=("$tool")
done
if [ "${#absent[@]}" -gt 0 ]; then
  echo "test: not found on PATH: ${absent[*]}" >&2
  echo "  JDK 17+, Maven 3.8+, Node.js with npm and kubectl come first; on Debian the rest is" >&2
  echo "  apt-get install ${packages[*]}" >&2
  exit 1
fi

exec mvn -B verify "$@"
