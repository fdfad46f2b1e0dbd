//! The Terraform functions that network modules use, for `hcl`'s evaluator.

use hcl::Value;
use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};

use super::cidr;

fn num(v: &Value) -> Result<i64, String> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .ok_or_else(|| format!("`{n}` is not a whole number")),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| format!("`{s}` is not a number")),
        other => Err(format!("expected a number, found `{other}`")),
    }
}

fn string(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("expected a string, found `{other}`")),
    }
}

fn list(v: &Value) -> Result<Vec<Value>, String> {
    match v {
        Value::Array(a) => Ok(a.clone()),
        Value::Object(o) => Ok(o.values().cloned().collect()),
        other => Err(format!("expected a list, found `{other}`")),
    }
}

fn net(v: &Value) -> Result<ipnet::IpNet, String> {
    cidr::parse(&string(v)?)
}

fn cidrsubnet(a: FuncArgs) -> Result<Value, String> {
    let [p, b, n] = &a[..] else {
        return Err("cidrsubnet takes 3 arguments".into());
    };
    Ok(cidr::subnet(&net(p)?, num(b)?, num(n)?)?.to_string().into())
}

fn cidrhost(a: FuncArgs) -> Result<Value, String> {
    let [p, n] = &a[..] else {
        return Err("cidrhost takes 2 arguments".into());
    };
    Ok(cidr::host(&net(p)?, num(n)?)?.to_string().into())
}

fn cidrsubnets(a: FuncArgs) -> Result<Value, String> {
    let Some((p, rest)) = a.split_first() else {
        return Err("cidrsubnets takes a prefix".into());
    };
    let bits = rest.iter().map(num).collect::<Result<Vec<_>, _>>()?;
    Ok(Value::Array(
        cidr::subnets(&net(p)?, &bits)?
            .into_iter()
            .map(|n| Value::from(n.to_string()))
            .collect(),
    ))
}

fn cidrnetmask(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [p] => Ok(net(p)?.netmask().to_string().into()),
        _ => Err("cidrnetmask takes 1 argument".into()),
    }
}

fn concat(a: FuncArgs) -> Result<Value, String> {
    let mut out = Vec::new();
    for v in a.iter() {
        out.extend(list(v)?);
    }
    Ok(Value::Array(out))
}

fn flatten(a: FuncArgs) -> Result<Value, String> {
    fn go(v: &Value, out: &mut Vec<Value>) {
        match v {
            Value::Array(items) => items.iter().for_each(|i| go(i, out)),
            other => out.push(other.clone()),
        }
    }
    let mut out = Vec::new();
    for v in a.iter() {
        go(v, &mut out);
    }
    Ok(Value::Array(out))
}

fn format(a: FuncArgs) -> Result<Value, String> {
    let Some((f, rest)) = a.split_first() else {
        return Err("format takes a format string".into());
    };
    let f = string(f)?;
    let mut out = String::new();
    let mut args = rest.iter();
    let mut chars = f.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        // Flags and width are skipped; the verb decides.
        let mut verb = None;
        let mut flags = String::new();
        for d in chars.by_ref() {
            if d.is_ascii_alphabetic() || d == '%' {
                verb = Some(d);
                break;
            }
            flags.push(d);
        }
        let width: usize = flags
            .trim_start_matches(['-', '+', '#', ' '])
            .parse()
            .unwrap_or(0);
        let zero = flags.starts_with('0');
        match verb {
            Some('%') => out.push('%'),
            Some(_) => {
                let v = args.next().ok_or("format has more verbs than arguments")?;
                let text = match v {
                    Value::Number(n) => n.to_string(),
                    other => string(other)?,
                };
                let pad = width.saturating_sub(text.chars().count());
                if flags.starts_with('-') {
                    out.push_str(&text);
                    out.extend(std::iter::repeat_n(' ', pad));
                } else {
                    out.extend(std::iter::repeat_n(if zero { '0' } else { ' ' }, pad));
                    out.push_str(&text);
                }
            }
            None => return Err("format string ends inside a verb".into()),
        }
    }
    Ok(out.into())
}

