//! `topomaid check` with configuration files and SARIF output, as a user runs it: insta
//! snapshots of the output, and the SARIF log validated against the SARIF 2.1.0 schema.

use std::path::Path;

mod common;

use common::{topomaid, transcript};

#[test]
fn the_nearest_configuration_applies_to_each_file() {
    insta::assert_snapshot!(transcript(&[
        "check",
        "fixtures/config/nested/outer.mmd",
        "fixtures/config/nested/inner/inner.mmd",
    ]));
}

#[test]
fn an_explicit_configuration_replaces_the_search() {
    insta::assert_snapshot!(transcript(&[
        "check",
        "--config",
        "fixtures/config/explicit.toml",
        "fixtures/config/nested",
    ]));
}

#[test]
fn the_command_line_wins_over_the_file() {
    // The file ignores isolated-node; --select runs it anyway, and only it.
    insta::assert_snapshot!(transcript(&[
        "check",
        "--select",
        "isolated-node",
        "fixtures/config/nested/outer.mmd",
    ]));
}

#[test]
fn kind_overrides_severities_and_model_choices() {
    insta::assert_snapshot!(transcript(&["check", "fixtures/config/kinds/paas.mmd"]));
}

#[test]
fn a_wrong_configuration_is_reported_at_its_position() {
    insta::assert_snapshot!(transcript(&["check", "fixtures/config/bad/diagram.mmd"]));
    let (code, stdout, stderr) = topomaid(&[
        "check",
        "--config",
        "fixtures/config/no-such.toml",
        "fixtures/config/nested",
    ]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("error: fixtures/config/no-such.toml: cannot read the configuration"),
        "{stderr}"
    );
}

fn sarif(args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = topomaid(args);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    serde_json::from_str(&stdout).expect("SARIF is JSON")
}

fn sarif_errors(log: &serde_json::Value) -> Vec<String> {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schemas/sarif-2.1.0.json");
    // Formats are checked (`uri`, `uri-reference`, …). The schema's `language` patterns,
    // `^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, are valid JavaScript (a stray `]` is a
    // literal there) but the meta-schema's `regex` format check rejects them; they are escaped
    // here, which means the same, and the committed schema stays as published.
    let text = std::fs::read_to_string(schema_path)
        .unwrap()
        .replace("{2}]?$", "{2}\\\\]?$");
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn validate_sarif(log: &serde_json::Value) {
    let errors = sarif_errors(log);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_is_valid_against_the_schema() {
    let log = sarif(&[
        "check",
        "--format",
        "sarif",
        "fixtures/lint",
        "fixtures/config/kinds/paas.mmd",
    ]);
    validate_sarif(&log);
    // The validation is not vacuous: a wrong level and a 0-based line are caught.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("info");
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        serde_json::json!(0);
    broken["runs"][0]["tool"]["driver"]["informationUri"] = serde_json::json!("not a uri");
    assert_eq!(
        sarif_errors(&broken).len(),
        3,
        "{:?}",
        sarif_errors(&broken)
    );
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert!(results.len() > 10, "the rule fixtures fire");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for rule in topomaid::lint::registry() {
        let id = rule.meta().id;
        let entry = rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("rule {id} is listed"));
        assert!(
            entry["helpUri"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/docs/rules/{id}.md"))
        );
    }
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
        assert!(region["startColumn"].as_u64().unwrap() >= 1);
        assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("fixtures/"), "{uri} is relative");
    }
}

#[test]
fn sarif_of_one_file() {
    let mut log = sarif(&[
        "check",
        "--format",
        "sarif",
        "fixtures/config/kinds/paas.mmd",
    ]);
    validate_sarif(&log);
    // The rule list is checked above and changes with every new rule; snapshot the rest.
    let driver = &mut log["runs"][0]["tool"]["driver"];
    driver["rules"] = serde_json::json!("…");
    driver["version"] = serde_json::json!("…");
    driver["semanticVersion"] = serde_json::json!("…");
    // So does a rule's index in it (checked against `ruleId` above).
    for r in log["runs"][0]["results"].as_array_mut().unwrap() {
        r["ruleIndex"] = serde_json::json!("…");
    }
    insta::assert_json_snapshot!(log);
}

