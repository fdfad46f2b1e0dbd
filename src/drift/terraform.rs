//! Terraform `.tf` directories, read with `hcl-rs` and evaluated as far as the code alone
//! allows: literals, `locals`, variable defaults, `terraform.tfvars`, `*.auto.tfvars` and the
//! var files given, the functions network modules use, `count` and `for_each` over known
//! values, local modules (`source = "./…"`) with their inputs and outputs, and references
//! between resources. A reference to a resource's `id` (or `arn`, `self_link`) evaluates to a
//! marker that names the resource, so that `vpc_id = aws_vpc.main.id` links the subnet to its
//! VPC even through locals and module outputs.
//!
//! What cannot be known without the cloud (a data source, a remote module, a variable with no
//! value) is recorded as an [`Unknown`] saying what and where.

use std::path::{Path, PathBuf};

use hcl::edit::structure::{Body, Structure};
use hcl::eval::{Context, Evaluate};
use hcl::expr::{Expression, TraversalOperator};
use hcl::{Map, Value};

use super::inventory::{Inventory, Location, Ref, Resource, ResourceKind, Unknown};
use super::tf_spec::{self, NAME_ATTRS, Public, Spec};
use super::{DriftError, functions};

/// The marker a resource reference evaluates to: `\u{1}ref:aws_vpc.main`.
const REF_MARK: &str = "\u{1}ref:";

/// How deep local modules may nest.
const MAX_MODULE_DEPTH: usize = 8;

/// How many times references between locals, resources and modules are followed.
const MAX_PASSES: usize = 8;

struct SourceFile {
    path: String,
    text: String,
    lines: Vec<usize>,
}

/// An attribute, flattened out of nested blocks (`private_service_connection.…`).
struct Attr {
    path: String,
    expr: Expression,
    offset: usize,
}

struct Block {
    file: usize,
    offset: usize,
    rtype: String,
    name: String,
    attrs: Vec<Attr>,
    count: Option<(Expression, usize)>,
    for_each: Option<(Expression, usize)>,
}

/// One evaluated instance of a resource block.
struct Instance {
    key: Option<Value>,
    values: Vec<Option<Result<Value, String>>>,
}

enum Expansion {
    Pending(String),
    Done(Vec<Instance>),
}

struct Module<'a> {
    prefix: String,
    files: Vec<SourceFile>,
    variables: Vec<(String, Option<Expression>, usize, usize)>,
    locals: Vec<(String, Expression, usize, usize)>,
    resources: Vec<Block>,
    modules: Vec<Block>,
    outputs: Vec<(String, Expression)>,
    data: Vec<(String, usize, usize)>,
    dir: PathBuf,
    var_values: Map<String, Value>,
    missing_vars: Vec<String>,
    _parent: Option<&'a Module<'a>>,
}

/// Reads the Terraform configuration in `dir` with the var files `var_files`.
pub fn read_dir(dir: &Path, var_files: &[PathBuf]) -> Result<Inventory, DriftError> {
    let mut inv = Inventory::default();
    let mut inputs = Map::new();
    let mut tfvars: Vec<PathBuf> = Vec::new();
    let default_vars = dir.join("terraform.tfvars");
    if default_vars.is_file() {
        tfvars.push(default_vars);
    }
    let mut auto: Vec<PathBuf> = list_dir(dir)?
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".auto.tfvars"))
        .collect();
    auto.sort();
    tfvars.extend(auto);
    tfvars.extend(var_files.iter().cloned());
    for f in &tfvars {
        let (path, text) = read(f)?;
        let body = parse(&path, &text)?;
        let ctx = base_context();
        for s in body.iter() {
            if let Structure::Attribute(a) = s {
                let e: Expression = a.value.clone().into();
                let v = e.evaluate(&ctx).map_err(|err| DriftError {
                    location: Some(Location::at(&path, &text, span(a).unwrap_or(0))),
                    message: format!("cannot evaluate `{}`: {err}", a.key.as_str()),
                })?;
                inputs.insert(a.key.as_str().to_string(), v);
            }
        }
        inv.files.push(path);
    }
    let outputs = read_module(dir, String::new(), inputs, Vec::new(), 0, &mut inv)?;
    let _ = outputs;
    Ok(inv)
}

fn list_dir(dir: &Path) -> Result<Vec<PathBuf>, DriftError> {
    let rd = std::fs::read_dir(dir).map_err(|e| DriftError {
        location: None,
        message: format!("cannot read the directory {}: {e}", dir.display()),
    })?;
    let mut out: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    out.sort();
    Ok(out)
}

