use std::collections::VecDeque;

use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{Endpoint, Kind, KindSource, Node, NodeId, ZoneId};

declare_rule! {
    /// ## What it does
    /// Walks the traffic edges (solid and thick) once, from every ingress (nodes of kind
    /// `external`), without walking on through gateways (application gateway, WAF, Front Door,
    /// API management, ingress controller, firewall: nodes of kind `gateway`), and reports
    /// every data store (database, cache, queue, storage) the walk reaches: a path from the
    /// outside to the data that no gateway guards. The first edge of the path is shown.
    ///
    /// An edge into a subgraph reaches everything inside it, as for `unreachable-service`.
    ///
    /// Not every `external` node is where public requests come from. Third-party services the
    /// network calls (external APIs, payment providers, nodes placed only in an external
    /// zone) and bastion or jump hosts are left out: an arrow from them usually draws a
    /// dependency or operators' access, not requests from the internet.
    ///
    /// ## Why is this bad?
    /// Data stores hold what an attacker wants. A request that can get from the internet to a
    /// database, cache, queue or bucket without crossing a gateway or WAF has no place where
    /// it is authenticated, filtered or rate-limited on the way. Either the diagram misses the
    /// gateway the traffic really passes, or the network exposes its data.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     Users["👥 사용자"] --> Api["Trip Service"]
    ///     Api --> Db[("PostgreSQL")]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     Users["👥 사용자"] --> Gw["Application Gateway + WAF"]
    ///     Gw --> Api["Trip Service"]
    ///     Api --> Db[("PostgreSQL")]
    /// ```
    ///
    /// ## Options
    /// - `dotted-edges-are-traffic` in `[model]` of topomaid.toml (default `false`): follow dotted edges too.
    /// - Mark a gateway the heuristics do not recognise with
    ///   `%% topomaid: kind Edge gateway`, an ingress with `%% topomaid: kind Partner external`
    ///   (a directive makes any `external` node an ingress for this rule, a third-party API
    ///   that calls in too).
    ///
    /// ## References
    /// - [OWASP: API Security Top 10, API8 Security Misconfiguration](https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/)
    /// - [Azure Architecture Center: Web Application Firewall](https://learn.microsoft.com/azure/web-application-firewall/overview)
    pub struct PublicDataPath {
        id: "public-data-path",
        severity: Warning,
        summary: "A traffic path from an ingress to a data store that passes no gateway.",
    }
}

impl_rule!(PublicDataPath);

fn is_data_store(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Database | Kind::Cache | Kind::Queue | Kind::Storage
    )
}

/// Label words that make a node `external` without making it a source of public requests:
/// third-party services the network calls, and operators' jump hosts.
const NOT_PUBLIC: &[&str] = &[
    "external api",
    "external service",
    "external system",
    "third party",
    "payment gateway",
    "bastion",
    "jump box",
    "jumpbox",
    "외부 api",
    "외부 서비스",
    "외부 시스템",
    "결제 게이트웨이",
];

/// True for an ingress where public requests come from: a node of kind `external`, unless it
/// is only inside an external zone or its label names a third-party service or a jump host.
/// A directive, the configuration or a class that says `external` always makes an ingress.
fn is_public_ingress(node: &Node) -> bool {
    if node.kind != Kind::External {
        return false;
    }
    match node.kind_reason.source {
        KindSource::ExternalZone => false,
        KindSource::Label => {
            let pattern = node.kind_reason.detail.rsplit('`').nth(1).unwrap_or("");
            !NOT_PUBLIC.contains(&pattern)
        }
        _ => true,
    }
}

/// How a state was first reached: the ingress the walk started from and the first edge taken.
#[derive(Clone, Copy)]
struct Origin {
    ingress: NodeId,
    first_edge: Option<usize>,
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let (n, z) = (model.nodes.len(), model.zones.len());
    if !model.nodes.iter().any(|node| is_data_store(node.kind)) {
        return;
    }
    // States, as in `Model::reach`: node i; zone entered n+i; zone left n+z+i.
    let mut origin: Vec<Option<Origin>> = vec![None; n + 2 * z];
    let mut queue = VecDeque::new();
    let visit =
        |s: usize, o: Origin, origin: &mut Vec<Option<Origin>>, queue: &mut VecDeque<usize>| {
            if origin[s].is_none() {
                origin[s] = Some(o);
                queue.push_back(s);
            }
        };
    for (i, node) in model.nodes.iter().enumerate() {
        if is_public_ingress(node) {
            let o = Origin {
                ingress: NodeId(i),
                first_edge: None,
            };
            visit(i, o, &mut origin, &mut queue);
        }
    }
    let state_in = |ep: Endpoint| match ep {
        Endpoint::Node(NodeId(i)) => i,
        Endpoint::Zone(ZoneId(i)) => n + i,
    };
    // Traffic edges leaving an endpoint: outgoing ones, and incoming two-way ones.
    let leaving = |ep: Endpoint| {
        model.edges_of(ep).filter(move |&(e, _)| {
            let edge = &model.edges[e];
            cx.config.carries_traffic(edge) && (edge.from == ep || edge.both_ways)
        })
    };
    while let Some(s) = queue.pop_front() {
        let o = origin[s].expect("queued states have an origin");
        let follow = |e: usize| Origin {
            first_edge: o.first_edge.or(Some(e)),
            ..o
        };
        if s < n {
            if model.nodes[s].kind == Kind::Gateway {
                continue;
            }
            for (e, to) in leaving(Endpoint::Node(NodeId(s))) {
                visit(state_in(to), follow(e), &mut origin, &mut queue);
            }
            if let Some(zone) = model.nodes[s].zone {
                visit(n + z + zone.0, o, &mut origin, &mut queue);
            }
        } else if s < n + z {
            let zone = &model.zones[s - n];
            for m in &zone.nodes {
                visit(m.0, o, &mut origin, &mut queue);
            }
            for c in &zone.children {
                visit(n + c.0, o, &mut origin, &mut queue);
            }
            visit(s + z, o, &mut origin, &mut queue);
        } else {
            let zi = s - n - z;
            for (e, to) in leaving(Endpoint::Zone(ZoneId(zi))) {
                visit(state_in(to), follow(e), &mut origin, &mut queue);
            }
            if let Some(p) = model.zones[zi].parent {
                visit(n + z + p.0, o, &mut origin, &mut queue);
            }
        }
    }
    for (i, node) in model.nodes.iter().enumerate() {
        if !is_data_store(node.kind) {
            continue;
        }
        let Some(o) = origin[i] else {
            continue;
        };
        let ingress = &model.nodes[o.ingress.0].id;
        let mut v = Violation::new(
            node.span,
            format!(
                "{} `{}` is reachable from the ingress `{ingress}` without passing a gateway",
                node.kind, node.id
            ),
        )
        .label("no gateway on the way here");
        if let Some(e) = o.first_edge {
            let edge = &model.edges[e];
            v = v.related(
                edge.span,
                format!(
                    "the path starts with this edge from `{}` to `{}`",
                    model.endpoint_id(edge.from),
                    model.endpoint_id(edge.to)
                ),
            );
        }
        out.push(v.help(
            "route the traffic through a gateway or WAF (Application Gateway, API Management, an ingress controller); if one is there, draw it, or mark it with `%% topomaid: kind ID gateway`",
        ));
    }
}
