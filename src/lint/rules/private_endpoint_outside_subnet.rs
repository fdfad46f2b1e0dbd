use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{Endpoint, Kind, NodeId, kind, text};

declare_rule! {
    /// ## What it does
    /// Reports a private endpoint drawn outside every address space of a diagram that has
    /// address spaces: not inside a subnet's subgraph, not joined to a subnet drawn as a node,
    /// and not inside a group the author made for the endpoints (`🔒 Private Endpoints`, which
    /// stands for their subnet) or a VPC or subnet drawn without its range. `Private Link`
    /// drawn as a service or a hop is not an endpoint.
    ///
    /// This is the mistake the quick fix for `missing-private-endpoint` invites: pasting
    /// `App --> DbPE["🔐 Db Private Endpoint"] --> Db` at the top level of the diagram puts the
    /// endpoint nowhere, and the diagram then passes without saying which subnet holds it.
    ///
    /// ## Why is this bad?
    /// A private endpoint is a network interface with a private IP address taken from a
    /// subnet: where it lives decides who can reach it (NSGs, route tables, peering) and which
    /// private DNS zone must resolve it. A diagram that leaves it outside every subnet hides
    /// that decision, and reviews of the network cannot check it.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     subgraph VNet["VNet 10.0.0.0/16"]
    ///         subgraph App["snet-app 10.0.1.0/24"]
    ///             Api["Trip API"]
    ///         end
    ///     end
    ///     Api --> DbPE["🔐 PostgreSQL Private Endpoint"] --> Db[("PostgreSQL")]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     subgraph VNet["VNet 10.0.0.0/16"]
    ///         subgraph App["snet-app 10.0.1.0/24"]
    ///             Api["Trip API"]
    ///         end
    ///         subgraph Pe["snet-pe 10.0.2.0/24"]
    ///             DbPE["🔐 PostgreSQL Private Endpoint"]
    ///         end
    ///     end
    ///     Api --> DbPE --> Db[("PostgreSQL")]
    /// ```
    ///
    /// ## Options
    /// None. A node that is not a private endpoint can be corrected with
    /// `%% topomaid: kind ID generic`.
    ///
    /// ## References
    /// - [Azure: what is a private endpoint?](https://learn.microsoft.com/azure/private-link/private-endpoint-overview)
    /// - [AWS: interface VPC endpoints](https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html)
    /// - [Google Cloud: Private Service Connect endpoints](https://cloud.google.com/vpc/docs/private-service-connect)
    pub struct PrivateEndpointOutsideSubnet {
        id: "private-endpoint-outside-subnet",
        severity: Warning,
        summary: "A private endpoint drawn outside every subnet of a diagram that has them.",
    }
}

impl_rule!(PrivateEndpointOutsideSubnet);

/// True when a normalised label names an endpoint (`Private Endpoint`, `PE`, `VPC endpoint`),
/// not Private Link as a service or concept.
fn names_endpoint(words: &str) -> bool {
    [
        " endpoint ",
        " endpoints ",
        " pe ",
        " 엔드포인트 ",
        " エンドポイント ",
    ]
    .iter()
    .any(|w| text::has_phrase(words, w))
        || words.contains("エンドポイント")
        || words.contains("엔드포인트")
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    if !model.nodes.iter().any(|n| n.kind == Kind::PrivateEndpoint) {
        return;
    }
    let inside = model.zones_in_address_space();
    if !inside.iter().any(|&b| b) && !model.nodes.iter().any(|n| n.is_address_space()) {
        return;
    }
    // The zone holding the diagram's other private endpoints, to name in the help.
    let pe_home = model
        .nodes
        .iter()
        .filter(|n| n.kind == Kind::PrivateEndpoint)
        .find_map(|n| n.zone.filter(|z| inside[z.0]));
    for (i, node) in model.nodes.iter().enumerate() {
        if node.kind != Kind::PrivateEndpoint
            || node.zone.is_some_and(|z| inside[z.0])
            || !names_endpoint(&node.words)
        {
            continue;
        }
        // A group the author made for the endpoints (`🔒 Private Endpoints`) stands for their
        // subnet, and a VPC or subnet drawn without its range still places it; an endpoint
        // with a range of its own (a GKE control plane's) is placed by that range.
        if model.zone_chain(node.zone).any(|z| {
            let words = &model.zones[z.0].words;
            names_endpoint(words) || kind::names_network(words)
        }) || node.addresses.iter().any(|a| a.network().is_some())
        {
            continue;
        }
        let joined_to_subnet =
            model
                .edges_of(Endpoint::Node(NodeId(i)))
                .any(|(_, other)| match other {
                    Endpoint::Node(o) => model.nodes[o.0].is_address_space(),
                    Endpoint::Zone(z) => inside[z.0],
                });
        if joined_to_subnet {
            continue;
        }
        let place = pe_home.map_or_else(
            || "a subnet of the network that uses it".to_string(),
            |z| {
                format!(
                    "the subnet `{}`, with the other private endpoints",
                    model.zones[z.0].display_name()
                )
            },
        );
        out.push(
            Violation::new(
                node.span,
                format!(
                    "private endpoint `{}` is drawn outside every subnet",
                    node.id
                ),
            )
            .label("in no address space")
            .help(format!(
                "a private endpoint takes its address from a subnet: draw `{}` inside {place}",
                node.id
            )),
        );
    }
}
