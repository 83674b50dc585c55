#!/bin/sh
# vendor/build-deps.sh [musl [ARCH] | host | asan] — build the dependencies into
# a cache directory outside the repo and print its path.
#   musl [ARCH]  for the shipped static binary: musl (from its pinned source,
#                not the build machine's), BearSSL and a minimal static libcurl
#                on it, for ARCH (amd64 or arm64; default: the build machine's).
#                Another ARCH is cross-built with Debian's cross gcc
#                (ARCH-linux-gnu-gcc, which build.sh installs).
#   host         the host compiler (glibc): unit tests and valgrind
#   asan         clang with ASan+UBSan, so the sanitizer build of the tool
#                covers the dependencies too
# The directory is keyed by the source checksums, this script, the flags, the
# target architecture and the compiler version, so a second build reuses it.
# Layout: include/ (bearssl*.h, curl/, jsmn.h), lib/ (libbearssl.a,
# libcurl.a), bin/brssl (BearSSL's tool, built to run on the build machine: it
# pre-decodes the trust anchors); musl flavour: musl/ (the C library and its
# wrapper musl/bin/musl-gcc, the compiler the Makefile uses for that target).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pins.sh"
. "$here/common.sh"

flavor=${1:-musl}
arch=${2:-$(native_arch)}
SANITIZE=""
cross=""
case "$flavor" in
  musl)
    gnu_cpu "$arch" >/dev/null || step_fail "dependencies" "unknown architecture $arch (amd64 or arm64)"
    cross=$(cross_prefix "$arch")
    CC=${cross}gcc
    [ -n "$cross" ] || CC=cc
    ;;
  host) CC=${HOST_CC:-cc}; arch=$(native_arch) ;;
  asan) CC=${ASAN_CC:-clang}; arch=$(native_arch); SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -g" ;;
  *) step_fail "dependencies" "unknown flavor $flavor (musl, host or asan)" ;;
esac
command -v "$CC" >/dev/null 2>&1 || step_fail "dependencies" "$CC not found (run ./build.sh${cross:+ --arch $arch}, which installs it)"
DEP_CFLAGS="-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables $SANITIZE"

CURL_OPTIONS="--disable-shared --enable-static --without-openssl --without-ca-bundle --without-ca-path
 --without-ca-fallback --without-zlib --without-brotli --without-zstd --without-libpsl
 --without-libidn2 --without-nghttp2 --without-nghttp3 --without-ngtcp2 --without-libssh2
 --without-librtmp --without-libgsasl --disable-ftp --disable-file --disable-ldap --disable-ldaps
 --disable-rtsp --disable-dict --disable-telnet --disable-tftp --disable-pop3 --disable-imap
 --disable-smb --disable-smtp --disable-gopher --disable-mqtt --disable-ipfs --disable-websockets
 --disable-manual --disable-docs --disable-cookies --disable-alt-svc --disable-hsts --disable-netrc
 --disable-ntlm --disable-kerberos-auth --disable-negotiate-auth --disable-digest-auth --disable-aws
 --disable-doh --disable-mime --disable-form-api --disable-bindlocal --disable-progress-meter
 --disable-tls-srp --enable-threaded-resolver --disable-dateparse --disable-verbose
 --disable-unix-sockets --disable-libcurl-option --disable-socketpair --disable-headers-api
 --disable-sspi --disable-ech --disable-httpsrr --disable-http-auth --enable-proxy --enable-ipv6"

key_input=$(printf '%s\n' "$BEARSSL_SHA256 $BEARSSL_DEB_SHA256 $CURL_SHA256 $JSMN_SHA256 $MUSL_SHA256" \
  "$flavor $arch" "$DEP_CFLAGS" "$CURL_OPTIONS" "$($CC --version 2>&1 | head -n1)" "$(uname -m)" \
  "$(cat "$0" "$here/pins.sh")")
key=$(printf '%s' "$key_input" | sha256sum 2>/dev/null | cut -c1-16 ||
  printf '%s' "$key_input" | openssl dgst -sha256 -r | cut -c1-16)
name=deps-$flavor-$key
[ "$flavor" = musl ] && name=deps-musl-$arch-$key
out="$(eks_cache_dir)/$name"
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi

# One build per key at a time: a second caller waits for the first.
mkdir -p "$(eks_cache_dir)"
if command -v flock >/dev/null 2>&1 && [ -z "${EKS_DEPS_LOCKED:-}" ]; then
  EKS_DEPS_LOCKED=1 exec flock "$(eks_cache_dir)/.lock-$name" sh "$0" "$@"
