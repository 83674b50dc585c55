#!/bin/sh
# vendor/build-deps.sh [musl|host|asan] — build BearSSL, a minimal static
# libcurl on it, and install jsmn's header into a cache directory outside the
# repo. "musl" (default) uses musl-gcc for the shipped static binary; "host"
# uses the host compiler (glibc) for unit tests and valgrind; "asan" uses
# clang with ASan+UBSan so the sanitizer build of the tool covers the
# dependencies too.
# The directory is keyed by the source checksums, this script, the flags and
# the compiler version, so a second build reuses it. Prints the directory.
# Layout: include/ (bearssl*.h, curl/, jsmn.h), lib/ (libbearssl.a,
# libcurl.a), bin/brssl (BearSSL's tool, used to pre-decode trust anchors).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pins.sh"
. "$here/common.sh"

flavor=${1:-musl}
SANITIZE=""
case "$flavor" in
  musl) CC=${MUSL_CC:-musl-gcc} ;;
  host) CC=${HOST_CC:-cc} ;;
  asan) CC=${ASAN_CC:-clang}; SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -g" ;;
  *) step_fail "dependencies" "unknown flavor $flavor (musl, host or asan)" ;;
esac
command -v "$CC" >/dev/null 2>&1 || step_fail "dependencies" "$CC not found (run ./build.sh, which installs it)"
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

key_input=$(printf '%s\n' "$BEARSSL_SHA256 $BEARSSL_DEB_SHA256 $CURL_SHA256 $JSMN_SHA256" \
  "$flavor" "$DEP_CFLAGS" "$CURL_OPTIONS" "$($CC --version 2>&1 | head -n1)" "$(uname -m)" \
  "$(cat "$0" "$here/pins.sh")")
key=$(printf '%s' "$key_input" | sha256sum 2>/dev/null | cut -c1-16 ||
  printf '%s' "$key_input" | openssl dgst -sha256 -r | cut -c1-16)
out="$(eks_cache_dir)/deps-$flavor-$key"
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi

# One build per key at a time: a second caller waits for the first.
mkdir -p "$(eks_cache_dir)"
if command -v flock >/dev/null 2>&1 && [ -z "${EKS_DEPS_LOCKED:-}" ]; then
  EKS_DEPS_LOCKED=1 exec flock "$(eks_cache_dir)/.lock-$flavor-$key" sh "$0" "$@"
fi
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi

bearssl_tar=$("$here/fetch.sh" bearssl) || exit 1
curl_tar=$("$here/fetch.sh" curl) || exit 1
jsmn_tar=$("$here/fetch.sh" jsmn) || exit 1

work="$(eks_cache_dir)/work-$key"
rm -rf "$work" "$out"
mkdir -p "$work" "$out/include" "$out/lib" "$out/bin"
log="$work/build.log"
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)

echo "build: BearSSL $BEARSSL_VERSION ($flavor; log: $log)" >&2
tar -xf "$bearssl_tar" -C "$work" || step_fail "unpack BearSSL" "$bearssl_tar"
(cd "$work/bearssl-$BEARSSL_VERSION" &&
  make -j"$jobs" CC="$CC" LD="$CC" LDDLL="$CC" CFLAGS="-W -Wall $DEP_CFLAGS" LDFLAGS="$SANITIZE" \
    build/libbearssl.a build/brssl) >>"$log" 2>&1 || step_fail "build BearSSL" "see $log"
cp "$work/bearssl-$BEARSSL_VERSION"/inc/*.h "$out/include/"
cp "$work/bearssl-$BEARSSL_VERSION/build/libbearssl.a" "$out/lib/"
cp "$work/bearssl-$BEARSSL_VERSION/build/brssl" "$out/bin/"

echo "build: jsmn $JSMN_VERSION" >&2
tar -xzf "$jsmn_tar" -C "$work" || step_fail "unpack jsmn" "$jsmn_tar"
cp "$work/jsmn-$JSMN_VERSION/jsmn.h" "$out/include/"

echo "build: libcurl $CURL_VERSION on BearSSL ($flavor, a few minutes; log: $log)" >&2
tar -xzf "$curl_tar" -C "$work" || step_fail "unpack curl" "$curl_tar"
# shellcheck disable=SC2086
(cd "$work/curl-$CURL_VERSION" &&
  CC="$CC" CFLAGS="$DEP_CFLAGS" CPPFLAGS="-I$out/include" LDFLAGS="-L$out/lib $SANITIZE" \
    ./configure --with-bearssl="$out" $CURL_OPTIONS &&
  make -j"$jobs" -C lib) >>"$log" 2>&1 || step_fail "build libcurl" "see $log"
cp "$work/curl-$CURL_VERSION/lib/.libs/libcurl.a" "$out/lib/"
cp -r "$work/curl-$CURL_VERSION/include/curl" "$out/include/"

rm -rf "$work"
touch "$out/.complete"
echo "$out"
