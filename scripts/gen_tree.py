#!/usr/bin/env python3
"""Writes a tree of COUNT small network diagrams for benchmarking `topomaid check` at scale.

usage: scripts/gen_tree.py OUT_DIR [COUNT]   (COUNT defaults to 10000; deterministic)

Each diagram comes from tools/gen_topology.py with N between 20 and 140 nodes (N is its seed,
so the diagrams differ). The tree looks like a large design repository: 100 team folders of
COUNT/100 diagrams in sub-folders, four in five as `.mmd` files and one in five as a Markdown
page with the diagram in a ```mermaid block, a `topomaid.toml` in every tenth team folder, and
problems in some diagrams: every 7th has a subnet whose range overlaps its neighbour's, every
50th an undefined class, every 500th does not parse.
"""
import contextlib
import io
import os
import random
import runpy
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "..", "tools", "gen_topology.py")


def topology(n: int) -> str:
    """The output of `gen_topology.py n`."""
    buf = io.StringIO()
    argv = sys.argv
    sys.argv = [GENERATOR, str(n)]
    try:
        with contextlib.redirect_stdout(buf):
            runpy.run_path(GENERATOR, run_name="__main__")
    finally:
        sys.argv = argv
    return buf.getvalue()


def with_problems(i: int, text: str) -> str:
    if i % 7 == 3:
        # The second app subnet takes the first one's range.
        text = text.replace("App Subnet 1<br/>10.0.2.0/24", "App Subnet 1<br/>10.0.1.0/24", 1)
    if i % 50 == 11:
        text += "class Users missingStyle\n"
    if i % 500 == 123:
        text = text.replace('Users["👥 사용자<br/>(1만~10만 명)"]', 'Users["👥 사용자<br/>(1만~10만 명)"', 1)
    return text


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    if os.path.exists(out):
        shutil.rmtree(out)
    rnd = random.Random(count)
    cache: dict[int, str] = {}
    teams = 100
    for i in range(count):
        n = 20 + (i * 37) % 121
        if n not in cache:
            cache[n] = topology(n)
        team = i % teams
        folder = os.path.join(out, f"team-{team:03}", f"area-{(i // teams) % 10}")
        os.makedirs(folder, exist_ok=True)
        text = with_problems(i, cache[n]).replace(
            "%% synthetic topology", f"%% diagram {i}: synthetic topology", 1
        )
        if rnd.random() < 0.2:
            path = os.path.join(folder, f"design-{i:05}.md")
            body = f"# Design {i}\n\nThe network of area {i}.\n\n```mermaid\n{text}```\n"
        else:
            path = os.path.join(folder, f"net-{i:05}.mmd")
            body = text
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)
    for team in range(0, teams, 10):
        with open(os.path.join(out, f"team-{team:03}", "topomaid.toml"), "w") as f:
            f.write("[rules]\nignore = [\"isolated-node\"]\n")
    print(f"wrote {count} diagrams under {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
