//! `topomaid check`: finds the diagram files under the given paths, parses each diagram and runs
//! the lint rules on it, and prints the findings for people (rustc-style) or machines (JSON,
//! GitHub annotations, SARIF). Each file is checked with its own configuration: the nearest
//! `topomaid.toml` above it, or the one given with `--config`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostics::{self, Report};
use crate::input::{self, Document, DocumentKind};
use crate::lint::config_file::ConfigResolver;
use crate::lint::{self, Diagnostic, LintConfig, Severity};
use crate::pipeline;
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
    /// A Markdown block that is not a flowchart.
    Skipped {
        /// Byte offset of the diagram in its document.
        base: usize,
        /// Its diagram keyword.
        kind: String,
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
            Err(ParseFailure::Unsupported { kind, .. }) if doc.kind == DocumentKind::Markdown => {
                DiagramResult::Skipped { base: d.base, kind }
            }
            Err(f) => DiagramResult::Failed {
                base: d.base,
                errors: f.errors(),
            },
        })
        .collect()
}

/// Whether `path` is a file `check` reads when it walks a directory.
fn is_diagram_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("mmd" | "mermaid" | "md" | "markdown" | "mdx")
    )
}

/// The files a command was given, and the places under them that could not be read.
#[derive(Debug, Default)]
pub struct Collected {
    /// The files, in a stable order.
    pub files: Vec<String>,
    /// Why a directory (or a file name) under the paths given was passed over, one message
    /// each (`path: reason`); the commands report them and carry on with the rest.
    pub unreadable: Vec<String>,
}

/// The files to check: named files as they are, directories walked for `*.mmd` and `*.md`
/// (honouring `.gitignore` and hidden files as git does), and glob patterns such as
/// `'design/**/*.mmd'` (for shells that do not expand them), in a stable order.
///
/// A glob pattern follows symbolic links but reads each real directory once, so a link
/// back up the tree neither loops nor finds a file twice. A sub-directory that cannot be read,
/// and a file name that is not UTF-8, are listed in [`Collected::unreadable`] and the walk goes
/// on; a pattern that matches nothing is an error. fmt's temporary files are never listed.
pub fn collect_files(paths: &[String]) -> Result<Collected, String> {
    let mut out = Collected::default();
    for p in paths {
        let is_pattern = p.contains(['*', '?', '[']) && !Path::new(p).exists();
        if is_pattern {
            let mut found = glob_files(p, &mut out.unreadable)?;
            if found.is_empty() {
                return Err(format!("{p}: no file matches this pattern"));
            }
            found.sort();
            out.files.extend(found);
            continue;
        }
        if p == "-" || !Path::new(p).is_dir() {
            out.files.push(p.clone());
            continue;
        }
        let mut found: Vec<String> = Vec::new();
        for entry in ignore::WalkBuilder::new(p).build() {
            match entry {
                Ok(entry) => {
                    if entry.file_type().is_some_and(|t| t.is_file())
                        && is_diagram_file(entry.path())
                        && let Some(name) = utf8_name(entry.path(), &mut out.unreadable)
                    {
                        found.push(name);
                    }
                }
                Err(e) => out.unreadable.push(walk_error(p, &e)),
            }
        }
        found.sort();
        out.files.extend(found);
    }
    Ok(out)
}

impl Collected {
    /// Reports each unreadable place on standard error (`error: path: reason`) and returns
    /// how many there were.
    pub fn report_unreadable(&self) -> usize {
        for u in &self.unreadable {
            eprintln!("error: {u}");
        }
        self.unreadable.len()
    }
}

/// `path: reason (skipped)` for an error of the directory walk.
fn walk_error(root: &str, e: &ignore::Error) -> String {
    let mut e = e;
    let mut path = None;
    loop {
        match e {
            ignore::Error::WithPath { path: p, err } => {
                path = Some(p.display().to_string());
                e = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                e = err;
            }
            _ => break,
        }
    }
    let reason = e
        .io_error()
        .map_or_else(|| e.to_string(), |io| io.to_string());
    // The walker words I/O errors as `IO error for operation on PATH: REASON`.
    let reason = match reason.strip_prefix("IO error for operation on ") {
        Some(rest) => match rest.split_once(": ") {
            Some((p, r)) => {
                path = Some(p.to_string());
                r.to_string()
            }
            None => rest.to_string(),
        },
        None => reason,
    };
    format!("{}: {reason} (skipped)", path.as_deref().unwrap_or(root))
}

