//! Node kinds and the heuristics that infer them, each recording why.
//!
//! In falling precedence: an explicit `%% topomaid: kind` directive; a legend zone; a private
//! endpoint named anywhere in the label; the label's first line; membership of an external zone
//! (Internet, 외부, External APIs); a weak service word in the first line (`API`, `Service`);
//! the shape (cylinder); class names; emoji; the innermost zone's title; the label's other lines.

use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use smallvec::SmallVec;

/// What a node is, for the rules.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Users, the internet, clients, on-premises, third-party APIs: where traffic comes from.
    External,
    /// Application gateway, WAF, Front Door, CDN, API management, ingress controller, firewall.
    Gateway,
    /// A load balancer.
    LoadBalancer,
    /// A private endpoint (Private Link) to a managed service.
    PrivateEndpoint,
    /// A service, API, app, function or worker.
    Service,
    /// A database.
    Database,
    /// A cache.
    Cache,
    /// A queue, topic, event hub or message broker.
    Queue,
    /// Object, file, disk or backup storage.
    Storage,
    /// A compute node: node pool, VM, node.
    Compute,
    /// A public or private IP address resource.
    Address,
    /// An egress point: NAT gateway.
    Egress,
    /// Where the network meets the outside: internet, VPN, Direct Connect, ExpressRoute and
    /// transit gateways. An entry point, not a service.
    Edge,
    /// An address space drawn as a node: a subnet, VPC, VNet, VLAN or LAN.
    Network,
    /// Rules attached to something else: NSGs, security groups, network ACLs, firewall and WAF
    /// policies, Kubernetes network policies, route tables; and governance scopes (resource
    /// groups, subscriptions, projects, accounts). Not a hop on a traffic path.
    Policy,
    /// A DNS zone or resolver: private DNS zones (`privatelink.*`), Route 53, Cloud DNS.
    Dns,
    /// A secret store: Key Vault, Secrets Manager, Secret Manager, KMS.
    SecretStore,
    /// A container or artifact registry: ACR, ECR, Artifact Registry, Docker Hub.
    Registry,
    /// An identity: managed identity, IAM role, service account.
    Identity,
    /// Monitoring and logging: Azure Monitor, CloudWatch, Prometheus, Grafana.
    Monitoring,
    /// A legend entry, not part of the network.
    Note,
    /// Anything else.
    Generic,
}

/// Every kind, in declaration order.
pub const ALL_KINDS: &[Kind] = &[
    Kind::External,
    Kind::Gateway,
    Kind::LoadBalancer,
    Kind::PrivateEndpoint,
    Kind::Service,
    Kind::Database,
    Kind::Cache,
    Kind::Queue,
    Kind::Storage,
    Kind::Compute,
    Kind::Address,
    Kind::Egress,
    Kind::Edge,
    Kind::Network,
    Kind::Policy,
    Kind::Dns,
    Kind::SecretStore,
    Kind::Registry,
    Kind::Identity,
    Kind::Monitoring,
    Kind::Note,
    Kind::Generic,
];

impl Kind {
    /// The kebab-case name used in directives, configuration and output.
    pub fn name(self) -> &'static str {
        match self {
            Kind::External => "external",
            Kind::Gateway => "gateway",
            Kind::LoadBalancer => "load-balancer",
            Kind::PrivateEndpoint => "private-endpoint",
            Kind::Service => "service",
            Kind::Database => "database",
            Kind::Cache => "cache",
            Kind::Queue => "queue",
            Kind::Storage => "storage",
            Kind::Compute => "compute",
            Kind::Address => "address",
            Kind::Egress => "egress",
            Kind::Edge => "edge",
            Kind::Network => "network",
            Kind::Policy => "policy",
            Kind::Dns => "dns",
            Kind::SecretStore => "secret-store",
            Kind::Registry => "registry",
            Kind::Identity => "identity",
            Kind::Monitoring => "monitoring",
            Kind::Note => "note",
            Kind::Generic => "generic",
        }
    }

    /// Reads a kind name or one of its aliases (`ingress`, `lb`, `pe`, `db`, `node`, …).
    pub fn parse(name: &str) -> Option<Kind> {
        let n = name.trim().to_ascii_lowercase().replace('_', "-");
        Some(match n.as_str() {
            "external" | "ingress" | "client" | "user" | "users" | "internet" => Kind::External,
            "gateway" | "waf" | "firewall" | "cdn" => Kind::Gateway,
            "load-balancer" | "loadbalancer" | "lb" => Kind::LoadBalancer,
            "private-endpoint" | "pe" | "private-link" => Kind::PrivateEndpoint,
            "service" | "api" | "app" | "function" | "worker" => Kind::Service,
            "database" | "db" => Kind::Database,
            "cache" => Kind::Cache,
            "queue" | "topic" | "broker" | "messaging" => Kind::Queue,
            "storage" | "bucket" | "blob" => Kind::Storage,
            "compute" | "node" | "vm" | "compute-node" => Kind::Compute,
            "address" | "ip" | "public-ip" | "private-ip" => Kind::Address,
            "egress" | "nat" | "nat-gateway" => Kind::Egress,
            "edge" | "internet-gateway" | "igw" | "vpn-gateway" | "vpn" => Kind::Edge,
            "network" | "subnet" | "vnet" | "vpc" | "vlan" | "lan" => Kind::Network,
            "policy" | "nsg" | "security-group" | "acl" | "route-table" => Kind::Policy,
            "dns" | "dns-zone" | "private-dns" => Kind::Dns,
            "secret-store" | "secrets" | "key-vault" | "keyvault" | "vault" => Kind::SecretStore,
            "registry" | "container-registry" => Kind::Registry,
            "identity" | "managed-identity" | "iam-role" | "service-account" => Kind::Identity,
            "monitoring" | "logging" | "observability" => Kind::Monitoring,
            "note" | "legend" => Kind::Note,
            "generic" | "other" => Kind::Generic,
            _ => return None,
        })
    }

    /// Databases, caches, queues, storage and secret stores: the managed data services.
    pub fn is_data(self) -> bool {
        matches!(
            self,
            Kind::Database | Kind::Cache | Kind::Queue | Kind::Storage | Kind::SecretStore
        )
    }

    /// Kinds that are never a hop of a traffic path nor a service anyone calls: policies,
    /// DNS zones, identities, monitoring, address spaces and legend entries.
    pub fn is_passive(self) -> bool {
        matches!(
            self,
            Kind::Policy
                | Kind::Dns
                | Kind::Identity
                | Kind::Monitoring
                | Kind::Network
                | Kind::Note
        )
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Which piece of evidence decided a kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KindSource {
    /// A `%% topomaid: kind` directive.
    Directive,
    /// The configuration file.
    Config,
    /// The node is in a legend.
    Legend,
    /// A word of the label.
    Label,
    /// The node is inside an external zone.
    ExternalZone,
    /// The node's shape.
    Shape,
    /// A class name.
    Class,
    /// An emoji in the label.
    Emoji,
    /// The title of the zone around the node.
    ZoneTitle,
    /// Nothing matched.
    Default,
}

/// Why a node has its kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct KindReason {
    /// The kind of evidence.
    pub source: KindSource,
    /// What was seen, for people: ``label word `PostgreSQL` ``.
    pub detail: String,
}

