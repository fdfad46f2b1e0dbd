//! The flowchart as Mermaid's `FlowDB` builds it from the syntax tree: vertices, edges,
//! subgraphs and class definitions, with Mermaid's ordering, defaults and sanitising, so that
//! `topomaid parse` agrees with the real Mermaid. Spans and raw labels are kept besides.

pub mod node_data;
pub mod sanitize;
pub mod shapes;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::error::SyntaxError;

/// A node as Mermaid stores it.
#[derive(Debug, Clone)]
pub struct Vertex {
    /// The node id.
    pub id: Name,
    /// The label after Mermaid's sanitising (the id when no label was given).
    pub text: String,
    /// `text`, `string` or `markdown`.
    pub label_type: &'static str,
    /// The shape name; `None` when the node was only referenced.
    pub shape: Option<Name>,
    /// Classes from `:::`, `class` and `click`.
    pub classes: Vec<Name>,
    /// Styles from `style`.
    pub styles: Vec<String>,
    /// The label as written, when sanitising changed it (see [`Vertex::raw_label`]).
    raw: Option<String>,
    /// Where the node was first mentioned.
    pub span: Span,
    /// Where its label was written, when it has one.
    pub label_span: Option<Span>,
    /// The `click` link.
    pub link: Option<String>,
    /// The `click` tooltip.
    pub tooltip: Option<String>,
    /// An icon from `@{ icon: … }`.
    pub icon: Option<String>,
    /// An image from `@{ img: … }`.
    pub img: Option<String>,
    /// The icon's background, `@{ form: square | circle | rounded }`.
    pub form: Option<String>,
    /// Where the label of an icon or image goes, `@{ pos: t | b }`.
    pub pos: Option<String>,
    /// The icon or image width, `@{ w: … }` (Mermaid's `assetWidth`, `Number(w)`).
    pub asset_width: Option<f64>,
    /// The icon or image height, `@{ h: … }` (Mermaid's `assetHeight`).
    pub asset_height: Option<f64>,
    /// `@{ constraint: on }`: an image keeps its aspect ratio.
    pub constraint: Option<String>,
    text_set: bool,
}

impl Vertex {
    /// The label as written (before sanitising), when the node has one.
    pub fn raw_label(&self) -> Option<&str> {
        self.raw
            .as_deref()
            .or_else(|| self.label_span.map(|_| self.text.as_str()))
    }
}

/// An edge as Mermaid stores it.
#[derive(Debug, Clone)]
pub struct Edge {
    /// Source node id.
    pub start: Name,
    /// Target node id.
    pub end: Name,
    /// Head type (`arrow_point`, …).
    pub arrow: &'static str,
    /// Line style (`normal`, `thick`, `dotted`, `invisible`).
    pub stroke: &'static str,
    /// Length, capped at 10 as Mermaid does.
    pub length: usize,
    /// The label after sanitising.
    pub text: String,
    /// `text`, `string` or `markdown`.
    pub label_type: &'static str,
    /// The edge id (written with `id@`, or Mermaid's `L_start_end_n`).
    pub id: Name,
    /// Styles from `linkStyle`.
    pub style: Vec<String>,
    /// Classes from `class`.
    pub classes: Vec<Name>,
    /// The curve from `linkStyle … interpolate` or `@{ curve: … }`.
    pub interpolate: Option<Name>,
    /// The label as written, when sanitising changed it (see [`Edge::raw_label`]).
    raw: Option<String>,
    /// Whether the link has a label at all.
    has_label: bool,
    /// Where the arrow itself was written.
    pub arrow_span: Span,
    /// Where the link was written.
    pub span: Span,
}

impl Edge {
    /// The label as written (before sanitising), when the edge has one.
    pub fn raw_label(&self) -> Option<&str> {
        self.raw
            .as_deref()
            .or_else(|| self.has_label.then_some(self.text.as_str()))
    }
}

/// A subgraph as Mermaid stores it.
#[derive(Debug, Clone)]
pub struct SubgraphInfo {
    /// Its id (`subGraphN` when the title had to serve and contained spaces).
    pub id: Name,
    /// The title after sanitising.
    pub title: String,
    /// `text`, `string` or `markdown`.
    pub label_type: &'static str,
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
    vertex_index: HashMap<Name, usize>,
    subgraph_index: HashMap<Name, usize>,
    /// The first edge with each id (Mermaid looks edges up by id with `find`).
    edge_index: HashMap<Name, usize>,
    /// How many edges join each (start, end) pair, keyed by `L_start_end`, for Mermaid's
    /// `L_start_end_n` ids.
    pair_count: HashMap<Name, usize>,
    /// Every node that is already a member of some subgraph.
    in_subgraph: HashSet<Name>,
    default_interpolate: Option<Name>,
    sub_count: usize,
    /// How many subgraphs enclose the statement being replayed; member lists are only kept
    /// inside one.
    subgraph_depth: usize,
}

/// One entry of a subgraph's member list, before Mermaid's de-duplication.
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

