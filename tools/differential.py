#!/usr/bin/env python3
"""Differential test against the real Mermaid: generates random flowchart-like texts, runs them
through Mermaid 12.4.0 or 11.17.2 (tools/mermaid-oracle, needs `npm install` there once) and
through `topomaid parse --mermaid 12|11 --format json`, and prints every case where the two
disagree. Every shape name of the generated table (src/flowdb/shape_names.rs) is drawn from.

usage: tools/differential.py BIN [--mermaid 11|12] [--cases N] [--seed S] [--show K] [--batch B]
"""
import json, os, random, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# Beside the repository (../shared), or beside a worktree's parent (../../shared).
for up in (["..", ".."], ["..", "..", ".."]):
    sys.path.insert(0, os.path.join(HERE, *up, "shared", "tools"))
try:
    from compare_mermaid import reduce, first_difference
except ImportError:  # the shared tools are beside the repository in CI and sessions
    sys.exit("needs ../shared/tools/compare_mermaid.py")

TABLE = os.path.join(HERE, "..", "src", "flowdb", "shape_names.rs")
SHAPE_NAMES = sorted(set(re.findall(r'^    "([^"]+)",$', open(TABLE, encoding="utf-8").read(), re.M)))
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
    if r.random() < 0.12:
        # Mermaid 12 allows blanks before `@{` (and after it, at the end of a statement).
        n += r.choice(["", "", " ", "  "]) + "@{ shape: " + r.choice(SHAPE_NAMES + ["nope", "Person"]) \
            + r.choice(["", ", label: \"x y\""]) + " }" + r.choice(["", "", " "])
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
                         "subgraph id[\"T\"]", "subgraph two words", "subgraph", "subgraph  S1",
                         "subgraph  main [M m]", "subgraph\tS2", "subgraph S1 ", "subgraph A"])
        body = "\n".join(statement(r, depth + 1) for _ in range(r.randint(0, 3)))
        return head + "\n" + body + "\n" + r.choice(["end", "  end", "end;"])
    return r.choice([
        "classDef cls fill:#f9f,stroke:#333", "class A,B cls", "style A fill:#bbb", "style A fill:#bbb;",
        "linkStyle 0 stroke:#f00", "linkStyle default interpolate basis", "click A href \"http://x\"",
        "click A cb \"tip\"", "%% comment", "direction LR", "accTitle: t", "accDescr: d", ";", "",
        "A-->B %% trailing", "e1@{ animate: true }", "A:::cls", "style B stroke-width:2px,color:red",
        "classDef cls   fill:#f9f", "style A    fill:#bbb,color:red", "class  A cls", "S1@{ view: collapsed }",
        "A[x]e1@-->B", "A-->|e1@x|B", "click  A href \"http://x\"",
    ])


def diagram(r):
    head = r.choice(["graph TD", "flowchart LR", "graph", "flowchart-elk TB", "graph >", "flowchart RL;"])
    sep = r.choice(["\n", "\n", ";\n", "\r\n"])
    return head + "\n" + sep.join(statement(r) for _ in range(r.randint(1, 6))) + "\n"


def topomaid_models(binp, target, sources, tmp):
    """`topomaid parse` of every source, one process per batch: (exit code, JSON or stderr) each."""
    paths = []
    for k, src in enumerate(sources):
        p = os.path.join(tmp, f"c{k}.mmd")
        with open(p, "w", encoding="utf-8", newline="") as f:
            f.write(src)
        paths.append(p)
    try:
        out = subprocess.run([binp, "parse", "--mermaid", target, "--format", "json", *paths],
                             capture_output=True, text=True, timeout=60 + len(paths))
    except subprocess.TimeoutExpired:
        return None
    if out.returncode not in (0, 2):
        return None
    files = json.loads(out.stdout)
    if len(paths) == 1:
        files = [files]
    return [f["diagrams"][0] if f["diagrams"] else {"ok": False} for f in files]


def one_by_one(binp, target, src, tmp):
    """The verdict for one source on its own, for a batch that crashed or timed out."""
    p = os.path.join(tmp, "one.mmd")
    with open(p, "w", encoding="utf-8", newline="") as f:
        f.write(src)
    try:
        out = subprocess.run([binp, "parse", "--mermaid", target, "--format", "json", p], capture_output=True,
                             text=True, timeout=20)
    except subprocess.TimeoutExpired:
        return "topomaid did not finish within 20 s"
    if out.returncode not in (0, 2):
        return f"topomaid crashed (exit {out.returncode}): {out.stderr[-300:]}"
    return json.loads(out.stdout)["diagrams"][0]


def verdict(ours, oracle):
    """Why topomaid's model `ours` (a diagram of `parse --format json`) disagrees, or ''."""
    if isinstance(ours, str):
        return ours
    if not oracle["ok"]:
        return "" if not ours.get("ok") else "mermaid rejects (" + oracle["error"].splitlines()[0][:100] + "), topomaid accepts"
    if not ours.get("ok"):
        return "mermaid accepts, topomaid rejects: " + str((ours.get("errors") or [{}])[0].get("message", ""))[:160]
    return first_difference(reduce(ours), reduce(oracle))


def main():
    args = sys.argv[1:]
    opts = {"--cases": 300, "--seed": 1, "--show": 10, "--batch": 500, "--mermaid": 12}
    for k in list(opts):
        if k in args:
            i = args.index(k)
            opts[k] = int(args[i + 1])
            del args[i:i + 2]
    if len(args) != 1 or opts["--mermaid"] not in (11, 12):
        sys.exit(__doc__)
    binp, target = args[0], str(opts["--mermaid"])
    r = random.Random(opts["--seed"])
    oracle_dir = os.path.join(HERE, "mermaid-oracle")
    bad = done = 0
    with tempfile.TemporaryDirectory() as tmp:
        while done < opts["--cases"]:
            sources = [diagram(r) for _ in range(min(opts["--batch"], opts["--cases"] - done))]
            res = subprocess.run(["node", os.path.join(oracle_dir, "oracle.mjs")], input=json.dumps(sources),
                                 capture_output=True, text=True, cwd=oracle_dir, timeout=3600,
                                 env={**os.environ, "MERMAID": target})
            oracles = [json.loads(l) for l in res.stdout.splitlines()]
            if len(oracles) != len(sources):
                sys.exit("oracle failed: " + res.stderr[-2000:])
            ours = topomaid_models(binp, target, sources, tmp)
            for k, (src, oracle) in enumerate(zip(sources, oracles)):
                why = verdict(ours[k] if ours else one_by_one(binp, target, src, tmp), oracle)
                if why:
                    bad += 1
                    if bad <= opts["--show"]:
                        print("---\n" + src + "=> " + why, flush=True)
            done += len(sources)
            print(f"{done} cases: {done - bad} agree, {bad} disagree", file=sys.stderr, flush=True)
    print(f"Mermaid {target}: {done - bad} agree, {bad} disagree")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
