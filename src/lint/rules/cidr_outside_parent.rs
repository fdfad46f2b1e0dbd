use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};

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
    for zone in &model.zones {
        for (a, net) in zone.address_spaces() {
            let net = net.trunc();
            let v4 = matches!(net, ipnet::IpNet::V4(_));
            let parent = model.zone_chain(zone.parent).find(|&p| {
                model.zones[p.0]
                    .address_spaces()
                    .any(|(_, n)| matches!(n, ipnet::IpNet::V4(_)) == v4)
            });
            let Some(p) = parent else { continue };
            let pz = &model.zones[p.0];
            let outer: Vec<_> = pz
                .address_spaces()
                .filter(|(_, n)| matches!(n, ipnet::IpNet::V4(_)) == v4)
                .collect();
            if outer.iter().any(|(_, n)| n.trunc().contains(&net)) {
                continue;
            }
            let (oa, _) = outer[0];
            let list = outer
                .iter()
                .map(|(a, _)| a.text.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            out.push(
                Violation::new(
                    a.span.unwrap_or(zone.header_span),
                    format!(
                        "address space {} of zone `{}` is not inside the address space of `{}` ({list})",
                        a.text, zone.id, pz.id
                    ),
                )
                .label(format!("outside {list}"))
                .related(oa.span.unwrap_or(pz.header_span), format!("the address space of `{}`", pz.id))
                .help(format!(
                    "take `{}`'s range from {list}, or move the zone out of `{}`",
                    zone.id, pz.id
                )),
            );
        }
    }
}
