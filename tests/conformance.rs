//! Runs every conformance case (Mermaid's own test-suite flowcharts and the real corpus) through
//! topomaid and compares with the model the real Mermaid 11.17 built, as
//! fixtures/conformance/README.md describes. Every disagreement fails, except the deliberate
//! differences listed below with their reasons.

use std::collections::BTreeMap;

use serde_json::Value;
use topomaid::flowdb::FlowDb;
use topomaid::parse_json::{DiagramJson, Positions};
use topomaid::source::LineIndex;
use topomaid::syntax;

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

type Vertices = BTreeMap<String, (String, Option<String>)>;
type Edges = Vec<(String, String, String, String, u64, String)>;
type Subgraphs = BTreeMap<String, (String, Vec<String>)>;

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => norm_text(s),
        Value::Null => String::new(),
        other => norm_text(&other.to_string()),
    }
}

fn reduce(d: &Value) -> (Vertices, Edges, Subgraphs) {
    let arr = |k: &str| d[k].as_array().cloned().unwrap_or_default();
    let vertices = arr("vertices")
        .iter()
        .map(|x| {
            let shape = x["type"]
                .as_str()
                .filter(|s| !s.is_empty())
                .map(str::to_string);
            (
                x["id"].as_str().unwrap_or("").to_string(),
                (text_of(&x["text"]), shape),
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
                x["id"].as_str().unwrap_or("").to_string(),
                (text_of(&x["title"]), nodes),
            )
        })
        .collect();
    (vertices, edges, subgraphs)
}

/// The first difference between topomaid and Mermaid for one case, if any.
fn disagreement(source: &str, oracle: &Value) -> Option<String> {
    let ours = syntax::parse(source)
        .map_err(|f| f.errors()[0].message.clone())
        .and_then(|chart| FlowDb::build(&chart).map_err(|e| e.message));
    let mermaid_ok = oracle["ok"].as_bool().unwrap_or(false);
    match (ours, mermaid_ok) {
        (Err(_), false) => None,
        (Ok(_), false) => Some("mermaid rejects it, topomaid accepts".into()),
        (Err(e), true) => Some(format!("mermaid accepts it, topomaid rejects: {e}")),
        (Ok(db), true) => {
            let chart = syntax::parse(source).expect("parsed above");
            let index = LineIndex::new(source);
            let json = DiagramJson::parsed(&db, &chart, Positions::new(source, &index, 0));
            let ours = reduce(&serde_json::to_value(&json).expect("model serialises"));
            let theirs = reduce(oracle);
            first_map_difference("vertices", &ours.0, &theirs.0)
                .or_else(|| first_list_difference("edges", &ours.1, &theirs.1))
                .or_else(|| first_map_difference("subgraphs", &ours.2, &theirs.2))
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

fn run_suite(file: &str) {
    let path = format!("{}/fixtures/conformance/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("conformance file present");
    let mut failures = Vec::new();
    let mut total = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("valid JSON line");
        let id = case["id"].as_str().unwrap_or("?");
        total += 1;
        let diff = disagreement(case["source"].as_str().unwrap_or(""), &case["oracle"]);
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
        "{} of {total} cases disagree with Mermaid:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn mermaid_spec_cases_agree_with_mermaid() {
    run_suite("mermaid-spec.jsonl");
}

#[test]
fn corpus_diagrams_agree_with_mermaid() {
    run_suite("corpus.jsonl");
}

/// The corpus diagram Mermaid rejects, as `check --fix` repairs it (tests/cli.rs checks that the
/// fix gives exactly this text): Mermaid 11.17.2 accepts it and builds the model we build.
#[test]
fn the_diagram_check_fix_repaired_agrees_with_mermaid() {
    run_suite("fixed.jsonl");
}
