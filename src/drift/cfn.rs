//! CloudFormation templates (YAML with the short tags `!Ref`, `!Sub`, …, or JSON): resources of
//! the network with `Ref`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::Cidr`,
//! `Fn::GetAZs`, `Fn::GetAtt` (of properties written in the template), `Fn::FindInMap` and the
//! parameters' defaults resolved.

use super::DriftError;
use super::inventory::{Inventory, Location, Ref, Resource, ResourceKind, Unknown};
use super::tree::{self, Node, Value as Y};

/// A value of the template, evaluated.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Str(String),
    List(Vec<V>),
    /// A reference to a resource of the template (`!Ref Vpc`, `!GetAtt Vpc.VpcId`).
    Ref(String),
    /// Why it cannot be known.
    Unknown(String),
}

struct Template<'a> {
    root: &'a Node,
    path: &'a str,
    text: &'a str,
}

const MAX_DEPTH: usize = 32;

/// Whether `root` looks like a CloudFormation template.
pub fn is_template(root: &Node) -> bool {
    root.get("AWSTemplateFormatVersion").is_some()
        || root.get("Resources").is_some_and(|r| {
            r.entries().iter().any(|(_, v)| {
                v.get("Type")
                    .and_then(Node::as_str)
                    .is_some_and(|t| t.starts_with("AWS::"))
            })
        })
}

