//! The topology a diagram describes, independent of Mermaid's syntax: zones (subgraphs) with
//! their address spaces, nodes with kinds and facts, edges with their style and what their
//! labels say, and a petgraph graph over nodes and zones.
//!
//! Built from Mermaid's model ([`FlowDb`]) plus, from the syntax tree, the comments (for
//! topomaid directives) and label positions (so that every CIDR and port has an exact span).

pub mod addr;
pub mod directive;
pub mod facts;
pub mod kind;
pub mod provider;
pub mod text;

use std::borrow::Cow;
use std::collections::VecDeque;

use petgraph::Direction as PgDirection;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

pub use addr::{AddrRole, AddrValue, Address};
pub use directive::Directives;
pub use facts::{Port, Replicas};
pub use kind::{Kind, KindReason, KindSource};

use crate::flowdb::index::NameIndex;
use crate::flowdb::{Edge as FlowEdge, FlowDb, SubgraphInfo, Vertex};
use crate::source::Span;
use crate::syntax::ast::{Flowchart, Name, NodeRef, Statement, Subgraph};

/// Index of a zone in [`Model::zones`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ZoneId(pub usize);

/// Index of a node in [`Model::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct NodeId(pub usize);

/// One end of an edge: a node, or a zone when the edge names a subgraph id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "index", rename_all = "kebab-case")]
pub enum Endpoint {
    /// A node.
    Node(NodeId),
    /// A zone.
    Zone(ZoneId),
}

/// A zone: a subgraph.
#[derive(Debug, Clone, Serialize)]
pub struct Zone {
    /// The subgraph id.
    pub id: String,
    /// The title as plain text.
    pub title: String,
    /// The title as lower-case words between spaces, for keyword matching
    /// ([`text::normalise`]).
    #[serde(skip)]
    pub words: String,
    /// From `subgraph` to `end`.
    pub span: Span,
    /// The `subgraph …` line, for pointing at the zone.
    pub header_span: Span,
    /// The enclosing zone.
    pub parent: Option<ZoneId>,
    /// Zones directly inside.
    pub children: Vec<ZoneId>,
    /// Nodes directly inside.
    pub nodes: Vec<NodeId>,
    /// Nesting depth (0 at the top).
    pub depth: usize,
    /// Every address and CIDR written in the title; the valid CIDRs are its address spaces.
    pub addresses: Vec<Address>,
    /// When the zone (or one around it) is external: the title word that says so.
    pub external: Option<String>,
    /// When the zone (or one around it) is a legend.
    pub legend: bool,
}

impl Zone {
    /// The zone's address spaces: the valid CIDR blocks of its title that are not routes.
    pub fn address_spaces(&self) -> impl Iterator<Item = (&Address, ipnet::IpNet)> {
        spaces_of(&self.addresses)
    }

    /// True when Mermaid generated the id (a subgraph written with a title only).
    pub fn has_generated_id(&self) -> bool {
        self.id.strip_prefix("subGraph").is_some_and(|n| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && self.title != self.id
        })
    }

    /// The name people read: the title when Mermaid generated the id, else the id.
    pub fn display_name(&self) -> &str {
        if self.has_generated_id() && !self.title.trim().is_empty() {
            self.title.trim()
        } else {
            &self.id
        }
    }
}

/// The address spaces among addresses: valid CIDRs in the [`AddrRole::Network`] role.
fn spaces_of(addresses: &[Address]) -> impl Iterator<Item = (&Address, ipnet::IpNet)> {
    addresses
        .iter()
        .filter(|a| a.is_space())
        .filter_map(|a| a.network().map(|n| (a, n)))
}

/// A node.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// The node id.
    pub id: Name,
    /// The label as plain text (line breaks as `\n`).
    pub label: String,
    /// The label as lower-case words between spaces, for keyword matching
    /// ([`text::normalise`]).
    #[serde(skip)]
    pub words: String,
    /// Mermaid's shape name, when the node was declared with one.
    pub shape: Option<Name>,
    /// Classes from `:::` and `class`.
    pub classes: Vec<Name>,
    /// The innermost zone.
    pub zone: Option<ZoneId>,
    /// What the node is.
    pub kind: Kind,
    /// Why it is that.
    pub kind_reason: KindReason,
    /// Addresses written in the label.
    pub addresses: Vec<Address>,
    /// Ports written in the label.
    pub ports: Vec<Port>,
    /// A replica count written in the label.
    pub replicas: Option<Replicas>,
    /// Where the node is declared (its first mention with a label, else its first mention).
    pub span: Span,
    /// For a private endpoint: the kind of service it serves, when the label names it
    /// (`Azure Redis Cache Private Endpoint` serves a cache).
    pub serves: Option<Kind>,
    /// For an address-space node: the address space around it (the VPC or VNet node it is
    /// joined to or drawn beside, else the zone around it).
    pub space_parent: Option<Endpoint>,
}

impl Node {
    /// The node's address spaces: the valid CIDRs of its label that are not routes,
    /// interfaces or hosts.
    pub fn address_spaces(&self) -> impl Iterator<Item = (&Address, ipnet::IpNet)> {
        spaces_of(&self.addresses)
    }

