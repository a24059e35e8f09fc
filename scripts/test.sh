#!/usr/bin/env bash
# The README's test command: installs what is missing, builds native + web, runs
# every test layer (GoogleTest + CLI via ctest, wasm API in node, the page in
# Chromium). Exits non-zero on the first failing layer.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/setup.sh

echo "== format (the committed .clang-format)"
bash scripts/check_format.sh

echo "== native build"
cmake --preset native >/dev/null
cmake --build --preset native -j "$(nproc)"

echo "== native tests (ctest)"
ctest --test-dir build/native --output-on-failure -j "$(nproc)"

echo "== fuzzing, short run (~15 s per parser; scripts/fuzz.sh long for the 10-minute runs)"
bash scripts/fuzz.sh short

echo "== web build + wasm and browser tests"
bash scripts/test_web.sh