fn join(a: FuncArgs) -> Result<Value, String> {
    let Some((sep, rest)) = a.split_first() else {
        return Err("join takes a separator".into());
    };
    let sep = string(sep)?;
    let mut parts = Vec::new();
    for l in rest.iter() {
        for v in list(l)? {
            parts.push(string(&v)?);
        }
    }
    Ok(parts.join(&sep).into())
}

fn split(a: FuncArgs) -> Result<Value, String> {
    let [sep, s] = &a[..] else {
        return Err("split takes 2 arguments".into());
    };
    let (sep, s) = (string(sep)?, string(s)?);
    Ok(Value::Array(
        s.split(sep.as_str())
            .map(|p| Value::from(p.to_string()))
            .collect(),
    ))
}

fn element(a: FuncArgs) -> Result<Value, String> {
    let [l, i] = &a[..] else {
        return Err("element takes 2 arguments".into());
    };
    let l = list(l)?;
    if l.is_empty() {
        return Err("element of an empty list".into());
    }
    let i = num(i)?;
    Ok(l[i.rem_euclid(l.len() as i64) as usize].clone())
}

fn length(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [Value::String(s)] => Ok(Value::from(s.chars().count() as u64)),
        [Value::Object(o)] => Ok(Value::from(o.len() as u64)),
        [v] => Ok(Value::from(list(v)?.len() as u64)),
        _ => Err("length takes 1 argument".into()),
    }
}

fn lookup(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [Value::Object(o), k, rest @ ..] if rest.len() <= 1 => {
            let k = string(k)?;
            o.get(&k)
                .cloned()
                .or_else(|| rest.first().cloned())
                .ok_or_else(|| format!("no key `{k}` and no default"))
        }
        _ => Err("lookup takes a map, a key and a default".into()),
    }
}

fn merge(a: FuncArgs) -> Result<Value, String> {
    let mut out = hcl::Map::new();
    for v in a.iter() {
        match v {
            Value::Object(o) => out.extend(o.iter().map(|(k, v)| (k.clone(), v.clone()))),
            Value::Null => {}
            other => return Err(format!("merge takes maps, found `{other}`")),
        }
    }
    Ok(Value::Object(out))
}

fn identity(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [v] => Ok(v.clone()),
        _ => Err("takes 1 argument".into()),
    }
}

fn toset(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [v] => {
            let mut out: Vec<Value> = Vec::new();
            for x in list(v)? {
                if !out.contains(&x) {
                    out.push(x);
                }
            }
            Ok(Value::Array(out))
        }
        _ => Err("toset takes 1 argument".into()),
    }
}

fn tostring(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [v] => Ok(string(v)?.into()),
        _ => Err("tostring takes 1 argument".into()),
    }
}

fn tonumber(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [v] => Ok(Value::from(num(v)?)),
        _ => Err("tonumber takes 1 argument".into()),
    }
}

fn range(a: FuncArgs) -> Result<Value, String> {
    let n: Vec<i64> = a.iter().map(num).collect::<Result<_, _>>()?;
    let (start, end, step) = match n[..] {
        [e] => (0, e, 1),
        [s, e] => (s, e, if e >= s { 1 } else { -1 }),
        [s, e, st] => (s, e, st),
        _ => return Err("range takes 1 to 3 arguments".into()),
    };
    if step == 0 {
        return Err("range step cannot be 0".into());
    }
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < end) || (step < 0 && i > end) {
        out.push(Value::from(i));
        i += step;
        if out.len() > 1024 {
            return Err("range of more than 1024 numbers".into());
        }
    }
    Ok(Value::Array(out))
}

fn keys(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [Value::Object(o)] => {
            let mut k: Vec<&String> = o.keys().collect();
            k.sort();
            Ok(Value::Array(
                k.into_iter().map(|s| Value::from(s.clone())).collect(),
            ))
        }
        _ => Err("keys takes a map".into()),
    }
}

fn sort(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [v] => {
            let mut out = list(v)?
                .iter()
                .map(string)
                .collect::<Result<Vec<String>, String>>()?;
            out.sort();
            Ok(Value::Array(out.into_iter().map(Value::from).collect()))
        }
        _ => Err("sort takes 1 list".into()),
    }
}