    /// True for an address space drawn as a node (a subnet, VPC or VNet with its range).
    pub fn is_address_space(&self) -> bool {
        self.kind == Kind::Network && self.address_spaces().next().is_some()
    }
}

/// How an edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeStyle {
    /// `-->`, `---`
    Solid,
    /// `==>`
    Thick,
    /// `-.->`
    Dotted,
    /// `~~~`
    Invisible,
}

/// What an edge means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Traffic {
    /// Solid and thick edges: traffic flows.
    Traffic,
    /// Dotted edges: placement, replication, backup, monitoring.
    Association,
    /// Invisible edges: layout only.
    Layout,
}

/// An edge.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    /// Mermaid's edge id.
    pub id: Name,
    /// Where it starts.
    pub from: Endpoint,
    /// Where it ends.
    pub to: Endpoint,
    /// How it is drawn.
    pub style: EdgeStyle,
    /// What that means.
    pub traffic: Traffic,
    /// True for `<-->` and head-less `---`: traffic may flow either way.
    pub both_ways: bool,
    /// The label as plain text.
    pub label: String,
    /// Protocols named in the label.
    pub protocols: Vec<String>,
    /// Ports named in the label.
    pub ports: Vec<Port>,
    /// Routes named in the label (`/api/users/**`).
    pub routes: Vec<String>,
    /// The link as written.
    pub span: Span,
}

/// The topology of one diagram.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    /// Zones, in Mermaid's order (innermost first).
    pub zones: Vec<Zone>,
    /// Nodes, in Mermaid's order.
    pub nodes: Vec<Node>,
    /// Edges, in order.
    pub edges: Vec<Edge>,
    /// topomaid comments.
    pub directives: Directives,
    /// Nodes and zones as a graph; each edge weight is an index into [`Model::edges`].
    #[serde(skip)]
    pub graph: DiGraph<Endpoint, usize>,
    #[serde(skip)]
    node_ix: Vec<NodeIndex>,
    #[serde(skip)]
    zone_ix: Vec<NodeIndex>,
    #[serde(skip)]
    node_index: NameIndex,
    #[serde(skip)]
    zone_index: NameIndex,
    #[serde(skip)]
    provider: std::sync::OnceLock<Option<provider::ProviderChoice>>,
}

/// Which endpoints a traversal reached.
#[derive(Debug, Clone)]
pub struct Reach {
    /// Per node.
    pub nodes: Vec<bool>,
    /// Per zone: entered by an edge into it or around it.
    pub zones: Vec<bool>,
}

/// The syntax tree's view of a subgraph and of node declarations, indexed for the model.
struct SyntaxIndex<'a> {
    subgraphs: HashMap<(usize, usize), &'a Subgraph>,
    declarations: HashMap<&'a str, Span>,
}

