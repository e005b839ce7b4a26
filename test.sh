#!/usr/bin/env bash
# Runs every test (mvn verify). The system tests use a real Chromium, nginx, Prometheus, PostgreSQL and Docker
# engine: on Debian, what is missing is installed first with apt-get when this runs as root or with
# sudo; otherwise it stops at once with the line that installs it. When no Docker engine answers,
# this starts one (as root) and stops it afterwards; the images' base, debian:bookworm-slim, is
# pulled or else built once with debootstrap (deploy/base-image.sh). Arguments go to Maven, e.g.
# ./test.sh -pl inference-service.
set -euo pipefail
cd "$(dirname "$0")"

packages=(chromium chromium-driver nginx-core gettext-base prometheus postgresql docker.io docker-compose debootstrap)
# The fonts the trainer draws with (trainer's FontBook) and the tests' held-out ones (test-fixtures' HeldOutDrawings).
packages+=(fonts-adf-accanthis fonts-adf-baskervald fonts-adf-berenis fonts-adf-gillius fonts-adf-irianis
  fonts-adf-libris fonts-adf-mekanus fonts-adf-oldania fonts-adf-romande fonts-adf-switzera fonts-adf-tribun
  fonts-adf-universalis fonts-adf-verana fonts-sil-andika fonts-blankenburg fonts-breip fonts-cabin fonts-cantarell
  fonts-cmu fonts-crosextra-carlito fonts-dancingscript fonts-dustin fonts-ebgaramond fonts-oflb-euterpe
  fonts-fantasque-sans fonts-femkeklaver fonts-firacode fonts-oldstandard fonts-freefont-ttf fonts-sil-gentiumplus
  fonts-hack fonts-inconsolata fonts-junicode fonts-jura fonts-league-spartan fonts-linuxlibertine fonts-lobster
  fonts-lobstertwo fonts-mplus fonts-open-sans fonts-quicksand fonts-radisnoir fonts-roboto-unhinted fonts-staypuft
  fonts-tlwg-purisa-ttf fonts-tlwg-kinnari-ttf fonts-vollkorn fonts-yanone-kaffeesatz)
packages+=(fonts-dejavu-core fonts-liberation2 fonts-urw-base35 fonts-comic-neue fonts-humor-sans fonts-dkg-handwriting
  fonts-kristi fonts-isabella fonts-ocr-b)
tools=(java mvn node npm kubectl chromium chromedriver nginx envsubst prometheus docker debootstrap)

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

if ! command -v docker-compose >/dev/null && ! docker compose version >/dev/null 2>&1; then
  echo "test: neither docker compose (v2) nor docker-compose is installed; apt-get install docker-compose" >&2
  exit 1
fi

# A Docker engine: the one that answers, or one started here for the run and stopped after it.
dockerd_pid=
stop_dockerd() {
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid" 2>/dev/null || true
    wait "$dockerd_pid" 2>/dev/null || true
  fi
}
if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test: no Docker engine answers; start one with:" >&2
    echo "  sudo dockerd >/tmp/dockerd.log 2>&1 &" >&2
    exit 1
  fi
  if [ -S /var/run/docker.sock ] && pgrep -x dockerd >/dev/null; then
    echo "test: dockerd runs but does not answer on /var/run/docker.sock; see its log" >&2
    exit 1
  fi
  echo "test: starting a Docker engine for this run (log: target/dockerd.log)"
  mkdir -p target
  dockerd >target/dockerd.log 2>&1 &
  dockerd_pid=$!
  trap stop_dockerd EXIT
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    if ! kill -0 "$dockerd_pid" 2>/dev/null; then
      echo "test: dockerd exited at start; its log:" >&2
      tail -20 target/dockerd.log >&2
      exit 1
    fi
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { echo "test: dockerd did not answer within 30 s (target/dockerd.log)" >&2; exit 1; }
fi
deploy/base-image.sh

mvn -B verify "$@"
