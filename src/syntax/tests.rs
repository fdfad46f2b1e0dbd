//! Grammar-feature tests: one small diagram per feature, checked at the syntax-tree level.

use super::ast::*;
use super::{ParseFailure, parse};

fn ok(src: &str) -> Flowchart {
    match parse(src) {
        Ok(c) => c,
        Err(f) => panic!("{src:?} failed: {:?}", f.errors()),
    }
}

fn err(src: &str) -> String {
    match parse(src) {
        Ok(_) => panic!("{src:?} should not parse"),
        Err(f) => f.errors()[0].message.clone(),
    }
}

fn first_vertex(c: &Flowchart) -> &VertexStatement {
    c.statements
        .iter()
        .find_map(|s| match s {
            Statement::Vertex(v) => Some(v),
            _ => None,
        })
        .expect("a vertex statement")
}

#[test]
fn headers_and_directions() {
    for (src, kw, dir) in [
        ("graph TD\nA", HeaderKeyword::Graph, Some("TD")),
        ("flowchart LR\nA", HeaderKeyword::Flowchart, Some("LR")),
        (
            "flowchart-elk RL\nA",
            HeaderKeyword::FlowchartElk,
            Some("RL"),
        ),
        ("graph\nA", HeaderKeyword::Graph, None),
        ("graph >\nA", HeaderKeyword::Graph, Some(">")),
        ("graph v;A", HeaderKeyword::Graph, Some("v")),
    ] {
        let c = ok(src);
        assert_eq!(c.header.keyword, kw, "{src}");
        assert_eq!(
            c.header.direction.as_ref().map(|d| d.value.as_str()),
            dir,
            "{src}"
        );
    }
}

#[test]
fn every_bracket_shape() {
    for (src, shape) in [
        ("A[t]", Shape::Square),
        ("A(t)", Shape::Round),
        ("A((t))", Shape::Circle),
        ("A(((t)))", Shape::Doublecircle),
        ("A(-t-)", Shape::Ellipse),
        ("A([t])", Shape::Stadium),
        ("A[[t]]", Shape::Subroutine),
        ("A[(t)]", Shape::Cylinder),
        ("A{t}", Shape::Diamond),
        ("A{{t}}", Shape::Hexagon),
        ("A>t]", Shape::Odd),
        ("A[/t\\]", Shape::Trapezoid),
        ("A[\\t/]", Shape::InvTrapezoid),
        ("A[/t/]", Shape::LeanRight),
        ("A[\\t\\]", Shape::LeanLeft),
        ("A[|borders:lt|t]", Shape::Rect),
    ] {
        let c = ok(&format!("graph TD\n{src}\n"));
        let n = &first_vertex(&c).first[0];
        let sl = n.shape.as_ref().expect("shape");
        assert_eq!(sl.shape, shape, "{src}");
        assert_eq!(sl.label.text, "t", "{src}");
    }
}

#[test]
fn label_forms() {
    let c = ok("graph TD\nA[\"quoted (ok)\"]\nB[\"`**md**`\"]\nC[a<br/>b]\n");
    let labels: Vec<(String, LabelKind)> = c
        .statements
        .iter()
        .filter_map(|s| match s {
            Statement::Vertex(v) => v.first[0]
                .shape
                .as_ref()
                .map(|s| (s.label.text.to_string(), s.label.kind)),
            _ => None,
        })
        .collect();
    assert_eq!(
        labels,
        vec![
            ("quoted (ok)".into(), LabelKind::String),
            ("**md**".into(), LabelKind::Markdown),
            ("a<br/>b".into(), LabelKind::Text),
        ]
    );
}

#[test]
fn entity_codes_keep_their_source_spelling() {
    let c = ok("graph TD\nA[\"say #quot;hi#quot; #9829;\"]\n");
    let label = &first_vertex(&c).first[0].shape.as_ref().unwrap().label;
    assert_eq!(label.text, "say #quot;hi#quot; #9829;");
}

