//! topomaid's own comments, which keep the file valid Mermaid:
//!
//! - `%% topomaid: kind ID[,ID…] KIND` sets the kind of nodes (or of every node of a zone).
//! - `%% topomaid-ignore RULE[,RULE…]: reason` suppresses those rules on the next line that is
//!   not a comment; the reason is required.

use serde::Serialize;

use super::kind::Kind;
use super::provider::Provider;
use crate::source::Span;
use crate::syntax::ast::Comment;

/// A `%% topomaid: kind` directive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KindDirective {
    /// The node or zone ids it names.
    pub ids: Vec<String>,
    /// The kind it sets.
    pub kind: Kind,
    /// The comment.
    pub span: Span,
}

/// A `%% topomaid-ignore` comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// The rule ids it suppresses.
    pub rules: Vec<String>,
    /// Why.
    pub reason: String,
    /// The comment.
    pub span: Span,
}

/// A topomaid comment that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectiveProblem {
    /// What is wrong.
    pub message: String,
    /// How to write it.
    pub help: String,
    /// The comment.
    pub span: Span,
}

/// `%% topomaid: provider ZONE[,ZONE…] PROVIDER`: the provider of some zones, when a diagram
/// draws several clouds (an AWS VPC and an Azure VNet joined by a VPN).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProviderDirective {
    /// The zone ids it names.
    pub ids: Vec<String>,
    /// The provider.
    pub provider: Provider,
    /// The comment.
    pub span: Span,
}

/// Everything topomaid reads from comments.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Directives {
    /// Kind directives, in source order.
    pub kinds: Vec<KindDirective>,
    /// Provider directives, in source order.
    pub providers: Vec<ProviderDirective>,
    /// Suppressions, in source order.
    pub suppressions: Vec<Suppression>,
    /// Comments that start like a topomaid comment but could not be read.
    pub problems: Vec<DirectiveProblem>,
}

/// Reads the topomaid comments among `comments`.
pub fn read(comments: &[Comment]) -> Directives {
    let mut out = Directives::default();
    for c in comments {
        let text = c.text.as_str().trim();
        if let Some(rest) = text.strip_prefix("topomaid-ignore") {
            suppression(rest, c.span, &mut out);
        } else if let Some(rest) = text.strip_prefix("topomaid:") {
            directive(rest, c.span, &mut out);
        } else if text.starts_with("topomaid") {
            out.problems.push(DirectiveProblem {
                message: format!("unknown topomaid comment `{text}`"),
                help: "write `%% topomaid: kind ID KIND` or `%% topomaid-ignore RULE: reason`"
                    .into(),
                span: c.span,
            });
        }
    }
    out
}

fn suppression(rest: &str, span: Span, out: &mut Directives) {
    let help = "write `%% topomaid-ignore RULE: reason`, for example `%% topomaid-ignore \
                unreachable-service: decommissioned next sprint`";
    let Some((rules, reason)) = rest.split_once(':') else {
        out.problems.push(DirectiveProblem {
            message: "a suppression needs a reason after `:`".into(),
            help: help.into(),
            span,
        });
        return;
    };
    let rules: Vec<String> = rules
        .split([',', ' '])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    if rules.is_empty() {
        out.problems.push(DirectiveProblem {
            message: "a suppression must name the rules it suppresses".into(),
            help: help.into(),
            span,
        });
        return;
    }
    if reason.trim().is_empty() {
        out.problems.push(DirectiveProblem {
            message: "a suppression needs a reason after `:`".into(),
            help: help.into(),
            span,
        });
        return;
    }
    out.suppressions.push(Suppression {
        rules,
        reason: reason.trim().to_string(),
        span,
    });
}

fn directive(rest: &str, span: Span, out: &mut Directives) {
    let words: Vec<&str> = rest.split_whitespace().collect();
    let help = format!(
        "write `%% topomaid: kind ID[,ID…] KIND`, where KIND is one of {}; or `%% topomaid: \
         provider ZONE[,ZONE…] azure|aws|gcp|on-premises`",
        super::kind::ALL_KINDS
            .iter()
            .map(|k| k.name())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let ids_of = |ids: &str| -> Vec<String> {
        ids.split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    match words.as_slice() {
        ["provider", ids, name] => match Provider::parse(name) {
            Some(provider) => out.providers.push(ProviderDirective {
                ids: ids_of(ids),
                provider,
                span,
            }),
            None => out.problems.push(DirectiveProblem {
                message: format!("unknown provider `{name}`"),
                help: "write `azure`, `aws`, `gcp` or `on-premises`".into(),
                span,
            }),
        },
        ["kind", ids, kind] => match Kind::parse(kind) {
            Some(kind) => out.kinds.push(KindDirective {
                ids: ids_of(ids),
                kind,
                span,
            }),
            None => out.problems.push(DirectiveProblem {
                message: format!("unknown kind `{kind}`"),
                help: help.clone(),
                span,
            }),
        },
        _ => out.problems.push(DirectiveProblem {
            message: format!("cannot read the topomaid directive `{}`", rest.trim()),
            help: help.clone(),
            span,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(text: &str) -> Comment {
        Comment {
            text: text.into(),
            span: Span::new(0, text.len()),
        }
    }

    #[test]
    fn reads_directives_and_suppressions() {
        let d = read(&[
            comment(" topomaid: kind PGPrimary,PGReplica database"),
            comment(" topomaid-ignore unreachable-service, isolated-node: legacy box"),
            comment(" topomaid-ignore cidr-overlap"),
            comment(" topomaid: kind X teapot"),
            comment(" 운영환경 네트워크"),
        ]);
        assert_eq!(d.kinds.len(), 1);
        assert_eq!(d.kinds[0].ids, ["PGPrimary", "PGReplica"]);
        assert_eq!(d.kinds[0].kind, Kind::Database);
        assert_eq!(d.suppressions.len(), 1);
        assert_eq!(
            d.suppressions[0].rules,
            ["unreachable-service", "isolated-node"]
        );
        assert_eq!(d.suppressions[0].reason, "legacy box");
        assert_eq!(d.problems.len(), 2);
    }
}