impl<'a> SyntaxIndex<'a> {
    fn walk(&mut self, statements: &'a [Statement]) {
        for s in statements {
            match s {
                Statement::Subgraph(sg) => {
                    self.subgraphs
                        .insert((sg.span.start as usize, sg.span.end as usize), sg);
                    self.walk(&sg.body);
                }
                Statement::Vertex(v) => {
                    let groups = std::iter::once(&v.first).chain(v.chain.iter().map(|(_, g)| g));
                    for g in groups {
                        for n in g {
                            self.declare(n);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn declare(&mut self, n: &'a NodeRef) {
        if n.shape.is_some() || n.data.is_some() {
            self.declarations.entry(st(&n.id.value)).or_insert(n.span);
        }
    }
}

impl Model {
    /// Builds the model of a diagram: `source` is the diagram's text, `chart` its syntax tree
    /// and `db` what Mermaid builds from it.
    pub fn build(source: &str, chart: &Flowchart, db: &FlowDb) -> Model {
        let vertices = db.vertices.iter().map(Cow::Borrowed);
        let edges = db.edges.iter().map(Cow::Borrowed);
        let counts = (db.vertices.len(), db.edges.len());
        Model::assemble(source, chart, &db.subgraphs, vertices, edges, counts)
    }

    /// [`Model::build`] consuming Mermaid's model: each vertex and edge is dropped as soon as
    /// its node or edge is built, so that the two models are never both whole in memory (for
    /// callers that need nothing of `db` afterwards, as `topomaid check`).
    pub fn build_owned(source: &str, chart: &Flowchart, mut db: FlowDb) -> Model {
        let vertices = std::mem::take(&mut db.vertices);
        let edges = std::mem::take(&mut db.edges);
        let counts = (vertices.len(), edges.len());
        let (vertices, edges) = (vertices.into_iter(), edges.into_iter());
        Model::assemble(
            source,
            chart,
            &db.subgraphs,
            vertices.map(Cow::Owned),
            edges.map(Cow::Owned),
            counts,
        )
    }

    /// Builds the model from Mermaid's subgraphs, vertices and edges (`counts`: how many
    /// vertices and edges the two iterators give).
    fn assemble<'v>(
        source: &str,
        chart: &Flowchart,
        subgraphs: &[SubgraphInfo],
        vertices: impl Iterator<Item = Cow<'v, Vertex>>,
        edges: impl Iterator<Item = Cow<'v, FlowEdge>>,
        counts: (usize, usize),
    ) -> Model {
        let (vertex_count, edge_count) = counts;
        let mut syn = SyntaxIndex {
            subgraphs: HashMap::with_capacity_and_hasher(subgraphs.len(), Default::default()),
            declarations: HashMap::with_capacity_and_hasher(vertex_count, Default::default()),
        };
        syn.walk(&chart.statements);
        let directives = directive::read(&chart.comments);

        // Zones.
        let mut zones: Vec<Zone> = Vec::with_capacity(subgraphs.len());
        let mut zone_index = NameIndex::with_capacity(subgraphs.len());
        for sg in subgraphs {
            let id = sg.id.to_string();
            let ast = syn
                .subgraphs
                .get(&(sg.span.start as usize, sg.span.end as usize))
                .copied();
            let title_label = ast.and_then(|a| a.title.as_ref().or(a.head.as_ref()));
            let title_span = title_label.map(|l| l.span);
            let header_end = title_span.map_or(sg.span.start as usize, |s| s.end as usize);
            let header_end = source[header_end.min(source.len())..]
                .find('\n')
                .map_or(source.len(), |i| header_end + i);
            let header_end = if source[..header_end].ends_with('\r') {
                header_end - 1
            } else {
                header_end
            };
            let title = text::plain_text(&sg.title);
            let mut addresses = addr::addresses(&title, title_span.map(|s| (source, s)));
            // Host bits in a network's title are a malformed range, checked as one.
            let names_network = kind::names_network(&text::normalise(&title));
            for a in &mut addresses {
                if a.role == AddrRole::Interface
                    && (names_network || a.network().is_some_and(|n| n.prefix_len() < 32))
                    && a.network()
                        .is_some_and(|n| n.prefix_len() < n.max_prefix_len())
                {
                    a.role = AddrRole::Network;
                }
            }
            let at = zones.len();
            zones.push(Zone {
                id,
                words: text::normalise(&title),
                title,
                span: sg.span,
                header_span: Span::new(
                    sg.span.start as usize,
                    header_end.max(sg.span.start as usize),
                ),
                parent: None,
                children: Vec::new(),
                nodes: Vec::new(),
                depth: 0,
                addresses,
                external: None,
                legend: false,
            });
            zone_index.insert_first(&zones[at].id, at, |i| &zones[i].id);
        }
        let zone_of = |id: &str, zones: &[Zone]| zone_index.get(id, |i| &zones[i].id).map(ZoneId);
        // Parents: a subgraph id among another subgraph's members.
        for (zi, sg) in subgraphs.iter().enumerate() {
            for m in &sg.nodes {
                if let Some(child) = zone_of(m, &zones)
                    && child.0 != zi
                    && zones[child.0].parent.is_none()
                {
                    zones[child.0].parent = Some(ZoneId(zi));
                    zones[zi].children.push(child);
                }
            }
        }
        // Depth, external and legend flags, outermost first (Mermaid lists innermost first).
        for zi in (0..zones.len()).rev() {
            let norm = zones[zi].words.clone();
            let own_external = kind::external_zone(&norm).map(str::to_string);
            let own_legend = kind::legend_zone(&norm).is_some();
            let (depth, ext, legend) = match zones[zi].parent {
                Some(p) => (
                    zones[p.0].depth + 1,
                    own_external.or_else(|| zones[p.0].external.clone()),
                    own_legend || zones[p.0].legend,
                ),
                None => (0, own_external, own_legend),
            };
            zones[zi].depth = depth;
            zones[zi].external = ext.map(|w| format!("{w}` in zone `{}", zones[zi].display_name()));
            zones[zi].legend = legend;
        }

        // Nodes.
        let mut nodes: Vec<Node> = Vec::with_capacity(vertex_count);
        let mut node_index = NameIndex::with_capacity(vertex_count);
        for v in vertices {
            if zone_of(&v.id, &zones).is_some() {
                continue;
            }
            let id = v.id.clone();
            let labelled = v.raw_label().is_some() && st(&v.text) != st(&v.id);
            let label = text::plain_text(&v.text);
            let located = v.label_span.map(|s| (source, s));
            let addresses = addr::addresses(&label, located);
            let ports = match v.label_span {
                Some(s) if s.end as usize <= source.len() => {
                    facts::ports(&source[s.range()], Some(s.start as usize))
                }
                _ => facts::ports(&label, None),
            };
            let replicas = facts::replicas(&label);
            let span = syn.declarations.get(st(&v.id)).copied().unwrap_or(v.span);
            let at = nodes.len();
            let label = if labelled || !label.is_empty() {
                label
            } else {
                v.id.to_string()
            };
            nodes.push(Node {
                id,
                words: text::normalise(&label),
                label,
                shape: v.shape.clone(),
                classes: v.classes.clone(),
                zone: None,
                kind: Kind::Generic,
                kind_reason: KindReason {
                    source: KindSource::Default,
                    detail: String::new(),
                },
                addresses,
                ports,
                replicas,
                span,
                serves: None,
                space_parent: None,
            });
            node_index.insert_last(&nodes[at].id, at, |i| &nodes[i].id);
        }
        let node_of = |id: &str, nodes: &[Node]| node_index.get(id, |i| &nodes[i].id).map(NodeId);
        for (zi, sg) in subgraphs.iter().enumerate() {
            for m in &sg.nodes {
                if let Some(n) = node_of(m, &nodes)
                    && nodes[n.0].zone.is_none()
                {
                    nodes[n.0].zone = Some(ZoneId(zi));
                    zones[zi].nodes.push(n);
                }
            }
        }

        // Kinds.
        for node in &mut nodes {
            let (kind, reason) = infer_kind(node, &zones);
            node.kind = kind;
            node.kind_reason = reason;
            settle_addresses(node);
        }
        let mut directives = directives;
        let mut problems = Vec::new();
        for d in &directives.kinds {
            for id in &d.ids {
                let reason = || KindReason {
                    source: KindSource::Directive,
                    detail: format!("set by the directive `topomaid: kind {id} {}`", d.kind),
                };
                if let Some(n) = node_of(id, &nodes) {
                    nodes[n.0].kind = d.kind;
                    nodes[n.0].kind_reason = reason();
                } else if let Some(z) = zone_of(id, &zones) {
                    let mut stack = vec![z];
                    while let Some(z) = stack.pop() {
                        for &n in &zones[z.0].nodes {
                            if !node_named(&directives, &nodes[n.0].id) {
                                nodes[n.0].kind = d.kind;
                                nodes[n.0].kind_reason = reason();
                            }
                        }
                        stack.extend(zones[z.0].children.iter().copied());
                    }
                } else {
                    problems.push(directive::DirectiveProblem {
                        message: format!(
                            "the kind directive names `{id}`, which is no node or subgraph"
                        ),
                        help: "check the spelling of the id; ids are case-sensitive".into(),
                        span: d.span,
                    });
                }
            }
        }
        for d in &directives.providers {
            for id in &d.ids {
                if zone_of(id, &zones).is_none() {
                    problems.push(directive::DirectiveProblem {
                        message: format!(
                            "the provider directive names `{id}`, which is no subgraph"
                        ),
                        help: "name a subgraph id; ids are case-sensitive".into(),
                        span: d.span,
                    });
                }
            }
        }
        directives.problems.extend(problems);

        // Edges.
        let flow_edges = edges;
        let mut edges = Vec::with_capacity(edge_count);
        let endpoint = |id: &str| -> Option<Endpoint> {
            zone_of(id, &zones)
                .map(Endpoint::Zone)
                .or_else(|| node_of(id, &nodes).map(Endpoint::Node))
        };
        for e in flow_edges {
            let (Some(from), Some(to)) = (endpoint(st(&e.start)), endpoint(st(&e.end))) else {
                continue;
            };
            let style = match e.stroke.mermaid_name() {
                "thick" => EdgeStyle::Thick,
                "dotted" => EdgeStyle::Dotted,
                "invisible" => EdgeStyle::Invisible,
                _ => EdgeStyle::Solid,
            };
            let traffic = match style {
                EdgeStyle::Solid | EdgeStyle::Thick => Traffic::Traffic,
                EdgeStyle::Dotted => Traffic::Association,
                EdgeStyle::Invisible => Traffic::Layout,
            };
            let both_ways = !matches!(
                e.arrow.mermaid_name(),
                "arrow_point" | "arrow_cross" | "arrow_circle"
            );
            let label = text::plain_text(e.text());
            let ports = if e.span.end as usize <= source.len() {
                facts::ports(&source[e.span.range()], Some(e.span.start as usize))
            } else {
                facts::ports(&label, None)
            };
            edges.push(Edge {
                id: e.id.clone(),
                from,
                to,
                style,
                traffic,
                both_ways,
                protocols: facts::protocols(&label),
                routes: facts::routes(&label),
                label,
                ports,
                span: e.span,
            });
        }

        // Address-space nodes: the space each lies in, from their neighbours (one pass over
        // the edges, so that many subnet nodes stay linear).
        let spaces: Vec<bool> = nodes.iter().map(Node::is_address_space).collect();
        if spaces.iter().any(|&b| b) {
            let mut neighbours: Vec<Vec<NodeId>> = vec![Vec::new(); nodes.len()];
            for e in &edges {
                if let (Endpoint::Node(a), Endpoint::Node(b)) = (e.from, e.to) {
                    if spaces[a.0] {
                        neighbours[a.0].push(b);
                    }
                    if spaces[b.0] {
                        neighbours[b.0].push(a);
                    }
                }
            }
            // Per zone: the VPC or VNet nodes drawn in it, which the subnet nodes beside them
            // lie in.
            let mut containers: HashMap<usize, Vec<NodeId>> = HashMap::default();
            for (i, node) in nodes.iter().enumerate() {
                if let Some(z) = node.zone
                    && spaces[i]
                    && kind::names_container(&node.words)
                {
                    containers.entry(z.0).or_default().push(NodeId(i));
                }
            }
            for i in 0..nodes.len() {
                if spaces[i] {
                    let beside = nodes[i]
                        .zone
                        .and_then(|z| containers.get(&z.0))
                        .map_or(&[][..], Vec::as_slice);
                    nodes[i].space_parent =
                        space_parent(NodeId(i), &nodes, &zones, &neighbours[i], beside);
                }
            }
        }

        // The graph.
        let mut graph = DiGraph::with_capacity(nodes.len() + zones.len(), edges.len());
        let node_ix: Vec<NodeIndex> = (0..nodes.len())
            .map(|i| graph.add_node(Endpoint::Node(NodeId(i))))
            .collect();
        let zone_ix: Vec<NodeIndex> = (0..zones.len())
            .map(|i| graph.add_node(Endpoint::Zone(ZoneId(i))))
            .collect();
        for (i, e) in edges.iter().enumerate() {
            let ix = |ep: Endpoint| match ep {
                Endpoint::Node(n) => node_ix[n.0],
                Endpoint::Zone(z) => zone_ix[z.0],
            };
            graph.add_edge(ix(e.from), ix(e.to), i);
        }

        Model {
            zones,
            nodes,
            edges,
            directives,
            graph,
            node_ix,
            zone_ix,
            node_index,
            zone_index,
            provider: std::sync::OnceLock::new(),
        }
    }

    /// The provider a `%% topomaid: provider` directive sets for a zone or one around it.
    pub fn zone_provider(&self, zone: ZoneId) -> Option<provider::Provider> {
        self.zone_chain(Some(zone)).find_map(|z| {
            self.directives
                .providers
                .iter()
                .find(|d| d.ids.iter().any(|id| *id == self.zones[z.0].id))
                .map(|d| d.provider)
        })
    }

    /// The provider the diagram's words point at (computed once, on first use).
    pub fn inferred_provider(&self) -> Option<&provider::ProviderChoice> {
        self.provider
            .get_or_init(|| provider::Provider::infer(self))
            .as_ref()
    }

    /// The node with `id`.
    pub fn node(&self, id: &str) -> Option<NodeId> {
        self.node_index.get(id, |i| &self.nodes[i].id).map(NodeId)
    }

    /// The zone with `id`.
    pub fn zone(&self, id: &str) -> Option<ZoneId> {
        self.zone_index.get(id, |i| &self.zones[i].id).map(ZoneId)
    }

    /// Every zone in source order (outermost first), where Mermaid lists inner zones first.
    pub fn zones_in_source_order(&self) -> Vec<ZoneId> {
        let mut order: Vec<ZoneId> = (0..self.zones.len()).map(ZoneId).collect();
        order.sort_by_key(|z| self.zones[z.0].span.start);
        order
    }

    /// The zone and every zone around it, innermost first.
    pub fn zone_chain(&self, zone: Option<ZoneId>) -> impl Iterator<Item = ZoneId> + '_ {
        std::iter::successors(zone, |z| self.zones[z.0].parent)
    }

    /// True when `outer` is `inner` or contains it.
    pub fn zone_contains(&self, outer: ZoneId, inner: ZoneId) -> bool {
        self.zone_chain(Some(inner)).any(|z| z == outer)
    }

    /// The address spaces an endpoint lies in, innermost first, itself included: for an
    /// address-space node, the network node it is joined to (and that one's own chain), then
    /// the zones around it; for a zone, the zones around it.
    pub fn space_chain(&self, ep: Endpoint) -> Vec<Endpoint> {
        let mut chain = vec![ep];
        let mut at = ep;
        while let Endpoint::Node(n) = at {
            let node = &self.nodes[n.0];
            match node.space_parent {
                Some(p) if !chain.contains(&p) => {
                    chain.push(p);
                    at = p;
                }
                _ => {
                    chain.extend(self.zone_chain(node.zone).map(Endpoint::Zone));
                    return dedup(chain);
                }
            }
        }
        if let Endpoint::Zone(z) = at {
            chain.extend(self.zone_chain(self.zones[z.0].parent).map(Endpoint::Zone));
        }
        dedup(chain)
    }

    /// The address spaces of an endpoint: a zone's, or an address-space node's.
    pub fn spaces_of(&self, ep: Endpoint) -> Vec<(&Address, ipnet::IpNet)> {
        match ep {
            Endpoint::Zone(z) => self.zones[z.0].address_spaces().collect(),
            Endpoint::Node(n) if self.nodes[n.0].is_address_space() => {
                self.nodes[n.0].address_spaces().collect()
            }
            Endpoint::Node(_) => Vec::new(),
        }
    }

    /// The words of an endpoint (a node's label or a zone's title), normalised.
    pub fn endpoint_words(&self, ep: Endpoint) -> &str {
        match ep {
            Endpoint::Node(n) => &self.nodes[n.0].words,
            Endpoint::Zone(z) => &self.zones[z.0].words,
        }
    }

    /// Where an endpoint is declared: a node's declaration, a zone's `subgraph` line.
    pub fn endpoint_span(&self, ep: Endpoint) -> Span {
        match ep {
            Endpoint::Node(n) => self.nodes[n.0].span,
            Endpoint::Zone(z) => self.zones[z.0].header_span,
        }
    }

    /// The zones of an endpoint: a node's innermost zone, or the zone itself.
    pub fn endpoint_zone(&self, ep: Endpoint) -> Option<ZoneId> {
        match ep {
            Endpoint::Node(n) => self.nodes[n.0].zone,
            Endpoint::Zone(z) => Some(z),
        }
    }

    /// The id of an endpoint: the node or zone id (Mermaid's generated `subGraphN` included).
    pub fn endpoint_id(&self, ep: Endpoint) -> &str {
        match ep {
            Endpoint::Node(n) => &self.nodes[n.0].id,
            Endpoint::Zone(z) => &self.zones[z.0].id,
        }
    }

    /// The name people read for an endpoint: the node id, or the zone's
    /// [`Zone::display_name`] (its title when Mermaid generated the id).
    pub fn endpoint_name(&self, ep: Endpoint) -> &str {
        match ep {
            Endpoint::Node(n) => &self.nodes[n.0].id,
            Endpoint::Zone(z) => self.zones[z.0].display_name(),
        }
    }

    /// An endpoint for messages: ``zone `Name` `` or ``node `ID` ``.
    pub fn describe(&self, ep: Endpoint) -> String {
        match ep {
            Endpoint::Zone(_) => format!("zone `{}`", self.endpoint_name(ep)),
            Endpoint::Node(_) => format!("node `{}`", self.endpoint_name(ep)),
        }
    }

    /// The graph index of an endpoint.
    pub fn graph_index(&self, ep: Endpoint) -> NodeIndex {
        match ep {
            Endpoint::Node(n) => self.node_ix[n.0],
            Endpoint::Zone(z) => self.zone_ix[z.0],
        }
    }

    /// The edges that touch an endpoint, each with the endpoint at its other end.
    pub fn edges_of(&self, ep: Endpoint) -> impl Iterator<Item = (usize, Endpoint)> + '_ {
        let ix = self.graph_index(ep);
        self.graph
            .edges_directed(ix, PgDirection::Outgoing)
            .map(|e| (*e.weight(), self.graph[e.target()]))
            .chain(
                self.graph
                    .edges_directed(ix, PgDirection::Incoming)
                    .map(|e| (*e.weight(), self.graph[e.source()])),
            )
    }

    /// Edges along which traffic may leave `ep`: outgoing edges, and incoming two-way ones.
    fn leaving(&self, ep: Endpoint) -> impl Iterator<Item = (usize, Endpoint)> + '_ {
        let ix = self.graph_index(ep);
        self.graph
            .edges_directed(ix, PgDirection::Outgoing)
            .map(|e| (*e.weight(), self.graph[e.target()]))
            .chain(
                self.graph
                    .edges_directed(ix, PgDirection::Incoming)
                    .filter(|e| self.edges[*e.weight()].both_ways)
                    .map(|e| (*e.weight(), self.graph[e.source()])),
            )
    }

    /// Edges along which traffic may arrive at `ep`: incoming edges, and outgoing two-way ones.
    pub fn arriving(&self, ep: Endpoint) -> impl Iterator<Item = (usize, Endpoint)> + '_ {
        let ix = self.graph_index(ep);
        self.graph
            .edges_directed(ix, PgDirection::Incoming)
            .map(|e| (*e.weight(), self.graph[e.source()]))
            .chain(
                self.graph
                    .edges_directed(ix, PgDirection::Outgoing)
                    .filter(|e| self.edges[*e.weight()].both_ways)
                    .map(|e| (*e.weight(), self.graph[e.target()])),
            )
    }

    /// One breadth-first traversal from `starts` along the edges `follow` accepts. An edge into
    /// a zone reaches everything inside it; a node reached inside a zone may leave along the
    /// zone's own edges (and those of the zones around it).
    pub fn reach(&self, starts: &[NodeId], follow: impl Fn(&Edge) -> bool) -> Reach {
        let (n, z) = (self.nodes.len(), self.zones.len());
        // States: node i; zone entered n+i; zone left n+z+i.
        let mut seen = vec![false; n + 2 * z];
        let mut queue = VecDeque::new();
        let visit = |s: usize, seen: &mut Vec<bool>, queue: &mut VecDeque<usize>| {
            if !seen[s] {
                seen[s] = true;
                queue.push_back(s);
            }
        };
        for s in starts {
            visit(s.0, &mut seen, &mut queue);
        }
        let state_in = |ep: Endpoint| match ep {
            Endpoint::Node(NodeId(i)) => i,
            Endpoint::Zone(ZoneId(i)) => n + i,
        };
        while let Some(s) = queue.pop_front() {
            if s < n {
                let node = NodeId(s);
                for (e, to) in self.leaving(Endpoint::Node(node)) {
                    if follow(&self.edges[e]) {
                        visit(state_in(to), &mut seen, &mut queue);
                    }
                }
                if let Some(zone) = self.nodes[s].zone {
                    visit(n + z + zone.0, &mut seen, &mut queue);
                }
            } else if s < n + z {
                let zone = &self.zones[s - n];
                for m in &zone.nodes {
                    visit(m.0, &mut seen, &mut queue);
                }
                for c in &zone.children {
                    visit(n + c.0, &mut seen, &mut queue);
                }
                visit(s + z, &mut seen, &mut queue);
            } else {
                let zi = s - n - z;
                for (e, to) in self.leaving(Endpoint::Zone(ZoneId(zi))) {
                    if follow(&self.edges[e]) {
                        visit(state_in(to), &mut seen, &mut queue);
                    }
                }
                if let Some(p) = self.zones[zi].parent {
                    visit(n + z + p.0, &mut seen, &mut queue);
                }
            }
        }
        Reach {
            nodes: seen[..n].to_vec(),
            zones: seen[n..n + z].to_vec(),
        }
    }

    /// Per node: true when an edge that is not layout-only touches the node or a zone around it.
    pub fn connected(&self) -> Vec<bool> {
        let mut zone_touched = vec![false; self.zones.len()];
        let mut node_touched = vec![false; self.nodes.len()];
        for e in &self.edges {
            if e.traffic == Traffic::Layout {
                continue;
            }
            for ep in [e.from, e.to] {
                match ep {
                    Endpoint::Node(n) => node_touched[n.0] = true,
                    Endpoint::Zone(z) => zone_touched[z.0] = true,
                }
            }
        }
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, node)| {
                node_touched[i] || self.zone_chain(node.zone).any(|z| zone_touched[z.0])
            })
            .collect()
    }

    /// Per zone: true when the zone or one around it has a valid address space.
    pub fn zones_in_address_space(&self) -> Vec<bool> {
        let mut inside = vec![false; self.zones.len()];
        // Mermaid lists inner zones first, so walk outermost first.
        for zi in (0..self.zones.len()).rev() {
            let own = self.zones[zi].address_spaces().next().is_some();
            let parent = self.zones[zi].parent.is_some_and(|p| inside[p.0]);
            inside[zi] = own || parent;
        }
        inside
    }

    /// Per zone: true when the zone or one inside it has a valid address space.
    pub fn zones_holding_address_space(&self) -> Vec<bool> {
        let mut holds = vec![false; self.zones.len()];
        for zi in 0..self.zones.len() {
            if self.zones[zi].address_spaces().next().is_some() {
                for z in self.zone_chain(Some(ZoneId(zi))) {
                    holds[z.0] = true;
                }
            }
        }
        holds
    }
}

