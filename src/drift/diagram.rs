//! What of a diagram the drift check compares: the small interface between the topology model
//! and the matching. Zones (and nodes that name an address space: a VNet, VPC or subnet with
//! a CIDR, [`Node::is_address_space`](crate::model::Node::is_address_space)) are address spaces; nodes of the kinds that infrastructure declares (private
//! endpoints, data services, gateways, load balancers) are services; other plain nodes may name
//! a subnet drawn without its range.

use ipnet::IpNet;

use crate::model::kind;
use crate::model::text::normalise;
use crate::model::{Endpoint, Kind, Model};
use crate::source::Span;

/// What a diagram item stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// A zone or a node that is a network or subnet.
    Space,
    /// A node of this kind.
    Node(Kind),
    /// A node drawn without a range that may name a network or subnet (`Public-1a`, `APIM
    /// subnet`): it pairs with an address space by name only, and is never reported missing.
    Named,
}

/// Where an item comes from in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// A zone, by index.
    Zone(usize),
    /// A node, by index.
    Node(usize),
}

/// One thing of the diagram that can be paired with a resource.
#[derive(Debug, Clone)]
pub struct Item {
    /// What it is.
    pub kind: ItemKind,
    /// Where it comes from.
    pub origin: Origin,
    /// Its id in the diagram.
    pub id: String,
    /// Its title or label, plain.
    pub text: String,
    /// Its ranges, host bits cleared.
    pub cidrs: Vec<IpNet>,
    /// Where the ranges are written (for pointing at them), when known.
    pub cidr_span: Option<Span>,
    /// Where to point at it.
    pub span: Span,
    /// The address space it is drawn in.
    pub parent: Option<usize>,
}

/// The items of a diagram, and the edges between them.
#[derive(Debug, Clone, Default)]
pub struct DiagramItems {
    /// The items.
    pub items: Vec<Item>,
    /// Edges between items (indices into `items`), with their label and span.
    pub edges: Vec<(usize, usize, String, Span)>,
}

fn is_service(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::PrivateEndpoint
            | Kind::Database
            | Kind::Cache
            | Kind::Queue
            | Kind::Storage
            | Kind::LoadBalancer
            | Kind::Gateway
            | Kind::Egress
            | Kind::Edge
            | Kind::SecretStore
    )
}

/// True when the first line of a label lists services of different kinds (`ECR, Secrets
/// Manager, STS`): a box that stands for several services, not one data service.
fn lists_services(label: &str) -> bool {
    let first = label.lines().next().unwrap_or("");
    let mut kinds: Vec<Kind> = first
        .split(',')
        .filter_map(|part| kind::best(&normalise(part)).map(|h| h.kind))
        .collect();
    kinds.sort_by_key(|k| k.name());
    kinds.dedup();
    first.contains(',') && kinds.len() > 1
}

/// Reads the items of `model`.
pub fn items(model: &Model) -> DiagramItems {
    let mut out = DiagramItems::default();
    let mut zone_item = vec![None; model.zones.len()];
    let mut node_item = vec![None; model.nodes.len()];
    for (zi, z) in model.zones.iter().enumerate() {
        if z.external.is_some() || z.legend {
            continue;
        }
        let cidrs: Vec<IpNet> = z.address_spaces().map(|(_, n)| n.trunc()).collect();
        zone_item[zi] = Some(out.items.len());
        out.items.push(Item {
            kind: ItemKind::Space,
            origin: Origin::Zone(zi),
            id: z.id.clone(),
            text: z.title.clone(),
            cidrs,
            cidr_span: z.address_spaces().find_map(|(a, _)| a.span),
            span: z.header_span,
            parent: None,
        });
    }
    for (ni, n) in model.nodes.iter().enumerate() {
        let nets: Vec<(Option<Span>, IpNet)> = n
            .address_spaces()
            .map(|(a, net)| (a.span, net.trunc()))
            .collect();
        let kind = if n.is_address_space() {
            ItemKind::Space
        } else if is_service(n.kind) && !lists_services(&n.label) {
            ItemKind::Node(n.kind)
        } else if matches!(n.kind, Kind::Generic | Kind::Network) {
            ItemKind::Named
        } else {
            continue;
        };
        if n.zone
            .is_some_and(|z| model.zones[z.0].external.is_some() || model.zones[z.0].legend)
        {
            continue;
        }
        node_item[ni] = Some(out.items.len());
        out.items.push(Item {
            kind,
            origin: Origin::Node(ni),
            id: n.id.to_string(),
            text: n.label.clone(),
            cidrs: if kind == ItemKind::Space {
                nets.iter().map(|x| x.1).collect()
            } else {
                Vec::new()
            },
            cidr_span: nets.iter().find_map(|x| x.0),
            span: n.span,
            parent: None,
        });
    }
    // Parents: the nearest enclosing zone that is an item.
    let zone_parent = |mut z: Option<usize>| {
        while let Some(zi) = z {
            if let Some(i) = zone_item[zi] {
                return Some(i);
            }
            z = model.zones[zi].parent.map(|p| p.0);
        }
        None
    };
    for it in out.items.iter_mut() {
        it.parent = match it.origin {
            Origin::Zone(zi) => zone_parent(model.zones[zi].parent.map(|p| p.0)),
            Origin::Node(ni) => match model.nodes[ni].space_parent {
                Some(Endpoint::Node(p)) if node_item[p.0].is_some() => node_item[p.0],
                Some(Endpoint::Zone(z)) => zone_parent(Some(z.0)),
                _ => zone_parent(model.nodes[ni].zone.map(|z| z.0)),
            },
        };
    }
    for e in &model.edges {
        let end = |p: Endpoint| match p {
            Endpoint::Node(n) => node_item[n.0],
            Endpoint::Zone(z) => zone_item[z.0],
        };
        if let (Some(a), Some(b)) = (end(e.from), end(e.to)) {
            out.edges.push((a, b, e.label.clone(), e.span));
        } else if e.label.to_lowercase().contains("peer") {
            // A peering drawn between nodes inside two networks.
            let side = |p: Endpoint| match p {
                Endpoint::Node(n) => {
                    node_item[n.0].or_else(|| zone_parent(model.nodes[n.0].zone.map(|z| z.0)))
                }
                Endpoint::Zone(z) => zone_item[z.0],
            };
            if let (Some(a), Some(b)) = (side(e.from), side(e.to)) {
                out.edges.push((a, b, e.label.clone(), e.span));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::lists_services;

    /// A box naming several services of different kinds on its first line is a group; a data
    /// service whose later lines mention another kind (`KMS at rest`) is still one service.
    #[test]
    fn a_list_of_services_is_not_one_service() {
        assert!(lists_services("ECR, Secrets Manager,\nSTS, CloudWatch"));
        assert!(!lists_services(
            "RDS PostgreSQL 18\ndb.t4g.micro, single AZ\nforce_ssl, KMS at rest"
        ));
        assert!(!lists_services("Key Vault"));
        assert!(!lists_services("Redis, Memcached"));
    }
}
