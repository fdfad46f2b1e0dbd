//! `topomaid fmt` as a user runs it: snapshots of the formatted corpus, transcripts of
//! `--check` and `--diff`, and the promise that nothing is lost: files that do not parse, are
//! read-only or sit in a read-only directory are left byte for byte as they were, CRLF stays
//! CRLF, a file already formatted is not touched, Markdown outside the diagrams is unchanged.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use common::transcript;
use topomaid::fmt::format_diagram;
use topomaid::input::markdown_mermaid_blocks;

/// Runs `topomaid ARGS` in `dir` with `stdin`: exit code, stdout, stderr.
fn run_in(dir: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_topomaid"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("topomaid runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("stdin written");
    let out = child.wait_with_output().expect("topomaid finishes");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn fixture(path: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect("fixture")
}

/// A temporary directory holding `name` with `contents`.
fn dir_with(name: &str, contents: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    fs::write(&path, contents).expect("written");
    (dir, path)
}

#[test]
fn corpus_files_formatted() {
    insta::glob!("../fixtures/corpus", "**/*.mmd", |path| {
        let text = fs::read_to_string(path).expect("corpus file");
        let out = format_diagram(&text).unwrap_or_else(|e| format!("not formatted: {e:?}\n"));
        insta::assert_snapshot!(out);
    });
}

#[test]
fn syntax_and_fmt_fixtures_formatted() {
    for path in ["fixtures/syntax/features.mmd", "fixtures/fmt/messy.mmd"] {
        let out = format_diagram(&fixture(path)).expect("formats");
        let name = Path::new(path)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(name, out);
    }
}

#[test]
fn check_shows_a_diff_and_exits_1() {
    insta::assert_snapshot!(transcript(&["fmt", "--check", "fixtures/fmt/messy.mmd"]));
}

#[test]
fn diff_shows_the_diff_and_writes_nothing() {
    let before = fixture("fixtures/fmt/doc.md");
    insta::assert_snapshot!(transcript(&["fmt", "--diff", "fixtures/fmt/doc.md"]));
    assert_eq!(fixture("fixtures/fmt/doc.md"), before);
}

#[test]
fn check_passes_on_formatted_files() {
    let formatted = format_diagram(&fixture("fixtures/fmt/messy.mmd")).unwrap();
    let (dir, _) = dir_with("ok.mmd", &formatted);
    assert_eq!(
        run_in(dir.path(), &["fmt", "--check", "."], ""),
        (
            0,
            String::new(),
            "0 files would be reformatted, 1 file already formatted\n".to_string()
        )
    );
}

#[test]
fn stdin_is_formatted_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run_in(dir.path(), &["fmt", "-"], "graph TD\nA-->B;B-->C\n");
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(out, "graph TD\n    A --> B\n    B --> C\n");
    let md = "# T\n```mermaid\ngraph TD\nA-->B\n```\n";
    let (code, out, _) = run_in(dir.path(), &["fmt", "--stdin-markdown", "-"], md);
    assert_eq!(
        (code, out.as_str()),
        (0, "# T\n```mermaid\ngraph TD\n    A --> B\n```\n")
    );
    let (code, out, _) = run_in(dir.path(), &["fmt", "--check", "-"], "graph TD\nA-->B\n");
    assert_eq!(code, 1);
    assert!(out.contains("+    A --> B"), "{out}");
}

#[test]
fn files_and_directories_are_rewritten_in_place() {
    let messy = fixture("fixtures/fmt/messy.mmd");
    let (dir, path) = dir_with("messy.mmd", &messy);
    fs::create_dir(dir.path().join("sub")).unwrap();
    let md = dir.path().join("sub/doc.md");
    fs::write(&md, fixture("fixtures/fmt/doc.md")).unwrap();
    let (code, out, err) = run_in(dir.path(), &["fmt", "."], "");
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (0, "", "2 files reformatted, 0 files left unchanged\n")
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        format_diagram(&messy).unwrap()
    );
    assert!(
        fs::read_to_string(&md)
            .unwrap()
            .contains("    B -->|\"to C\"| C\n")
    );
    assert_eq!(run_in(dir.path(), &["fmt", "--check", "."], "").0, 0);
}

#[test]
fn a_file_that_does_not_parse_is_left_untouched_with_the_error() {
    let bad = fixture("fixtures/bad/missing-end.mmd");
    let (dir, path) = dir_with("bad.mmd", &bad);
    let (good_dir, good) = dir_with("good.mmd", "graph TD\nA-->B\n");
    let (code, _, err) = run_in(dir.path(), &["fmt", "bad.mmd", good.to_str().unwrap()], "");
    assert_eq!(code, 2);
    insta::assert_snapshot!(err);
    assert_eq!(fs::read(&path).unwrap(), bad.as_bytes());
    assert_eq!(
        fs::read_to_string(&good).unwrap(),
        "graph TD\n    A --> B\n",
        "other files are still formatted"
    );
    drop(good_dir);
}

