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
                        .is_some_and(crate::input::is_fmt_temp_name);
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
    for r in d.related.iter().filter(|r| r.file.is_some()) {
        message.push_str(&format!(
            "\n{}:{}:{}: {}",
            r.file.unwrap_or_default(),
            r.line,
            r.column,
            r.message
        ));
    }
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
