use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{Endpoint, Kind, NodeId, Traffic};

declare_rule! {
    /// ## What it does
    /// Walks the traffic edges (solid and thick) once, from every ingress (users, the
    /// internet, clients, third-party callers: nodes of kind `external`), and reports every
    /// service, gateway and load balancer the walk does not reach. An edge into a subgraph
    /// reaches everything inside it. A diagram with services but no ingress at all gets one
    /// note instead.
    ///
    /// Edge devices (internet, VPN, Direct Connect and ExpressRoute gateways, public IPs) are
    /// entry points, where the walk starts, not services. Identities, policies (NSGs, security
    /// groups, route tables), DNS zones and monitoring are never services. Where most of a
    /// diagram's services have no path from an ingress at all, the diagram draws structure
    /// rather than traffic: that is a drawing style, and it gets one note, not a warning each.
    ///
    /// Nodes with no edges at all are left to `isolated-node`. Nodes that start traffic
    /// without receiving any (no edge arrives at them) are starting points too: a client VM,
    /// an edge server, a bucket whose event notification triggers a function, a timer, a
    /// Kubernetes controller. A service is one only when its words say it starts work on its
    /// own (a batch job, a worker, a pipeline, a Deployment); a service that nothing calls and
    /// that calls others is what the rule is for. A node whose only edges go to users or
    /// clients is drawn backwards (a CDN pointing at its users), not a start. A service
    /// fronted by a private endpoint is reached through it (Private Link carries traffic
    /// whatever the line style).
    ///
    /// ## Why is this bad?
    /// A service no request can reach is either dead weight or, more often, a missing edge:
    /// the diagram no longer documents how traffic gets to it, and reviews of the traffic path
    /// (firewall rules, routes, WAF policies) miss it.
    ///
    /// Dotted edges are associations (placement, replication, backup, monitoring, a fallback),
    /// not traffic: a service reached only through dotted edges is reported as a note, and
    /// the message says which dotted edge leads to it.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     Users["👥 사용자"] --> Gw["API Gateway"] --> Trip["Trip Service"]
    ///     Trip -.-> Ai["AI Service"]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     Users["👥 사용자"] --> Gw["API Gateway"] --> Trip["Trip Service"]
    ///     Trip --> Ai["AI Service"]
    /// ```
    ///
    /// ## Options
    /// - `dotted-edges-are-traffic` in `[model]` of topomaid.toml (default `false`): follow dotted edges too.
    /// - Mark an ingress the heuristics do not recognise with
    ///   `%% topomaid: kind PartnerApi external`.
    ///
    /// ## References
    /// - [Mermaid: flowchart links](https://mermaid.js.org/syntax/flowchart.html#links-between-nodes)
    pub struct UnreachableService {
        id: "unreachable-service",
        severity: Warning,
        summary: "A service, gateway or load balancer that no traffic path from an ingress reaches.",
    }
}

impl_rule!(UnreachableService);

/// Words of a node (or of the edges leaving it) that say it starts work on its own: timers,
/// schedules, batch jobs, pipelines.
const SELF_STARTING: &[&str] = &[
    " timer ",
    " cron ",
    " cronjob ",
    " schedule ",
    " scheduled ",
    " scheduler ",
    " batch ",
    " job ",
    " jobs ",
    " worker ",
    " trigger ",
    " triggered ",
    " pipeline ",
    " ci ",
    " cd ",
    " build ",
    " deploy ",
    " github ",
    " gitlab ",
    " jenkins ",
    " argocd ",
    " argo cd ",
    " provisioner ",
    " controller ",
    " operator ",
    " agent ",
    " exporter ",
    " collector ",
    " sync ",
    " replicator ",
    " crawler ",
    " scraper ",
    " daemon ",
    " poller ",
    " consumer ",
    " deployment ",
    " replicaset ",
    " statefulset ",
    " daemonset ",
    " service plan ",
    " hosting plan ",
    " event ",
    " events ",
    " notification ",
    " notifications ",
    " webhook ",
    " listener ",
    " 배치 ",
    " 스케줄러 ",
    " 스케줄 ",
    " 파이프라인 ",
    " バッチ ",
];

