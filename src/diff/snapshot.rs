//! What `diff` compares of each zone, node and edge: the model's meaning in a normal form
//! (labels with their spaces collapsed, lists sorted), free of positions and order.

use serde::Serialize;
use serde_json::{Value, json};

use super::FieldChange;
use crate::model::{EdgeStyle, Kind, Model, Traffic};

/// A zone as `diff` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ZoneFacts {
    /// The subgraph id.
    pub id: String,
    /// The title as plain text (`\n` between lines), spaces collapsed.
    pub title: String,
    /// CIDR blocks in the title (valid or not), sorted.
    pub cidrs: Vec<String>,
    /// The enclosing zone's id.
    pub parent: Option<String>,
    #[serde(skip)]
    title_words: String,
    #[serde(skip)]
    title_core: String,
}

/// A node as `diff` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct NodeFacts {
    /// The node id.
    pub id: String,
    /// The label as plain text (`\n` between lines), spaces collapsed.
    pub label: String,
    /// What it is.
    pub kind: Kind,
    /// The innermost zone's id.
    pub zone: Option<String>,
    /// Addresses and CIDRs in the label, sorted.
    pub addresses: Vec<String>,
    /// Ports in the label (`TCP:5432`), sorted.
    pub ports: Vec<String>,
    /// Replica count (`3`, `3-20`).
    pub replicas: Option<String>,
    #[serde(skip)]
    label_words: String,
    #[serde(skip)]
    label_core: String,
}

/// An edge as `diff` sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EdgeFacts {
    /// The node or zone id it starts at.
    pub from: String,
    /// The node or zone id it ends at.
    pub to: String,
    /// True when traffic may flow either way (`<-->`, `---`).
    pub both_ways: bool,
    /// How it is drawn.
    pub style: EdgeStyle,
    /// What that means.
    pub traffic: Traffic,
    /// The label as plain text (`\n` between lines), spaces collapsed.
    pub label: String,
    /// Protocols in the label, sorted.
    pub protocols: Vec<String>,
    /// Ports in the label, sorted.
    pub ports: Vec<String>,
    #[serde(skip)]
    label_words: String,
    #[serde(skip)]
    label_core: String,
}

