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
    assert!(stdout.contains("10 file(s)"), "{stdout}");
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

/// Valid diagrams of other types (sequence, ER, state, class, gantt, pie) in `.mmd` files and
/// Markdown are skipped with a note naming the type, exit 0, by every command; a
/// `topomaid.toml` with `other-diagrams = "error"` makes them errors.
#[test]
fn other_diagram_types_are_skipped_by_every_command() {
    let dir = "fixtures/other-diagrams";
    let files = [
        "login-sequence.mmd",
        "orders-er.mmd",
        "worker-state.mmd",
        "classes.mmd",
        "migration-gantt.mmd",
        "traffic-pie.mmd",
    ];
    let out = std::env::temp_dir().join(format!("topomaid-other-{}", std::process::id()));
    let out_arg = format!("{}/", out.display());
    for file in files {
        let path = format!("{dir}/{file}");
        for args in [
            vec!["check", path.as_str()],
            vec!["fmt", "--check", path.as_str()],
            vec!["json", path.as_str()],
            vec!["explain", path.as_str()],
            vec!["parse", path.as_str()],
            vec!["render", path.as_str(), "-o", out_arg.as_str()],
        ] {
            let (code, stdout, stderr) = topomaid(&args);
            assert_eq!(code, 0, "{args:?}: {stderr}");
            // `parse` lists the skipped diagram in its output; the others note it on stderr.
            let note = if args[0] == "parse" { &stdout } else { &stderr };
            assert!(
                note.contains("(not a flowchart)") && note.contains(&format!("{path}:1:")),
                "{args:?} gives no note: {stdout}{stderr}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&out);
    insta::assert_snapshot!(
        "other_diagrams_check_dir",
        transcript(&["check", "--format", "json", dir])
    );
    insta::assert_snapshot!(
        "other_diagrams_flowcharts_only",
        transcript(&["check", &format!("{dir}/flowcharts-only")])
    );
    // The hook runs `check` and `fmt` on the staged files: both pass a valid sequence diagram.
    let (code, _, stderr) = topomaid(&["fmt", &format!("{dir}/login-sequence.mmd")]);
    assert_eq!(code, 0, "{stderr}");
}

/// `check --fix` turns the corpus diagram Mermaid rejects (an unquoted `(` in a label) into the
/// one of fixtures/fix/, which Mermaid accepts with the model we build
/// (fixtures/conformance/fixed.jsonl, tests/conformance.rs), in one run; nothing else changes.
/// A CIDR with host bits becomes its network and an unused suppression goes, in the same run;
/// `--diff` only shows it; JSON and SARIF carry the fixes as edits.
#[test]
fn check_fix_repairs_what_is_certain() {
    let original = std::fs::read_to_string(
        "fixtures/corpus/cna-bootcamp__tripgen/physical-architecture-prod@88e8593.mmd",
    )
    .unwrap();
    let expected =
        std::fs::read_to_string("fixtures/fix/physical-architecture-prod-fixed.mmd").unwrap();
    let case: serde_json::Value = serde_json::from_str(
        std::fs::read_to_string("fixtures/conformance/fixed.jsonl")
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(case["source"].as_str(), Some(expected.as_str()));
    assert_eq!(case["oracle"]["ok"], serde_json::json!(true));
    // Only quotes were added, on the broken line.
    assert_eq!(expected.replace('"', ""), original.replace('"', ""));
    let changed: Vec<_> = original
        .lines()
        .zip(expected.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "        DRSite[DR Site<br/>(Secondary Region)]",
            "        DRSite[\"DR Site<br/>(Secondary Region)\"]"
        )]
    );

    let dir = tempfile::tempdir().unwrap();
    let prod = dir.path().join("prod.mmd");
    std::fs::write(&prod, &original).unwrap();
    let cidr = dir.path().join("cidr.mmd");
    std::fs::write(
        &cidr,
        "flowchart LR\n    subgraph V [VNet 10.0.0.5/16]\n        %% topomaid-ignore isolated-node: kept\n        A[App]\n    end\n    U[Users] --> A\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_topomaid"))
            .args(args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    // JSON and SARIF carry the edits.
    let (_, json, _) = run(&["check", "--format", "json", "prod.mmd"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let fix = &json["diagnostics"][0]["fix"];
    assert_eq!(fix["safe"], serde_json::json!(true), "{json}");
    assert_eq!(
        fix["edits"],
        serde_json::json!([
            {"line": 121, "column": 16, "end_line": 121, "end_column": 16, "replacement": "\""},
            {"line": 121, "column": 46, "end_line": 121, "end_column": 46, "replacement": "\""}
        ])
    );
    let (_, sarif, _) = run(&["check", "--format", "sarif", "cidr.mmd"]);
    assert!(
        sarif.contains("\"fixes\"") && sarif.contains("10.0.0.0/16"),
        "{sarif}"
    );
    // --diff writes nothing.
    let (code, diff, _) = run(&["check", "--fix", "--diff", "."]);
    assert_eq!(code, 1);
    assert!(
        diff.contains("+        DRSite[\"DR Site<br/>(Secondary Region)\"]"),
        "{diff}"
    );
    assert_eq!(std::fs::read_to_string(&prod).unwrap(), original);
    // --fix writes, in one run.
    let (code, _, stderr) = run(&["check", "--fix", "."]);
    assert!(
        stderr.contains("fixed 3 finding(s) in 2 file(s)"),
        "{stderr}"
    );
    assert_ne!(code, 2, "{stderr}");
    assert_eq!(std::fs::read_to_string(&prod).unwrap(), expected);
    assert_eq!(
        std::fs::read_to_string(&cidr).unwrap(),
        "flowchart LR\n    subgraph V [VNet 10.0.0.0/16]\n        A[App]\n    end\n    U[Users] --> A\n"
    );
}

/// Output into a pipe its reader closed (`topomaid explain big.mmd | head -1`) ends the
/// process quietly, never with a panic.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    // `explain` of this diagram prints far more than a pipe holds (64 KiB), so that a write
    // meets the closed pipe.
    let dir = tempfile::tempdir().expect("a scratch directory");
    let big = dir.path().join("big.mmd");
    let mut text = String::from("flowchart LR\n");
    for i in 0..3000 {
        text.push_str(&format!("    N{i}[\"service {i}\"] --> N{}\n", i + 1));
    }
    std::fs::write(&big, text).expect("writes");
    let mut child = Command::new(env!("CARGO_BIN_EXE_topomaid"))
        .arg("explain")
        .arg(&big)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("piped")
        .read_to_string(&mut stderr)
        .expect("reads");
    let status = child.wait().expect("waits");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(status.code(), Some(101), "{stderr}");
}
