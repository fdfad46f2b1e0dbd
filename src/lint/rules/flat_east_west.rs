use ipnet::IpNet;

use super::impl_rule;
use super::net_text::has_any;
use super::policy_text::{Action, RuleLine, rule_lines};
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{Kind, Model, Traffic, ZoneId};
use crate::source::Span;

declare_rule! {
    /// ## What it does
    /// Reports a firewall rule that allows a whole range to itself (`ACCEPT: 10.10.0.0/16 →
    /// 10.10.0.0/16`, `permit ip 10.0.0.0/8 10.0.0.0/8`) when that range holds the tiers of a
    /// segmented design: a network drawn as isolated (or holding only data stores) that the
    /// diagram reaches from one tier, and other tiers inside the rule's range that it never
    /// joins to it.
    ///
    /// The rule reads rules written as text, in nodes or on edges, with both ends as CIDR
    /// blocks. A tier the diagram joins to the protected network by an edge is intended; a
    /// deny line that covers a pair keeps that pair out of the finding. Without a network the
    /// diagram calls isolated (`Isolated`, `격리`, `隔離`) or that holds only databases, caches
    /// and storage, an allow-all between subnets is left alone: many diagrams draw a flat
    /// trusted network on purpose.
    ///
    /// ## Why is this bad?
    /// The diagram promises that the protected network is reached only through its tier (the
    /// application tier in front of the databases). The rule lets every network in its range
    /// reach it directly, the DMZ and scanners included, so one compromised host in the DMZ
    /// talks to the database without passing the application. Segmentation that one rule undoes
    /// is not segmentation.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart TB
    ///     subgraph DMZ["dmz 10.10.1.0/24"]
    ///         PROXY["Caddy 10.10.1.10"]
    ///     end
    ///     subgraph APP["app-tier 10.10.2.0/24"]
    ///         API["API 10.10.2.10"]
    ///     end
    ///     subgraph DATA["data-tier 10.10.3.0/24 (Isolated)"]
    ///         PG[("PostgreSQL 10.10.3.10")]
    ///     end
    ///     FW["ACCEPT: 10.10.0.0/16 → 10.10.0.0/16"]
    ///     PROXY --> API --> PG
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart TB
    ///     subgraph DMZ["dmz 10.10.1.0/24"]
    ///         PROXY["Caddy 10.10.1.10"]
    ///     end
    ///     subgraph APP["app-tier 10.10.2.0/24"]
    ///         API["API 10.10.2.10"]
    ///     end
    ///     subgraph DATA["data-tier 10.10.3.0/24 (Isolated)"]
    ///         PG[("PostgreSQL 10.10.3.10")]
    ///     end
    ///     FW1["ACCEPT: 10.10.1.0/24 → 10.10.2.0/24"]
    ///     FW2["ACCEPT: 10.10.2.0/24 → 10.10.3.0/24"]
    ///     PROXY --> API --> PG
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// ## References
    /// - [NIST SP 800-215: Guide to a Secure Enterprise Network Landscape (segmentation)](https://csrc.nist.gov/pubs/sp/800/215/final)
    /// - [CIS Controls v8, 12.2: Establish and Maintain a Secure Network Architecture](https://www.cisecurity.org/controls/network-infrastructure-management)
    pub struct FlatEastWest {
        id: "flat-east-west",
        severity: Warning,
        summary: "A firewall rule allows a range to itself and so lets every tier reach a network drawn as isolated.",
    }
}

impl_rule!(FlatEastWest);

/// Words by which a diagram calls a network isolated.
const ISOLATED: &[&str] = &[
    "isolated",
    "isolation",
    "air gapped",
    "airgapped",
    "no inbound",
    "no ingress",
    "격리",
    "隔離",
    "分離",
    "폐쇄망",
    "閉域",
];

/// A zone that carries one address space: a tier of the design.
struct Tier {
    zone: ZoneId,
    net: IpNet,
}

