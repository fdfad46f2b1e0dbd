//! Runs every conformance case (Mermaid's own test-suite flowcharts, the real corpus, real
//! diagrams from the wild and the syntax added since) through topomaid and compares with the
//! model the real Mermaid built, as fixtures/conformance/README.md describes: the files at the
//! top are Mermaid 11.17.2's models and are read with `MermaidTarget::V11`, those in
//! `mermaid-12.4/` Mermaid 12.4.0's, read with `MermaidTarget::V12`. Every disagreement fails,
//! except the deliberate differences listed below with their reasons.

use std::collections::BTreeMap;

use serde_json::Value;
use topomaid::flowdb::FlowDb;
use topomaid::parse_json::{DiagramJson, Positions};
use topomaid::source::LineIndex;
use topomaid::syntax;
use topomaid::target::MermaidTarget;

/// Cases where topomaid differs from Mermaid on purpose, with the reason.
const DELIBERATE: &[(&str, &str)] = &[];

/// Text modulo Mermaid's sanitising: `<br>` spellings, its private entity placeholders,
/// runs of whitespace.
fn norm_text(t: &str) -> String {
    let mut s = t.to_string();
    for br in ["<br/>", "<br />", "<BR>", "<BR/>", "<br  />"] {
        s = s.replace(br, "<br>");
    }
    s = s
        .replace("\u{FB02}\u{B0}\u{B0}", "#")
        .replace("\u{FB02}\u{B0}", "#")
        .replace("\u{B6}\u{DF}", ";");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A vertex: text, shape, label type, classes, styles.
type VertexFacts = (String, Option<String>, String, Vec<String>, Vec<String>);
type Vertices = BTreeMap<String, VertexFacts>;
/// An edge: start, end, type, stroke, length, text, id, style.
type EdgeFacts = (
    String,
    String,
    String,
    String,
    u64,
    String,
    String,
    Vec<String>,
);
type Edges = Vec<EdgeFacts>;
/// A subgraph: title, sorted members, direction, classes.
type SubgraphFacts = (String, Vec<String>, Option<String>, Vec<String>);
type Subgraphs = BTreeMap<String, SubgraphFacts>;
/// The direction and the class definitions (name → styles).
type Header = (String, BTreeMap<String, Vec<String>>);

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => norm_text(s),
        Value::Null => String::new(),
        other => norm_text(&other.to_string()),
    }
}

/// The strings of a JSON list (empty when it is not one).
fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn reduce(d: &Value) -> (Vertices, Edges, Subgraphs, Header) {
    let arr = |k: &str| d[k].as_array().cloned().unwrap_or_default();
    let str_of = |v: &Value| v.as_str().unwrap_or("").to_string();
    let vertices = arr("vertices")
        .iter()
        .map(|x| {
            let shape = x["type"]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            (
                str_of(&x["id"]),
                (
                    text_of(&x["text"]),
                    shape,
                    str_of(&x["labelType"]),
                    strings(&x["classes"]),
                    strings(&x["styles"]),
                ),
            )
        })
        .collect();
    let edges = arr("edges")
        .iter()
        .map(|x| {
            (
                x["start"].as_str().unwrap_or("").to_string(),
                x["end"].as_str().unwrap_or("").to_string(),
                x["type"].as_str().unwrap_or("").to_string(),
                x["stroke"].as_str().unwrap_or("").to_string(),
                x["length"].as_u64().unwrap_or(0),
                text_of(&x["text"]),
                str_of(&x["id"]),
                strings(&x["style"]),
            )
        })
        .collect();
    let subgraphs = arr("subgraphs")
        .iter()
        .map(|x| {
            let mut nodes: Vec<String> = x["nodes"]
                .as_array()
                .map(|n| {
                    n.iter()
                        .map(|i| i.as_str().unwrap_or("").to_string())
                        .collect()
                })
                .unwrap_or_default();
            nodes.sort();
            (
                str_of(&x["id"]),
                (
                    text_of(&x["title"]),
                    nodes,
                    x["dir"].as_str().map(str::to_string),
                    strings(&x["classes"]),
                ),
            )
        })
        .collect();
    // Ours is a list of `{id, styles}`, Mermaid's an object; both in definition order.
    let class_defs = match &d["classDefs"] {
        Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), strings(v))).collect(),
        Value::Array(a) => a
            .iter()
            .map(|c| (str_of(&c["id"]), strings(&c["styles"])))
            .collect(),
        _ => BTreeMap::new(),
    };
    (
        vertices,
        edges,
        subgraphs,
        (str_of(&d["direction"]), class_defs),
    )
}

