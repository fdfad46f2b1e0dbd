//! `topomaid render FILE… [-o OUT] [--format svg|layout]`: every flowchart of the inputs drawn
//! as SVG (or its geometry as JSON), to standard output, a file, or a directory.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use crate::diagnostics;
use crate::input::{self, STDIN_NAME};
use crate::lint::config_file::ConfigResolver;
use crate::pipeline::{self, OtherDiagrams};
use crate::render::{self, Options};
use crate::report::{
    EXIT_ERROR, EXIT_OK, ExcludeArgs, RenderFormat as Format, skipped_note, write_atomic,
};
use crate::syntax::ParseFailure;

/// One rendered diagram, before it is written.
struct Rendered {
    /// The output name without extension: the file's stem, `-2`, `-3`, … for later diagrams.
    name: String,
    content: String,
}

/// Runs the command; returns the exit code (0, or 2 when an input could not be read or parsed,
/// or the output could not be written). Inputs without a flowchart (Markdown with none) are
/// not an error: nothing is written for them.
pub fn run(
    files: &[String],
    excludes: &ExcludeArgs,
    output: Option<&Path>,
    format: Format,
    markdown: bool,
    color: bool,
    options: &Options,
) -> i32 {
    let excludes = match excludes.excludes() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    if markdown || files.iter().any(|f| Path::new(f).is_dir()) {
        let Some(out) = output else {
            eprintln!(
                "error: rendering a directory{} needs an output directory: `-o OUT`",
                if markdown { " or Markdown copies" } else { "" }
            );
            return EXIT_ERROR;
        };
        if out.exists() && !out.is_dir() {
            eprintln!("error: {}: not a directory", out.display());
            return EXIT_ERROR;
        }
        let summary = super::site::build(files, &excludes, out, format, markdown, color, options);
        eprintln!(
            "{} picture(s){} in {}{}",
            summary.pictures,
            if markdown {
                format!(", {} Markdown file(s)", summary.markdown)
            } else {
                String::new()
            },
            out.display(),
            if summary.errors > 0 {
                format!("; {} error(s)", summary.errors)
            } else {
                String::new()
            }
        );
        return if summary.errors > 0 {
            EXIT_ERROR
        } else {
            EXIT_OK
        };
    }
    let mut code = EXIT_OK;
    let mut rendered = Vec::new();
    let mut taken = HashSet::new();
    let cli = crate::lint::config_file::CliOverrides {
        mermaid: options.mermaid,
        ..Default::default()
    };
    let mut configs = match ConfigResolver::new(None, cli) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    for f in files {
        // The diagrams are read as `--mermaid`, else the configured release, says.
        let (policy, target) = match configs.for_file(f) {
            Ok(c) if excludes.excludes(f, &c) => continue,
            Ok(c) => (c.project.other_diagrams, c.mermaid),
            Err(e) => {
                eprintln!("error: {e}");
                code = EXIT_ERROR;
                continue;
            }
        };
        let doc = match input::read_document(f) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("error: {e}");
                code = EXIT_ERROR;
                continue;
            }
        };
        let stem = if doc.name == STDIN_NAME {
            "stdin".to_string()
        } else {
            Path::new(&doc.name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.is_empty() && !s.starts_with('.'))
                .unwrap_or_else(|| "diagram".to_string())
        };
        if doc.diagrams.is_empty() {
            eprintln!("warning: {}: no mermaid diagrams", doc.name);
        }
        // The look follows the release the diagrams are read as.
        let drawn = Options { target, ..*options };
        // Drawing reads the model and, of the tree, only front matter and directives: each
        // statement is folded into the model as it is read (no tree of the whole diagram).
        for (i, d) in pipeline::read_models(&doc, target).iter().enumerate() {
            match &d.result {
                Ok((chart, db)) => {
                    let content = match format {
                        Format::Svg => render::draw_svg(chart, db, &drawn),
                        Format::Layout => render::draw_layout_json(chart, db, &drawn),
                    };
                    let base = if i == 0 {
                        stem.clone()
                    } else {
                        format!("{stem}-{}", i + 1)
                    };
                    rendered.push(Rendered {
                        name: unique(base, &mut taken),
                        content,
                    });
                }
                Err(ParseFailure::Unsupported { kind, span }) if policy == OtherDiagrams::Skip => {
                    eprintln!(
                        "{}",
                        skipped_note(&doc.name, &doc.text, d.base, kind, *span)
                    );
                }
                Err(failure) => {
                    code = EXIT_ERROR;
                    for e in &failure.errors() {
                        eprintln!(
                            "{}",
                            diagnostics::render_error(&doc.name, &doc.text, d.base, e, color)
                        );
                    }
                }
            }
        }
    }
    if let Err(e) = write_outputs(&rendered, output, format) {
        eprintln!("error: {e}");
        return EXIT_ERROR;
    }
    if rendered.is_empty() && code == EXIT_OK {
        eprintln!("note: no flowchart to render");
    }
    code
}

/// `name`, or `name_2`, `name_3`, … when an earlier input already took it.
fn unique(name: String, taken: &mut HashSet<String>) -> String {
    let mut candidate = name.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{name}_{n}");
        n += 1;
    }
    candidate
}

/// Writes one diagram to standard output or a file, several into a directory.
fn write_outputs(
    rendered: &[Rendered],
    output: Option<&Path>,
    format: Format,
) -> Result<(), String> {
    match (rendered, output) {
        ([], _) => Ok(()),
        ([one], None) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(one.content.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| format!("writing standard output: {e}"))
        }
        (_, None) => Err(format!(
            "{} diagrams to render: give a directory with `-o DIR`",
            rendered.len()
        )),
        ([one], Some(path)) if !is_dir_target(path) => write_atomic(path, &one.content),
        (many, Some(dir)) => {
            if dir.exists() && !dir.is_dir() {
                return Err(format!(
                    "{}: not a directory, and {} diagrams need one",
                    dir.display(),
                    many.len()
                ));
            }
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for r in many {
                let path = dir.join(format!("{}.{}", r.name, format.extension()));
                write_atomic(&path, &r.content)?;
            }
            Ok(())
        }
    }
}

/// Whether `-o PATH` names a directory: an existing one, or a path ending in `/`.
fn is_dir_target(path: &Path) -> bool {
    path.is_dir()
        || path
            .as_os_str()
            .to_string_lossy()
            .ends_with(std::path::MAIN_SEPARATOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn written_pictures_are_readable_by_others_and_keep_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("sub/new.svg");
        write_atomic(&new, "<svg/>").unwrap();
        assert_eq!(std::fs::read_to_string(&new).unwrap(), "<svg/>");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), 0o644);
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&new, "<svg></svg>").unwrap();
        assert_eq!(mode(&new), 0o640);
        assert_eq!(
            std::fs::read_dir(dir.path().join("sub")).unwrap().count(),
            1
        );
    }

    #[test]
    fn names_are_unique_in_argument_order() {
        let mut taken = HashSet::new();
        assert_eq!(unique("a".into(), &mut taken), "a");
        assert_eq!(unique("a-2".into(), &mut taken), "a-2");
        assert_eq!(unique("a".into(), &mut taken), "a_2");
        assert_eq!(unique("a".into(), &mut taken), "a_3");
    }
}
