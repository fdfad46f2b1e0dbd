use rustc_hash::FxHashMap as HashMap;

use super::impl_rule;
use crate::flowdb::node_data;
use crate::flowdb::shapes::Shape;
use crate::lint::{Context, Violation, declare_rule};
use crate::source::Span;
use crate::syntax::ast::{NodeRef, Statement};

declare_rule! {
    /// ## What it does
    /// Reports a node id declared twice with brackets that disagree: two different labels
    /// (`Db[(PostgreSQL)]` and later `Db[(MySQL)]`) or two different shapes (`Db[(…)]` and
    /// `Db[…]`), written with brackets or with `@{ shape: …, label: … }` node data (`cyl` and
    /// `cylinder` are one shape). Declarations inside subgraphs count too. The finding points at
    /// the later declaration, with the one it overrides as a related place.
    ///
    /// Mentions without brackets or node data (`Db --> Api`) only refer to the node and are
    /// never reported, nor are repeated declarations that agree, nor node data that sets only
    /// what the earlier declaration left open.
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

/// How a mention declares a node: its label and shape name, from the brackets and from
/// `@{ label: …, shape: … }` (which wins, as in Mermaid).
#[derive(Debug, Clone)]
struct Appearance {
    label: Option<String>,
    shape: Option<String>,
    span: Span,
}

impl Appearance {
    fn of(n: &NodeRef) -> Option<Appearance> {
        let mut label = n.shape.as_ref().map(|s| s.label.text.trim().to_string());
        let mut shape = n.shape.as_ref().map(|s| s.shape.mermaid_name().to_string());
        if let Some(data) = &n.data
            && let Ok(doc) = node_data::parse(&data.yaml)
        {
            if let Some(s) = doc.get_str("shape") {
                shape = Some(s.trim().to_string());
            }
            if let Some(l) = doc.get_str("label") {
                label = Some(l.trim().to_string());
            }
        }
        (label.is_some() || shape.is_some()).then_some(Appearance {
            label,
            shape,
            span: n.span,
        })
    }
}

/// The last mention that declared each node; its [`Appearance`] is read again only when the
/// node is declared once more, so the table holds no copy of every label.
type Declared<'a> = HashMap<&'a str, &'a NodeRef>;

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let mut last = Declared::with_capacity_and_hasher(cx.model.nodes.len(), Default::default());
    walk(&cx.chart.statements, &mut last, out);
}

fn walk<'a>(statements: &'a [Statement], last: &mut Declared<'a>, out: &mut Vec<Violation>) {
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

fn declare<'a>(n: &'a NodeRef, last: &mut Declared<'a>, out: &mut Vec<Violation>) {
    let Some(now) = Appearance::of(n) else {
        return;
    };
    let id: &str = &n.id.value;
    let Some(before) = last.insert(id, n).and_then(Appearance::of) else {
        return;
    };
    // Only what both declarations say can disagree; names of one geometry are one shape.
    let label_differs = matches!((&before.label, &now.label), (Some(a), Some(b)) if a != b);
    let shape_differs = matches!((&before.shape, &now.shape),
        (Some(a), Some(b)) if Shape::from_name(a) != Shape::from_name(b));
    let (old_label, new_label) = (
        before.label.as_deref().unwrap_or_default(),
        now.label.as_deref().unwrap_or_default(),
    );
    let (old_shape, new_shape) = (
        before.shape.as_deref().unwrap_or_default(),
        now.shape.as_deref().unwrap_or_default(),
    );
    let what = match (label_differs, shape_differs) {
        (true, true) => format!(
            "a different label and shape (`{new_label}`, {new_shape}; before `{old_label}`, {old_shape})"
        ),
        (true, false) => format!("a different label (`{new_label}`; before `{old_label}`)"),
        (false, true) => format!("a different shape ({new_shape}; before {old_shape})"),
        (false, false) => return,
    };
    out.push(
        Violation::new(n.span, format!("node `{id}` is declared again with {what}"))
            .label("Mermaid keeps only this declaration")
            .related(before.span, format!("`{id}` is declared here before"))
            .help(format!(
                "if these are two components, give one of them another id; otherwise declare `{id}` once and refer to it by its bare id"
            )),
    );
}