/// The first difference between topomaid and Mermaid for one case, if any.
fn disagreement(source: &str, oracle: &Value, target: MermaidTarget) -> Option<String> {
    let ours = syntax::parse_for(source, target)
        .map_err(|f| f.errors()[0].message.clone())
        .and_then(|chart| FlowDb::build(&chart).map_err(|e| e.message));
    let mermaid_ok = oracle["ok"].as_bool().unwrap_or(false);
    match (ours, mermaid_ok) {
        (Err(_), false) => None,
        (Ok(_), false) => Some("mermaid rejects it, topomaid accepts".into()),
        (Err(e), true) => Some(format!("mermaid accepts it, topomaid rejects: {e}")),
        (Ok(db), true) => {
            let chart = syntax::parse_for(source, target).expect("parsed above");
            let index = LineIndex::new(source);
            let json = DiagramJson::parsed(&db, &chart, Positions::new(source, &index, 0));
            let ours = reduce(&serde_json::to_value(&json).expect("model serialises"));
            let theirs = reduce(oracle);
            first_map_difference("vertices", &ours.0, &theirs.0)
                .or_else(|| first_list_difference("edges", &ours.1, &theirs.1))
                .or_else(|| first_map_difference("subgraphs", &ours.2, &theirs.2))
                .or_else(|| {
                    (ours.3 != theirs.3).then(|| {
                        format!(
                            "direction/classDefs: ours {:?}, mermaid {:?}",
                            ours.3, theirs.3
                        )
                    })
                })
        }
    }
}

fn first_map_difference<V: PartialEq + std::fmt::Debug>(
    part: &str,
    ours: &BTreeMap<String, V>,
    theirs: &BTreeMap<String, V>,
) -> Option<String> {
    ours.keys()
        .chain(theirs.keys())
        .find(|k| ours.get(*k) != theirs.get(*k))
        .map(|k| {
            format!(
                "{part}[{k}]: ours {:?}, mermaid {:?}",
                ours.get(k),
                theirs.get(k)
            )
        })
}

fn first_list_difference<V: PartialEq + std::fmt::Debug>(
    part: &str,
    ours: &[V],
    theirs: &[V],
) -> Option<String> {
    if let Some(i) = (0..ours.len().min(theirs.len())).find(|&i| ours[i] != theirs[i]) {
        return Some(format!(
            "{part}[{i}]: ours {:?}, mermaid {:?}",
            ours[i], theirs[i]
        ));
    }
    (ours.len() != theirs.len())
        .then(|| format!("{part}: ours has {}, mermaid {}", ours.len(), theirs.len()))
}

fn run_suite(file: &str, target: MermaidTarget) {
    let path = format!("{}/fixtures/conformance/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("conformance file present");
    let mut failures = Vec::new();
    let mut total = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("valid JSON line");
        let id = case["id"].as_str().unwrap_or("?");
        total += 1;
        let diff = disagreement(
            case["source"].as_str().unwrap_or(""),
            &case["oracle"],
            target,
        );
        let deliberate = DELIBERATE.iter().any(|(d, _)| *d == id);
        match (diff, deliberate) {
            (Some(d), false) => failures.push(format!("{id}: {d}")),
            (None, true) => failures.push(format!(
                "{id}: listed as a deliberate difference but now agrees; remove it from DELIBERATE"
            )),
            _ => {}
        }
    }
    assert!(total > 0, "no cases in {path}");
    assert!(
        failures.is_empty(),
        "{} of {total} cases disagree with Mermaid {}:\n{}",
        failures.len(),
        target.release(),
        failures.join("\n\n")
    );
}

