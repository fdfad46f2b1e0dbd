use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{Endpoint, NodeId, ZoneId, kind};

declare_rule! {
    /// ## What it does
    /// Checks that each address space of a zone lies inside an address space of the nearest
    /// zone around it that has one of the same family (a subnet inside its VNet's range).
    ///
    /// ## Why is this bad?
    /// A subnet must be carved from its network's address space; a subnet outside it cannot be
    /// created, and the diagram no longer says which network the subnet belongs to.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     subgraph VNet["VNet 10.0.0.0/16"]
    ///         subgraph Db["DB Subnet 10.1.2.0/24"]
    ///         end
    ///     end
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     subgraph VNet["VNet 10.0.0.0/16"]
    ///         subgraph Db["DB Subnet 10.0.2.0/24"]
    ///         end
    ///     end
    /// ```
    ///
    /// ## Options
    /// None. Zones without an address space in between (a cluster inside a subnet) are looked
    /// through; an IPv6 block is compared with the nearest IPv6 space around it.
    ///
    /// ## References
    /// - [Azure: add, change, or delete a subnet](https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-subnet)
    pub struct CidrOutsideParent {
        id: "cidr-outside-parent",
        severity: Error,
        summary: "A zone's address space is not inside the address space of the zone around it.",
    }
}

impl_rule!(CidrOutsideParent);

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let owners = (0..model.zones.len())
        .map(|z| Endpoint::Zone(ZoneId(z)))
        .chain(
            (0..model.nodes.len())
                .filter(|&n| model.nodes[n].is_address_space())
                .map(|n| Endpoint::Node(NodeId(n))),
        );
    for owner in owners {
        let own = model.spaces_of(owner);
        if own.is_empty() || kind::names_overlay(model.endpoint_words(owner)) {
            continue;
        }
        let chain = model.space_chain(owner);
        for v4 in [true, false] {
            let mine: Vec<_> = own
                .iter()
                .filter(|(_, n)| matches!(n, ipnet::IpNet::V4(_)) == v4)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let parent = chain.iter().skip(1).copied().find(|&p| {
                model
                    .spaces_of(p)
                    .iter()
                    .any(|(_, n)| matches!(n, ipnet::IpNet::V4(_)) == v4)
            });
            let Some(p) = parent else { continue };
            let outer: Vec<_> = model
                .spaces_of(p)
                .into_iter()
                .filter(|(_, n)| matches!(n, ipnet::IpNet::V4(_)) == v4)
                .collect();
            let inside =
                |net: &ipnet::IpNet| outer.iter().any(|(_, n)| n.trunc().contains(&net.trunc()));
            // A node's ranges beyond its first (a GKE subnet's pod and service ranges) need not
            // lie in the VPC: it is outside only when none of them does.
            let outside: Vec<_> = match owner {
                Endpoint::Node(_) if mine.iter().any(|(_, n)| inside(n)) => Vec::new(),
                Endpoint::Node(_) => mine.into_iter().take(1).collect(),
                Endpoint::Zone(_) => mine.into_iter().filter(|(_, n)| !inside(n)).collect(),
            };
            let (oa, _) = outer[0];
            let list = outer
                .iter()
                .map(|(a, _)| a.text.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let (name, pname) = (model.describe(owner), model.describe(p));
            for (a, _) in outside {
                out.push(
                    Violation::new(
                        a.span.unwrap_or(model.endpoint_span(owner)),
                        format!(
                            "address space {} of {name} is not inside the address space of {pname} ({list})",
                            a.text
                        ),
                    )
                    .label(format!("outside {list}"))
                    .related(
                        oa.span.unwrap_or(model.endpoint_span(p)),
                        format!("the address space of {pname}"),
                    )
                    .help(format!(
                        "take {name}'s range from {list}, or draw it outside {pname}"
                    )),
                );
            }
        }
    }
}
