//! `topomaid parse`: what Mermaid would build from each diagram, as a summary or JSON.

use std::io::Write;

use crate::diagnostics;
use crate::flowdb::FlowDb;
use crate::input::{self, Document, DocumentKind};
use crate::parse_json::{DiagramJson, FileJson, Positions};
use crate::pipeline;
use crate::report::{EXIT_ERROR, EXIT_OK};
use crate::source::LineIndex;
use crate::syntax::ParseFailure;
use crate::syntax::error::SyntaxError;

/// Output formats of `parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ParseFormat {
    /// A one-line summary per diagram.
    Human,
    /// The parsed model as JSON (see docs/parse-json.md).
    Json,
}

/// Parses `files` and prints each diagram's model; returns the exit code.
pub fn run(files: &[String], format: ParseFormat, stdin_markdown: bool, color: bool) -> i32 {
    let mut code = EXIT_OK;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let several = files.len() > 1;
    let mut written = 0;
    if format == ParseFormat::Json && several {
        let _ = out.write_all(b"[\n");
    }
    for f in files {
        let doc = match input::read_document_with(f, stdin_markdown) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e}");
                code = EXIT_ERROR;
                continue;
            }
        };
        let outcomes = pipeline::read_models(&doc);
        let idx = LineIndex::new(&doc.text);
        let errors: Vec<Vec<SyntaxError>> = outcomes
            .iter()
            .map(|o| match &o.result {
                // Other diagram types are skipped, in Markdown and `.mmd` files alike.
                Err(ParseFailure::Unsupported { .. }) => Vec::new(),
                Err(failure) => failure.errors(),
                Ok(_) => Vec::new(),
            })
            .collect();
        let mut diagrams = Vec::new();
        for (i, (o, errs)) in outcomes.iter().zip(&errors).enumerate() {
            let at = Positions::new(&doc.text, &idx, o.base);
            match &o.result {
                Ok((chart, db)) => match format {
                    ParseFormat::Human => {
                        let _ = writeln!(out, "{}", summary(&doc, &idx, i, o.base, db));
                    }
                    ParseFormat::Json => diagrams.push(DiagramJson::parsed(db, chart, at)),
                },
                Err(ParseFailure::Unsupported { kind, .. }) if errs.is_empty() => {
                    if format == ParseFormat::Human {
                        let lc = idx.line_col(&doc.text, o.base);
                        let _ = writeln!(
                            out,
                            "{}:{}:{}: skipped {kind} (not a flowchart)",
                            doc.name, lc.line, lc.column
                        );
                    }
                    diagrams.push(DiagramJson::skipped(kind));
                }
                _ => {
                    code = EXIT_ERROR;
                    let _ = out.flush();
                    for e in errs {
                        eprint!(
                            "{}",
                            diagnostics::render_error(&doc.name, &doc.text, o.base, e, color)
                        );
                        eprintln!();
                    }
                    diagrams.push(DiagramJson::failed(errs, at));
                }
            }
        }
        match format {
            ParseFormat::Human if doc.diagrams.is_empty() => {
                let _ = writeln!(out, "{}: no mermaid diagrams", doc.name);
            }
            ParseFormat::Human => {}
            ParseFormat::Json => {
                if written > 0 {
                    let _ = out.write_all(b",\n");
                }
                written += 1;
                let file = FileJson {
                    file: &doc.name,
                    diagrams,
                };
                let _ = serde_json::to_writer_pretty(&mut out, &file);
                let _ = writeln!(out);
            }
        }
    }
    if format == ParseFormat::Json && several {
        let _ = out.write_all(b"]\n");
    }
    let _ = out.flush();
    code
}

fn summary(doc: &Document, idx: &LineIndex, i: usize, base: usize, db: &FlowDb) -> String {
    let where_ = if doc.kind == DocumentKind::Markdown {
        let lc = idx.line_col(&doc.text, base);
        format!("{}:{} (diagram {})", doc.name, lc.line, i + 1)
    } else {
        doc.name.clone()
    };
    format!(
        "{where_}: {} {}, {} nodes, {} edges, {} subgraphs, {} classes",
        db.diagram_type,
        db.direction,
        db.vertices.len(),
        db.edges.len(),
        db.subgraphs.len(),
        db.class_defs.len()
    )
}
