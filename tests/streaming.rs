//! `topomaid parse` builds Mermaid's model while the parser reads (`pipeline::read_models`,
//! `syntax::parse_streaming` into a `FlowDbBuilder`); `check` builds it from the whole tree
//! (`pipeline::read_diagrams`). Both must give the same model and the same errors, on every
//! fixture, every conformance case and random diagrams.

use std::path::{Path, PathBuf};
use topomaid::target::MermaidTarget;

use proptest::prelude::*;
use serde_json::Value;
use topomaid::flowdb::FlowDb;
use topomaid::input::{Document, DocumentKind};
use topomaid::parse_json::{DiagramJson, Positions};
use topomaid::pipeline::{Diagram, read_diagrams, read_models};
use topomaid::source::LineIndex;

/// Everything of a model that Mermaid or `topomaid parse` shows, raw labels and styles too.
fn model_fields(db: &FlowDb) -> String {
    format!(
        "{} {} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
        db.diagram_type,
        db.direction,
        db.vertices,
        db.edges,
        db.subgraphs,
        db.class_defs,
        db.acc_title,
        db.acc_descr,
        db.title,
        db.default_interpolate(),
    )
}

/// One diagram as `topomaid parse --format json` prints it, with the model's other fields.
fn outcome(doc: &Document, idx: &LineIndex, d: &Diagram<'_>) -> String {
    let at = Positions::new(&doc.text, idx, d.base);
    match &d.result {
        Ok((chart, db)) => {
            let json = serde_json::to_string(&DiagramJson::parsed(db, chart, at)).expect("JSON");
            format!(
                "{json}\n{}\n{:?} {:?}",
                model_fields(db),
                chart.header,
                chart.front_matter
            )
        }
        Err(failure) => format!("{failure:?}"),
    }
}

/// Asserts that the streaming and the whole-tree paths agree on every diagram of `doc`;
/// returns how many diagrams were read without error.
/// Both Mermaid releases are checked; the count is that of the default one.
fn assert_agree(doc: &Document) -> usize {
    let idx = LineIndex::new(&doc.text);
    let mut read = 0;
    for target in MermaidTarget::ALL {
        let whole = read_diagrams(doc, target);
        let streamed = read_models(doc, target);
        assert_eq!(whole.len(), streamed.len());
        for (w, s) in whole.iter().zip(&streamed) {
            assert_eq!(
                outcome(doc, &idx, w),
                outcome(doc, &idx, s),
                "{} (Mermaid {target}):\n{}",
                doc.name,
                doc.text
            );
            if let Ok((chart, _)) = &s.result {
                assert!(chart.statements.is_empty());
            }
        }
        read = streamed.iter().filter(|d| d.result.is_ok()).count();
    }
    read
}

fn mermaid(name: &str, text: &str) -> Document {
    Document::from_text(name, text.to_string(), DocumentKind::Mermaid)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "mmd" || e == "md" || e == "markdown")
        {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_and_diagram_reads_the_same_streamed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("fixtures"), &mut paths);
    files(&root.join("diagrams"), &mut paths);
    paths.sort();
    let (mut docs, mut ok) = (0, 0);
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let kind = topomaid::input::kind_for_path(path);
        ok += assert_agree(&Document::from_text(path.display().to_string(), text, kind));
        docs += 1;
    }
    assert!(docs > 100 && ok > 100, "{docs} files, {ok} diagrams read");
}

#[test]
fn every_conformance_case_reads_the_same_streamed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut cases, mut ok) = (0, 0);
    for suite in ["mermaid-spec.jsonl", "corpus.jsonl"] {
        let text = std::fs::read_to_string(root.join("fixtures/conformance").join(suite))
            .expect("conformance cases");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let case: Value = serde_json::from_str(line).expect("JSON line");
            let id = case["id"].as_str().unwrap_or("?");
            ok += assert_agree(&mermaid(id, case["source"].as_str().unwrap_or("")));
            cases += 1;
        }
    }
    assert!(cases >= 377 + 17, "{cases} cases");
    assert!(ok > 300, "{ok} cases read");
}

