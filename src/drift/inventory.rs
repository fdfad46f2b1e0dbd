//! The neutral inventory every infrastructure reader produces: networks, subnets, peerings,
//! private endpoints, gateways, load balancers, firewalls and managed data services, each with
//! the file and line that declares it, plus what could not be resolved statically.

use ipnet::IpNet;
use serde::Serialize;

/// A place in an infrastructure file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file, as it was given or found.
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column (characters).
    pub column: u32,
    /// The text of that line, for showing it.
    #[serde(skip)]
    pub text: String,
}

impl Location {
    /// The location of byte `offset` of `source`, the text of `path`.
    pub fn at(path: &str, source: &str, offset: usize) -> Location {
        let offset = crate::source::floor_char_boundary(source, offset.min(source.len()));
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        let line = source[..line_start].matches('\n').count() as u32 + 1;
        let column = source[line_start..offset].chars().count() as u32 + 1;
        Location {
            path: path.to_string(),
            line,
            column,
            text: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        }
    }

    /// [`Location::at`] with the byte offsets where the lines of `source` start (ascending,
    /// the first 0), for many locations in one large file.
    pub fn at_indexed(path: &str, source: &str, line_starts: &[usize], offset: usize) -> Location {
        let offset = crate::source::floor_char_boundary(source, offset.min(source.len()));
        let line = line_starts.partition_point(|&s| s <= offset).max(1);
        let line_start = line_starts[line - 1];
        let line_end = source[offset..]
            .find('\n')
            .map_or(source.len(), |i| offset + i);
        Location {
            path: path.to_string(),
            line: line as u32,
            column: source[line_start..offset].chars().count() as u32 + 1,
            text: source[line_start..line_end]
                .trim_end_matches('\r')
                .to_string(),
        }
    }

    /// The byte offsets where the lines of `source` start.
    pub fn line_starts(source: &str) -> Vec<usize> {
        std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1))
            .collect()
    }

    /// The location of a 1-based `line` and `column` of `source`.
    pub fn line_col(path: &str, source: &str, line: usize, column: usize) -> Location {
        let text = source.lines().nth(line.saturating_sub(1)).unwrap_or("");
        Location {
            path: path.to_string(),
            line: line.max(1) as u32,
            column: column.max(1) as u32,
            text: text.trim_end_matches('\r').to_string(),
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// What a resource is, as far as the network drawing goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    /// A virtual network, VPC or VPC network.
    Network,
    /// A subnet.
    Subnet,
    /// A peering between two networks.
    Peering,
    /// A private endpoint, VPC interface endpoint or Private Service Connect endpoint.
    PrivateEndpoint,
    /// A NAT gateway.
    NatGateway,
    /// An internet gateway.
    InternetGateway,
    /// A load balancer.
    LoadBalancer,
    /// An application gateway (layer 7 load balancer with a WAF).
    AppGateway,
    /// A firewall appliance.
    Firewall,
    /// A managed database.
    Database,
    /// A managed cache.
    Cache,
    /// A managed queue, topic or event hub.
    Queue,
    /// Managed object or file storage.
    Storage,
    /// A key vault or secret store.
    KeyVault,
}

impl ResourceKind {
    /// Words for people: `subnet`, `private endpoint`.
    pub fn describe(self) -> &'static str {
        match self {
            ResourceKind::Network => "network",
            ResourceKind::Subnet => "subnet",
            ResourceKind::Peering => "peering",
            ResourceKind::PrivateEndpoint => "private endpoint",
            ResourceKind::NatGateway => "NAT gateway",
            ResourceKind::InternetGateway => "internet gateway",
            ResourceKind::LoadBalancer => "load balancer",
            ResourceKind::AppGateway => "application gateway",
            ResourceKind::Firewall => "firewall",
            ResourceKind::Database => "database",
            ResourceKind::Cache => "cache",
            ResourceKind::Queue => "queue",
            ResourceKind::Storage => "storage",
            ResourceKind::KeyVault => "key vault",
        }
    }

    /// Networks and subnets: drawn as zones.
    pub fn is_address_space(self) -> bool {
        matches!(self, ResourceKind::Network | ResourceKind::Subnet)
    }

    /// Managed data services, which can be reached privately or publicly.
    pub fn is_data_service(self) -> bool {
        matches!(
            self,
            ResourceKind::Database
                | ResourceKind::Cache
                | ResourceKind::Queue
                | ResourceKind::Storage
                | ResourceKind::KeyVault
        )
    }
}