/// Settles what a node's addresses stand for, now that its kind is known: a policy's or route
/// table's ranges are routes and rules; a network's range with host bits is a malformed range;
/// a node that carries a network range is an address space, whatever its words say; a private
/// endpoint records the service its label names.
fn settle_addresses(node: &mut Node) {
    match node.kind {
        Kind::Policy => {
            for a in &mut node.addresses {
                if matches!(a.role, AddrRole::Network | AddrRole::Interface) {
                    a.role = AddrRole::Route;
                }
            }
        }
        Kind::Network if kind::names_subnet(&node.words) => {
            for a in &mut node.addresses {
                if a.role == AddrRole::Interface
                    && a.network()
                        .is_some_and(|n| n.prefix_len() < n.max_prefix_len())
                {
                    a.role = AddrRole::Network;
                }
            }
        }
        Kind::PrivateEndpoint => {
            let served = node
                .label
                .lines()
                .filter_map(|l| kind::best(&text::normalise(l)))
                .find(|h| h.kind.is_data());
            node.serves = served.map(|h| h.kind);
        }
        _ => {}
    }
    let keeps_kind = matches!(
        node.kind,
        Kind::Network
            | Kind::Policy
            | Kind::External
            | Kind::Edge
            | Kind::Egress
            | Kind::Note
            | Kind::PrivateEndpoint
            | Kind::Dns
    );
    if !keeps_kind && node.kind_reason.source != KindSource::Directive {
        let first = node.address_spaces().next().map(|(a, _)| a.text.clone());
        if let Some(cidr) = first {
            node.kind = Kind::Network;
            node.kind_reason = KindReason {
                source: KindSource::Label,
                detail: format!("label carries the network {cidr}"),
            };
        }
    }
}

