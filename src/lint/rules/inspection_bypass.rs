use super::impl_rule;
use super::net_text::{first_line, has_any};
use super::policy_text::route_lines;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::addr::{AddrValue, scan};
use crate::model::text::normalise;
use crate::model::{Endpoint, Model, Traffic};

declare_rule! {
    /// ## What it does
    /// Reports a route that sends a prefix straight to its destination while the diagram
    /// draws the traffic to that prefix through an inspection firewall: `Development RT` holds
    /// `10.3.0.0/16 → Shared`, and the flow `Dev workloads ==>|10.3.0.0/16| TGW ==>|inspect
    /// first| Network Firewall` promises that Dev → Shared traffic is inspected.
    ///
    /// The rule needs all three in the text: a route table's route to a named next hop that is
    /// not an inspection point (a firewall, an inspection VPC, an NVA, a Gateway Load
    /// Balancer), an edge labelled with the same prefix, and within three hops of that edge an
    /// edge that says the traffic is inspected. The route table must belong to where the flow
    /// starts: a word of its name (`Development`, `Prod`, `Spoke`) names the flow's source or
    /// a subgraph around it.
    ///
    /// ## Why is this bad?
    /// A router forwards by its table, not by the drawing. With a more specific route straight
    /// to the destination, the traffic never reaches the firewall: no inspection, no logs, and
    /// the east-west policy the diagram shows is not enforced. Reviewers trust the drawn flow,
    /// so the gap stays hidden until an audit or an incident.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     RT_DEV["Development RT<br/>0.0.0.0/0 → Inspection<br/>10.3.0.0/16 → Shared"]
    ///     subgraph DEV["Development VPC"]
    ///         W["Workloads"]
    ///     end
    ///     W ==>|"10.3.0.0/16"| TGW{{"Transit Gateway"}}
    ///     TGW ==>|"inspect first"| NFW["Network Firewall"]
    ///     NFW ==> TGW
    ///     TGW ==> DNS["Shared DNS"]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     RT_DEV["Development RT<br/>0.0.0.0/0 → Inspection<br/>10.3.0.0/16 → Inspection"]
    ///     subgraph DEV["Development VPC"]
    ///         W["Workloads"]
    ///     end
    ///     W ==>|"10.3.0.0/16"| TGW{{"Transit Gateway"}}
    ///     TGW ==>|"inspect first"| NFW["Network Firewall"]
    ///     NFW ==> TGW
    ///     TGW ==> DNS["Shared DNS"]
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// ## References
    /// - [AWS: Centralized inspection architecture with AWS Network Firewall and Transit Gateway](https://docs.aws.amazon.com/prescriptive-guidance/latest/inline-traffic-inspection-third-party-appliances/architecture.html)
    /// - [Azure: Route traffic through an NVA or Azure Firewall with user-defined routes](https://learn.microsoft.com/en-us/azure/virtual-network/virtual-networks-udr-overview)
    pub struct InspectionBypass {
        id: "inspection-bypass",
        severity: Warning,
        summary: "A route sends a prefix past the firewall that the diagram says inspects that traffic.",
    }
}

impl_rule!(InspectionBypass);

