#!/usr/bin/env bash
# Renders the corpus diagram for the docs in Mermaid 12's look (the default: redux-color, neo),
# docs/render-corpus.svg and docs/render-corpus.png, and in Mermaid 11's (default theme,
# classic), docs/render-corpus-11.svg and docs/render-corpus-11.png; and the five theme fixtures
# stacked in one picture, docs/render-themes.png (drawn for Mermaid 11, whose look they show).
# Needs a release build (or TOPOMAID=path/to/topomaid) and rsvg-convert (apt-get install -y
# librsvg2-bin); Korean and emoji in the PNG need fonts that have them (apt-get install -y
# fonts-noto-cjk fonts-noto-color-emoji). rsvg draws emoji as outlines, without their colours
# (resvg draws them in colour, but sets the Latin text of any line with Hangul in the serif
# font it falls back to, which the corpus would show everywhere).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${TOPOMAID:-target/release/topomaid}
[ -x "$bin" ] || cargo build --release
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing: apt-get install -y librsvg2-bin" >&2; exit 1; }
# png SVG PNG ZOOM
png() { rsvg-convert --zoom "$3" "$1" -o "$2"; }
"$bin" render --mermaid 12 diagrams/tripgen-prod-network.mmd -o docs/render-corpus.svg
png docs/render-corpus.svg docs/render-corpus.png 0.6
"$bin" render --mermaid 11 diagrams/tripgen-prod-network.mmd -o docs/render-corpus-11.svg
png docs/render-corpus-11.svg docs/render-corpus-11.png 0.6
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in default neutral dark forest base; do
  "$bin" render --mermaid 11 "fixtures/render/theme-$t.mmd" -o "$tmp/$t.svg"
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
png "$tmp/themes.svg" docs/render-themes.png 0.6
echo "wrote docs/render-corpus{,-11}.svg docs/render-corpus{,-11}.png docs/render-themes.png"