fi
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi

bearssl_tar=$("$here/fetch.sh" bearssl) || exit 1
curl_tar=$("$here/fetch.sh" curl) || exit 1
jsmn_tar=$("$here/fetch.sh" jsmn) || exit 1
[ "$flavor" = musl ] && { musl_tar=$("$here/fetch.sh" musl) || exit 1; }

work="$(eks_cache_dir)/work-$key"
rm -rf "$work" "$out"
mkdir -p "$work" "$out/include" "$out/lib" "$out/bin"
log="$work/build.log"
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
AR=${cross}ar

if [ "$flavor" = musl ]; then
  # The C library from its pinned source, for the target; its gcc wrapper
  # (musl/bin/musl-gcc) then builds everything else for that target.
  echo "build: musl $MUSL_VERSION ($arch${cross:+, cross}; log: $log)" >&2
  tar -xzf "$musl_tar" -C "$work" || step_fail "unpack musl" "$musl_tar"
  (cd "$work/musl-$MUSL_VERSION" &&
    ./configure --prefix="$out/musl" --disable-shared --enable-wrapper=gcc \
      ${cross:+--target=$(gnu_cpu "$arch")-linux-musl} CROSS_COMPILE="$cross" CC="$CC" &&
    make -j"$jobs" && make install) >>"$log" 2>&1 || step_fail "build musl" "see $log"
  CC="$out/musl/bin/musl-gcc"
fi

echo "build: BearSSL $BEARSSL_VERSION ($flavor${cross:+ $arch}; log: $log)" >&2
tar -xf "$bearssl_tar" -C "$work" || step_fail "unpack BearSSL" "$bearssl_tar"
bearssl="$work/bearssl-$BEARSSL_VERSION"
(cd "$bearssl" &&
  make -j"$jobs" CC="$CC" LD="$CC" LDDLL="$CC" AR="$AR" CFLAGS="-W -Wall $DEP_CFLAGS" LDFLAGS="$SANITIZE" \
    build/libbearssl.a) >>"$log" 2>&1 || step_fail "build BearSSL" "see $log"
cp "$bearssl"/inc/*.h "$out/include/"
cp "$bearssl/build/libbearssl.a" "$out/lib/"
if [ "$flavor" = musl ]; then
  # brssl only converts the trust anchors at build time: built for the build
  # machine with its own compiler, whatever the target.
  (cd "$bearssl" && make -j"$jobs" BUILD=build-tool CC=cc LD=cc LDDLL=cc CFLAGS="-O1" build-tool/brssl) \
    >>"$log" 2>&1 || step_fail "build brssl" "see $log"
  cp "$bearssl/build-tool/brssl" "$out/bin/"
else
  (cd "$bearssl" && make -j"$jobs" CC="$CC" LD="$CC" LDDLL="$CC" CFLAGS="-W -Wall $DEP_CFLAGS" \
    LDFLAGS="$SANITIZE" build/brssl) >>"$log" 2>&1 || step_fail "build brssl" "see $log"
  cp "$bearssl/build/brssl" "$out/bin/"
fi

echo "build: jsmn $JSMN_VERSION" >&2
tar -xzf "$jsmn_tar" -C "$work" || step_fail "unpack jsmn" "$jsmn_tar"
cp "$work/jsmn-$JSMN_VERSION/jsmn.h" "$out/include/"

echo "build: libcurl $CURL_VERSION on BearSSL ($flavor${cross:+ $arch}, a few minutes; log: $log)" >&2
tar -xzf "$curl_tar" -C "$work" || step_fail "unpack curl" "$curl_tar"
host_args=""
[ -n "$cross" ] && host_args="--host=$(gnu_cpu "$arch")-linux-musl --build=$(gnu_cpu "$(native_arch)")-linux-gnu"
# shellcheck disable=SC2086
(cd "$work/curl-$CURL_VERSION" &&
  CC="$CC" AR="$AR" RANLIB="${cross}ranlib" CFLAGS="$DEP_CFLAGS" CPPFLAGS="-I$out/include" \
    LDFLAGS="-L$out/lib $SANITIZE" ./configure $host_args --with-bearssl="$out" $CURL_OPTIONS &&
  make -j"$jobs" -C lib) >>"$log" 2>&1 || step_fail "build libcurl" "see $log"
cp "$work/curl-$CURL_VERSION/lib/.libs/libcurl.a" "$out/lib/"
cp -r "$work/curl-$CURL_VERSION/include/curl" "$out/include/"

rm -rf "$work"
touch "$out/.complete"
echo "$out"