#[test]
fn mermaid_spec_cases_agree_with_mermaid_11() {
    run_suite("mermaid-spec.jsonl", MermaidTarget::V11);
}

#[test]
fn corpus_diagrams_agree_with_mermaid_11() {
    run_suite("corpus.jsonl", MermaidTarget::V11);
}

#[test]
fn wild_diagrams_agree_with_mermaid_11() {
    run_suite("wild-train.jsonl", MermaidTarget::V11);
}

#[test]
fn new_syntax_agrees_with_mermaid_11() {
    run_suite("new-syntax-11.17.2.jsonl", MermaidTarget::V11);
}

#[test]
fn mermaid_spec_cases_agree_with_mermaid_12() {
    run_suite("mermaid-12.4/mermaid-spec.jsonl", MermaidTarget::V12);
}

#[test]
fn corpus_diagrams_agree_with_mermaid_12() {
    run_suite("mermaid-12.4/corpus.jsonl", MermaidTarget::V12);
}

#[test]
fn wild_diagrams_agree_with_mermaid_12() {
    run_suite("mermaid-12.4/wild-train.jsonl", MermaidTarget::V12);
}

#[test]
fn new_syntax_agrees_with_mermaid_12() {
    run_suite("mermaid-12.4/new-syntax.jsonl", MermaidTarget::V12);
}

/// The two releases differ where Mermaid's own models differ, and nowhere else: for every case
/// whose 11.17.2 and 12.4.0 models differ, topomaid's two models differ the same way (checked
/// above), and the subgraph-id cases the issue names are among them.
#[test]
fn the_releases_differ_on_the_double_space_subgraph() {
    let source = "flowchart TD\n  subgraph  main\n    a --> b\n  end\n";
    let id = |target| {
        let chart = syntax::parse_for(source, target).expect("parses");
        FlowDb::build(&chart).expect("builds").subgraphs[0]
            .id
            .to_string()
    };
    assert_eq!(id(MermaidTarget::V11), "subGraph0");
    assert_eq!(id(MermaidTarget::V12), "main");
}

#[test]
fn shape_cases_agree_with_mermaid_11() {
    run_suite("shapes-11.17.2.jsonl", MermaidTarget::V11);
}

#[test]
fn shape_cases_agree_with_mermaid_12() {
    run_suite("mermaid-12.4/shapes.jsonl", MermaidTarget::V12);
}

/// The generated shape table (scripts/gen_shape_names.py) is exactly what each release
/// accepts: every name it lists has a case the real Mermaid accepted, and every name a case
/// shows rejected is absent from it (tools/shape_cases.py writes a case for every name of the
/// table and some near misses).
#[test]
fn the_shape_table_is_what_each_release_accepts() {
    for (file, target) in [
        ("shapes-11.17.2.jsonl", MermaidTarget::V11),
        ("mermaid-12.4/shapes.jsonl", MermaidTarget::V12),
    ] {
        let path = format!("{}/fixtures/conformance/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("shape cases present");
        let mut accepted = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let case: Value = serde_json::from_str(line).expect("valid JSON line");
            let name = case["id"]
                .as_str()
                .and_then(|id| id.strip_prefix("shape-"))
                .expect("shape-NAME ids");
            let ok = case["oracle"]["ok"].as_bool().unwrap_or(false);
            let ours = topomaid::flowdb::shapes::accepted_shapes(target);
            if ok {
                accepted.push(name.to_string());
            } else {
                assert!(!ours.contains(&name), "{file}: Mermaid rejects `{name}`");
            }
        }
        for name in topomaid::flowdb::shapes::accepted_shapes(target) {
            assert!(
                accepted.iter().any(|a| a == name),
                "{file}: no accepted case for `{name}`"
            );
        }
    }
}

/// The corpus diagram Mermaid rejects, as `check --fix` repairs it (tests/cli.rs checks that the
/// fix gives exactly this text): Mermaid 11.17.2 accepts it and builds the model we build.
#[test]
fn the_diagram_check_fix_repaired_agrees_with_mermaid() {
    run_suite("fixed.jsonl", MermaidTarget::V11);
}
