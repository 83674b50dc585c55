#!/bin/sh
# tests/run.sh — everything `make test` runs, with one summary line at the end:
#   1. ./build.sh --test-deps   (tools, dependencies, the static binary)
#   2. make check               (banned functions, formatting), and the layer
#      rule of src/ (tests/layers/check_layers.py)
#   3. unit tests, host build and ASan+UBSan build (tests/unit/test_*.c)
#   3b. the other architecture (arm64 on an amd64 machine): ./build.sh --arch
#      cross-builds it, then its unit tests and the demo flow run under
#      qemu-user (tests/cross.sh; a skip with the reason where qemu cannot run)
#   4. the tool built for the host (plain and ASan+UBSan with instrumented
#      dependencies); black-box tests of the static binary, the simulator's own
#      tests, valgrind runs of the host build, then the black-box tests that
#      talk to the simulator again against the ASan+UBSan build
#   5. every parser fuzzed for 10 s (tests/fuzz/run.sh; `make fuzz` runs 60 s)
# Each suite prints "N passed, N failed[, N skipped]"; this script adds them up.
set -u
cd "$(dirname "$0")/.."
passed=0 failed=0 skipped=0 incomplete=""
log_dir=build/test-logs
mkdir -p "$log_dir"
: >"$log_dir/unit-failures.log"

