//! The flowchart as Mermaid's `FlowDB` builds it from the syntax tree: vertices, edges,
//! subgraphs and class definitions, with Mermaid's ordering, defaults and sanitising, so that
//! `topomaid parse` agrees with the real Mermaid. Spans and raw labels are kept besides.

pub(crate) mod index;
pub mod node_data;
pub mod sanitize;
mod shape_names;
pub mod shapes;

use rustc_hash::FxHashSet as HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use index::{MemberSet, NameIndex, PairCounts};

use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::error::SyntaxError;
use crate::syntax::shared_text::SharedText;
use crate::target::MermaidTarget;

/// A node as Mermaid stores it.
#[derive(Debug, Clone)]
pub struct Vertex {
    /// The node id.
    pub id: Name,
    /// The label after Mermaid's sanitising (the id when no label was given).
    pub text: String,
    /// `text`, `string` or `markdown` (see [`LabelKind::mermaid_name`]).
    pub label_type: LabelKind,
    /// The shape name; `None` when the node was only referenced.
    pub shape: Option<Name>,
    /// Classes from `:::`, `class` and `click`.
    pub classes: Vec<Name>,
    /// The label as written, when sanitising changed it (see [`Vertex::raw_label`]).
    raw: Option<String>,
    /// Where the node was first mentioned.
    pub span: Span,
    /// Where its label was written, when it has one.
    pub label_span: Option<Span>,
    /// What `style`, `click` and `@{ … }` node data add; few nodes have any of it, so it is
    /// kept out of line.
    assets: Option<Box<VertexAssets>>,
    text_set: bool,
}

/// The styles, `click` link and tooltip, and icon or image of a vertex.
#[derive(Debug, Clone, Default)]
struct VertexAssets {
    styles: Vec<String>,
    link: Option<String>,
    tooltip: Option<String>,
    icon: Option<String>,
    img: Option<String>,
    form: Option<String>,
    pos: Option<String>,
    asset_width: Option<f64>,
    asset_height: Option<f64>,
    constraint: Option<String>,
}

impl Vertex {
    /// The label as written (before sanitising), when the node has one.
    pub fn raw_label(&self) -> Option<&str> {
        self.raw
            .as_deref()
            .or_else(|| self.label_span.map(|_| self.text.as_str()))
    }

    /// Styles from `style`.
    pub fn styles(&self) -> &[String] {
        self.assets.as_deref().map_or(&[], |a| &a.styles)
    }

    fn asset(&self, field: impl Fn(&VertexAssets) -> Option<&String>) -> Option<&str> {
        self.assets.as_deref().and_then(field).map(String::as_str)
    }

    fn assets_mut(&mut self) -> &mut VertexAssets {
        self.assets.get_or_insert_with(Default::default)
    }

    /// The `click` link.
    pub fn link(&self) -> Option<&str> {
        self.asset(|a| a.link.as_ref())
    }

    /// The `click` tooltip.
    pub fn tooltip(&self) -> Option<&str> {
        self.asset(|a| a.tooltip.as_ref())
    }

    /// An icon from `@{ icon: … }`.
    pub fn icon(&self) -> Option<&str> {
        self.asset(|a| a.icon.as_ref())
    }

    /// An image from `@{ img: … }`.
    pub fn img(&self) -> Option<&str> {
        self.asset(|a| a.img.as_ref())
    }

    /// The icon's background, `@{ form: square | circle | rounded }`.
    pub fn form(&self) -> Option<&str> {
        self.asset(|a| a.form.as_ref())
    }

    /// Where the label of an icon or image goes, `@{ pos: t | b }`.
    pub fn pos(&self) -> Option<&str> {
        self.asset(|a| a.pos.as_ref())
    }

    /// `@{ constraint: on }`: an image keeps its aspect ratio.
    pub fn constraint(&self) -> Option<&str> {
        self.asset(|a| a.constraint.as_ref())
    }

    /// The icon or image width, `@{ w: … }` (Mermaid's `assetWidth`, `Number(w)`).
    pub fn asset_width(&self) -> Option<f64> {
        self.assets.as_deref().and_then(|a| a.asset_width)
    }

    /// The icon or image height, `@{ h: … }` (Mermaid's `assetHeight`).
    pub fn asset_height(&self) -> Option<f64> {
        self.assets.as_deref().and_then(|a| a.asset_height)
    }
}

/// An edge as Mermaid stores it.
#[derive(Debug, Clone)]
pub struct Edge {
    /// Source node id.
    pub start: Name,
    /// Target node id.
    pub end: Name,
    /// Head type (`arrow_point`, … : see [`ArrowType::mermaid_name`]).
    pub arrow: ArrowType,
    /// Line style (`normal`, `thick`, `dotted`, `invisible`: see [`Stroke::mermaid_name`]).
    pub stroke: Stroke,
    /// Length, capped at 10 as Mermaid does.
    pub length: u8,
    /// `text`, `string` or `markdown` (see [`LabelKind::mermaid_name`]).
    pub label_type: LabelKind,
    /// The edge id (written with `id@`, or Mermaid's `L_start_end_n`).
    pub id: Name,
    /// What `linkStyle`, `class` and `@{ curve: … }` add; few edges have any of it, so it is
    /// kept out of line.
    styling: Option<Box<EdgeStyling>>,
    /// The label, when the link has one; most links have none, so it is kept out of line
    /// (an edge record is 112 bytes instead of 152).
    label: Option<Box<EdgeLabel>>,
    /// Where the arrow itself was written.
    pub arrow_span: Span,
    /// Where the link was written.
    pub span: Span,
}

/// The label of an edge.
#[derive(Debug, Clone)]
struct EdgeLabel {
    /// After sanitising.
    text: String,
    /// As written, when sanitising changed it.
    raw: Option<String>,
}

/// The styles, classes and curve of an edge.
#[derive(Debug, Clone, Default)]
struct EdgeStyling {
    style: Vec<String>,
    classes: Vec<Name>,
    interpolate: Option<Name>,
}

