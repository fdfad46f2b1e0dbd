use ipnet::IpNet;

use super::impl_rule;
use super::ip_outside_subnet::is_subnet;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::provider::Provider;
use crate::model::{Model, ZoneId, text};

declare_rule! {
    /// ## What it does
    /// Checks that each IPv4 subnet is as large as its role needs:
    ///
    /// - in an Azure diagram, every subnet at least a /29 (Azure's smallest, of which five
    ///   addresses are reserved);
    /// - `GatewaySubnet` (VPN or ExpressRoute gateway) at least a /27, and so a subnet holding a
    ///   VPN or ExpressRoute gateway;
    /// - `AzureFirewallSubnet`, `AzureFirewallManagementSubnet` and `AzureBastionSubnet` at least
    ///   a /26, and so a subnet holding an Azure Firewall or Azure Bastion;
    /// - an AKS subnet, when the node count (`3 nodes`, `노드 3개`) and the maximum pods per node
    ///   (`max pods 30`) are written in the zone titles or node labels inside it, at least
    ///   nodes × (max pods + 1) + 5 addresses (with Azure CNI every pod takes an address of the
    ///   subnet); with only a node count, nodes + 5;
    /// - a subnet holding an Application Gateway v2: a /24 is advised, reported as a note;
    /// - `RouteServerSubnet` at least a /27.
    ///
    /// The provider's smallest subnet is checked too (AWS /28, Google Cloud /29). Subnets drawn
    /// as nodes (`GatewaySubnet<br/>10.0.254.0/29`, `private subnet a 10.0.1.0/28`) are checked
    /// against their own name and the provider's smallest subnet; what lies inside a node is
    /// not drawn, so the needs of its members apply to subgraphs only.
    ///
    /// ## Why is this bad?
    /// Azure refuses to deploy these services into smaller subnets, or they stop scaling when
    /// the addresses run out (an AKS cluster cannot add nodes or pods, an Application Gateway
    /// cannot add instances). A subnet cannot be resized while it is in use, so the mistake is
    /// expensive to fix later.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart TB
    ///     subgraph VNet["Hub VNet 10.0.0.0/16"]
    ///         subgraph Bastion["AzureBastionSubnet 10.0.9.0/27"]
    ///             Host["Azure Bastion"]
    ///         end
    ///     end
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart TB
    ///     subgraph VNet["Hub VNet 10.0.0.0/16"]
    ///         subgraph Bastion["AzureBastionSubnet 10.0.9.0/26"]
    ///             Host["Azure Bastion"]
    ///         end
    ///     end
    /// ```
    ///
    /// ## Options
    /// None. A zone is a subnet when its title says so or a zone around it has an address space.
    /// The AKS count is not checked when the text says Azure CNI Overlay or kubenet, where pods
    /// take no address of the subnet; an Application Gateway labelled `v1` is not advised.
    ///
    /// ## References
    /// - [Azure: virtual network FAQ, subnet sizes](https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq#how-small-and-how-large-can-virtual-networks-and-subnets-be)
    /// - [Azure: GatewaySubnet](https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-vpn-gateway-settings#gwsub)
    /// - [Azure Firewall FAQ: why does Azure Firewall need a /26 subnet size?](https://learn.microsoft.com/azure/firewall/firewall-faq#why-does-azure-firewall-need-a--26-subnet-size)
    /// - [Azure Bastion: AzureBastionSubnet](https://learn.microsoft.com/azure/bastion/configuration-settings#subnet)
    /// - [Application Gateway infrastructure: size of the subnet](https://learn.microsoft.com/azure/application-gateway/configuration-infrastructure#size-of-the-subnet)
    /// - [AKS: plan IP addressing for Azure CNI](https://learn.microsoft.com/azure/aks/azure-cni-overview#plan-ip-addressing-for-your-cluster)
    pub struct SubnetTooSmall {
        id: "subnet-too-small",
        severity: Warning,
        summary: "A subnet is smaller than its role needs.",
    }
}

impl_rule!(SubnetTooSmall);

/// What a subnet needs: at least `addresses`, because of `why`; `note` for advice.
struct Need {
    addresses: u64,
    why: String,
    note: bool,
}

