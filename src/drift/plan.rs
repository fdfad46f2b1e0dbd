//! Terraform plan and state JSON (`terraform show -json`): every value resolved by Terraform.
//! References between resources come from the plan's `configuration` (its `references`), or,
//! in a state, from ids that equal another resource's `id`.

use super::DriftError;
use super::inventory::{Inventory, Location, Ref, Resource, Unknown};
use super::tf_spec::{self, NAME_ATTRS, Public};
use super::tree::{self, Node, Value as Y};

/// Whether `root` is a plan or a state.
pub fn is_plan(root: &Node) -> bool {
    root.get("format_version").is_some()
        && (root.get("planned_values").is_some() || root.get("values").is_some())
}

fn scalar(n: &Node) -> Option<&str> {
    match &n.value {
        Y::Str(s) => Some(s),
        _ => None,
    }
}

fn collect<'a>(module: &'a Node, out: &mut Vec<&'a Node>) {
    out.extend(module.get("resources").map(Node::items).unwrap_or_default());
    for c in module
        .get("child_modules")
        .map(Node::items)
        .unwrap_or_default()
    {
        collect(c, out);
    }
}

/// The `references` of each configured expression, by resource address and attribute.
fn config_refs<'a>(module: &'a Node, prefix: &str, out: &mut Vec<(String, &'a str, Vec<String>)>) {
    for r in module.get("resources").map(Node::items).unwrap_or_default() {
        let Some(addr) = r.get("address").and_then(scalar) else {
            continue;
        };
        for (attr, e) in r.get("expressions").map(Node::entries).unwrap_or_default() {
            let refs: Vec<String> = e
                .get("references")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|x| scalar(x).map(str::to_string))
                .collect();
            if !refs.is_empty() {
                out.push((format!("{prefix}{addr}"), attr.as_str(), refs));
            }
        }
    }
    for (name, call) in module
        .get("module_calls")
        .map(Node::entries)
        .unwrap_or_default()
    {
        if let Some(m) = call.get("module") {
            config_refs(m, &format!("{prefix}module.{name}."), out);
        }
    }
}

fn value_at<'a>(v: &'a Node, path: &str) -> Vec<&'a Node> {
    let mut cur = vec![v];
    for key in path.split('.') {
        let mut next = Vec::new();
        for n in cur {
            match n.get(key) {
                Some(x)
                    if matches!(x.value, Y::Seq(_))
                        && key != "address_space"
                        && key != "address_prefixes"
                        && key != "subnets"
                        && key != "subnet_ids" =>
                {
                    next.extend(x.items())
                }
                Some(x) => next.push(x),
                None => {}
            }
        }
        cur = next;
    }
    cur
}

