//! `topomaid mdbook`: an mdBook preprocessor that replaces every fenced `mermaid` flowchart
//! in a book with the SVG topomaid draws, and fails the build when a diagram does not parse or
//! has lint findings at or above a configured severity.
//!
//! mdBook runs a preprocessor twice: `topomaid mdbook supports RENDERER` (exit 0 when the
//! renderer is supported), then `topomaid mdbook` with `[context, book]` as JSON on standard
//! input, expecting the book back as JSON on standard output. The book is handled as plain
//! JSON, and only chapter `content` fields are changed, so the shapes of mdBook 0.4
//! (`sections`) and 0.5 (`items`) both pass through untouched otherwise.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{self, Report};
use crate::flowdb::FlowDb;
use crate::input::{self, Document, DocumentKind};
use crate::lint::config_file::{CliOverrides, ConfigResolver};
use crate::lint::{self, Severity};
use crate::pipeline;
use crate::syntax::ParseFailure;
use crate::syntax::ast::Flowchart;

/// Whether the preprocessor supports an mdBook renderer: the SVG is inline HTML, so only the
/// HTML renderer.
pub fn supports(renderer: &str) -> bool {
    renderer == "html"
}

/// When the build fails, from `[preprocessor.topomaid] fail-on = "…"` in `book.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// On a diagram that does not parse, or a finding at or above this severity.
    Severity(Severity),
    /// Only on a diagram that does not parse.
    Never,
}

/// What went wrong with the input as a whole (a diagram's problems are reported, not errors).
#[derive(Debug, thiserror::Error)]
pub enum MdbookError {
    /// The input is not `[context, book]` JSON.
    #[error("the input is not mdBook's preprocessor JSON ([context, book]): {0}")]
    Input(String),
    /// A `book.toml` setting of ours is wrong.
    #[error("book.toml: {0}")]
    Config(String),
    /// A `topomaid.toml` is wrong.
    #[error("{0}")]
    LintConfig(String),
}

/// The result of preprocessing a book.
#[derive(Debug)]
pub struct Outcome {
    /// The book, as JSON, for standard output.
    pub book: String,
    /// The diagnostics, rendered for standard error.
    pub messages: String,
    /// How many diagrams were replaced by a picture.
    pub rendered: usize,
    /// Whether the build must fail.
    pub failed: bool,
}

/// Draws a diagram: the SVG for a parsed flowchart (its syntax tree carries its theme).
pub type Draw<'a> = &'a dyn Fn(&Flowchart, &FlowDb) -> String;

/// Preprocesses mdBook's `[context, book]` JSON.
pub fn preprocess(input: &str, draw: Draw<'_>, color: bool) -> Result<Outcome, MdbookError> {
    let value: Value =
        serde_json::from_str(input).map_err(|e| MdbookError::Input(e.to_string()))?;
    let Value::Array(mut parts) = value else {
        return Err(MdbookError::Input("expected an array".into()));
    };
    if parts.len() != 2 {
        return Err(MdbookError::Input(format!(
            "expected two elements, found {}",
            parts.len()
        )));
    }
    let mut book = parts.pop().unwrap_or(Value::Null);
    let context = parts.pop().unwrap_or(Value::Null);
    let root = context
        .get("root")
        .and_then(Value::as_str)
        .map_or_else(|| PathBuf::from("."), PathBuf::from);
    let settings = context.pointer("/config/preprocessor/topomaid");
    let fail_on = fail_on(settings)?;
    let src = context
        .pointer("/config/book/src")
        .and_then(Value::as_str)
        .unwrap_or("src");
    let mut run = Run {
        src_dir: root.join(src),
        configs: ConfigResolver::new(None, CliOverrides::default())
            .map_err(|e| MdbookError::LintConfig(e.to_string()))?,
        draw,
        color,
        fail_on,
        messages: String::new(),
        rendered: 0,
        failed: false,
    };
    for key in ["items", "sections"] {
        if let Some(Value::Array(items)) = book.get_mut(key) {
            for item in items {
                run.item(item)?;
            }
        }
    }
    Ok(Outcome {
        book: book.to_string(),
        messages: run.messages,
        rendered: run.rendered,
        failed: run.failed,
    })
}

