//! The formatter's guarantees over every diagram we have: Mermaid's own test cases and the
//! real corpus (fixtures/conformance/*.jsonl), the corpus files and diagrams/, a synthetic
//! topology, and generated diagrams. For each: `fmt` succeeds, `fmt(fmt(x)) == fmt(x)`, and
//! `fmt(x)` means what `x` means, compared here independently of the formatter's own check:
//! the model `topomaid parse --format json` prints, without positions.

use std::path::{Path, PathBuf};

use serde_json::Value;
use topomaid::flowdb::FlowDb;
use topomaid::fmt::{FormatError, format_diagram};
use topomaid::parse_json::{DiagramJson, Positions};
use topomaid::source::LineIndex;
use topomaid::syntax;

/// Mermaid's model of `text` as `topomaid parse --format json` prints it, without positions,
/// with `labelType` `string` counted as `text` and raw labels trimmed (as Mermaid trims them).
fn meaning(text: &str) -> Option<Value> {
    let chart = syntax::parse(text).ok()?;
    let db = FlowDb::build(&chart).ok()?;
    let index = LineIndex::new(text);
    let json = DiagramJson::parsed(&db, &chart, Positions::new(text, &index, 0));
    let mut v = serde_json::to_value(&json).expect("model serialises");
    normalise(&mut v, "");
    // A comment with no text is not kept.
    if let Some(Value::Array(comments)) = v.get_mut("comments") {
        comments.retain(|c| c["text"].as_str().is_some_and(|t| !t.trim().is_empty()));
    }
    Some(v)
}

