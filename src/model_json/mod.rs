//! The JSON form of `topomaid json` (documented in docs/model-json.md): the topology model of
//! every diagram with its diagnostics. The types here are what is serialised, and the JSON
//! Schema in docs/model-schema.json is derived from them ([`schema`]), so the two cannot drift.

use schemars::JsonSchema;
use serde::Serialize;

use crate::diagnostics::Report;
use crate::diagnostics::{self, JsonDiagnostic, SYNTAX_RULE};
use crate::lint::Diagnostic;
use crate::model::{
    AddrRole, AddrValue, Address, EdgeStyle, Kind, KindReason, Model, Port, Replicas, Traffic,
};
use crate::parse_json::{Position, Positions};
use crate::source::LineIndex;
use crate::syntax::error::SyntaxError;

/// The schema version of this output. See docs/model-json.md for what changes it.
pub const VERSION: u32 = 1;

/// The whole output of `topomaid json`. `F` is what serialises as the list of files: a
/// `Vec<FileJson>`, or a sequence that builds each file as it is written.
#[derive(Serialize, JsonSchema)]
#[schemars(
    bound = "",
    title = "topomaid model JSON",
    description = "The output of `topomaid json`: the topology model of every diagram of every \
                   file, with its diagnostics. See docs/model-json.md."
)]
pub struct ModelJson<F> {
    /// The schema version: changes that can break a reader raise it (docs/model-json.md).
    #[schemars(extend("const" = VERSION))]
    pub version: u32,
    /// Every file, in the order given on the command line.
    #[schemars(with = "Vec<FileJson<'static>>")]
    pub files: F,
}

/// One file.
#[derive(Serialize, JsonSchema)]
pub struct FileJson<'a> {
    /// The path as given on the command line (`<stdin>` for standard input).
    pub path: &'a str,
    /// Its diagrams in order: one for a `.mmd` file, one per `mermaid` block of Markdown.
    pub diagrams: Vec<DiagramJson<'a>>,
}

/// What became of a diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Parsed; the model and the lint findings are given.
    Ok,
    /// Did not parse; `diagnostics` holds the syntax errors (rule `syntax`).
    Failed,
    /// A Markdown block that is not a flowchart; `skipped` names its diagram type.
    Skipped,
}

/// One diagram: its topology and its diagnostics.
#[derive(Serialize, JsonSchema)]
pub struct DiagramJson<'a> {
    /// Whether it parsed.
    pub status: Status,
    /// For a skipped block, its diagram keyword (`sequenceDiagram`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<&'a str>,
    /// The diagram's text within the file.
    pub span: Position,
    /// Zones (subgraphs), in source order.
    pub zones: Vec<ZoneJson<'a>>,
    /// Nodes, in Mermaid's order (first mention).
    pub nodes: Vec<NodeJson<'a>>,
    /// Edges, in source order.
    pub edges: Vec<EdgeJson<'a>>,
    /// Lint findings (or syntax errors), exactly as `check --format json` gives them.
    pub diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// A zone: a subgraph, with the address spaces written in its title.
#[derive(Serialize, JsonSchema)]
pub struct ZoneJson<'a> {
    /// The subgraph id.
    pub id: &'a str,
    /// The name people read: the title when Mermaid generated the id (`subGraph3` for a
    /// subgraph written with a title only), else the id.
    pub name: &'a str,
    /// The title as plain text (line breaks as `\n`).
    pub title: &'a str,
    /// The id of the enclosing zone.
    pub parent: Option<&'a str>,
    /// Nesting depth, 0 at the top.
    pub depth: usize,
    /// CIDR blocks written in the title, valid or not; the valid ones are its address spaces.
    pub cidrs: Vec<AddressJson<'a>>,
    /// Ids of the nodes directly inside.
    pub members: Vec<&'a str>,
    /// Ids of the zones directly inside.
    pub children: Vec<&'a str>,
    /// True when the zone or one around it is external by its title (Internet, 외부), so that
    /// the nodes inside count as external.
    pub external: bool,
    /// True when the zone or one around it is a legend.
    pub legend: bool,
    /// From `subgraph` to `end`.
    pub span: Position,
    /// The `subgraph …` line.
    pub header_span: Position,
}