fn prefix_size(prefix: u32) -> u64 {
    1u64 << (32 - prefix)
}

/// The smallest prefix length with at least `n` addresses.
fn prefix_for(n: u64) -> u32 {
    (0..=32u32)
        .rev()
        .find(|&p| prefix_size(p) >= n)
        .unwrap_or(0)
}

/// The texts (titles and labels) of a zone and everything inside it.
fn texts(model: &Model, zone: ZoneId) -> Vec<&str> {
    let mut out = Vec::new();
    let mut stack = vec![zone];
    while let Some(z) = stack.pop() {
        let zd = &model.zones[z.0];
        out.push(zd.words.as_str());
        out.extend(zd.nodes.iter().map(|n| model.nodes[n.0].words.as_str()));
        stack.extend(zd.children.iter().copied());
    }
    out
}

/// A number written right before one of `words` (`3 nodes`) or right after one of `keys`
/// (`max pods 30`, `nodes: 3`), in normalised text.
fn count(norm: &str, words: &[&str], keys: &[&str]) -> Option<u64> {
    if !norm.bytes().any(|b| b.is_ascii_digit())
        || !words
            .iter()
            .chain(keys)
            .any(|w| whole_word_at(norm, w, 0).is_some())
    {
        return None;
    }
    let mut prev: Option<&str> = None;
    let mut tokens = norm.split_whitespace().peekable();
    while let Some(t) = tokens.next() {
        if let Ok(n) = t.parse::<u64>()
            && tokens.peek().is_some_and(|w| words.contains(w))
        {
            return Some(n);
        }
        // `노드 3개`
        if let Some(d) = t.strip_suffix('개')
            && let Ok(n) = d.parse::<u64>()
            && prev.is_some_and(|p| words.contains(&p))
        {
            return Some(n);
        }
        prev = Some(t);
    }
    for key in keys {
        let Some(end) = whole_word_at(norm, key, 0) else {
            continue;
        };
        let Some(first) = norm[end..].split_whitespace().next() else {
            continue;
        };
        let first = first.strip_suffix('개').unwrap_or(first);
        if let Ok(n) = first.parse() {
            return Some(n);
        }
    }
    None
}

/// The end of the first whole-word occurrence of `word` (one or more words) in normalised
/// text, which has a space before every word and after the last.
fn whole_word_at(norm: &str, word: &str, mut from: usize) -> Option<usize> {
    loop {
        let at = text::find(norm, word, from)?;
        let end = at + word.len();
        if at > 0 && norm.as_bytes()[at - 1] == b' ' && norm[end..].starts_with(' ') {
            return Some(end);
        }
        from = at + 1;
    }
}

const NODE_WORDS: &[&str] = &["nodes", "node", "노드", "vms"];
const NODE_KEYS: &[&str] = &["node count", "nodes", "노드 수"];
const PODS_KEYS: &[&str] = &[
    "max pods",
    "maxpods",
    "max pods per node",
    "최대 파드",
    "최대 pod",
];

/// The node count of a zone: written in its title, else the sum of its children's and nodes'.
fn nodes_in(model: &Model, zone: ZoneId) -> Option<u64> {
    let zd = &model.zones[zone.0];
    if let Some(n) = count(&zd.words, NODE_WORDS, NODE_KEYS) {
        return Some(n);
    }
    let mut total = None;
    for &c in &zd.children {
        if let Some(n) = nodes_in(model, c) {
            *total.get_or_insert(0) += n;
        }
    }
    for &n in &zd.nodes {
        if let Some(k) = count(&model.nodes[n.0].words, NODE_WORDS, NODE_KEYS) {
            *total.get_or_insert(0) += k;
        }
    }
    total
}

/// How a provider is named in a message.
fn provider_name(p: Provider) -> &'static str {
    match p {
        Provider::Azure => "Azure",
        Provider::Aws => "AWS",
        Provider::Gcp => "Google Cloud",
        Provider::OnPremises => "the network",
    }
}

