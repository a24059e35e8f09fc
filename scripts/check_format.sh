#!/usr/bin/env bash
# Checks every tracked C++ file against the committed .clang-format (Debian's
# clang-format-14, installed by scripts/setup.sh). Lists the files that differ;
# `clang-format-14 -i FILE` fixes one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
command -v clang-format-14 >/dev/null 2>&1 || { echo "check_format: clang-format-14 missing: run scripts/setup.sh" >&2; exit 1; }
mapfile -t files < <(git ls-files '*.cpp' '*.h' | grep -v '^third_party/')
bad=()
for f in "${files[@]}"; do
  clang-format-14 --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ "${#bad[@]}" -gt 0 ]; then
  echo "check_format: ${#bad[@]} of ${#files[@]} files differ from .clang-format:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  exit 1
fi
echo "check_format: ${#files[@]} files follow .clang-format"
