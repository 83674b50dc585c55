#!/bin/sh
# tests/check.sh (make check) — repo hygiene that the compiler does not catch:
# banned C functions in our code, and formatting per .clang-format.
set -u
cd "$(dirname "$0")/.."
status=0
banned='\b(sprintf|vsprintf|strcpy|strcat|gets|atoi|atol|strtok)[[:space:]]*\('
if grep -nE "$banned" $(find src -name "*.[ch]") tests/unit/*.c tests/unit/*.h tests/fuzz/*.c 2>/dev/null; then
  echo "check: banned functions above (use snprintf, buf_append, strtol...)" >&2
  status=1
fi
if command -v clang-format >/dev/null 2>&1; then
  for f in $(find src -name "*.[ch]") tests/unit/*.c tests/unit/*.h; do
    [ -f "$f" ] || continue
    if ! clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
      echo "check: $f is not formatted (run make format)" >&2
      status=1
    fi
  done
else
  echo "check: clang-format not installed; formatting not checked" >&2
fi
[ "$status" = 0 ] && echo "check: ok"
exit $status
