//! `check --format sarif`: SARIF 2.1.0 as GitHub code scanning reads it.

use serde_json::{Value, json};

use crate::diagnostics::{CONFIG_RULE, JsonDiagnostic};
use crate::lint::{self, Severity};

/// Where the project lives: `repository` of Cargo.toml, or the fallback below while it is
/// not set. Rule help links point into it.
pub fn repository() -> &'static str {
    match env!("CARGO_PKG_REPOSITORY") {
        "" => "https://github.com/topomaid/topomaid",
        r => r,
    }
}

/// The rule id of findings that are parse errors.
pub use crate::diagnostics::SYNTAX_RULE;

/// The SARIF level of a severity.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encodes a path as a relative URI reference (`/` separators, unreserved
/// characters kept).
pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A file as SARIF names it: relative to the current directory (`%SRCROOT%`, the checkout
/// in code scanning) when it is inside it, else a `file://` URI.
fn artifact_location(file: &str) -> Value {
    let p = std::path::Path::new(file);
    if p.is_absolute() {
        let relative = std::env::current_dir().ok().and_then(|cwd| {
            p.strip_prefix(cwd)
                .ok()
                .map(|r| r.to_string_lossy().into_owned())
        });
        match relative {
            Some(r) => json!({ "uri": uri(&r), "uriBaseId": "%SRCROOT%" }),
            None => json!({ "uri": format!("file://{}", uri(file)) }),
        }
    } else {
        json!({ "uri": uri(file), "uriBaseId": "%SRCROOT%" })
    }
}

/// The rules of the driver: every registered rule, then `syntax`.
fn rules() -> Vec<Value> {
    let mut rules: Vec<Value> = lint::registry()
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.id,
                "name": m.id,
                "shortDescription": { "text": m.summary },
                "helpUri": format!("{}/blob/main/docs/rules/{}.md", repository(), m.id),
                "defaultConfiguration": { "level": level(m.default_severity) },
            })
        })
        .collect();
    rules.push(json!({
        "id": SYNTAX_RULE,
        "name": SYNTAX_RULE,
        "shortDescription": { "text": "The diagram is not a valid Mermaid flowchart." },
        "defaultConfiguration": { "level": "error" },
    }));
    rules.push(json!({
        "id": CONFIG_RULE,
        "name": CONFIG_RULE,
        "shortDescription": { "text": "A topomaid.toml is wrong; the files it governs are not checked." },
        "defaultConfiguration": { "level": "error" },
    }));
    rules
}

/// The results collected so far.
#[derive(Default)]
pub struct Results(Vec<Value>);

impl Results {
    /// Adds one finding.
    pub fn push(&mut self, d: &JsonDiagnostic<'_>) {
        let index = lint::registry()
            .iter()
            .position(|r| r.meta().id == d.rule)
            .unwrap_or(lint::registry().len() + usize::from(d.rule == CONFIG_RULE));
        let mut message = d.message.to_string();
        if let Some(help) = d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let artifact = artifact_location(d.file);
        let related: Vec<Value> = d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!({
                    "id": i,
                    "message": { "text": r.message },
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": { "startLine": r.line, "startColumn": r.column },
                    },
                })
            })
            .collect();
        let mut result = json!({
            "ruleId": d.rule,
            "ruleIndex": index,
            "level": level(d.severity),
            "message": { "text": message },
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": artifact,
                    "region": {
                        "startLine": d.line,
                        "startColumn": d.column,
                        "endLine": d.end_line,
                        "endColumn": d.end_column,
                    },
                },
            }],
        });
        if !related.is_empty() {
            result["relatedLocations"] = Value::Array(related);
        }
        if let Some(fix) = &d.fix {
            let replacements: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| {
                    json!({
                        "deletedRegion": {
                            "startLine": e.line,
                            "startColumn": e.column,
                            "endLine": e.end_line,
                            "endColumn": e.end_column,
                        },
                        "insertedContent": { "text": e.replacement },
                    })
                })
                .collect();
            result["fixes"] = json!([{
                "description": { "text": fix.message },
                "artifactChanges": [{
                    "artifactLocation": artifact,
                    "replacements": replacements,
                }],
            }]);
        }
        self.0.push(result);
    }

    /// The whole log: one run of topomaid with its rules and the results.
    pub fn log(self) -> Value {
        json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {
                    "driver": {
                        "name": "topomaid",
                        "version": env!("CARGO_PKG_VERSION"),
                        "semanticVersion": env!("CARGO_PKG_VERSION"),
                        "informationUri": repository(),
                        "rules": rules(),
                    },
                },
                "columnKind": "unicodeCodePoints",
                "results": self.0,
            }],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sarif_uris_are_relative_and_escaped() {
        assert_eq!(uri("./design/a b.mmd"), "design/a%20b.mmd");
        assert_eq!(
            uri("docs\\네트워크.md"),
            "docs/%EB%84%A4%ED%8A%B8%EC%9B%8C%ED%81%AC.md"
        );
    }
}
