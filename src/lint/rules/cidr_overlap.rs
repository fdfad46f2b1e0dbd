use ipnet::IpNet;

use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{Address, Model, ZoneId};

declare_rule! {
    /// ## What it does
    /// Checks that the address spaces (CIDR blocks in subgraph titles) of two zones do not
    /// overlap, unless one zone is inside the other. IPv4 and IPv6 alike.
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
    pub struct CidrOverlap {
        id: "cidr-overlap",
        severity: Error,
        summary: "Two zones' address spaces overlap, and neither zone contains the other.",
    }
}

impl_rule!(CidrOverlap);

struct Space<'a> {
    net: IpNet,
    zone: ZoneId,
    address: &'a Address,
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let mut spaces: Vec<Space<'_>> = Vec::new();
    for (zi, zone) in model.zones.iter().enumerate() {
        for (address, net) in zone.address_spaces() {
            spaces.push(Space {
                net: net.trunc(),
                zone: ZoneId(zi),
                address,
            });
        }
    }
    // CIDR blocks either nest or are disjoint: sorted by start address and then by size
    // (largest first), each block overlaps exactly the blocks on the stack that contain it.
    spaces.sort_by(|a, b| {
        (a.net.network(), a.net.prefix_len(), a.zone).cmp(&(
            b.net.network(),
            b.net.prefix_len(),
            b.zone,
        ))
    });
    let mut stack: Vec<&Space<'_>> = Vec::new();
    for s in &spaces {
        while stack.last().is_some_and(|top| !top.net.contains(&s.net)) {
            stack.pop();
        }
        for outer in &stack {
            if outer.zone == s.zone
                || model.zone_contains(outer.zone, s.zone)
                || model.zone_contains(s.zone, outer.zone)
            {
                continue;
            }
            // Report each clash once, between the outermost zones involved: a subnet of a VNet
            // that overlaps another VNet is covered by the report on its VNet.
            if ancestor_overlaps(model, s.zone, outer) || ancestor_overlaps(model, outer.zone, s) {
                continue;
            }
            let (z, oz) = (&model.zones[s.zone.0], &model.zones[outer.zone.0]);
            let relation = if outer.net == s.net {
                "is the same range as".to_string()
            } else {
                "lies inside".to_string()
            };
            out.push(
                Violation::new(
                    s.address.span.unwrap_or(z.header_span),
                    format!(
                        "address space {} of zone `{}` {relation} {} of zone `{}`",
                        s.address.text, z.id, outer.address.text, oz.id
                    ),
                )
                .label("overlaps another zone's address space")
                .related(
                    outer.address.span.unwrap_or(oz.header_span),
                    format!("{} of zone `{}`", outer.address.text, oz.id),
                )
                .help(format!(
                    "give `{}` a range of its own, or nest it inside `{}` if it is part of it",
                    z.id, oz.id
                )),
            );
        }
        stack.push(s);
    }
}

/// True when a zone around `zone` has an address space that overlaps `other`'s, and is not
/// itself inside or around `other`'s zone.
fn ancestor_overlaps(model: &Model, zone: ZoneId, other: &Space<'_>) -> bool {
    model.zone_chain(model.zones[zone.0].parent).any(|a| {
        !model.zone_contains(a, other.zone)
            && !model.zone_contains(other.zone, a)
            && model.zones[a.0].address_spaces().any(|(_, n)| {
                let n = n.trunc();
                n.contains(&other.net) || other.net.contains(&n)
            })
    })
}
