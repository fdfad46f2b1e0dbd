//! The `topomaid fmt` command: files and directories formatted in place, checked (`--check`)
//! or shown as diffs (`--diff`), or standard input to standard output.

use std::io::Write;
use std::path::Path;

use super::{DiagramFailure, FormatError, format_document};
use crate::check;
use crate::diagnostics;
use crate::input::{self, Document};

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
    let collected = match check::collect_files(&paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let unreadable = collected.report_unreadable();
    let files = collected.files;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut code = EXIT_OK;
    for file in &files {
        code = code.max(one_file(file, opts, &mut out));
    }
    let _ = out.flush();
    if unreadable > 0 {
        code = code.max(EXIT_ERROR);
    }
    code
}

fn one_file(file: &str, opts: &FmtOptions, out: &mut impl Write) -> i32 {
    let doc = match input::read_document_with(file, opts.stdin_markdown) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let formatted = match format_document(&doc) {
        Ok(f) => f,
        Err(failures) => {
            let _ = out.flush();
            report(&doc, &failures, opts.color);
            return EXIT_ERROR;
        }
    };
    let stdin = file == "-";
    if opts.check || opts.diff {
        if formatted != doc.text {
            let _ = out.write_all(unified_diff(&doc.name, &doc.text, &formatted).as_bytes());
            if opts.check {
                return EXIT_UNFORMATTED;
            }
        }
        return EXIT_OK;
    }
    if stdin {
        let _ = out.write_all(formatted.as_bytes());
        return EXIT_OK;
    }
    if formatted == doc.text {
        return EXIT_OK;
    }
    match super::write::replace_file(Path::new(file), doc.text.as_bytes(), formatted.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            eprintln!("error: {file}: cannot write the formatted file: {e}; it is left as it was");
            EXIT_ERROR
        }
    }
}

/// `--- name` / `+++ name (formatted)` and the changed lines with three lines of context
/// (see [`super::udiff`]: linear in practice, however much the formatting changes).
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    super::udiff::unified(name, old, new)
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
