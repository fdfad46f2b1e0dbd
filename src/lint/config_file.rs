//! `topomaid.toml`: reading it, finding it, and merging it with the command line into a
//! [`LintConfig`]. The format is documented in `docs/configuration.md`.
//!
//! Every mistake in the file (an unknown key, an unknown rule id, severity or kind, a bad
//! regular expression) is an error that names the file, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use toml::Spanned;

use super::config::{KindOverride, LabelPattern, LintConfig, OtherDiagrams, ProjectSettings};
use super::{Severity, rule};
use crate::model::Kind;
use crate::source::LineIndex;

/// The name of the configuration file.
pub const FILE_NAME: &str = "topomaid.toml";

/// A configuration file that could not be read or is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, as it was found or given.
    pub path: String,
    /// 1-based line and column (characters) of the mistake, when it has a place.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// Byte offset of the mistake in the file, when it has a place.
    pub offset: Option<usize>,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFile {
    other_diagrams: Option<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    extend_exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    model: RawModel,
    #[serde(default)]
    kinds: Vec<RawKind>,
    #[serde(default)]
    format: RawFormat,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFormat {
    quote_style: Option<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawModel {
    dotted_edges_are_traffic: Option<bool>,
    private_endpoint_kinds: Option<Vec<Spanned<String>>>,
    provider: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawKind {
    class: Option<Spanned<String>>,
    label: Option<Spanned<String>>,
    label_regex: Option<Spanned<String>>,
    kind: Spanned<String>,
}

/// What a `topomaid.toml` says, checked.
#[derive(Debug, Clone, Default)]
pub struct FileConfig {
    /// `[rules] select`.
    pub select: Option<Vec<String>>,
    /// `[rules] ignore`, and every rule whose severity is `off`.
    pub ignore: Vec<String>,
    /// `[rules.severity]`, without the `off` entries.
    pub severities: BTreeMap<String, Severity>,
    /// `[model] dotted-edges-are-traffic`.
    pub dotted_edges_are_traffic: Option<bool>,
    /// `[model] private-endpoint-kinds`.
    pub private_endpoint_kinds: Option<Vec<Kind>>,
    /// `[model] provider`: `azure`, `aws`, `gcp` or `on-premises`.
    pub provider: Option<crate::model::provider::Provider>,
    /// `[[kinds]]`, in file order.
    pub kinds: Vec<KindOverride>,
    /// The settings that are not about rules.
    pub project: ProjectSettings,
}

/// Reads the text of a configuration file; `path` names it in errors.
pub fn parse(path: &str, text: &str) -> Result<FileConfig, ConfigError> {
    let idx = LineIndex::new(text);
    let err = |at: Option<usize>, message: String| ConfigError {
        path: path.to_string(),
        position: at.map(|o| {
            let lc = idx.line_col(text, o.min(text.len()));
            (lc.line, lc.column)
        }),
        message,
        offset: at.map(|o| o.min(text.len())),
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        err(
            e.span().map(|s| s.start),
            e.message().trim_end().to_string(),
        )
    })?;
    let rule_id = |s: &Spanned<String>| -> Result<String, ConfigError> {
        if rule(s.get_ref()).is_some() {
            Ok(s.get_ref().clone())
        } else {
            Err(err(
                Some(s.span().start),
                match super::closest_rule(s.get_ref()) {
                    Some(near) => format!(
                        "no rule `{}`; did you mean `{near}`? (see `topomaid rules`)",
                        s.get_ref()
                    ),
                    None => format!("no rule `{}` (see `topomaid rules`)", s.get_ref()),
                },
            ))
        }
    };
    let kind = |s: &Spanned<String>| -> Result<Kind, ConfigError> {
        Kind::parse(s.get_ref()).ok_or_else(|| {
            err(
                Some(s.span().start),
                format!(
                    "no kind `{}`; the kinds are {}",
                    s.get_ref(),
                    crate::model::kind::ALL_KINDS
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })
    };

    let mut out = FileConfig {
        select: raw
            .rules
            .select
            .as_ref()
            .map(|s| s.iter().map(rule_id).collect::<Result<_, _>>())
            .transpose()?,
        ignore: raw
            .rules
            .ignore
            .iter()
            .map(rule_id)
            .collect::<Result<_, _>>()?,
        dotted_edges_are_traffic: raw.model.dotted_edges_are_traffic,
        private_endpoint_kinds: raw
            .model
            .private_endpoint_kinds
            .as_ref()
            .map(|s| s.iter().map(kind).collect::<Result<_, _>>())
            .transpose()?,
        provider: raw
            .model
            .provider
            .as_ref()
            .map(|p| {
                crate::model::provider::Provider::parse(p.get_ref()).ok_or_else(|| {
                    err(
                        Some(p.span().start),
                        format!(
                            "no provider `{}`; write `azure`, `aws`, `gcp` or `on-premises`",
                            p.get_ref()
                        ),
                    )
                })
            })
            .transpose()?,
        ..FileConfig::default()
    };
    if let Some(o) = &raw.other_diagrams {
        out.project.other_diagrams = match o.get_ref().as_str() {
            "skip" => OtherDiagrams::Skip,
            "error" => OtherDiagrams::Error,
            other => {
                return Err(err(
                    Some(o.span().start),
                    format!("no `other-diagrams` setting `{other}`; write `skip` or `error`"),
                ));
            }
        };
    }
    for g in raw.exclude.iter().chain(&raw.extend_exclude) {
        if let Err(e) = glob::Pattern::new(g.get_ref()) {
            return Err(err(
                Some(g.span().start),
                format!("invalid glob `{}`: {}", g.get_ref(), e.msg),
            ));
        }
        out.project.exclude.push(g.get_ref().clone());
    }
    if let Some(q) = &raw.format.quote_style {
        out.project.quote_style = crate::fmt::QuoteStyle::parse(q.get_ref()).ok_or_else(|| {
            err(
                Some(q.span().start),
                format!(
                    "no quote style `{}`; write `preserve`, `minimal` or `always`",
                    q.get_ref()
                ),
            )
        })?;
    }
    for (id, level) in &raw.rules.severity {
        let id = rule_id(id)?;
        match level.get_ref().as_str() {
            "off" => out.ignore.push(id),
            l => match Severity::parse(l) {
                Some(s) if l == s.name() => {
                    out.severities.insert(id, s);
                }
                _ => {
                    return Err(err(
                        Some(level.span().start),
                        format!("no severity `{l}`; write `error`, `warning`, `info` or `off`"),
                    ));
                }
            },
        }
    }
    for k in &raw.kinds {
        let label = match (&k.label, &k.label_regex) {
            (Some(a), Some(_)) => {
                return Err(err(
                    Some(a.span().start),
                    "give `label` or `label-regex`, not both".into(),
                ));
            }
            (Some(s), None) => Some(LabelPattern::substring(s.get_ref())),
            (None, Some(r)) => Some(LabelPattern::Regex(
                regex::RegexBuilder::new(r.get_ref())
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| {
                        err(
                            Some(r.span().start),
                            format!(
                                "invalid regular expression: {}",
                                e.to_string().lines().last().unwrap_or_default().trim()
                            ),
                        )
                    })?,
            )),
            (None, None) => None,
        };
        if label.is_none() && k.class.is_none() {
            return Err(err(
                Some(k.kind.span().start),
                "a `[[kinds]]` entry needs `class`, `label` or `label-regex`".into(),
            ));
        }
        out.kinds.push(KindOverride {
            class: k.class.as_ref().map(|c| c.get_ref().clone()),
            label,
            kind: kind(&k.kind)?,
        });
    }
    Ok(out)
}

/// Reads the configuration file at `path`.
pub fn load(path: &Path) -> Result<FileConfig, ConfigError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: name.clone(),
        position: None,
        message: format!("cannot read the configuration: {e}"),
        offset: None,
    })?;
    parse(&name, &text)
}

