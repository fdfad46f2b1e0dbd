//! `topomaid diff A B`: the semantic drift between two topologies. Zones and nodes are matched
//! by id, edges by their endpoints and meaning (never by Mermaid's `L_…` ids or their order);
//! what is compared is what the model says, so formatting and statement order make no
//! difference.

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
    Drift {
        zones: by_id(
            snapshot::zones(old),
            snapshot::zones(new),
            |z| z.id.clone(),
            ZoneFacts::changes,
        ),
        nodes: by_id(
            snapshot::nodes(old),
            snapshot::nodes(new),
            |n| n.id.clone(),
            NodeFacts::changes,
        ),
        edges: edges::diff(snapshot::edges(old), snapshot::edges(new)),
    }
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