/// Words that name a route table.
const ROUTE_TABLE: &[&str] = &[
    "route table",
    "routing table",
    "rt",
    "udr",
    "routes",
    "라우팅 테이블",
    "라우트 테이블",
    "ルートテーブル",
    "ルート テーブル",
];
/// Next hops that inspect: a route there is not a bypass.
const INSPECTING_HOP: &[&str] = &[
    "inspection",
    "inspect",
    "firewall",
    "fw",
    "nfw",
    "nva",
    "gwlb",
    "gateway load balancer",
    "appliance",
    "security",
    "방화벽",
    "ファイアウォール",
];
/// What an edge says when the traffic on it is inspected.
const INSPECTED: &[&str] = &[
    "inspect",
    "inspected",
    "inspection",
    "검사",
    "검사 후",
    "インスペクション",
    "検査",
];
/// Words of a route table's name that say nothing about whose table it is.
const GENERIC: &[&str] = &[
    "route", "routes", "table", "routing", "rt", "udr", "tgw", "transit", "gateway", "vpc", "vnet",
    "the", "and", "for", "main", "default",
];

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    for table in &model.nodes {
        let head = first_line(&table.label);
        if !has_any(&head, ROUTE_TABLE) && !has_any(&normalise(&table.id), ROUTE_TABLE) {
            continue;
        }
        let owner: Vec<&str> = head
            .split_whitespace()
            .filter(|w| w.chars().count() >= 3 && !GENERIC.contains(w))
            .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        if owner.is_empty() {
            continue;
        }
        for route in route_lines(&table.label) {
            if has_any(&route.next_hop, INSPECTING_HOP) {
                continue;
            }
            for (start, e1) in model.edges.iter().enumerate() {
                if e1.traffic == Traffic::Layout || !names_prefix(&e1.label, route.dest) {
                    continue;
                }
                if !belongs(model, &owner, e1.from) {
                    continue;
                }
                let Some(claim) = inspected_after(model, start) else {
                    continue;
                };
                let c = &model.edges[claim];
                out.push(
                    Violation::new(
                        table.span,
                        format!(
                            "`{}` routes {} straight to {}, but the flow from `{}` says this traffic is inspected first",
                            table.id,
                            route.dest,
                            route.next_hop_text,
                            model.endpoint_id(e1.from),
                        ),
                    )
                    .label(format!("`{}` bypasses the inspection", route.line))
                    .related(e1.span, format!("the traffic to {} starts here", route.dest))
                    .related(
                        c.span,
                        format!(
                            "this edge says it is inspected at `{}`",
                            model.endpoint_id(c.to)
                        ),
                    )
                    .help(format!(
                        "point {} in `{}` at the inspection point (the firewall, or the inspection network's attachment), or stop drawing this flow as inspected; with this route the traffic never reaches the firewall",
                        route.dest, table.id
                    )),
                );
                break;
            }
        }
    }
}

/// True when a label names the block `net` (as written, host bits and all).
fn names_prefix(label: &str, net: ipnet::IpNet) -> bool {
    scan(label)
        .iter()
        .any(|f| matches!(f.value, AddrValue::Network { net: n } if n == net))
}

/// True when a word of the table's name names the endpoint or a subgraph around it
/// (`Development` ~ `Development VPC`, `Prod` ~ `Production`).
fn belongs(model: &Model, owner: &[&str], ep: Endpoint) -> bool {
    let mut texts = vec![
        normalise(model.endpoint_id(ep)),
        model.endpoint_words(ep).to_string(),
    ];
    texts.extend(
        model
            .zone_chain(model.endpoint_zone(ep))
            .map(|z| model.zones[z.0].words.clone()),
    );
    texts.iter().any(|t| {
        t.split_whitespace().any(|u| {
            u.chars().count() >= 3 && owner.iter().any(|w| u.starts_with(w) || w.starts_with(u))
        })
    })
}

/// The first edge, the starting one or within three hops after it along the drawn direction,
/// whose label says the traffic is inspected.
fn inspected_after(model: &Model, start: usize) -> Option<usize> {
    let says = |i: usize| has_any(&normalise(&model.edges[i].label), INSPECTED);
    if says(start) {
        return Some(start);
    }
    let mut frontier = vec![model.edges[start].to];
    let mut seen = vec![model.edges[start].from, model.edges[start].to];
    for _ in 0..3 {
        let mut next = Vec::new();
        for at in frontier {
            for (i, e) in model.edges.iter().enumerate() {
                if e.from != at || e.traffic == Traffic::Layout {
                    continue;
                }
                if says(i) {
                    return Some(i);
                }
                if !seen.contains(&e.to) {
                    seen.push(e.to);
                    next.push(e.to);
                }
            }
        }
        frontier = next;
    }
    None
}