#[test]
fn arrows_and_lengths() {
    for (arrow, ty, stroke, len) in [
        ("-->", ArrowType::ArrowPoint, Stroke::Normal, 1),
        ("---", ArrowType::ArrowOpen, Stroke::Normal, 1),
        ("-.->", ArrowType::ArrowPoint, Stroke::Dotted, 1),
        ("-.-", ArrowType::ArrowOpen, Stroke::Dotted, 1),
        ("==>", ArrowType::ArrowPoint, Stroke::Thick, 1),
        ("===", ArrowType::ArrowOpen, Stroke::Thick, 1),
        ("~~~", ArrowType::ArrowOpen, Stroke::Invisible, 1),
        ("--o", ArrowType::ArrowCircle, Stroke::Normal, 1),
        ("--x", ArrowType::ArrowCross, Stroke::Normal, 1),
        ("<-->", ArrowType::DoubleArrowPoint, Stroke::Normal, 1),
        ("o--o", ArrowType::DoubleArrowCircle, Stroke::Normal, 1),
        ("x--x", ArrowType::DoubleArrowCross, Stroke::Normal, 1),
        ("---->", ArrowType::ArrowPoint, Stroke::Normal, 3),
        ("-..->", ArrowType::ArrowPoint, Stroke::Dotted, 2),
        ("====>", ArrowType::ArrowPoint, Stroke::Thick, 3),
    ] {
        let c = ok(&format!("graph TD\nA {arrow} B\n"));
        let l = &first_vertex(&c).chain[0].0;
        assert_eq!((l.arrow, l.stroke, l.length), (ty, stroke, len), "{arrow}");
    }
}

#[test]
fn link_text_in_all_forms() {
    for src in [
        "A-->|text|B",
        "A-- text -->B",
        "A-. text .->B",
        "A== text ==>B",
        "A-->|\"text\"|B",
        "A-- \"text\" -->B",
    ] {
        let c = ok(&format!("graph TD\n{src}\n"));
        let l = &first_vertex(&c).chain[0].0;
        assert_eq!(
            l.text.as_ref().map(|t| t.text.trim()),
            Some("text"),
            "{src}"
        );
    }
}

#[test]
fn edge_ids_chains_and_groups() {
    let c = ok("graph TD\nA e1@--> B --> C\nD & E --> F & G\n");
    let v = first_vertex(&c);
    assert_eq!(v.chain.len(), 2);
    assert_eq!(
        v.chain[0].0.id.as_ref().map(|i| i.value.as_str()),
        Some("e1")
    );
    let Statement::Vertex(g) = &c.statements[1] else {
        panic!("second statement is a vertex statement")
    };
    assert_eq!(g.first.len(), 2);
    assert_eq!(g.chain[0].1.len(), 2);
}

#[test]
fn node_data_and_classes() {
    let c = ok("graph TD\nA@{ shape: diam, label: \"x\" }\nB:::hot --> C\n");
    let a = &first_vertex(&c).first[0];
    assert!(a.data.as_ref().unwrap().yaml.contains("shape: diam"));
    let Statement::Vertex(b) = &c.statements[1] else {
        panic!()
    };
    assert_eq!(b.first[0].class.as_ref().unwrap().value, "hot");
}

#[test]
fn subgraph_forms_and_nesting() {
    let c = ok(
        "graph TD\nsubgraph a [A title]\nsubgraph b[\"B\"]\ndirection LR\nx\nend\nend\nsubgraph \"just a title\"\ny\nend\nsubgraph one two\nz\nend\n",
    );
    let subs: Vec<&Subgraph> = c
        .statements
        .iter()
        .filter_map(|s| match s {
            Statement::Subgraph(g) => Some(&**g),
            _ => None,
        })
        .collect();
    assert_eq!(subs.len(), 3);
    assert_eq!(subs[0].head.as_ref().unwrap().text.trim(), "a");
    assert_eq!(subs[0].title.as_ref().unwrap().text, "A title");
    assert!(matches!(subs[0].body[0], Statement::Subgraph(_)));
    assert_eq!(subs[2].head.as_ref().unwrap().text, "one two");
}

#[test]
fn styling_statements() {
    let c = ok(
        "graph TD\nA-->B\nclassDef hot fill:#f96,stroke:#333\nclass A,B hot\nstyle A fill:#bbf,stroke-width:4px\nlinkStyle 0 stroke:#ff3,stroke-width:4px\nlinkStyle default interpolate basis\n",
    );
    let kinds: Vec<&str> = c
        .statements
        .iter()
        .map(|s| match s {
            Statement::ClassDef(d) => {
                assert_eq!(d.styles.len(), 2);
                "classDef"
            }
            Statement::Class(_) => "class",
            Statement::Style(_) => "style",
            Statement::LinkStyle(_) => "linkStyle",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "other",
            "classDef",
            "class",
            "style",
            "linkStyle",
            "linkStyle"
        ]
    );
}

#[test]
fn click_forms() {
    let c = ok(
        "graph TD\nA-->B\nclick A callback \"tip\"\nclick B href \"https://x.y\" \"tip\" _blank\nclick A call f(1, 2)\n",
    );
    let clicks: Vec<&Click> = c
        .statements
        .iter()
        .filter_map(|s| match s {
            Statement::Click(k) => Some(&**k),
            _ => None,
        })
        .collect();
    assert_eq!(clicks.len(), 3);
    assert_eq!(clicks[1].target.as_deref(), Some("_blank"));
    assert_eq!(
        clicks[2].action,
        ClickAction::Callback {
            name: "f".into(),
            args: Some("1, 2".into())
        }
    );
}

