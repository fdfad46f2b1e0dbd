# Copied from the shared reliability kit (issue 18); tests/pathological.rs runs every command on its output.
# Writes pathological inputs (huge, deep, malformed) into $OUT (default target/pathological).
# usage: OUT=DIR SEED=diagrams/tripgen-prod-network.mmd python3 gen_pathological.py
import os, random
D = os.environ.get("OUT", "target/pathological")
os.makedirs(D, exist_ok=True)
def w(name, data):
    if isinstance(data, str): data = data.encode()
    with open(os.path.join(D, name), "wb") as f: f.write(data)

N = 100_000
w("nested_subgraphs_100k.mmd", "graph TD\n" + "".join(f"subgraph s{i}\n" for i in range(N)) + "A\n" + "end\n" * N)
w("nested_subgraphs_127.mmd", "graph TD\n" + "".join(f"subgraph s{i}\n" for i in range(127)) + "A-->B\n" + "end\n" * 127)
w("sequential_subgraphs_100k.mmd", "graph TD\n" + "".join(f"subgraph s{i}\n  n{i}\nend\n" for i in range(N)))
w("label_10MB.mmd", "graph TD\nA[" + "x" * (10 << 20) + "] --> B\n")
w("label_10MB_words.mmd", "graph TD\nA[\"" + "word " * (2 << 20) + "\"] --> B\n")
w("chain_1M_A.mmd", "graph TD\n" + "A-->" * 1_000_000 + "B\n")
w("chain_1M_distinct.mmd", "graph TD\n" + "-->".join(f"n{i}" for i in range(1_000_000)) + "\n")
w("hub_200k_in_subgraph.mmd", "graph TD\nsubgraph S\n" + "".join(f"  n{i} --> hub\n" for i in range(200_000)) + "end\n")
w("invalid_utf8.mmd", b"graph TD\nA[caf\xe9] --> B\n\xff\xfe\n")
w("nuls_1MB.mmd", b"\0" * (1 << 20))
w("nuls_after_header.mmd", b"graph TD\nA-->B\n" + b"\0" * 1000 + b"\nC-->D\n")
src = open(os.environ.get("SEED", "diagrams/tripgen-prod-network.mmd")).read()
w("crlf.mmd", src.replace("\n", "\r\n"))
w("lone_cr.mmd", src.replace("\n", "\r"))
w("mixed_line_ends.mmd", "".join(l + random.Random(i).choice(["\n", "\r\n", "\r"]) for i, l in enumerate(src.split("\n"))))
w("bom.mmd", "\ufeff" + src)
w("bom_twice.mmd", "\ufeff\ufeff" + src)
# 100 MB: a realistic diagram of edges
lines = ["graph TD\n"]
size = 9; i = 0
while size < 100 * (1 << 20):
    l = f"  n{i} --> n{i+1}\n"; lines.append(l); size += len(l); i += 1
w("big_100MB_edges.mmd", "".join(lines))
w("big_100MB_comments.mmd", "graph TD\nA-->B\n" + ("%% " + "c" * 96 + "\n") * (1 << 20))
K = 10_000
w("cross_10k_x_10k.mmd", "graph TD\n" + " & ".join(f"a{i}" for i in range(K)) + " --> " + " & ".join(f"b{i}" for i in range(K)) + "\n")
w("cross_1k_x_1k.mmd", "graph TD\n" + " & ".join(f"a{i}" for i in range(1000)) + " --> " + " & ".join(f"b{i}" for i in range(1000)) + "\n")
M = 100_000
w("brackets_quoted_100k.mmd", "graph TD\nA[\"" + "[" * M + "(" * M + "{" * M + "\"] --> B\n")
w("brackets_unquoted_100k.mmd", "graph TD\nA" + "(" * M + "x" + ")" * M + " --> B\n")
w("brackets_html_nested_100k.mmd", "graph TD\nA[\"" + "<b>" * M + "x" + "</b>" * M + "\"] --> B\n")
w("brackets_markdown_100k.mmd", "graph TD\nA[\"`" + "**_" * M + "x" + "_**" * M + "`\"] --> B\n")
w("yaml_nodedata_nested_100k.mmd", "graph TD\nA@{ label: " + "[" * M + "]" * M + " }\n")
w("yaml_frontmatter_nested_100k.mmd", "---\nconfig: " + "[" * M + "]" * M + "\n---\ngraph TD\nA-->B\n")
w("init_directive_nested_100k.mmd", "%%{init: " + "{\"a\":" * M + "1" + "}" * M + "}%%\ngraph TD\nA-->B\n")
w("markdown_10k_blocks.md", "".join(f"# Section {i}\n\ntext\n\n```mermaid\ngraph LR\n  A{i}[Node {i}] --> B{i}[10.0.{i%256}.0/24]\n```\n\n" for i in range(10_000)))
w("many_edges_one_line_semicolons.mmd", "graph TD\n" + ";".join(f"n{i}-->n{i+1}" for i in range(200_000)) + "\n")
w("linkstyle_huge_index.mmd", "graph TD\nA-->B\nlinkStyle 99999999999999999999 stroke:red\n")
w("class_many_200k.mmd", "graph TD\n" + "".join(f"classDef c{i} fill:#f00\n" for i in range(200_000)) + "A:::c1-->B\n")
