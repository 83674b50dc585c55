#!/bin/sh
# tests/bench.sh — what `make bench` runs. Prints figures; asserts nothing
# (timings depend on the machine).
#   (a) size of the static, stripped ./eks-upgrade, and of a build without the
#       compiled-in trust store (CA_BUNDLE=none, built in a scratch copy of the
#       tree so ./eks-upgrade is left alone): the store's share
#   (b) peak RSS of `eks-upgrade version` (GNU time)
#   (c) the plan benchmark of issue 5 against the simulator (tests/bench_plan.py):
#       many.json, 100 ms latency, page size 10; wall time, requests, TLS
#       handshakes, peak RSS; the same information with the aws CLI, and the ratio
#   (d) the data-plane benchmark of issue 17 (tests/bench_dataplane.py): 1,200
#       nodes behind the simulator's API server, pages of at most 500, read as
#       Table rows and as NodeList pages; wall time, peak RSS, bytes per row
#   (e) issue 13's memory attacks (tests/bench_hostile.py): peak RSS of plan
#       when 64 DescribeNodegroup answers are padded to 8 MiB each, and 64
#       DescribeAddonVersions answers to 7 MiB
#   (f) issue 13's DNS hang: time for whoami --timeout 3s to exit when no DNS
#       answer ever comes (needs unshare -rmn; else "not measured")
# Environment: DEPS (musl dependency directory; default: vendor/build-deps.sh
# musl, which reuses its cache), BENCH_RUNS (plan runs, default 5),
# BENCH_NO_AWS=1 (skip the aws CLI comparison, the slow part).
set -eu
cd "$(dirname "$0")/.."

deps=${DEPS:-$(sh vendor/build-deps.sh musl)}
if ! make -s binary DEPS="$deps" ${MUSL_CC:+MUSL_CC=$MUSL_CC} >&2; then
  [ -x eks-upgrade ] || { echo "bench: cannot build ./eks-upgrade" >&2; exit 1; }
  echo "bench: the build failed; measuring the existing ./eks-upgrade" >&2
fi

# GNU time for peak RSS; install it when missing (Debian/Alpine package "time").
if [ ! -x /usr/bin/time ]; then
  echo "bench: /usr/bin/time is missing; installing the 'time' package" >&2
  if command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq time >/dev/null 2>&1 || true
  elif command -v apk >/dev/null 2>&1; then
    apk add --no-cache -q time >/dev/null 2>&1 || true
  fi
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

echo "== (a) binary size"
size=$(wc -c <eks-upgrade | tr -d ' ')
kind=$(file -b eks-upgrade 2>/dev/null | sed 's/, BuildID[^,]*//' || echo "?")
echo "eks-upgrade: $size bytes ($kind)"
# The variant without trust store: a scratch copy of what the Makefile needs.
# The generator reads the word "none" as "empty store".
mkdir -p "$tmp/nota"
cp -R src vendor Makefile VERSION "$tmp/nota/"
if (cd "$tmp/nota" && make -s binary DEPS="$deps" CA_BUNDLE=none ${MUSL_CC:+MUSL_CC=$MUSL_CC}) \
  >"$tmp/nota.log" 2>&1; then
  nota=$(wc -c <"$tmp/nota/eks-upgrade" | tr -d ' ')
  anchors=$("$tmp/nota/eks-upgrade" version 2>/dev/null | sed -n 's/^trust store: \([0-9]*\).*/\1/p')
  full_anchors=$(./eks-upgrade version 2>/dev/null | sed -n 's/^trust store: \([0-9]*\).*/\1/p')
  echo "without trust store: $nota bytes ($anchors CA certificates)"
  awk -v a="$size" -v b="$nota" -v n="$full_anchors" 'BEGIN {
    printf "trust store share: %d bytes (%.1f%% of the binary, %d CA certificates, %.0f bytes each)\n",
      a - b, 100 * (a - b) / a, n, n ? (a - b) / n : 0 }'
else
  echo "without trust store: build failed (log below)"
  tail -n 20 "$tmp/nota.log"
fi

echo
echo "== (b) eks-upgrade version: peak RSS"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v ./eks-upgrade version >/dev/null 2>"$tmp/time.txt" || true
  rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$tmp/time.txt")
  echo "peak RSS: $rss KiB (GNU time -v)"
else
  echo "peak RSS: not measured (/usr/bin/time missing and the 'time' package could not be installed)"
fi

echo
echo "== (c) plan against the simulator"
set -- --runs "${BENCH_RUNS:-5}"
[ "${BENCH_NO_AWS:-0}" = 1 ] && set -- "$@" --no-aws
python3 tests/bench_plan.py "$@"

echo
echo "== (d) plan with 1,200 nodes through the Kubernetes API"
python3 tests/bench_dataplane.py --runs "${BENCH_RUNS:-5}"
echo
echo "== (e) memory attacks and (f) the DNS hang"
python3 tests/bench_hostile.py