fn reverse(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [v] => {
            let mut out = list(v)?;
            out.reverse();
            Ok(Value::Array(out))
        }
        _ => Err("reverse takes 1 list".into()),
    }
}

fn contains(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [l, x] => Ok(Value::Bool(list(l)?.contains(x))),
        _ => Err("contains takes a list and a value".into()),
    }
}

fn compact(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [v] => Ok(Value::Array(
            list(v)?
                .into_iter()
                .filter(|x| !matches!(x, Value::Null) && x.as_str() != Some(""))
                .collect(),
        )),
        _ => Err("compact takes 1 list".into()),
    }
}

fn values(a: FuncArgs) -> Result<Value, String> {
    match &a[..] {
        [Value::Object(o)] => {
            let mut k: Vec<(&String, &Value)> = o.iter().collect();
            k.sort_by(|x, y| x.0.cmp(y.0));
            Ok(Value::Array(
                k.into_iter().map(|(_, v)| v.clone()).collect(),
            ))
        }
        _ => Err("values takes a map".into()),
    }
}

fn zipmap(a: FuncArgs) -> Result<Value, String> {
    let [k, v] = &a[..] else {
        return Err("zipmap takes 2 lists".into());
    };
    let mut out = hcl::Map::new();
    for (k, v) in list(k)?.iter().zip(list(v)?) {
        out.insert(string(k)?, v);
    }
    Ok(Value::Object(out))
}

fn coalesce(a: FuncArgs) -> Result<Value, String> {
    a.iter()
        .find(|v| !matches!(v, Value::Null) && !matches!(v, Value::String(s) if s.is_empty()))
        .cloned()
        .ok_or_else(|| "no non-null argument".into())
}

fn slice(a: FuncArgs) -> Result<Value, String> {
    let [l, s, e] = &a[..] else {
        return Err("slice takes 3 arguments".into());
    };
    let l = list(l)?;
    let (s, e) = (num(s)? as usize, num(e)? as usize);
    if s > e || e > l.len() {
        return Err(format!("slice {s}..{e} of a list of {}", l.len()));
    }
    Ok(Value::Array(l[s..e].to_vec()))
}

fn str_fn(a: &FuncArgs, f: fn(&str) -> String) -> Result<Value, String> {
    match &a[..] {
        [v] => Ok(f(&string(v)?).into()),
        _ => Err("takes 1 argument".into()),
    }
}

fn lower(a: FuncArgs) -> Result<Value, String> {
    str_fn(&a, str::to_lowercase)
}
fn upper(a: FuncArgs) -> Result<Value, String> {
    str_fn(&a, str::to_uppercase)
}
fn trimspace(a: FuncArgs) -> Result<Value, String> {
    str_fn(&a, |s| s.trim().to_string())
}

fn replace(a: FuncArgs) -> Result<Value, String> {
    let [s, from, to] = &a[..] else {
        return Err("replace takes 3 arguments".into());
    };
    Ok(string(s)?.replace(&string(from)?, &string(to)?).into())
}

fn substr(a: FuncArgs) -> Result<Value, String> {
    let [s, o, l] = &a[..] else {
        return Err("substr takes 3 arguments".into());
    };
    let s: Vec<char> = string(s)?.chars().collect();
    let o = num(o)?.max(0) as usize;
    let l = num(l)?;
    let end = if l < 0 {
        s.len()
    } else {
        (o + l as usize).min(s.len())
    };
    Ok(s[o.min(s.len())..end].iter().collect::<String>().into())
}

fn minmax(a: &FuncArgs, max: bool) -> Result<Value, String> {
    let n: Vec<i64> = a.iter().map(num).collect::<Result<_, _>>()?;
    let r = if max { n.iter().max() } else { n.iter().min() };
    r.map(|v| Value::from(*v))
        .ok_or_else(|| "needs arguments".into())
}
fn min(a: FuncArgs) -> Result<Value, String> {
    minmax(&a, false)
}
fn max(a: FuncArgs) -> Result<Value, String> {
    minmax(&a, true)
}

