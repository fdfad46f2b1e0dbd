//! What the model inferred, for `topomaid explain`: zones with their address spaces, nodes with
//! their kinds and the reason, edges with what their labels say.

use std::fmt;

use serde::Serialize;

use crate::flowdb::FlowDb;
use crate::model::{AddrRole, AddrValue, EdgeStyle, Kind, KindSource, Model, Traffic};
use crate::source::Span;
use crate::syntax::ast::Flowchart;

/// A zone as `explain` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ZoneInfo {
    /// The subgraph id.
    pub id: String,
    /// The title on one line.
    pub title: String,
    /// The enclosing zone's id.
    pub parent: Option<String>,
    /// Nesting depth.
    pub depth: usize,
    /// Address spaces (valid CIDRs) as written.
    pub address_spaces: Vec<String>,
    /// Malformed CIDRs and addresses, with the reason.
    pub invalid: Vec<String>,
    /// Why the zone counts as external, when it does.
    pub external: Option<String>,
    /// True for a legend.
    pub legend: bool,
    /// The `subgraph` line.
    pub span: Span,
}

/// A node as `explain` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct NodeInfo {
    /// The node id.
    pub id: String,
    /// The label on one line.
    pub label: String,
    /// Its kind.
    pub kind: Kind,
    /// Where the kind came from.
    pub kind_source: KindSource,
    /// Why it has that kind.
    pub reason: String,
    /// The innermost zone's id.
    pub zone: Option<String>,
    /// Addresses in the label.
    pub addresses: Vec<String>,
    /// Ports in the label (`TCP:5432`, `NodePort 30080`).
    pub ports: Vec<String>,
    /// Replica count (`3` or `3-20`).
    pub replicas: Option<String>,
    /// For an address-space node (a subnet, VPC or VNet drawn as a node): the address space
    /// around it, by node id or zone name.
    pub inside: Option<String>,
    /// For a private endpoint: the kind of service it serves.
    pub serves: Option<Kind>,
    /// Where it is declared.
    pub span: Span,
}

/// An edge as `explain` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct EdgeInfo {
    /// Source node or zone id.
    pub from: String,
    /// Target node or zone id.
    pub to: String,
    /// How it is drawn.
    pub style: EdgeStyle,
    /// What that means.
    pub traffic: Traffic,
    /// Two-way (`<-->`, `---`).
    pub both_ways: bool,
    /// The label on one line.
    pub label: String,
    /// Protocols in the label.
    pub protocols: Vec<String>,
    /// Ports in the label.
    pub ports: Vec<String>,
    /// Routes in the label.
    pub routes: Vec<String>,
    /// Where the link is written.
    pub span: Span,
}

/// Everything `explain` shows for one diagram.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// The provider the diagram's words point at, and why (`None` when nothing says).
    pub provider: Option<String>,
    /// Zones, outermost first, in source order.
    pub zones: Vec<ZoneInfo>,
    /// Nodes, in Mermaid's order.
    pub nodes: Vec<NodeInfo>,
    /// Edges, in order.
    pub edges: Vec<EdgeInfo>,
}

/// How an address's role reads in `explain`.
fn role_name(role: AddrRole) -> &'static str {
    match role {
        AddrRole::Network => "network",
        AddrRole::Interface => "interface",
        AddrRole::Host => "host",
        AddrRole::Route => "route",
        AddrRole::Invalid => "invalid",
    }
}

/// A label or title on one line: its lines joined by ` / `.
pub fn one_line(s: &str) -> String {
    s.lines().collect::<Vec<_>>().join(" / ")
}

/// Builds the model of a diagram and describes it.
pub fn explain(source: &str, chart: &Flowchart, db: &FlowDb) -> Explanation {
    explain_model(&Model::build(source, chart, db))
}

