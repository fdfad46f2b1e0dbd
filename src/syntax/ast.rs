//! The syntax tree of a Mermaid flowchart: every statement as written, with byte spans into the
//! original source (not the preprocessed text), plus the comments and directives around them.

use crate::target::MermaidTarget;
use compact_str::CompactString;
use serde::Serialize;
use smallvec::SmallVec;

use super::shared_text::SharedText;
use crate::source::Span;

/// A short name (node id, class name): stored inline when it is short, as most are.
pub type Name = CompactString;

/// The nodes joined by `&` on one side of a link; almost always a single node.
pub type NodeGroup = SmallVec<[NodeRef; 1]>;

/// A value and the source range it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

/// A whole flowchart diagram.
#[derive(Debug, Clone, Serialize)]
pub struct Flowchart {
    /// The `graph` / `flowchart` line.
    pub header: Header,
    /// The top-level statements, in source order.
    pub statements: Vec<Statement>,
    /// Every `%%` comment line, in source order.
    pub comments: Vec<Comment>,
    /// Every `%%{ … }%%` directive, in source order.
    pub directives: Vec<Directive>,
    /// The YAML front matter, when there is one.
    pub front_matter: Option<FrontMatter>,
    /// The Mermaid release the text was read as; the model is built by its rules.
    #[serde(skip)]
    pub target: MermaidTarget,
}

/// The diagram header keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HeaderKeyword {
    /// `graph`
    Graph,
    /// `flowchart`
    Flowchart,
    /// `flowchart-elk`
    FlowchartElk,
    /// `swimlane-beta`, Mermaid's swimlane variant of the flowchart.
    SwimlaneBeta,
}

/// The first line: keyword and optional direction.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    /// Which keyword opened the diagram.
    pub keyword: HeaderKeyword,
    /// The direction as written (`TD`, `LR`, `>`, …), when there is one.
    pub direction: Option<Spanned<String>>,
    /// The keyword and direction.
    pub span: Span,
}

/// A `%%` comment line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// The text after `%%` (the comments of a diagram share one buffer).
    pub text: SharedText,
    /// From `%%` to the end of the line.
    pub span: Span,
}

/// A `%%{ name: … }%%` directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Directive {
    /// Its name, such as `init`.
    pub name: String,
    /// The whole directive as written.
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// YAML front matter between `---` lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrontMatter {
    /// The `title:` value.
    pub title: Option<String>,
    /// The YAML text.
    pub yaml: String,
    /// From the first `---` to the last.
    pub span: Span,
}

/// One statement.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Statement {
    /// Nodes, optionally chained by links: `A --> B & C` (held inline: most statements are these).
    Vertex(VertexStatement),
    /// `subgraph … end`.
    Subgraph(Box<Subgraph>),
    /// `direction LR` inside a subgraph.
    Direction(DirectionStatement),
    /// `classDef name styles`.
    ClassDef(Box<ClassDef>),
    /// `class ids name`.
    Class(Box<ClassAssign>),
    /// `style id styles`.
    Style(Box<StyleStatement>),
    /// `linkStyle indices styles`.
    LinkStyle(Box<LinkStyle>),
    /// `click id …`.
    Click(Box<Click>),
    /// `accTitle: …`.
    AccTitle(Spanned<String>),
    /// `accDescr: …` or `accDescr { … }`.
    AccDescr(Spanned<String>),
    /// A `;` with nothing before it.
    Empty(Span),
}

impl Statement {
    /// Where the statement was written.
    pub fn span(&self) -> Span {
        match self {
            Statement::Vertex(s) => s.span,
            Statement::Subgraph(s) => s.span,
            Statement::Direction(s) => s.span,
            Statement::ClassDef(s) => s.span,
            Statement::Class(s) => s.span,
            Statement::Style(s) => s.span,
            Statement::LinkStyle(s) => s.span,
            Statement::Click(s) => s.span,
            Statement::AccTitle(s) | Statement::AccDescr(s) => s.span,
            Statement::Empty(s) => *s,
        }
    }
}

/// A chain of node groups joined by links.
#[derive(Debug, Clone, Serialize)]
pub struct VertexStatement {
    /// The first group; empty only in a later part of a statement handed over in parts (see
    /// [`crate::syntax::parse_streaming`]), which starts at the group the part before ended
    /// with.
    pub first: NodeGroup,
    /// Each following link and the group it leads to.
    pub chain: Vec<(Link, NodeGroup)>,
    /// The whole statement.
    pub span: Span,
}

