#!/usr/bin/env python3
"""Inlines the single-file build (-sSINGLE_FILE=1: wasm embedded as base64) into
the page shell, giving dist/vramcalc.html: one file that works from file://
offline. The inline script is allowed by its sha256 hash in the page's CSP and
the wasm's data: URL by connect-src, so no eval is allowed.

usage: make_single_html.py index.html vramcalc_single.js out.html
"""
import base64
import hashlib
import re
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    html = open(sys.argv[1], encoding="utf-8").read()
    js = open(sys.argv[2], encoding="utf-8").read()
    # A literal "</script" inside the code would end the element early.
    js = re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
    tag = '<script src="vramcalc.js"></script>'
    if tag not in html:
        sys.exit("make_single_html: %s has no %s" % (sys.argv[1], tag))
    digest = base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode()
    html = html.replace("script-src 'self'", "script-src 'sha256-%s'" % digest, 1)
    # The loader fetch()es the inlined wasm from its data: URL (beside the Hub
    # hosts that index.html's connect-src already allows for the Hub field).
    if "connect-src 'self'" in html:
        html = html.replace("connect-src 'self'", "connect-src 'self' data:", 1)
    else:
        html = html.replace("default-src 'self';", "default-src 'self'; connect-src data:;", 1)
    html = html.replace(tag, "<script>" + js + "</script>", 1)
    # The wasm is inlined: no separate file to preload (from file:// it would fail).
    html = re.sub(r'\n<!-- The wasm downloads.*?-->\n<link rel="preload"[^>]*>', "", html,
                  count=1, flags=re.DOTALL)
    # One file from file://: no manifest, icon file or service worker beside it.
    html = re.sub(r'<link rel="icon" href="icon-192.png">\n<!-- Installable.*?-->\n'
                  r'<link rel="manifest"[^>]*>', '<link rel="icon" href="data:,">', html,
                  count=1, flags=re.DOTALL)
    if 'rel="manifest"' in html:
        sys.exit("make_single_html: the manifest link of %s was not removed" % sys.argv[1])
    if 'rel="preload"' in html:
        sys.exit("make_single_html: the preload link of %s was not removed" % sys.argv[1])
    open(sys.argv[3], "w", encoding="utf-8").write(html)


if __name__ == "__main__":
    main()
