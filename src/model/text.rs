//! Label text: Mermaid's sanitised label to plain text, and the normalised form the kind
//! heuristics match words against.

/// The label as plain text: `<br>` (any spelling) and a literal `\n` become line breaks, other
/// HTML tags are dropped, HTML entities (`&amp;`) and Mermaid's entity codes (`#quot;`,
/// `#9829;`) are decoded, and each line is trimmed.
pub fn plain_text(label: &str) -> String {
    let special = |b: &u8| matches!(b, b'<' | b'\\' | b'&' | b'#' | b'\n' | b'\r');
    if !label.as_bytes().iter().any(special) {
        return label.trim().to_string();
    }
    let bytes = label.as_bytes();
    let mut out = String::with_capacity(label.len());
    let mut i = 0;
    while i < bytes.len() {
        let run_end = bytes[i..]
            .iter()
            .position(special)
            .map_or(bytes.len(), |p| i + p);
        if run_end > i {
            // Special bytes are ASCII, so `i` and `run_end` are character boundaries.
            push_text(&mut out, &label[i..run_end]);
            i = run_end;
            continue;
        }
        let rest = &label[i..];
        match bytes[i] {
            b'<' => {
                if let Some(end) = rest.find('>') {
                    let inner = &rest[1..end];
                    let name = inner.trim().trim_end_matches('/').trim();
                    if name.eq_ignore_ascii_case("br") {
                        push_break(&mut out);
                        i += end + 1;
                        continue;
                    }
                    if inner
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/')
                    {
                        i += end + 1;
                        continue;
                    }
                }
            }
            b'\\' if rest[1..].starts_with('n') => {
                push_break(&mut out);
                i += 2;
                continue;
            }
            b'\n' => {
                push_break(&mut out);
                i += 1;
                continue;
            }
            b'&' | b'#' => {
                if let Some((decoded, len)) = entity(rest) {
                    push_char(&mut out, decoded);
                    i += len;
                    continue;
                }
            }
            _ => {}
        }
        push_char(&mut out, char::from(bytes[i]));
        i += 1;
    }
    let end = out.trim_end().len();
    out.truncate(end);
    out
}

/// Appends ordinary text, dropping its leading whitespace at the start of a line.
fn push_text(out: &mut String, s: &str) {
    if out.is_empty() || out.ends_with('\n') {
        out.push_str(s.trim_start());
    } else {
        out.push_str(s);
    }
}

/// Ends the current line of `out` (trimming its trailing whitespace) with a line break.
fn push_break(out: &mut String) {
    let end = out
        .trim_end_matches(|c: char| c != '\n' && c.is_whitespace())
        .len();
    out.truncate(end);
    if !out.is_empty() {
        out.push('\n');
    }
}

/// Appends `c`, dropping whitespace at the start of the text or of a line (and `\r`, which
/// `str::lines` would drop before a line break).
fn push_char(out: &mut String, c: char) {
    if c.is_whitespace() && (out.is_empty() || out.ends_with('\n')) {
        return;
    }
    out.push(c);
}

/// Decodes an entity at the start of `s` (`&name;`, `&#N;`, `&#xH;`, or Mermaid's `#name;`,
/// `#N;`), returning the character and the length read.
fn entity(s: &str) -> Option<(char, usize)> {
    let semi = s.char_indices().take(12).find(|&(_, c)| c == ';')?.0;
    let body = &s[1..semi];
    let decoded = match (s.as_bytes()[0], body.strip_prefix('#')) {
        (b'&', Some(num)) => numeric(num)?,
        (b'#', _) if !body.is_empty() && body.bytes().all(|b| b.is_ascii_digit()) => {
            char::from_u32(body.parse().ok()?)?
        }
        _ => named(body)?,
    };
    Some((decoded, semi + 1))
}

fn numeric(num: &str) -> Option<char> {
    let value = if let Some(hex) = num.strip_prefix(['x', 'X']) {
        u32::from_str_radix(hex, 16).ok()?
    } else {
        num.parse().ok()?
    };
    char::from_u32(value)
}

fn named(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "middot" => '·',
        "bull" => '•',
        "rarr" => '→',
        "larr" => '←',
        "colon" => ':',
        "semi" => ';',
        "num" => '#',
        _ => return None,
    })
}