/// The words of a text, for comparing: where the lines break does not matter.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text with runs of white space collapsed in each line and blank lines dropped, for showing.
fn collapse(text: &str) -> String {
    text.lines()
        .map(words)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The wording of a label without the facts read from it, in lower case: the texts of its
/// addresses, protocols and replica counts removed and digits masked, so that a changed CIDR,
/// port, protocol or replica count is reported as that fact alone.
fn core(text: &str, facts: &[String]) -> String {
    let mut t = words(text).to_lowercase();
    let mut facts: Vec<String> = facts.iter().map(|f| f.to_lowercase()).collect();
    facts.extend(["replicas".to_string(), "replica".to_string()]);
    facts.sort_by_key(|f| std::cmp::Reverse(f.len()));
    for f in &facts {
        t = t.replace(f.as_str(), " ");
    }
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    words(&out)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn change(field: &'static str, old: Value, new: Value) -> FieldChange {
    FieldChange { field, old, new }
}

/// A label or title change worth reporting: the text differs, and either its wording does or
/// no fact read from it changed (which would explain the difference).
fn wording_changed(old: &str, new: &str, old_core: &str, new_core: &str, facts: bool) -> bool {
    old != new && (old_core != new_core || !facts)
}

/// Every zone of a model.
pub fn zones(m: &Model) -> Vec<ZoneFacts> {
    m.zones
        .iter()
        .map(|z| {
            let cidrs: Vec<String> = z
                .addresses
                .iter()
                .filter(|a| a.is_cidr())
                .map(|a| a.text.clone())
                .collect();
            let texts: Vec<String> = z.addresses.iter().map(|a| a.text.clone()).collect();
            ZoneFacts {
                id: z.id.clone(),
                title: collapse(&z.title),
                title_words: words(&z.title),
                title_core: core(&z.title, &texts),
                cidrs: sorted(cidrs),
                parent: z.parent.map(|p| m.zones[p.0].id.clone()),
            }
        })
        .collect()
}

/// Every node of a model.
pub fn nodes(m: &Model) -> Vec<NodeFacts> {
    m.nodes
        .iter()
        .map(|n| {
            let addresses: Vec<String> = n.addresses.iter().map(|a| a.text.clone()).collect();
            NodeFacts {
                id: n.id.to_string(),
                label: collapse(&n.label),
                label_words: words(&n.label),
                label_core: core(&n.label, &addresses),
                kind: n.kind,
                zone: n.zone.map(|z| m.zones[z.0].id.clone()),
                addresses: sorted(addresses),
                ports: sorted(n.ports.iter().map(ToString::to_string).collect()),
                replicas: n.replicas.map(|r| r.to_string()),
            }
        })
        .collect()
}

/// Every edge of a model.
pub fn edges(m: &Model) -> Vec<EdgeFacts> {
    m.edges
        .iter()
        .map(|e| EdgeFacts {
            from: m.endpoint_id(e.from).to_string(),
            to: m.endpoint_id(e.to).to_string(),
            both_ways: e.both_ways,
            style: e.style,
            traffic: e.traffic,
            label: collapse(&e.label),
            label_words: words(&e.label),
            label_core: core(&e.label, &e.protocols),
            protocols: sorted(e.protocols.clone()),
            ports: sorted(e.ports.iter().map(ToString::to_string).collect()),
        })
        .collect()
}

impl ZoneFacts {
    /// What differs from `old` to `new`: title, cidrs, parent.
    pub fn changes(old: &Self, new: &Self) -> Vec<FieldChange> {
        let mut out = Vec::new();
        let cidrs = old.cidrs != new.cidrs;
        if wording_changed(
            &old.title_words,
            &new.title_words,
            &old.title_core,
            &new.title_core,
            cidrs,
        ) {
            out.push(change("title", json!(old.title), json!(new.title)));
        }
        if cidrs {
            out.push(change("cidrs", json!(old.cidrs), json!(new.cidrs)));
        }
        if old.parent != new.parent {
            out.push(change("parent", json!(old.parent), json!(new.parent)));
        }
        out
    }
}

impl NodeFacts {
    /// What differs from `old` to `new`: kind, zone, label, addresses, ports, replicas.
    pub fn changes(old: &Self, new: &Self) -> Vec<FieldChange> {
        let mut out = Vec::new();
        if old.kind != new.kind {
            out.push(change("kind", json!(old.kind), json!(new.kind)));
        }
        if old.zone != new.zone {
            out.push(change("zone", json!(old.zone), json!(new.zone)));
        }
        let facts = old.addresses != new.addresses
            || old.ports != new.ports
            || old.replicas != new.replicas;
        if wording_changed(
            &old.label_words,
            &new.label_words,
            &old.label_core,
            &new.label_core,
            facts,
        ) {
            out.push(change("label", json!(old.label), json!(new.label)));
        }
        if old.addresses != new.addresses {
            out.push(change(
                "addresses",
                json!(old.addresses),
                json!(new.addresses),
            ));
        }
        if old.ports != new.ports {
            out.push(change("ports", json!(old.ports), json!(new.ports)));
        }
        if old.replicas != new.replicas {
            out.push(change("replicas", json!(old.replicas), json!(new.replicas)));
        }
        out
    }
}

impl EdgeFacts {
    /// The endpoints as a pair that does not depend on direction, for matching.
    pub fn pair(&self) -> (&str, &str) {
        if self.from <= self.to {
            (&self.from, &self.to)
        } else {
            (&self.to, &self.from)
        }
    }

    /// The direction: `a → b`, or `a ↔ b` (ids in sorted order) for a two-way edge.
    pub fn direction(&self) -> String {
        if self.both_ways {
            let (a, b) = self.pair();
            format!("{a} ↔ {b}")
        } else {
            format!("{} → {}", self.from, self.to)
        }
    }

    /// True when the two edges mean the same (the same direction, style, label and facts).
    pub fn same(&self, other: &Self) -> bool {
        Self::changes(self, other).is_empty()
    }

    /// What differs from `old` to `new`: direction, style, traffic, protocols, ports, label.
    pub fn changes(old: &Self, new: &Self) -> Vec<FieldChange> {
        let mut out = Vec::new();
        let (od, nd) = (old.direction(), new.direction());
        if od != nd {
            out.push(change("direction", json!(od), json!(nd)));
        }
        if old.style != new.style {
            out.push(change("style", json!(old.style), json!(new.style)));
        }
        if old.traffic != new.traffic {
            out.push(change("traffic", json!(old.traffic), json!(new.traffic)));
        }
        if old.protocols != new.protocols {
            out.push(change(
                "protocols",
                json!(old.protocols),
                json!(new.protocols),
            ));
        }
        if old.ports != new.ports {
            out.push(change("ports", json!(old.ports), json!(new.ports)));
        }
        let facts = old.ports != new.ports || old.protocols != new.protocols;
        if wording_changed(
            &old.label_words,
            &new.label_words,
            &old.label_core,
            &new.label_core,
            facts,
        ) {
            out.push(change("label", json!(old.label), json!(new.label)));
        }
        out
    }
}
