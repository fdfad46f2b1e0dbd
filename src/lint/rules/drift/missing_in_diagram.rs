use super::impl_drift_rule;
use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports every network, subnet, private endpoint and managed data service (database,
    /// cache, queue, storage, key vault) of the infrastructure code that no zone or node of
    /// the diagram stands for. The finding points at the zone the resource would be drawn in
    /// (its subnet's or network's zone) when there is one, else at the top of the diagram, and
    /// names the file and line that declares the resource.
    ///
    /// Runs under `topomaid drift DIAGRAM --against PATH`, or `check` with a `[drift]` section.
    ///
    /// ## Why is this bad?
    /// A subnet or a private endpoint that is deployed but not drawn is invisible to whoever
    /// reviews the design: the diagram claims a smaller network than the one that runs.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart TB
    ///     subgraph vpc["Main VPC 10.0.0.0/16"]
    ///         subgraph pub["Public subnet 10.0.1.0/24"]
    ///             LB[Load balancer]
    ///         end
    ///     end
    /// ```
    /// against
    /// ```hcl
    /// resource "aws_vpc" "main" {
    ///   cidr_block = "10.0.0.0/16"
    /// }
    /// resource "aws_subnet" "public" {
    ///   vpc_id     = aws_vpc.main.id
    ///   cidr_block = "10.0.1.0/24"
    /// }
    /// resource "aws_subnet" "private" {
    ///   vpc_id     = aws_vpc.main.id
    ///   cidr_block = "10.0.2.0/24"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart TB
    ///     subgraph vpc["Main VPC 10.0.0.0/16"]
    ///         subgraph pub["Public subnet 10.0.1.0/24"]
    ///             LB[Load balancer]
    ///         end
    ///         subgraph priv["Private subnet 10.0.2.0/24"]
    ///             App[App]
    ///         end
    ///     end
    /// ```
    ///
    /// ## Options
    /// - `--against PATH` and `--var-file FILE`, or the `[drift]` section of topomaid.toml.
    /// - Pin a zone or node to a resource with `%% topomaid: resource ID ADDRESS`.
    ///
    /// ## References
    /// - [docs/drift.md](../drift.md)
    pub struct DriftMissingInDiagram {
        id: "drift-missing-in-diagram",
        severity: Warning,
        summary: "A network, subnet, private endpoint or data service of the infrastructure is not drawn.",
    }
}

impl_drift_rule!(DriftMissingInDiagram);
