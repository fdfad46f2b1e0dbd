//! ARM templates (JSON; what `bicep build` produces): virtual networks with their inline
//! subnets, subnets, peerings, private endpoints, gateways and data services, with template
//! expressions (`[parameters('…')]`, `variables`, `concat`, `format`, `resourceId`,
//! `cidrSubnet`, …) evaluated over the parameters' and variables' defaults.

use super::DriftError;
use super::inventory::{Inventory, Ref, Resource, ResourceKind, Unknown};
use super::tree::{self, Node, Value as Y};

/// An evaluated value.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Str(String),
    Num(i64),
    Bool(bool),
    List(Vec<V>),
    Obj(Vec<(String, V)>),
    Unknown(String),
}

impl V {
    fn text(&self) -> Option<String> {
        match self {
            V::Str(s) => Some(s.clone()),
            V::Num(n) => Some(n.to_string()),
            V::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

/// Whether `root` looks like an ARM template.
pub fn is_template(root: &Node) -> bool {
    root.get("$schema")
        .and_then(Node::as_str)
        .is_some_and(|s| s.contains("deploymentTemplate"))
        || (root.get("resources").is_some() && root.get("contentVersion").is_some())
}

struct Arm<'a> {
    root: &'a Node,
}

const MAX_DEPTH: usize = 32;

impl Arm<'_> {
    fn json(&self, n: &Node, depth: usize) -> V {
        if depth > MAX_DEPTH {
            return V::Unknown("references nest too deep".into());
        }
        match &n.value {
            Y::Null => V::Unknown("it is null".into()),
            Y::Str(s) if !n.quoted => match s.as_str() {
                "true" => V::Bool(true),
                "false" => V::Bool(false),
                _ => s.parse().map(V::Num).unwrap_or_else(|_| V::Str(s.clone())),
            },
            Y::Str(s) => self.string(s, depth),
            Y::Seq(items) => V::List(items.iter().map(|i| self.json(i, depth + 1)).collect()),
            Y::Map(m) => V::Obj(
                m.iter()
                    .map(|(k, v)| (k.clone(), self.json(v, depth + 1)))
                    .collect(),
            ),
        }
    }

    fn string(&self, s: &str, depth: usize) -> V {
        if let Some(inner) = s.strip_prefix('[').and_then(|x| x.strip_suffix(']'))
            && !inner.starts_with('[')
        {
            let mut p = Expr {
                s: inner.as_bytes(),
                i: 0,
                arm: self,
                depth,
            };
            let v = p.expr();
            p.ws();
            if p.i < p.s.len() {
                return V::Unknown(format!("cannot read the expression `{s}`"));
            }
            return v;
        }
        V::Str(
            s.strip_prefix("[[")
                .map(|x| format!("[{x}"))
                .unwrap_or_else(|| s.to_string()),
        )
    }

    fn param(&self, name: &str, depth: usize) -> V {
        match self.root.path(&["parameters", name]) {
            Some(p) => match p.get("defaultValue") {
                Some(d) => self.json(d, depth + 1),
                None => V::Unknown(format!(
                    "parameter `{name}` has no default (line {})",
                    p.line
                )),
            },
            None => V::Unknown(format!("no parameter `{name}`")),
        }
    }

    fn var(&self, name: &str, depth: usize) -> V {
        match self.root.path(&["variables", name]) {
            Some(v) => self.json(v, depth + 1),
            None => V::Unknown(format!("no variable `{name}`")),
        }
    }
}

struct Expr<'a, 'b> {
    s: &'a [u8],
    i: usize,
    arm: &'a Arm<'b>,
    depth: usize,
}

impl Expr<'_, '_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> V {
        self.ws();
        let mut v = match self.s.get(self.i) {
            Some(b'\'') => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    match self.s.get(self.i) {
                        None => return V::Unknown("unterminated string".into()),
                        Some(b'\'') if self.s.get(self.i + 1) == Some(&b'\'') => {
                            out.push('\'');
                            self.i += 2;
                        }
                        Some(b'\'') => {
                            self.i += 1;
                            break;
                        }
                        Some(_) => {
                            let rest = std::str::from_utf8(&self.s[self.i..]).unwrap_or("");
                            let c = rest.chars().next().unwrap_or('\u{fffd}');
                            out.push(c);
                            self.i += c.len_utf8().max(1);
                        }
                    }
                }
                V::Str(out)
            }
            Some(c) if c.is_ascii_digit() || *c == b'-' => {
                let start = self.i;
                self.i += 1;
                while self.s.get(self.i).is_some_and(u8::is_ascii_digit) {
                    self.i += 1;
                }
                std::str::from_utf8(&self.s[start..self.i])
                    .ok()
                    .and_then(|t| t.parse().ok())
                    .map_or(V::Unknown("bad number".into()), V::Num)
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let start = self.i;
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
                {
                    self.i += 1;
                }
                let name = String::from_utf8_lossy(&self.s[start..self.i]).to_string();
                if !self.eat(b'(') {
                    return V::Unknown(format!("`{name}` is not a function call"));
                }
                let mut args = Vec::new();
                if !self.eat(b')') {
                    loop {
                        args.push(self.expr());
                        if self.eat(b')') {
                            break;
                        }
                        if !self.eat(b',') {
                            return V::Unknown(format!("cannot read the arguments of `{name}`"));
                        }
                    }
                }
                self.call(&name, args)
            }
            _ => return V::Unknown("cannot read the expression".into()),
        };
        // Property and index access.
        loop {
            if self.eat(b'.') {
                let start = self.i;
                while self
                    .s
                    .get(self.i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
                {
                    self.i += 1;
                }
                let key = String::from_utf8_lossy(&self.s[start..self.i]).to_string();
                v = match v {
                    V::Obj(o) => o
                        .into_iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(&key))
                        .map(|(_, v)| v)
                        .unwrap_or(V::Unknown(format!("no property `{key}`"))),
                    u @ V::Unknown(_) => u,
                    _ => V::Unknown(format!("`.{key}` of a value that is not an object")),
                };
            } else if self.eat(b'[') {
                let idx = self.expr();
                if !self.eat(b']') {
                    return V::Unknown("unterminated index".into());
                }
                v = match (v, idx) {
                    (V::List(l), V::Num(n)) => l
                        .get(n as usize)
                        .cloned()
                        .unwrap_or(V::Unknown(format!("index {n} is past the end"))),
                    (V::Obj(o), V::Str(k)) => o
                        .into_iter()
                        .find(|(x, _)| *x == k)
                        .map(|(_, v)| v)
                        .unwrap_or(V::Unknown(format!("no property `{k}`"))),
                    (u @ V::Unknown(_), _) | (_, u @ V::Unknown(_)) => u,
                    _ => V::Unknown("bad index".into()),
                };
            } else {
                break;
            }
        }
        v
    }

    fn call(&mut self, name: &str, args: Vec<V>) -> V {
        if let Some(u) = args.iter().find(|a| matches!(a, V::Unknown(_)))
            && !matches!(name.to_ascii_lowercase().as_str(), "if" | "coalesce")
        {
            return u.clone();
        }
        let d = self.depth + 1;
        let text = |i: usize| args.get(i).and_then(V::text);
        let num = |i: usize| match args.get(i) {
            Some(V::Num(n)) => Some(*n),
            Some(V::Str(s)) => s.parse().ok(),
            _ => None,
        };
        match name.to_ascii_lowercase().as_str() {
            "parameters" => text(0).map_or(V::Unknown("bad parameters()".into()), |n| {
                self.arm.param(&n, d)
            }),
            "variables" => text(0).map_or(V::Unknown("bad variables()".into()), |n| {
                self.arm.var(&n, d)
            }),
            "concat" => {
                if args.iter().all(|a| matches!(a, V::List(_))) {
                    V::List(
                        args.into_iter()
                            .flat_map(|a| match a {
                                V::List(l) => l,
                                _ => Vec::new(),
                            })
                            .collect(),
                    )
                } else {
                    let mut s = String::new();
                    for a in &args {
                        match a.text() {
                            Some(t) => s.push_str(&t),
                            None => return V::Unknown("concat of values that are not text".into()),
                        }
                    }
                    V::Str(s)
                }
            }
            "format" => {
                let Some(f) = text(0) else {
                    return V::Unknown("bad format()".into());
                };
                let mut out = f.clone();
                for (i, a) in args.iter().enumerate().skip(1) {
                    let t = a.text().unwrap_or_default();
                    out = out.replace(&format!("{{{}}}", i - 1), &t);
                }
                V::Str(out)
            }
            "resourceid" => {
                // resourceId([subscription, group,] type, name…): the type is the argument with a `/`.
                let strs: Vec<String> = args.iter().filter_map(V::text).collect();
                match strs.iter().position(|s| s.contains('/')) {
                    Some(t) => V::Str(format!("{}/{}", strs[t], strs[t + 1..].join("/"))),
                    None => V::Unknown("resourceId() without a type".into()),
                }
            }
            "tolower" => text(0).map_or(V::Unknown("bad toLower()".into()), |s| {
                V::Str(s.to_lowercase())
            }),
            "toupper" => text(0).map_or(V::Unknown("bad toUpper()".into()), |s| {
                V::Str(s.to_uppercase())
            }),
            "string" => text(0).map_or(V::Unknown("bad string()".into()), V::Str),
            "int" => num(0).map_or(V::Unknown("bad int()".into()), V::Num),
            "add" => match (num(0), num(1)) {
                (Some(a), Some(b)) => V::Num(a + b),
                _ => V::Unknown("bad add()".into()),
            },
            "sub" => match (num(0), num(1)) {
                (Some(a), Some(b)) => V::Num(a - b),
                _ => V::Unknown("bad sub()".into()),
            },
            "mul" => match (num(0), num(1)) {
                (Some(a), Some(b)) => V::Num(a * b),
                _ => V::Unknown("bad mul()".into()),
            },
            "replace" => match (text(0), text(1), text(2)) {
                (Some(a), Some(b), Some(c)) => V::Str(a.replace(&b, &c)),
                _ => V::Unknown("bad replace()".into()),
            },
            "split" => match (text(0), text(1)) {
                (Some(a), Some(b)) => {
                    V::List(a.split(b.as_str()).map(|x| V::Str(x.to_string())).collect())
                }
                _ => V::Unknown("bad split()".into()),
            },
            "first" => match args.first() {
                Some(V::List(l)) => l
                    .first()
                    .cloned()
                    .unwrap_or(V::Unknown("first() of an empty list".into())),
                _ => V::Unknown("bad first()".into()),
            },
            "last" => match args.first() {
                Some(V::List(l)) => l
                    .last()
                    .cloned()
                    .unwrap_or(V::Unknown("last() of an empty list".into())),
                _ => V::Unknown("bad last()".into()),
            },
            "createarray" => V::List(args),
            "equals" => V::Bool(args.first() == args.get(1)),
            "not" => match args.first() {
                Some(V::Bool(b)) => V::Bool(!b),
                _ => V::Unknown("bad not()".into()),
            },
            "if" => match args.first() {
                Some(V::Bool(true)) => args
                    .get(1)
                    .cloned()
                    .unwrap_or(V::Unknown("bad if()".into())),
                Some(V::Bool(false)) => args
                    .get(2)
                    .cloned()
                    .unwrap_or(V::Unknown("bad if()".into())),
                _ => V::Unknown("the condition of if() is not known".into()),
            },
            "cidrsubnet" => match (text(0), num(1), num(2)) {
                (Some(net), Some(len), Some(idx)) => match super::cidr::parse(&net)
                    .and_then(|n| super::cidr::subnet(&n, len - n.prefix_len() as i64, idx))
                {
                    Ok(n) => V::Str(n.to_string()),
                    Err(e) => V::Unknown(format!("cidrSubnet: {e}")),
                },
                _ => V::Unknown("bad cidrSubnet()".into()),
            },
            "resourcegroup" => V::Obj(vec![
                (
                    "location".into(),
                    V::Unknown("the resource group's location is known only when deployed".into()),
                ),
                (
                    "name".into(),
                    V::Unknown("the resource group's name is known only when deployed".into()),
                ),
            ]),
            "uniquestring" | "reference" | "subscription" | "newguid" | "utcnow" | "listkeys" => {
                V::Unknown(format!(
                    "`{name}()` is known only when the template is deployed"
                ))
            }
            other => V::Unknown(format!("`{other}()` is not evaluated")),
        }
    }
}

