//! The lint engine over its fixtures (`fixtures/lint/<rule>/fires*.mmd` must trigger the rule,
//! `ok*.mmd` must not) and over the real diagrams, as insta snapshots of plain data; and the
//! rule pages under `docs/rules/`, generated from the rules' doc comments.

use std::path::Path;

use topomaid::flowdb::FlowDb;
use topomaid::lint::{self, Diagnostic, LintConfig, Severity};
use topomaid::source::LineIndex;
use topomaid::syntax;

/// The diagnostics of one diagram file, or `None` when it does not parse.
fn check(text: &str) -> Option<Vec<Diagnostic>> {
    let chart = syntax::parse(text).ok()?;
    let db = FlowDb::build(&chart).ok()?;
    Some(lint::check(text, &chart, &db, &LintConfig::default()))
}

/// Diagnostics as plain data: `line:col severity rule: message`, then related places and help.
fn render(text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let at = |offset: usize| {
        let lc = index.line_col(text, offset);
        format!("{}:{}", lc.line, lc.column)
    };
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&format!(
            "{} {} {}: {}\n",
            at(d.span.start as usize),
            d.severity,
            d.rule,
            d.message
        ));
        for r in &d.related {
            out.push_str(&format!(
                "    {}: {}\n",
                at(r.span.start as usize),
                r.message
            ));
        }
        if let Some(h) = &d.help {
            out.push_str(&format!("    help: {h}\n"));
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .expect("inside the crate")
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/lint", "*/*.mmd", |path| {
        let text = std::fs::read_to_string(path).expect("readable");
        let diagnostics = check(&text).expect("fixtures parse");
        let rule = path
            .parent()
            .and_then(Path::file_name)
            .expect("in a rule folder")
            .to_string_lossy()
            .into_owned();
        assert!(
            lint::rule(&rule).is_some(),
            "{}: `{rule}` is no rule",
            relative(path)
        );
        let name = path.file_name().unwrap().to_string_lossy();
        let fired = diagnostics.iter().any(|d| d.rule == rule);
        if name.starts_with("fires") {
            assert!(fired, "{} should trigger `{rule}`", relative(path));
        } else {
            assert!(
                name.starts_with("ok"),
                "{}: name fixtures fires*.mmd or ok*.mmd",
                relative(path)
            );
            assert!(!fired, "{} must not trigger `{rule}`", relative(path));
        }
        insta::assert_snapshot!(render(&text, &diagnostics));
    });
}

fn report(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("readable");
    match check(&text) {
        Some(d) => render(&text, &d),
        None => "(does not parse: Mermaid rejects it too)\n".into(),
    }
}

/// The example diagrams of `diagrams/`.
#[test]
fn diagrams() {
    insta::glob!("../diagrams", "*.mmd", |path| insta::assert_snapshot!(
        report(path)
    ));
}

/// The real diagrams of the corpus; see fixtures/corpus/SOURCES.md.
#[test]
fn corpus() {
    insta::glob!(
        "../fixtures/corpus",
        "**/*.mmd",
        |path| insta::assert_snapshot!(report(path))
    );
}

#[test]
fn the_tripgen_production_network_is_sound() {
    for file in [
        "diagrams/tripgen-prod-network.mmd",
        "fixtures/corpus/tripgen-prod-network.mmd",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let text = std::fs::read_to_string(path).expect("readable");
        let findings: Vec<_> = check(&text)
            .expect("parses")
            .into_iter()
            .filter(|d| d.severity >= Severity::Warning)
            .collect();
        assert!(findings.is_empty(), "{file}:\n{}", render(&text, &findings));
    }
}

#[test]
fn explain_the_tripgen_production_network() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("diagrams/tripgen-prod-network.mmd");
    let text = std::fs::read_to_string(path).expect("readable");
    let chart = syntax::parse(&text).expect("parses");
    let db = FlowDb::build(&chart).expect("builds");
    insta::assert_snapshot!(lint::explain(&text, &chart, &db).to_string());
}

