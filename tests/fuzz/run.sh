#!/bin/sh
# tests/fuzz/run.sh (make fuzz) — builds one libFuzzer target per parser of
# untrusted bytes (tests/fuzz/fuzz_*.c) with clang, ASan and UBSan into
# build/fuzz/, replays every saved reproducer (tests/fuzz/regressions/T/),
# then fuzzes each target for FUZZ_SECONDS (default 60) starting from a copy
# of its seed corpus (tests/fuzz/corpus/T/ is never written to).
#
#   FUZZ_SECONDS=10 sh tests/fuzz/run.sh      the short run of `make test`
#   FUZZ_TARGETS="json eks" sh tests/fuzz/run.sh
#   HOST_DEPS=DIR   host build of BearSSL/curl/jsmn (default: the cached one)
#
# Per target it prints executions, exec/s and corpus growth, or "crash"
# lines naming the reproducer, left in build/fuzz/artifacts/T/. Replay one:
#   build/fuzz/fuzz_T build/fuzz/artifacts/T/crash-...
# Ends with "fuzz: N passed, N failed" (a target is one test) and exits
# non-zero on any crash, leak, timeout or broken promise.
set -u
cd "$(dirname "$0")/../.." || exit 2

seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-json xml ini creds_json values cli eks kube_table kube_list wire text}
cc=${FUZZ_CC:-clang}
out=build/fuzz
version=$(cat VERSION 2>/dev/null || echo 0.0.0)

# The longest input worth trying per target: a little above the real
# documents' size keeps the fuzzer fast and still reaches every branch.
max_len() {
  case $1 in
    values) echo 256 ;;
    cli | text) echo 512 ;;
    eks) echo 8192 ;;
    kube_table | kube_list) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

# The src/ files a target links (LIB: everything but main.c, with the
# dependencies; the credential and EKS files reach into the HTTP client).
sources() {
  case $1 in
    json) echo util/json util/utf8 util/uri util/buf util/err ;;
    xml) echo util/xml util/utf8 util/buf util/err ;;
    ini) echo util/ini util/file util/buf util/err ;;
    values) echo util/duration util/k8s_version util/base64 aws/credentials util/text util/utf8 util/buf util/err ;;
    cli) echo cmd/cli util/duration util/k8s_version util/str util/err ;;
    text) echo util/text util/utf8 util/uri util/buf util/err ;;
    creds_json | eks | kube_table | kube_list | wire) echo LIB ;;
  esac
}

find_host_deps() {
  for d in ${HOST_DEPS:-} "$HOME"/.cache/eks-upgrade/deps-host-*; do
    [ -f "$d/lib/libcurl.a" ] && [ -f "$d/lib/libbearssl.a" ] && [ -f "$d/include/jsmn.h" ] &&
      { echo "${d%/}"; return 0; }
  done
  sh vendor/build-deps.sh host
}

command -v "$cc" >/dev/null 2>&1 || { echo "fuzz: $cc not found (libFuzzer needs clang)" >&2; exit 2; }
deps=$(find_host_deps) || { echo "fuzz: no host dependencies (run ./build.sh --test-deps)" >&2; exit 2; }
mkdir -p "$out/obj" "$out/logs" "$out/artifacts" "$out/corpus-run"

# shellcheck disable=SC2089,SC2090 # the quotes are meant: they make C string literals
std="-std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -DEKS_UPGRADE_VERSION=\"$version\""
std="$std -DEKS_BEARSSL_VERSION=\"fuzz\""
warn="-Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes -Wvla"
warn="$warn -Wpointer-arith -Wundef -Wno-missing-field-initializers"
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1"
cflags="$std $san -isystem $deps/include -Isrc"

# compile NAME SOURCE — one object, rebuilt when the source or a header is newer.
compile() {
  obj=$out/obj/$1.o
  if [ -f "$obj" ] && [ -z "$(find src "$2" \( -name '*.h' -o -name "$(basename "$2")" \) \
    -newer "$obj" 2>/dev/null | head -1)" ]; then
    return 0
  fi
  # shellcheck disable=SC2086,SC2090
  $cc $cflags $3 -fsanitize=fuzzer-no-link -c -o "$obj" "$2" 2>"$out/logs/$1.cc.log" ||
    { cat "$out/logs/$1.cc.log" >&2; echo "fuzz: compiling $2 failed" >&2; return 1; }
}

