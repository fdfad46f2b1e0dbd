//! The Mermaid release every command reads as: `--mermaid 11|12`, `mermaid` in topomaid.toml,
//! and the default (12).

mod common;

use common::{topomaid, transcript};

/// A diagram only Mermaid 12 reads (a BPMN shape, a blank before `@{`).
const ONLY_12: &str = "fixtures/lint/mermaid-version-difference/fires-new-shape.mmd";

/// The subgraph id of the first diagram of `parse --format json` output.
fn first_subgraph_id(stdout: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(stdout).expect("valid JSON");
    v["diagrams"][0]["subgraphs"][0]["id"]
        .as_str()
        .expect("a subgraph")
        .to_string()
}

#[test]
fn parse_reads_as_the_chosen_release() {
    let file = "fixtures/lint/mermaid-version-difference/fires.mmd";
    let (code, v11, err) = topomaid(&["parse", "--mermaid", "11", "--format", "json", file]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first_subgraph_id(&v11), "subGraph0");
    let (code, v12, err) = topomaid(&["parse", "--mermaid", "12", "--format", "json", file]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first_subgraph_id(&v12), "payments");
    let (_, default, _) = topomaid(&["parse", "--format", "json", file]);
    assert_eq!(first_subgraph_id(&default), "payments");
    // A full release number is read as its line; the option goes anywhere.
    let (code, _, err) = topomaid(&["--mermaid", "11.17.2", "parse", file]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn every_command_follows_the_release() {
    let commands: &[&[&str]] = &[
        &["parse", ONLY_12],
        &["check", ONLY_12],
        &["explain", ONLY_12],
        &["json", ONLY_12],
        &["diff", ONLY_12, ONLY_12],
        &["fmt", "--check", ONLY_12],
        &["render", ONLY_12],
    ];
    for args in commands {
        let with = |release: &str| {
            let mut all = vec!["--mermaid", release];
            all.extend_from_slice(args);
            topomaid(&all)
        };
        // `check` reports on standard output, the others on standard error.
        let (code, stdout, stderr) = with("11");
        assert_eq!(code, 2, "{args:?} under 11 should fail: {stderr}");
        let said = format!("{stdout}{stderr}");
        assert!(
            said.contains("No such shape: bpmn-gateway"),
            "{args:?}: {said}"
        );
        let (code, _, stderr) = with("12");
        assert!(code < 2, "{args:?} under 12 should read it: {stderr}");
    }
}

#[test]
fn the_configuration_file_chooses_the_release_and_the_option_wins() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let diagram = dir.path().join("d.mmd");
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(ONLY_12),
        &diagram,
    )
    .expect("copy");
    let path = diagram.to_string_lossy().into_owned();
    std::fs::write(dir.path().join("topomaid.toml"), "mermaid = \"11\"\n").expect("write");
    let (code, _, stderr) = topomaid(&["parse", &path]);
    assert_eq!(code, 2, "topomaid.toml says 11: {stderr}");
    let (code, _, stderr) = topomaid(&["check", &path]);
    assert_eq!(code, 2, "topomaid.toml says 11: {stderr}");
    let (code, _, stderr) = topomaid(&["parse", "--mermaid", "12", &path]);
    assert_eq!(code, 0, "--mermaid wins: {stderr}");

    std::fs::write(dir.path().join("topomaid.toml"), "mermaid = \"10\"\n").expect("write");
    let (code, _, stderr) = topomaid(&["parse", &path]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("topomaid.toml:1:11: `mermaid`: unknown Mermaid version `10`"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_release_is_a_usage_error() {
    let said = transcript(&["parse", "--mermaid", "10", ONLY_12]);
    assert!(said.contains("exit: 2"), "{said}");
    assert!(
        said.contains("unknown Mermaid version `10`: expected `11` or `12`"),
        "{said}"
    );
}
