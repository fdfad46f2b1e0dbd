//! `topomaid diff OLD NEW`: reads the one flowchart of each file, builds both models with each
//! file's configuration (so that configured kinds count), and prints the drift.

use std::io::Write;

use clap::ValueEnum;

use crate::diagnostics;
use crate::diff::{diff, render};
use crate::input::{self, DocumentKind};
use crate::lint::{self, config_file::ConfigResolver};
use crate::model::Model;
use crate::pipeline;
use crate::report::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK};
use crate::source::LineIndex;
use crate::syntax::ParseFailure;

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// One line per difference, like a changelog.
    Human,
    /// Added, removed and changed zones, nodes and edges (see docs/diff.md).
    Json,
}

/// Reads the single flowchart of `path` and builds its model; returns the file's display name
/// (`<stdin>` for `-`) with it. The error is the whole message for standard error (rustc-style
/// for syntax errors).
pub fn load(
    path: &str,
    configs: &mut ConfigResolver,
    color: bool,
) -> Result<(String, Model), String> {
    let doc = input::read_document(path).map_err(|e| format!("error: {e}"))?;
    let config = configs.for_file(path).map_err(|e| format!("error: {e}"))?;
    let mut diagrams = pipeline::read_diagrams(&doc);
    diagrams.retain(|d| {
        doc.kind != DocumentKind::Markdown
            || !matches!(d.result, Err(ParseFailure::Unsupported { .. }))
    });
    let index = LineIndex::new(&doc.text);
    let lines = || {
        diagrams
            .iter()
            .map(|d| index.line_col(&doc.text, d.base).line.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let d = match diagrams.as_slice() {
        [d] => d,
        [] => {
            return Err(format!(
                "error: {}: no flowchart to compare\nhelp: `diff` compares one flowchart \
                 with another: a `.mmd` file, or Markdown with one ```mermaid flowchart block",
                doc.name
            ));
        }
        _ => {
            return Err(format!(
                "error: {}: {} flowcharts (at lines {}); `diff` compares one with one\nhelp: \
                 pick one with `FILE#k` (`#1` is the first), or put it in a file of its own",
                doc.name,
                diagrams.len(),
                lines()
            ));
        }
    };
    match &d.result {
        Ok((chart, db)) => Ok((doc.name.clone(), lint::model(d.text, chart, db, &config))),
        Err(failure) => Err(failure
            .errors()
            .iter()
            .map(|e| diagnostics::render_error(&doc.name, &doc.text, d.base, e, color))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// Runs `topomaid diff` and returns the exit code: 0 when the topologies mean the same, 1 when
/// they differ, 2 when a file cannot be read or does not hold exactly one flowchart that parses.
/// `color` colours standard output, `error_color` standard error.
pub fn run(old: &str, new: &str, format: DiffFormat, color: bool, error_color: bool) -> i32 {
    if old == "-" && new == "-" {
        eprintln!("error: standard input (`-`) can be only one of the two diagrams");
        return EXIT_ERROR;
    }
    let mut configs = match ConfigResolver::new(None, Default::default()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let a = load(old, &mut configs, error_color);
    let b = load(new, &mut configs, error_color);
    let ((old, a), (new, b)) = match (a, b) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            for e in [a.err(), b.err()].into_iter().flatten() {
                eprintln!("{e}");
            }
            return EXIT_ERROR;
        }
    };
    let drift = diff(&a, &b);
    let text = match format {
        DiffFormat::Human => render::human(&old, &new, &drift, color),
        DiffFormat::Json => render::json(&old, &new, &drift),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    if drift.is_empty() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    }
}