fn read(p: &Path) -> Result<(String, String), DriftError> {
    let path = p.display().to_string();
    let text = std::fs::read_to_string(p).map_err(|e| DriftError {
        location: None,
        message: format!("cannot read {path}: {e}"),
    })?;
    Ok((path, text))
}

fn parse(path: &str, text: &str) -> Result<Body, DriftError> {
    hcl::edit::parser::parse_body(text).map_err(|e| DriftError {
        location: Some(Location::line_col(
            path,
            text,
            e.location().line(),
            e.location().column(),
        )),
        message: format!("cannot read HCL: {}", e.message()),
    })
}

fn span<T: hcl::edit::Span>(t: &T) -> Option<usize> {
    t.span().map(|r| r.start)
}

fn base_context() -> Context<'static> {
    let mut ctx = Context::new();
    functions::declare(&mut ctx);
    ctx
}

fn flatten(body: &Body, prefix: &str, out: &mut Vec<Attr>) {
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => out.push(Attr {
                path: format!("{prefix}{}", a.key.as_str()),
                expr: a.value.clone().into(),
                offset: span(a).unwrap_or(0),
            }),
            Structure::Block(b)
                if b.ident.as_str() != "dynamic" && b.ident.as_str() != "lifecycle" =>
            {
                flatten(&b.body, &format!("{prefix}{}.", b.ident.as_str()), out)
            }
            Structure::Block(_) => {}
        }
    }
}

/// Reads one module directory; returns its outputs.
fn read_module(
    dir: &Path,
    prefix: String,
    inputs: Map<String, Value>,
    unknown_inputs: Vec<(String, String)>,
    depth: usize,
    inv: &mut Inventory,
) -> Result<Map<String, Value>, DriftError> {
    let mut m = Module {
        prefix,
        files: Vec::new(),
        variables: Vec::new(),
        locals: Vec::new(),
        resources: Vec::new(),
        modules: Vec::new(),
        outputs: Vec::new(),
        data: Vec::new(),
        dir: dir.to_path_buf(),
        var_values: Map::new(),
        missing_vars: Vec::new(),
        _parent: None,
    };
    let files: Vec<PathBuf> = list_dir(dir)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tf") && p.is_file())
        .collect();
    if files.is_empty() && depth == 0 {
        return Err(DriftError {
            location: None,
            message: format!("{} holds no `.tf` file", dir.display()),
        });
    }
    for f in files {
        let (path, text) = read(&f)?;
        let body = parse(&path, &text)?;
        let fi = m.files.len();
        for s in body.iter() {
            let Structure::Block(b) = s else { continue };
            let off = span(b).unwrap_or(0);
            let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
            match (b.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => {
                    let default = b
                        .body
                        .get_attribute("default")
                        .map(|a| Expression::from(a.value.clone()));
                    m.variables.push((name.to_string(), default, fi, off));
                }
                ("locals", []) => {
                    for s in b.body.iter() {
                        if let Structure::Attribute(a) = s {
                            m.locals.push((
                                a.key.as_str().to_string(),
                                a.value.clone().into(),
                                fi,
                                span(a).unwrap_or(off),
                            ));
                        }
                    }
                }
                ("resource", [rtype, name]) => m.resources.push(block(b, fi, off, rtype, name)),
                ("module", [name]) => m.modules.push(block(b, fi, off, "module", name)),
                ("output", [name]) => {
                    if let Some(a) = b.body.get_attribute("value") {
                        m.outputs.push((name.to_string(), a.value.clone().into()));
                    }
                }
                ("data", [rtype, name]) => m.data.push((format!("data.{rtype}.{name}"), fi, off)),
                _ => {}
            }
        }
        inv.files.push(path.clone());
        let lines = Location::line_starts(&text);
        m.files.push(SourceFile { path, text, lines });
    }
    let types: rustc_hash::FxHashSet<String> =
        m.resources.iter().map(|b| b.rtype.clone()).collect();
    for b in m.resources.iter_mut().chain(m.modules.iter_mut()) {
        for a in &mut b.attrs {
            flatten_refs(&mut a.expr, &types);
        }
        for (e, _) in b.count.iter_mut().chain(b.for_each.iter_mut()) {
            flatten_refs(e, &types);
        }
    }
    for l in &mut m.locals {
        flatten_refs(&mut l.1, &types);
    }
    for o in &mut m.outputs {
        flatten_refs(&mut o.1, &types);
    }
    // Variables: the inputs, else the defaults.
    let ctx = base_context();
    for (name, default, fi, off) in &m.variables {
        if let Some(v) = inputs.get(name) {
            m.var_values.insert(name.clone(), v.clone());
        } else if let Some(why) = unknown_inputs.iter().find(|(n, _)| n == name) {
            m.missing_vars.push(format!("{name}\u{0}{}", why.1));
        } else if let Some(d) = default {
            match d.evaluate(&ctx) {
                Ok(v) => {
                    m.var_values.insert(name.clone(), v);
                }
                Err(e) => {
                    let loc = m.loc(*fi, *off);
                    return Err(DriftError {
                        location: Some(loc),
                        message: format!("cannot evaluate the default of `var.{name}`: {e}"),
                    });
                }
            }
        } else {
            m.missing_vars.push(format!(
                "{name}\u{0}variable `var.{name}` has no default and no value in a var file"
            ));
        }
    }
    evaluate(&mut m, depth, inv)
}