/// Azure's reserved subnets and the sizes they need, by the name they must have.
const NAMED: &[(&str, u64, &str)] = &[
    ("gatewaysubnet", 32, "a GatewaySubnet needs at least a /27"),
    (
        "azurefirewallsubnet",
        64,
        "an AzureFirewallSubnet needs at least a /26",
    ),
    (
        "azurefirewallmanagementsubnet",
        64,
        "an AzureFirewallManagementSubnet needs at least a /26",
    ),
    (
        "azurebastionsubnet",
        64,
        "an AzureBastionSubnet needs at least a /26",
    ),
    (
        "routeserversubnet",
        32,
        "a RouteServerSubnet needs at least a /27",
    ),
];

/// What a subnet's own name asks for: Azure's reserved subnets (`GatewaySubnet`,
/// `AzureFirewallSubnet`, `AzureBastionSubnet`…), whose names the platform requires.
fn named_needs(title: &str) -> Vec<Need> {
    let title = title.to_lowercase().replace(' ', "");
    NAMED
        .iter()
        .filter(|(name, _, _)| title.contains(name))
        .map(|&(_, addresses, why)| Need {
            addresses,
            why: why.into(),
            note: false,
        })
        .collect()
}

fn needs(model: &Model, zone: ZoneId, provider: Option<Provider>) -> Vec<Need> {
    let zd = &model.zones[zone.0];
    let title = zd.title.to_lowercase().replace(' ', "");
    let texts = texts(model, zone);
    let says = |w: &str| texts.iter().any(|t| text::has_phrase(t, w));
    let mut out = Vec::new();
    if let Some(p) = provider
        && let Some((_, smallest)) = p.subnet_prefixes()
    {
        let name = provider_name(p);
        out.push(Need {
            addresses: prefix_size(u32::from(smallest)),
            why: format!("{name}'s smallest subnet is a /{smallest}"),
            note: false,
        });
    }
    out.extend(named_needs(&zd.title));
    if !title.contains("gatewaysubnet")
        && (says(" vpn gateway ")
            || says(" expressroute gateway ")
            || says(" virtual network gateway "))
    {
        out.push(Need {
            addresses: 32,
            why: "a VPN or ExpressRoute gateway needs a GatewaySubnet of at least a /27".into(),
            note: false,
        });
    }
    for (name, word, service) in [
        ("azurefirewallsubnet", " azure firewall ", "Azure Firewall"),
        ("azurebastionsubnet", " bastion ", "Azure Bastion"),
    ] {
        if !title.contains(name) && says(word) {
            let subnet = if service == "Azure Bastion" {
                "AzureBastionSubnet"
            } else {
                "AzureFirewallSubnet"
            };
            out.push(Need {
                addresses: 64,
                why: format!("{service} needs a dedicated {subnet} of at least a /26"),
                note: false,
            });
        }
    }
    let app_gw = says(" application gateway ") || says(" app gateway ") || says(" appgw ");
    if app_gw && !says(" v1 ") {
        out.push(Need {
            addresses: 256,
            why: "a /24 is advised for an Application Gateway v2, which scales to 125 instances"
                .into(),
            note: true,
        });
    }
    let aks = says(" aks ") || says(" kubernetes ") || says(" k8s ") || says(" node pool ");
    if aks && !says(" overlay ") && !says(" kubenet ") {
        let pods = texts.iter().filter_map(|t| count(t, &[], PODS_KEYS)).max();
        if let Some(nodes) = nodes_in(model, zone) {
            let (addresses, why) = match pods {
                Some(p) => (
                    nodes * (p + 1) + 5,
                    format!(
                        "{nodes} AKS nodes with up to {p} pods each need {nodes} × ({p} + 1) + 5 reserved = {} addresses",
                        nodes * (p + 1) + 5
                    ),
                ),
                None => (
                    nodes + 5,
                    format!(
                        "{nodes} AKS nodes need {nodes} + 5 reserved = {} addresses",
                        nodes + 5
                    ),
                ),
            };
            out.push(Need {
                addresses,
                why,
                note: false,
            });
        }
    }
    out
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let mut provider = None;
    for (zi, zone) in model.zones.iter().enumerate() {
        let zid = ZoneId(zi);
        if zone.legend || zone.external.is_some() {
            continue;
        }
        let spaces: Vec<_> = zone
            .address_spaces()
            .filter_map(|(a, n)| match n {
                IpNet::V4(v4) => Some((a, v4.trunc())),
                IpNet::V6(_) => None,
            })
            .collect();
        if spaces.is_empty() || !is_subnet(model, zid) {
            continue;
        }
        let provider = model
            .zone_provider(zid)
            .or(*provider.get_or_insert_with(|| cx.provider()));
        let size: u64 = spaces
            .iter()
            .map(|(_, n)| prefix_size(u32::from(n.prefix_len())))
            .sum();
        let failing: Vec<Need> = needs(model, zid, provider)
            .into_iter()
            .filter(|n| n.addresses > size)
            .collect();
        // The most demanding requirement, a warning before a note.
        let Some(need) = failing
            .iter()
            .filter(|n| !n.note)
            .max_by_key(|n| n.addresses)
            .or_else(|| failing.iter().max_by_key(|n| n.addresses))
        else {
            continue;
        };
        let (a, net) = spaces[0];
        let list = spaces
            .iter()
            .map(|(a, _)| a.text.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let want = prefix_for(need.addresses);
        let mut v = Violation::new(
            a.span.unwrap_or(zone.header_span),
            format!(
                "subnet `{}` ({list}) has {size} addresses: {}",
                zone.display_name(),
                need.why
            ),
        )
        .label(format!("{size} addresses"))
        .help(format!(
            "give `{}` a /{want} or larger (for example {})",
            zone.display_name(),
            ipnet::Ipv4Net::new(net.network(), want as u8)
                .map_or_else(|_| format!("/{want}"), |n| n.trunc().to_string())
        ));
        if need.note {
            v = v.as_note();
        }
        out.push(v);
    }
    subnet_nodes(cx, out);
}

/// Words by which a node's first line says it is a subnet.
const SUBNET_WORDS: &[&str] = &[" subnet ", " snet ", " subnets ", "서브넷", "サブネット"];

/// Subnets drawn as nodes (`GatewaySubnet<br/>10.0.254.0/29`): their name's needs and the
/// provider's smallest subnet. What a zone's members ask for (node counts, gateways inside)
/// has no counterpart for a node, so only what the node says of itself is checked.
fn subnet_nodes(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    for node in model.nodes.iter().filter(|n| n.is_address_space()) {
        let head = node.label.lines().next().unwrap_or("");
        let norm = text::normalise(head);
        let named = named_needs(head);
        if named.is_empty() && !SUBNET_WORDS.iter().any(|w| text::has_phrase(&norm, w)) {
            continue;
        }
        let spaces: Vec<_> = node
            .address_spaces()
            .filter_map(|(a, n)| match n {
                IpNet::V4(v4) => Some((a, v4.trunc())),
                IpNet::V6(_) => None,
            })
            .collect();
        let [(a, net)] = spaces[..] else {
            continue;
        };
        let provider = node
            .zone
            .and_then(|z| model.zone_provider(z))
            .or_else(|| cx.provider());
        let mut needs = named;
        if let Some(p) = provider
            && let Some((_, smallest)) = p.subnet_prefixes()
            && p != Provider::OnPremises
        {
            needs.push(Need {
                addresses: prefix_size(u32::from(smallest)),
                why: format!("{}'s smallest subnet is a /{smallest}", provider_name(p)),
                note: false,
            });
        }
        let size = prefix_size(u32::from(net.prefix_len()));
        let Some(need) = needs
            .iter()
            .filter(|n| n.addresses > size)
            .max_by_key(|n| n.addresses)
        else {
            continue;
        };
        let want = prefix_for(need.addresses);
        out.push(
            Violation::new(
                a.span.unwrap_or(node.span),
                format!(
                    "subnet `{}` ({}) has {size} addresses: {}",
                    node.id, a.text, need.why
                ),
            )
            .label(format!("{size} addresses"))
            .help(format!(
                "give `{}` a /{want} or larger (for example {})",
                node.id,
                ipnet::Ipv4Net::new(net.network(), want as u8)
                    .map_or_else(|_| format!("/{want}"), |n| n.trunc().to_string())
            )),
        );
    }
}