/// Reads `fail-on` from our `book.toml` table.
fn fail_on(settings: Option<&Value>) -> Result<FailOn, MdbookError> {
    let Some(v) = settings.and_then(|s| s.get("fail-on")) else {
        return Ok(FailOn::Severity(Severity::Error));
    };
    match v.as_str() {
        Some("never") => Ok(FailOn::Never),
        Some(s) => Severity::parse(s).map(FailOn::Severity).ok_or_else(|| {
            MdbookError::Config(format!(
                "[preprocessor.topomaid] fail-on = \"{s}\": expected \"error\", \"warning\", \"info\" or \"never\""
            ))
        }),
        None => Err(MdbookError::Config(
            "[preprocessor.topomaid] fail-on must be a string".into(),
        )),
    }
}

/// The state of one preprocessing run.
struct Run<'a> {
    src_dir: PathBuf,
    configs: ConfigResolver,
    draw: Draw<'a>,
    color: bool,
    fail_on: FailOn,
    messages: String,
    rendered: usize,
    failed: bool,
}

impl Run<'_> {
    /// A book item: a chapter (with its sub-items), a separator or a part title.
    fn item(&mut self, item: &mut Value) -> Result<(), MdbookError> {
        let Some(chapter) = item.get_mut("Chapter") else {
            return Ok(());
        };
        let path = chapter
            .get("source_path")
            .or_else(|| chapter.get("path"))
            .and_then(Value::as_str)
            .map(|p| self.src_dir.join(p));
        if let Some(Value::String(content)) = chapter.get_mut("content") {
            let name = path.as_deref().map_or_else(
                || "<chapter>".to_string(),
                |p| p.to_string_lossy().into_owned(),
            );
            if let Some(new) = self.chapter(&name, path.as_deref(), content)? {
                *content = new;
            }
        }
        if let Some(Value::Array(subs)) = chapter.get_mut("sub_items") {
            for sub in subs {
                self.item(sub)?;
            }
        }
        Ok(())
    }

    /// One chapter's Markdown: the text with its flowcharts drawn, when any was.
    fn chapter(
        &mut self,
        name: &str,
        path: Option<&Path>,
        content: &str,
    ) -> Result<Option<String>, MdbookError> {
        let fences = input::markdown_mermaid_fences(content);
        if fences.is_empty() {
            return Ok(None);
        }
        let config = self
            .configs
            .for_file(&path.map_or_else(|| name.to_string(), |p| p.to_string_lossy().into()))
            .map_err(|e| MdbookError::LintConfig(e.to_string()))?;
        let doc = Document::from_text(name, content.to_string(), DocumentKind::Markdown);
        let mut out = String::with_capacity(content.len());
        let mut at = 0;
        // The document's diagrams are the fences' contents, in the same order.
        for (fence, d) in fences.iter().zip(pipeline::read_diagrams(&doc)) {
            let (text, base) = (d.text, d.base);
            let (chart, db) = match d.result {
                Ok(pair) => pair,
                // Other diagram types are left for other tools (mdbook-mermaid), unless the
                // configuration makes them errors.
                Err(ParseFailure::Unsupported { .. })
                    if config.project.other_diagrams == crate::pipeline::OtherDiagrams::Skip =>
                {
                    continue;
                }
                Err(f) => {
                    for e in f.errors() {
                        self.message(&diagnostics::render_error(
                            &doc.name, &doc.text, base, &e, self.color,
                        ));
                    }
                    self.failed = true;
                    continue;
                }
            };
            for d in lint::check(text, &chart, &db, &config) {
                self.message(&diagnostics::render(
                    &doc.name,
                    &doc.text,
                    base,
                    &Report::from_diagnostic(&d),
                    self.color,
                ));
                if let FailOn::Severity(s) = self.fail_on
                    && d.severity >= s
                {
                    self.failed = true;
                }
            }
            out.push_str(&content[at..fence.block.start]);
            out.push_str(&html_block(&(self.draw)(&chart, &db)));
            at = fence.block.end;
            self.rendered += 1;
        }
        out.push_str(&content[at..]);
        Ok(Some(out))
    }

    fn message(&mut self, text: &str) {
        let _ = writeln!(self.messages, "{text}");
    }
}

