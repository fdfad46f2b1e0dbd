//! `topomaid diff A B`: the semantic drift between two topologies. Zones and nodes are matched
//! by id, edges by their endpoints and meaning (never by Mermaid's `L_…` ids or their order);
//! what is compared is what the model says, so formatting and statement order make no
//! difference. Zones whose id Mermaid generated (`subGraph3`, for a subgraph written with a
//! title only) are matched by title, then by address spaces, then by members; a node that
//! disappears while one with its label, kind and neighbours appears is a rename (a change of
//! its `id`), not a removal and an addition.

pub mod edges;
pub mod render;
pub mod snapshot;

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

pub use snapshot::{EdgeFacts, NodeFacts, ZoneFacts};

use crate::model::Model;

/// The schema version of `diff --format json`. See docs/diff.md.
pub const VERSION: u32 = 1;

/// One field that differs, with its old and new value (`null` for none, a string, or a list).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FieldChange {
    /// The field (`cidrs`, `kind`, `zone`, …).
    pub field: &'static str,
    /// Its value in the old topology.
    #[schemars(with = "FieldValue")]
    pub old: Value,
    /// Its value in the new topology.
    #[schemars(with = "FieldValue")]
    pub new: Value,
}

/// The value of a field in a [`FieldChange`], for the schema: none, a text, or a list of texts.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum FieldValue {
    /// A text (a kind, a zone id, a label).
    Text(String),
    /// A list (CIDRs, addresses, ports, protocols).
    List(Vec<String>),
    /// None.
    None(()),
}

/// Something present in both topologies that differs.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "Changed{T}")]
pub struct Changed<T> {
    /// How it was.
    pub old: T,
    /// How it is.
    pub new: T,
    /// What differs, in a fixed field order.
    pub changes: Vec<FieldChange>,
}

/// What was added, removed and changed among zones, nodes or edges, each list sorted by key.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "{T}Changes")]
pub struct Changes<T> {
    /// Only in the new topology.
    pub added: Vec<T>,
    /// Only in the old topology.
    pub removed: Vec<T>,
    /// In both, different.
    pub changed: Vec<Changed<T>>,
}

impl<T> Default for Changes<T> {
    fn default() -> Self {
        Changes {
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
        }
    }
}

impl<T> Changes<T> {
    /// True when nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The drift between two topologies.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Drift {
    /// Zones, matched by id.
    pub zones: Changes<ZoneFacts>,
    /// Nodes, matched by id.
    pub nodes: Changes<NodeFacts>,
    /// Edges, matched by endpoints and meaning.
    pub edges: Changes<EdgeFacts>,
}

impl Drift {
    /// True when the two topologies mean the same.
    pub fn is_empty(&self) -> bool {
        self.zones.is_empty() && self.nodes.is_empty() && self.edges.is_empty()
    }
}

/// Compares two models.
pub fn diff(old: &Model, new: &Model) -> Drift {
    let (mut old_zones, new_zones) = (snapshot::zones(old), snapshot::zones(new));
    let (mut old_nodes, new_nodes) = (snapshot::nodes(old), snapshot::nodes(new));
    let (mut old_edges, new_edges) = (snapshot::edges(old), snapshot::edges(new));
    // Old zone ids that stand for a new zone of another id, then old node ids likewise: the
    // old side is rewritten in the new side's ids, so that everything else compares as usual.
    let zone_ids = match_generated_zones(&old_zones, &new_zones, &old_nodes, &new_nodes);
    // What is removed is shown as it was, in the old side's ids.
    let (zones_as_they_were, nodes_as_they_were) = (old_zones.clone(), old_nodes.clone());
    for z in &mut old_zones {
        rename(&mut z.id, &zone_ids);
        if let Some(p) = &mut z.parent {
            rename(p, &zone_ids);
        }
    }
    for n in &mut old_nodes {
        if let Some(z) = &mut n.zone {
            rename(z, &zone_ids);
        }
    }
    for e in &mut old_edges {
        rename(&mut e.from, &zone_ids);
        rename(&mut e.to, &zone_ids);
    }
    let node_ids = match_renamed_nodes(&old_nodes, &new_nodes, &old_edges, &new_edges);
    let nodes_as_they_were: BTreeMap<String, NodeFacts> = old_nodes
        .iter()
        .map(|n| n.id.clone())
        .zip(nodes_as_they_were)
        .collect();
    let zones_as_they_were: BTreeMap<String, ZoneFacts> = old_zones
        .iter()
        .map(|z| z.id.clone())
        .zip(zones_as_they_were)
        .collect();
    for n in &mut old_nodes {
        rename(&mut n.id, &node_ids);
    }
    for e in &mut old_edges {
        rename(&mut e.from, &node_ids);
        rename(&mut e.to, &node_ids);
    }
    let was: BTreeMap<&str, &str> = node_ids
        .iter()
        .map(|(o, n)| (n.as_str(), o.as_str()))
        .collect();
    let mut nodes = by_id(
        old_nodes,
        new_nodes,
        |n| n.id.clone(),
        |o, n| {
            let mut changes = Vec::new();
            if let Some(before) = was.get(n.id.as_str()) {
                changes.push(FieldChange {
                    field: "id",
                    old: Value::from(*before),
                    new: Value::from(n.id.as_str()),
                });
            }
            changes.extend(NodeFacts::changes(o, n));
            changes
        },
    );
    for c in &mut nodes.changed {
        if let Some(before) = was.get(c.new.id.as_str()) {
            c.old.id = before.to_string();
        }
    }
    for n in &mut nodes.removed {
        if let Some(original) = nodes_as_they_were.get(&n.id) {
            *n = original.clone();
        }
    }
    let mut zones = by_id(old_zones, new_zones, |z| z.id.clone(), ZoneFacts::changes);
    for z in &mut zones.removed {
        if let Some(original) = zones_as_they_were.get(&z.id) {
            *z = original.clone();
        }
    }
    Drift {
        zones,
        nodes,
        edges: edges::diff(old_edges, new_edges),
    }
}

