//! What the command drivers share, below them and above the library: exit codes, the
//! `--fail-on` threshold, the files a command reads (`collect_files`), the summary counts, and
//! the writers of diagnostics for machines (GitHub annotations here, SARIF in [`sarif`]; the
//! JSON form of one finding is [`crate::diagnostics::JsonDiagnostic`]).

pub mod exclude;
pub mod sarif;

pub use exclude::Excludes;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostics::JsonDiagnostic;
use crate::lint::Severity;
use crate::source::{LineIndex, Span};

/// Exit code: everything is fine.
pub const EXIT_OK: i32 = 0;
/// Exit code: the check found problems in the diagrams.
pub const EXIT_FINDINGS: i32 = 1;
/// Exit code: a diagram could not be parsed, a file could not be read, or the usage was wrong.
pub const EXIT_ERROR: i32 = 2;

/// `--exclude` and `--extend-exclude`, shared by every command that walks directories.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ExcludeArgs {
    /// Skip files matching these globs (comma-separated; relative to the current directory),
    /// instead of the `exclude` globs of `topomaid.toml`.
    #[arg(long, value_delimiter = ',', value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Skip files matching these globs too, besides those `topomaid.toml` excludes.
    #[arg(long, value_delimiter = ',', value_name = "GLOB")]
    pub extend_exclude: Vec<String>,
}

impl ExcludeArgs {
    /// The exclusions; an invalid glob is an error.
    pub fn excludes(&self) -> Result<Excludes, String> {
        Excludes::new(&self.exclude, &self.extend_exclude)
    }
}

/// The lowest severity that makes `check` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Only errors.
    Error,
    /// Errors and warnings.
    Warning,
    /// Any finding.
    Info,
}

impl FailOn {
    /// The severity at and above which findings fail the run.
    pub fn threshold(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
        }
    }
}

/// Whether `path` is a file `check` reads when it walks a directory.
fn is_diagram_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("mmd" | "mermaid" | "md" | "markdown" | "mdx")
    )
}

/// The files to check: named files as they are, directories walked for `*.mmd` and `*.md`
/// (honouring `.gitignore` and hidden files as git does), and glob patterns such as
/// `'design/**/*.mmd'` (for shells that do not expand them), in a stable order.
pub fn collect_files(paths: &[String]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for p in paths {
        let is_pattern = p.contains(['*', '?', '[']) && !Path::new(p).exists();
        if is_pattern {
            let matches = glob::glob(p).map_err(|e| format!("{p}: {e}"))?;
            let mut found: Vec<String> = matches
                .filter_map(Result::ok)
                .filter(|m| m.is_file())
                .map(|m| m.to_string_lossy().into_owned())
                .collect();
            if found.is_empty() {
                return Err(format!("{p}: no file matches this pattern"));
            }
            found.sort();
            out.extend(found);
            continue;
        }
        if p == "-" || !Path::new(p).is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = Vec::new();
        for entry in ignore::WalkBuilder::new(p).build() {
            let entry = entry.map_err(|e| format!("{p}: {e}"))?;
            if entry.file_type().is_some_and(|t| t.is_file()) && is_diagram_file(entry.path()) {
                found.push(entry.into_path());
            }
        }
        found.sort();
        out.extend(found.into_iter().map(|f| f.to_string_lossy().into_owned()));
    }
    Ok(out)
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

/// The note for a diagram skipped because it is a valid diagram of another type: `note:
/// FILE:LINE:COL: skipped sequenceDiagram (not a flowchart)`, `span` in the diagram at `base`.
pub fn skipped_note(name: &str, text: &str, base: usize, kind: &str, span: Span) -> String {
    let lc = LineIndex::new(text).line_col(text, base + span.start as usize);
    format!(
        "note: {name}:{}:{}: skipped {kind} (not a flowchart)",
        lc.line, lc.column
    )
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

/// What `render` writes for each diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// An SVG document (see docs/render.md).
    Svg,
    /// The geometry as JSON: nodes, clusters, labels and edges.
    Layout,
}

impl RenderFormat {
    /// The file extension of the output.
    pub fn extension(self) -> &'static str {
        match self {
            RenderFormat::Svg => "svg",
            RenderFormat::Layout => "json",
        }
    }
}

/// Writes `content` to a temporary file beside `path`, then renames it over `path`, so that a
/// reader never sees half a file.
pub fn write_atomic(path: &Path, content: &str) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let fail = |e: std::io::Error| format!("{}: {e}", path.display());
    // A device or pipe (`-o /dev/null`, `-o /dev/stdout`) is written to, never renamed over:
    // a rename would replace the device node with a regular file.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::write(path, content).map_err(fail);
    }
    std::fs::create_dir_all(&dir).map_err(fail)?;
    // A temporary file is private (0600); the picture gets the permissions of the file it
    // replaces, or those of a newly created file.
    let permissions = match std::fs::metadata(path) {
        Ok(m) => Some(m.permissions()),
        Err(_) => new_file_permissions(),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".topomaid-render-").suffix(".tmp");
    if let Some(p) = permissions {
        builder.permissions(p);
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(fail)?;
    tmp.write_all(content.as_bytes()).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

/// What a newly created file would get: read and write for its owner, read for everyone else.
#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
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
            fix: None,
        };
        assert_eq!(
            github_annotation(&d),
            "::error file=design/a%2Cb.mmd,line=3,col=5,endLine=3,endColumn=9,title=cidr-overlap::a, b: 100%25%0Anext"
        );
    }
}