# The trust store is linked but never used: an empty one needs no brssl.
[ -f "$out/trust_anchors.c" ] || sh src/net/gen_trust_anchors.sh none none >"$out/trust_anchors.c"
sh vendor/sbom.sh c >"$out/components.c.new" && { cmp -s "$out/components.c.new" "$out/components.c" ||
  mv "$out/components.c.new" "$out/components.c"; }
rm -f "$out/components.c.new"

lib_objs=
build_failed=0
# Object names are source paths below src/ with / as _ (aws_creds_imds).
obj_name() { echo "$1" | sed 's|^src/||; s|\.c$||; s|/|_|g'; }
lib_sources=$(find src -name '*.c' ! -path src/main.c | sort)
for f in $lib_sources; do
  lib_objs="$lib_objs $out/obj/$(obj_name "$f").o"
done
lib_objs="$lib_objs $out/obj/trust_anchors.o $out/obj/components.o"
compile trust_anchors "$out/trust_anchors.c" "" || build_failed=1
compile components "$out/components.c" "" || build_failed=1
for f in $lib_sources; do
  compile "$(obj_name "$f")" "$f" "$warn" || build_failed=1
done
[ "$build_failed" = 0 ] || { echo "fuzz: 0 passed, 1 failed"; exit 1; }

build_target() {
  objs=
  for s in $(sources "$1"); do
    if [ "$s" = LIB ]; then
      objs="$objs $lib_objs $deps/lib/libcurl.a $deps/lib/libbearssl.a"
    else
      objs="$objs $out/obj/$(obj_name "$s").o"
    fi
  done
  # shellcheck disable=SC2086,SC2090
  $cc $std $warn $san -fsanitize=fuzzer -isystem "$deps/include" -Isrc -Itests/fuzz \
    -o "$out/fuzz_$1" "tests/fuzz/fuzz_$1.c" $objs -lpthread 2>"$out/logs/$1.link.log" ||
    { cat "$out/logs/$1.link.log" >&2; return 1; }
}

# fuzz_stat NAME LOG — a number from libFuzzer's -print_final_stats lines.
fuzz_stat() {
  sed -n "s/^stat::$1: *//p" "$2" | tail -1
}

# crash_lines T LOG — what went wrong, and where the reproducer is.
crash_lines() {
  grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|.*broken promise|.*Test unit written to|ALARM)' "$2" |
    head -n 6 | sed "s#^#$1: crash: #"
}

passed=0 failed=0
for t in $targets; do
  log=$out/logs/$t.log
  if ! build_target "$t"; then
    echo "$t: crash: the target did not build"
    failed=$((failed + 1))
    continue
  fi
  art=$out/artifacts/$t
  rm -rf "$art"
  mkdir -p "$art"

  # Every reproducer of a fixed bug must now run clean.
  reg=tests/fuzz/regressions/$t
  if [ -d "$reg" ] && [ -n "$(ls -A "$reg" 2>/dev/null)" ]; then
    if ! "$out/fuzz_$t" -artifact_prefix="$art/" "$reg"/* >"$out/logs/$t.regressions.log" 2>&1; then
      echo "$t: crash: a saved reproducer in $reg fails again"
      crash_lines "$t" "$out/logs/$t.regressions.log"
      failed=$((failed + 1))
      continue
    fi
    regressions=$(find "$reg" -type f | wc -l | tr -d ' ')
  else
    regressions=0
  fi

  run=$out/corpus-run/$t
  rm -rf "$run"
  mkdir -p "$run"
  [ -d "tests/fuzz/corpus/$t" ] && cp tests/fuzz/corpus/"$t"/* "$run"/ 2>/dev/null
  seeds=$(find "$run" -type f | wc -l | tr -d ' ')
  start=$(date +%s)
  "$out/fuzz_$t" "$run" -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10 \
    -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$art/" >"$log" 2>&1
  status=$?
  took=$(($(date +%s) - start))
  runs=$(fuzz_stat number_of_executed_units "$log")
  speed=$(fuzz_stat average_exec_per_sec "$log")
  size=$(find "$run" -type f | wc -l | tr -d ' ')
  if [ "$status" -eq 0 ] && [ -z "$(ls -A "$art")" ]; then
    echo "$t: ${runs:-?} executions in ${took}s (${speed:-?} exec/s), corpus $seeds -> $size," \
      "$regressions reproducers replayed"
    passed=$((passed + 1))
  else
    echo "$t: crash after ${took}s (status $status; log $log)"
    crash_lines "$t" "$log"
    for a in "$art"/*; do
      [ -e "$a" ] && echo "$t: crash: reproducer $a"
    done
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