/// The address space an address-space node lies in: a network node among its `neighbours`
/// (joined by an edge), or a VPC or VNet node drawn `beside` it in its zone, whose range holds
/// one of its own; else the nearest zone around it with an address space.
fn space_parent(
    n: NodeId,
    nodes: &[Node],
    zones: &[Zone],
    neighbours: &[NodeId],
    beside: &[NodeId],
) -> Option<Endpoint> {
    let node = &nodes[n.0];
    let own: Vec<ipnet::IpNet> = node.address_spaces().map(|(_, net)| net.trunc()).collect();
    let holds = |other: &Node| {
        other.is_address_space()
            && other.address_spaces().any(|(_, o)| {
                let o = o.trunc();
                own.iter().any(|m| o != *m && o.contains(m))
            })
    };
    let joined = neighbours
        .iter()
        .copied()
        .find(|&other| holds(&nodes[other.0]));
    let beside = || {
        beside
            .iter()
            .copied()
            .find(|&o| o != n && holds(&nodes[o.0]))
    };
    if let Some(p) = joined.or_else(beside) {
        return Some(Endpoint::Node(p));
    }
    std::iter::successors(node.zone, |z| zones[z.0].parent)
        .find(|z| zones[z.0].address_spaces().next().is_some())
        .map(Endpoint::Zone)
}

