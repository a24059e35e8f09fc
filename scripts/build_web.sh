#!/usr/bin/env bash
# Builds the browser app with Debian's Emscripten (CMake preset `web`, output in
# build/web) and assembles the static site in dist/:
#   index.html, vramcalc.js, vramcalc.wasm  (served: scripts/serve.sh)
#   vramcalc.html                           (one self-contained file, works from file://)
#   vramcalc-element.js, npm-module/        (<vramcalc-estimate> for documentation pages)
#   embed.html, embed.css, embed.js         (the page documenting the element and the iframe)
#   npm/vramcalc-<version>.tgz              (the npm package)
#   *.gz, *.br beside each                  (pre-compressed, for hosts that serve them)
# The JS is minified with terser (npm, scripts/setup.sh) after Emscripten's own pass,
# which leaves the loader's names long. Prints the sizes against DESIGN.md's budgets.
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
TERSER=node_modules/terser/bin/terser
[ -f "$TERSER" ] || die "terser missing: run scripts/setup.sh (npm ci)"
# Compress and mangle locals; property names stay (the page reads Module fields).
minify() { node "$TERSER" "$1" --compress --mangle --ecma 5 -o "$2" || die "terser $1 failed"; }
rm -rf dist
mkdir -p dist
cp public/index.html public/manifest.webmanifest "$OUT/vramcalc.wasm" dist/
minify "$OUT/vramcalc.js" dist/vramcalc.js
python3 web/tools/make_icons.py dist
# The Chinese UI's glyphs: WenQuanYi Micro Hei subset to the characters of the
# translation table, fetched by the page only when Chinese is shown.
/usr/bin/python3 web/tools/embed_font.py --zh imgui_ui/locale_zh.cpp \
  /usr/share/fonts/truetype/wqy/wqy-microhei.ttc dist/zh-glyphs.ttf || die "zh-glyphs.ttf failed"
minify "$OUT/vramcalc_single.js" build/web/vramcalc_single.min.js
python3 web/tools/make_single_html.py public/index.html build/web/vramcalc_single.min.js dist/vramcalc.html

# Pre-compressed copies for static hosts that serve a .gz/.br file in place of the
# original (nginx gzip_static/brotli_static, Caddy precompressed; see README).
command -v brotli >/dev/null 2>&1 || die "brotli missing: run scripts/setup.sh"
precompress() { for f in "$@"; do gzip -9 -n -k -f "$f"; brotli -q 11 -k -f "$f"; done; }

# The npm package: npm/ and the core-only module (web/npm_bindings.cpp), packed
# as dist/npm/vramcalc-<version>.tgz.
rm -rf build/npm dist/npm
mkdir -p build/npm dist/npm
cp npm/package.json npm/index.js npm/index.d.ts npm/README.md build/npm/
cp "$OUT/vramcalc_npm.js" build/npm/vramcalc_core.js
(cd build/npm && npm pack --silent --pack-destination "$ROOT/dist/npm" >/dev/null) || die "npm pack failed"

# The documentation element: dist/vramcalc-element.js imports ./npm-module/index.js,
# the npm package's files unpacked beside it (the same core as the CLI), and
# dist/embed.html documents it with its attribute table filled from options().
rm -rf dist/npm-module
mkdir -p dist/npm-module
cp build/npm/package.json build/npm/index.js build/npm/index.d.ts build/npm/vramcalc_core.js dist/npm-module/
cp web/element/vramcalc-element.js public/embed.html public/embed.css public/embed.js dist/
node web/tools/embed_options.mjs dist/npm-module/index.js dist/embed.html || die "embed.html options table failed"

# index.html asks for this build's js and wasm by content hash; sw.js caches them
# with the static files (embed.html among them, so it is stamped once complete).
version=$(python3 web/tools/stamp_site.py web/sw.js dist) || die "stamping dist/ failed"
precompress dist/index.html dist/vramcalc.js dist/vramcalc.wasm dist/vramcalc.html dist/sw.js \
  dist/manifest.webmanifest dist/vramcalc-element.js dist/embed.html dist/embed.css \
  dist/embed.js dist/npm-module/index.js dist/npm-module/vramcalc_core.js dist/zh-glyphs.ttf

size() { printf '%-22s %8d bytes raw %8d bytes gzip %8d bytes brotli\n' "$(basename "$1")" \
  "$(wc -c <"$1")" "$(wc -c <"$1.gz")" "$(wc -c <"$1.br")"; }
echo "build_web: dist/ (build $version)"
for f in dist/index.html dist/vramcalc.js dist/vramcalc.wasm dist/vramcalc.html dist/zh-glyphs.ttf \
         dist/vramcalc-element.js dist/npm-module/vramcalc_core.js dist/embed.html dist/embed.js; do
  size "$f"
done
echo "build_web: $(ls dist/npm/*.tgz) $(wc -c <dist/npm/*.tgz) bytes"
# index + js + wasm is the whole startup download: the font and presets are in the wasm.
total_gz=$(( $(wc -c <dist/index.html.gz) + $(wc -c <dist/vramcalc.js.gz) + $(wc -c <dist/vramcalc.wasm.gz) ))
total_br=$(( $(wc -c <dist/index.html.br) + $(wc -c <dist/vramcalc.js.br) + $(wc -c <dist/vramcalc.wasm.br) ))
echo "build_web: download (index + js + wasm): $total_gz bytes gzip, $total_br bytes brotli (budget 266240 gzip)"
[ "$total_gz" -le 266240 ] || echo "build_web: WARNING: download is $total_gz bytes gzipped (budget 266240 = 260 KB)"
