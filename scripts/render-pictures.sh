#!/usr/bin/env bash
# Renders the corpus diagram for the docs: docs/render-corpus.svg and docs/render-corpus.png;
# and the five theme fixtures stacked in one picture, docs/render-themes.png.
# Needs a release build and rsvg-convert (apt-get install -y librsvg2-bin); Korean and emoji
# in the PNG need fonts that have them (apt-get install -y fonts-noto-cjk fonts-noto-color-emoji).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${TOPOMAID:-target/release/topomaid}
[ -x "$bin" ] || cargo build --release
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing: apt-get install -y librsvg2-bin" >&2; exit 1; }
"$bin" render diagrams/tripgen-prod-network.mmd -o docs/render-corpus.svg
rsvg-convert --zoom 0.6 docs/render-corpus.svg -o docs/render-corpus.png
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in default neutral dark forest base; do
  "$bin" render "fixtures/render/theme-$t.mmd" -o "$tmp/$t.svg"
done
# One SVG holding the five, one under the other.
python3 - "$tmp" <<'PY'
import re, sys
d = sys.argv[1]
parts, y, width = [], 0.0, 0.0
for t in ["default", "neutral", "dark", "forest", "base"]:
    svg = open(f"{d}/{t}.svg").read()
    w, h = (float(re.search(f'{a}="([0-9.]+)"', svg).group(1)) for a in ("width", "height"))
    parts.append(svg.replace("<svg ", f'<svg x="0" y="{y}" ', 1))
    y, width = y + h, max(width, w)
open(f"{d}/themes.svg", "w").write(
    f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    f'width="{width}" height="{y}">' + "".join(parts) + "</svg>")
PY
rsvg-convert --zoom 0.6 "$tmp/themes.svg" -o docs/render-themes.png
echo "wrote docs/render-corpus.svg docs/render-corpus.png docs/render-themes.png"
