use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `%% topomaid-ignore RULE: reason` comment that suppresses nothing: no finding
    /// of that rule starts on the line it applies to (the next line that is neither blank
    /// nor a comment).
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real finding on that line, and its reason no longer
    /// describes the diagram.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     %% topomaid-ignore isolated-node: drawn for its size
    ///     Users["Users"] --> Api["API"]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     Users["Users"] --> Api["API"]
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// ## References
    /// - [ruff: unused-noqa (RUF100)](https://docs.astral.sh/ruff/rules/unused-noqa/)
    pub struct UnusedSuppression {
        id: "unused-suppression",
        severity: Warning,
        summary: "A suppression comment that suppresses nothing.",
    }
}

impl_rule!(UnusedSuppression);

/// Reported by the engine while it applies suppressions.
fn run(_: &Context<'_>, _: &mut Vec<Violation>) {}
