#!/usr/bin/env bash
# Web tests: builds the web app (incremental; the build itself is fast when
# nothing changed), then runs the wasm API tests under node and the page tests
# in Debian's Chromium. Screenshots land in build/screenshots/.
# Assumes scripts/setup.sh has run (scripts/test.sh calls it first).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/build_web.sh
echo "test_web: node --test tests/node tests/browser"
node --test --test-reporter=spec tests/node tests/browser
