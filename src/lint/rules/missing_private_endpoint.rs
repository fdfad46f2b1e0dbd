use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{Endpoint, Kind, Model, NodeId, ZoneId, text};

declare_rule! {
    /// ## What it does
    /// Reports a managed data service (database, cache, queue, storage, secret store) that
    /// lives outside every address space of the diagram (a PaaS service on its public
    /// endpoint) and that traffic reaches directly, in a diagram that reaches other services
    /// through private endpoints: the team uses Private Link, and this service was left out.
    /// One finding per service: the first edge is underlined, the others are listed with it.
    ///
    /// Edges from a private endpoint, from the service's own group (a Service Bus namespace
    /// feeding its queues), from another data service (replication, backup) and from external
    /// clients are not reported. The rule stays silent on diagrams that declare no address
    /// space at all (logical diagrams) and on diagrams that use no private endpoint anywhere:
    /// those draw services on their public endpoints by design, and there is nothing
    /// inconsistent to point at.
    ///
    /// ## Why is this bad?
    /// Traffic from a virtual network to a PaaS endpoint without Private Link leaves the
    /// network for the service's public address: the service must then accept public network
    /// access, data-exfiltration controls do not apply, and the diagram hides that the data
    /// tier is reachable from the internet. When every other service goes through a private
    /// endpoint, the one that does not is usually an oversight.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     subgraph VNet["VNet 10.0.0.0/16"]
    ///         subgraph App["snet-app 10.0.1.0/24"]
    ///             Trip["Trip Service"]
    ///         end
    ///         subgraph Pe["snet-pe 10.0.2.0/24"]
    ///             PgPE["🔐 PostgreSQL Private Endpoint"]
    ///         end
    ///     end
    ///     Pg[("Azure PostgreSQL")]
    ///     Kv["Azure Key Vault"]
    ///     Trip --> PgPE --> Pg
    ///     Trip -->|"secrets"| Kv
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     subgraph VNet["VNet 10.0.0.0/16"]
    ///         subgraph App["snet-app 10.0.1.0/24"]
    ///             Trip["Trip Service"]
    ///         end
    ///         subgraph Pe["snet-pe 10.0.2.0/24"]
    ///             PgPE["🔐 PostgreSQL Private Endpoint"]
    ///             KvPE["🔐 Key Vault Private Endpoint"]
    ///         end
    ///     end
    ///     Pg[("Azure PostgreSQL")]
    ///     Kv["Azure Key Vault"]
    ///     Trip --> PgPE --> Pg
    ///     Trip -->|"secrets"| KvPE --> Kv
    /// ```
    ///
    /// ## Options
    /// - `private-endpoint-kinds` in `[model]` of topomaid.toml (default database, cache, queue, storage, secret-store): which kinds count
    ///   as managed data services.
    /// - `dotted-edges-are-traffic` in `[model]` of topomaid.toml (default `false`).
    /// - Correct a kind with `%% topomaid: kind ID private-endpoint` (or `generic`).
    ///
    /// ## References
    /// - [Azure Private Link](https://learn.microsoft.com/azure/private-link/private-link-overview)
    /// - [Azure: what is a private endpoint?](https://learn.microsoft.com/azure/private-link/private-endpoint-overview)
    /// - [AWS PrivateLink: interface VPC endpoints](https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html)
    /// - [Google Cloud: Private Service Connect](https://cloud.google.com/vpc/docs/private-service-connect)
    pub struct MissingPrivateEndpoint {
        id: "missing-private-endpoint",
        severity: Warning,
        summary: "Traffic reaches a managed data service outside every address space without a private endpoint.",
    }
}

impl_rule!(MissingPrivateEndpoint);

/// The outermost zone around `zone` that holds no address space, climbing only through such
/// zones: the data service's own group.
fn group(model: &Model, zone: Option<ZoneId>, holds: &[bool]) -> Option<ZoneId> {
    model.zone_chain(zone).take_while(|z| !holds[z.0]).last()
}

/// True when the diagram shows private access to managed services somewhere: a private
/// endpoint node, or an edge labelled Private Link. Only then is a data service reached on its
/// public endpoint an inconsistency; a diagram that uses no private endpoint at all draws
/// services on their public endpoints by design.
fn uses_private_endpoints(model: &Model) -> bool {
    model.nodes.iter().any(|n| n.kind == Kind::PrivateEndpoint)
        || model.edges.iter().any(|e| {
            let w = text::normalise(&e.label);
            [
                "private link",
                "privatelink",
                "private endpoint",
                "vpc endpoint",
            ]
            .iter()
            .any(|p| text::has_phrase(&w, &format!(" {p} ")))
        })
}

