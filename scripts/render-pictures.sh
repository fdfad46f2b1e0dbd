#!/usr/bin/env bash
# Renders the corpus diagram for the docs: docs/render-corpus.svg and docs/render-corpus.png.
# Needs a release build and rsvg-convert (apt-get install -y librsvg2-bin); Korean and emoji
# in the PNG need fonts that have them (apt-get install -y fonts-noto-cjk fonts-noto-color-emoji).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/topomaid
[ -x "$bin" ] || cargo build --release
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is missing: apt-get install -y librsvg2-bin" >&2; exit 1; }
"$bin" render diagrams/tripgen-prod-network.mmd -o docs/render-corpus.svg
rsvg-convert --zoom 0.6 docs/render-corpus.svg -o docs/render-corpus.png
echo "wrote docs/render-corpus.svg docs/render-corpus.png"
