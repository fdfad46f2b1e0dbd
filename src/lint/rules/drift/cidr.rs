use super::impl_drift_rule;
use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Compares the range drawn on each zone (or network node) with the range of the network
    /// or subnet it is paired with in the infrastructure code, and reports every difference.
    /// Zones pair with networks and subnets by CIDR first, then by name (the title or id
    /// against the resource's name, tags and local name), then by members, or by hand with
    /// `%% topomaid: resource ID ADDRESS`; a zone paired by name whose range differs is drift.
    ///
    /// When the infrastructure's range cannot be resolved statically (a data source, a remote
    /// module's output, a variable without a value), the rule says so in a note and counts it
    /// as unknown: neither a match nor a mismatch.
    ///
    /// Runs under `topomaid drift DIAGRAM --against PATH`, or `check` with a `[drift]` section.
    ///
    /// ## Why is this bad?
    /// A subnet was resized or renumbered and the design document still shows the old range:
    /// firewall rules, peering plans and address requests made from the diagram will be wrong.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart TB
    ///     subgraph hub["Hub VNet 10.0.0.0/16"]
    ///         subgraph app["App subnet 10.0.1.0/24"]
    ///             API[API]
    ///         end
    ///     end
    /// ```
    /// against
    /// ```hcl
    /// resource "azurerm_virtual_network" "hub" {
    ///   name          = "hub-vnet"
    ///   address_space = ["10.0.0.0/16"]
    /// }
    /// resource "azurerm_subnet" "app" {
    ///   name                 = "app-subnet"
    ///   virtual_network_name = azurerm_virtual_network.hub.name
    ///   address_prefixes     = [cidrsubnet("10.0.0.0/16", 7, 1)]
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart TB
    ///     subgraph hub["Hub VNet 10.0.0.0/16"]
    ///         subgraph app["App subnet 10.0.2.0/23"]
    ///             API[API]
    ///         end
    ///     end
    /// ```
    ///
    /// ## Options
    /// - `--against PATH` and `--var-file FILE` on the command line, or `against` and
    ///   `var-files` in the `[drift]` section of topomaid.toml.
    /// - Pin a pairing with `%% topomaid: resource ID ADDRESS`.
    ///
    /// ## References
    /// - [Terraform `cidrsubnet`](https://developer.hashicorp.com/terraform/language/functions/cidrsubnet)
    /// - [docs/drift.md](../drift.md)
    pub struct DriftCidr {
        id: "drift-cidr",
        severity: Error,
        summary: "A network or subnet's range in the diagram differs from the infrastructure code.",
    }
}

impl_drift_rule!(DriftCidr);
