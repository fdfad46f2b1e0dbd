use super::impl_rule;
use super::net_text::{first_line, has_any, has_word};
use crate::lint::{Context, Violation, declare_rule};
use crate::model::text::normalise;
use crate::model::{Endpoint, Node, Traffic};

declare_rule! {
    /// ## What it does
    /// Reports an edge that joins an AWS Direct Connect connection straight to a transit
    /// gateway over a private or public virtual interface (`DX -->|Private VIF| TGW`).
    ///
    /// The rule needs the diagram to say which kind of VIF it is, on the edge or on the
    /// Direct Connect node; an edge that names no VIF, or a transit VIF, says nothing wrong.
    /// Edges through a Direct Connect gateway node are what AWS requires and are not reported.
    ///
    /// ## Why is this bad?
    /// A transit gateway takes Direct Connect traffic only from a Direct Connect gateway,
    /// over a transit VIF. A private VIF ends on a virtual private gateway (one VPC) or on a
    /// Direct Connect gateway associated with virtual private gateways; a public VIF reaches
    /// AWS public endpoints. The attachment drawn cannot be built, and the routes the diagram
    /// promises to on-premises do not exist.
    ///
    /// ## Example
    /// ```mermaid
    /// flowchart LR
    ///     CORP["Corporate DC"] -->|BGP| DX["Direct Connect<br/>10 Gbps"]
    ///     DX -->|"Private VIF"| TGW{{"Transit Gateway"}}
    ///     TGW --> PROD["Production VPC"]
    /// ```
    ///
    /// ## Use instead
    /// ```mermaid
    /// flowchart LR
    ///     CORP["Corporate DC"] -->|BGP| DX["Direct Connect<br/>10 Gbps"]
    ///     DX -->|"Transit VIF"| DXGW["Direct Connect Gateway"]
    ///     DXGW --> TGW{{"Transit Gateway"}}
    ///     TGW --> PROD["Production VPC"]
    /// ```
    ///
    /// ## Options
    /// None.
    ///
    /// ## References
    /// - [AWS Direct Connect: virtual interfaces](https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html)
    /// - [AWS Direct Connect gateways and transit gateway associations](https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html)
    pub struct WrongDxAttachment {
        id: "wrong-dx-attachment",
        severity: Warning,
        summary: "A Direct Connect connection is joined to a transit gateway over a private or public VIF.",
    }
}

impl_rule!(WrongDxAttachment);

const DX: &[&str] = &[
    "direct connect",
    "directconnect",
    "dx",
    "dx connection",
    "dxcon",
    "다이렉트 커넥트",
    "ダイレクトコネクト",
];
/// A Direct Connect gateway is the right thing between the two.
const DX_GATEWAY: &[&str] = &[
    "direct connect gateway",
    "dx gateway",
    "dxgw",
    "dx gw",
    "dxgateway",
];
const TGW: &[&str] = &[
    "transit gateway",
    "tgw",
    "트랜짓 게이트웨이",
    "トランジットゲートウェイ",
];
/// The VIFs that cannot end on a transit gateway, as written.
const WRONG_VIF: &[(&str, &str)] = &[
    ("private vif", "private VIF"),
    ("private virtual interface", "private VIF"),
    ("public vif", "public VIF"),
    ("public virtual interface", "public VIF"),
    ("프라이빗 vif", "private VIF"),
    ("퍼블릭 vif", "public VIF"),
    ("プライベート vif", "private VIF"),
    ("パブリック vif", "public VIF"),
];
const TRANSIT_VIF: &[&str] = &["transit vif", "transit virtual interface", "트랜짓 vif"];

/// The first line of a node names it; its other lines describe it.
fn names(node: &Node, what: &[&str]) -> bool {
    has_any(&first_line(&node.label), what)
}

fn run(cx: &Context<'_>, out: &mut Vec<Violation>) {
    let model = cx.model;
    let is_dx = |n: &Node| names(n, DX) && !has_any(&n.words, DX_GATEWAY);
    let dx: Vec<bool> = model.nodes.iter().map(is_dx).collect();
    let tgw: Vec<bool> = model
        .nodes
        .iter()
        .zip(&dx)
        .map(|(n, &d)| !d && names(n, TGW))
        .collect();
    if !dx.contains(&true) || !tgw.contains(&true) {
        return;
    }
    for edge in &model.edges {
        if edge.traffic == Traffic::Layout {
            continue;
        }
        let (Endpoint::Node(a), Endpoint::Node(b)) = (edge.from, edge.to) else {
            continue;
        };
        let (dx, tgw) = if dx[a.0] && tgw[b.0] {
            (&model.nodes[a.0], &model.nodes[b.0])
        } else if dx[b.0] && tgw[a.0] {
            (&model.nodes[b.0], &model.nodes[a.0])
        } else {
            continue;
        };
        let label = normalise(&edge.label);
        let said_on_edge = WRONG_VIF.iter().find(|(w, _)| has_word(&label, w));
        let vif = match said_on_edge {
            Some(v) => Some(v),
            None if !has_any(&label, TRANSIT_VIF) && !has_any(&dx.words, TRANSIT_VIF) => {
                WRONG_VIF.iter().find(|(w, _)| has_word(&dx.words, w))
            }
            None => None,
        };
        let Some((_, vif)) = vif else {
            continue;
        };
        out.push(
            Violation::new(
                edge.span,
                format!(
                    "the Direct Connect connection `{}` is joined to the transit gateway `{}` over a {vif}",
                    dx.id, tgw.id
                ),
            )
            .label(format!("a {vif} cannot end on a transit gateway"))
            .related(dx.span, format!("`{}` is the Direct Connect connection", dx.id))
            .related(tgw.span, format!("`{}` is the transit gateway", tgw.id))
            .help(format!(
                "use a transit VIF to a Direct Connect gateway associated with the transit gateway: `{dx} -->|Transit VIF| DXGW[\"Direct Connect Gateway\"] --> {tgw}`; a private VIF ends on a virtual private gateway (or a Direct Connect gateway associated with them), a public VIF on AWS public endpoints",
                dx = dx.id,
                tgw = tgw.id
            )),
        );
    }
}
