//! The JSON form of `topomaid parse` (documented in docs/parse-json.md): Mermaid's model of
//! each diagram, plus the spans, raw labels and comments that topomaid keeps, streamed to the
//! writer without building an intermediate JSON tree.

use serde::Serialize;

use crate::flowdb::{Edge, FlowDb, SubgraphInfo, Vertex};
use crate::source::{LineIndex, Span};
use crate::syntax::ast::Flowchart;
use crate::syntax::ast::Name;
use crate::syntax::error::SyntaxError;

/// Turns diagram-relative spans into document positions.
#[derive(Clone, Copy)]
pub struct Positions<'a> {
    text: &'a str,
    index: &'a LineIndex,
    base: usize,
}

impl<'a> Positions<'a> {
    /// Positions for a diagram starting at byte `base` of document `text` (indexed by `index`).
    pub fn new(text: &'a str, index: &'a LineIndex, base: usize) -> Self {
        Positions { text, index, base }
    }

    /// The document position of a diagram-relative span.
    pub fn of(&self, span: Span) -> Position {
        let s = self
            .index
            .line_col(self.text, span.start as usize + self.base);
        let e = self
            .index
            .line_col(self.text, span.end as usize + self.base);
        Position {
            start: span.start as usize + self.base,
            end: span.end as usize + self.base,
            line: s.line,
            column: s.column,
            end_line: e.line,
            end_column: e.column,
        }
    }
}

/// A span as JSON: byte offsets into the document, and 1-based lines and character columns.
#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema)]
pub struct Position {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Line of `start`.
    pub line: usize,
    /// Column of `start`, in characters.
    pub column: usize,
    /// Line of `end`.
    pub end_line: usize,
    /// Column of `end`, in characters.
    pub end_column: usize,
}

/// A vertex in the output.
#[derive(Serialize)]
pub struct VertexOut<'a> {
    id: &'a str,
    text: &'a str,
    #[serde(rename = "labelType")]
    label_type: &'a str,
    #[serde(rename = "type")]
    shape: Option<&'a str>,
    classes: &'a [Name],
    styles: &'a [String],
    raw: Option<&'a str>,
    span: Position,
    label_span: Option<Position>,
    #[serde(skip_serializing_if = "Option::is_none")]
    link: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tooltip: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    icon: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    img: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    form: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pos: Option<&'a str>,
    #[serde(rename = "assetWidth", skip_serializing_if = "Option::is_none")]
    asset_width: Option<serde_json::Value>,
    #[serde(rename = "assetHeight", skip_serializing_if = "Option::is_none")]
    asset_height: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    constraint: Option<&'a str>,
}

impl<'a> VertexOut<'a> {
    fn new(v: &'a Vertex, p: Positions<'_>) -> Self {
        VertexOut {
            id: &v.id,
            text: &v.text,
            label_type: v.label_type.mermaid_name(),
            shape: v.shape.as_deref(),
            classes: &v.classes,
            styles: v.styles(),
            raw: v.raw_label(),
            span: p.of(v.span),
            label_span: v.label_span.map(|s| p.of(s)),
            link: v.link(),
            tooltip: v.tooltip(),
            icon: v.icon(),
            img: v.img(),
            form: v.form(),
            pos: v.pos(),
            asset_width: v.asset_width().and_then(js_number),
            asset_height: v.asset_height().and_then(js_number),
            constraint: v.constraint(),
        }
    }
}

/// A number as JavaScript's JSON writes it (`60`, not `60.0`); `None` for NaN and infinities.
fn js_number(v: f64) -> Option<serde_json::Value> {
    if !v.is_finite() {
        None
    } else if v.fract() == 0.0 && v.abs() < 9e15 {
        Some(serde_json::Value::from(v as i64))
    } else {
        serde_json::Number::from_f64(v).map(serde_json::Value::Number)
    }
}

/// An edge in the output.
#[derive(Serialize)]
pub struct EdgeOut<'a> {
    start: &'a str,
    end: &'a str,
    #[serde(rename = "type")]
    arrow: &'a str,
    stroke: &'a str,
    /// `null` for an `INVALID` arrow (mismatched ends), whose length Mermaid leaves undefined.
    length: Option<u8>,
    text: &'a str,
    #[serde(rename = "labelType")]
    label_type: &'a str,
    id: &'a str,
    style: &'a [String],
    classes: &'a [Name],
    #[serde(skip_serializing_if = "Option::is_none")]
    interpolate: Option<&'a str>,
    raw: Option<&'a str>,
    arrow_span: Position,
    span: Position,
}

impl<'a> EdgeOut<'a> {
    fn new(e: &'a Edge, p: Positions<'_>) -> Self {
        EdgeOut {
            start: &e.start,
            end: &e.end,
            arrow: e.arrow.mermaid_name(),
            stroke: e.stroke.mermaid_name(),
            length: (e.arrow != crate::syntax::ast::ArrowType::Invalid).then_some(e.length),
            text: e.text(),
            label_type: e.label_type.mermaid_name(),
            id: &e.id,
            style: e.style(),
            classes: e.classes(),
            interpolate: e.interpolate(),
            raw: e.raw_label(),
            arrow_span: p.of(e.arrow_span),
            span: p.of(e.span),
        }
    }
}

/// A subgraph in the output.
#[derive(Serialize)]
pub struct SubgraphOut<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(rename = "labelType")]
    label_type: &'a str,
    nodes: &'a [Name],
    dir: Option<&'a str>,
    classes: &'a [Name],
    span: Position,
}

