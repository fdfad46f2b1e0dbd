use super::impl_rule;
use super::net_text::{self, DefaultRoute, Heads, NextHop, has_any};
use crate::lint::{Context, Violation, declare_rule};
use crate::model::provider::Provider;
use crate::model::{EdgeStyle, Endpoint, Kind, Model, Node, NodeId, Traffic, ZoneId};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Reports an inbound edge from the Internet (an Internet node, a node in an Internet
    /// zone, or an Internet gateway) straight to a host in a subnet whose default route goes
    /// to a NAT gateway: a private subnet.
    ///
    /// The subnet's default route is read where authors write it: a route-table node joined
    /// to the host or to its subnet by an edge (`RTPrivateA -.->|Associated| Master`,
    /// `rt_priv_a --- priv_a`), the one route table drawn inside the host's subnet or tier,
    /// or the subnet's title (`Private Subnet 10.0.11.0/24 · 0.0.0.0/0 → NAT`). A subnet can
    /// be a subgraph or a node the host is tied to. Routes look like `0.0.0.0/0 → NAT-A`,
    /// `::/0 -> nat-gw`, `default via Cloud NAT`.
    ///
    /// The rule says nothing when the default route goes to an Internet gateway, when the
    /// diagram gives no route, for edges from the host outwards, for undirected ties
    /// (`---`), and for dotted edges unless their label says inbound or names a port.
    ///
    /// ## Why is this bad?
    /// A host in a private subnet cannot take connections from the Internet, even with a
    /// public or Elastic IP: its replies follow the default route to the NAT gateway and leave
    /// with the NAT's address, so the client never sees an answer (AWS drops the asymmetric
    /// flow). Either the diagram promises an entry that does not work, or the host sits in the
    /// wrong subnet.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart TB
    ///     Internet["🌐 Internet"] --> IGW["Internet Gateway"]
    ///     subgraph VPC["VPC 10.0.0.0/16"]
    ///         subgraph Priv["Private Subnet 10.0.11.0/24"]
    ///             Web["Web EC2<br/>Elastic IP 54.0.0.10"]
    ///         end
    ///         NAT["NAT Gateway"]
    ///         RT["Private Route Table<br/>0.0.0.0/0 → NAT"]
    ///     end
    ///     RT -.->|Associated| Priv
    ///     IGW -->|"HTTPS 443"| Web
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart TB
    ///     Internet["🌐 Internet"] --> IGW["Internet Gateway"]
    ///     subgraph VPC["VPC 10.0.0.0/16"]
    ///         subgraph Pub["Public Subnet 10.0.1.0/24"]
    ///             ALB["Internet-facing ALB"]
    ///         end
    ///         subgraph Priv["Private Subnet 10.0.11.0/24"]
    ///             Web["Web EC2"]
    ///         end
    ///         NAT["NAT Gateway"]
    ///         RTPub["Public Route Table<br/>0.0.0.0/0 → IGW"]
    ///         RT["Private Route Table<br/>0.0.0.0/0 → NAT"]
    ///     end
    ///     RTPub -.->|Associated| Pub
    ///     RT -.->|Associated| Priv
    ///     IGW -->|"HTTPS 443"| ALB --> Web
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// ## References
    /// - [AWS: subnets (public and private)](https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html)
    /// - [AWS: NAT gateways](https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html)
    /// - [Google Cloud: Cloud NAT](https://cloud.google.com/nat/docs/overview)
    pub struct PublicIpInPrivateSubnet {
        id: "public-ip-in-private-subnet",
        severity: Warning,
        summary: "Inbound Internet traffic goes to a host in a subnet whose default route goes to a NAT gateway.",
    }
}

impl_rule!(PublicIpInPrivateSubnet);

/// Words of an edge label that make it a tie, not traffic.
const TIE_WORDS: &[&str] = &[
    "associated",
    "association",
    "attached",
    "attach",
    "attachment",
    "route",
    "routes",
    "propagation",
    "egress",
    "outbound",
    "reply",
    "replies",
    "return",
    "response",
    "아웃바운드",
    "アウトバウンド",
];

/// Words of a dotted edge's label that make it traffic after all.
const INBOUND_WORDS: &[&str] = &[
    "inbound",
    "ingress",
    "in",
    "http",
    "https",
    "ssh",
    "rdp",
    "tcp",
    "udp",
    "인바운드",
    "インバウンド",
];

/// Words that make a node a subnet.
const SUBNET_WORDS: &[&str] = &["subnet", "subnets", "서브넷", "サブネット"];

