//! The doc-site build end to end: `topomaid render DIR --out OUT [--markdown]`, and
//! `topomaid mdbook` speaking mdBook's preprocessor protocol, fed the JSON that mdBook 0.5.4
//! wrote for the book in fixtures/mdbook/book (captured from a real `mdbook build`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

mod common;
use common::{topomaid, transcript};

const BOOK: &str = "fixtures/mdbook/book";

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh directory under target/ for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = manifest().join("target").join("doc-site-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// mdBook's input for the fixture book, with `root` pointing at it.
fn mdbook_input() -> String {
    let text = std::fs::read_to_string(manifest().join("fixtures/mdbook/mdbook-0.5.4-input.json"))
        .unwrap();
    let root = manifest().join(BOOK);
    text.replace("@ROOT@", &root.to_string_lossy())
}

/// Runs `topomaid mdbook` with `input` on standard input: exit code, stdout, stderr.
fn mdbook(input: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_topomaid"))
        .arg("mdbook")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn chapter<'a>(book: &'a Value, name: &str) -> &'a Value {
    fn find<'a>(items: &'a [Value], name: &str) -> Option<&'a Value> {
        items.iter().find_map(|item| {
            let ch = item.get("Chapter")?;
            if ch["name"] == name {
                Some(ch)
            } else {
                find(ch["sub_items"].as_array()?, name)
            }
        })
    }
    find(book["items"].as_array().unwrap(), name).unwrap()
}

#[test]
fn mdbook_answers_supports() {
    assert_eq!(topomaid(&["mdbook", "supports", "html"]).0, 0);
    assert_eq!(topomaid(&["mdbook", "supports", "latex"]).0, 1);
}

#[test]
fn mdbook_draws_flowcharts_and_leaves_the_rest() {
    let input = mdbook_input();
    let (code, stdout, stderr) = mdbook(&input);
    assert_eq!(code, 0, "{stderr}");
    let book: Value = serde_json::from_str(&stdout).expect("the book comes back as JSON");
    let before: Value = serde_json::from_str(&input).unwrap();
    let network = chapter(&book, "Production network")["content"]
        .as_str()
        .unwrap();
    assert!(network.starts_with("# Production network\n\nThe hub holds"));
    assert!(network.contains("<div class=\"topomaid-diagram\">\n<svg"));
    assert!(!network.contains("```mermaid"));
    assert!(network.ends_with("Every request enters through the Application Gateway.\n"));
    let svg_start = network.find("<svg").unwrap();
    let svg_end = network.find("</svg>").unwrap() + "</svg>".len();
    roxmltree::Document::parse(&network[svg_start..svg_end]).expect("the SVG is well-formed");
    // The sequence diagram, the introduction and the part title are untouched.
    assert_eq!(
        chapter(&book, "Request flow"),
        chapter(&before[1], "Request flow")
    );
    assert_eq!(
        chapter(&book, "Introduction"),
        chapter(&before[1], "Introduction")
    );
    assert_eq!(book["items"][1], before[1]["items"][1]);
}

#[test]
fn mdbook_fails_the_build_on_a_finding() {
    let input = mdbook_input().replace("Spoke VNet 10.1.0.0/16", "Spoke VNet 10.0.128.0/17");
    let (code, stdout, stderr) = mdbook(&input);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("error[cidr-overlap]"), "{stderr}");
    assert!(
        stderr.contains("fixtures/mdbook/book/src/design/network.md:13:"),
        "{stderr}"
    );
    // With `fail-on = "never"` the findings are shown and the book is built.
    let lenient = input.replace("\"fail-on\": \"error\"", "\"fail-on\": \"never\"");
    let (code, stdout, stderr) = mdbook(&lenient);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("error[cidr-overlap]"));
    assert!(stdout.contains("topomaid-diagram"));
}

#[test]
fn mdbook_rejects_input_that_is_not_the_protocol() {
    let (code, _, stderr) = mdbook("{\"not\": \"a book\"}");
    assert_eq!(code, 2);
    assert!(stderr.contains("mdBook's preprocessor JSON"), "{stderr}");
}

#[test]
fn render_a_directory_into_a_site() {
    let out = scratch("site");
    let (code, _, stderr) = topomaid(&[
        "render",
        &format!("{BOOK}/src"),
        "--out",
        &out.to_string_lossy(),
        "--markdown",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("1 picture(s), 4 Markdown file(s)"),
        "{stderr}"
    );
    let svg = std::fs::read_to_string(out.join("design/network-1.svg")).unwrap();
    roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let copy = std::fs::read_to_string(out.join("design/network.md")).unwrap();
    assert!(copy.contains("\n![Diagram 1 of design/network.md](network-1.svg)\n"));
    assert!(!copy.contains("flowchart TB"));
    // A file without flowcharts is copied as it is.
    assert_eq!(
        std::fs::read_to_string(out.join("design/flow.md")).unwrap(),
        std::fs::read_to_string(Path::new(BOOK).join("src/design/flow.md")).unwrap()
    );
}

#[test]
fn render_a_directory_of_mmd_files_keeps_their_names() {
    let out = scratch("diagrams");
    let (code, _, stderr) = topomaid(&["render", "diagrams", "-o", &out.to_string_lossy()]);
    assert_eq!(code, 0, "{stderr}");
    for entry in std::fs::read_dir("diagrams").unwrap() {
        let path = entry.unwrap().path();
        let svg = out.join(path.with_extension("svg").file_name().unwrap());
        assert!(svg.is_file(), "{} missing", svg.display());
    }
}

#[test]
fn render_a_directory_needs_an_output_directory() {
    insta::assert_snapshot!(transcript(&["render", "diagrams"]));
}