impl Edge {
    /// The label after sanitising (empty when the edge has none).
    pub fn text(&self) -> &str {
        self.label.as_deref().map_or("", |l| &l.text)
    }

    /// The label as written (before sanitising), when the edge has one.
    pub fn raw_label(&self) -> Option<&str> {
        self.label
            .as_deref()
            .map(|l| l.raw.as_deref().unwrap_or(&l.text))
    }

    fn styling_mut(&mut self) -> &mut EdgeStyling {
        self.styling.get_or_insert_with(Default::default)
    }

    /// Styles from `linkStyle`.
    pub fn style(&self) -> &[String] {
        self.styling.as_deref().map_or(&[], |s| &s.style)
    }

    /// Classes from `class`.
    pub fn classes(&self) -> &[Name] {
        self.styling.as_deref().map_or(&[], |s| &s.classes)
    }

    /// The curve from `linkStyle … interpolate` or `@{ curve: … }`.
    pub fn interpolate(&self) -> Option<&str> {
        self.styling
            .as_deref()
            .and_then(|s| s.interpolate.as_deref())
    }
}

/// A subgraph as Mermaid stores it.
#[derive(Debug, Clone)]
pub struct SubgraphInfo {
    /// Its id (`subGraphN` when the title had to serve and contained spaces).
    pub id: Name,
    /// The title after sanitising.
    pub title: String,
    /// `text`, `string` or `markdown` (see [`LabelKind::mermaid_name`]).
    pub label_type: LabelKind,
    /// Direct members: node ids and child subgraph ids.
    pub nodes: Vec<Name>,
    /// The `direction` inside it.
    pub dir: Option<&'static str>,
    /// Classes from `class`.
    pub classes: Vec<Name>,
    /// From `subgraph` to `end`.
    pub span: Span,
}

/// The whole flowchart as Mermaid's database holds it after parsing.
#[derive(Debug, Clone)]
pub struct FlowDb {
    /// `flowchart-v2` or `flowchart-elk`.
    pub diagram_type: String,
    /// `TB`, `BT`, `LR`, `RL`.
    pub direction: String,
    /// Nodes in the order Mermaid created them.
    pub vertices: Vec<Vertex>,
    /// Edges in order.
    pub edges: Vec<Edge>,
    /// Subgraphs, innermost first, as Mermaid lists them.
    pub subgraphs: Vec<SubgraphInfo>,
    /// Class name to style list, in definition order.
    pub class_defs: Vec<(Name, Vec<String>)>,
    /// `accTitle`.
    pub acc_title: Option<String>,
    /// `accDescr`.
    pub acc_descr: Option<String>,
    /// The front matter title.
    pub title: Option<String>,
    /// The Mermaid release whose database rules built this model.
    pub target: MermaidTarget,
    vertex_index: NameIndex,
    subgraph_index: NameIndex,
    /// The position of each class in `class_defs`.
    class_index: NameIndex,
    /// The first edge with each id (Mermaid looks edges up by id with `find`).
    edge_index: NameIndex,
    /// How many edges join each (start, end) pair, keyed by `L_start_end`, for Mermaid's
    /// `L_start_end_n` ids.
    pair_count: PairCounts,
    /// Every node that is already a member of some subgraph.
    in_subgraph: MemberSet,
    default_interpolate: Option<Name>,
    sub_count: usize,
    /// How many subgraphs enclose the statement being replayed; member lists are only kept
    /// inside one.
    subgraph_depth: usize,
    /// The most edges the model may hold ([`max_edges`] when the builder was made).
    max_edges: usize,
    /// The last group of a statement of [`STATEMENT_PART`](crate::syntax::parser) links or
    /// more, where the next part starts when the statement is streamed in parts.
    carry: NodeGroup,
}

/// The edge limit when none is set: 2 000 000 edges. Real network diagrams stay far below it
/// (the 20 000-node generated topology has about 25 000 edges, the one-million-edge chain of
/// the benchmarks is half of it), and it bounds what one line can ask for: `A0 & … & A9999 -->
/// B0 & … & B9999` is 158 KB of text for 100 million edges (15 GB of edge records). Mermaid
/// itself stops at 500 (`maxEdges`), which real topologies of a few thousand links exceed.
pub const DEFAULT_MAX_EDGES: usize = 2_000_000;

static MAX_EDGES: AtomicUsize = AtomicUsize::new(DEFAULT_MAX_EDGES);

/// Sets the edge limit of every model built from now on (`--max-edges`, `max-edges` in
/// `topomaid.toml`): a diagram with more edges is refused with an error at the statement that
/// passes the limit, before its edges are made. The limit is one per process, like the 4 GiB
/// input limit, so that every command and every library entry point honours it.
pub fn set_max_edges(limit: usize) {
    MAX_EDGES.store(limit, Ordering::Relaxed);
}

/// The edge limit models are built with (see [`set_max_edges`]).
pub fn max_edges() -> usize {
    MAX_EDGES.load(Ordering::Relaxed)
}

/// The error for a statement at `span` that makes `adding` edges where `before` already exist.
fn too_many_edges(span: Span, before: usize, adding: usize, limit: usize) -> SyntaxError {
    SyntaxError::new(
        span,
        format!(
            "too many edges: this statement makes {adding} edges{}, past the limit of {limit}",
            if before > 0 {
                format!(" after {before}")
            } else {
                String::new()
            }
        ),
        format!("{adding} edges"),
    )
    .with_help(
        "raise the limit with `--max-edges N`, or `max-edges = N` under `[limits]` in topomaid.toml \
         (every edge takes memory: about 1 KB each to check and draw)",
    )
}

/// The statements a model is built from: those of a tree that stays, or taken out of it.
enum Statements<'a> {
    Borrowed(&'a [Statement]),
    Owned(Vec<Statement>),
}

