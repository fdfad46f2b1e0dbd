//! Provider profiles: what Azure, AWS, GCP and on-premises networks reserve and allow, and
//! what their products are called, inferred from a diagram's words (`VNet`, `VPC`, `Shared
//! VPC`, `vmbr`) unless the configuration names the provider.

use serde::Serialize;

use super::Model;
use super::text::has_phrase;

/// Where a network runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Provider {
    /// Microsoft Azure.
    Azure,
    /// Amazon Web Services.
    Aws,
    /// Google Cloud.
    Gcp,
    /// A network of one's own: no addresses reserved beyond network and broadcast.
    OnPremises,
}

/// The provider of a diagram and why it was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderChoice {
    /// The provider.
    pub provider: Provider,
    /// What decided it: ``words `vpc`, `alb` `` or ``set in topomaid.toml``.
    pub reason: String,
}

/// Words that say which provider a diagram draws, each with a weight (a product name counts
/// more than a generic word).
const EVIDENCE: &[(Provider, &str, u32)] = &[
    (Provider::Azure, " azure ", 3),
    (Provider::Azure, " vnet ", 2),
    (Provider::Azure, " virtual network ", 1),
    (Provider::Azure, " aks ", 2),
    (Provider::Azure, " nsg ", 2),
    (Provider::Azure, " application gateway ", 2),
    (Provider::Azure, " front door ", 2),
    (Provider::Azure, " key vault ", 2),
    (Provider::Azure, " cosmos ", 2),
    (Provider::Azure, " expressroute ", 2),
    (Provider::Azure, " private endpoint ", 1),
    (Provider::Azure, " entra ", 2),
    (Provider::Azure, " 애저 ", 3),
    (Provider::Aws, " aws ", 3),
    (Provider::Aws, " amazon ", 3),
    (Provider::Aws, " vpc ", 1),
    (Provider::Aws, " alb ", 2),
    (Provider::Aws, " nlb ", 2),
    (Provider::Aws, " elb ", 2),
    (Provider::Aws, " ec2 ", 3),
    (Provider::Aws, " eks ", 3),
    (Provider::Aws, " ecs ", 2),
    (Provider::Aws, " rds ", 3),
    (Provider::Aws, " aurora ", 2),
    (Provider::Aws, " s3 ", 2),
    (Provider::Aws, " lambda ", 2),
    (Provider::Aws, " igw ", 2),
    (Provider::Aws, " internet gateway ", 1),
    (Provider::Aws, " route 53 ", 3),
    (Provider::Aws, " cloudfront ", 3),
    (Provider::Aws, " dynamodb ", 3),
    (Provider::Aws, " transit gateway ", 2),
    (Provider::Aws, " direct connect ", 2),
    (Provider::Aws, " security group ", 1),
    (Provider::Gcp, " gcp ", 3),
    (Provider::Gcp, " google cloud ", 3),
    (Provider::Gcp, " gke ", 3),
    (Provider::Gcp, " shared vpc ", 3),
    (Provider::Gcp, " cloud run ", 3),
    (Provider::Gcp, " cloud sql ", 3),
    (Provider::Gcp, " cloud nat ", 3),
    (Provider::Gcp, " cloud armor ", 3),
    (Provider::Gcp, " cloud router ", 2),
    (Provider::Gcp, " bigquery ", 2),
    (Provider::Gcp, " spanner ", 2),
    (Provider::Gcp, " pub sub ", 2),
    (Provider::Gcp, " iap ", 1),
    (Provider::OnPremises, " vmbr0 ", 3),
    (Provider::OnPremises, " vmbr ", 3),
    (Provider::OnPremises, " proxmox ", 3),
    (Provider::OnPremises, " opnsense ", 3),
    (Provider::OnPremises, " pfsense ", 3),
    (Provider::OnPremises, " unifi ", 3),
    (Provider::OnPremises, " homelab ", 3),
    (Provider::OnPremises, " home lab ", 3),
    (Provider::OnPremises, " vlan ", 2),
    (Provider::OnPremises, " switch ", 1),
    (Provider::OnPremises, " router ", 1),
    (Provider::OnPremises, " on premises ", 2),
    (Provider::OnPremises, " data center ", 2),
    (Provider::OnPremises, " datacenter ", 2),
    (Provider::OnPremises, " truenas ", 3),
    (Provider::OnPremises, " synology ", 3),
];

impl Provider {
    /// Every provider.
    pub const ALL: [Provider; 4] = [
        Provider::Azure,
        Provider::Aws,
        Provider::Gcp,
        Provider::OnPremises,
    ];