impl<'a> SubgraphOut<'a> {
    fn new(s: &'a SubgraphInfo, p: Positions<'_>) -> Self {
        SubgraphOut {
            id: &s.id,
            title: &s.title,
            label_type: s.label_type.mermaid_name(),
            nodes: &s.nodes,
            dir: s.dir,
            classes: &s.classes,
            span: p.of(s.span),
        }
    }
}

/// A comment or directive in the output.
#[derive(Serialize)]
pub struct TextOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    text: &'a str,
    span: Position,
}

/// Class definitions in the output, in definition order.
pub struct ClassDefsOut<'a>(&'a [(Name, Vec<String>)]);

impl Serialize for ClassDefsOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// A list of the model written element by element as it is serialised, so that the output of a
/// large diagram never holds a second copy of the model.
pub struct ListOut<'a, T, O> {
    items: &'a [T],
    positions: Positions<'a>,
    view: fn(&'a T, Positions<'a>) -> O,
}

impl<'a, T, O> ListOut<'a, T, O> {
    fn new(items: &'a [T], positions: Positions<'a>, view: fn(&'a T, Positions<'a>) -> O) -> Self {
        ListOut {
            items,
            positions,
            view,
        }
    }
}

impl<T, O: Serialize> Serialize for ListOut<'_, T, O> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.items.iter().map(|x| (self.view)(x, self.positions)))
    }
}

/// A parsed diagram in the output.
#[derive(Serialize)]
pub struct ParsedOut<'a> {
    ok: bool,
    #[serde(rename = "type")]
    diagram_type: &'a str,
    direction: &'a str,
    vertices: ListOut<'a, Vertex, VertexOut<'a>>,
    edges: ListOut<'a, Edge, EdgeOut<'a>>,
    subgraphs: ListOut<'a, SubgraphInfo, SubgraphOut<'a>>,
    #[serde(rename = "classDefs")]
    class_defs: ClassDefsOut<'a>,
    #[serde(rename = "accTitle", skip_serializing_if = "Option::is_none")]
    acc_title: Option<&'a str>,
    #[serde(rename = "accDescr", skip_serializing_if = "Option::is_none")]
    acc_descr: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    comments: Vec<TextOut<'a>>,
    directives: Vec<TextOut<'a>>,
}

/// A related span of an error in the output.
#[derive(Serialize)]
pub struct RelatedOut<'a> {
    note: &'a str,
    span: Position,
}

/// An error in the output.
#[derive(Serialize)]
pub struct ErrorOut<'a> {
    message: &'a str,
    span: Position,
    help: Option<&'a str>,
    related: Vec<RelatedOut<'a>>,
}

/// One diagram of a file, as `topomaid parse --format json` prints it.
#[derive(Serialize)]
#[serde(untagged)]
pub enum DiagramJson<'a> {
    /// The model Mermaid builds.
    Parsed(Box<ParsedOut<'a>>),
    /// A Markdown block that is not a flowchart.
    Skipped {
        /// Always `false`.
        ok: bool,
        /// The diagram keyword.
        skipped: &'a str,
    },
    /// A diagram that could not be read.
    Failed {
        /// Always `false`.
        ok: bool,
        /// Why.
        errors: Vec<ErrorOut<'a>>,
    },
}

impl<'a> DiagramJson<'a> {
    /// The model of a parsed diagram.
    pub fn parsed(db: &'a FlowDb, chart: &'a Flowchart, p: Positions<'a>) -> Self {
        DiagramJson::Parsed(Box::new(ParsedOut {
            ok: true,
            diagram_type: &db.diagram_type,
            direction: &db.direction,
            vertices: ListOut::new(&db.vertices, p, VertexOut::new),
            edges: ListOut::new(&db.edges, p, EdgeOut::new),
            subgraphs: ListOut::new(&db.subgraphs, p, SubgraphOut::new),
            class_defs: ClassDefsOut(&db.class_defs),
            acc_title: db.acc_title.as_deref(),
            acc_descr: db.acc_descr.as_deref(),
            title: db.title.as_deref(),
            comments: chart
                .comments
                .iter()
                .map(|c| TextOut {
                    name: None,
                    text: &c.text,
                    span: p.of(c.span),
                })
                .collect(),
            directives: chart
                .directives
                .iter()
                .map(|d| TextOut {
                    name: Some(&d.name),
                    text: &d.text,
                    span: p.of(d.span),
                })
                .collect(),
        }))
    }

    /// A skipped Markdown block.
    pub fn skipped(kind: &'a str) -> Self {
        DiagramJson::Skipped {
            ok: false,
            skipped: kind,
        }
    }

    /// The errors of a diagram that did not parse.
    pub fn failed(errors: &'a [SyntaxError], p: Positions<'_>) -> Self {
        DiagramJson::Failed {
            ok: false,
            errors: errors
                .iter()
                .map(|e| ErrorOut {
                    message: &e.message,
                    span: p.of(e.span),
                    help: e.help.as_deref(),
                    related: e
                        .related
                        .iter()
                        .map(|(s, note)| RelatedOut {
                            note,
                            span: p.of(*s),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// One file, as `topomaid parse --format json` prints it.
#[derive(Serialize)]
pub struct FileJson<'a> {
    /// The path as given.
    pub file: &'a str,
    /// Its diagrams, in order.
    pub diagrams: Vec<DiagramJson<'a>>,
}