/// One mention of a node, with whatever the mention adds to it.
#[derive(Debug, Clone, Serialize)]
pub struct NodeRef {
    /// The node id.
    pub id: Spanned<Name>,
    /// The shape and label, when written here.
    pub shape: Option<Box<ShapeLabel>>,
    /// The class after `:::`.
    pub class: Option<Box<Spanned<Name>>>,
    /// The `@{ … }` data after the node.
    pub data: Option<Box<NodeData>>,
    /// The whole mention.
    pub span: Span,
}

/// The bracket shapes of the classic syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// `[text]`
    Square,
    /// `(text)`
    Round,
    /// `((text))`
    Circle,
    /// `(((text)))`
    Doublecircle,
    /// `(-text-)`
    Ellipse,
    /// `([text])`
    Stadium,
    /// `[[text]]`
    Subroutine,
    /// `[(text)]`
    Cylinder,
    /// `{text}`
    Diamond,
    /// `{{text}}`
    Hexagon,
    /// `>text]`
    Odd,
    /// `[/text\]`
    Trapezoid,
    /// `[\text/]`
    InvTrapezoid,
    /// `[/text/]`
    LeanRight,
    /// `[\text\]`
    LeanLeft,
    /// `[|field:value|text]`
    Rect,
}

impl Shape {
    /// The name Mermaid stores for the shape.
    pub fn mermaid_name(self) -> &'static str {
        match self {
            Shape::Square => "square",
            Shape::Round => "round",
            Shape::Circle => "circle",
            Shape::Doublecircle => "doublecircle",
            Shape::Ellipse => "ellipse",
            Shape::Stadium => "stadium",
            Shape::Subroutine => "subroutine",
            Shape::Cylinder => "cylinder",
            Shape::Diamond => "diamond",
            Shape::Hexagon => "hexagon",
            Shape::Odd => "odd",
            Shape::Trapezoid => "trapezoid",
            Shape::InvTrapezoid => "inv_trapezoid",
            Shape::LeanRight => "lean_right",
            Shape::LeanLeft => "lean_left",
            Shape::Rect => "rect",
        }
    }
}

/// A shape with its label, as in `A[label]`.
#[derive(Debug, Clone, Serialize)]
pub struct ShapeLabel {
    /// Which brackets.
    pub shape: Shape,
    /// The text between them.
    pub label: Label,
    /// `field:value` of the `[|field:value|text]` form (rare, so boxed).
    pub props: Option<Box<(String, String)>>,
    /// From the opening to the closing bracket.
    pub span: Span,
}

/// How a label was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    /// Bare text.
    Text,
    /// A `"quoted"` string.
    String,
    /// A `` "`markdown`" `` string.
    Markdown,
}

impl LabelKind {
    /// The `labelType` Mermaid stores.
    pub fn mermaid_name(self) -> &'static str {
        match self {
            LabelKind::Text => "text",
            LabelKind::String => "string",
            LabelKind::Markdown => "markdown",
        }
    }
}

/// Label text: as Mermaid's lexer delivers it (quotes and backticks removed, nothing trimmed),
/// and the source range of the content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// The text (most often a slice of the diagram text, shared with the other labels).
    pub text: SharedText,
    /// Bare, quoted or markdown.
    pub kind: LabelKind,
    /// Where the text was written.
    pub span: Span,
}

/// The `@{ … }` data of a node or edge: YAML as Mermaid reassembles it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NodeData {
    /// The content between the braces, as Mermaid passes it to its YAML reader.
    pub yaml: String,
    /// From `@{` to `}`.
    pub span: Span,
}

/// An arrow's head type, as Mermaid names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArrowType {
    /// `-->`
    ArrowPoint,
    /// `---`
    ArrowOpen,
    /// `--x`
    ArrowCross,
    /// `--o`
    ArrowCircle,
    /// `<-->`
    DoubleArrowPoint,
    /// `x--x`
    DoubleArrowCross,
    /// `o--o`
    DoubleArrowCircle,
    /// Start and end of a text arrow disagree (`x-- a -->`).
    Invalid,
}

impl ArrowType {
    /// The `type` Mermaid stores.
    pub fn mermaid_name(self) -> &'static str {
        match self {
            ArrowType::ArrowPoint => "arrow_point",
            ArrowType::ArrowOpen => "arrow_open",
            ArrowType::ArrowCross => "arrow_cross",
            ArrowType::ArrowCircle => "arrow_circle",
            ArrowType::DoubleArrowPoint => "double_arrow_point",
            ArrowType::DoubleArrowCross => "double_arrow_cross",
            ArrowType::DoubleArrowCircle => "double_arrow_circle",
            ArrowType::Invalid => "INVALID",
        }
    }
}