/// Nodes that start traffic without receiving any: no edge of any style arrives at them
/// (edges from passive nodes, such as a resource group, do not count), traffic edges leave
/// them, not only towards users or clients, and either they are not a service (a client VM,
/// an edge server, a bucket, a load balancer or gateway drawn where the flow starts), or
/// their words (or those of the edges leaving them) say they start work on their own (a
/// timer-triggered function, a batch job, a Deployment), or every edge leaving them goes to a
/// network (a firewall drawn pointing at the VNet it guards). What they call is reached.
fn initiators(cx: &Context<'_>) -> Vec<NodeId> {
    let model = cx.model;
    (0..model.nodes.len())
        .map(NodeId)
        .filter(|&n| {
            let ep = Endpoint::Node(n);
            let leaving: Vec<Endpoint> = model
                .edges_of(ep)
                .filter(|&(e, _)| {
                    model.edges[e].from == ep && cx.config.carries_traffic(&model.edges[e])
                })
                .map(|(_, to)| to)
                .collect();
            !model.nodes[n.0].kind.is_passive()
                && model
                    .arriving(ep)
                    .all(|(e, from)| model.edges[e].traffic == Traffic::Layout || passive(cx, from))
                && !leaving.is_empty()
                && !leaving.iter().all(|&to| is_client(model, to))
                && (model.nodes[n.0].kind != Kind::Service
                    || self_starting(cx, n)
                    || leaves_only_to_networks(cx, n))
        })
        .collect()
}

/// Words of users and clients: where requests come from, never where they go.
const CLIENTS: &[&str] = &[
    " user ",
    " users ",
    " client ",
    " clients ",
    " customer ",
    " customers ",
    " browser ",
    " browsers ",
    " end users ",
    " 사용자 ",
    " 고객 ",
    " ユーザー ",
    " 利用者 ",
];

/// True for a users or clients node (`👥 Mobile/Web Users`).
fn is_client(model: &crate::model::Model, ep: Endpoint) -> bool {
    let Endpoint::Node(t) = ep else {
        return false;
    };
    let node = &model.nodes[t.0];
    node.kind == Kind::External
        && CLIENTS.iter().any(|w| {
            if w.is_ascii() {
                crate::model::text::has_phrase(&node.words, w)
            } else {
                node.words.contains(w.trim())
            }
        })
}

/// True when the node's words, or those of an edge leaving it, say it starts work on its own.
fn self_starting(cx: &Context<'_>, n: NodeId) -> bool {
    let model = cx.model;
    let says = |t: &str| {
        SELF_STARTING
            .iter()
            .any(|w| crate::model::text::has_phrase(t, w))
    };
    says(&model.nodes[n.0].words)
        || model.edges_of(Endpoint::Node(n)).any(|(e, _)| {
            let edge = &model.edges[e];
            edge.from == Endpoint::Node(n) && says(&crate::model::text::normalise(&edge.label))
        })
}

/// True when every traffic edge leaving the node goes to a subgraph or a network node: an
/// attachment drawn pointing at the network it belongs to.
fn leaves_only_to_networks(cx: &Context<'_>, n: NodeId) -> bool {
    let ep = Endpoint::Node(n);
    cx.model
        .edges_of(ep)
        .filter(|&(e, _)| cx.model.edges[e].from == ep)
        .all(|(_, to)| match to {
            Endpoint::Zone(_) => true,
            Endpoint::Node(t) => cx.model.nodes[t.0].kind == Kind::Network,
        })
}

/// An edge out of a private endpoint to the service it fronts: Private Link carries the
/// traffic whatever the line style.
fn from_private_endpoint(cx: &Context<'_>, e: &crate::model::Edge) -> bool {
    e.traffic != Traffic::Layout
        && matches!(e.from, Endpoint::Node(n) if cx.model.nodes[n.0].kind == Kind::PrivateEndpoint)
}

/// True when an edge that is not layout-only touches the node itself (a standby replica drawn
/// without edges inside a zone is left alone).
fn has_own_edge(cx: &Context<'_>, n: NodeId) -> bool {
    cx.model
        .edges_of(Endpoint::Node(n))
        .any(|(e, other)| cx.model.edges[e].traffic != Traffic::Layout && !passive(cx, other))
}

/// True for an endpoint whose edges say where something belongs, not where traffic goes: a
/// resource group, an NSG, an identity, a network drawn as a node (`RG --> AKS`).
fn passive(cx: &Context<'_>, ep: Endpoint) -> bool {
    matches!(ep, Endpoint::Node(n) if cx.model.nodes[n.0].kind.is_passive())
}

