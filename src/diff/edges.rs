//! Matching edges between two topologies. Edges have no stable identity (Mermaid's `L_a_b_0`
//! ids count statements), so they are grouped by their endpoints, ignoring direction; inside a
//! group, edges that mean the same are paired first, then the rest by likeness, and what is
//! left over was added or removed.

use std::collections::BTreeMap;

use super::{Changed, Changes, EdgeFacts};

/// The order in which edges of one group are considered, so that the result does not depend
/// on statement order.
fn sort_key(e: &EdgeFacts) -> (String, String, String, Vec<String>, Vec<String>) {
    (
        e.direction(),
        format!("{:?}", e.style),
        e.label.clone(),
        e.ports.clone(),
        e.protocols.clone(),
    )
}

/// How alike two edges between the same endpoints are; direction counts most.
fn likeness(a: &EdgeFacts, b: &EdgeFacts) -> u32 {
    8 * u32::from(a.direction() == b.direction())
        + 4 * u32::from(a.style == b.style)
        + 2 * u32::from(a.label == b.label)
        + u32::from(a.ports == b.ports)
        + u32::from(a.protocols == b.protocols)
}

/// Compares the edges of two topologies.
pub fn diff(old: Vec<EdgeFacts>, new: Vec<EdgeFacts>) -> Changes<EdgeFacts> {
    type Group = (Vec<EdgeFacts>, Vec<EdgeFacts>);
    let mut groups: BTreeMap<(String, String), Group> = BTreeMap::new();
    for e in old {
        let (a, b) = e.pair();
        let key = (a.to_string(), b.to_string());
        groups.entry(key).or_default().0.push(e);
    }
    for e in new {
        let (a, b) = e.pair();
        let key = (a.to_string(), b.to_string());
        groups.entry(key).or_default().1.push(e);
    }
    let mut out = Changes::default();
    for (_, (mut old, mut new)) in groups {
        old.sort_by_key(sort_key);
        new.sort_by_key(sort_key);
        let mut old: Vec<Option<EdgeFacts>> = old.into_iter().map(Some).collect();
        let mut new: Vec<Option<EdgeFacts>> = new.into_iter().map(Some).collect();
        for o in old.iter_mut() {
            let twin = new.iter_mut().find(|n| match (&*o, &**n) {
                (Some(o), Some(n)) => o.same(n),
                _ => false,
            });
            if let Some(n) = twin {
                *o = None;
                *n = None;
            }
        }
        let mut pairs: Vec<(u32, usize, usize)> = Vec::new();
        for (i, o) in old.iter().enumerate() {
            for (j, n) in new.iter().enumerate() {
                if let (Some(o), Some(n)) = (o, n) {
                    pairs.push((likeness(o, n), i, j));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        for (_, i, j) in pairs {
            if old[i].is_some() && new[j].is_some() {
                let (o, n) = (old[i].take(), new[j].take());
                if let (Some(o), Some(n)) = (o, n) {
                    let changes = EdgeFacts::changes(&o, &n);
                    out.changed.push(Changed {
                        old: o,
                        new: n,
                        changes,
                    });
                }
            }
        }
        out.removed.extend(old.into_iter().flatten());
        out.added.extend(new.into_iter().flatten());
    }
    out
}