impl std::fmt::Display for KindReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}

/// Pattern tables. A Latin pattern matches whole words of the normalised text (a trailing `s`
/// is allowed); a pattern with Hangul matches anywhere, as Korean attaches particles to words.
/// `None` marks a pattern that only hides the shorter patterns inside it (`node js`).
type Table = &'static [(&'static str, Option<Kind>)];

const PRIVATE_ENDPOINT: Table = &[
    ("private endpoint", Some(Kind::PrivateEndpoint)),
    ("vpc endpoint", Some(Kind::PrivateEndpoint)),
    ("interface endpoint", Some(Kind::PrivateEndpoint)),
    ("private service connect", Some(Kind::PrivateEndpoint)),
    ("psc endpoint", Some(Kind::PrivateEndpoint)),
    ("プライベートエンドポイント", Some(Kind::PrivateEndpoint)),
    ("プライベート エンドポイント", Some(Kind::PrivateEndpoint)),
    ("private link", Some(Kind::PrivateEndpoint)),
    ("privatelink", Some(Kind::PrivateEndpoint)),
    ("pe", Some(Kind::PrivateEndpoint)),
    // An MPLS provider edge router, not a private endpoint.
    ("pe router", None),
    ("pe routers", None),
    ("pe device", None),
    ("pe node", None),
    ("프라이빗 엔드포인트", Some(Kind::PrivateEndpoint)),
    ("사설 엔드포인트", Some(Kind::PrivateEndpoint)),
];

/// Words that make a node a DNS zone or resolver, wherever they stand in the label: they win
/// over the private endpoint a `privatelink.…` zone name also mentions.
const DNS: Table = &[
    ("dns", Some(Kind::Dns)),
    ("private dns", Some(Kind::Dns)),
    ("dns zone", Some(Kind::Dns)),
    ("private dns zone", Some(Kind::Dns)),
    ("route 53", Some(Kind::Dns)),
    ("route53", Some(Kind::Dns)),
    ("cloud dns", Some(Kind::Dns)),
    ("coredns", Some(Kind::Dns)),
    ("dns resolver", Some(Kind::Dns)),
    ("pi hole", Some(Kind::Dns)),
    ("pihole", Some(Kind::Dns)),
    ("dns 영역", Some(Kind::Dns)),
    ("dns ゾーン", Some(Kind::Dns)),
];

/// Words that stop a label's purpose: what follows says where the node is or what it serves
/// (`NLB in public subnets`, `NSG for Database`).
const LOCATION_WORDS: &[&str] = &[
    "in",
    "inside",
    "within",
    "for",
    "behind",
    "attached",
    "associated",
];