/// Model errors (Mermaid's database rejects them) and syntax errors, alone and together: the
/// syntax errors win, all of them; else the first model error, even when more follow.
#[test]
fn errors_keep_their_precedence() {
    let cases: &[(&str, &[&str])] = &[
        (
            "graph TD\nA --> B\nlinkStyle 5 color:red\n",
            &["linkStyle index 5"],
        ),
        (
            "graph TD\nA --> B\nlinkStyle 7 color:red\nC@{ shape: nope }\n",
            &["linkStyle index 7"],
        ),
        (
            "graph TD\nlinkStyle 3 color:red\nB -->;\nA --> B\nC --> D E\n",
            &[
                "expected a node id, found `;`",
                "to end the statement, found `E`",
            ],
        ),
        (
            "graph TD\nsubgraph\nA\nend\nlinkStyle 0 color:red\n",
            &["a subgraph needs an id or a title"],
        ),
        (
            "graph TD\nA@{ shape: nope }\nB -->;\n",
            &["expected a node id, found `;`"],
        ),
    ];
    for (text, expected) in cases {
        let doc = mermaid("errors.mmd", text);
        assert_agree(&doc);
        let streamed = read_models(&doc, MermaidTarget::default());
        let Err(failure) = &streamed[0].result else {
            panic!("{text} was read");
        };
        let errors = failure.errors();
        assert_eq!(errors.len(), expected.len(), "{text}: {errors:?}");
        for (e, want) in errors.iter().zip(*expected) {
            assert!(e.message.contains(want), "{text}: {e:?}");
        }
    }
}

/// Statements of every kind that Mermaid accepts.
const LINES: &[&str] = &[
    "A --> B",
    "A & B --> C & D",
    "B -- text --> C --> D",
    "A e1@==> B",
    "e1@{ curve: basis }",
    "C[label] -.-> D((round))",
    "A:::c",
    "A@{ shape: rect, label: \"x\" }",
    "A@{ icon: \"fa:x\" }",
    "direction LR",
    "classDef c fill:#f00",
    "class A,s1,e1 c",
    "style A fill:red",
    "linkStyle 0 stroke:red",
    "linkStyle default interpolate basis",
    "click A href \"http://x\" \"tip\"",
    "click B callback",
    "accTitle: a title",
    "accDescr: words",
    "accDescr { many\nlines }",
    ";",
    "%% a comment",
];

/// Lines the grammar accepts and Mermaid's database rejects (an unknown shape, an edge index
/// out of range, a subgraph without a name).
const REJECTED: &[&str] = &[
    "A@{ shape: nope }",
    "linkStyle 3 stroke:red",
    "subgraph\nend",
];

/// Lines the grammar rejects.
const BROKEN: &[&str] = &[
    "A -->;",
    "B --> (",
    "[x]",
    "end",
    "subgraph s3",
    "C --> D E",
];

/// Subgraph openings.
const SUBGRAPHS: &[&str] = &["subgraph s1 [title]", "subgraph s2", "subgraph \"a b\""];

/// A statement, or a subgraph of statements closed by `end`.
fn item() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        60 => prop::sample::select(LINES),
        1 => prop::sample::select(REJECTED),
        1 => prop::sample::select(BROKEN),
    ]
    .prop_map(str::to_string);
    line.prop_recursive(3, 32, 5, |inner| {
        (
            prop::sample::select(SUBGRAPHS),
            prop::collection::vec(inner, 0..5),
        )
            .prop_map(|(open, body)| format!("{open}\n{}\nend", body.join("\n")))
    })
}

fn diagram() -> impl Strategy<Value = String> {
    (
        prop::sample::select(&["graph TD", "flowchart LR", "graph", "flowchart-elk RL"][..]),
        prop::collection::vec(
            (item(), prop::sample::select(&["\n", ";", "\n  "][..])),
            0..16,
        ),
    )
        .prop_map(|(header, items)| {
            let mut s = format!("{header}\n");
            for (item, sep) in items {
                s.push_str(&item);
                s.push_str(sep);
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_diagrams_read_the_same_streamed(text in diagram()) {
        assert_agree(&mermaid("random.mmd", &text));
    }

    #[test]
    fn random_text_reads_the_same_streamed(text in "graph TD\n[ -~\n]{0,80}") {
        assert_agree(&mermaid("random.mmd", &text));
    }
}

/// The random diagrams above reach every outcome often: read, rejected by the grammar, and
/// rejected by Mermaid's database.
#[test]
fn random_diagrams_cover_every_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use topomaid::syntax::ParseFailure;
    let mut runner = TestRunner::deterministic();
    let (mut read, mut syntax, mut model) = (0, 0, 0);
    for _ in 0..400 {
        let text = diagram()
            .new_tree(&mut runner)
            .expect("a diagram")
            .current();
        match topomaid::syntax::parse(&text) {
            Err(ParseFailure::Syntax(_)) => syntax += 1,
            Err(ParseFailure::Unsupported { .. }) => {}
            Ok(chart) => match FlowDb::build(&chart) {
                Ok(_) => read += 1,
                Err(_) => model += 1,
            },
        }
    }
    eprintln!("{read} read, {syntax} syntax errors, {model} model errors");
    assert!(read >= 60 && syntax >= 60 && model >= 60);
}