fn block(b: &hcl::edit::structure::Block, fi: usize, off: usize, rtype: &str, name: &str) -> Block {
    let mut attrs = Vec::new();
    flatten(&b.body, "", &mut attrs);
    let take = |attrs: &mut Vec<Attr>, key: &str| {
        attrs
            .iter()
            .position(|a| a.path == key)
            .map(|i| attrs.remove(i))
            .map(|a| (a.expr, a.offset))
    };
    let count = take(&mut attrs, "count");
    let for_each = take(&mut attrs, "for_each");
    Block {
        file: fi,
        offset: off,
        rtype: rtype.to_string(),
        name: name.to_string(),
        attrs,
        count,
        for_each,
    }
}

impl Module<'_> {
    fn loc(&self, fi: usize, off: usize) -> Location {
        let f = &self.files[fi];
        Location::at_indexed(&f.path, &f.text, &f.lines, off)
    }

    fn context(
        &self,
        locals: &Map<String, Value>,
        resources: &Map<String, Value>,
        modules: &Map<String, Value>,
    ) -> Context<'static> {
        let mut ctx = base_context();
        // References are flattened (`var.x` is `var__x`, `aws_vpc.main` is `aws_vpc__main`,
        // see [`flatten_refs`]) so that evaluating one clones one value, not every resource of
        // its type.
        for (k, v) in &self.var_values {
            ctx.declare_var(format!("var__{k}").as_str(), v.clone());
        }
        for (k, v) in locals {
            ctx.declare_var(format!("local__{k}").as_str(), v.clone());
        }
        for (k, v) in modules {
            ctx.declare_var(format!("module__{k}").as_str(), v.clone());
        }
        let mut path = Map::new();
        let dir = self.dir.display().to_string();
        path.insert("module".to_string(), Value::from(dir.clone()));
        path.insert("root".to_string(), Value::from(dir.clone()));
        path.insert("cwd".to_string(), Value::from(dir));
        ctx.declare_var("path", Value::Object(path));
        let mut tf = Map::new();
        tf.insert("workspace".to_string(), Value::from("default"));
        ctx.declare_var("terraform", Value::Object(tf));
        for (k, v) in resources {
            ctx.declare_var(k.as_str(), v.clone());
        }
        ctx
    }

    /// Why `expr` cannot be evaluated, for people.
    fn blame(&self, expr: &Expression, err: &str) -> String {
        let mut roots = Vec::new();
        traversals(expr, &mut roots);
        for (root, first, second) in &roots {
            match root.as_str() {
                "data" => {
                    return format!(
                        "it comes from data source `data.{}.{}`, which is read from the cloud",
                        first.as_deref().unwrap_or("?"),
                        second.as_deref().unwrap_or("?")
                    );
                }
                "module" => {
                    let name = first.as_deref().unwrap_or("?");
                    return format!(
                        "it comes from the output of module `module.{name}`, which is not read (remote source, or unresolved)"
                    );
                }
                "var" => {
                    let name = first.as_deref().unwrap_or("?");
                    if let Some(m) = self
                        .missing_vars
                        .iter()
                        .find(|m| m.split('\u{0}').next() == Some(name))
                    {
                        return m.split('\u{0}').nth(1).unwrap_or_default().to_string();
                    }
                }
                _ => {}
            }
        }
        if let Some((root, Some(first), _)) = roots.iter().find(|(r, _, _)| r.contains('_')) {
            return format!("it depends on `{root}.{first}`, which is known only after apply");
        }
        format!("it cannot be evaluated statically ({err})")
    }
}

