//! `topomaid drift` over its fixtures: under `fixtures/drift/hand/<case>/`, the diagrams
//! `fires-<rule>*.mmd` must trigger the rule and `ok*.mmd` must not (`ok-<rule>.mmd` that rule,
//! `ok.mmd` any drift rule), compared with the infrastructure in `infra/`; every case's
//! findings are an insta snapshot. The real pairs (kept outside the repository, see
//! `fixtures/drift/external.md`) are snapshots too when present, and every `drift-*` rule's documented example fires against the `hcl` block of its
//! page while its fix does not.

use std::path::Path;

use topomaid::drift::{self, Against};
use topomaid::flowdb::FlowDb;
use topomaid::lint::{self, Diagnostic, LintConfig};
use topomaid::source::LineIndex;
use topomaid::syntax;

fn check(text: &str, inv: &drift::Inventory) -> Vec<Diagnostic> {
    let chart = syntax::parse(text).expect("fixture parses");
    let db = FlowDb::build(&chart).expect("fixture builds");
    let config = LintConfig {
        select: Some(
            lint::registry()
                .iter()
                .map(|r| r.meta().id.to_string())
                .filter(|id| id.starts_with("drift-"))
                .collect(),
        ),
        ..LintConfig::default()
    };
    lint::check_owned_against(text, &chart, db, &config, Some(inv))
}

fn render(text: &str, diagnostics: &[Diagnostic], root: &Path) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let lc = index.line_col(text, d.span.start as usize);
        out.push_str(&format!(
            "{}:{} {} {}: {}\n",
            lc.line, lc.column, d.severity, d.rule, d.message
        ));
        for r in &d.related {
            if let Some(l) = &r.location {
                let p = Path::new(&l.path);
                let shown = p
                    .strip_prefix(root)
                    .unwrap_or(p)
                    .display()
                    .to_string()
                    .replace('\\', "/");
                out.push_str(&format!(
                    "    {shown}:{}:{}: {}\n",
                    l.line, l.column, r.message
                ));
            }
        }
    }
    if out.is_empty() {
        out.push_str("(no findings)\n");
    }
    out
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn hand_made_pairs() {
    let dir = root().join("fixtures/drift/hand");
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    let mut seen_fires = std::collections::BTreeSet::new();
    let mut seen_ok = std::collections::BTreeSet::new();
    for case in cases {
        let inv = drift::load(&Against {
            paths: vec![case.join("infra")],
            var_files: Vec::new(),
        })
        .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
        assert!(
            inv.unknowns.is_empty(),
            "{}: {:?}",
            case.display(),
            inv.unknowns
        );
        let mut files: Vec<_> = std::fs::read_dir(&case)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "mmd"))
            .collect();
        files.sort();
        for f in files {
            let name = f.file_stem().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&f).unwrap();
            let d = check(&text, &inv);
            if let Some(rule) = name.strip_prefix("fires-") {
                let rule = rule.split('.').next().unwrap();
                assert!(lint::rule(rule).is_some(), "{name}: no rule `{rule}`");
                assert!(
                    d.iter().any(|x| x.rule == rule),
                    "{} should trigger `{rule}`",
                    f.display()
                );
                seen_fires.insert(rule.to_string());
            } else if let Some(rule) = name.strip_prefix("ok-") {
                assert!(
                    !d.iter().any(|x| x.rule == rule),
                    "{} must not trigger `{rule}`",
                    f.display()
                );
                seen_ok.insert(rule.to_string());
            } else {
                assert!(
                    name.starts_with("ok"),
                    "{name}: name it fires-RULE.mmd or ok*.mmd"
                );
                assert!(
                    d.is_empty(),
                    "{} must not trigger any drift rule: {d:?}",
                    f.display()
                );
                for r in lint::registry()
                    .iter()
                    .map(|r| r.meta().id)
                    .filter(|i| i.starts_with("drift-"))
                {
                    seen_ok.insert(r.to_string());
                }
            }
            let case_name = case.file_name().unwrap().to_string_lossy().into_owned();
            insta::assert_snapshot!(format!("{case_name}__{name}"), render(&text, &d, &case));
        }
    }
    for r in lint::registry()
        .iter()
        .map(|r| r.meta().id)
        .filter(|i| i.starts_with("drift-"))
    {
        assert!(seen_fires.contains(r), "`{r}` has no fires fixture");
        assert!(seen_ok.contains(r), "`{r}` has no ok fixture");
    }
}

/// The block after `heading` fenced as `lang`, with the doc comment's leading space removed.
fn block(doc: &str, heading: &str, lang: &str) -> Option<String> {
    let after = &doc[doc.find(heading)? + heading.len()..];
    let section = &after[..after.find("\n## ").unwrap_or(after.len())];
    let fence = format!("```{lang}\n");
    let start = section.find(&fence)? + fence.len();
    let end = start + section[start..].find("```")?;
    Some(
        section[start..end]
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

#[test]
fn documented_examples_behave_as_documented() {
    for rule in lint::registry()
        .iter()
        .filter(|r| r.meta().id.starts_with("drift-"))
    {
        let meta = rule.meta();
        let infra = block(meta.doc, "## Example", "hcl").expect("an hcl block");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), infra).unwrap();
        let inv = drift::load(&Against {
            paths: vec![dir.path().to_path_buf()],
            var_files: Vec::new(),
        })
        .unwrap();
        let example = block(meta.doc, "## Example", "mermaid").unwrap();
        let fixed = block(meta.doc, "## Use instead", "mermaid").unwrap();
        assert!(
            check(&example, &inv).iter().any(|d| d.rule == meta.id),
            "`{}`'s example does not trigger it",
            meta.id
        );
        assert!(
            !check(&fixed, &inv).iter().any(|d| d.rule == meta.id),
            "`{}`'s fix still triggers it",
            meta.id
        );
    }
}

