//! Label text: Mermaid's sanitised label to plain text, and the normalised form the kind
//! heuristics match words against.

/// The label as plain text: `<br>` (any spelling) and a literal `\n` become line breaks, other
/// HTML tags are dropped, HTML entities (`&amp;`) and Mermaid's entity codes (`#quot;`,
/// `#9829;`) are decoded, and each line is trimmed.
pub fn plain_text(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut rest = label;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            {
                let tag = rest[1..end].trim().to_ascii_lowercase();
                let name = tag.trim_end_matches('/').trim();
                if name == "br" {
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
        if c.is_alphanumeric() {
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

    #[test]
    fn splits_ids_into_words() {
        assert_eq!(id_words("RedisCache"), "Redis Cache");
        assert_eq!(id_words("pg_primary-1"), "pg primary 1");
    }
}
