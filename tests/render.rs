//! `topomaid render`: the SVG's structure, safety and determinism, rendering with resvg, the
//! layout JSON, and the command line.

mod common;

use std::path::Path;

use common::{topomaid, transcript};
use topomaid::flowdb::FlowDb;
use topomaid::input;
use topomaid::pipeline;
use topomaid::render;
use topomaid::target::MermaidTarget;

/// Every flowchart of a file, as Mermaid's model.
fn flowcharts(path: &str) -> Vec<FlowDb> {
    let doc = input::read_document(path).expect("readable");
    pipeline::read_diagrams(&doc, topomaid::target::MermaidTarget::default())
        .into_iter()
        .filter_map(|d| d.result.ok().map(|(_, db)| db))
        .collect()
}

/// Every flowchart of a file, with its syntax tree (which carries its theme and curve).
fn parsed(path: &str) -> Vec<(topomaid::syntax::ast::Flowchart, FlowDb)> {
    let doc = input::read_document(path).expect("readable");
    pipeline::read_diagrams(&doc, topomaid::target::MermaidTarget::default())
        .into_iter()
        .filter_map(|d| d.result.ok())
        .collect()
}

/// A fixture of fixtures/render drawn in its own look.
fn fixture_svg(name: &str, options: &render::Options) -> String {
    let (chart, db) = &parsed(&format!("fixtures/render/{name}.mmd"))[0];
    render::draw_svg(chart, db, options)
}

fn flowchart(src: &str) -> FlowDb {
    let chart = topomaid::syntax::parse(src).expect("parses");
    FlowDb::build(&chart).expect("builds")
}

/// Every `.mmd` and `.md` under the corpus, the diagrams and the render fixtures.
fn all_inputs() -> Vec<String> {
    let mut files = Vec::new();
    for root in ["diagrams", "fixtures/corpus", "fixtures/render"] {
        collect(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(root).as_path(),
            &mut files,
        );
    }
    files.sort();
    assert!(files.len() >= 20, "found {files:?}");
    files
}

fn collect(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "mmd" || e == "md") {
            out.push(path.to_string_lossy().into_owned());
        }
    }
}

/// Checks what must hold of every SVG we write: well-formed XML, no script, no event handler,
/// no foreignObject, no CSS, links only to http(s) or relative URLs.
fn assert_safe(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(
            !matches!(
                name,
                "script"
                    | "foreignObject"
                    | "style"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "image"
                    | "use"
            ),
            "element <{name}> in output"
        );
        for a in node.attributes() {
            let an = a.name().to_ascii_lowercase();
            assert!(!an.starts_with("on"), "event handler {an}={:?}", a.value());
            assert_ne!(an, "style", "style attribute {:?}", a.value());
            let v = a.value().to_ascii_lowercase();
            assert!(
                !v.contains("javascript:") && !v.contains("data:") && !v.contains("url("),
                "unsafe value {an}={v:?}"
            );
            if an == "href" {
                assert!(
                    v.starts_with("http://")
                        || v.starts_with("https://")
                        || v.starts_with("mailto:")
                        || !v.contains(':'),
                    "link {v:?}"
                );
            }
        }
    }
    doc
}

/// Renders with resvg and counts the pixels that are neither background nor transparent.
fn ink(svg: &str) -> usize {
    use resvg::{tiny_skia, usvg};
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).expect("usvg reads it");
    let size = tree.size().to_int_size();
    let scale = (1500.0 / size.width().max(size.height()) as f32).min(1.0);
    let (w, h) = (
        ((size.width() as f32 * scale).ceil() as u32).max(1),
        ((size.height() as f32 * scale).ceil() as u32).max(1),
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h).expect("pixmap");
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .pixels()
        .iter()
        .filter(|p| p.alpha() > 0 && (p.red(), p.green(), p.blue()) != (255, 255, 255))
        .count()
}

/// Every line of text (a `<tspan>` with a position, whatever runs it holds) and the title and
/// description, joined with `|`.
fn texts(doc: &roxmltree::Document) -> String {
    doc.descendants()
        .filter(|n| {
            (n.has_tag_name("tspan") && n.attribute("x").is_some())
                || n.has_tag_name("title")
                || n.has_tag_name("desc")
                || (n.has_tag_name("text") && !n.children().any(|c| c.has_tag_name("tspan")))
        })
        .map(|n| {
            n.descendants()
                .filter(|t| t.is_text())
                .filter_map(|t| t.text())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// The first child path of an element that is not a drop shadow.
fn outline<'a>(n: roxmltree::Node<'a, 'a>) -> Option<roxmltree::Node<'a, 'a>> {
    n.children()
        .find(|c| c.has_tag_name("path") && c.attribute("class") != Some("shadow"))
}

fn elements<'a>(doc: &'a roxmltree::Document, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| n.attribute("class") == Some(class))
        .collect()
}

