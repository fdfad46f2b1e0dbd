//! The two forms of `diff`'s output: a changelog for people (`+ node redis (cache) in zone
//! data`, `~ zone aks: cidr 10.0.1.0/24 → 10.0.2.0/24`) and JSON (docs/diff.md).

use serde::Serialize;
use serde_json::Value;

use crate::lint::explain::one_line;

use super::{Changed, Changes, Drift, EdgeFacts, FieldChange, NodeFacts, VERSION, ZoneFacts};

/// `diff --format json`.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(
    title = "topomaid diff JSON",
    description = "The output of `topomaid diff --format json`: zones, nodes and edges added, \
                   removed and changed between two topologies. See docs/diff.md."
)]
pub struct DiffJson<'a> {
    /// The schema version: changes that can break a reader raise it (docs/model-json.md).
    #[schemars(extend("const" = VERSION))]
    pub version: u32,
    /// The old file, as given.
    pub old: &'a str,
    /// The new file, as given.
    pub new: &'a str,
    /// True when the topologies mean the same.
    pub equal: bool,
    /// Zones, nodes and edges added, removed and changed.
    #[serde(flatten)]
    pub drift: &'a Drift,
}

/// The JSON Schema of `diff --format json`, derived from the types above.
pub fn schema_text() -> String {
    let schema = schemars::schema_for!(DiffJson<'static>);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON form of a drift.
pub fn json(old: &str, new: &str, drift: &Drift) -> String {
    let out = DiffJson {
        version: VERSION,
        old,
        new,
        equal: drift.is_empty(),
        drift,
    };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}

/// How a line starts.
#[derive(Clone, Copy)]
enum Mark {
    Added,
    Removed,
    Changed,
}

impl Mark {
    fn text(self, color: bool) -> &'static str {
        match (self, color) {
            (Mark::Added, false) => "+",
            (Mark::Removed, false) => "-",
            (Mark::Changed, false) => "~",
            (Mark::Added, true) => "\x1b[32m+\x1b[0m",
            (Mark::Removed, true) => "\x1b[31m-\x1b[0m",
            (Mark::Changed, true) => "\x1b[33m~\x1b[0m",
        }
    }
}

/// The changelog of a drift: the two names, one line per difference (zones, then nodes, then
/// edges, each sorted by id), and a count per category.
pub fn human(old: &str, new: &str, drift: &Drift, color: bool) -> String {
    if drift.is_empty() {
        return format!("{old} and {new} describe the same topology\n");
    }
    let mut out = format!("--- {old}\n+++ {new}\n");
    let mut section = |mut lines: Vec<(String, Mark, String)>| {
        if lines.is_empty() {
            return;
        }
        out.push('\n');
        lines.sort_by_cached_key(|l| (l.0.to_lowercase(), l.0.clone()));
        for (_, mark, line) in lines {
            out.push_str(mark.text(color));
            out.push(' ');
            out.push_str(&line);
            out.push('\n');
        }
    };
    section(lines(
        &drift.zones,
        |z| z.id.clone(),
        zone_line,
        zone_changed,
    ));
    section(lines(
        &drift.nodes,
        |n| n.id.clone(),
        node_line,
        node_changed,
    ));
    section(lines(&drift.edges, edge_key, edge_line, edge_changed));
    out.push_str(&format!(
        "\nzones {}, nodes {}, edges {}\n",
        counts(&drift.zones),
        counts(&drift.nodes),
        counts(&drift.edges)
    ));
    out
}

fn counts<T>(c: &Changes<T>) -> String {
    format!(
        "+{} -{} ~{}",
        c.added.len(),
        c.removed.len(),
        c.changed.len()
    )
}

fn lines<T>(
    c: &Changes<T>,
    key: impl Fn(&T) -> String,
    line: impl Fn(&T) -> String,
    changed: impl Fn(&Changed<T>) -> String,
) -> Vec<(String, Mark, String)> {
    let added = c.added.iter().map(|x| (key(x), Mark::Added, line(x)));
    let removed = c.removed.iter().map(|x| (key(x), Mark::Removed, line(x)));
    let changes = c
        .changed
        .iter()
        .map(|x| (key(&x.new), Mark::Changed, changed(x)));
    added.chain(removed).chain(changes).collect()
}

fn zone_line(z: &ZoneFacts) -> String {
    let mut s = format!("zone {} \"{}\"", z.id, one_line(&z.title));
    if let Some(p) = &z.parent {
        s.push_str(&format!(" in zone {p}"));
    }
    s
}

fn zone_changed(c: &Changed<ZoneFacts>) -> String {
    format!("zone {}: {}", c.new.id, describe(&c.changes))
}

fn node_line(n: &NodeFacts) -> String {
    let mut s = format!("node {}", n.id);
    if n.label != n.id {
        s.push_str(&format!(" \"{}\"", one_line(&n.label)));
    }
    s.push_str(&format!(" ({})", n.kind));
    if let Some(z) = &n.zone {
        s.push_str(&format!(" in zone {z}"));
    }
    s
}

fn node_changed(c: &Changed<NodeFacts>) -> String {
    format!("node {}: {}", c.new.id, describe(&c.changes))
}

fn edge_key(e: &EdgeFacts) -> String {
    format!("{}\u{0}{}\u{0}{}", e.from, e.to, e.label)
}

fn edge_line(e: &EdgeFacts) -> String {
    let mut facts = vec![format!("{:?}", e.style).to_lowercase()];
    let in_port = |p: &str| e.ports.iter().any(|x| x.starts_with(&format!("{p}:")));
    facts.extend(e.protocols.iter().filter(|p| !in_port(p)).cloned());
    facts.extend(e.ports.iter().cloned());
    let mut s = format!("edge {} ({})", e.direction(), facts.join(", "));
    if says_more_than(&e.label, &facts) {
        s.push_str(&format!(" \"{}\"", one_line(&e.label)));
    }
    s
}

/// Whether a label says anything besides the facts already shown (`"TCP:5432"` does not).
fn says_more_than(label: &str, facts: &[String]) -> bool {
    let mut rest = label.to_uppercase();
    let mut facts: Vec<String> = facts.iter().map(|f| f.to_uppercase()).collect();
    facts.sort_by_key(|f| std::cmp::Reverse(f.len()));
    for f in &facts {
        rest = rest.replace(f.as_str(), " ");
    }
    rest.chars().any(char::is_alphanumeric)
}

fn edge_changed(c: &Changed<EdgeFacts>) -> String {
    format!("edge {}: {}", c.new.direction(), describe(&c.changes))
}

/// `field old → new` for each change, joined by `; `; a traffic change is told with the style
/// change that causes it.
fn describe(changes: &[FieldChange]) -> String {
    let traffic = changes.iter().find(|c| c.field == "traffic");
    changes
        .iter()
        .filter(|c| c.field != "traffic" || !changes.iter().any(|o| o.field == "style"))
        .map(|c| {
            let mut s = format!(
                "{} {} → {}",
                field_name(c),
                value(c.field, &c.old),
                value(c.field, &c.new)
            );
            if c.field == "direction" {
                s = format!("was {}", value(c.field, &c.old));
            }
            if let (Some(t), "style") = (traffic, c.field) {
                s.push_str(&format!(
                    " (now {} instead of {})",
                    value(t.field, &t.new),
                    value(t.field, &t.old)
                ));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The field's name, singular when neither side lists more than one item.
fn field_name(c: &FieldChange) -> &'static str {
    let many = |v: &Value| v.as_array().is_some_and(|a| a.len() > 1);
    if many(&c.old) || many(&c.new) {
        return c.field;
    }
    match c.field {
        "cidrs" => "cidr",
        "addresses" => "address",
        "ports" => "port",
        "protocols" => "protocol",
        f => f,
    }
}

/// A value for people: `none`, a quoted label or title, a list joined by commas.
fn value(field: &str, v: &Value) -> String {
    match v {
        Value::Null => "none".into(),
        Value::String(s) if matches!(field, "label" | "title") => format!("\"{}\"", one_line(s)),
        Value::String(s) => s.clone(),
        Value::Array(a) if a.is_empty() => "none".into(),
        Value::Array(a) => a
            .iter()
            .map(|x| value("", x))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}
