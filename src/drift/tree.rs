//! YAML and JSON documents as a tree that keeps, for every value, its line and its tag
//! (CloudFormation's short forms `!Ref`, `!Sub`, …), read with `yaml-rust2`'s event parser.
//! JSON templates (CloudFormation, ARM, Terraform plans) are read the same way, so that every
//! resource has its line.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::DriftError;
use super::inventory::Location;

/// A value of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// A scalar, as written (numbers and booleans too).
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in order.
    Map(Vec<(String, Node)>),
}

/// A value with its tag and position.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// The local tag without `!` (`Ref` for `!Ref`), when it has one.
    pub tag: Option<String>,
    /// Whether a scalar was quoted (so `"true"` is a string).
    pub quoted: bool,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl Node {
    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value at a path of keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |n, k| n.get(k))
    }

    /// The scalar text, when this is an untagged scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) if self.tag.is_none() => Some(s),
            _ => None,
        }
    }

    /// The entries of a mapping.
    pub fn entries(&self) -> &[(String, Node)] {
        match &self.value {
            Value::Map(m) => m,
            _ => &[],
        }
    }

    /// The items of a sequence.
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(s) => s,
            _ => &[],
        }
    }

    /// Its location in `path`, whose text is `source`.
    pub fn location(&self, path: &str, source: &str) -> Location {
        Location::line_col(path, source, self.line, self.column)
    }
}

enum Frame {
    Seq(Node, Vec<Node>),
    Map(Node, Vec<(String, Node)>, Option<String>),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: Vec<(usize, Node)>,
}

fn tag_name(tag: Option<yaml_rust2::parser::Tag>) -> Option<String> {
    let t = tag?;
    if t.handle == "!" {
        Some(t.suffix)
    } else if t.handle == "tag:yaml.org,2002:" {
        None
    } else {
        Some(format!("{}{}", t.handle.trim_start_matches('!'), t.suffix))
    }
}

impl Builder {
    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq(_, items)) => items.push(node),
            Some(Frame::Map(_, entries, key)) => match key.take() {
                None => {
                    *key = Some(match &node.value {
                        Value::Str(s) => s.clone(),
                        Value::Null => String::new(),
                        _ => format!("{:?}", node.value),
                    })
                }
                Some(k) => entries.push((k, node)),
            },
        }
    }
}

fn node(value: Value, tag: Option<String>, mark: Marker) -> Node {
    Node {
        value,
        tag,
        quoted: false,
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(s, style, anchor, tag) => {
                let tag = tag_name(tag);
                let plain = style == TScalarStyle::Plain;
                let value = if plain && tag.is_none() && matches!(s.as_str(), "~" | "null" | "") {
                    Value::Null
                } else {
                    Value::Str(s)
                };
                let mut n = node(value, tag, mark);
                n.quoted = !plain;
                if anchor > 0 {
                    self.anchors.push((anchor, n.clone()));
                }
                self.push(n);
            }
            Event::SequenceStart(_, tag) => self.stack.push(Frame::Seq(
                node(Value::Null, tag_name(tag), mark),
                Vec::new(),
            )),
            Event::MappingStart(_, tag) => self.stack.push(Frame::Map(
                node(Value::Null, tag_name(tag), mark),
                Vec::new(),
                None,
            )),
            Event::SequenceEnd => {
                if let Some(Frame::Seq(mut n, items)) = self.stack.pop() {
                    n.value = Value::Seq(items);
                    self.push(n);
                }
            }
            Event::MappingEnd => {
                if let Some(Frame::Map(mut n, entries, _)) = self.stack.pop() {
                    n.value = Value::Map(entries);
                    self.push(n);
                }
            }
            Event::Alias(id) => {
                let n = self
                    .anchors
                    .iter()
                    .rev()
                    .find(|(a, _)| *a == id)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_else(|| node(Value::Null, None, mark));
                self.push(n);
            }
            _ => {}
        }
    }
}

/// Reads the first document of `text` (YAML or JSON); `path` names it in errors.
pub fn parse(path: &str, text: &str) -> Result<Node, DriftError> {
    let mut b = Builder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut b, false).map_err(|e| DriftError {
        location: Some(Location::line_col(
            path,
            text,
            e.marker().line(),
            e.marker().col() + 1,
        )),
        message: format!("cannot read YAML/JSON: {}", e.info()),
    })?;
    Ok(b.root.unwrap_or(Node {
        value: Value::Null,
        tag: None,
        quoted: false,
        line: 1,
        column: 1,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_lines_are_kept() {
        let doc = parse(
            "t.yaml",
            "A:\n  B: !Ref Vpc\n  C: !Sub '${X}-y'\n  D: [1, 2]\n",
        )
        .unwrap();
        let b = doc.path(&["A", "B"]).unwrap();
        assert_eq!(b.tag.as_deref(), Some("Ref"));
        assert_eq!(b.value, Value::Str("Vpc".into()));
        assert_eq!(b.line, 2);
        assert_eq!(doc.path(&["A", "C"]).unwrap().tag.as_deref(), Some("Sub"));
        assert_eq!(doc.path(&["A", "D"]).unwrap().items().len(), 2);
    }

    #[test]
    fn json_reads_with_lines_and_errors_have_a_place() {
        let doc = parse("t.json", "{\n  \"a\": {\n    \"b\": \"x\"\n  }\n}\n").unwrap();
        assert_eq!(doc.path(&["a", "b"]).unwrap().line, 3);
        let e = parse("t.yaml", "a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.location.is_some(), "{e:?}");
    }
}
