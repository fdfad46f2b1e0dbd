//! Running the syntax layer and Mermaid's model over every diagram of a document: the common
//! first step of `parse`, `check` and `explain`.

use crate::flowdb::FlowDb;
use crate::input::Document;
use crate::syntax::{self, ParseFailure, ast::Flowchart, error::SyntaxError};

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
    read_with(doc, |chart| FlowDb::build(&chart).map(|db| (chart, db)))
}

/// [`read_diagrams`] for callers that need Mermaid's model and, of the syntax tree, only its
/// header, comments, directives and front matter (`topomaid parse`): the statements are
/// dropped one by one while the model is built ([`FlowDb::build_owned`]), so each returned
/// tree has an empty statement list.
pub fn read_models(doc: &Document) -> Vec<Diagram<'_>> {
    read_with(doc, |mut chart| {
        let statements = std::mem::take(&mut chart.statements);
        FlowDb::build_owned(&chart, statements).map(|db| (chart, db))
    })
}

fn read_with(
    doc: &Document,
    build: impl Fn(Flowchart) -> Result<(Flowchart, FlowDb), SyntaxError>,
) -> Vec<Diagram<'_>> {
    doc.diagrams
        .iter()
        .map(|r| {
            let text = doc.diagram_text(r);
            let result = syntax::parse(text)
                .and_then(|chart| build(chart).map_err(|e| ParseFailure::Syntax(vec![e])));
            Diagram {
                base: r.start,
                text,
                result,
            }
        })
        .collect()
}
