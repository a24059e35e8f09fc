#!/usr/bin/env python3
"""Bundles the page's JavaScript (web/app_host.js, web/page_restore.js,
web/vramcalc_glue.js) into one strict-mode function scope, so the files share
their declarations without globals, and minifies the whitespace with
Emscripten's own optimizer (--extern-post-js code is not optimized by emcc).

usage: bundle_js.py ACORN_OPTIMIZER OUT.js IN.js...
"""
import os
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    optimizer, out, sources = sys.argv[1], sys.argv[2], sys.argv[3:]
    parts = ["(function () {\n'use strict';\n"]
    for path in sources:
        parts.append(open(path, encoding="utf-8").read())
        parts.append("\n")
    parts.append("})();\n")
    with tempfile.NamedTemporaryFile("w", suffix=".js", delete=False, encoding="utf-8") as f:
        f.write("".join(parts))
        joined = f.name
    try:
        env = dict(os.environ)
        env.setdefault("NODE_PATH", "/usr/share/nodejs")  # acorn, for Debian's Emscripten
        minified = subprocess.run(["node", optimizer, joined, "minifyWhitespace"], env=env,
                                  check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(joined)
    open(out, "w", encoding="utf-8").write(minified)


if __name__ == "__main__":
    main()
