#!/usr/bin/env python3
"""Writes the shape conformance cases: one diagram `A@{ shape: NAME }` for every name of the
generated shape table (src/flowdb/shape_names.rs, both releases) and a few near misses, with the
model (or the error) the real Mermaid builds, in the format of fixtures/conformance. The
conformance test then holds the table to the releases' own verdicts.

usage (after `npm install` in tools/mermaid-oracle):
    python3 tools/shape_cases.py 11 > fixtures/conformance/shapes-11.17.2.jsonl
    python3 tools/shape_cases.py 12 > fixtures/conformance/mermaid-12.4/shapes.jsonl
"""
import json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.path.join(HERE, "..", "src", "flowdb", "shape_names.rs")
NEAR_MISSES = ["nope", "persons", "Person", "Bucket", "bpmn_start", "bpmn-task", "folder-open",
               "usecase-actor", "console-window", "web-browser", "rectangle ", "DIAMOND"]


def names():
    seen, out = set(), []
    for name in re.findall(r'^    "([^"]+)",$', open(TABLE, encoding="utf-8").read(), re.M) + NEAR_MISSES:
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in ("11", "12"):
        sys.exit(__doc__)
    shapes = names()
    sources = [f"flowchart LR\n  A@{{ shape: {n} }} --> B\n" for n in shapes]
    oracle_dir = os.path.join(HERE, "mermaid-oracle")
    res = subprocess.run(["node", "oracle.mjs"], input=json.dumps(sources), capture_output=True, text=True,
                         cwd=oracle_dir, env={**os.environ, "MERMAID": sys.argv[1]}, check=True)
    oracles = [json.loads(l) for l in res.stdout.splitlines()]
    assert len(oracles) == len(sources), res.stderr[-2000:]
    for name, src, oracle in zip(shapes, sources, oracles):
        print(json.dumps({"id": "shape-" + name.strip(), "source": src, "oracle": oracle}, ensure_ascii=False))


if __name__ == "__main__":
    main()