#[test]
fn comments_directives_front_matter_and_accessibility() {
    let src = "---\ntitle: Net\n---\n%%{init: {\"theme\": \"dark\"}}%%\nflowchart LR\n%% a comment\naccTitle: The title\naccDescr {\n  long\n}\nA-->B\n";
    let c = ok(src);
    assert_eq!(
        c.front_matter.as_ref().unwrap().title.as_deref(),
        Some("Net")
    );
    assert_eq!(c.directives.len(), 1);
    assert_eq!(c.comments.len(), 1);
    assert_eq!(&src[c.comments[0].span.range()], "%% a comment");
    assert!(
        c.statements
            .iter()
            .any(|s| matches!(s, Statement::AccTitle(t) if t.value == "The title"))
    );
    assert!(
        c.statements
            .iter()
            .any(|s| matches!(s, Statement::AccDescr(t) if t.value == "long"))
    );
}

#[test]
fn korean_ids_and_spans_point_into_the_source() {
    let src = "graph TD\n  사용자 --> 서버[\"웹 서버\"]\n";
    let c = ok(src);
    let v = first_vertex(&c);
    let id = &v.first[0].id;
    assert_eq!(id.value, "사용자");
    assert_eq!(&src[id.span.range()], "사용자");
    let target = &v.chain[0].1[0];
    assert_eq!(&src[target.span.range()], "서버[\"웹 서버\"]");
}

#[test]
fn what_mermaid_rejects_we_reject() {
    assert!(err("graph TD\nA[a (b)]\n").contains("expected `]`"));
    assert!(err("graph TD\nA-->B %% note\n").contains("found `%%`"));
    assert!(err("graph TD\nsubgraph X\nA\n").contains("`end`"));
    assert!(err("graph TD\nA-- text including graph space --B\n").contains("unexpected"));
    assert!(err("graph TD;style T background: #bbb;").contains("entity code `#bbb;`"));
}

#[test]
fn other_diagram_types_are_unsupported_not_errors() {
    match parse("sequenceDiagram\nA->>B: hi\n") {
        Err(ParseFailure::Unsupported { kind, .. }) => assert_eq!(kind, "sequenceDiagram"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_stray_end_at_top_level_is_an_error_not_a_hang() {
    assert!(err("graph\nend").contains("`end`"));
    assert!(err("graph TD\nA-->B\nend\nend\nC").contains("`end`"));
}

#[test]
fn a_string_may_be_followed_by_more_label_text() {
    let c = ok("graph TD\nA[\"quoted\" more]\nB -- \"`md`\" tail --> C\n");
    let a = &first_vertex(&c).first[0].shape.as_ref().unwrap().label;
    assert_eq!(
        (a.text.as_str(), a.kind),
        ("quoted more", LabelKind::String)
    );
    let Statement::Vertex(b) = &c.statements[1] else {
        panic!()
    };
    let t = b.chain[0].0.text.as_ref().unwrap();
    assert_eq!((t.text.as_str(), t.kind), ("md tail", LabelKind::Markdown));
}

#[test]
fn indentation_is_skipped_without_changing_spans() {
    let text = "graph TD\n      A-->B\n   \t  C\n        subgraph s\n            D\n        end\n";
    let c = ok(text);
    let starts: Vec<&str> = c
        .statements
        .iter()
        .map(|s| &text[s.span().range()])
        .collect();
    assert_eq!(starts[0], "A-->B");
    assert_eq!(starts[1], "C");
    assert!(starts[2].starts_with("subgraph s") && starts[2].ends_with("end"));
}

/// Some lexer shortcuts (blank runs as plain spaces, the skipped indentation, the early return
/// of the `direction` and `LINK_ID` rules) apply only while no `direction` and no `@` follow; a
/// text with both at its end goes the long way. The two must read every fixture diagram alike.
#[test]
fn shortcuts_read_like_the_full_rule_order() {
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut dirs = vec![std::path::PathBuf::from("fixtures"), "diagrams".into()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixture directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "mmd") {
                files.push(path);
            }
        }
    }
    assert!(files.len() > 50, "found {} diagrams", files.len());
    let mut compared = 0;
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(short) = parse(&text) else {
            continue;
        };
        let mut long_text = text.clone();
        if !long_text.ends_with('\n') {
            long_text.push('\n');
        }
        long_text.push_str("subgraph zzLong\ndirection LR\nend\nzzA zz1@--> zzB\n");
        let long = parse(&long_text).unwrap_or_else(|e| panic!("{path:?}: {:?}", e.errors()));
        let n = short.statements.len();
        assert_eq!(
            format!("{:?}", short.statements),
            format!("{:?}", &long.statements[..n]),
            "{path:?}"
        );
        compared += 1;
    }
    assert!(compared > 40, "compared {compared}");
}

