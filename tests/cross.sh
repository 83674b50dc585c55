#!/bin/sh
# tests/cross.sh ARCH — the binary cross-built for ARCH (./eks-upgrade-ARCH, from
# ./build.sh --arch ARCH), run under qemu-user:
#   1. the unit tests built static for ARCH with the same musl and dependencies
#      (make unit-cross), each program run under qemu
#   2. the demo flow (tests/demo.sh: plan, then apply --approve against the local
#      simulator) with that binary, its output checked
# Prints "N passed, N failed[, N skipped]" lines that tests/run.sh adds up. Where
# qemu is missing or cannot run an ARCH program here, it says why and counts one
# skip instead.
set -u
cd "$(dirname "$0")/.." || exit 1
. vendor/common.sh

arch=${1:?usage: tests/cross.sh ARCH}
label="cross-$arch"
cpu=$(gnu_cpu "$arch") || { echo "$label: unknown architecture $arch"; echo "$label: 0 passed, 1 failed"; exit 1; }
bin=./eks-upgrade-$arch
qemu=qemu-$cpu
log_dir=build/test-logs
mkdir -p "$log_dir"

skip() {
  echo "$label: skipped: $1"
  echo "$label: 0 passed, 0 failed, 1 skipped"
  exit 0
}
[ -x "$bin" ] || { echo "$label: $bin is missing (./build.sh --arch $arch)"; echo "$label: 0 passed, 1 failed"; exit 1; }
command -v "$qemu" >/dev/null 2>&1 || skip "$qemu is not installed (Debian: apt-get install qemu-user)"
if ! probe=$("$qemu" "$bin" version 2>&1); then
  skip "$qemu cannot run $bin here: $(printf '%s' "$probe" | head -n 1)"
fi
case "$probe" in
  "eks-upgrade "*) ;;
  *) echo "$label: $qemu $bin version printed: $probe"; echo "$label: 0 passed, 1 failed"; exit 1 ;;
esac

deps=$(sh vendor/build-deps.sh musl "$arch") || { echo "$label: 0 passed, 1 failed"; exit 1; }
echo "== $label: unit tests under $qemu"
if make -s -j"$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)" unit-cross ARCH="$arch" DEPS="$deps" \
  >"$log_dir/$label-unit-build.log" 2>&1; then
  for t in build/musl-"$arch"/test_*; do
    [ -x "$t" ] || continue
    status=0
    "$qemu" "$t" >"$log_dir/$label-unit.out" 2>&1 || status=$?
    if grep -Eq '[0-9]+ passed, [0-9]+ failed' "$log_dir/$label-unit.out"; then
      # Only the count lines; a failure's details go above them.
      grep -Ev '[0-9]+ passed, [0-9]+ failed' "$log_dir/$label-unit.out" | tail -n 20
      grep -E '[0-9]+ passed, [0-9]+ failed' "$log_dir/$label-unit.out" | sed "s#^#$label/#"
    else
      tail -n 20 "$log_dir/$label-unit.out"
      echo "$label/$(basename "$t") (status $status, no count): 0 passed, 1 failed"
    fi
  done
else
  tail -n 40 "$log_dir/$label-unit-build.log"
  echo "$label unit build: 0 passed, 1 failed"
fi

echo "== $label: the demo flow (tests/demo.sh) under $qemu"
EKS_UPGRADE_BIN=$bin EKS_UPGRADE_EMULATOR=$qemu sh tests/demo.sh >"$log_dir/$label-demo.out" 2>&1
missing=""
# The plan's verdict, the whole-cluster plan, the update started and followed
# to the end, then the rollback; exit 0 four times.
for want in "ready to upgrade 1.31 → 1.32" "started update" "Successful: cluster demo is at 1.32" \
  "the API server answers /version" "ready to roll back 1.32 → 1.31" \
  "Successful: cluster demo is at 1.31" "4 actions, in order:"; do
  grep -qF "$want" "$log_dir/$label-demo.out" || missing="$missing
  missing: $want"
done
[ "$(grep -c '^(exit 0)$' "$log_dir/$label-demo.out")" = 4 ] || missing="$missing
  plan, the whole-cluster plan, apply and rollback did not all exit 0"
if [ -z "$missing" ]; then
  grep -E 'Successful|^\(exit' "$log_dir/$label-demo.out"
  echo "$label demo: 1 passed, 0 failed"
else
  cat "$log_dir/$label-demo.out"
  echo "$missing"
  echo "$label demo: 0 passed, 1 failed"
fi
