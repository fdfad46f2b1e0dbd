//! `check --format gitlab`: the GitLab Code Quality report, a JSON array of issues (the subset
//! of the Code Climate format that GitLab reads), for `artifacts: reports: codequality`.

use std::collections::HashMap;

use serde::Serialize;

use crate::lint::Severity;

/// One issue of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// The message, then `help: …` when there is help.
    pub description: String,
    /// The rule id, or `syntax`.
    pub check_name: String,
    /// Unique in the report and stable when lines move (see [`super::fingerprint`]).
    pub fingerprint: String,
    /// `info`, `minor`, `major` or `critical`.
    pub severity: &'static str,
    /// Where.
    pub location: Location,
}

/// Where an issue is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, relative to the directory `check` ran in (the repository root in CI).
    pub path: String,
    /// Its lines.
    pub lines: Lines,
}

/// The first line of an issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Lines {
    /// 1-based.
    pub begin: usize,
}

/// The Code Quality severity of a finding: a diagram that does not parse is `critical`, and
/// the lint severities map to `major` (error), `minor` (warning) and `info`.
pub fn severity(rule: &str, s: Severity) -> &'static str {
    if rule == crate::diagnostics::SYNTAX_RULE {
        return "critical";
    }
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The issues collected so far. Identical findings in one file get distinct fingerprints by
/// their order of occurrence, as GitLab requires fingerprints to be unique.
#[derive(Debug, Default)]
pub struct Report {
    issues: Vec<Issue>,
    seen: HashMap<String, usize>,
}

impl Report {
    /// Adds a finding whose line-independent fingerprint is `fingerprint`.
    pub fn push(
        &mut self,
        rule: &str,
        severity: Severity,
        description: String,
        path: String,
        line: usize,
        fingerprint: String,
    ) {
        let n = self.seen.entry(fingerprint.clone()).or_insert(0);
        *n += 1;
        let fingerprint = if *n == 1 {
            fingerprint
        } else {
            format!("{fingerprint}-{n}")
        };
        self.issues.push(Issue {
            description,
            check_name: rule.to_string(),
            fingerprint,
            severity: self::severity(rule, severity),
            location: Location {
                path,
                lines: Lines { begin: line },
            },
        });
    }

    /// The issues, in the order they were added.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_fingerprints_are_made_unique() {
        let mut r = Report::default();
        for line in [3, 9] {
            r.push(
                "r",
                Severity::Warning,
                "d".into(),
                "a.mmd".into(),
                line,
                "ff".into(),
            );
        }
        let fps: Vec<&str> = r.issues().iter().map(|i| i.fingerprint.as_str()).collect();
        assert_eq!(fps, ["ff", "ff-2"]);
        assert_eq!(r.issues()[0].severity, "minor");
    }

    #[test]
    fn severities_map_to_code_quality_levels() {
        assert_eq!(severity("syntax", Severity::Error), "critical");
        assert_eq!(severity("cidr-overlap", Severity::Error), "major");
        assert_eq!(severity("isolated-node", Severity::Info), "info");
    }
}
