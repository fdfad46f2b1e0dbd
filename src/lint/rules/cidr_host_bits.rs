use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{AddrRole, Address};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Checks that a CIDR block names a network: the bits after the prefix are zero
    /// (`10.0.1.0/24`, not `10.0.1.5/24`). Only address spaces are checked: a subgraph's
    /// title, and a node that stands for a subnet, VPC or VNet. An address written with its
    /// prefix on a router, firewall or host (`OPNsense LAN 10.10.10.1/24`, `vmbr0
    /// 192.168.178.10/24`) is an interface address, standard notation: `ip-outside-subnet`
    /// checks that it lies inside its zone instead. Routes and rule sources (`0.0.0.0/0`,
    /// `10.3.0.0/16 → Shared`) are not checked.
    ///
    /// ## Why is this bad?
    /// `10.0.1.5/24` is an address written with its network's prefix, not a network. Clouds
    /// reject it as an address space, or silently round it down; either way the diagram says
    /// something other than what is deployed, and often it is a typo for another range.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     subgraph App["App Subnet 10.0.1.5/24"]
    ///     end
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     subgraph App["App Subnet 10.0.1.0/24"]
    ///     end
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// ## References
    /// - [RFC 4632 §3.1: prefix notation](https://www.rfc-editor.org/rfc/rfc4632#section-3.1)
    pub struct CidrHostBits {
        id: "cidr-host-bits",
        severity: Warning,
        summary: "A CIDR block has host bits set.",
    }
}

impl_rule!(CidrHostBits);

fn check_one(a: &Address, fallback: Span, owner: &str, out: &mut Vec<Violation>) {
    // Interface addresses (`10.10.10.1/24` on a router) and routes are not ranges.
    if a.role != AddrRole::Network {
        return;
    }
    let Some(net) = a.network() else { return };
    if net.addr() == net.network() {
        return;
    }
    let fixed = net.trunc();
    out.push(
        Violation::new(
            a.span.unwrap_or(fallback),
            format!(
                "{} of {owner} has host bits set; the network is {fixed}",
                a.text
            ),
        )
        .label("host bits set")
        .help(format!("write `{fixed}`, or the range you meant"))
        .with_network_fix(a, &fixed.to_string()),
    );
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    for zone in &cx.model.zones {
        for a in &zone.addresses {
            check_one(
                a,
                zone.header_span,
                &format!("zone `{}`", zone.display_name()),
                out,
            );
        }
    }
    for node in &cx.model.nodes {
        for a in &node.addresses {
            check_one(a, node.span, &format!("node `{}`", node.id), out);
        }
    }
}