#[test]
fn configuration_selects_rules_and_severities() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lint/unreachable-service/fires.mmd"),
    )
    .unwrap();
    let chart = syntax::parse(&text).unwrap();
    let db = FlowDb::build(&chart).unwrap();
    let config = LintConfig {
        dotted_edges_are_traffic: true,
        ..LintConfig::default()
    };
    let found = lint::check(&text, &chart, &db, &config);
    assert!(
        !found.iter().any(|d| d.message.contains("`Notify`")),
        "a dotted edge carries traffic when configured so"
    );
    let mut config = LintConfig {
        select: Some(vec!["unreachable-service".into()]),
        ..LintConfig::default()
    };
    config
        .severities
        .insert("unreachable-service".into(), Severity::Error);
    let found = lint::check(&text, &chart, &db, &config);
    assert!(found.iter().all(|d| d.severity == Severity::Info));
    // A warning is raised to an error: `Cdn` only points at the users, so nothing reaches it.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/lint/unreachable-service/fires-backwards.mmd"),
    )
    .unwrap();
    let chart = syntax::parse(&text).unwrap();
    let db = FlowDb::build(&chart).unwrap();
    let found = lint::check(&text, &chart, &db, &config);
    assert!(found.iter().any(|d| d.severity == Severity::Error));
    // Notes stay notes: raising a rule's severity raises its warnings, not its notes.
    assert!(found.iter().all(|d| d.rule == "unreachable-service"
        && (d.severity == Severity::Error || d.severity == Severity::Info)));
}

#[test]
fn rule_ids_are_unique_kebab_case() {
    let mut seen = std::collections::BTreeSet::new();
    for rule in lint::registry() {
        let id = rule.meta().id;
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && id
                    .split('-')
                    .all(|w| w.starts_with(|c: char| c.is_ascii_lowercase())),
            "`{id}` is not kebab-case"
        );
        assert!(seen.insert(id), "`{id}` is registered twice");
        let doc = rule.meta().doc;
        for heading in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Use instead",
            "## Options",
            "## References",
        ] {
            assert!(
                doc.contains(heading),
                "`{id}`'s doc comment lacks `{heading}`"
            );
        }
        if id.starts_with("drift-") {
            // Compared with infrastructure code: fixtures under fixtures/drift/ (tests/drift.rs).
            continue;
        }
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/lint")
            .join(id);
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("`{id}` has no fixtures in {}", dir.display()))
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("fires"))
                && names.iter().any(|n| n.starts_with("ok")),
            "`{id}` needs fires*.mmd and ok*.mmd fixtures"
        );
    }
}

/// Every registered rule has its page, generated from its doc comment. Run with
/// `UPDATE_RULE_DOCS=1` to write the pages.
#[test]
fn every_rule_has_an_up_to_date_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let update = std::env::var_os("UPDATE_RULE_DOCS").is_some();
    let mut stale = Vec::new();
    for rule in lint::registry() {
        let meta = rule.meta();
        let path = dir.join(format!("{}.md", meta.id));
        let page = lint::rule_page(meta);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &page).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            stale.push(relative(&path));
        }
    }
    assert!(
        stale.is_empty(),
        "missing or stale rule pages (run `UPDATE_RULE_DOCS=1 cargo test --test lint`): {stale:?}"
    );
}

/// The mermaid blocks under `## Example` and `## Use instead` of a rule's doc comment.
fn doc_example(doc: &str, heading: &str) -> Option<String> {
    let after = &doc[doc.find(heading)? + heading.len()..];
    let section = &after[..after.find("\n## ").unwrap_or(after.len())];
    let start = section.find("```mermaid\n")? + "```mermaid\n".len();
    let end = start + section[start..].find("```")?;
    Some(
        section[start..end]
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// Each rule's documented example triggers it, and the documented fix does not.
#[test]
fn documented_examples_behave_as_documented() {
    for rule in lint::registry()
        .iter()
        .filter(|r| !r.meta().id.starts_with("drift-"))
    {
        // The drift rules' examples are checked against their infrastructure in tests/drift.rs.
        let meta = rule.meta();
        let example = doc_example(meta.doc, "## Example").expect("an example");
        let fixed = doc_example(meta.doc, "## Use instead").expect("a fix");
        let fires = |text: &str| {
            check(text)
                .unwrap_or_else(|| panic!("`{}`'s example does not parse:\n{text}", meta.id))
                .iter()
                .any(|d| d.rule == meta.id)
        };
        assert!(
            fires(&example),
            "`{}`'s example does not trigger it",
            meta.id
        );
        assert!(!fires(&fixed), "`{}`'s fix still triggers it", meta.id);
    }
}
