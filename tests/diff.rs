//! `topomaid diff` as a user runs it: a dev/prod pair written in the style of the corpus, the
//! same diagram reformatted, Markdown, and the errors.

mod common;

use common::{topomaid, transcript};

const DEV: &str = "fixtures/diff/shop-network-dev.mmd";
const PROD: &str = "fixtures/diff/shop-network-prod.mmd";

#[test]
fn dev_and_prod_as_a_changelog() {
    insta::assert_snapshot!(transcript(&["diff", DEV, PROD]));
}

#[test]
fn dev_and_prod_as_json() {
    let (code, stdout, stderr) = topomaid(&["diff", "--format", "json", DEV, PROD]);
    assert_eq!(code, 1, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(value["equal"], false);
    insta::assert_json_snapshot!(value);
}

#[test]
fn the_same_diagram_reordered_and_reformatted_is_equal() {
    let same = "fixtures/diff/shop-network-dev-reformatted.mmd";
    insta::assert_snapshot!(transcript(&["diff", DEV, same]));
    let (code, stdout, _) = topomaid(&["diff", "--format", "json", same, DEV]);
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(value["equal"], true);
    for part in ["zones", "nodes", "edges"] {
        for list in ["added", "removed", "changed"] {
            assert_eq!(value[part][list], serde_json::json!([]), "{part}.{list}");
        }
    }
}

#[test]
fn reversed_diff_swaps_added_and_removed() {
    let json = |a: &str, b: &str| -> serde_json::Value {
        serde_json::from_str(&topomaid(&["diff", "--format", "json", a, b]).1).expect("JSON")
    };
    let (forward, backward) = (json(DEV, PROD), json(PROD, DEV));
    for part in ["zones", "nodes", "edges"] {
        assert_eq!(forward[part]["added"], backward[part]["removed"], "{part}");
        assert_eq!(forward[part]["removed"], backward[part]["added"], "{part}");
        assert_eq!(
            forward[part]["changed"].as_array().map(Vec::len),
            backward[part]["changed"].as_array().map(Vec::len),
            "{part}"
        );
    }
}

#[test]
fn a_markdown_file_with_one_flowchart() {
    insta::assert_snapshot!(transcript(&[
        "diff",
        DEV,
        "fixtures/diff/shop-network-prod.md"
    ]));
}

#[test]
fn errors_are_clear_and_exit_with_2() {
    insta::assert_snapshot!(
        "several_flowcharts",
        transcript(&["diff", DEV, "fixtures/diff/two-flowcharts.md"])
    );
    insta::assert_snapshot!(
        "a_syntax_error",
        transcript(&["diff", DEV, "fixtures/bad/missing-end.mmd"])
    );
    insta::assert_snapshot!(
        "not_a_flowchart",
        transcript(&["diff", "fixtures/other-diagrams/login-sequence.mmd", DEV])
    );
    insta::assert_snapshot!(
        "no_flowchart_in_markdown",
        transcript(&["diff", DEV, "fixtures/corpus/SOURCES.md"])
    );
    assert_eq!(topomaid(&["diff", DEV, "no/such/file.mmd"]).0, 2);
    assert_eq!(topomaid(&["diff", DEV]).0, 2);
    assert_eq!(topomaid(&["diff", "-", "-"]).0, 2);
    assert_eq!(topomaid(&["diff", "--format", "yaml", DEV, PROD]).0, 2);
}

#[test]
fn the_real_dev_and_prod_diagrams() {
    for name in [
        "tripgen-network",
        "travel-planner-network",
        "travel-planner-physical",
    ] {
        let dev = format!("diagrams/{name}-dev.mmd");
        let prod = format!("diagrams/{name}-prod.mmd");
        let (code, stdout, stderr) = topomaid(&["diff", &dev, &prod]);
        assert_eq!(code, 1, "{stderr}");
        assert!(stdout.starts_with(&format!("--- {dev}\n+++ {prod}\n")));
        let (code, _, _) = topomaid(&["diff", &prod, &prod]);
        assert_eq!(code, 0);
    }
    insta::assert_snapshot!(transcript(&[
        "diff",
        "diagrams/tripgen-network-dev.mmd",
        "diagrams/tripgen-network-prod.mmd"
    ]));
}

mod properties {
    use proptest::prelude::*;
    use topomaid::diff::{Changes, Drift, diff};
    use topomaid::flowdb::FlowDb;
    use topomaid::model::Model;

    const LABELS: &[&str] = &[
        "User API<br/>:8080",
        "PostgreSQL",
        "Redis Cache<br/>TCP:6379",
        "Order Service<br/>3 replicas",
        "App Gateway",
        "🌐 Users",
        "Private Endpoint",
        "Worker 10.0.1.4",
    ];
    const ZONE_TITLES: &[&str] = &[
        "App Subnet 10.0.1.0/24",
        "Data Subnet<br/>10.0.2.0/24",
        "Internet",
        "AKS Cluster",
    ];
    const LINKS: &[&str] = &[
        "-->",
        "==>",
        "-.->",
        "<-->",
        "---",
        "-->|\"TCP:5432\"|",
        "-->|HTTPS|",
        "-.->|backup|",
    ];

    /// A diagram: zones with their nodes, loose nodes, and edges, as statements to order.
    #[derive(Debug, Clone)]
    struct Diagram {
        zones: Vec<(usize, Vec<(usize, usize)>)>,
        loose: Vec<(usize, usize)>,
        edges: Vec<(usize, usize, usize)>,
    }

    fn diagram() -> impl Strategy<Value = Diagram> {
        (1usize..12)
            .prop_flat_map(|n| {
                let labels = proptest::collection::vec(0..LABELS.len(), n);
                let homes = proptest::collection::vec(0..=ZONE_TITLES.len(), n);
                let edges = proptest::collection::vec((0..n, 0..n, 0..LINKS.len()), 0..20);
                (labels, homes, edges)
            })
            .prop_map(|(labels, homes, edges)| {
                let mut zones: Vec<(usize, Vec<(usize, usize)>)> =
                    (0..ZONE_TITLES.len()).map(|z| (z, Vec::new())).collect();
                let mut loose = Vec::new();
                for (i, (&label, &home)) in labels.iter().zip(&homes).enumerate() {
                    match zones.get_mut(home) {
                        Some(z) => z.1.push((i, label)),
                        None => loose.push((i, label)),
                    }
                }
                zones.retain(|z| !z.1.is_empty());
                Diagram {
                    zones,
                    loose,
                    edges,
                }
            })
    }

    /// The diagram's text, its statements in the given order, indented `pad` spaces.
    fn text(d: &Diagram, pad: usize) -> String {
        let ind = " ".repeat(pad);
        let mut out = String::from("flowchart LR\n");
        for (z, nodes) in &d.zones {
            out.push_str(&format!("{ind}subgraph Z{z}[\"{}\"]\n", ZONE_TITLES[*z]));
            for (i, l) in nodes {
                out.push_str(&format!("{ind}{ind}N{i}[\"{}\"]\n", LABELS[*l]));
            }
            out.push_str(&format!("{ind}end\n"));
        }
        for (i, l) in &d.loose {
            out.push_str(&format!("{ind}N{i}[\"{}\"]\n", LABELS[*l]));
        }
        for (a, b, l) in &d.edges {
            out.push_str(&format!("{ind}N{a} {} N{b}\n", LINKS[*l]));
        }
        out
    }

    fn model(text: &str) -> Model {
        let chart = topomaid::syntax::parse(text).expect("parses");
        let db = FlowDb::build(&chart).expect("builds");
        Model::build(text, &chart, &db)
    }

    fn swap<T: Clone>(c: &Changes<T>) -> Changes<T> {
        Changes {
            added: c.removed.clone(),
            removed: c.added.clone(),
            changed: Vec::new(),
        }
    }

    fn mirrored(d: &Drift) -> Drift {
        Drift {
            zones: swap(&d.zones),
            nodes: swap(&d.nodes),
            edges: swap(&d.edges),
        }
    }

    fn without_changed(d: &Drift) -> Drift {
        mirrored(&mirrored(d))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn order_and_indentation_make_no_difference(
            d in diagram(),
            seed in any::<u64>(),
            pad in 0usize..5,
        ) {
            let mut shuffled = d.clone();
            let mut rng = seed;
            let mut next = |n: usize| {
                rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (rng >> 33) as usize % n.max(1)
            };
            for i in (1..shuffled.edges.len()).rev() {
                shuffled.edges.swap(i, next(i + 1));
            }
            for i in (1..shuffled.zones.len()).rev() {
                shuffled.zones.swap(i, next(i + 1));
            }
            for z in &mut shuffled.zones {
                for i in (1..z.1.len()).rev() {
                    z.1.swap(i, next(i + 1));
                }
            }
            let drift = diff(&model(&text(&d, 4)), &model(&text(&shuffled, pad)));
            prop_assert!(drift.is_empty(), "{drift:#?}");
        }

        #[test]
        fn diff_backwards_is_the_mirror_image(a in diagram(), b in diagram()) {
            let (ma, mb) = (model(&text(&a, 4)), model(&text(&b, 4)));
            prop_assert!(diff(&ma, &ma).is_empty());
            let forward = diff(&ma, &mb);
            let backward = diff(&mb, &ma);
            prop_assert_eq!(without_changed(&backward), mirrored(&forward));
            prop_assert_eq!(forward.zones.changed.len(), backward.zones.changed.len());
            prop_assert_eq!(forward.nodes.changed.len(), backward.nodes.changed.len());
            prop_assert_eq!(forward.edges.changed.len(), backward.edges.changed.len());
            prop_assert_eq!(forward.is_empty(), backward.is_empty());
        }
    }
}

#[test]
fn standard_input_is_one_side() {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_topomaid"))
        .args([
            "diff",
            "-",
            "fixtures/diff/shop-network-dev-reformatted.mmd",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("topomaid runs");
    let dev = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/",
        "fixtures/diff/shop-network-dev.mmd"
    ))
    .expect("fixture");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&dev)
        .expect("write");
    let out = child.wait_with_output().expect("finishes");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn each_side_is_modelled_with_its_own_configuration() {
    use std::io::Write;
    // The same diagram read from standard input (no topomaid.toml above the crate root) and
    // from its directory (whose topomaid.toml sets kinds): only the configured kinds differ.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_topomaid"))
        .args(["diff", "-", "fixtures/config/kinds/paas.mmd"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("topomaid runs");
    let text = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/config/kinds/paas.mmd"
    ))
    .expect("fixture");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&text)
        .expect("write");
    let out = child.wait_with_output().expect("finishes");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout,
        "--- <stdin>\n+++ fixtures/config/kinds/paas.mmd\n\n\
         ~ node Ledger: kind generic → database\n\n\
         zones +0 -0 ~0, nodes +0 -0 ~1, edges +0 -0 ~0\n"
    );
}