fn lookup(t: &str) -> Option<(ResourceKind, Option<&'static str>)> {
    use ResourceKind as K;
    let t = t.to_ascii_lowercase();
    Some(match t.as_str() {
        "microsoft.network/virtualnetworks" => (K::Network, None),
        "microsoft.network/virtualnetworks/subnets" => (K::Subnet, None),
        "microsoft.network/virtualnetworks/virtualnetworkpeerings" => (K::Peering, None),
        "microsoft.network/privateendpoints" => (K::PrivateEndpoint, None),
        "microsoft.network/natgateways" => (K::NatGateway, None),
        "microsoft.network/loadbalancers" => (K::LoadBalancer, None),
        "microsoft.network/applicationgateways" => (K::AppGateway, None),
        "microsoft.network/azurefirewalls" => (K::Firewall, None),
        "microsoft.sql/servers"
        | "microsoft.dbforpostgresql/flexibleservers"
        | "microsoft.dbforpostgresql/servers"
        | "microsoft.dbformysql/flexibleservers"
        | "microsoft.documentdb/databaseaccounts" => (K::Database, Some("publicNetworkAccess")),
        "microsoft.cache/redis" => (K::Cache, Some("publicNetworkAccess")),
        "microsoft.servicebus/namespaces" | "microsoft.eventhub/namespaces" => {
            (K::Queue, Some("publicNetworkAccess"))
        }
        "microsoft.storage/storageaccounts" => (K::Storage, Some("publicNetworkAccess")),
        "microsoft.keyvault/vaults" => (K::KeyVault, Some("publicNetworkAccess")),
        _ => return None,
    })
}

