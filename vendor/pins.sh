# Pinned third-party sources. Sourced by vendor/fetch.sh, vendor/build-deps.sh,
# vendor/ca-roots.sh and vendor/sbom.sh (the SBOM and `eks-upgrade version
# --output json` are generated from this file, so they cannot drift from it).
# For each dependency: the upstream tarball and its SHA-256, then the Debian
# source package that carries the same release (used when upstream cannot be
# reached) with its .orig tarball's SHA-256, and the SPDX licence identifier.
# Debian repacks BearSSL, so the two BearSSL sums differ; the curl, jsmn and
# musl orig tarballs are upstream's, byte for byte.

# eks-upgrade itself. No licence has been chosen for it yet: the SBOM and the
# image label say NOASSERTION until one is set here.
EKS_UPGRADE_LICENSE=NOASSERTION
EKS_UPGRADE_SOURCE=NOASSERTION

BEARSSL_VERSION=0.6
BEARSSL_URL=https://bearssl.org/bearssl-0.6.tar.gz
BEARSSL_SHA256=6705bba1714961b41a728dfc5debbe348d2966c117649392f8c8139efc83ff14
BEARSSL_DEB_PACKAGE=bearssl
BEARSSL_DEB_VERSION=0.6+dfsg.1-4
BEARSSL_DEB_ORIG=bearssl_0.6+dfsg.1.orig.tar.xz
BEARSSL_DEB_SHA256=102a625bd8f6155260867a50c508df8d8c3f796985dd744df1a68e5cd1a79004
BEARSSL_LICENSE=MIT

CURL_VERSION=8.14.1
CURL_URL=https://curl.se/download/curl-8.14.1.tar.gz
CURL_SHA256=6766ada7101d292b42b8b15681120acd68effa4a9660935853cf6d61f0d984d4
CURL_DEB_PACKAGE=curl
CURL_DEB_VERSION=8.14.1-2+deb13u7
CURL_DEB_ORIG=curl_8.14.1.orig.tar.gz
CURL_DEB_SHA256=6766ada7101d292b42b8b15681120acd68effa4a9660935853cf6d61f0d984d4
CURL_LICENSE=curl

JSMN_VERSION=1.1.0
JSMN_URL=https://github.com/zserge/jsmn/archive/refs/tags/v1.1.0.tar.gz
JSMN_SHA256=5f0913a10657fe7ec8d5794ccf00a01000e3e1f2f1e1f143c34a0f7b47edcb38
JSMN_DEB_PACKAGE=jsmn
JSMN_DEB_VERSION=1.1.0-2
JSMN_DEB_ORIG=jsmn_1.1.0.orig.tar.gz
JSMN_DEB_SHA256=5f0913a10657fe7ec8d5794ccf00a01000e3e1f2f1e1f143c34a0f7b47edcb38
JSMN_LICENSE=MIT

# The C library linked statically into both architectures' binaries: built from
# this source by vendor/build-deps.sh for each target (not the build machine's).
MUSL_VERSION=1.2.3
MUSL_URL=https://musl.libc.org/releases/musl-1.2.3.tar.gz
MUSL_SHA256=7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4
MUSL_DEB_PACKAGE=musl
MUSL_DEB_VERSION=1.2.3-1
MUSL_DEB_ORIG=musl_1.2.3.orig.tar.gz
MUSL_DEB_SHA256=7d5b0b6062521e4627e099e4c9dc8248d32a30285e959b7eecaa780cf8cfd4a4
MUSL_LICENSE=MIT

# The compiled-in CA roots: Mozilla's set as Debian's ca-certificates package
# selects it (vendor/certdata2pem.pl, vendor/ca-roots.sh), never the build
# machine's /etc/ssl/certs. A Debian-native package: its one tarball is the
# upstream, in Debian's pool. certdata.txt is under the MPL 2.0.
CACERTS_VERSION=20230311+deb12u1
CACERTS_URL=https://deb.debian.org/debian/pool/main/c/ca-certificates/ca-certificates_20230311+deb12u1.tar.xz
CACERTS_SHA256=4cd6bbd5577a16432438bc1006dc05c333afacb76104fc3564612858c8ee3280
CACERTS_DEB_PACKAGE=ca-certificates
CACERTS_DEB_VERSION=20230311+deb12u1
CACERTS_DEB_ORIG=ca-certificates_20230311+deb12u1.tar.xz
CACERTS_DEB_SHA256=4cd6bbd5577a16432438bc1006dc05c333afacb76104fc3564612858c8ee3280
CACERTS_LICENSE=MPL-2.0

# Debian archive used by the fallback (apt-get source with a private deb-src list).
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SUITES="bookworm bookworm-updates trixie"
