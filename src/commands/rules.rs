//! `topomaid rules`: the lint rules with their ids and default severities.

use crate::report::EXIT_OK;

/// Lists the rules on standard output; returns the exit code.
pub fn run() -> i32 {
    for rule in crate::lint::registry() {
        let meta = rule.meta();
        println!(
            "{:<26} {:<8} {}",
            meta.id,
            meta.default_severity.name(),
            meta.summary
        );
    }
    EXIT_OK
}
