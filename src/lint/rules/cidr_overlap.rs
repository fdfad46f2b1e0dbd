use ipnet::IpNet;

use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{Address, Endpoint, Model, kind};

declare_rule! {
    /// ## What it does
    /// Checks that two address spaces do not overlap, unless one lies inside the other. An
    /// address space is a CIDR block in a subgraph's title, or a subnet, VPC or VNet drawn as
    /// a node with its range in the label (`PWA["public-web-subnet-a<br/>10.0.8.0/28"]`). A
    /// subnet node lies inside the VPC or VNet node it is joined to by an edge (or drawn
    /// beside), and inside the subgraphs around it. IPv4 and IPv6 alike.
    ///
    /// Routes and rule sources (`0.0.0.0/0`, `10.3.0.0/16 → Shared` in a route table,
    /// `Source: 35.235.240.0/20` in a firewall rule) and interface addresses
    /// (`10.10.10.1/24`) are not address spaces. A VPC node's range holding its subnet nodes'
    /// ranges is containment, not an overlap.
    ///
    /// ## Why is this bad?
    /// Two networks with overlapping ranges cannot be peered or routed to each other, and two
    /// subnets of one network cannot share addresses: the cloud provider rejects the
    /// deployment, or worse, traffic goes to the wrong place once the networks are connected.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     subgraph VNet["VNet 10.0.0.0/16"]
    ///         subgraph App["App Subnet 10.0.1.0/24"]
    ///         end
    ///         subgraph Data["Data Subnet 10.0.1.128/25"]
    ///         end
    ///     end
    /// ```
    ///
    /// Subnets drawn as nodes:
    /// ```mermaid
    /// flowchart TB
    ///     VPC["VPC 10.0.0.0/16"] --- PUB["public-subnet-a<br/>10.0.1.0/24"]
    ///     VPC --- PRIV["private-subnet-a<br/>10.0.1.0/25"]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     subgraph VNet["VNet 10.0.0.0/16"]
    ///         subgraph App["App Subnet 10.0.1.0/24"]
    ///         end
    ///         subgraph Data["Data Subnet 10.0.2.0/24"]
    ///         end
    ///     end
    /// ```
    ///
    /// ## Options
    /// None. A zone nested inside another is expected to take its range from it: that is
    /// `cidr-outside-parent`'s business, not an overlap.
    ///
    /// ## References
    /// - [RFC 4632: CIDR](https://www.rfc-editor.org/rfc/rfc4632)
    /// - [Azure: plan virtual networks](https://learn.microsoft.com/azure/virtual-network/virtual-network-vnet-plan-design-arm)
    /// - [AWS: VPC CIDR blocks](https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html)
    pub struct CidrOverlap {
        id: "cidr-overlap",
        severity: Error,
        summary: "Two address spaces overlap, and neither contains the other.",
    }
}

impl_rule!(CidrOverlap);

struct Space<'a> {
    net: IpNet,
    owner: Endpoint,
    address: &'a Address,
    /// The address spaces the owner lies in, itself first.
    chain: Vec<Endpoint>,
}

/// True when one space lies inside the other's owner by the drawing, or the larger is a
/// VPC/VNet node holding the smaller (subnet nodes drawn beside their VPC node), or either
/// is a host-internal or overlay network (Docker bridge, pod range, VPN pool).
fn related(model: &Model, a: &Space<'_>, b: &Space<'_>) -> bool {
    if a.chain.contains(&b.owner) || b.chain.contains(&a.owner) {
        return true;
    }
    let (outer, inner) = if a.net.contains(&b.net) {
        (a, b)
    } else {
        (b, a)
    };
    if outer.net != inner.net
        && matches!(outer.owner, Endpoint::Node(_))
        && kind::names_container(model.endpoint_words(outer.owner))
    {
        return true;
    }
    let node_overlay = |s: &Space<'_>| {
        matches!(s.owner, Endpoint::Node(_)) && kind::names_overlay(model.endpoint_words(s.owner))
    };
    node_overlay(a) || node_overlay(b)
}

/// Words by which a diagram says that one range is used on purpose in two places: a hybrid
/// or stretched subnet (on-premises and cloud share it), a caption of a shared block.
const SAME_BY_DESIGN: &[&str] = &[
    " hybrid subnet ",
    " hybrid subnets ",
    " stretched ",
    " l2 extension ",
    " network extension ",
    " extended network ",
    " shared cidr ",
    " shared block ",
    " shared range ",
    " same cidr ",
    " same range ",
    "共有 cidr",
    "ハイブリッドサブネット",
    "ハイブリッド サブネット",
    "공유 cidr",
    "하이브리드 서브넷",
];

