#!/usr/bin/env python3
"""Layout figures of `topomaid render --format layout`, comparable with Mermaid's.

usage: tools/layout_geometry.py FILE.json [...]            one JSON object of figures per file
       tools/layout_geometry.py --table [--topomaid PATH]  the corpus table of docs/benchmarks.md

The figures are those `mermaid_svg_geometry.py` (the shared tool that measured Mermaid 12.4's
and 11.17.2's SVGs, fixtures/corpus/mermaid-geometry.json) computes, defined the same way:

  crossings          pairs of segments of different edges that properly cross (each strictly
                     separates the other's end points; touching, shared end points and collinear
                     overlaps do not count), after dropping zero-length segments and
                     straight-through vertices.
  width, height, area  the canvas (our canvas includes the 8 px margin, as Mermaid's viewBox
                     includes its padding).
  edge_length        sum of the lengths of all edge polylines.
  bends              direction changes of more than 20 degrees along each polyline.
  edge_through_node  edge segments passing through the interior of a node box (shrunk by 2 px)
                     that is not one of the edge's ends.

and four that need the layout's own geometry:

  edge_through_cluster  edge segments passing through the interior of a cluster box (shrunk
                     by 2 px) that holds neither end of the edge. A node is in a cluster when
                     its box lies within the cluster's; an end that is a cluster is held by
                     itself and the clusters around it.
  title_crossings    (edge, title) pairs where a segment of the edge passes through the interior
                     of a cluster's title box (`titles` in the JSON, shrunk by 1 px).
  close_parallel     pairs of parallel segments (within 1 degree) of different edges that
                     overlap lengthwise by more than 1 px and lie less than 10 px apart
                     (ELK's default edge spacing). Two edges sharing an end that run exactly on
                     top of each other (less than 0.5 px apart) are one trunk, not counted.
  aspect             width / height.

Pure standard library.
"""

import json
import math
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHRINK = 2.0
TITLE_SHRINK = 1.0
BEND_DEG = 20.0
SPACING = 10.0
PARALLEL_SIN = math.sin(math.radians(1.0))


def clean(points, eps=1e-2):
    """Drops zero-length segments and straight-through vertices."""
    out = []
    for p in points:
        p = (float(p[0]), float(p[1]))
        if out and abs(p[0] - out[-1][0]) < eps and abs(p[1] - out[-1][1]) < eps:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            ux, uy = b[0] - a[0], b[1] - a[1]
            vx, vy = p[0] - b[0], p[1] - b[1]
            lu, lv = math.hypot(ux, uy), math.hypot(vx, vy)
            if lu > 0 and lv > 0 and abs(ux * vy - uy * vx) / (lu * lv) < 1e-9 and ux * vx + uy * vy > 0:
                out[-1] = p
                continue
        out.append(p)
    return out


def orient(a, b, c):
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def properly_cross(a, b, c, d, tol=1e-6):
    lab, lcd = math.dist(a, b), math.dist(c, d)
    if lab == 0 or lcd == 0:
        return False
    o1, o2 = orient(a, b, c) / lab, orient(a, b, d) / lab
    o3, o4 = orient(c, d, a) / lcd, orient(c, d, b) / lcd
    return ((o1 > tol and o2 < -tol) or (o1 < -tol and o2 > tol)) and (
        (o3 > tol and o4 < -tol) or (o3 < -tol and o4 > tol))


