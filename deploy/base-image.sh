#!/usr/bin/env bash
# Makes sure the Docker engine has debian:bookworm-slim, the one base of every image here.
# It is pulled when a registry answers; where none does, it is built from Debian's packages with
# debootstrap and slimmed the way the official image is (no docs, man pages or locales, no apt
# caches), then imported under the same name. Run it once; the engine keeps the image.
#
#   deploy/base-image.sh              # as root (debootstrap needs it)
#   MIRROR=http://deb.example/debian deploy/base-image.sh
set -euo pipefail
image=debian:bookworm-slim
mirror="${MIRROR:-http://deb.debian.org/debian}"

fail() { echo "base-image: $*" >&2; exit 1; }

docker info >/dev/null 2>&1 || fail "no Docker engine answers; start one (as root: dockerd &) and run this again"
if docker image inspect "$image" >/dev/null 2>&1; then
  exit 0
fi
if timeout 60 docker pull -q "$image" >/dev/null 2>&1; then
  echo "base-image: pulled $image"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || fail "cannot pull $image and debootstrap needs root: sudo $0"
command -v debootstrap >/dev/null || fail "cannot pull $image; install debootstrap (apt-get install debootstrap) to build it"

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
echo "base-image: no registry answers; building $image with debootstrap from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
  || fail "debootstrap failed (log: $rootfs.log); is $mirror reachable?"
rm -f "$rootfs.log"

# What the official slim image leaves out, kept out of later installs too.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
EOF
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
echo 'Acquire::GzipIndexes "true";' >"$rootfs/etc/apt/apt.conf.d/docker-gzip-indexes"
echo 'APT::Install-Recommends "false";' >"$rootfs/etc/apt/apt.conf.d/docker-no-recommends"
find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$rootfs"/usr/share/{man,groff,info,locale,lintian,linda}/* \
  "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
  "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/tmp/*
tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' - "$image" >/dev/null
echo "base-image: built $image ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}'))"
