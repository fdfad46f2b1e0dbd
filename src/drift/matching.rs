//! Pairing a diagram's items with the inventory's resources, and what differs.
//!
//! Address spaces pair by CIDR first, then by name (the zone's title or id against the
//! resource's name, tags and local name), then by members (a zone whose subnets all belong to
//! one network is that network). Nodes pair with resources of a matching kind by name, then as
//! the only one of their kind in their address space, then as the only one of their kind on
//! both sides. `%% topomaid: resource NODE ADDRESS` pins a pairing by hand.

use ipnet::IpNet;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use super::diagram::{self, DiagramItems, ItemKind, Origin};
use super::inventory::{Inventory, Location, Ref, ResourceKind, Unknown};
use crate::model::kind;
use crate::model::text::normalise;
use crate::model::{Kind, Model};
use crate::source::Span;

/// One pairing of a diagram item with a resource.
#[derive(Debug, Clone, Serialize)]
pub struct Pairing {
    /// The diagram's id of the zone or node.
    pub diagram_id: String,
    /// Its title or label.
    pub diagram_text: String,
    /// Where it is in the diagram.
    pub span: Span,
    /// The resource's address.
    pub resource: String,
    /// Where the resource is declared.
    pub location: Location,
    /// Why they were paired.
    pub why: String,
}

/// A difference between the diagram and the infrastructure, for a `drift-*` rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule id.
    pub rule: &'static str,
    /// What differs.
    pub message: String,
    /// Where in the diagram.
    pub span: Span,
    /// A label for the underlined text.
    pub label: String,
    /// The infrastructure's side, with a note.
    pub infra: Option<(Location, String)>,
    /// How to fix it.
    pub help: Option<String>,
    /// A note rather than a finding: the comparison could not be made (unknown value).
    pub unknown: bool,
}

/// The result of comparing one diagram with an inventory.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Comparison {
    /// Every pairing, with its reason.
    pub pairings: Vec<Pairing>,
    /// What differs.
    pub findings: Vec<Finding>,
    /// Values that could not be resolved, which were counted neither as matches nor as
    /// mismatches.
    pub unknowns: Vec<Unknown>,
    /// False when the diagram draws no part of the network (nothing pairs and no range is
    /// written): another view of the system, not compared.
    pub draws_network: bool,
}

const GENERIC: &[&str] = &[
    "subnet", "subnets", "snet", "sn", "vnet", "vpc", "network", "net", "virtual", "the", "zone",
    "tier", "cidr", "aws", "azure", "gcp", "resource", "range", "block", "address", "space",
];

/// A name reduced for comparison: lower-case letters and digits of the words that are not
/// generic, joined (`snet-app` and `App Subnet` are both `app`).
pub fn key(text: &str) -> String {
    let cleaned = strip_addresses(text);
    let mut out = String::new();
    for w in cleaned
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let w = w.to_lowercase();
        if GENERIC.contains(&w.as_str()) {
            continue;
        }
        out.push_str(&w);
    }
    out
}

fn strip_addresses(text: &str) -> String {
    // Drops IPv4 addresses and CIDRs (`10.0.0.0/16`) and `<br/>` line breaks.
    let mut out = String::with_capacity(text.len());
    for part in text.split_whitespace() {
        let p = part.trim_matches(|c: char| "()[],;:".contains(c));
        let looks_ip = p.chars().filter(|c| *c == '.').count() == 3
            && p.chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '/');
        let looks_v6 = p.contains("::")
            && p.chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '/');
        if !looks_ip && !looks_v6 {
            out.push_str(part);
            out.push(' ');
        }
    }
    out
}

fn compatible(node: Kind, res: ResourceKind) -> bool {
    use ResourceKind as R;
    match node {
        Kind::PrivateEndpoint => res == R::PrivateEndpoint,
        Kind::Database => res == R::Database,
        Kind::Cache => res == R::Cache,
        Kind::Queue => res == R::Queue,
        Kind::Storage => res == R::Storage,
        Kind::SecretStore => res == R::KeyVault,
        Kind::LoadBalancer => matches!(res, R::LoadBalancer | R::AppGateway),
        Kind::Gateway => matches!(res, R::AppGateway | R::Firewall),
        Kind::Edge => res == R::InternetGateway,
        Kind::Egress => res == R::NatGateway,
        _ => false,
    }
}