/// Compares each real pair under `real` (`(case, diagram, infrastructure, var file)`, paths
/// relative to the case's directory) and snapshots its findings as `real__<case>`.
fn real_cases(real: &Path, cases: &[(&str, &str, &str, Option<&str>)]) {
    for (case, diagram, infra, var_file) in cases {
        let dir = real.join(case);
        let inv = drift::load(&Against {
            paths: vec![dir.join(infra)],
            var_files: var_file.iter().map(|v| dir.join(v)).collect(),
        })
        .unwrap_or_else(|e| panic!("{case}: {e}"));
        let doc = topomaid::input::read_document(&dir.join(diagram).display().to_string()).unwrap();
        let mut out = String::new();
        for d in topomaid::pipeline::read_diagrams(&doc, topomaid::target::MermaidTarget::default())
        {
            if d.result.is_err() {
                continue; // a sequence diagram beside the flowchart
            }
            let text = d.text;
            let found = check(text, &inv);
            out.push_str(&render(text, &found, &dir));
            // The pairings too, so that a clean result cannot hide a matching that went wrong.
            let chart = syntax::parse(text).unwrap();
            let db = FlowDb::build(&chart).unwrap();
            let model = lint::model(text, &chart, &db, &LintConfig::default());
            let c = drift::compare(&model, &inv);
            if !c.draws_network {
                out.push_str("  draws no part of the network\n");
            }
            for p in &c.pairings {
                out.push_str(&format!(
                    "  `{}` <-> `{}`: {}\n",
                    p.diagram_id, p.resource, p.why
                ));
            }
        }
        for u in &inv.unknowns {
            out.push_str(&format!("unknown: {}: {}\n", u.what, u.why));
        }
        insta::assert_snapshot!(format!("real__{case}"), out);
    }
}

/// The real pairs kept outside the repository (their repositories state no licence, so their
/// files are not committed): `fixtures/drift/external.md` lists each file with its repository
/// and commit, and docs/drift.md judges every finding. They are read from `$TOPOMAID_DRIFT_REAL`,
/// by default `../drift-real` beside the checkout; run by hand with
/// `cargo test --test drift external_real_pairs -- --ignored` (fails when they are absent).
#[test]
#[ignore]
fn external_real_pairs() {
    let real = std::env::var_os("TOPOMAID_DRIFT_REAL")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root().join("../drift-real"));
    assert!(
        real.is_dir(),
        "{}: no copies of the external real pairs (see fixtures/drift/external.md)",
        real.display()
    );
    real_cases(
        &real,
        &[
            (
                "inamuu-terraform-modules",
                "simple_network/README.md",
                "simple_network",
                None,
            ),
            (
                "satya-aws-iac-iaac-poc",
                "docs/infrastructure-diagram.md",
                "terraform",
                Some("terraform/dev/terraform.tfvars"),
            ),
            ("w98935977-azure-tf-rebuild", "README.md", ".", None),
            (
                "grandemeks-eks-platform",
                "README.md",
                "terraform/envs/dev",
                None,
            ),
            (
                "sattva-improve-auto_deploy",
                "docs/guides/aws-ecs-deployment.md",
                "aws/cloudformation/ecs-fargate.yaml",
                None,
            ),
        ],
    );
}

/// `drift` skips files as `check` does: the `exclude` globs of `topomaid.toml`, which
/// `--exclude` replaces and `--extend-exclude` adds to.
#[test]
fn drift_skips_excluded_files() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path();
    let hand = root().join("fixtures/drift/hand/tf");
    std::fs::create_dir_all(at.join("legacy")).unwrap();
    std::fs::create_dir_all(at.join("design")).unwrap();
    std::fs::copy(hand.join("fires-drift-cidr.mmd"), at.join("legacy/old.mmd")).unwrap();
    std::fs::copy(hand.join("ok.mmd"), at.join("design/net.mmd")).unwrap();
    std::fs::write(at.join("topomaid.toml"), "exclude = [\"legacy\"]\n").unwrap();
    let infra = hand.join("infra").display().to_string();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_topomaid"))
            .arg("drift")
            .args(args)
            .args([".", "--against", infra.as_str()])
            .current_dir(at)
            .env("NO_COLOR", "1")
            .output()
            .expect("topomaid runs");
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, out) = run(&[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("1 file(s), 1 diagram(s): 0 error(s)"), "{out}");
    let (code, out) = run(&["--exclude", "design"]);
    assert_eq!(code, 1, "legacy/ is compared again: {out}");
    assert!(out.contains("drift-cidr"), "{out}");
    let (code, out) = run(&["--extend-exclude", "design"]);
    assert_eq!((code, out.contains("0 file(s)")), (0, true), "{out}");
    let (code, _) = run(&["--exclude", "a["]);
    assert_eq!(code, 2, "an invalid glob is an error");
}
