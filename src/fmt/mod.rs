//! `topomaid fmt`: Mermaid flowcharts in one canonical style (docs/formatting.md).
//!
//! [`format_diagram`] prints a diagram from its syntax tree ([`printer`], with [`label`]
//! deciding quotes) and then checks its own work: the output must parse to the same meaning
//! ([`meaning`]) or nothing is returned. [`format_document`] does this for every diagram of a
//! file (the fenced blocks of Markdown, see [`markdown`]) and keeps the file's line endings;
//! [`write`] replaces a file safely and [`command`] is the command line.

mod label;
pub mod markdown;
pub mod meaning;
mod printer;
pub mod udiff;
pub mod write;

pub use label::QuoteStyle;

use crate::flowdb::{FlowDb, FlowDbBuilder};
use crate::input::{Document, DocumentKind};
use crate::syntax::{self, ParseFailure, ast::Flowchart};
use crate::target::MermaidTarget;

/// Why a diagram was not formatted.
#[derive(Debug, Clone)]
pub enum FormatError {
    /// The diagram does not parse (or Mermaid's model of it cannot be built).
    Parse(ParseFailure),
    /// The formatted text would not mean the same as the original: a bug in the formatter,
    /// caught before anything was written.
    MeaningChanged(String),
}

/// The canonical text of one diagram (a whole `.mmd` file, or one Markdown block), with `\n`
/// line ends, in the default quote style, as Mermaid 12 reads it; the result parses to the
/// same meaning as `text`.
pub fn format_diagram(text: &str) -> Result<String, FormatError> {
    format_diagram_as(text, MermaidTarget::default(), QuoteStyle::default())
}

/// [`format_diagram`] for Mermaid `target`: the text is read, and the meaning kept, as that
/// release reads it.
pub fn format_diagram_for(text: &str, target: MermaidTarget) -> Result<String, FormatError> {
    format_diagram_as(text, target, QuoteStyle::default())
}

/// [`format_diagram`] with labels quoted as `quote_style` says.
pub fn format_diagram_with(text: &str, quote_style: QuoteStyle) -> Result<String, FormatError> {
    format_diagram_as(text, MermaidTarget::default(), quote_style)
}

/// [`format_diagram`] for Mermaid `target`, with labels quoted as `quote_style` says.
pub fn format_diagram_as(
    text: &str,
    target: MermaidTarget,
    quote_style: QuoteStyle,
) -> Result<String, FormatError> {
    let (bom, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", text),
    };
    // The printer reads the tree; the meaning check reads the models and, of the trees, only
    // comments, directives and front matter. So the statements are folded into the model as
    // the model is built (each dropped once read), and the printed text is read straight into
    // its model: never two trees, nor a tree beside both models.
    let mut chart = syntax::parse_for(body, target).map_err(FormatError::Parse)?;
    let printed = printer::print(body, &chart, quote_style);
    let statements = std::mem::take(&mut chart.statements);
    let db = FlowDb::build_owned(&chart, statements)
        .map_err(|e| FormatError::Parse(ParseFailure::Syntax(vec![e])))?;
    let (chart2, db2) = read_streaming(&printed, target).map_err(|f| {
        let first = f.errors().into_iter().next().map(|e| e.message);
        FormatError::MeaningChanged(format!(
            "the formatted text does not parse: {}",
            first.unwrap_or_default()
        ))
    })?;
    if let Some(d) = meaning::difference((&chart, &db), (&chart2, &db2)) {
        return Err(FormatError::MeaningChanged(d));
    }
    if bom.is_empty() {
        return Ok(printed);
    }
    Ok(format!("{bom}{printed}"))
}

/// The model of `text`, each statement folded into it as soon as it is read, and the tree
/// without its statements.
fn read_streaming(text: &str, target: MermaidTarget) -> Result<(Flowchart, FlowDb), ParseFailure> {
    let mut builder = FlowDbBuilder::for_text(text.len()).with_target(target);
    let chart = syntax::parse_streaming_for(text, target, |s| builder.push(s))?;
    let db = builder
        .finish(&chart)
        .map_err(|e| ParseFailure::Syntax(vec![e]))?;
    Ok((chart, db))
}

/// A diagram of a document that could not be formatted.
#[derive(Debug, Clone)]
pub struct DiagramFailure {
    /// Byte offset of the diagram in its document.
    pub base: usize,
    /// Why.
    pub error: FormatError,
}

/// The whole document with every diagram formatted, in the document's line endings; Markdown
/// outside the `mermaid` blocks, and blocks that hold other kinds of diagram, are kept byte for
/// byte. Fails, with every diagram that could not be formatted, if any could not.
pub fn format_document(doc: &Document) -> Result<String, Vec<DiagramFailure>> {
    format_document_as(doc, MermaidTarget::default(), QuoteStyle::default())
}

