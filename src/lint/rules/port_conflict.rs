use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;

use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{EdgeStyle, Endpoint, Kind, Model, NodeId, Port, ZoneId, text};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Finds one port claimed twice on the same target for different destinations:
    ///
    /// - a Kubernetes `NodePort` (written on an edge, `NodePort 30080`, or on a node's label)
    ///   that leads to two different services in the same cluster: a NodePort is opened on
    ///   every node of the cluster and belongs to one service;
    /// - two services with the same port in their labels (`api:8080`) placed on the same
    ///   virtual machine or server (by a dotted edge, or drawn inside a zone titled as the
    ///   machine).
    ///
    /// ## Why is this bad?
    /// Only one listener can hold a port on a host, and Kubernetes refuses a second service with
    /// a NodePort already allocated. One of the two routes cannot work as drawn.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     AppGw["Application Gateway"] -->|"/api/users/**<br/>NodePort 30080"| Users["user-service"]
    ///     AppGw -->|"/api/trips/**<br/>NodePort 30080"| Trips["trip-service"]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     AppGw["Application Gateway"] -->|"/api/users/**<br/>NodePort 30080"| Users["user-service"]
    ///     AppGw -->|"/api/trips/**<br/>NodePort 30081"| Trips["trip-service"]
    /// ```
    ///
    /// ## Options
    /// None. A range (`NodePort 30080-30083`) claims no single port. Pods on a Kubernetes node
    /// each have their own address, so services placed on a node of a cluster or node pool
    /// conflict only through NodePorts; the second check applies to machines labelled as a VM,
    /// virtual machine, server or host. NodePorts are compared within the cluster zone around the
    /// destination (a zone titled AKS, Kubernetes, k8s or cluster), else across the diagram.
    ///
    /// ## References
    /// - [Kubernetes: Service type NodePort](https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport)
    pub struct PortConflict {
        id: "port-conflict",
        severity: Error,
        summary: "One port is claimed twice on the same target for different destinations.",
    }
}

impl_rule!(PortConflict);

/// True when the port is the start of a range (`30080-30083`).
fn is_range(source: &str, port: &Port) -> bool {
    port.span.is_some_and(|s| {
        let rest = source.get(s.end as usize..).unwrap_or("");
        let mut chars = rest.chars();
        matches!(chars.next(), Some('-' | '~')) && chars.next().is_some_and(|c| c.is_ascii_digit())
    })
}

const CLUSTER_WORDS: &[&str] = &[
    " aks ",
    " kubernetes ",
    " k8s ",
    " cluster ",
    " eks ",
    " gke ",
    " 클러스터 ",
];
const NODE_POOL_WORDS: &[&str] = &[" node pool ", " nodepool ", " 노드 풀 ", " 노드풀 "];
const HOST_WORDS: &[&str] = &[
    " vm ",
    " vms ",
    " virtual machine ",
    " server ",
    " host ",
    " ec2 ",
    " 서버 ",
    " 가상 머신 ",
    " 가상머신 ",
];

fn says(norm: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text::has_phrase(norm, w))
}

/// The innermost cluster zone around an endpoint.
fn cluster(model: &Model, ep: Endpoint) -> Option<ZoneId> {
    model
        .zone_chain(model.endpoint_zone(ep))
        .find(|z| says(&model.zones[z.0].words, CLUSTER_WORDS))
}

/// True when a node or zone text (normalised) names a machine with one port space, not a
/// Kubernetes node.
fn is_host(model: &Model, norm: &str, zone: Option<ZoneId>) -> bool {
    if !says(norm, HOST_WORDS) || says(norm, NODE_POOL_WORDS) || says(norm, CLUSTER_WORDS) {
        return false;
    }
    !model.zone_chain(zone).any(|z| {
        let t = &model.zones[z.0].words;
        says(t, CLUSTER_WORDS) || says(t, NODE_POOL_WORDS)
    })
}

struct Claim {
    span: Span,
    dest: Endpoint,
}

