//! Running the syntax layer and Mermaid's model over every diagram of a document: the common
//! first step of `parse`, `check` and `explain`.

use crate::flowdb::FlowDb;
use crate::input::Document;
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
    doc.diagrams
        .iter()
        .map(|r| {
            let text = doc.diagram_text(r);
            let result = syntax::parse(text).and_then(|chart| match FlowDb::build(&chart) {
                Ok(db) => Ok((chart, db)),
                Err(e) => Err(ParseFailure::Syntax(vec![e])),
            });
            Diagram {
                base: r.start,
                text,
                result,
            }
        })
        .collect()
}