/// The path as text, or `None` (with the reason recorded) when it is not UTF-8.
fn utf8_name(path: &Path, unreadable: &mut Vec<String>) -> Option<String> {
    match path.to_str() {
        Some(s) => Some(s.to_string()),
        None => {
            unreadable.push(format!(
                "{}: the file name is not valid UTF-8; topomaid names files in its reports as \
                 text, so rename it to check it (skipped)",
                path.to_string_lossy()
            ));
            None
        }
    }
}

/// The files under the literal start of `pattern` that it matches: symbolic links followed,
/// each real directory read once.
fn glob_files(pattern: &str, unreadable: &mut Vec<String>) -> Result<Vec<String>, String> {
    let matcher = glob::Pattern::new(pattern).map_err(|e| format!("{pattern}: {e}"))?;
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: false,
    };
    // The directories before the first component with a wildcard are walked from.
    let mut root = PathBuf::new();
    for c in Path::new(pattern).components() {
        if c.as_os_str().to_string_lossy().contains(['*', '?', '[']) {
            break;
        }
        root.push(c);
    }
    if root.as_os_str().is_empty() {
        root.push(".");
    }
    let strip_dot = !pattern.starts_with("./") && root == Path::new(".");
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![root.clone()];
    let mut found = Vec::new();
    if root.is_file() {
        stack.clear();
        if matcher.matches_path_with(&root, options) {
            found.push(root.to_string_lossy().into_owned());
        }
    }
    while let Some(dir) = stack.pop() {
        match std::fs::canonicalize(&dir) {
            Ok(real) => {
                if !seen.insert(real) {
                    continue;
                }
            }
            Err(e) => {
                unreadable.push(format!("{}: {e} (skipped)", dir.display()));
                continue;
            }
        }
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) => {
                unreadable.push(format!("{}: {e} (skipped)", dir.display()));
                continue;
            }
        };
        // In name order, directories pushed last-first: the walk, and so the name under which
        // a directory reached by several paths is listed, is the same on every run.
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.file_name()));
        for entry in entries {
            let path = entry.path();
            let shown = if strip_dot {
                path.strip_prefix(".").unwrap_or(&path).to_path_buf()
            } else {
                path.clone()
            };
            // `metadata` follows links: a link to a directory is walked (once, by its real path).
            match std::fs::metadata(&path) {
                Ok(m) if m.is_dir() => stack.push(path),
                Ok(m) if m.is_file() => {
                    let is_temp = entry
                        .file_name()
                        .to_str()
                        .is_some_and(input::is_fmt_temp_name);
                    if !is_temp
                        && matcher.matches_path_with(&shown, options)
                        && let Some(name) = utf8_name(&shown, unreadable)
                    {
                        found.push(name);
                    }
                }
                _ => {}
            }
        }
    }
    Ok(found)
}

/// Counts of findings, for the summary line and the exit code.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Summary {
    /// Files read.
    pub files: usize,
    /// Diagrams checked.
    pub diagrams: usize,
    /// Findings at error level.
    pub errors: usize,
    /// Findings at warning level.
    pub warnings: usize,
    /// Findings at info level.
    pub infos: usize,
    /// Diagrams or files that could not be read.
    pub parse_errors: usize,
    /// With a baseline: the findings it accepts, which are neither reported nor counted above.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baselined: Option<usize>,
}

impl Summary {
    /// Counts one finding of severity `s`.
    pub fn count(&mut self, s: Severity) {
        match s {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Whether any finding is at or above `threshold`.
    pub fn fails(&self, threshold: Severity) -> bool {
        match threshold {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.errors + self.warnings + self.infos > 0,
        }
    }
}

/// One finding as `check --format json` prints it.
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonDiagnostic<'a> {
    /// Rule id, or `syntax` for a parse error.
    pub rule: &'a str,
    /// `error`, `warning` or `info`.
    pub severity: Severity,
    /// What is wrong.
    pub message: &'a str,
    /// The file.
    pub file: &'a str,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (characters) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end.
    pub end_column: usize,
    /// How to fix it.
    pub help: Option<&'a str>,
    /// Other places involved.
    pub related: Vec<JsonRelated<'a>>,
}

/// A related place of a finding, in JSON.
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonRelated<'a> {
    /// What it is.
    pub message: &'a str,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Builds the JSON form of one report.
pub fn json_diagnostic<'a>(
    file: &'a str,
    text: &str,
    idx: &LineIndex,
    base: usize,
    rule: &'a str,
    report: &Report<'a>,
) -> JsonDiagnostic<'a> {
    let at = |s: Span| {
        (
            idx.line_col(text, s.start as usize + base),
            idx.line_col(text, s.end as usize + base),
        )
    };
    let (s, e) = at(report.span);
    JsonDiagnostic {
        rule,
        severity: report.severity,
        message: report.message,
        file,
        line: s.line,
        column: s.column,
        end_line: e.line,
        end_column: e.column,
        help: report.help,
        related: report
            .related
            .iter()
            .map(|(span, message)| {
                let lc = idx.line_col(text, span.start as usize + base);
                JsonRelated {
                    message,
                    line: lc.line,
                    column: lc.column,
                }
            })
            .collect(),
    }
}

