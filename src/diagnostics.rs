//! Rendering findings and errors rustc-style: `file:line:column`, the message, the source line
//! with the offending part underlined, related places, and a help line.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use serde::Serialize;

use crate::lint::{Diagnostic, Severity};
use crate::source::{Fix, LineIndex, Span, floor_char_boundary};
use crate::syntax::error::SyntaxError;

/// One message to render, whatever produced it.
pub struct Report<'a> {
    /// How serious.
    pub severity: Severity,
    /// The rule id, shown as `warning[rule-id]`.
    pub code: Option<&'a str>,
    /// What is wrong.
    pub message: &'a str,
    /// Where, relative to the diagram.
    pub span: Span,
    /// The text under the underline.
    pub label: &'a str,
    /// Other places, with notes.
    pub related: Vec<(Span, &'a str)>,
    /// Places in other files (the infrastructure code `drift` compares with), with notes.
    pub elsewhere: Vec<(&'a crate::drift::Location, &'a str)>,
    /// How to fix it.
    pub help: Option<&'a str>,
    /// An edit that fixes it.
    pub fix: Option<&'a Fix>,
}

impl<'a> Report<'a> {
    /// The report of a syntax error.
    pub fn from_error(e: &'a SyntaxError) -> Self {
        Report {
            severity: Severity::Error,
            code: None,
            message: &e.message,
            span: e.span,
            label: &e.label,
            related: e.related.iter().map(|(s, n)| (*s, n.as_str())).collect(),
            elsewhere: Vec::new(),
            help: e.help.as_deref(),
            fix: e.fix.as_deref(),
        }
    }

    /// The report of a lint finding.
    pub fn from_diagnostic(d: &'a Diagnostic) -> Self {
        Report {
            severity: d.severity,
            code: Some(d.rule),
            message: &d.message,
            span: d.span,
            label: d.label.as_deref().unwrap_or(""),
            related: d
                .related
                .iter()
                .filter(|r| r.location.is_none())
                .map(|r| (r.span, r.message.as_str()))
                .collect(),
            elsewhere: d
                .related
                .iter()
                .filter_map(|r| r.location.as_ref().map(|l| (l, r.message.as_str())))
                .collect(),
            help: d.help.as_deref(),
            fix: d.fix.as_deref(),
        }
    }
}

/// Renders `report`, whose spans are relative to a diagram starting at byte `base` of `text`
/// (the whole document named `name`). Indexes the document's lines first: to render many
/// reports of one document, index it once and call [`render_indexed`].
pub fn render(name: &str, text: &str, base: usize, report: &Report<'_>, color: bool) -> String {
    render_indexed(name, text, &LineIndex::new(text), base, report, color)
}

/// Lines of context kept between two annotated places before they are shown as separate
/// excerpts (the snippet renderer folds unannotated lines in between anyway).
const JOIN_LINES: usize = 64;

/// [`render`] with the document's lines already indexed. The snippet renderer is given only
/// the lines the report points at (each group of nearby places as one excerpt that starts at
/// its own line number, the primary place's first), so a report costs what it shows, not the
/// length of the document: a document with many findings renders in linear time.
pub fn render_indexed(
    name: &str,
    text: &str,
    index: &LineIndex,
    base: usize,
    report: &Report<'_>,
    color: bool,
) -> String {
    let fix = |s: Span| -> std::ops::Range<usize> {
        let start = shown_offset(text, s.start as usize + base);
        let end = shown_offset(text, s.end as usize + base).max(start);
        start..end
    };
    let mut places = vec![(fix(report.span), AnnotationKind::Primary, report.label)];
    places.extend(
        report
            .related
            .iter()
            .map(|(span, note)| (fix(*span), AnnotationKind::Context, *note)),
    );
    let mut snippets = Vec::new();
    for lines in excerpts(index, &places) {
        let from = index.line_span(text, lines.start).start as usize;
        let to = index.line_span(text, lines.end - 1).end as usize;
        // The excerpt's last line keeps its terminator, as it has in the document.
        let to = text[to..].find('\n').map_or(text.len(), |i| to + i + 1);
        let mut snippet = Snippet::source(&text[from..to])
            .line_start(lines.start + 1)
            .path(name);
        for (range, kind, label) in &places {
            if lines.contains(&index.line_of(range.start)) {
                let at = range.start - from..range.end.min(to) - from;
                snippet = snippet.annotation((*kind).span(at).label(*label));
            }
        }
        snippets.push(snippet);
    }
    let level = match report.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::NOTE,
    };
    let mut title = level.primary_title(report.message);
    if let Some(code) = report.code {
        title = title.id(code);
    }
    let mut group = title.elements(snippets);
    for (loc, note) in &report.elsewhere {
        let start = loc
            .text
            .char_indices()
            .nth(loc.column.saturating_sub(1) as usize)
            .map_or(loc.text.len(), |(i, _)| i);
        let end = loc.text.trim_end().len().max(start);
        group = group.element(
            Snippet::source(loc.text.as_str())
                .path(loc.path.as_str())
                .line_start(loc.line as usize)
                .annotation(AnnotationKind::Context.span(start..end).label(*note)),
        );
    }
    let mut groups = vec![group];
    if let Some(help) = report.help {
        groups.push(Group::with_title(Level::HELP.secondary_title(help)));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&groups)
}