    /// The name used in configuration and output.
    pub fn name(self) -> &'static str {
        match self {
            Provider::Azure => "azure",
            Provider::Aws => "aws",
            Provider::Gcp => "gcp",
            Provider::OnPremises => "on-premises",
        }
    }

    /// Reads a provider name (`azure`, `aws`, `gcp`, `on-premises`, and `google`, `onprem`).
    pub fn parse(name: &str) -> Option<Provider> {
        match name.trim().to_ascii_lowercase().as_str() {
            "azure" => Some(Provider::Azure),
            "aws" | "amazon" => Some(Provider::Aws),
            "gcp" | "google" | "google-cloud" => Some(Provider::Gcp),
            "on-premises" | "onprem" | "on-prem" | "on-premise" | "none" => {
                Some(Provider::OnPremises)
            }
            _ => None,
        }
    }

    /// The provider a model's words point at, weighted; `None` when nothing says.
    pub fn infer(model: &Model) -> Option<ProviderChoice> {
        let texts = model
            .zones
            .iter()
            .map(|z| z.words.as_str())
            .chain(model.nodes.iter().map(|n| n.words.as_str()));
        let mut score = [0u32; 4];
        let mut seen: [Vec<&str>; 4] = Default::default();
        for t in texts {
            for &(p, w, weight) in EVIDENCE {
                if has_phrase(t, w) {
                    let i = p as usize;
                    score[i] += weight;
                    if !seen[i].contains(&w) {
                        seen[i].push(w);
                    }
                }
            }
        }
        let (best, &top) = score.iter().enumerate().max_by_key(|&(i, s)| (*s, 3 - i))?;
        if top == 0 {
            return None;
        }
        let words = seen[best]
            .iter()
            .take(3)
            .map(|w| format!("`{}`", w.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        Some(ProviderChoice {
            provider: Provider::ALL[best],
            reason: format!("the diagram says {words}"),
        })
    }

    /// Why `offset` (from the network address) of a subnet of `size` addresses is reserved,
    /// beyond the network and broadcast addresses every IPv4 subnet has.
    pub fn reserved(self, offset: u64, size: u64) -> Option<&'static str> {
        match self {
            Provider::Azure => match offset {
                1 => Some("Azure reserves the first host address for the default gateway"),
                2 | 3 => Some("Azure reserves host addresses .2 and .3 to map the Azure DNS"),
                _ => None,
            },
            Provider::Aws => match offset {
                1 => Some("AWS reserves the first host address for the VPC router"),
                2 => Some("AWS reserves the second host address for the Amazon DNS server"),
                3 => Some("AWS reserves the third host address for future use"),
                _ => None,
            },
            Provider::Gcp if offset == 1 => {
                Some("Google Cloud reserves the first host address for the default gateway")
            }
            Provider::Gcp if size >= 4 && offset == size - 2 => {
                Some("Google Cloud reserves the second-to-last address of every subnet")
            }
            _ => None,
        }
    }

    /// The smallest and largest subnet the provider allows, as IPv4 prefix lengths.
    pub fn subnet_prefixes(self) -> Option<(u8, u8)> {
        match self {
            Provider::Azure => Some((2, 29)),
            Provider::Aws => Some((16, 28)),
            Provider::Gcp => Some((8, 29)),
            Provider::OnPremises => None,
        }
    }

    /// How the provider's private access to a managed service is called.
    pub fn private_endpoint_name(self) -> &'static str {
        match self {
            Provider::Azure => "private endpoint (Azure Private Link)",
            Provider::Aws => "interface VPC endpoint (AWS PrivateLink)",
            Provider::Gcp => "Private Service Connect endpoint",
            Provider::OnPremises => "private endpoint",
        }
    }

    /// How the provider's layer-7 gateway is called.
    pub fn gateway_name(self) -> &'static str {
        match self {
            Provider::Azure => "Application Gateway with WAF",
            Provider::Aws => "ALB with AWS WAF",
            Provider::Gcp => "Cloud Load Balancing with Cloud Armor",
            Provider::OnPremises => "reverse proxy or WAF",
        }
    }
}

impl std::fmt::Display for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_addresses_per_provider() {
        assert!(Provider::Aws.reserved(2, 256).is_some());
        assert!(Provider::Aws.reserved(4, 256).is_none());
        assert!(Provider::Azure.reserved(3, 256).is_some());
        assert!(Provider::Gcp.reserved(254, 256).is_some());
        assert!(Provider::Gcp.reserved(2, 256).is_none());
        assert!(Provider::OnPremises.reserved(1, 256).is_none());
        assert_eq!(Provider::parse("Google"), Some(Provider::Gcp));
        assert_eq!(Provider::parse("mars"), None);
    }
}
