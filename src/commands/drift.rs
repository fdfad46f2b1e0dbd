//! `topomaid drift DIAGRAM… --against PATH…` and `topomaid explain DIAGRAM --against PATH…`.

use std::path::PathBuf;
use std::sync::Arc;

use crate::commands::check::{self, CheckFormat};
use crate::drift::{Against, DriftSetup, Inventory};
use crate::lint::config_file::{CliOverrides, ConfigResolver};
use crate::report::{EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, ExcludeArgs, FailOn, collect_files};
use crate::source::LineIndex;
use crate::{input, pipeline};

fn load(against: &Against) -> Result<Inventory, i32> {
    match crate::drift::load(against) {
        Ok(inv) => {
            for u in &inv.unknowns {
                eprintln!("note: unknown: {u}");
            }
            Ok(inv)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Err(EXIT_ERROR)
        }
    }
}

/// Runs `drift`: compares each diagram with the infrastructure and reports the `drift-*`
/// findings in `format`; exits 1 when one is at or above `fail_on`.
pub fn run(
    (files, excludes): (&[String], &ExcludeArgs),
    against: Against,
    format: CheckFormat,
    fail_on: FailOn,
    config: Option<&std::path::Path>,
    color: bool,
) -> i32 {
    let excludes = match excludes.excludes() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let inv = match load(&against) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let resources = inv.resources.len();
    let unknowns = inv.unknowns.len();
    let setup = Arc::new(DriftSetup::with_inventory(Vec::new(), against, inv));
    let mut configs = match ConfigResolver::new(config, CliOverrides::default()) {
        Ok(c) => c.with_drift(setup),
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let collected = match collect_files(files) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    if collected.report_unreadable() > 0 {
        return EXIT_ERROR;
    }
    let files = excludes.filter(collected.files, &mut configs);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let summary = match check::run_check(&files, &mut configs, format, color, &mut out) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    drop(out);
    if format == CheckFormat::Human {
        eprintln!(
            "compared with {resources} infrastructure resource(s); {unknowns} part(s) could not be read statically"
        );
    }
    if summary.parse_errors > 0 {
        EXIT_ERROR
    } else if summary.fails(fail_on.threshold()) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// `explain FILE --against PATH…`: every pairing of the diagram with the infrastructure and
/// why, then what differs, as text or JSON.
pub fn explain(file: &str, against: Against, json: bool) -> i32 {
    let inv = match load(&against) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let doc = match input::read_document(file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let config = match ConfigResolver::new(None, CliOverrides::default())
        .and_then(|mut r| r.for_file(file))
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let idx = LineIndex::new(&doc.text);
    let mut code = EXIT_OK;
    let mut all = Vec::new();
    for d in pipeline::read_diagrams(&doc, config.mermaid) {
        if pipeline::skipped(&d.result, config.project.other_diagrams).is_some() {
            continue; // a sequence diagram or another type: `check` notes it, nothing to pair
        }
        let Ok((chart, db)) = &d.result else {
            eprintln!(
                "error: {}: a diagram could not be read (run `topomaid check`)",
                doc.name
            );
            code = EXIT_ERROR;
            continue;
        };
        let model = crate::lint::model(d.text, chart, db, &config);
        let c = crate::drift::compare(&model, &inv);
        if !json {
            if !c.draws_network {
                println!(
                    "{}: draws no part of the network (nothing pairs, no range is written): not compared",
                    doc.name
                );
            } else {
                println!("{}: {} pairing(s)", doc.name, c.pairings.len());
            }
            for p in &c.pairings {
                let lc = idx.line_col(&doc.text, d.base + p.span.start as usize);
                println!(
                    "  {}:{} `{}` <-> `{}` ({}): {}",
                    lc.line, lc.column, p.diagram_id, p.resource, p.location, p.why
                );
            }
            for f in &c.findings {
                let lc = idx.line_col(&doc.text, d.base + f.span.start as usize);
                println!(
                    "  {}:{} {}[{}] {}",
                    lc.line,
                    lc.column,
                    if f.unknown { "unknown" } else { "drift" },
                    f.rule,
                    f.message
                );
            }
        }
        all.push(c);
    }
    if json {
        let _ = serde_json::to_writer_pretty(std::io::stdout(), &all);
        println!();
    }
    code
}

/// The paths given on the command line, as an [`Against`].
pub fn against(paths: Vec<PathBuf>, var_files: Vec<PathBuf>) -> Against {
    Against { paths, var_files }
}