def enters(p, q, box):
    """Whether segment pq has a part of positive length strictly inside box (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    if x1 <= x0 or y1 <= y0:
        return False
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for pp, qq in ((-dx, p[0] - x0), (dx, x1 - p[0]), (-dy, p[1] - y0), (dy, y1 - p[1])):
        if pp == 0:
            if qq <= 0:
                return False
        else:
            r = qq / pp
            if pp < 0:
                if r > t1:
                    return False
                t0 = max(t0, r)
            else:
                if r < t0:
                    return False
                t1 = min(t1, r)
    return (t1 - t0) * math.hypot(dx, dy) > 1e-6


def bends(p):
    n = 0
    for i in range(1, len(p) - 1):
        ux, uy = p[i][0] - p[i - 1][0], p[i][1] - p[i - 1][1]
        vx, vy = p[i + 1][0] - p[i][0], p[i + 1][1] - p[i][1]
        if abs(math.degrees(math.atan2(ux * vy - uy * vx, ux * vx + uy * vy))) > BEND_DEG:
            n += 1
    return n


def box_of(b, shrink=0.0):
    return (b["x"] + shrink, b["y"] + shrink, b["x"] + b["width"] - shrink, b["y"] + b["height"] - shrink)


def within(inner, outer, tol=0.01):
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol
            and inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


class Grid:
    """Segments filed under square cells, to find those near a box or a segment quickly."""

    def __init__(self, cell=64.0):
        self.cell = cell
        self.cells = {}

    def _range(self, x0, y0, x1, y1):
        c = self.cell
        for i in range(int(math.floor(x0 / c)), int(math.floor(x1 / c)) + 1):
            for j in range(int(math.floor(y0 / c)), int(math.floor(y1 / c)) + 1):
                yield (i, j)

    def add(self, k, a, b, grow=0.0):
        for key in self._range(min(a[0], b[0]) - grow, min(a[1], b[1]) - grow,
                               max(a[0], b[0]) + grow, max(a[1], b[1]) + grow):
            self.cells.setdefault(key, []).append(k)

    def near(self, x0, y0, x1, y1):
        seen = set()
        for key in self._range(x0, y0, x1, y1):
            for k in self.cells.get(key, ()):
                if k not in seen:
                    seen.add(k)
                    yield k


def parallel_gap(a, b, c, d):
    """(distance, lengthwise overlap) of two parallel segments, or None when not parallel."""
    la, lc = math.dist(a, b), math.dist(c, d)
    if la == 0 or lc == 0:
        return None
    ux, uy = (b[0] - a[0]) / la, (b[1] - a[1]) / la
    vx, vy = (d[0] - c[0]) / lc, (d[1] - c[1]) / lc
    if abs(ux * vy - uy * vx) > PARALLEL_SIN:
        return None
    dist = abs((c[0] - a[0]) * uy - (c[1] - a[1]) * ux)
    s0 = (c[0] - a[0]) * ux + (c[1] - a[1]) * uy
    s1 = (d[0] - a[0]) * ux + (d[1] - a[1]) * uy
    lo, hi = max(0.0, min(s0, s1)), min(la, max(s0, s1))
    return dist, hi - lo


def measure(doc):
    """The figures of one `--format layout` document."""
    nodes = {n["id"]: box_of(n) for n in doc["nodes"]}
    clusters = {c["id"]: box_of(c) for c in doc["clusters"]}
    titles = [box_of(t, TITLE_SHRINK) for t in doc.get("titles", []) if t["width"] > 0 and t["height"] > 0]
    edges = doc["edges"]
    polys = [clean(e["points"]) for e in edges]

    def end_box(end):
        return nodes.get(end) or clusters.get(end)

    def holders(end):
        """The clusters that hold an end (a node or a cluster)."""
        b = end_box(end)
        if b is None:
            return set()
        return {c for c, cb in clusters.items() if within(b, cb)}

    segs = []
    grid = Grid()
    for k, p in enumerate(polys):
        for i in range(len(p) - 1):
            grid.add(len(segs), p[i], p[i + 1], SPACING)
            segs.append((k, p[i], p[i + 1]))

    crossings = 0
    close = 0
    for s, (k, a, b) in enumerate(segs):
        x0, y0 = min(a[0], b[0]) - SPACING, min(a[1], b[1]) - SPACING
        x1, y1 = max(a[0], b[0]) + SPACING, max(a[1], b[1]) + SPACING
        for t in grid.near(x0, y0, x1, y1):
            if t <= s:
                continue
            j, c, d = segs[t]
            if j == k:
                continue
            if properly_cross(a, b, c, d):
                crossings += 1
                continue
            g = parallel_gap(a, b, c, d)
            if g is None or g[1] <= 1.0 or g[0] >= SPACING:
                continue
            ek, ej = edges[k], edges[j]
            shared = {ek["from"], ek["to"]} & {ej["from"], ej["to"]}
            if g[0] < 0.5 and shared:
                continue
            close += 1

    length = sum(math.dist(p[i], p[i + 1]) for p in polys for i in range(len(p) - 1))
    through_node = through_cluster = title_crossings = 0
    for e, p in zip(edges, polys):
        if not p:
            continue
        own = {e["from"], e["to"]}
        held = holders(e["from"]) | holders(e["to"])
        xs = [q[0] for q in p]
        ys = [q[1] for q in p]
        span = (min(xs), min(ys), max(xs), max(ys))

        def meets(b):
            return not (b[2] < span[0] or span[2] < b[0] or b[3] < span[1] or span[3] < b[1])

        for nid, b in nodes.items():
            if nid in own or not meets(b):
                continue
            sb = (b[0] + SHRINK, b[1] + SHRINK, b[2] - SHRINK, b[3] - SHRINK)
            through_node += sum(1 for i in range(len(p) - 1) if enters(p[i], p[i + 1], sb))
        for cid, b in clusters.items():
            if cid in held or not meets(b):
                continue
            sb = (b[0] + SHRINK, b[1] + SHRINK, b[2] - SHRINK, b[3] - SHRINK)
            through_cluster += sum(1 for i in range(len(p) - 1) if enters(p[i], p[i + 1], sb))
        for tb in titles:
            if meets(tb) and any(enters(p[i], p[i + 1], tb) for i in range(len(p) - 1)):
                title_crossings += 1

    w, h = float(doc["width"]), float(doc["height"])
    return {
        "crossings": crossings,
        "width": round(w, 2),
        "height": round(h, 2),
        "area": round(w * h, 1),
        "edge_length": round(length, 1),
        "bends": sum(bends(p) for p in polys),
        "edge_through_node": through_node,
        "edge_through_cluster": through_cluster,
        "title_crossings": title_crossings,
        "close_parallel": close,
        "aspect": round(w / h, 3) if h > 0 else None,
    }


def layout_of(topomaid, path):
    out = subprocess.run([topomaid, "render", "--format", "layout", path], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{topomaid} render --format layout {path} failed:\n{out.stderr}")
    return json.loads(out.stdout)


def table(topomaid):
    """The corpus table: topomaid's figures against Mermaid 12's and 11's, and totals."""
    with open(os.path.join(ROOT, "fixtures/corpus/mermaid-geometry.json"), encoding="utf-8") as f:
        base = json.load(f)
    rows = []
    tot = {"ours": {}, "m12": {}, "m11": {}}
    keys = ("crossings", "area", "edge_length", "bends", "edge_through_node")
    ours_only = ("edge_through_cluster", "title_crossings", "close_parallel")
    beats = 0
    for key in sorted(k for k in base if k.startswith("corpus/")):
        path = os.path.join(ROOT, "fixtures", key + ".mmd")
        if not os.path.exists(path):
            continue
        m = measure(layout_of(topomaid, path))
        m12, m11 = base[key]["m12"], base[key]["m11"]
        for who, v in (("ours", m), ("m12", m12), ("m11", m11)):
            for k in keys + (ours_only if who == "ours" else ()):
                tot[who][k] = tot[who].get(k, 0) + v[k]
        ok = (m["crossings"] <= m12["crossings"] and m["area"] <= m12["area"]
              and m["edge_through_node"] == 0 and m["edge_through_cluster"] == 0
              and m["title_crossings"] == 0 and m["close_parallel"] == 0)
        beats += ok
        rows.append(
            f"| `{key[len('corpus/'):]}` | {m['crossings']} / {m12['crossings']} / {m11['crossings']} "
            f"| {m['area'] / 1e6:.2f} / {m12['area'] / 1e6:.2f} / {m11['area'] / 1e6:.2f} "
            f"| {m['width']:.0f}×{m['height']:.0f} "
            f"| {m['edge_length'] / 1e3:.1f} / {m12['edge_length'] / 1e3:.1f} / {m11['edge_length'] / 1e3:.1f} "
            f"| {m['bends']} / {m12['bends']} / {m11['bends']} "
            f"| {m['edge_through_node']} / {m12['edge_through_node']} / {m11['edge_through_node']} "
            f"| {m['edge_through_cluster']} | {m['title_crossings']} | {m['close_parallel']} "
            f"| {'yes' if ok else 'no'} |")
    print("| Diagram | Crossings | Area (Mpx²) | Our size | Edge length (kpx) | Bends "
          "| Edges through nodes | Through foreign clusters | Across titles | Parallel < 10 px "
          "| Every goal |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|")
    for r in rows:
        print(r)
    o, a, b = tot["ours"], tot["m12"], tot["m11"]
    print(f"| **all {len(rows)}** | {o['crossings']} / {a['crossings']} / {b['crossings']} "
          f"| {o['area'] / 1e6:.1f} / {a['area'] / 1e6:.1f} / {b['area'] / 1e6:.1f} | "
          f"| {o['edge_length'] / 1e3:.0f} / {a['edge_length'] / 1e3:.0f} / {b['edge_length'] / 1e3:.0f} "
          f"| {o['bends']} / {a['bends']} / {b['bends']} "
          f"| {o['edge_through_node']} / {a['edge_through_node']} / {b['edge_through_node']} "
          f"| {o['edge_through_cluster']} | {o['title_crossings']} | {o['close_parallel']} | {beats} |")


def main(argv):
    if argv and argv[0] == "--table":
        topomaid = os.path.join(ROOT, "target/release/topomaid")
        if len(argv) >= 3 and argv[1] == "--topomaid":
            topomaid = argv[2]
        table(topomaid)
        return
    if not argv:
        sys.exit(__doc__)
    for path in argv:
        with open(path, encoding="utf-8") if path != "-" else sys.stdin as f:
            print(json.dumps(measure(json.load(f)), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
