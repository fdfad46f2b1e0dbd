//! Which resources of the azurerm, aws and google providers make the network, and which of
//! their attributes say what the drift check needs. Shared by the `.tf` reader and the plan
//! and state JSON reader.

use super::inventory::ResourceKind;

/// How a data service's public access is written.
#[derive(Debug, Clone, Copy)]
pub enum Public {
    /// A boolean attribute that is true when the service is public, and its default.
    Flag(&'static str, bool),
    /// A boolean attribute that is true when the service is private (`restrict_public_buckets`),
    /// and the default of the public access it leaves.
    Inverse(&'static str, bool),
}

/// What one resource type contributes.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// What it is.
    pub kind: ResourceKind,
    /// Attributes holding its ranges (a string or a list of strings).
    pub cidr: &'static [&'static str],
    /// Attributes naming its network.
    pub network: &'static [&'static str],
    /// Attributes naming its subnet.
    pub subnet: &'static [&'static str],
    /// Attributes naming a peering's remote network.
    pub peer: &'static [&'static str],
    /// Attributes naming what a private endpoint serves.
    pub target: &'static [&'static str],
    /// How its public access is written, for data services.
    pub public: Option<Public>,
}

const fn spec(kind: ResourceKind) -> Spec {
    Spec {
        kind,
        cidr: &[],
        network: &[],
        subnet: &[],
        peer: &[],
        target: &[],
        public: None,
    }
}

/// The attributes that name a resource: the cloud name and tags, best first.
pub const NAME_ATTRS: &[&str] = &[
    "name",
    "tags.Name",
    "tags.name",
    "bucket",
    "cluster_identifier",
    "identifier",
    "replication_group_id",
    "cluster_id",
    "display_name",
];