/// The endpoints of a chain, each once, in order.
fn dedup(mut chain: Vec<Endpoint>) -> Vec<Endpoint> {
    let mut seen = Vec::with_capacity(chain.len());
    chain.retain(|e| {
        let new = !seen.contains(e);
        seen.push(*e);
        new
    });
    chain
}

/// A string field of Mermaid's model as `&str`, whatever string type it is stored in.
fn st<T: std::ops::Deref<Target = str> + ?Sized>(x: &T) -> &str {
    x
}

/// True when some kind directive names the node itself (it then wins over one naming its zone).
fn node_named(d: &Directives, id: &str) -> bool {
    d.kinds.iter().any(|k| k.ids.iter().any(|i| i == id))
}

/// The reason for a kind read from the label: ``label says `pattern` `` (joined without the
/// formatting machinery, as every labelled node gets one).
fn label_says(pattern: &str) -> String {
    ["label says `", pattern, "`"].concat()
}

/// The kind heuristics, in precedence order (see [`kind`]).
fn infer_kind(node: &Node, zones: &[Zone]) -> (Kind, KindReason) {
    let reason = |source, detail: String| KindReason { source, detail };
    let zone = node.zone.map(|z| &zones[z.0]);
    if let Some(z) = zone
        && z.legend
    {
        return (
            Kind::Note,
            reason(
                KindSource::Legend,
                format!("inside the legend zone `{}`", z.display_name()),
            ),
        );
    }
    let from_id = node.label.trim().is_empty() || node.label == node.id;
    let lines: Vec<Cow<'_, str>> = if !from_id && !node.label.contains('\n') {
        // `words` is the normalised label.
        (node.words.trim() != "")
            .then_some(Cow::Borrowed(node.words.as_str()))
            .into_iter()
            .collect()
    } else {
        let words = if from_id {
            Cow::Owned(text::id_words(&node.id))
        } else {
            Cow::Borrowed(node.label.as_str())
        };
        words
            .lines()
            .map(text::normalise)
            .filter(|l| l.trim() != "")
            .map(Cow::Owned)
            .collect()
    };
    let lines: Vec<kind::Words<'_>> = lines.iter().map(|l| kind::Words::of(l)).collect();
    if let Some(hit) = lines.iter().find_map(|l| kind::dns_in(l, &node.label)) {
        return (hit.kind, reason(KindSource::Label, label_says(hit.pattern)));
    }
    if let Some(hit) = lines.iter().find_map(kind::private_endpoint_in) {
        return (hit.kind, reason(KindSource::Label, label_says(hit.pattern)));
    }
    let head = lines.first().and_then(kind::best_in);
    if let Some(hit) = &head
        && hit.kind != Kind::Service
    {
        return (hit.kind, reason(KindSource::Label, label_says(hit.pattern)));
    }
    if let Some(z) = zone
        && let Some(why) = &z.external
    {
        return (
            Kind::External,
            reason(
                KindSource::ExternalZone,
                format!("inside an external zone (`{why}`)"),
            ),
        );
    }
    if let Some(hit) = head {
        return (hit.kind, reason(KindSource::Label, label_says(hit.pattern)));
    }
    if let Some(shape) = &node.shape
        && let Some(k) = kind::shape_kind(shape)
    {
        return (k, reason(KindSource::Shape, format!("shape `{shape}`")));
    }
    for class in &node.classes {
        if let Some(k) = kind::class_kind(class) {
            return (k, reason(KindSource::Class, format!("class `{class}`")));
        }
    }
    if let Some((k, e)) = kind::emoji_kind(&node.label) {
        return (k, reason(KindSource::Emoji, format!("emoji {e}")));
    }
    if let Some(z) = zone
        && let Some(hit) = kind::zone_title_kind(&z.words)
    {
        return (
            hit.kind,
            reason(
                KindSource::ZoneTitle,
                format!(
                    "inside zone `{}`, whose title says `{}`",
                    z.display_name(),
                    hit.pattern
                ),
            ),
        );
    }
    for (i, line) in lines.iter().enumerate().skip(1) {
        if let Some(hit) = kind::best_in(line) {
            return (
                hit.kind,
                reason(
                    KindSource::Label,
                    format!("line {} of the label says `{}`", i + 1, hit.pattern),
                ),
            );
        }
    }
    (
        Kind::Generic,
        reason(KindSource::Default, "no heuristic matched".into()),
    )
}

#[cfg(test)]
mod tests;
