#!/usr/bin/env python3
"""Edge crossings: topomaid's layout against Graphviz dot's, on the same graphs.

usage: scripts/crossings.py [--topomaid PATH] [--sizes 50,200,1000] [FILE.mmd ...]

For each diagram (by default diagrams/tripgen-prod-network.mmd, then synthetic topologies of
50, 200 and 1000 nodes from tools/gen_topology.py), it takes

- topomaid's geometry from `topomaid render --format layout`, and
- dot's from `dot -Tjson` on a DOT file written from `topomaid parse --format json`: the same
  nodes with the box sizes topomaid chose (fixedsize), subgraphs as nested `cluster_…`
  subgraphs, the same direction, edges to a subgraph drawn to one of its nodes with `lhead`,

and counts the points where two edge routes cross (Bézier curves sampled into polylines), and
the pairs of edges that cross at least once (two routes weaving along one channel cross many
times but are one pair).
Edges that share an end are not counted against each other (they meet at that end anyway);
invisible (`~~~`) edges are left out. It installs nothing: it needs `dot`
(`apt-get install -y graphviz`) and a built topomaid (`cargo build --release`).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CELL = 64.0


def run(cmd, stdin=None):
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
    return p.stdout


def model(topomaid, path):
    doc = json.loads(run([topomaid, "parse", "--format", "json", path]))
    return next(d for d in doc["diagrams"] if d.get("ok"))


def our_routes(topomaid, path):
    lay = json.loads(run([topomaid, "render", "--format", "layout", path]))
    return lay, [e["points"] for e in lay["edges"]]


def dot_quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def write_dot(m, lay):
    """The diagram as DOT with topomaid's node sizes; returns (text, edge indices kept)."""
    size = {n["id"]: (n["width"], n["height"]) for n in lay["nodes"]}
    sub_ids = {s["id"] for s in m["subgraphs"]}
    children = {s["id"]: s["nodes"] for s in m["subgraphs"]}
    parent = {}
    for s in m["subgraphs"]:  # innermost first, as in the model
        for member in s["nodes"]:
            if member in sub_ids and member not in parent and member != s["id"]:
                parent[member] = s["id"]
    member_of = {}
    for s in m["subgraphs"]:
        for member in s["nodes"]:
            if member not in sub_ids:
                member_of.setdefault(member, s["id"])

    def first_node(sid, seen=()):
        for member in children.get(sid, []):
            if member in sub_ids:
                if member not in seen:
                    found = first_node(member, seen + (sid,))
                    if found:
                        return found
            elif member in size:
                return member
        return None

    rankdir = {"TB": "TB", "TD": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}.get(m["direction"], "TB")
    name = {}
    lines = [f"digraph G {{ compound=true; rankdir={rankdir}; nodesep=0.7; ranksep=0.7;",
             "  node [shape=box, fixedsize=true, label=\"\"];"]

    def emit(sid, depth):
        pad = "  " * depth
        k = len(name)
        name[sid] = f"cluster_{k}"
        lines.append(f"{pad}subgraph cluster_{k} {{ label={dot_quote(sid)};")
        for member in children[sid]:
            if member in sub_ids:
                if parent.get(member) == sid and member not in name:
                    emit(member, depth + 1)
            elif member_of.get(member) == sid and member in size:
                w, h = size[member]
                lines.append(f"{pad}  {dot_quote(member)} [width={w / 72:.3f}, height={h / 72:.3f}];")
        lines.append(f"{pad}}}")

    for s in m["subgraphs"]:
        if s["id"] not in parent and s["id"] not in name:
            emit(s["id"], 1)
    for v in m["vertices"]:
        if v["id"] in size and v["id"] not in member_of:
            w, h = size[v["id"]]
            lines.append(f"  {dot_quote(v['id'])} [width={w / 72:.3f}, height={h / 72:.3f}];")
    kept = []
    for i, e in enumerate(m["edges"]):
        if e["stroke"] == "invisible":
            continue
        a, b = e["start"], e["end"]
        attrs = [f"minlen={max(1, e['length'])}"]
        if a in sub_ids:
            attrs.append(f"ltail={name.get(a, '')}")
            a = first_node(a)
        if b in sub_ids:
            attrs.append(f"lhead={name.get(b, '')}")
            b = first_node(b)
        if a is None or b is None:
            continue
        if e.get("text"):
            attrs.append(f"label={dot_quote(e['text'].replace('<br>', ' '))}")
        lines.append(f"  {dot_quote(a)} -> {dot_quote(b)} [{', '.join(attrs)}];")
        kept.append(i)
    lines.append("}")
    return "\n".join(lines) + "\n", kept