#[test]
fn every_corpus_diagram_renders_safely_to_a_non_empty_image_and_deterministically() {
    for file in all_inputs() {
        for (chart, db) in parsed(&file) {
            let options = render::Options::default();
            let svg = render::draw_svg(&chart, &db, &options);
            assert_eq!(
                svg,
                render::draw_svg(&chart, &db, &options),
                "{file}: not deterministic"
            );
            let doc = assert_safe(&svg);
            for edge in elements(&doc, "edge") {
                let d = edge
                    .first_element_child()
                    .and_then(|p| p.attribute("d"))
                    .expect("edge path");
                let last = d.rsplit(' ').next().unwrap_or("");
                assert!(
                    d.starts_with('M') && last.starts_with(['L', 'M']),
                    "{file}: an edge must end straight, so its head points along it: {d}"
                );
            }
            let nodes = elements(&doc, "node");
            let vertex_count = db
                .vertices
                .iter()
                .filter(|v| !db.subgraphs.iter().any(|s| s.id == v.id))
                .count();
            assert_eq!(nodes.len(), vertex_count, "{file}");
            assert_eq!(
                elements(&doc, "cluster").len(),
                db.subgraphs.len(),
                "{file}"
            );
            assert!(ink(&svg) > 1000, "{file}: the image is (nearly) empty");
        }
    }
}

#[test]
fn labels_are_text_with_one_tspan_per_line() {
    let db = &flowcharts("fixtures/render/cjk.mmd")[0];
    let svg = render::to_svg(db);
    let doc = assert_safe(&svg);
    let all = texts(&doc);
    for expected in [
        "👥 실사용자",
        "(1만~10만 명)",
        "中文 標籤",
        "HTTPS 요청",
        "🏢 가상 네트워크",
        "10.0.0.0/16",
        "second line",
    ] {
        assert!(all.contains(expected), "{expected} missing from {all}");
    }
    let user = elements(&doc, "node")
        .into_iter()
        .find(|n| n.attribute("data-id") == Some("A"))
        .expect("node A");
    let lines: Vec<_> = user
        .descendants()
        .filter(|n| n.tag_name().name() == "tspan" && n.attribute("x").is_some())
        .collect();
    assert_eq!(lines.len(), 2);
    let y: Vec<f64> = lines
        .iter()
        .map(|l| l.attribute("y").unwrap().parse().unwrap())
        .collect();
    assert!(y[1] > y[0]);
    let bold = doc
        .descendants()
        .filter(|n| n.attribute("font-weight") == Some("bold"))
        .find(|n| n.ancestors().any(|a| a.attribute("data-id") == Some("C")))
        .expect("markdown bold");
    assert_eq!(bold.text(), Some("Bold"));
    let heading = elements(&doc, "heading");
    assert_eq!(heading.len(), 1);
    let heading_text: String = heading[0]
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(heading_text, "한국어 다이어그램");
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_eq!(title.text(), Some("네트워크"));
    let desc = doc.descendants().find(|n| n.has_tag_name("desc")).unwrap();
    assert_eq!(desc.text(), Some("사용자에서 서비스까지"));
    let root = doc.root_element();
    assert!(
        root.attribute("font-family")
            .unwrap()
            .contains("DejaVu Sans")
    );
}

#[test]
fn hostile_labels_links_and_styles_do_not_reach_the_output() {
    let db = &flowcharts("fixtures/render/hostile.mmd")[0];
    let svg = render::to_svg(db);
    let doc = assert_safe(&svg);
    assert!(!svg.contains("<script") && !svg.contains("onload") && !svg.contains("onerror"));
    let links: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute(("http://www.w3.org/1999/xlink", "href")))
        .collect();
    assert_eq!(links, ["https://example.com/?a=1&b=2", "docs/page.html"]);
    assert!(texts(&doc).contains("a & b < c > d ' e"));

    // Labels that survive Mermaid's sanitiser as text are escaped, never markup.
    let src = "flowchart LR\n  A[\"&lt;script&gt;alert(1)&lt;/script&gt;\"] -->|\"#quot;&gt;&lt;svg onload=alert(2)&gt;\"| B[\"]]&gt; &amp;amp; ]]>\"]\n  click A \"JaVaScRiPt:alert(3)\"\n  click B \" javascript:alert(4)\"\n";
    let svg = render::to_svg(&flowchart(src));
    let doc = assert_safe(&svg);
    let all = texts(&doc);
    assert!(all.contains("<script>alert(1)</script>"), "{all}");
    assert!(all.contains("\"><svg onload=alert(2)>"), "{all}");
    assert!(!doc.descendants().any(|n| n.has_tag_name("a")));
}