const LABEL: Table = &[
    // Policies: rules attached to something, never a hop.
    ("nsg", Some(Kind::Policy)),
    ("network security group", Some(Kind::Policy)),
    ("security group", Some(Kind::Policy)),
    ("security groups", Some(Kind::Policy)),
    ("sg", Some(Kind::Policy)),
    ("nacl", Some(Kind::Policy)),
    ("network acl", Some(Kind::Policy)),
    ("acl", Some(Kind::Policy)),
    ("firewall rule", Some(Kind::Policy)),
    ("firewall rules", Some(Kind::Policy)),
    ("firewall policy", Some(Kind::Policy)),
    ("fw rule", Some(Kind::Policy)),
    ("waf policy", Some(Kind::Policy)),
    ("network policy", Some(Kind::Policy)),
    ("networkpolicy", Some(Kind::Policy)),
    ("network policies", Some(Kind::Policy)),
    ("route table", Some(Kind::Policy)),
    ("routing table", Some(Kind::Policy)),
    ("route tables", Some(Kind::Policy)),
    ("udr", Some(Kind::Policy)),
    ("ddos protection", Some(Kind::Policy)),
    ("policy", Some(Kind::Policy)),
    ("allow", Some(Kind::Policy)),
    ("deny", Some(Kind::Policy)),
    ("rule", Some(Kind::Policy)),
    ("rules", Some(Kind::Policy)),
    ("ddos", Some(Kind::Policy)),
    ("cloud armor", Some(Kind::Policy)),
    ("resource group", Some(Kind::Policy)),
    ("subscription", Some(Kind::Policy)),
    ("management group", Some(Kind::Policy)),
    ("tenant", Some(Kind::Policy)),
    ("gcp project", Some(Kind::Policy)),
    ("google cloud project", Some(Kind::Policy)),
    ("host project", Some(Kind::Policy)),
    ("service project", Some(Kind::Policy)),
    ("foundry project", Some(Kind::Policy)),
    ("aws account", Some(Kind::Policy)),
    ("ai services account", Some(Kind::Policy)),
    ("cognitive services account", Some(Kind::Policy)),
    ("billing account", Some(Kind::Policy)),
    ("organization", Some(Kind::Policy)),
    ("리소스 그룹", Some(Kind::Policy)),
    ("구독", Some(Kind::Policy)),
    ("보안 그룹", Some(Kind::Policy)),
    ("네트워크 보안 그룹", Some(Kind::Policy)),
    ("라우팅 테이블", Some(Kind::Policy)),
    ("セキュリティグループ", Some(Kind::Policy)),
    ("ルートテーブル", Some(Kind::Policy)),
    // Address spaces drawn as nodes.
    ("subnet", Some(Kind::Network)),
    ("subnets", Some(Kind::Network)),
    ("snet", Some(Kind::Network)),
    ("vpc", Some(Kind::Network)),
    ("shared vpc", Some(Kind::Network)),
    ("vnet", Some(Kind::Network)),
    ("virtual network", Some(Kind::Network)),
    ("vlan", Some(Kind::Network)),
    ("lan", Some(Kind::Network)),
    ("network", Some(Kind::Network)),
    ("address space", Some(Kind::Network)),
    ("range", Some(Kind::Network)),
    ("secondary range", Some(Kind::Network)),
    ("cidr", Some(Kind::Network)),
    ("ip range", Some(Kind::Network)),
    ("서브넷", Some(Kind::Network)),
    ("가상 네트워크", Some(Kind::Network)),
    ("サブネット", Some(Kind::Network)),
    ("ネットワーク", Some(Kind::Network)),
    // Edges of the network: entry points, not services.
    ("internet gateway", Some(Kind::Edge)),
    ("igw", Some(Kind::Edge)),
    ("vpn gateway", Some(Kind::Edge)),
    ("vpn gw", Some(Kind::Edge)),
    ("vpn", Some(Kind::Edge)),
    ("virtual network gateway", Some(Kind::Edge)),
    ("customer gateway", Some(Kind::Edge)),
    ("transit gateway", Some(Kind::Edge)),
    ("tgw", Some(Kind::Edge)),
    ("direct connect", Some(Kind::Edge)),
    ("direct connect gateway", Some(Kind::Edge)),
    ("expressroute", Some(Kind::Edge)),
    ("express route", Some(Kind::Edge)),
    ("expressroute gateway", Some(Kind::Edge)),
    ("cloud interconnect", Some(Kind::Edge)),
    ("interconnect", Some(Kind::Edge)),
    ("cloud vpn", Some(Kind::Edge)),
    ("cloud router", Some(Kind::Edge)),
    ("인터넷 게이트웨이", Some(Kind::Edge)),
    ("インターネットゲートウェイ", Some(Kind::Edge)),
    // Secret stores.
    ("key vault", Some(Kind::SecretStore)),
    ("keyvault", Some(Kind::SecretStore)),
    ("secrets manager", Some(Kind::SecretStore)),
    ("secret manager", Some(Kind::SecretStore)),
    ("hashicorp vault", Some(Kind::SecretStore)),
    ("kms", Some(Kind::SecretStore)),
    ("parameter store", Some(Kind::SecretStore)),
    ("키 자격 증명 모음", Some(Kind::SecretStore)),
    ("キー コンテナー", Some(Kind::SecretStore)),
    // Registries.
    ("container registry", Some(Kind::Registry)),
    ("registry", Some(Kind::Registry)),
    ("acr", Some(Kind::Registry)),
    ("ecr", Some(Kind::Registry)),
    ("gcr", Some(Kind::Registry)),
    ("ghcr", Some(Kind::Registry)),
    ("artifact registry", Some(Kind::Registry)),
    ("docker hub", Some(Kind::Registry)),
    ("dockerhub", Some(Kind::Registry)),
    ("harbor", Some(Kind::Registry)),
    ("레지스트리", Some(Kind::Registry)),
    // Identities.
    ("managed identity", Some(Kind::Identity)),
    ("app registration", Some(Kind::Identity)),
    ("service principal", Some(Kind::Identity)),
    ("user assigned identity", Some(Kind::Identity)),
    ("workload identity", Some(Kind::Identity)),
    ("uami", Some(Kind::Identity)),
    ("iam", Some(Kind::Identity)),
    ("iam role", Some(Kind::Identity)),
    ("service account", Some(Kind::Identity)),
    ("serviceaccount", Some(Kind::Identity)),
    ("active directory", Some(Kind::Identity)),
    ("azure ad", Some(Kind::Identity)),
    ("entra id", Some(Kind::Identity)),
    ("entra", Some(Kind::Identity)),
    ("관리 id", Some(Kind::Identity)),
    // Monitoring.
    ("monitoring", Some(Kind::Monitoring)),
    ("azure monitor", Some(Kind::Monitoring)),
    ("cloudwatch", Some(Kind::Monitoring)),
    ("cloudtrail", Some(Kind::Monitoring)),
    ("guardduty", Some(Kind::Monitoring)),
    ("log analytics", Some(Kind::Monitoring)),
    ("application insights", Some(Kind::Monitoring)),
    ("app insights", Some(Kind::Monitoring)),
    ("prometheus", Some(Kind::Monitoring)),
    ("grafana", Some(Kind::Monitoring)),
    ("loki", Some(Kind::Monitoring)),
    ("datadog", Some(Kind::Monitoring)),
    ("cloud logging", Some(Kind::Monitoring)),
    ("cloud monitoring", Some(Kind::Monitoring)),
    ("network watcher", Some(Kind::Monitoring)),
    ("metrics", Some(Kind::Monitoring)),
    ("logs", Some(Kind::Monitoring)),
    ("access logs", Some(Kind::Monitoring)),
    ("flow logs", Some(Kind::Monitoring)),
    ("audit logs", Some(Kind::Monitoring)),
    ("logging", Some(Kind::Monitoring)),
    ("모니터링", Some(Kind::Monitoring)),
    ("監視", Some(Kind::Monitoring)),
    // Egress
    ("nat gateway", Some(Kind::Egress)),
    ("nat gw", Some(Kind::Egress)),
    ("nat", Some(Kind::Egress)),
    ("egress gateway", Some(Kind::Egress)),
    ("egress", Some(Kind::Egress)),
    ("nat 게이트웨이", Some(Kind::Egress)),
    // Load balancers
    ("load balancer", Some(Kind::LoadBalancer)),
    ("loadbalancer", Some(Kind::LoadBalancer)),
    ("lb", Some(Kind::LoadBalancer)),
    ("ilb", Some(Kind::LoadBalancer)),
    ("elb", Some(Kind::LoadBalancer)),
    ("alb", Some(Kind::LoadBalancer)),
    ("nlb", Some(Kind::LoadBalancer)),
    ("traffic manager", Some(Kind::LoadBalancer)),
    ("로드밸런서", Some(Kind::LoadBalancer)),
    ("로드 밸런서", Some(Kind::LoadBalancer)),
    // Gateways
    ("gateway", Some(Kind::Gateway)),
    ("application gateway", Some(Kind::Gateway)),
    ("app gateway", Some(Kind::Gateway)),
    ("api gateway", Some(Kind::Gateway)),
    ("api management", Some(Kind::Gateway)),
    ("apim", Some(Kind::Gateway)),
    ("waf", Some(Kind::Gateway)),
    ("web application firewall", Some(Kind::Gateway)),
    ("firewall", Some(Kind::Gateway)),
    ("front door", Some(Kind::Gateway)),
    ("frontdoor", Some(Kind::Gateway)),
    ("cdn", Some(Kind::Gateway)),
    ("ingress", Some(Kind::Gateway)),
    ("ingress controller", Some(Kind::Gateway)),
    ("reverse proxy", Some(Kind::Gateway)),
    ("게이트웨이", Some(Kind::Gateway)),
    ("방화벽", Some(Kind::Gateway)),
    ("인그레스", Some(Kind::Gateway)),
    // External
    ("users", Some(Kind::External)),
    ("end user", Some(Kind::External)),
    ("client", Some(Kind::External)),
    ("customer", Some(Kind::External)),
    ("browser", Some(Kind::External)),
    ("internet", Some(Kind::External)),
    ("developer", Some(Kind::External)),
    ("developers", Some(Kind::External)),
    ("admin", Some(Kind::External)),
    ("administrator", Some(Kind::External)),
    ("operator", Some(Kind::External)),
    ("github", Some(Kind::External)),
    ("github actions", Some(Kind::External)),
    ("gitlab", Some(Kind::External)),
    ("gitlab ci", Some(Kind::External)),
    ("jenkins", Some(Kind::External)),
    ("azure devops", Some(Kind::External)),
    ("bitbucket", Some(Kind::External)),
    ("circleci", Some(Kind::External)),
    ("관리자", Some(Kind::External)),
    ("運用者", Some(Kind::External)),
    ("tester", Some(Kind::External)),
    ("qa", Some(Kind::External)),
    ("on premises", Some(Kind::External)),
    ("on premise", Some(Kind::External)),
    ("on prem", Some(Kind::External)),
    ("onprem", Some(Kind::External)),
    ("partner", Some(Kind::External)),
    ("third party", Some(Kind::External)),
    ("external api", Some(Kind::External)),
    ("external service", Some(Kind::External)),
    ("external system", Some(Kind::External)),
    ("payment gateway", Some(Kind::External)),
    ("bastion", Some(Kind::External)),
    ("jump box", Some(Kind::External)),
    ("jumpbox", Some(Kind::External)),
    ("사용자", Some(Kind::External)),
    ("ユーザー", Some(Kind::External)),
    ("利用者", Some(Kind::External)),
    ("インターネット", Some(Kind::External)),
    ("クライアント", Some(Kind::External)),
    ("인터넷", Some(Kind::External)),
    ("클라이언트", Some(Kind::External)),
    ("고객", Some(Kind::External)),
    ("개발자", Some(Kind::External)),
    ("테스터", Some(Kind::External)),
    ("qa팀", Some(Kind::External)),
    ("온프레미스", Some(Kind::External)),
    ("외부 api", Some(Kind::External)),
    ("외부 서비스", Some(Kind::External)),
    ("외부 시스템", Some(Kind::External)),
    ("결제 게이트웨이", Some(Kind::External)),
    // Queues
    ("queue", Some(Kind::Queue)),
    ("message queue", Some(Kind::Queue)),
    ("message broker", Some(Kind::Queue)),
    ("messaging", Some(Kind::Queue)),
    ("service bus", Some(Kind::Queue)),
    ("servicebus", Some(Kind::Queue)),
    ("event hub", Some(Kind::Queue)),
    ("eventhub", Some(Kind::Queue)),
    ("event bus", Some(Kind::Queue)),
    ("event grid", Some(Kind::Queue)),
    ("kafka", Some(Kind::Queue)),
    ("rabbitmq", Some(Kind::Queue)),
    ("activemq", Some(Kind::Queue)),
    ("sqs", Some(Kind::Queue)),
    ("sns", Some(Kind::Queue)),
    ("pub sub", Some(Kind::Queue)),
    ("pubsub", Some(Kind::Queue)),
    ("topic", Some(Kind::Queue)),
    ("메시지 큐", Some(Kind::Queue)),
    ("메시지 브로커", Some(Kind::Queue)),
    ("작업 큐", Some(Kind::Queue)),
    ("이벤트 버스", Some(Kind::Queue)),
    // Caches
    ("cache", Some(Kind::Cache)),
    ("redis", Some(Kind::Cache)),
    ("memcached", Some(Kind::Cache)),
    ("memcache", Some(Kind::Cache)),
    ("elasticache", Some(Kind::Cache)),
    ("캐시", Some(Kind::Cache)),
    // Databases
    ("database", Some(Kind::Database)),
    ("db", Some(Kind::Database)),
    ("postgresql", Some(Kind::Database)),
    ("postgres", Some(Kind::Database)),
    ("mysql", Some(Kind::Database)),
    ("mariadb", Some(Kind::Database)),
    ("sql", Some(Kind::Database)),
    ("sql server", Some(Kind::Database)),
    ("cosmos", Some(Kind::Database)),
    ("cosmosdb", Some(Kind::Database)),
    ("mongo", Some(Kind::Database)),
    ("mongodb", Some(Kind::Database)),
    ("dynamodb", Some(Kind::Database)),
    ("rds", Some(Kind::Database)),
    ("aurora", Some(Kind::Database)),
    ("cassandra", Some(Kind::Database)),
    ("elasticsearch", Some(Kind::Database)),
    ("opensearch", Some(Kind::Database)),
    ("데이터베이스", Some(Kind::Database)),
    // Storage
    ("storage", Some(Kind::Storage)),
    ("storage account", Some(Kind::Storage)),
    ("blob", Some(Kind::Storage)),
    ("s3", Some(Kind::Storage)),
    ("bucket", Some(Kind::Storage)),
    ("disk", Some(Kind::Storage)),
    ("managed disk", Some(Kind::Storage)),
    ("volume", Some(Kind::Storage)),
    ("persistentvolume", Some(Kind::Storage)),
    ("pvc", Some(Kind::Storage)),
    ("file share", Some(Kind::Storage)),
    ("efs", Some(Kind::Storage)),
    ("mount target", Some(Kind::Storage)),
    ("data lake", Some(Kind::Storage)),
    ("backup", Some(Kind::Storage)),
    ("backup vault", Some(Kind::Storage)),
    ("recovery vault", Some(Kind::Storage)),
    ("스토리지", Some(Kind::Storage)),
    ("백업", Some(Kind::Storage)),
    ("저장소", Some(Kind::Storage)),
    // Addresses
    ("public ip", Some(Kind::Address)),
    ("private ip", Some(Kind::Address)),
    ("static ip", Some(Kind::Address)),
    ("static public ip", Some(Kind::Address)),
    ("elastic ip", Some(Kind::Address)),
    ("eni", Some(Kind::Address)),
    ("elastic network interface", Some(Kind::Address)),
    ("network interface", Some(Kind::Address)),
    ("nic", Some(Kind::Address)),
    ("ip address", Some(Kind::Address)),
    ("공인 ip", Some(Kind::Address)),
    ("사설 ip", Some(Kind::Address)),
    // Compute
    ("node", Some(Kind::Compute)),
    ("node pool", Some(Kind::Compute)),
    ("nodepool", Some(Kind::Compute)),
    ("worker node", Some(Kind::Compute)),
    ("vm", Some(Kind::Compute)),
    ("virtual machine", Some(Kind::Compute)),
    ("vmss", Some(Kind::Compute)),
    ("ec2", Some(Kind::Compute)),
    ("ec2 instance", Some(Kind::Compute)),
    ("instance", Some(Kind::Compute)),
    ("instances", Some(Kind::Compute)),
    ("compute engine", Some(Kind::Compute)),
    ("gce", Some(Kind::Compute)),
    ("scale set", Some(Kind::Compute)),
    ("노드", Some(Kind::Compute)),
    ("노드풀", Some(Kind::Compute)),
    // Known things that are not traffic hops of the kinds above.
    ("service mesh", Some(Kind::Generic)),
    ("secrets", Some(Kind::SecretStore)),
    ("app config", Some(Kind::Generic)),
    ("app configuration", Some(Kind::Generic)),
    ("config store", Some(Kind::Generic)),
    ("autoscaler", Some(Kind::Generic)),
    // Words that only hide shorter patterns.
    ("node js", None),
    ("nodejs", None),
    ("next js", None),
    // Services (weak: an external zone overrides them)
    ("service", Some(Kind::Service)),
    ("svc", Some(Kind::Service)),
    ("microservice", Some(Kind::Service)),
    ("api", Some(Kind::Service)),
    ("app", Some(Kind::Service)),
    ("application", Some(Kind::Service)),
    ("web app", Some(Kind::Service)),
    ("function", Some(Kind::Service)),
    ("function app", Some(Kind::Service)),
    ("lambda", Some(Kind::Service)),
    ("worker", Some(Kind::Service)),
    ("backend", Some(Kind::Service)),
    ("frontend", Some(Kind::Service)),
    ("서비스", Some(Kind::Service)),
    ("마이크로서비스", Some(Kind::Service)),
    ("사용자 서비스", Some(Kind::Service)),
];

