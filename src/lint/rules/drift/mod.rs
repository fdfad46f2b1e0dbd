//! The `drift-*` rules: what differs between the diagram and the infrastructure code it
//! describes (see `docs/drift.md`). They report from the comparison `topomaid drift` (or
//! `check` with a `[drift]` section) makes; without one they have nothing to say.

mod cidr;
mod missing_in_diagram;
mod missing_in_infra;
mod peering;
mod private_endpoint;

pub use cidr::DriftCidr;
pub use missing_in_diagram::DriftMissingInDiagram;
pub use missing_in_infra::DriftMissingInInfra;
pub use peering::DriftPeering;
pub use private_endpoint::DriftPrivateEndpoint;

use crate::lint::{Context, Violation};

/// The findings of the comparison for the rule `id`, as violations.
fn report(cx: &Context<'_>, id: &str, out: &mut Vec<Violation>) {
    let Some(c) = cx.drift else { return };
    for f in c.findings.iter().filter(|f| f.rule == id) {
        let mut v = Violation::new(f.span, f.message.clone()).label(f.label.clone());
        if let Some((loc, note)) = &f.infra {
            v = v.related_in(loc.clone(), note.clone());
        }
        if let Some(h) = &f.help {
            v = v.help(h.clone());
        }
        if f.unknown {
            v = v.as_note();
        }
        out.push(v);
    }
}

/// Implements [`crate::lint::Rule`] for a drift rule.
macro_rules! impl_drift_rule {
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
                super::report(cx, Self::META.id, out)
            }
        }
    };
}
use impl_drift_rule;
