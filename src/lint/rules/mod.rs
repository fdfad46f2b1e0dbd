//! The rules, one per file. The ids are a public contract.

mod cidr_host_bits;
mod cidr_invalid;
mod cidr_outside_parent;
mod cidr_overlap;
mod classes;
mod drift;
mod duplicate_node;
mod flat_east_west;
mod implicit_node;
mod inspection_bypass;
mod invalid_directive;
mod ip_outside_subnet;
mod isolated_node;
mod mermaid_version_difference;
mod missing_private_endpoint;
mod net_text;
mod no_l2_isolation;
mod open_admin_port;
mod policy_text;
mod port_conflict;
mod private_endpoint_outside_subnet;
mod public_data_path;
mod public_ip_in_private_subnet;
mod subnet_too_small;
mod undefined_class;
mod unreachable_service;
mod unused_class;
mod unused_suppression;
mod wrong_dx_attachment;

pub use cidr_host_bits::CidrHostBits;
pub use cidr_invalid::CidrInvalid;
pub use cidr_outside_parent::CidrOutsideParent;
pub use cidr_overlap::CidrOverlap;
pub use drift::{
    DriftCidr, DriftMissingInDiagram, DriftMissingInInfra, DriftPeering, DriftPrivateEndpoint,
};
pub use duplicate_node::DuplicateNode;
pub use flat_east_west::FlatEastWest;
pub use implicit_node::ImplicitNode;
pub use inspection_bypass::InspectionBypass;
pub use invalid_directive::InvalidDirective;
pub use ip_outside_subnet::IpOutsideSubnet;
pub use isolated_node::IsolatedNode;
pub use mermaid_version_difference::MermaidVersionDifference;
pub use missing_private_endpoint::MissingPrivateEndpoint;
pub use no_l2_isolation::NoL2Isolation;
pub use open_admin_port::OpenAdminPort;
pub use port_conflict::PortConflict;
pub use private_endpoint_outside_subnet::PrivateEndpointOutsideSubnet;
pub use public_data_path::PublicDataPath;
pub use public_ip_in_private_subnet::PublicIpInPrivateSubnet;
pub use subnet_too_small::SubnetTooSmall;
pub use undefined_class::UndefinedClass;
pub use unreachable_service::UnreachableService;
pub use unused_class::UnusedClass;
pub use unused_suppression::UnusedSuppression;
pub use wrong_dx_attachment::WrongDxAttachment;

use super::Rule;

/// Every rule, in the order they run.
pub static ALL: &[&dyn Rule] = &[
    &CidrOverlap,
    &CidrInvalid,
    &CidrHostBits,
    &CidrOutsideParent,
    &IpOutsideSubnet,
    &SubnetTooSmall,
    &PortConflict,
    &UnreachableService,
    &MissingPrivateEndpoint,
    &PrivateEndpointOutsideSubnet,
    &PublicDataPath,
    &OpenAdminPort,
    &PublicIpInPrivateSubnet,
    &WrongDxAttachment,
    &NoL2Isolation,
    &FlatEastWest,
    &InspectionBypass,
    &UndefinedClass,
    &UnusedClass,
    &DuplicateNode,
    &ImplicitNode,
    &IsolatedNode,
    &InvalidDirective,
    &MermaidVersionDifference,
    &DriftCidr,
    &DriftMissingInDiagram,
    &DriftMissingInInfra,
    &DriftPrivateEndpoint,
    &DriftPeering,
    &UnusedSuppression,
];

/// Implements [`Rule`] for a rule struct with a `fn run(cx, out)`.
macro_rules! impl_rule {
    ($name:ident) => {
        impl $crate::lint::Rule for $name {
            fn meta(&self) -> &'static $crate::lint::RuleMeta {
                &Self::META
            }
            fn check(
                &self,
                cx: &$crate::lint::Context<'_>,
                out: &mut Vec<$crate::lint::Violation>,
            ) {
                run(cx, out)
            }
        }
    };
}
pub(crate) use impl_rule;