/// The kinds whose absence in the diagram is reported.
fn reported_missing(kind: ResourceKind) -> bool {
    kind.is_address_space() || kind == ResourceKind::PrivateEndpoint || kind.is_data_service()
}

/// The service a private endpoint names by service name (`com.amazonaws.eu-west-1.s3`) serves
/// a resource of this provider type.
fn service_serves(service: &str, rtype: &str) -> bool {
    let last = service
        .rsplit('.')
        .next()
        .unwrap_or(service)
        .to_ascii_lowercase();
    let map: &[(&str, &[&str])] = &[
        ("s3", &["aws_s3_bucket", "AWS::S3::Bucket"]),
        ("dynamodb", &["aws_dynamodb_table", "AWS::DynamoDB::Table"]),
        ("sqs", &["aws_sqs_queue", "AWS::SQS::Queue"]),
        ("sns", &["aws_sns_topic", "AWS::SNS::Topic"]),
        (
            "rds",
            &[
                "aws_db_instance",
                "aws_rds_cluster",
                "AWS::RDS::DBInstance",
                "AWS::RDS::DBCluster",
            ],
        ),
        (
            "elasticache",
            &[
                "aws_elasticache_cluster",
                "aws_elasticache_replication_group",
                "AWS::ElastiCache::CacheCluster",
                "AWS::ElastiCache::ReplicationGroup",
            ],
        ),
        (
            "secretsmanager",
            &["aws_secretsmanager_secret", "AWS::SecretsManager::Secret"],
        ),
        ("kms", &["aws_kms_key", "AWS::KMS::Key"]),
    ];
    map.iter()
        .any(|(s, types)| *s == last && types.contains(&rtype))
}

struct Index<'a> {
    inv: &'a Inventory,
    by_address: HashMap<&'a str, usize>,
    by_base: HashMap<&'a str, Vec<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    by_key: HashMap<String, Vec<usize>>,
    by_cidr: HashMap<IpNet, Vec<usize>>,
    /// [`Index::network_of`] of every resource, computed once.
    network: Vec<Option<usize>>,
    /// [`Index::space_of`] of every resource, computed once.
    space: Vec<Option<usize>>,
}

impl<'a> Index<'a> {
    fn new(inv: &'a Inventory) -> Self {
        let mut ix = Index {
            inv,
            by_address: HashMap::default(),
            by_base: HashMap::default(),
            by_name: HashMap::default(),
            by_key: HashMap::default(),
            by_cidr: HashMap::default(),
            network: Vec::new(),
            space: Vec::new(),
        };
        for (i, r) in inv.resources.iter().enumerate() {
            ix.by_address.insert(&r.address, i);
            if let Some(b) = r.address.find('[') {
                ix.by_base.entry(&r.address[..b]).or_default().push(i);
            }
            for n in &r.names {
                ix.by_name.entry(n.to_lowercase()).or_default().push(i);
                let k = key(n);
                if !k.is_empty() {
                    let v = ix.by_key.entry(k).or_default();
                    if !v.contains(&i) {
                        v.push(i);
                    }
                }
            }
            for c in &r.cidrs {
                ix.by_cidr.entry(c.trunc()).or_default().push(i);
            }
        }
        ix.network = (0..inv.resources.len())
            .map(|i| ix.find_network(i))
            .collect();
        ix.space = (0..inv.resources.len()).map(|i| ix.find_space(i)).collect();
        ix
    }

    /// The network a resource is in: its own network, or its subnet's.
    fn network_of(&self, i: usize) -> Option<usize> {
        self.network[i]
    }

    /// The address space (subnet, else network) a resource sits in.
    fn space_of(&self, i: usize) -> Option<usize> {
        self.space[i]
    }

    fn resolve(&self, r: &Ref) -> Option<usize> {
        match r {
            Ref::Address(a) => self.by_address.get(a.as_str()).copied().or_else(|| {
                match self.by_base.get(a.as_str()).map(Vec::as_slice) {
                    Some([one]) => Some(*one),
                    _ => None,
                }
            }),
            Ref::Name(n) => match self.by_name.get(&n.to_lowercase()).map(Vec::as_slice) {
                Some([one, ..]) => Some(*one),
                _ => None,
            },
        }
    }

