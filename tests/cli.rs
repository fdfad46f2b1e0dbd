//! The command line as a user runs it: output, messages and exit codes, as insta snapshots.

use std::process::Command;

mod common;

use common::{topomaid, transcript};

#[test]
fn parse_json_of_every_feature() {
    let (code, stdout, stderr) =
        topomaid(&["parse", "--format", "json", "fixtures/syntax/features.mmd"]);
    assert_eq!(code, 0, "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    insta::assert_json_snapshot!(value);
}

#[test]
fn parse_summary_of_a_real_diagram() {
    insta::assert_snapshot!(transcript(&["parse", "diagrams/tripgen-prod-network.mmd"]));
}

#[test]
fn markdown_blocks_are_found_and_errors_point_into_the_markdown() {
    insta::assert_snapshot!(transcript(&["parse", "fixtures/markdown/design.md"]));
}

#[test]
fn the_corpus_diagram_mermaid_rejects() {
    insta::assert_snapshot!(transcript(&[
        "parse",
        "fixtures/corpus/cna-bootcamp__tripgen/physical-architecture-prod@88e8593.mmd"
    ]));
}

#[test]
fn error_messages_for_bad_inputs() {
    insta::glob!("../fixtures/bad", "*.mmd", |path| {
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .expect("fixture inside the crate")
            .to_string_lossy()
            .into_owned();
        let (code, _, stderr) = topomaid(&["parse", &rel]);
        assert_eq!(code, 2, "{rel} should fail with exit code 2");
        insta::assert_snapshot!(stderr);
    });
}

#[test]
fn exit_codes() {
    assert_eq!(
        topomaid(&["parse", "diagrams/tripgen-prod-network.mmd"]).0,
        0
    );
    assert_eq!(topomaid(&["parse", "no/such/file.mmd"]).0, 2);
    assert_eq!(topomaid(&["parse"]).0, 2);
    assert_eq!(topomaid(&["frobnicate"]).0, 2);
    assert_eq!(topomaid(&["--help"]).0, 0);
}

#[test]
fn standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_topomaid"))
        .args(["parse", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("topomaid runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"graph LR\nA --> B\n")
        .expect("write");
    let out = child.wait_with_output().expect("finishes");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "<stdin>: flowchart-v2 LR, 2 nodes, 1 edges, 0 subgraphs, 0 classes\n"
    );
}

#[test]
fn check_the_real_network_diagrams() {
    insta::assert_snapshot!(transcript(&["check", "diagrams"]));
}

#[test]
fn check_json_and_exit_codes() {
    let (code, stdout, _) = topomaid(&[
        "check",
        "--format",
        "json",
        "fixtures/lint/cidr-overlap/fires.mmd",
    ]);
    assert_eq!(code, 1, "an error-level finding fails the check");
    let value: serde_json::Value = serde_json::from_str(&stdout).expect("valid JSON");
    insta::assert_json_snapshot!(value);
    assert_eq!(
        topomaid(&[
            "check",
            "--fail-on",
            "error",
            "diagrams/tripgen-prod-network.mmd"
        ])
        .0,
        0,
        "the tripgen production network is sound"
    );
    assert_eq!(topomaid(&["check", "fixtures/bad/missing-end.mmd"]).0, 2);
    let (code, stdout, _) = topomaid(&[
        "check",
        "--fail-on",
        "error",
        "fixtures/lint/cidr-*/ok*.mmd",
    ]);
    assert_eq!(code, 0, "a quoted glob pattern is expanded: {stdout}");
    assert!(stdout.contains("7 file(s)"), "{stdout}");
    assert_eq!(topomaid(&["check", "no/such/*.mmd"]).0, 2);
    assert_eq!(
        topomaid(&["check", "--select", "no-such-rule", "diagrams"]).0,
        2
    );
}

#[test]
fn explain_shows_what_was_inferred() {
    insta::assert_snapshot!(transcript(&[
        "explain",
        "diagrams/tripgen-prod-network.mmd"
    ]));
}

#[test]
fn rules_lists_every_rule() {
    insta::assert_snapshot!(transcript(&["rules"]));
}

#[test]
fn explain_applies_the_nearest_configuration() {
    let (code, stdout, stderr) = topomaid(&["explain", "fixtures/config/kinds/paas.mmd"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("config"),
        "a kind set by topomaid.toml says so:\n{stdout}"
    );
}

#[test]
fn check_output_for_every_rule_fixture() {
    insta::glob!("../fixtures/lint", "*/*.mmd", |path| {
        let rel = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .expect("fixture inside the crate")
            .to_string_lossy()
            .into_owned();
        let (_, human, _) = topomaid(&["check", "--fail-on", "info", &rel]);
        let (_, json, _) = topomaid(&["check", "--fail-on", "info", "--format", "json", &rel]);
        let json: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
        insta::assert_snapshot!(format!(
            "{human}--- json\n{}",
            serde_json::to_string_pretty(&json).expect("serialises")
        ));
    });
}
