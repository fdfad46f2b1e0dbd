//! The syntax layer: Mermaid flowchart text to a syntax tree with spans.
//!
//! The pipeline mirrors Mermaid's own: [`preprocess`] (front matter, directives, comments,
//! entity codes, with a map back to the original offsets), [`lexer`] (the jison lexer's token
//! stream), [`parser`] (the grammar, building [`ast`]).

pub mod ast;
mod blank;
pub mod error;
pub mod lexer;
pub mod parser;
pub mod preprocess;
pub mod shared_text;
pub mod token;
pub mod unicode;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::source::Span;
use crate::target::MermaidTarget;

use ast::{Comment, Directive, Flowchart, FrontMatter, Header, Statement};
use error::SyntaxError;
use preprocess::{DiagramType, Preprocessed};

/// Why a text could not be read as a flowchart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseFailure {
    /// The text is another kind of Mermaid diagram (`sequenceDiagram`, …).
    Unsupported {
        /// The diagram keyword.
        kind: String,
        /// Where the keyword is.
        span: Span,
    },
    /// The text is not a valid flowchart.
    Syntax(Vec<SyntaxError>),
}

impl ParseFailure {
    /// The failure as syntax errors, for reporting.
    pub fn errors(&self) -> Vec<SyntaxError> {
        match self {
            ParseFailure::Syntax(e) => e.clone(),
            ParseFailure::Unsupported { kind, span } => vec![SyntaxError::new(
                *span,
                format!("unsupported diagram type `{kind}`"),
                "not a flowchart",
            )
            .with_help(
                "topomaid reads flowcharts: start the diagram with `flowchart TD` or `graph LR`",
            )],
        }
    }
}

/// Parses one diagram's text (a whole `.mmd` file, or one fenced block) as the default
/// target, Mermaid 12, reads it.
pub fn parse(text: &str) -> Result<Flowchart, ParseFailure> {
    parse_for(text, MermaidTarget::default())
}

/// Parses one diagram's text as Mermaid `target` reads it.
pub fn parse_for(text: &str, target: MermaidTarget) -> Result<Flowchart, ParseFailure> {
    let (shared, pre) = prepare(text, target)?;
    let (result, errors) = parser::parse_text(&shared, &pre.map, target);
    assemble(pre, result, errors, target)
}

/// [`parse`] handing every top-level statement to `sink` as soon as the parser has read it
/// (a top-level `subgraph` once its `end` is read), in order, instead of keeping it in the
/// tree: the returned tree has an empty statement list and everything else [`parse`] gives
/// (header, comments, directives, front matter). A statement of more than a thousand links is
/// handed over in parts as it is read, each later part with an empty
/// [`first`](ast::VertexStatement::first) group: it starts where the part before ended. The errors are those of [`parse`]; when there
/// are any, `sink` may already have been given the statements before them and after them.
pub fn parse_streaming(text: &str, sink: impl FnMut(Statement)) -> Result<Flowchart, ParseFailure> {
    parse_streaming_for(text, MermaidTarget::default(), sink)
}

/// [`parse_streaming`] as Mermaid `target` reads the text.
pub fn parse_streaming_for(
    text: &str,
    target: MermaidTarget,
    sink: impl FnMut(Statement),
) -> Result<Flowchart, ParseFailure> {
    let (shared, pre) = prepare(text, target)?;
    let (result, errors) = parser::parse_text_streaming(&shared, &pre.map, target, sink);
    assemble(pre, result, errors, target)
}

/// Preprocesses `text` and checks that it is a flowchart: the text the parser reads, and the
/// rest of what preprocessing found.
fn prepare(text: &str, target: MermaidTarget) -> Result<(Arc<String>, Preprocessed), ParseFailure> {
    if text.len() >= crate::source::MAX_INPUT_LEN {
        return Err(ParseFailure::Syntax(vec![SyntaxError::new(
            Span::new(0, 0),
            "diagram too large (4 GiB or more)",
            "too large",
        )]));
    }
    let mut pre = preprocess::preprocess_for(text, target).map_err(|e| {
        ParseFailure::Syntax(vec![{
            let err = SyntaxError::new(Span::new(e.span.0, e.span.1), e.message, "here");
            match e.help {
                Some(h) => err.with_help(h),
                None => err,
            }
        }])
    })?;
    match &pre.diagram_type {
        DiagramType::Flowchart | DiagramType::FlowchartElk => {}
        DiagramType::Other(_) => {
            let start = pre.map.to_original(0);
            let body = &text[start..];
            let lead = body.len() - body.trim_start().len();
            let word = body
                .trim_start()
                .split(|c: char| c.is_whitespace() || c == ':' || c == ';')
                .next()
                .unwrap_or("");
            return Err(ParseFailure::Unsupported {
                kind: word.to_string(),
                span: Span::new(start + lead, start + lead + word.len()),
            });
        }
        DiagramType::Unknown => {
            let start = pre.map.to_original(0);
            let body = text[start..].trim_start();
            let error = if body.is_empty() {
                SyntaxError::new(
                    Span::new(0, 0),
                    "empty diagram: expected `graph` or `flowchart`",
                    "the diagram starts here",
                )
            } else {
                let at = text.len() - body.len();
                let word_len = body.find(lexer::is_js_space).unwrap_or(body.len());
                SyntaxError::new(
                    Span::new(at, at + word_len),
                    "no diagram type found: expected `graph` or `flowchart`",
                    "expected `graph` or `flowchart` here",
                )
            };
            return Err(ParseFailure::Syntax(vec![error.with_help(
                "start the diagram with a header such as `flowchart TD`",
            )]));
        }
    }
    let shared = Arc::new(std::mem::take(&mut pre.text));
    Ok((shared, pre))
}

/// The tree from the parser's header and statements and what preprocessing found, or the
/// parser's errors.
fn assemble(
    pre: Preprocessed,
    result: Option<(Header, Vec<Statement>)>,
    errors: Vec<SyntaxError>,
    target: MermaidTarget,
) -> Result<Flowchart, ParseFailure> {
    match result {
        Some((header, statements)) if errors.is_empty() => Ok(Flowchart {
            header,
            statements,
            comments: pre
                .comments
                .into_iter()
                .map(|c| Comment {
                    text: c.text,
                    span: Span::new(c.span.0, c.span.1),
                })
                .collect(),
            directives: pre
                .directives
                .into_iter()
                .map(|d| Directive {
                    name: d.name,
                    text: d.text,
                    span: Span::new(d.span.0, d.span.1),
                })
                .collect(),
            front_matter: pre.front_matter.map(|f| FrontMatter {
                title: f.title,
                yaml: f.yaml,
                span: Span::new(f.span.0, f.span.1),
            }),
            target,
        }),
        _ => Err(ParseFailure::Syntax(errors)),
    }
}
