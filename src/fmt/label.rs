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

/// The label as written between brackets or pipes, or `None` when no spelling of ours reads
/// back as the same label (the caller then keeps the source as it was).
pub(crate) fn spelled(label: &Label) -> Option<String> {
    let text = trimmed(&label.text);
    match label.kind {
        LabelKind::Markdown => {
            (!text.is_empty() && !text.contains(['`', '"'])).then(|| format!("\"`{text}`\""))
        }
        LabelKind::Text | LabelKind::String => {
            if text.is_empty() {
                quoted(&label.text)
            } else if bare_ok(text) {
                Some(text.to_string())
            } else {
                quoted(text)
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

    #[test]
    fn plain_words_lose_their_quotes() {
        let l = label("Web server 1", LabelKind::String);
        assert_eq!(spelled(&l).as_deref(), Some("Web server 1"));
        let l = label("  사용자 DB  ", LabelKind::Text);
        assert_eq!(spelled(&l).as_deref(), Some("사용자 DB"));
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