/// The order in which kinds win when a line names several.
fn priority(kind: Kind) -> u8 {
    match kind {
        Kind::Dns => 0,
        Kind::Policy => 1,
        Kind::PrivateEndpoint => 2,
        Kind::Monitoring => 3,
        Kind::Egress => 4,
        Kind::Edge => 5,
        Kind::LoadBalancer => 6,
        Kind::Gateway => 7,
        Kind::External => 8,
        Kind::SecretStore => 9,
        Kind::Registry => 10,
        Kind::Queue => 11,
        Kind::Cache => 12,
        Kind::Database => 13,
        Kind::Storage => 14,
        Kind::Address => 15,
        Kind::Compute => 16,
        Kind::Identity => 17,
        Kind::Network => 18,
        Kind::Generic => 19,
        Kind::Service => 20,
        Kind::Note => 21,
    }
}

/// Kinds named by the head noun of a label, which win when they come last: `Database NSG` is
/// a policy, `App Subnet` a network, `Redis Monitoring` monitoring.
fn is_head_kind(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Policy | Kind::Dns | Kind::Network | Kind::Monitoring | Kind::Identity
    )
}

/// A pattern found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The kind it names.
    pub kind: Kind,
    /// The pattern.
    pub pattern: &'static str,
}

/// True when `s` holds Hangul, kana or CJK ideographs: scripts whose words are matched as
/// substrings (Korean attaches particles, Japanese writes no spaces).
fn is_hangul(s: &str) -> bool {
    s.chars().any(|c| {
        ('\u{AC00}'..='\u{D7A3}').contains(&c)
            || ('\u{3040}'..='\u{30FF}').contains(&c)
            || ('\u{4E00}'..='\u{9FFF}').contains(&c)
    })
}

