#!/bin/sh
# build.sh — the one build command, on a fresh Debian/Ubuntu or Alpine machine.
#   ./build.sh              install missing build tools, fetch and verify the
#                           pinned sources, build the dependencies (musl too;
#                           cached outside the repo), then ./eks-upgrade
#   ./build.sh --arch arm64 the same for another architecture (amd64, arm64),
#                           cross-built with Debian's cross gcc: ./eks-upgrade-arm64
#   ./build.sh --test-deps  also install what `make test` needs (Python 3 with
#                           botocore, openssl, clang, valgrind, file, groff, qemu-user)
#   ./build.sh --deps-only  stop after the dependencies; print their directory
# Dockerfile.alpine runs this same script.
set -eu
cd "$(dirname "$0")"
. vendor/common.sh

want_test_deps=no
deps_only=no
arch=$(native_arch)
while [ $# -gt 0 ]; do
  case "$1" in
    --test-deps) want_test_deps=yes ;;
    --deps-only) deps_only=yes ;;
    --arch) [ $# -gt 1 ] || { echo "build.sh: --arch needs a value (amd64 or arm64)" >&2; exit 2; }
      arch=$2; shift ;;
    --arch=*) arch=${1#--arch=} ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument $1 (see ./build.sh --help)" >&2; exit 2 ;;
  esac
  shift
done
gnu_cpu "$arch" >/dev/null || { echo "build.sh: unknown architecture $arch (amd64 or arm64)" >&2; exit 2; }
cross=$(cross_prefix "$arch")

if [ -f /etc/alpine-release ]; then
  os=alpine
elif command -v apt-get >/dev/null 2>&1; then
  os=debian
else
  os=other
fi

# install PACKAGES... — with apt-get or apk when root, else say what to run.
install_packages() {
  [ $# -gt 0 ] || return 0
  case "$os" in
    debian) cmd="apt-get install -y --no-install-recommends $*" ;;
    alpine) cmd="apk add --no-cache $*" ;;
    *) step_fail "install tools" "missing: $* (install them with your package manager)" ;;
  esac
  if [ "$(id -u)" != 0 ]; then
    step_fail "install tools" "missing: $*; run as root: $cmd"
  fi
  echo "build: installing $*" >&2
  if [ "$os" = debian ]; then
    # A fresh machine has no package lists yet; fetch them once.
    if ! ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1; then
      apt-get update -q >/dev/null || step_fail "install tools" "apt-get update failed"
    fi
    DEBIAN_FRONTEND=noninteractive $cmd >/dev/null ||
      { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $cmd >/dev/null; } ||
      step_fail "install tools" "$cmd failed"
  else
    $cmd >/dev/null || step_fail "install tools" "$cmd failed"
  fi
}

missing=""
need() { # COMMAND DEBIAN-PACKAGE ALPINE-PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$os" = alpine ]; then missing="$missing $3"; else missing="$missing $2"; fi
}
need make make make
need perl perl perl
need tar tar tar
need xz xz-utils xz
need sha256sum coreutils coreutils
# musl itself is built from its pinned source (vendor/build-deps.sh), for
# every target: only a compiler for the target is needed.
if [ "$os" = alpine ]; then
  need cc build-base build-base
else
  need cc gcc gcc
fi
if [ -n "$cross" ]; then
  [ "$os" = alpine ] && step_fail "install tools" "cross-building for $arch needs Debian's cross gcc; build on Debian/Ubuntu, or natively on $arch"
  # gcc-aarch64-linux-gnu (binutils come with it); x86_64 is spelled x86-64 there.
  need "${cross}gcc" "gcc-$(gnu_cpu "$arch" | tr _ -)-linux-gnu" ""
fi
[ -s /etc/ssl/certs/ca-certificates.crt ] || missing="$missing ca-certificates"
command -v curl >/dev/null 2>&1 || command -v wget >/dev/null 2>&1 || missing="$missing curl"
[ "$os" = debian ] && [ ! -f /usr/share/keyrings/debian-archive-keyring.gpg ] &&
  missing="$missing debian-archive-keyring"

if [ "$want_test_deps" = yes ]; then
  need openssl openssl openssl
  need clang clang clang
  need valgrind valgrind valgrind
  need python3 python3 python3
  need file file file
  need groff groff-base groff
  # The other architecture's binary is tested under qemu-user (tests/cross.sh).
  other=arm64
  [ "$(native_arch)" = arm64 ] && other=amd64
  need "qemu-$(gnu_cpu "$other")" qemu-user "qemu-$(gnu_cpu "$other")"
  if [ "$os" = debian ] && ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 &&
    ! ls /usr/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
    missing="$missing libclang-rt-dev"
  fi
fi
# shellcheck disable=SC2086
install_packages $missing
if [ "$want_test_deps" = yes ] && ! python3 -c 'import botocore' 2>/dev/null; then
  if [ "$os" = alpine ]; then install_packages py3-botocore; else install_packages python3-botocore; fi
  python3 -c 'import botocore' 2>/dev/null ||
    step_fail "install test tools" "python3 cannot import botocore (install python3-botocore or pip install botocore)"
fi

deps=$(sh vendor/build-deps.sh musl "$arch") || exit 1
if [ "$deps_only" = yes ]; then echo "$deps"; exit 0; fi

bin=eks-upgrade
[ -n "$cross" ] && bin=eks-upgrade-$arch
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
make -s -j"$jobs" binary DEPS="$deps" ARCH="$arch" >&2 || step_fail "build $bin" "make binary failed (output above)"
size=$(wc -c <"$bin" | tr -d ' ')
echo "build: ./$bin ready (linux/$arch, $size bytes, sha256 $(cut -c1-16 "$bin.sha256")…)" >&2