/// Words of a filtering rule: its `0.0.0.0/0 → …` is a rule, not a route.
const RULE_WORDS: &[&str] = &[
    "allow", "accept", "deny", "reject", "drop", "permit", "허용", "거부", "許可", "拒否",
];

/// A default route and where it is written.
#[derive(Clone)]
struct Found {
    route: DefaultRoute,
    /// The route table node, or the zone whose title says it.
    at: Span,
    /// Its name, for the message.
    name: String,
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let routes: Vec<Option<DefaultRoute>> = model
        .nodes
        .iter()
        .map(|n| (!has_any(&n.words, RULE_WORDS)).then(|| net_text::default_route(&n.label))?)
        .collect();
    let zone_routes: Vec<Option<DefaultRoute>> = model
        .zones
        .iter()
        .map(|z| net_text::default_route(&z.title))
        .collect();
    let any_nat = |r: &Option<DefaultRoute>| r.as_ref().is_some_and(|r| r.next_hop == NextHop::Nat);
    if !routes.iter().any(any_nat) && !zone_routes.iter().any(any_nat) {
        return;
    }
    let finder = Finder {
        model,
        routes: &routes,
        zone_routes: &zone_routes,
    };
    // The host of each violation pushed, in order (`out` holds only this rule's).
    let mut hosts: Vec<NodeId> = Vec::new();
    let first = out.len();
    for edge in &model.edges {
        if edge.traffic == Traffic::Layout {
            continue;
        }
        let words = crate::model::text::normalise(&edge.label);
        if has_any(&words, TIE_WORDS) {
            continue;
        }
        if edge.style == EdgeStyle::Dotted
            && !has_any(&words, INBOUND_WORDS)
            && !edge.label.bytes().any(|b| b.is_ascii_digit())
        {
            continue;
        }
        let heads = net_text::heads(cx.source, edge);
        let mut pairs = Vec::new();
        match heads {
            Heads::Forward => pairs.push((edge.from, edge.to)),
            Heads::Both if has_any(&words, &["inbound", "ingress", "인바운드", "インバウンド"]) =>
            {
                pairs.extend([(edge.from, edge.to), (edge.to, edge.from)]);
            }
            _ => {}
        }
        for (from, to) in pairs {
            let Endpoint::Node(target) = to else {
                continue;
            };
            if !net_text::is_internet(model, from) || !is_host(model, target) {
                continue;
            }
            if routes[target.0].is_some() {
                continue;
            }
            let Some(found) = finder.route_of(target) else {
                continue;
            };
            if found.route.next_hop != NextHop::Nat {
                continue;
            }
            let source = model.endpoint_id(from).to_string();
            // One finding per host: further edges into it are related places.
            if let Some(v) = out[first..]
                .iter_mut()
                .zip(&hosts)
                .find_map(|(v, &h)| (h == target).then_some(v))
            {
                v.related.push(crate::lint::Related {
                    span: edge.span,
                    message: format!("also inbound from `{source}`"),
                });
                continue;
            }
            let node = &model.nodes[target.0];
            hosts.push(target);
            out.push(
                Violation::new(
                    edge.span,
                    format!(
                        "`{source}` sends inbound Internet traffic to `{}`, but `{}`'s subnet sends its default route to a NAT gateway (`{}` in `{}`)",
                        node.id, node.id, found.route.line, found.name
                    ),
                )
                .label("inbound from the Internet into a private subnet")
                .related(
                    found.at,
                    format!(
                        "`{}`: replies from `{}` leave through the NAT, with another address",
                        found.route.line, node.id
                    ),
                )
                .related(node.span, format!("`{}` is declared here", node.id))
                .help(help(cx.provider())),
            );
        }
    }
}

/// True when a node can take connections: not the Internet, a gateway, a NAT, a subnet, a
/// route table or a rule.
fn is_host(model: &Model, id: NodeId) -> bool {
    let node = &model.nodes[id.0];
    let excluded = matches!(
        node.kind,
        Kind::External
            | Kind::Egress
            | Kind::Edge
            | Kind::Network
            | Kind::Policy
            | Kind::Note
            | Kind::Dns
            | Kind::Identity
    );
    !excluded
        && !net_text::is_internet(model, Endpoint::Node(id))
        && !has_any(&node.words, &["nat", "natgw", "igw", "internet gateway"])
        && !has_any(&node.words, SUBNET_WORDS)
        && !has_any(&node.words, RULE_WORDS)
}

/// Finds the default route that applies to a node.
struct Finder<'a> {
    model: &'a Model,
    routes: &'a [Option<DefaultRoute>],
    zone_routes: &'a [Option<DefaultRoute>],
}