/// Words a node's own label uses to say that it takes requests from the internet.
const PUBLICLY_EXPOSED: &[&str] = &[
    " external ingress ",
    " external https ingress ",
    " public ingress ",
    " internet facing ",
    " public endpoint ",
    " publicly accessible ",
];

/// The label without its numbers and addresses: replicas of one service share it
/// (`haproxy-1 .251`, `haproxy-2 .252`).
fn replica_key(words: &str) -> String {
    words
        .split(' ')
        .filter(|w| !w.is_empty() && !w.bytes().all(|b| b.is_ascii_digit()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// True for a service fronted by a private endpoint (an edge from one arrives at it): a
/// managed service exposed through Private Link, whose reachability is the endpoint's.
fn behind_private_endpoint(cx: &Context<'_>, n: NodeId) -> bool {
    cx.model
        .arriving(Endpoint::Node(n))
        .any(|(e, _)| from_private_endpoint(cx, &cx.model.edges[e]))
}

/// Where traffic enters: users, the internet and other external nodes, and edge devices
/// (internet, VPN and transit gateways; public IPs).
fn is_entry(node: &crate::model::Node) -> bool {
    match node.kind {
        Kind::External | Kind::Edge => true,
        Kind::Address => crate::model::text::has_phrase(&node.words, " public "),
        _ => false,
    }
}

fn is_subject(kind: Kind) -> bool {
    matches!(kind, Kind::Service | Kind::Gateway | Kind::LoadBalancer)
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let connected = model.connected();
    let subjects: Vec<NodeId> = (0..model.nodes.len())
        .map(NodeId)
        .filter(|&n| {
            is_subject(model.nodes[n.0].kind)
                && connected[n.0]
                && has_own_edge(cx, n)
                && !behind_private_endpoint(cx, n)
        })
        .collect();
    if subjects.is_empty() {
        return;
    }
    let ingresses: Vec<NodeId> = (0..model.nodes.len())
        .map(NodeId)
        .filter(|n| {
            let node = &model.nodes[n.0];
            is_entry(node)
                || (is_subject(node.kind)
                    && PUBLICLY_EXPOSED
                        .iter()
                        .any(|w| crate::model::text::has_phrase(&node.words, w)))
        })
        .collect();
    if ingresses.is_empty() {
        out.push(
            Violation::new(
                cx.chart.header.span,
                format!(
                    "no ingress found, so the reachability of {} service(s), gateway(s) and load balancer(s) was not checked",
                    subjects.len()
                ),
            )
            .label("no node of kind `external`")
            .help("mark where traffic enters with `%% topomaid: kind ID external` (users, internet, clients)")
            .as_note(),
        );
        return;
    }
    // A declared node that an edge misspells is reached through the typo, not on its own.
    // (Computed on first need: most diagrams have no initiator and no unreached service.)
    let typos = std::cell::OnceCell::new();
    let typo_of = |n: NodeId| {
        typos
            .get_or_init(|| super::implicit_node::typos(cx))
            .iter()
            .find(|t| t.what == "node" && t.meant == model.nodes[n.0].id.as_str())
    };
    let mut starts = ingresses.clone();
    starts.extend(initiators(cx).into_iter().filter(|&n| typo_of(n).is_none()));
    let reach = model.reach(&starts, |e| {
        cx.config.carries_traffic(e) || from_private_endpoint(cx, e)
    });
    // A replica of a reached service (same label but for its numbers) is reached too.
    let reached_keys: rustc_hash::FxHashSet<String> = subjects
        .iter()
        .filter(|n| reach.nodes[n.0])
        .map(|n| replica_key(&model.nodes[n.0].words))
        .collect();
    let subjects: Vec<NodeId> = subjects
        .into_iter()
        .filter(|n| {
            reach.nodes[n.0] || !reached_keys.contains(&replica_key(&model.nodes[n.0].words))
        })
        .collect();
    let unreached = subjects.iter().filter(|n| !reach.nodes[n.0]).count();
    if unreached == 0 {
        return;
    }
    if unreached >= 3 && unreached * 2 > subjects.len() {
        let first = subjects
            .iter()
            .find(|n| !reach.nodes[n.0])
            .expect("counted");
        out.push(
            Violation::new(
                cx.chart.header.span,
                format!(
                    "{unreached} of {} services, gateways and load balancers have no traffic path from an ingress: the diagram draws structure rather than traffic, so their reachability was not checked",
                    subjects.len()
                ),
            )
            .label("most services are not on a traffic path")
            .related(
                model.nodes[first.0].span,
                format!("`{}` is one of them", model.nodes[first.0].id),
            )
            .help("draw the traffic edges from the ingress (solid arrows the way requests go) to have each service checked")
            .as_note(),
        );
        return;
    }
    // A second walk that follows dotted edges too, to tell "only through dotted edges" apart.
    let loose = model.reach(&starts, |e| e.traffic != Traffic::Layout);
    let reached = |r: &crate::model::Reach, ep: Endpoint| match ep {
        Endpoint::Node(n) => r.nodes[n.0],
        Endpoint::Zone(z) => r.zones[z.0],
    };
    for n in subjects {
        if reach.nodes[n.0] {
            continue;
        }
        let node = &model.nodes[n.0];
        if let Some(t) = typo_of(n) {
            // Reported at the typo, after the `implicit-node` finding there, as its consequence.
            let ghost = &model.nodes[t.ghost.0];
            out.push(
                Violation::new(
                    ghost.span,
                    format!(
                        "{} `{}` is not reachable from any ingress over traffic edges, because this edge names `{}` instead",
                        node.kind, node.id, ghost.id
                    ),
                )
                .label(format!("a consequence of the typo `{}`", ghost.id))
                .related(node.span, format!("`{}` is declared here", node.id))
                .help(format!("write `{}` instead of `{}`", node.id, ghost.id)),
            );
            continue;
        }
        let mut endpoints = vec![Endpoint::Node(n)];
        endpoints.extend(model.zone_chain(node.zone).map(Endpoint::Zone));
        let mut v = Violation::new(
            node.span,
            format!(
                "{} `{}` is not reachable from any ingress over traffic edges",
                node.kind, node.id
            ),
        );
        // The dotted edge that leads here from the part the loose walk reached.
        let dotted = loose.nodes[n.0]
            .then(|| {
                endpoints.iter().find_map(|&ep| {
                    model.arriving(ep).find(|&(e, from)| {
                        model.edges[e].traffic == Traffic::Association && reached(&loose, from)
                    })
                })
            })
            .flatten();
        // A traffic edge drawn from here towards the reached part: perhaps drawn backwards.
        let backwards = model.edges_of(Endpoint::Node(n)).find(|&(e, other)| {
            let edge = &model.edges[e];
            cx.config.carries_traffic(edge)
                && edge.from == Endpoint::Node(n)
                && reached(&reach, other)
        });
        let only_dotted = !model
            .edges_of(Endpoint::Node(n))
            .any(|(e, _)| cx.config.carries_traffic(&model.edges[e]));
        v = if only_dotted && dotted.is_none() {
            v.label("only dotted edges touch it")
                .help("dotted edges are associations (placement, hosting, monitoring); if requests reach it, draw that edge solid (`-->`)")
                .as_note()
        } else if let Some((e, from)) = dotted {
            v.label("reached only through dotted edges")
                .related(
                    model.edges[e].span,
                    format!(
                        "this dotted edge from `{}` leads here, and dotted edges are associations",
                        model.endpoint_name(from)
                    ),
                )
                .help("if traffic flows over the dotted edges, draw them solid (`-->`); if this is a standby path, suppress this finding with a reason")
                .as_note()
        } else if loose.nodes[n.0] && backwards.is_none() {
            // Reached by a path that somewhere upstream is dotted.
            v.label("reached only through a path with dotted edges")
                .help("dotted edges are associations; if requests flow over them, draw them solid (`-->`)")
                .as_note()
        } else if let Some((e, to)) = backwards {
            v.label("no traffic path leads here")
                .related(
                    model.edges[e].span,
                    format!("this edge goes from `{}` to `{}`", node.id, model.endpoint_name(to)),
                )
                .help(format!(
                    "if requests flow from `{}` to `{}`, reverse the edge; arrows point the way requests go",
                    model.endpoint_name(to),
                    node.id
                ))
        } else {
            v.label("no traffic path leads here").help(
                "connect it to the traffic path from an ingress, or remove it if nothing calls it",
            )
        };
        out.push(v);
    }
}
