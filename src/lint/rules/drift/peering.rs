use super::impl_drift_rule;
use crate::lint::declare_rule;

declare_rule! {
    /// ## What it does
    /// Compares the peerings the diagram draws (a link between two network zones, or a link
    /// labelled "peering" between things inside two networks) with the peerings of the
    /// infrastructure code (`azurerm_virtual_network_peering`, `aws_vpc_peering_connection`,
    /// `google_compute_network_peering`, their CloudFormation and ARM forms), between the
    /// networks the zones are paired with. Reports a drawn peering the infrastructure lacks,
    /// and a peering between two drawn networks that the diagram does not show.
    ///
    /// Runs under `topomaid drift DIAGRAM --against PATH`, or `check` with a `[drift]` section.
    ///
    /// ## Why is this bad?
    /// Peerings decide which networks can reach each other. A missing one breaks traffic the
    /// design relies on; an undrawn one is a path nobody reviews.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     subgraph hub["Hub VNet 10.0.0.0/16"]
    ///         FW[Firewall]
    ///     end
    ///     subgraph spoke["Spoke VNet 10.1.0.0/16"]
    ///         App[App]
    ///     end
    /// ```
    /// against
    /// ```hcl
    /// resource "azurerm_virtual_network" "hub" {
    ///   name          = "hub"
    ///   address_space = ["10.0.0.0/16"]
    /// }
    /// resource "azurerm_virtual_network" "spoke" {
    ///   name          = "spoke"
    ///   address_space = ["10.1.0.0/16"]
    /// }
    /// resource "azurerm_virtual_network_peering" "hub_to_spoke" {
    ///   name                      = "hub-to-spoke"
    ///   virtual_network_name      = azurerm_virtual_network.hub.name
    ///   remote_virtual_network_id = azurerm_virtual_network.spoke.id
    /// }
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     subgraph hub["Hub VNet 10.0.0.0/16"]
    ///         FW[Firewall]
    ///     end
    ///     subgraph spoke["Spoke VNet 10.1.0.0/16"]
    ///         App[App]
    ///     end
    ///     hub <-->|peering| spoke
    /// ```
    ///
    /// ## Options
    /// - `--against PATH` and `--var-file FILE`, or the `[drift]` section of topomaid.toml.
    ///
    /// ## References
    /// - [Azure virtual network peering](https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview)
    /// - [docs/drift.md](../drift.md)
    pub struct DriftPeering {
        id: "drift-peering",
        severity: Warning,
        summary: "A peering is drawn but not deployed, or deployed between drawn networks but not drawn.",
    }
}

impl_drift_rule!(DriftPeering);
