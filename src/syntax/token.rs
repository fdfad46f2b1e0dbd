//! The tokens of Mermaid's flowchart lexer, named as in its `flow.jison`.

/// One token: its kind and its byte range in the preprocessed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What the lexer recognised.
    pub kind: Tok,
    /// First byte in the preprocessed text.
    pub start: u32,
    /// One past the last byte in the preprocessed text.
    pub end: u32,
}

/// The token kinds; each corresponds to a terminal of Mermaid's grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Tok {
    /// `accTitle:`
    AccTitle,
    /// The text after `accTitle:`.
    AccTitleValue,
    /// `accDescr:`
    AccDescr,
    /// The text after `accDescr:`.
    AccDescrValue,
    /// The text inside `accDescr { … }`.
    AccDescrMultilineValue,
    /// `@{`, opening node or edge data.
    ShapeDataOpen,
    /// A piece of the data inside `@{ … }`, or one of its quotes.
    ShapeData,
    /// Text inside a quoted string within `@{ … }` (newlines become `<br/>`).
    ShapeDataStr,
    /// The function name after `click X call`.
    CallbackName,
    /// The arguments inside `call f(…)`.
    CallbackArgs,
    /// Text inside a markdown string.
    MdStr,
    /// Text inside a quoted string.
    Str,
    /// `style`
    Style,
    /// `default`
    Default,
    /// `linkStyle`
    LinkStyle,
    /// `interpolate`
    Interpolate,
    /// `classDef`
    ClassDef,
    /// `class`
    Class,
    /// `href`
    Href,
    /// The node id after `click`.
    Click,
    /// `graph`, `flowchart` or `flowchart-elk`.
    Graph,
    /// `subgraph`
    Subgraph,
    /// `end` (with the whitespace after it).
    End,
    /// `_self`, `_blank`, `_parent`, `_top`.
    LinkTarget,
    /// The end of the header line when it names no direction.
    NoDir,
    /// The direction after the header keyword.
    Dir,
    /// A whole `direction XX` line.
    DirectionTb,
    /// A whole `direction BT` line.
    DirectionBt,
    /// A whole `direction RL` line.
    DirectionRl,
    /// A whole `direction LR` line.
    DirectionLr,
    /// A whole `direction TD` line.
    DirectionTd,
    /// An edge id with its `@`, as in `e1@-->`.
    LinkId,
    /// Digits.
    Num,
    /// `#`
    Brkt,
    /// `:::`
    StyleSeparator,
    /// `:`
    Colon,
    /// `&`
    Amp,
    /// `;`
    Semi,
    /// `,`
    Comma,
    /// `*`
    Mult,
    /// A complete arrow (`-->`, `-.->`, `==>`, `~~~`, …).
    Link,
    /// The first half of an arrow with text inside (`--`, `-.`, `==`).
    StartLink,
    /// One piece of the text inside an arrow.
    EdgeText,
    /// `(-`
    EllipseStart,
    /// `-)`
    EllipseEnd,
    /// `([`
    StadiumStart,
    /// `])`
    StadiumEnd,
    /// `[[`
    SubroutineStart,
    /// `]]`
    SubroutineEnd,
    /// `[|`
    VertexWithPropsStart,
    /// `>`
    TagEnd,
    /// `<`
    TagStart,
    /// `[(`
    CylinderStart,
    /// `)]`
    CylinderEnd,
    /// `(((`
    DoubleCircleStart,
    /// `)))`
    DoubleCircleEnd,
    /// `[/`
    TrapStart,
    /// `[\`
    InvTrapStart,
    /// `\]` and its look-alikes, closing a trapezoid.
    TrapEnd,
    /// `/]`
    InvTrapEnd,
    /// Label text.
    Text,
    /// `^`
    Up,
    /// `\|`
    Sep,
    /// `v`
    Down,
    /// An identifier-like run of characters.
    NodeString,
    /// `-`
    Minus,
    /// One non-ASCII letter.
    UnicodeText,
    /// `|`
    Pipe,
    /// `(`
    Ps,
    /// `)`
    Pe,
    /// `[`
    Sqs,
    /// `]`
    Sqe,
    /// `{`
    DiamondStart,
    /// `}`
    DiamondStop,
    /// One or more line breaks.
    Newline,
    /// One whitespace character.
    Space,
    /// The end of the text, as a statement separator.
    Eof,
    /// After `Eof`: nothing more.
    EndOfInput,
    /// A character no lexer rule accepts here.
    Error,
}

impl Tok {
    /// How the token is named in messages to the user.
    pub fn describe(self) -> &'static str {
        use Tok::*;
        match self {
            AccTitle => "`accTitle:`",
            AccTitleValue | AccDescrValue | AccDescrMultilineValue => "accessibility text",
            AccDescr => "`accDescr:`",
            ShapeDataOpen => "`@{`",
            ShapeData | ShapeDataStr => "node data",
            CallbackName => "a callback name",
            CallbackArgs => "callback arguments",
            MdStr => "a markdown string",
            Str => "a quoted string",
            Style => "`style`",
            Default => "`default`",
            LinkStyle => "`linkStyle`",
            Interpolate => "`interpolate`",
            ClassDef => "`classDef`",
            Class => "`class`",
            Href => "`href`",
            Click => "a node id after `click`",
            Graph => "a diagram header",
            Subgraph => "`subgraph`",
            End => "`end`",
            LinkTarget => "a link target",
            NoDir => "a line break",
            Dir => "a direction",
            DirectionTb | DirectionBt | DirectionRl | DirectionLr | DirectionTd => {
                "a `direction` statement"
            }
            LinkId => "an edge id",
            Num => "a number",
            Brkt => "`#`",
            StyleSeparator => "`:::`",
            Colon => "`:`",
            Amp => "`&`",
            Semi => "`;`",
            Comma => "`,`",
            Mult => "`*`",
            Link => "an arrow",
            StartLink => "the start of an arrow with text",
            EdgeText => "arrow text",
            EllipseStart => "`(-`",
            EllipseEnd => "`-)`",
            StadiumStart => "`([`",
            StadiumEnd => "`])`",
            SubroutineStart => "`[[`",
            SubroutineEnd => "`]]`",
            VertexWithPropsStart => "`[|`",
            TagEnd => "`>`",
            TagStart => "`<`",
            CylinderStart => "`[(`",
            CylinderEnd => "`)]`",
            DoubleCircleStart => "`(((`",
            DoubleCircleEnd => "`)))`",
            TrapStart => "`[/`",
            InvTrapStart => "`[\\`",
            TrapEnd => "`\\]`",
            InvTrapEnd => "`/]`",
            Text => "text",
            Up => "`^`",
            Sep => "`\\|`",
            Down => "`v`",
            NodeString => "a name",
            Minus => "`-`",
            UnicodeText => "a letter",
            Pipe => "`|`",
            Ps => "`(`",
            Pe => "`)`",
            Sqs => "`[`",
            Sqe => "`]`",
            DiamondStart => "`{`",
            DiamondStop => "`}`",
            Newline => "a line break",
            Space => "a space",
            Eof | EndOfInput => "the end of the diagram",
            Error => "an unexpected character",
        }
    }
}
