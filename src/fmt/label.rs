//! How a label is spelled: bare where Mermaid's lexer reads the text back unchanged, in quotes
//! where it would not, in `` "`…`" `` when it is Markdown.

use crate::syntax::ast::{Label, LabelKind};
use crate::syntax::lexer::is_js_space;

/// The text as Mermaid keeps it: surrounding whitespace does not count (`FlowDB` trims labels).
pub(crate) fn trimmed(text: &str) -> &str {
    text.trim_matches(is_js_space)
}

/// Whether `text` reads back as the same text when written bare between brackets or pipes.
///
/// Inside a label the lexer ends bare text at any bracket, parenthesis, brace, pipe or quote,
/// reads `~~~` as a link, and takes a leading `-`, `/` or `\` (after `(` or `[`) or a trailing
/// one (before `)` or `]`) as part of another shape's bracket. Tabs, line breaks and backticks
/// are kept in quotes so that the label stays on one line and is never mistaken for Markdown.
pub(crate) fn bare_ok(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    let last = text.chars().next_back().unwrap_or(first);
    let ends_ok = |c: char| !matches!(c, '-' | '/' | '\\' | '>' | '<' | '.' | '=' | '?' | ':');
    trimmed(text) == text
        && ends_ok(first)
        && ends_ok(last)
        && !text.contains("~~")
        && !text.contains("%%")
        && text.chars().all(|c| {
            !c.is_control()
                && !matches!(
                    c,
                    '[' | ']'
                        | '('
                        | ')'
                        | '{'
                        | '}'
                        | '|'
                        | '"'
                        | '`'
                        | '@'
                        | '\u{2028}'
                        | '\u{2029}'
                )
                && (c == ' ' || !is_js_space(c))
        })
}

/// When `fmt` writes a label in quotes (`quote-style` in `topomaid.toml`). Whatever the style, a
/// label that would not read back bare is quoted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum QuoteStyle {
    /// Keep the quotes the author wrote, add none (the default): a quoted label stays quoted,
    /// so that adding "(Secondary Region)" to it later does not break the diagram.
    #[default]
    Preserve,
    /// Quotes only where they are needed.
    Minimal,
    /// Quotes around every label that is not a plain word (letters, digits, `_`).
    Always,
}

impl QuoteStyle {
    /// The style named `name` in the configuration.
    pub fn parse(name: &str) -> Option<QuoteStyle> {
        match name {
            "preserve" => Some(QuoteStyle::Preserve),
            "minimal" => Some(QuoteStyle::Minimal),
            "always" => Some(QuoteStyle::Always),
            _ => None,
        }
    }
}

/// Whether `text` is one plain word: letters, digits and `_` only.
fn plain_word(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// The label as written between brackets or pipes, or `None` when no spelling of ours reads
/// back as the same label (the caller then keeps the source as it was).
pub(crate) fn spelled(label: &Label, style: QuoteStyle) -> Option<String> {
    let text = trimmed(&label.text);
    match label.kind {
        LabelKind::Markdown => {
            (!text.is_empty() && !text.contains(['`', '"'])).then(|| format!("\"`{text}`\""))
        }
        LabelKind::Text | LabelKind::String => {
            let wants_quotes = match style {
                QuoteStyle::Minimal => false,
                QuoteStyle::Preserve => label.kind == LabelKind::String,
                QuoteStyle::Always => !plain_word(text),
            };
            if text.is_empty() {
                quoted(&label.text)
            } else if bare_ok(text) && !wants_quotes {
                Some(text.to_string())
            } else {
                quoted(text).or_else(|| bare_ok(text).then(|| text.to_string()))
            }
        }
    }
}

/// `"text"`, when a string can hold it: no `"` inside, no leading backtick (which would make it
/// Markdown), not empty.
pub(crate) fn quoted(text: &str) -> Option<String> {
    (!text.is_empty() && !text.contains('"') && !text.starts_with('`'))
        .then(|| format!("\"{text}\""))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn label(text: &str, kind: LabelKind) -> Label {
        Label {
            text: text.into(),
            kind,
            span: Span::new(0, 0),
        }
    }

    /// The label with the default style.
    fn spelled(l: &Label) -> Option<String> {
        super::spelled(l, QuoteStyle::Preserve)
    }

    #[test]
    fn minimal_drops_quotes_preserve_keeps_them() {
        let l = label("Web server 1", LabelKind::String);
        assert_eq!(
            super::spelled(&l, QuoteStyle::Minimal).as_deref(),
            Some("Web server 1")
        );
        assert_eq!(spelled(&l).as_deref(), Some("\"Web server 1\""));
        let l = label("  사용자 DB  ", LabelKind::Text);
        assert_eq!(spelled(&l).as_deref(), Some("사용자 DB"));
        let l = label("🔀 LoadBalancer", LabelKind::String);
        assert_eq!(spelled(&l).as_deref(), Some("\"🔀 LoadBalancer\""));
    }

    #[test]
    fn always_quotes_all_but_plain_words() {
        let always = |text: &str| super::spelled(&label(text, LabelKind::Text), QuoteStyle::Always);
        assert_eq!(always("Gateway").as_deref(), Some("Gateway"));
        assert_eq!(always("DB_1").as_deref(), Some("DB_1"));
        assert_eq!(always("Web server").as_deref(), Some("\"Web server\""));
        assert_eq!(always("10.0.0.0/16").as_deref(), Some("\"10.0.0.0/16\""));
        assert_eq!(QuoteStyle::parse("always"), Some(QuoteStyle::Always));
        assert_eq!(QuoteStyle::parse("sometimes"), None);
    }

    #[test]
    fn brackets_and_pipes_keep_or_get_quotes() {
        for text in [
            "a (b)",
            "x|y",
            "[z]",
            "{w}",
            "a ~~~ b",
            "-lead",
            "trail/",
            "two\nlines",
        ] {
            let l = label(text, LabelKind::Text);
            assert_eq!(spelled(&l), Some(format!("\"{text}\"")), "{text:?}");
        }
    }

    #[test]
    fn markdown_is_always_backticked() {
        let l = label("**bold**", LabelKind::Markdown);
        assert_eq!(spelled(&l).as_deref(), Some("\"`**bold**`\""));
    }

    #[test]
    fn unspellable_labels_are_none() {
        assert_eq!(spelled(&label("`tick", LabelKind::Text)), None);
        assert_eq!(spelled(&label("a`b", LabelKind::Markdown)), None);
    }

    #[test]
    fn blank_labels_stay_quoted_as_they_were() {
        assert_eq!(
            spelled(&label(" ", LabelKind::String)).as_deref(),
            Some("\" \"")
        );
    }
}
