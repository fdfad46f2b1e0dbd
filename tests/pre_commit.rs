//! The pre-commit hooks of `.pre-commit-hooks.yaml`, end to end with the real `pre-commit`
//! (from PyPI): a git repository whose `.pre-commit-config.yaml` points at this checkout
//! refuses a commit of a diagram with overlapping subnets, accepts the fixed diagram, and checks
//! only the staged files.
//!
//! The same Python tools check the hooks file and the configurations that the documentation
//! shows: pre-commit's own `validate-manifest` and `validate-config`, and check-jsonschema
//! with GitHub's and GitLab's published CI schemas for the workflows of docs/ci.md.
//!
//! The tools are looked for in `target/pre-commit-venv` (where `.ci/run` installs
//! `requirements-dev.txt`), then on `PATH`; when they are nowhere, the test installs them into
//! `target/pre-commit-venv` and fails with instructions if it cannot.
//!
//! `language: rust` makes pre-commit `cargo install` this repository in release mode. To keep
//! that cheap, the test turns optimisation off for it, the build directory (`target/pre-commit-test/cargo-target`) and pre-commit's
//! cache (`target/pre-commit-test/home`) persist between runs, and the hook repository is a
//! snapshot commit of the working tree with a fixed date, so that an unchanged tree is the same
//! commit and pre-commit reuses its installed hook.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

const OVERLAPPING: &str = "\
flowchart LR
    subgraph Hub [Hub VNet 10.0.0.0/16]
        Fw[Azure Firewall]
    end
    subgraph Spoke [Spoke VNet 10.0.128.0/17]
        Api[User Service]
    end
    Users[Users] -->|HTTPS:443| Fw --> Api
";

const FIXED: &str = "\
flowchart LR
    subgraph Hub [Hub VNet 10.0.0.0/16]
        Fw[Azure Firewall]
    end
    subgraph Spoke [Spoke VNet 10.1.0.0/16]
        Api[User Service]
    end
    Users[Users] -->|HTTPS:443| Fw --> Api
";

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn work_dir() -> PathBuf {
    manifest_dir().join("target").join("pre-commit-test")
}

/// Everything a command printed, for assertions and failure messages.
fn printed(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A command with the environment of the hooks: no variables `cargo test` set for this crate
/// (they would leak into pre-commit's `cargo install`), pre-commit's cache and the release
/// build kept under `target/pre-commit-test`, and no colour.
fn command(program: impl AsRef<std::ffi::OsStr>, dir: &Path) -> Command {
    let mut c = Command::new(program);
    c.current_dir(dir);
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        let from_cargo_test = key.starts_with("CARGO_PKG_")
            || key.starts_with("CARGO_BIN_")
            || key.starts_with("CARGO_MANIFEST_")
            || key.starts_with("CARGO_CRATE_")
            || matches!(
                key.as_ref(),
                "CARGO_PRIMARY_PACKAGE" | "CARGO_TARGET_TMPDIR" | "CARGO_TARGET_DIR"
            );
        if from_cargo_test || key.starts_with("GIT_") || key.starts_with("PRE_COMMIT") {
            c.env_remove(key.as_ref());
        }
    }
    c.env("PRE_COMMIT_HOME", work_dir().join("home"))
        .env("CARGO_TARGET_DIR", work_dir().join("cargo-target"))
        // The hook's `cargo install` builds without optimisation or link-time inlining: the
        // same program, built in a fraction of the time.
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "topomaid test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "topomaid test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid");
    c
}

/// Runs `c`, panicking with its output when it cannot start.
fn run(c: &mut Command) -> Output {
    c.output()
        .unwrap_or_else(|e| panic!("cannot run {:?}: {e}", c.get_program()))
}

/// Runs `c` and panics with its output unless it succeeds.
fn run_ok(c: &mut Command) -> Output {
    let out = run(c);
    assert!(
        out.status.success(),
        "{:?} {:?} failed:\n{}",
        c.get_program(),
        c.get_args().collect::<Vec<_>>(),
        printed(&out)
    );
    out
}