/// One entry of a subgraph's member list, before Mermaid's de-duplication.
#[derive(Debug)]
enum Member {
    Id(Name),
    Dir(&'static str),
}

/// Appends a class; the first one gets a list of capacity one, as most items have one class.
fn push_class(classes: &mut Vec<Name>, class: &str) {
    if classes.is_empty() {
        classes.reserve_exact(1);
    }
    classes.push(Name::new(class));
}

/// How many edges the statements make (every start of a link to every end), to size the list;
/// saturates rather than overflows.
fn count_edges(statements: &[Statement]) -> usize {
    statements
        .iter()
        .map(|s| match s {
            Statement::Vertex(v) => {
                let mut prev = v.first.len();
                v.chain.iter().fold(0usize, |sum, (_, group)| {
                    let n = prev.saturating_mul(group.len());
                    prev = group.len();
                    sum.saturating_add(n)
                })
            }
            Statement::Subgraph(sg) => count_edges(&sg.body),
            _ => 0,
        })
        .fold(0, usize::saturating_add)
}

/// Mermaid's `sanitizeNodeLabelType`: anything but the three known kinds counts as markdown.
fn label_type_or_markdown(t: &str) -> LabelKind {
    match t {
        "text" => LabelKind::Text,
        "string" => LabelKind::String,
        _ => LabelKind::Markdown,
    }
}

/// JavaScript's `Number(text)` for the values node data holds (NaN when it is not a number).
fn js_number(text: &str) -> f64 {
    let t = text.trim();
    if t.is_empty() {
        return 0.0;
    }
    t.parse::<f64>().unwrap_or(f64::NAN)
}

/// Strips one pair of surrounding double quotes, as Mermaid does after sanitising.
fn strip_quotes(t: String) -> String {
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        t[1..t.len() - 1].to_string()
    } else if t == "\"" {
        String::new()
    } else {
        t
    }
}

/// Builds Mermaid's model one top-level statement at a time, in the order they are written:
/// for a parser that hands each statement over as soon as it is read
/// ([`crate::syntax::parse_streaming`]), so that the syntax tree never exists whole.
/// [`FlowDb::build`] and [`FlowDb::build_owned`] are this builder fed from a tree.
#[derive(Debug)]
pub struct FlowDbBuilder {
    db: FlowDb,
    /// The member list Mermaid gathers at the top level, which no subgraph reads.
    members: Vec<Member>,
    /// The first statement Mermaid's database rejected; later statements are dropped unread.
    error: Option<SyntaxError>,
}

impl Default for FlowDbBuilder {
    fn default() -> Self {
        FlowDbBuilder::with_edge_capacity(0)
    }
}

impl FlowDbBuilder {
    /// A builder for an empty diagram.
    pub fn new() -> Self {
        FlowDbBuilder::default()
    }

    /// A builder for a diagram of `text_len` bytes: its edge tables start with room for an edge
    /// per 128 bytes (real network diagrams spend 60 to 220), so that they rarely grow, as each
    /// growth hashes every entry again; the edge list itself grows as it fills.
    pub fn for_text(text_len: usize) -> Self {
        let mut builder = FlowDbBuilder::new();
        let edges = text_len / 128;
        builder.db.edge_index = NameIndex::with_capacity(edges);
        builder.db.pair_count = PairCounts::with_capacity(edges);
        builder
    }

    /// The builder, building by the database rules of Mermaid `target` (the default is 12).
    pub fn with_target(mut self, target: MermaidTarget) -> Self {
        self.db.target = target;
        self
    }

    /// This builder with an edge limit of its own instead of [`max_edges`].
    pub fn with_max_edges(mut self, limit: usize) -> Self {
        self.db.max_edges = limit;
        self
    }

    /// A builder whose edge list and edge tables have room for `edges` edges.
    fn with_edge_capacity(edges: usize) -> Self {
        FlowDbBuilder {
            db: FlowDb {
                diagram_type: String::new(),
                direction: String::new(),
                vertices: Vec::new(),
                edges: Vec::with_capacity(edges),
                subgraphs: Vec::new(),
                class_defs: Vec::new(),
                acc_title: None,
                acc_descr: None,
                title: None,
                target: MermaidTarget::default(),
                vertex_index: NameIndex::default(),
                subgraph_index: NameIndex::default(),
                class_index: NameIndex::default(),
                edge_index: NameIndex::with_capacity(edges),
                pair_count: PairCounts::with_capacity(edges),
                in_subgraph: MemberSet::default(),
                default_interpolate: None,
                sub_count: 0,
                subgraph_depth: 0,
                max_edges: max_edges(),
                carry: NodeGroup::new(),
            },
            members: Vec::new(),
            error: None,
        }
    }

    /// Folds the next top-level statement into the model and drops it (a subgraph's body
    /// statement by statement). After the first statement Mermaid's database rejects, every
    /// further statement is dropped unread, and [`FlowDbBuilder::finish`] returns that error.
    pub fn push(&mut self, statement: Statement) {
        if self.error.is_none() {
            let result = self.db.owned_statement(statement, &mut self.members);
            self.settle(result);
        }
    }

    /// [`FlowDbBuilder::push`] for a statement of a tree that stays.
    fn push_ref(&mut self, statement: &Statement) {
        if self.error.is_none() {
            let result = self.db.statement(statement, &mut self.members);
            self.settle(result);
        }
    }

    fn settle(&mut self, result: Result<(), SyntaxError>) {
        self.members.clear();
        if let Err(e) = result {
            self.error = Some(e);
        }
    }

    /// Whether a statement was rejected (further statements are dropped unread).
    pub fn has_failed(&self) -> bool {
        self.error.is_some()
    }

    /// The model, given the tree the statements came from for its header and front matter
    /// (its statement list is not read); or the first error Mermaid's database raised.
    pub fn finish(self, chart: &Flowchart) -> Result<FlowDb, SyntaxError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut db = self.db;
        db.diagram_type = match chart.header.keyword {
            HeaderKeyword::FlowchartElk => "flowchart-elk",
            HeaderKeyword::SwimlaneBeta => "swimlane",
            _ => "flowchart-v2",
        }
        .to_string();
        db.direction =
            normalise_direction(chart.header.direction.as_ref().map(|d| d.value.as_str()));
        db.title = chart.front_matter.as_ref().and_then(|f| f.title.clone());
        // Only the replay reads these.
        db.pair_count = PairCounts::default();
        db.in_subgraph = MemberSet::default();
        db.vertices.shrink_to_fit();
        db.edges.shrink_to_fit();
        Ok(db)
    }
}