impl Template<'_> {
    fn eval(&self, n: &Node, depth: usize) -> V {
        if depth > MAX_DEPTH {
            return V::Unknown("references nest too deep".into());
        }
        if let Some(tag) = &n.tag {
            let f = if tag.starts_with("Fn::") || tag == "Ref" || tag == "Condition" {
                tag.clone()
            } else {
                format!("Fn::{tag}")
            };
            let mut inner = n.clone();
            inner.tag = None;
            return self.func(&f, &inner, depth);
        }
        match &n.value {
            Y::Null => V::Unknown("it is empty".into()),
            Y::Str(s) => V::Str(s.clone()),
            Y::Seq(items) => V::List(items.iter().map(|i| self.eval(i, depth + 1)).collect()),
            Y::Map(m) if m.len() == 1 && (m[0].0 == "Ref" || m[0].0.starts_with("Fn::")) => {
                self.func(&m[0].0, &m[0].1, depth)
            }
            Y::Map(_) => V::Unknown("it is a mapping".into()),
        }
    }

    fn param_default(&self, name: &str, depth: usize) -> Option<V> {
        let p = self.root.path(&["Parameters", name])?;
        Some(match p.get("Default") {
            Some(d) => match self.eval(d, depth + 1) {
                // A CommaDelimitedList default is one string.
                V::Str(s)
                    if p.get("Type")
                        .and_then(Node::as_str)
                        .is_some_and(|t| t.contains("List")) =>
                {
                    V::List(s.split(',').map(|x| V::Str(x.trim().to_string())).collect())
                }
                v => v,
            },
            None => V::Unknown(format!(
                "parameter `{name}` has no default (line {})",
                p.line
            )),
        })
    }

    fn reference(&self, name: &str, depth: usize) -> V {
        match name {
            "AWS::Region" => return V::Str("us-east-1".into()),
            "AWS::AccountId" | "AWS::StackName" | "AWS::StackId" | "AWS::Partition"
            | "AWS::URLSuffix" | "AWS::NoValue" => {
                return V::Unknown(format!("`{name}` is known only when the stack is deployed"));
            }
            _ => {}
        }
        if let Some(v) = self.param_default(name, depth) {
            return v;
        }
        if self.root.path(&["Resources", name]).is_some() {
            return V::Ref(name.to_string());
        }
        V::Unknown(format!("`{name}` is neither a parameter nor a resource"))
    }

    fn func(&self, f: &str, arg: &Node, depth: usize) -> V {
        let d = depth + 1;
        let args = || arg.items();
        match f {
            "Ref" => match arg.as_str() {
                Some(name) => self.reference(name, d),
                None => V::Unknown("`Ref` needs a name".into()),
            },
            "Fn::GetAtt" => {
                let (res, attr) = match &arg.value {
                    Y::Str(s) => match s.split_once('.') {
                        Some((a, b)) => (a.to_string(), b.to_string()),
                        None => return V::Unknown(format!("`Fn::GetAtt {s}` needs an attribute")),
                    },
                    Y::Seq(items) if items.len() == 2 => {
                        match (items[0].as_str(), items[1].as_str()) {
                            (Some(a), Some(b)) => (a.to_string(), b.to_string()),
                            _ => return V::Unknown("`Fn::GetAtt` takes two names".into()),
                        }
                    }
                    _ => return V::Unknown("`Fn::GetAtt` takes two names".into()),
                };
                match self.root.path(&["Resources", &res, "Properties", &attr]) {
                    Some(p) => self.eval(p, d),
                    None if attr.ends_with("Id") || attr == "Arn" => V::Ref(res),
                    None => V::Unknown(format!(
                        "`{res}.{attr}` is known only when the stack is deployed"
                    )),
                }
            }
            "Fn::Sub" => {
                let (template, vars) = match &arg.value {
                    Y::Str(s) => (s.clone(), None),
                    Y::Seq(items) if !items.is_empty() => match items[0].as_str() {
                        Some(s) => (s.to_string(), items.get(1)),
                        None => return V::Unknown("`Fn::Sub` needs a string".into()),
                    },
                    _ => return V::Unknown("`Fn::Sub` needs a string".into()),
                };
                let mut out = String::new();
                let mut rest = template.as_str();
                while let Some(i) = rest.find("${") {
                    out.push_str(&rest[..i]);
                    let after = &rest[i + 2..];
                    let Some(j) = after.find('}') else {
                        out.push_str(&rest[i..]);
                        rest = "";
                        break;
                    };
                    let name = &after[..j];
                    rest = &after[j + 1..];
                    if let Some(lit) = name.strip_prefix('!') {
                        out.push_str("${");
                        out.push_str(lit);
                        out.push('}');
                        continue;
                    }
                    let v = match vars.and_then(|m| m.get(name)) {
                        Some(n) => self.eval(n, d),
                        None => match name.split_once('.') {
                            Some((r, a)) if !name.starts_with("AWS::") => {
                                let mut n = arg.clone();
                                n.value = Y::Str(format!("{r}.{a}"));
                                self.func("Fn::GetAtt", &n, d)
                            }
                            _ => self.reference(name, d),
                        },
                    };
                    match v {
                        V::Str(s) => out.push_str(&s),
                        V::Ref(r) => out.push_str(&r),
                        V::Unknown(why) => return V::Unknown(why),
                        V::List(_) => return V::Unknown(format!("`${{{name}}}` is a list")),
                    }
                }
                out.push_str(rest);
                V::Str(out)
            }
            "Fn::Join" => match args() {
                [sep, list] => {
                    let sep = match self.eval(sep, d) {
                        V::Str(s) => s,
                        _ => return V::Unknown("`Fn::Join` needs a separator".into()),
                    };
                    match self.eval(list, d) {
                        V::List(items) => {
                            let mut parts = Vec::new();
                            for i in items {
                                match i {
                                    V::Str(s) | V::Ref(s) => parts.push(s),
                                    V::Unknown(w) => return V::Unknown(w),
                                    V::List(_) => return V::Unknown("`Fn::Join` of lists".into()),
                                }
                            }
                            V::Str(parts.join(&sep))
                        }
                        V::Unknown(w) => V::Unknown(w),
                        _ => V::Unknown("`Fn::Join` needs a list".into()),
                    }
                }
                _ => V::Unknown("`Fn::Join` takes a separator and a list".into()),
            },
            "Fn::Select" => match args() {
                [i, list] => {
                    let i = match self.eval(i, d) {
                        V::Str(s) => s.trim().parse::<usize>().ok(),
                        _ => None,
                    };
                    match (i, self.eval(list, d)) {
                        (Some(i), V::List(items)) => items.get(i).cloned().unwrap_or_else(|| {
                            V::Unknown(format!("`Fn::Select` index {i} is past the list's end"))
                        }),
                        (_, V::Unknown(w)) => V::Unknown(w),
                        _ => V::Unknown("`Fn::Select` needs an index and a list".into()),
                    }
                }
                _ => V::Unknown("`Fn::Select` takes an index and a list".into()),
            },
            "Fn::Split" => match args() {
                [sep, s] => match (self.eval(sep, d), self.eval(s, d)) {
                    (V::Str(sep), V::Str(s)) => V::List(
                        s.split(sep.as_str())
                            .map(|p| V::Str(p.to_string()))
                            .collect(),
                    ),
                    (_, V::Unknown(w)) => V::Unknown(w),
                    _ => V::Unknown("`Fn::Split` takes a separator and a string".into()),
                },
                _ => V::Unknown("`Fn::Split` takes a separator and a string".into()),
            },
            "Fn::Cidr" => match args() {
                [block, count, bits] => {
                    let num = |n: &Node| match self.eval(n, d) {
                        V::Str(s) => s.trim().parse::<i64>().ok(),
                        _ => None,
                    };
                    match (self.eval(block, d), num(count), num(bits)) {
                        (V::Str(b), Some(c), Some(h)) => match super::cidr::parse(&b)
                            .and_then(|net| super::cidr::split(&net, c, h))
                        {
                            Ok(nets) => {
                                V::List(nets.into_iter().map(|n| V::Str(n.to_string())).collect())
                            }
                            Err(e) => V::Unknown(format!("`Fn::Cidr`: {e}")),
                        },
                        (V::Unknown(w), _, _) => V::Unknown(w),
                        _ => V::Unknown(
                            "`Fn::Cidr` takes a block, a count and a number of bits".into(),
                        ),
                    }
                }
                _ => V::Unknown("`Fn::Cidr` takes a block, a count and a number of bits".into()),
            },
            "Fn::GetAZs" => V::List(
                ["a", "b", "c", "d", "e", "f"]
                    .iter()
                    .map(|z| V::Str(format!("us-east-1{z}")))
                    .collect(),
            ),
            "Fn::FindInMap" => match args() {
                [m, k1, k2] => {
                    let s = |n: &Node| match self.eval(n, d) {
                        V::Str(s) => Some(s),
                        _ => None,
                    };
                    match (s(m), s(k1), s(k2)) {
                        (Some(m), Some(a), Some(b)) => {
                            match self.root.path(&["Mappings", &m, &a, &b]) {
                                Some(n) => self.eval(n, d),
                                None => V::Unknown(format!(
                                    "mapping `{m}.{a}.{b}` is not in the template"
                                )),
                            }
                        }
                        _ => V::Unknown("`Fn::FindInMap` keys cannot be resolved".into()),
                    }
                }
                _ => V::Unknown("`Fn::FindInMap` takes three keys".into()),
            },
            "Fn::ImportValue" => V::Unknown("it is imported from another stack's outputs".into()),
            "Fn::If" => V::Unknown("it depends on a condition".into()),
            other => V::Unknown(format!("`{other}` is not evaluated")),
        }
    }
}

