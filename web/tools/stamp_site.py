#!/usr/bin/env python3
"""Stamps a built site (dist/) with its build's content hash: index.html loads
vramcalc.js?v=HASH and preloads vramcalc.wasm?v=HASH (the script asks for the
wasm with its own query), and sw.js is written from web/sw.js with that version,
the files its cache holds from the start and those it caches when a page asks.
Re-stamping a stamped site (say, after editing its index.html) gives the new
content's hash.

usage: stamp_site.py SW_TEMPLATE DIST_DIR
"""
import hashlib
import json
import os
import re
import sys

# What the offline copy needs: the page, its script and wasm, the manifest and icons,
# and the page documenting the iframe embed with its style and resize script.
ASSETS = ["vramcalc.js", "vramcalc.wasm"]
STATIC = ["manifest.webmanifest", "icon-192.png", "icon-512.png", "embed.html", "embed.css",
          "embed.js"]
# Fetched only by some pages (the Chinese UI's font): not precached, so other
# visitors download nothing more; sw.js caches it when a page fetches it. Part of
# the version all the same: a new font is a new build.
ON_DEMAND = ["zh-glyphs.ttf"]
QUERY = re.compile(r"\?v=[0-9a-f]+")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    template, dist = sys.argv[1], sys.argv[2]
    index_path = os.path.join(dist, "index.html")
    html = QUERY.sub("", open(index_path, encoding="utf-8").read())
    digest = hashlib.sha256(html.encode("utf-8"))
    for name in ASSETS + STATIC + ON_DEMAND:
        digest.update(open(os.path.join(dist, name), "rb").read())
    version = digest.hexdigest()[:16]
    for name in ASSETS:
        plain = '"%s"' % name
        if plain not in html:
            sys.exit("stamp_site: %s does not reference %s" % (index_path, name))
        html = html.replace(plain, '"%s?v=%s"' % (name, version))
    open(index_path, "w", encoding="utf-8").write(html)
    files = ["index.html"] + ["%s?v=%s" % (n, version) for n in ASSETS] + STATIC
    sw = open(template, encoding="utf-8").read()
    sw = sw.replace("'__VERSION__'", json.dumps(version)).replace("__FILES__", json.dumps(files))
    sw = sw.replace("__ON_DEMAND__", json.dumps(ON_DEMAND))
    open(os.path.join(dist, "sw.js"), "w", encoding="utf-8").write(sw)
    print(version)


if __name__ == "__main__":
    main()
