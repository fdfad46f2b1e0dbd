//! The `topomaid fmt` command: files and directories formatted in place, checked (`--check`)
//! or shown as diffs (`--diff`), or standard input to standard output.

use std::io::Write;
use std::path::Path;

use crate::diagnostics;
use crate::fmt::{DiagramFailure, FormatError, format_document_with};
use crate::input::{self, Document};
use crate::lint::config_file::ConfigResolver;
use crate::pipeline::OtherDiagrams;
use crate::report::{ExcludeArgs, collect_files, skipped_note};
use crate::syntax::ParseFailure;

/// Exit code: every file is formatted (or was formatted now).
const EXIT_OK: i32 = 0;
/// Exit code: `--check` found a file that is not formatted.
const EXIT_UNFORMATTED: i32 = 1;
/// Exit code: a diagram did not parse or a file could not be read or written.
const EXIT_ERROR: i32 = 2;

/// What `topomaid fmt` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct FmtOptions {
    /// Files, directories (walked as `check` walks them), glob patterns, or `-`; none means `.`.
    pub paths: Vec<String>,
    /// `--exclude` and `--extend-exclude`.
    pub excludes: ExcludeArgs,
    /// Write nothing; print a diff for each file that is not formatted and exit with 1.
    pub check: bool,
    /// Write nothing; print a diff for each file that is not formatted.
    pub diff: bool,
    /// Read standard input as Markdown.
    pub stdin_markdown: bool,
    /// Colour the error messages.
    pub color: bool,
}

/// Runs `topomaid fmt` and returns the exit code.
pub fn run(opts: &FmtOptions) -> i32 {
    let paths = if opts.paths.is_empty() {
        vec![".".to_string()]
    } else {
        opts.paths.clone()
    };
    let files = match collect_files(&paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut code = EXIT_OK;
    let mut configs = match ConfigResolver::new(None, Default::default()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let files = match opts.excludes.excludes() {
        Ok(e) => e.filter(files, &mut configs),
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let (mut changed, mut unchanged, mut failed) = (0, 0, 0);
    for file in &files {
        match one_file(file, opts, &mut configs, &mut out) {
            Outcome::Unchanged => unchanged += 1,
            Outcome::Changed => {
                changed += 1;
                if opts.check {
                    code = code.max(EXIT_UNFORMATTED);
                }
            }
            Outcome::Failed => {
                failed += 1;
                code = EXIT_ERROR;
            }
        }
    }
    let _ = out.flush();
    if files.as_slice() != ["-"] {
        let failed = if failed > 0 {
            format!(", {} could not be formatted", files_count(failed))
        } else {
            String::new()
        };
        if opts.check || opts.diff {
            eprintln!(
                "{} would be reformatted, {} already formatted{failed}",
                files_count(changed),
                files_count(unchanged)
            );
        } else {
            eprintln!(
                "{} reformatted, {} left unchanged{failed}",
                files_count(changed),
                files_count(unchanged)
            );
        }
    }
    code
}

/// What became of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Already formatted (or nothing to format in it).
    Unchanged,
    /// Reformatted, or (with `--check`/`--diff`) not formatted.
    Changed,
    /// Not read, not formatted or not written.
    Failed,
}

/// `1 file`, `2 files`.
fn files_count(n: usize) -> String {
    format!("{n} file{}", if n == 1 { "" } else { "s" })
}

fn one_file(
    file: &str,
    opts: &FmtOptions,
    configs: &mut ConfigResolver,
    out: &mut impl Write,
) -> Outcome {
    let (policy, quote_style) = match configs.for_file(file) {
        Ok(c) => (c.project.other_diagrams, c.project.quote_style),
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::Failed;
        }
    };
    let doc = match input::read_document_with(file, opts.stdin_markdown) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return Outcome::Failed;
        }
    };
    let formatted = match format_document_with(&doc, quote_style) {
        Ok(f) => f,
        Err(failures)
            if policy == OtherDiagrams::Skip
                && failures.iter().all(|f| {
                    matches!(
                        &f.error,
                        FormatError::Parse(ParseFailure::Unsupported { .. })
                    )
                }) =>
        {
            for f in &failures {
                if let FormatError::Parse(ParseFailure::Unsupported { kind, span }) = &f.error {
                    eprintln!(
                        "{}",
                        skipped_note(&doc.name, &doc.text, f.base, kind, *span)
                    );
                }
            }
            return Outcome::Unchanged;
        }
        Err(failures) => {
            let _ = out.flush();
            report(&doc, &failures, opts.color);
            return Outcome::Failed;
        }
    };
    let stdin = file == "-";
    if opts.check || opts.diff {
        if formatted != doc.text {
            let _ = out.write_all(unified_diff(&doc.name, &doc.text, &formatted).as_bytes());
            return Outcome::Changed;
        }
        return Outcome::Unchanged;
    }
    if stdin {
        let _ = out.write_all(formatted.as_bytes());
        return Outcome::Unchanged;
    }
    if formatted == doc.text {
        return Outcome::Unchanged;
    }
    match crate::fmt::write::replace_file(Path::new(file), formatted.as_bytes()) {
        Ok(()) => Outcome::Changed,
        Err(e) => {
            eprintln!("error: {file}: cannot write the formatted file: {e}; it is left as it was");
            Outcome::Failed
        }
    }
}

/// `--- name` / `+++ name (formatted)` and the changed lines with three lines of context.
///
/// The diff is a minimal one unless finding that takes more than a second (a reindented
/// diagram of thousands of lines changes nearly every line); past that it is still a correct
/// diff, only perhaps a longer one.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    unified_diff_of(name, old, new, "formatted")
}

/// [`unified_diff`] with `+++ name (WHAT)`: what made the new text (`formatted`, `fixed`).
pub fn unified_diff_of(name: &str, old: &str, new: &str, what: &str) -> String {
    let mut text = similar::TextDiff::configure()
        .deadline(std::time::Instant::now() + std::time::Duration::from_secs(1))
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} ({what})"))
        .to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn report(doc: &Document, failures: &[DiagramFailure], color: bool) {
    for f in failures {
        match &f.error {
            FormatError::Parse(p) => {
                for e in p.errors() {
                    eprint!(
                        "{}",
                        diagnostics::render_error(&doc.name, &doc.text, f.base, &e, color)
                    );
                    eprintln!();
                }
            }
            FormatError::MeaningChanged(why) => eprintln!(
                "error: {}: not formatted: the formatted text would not mean the same ({why}); \
                 the file is left as it was. topomaid cannot format this diagram safely (see \
                 \"Limits\" in docs/formatting.md); please report it.",
                doc.name
            ),
        }
    }
}
