//! Running the syntax layer and Mermaid's model over every diagram of a document: the common
//! first step of `parse`, `check` and `explain`.

use crate::flowdb::{FlowDb, FlowDbBuilder};
use crate::input::Document;
use crate::source::Span;
use crate::syntax::{self, ParseFailure, ast::Flowchart};

/// One diagram of a document, read as far as it goes.
pub struct Diagram<'d> {
    /// Byte offset of the diagram in its document.
    pub base: usize,
    /// The diagram's text.
    pub text: &'d str,
    /// The syntax tree and Mermaid's model, or why there are none.
    pub result: Result<(Flowchart, FlowDb), ParseFailure>,
}

/// Parses every diagram of `doc` and builds Mermaid's model of each.
pub fn read_diagrams(doc: &Document) -> Vec<Diagram<'_>> {
    read_with(doc, |text| {
        let chart = syntax::parse(text)?;
        match FlowDb::build(&chart) {
            Ok(db) => Ok((chart, db)),
            Err(e) => Err(ParseFailure::Syntax(vec![e])),
        }
    })
}

/// [`read_diagrams`] for callers that need Mermaid's model and, of the syntax tree, only its
/// header, comments, directives and front matter (`topomaid parse`): each top-level statement
/// is folded into the model as soon as the parser has read it and then dropped
/// ([`syntax::parse_streaming`] into a [`FlowDbBuilder`]), so the statements never exist as one
/// tree and each returned tree has an empty statement list. Errors are those of
/// [`read_diagrams`]: the syntax errors when there are any, else the first model error.
pub fn read_models(doc: &Document) -> Vec<Diagram<'_>> {
    read_with(doc, |text| {
        let mut builder = FlowDbBuilder::for_text(text.len());
        let chart = syntax::parse_streaming(text, |s| builder.push(s))?;
        match builder.finish(&chart) {
            Ok(db) => Ok((chart, db)),
            Err(e) => Err(ParseFailure::Syntax(vec![e])),
        }
    })
}

fn read_with(
    doc: &Document,
    read: impl Fn(&str) -> Result<(Flowchart, FlowDb), ParseFailure>,
) -> Vec<Diagram<'_>> {
    doc.diagrams
        .iter()
        .map(|r| {
            let text = doc.diagram_text(r);
            let result = read(text);
            Diagram {
                base: r.start,
                text,
                result,
            }
        })
        .collect()
}

/// What the commands do with a valid diagram of another type (`sequenceDiagram`, `erDiagram`,
/// …): `other-diagrams` in `topomaid.toml`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OtherDiagrams {
    /// Skip it with a note naming its type (the default).
    #[default]
    Skip,
    /// Report it as an error, for projects that keep only flowcharts.
    Error,
}

/// The diagram keyword and its span (in the diagram's text) when `result` failed only because
/// the text is a valid diagram of another type and `policy` skips those.
pub fn skipped<T>(result: &Result<T, ParseFailure>, policy: OtherDiagrams) -> Option<(&str, Span)> {
    match (result, policy) {
        (Err(ParseFailure::Unsupported { kind, span }), OtherDiagrams::Skip) => {
            Some((kind.as_str(), *span))
        }
        _ => None,
    }
}
