use std::net::IpAddr;

use ipnet::IpNet;

use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::provider::Provider;
use crate::model::{Model, ZoneId, text};

declare_rule! {
    /// ## What it does
    /// Checks each IP address written in a node's label against the address spaces of the zone
    /// around the node: the innermost enclosing zone with an address space of the address's
    /// family (a subnet, else its VNet). The address must lie inside one of them, and must not
    /// be one that cannot be given to a resource: the network address or the broadcast address
    /// of the subnet, or, in an Azure diagram, one of the first three host addresses (`.1` is
    /// the default gateway, `.2` and `.3` map Azure DNS) that Azure reserves in every subnet.
    ///
    /// ## Why is this bad?
    /// A resource cannot take an address outside its subnet, and Azure refuses the reserved
    /// ones. The diagram then documents an address that cannot exist: either the address or the
    /// subnet is wrong, or the node is drawn in the wrong zone.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     subgraph VNet["Azure VNet 10.0.0.0/16"]
    ///         subgraph Pe["Private Endpoint Subnet 10.0.5.0/27"]
    ///             PgPe["PostgreSQL Private Endpoint<br/>10.0.6.10"]
    ///             KvPe["Key Vault Private Endpoint<br/>10.0.5.1"]
    ///         end
    ///     end
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     subgraph VNet["Azure VNet 10.0.0.0/16"]
    ///         subgraph Pe["Private Endpoint Subnet 10.0.5.0/27"]
    ///             PgPe["PostgreSQL Private Endpoint<br/>10.0.5.10"]
    ///             KvPe["Key Vault Private Endpoint<br/>10.0.5.11"]
    ///         end
    ///     end
    /// ```
    ///
    /// ## Options
    /// None. The network and broadcast addresses are checked in every zone. Only single
    /// addresses are checked (a CIDR in a label is a rule or a route, not an
    /// address of the node). A public address in a zone whose address spaces are private is a
    /// public IP resource attached to the node and is not checked, nor are nodes whose label
    /// reads as a firewall or route rule (`allow`, `deny`, `route`, `NSG`). The reserved host
    /// addresses `.1` to `.3` are checked only when the diagram mentions Azure (`Azure`, `VNet`,
    /// `AKS`) and the zone is a subnet (its title says so, or a zone around it has an address
    /// space).
    ///
    /// ## References
    /// - [Azure: are there any restrictions on using IP addresses within these subnets?](https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#are-there-any-restrictions-on-using-ip-addresses-within-these-subnets)
    pub struct IpOutsideSubnet {
        id: "ip-outside-subnet",
        severity: Error,
        summary: "An address on a node is outside its zone's address space, or is one Azure reserves.",
    }
}

impl_rule!(IpOutsideSubnet);

/// Words of a label that make its addresses those of a rule or a route, not of the node.
const RULE_WORDS: &[&str] = &[
    " allow ",
    " deny ",
    " rule ",
    " rules ",
    " route ",
    " routes ",
    " nsg ",
    " udr ",
    " hop ",
    " peering ",
    " 허용 ",
    " 차단 ",
    " 규칙 ",
    " 라우트 ",
];

/// True when the diagram is about Azure: a zone title or node label says `Azure`, `VNet` or
/// `AKS`.
pub(super) fn is_subnet(model: &Model, zone: ZoneId) -> bool {
    let z = &model.zones[zone.0];
    let title = z.title.to_lowercase();
    if title.contains("subnet") || title.contains("서브넷") {
        return true;
    }
    z.address_spaces().any(|(_, net)| {
        model.zone_chain(z.parent).any(|p| {
            model.zones[p.0]
                .address_spaces()
                .any(|(_, n)| n.addr().is_ipv4() == net.addr().is_ipv4())
        })
    })
}

/// True for addresses that are private to a network (RFC 1918, shared, unique local).
fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_private() || v4.is_loopback() || (o[0] == 100 && (o[1] & 0xc0) == 64)
        }
        IpAddr::V6(v6) => (v6.segments()[0] & 0xfe00) == 0xfc00,
    }
}

