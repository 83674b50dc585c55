# Pinned third-party sources. Sourced by vendor/fetch.sh and vendor/build-deps.sh.
# For each dependency: the upstream tarball and its SHA-256, then the Debian
# source package that carries the same release (used when upstream cannot be
# reached) with its .orig tarball's SHA-256. Debian repacks BearSSL, so the two
# BearSSL sums differ; curl and jsmn orig tarballs are upstream's, byte for byte.

BEARSSL_VERSION=0.6
BEARSSL_URL=https://bearssl.org/bearssl-0.6.tar.gz
BEARSSL_SHA256=6705bba1714961b41a728dfc5debbe348d2966c117649392f8c8139efc83ff14
BEARSSL_DEB_PACKAGE=bearssl
BEARSSL_DEB_VERSION=0.6+dfsg.1-4
BEARSSL_DEB_ORIG=bearssl_0.6+dfsg.1.orig.tar.xz
BEARSSL_DEB_SHA256=102a625bd8f6155260867a50c508df8d8c3f796985dd744df1a68e5cd1a79004

CURL_VERSION=8.14.1
CURL_URL=https://curl.se/download/curl-8.14.1.tar.gz
CURL_SHA256=6766ada7101d292b42b8b15681120acd68effa4a9660935853cf6d61f0d984d4
CURL_DEB_PACKAGE=curl
CURL_DEB_VERSION=8.14.1-2+deb13u7
CURL_DEB_ORIG=curl_8.14.1.orig.tar.gz
CURL_DEB_SHA256=6766ada7101d292b42b8b15681120acd68effa4a9660935853cf6d61f0d984d4

JSMN_VERSION=1.1.0
JSMN_URL=https://github.com/zserge/jsmn/archive/refs/tags/v1.1.0.tar.gz
JSMN_SHA256=5f0913a10657fe7ec8d5794ccf00a01000e3e1f2f1e1f143c34a0f7b47edcb38
JSMN_DEB_PACKAGE=jsmn
JSMN_DEB_VERSION=1.1.0-2
JSMN_DEB_ORIG=jsmn_1.1.0.orig.tar.gz
JSMN_DEB_SHA256=5f0913a10657fe7ec8d5794ccf00a01000e3e1f2f1e1f143c34a0f7b47edcb38

# Debian archive used by the fallback (apt-get source with a private deb-src list).
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SUITES="bookworm bookworm-updates trixie"
