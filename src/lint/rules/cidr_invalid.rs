use super::impl_rule;
use crate::lint::{Context, Violation, declare_rule};
use crate::model::AddrValue;

declare_rule! {
    /// ## What it does
    /// Checks that every CIDR block in a subgraph title and every address in a node label is
    /// well formed: four octets of 0 to 255 for IPv4, valid groups for IPv6, and a prefix no
    /// longer than the address (`/32`, `/128`).
    ///
    /// ## Why is this bad?
    /// A malformed range (`10.0.300.0/24`, `10.0.0.0/33`) is a typo that no cloud accepts, and
    /// topomaid cannot check overlaps or containment for it.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     subgraph App["App Subnet 10.0.300.0/24"]
    ///         Api["API<br/>10.0.300.4"]
    ///     end
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     subgraph App["App Subnet 10.0.3.0/24"]
    ///         Api["API<br/>10.0.3.4"]
    ///     end
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// ## References
    /// - [RFC 4632: CIDR](https://www.rfc-editor.org/rfc/rfc4632)
    /// - [RFC 4291: IPv6 addressing](https://www.rfc-editor.org/rfc/rfc4291)
    pub struct CidrInvalid {
        id: "cidr-invalid",
        severity: Error,
        summary: "A CIDR block or address is malformed.",
    }
}

impl_rule!(CidrInvalid);

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    for zone in &model.zones {
        for a in &zone.addresses {
            if let AddrValue::Invalid { reason, cidr } = &a.value {
                let what = if *cidr { "CIDR block" } else { "address" };
                out.push(
                    Violation::new(
                        a.span.unwrap_or(zone.header_span),
                        format!("malformed {what} `{}` in the title of zone `{}`: {reason}", a.text, zone.display_name()),
                    )
                    .label(format!("not a valid {what}"))
                    .help("write an IPv4 block as four octets of 0 to 255 and a prefix of at most /32 (`10.0.3.0/24`), an IPv6 block with a prefix of at most /128 (`fd00:10::/48`)"),
                );
            }
        }
    }
    for node in &model.nodes {
        for a in &node.addresses {
            if let AddrValue::Invalid { reason, cidr } = &a.value {
                let what = if *cidr { "CIDR block" } else { "address" };
                out.push(
                    Violation::new(
                        a.span.unwrap_or(node.span),
                        format!(
                            "malformed {what} `{}` in the label of node `{}`: {reason}",
                            a.text, node.id
                        ),
                    )
                    .label(format!("not a valid {what}"))
                    .help("an IPv4 address has four octets of 0 to 255 (`10.0.3.4`)"),
                );
            }
        }
    }
}