# count FILE — add the "N passed, N failed, N skipped" lines of FILE to the totals.
count() {
  eval "$(awk '
    match($0, /[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$/) {
      split(substr($0, RSTART), f, /[ ,]+/); p += f[1]; x += f[3]; if (f[5] != "") s += f[5]
    }
    END { printf "passed=$((passed + %d)) failed=$((failed + %d)) skipped=$((skipped + %d))\n", p, x, s }' "$1")"
}
fail_suite() { # NAME — a suite that crashed or printed no count is one failure
  echo "tests: $1 did not complete (see above)" >&2
  failed=$((failed + 1))
  incomplete="$incomplete
failed: $1 did not complete"
}

./build.sh --test-deps || { echo "0 passed, 1 failed"; exit 1; }
host_deps=$(sh vendor/build-deps.sh host) || { echo "0 passed, 1 failed"; exit 1; }

echo "== make check"
if sh tests/check.sh >"$log_dir/check.log" 2>&1; then
  passed=$((passed + 1))
else
  cat "$log_dir/check.log"; fail_suite "make check"
fi

echo "== layers: no #include points up a layer (tests/layers/check_layers.py)"
if python3 tests/layers/check_layers.py >"$log_dir/layers.log" 2>&1; then :; fi
cat "$log_dir/layers.log"
grep -Eq '[0-9]+ passed, [0-9]+ failed$' "$log_dir/layers.log" && count "$log_dir/layers.log" ||
  fail_suite "layer check"

echo "== unit tests (host, then ASan+UBSan)"
python3 tests/gen_sigv4_vectors.py >build/sigv4-botocore-vectors.txt 2>"$log_dir/sigv4-gen.log" &&
  SIGV4_BOTOCORE_VECTORS=$(pwd)/build/sigv4-botocore-vectors.txt && export SIGV4_BOTOCORE_VECTORS ||
  { cat "$log_dir/sigv4-gen.log"; fail_suite "botocore SigV4 vector generation"; }
if make -s -j"$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)" unit-build HOST_DEPS="$host_deps" \
  >"$log_dir/unit-build.log" 2>&1; then
  for t in build/host/test_* build/asan/test_*; do
    [ -x "$t" ] || continue
    if "$t" >"$log_dir/unit.out" 2>&1; then :; else status=$?; fi
    cat "$log_dir/unit.out" | sed "s#^#$(dirname "$t" | sed 's#build/##')/#" | tail -n 40
    grep -h ': check failed: ' "$log_dir/unit.out" | sed "s#^#$t: #" >>"$log_dir/unit-failures.log"
    grep -Eq '[0-9]+ passed, [0-9]+ failed' "$log_dir/unit.out" && count "$log_dir/unit.out" ||
      fail_suite "$t (status ${status:-0})"
    unset status
  done
else
  cat "$log_dir/unit-build.log"; fail_suite "unit test build"
fi

other_arch=arm64
[ "$(. vendor/common.sh && native_arch)" = arm64 ] && other_arch=amd64
echo "== $other_arch: the cross-built binary, its unit tests and the demo flow under qemu-user"
if ./build.sh --arch "$other_arch" >"$log_dir/build-$other_arch.log" 2>&1; then
  tail -n 1 "$log_dir/build-$other_arch.log"
  if sh tests/cross.sh "$other_arch" >"$log_dir/cross.out" 2>&1; then :; fi
  tail -n 40 "$log_dir/cross.out"
  grep -Eq '[0-9]+ passed, [0-9]+ failed' "$log_dir/cross.out" && count "$log_dir/cross.out" ||
    fail_suite "tests/cross.sh $other_arch"
else
  tail -n 30 "$log_dir/build-$other_arch.log"; fail_suite "./build.sh --arch $other_arch"
fi

echo "== the whole tool for the host: plain (valgrind) and ASan+UBSan (dependencies included)"
asan_deps=$(sh vendor/build-deps.sh asan) || { echo "0 passed, 1 failed"; exit 1; }
if make -s -j"$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)" tools-host HOST_DEPS="$host_deps" \
  ASAN_DEPS="$asan_deps" >"$log_dir/tools-host.log" 2>&1; then
  EKS_UPGRADE_HOST_BIN=$(pwd)/build/host/eks-upgrade
  export EKS_UPGRADE_HOST_BIN
else
  cat "$log_dir/tools-host.log"; fail_suite "host/ASan build of the tool"
fi

echo "== black-box and simulator tests (the static binary; valgrind on the host build)"
if python3 tests/run_py.py tests/integration tests/sim >"$log_dir/py.out" 2>&1; then :; fi
tail -n 60 "$log_dir/py.out"
grep -Eq '[0-9]+ passed, [0-9]+ failed' "$log_dir/py.out" && count "$log_dir/py.out" ||
  fail_suite "python test suites"

if [ -x build/asan/eks-upgrade ]; then
  echo "== black-box tests against the ASan+UBSan build"
  if EKS_UPGRADE_BIN=$(pwd)/build/asan/eks-upgrade EKS_TEST_LABEL=asan-tool \
    ASAN_OPTIONS=detect_leaks=1:exitcode=99:abort_on_error=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99 \
    python3 tests/run_py.py --only=test_plan,test_apply,test_poll,test_credentials,test_token,test_tls,test_apiserver,test_faults,test_dataplane,test_hostile \
    tests/integration >"$log_dir/asan-tool.out" 2>&1; then :; fi
  tail -n 30 "$log_dir/asan-tool.out"
  grep -Eq '[0-9]+ passed, [0-9]+ failed' "$log_dir/asan-tool.out" && count "$log_dir/asan-tool.out" ||
    fail_suite "ASan+UBSan black-box run"
fi

echo "== fuzzing (libFuzzer, 10 s per target; make fuzz runs 60 s)"
if FUZZ_SECONDS=10 HOST_DEPS="$host_deps" sh tests/fuzz/run.sh >"$log_dir/fuzz.out" 2>&1; then :; fi
grep -E '^[a-z_]+: |^fuzz: ' "$log_dir/fuzz.out" | tail -n 40
grep -Eq '^fuzz: [0-9]+ passed, [0-9]+ failed$' "$log_dir/fuzz.out" && count "$log_dir/fuzz.out" ||
  { tail -n 20 "$log_dir/fuzz.out"; fail_suite "fuzzing"; }

# The failures again, last: CI keeps only the tail of this output.
if [ "$failed" -ne 0 ]; then
  echo "== what failed"
  grep -hE '^failed: |: check failed: ' "$log_dir"/*.out "$log_dir"/*.log 2>/dev/null | head -n 40
  [ -z "$incomplete" ] || echo "${incomplete#?}"
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