fn normalise(v: &mut Value, key: &str) {
    match v {
        Value::Object(map) => {
            map.retain(|k, _| !k.contains("span") && k != "line" && k != "column");
            for (k, x) in map.iter_mut() {
                normalise(x, k);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| normalise(x, key)),
        Value::String(s) if key == "labelType" && s == "string" => *s = "text".into(),
        Value::String(s) if key == "raw" => *s = s.trim().to_string(),
        Value::String(s) if key == "text" => *s = s.trim_end().to_string(),
        _ => {}
    }
}

/// Formats `source` and checks both guarantees; `Err` describes the first one broken.
fn guarantees(source: &str) -> Result<(), String> {
    let Some(before) = meaning(source) else {
        return match format_diagram(source) {
            Err(FormatError::Parse(_)) => Ok(()),
            other => Err(format!("does not parse, yet fmt gave {other:?}")),
        };
    };
    let once = format_diagram(source).map_err(|e| format!("fmt failed: {e:?}"))?;
    let twice = format_diagram(&once).map_err(|e| format!("fmt of fmt failed: {e:?}"))?;
    if twice != once {
        return Err(format!(
            "not idempotent:\n--- fmt(x)\n{once}\n--- fmt(fmt(x))\n{twice}"
        ));
    }
    let after = meaning(&once).ok_or("fmt(x) does not parse")?;
    if after != before {
        return Err(format!(
            "meaning changed:\n--- x\n{before:#}\n--- fmt(x)\n{after:#}\n--- formatted text\n{once}"
        ));
    }
    Ok(())
}

fn assert_all(cases: impl IntoIterator<Item = (String, String)>) {
    let mut failures = Vec::new();
    let mut total = 0;
    for (name, source) in cases {
        total += 1;
        if let Err(e) = guarantees(&source) {
            failures.push(format!("{name}: {e}\n--- source\n{source}"));
        }
    }
    assert!(total > 0, "no cases");
    assert!(
        failures.is_empty(),
        "{} of {total} diagrams break a guarantee:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

fn conformance_cases(file: &str) -> Vec<(String, String)> {
    let path = format!("{}/fixtures/conformance/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("conformance file present");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let case: Value = serde_json::from_str(line).expect("valid JSON line");
            (
                case["id"].as_str().unwrap_or("?").to_string(),
                case["source"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn mmd_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            mmd_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "mmd") {
            out.push(path);
        }
    }
}

/// Every `.mmd` file under the given directories of the crate.
fn files_under(dirs: &[&str]) -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for d in dirs {
        mmd_files(&root.join(d), &mut paths);
    }
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("UTF-8 file");
            (p.display().to_string(), text)
        })
        .collect()
}

#[test]
fn mermaid_spec_cases_format_idempotently_and_keep_their_meaning() {
    let cases = conformance_cases("mermaid-spec.jsonl");
    assert!(cases.len() >= 377);
    assert_all(cases);
}

#[test]
fn corpus_conformance_cases_format_idempotently_and_keep_their_meaning() {
    assert_all(conformance_cases("corpus.jsonl"));
}

#[test]
fn corpus_and_diagram_files_format_idempotently_and_keep_their_meaning() {
    let files = files_under(&["fixtures/corpus", "diagrams"]);
    assert!(files.len() >= 20);
    assert_all(files);
}

#[test]
fn syntax_lint_and_fmt_fixtures_format_idempotently_and_keep_their_meaning() {
    assert_all(files_under(&[
        "fixtures/syntax",
        "fixtures/lint",
        "fixtures/fmt",
    ]));
}

#[test]
fn every_crlf_corpus_file_formats_like_its_lf_twin() {
    for (name, text) in files_under(&["fixtures/corpus", "diagrams"]) {
        let lf = text.replace("\r\n", "\n");
        let crlf = lf.replace('\n', "\r\n");
        assert_eq!(
            format_diagram(&crlf).ok(),
            format_diagram(&lf).ok(),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------
// Generated diagrams (pieces in the spirit of tests/robustness.rs, biased towards input that
// parses, since only that is formatted).
// ---------------------------------------------------------------------------

use proptest::prelude::*;

const IDS: &[&str] = &[
    "A", "B", "web_1", "DB", "n-1", "가나", "x1", "1", "end1", "o", "x",
];

const LABEL_WORDS: &[&str] = &[
    "a",
    "Web",
    "10.0.0.0/16",
    " ",
    "  ",
    "-",
    ".",
    ":",
    ",",
    "&",
    "#quot;",
    "#9829;",
    "<br/>",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "|",
    "/",
    "\\",
    "`",
    "'",
    "@",
    ";",
    "%%",
    "~~~",
    "🌐",
    "한국어",
    "\\n",
    "=",
    "?",
    ">",
    "<",
];

const BRACKETS: &[(&str, &str)] = &[
    ("[", "]"),
    ("(", ")"),
    ("((", "))"),
    ("(((", ")))"),
    ("([", "])"),
    ("[[", "]]"),
    ("[(", ")]"),
    ("{", "}"),
    ("{{", "}}"),
    (">", "]"),
    ("[/", "/]"),
    ("[\\", "\\]"),
    ("[/", "\\]"),
    ("[\\", "/]"),
    ("(-", "-)"),
    ("[|borders:lt|", "]"),
];

const LINKS: &[&str] = &[
    "-->", "---", "-.->", "-.-", "==>", "===", "~~~", "--o", "--x", "<-->", "x--x", "o--o",
    "----->", "-...->", "<==>", "e1@-->",
];

const TEXT_LINKS: &[(&str, &str)] = &[("--", "-->"), ("==", "==>"), ("-.", ".->"), ("<--", "-->")];

fn label_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(LABEL_WORDS), 1..5).prop_map(|v| v.concat())
}

/// A label as it may be written: bare, quoted or Markdown.
fn written_label() -> impl Strategy<Value = String> {
    (label_text(), 0..3u8).prop_map(|(t, how)| match how {
        0 => t,
        1 => format!("\"{t}\""),
        _ => format!("\"`{t}`\""),
    })
}

fn node() -> impl Strategy<Value = String> {
    let shape = prop::option::of((prop::sample::select(BRACKETS), written_label()));
    let tail = prop::sample::select(&["", "", ":::c", "@{ shape: rect }", "@{ label: \"x\" }"][..]);
    (prop::sample::select(IDS), shape, tail).prop_map(|(id, shape, tail)| match shape {
        Some(((open, close), label)) => format!("{id}{open}{label}{close}{tail}"),
        None => format!("{id}{tail}"),
    })
}

fn link() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(LINKS).prop_map(str::to_string),
        1 => (prop::sample::select(LINKS), written_label()).prop_map(|(l, t)| format!("{l}|{t}|")),
        1 => (prop::sample::select(TEXT_LINKS), label_text())
            .prop_map(|((s, e), t)| format!("{s} {t} {e}")),
    ]
}

