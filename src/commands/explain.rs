//! `topomaid explain`: what topomaid inferred from a diagram.

use crate::diagnostics;
use crate::input;
use crate::pipeline::{self, OtherDiagrams};
use crate::report::{EXIT_ERROR, EXIT_OK, skipped_note};
use crate::syntax::ParseFailure;

/// Output formats of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExplainFormat {
    /// A readable listing.
    Human,
    /// The same as JSON.
    Json,
}

/// Explains every diagram of `file` on standard output; returns the exit code.
pub fn run(file: &str, format: ExplainFormat, color: bool) -> i32 {
    let doc = match input::read_document(file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    // The nearest topomaid.toml applies, so that configured kinds show as they will be checked.
    let config = crate::lint::config_file::ConfigResolver::new(None, Default::default())
        .and_then(|mut r| r.for_file(file));
    let config = match config {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let mut code = EXIT_OK;
    let mut explanations = Vec::new();
    for d in pipeline::read_diagrams(&doc) {
        match &d.result {
            Ok((chart, db)) => {
                let model = crate::lint::model(d.text, chart, db, &config);
                explanations.push(crate::lint::explain_model(&model));
            }
            Err(ParseFailure::Unsupported { kind, span })
                if config.project.other_diagrams == OtherDiagrams::Skip =>
            {
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
    match format {
        ExplainFormat::Human => {
            for e in &explanations {
                println!("{e}");
            }
        }
        ExplainFormat::Json => {
            let _ = serde_json::to_writer_pretty(std::io::stdout(), &explanations);
            println!();
        }
    }
    code
}
