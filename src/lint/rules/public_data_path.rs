use std::collections::VecDeque;

use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{Endpoint, Kind, KindSource, Node, NodeId, text};

declare_rule! {
    /// ## What it does
    /// Walks the traffic edges (solid and thick) from every public ingress (nodes of kind
    /// `external` where requests from the internet come from) through network devices alone
    /// (load balancers, public IPs, NAT, internet gateways, subnets drawn as nodes, NSGs and
    /// route tables drawn on the path) and reports every data store (database, cache, queue,
    /// storage, secret store) such a walk reaches: the data is exposed to the internet with no
    /// application tier and no gateway or WAF in front of it.
    ///
    /// The three-tier pattern (Internet → load balancer → application → database) is how
    /// clouds are meant to be built and is not reported: the application tier stands between.
    /// The walk stops at every node that is not a network device (services, compute, gateways,
    /// private endpoints, nodes whose kind is unknown), and it does not enter subgraphs (an
    /// edge into a subgraph does not say which of its members receives the traffic).
    ///
    /// Not every `external` node is where public requests come from. People and tools that
    /// manage the system (developers, administrators, CI/CD, GitHub) are management ingress;
    /// third-party services the network calls (external APIs, payment providers, nodes placed
    /// only in an external zone) and bastion or jump hosts are left out too. A client attached
    /// with an undirected `---` (to a published port, a Docker host) is not sending requests,
    /// and a client handed a presigned URL or SAS token for object storage reaches the store
    /// by design.
    ///
    /// ## Why is this bad?
    /// Data stores hold what an attacker wants. A request that can get from the internet to a
    /// database, cache, queue or bucket through nothing but a load balancer or a public IP has
    /// no place where it is authenticated, filtered or rate-limited on the way: the data
    /// service's own endpoint faces the internet.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     Internet((Internet)) --> ALB["Application Load Balancer"]
    ///     ALB --> RDS[("RDS PostgreSQL")]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     Internet((Internet)) --> ALB["Application Load Balancer"]
    ///     ALB --> App["App service"]
    ///     App --> RDS[("RDS PostgreSQL")]
    /// ```
    ///
    /// ## Options
    /// - `dotted-edges-are-traffic` in `[model]` of topomaid.toml (default `false`): follow dotted edges too.
    /// - Mark a gateway the heuristics do not recognise with
    ///   `%% topomaid: kind Edge gateway`, an ingress with `%% topomaid: kind Partner external`
    ///   (a directive makes any `external` node an ingress for this rule).
    ///
    /// ## References
    /// - [OWASP: API Security Top 10, API8 Security Misconfiguration](https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/)
    /// - [AWS: three-tier architecture](https://docs.aws.amazon.com/whitepapers/latest/serverless-multi-tier-architectures-api-gateway-lambda/three-tier-architecture-overview.html)
    /// - [Azure Architecture Center: Web Application Firewall](https://learn.microsoft.com/azure/web-application-firewall/overview)
    pub struct PublicDataPath {
        id: "public-data-path",
        severity: Warning,
        summary: "A data store the internet reaches through network devices alone, with no application tier or gateway between.",
    }
}

impl_rule!(PublicDataPath);

/// Label words that make a node `external` without making it a source of public requests:
/// third-party services the network calls, operators' jump hosts, and the people and tools
/// that manage the system.
const NOT_PUBLIC: &[&str] = &[
    " external api ",
    " external service ",
    " external system ",
    " third party ",
    " payment gateway ",
    " bastion ",
    " jump box ",
    " jumpbox ",
    " jump host ",
    " developer ",
    " developers ",
    " dev ",
    " admin ",
    " admins ",
    " administrator ",
    " operator ",
    " operators ",
    " engineer ",
    " sre ",
    " devops ",
    " ci ",
    " cd ",
    " ci cd ",
    " pipeline ",
    " github ",
    " gitlab ",
    " jenkins ",
    " azure devops ",
    " argocd ",
    " argo cd ",
    " terraform ",
    " tester ",
    " qa ",
    " 외부 api ",
    " 외부 서비스 ",
    " 외부 시스템 ",
    " 결제 게이트웨이 ",
    " 개발자 ",
    " 관리자 ",
    " 운영자 ",
    " 테스터 ",
    " 開発者 ",
    " 管理者 ",
];

