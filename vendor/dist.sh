#!/bin/sh
# vendor/dist.sh (make dist) — the release files, in dist/:
#   eks-upgrade-VERSION-linux-amd64   the static binaries, built by ./build.sh
#   eks-upgrade-VERSION-linux-arm64   (the other one cross-built)
#   eks-upgrade-VERSION.spdx.json     the SBOM (vendor/sbom.sh, as `make sbom`)
#   SHA256SUMS                        of the three, for `sha256sum -c`
# Every file is a function of the tracked sources and the pins, so two runs give
# the same bytes (tests/integration/test_reproducible.py checks it).
# DIST_ARCHES="amd64" limits the architectures (default: amd64 arm64).
set -eu
cd "$(dirname "$0")/.."
. vendor/common.sh

version=$(cat VERSION)
arches=${DIST_ARCHES:-amd64 arm64}
rm -rf dist.tmp
mkdir -p dist.tmp
for arch in $arches; do
  ./build.sh --arch "$arch" || step_fail "dist" "./build.sh --arch $arch failed"
  bin=eks-upgrade
  [ "$arch" = "$(native_arch)" ] || bin=eks-upgrade-$arch
  cp "$bin" "dist.tmp/eks-upgrade-$version-linux-$arch"
  chmod 0755 "dist.tmp/eks-upgrade-$version-linux-$arch"
done
sh vendor/sbom.sh spdx >"dist.tmp/eks-upgrade-$version.spdx.json" || step_fail "dist" "vendor/sbom.sh failed"
(cd dist.tmp && LC_ALL=C ls | grep -v '^SHA256SUMS$' | xargs sha256sum >SHA256SUMS)
rm -rf dist
mv dist.tmp dist
echo "dist: $(cd dist && LC_ALL=C ls | tr '\n' ' ')" >&2
