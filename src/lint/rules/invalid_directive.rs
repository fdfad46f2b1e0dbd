use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports topomaid comments that cannot be read: a `%% topomaid: kind` directive with an
    /// unknown kind or an id that names no node or subgraph, a `%% topomaid-ignore` without a
    /// reason or naming no known rule.
    ///
    /// ## Why is this bad?
    /// A directive that is not understood does nothing, silently: the kind stays what the
    /// heuristics guessed, the finding stays reported (or, for a misspelt rule, suppressed
    /// nothing while looking as if it did).
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     %% topomaid: kind PGPrimary databse
    ///     %% topomaid-ignore unreachable-service
    ///     PGPrimary["Primary"]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     %% topomaid: kind PGPrimary database
    ///     PGPrimary["Primary"]
    /// ```
    ///
    /// ## Options
    /// None. The directive syntax:
    /// - `%% topomaid: kind ID[,ID…] KIND`, KIND one of `external`, `gateway`,
    ///   `load-balancer`, `private-endpoint`, `service`, `database`, `cache`, `queue`,
    ///   `storage`, `compute`, `address`, `egress`, `note`, `generic`; an ID may name a
    ///   subgraph, which sets every node inside it;
    /// - `%% topomaid-ignore RULE[,RULE…]: reason`, on a line of its own before the line of
    ///   the finding.
    ///
    /// ## References
    /// - [Mermaid: comments](https://mermaid.js.org/syntax/flowchart.html#comments)
    pub struct InvalidDirective {
        id: "invalid-directive",
        severity: Warning,
        summary: "A topomaid comment (kind directive or suppression) that cannot be read.",
    }
}

impl_rule!(InvalidDirective);

/// Reported by the engine while it applies suppressions.
fn run(_: &Context<'_>, _: &mut Vec<Violation>) {}
