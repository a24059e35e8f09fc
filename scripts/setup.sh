#!/usr/bin/env bash
# Installs everything the build and the tests need, from Debian's packages and the
# npm registry only. Idempotent: each step checks first and a second run is fast.
# Called by scripts/serve.sh and scripts/test.sh (the README's two commands).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

IMGUI_VERSION=1.86
APT_PACKAGES=(emscripten nlohmann-json3-dev googletest libgtest-dev cmake g++ make
  chromium fonts-dejavu-core fonts-wqy-microhei clang-14 libclang-rt-14-dev xz-utils python3
  python3-fonttools brotli  # the web build's font subsetter and dist/*.br
  clang-format-14)  # scripts/check_format.sh

die() { echo "setup: FAILED: $*" >&2; exit 1; }
step() { echo "setup: $*"; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# 1. Debian packages (only the missing ones; apt-get update only when something is missing).
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq || die "apt-get update failed (is Debian's package mirror reachable?)"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null || die "apt-get install ${missing[*]} failed"
fi

# Node.js and npm: the machine's own (Node 20 with npm) is used when present; Debian's
# nodejs (18) is the fallback. Emscripten's tools run on either.
if ! command -v npm >/dev/null 2>&1; then
  step "installing Debian nodejs + npm"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm \
    >/dev/null || die "cannot install nodejs/npm"
fi

# 2. Dear ImGui sources from Debian's source package (bookworm), unpacked into third_party/.
IMGUI_DIR="$ROOT/third_party/imgui"
if [ ! -f "$IMGUI_DIR/imgui.h" ]; then
  step "fetching Dear ImGui $IMGUI_VERSION from Debian's source package"
  SRC_LIST=/etc/apt/sources.list.d/vramcalc-deb-src.list
  # apt refuses a deb-src entry whose Signed-By differs from the deb entry's for the
  # same mirror, so reuse the keyring the machine's own sources name (if any).
  keyring="$(grep -rhoP '^Signed-By:\s*\K\S+' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1 || true)"
  opt=""; [ -n "$keyring" ] && opt="[signed-by=$keyring] "
  want="deb-src ${opt}http://deb.debian.org/debian bookworm main"
  if [ "$(cat "$SRC_LIST" 2>/dev/null)" != "$want" ]; then
    echo "$want" | $SUDO tee "$SRC_LIST" >/dev/null
    $SUDO apt-get update -qq || die "apt-get update (deb-src) failed"
  fi
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get source --download-only "imgui=$IMGUI_VERSION*" >/dev/null 2>&1 ||
     apt-get source --download-only imgui >/dev/null) || die "apt-get source imgui failed"
  orig="$(ls "$tmp"/imgui_*.orig.tar.* 2>/dev/null | head -1)"
  [ -n "$orig" ] || die "no imgui .orig tarball downloaded"
  mkdir -p "$ROOT/third_party"
  rm -rf "$IMGUI_DIR" && mkdir -p "$IMGUI_DIR"
  tar -xf "$orig" -C "$IMGUI_DIR" --strip-components=1 || die "cannot unpack $orig"
  rm -rf "$tmp"
  [ -f "$IMGUI_DIR/imgui.h" ] || die "imgui.h missing after unpacking $orig"
fi

# 3. npm packages: playwright-core (drives Debian's chromium in the browser tests) and
# terser (minifies the page's JS in scripts/build_web.sh).
if [ ! -d "$ROOT/node_modules/playwright-core" ] || [ ! -d "$ROOT/node_modules/terser" ]; then
  step "installing npm packages (playwright-core, terser)"
  if [ -f package-lock.json ]; then
    npm ci --no-audit --no-fund --loglevel=error >/dev/null || die "npm ci failed"
  else
    npm install --no-audit --no-fund --loglevel=error >/dev/null || die "npm install failed"
  fi
fi

step "ok"