#[test]
fn every_shape_renders_with_an_outline() {
    let mut names: Vec<&str> =
        topomaid::flowdb::shapes::accepted_shapes(topomaid::target::MermaidTarget::V12).to_vec();
    names.sort();
    let mut src = String::from("flowchart LR\n");
    for (i, name) in names.iter().enumerate() {
        src.push_str(&format!("  n{i}@{{ shape: {name}, label: \"{name}\" }}\n"));
        if i > 0 {
            src.push_str(&format!("  n{} --> n{i}\n", i - 1));
        }
    }
    let db = flowchart(&src);
    let svg = render::to_svg(&db);
    let doc = assert_safe(&svg);
    let nodes = elements(&doc, "node");
    assert_eq!(nodes.len(), names.len());
    for (node, name) in nodes.iter().zip(&names) {
        let paths = node
            .descendants()
            .filter(|n| n.has_tag_name("path"))
            .count();
        let text_only = render::shapes::Shape::from_name(name) == render::shapes::Shape::Text;
        assert_eq!(paths == 0, text_only, "{name}: {paths} paths");
    }
    assert!(ink(&svg) > 1000);
    let classic = &flowcharts("fixtures/render/shapes.mmd")[0];
    let doc_svg = render::to_svg(classic);
    let doc = assert_safe(&doc_svg);
    assert_eq!(elements(&doc, "node").len(), 15);
}

#[test]
fn strokes_and_heads_follow_the_arrow() {
    let db = &flowcharts("fixtures/render/arrowheads.mmd")[0];
    let svg = render::to_svg(db);
    let doc = assert_safe(&svg);
    let edges = elements(&doc, "edge");
    let heads: Vec<usize> = edges
        .iter()
        .map(|e| e.children().filter(|c| c.has_tag_name("path")).count() - 1)
        .collect();
    // -->, --o, --x, <-->, o--o, x--x, ---, -- label -->
    assert_eq!(heads, [1, 1, 1, 2, 2, 2, 0, 1]);
    let labels = elements(&doc, "edge-label");
    assert_eq!(labels.len(), 1);
    assert!(texts(&doc).contains("label on edge"));

    let db = &flowcharts("fixtures/render/styles.mmd")[0];
    let svg = render::to_svg(db);
    let doc = assert_safe(&svg);
    let edges = elements(&doc, "edge");
    assert_eq!(edges.len(), 3, "the invisible edge is not drawn");
    let line = |i: usize| {
        edges[i]
            .children()
            .find(|c| c.has_tag_name("path"))
            .unwrap()
    };
    assert_eq!(line(0).attribute("stroke"), Some("#0a0"));
    assert_eq!(line(0).attribute("stroke-width"), Some("4px"));
    assert_eq!(line(1).attribute("stroke-width"), Some("3.5"));
    assert_eq!(line(2).attribute("stroke-dasharray"), Some("3"));
    let node = |id: &str| {
        elements(&doc, "node")
            .into_iter()
            .find(|n| n.attribute("data-id") == Some(id))
            .unwrap()
    };
    let outline = |id: &str| outline(node(id)).unwrap();
    assert_eq!(outline("A").attribute("fill"), Some("#f96"));
    assert_eq!(outline("A").attribute("stroke-width"), Some("3px"));
    assert_eq!(outline("B").attribute("stroke-dasharray"), Some("5 5"));
    assert_eq!(outline("C").attribute("fill"), Some("#ff0"));
    let text = |id: &str| {
        node(id)
            .descendants()
            .find(|c| c.has_tag_name("text"))
            .unwrap()
    };
    assert_eq!(text("C").attribute("fill"), Some("red"));
    assert_eq!(text("A").attribute("font-weight"), Some("bold"));
    let cluster = elements(&doc, "cluster")[0];
    let rect = cluster.children().find(|c| c.has_tag_name("rect")).unwrap();
    assert_eq!(rect.attribute("fill"), Some("#eef"));
}