/// Whether Mermaid made the zone id up (`subGraph0`, `subGraph1`, …: a subgraph written with
/// a title only).
pub fn is_generated_zone_id(id: &str) -> bool {
    id.strip_prefix("subGraph")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn rename(id: &mut String, map: &BTreeMap<String, String>) {
    if let Some(new) = map.get(id.as_str()) {
        *id = new.clone();
    }
}

/// Pairs old and new zones that are not matched by id and of which one side has a generated
/// id: by equal title, then by equal address spaces, then by their members (the most node ids
/// in common, at least half of the larger zone). Each step pairs only unambiguous matches.
fn match_generated_zones(
    old: &[ZoneFacts],
    new: &[ZoneFacts],
    old_nodes: &[NodeFacts],
    new_nodes: &[NodeFacts],
) -> BTreeMap<String, String> {
    let old_ids: std::collections::BTreeSet<&str> = old.iter().map(|z| z.id.as_str()).collect();
    let new_ids: std::collections::BTreeSet<&str> = new.iter().map(|z| z.id.as_str()).collect();
    // A generated id says nothing (the third titled subgraph of one file need not be that of
    // the other): such zones are matched by what they hold, whatever their ids.
    let mut olds: Vec<&ZoneFacts> = old
        .iter()
        .filter(|z| is_generated_zone_id(&z.id) || !new_ids.contains(z.id.as_str()))
        .collect();
    let mut news: Vec<&ZoneFacts> = new
        .iter()
        .filter(|z| is_generated_zone_id(&z.id) || !old_ids.contains(z.id.as_str()))
        .collect();
    let members = |nodes: &[NodeFacts], id: &str| -> std::collections::BTreeSet<String> {
        nodes
            .iter()
            .filter(|n| n.zone.as_deref() == Some(id))
            .map(|n| n.id.clone())
            .collect()
    };
    let mut map = BTreeMap::new();
    type Key<'a> = &'a dyn Fn(&ZoneFacts) -> Option<String>;
    let title: Key = &|z| Some(z.title.clone()).filter(|t| !t.is_empty());
    let cidrs: Key = &|z| Some(z.cidrs.join(",")).filter(|c| !c.is_empty());
    for key in [title, cidrs] {
        let mut paired = Vec::new();
        for (i, o) in olds.iter().enumerate() {
            let Some(k) = key(o) else { continue };
            let same_old = olds.iter().filter(|x| key(x).as_ref() == Some(&k)).count();
            let candidates: Vec<usize> = (0..news.len())
                .filter(|&j| key(news[j]).as_ref() == Some(&k))
                .collect();
            if let ([j], 1) = (candidates.as_slice(), same_old)
                && (is_generated_zone_id(&o.id) || is_generated_zone_id(&news[*j].id))
            {
                paired.push((i, *j));
            }
        }
        take_pairs(&mut olds, &mut news, paired, &mut map);
    }
    let mut paired = Vec::new();
    for (i, o) in olds.iter().enumerate() {
        let mine = members(old_nodes, &o.id);
        if mine.is_empty() {
            continue;
        }
        let best = (0..news.len())
            .filter(|&j| is_generated_zone_id(&o.id) || is_generated_zone_id(&news[j].id))
            .map(|j| {
                let theirs = members(new_nodes, &news[j].id);
                let common = mine.intersection(&theirs).count();
                (common, mine.len().max(theirs.len()), j)
            })
            .filter(|&(common, size, _)| common * 2 >= size && common > 0)
            .max_by_key(|&(common, _, j)| (common, std::cmp::Reverse(j)));
        if let Some((_, _, j)) = best
            && !paired.iter().any(|&(_, taken)| taken == j)
        {
            paired.push((i, j));
        }
    }
    take_pairs(&mut olds, &mut news, paired, &mut map);
    // An old generated id left unmatched must not meet the new zone that has it by chance.
    for o in olds {
        if is_generated_zone_id(&o.id) && new_ids.contains(o.id.as_str()) {
            map.insert(o.id.clone(), format!("{} (old)", o.id));
        }
    }
    map
}

/// Records the pairs (indices into `olds` and `news`) and removes them from both lists.
fn take_pairs(
    olds: &mut Vec<&ZoneFacts>,
    news: &mut Vec<&ZoneFacts>,
    mut pairs: Vec<(usize, usize)>,
    map: &mut BTreeMap<String, String>,
) {
    for &(i, j) in &pairs {
        map.insert(olds[i].id.clone(), news[j].id.clone());
    }
    pairs.sort_unstable_by_key(|p| std::cmp::Reverse(p.0));
    for &(i, _) in &pairs {
        olds.remove(i);
    }
    let mut js: Vec<usize> = pairs.iter().map(|p| p.1).collect();
    js.sort_unstable_by_key(|&j| std::cmp::Reverse(j));
    for j in js {
        news.remove(j);
    }
}

/// Pairs each old node whose id is gone with the one new node (whose id is new) that has its
/// label, kind and neighbours: a rename.
fn match_renamed_nodes(
    old: &[NodeFacts],
    new: &[NodeFacts],
    old_edges: &[EdgeFacts],
    new_edges: &[EdgeFacts],
) -> BTreeMap<String, String> {
    let old_ids: std::collections::BTreeSet<&str> = old.iter().map(|n| n.id.as_str()).collect();
    let new_ids: std::collections::BTreeSet<&str> = new.iter().map(|n| n.id.as_str()).collect();
    let neighbours = |edges: &[EdgeFacts], id: &str| -> std::collections::BTreeSet<String> {
        edges
            .iter()
            .filter_map(|e| {
                if e.from == id {
                    Some(e.to.clone())
                } else if e.to == id {
                    Some(e.from.clone())
                } else {
                    None
                }
            })
            .collect()
    };
    let gone: Vec<&NodeFacts> = old
        .iter()
        .filter(|n| !new_ids.contains(n.id.as_str()))
        .collect();
    let fresh: Vec<&NodeFacts> = new
        .iter()
        .filter(|n| !old_ids.contains(n.id.as_str()))
        .collect();
    let alike = |o: &NodeFacts, n: &NodeFacts| {
        o.label == n.label
            && o.kind == n.kind
            && neighbours(old_edges, &o.id) == neighbours(new_edges, &n.id)
    };
    let mut map = BTreeMap::new();
    for o in &gone {
        let candidates: Vec<&&NodeFacts> = fresh.iter().filter(|n| alike(o, n)).collect();
        let rivals = gone
            .iter()
            .filter(|g| candidates.iter().any(|n| alike(g, n)))
            .count();
        if let ([n], 1) = (candidates.as_slice(), rivals) {
            map.insert(o.id.clone(), n.id.clone());
        }
    }
    map
}

/// Matches two lists by a unique key (the first of a duplicated key wins, as in the model).
fn by_id<T>(
    old: Vec<T>,
    new: Vec<T>,
    key: impl Fn(&T) -> String,
    changes: impl Fn(&T, &T) -> Vec<FieldChange>,
) -> Changes<T> {
    let mut old_by: BTreeMap<String, T> = BTreeMap::new();
    for o in old {
        old_by.entry(key(&o)).or_insert(o);
    }
    let mut new_by: BTreeMap<String, T> = BTreeMap::new();
    for n in new {
        new_by.entry(key(&n)).or_insert(n);
    }
    let mut out = Changes::default();
    for (k, o) in old_by {
        match new_by.remove(&k) {
            None => out.removed.push(o),
            Some(n) => {
                let c = changes(&o, &n);
                if !c.is_empty() {
                    out.changed.push(Changed {
                        old: o,
                        new: n,
                        changes: c,
                    });
                }
            }
        }
    }
    out.added.extend(new_by.into_values());
    out
}

#[cfg(test)]
mod tests;
