//! `topomaid render DIR… --out OUT`: the doc-site build. Every `.mmd` file and every fenced
//! mermaid flowchart in the Markdown under each directory becomes an SVG under `OUT`, at the
//! same relative path and with a stable name; `--markdown` also writes a copy of each Markdown
//! file beside its pictures, each drawn block replaced by an image reference.
//!
//! Names: `dir/net.mmd` → `OUT/dir/net.svg`; the k-th mermaid block of `dir/doc.md` →
//! `OUT/dir/doc-k.svg` (k counts every mermaid block from 1, so a name does not change when
//! another block of the file changes or fails).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostics;
use crate::input::{self, Document, DocumentKind};
use crate::lint::config_file::ConfigResolver;
use crate::pipeline::{self, OtherDiagrams};
use crate::render::{self, Options};
use crate::report::{Excludes, RenderFormat as Format, skipped_note, write_atomic};
use crate::syntax::ParseFailure;

/// What a site build did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SiteSummary {
    /// Pictures written.
    pub pictures: usize,
    /// Markdown copies written.
    pub markdown: usize,
    /// Inputs or diagrams that could not be read, parsed or written.
    pub errors: usize,
}

/// Renders every diagram under `roots` into `out`. Errors are printed as they happen; the
/// summary says how many there were.
pub fn build(
    roots: &[String],
    excludes: &Excludes,
    out: &Path,
    format: Format,
    markdown: bool,
    color: bool,
    options: &Options,
) -> SiteSummary {
    let job = Job {
        format,
        markdown,
        color,
        options,
    };
    let mut summary = SiteSummary::default();
    let mut configs = match ConfigResolver::new(None, Default::default()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            summary.errors += 1;
            return summary;
        }
    };
    for root in roots {
        let files = match crate::report::collect_files(std::slice::from_ref(root)) {
            Ok(f) => excludes.filter(f, &mut configs),
            Err(e) => {
                eprintln!("error: {e}");
                summary.errors += 1;
                continue;
            }
        };
        let base = if Path::new(root).is_dir() {
            PathBuf::from(root)
        } else {
            Path::new(root)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        };
        for file in files {
            let rel = Path::new(&file)
                .strip_prefix(&base)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| {
                    PathBuf::from(Path::new(&file).file_name().unwrap_or_default())
                });
            let dest_dir = out.join(rel.parent().unwrap_or(Path::new("")));
            let policy = match configs.for_file(&file) {
                Ok(c) => c.project.other_diagrams,
                Err(e) => {
                    eprintln!("error: {e}");
                    summary.errors += 1;
                    continue;
                }
            };
            match input::read_document(&file) {
                Ok(doc) => document(&doc, &rel, &dest_dir, (&job, policy), &mut summary),
                Err(e) => {
                    eprintln!("error: {e}");
                    summary.errors += 1;
                }
            }
        }
    }
    summary
}

/// What to make of each document.
struct Job<'a> {
    format: Format,
    markdown: bool,
    color: bool,
    options: &'a Options,
}

/// Renders one document's diagrams, and its Markdown copy when asked.
fn document(
    doc: &Document,
    rel: &Path,
    dest_dir: &Path,
    (job, policy): (&Job, OtherDiagrams),
    summary: &mut SiteSummary,
) {
    let Job {
        format,
        markdown,
        color,
        options,
    } = *job;
    let stem = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "diagram".into());
    let is_markdown = doc.kind == DocumentKind::Markdown;
    // The picture drawn for each diagram, by index.
    let mut pictures: Vec<Option<(String, String)>> = Vec::new();
    for (k, d) in pipeline::read_diagrams(doc).iter().enumerate() {
        let name = if is_markdown {
            format!("{stem}-{}.{}", k + 1, format.extension())
        } else {
            format!("{stem}.{}", format.extension())
        };
        let drawn = match &d.result {
            Ok((chart, db)) => {
                let content = match format {
                    Format::Svg => render::draw_svg(chart, db, options),
                    Format::Layout => render::draw_layout_json(chart, db, options),
                };
                match write_atomic(&dest_dir.join(&name), &content) {
                    Ok(()) => {
                        summary.pictures += 1;
                        Some((name, alt_text(db, k, rel)))
                    }
                    Err(e) => {
                        eprintln!("error: {e}");
                        summary.errors += 1;
                        None
                    }
                }
            }
            Err(ParseFailure::Unsupported { kind, span }) if policy == OtherDiagrams::Skip => {
                eprintln!(
                    "{}",
                    skipped_note(&doc.name, &doc.text, d.base, kind, *span)
                );
                None
            }
            Err(failure) => {
                for e in &failure.errors() {
                    eprintln!(
                        "{}",
                        diagnostics::render_error(&doc.name, &doc.text, d.base, e, color)
                    );
                }
                summary.errors += 1;
                None
            }
        };
        pictures.push(drawn);
    }
    if markdown && is_markdown {
        let copy = markdown_copy(&doc.text, &pictures);
        let name = rel.file_name().unwrap_or_default();
        match write_atomic(&dest_dir.join(name), &copy) {
            Ok(()) => summary.markdown += 1,
            Err(e) => {
                eprintln!("error: {e}");
                summary.errors += 1;
            }
        }
    }
}

/// The image's alternative text: the diagram's accessible title, its front-matter title, or
/// where it comes from.
fn alt_text(db: &crate::flowdb::FlowDb, k: usize, rel: &Path) -> String {
    db.acc_title
        .clone()
        .or_else(|| db.title.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| format!("Diagram {} of {}", k + 1, rel.display()))
}

/// The Markdown with each drawn block (fences included) replaced by an image reference;
/// blocks that were not drawn stay as they were.
fn markdown_copy(md: &str, pictures: &[Option<(String, String)>]) -> String {
    let fences = input::markdown_mermaid_fences(md);
    let mut out = String::with_capacity(md.len());
    let mut at = 0;
    for (fence, picture) in fences.iter().zip(pictures) {
        let Some((name, alt)) = picture else {
            continue;
        };
        out.push_str(&md[at..fence.block.start]);
        let indent: String = md[fence.block.start..]
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let alt = alt.replace(['[', ']', '\n', '\r'], " ");
        let _ = writeln!(out, "{indent}![{alt}]({})", link_target(name));
        at = fence.block.end;
    }
    out.push_str(&md[at..]);
    out
}

/// A relative link to a file name, with the characters Markdown link targets cannot hold
/// percent-encoded.
fn link_target(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_copy_replaces_only_drawn_blocks() {
        let md = "# T\n\n```mermaid\ngraph TD\nA-->B\n```\n\n- item\n  ```mermaid\n  sequenceDiagram\n  ```\n- x\n  ```mermaid\n  graph LR\n  ```\n";
        let pictures = vec![
            Some(("doc-1.svg".to_string(), "Diagram [1]".to_string())),
            None,
            Some(("my doc-3.svg".to_string(), "Net".to_string())),
        ];
        assert_eq!(
            markdown_copy(md, &pictures),
            "# T\n\n![Diagram  1 ](doc-1.svg)\n\n- item\n  ```mermaid\n  sequenceDiagram\n  ```\n- x\n  ![Net](my%20doc-3.svg)\n"
        );
    }
}