impl FlowDb {
    /// Replays the syntax tree through Mermaid's database semantics.
    pub fn build(chart: &Flowchart) -> Result<FlowDb, SyntaxError> {
        let edges = count_edges(&chart.statements);
        let mut builder =
            FlowDbBuilder::with_edge_capacity(edges.min(max_edges())).with_target(chart.target);
        for s in &chart.statements {
            builder.push_ref(s);
        }
        builder.finish(chart)
    }

    /// [`FlowDb::build`] from `statements` taken out of `chart` (with `std::mem::take`), for
    /// callers that need nothing of the tree but its comments and header afterwards: each
    /// statement is dropped as soon as it is folded into the model, so the tree's heap is
    /// reused by the model instead of both being alive at the end.
    pub fn build_owned(
        chart: &Flowchart,
        statements: Vec<Statement>,
    ) -> Result<FlowDb, SyntaxError> {
        let edges = count_edges(&statements);
        let mut builder =
            FlowDbBuilder::with_edge_capacity(edges.min(max_edges())).with_target(chart.target);
        for s in statements {
            builder.push(s);
        }
        builder.finish(chart)
    }

    /// The curve of `linkStyle default interpolate …`, which Mermaid also gives every edge
    /// that has none of its own when it draws.
    pub fn default_interpolate(&self) -> Option<&str> {
        self.default_interpolate.as_deref()
    }

    /// The vertex with `id`.
    pub fn vertex(&self, id: &str) -> Option<&Vertex> {
        self.vertex_at(id).map(|i| &self.vertices[i])
    }

    fn vertex_at(&self, id: &str) -> Option<usize> {
        self.vertex_index.get(id, |i| &self.vertices[i].id)
    }

    fn edge_at(&self, id: &str) -> Option<usize> {
        self.edge_index.get(id, |i| &self.edges[i].id)
    }

    fn subgraph_at(&self, id: &str) -> Option<usize> {
        self.subgraph_index.get(id, |i| &self.subgraphs[i].id)
    }

    fn document(&mut self, statements: Statements<'_>) -> Result<Vec<Member>, SyntaxError> {
        let mut members = Vec::new();
        match statements {
            Statements::Borrowed(list) => {
                for s in list {
                    self.statement(s, &mut members)?;
                }
            }
            Statements::Owned(list) => {
                for s in list {
                    self.owned_statement(s, &mut members)?;
                }
            }
        }
        Ok(members)
    }

    /// [`FlowDb::statement`] for a statement taken out of its tree: a subgraph's body is folded
    /// and dropped statement by statement.
    fn owned_statement(
        &mut self,
        s: Statement,
        members: &mut Vec<Member>,
    ) -> Result<(), SyntaxError> {
        match s {
            Statement::Subgraph(mut sg) => {
                let body = std::mem::take(&mut sg.body);
                let id = self.subgraph(&sg, Statements::Owned(body))?;
                members.push(Member::Id(id));
                Ok(())
            }
            s => self.statement(&s, members),
        }
    }

    fn statement(&mut self, s: &Statement, members: &mut Vec<Member>) -> Result<(), SyntaxError> {
        match s {
            Statement::Vertex(v) => self.vertex_statement(v, members)?,
            Statement::Subgraph(sg) => {
                let id = self.subgraph(sg, Statements::Borrowed(&sg.body))?;
                members.push(Member::Id(id));
            }
            Statement::Direction(d) => members.push(Member::Dir(d.direction)),
            Statement::ClassDef(c) => self.add_class(&c.names.value, &c.styles),
            Statement::Class(c) => self.set_class(&c.ids.value, &c.class.value),
            Statement::Style(st) => {
                let styles: Vec<String> = st.styles.iter().map(|s| s.value.to_string()).collect();
                if let Some(i) = self.add_vertex(&st.id.value, st.id.span, None, None)? {
                    self.vertices[i].assets_mut().styles.extend(styles);
                }
            }
            Statement::LinkStyle(ls) => self.link_style(ls)?,
            Statement::Click(c) => self.click(c),
            Statement::AccTitle(t) => {
                self.acc_title = Some(t.value.clone());
                members.push(Member::Id(Name::new(&t.value)));
            }
            Statement::AccDescr(t) => {
                self.acc_descr = Some(t.value.clone());
                members.push(Member::Id(Name::new(&t.value)));
            }
            Statement::Empty(_) => members.push(Member::Id(";".into())),
        }
        Ok(())
    }

    fn vertex_statement(
        &mut self,
        v: &VertexStatement,
        members: &mut Vec<Member>,
    ) -> Result<(), SyntaxError> {
        // A later part of a long statement streamed in parts starts at the group the part
        // before ended with (kept in `carry`), already added.
        let carried = if v.first.is_empty() {
            std::mem::take(&mut self.carry)
        } else {
            self.node_group(&v.first)?;
            NodeGroup::new()
        };
        let first: &[NodeRef] = if v.first.is_empty() {
            &carried
        } else {
            &v.first
        };
        let mut prev: &[NodeRef] = first;
        let mut adding = 0usize;
        for (_, group) in &v.chain {
            adding = adding.saturating_add(prev.len().saturating_mul(group.len()));
            prev = group;
        }
        let before = self.edges.len();
        if adding > self.max_edges.saturating_sub(before) {
            return Err(too_many_edges(v.span, before, adding, self.max_edges));
        }
        let mut prev: &[NodeRef] = first;
        for (link, group) in &v.chain {
            self.node_group(group)?;
            self.add_link(prev, group, link);
            prev = group;
        }
        if v.chain.len() >= crate::syntax::parser::STATEMENT_PART {
            self.carry = prev.iter().cloned().collect();
        }
        // Mermaid lists the last group's nodes first: `$node.concat($vertexStatement.nodes)`.
        let groups = v
            .chain
            .iter()
            .rev()
            .map(|(_, g)| g)
            .chain(std::iter::once(&v.first));
        if self.subgraph_depth > 0 {
            members.extend(groups.flat_map(|g| g.iter().map(|n| Member::Id(n.id.value.clone()))));
        }
        Ok(())
    }

