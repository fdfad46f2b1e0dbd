use super::impl_rule;
use crate::flowdb::{FlowDb, FlowDbBuilder};
use crate::lint::{Context, Violation, declare_rule};
use crate::source::Span;
use crate::syntax;
use crate::target::MermaidTarget;

declare_rule! {
    /// ## What it does
    /// Reports where Mermaid 11 and Mermaid 12 read the diagram differently: one of them
    /// rejects it (a shape only 12 knows, a blank before `@{ … }`), a subgraph gets another
    /// id (`subgraph  main` with two spaces is `subGraph0` in 11 and `main` in 12), a repeated
    /// subgraph id is one subgraph in 12 and two in 11, or nodes, edges or members differ.
    ///
    /// ## Why is this bad?
    /// The same file is often drawn by both: GitHub and many hosts render with Mermaid 11,
    /// doc sites and editors with 12. A link to a subgraph id, a `class` or `style` on it, or
    /// the diagram itself then works in one place and not in the other.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     subgraph  payments
    ///         App --> Db
    ///     end
    ///     style payments fill:#eef
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     subgraph payments
    ///         App --> Db
    ///     end
    ///     style payments fill:#eef
    /// ```
    ///
    /// ## Options
    /// None. Turn it off (`[rules] ignore = ["mermaid-version-difference"]`) when every
    /// viewer of the diagrams runs the release chosen with `mermaid` in topomaid.toml.
    ///
    /// ## References
    /// - [topomaid: Mermaid 11 and 12](../conformance.md)
    pub struct MermaidVersionDifference {
        id: "mermaid-version-difference",
        severity: Info,
        summary: "The diagram means something else under Mermaid 11 than under Mermaid 12.",
    }
}

impl_rule!(MermaidVersionDifference);

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let ours = cx.chart.target;
    let Some(other) = MermaidTarget::ALL.into_iter().find(|&t| t != ours) else {
        return;
    };
    let Ok(db) = FlowDb::build(cx.chart) else {
        return;
    };
    // The other release's model only: each statement is folded into it as it is read, so no
    // second tree is ever whole beside the first.
    let mut builder = FlowDbBuilder::for_text(cx.source.len()).with_target(other);
    let read = syntax::parse_streaming_for(cx.source, other, |s| builder.push(s))
        .map_err(|f| f.errors().into_iter().next())
        .and_then(|chart| builder.finish(&chart).map_err(Some));
    let theirs = match read {
        Ok(theirs) => theirs,
        Err(error) => {
            let (span, why) =
                error.map_or((Span::new(0, 0), String::new()), |e| (e.span, e.message));
            out.push(
                Violation::new(
                    span,
                    format!(
                        "Mermaid {} rejects this diagram ({why}); Mermaid {} reads it",
                        other.release(),
                        ours.release()
                    ),
                )
                .label(format!("not valid in Mermaid {}", other.major()))
                .help(format!(
                    "write it so that both releases read it, or set `mermaid = \"{}\"` if only {} draws it",
                    ours.major(),
                    ours.major()
                )),
            );
            return;
        }
    };
    let (v11, v12) = match ours {
        MermaidTarget::V11 => (&db, &theirs),
        MermaidTarget::V12 => (&theirs, &db),
    };
    let before = out.len();
    subgraph_differences(v11, v12, out);
    if out.len() == before {
        model_difference(v11, v12, &db, out);
    }
}

/// Subgraphs whose id or existence differs (both models come from the same text, so their
/// spans name the same declarations).
fn subgraph_differences(v11: &FlowDb, v12: &FlowDb, out: &mut Vec<Violation>) {
    // Mermaid 12 merges a repeated id into its first declaration: the lists line up by
    // declaration (`span`) once the merged ones are set aside.
    for s11 in &v11.subgraphs {
        let Some(s12) = v12.subgraphs.iter().find(|s| s.span == s11.span) else {
            let first = v12.subgraphs.iter().find(|s| s.id == s11.id);
            let mut v = Violation::new(
                s11.span,
                format!(
                    "Mermaid 12 merges this subgraph into the earlier `{}`; Mermaid 11 draws a second subgraph `{}`",
                    s11.id, s11.id
                ),
            )
            .label("repeated subgraph id")
            .help("give each subgraph its own id, or put all its members in one `subgraph … end`");
            if let Some(first) = first {
                v = v.related(first.span, "the first subgraph with this id");
            }
            out.push(v);
            continue;
        };
        if s11.id != s12.id {
            out.push(
                Violation::new(
                    s11.span,
                    format!(
                        "this subgraph's id is `{}` in Mermaid 11 and `{}` in Mermaid 12",
                        s11.id, s12.id
                    ),
                )
                .label("id differs between releases")
                .help("write one space after `subgraph`, or give the id and a title: `subgraph id [title]`"),
            );
        }
    }
}

/// The first difference in nodes, edges or subgraph members, when the subgraphs agree.
fn model_difference(v11: &FlowDb, v12: &FlowDb, ours: &FlowDb, out: &mut Vec<Violation>) {
    let node = |db: &FlowDb, id: &str| {
        db.vertex(id)
            .map(|v| (v.text.clone(), v.shape.as_deref().map(str::to_string)))
    };
    for v in &ours.vertices {
        if node(v11, &v.id) != node(v12, &v.id) {
            out.push(
                Violation::new(
                    v.span,
                    format!(
                        "node `{}` is read differently by Mermaid 11 and Mermaid 12",
                        v.id
                    ),
                )
                .label("differs between releases"),
            );
            return;
        }
    }
    // Compared in place (borrowed names, no copy of the edge list), as the models are already
    // two copies of every edge.
    fn ends(db: &FlowDb) -> impl Iterator<Item = (&str, &str)> {
        db.edges.iter().map(|e| (e.start.as_str(), e.end.as_str()))
    }
    fn members(db: &FlowDb) -> Vec<Vec<&str>> {
        db.subgraphs
            .iter()
            .map(|s| {
                let mut n: Vec<&str> = s.nodes.iter().map(|m| m.as_str()).collect();
                n.sort_unstable();
                n
            })
            .collect()
    }
    fn vertex_ids(db: &FlowDb) -> Vec<&str> {
        let mut ids: Vec<&str> = db.vertices.iter().map(|v| v.id.as_str()).collect();
        ids.sort_unstable();
        ids
    }
    if !ends(v11).eq(ends(v12))
        || members(v11) != members(v12)
        || vertex_ids(v11) != vertex_ids(v12)
    {
        let span = ours.vertices.first().map_or(Span::new(0, 0), |v| v.span);
        out.push(
            Violation::new(
                span,
                "Mermaid 11 and Mermaid 12 build different nodes, edges or subgraph members from this diagram",
            )
            .label("the diagram differs between releases")
            .help("compare `topomaid parse --mermaid 11` with `topomaid parse --mermaid 12`"),
        );
    }
}
