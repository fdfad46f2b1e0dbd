use super::impl_drift_rule;
use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// For every data service drawn behind a private endpoint (linked to a private-endpoint
    /// node) and paired with a resource of the infrastructure code, reports when no private
    /// endpoint of the infrastructure serves that resource (an `azurerm_private_endpoint`
    /// whose connection names it, an `aws_vpc_endpoint` for its service, a PSC forwarding
    /// rule), and when the resource's public access is on (`public_network_access_enabled`,
    /// `publicly_accessible`, `publicNetworkAccess`, including a provider default that leaves
    /// it on).
    ///
    /// Runs under `topomaid drift DIAGRAM --against PATH`, or `check` with a `[drift]` section.
    ///
    /// ## Why is this bad?
    /// The diagram promises that the data tier is reachable only privately; the deployment
    /// leaves it on the internet. This is the drift an attacker finds first.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     subgraph vnet["VNet 10.1.0.0/16"]
    ///         App[App] --> PE["Private endpoint"]
    ///     end
    ///     PE --> SQL[(Orders SQL database)]
    /// ```
    /// against
    /// ```hcl
    /// resource "azurerm_virtual_network" "vnet" {
    ///   name          = "vnet"
    ///   address_space = ["10.1.0.0/16"]
    /// }
    /// resource "azurerm_mssql_server" "orders" {
    ///   name = "orders-sql"
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     subgraph vnet["VNet 10.1.0.0/16"]
    ///         App[App]
    ///     end
    ///     App --> SQL[(Orders SQL database)]
    /// ```
    ///
    /// ## Options
    /// - `--against PATH` and `--var-file FILE`, or the `[drift]` section of topomaid.toml.
    ///
    /// ## References
    /// - [Azure Private Link](https://learn.microsoft.com/azure/private-link/private-link-overview)
    /// - [docs/drift.md](../drift.md)
    pub struct DriftPrivateEndpoint {
        id: "drift-private-endpoint",
        severity: Error,
        summary: "A data service drawn behind a private endpoint has none, or is public, in the infrastructure.",
    }
}

impl_drift_rule!(DriftPrivateEndpoint);
