//! `topomaid json FILE…`: reads each file, builds and lints the model of each diagram with the
//! file's configuration, and streams the JSON one file at a time; syntax errors also go to
//! standard error rustc-style.

use std::cell::Cell;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use serde::ser::SerializeSeq;

use crate::diagnostics;
use crate::input;
use crate::lint::config_file::{CliOverrides, ConfigError, ConfigResolver};
use crate::lint::{self, Diagnostic, LintConfig, Severity};
use crate::model::Model;
use crate::model_json::{DiagramJson, FileJson, ModelJson, Place, VERSION};
use crate::pipeline::{self, OtherDiagrams};
use crate::report::{
    EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, ExcludeArgs, FailOn, Summary, collect_files, skipped_note,
};
use crate::source::LineIndex;
use crate::syntax::ParseFailure;
use crate::syntax::error::SyntaxError;

/// The lowest severity that makes a command fail.
pub fn threshold(fail_on: FailOn) -> Severity {
    match fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
    }
}

/// Runs `topomaid json` on files, directories (walked for diagram files) or glob patterns and
/// returns the exit code: 2 when a file cannot be read, a diagram
/// does not parse or the configuration is wrong; otherwise 1 when a finding is at or above
/// `fail_on`; otherwise 0.
pub fn run(
    paths: &[String],
    excludes: &ExcludeArgs,
    fail_on: FailOn,
    config: Option<&Path>,
    color: bool,
) -> i32 {
    let excludes = match excludes.excludes() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    // Directories and glob patterns are expanded as `check` does.
    let files = match collect_files(paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    // A wrong configuration file is an error of the files it governs (reported once, on
    // standard error; they are left out of the output); the other files are written.
    let mut resolver = match ConfigResolver::new(config, CliOverrides::default()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let files = excludes.filter(files, &mut resolver);
    let configs = files.iter().map(|f| resolver.for_file(f)).collect();
    let files = StreamedFiles {
        paths: &files,
        configs,
        bad_configs: Default::default(),
        summary: Cell::new(Summary::default()),
        color,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let output = ModelJson {
        version: VERSION,
        files: &files,
    };
    let written = serde_json::to_writer_pretty(&mut out, &output)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    if let Err(e) = written {
        // A reader that stops early (`| head`) is no error worth a message.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: {e}");
        }
        return EXIT_ERROR;
    }
    let summary = files.summary.get();
    if summary.parse_errors > 0 {
        EXIT_ERROR
    } else if summary.fails(threshold(fail_on)) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// What became of one diagram: its model and findings, or why there are none.
enum Built<'a> {
    Model(Box<Model>, Vec<Diagnostic>),
    Skipped(&'a str),
    Failed(Vec<SyntaxError>),
}

/// The files, read, modelled and serialised one at a time, so that memory holds one file's
/// model at most.
struct StreamedFiles<'a> {
    paths: &'a [String],
    configs: Vec<Result<Arc<LintConfig>, ConfigError>>,
    /// The wrong configuration files already reported.
    bad_configs: std::cell::RefCell<std::collections::HashSet<String>>,
    summary: Cell<Summary>,
    color: bool,
}

impl Serialize for StreamedFiles<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for (path, config) in self.paths.iter().zip(&self.configs) {
            let mut summary = self.summary.get();
            let config = match config {
                Ok(c) => c,
                Err(e) => {
                    if self.bad_configs.borrow_mut().insert(e.path.clone()) {
                        eprintln!("error: {e}");
                        summary.parse_errors += 1;
                        self.summary.set(summary);
                    }
                    continue;
                }
            };
            let doc = match input::read_document(path) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("error: {e}");
                    summary.parse_errors += 1;
                    self.summary.set(summary);
                    continue;
                }
            };
            summary.files += 1;
            let index = LineIndex::new(&doc.text);
            let read = pipeline::read_diagrams(&doc);
            let built: Vec<_> = read
                .iter()
                .map(|d| match &d.result {
                    Ok((chart, db)) => {
                        let model = lint::model(d.text, chart, db, config);
                        let found = lint::check_model(d.text, chart, &model, config);
                        Built::Model(Box::new(model), found)
                    }
                    Err(ParseFailure::Unsupported { kind, span })
                        if config.project.other_diagrams == OtherDiagrams::Skip =>
                    {
                        eprintln!(
                            "{}",
                            skipped_note(&doc.name, &doc.text, d.base, kind, *span)
                        );
                        Built::Skipped(kind)
                    }
                    Err(failure) => Built::Failed(failure.errors()),
                })
                .collect();
            let mut diagrams = Vec::with_capacity(built.len());
            for (d, b) in read.iter().zip(&built) {
                let at = Place {
                    file: &doc.name,
                    text: &doc.text,
                    index: &index,
                    base: d.base,
                };
                let len = d.text.len();
                diagrams.push(match b {
                    Built::Model(model, found) => {
                        summary.diagrams += 1;
                        for f in found {
                            summary.count(f.severity);
                        }
                        DiagramJson::parsed(model, found, at, len)
                    }
                    Built::Skipped(kind) => DiagramJson::skipped(kind, at, len),
                    Built::Failed(errors) => {
                        summary.parse_errors += 1;
                        for e in errors {
                            eprintln!(
                                "{}",
                                diagnostics::render_error(
                                    &doc.name, &doc.text, d.base, e, self.color
                                )
                            );
                        }
                        DiagramJson::failed(errors, at, len)
                    }
                });
            }
            self.summary.set(summary);
            seq.serialize_element(&FileJson {
                path: &doc.name,
                diagrams,
            })?;
        }
        seq.end()
    }
}