/// Rewrites the references of `expr` to the flattened variables the context declares:
/// `var.x` → `var__x`, `local.x` → `local__x`, `module.m` → `module__m`, `TYPE.NAME` →
/// `TYPE__NAME` for the resource types in `types`; in template strings too.
fn flatten_refs(expr: &mut Expression, types: &rustc_hash::FxHashSet<String>) {
    let flat =
        |root: &str| root == "var" || root == "local" || root == "module" || types.contains(root);
    match expr {
        Expression::Traversal(t) => {
            flatten_refs(&mut t.expr, types);
            for op in t.operators.iter_mut() {
                if let TraversalOperator::Index(e) = op {
                    flatten_refs(e, types);
                }
            }
            if let Expression::Variable(v) = &t.expr
                && flat(v.as_str())
                && let Some(TraversalOperator::GetAttr(a)) = t.operators.first()
            {
                let name = hcl::Identifier::sanitized(format!("{}__{a}", v.as_str()));
                t.operators.remove(0);
                if t.operators.is_empty() {
                    *expr = Expression::Variable(name.into());
                } else {
                    t.expr = Expression::Variable(name.into());
                }
            }
        }
        Expression::Array(a) => a.iter_mut().for_each(|e| flatten_refs(e, types)),
        Expression::Object(o) => o.values_mut().for_each(|e| flatten_refs(e, types)),
        Expression::FuncCall(f) => f.args.iter_mut().for_each(|e| flatten_refs(e, types)),
        Expression::Parenthesis(e) => flatten_refs(e, types),
        Expression::Conditional(c) => {
            flatten_refs(&mut c.cond_expr, types);
            flatten_refs(&mut c.true_expr, types);
            flatten_refs(&mut c.false_expr, types);
        }
        Expression::Operation(o) => match o.as_mut() {
            hcl::expr::Operation::Unary(u) => flatten_refs(&mut u.expr, types),
            hcl::expr::Operation::Binary(b) => {
                flatten_refs(&mut b.lhs_expr, types);
                flatten_refs(&mut b.rhs_expr, types);
            }
        },
        Expression::ForExpr(f) => {
            flatten_refs(&mut f.collection_expr, types);
            flatten_refs(&mut f.value_expr, types);
            if let Some(k) = &mut f.key_expr {
                flatten_refs(k, types);
            }
            if let Some(c) = &mut f.cond_expr {
                flatten_refs(c, types);
            }
        }
        Expression::TemplateExpr(t) => {
            let text = match t.as_ref() {
                hcl::expr::TemplateExpr::QuotedString(s) => s.clone(),
                hcl::expr::TemplateExpr::Heredoc(h) => h.template.clone(),
            };
            if text.contains("${") {
                let re = template_ref_regex();
                let out = re.replace_all(&text, |c: &regex::Captures<'_>| {
                    if flat(&c[1]) {
                        format!("{}__{}", &c[1], &c[2])
                    } else {
                        c[0].to_string()
                    }
                });
                if out != text {
                    **t = match t.as_ref() {
                        hcl::expr::TemplateExpr::Heredoc(h) => {
                            let mut h = h.clone();
                            h.template = out.into_owned();
                            hcl::expr::TemplateExpr::Heredoc(h)
                        }
                        hcl::expr::TemplateExpr::QuotedString(_) => {
                            hcl::expr::TemplateExpr::QuotedString(out.into_owned())
                        }
                    };
                }
            }
        }
        _ => {}
    }
}

fn template_ref_regex() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"\b([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)").expect("valid")
    })
}

