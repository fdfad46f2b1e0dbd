//! Whether two diagrams mean the same to Mermaid: the same `FlowDB` (vertices, edges,
//! subgraphs, classes, styles, directions, accessibility texts) and the same comments (those
//! with no text do not count), directives and front matter. Spans are not compared, and a
//! label's type `string` counts as `text`: Mermaid renders both alike (only `markdown`
//! differs), and the formatter drops quotes that are not needed.

use crate::flowdb::{Edge, FlowDb, SubgraphInfo, Vertex};
use crate::syntax::ast::Flowchart;

/// The first difference in meaning between two parsed diagrams, if any.
pub fn difference(a: (&Flowchart, &FlowDb), b: (&Flowchart, &FlowDb)) -> Option<String> {
    let (ca, da) = a;
    let (cb, db) = b;
    same("diagram type", &da.diagram_type, &db.diagram_type)
        .or_else(|| same("direction", &da.direction, &db.direction))
        .or_else(|| same("title", &da.title, &db.title))
        // Mermaid reads the accessibility texts with JavaScript's truthiness (`if (accDescr)`):
        // an empty one sets nothing, as none does.
        .or_else(|| same("accTitle", &truthy(&da.acc_title), &truthy(&db.acc_title)))
        .or_else(|| same("accDescr", &truthy(&da.acc_descr), &truthy(&db.acc_descr)))
        .or_else(|| same("classDefs", &da.class_defs, &db.class_defs))
        .or_else(|| {
            list("vertex", &da.vertices, &db.vertices, |x, y| {
                same("", &vertex_key(x), &vertex_key(y))
            })
        })
        .or_else(|| {
            list("edge", &da.edges, &db.edges, |x, y| {
                same("", &edge_key(x), &edge_key(y))
            })
        })
        .or_else(|| {
            list("subgraph", &da.subgraphs, &db.subgraphs, |x, y| {
                same("", &subgraph_key(x), &subgraph_key(y))
            })
        })
        .or_else(|| {
            let comments = |c: &Flowchart| -> Vec<String> {
                c.comments
                    .iter()
                    .map(|c| c.text.trim_end().to_string())
                    .filter(|t| !t.trim().is_empty())
                    .collect()
            };
            same("comments", &comments(ca), &comments(cb))
        })
        .or_else(|| {
            let directives = |c: &Flowchart| -> Vec<String> {
                c.directives
                    .iter()
                    .map(|d| d.text.trim().to_string())
                    .collect()
            };
            same("directives", &directives(ca), &directives(cb))
        })
        .or_else(|| {
            let yaml = |c: &Flowchart| c.front_matter.as_ref().map(|f| f.yaml.clone());
            same("front matter", &yaml(ca), &yaml(cb))
        })
}

fn truthy(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.is_empty())
}

fn same<T: PartialEq + std::fmt::Debug>(what: &str, a: &T, b: &T) -> Option<String> {
    (a != b).then(|| {
        if what.is_empty() {
            format!("{a:?} became {b:?}")
        } else {
            format!("{what}: {a:?} became {b:?}")
        }
    })
}

fn list<T>(
    what: &str,
    a: &[T],
    b: &[T],
    differ: impl Fn(&T, &T) -> Option<String>,
) -> Option<String> {
    if a.len() != b.len() {
        return Some(format!("{what} count {} became {}", a.len(), b.len()));
    }
    a.iter()
        .zip(b)
        .enumerate()
        .find_map(|(i, (x, y))| differ(x, y).map(|d| format!("{what} {i}: {d}")))
}

fn label_type(t: &str) -> &str {
    if t == "string" { "text" } else { t }
}

type VertexKey<'a> = (
    &'a str,
    &'a str,
    &'a str,
    Option<&'a str>,
    &'a [crate::syntax::ast::Name],
    &'a [String],
    (Option<&'a str>, Option<&'a str>),
    (Option<&'a str>, Option<&'a str>),
    Option<&'a str>,
);

fn vertex_key(v: &Vertex) -> VertexKey<'_> {
    (
        &v.id,
        &v.text,
        label_type(v.label_type.mermaid_name()),
        v.shape.as_deref(),
        &v.classes,
        v.styles(),
        (v.link(), v.tooltip()),
        (v.icon(), v.img()),
        v.raw_label().map(super::label::trimmed),
    )
}

type EdgeKey<'a> = (
    (&'a str, &'a str, &'a str),
    (&'a str, &'a str, u8),
    (&'a str, &'a str),
    (
        &'a [String],
        &'a [crate::syntax::ast::Name],
        Option<&'a str>,
    ),
    Option<&'a str>,
);

fn edge_key(e: &Edge) -> EdgeKey<'_> {
    (
        (&e.start, &e.end, &e.id),
        (e.arrow.mermaid_name(), e.stroke.mermaid_name(), e.length),
        (e.text(), label_type(e.label_type.mermaid_name())),
        (e.style(), e.classes(), e.interpolate()),
        e.raw_label().map(super::label::trimmed),
    )
}

type SubgraphKey<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a [crate::syntax::ast::Name],
    Option<&'a str>,
    &'a [crate::syntax::ast::Name],
);

fn subgraph_key(s: &SubgraphInfo) -> SubgraphKey<'_> {
    (
        &s.id,
        &s.title,
        label_type(s.label_type.mermaid_name()),
        &s.nodes,
        s.dir,
        &s.classes,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(a: &str, b: &str) -> Option<String> {
        let read = |t: &str| {
            let chart = crate::syntax::parse(t).expect("parses");
            let db = FlowDb::build(&chart).expect("builds");
            (chart, db)
        };
        let (ca, da) = read(a);
        let (cb, db) = read(b);
        difference((&ca, &da), (&cb, &db))
    }

    #[test]
    fn spelling_and_layout_do_not_count() {
        assert_eq!(
            diff(
                "graph TD\nA[\"x\"] -- t --> B\n%% c  \n",
                "graph TD\n    A[x] -->|t| B\n    %% c\n"
            ),
            None
        );
    }

    #[test]
    fn changes_of_meaning_are_named() {
        let cases = [
            ("graph TD\nA-->B\n", "graph TD\nA---B\n", "edge 0"),
            ("graph TD\nA-->B\n", "graph TD\nB-->A\n", "vertex 0"),
            ("graph TD\nA[x]\n", "graph TD\nA[\"`x`\"]\n", "vertex 0"),
            ("graph TD\nA\nB\n", "graph TD\nB\nA\n", "vertex 0"),
            (
                "graph TD\nsubgraph s\nA\nend\n",
                "graph TD\nsubgraph s\nend\nA\n",
                "subgraph 0",
            ),
            (
                "graph TD\nA\nstyle A fill:red\n",
                "graph TD\nA\n",
                "vertex 0",
            ),
            ("graph TD\n%% a\nA\n", "graph TD\n%% b\nA\n", "comments"),
            ("graph TD\nA\n", "graph LR\nA\n", "direction"),
        ];
        for (a, b, what) in cases {
            let d = diff(a, b).unwrap_or_else(|| panic!("{a:?} and {b:?} differ"));
            assert!(d.starts_with(what), "{d}");
        }
    }
}