/// The subnet where a private endpoint for traffic from `from` belongs: the zone holding the
/// diagram's other private endpoints if the source shares an address space with it, else the
/// innermost zone around the source with an address space.
fn endpoint_subnet(model: &Model, from: Endpoint, inside: &[bool]) -> Option<ZoneId> {
    let source_zone = model.endpoint_zone(from);
    let pe_zone = model
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::PrivateEndpoint)
        .find_map(|n| n.zone.filter(|z| inside[z.0]));
    if let Some(z) = pe_zone {
        let shares = |a: ZoneId| {
            model.zone_chain(source_zone).any(|s| {
                model.zone_contains(s, a) && model.zones[s.0].address_spaces().next().is_some()
            })
        };
        if shares(z) {
            return Some(z);
        }
    }
    model
        .zone_chain(source_zone)
        .find(|z| model.zones[z.0].address_spaces().next().is_some())
}

/// A data service reached directly: the service, the endpoint the edges name (the service
/// or its group), and every edge (index, source) that reaches it.
type Reached = (NodeId, Endpoint, Vec<(usize, Endpoint)>);

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    if !model
        .zones
        .iter()
        .any(|z| z.address_spaces().next().is_some())
        || !uses_private_endpoints(model)
    {
        return;
    }
    let inside = model.zones_in_address_space();
    let holds = model.zones_holding_address_space();
    let kinds = &cx.config.private_endpoint_kinds;
    let outside = |zone: Option<ZoneId>| zone.is_none_or(|z| !inside[z.0]);
    // Per zone: the first managed data node inside it (at any depth).
    let mut zone_data: Vec<Option<NodeId>> = vec![None; model.zones.len()];
    for (i, node) in model.nodes.iter().enumerate() {
        if kinds.contains(&node.kind) {
            for z in model.zone_chain(node.zone) {
                zone_data[z.0].get_or_insert(NodeId(i));
            }
        }
    }
    // The data node an edge target stands for, when it is a managed service outside.
    let data_target = |ep: Endpoint| -> Option<NodeId> {
        match ep {
            Endpoint::Node(n) => {
                let node = &model.nodes[n.0];
                (kinds.contains(&node.kind) && outside(node.zone)).then_some(n)
            }
            Endpoint::Zone(z) => {
                if !outside(Some(z)) {
                    return None;
                }
                zone_data[z.0]
            }
        }
    };
    // Per data service: the edges that reach it directly, in order.
    let mut found: Vec<Reached> = Vec::new();
    for (ei, edge) in model.edges.iter().enumerate() {
        if !cx.config.carries_traffic(edge) {
            continue;
        }
        let mut pairs = vec![(edge.from, edge.to)];
        if edge.both_ways {
            pairs.push((edge.to, edge.from));
        }
        for (from, to) in pairs {
            let Some(target) = data_target(to) else {
                continue;
            };
            let t = &model.nodes[target.0];
            if let Endpoint::Node(s) = from {
                let k = model.nodes[s.0].kind;
                if k == Kind::PrivateEndpoint
                    || k == Kind::External
                    || k.is_data()
                    || k.is_passive()
                {
                    continue;
                }
            }
            let target_zone = match to {
                Endpoint::Zone(z) => Some(z),
                Endpoint::Node(_) => t.zone,
            };
            if let Some(g) = group(model, target_zone, &holds)
                && model
                    .endpoint_zone(from)
                    .is_some_and(|fz| model.zone_contains(g, fz))
            {
                continue;
            }
            match found.iter_mut().find(|f| f.0 == target) {
                Some(f) => f.2.push((ei, from)),
                None => found.push((target, to, vec![(ei, from)])),
            }
        }
    }
    let provider = cx.provider();
    let pe_name = provider.map_or("private endpoint", |p| p.private_endpoint_name());
    for (target, shown_ep, edges) in found {
        let t = &model.nodes[target.0];
        let shown = model.endpoint_name(shown_ep);
        let (first, from) = edges[0];
        let source = model.endpoint_name(from);
        let mut v = Violation::new(
            model.edges[first].span,
            if edges.len() == 1 {
                format!(
                    "`{source}` reaches the {} `{shown}` directly, but `{shown}` lives outside every address space of the diagram (a public endpoint), while the diagram uses private endpoints elsewhere",
                    t.kind
                )
            } else {
                format!(
                    "{} edges reach the {} `{shown}` directly, but `{shown}` lives outside every address space of the diagram (a public endpoint), while the diagram uses private endpoints elsewhere",
                    edges.len(),
                    t.kind
                )
            },
        )
        .label("traffic to a public endpoint")
        .related(t.span, format!("`{}` is declared outside every address space", t.id));
        for &(e, f) in &edges[1..] {
            v = v.related(
                model.edges[e].span,
                format!("`{}` reaches it directly too", model.endpoint_name(f)),
            );
        }
        let label = &model.edges[first].label;
        let arrow = if label.trim().is_empty() {
            "-->".to_string()
        } else {
            format!(
                "-->|\"{}\"|",
                label.replace('"', "#quot;").replace('\n', "<br/>")
            )
        };
        let place = endpoint_subnet(model, from, &inside).map_or_else(
            || "inside a subnet of the source's network".to_string(),
            |z| format!("inside the subnet `{}`", model.zones[z.0].display_name()),
        );
        out.push(v.help(format!(
            "add a {pe_name} {place} and route through it: `{source} {arrow} {id}PE[\"🔐 {id} Private Endpoint\"] --> {shown}`",
            id = t.id
        )));
    }
}
