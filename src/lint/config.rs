//! What a check is asked to do: which rules, at which severity, and the model choices that
//! rules depend on. (Reading `topomaid.toml` into this is still to come.)

use std::collections::BTreeMap;

use super::{RuleMeta, Severity};
use crate::model::{Edge, Kind, Traffic};

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
}

impl Default for LintConfig {
    fn default() -> Self {
        LintConfig {
            select: None,
            ignore: Vec::new(),
            severities: BTreeMap::new(),
            dotted_edges_are_traffic: false,
            private_endpoint_kinds: vec![Kind::Database, Kind::Cache, Kind::Queue, Kind::Storage],
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
}
