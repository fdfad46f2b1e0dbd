use rustc_hash::FxHashSet as HashSet;

use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::{Endpoint, NodeId};
use crate::source::Span;
use crate::syntax::ast::Statement;

declare_rule! {
    /// ## What it does
    /// Reports a node that is only ever mentioned by edges, never declared with a label or a
    /// shape (`[…]`, `(…)`, `@{ … }`) anywhere, when its id is close to the id of a declared
    /// node or of a subgraph: a difference in case only (`userService` and `UserService`), or
    /// for ids of five or more characters an edit distance of at most two (`TripSevice` and
    /// `TripService`). Ids that differ only in their digits (`Node1`, `Node2`) are not
    /// considered close.
    ///
    /// ## Why is this bad?
    /// Mermaid creates a node for every id it meets. A mistyped id in an edge silently draws a
    /// new, unlabelled box next to the intended one, and the edge goes to the ghost: the
    /// diagram shows a connection the network does not have, and the real component looks
    /// unconnected.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     Users["👥 사용자"] --> Gw["API Gateway"]
    ///     Gw --> TripService["Trip Service"]
    ///     Gw --> TripSevice
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     Users["👥 사용자"] --> Gw["API Gateway"]
    ///     Gw --> TripService["Trip Service"]
    ///     Gw --> TripService
    /// ```
    ///
    /// ## Options
    /// None. A node meant to be separate needs only a label (`Tripsvc["Trip svc"]`) to be
    /// left alone.
    ///
    /// ## References
    /// - [Mermaid: flowchart nodes](https://mermaid.js.org/syntax/flowchart.html#a-node-default)
    pub struct ImplicitNode {
        id: "implicit-node",
        severity: Warning,
        summary: "A node only referenced by edges whose id is close to a declared one: probably a typo.",
    }
}

impl_rule!(ImplicitNode);

/// A node only referenced by edges whose id is close to a declared node or subgraph.
pub(super) struct Typo<'a> {
    /// The node Mermaid created for the misspelt id.
    pub ghost: NodeId,
    /// The id that was probably meant.
    pub meant: &'a str,
    /// Where that is declared.
    pub span: Span,
    /// `node` or `subgraph`.
    pub what: &'static str,
}

/// Every implicit node that looks like a typo, with what it probably meant.
pub(super) fn typos<'a>(cx: &Context<'a>) -> Vec<Typo<'a>> {
    let model = cx.model;
    let mut declared: HashSet<&str> = HashSet::default();
    walk(&cx.chart.statements, &mut declared);
    let mut on_edge = vec![false; model.nodes.len()];
    for e in &model.edges {
        for ep in [e.from, e.to] {
            if let Endpoint::Node(n) = ep {
                on_edge[n.0] = true;
            }
        }
    }
    // What a typo may have meant: declared nodes, then subgraphs.
    let targets: Vec<(&str, Span, &str)> = model
        .nodes
        .iter()
        .filter(|n| declared.contains(n.id.as_str()))
        .map(|n| (n.id.as_str(), n.span, "node"))
        .chain(
            model
                .zones
                .iter()
                .map(|z| (z.id.as_str(), z.header_span, "subgraph")),
        )
        .collect();
    let mut out = Vec::new();
    for (i, node) in model.nodes.iter().enumerate() {
        if !on_edge[i] || declared.contains(node.id.as_str()) {
            continue;
        }
        let best = targets
            .iter()
            .filter_map(|t| closeness(&node.id, t.0).map(|d| (d, t)))
            .min_by_key(|(d, _)| *d);
        if let Some((_, &(meant, span, what))) = best {
            out.push(Typo {
                ghost: NodeId(i),
                meant,
                span,
                what,
            });
        }
    }
    out
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    for t in typos(cx) {
        let node = &cx.model.nodes[t.ghost.0];
        let (meant, what) = (t.meant, t.what);
        out.push(
            Violation::new(
                node.span,
                format!(
                    "node `{}` is only referenced by edges and never declared; did you mean the {what} `{meant}`?",
                    node.id
                ),
            )
            .label(format!("Mermaid creates a new node `{}` here", node.id))
            .related(t.span, format!("the {what} `{meant}` is declared here"))
            .help(format!(
                "write `{meant}` instead of `{}`; if `{}` is a separate component, declare it with a label",
                node.id, node.id
            )),
        );
    }
}

fn walk<'a>(statements: &'a [Statement], declared: &mut HashSet<&'a str>) {
    for s in statements {
        match s {
            Statement::Subgraph(sg) => walk(&sg.body, declared),
            Statement::Vertex(v) => {
                let groups = std::iter::once(&v.first).chain(v.chain.iter().map(|(_, g)| g));
                for n in groups.flatten() {
                    if n.shape.is_some() || n.data.is_some() {
                        declared.insert(&n.id.value);
                    }
                }
            }
            _ => {}
        }
    }
}

/// How close `ghost` is to `declared`, when close enough to be a typo of it (0 for a
/// difference in case only).
fn closeness(ghost: &str, declared: &str) -> Option<usize> {
    if ghost == declared {
        return None;
    }
    if ghost.to_lowercase() == declared.to_lowercase() {
        return Some(0);
    }
    let (a, b): (Vec<char>, Vec<char>) = (ghost.chars().collect(), declared.chars().collect());
    if a.len() < 5 || b.len() < 5 || a.len().abs_diff(b.len()) > 2 || digits_only(&a, &b) {
        return None;
    }
    let d = levenshtein(&a, &b);
    (d <= 2).then_some(d)
}

/// True when the ids are the same once every run of digits is replaced by one placeholder:
/// numbered siblings (`Node1`, `Node2`), not typos.
fn digits_only(a: &[char], b: &[char]) -> bool {
    fn shape(s: &[char]) -> Vec<char> {
        let mut out: Vec<char> = Vec::with_capacity(s.len());
        for &c in s {
            if c.is_ascii_digit() {
                if out.last() != Some(&'#') {
                    out.push('#');
                }
            } else {
                out.push(c);
            }
        }
        out
    }
    a.iter().any(char::is_ascii_digit) && b.iter().any(char::is_ascii_digit) && shape(a) == shape(b)
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::closeness;

    #[test]
    fn close_ids() {
        assert_eq!(closeness("TripSevice", "TripService"), Some(1));
        assert_eq!(closeness("userService", "UserService"), Some(0));
        assert_eq!(closeness("db", "DB"), Some(0));
        assert_eq!(
            closeness("Api", "Apx"),
            None,
            "short ids need a case-only difference"
        );
        assert_eq!(closeness("Node1", "Node2"), None, "numbered siblings");
        assert_eq!(closeness("Worker", "Wroker"), Some(2));
        assert_eq!(closeness("Gateway", "Database"), None);
    }
}