/// The answer of one place: a route, no route said, or routes that disagree.
enum Said {
    Nothing,
    Route(Found),
    Unclear,
}

impl Finder<'_> {
    /// The default route of `target`'s subnet, most specific first: a route table tied to the
    /// node, a subnet node tied to it, then its zones from the innermost out.
    fn route_of(&self, target: NodeId) -> Option<Found> {
        let ep = Endpoint::Node(target);
        match self.agree(self.tied_routes(ep, None)) {
            Said::Route(f) => return Some(f),
            Said::Unclear => return None,
            Said::Nothing => {}
        }
        let mut via_subnets = Vec::new();
        for (_, other) in self.ties(ep) {
            if let Endpoint::Node(n) = other
                && self.is_subnet_node(&self.model.nodes[n.0])
            {
                via_subnets.extend(self.own_route(n));
                via_subnets.extend(self.tied_routes(other, Some(target)));
            }
        }
        match self.agree(via_subnets) {
            Said::Route(f) => return Some(f),
            Said::Unclear => return None,
            Said::Nothing => {}
        }
        for z in self.model.zone_chain(self.model.nodes[target.0].zone) {
            match self.agree(self.zone_route(z)) {
                Said::Route(f) => return Some(f),
                Said::Unclear => return None,
                Said::Nothing => {}
            }
        }
        None
    }

    /// Edges touching an endpoint that are not layout-only.
    fn ties(&self, ep: Endpoint) -> impl Iterator<Item = (usize, Endpoint)> + '_ {
        self.model
            .edges_of(ep)
            .filter(|&(e, _)| self.model.edges[e].traffic != Traffic::Layout)
    }

    fn own_route(&self, n: NodeId) -> Option<Found> {
        let node = &self.model.nodes[n.0];
        self.routes[n.0].clone().map(|route| Found {
            route,
            at: node.span,
            name: node.id.to_string(),
        })
    }

    /// The routes of the route-table nodes tied to an endpoint (other than `except`).
    fn tied_routes(&self, ep: Endpoint, except: Option<NodeId>) -> Vec<Found> {
        self.ties(ep)
            .filter_map(|(_, other)| match other {
                Endpoint::Node(n) if Some(n) != except => self.own_route(n),
                _ => None,
            })
            .collect()
    }

    /// What a zone says: its title, route tables tied to it, or the one route table inside
    /// a zone without zones of its own.
    fn zone_route(&self, z: ZoneId) -> Vec<Found> {
        let zone = &self.model.zones[z.0];
        if let Some(route) = &self.zone_routes[z.0] {
            return vec![Found {
                route: route.clone(),
                at: zone.header_span,
                name: zone.id.clone(),
            }];
        }
        let tied = self.tied_routes(Endpoint::Zone(z), None);
        if !tied.is_empty() || !zone.children.is_empty() {
            return tied;
        }
        zone.nodes
            .iter()
            .filter_map(|&n| self.own_route(n))
            .collect()
    }

    fn is_subnet_node(&self, node: &Node) -> bool {
        node.kind == Kind::Network || has_any(&node.words, SUBNET_WORDS)
    }

    /// One route when all the routes found agree on the next hop.
    fn agree(&self, found: Vec<Found>) -> Said {
        let Some(first) = found.first() else {
            return Said::Nothing;
        };
        if found
            .iter()
            .all(|f| f.route.next_hop == first.route.next_hop)
        {
            Said::Route(first.clone())
        } else {
            Said::Unclear
        }
    }
}

fn help(provider: Option<Provider>) -> String {
    match provider {
        Some(Provider::Aws) => "an instance in a private subnet cannot take Internet connections, even with an Elastic IP: put an Internet-facing ALB or NLB in a public subnet (0.0.0.0/0 → the Internet gateway) in front of it, or move it to a public subnet; for admin access use AWS Systems Manager Session Manager".into(),
        Some(Provider::Gcp) => "a VM that reaches the Internet through Cloud NAT has no external IP and cannot take Internet connections: put an external Application or Network Load Balancer in front of it (or give it an external IP); for admin access use IAP TCP forwarding".into(),
        Some(Provider::Azure) => "a VM whose subnet sends its default route through a NAT or appliance cannot take Internet connections on its own: put a public load balancer or Application Gateway in front of it, or move it to a subnet routed to the Internet; for admin access use Azure Bastion".into(),
        Some(Provider::OnPremises) | None => "a host in a subnet routed through NAT cannot take Internet connections: put a load balancer or reverse proxy in a public subnet (default route to the Internet gateway) in front of it, or move the host to a public subnet".into(),
    }
}
