use ipnet::IpNet;

use super::impl_rule;
use super::net_text::has_any;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{AddrRole, Kind, Node, ZoneId};

declare_rule! {
    /// ## What it does
    /// Reports hosts of different IP networks inside one subgraph that the diagram calls a
    /// single layer-2 segment (`Single L2 broadcast domain (switch1 + switch2 bridged)`,
    /// `flat network`, `같은 브로드캐스트 도메인`): `client-guest 10.10.20.20/24` beside
    /// `client-hr 10.10.10.10/24`.
    ///
    /// Only interface addresses written with their prefix are read (a bare `10.10.20.20` says
    /// nothing about its network), and routers, firewalls and gateways, which join networks by
    /// design, are left out. The hosts of the network with the most members (the first one
    /// drawn on a tie) are taken as the segment's own; each other network is one finding.
    ///
    /// ## Why is this bad?
    /// Hosts in one broadcast domain reach each other at layer 2 whatever their addresses: a
    /// guest that sets an address of the corporate network, answers ARP for the gateway or
    /// simply sends frames to a corporate MAC address is on the corporate network. Addressing
    /// alone separates nothing; a VLAN (or a separate bridge) and a router or firewall between
    /// them does.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     subgraph L2["Single L2 broadcast domain"]
    ///         SW1(["switch1"])
    ///         HR["client-hr<br/>10.10.10.10/24"]
    ///         GUEST["client-guest<br/>10.10.20.20/24"]
    ///         HR --- SW1
    ///         GUEST --- SW1
    ///     end
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     subgraph V10["VLAN 10 corporate"]
    ///         HR["client-hr<br/>10.10.10.10/24"]
    ///     end
    ///     subgraph V20["VLAN 20 guest"]
    ///         GUEST["client-guest<br/>10.10.20.20/24"]
    ///     end
    ///     HR --- FW["firewall"]
    ///     GUEST --- FW
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// ## References
    /// - [NIST SP 800-153: Guidelines for Securing WLANs (guest network separation)](https://csrc.nist.gov/pubs/sp/800/153/final)
    /// - [IEEE 802.1Q: VLANs](https://standards.ieee.org/ieee/802.1Q/10323/)
    pub struct NoL2Isolation {
        id: "no-l2-isolation",
        severity: Warning,
        summary: "Hosts of different networks share a subgraph drawn as one layer-2 broadcast domain.",
    }
}

impl_rule!(NoL2Isolation);

/// Words by which a subgraph says it is one layer-2 segment.
const ONE_SEGMENT: &[&str] = &[
    "broadcast domain",
    "l2 domain",
    "l2 segment",
    "layer 2 domain",
    "layer 2 segment",
    "single l2",
    "same l2",
    "shared l2",
    "flat l2",
    "flat network",
    "flat lan",
    "same vlan",
    "single vlan",
    "브로드캐스트 도메인",
    "브로드캐스트도메인",
    "ブロードキャストドメイン",
    "ブロードキャスト ドメイン",
    "l2 セグメント",
    "l2セグメント",
];

/// Kinds that join networks by design and so may have an address in each.
fn joins_networks(node: &Node) -> bool {
    matches!(
        node.kind,
        Kind::Gateway | Kind::Edge | Kind::Egress | Kind::LoadBalancer | Kind::Policy
    ) || has_any(
        &node.words,
        &[
            "router",
            "firewall",
            "gateway",
            "gw",
            "l3 switch",
            "라우터",
            "ルーター",
        ],
    )
}

/// The network of a host's interface addresses, when it has exactly one.
fn network_of(node: &Node) -> Option<IpNet> {
    let mut nets = node
        .addresses
        .iter()
        .filter(|a| a.role == AddrRole::Interface)
        .filter_map(|a| a.network().map(|n| n.trunc()));
    let first = nets.next()?;
    nets.all(|n| n == first).then_some(first)
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    for (zi, zone) in model.zones.iter().enumerate() {
        if zone.legend || !has_any(&zone.words, ONE_SEGMENT) {
            continue;
        }
        // Networks in order of their first host, with their hosts.
        let mut groups: Vec<(IpNet, Vec<&Node>)> = Vec::new();
        for node in model.nodes.iter().filter(|n| {
            n.zone.is_some_and(|z| model.zone_contains(ZoneId(zi), z)) && !joins_networks(n)
        }) {
            let Some(net) = network_of(node) else {
                continue;
            };
            match groups.iter_mut().find(|(n, _)| *n == net) {
                Some((_, hosts)) => hosts.push(node),
                None => groups.push((net, vec![node])),
            }
        }
        if groups.len() < 2 {
            continue;
        }
        let main = (0..groups.len())
            .max_by_key(|&i| (groups[i].1.len(), std::cmp::Reverse(i)))
            .unwrap_or(0);
        let (main_net, main_hosts) = &groups[main];
        let ids = |hosts: &[&Node]| {
            hosts
                .iter()
                .map(|h| format!("`{}`", h.id))
                .collect::<Vec<_>>()
                .join(", ")
        };
        for (i, (net, hosts)) in groups.iter().enumerate() {
            if i == main {
                continue;
            }
            let mut v = Violation::new(
                hosts[0].span,
                format!(
                    "{} ({net}) share{} the layer-2 segment `{}` with {} ({main_net}): the networks are apart only by their addresses",
                    ids(hosts),
                    if hosts.len() == 1 { "s" } else { "" },
                    zone.display_name(),
                    ids(main_hosts),
                ),
            )
            .label(format!("{net} in the same broadcast domain as {main_net}"))
            .related(
                zone.header_span,
                format!("`{}` is drawn as one broadcast domain", zone.display_name()),
            );
            for h in main_hosts.iter().take(3) {
                v = v.related(h.span, format!("`{}` is in {main_net}", h.id));
            }
            out.push(v.help(format!(
                "put {net} in its own VLAN (or bridge) and route between it and {main_net} through a firewall; a host in one broadcast domain reaches the other network by changing its address or answering ARP"
            )));
        }
    }
}
