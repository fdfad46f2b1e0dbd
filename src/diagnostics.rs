//! Rendering syntax errors rustc-style: `file:line:column`, the message, the source line with
//! the offending part underlined, and a help line.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::source::{LineIndex, Span, floor_char_boundary};
use crate::syntax::error::SyntaxError;

/// Renders `err`, whose spans are relative to a diagram starting at byte `base` of `text`
/// (the whole document named `name`).
pub fn render_error(name: &str, text: &str, base: usize, err: &SyntaxError, color: bool) -> String {
    let fix = |s: Span| -> std::ops::Range<usize> {
        let start = floor_char_boundary(text, (s.start + base).min(text.len()));
        let mut end = floor_char_boundary(text, (s.end + base).min(text.len()));
        if end < start {
            end = start;
        }
        start..end
    };
    let mut snippet = Snippet::source(text).path(name).annotation(
        AnnotationKind::Primary
            .span(fix(err.span))
            .label(err.label.as_str()),
    );
    for (span, note) in &err.related {
        snippet = snippet.annotation(
            AnnotationKind::Context
                .span(fix(*span))
                .label(note.as_str()),
        );
    }
    let mut report = vec![
        Level::ERROR
            .primary_title(err.message.as_str())
            .element(snippet),
    ];
    if let Some(help) = &err.help {
        report.push(Group::with_title(
            Level::HELP.secondary_title(help.as_str()),
        ));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&report)
}

/// `name:line:column: message`, the one-line form of an error.
pub fn one_line(name: &str, text: &str, base: usize, err: &SyntaxError) -> String {
    let idx = LineIndex::new(text);
    let lc = idx.line_col(text, err.span.start + base);
    format!("{name}:{}:{}: {}", lc.line, lc.column, err.message)
}
