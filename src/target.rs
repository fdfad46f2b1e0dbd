//! The Mermaid release a diagram is checked and drawn for.
//!
//! Mermaid 11 and 12 read a few texts differently (subgraph ids, shape names) and draw with
//! different defaults (theme, look, layout). Every stage that depends on the release takes a
//! [`MermaidTarget`]; the command line (`--mermaid 11|12`) and `topomaid.toml` (`mermaid = "12"`)
//! choose it.

use std::fmt;
use std::str::FromStr;

/// A Mermaid release line topomaid checks against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MermaidTarget {
    /// Mermaid 11.17.2.
    V11,
    /// Mermaid 12.4.0, the newest release checked against (the default).
    #[default]
    V12,
}

impl MermaidTarget {
    /// Every target, oldest first.
    pub const ALL: [MermaidTarget; 2] = [MermaidTarget::V11, MermaidTarget::V12];

    /// The exact release the target was checked against, e.g. `"12.4.0"`.
    pub fn release(self) -> &'static str {
        match self {
            MermaidTarget::V11 => "11.17.2",
            MermaidTarget::V12 => "12.4.0",
        }
    }

    /// The major version as written in config and on the command line (`"11"`, `"12"`).
    pub fn major(self) -> &'static str {
        match self {
            MermaidTarget::V11 => "11",
            MermaidTarget::V12 => "12",
        }
    }
}

impl fmt::Display for MermaidTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.major())
    }
}

/// The error of [`MermaidTarget::from_str`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown Mermaid version `{0}`: expected `11` or `12`")]
pub struct UnknownTarget(pub String);

impl FromStr for MermaidTarget {
    type Err = UnknownTarget;

    /// Accepts `11`, `12`, and full releases of those lines (`11.17.2`, `12.4`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let major = s.trim().split('.').next().unwrap_or("");
        match major {
            "11" => Ok(MermaidTarget::V11),
            "12" => Ok(MermaidTarget::V12),
            _ => Err(UnknownTarget(s.trim().to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_majors_and_releases() {
        assert_eq!("11".parse(), Ok(MermaidTarget::V11));
        assert_eq!("12.4.0".parse(), Ok(MermaidTarget::V12));
        assert_eq!(" 11.17 ".parse(), Ok(MermaidTarget::V11));
        assert!("10".parse::<MermaidTarget>().is_err());
        assert_eq!(MermaidTarget::default(), MermaidTarget::V12);
    }
}