fn statement() -> impl Strategy<Value = String> {
    let group = || prop::collection::vec(node(), 1..3).prop_map(|v| v.join(" & "));
    let chain =
        (group(), prop::collection::vec((link(), group()), 0..3)).prop_map(|(first, rest)| {
            let mut s = first;
            for (l, g) in rest {
                s.push_str(&format!(" {l} {g}"));
            }
            s
        });
    prop_oneof![
        6 => chain,
        1 => Just("classDef c fill:#f96,stroke:#333".to_string()),
        1 => Just("class A,B c".to_string()),
        1 => Just("style A fill:#bbf, stroke-dasharray: 5 5".to_string()),
        1 => Just("linkStyle 0 stroke:#ff3".to_string()),
        1 => Just("click A href \"https://example.com\" \"tip\" _blank".to_string()),
        1 => label_text().prop_map(|t| format!("%% {t}")),
        1 => Just(String::new()),
        1 => Just("accTitle: a title".to_string()),
        1 => Just("direction LR".to_string()),
    ]
}

/// A flowchart of statements, some inside (nested) subgraphs, with assorted separators.
fn diagram() -> impl Strategy<Value = String> {
    let item = prop_oneof![
        4 => statement(),
        1 => (prop::sample::select(&["s1", "\"A title\"", "s2 [Title]", "s3[\"Q (x)\"]"][..]),
              prop::collection::vec(statement(), 0..4))
            .prop_map(|(head, body)| format!("subgraph {head}\n{}\nend", body.join("\n"))),
    ];
    (
        prop::sample::select(&["graph TD", "flowchart LR", "graph", "flowchart-elk RL"][..]),
        prop::collection::vec(
            (
                item,
                prop::sample::select(&["\n", ";", "\n\n", " \n", "\r\n"][..]),
            ),
            1..10,
        ),
    )
        .prop_map(|(header, items)| {
            let mut s = format!("{header}\n");
            for (item, sep) in items {
                s.push_str("  ");
                s.push_str(&item);
                s.push_str(sep);
            }
            s
        })
}

/// The generated-diagram proptests run from one seed, so that CI is deterministic: random
/// exploration (`PROPTEST_RNG_SEED=<n> PROPTEST_CASES=60000`) still finds rare line-context
/// quirks of Mermaid's preprocessing that fmt refuses to format (docs/formatting.md, "Limits").
fn fixed_seed_unless_asked() -> proptest::test_runner::RngSeed {
    match std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        Some(seed) => proptest::test_runner::RngSeed::Fixed(seed),
        None => proptest::test_runner::RngSeed::Fixed(20_261_125),
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(500),
        failure_persistence: None,
        rng_seed: fixed_seed_unless_asked(),
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_diagrams_that_parse_format_idempotently_and_keep_their_meaning(text in diagram()) {
        if let Err(e) = guarantees(&text) {
            prop_assert!(false, "{}\n--- source\n{}", e, text);
        }
    }
}

#[test]
fn a_good_share_of_generated_diagrams_parse() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = diagram();
    let parsed = (0..400)
        .filter(|_| {
            let text = strategy.new_tree(&mut runner).expect("a value").current();
            meaning(&text).is_some()
        })
        .count();
    assert!(
        parsed >= 60,
        "only {parsed} of 400 generated diagrams parse"
    );
}

