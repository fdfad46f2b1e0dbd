//! `str::trim` for the parser's hot paths: arrows and link spans are ASCII around their
//! blanks, so a byte loop decides; anything else falls back to the standard library.

/// ASCII characters that `char::is_whitespace` accepts: tab, line feed, vertical tab, form
/// feed, carriage return (9 to 13) and space.
fn is_ascii_blank(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// How many bytes `text.trim_start()` and `text.trim_end()` remove, in that order.
pub fn blank_lens(text: &str) -> (usize, usize) {
    let b = text.as_bytes();
    let mut lead = 0;
    while lead < b.len() && is_ascii_blank(b[lead]) {
        lead += 1;
    }
    if lead == b.len() {
        return (lead, lead);
    }
    if b[lead] >= 0x80 {
        lead = text.len() - text.trim_start().len();
        if lead == b.len() {
            return (lead, lead);
        }
    }
    let mut trail = 0;
    while is_ascii_blank(b[b.len() - 1 - trail]) {
        trail += 1;
    }
    if b[b.len() - 1 - trail] >= 0x80 {
        trail = text.len() - text.trim_end().len();
    }
    (lead, trail)
}

/// `text.trim()`.
pub fn trim(text: &str) -> &str {
    let (lead, trail) = blank_lens(text);
    if lead == text.len() {
        return "";
    }
    &text[lead..text.len() - trail]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn std_lens(text: &str) -> (usize, usize) {
        (
            text.len() - text.trim_start().len(),
            text.len() - text.trim_end().len(),
        )
    }

    #[test]
    fn ascii_and_unicode_blanks() {
        assert_eq!(blank_lens(" --> "), (1, 1));
        assert_eq!(blank_lens("-->"), (0, 0));
        assert_eq!(blank_lens("  \t\n"), (4, 4));
        assert_eq!(blank_lens(""), (0, 0));
        assert_eq!(
            blank_lens("\u{A0} a \u{3000}"),
            std_lens("\u{A0} a \u{3000}")
        );
        assert_eq!(blank_lens(" é "), (1, 1));
        assert_eq!(trim(" \u{2003}x\u{85} "), "x");
        assert_eq!(trim(" \u{2003} "), "");
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_trim(text in "[ \t\n\r\u{0B}\u{0C}\u{85}\u{A0}\u{2003}\u{3000}a.é>-]{0,12}") {
            prop_assert_eq!(blank_lens(&text), std_lens(&text));
            prop_assert_eq!(trim(&text), text.trim());
        }

        #[test]
        fn agrees_on_any_text(text in any::<String>()) {
            prop_assert_eq!(blank_lens(&text), std_lens(&text));
            prop_assert_eq!(trim(&text), text.trim());
        }
    }
}