#[test]
fn layout_json_has_every_box_and_route() {
    let (code, out, err) = topomaid(&["render", "--format", "layout", "fixtures/render/cjk.mmd"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert!(v["width"].as_f64().unwrap() > 0.0 && v["height"].as_f64().unwrap() > 0.0);
    let ids = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("nodes"), ["A", "B", "C"]);
    assert_eq!(ids("clusters"), ["VNet"]);
    assert_eq!(ids("titles"), ["VNet"]);
    let (cluster, title) = (&v["clusters"][0], &v["titles"][0]);
    let num = |b: &serde_json::Value, k: &str| b[k].as_f64().unwrap();
    assert!(num(title, "width") > 0.0 && num(title, "height") > 0.0);
    assert_eq!(
        num(title, "y"),
        num(cluster, "y"),
        "the title sits at the cluster's top"
    );
    assert!(
        num(title, "x") >= num(cluster, "x")
            && num(title, "x") + num(title, "width") <= num(cluster, "x") + num(cluster, "width"),
        "the title lies within its cluster"
    );
    assert_eq!(ids("labels"), ["L_A_B_0"]);
    for n in v["nodes"].as_array().unwrap() {
        assert!(n["width"].as_f64().unwrap() > 0.0 && n["height"].as_f64().unwrap() > 0.0);
    }
    let edges = v["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 2);
    assert_eq!(edges[1]["from"], "C");
    assert_eq!(edges[1]["to"], "VNet");
    assert!(edges[0]["points"].as_array().unwrap().len() >= 2);
}

#[test]
fn depth_draws_deeper_clusters_collapsed() {
    let (code, out, err) = topomaid(&[
        "render",
        "--depth",
        "0",
        "--format",
        "layout",
        "fixtures/render/cjk.mmd",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let ids = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    };
    // VNet (holding A and B) is one box; A --> B inside it is gone; C --> VNet ends at the box.
    assert_eq!(ids("nodes"), ["C", "VNet"]);
    assert!(ids("clusters").is_empty());
    assert_eq!(ids("edges").len(), 1);
    assert_eq!(v["edges"][0]["to"], "VNet");
    let (code, svg, _) = topomaid(&["render", "--depth", "0", "fixtures/render/cjk.mmd"]);
    assert_eq!(code, 0);
    assert!(svg.contains("data-id=\"VNet\"") && svg.contains("10.0.0.0/16"));
}

#[test]
fn one_diagram_goes_to_standard_output_or_a_file() {
    let (code, out, _) = topomaid(&["render", "fixtures/render/arrowheads.mmd"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("<svg "));
    assert_eq!(
        topomaid(&["render", "fixtures/render/arrowheads.mmd"]).1,
        out,
        "same bytes each run"
    );
    let dir = tempdir("one");
    let file = dir.join("out.svg");
    let (code, out, err) = topomaid(&[
        "render",
        "fixtures/render/arrowheads.mmd",
        "-o",
        file.to_str().unwrap(),
    ]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        render::to_svg(&flowcharts("fixtures/render/arrowheads.mmd")[0])
    );
    let (code, _, _) = topomaid(&[
        "render",
        "fixtures/render/arrowheads.mmd",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(dir.join("arrowheads.svg").is_file());
}

#[test]
fn several_diagrams_need_a_directory_and_get_stable_names() {
    let (code, out, err) = topomaid(&["render", "fixtures/render/two-diagrams.md"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("-o DIR"), "{err}");
    let dir = tempdir("several");
    let (code, _, err) = topomaid(&[
        "render",
        "fixtures/render/two-diagrams.md",
        "fixtures/render/shapes.mmd",
        "fixtures/render/shapes.mmd",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("skipped sequenceDiagram"), "{err}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "shapes.svg",
            "shapes_2.svg",
            "two-diagrams-3.svg",
            "two-diagrams.svg"
        ]
    );
}

#[test]
fn standard_input_and_layout_files() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_topomaid"))
        .args(["render", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"flowchart LR\n  A[from stdin] --> B\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let svg = String::from_utf8(out.stdout).unwrap();
    assert!(texts(&assert_safe(&svg)).contains("from stdin"));

    let dir = tempdir("layout");
    let (code, _, err) = topomaid(&[
        "render",
        "--format",
        "layout",
        "fixtures/render/two-diagrams.md",
        "-o",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = topomaid(&["render", "fixtures/markdown/design.md", "README.md"]);
    assert_eq!(
        code, 2,
        "design.md has a diagram that does not parse: {err}"
    );
    assert!(
        out.starts_with("<svg"),
        "the diagram that parses is still drawn"
    );
    assert!(
        err.contains("no mermaid diagrams") && err.contains("design.md:22:18"),
        "{err}"
    );
    let (code, out, err) = topomaid(&["render", "README.md"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    for name in ["two-diagrams.json", "two-diagrams-3.json"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["nodes"].as_array().unwrap().len(), 2, "{name}");
    }
}

#[test]
fn parse_errors_are_reported_like_rustc_with_exit_2() {
    insta::assert_snapshot!(transcript(&[
        "render",
        "fixtures/bad/unquoted-parentheses.mmd"
    ]));
}

/// The small fixtures in Mermaid 11's look (`{name}_svg`) and in Mermaid 12's
/// (`{name}_12_svg`: redux-color, neo).
#[test]
fn small_svgs_are_stable() {
    for name in ["arrowheads", "cjk", "shapes", "styles"] {
        for (target, suffix) in [(MermaidTarget::V11, ""), (MermaidTarget::V12, "_12")] {
            let options = render::Options {
                target,
                ..render::Options::default()
            };
            let svg = fixture_svg(name, &options);
            insta::assert_snapshot!(format!("{name}{suffix}_svg"), svg);
        }
    }
}

/// The neo look (Mermaid 12's default, or `look: neo` for 11) against the classic one: drop
/// shadows under nodes and subgraphs, the larger arrowhead, subgraphs outlined in `nodeBorder`
/// when the theme has no palette; `layout:` is accepted and changes nothing.
#[test]
fn the_neo_look_draws_shadows_and_larger_heads() {
    let src = "flowchart LR\nsubgraph S\nA --> B\nend\n";
    let draw = |text: &str, target| {
        let chart = topomaid::syntax::parse(text).expect("parses");
        let db = FlowDb::build(&chart).expect("builds");
        render::draw_svg(
            &chart,
            &db,
            &render::Options {
                target,
                ..render::Options::default()
            },
        )
    };
    let shadows = |svg: &str| svg.matches("class=\"shadow\"").count();
    let head_width = |svg: &str| {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let edge = elements(&doc, "edge")[0];
        let head = edge
            .children()
            .filter(|c| c.has_tag_name("path"))
            .nth(1)
            .unwrap();
        let d = head.attribute("d").unwrap().to_string();
        let ys: Vec<f64> = d
            .split(|c: char| c == ' ' || c.is_ascii_alphabetic())
            .filter_map(|p| p.split(',').nth(1)?.parse().ok())
            .collect();
        ys.iter().cloned().fold(f64::MIN, f64::max) - ys.iter().cloned().fold(f64::MAX, f64::min)
    };
    let neo = draw(src, MermaidTarget::V12);
    let classic = draw(src, MermaidTarget::V11);
    assert_eq!(shadows(&neo), 3, "two nodes and a subgraph");
    assert_eq!(shadows(&classic), 0);
    assert!(head_width(&neo) > head_width(&classic) + 3.0);
    // `look:` chooses the look under either target; `layout:` is accepted.
    let neo_11 = draw(
        &format!("---\nconfig:\n  look: neo\n  layout: elk\n---\n{src}"),
        MermaidTarget::V11,
    );
    assert_eq!(shadows(&neo_11), 3);
    let doc = roxmltree::Document::parse(&neo_11).unwrap();
    let rect = elements(&doc, "cluster")[0]
        .children()
        .find(|c| c.has_tag_name("rect"))
        .unwrap();
    assert_eq!(
        rect.attribute("stroke"),
        Some("#9370DB"),
        "nodeBorder under neo"
    );
    let classic_12 = draw(
        &format!("%%{{init: {{\"look\": \"classic\", \"layout\": \"dagre\"}}}}%%\n{src}"),
        MermaidTarget::V12,
    );
    assert_eq!(shadows(&classic_12), 0);
    assert!(
        classic_12.contains("fill=\"#FDF4FF\""),
        "redux-color's palette stays"
    );
}

/// A CSS colour as lower-case `#rrggbb`, for comparing ours with Mermaid's.
fn normalised(colour: &str) -> String {
    let c = colour.trim().to_ascii_lowercase();
    match c.as_str() {
        "white" => return "#ffffff".into(),
        "black" => return "#000000".into(),
        _ => {}
    }
    if let Some(hex) = c.strip_prefix('#')
        && hex.len() == 3
    {
        return hex.chars().fold("#".to_string(), |mut s, ch| {
            s.push(ch);
            s.push(ch);
            s
        });
    }
    if let Some(body) = c.strip_prefix("rgb(").and_then(|b| b.strip_suffix(')')) {
        let parts: Vec<u8> = body
            .split(',')
            .filter_map(|p| p.trim().parse().ok())
            .collect();
        if parts.len() == 3 {
            return format!("#{:02x}{:02x}{:02x}", parts[0], parts[1], parts[2]);
        }
    }
    c
}

/// Every corpus diagram drawn for Mermaid 12 against Mermaid 12.4's own pictures of it
/// (`fixtures/render/mermaid-12-colours.json`, read from ../shared/reference/mermaid-12.4 by
/// `tools/mermaid_svg_colours.py`): every node's fill, outline and text colour, every
/// subgraph's fill, outline (the redux-color palette, in the order subgraphs are written) and
/// title colour are Mermaid's; and no label shows a literal `\n`.
#[test]
fn mermaid_12_colours_every_corpus_diagram_as_mermaid_does() {
    let expected: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/render/mermaid-12-colours.json"))
            .expect("JSON");
    let expected = expected.as_object().expect("diagrams");
    assert_eq!(expected.len(), 23);
    let (mut nodes, mut clusters) = (0, 0);
    for (name, colours) in expected {
        let file = if name.contains('/') {
            format!("fixtures/corpus/{name}.mmd")
        } else {
            format!("diagrams/{name}.mmd")
        };
        let (chart, db) = &parsed(&file)[0];
        let svg = render::draw_svg(chart, db, &render::Options::default());
        let doc = assert_safe(&svg);
        let all = texts(&doc);
        assert!(!all.contains("\\n"), "{file}: a literal \\n in {all}");
        let group = |class: &str, id: &str| {
            elements(&doc, class)
                .into_iter()
                .find(|n| n.attribute("data-id") == Some(id))
                .unwrap_or_else(|| panic!("{file}: no {class} {id}"))
        };
        let text_fill = |g: roxmltree::Node| {
            g.descendants()
                .find(|n| n.has_tag_name("text"))
                .and_then(|t| t.attribute("fill"))
                .map(normalised)
        };
        let check =
            |what: &str, id: &str, ours: [Option<String>; 3], theirs: &serde_json::Value| {
                for (k, ours) in ["fill", "stroke", "text"].into_iter().zip(ours) {
                    assert_eq!(
                        ours.as_deref(),
                        theirs[k].as_str(),
                        "{file}: {what} {id}: {k}"
                    );
                }
            };
        for (id, theirs) in colours["nodes"].as_object().unwrap() {
            let g = group("node", id);
            let shape = outline(g).unwrap_or_else(|| panic!("{file}: node {id} has no outline"));
            let paint = |a: &str| shape.attribute(a).map(normalised);
            check(
                "node",
                id,
                [paint("fill"), paint("stroke"), text_fill(g)],
                theirs,
            );
            nodes += 1;
        }
        for (id, theirs) in colours["clusters"].as_object().unwrap() {
            let g = group("cluster", id);
            let rect = g.children().find(|c| c.has_tag_name("rect")).unwrap();
            let paint = |a: &str| rect.attribute(a).map(normalised);
            check(
                "subgraph",
                id,
                [paint("fill"), paint("stroke"), text_fill(g)],
                theirs,
            );
            clusters += 1;
        }
    }
    assert_eq!((nodes, clusters), (598, 267));
}

/// A fresh directory under the target directory.
fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("render-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Whatever the theme variables, the SVG is well-formed and safe.
        #[test]
        fn any_theme_variables_give_safe_svg(
            theme in "(default|base|dark|neutral|forest|neo)",
            values in proptest::collection::vec("[ -~]{0,30}", 6),
        ) {
            let keys = ["primaryColor", "lineColor", "fontFamily", "fontSize", "background", "clusterBkg"];
            let vars: serde_json::Map<String, serde_json::Value> = keys
                .iter()
                .zip(&values)
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.clone())))
                .collect();
            let init = serde_json::json!({"theme": theme, "themeVariables": vars});
            let src = format!("%%{{init: {init}}}%%\nflowchart LR\n  subgraph S\n    A --> B\n  end\n  B -->|x| C@{{ icon: 'fa:x', form: circle, label: y }}\n");
            if let Ok(chart) = topomaid::syntax::parse(&src)
                && let Ok(db) = FlowDb::build(&chart)
            {
                let svg = render::draw_svg(&chart, &db, &render::Options::default());
                assert_safe(&svg);
                prop_assert!(!svg.contains("script") && !svg.contains("url("), "{svg}");
            }
        }

        /// Whatever the icon and image data, the SVG is well-formed and safe, with images or
        /// without.
        #[test]
        fn any_icon_or_image_data_gives_safe_svg(
            icon in "[a-z:-]{0,12}",
            url in "(https://e\\.x/a\\.png|img/b\\.png|javascript:alert\\(1\\)|data:image/png,AA|//h/x|mailto:a@b|[ -~&&[^'\\\\]]{0,20})",
            form in "(square|circle|rounded|other|)",
            pos in "(t|b|x|)",
            w in "(60|0|-4|1e12|wide|1e-9|Infinity|)",
            h in "(60|0|-4|1e12|tall|0.5|)",
            label in "[ -~&&[^'\\\\]]{0,16}",
            allow: bool,
        ) {
            let src = format!(
                "flowchart TB\n  I@{{ icon: '{icon}', form: '{form}', pos: '{pos}', w: '{w}', h: '{h}', label: '{label}' }}\n  M@{{ img: '{url}', w: '{w}', h: '{h}', constraint: on, label: '{label}' }}\n  I --> M\n"
            );
            if let Ok(chart) = topomaid::syntax::parse(&src)
                && let Ok(db) = FlowDb::build(&chart)
            {
                let options = render::Options { allow_remote_images: allow, ..render::Options::default() };
                let svg = render::draw_svg(&chart, &db, &options);
                let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
                for node in doc.descendants().filter(|n| n.has_tag_name("image")) {
                    prop_assert!(allow);
                    let href = node.attribute(("http://www.w3.org/1999/xlink", "href")).unwrap_or_default();
                    // The scheme, if any, comes before the first `/`, `?` or `#`.
                    let before_path = href.split(['/', '?', '#']).next().unwrap_or_default().to_ascii_lowercase();
                    prop_assert!(
                        matches!(before_path.split_once(':'), None | Some(("http" | "https", _))),
                        "{href}"
                    );
                }
                let lower = svg.to_ascii_lowercase();
                prop_assert!(!lower.contains("javascript:") && !lower.contains("data:"), "{svg}");
                prop_assert!(!lower.contains("<script") && !lower.contains(" onload"), "{svg}");
            }
        }

        /// Whatever the label text, the SVG is well-formed, safe, and holds the label's visible text.
        #[test]
        fn any_label_gives_safe_svg(label in "[ -~가-힣<>&\"'#;]{0,40}", edge in "[a-z<>&#; ]{0,20}") {
            let quoted = label.replace('"', "#quot;");
            let src = format!("flowchart LR\n  A[\"{quoted}\"] -->|\"{}\"| B\n", edge.replace('"', ""));
            if let Ok(chart) = topomaid::syntax::parse(&src)
                && let Ok(db) = FlowDb::build(&chart)
            {
                let svg = render::to_svg(&db);
                assert_safe(&svg);
            }
        }
    }
}

const LOOK_FIXTURES: [&str; 9] = [
    "theme-default",
    "theme-neutral",
    "theme-dark",
    "theme-forest",
    "theme-base",
    "curves",
    "icons",
    "images",
    "hostile-theme",
];

#[test]
fn themes_curves_icons_and_images_are_stable_and_render() {
    // Mermaid 11's look: these fixtures are about themes, curves and assets, which both
    // releases draw alike; the neo look has its own snapshots (`small_svgs_are_stable`).
    let options = render::Options {
        target: MermaidTarget::V11,
        ..render::Options::default()
    };
    for name in LOOK_FIXTURES {
        let svg = fixture_svg(name, &options);
        assert_safe(&svg);
        assert!(ink(&svg) > 1000, "{name}: the image is (nearly) empty");
        insta::assert_snapshot!(format!("{name}_svg"), svg);
    }
}

/// The root's attribute and the fill of the canvas and the first node.
fn colours(svg: &str) -> (String, String, String) {
    let doc = roxmltree::Document::parse(svg).expect("XML");
    let canvas = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("rect"))
        .and_then(|n| n.attribute("fill"))
        .unwrap_or_default()
        .to_string();
    let node = outline(elements(&doc, "node")[0])
        .and_then(|n| n.attribute("fill"))
        .unwrap_or_default()
        .to_string();
    let font = doc
        .root_element()
        .attribute("font-size")
        .unwrap_or_default()
        .to_string();
    (canvas, node, font)
}

#[test]
fn each_theme_has_mermaids_palette() {
    let expect = [
        ("theme-default", "white", "#ECECFF"),
        ("theme-neutral", "#ffffff", "#eee"),
        ("theme-dark", "#333", "#1f2020"),
        ("theme-forest", "white", "#cde498"),
        ("theme-base", "#f4f4f4", "#BB2528"),
    ];
    for (name, canvas, node) in expect {
        let (c, n, _) = colours(&fixture_svg(name, &render::Options::default()));
        assert_eq!((c.as_str(), n.as_str()), (canvas, node), "{name}");
    }
    let (_, _, font) = colours(&fixture_svg("theme-base", &render::Options::default()));
    assert_eq!(font, "18");
}

#[test]
fn hostile_theme_values_and_assets_do_not_reach_the_output() {
    for allow in [false, true] {
        let svg = fixture_svg(
            "hostile-theme",
            &render::Options {
                allow_remote_images: allow,
                ..render::Options::default()
            },
        );
        assert_safe(&svg);
        let lower = svg.to_ascii_lowercase();
        for bad in [
            "javascript",
            "script",
            "url(",
            "expression",
            "</style",
            "data:",
            "<image",
            "100000",
            "99999",
        ] {
            assert!(!lower.contains(bad), "{bad:?} in\n{svg}");
        }
        let (canvas, node, font) = colours(&svg);
        assert_eq!((canvas.as_str(), node.as_str()), ("#f4f4f4", "#fff4dd"));
        assert_eq!(font, "16");
        // The 1e9 icon and 1e12 image are held to 1000px.
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let width: f64 = doc
            .root_element()
            .attribute("width")
            .unwrap()
            .parse()
            .unwrap();
        assert!(width < 3000.0, "{width}");
    }
}

#[test]
fn images_are_placeholders_unless_remote_images_are_allowed() {
    let hrefs = |svg: &str| -> Vec<String> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        doc.descendants()
            .filter(|n| n.has_tag_name("image"))
            .map(|n| {
                n.attribute(("http://www.w3.org/1999/xlink", "href"))
                    .unwrap_or_default()
                    .to_string()
            })
            .collect()
    };
    let placeholders = fixture_svg("images", &render::Options::default());
    assert!(hrefs(&placeholders).is_empty());
    let linked = fixture_svg(
        "images",
        &render::Options {
            allow_remote_images: true,
            ..render::Options::default()
        },
    );
    assert_eq!(
        hrefs(&linked),
        [
            "https://example.com/logo.png",
            "img/rack.jpg",
            "https://example.com/x.png"
        ]
    );
    assert!(!linked.contains("javascript") && !linked.contains("data:"));

    let (code, out, _) = topomaid(&[
        "render",
        "--allow-remote-images",
        "fixtures/render/images.mmd",
    ]);
    assert_eq!(code, 0);
    assert_eq!(hrefs(&out).len(), 3);
}

#[test]
fn the_theme_flag_is_the_default_a_diagram_can_override() {
    let (code, dark, _) = topomaid(&["render", "--theme", "dark", "fixtures/render/styles.mmd"]);
    assert_eq!(code, 0);
    assert_eq!(colours(&dark).0, "#333");
    // The diagram says `theme: neutral`: it wins over the flag, as with mermaid-cli's `-t`.
    let (_, neutral, _) = topomaid(&["render", "-t", "dark", "fixtures/render/theme-neutral.mmd"]);
    assert_eq!(colours(&neutral).1, "#eee");
    let (code, _, err) = topomaid(&["render", "--theme", "neo", "fixtures/render/styles.mmd"]);
    assert_eq!(code, 2);
    assert!(err.contains("possible values"), "{err}");
}

#[test]
fn curved_bends_stay_out_of_nodes_and_foreign_clusters() {
    use render::curve::{Curve, Obstacles, Piece, pieces, sample};
    let inside = |r: &topomaid::layout::Rect, p: (f64, f64), eps: f64| {
        p.0 > r.x + eps
            && p.0 < r.x + r.width - eps
            && p.1 > r.y + eps
            && p.1 < r.y + r.height - eps
    };
    let mut arcs = 0;
    for file in all_inputs() {
        for db in flowcharts(&file) {
            let scene = render::scene::build(&db);
            let layout = topomaid::layout::layout(&scene.input);
            let labels: Vec<(usize, topomaid::layout::Rect)> = layout
                .edges
                .iter()
                .enumerate()
                .filter_map(|(i, e)| Some((i, e.label?)))
                .collect();
            let obstacles =
                Obstacles::new(&layout.nodes, &layout.clusters).with_labels(labels.clone());
            for (index, route) in layout.edges.iter().enumerate() {
                if route.points.len() < 3 {
                    continue;
                }
                let mut at = route.points[0];
                for piece in pieces(&route.points, Curve::Smooth, &obstacles, Some(index)) {
                    if let Piece::Cubic(..) = piece {
                        arcs += 1;
                        let mut points = sample(at, piece, 10);
                        points.push(at);
                        for q in &points {
                            for n in &layout.nodes {
                                assert!(
                                    !inside(n, *q, 0.05),
                                    "{file}: arc at {q:?} inside node {n:?}"
                                );
                            }
                            for (_, l) in labels.iter().filter(|(i, _)| *i != index) {
                                assert!(
                                    !inside(l, *q, 0.05),
                                    "{file}: arc at {q:?} inside another edge's label {l:?}"
                                );
                            }
                        }
                        // No arc has points clearly inside and clearly outside one cluster.
                        for c in &layout.clusters {
                            let within = points.iter().any(|&q| inside(c, q, 0.05));
                            let without = points.iter().any(|&q| !inside(c, q, -0.05));
                            assert!(
                                !(within && without),
                                "{file}: arc from {at:?} crosses the border of {c:?}"
                            );
                        }
                    }
                    at = piece.end();
                }
            }
        }
    }
    assert!(arcs > 100, "only {arcs} arcs checked");
}

#[test]
fn the_layout_reserves_the_whole_icon_and_image_box() {
    let (code, out, _) = topomaid(&["render", "--format", "layout", "fixtures/render/icons.mmd"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let node = |id: &str| {
        let n = v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap_or_else(|| panic!("{id}"));
        (n["width"].as_f64().unwrap(), n["height"].as_f64().unwrap())
    };
    // `form: circle, h: 60`: a circle 60·√2 + 40 across, the label and 8px under it.
    let (w, h) = node("U");
    assert!((w - (60.0 * 2f64.sqrt() + 40.0)).abs() < 0.01, "{w}");
    assert!(h > w + 8.0 + 16.0, "{h}");
    // No form and no label: the 48px icon alone.
    assert_eq!(node("N"), (48.0, 48.0));

    let (_, out, _) = topomaid(&["render", "--format", "layout", "fixtures/render/images.mmd"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let bare = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "Bare")
        .unwrap();
    assert_eq!(
        (bare["width"].as_f64(), bare["height"].as_f64()),
        (Some(40.0), Some(40.0))
    );
}

#[test]
fn a_directory_is_drawn_in_the_theme_flag_too() {
    let src = tempdir("site-theme-src");
    let out = tempdir("site-theme-out");
    std::fs::write(src.join("plain.mmd"), "flowchart LR\n  A --> B\n").unwrap();
    std::fs::write(
        src.join("own.mmd"),
        "%%{init: {\"theme\": \"forest\"}}%%\nflowchart LR\n  A --> B\n",
    )
    .unwrap();
    let (code, _, err) = topomaid(&[
        "render",
        src.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--theme",
        "dark",
    ]);
    assert_eq!(code, 0, "{err}");
    let plain = std::fs::read_to_string(out.join("plain.svg")).unwrap();
    let own = std::fs::read_to_string(out.join("own.svg")).unwrap();
    assert_eq!(colours(&plain).1, "#1f2020");
    assert_eq!(colours(&own).1, "#cde498");
}
