#!/bin/sh
# vendor/fetch.sh NAME — print the path of the verified source tarball of NAME
# (bearssl, curl, jsmn, musl or cacerts: Debian's ca-certificates), downloading
# it into the cache first if needed.
# Sources, in order: the upstream URL; Debian's source archive through
# `apt-get source` with a private deb-src list (no change to the system's apt
# configuration, no root needed). Every file is checked against its pinned
# SHA-256 and refused on mismatch.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pins.sh"
. "$here/common.sh"

name=${1:?usage: vendor/fetch.sh bearssl|curl|jsmn|musl|cacerts}
case "$name" in
  bearssl) prefix=BEARSSL ;;
  curl) prefix=CURL ;;
  jsmn) prefix=JSMN ;;
  musl) prefix=MUSL ;;
  cacerts) prefix=CACERTS ;;
  *) step_fail "fetch $name" "unknown dependency (expected bearssl, curl, jsmn, musl or cacerts)" ;;
esac
get() { eval "printf '%s' \"\${${prefix}_$1}\""; }

dl="$(eks_cache_dir)/downloads"
mkdir -p "$dl"

# verify FILE SHA: succeeds only when FILE exists with the pinned digest.
verify() {
  [ -f "$1" ] || return 1
  actual=$(sha256_of "$1")
  [ "$actual" = "$2" ] && return 0
  printf 'fetch: %s: SHA-256 mismatch\n  expected %s\n  actual   %s\n' "$1" "$2" "$actual" >&2
  mv -f "$1" "$1.rejected"
  return 1
}

upstream="$dl/$(basename "$(get URL)")"
debian="$dl/$(get DEB_ORIG)"
if verify "$upstream" "$(get SHA256)"; then echo "$upstream"; exit 0; fi
if verify "$debian" "$(get DEB_SHA256)"; then echo "$debian"; exit 0; fi

download() { # URL DEST
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --connect-timeout 5 --max-time 120 -o "$2.part" "$1" 2>/dev/null
  elif command -v wget >/dev/null 2>&1; then
    wget -q -T 10 -O "$2.part" "$1"
  else
    return 1
  fi && mv -f "$2.part" "$2"
}

echo "fetch: $name: trying upstream $(get URL)" >&2
if download "$(get URL)" "$upstream" && verify "$upstream" "$(get SHA256)"; then
  echo "$upstream"; exit 0
fi
rm -f "$upstream.part"

echo "fetch: $name: upstream unreachable, trying Debian source package $(get DEB_PACKAGE)=$(get DEB_VERSION)" >&2
command -v apt-get >/dev/null 2>&1 ||
  step_fail "fetch $name" "upstream unreachable and apt-get not available; place $(basename "$upstream") (sha256 $(get SHA256)) in $dl"
apt_dir="$(eks_cache_dir)/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/work"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
: >"$apt_dir/sources.list"
for suite in $DEBIAN_SUITES; do
  echo "deb-src [signed-by=$keyring] $DEBIAN_MIRROR $suite main" >>"$apt_dir/sources.list"
done
set -- -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null \
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o Debug::NoLocking=1
[ "$(id -u)" = 0 ] && set -- "$@" -o APT::Sandbox::User=root
# One index download serves every dependency of a build.
if [ -z "$(find "$apt_dir/lists" -name '*Sources*' -mmin -60 2>/dev/null | head -n 1)" ]; then
  apt-get -q "$@" update >"$apt_dir/update.log" 2>&1 ||
    echo "fetch: apt-get update reported errors (see $apt_dir/update.log); continuing" >&2
fi
# apt-get source also fetches the .dsc and .debian.tar.xz, which the mirror may
# no longer carry for older revisions; only the .orig tarball matters here.
(cd "$apt_dir/work" && apt-get -q "$@" source --download-only "$(get DEB_PACKAGE)=$(get DEB_VERSION)" \
  >"$apt_dir/source-$name.log" 2>&1) || true
if [ -f "$apt_dir/work/$(get DEB_ORIG)" ]; then
  mv -f "$apt_dir/work/$(get DEB_ORIG)" "$debian"
fi
if verify "$debian" "$(get DEB_SHA256)"; then echo "$debian"; exit 0; fi
step_fail "fetch $name" "no verified source from upstream or Debian (see $apt_dir/source-$name.log)"
