//! `topomaid check`: finds the diagram files under the given paths, parses each diagram and runs
//! the lint rules on it, and prints the findings for people (rustc-style) or machines (JSON,
//! GitHub annotations, SARIF). Each file is checked with its own configuration: the nearest
//! `topomaid.toml` above it, or the one given with `--config`.

use std::io::Write;
use std::sync::Arc;

use crate::diagnostics::{self, CONFIG_RULE, Report, SYNTAX_RULE, json_diagnostic};
use crate::input::{self, Document};
use crate::lint::config_file::{ConfigError, ConfigResolver};
use crate::lint::{self, Diagnostic, LintConfig};
use crate::pipeline::{self, OtherDiagrams};
use crate::report::{
    EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, ExcludeArgs, FailOn, Summary, collect_files,
    github_annotation, sarif, skipped_note,
};
use crate::source::{LineIndex, Span};
use crate::syntax::{ParseFailure, error::SyntaxError};

/// What became of one diagram.
pub enum DiagramResult {
    /// Parsed and linted.
    Checked {
        /// Byte offset of the diagram in its document.
        base: usize,
        /// The findings, sorted by position.
        diagnostics: Vec<Diagnostic>,
    },
    /// Did not parse.
    Failed {
        /// Byte offset of the diagram in its document.
        base: usize,
        /// Why.
        errors: Vec<SyntaxError>,
    },
    /// A wrong `topomaid.toml` (the "document" is the configuration file).
    BadConfig {
        /// What is wrong, and where in the file.
        error: SyntaxError,
    },
    /// A valid diagram of another type (sequence, ER, …), skipped as `other-diagrams` says.
    Skipped {
        /// Byte offset of the diagram in its document.
        base: usize,
        /// Its diagram keyword.
        kind: String,
        /// Where the keyword is, in the diagram.
        span: Span,
    },
}

