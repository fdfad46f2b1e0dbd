//! The module import graph of `src/`: no file imports (through `crate::…` or `super::…` paths)
//! a file that imports it back, directly or round a longer loop, and the top-level modules keep
//! the layers of ARCHITECTURE.md (the library below `report`, `report` below `commands`, `cli`
//! on top).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: `src/lint/rules/mod.rs` → `["lint", "rules"]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_string());
    }
    parts
}

/// The text of a file without comments (line, doc and block) and string literals, so that only
/// code is scanned for paths.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            i += 2;
            while i < b.len() && !b[i..].starts_with(b"*/") {
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' && (i == 0 || b[i - 1] != b'\'') {
            // A raw string `r#"…"#` also ends at a `"` followed by its hashes; topomaid's raw
            // strings hold no `"` inside, so the first `"` ends either kind.
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The module paths a code text names: `crate::a::b::{c, d::e}` gives `a::b::c` and
/// `a::b::d::e`; `super::x` is resolved against `here`.
fn referenced_paths(code: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for (start, _) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
            continue;
        }
        if start > 0 && bytes[start - 1] == b':' {
            continue; // `super::super::x` is read from its first `super`
        }
        let mut base: Vec<String> = Vec::new();
        let mut rest = &code[start..];
        // The module the path starts from.
        if rest.starts_with("crate::") {
            rest = &rest["crate::".len()..];
        } else {
            // `super` is the parent of the file's module (for `a/b.rs` and `a/b/mod.rs` alike,
            // both module `a::b`).
            base = here.to_vec();
            base.pop();
            rest = &rest["super::".len()..];
            while let Some(r) = rest.strip_prefix("super::") {
                base.pop();
                rest = r;
            }
        }
        expand(rest, base, &mut out);
    }
    out
}

/// Expands one path (possibly with `{…}` groups) that continues `base` into `out`.
fn expand(rest: &str, mut base: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut r = rest;
    loop {
        let ident_len = r
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(r.len());
        if ident_len > 0 {
            base.push(r[..ident_len].to_string());
            r = &r[ident_len..];
            if let Some(next) = r.strip_prefix("::") {
                r = next;
                continue;
            }
            out.push(base);
            return;
        }
        if let Some(group) = r.strip_prefix('{') {
            // Split the group at its top-level commas.
            let mut depth = 0;
            let mut item_start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        expand(group[item_start..i].trim(), base.clone(), out);
                        return;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(group[item_start..i].trim(), base.clone(), out);
                        item_start = i + 1;
                    }
                    _ => {}
                }
            }
            return;
        }
        out.push(base);
        return;
    }
}

/// The file a module path lands in: its longest prefix that is a module file.
fn resolve(path: &[String], files: &BTreeMap<Vec<String>, PathBuf>) -> Option<Vec<String>> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| files.contains_key(p))
}

/// The file import graph: file module path → the file modules it names.
fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    let files: BTreeMap<Vec<String>, PathBuf> = paths
        .iter()
        .filter(|p| !p.ends_with("main.rs"))
        .map(|p| (module_of(&src, p), p.clone()))
        .collect();
    let mut graph = BTreeMap::new();
    for (module, path) in &files {
        let code = code_only(&std::fs::read_to_string(path).unwrap());
        let mut deps = BTreeSet::new();
        for p in referenced_paths(&code, module) {
            if let Some(target) = resolve(&p, &files) {
                // A file's own module and its ancestors (reached by `super::` items or the
                // parent's re-exports) are the tree itself, not an import between files.
                if target != *module && !module.starts_with(&target) {
                    deps.insert(target);
                }
            }
        }
        graph.insert(module.clone(), deps);
    }
    graph
}

/// The groups of files that import each other round a loop (strongly connected components of
/// more than one file), each sorted, found by reachability (the graph is small).
fn cycles(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<Vec<String>> {
    let reach = |from: &Vec<String>| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.clone()];
        while let Some(n) = stack.pop() {
            for d in graph.get(&n).into_iter().flatten() {
                if seen.insert(d.clone()) {
                    stack.push(d.clone());
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&Vec<String>, BTreeSet<Vec<String>>> =
        graph.keys().map(|k| (k, reach(k))).collect();
    let mut groups: BTreeSet<Vec<String>> = BTreeSet::new();
    for (k, r) in &reaches {
        if !r.contains(*k) {
            continue;
        }
        let group: Vec<String> = r
            .iter()
            .filter(|o| reaches.get(o).is_some_and(|ro| ro.contains(*k)))
            .map(|o| format!("crate::{}", o.join("::")))
            .collect();
        groups.insert(group);
    }
    groups.into_iter().collect()
}

#[test]
fn no_file_imports_a_file_that_imports_it() {
    let graph = graph();
    assert!(graph.len() > 50, "the scan found the source files");
    assert!(
        graph[&vec!["cli".to_string()]]
            .contains(&vec!["commands".to_string(), "check".to_string()]),
        "the scan sees imports"
    );
    let cycles = cycles(&graph);
    assert!(
        cycles.is_empty(),
        "files that import each other round a loop:\n{}",
        cycles
            .iter()
            .map(|c| c.join(", "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn the_top_level_modules_keep_their_layers() {
    // Lower layers never import higher ones; modules of one layer may import each other as
    // long as no cycle forms (checked above).
    let layers: &[&[&str]] = &[
        &["source", "target", "input"],
        &["syntax"],
        &["flowdb"],
        &["model", "pipeline", "parse_json"],
        &["lint", "layout", "fmt"],
        &[
            "render",
            "diagnostics",
            "diff",
            "ci",
            "model_json",
            "mdbook",
        ],
        &["report"],
        &["commands"],
        &["cli"],
    ];
    let layer_of = |m: &str| layers.iter().position(|l| l.contains(&m));
    let mut wrong = Vec::new();
    for (file, deps) in graph() {
        let Some(top) = file.first() else { continue };
        let from = layer_of(top).unwrap_or_else(|| panic!("module `{top}` is in no layer"));
        for d in deps {
            let to = layer_of(&d[0]).unwrap_or_else(|| panic!("module `{}` is in no layer", d[0]));
            if to > from {
                wrong.push(format!(
                    "crate::{} imports crate::{}",
                    file.join("::"),
                    d.join("::")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scanner_reads_groups_and_super() {
    let here = vec!["a".to_string(), "b".to_string()];
    let got = referenced_paths(
        &code_only(
            "use crate::x::{y, z::{w, v}};\n// crate::no\nuse super::q;\nlet s = \"crate::no\";",
        ),
        &here,
    );
    let got: Vec<String> = got.iter().map(|p| p.join("::")).collect();
    assert_eq!(got, ["x::y", "x::z::w", "x::z::v", "a::q"]);
}