fn to_ref(v: &V) -> Option<Ref> {
    match v {
        V::Str(s) if s.starts_with("Microsoft.") || s.starts_with("microsoft.") => {
            Some(Ref::Address(s.clone()))
        }
        V::Str(s) => Some(Ref::Name(s.rsplit('/').next().unwrap_or(s).to_string())),
        V::List(l) => l.iter().find_map(to_ref),
        V::Obj(o) => o
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("id"))
            .and_then(|(_, v)| to_ref(v)),
        _ => None,
    }
}

fn cidrs(v: &V, out: &mut Vec<ipnet::IpNet>) -> Result<(), String> {
    match v {
        V::Str(s) => out.push(super::cidr::parse(s)?),
        V::List(l) => {
            for i in l {
                cidrs(i, out)?;
            }
        }
        V::Unknown(w) => return Err(w.clone()),
        other => return Err(format!("{other:?} is not a CIDR block")),
    }
    Ok(())
}

/// Reads the ARM template `root` (the text of `path` is `text`) into `inv`.
pub fn read(path: &str, text: &str, root: &Node, inv: &mut Inventory) -> Result<(), DriftError> {
    let arm = Arm { root };
    let mut stack: Vec<(&Node, Option<String>)> = root
        .get("resources")
        .map(|r| r.items().iter().map(|n| (n, None)).collect())
        .unwrap_or_default();
    stack.reverse();
    while let Some((r, parent)) = stack.pop() {
        if let Some(children) = r.get("resources") {
            let pt = r
                .get("type")
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_string();
            let pname = r
                .get("name")
                .map(|n| arm.json(n, 0))
                .and_then(|v| v.text())
                .unwrap_or_default();
            for c in children.items().iter().rev() {
                stack.push((c, Some(format!("{pt}\u{0}{pname}"))));
            }
        }
        let Some(mut rtype) = r.get("type").and_then(Node::as_str).map(str::to_string) else {
            continue;
        };
        let mut name = match r.get("name").map(|n| arm.json(n, 0)) {
            Some(V::Str(s)) => s,
            Some(V::Unknown(w)) => format!("<unknown: {w}>"),
            _ => String::new(),
        };
        if let Some((pt, pn)) = parent.as_deref().and_then(|p| p.split_once('\u{0}'))
            && !rtype.contains('/')
        {
            rtype = format!("{pt}/{rtype}");
            name = format!("{pn}/{name}");
        }
        let Some((kind, public)) = lookup(&rtype) else {
            continue;
        };
        let loc = r.location(path, text);
        let props = r.get("properties");
        let prop = |keys: &[&str]| {
            props
                .and_then(|p| p.path(keys))
                .map(|n| (n, arm.json(n, 0)))
        };
        let address = format!("{rtype}/{name}");
        let mut res = Resource::new(address.clone(), &rtype, kind, loc.clone());
        res.add_name(name.rsplit('/').next().unwrap_or(&name));
        let set_cidr = |res: &mut Resource, found: Option<(&Node, V)>| {
            if let Some((n, v)) = found {
                let mut out = Vec::new();
                match cidrs(&v, &mut out) {
                    Ok(()) => res.cidrs = out,
                    Err(why) => {
                        res.cidr_unknown = Some(Unknown {
                            what: format!("the range of `{}`", res.address),
                            why,
                            location: n.location(path, text),
                        })
                    }
                }
            }
        };
        match kind {
            ResourceKind::Network => {
                set_cidr(&mut res, prop(&["addressSpace", "addressPrefixes"]));
                // Inline subnets.
                if let Some(subnets) = props.and_then(|p| p.get("subnets")) {
                    for s in subnets.items() {
                        let sname = s
                            .get("name")
                            .map(|n| arm.json(n, 0))
                            .and_then(|v| v.text())
                            .unwrap_or_default();
                        let stype = format!("{rtype}/subnets");
                        let mut sub = Resource::new(
                            format!("{stype}/{name}/{sname}"),
                            &stype,
                            ResourceKind::Subnet,
                            s.location(path, text),
                        );
                        sub.add_name(&sname);
                        let sp = |k: &str| s.path(&["properties", k]).map(|n| (n, arm.json(n, 0)));
                        set_cidr(
                            &mut sub,
                            sp("addressPrefix").or_else(|| sp("addressPrefixes")),
                        );
                        sub.network = Some(Ref::Address(address.clone()));
                        inv.resources.push(sub);
                    }
                }
            }
            ResourceKind::Subnet => {
                set_cidr(
                    &mut res,
                    prop(&["addressPrefix"]).or_else(|| prop(&["addressPrefixes"])),
                );
                if let Some((vnet, _)) = name.split_once('/') {
                    let vt = rtype.trim_end_matches("/subnets");
                    res.network = Some(Ref::Address(format!("{vt}/{vnet}")));
                }
            }
            ResourceKind::Peering => {
                if let Some((vnet, _)) = name.split_once('/') {
                    res.network = Some(Ref::Name(vnet.to_string()));
                }
                res.peer = prop(&["remoteVirtualNetwork", "id"]).and_then(|(_, v)| to_ref(&v));
            }
            ResourceKind::PrivateEndpoint => {
                res.subnet = prop(&["subnet", "id"]).and_then(|(_, v)| to_ref(&v));
                res.target = props
                    .and_then(|p| p.get("privateLinkServiceConnections"))
                    .and_then(|c| c.items().first())
                    .and_then(|c| c.path(&["properties", "privateLinkServiceId"]))
                    .and_then(|n| to_ref(&arm.json(n, 0)));
            }
            _ => {}
        }
        if let Some(flag) = public {
            let found = prop(&[flag]).or_else(|| prop(&["network", flag]));
            res.public_access = match found {
                Some((_, V::Str(s))) => Some((
                    !s.eq_ignore_ascii_case("Disabled"),
                    format!("`{flag}: {s}`"),
                )),
                Some(_) => None,
                None => Some((true, format!("`{flag}` is not set; the default is Enabled"))),
            };
        }
        inv.resources.push(res);
    }
    Ok(())
}

/// Reads a template file.
pub fn read_file(path: &str, text: &str, inv: &mut Inventory) -> Result<(), DriftError> {
    let root = tree::parse(path, text)?;
    read(path, text, &root, inv)
}
