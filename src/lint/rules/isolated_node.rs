use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports nodes that no edge touches (invisible `~~~` edges do not count), neither the
    /// node itself nor a subgraph around it. Nodes in a legend are exempt, and so are nodes that
    /// describe the network beside its traffic: subnets drawn as nodes, route tables, NSGs, DNS
    /// zones, identities and monitoring.
    ///
    /// ## Why is this bad?
    /// A node without connections says nothing about the network: it is often a component
    /// whose edges were forgotten, or one left over from an earlier design. Sometimes it is
    /// deliberate (a node pool drawn for its size), hence only information.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     Api["API"] --> Db[("PostgreSQL")]
    ///     Cache["Redis"]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     Api["API"] --> Db[("PostgreSQL")]
    ///     Api --> Cache["Redis"]
    /// ```
    ///
    /// ## Options
    /// None. Put legends in a subgraph titled `Legend` or `범례`.
    ///
    /// ## References
    /// - [Mermaid: flowcharts](https://mermaid.js.org/syntax/flowchart.html)
    pub struct IsolatedNode {
        id: "isolated-node",
        severity: Info,
        summary: "A node without any edge.",
    }
}

impl_rule!(IsolatedNode);

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let connected = model.connected();
    for (i, node) in model.nodes.iter().enumerate() {
        // Subnets drawn as nodes, route tables, NSGs, DNS zones, identities and monitoring
        // describe the network beside its traffic; an edge is not expected of them.
        if connected[i] || node.kind.is_passive() {
            continue;
        }
        out.push(
            Violation::new(node.span, format!("node `{}` has no edges", node.id))
                .label("not connected to anything")
                .help("connect it, or remove it if it is not part of the network"),
        );
    }
}
