//! Hostile and huge input at the command line (issue 18): limits that refuse cleanly, with the
//! place and the way to raise them, instead of an abort.

use std::path::Path;
use std::process::Command;

#[allow(dead_code)]
mod common;

/// Runs `topomaid ARGS` in `dir`: exit code, stdout, stderr.
fn topomaid_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_topomaid"))
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

/// `a0 & … & a{n-1} --> b0 & … & b{n-1}`: n² edges in one line.
fn cross(n: usize) -> String {
    let side = |p: &str| {
        (0..n)
            .map(|i| format!("{p}{i}"))
            .collect::<Vec<_>>()
            .join(" & ")
    };
    format!("graph TD\n{} --> {}\n", side("a"), side("b"))
}

/// 158 KB asking for 100 million edges: every command refuses it at once, at the statement,
/// with exit 2 (it used to abort with exit 134 trying to allocate 15 GB).
#[test]
fn a_hundred_million_edges_are_refused_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cross.mmd"), cross(10_000)).unwrap();
    for command in [
        &["parse", "cross.mmd"][..],
        &["parse", "--format", "json", "cross.mmd"],
        &["check", "cross.mmd"],
        &["fmt", "--check", "cross.mmd"],
        &["render", "cross.mmd", "-o", "cross.svg"],
        &["json", "cross.mmd"],
        &["explain", "cross.mmd"],
    ] {
        let (code, stdout, stderr) = topomaid_in(dir.path(), command);
        let all = format!("{stdout}{stderr}");
        assert_eq!(code, 2, "{command:?}: {all}");
        assert!(
            all.contains(
                "too many edges: this statement makes 100000000 edges, past the limit of 2000000"
            ),
            "{command:?}: {all}"
        );
        if !command.contains(&"json") {
            assert!(all.contains("cross.mmd:2:1"), "{command:?}: {all}");
            assert!(all.contains("--max-edges"), "{command:?}: {all}");
        }
    }
}

/// The limit is raised or lowered with `--max-edges` or `[limits] max-edges` in the
/// `topomaid.toml` of the working directory; the flag wins; a bad value is an error with its
/// place.
#[test]
fn the_edge_limit_comes_from_the_flag_or_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.mmd"), cross(30)).unwrap();
    let parse = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["parse", "c.mmd"]);
        topomaid_in(dir.path(), &all)
    };
    assert_eq!(parse(&[]).0, 0, "900 edges are below the default");
    let (code, _, stderr) = parse(&["--max-edges", "899"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("makes 900 edges, past the limit of 899"),
        "{stderr}"
    );
    assert_eq!(parse(&["--max-edges", "900"]).0, 0);
    assert_eq!(parse(&["--max-edges", "0"]).0, 2, "0 is not a limit");

    std::fs::write(
        dir.path().join("topomaid.toml"),
        "[limits]\nmax-edges = 100\n",
    )
    .unwrap();
    let (code, _, stderr) = parse(&[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("past the limit of 100"), "{stderr}");
    assert_eq!(parse(&["--max-edges", "1000"]).0, 0, "the flag wins");

    std::fs::write(
        dir.path().join("topomaid.toml"),
        "[limits]\nmax-edges = -3\n",
    )
    .unwrap();
    let (code, _, stderr) = parse(&[]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("topomaid.toml:2:13: `max-edges` must be a positive whole number"),
        "{stderr}"
    );
}
