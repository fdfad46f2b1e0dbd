#!/usr/bin/env python3
"""Reads the theme colours Mermaid gave every node and subgraph of its own SVG pictures.

For each SVG under a reference directory (Mermaid 12.4's pictures of the corpus,
../shared/reference/mermaid-12.4/), writes what a viewer paints: for every node its fill,
outline and text colour; for every subgraph its fill, outline and title colour. The values
are resolved as the browser's cascade resolves them for these pictures: the element's inline
`style` (the compiled `classDef`/`style` statements, `!important`) over the per-subgraph
palette rules (`[data-color-id="color-N"].cluster … rect`) over the theme's rules (`.node rect`,
`.cluster rect`, `.label text,span`, `.cluster-label span`). Colours are written as lower-case
`#rrggbb`. tests/render.rs compares topomaid's drawing under the Mermaid 12 target with them.

    python3 tools/mermaid_svg_colours.py ../shared/reference/mermaid-12.4 > fixtures/render/mermaid-12-colours.json
"""

import json
import pathlib
import re
import sys

NAMED = {"white": "#ffffff", "black": "#000000"}


def colour(value):
    """A CSS colour as lower-case #rrggbb (None for anything else)."""
    v = value.strip().replace("!important", "").strip().lower()
    v = NAMED.get(v, v)
    m = re.fullmatch(r"#([0-9a-f]{3})", v)
    if m:
        return "#" + "".join(c * 2 for c in m.group(1))
    if re.fullmatch(r"#[0-9a-f]{6}", v):
        return v
    m = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*[\d.]+)?\)", v)
    if m:
        return "#" + "".join(f"{int(x):02x}" for x in m.groups())
    return None


def declarations(text):
    """`prop: value` pairs of a CSS declaration block or style attribute."""
    out = {}
    for decl in text.split(";"):
        if ":" in decl:
            k, v = decl.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def attribute(tag, name):
    """The value of attribute `name` in the start tag `tag` ('' when absent)."""
    m = re.search(rf'\s{name}="([^"]*)"', tag)
    return m.group(1) if m else ""


def rule(css, selector):
    """The declarations of the first rule whose selector list contains `selector`."""
    for m in re.finditer(r"([^{}]+)\{([^{}]*)\}", css):
        if selector in [s.strip() for s in m.group(1).split(",")]:
            return declarations(m.group(2))
    return {}


def read(svg):
    css = "".join(re.findall(r"<style>(.*?)</style>", svg, re.S))
    node = rule(css, "#my-svg .node rect")
    text = rule(css, "#my-svg .label text")
    cluster = rule(css, "#my-svg .cluster rect")
    title = rule(css, "#my-svg .cluster-label span")
    palette = {}
    for m in re.finditer(
        r'#my-svg \[data-look="neo"\]\[data-color-id="(color-\d+)"\]\.cluster:not\(\.swimlane\) rect\{([^}]*)\}',
        css,
    ):
        palette[m.group(1)] = declarations(m.group(2))
    nodes = {}
    for m in re.finditer(
        r'<g class="node [^"]*" id="my-svg-flowchart-(.+?)-\d+"[^>]*>(.*?)</g></g>', svg
    ):
        ident, body = m.group(1), m.group(2)
        shape = re.search(r"<(?:rect|path|polygon|circle)\b[^>]*>", body)
        own = declarations(attribute(shape.group(0), "style")) if shape else {}
        label = re.search(r'<span[^>]*class="nodeLabel"[^>]*>', body)
        label_style = declarations(attribute(label.group(0), "style") if label else "")
        nodes[ident] = {
            "fill": colour(own.get("fill", node["fill"])),
            "stroke": colour(own.get("stroke", node["stroke"])),
            "text": colour(label_style.get("color", text["fill"])),
        }
    clusters = {}
    for m in re.finditer(
        r'<g class="cluster[^"]*" id="my-svg-(.+?)" data-look="[^"]*"(?: data-color-id="(color-\d+)")?>(.*?)</g></g>',
        svg,
    ):
        ident, slot, body = m.groups()
        rect = re.search(r'<rect style="([^"]*)"', body)
        own = declarations(rect.group(1) if rect else "")
        base = dict(cluster)
        base.update(palette.get(slot, {}))
        label = re.search(r'<span class="nodeLabel" style="([^"]*)"', body)
        label_style = declarations(label.group(1) if label else "")
        clusters[ident] = {
            "fill": colour(own.get("fill", base["fill"])),
            "stroke": colour(own.get("stroke", base["stroke"])),
            "text": colour(label_style.get("color", title["color"])),
        }
    return {"nodes": nodes, "clusters": clusters}


def main():
    root = pathlib.Path(sys.argv[1])
    out = {}
    for path in sorted(root.rglob("*.svg")):
        out[str(path.relative_to(root).with_suffix(""))] = read(path.read_text())
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