/// The SVG as a Markdown HTML block: wrapped in a `div`, without blank lines (a blank line
/// would end the HTML block), followed by a blank line.
fn html_block(svg: &str) -> String {
    let mut out = String::with_capacity(svg.len() + 48);
    out.push_str("<div class=\"topomaid-diagram\">\n");
    for line in svg.lines().filter(|l| !l.trim().is_empty()) {
        out.push_str(line);
        out.push('\n');
    }
    out.push_str("</div>\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(_: &Flowchart, db: &FlowDb) -> String {
        format!("<svg>\n\n<!-- {} nodes -->\n</svg>", db.vertices.len())
    }

    fn book(content: &str, settings: &str) -> String {
        format!(
            r#"[{{"root":"/nonexistent-book","config":{{"book":{{"src":"src"}},"preprocessor":{{"topomaid":{settings}}}}},"renderer":"html","mdbook_version":"0.5.4"}},
               {{"items":[{{"Chapter":{{"name":"One","content":{},"number":[1],"sub_items":[
                   {{"Chapter":{{"name":"Sub","content":"no diagram","sub_items":[],"path":"sub.md","source_path":"sub.md","parent_names":["One"]}}}}],
                 "path":"one.md","source_path":"one.md","parent_names":[]}}}}, "Separator", {{"PartTitle":"Part"}}]}}]"#,
            serde_json::to_string(content).unwrap()
        )
    }

    fn chapter_content(out: &Outcome) -> String {
        let v: Value = serde_json::from_str(&out.book).unwrap();
        v.pointer("/items/0/Chapter/content")
            .and_then(Value::as_str)
            .unwrap()
            .to_string()
    }

    #[test]
    fn replaces_flowcharts_and_keeps_everything_else() {
        let md = "# One\n\n```mermaid\ngraph TD\nA-->B\n```\nafter\n\n```mermaid\nsequenceDiagram\nA->>B: hi\n```\n";
        let out = preprocess(&book(md, "{}"), &draw, false).unwrap();
        assert!(!out.failed, "{}", out.messages);
        assert_eq!(out.rendered, 1);
        assert_eq!(
            chapter_content(&out),
            "# One\n\n<div class=\"topomaid-diagram\">\n<svg>\n<!-- 2 nodes -->\n</svg>\n</div>\n\nafter\n\n```mermaid\nsequenceDiagram\nA->>B: hi\n```\n"
        );
        let v: Value = serde_json::from_str(&out.book).unwrap();
        assert_eq!(v["items"][1], "Separator");
        assert_eq!(v["items"][2]["PartTitle"], "Part");
        assert_eq!(
            v.pointer("/items/0/Chapter/sub_items/0/Chapter/content"),
            Some(&Value::from("no diagram"))
        );
    }

    #[test]
    fn a_syntax_error_fails_the_build_and_points_into_the_chapter() {
        let md = "intro\n\n```mermaid\ngraph TD\nA[unclosed --> B\n```\n";
        let out = preprocess(&book(md, "{}"), &draw, false).unwrap();
        assert!(out.failed);
        assert_eq!(out.rendered, 0);
        assert!(
            out.messages.contains("/nonexistent-book/src/one.md:5:"),
            "{}",
            out.messages
        );
        assert_eq!(chapter_content(&out), md);
    }

    #[test]
    fn findings_fail_the_build_at_the_configured_severity() {
        let md = "```mermaid\ngraph TD\nsubgraph A[\"a 10.0.0.0/24\"]\nx\nend\nsubgraph B[\"b 10.0.0.128/25\"]\ny\nend\n```\n";
        let strict = preprocess(&book(md, "{}"), &draw, false).unwrap();
        assert!(strict.failed);
        assert!(
            strict.messages.contains("cidr-overlap"),
            "{}",
            strict.messages
        );
        let lenient = preprocess(&book(md, r#"{"fail-on":"never"}"#), &draw, false).unwrap();
        assert!(!lenient.failed);
        assert_eq!(lenient.rendered, 1);
        assert!(lenient.messages.contains("cidr-overlap"));
    }

    #[test]
    fn mdbook_0_4_sections_are_handled_too() {
        let input =
            book("```mermaid\ngraph LR\nA-->B\n```\n", "{}").replace("\"items\"", "\"sections\"");
        let out = preprocess(&input, &draw, false).unwrap();
        assert_eq!(out.rendered, 1);
        assert!(out.book.contains("\"sections\""));
    }

    #[test]
    fn bad_input_and_settings_are_errors() {
        assert!(matches!(
            preprocess("{}", &draw, false),
            Err(MdbookError::Input(_))
        ));
        assert!(matches!(
            preprocess(&book("", r#"{"fail-on":"sometimes"}"#), &draw, false),
            Err(MdbookError::Config(_))
        ));
    }

    #[test]
    fn supports_only_html() {
        assert!(supports("html"));
        assert!(!supports("markdown"));
    }
}