/// Parses and lints every diagram of `doc`.
pub fn check_document(doc: &Document, config: &LintConfig) -> Vec<DiagramResult> {
    pipeline::read_diagrams(doc)
        .into_iter()
        .map(|d| match d.result {
            Ok((chart, db)) => DiagramResult::Checked {
                base: d.base,
                diagnostics: lint::check_owned(d.text, &chart, db, config),
            },
            Err(ParseFailure::Unsupported { kind, span })
                if config.project.other_diagrams == OtherDiagrams::Skip =>
            {
                DiagramResult::Skipped {
                    base: d.base,
                    kind,
                    span,
                }
            }
            Err(f) => DiagramResult::Failed {
                base: d.base,
                errors: f.errors(),
            },
        })
        .collect()
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// rustc-style messages and a summary line.
    Human,
    /// `{"diagnostics": [...], "summary": {...}}` (see docs/check-json.md).
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::message`).
    Github,
    /// SARIF 2.1.0 for code scanning (see docs/check-json.md).
    Sarif,
    /// GitLab Code Quality report (see docs/ci.md).
    Gitlab,
    /// One line per finding: `file:line:col: severity[rule] message`, and the summary line.
    Concise,
}

/// What `check` does with a baseline of accepted findings (see docs/ci.md).
pub enum BaselineMode<'a> {
    /// No baseline: every finding is reported.
    Off,
    /// Findings the baseline accepts are counted in `Summary::baselined`, not reported.
    Apply(&'a mut crate::ci::baseline::Matcher),
    /// Every lint finding is recorded here and counted as baselined, so that the run shows what
    /// `Apply` with the written baseline would (parse errors are never baselined).
    Record(&'a mut Vec<crate::ci::baseline::Entry>),
}

/// Why `check` stopped.
#[derive(Debug)]
pub enum CheckError {
    /// Writing the output failed.
    Io(std::io::Error),
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckError::Io(e) => e.fmt(f),
        }
    }
}

/// Why a file was not checked.
enum Unchecked {
    /// It could not be read.
    Unreadable(input::InputError),
    /// The configuration that governs it is wrong.
    Config(ConfigError),
}

/// The configuration file of `e` as a document holding one error at the mistake's place, so
/// that it is reported in the output format asked for like any other finding.
pub fn config_error_document(e: &ConfigError) -> (Document, Vec<DiagramResult>) {
    let text = std::fs::read_to_string(&e.path).unwrap_or_default();
    let start = e.offset.unwrap_or(0).min(text.len());
    let end = text[start..]
        .chars()
        .next()
        .filter(|c| *c != '\n')
        .map_or(start, |c| start + c.len_utf8());
    let error = SyntaxError::new(Span::new(start, end), e.message.clone(), "here").with_help(
        "the files under this configuration are not checked until it is fixed \
         (see docs/configuration.md)",
    );
    (
        Document::from_text(&e.path, text, input::DocumentKind::Mermaid),
        vec![DiagramResult::BadConfig { error }],
    )
}

impl From<std::io::Error> for CheckError {
    fn from(e: std::io::Error) -> Self {
        CheckError::Io(e)
    }
}

/// How many files `check` reads and checks in parallel before reporting them: enough to keep
/// every core busy, few enough that a tree of any size fits in memory.
const PARALLEL_BATCH: usize = 512;

/// Runs `check` over `files`, each with the configuration `configs` finds for it, writing the
/// findings to `out` (human messages about unreadable files go to standard error); returns the
/// summary. A wrong configuration file stops it before anything is written.
pub fn run_check(
    files: &[String],
    configs: &mut ConfigResolver,
    format: CheckFormat,
    color: bool,
    out: &mut dyn std::io::Write,
) -> Result<Summary, CheckError> {
    run_check_with_baseline(files, configs, format, color, BaselineMode::Off, out)
}

/// [`run_check`], with findings filtered by or recorded into a baseline.
pub fn run_check_with_baseline(
    files: &[String],
    configs: &mut ConfigResolver,
    format: CheckFormat,
    color: bool,
    baseline: BaselineMode<'_>,
    out: &mut dyn std::io::Write,
) -> Result<Summary, CheckError> {
    run_check_counting(files, configs, format, color, baseline, None, out)
}

/// [`run_check_with_baseline`], counting the reported findings per rule into `statistics`.
pub fn run_check_counting(
    files: &[String],
    configs: &mut ConfigResolver,
    format: CheckFormat,
    color: bool,
    mut baseline: BaselineMode<'_>,
    mut statistics: Option<&mut std::collections::BTreeMap<String, usize>>,
    out: &mut dyn std::io::Write,
) -> Result<Summary, CheckError> {
    use rayon::prelude::*;
    let mut summary = Summary::default();
    let mut json: Vec<serde_json::Value> = Vec::new();
    let mut sarif = sarif::Results::default();
    let mut gitlab = crate::ci::gitlab::Report::default();
    if !matches!(baseline, BaselineMode::Off) {
        summary.baselined = Some(0);
    }
    // A wrong configuration file is an error of the files it governs, reported once; the
    // other files are checked.
    let file_configs: Vec<Result<Arc<LintConfig>, ConfigError>> =
        files.iter().map(|f| configs.for_file(f)).collect();
    let mut bad_configs_seen = std::collections::HashSet::new();
    // Files are read and checked in parallel, and reported in the order given. They go in
    // batches, so that memory holds one batch of documents rather than the whole tree.
    let checked = files
        .chunks(PARALLEL_BATCH)
        .zip(file_configs.chunks(PARALLEL_BATCH))
        .flat_map(|(batch, batch_configs)| {
            batch
                .par_iter()
                .zip(batch_configs)
                .map(|(f, config)| match config {
                    Ok(config) => input::read_document(f)
                        .map(|doc| {
                            let results = check_document(&doc, config);
                            (doc, results)
                        })
                        .map_err(Unchecked::Unreadable),
                    Err(e) => Err(Unchecked::Config(e.clone())),
                })
                .collect::<Vec<_>>()
        });
    for outcome in checked {
        let (doc, results) = match outcome {
            Ok(pair) => {
                summary.files += 1;
                pair
            }
            Err(Unchecked::Unreadable(e)) => {
                summary.parse_errors += 1;
                eprintln!("error: {e}");
                continue;
            }
            Err(Unchecked::Config(e)) => {
                if !bad_configs_seen.insert(e.path.clone()) {
                    continue;
                }
                summary.parse_errors += 1;
                config_error_document(&e)
            }
        };
        let idx = LineIndex::new(&doc.text);
        let path = crate::ci::fingerprint::report_path(&doc.name);
        for result in results {
            let (base, reports): (usize, Vec<(&str, Report<'_>)>) = match &result {
                DiagramResult::Checked { base, diagnostics } => {
                    summary.diagrams += 1;
                    (
                        *base,
                        diagnostics
                            .iter()
                            .map(|d| (d.rule, Report::from_diagnostic(d)))
                            .collect(),
                    )
                }
                DiagramResult::Failed { base, errors } => {
                    summary.parse_errors += 1;
                    (
                        *base,
                        errors
                            .iter()
                            .map(|e| ("syntax", Report::from_error(e)))
                            .collect(),
                    )
                }
                DiagramResult::BadConfig { error } => {
                    (0, vec![(CONFIG_RULE, Report::from_error(error))])
                }
                DiagramResult::Skipped { base, kind, span } => {
                    eprintln!("{}", skipped_note(&doc.name, &doc.text, *base, kind, *span));
                    continue;
                }
            };
            for (rule, report) in &reports {
                let fingerprint =
                    || crate::ci::fingerprint::of_report(rule, &path, &doc.text, base, report);
                let is_syntax = *rule == SYNTAX_RULE || *rule == CONFIG_RULE;
                if !is_syntax {
                    match &mut baseline {
                        BaselineMode::Off => {}
                        BaselineMode::Apply(m) => {
                            if m.absorbs(&path, rule, &fingerprint()) {
                                *summary.baselined.get_or_insert(0) += 1;
                                continue;
                            }
                        }
                        BaselineMode::Record(entries) => {
                            entries.push(crate::ci::baseline::Entry {
                                path: path.clone(),
                                rule: rule.to_string(),
                                fingerprint: fingerprint(),
                                message: report.message.to_string(),
                            });
                            *summary.baselined.get_or_insert(0) += 1;
                            continue;
                        }
                    }
                    summary.count(report.severity);
                }
                if let Some(s) = statistics.as_deref_mut() {
                    *s.entry(rule.to_string()).or_default() += 1;
                }
                match format {
                    CheckFormat::Concise => {
                        let d = json_diagnostic(&doc.name, &doc.text, &idx, base, rule, report);
                        writeln!(
                            out,
                            "{}:{}:{}: {}[{}] {}",
                            d.file,
                            d.line,
                            d.column,
                            d.severity.name(),
                            d.rule,
                            d.message
                        )?;
                    }
                    CheckFormat::Human => {
                        writeln!(
                            out,
                            "{}",
                            diagnostics::render(&doc.name, &doc.text, base, report, color)
                        )?;
                    }
                    CheckFormat::Json => json.push(
                        serde_json::to_value(json_diagnostic(
                            &doc.name, &doc.text, &idx, base, rule, report,
                        ))
                        .unwrap_or_default(),
                    ),
                    CheckFormat::Github => writeln!(
                        out,
                        "{}",
                        github_annotation(&json_diagnostic(
                            &doc.name, &doc.text, &idx, base, rule, report,
                        ))
                    )?,
                    CheckFormat::Sarif => sarif.push(&json_diagnostic(
                        &doc.name, &doc.text, &idx, base, rule, report,
                    )),
                    CheckFormat::Gitlab => {
                        let mut description = report.message.to_string();
                        if let Some(help) = report.help {
                            description.push_str("\nhelp: ");
                            description.push_str(help);
                        }
                        let line = idx
                            .line_col(&doc.text, base + report.span.start as usize)
                            .line;
                        gitlab.push(
                            rule,
                            report.severity,
                            description,
                            path.clone(),
                            line,
                            fingerprint(),
                        );
                    }
                }
            }
        }
    }
    match format {
        CheckFormat::Sarif => {
            serde_json::to_writer_pretty(&mut *out, &sarif.log()).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        CheckFormat::Gitlab => {
            serde_json::to_writer_pretty(&mut *out, gitlab.issues())
                .map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        CheckFormat::Human | CheckFormat::Github | CheckFormat::Concise => writeln!(
            out,
            "{} file(s), {} diagram(s): {}{} error(s), {} warning(s), {} note(s){}",
            summary.files,
            summary.diagrams,
            if summary.parse_errors > 0 {
                format!("{} failed to parse or read, ", summary.parse_errors)
            } else {
                String::new()
            },
            summary.errors,
            summary.warnings,
            summary.infos,
            match summary.baselined {
                Some(n) => format!(" ({n} baselined)"),
                None => String::new(),
            }
        )?,
        CheckFormat::Json => {
            let doc = serde_json::json!({"diagnostics": json, "summary": summary});
            serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
    }
    Ok(summary)
}

/// `topomaid check`: checks the diagrams under `paths`, writes the findings to standard output
/// and returns the exit code.
pub fn run(
    (paths, excludes, fix, statistics): (Vec<String>, &ExcludeArgs, FixMode, bool),
    format: CheckFormat,
    fail_on: FailOn,
    overrides: crate::lint::config_file::CliOverrides,
    config_file: Option<&std::path::Path>,
    (baseline_file, write_baseline): (Option<&std::path::Path>, Option<&std::path::Path>),
    color: bool,
) -> i32 {
    let excludes = match excludes.excludes() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let paths = if paths.is_empty() {
        vec![".".to_string()]
    } else {
        paths
    };
    for id in overrides.select.iter().chain(&overrides.ignore) {
        if crate::lint::rule(id).is_none() {
            match crate::lint::closest_rule(id) {
                Some(near) => eprintln!(
                    "error: no rule `{id}`; did you mean `{near}`? (see `topomaid rules`)"
                ),
                None => eprintln!("error: no rule `{id}` (see `topomaid rules`)"),
            }
            return EXIT_ERROR;
        }
    }
    let mut configs = match crate::lint::config_file::ConfigResolver::new(config_file, overrides) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    for p in &paths {
        if std::path::Path::new(p).is_dir()
            && collect_files(std::slice::from_ref(p)).is_ok_and(|f| f.is_empty())
        {
            eprintln!("warning: no diagram found under {p}");
        }
    }
    let files = match collect_files(&paths) {
        Ok(f) => excludes.filter(f, &mut configs),
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    if fix.fix {
        let changed = match apply_fixes(&files, &mut configs, fix) {
            Ok(n) => n,
            Err(code) => return code,
        };
        if fix.diff {
            return if changed > 0 { EXIT_FINDINGS } else { EXIT_OK };
        }
    }
    let mut matcher = match baseline_file.map(crate::ci::baseline::Baseline::read) {
        None => None,
        Some(Ok(b)) => Some(crate::ci::baseline::Matcher::new(&b)),
        Some(Err(e)) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let mut recorded = Vec::new();
    let mode = match (&mut matcher, write_baseline) {
        (Some(m), _) => BaselineMode::Apply(m),
        (None, Some(_)) => BaselineMode::Record(&mut recorded),
        (None, None) => BaselineMode::Off,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut counts = std::collections::BTreeMap::new();
    let counting = statistics.then_some(&mut counts);
    let summary = match run_check_counting(
        &files,
        &mut configs,
        format,
        color,
        mode,
        counting,
        &mut out,
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    if statistics {
        let mut by_count: Vec<(&String, &usize)> = counts.iter().collect();
        by_count.sort_by_key(|(rule, n)| (std::cmp::Reverse(**n), *rule));
        for (rule, n) in by_count {
            let _ = writeln!(out, "{n:>6}  {rule}");
        }
    }
    let _ = out.flush();
    if let Some(path) = write_baseline {
        let n = recorded.len();
        if let Err(e) = crate::ci::baseline::Baseline::new(recorded).write(path) {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
        eprintln!("wrote {n} finding(s) to {}", path.display());
    }
    if let Some(m) = matcher.as_ref().filter(|m| m.unmatched() > 0) {
        eprintln!(
            "note: {} baselined finding(s) no longer occur; --write-baseline drops them from the file",
            m.unmatched()
        );
    }
    let threshold = fail_on.threshold();
    if summary.parse_errors > 0 {
        EXIT_ERROR
    } else if summary.fails(threshold) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// What `check --fix` is asked to do.
#[derive(Debug, Clone, Copy, Default)]
pub struct FixMode {
    /// Apply fixes.
    pub fix: bool,
    /// Print diffs instead of writing.
    pub diff: bool,
    /// Apply the fixes that guess too.
    pub unsafe_fixes: bool,
}

/// How many rounds of fixes one file gets: a quoted label lets the diagram parse, and the
/// lint findings of the parsed diagram may have fixes of their own.
const FIX_ROUNDS: usize = 8;

/// The text of `doc` with every fix applied (safe ones, and the others with `unsafe_fixes`),
/// round after round until none is left; and how many were applied.
pub fn fix_document(doc: &Document, config: &LintConfig, unsafe_fixes: bool) -> (String, usize) {
    let mut text = doc.text.clone();
    let mut applied = 0;
    for _ in 0..FIX_ROUNDS {
        let current = Document::from_text(doc.name.clone(), text.clone(), doc.kind);
        let mut fixes: Vec<(usize, &crate::source::Fix)> = Vec::new();
        let results = check_document(&current, config);
        for r in &results {
            match r {
                DiagramResult::Checked { base, diagnostics } => fixes.extend(
                    diagnostics
                        .iter()
                        .filter_map(|d| d.fix.as_deref().map(|f| (*base, f))),
                ),
                DiagramResult::Failed { base, errors } => fixes.extend(
                    errors
                        .iter()
                        .filter_map(|e| e.fix.as_deref().map(|f| (*base, f))),
                ),
                DiagramResult::Skipped { .. } | DiagramResult::BadConfig { .. } => {}
            }
        }
        fixes.retain(|(_, f)| f.safe || unsafe_fixes);
        fixes.sort_by_key(|(base, f)| f.edits.first().map(|e| base + e.span.start as usize));
        // Fixes whose edits overlap an earlier fix wait for the next round.
        let mut edits: Vec<(usize, usize, &str)> = Vec::new();
        for (base, f) in fixes {
            let mine: Vec<(usize, usize, &str)> = f
                .edits
                .iter()
                .map(|e| {
                    (
                        base + e.span.start as usize,
                        base + e.span.end as usize,
                        e.replacement.as_str(),
                    )
                })
                .collect();
            let clashes = mine.iter().any(|(s, e, _)| {
                edits
                    .iter()
                    .any(|(s2, e2, _)| s < e2 && s2 < e || s == s2 || (s == e && s2 < s && s < e2))
            });
            if !clashes && mine.iter().all(|(s, e, _)| s <= e && *e <= text.len()) {
                edits.extend(mine);
                applied += 1;
            }
        }
        if edits.is_empty() {
            break;
        }
        edits.sort_by_key(|(s, e, _)| (*s, *e));
        let mut out = String::with_capacity(text.len() + 16);
        let mut at = 0;
        for (s, e, r) in &edits {
            out.push_str(&text[at..*s]);
            out.push_str(r);
            at = *e;
        }
        out.push_str(&text[at..]);
        text = out;
    }
    (text, applied)
}

/// `check --fix`: fixes every file in place (through a temporary file and a rename, as `fmt`
/// writes), or prints the diffs with `--diff`; returns how many files changed, or the exit code
/// when a file could not be written.
fn apply_fixes(
    files: &[String],
    configs: &mut ConfigResolver,
    mode: FixMode,
) -> Result<usize, i32> {
    let (mut changed, mut fixed) = (0, 0);
    for f in files.iter().filter(|f| f.as_str() != "-") {
        let Ok(config) = configs.for_file(f) else {
            continue; // reported by the check that follows
        };
        let Ok(doc) = input::read_document(f) else {
            continue;
        };
        let (text, n) = fix_document(&doc, &config, mode.unsafe_fixes);
        if text == doc.text {
            continue;
        }
        changed += 1;
        fixed += n;
        if mode.diff {
            print!(
                "{}",
                super::fmt::unified_diff_of(&doc.name, &doc.text, &text, "fixed")
            );
        } else if let Err(e) =
            crate::fmt::write::replace_file(std::path::Path::new(f), text.as_bytes())
        {
            eprintln!("error: {f}: cannot write the fixed file: {e}; it is left as it was");
            return Err(EXIT_ERROR);
        }
    }
    if mode.diff {
        eprintln!("{fixed} fix(es) would change {changed} file(s)");
    } else {
        eprintln!("fixed {fixed} finding(s) in {changed} file(s)");
    }
    Ok(changed)
}
