#!/usr/bin/env python3
"""Precision and recall of topomaid's network rules on real diagrams, as a Markdown page.

Runs `topomaid check --format json` over fixtures/wild-train (judged against its EXPECTED.json)
and over the seed corpus fixtures/corpus (no judged faults: its findings are counted), and
writes docs/lint-accuracy.md. With --check, compares that page with a fresh run instead and
exits 1 when they differ.

usage: python3 tools/lint_scores.py [--bin PATH] [--check] [--out FILE]

--bin defaults to $TOPOMAID, else target/debug/topomaid (build it with `cargo build`).
Python 3.8+, standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WILD = "fixtures/wild-train"
CORPUS = "fixtures/corpus"
OUT = "docs/lint-accuracy.md"

# The rules about the network a diagram describes; the others (classes, duplicate ids, isolated
# nodes, directives) are about the Mermaid text. The same set as tests/wild_train.rs.
NETWORK_RULES = [
    "cidr-overlap",
    "cidr-outside-parent",
    "cidr-host-bits",
    "cidr-invalid",
    "ip-outside-subnet",
    "public-data-path",
    "missing-private-endpoint",
    "unreachable-service",
    "subnet-too-small",
    "port-conflict",
    "private-endpoint-outside-subnet",
    "open-admin-port",
    "public-ip-in-private-subnet",
    "wrong-dx-attachment",
    "no-l2-isolation",
    "flat-east-west",
    "inspection-bypass",
]
SEVERE = ("error", "warning")


def rule_of(fault):
    m = re.match(r"\s*([a-z][a-z0-9-]+)\s*:", fault)
    return m.group(1) if m else None


def run_check(binary, path):
    """The diagnostics of `check --format json PATH`, grouped by file (relative to ROOT)."""
    r = subprocess.run(
        [binary, "check", "--format", "json", path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if r.returncode not in (0, 1, 2):
        sys.exit(f"{binary} check {path}: exit {r.returncode}\n{r.stderr}")
    try:
        report = json.loads(r.stdout)
    except json.JSONDecodeError:
        sys.exit(f"{binary} check {path}: no JSON report\n{r.stderr}")
    by_file = defaultdict(list)
    for d in report["diagnostics"]:
        f = os.path.relpath(os.path.join(ROOT, d["file"]), ROOT).replace(os.sep, "/")
        by_file[f].append(d)
    return by_file


def known_rules(binary):
    """The ids of the rules the binary has (`topomaid rules`: one rule a line, id first)."""
    r = subprocess.run([binary, "rules"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        sys.exit(f"{binary} rules: exit {r.returncode}\n{r.stderr}")
    return {line.split()[0] for line in r.stdout.splitlines() if line and line[0].islower()}


def pct(num, den):
    return "–" if den == 0 else f"{100 * num / den:.0f} %"


def wild_train(binary, rules):
    expected = json.load(open(os.path.join(ROOT, WILD, "EXPECTED.json"), encoding="utf-8"))
    expected = {k: v for k, v in expected.items() if not k.startswith("_")}
    found_by_file = run_check(binary, WILD)
    fault_rules = {rule_of(f) for e in expected.values() for f in e["faults"]} - {None}
    network = [r for r in NETWORK_RULES if r in rules]
    network += sorted(r for r in fault_rules if r in rules and r not in network)
    unbuilt = sorted(r for r in fault_rules if r not in rules)

    listed = Counter()  # rule -> faults listed
    found = Counter()  # rule -> listed faults whose rule fired
    true_findings = Counter()
    false_findings = Counter()
    false_diagrams = defaultdict(set)
    other = Counter()  # warnings of the other rules
    notes = 0
    right = 0
    parse = Counter()
    for k, e in sorted(expected.items()):
        diags = found_by_file.get(f"{WILD}/{k}.mmd", [])
        syntax = any(d["rule"] == "syntax" for d in diags)
        parse["rejected" if not e["mermaid_ok"] else "accepted"] += 1
        ok = syntax == (not e["mermaid_ok"])
        if not e["mermaid_ok"] and syntax:
            parse["refused"] += 1
        if e["mermaid_ok"] and syntax:
            parse["wrongly refused"] += 1
        notes += sum(1 for d in diags if d["severity"] == "info")
        fired = Counter(d["rule"] for d in diags if d["severity"] in SEVERE)
        need = Counter(rule_of(f) for f in e["faults"])
        for rule, n in need.items():
            listed[rule] += n
            if rule in rules and fired[rule]:
                found[rule] += n
            elif rule in rules:
                ok = False
        for rule, n in fired.items():
            if rule == "syntax":
                continue
            if rule not in network:
                other[rule] += n
            elif need[rule]:
                true_findings[rule] += n
            else:
                false_findings[rule] += n
                false_diagrams[rule].add(k)
                ok = False
        right += ok

    n = len(expected)
    built_listed = sum(listed[r] for r in network)
    built_found = sum(found[r] for r in network)
    true_total = sum(true_findings.values())
    false_total = sum(false_findings.values())
    lines = [
        f"## wild-train: {n} diagrams (`{WILD}/`)",
        "",
        f"- Diagrams judged right: **{right} / {n}** (every listed fault whose rule exists"
        " found, no network rule at warning or error that is not listed, parsed exactly when"
        " Mermaid accepts it).",
        f"- Recall: **{built_found} / {built_listed}** listed faults found"
        f" ({pct(built_found, built_listed)})"
        + (
            f"; {sum(listed[r] for r in unbuilt)} more faults name rules topomaid does not have"
            f" ({', '.join(f'`{r}`' for r in unbuilt)})."
            if unbuilt
            else "; every listed fault names a rule topomaid has."
        ),
        f"- Precision: **{true_total} / {true_total + false_total}** findings at warning or"
        f" error from network rules are listed faults ({pct(true_total, true_total + false_total)});"
        f" {false_total} false alarm{'' if false_total == 1 else 's'}.",
        f"- Notes (info): {notes}, **{notes / n:.2f} per diagram** (the aim: at most 2).",
        f"- Parsing: {parse['rejected']} diagrams Mermaid rejects, {parse['refused']} of them"
        f" refused; {parse['wrongly refused']} diagrams Mermaid accepts refused.",
        "",
        "| rule | faults listed | found | recall | findings (warning+) | listed faults | false alarms | precision | diagrams with a false alarm |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in network:
        t, f = true_findings[r], false_findings[r]
        lines.append(
            f"| `{r}` | {listed[r]} | {found[r]} | {pct(found[r], listed[r])} | {t + f} | {t} | {f}"
            f" | {pct(t, t + f)} | {', '.join(sorted(false_diagrams[r])) or '–'} |"
        )
    for r in unbuilt:
        lines.append(f"| `{r}` (no such rule) | {listed[r]} | – | – | – | – | – | – | – |")
    if other:
        lines += [
            "",
            "Other rules at warning or error (about the Mermaid text, not judged): "
            + ", ".join(f"`{r}` {c}" for r, c in sorted(other.items()))
            + ".",
        ]
    return lines


def corpus(binary, rules):
    files = []
    for dirpath, _, names in os.walk(os.path.join(ROOT, CORPUS)):
        files += [os.path.join(dirpath, x) for x in names if x.endswith(".mmd")]
    n = len(files)
    by_file = run_check(binary, CORPUS)
    findings = Counter()
    diagrams = defaultdict(set)
    notes = 0
    refused = 0
    for f, diags in by_file.items():
        refused += any(d["rule"] == "syntax" for d in diags)
        notes += sum(1 for d in diags if d["severity"] == "info")
        for d in diags:
            if d["severity"] in SEVERE and d["rule"] != "syntax":
                findings[d["rule"]] += 1
                diagrams[d["rule"]].add(os.path.basename(f))
    lines = [
        f"## Seed corpus: {n} diagrams (`{CORPUS}/`)",
        "",
        "The diagrams the project started from (Azure, Korean labels; several versions of the"
        " same files). No hand-judged list of faults exists for them, so their findings are"
        " counted rather than scored: each one is a finding to confirm or a false alarm.",
        "",
        f"- Findings at warning or error: **{sum(findings.values())}** in"
        f" {len(set().union(*diagrams.values())) if diagrams else 0} diagrams;"
        f" notes (info): {notes}, {notes / max(n, 1):.2f} per diagram;"
        f" {refused} diagram(s) refused (Mermaid refuses one too).",
        "",
        "| rule | findings (warning+) | diagrams |",
        "|---|---:|---:|",
    ]
    for r, c in sorted(findings.items()):
        lines.append(f"| `{r}` | {c} | {len(diagrams[r])} |")
    if not findings:
        lines.append("| (none) | 0 | 0 |")
    return lines


def page(binary):
    rules = known_rules(binary)
    lines = [
        "<!-- Generated by tools/lint_scores.py; do not edit. -->",
        "# Lint accuracy on real diagrams",
        "",
        "How well the network rules judge diagrams written by strangers, the way a pre-commit"
        " hook or CI gate meets them. `fixtures/wild-train/` holds real network diagrams from"
        " public repositories (`SOURCES.tsv`) with, in `EXPECTED.json`, the faults a careful"
        " network engineer finds in each (`rule-id: evidence`) and the traps a naive linter"
        " falls into. A finding at warning or error is a *listed fault* when the diagram lists"
        " a fault of that rule, else a *false alarm*; recall counts the listed faults whose rule"
        " fired. `tests/wild_train.rs` asserts the same judgement.",
        "",
    ]
    lines += wild_train(binary, rules)
    lines.append("")
    lines += corpus(binary, rules)
    lines += [
        "",
        "## Reproduce",
        "",
        "```sh",
        "cargo build",
        "python3 tools/lint_scores.py            # rewrites docs/lint-accuracy.md",
        "python3 tools/lint_scores.py --check    # exits 1 when this page is stale",
        "cargo test --test wild_train -- --include-ignored --nocapture   # per-diagram report",
        "```",
    ]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=os.environ.get("TOPOMAID") or os.path.join(ROOT, "target", "debug", "topomaid"))
    ap.add_argument("--check", action="store_true", help="compare with the page instead of writing it")
    ap.add_argument("--out", default=os.path.join(ROOT, OUT))
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"no topomaid binary at {args.bin}: run `cargo build` or pass --bin")
    text = page(os.path.abspath(args.bin))
    if args.check:
        try:
            current = open(args.out, encoding="utf-8").read()
        except FileNotFoundError:
            current = None
        if current != text:
            sys.exit(f"{args.out} is stale: run `python3 tools/lint_scores.py`")
        return
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(args.out, ROOT)}")


if __name__ == "__main__":
    main()
