//! `topomaid check` in CI: the GitLab Code Quality report (snapshot, and validated against the
//! format GitLab documents), and baselines (`--write-baseline`, `--baseline`) on a scratch tree
//! as a team adopting the linter would use them.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

mod common;

use common::{topomaid, topomaid_in, transcript};

const OVERLAP: &str = "\
flowchart LR
    subgraph Hub[\"Hub VNet 10.0.0.0/16\"]
        Fw[\"Azure Firewall\"]
    end
    subgraph Spoke[\"Spoke VNet 10.0.128.0/17\"]
        Api[\"User Service\"]
    end
    Users[\"Users\"] -->|\"HTTPS:443\"| Fw --> Api
";

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ci").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn gitlab_errors(report: &serde_json::Value) -> Vec<String> {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/schemas/gitlab-codequality.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator
        .iter_errors(report)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

#[test]
fn gitlab_report_of_one_file() {
    insta::assert_snapshot!(transcript(&[
        "check",
        "--format",
        "gitlab",
        "fixtures/lint/cidr-overlap/fires.mmd",
    ]));
}

#[test]
fn gitlab_report_has_the_documented_shape_and_unique_fingerprints() {
    let (code, stdout, stderr) = topomaid(&[
        "check",
        "--format",
        "gitlab",
        "fixtures/lint",
        "./fixtures/bad",
    ]);
    assert_eq!(code, 2, "fixtures/bad does not parse: {stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("the report is JSON");
    let errors = gitlab_errors(&report);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    let issues = report.as_array().unwrap();
    assert!(issues.len() > 10, "the rule fixtures fire");
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    fingerprints.sort();
    let n = fingerprints.len();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), n, "fingerprints are unique");
    assert!(issues.iter().any(|i| {
        i["check_name"] == "syntax"
            && i["severity"] == "critical"
            && i["location"]["path"]
                .as_str()
                .unwrap()
                .starts_with("fixtures/bad/")
    }));
    for i in issues {
        let path = i["location"]["path"].as_str().unwrap();
        assert!(path.starts_with("fixtures/"), "{path} is relative");
    }

    // The validation is not vacuous: a 0 line, an unknown severity and an absolute path fail.
    let mut broken = report.clone();
    broken[0]["location"]["lines"]["begin"] = serde_json::json!(0);
    broken[1]["severity"] = serde_json::json!("error");
    broken[2]["location"]["path"] = serde_json::json!("/abs/x.mmd");
    assert_eq!(
        gitlab_errors(&broken).len(),
        3,
        "{:?}",
        gitlab_errors(&broken)
    );
}

#[test]
fn gitlab_fingerprints_survive_moved_lines_and_differ_for_repeated_findings() {
    let dir = scratch("gitlab-moves");
    std::fs::write(dir.join("net.mmd"), OVERLAP).unwrap();
    let report = |dir: &Path| -> serde_json::Value {
        let (code, stdout, stderr) = topomaid_in(dir, &["check", "--format", "gitlab", "."]);
        assert_eq!(code, 1, "{stderr}");
        serde_json::from_str(&stdout).unwrap()
    };
    let before = report(&dir);
    let moved = OVERLAP.replacen("flowchart LR\n", "flowchart LR\n    %% moved\n\n", 1);
    std::fs::write(dir.join("net.mmd"), moved).unwrap();
    let after = report(&dir);
    assert_eq!(before[0]["fingerprint"], after[0]["fingerprint"]);
    assert_ne!(
        before[0]["location"]["lines"]["begin"],
        after[0]["location"]["lines"]["begin"]
    );

    // The same finding twice (two identical blocks in Markdown) gets two fingerprints.
    std::fs::write(
        dir.join("net.mmd"),
        OVERLAP.replace(
            "Api\n",
            "Api\n    subgraph Other[\"10.0.200.0/24\"]\n    end\n",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("doc.md"),
        format!("```mermaid\n{OVERLAP}```\n\n```mermaid\n{OVERLAP}```\n"),
    )
    .unwrap();
    let issues = report(&dir);
    let doc: Vec<&str> = issues
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["location"]["path"] == "doc.md")
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert_eq!(doc.len(), 2);
    assert_eq!(doc[1], format!("{}-2", doc[0]));
}

#[test]
fn a_baseline_accepts_todays_findings_and_reports_new_ones() {
    let dir = scratch("baseline");
    std::fs::create_dir_all(dir.join("design")).unwrap();
    std::fs::write(dir.join("design/net.mmd"), OVERLAP).unwrap();
    let broken_ip = "flowchart LR\n    subgraph S[\"Subnet 10.1.0.0/24\"]\n        A[\"App 10.2.0.5\"]\n    end\n";
    std::fs::write(dir.join("design/app.mmd"), broken_ip).unwrap();

    let (code, before, _) = topomaid_in(&dir, &["check", "design"]);
    assert_eq!(code, 1, "{before}");

    // Writing the baseline reports nothing and exits 0.
    let (code, stdout, stderr) = topomaid_in(
        &dir,
        &["check", "--write-baseline", "baseline.json", "design"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.ends_with("0 error(s), 0 warning(s), 0 note(s) (3 baselined)\n"),
        "{stdout}"
    );
    assert!(
        stderr.contains("wrote 3 finding(s) to baseline.json"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(dir.join("baseline.json")).unwrap();
    insta::assert_snapshot!("baseline_file", written);

    // With it, the same tree is clean.
    let (code, stdout, stderr) =
        topomaid_in(&dir, &["check", "--baseline", "baseline.json", "design"]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(
        stdout,
        "2 file(s), 2 diagram(s): 0 error(s), 0 warning(s), 0 note(s) (3 baselined)\n"
    );

    // Moving lines and re-indenting keeps the findings baselined; so does `./design`.
    let moved = OVERLAP
        .replacen("flowchart LR\n", "flowchart LR\n  %% a comment\n\n", 1)
        .replace("    subgraph Spoke", "  subgraph Spoke");
    std::fs::write(dir.join("design/net.mmd"), &moved).unwrap();
    let (code, stdout, _) =
        topomaid_in(&dir, &["check", "--baseline", "baseline.json", "./design"]);
    assert_eq!(code, 0, "{stdout}");

    // A new problem is reported, and only it.
    let new_problem = moved.replace(
        "    Users",
        "    subgraph Data[\"Data 10.0.129.0/24\"]\n        Db[(\"PostgreSQL\")]\n    end\n    Api --> Db\n    Users",
    );
    std::fs::write(dir.join("design/net.mmd"), new_problem).unwrap();
    let (code, stdout, _) = topomaid_in(
        &dir,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
            "design",
        ],
    );
    assert_eq!(code, 1, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    for d in diagnostics {
        assert!(
            d["message"].as_str().unwrap().contains("Data"),
            "only the new zone's findings: {d}"
        );
    }
    assert_eq!(json["summary"]["baselined"], 3);

    // The same with the other formats: the baseline filters what each reports.
    let (_, stdout, _) = topomaid_in(
        &dir,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "gitlab",
            "design",
        ],
    );
    let issues: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(issues.as_array().unwrap().len(), diagnostics.len());
}

#[test]
fn a_baseline_entry_absorbs_one_finding_and_fixed_ones_are_noted() {
    let dir = scratch("baseline-count");
    let block = format!("```mermaid\n{OVERLAP}```\n");
    std::fs::write(dir.join("doc.md"), &block).unwrap();
    let (code, _, stderr) = topomaid_in(&dir, &["check", "--write-baseline", "b.json", "."]);
    assert_eq!(code, 0, "{stderr}");

    // Two identical findings, one baselined: one is reported.
    std::fs::write(dir.join("doc.md"), format!("{block}\n{block}")).unwrap();
    let (code, stdout, _) = topomaid_in(&dir, &["check", "--baseline", "b.json", "."]);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(stdout.matches("error[cidr-overlap]").count(), 1, "{stdout}");
    assert!(stdout.contains("--> ./doc.md:"), "{stdout}");
    assert!(
        stdout.ends_with("1 error(s), 0 warning(s), 0 note(s) (1 baselined)\n"),
        "{stdout}"
    );

    // A fixed finding is no longer there: clean, with a note that the baseline can shrink.
    std::fs::write(dir.join("doc.md"), "# nothing\n").unwrap();
    let (code, _, stderr) = topomaid_in(&dir, &["check", "--baseline", "b.json", "."]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("note: 1 baselined finding(s) no longer occur"),
        "{stderr}"
    );
    let (_, stdout, _) = topomaid_in(
        &dir,
        &["check", "--baseline", "b.json", "--format", "json", "."],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["summary"]["baselined"], 0, "present with a baseline");
    let (_, stdout, _) = topomaid_in(&dir, &["check", "--format", "json", "."]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(json["summary"].get("baselined").is_none(), "absent without");
}

#[test]
fn parse_errors_are_never_baselined() {
    let dir = scratch("baseline-syntax");
    std::fs::write(dir.join("bad.mmd"), "flowchart LR\n    A[open\n").unwrap();
    let (code, stdout, stderr) = topomaid_in(&dir, &["check", "--write-baseline", "b.json", "."]);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert!(stdout.contains("bad.mmd:2:"), "{stdout}");
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("b.json")).unwrap()).unwrap();
    assert_eq!(b["findings"], serde_json::json!([]));
    let (code, stdout, _) = topomaid_in(&dir, &["check", "--baseline", "b.json", "."]);
    assert_eq!(code, 2, "{stdout}");
}

#[test]
fn a_wrong_baseline_is_a_usage_error() {
    let dir = scratch("baseline-bad");
    std::fs::write(dir.join("net.mmd"), OVERLAP).unwrap();
    std::fs::write(
        dir.join("b.json"),
        "{\n  \"version\": 1,\n  \"findings\": [1]\n}\n",
    )
    .unwrap();
    let (code, stdout, stderr) = topomaid_in(&dir, &["check", "--baseline", "b.json", "."]);
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.starts_with("error: b.json:3:"), "{stderr}");
    let (code, _, stderr) = topomaid_in(&dir, &["check", "--baseline", "missing.json", "."]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: missing.json: "), "{stderr}");
    let (code, _, stderr) = topomaid_in(
        &dir,
        &[
            "check",
            "--baseline",
            "b.json",
            "--write-baseline",
            "c.json",
            ".",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

/// The fenced blocks of `lang` in a Markdown file.
fn fenced_blocks(markdown: &str, lang: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        match &mut current {
            None if trimmed == format!("```{lang}") => current = Some(String::new()),
            Some(block) if trimmed == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// Every `topomaid …` command in `text`, up to a redirection or a shell operator, as words.
fn topomaid_commands(text: &str) -> Vec<Vec<String>> {
    let mut commands = Vec::new();
    for line in text.lines() {
        let Some(at) = line
            .find("topomaid check")
            .or_else(|| line.find("topomaid completions"))
        else {
            continue;
        };
        let mut words = vec!["topomaid".to_string()];
        for word in line[at..].split_whitespace().skip(1) {
            if [">", "||", "&&", "|", "#"].contains(&word) {
                break;
            }
            words.push(word.trim_matches('"').to_string());
        }
        commands.push(words);
    }
    commands
}

#[test]
fn the_documented_workflows_are_valid_yaml_and_valid_commands() {
    use clap::Parser;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut yaml_blocks = 0;
    let mut commands = 0;
    for page in ["docs/ci.md", "docs/pre-commit.md", "README.md"] {
        let text = std::fs::read_to_string(root.join(page)).unwrap();
        let yaml = fenced_blocks(&text, "yaml");
        for block in &yaml {
            yaml_rust2::YamlLoader::load_from_str(block)
                .unwrap_or_else(|e| panic!("{page}: invalid YAML: {e}\n{block}"));
            yaml_blocks += 1;
        }
        let shell = fenced_blocks(&text, "sh");
        for command in yaml.iter().chain(&shell).flat_map(|b| topomaid_commands(b)) {
            if let Err(e) = topomaid::cli::Cli::try_parse_from(&command) {
                panic!(
                    "{page}: `{}` is not a valid command:\n{e}",
                    command.join(" ")
                );
            }
            commands += 1;
        }
    }
    assert!(yaml_blocks >= 4, "{yaml_blocks} YAML blocks");
    assert!(commands >= 8, "{commands} commands");
}

#[test]
fn the_hooks_file_declares_both_hooks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("valid YAML");
    let hooks = docs[0].as_vec().expect("a list of hooks");
    let field = |h: &yaml_rust2::Yaml, k: &str| h[k].as_str().map(str::to_string);
    let ids: Vec<String> = hooks.iter().filter_map(|h| field(h, "id")).collect();
    assert_eq!(ids, ["topomaid-check", "topomaid-fmt"]);
    let files = regex::Regex::new(&field(&hooks[0], "files").unwrap()).unwrap();
    for hook in hooks {
        assert_eq!(field(hook, "language").as_deref(), Some("rust"));
        assert_eq!(field(hook, "files"), field(&hooks[0], "files"));
        // File names are passed (the default): not switched off.
        assert!(hook["pass_filenames"].as_bool().unwrap_or(true));
    }
    assert_eq!(field(&hooks[0], "entry").as_deref(), Some("topomaid check"));
    assert_eq!(field(&hooks[1], "entry").as_deref(), Some("topomaid fmt"));
    for name in ["a.mmd", "docs/design.md"] {
        assert!(files.is_match(name), "{name}");
    }
    for name in ["a.mmd.bak", "notes.txt", "a.markdown"] {
        assert!(!files.is_match(name), "{name}");
    }
}

/// The fingerprints of every finding of a `.mmd` text, in order.
fn fingerprints_of(text: &str) -> Vec<String> {
    use topomaid::diagnostics::Report;
    let doc = topomaid::input::Document::from_text(
        "design/net.mmd",
        text.to_string(),
        topomaid::input::DocumentKind::Mermaid,
    );
    let config = topomaid::lint::LintConfig::default();
    let mut out = Vec::new();
    for result in topomaid::commands::check::check_document(&doc, &config) {
        if let topomaid::commands::check::DiagramResult::Checked { base, diagnostics } = result {
            for d in &diagnostics {
                let report = Report::from_diagnostic(d);
                out.push(topomaid::ci::fingerprint::of_report(
                    d.rule, &doc.name, &doc.text, base, &report,
                ));
            }
        }
    }
    out
}

proptest! {
    /// Moving a diagram's lines down (blank lines and comments above) and re-indenting them
    /// keeps every finding's fingerprint.
    #[test]
    fn fingerprints_ignore_line_moves_and_indentation(
        above in proptest::collection::vec(prop_oneof![
            Just(String::new()),
            "[a-z ]{0,20}".prop_map(|c| format!("%% {c}")),
        ], 0..6),
        indents in proptest::collection::vec(0usize..8, 9),
    ) {
        let base = fingerprints_of(OVERLAP);
        prop_assert!(!base.is_empty());
        let mut lines: Vec<String> = OVERLAP.lines().map(str::to_string).collect();
        for (line, indent) in lines.iter_mut().skip(1).zip(&indents) {
            *line = format!("{}{}", " ".repeat(*indent), line.trim_start());
        }
        lines.splice(1..1, above);
        let moved = lines.join("\n") + "\n";
        prop_assert_eq!(fingerprints_of(&moved), base);
    }
}

#[test]
fn github_annotations_name_files_relative_to_the_workspace() {
    let dir = scratch("github");
    std::fs::create_dir_all(dir.join("design")).unwrap();
    std::fs::write(dir.join("design/net.mmd"), OVERLAP).unwrap();
    let absolute = dir.join("design/net.mmd");
    for arg in [".", "./design/net.mmd", absolute.to_str().unwrap()] {
        let (code, stdout, _) = topomaid_in(&dir, &["check", "--format", "github", arg]);
        assert_eq!(code, 1);
        assert!(
            stdout.starts_with("::error file=design/net.mmd,line=5,col=32,"),
            "{arg}: {stdout}"
        );
    }
}
