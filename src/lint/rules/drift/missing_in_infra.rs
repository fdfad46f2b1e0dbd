use super::impl_drift_rule;
use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports every zone or network node with a CIDR, and every private endpoint and data
    /// service node, that pairs with nothing in the infrastructure code (by CIDR, name, members
    /// or a pin), and every `%% topomaid: resource` pin that names no resource. When parts of
    /// the infrastructure could not be read (a remote module, a data source), the finding is
    /// only a note: the missing piece may be there.
    ///
    /// Runs under `topomaid drift DIAGRAM --against PATH`, or `check` with a `[drift]` section.
    ///
    /// ## Why is this bad?
    /// The diagram shows a network that is not deployed (it was removed, or never built): the
    /// design promises something the infrastructure does not deliver.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart TB
    ///     subgraph vpc["Main VPC 10.0.0.0/16"]
    ///         subgraph data["Data subnet 10.0.9.0/24"]
    ///             DB[(Orders DB)]
    ///         end
    ///     end
    /// ```
    /// against
    /// ```hcl
    /// resource "aws_vpc" "main" {
    ///   cidr_block = "10.0.0.0/16"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart TB
    ///     subgraph vpc["Main VPC 10.0.0.0/16"]
    ///         App[App]
    ///     end
    /// ```
    ///
    /// ## Options
    /// - `--against PATH` and `--var-file FILE`, or the `[drift]` section of topomaid.toml.
    /// - Pin a zone or node to a resource with `%% topomaid: resource ID ADDRESS`.
    ///
    /// ## References
    /// - [docs/drift.md](../drift.md)
    pub struct DriftMissingInInfra {
        id: "drift-missing-in-infra",
        severity: Warning,
        summary: "A network, subnet, private endpoint or data service is drawn but not in the infrastructure.",
    }
}

impl_drift_rule!(DriftMissingInInfra);
