#!/usr/bin/env python3
"""Differential test against the real Mermaid: generates random flowchart-like texts, runs them
through Mermaid 11.17.2 (tools/mermaid-oracle, needs `npm install` there once) and through
`topomaid parse --format json`, and prints every case where the two disagree.

usage: tools/differential.py BIN [--cases N] [--seed S] [--show K]
"""
import json, os, random, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "shared", "tools"))
try:
    from compare_mermaid import reduce, first_difference
except ImportError:  # the shared tools are beside the repository in CI and sessions
    sys.exit("needs ../shared/tools/compare_mermaid.py")

IDS = ["A", "B", "c1", "node_2", "사용자", "x", "v", "end2", "a-b", "A.b", "1", "e1", "default", "graph1"]
LABELS = ["text", "two words", "a<br/>b", "\"quoted (ok)\"", "\"`**md**`\"", "#quot;q#quot;", "a & b",
          "x:y", "1.5", "é", "🌐 web", "a -- b", "a|b", "a (b)", "<b>bold</b>", "5 > 3", "a;b", "direction LR"]
SHAPES = [("[", "]"), ("(", ")"), ("((", "))"), ("(((", ")))"), ("([", "])"), ("[[", "]]"), ("[(", ")]"),
          ("{", "}"), ("{{", "}}"), (">", "]"), ("[/", "\\]"), ("[\\", "/]"), ("[/", "/]"), ("[\\", "\\]"), ("(-", "-)")]
ARROWS = ["-->", "---", "-.->", "-.-", "==>", "===", "~~~", "--o", "--x", "<-->", "o--o", "x--x", "---->",
          "-..->", "====>", "--->", "<==>", "x-->", "-->>", "- ->", "--", "==", "-.", "~~"]
WS = ["", " ", "  ", "\t"]


def node(r):
    n = r.choice(IDS)
    if r.random() < 0.5:
        o, c = r.choice(SHAPES)
        n += o + r.choice(LABELS) + c
    if r.random() < 0.1:
        n += ":::cls"
    if r.random() < 0.05:
        n += "@{ shape: " + r.choice(["rect", "diam", "cyl", "nope"]) + " }"
    return n


def group(r):
    g = node(r)
    while r.random() < 0.15:
        g += r.choice([" & ", " &", "&"]) + node(r)
    return g


def link(r):
    a = r.choice(ARROWS)
    k = r.random()
    if k < 0.2:
        return r.choice(WS) + a + "|" + r.choice(LABELS) + "|" + r.choice(WS)
    if k < 0.35:
        start = {"-": "--", "=": "==", ".": "-."}.get(a[1] if len(a) > 1 else "-", "--")
        return " " + start + " " + r.choice(LABELS) + " " + a + " "
    if k < 0.4:
        return " e" + str(r.randint(1, 3)) + "@" + a + " "
    return r.choice(WS) + a + r.choice(WS)


def statement(r, depth=0):
    k = r.random()
    if k < 0.55:
        s = group(r)
        for _ in range(r.randint(0, 3)):
            s += link(r) + group(r)
        return s
    if k < 0.65 and depth < 3:
        head = r.choice(["subgraph S" + str(r.randint(1, 4)), "subgraph \"t t\"", "subgraph id [T t]",
                         "subgraph id[\"T\"]", "subgraph two words", "subgraph"])
        body = "\n".join(statement(r, depth + 1) for _ in range(r.randint(0, 3)))
        return head + "\n" + body + "\n" + r.choice(["end", "  end", "end;"])
    return r.choice([
        "classDef cls fill:#f9f,stroke:#333", "class A,B cls", "style A fill:#bbb", "style A fill:#bbb;",
        "linkStyle 0 stroke:#f00", "linkStyle default interpolate basis", "click A href \"http://x\"",
        "click A cb \"tip\"", "%% comment", "direction LR", "accTitle: t", "accDescr: d", ";", "",
        "A-->B %% trailing", "e1@{ animate: true }", "A:::cls", "style B stroke-width:2px,color:red",
    ])


def diagram(r):
    head = r.choice(["graph TD", "flowchart LR", "graph", "flowchart-elk TB", "graph >", "flowchart RL;"])
    sep = r.choice(["\n", "\n", ";\n", "\r\n"])
    return head + "\n" + sep.join(statement(r) for _ in range(r.randint(1, 6))) + "\n"


def main():
    args = sys.argv[1:]
    opts = {"--cases": 300, "--seed": 1, "--show": 10}
    for k in list(opts):
        if k in args:
            i = args.index(k)
            opts[k] = int(args[i + 1])
            del args[i:i + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    binp = args[0]
    r = random.Random(opts["--seed"])
    sources = [diagram(r) for _ in range(opts["--cases"])]
    oracle_dir = os.path.join(HERE, "mermaid-oracle")
    res = subprocess.run(["node", os.path.join(oracle_dir, "oracle.mjs")], input=json.dumps(sources),
                         capture_output=True, text=True, cwd=oracle_dir, timeout=1200)
    oracles = [json.loads(l) for l in res.stdout.splitlines()]
    if len(oracles) != len(sources):
        sys.exit("oracle failed: " + res.stderr[-2000:])
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for src, oracle in zip(sources, oracles):
            p = os.path.join(tmp, "case.mmd")
            with open(p, "w", encoding="utf-8", newline="") as f:
                f.write(src)
            try:
                out = subprocess.run([binp, "parse", "--format", "json", p], capture_output=True, text=True,
                                     timeout=20)
            except subprocess.TimeoutExpired:
                bad += 1
                print("---\n" + src + "=> topomaid did not finish within 20 s")
                continue
            if out.returncode not in (0, 2):
                why = f"topomaid crashed (exit {out.returncode}): {out.stderr[-300:]}"
            elif not oracle["ok"]:
                why = "" if out.returncode == 2 else "mermaid rejects (" + oracle["error"].splitlines()[0][:100] + "), topomaid accepts"
            elif out.returncode != 0:
                why = "mermaid accepts, topomaid rejects: " + (out.stderr.strip().splitlines() or [""])[0][:160]
            else:
                why = first_difference(reduce(json.loads(out.stdout)), reduce(oracle))
            if why:
                bad += 1
                if bad <= opts["--show"]:
                    print("---\n" + src + "=> " + why)
    print(f"{len(sources) - bad} agree, {bad} disagree")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