/// The line ranges (0-based, end exclusive) to show for `places`: the lines each place covers,
/// joined when fewer than [`JOIN_LINES`] lines lie between them; the primary place's (the first
/// place) comes first, the others follow in document order.
fn excerpts(
    index: &LineIndex,
    places: &[(std::ops::Range<usize>, AnnotationKind, &str)],
) -> Vec<std::ops::Range<usize>> {
    let mut covered: Vec<std::ops::Range<usize>> = places
        .iter()
        .map(|(r, _, _)| index.line_of(r.start)..index.line_of(r.end) + 1)
        .collect();
    let primary_line = covered[0].start;
    covered.sort_by_key(|r| r.start);
    let mut joined: Vec<std::ops::Range<usize>> = Vec::new();
    for r in covered {
        match joined.last_mut() {
            Some(last) if r.start <= last.end + JOIN_LINES => last.end = last.end.max(r.end),
            _ => joined.push(r),
        }
    }
    if let Some(i) = joined.iter().position(|r| r.contains(&primary_line)) {
        let primary = joined.remove(i);
        joined.insert(0, primary);
    }
    joined
}

/// Where a message about byte `offset` of `text` is shown: on a character boundary, and never
/// past a final line break (no line follows it to point at).
fn shown_offset(text: &str, offset: usize) -> usize {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    if offset == text.len() && text.ends_with('\n') {
        offset - 1
    } else {
        offset
    }
}

/// Renders a syntax error (see [`render`]).
pub fn render_error(name: &str, text: &str, base: usize, err: &SyntaxError, color: bool) -> String {
    render(name, text, base, &Report::from_error(err), color)
}

/// `name:line:column: message`, the one-line form of an error.
pub fn one_line(name: &str, text: &str, base: usize, err: &SyntaxError) -> String {
    let idx = LineIndex::new(text);
    let lc = idx.line_col(text, shown_offset(text, err.span.start as usize + base));
    format!("{name}:{}:{}: {}", lc.line, lc.column, err.message)
}

/// The rule id of findings that are parse errors (in JSON, SARIF, GitLab and baselines).
pub const SYNTAX_RULE: &str = "syntax";

/// The rule id of a wrong `topomaid.toml`, reported once, at its place in that file; the files
/// it governs are not checked.
pub const CONFIG_RULE: &str = "config";

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
    /// The edit that fixes it, when one is known (`check --fix` applies it when it is safe).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<JsonFix<'a>>,
}

/// A fix in JSON: what it does, whether it is certain, and its edits.
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonFix<'a> {
    /// What the fix does.
    pub message: &'a str,
    /// Whether `check --fix` applies it (otherwise only with `--unsafe-fixes`).
    pub safe: bool,
    /// The replacements, in text order.
    pub edits: Vec<JsonEdit<'a>>,
}

/// One replacement: the text from (line, column) to (end_line, end_column) becomes
/// `replacement` (1-based, columns in characters; an insertion when start and end are equal).
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonEdit<'a> {
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end.
    pub end_column: usize,
    /// The new text.
    pub replacement: &'a str,
}