/// A rule line and where it is written.
struct Written {
    rule: RuleLine,
    span: Span,
    who: String,
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let mut written = Vec::new();
    for node in &model.nodes {
        for rule in rule_lines(&node.label) {
            written.push(Written {
                rule,
                span: node.span,
                who: format!("`{}`", node.id),
            });
        }
    }
    for edge in &model.edges {
        for rule in rule_lines(&edge.label) {
            written.push(Written {
                rule,
                span: edge.span,
                who: "the rule on this edge".to_string(),
            });
        }
    }
    if !written.iter().any(|w| w.rule.action == Action::Allow) {
        return;
    }
    let tiers: Vec<Tier> = model
        .zones
        .iter()
        .enumerate()
        .filter_map(|(i, z)| {
            let mut spaces = z.address_spaces();
            let (_, net) = spaces.next()?;
            spaces.next().is_none().then_some(Tier {
                zone: ZoneId(i),
                net,
            })
        })
        .collect();
    let protected = protected_zones(model);
    let joined = joined_zones(model);
    let denied = |from: IpNet, to: IpNet| {
        written
            .iter()
            .any(|w| w.rule.action == Action::Deny && w.rule.covers(from, to))
    };
    for w in written.iter().filter(|w| w.rule.action == Action::Allow) {
        let rule = &w.rule;
        for d in &tiers {
            if !rule.dst.contains(&d.net) || !protected[d.zone.0] {
                continue;
            }
            let covered: Vec<&Tier> = tiers
                .iter()
                .filter(|s| {
                    s.zone != d.zone
                        && rule.src.contains(&s.net)
                        && !s.net.contains(&d.net)
                        && !d.net.contains(&s.net)
                        && !denied(s.net, d.net)
                })
                .collect();
            let (drawn, bypass): (Vec<&Tier>, Vec<&Tier>) = covered
                .into_iter()
                .partition(|s| joined.contains(&(s.zone, d.zone)));
            if drawn.is_empty() || bypass.is_empty() {
                continue;
            }
            let name = |t: &Tier| format!("`{}` ({})", model.zones[t.zone.0].display_name(), t.net);
            let list = |ts: &[&Tier]| ts.iter().map(|t| name(t)).collect::<Vec<_>>().join(", ");
            let dzone = &model.zones[d.zone.0];
            let (why, is) = if has_any(&dzone.words, ISOLATED) {
                ("drawn as isolated", "is drawn as isolated")
            } else {
                ("holding only data stores", "holds only data stores")
            };
            let reach = if bypass.len() == 1 {
                "reaches"
            } else {
                "reach"
            };
            let mut v = Violation::new(
                w.span,
                format!(
                    "{} allows {} → {}, so {} {reach} {} ({why}) directly, though the diagram joins it only to {}",
                    w.who,
                    rule.src,
                    rule.dst,
                    list(&bypass),
                    name(d),
                    list(&drawn),
                ),
            )
            .label(format!("`{}` lets every tier in {} reach {}", rule.line, rule.src, d.net))
            .related(dzone.header_span, format!("`{}` {is}", dzone.display_name()));
            for s in &bypass {
                let z = &model.zones[s.zone.0];
                v = v.related(
                    z.header_span,
                    format!(
                        "no edge joins `{}` to `{}`",
                        z.display_name(),
                        dzone.display_name()
                    ),
                );
            }
            out.push(v.help(format!(
                "allow only the flows the diagram draws ({} → {}, on their ports) and deny the rest of {} → {}",
                drawn.iter().map(|t| t.net.to_string()).collect::<Vec<_>>().join(", "),
                d.net,
                rule.src,
                d.net
            )));
        }
    }
}

/// Per zone, whether a design keeps it apart: called isolated, or holding data stores only
/// (at any depth). One pass over the nodes.
fn protected_zones(model: &Model) -> Vec<bool> {
    // Per zone: (has a member, has a member that is not a data store).
    let mut members = vec![(false, false); model.zones.len()];
    for n in &model.nodes {
        let data = matches!(
            n.kind,
            Kind::Database | Kind::Cache | Kind::Storage | Kind::SecretStore
        );
        for z in model.zone_chain(n.zone) {
            members[z.0].0 = true;
            members[z.0].1 |= !data;
        }
    }
    model
        .zones
        .iter()
        .zip(members)
        .map(|(z, (any, other))| has_any(&z.words, ISOLATED) || (any && !other))
        .collect()
}

/// The pairs of zones `(from, to)` that an edge joins, from anything inside `from` to
/// anything inside `to` (both ways for an edge without a direction). One pass over the edges.
fn joined_zones(model: &Model) -> rustc_hash::FxHashSet<(ZoneId, ZoneId)> {
    let mut joined = rustc_hash::FxHashSet::default();
    for e in model.edges.iter().filter(|e| e.traffic != Traffic::Layout) {
        let (from, to) = (model.endpoint_zone(e.from), model.endpoint_zone(e.to));
        for a in model.zone_chain(from) {
            for b in model.zone_chain(to) {
                joined.insert((a, b));
                if e.both_ways {
                    joined.insert((b, a));
                }
            }
        }
    }
    joined
}