/// The nearest `topomaid.toml` in `dir` or a directory above it.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|f| f.is_file())
}

/// The absolute directory of the configuration file `path`.
fn root_of(path: &Path) -> Option<PathBuf> {
    std::path::absolute(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
}

/// What the command line says about rules; it wins over the file.
#[derive(Debug, Clone, Default)]
pub struct CliOverrides {
    /// `--select`: when not empty, replaces the file's `select`, and these rules run even if
    /// the file ignores them or turns them off.
    pub select: Vec<String>,
    /// `--ignore`: rules that do not run, in addition to those the file ignores.
    pub ignore: Vec<String>,
}

/// The configuration of a check: the file's (if any) with the command line on top.
pub fn merge(file: Option<&FileConfig>, cli: &CliOverrides) -> LintConfig {
    let mut config = LintConfig::default();
    if let Some(f) = file {
        config.select = f.select.clone();
        config.ignore = f.ignore.clone();
        config.severities = f.severities.clone();
        if let Some(d) = f.dotted_edges_are_traffic {
            config.dotted_edges_are_traffic = d;
        }
        if let Some(k) = &f.private_endpoint_kinds {
            config.private_endpoint_kinds = k.clone();
        }
        config.provider = f.provider;
        config.kind_overrides = f.kinds.clone();
        config.project = f.project.clone();
    }
    if !cli.select.is_empty() {
        config.ignore.retain(|r| !cli.select.contains(r));
        config.select = Some(cli.select.clone());
    }
    for r in &cli.ignore {
        if !config.ignore.contains(r) {
            config.ignore.push(r.clone());
        }
    }
    config
}

/// Finds the configuration of each checked file: the one given with `--config`, or the nearest
/// `topomaid.toml` above the file, merged with the command line. Results are cached by
/// directory.
#[derive(Debug)]
pub struct ConfigResolver {
    explicit: Option<Arc<LintConfig>>,
    cli: CliOverrides,
    by_dir: HashMap<PathBuf, Arc<LintConfig>>,
    by_file: HashMap<PathBuf, Arc<LintConfig>>,
}

impl ConfigResolver {
    /// A resolver; with `config`, every file uses that file and none is searched for.
    pub fn new(config: Option<&Path>, cli: CliOverrides) -> Result<Self, ConfigError> {
        let explicit = match config {
            Some(p) => {
                let mut c = merge(Some(&load(p)?), &cli);
                c.project.root = root_of(p);
                Some(Arc::new(c))
            }
            None => None,
        };
        Ok(ConfigResolver {
            explicit,
            cli,
            by_dir: HashMap::default(),
            by_file: HashMap::default(),
        })
    }

    /// The configuration for the checked file `file` (`-` is standard input, configured from
    /// the current directory).
    pub fn for_file(&mut self, file: &str) -> Result<Arc<LintConfig>, ConfigError> {
        if let Some(c) = &self.explicit {
            return Ok(c.clone());
        }
        let dir = if file == "-" {
            PathBuf::from(".")
        } else {
            match Path::new(file).parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
        let dir = std::path::absolute(&dir).unwrap_or(dir);
        if let Some(c) = self.by_dir.get(&dir) {
            return Ok(c.clone());
        }
        let config = match find(&dir) {
            Some(path) => match self.by_file.get(&path) {
                Some(c) => c.clone(),
                None => {
                    // Named relative to the current directory when it is below it.
                    let shown = std::env::current_dir()
                        .ok()
                        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
                        .unwrap_or_else(|| path.clone());
                    let mut c = merge(Some(&load(&shown)?), &self.cli);
                    c.project.root = root_of(&path);
                    let c = Arc::new(c);
                    self.by_file.insert(path, c.clone());
                    c
                }
            },
            None => Arc::new(merge(None, &self.cli)),
        };
        self.by_dir.insert(dir, config.clone());
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse("topomaid.toml", text).unwrap_err().to_string()
    }

    #[test]
    fn reads_every_section() {
        let f = parse(
            "topomaid.toml",
            r#"
[rules]
select = ["cidr-overlap", "unreachable-service", "isolated-node"]
ignore = ["isolated-node"]

[rules.severity]
"unreachable-service" = "error"
"cidr-overlap" = "off"

[model]
dotted-edges-are-traffic = true
private-endpoint-kinds = ["database", "db", "cache"]

[[kinds]]
class = "dbStyle"
kind = "database"

[[kinds]]
label = "Redis"
kind = "cache"

[[kinds]]
label-regex = "^orders?-q"
kind = "queue"
"#,
        )
        .unwrap();
        assert_eq!(
            f.select.as_deref(),
            Some(
                &[
                    "cidr-overlap".to_string(),
                    "unreachable-service".into(),
                    "isolated-node".into()
                ][..]
            )
        );
        assert_eq!(f.ignore, ["isolated-node", "cidr-overlap"]);
        assert_eq!(
            f.severities.get("unreachable-service"),
            Some(&Severity::Error)
        );
        assert!(!f.severities.contains_key("cidr-overlap"));
        assert_eq!(f.dotted_edges_are_traffic, Some(true));
        assert_eq!(
            f.private_endpoint_kinds,
            Some(vec![Kind::Database, Kind::Database, Kind::Cache])
        );
        assert_eq!(f.kinds.len(), 3);
        assert_eq!(f.kinds[0].class.as_deref(), Some("dbStyle"));
        assert_eq!(f.kinds[2].kind, Kind::Queue);
    }

    #[test]
    fn an_empty_file_is_the_default() {
        let c = merge(Some(&parse("t", "").unwrap()), &CliOverrides::default());
        let d = LintConfig::default();
        assert_eq!(c.select, d.select);
        assert_eq!(c.ignore, d.ignore);
        assert_eq!(c.private_endpoint_kinds, d.private_endpoint_kinds);
        assert!(!c.dotted_edges_are_traffic);
    }

    #[test]
    fn unknown_keys_are_errors_with_a_position() {
        let e = error("[rules]\nselct = [\"cidr-overlap\"]\n");
        assert!(
            e.starts_with("topomaid.toml:2:1: unknown field `selct`"),
            "{e}"
        );
        let e = error("[model]\ndotted-edges-are-traffic = true\nfoo = 1\n");
        assert!(
            e.starts_with("topomaid.toml:3:1: unknown field `foo`"),
            "{e}"
        );
        let e = error("[rulez]\n");
        assert!(
            e.starts_with("topomaid.toml:1:2: unknown field `rulez`"),
            "{e}"
        );
        let e = error("[[kinds]]\nclass = \"x\"\nkind = \"cache\"\ncolour = \"red\"\n");
        assert!(
            e.starts_with("topomaid.toml:4:1: unknown field `colour`"),
            "{e}"
        );
    }

    #[test]
    fn unknown_rules_severities_and_kinds_are_errors_with_a_position() {
        assert_eq!(
            error("[rules]\nignore = [\"cidr-overlap\", \"cidr-overlapp\"]\n"),
            "topomaid.toml:2:27: no rule `cidr-overlapp`; did you mean `cidr-overlap`? (see `topomaid rules`)"
        );
        assert_eq!(
            error("[rules.severity]\n\"no-such\" = \"error\"\n"),
            "topomaid.toml:2:1: no rule `no-such` (see `topomaid rules`)"
        );
        assert_eq!(
            error("[rules.severity]\ncidr-overlap = \"fatal\"\n"),
            "topomaid.toml:2:16: no severity `fatal`; write `error`, `warning`, `info` or `off`"
        );
        let e = error("[model]\nprivate-endpoint-kinds = [\"databse\"]\n");
        assert!(
            e.starts_with("topomaid.toml:2:27: no kind `databse`"),
            "{e}"
        );
        let e = error("[[kinds]]\nkind = \"cache\"\n");
        assert!(
            e.starts_with("topomaid.toml:2:8: a `[[kinds]]` entry needs"),
            "{e}"
        );
        let e = error("[[kinds]]\nlabel-regex = \"(\"\nkind = \"cache\"\n");
        assert!(
            e.starts_with("topomaid.toml:2:15: invalid regular expression"),
            "{e}"
        );
        let e = error("[model]\ndotted-edges-are-traffic = \"yes\"\n");
        assert!(e.starts_with("topomaid.toml:2:28: invalid type"), "{e}");
    }

    #[test]
    fn the_command_line_wins() {
        let f = parse(
            "t",
            "[rules]\nselect = [\"cidr-overlap\"]\nignore = [\"isolated-node\"]\n\
             [rules.severity]\nunreachable-service = \"off\"\n",
        )
        .unwrap();
        let c = merge(
            Some(&f),
            &CliOverrides {
                select: vec!["unreachable-service".into(), "isolated-node".into()],
                ignore: vec!["cidr-host-bits".into()],
            },
        );
        assert!(c.is_enabled("unreachable-service"));
        assert!(c.is_enabled("isolated-node"));
        assert!(!c.is_enabled("cidr-overlap"));
        assert!(!c.is_enabled("cidr-host-bits"));
        let c = merge(Some(&f), &CliOverrides::default());
        assert!(c.is_enabled("cidr-overlap"));
        assert!(!c.is_enabled("unreachable-service"));
    }

    #[test]
    fn the_nearest_file_wins_and_is_cached_by_directory() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/config/nested");
        let mut r = ConfigResolver::new(None, CliOverrides::default()).unwrap();
        let outer = r
            .for_file(root.join("outer.mmd").to_str().unwrap())
            .unwrap();
        let inner = r
            .for_file(root.join("inner/inner.mmd").to_str().unwrap())
            .unwrap();
        assert!(!outer.is_enabled("isolated-node"));
        assert!(outer.is_enabled("unused-class"));
        assert!(inner.is_enabled("isolated-node"));
        assert!(!inner.is_enabled("unused-class"));
        let again = r
            .for_file(root.join("inner/other.mmd").to_str().unwrap())
            .unwrap();
        assert!(Arc::ptr_eq(&inner, &again));
    }
}