/// A related place of a finding, in JSON.
#[derive(Serialize, schemars::JsonSchema)]
pub struct JsonRelated<'a> {
    /// What it is.
    pub message: &'a str,
    /// The file, when it is not the finding's (the infrastructure code `drift` compares with).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'a str>,
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
                    file: None,
                    line: lc.line,
                    column: lc.column,
                }
            })
            .chain(report.elsewhere.iter().map(|(loc, message)| JsonRelated {
                message,
                file: Some(loc.path.as_str()),
                line: loc.line as usize,
                column: loc.column as usize,
            }))
            .collect(),
        fix: report.fix.map(|f| JsonFix {
            message: &f.message,
            safe: f.safe,
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let (s, end) = at(e.span);
                    JsonEdit {
                        line: s.line,
                        column: s.column,
                        end_line: end.line,
                        end_column: end.column,
                        replacement: &e.replacement,
                    }
                })
                .collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report<'a>(span: Span, related: Vec<(Span, &'a str)>) -> Report<'a> {
        Report {
            severity: Severity::Warning,
            code: Some("some-rule"),
            message: "something is wrong",
            span,
            label: "here",
            related,
            elsewhere: Vec::new(),
            help: None,
            fix: None,
        }
    }

    fn line_span(text: &str, line: usize) -> Span {
        let idx = LineIndex::new(text);
        idx.line_span(text, line - 1)
    }

    /// Places far apart are shown as separate excerpts, each with its own line numbers, the
    /// primary place's first; places close together share one excerpt.
    #[test]
    fn excerpts_carry_their_own_line_numbers() {
        let text: String = (1..=1000).map(|i| format!("line{i}\n")).collect();
        let far = report(
            line_span(&text, 900),
            vec![(line_span(&text, 3), "first here")],
        );
        let out = render("d.mmd", &text, 0, &far, false);
        assert!(out.contains(" --> d.mmd:900:1"), "{out}");
        assert!(out.contains("900 | line900"), "{out}");
        assert!(out.contains("::: d.mmd:3:1"), "{out}");
        assert!(out.contains("3 | line3\n"), "{out}");
        assert!(
            out.find("line900").unwrap() < out.find("line3\n").unwrap(),
            "{out}"
        );
        assert!(
            !out.contains("line899") && !out.contains("line4\n"),
            "{out}"
        );

        let near = report(
            line_span(&text, 20),
            vec![(line_span(&text, 10), "first here")],
        );
        let out = render("d.mmd", &text, 0, &near, false);
        assert!(!out.contains(":::"), "{out}");
        assert!(
            out.find("line10").unwrap() < out.find("line20").unwrap(),
            "{out}"
        );
    }

    /// A place at the end of the text, after its last line break, and an empty text render.
    #[test]
    fn places_at_the_ends_render() {
        let text = "graph TD\nA --> B\n";
        let end = Span::new(text.len(), text.len());
        let out = render("d.mmd", text, 0, &report(end, vec![]), false);
        assert!(out.contains("d.mmd:2:8"), "{out}");
        let out = render("e.mmd", "", 0, &report(Span::new(0, 0), vec![]), false);
        assert!(out.contains("e.mmd:1:1"), "{out}");
    }

    /// Rendering every finding of a document costs what each shows, not the document's
    /// length: the same finding in a document four times longer shows the same lines (the
    /// whole document given to the snippet renderer each time made n findings cost n × the
    /// document). The time itself is measured by `benches/linear.rs`, not here.
    #[test]
    fn many_findings_render_in_linear_time() {
        let shown = |n: usize| {
            let text: String = (0..n).map(|i| format!("  n{i} --> n{}\n", i + 1)).collect();
            let idx = LineIndex::new(&text);
            let span = |i: usize| idx.line_span(&text, i);
            let r = report(span(n - 2), vec![(span(n / 2), "related")]);
            render_indexed("d.mmd", &text, &idx, 0, &r, false)
                .lines()
                .count()
        };
        assert_eq!(shown(1_000), shown(4_000));
        assert!(shown(4_000) < 20, "only the lines pointed at are shown");
    }
}
