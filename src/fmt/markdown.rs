//! Formatting the ```` ```mermaid ```` blocks of a Markdown document and nothing else.

use super::{DiagramFailure, FormatError, QuoteStyle, format_diagram_with, with_line_ends};
use crate::input::Document;
use crate::syntax::ParseFailure;

/// `doc` with each flowchart block formatted and indented like its opening fence; blocks of
/// other diagram kinds and every byte outside the blocks are kept as they were.
pub fn format_blocks(
    doc: &Document,
    crlf: bool,
    quote_style: QuoteStyle,
) -> Result<String, Vec<DiagramFailure>> {
    let mut out = String::with_capacity(doc.text.len());
    let mut failures = Vec::new();
    let mut copied = 0;
    for r in &doc.diagrams {
        let block = doc.diagram_text(r);
        match format_diagram_with(block, quote_style) {
            Ok(formatted) => {
                out.push_str(&doc.text[copied..r.start]);
                let indent = fence_indent(&doc.text, r.start);
                out.push_str(&with_line_ends(indented(&formatted, indent), crlf));
                copied = r.end;
            }
            Err(FormatError::Parse(ParseFailure::Unsupported { .. })) => {}
            Err(error) => failures.push(DiagramFailure {
                base: r.start,
                error,
            }),
        }
    }
    if !failures.is_empty() {
        return Err(failures);
    }
    out.push_str(&doc.text[copied..]);
    Ok(out)
}

/// The spaces and tabs before the opening fence of the block whose content starts at `start`.
fn fence_indent(text: &str, start: usize) -> &str {
    let fence_end = text[..start].trim_end_matches(['\n', '\r']).len();
    let line_start = text[..fence_end].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..fence_end];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

fn indented(text: &str, indent: &str) -> String {
    if indent.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for line in text.split_inclusive('\n') {
        if line != "\n" {
            out.push_str(indent);
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::DocumentKind;

    fn fmt(md: &str) -> String {
        let doc = Document::from_text("a.md", md.into(), DocumentKind::Markdown);
        format_blocks(&doc, super::super::uses_crlf(md), QuoteStyle::default()).expect("formats")
    }

    #[test]
    fn only_blocks_change() {
        let md = "# T  \n\ntext\t\n```mermaid\ngraph TD\nA-->B\n```\n\n```js\nA-->B\n```\nend  \n";
        assert_eq!(
            fmt(md),
            "# T  \n\ntext\t\n```mermaid\ngraph TD\n    A --> B\n```\n\n```js\nA-->B\n```\nend  \n"
        );
    }

    #[test]
    fn blocks_in_list_items_keep_their_indentation() {
        let md = "- item\n\n  ```mermaid\n  graph TD\n  A-->B\n\n  B-->C\n  ```\n";
        assert_eq!(
            fmt(md),
            "- item\n\n  ```mermaid\n  graph TD\n      A --> B\n\n      B --> C\n  ```\n"
        );
    }

    #[test]
    fn other_diagrams_are_left_alone() {
        let md = "```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n";
        assert_eq!(fmt(md), md);
    }

    #[test]
    fn crlf_markdown_keeps_crlf() {
        let md = "x\r\n```mermaid\r\ngraph TD\r\nA-->B\r\n```\r\n";
        assert_eq!(
            fmt(md),
            "x\r\n```mermaid\r\ngraph TD\r\n    A --> B\r\n```\r\n"
        );
    }

    #[test]
    fn a_broken_block_fails_the_whole_document() {
        let md = "```mermaid\ngraph TD\nA-->B\n```\n```mermaid\ngraph TD\nA[\n```\n";
        let doc = Document::from_text("a.md", md.into(), DocumentKind::Markdown);
        let failures = format_blocks(&doc, false, QuoteStyle::default()).unwrap_err();
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].base, md.find("graph TD\nA[").unwrap());
    }
}