/// An arrow's line style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stroke {
    /// `--`
    Normal,
    /// `==`
    Thick,
    /// `-.-`
    Dotted,
    /// `~~~`
    Invisible,
    /// Start and end of a text arrow disagree (`-- a ==>`).
    Invalid,
}

impl Stroke {
    /// The `stroke` Mermaid stores.
    pub fn mermaid_name(self) -> &'static str {
        match self {
            Stroke::Normal => "normal",
            Stroke::Thick => "thick",
            Stroke::Dotted => "dotted",
            Stroke::Invisible => "invisible",
            Stroke::Invalid => "INVALID",
        }
    }
}

/// A link between node groups.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Head type.
    pub arrow: ArrowType,
    /// Line style.
    pub stroke: Stroke,
    /// Length (1 for `-->`, 2 for `--->`, …), before Mermaid caps it at 10.
    pub length: usize,
    /// The text on the arrow, from `|text|` or `-- text -->`.
    pub text: Option<Label>,
    /// The edge id before `@`.
    pub id: Option<Box<Spanned<Name>>>,
    /// The arrow itself (for `-- text -->`, from the first dash to the head).
    pub arrow_span: Span,
    /// The whole link, text included.
    pub span: Span,
}

/// `subgraph id [title] … end`.
#[derive(Debug, Clone, Serialize)]
pub struct Subgraph {
    /// What follows `subgraph` (the id, or a title that serves as id).
    pub head: Option<Label>,
    /// The title in brackets after the id.
    pub title: Option<Label>,
    /// The statements inside.
    pub body: Vec<Statement>,
    /// From `subgraph` to `end`.
    pub span: Span,
}

/// `direction XX` inside a subgraph.
#[derive(Debug, Clone, Serialize)]
pub struct DirectionStatement {
    /// `TB`, `BT`, `RL`, `LR` or `TD`.
    pub direction: &'static str,
    /// The whole line.
    pub span: Span,
}

/// `classDef names styles`.
#[derive(Debug, Clone, Serialize)]
pub struct ClassDef {
    /// The class names (comma-separated when several).
    pub names: Spanned<Name>,
    /// The style declarations, split at commas as Mermaid's grammar does.
    pub styles: Vec<Spanned<SharedText>>,
    /// The whole statement.
    pub span: Span,
}

/// `class ids name`.
#[derive(Debug, Clone, Serialize)]
pub struct ClassAssign {
    /// The node ids (comma-separated when several).
    pub ids: Spanned<Name>,
    /// The class name.
    pub class: Spanned<Name>,
    /// The whole statement.
    pub span: Span,
}

/// `style id styles`.
#[derive(Debug, Clone, Serialize)]
pub struct StyleStatement {
    /// The node id.
    pub id: Spanned<Name>,
    /// The style declarations.
    pub styles: Vec<Spanned<SharedText>>,
    /// The whole statement.
    pub span: Span,
}

/// Which links a `linkStyle` applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkStyleTarget {
    /// `default`
    Default,
    /// Link indices, as written.
    Indices(Vec<Spanned<String>>),
}

/// `linkStyle targets [interpolate curve] [styles]`.
#[derive(Debug, Clone, Serialize)]
pub struct LinkStyle {
    /// The links.
    pub target: LinkStyleTarget,
    /// The curve after `interpolate`.
    pub interpolate: Option<Spanned<String>>,
    /// The style declarations.
    pub styles: Vec<Spanned<SharedText>>,
    /// The whole statement.
    pub span: Span,
}

/// What a click does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClickAction {
    /// Calls a JavaScript function.
    Callback {
        /// Function name.
        name: String,
        /// The raw argument list, when written.
        args: Option<String>,
    },
    /// Opens a link.
    Href {
        /// The URL.
        url: String,
    },
}

/// `click id …`.
#[derive(Debug, Clone, Serialize)]
pub struct Click {
    /// The node id(s).
    pub id: Spanned<String>,
    /// The action.
    pub action: ClickAction,
    /// The tooltip string.
    pub tooltip: Option<String>,
    /// `_self`, `_blank`, `_parent` or `_top`.
    pub target: Option<String>,
    /// The whole statement.
    pub span: Span,
}
