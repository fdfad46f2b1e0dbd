//! Inline suppressions (`%% topomaid-ignore RULE: reason`) and the diagnostics about topomaid's
//! own comments (`invalid-directive`, `unused-suppression`).

use super::rules::{InvalidDirective, UnusedSuppression};
use super::{Context, Diagnostic, RuleMeta};
use crate::source::{LineIndex, Span};

/// Rules that the engine itself reports, not [`super::Rule::check`].
pub(super) fn is_meta_rule(id: &str) -> bool {
    id == InvalidDirective::META.id || id == UnusedSuppression::META.id
}

/// The 0-based line a suppression at `span` applies to: the next line that is neither blank
/// nor a `%%` comment.
fn target_line(source: &str, index: &LineIndex, span: Span) -> Option<usize> {
    let mut line = index.line_of(span.start as usize) + 1;
    loop {
        let text = line_text(source, index, line)?;
        let t = text.trim();
        if !(t.is_empty() || t.starts_with("%%")) {
            return Some(line);
        }
        line += 1;
    }
}

fn line_text<'s>(source: &'s str, index: &LineIndex, line: usize) -> Option<&'s str> {
    if line > index.line_of(source.len()) {
        return None;
    }
    let s = index.line_span(source, line);
    Some(&source[s.range()])
}

fn diagnostic(
    cx: &Context<'_>,
    meta: &RuleMeta,
    span: Span,
    message: String,
    help: &str,
) -> Diagnostic {
    Diagnostic {
        rule: meta.id,
        severity: cx.config.severity(meta),
        message,
        span,
        label: None,
        related: Vec::new(),
        help: Some(help.to_string()),
        fix: None,
    }
}

/// The line holding `span` with its line end, when nothing but blanks surrounds `span` on it.
fn whole_line(source: &str, span: Span) -> Option<Span> {
    let (start, end) = (span.start as usize, span.end as usize);
    let line_start = source[..start].rfind('\n').map_or(0, |k| k + 1);
    let line_end = source[end..]
        .find('\n')
        .map_or(source.len(), |k| end + k + 1);
    let before = &source[line_start..start];
    let after = source[end..line_end].trim_end_matches(['\n', '\r']);
    (before.trim().is_empty() && after.trim().is_empty()).then(|| Span::new(line_start, line_end))
}

/// Removes suppressed diagnostics and adds the diagnostics about topomaid comments.
pub(super) fn apply(cx: &Context<'_>, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let directives = &cx.model.directives;
    let index = LineIndex::new(cx.source);
    let targets: Vec<Option<usize>> = directives
        .suppressions
        .iter()
        .map(|s| target_line(cx.source, &index, s.span))
        .collect();
    let mut used: Vec<Vec<bool>> = directives
        .suppressions
        .iter()
        .map(|s| vec![false; s.rules.len()])
        .collect();
    let mut kept = Vec::with_capacity(diagnostics.len());
    'diag: for d in diagnostics {
        let line = index.line_of(d.span.start as usize);
        for (i, s) in directives.suppressions.iter().enumerate() {
            if targets[i] != Some(line) {
                continue;
            }
            if let Some(r) = s.rules.iter().position(|r| r == d.rule) {
                used[i][r] = true;
                continue 'diag;
            }
        }
        kept.push(d);
    }
    let invalid = &InvalidDirective::META;
    if cx.config.is_enabled(invalid.id) {
        for p in &directives.problems {
            kept.push(diagnostic(cx, invalid, p.span, p.message.clone(), &p.help));
        }
        for s in &directives.suppressions {
            for r in &s.rules {
                if super::rule(r).is_none() {
                    kept.push(diagnostic(
                        cx,
                        invalid,
                        s.span,
                        format!("the suppression names `{r}`, which is no rule"),
                        "rule ids are kebab-case, such as `unreachable-service`; `topomaid rules` lists them",
                    ));
                }
            }
        }
    }
    let unused = &UnusedSuppression::META;
    if cx.config.is_enabled(unused.id) {
        for (i, s) in directives.suppressions.iter().enumerate() {
            for (r, rule) in s.rules.iter().enumerate() {
                if !used[i][r] && super::rule(rule).is_some() && cx.config.is_enabled(rule) {
                    let mut d = diagnostic(
                        cx,
                        unused,
                        s.span,
                        format!("this suppression of `{rule}` suppresses nothing"),
                        "remove it, or move it to the line before the finding",
                    );
                    // A comment that suppresses only this rule goes, with its line.
                    if s.rules.len() == 1 {
                        d.fix = whole_line(cx.source, s.span).map(|span| {
                            Box::new(crate::source::Fix {
                                message: "remove the unused suppression".into(),
                                edits: vec![crate::source::Edit {
                                    span,
                                    replacement: String::new(),
                                }],
                                safe: true,
                            })
                        });
                    }
                    kept.push(d);
                }
            }
        }
    }
    kept
}