fn works(program: &Path) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A Python tool of `requirements-dev.txt` (`pre-commit`, `check-jsonschema`): from
/// `target/pre-commit-venv`, else from `PATH`, else installed into `target/pre-commit-venv`.
fn dev_tool(name: &str) -> PathBuf {
    // Tests run in parallel; one installs at a time.
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let venv = manifest_dir().join("target").join("pre-commit-venv");
    let in_venv = venv.join("bin").join(name);
    if works(&in_venv) {
        return in_venv;
    }
    if works(Path::new(name)) {
        return PathBuf::from(name);
    }
    let how = format!(
        "this test needs `{name}` (from PyPI). Install the test tools with\n    \
         python3 -m venv target/pre-commit-venv && target/pre-commit-venv/bin/pip install -r requirements-dev.txt\n\
         (what .ci/run does), or put `{name}` on PATH"
    );
    eprintln!(
        "{name} not found: installing requirements-dev.txt into {}",
        venv.display()
    );
    if !venv.join("bin").join("pip").exists() {
        match Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .output()
        {
            Ok(o) if o.status.success() => {}
            Ok(o) => panic!("`python3 -m venv` failed:\n{}\n{how}", printed(&o)),
            Err(e) => panic!("cannot run python3 ({e}).\n{how}"),
        }
    }
    let pip = Command::new(venv.join("bin").join("pip"))
        .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
        .arg(manifest_dir().join("requirements-dev.txt"))
        .output();
    match pip {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "installing requirements-dev.txt failed:\n{}\n{how}",
            printed(&o)
        ),
        Err(e) => panic!("cannot run pip ({e}).\n{how}"),
    }
    assert!(
        works(&in_venv),
        "{name} was installed but does not run.\n{how}"
    );
    in_venv
}

/// A git repository holding this checkout's working tree (tracked and untracked files, as
/// `.gitignore` allows) in one commit with a fixed date: its path and the commit.
fn hook_repository() -> (PathBuf, String) {
    let repo = work_dir().join("hook-repo");
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(&repo).expect("create the hook repository");
    run_ok(command("git", &repo).args(["init", "--quiet"]));
    let git = |args: &[&str]| {
        let mut c = command("git", &manifest_dir());
        c.env("GIT_DIR", repo.join(".git"))
            .env("GIT_WORK_TREE", manifest_dir())
            .env("GIT_AUTHOR_DATE", "2000-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2000-01-01T00:00:00Z")
            .args(args);
        run_ok(&mut c)
    };
    // Everything git would see, but never an npm install of the tools (large, not needed).
    git(&[
        "add",
        "--all",
        "--",
        ".",
        ":(exclude,glob)**/node_modules/**",
    ]);
    git(&["commit", "--quiet", "--no-verify", "-m", "snapshot"]);
    let rev = git(&["rev-parse", "HEAD"]);
    (
        repo,
        String::from_utf8_lossy(&rev.stdout).trim().to_string(),
    )
}

/// A new repository with a `.pre-commit-config.yaml` using the hook, and the hook installed.
fn project(pre_commit: &Path, hook_repo: &Path, rev: &str) -> PathBuf {
    let dir = work_dir().join("project");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the project");
    run_ok(command("git", &dir).args(["init", "--quiet"]));
    let config = format!(
        "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: topomaid-check\n      - id: topomaid-fmt\n",
        hook_repo.display()
    );
    std::fs::write(dir.join(".pre-commit-config.yaml"), config).expect("write the config");
    run_ok(command(pre_commit, &dir).arg("install"));
    run_ok(command("git", &dir).args(["add", ".pre-commit-config.yaml"]));
    run_ok(command("git", &dir).args(["commit", "--quiet", "--no-verify", "-m", "config"]));
    dir
}

fn commit(dir: &Path, files: &[&str], message: &str) -> Output {
    run_ok(command("git", dir).arg("add").args(files));
    run(command("git", dir).args(["commit", "-m", message]))
}