/// Reads a plan or state (the text of `path` is `text`) into `inv`.
pub fn read(path: &str, text: &str, root: &Node, inv: &mut Inventory) -> Result<(), DriftError> {
    let values = root
        .path(&["planned_values", "root_module"])
        .or_else(|| root.path(&["values", "root_module"]))
        .ok_or_else(|| DriftError {
            location: Some(Location::line_col(path, text, 1, 1)),
            message: "neither `planned_values` nor `values` has a `root_module`".into(),
        })?;
    let mut resources = Vec::new();
    collect(values, &mut resources);
    let mut refs = Vec::new();
    if let Some(c) = root.path(&["configuration", "root_module"]) {
        config_refs(c, "", &mut refs);
    }
    // Ids in a state, to link `vpc_id = "vpc-0abc"` to the VPC.
    let ids: Vec<(String, String)> = resources
        .iter()
        .filter_map(|r| {
            let a = r.get("address").and_then(scalar)?;
            let id = r.path(&["values", "id"]).and_then(scalar)?;
            Some((id.to_string(), a.to_string()))
        })
        .collect();
    for r in resources {
        if r.get("mode").and_then(scalar) == Some("data") {
            continue;
        }
        let (Some(addr), Some(rtype)) = (
            r.get("address").and_then(scalar),
            r.get("type").and_then(scalar),
        ) else {
            continue;
        };
        let Some(spec) = tf_spec::lookup(rtype) else {
            continue;
        };
        let v = r.get("values");
        let get = |p: &str| v.map(|v| value_at(v, p)).unwrap_or_default();
        // The configuration address has no instance key.
        let config_addr = {
            let a = addr.split('[').next().unwrap_or(addr);
            a.to_string()
        };
        let reference = |attrs: &[&str]| -> Option<Ref> {
            for a in attrs {
                let top = a.split('.').next().unwrap_or(a);
                if let Some((_, _, rs)) = refs
                    .iter()
                    .find(|(ra, at, _)| *ra == config_addr && *at == top)
                {
                    // `aws_vpc.main.id` and `aws_vpc.main`: the shortest names the resource.
                    if let Some(r) = rs.iter().min_by_key(|r| r.len()) {
                        return Some(Ref::Address(r.clone()));
                    }
                }
                for n in get(a) {
                    let items: Vec<&Node> = match &n.value {
                        Y::Seq(s) => s.iter().collect(),
                        _ => vec![n],
                    };
                    for it in items {
                        if let Some(s) = scalar(it) {
                            if let Some((_, a)) = ids.iter().find(|(id, _)| id == s) {
                                return Some(Ref::Address(a.clone()));
                            }
                            return Some(Ref::Name(s.rsplit('/').next().unwrap_or(s).to_string()));
                        }
                    }
                }
            }
            None
        };
        let loc = match text
            .find(&format!("\"address\": \"{addr}\""))
            .or_else(|| text.find(&format!("\"address\":\"{addr}\"")))
        {
            Some(off) => Location::at(path, text, off),
            None => r.location(path, text),
        };
        let mut res = Resource::new(addr.to_string(), rtype, spec.kind, loc.clone());
        for p in NAME_ATTRS {
            for n in get(p) {
                if let Some(s) = scalar(n) {
                    res.add_name(s);
                }
            }
        }
        if let Some(n) = r.get("name").and_then(scalar) {
            res.add_name(n);
        }
        for p in spec.cidr {
            for n in get(p) {
                let items: Vec<&Node> = match &n.value {
                    Y::Seq(s) => s.iter().collect(),
                    _ => vec![n],
                };
                for it in items {
                    match scalar(it).map(super::cidr::parse) {
                        Some(Ok(net)) => res.cidrs.push(net),
                        _ => {
                            res.cidr_unknown.get_or_insert(Unknown {
                                what: format!("the range of `{addr}`"),
                                why: format!("`{p}` is not a CIDR block in the plan"),
                                location: loc.clone(),
                            });
                        }
                    }
                }
            }
        }
        if !spec.cidr.is_empty() && res.cidrs.is_empty() && res.cidr_unknown.is_none() {
            res.cidr_unknown = Some(Unknown {
                what: format!("the range of `{addr}`"),
                why: "the plan does not know it yet (known after apply)".into(),
                location: loc.clone(),
            });
        }
        res.network = reference(spec.network);
        res.subnet = reference(spec.subnet);
        res.peer = reference(spec.peer);
        res.target = reference(spec.target);
        if let Some(Public::Flag(attr, default) | Public::Inverse(attr, default)) = spec.public {
            res.public_access = match get(attr).first().and_then(|n| scalar(n)) {
                Some(s) => Some((s == "true", format!("`{attr} = {s}`"))),
                None => Some((
                    default,
                    format!("`{attr}` is not set; the provider's default is {default}"),
                )),
            };
        }
        inv.resources.push(res);
    }
    Ok(())
}

/// Reads a plan or state file.
pub fn read_file(path: &str, text: &str, inv: &mut Inventory) -> Result<(), DriftError> {
    let root = tree::parse(path, text)?;
    read(path, text, &root, inv)
}
