#!/bin/sh
# vendor/ca-roots.sh — print the path of the PEM bundle of the pinned Mozilla
# roots (Debian's ca-certificates source package, CACERTS_* in vendor/pins.sh),
# converting it first if needed with vendor/certdata2pem.pl. The bundle is
# cached outside the repo, keyed by the tarball's checksum and the converter,
# and never depends on the build machine's /etc/ssl/certs.
#   vendor/ca-roots.sh          the bundle's path
#   vendor/ca-roots.sh --label  the words `eks-upgrade version` shows for it
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pins.sh"
. "$here/common.sh"

if [ "${1:-}" = --label ]; then
  echo "Mozilla, from Debian ca-certificates $CACERTS_VERSION"
  exit 0
fi
command -v perl >/dev/null 2>&1 || step_fail "CA roots" "perl not found (run ./build.sh, which installs it)"

key=$({ echo "$CACERTS_SHA256 $CACERTS_DEB_SHA256"; cat "$here/ca-roots.sh" "$here/certdata2pem.pl"; } |
  { sha256sum 2>/dev/null || openssl dgst -sha256 -r; } | cut -c1-16)
out="$(eks_cache_dir)/roots-$CACERTS_VERSION-$key"
if [ -s "$out/ca-certificates.pem" ]; then echo "$out/ca-certificates.pem"; exit 0; fi

tarball=$("$here/fetch.sh" cacerts) || exit 1
work=$(mktemp -d "$(eks_cache_dir)/roots-work.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar -xJf "$tarball" -C "$work" || step_fail "CA roots" "cannot unpack $tarball"
perl "$here/certdata2pem.pl" "$work/ca-certificates" >"$work/ca-certificates.pem" ||
  step_fail "CA roots" "converting certdata.txt of ca-certificates $CACERTS_VERSION failed"
mkdir -p "$out"
mv -f "$work/ca-certificates.pem" "$out/ca-certificates.pem"
echo "build: CA roots: $(grep -c 'BEGIN CERTIFICATE' "$out/ca-certificates.pem") from Debian ca-certificates $CACERTS_VERSION" >&2
echo "$out/ca-certificates.pem"