/// A corpus file with a few characters inserted, deleted or replaced.
fn mutated_corpus() -> impl Strategy<Value = (String, String)> {
    let files = files_under(&["fixtures/corpus"]);
    let edit = (
        any::<prop::sample::Index>(),
        prop::option::of(prop::sample::select(
            "[](){}<>|\"`'@&;:,.-=~ox#%/\\\n\r\t 가🌐"
                .chars()
                .collect::<Vec<_>>(),
        )),
        any::<bool>(),
    );
    (
        prop::sample::select(files),
        prop::collection::vec(edit, 1..4),
    )
        .prop_map(|((name, mut text), edits)| {
            for (at, c, replace) in &edits {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                if (c.is_none() || *replace) && i < text.len() {
                    text.remove(i);
                }
                if let Some(c) = c {
                    text.insert(i, *c);
                }
            }
            (format!("{name} after {edits:?}"), text)
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300),
        failure_persistence: None,
        rng_seed: fixed_seed_unless_asked(),
        ..ProptestConfig::default()
    })]

    #[test]
    fn edited_corpus_diagrams_that_parse_format_idempotently_and_keep_their_meaning(
        (name, text) in mutated_corpus()
    ) {
        if let Err(e) = guarantees(&text) {
            prop_assert!(false, "{}: {}", name, e);
        }
    }
}

/// The lint findings of a diagram: rule, severity and message (where they point moves).
fn findings(text: &str) -> Vec<String> {
    let chart = syntax::parse(text).expect("parses");
    let db = FlowDb::build(&chart).expect("builds");
    let config = topomaid::lint::LintConfig::default();
    let mut out: Vec<String> = topomaid::lint::check(text, &chart, &db, &config)
        .iter()
        .map(|d| format!("{} {:?} {}", d.rule, d.severity, d.message))
        .collect();
    out.sort();
    out
}

#[test]
fn lint_findings_are_the_same_after_formatting() {
    let mut files = files_under(&[
        "fixtures/corpus",
        "diagrams",
        "fixtures/lint",
        "fixtures/fmt",
    ]);
    files.retain(|(_, text)| meaning(text).is_some());
    assert!(files.len() >= 40);
    let mut failures = Vec::new();
    for (name, text) in files {
        let formatted = format_diagram(&text).expect("formats");
        let (mut before, after) = (findings(&text), findings(&formatted));
        // The canonical text may be read by Mermaid 11 as 12 reads it where the original was
        // not (one space after `subgraph`, none in styles): formatting may remove a
        // `mermaid-version-difference` note, never add one.
        let versions = |f: &String| f.starts_with("mermaid-version-difference ");
        if !after.iter().any(versions) {
            before.retain(|f| !versions(f));
        }
        if before != after {
            failures.push(format!("{name}:\n  before {before:#?}\n  after {after:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn subgraphs_nested_to_the_parser_limit_format() {
    let depth = topomaid::syntax::parser::MAX_SUBGRAPH_DEPTH;
    let mut text = String::from("graph TD\n");
    for i in 0..depth {
        text.push_str(&format!("subgraph s{i}\n"));
    }
    text.push_str("A-->B\n");
    text.push_str(&"end\n".repeat(depth));
    guarantees(&text).expect("formats");
    let out = format_diagram(&text).expect("formats");
    assert!(out.contains(&format!("{}A --> B\n", "    ".repeat(depth + 1))));
}

#[test]
fn large_labels_and_many_statements_format() {
    let big = "x".repeat(1 << 20);
    guarantees(&format!("graph TD\nA[\"{big} (y)\"] -- {big} --> B\n")).expect("formats");
    let many: String = (0..5_000).map(|i| format!("n{i}-->n{};", i + 1)).collect();
    guarantees(&format!("graph LR\n{many}\n")).expect("formats");
}