/// Why `ip` cannot be given to a resource in the subnet `net`, if it cannot.
/// `azure`: the zone is an Azure subnet, where the first three host addresses are reserved too.
/// Why `ip` may not be a host of `net`: the network or broadcast address, or an address the
/// provider reserves in every subnet (when `provider` is given).
fn reserved(net: IpNet, ip: IpAddr, provider: Option<Provider>) -> Option<String> {
    let IpNet::V4(net) = net.trunc() else {
        return None;
    };
    let IpAddr::V4(ip) = ip else { return None };
    if net.prefix_len() > 30 {
        return None;
    }
    if ip == net.network() {
        return Some(format!("is the network address of {net}"));
    }
    if ip == net.broadcast() {
        return Some(format!("is the broadcast address of {net}"));
    }
    let offset = u64::from(u32::from(ip) - u32::from(net.network()));
    let size = 1u64 << (32 - net.prefix_len());
    let why = provider?.reserved(offset, size)?;
    Some(format!("is reserved in {net}: {why}"))
}

/// What a provider reserves in every subnet, for help texts.
fn reserved_summary(p: Provider) -> &'static str {
    match p {
        Provider::Azure => {
            "Azure reserves the network address, the first three host addresses and the broadcast address of every subnet"
        }
        Provider::Aws => {
            "AWS reserves the network address, the first three host addresses and the last address of every subnet"
        }
        Provider::Gcp => {
            "Google Cloud reserves the network address, the first host address and the last two addresses of every subnet"
        }
        Provider::OnPremises => "the network and broadcast addresses name the subnet, not a host",
    }
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let mut provider = None;
    for node in &model.nodes {
        let Some(zone) = node.zone else { continue };
        let zd = &model.zones[zone.0];
        if zd.legend || zd.external.is_some() {
            continue;
        }
        if node.addresses.iter().all(|a| a.host().is_none()) {
            continue;
        }
        if RULE_WORDS.iter().any(|w| text::has_phrase(&node.words, w)) {
            continue;
        }
        for a in &node.addresses {
            let Some(ip) = a.host() else {
                continue;
            };
            let same = |n: &IpNet| n.addr().is_ipv4() == ip.is_ipv4();
            let Some(z) = model
                .zone_chain(Some(zone))
                .find(|z| model.zones[z.0].address_spaces().any(|(_, n)| same(&n)))
            else {
                continue;
            };
            let zone_d = &model.zones[z.0];
            let spaces: Vec<_> = zone_d.address_spaces().filter(|(_, n)| same(n)).collect();
            if !is_private(ip) && spaces.iter().all(|(_, n)| is_private(n.addr())) {
                continue;
            }
            let span = a.span.unwrap_or(node.span);
            let list = spaces
                .iter()
                .map(|(a, _)| a.text.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let (sa, _) = spaces[0];
            let zone_span = sa.span.unwrap_or(zone_d.header_span);
            match spaces.iter().find(|(_, n)| n.trunc().contains(&ip)) {
                None => out.push(
                    Violation::new(
                        span,
                        format!(
                            "address {ip} of `{}` is outside the address space of `{}` ({list})",
                            node.id, zone_d.display_name()
                        ),
                    )
                    .label(format!("outside {list}"))
                    .related(zone_span, format!("the address space of `{}`", zone_d.display_name()))
                    .help(format!(
                        "give `{}` an address from {list}, or draw it in the zone whose range holds {ip}",
                        node.id
                    )),
                ),
                Some((_, net)) => {
                    let provider = model
                        .zone_provider(z)
                        .or(*provider.get_or_insert_with(|| cx.provider()))
                        .filter(|_| is_subnet(model, z));
                    if let Some(why) = reserved(*net, ip, provider) {
                        out.push(
                            Violation::new(
                                span,
                                format!("address {ip} of `{}` {why}", node.id),
                            )
                            .label("reserved address")
                            .related(zone_span, format!("the subnet `{}`", zone_d.display_name()))
                            .help(if let Some(p) = provider {
                                format!(
                                    "{}; give `{}` another address of {}",
                                    reserved_summary(p),
                                    node.id,
                                    net.trunc()
                                )
                            } else {
                                format!(
                                    "the network and broadcast addresses name the subnet, not a host; give `{}` another address of {}",
                                    node.id,
                                    net.trunc()
                                )
                            }),
                        );
                    }
                }
            }
        }
    }
}
