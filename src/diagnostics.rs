//! Rendering findings and errors rustc-style: `file:line:column`, the message, the source line
//! with the offending part underlined, related places, and a help line.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use serde::Serialize;

use crate::lint::{Diagnostic, Severity};
use crate::source::{Fix, LineIndex, Span, floor_char_boundary};
use crate::syntax::error::SyntaxError;

/// One message to render, whatever produced it.
pub struct Report<'a> {
    /// How serious.
    pub severity: Severity,
    /// The rule id, shown as `warning[rule-id]`.
    pub code: Option<&'a str>,
    /// What is wrong.
    pub message: &'a str,
    /// Where, relative to the diagram.
    pub span: Span,
    /// The text under the underline.
    pub label: &'a str,
    /// Other places, with notes.
    pub related: Vec<(Span, &'a str)>,
    /// How to fix it.
    pub help: Option<&'a str>,
    /// An edit that fixes it.
    pub fix: Option<&'a Fix>,
}

impl<'a> Report<'a> {
    /// The report of a syntax error.
    pub fn from_error(e: &'a SyntaxError) -> Self {
        Report {
            severity: Severity::Error,
            code: None,
            message: &e.message,
            span: e.span,
            label: &e.label,
            related: e.related.iter().map(|(s, n)| (*s, n.as_str())).collect(),
            help: e.help.as_deref(),
            fix: e.fix.as_deref(),
        }
    }

    /// The report of a lint finding.
    pub fn from_diagnostic(d: &'a Diagnostic) -> Self {
        Report {
            severity: d.severity,
            code: Some(d.rule),
            message: &d.message,
            span: d.span,
            label: d.label.as_deref().unwrap_or(""),
            related: d
                .related
                .iter()
                .map(|r| (r.span, r.message.as_str()))
                .collect(),
            help: d.help.as_deref(),
            fix: d.fix.as_deref(),
        }
    }
}

/// Renders `report`, whose spans are relative to a diagram starting at byte `base` of `text`
/// (the whole document named `name`).
pub fn render(name: &str, text: &str, base: usize, report: &Report<'_>, color: bool) -> String {
    let fix = |s: Span| -> std::ops::Range<usize> {
        let start = shown_offset(text, s.start as usize + base);
        let end = shown_offset(text, s.end as usize + base).max(start);
        start..end
    };
    let mut snippet = Snippet::source(text).path(name).annotation(
        AnnotationKind::Primary
            .span(fix(report.span))
            .label(report.label),
    );
    for (span, note) in &report.related {
        snippet = snippet.annotation(AnnotationKind::Context.span(fix(*span)).label(*note));
    }
    let level = match report.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::NOTE,
    };
    let mut title = level.primary_title(report.message);
    if let Some(code) = report.code {
        title = title.id(code);
    }
    let mut groups = vec![title.element(snippet)];
    if let Some(help) = report.help {
        groups.push(Group::with_title(Level::HELP.secondary_title(help)));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&groups)
}

/// Where a message about byte `offset` of `text` is shown: on a character boundary, and never
/// past a final line break (no line follows it to point at).
fn shown_offset(text: &str, offset: usize) -> usize {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    if offset == text.len() && text.ends_with('\n') {
        offset - 1
    } else {
        offset
    }
}

/// Renders a syntax error (see [`render`]).
pub fn render_error(name: &str, text: &str, base: usize, err: &SyntaxError, color: bool) -> String {
    render(name, text, base, &Report::from_error(err), color)
}

/// `name:line:column: message`, the one-line form of an error.
pub fn one_line(name: &str, text: &str, base: usize, err: &SyntaxError) -> String {
    let idx = LineIndex::new(text);
    let lc = idx.line_col(text, shown_offset(text, err.span.start as usize + base));
    format!("{name}:{}:{}: {}", lc.line, lc.column, err.message)
}

/// The rule id of findings that are parse errors (in JSON, SARIF, GitLab and baselines).
pub const SYNTAX_RULE: &str = "syntax";

/// The rule id of a wrong `topomaid.toml`, reported once, at its place in that file; the files
/// it governs are not checked.
pub const CONFIG_RULE: &str = "config";

/// One finding as `check --format json` prints it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonDiagnostic<'a> {
    /// Rule id, or `syntax` for a parse error.
    pub rule: &'a str,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// What is wrong.
    pub message: &'a str,
    /// The file.
    pub file: &'a str,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (characters) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end.
    pub end_column: usize,
    /// How to fix it.
    pub help: Option<&'a str>,
    /// Other places involved.
    pub related: Vec<JsonRelated<'a>>,
    /// The edit that fixes it, when one is known (`check --fix` applies it when it is safe).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<JsonFix<'a>>,
}

/// A fix in JSON: what it does, whether it is certain, and its edits.
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonFix<'a> {
    /// What the fix does.
    pub message: &'a str,
    /// Whether `check --fix` applies it (otherwise only with `--unsafe-fixes`).
    pub safe: bool,
    /// The replacements, in text order.
    pub edits: Vec<JsonEdit<'a>>,
}

/// One replacement: the text from (line, column) to (end_line, end_column) becomes
/// `replacement` (1-based, columns in characters; an insertion when start and end are equal).
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonEdit<'a> {
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end.
    pub end_column: usize,
    /// The new text.
    pub replacement: &'a str,
}

/// A related place of a finding, in JSON.
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonRelated<'a> {
    /// What it is.
    pub message: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Builds the JSON form of one report.
pub fn json_diagnostic<'a>(
    file: &'a str,
    text: &str,
    idx: &LineIndex,
    base: usize,
    rule: &'a str,
    report: &Report<'a>,
) -> JsonDiagnostic<'a> {
    let at = |s: Span| {
        (
            idx.line_col(text, s.start as usize + base),
            idx.line_col(text, s.end as usize + base),
        )
    };
    let (s, e) = at(report.span);
    JsonDiagnostic {
        rule,
        severity: report.severity,
        message: report.message,
        file,
        line: s.line,
        column: s.column,
        end_line: e.line,
        end_column: e.column,
        help: report.help,
        related: report
            .related
            .iter()
            .map(|(span, message)| {
                let lc = idx.line_col(text, span.start as usize + base);
                JsonRelated {
                    message,
                    line: lc.line,
                    column: lc.column,
                }
            })
            .collect(),
        fix: report.fix.map(|f| JsonFix {
            message: &f.message,
            safe: f.safe,
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let (s, end) = at(e.span);
                    JsonEdit {
                        line: s.line,
                        column: s.column,
                        end_line: end.line,
                        end_column: end.column,
                        replacement: &e.replacement,
                    }
                })
                .collect(),
        }),
    }
}