def bezier_polyline(points):
    """Graphviz's piecewise cubic Bézier (1 + 3k control points) sampled into a polyline."""
    out = [tuple(points[0])]
    for k in range(0, len(points) - 3, 3):
        p0, p1, p2, p3 = points[k:k + 4]
        for step in range(1, 9):
            t = step / 8
            u = 1 - t
            out.append(tuple(u ** 3 * p0[j] + 3 * u * u * t * p1[j] + 3 * u * t * t * p2[j] + t ** 3 * p3[j]
                             for j in range(2)))
    return out


def dot_routes(dot_text):
    out = json.loads(run(["dot", "-Tjson"], stdin=dot_text))
    routes = []
    for e in sorted(out.get("edges", []), key=lambda e: e["_gvid"]):
        pts = []
        for op in e.get("_draw_", []):
            if op["op"] in ("b", "B"):
                pts = bezier_polyline(op["points"])
        routes.append(pts)
    return routes


def crossings(routes, ends):
    """Proper crossings between segments of different edges that share no end: the number of
    crossing points, and the number of edge pairs that cross at least once."""
    grid = {}
    segs = []
    for ei, pts in enumerate(routes):
        for k in range(len(pts) - 1):
            a, b = pts[k], pts[k + 1]
            if a == b:
                continue
            si = len(segs)
            segs.append((ei, a, b))
            x0, x1 = sorted((a[0], b[0]))
            y0, y1 = sorted((a[1], b[1]))
            for gx in range(int(x0 // CELL), int(x1 // CELL) + 1):
                for gy in range(int(y0 // CELL), int(y1 // CELL) + 1):
                    grid.setdefault((gx, gy), []).append(si)
    count = 0
    pairs = set()
    for (gx, gy), cell in grid.items():
        for i in range(len(cell)):
            ei, a, b = segs[cell[i]]
            for j in range(i + 1, len(cell)):
                ej, c, d = segs[cell[j]]
                if ei == ej or ends[ei] & ends[ej]:
                    continue
                p = proper_intersection(a, b, c, d)
                # A pair of segments shares several cells: count it in the cell holding the point.
                if p is not None and int(p[0] // CELL) == gx and int(p[1] // CELL) == gy:
                    count += 1
                    pairs.add((min(ei, ej), max(ei, ej)))
    return count, len(pairs)


def orient(p, q, r):
    v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    return 0 if abs(v) < 1e-9 else (1 if v > 0 else -1)


def proper_intersection(a, b, c, d):
    """The point where segments ab and cd cross (not merely touch), or None."""
    if orient(a, b, c) * orient(a, b, d) >= 0 or orient(c, d, a) * orient(c, d, b) >= 0:
        return None
    r = (b[0] - a[0], b[1] - a[1])
    q = (d[0] - c[0], d[1] - c[1])
    t = ((c[0] - a[0]) * q[1] - (c[1] - a[1]) * q[0]) / (r[0] * q[1] - r[1] * q[0])
    return (a[0] + t * r[0], a[1] + t * r[1])


def compare(topomaid, label, path):
    m = model(topomaid, path)
    lay, ours = our_routes(topomaid, path)
    dot_text, kept = write_dot(m, lay)
    theirs = dot_routes(dot_text)
    edges = m["edges"]
    visible = [i for i, e in enumerate(edges) if e["stroke"] != "invisible"]
    our_ends = [{edges[i]["start"], edges[i]["end"]} for i in visible]
    dot_ends = [{edges[i]["start"], edges[i]["end"]} for i in kept]
    ours_c = crossings([ours[i] for i in visible], our_ends)
    dot_c = crossings(theirs, dot_ends)
    return label, len(lay["nodes"]), len(visible), ours_c, dot_c


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--topomaid", default=os.path.join(ROOT, "target", "release", "topomaid"))
    ap.add_argument("--sizes", default="50,200,1000")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    if shutil.which("dot") is None:
        sys.exit("dot (Graphviz) is missing: install it with `apt-get install -y graphviz`")
    if not os.path.exists(args.topomaid):
        sys.exit(f"{args.topomaid} is missing: build it with `cargo build --release`")
    files = args.files or [os.path.join(ROOT, "diagrams", "tripgen-prod-network.mmd")]
    rows = []
    for f in files:
        rows.append(compare(args.topomaid, os.path.relpath(f, ROOT), f))
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(s) for s in args.sizes.split(",") if s]:
            path = os.path.join(tmp, f"topology-{n}.mmd")
            with open(path, "w") as fh:
                fh.write(run([sys.executable, os.path.join(ROOT, "tools", "gen_topology.py"), str(n)]))
            rows.append(compare(args.topomaid, f"topology-{n}", path))
    print("| diagram | nodes | edges | crossings, topomaid | crossings, dot "
          "| crossing edge pairs, topomaid | crossing edge pairs, dot |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, nodes, edges, ours, theirs in rows:
        print(f"| {label} | {nodes} | {edges} | {ours[0]} | {theirs[0]} | {ours[1]} | {theirs[1]} |")


if __name__ == "__main__":
    main()