#[test]
fn every_pair_of_real_diagrams() {
    use topomaid::diff::diff;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut models = Vec::new();
    for pattern in [
        "diagrams/*.mmd",
        "fixtures/corpus/**/*.mmd",
        "fixtures/diff/*.mmd",
    ] {
        for path in glob::glob(&root.join(pattern).to_string_lossy()).expect("pattern") {
            let text = std::fs::read_to_string(path.expect("path")).expect("readable");
            let Ok(chart) = topomaid::syntax::parse(&text) else {
                continue;
            };
            let Ok(db) = topomaid::flowdb::FlowDb::build(&chart) else {
                continue;
            };
            models.push(topomaid::model::Model::build(&text, &chart, &db));
        }
    }
    assert!(models.len() > 20, "{} models", models.len());
    for (i, a) in models.iter().enumerate() {
        assert!(diff(a, a).is_empty());
        for b in &models[i + 1..] {
            let (forward, backward) = (diff(a, b), diff(b, a));
            assert_eq!(forward.nodes.added, backward.nodes.removed);
            assert_eq!(forward.zones.removed, backward.zones.added);
            assert_eq!(forward.edges.added.len(), backward.edges.removed.len());
            assert_eq!(forward.edges.changed.len(), backward.edges.changed.len());
            let old_edges = a.edges.len() as isize;
            let new_edges = b.edges.len() as isize;
            assert_eq!(
                new_edges - old_edges,
                forward.edges.added.len() as isize - forward.edges.removed.len() as isize,
                "every edge is matched, added or removed"
            );
        }
    }
}