/// Text prepared for word matching: lower case, every character that is neither a letter nor a
/// digit becomes a space, runs of spaces collapse, with one leading and one trailing space so
/// that ` word ` finds whole words.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// The first occurrence of `needle` in `hay` at or after `from`; for the short texts of labels
/// a vectorised search for one byte beats setting up `str::find`'s two-way searcher.
pub fn find(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    if h.len() < n.len() || from > h.len() - n.len() {
        return None;
    }
    // Phrases start with a space, so the second byte is the one to look for.
    let k = usize::from(n.len() > 1);
    let last_start = h.len() - n.len();
    let mut i = from;
    while i <= last_start {
        i += memchr::memchr(n[k], &h[i + k..=last_start + k])?;
        if h[i] == first && h[i..i + n.len()] == *n {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The first occurrence of `needle` (in lower case) in `hay` at or after `from`, ignoring ASCII
/// case.
pub fn find_ignore_ascii_case(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let first = *n.first()?;
    if h.len() < n.len() || from > h.len() - n.len() {
        return None;
    }
    let last_start = h.len() - n.len();
    let mut i = from;
    while i <= last_start {
        i += memchr::memchr2(first, first.to_ascii_uppercase(), &h[i..=last_start])?;
        if h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Whether normalised text contains `phrase` (a normalised phrase such as `" node pool "`);
/// cheaper than `str::contains` for the short texts of labels.
pub fn has_phrase(norm: &str, phrase: &str) -> bool {
    phrase.is_empty() || find(norm, phrase, 0).is_some()
}

/// A node id as words, for nodes without a label: `_` and `-` separate words, and so does a
/// change from a lower-case letter to an upper-case one (`RedisCache` → `Redis Cache`).
pub fn id_words(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 4);
    let mut prev_lower = false;
    for c in id.chars() {
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        out.push(if c == '_' || c == '-' { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_tags_and_entities() {
        assert_eq!(plain_text("🐘 PostgreSQL<br>Pod"), "🐘 PostgreSQL\nPod");
        assert_eq!(plain_text("a<br/>b<BR />c"), "a\nb\nc");
        assert_eq!(
            plain_text("실사용자\\n1만~10만 명"),
            "실사용자\n1만~10만 명"
        );
        assert_eq!(
            plain_text("<b>bold</b> &amp; #quot;q#quot; #9829;"),
            "bold & \"q\" ♥"
        );
        assert_eq!(plain_text("Azure #1 choice"), "Azure #1 choice");
        assert_eq!(plain_text("a < b > c"), "a < b > c");
    }

    #[test]
    fn normalises_for_word_matching() {
        assert_eq!(
            normalise("Azure Front-Door + CDN"),
            " azure front door cdn "
        );
        assert_eq!(
            normalise("tripgen-dev-sb.servicebus.windows.net"),
            " tripgen dev sb servicebus windows net "
        );
        assert_eq!(normalise("🔐 사용자<br>"), " 사용자 br ");
    }

    /// The first, straightforward version of `plain_text`, kept to check the fast one against.
    fn plain_text_reference(label: &str) -> String {
        let mut out = String::new();
        let mut rest = label;
        while let Some(c) = rest.chars().next() {
            if c == '<'
                && let Some(end) = rest.find('>')
            {
                let tag = rest[1..end].trim().to_ascii_lowercase();
                if tag.trim_end_matches('/').trim() == "br" {
                    out.push('\n');
                    rest = &rest[end + 1..];
                    continue;
                }
                if rest[1..end]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '/')
                {
                    rest = &rest[end + 1..];
                    continue;
                }
            }
            if c == '\\' && rest[1..].starts_with('n') {
                out.push('\n');
                rest = &rest[2..];
                continue;
            }
            if (c == '&' || c == '#')
                && let Some((decoded, len)) = entity(rest)
            {
                out.push(decoded);
                rest = &rest[len..];
                continue;
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        out.lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    proptest::proptest! {
        #[test]
        fn plain_text_agrees_with_reference(label in "([ \t\r\n\\\\a-zA-Z#&;<>/]|<br>|<br/>|&amp;|#quot;|\\\\n|\u{a0}|\u{3000}|한|🐘){0,24}") {
            proptest::prop_assert_eq!(plain_text(&label), plain_text_reference(&label));
        }

        #[test]
        fn find_ignore_ascii_case_is_find_in_lower(hay in "[ aAbB한]{0,12}", needle in "[ ab한]{1,4}", from in 0usize..14) {
            let lower = hay.to_ascii_lowercase();
            let expected = if from <= hay.len() && hay.is_char_boundary(from) {
                lower[from..].find(&needle).map(|i| i + from)
            } else {
                None
            };
            if hay.is_char_boundary(from.min(hay.len())) {
                proptest::prop_assert_eq!(find_ignore_ascii_case(&hay, &needle, from), expected);
            }
        }

        #[test]
        fn find_is_str_find(hay in "[ abB한]{0,12}", needle in "[ ab한]{1,4}", from in 0usize..14) {
            if from <= hay.len() && hay.is_char_boundary(from) {
                let expected = hay[from..].find(&needle).map(|i| i + from);
                proptest::prop_assert_eq!(find(&hay, &needle, from), expected);
            }
        }

        #[test]
        fn has_phrase_is_contains(norm in "[ ab]{0,12}", phrase in "[ ab]{0,4}") {
            proptest::prop_assert_eq!(has_phrase(&norm, &phrase), norm.contains(&phrase));
        }
    }

    #[test]
    fn splits_ids_into_words() {
        assert_eq!(id_words("RedisCache"), "Redis Cache");
        assert_eq!(id_words("pg_primary-1"), "pg primary 1");
    }
}
