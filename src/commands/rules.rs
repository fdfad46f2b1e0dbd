//! `topomaid rules`: the lint rules with their ids and default severities.

use crate::report::EXIT_OK;

/// Lists the rules on standard output; returns the exit code.
pub fn run() -> i32 {
    let rules = crate::lint::registry();
    // The ids in one column, as wide as the longest.
    let width = rules.iter().map(|r| r.meta().id.len()).max().unwrap_or(0);
    for rule in rules {
        let meta = rule.meta();
        println!(
            "{:<width$} {:<8} {}",
            meta.id,
            meta.default_severity.name(),
            meta.summary
        );
    }
    EXIT_OK
}