#[test]
fn the_json_follows_the_committed_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diff-schema.json");
    let derived = topomaid::diff::render::schema_text();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &derived).expect("write the schema");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == derived,
        "docs/diff-schema.json differs from the schema derived from src/diff; run \
         `UPDATE_SCHEMA=1 cargo test --test diff` and commit it"
    );
    let schema: serde_json::Value = serde_json::from_str(&derived).expect("JSON");
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles");
    let pairs = [
        (DEV, PROD),
        (PROD, DEV),
        (DEV, "fixtures/diff/shop-network-dev-reformatted.mmd"),
        (
            "diagrams/tripgen-network-dev.mmd",
            "diagrams/tripgen-network-prod.mmd",
        ),
        (
            "diagrams/travel-planner-physical-dev.mmd",
            "diagrams/travel-planner-physical-prod.mmd",
        ),
    ];
    for (a, b) in pairs {
        let (_, stdout, _) = topomaid(&["diff", "--format", "json", a, b]);
        let value: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .take(10)
            .collect();
        assert!(errors.is_empty(), "{a} {b}:\n{}", errors.join("\n"));
    }
}

/// Subgraphs written with a title only get Mermaid's ids (`subGraph0`, …), which shift when a
/// zone is added before them: they are paired by title, then address space, then members, and
/// a node with the same label, kind and neighbours under a new id is a rename.
#[test]
fn titled_zones_and_renamed_nodes() {
    let dev = "fixtures/diff/titled-zones-dev.mmd";
    let prod = "fixtures/diff/titled-zones-prod.mmd";
    let (code, out, err) = topomaid(&["diff", dev, prod]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!(out);
    // Neither the shifted ids nor the rename show as removals.
    assert!(!out.contains("\n- zone"), "{out}");
    assert!(!out.contains("\n- node"), "{out}");
    assert!(
        out.contains("~ node TripServiceHA: id TripService → TripServiceHA"),
        "{out}"
    );
    // The k-th diagram of a Markdown file.
    let (code, out, err) = topomaid(&["diff", "fixtures/diff/two-flowcharts.md#2", DEV]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(
        out.starts_with("--- fixtures/diff/two-flowcharts.md\n"),
        "{out}"
    );
    let (code, _, err) = topomaid(&["diff", "fixtures/diff/two-flowcharts.md#3", DEV]);
    assert_eq!(code, 2);
    assert!(err.contains("no diagram #3 (the file has 2"), "{err}");
    let (code, out, _) = topomaid(&["check", "fixtures/diff/two-flowcharts.md#1"]);
    assert_eq!(code, 0);
    assert!(out.contains("1 file(s), 1 diagram(s)"), "{out}");
}
