//! Rendering findings and errors rustc-style: `file:line:column`, the message, the source line
//! with the offending part underlined, related places, and a help line.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::lint::{Diagnostic, Severity};
use crate::source::{LineIndex, Span, floor_char_boundary};
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
    /// Places in other files (the infrastructure code `drift` compares with), with notes.
    pub elsewhere: Vec<(&'a crate::drift::Location, &'a str)>,
    /// How to fix it.
    pub help: Option<&'a str>,
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
            elsewhere: Vec::new(),
            help: e.help.as_deref(),
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
                .filter(|r| r.location.is_none())
                .map(|r| (r.span, r.message.as_str()))
                .collect(),
            elsewhere: d
                .related
                .iter()
                .filter_map(|r| r.location.as_ref().map(|l| (l, r.message.as_str())))
                .collect(),
            help: d.help.as_deref(),
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
    let mut group = title.element(snippet);
    for (loc, note) in &report.elsewhere {
        let start = loc
            .text
            .char_indices()
            .nth(loc.column.saturating_sub(1) as usize)
            .map_or(loc.text.len(), |(i, _)| i);
        let end = loc.text.trim_end().len().max(start);
        group = group.element(
            Snippet::source(loc.text.as_str())
                .path(loc.path.as_str())
                .line_start(loc.line as usize)
                .annotation(AnnotationKind::Context.span(start..end).label(*note)),
        );
    }
    let mut groups = vec![group];
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