    fn node_group(&mut self, group: &[NodeRef]) -> Result<(), SyntaxError> {
        for n in group {
            let label = n.shape.as_ref().map(|s| (&s.label, s.shape.mermaid_name()));
            self.add_vertex(&n.id.value, n.span, label, None)?;
            if let Some(class) = &n.class {
                self.set_class(&n.id.value, &class.value);
            }
        }
        for n in group {
            if let Some(data) = &n.data {
                self.add_vertex(&n.id.value, n.span, None, Some(data))?;
            }
        }
        Ok(())
    }

    /// Mermaid's `addVertex`; returns the vertex index, or `None` when the id is empty or names
    /// an edge (whose data it then updates).
    fn add_vertex(
        &mut self,
        id: &str,
        span: Span,
        label: Option<(&Label, &'static str)>,
        data: Option<&NodeData>,
    ) -> Result<Option<usize>, SyntaxError> {
        if id.trim().is_empty() {
            return Ok(None);
        }
        let doc = match data {
            Some(d) => Some(node_data::parse(&d.yaml).map_err(|msg| {
                SyntaxError::new(
                    d.span,
                    format!("invalid node data: {msg}"),
                    "not valid YAML",
                )
                .with_help("write node data as `@{ shape: rect, label: \"text\" }`")
            })?),
            None => None,
        };
        if doc.is_some() && self.subgraph_at(id).is_some() {
            // Node data on a declared subgraph's id is the subgraph's metadata (`view:
            // collapsed`, …): no vertex is made or changed.
            return Ok(None);
        }
        if let Some(e) = self.edge_at(id) {
            let e = &mut self.edges[e];
            if let Some(curve) = doc.as_ref().and_then(|d| d.get_str("curve")) {
                e.styling_mut().interpolate = Some(Name::from(curve));
            }
            return Ok(None);
        }
        let i = match self.vertex_at(id) {
            Some(i) => i,
            None => {
                self.vertices.push(Vertex {
                    id: Name::new(id),
                    text: String::new(),
                    label_type: LabelKind::Text,
                    shape: None,
                    classes: Vec::new(),
                    raw: None,
                    span,
                    label_span: None,
                    assets: None,
                    text_set: false,
                });
                let at = self.vertices.len() - 1;
                let vertices = &self.vertices;
                self.vertex_index.insert_first(id, at, |i| &vertices[i].id);
                at
            }
        };
        let v = &mut self.vertices[i];
        match label {
            Some((l, shape)) => {
                v.text = strip_quotes(sanitize::sanitize_text(l.text.trim()).into_owned());
                v.label_type = l.kind;
                v.raw = (v.text != l.text).then(|| l.text.to_string());
                v.label_span = Some(l.span);
                v.shape = Some(Name::const_new(shape));
                v.text_set = true;
            }
            None => {
                if !v.text_set {
                    v.text = id.to_string();
                    v.text_set = true;
                }
            }
        }
        if let (Some(doc), Some(d)) = (doc, data) {
            if let Some(shape) = doc.get("shape") {
                let name = shape.as_text();
                if let Some(msg) = shapes::shape_error(&name, self.target) {
                    let help = match (
                        shapes::closest_shape(&name, self.target),
                        shapes::accepted_since(&name),
                    ) {
                        (_, Some(since)) => format!(
                            "`{name}` is a shape of Mermaid {} and later; this diagram is checked for Mermaid {} (choose with `--mermaid` or `mermaid = \"{}\"` in topomaid.toml)",
                            since.major(),
                            self.target.release(),
                            since.major()
                        ),
                        (Some(s), None) => format!("did you mean `shape: {s}`?"),
                        (None, None) => "see the shape list at https://mermaid.js.org/syntax/flowchart.html#complete-list-of-new-shapes".to_string(),
                    };
                    return Err(
                        SyntaxError::new(d.span, msg, "Mermaid has no such shape").with_help(help)
                    );
                }
                v.shape = Some(Name::from(name));
            }
            if let Some(label) = doc.get("label").filter(|l| l.is_truthy()) {
                v.text = label.as_text();
                v.raw = Some(v.text.clone());
                v.label_type =
                    label_type_or_markdown(&doc.get_str("labelType").unwrap_or_default());
            }
            let label_blank = doc
                .get("label")
                .is_none_or(|l| l.as_text().trim().is_empty());
            let truthy = |k: &str| doc.get(k).filter(|x| x.is_truthy()).map(|x| x.as_text());
            if let Some(icon) = truthy("icon") {
                v.assets_mut().icon = Some(icon);
                if label_blank && v.text == id {
                    v.text = String::new();
                }
            }
            if let Some(img) = truthy("img") {
                v.assets_mut().img = Some(img);
                if label_blank && v.text == id {
                    v.text = String::new();
                }
            }
            if let Some(form) = truthy("form") {
                v.assets_mut().form = Some(form);
            }
            if let Some(pos) = truthy("pos") {
                v.assets_mut().pos = Some(pos);
            }
            if let Some(c) = truthy("constraint") {
                v.assets_mut().constraint = Some(c);
            }
            if let Some(w) = truthy("w") {
                v.assets_mut().asset_width = Some(js_number(&w));
            }
            if let Some(h) = truthy("h") {
                v.assets_mut().asset_height = Some(js_number(&h));
            }
        }
        Ok(Some(i))
    }

    /// Mermaid's `addLink`: every start to every end; a written edge id goes to the pair of the
    /// last start and the first end (compared by id, as Mermaid does).
    fn add_link(&mut self, starts: &[NodeRef], ends: &[NodeRef], link: &Link) {
        let user_id = link.id.as_ref().map(|i| i.value.as_str());
        let (Some(last_start), Some(first_end)) = (starts.last(), ends.first()) else {
            return;
        };
        for start in starts {
            for end in ends {
                let id = if start.id.value == last_start.id.value
                    && end.id.value == first_end.id.value
                {
                    user_id
                } else {
                    None
                };
                self.add_single_link(&start.id.value, &end.id.value, link, id);
            }
        }
    }

    fn add_single_link(&mut self, start: &str, end: &str, link: &Link, id: Option<&str>) {
        let (label, label_type) = match &link.text {
            Some(l) => {
                let text = strip_quotes(sanitize::sanitize_text(l.text.trim()).into_owned());
                let raw = (text != l.text).then(|| l.text.to_string());
                (Some(Box::new(EdgeLabel { text, raw })), l.kind)
            }
            None => (None, LabelKind::Text),
        };
        let existing = self.pair_count.bump(start, end, self.edges.len(), |i| {
            (&self.edges[i].start, &self.edges[i].end)
        });
        let id = match id {
            Some(id) if self.edge_at(id).is_none() => Name::new(id),
            _ => {
                let counter = if existing == 0 { 0 } else { existing + 1 };
                compact_str::format_compact!("L_{start}_{end}_{counter}")
            }
        };
        let at = self.edges.len();
        self.edges.push(Edge {
            start: Name::new(start),
            end: Name::new(end),
            arrow: link.arrow,
            stroke: link.stroke,
            length: link.length.min(10) as u8,
            label_type,
            id,
            styling: self.default_interpolate.clone().map(|curve| {
                Box::new(EdgeStyling {
                    interpolate: Some(curve),
                    ..Default::default()
                })
            }),
            label,
            arrow_span: link.arrow_span,
            span: link.span,
        });
        let edges = &self.edges;
        self.edge_index
            .insert_first(&edges[at].id, at, |i| &edges[i].id);
    }

    fn add_class(&mut self, names: &str, styles: &[Spanned<SharedText>]) {
        let joined = styles
            .iter()
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join(",")
            .replace("\\,", "\u{A7}\u{A7}\u{A7}")
            .replace(',', ";")
            .replace("\u{A7}\u{A7}\u{A7}", ",");
        let split: Vec<String> = joined.split(';').map(str::to_string).collect();
        for name in names.split(',') {
            match self.class_index.get(name, |i| &self.class_defs[i].0) {
                Some(i) => self.class_defs[i].1.extend(split.iter().cloned()),
                None => {
                    self.class_defs.push((Name::new(name), split.clone()));
                    let at = self.class_defs.len() - 1;
                    let defs = &self.class_defs;
                    self.class_index.insert_first(name, at, |i| &defs[i].0);
                }
            }
        }
    }

    fn set_class(&mut self, ids: &str, class: &str) {
        for id in ids.split(',') {
            if let Some(i) = self.vertex_at(id) {
                push_class(&mut self.vertices[i].classes, class);
            }
            if let Some(e) = self.edge_at(id) {
                push_class(&mut self.edges[e].styling_mut().classes, class);
            }
            if let Some(i) = self.subgraph_at(id) {
                push_class(&mut self.subgraphs[i].classes, class);
            }
        }
    }

    fn link_style(&mut self, ls: &LinkStyle) -> Result<(), SyntaxError> {
        let styles: Vec<String> = ls.styles.iter().map(|s| s.value.to_string()).collect();
        match &ls.target {
            LinkStyleTarget::Default => {
                if let Some(curve) = &ls.interpolate {
                    self.default_interpolate = Some(Name::new(&curve.value));
                }
            }
            LinkStyleTarget::Indices(indices) => {
                for n in indices {
                    let count = self.edges.len();
                    let Some(edge) = n
                        .value
                        .parse::<usize>()
                        .ok()
                        .and_then(|i| self.edges.get_mut(i))
                    else {
                        let valid = if count == 0 {
                            "the diagram has no links".to_string()
                        } else {
                            format!("valid indices are 0 to {}", count - 1)
                        };
                        return Err(SyntaxError::new(
                            n.span,
                            format!("linkStyle index {} is out of bounds", n.value),
                            valid,
                        )
                        .with_help("links are numbered from 0 in the order they are written"));
                    };
                    if let Some(curve) = &ls.interpolate {
                        edge.styling_mut().interpolate = Some(Name::new(&curve.value));
                    }
                    if !styles.is_empty() {
                        let style = &mut edge.styling_mut().style;
                        *style = styles.clone();
                        if !style.iter().any(|s| s.starts_with("fill")) {
                            style.push("fill:none".into());
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn click(&mut self, c: &Click) {
        if let ClickAction::Href { url } = &c.action {
            for id in c.id.value.split(',') {
                if let Some(i) = self.vertex_at(id) {
                    self.vertices[i].assets_mut().link = Some(url.clone());
                }
            }
        }
        if let Some(t) = &c.tooltip {
            for id in c.id.value.split(',') {
                if let Some(i) = self.vertex_at(id) {
                    self.vertices[i].assets_mut().tooltip =
                        Some(sanitize::sanitize_text(t).into_owned());
                }
            }
        }
        self.set_class(&c.id.value, "clickable");
    }

    /// Mermaid's `addSubGraph`, called when `end` is reached; `body` is the subgraph's
    /// statements (taken out of `sg` when they are owned).
    fn subgraph(&mut self, sg: &Subgraph, body: Statements<'_>) -> Result<Name, SyntaxError> {
        self.subgraph_depth += 1;
        let members = self.document(body);
        self.subgraph_depth -= 1;
        let members = members?;
        let Some(head) = &sg.head else {
            return Err(SyntaxError::new(
                sg.span,
                "a subgraph needs an id or a title",
                "Mermaid cannot read a subgraph without a name",
            )
            .with_help("write `subgraph name` or `subgraph id [title]`"));
        };
        let (mut id, title, label_type) = match &sg.title {
            Some(t) => (Some(Name::new(head.text.trim())), t.text.as_str(), t.kind),
            None => {
                let id = (!head.text.chars().any(crate::syntax::lexer::is_js_space))
                    .then(|| Name::new(head.text.trim()));
                (id, head.text.as_str(), head.kind)
            }
        };
        let mut dir = None;
        let mut nodes: Vec<Name> = Vec::new();
        let mut seen = HashSet::default();
        for m in members {
            match m {
                Member::Dir(d) => dir = Some(d),
                Member::Id(n) => {
                    if !n.trim().is_empty() && seen.insert(n.clone()) {
                        nodes.push(n);
                    }
                }
            }
        }
        let id = id
            .take()
            .unwrap_or_else(|| compact_str::format_compact!("subGraph{}", self.sub_count));
        self.sub_count += 1;
        let title = sanitize::sanitize_text(title).trim().to_string();
        let subgraphs = &self.subgraphs;
        let in_subgraph = &self.in_subgraph;
        nodes.retain(|n| !in_subgraph.contains(n, |sg, j| &subgraphs[sg].nodes[j]));
        // Mermaid 12: a subgraph never contains itself, and a repeated id merges its members
        // into the first declaration, which keeps its title, direction and place. Mermaid 11
        // lists every declaration (and looks the id up as the last one).
        let existing = match self.target {
            MermaidTarget::V11 => None,
            MermaidTarget::V12 => {
                nodes.retain(|n| *n != id);
                self.subgraph_at(&id)
            }
        };
        let (at, first_new) = match existing {
            Some(at) => {
                let first_new = self.subgraphs[at].nodes.len();
                self.subgraphs[at].nodes.extend(nodes);
                (at, first_new)
            }
            None => {
                self.subgraphs.push(SubgraphInfo {
                    id: id.clone(),
                    title,
                    label_type,
                    nodes,
                    dir,
                    classes: Vec::new(),
                    span: sg.span,
                });
                (self.subgraphs.len() - 1, 0)
            }
        };
        let subgraphs = &self.subgraphs;
        for j in first_new..subgraphs[at].nodes.len() {
            self.in_subgraph
                .insert(at, j, |sg, m| &subgraphs[sg].nodes[m]);
        }
        self.subgraph_index
            .insert_last(&id, at, |i| &subgraphs[i].id);
        Ok(id)
    }
}

/// Mermaid's `setDirection`: arrows and `TD` become the four canonical directions.
pub fn normalise_direction(dir: Option<&str>) -> String {
    let Some(d) = dir.map(str::trim) else {
        return "TB".into();
    };
    let mut out = d.to_string();
    if d.contains('<') {
        out = "RL".into();
    }
    if d.contains('^') {
        out = "BT".into();
    }
    if d.contains('>') {
        out = "LR".into();
    }
    if d.contains('v') {
        out = "TB".into();
    }
    if out == "TD" {
        out = "TB".into();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_count_matches_the_edges_built() {
        for text in [
            "graph TD\nA --> B --> C\n",
            "graph TD\nA & B --> C & D --> E\nsubgraph s\nX -.-> Y & Z\nend\nQ\n",
            "graph TD\nA e1@--> B\nA --> B\nA -- t --> B\n",
        ] {
            let chart = crate::syntax::parse(text).expect("parses");
            let db = FlowDb::build(&chart).expect("builds");
            assert_eq!(count_edges(&chart.statements), db.edges.len(), "{text}");
            assert_eq!(db.edges.capacity(), db.edges.len(), "{text}");
        }
    }

    #[test]
    fn a_single_class_takes_one_slot() {
        let chart =
            crate::syntax::parse("graph TD\nA:::big\nclass A,B small\nB\n").expect("parses");
        let db = FlowDb::build(&chart).expect("builds");
        let a = db.vertex("A").expect("A");
        assert_eq!(a.classes, ["big", "small"]);
        assert_eq!(db.vertex("B").expect("B").classes.capacity(), 0);
        let chart = crate::syntax::parse("graph TD\nC\nclass C c\n").expect("parses");
        let db = FlowDb::build(&chart).expect("builds");
        assert_eq!(db.vertex("C").expect("C").classes.capacity(), 1);
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    /// A diagram holds one `Vertex` per node and one `Edge` per link, so their size is most of
    /// the model's memory (issue 2: peak memory under ten times the input).
    #[test]
    fn vertex_and_edge_stay_small() {
        // 304 and 288 bytes before the rarely set fields moved out of line, 176 and 168 before
        // spans held 32-bit offsets.
        assert!(std::mem::size_of::<Vertex>() <= 152);
        assert!(std::mem::size_of::<Edge>() <= 152);
    }
}

#[cfg(test)]
mod owned_tests {
    use super::*;

    /// Replaying statements taken out of the tree builds the same model as replaying the tree,
    /// on the real diagrams and every conformance case that parses.
    #[test]
    fn built_from_owned_statements_the_model_is_the_same() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = std::fs::read_dir(root.join("diagrams"))
            .expect("diagrams/")
            .flatten()
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect();
        let spec = std::fs::read_to_string(root.join("fixtures/conformance/mermaid-spec.jsonl"))
            .expect("the conformance cases");
        for line in spec.lines() {
            let case: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            if let Some(text) = case.get("source").and_then(|t| t.as_str()) {
                texts.push(text.to_string());
            }
        }
        assert!(texts.len() > 100, "{} texts", texts.len());
        for text in &texts {
            let Ok(mut chart) = crate::syntax::parse(text) else {
                continue;
            };
            let borrowed = FlowDb::build(&chart).map(|db| format!("{db:?}"));
            let statements = std::mem::take(&mut chart.statements);
            let owned = FlowDb::build_owned(&chart, statements).map(|db| format!("{db:?}"));
            assert_eq!(borrowed.is_ok(), owned.is_ok(), "{text}");
            if let (Ok(b), Ok(o)) = (borrowed, owned) {
                assert_eq!(b, o, "{text}");
            }
        }
    }
}

#[cfg(test)]
mod builder_tests {
    use super::*;

    fn build_with_limit(text: &str, limit: usize) -> Result<FlowDb, SyntaxError> {
        let mut builder = FlowDbBuilder::new().with_max_edges(limit);
        let chart = crate::syntax::parse_streaming(text, |s| builder.push(s)).expect("parses");
        builder.finish(&chart)
    }

    /// Each `classDef` is found through the index: four times the classes take about four
    /// times as long (a search through the list made it sixteen), and a redefinition still
    /// adds to the first definition.
    #[test]
    #[ignore = "timing: run on a quiet machine with --ignored; benches/linear.rs measures it"]
    fn class_definitions_are_found_in_constant_time() {
        let text = "graph TD\nclassDef a fill:red\nclassDef b,a stroke:blue\nA:::a\n";
        let db = build_with_limit(text, 10).expect("builds");
        let names: Vec<&str> = db.class_defs.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(db.class_defs[0].1, ["fill:red", "stroke:blue"]);

        let run = |n: usize| {
            let text: String = std::iter::once("graph TD\n".to_string())
                .chain((0..n).map(|i| format!("classDef c{i} fill:#f00\n")))
                .collect();
            let chart = crate::syntax::parse(&text).expect("parses");
            (0..3)
                .map(|_| {
                    let t = std::time::Instant::now();
                    let db = FlowDb::build(&chart).expect("builds");
                    assert_eq!(db.class_defs.len(), n);
                    t.elapsed()
                })
                .min()
                .unwrap()
        };
        let (small, large) = (run(4_000), run(16_000));
        assert!(
            large < small * 8,
            "4 000 classes: {small:?}, 16 000: {large:?} (linear would be about 4x)"
        );
    }

    /// A statement that would pass the edge limit is refused, at its own span, before any of
    /// its edges is made; up to the limit everything is built.
    #[test]
    fn the_edge_limit_refuses_the_statement_that_passes_it() {
        let text = "graph TD\nA --> B\nsubgraph s\nA & B & C --> D & E\nend\n";
        assert_eq!(
            build_with_limit(text, 7).expect("7 edges fit").edges.len(),
            7
        );
        let e = build_with_limit(text, 6).expect_err("7 edges do not fit");
        assert_eq!(
            &text[e.span.start as usize..e.span.end as usize],
            "A & B & C --> D & E"
        );
        assert!(
            e.message
                .contains("makes 6 edges after 1, past the limit of 6"),
            "{}",
            e.message
        );
        assert!(e.help.as_deref().is_some_and(|h| h.contains("--max-edges")));
    }

    /// Ten thousand times ten thousand edges (100 M, 15 GB of records) are refused at once,
    /// with no allocation for them: neither the streaming builder nor `FlowDb::build` reserves
    /// room past the limit.
    #[test]
    fn a_cross_product_of_groups_is_refused_before_it_is_allocated() {
        let side = |p: &str| {
            (0..10_000)
                .map(|i| format!("{p}{i}"))
                .collect::<Vec<_>>()
                .join(" & ")
        };
        let text = format!("graph TD\n{} --> {}\n", side("A"), side("B"));
        let e = build_with_limit(&text, DEFAULT_MAX_EDGES).expect_err("refused");
        assert!(e.message.contains("makes 100000000 edges"), "{}", e.message);
        let chart = crate::syntax::parse(&text).expect("parses");
        assert!(count_edges(&chart.statements) > DEFAULT_MAX_EDGES);
        let e = FlowDb::build(&chart).expect_err("refused");
        assert!(e.message.contains("past the limit of"), "{}", e.message);
    }

    /// The builder keeps the first statement Mermaid's database rejects and reads nothing after
    /// it; header and front matter are taken at the end.
    #[test]
    fn the_first_model_error_stops_the_builder() {
        let text = "---\ntitle: T\n---\nflowchart LR\nA --> B\nlinkStyle 4 color:red\nC@{ shape: nope }\nD\n";
        let mut builder = FlowDbBuilder::new();
        let mut pushed = 0;
        let chart = crate::syntax::parse_streaming(text, |s| {
            pushed += 1;
            builder.push(s);
        })
        .expect("parses");
        assert_eq!(pushed, 4);
        assert!(builder.has_failed());
        assert_eq!(builder.db.vertices.len(), 2, "nothing read after the error");
        let e = builder.finish(&chart).expect_err("rejected");
        assert!(e.message.contains("linkStyle index 4"), "{e:?}");

        let mut builder = FlowDbBuilder::new();
        let chart =
            crate::syntax::parse_streaming("---\ntitle: T\n---\nflowchart LR\nA --> B\n", |s| {
                builder.push(s)
            })
            .expect("parses");
        assert!(!builder.has_failed());
        let db = builder.finish(&chart).expect("builds");
        assert_eq!(
            (db.direction.as_str(), db.title.as_deref()),
            ("LR", Some("T"))
        );
        assert_eq!(db.edges.capacity(), db.edges.len());
    }

    /// A long chain is streamed in parts of a thousand links, and the parts build the model the
    /// whole statement builds: same vertices (each added once, with its class once), same
    /// edges and ids, in the same order.
    #[test]
    fn a_chain_streamed_in_parts_builds_the_same_model() {
        for n in [1023, 1024, 1025, 2048, 3000] {
            let mut text = String::from("graph TD\nA:::c --> B\n");
            for i in 0..n {
                let node = if i % 3 == 0 {
                    "A".to_string()
                } else {
                    format!("n{i}[x]:::c")
                };
                text.push_str(&node);
                text.push_str(if i % 5 == 0 { " -- t --> " } else { " --> " });
            }
            text.push_str("Z\nlinkStyle 0 stroke:red\n");
            let mut parts = 0;
            let mut builder = FlowDbBuilder::new();
            let chart = crate::syntax::parse_streaming(&text, |s| {
                parts += 1;
                builder.push(s);
            })
            .expect("parses");
            let streamed = builder.finish(&chart).expect("builds");
            let whole =
                FlowDb::build(&crate::syntax::parse(&text).expect("parses")).expect("builds");
            let lists = |db: &FlowDb| {
                format!(
                    "{:?}",
                    (&db.vertices, &db.edges, &db.subgraphs, &db.class_defs)
                )
            };
            assert_eq!(lists(&streamed), lists(&whole), "{n}");
            assert_eq!(streamed.edges.len(), n + 1);
            assert_eq!(parts, 2 + n.div_ceil(1024), "{n}");
        }
    }
}