/// Output of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckFormat {
    /// rustc-style messages and a summary line.
    Human,
    /// `{"diagnostics": […], "summary": {…}}`.
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`), one per finding.
    Github,
    /// SARIF 2.1.0, for code scanning (see docs/check-json.md).
    Sarif,
    /// The GitLab Code Quality report (see docs/ci.md).
    Gitlab,
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

/// Escapes the message of a GitHub workflow command.
fn github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a GitHub workflow command.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One finding as a GitHub Actions annotation, its file relative to the current directory (the
/// workspace, where the runner looks for it).
pub fn github_annotation(d: &JsonDiagnostic<'_>) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut message = d.message.to_string();
    if let Some(help) = d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        github_property(&crate::ci::fingerprint::report_path(d.file)),
        d.line,
        d.column,
        d.end_line,
        d.end_column,
        github_property(d.rule),
        github_data(&message)
    )
}

/// Why `check` stopped before checking.
#[derive(Debug)]
pub enum CheckError {
    /// A configuration file is wrong or unreadable.
    Config(lint::config_file::ConfigError),
    /// Writing the output failed.
    Io(std::io::Error),
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CheckError::Config(e) => e.fmt(f),
            CheckError::Io(e) => e.fmt(f),
        }
    }
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
    mut baseline: BaselineMode<'_>,
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
    let file_configs: Vec<Arc<LintConfig>> = files
        .iter()
        .map(|f| configs.for_file(f))
        .collect::<Result<_, _>>()
        .map_err(CheckError::Config)?;
    // Files are read and checked in parallel, and reported in the order given. They go in
    // batches, so that memory holds one batch of documents rather than the whole tree.
    let checked = files
        .chunks(PARALLEL_BATCH)
        .zip(file_configs.chunks(PARALLEL_BATCH))
        .flat_map(|(batch, batch_configs)| {
            batch
                .par_iter()
                .zip(batch_configs)
                .map(|(f, config)| {
                    input::read_document(f).map(|doc| {
                        let results = check_document(&doc, config);
                        (doc, results)
                    })
                })
                .collect::<Vec<_>>()
        });
    for outcome in checked {
        let (doc, results) = match outcome {
            Ok(pair) => pair,
            Err(e) => {
                summary.parse_errors += 1;
                eprintln!("error: {e}");
                continue;
            }
        };
        summary.files += 1;
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
                DiagramResult::Skipped { .. } => continue,
            };
            for (rule, report) in &reports {
                let fingerprint =
                    || crate::ci::fingerprint::of_report(rule, &path, &doc.text, base, report);
                let is_syntax = *rule == sarif::SYNTAX_RULE;
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
                match format {
                    CheckFormat::Human => {
                        writeln!(
                            out,
                            "{}",
                            diagnostics::render_indexed(
                                &doc.name, &doc.text, &idx, base, report, color
                            )
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
        CheckFormat::Human | CheckFormat::Github => writeln!(
            out,
            "{} file(s), {} diagram(s): {} error(s), {} warning(s), {} note(s){}{}",
            summary.files,
            summary.diagrams,
            summary.errors,
            summary.warnings,
            summary.infos,
            if summary.parse_errors > 0 {
                format!(", {} that could not be read", summary.parse_errors)
            } else {
                String::new()
            },
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

/// `check --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.
pub mod sarif {
    use serde_json::{Value, json};

    use super::JsonDiagnostic;
    use crate::lint::{self, Severity};