struct CfnSpec {
    kind: ResourceKind,
    cidr: &'static str,
    network: &'static str,
    subnet: &'static str,
    peer: &'static str,
    target: &'static str,
    public: Option<(&'static str, bool)>,
}

fn lookup(t: &str) -> Option<CfnSpec> {
    use ResourceKind as K;
    let s = |kind| CfnSpec {
        kind,
        cidr: "",
        network: "",
        subnet: "",
        peer: "",
        target: "",
        public: None,
    };
    Some(match t {
        "AWS::EC2::VPC" => CfnSpec {
            cidr: "CidrBlock",
            ..s(K::Network)
        },
        "AWS::EC2::Subnet" => CfnSpec {
            cidr: "CidrBlock",
            network: "VpcId",
            ..s(K::Subnet)
        },
        "AWS::EC2::VPCPeeringConnection" => CfnSpec {
            network: "VpcId",
            peer: "PeerVpcId",
            ..s(K::Peering)
        },
        "AWS::EC2::VPCEndpoint" => CfnSpec {
            network: "VpcId",
            subnet: "SubnetIds",
            target: "ServiceName",
            ..s(K::PrivateEndpoint)
        },
        "AWS::EC2::NatGateway" => CfnSpec {
            subnet: "SubnetId",
            ..s(K::NatGateway)
        },
        "AWS::EC2::InternetGateway" => s(K::InternetGateway),
        "AWS::ElasticLoadBalancingV2::LoadBalancer" | "AWS::ElasticLoadBalancing::LoadBalancer" => {
            CfnSpec {
                subnet: "Subnets",
                ..s(K::LoadBalancer)
            }
        }
        "AWS::NetworkFirewall::Firewall" => CfnSpec {
            network: "VpcId",
            ..s(K::Firewall)
        },
        "AWS::RDS::DBInstance" | "AWS::RDS::DBCluster" => CfnSpec {
            public: Some(("PubliclyAccessible", false)),
            ..s(K::Database)
        },
        "AWS::DynamoDB::Table" | "AWS::DocDB::DBCluster" => s(K::Database),
        "AWS::ElastiCache::CacheCluster" | "AWS::ElastiCache::ReplicationGroup" => s(K::Cache),
        "AWS::SQS::Queue" | "AWS::SNS::Topic" | "AWS::MSK::Cluster" => s(K::Queue),
        "AWS::AmazonMQ::Broker" => CfnSpec {
            public: Some(("PubliclyAccessible", false)),
            ..s(K::Queue)
        },
        "AWS::S3::Bucket" => s(K::Storage),
        "AWS::SecretsManager::Secret" | "AWS::KMS::Key" => s(K::KeyVault),
        _ => return None,
    })
}

fn to_ref(v: &V) -> Option<Ref> {
    match v {
        V::Ref(r) => Some(Ref::Address(r.clone())),
        V::Str(s) => Some(Ref::Name(s.clone())),
        V::List(items) => items.iter().find_map(to_ref),
        V::Unknown(_) => None,
    }
}

/// Reads the CloudFormation template `root` (the text of `path` is `text`) into `inv`.
pub fn read(path: &str, text: &str, root: &Node, inv: &mut Inventory) -> Result<(), DriftError> {
    let t = Template { root, path, text };
    let Some(resources) = root.get("Resources") else {
        return Err(DriftError {
            location: Some(Location::line_col(path, text, 1, 1)),
            message: "the template has no `Resources`".into(),
        });
    };
    // Internet gateways attached to VPCs.
    let mut attached: Vec<(String, Ref)> = Vec::new();
    for (_, r) in resources.entries() {
        if r.get("Type").and_then(Node::as_str) == Some("AWS::EC2::VPCGatewayAttachment")
            && let (Some(igw), Some(vpc)) = (
                r.path(&["Properties", "InternetGatewayId"]),
                r.path(&["Properties", "VpcId"]),
            )
            && let (V::Ref(igw), Some(vpc)) = (t.eval(igw, 0), to_ref(&t.eval(vpc, 0)))
        {
            attached.push((igw, vpc));
        }
    }
    for (id, r) in resources.entries() {
        let Some(rtype) = r.get("Type").and_then(Node::as_str) else {
            continue;
        };
        let Some(spec) = lookup(rtype) else { continue };
        let loc = r.location(t.path, t.text);
        let mut res = Resource::new(id.clone(), rtype, spec.kind, loc);
        let prop = |name: &str| -> Option<(&Node, V)> {
            if name.is_empty() {
                return None;
            }
            let n = r.path(&["Properties", name])?;
            Some((n, t.eval(n, 0)))
        };
        if let Some(tags) = r.path(&["Properties", "Tags"]) {
            for tag in tags.items() {
                if tag.get("Key").and_then(Node::as_str) == Some("Name")
                    && let Some(v) = tag.get("Value")
                    && let V::Str(s) = t.eval(v, 0)
                {
                    res.add_name(&s);
                }
            }
        }
        for p in [
            "DBInstanceIdentifier",
            "DBClusterIdentifier",
            "BucketName",
            "QueueName",
            "TopicName",
            "Name",
            "TableName",
        ] {
            if let Some((_, V::Str(s))) = prop(p) {
                res.add_name(&s);
            }
        }
        res.add_name(id);
        match prop(spec.cidr) {
            Some((_, V::Str(s))) => match super::cidr::parse(&s) {
                Ok(n) => res.cidrs.push(n),
                Err(e) => {
                    return Err(DriftError {
                        location: Some(r.location(t.path, t.text)),
                        message: format!("`{id}`: {e}"),
                    });
                }
            },
            Some((n, V::Unknown(why))) => {
                res.cidr_unknown = Some(Unknown {
                    what: format!("the range of `{id}`"),
                    why,
                    location: n.location(t.path, t.text),
                })
            }
            Some((n, other)) => {
                res.cidr_unknown = Some(Unknown {
                    what: format!("the range of `{id}`"),
                    why: format!("it evaluates to {other:?}, not a CIDR block"),
                    location: n.location(t.path, t.text),
                })
            }
            None => {}
        }
        res.network = prop(spec.network).and_then(|(_, v)| to_ref(&v));
        res.subnet = prop(spec.subnet).and_then(|(_, v)| to_ref(&v));
        res.peer = prop(spec.peer).and_then(|(_, v)| to_ref(&v));
        res.target = prop(spec.target).and_then(|(_, v)| to_ref(&v));
        if spec.kind == ResourceKind::InternetGateway {
            res.network = attached
                .iter()
                .find(|(g, _)| g == id)
                .map(|(_, v)| v.clone());
        }
        if let Some((attr, default)) = spec.public {
            res.public_access = match prop(attr) {
                Some((_, V::Str(s))) => {
                    let v = s.eq_ignore_ascii_case("true");
                    Some((v, format!("`{attr}: {s}`")))
                }
                Some(_) => None,
                None => Some((
                    default,
                    format!("`{attr}` is not set; the default is {default}"),
                )),
            };
        }
        inv.resources.push(res);
    }
    Ok(())
}

/// Reads a template file (YAML or JSON).
pub fn read_file(path: &str, text: &str, inv: &mut Inventory) -> Result<(), DriftError> {
    let root = tree::parse(path, text)?;
    read(path, text, &root, inv)
}