/// An address or CIDR block written in a label or title.
#[derive(Serialize, JsonSchema)]
pub struct AddressJson<'a> {
    /// The text as written.
    pub text: &'a str,
    /// What it is: `network` (with `net`), `host` (with `ip`) or `invalid` (with `reason`).
    #[serde(flatten)]
    pub value: &'a AddrValue,
    /// What it stands for: an address space (`network`), an interface address with its prefix
    /// (`interface`), a single address (`host`), a route's or rule's destination or source
    /// (`route`), or `invalid`.
    pub role: AddrRole,
    /// Where it is written, when it could be located.
    pub span: Option<Position>,
}

/// A port named in a label.
#[derive(Serialize, JsonSchema)]
pub struct PortJson<'a> {
    /// The port number.
    pub number: u16,
    /// The protocol written with it (`TCP` in `TCP:5432`), upper case.
    pub protocol: Option<&'a str>,
    /// True for `NodePort 30080`.
    pub node_port: bool,
    /// Where the number is written, when it could be located.
    pub span: Option<Position>,
}

/// A node with its kind, the reason for it, and the facts its label states.
#[derive(Serialize, JsonSchema)]
pub struct NodeJson<'a> {
    /// The node id.
    pub id: &'a str,
    /// The label as plain text (line breaks as `\n`); the id when there is no label.
    pub label: &'a str,
    /// What the node is.
    pub kind: Kind,
    /// Why it is that.
    pub kind_reason: &'a KindReason,
    /// The id of the innermost zone.
    pub zone: Option<&'a str>,
    /// Mermaid's shape name, when the node was declared with one.
    pub shape: Option<&'a str>,
    /// Classes from `:::` and `class`.
    #[schemars(with = "Vec<String>")]
    pub classes: &'a [crate::syntax::ast::Name],
    /// Addresses and CIDR blocks written in the label.
    pub addresses: Vec<AddressJson<'a>>,
    /// Ports written in the label.
    pub ports: Vec<PortJson<'a>>,
    /// A replica count written in the label (`3 replicas`, `3-20 replicas`).
    pub replicas: Option<Replicas>,
    /// For a private endpoint: the kind of service its label says it serves.
    pub serves: Option<Kind>,
    /// For a network node (a subnet, VPC or VNet drawn as a node, with its range): the id of
    /// the node or zone whose address space it lies in.
    pub inside: Option<&'a str>,
    /// Where the node is declared.
    pub span: Position,
}

/// An edge between nodes or zones.
#[derive(Serialize, JsonSchema)]
pub struct EdgeJson<'a> {
    /// Mermaid's edge id (`L_a_b_0`); it depends on statement order, so do not match edges by it.
    pub id: &'a str,
    /// The id of the node or zone it starts at.
    pub from: &'a str,
    /// The id of the node or zone it ends at.
    pub to: &'a str,
    /// How it is drawn.
    pub style: EdgeStyle,
    /// What that means.
    pub traffic: Traffic,
    /// True for `<-->` and head-less `---`: traffic may flow either way.
    pub both_ways: bool,
    /// The label as plain text.
    pub label: &'a str,
    /// Protocols named in the label, upper case.
    pub protocols: &'a [String],
    /// Ports named in the label.
    pub ports: Vec<PortJson<'a>>,
    /// Routes named in the label (`/api/users/**`).
    pub routes: &'a [String],
    /// The link as written.
    pub span: Position,
}

/// Where a diagram sits in its file, for turning its spans into file positions.
#[derive(Clone, Copy)]
pub struct Place<'a> {
    /// The file name as given.
    pub file: &'a str,
    /// The whole file.
    pub text: &'a str,
    /// Line starts of `text`.
    pub index: &'a LineIndex,
    /// Byte offset of the diagram in the file.
    pub base: usize,
}

impl Place<'_> {
    fn positions(&self) -> Positions<'_> {
        Positions::new(self.text, self.index, self.base)
    }
}

fn address<'a>(a: &'a Address, p: Positions<'_>) -> AddressJson<'a> {
    AddressJson {
        text: &a.text,
        value: &a.value,
        role: a.role,
        span: a.span.map(|s| p.of(s)),
    }
}

fn port<'a>(x: &'a Port, p: Positions<'_>) -> PortJson<'a> {
    PortJson {
        number: x.number,
        protocol: x.protocol.as_deref(),
        node_port: x.node_port,
        span: x.span.map(|s| p.of(s)),
    }
}