#[test]
fn sarif_reports_parse_errors_and_an_empty_run() {
    let (code, stdout, _) =
        topomaid(&["check", "--format", "sarif", "fixtures/bad/missing-end.mmd"]);
    assert_eq!(code, 2);
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    validate_sarif(&log);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty());
    assert!(
        results
            .iter()
            .all(|r| r["ruleId"] == "syntax" && r["level"] == "error")
    );

    let log = sarif(&[
        "check",
        "--format",
        "sarif",
        "--select",
        "cidr-overlap",
        "fixtures/config/nested/outer.mmd",
    ]);
    validate_sarif(&log);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

/// Runs `topomaid ARGS` in `dir`: exit code, stdout, stderr.
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_topomaid"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("topomaid runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const OVERLAP: &str = "flowchart LR\n    subgraph A [A 10.0.0.0/16]\n        X[Web]\n    end\n    subgraph B [B 10.0.0.0/24]\n        Y[App]\n    end\n    X --> Y\n";
const CLEAN: &str = "flowchart LR\n    subgraph A [A 10.0.0.0/16]\n        X[Web]\n    end\n";

/// A wrong `topomaid.toml` is one error, at its place, in the output format asked for; the
/// files it governs are not checked, every other file is.
#[test]
fn a_wrong_configuration_is_an_error_of_its_files_only() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("bad")).unwrap();
    std::fs::write(root.join("bad/topomaid.toml"), "[rules]\nselct = []\n").unwrap();
    std::fs::write(root.join("bad/a.mmd"), CLEAN).unwrap();
    std::fs::write(root.join("bad/b.mmd"), CLEAN).unwrap();
    std::fs::write(root.join("net.mmd"), OVERLAP).unwrap();
    for format in ["json", "sarif"] {
        let (code, stdout, stderr) = run_in(root, &["check", "--format", format, "."]);
        assert_eq!(code, 2, "{stderr}");
        let value: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        let text = value.to_string();
        assert_eq!(
            text.matches("unknown field `selct`").count(),
            1,
            "{format}: {text}"
        );
        assert!(
            text.contains("cidr-overlap"),
            "the other file is checked: {text}"
        );
    }
    let (_, stdout, _) = run_in(root, &["check", "--format", "json", "."]);
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let config = &value["diagnostics"][0];
    assert_eq!(
        (
            config["rule"].as_str(),
            config["file"].as_str(),
            config["line"].as_u64(),
            config["column"].as_u64()
        ),
        (Some("config"), Some("bad/topomaid.toml"), Some(2), Some(1))
    );
}

/// `exclude` / `extend-exclude` in `topomaid.toml` and `--exclude` / `--extend-exclude` skip
/// files in walked directories and named files alike (the hooks name every staged file).
#[test]
fn excluded_files_are_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("legacy")).unwrap();
    std::fs::create_dir_all(root.join("design")).unwrap();
    std::fs::write(root.join("legacy/old.mmd"), OVERLAP).unwrap();
    std::fs::write(root.join("design/draft.wip.mmd"), OVERLAP).unwrap();
    std::fs::write(root.join("design/net.mmd"), CLEAN).unwrap();
    std::fs::write(
        root.join("topomaid.toml"),
        "exclude = [\"legacy\"]\nextend-exclude = [\"*.wip.mmd\"]\n",
    )
    .unwrap();
    let clean = |args: &[&str]| {
        let (code, stdout, stderr) = run_in(root, args);
        assert_eq!(code, 0, "{args:?}: {stdout}{stderr}");
        stdout
    };
    assert!(clean(&["check", "."]).contains("1 file(s), 1 diagram(s): 0 error(s)"));
    clean(&[
        "check",
        "legacy/old.mmd",
        "design/draft.wip.mmd",
        "design/net.mmd",
    ]);
    clean(&["fmt", "--check", "."]);
    clean(&["json", "."]);
    // --exclude replaces the file's globs; --extend-exclude adds to them.
    let (code, _, _) = run_in(root, &["check", "--exclude", "*.wip.mmd", "."]);
    assert_eq!(code, 1, "legacy/ is checked again");
    let (code, stdout, _) = run_in(root, &["check", "--extend-exclude", "design", "."]);
    assert_eq!((code, stdout.contains("0 file(s)")), (0, true), "{stdout}");
    let (code, _, stderr) = run_in(root, &["check", "--exclude", "a[", "."]);
    assert_eq!(code, 2);
    assert!(stderr.contains("invalid glob `a[`"), "{stderr}");
    std::fs::write(root.join("topomaid.toml"), "exclude = [\"a[\"]\n").unwrap();
    let (code, stdout, _) = run_in(root, &["check", "."]);
    assert_eq!(code, 2);
    assert!(stdout.contains("topomaid.toml:1:"), "{stdout}");
}