/// How many edges the statements make (every start of a link to every end), to size the list.
fn count_edges(statements: &[Statement]) -> usize {
    statements
        .iter()
        .map(|s| match s {
            Statement::Vertex(v) => {
                let mut prev = v.first.len();
                v.chain
                    .iter()
                    .map(|(_, group)| {
                        let n = prev * group.len();
                        prev = group.len();
                        n
                    })
                    .sum()
            }
            Statement::Subgraph(sg) => count_edges(&sg.body),
            _ => 0,
        })
        .sum()
}

/// Mermaid's `sanitizeNodeLabelType`: anything but the three known kinds counts as markdown.
fn label_type_or_markdown(t: &str) -> &'static str {
    match t {
        "text" => "text",
        "string" => "string",
        _ => "markdown",
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

impl FlowDb {
    /// Replays the syntax tree through Mermaid's database semantics.
    pub fn build(chart: &Flowchart) -> Result<FlowDb, SyntaxError> {
        let diagram_type = match chart.header.keyword {
            HeaderKeyword::FlowchartElk => "flowchart-elk",
            HeaderKeyword::SwimlaneBeta => "swimlane",
            _ => "flowchart-v2",
        };
        let mut db = FlowDb {
            diagram_type: diagram_type.to_string(),
            direction: normalise_direction(
                chart.header.direction.as_ref().map(|d| d.value.as_str()),
            ),
            vertices: Vec::new(),
            edges: Vec::new(),
            subgraphs: Vec::new(),
            class_defs: Vec::new(),
            acc_title: None,
            acc_descr: None,
            title: chart.front_matter.as_ref().and_then(|f| f.title.clone()),
            vertex_index: HashMap::default(),
            subgraph_index: HashMap::default(),
            edge_index: HashMap::default(),
            pair_count: HashMap::default(),
            in_subgraph: Default::default(),
            default_interpolate: None,
            sub_count: 0,
            subgraph_depth: 0,
        };
        let edges = count_edges(&chart.statements);
        db.edges.reserve_exact(edges);
        db.edge_index.reserve(edges);
        db.pair_count.reserve(edges);
        db.document(&chart.statements)?;
        db.vertices.shrink_to_fit();
        Ok(db)
    }

    /// The curve of `linkStyle default interpolate …`, which Mermaid also gives every edge
    /// that has none of its own when it draws.
    pub fn default_interpolate(&self) -> Option<&str> {
        self.default_interpolate.as_deref()
    }

    /// The vertex with `id`.
    pub fn vertex(&self, id: &str) -> Option<&Vertex> {
        self.vertex_index.get(id).map(|&i| &self.vertices[i])
    }

    fn document(&mut self, statements: &[Statement]) -> Result<Vec<Member>, SyntaxError> {
        let mut members = Vec::new();
        for s in statements {
            self.statement(s, &mut members)?;
        }
        Ok(members)
    }

    fn statement(&mut self, s: &Statement, members: &mut Vec<Member>) -> Result<(), SyntaxError> {
        match s {
            Statement::Vertex(v) => self.vertex_statement(v, members)?,
            Statement::Subgraph(sg) => {
                let id = self.subgraph(sg)?;
                members.push(Member::Id(id));
            }
            Statement::Direction(d) => members.push(Member::Dir(d.direction)),
            Statement::ClassDef(c) => self.add_class(&c.names.value, &c.styles),
            Statement::Class(c) => self.set_class(&c.ids.value, &c.class.value),
            Statement::Style(st) => {
                let styles: Vec<String> = st.styles.iter().map(|s| s.value.clone()).collect();
                if let Some(i) = self.add_vertex(&st.id.value, st.id.span, None, None)? {
                    self.vertices[i].styles.extend(styles);
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
        self.node_group(&v.first)?;
        let mut prev: &[NodeRef] = &v.first;
        for (link, group) in &v.chain {
            self.node_group(group)?;
            self.add_link(prev, group, link);
            prev = group;
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
        if let Some(&e) = self.edge_index.get(id) {
            let e = &mut self.edges[e];
            if let Some(curve) = doc.as_ref().and_then(|d| d.get_str("curve")) {
                e.interpolate = Some(Name::from(curve));
            }
            return Ok(None);
        }
        let i = match self.vertex_index.get(id) {
            Some(&i) => i,
            None => {
                self.vertices.push(Vertex {
                    id: Name::new(id),
                    text: String::new(),
                    label_type: "text",
                    shape: None,
                    classes: Vec::new(),
                    styles: Vec::new(),
                    raw: None,
                    span,
                    label_span: None,
                    link: None,
                    tooltip: None,
                    icon: None,
                    img: None,
                    form: None,
                    pos: None,
                    asset_width: None,
                    asset_height: None,
                    constraint: None,
                    text_set: false,
                });
                self.vertex_index
                    .insert(Name::new(id), self.vertices.len() - 1);
                self.vertices.len() - 1
            }
        };
        let v = &mut self.vertices[i];
        match label {
            Some((l, shape)) => {
                v.text = strip_quotes(sanitize::sanitize_text(l.text.trim()).into_owned());
                v.label_type = l.kind.mermaid_name();
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
                if let Some(msg) = shapes::shape_error(&name) {
                    let help = match shapes::closest_shape(&name) {
                        Some(s) => format!("did you mean `shape: {s}`?"),
                        None => "see the shape list at https://mermaid.js.org/syntax/flowchart.html#complete-list-of-new-shapes".to_string(),
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
                v.icon = Some(icon);
                if label_blank && v.text == id {
                    v.text = String::new();
                }
            }
            if let Some(img) = truthy("img") {
                v.img = Some(img);
                if label_blank && v.text == id {
                    v.text = String::new();
                }
            }
            if let Some(form) = truthy("form") {
                v.form = Some(form);
            }
            if let Some(pos) = truthy("pos") {
                v.pos = Some(pos);
            }
            if let Some(c) = truthy("constraint") {
                v.constraint = Some(c);
            }
            if let Some(w) = truthy("w") {
                v.asset_width = Some(js_number(&w));
            }
            if let Some(h) = truthy("h") {
                v.asset_height = Some(js_number(&h));
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
        let (text, label_type, raw) = match &link.text {
            Some(l) => {
                let text = strip_quotes(sanitize::sanitize_text(l.text.trim()).into_owned());
                let raw = (text != l.text).then(|| l.text.to_string());
                (text, label_type_or_markdown(l.kind.mermaid_name()), raw)
            }
            None => (String::new(), "text", None),
        };
        let pair = compact_str::format_compact!("L_{start}_{end}");
        let count = self.pair_count.entry(pair).or_default();
        let existing = *count;
        *count += 1;
        let id = match id {
            Some(id) if !self.edge_index.contains_key(id) => Name::new(id),
            _ => {
                let counter = if existing == 0 { 0 } else { existing + 1 };
                compact_str::format_compact!("L_{start}_{end}_{counter}")
            }
        };
        self.edge_index
            .entry(id.clone())
            .or_insert(self.edges.len());
        self.edges.push(Edge {
            start: Name::new(start),
            end: Name::new(end),
            arrow: link.arrow.mermaid_name(),
            stroke: link.stroke.mermaid_name(),
            length: link.length.min(10),
            text,
            label_type,
            id,
            style: Vec::new(),
            classes: Vec::new(),
            interpolate: self.default_interpolate.clone(),
            raw,
            has_label: link.text.is_some(),
            arrow_span: link.arrow_span,
            span: link.span,
        });
    }

    fn add_class(&mut self, names: &str, styles: &[Spanned<String>]) {
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
            match self.class_defs.iter_mut().find(|(n, _)| n == name) {
                Some((_, list)) => list.extend(split.iter().cloned()),
                None => self.class_defs.push((Name::new(name), split.clone())),
            }
        }
    }

    fn set_class(&mut self, ids: &str, class: &str) {
        for id in ids.split(',') {
            if let Some(&i) = self.vertex_index.get(id) {
                push_class(&mut self.vertices[i].classes, class);
            }
            if let Some(&e) = self.edge_index.get(id) {
                push_class(&mut self.edges[e].classes, class);
            }
            if let Some(&i) = self.subgraph_index.get(id) {
                push_class(&mut self.subgraphs[i].classes, class);
            }
        }
    }

    fn link_style(&mut self, ls: &LinkStyle) -> Result<(), SyntaxError> {
        let styles: Vec<String> = ls.styles.iter().map(|s| s.value.clone()).collect();
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
                        edge.interpolate = Some(Name::new(&curve.value));
                    }
                    if !styles.is_empty() {
                        edge.style = styles.clone();
                        if !edge.style.iter().any(|s| s.starts_with("fill")) {
                            edge.style.push("fill:none".into());
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
                if let Some(&i) = self.vertex_index.get(id) {
                    self.vertices[i].link = Some(url.clone());
                }
            }
        }
        if let Some(t) = &c.tooltip {
            for id in c.id.value.split(',') {
                if let Some(&i) = self.vertex_index.get(id) {
                    self.vertices[i].tooltip = Some(sanitize::sanitize_text(t).into_owned());
                }
            }
        }
        self.set_class(&c.id.value, "clickable");
    }

    /// Mermaid's `addSubGraph`, called when `end` is reached.
    fn subgraph(&mut self, sg: &Subgraph) -> Result<Name, SyntaxError> {
        self.subgraph_depth += 1;
        let members = self.document(&sg.body);
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
        nodes.retain(|n| !self.in_subgraph.contains(n));
        self.in_subgraph.extend(nodes.iter().cloned());
        self.subgraphs.push(SubgraphInfo {
            id: id.clone(),
            title,
            label_type: label_type_or_markdown(label_type.mermaid_name()),
            nodes,
            dir,
            classes: Vec::new(),
            span: sg.span,
        });
        self.subgraph_index
            .insert(id.clone(), self.subgraphs.len() - 1);
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
