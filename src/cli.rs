//! The command line: argument parsing and the commands, kept thin over the library.

use std::io::{IsTerminal, Write};

use clap::{Parser, Subcommand, ValueEnum};
use serde_json::{json, Value};

use crate::diagnostics;
use crate::flowdb::FlowDb;
use crate::input::{self, Document, DocumentKind};
use crate::source::LineIndex;
use crate::syntax::{self, ParseFailure};

/// Exit code: everything is fine.
pub const EXIT_OK: i32 = 0;
/// Exit code: the check found problems in the diagrams.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: a diagram could not be parsed, a file could not be read, or the usage was wrong.
pub const EXIT_ERROR: i32 = 2;

/// A compiler and linter for network-topology diagrams written in Mermaid.
#[derive(Debug, Parser)]
#[command(name = "topomaid", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Colour the output: auto (when the output is a terminal and NO_COLOR is unset), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// When to colour diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard error is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse diagrams and print what Mermaid would build from them.
    Parse {
        /// `.mmd` files, Markdown files (their ```mermaid blocks), or `-` for standard input.
        #[arg(required = true)]
        files: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ParseFormat::Human)]
        format: ParseFormat,
        /// Read standard input as Markdown.
        #[arg(long)]
        stdin_markdown: bool,
    },
}

/// Output formats of `parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    /// A one-line summary per diagram.
    Human,
    /// The parsed model as JSON (see docs/parse-json.md).
    Json,
}

/// Runs the command line with the process arguments and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
        }
    };
    match cli.command {
        Command::Parse {
            files,
            format,
            stdin_markdown,
        } => parse_command(&files, format, stdin_markdown, color),
    }
}

/// The outcome of parsing one diagram of a document.
pub struct DiagramOutcome {
    /// Byte offset of the diagram in its document.
    pub base: usize,
    /// The model, or why there is none.
    pub result: Result<FlowDb, ParseFailure>,
    /// The syntax tree, when parsing succeeded.
    pub chart: Option<syntax::ast::Flowchart>,
}

/// Parses every diagram of `doc`.
pub fn parse_document(doc: &Document) -> Vec<DiagramOutcome> {
    doc.diagrams
        .iter()
        .map(|r| {
            let text = doc.diagram_text(r);
            match syntax::parse(text) {
                Ok(chart) => {
                    let result = FlowDb::build(&chart).map_err(|e| ParseFailure::Syntax(vec![e]));
                    DiagramOutcome {
                        base: r.start,
                        result,
                        chart: Some(chart),
                    }
                }
                Err(f) => DiagramOutcome {
                    base: r.start,
                    result: Err(f),
                    chart: None,
                },
            }
        })
        .collect()
}

fn parse_command(files: &[String], format: ParseFormat, stdin_markdown: bool, color: bool) -> i32 {
    let mut code = EXIT_OK;
    let mut json_docs = Vec::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for f in files {
        let doc = match input::read_document_with(f, stdin_markdown) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e}");
                code = EXIT_ERROR;
                continue;
            }
        };
        let outcomes = parse_document(&doc);
        let idx = LineIndex::new(&doc.text);
        let mut diagrams = Vec::new();
        for (i, o) in outcomes.iter().enumerate() {
            match &o.result {
                Ok(db) => {
                    match format {
                        ParseFormat::Human => {
                            let _ = writeln!(out, "{}", summary(&doc, &idx, i, o.base, db));
                        }
                        ParseFormat::Json => diagrams.push(diagram_json(&doc.text, &idx, o, db)),
                    }
                }
                Err(ParseFailure::Unsupported { kind, .. })
                    if doc.kind == DocumentKind::Markdown =>
                {
                    if format == ParseFormat::Human {
                        let lc = idx.line_col(&doc.text, o.base);
                        let _ = writeln!(
                            out,
                            "{}:{}:{}: skipped {kind} (not a flowchart)",
                            doc.name, lc.line, lc.column
                        );
                    }
                    diagrams.push(json!({"ok": false, "skipped": kind}));
                }
                Err(failure) => {
                    code = EXIT_ERROR;
                    let errors = failure.errors();
                    for e in &errors {
                        eprint!(
                            "{}",
                            diagnostics::render_error(&doc.name, &doc.text, o.base, e, color)
                        );
                        eprintln!();
                    }
                    diagrams.push(json!({
                        "ok": false,
                        "errors": errors.iter().map(|e| error_json(&doc.text, &idx, o.base, e)).collect::<Vec<_>>(),
                    }));
                }
            }
        }
        if doc.diagrams.is_empty() && format == ParseFormat::Human {
            let _ = writeln!(out, "{}: no mermaid diagrams", doc.name);
        }
        json_docs.push(json!({"file": doc.name, "diagrams": diagrams}));
    }
    if format == ParseFormat::Json {
        let value = if json_docs.len() == 1 {
            json_docs.pop().unwrap_or(Value::Null)
        } else {
            Value::Array(json_docs)
        };
        let _ = serde_json::to_writer_pretty(&mut out, &value);
        let _ = writeln!(out);
    }
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

/// A span as JSON: byte offsets in the document and 1-based lines and columns.
fn span_json(text: &str, idx: &LineIndex, base: usize, start: usize, end: usize) -> Value {
    let s = idx.line_col(text, start + base);
    let e = idx.line_col(text, end + base);
    json!({
        "start": start + base, "end": end + base,
        "line": s.line, "column": s.column, "end_line": e.line, "end_column": e.column,
    })
}

/// Replaces every `{start, end}` span object inside `v` with its document position.
fn place_spans(v: &mut Value, text: &str, idx: &LineIndex, base: usize) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                let is_span = k == "span" || k.ends_with("_span");
                let range = child
                    .as_object()
                    .and_then(|o| Some((o.get("start")?.as_u64()?, o.get("end")?.as_u64()?)));
                match (is_span, range) {
                    (true, Some((s, e))) => {
                        *child = span_json(text, idx, base, s as usize, e as usize)
                    }
                    _ => place_spans(child, text, idx, base),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|c| place_spans(c, text, idx, base)),
        _ => {}
    }
}

fn diagram_json(text: &str, idx: &LineIndex, o: &DiagramOutcome, db: &FlowDb) -> Value {
    let mut v = serde_json::to_value(db).unwrap_or(Value::Null);
    if let (Value::Object(map), Some(chart)) = (&mut v, &o.chart) {
        map.insert("ok".into(), Value::Bool(true));
        map.insert(
            "comments".into(),
            serde_json::to_value(&chart.comments).unwrap_or(Value::Null),
        );
        map.insert(
            "directives".into(),
            serde_json::to_value(&chart.directives).unwrap_or(Value::Null),
        );
    }
    place_spans(&mut v, text, idx, o.base);
    v
}

fn error_json(
    text: &str,
    idx: &LineIndex,
    base: usize,
    e: &crate::syntax::error::SyntaxError,
) -> Value {
    let mut v = json!({
        "message": e.message,
        "span": span_json(text, idx, base, e.span.start, e.span.end),
        "help": e.help,
    });
    if let Value::Object(m) = &mut v {
        m.insert(
            "related".into(),
            Value::Array(
                e.related
                    .iter()
                    .map(|(s, note)| json!({"note": note, "span": span_json(text, idx, base, s.start, s.end)}))
                    .collect(),
            ),
        );
    }
    v
}