/// The node, link and statement records keep the sizes the parse's speed and memory were
/// measured with: inlining a rarely used part (a second link, the shape of an undeclared node)
/// costs every statement its size, and the syntax tree's peak heap must stay under ten times
/// the input (`cargo run --release --example parse_heap`).
#[test]
fn tree_records_keep_their_sizes() {
    use std::mem::size_of;
    assert_eq!(size_of::<super::shared_text::SharedText>(), 16);
    assert_eq!(size_of::<Label>(), 32);
    assert_eq!(size_of::<NodeRef>(), 64);
    assert_eq!(size_of::<NodeGroup>(), 72);
    assert_eq!(size_of::<Link>(), 72);
    assert_eq!(size_of::<ShapeLabel>(), 56);
    assert_eq!(size_of::<VertexStatement>(), 104);
    assert_eq!(size_of::<Statement>(), 104);
}

/// Random statement lines, with random blanks, read the same with and without the lexer's
/// shortcuts (see [`shortcuts_read_like_the_full_rule_order`]).
mod shortcut_properties {
    use super::*;
    use proptest::prelude::*;

    const LINES: &[&str] = &[
        "A",
        "A[\"label\"]",
        "B[plain text]",
        "C(round)",
        "D{{hex}}",
        "E[(db)]",
        "A --> B",
        "A-->|x|B",
        "A -->|\"q\"| B",
        "A -- text --> B",
        "A -.-> B",
        "A ==> B & C",
        "A --- B --> C",
        "v --> x",
        "A:::cls",
        "class A,B cls",
        "classDef cls fill:#f9f",
        "style A fill:#fff",
        "subgraph S1[\"title\"]",
        "end",
        "%% a comment",
        "A@{ shape: rect }",
        "A ~~~ B",
        "n1-x-->n2",
        "",
    ];

    fn diagram() -> impl Strategy<Value = String> {
        proptest::collection::vec((0..LINES.len(), 0usize..6, 0usize..3), 0..24).prop_map(|lines| {
            let mut text = String::from("graph TD\n");
            for (line, indent, tail) in lines {
                text.push_str(&" ".repeat(indent));
                text.push_str(LINES[line]);
                text.push_str(&" ".repeat(tail));
                text.push('\n');
            }
            text
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn lines_read_alike_with_and_without_shortcuts(text in diagram()) {
            if let Ok(short) = parse(&text) {
                let long_text =
                    format!("{text}subgraph zzLong\ndirection LR\nend\nzzA zz1@--> zzB\n");
                let long = parse(&long_text);
                prop_assert!(long.is_ok(), "{long_text:?}");
                let long = long.unwrap();
                let n = short.statements.len();
                prop_assert_eq!(
                    format!("{:?}", short.statements),
                    format!("{:?}", &long.statements[..n])
                );
            }
        }

        #[test]
        fn streamed_statements_are_the_top_level_of_the_tree(text in diagram()) {
            let mut streamed = Vec::new();
            let stream = crate::syntax::parse_streaming(&text, |s| streamed.push(s));
            match (parse(&text), stream) {
                (Ok(tree), Ok(rest)) => {
                    prop_assert!(rest.statements.is_empty());
                    prop_assert_eq!(format!("{:?}", tree.statements), format!("{streamed:?}"));
                    prop_assert_eq!(format!("{:?}", tree.header), format!("{:?}", rest.header));
                    prop_assert_eq!(format!("{:?}", tree.comments), format!("{:?}", rest.comments));
                }
                (Err(a), Err(b)) => prop_assert_eq!(a, b),
                (a, b) => prop_assert!(false, "{:?} against {:?}", a.is_ok(), b.is_ok()),
            }
        }

        #[test]
        fn any_text_lexes_into_ordered_tokens(text in any::<String>()) {
            let tokens = super::super::lexer::tokenize(&text);
            let mut at = 0;
            for t in &tokens {
                prop_assert!(t.start as usize >= at && t.end >= t.start, "{t:?} after {at}");
                prop_assert!(text.is_char_boundary(t.start as usize));
                prop_assert!(text.is_char_boundary(t.end as usize));
                at = t.end as usize;
            }
            prop_assert_eq!(tokens.last().map(|t| t.kind), Some(super::super::token::Tok::EndOfInput));
        }
    }
}