/// True for an ingress where public requests come from: a node of kind `external`, unless it
/// is only inside an external zone or its label names a third-party service, a jump host or
/// someone who manages the system. A directive, the configuration or a class that says
/// `external` always makes an ingress.
fn is_public_ingress(node: &Node) -> bool {
    if node.kind != Kind::External {
        return false;
    }
    match node.kind_reason.source {
        KindSource::ExternalZone => false,
        KindSource::Directive | KindSource::Config => true,
        _ => !NOT_PUBLIC.iter().any(|w| text::has_phrase(&node.words, w)),
    }
}

/// True when an edge label says the client was handed direct, time-limited access to an
/// object (`Presigned URL`, `SAS token`, `signed URL`).
fn grants_direct_access(label: &str) -> bool {
    let words = text::normalise(label);
    [
        " presigned ",
        " pre signed ",
        " signed url ",
        " sas ",
        " sas token ",
    ]
    .iter()
    .any(|w| text::has_phrase(&words, w))
}

/// Network devices: a request passes them without being handled by an application.
fn is_network_device(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::LoadBalancer
            | Kind::Address
            | Kind::Egress
            | Kind::Edge
            | Kind::Network
            | Kind::Policy
    )
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let n = model.nodes.len();
    if !model.nodes.iter().any(|node| node.kind.is_data()) {
        return;
    }
    // Per node: the ingress the walk came from and the first edge of the path.
    let mut origin: Vec<Option<(NodeId, usize)>> = vec![None; n];
    let mut queue = VecDeque::new();
    for (i, node) in model.nodes.iter().enumerate() {
        if !is_public_ingress(node) {
            continue;
        }
        // The first hop: a directed traffic edge out of the ingress.
        for (e, to) in model.edges_of(Endpoint::Node(NodeId(i))) {
            let edge = &model.edges[e];
            let Endpoint::Node(t) = to else { continue };
            if edge.from != Endpoint::Node(NodeId(i))
                || edge.both_ways
                || !cx.config.carries_traffic(edge)
                || origin[t.0].is_some()
            {
                continue;
            }
            origin[t.0] = Some((NodeId(i), e));
            queue.push_back(t);
        }
    }
    while let Some(at) = queue.pop_front() {
        if !is_network_device(model.nodes[at.0].kind) {
            continue;
        }
        let o = origin[at.0].expect("queued nodes have an origin");
        for (e, to) in model.edges_of(Endpoint::Node(at)) {
            let edge = &model.edges[e];
            let Endpoint::Node(t) = to else { continue };
            let forward = edge.from == Endpoint::Node(at) || edge.both_ways;
            if !forward || !cx.config.carries_traffic(edge) || origin[t.0].is_some() {
                continue;
            }
            origin[t.0] = Some(o);
            queue.push_back(t);
        }
    }
    // The provider's layer-7 gateway, for the help text.
    let gateway = cx
        .provider()
        .map_or("an application gateway or WAF", |p| p.gateway_name());
    for (i, node) in model.nodes.iter().enumerate() {
        if !node.kind.is_data() {
            continue;
        }
        let Some((ingress, first)) = origin[i] else {
            continue;
        };
        let ingress = &model.nodes[ingress.0].id;
        let edge = &model.edges[first];
        // A presigned URL or SAS token hands the client the object store's own endpoint on
        // purpose, for one object and a limited time.
        if node.kind == Kind::Storage && grants_direct_access(&edge.label) {
            continue;
        }
        out.push(
            Violation::new(
                node.span,
                format!(
                    "{} `{}` is reachable from the ingress `{ingress}` through network devices alone",
                    node.kind, node.id
                ),
            )
            .label("no application tier or gateway on the way here")
            .related(
                edge.span,
                format!(
                    "the path starts with this edge from `{}` to `{}`",
                    model.endpoint_name(edge.from),
                    model.endpoint_name(edge.to)
                ),
            )
            .help(format!(
                "put the application tier (or a gateway: {}) between the internet and the data, and keep the data service private; if one is there, draw it, or mark it with `%% topomaid: kind ID service`",
                gateway
            )),
        );
    }
}