/// A Latin pattern split into words, with its kind and text.
type LatinPattern = (Vec<&'static str>, Option<Kind>, &'static str);

/// A table compiled for matching: Latin patterns indexed by their first word, patterns with
/// Hangul kept for substring search.
struct Compiled {
    latin: HashMap<&'static str, Vec<LatinPattern>>,
    hangul: Vec<(&'static str, Option<Kind>)>,
}

fn compile(table: Table) -> Compiled {
    let mut latin: HashMap<&'static str, Vec<_>> = HashMap::default();
    let mut hangul = Vec::new();
    for &(pattern, kind) in table {
        if is_hangul(pattern) {
            hangul.push((pattern, kind));
        } else {
            let words: Vec<&'static str> = pattern.split(' ').collect();
            latin
                .entry(words[0])
                .or_default()
                .push((words, kind, pattern));
        }
    }
    Compiled { latin, hangul }
}

macro_rules! compiled {
    ($table:expr) => {{
        static C: OnceLock<Compiled> = OnceLock::new();
        C.get_or_init(|| compile($table))
    }};
}

/// All matches of `table` in `norm` (a text from [`super::text::normalise`]), with the matches
/// that lie inside a longer match removed.
fn matches(norm: &str, table: &Compiled) -> Vec<(usize, usize, Option<Kind>, &'static str)> {
    matches_in(&Words::of(norm), table)
}

/// A normalised line split into its words once, for matching it against several tables.
pub struct Words<'a> {
    norm: &'a str,
    /// Words with their byte offsets.
    words: SmallVec<[(usize, &'a str); 16]>,
}

impl<'a> Words<'a> {
    /// Splits a normalised line (from [`super::text::normalise`]) into words.
    pub fn of(norm: &'a str) -> Words<'a> {
        let mut words = SmallVec::new();
        let mut at = 0;
        for w in norm.split(' ') {
            if !w.is_empty() {
                words.push((at, w));
            }
            at += w.len() + 1;
        }
        Words { norm, words }
    }
}

/// [`matches`] over a line already split into words.
fn matches_in(
    line: &Words<'_>,
    table: &Compiled,
) -> Vec<(usize, usize, Option<Kind>, &'static str)> {
    let (norm, words) = (line.norm, &line.words);
    let mut found = Vec::new();
    for i in 0..words.len() {
        let first = words[i].1;
        let keys = [Some(first), first.strip_suffix('s')];
        for key in keys.into_iter().flatten() {
            let Some(candidates) = table.latin.get(key) else {
                continue;
            };
            for (pw, kind, pattern) in candidates {
                let last = pw.len() - 1;
                let ok = pw.iter().enumerate().all(|(j, p)| {
                    words.get(i + j).is_some_and(|&(_, w)| {
                        w == *p || (j == last && w.strip_suffix('s') == Some(p))
                    })
                });
                if ok {
                    let (end_at, end_w) = words[i + last];
                    found.push((words[i].0, end_at + end_w.len(), *kind, *pattern));
                }
            }
        }
    }
    if !norm.is_ascii() && is_hangul(norm) {
        for &(pattern, kind) in &table.hangul {
            let mut from = 0;
            while let Some(at) = super::text::find(norm, pattern, from) {
                found.push((at, at + pattern.len(), kind, pattern));
                from = at + pattern.len();
            }
        }
    }
    // `no public IPs`, `without NAT`: a negated word names nothing the node is.
    found.retain(|&(s, _, _, _)| {
        let before = norm[..s].trim_end();
        let prev = before.rsplit(' ').next().unwrap_or("");
        !matches!(prev, "no" | "not" | "without" | "non" | "never")
    });
    if found.len() > 1 {
        let all = found.clone();
        found.retain(|&(s, e, _, p)| {
            !all.iter()
                .any(|&(s2, e2, _, p2)| s2 <= s && e <= e2 && (e2 - s2) > (e - s) && p2 != p)
        });
    }
    found
}

/// The best kind named in one normalised line, by [`priority`].
pub fn best(norm: &str) -> Option<Hit> {
    best_in(&Words::of(norm))
}

/// [`best`] over a line already split into words: the words that say the node's purpose
/// (before `in`, `for`, … ) are read first; among their hits, a head noun that comes last
/// (`Database NSG`) wins, else the kind of highest [`priority`].
pub fn best_in(line: &Words<'_>) -> Option<Hit> {
    let cut = line
        .words
        .iter()
        .skip(1)
        .find(|(_, w)| LOCATION_WORDS.contains(w))
        .map(|&(at, _)| at);
    let hits: Vec<(usize, Kind, &'static str)> = matches_in(line, compiled!(LABEL))
        .into_iter()
        .filter_map(|(s, e, k, p)| k.map(|k| (s, e, k, p)))
        .map(|(_, e, k, p)| (e, k, p))
        .collect();
    let purpose: Vec<_> = match cut {
        Some(at) if hits.iter().any(|h| h.0 <= at) => {
            hits.iter().copied().filter(|h| h.0 <= at).collect()
        }
        _ => hits,
    };
    let last = purpose.iter().max_by_key(|h| h.0)?;
    let (_, kind, pattern) = if is_head_kind(last.1) {
        *last
    } else {
        *purpose.iter().min_by_key(|h| priority(h.1))?
    };
    Some(Hit { kind, pattern })
}

/// A DNS zone or resolver named anywhere in the normalised label; `raw` is the label as
/// written, where a `privatelink.` domain names a private DNS zone.
pub fn dns_in(line: &Words<'_>, raw: &str) -> Option<Hit> {
    if let Some((_, _, _, p)) = matches_in(line, compiled!(DNS)).into_iter().next() {
        return Some(Hit {
            kind: Kind::Dns,
            pattern: p,
        });
    }
    text_has_privatelink_domain(raw).then_some(Hit {
        kind: Kind::Dns,
        pattern: "privatelink.",
    })
}

/// True when `raw` holds a `privatelink.…` domain name (a private DNS zone's name).
fn text_has_privatelink_domain(raw: &str) -> bool {
    let mut from = 0;
    while let Some(at) = super::text::find_ignore_ascii_case(raw, "privatelink.", from) {
        from = at + 12;
        if raw[from..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '*') {
            return true;
        }
    }
    false
}

/// A private endpoint named anywhere in the normalised label.
pub fn private_endpoint(norm: &str) -> Option<Hit> {
    private_endpoint_in(&Words::of(norm))
}

/// [`private_endpoint`] over a line already split into words. A bare `endpoint` counts when
/// the line names a data service (`DynamoDB Endpoint`, `S3 gateway endpoint`): that is an
/// endpoint of the service in the network, not an API route.
pub fn private_endpoint_in(line: &Words<'_>) -> Option<Hit> {
    let found = matches_in(line, compiled!(PRIVATE_ENDPOINT));
    // A longer pattern without a kind (`pe router`) hides the ones inside it.
    let hidden = |s: usize, e: usize| {
        found
            .iter()
            .any(|&(hs, he, k, _)| k.is_none() && hs <= s && e <= he)
    };
    if let Some(&(_, _, _, p)) = found
        .iter()
        .find(|&&(s, e, k, _)| k.is_some() && !hidden(s, e))
    {
        return Some(Hit {
            kind: Kind::PrivateEndpoint,
            pattern: p,
        });
    }
    let bare = line
        .words
        .iter()
        .any(|(_, w)| *w == "endpoint" || *w == "endpoints");
    (bare && best_in(line).is_some_and(|h| h.kind.is_data())).then_some(Hit {
        kind: Kind::PrivateEndpoint,
        pattern: "endpoint",
    })
}

/// Words in a zone title that make every node in it external.
const EXTERNAL_ZONE: Table = &[
    ("internet", Some(Kind::External)),
    ("external", Some(Kind::External)),
    ("client layer", Some(Kind::External)),
    ("client", Some(Kind::External)),
    ("users", Some(Kind::External)),
    ("on premises", Some(Kind::External)),
    ("on prem", Some(Kind::External)),
    ("third party", Some(Kind::External)),
    ("인터넷", Some(Kind::External)),
    ("외부", Some(Kind::External)),
    ("클라이언트", Some(Kind::External)),
    ("온프레미스", Some(Kind::External)),
];

/// Words in a zone title that make it a legend.
const LEGEND_ZONE: Table = &[
    ("legend", Some(Kind::Note)),
    ("abbreviation", Some(Kind::Note)),
    ("glossary", Some(Kind::Note)),
    ("범례", Some(Kind::Note)),
    ("약어", Some(Kind::Note)),
];

/// Words that make a zone a network container, whose title says nothing of its members' role.
const CONTAINER_ZONE: Table = &[
    ("subnet", None),
    ("vnet", None),
    ("vpc", None),
    ("virtual network", None),
    ("network", None),
    ("cloud", None),
    ("region", None),
    ("서브넷", None),
    ("네트워크", None),
    ("클라우드", None),
];

/// Service phrases that a zone title may pass on to its members (a bare `Services` may not:
/// `🛡️ 글로벌 보안 서비스` holds DDoS protection, not services).
const ZONE_SERVICE: Table = &[
    ("service layer", None),
    ("service tier", None),
    ("application tier", None),
    ("app tier", None),
    ("application services", None),
    ("app services", None),
    ("microservice", None),
    ("마이크로서비스", None),
    ("서비스 레이어", None),
    ("서비스 계층", None),
];

/// The external-zone word in a normalised zone title.
pub fn external_zone(norm: &str) -> Option<&'static str> {
    matches(norm, compiled!(EXTERNAL_ZONE)).first().map(|m| m.3)
}

/// The legend word in a normalised zone title.
pub fn legend_zone(norm: &str) -> Option<&'static str> {
    matches(norm, compiled!(LEGEND_ZONE)).first().map(|m| m.3)
}

/// The kind a zone title passes on to the nodes directly inside it.
pub fn zone_title_kind(norm: &str) -> Option<Hit> {
    if !matches(norm, compiled!(CONTAINER_ZONE)).is_empty() {
        return None;
    }
    let hit = best(norm)?;
    match hit.kind {
        Kind::External | Kind::Note => None,
        // A zone says where its members are, not that they are networks or rules.
        k if k.is_passive() => None,
        Kind::Service if matches(norm, compiled!(ZONE_SERVICE)).is_empty() => None,
        Kind::Storage if hit.pattern == "backup" || hit.pattern == "백업" => None,
        _ => Some(hit),
    }
}

/// True when a normalised text names a network (subnet, VPC, VNet, VLAN, LAN, network).
pub fn names_network(norm: &str) -> bool {
    !matches(norm, compiled!(CONTAINER_ZONE)).is_empty()
        || best(norm).is_some_and(|h| h.kind == Kind::Network)
}

/// Words of a network that holds other networks: a VPC, VNet or virtual network.
const CONTAINER_NETWORK: Table = &[
    ("vpc", None),
    ("shared vpc", None),
    ("vnet", None),
    ("virtual network", None),
    ("address space", None),
    ("가상 네트워크", None),
    ("주소 공간", None),
];

/// Words that say a node is a subnet (not a LAN or VLAN, which also name a device's
/// interface: `OPNsense LAN 10.10.10.1/24`).
const SUBNET_WORDS: Table = &[
    ("subnet", None),
    ("subnets", None),
    ("snet", None),
    ("vpc", None),
    ("vnet", None),
    ("virtual network", None),
    ("address space", None),
    ("서브넷", None),
    ("サブネット", None),
];

/// True when a normalised text says a subnet, VPC or VNet.
pub fn names_subnet(norm: &str) -> bool {
    !matches(norm, compiled!(SUBNET_WORDS)).is_empty()
}

/// True when a normalised text names a network that holds subnets (VPC, VNet).
pub fn names_container(norm: &str) -> bool {
    !matches(norm, compiled!(CONTAINER_NETWORK)).is_empty()
}

/// Words of a network that lives inside a host or over other networks (a Docker bridge, a
/// cluster's pod or service range, a GKE secondary range, an overlay or VPN): it need not lie
/// inside the LAN or subnet drawn around it.
const OVERLAY_NETWORK: Table = &[
    ("docker", None),
    ("bridge", None),
    ("podman", None),
    ("pod", None),
    ("pods", None),
    ("pod cidr", None),
    ("service cidr", None),
    ("services", None),
    ("svc", None),
    ("secondary", None),
    ("secondary range", None),
    ("overlay", None),
    ("tailscale", None),
    ("wireguard", None),
    ("vpn", None),
    ("cni", None),
    ("calico", None),
    ("cilium", None),
    ("flannel", None),
    ("metallb", None),
    ("master", None),
    ("control plane", None),
];

/// True when a normalised text names a host-internal or overlay network (see
/// [`OVERLAY_NETWORK`]).
pub fn names_overlay(norm: &str) -> bool {
    !matches(norm, compiled!(OVERLAY_NETWORK)).is_empty()
}

/// The kind a shape name implies.
pub fn shape_kind(shape: &str) -> Option<Kind> {
    match shape {
        "cylinder" | "cyl" | "db" | "database" | "datastore" | "data-store" => Some(Kind::Database),
        "h-cyl" | "das" | "horizontal-cylinder" | "lin-cyl" | "disk" | "lined-cylinder" => {
            Some(Kind::Storage)
        }
        _ => None,
    }
}

/// The kind a class name suggests (`dbStyle`, `cache`, `nodePool`, `privateEndpoint`).
pub fn class_kind(class: &str) -> Option<Kind> {
    let words = super::text::normalise(&super::text::id_words(class));
    let has = |w: &str| words.contains(&format!(" {w} "));
    if has("endpoint") {
        return Some(Kind::PrivateEndpoint);
    }
    let table: &[(&[&str], Kind)] = &[
        (&["external", "client", "internet", "users"], Kind::External),
        (
            &["gateway", "gw", "waf", "ingress", "firewall"],
            Kind::Gateway,
        ),
        (&["lb", "loadbalancer", "balancer"], Kind::LoadBalancer),
        (
            &["queue", "message", "messaging", "mq", "bus", "kafka"],
            Kind::Queue,
        ),
        (&["cache", "redis"], Kind::Cache),
        (
            &["db", "database", "data", "sql", "postgres", "mysql"],
            Kind::Database,
        ),
        (&["storage", "blob", "disk", "bucket"], Kind::Storage),
        (&["node", "nodepool", "compute", "vm"], Kind::Compute),
        (
            &["service", "microservice", "app", "svc", "api"],
            Kind::Service,
        ),
    ];
    table
        .iter()
        .find(|(ws, _)| ws.iter().any(|w| has(w)))
        .map(|&(_, k)| k)
}

/// The kind an emoji in the label suggests.
pub fn emoji_kind(label: &str) -> Option<(Kind, &'static str)> {
    const EMOJI: &[(&str, Kind)] = &[
        ("👥", Kind::External),
        ("👨‍💻", Kind::External),
        ("🧑‍💻", Kind::External),
        ("🐘", Kind::Database),
        ("🗄", Kind::Database),
        ("🛢", Kind::Database),
        ("💾", Kind::Storage),
        ("🪣", Kind::Storage),
        ("📨", Kind::Queue),
        ("📮", Kind::Queue),
        ("📬", Kind::Queue),
        ("📭", Kind::Queue),
        ("⚖", Kind::LoadBalancer),
        ("🖥", Kind::Compute),
    ];
    EMOJI
        .iter()
        .find(|(e, _)| label.contains(e))
        .map(|&(e, k)| (k, e))
}

#[cfg(test)]
mod tests {
    use super::super::text::normalise;
    use super::*;

    fn kind(line: &str) -> Option<Kind> {
        best(&normalise(line)).map(|h| h.kind)
    }

    #[test]
    fn label_words() {
        assert_eq!(
            kind("🌍 Azure Front Door + CDN Global PoP Cache"),
            Some(Kind::Gateway)
        );
        assert_eq!(kind("⚖️ LoadBalancer Service"), Some(Kind::LoadBalancer));
        assert_eq!(kind("📮 Service Bus Namespace"), Some(Kind::Queue));
        assert_eq!(
            kind("tripgen-dev-sb.servicebus.windows.net"),
            Some(Kind::Queue)
        );
        assert_eq!(kind("📦 App Node 1"), Some(Kind::Compute));
        assert_eq!(kind("👤 User Service"), Some(Kind::Service));
        assert_eq!(kind("👥 실사용자"), Some(Kind::External));
        assert_eq!(kind("사용자 서비스"), Some(Kind::Service));
        assert_eq!(kind("redis.dev.svc.cluster.local:6379"), Some(Kind::Cache));
        assert_eq!(kind("postgresql:5432"), Some(Kind::Database));
        assert_eq!(kind("📈 Application Insights"), Some(Kind::Monitoring));
        assert_eq!(kind("Application Gateway v2"), Some(Kind::Gateway));
        assert_eq!(kind("Payment Gateway"), Some(Kind::External));
        assert_eq!(kind("🚪 NAT Gateway"), Some(Kind::Egress));
        assert_eq!(kind("📍 Static Public IP"), Some(Kind::Address));
        assert_eq!(kind("⏱️ Rate Limiting (100 req/min/IP)"), None);
        assert_eq!(kind("Istio Service Mesh"), Some(Kind::Generic));
        assert_eq!(kind("AUTH Service Pod Node.js"), Some(Kind::Service));
        assert_eq!(kind("Mobile/Web Users"), Some(Kind::External));
        assert_eq!(kind("💾 hostPath Volume"), Some(Kind::Storage));
        assert_eq!(kind("🔐 Azure Bastion"), Some(Kind::External));
        assert_eq!(kind("결제 게이트웨이"), Some(Kind::External));
        assert_eq!(kind("시큐리티 센터"), None);
    }

    #[test]
    fn purpose_words_beat_their_neighbours() {
        assert_eq!(kind("Database NSG"), Some(Kind::Policy));
        assert_eq!(kind("App Gateway NSG"), Some(Kind::Policy));
        assert_eq!(
            kind("NetworkPolicy: allow ingress from web"),
            Some(Kind::Policy)
        );
        assert_eq!(kind("public-web-subnet-a 10.0.8.0/28"), Some(Kind::Network));
        assert_eq!(kind("db-subnet-b 10.0.21.0/24"), Some(Kind::Network));
        assert_eq!(kind("App Subnet"), Some(Kind::Network));
        assert_eq!(kind("NLB in public subnets"), Some(Kind::LoadBalancer));
        assert_eq!(kind("NSG for Database"), Some(Kind::Policy));
        assert_eq!(kind("Network Load Balancer"), Some(Kind::LoadBalancer));
        assert_eq!(kind("Internet Gateway"), Some(Kind::Edge));
        assert_eq!(kind("VPN Gateway"), Some(Kind::Edge));
        assert_eq!(kind("Azure Key Vault"), Some(Kind::SecretStore));
        assert_eq!(kind("AWS Secrets Manager"), Some(Kind::SecretStore));
        assert_eq!(kind("Azure Container Registry"), Some(Kind::Registry));
        assert_eq!(kind("AKS Managed Identity"), Some(Kind::Identity));
        assert_eq!(kind("IAM Role"), Some(Kind::Identity));
        assert_eq!(kind("Identity Service"), Some(Kind::Service));
        assert_eq!(kind("Redis Monitoring"), Some(Kind::Monitoring));
        assert_eq!(kind("서브넷 10.0.1.0/24"), Some(Kind::Network));
        assert_eq!(kind("パブリックサブネット"), Some(Kind::Network));
    }

    #[test]
    fn dns_zones_are_not_private_endpoints() {
        let dns = |t: &str| dns_in(&Words::of(&normalise(t)), t).map(|h| h.kind);
        assert_eq!(
            dns("privatelink.postgres.database.azure.com"),
            Some(Kind::Dns)
        );
        assert_eq!(dns("Private DNS Zones"), Some(Kind::Dns));
        assert_eq!(dns("Route 53"), Some(Kind::Dns));
        assert_eq!(dns("PostgreSQL Private Endpoint"), None);
        assert_eq!(dns("Private Link to privatelink"), None);
    }

    #[test]
    fn private_endpoints_anywhere() {
        assert!(private_endpoint(&normalise("🔐 PostgreSQL\nPrivate Endpoint")).is_some());
        assert!(private_endpoint(&normalise("PE: PostgreSQL")).is_some());
        assert!(private_endpoint(&normalise("Pipeline")).is_none());
    }

    #[test]
    fn zone_titles() {
        let z = |t: &str| zone_title_kind(&normalise(t)).map(|h| h.kind);
        assert_eq!(
            z("🐘 Azure PostgreSQL Flexible Server"),
            Some(Kind::Database)
        );
        assert_eq!(z("🗄️ Database Subnet 10.0.2.0/24"), None);
        assert_eq!(z("🛡️ 글로벌 보안 서비스"), None);
        assert_eq!(z("Service Layer (MVP)"), Some(Kind::Service));
        assert_eq!(z("Application Node Pool"), Some(Kind::Compute));
        assert_eq!(z("Backup & DR"), None);
        assert_eq!(z("🚀 Application Services"), Some(Kind::Service));
        assert_eq!(z("⚖️ Internal Services"), None);
        assert!(external_zone(&normalise("🌐 인터넷")).is_some());
        assert!(external_zone(&normalise("🌐 Public Subnet")).is_none());
        assert!(legend_zone(&normalise("서비스 약어")).is_some());
    }

    #[test]
    fn classes_shapes_emoji() {
        assert_eq!(class_kind("dbStyle"), Some(Kind::Database));
        assert_eq!(class_kind("privateEndpoint"), Some(Kind::PrivateEndpoint));
        assert_eq!(class_kind("privateStyle"), None);
        assert_eq!(class_kind("nodePool"), Some(Kind::Compute));
        assert_eq!(class_kind("k8sStyle"), None);
        assert_eq!(shape_kind("cyl"), Some(Kind::Database));
        assert_eq!(emoji_kind("🗄️ x").map(|e| e.0), Some(Kind::Database));
    }
}