/// The spec of a Terraform resource type, when it is part of the network.
pub fn lookup(rtype: &str) -> Option<Spec> {
    use ResourceKind as K;
    let azure_public = Some(Public::Flag("public_network_access_enabled", true));
    Some(match rtype {
        // Azure
        "azurerm_virtual_network" => Spec {
            cidr: &["address_space"],
            ..spec(K::Network)
        },
        "azurerm_subnet" => Spec {
            cidr: &["address_prefixes", "address_prefix"],
            network: &["virtual_network_name"],
            ..spec(K::Subnet)
        },
        "azurerm_virtual_network_peering" => Spec {
            network: &["virtual_network_name"],
            peer: &["remote_virtual_network_id"],
            ..spec(K::Peering)
        },
        "azurerm_private_endpoint" => Spec {
            subnet: &["subnet_id"],
            target: &["private_service_connection.private_connection_resource_id"],
            ..spec(K::PrivateEndpoint)
        },
        "azurerm_nat_gateway" => spec(K::NatGateway),
        "azurerm_lb" => Spec {
            subnet: &["frontend_ip_configuration.subnet_id"],
            ..spec(K::LoadBalancer)
        },
        "azurerm_application_gateway" => Spec {
            subnet: &["gateway_ip_configuration.subnet_id"],
            ..spec(K::AppGateway)
        },
        "azurerm_firewall" => Spec {
            subnet: &["ip_configuration.subnet_id"],
            ..spec(K::Firewall)
        },
        "azurerm_mssql_server"
        | "azurerm_sql_server"
        | "azurerm_postgresql_server"
        | "azurerm_postgresql_flexible_server"
        | "azurerm_mysql_server"
        | "azurerm_mysql_flexible_server"
        | "azurerm_cosmosdb_account" => Spec {
            public: if rtype == "azurerm_cosmosdb_account" {
                Some(Public::Flag("public_network_access_enabled", true))
            } else {
                azure_public
            },
            subnet: &["delegated_subnet_id"],
            ..spec(K::Database)
        },
        "azurerm_redis_cache" => Spec {
            public: azure_public,
            subnet: &["subnet_id"],
            ..spec(K::Cache)
        },
        "azurerm_servicebus_namespace" | "azurerm_eventhub_namespace" => Spec {
            public: azure_public,
            ..spec(K::Queue)
        },
        "azurerm_storage_account" => Spec {
            public: azure_public,
            ..spec(K::Storage)
        },
        "azurerm_key_vault" => Spec {
            public: azure_public,
            ..spec(K::KeyVault)
        },
        // AWS
        "aws_vpc" => Spec {
            cidr: &["cidr_block"],
            ..spec(K::Network)
        },
        "aws_subnet" => Spec {
            cidr: &["cidr_block"],
            network: &["vpc_id"],
            ..spec(K::Subnet)
        },
        "aws_vpc_peering_connection" => Spec {
            network: &["vpc_id"],
            peer: &["peer_vpc_id"],
            ..spec(K::Peering)
        },
        "aws_vpc_endpoint" => Spec {
            network: &["vpc_id"],
            subnet: &["subnet_ids"],
            target: &["service_name"],
            ..spec(K::PrivateEndpoint)
        },
        "aws_nat_gateway" => Spec {
            subnet: &["subnet_id"],
            ..spec(K::NatGateway)
        },
        "aws_internet_gateway" => Spec {
            network: &["vpc_id"],
            ..spec(K::InternetGateway)
        },
        "aws_lb" | "aws_alb" | "aws_elb" => Spec {
            subnet: &["subnets", "subnet_mapping.subnet_id"],
            ..spec(K::LoadBalancer)
        },
        "aws_networkfirewall_firewall" => Spec {
            network: &["vpc_id"],
            subnet: &["subnet_mapping.subnet_id"],
            ..spec(K::Firewall)
        },
        "aws_db_instance" | "aws_rds_cluster" => Spec {
            public: Some(Public::Flag("publicly_accessible", false)),
            ..spec(K::Database)
        },
        "aws_dynamodb_table" | "aws_docdb_cluster" => spec(K::Database),
        "aws_elasticache_cluster" | "aws_elasticache_replication_group" => spec(K::Cache),
        "aws_sqs_queue" | "aws_sns_topic" | "aws_msk_cluster" => spec(K::Queue),
        "aws_mq_broker" => Spec {
            public: Some(Public::Flag("publicly_accessible", false)),
            ..spec(K::Queue)
        },
        "aws_s3_bucket" => spec(K::Storage),
        "aws_secretsmanager_secret" | "aws_kms_key" => spec(K::KeyVault),
        // Google Cloud
        "google_compute_network" => spec(K::Network),
        "google_compute_subnetwork" => Spec {
            cidr: &["ip_cidr_range"],
            network: &["network"],
            ..spec(K::Subnet)
        },
        "google_compute_network_peering" => Spec {
            network: &["network"],
            peer: &["peer_network"],
            ..spec(K::Peering)
        },
        "google_compute_router_nat" => spec(K::NatGateway),
        "google_compute_forwarding_rule" | "google_compute_global_forwarding_rule" => Spec {
            network: &["network"],
            subnet: &["subnetwork"],
            target: &["target"],
            ..spec(K::LoadBalancer)
        },
        "google_sql_database_instance" => Spec {
            public: Some(Public::Flag("settings.ip_configuration.ipv4_enabled", true)),
            ..spec(K::Database)
        },
        "google_redis_instance" => Spec {
            network: &["authorized_network"],
            ..spec(K::Cache)
        },
        "google_pubsub_topic" => spec(K::Queue),
        "google_storage_bucket" => spec(K::Storage),
        "google_secret_manager_secret" | "google_kms_key_ring" => spec(K::KeyVault),
        _ => return None,
    })
}

/// A Private Service Connect endpoint is a forwarding rule whose target is a service
/// attachment or the Google APIs bundle.
pub fn is_psc_target(target: &str) -> bool {
    target.contains("serviceAttachments")
        || target == "all-apis"
        || target == "vpc-sc"
        || target.contains("google_compute_service_attachment")
}
