//! Baselines: the findings a team has accepted for now, so that `check --baseline FILE`
//! reports only new ones (see docs/ci.md). The file is JSON, sorted, and keyed by
//! fingerprints that do not change when lines move.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The version of the baseline file format this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    /// The file, relative to the directory `check` ran in, `/`-separated.
    pub path: String,
    /// The rule id.
    pub rule: String,
    /// What the finding is about, independent of its line (see [`super::fingerprint`]).
    pub fingerprint: String,
    /// The message, for people reading the file; not used for matching.
    pub message: String,
}

/// A baseline file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The format version, [`FORMAT_VERSION`].
    pub version: u32,
    /// The accepted findings, sorted by path, rule, fingerprint and message; a finding that
    /// occurs twice is listed twice.
    pub findings: Vec<Entry>,
}

/// Why a baseline file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The file is not a baseline.
    #[error("{path}:{line}:{column}: not a topomaid baseline: {message}")]
    Format {
        /// The file.
        path: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What is wrong.
        message: String,
    },
}

impl Baseline {
    /// A baseline of `findings`, sorted.
    pub fn new(mut findings: Vec<Entry>) -> Self {
        findings.sort();
        Baseline {
            version: FORMAT_VERSION,
            findings,
        }
    }

    /// Reads a baseline file.
    pub fn read(path: &Path) -> Result<Self, BaselineError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
            path: name.clone(),
            source,
        })?;
        Self::parse(&name, &text)
    }

    /// Parses the text of a baseline file named `name`.
    pub fn parse(name: &str, text: &str) -> Result<Self, BaselineError> {
        let format = |line, column, message: String| BaselineError::Format {
            path: name.to_string(),
            line,
            column,
            message,
        };
        let baseline: Baseline =
            serde_json::from_str(text).map_err(|e| format(e.line(), e.column(), e.to_string()))?;
        if baseline.version != FORMAT_VERSION {
            return Err(format(
                1,
                1,
                format!(
                    "version {} (this topomaid reads version {FORMAT_VERSION}; write it again with --write-baseline)",
                    baseline.version
                ),
            ));
        }
        Ok(baseline)
    }

    /// Writes the baseline as pretty JSON with a final newline.
    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        std::fs::write(path, text).map_err(|source| BaselineError::Io {
            path: path.display().to_string(),
            source,
        })
    }
}

/// Matches findings against a baseline, each entry absorbing at most one finding: with one
/// entry and two identical findings, one is reported.
#[derive(Debug, Default)]
pub struct Matcher {
    remaining: HashMap<(String, String, String), usize>,
    total: usize,
    absorbed: usize,
}

impl Matcher {
    /// A matcher for the entries of `baseline`.
    pub fn new(baseline: &Baseline) -> Self {
        let mut remaining = HashMap::new();
        for e in &baseline.findings {
            *remaining
                .entry((e.path.clone(), e.rule.clone(), e.fingerprint.clone()))
                .or_insert(0) += 1;
        }
        Matcher {
            remaining,
            total: baseline.findings.len(),
            absorbed: 0,
        }
    }

    /// Whether the baseline accepts this finding; if so, it uses up one entry.
    pub fn absorbs(&mut self, path: &str, rule: &str, fingerprint: &str) -> bool {
        let key = (path.to_string(), rule.to_string(), fingerprint.to_string());
        match self.remaining.get_mut(&key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                self.absorbed += 1;
                true
            }
            _ => false,
        }
    }

    /// Entries that matched no finding: problems fixed since the baseline was written.
    pub fn unmatched(&self) -> usize {
        self.total - self.absorbed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, rule: &str, fp: &str) -> Entry {
        Entry {
            path: path.into(),
            rule: rule.into(),
            fingerprint: fp.into(),
            message: "m".into(),
        }
    }

    #[test]
    fn each_entry_absorbs_one_finding() {
        let b = Baseline::new(vec![entry("a.mmd", "r", "f")]);
        let mut m = Matcher::new(&b);
        assert!(m.absorbs("a.mmd", "r", "f"));
        assert!(!m.absorbs("a.mmd", "r", "f"));
        assert!(!m.absorbs("b.mmd", "r", "f"));
        assert_eq!(m.unmatched(), 0);
    }

    #[test]
    fn unmatched_counts_fixed_findings() {
        let b = Baseline::new(vec![entry("a.mmd", "r", "f"), entry("a.mmd", "r", "f")]);
        let mut m = Matcher::new(&b);
        assert!(m.absorbs("a.mmd", "r", "f"));
        assert_eq!(m.unmatched(), 1);
    }

    #[test]
    fn written_text_reads_back_sorted() {
        let b = Baseline::new(vec![entry("b.mmd", "r", "1"), entry("a.mmd", "s", "2")]);
        assert_eq!(b.findings[0].path, "a.mmd");
        let text = serde_json::to_string_pretty(&b).unwrap();
        assert_eq!(Baseline::parse("x.json", &text).unwrap(), b);
    }

    proptest::proptest! {
        /// What a baseline reports is the multiset difference: each finding is reported as
        /// many times as it occurs beyond its entries in the baseline.
        #[test]
        fn reported_is_findings_minus_baseline(
            findings in proptest::collection::vec(0u8..4, 0..12),
            baselined in proptest::collection::vec(0u8..4, 0..12),
        ) {
            let b = Baseline::new(baselined.iter().map(|k| entry("a.mmd", "r", &k.to_string())).collect());
            let mut m = Matcher::new(&b);
            let reported = findings.iter().filter(|k| !m.absorbs("a.mmd", "r", &k.to_string())).count();
            let mut expected = 0;
            for k in 0u8..4 {
                let found = findings.iter().filter(|&&x| x == k).count();
                let accepted = baselined.iter().filter(|&&x| x == k).count();
                expected += found.saturating_sub(accepted);
            }
            proptest::prop_assert_eq!(reported, expected);
            proptest::prop_assert_eq!(m.unmatched(), baselined.len() - (findings.len() - reported));
        }
    }

    #[test]
    fn bad_files_say_where() {
        let e = Baseline::parse("base.json", "{\n  \"version\": 1,\n  \"findings\": 3\n}")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("base.json:3:"), "{e}");
        let e = Baseline::parse("base.json", r#"{"version": 9, "findings": []}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("version 9"), "{e}");
        let e = Baseline::parse("base.json", "[]").unwrap_err().to_string();
        assert!(e.starts_with("base.json:1:"), "{e}");
    }
}