impl<'a> DiagramJson<'a> {
    /// A parsed diagram: its model and its lint findings. `len` is the diagram's length.
    pub fn parsed(
        model: &'a Model,
        diagnostics: &'a [Diagnostic],
        at: Place<'a>,
        len: usize,
    ) -> Self {
        let p = at.positions();
        let zone_id = |z: crate::model::ZoneId| model.zones[z.0].id.as_str();
        let zones = model
            .zones_in_source_order()
            .into_iter()
            .map(|zi| {
                let z = &model.zones[zi.0];
                ZoneJson {
                    id: &z.id,
                    name: z.display_name(),
                    title: &z.title,
                    parent: z.parent.map(zone_id),
                    depth: z.depth,
                    cidrs: z
                        .addresses
                        .iter()
                        .filter(|a| a.is_cidr())
                        .map(|a| address(a, p))
                        .collect(),
                    members: z
                        .nodes
                        .iter()
                        .map(|n| model.nodes[n.0].id.as_str())
                        .collect(),
                    children: z.children.iter().map(|&c| zone_id(c)).collect(),
                    external: z.external.is_some(),
                    legend: z.legend,
                    span: p.of(z.span),
                    header_span: p.of(z.header_span),
                }
            })
            .collect();
        let nodes = model
            .nodes
            .iter()
            .map(|n| NodeJson {
                id: &n.id,
                label: &n.label,
                kind: n.kind,
                kind_reason: &n.kind_reason,
                zone: n.zone.map(zone_id),
                shape: n.shape.as_deref(),
                classes: &n.classes,
                addresses: n.addresses.iter().map(|a| address(a, p)).collect(),
                ports: n.ports.iter().map(|x| port(x, p)).collect(),
                replicas: n.replicas,
                serves: n.serves,
                inside: n
                    .is_address_space()
                    .then(|| n.space_parent.map(|e| model.endpoint_id(e)))
                    .flatten(),
                span: p.of(n.span),
            })
            .collect();
        let edges = model
            .edges
            .iter()
            .map(|e| EdgeJson {
                id: &e.id,
                from: model.endpoint_id(e.from),
                to: model.endpoint_id(e.to),
                style: e.style,
                traffic: e.traffic,
                both_ways: e.both_ways,
                label: &e.label,
                protocols: &e.protocols,
                ports: e.ports.iter().map(|x| port(x, p)).collect(),
                routes: &e.routes,
                span: p.of(e.span),
            })
            .collect();
        let diagnostics = diagnostics
            .iter()
            .map(|d| json_report(at, d.rule, &Report::from_diagnostic(d)))
            .collect();
        DiagramJson {
            status: Status::Ok,
            skipped: None,
            span: p.of(crate::source::Span::new(0, len)),
            zones,
            nodes,
            edges,
            diagnostics,
        }
    }

    /// A diagram that did not parse: its syntax errors as diagnostics of rule `syntax`.
    pub fn failed(errors: &'a [SyntaxError], at: Place<'a>, len: usize) -> Self {
        DiagramJson {
            diagnostics: errors
                .iter()
                .map(|e| json_report(at, SYNTAX_RULE, &Report::from_error(e)))
                .collect(),
            ..Self::empty(Status::Failed, None, at, len)
        }
    }

    /// A Markdown block that is not a flowchart.
    pub fn skipped(kind: &'a str, at: Place<'a>, len: usize) -> Self {
        Self::empty(Status::Skipped, Some(kind), at, len)
    }

    fn empty(status: Status, skipped: Option<&'a str>, at: Place<'a>, len: usize) -> Self {
        DiagramJson {
            status,
            skipped,
            span: at.positions().of(crate::source::Span::new(0, len)),
            zones: Vec::new(),
            nodes: Vec::new(),
            edges: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

/// A report in the form of `check --format json`.
fn json_report<'a>(at: Place<'a>, rule: &'a str, report: &Report<'a>) -> JsonDiagnostic<'a> {
    diagnostics::json_diagnostic(at.file, at.text, at.index, at.base, rule, report)
}

/// The JSON Schema of the output, derived from the types above.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(ModelJson<Vec<FileJson<'static>>>)
}

/// [`schema`] as the text of docs/model-schema.json.
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests;
