#!/usr/bin/env python3
"""Render time, memory and shape of synthetic topologies from 1 000 to 50 000 nodes.

usage: tools/bench_scale.py [--topomaid PATH] [--runs N] [--sizes 1000,5000,20000,50000]

For each size N, the topology `python3 tools/gen_topology.py N` (kept in
target/bench-inputs/topology-N.mmd) is drawn N runs times by the whole process
`topomaid render FILE -o OUT.svg` under GNU time; reported are the median wall and CPU (user +
system) times, the largest peak RSS, the CPU time per vertex (µs), and the drawing's width,
height and aspect ratio (from `--format layout`). CPU time is the fairer figure on a shared
machine: it does not count the time other processes hold the cores.
Needs a release build (`cargo build --release`) and /usr/bin/time.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def topology(n):
    d = os.path.join(ROOT, "target/bench-inputs")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, f"topology-{n}.mmd")
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        text = subprocess.run([sys.executable, os.path.join(ROOT, "tools/gen_topology.py"), str(n)],
                              check=True, capture_output=True, text=True).stdout
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(path + ".tmp", path)
    return path


def timed(cmd):
    """(wall s, cpu s, peak KiB) of one run of cmd under GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", t.name] + cmd, check=True,
                       stdout=subprocess.DEVNULL)
        wall, user, system, rss = t.read().split()[-4:]
    return float(wall), float(user) + float(system), int(rss)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--topomaid", default=os.path.join(ROOT, "target/release/topomaid"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="1000,5000,20000,50000")
    args = ap.parse_args()
    print("| Input | Vertices | Edges | Wall (median) | CPU (median) | CPU per vertex | Peak RSS "
          "| Canvas | Aspect |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in [int(s) for s in args.sizes.split(",")]:
        path = topology(n)
        out = subprocess.run([args.topomaid, "render", "--format", "layout", path], check=True,
                             capture_output=True, text=True).stdout
        doc = json.loads(out)
        w, h = doc["width"], doc["height"]
        vertices, edges = len(doc["nodes"]), len(doc["edges"])
        runs = [timed([args.topomaid, "render", path, "-o", os.devnull]) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rss = max(r[2] for r in runs)
        aspect = w / h if h else float("inf")
        shape = f"{aspect:.2f}:1" if aspect >= 1 else f"1:{1 / aspect:.2f}"
        print(f"| `topology-{n}` | {vertices} | {edges} | {wall:.2f} s | {cpu:.2f} s "
              f"| {cpu / vertices * 1e6:.0f} µs | {rss / 1024:.0f} MiB | {w:.0f} × {h:.0f} | {shape} |",
              flush=True)


if __name__ == "__main__":
    main()
