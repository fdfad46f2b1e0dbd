//! Syntax errors: what went wrong, where, and how to fix it.

use serde::Serialize;

use crate::source::{Fix, Span};

/// An error found while reading a diagram, with a span into the original source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    /// One line saying what is wrong, e.g. "expected `]` to close the label, found `(`".
    pub message: String,
    /// The offending source range.
    pub span: Span,
    /// A short text shown under the underline.
    pub label: String,
    /// How to fix it, when we know.
    pub help: Option<String>,
    /// Other places that explain the error (e.g. where an unclosed subgraph was opened).
    pub related: Vec<(Span, String)>,
    /// An edit that repairs it, when one is known (`check --fix`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Box<Fix>>,
}

impl SyntaxError {
    /// An error at `span` with `message` and underline text `label`.
    pub fn new(span: Span, message: impl Into<String>, label: impl Into<String>) -> Self {
        SyntaxError {
            message: message.into(),
            span,
            label: label.into(),
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    /// The same error with a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same error with a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    /// The same error pointing also at `span`, explained by `note`.
    pub fn with_related(mut self, span: Span, note: impl Into<String>) -> Self {
        self.related.push((span, note.into()));
        self
    }
}

impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SyntaxError {}
