//! Reading the YAML of `@{ … }` node data the way Mermaid does (a flow mapping when it is on one
//! line, a block mapping otherwise).

use yaml_rust2::{Yaml, YamlLoader};

/// A scalar value of node data.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string.
    Str(String),
    /// A number, as written.
    Num(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`, or a list or mapping (which Mermaid does not use).
    Other,
}

impl Value {
    /// The value as JavaScript would print it.
    pub fn as_text(&self) -> String {
        match self {
            Value::Str(s) | Value::Num(s) => s.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Other => String::new(),
        }
    }

    /// JavaScript truthiness.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Str(s) => !s.is_empty(),
            Value::Num(n) => n.parse::<f64>().is_ok_and(|f| f != 0.0),
            Value::Bool(b) => *b,
            Value::Other => false,
        }
    }
}

/// The key/value pairs of one `@{ … }`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeDataDoc {
    entries: Vec<(String, Value)>,
}

impl NodeDataDoc {
    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// The value of `key` as text, when present and not null.
    pub fn get_str(&self, key: &str) -> Option<String> {
        self.get(key)
            .filter(|v| !matches!(v, Value::Other))
            .map(Value::as_text)
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|(k, _)| k.as_str())
    }
}

/// Parses node data as Mermaid does, or says why it is not valid YAML.
pub fn parse(data: &str) -> Result<NodeDataDoc, String> {
    let yaml = if data.contains('\n') {
        format!("{data}\n")
    } else {
        format!("{{\n{data}\n}}")
    };
    let docs = YamlLoader::load_from_str(&yaml).map_err(|e| e.to_string())?;
    let mut doc = NodeDataDoc::default();
    let Some(Yaml::Hash(map)) = docs.into_iter().next() else {
        return Ok(doc);
    };
    for (k, v) in map {
        let key = match k {
            Yaml::String(s) | Yaml::Real(s) => s,
            Yaml::Integer(i) => i.to_string(),
            Yaml::Boolean(b) => b.to_string(),
            _ => continue,
        };
        let value = match v {
            Yaml::String(s) => Value::Str(s),
            Yaml::Integer(i) => Value::Num(i.to_string()),
            Yaml::Real(r) => Value::Num(r),
            Yaml::Boolean(b) => Value::Bool(b),
            _ => Value::Other,
        };
        doc.entries.push((key, value));
    }
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_is_a_flow_mapping() {
        let d = parse(" shape: diam, label: \"a b\" ").unwrap();
        assert_eq!(d.get_str("shape").as_deref(), Some("diam"));
        assert_eq!(d.get_str("label").as_deref(), Some("a b"));
    }

    #[test]
    fn several_lines_are_a_block_mapping() {
        let d = parse("\n  shape: rect\n  label: hello\n").unwrap();
        assert_eq!(d.get_str("label").as_deref(), Some("hello"));
        assert_eq!(d.keys().count(), 2);
    }

    #[test]
    fn broken_yaml_is_an_error() {
        assert!(parse(" shape: [unclosed ").is_err());
    }
}
