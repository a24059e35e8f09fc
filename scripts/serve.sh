#!/usr/bin/env bash
# Installs what is missing, builds the web app and serves dist/ on
# http://127.0.0.1:${PORT:-8000} (localhost only). Ctrl-C stops the server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PORT="${PORT:-8000}"

scripts/setup.sh
scripts/build_web.sh
echo "serve: vramcalc at http://127.0.0.1:$PORT/  (single file: dist/vramcalc.html)"
# python3's http.server maps .wasm to application/wasm (streaming compilation).
exec python3 -m http.server "$PORT" --bind 127.0.0.1 --directory dist