/// Reports every claim of `number` for another destination than the first; `host` names the
/// machine for ports on a host, `None` for NodePorts.
fn report(
    model: &Model,
    host: Option<&str>,
    claims: &[Claim],
    number: u16,
    out: &mut Vec<Violation>,
) {
    let first = &claims[0];
    for c in &claims[1..] {
        if c.dest == first.dest {
            continue;
        }
        out.push(
            Violation::new(
                c.span,
                match host {
                    None => format!(
                        "NodePort {number} leads to `{}` and to `{}`; a NodePort belongs to one service of the cluster",
                        model.endpoint_name(c.dest),
                        model.endpoint_name(first.dest)
                    ),
                    Some(h) => format!(
                        "port {number} is claimed by `{}` and by `{}` on the same machine `{h}`",
                        model.endpoint_name(c.dest),
                        model.endpoint_name(first.dest)
                    ),
                },
            )
            .label(format!("{number} claimed again"))
            .related(
                first.span,
                format!("{number} claimed for `{}`", model.endpoint_name(first.dest)),
            )
            .help(format!(
                "give `{}` a port of its own, or route both through one service",
                model.endpoint_name(c.dest)
            )),
        );
    }
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let source = cx.source;

    // NodePorts, per cluster.
    // Most NodePorts are claimed once: the first claim is kept in the table itself.
    let mut node_ports: HashMap<(u16, Option<ZoneId>), SmallVec<[Claim; 1]>> = HashMap::default();
    let mut keys = Vec::new();
    let mut claim = |number: u16, dest: Endpoint, span: Span| {
        let key = (number, cluster(model, dest));
        let list = node_ports.entry(key).or_default();
        if list.is_empty() {
            keys.push(key);
        }
        list.push(Claim { span, dest });
    };
    for e in &model.edges {
        if e.style == EdgeStyle::Invisible {
            continue;
        }
        for p in &e.ports {
            if p.node_port && !is_range(source, p) {
                claim(p.number, e.to, p.span.unwrap_or(e.span));
            }
        }
    }
    for (i, n) in model.nodes.iter().enumerate() {
        for p in &n.ports {
            if p.node_port && !is_range(source, p) {
                claim(
                    p.number,
                    Endpoint::Node(NodeId(i)),
                    p.span.unwrap_or(n.span),
                );
            }
        }
    }
    for key in &keys {
        report(model, None, &node_ports[key], key.0, out);
    }

    // Services on one machine.
    let mut hosts: Vec<(&str, Vec<NodeId>)> = Vec::new();
    for (i, n) in model.nodes.iter().enumerate() {
        let machine = matches!(n.kind, Kind::Compute | Kind::Generic | Kind::Service);
        if !machine || !is_host(model, &n.words, n.zone) {
            continue;
        }
        let mut placed: Vec<NodeId> = model
            .edges_of(Endpoint::Node(NodeId(i)))
            .filter(|&(e, _)| model.edges[e].style == EdgeStyle::Dotted)
            .filter_map(|(_, other)| match other {
                Endpoint::Node(o) if model.nodes[o.0].kind != Kind::Compute => Some(o),
                _ => None,
            })
            .collect();
        placed.sort();
        placed.dedup();
        hosts.push((&n.id, placed));
    }
    for z in &model.zones {
        if is_host(model, &z.words, z.parent) {
            hosts.push((z.display_name(), z.nodes.clone()));
        }
    }
    for (host, placed) in hosts {
        let mut by_port: HashMap<u16, Vec<Claim>> = HashMap::default();
        let mut order = Vec::new();
        for &s in &placed {
            for p in &model.nodes[s.0].ports {
                if is_range(source, p) {
                    continue;
                }
                let list = by_port.entry(p.number).or_default();
                if list.is_empty() {
                    order.push(p.number);
                }
                list.push(Claim {
                    span: p.span.unwrap_or(model.nodes[s.0].span),
                    dest: Endpoint::Node(s),
                });
            }
        }
        for number in order {
            report(model, Some(host), &by_port[&number], number, out);
        }
    }
}