    fn find_network(&self, i: usize) -> Option<usize> {
        let r = &self.inv.resources[i];
        if r.kind == ResourceKind::Network {
            return Some(i);
        }
        if let Some(n) = r.network.as_ref().and_then(|x| self.resolve(x)) {
            return Some(n);
        }
        let s = r.subnet.as_ref().and_then(|x| self.resolve(x))?;
        self.inv.resources[s]
            .network
            .as_ref()
            .and_then(|x| self.resolve(x))
    }

    fn find_space(&self, i: usize) -> Option<usize> {
        let r = &self.inv.resources[i];
        r.subnet
            .as_ref()
            .and_then(|x| self.resolve(x))
            .or_else(|| r.network.as_ref().and_then(|x| self.resolve(x)))
    }
}

fn fmt_cidrs(c: &[IpNet]) -> String {
    c.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Compares the diagram `model` with `inv`.
pub fn compare(model: &Model, inv: &Inventory) -> Comparison {
    let d = diagram::items(model);
    compare_items(model, &d, inv)
}

fn compare_items(model: &Model, d: &DiagramItems, inv: &Inventory) -> Comparison {
    let ix = Index::new(inv);
    let mut out = Comparison {
        unknowns: inv.unknowns.clone(),
        ..Comparison::default()
    };
    let n_items = d.items.len();
    let mut item_res: Vec<Option<usize>> = vec![None; n_items];
    let mut why: Vec<String> = vec![String::new(); n_items];
    let mut res_item: Vec<Option<usize>> = vec![None; inv.resources.len()];
    let pair = |i: usize,
                r: usize,
                w: String,
                item_res: &mut Vec<Option<usize>>,
                res_item: &mut Vec<Option<usize>>,
                why: &mut Vec<String>| {
        item_res[i] = Some(r);
        res_item[r] = Some(i);
        why[i] = w;
    };
    let item_by_id: HashMap<&str, usize> = d
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.id.as_str(), i))
        .collect();

    // 0. Pins.
    for p in &model.directives.resources {
        let r = ix.resolve(&Ref::Address(p.address.clone()));
        match (item_by_id.get(p.id.as_str()), r) {
            (Some(&i), Some(r)) => pair(i, r, format!("pinned by `%% topomaid: resource {} {}`", p.id, p.address), &mut item_res, &mut res_item, &mut why),
            (None, _) => out.findings.push(Finding {
                rule: "drift-missing-in-infra",
                message: format!("`{}` is not a zone or node the drift check compares (a network, subnet, private endpoint, data service, gateway or load balancer)", p.id),
                span: p.span,
                label: "pinned here".into(),
                infra: None,
                help: Some("pin a zone, or a node whose kind the infrastructure declares".into()),
                unknown: false,
            }),
            (Some(_), None) => out.findings.push(Finding {
                rule: "drift-missing-in-infra",
                message: format!("no resource `{}` in the infrastructure", p.address),
                span: p.span,
                label: "pinned here".into(),
                infra: None,
                help: Some("give a resource address as the infrastructure code writes it (`azurerm_subnet.app`, a CloudFormation logical id)".into()),
                unknown: false,
            }),
        }
    }

    // 1. Address spaces by CIDR.
    for (i, it) in d.items.iter().enumerate() {
        if it.kind != ItemKind::Space || item_res[i].is_some() || it.cidrs.is_empty() {
            continue;
        }
        let nested = it.parent.is_some();
        let mut cands: Vec<usize> = it
            .cidrs
            .iter()
            .flat_map(|c| ix.by_cidr.get(c).into_iter().flatten().copied())
            .filter(|&r| res_item[r].is_none() && inv.resources[r].kind.is_address_space())
            .collect();
        cands.sort_unstable();
        cands.dedup();
        // A nested zone is rather a subnet, a top-level one rather a network.
        cands.sort_by_key(|&r| {
            let k = inv.resources[r].kind;
            (k == ResourceKind::Subnet) != nested
        });
        if let Some(&r) = cands.first() {
            let common: Vec<IpNet> = it
                .cidrs
                .iter()
                .filter(|c| inv.resources[r].cidrs.iter().any(|x| x.trunc() == **c))
                .copied()
                .collect();
            pair(
                i,
                r,
                format!("same CIDR {}", fmt_cidrs(&common)),
                &mut item_res,
                &mut res_item,
                &mut why,
            );
        }
    }

    // 2. Address spaces by name (zones, and plain nodes that may name a subnet).
    // A zone without a range whose name is the local name of a `count`/`for_each` block
    // (`public subnets` and `aws_subnet.public[…]`) stands for every instance of the block:
    // one zone drawn for the subnets of every availability zone.
    let mut also: Vec<(usize, usize, String)> = Vec::new();
    for (i, it) in d.items.iter().enumerate() {
        if !matches!(it.kind, ItemKind::Space | ItemKind::Named) || item_res[i].is_some() {
            continue;
        }
        let parent_net = it.parent.and_then(|p| item_res[p]);
        let mut found = None;
        for k in [key(&it.text), key(&it.id)] {
            if k.is_empty() {
                continue;
            }
            let Some(cands) = ix.by_key.get(&k) else {
                continue;
            };
            let mut c: Vec<usize> = cands
                .iter()
                .copied()
                .filter(|&r| res_item[r].is_none() && inv.resources[r].kind.is_address_space())
                .collect();
            // Within the network the enclosing zone is paired with, when there is one.
            if let Some(pn) = parent_net
                && c.iter().any(|&r| ix.network_of(r) == Some(pn) && r != pn)
            {
                c.retain(|&r| ix.network_of(r) == Some(pn) && r != pn);
            }
            if let Some(&r) = c.first() {
                let name = inv.resources[r]
                    .names
                    .iter()
                    .find(|n| key(n) == k)
                    .cloned()
                    .unwrap_or_default();
                found = Some((
                    r,
                    format!(
                        "same name: `{}` and `{name}`",
                        if key(&it.text) == k { &it.text } else { &it.id }
                    ),
                ));
                break;
            }
        }
        if let Some((r, w)) = found {
            pair(i, r, w, &mut item_res, &mut res_item, &mut why);
            let address = &inv.resources[r].address;
            if it.cidrs.is_empty()
                && let Some(b) = address.find('[')
            {
                let base = &address[..b];
                let local = base.rsplit('.').next().unwrap_or(base);
                let shared = [key(&it.text), key(&it.id)].contains(&key(local));
                for &s in ix.by_base.get(base).into_iter().flatten() {
                    if shared && res_item[s].is_none() {
                        res_item[s] = Some(i);
                        also.push((
                            i,
                            s,
                            format!("one zone for every instance of `{base}`, like `{address}`"),
                        ));
                    }
                }
            }
        }
    }

    // 3. Address spaces by members: every paired address space drawn inside (at any depth)
    // belongs to one network. Of the zones that qualify (a resource group around a VNet
    // qualifies too), one whose title names a network (`VPC`, `VNet`) is preferred, then the
    // outermost.
    let depth = |mut c: usize| {
        let mut n = 0;
        while let Some(p) = d.items[c].parent {
            n += 1;
            c = p;
        }
        n
    };
    // Each paired item votes, for every zone around it, for the network it belongs to.
    let mut votes: Vec<Vec<Option<usize>>> = vec![Vec::new(); n_items];
    for (c, paired) in item_res.iter().enumerate() {
        let Some(r) = *paired else { continue };
        let v = ix.network_of(r).filter(|&n| n != r);
        let mut a = d.items[c].parent;
        while let Some(p) = a {
            votes[p].push(v);
            a = d.items[p].parent;
        }
    }
    let mut by_members: Vec<(bool, usize, usize, usize, usize)> = Vec::new();
    for (i, it) in d.items.iter().enumerate() {
        if it.kind != ItemKind::Space || item_res[i].is_some() {
            continue;
        }
        let nets = &votes[i];
        if let Some(Some(n)) = nets.first()
            && nets.iter().all(|x| *x == Some(*n))
            && res_item[*n].is_none()
        {
            let names_net = kind::names_container(&normalise(&it.text))
                || kind::names_container(&normalise(&it.id));
            by_members.push((!names_net, depth(i), i, *n, nets.len()));
        }
    }
    by_members.sort_unstable();
    for (_, _, i, n, count) in by_members {
        if item_res[i].is_some() || res_item[n].is_some() {
            continue;
        }
        pair(
            i,
            n,
            format!(
                "members: its {count} paired subnet(s) belong to `{}`",
                inv.resources[n].address
            ),
            &mut item_res,
            &mut res_item,
            &mut why,
        );
    }

    // 3b. A zone titled only with generic words (`VPC`, `Virtual Network`) is the network
    // when the infrastructure has one network left and the diagram one such zone.
    let generic: Vec<usize> = (0..n_items)
        .filter(|&i| {
            let it = &d.items[i];
            it.kind == ItemKind::Space
                && item_res[i].is_none()
                && it.cidrs.is_empty()
                && key(&it.text).is_empty()
                && key(&it.id).is_empty()
                && (kind::names_container(&normalise(&it.text))
                    || kind::names_container(&normalise(&it.id)))
        })
        .collect();
    let nets: Vec<usize> = (0..inv.resources.len())
        .filter(|&r| res_item[r].is_none() && inv.resources[r].kind == ResourceKind::Network)
        .collect();
    if let ([i], [r]) = (generic.as_slice(), nets.as_slice()) {
        let w = format!(
            "the only network on both sides (`{}` names no network)",
            d.items[*i].text.replace('\n', " ")
        );
        pair(*i, *r, w, &mut item_res, &mut res_item, &mut why);
    }

    // 4. Nodes by name, then as the only one of their kind in their space, then overall.
    for (i, it) in d.items.iter().enumerate() {
        let ItemKind::Node(kind) = it.kind else {
            continue;
        };
        if item_res[i].is_some() {
            continue;
        }
        for k in [key(&it.text), key(&it.id)] {
            if k.is_empty() {
                continue;
            }
            if let Some(&r) = ix.by_key.get(&k).and_then(|c| {
                c.iter()
                    .find(|&&r| res_item[r].is_none() && compatible(kind, inv.resources[r].kind))
            }) {
                let name = inv.resources[r]
                    .names
                    .iter()
                    .find(|n| key(n) == k)
                    .cloned()
                    .unwrap_or_default();
                pair(
                    i,
                    r,
                    format!("same name: `{}` and `{name}`", it.text.replace('\n', " ")),
                    &mut item_res,
                    &mut res_item,
                    &mut why,
                );
                break;
            }
        }
    }
    // A diagram that draws no part of the network (nothing paired so far, no range written) is
    // another view of the system (a pipeline, an observability flow): it is not compared.
    out.draws_network = !model.directives.resources.is_empty()
        || item_res.iter().any(Option::is_some)
        || d.items
            .iter()
            .any(|it| it.kind == ItemKind::Space && !it.cidrs.is_empty());
    if !out.draws_network {
        return out;
    }
    // The resources in each address space, and the items drawn in each zone, once: the passes
    // below look at one space or one zone at a time.
    let mut in_space: HashMap<usize, Vec<usize>> = HashMap::default();
    for r in 0..inv.resources.len() {
        let (s, n) = (ix.space_of(r), ix.network_of(r));
        if let Some(s) = s {
            in_space.entry(s).or_default().push(r);
        }
        if let Some(n) = n
            && s != Some(n)
        {
            in_space.entry(n).or_default().push(r);
        }
    }
    let mut in_zone: HashMap<Option<usize>, Vec<usize>> = HashMap::default();
    for (j, o) in d.items.iter().enumerate() {
        if matches!(o.kind, ItemKind::Node(_)) {
            in_zone.entry(o.parent).or_default().push(j);
        }
    }
    for (i, it) in d.items.iter().enumerate() {
        let ItemKind::Node(kind) = it.kind else {
            continue;
        };
        if item_res[i].is_some() {
            continue;
        }
        let Some(space) = it.parent.and_then(|p| item_res[p]) else {
            continue;
        };
        let cands: Vec<usize> = in_space
            .get(&space)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&r| res_item[r].is_none() && compatible(kind, inv.resources[r].kind))
            .collect();
        let peers = in_zone[&it.parent]
            .iter()
            .filter(|&&j| item_res[j].is_none() && d.items[j].kind == it.kind)
            .count();
        if let ([r], 1) = (cands.as_slice(), peers) {
            pair(
                i,
                *r,
                format!(
                    "the only {} in `{}` on both sides",
                    inv.resources[*r].kind.describe(),
                    inv.resources[space].address
                ),
                &mut item_res,
                &mut res_item,
                &mut why,
            );
        }
    }
    // Overall, one kind at a time (in the order the diagram first draws them).
    let mut kinds: Vec<Kind> = Vec::new();
    for it in &d.items {
        if let ItemKind::Node(k) = it.kind
            && !kinds.contains(&k)
        {
            kinds.push(k);
        }
    }
    for kind in kinds {
        let peers: Vec<usize> = (0..n_items)
            .filter(|&j| item_res[j].is_none() && d.items[j].kind == ItemKind::Node(kind))
            .collect();
        let cands: Vec<usize> = (0..inv.resources.len())
            .filter(|&r| res_item[r].is_none() && compatible(kind, inv.resources[r].kind))
            .collect();
        if let ([r], [i]) = (cands.as_slice(), peers.as_slice()) {
            pair(
                *i,
                *r,
                format!(
                    "the only {} on both sides",
                    inv.resources[*r].kind.describe()
                ),
                &mut item_res,
                &mut res_item,
                &mut why,
            );
        }
    }

    for (i, it) in d.items.iter().enumerate() {
        if let Some(r) = item_res[i] {
            let res = &inv.resources[r];
            out.pairings.push(Pairing {
                diagram_id: it.id.clone(),
                diagram_text: it.text.clone(),
                span: it.span,
                resource: res.address.clone(),
                location: res.location.clone(),
                why: why[i].clone(),
            });
        }
    }

    for (i, r, w) in also {
        let (it, res) = (&d.items[i], &inv.resources[r]);
        out.pairings.push(Pairing {
            diagram_id: it.id.clone(),
            diagram_text: it.text.clone(),
            span: it.span,
            resource: res.address.clone(),
            location: res.location.clone(),
            why: w,
        });
    }

    let unknown_note = if inv.unknowns.is_empty() {
        String::new()
    } else {
        format!(
            " ({} part(s) of the infrastructure could not be read, e.g. {})",
            inv.unknowns.len(),
            inv.unknowns[0].what
        )
    };

    // drift-cidr
    for (i, it) in d.items.iter().enumerate() {
        let Some(r) = item_res[i] else { continue };
        let res = &inv.resources[r];
        if it.kind != ItemKind::Space || it.cidrs.is_empty() {
            continue;
        }
        let at = it.cidr_span.unwrap_or(it.span);
        if res.cidrs.is_empty() {
            if let Some(u) = &res.cidr_unknown {
                out.findings.push(Finding {
                    rule: "drift-cidr",
                    message: format!("cannot compare the range of `{}` with `{}`: {} is unknown: {}", it.id, res.address, u.what, u.why),
                    span: at,
                    label: "compared with an unknown range".into(),
                    infra: Some((u.location.clone(), "unknown here".into())),
                    help: Some("give the value in a var file (`--var-file`), or compare against `terraform show -json` of a plan".into()),
                    unknown: true,
                });
                out.unknowns.push(u.clone());
            }
            continue;
        }
        let mut theirs: Vec<IpNet> = res.cidrs.iter().map(|c| c.trunc()).collect();
        theirs.sort();
        theirs.dedup();
        let mut ours = it.cidrs.clone();
        ours.sort();
        ours.dedup();
        if ours != theirs {
            out.findings.push(Finding {
                rule: "drift-cidr",
                message: format!(
                    "`{}` is drawn as {} but `{}` is {}",
                    it.id,
                    fmt_cidrs(&ours),
                    res.address,
                    fmt_cidrs(&theirs)
                ),
                span: at,
                label: format!("the infrastructure says {}", fmt_cidrs(&theirs)),
                infra: Some((
                    res.location.clone(),
                    format!("{} declared here ({})", res.kind.describe(), why[i]),
                )),
                help: Some(format!(
                    "write {} in the diagram, or change the infrastructure",
                    fmt_cidrs(&theirs)
                )),
                unknown: false,
            });
        }
    }

    // drift-missing-in-infra
    for (i, it) in d.items.iter().enumerate() {
        if item_res[i].is_some() {
            continue;
        }
        let what = match it.kind {
            ItemKind::Space if !it.cidrs.is_empty() => {
                format!("address space {}", fmt_cidrs(&it.cidrs))
            }
            ItemKind::Node(k)
                if matches!(
                    k,
                    Kind::PrivateEndpoint
                        | Kind::Database
                        | Kind::Cache
                        | Kind::Queue
                        | Kind::Storage
                        | Kind::SecretStore
                ) =>
            {
                k.name().replace('-', " ")
            }
            _ => continue,
        };
        out.findings.push(Finding {
            rule: "drift-missing-in-infra",
            message: format!("`{}` ({what}) is drawn but the infrastructure has nothing like it{unknown_note}", it.id),
            span: it.cidr_span.filter(|_| it.kind == ItemKind::Space).unwrap_or(it.span),
            label: "not in the infrastructure".into(),
            infra: None,
            help: Some("remove it from the diagram, add it to the infrastructure, or pin it with `%% topomaid: resource ID ADDRESS`".into()),
            unknown: !inv.unknowns.is_empty(),
        });
    }

    // drift-missing-in-diagram
    let header = Span::new(0, 0);
    for (r, res) in inv.resources.iter().enumerate() {
        if res_item[r].is_some() || !reported_missing(res.kind) {
            continue;
        }
        let parent = ix
            .space_of(r)
            .or_else(|| ix.network_of(r).filter(|&n| n != r));
        let near = parent.and_then(|p| res_item[p]).map(|i| &d.items[i]);
        let cidr = if res.cidrs.is_empty() {
            String::new()
        } else {
            format!(" ({})", fmt_cidrs(&res.cidrs))
        };
        out.findings.push(Finding {
            rule: "drift-missing-in-diagram",
            message: format!("{} `{}`{cidr} is in the infrastructure but not in the diagram", res.kind.describe(), res.address),
            span: near.map_or(header, |n| n.span),
            label: match near {
                Some(n) => format!("`{}` would be drawn in `{}`", res.display_name(), n.id),
                None => "not drawn".into(),
            },
            infra: Some((res.location.clone(), "declared here".into())),
            help: Some("draw it, or pin an existing zone or node to it with `%% topomaid: resource ID ADDRESS`".into()),
            unknown: false,
        });
    }

    // drift-private-endpoint. What every private endpoint serves, and the private endpoint
    // drawn next to each item, once.
    let mut served_by_pe = vec![false; inv.resources.len()];
    let mut pe_service_names: Vec<&str> = Vec::new();
    for p in &inv.resources {
        if p.kind != ResourceKind::PrivateEndpoint {
            continue;
        }
        match &p.target {
            Some(t @ Ref::Address(_)) => {
                if let Some(r) = ix.resolve(t) {
                    served_by_pe[r] = true;
                }
            }
            Some(t @ Ref::Name(n)) => {
                if let Some(r) = ix.resolve(t) {
                    served_by_pe[r] = true;
                }
                pe_service_names.push(n);
            }
            None => {}
        }
    }
    let mut pe_next_to: Vec<Option<usize>> = vec![None; n_items];
    for (a, b, _, _) in &d.edges {
        for (x, y) in [(*a, *b), (*b, *a)] {
            if pe_next_to[x].is_none() && d.items[y].kind == ItemKind::Node(Kind::PrivateEndpoint) {
                pe_next_to[x] = Some(y);
            }
        }
    }
    for (i, it) in d.items.iter().enumerate() {
        let ItemKind::Node(kind) = it.kind else {
            continue;
        };
        if !matches!(
            kind,
            Kind::Database | Kind::Cache | Kind::Queue | Kind::Storage | Kind::SecretStore
        ) {
            continue;
        }
        let Some(r) = item_res[i] else { continue };
        let Some(pe) = pe_next_to[i] else { continue };
        let res = &inv.resources[r];
        let served = served_by_pe[r]
            || pe_service_names
                .iter()
                .any(|n| service_serves(n, &res.rtype));
        if !served {
            out.findings.push(Finding {
                rule: "drift-private-endpoint",
                message: format!("`{}` is drawn behind private endpoint `{}`, but the infrastructure has no private endpoint for `{}`", it.id, d.items[pe].id, res.address),
                span: it.span,
                label: "drawn as private".into(),
                infra: Some((res.location.clone(), format!("{} declared here", res.kind.describe()))),
                help: Some("add the private endpoint (azurerm_private_endpoint, aws_vpc_endpoint, a PSC forwarding rule), or draw the path as it is".into()),
                unknown: false,
            });
        }
        if let Some((true, setting)) = &res.public_access {
            out.findings.push(Finding {
                rule: "drift-private-endpoint",
                message: format!("`{}` is drawn behind private endpoint `{}`, but `{}` is reachable from the internet: {setting}", it.id, d.items[pe].id, res.address),
                span: it.span,
                label: "drawn as private".into(),
                infra: Some((res.location.clone(), "public access is on".into())),
                help: Some("turn public access off in the infrastructure".into()),
                unknown: false,
            });
        }
    }

    // drift-peering
    let net_of_item = |i: usize| -> Option<usize> {
        let mut cur = Some(i);
        while let Some(c) = cur {
            if let Some(r) = item_res[c]
                && inv.resources[r].kind == ResourceKind::Network
            {
                return Some(r);
            }
            cur = d.items[c].parent;
        }
        None
    };
    let mut infra_peerings: Vec<((usize, usize), usize)> = Vec::new();
    for (p, res) in inv.resources.iter().enumerate() {
        if res.kind != ResourceKind::Peering {
            continue;
        }
        let a = res
            .network
            .as_ref()
            .and_then(|x| ix.resolve(x))
            .and_then(|x| ix.network_of(x));
        let b = res
            .peer
            .as_ref()
            .and_then(|x| ix.resolve(x))
            .and_then(|x| ix.network_of(x));
        if let (Some(a), Some(b)) = (a, b) {
            infra_peerings.push(((a.min(b), a.max(b)), p));
        }
    }
    let mut drawn: Vec<((usize, usize), Span)> = Vec::new();
    for (a, b, label, span) in &d.edges {
        let (ia, ib) = (&d.items[*a], &d.items[*b]);
        let is_peering = label.to_lowercase().contains("peer")
            || (ia.kind == ItemKind::Space && ib.kind == ItemKind::Space);
        if !is_peering {
            continue;
        }
        let (Some(na), Some(nb)) = (net_of_item(*a), net_of_item(*b)) else {
            continue;
        };
        if na == nb {
            continue;
        }
        drawn.push(((na.min(nb), na.max(nb)), *span));
    }
    for (pair_key, span) in &drawn {
        if !infra_peerings.iter().any(|(k, _)| k == pair_key) {
            let (x, y) = (&inv.resources[pair_key.0], &inv.resources[pair_key.1]);
            out.findings.push(Finding {
                rule: "drift-peering",
                message: format!(
                    "a peering between `{}` and `{}` is drawn, but the infrastructure has none",
                    x.address, y.address
                ),
                span: *span,
                label: "no such peering".into(),
                infra: Some((x.location.clone(), "network declared here".into())),
                help: Some("add the peering, or remove the link from the diagram".into()),
                unknown: false,
            });
        }
    }
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for (k, p) in &infra_peerings {
        if drawn.iter().any(|(dk, _)| dk == k) || reported.contains(k) {
            continue;
        }
        let (Some(ia), Some(_)) = (res_item[k.0], res_item[k.1]) else {
            continue;
        };
        reported.push(*k);
        let res = &inv.resources[*p];
        out.findings.push(Finding {
            rule: "drift-peering",
            message: format!(
                "`{}` peers `{}` with `{}`, but the diagram draws no link between them",
                res.address, inv.resources[k.0].address, inv.resources[k.1].address
            ),
            span: d.items[ia].span,
            label: "peering not drawn".into(),
            infra: Some((res.location.clone(), "peering declared here".into())),
            help: Some("draw the peering as a link between the two networks".into()),
            unknown: false,
        });
    }
    let _ = Origin::Zone(0);
    out
}
