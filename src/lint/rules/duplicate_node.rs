use rustc_hash::FxHashMap as HashMap;

use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::syntax::ast::{NodeRef, Statement};

declare_rule! {
    /// ## What it does
    /// Reports a node id declared twice with brackets that disagree: two different labels
    /// (`Db[(PostgreSQL)]` and later `Db[(MySQL)]`) or two different shapes (`Db[(…)]` and
    /// `Db[…]`). Declarations inside subgraphs count too. The finding points at the later
    /// declaration, with the one it overrides as a related place.
    ///
    /// Mentions without brackets (`Db --> Api`) only refer to the node and are never reported,
    /// nor are repeated declarations that agree.
    ///
    /// ## Why is this bad?
    /// Mermaid keeps the last declaration without a word: the first label or shape silently
    /// disappears from the drawing. Usually two components were given the same id by
    /// copy and paste, and the diagram now draws one node where the network has two, with the
    /// edges of both.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     Api["User Service"] --> Db[("PostgreSQL")]
    ///     Batch["Batch Worker"] --> Db[("MySQL")]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     Api["User Service"] --> Db[("PostgreSQL")]
    ///     Batch["Batch Worker"] --> BatchDb[("MySQL")]
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// ## References
    /// - [Mermaid: node shapes](https://mermaid.js.org/syntax/flowchart.html#node-shapes)
    pub struct DuplicateNode {
        id: "duplicate-node",
        severity: Warning,
        summary: "One node id declared with two different labels or shapes.",
    }
}

impl_rule!(DuplicateNode);

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let mut last: HashMap<&str, &NodeRef> = HashMap::default();
    walk(&cx.chart.statements, &mut last, out);
}

fn walk<'a>(
    statements: &'a [Statement],
    last: &mut HashMap<&'a str, &'a NodeRef>,
    out: &mut Vec<Violation>,
) {
    for s in statements {
        match s {
            Statement::Subgraph(sg) => walk(&sg.body, last, out),
            Statement::Vertex(v) => {
                let groups = std::iter::once(&v.first).chain(v.chain.iter().map(|(_, g)| g));
                for n in groups.flatten() {
                    declare(n, last, out);
                }
            }
            _ => {}
        }
    }
}

fn declare<'a>(n: &'a NodeRef, last: &mut HashMap<&'a str, &'a NodeRef>, out: &mut Vec<Violation>) {
    let Some(shape) = &n.shape else {
        return;
    };
    let id: &str = &n.id.value;
    if let Some(prev) = last.insert(id, n) {
        let before = prev.shape.as_ref().expect("only declarations are kept");
        let (old_label, new_label) = (before.label.text.trim(), shape.label.text.trim());
        let (old_shape, new_shape) = (before.shape.mermaid_name(), shape.shape.mermaid_name());
        let what = match (old_label != new_label, old_shape != new_shape) {
            (true, true) => format!(
                "a different label and shape (`{new_label}`, {new_shape}; before `{old_label}`, {old_shape})"
            ),
            (true, false) => format!("a different label (`{new_label}`; before `{old_label}`)"),
            (false, true) => format!("a different shape ({new_shape}; before {old_shape})"),
            (false, false) => return,
        };
        out.push(
            Violation::new(
                n.span,
                format!("node `{id}` is declared again with {what}"),
            )
            .label("Mermaid keeps only this declaration")
            .related(prev.span, format!("`{id}` is declared here before"))
            .help(format!(
                "if these are two components, give one of them another id; otherwise declare `{id}` once and refer to it by its bare id"
            )),
        );
    }
}