/// A reference from one resource to another: by its address in the code (`aws_vpc.main`,
/// a CloudFormation logical id, an ARM resource id) or by its cloud name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", content = "value", rename_all = "kebab-case")]
pub enum Ref {
    /// The resource's address in the code.
    Address(String),
    /// The resource's name in the cloud (`name`, a `Name` tag).
    Name(String),
}

/// A value that could not be resolved without the cloud or a `terraform plan`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unknown {
    /// What it is: ``the CIDR of `aws_subnet.app` ``.
    pub what: String,
    /// Why: ``it comes from data source `data.aws_vpc.shared` ``.
    pub why: String,
    /// Where it is written.
    pub location: Location,
}

impl std::fmt::Display for Unknown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} is unknown: {}",
            self.location, self.what, self.why
        )
    }
}

/// One resource of the infrastructure.
#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    /// Its address in the code: `azurerm_subnet.app`, `aws_subnet.private[0]`,
    /// `AppSubnet` (CloudFormation), `Microsoft.Network/virtualNetworks/hub/subnets/app` (ARM).
    pub address: String,
    /// The provider's type: `azurerm_subnet`, `AWS::EC2::Subnet`,
    /// `Microsoft.Network/virtualNetworks/subnets`.
    pub rtype: String,
    /// What it is.
    pub kind: ResourceKind,
    /// Its names, best first: the cloud name, tags, the code's local name.
    pub names: Vec<String>,
    /// Its address ranges (networks and subnets), when resolved.
    #[serde(serialize_with = "cidr_strings")]
    pub cidrs: Vec<IpNet>,
    /// Why the ranges are not known, when they are not.
    pub cidr_unknown: Option<Unknown>,
    /// The network a subnet, gateway or endpoint belongs to; the local side of a peering.
    pub network: Option<Ref>,
    /// The subnet an endpoint, gateway or load balancer sits in.
    pub subnet: Option<Ref>,
    /// The remote network of a peering.
    pub peer: Option<Ref>,
    /// The service a private endpoint serves: a resource, or a service name
    /// (`com.amazonaws.eu-west-1.s3`).
    pub target: Option<Ref>,
    /// Whether a data service can be reached from the internet, and the setting that says so
    /// (`public_network_access_enabled = true`, or "the provider's default").
    pub public_access: Option<(bool, String)>,
    /// Where it is declared.
    pub location: Location,
}

impl Resource {
    /// A resource with nothing but its identity.
    pub fn new(address: String, rtype: &str, kind: ResourceKind, location: Location) -> Self {
        Resource {
            address,
            rtype: rtype.to_string(),
            kind,
            names: Vec::new(),
            cidrs: Vec::new(),
            cidr_unknown: None,
            network: None,
            subnet: None,
            peer: None,
            target: None,
            public_access: None,
            location,
        }
    }

    /// The name to show: the first name, else the address.
    pub fn display_name(&self) -> &str {
        self.names.first().map_or(&self.address, |n| n.as_str())
    }

    /// Adds a name unless it is empty or already there.
    pub fn add_name(&mut self, name: &str) {
        let name = name.trim();
        if !name.is_empty() && !self.names.iter().any(|n| n == name) {
            self.names.push(name.to_string());
        }
    }
}

/// Everything read from the infrastructure code.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    /// The resources, in the order read.
    pub resources: Vec<Resource>,
    /// What could not be resolved and belongs to no resource read (a remote module, a data
    /// source that provides a network).
    pub unknowns: Vec<Unknown>,
    /// The files read.
    pub files: Vec<String>,
}

impl Inventory {
    /// The index of the resource `r` refers to.
    pub fn resolve(&self, r: &Ref) -> Option<usize> {
        match r {
            Ref::Address(a) => self
                .resources
                .iter()
                .position(|x| &x.address == a)
                .or_else(|| {
                    // `aws_subnet.private` for the instances `aws_subnet.private[0]`, …: only
                    // when there is exactly one.
                    let prefix = format!("{a}[");
                    let mut it = self
                        .resources
                        .iter()
                        .enumerate()
                        .filter(|(_, x)| x.address.starts_with(&prefix));
                    match (it.next(), it.next()) {
                        (Some((i, _)), None) => Some(i),
                        _ => None,
                    }
                }),
            Ref::Name(n) => self
                .resources
                .iter()
                .position(|x| x.names.iter().any(|m| m.eq_ignore_ascii_case(n))),
        }
    }

    /// Adds another inventory's contents.
    pub fn extend(&mut self, other: Inventory) {
        self.resources.extend(other.resources);
        self.unknowns.extend(other.unknowns);
        self.files.extend(other.files);
    }
}

fn cidr_strings<S: serde::Serializer>(c: &[IpNet], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(c.iter().map(ToString::to_string))
}
