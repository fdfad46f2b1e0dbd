//! What a check is asked to do: which rules, at which severity, and the model choices that
//! rules depend on. [`super::config_file`] reads `topomaid.toml` into this.

use std::collections::BTreeMap;

use super::{RuleMeta, Severity};
use crate::model::{Edge, Kind, KindReason, KindSource, Model, Traffic};

/// How a `[[kinds]]` entry of the configuration matches a node's label.
#[derive(Debug, Clone)]
pub enum LabelPattern {
    /// The label contains this text, ignoring case (stored lowercased).
    Substring(String),
    /// The label matches this regular expression (case-insensitive).
    Regex(regex::Regex),
}

impl LabelPattern {
    /// A case-insensitive substring pattern.
    pub fn substring(s: &str) -> Self {
        LabelPattern::Substring(s.to_lowercase())
    }

    /// Whether `label` matches.
    pub fn matches(&self, label: &str) -> bool {
        match self {
            LabelPattern::Substring(s) => label.to_lowercase().contains(s.as_str()),
            LabelPattern::Regex(r) => r.is_match(label),
        }
    }
}

impl std::fmt::Display for LabelPattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LabelPattern::Substring(s) => write!(f, "label `{s}`"),
            LabelPattern::Regex(r) => write!(f, "label-regex `{}`", r.as_str()),
        }
    }
}

/// A `[[kinds]]` entry: nodes with this class and/or a label matching this pattern have this
/// kind. Every condition given must hold.
#[derive(Debug, Clone)]
pub struct KindOverride {
    /// A class name the node must have.
    pub class: Option<String>,
    /// A pattern its label must match.
    pub label: Option<LabelPattern>,
    /// The kind it gets.
    pub kind: Kind,
}

impl KindOverride {
    fn describe(&self) -> String {
        match (&self.class, &self.label) {
            (Some(c), Some(l)) => format!("class `{c}` and {l}"),
            (Some(c), None) => format!("class `{c}`"),
            (None, Some(l)) => l.to_string(),
            (None, None) => String::new(),
        }
    }
}

pub use crate::pipeline::OtherDiagrams;

/// The lint configuration.
#[derive(Debug, Clone)]
pub struct LintConfig {
    /// When set, only these rules run.
    pub select: Option<Vec<String>>,
    /// Rules that do not run.
    pub ignore: Vec<String>,
    /// Severity per rule id, instead of the rule's default.
    pub severities: BTreeMap<String, Severity>,
    /// Whether dotted edges carry traffic (by default they are associations).
    pub dotted_edges_are_traffic: bool,
    /// The kinds that `missing-private-endpoint` treats as managed data services.
    pub private_endpoint_kinds: Vec<Kind>,
    /// Kinds set by the configuration file (`[[kinds]]`), first match wins.
    pub kind_overrides: Vec<KindOverride>,
    /// The provider set by the configuration file, instead of the one the words suggest.
    pub provider: Option<crate::model::provider::Provider>,
    /// Settings of the file that are not about rules (`other-diagrams`, `[format]`, …).
    pub project: crate::lint::config::ProjectSettings,
}

/// The settings of `topomaid.toml` that the commands read besides the rules.
#[derive(Debug, Clone, Default)]
pub struct ProjectSettings {
    /// `other-diagrams`.
    pub other_diagrams: OtherDiagrams,
    /// `[format] quote-style`.
    pub quote_style: crate::fmt::QuoteStyle,
    /// `exclude` and `extend-exclude`: globs of files no command reads, relative to `root`.
    pub exclude: Vec<String>,
    /// The directory of the configuration file (absolute), which `exclude` is relative to.
    pub root: Option<std::path::PathBuf>,
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            select: None,
            ignore: Vec::new(),
            severities: BTreeMap::new(),
            dotted_edges_are_traffic: false,
            private_endpoint_kinds: vec![
                Kind::Database,
                Kind::Cache,
                Kind::Queue,
                Kind::Storage,
                Kind::SecretStore,
            ],
            kind_overrides: Vec::new(),
            provider: None,
            project: ProjectSettings::default(),
        }
    }
}

impl LintConfig {
    /// True when the rule `id` runs.
    pub fn is_enabled(&self, id: &str) -> bool {
        self.select
            .as_ref()
            .is_none_or(|s| s.iter().any(|r| r == id))
            && !self.ignore.iter().any(|r| r == id)
    }

    /// The severity the rule reports at.
    pub fn severity(&self, meta: &RuleMeta) -> Severity {
        self.severities
            .get(meta.id)
            .copied()
            .unwrap_or(meta.default_severity)
    }

    /// True when traffic flows along `edge`.
    pub fn carries_traffic(&self, edge: &Edge) -> bool {
        match edge.traffic {
            Traffic::Traffic => true,
            Traffic::Association => self.dotted_edges_are_traffic,
            Traffic::Layout => false,
        }
    }

    /// Applies the `[[kinds]]` overrides to a built model. They win over the heuristics but not
    /// over a `%% topomaid: kind` directive, nor over the legend (a legend's sample nodes stay
    /// notes).
    pub fn apply_kind_overrides(&self, model: &mut Model) {
        if self.kind_overrides.is_empty() {
            return;
        }
        for node in &mut model.nodes {
            if matches!(
                node.kind_reason.source,
                KindSource::Directive | KindSource::Legend
            ) {
                continue;
            }
            let hit = self.kind_overrides.iter().find(|o| {
                o.class
                    .as_ref()
                    .is_none_or(|c| node.classes.iter().any(|n| n == c))
                    && o.label.as_ref().is_none_or(|l| l.matches(&node.label))
            });
            if let Some(o) = hit {
                node.kind = o.kind;
                node.kind_reason = KindReason {
                    source: KindSource::Config,
                    detail: format!("set by the configuration ({} is {})", o.describe(), o.kind),
                };
            }
        }
    }
}