/// Every traversal root in `expr` with its first two attribute names.
fn traversals(expr: &Expression, out: &mut Vec<(String, Option<String>, Option<String>)>) {
    match expr {
        Expression::Variable(v) => match v.split_once("__") {
            Some((root, first)) => out.push((root.to_string(), Some(first.to_string()), None)),
            None => out.push((v.to_string(), None, None)),
        },
        Expression::Traversal(t) => {
            if let Expression::Variable(v) = &t.expr {
                let attr = |i: usize| match t.operators.get(i) {
                    Some(TraversalOperator::GetAttr(a)) => Some(a.to_string()),
                    _ => None,
                };
                match v.split_once("__") {
                    Some((root, first)) => {
                        out.push((root.to_string(), Some(first.to_string()), attr(0)))
                    }
                    None => out.push((v.to_string(), attr(0), attr(1))),
                }
            } else {
                traversals(&t.expr, out);
            }
            for op in &t.operators {
                if let TraversalOperator::Index(e) = op {
                    traversals(e, out);
                }
            }
        }
        Expression::Array(a) => a.iter().for_each(|e| traversals(e, out)),
        Expression::Object(o) => o.values().for_each(|e| traversals(e, out)),
        Expression::FuncCall(f) => f.args.iter().for_each(|e| traversals(e, out)),
        Expression::Parenthesis(e) => traversals(e, out),
        Expression::Conditional(c) => {
            traversals(&c.cond_expr, out);
            traversals(&c.true_expr, out);
            traversals(&c.false_expr, out);
        }
        Expression::Operation(o) => match o.as_ref() {
            hcl::expr::Operation::Unary(u) => traversals(&u.expr, out),
            hcl::expr::Operation::Binary(b) => {
                traversals(&b.lhs_expr, out);
                traversals(&b.rhs_expr, out);
            }
        },
        Expression::ForExpr(f) => {
            traversals(&f.collection_expr, out);
            traversals(&f.value_expr, out);
        }
        Expression::TemplateExpr(t) => {
            if let Ok(tpl) = hcl::Template::from_expr(t) {
                template_traversals(&tpl, out);
            }
        }
        _ => {}
    }
}

fn template_traversals(t: &hcl::Template, out: &mut Vec<(String, Option<String>, Option<String>)>) {
    use hcl::template::Element;
    for e in t.elements() {
        match e {
            Element::Interpolation(i) => traversals(&i.expr, out),
            Element::Directive(_) | Element::Literal(_) => {}
        }
    }
}

/// The value a resource instance shows to references: its evaluated attributes, with markers
/// for the attributes known only after apply.
fn instance_value(
    address: &str,
    attrs: &[Attr],
    values: &[Option<Result<Value, String>>],
) -> Value {
    let mut obj = Map::new();
    let mark = Value::from(format!("{REF_MARK}{address}"));
    for k in ["id", "arn", "self_link"] {
        obj.insert(k.to_string(), mark.clone());
    }
    for (a, v) in attrs.iter().zip(values) {
        if let Some(Ok(v)) = v {
            insert_path(&mut obj, &a.path, v.clone());
        }
    }
    if !obj.contains_key("name") {
        obj.insert("name".to_string(), mark);
    }
    Value::Object(obj)
}

fn insert_path(obj: &mut Map<String, Value>, path: &str, v: Value) {
    match path.split_once('.') {
        None => {
            obj.entry(path.to_string()).or_insert(v);
        }
        Some((head, rest)) => {
            let e = obj
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(inner) = e {
                insert_path(inner, rest, v);
            }
        }
    }
}

fn key_suffix(key: &Option<Value>) -> String {
    match key {
        None => String::new(),
        Some(Value::Number(n)) => format!("[{n}]"),
        Some(Value::String(s)) => format!("[\"{s}\"]"),
        Some(other) => format!("[{other}]"),
    }
}