/// Declares every supported function in `ctx`.
pub fn declare(ctx: &mut Context<'_>) {
    let fns: &[(&str, hcl::eval::Func)] = &[
        ("cidrsubnet", cidrsubnet),
        ("cidrhost", cidrhost),
        ("cidrsubnets", cidrsubnets),
        ("cidrnetmask", cidrnetmask),
        ("concat", concat),
        ("flatten", flatten),
        ("format", format),
        ("join", join),
        ("split", split),
        ("element", element),
        ("length", length),
        ("lookup", lookup),
        ("merge", merge),
        ("tolist", identity),
        ("tomap", identity),
        ("toset", toset),
        ("distinct", toset),
        ("tostring", tostring),
        ("tonumber", tonumber),
        ("range", range),
        ("keys", keys),
        ("values", values),
        ("sort", sort),
        ("reverse", reverse),
        ("contains", contains),
        ("compact", compact),
        ("zipmap", zipmap),
        ("coalesce", coalesce),
        ("slice", slice),
        ("lower", lower),
        ("upper", upper),
        ("trimspace", trimspace),
        ("replace", replace),
        ("substr", substr),
        ("min", min),
        ("max", max),
    ];
    for (name, f) in fns {
        ctx.declare_func(
            *name,
            FuncDef::builder().variadic_param(ParamType::Any).build(*f),
        );
    }
}

#[cfg(test)]
mod tests {
    use hcl::eval::Evaluate;

    use super::*;

    fn eval(s: &str) -> Result<Value, String> {
        let mut ctx = Context::new();
        declare(&mut ctx);
        let e: hcl::Expression = s.parse().map_err(|e: hcl::Error| e.to_string())?;
        e.evaluate(&ctx).map_err(|e| e.to_string())
    }

    #[test]
    fn network_functions_evaluate() {
        assert_eq!(
            eval(r#"cidrsubnet("10.0.0.0/16", 8, 3)"#).unwrap(),
            Value::from("10.0.3.0/24")
        );
        assert_eq!(
            eval(r#"cidrsubnets("10.0.0.0/16", 8, 8)"#).unwrap(),
            Value::Array(vec!["10.0.0.0/24".into(), "10.0.1.0/24".into()])
        );
        assert_eq!(
            eval(r#"[for i in range(2) : cidrsubnet("10.0.0.0/16", 4, i)]"#).unwrap(),
            Value::Array(vec!["10.0.0.0/20".into(), "10.0.16.0/20".into()])
        );
        assert_eq!(
            eval(r#"format("%s-%03d", "snet", 7)"#).unwrap(),
            Value::from("snet-007")
        );
        assert_eq!(eval(r#"element(["a", "b"], 3)"#).unwrap(), Value::from("b"));
        assert_eq!(eval(r#"lookup({a = 1}, "b", 2)"#).unwrap(), Value::from(2));
        assert!(eval(r#"cidrsubnet("10.0.0.0/16", 8, 300)"#).is_err());
    }

    /// The list functions network modules pick availability zones with
    /// (`sort(keys(var.public_subnets))[0]`).
    #[test]
    fn list_functions_evaluate() {
        assert_eq!(
            eval(r#"sort(keys({b = 1, a = 2}))[0]"#).unwrap(),
            Value::from("a")
        );
        assert_eq!(
            eval(r#"sort(["eu-west-1c", "eu-west-1a"])"#).unwrap(),
            Value::Array(vec!["eu-west-1a".into(), "eu-west-1c".into()])
        );
        assert_eq!(
            eval(r#"reverse([1, 2])"#).unwrap(),
            Value::Array(vec![2.into(), 1.into()])
        );
        assert_eq!(eval(r#"contains(["a"], "a")"#).unwrap(), Value::Bool(true));
        assert_eq!(
            eval(r#"compact(["a", "", null])"#).unwrap(),
            Value::Array(vec!["a".into()])
        );
        assert!(eval(r#"sort("a")"#).is_err());
    }
}
