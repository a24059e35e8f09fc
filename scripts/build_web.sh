#!/usr/bin/env bash
# Builds the browser app with Debian's Emscripten (CMake preset `web`, output in
# build/web) and assembles the static site in dist/:
#   index.html, vramcalc.js, vramcalc.wasm  (served: scripts/serve.sh)
#   vramcalc.html                           (one self-contained file, works from file://)
# Prints the raw and gzipped sizes against DESIGN.md's budgets.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

die() { echo "build_web: FAILED: $*" >&2; exit 1; }

# Emscripten 3.1.6's tools run on the machine's node and need Debian's node modules.
export NODE_PATH=/usr/share/nodejs
command -v emcc >/dev/null 2>&1 || die "emcc not found: run scripts/setup.sh"
[ -f third_party/imgui/imgui.h ] || die "Dear ImGui sources missing: run scripts/setup.sh"
# Debian's Emscripten uses a prebuilt, frozen library cache (/usr/share/emscripten/cache)
# that it only reads, so no EM_CACHE is needed and any user can build. A machine
# without it would try to build the libraries into a writable cache: keep that in build/.
if ! grep -q "^FROZEN_CACHE = True" /usr/share/emscripten/.emscripten 2>/dev/null; then
  export EM_CACHE="${EM_CACHE:-$ROOT/build/emcache}"
fi

cmake --preset web >/dev/null || die "cmake configure (preset web) failed"
cmake --build --preset web -j 2 || die "cmake build (preset web) failed"

OUT=build/web/out
rm -rf dist
mkdir -p dist
cp public/index.html "$OUT/vramcalc.js" "$OUT/vramcalc.wasm" dist/
python3 web/tools/make_single_html.py public/index.html "$OUT/vramcalc_single.js" dist/vramcalc.html

size() { printf '%-22s %8d bytes raw %8d bytes gzip\n' "$(basename "$1")" "$(wc -c <"$1")" \
  "$(gzip -9c "$1" | wc -c)"; }
echo "build_web: dist/"
for f in dist/index.html dist/vramcalc.js dist/vramcalc.wasm dist/vramcalc.html; do size "$f"; done
wasm_gz=$(gzip -9c dist/vramcalc.wasm | wc -c)
total_gz=$(( $(gzip -9c dist/index.html | wc -c) + $(gzip -9c dist/vramcalc.js | wc -c) + wasm_gz ))
echo "build_web: download (index + js + wasm, gzip): $total_gz bytes (budget 716800)"
[ "$wasm_gz" -le 409600 ] || echo "build_web: WARNING: wasm is $wasm_gz bytes gzipped (budget 409600)"