    /// Where the project lives: `repository` of Cargo.toml, or the fallback below while it is
    /// not set. Rule help links point into it.
    pub fn repository() -> &'static str {
        match env!("CARGO_PKG_REPOSITORY") {
            "" => "https://github.com/topomaid/topomaid",
            r => r,
        }
    }

    /// The rule id of findings that are parse errors.
    pub const SYNTAX_RULE: &str = "syntax";

    /// The SARIF level of a severity.
    pub fn level(s: Severity) -> &'static str {
        match s {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        }
    }

    /// Percent-encodes a path as a relative URI reference (`/` separators, unreserved
    /// characters kept).
    pub fn uri(path: &str) -> String {
        let path = path.replace('\\', "/");
        let path = path.strip_prefix("./").unwrap_or(&path);
        let mut out = String::with_capacity(path.len());
        for b in path.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    /// A file as SARIF names it: relative to the current directory (`%SRCROOT%`, the checkout
    /// in code scanning) when it is inside it, else a `file://` URI.
    fn artifact_location(file: &str) -> Value {
        let p = std::path::Path::new(file);
        if p.is_absolute() {
            let relative = std::env::current_dir().ok().and_then(|cwd| {
                p.strip_prefix(cwd)
                    .ok()
                    .map(|r| r.to_string_lossy().into_owned())
            });
            match relative {
                Some(r) => json!({ "uri": uri(&r), "uriBaseId": "%SRCROOT%" }),
                None => json!({ "uri": format!("file://{}", uri(file)) }),
            }
        } else {
            json!({ "uri": uri(file), "uriBaseId": "%SRCROOT%" })
        }
    }

    /// The rules of the driver: every registered rule, then `syntax`.
    fn rules() -> Vec<Value> {
        let mut rules: Vec<Value> = lint::registry()
            .iter()
            .map(|r| {
                let m = r.meta();
                json!({
                    "id": m.id,
                    "name": m.id,
                    "shortDescription": { "text": m.summary },
                    "helpUri": format!("{}/blob/main/docs/rules/{}.md", repository(), m.id),
                    "defaultConfiguration": { "level": level(m.default_severity) },
                })
            })
            .collect();
        rules.push(json!({
            "id": SYNTAX_RULE,
            "name": SYNTAX_RULE,
            "shortDescription": { "text": "The diagram is not a valid Mermaid flowchart." },
            "defaultConfiguration": { "level": "error" },
        }));
        rules
    }

    /// The results collected so far.
    #[derive(Default)]
    pub struct Results(Vec<Value>);

    impl Results {
        /// Adds one finding.
        pub fn push(&mut self, d: &JsonDiagnostic<'_>) {
            let index = lint::registry()
                .iter()
                .position(|r| r.meta().id == d.rule)
                .unwrap_or(lint::registry().len());
            let mut message = d.message.to_string();
            if let Some(help) = d.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let artifact = artifact_location(d.file);
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    json!({
                        "id": i,
                        "message": { "text": r.message },
                        "physicalLocation": {
                            "artifactLocation": artifact,
                            "region": { "startLine": r.line, "startColumn": r.column },
                        },
                    })
                })
                .collect();
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": index,
                "level": level(d.severity),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": d.line,
                            "startColumn": d.column,
                            "endLine": d.end_line,
                            "endColumn": d.end_column,
                        },
                    },
                }],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            self.0.push(result);
        }

        /// The whole log: one run of topomaid with its rules and the results.
        pub fn log(self) -> Value {
            json!({
                "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                "version": "2.1.0",
                "runs": [{
                    "tool": {
                        "driver": {
                            "name": "topomaid",
                            "version": env!("CARGO_PKG_VERSION"),
                            "semanticVersion": env!("CARGO_PKG_VERSION"),
                            "informationUri": repository(),
                            "rules": rules(),
                        },
                    },
                    "columnKind": "unicodeCodePoints",
                    "results": self.0,
                }],
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_escape_what_the_runner_parses() {
        let d = JsonDiagnostic {
            rule: "cidr-overlap",
            severity: Severity::Error,
            message: "a, b: 100%\nnext",
            file: "design/a,b.mmd",
            line: 3,
            column: 5,
            end_line: 3,
            end_column: 9,
            help: None,
            related: Vec::new(),
        };
        assert_eq!(
            github_annotation(&d),
            "::error file=design/a%2Cb.mmd,line=3,col=5,endLine=3,endColumn=9,title=cidr-overlap::a, b: 100%25%0Anext"
        );
    }

    #[test]
    fn sarif_uris_are_relative_and_escaped() {
        assert_eq!(sarif::uri("./design/a b.mmd"), "design/a%20b.mmd");
        assert_eq!(
            sarif::uri("docs\\네트워크.md"),
            "docs/%EB%84%A4%ED%8A%B8%EC%9B%8C%ED%81%AC.md"
        );
    }
}
