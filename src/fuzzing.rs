//! One input through every stage in one process, for the fuzz target (`fuzz/`) and its
//! stable-Rust replay (`tests/fuzz_replay.rs`): whatever the bytes, nothing may panic, and
//! every stage must return.

use crate::commands::check::{DiagramResult, check_document};
use crate::diagnostics::{Report, one_line, render, render_error};
use crate::fmt::format_document;
use crate::input::{Document, DocumentKind, decode_utf8};
use crate::lint::LintConfig;
use crate::parse_json::{DiagramJson, FileJson, Positions};
use crate::pipeline::read_models;
use crate::render::{Options, draw_svg};
use crate::source::LineIndex;
use crate::syntax::ParseFailure;

/// Runs `parse --format json`, `check` (with both renderings of every finding), `fmt` (with
/// its meaning check, and again on its own output, which must be a fixed point) and `render`
/// on `data`, read once as a `.mmd` diagram and once as Markdown. Bytes that are not UTF-8 go
/// through the decoder only, as the commands would refuse them.
pub fn whole_pipeline(data: &[u8]) {
    let Ok(text) = decode_utf8("fuzz.mmd", data.to_vec()) else {
        return;
    };
    for kind in [DocumentKind::Mermaid, DocumentKind::Markdown] {
        let doc = Document::from_text("fuzz", text.clone(), kind);
        parse_json(&doc);
        check(&doc);
        fmt(&doc);
        draw(&doc);
    }
}

fn parse_json(doc: &Document) {
    let idx = LineIndex::new(&doc.text);
    let models = read_models(doc, crate::target::MermaidTarget::default());
    let errors: Vec<_> = models
        .iter()
        .map(|m| match &m.result {
            Err(f) => f.errors(),
            Ok(_) => Vec::new(),
        })
        .collect();
    let diagrams = models
        .iter()
        .zip(&errors)
        .map(|(m, errs)| {
            let at = Positions::new(&doc.text, &idx, m.base);
            match &m.result {
                Ok((chart, db)) => DiagramJson::parsed(db, chart, at),
                Err(ParseFailure::Unsupported { kind, .. }) => DiagramJson::skipped(kind),
                Err(_) => DiagramJson::failed(errs, at),
            }
        })
        .collect();
    let file = FileJson {
        file: &doc.name,
        diagrams,
    };
    let json = serde_json::to_string(&file).expect("the parse JSON serialises");
    serde_json::from_str::<serde_json::Value>(&json).expect("the parse JSON reads back");
}

fn check(doc: &Document) {
    for result in check_document(doc, &LintConfig::default()) {
        match result {
            DiagramResult::Checked { base, diagnostics } => {
                for d in &diagnostics {
                    render(
                        &doc.name,
                        &doc.text,
                        base,
                        &Report::from_diagnostic(d),
                        false,
                    );
                }
            }
            DiagramResult::Failed { base, errors } => {
                for e in &errors {
                    render_error(&doc.name, &doc.text, base, e, false);
                    one_line(&doc.name, &doc.text, base, e);
                }
            }
            DiagramResult::Skipped { .. } | DiagramResult::BadConfig { .. } => {}
        }
    }
}

fn fmt(doc: &Document) {
    if let Ok(once) = format_document(doc) {
        let again = Document::from_text(doc.name.clone(), once.clone(), doc.kind);
        match format_document(&again) {
            Ok(twice) => assert_eq!(once, twice, "fmt is not idempotent"),
            Err(e) => panic!("fmt's output cannot be formatted again: {e:?}"),
        }
    }
}

fn draw(doc: &Document) {
    for m in read_models(doc, crate::target::MermaidTarget::default()) {
        if let Ok((chart, db)) = &m.result {
            draw_svg(chart, db, &Options::default());
        }
    }
}