/// Whether this process may write into `dir` despite its permission bits (as root may).
fn writes_despite_permissions(dir: &Path) -> bool {
    let probe = dir.join(".probe");
    let ok = fs::write(&probe, "").is_ok();
    let _ = fs::remove_file(&probe);
    ok
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_refused_and_kept() {
    use std::os::unix::fs::PermissionsExt;
    let messy = fixture("fixtures/fmt/messy.mmd");
    let (dir, path) = dir_with("ro.mmd", &messy);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let (code, out, err) = run_in(dir.path(), &["fmt", "ro.mmd"], "");
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(
        err,
        "error: ro.mmd: cannot write the formatted file: the file is read-only; it is left as it was\n\
         0 files reformatted, 0 files left unchanged, 1 file could not be formatted\n"
    );
    assert_eq!(fs::read(&path).unwrap(), messy.as_bytes());
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

/// As root the system lets anyone write into a read-only directory, so this test would prove
/// nothing if topomaid relied on the system alone; it does not (it refuses a directory without
/// write permission bits), and the test checks the same outcome for every user. The note says
/// which case ran.
#[cfg(unix)]
#[test]
fn a_file_in_a_read_only_directory_is_refused_and_kept() {
    use std::os::unix::fs::PermissionsExt;
    let messy = fixture("fixtures/fmt/messy.mmd");
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).unwrap();
    let path = ro.join("a.mmd");
    fs::write(&path, &messy).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    let privileged = writes_despite_permissions(&ro);
    eprintln!(
        "note: this process {} write into a read-only directory",
        if privileged { "can (root)" } else { "cannot" }
    );
    let (code, _, err) = run_in(dir.path(), &["fmt", "ro/a.mmd"], "");
    let listing: Vec<_> = fs::read_dir(&ro)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("error: ro/a.mmd: cannot write the formatted file: "),
        "{err}"
    );
    assert!(
        err.ends_with(
            "; it is left as it was\n0 files reformatted, 0 files left unchanged, 1 file could not be formatted\n"
        ),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), messy.as_bytes());
    assert_eq!(listing, ["a.mmd"], "no temporary file is left behind");
}

#[test]
fn crlf_files_stay_crlf() {
    let messy = fixture("fixtures/fmt/messy.mmd").replace('\n', "\r\n");
    let (dir, path) = dir_with("crlf.mmd", &messy);
    assert_eq!(run_in(dir.path(), &["fmt", "crlf.mmd"], "").0, 0);
    let out = fs::read_to_string(&path).unwrap();
    assert_eq!(out, format_diagram(&messy).unwrap().replace('\n', "\r\n"));
    assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
}

#[test]
fn a_formatted_file_is_not_touched() {
    let formatted = format_diagram(&fixture("fixtures/fmt/messy.mmd")).unwrap();
    let (dir, path) = dir_with("done.mmd", &formatted);
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(946_684_800);
    fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert_eq!(run_in(dir.path(), &["fmt", "done.mmd"], "").0, 0);
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), old);
}

#[test]
fn markdown_outside_the_diagrams_is_byte_identical() {
    let md = fixture("fixtures/fmt/doc.md");
    let (dir, path) = dir_with("doc.md", &md);
    assert_eq!(run_in(dir.path(), &["fmt", "doc.md"], "").0, 0);
    let out = fs::read_to_string(&path).unwrap();
    assert_ne!(out, md);
    let outside = |text: &str| -> Vec<String> {
        let mut parts = Vec::new();
        let mut at = 0;
        for r in markdown_mermaid_blocks(text) {
            parts.push(text[at..r.start].to_string());
            at = r.end;
        }
        parts.push(text[at..].to_string());
        parts
    };
    assert_eq!(outside(&out), outside(&md));
    assert!(out.contains("sequenceDiagram\n    A->>B: left as it is\n"));
}

#[test]
fn a_diagram_the_formatter_cannot_keep_the_same_is_left_untouched() {
    // `direction; TB` is two nodes; on two lines it would be a `direction TB` statement.
    let text = "graph TD\n    direction; TB\n";
    let (dir, path) = dir_with("dir.mmd", text);
    let (code, out, err) = run_in(dir.path(), &["fmt", "dir.mmd"], "");
    assert_eq!((code, out.as_str()), (2, ""));
    insta::assert_snapshot!(err);
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
}

/// `fmt` keeps the author's quotes by default (`LB["🔀 LoadBalancer"]` stays quoted);
/// `[format] quote-style` in `topomaid.toml` picks `minimal` or `always`, and a wrong value is
/// an error naming the file and position.
#[test]
fn quote_style_from_the_configuration() {
    let src = "flowchart LR\n    LB[\"🔀 LoadBalancer\"] --> Api[API server]\n";
    let (dir, path) = dir_with("net.mmd", src);
    let (code, _, err) = run_in(dir.path(), &["fmt", "--check", "."], "");
    assert_eq!(
        (code, err.as_str()),
        (
            0,
            "0 files would be reformatted, 1 file already formatted\n"
        )
    );
    for (style, expected) in [
        (
            "minimal",
            "flowchart LR\n    LB[🔀 LoadBalancer] --> Api[API server]\n",
        ),
        (
            "always",
            "flowchart LR\n    LB[\"🔀 LoadBalancer\"] --> Api[\"API server\"]\n",
        ),
    ] {
        fs::write(&path, src).unwrap();
        fs::write(
            dir.path().join("topomaid.toml"),
            format!("[format]\nquote-style = \"{style}\"\n"),
        )
        .unwrap();
        let (code, _, err) = run_in(dir.path(), &["fmt", "net.mmd"], "");
        assert_eq!(
            (code, err.as_str()),
            (0, "1 file reformatted, 0 files left unchanged\n"),
            "{style}"
        );
        assert_eq!(fs::read_to_string(&path).unwrap(), expected, "{style}");
    }
    fs::write(
        dir.path().join("topomaid.toml"),
        "[format]\nquote-style = \"sometimes\"\n",
    )
    .unwrap();
    let (code, _, err) = run_in(dir.path(), &["fmt", "net.mmd"], "");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.starts_with("error: topomaid.toml:2:15: no quote style `sometimes`"),
        "{err}"
    );
}