/// Words by which a diagram says that its networks live in separate routing domains, where
/// reusing a range is the design: VRFs of an MPLS L3VPN, Azure's subnet peering of
/// overlapping VNets.
const SEPARATE_DOMAINS: &[&str] = &[
    " vrf ",
    " vrfs ",
    " l3vpn ",
    " mpls vpn ",
    " subnet peering ",
];

/// True when the diagram says the clash is intended: the same range marked as shared or
/// stretched on either side, or two spaces without a common parent in a diagram of
/// separate routing domains.
fn by_design(model: &Model, separate_domains: bool, a: &Space<'_>, b: &Space<'_>) -> bool {
    let says = |s: &Space<'_>| {
        let words = model.endpoint_words(s.owner);
        SAME_BY_DESIGN
            .iter()
            .any(|w| crate::model::text::has_phrase(words, w))
    };
    let common_space = a
        .chain
        .iter()
        .any(|&e| b.chain.contains(&e) && !model.spaces_of(e).is_empty());
    (a.net == b.net && (says(a) || says(b))) || (separate_domains && !common_space)
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let separate_domains = {
        let says = |t: &str| {
            SEPARATE_DOMAINS
                .iter()
                .any(|w| crate::model::text::has_phrase(t, w))
        };
        model.nodes.iter().any(|n| says(&n.words))
            || model.zones.iter().any(|z| says(&z.words))
            || model
                .edges
                .iter()
                .any(|e| says(&crate::model::text::normalise(&e.label)))
    };
    let mut spaces: Vec<Space<'_>> = Vec::new();
    let owners = (0..model.zones.len())
        .map(|z| Endpoint::Zone(crate::model::ZoneId(z)))
        .chain(
            (0..model.nodes.len())
                .filter(|&n| model.nodes[n].is_address_space())
                .map(|n| Endpoint::Node(crate::model::NodeId(n))),
        );
    for owner in owners {
        let found = model.spaces_of(owner);
        if found.is_empty() {
            continue;
        }
        let chain = model.space_chain(owner);
        for (address, net) in found {
            spaces.push(Space {
                net: net.trunc(),
                owner,
                address,
                chain: chain.clone(),
            });
        }
    }
    let rank = |e: Endpoint| match e {
        Endpoint::Zone(z) => (0, z.0),
        Endpoint::Node(n) => (1, n.0),
    };
    // CIDR blocks either nest or are disjoint: sorted by start address and then by size
    // (largest first), each block overlaps exactly the blocks on the stack that contain it.
    spaces.sort_by(|a, b| {
        (a.net.network(), a.net.prefix_len(), rank(a.owner)).cmp(&(
            b.net.network(),
            b.net.prefix_len(),
            rank(b.owner),
        ))
    });
    let mut stack: Vec<&Space<'_>> = Vec::new();
    for s in &spaces {
        while stack.last().is_some_and(|top| !top.net.contains(&s.net)) {
            stack.pop();
        }
        for outer in &stack {
            if outer.owner == s.owner
                || related(model, outer, s)
                || by_design(model, separate_domains, outer, s)
            {
                continue;
            }
            // Report each clash once, between the outermost spaces involved: a subnet of a VNet
            // that overlaps another VNet is covered by the report on its VNet.
            if ancestor_overlaps(model, s, outer) || ancestor_overlaps(model, outer, s) {
                continue;
            }
            let relation = if outer.net == s.net {
                "is the same range as"
            } else {
                "lies inside"
            };
            let (name, other) = (model.describe(s.owner), model.describe(outer.owner));
            out.push(
                Violation::new(
                    s.address.span.unwrap_or(model.endpoint_span(s.owner)),
                    format!(
                        "address space {} of {name} {relation} {} of {other}",
                        s.address.text, outer.address.text
                    ),
                )
                .label("overlaps another address space")
                .related(
                    outer
                        .address
                        .span
                        .unwrap_or(model.endpoint_span(outer.owner)),
                    format!("{} of {other}", outer.address.text),
                )
                .help(format!(
                    "give {name} a range of its own, or draw it inside {other} if it is part of it",
                )),
            );
        }
        stack.push(s);
    }
}

/// True when a space around `s` (other than `s` itself) already overlaps `other` unrelatedly.
fn ancestor_overlaps(model: &Model, s: &Space<'_>, other: &Space<'_>) -> bool {
    s.chain.iter().skip(1).any(|&a| {
        !other.chain.contains(&a)
            && !model.space_chain(a).contains(&other.owner)
            && model.spaces_of(a).iter().any(|(_, n)| {
                let n = n.trunc();
                n.contains(&other.net) || other.net.contains(&n)
            })
    })
}
