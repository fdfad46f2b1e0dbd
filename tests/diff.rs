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
        transcript(&["diff", "fixtures/bad/sequence-diagram.mmd", DEV])
    );
    insta::assert_snapshot!(
        "no_flowchart_in_markdown",
        transcript(&["diff", DEV, "fixtures/corpus/SOURCES.md"])
    );
    assert_eq!(topomaid(&["diff", DEV, "no/such/file.mmd"]).0, 2);
    assert_eq!(topomaid(&["diff", DEV]).0, 2);
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