fn evaluate(
    m: &mut Module<'_>,
    depth: usize,
    inv: &mut Inventory,
) -> Result<Map<String, Value>, DriftError> {
    let mut locals: Map<String, Value> = Map::new();
    let mut local_err: Vec<Option<String>> = vec![None; m.locals.len()];
    let mut expansions: Vec<Expansion> = m
        .resources
        .iter()
        .map(|_| Expansion::Pending(String::new()))
        .collect();
    let mut module_outputs: Map<String, Value> = Map::new();
    let mut modules_done = vec![false; m.modules.len()];
    // One context for every pass: what becomes known (a local, a resource's values, a
    // module's outputs) is declared into it as it becomes known, and only what changed is
    // rebuilt, so that a pass costs what it evaluates, not a copy of every resource.
    let mut ctx = m.context(&locals, &Map::new(), &module_outputs);
    let mut changed = vec![true; m.resources.len()];
    for _pass in 0..MAX_PASSES {
        let mut progress = false;
        for (i, (name, expr, _, _)) in m.locals.iter().enumerate() {
            if locals.contains_key(name) {
                continue;
            }
            match expr.evaluate(&ctx) {
                Ok(v) => {
                    ctx.declare_var(format!("local__{name}").as_str(), v.clone());
                    locals.insert(name.clone(), v);
                    local_err[i] = None;
                    progress = true;
                }
                Err(e) => local_err[i] = Some(m.blame(expr, &e.to_string())),
            }
        }
        for (bi, b) in m.resources.iter().enumerate() {
            if let Expansion::Pending(_) = expansions[bi] {
                let keys: Result<Vec<Option<Value>>, String> = match (&b.count, &b.for_each) {
                    (Some((e, _)), _) => e
                        .evaluate(&ctx)
                        .map_err(|err| m.blame(e, &err.to_string()))
                        .and_then(|v| match v {
                            Value::Number(n) => Ok((0..n.as_u64().unwrap_or(0).min(4096))
                                .map(|i| Some(Value::from(i)))
                                .collect()),
                            Value::Bool(b) => Ok(if b {
                                vec![Some(Value::from(0))]
                            } else {
                                vec![]
                            }),
                            other => Err(format!("`count` is `{other}`, not a number")),
                        }),
                    (None, Some((e, _))) => e
                        .evaluate(&ctx)
                        .map_err(|err| m.blame(e, &err.to_string()))
                        .and_then(|v| match v {
                            Value::Object(o) => Ok(o
                                .into_iter()
                                .map(|(k, v)| Some(Value::Array(vec![Value::from(k), v])))
                                .collect()),
                            Value::Array(a) => Ok(a
                                .into_iter()
                                .map(|v| Some(Value::Array(vec![v.clone(), v])))
                                .collect()),
                            other => Err(format!("`for_each` is `{other}`, not a map or set")),
                        }),
                    (None, None) => Ok(vec![None]),
                };
                match keys {
                    Ok(keys) => {
                        changed[bi] = true;
                        expansions[bi] = Expansion::Done(
                            keys.into_iter()
                                .map(|key| Instance {
                                    key,
                                    values: (0..b.attrs.len()).map(|_| None).collect(),
                                })
                                .collect(),
                        );
                        progress = true;
                    }
                    Err(why) => expansions[bi] = Expansion::Pending(why),
                }
            }
            let Expansion::Done(instances) = &mut expansions[bi] else {
                continue;
            };
            for inst in instances.iter_mut() {
                match &inst.key {
                    None => {}
                    Some(Value::Array(kv)) if b.for_each.is_some() => {
                        let mut each = Map::new();
                        each.insert("key".to_string(), kv[0].clone());
                        each.insert("value".to_string(), kv[1].clone());
                        ctx.declare_var("each", Value::Object(each));
                    }
                    Some(k) => {
                        let mut count = Map::new();
                        count.insert("index".to_string(), k.clone());
                        ctx.declare_var("count", Value::Object(count));
                    }
                }
                for (ai, a) in b.attrs.iter().enumerate() {
                    if matches!(inst.values[ai], Some(Ok(_))) {
                        continue;
                    }
                    let r = a.expr.evaluate(&ctx).map_err(|e| e.to_string());
                    if r.is_ok() {
                        progress = true;
                        changed[bi] = true;
                    }
                    inst.values[ai] = Some(r);
                }
            }
        }
        // The values of the resources that changed, for the next pass.
        for (bi, b) in m.resources.iter().enumerate() {
            let Expansion::Done(instances) = &expansions[bi] else {
                continue;
            };
            if !std::mem::take(&mut changed[bi]) {
                continue;
            }
            let base = format!("{}{}.{}", m.prefix, b.rtype, b.name);
            let value = if b.count.is_none() && b.for_each.is_none() {
                instances
                    .first()
                    .map(|i| instance_value(&base, &b.attrs, &i.values))
                    .unwrap_or(Value::Null)
            } else if b.count.is_some() {
                Value::Array(
                    instances
                        .iter()
                        .map(|i| {
                            instance_value(
                                &format!("{base}{}", key_suffix(&i.key)),
                                &b.attrs,
                                &i.values,
                            )
                        })
                        .collect(),
                )
            } else {
                let mut o = Map::new();
                for i in instances {
                    if let Some(Value::Array(kv)) = &i.key {
                        let k = match &kv[0] {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        let key = Some(Value::from(k.clone()));
                        o.insert(
                            k,
                            instance_value(
                                &format!("{base}{}", key_suffix(&key)),
                                &b.attrs,
                                &i.values,
                            ),
                        );
                    }
                }
                Value::Object(o)
            };
            ctx.declare_var(format!("{}__{}", b.rtype, b.name).as_str(), value);
        }
        // Local modules whose inputs are all known (or on the last passes, what is known).
        for (mi, b) in m.modules.iter().enumerate() {
            if modules_done[mi] {
                continue;
            }
            let source = b
                .attrs
                .iter()
                .find(|a| a.path == "source")
                .and_then(|a| a.expr.evaluate(&ctx).ok())
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let local = source.starts_with("./") || source.starts_with("../");
            if !local {
                modules_done[mi] = true;
                inv.unknowns.push(Unknown {
                    what: format!("what module `module.{}` creates", b.name),
                    why: if source.is_empty() {
                        "its source cannot be read".into()
                    } else {
                        format!("its source `{source}` is not a local directory, so its resources are not read")
                    },
                    location: m.loc(b.file, b.offset),
                });
                continue;
            }
            let mut inputs = Map::new();
            let mut unknown = Vec::new();
            for a in &b.attrs {
                if ["source", "version", "providers", "depends_on"].contains(&a.path.as_str()) {
                    continue;
                }
                match a.expr.evaluate(&ctx) {
                    Ok(v) => {
                        inputs.insert(a.path.clone(), v);
                    }
                    Err(e) => unknown.push((a.path.clone(), m.blame(&a.expr, &e.to_string()))),
                }
            }
            if !unknown.is_empty() && progress {
                continue; // try again once more is known
            }
            modules_done[mi] = true;
            progress = true;
            let dir = m.dir.join(source.strip_prefix("./").unwrap_or(&source));
            if !dir.is_dir() {
                // A checkout that holds only part of the configuration: what the module makes
                // is unknown, and its outputs stay unknown to whoever reads them.
                inv.unknowns.push(Unknown {
                    what: format!("what module `module.{}` creates", b.name),
                    why: format!("its source `{source}` is not a directory here"),
                    location: m.loc(b.file, b.offset),
                });
                continue;
            }
            if depth + 1 > MAX_MODULE_DEPTH {
                inv.unknowns.push(Unknown {
                    what: format!("what module `module.{}` creates", b.name),
                    why: format!("local modules nest more than {MAX_MODULE_DEPTH} deep"),
                    location: m.loc(b.file, b.offset),
                });
                continue;
            }
            let prefix = format!("{}module.{}.", m.prefix, b.name);
            let outputs = read_module(&dir, prefix, inputs, unknown, depth + 1, inv)?;
            ctx.declare_var(
                format!("module__{}", b.name).as_str(),
                Value::Object(outputs.clone()),
            );
            module_outputs.insert(b.name.clone(), Value::Object(outputs));
        }
        if !progress {
            break;
        }
    }
    // Data sources are unknowns only when something network-shaped is read from them.
    let _ = &m.data;
    let _ = local_err;
    // Resources into the inventory.
    for (bi, b) in m.resources.iter().enumerate() {
        let Some(spec) = tf_spec::lookup(&b.rtype) else {
            continue;
        };
        let base = format!("{}{}.{}", m.prefix, b.rtype, b.name);
        match &expansions[bi] {
            Expansion::Pending(why) => inv.unknowns.push(Unknown {
                what: format!("how many `{base}` there are"),
                why: why.clone(),
                location: m.loc(b.file, b.offset),
            }),
            Expansion::Done(instances) => {
                for inst in instances {
                    let address = format!(
                        "{base}{}",
                        key_suffix(&match &inst.key {
                            Some(Value::Array(kv)) if b.for_each.is_some() => Some(match &kv[0] {
                                Value::String(s) => Value::from(s.clone()),
                                other => Value::from(other.to_string()),
                            }),
                            k => k.clone(),
                        })
                    );
                    let r = resource(m, b, &spec, &address, inst);
                    inv.resources.push(r);
                }
            }
        }
    }
    let mut outputs = Map::new();
    for (name, expr) in &m.outputs {
        if let Ok(v) = expr.evaluate(&ctx) {
            outputs.insert(name.clone(), v);
        }
    }
    Ok(outputs)
}

/// The values of the attribute `path` of an instance (several for repeated blocks), or why it
/// is unknown.
fn values_of(
    m: &Module<'_>,
    b: &Block,
    inst: &Instance,
    path: &str,
) -> (Vec<Value>, Option<(String, usize)>) {
    let mut out = Vec::new();
    let mut why = None;
    for (a, v) in b.attrs.iter().zip(&inst.values) {
        if a.path != path {
            continue;
        }
        match v {
            Some(Ok(v)) => out.push(v.clone()),
            Some(Err(e)) => why = Some((m.blame(&a.expr, e), a.offset)),
            None => why = Some(("it was not evaluated".to_string(), a.offset)),
        }
    }
    (out, why)
}

fn to_ref(v: &Value) -> Option<Ref> {
    match v {
        Value::String(s) => Some(match s.strip_prefix(REF_MARK) {
            Some(a) => Ref::Address(a.to_string()),
            None => {
                // An ARM-style id in a literal: the last segment names the resource.
                let name = s.rsplit('/').next().unwrap_or(s);
                Ref::Name(name.to_string())
            }
        }),
        Value::Array(a) => a.iter().find_map(to_ref),
        _ => None,
    }
}

fn first_ref(m: &Module<'_>, b: &Block, inst: &Instance, paths: &[&str]) -> Option<Ref> {
    paths
        .iter()
        .find_map(|p| values_of(m, b, inst, p).0.iter().find_map(to_ref))
}

fn resource(m: &Module<'_>, b: &Block, spec: &Spec, address: &str, inst: &Instance) -> Resource {
    let mut kind = spec.kind;
    let target = first_ref(m, b, inst, spec.target);
    if b.rtype.contains("forwarding_rule")
        && values_of(m, b, inst, "target").0.iter().any(|v| match v {
            Value::String(s) => tf_spec::is_psc_target(s),
            _ => false,
        })
    {
        kind = ResourceKind::PrivateEndpoint;
    }
    if b.rtype == "aws_vpc_endpoint" {
        // A gateway endpoint (S3, DynamoDB) is a route, not an endpoint in a subnet; it still
        // keeps the service private.
        let _ = values_of(m, b, inst, "vpc_endpoint_type");
    }
    let mut r = Resource::new(address.to_string(), &b.rtype, kind, m.loc(b.file, b.offset));
    for p in NAME_ATTRS {
        for v in values_of(m, b, inst, p).0 {
            if let Value::String(s) = v
                && !s.starts_with(REF_MARK)
            {
                r.add_name(&s);
            }
        }
    }
    r.add_name(&b.name);
    if let Some(Value::Array(kv)) = &inst.key
        && let Value::String(k) = &kv[0]
    {
        r.add_name(k);
    }
    for p in spec.cidr {
        let (vals, why) = values_of(m, b, inst, p);
        for v in &vals {
            let items: Vec<&Value> = match v {
                Value::Array(a) => a.iter().collect(),
                other => vec![other],
            };
            for it in items {
                match it.as_str().map(super::cidr::parse) {
                    Some(Ok(n)) => r.cidrs.push(n),
                    _ => {
                        r.cidr_unknown.get_or_insert(Unknown {
                            what: format!("the range of `{address}`"),
                            why: format!("`{p}` is `{it}`, not a CIDR block"),
                            location: r.location.clone(),
                        });
                    }
                }
            }
        }
        if let Some((why, off)) = why
            && r.cidrs.is_empty()
        {
            r.cidr_unknown = Some(Unknown {
                what: format!("the range of `{address}`"),
                why,
                location: m.loc(b.file, off),
            });
        }
        if !vals.is_empty() || r.cidr_unknown.is_some() {
            break;
        }
    }
    r.network = first_ref(m, b, inst, spec.network);
    r.subnet = first_ref(m, b, inst, spec.subnet);
    r.peer = first_ref(m, b, inst, spec.peer);
    r.target = target;
    if let Some(p) = spec.public {
        let (attr, inverse, default) = match p {
            Public::Flag(a, d) => (a, false, d),
            Public::Inverse(a, d) => (a, true, d),
        };
        let (vals, why) = values_of(m, b, inst, attr);
        r.public_access = match (vals.first(), why) {
            (Some(Value::Bool(v)), _) => Some((v ^ inverse, format!("`{attr} = {v}`"))),
            (Some(Value::String(s)), _) if s == "true" || s == "false" => {
                let v = s == "true";
                Some((v ^ inverse, format!("`{attr} = {v}`")))
            }
            (None, None) => Some((
                default,
                format!("`{attr}` is not set; the provider's default is {default}"),
            )),
            _ => None,
        };
    }
    r
}

#[cfg(test)]
mod tests {
    /// A configuration copied without one of its local modules: what the module makes is an
    /// unknown, and the rest is read.
    #[test]
    fn a_missing_local_module_is_an_unknown() {
        let dir = std::env::temp_dir().join(format!(
            "topomaid-drift-missing-module-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("main.tf"),
            "module \"eks\" {\n  source = \"../modules/eks\"\n}\n\
             resource \"aws_vpc\" \"main\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n",
        )
        .unwrap();
        let inv = crate::drift::load(&crate::drift::Against {
            paths: vec![dir.clone()],
            var_files: Vec::new(),
        });
        std::fs::remove_dir_all(&dir).ok();
        let inv = inv.unwrap();
        assert_eq!(inv.resources.len(), 1);
        assert!(
            inv.unknowns
                .iter()
                .any(|u| u.what.contains("module.eks") && u.why.contains("not a directory")),
            "{:?}",
            inv.unknowns
        );
    }
}