fn head_subject(dir: &Path) -> String {
    let out = run_ok(command("git", dir).args(["log", "-1", "--format=%s"]));
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn commit_hook_refuses_overlapping_subnets_and_checks_only_staged_files() {
    let started = Instant::now();
    let pre_commit = dev_tool("pre-commit");
    let (hook_repo, rev) = hook_repository();
    let dir = project(&pre_commit, &hook_repo, &rev);

    // A diagram whose spoke lies inside the hub: the commit is refused with the diagnostic.
    std::fs::write(dir.join("net.mmd"), OVERLAPPING).unwrap();
    let out = commit(&dir, &["net.mmd"], "add the network");
    let text = printed(&out);
    eprintln!(
        "first commit (installs the hook) after {:?}",
        started.elapsed()
    );
    assert!(!out.status.success(), "the commit went through:\n{text}");
    assert!(text.contains("topomaid check"), "{text}");
    assert!(text.contains("Failed"), "{text}");
    assert!(text.contains("error[cidr-overlap]"), "{text}");
    assert!(text.contains("--> net.mmd:5:32"), "{text}");
    assert_eq!(head_subject(&dir), "config");

    // The fixed diagram commits.
    std::fs::write(dir.join("net.mmd"), FIXED).unwrap();
    let out = commit(&dir, &["net.mmd"], "add the network");
    let text = printed(&out);
    assert!(
        out.status.success(),
        "the fixed diagram was refused:\n{text}"
    );
    assert!(text.contains("Passed"), "{text}");
    assert_eq!(head_subject(&dir), "add the network");

    // A diagram that is sound but not in the canonical layout: the fmt hook rewrites it and
    // stops the commit; staging the rewritten file lets it through.
    let messy = FIXED
        .replace("    ", "  ")
        .replace("Fw[Azure Firewall]", "Fw[\"Azure Firewall\"]");
    std::fs::write(dir.join("edge.mmd"), &messy).unwrap();
    let out = commit(&dir, &["edge.mmd"], "add the edge network");
    let text = printed(&out);
    assert!(
        !out.status.success(),
        "the unformatted diagram went in:\n{text}"
    );
    assert!(text.contains("topomaid fmt"), "{text}");
    assert!(text.contains("files were modified by this hook"), "{text}");
    assert_eq!(
        std::fs::read_to_string(dir.join("edge.mmd")).unwrap(),
        FIXED
    );
    let out = commit(&dir, &["edge.mmd"], "add the edge network");
    assert!(
        out.status.success(),
        "the formatted diagram was refused:\n{}",
        printed(&out)
    );
    assert_eq!(head_subject(&dir), "add the edge network");

    // A broken diagram that is not staged does not stop an unrelated commit: the hook sees only
    // the staged files, and none of them is a diagram.
    std::fs::write(dir.join("wip.mmd"), OVERLAPPING).unwrap();
    std::fs::write(dir.join("notes.txt"), "unrelated\n").unwrap();
    let out = commit(&dir, &["notes.txt"], "add notes");
    let text = printed(&out);
    assert!(
        out.status.success(),
        "an unrelated commit was refused:\n{text}"
    );
    assert!(text.contains("(no files to check)"), "{text}");
    assert_eq!(head_subject(&dir), "add notes");

    // A valid sequence diagram is no flowchart: both hooks skip it with a note and it commits.
    std::fs::write(
        dir.join("login-sequence.mmd"),
        "sequenceDiagram\n    Alice->>Bob: Hello\n    Bob-->>Alice: Hi\n",
    )
    .unwrap();
    let out = commit(&dir, &["login-sequence.mmd"], "add the login sequence");
    let text = printed(&out);
    assert!(
        out.status.success(),
        "the sequence diagram was refused:\n{text}"
    );
    assert!(
        text.contains("Passed") && !text.contains("Failed"),
        "{text}"
    );
    assert_eq!(head_subject(&dir), "add the login sequence");

    // A staged Markdown file is checked too, and an untracked broken diagram beside it is not.
    std::fs::write(
        dir.join("README.md"),
        format!("# Network\n\n```mermaid\n{FIXED}```\n"),
    )
    .unwrap();
    let out = commit(&dir, &["README.md"], "add the readme");
    let text = printed(&out);
    assert!(out.status.success(), "the readme was refused:\n{text}");
    assert!(text.contains("Passed"), "{text}");
    eprintln!("pre-commit test took {:?}", started.elapsed());
}

/// The fenced ```yaml blocks of a Markdown file.
fn yaml_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```yaml") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// Writes `text` to `name` in a scratch directory and runs `program ARGS FILE` on it.
fn validate(program: &Path, args: &[&str], name: &str, text: &str) {
    let dir = work_dir().join("validate");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    let out = run(command(program, &dir).args(args).arg(&file));
    assert!(
        out.status.success(),
        "{} {args:?} rejects {name}:\n{}\n{text}",
        program.display(),
        printed(&out)
    );
}

#[test]
fn the_hooks_and_the_documented_configurations_are_valid() {
    let pre_commit = dev_tool("pre-commit");
    let schema = dev_tool("check-jsonschema");
    let root = manifest_dir();
    let hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    validate(&pre_commit, &["validate-manifest"], "hooks.yaml", &hooks);

    let mut checked = 0;
    for page in ["docs/pre-commit.md", "README.md", "docs/ci.md"] {
        let text = std::fs::read_to_string(root.join(page)).unwrap();
        for (i, block) in yaml_blocks(&text).iter().enumerate() {
            let name = format!("{}-{i}.yaml", page.replace(['/', '.'], "_"));
            if block.contains("repos:") {
                validate(&pre_commit, &["validate-config"], &name, block);
            } else if block.contains("runs-on:") {
                let args = ["--builtin-schema", "vendor.github-workflows"];
                validate(&schema, &args, &name, block);
            } else if block.contains("artifacts:") {
                validate(
                    &schema,
                    &["--builtin-schema", "vendor.gitlab-ci"],
                    &name,
                    block,
                );
            } else {
                // Fragments (a hook's `args`) are not whole files.
                continue;
            }
            checked += 1;
        }
    }
    assert_eq!(
        checked, 6,
        "pre-commit.md (rust and wheel hooks) and README configs, two workflows, a GitLab job"
    );

    // The checks are not vacuous: a hook without `entry`, a workflow job without `runs-on` and
    // a GitLab job with a misspelt `script` are refused.
    let ci = std::fs::read_to_string(root.join("docs/ci.md")).unwrap();
    let blocks = yaml_blocks(&ci);
    let broken = [
        (
            &pre_commit,
            vec!["validate-manifest"],
            hooks.replace("entry: topomaid check", ""),
        ),
        (
            &schema,
            vec!["--builtin-schema", "vendor.github-workflows"],
            blocks[0].replace("runs-on:", "runs-onn:"),
        ),
        (
            &schema,
            vec!["--builtin-schema", "vendor.gitlab-ci"],
            blocks[1].replace("  script:", "  scriptt:"),
        ),
    ];
    for (i, (program, args, text)) in broken.iter().enumerate() {
        let file = work_dir().join("validate").join(format!("broken-{i}.yaml"));
        std::fs::write(&file, text).unwrap();
        let out = run(command(program, &root).args(args).arg(&file));
        assert!(!out.status.success(), "{args:?} accepted:\n{text}");
    }
}

/// The release workflow and the composite action are valid against GitHub's schemas (the ones
/// check-jsonschema carries, so no network is needed), and the check is not vacuous.
#[test]
fn the_release_workflow_and_the_action_are_valid() {
    let schema = dev_tool("check-jsonschema");
    let root = manifest_dir();
    let workflow = std::fs::read_to_string(root.join(".github/workflows/release.yml")).unwrap();
    let action = std::fs::read_to_string(root.join("action.yml")).unwrap();
    let workflows = ["--builtin-schema", "vendor.github-workflows"];
    let actions = ["--builtin-schema", "vendor.github-actions"];
    validate(&schema, &workflows, "release.yml", &workflow);
    validate(&schema, &actions, "action.yml", &action);
    assert!(
        action.contains("topomaid check --format github"),
        "{action}"
    );
    for (args, text) in [
        (workflows, workflow.replace("runs-on:", "runs-onn:")),
        (
            actions,
            action.replace("using: composite", "using: compositee"),
        ),
    ] {
        let file = work_dir().join("validate").join("broken-release.yaml");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, &text).unwrap();
        let out = run(command(&schema, &root).args(args).arg(&file));
        assert!(!out.status.success(), "{args:?} accepted:\n{text}");
    }
}

/// The wheel of pyproject.toml (maturin, `bindings = "bin"`) carries the binary: built, installed
/// into a fresh virtual environment, it runs as a `language: python` pre-commit hook that
/// refuses a bad diagram and passes a good one. Slow (a build of the binary without
/// optimisation, about as long as the test suite's own); it runs in CI like the others.
#[test]
fn the_wheel_runs_as_a_python_pre_commit_hook() {
    let pre_commit = dev_tool("pre-commit");
    let maturin = dev_tool("maturin");
    let wheels = work_dir().join("wheels");
    let _ = std::fs::remove_dir_all(&wheels);
    // Optimisation off and the build directory of the `language: rust` hook test reused (the
    // same profile): the same program, built in a fraction of the time.
    run_ok(
        command(&maturin, &manifest_dir())
            .args(["build", "--release", "--locked", "--out"])
            .arg(&wheels),
    );
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .expect("a wheel");
    // A fresh venv with the wheel: the binary is on its PATH.
    let venv = work_dir().join("wheel-venv");
    let _ = std::fs::remove_dir_all(&venv);
    run_ok(
        command("python3", &manifest_dir())
            .args(["-m", "venv"])
            .arg(&venv),
    );
    run_ok(
        command(venv.join("bin").join("pip"), &manifest_dir())
            .args([
                "install",
                "--quiet",
                "--no-index",
                "--disable-pip-version-check",
            ])
            .arg(&wheel),
    );
    let out = run_ok(command(venv.join("bin").join("topomaid"), &manifest_dir()).arg("--version"));
    assert!(printed(&out).starts_with("topomaid "), "{}", printed(&out));
    // A project whose hook installs the wheel with `language: python`.
    let dir = work_dir().join("wheel-project");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    run_ok(command("git", &dir).args(["init", "--quiet"]));
    let config = format!(
        "repos:\n  - repo: local\n    hooks:\n      - id: topomaid-check\n        name: topomaid check\n        entry: topomaid check\n        language: python\n        additional_dependencies: [\"{}\"]\n        files: \\.(mmd|md)$\n",
        wheel.display()
    );
    std::fs::write(dir.join(".pre-commit-config.yaml"), config).unwrap();
    run_ok(command(&pre_commit, &dir).arg("install"));
    run_ok(command("git", &dir).args(["add", ".pre-commit-config.yaml"]));
    run_ok(command("git", &dir).args(["commit", "--quiet", "--no-verify", "-m", "config"]));
    std::fs::write(dir.join("net.mmd"), OVERLAPPING).unwrap();
    let out = commit(&dir, &["net.mmd"], "add the network");
    let text = printed(&out);
    assert!(!out.status.success(), "the bad diagram went in:\n{text}");
    assert!(text.contains("error[cidr-overlap]"), "{text}");
    std::fs::write(dir.join("net.mmd"), FIXED).unwrap();
    let out = commit(&dir, &["net.mmd"], "add the network");
    let text = printed(&out);
    assert!(
        out.status.success(),
        "the good diagram was refused:\n{text}"
    );
    assert_eq!(head_subject(&dir), "add the network");
}