/// Describes a model.
pub fn explain_model(model: &Model) -> Explanation {
    let zones = model
        .zones_in_source_order()
        .into_iter()
        .map(|zi| {
            let z = &model.zones[zi.0];
            ZoneInfo {
                id: z.id.clone(),
                title: one_line(&z.title),
                parent: z.parent.map(|p| model.zones[p.0].id.clone()),
                depth: z.depth,
                address_spaces: z.address_spaces().map(|(a, _)| a.text.clone()).collect(),
                invalid: z
                    .addresses
                    .iter()
                    .filter_map(|a| match &a.value {
                        AddrValue::Invalid { reason, .. } => Some(format!("{}: {reason}", a.text)),
                        _ => None,
                    })
                    .collect(),
                external: z.external.clone(),
                legend: z.legend,
                span: z.header_span,
            }
        })
        .collect();
    let nodes = model
        .nodes
        .iter()
        .map(|n| NodeInfo {
            id: n.id.to_string(),
            label: one_line(&n.label),
            kind: n.kind,
            kind_source: n.kind_reason.source,
            reason: n.kind_reason.detail.clone(),
            zone: n.zone.map(|z| model.zones[z.0].display_name().to_string()),
            addresses: n
                .addresses
                .iter()
                .map(|a| format!("{} ({})", a.text, role_name(a.role)))
                .collect(),
            inside: n
                .is_address_space()
                .then(|| n.space_parent.map(|p| model.endpoint_name(p).to_string()))
                .flatten(),
            serves: n.serves,
            ports: n.ports.iter().map(ToString::to_string).collect(),
            replicas: n.replicas.map(|r| r.to_string()),
            span: n.span,
        })
        .collect();
    let edges = model
        .edges
        .iter()
        .map(|e| EdgeInfo {
            from: model.endpoint_name(e.from).to_string(),
            to: model.endpoint_name(e.to).to_string(),
            style: e.style,
            traffic: e.traffic,
            both_ways: e.both_ways,
            label: one_line(&e.label),
            protocols: e.protocols.clone(),
            ports: e.ports.iter().map(ToString::to_string).collect(),
            routes: e.routes.clone(),
            span: e.span,
        })
        .collect();
    Explanation {
        provider: model
            .inferred_provider()
            .map(|c| format!("{} ({})", c.provider, c.reason)),
        zones,
        nodes,
        edges,
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.provider {
            Some(p) => writeln!(f, "provider: {p}")?,
            None => writeln!(
                f,
                "provider: none recognised (no reserved addresses beyond network and broadcast)"
            )?,
        }
        writeln!(f, "zones:")?;
        for z in &self.zones {
            write!(f, "{}{} \"{}\"", "  ".repeat(z.depth + 1), z.id, z.title)?;
            if !z.address_spaces.is_empty() {
                write!(f, "  address space {}", z.address_spaces.join(", "))?;
            }
            for i in &z.invalid {
                write!(f, "  invalid {i}")?;
            }
            if z.legend {
                write!(f, "  (legend)")?;
            }
            writeln!(f)?;
        }
        writeln!(f, "nodes:")?;
        for n in &self.nodes {
            write!(f, "  {} [{}] \"{}\"", n.id, n.kind, n.label)?;
            if let Some(z) = &n.zone {
                write!(f, " in {z}")?;
            }
            write!(f, " — {}", n.reason)?;
            if !n.addresses.is_empty() {
                write!(f, "; addresses {}", n.addresses.join(", "))?;
            }
            if !n.ports.is_empty() {
                write!(f, "; ports {}", n.ports.join(", "))?;
            }
            if let Some(r) = &n.replicas {
                write!(f, "; replicas {r}")?;
            }
            if n.kind == Kind::Network && !n.addresses.is_empty() {
                match &n.inside {
                    Some(p) => write!(f, "; address space inside {p}")?,
                    None => write!(f, "; address space")?,
                }
            }
            if let Some(k) = n.serves {
                write!(f, "; serves a {k}")?;
            }
            writeln!(f)?;
        }
        writeln!(f, "edges:")?;
        for e in &self.edges {
            let arrow = match (e.traffic, e.both_ways) {
                (Traffic::Traffic, false) => "-->",
                (Traffic::Traffic, true) => "<-->",
                (Traffic::Association, false) => "-.->",
                (Traffic::Association, true) => "<-.->",
                (Traffic::Layout, _) => "~~~",
            };
            write!(f, "  {} {arrow} {} ({:?})", e.from, e.to, e.traffic)?;
            if !e.protocols.is_empty() {
                write!(f, " protocols {}", e.protocols.join(", "))?;
            }
            if !e.ports.is_empty() {
                write!(f, " ports {}", e.ports.join(", "))?;
            }
            if !e.routes.is_empty() {
                write!(f, " routes {}", e.routes.join(", "))?;
            }
            if !e.label.is_empty() {
                write!(f, " \"{}\"", e.label)?;
            }
            writeln!(f)?;
        }
        Ok(())
    }
}