/// [`format_document`] for Mermaid `target`.
pub fn format_document_for(
    doc: &Document,
    target: MermaidTarget,
) -> Result<String, Vec<DiagramFailure>> {
    format_document_as(doc, target, QuoteStyle::default())
}

/// [`format_document`] with labels quoted as `quote_style` says.
pub fn format_document_with(
    doc: &Document,
    quote_style: QuoteStyle,
) -> Result<String, Vec<DiagramFailure>> {
    format_document_as(doc, MermaidTarget::default(), quote_style)
}

/// [`format_document`] for Mermaid `target`, with labels quoted as `quote_style` says.
pub fn format_document_as(
    doc: &Document,
    target: MermaidTarget,
    quote_style: QuoteStyle,
) -> Result<String, Vec<DiagramFailure>> {
    let crlf = uses_crlf(&doc.text);
    match doc.kind {
        DocumentKind::Mermaid => format_diagram_as(&doc.text, target, quote_style)
            .map(|t| with_line_ends(t, crlf))
            .map_err(|error| vec![DiagramFailure { base: 0, error }]),
        DocumentKind::Markdown => markdown::format_blocks(doc, crlf, target, quote_style),
    }
}

/// Whether the text's first line ends with `\r\n`.
pub fn uses_crlf(text: &str) -> bool {
    text.find('\n').is_some_and(|i| text[..i].ends_with('\r'))
}

/// `text` (with `\n` line ends) with `\r\n` line ends when `crlf` is set.
pub fn with_line_ends(text: String, crlf: bool) -> String {
    if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        format_diagram(text).unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn one_statement_per_line_indented_by_depth() {
        let out = fmt("graph LR\nA-->B;B-->C\nsubgraph s [S]\nC --> D\nend\n");
        assert_eq!(
            out,
            "graph LR\n    A --> B\n    B --> C\n    subgraph s [S]\n        C --> D\n    end\n"
        );
    }

    #[test]
    fn text_arrows_become_piped_labels() {
        assert_eq!(
            fmt("graph TD\nA -- a label --> B\nC -. dotted .-> D\nE == thick ==> F\n"),
            "graph TD\n    A -->|a label| B\n    C -.->|dotted| D\n    E ==>|thick| F\n"
        );
    }

    #[test]
    fn quote_styles() {
        let src = "graph TD\nA[\"Web\"] --> B[\"a (b)\"]\nC -->|\"x\"| D[Data store]\n";
        let with = |style| format_diagram_with(src, style).expect("formats");
        // By default the author's quotes stay, and none are added where none are needed.
        assert_eq!(
            fmt(src),
            "graph TD\n    A[\"Web\"] --> B[\"a (b)\"]\n    C -->|\"x\"| D[Data store]\n"
        );
        assert_eq!(
            with(QuoteStyle::Minimal),
            "graph TD\n    A[Web] --> B[\"a (b)\"]\n    C -->|x| D[Data store]\n"
        );
        assert_eq!(
            with(QuoteStyle::Always),
            "graph TD\n    A[Web] --> B[\"a (b)\"]\n    C -->|x| D[\"Data store\"]\n"
        );
    }

    #[test]
    fn comments_and_blank_line_groups_stay() {
        let src = "%% before\ngraph TD\n%% one\nA-->B\n\n\n  %% two  \nB-->C\nsubgraph s\n\nC\n%% last in s\n\nend\n%% tail\n";
        assert_eq!(
            fmt(src),
            "%% before\ngraph TD\n    %% one\n    A --> B\n\n    %% two\n    B --> C\n    subgraph s\n        C\n        %% last in s\n    end\n    %% tail\n"
        );
    }

    #[test]
    fn a_suppressed_line_stays_one_line() {
        let src = "graph TD\n%% topomaid-ignore isolated-node: spare\nA;B\nC;D\n";
        assert_eq!(
            fmt(src),
            "graph TD\n    %% topomaid-ignore isolated-node: spare\n    A; B\n    C\n    D\n"
        );
    }

    #[test]
    fn front_matter_and_directives_come_first() {
        let src = "---\ntitle: T\n---\ngraph TD\n%%{init: {\"theme\": \"dark\"}}%%\nA\n";
        assert_eq!(
            fmt(src),
            "---\ntitle: T\n---\n%%{init: {\"theme\": \"dark\"}}%%\ngraph TD\n    A\n"
        );
    }

    #[test]
    fn crlf_and_bom_are_kept() {
        let doc = Document::from_text(
            "a.mmd",
            "\u{feff}graph TD\r\nA-->B\r\n".into(),
            DocumentKind::Mermaid,
        );
        assert_eq!(
            format_document(&doc).unwrap(),
            "\u{feff}graph TD\r\n    A --> B\r\n"
        );
    }

    #[test]
    fn parse_errors_are_reported_not_formatted() {
        assert!(matches!(
            format_diagram("graph TD\nA[unclosed\n"),
            Err(FormatError::Parse(_))
        ));
    }
}
